/*
 * `mingjing material`: parse a 对照检查材料 and print its outline or JSON tree,
 * or render it to another format. One table of subcommands (material_cmds);
 * adding one is one row. The work is done by core/material.h; this file only
 * reads files, prints and writes.
 */
#include "cli/cmd_material.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/material.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/utf8.h"

#define MAX_AREAS 64

typedef struct {
	char *data;              /* the areas file, split in place */
	const char *areas[MAX_AREAS];
	size_t n;
} area_list;

/* Reads one area per line (blank lines skipped). Returns 0 or an error;
 * the caller frees l->data. */
static int areas_load(area_list *l, const char *path)
{
	size_t len = 0;
	int rc = mj_file_read(path, 1 << 20, &l->data, &len);
	if (rc)
		return rc;
	char *p = l->data;
	while (*p) {
		char *e = p;
		while (*e && *e != '\n' && *e != '\r')
			e++;
		int last = *e == 0;
		*e = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p) {
			if (l->n == MAX_AREAS)
				return mj_error_set(MJ_ETOOBIG, "对照方面过多（最多 %d 个）", MAX_AREAS);
			l->areas[l->n++] = p;
		}
		if (last)
			break;
		p = e + 1;
	}
	return 0;
}

/* Reads and parses path. Returns 0 or an error; the caller frees *out. */
static int load(mj_material **out, const char *path, const area_list *areas)
{
	char *data = NULL;
	size_t len = 0;
	int rc = mj_file_read(path, MJ_MATERIAL_MAX_FILE, &data, &len);
	if (rc == MJ_ETOOBIG)
		rc = mj_error_set(MJ_ETOOBIG, "文件 %s 过大（超过 %u MB），不像一份对照检查材料，已拒绝",
				  path, MJ_MATERIAL_MAX_FILE / (1024 * 1024));
	if (rc)
		goto cleanup;
	mj_material_opts opts = {areas ? areas->areas : NULL, areas ? areas->n : 0};
	rc = mj_material_parse(out, data, len, &opts);
	/* self-check: nothing of the text may be lost (docx: see the tests) */
	if (!rc && (*out)->format != MJ_DOC_DOCX && mj_material_check_lossless(*out, data, len) != 0)
		fprintf(stderr, "警告：%s\n", mj_error_msg());
cleanup:
	free(data);
	return rc;
}

/* Prints the parse warnings (U+FFFD count, unplaced lines, noise, no
 * sections) on stderr. */
static void warn(const mj_material *m, const char *path)
{
	if (m->replaced)
		fprintf(stderr, "警告：%s 含有 %zu 处无效的 UTF-8 字节，已替换为 U+FFFD（�）\n",
			path, m->replaced);
	for (size_t i = 0; i < m->nunplaced; i++)
		fprintf(stderr, "警告：第 %d 行无法归入材料结构（%s）：%s\n", m->unplaced[i].line,
			m->unplaced[i].reason, m->unplaced[i].text);
	if (m->nnoise)
		fprintf(stderr, "提示：已略去 %zu 行版面内容（页码、目录）\n", m->nnoise);
	if (m->nsections == 0)
		fprintf(stderr, "警告：未识别出任何章节（如“一、”“二、”），该文件可能不是对照检查材料\n");
}

/* Prints s cut to at most max characters, with "…" when cut. */
static void put_short(FILE *f, const char *s, size_t max)
{
	size_t i = 0, chars = 0, n = strlen(s);
	while (i < n && chars < max) {
		uint32_t cp;
		size_t k = mj_utf8_decode(s + i, n - i, &cp);
		i += k ? k : 1;
		chars++;
	}
	fwrite(s, 1, i, f);
	if (i < n)
		fputs("…", f);
}

/* Prints the outline: title, sections with kind and item count,
 * subsections with matched area, item headlines. */
static void outline(FILE *f, const mj_material *m)
{
	fprintf(f, "标题：%s\n", m->title ? m->title : "（无）");
	fprintf(f, "开头：%zu 段\n", m->nopening);
	for (size_t s = 0; s < m->nsections; s++) {
		const mj_doc_section *sec = &m->sections[s];
		fputs(sec->marker, f);
		put_short(f, sec->heading, 40);
		fprintf(f, "  [%s/%s] 条目 %zu\n", mj_section_kind_name(sec->kind),
			mj_section_kind_label(sec->kind), mj_doc_section_items(sec));
		for (size_t k = 0; k < sec->nblocks; k++)
			if (sec->blocks[k].type == MJ_BLOCK_ITEM)
			{
				fprintf(f, "    %s", sec->blocks[k].marker);
				put_short(f, sec->blocks[k].headline, 50);
				fputc('\n', f);
			}
		for (size_t u = 0; u < sec->nsubs; u++) {
			const mj_doc_subsection *sub = &sec->subs[u];
			size_t items = 0;
			for (size_t k = 0; k < sub->nblocks; k++)
				items += sub->blocks[k].type == MJ_BLOCK_ITEM;
			fprintf(f, "  %s", sub->marker);
			put_short(f, sub->heading, 40);
			if (sub->area_index >= 0)
				fprintf(f, "  [对照方面 %d]", sub->area_index + 1);
			fprintf(f, " 条目 %zu\n", items);
			for (size_t k = 0; k < sub->nblocks; k++)
				if (sub->blocks[k].type == MJ_BLOCK_ITEM) {
					fprintf(f, "    %s", *sub->blocks[k].marker ? sub->blocks[k].marker : "· ");
					put_short(f, sub->blocks[k].headline, 50);
					fputc('\n', f);
				}
		}
	}
}

/* `material parse FILE [--json] [--areas FILE]`. Returns 0 or an error. */
static int material_parse(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	mj_material *m = NULL;
	area_list areas = {0};
	mj_buf out = MJ_BUF_INIT;
	int json = mj_flag(&argc, argv, "--json") || cli->json;
	const char *areas_path = mj_opt(&argc, argv, "--areas", &rc);
	if (rc || (rc = mj_args_done(argc, argv)))
		goto cleanup;
	if (argc != 1) {
		rc = mj_error_set(MJ_EUSAGE, "用法：mingjing material parse 文件 [--json] [--areas 文件]");
		goto cleanup;
	}
	if (areas_path && (rc = areas_load(&areas, areas_path)))
		goto cleanup;
	if ((rc = load(&m, argv[0], &areas)))
		goto cleanup;
	warn(m, argv[0]);
	if (json) {
		if ((rc = mj_material_to_json(&out, m, 0)))
			goto cleanup;
		fputs(mj_buf_cstr(&out), cli->out);
	} else {
		outline(cli->out, m);
	}
cleanup:
	mj_buf_free(&out);
	mj_material_free(m);
	free(areas.data);
	return rc;
}

/* `material render FILE --to FMT [-o OUT]`, written atomically. Returns 0
 * or an error. */
static int material_render(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	mj_material *m = NULL;
	mj_buf out = MJ_BUF_INIT;
	const char *to = mj_opt(&argc, argv, "--to", &rc);
	const char *dest = rc ? NULL : mj_opt(&argc, argv, "-o", &rc);
	if (!rc && !dest)
		dest = mj_opt(&argc, argv, "--output", &rc);
	if (rc || (rc = mj_args_done(argc, argv)))
		goto cleanup;
	if (argc != 1 || !to) {
		rc = mj_error_set(MJ_EUSAGE, "用法：mingjing material render 文件 --to md|txt|html|docx [-o 输出文件]");
		goto cleanup;
	}
	mj_doc_format fmt;
	if (strcmp(to, "md") == 0)
		fmt = MJ_DOC_MD;
	else if (strcmp(to, "txt") == 0)
		fmt = MJ_DOC_TXT;
	else if (strcmp(to, "html") == 0)
		fmt = MJ_DOC_HTML;
	else if (strcmp(to, "docx") == 0)
		fmt = MJ_DOC_DOCX;
	else {
		rc = mj_error_set(MJ_EUSAGE, "不支持的输出格式“%s”（可选 md、txt、html、docx）", to);
		goto cleanup;
	}
	if (fmt == MJ_DOC_DOCX && (!dest || strcmp(dest, "-") == 0)) {
		rc = mj_error_set(MJ_EUSAGE, "输出 docx 时必须用 -o 指定输出文件");
		goto cleanup;
	}
	if ((rc = load(&m, argv[0], NULL)))
		goto cleanup;
	warn(m, argv[0]);
	if ((rc = mj_material_render(&out, m, fmt)))
		goto cleanup;
	rc = mj_file_write(dest ? dest : "-", out.ptr ? out.ptr : "", out.len);
cleanup:
	mj_buf_free(&out);
	mj_material_free(m);
	return rc;
}

static const struct {
	const char *name;
	mj_cmd_fn fn;
} material_cmds[] = {
	{"parse", material_parse},
	{"render", material_render},
	{"add", mj_material_cmd_add},
	{"list", mj_material_cmd_list},
	{"show", mj_material_cmd_show},
	{"diff", mj_material_cmd_diff},
	{"submit", mj_material_cmd_submit},
	{"return", mj_material_cmd_return},
	{"approve", mj_material_cmd_approve},
	{"to-ledger", mj_material_cmd_to_ledger},
	{"draft", mj_material_cmd_draft},
};

int mj_cmd_material(mj_cli *cli, int argc, char **argv)
{
	if (argc < 1)
		return mj_error_set(MJ_EUSAGE, "缺少子命令\n%s", MJ_MATERIAL_USAGE);
	for (size_t i = 0; i < sizeof material_cmds / sizeof material_cmds[0]; i++)
		if (strcmp(argv[0], material_cmds[i].name) == 0)
			return material_cmds[i].fn(cli, argc - 1, argv + 1);
	return mj_error_set(MJ_EUSAGE, "未知的子命令“%s”\n%s", argv[0], MJ_MATERIAL_USAGE);
}
