/* ebb-chart.h — a trajectory drawn on any cairo_t, at any size
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EbbChart is the one piece of drawing code in Ebb: the window's chart
 * widget, the PNG/SVG/PDF exports, the case-note report and the tests all
 * call ebb_chart_draw().  Sizes are in points (1/72 inch), so the same
 * chart is crisp on screen and at 300 dpi.  Hit-testing uses the very
 * layout that drawing uses (ebb_chart_get_layout()), so a tooltip always
 * names the thing under the pointer; ebb_chart_get_labels() lists the
 * words drawn over the plot, each placed clear of the ratings.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ebb-trajectory.h"

G_BEGIN_DECLS

#define EBB_CHART_ERROR (ebb_chart_error_quark ())

typedef enum
{
  EBB_CHART_ERROR_FORMAT,   /* the format cannot be told from the file name, or is not supported */
  EBB_CHART_ERROR_SIZE,     /* a width, height or resolution out of range */
  EBB_CHART_ERROR_WRITE,    /* the file could not be written */
} EbbChartError;

typedef enum
{
  EBB_CHART_THEME_LIGHT,
  EBB_CHART_THEME_DARK,
  EBB_CHART_THEME_PRINT,    /* greys, dashes and hatching only: safe in black and white */
} EbbChartTheme;

typedef enum
{
  EBB_CHART_MODE_SCORE,     /* one scale, its scores over its full range */
  EBB_CHART_MODE_PERCENT,   /* several scales of one patient, as % change from each baseline */
} EbbChartMode;

typedef enum
{
  EBB_CHART_FORMAT_AUTO,    /* from the file name's extension */
  EBB_CHART_FORMAT_PNG,
  EBB_CHART_FORMAT_SVG,
  EBB_CHART_FORMAT_PDF,
} EbbChartFormat;

typedef enum
{
  EBB_CHART_PART_TITLE    = 1 << 0,
  EBB_CHART_PART_LEGEND   = 1 << 1,
  EBB_CHART_PART_FOOTNOTE = 1 << 2,
  EBB_CHART_PART_ALL      = 0x7,
} EbbChartParts;

/* Panels under the trajectory, on its time axis (ebb-chart-panels.c). */
typedef enum
{
  EBB_CHART_PANEL_NONE           = 0,
  EBB_CHART_PANEL_BLOOD_PRESSURE = 1 << 0,   /* each session's pressures the rule reads */
  EBB_CHART_PANEL_DISSOCIATION   = 1 << 1,   /* the day's CADSS, else the level observed */
  EBB_CHART_PANEL_ALL            = 0x3,
} EbbChartPanels;

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} EbbChartRect;

/* Where everything goes for one size: computed by ebb_chart_get_layout(),
 * used alike by drawing and by hit-testing.  Rectangles that are not shown
 * have zero height. */
typedef struct
{
  double        width;
  double        height;
  double        font_size;        /* body text, points */
  double        small_font_size;  /* tick and band labels, never below 8 */
  double        margin;           /* around everything: nothing is drawn in it */
  EbbChartRect  title;
  EbbChartRect  events;           /* the patient's events, between the title and the
                                   * plot, on its x axis; rows of equal height */
  EbbChartRect  plot;             /* bands, lines, markers */
  EbbChartRect  strip;            /* session glyphs, under the plot */
  EbbChartRect  axis;             /* date labels, under the strip */
  EbbChartRect  medicines;        /* medicines that change sedation or blood
                                   * pressure, under the dates; rows of equal height */
  EbbChartRect  legend;
  EbbChartRect  footnote;
  double        day_min;          /* x domain in days (EbbWhen.day; fractions for times) */
  double        day_max;
  double        value_min;        /* y domain: score, or % change from baseline */
  double        value_max;
  double        value_step;       /* between score-axis ticks */
  double        marker_radius;
  double        glyph_radius;     /* session glyphs */
  EbbChartRect  blood_pressure;   /* the panels, under the session strip and over
                                   * the dates, as wide as the plot (ebb_chart_set_panels()) */
  EbbChartRect  dissociation;
  double        pressure_min;     /* the blood-pressure panel's y domain, mmHg */
  double        pressure_max;
} EbbChartLayout;

typedef enum
{
  EBB_CHART_HIT_NONE,
  EBB_CHART_HIT_RATING,
  EBB_CHART_HIT_SESSION,
  EBB_CHART_HIT_BLOOD_PRESSURE,  /* a session's column of the blood-pressure panel */
  EBB_CHART_HIT_DISSOCIATION,    /* a session's column of the dissociation panel */
} EbbChartHitKind;

typedef struct
{
  EbbChartHitKind           kind;
  guint                     trajectory;  /* which trajectory (0 in score mode) */
  guint                     index;       /* rating: point index in that trajectory;
                                          * session or panel: index into ebb_trajectory_get_sessions() */
  const EbbTrajectoryPoint *point;       /* for a rating */
  const EbbSession         *session;     /* for a session, or a panel's column */
  double                    x;           /* where it is drawn */
  double                    y;
} EbbChartHit;

/* The words drawn over and around the plot, placed clear of the data:
 * what ebb_chart_get_labels() lists. */
typedef enum
{
  EBB_CHART_LABEL_TITLE,       /* the patient and what the chart is of */
  EBB_CHART_LABEL_CAPTION,     /* the y axis's meaning, over the plot */
  EBB_CHART_LABEL_AS_OF,       /* "today", or "as of 5 Feb 2026" */
  EBB_CHART_LABEL_NOTE,        /* why there is no baseline */
  EBB_CHART_LABEL_ALERT,       /* the "!" of a suicide-item rating */
  EBB_CHART_LABEL_RELAPSE,
  EBB_CHART_LABEL_FADE_DATE,   /* "fade ~9 Feb", at the end of the projection */
  EBB_CHART_LABEL_FADED,       /* over a faded span */
  EBB_CHART_LABEL_BAND,        /* a severity band's name */
  EBB_CHART_LABEL_RULE,        /* a rule line's name, inside a plot too narrow for the gutter */
} EbbChartLabelKind;

typedef struct
{
  EbbChartLabelKind  kind;
  EbbChartRect       rect;     /* what it paints over, in points: the patch of
                                * background behind it, or else its text's ink */
  char              *text;
} EbbChartLabel;

typedef struct _EbbChart EbbChart;

GQuark          ebb_chart_error_quark      (void);

EbbChart       *ebb_chart_new              (EbbChartMode          mode);
EbbChart       *ebb_chart_new_for_records  (const EbbPatientRecords *records,
                                            const EbbScale          *scale,
                                            gint32                   as_of_day,
                                            const EbbRuleSettings   *settings);
void            ebb_chart_free             (EbbChart              *chart);

void            ebb_chart_add_trajectory   (EbbChart              *chart,
                                            EbbTrajectory         *trajectory);
guint           ebb_chart_get_n_trajectories (EbbChart            *chart);
const EbbTrajectory *ebb_chart_get_trajectory (EbbChart           *chart,
                                            guint                  index);
EbbChartMode    ebb_chart_get_mode         (EbbChart              *chart);

void            ebb_chart_set_range        (EbbChart              *chart,
                                            gint32                 from_day,
                                            gint32                 to_day);
void            ebb_chart_set_theme        (EbbChart              *chart,
                                            EbbChartTheme          theme);
EbbChartTheme   ebb_chart_get_theme        (EbbChart              *chart);
void            ebb_chart_set_parts        (EbbChart              *chart,
                                            EbbChartParts          parts);
void            ebb_chart_set_panels       (EbbChart              *chart,
                                            EbbChartPanels         panels);
EbbChartPanels  ebb_chart_get_panels       (EbbChart              *chart);
EbbChartPanels  ebb_chart_get_panels_with_data (EbbChart          *chart);
void            ebb_chart_set_for_screen   (EbbChart              *chart,
                                            gboolean               for_screen);
gboolean        ebb_chart_get_for_screen   (EbbChart              *chart);
char           *ebb_chart_dup_footnote     (EbbChart              *chart);

void            ebb_chart_get_layout       (EbbChart              *chart,
                                            double                 width,
                                            double                 height,
                                            EbbChartLayout        *layout);
double          ebb_chart_layout_x_for_day (const EbbChartLayout  *layout,
                                            double                 day);
double          ebb_chart_layout_y_for_value (const EbbChartLayout *layout,
                                            double                 value);
double          ebb_chart_layout_day_for_x (const EbbChartLayout  *layout,
                                            double                 x);

void            ebb_chart_draw             (EbbChart              *chart,
                                            cairo_t               *cr,
                                            double                 width,
                                            double                 height);

gboolean        ebb_chart_hit_test         (EbbChart              *chart,
                                            double                 width,
                                            double                 height,
                                            double                 x,
                                            double                 y,
                                            EbbChartHit           *hit);
char           *ebb_chart_describe_hit     (EbbChart              *chart,
                                            const EbbChartHit     *hit);
char           *ebb_chart_describe         (EbbChart              *chart);
GArray         *ebb_chart_get_labels       (EbbChart              *chart,
                                            double                 width,
                                            double                 height);

/* Paints one page of @width × @height points at the origin of @cr. */
typedef void  (*EbbChartPaintFunc)         (cairo_t               *cr,
                                            double                 width,
                                            double                 height,
                                            gpointer               user_data);

EbbChartFormat  ebb_chart_format_from_path (const char            *path);
gboolean        ebb_chart_export_paint     (const char            *path,
                                            EbbChartFormat         format,
                                            double                 width_pt,
                                            double                 height_pt,
                                            double                 dpi,
                                            const char            *title,
                                            EbbChartPaintFunc      paint,
                                            gpointer               user_data,
                                            GError               **error);
gboolean        ebb_chart_export           (EbbChart              *chart,
                                            const char            *path,
                                            EbbChartFormat         format,
                                            double                 width_pt,
                                            double                 height_pt,
                                            double                 dpi,
                                            GError               **error);

const EbbScale *ebb_chart_default_scale    (const EbbPatient      *patient,
                                            GPtrArray             *scores);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbChart, ebb_chart_free)

G_END_DECLS
