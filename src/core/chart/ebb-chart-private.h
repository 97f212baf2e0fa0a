/* ebb-chart-private.h — what the parts of EbbChart share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EbbChart is one object in several files, and only they include this
 * header:
 *
 *   ebb-chart.c            the object, its options, and what it shows
 *   ebb-chart-layout.c     where everything goes, and the date ticks
 *   ebb-chart-text.c       measuring and formatting text, the footnote,
 *                          and finding room for labels clear of the data
 *   ebb-chart-style.c      palettes, line styles, markers and glyphs
 *   ebb-chart-draw.c       ebb_chart_draw(): the frame, axes and messages,
 *                          and where every label goes
 *   ebb-chart-reference.c  severity bands and the rule lines, labelled
 *   ebb-chart-series.c     ratings, fades, projections and sessions
 *   ebb-chart-legend.c     the legend
 *   ebb-chart-medicines.c  medicines, under the dates
 *   ebb-chart-panels.c     blood pressure and dissociation, under the sessions
 *   ebb-chart-describe.c   hit-testing, the labels listed, tooltips and the
 *                          accessible summary
 *   ebb-chart-export.c     PNG, SVG and PDF files
 */
#pragma once

#include <pango/pangocairo.h>

#include "ebb-chart.h"

G_BEGIN_DECLS

#define EBB_CHART_MINUS "\xe2\x88\x92"   /* U+2212: a real minus sign, as wide as a plus */
#define EBB_CHART_N_BAND_COLOURS 5
#define EBB_CHART_N_SERIES_STYLES 6

struct _EbbChart
{
  EbbChartMode    mode;
  GPtrArray      *trajectories;   /* EbbTrajectory*, owned */
  GPtrArray      *medicines;      /* EbbMedicine*, a reference to the records', or NULL */
  GPtrArray      *events;         /* EbbEvent*, a reference to the records', or NULL */
  gint32          from_day;       /* 0: automatic */
  gint32          to_day;
  EbbChartTheme   theme;
  EbbChartParts   parts;
  EbbChartPanels  panels;
  gboolean        for_screen;     /* "today" rather than the date */

  PangoContext   *pango;          /* for measuring and drawing text alike */

  /* The last layout, for hit-testing on every pointer motion. */
  gboolean        cache_valid;
  gboolean        cache_for_screen;
  EbbChartLayout  cache;
};

/* What the chart shows (ebb-chart.c) --------------------------------------- */

static inline EbbTrajectory *
_ebb_chart_nth_trajectory (EbbChart *self,
                           guint     i)
{
  return g_ptr_array_index (self->trajectories, i);
}

static inline double
_ebb_chart_when_day (const EbbWhen *when)
{
  /* A time of day places the mark within its day; a bare date at the
   * day's start, so that a pre-dose rating sits on its session. */
  return when->day + (EBB_WHEN_HAS_TIME (when) ? when->second / 86400.0 : 0.0);
}

static inline gboolean
_ebb_chart_has_baseline (const EbbTrajectory *trajectory)
{
  return ebb_trajectory_get_baseline_status (trajectory) == EBB_BASELINE_OK;
}

static inline gboolean
_ebb_chart_day_in_domain (const EbbChartLayout *l,
                          double                day)
{
  return day >= l->day_min && day <= l->day_max;
}

gboolean            _ebb_chart_is_drawn          (EbbChart             *self,
                                                  const EbbTrajectory  *trajectory);
double              _ebb_chart_value             (EbbChart             *self,
                                                  const EbbTrajectory  *trajectory,
                                                  double                score);
GPtrArray          *_ebb_chart_sessions          (EbbChart             *self);
gint32              _ebb_chart_as_of             (EbbChart             *self);
const EbbSession   *_ebb_chart_next_session      (EbbChart             *self);
gboolean            _ebb_chart_session_is_shown  (EbbChart             *self,
                                                  const EbbChartLayout *l,
                                                  const EbbSession     *session);
guint               _ebb_chart_n_points_shown    (const EbbTrajectory  *trajectory,
                                                  const EbbChartLayout *l);
gboolean            _ebb_chart_fade_span         (const EbbTrajectory  *trajectory,
                                                  const EbbEpisode     *episode,
                                                  double               *start,
                                                  double               *end);
gboolean            _ebb_chart_projection_span   (const EbbTrajectory  *trajectory,
                                                  double               *start_day,
                                                  double               *end_day,
                                                  gboolean             *fades);

/* Style (ebb-chart-style.c) ------------------------------------------------ */

typedef struct
{
  double r, g, b, a;
} EbbChartRgba;

/* The colours of one theme, and what stands in for colour in print. */
typedef struct
{
  EbbChartRgba background;
  EbbChartRgba text;
  EbbChartRgba text_dim;
  EbbChartRgba grid;
  EbbChartRgba axis;
  EbbChartRgba line;
  EbbChartRgba marker_edge;   /* a thin edge that keeps neighbouring markers apart */
  EbbChartRgba baseline;
  EbbChartRgba threshold;
  EbbChartRgba remission;
  EbbChartRgba fade;          /* the faded span's tint, over the plot's own background */
  EbbChartRgba fade_line;     /* its hatching, which reads over any band and in any theme */
  EbbChartRgba fade_text;     /* its top edge and its label */
  gboolean     fade_hatch;    /* print: greys and hatching only (also a second ring on alerts) */
  EbbChartRgba projection;
  EbbChartRgba alert;
  EbbChartRgba relapse;       /* purple, as the relapse flag is everywhere in the window */
  EbbChartRgba session;
  EbbChartRgba session_off;   /* cancelled and missed */
  EbbChartRgba session_rule;  /* the faint line from a done session up through the plot */
  EbbChartRgba today;
  EbbChartRgba halo;          /* behind labels drawn over data */
  EbbChartRgba bands[EBB_CHART_N_BAND_COLOURS];
  EbbChartRgba series[EBB_CHART_N_SERIES_STYLES];
  double       line_width;
} EbbChartPalette;

typedef enum
{
  EBB_CHART_MARKER_CIRCLE,
  EBB_CHART_MARKER_SQUARE,
  EBB_CHART_MARKER_TRIANGLE,
  EBB_CHART_MARKER_DIAMOND,
  EBB_CHART_MARKER_TRIANGLE_DOWN,
  EBB_CHART_MARKER_CROSS,
} EbbChartMarker;

/* How the scales of a % change chart are told apart without colour. */
typedef struct
{
  const double   *dash;
  int             n_dash;
  EbbChartMarker  marker;
} EbbChartSeriesStyle;

const EbbChartPalette     *_ebb_chart_get_palette         (EbbChart              *self);
const EbbChartSeriesStyle *_ebb_chart_series_style        (guint                  index);
void                       _ebb_chart_set_source          (cairo_t               *cr,
                                                           const EbbChartRgba    *colour);
void                       _ebb_chart_set_dash            (cairo_t               *cr,
                                                           const double          *dash,
                                                           int                    n);
void                       _ebb_chart_set_projection_dash (cairo_t               *cr);
void                       _ebb_chart_crisp_hline         (cairo_t               *cr,
                                                           double                 x0,
                                                           double                 x1,
                                                           double                 y,
                                                           double                 width_pt);
void                       _ebb_chart_crisp_vline         (cairo_t               *cr,
                                                           double                 x,
                                                           double                 y0,
                                                           double                 y1,
                                                           double                 width_pt);
void                       _ebb_chart_marker_path         (cairo_t               *cr,
                                                           EbbChartMarker         shape,
                                                           double                 x,
                                                           double                 y,
                                                           double                 r);
void                       _ebb_chart_fade_diamond        (cairo_t               *cr,
                                                           const EbbChartPalette *palette,
                                                           double                 x,
                                                           double                 y,
                                                           double                 r);
void                       _ebb_chart_draw_session_glyph  (cairo_t               *cr,
                                                           const EbbChartPalette *palette,
                                                           EbbSessionStatus       status,
                                                           EbbPhase               phase,
                                                           double                 x,
                                                           double                 y,
                                                           double                 r);
void                       _ebb_chart_fade_fill           (cairo_t               *cr,
                                                           const EbbChartPalette *palette,
                                                           const EbbChartRect    *rects,
                                                           guint                  n_rects);

/* Text (ebb-chart-text.c) -------------------------------------------------- */

typedef enum
{
  EBB_CHART_TEXT_PLAIN = 0,
  EBB_CHART_TEXT_BOLD = 1 << 0,
  EBB_CHART_TEXT_MARKUP = 1 << 1,
} EbbChartTextFlags;

PangoLayout *_ebb_chart_make_text           (EbbChart           *self,
                                             const char         *text,
                                             double              size,
                                             EbbChartTextFlags   flags,
                                             double              wrap_width);
void         _ebb_chart_text_size           (PangoLayout        *layout,
                                             double             *width,
                                             double             *height);
double       _ebb_chart_measure_width       (EbbChart           *self,
                                             const char         *text,
                                             double              size,
                                             EbbChartTextFlags   flags);
double       _ebb_chart_line_height         (EbbChart           *self,
                                             double              size,
                                             EbbChartTextFlags   flags);
void         _ebb_chart_show_text           (cairo_t            *cr,
                                             PangoLayout        *layout,
                                             double              x,
                                             double              y,
                                             const EbbChartRgba *colour);
void         _ebb_chart_show_text_with_halo (cairo_t            *cr,
                                             PangoLayout        *layout,
                                             double              x,
                                             double              y,
                                             const EbbChartRgba *colour,
                                             const EbbChartRgba *halo);
char        *_ebb_chart_capitalise          (const char         *text);
char        *_ebb_chart_format_number       (double              value);
char        *_ebb_chart_format_day_month    (gint32              day,
                                             const char         *format);
char        *_ebb_chart_value_label         (EbbChart           *self,
                                             double              value);
const char  *_ebb_chart_subject             (EbbChart           *self);
char        *_ebb_chart_footnote_text       (EbbChart           *self);

/* Room for labels (ebb-chart-text.c) --------------------------------------- */

/* What a label's box would cover. */
typedef enum
{
  EBB_CHART_COVER_DATA    = 1 << 0,   /* ratings, their lines and rings, the projection */
  EBB_CHART_COVER_LABEL   = 1 << 1,   /* a label placed before */
  EBB_CHART_COVER_RULE    = 1 << 2,   /* a rule line or the as-of line */
  EBB_CHART_COVER_OUTSIDE = 1 << 3,   /* out of bounds */
} EbbChartCover;

/* Everything labels must keep clear of, and the bounds they stay in. */
typedef struct
{
  EbbChartRect  bounds;
  GArray       *shapes;   /* private to ebb-chart-text.c */
} EbbChartObstacles;

/* A label placed: where, what, and how it is drawn. */
typedef struct
{
  EbbChartLabelKind   kind;
  EbbChartRect        rect;       /* the text's logical extents: where it is drawn */
  EbbChartRect        area;       /* what it paints over: its halo, or its ink */
  PangoLayout        *layout;     /* owned */
  const EbbChartRgba *colour;
  gboolean            halo;
  gboolean            leader;     /* moved away from its mark: a hairline back to it */
  double              anchor_x;   /* the mark: its centre and radius */
  double              anchor_y;
  double              anchor_r;
} EbbChartPlacedLabel;

void                 _ebb_chart_obstacles_init        (EbbChartObstacles       *o,
                                                       const EbbChartRect      *bounds);
void                 _ebb_chart_obstacles_clear       (EbbChartObstacles       *o);
void                 _ebb_chart_obstacles_add_segment (EbbChartObstacles       *o,
                                                       EbbChartCover            cover,
                                                       double                   x0,
                                                       double                   y0,
                                                       double                   x1,
                                                       double                   y1,
                                                       double                   pad);
void                 _ebb_chart_obstacles_add_circle  (EbbChartObstacles       *o,
                                                       double                   x,
                                                       double                   y,
                                                       double                   r);
void                 _ebb_chart_obstacles_add_rect    (EbbChartObstacles       *o,
                                                       EbbChartCover            cover,
                                                       const EbbChartRect      *rect);
EbbChartCover        _ebb_chart_obstacles_cover       (const EbbChartObstacles *o,
                                                       const EbbChartRect      *box);
int                  _ebb_chart_obstacles_choose      (const EbbChartObstacles *o,
                                                       const EbbChartRect      *candidates,
                                                       guint                    n,
                                                       EbbChartCover            must_avoid,
                                                       EbbChartCover            rather_avoid,
                                                       guint                    penalty);
gboolean             _ebb_chart_place_near            (const EbbChartObstacles *o,
                                                       double                   x,
                                                       double                   y,
                                                       double                   r,
                                                       double                   w,
                                                       double                   h,
                                                       guint                    max_steps,
                                                       EbbChartRect            *box,
                                                       gboolean                *moved);
GArray              *_ebb_chart_labels_new            (void);
EbbChartPlacedLabel *_ebb_chart_labels_add            (GArray                  *labels,
                                                       EbbChartObstacles       *o,
                                                       EbbChartLabelKind        kind,
                                                       const EbbChartRect      *rect,
                                                       PangoLayout             *layout,
                                                       const EbbChartRgba      *colour,
                                                       gboolean                 halo);

/* Layout (ebb-chart-layout.c) ---------------------------------------------- */

typedef struct
{
  double       x;
  double       width;
  PangoLayout *layout;   /* NULL: the label is skipped, to make room */
} EbbChartDateTick;

GArray *_ebb_chart_compute_date_ticks (EbbChart             *self,
                                       const EbbChartLayout *l);

/* Drawing (ebb-chart-draw.c, -reference.c, -series.c, -legend.c) ---------- */

typedef struct
{
  EbbChart              *self;
  const EbbChartLayout  *l;
  const EbbChartPalette *palette;
  cairo_t               *cr;
} EbbChartDrawing;

static inline double
_ebb_chart_x_for (const EbbChartDrawing *d,
                  double                 day)
{
  return ebb_chart_layout_x_for_day (d->l, day);
}

static inline double
_ebb_chart_y_for (const EbbChartDrawing *d,
                  double                 value)
{
  return ebb_chart_layout_y_for_value (d->l, value);
}

GArray *_ebb_chart_place_labels         (const EbbChartDrawing *d,
                                         GArray                *rules,
                                         GArray                *spans,
                                         const char            *message);
char   *_ebb_chart_empty_message        (EbbChart              *self,
                                         const EbbChartLayout  *l);
void    _ebb_chart_draw_labels          (const EbbChartDrawing *d,
                                         GArray                *labels,
                                         EbbChartLabelKind      kind);

GArray *_ebb_chart_collect_rules        (EbbChart              *self);
double  _ebb_chart_rule_labels_width    (EbbChart              *self,
                                         double                 size);
void    _ebb_chart_add_rule_obstacles   (const EbbChartDrawing *d,
                                         GArray                *rules,
                                         EbbChartObstacles     *o);
void    _ebb_chart_draw_bands           (const EbbChartDrawing *d);
void    _ebb_chart_place_band_labels    (const EbbChartDrawing *d,
                                         EbbChartObstacles     *o,
                                         GArray                *labels);
void    _ebb_chart_draw_earlier_courses (const EbbChartDrawing *d);
void    _ebb_chart_draw_rules           (const EbbChartDrawing *d,
                                         GArray                *rules);
void    _ebb_chart_place_rule_labels    (const EbbChartDrawing *d,
                                         GArray                *rules,
                                         EbbChartObstacles     *o,
                                         GArray                *labels);
void    _ebb_chart_draw_rule_labels     (const EbbChartDrawing *d,
                                         GArray                *rules);

GArray *_ebb_chart_collect_fade_spans   (EbbChart              *self);
void    _ebb_chart_add_data_obstacles   (const EbbChartDrawing *d,
                                         EbbChartObstacles     *o);
void    _ebb_chart_draw_fades           (const EbbChartDrawing *d,
                                         GArray                *spans);
void    _ebb_chart_place_alert_labels   (const EbbChartDrawing *d,
                                         EbbChartObstacles     *o,
                                         GArray                *labels);
void    _ebb_chart_place_relapse_labels (const EbbChartDrawing *d,
                                         EbbChartObstacles     *o,
                                         GArray                *labels);
void    _ebb_chart_place_fade_labels    (const EbbChartDrawing *d,
                                         GArray                *spans,
                                         EbbChartObstacles     *o,
                                         GArray                *labels);
void    _ebb_chart_draw_session_rules   (const EbbChartDrawing *d);
void    _ebb_chart_draw_projections     (const EbbChartDrawing *d);
void    _ebb_chart_draw_series          (const EbbChartDrawing *d);
void    _ebb_chart_draw_alerts          (const EbbChartDrawing *d);
void    _ebb_chart_draw_relapses        (const EbbChartDrawing *d);
void    _ebb_chart_draw_sessions        (const EbbChartDrawing *d);

/* Medicines (ebb-chart-medicines.c) --------------------------------------- */

typedef struct
{
  const EbbMedicine *medicine;
  double             start;   /* days shown, within the chart's */
  double             end;
  guint              row;
} EbbChartMedicine;

GArray *_ebb_chart_collect_medicines  (EbbChart              *self,
                                       double                 day_min,
                                       double                 day_max,
                                       double                 plot_width,
                                       double                 font_size,
                                       guint                 *n_rows);
gboolean _ebb_chart_has_medicines     (EbbChart              *self,
                                       double                 day_min,
                                       double                 day_max);
void    _ebb_chart_medicine_bar       (cairo_t               *cr,
                                       const EbbChartPalette *palette,
                                       const EbbChartRect    *bar);
void    _ebb_chart_draw_medicines     (const EbbChartDrawing *d);
void    _ebb_chart_describe_medicines (EbbChart              *self,
                                       GString               *text);

/* Panels (ebb-chart-panels.c) -------------------------------------------- */

void     _ebb_chart_layout_panels        (EbbChart              *self,
                                          EbbChartLayout        *l,
                                          EbbChartPanels         panels,
                                          double                 small_h,
                                          double                 x,
                                          double                 width,
                                          double                *bottom);
void     _ebb_chart_draw_panels          (const EbbChartDrawing *d);
gboolean _ebb_chart_hit_test_panels      (EbbChart              *self,
                                          const EbbChartLayout  *l,
                                          double                 x,
                                          double                 y,
                                          EbbChartHit           *hit);
char    *_ebb_chart_describe_panel_hit   (EbbChart              *self,
                                          const EbbChartHit     *hit);
void     _ebb_chart_describe_panels      (EbbChart              *self,
                                          GString               *text);

/* Events (ebb-chart-events.c) --------------------------------------------- */

typedef struct
{
  const EbbEvent *event;
  double          x;            /* the marker's centre, from the plot's left edge */
  double          label_width;  /* points its label may take; 0: no label */
  guint           row;          /* its label's: 0 beside the marker, next to the
                                 * plot; 1 over it */
} EbbChartEvent;

GArray *_ebb_chart_collect_events     (EbbChart              *self,
                                       double                 day_min,
                                       double                 day_max,
                                       double                 plot_width,
                                       double                 label_limit,
                                       double                 font_size,
                                       guint                 *n_rows);
void    _ebb_chart_has_events         (EbbChart              *self,
                                       double                 day_min,
                                       double                 day_max,
                                       gboolean              *plain,
                                       gboolean              *alarm);
void    _ebb_chart_event_marker       (cairo_t               *cr,
                                       const EbbChartPalette *palette,
                                       gboolean               alarm,
                                       double                 x,
                                       double                 y,
                                       double                 half);
void    _ebb_chart_draw_events        (const EbbChartDrawing *d);
void    _ebb_chart_describe_events    (EbbChart              *self,
                                       GString               *text);

GArray *_ebb_chart_collect_legend     (EbbChart              *self,
                                       double                 day_min,
                                       double                 day_max);
double  _ebb_chart_legend_flow        (EbbChart              *self,
                                       const EbbChartLayout  *l,
                                       GArray                *items,
                                       double                 x0,
                                       double                 y0,
                                       double                 width,
                                       cairo_t               *cr);

/* Export (ebb-chart-export.c) ---------------------------------------------- */

gboolean _ebb_chart_export_paint_described (const char         *path,
                                            EbbChartFormat      format,
                                            double              width_pt,
                                            double              height_pt,
                                            double              dpi,
                                            const char         *title,
                                            const char         *description,
                                            EbbChartPaintFunc   paint,
                                            gpointer            user_data,
                                            GError            **error);
char    *_ebb_chart_title_text             (EbbChart           *self);

G_END_DECLS
