/*
 * The generic record commands: `mingjing <entity> add|list|show|update|delete`
 * for every concept of the model (core/model.h). Options are the entity's
 * field names (--team-id 3, --planned-date 2026-12-20 ...); values are
 * validated by the store against the model, so limits and messages are the
 * same as on the web.
 */
#include "cli/cmd_entity.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/err.h"
#include "util/utf8.h"

#define MAX_LIST 10000

/* "--planned-date" -> "planned_date" into out; 0 when not an option. */
static int opt_to_field(const char *arg, char *out, size_t n)
{
	if (strncmp(arg, "--", 2) != 0 || !arg[2])
		return 0;
	size_t i = 0;
	for (const char *c = arg + 2; *c && *c != '=' && i < n - 1; c++)
		out[i++] = *c == '-' ? '_' : *c;
	out[i] = 0;
	return 1;
}

/* Collects --field value pairs of entity e from argv into a JSON object of
 * strings; an empty value becomes null (clear). Unknown options are errors,
 * except those named in `extra` (NULL-terminated), which are left alone. */
int mj_cli_fields(const struct mj_entity *e, int argc, char **argv, json_t **out, int *rest_argc,
		  char **rest)
{
	json_t *vals = json_object();
	int nrest = 0;
	for (int i = 0; i < argc; i++) {
		char name[64];
		if (!opt_to_field(argv[i], name, sizeof name)) {
			rest[nrest++] = argv[i];
			continue;
		}
		const char *eq = strchr(argv[i], '=');
		const char *v;
		if (eq)
			v = eq + 1;
		else if (i + 1 < argc)
			v = argv[++i];
		else {
			json_decref(vals);
			return mj_error_set(MJ_EUSAGE, "选项 %s 需要一个值", argv[i]);
		}
		/* --team 3 is accepted for --team-id 3 */
		if (!mj_entity_field(e, name) && strlen(name) + 4 < sizeof name) {
			char with_id[72];
			snprintf(with_id, sizeof with_id, "%s_id", name);
			if (mj_entity_field(e, with_id))
				memcpy(name, with_id, strlen(with_id) + 1);
		}
		if (!mj_entity_field(e, name) && strcmp(name, "limit") != 0 && strcmp(name, "offset") != 0) {
			json_decref(vals);
			return mj_error_set(MJ_EUSAGE, "%s没有选项 %s（用 --help 查看可用字段）", e->label, argv[i]);
		}
		json_object_set_new(vals, name, *v ? json_string(v) : json_null());
	}
	*rest_argc = nrest;
	*out = vals;
	return 0;
}

static int parse_id(const char *s, long long *id)
{
	char *end;
	if (!s)
		return mj_error_set(MJ_EUSAGE, "缺少记录编号");
	long long v = strtoll(s, &end, 10);
	if (*end || v <= 0 || strlen(s) > 18)
		return mj_error_set(MJ_EINVAL, "记录编号“%.40s”无效，应为正整数", s);
	*id = v;
	return 0;
}

void mj_cli_print_value(FILE *out, const struct mj_field *f, json_t *v, int max_chars)
{
	if (!v || json_is_null(v)) {
		fputs("-", out);
		return;
	}
	if (json_is_integer(v)) {
		if (f && f->type == MJ_F_BOOL)
			fputs(json_integer_value(v) ? "是" : "否", out);
		else
			fprintf(out, "%lld", (long long)json_integer_value(v));
		return;
	}
	const char *s = json_string_value(v);
	if (!s)
		return;
	if (f && f->type == MJ_F_ENUM)
		s = mj_enum_label(f, s);
	size_t len = strlen(s), chars = 0, i = 0;
	while (i < len) {
		if (max_chars && (int)chars >= max_chars) {
			fputs("…", out);
			return;
		}
		uint32_t cp;
		size_t n = mj_utf8_decode(s + i, len - i, &cp);
		if (!n)
			n = 1;
		if (s[i] == '\n')
			fputc(' ', out);
		else
			fwrite(s + i, 1, n, out);
		i += n;
		chars++;
	}
}

void mj_cli_print_row(FILE *out, const struct mj_entity *e, json_t *row)
{
	fprintf(out, "%s 编号 %lld\n", e->label, (long long)json_integer_value(json_object_get(row, "id")));
	for (const struct mj_field *f = e->fields; f->name; f++) {
		if (f->flags & MJ_FF_SECRET)
			continue;
		fprintf(out, "  %s：", f->label);
		mj_cli_print_value(out, f, json_object_get(row, f->name), 0);
		fputc('\n', out);
	}
}

void mj_cli_print_json(FILE *out, json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_ENSURE_ASCII * 0);
	fputs(s ? s : "null", out);
	fputc('\n', out);
	free(s);
}

/* Drops secret fields from a row (in place) before it is shown. */
void mj_cli_strip_secret(const struct mj_entity *e, json_t *row)
{
	for (const struct mj_field *f = e->fields; f->name; f++)
		if (f->flags & MJ_FF_SECRET)
			json_object_del(row, f->name);
}

static void print_list(FILE *out, const struct mj_entity *e, json_t *rows)
{
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		fprintf(out, "%6lld ", (long long)json_integer_value(json_object_get(row, "id")));
		int shown = 0;
		for (const struct mj_field *f = e->fields; f->name && shown < 7; f++) {
			if (f->flags & MJ_FF_SECRET || f->type == MJ_F_BLOB)
				continue;
			json_t *v = json_object_get(row, f->name);
			if (!v || json_is_null(v))
				continue;
			fprintf(out, " %s=", f->label);
			mj_cli_print_value(out, f, v, 24);
			shown++;
		}
		fputc('\n', out);
	}
	fprintf(out, "共 %zu 条%s\n", json_array_size(rows), e->label);
}

int mj_cmd_entity(mj_cli *cli, const char *entity, int argc, char **argv)
{
	const struct mj_entity *e = mj_entity_find(entity);
	mj_store *st = NULL;
	json_t *vals = NULL, *rows = NULL, *row = NULL;
	char *rest[64];
	int nrest = 0, rc = 0;
	long long id = 0, limit = 0, offset = 0;
	mj_actor actor;

	if (!e)
		return mj_error_set(MJ_EUSAGE, "未知的记录类型 %s", entity);
	if (argc < 1)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing %s add|list|show|update|delete …（--help 查看帮助）", entity);
	if (argc > 60)
		return mj_error_set(MJ_EUSAGE, "参数过多");
	const char *verb = argv[0];
	int nopt = argc - 1;
	const char *expect = mj_opt(&nopt, argv + 1, "--expect-version", &rc);
	if (rc)
		return rc;
	if (expect && strcmp(verb, "update") != 0)
		return mj_error_set(MJ_EUSAGE, "--expect-version 只能用于 update");
	if ((rc = mj_cli_fields(e, nopt, argv + 1, &vals, &nrest, rest)))
		return rc;
	json_t *lim = json_object_get(vals, "limit"), *off = json_object_get(vals, "offset");
	if (lim) {
		limit = strtoll(json_string_value(lim) ? json_string_value(lim) : "0", NULL, 10);
		json_object_del(vals, "limit");
	}
	if (off) {
		offset = strtoll(json_string_value(off) ? json_string_value(off) : "0", NULL, 10);
		json_object_del(vals, "offset");
	}
	if (limit < 0 || limit > MAX_LIST || offset < 0) {
		rc = mj_error_set(MJ_EUSAGE, "--limit 应在 1 到 %d 之间，--offset 不能为负", MAX_LIST);
		goto cleanup;
	}
	if ((rc = mj_cli_store(cli, &st)) || (rc = mj_store_actor(st, cli->as, &actor)))
		goto cleanup;

	if (strcmp(verb, "add") == 0) {
		if (nrest) {
			rc = mj_error_set(MJ_EUSAGE, "多余的参数“%s”", rest[0]);
			goto cleanup;
		}
		if ((rc = mj_entity_write(st, &actor, e, 0, vals, 0, &id)))
			goto cleanup;
		if (cli->json)
			fprintf(cli->out, "{\"id\": %lld}\n", id);
		else
			fprintf(cli->out, "已新建%s，编号 %lld\n", e->label, id);
	} else if (strcmp(verb, "list") == 0) {
		if (nrest) {
			rc = mj_error_set(MJ_EUSAGE, "多余的参数“%s”", rest[0]);
			goto cleanup;
		}
		if ((rc = mj_entity_list(st, e, vals, limit ? limit : MAX_LIST, offset, &rows)))
			goto cleanup;
		size_t i;
		json_array_foreach(rows, i, row) mj_cli_strip_secret(e, row);
		row = NULL;
		if (cli->json)
			mj_cli_print_json(cli->out, rows);
		else
			print_list(cli->out, e, rows);
	} else if (strcmp(verb, "show") == 0 || strcmp(verb, "update") == 0 || strcmp(verb, "delete") == 0) {
		if (nrest != 1) {
			rc = mj_error_set(MJ_EUSAGE, "用法: mingjing %s %s 编号", entity, verb);
			goto cleanup;
		}
		if ((rc = parse_id(rest[0], &id)))
			goto cleanup;
		if (verb[0] == 'u') {
			if (json_object_size(vals) == 0) {
				rc = mj_error_set(MJ_EUSAGE, "没有要修改的字段");
				goto cleanup;
			}
			if (expect)
				json_object_set_new(vals, MJ_VERSION_KEY, json_string(expect));
			if ((rc = mj_entity_write(st, &actor, e, id, vals, 0, NULL)))
				goto cleanup;
			if (!cli->json)
				fprintf(cli->out, "已修改%s %lld\n", e->label, id);
		} else if (verb[0] == 'd') {
			if ((rc = mj_entity_delete(st, &actor, e, id)))
				goto cleanup;
			if (!cli->json)
				fprintf(cli->out, "已删除%s %lld\n", e->label, id);
			goto cleanup;
		} else if (json_object_size(vals)) {
			rc = mj_error_set(MJ_EUSAGE, "show 不接受字段选项");
			goto cleanup;
		}
		if ((rc = mj_entity_get(st, e, id, &row)))
			goto cleanup;
		mj_cli_strip_secret(e, row);
		long long version = 0;
		if ((rc = mj_entity_version(st, e, id, &version)))
			goto cleanup;
		if (cli->json) {
			json_object_set_new(row, "row_version", json_integer(version));
			mj_cli_print_json(cli->out, row);
		} else if (verb[0] == 's') {
			mj_cli_print_row(cli->out, e, row);
			fprintf(cli->out, "  版本：%lld（修改时加 --expect-version %lld，可防止覆盖他人的修改）\n", version, version);
		}
	} else {
		rc = mj_error_set(MJ_EUSAGE, "未知操作“%s”，可用：add list show update delete", verb);
	}
cleanup:
	json_decref(vals);
	json_decref(rows);
	json_decref(row);
	return rc;
}

void mj_cli_entity_help(FILE *out, const char *entity)
{
	const struct mj_entity *e = mj_entity_find(entity);
	if (!e)
		return;
	fprintf(out, "用法: mingjing %s add    [--字段 值 …]     新建%s\n"
		     "      mingjing %s list   [--字段 值 …] [--limit N] [--offset N]  按字段筛选列出\n"
		     "      mingjing %s show   编号\n"
		     "      mingjing %s update 编号 --字段 值 … [--expect-version N]\n"
		     "                         （值为空字符串表示清空；--expect-version：记录已被他人修改时拒绝）\n"
		     "      mingjing %s delete 编号\n\n字段:\n",
		entity, e->label, entity, entity, entity, entity);
	for (const struct mj_field *f = e->fields; f->name; f++) {
		if (f->flags & (MJ_FF_INTERNAL | MJ_FF_SECRET))
			continue;
		char opt[64];
		size_t i = 0;
		for (const char *c = f->name; *c && i < sizeof opt - 1; c++)
			opt[i++] = *c == '_' ? '-' : *c;
		opt[i] = 0;
		fprintf(out, "  --%-18s %s", opt, f->label);
		switch (f->type) {
		case MJ_F_DATE: fputs("（日期 YYYY-MM-DD）", out); break;
		case MJ_F_BOOL: fputs("（是/否）", out); break;
		case MJ_F_REF: fprintf(out, "（%s编号）", mj_entity_find(f->ref) ? mj_entity_find(f->ref)->label : f->ref); break;
		case MJ_F_INT: if (f->max) fprintf(out, "（0–%d）", f->max); break;
		case MJ_F_TEXT: if (f->max) fprintf(out, "（最多 %d 字）", f->max); break;
		case MJ_F_ENUM:
			fputs("（", out);
			for (const struct mj_enum_value *v = f->values; v->code; v++)
				fprintf(out, "%s%s=%s", v == f->values ? "" : " ", v->code, v->label);
			fputs("）", out);
			break;
		default: break;
		}
		if (f->flags & MJ_FF_REQ)
			fputs(" 必填", out);
		if (f->flags & MJ_FF_RO)
			fputs(" 新建后不可改", out);
		fputc('\n', out);
	}
}
