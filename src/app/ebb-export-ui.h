/* ebb-export-ui.h — charts and reports out of the window: files and clipboard
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ebb-chart.h"
#include "ebb-store.h"

G_BEGIN_DECLS

/* The size of an exported chart: a case-note figure, 16 × 9 cm. */
#define EBB_EXPORT_CHART_WIDTH_PT   (16.0 / 2.54 * 72.0)
#define EBB_EXPORT_CHART_HEIGHT_PT  (9.0 / 2.54 * 72.0)
#define EBB_EXPORT_CHART_DPI        300.0

/* Shows @message as a toast in @widget's window; outside an Ebb window
 * (in tests) there is nowhere to show it and nothing happens. */
void        ebb_export_ui_show_toast        (GtkWidget      *widget,
                                          const char     *message);

/* "K-0042-MADRS-2026-11-23.png"; @scale_id NULL for the % change chart */
char       *ebb_export_ui_chart_file_name   (const char     *patient_code,
                                          const char     *scale_id,
                                          gint32          day,
                                          const char     *extension);

/* Writes @chart at the export size; @print picks the print theme,
 * otherwise the light one. */
gboolean    ebb_export_ui_chart_to_file     (EbbChart       *chart,
                                          const char     *path,
                                          EbbChartFormat  format,
                                          gboolean        print,
                                          GError        **error);

/* Asks where to save (GtkFileChooserNative: PNG, SVG or PDF, colour or
 * print) and writes the chart there; takes @chart.  Errors become toasts. */
void        ebb_export_ui_chart             (GtkWidget      *widget,
                                          EbbChart       *chart,
                                          const char     *patient_code,
                                          const char     *scale_id);

/* Asks where to save and writes the one-page case-note PDF of a patient. */
void        ebb_export_ui_report            (GtkWidget      *widget,
                                          EbbStore       *store,
                                          gint64          patient_id,
                                          const char     *scale_id);

/* Writes the one-page record of a session, read afresh from @store, on
 * the paper of the app's settings (A4 without them). */
gboolean    ebb_export_ui_session_record_to_file (EbbStore   *store,
                                          gint64          patient_id,
                                          gint64          session_id,
                                          const char     *path,
                                          GError        **error);

/* Asks where to save and writes the one-page record of a session. */
void        ebb_export_ui_session_record    (GtkWidget      *widget,
                                          EbbStore       *store,
                                          gint64          patient_id,
                                          gint64          session_id);

/* The chart as an image at @width × @height pixels (drawn at twice the
 * point size, so it stays sharp when pasted and scaled). */
GdkTexture *ebb_export_chart_texture     (EbbChart       *chart,
                                          int             width,
                                          int             height);

/* Puts the chart on @widget's clipboard as an image and says so. */
void        ebb_export_ui_copy_chart        (GtkWidget      *widget,
                                          EbbChart       *chart);

G_END_DECLS
