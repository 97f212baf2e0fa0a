/* ebb-reading-row.h — one reading of vital signs, as typed in the Record Session dialog
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ebb-reading.h"

G_BEGIN_DECLS

#define EBB_TYPE_READING_ROW (ebb_reading_row_get_type ())
G_DECLARE_FINAL_TYPE (EbbReadingRow, ebb_reading_row, EBB, READING_ROW, GtkListBoxRow)

GtkWidget        *ebb_reading_row_new            (void);
void              ebb_reading_row_set_reading    (EbbReadingRow     *self,
                                                  const EbbReading  *reading);
const EbbReading *ebb_reading_row_get_stored     (EbbReadingRow     *self);
void              ebb_reading_row_set_time       (EbbReadingRow     *self,
                                                  gint32             second);
void              ebb_reading_row_set_pre_dose   (EbbReadingRow     *self,
                                                  gboolean           pre_dose);
gboolean          ebb_reading_row_is_empty       (EbbReadingRow     *self);
EbbReading       *ebb_reading_row_read           (EbbReadingRow     *self,
                                                  GtkWidget        **wrong,
                                                  gboolean          *incomplete,
                                                  GError           **error);
char             *ebb_reading_row_dup_name       (EbbReadingRow     *self);
void              ebb_reading_row_show_message   (EbbReadingRow     *self,
                                                  GtkWidget         *wrong,
                                                  const char        *text,
                                                  gboolean           hint);
void              ebb_reading_row_focus_pressure (EbbReadingRow     *self);

G_END_DECLS
