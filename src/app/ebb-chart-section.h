/* ebb-chart-section.h — the patient page's chart and what it shows
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ebb-chart.h"

G_BEGIN_DECLS

#define EBB_TYPE_CHART_SECTION (ebb_chart_section_get_type ())
G_DECLARE_FINAL_TYPE (EbbChartSection, ebb_chart_section, EBB, CHART_SECTION, GtkWidget)

void        ebb_chart_section_set_scales     (EbbChartSection    *self,
                                              const char * const *scale_ids,
                                              const char         *selected);
const char *ebb_chart_section_get_scale_id   (EbbChartSection    *self);
gboolean    ebb_chart_section_get_percent    (EbbChartSection    *self);
gboolean    ebb_chart_section_get_panels     (EbbChartSection    *self);
guint       ebb_chart_section_get_range_days (EbbChartSection    *self);
void        ebb_chart_section_reset          (EbbChartSection    *self);
void        ebb_chart_section_set_chart      (EbbChartSection    *self,
                                              EbbChart           *chart,
                                              const char         *label);
GtkWidget  *ebb_chart_section_get_chart_view (EbbChartSection    *self);

G_END_DECLS
