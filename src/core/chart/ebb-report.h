/* ebb-report.h — the one-page case-note report (PDF)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One page for the case notes: who, the chart, the summary, the flags
 * explained in plain words, the sessions and ratings of the reporting
 * window, and how the flags were computed.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ebb-chart.h"
#include "ebb-trajectory.h"

G_BEGIN_DECLS

typedef enum
{
  EBB_REPORT_PAPER_A4,       /* 595 × 842 points */
  EBB_REPORT_PAPER_LETTER,   /* 612 × 792 points */
} EbbReportPaper;

typedef struct
{
  EbbReportPaper         paper;
  const char            *clinic_name;   /* nullable: the clinic's name for the header */
  gint32                 as_of_day;     /* the report's date; 0: today */
  gint32                 from_day;      /* the reporting window; 0: from the start */
  gint32                 to_day;        /* 0: up to the as-of date */
  const EbbScale        *scale;         /* the chart's scale; NULL: ebb_chart_default_scale() */
  EbbChartTheme          chart_theme;   /* light (the default) or print */
  const EbbRuleSettings *settings;      /* NULL: the defaults */
  GPtrArray             *course_ends;   /* EbbCourseEnd*, the patient's; NULL: none */
  GPtrArray             *decisions;     /* EbbDecision*, the patient's; NULL: none */
  GPtrArray             *events;        /* EbbEvent*, the patient's: on the chart and
                                         * listed; NULL: none */
} EbbReportOptions;

void     ebb_report_options_init (EbbReportOptions       *options);
void     ebb_report_paper_size   (EbbReportPaper          paper,
                                  double                 *width,
                                  double                 *height);
void     ebb_report_draw         (const EbbPatient       *patient,
                                  GPtrArray              *sessions,
                                  GPtrArray              *scores,
                                  const EbbReportOptions *options,
                                  cairo_t                *cr,
                                  double                  width,
                                  double                  height);
gboolean ebb_report_write_pdf    (const EbbPatient       *patient,
                                  GPtrArray              *sessions,
                                  GPtrArray              *scores,
                                  const char             *path,
                                  const EbbReportOptions *options,
                                  GError                **error);

G_END_DECLS
