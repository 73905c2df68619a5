/* SVG bar charts (chart.h). */
#include <stdlib.h>
#include <string.h>

#include "core/chart.h"
#include "util/err.h"
#include "util/utf8.h"

#define W 900
#define LABEL_W 260
#define ROW_H 26
#define TOP 56
#define BAR_W (W - LABEL_W - 120)

static int text(mj_buf *out, const char *s) { return mj_buf_put_html(out, s ? s : "", s ? strlen(s) : 0); }

static int head(mj_buf *out, const char *title, size_t rows, int legend)
{
	int h = TOP + (int)rows * ROW_H + (legend ? 40 : 16);
	int rc = mj_buf_printf(out,
			       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
			       " font-family=\"'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif\" font-size=\"13\">\n"
			       "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n"
			       "<text x=\"%d\" y=\"28\" font-size=\"18\" text-anchor=\"middle\" font-weight=\"bold\">",
			       W, h, W, h, W / 2);
	if (!rc)
		rc = text(out, title);
	if (!rc)
		rc = mj_buf_puts(out, "</text>\n");
	return rc;
}

/* Bytes of label that fit in the label column (CJK 13 px, others 7 px at
 * font-size 13), leaving room for "…"; the whole label when it fits. */
static size_t label_fit(const char *s, size_t n)
{
	size_t i = 0, cut = 0;
	int w = 0, limit = LABEL_W - 16;
	while (i < n) {
		uint32_t cp;
		size_t k = mj_utf8_decode(s + i, n - i, &cp);
		if (k == 0)
			k = 1;
		w += cp >= 0x2E80 ? 13 : 7;
		if (w <= limit - 13)
			cut = i + k;
		if (w > limit)
			return cut;
		i += k;
	}
	return n;
}

static int row_label(mj_buf *out, size_t i, const char *label)
{
	size_t n = label ? strlen(label) : 0, fit = label_fit(label ? label : "", n);
	int rc = mj_buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_W - 8,
			       TOP + (int)i * ROW_H + 17);
	if (!rc && fit < n) /* the whole label as a tooltip */
		rc = mj_buf_puts(out, "<title>");
	if (!rc && fit < n)
		rc = mj_buf_put_html(out, label, n);
	if (!rc && fit < n)
		rc = mj_buf_puts(out, "</title>");
	if (!rc)
		rc = mj_buf_put_html(out, label ? label : "", fit);
	if (!rc && fit < n)
		rc = mj_buf_puts(out, "…");
	if (!rc)
		rc = mj_buf_puts(out, "</text>\n");
	return rc;
}

int mj_chart_hbar(mj_buf *out, const char *title, const mj_chart_bar *bars, size_t n, double max,
		  const char *unit)
{
	size_t i;
	if (max <= 0)
		for (i = 0; i < n; i++)
			if (bars[i].value > max)
				max = bars[i].value;
	int rc = head(out, title, n, 0);
	for (i = 0; i < n && !rc; i++) {
		double v = bars[i].value > 0 ? bars[i].value : 0;
		int w = max > 0 ? (int)(v / max * BAR_W + 0.5) : 0;
		rc = row_label(out, i, bars[i].label);
		if (!rc)
			rc = mj_buf_printf(out,
					   "<rect class=\"bar\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%06X\"/>\n"
					   "<text x=\"%d\" y=\"%d\">%g",
					   LABEL_W, TOP + (int)i * ROW_H + 4, w, ROW_H - 8, bars[i].rgb & 0xFFFFFFu,
					   LABEL_W + w + 6, TOP + (int)i * ROW_H + 17, v);
		if (!rc)
			rc = text(out, unit);
		if (!rc)
			rc = mj_buf_puts(out, "</text>\n");
	}
	if (!rc)
		rc = mj_buf_puts(out, "</svg>\n");
	return rc;
}

int mj_chart_stacked(mj_buf *out, const char *title, const char *const *labels, size_t n,
		     const char *const *series, const unsigned *colors, size_t nseries, const double *values)
{
	double max = 0;
	size_t i, k;
	for (i = 0; i < n; i++) {
		double t = 0;
		for (k = 0; k < nseries; k++)
			t += values[i * nseries + k] > 0 ? values[i * nseries + k] : 0;
		if (t > max)
			max = t;
	}
	int rc = head(out, title, n, 1);
	for (i = 0; i < n && !rc; i++) {
		double x = 0, t = 0;
		rc = row_label(out, i, labels[i]);
		if (!rc)
			rc = mj_buf_puts(out, "<g class=\"bar\">");
		for (k = 0; k < nseries && !rc; k++) {
			double v = values[i * nseries + k] > 0 ? values[i * nseries + k] : 0;
			int x0 = max > 0 ? (int)(x / max * BAR_W + 0.5) : 0, x1 = max > 0 ? (int)((x + v) / max * BAR_W + 0.5) : 0;
			x += v;
			t += v;
			if (x1 > x0)
				rc = mj_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%06X\"/>",
						   LABEL_W + x0, TOP + (int)i * ROW_H + 4, x1 - x0, ROW_H - 8, colors[k] & 0xFFFFFFu);
		}
		if (!rc)
			rc = mj_buf_printf(out, "</g><text x=\"%d\" y=\"%d\">%g</text>\n",
					   LABEL_W + (max > 0 ? (int)(t / max * BAR_W + 0.5) : 0) + 6, TOP + (int)i * ROW_H + 17, t);
	}
	int ly = TOP + (int)n * ROW_H + 20;
	for (k = 0; k < nseries && !rc; k++) {
		rc = mj_buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"#%06X\"/><text x=\"%d\" y=\"%d\">",
				   LABEL_W + (int)k * 110, ly - 11, colors[k] & 0xFFFFFFu, LABEL_W + (int)k * 110 + 20, ly);
		if (!rc)
			rc = text(out, series[k]);
		if (!rc)
			rc = mj_buf_puts(out, "</text>\n");
	}
	if (!rc)
		rc = mj_buf_puts(out, "</svg>\n");
	return rc;
}

int mj_chart_svg(mj_buf *out, const mj_chart_data *d)
{
	if (d->nseries != 1)
		return mj_chart_stacked(out, d->title, d->cats, d->ncat, d->series, d->colors, d->nseries, d->values);
	mj_chart_bar *bars = calloc(d->ncat ? d->ncat : 1, sizeof *bars); /* freed below */
	if (!bars)
		return mj_error_set(MJ_ETOOBIG, "内存不足");
	for (size_t i = 0; i < d->ncat; i++) {
		bars[i].label = d->cats[i];
		bars[i].value = d->values[i];
		bars[i].rgb = d->point_colors ? d->point_colors[i] : d->colors[0];
	}
	int rc = mj_chart_hbar(out, d->title, bars, d->ncat, d->max, d->unit);
	free(bars);
	return rc;
}
