/*
 * `mingjing review` and `mingjing corpus`: copy detection on materials.
 *
 * The text-file path is reusable: mj_review_files_load gathers plain text files
 * (.txt/.md, one file or a directory tree) into a corpus, and
 * mj_review_report_text / _json / _html render a mj_match_result. The store-
 * backed variants (--material, --corpus, --meeting) build on the same pieces.
 */
#ifndef MJ_CMD_REVIEW_H
#define MJ_CMD_REVIEW_H
#include <stddef.h>

#include "cli/cli.h"
#include "core/review_match.h"
#include "util/buf.h"

#define MJ_REVIEW_MAX_FILE (20u << 20)

/* Texts held in memory, in order; all strings malloc'd and owned here. */
typedef struct {
	char **name;     /* path as given / found */
	char **author;   /* author key per text for 套话 frequency; NULL entry: the name */
	char **text;     /* valid UTF-8 (bad bytes replaced by U+FFFD) */
	size_t *len;
	size_t n, cap;
	size_t replaced; /* bytes repaired over all files */
	/* Optional: texts fetched on first use through fetch (then text[i] is ""
	 * until fetched[i]). Single-threaded readers only. */
	int (*fetch)(void *ctx, size_t doc, char **text, size_t *len);
	void *fetch_ctx;
	unsigned char *fetched;
} mj_review_files;

/* Appends one text (copied; bad UTF-8 replaced). author may be NULL. */
int mj_review_files_push(mj_review_files *f, const char *name, const char *author, const char *text, size_t len);

/* Adds path: a file, or every .txt/.md file under a directory (sorted by name).
 * Paths equal to skip (realpath; may be NULL) are left out. */
int mj_review_files_load(mj_review_files *f, const char *path, const char *skip);
void mj_review_files_free(mj_review_files *f);
/* mj_doc_text_fn over a mj_review_files (fetching the text first when the
 * files are lazy). */
int mj_review_files_text(void *ctx, uint32_t doc, const char **text, size_t *len);

/* Renders the result of reviewing text (named name) against ix. */
int mj_review_report_text(mj_buf *out, const char *name, const char *text, size_t len,
			  const mj_match_result *r, const mj_index *ix, int strict);
int mj_review_report_json(mj_buf *out, const char *name, const char *text, size_t len,
			  const mj_match_result *r, const mj_index *ix,
			  const mj_review_files *sources, int strict);
int mj_review_report_html(mj_buf *out, const char *name, const char *text, size_t len,
			  const mj_match_result *r, const mj_index *ix,
			  const mj_review_files *sources);

/* The whole `review` on text files: file against the files/directories in
 * against[0..nagainst); output to cli->out (text or JSON), HTML to html_out. */
int mj_review_files_run(mj_cli *cli, const char *file, char **against, size_t nagainst,
			int strict, const char *html_out, const char *tao_authors,
			const char *tao_file);

/* Reviews the text (named name) against corpus; prints as mj_review_files_run. */
int mj_review_run(mj_cli *cli, const char *name, const char *text, size_t len, const mj_review_files *corpus,
		  int strict, const char *html_out, const char *tao_authors, const char *tao_file);

/* The same with a prebuilt index (NULL: built from corpus), a document never
 * reported (exclude_doc, -1: none), and the content checks' findings added
 * to the output (extra_json under "checks"; extra_text before the report). */
#include <jansson.h>
int mj_review_run_ix(mj_cli *cli, const char *name, const char *text, size_t len, const mj_review_files *corpus,
		     const mj_index *ix, int64_t exclude_doc, int strict, const char *html_out,
		     const char *tao_authors, const char *tao_file, json_t *extra_json, const char *extra_text);

/* Builds the index of f (authors as in f), with a progress bar on a terminal. */
int mj_review_build_index(mj_index **ix, const mj_review_files *f, int strict);
/* The store-backed side (cmd_review_store.c): --material, --meeting, corpus add/list. */
int mj_review_store_material(mj_cli *cli, long long material_id, const char *corpus, int strict,
			     const char *html_out, const char *tao_authors, const char *tao_file);
int mj_review_store_meeting(mj_cli *cli, long long meeting_id, const char *corpus, int strict);
/* The review of a stored material as `review --material ID --json` prints it
 * (default mode, whole corpus), for the web: *body malloc'd. The corpus's
 * index stays loaded (mapped) between calls and is reopened when the
 * store's stamp changes. Thread-safe (one store connection per caller). */
struct mj_store;
int mj_review_material_json(struct mj_store *st, const char *db_path, long long material_id, char **body,
			    size_t *len);
int mj_corpus_cmd_add(mj_cli *cli, int argc, char **argv);
int mj_corpus_cmd_list(mj_cli *cli, int argc, char **argv);

int mj_cmd_review(mj_cli *cli, int argc, char **argv);
int mj_cmd_corpus(mj_cli *cli, int argc, char **argv);

#endif
