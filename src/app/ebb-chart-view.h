/* ebb-chart-view.h — the chart of one patient, drawn by EbbChart
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ebb-chart.h"

G_BEGIN_DECLS

#define EBB_TYPE_CHART_VIEW (ebb_chart_view_get_type ())
G_DECLARE_FINAL_TYPE (EbbChartView, ebb_chart_view, EBB, CHART_VIEW, GtkWidget)

/* Takes @chart (may be NULL); @label names it for screen readers, e.g.
 * "MADRS trajectory of K-0042"; the description is ebb_chart_describe(). */
void           ebb_chart_view_set_chart     (EbbChartView *self,
                                             EbbChart     *chart,
                                             const char   *label);
EbbChart      *ebb_chart_view_get_chart     (EbbChartView *self);
/* The theme the chart is drawn in now: the chart-theme setting, else
 * the desktop's light or dark style. */
EbbChartTheme  ebb_chart_view_get_theme     (EbbChartView *self);

G_END_DECLS
