/* ebb-date-time-row.h — a date from a calendar and a time from spin buttons
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-date.h"

G_BEGIN_DECLS

#define EBB_TYPE_DATE_TIME_ROW (ebb_date_time_row_get_type ())
G_DECLARE_FINAL_TYPE (EbbDateTimeRow, ebb_date_time_row, EBB, DATE_TIME_ROW, AdwActionRow)

GtkWidget  *ebb_date_time_row_new       (void);

/* The value as Ebb stores it: "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM" with a
 * time; text set from elsewhere is kept as it was (with seconds) until
 * the user changes it, and may be no date at all ("2026-13-01"), which
 * the row then shows as it is for the dialog to say what is wrong. */
void        ebb_date_time_row_set_text  (EbbDateTimeRow *self,
                                         const char     *text);
const char *ebb_date_time_row_get_text  (EbbDateTimeRow *self);
char       *ebb_date_time_row_dup_text  (EbbDateTimeRow *self);
gboolean    ebb_date_time_row_get_when  (EbbDateTimeRow *self,
                                         EbbWhen        *when);

/* What the buttons say: "Tue 15 Dec 2026", and "14:30" or "--:--" */
const char *ebb_date_time_row_get_date_label (EbbDateTimeRow *self);
const char *ebb_date_time_row_get_time_label (EbbDateTimeRow *self);

/* The popovers, for the tests: they open as Enter on a button does. */
void        ebb_date_time_row_open_date (EbbDateTimeRow *self);
void        ebb_date_time_row_open_time (EbbDateTimeRow *self);

G_END_DECLS
