/*
 * `mingjing remind`: each person's digest of ledger items due or overdue and
 * of plans and reports to send, for cron. Text on stdout, or one .txt and one
 * .html file per person with --out DIR.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/cmd_entity.h"
#include "cli/commands.h"
#include "core/remind.h"
#include "store/store.h"
#include "util/date.h"
#include "util/err.h"
#include "util/file.h"

/* "<id>-<name>" with characters unsafe in file names replaced by '_'. */
static void file_stem(char *out, size_t size, long long id, const char *name)
{
	int n = snprintf(out, size, "%lld-", id);
	size_t o = n > 0 ? (size_t)n : 0;
	for (const char *c = name ? name : ""; *c && o + 1 < size; c++) {
		unsigned char ch = (unsigned char)*c;
		int bad = ch < 0x20 || ch == '/' || ch == '\\' || ch == ':' || ch == '*' || ch == '?' || ch == '"' ||
			  ch == '<' || ch == '>' || ch == '|' || ch == 0x7f || (ch == '.' && o == (size_t)n);
		out[o++] = bad ? '_' : (char)ch;
	}
	/* never cut a UTF-8 sequence in half */
	while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80) {
		size_t k = o - 1;
		while (k > 0 && ((unsigned char)out[k] & 0xC0) == 0x80)
			k--;
		unsigned char lead = (unsigned char)out[k];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		if (o - k == need)
			break;
		o = k;
	}
	out[o] = 0;
}

int mj_cmd_remind(mj_cli *cli, int argc, char **argv)
{
	int rc = 0;
	const char *days_s = mj_opt(&argc, argv, "--days", &rc);
	const char *dir = mj_opt(&argc, argv, "--out", &rc);
	const char *today_s = mj_opt(&argc, argv, "--today", &rc);
	const char *person_s = mj_opt(&argc, argv, "--person", &rc);
	mj_store *st;
	json_t *digest = NULL;
	int today = mj_today(), days = -1;
	long long person = 0;
	char *end;
	if (rc || (rc = mj_args_done(argc, argv)))
		return rc;
	if (argc)
		return mj_error_set(MJ_EUSAGE, "用法: mingjing remind [--days N] [--out 目录] [--today YYYY-MM-DD] [--person 编号]");
	if (days_s && ((days = (int)strtol(days_s, &end, 10)) < 0 || *end || days > 366 || !*days_s))
		return mj_error_set(MJ_EINVAL, "--days 应为 0 到 366 之间的整数，收到“%.40s”", days_s);
	if (today_s && mj_date_parse(today_s, &today))
		return mj_error_set(MJ_EINVAL, "--today 日期“%.40s”无效，格式 YYYY-MM-DD", today_s);
	if (person_s && ((person = strtoll(person_s, &end, 10)) <= 0 || *end))
		return mj_error_set(MJ_EINVAL, "人员编号“%.40s”无效", person_s);
	if ((rc = mj_cli_store(cli, &st)))
		return rc;
	if (person) {
		json_t *one = NULL;
		if ((rc = mj_remind_for_person(st, person, today, days, &one)))
			return rc;
		digest = json_object();
		json_object_set(digest, "today", json_object_get(one, "today"));
		json_object_del(one, "today");
		json_t *people = json_array();
		if (json_array_size(json_object_get(one, "entries")))
			json_array_append(people, one);
		json_object_set_new(digest, "people", people);
		json_decref(one);
	} else if ((rc = mj_remind_all(st, today, days, &digest)))
		return rc;
	json_t *people = json_object_get(digest, "people"), *p;
	const char *day = json_string_value(json_object_get(digest, "today"));
	size_t i;
	if (dir && mkdir(dir, 0777) != 0 && errno != EEXIST) {
		rc = mj_error_set(MJ_EIO, "无法创建目录 %s：%s", dir, strerror(errno));
		goto cleanup;
	}
	if (cli->json && !dir) {
		mj_cli_print_json(cli->out, digest);
		goto cleanup;
	}
	if (!dir && json_array_size(people) == 0)
		fprintf(cli->out, "%s：没有需要提醒的事项\n", day);
	json_array_foreach(people, i, p) {
		mj_buf b = MJ_BUF_INIT;
		if (!dir) {
			if (!(rc = mj_remind_render_text(&b, p)))
				fprintf(cli->out, "%s%s", i ? "\n" : "", b.ptr);
			mj_buf_free(&b);
			if (rc)
				goto cleanup;
			continue;
		}
		char stem[200], path[4096];
		file_stem(stem, sizeof stem, json_integer_value(json_object_get(p, "person_id")),
			  json_string_value(json_object_get(p, "name")));
		snprintf(path, sizeof path, "%s/%s.txt", dir, stem);
		if (!(rc = mj_remind_render_text(&b, p)))
			rc = mj_file_write(path, b.ptr, b.len);
		mj_buf_reset(&b);
		snprintf(path, sizeof path, "%s/%s.html", dir, stem);
		if (!rc && !(rc = mj_remind_render_html(&b, p, day)))
			rc = mj_file_write(path, b.ptr, b.len);
		mj_buf_free(&b);
		if (rc)
			goto cleanup;
	}
	if (dir && cli->json) {
		json_t *res = json_pack("{s:I, s:s}", "people", (json_int_t)json_array_size(people), "dir", dir);
		mj_cli_print_json(cli->out, res);
		json_decref(res);
	} else if (dir)
		fprintf(cli->out, "已为 %zu 人生成提醒：%s\n", json_array_size(people), dir);
cleanup:
	json_decref(digest);
	return rc;
}
