/*
 * The look shared by every workbook mingjing writes (the ledger export and
 * the notice roll-up): one header style, so the sheets people keep side by
 * side read alike.
 */
#ifndef MJ_XLSX_STYLE_H
#define MJ_XLSX_STYLE_H
#include <xlsxwriter.h>

/* A header cell: bold, thin border, centred, light blue, wrapped. */
lxw_format *mj_xlsx_header_format(lxw_workbook *wb);

#endif
