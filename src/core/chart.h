/*
 * Simple charts drawn on the server as SVG text (chart.c): pure functions,
 * no I/O. Every label is escaped; colours are 0xRRGGBB.
 */
#ifndef MJ_CHART_H
#define MJ_CHART_H
#include <stddef.h>

#include "util/buf.h"

typedef struct {
	const char *label; /* UTF-8, escaped on output */
	double value;      /* >= 0; negative drawn as 0 */
	unsigned rgb;
} mj_chart_bar;

/* A horizontal bar chart: one row per bar (label, bar, value and unit).
 * max <= 0: the largest value. Appends a complete <svg> document to out
 * (caller frees). Returns 0 or MJ_ETOOBIG. */
int mj_chart_hbar(mj_buf *out, const char *title, const mj_chart_bar *bars, size_t n, double max,
		  const char *unit);

/* A horizontal stacked bar chart: n rows (labels[i]) of nseries segments
 * each (values[i * nseries + k], series names and colours), with a legend.
 * Appends a complete <svg> document to out. Returns 0 or MJ_ETOOBIG. */
int mj_chart_stacked(mj_buf *out, const char *title, const char *const *labels, size_t n,
		     const char *const *series, const unsigned *colors, size_t nseries, const double *values);

/* A chart as data, drawn the same way as SVG (here), as a native chart of a
 * .docx (material_docx.c) or of an .xlsx (the report writer): ncat
 * categories (rows), nseries series (stacked segments), values[i * nseries
 * + k]. With one series, point_colors (may be NULL) colours each category.
 * max <= 0: the largest total. unit follows each value ("%", "项"). */
typedef struct {
	const char *title;
	const char *unit;
	const char *const *cats;
	size_t ncat;
	const char *const *series;
	const unsigned *colors;
	size_t nseries;
	const double *values;
	const unsigned *point_colors;
	double max;
} mj_chart_data;

/* One series: a horizontal bar chart; more: stacked with a legend.
 * Appends a complete <svg> document. Returns 0 or MJ_ETOOBIG. */
int mj_chart_svg(mj_buf *out, const mj_chart_data *d);

#endif
