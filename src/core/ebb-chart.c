/* ebb-chart.c — a trajectory drawn on any cairo_t, at any size
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is in points.  The layout (where the plot, the session
 * strip, the axis, the legend and the footnote go, and how days and values
 * map to positions) is computed by one function, compute_layout(), and
 * both drawing and hit-testing read it.  Text is measured with a Pango
 * context of our own (72 dpi, unhinted metrics), never with the target's,
 * so the layout does not depend on whether the chart is drawn on a window,
 * a 300 dpi PNG or a PDF.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "ebb-chart.h"

#define FONT_FAMILY "Cantarell, DejaVu Sans, sans"
#define MIN_FONT_SIZE 8.0
#define MINUS "\xe2\x88\x92"   /* U+2212: a real minus sign, as wide as a plus */
#define N_BAND_COLOURS 5
#define N_SERIES_STYLES 6

/* Theme ------------------------------------------------------------------ */

typedef struct
{
  double r, g, b, a;
} Rgba;

#define HEX(c, alpha) { (((c) >> 16) & 0xff) / 255.0, (((c) >> 8) & 0xff) / 255.0, ((c) & 0xff) / 255.0, (alpha) }

typedef struct
{
  Rgba     background;
  Rgba     text;
  Rgba     text_dim;
  Rgba     grid;
  Rgba     axis;
  Rgba     line;
  Rgba     marker_edge;   /* a thin edge that keeps neighbouring markers apart */
  Rgba     baseline;
  Rgba     threshold;
  Rgba     remission;
  Rgba     fade;
  Rgba     fade_text;
  gboolean fade_hatch;    /* hatching instead of a tint: readable in black and white */
  Rgba     projection;
  Rgba     alert;
  Rgba     session;
  Rgba     session_off;   /* cancelled and missed */
  Rgba     session_rule;  /* the faint line from a done session up through the plot */
  Rgba     today;
  Rgba     halo;          /* behind labels drawn over data */
  Rgba     bands[N_BAND_COLOURS];
  Rgba     series[N_SERIES_STYLES];
  double   line_width;
} Theme;

/* GNOME HIG palette: blue 3 #3584e4, green 3 #33d17a, yellow 3 #f6d32d,
 * orange 3 #ff7800, red 3 #e01b24; darker steps where text or thin lines
 * need contrast on white. */
static const Theme light_theme = {
  .background   = HEX (0xffffff, 1.0),
  .text         = HEX (0x241f31, 1.0),
  .text_dim     = HEX (0x5e5c64, 1.0),
  .grid         = HEX (0x000000, 0.07),
  .axis         = HEX (0x77767b, 1.0),
  .line         = HEX (0x3584e4, 1.0),
  .marker_edge  = HEX (0xffffff, 0.9),
  .baseline     = HEX (0x77767b, 1.0),
  .threshold    = HEX (0x1a5fb4, 1.0),
  .remission    = HEX (0x26a269, 1.0),
  .fade         = HEX (0xe01b24, 0.14),
  .fade_text    = HEX (0xc01c28, 1.0),
  .fade_hatch   = FALSE,
  .projection   = HEX (0x1a5fb4, 1.0),
  .alert        = HEX (0xe01b24, 1.0),
  .session      = HEX (0x3d3846, 1.0),
  .session_off  = HEX (0x9a9996, 1.0),
  .session_rule = HEX (0x3d3846, 0.07),
  .today        = HEX (0x241f31, 0.6),
  .halo         = HEX (0xffffff, 0.8),
  .bands = {
    HEX (0x33d17a, 0.15),
    HEX (0xf6d32d, 0.22),
    HEX (0xff7800, 0.15),
    HEX (0xe01b24, 0.13),
    HEX (0xa51d2d, 0.17),
  },
  .series = {
    HEX (0x3584e4, 1.0),
    HEX (0xe66100, 1.0),
    HEX (0x9141ac, 1.0),
    HEX (0x26a269, 1.0),
    HEX (0x865e3c, 1.0),
    HEX (0x5e5c64, 1.0),
  },
  .line_width = 2.0,
};

static const Theme dark_theme = {
  .background   = HEX (0x1e1e1e, 1.0),
  .text         = HEX (0xffffff, 0.92),
  .text_dim     = HEX (0xffffff, 0.62),
  .grid         = HEX (0xffffff, 0.07),
  .axis         = HEX (0xffffff, 0.45),
  .line         = HEX (0x62a0ea, 1.0),
  .marker_edge  = HEX (0x1e1e1e, 0.9),
  .baseline     = HEX (0x9a9996, 1.0),
  .threshold    = HEX (0x99c1f1, 1.0),
  .remission    = HEX (0x57e389, 1.0),
  .fade         = HEX (0xe01b24, 0.18),
  .fade_text    = HEX (0xf66151, 1.0),
  .fade_hatch   = FALSE,
  .projection   = HEX (0x99c1f1, 1.0),
  .alert        = HEX (0xff7b63, 1.0),
  .session      = HEX (0xdeddda, 1.0),
  .session_off  = HEX (0x77767b, 1.0),
  .session_rule = HEX (0xffffff, 0.06),
  .today        = HEX (0xffffff, 0.55),
  .halo         = HEX (0x1e1e1e, 0.8),
  .bands = {
    HEX (0x33d17a, 0.08),
    HEX (0xf6d32d, 0.09),
    HEX (0xff7800, 0.09),
    HEX (0xe01b24, 0.10),
    HEX (0xe01b24, 0.15),
  },
  .series = {
    HEX (0x62a0ea, 1.0),
    HEX (0xffa348, 1.0),
    HEX (0xc061cb, 1.0),
    HEX (0x57e389, 1.0),
    HEX (0xcdab8f, 1.0),
    HEX (0xc0bfbc, 1.0),
  },
  .line_width = 2.0,
};

/* Greys, dashes and hatching only: a photocopy keeps every distinction. */
static const Theme print_theme = {
  .background   = HEX (0xffffff, 1.0),
  .text         = HEX (0x000000, 1.0),
  .text_dim     = HEX (0x444444, 1.0),
  .grid         = HEX (0x000000, 0.12),
  .axis         = HEX (0x000000, 0.7),
  .line         = HEX (0x000000, 1.0),
  .marker_edge  = HEX (0xffffff, 1.0),
  .baseline     = HEX (0x555555, 1.0),
  .threshold    = HEX (0x000000, 1.0),
  .remission    = HEX (0x000000, 1.0),
  .fade         = HEX (0x000000, 0.45),
  .fade_text    = HEX (0x000000, 1.0),
  .fade_hatch   = TRUE,
  .projection   = HEX (0x000000, 1.0),
  .alert        = HEX (0x000000, 1.0),
  .session      = HEX (0x000000, 1.0),
  .session_off  = HEX (0x777777, 1.0),
  .session_rule = HEX (0x000000, 0.08),
  .today        = HEX (0x000000, 0.7),
  .halo         = HEX (0xffffff, 0.85),
  .bands = {
    HEX (0x000000, 0.0),
    HEX (0x000000, 0.04),
    HEX (0x000000, 0.08),
    HEX (0x000000, 0.12),
    HEX (0x000000, 0.16),
  },
  .series = {
    HEX (0x000000, 1.0),
    HEX (0x555555, 1.0),
    HEX (0x000000, 1.0),
    HEX (0x555555, 1.0),
    HEX (0x000000, 1.0),
    HEX (0x555555, 1.0),
  },
  .line_width = 1.6,
};

/* Line styles: the dash tells them apart without colour. */
static const double dash_baseline[] = { 6.0, 3.0 };
static const double dash_threshold[] = { 3.5, 2.5 };
static const double dash_remission[] = { 0.01, 2.6 };   /* dots, with round caps */
static const double dash_projection[] = { 4.0, 2.5 };

typedef enum
{
  MARKER_CIRCLE,
  MARKER_SQUARE,
  MARKER_TRIANGLE,
  MARKER_DIAMOND,
  MARKER_TRIANGLE_DOWN,
  MARKER_CROSS,
} MarkerShape;

typedef struct
{
  const double *dash;
  int           n_dash;
  MarkerShape   marker;
} SeriesStyle;

static const double dash_series_1[] = { 6.0, 3.0 };
static const double dash_series_2[] = { 0.01, 3.0 };
static const double dash_series_3[] = { 8.0, 3.0, 0.01, 3.0 };
static const double dash_series_4[] = { 3.0, 2.0 };

static const SeriesStyle series_styles[N_SERIES_STYLES] = {
  { NULL, 0, MARKER_CIRCLE },
  { dash_series_1, G_N_ELEMENTS (dash_series_1), MARKER_SQUARE },
  { dash_series_2, G_N_ELEMENTS (dash_series_2), MARKER_TRIANGLE },
  { dash_series_3, G_N_ELEMENTS (dash_series_3), MARKER_DIAMOND },
  { dash_series_4, G_N_ELEMENTS (dash_series_4), MARKER_TRIANGLE_DOWN },
  { NULL, 0, MARKER_CROSS },
};

/* The chart --------------------------------------------------------------- */

struct _EbbChart
{
  EbbChartMode    mode;
  GPtrArray      *trajectories;   /* EbbTrajectory*, owned */
  gint32          from_day;       /* 0: automatic */
  gint32          to_day;
  EbbChartTheme   theme;
  EbbChartParts   parts;

  PangoContext   *pango;          /* for measuring and drawing text alike */

  /* The last layout, for hit-testing on every pointer motion. */
  gboolean        cache_valid;
  EbbChartLayout  cache;
};

G_DEFINE_QUARK (ebb-chart-error-quark, ebb_chart_error)

static void
invalidate (EbbChart *self)
{
  self->cache_valid = FALSE;
}

/**
 * ebb_chart_new:
 * @mode: one scale's scores, or several scales as % change from baseline
 *
 * Creates an empty chart; add trajectories with ebb_chart_add_trajectory().
 *
 * Returns: (transfer full): a new chart
 */
EbbChart *
ebb_chart_new (EbbChartMode mode)
{
  EbbChart *self = g_new0 (EbbChart, 1);

  self->mode = mode;
  self->trajectories = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_trajectory_free);
  self->theme = EBB_CHART_THEME_LIGHT;
  self->parts = EBB_CHART_PART_ALL;
  return self;
}

/**
 * ebb_chart_free:
 * @chart: (nullable): a chart
 *
 * Frees the chart and the trajectories it holds.
 */
void
ebb_chart_free (EbbChart *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->trajectories, g_ptr_array_unref);
  g_clear_object (&self->pango);
  g_free (self);
}

/**
 * ebb_chart_add_trajectory:
 * @trajectory: (transfer full): a trajectory of the chart's patient
 *
 * In score mode a chart holds one trajectory; in % change mode one per
 * scale, drawn in the order added.
 */
void
ebb_chart_add_trajectory (EbbChart      *self,
                          EbbTrajectory *trajectory)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (trajectory != NULL);
  g_return_if_fail (self->mode == EBB_CHART_MODE_PERCENT || self->trajectories->len == 0);

  g_ptr_array_add (self->trajectories, trajectory);
  invalidate (self);
}

/**
 * ebb_chart_get_n_trajectories:
 *
 * Returns: how many trajectories the chart holds (scales, in % change mode)
 */
guint
ebb_chart_get_n_trajectories (EbbChart *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->trajectories->len;
}

/**
 * ebb_chart_get_trajectory:
 * @index: less than ebb_chart_get_n_trajectories()
 *
 * Returns: (transfer none): the trajectory, owned by the chart
 */
const EbbTrajectory *
ebb_chart_get_trajectory (EbbChart *self,
                          guint     index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->trajectories->len, NULL);
  return g_ptr_array_index (self->trajectories, index);
}

/**
 * ebb_chart_get_mode:
 *
 * Returns: score, or % change from baseline
 */
EbbChartMode
ebb_chart_get_mode (EbbChart *self)
{
  g_return_val_if_fail (self != NULL, EBB_CHART_MODE_SCORE);
  return self->mode;
}

/**
 * ebb_chart_set_range:
 * @from_day: the first day shown, or 0 for the start of the history
 * @to_day: the last day shown, or 0 for the end of the history and the
 *   next scheduled session
 *
 * Limits the chart to a date range (days as in #EbbWhen).
 */
void
ebb_chart_set_range (EbbChart *self,
                     gint32    from_day,
                     gint32    to_day)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (from_day >= 0 && to_day >= 0);
  g_return_if_fail (from_day == 0 || to_day == 0 || from_day <= to_day);

  self->from_day = from_day;
  self->to_day = to_day;
  invalidate (self);
}

/**
 * ebb_chart_get_range:
 * @from_day: (out) (optional): the first day asked for, or 0
 * @to_day: (out) (optional): the last day asked for, or 0
 *
 * The range set with ebb_chart_set_range(); the layout has the days
 * actually shown.
 */
void
ebb_chart_get_range (EbbChart *self,
                     gint32   *from_day,
                     gint32   *to_day)
{
  g_return_if_fail (self != NULL);
  if (from_day != NULL)
    *from_day = self->from_day;
  if (to_day != NULL)
    *to_day = self->to_day;
}

/**
 * ebb_chart_set_theme:
 * @theme: light, dark, or print (greys, dashes and hatching only)
 *
 * The window follows the desktop's style; exports for case notes use
 * light or print.
 */
void
ebb_chart_set_theme (EbbChart      *self,
                     EbbChartTheme  theme)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (theme <= EBB_CHART_THEME_PRINT);
  self->theme = theme;
}

/**
 * ebb_chart_get_theme:
 *
 * Returns: the theme the chart is drawn in
 */
EbbChartTheme
ebb_chart_get_theme (EbbChart *self)
{
  g_return_val_if_fail (self != NULL, EBB_CHART_THEME_LIGHT);
  return self->theme;
}

/**
 * ebb_chart_set_parts:
 * @parts: which of title, legend and footnote to show
 *
 * Even when asked for, the legend, footnote and title are left out (in
 * that order) when the chart is too small for them and the plot.
 */
void
ebb_chart_set_parts (EbbChart      *self,
                     EbbChartParts  parts)
{
  g_return_if_fail (self != NULL);
  self->parts = parts & EBB_CHART_PART_ALL;
  invalidate (self);
}

/**
 * ebb_chart_get_parts:
 *
 * Returns: the parts asked for (the layout may leave some out)
 */
EbbChartParts
ebb_chart_get_parts (EbbChart *self)
{
  g_return_val_if_fail (self != NULL, EBB_CHART_PART_ALL);
  return self->parts;
}

static const Theme *
get_theme (EbbChart *self)
{
  switch (self->theme)
    {
    case EBB_CHART_THEME_DARK:  return &dark_theme;
    case EBB_CHART_THEME_PRINT: return &print_theme;
    case EBB_CHART_THEME_LIGHT:
    default:                    return &light_theme;
    }
}

/* Data helpers ----------------------------------------------------------- */

static EbbTrajectory *
nth_trajectory (EbbChart *self,
                guint     i)
{
  return g_ptr_array_index (self->trajectories, i);
}

static double
when_day (const EbbWhen *when)
{
  /* A time of day places the mark within its day; a bare date at the
   * day's start, so that a pre-dose rating sits on its session. */
  return when->day + (EBB_WHEN_HAS_TIME (when) ? when->second / 86400.0 : 0.0);
}

static gboolean
has_baseline (const EbbTrajectory *trajectory)
{
  return ebb_trajectory_get_baseline_status (trajectory) == EBB_BASELINE_OK;
}

/* Whether a trajectory is drawn at all: in % change mode only with a
 * baseline to measure change from. */
static gboolean
is_drawn (EbbChart            *self,
          const EbbTrajectory *trajectory)
{
  return self->mode == EBB_CHART_MODE_SCORE || has_baseline (trajectory);
}

/* A score as the y axis shows it: itself, or % change from baseline
 * (negative is better, so that "down is better" in both modes). */
static double
chart_value (EbbChart            *self,
             const EbbTrajectory *trajectory,
             double               score)
{
  double baseline;

  if (self->mode == EBB_CHART_MODE_SCORE)
    return score;
  baseline = ebb_trajectory_get_baseline (trajectory)->total;
  return (score - baseline) / baseline * 100.0;
}

static GPtrArray *
chart_sessions (EbbChart *self)
{
  if (self->trajectories->len == 0)
    return NULL;
  return ebb_trajectory_get_sessions (nth_trajectory (self, 0));
}

static gint32
chart_as_of (EbbChart *self)
{
  if (self->trajectories->len == 0)
    return 0;
  return ebb_trajectory_get_as_of (nth_trajectory (self, 0));
}

/* The next scheduled session after the as-of date: the one booking the
 * chart reaches out to. */
static const EbbSession *
chart_next_session (EbbChart *self)
{
  if (self->trajectories->len == 0)
    return NULL;
  return ebb_trajectory_get_next_session (nth_trajectory (self, 0));
}

/* Sessions shown: everything up to the as-of date and the next booking;
 * later bookings are beyond what the chart is about. */
static gboolean
session_is_shown (EbbChart         *self,
                  const EbbSession *session)
{
  const EbbSession *next = chart_next_session (self);

  if (session->when.day <= chart_as_of (self))
    return TRUE;
  return next != NULL && session->when.day <= next->when.day;
}

static gboolean
day_in_domain (const EbbChartLayout *l,
               double                day)
{
  return day >= l->day_min && day <= l->day_max;
}

/* Fading span of an episode: from the fade to its next session, or to the
 * as-of date when nothing is booked (a fade with nothing booked is urgent). */
static gboolean
fade_span (EbbChart            *self,
           const EbbTrajectory *trajectory,
           const EbbEpisode    *episode,
           double              *start,
           double              *end)
{
  const EbbTrajectoryPoint *point;

  if (episode->fade == G_MAXUINT)
    return FALSE;
  point = ebb_trajectory_get_point (trajectory, episode->fade);
  *start = point->score->when.day;
  if (point->next_session != NULL)
    *end = point->next_session->when.day;
  else
    *end = MAX (*start, (double) ebb_trajectory_get_as_of (trajectory) + 1);
  return TRUE;
}

/* The projection as drawn: from the fit's first rating to the projected
 * fade date when that comes before the next session, otherwise to the
 * next session (the trend, with no fade before it). */
static gboolean
projection_span (const EbbTrajectory *trajectory,
                 double              *start_day,
                 double              *end_day,
                 gboolean            *fades)
{
  const EbbProjection *p = ebb_trajectory_get_projection (trajectory);
  const EbbTrajectoryPoint *first;

  if (p == NULL)
    return FALSE;
  first = ebb_trajectory_get_point (trajectory, p->first_point);
  *start_day = first->score->when.day;
  *fades = p->fade_day > 0 && p->fade_day < p->next_session->when.day;
  *end_day = *fades ? p->fade_day : p->next_session->when.day;
  return *end_day > *start_day;
}

static double
projection_value (const EbbTrajectory *trajectory,
                  double               day)
{
  const EbbProjection *p = ebb_trajectory_get_projection (trajectory);

  return p->intercept + p->slope * (day - p->session->when.day);
}

/* Text ------------------------------------------------------------------- */

static PangoContext *
get_pango (EbbChart *self)
{
  if (self->pango == NULL)
    {
      cairo_font_options_t *options = cairo_font_options_create ();

      /* 72 dpi makes a point a unit; unhinted metrics and unrounded glyph
       * positions make a label exactly as wide at every scale. */
      self->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      pango_cairo_context_set_resolution (self->pango, 72.0);
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
      pango_cairo_context_set_font_options (self->pango, options);
      pango_context_set_round_glyph_positions (self->pango, FALSE);
      cairo_font_options_destroy (options);
    }
  return self->pango;
}

typedef enum
{
  TEXT_PLAIN = 0,
  TEXT_BOLD = 1 << 0,
  TEXT_MARKUP = 1 << 1,
} TextFlags;

static PangoLayout *
make_text (EbbChart   *self,
           const char *text,
           double      size,
           TextFlags   flags,
           double      wrap_width)
{
  PangoLayout *layout = pango_layout_new (get_pango (self));
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (flags & TEXT_BOLD)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  if (wrap_width > 0)
    {
      pango_layout_set_width (layout, (int) (wrap_width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (flags & TEXT_MARKUP)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (PangoLayout *layout,
           double      *width,
           double      *height)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

static double
measure_width (EbbChart   *self,
               const char *text,
               double      size,
               TextFlags   flags)
{
  g_autoptr(PangoLayout) layout = make_text (self, text, size, flags, -1);
  double width;

  text_size (layout, &width, NULL);
  return width;
}

static double
line_height (EbbChart *self,
             double    size,
             TextFlags flags)
{
  g_autoptr(PangoLayout) layout = make_text (self, "Ag", size, flags, -1);
  double height;

  text_size (layout, NULL, &height);
  return height;
}

static void
set_source (cairo_t    *cr,
            const Rgba *colour)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, colour->a);
}

static void
show_text (cairo_t     *cr,
           PangoLayout *layout,
           double       x,
           double       y,
           const Rgba  *colour)
{
  cairo_move_to (cr, x, y);
  set_source (cr, colour);
  pango_cairo_show_layout (cr, layout);
}

/* A label over data: a soft patch of background behind it. */
static void
show_text_with_halo (cairo_t     *cr,
                     PangoLayout *layout,
                     double       x,
                     double       y,
                     const Rgba  *colour,
                     const Rgba  *halo)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  /* Line by line, so a centred, wrapped message gets a snug patch. */
  set_source (cr, halo);
  do
    {
      PangoRectangle line;

      pango_layout_iter_get_line_extents (iter, NULL, &line);
      cairo_rectangle (cr, x + (double) line.x / PANGO_SCALE - 1.5, y + (double) line.y / PANGO_SCALE,
                       (double) line.width / PANGO_SCALE + 3, (double) line.height / PANGO_SCALE);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
  cairo_fill (cr);
  show_text (cr, layout, x, y, colour);
}

static char *
capitalise (const char *text)
{
  g_autofree char *first = g_utf8_strup (text, g_utf8_next_char (text) - text);

  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

static char *
format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4g", value));
}

/* "4 Jan", in the user's language. */
static char *
format_day_month (gint32      day,
                  const char *format)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  ebb_date_to_ymd (day, &y, &m, &d);
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  return dt != NULL ? g_date_time_format (dt, format) : g_strdup ("");
}

/* Domain ------------------------------------------------------------------- */

/* The whole history, plus the next scheduled session; the as-of date too
 * when it is close enough not to squash the data. */
static void
compute_days (EbbChart *self,
              double   *day_min,
              double   *day_max)
{
  const EbbSession *next = chart_next_session (self);
  GPtrArray *sessions = chart_sessions (self);
  const gint32 as_of = chart_as_of (self);
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, span, pad;

  for (guint t = 0; t < self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = nth_trajectory (self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);

      if (!is_drawn (self, trajectory))
        continue;
      for (guint i = 0; i < n; i++)
        {
          double day = when_day (&ebb_trajectory_get_point (trajectory, i)->score->when);

          lo = MIN (lo, day);
          hi = MAX (hi, day);
        }
    }
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->when.day > as_of)
        continue;
      lo = MIN (lo, when_day (&session->when));
      hi = MAX (hi, when_day (&session->when));
    }
  if (next != NULL)
    hi = MAX (hi, next->when.day);

  if (lo > hi)
    {
      /* Nothing yet: the four weeks up to the as-of date. */
      const gint32 end = as_of > 0 ? as_of : ebb_date_today ();

      lo = end - 28;
      hi = end + 7;
    }
  else if (as_of > hi && as_of - hi <= MAX (14.0, (hi - lo) / 4))
    hi = as_of;

  span = hi - lo;
  if (span < 14)
    {
      lo -= (14 - span) / 2;
      hi = lo + 14;
      span = 14;
    }
  pad = MAX (1.0, span * 0.03);

  *day_min = self->from_day > 0 ? self->from_day - 0.5 : floor (lo - pad);
  *day_max = self->to_day > 0 ? self->to_day + 0.5 : ceil (hi + pad);
  if (*day_max - *day_min < 1)
    *day_max = *day_min + 1;
}

static void
compute_values (EbbChart *self,
                double   *value_min,
                double   *value_max)
{
  double highest = 50;

  if (self->mode == EBB_CHART_MODE_SCORE)
    {
      const EbbScale *scale = self->trajectories->len > 0 ?
        ebb_trajectory_get_scale (nth_trajectory (self, 0)) : NULL;

      *value_min = scale != NULL ? scale->total_min : 0;
      *value_max = scale != NULL ? scale->total_max : 10;
      return;
    }

  /* % change: −100 is a score of 0; worse than baseline goes up, to the
   * next multiple of 50 above the worst rating, within reason. */
  for (guint t = 0; t < self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = nth_trajectory (self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);

      if (!has_baseline (trajectory))
        continue;
      for (guint i = 0; i < n; i++)
        highest = MAX (highest, chart_value (self, trajectory,
                                             ebb_trajectory_get_point (trajectory, i)->score->total));
    }
  *value_min = -100;
  *value_max = MIN (300, ceil (highest / 50) * 50);
}

/* The "nice number" step (1, 2, 2.5 or 5 × 10^k) that gives at most
 * @max_ticks intervals over @range. */
static double
nice_step (double range,
           double max_ticks)
{
  static const double mantissas[] = { 1, 2, 2.5, 5, 10 };
  double magnitude, raw;

  max_ticks = MAX (max_ticks, 1);
  raw = range / max_ticks;
  magnitude = pow (10, floor (log10 (raw)));
  for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
    {
      /* 2.5 makes ticks such as 7.5 on integer scales: only above 10. */
      if (mantissas[i] == 2.5 && magnitude < 10)
        continue;
      if (mantissas[i] * magnitude >= raw - 1e-9)
        return mantissas[i] * magnitude;
    }
  return 10 * magnitude;
}

/* Labels at the right edge ------------------------------------------------ */

typedef enum
{
  RULE_BASELINE,
  RULE_THRESHOLD,
  RULE_REMISSION,
} RuleKind;

typedef struct
{
  RuleKind  kind;
  double    value;
  char     *text;
} RuleLine;

static void
rule_line_clear (RuleLine *rule)
{
  g_free (rule->text);
}

/* Baseline, response threshold and remission cut-off: the lines labelled
 * at the right edge. */
static GArray *
collect_rules (EbbChart *self)
{
  GArray *rules = g_array_new (FALSE, TRUE, sizeof (RuleLine));
  const EbbTrajectory *trajectory = NULL;

  g_array_set_clear_func (rules, (GDestroyNotify) rule_line_clear);

  for (guint t = 0; t < self->trajectories->len && trajectory == NULL; t++)
    if (has_baseline (nth_trajectory (self, t)))
      trajectory = nth_trajectory (self, t);
  if (trajectory == NULL)
    {
      /* No baseline, but a remission cut-off is still a fact of the scale. */
      if (self->mode == EBB_CHART_MODE_SCORE && self->trajectories->len > 0)
        {
          const EbbScale *scale = ebb_trajectory_get_scale (nth_trajectory (self, 0));

          if (scale->efficacy && scale->remission_max >= 0)
            {
              RuleLine rule = { RULE_REMISSION, scale->remission_max, NULL };

              rule.text = g_strdup_printf (_("remission ≤ %d"), scale->remission_max);
              g_array_append_val (rules, rule);
            }
        }
      return rules;
    }

  if (self->mode == EBB_CHART_MODE_SCORE)
    {
      const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
      g_autofree char *threshold = format_number (ebb_trajectory_get_threshold (trajectory));
      RuleLine baseline = { RULE_BASELINE, ebb_trajectory_get_baseline (trajectory)->total, NULL };
      RuleLine response = { RULE_THRESHOLD, ebb_trajectory_get_threshold (trajectory), NULL };

      baseline.text = g_strdup_printf (_("baseline %d"), ebb_trajectory_get_baseline (trajectory)->total);
      response.text = g_strdup_printf (_("response ≤ %s"), threshold);
      g_array_append_val (rules, baseline);
      g_array_append_val (rules, response);
      if (scale->remission_max >= 0)
        {
          RuleLine remission = { RULE_REMISSION, scale->remission_max, NULL };

          remission.text = g_strdup_printf (_("remission ≤ %d"), scale->remission_max);
          g_array_append_val (rules, remission);
        }
    }
  else
    {
      double r = ebb_trajectory_get_response_fraction (trajectory) * 100;
      RuleLine baseline = { RULE_BASELINE, 0, g_strdup (_("baseline")) };
      RuleLine response = { RULE_THRESHOLD, -r, NULL };

      response.text = g_strdup_printf (_("response " MINUS "%.0f%%"), r);
      g_array_append_val (rules, baseline);
      g_array_append_val (rules, response);
    }
  return rules;
}

/* Legend ----------------------------------------------------------------- */

typedef enum
{
  LEGEND_SERIES,
  LEGEND_SESSION_PHASE,
  LEGEND_SCHEDULED,
  LEGEND_OFF,
  LEGEND_FADE,
  LEGEND_PROJECTION,
  LEGEND_ALERT,
} LegendKind;

typedef struct
{
  LegendKind  kind;
  int         arg;      /* series index, or phase */
  char       *label;
} LegendItem;

static void
legend_item_clear (LegendItem *item)
{
  g_free (item->label);
}

static void
add_legend (GArray     *items,
            LegendKind  kind,
            int         arg,
            char       *label)
{
  LegendItem item = { kind, arg, label };

  g_array_append_val (items, item);
}

/* Only what the chart shows: a compact legend.  Baseline, threshold and
 * remission are labelled where they are drawn and need no entry. */
static GArray *
collect_legend (EbbChart   *self,
                double      day_min,
                double      day_max)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  GPtrArray *sessions = chart_sessions (self);
  gboolean phases[EBB_PHASE_RESCUE + 1] = { FALSE };
  gboolean scheduled = FALSE, off = FALSE, fade = FALSE, projection = FALSE, alert = FALSE;
  EbbChartLayout domain = { .day_min = day_min, .day_max = day_max };

  g_array_set_clear_func (items, (GDestroyNotify) legend_item_clear);

  for (guint t = 0; t < self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = nth_trajectory (self, t);
      const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
      const guint n = ebb_trajectory_get_n_points (trajectory);
      double start, end;
      gboolean fades;

      if (self->mode == EBB_CHART_MODE_PERCENT)
        {
          if (has_baseline (trajectory))
            add_legend (items, LEGEND_SERIES, t, g_strdup (scale->id));
          else
            add_legend (items, LEGEND_SERIES, -1, g_strdup_printf (_("%s: no baseline"), scale->id));
        }
      else if (n > 0)
        add_legend (items, LEGEND_SERIES, 0, g_strdup (scale->id));

      if (!is_drawn (self, trajectory))
        continue;
      for (guint i = 0; i < n; i++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
          alert |= point->suicide_alert && day_in_domain (&domain, when_day (&point->score->when));
        }
      for (guint e = 0; e < ebb_trajectory_get_n_episodes (trajectory); e++)
        if (fade_span (self, trajectory, ebb_trajectory_get_episode (trajectory, e), &start, &end))
          fade |= end >= day_min && start <= day_max;
      if (projection_span (trajectory, &start, &end, &fades))
        projection |= end >= day_min && start <= day_max;
    }

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (!session_is_shown (self, session) || !day_in_domain (&domain, when_day (&session->when)))
        continue;
      if (session->status == EBB_SESSION_DONE)
        phases[session->phase] = TRUE;
      else if (session->status == EBB_SESSION_SCHEDULED)
        {
          phases[session->phase] = TRUE;
          scheduled = TRUE;
        }
      else
        off = TRUE;
    }

  for (int p = EBB_PHASE_INDUCTION; p <= EBB_PHASE_RESCUE; p++)
    if (phases[p])
      add_legend (items, LEGEND_SESSION_PHASE, p,
                  g_strdup (p == EBB_PHASE_INDUCTION ? _("induction") :
                            p == EBB_PHASE_MAINTENANCE ? _("maintenance") : _("rescue")));
  if (scheduled)
    add_legend (items, LEGEND_SCHEDULED, 0, g_strdup (_("scheduled")));
  if (off)
    add_legend (items, LEGEND_OFF, 0, g_strdup (_("cancelled or missed")));
  if (fade)
    add_legend (items, LEGEND_FADE, 0, g_strdup (_("faded until next session")));
  if (projection)
    add_legend (items, LEGEND_PROJECTION, 0, g_strdup (_("projected trend")));
  if (alert)
    add_legend (items, LEGEND_ALERT, 0, g_strdup (_("suicide item")));

  return items;
}

/* Footnote and title -------------------------------------------------------- */

static char *
footnote_text (EbbChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->trajectories->len == 0)
    return g_strdup ("");

  if (self->mode == EBB_CHART_MODE_SCORE)
    {
      const EbbTrajectory *trajectory = nth_trajectory (self, 0);
      const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
      g_autofree char *baseline = ebb_trajectory_describe_baseline (trajectory);

      if (has_baseline (trajectory))
        {
          g_autofree char *threshold = format_number (ebb_trajectory_get_threshold (trajectory));

          g_string_append_printf (text,
                                  _("Responding: at or below %.0f%% of baseline (%s), i.e. %s or less. "
                                    "Faded: above that and at least %d points over the lowest score since response."),
                                  (1 - ebb_trajectory_get_response_fraction (trajectory)) * 100,
                                  baseline, threshold, ebb_trajectory_get_meaningful_change (trajectory));
          if (scale->remission_max >= 0)
            g_string_append_printf (text, _(" Remission: %d or less."), scale->remission_max);
          if (ebb_trajectory_get_projection (trajectory) != NULL)
            g_string_append (text, _(" Projection: trend since the lowest rating after the last session."));
        }
      else
        {
          g_autofree char *sentence = capitalise (baseline);

          /* The plot says why there is no baseline; this says what one is. */
          if (scale->efficacy)
            {
              if (scale->remission_max >= 0)
                g_string_append_printf (text, _("Remission: %d or less. "), scale->remission_max);
              g_string_append_printf (text,
                                      _("Response and fading are judged against a baseline: the latest %s rating shortly before the first session."),
                                      scale->id);
            }
          else
            g_string_append_printf (text, "%s.", sentence);
        }
    }
  else
    {
      const EbbTrajectory *first = NULL;
      g_autoptr(GString) baselines = g_string_new (NULL);
      g_autoptr(GString) changes = g_string_new (NULL);

      for (guint t = 0; t < self->trajectories->len; t++)
        {
          const EbbTrajectory *trajectory = nth_trajectory (self, t);
          g_autofree char *baseline = ebb_trajectory_describe_baseline (trajectory);

          if (!has_baseline (trajectory))
            continue;
          if (first == NULL)
            first = trajectory;
          g_string_append_printf (baselines, "%s%s", baselines->len ? "; " : "", baseline);
          g_string_append_printf (changes, "%s%s %d", changes->len ? ", " : "",
                                  ebb_trajectory_get_scale (trajectory)->id,
                                  ebb_trajectory_get_meaningful_change (trajectory));
        }
      if (first == NULL)
        return g_strdup (_("No scale has a baseline, so change cannot be shown."));
      g_string_append_printf (text,
                              _("Change from each scale's own baseline (%s). "
                                "Responding: %s%.0f%% or lower. "
                                "Faded: above that and at least the scale's meaningful change over the lowest score since response (%s)."),
                              baselines->str, MINUS,
                              ebb_trajectory_get_response_fraction (first) * 100, changes->str);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
title_markup (EbbChart *self)
{
  const EbbTrajectory *first;
  const EbbPatient *patient;

  if (self->trajectories->len == 0)
    return g_strdup ("");

  first = nth_trajectory (self, 0);
  patient = ebb_trajectory_get_patient (first);
  if (self->mode == EBB_CHART_MODE_SCORE)
    {
      const EbbScale *scale = ebb_trajectory_get_scale (first);

      return g_markup_printf_escaped ("<b>%s · %s</b>  <span alpha=\"70%%\">%s</span>",
                                      patient->code, scale->id, scale->name);
    }
  else
    {
      g_autoptr(GString) ids = g_string_new (NULL);

      for (guint t = 0; t < self->trajectories->len; t++)
        g_string_append_printf (ids, "%s%s", t ? ", " : "",
                                ebb_trajectory_get_scale (nth_trajectory (self, t))->id);
      return g_markup_printf_escaped ("<b>%s · %s</b>  <span alpha=\"70%%\">%s</span>",
                                      /* xgettext:no-c-format */
                                      patient->code, _("% change from baseline"), ids->str);
    }
}

static char *
caption_text (EbbChart *self)
{
  if (self->mode == EBB_CHART_MODE_PERCENT)
    /* xgettext:no-c-format */
    return g_strdup (_("% change from baseline · lower is better"));
  if (self->trajectories->len == 0)
    return g_strdup ("");
  return g_strdup_printf (_("%s total · lower is better"),
                          ebb_trajectory_get_scale (nth_trajectory (self, 0))->id);
}

static char *
value_label (EbbChart *self,
             double    value)
{
  if (self->mode == EBB_CHART_MODE_SCORE)
    return format_number (value);
  if (value < 0)
    return g_strdup_printf (MINUS "%.0f%%", -value);
  if (value > 0)
    return g_strdup_printf ("+%.0f%%", value);
  return g_strdup ("0%");
}

/* Layout ----------------------------------------------------------------- */

static double legend_flow (EbbChart *self, const EbbChartLayout *l, GArray *items,
                           double x, double y, double width, cairo_t *cr);

static double
widest_value_label (EbbChart *self,
                    double    size)
{
  g_autofree char *low = value_label (self, self->mode == EBB_CHART_MODE_SCORE ? 0 : -100);
  g_autofree char *high = value_label (self, self->mode == EBB_CHART_MODE_SCORE ? 100 : 300);

  return MAX (measure_width (self, low, size, TEXT_PLAIN), measure_width (self, high, size, TEXT_PLAIN));
}

static void
compute_layout (EbbChart       *self,
                double          width,
                double          height,
                EbbChartLayout *l)
{
  g_autoptr(GArray) rules = NULL;
  g_autoptr(GArray) legend = NULL;
  g_autofree char *footnote = NULL;
  EbbChartParts parts = self->parts;
  double fs, small, margin, gap, small_h, title_h, left, right, gutter = 0;

  memset (l, 0, sizeof *l);
  l->width = width;
  l->height = height;
  compute_days (self, &l->day_min, &l->day_max);
  compute_values (self, &l->value_min, &l->value_max);

  /* Text grows with the chart but never below 8 pt: at the default case
   * note size (16 × 9 cm) body text is 9 pt. */
  fs = CLAMP (MIN (width / 50.0, height / 26.0), MIN_FONT_SIZE, 12.0);
  small = MAX (MIN_FONT_SIZE, fs * 0.88);
  l->font_size = fs;
  l->small_font_size = small;
  l->glyph_radius = fs * 0.36;
  margin = round (fs * 0.7);
  l->margin = margin;
  gap = round (fs * 0.45);
  small_h = line_height (self, small, TEXT_PLAIN);
  title_h = line_height (self, fs * 1.1, TEXT_BOLD);

  legend = collect_legend (self, l->day_min, l->day_max);
  footnote = footnote_text (self);

  /* Right gutter: the labels of baseline, threshold and remission, so
   * they never cover the latest ratings. */
  rules = collect_rules (self);
  for (guint i = 0; i < rules->len; i++)
    gutter = MAX (gutter, measure_width (self, g_array_index (rules, RuleLine, i).text, small, TEXT_PLAIN));
  left = margin + widest_value_label (self, small) + 4;
  right = gutter > 0 ? margin + gutter + 6 : margin;
  if (width - left - right < width * 0.5)
    right = margin;   /* too narrow for the gutter: labels go without */

  for (int attempt = 0; attempt < 4; attempt++)
    {
      double top = margin, bottom = height - margin;
      double inner = MAX (1, width - 2 * margin);

      memset (&l->title, 0, sizeof l->title);
      memset (&l->legend, 0, sizeof l->legend);
      memset (&l->footnote, 0, sizeof l->footnote);

      if (parts & EBB_CHART_PART_TITLE)
        {
          l->title = (EbbChartRect) { margin, top, inner, title_h };
          top += title_h + gap * 0.5;
        }
      /* The caption row: the y axis's meaning and the as-of label. */
      top += small_h + 2;

      if (parts & EBB_CHART_PART_FOOTNOTE && footnote[0] != '\0')
        {
          g_autoptr(PangoLayout) layout = make_text (self, footnote, small, TEXT_PLAIN, inner);
          double h;

          text_size (layout, NULL, &h);
          l->footnote = (EbbChartRect) { margin, bottom - h, inner, h };
          bottom -= h + gap;
        }
      if (parts & EBB_CHART_PART_LEGEND && legend->len > 0)
        {
          double h = legend_flow (self, l, legend, margin, 0, inner, NULL);

          l->legend = (EbbChartRect) { margin, bottom - h, inner, h };
          bottom -= h + gap;
        }

      l->axis = (EbbChartRect) { 0, bottom - small_h - 3, 0, small_h + 3 };
      bottom -= l->axis.height;
      l->strip = (EbbChartRect) { 0, bottom - l->glyph_radius * 2 - 6, 0, l->glyph_radius * 2 + 6 };
      bottom -= l->strip.height;
      l->plot = (EbbChartRect) { 0, top, 0, MAX (1, bottom - top) };

      if (bottom - top >= MAX (fs * 5, height * 0.4))
        break;
      /* Not enough room: give up the footnote, then the legend, then the title. */
      if (parts & EBB_CHART_PART_FOOTNOTE)
        parts &= ~EBB_CHART_PART_FOOTNOTE;
      else if (parts & EBB_CHART_PART_LEGEND)
        parts &= ~EBB_CHART_PART_LEGEND;
      else if (parts & EBB_CHART_PART_TITLE)
        parts &= ~EBB_CHART_PART_TITLE;
      else
        break;
    }

  l->plot.x = left;
  l->plot.width = MAX (1, width - left - right);
  l->strip.x = l->axis.x = l->plot.x;
  l->strip.width = l->axis.width = l->plot.width;

  /* At most eight intervals: more ticks make a scale harder to read. */
  l->value_step = nice_step (l->value_max - l->value_min, MIN (8, l->plot.height / (small_h * 1.8)));

  /* Session glyphs shrink when sessions crowd (weekly for years), down
   * to a size whose shape can still be told. */
  {
    GPtrArray *sessions = chart_sessions (self);
    guint n = 0;

    for (guint i = 0; sessions != NULL && i < sessions->len; i++)
      {
        const EbbSession *session = g_ptr_array_index (sessions, i);
        n += session_is_shown (self, session) && day_in_domain (l, when_day (&session->when));
      }
    if (n > 0)
      l->glyph_radius = CLAMP (l->plot.width / n * 0.42, 1.8, l->glyph_radius);
  }

  /* Markers shrink when ratings crowd, so 500 ratings stay a line. */
  {
    guint n = 0;

    for (guint t = 0; t < self->trajectories->len; t++)
      {
        const EbbTrajectory *trajectory = nth_trajectory (self, t);

        for (guint i = 0; i < ebb_trajectory_get_n_points (trajectory); i++)
          n += day_in_domain (l, when_day (&ebb_trajectory_get_point (trajectory, i)->score->when));
      }
    l->marker_radius = fs * 0.3;
    if (n > 0)
      l->marker_radius = CLAMP (l->plot.width / n * 0.45, 1.1, l->marker_radius);
  }
}

/**
 * ebb_chart_get_layout:
 * @width: the chart's width in points
 * @height: the chart's height in points
 * @layout: (out caller-allocates): where everything goes
 *
 * Computes the layout ebb_chart_draw() and ebb_chart_hit_test() use for
 * this size.
 */
void
ebb_chart_get_layout (EbbChart       *self,
                      double          width,
                      double          height,
                      EbbChartLayout *layout)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (layout != NULL);

  if (!self->cache_valid || self->cache.width != width || self->cache.height != height)
    {
      compute_layout (self, width, height, &self->cache);
      self->cache_valid = TRUE;
    }
  *layout = self->cache;
}

/**
 * ebb_chart_layout_x_for_day:
 * @day: a day (EbbWhen.day), fractions for a time of day
 *
 * Returns: its x in the chart, in points
 */
double
ebb_chart_layout_x_for_day (const EbbChartLayout *l,
                            double                day)
{
  g_return_val_if_fail (l != NULL, 0);
  return l->plot.x + (day - l->day_min) / (l->day_max - l->day_min) * l->plot.width;
}

/**
 * ebb_chart_layout_day_for_x:
 * @x: in points
 *
 * Returns: the day (with a fraction) at @x: the inverse of
 *   ebb_chart_layout_x_for_day()
 */
double
ebb_chart_layout_day_for_x (const EbbChartLayout *l,
                            double                x)
{
  g_return_val_if_fail (l != NULL, 0);
  return l->day_min + (x - l->plot.x) / l->plot.width * (l->day_max - l->day_min);
}

/**
 * ebb_chart_layout_y_for_value:
 * @value: a score, or a % change from baseline in % change mode
 *
 * Returns: its y in the chart, in points
 */
double
ebb_chart_layout_y_for_value (const EbbChartLayout *l,
                              double                value)
{
  g_return_val_if_fail (l != NULL, 0);
  return l->plot.y + l->plot.height -
         (value - l->value_min) / (l->value_max - l->value_min) * l->plot.height;
}

/* Date ticks --------------------------------------------------------------- */

typedef enum
{
  STEP_DAY,
  STEP_WEEK,
  STEP_MONTH,
  STEP_YEAR,
} StepUnit;

typedef struct
{
  StepUnit unit;
  int      count;
} DateStep;

static const DateStep date_steps[] = {
  { STEP_DAY, 1 }, { STEP_DAY, 2 }, { STEP_WEEK, 1 }, { STEP_WEEK, 2 },
  { STEP_MONTH, 1 }, { STEP_MONTH, 2 }, { STEP_MONTH, 3 }, { STEP_MONTH, 6 },
  { STEP_YEAR, 1 }, { STEP_YEAR, 2 }, { STEP_YEAR, 5 }, { STEP_YEAR, 10 },
};

typedef struct
{
  gint32       day;
  double       x;
  double       width;
  PangoLayout *layout;
} DateTick;

static void
date_tick_clear (DateTick *tick)
{
  g_clear_object (&tick->layout);
}

static gint32
first_tick (const DateStep *step,
            gint32          from)
{
  int y, m, d;

  ebb_date_to_ymd (from, &y, &m, &d);
  switch (step->unit)
    {
    case STEP_DAY:
      return from;
    case STEP_WEEK:
      {
        /* Mondays: day 1 (0001-01-01) was a Monday. */
        gint32 monday = from + (7 - (from - 1) % 7) % 7;
        return monday;
      }
    case STEP_MONTH:
      {
        int month = d == 1 ? m : m + 1;
        int year = y;

        if (month > 12)
          {
            month = 1;
            year++;
          }
        /* Months that are multiples of the step from January. */
        while ((month - 1) % step->count != 0)
          if (++month > 12)
            {
              month = 1;
              year++;
            }
        return ebb_date_from_ymd (year, month, 1);
      }
    case STEP_YEAR:
    default:
      {
        int year = (m == 1 && d == 1) ? y : y + 1;

        while (year % step->count != 0)
          year++;
        return ebb_date_from_ymd (year, 1, 1);
      }
    }
}

static gint32
next_tick (const DateStep *step,
           gint32          day)
{
  int y, m, d;

  switch (step->unit)
    {
    case STEP_DAY:
      return day + step->count;
    case STEP_WEEK:
      return day + 7 * step->count;
    case STEP_MONTH:
      ebb_date_to_ymd (day, &y, &m, &d);
      m += step->count;
      while (m > 12)
        {
          m -= 12;
          y++;
        }
      return ebb_date_from_ymd (y, m, 1);
    case STEP_YEAR:
    default:
      ebb_date_to_ymd (day, &y, &m, &d);
      return ebb_date_from_ymd (y + step->count, 1, 1);
    }
}

static char *
tick_label (const DateStep *step,
            gint32          day,
            gboolean        with_year)
{
  switch (step->unit)
    {
    case STEP_DAY:
    case STEP_WEEK:
      return format_day_month (day, with_year ? "%-d %b %Y" : "%-d %b");
    case STEP_MONTH:
      return format_day_month (day, with_year ? "%b %Y" : "%b");
    case STEP_YEAR:
    default:
      return format_day_month (day, "%Y");
    }
}

/* The finest step whose labels do not collide; labels that still would
 * (a long one carrying the year) are skipped. */
static GArray *
compute_date_ticks (EbbChart             *self,
                    const EbbChartLayout *l)
{
  const double min_gap = l->small_font_size * 0.8;
  const gint32 from = MAX (1, (gint32) ceil (l->day_min));
  const gint32 to = (gint32) floor (l->day_max);
  GArray *ticks = NULL;

  for (guint s = 0; s < G_N_ELEMENTS (date_steps); s++)
    {
      const DateStep *step = &date_steps[s];
      const double approx_days = step->unit == STEP_DAY ? 1 : step->unit == STEP_WEEK ? 7 :
                                 step->unit == STEP_MONTH ? 30.4 : 365.25;
      const double px = approx_days * step->count / (l->day_max - l->day_min) * l->plot.width;
      gboolean collides = FALSE;
      int previous_year = 0;
      double previous_right = -G_MAXDOUBLE;

      /* Cheap rejection before measuring anything. */
      if (px < l->small_font_size * 2.2 && s + 1 < G_N_ELEMENTS (date_steps))
        continue;

      g_clear_pointer (&ticks, g_array_unref);
      ticks = g_array_new (FALSE, TRUE, sizeof (DateTick));
      g_array_set_clear_func (ticks, (GDestroyNotify) date_tick_clear);

      for (gint32 day = first_tick (step, from); day <= to; day = next_tick (step, day))
        {
          g_autofree char *text = NULL;
          DateTick tick = { day, ebb_chart_layout_x_for_day (l, day), 0, NULL };
          int y, m, d;

          ebb_date_to_ymd (day, &y, &m, &d);
          text = tick_label (step, day, step->unit != STEP_YEAR && y != previous_year);
          previous_year = y;
          tick.layout = make_text (self, text, l->small_font_size, TEXT_PLAIN, -1);
          text_size (tick.layout, &tick.width, NULL);
          if (tick.x - tick.width / 2 < previous_right + min_gap)
            collides = TRUE;
          previous_right = tick.x + tick.width / 2;
          g_array_append_val (ticks, tick);
        }
      if (!collides)
        return ticks;
      if (s + 1 == G_N_ELEMENTS (date_steps))
        break;
    }

  /* Coarsest step and still crowded (a very narrow chart): skip labels. */
  if (ticks != NULL)
    {
      double previous_right = -G_MAXDOUBLE;

      for (guint i = 0; i < ticks->len; i++)
        {
          DateTick *tick = &g_array_index (ticks, DateTick, i);

          if (tick->x - tick->width / 2 < previous_right + min_gap)
            g_clear_object (&tick->layout);
          else
            previous_right = tick->x + tick->width / 2;
        }
    }
  return ticks;
}

/* Drawing primitives ------------------------------------------------------- */

/* Crisp hairlines: whole device pixels wide, on pixel centres when odd
 * (after Sysprof: floor (v) + .5).  crisp_hline() and crisp_vline() add
 * to the path and set the width; lines of one width are stroked together,
 * which is much faster than one stroke each. */
static double
snap (cairo_t  *cr,
      double    v,
      gboolean  horizontal,
      double    width_pt,
      double   *width_user)
{
  double dx = horizontal ? 0 : v, dy = horizontal ? v : 0;
  double wx = width_pt, wy = width_pt;
  int px;

  cairo_user_to_device_distance (cr, &wx, &wy);
  px = MAX (1, (int) round (fabs (horizontal ? wy : wx)));
  cairo_user_to_device (cr, &dx, &dy);
  if (horizontal)
    dy = (px % 2) ? floor (dy) + 0.5 : round (dy);
  else
    dx = (px % 2) ? floor (dx) + 0.5 : round (dx);
  cairo_device_to_user (cr, &dx, &dy);

  wx = px;
  wy = px;
  cairo_device_to_user_distance (cr, &wx, &wy);
  *width_user = fabs (horizontal ? wy : wx);
  return horizontal ? dy : dx;
}

static void
crisp_hline (cairo_t *cr,
             double   x0,
             double   x1,
             double   y,
             double   width_pt)
{
  double w;

  y = snap (cr, y, TRUE, width_pt, &w);
  cairo_set_line_width (cr, w);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
}

static void
crisp_vline (cairo_t *cr,
             double   x,
             double   y0,
             double   y1,
             double   width_pt)
{
  double w;

  x = snap (cr, x, FALSE, width_pt, &w);
  cairo_set_line_width (cr, w);
  cairo_move_to (cr, x, y0);
  cairo_line_to (cr, x, y1);
}

static void
marker_path (cairo_t     *cr,
             MarkerShape  shape,
             double       x,
             double       y,
             double       r)
{
  switch (shape)
    {
    case MARKER_SQUARE:
      cairo_rectangle (cr, x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76);
      break;
    case MARKER_TRIANGLE:
      cairo_move_to (cr, x, y - r * 1.25);
      cairo_line_to (cr, x + r * 1.15, y + r * 0.8);
      cairo_line_to (cr, x - r * 1.15, y + r * 0.8);
      cairo_close_path (cr);
      break;
    case MARKER_TRIANGLE_DOWN:
      cairo_move_to (cr, x, y + r * 1.25);
      cairo_line_to (cr, x + r * 1.15, y - r * 0.8);
      cairo_line_to (cr, x - r * 1.15, y - r * 0.8);
      cairo_close_path (cr);
      break;
    case MARKER_DIAMOND:
      cairo_move_to (cr, x, y - r * 1.3);
      cairo_line_to (cr, x + r * 1.1, y);
      cairo_line_to (cr, x, y + r * 1.3);
      cairo_line_to (cr, x - r * 1.1, y);
      cairo_close_path (cr);
      break;
    case MARKER_CROSS:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_move_to (cr, x - r, y);
      cairo_line_to (cr, x + r, y);
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x, y + r);
      break;
    case MARKER_CIRCLE:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

static void
draw_marker (cairo_t     *cr,
             const Theme *theme,
             MarkerShape  shape,
             double       x,
             double       y,
             double       r,
             const Rgba  *colour)
{
  marker_path (cr, shape, x, y, r);
  set_source (cr, colour);
  if (shape == MARKER_CROSS)
    {
      cairo_set_line_width (cr, r * 0.5);
      cairo_stroke (cr);
      return;
    }
  cairo_fill_preserve (cr);
  set_source (cr, &theme->marker_edge);
  cairo_set_line_width (cr, MIN (0.75, r * 0.35));
  cairo_stroke (cr);
}

/* Sessions: the shape says the phase (triangle induction, circle
 * maintenance, square rescue), the fill says done or scheduled; cancelled
 * and missed are grey crosses. */
static void
draw_session_glyph (cairo_t          *cr,
                    const Theme      *theme,
                    EbbSessionStatus  status,
                    EbbPhase          phase,
                    double            x,
                    double            y,
                    double            r)
{
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (status == EBB_SESSION_CANCELLED || status == EBB_SESSION_MISSED)
    {
      const double a = r * 0.7;

      set_source (cr, &theme->session_off);
      cairo_set_line_width (cr, MAX (0.8, r * 0.3));
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_move_to (cr, x - a, y - a);
      cairo_line_to (cr, x + a, y + a);
      cairo_move_to (cr, x + a, y - a);
      cairo_line_to (cr, x - a, y + a);
      cairo_stroke (cr);
      cairo_restore (cr);
      return;
    }

  switch (phase)
    {
    case EBB_PHASE_INDUCTION:
      marker_path (cr, MARKER_TRIANGLE, x, y + r * 0.15, r);
      break;
    case EBB_PHASE_RESCUE:
      marker_path (cr, MARKER_SQUARE, x, y, r * 0.92);
      break;
    case EBB_PHASE_MAINTENANCE:
    default:
      marker_path (cr, MARKER_CIRCLE, x, y, r * 0.92);
      break;
    }

  if (status == EBB_SESSION_DONE)
    {
      set_source (cr, &theme->session);
      cairo_fill (cr);
    }
  else
    {
      set_source (cr, &theme->background);
      cairo_fill_preserve (cr);
      set_source (cr, &theme->session);
      cairo_set_line_width (cr, MAX (0.8, r * 0.28));
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
set_dash (cairo_t      *cr,
          const double *dash,
          int           n)
{
  cairo_set_dash (cr, dash, n, 0);
  /* Dots are zero-length dashes: they need round caps to show. */
  cairo_set_line_cap (cr, n > 0 && dash[0] < 0.1 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
}

static void
fade_fill (cairo_t           *cr,
           const Theme       *theme,
           const EbbChartRect *rect)
{
  if (rect->width <= 0 || rect->height <= 0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
  if (!theme->fade_hatch)
    {
      set_source (cr, &theme->fade);
      cairo_fill (cr);
    }
  else
    {
      const double spacing = 3.5;

      cairo_clip (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.05);
      cairo_paint (cr);
      set_source (cr, &theme->fade);
      cairo_set_line_width (cr, 0.6);
      /* Diagonals anchored to the page, so neighbouring spans line up. */
      for (double d = floor ((rect->x - rect->height - rect->y) / spacing) * spacing + rect->y;
           d < rect->x + rect->width; d += spacing)
        {
          cairo_move_to (cr, d, rect->y + rect->height);
          cairo_line_to (cr, d + rect->height, rect->y);
        }
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
band_colour (const Theme *theme,
             guint        index,
             guint        n_bands,
             Rgba        *colour)
{
  /* Spread the scale's bands over green → yellow → orange → red (→ dark
   * red for a fifth band). */
  guint slot;

  if (n_bands >= N_BAND_COLOURS)
    slot = MIN (index, N_BAND_COLOURS - 1);
  else if (n_bands <= 1)
    slot = 0;
  else
    slot = (guint) round ((double) index * 3 / (n_bands - 1));
  *colour = theme->bands[slot];
}

/* Legend ----------------------------------------------------------------- */

static void
draw_legend_symbol (EbbChart             *self,
                    const EbbChartLayout *l,
                    cairo_t              *cr,
                    const LegendItem     *item,
                    double                x,
                    double                y,
                    double                w)
{
  const Theme *theme = get_theme (self);
  const double r = l->font_size * 0.36;   /* full size, even when the strip's glyphs are crowded */
  const double cx = x + w / 2;

  cairo_save (cr);
  switch (item->kind)
    {
    case LEGEND_SERIES:
      {
        const Rgba *colour = self->mode == EBB_CHART_MODE_SCORE ? &theme->line :
                             item->arg >= 0 ? &theme->series[item->arg % N_SERIES_STYLES] : &theme->text_dim;
        const SeriesStyle *style = &series_styles[MAX (item->arg, 0) % N_SERIES_STYLES];

        if (item->arg < 0)
          break;
        set_source (cr, colour);
        cairo_set_line_width (cr, theme->line_width);
        if (self->mode == EBB_CHART_MODE_PERCENT)
          set_dash (cr, style->dash, style->n_dash);
        cairo_move_to (cr, x, y);
        cairo_line_to (cr, x + w, y);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
        draw_marker (cr, theme, self->mode == EBB_CHART_MODE_PERCENT ? style->marker : MARKER_CIRCLE,
                     cx, y, MAX (l->marker_radius, 2.2), colour);
      }
      break;
    case LEGEND_SESSION_PHASE:
      draw_session_glyph (cr, theme, EBB_SESSION_DONE, item->arg, cx, y, r);
      break;
    case LEGEND_SCHEDULED:
      draw_session_glyph (cr, theme, EBB_SESSION_SCHEDULED, EBB_PHASE_MAINTENANCE, cx, y, r);
      break;
    case LEGEND_OFF:
      draw_session_glyph (cr, theme, EBB_SESSION_CANCELLED, EBB_PHASE_MAINTENANCE, cx, y, r);
      break;
    case LEGEND_FADE:
      {
        EbbChartRect swatch = { x + 1, y - r * 1.3, w - 2, r * 2.6 };
        fade_fill (cr, theme, &swatch);
      }
      break;
    case LEGEND_PROJECTION:
      set_source (cr, &theme->projection);
      cairo_set_line_width (cr, 1.3);
      set_dash (cr, dash_projection, G_N_ELEMENTS (dash_projection));
      cairo_move_to (cr, x, y + r * 0.6);
      cairo_line_to (cr, x + w - r * 1.2, y - r * 0.4);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      marker_path (cr, MARKER_DIAMOND, x + w - r * 1.2, y - r * 0.4, r);
      set_source (cr, &theme->background);
      cairo_fill_preserve (cr);
      set_source (cr, theme->fade_hatch ? &theme->text : &theme->alert);
      cairo_stroke (cr);
      break;
    case LEGEND_ALERT:
      set_source (cr, &theme->line);
      marker_path (cr, MARKER_CIRCLE, cx, y, l->marker_radius);
      cairo_fill (cr);
      set_source (cr, &theme->alert);
      cairo_set_line_width (cr, 1.3);
      marker_path (cr, MARKER_CIRCLE, cx, y, l->marker_radius + 2.2);
      cairo_stroke (cr);
      break;
    default:
      break;
    }
  cairo_restore (cr);
}

/* Lays the legend out in rows that wrap at @width; draws it when @cr is
 * given.  Returns the height it takes, the same whether drawing or not. */
static double
legend_flow (EbbChart             *self,
             const EbbChartLayout *l,
             GArray               *items,
             double                x0,
             double                y0,
             double                width,
             cairo_t              *cr)
{
  const double size = l->small_font_size;
  const double symbol_w = size * 1.9;
  const double item_gap = size * 1.1;
  const double row_h = line_height (self, size, TEXT_PLAIN) + 1;
  const Theme *theme = get_theme (self);
  double x = x0, y = y0;

  if (items->len == 0)
    return 0;

  for (guint i = 0; i < items->len; i++)
    {
      const LegendItem *item = &g_array_index (items, LegendItem, i);
      g_autoptr(PangoLayout) layout = make_text (self, item->label, size, TEXT_PLAIN, -1);
      double text_w, text_h, item_w;

      text_size (layout, &text_w, &text_h);
      item_w = (item->kind == LEGEND_SERIES && item->arg < 0 ? 0 : symbol_w + 3) + text_w;
      if (x > x0 && x + item_w > x0 + width)
        {
          x = x0;
          y += row_h;
        }
      if (cr != NULL)
        {
          double tx = x;

          if (!(item->kind == LEGEND_SERIES && item->arg < 0))
            {
              draw_legend_symbol (self, l, cr, item, x, y + row_h / 2, symbol_w);
              tx += symbol_w + 3;
            }
          show_text (cr, layout, tx, y + (row_h - text_h) / 2, &theme->text_dim);
        }
      x += item_w + item_gap;
    }
  return y + row_h - y0;
}

/* Drawing ---------------------------------------------------------------- */

typedef struct
{
  EbbChart             *self;
  const EbbChartLayout *l;
  const Theme          *theme;
  cairo_t              *cr;
} Draw;

static double
x_for (const Draw *d,
       double      day)
{
  return ebb_chart_layout_x_for_day (d->l, day);
}

static double
y_for (const Draw *d,
       double      value)
{
  return ebb_chart_layout_y_for_value (d->l, value);
}

static void
draw_bands (const Draw *d)
{
  const EbbChartLayout *l = d->l;
  const EbbScale *scale;
  cairo_t *cr = d->cr;

  if (d->self->mode != EBB_CHART_MODE_SCORE || d->self->trajectories->len == 0)
    return;
  scale = ebb_trajectory_get_scale (nth_trajectory (d->self, 0));

  for (guint i = 0; i < scale->n_bands; i++)
    {
      const EbbBand *band = &scale->bands[i];
      /* Bands are inclusive whole scores: each covers up to half a point
       * past its ends so that neighbours meet without a gap. */
      const double lo = i == 0 ? l->value_min : band->min - 0.5;
      const double hi = i + 1 == scale->n_bands ? l->value_max : band->max + 0.5;
      const double y0 = y_for (d, hi), y1 = y_for (d, lo);
      Rgba colour;

      band_colour (d->theme, i, scale->n_bands, &colour);
      set_source (cr, &colour);
      cairo_rectangle (cr, l->plot.x, y0, l->plot.width, y1 - y0);
      cairo_fill (cr);
    }
}

/* A label over the score line hides data; over a rule line, only a dash. */
#define SERIES_HIT 100

/* How much of the score line and the rule lines a label box would cover:
 * 0 when it is free.  Exact for straight segments: each is clipped to the
 * box's columns and its y extent there compared with the box's. */
static int
box_collisions (const Draw         *d,
                const EbbChartRect *box,
                GArray             *rules)
{
  const EbbTrajectory *trajectory = nth_trajectory (d->self, 0);
  const guint n = ebb_trajectory_get_n_points (trajectory);
  const double r = d->l->marker_radius + 1;
  double px = 0, py = 0;
  int hits = 0;

  for (guint i = 0; i < rules->len; i++)
    {
      const double y = y_for (d, g_array_index (rules, RuleLine, i).value);
      hits += y >= box->y - 1 && y <= box->y + box->height + 1;
    }

  for (guint i = 0; i < n; i++)
    {
      const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
      const double x = x_for (d, when_day (&point->score->when));
      const double y = y_for (d, point->score->total);

      if (x + r >= box->x && x - r <= box->x + box->width &&
          y + r >= box->y && y - r <= box->y + box->height)
        hits += SERIES_HIT;
      else if (i > 0 && MAX (px, x) >= box->x && MIN (px, x) <= box->x + box->width)
        {
          const double x0 = MAX (MIN (px, x), box->x), x1 = MIN (MAX (px, x), box->x + box->width);
          const double slope = x != px ? (y - py) / (x - px) : 0;
          const double ya = py + slope * (x0 - px), yb = py + slope * (x1 - px);

          if (MAX (ya, yb) >= box->y && MIN (ya, yb) <= box->y + box->height)
            hits += SERIES_HIT;
        }
      px = x;
      py = y;
    }
  return hits;
}

/* Band names inside the plot, where the data leaves room: top left of the
 * band, else top right, bottom left, bottom right; the least covered place
 * when none is free. */
static void
draw_band_labels (const Draw *d,
                  GArray     *rules)
{
  const EbbChartLayout *l = d->l;
  const EbbScale *scale;

  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (EbbChartRect));

  if (d->self->mode != EBB_CHART_MODE_SCORE || d->self->trajectories->len == 0)
    return;
  scale = ebb_trajectory_get_scale (nth_trajectory (d->self, 0));

  for (guint i = 0; i < scale->n_bands; i++)
    {
      const EbbBand *band = &scale->bands[i];
      const double lo = i == 0 ? l->value_min : band->min - 0.5;
      const double hi = i + 1 == scale->n_bands ? l->value_max : band->max + 0.5;
      const double y0 = y_for (d, hi), y1 = y_for (d, lo);
      g_autoptr(PangoLayout) layout = make_text (d->self, _(band->label), l->small_font_size, TEXT_PLAIN, -1);
      EbbChartRect best = { 0 };
      int best_hits = G_MAXINT;
      double w, h;

      text_size (layout, &w, &h);
      if (y1 - y0 < h + 1 || w + 8 > l->plot.width / 2)
        continue;

      for (int c = 0; c < 4 && best_hits > 0; c++)
        {
          const EbbChartRect box = {
            c % 2 == 0 ? l->plot.x + 4 : l->plot.x + l->plot.width - w - 4,
            c < 2 ? y0 + 1 : y1 - h - 1,
            w, h,
          };
          int hits = box_collisions (d, &box, rules);

          /* Two band names stacked at a boundary read as one label. */
          for (guint p = 0; p < placed->len; p++)
            {
              const EbbChartRect *other = &g_array_index (placed, EbbChartRect, p);

              if (box.x < other->x + other->width && other->x < box.x + box.width &&
                  box.y < other->y + other->height + h && other->y < box.y + box.height + h)
                hits += 3;
            }
          if (hits < best_hits)
            {
              best = box;
              best_hits = hits;
            }
        }
      /* Where every place covers ratings (a small chart), the band's
       * colour has to speak for itself. */
      if (best_hits >= SERIES_HIT)
        continue;
      g_array_append_val (placed, best);
      if (best_hits > 0)
        show_text_with_halo (d->cr, layout, best.x, best.y, &d->theme->text_dim, &d->theme->halo);
      else
        show_text (d->cr, layout, best.x, best.y, &d->theme->text_dim);
    }
}

/* "relapse" over the second of the two ratings that made it. */
static void
draw_relapses (const Draw *d)
{
  const EbbChartLayout *l = d->l;
  g_autoptr(PangoLayout) layout = make_text (d->self, _("relapse"), l->small_font_size, TEXT_BOLD, -1);
  double w, h;

  text_size (layout, &w, &h);
  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = nth_trajectory (d->self, t);
      GPtrArray *flags = ebb_trajectory_get_flags (trajectory);
      const guint n = ebb_trajectory_get_n_points (trajectory);

      if (!is_drawn (d->self, trajectory))
        continue;
      for (guint f = 0; f < flags->len; f++)
        {
          const EbbFlag *flag = g_ptr_array_index (flags, f);

          if (flag->kind != EBB_FLAG_RELAPSE || !day_in_domain (l, flag->day))
            continue;
          for (guint i = n; i-- > 0;)
            {
              const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
              double x, y, ty;

              if (point->score->when.day != flag->day)
                continue;
              x = x_for (d, when_day (&point->score->when));
              y = y_for (d, chart_value (d->self, trajectory, point->score->total));
              /* Above the rating, clear of the "faded" labels along the
               * top; below it when there is no room. */
              ty = y - l->marker_radius - h - 2;
              if (ty < l->plot.y + h + 2)
                ty = y + l->marker_radius + 2;
              show_text_with_halo (d->cr, layout,
                                   CLAMP (x - w / 2, l->plot.x + 1, l->plot.x + l->plot.width - w - 1),
                                   ty, &d->theme->fade_text, &d->theme->halo);
              break;
            }
        }
    }
}

static void
draw_grid (const Draw *d,
           GArray     *ticks)
{
  const EbbChartLayout *l = d->l;
  cairo_t *cr = d->cr;

  cairo_save (cr);
  set_source (cr, &d->theme->grid);
  for (double v = ceil (l->value_min / l->value_step - 1e-9) * l->value_step;
       v <= l->value_max + 1e-9; v += l->value_step)
    crisp_hline (cr, l->plot.x, l->plot.x + l->plot.width, y_for (d, v), 0.5);
  for (guint i = 0; ticks != NULL && i < ticks->len; i++)
    crisp_vline (cr, g_array_index (ticks, DateTick, i).x, l->plot.y, l->plot.y + l->plot.height, 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_session_rules (const Draw *d)
{
  GPtrArray *sessions = chart_sessions (d->self);
  const EbbChartLayout *l = d->l;

  /* A faint line up from each done session: when was the dose, relative
   * to the ratings?  Not when sessions crowd: stripes say nothing. */
  if (l->glyph_radius < l->font_size * 0.36 - 0.01)
    return;
  set_source (d->cr, &d->theme->session_rule);
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      const double day = when_day (&session->when);

      if (session->status != EBB_SESSION_DONE || !session_is_shown (d->self, session) || !day_in_domain (l, day))
        continue;
      crisp_vline (d->cr, x_for (d, day), l->plot.y, l->plot.y + l->plot.height, 0.5);
    }
  cairo_stroke (d->cr);
}

typedef struct
{
  double start;   /* days */
  double end;
} Span;

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *sa = a, *sb = b;

  return (sa->start > sb->start) - (sa->start < sb->start);
}

/* The faded spans of every drawn trajectory, merged where they overlap
 * (two fades before one session shade one span, not a darker double). */
static GArray *
collect_fade_spans (EbbChart *self)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  guint out = 0;

  for (guint t = 0; t < self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = nth_trajectory (self, t);

      if (!is_drawn (self, trajectory))
        continue;
      for (guint e = 0; e < ebb_trajectory_get_n_episodes (trajectory); e++)
        {
          Span span;

          if (fade_span (self, trajectory, ebb_trajectory_get_episode (trajectory, e), &span.start, &span.end))
            g_array_append_val (spans, span);
        }
    }
  g_array_sort (spans, compare_spans);

  for (guint i = 0; i < spans->len; i++)
    {
      const Span span = g_array_index (spans, Span, i);

      if (out > 0 && span.start <= g_array_index (spans, Span, out - 1).end)
        g_array_index (spans, Span, out - 1).end = MAX (g_array_index (spans, Span, out - 1).end, span.end);
      else
        g_array_index (spans, Span, out++) = span;
    }
  g_array_set_size (spans, out);
  return spans;
}

/* A span's rectangle in the plot, or FALSE when it is outside the range. */
static gboolean
fade_rect (const Draw   *d,
           const Span   *span,
           EbbChartRect *rect)
{
  const EbbChartLayout *l = d->l;
  double x0 = MAX (x_for (d, span->start), l->plot.x);
  double x1 = MIN (x_for (d, span->end), l->plot.x + l->plot.width);

  if (x1 < l->plot.x || x0 > l->plot.x + l->plot.width)
    return FALSE;
  /* A fade found on the session's own day still shows, as a sliver. */
  if (x1 - x0 < 2)
    x1 = x0 + 2;
  *rect = (EbbChartRect) { x0, l->plot.y, x1 - x0, l->plot.height };
  return TRUE;
}

static void
draw_fades (const Draw *d,
            GArray     *spans)
{
  for (guint i = 0; i < spans->len; i++)
    {
      EbbChartRect rect;

      if (fade_rect (d, &g_array_index (spans, Span, i), &rect))
        fade_fill (d->cr, d->theme, &rect);
    }
}

static void
draw_fade_labels (const Draw *d,
                  GArray     *spans)
{
  const EbbChartLayout *l = d->l;
  g_autoptr(PangoLayout) layout = make_text (d->self, _("faded"), l->small_font_size, TEXT_PLAIN, -1);
  double w, h;

  text_size (layout, &w, &h);
  for (guint i = 0; i < spans->len; i++)
    {
      EbbChartRect rect;

      if (!fade_rect (d, &g_array_index (spans, Span, i), &rect) || rect.width < w + 4)
        continue;
      show_text_with_halo (d->cr, layout, rect.x + (rect.width - w) / 2, l->plot.y + 1,
                           &d->theme->fade_text, &d->theme->halo);
    }
}

static void
draw_rules (const Draw *d,
            GArray     *rules)
{
  const EbbChartLayout *l = d->l;
  cairo_t *cr = d->cr;

  cairo_save (cr);
  for (guint i = 0; i < rules->len; i++)
    {
      const RuleLine *rule = &g_array_index (rules, RuleLine, i);
      const double y = y_for (d, rule->value);

      switch (rule->kind)
        {
        case RULE_BASELINE:
          set_source (cr, &d->theme->baseline);
          set_dash (cr, dash_baseline, G_N_ELEMENTS (dash_baseline));
          cairo_set_line_width (cr, 1.0);
          break;
        case RULE_THRESHOLD:
          set_source (cr, &d->theme->threshold);
          set_dash (cr, dash_threshold, G_N_ELEMENTS (dash_threshold));
          cairo_set_line_width (cr, 1.2);
          break;
        case RULE_REMISSION:
        default:
          set_source (cr, &d->theme->remission);
          set_dash (cr, dash_remission, G_N_ELEMENTS (dash_remission));
          cairo_set_line_width (cr, 1.4);
          break;
        }
      cairo_move_to (cr, l->plot.x, y);
      cairo_line_to (cr, l->plot.x + l->plot.width, y);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

typedef struct
{
  const RuleLine *rule;
  double          y;       /* the line's y */
  double          top;     /* the label's top, after spreading */
  PangoLayout    *layout;
  double          height;
} RuleLabel;

static int
compare_rule_labels (gconstpointer a,
                     gconstpointer b)
{
  const RuleLabel *la = a, *lb = b;

  return (la->y > lb->y) - (la->y < lb->y);
}

/* Labels in the right gutter, centred on their lines and pushed apart when
 * lines are close (MADRS: threshold 11 and remission 10).  A chart too
 * narrow for the gutter has them inside the plot, above their lines. */
static void
draw_rule_labels (const Draw *d,
                  GArray     *rules)
{
  const EbbChartLayout *l = d->l;
  g_autofree RuleLabel *labels = NULL;
  const guint n = rules->len;
  double x = l->plot.x + l->plot.width + 4, widest = 0;
  gboolean inside;

  if (n == 0)
    return;

  labels = g_new0 (RuleLabel, n);
  for (guint i = 0; i < n; i++)
    {
      double w;

      labels[i].rule = &g_array_index (rules, RuleLine, i);
      labels[i].y = y_for (d, labels[i].rule->value);
      labels[i].layout = make_text (d->self, labels[i].rule->text, l->small_font_size, TEXT_PLAIN, -1);
      text_size (labels[i].layout, &w, &labels[i].height);
      widest = MAX (widest, w);
    }
  inside = x + 1 + widest > l->width - l->margin + 0.5;
  if (inside)
    x = l->plot.x + l->plot.width - widest - 4;
  for (guint i = 0; i < n; i++)
    labels[i].top = inside ? labels[i].y - labels[i].height - 1 : labels[i].y - labels[i].height / 2;
  qsort (labels, n, sizeof *labels, compare_rule_labels);

  /* Top to bottom: each label at least below the previous one... */
  for (guint i = 1; i < n; i++)
    labels[i].top = MAX (labels[i].top, labels[i - 1].top + labels[i - 1].height);
  /* ...and, from the bottom, within the plot's extent. */
  if (labels[n - 1].top + labels[n - 1].height > l->plot.y + l->plot.height + labels[n - 1].height / 2)
    labels[n - 1].top = l->plot.y + l->plot.height - labels[n - 1].height / 2;
  for (guint i = n - 1; i > 0; i--)
    labels[i - 1].top = MIN (labels[i - 1].top, labels[i].top - labels[i - 1].height);

  for (guint i = 0; i < n; i++)
    {
      const RuleLabel *label = &labels[i];
      const Rgba *colour = label->rule->kind == RULE_BASELINE ? &d->theme->baseline :
                           label->rule->kind == RULE_THRESHOLD ? &d->theme->threshold :
                           &d->theme->remission;
      const double centre = label->top + label->height / 2;

      if (inside)
        {
          double w;

          text_size (label->layout, &w, NULL);
          show_text_with_halo (d->cr, label->layout, l->plot.x + l->plot.width - w - 3, label->top,
                               colour, &d->theme->halo);
        }
      else
        {
          /* A short leader when the label had to move off its line. */
          if (fabs (centre - label->y) > 1.5)
            {
              set_source (d->cr, colour);
              cairo_set_line_width (d->cr, 0.6);
              cairo_move_to (d->cr, x - 4, label->y);
              cairo_line_to (d->cr, x - 1, centre);
              cairo_stroke (d->cr);
            }
          show_text (d->cr, label->layout, x + 1, label->top, colour);
        }
      g_object_unref (label->layout);
    }
}

static void
draw_projections (const Draw *d)
{
  const EbbChartLayout *l = d->l;
  cairo_t *cr = d->cr;

  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = nth_trajectory (d->self, t);
      const Rgba *colour = d->self->mode == EBB_CHART_MODE_SCORE ? &d->theme->projection :
                           &d->theme->series[t % N_SERIES_STYLES];
      double start, end, x1, y1;
      gboolean fades;

      if (!is_drawn (d->self, trajectory) || !projection_span (trajectory, &start, &end, &fades))
        continue;

      x1 = x_for (d, end);
      y1 = y_for (d, chart_value (d->self, trajectory, projection_value (trajectory, end)));

      cairo_save (cr);
      set_source (cr, colour);
      cairo_set_line_width (cr, 1.4);
      set_dash (cr, dash_projection, G_N_ELEMENTS (dash_projection));
      cairo_move_to (cr, x_for (d, start), y_for (d, chart_value (d->self, trajectory, projection_value (trajectory, start))));
      cairo_line_to (cr, x1, y1);
      cairo_stroke (cr);
      cairo_restore (cr);

      if (fades && day_in_domain (l, end))
        {
          const gint32 fade_day = (gint32) end;
          g_autofree char *date = format_day_month (fade_day, "%-d %b");
          g_autofree char *text = g_strdup_printf (_("fade ~%s"), date);
          g_autoptr(PangoLayout) layout = make_text (d->self, text, l->small_font_size, TEXT_PLAIN, -1);
          const double r = MAX (l->marker_radius * 1.3, 3.2);
          double w, h, tx;

          cairo_save (cr);
          marker_path (cr, MARKER_DIAMOND, x1, y1, r);
          set_source (cr, &d->theme->background);
          cairo_fill_preserve (cr);
          set_source (cr, d->theme->fade_hatch ? &d->theme->text : &d->theme->alert);
          cairo_set_line_width (cr, 1.4);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
          cairo_stroke (cr);
          cairo_restore (cr);

          /* Above the diamond; to its left when it sits at the right edge. */
          text_size (layout, &w, &h);
          tx = CLAMP (x1 - w / 2, l->plot.x + 2, l->plot.x + l->plot.width - w - 2);
          show_text_with_halo (cr, layout, tx, MAX (l->plot.y, y1 - r - h - 1),
                               d->theme->fade_hatch ? &d->theme->text : &d->theme->fade_text,
                               &d->theme->halo);
        }
    }
}

static void
series_marker_path (const Draw          *d,
                    const EbbTrajectory *trajectory,
                    MarkerShape          marker,
                    double               r)
{
  const guint n = ebb_trajectory_get_n_points (trajectory);

  cairo_new_path (d->cr);
  for (guint i = 0; i < n; i++)
    {
      const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
      const double day = when_day (&point->score->when);

      if (!day_in_domain (d->l, day))
        continue;
      marker_path (d->cr, marker, x_for (d, day),
                   y_for (d, chart_value (d->self, trajectory, point->score->total)), r);
    }
}

static void
draw_series (const Draw *d)
{
  const EbbChartLayout *l = d->l;
  cairo_t *cr = d->cr;

  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = nth_trajectory (d->self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);
      const gboolean score_mode = d->self->mode == EBB_CHART_MODE_SCORE;
      const Rgba *colour = score_mode ? &d->theme->line : &d->theme->series[t % N_SERIES_STYLES];
      const SeriesStyle *style = &series_styles[t % N_SERIES_STYLES];
      const MarkerShape marker = score_mode ? MARKER_CIRCLE : style->marker;
      double r = l->marker_radius;

      if (!is_drawn (d->self, trajectory) || n == 0)
        continue;

      /* The line: drawn whole and clipped by the plot, so that it enters
       * and leaves a date range at the right slope. */
      cairo_save (cr);
      set_source (cr, colour);
      cairo_set_line_width (cr, d->theme->line_width);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      if (!score_mode)
        set_dash (cr, style->dash, style->n_dash);
      for (guint i = 0; i < n; i++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
          const double x = x_for (d, when_day (&point->score->when));
          const double y = y_for (d, chart_value (d->self, trajectory, point->score->total));

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
        }
      cairo_stroke (cr);
      cairo_restore (cr);

      /* All markers in one path, filled at once (one fill per marker is
       * many times slower): first a slightly larger one in the background
       * colour that keeps them apart from the line and the bands. */
      if (marker == MARKER_CROSS)
        {
          series_marker_path (d, trajectory, marker, r);
          set_source (cr, colour);
          cairo_set_line_width (cr, r * 0.5);
          cairo_stroke (cr);
        }
      else
        {
          /* Crowded markers are a beaded line: no edges then. */
          if (r >= 1.8)
            {
              series_marker_path (d, trajectory, marker, r + MIN (0.75, r * 0.35));
              set_source (cr, &d->theme->marker_edge);
              cairo_fill (cr);
            }
          series_marker_path (d, trajectory, marker, r);
          set_source (cr, colour);
          cairo_fill (cr);
        }
    }
}

/* Suicide-item ratings: a ring and a "!" that no one can miss, drawn last
 * so nothing covers them. */
static void
draw_alerts (const Draw *d)
{
  const EbbChartLayout *l = d->l;
  cairo_t *cr = d->cr;
  g_autoptr(PangoLayout) bang = make_text (d->self, "!", l->font_size, TEXT_BOLD, -1);
  double bw, bh;

  text_size (bang, &bw, &bh);
  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = nth_trajectory (d->self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);

      if (!is_drawn (d->self, trajectory))
        continue;
      for (guint i = 0; i < n; i++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
          const double day = when_day (&point->score->when);
          const double ring = MAX (l->marker_radius, 2.2) + 2.4;
          double x, y, ty;

          if (!point->suicide_alert || !day_in_domain (l, day))
            continue;
          x = x_for (d, day);
          y = y_for (d, chart_value (d->self, trajectory, point->score->total));

          cairo_save (cr);
          set_source (cr, &d->theme->alert);
          cairo_set_line_width (cr, 1.6);
          marker_path (cr, MARKER_CIRCLE, x, y, ring);
          cairo_stroke (cr);
          if (d->theme->fade_hatch)
            {
              /* No red in print: a second ring says "alert". */
              cairo_set_line_width (cr, 0.8);
              marker_path (cr, MARKER_CIRCLE, x, y, ring + 2);
              cairo_stroke (cr);
            }
          cairo_restore (cr);

          /* The "!" above the ring, or below it at the top of the plot. */
          ty = y - ring - bh;
          if (ty < l->plot.y - 2)
            ty = y + ring;
          show_text_with_halo (cr, bang, x - bw / 2, ty, &d->theme->alert, &d->theme->halo);
        }
    }
}

static void
draw_today (const Draw *d,
            double      caption_right)
{
  const EbbChartLayout *l = d->l;
  const gint32 as_of = chart_as_of (d->self);
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  double x, w, h, tx;

  if (as_of <= 0 || !day_in_domain (l, as_of))
    return;
  x = x_for (d, as_of);

  cairo_save (d->cr);
  set_source (d->cr, &d->theme->today);
  crisp_vline (d->cr, x, l->plot.y, l->strip.y + l->strip.height, 0.75);
  cairo_stroke (d->cr);
  cairo_restore (d->cr);

  if (as_of == ebb_date_today ())
    text = g_strdup (_("today"));
  else
    {
      g_autofree char *date = format_day_month (as_of, "%-d %b");
      text = g_strdup_printf (_("as of %s"), date);
    }
  layout = make_text (d->self, text, l->small_font_size, TEXT_PLAIN, -1);
  text_size (layout, &w, &h);
  tx = CLAMP (x - w / 2, l->plot.x, l->width - l->margin - w);
  if (tx > caption_right + 6)
    show_text (d->cr, layout, tx, l->plot.y - h - 2, &d->theme->text_dim);
}

static void
draw_sessions (const Draw *d)
{
  const EbbChartLayout *l = d->l;
  GPtrArray *sessions = chart_sessions (d->self);
  const double y = l->strip.y + l->strip.height / 2;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      const double day = when_day (&session->when);

      if (!session_is_shown (d->self, session) || !day_in_domain (l, day))
        continue;
      draw_session_glyph (d->cr, d->theme, session->status, session->phase,
                          x_for (d, day), y, l->glyph_radius);
    }
}

static void
draw_value_axis (const Draw *d)
{
  const EbbChartLayout *l = d->l;

  for (double v = ceil (l->value_min / l->value_step - 1e-9) * l->value_step;
       v <= l->value_max + 1e-9; v += l->value_step)
    {
      g_autofree char *text = value_label (d->self, fabs (v) < 1e-9 ? 0 : v);
      g_autoptr(PangoLayout) layout = make_text (d->self, text, l->small_font_size, TEXT_PLAIN, -1);
      double w, h;

      text_size (layout, &w, &h);
      show_text (d->cr, layout, l->plot.x - 4 - w, y_for (d, v) - h / 2, &d->theme->text_dim);
    }
}

static void
draw_date_axis (const Draw *d,
                GArray     *ticks)
{
  const EbbChartLayout *l = d->l;
  cairo_t *cr = d->cr;
  const double bottom = l->strip.y + l->strip.height;

  cairo_save (cr);
  set_source (cr, &d->theme->axis);
  crisp_hline (cr, l->plot.x, l->plot.x + l->plot.width, l->plot.y + l->plot.height, 0.75);
  cairo_stroke (cr);
  crisp_hline (cr, l->plot.x, l->plot.x + l->plot.width, bottom, 0.5);
  for (guint i = 0; ticks != NULL && i < ticks->len; i++)
    crisp_vline (cr, g_array_index (ticks, DateTick, i).x, bottom, bottom + 3, 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);

  for (guint i = 0; ticks != NULL && i < ticks->len; i++)
    {
      const DateTick *tick = &g_array_index (ticks, DateTick, i);
      double x;

      if (tick->layout == NULL)
        continue;
      /* Labels centred on their tick, kept inside the chart. */
      x = CLAMP (tick->x - tick->width / 2, l->margin, l->width - l->margin - tick->width);
      show_text (cr, tick->layout, x, bottom + 3, &d->theme->text_dim);
    }
}

static void
draw_message (const Draw *d,
              const char *message)
{
  const EbbChartLayout *l = d->l;
  const double inset = MIN (l->font_size, l->plot.width / 4);
  g_autoptr(PangoLayout) layout = make_text (d->self, message, l->font_size, TEXT_PLAIN,
                                             MAX (10, l->plot.width - 2 * inset));
  double h;

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  text_size (layout, NULL, &h);
  show_text_with_halo (d->cr, layout, l->plot.x + inset, l->plot.y + (l->plot.height - h) / 2,
                       &d->theme->text_dim, &d->theme->halo);
}

/* Why a scale has no rule lines, at the top of the plot: the reader must
 * not take their absence for "no response". */
static void
draw_baseline_note (const Draw *d)
{
  const EbbChartLayout *l = d->l;
  const EbbTrajectory *trajectory;
  g_autofree char *baseline = NULL;
  g_autofree char *sentence = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  const double inset = MIN (l->font_size, l->plot.width / 4);

  if (d->self->mode != EBB_CHART_MODE_SCORE || d->self->trajectories->len == 0)
    return;
  trajectory = nth_trajectory (d->self, 0);
  if (has_baseline (trajectory))
    return;
  baseline = ebb_trajectory_describe_baseline (trajectory);
  sentence = capitalise (baseline);
  layout = make_text (d->self, sentence, l->small_font_size, TEXT_PLAIN, MAX (10, l->plot.width - 2 * inset));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  show_text_with_halo (d->cr, layout, l->plot.x + inset, l->plot.y + 3, &d->theme->text, &d->theme->halo);
}

/* What to say in an empty plot, or NULL when there is data to see. */
static char *
empty_message (EbbChart             *self,
               const EbbChartLayout *l)
{
  guint n_total = 0, n_shown = 0, n_drawn = 0;

  if (self->trajectories->len == 0)
    return g_strdup (_("No ratings yet"));

  for (guint t = 0; t < self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = nth_trajectory (self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);

      n_total += n;
      if (!is_drawn (self, trajectory))
        continue;
      n_drawn += n;
      for (guint i = 0; i < n; i++)
        n_shown += day_in_domain (l, when_day (&ebb_trajectory_get_point (trajectory, i)->score->when));
    }

  if (n_total == 0)
    {
      if (self->mode == EBB_CHART_MODE_SCORE)
        return g_strdup_printf (_("No %s ratings yet"),
                                ebb_trajectory_get_scale (nth_trajectory (self, 0))->id);
      return g_strdup (_("No ratings yet"));
    }
  if (n_drawn == 0)
    return g_strdup (_("No scale has a baseline: change from baseline cannot be shown"));
  if (n_shown == 0)
    return g_strdup (_("No ratings in this date range"));
  return NULL;
}

/**
 * ebb_chart_draw:
 * @cr: where to draw; the chart fills (0, 0)–(@width, @height) in its
 *   user space
 * @width: in points
 * @height: in points
 *
 * Draws the chart: background, title, bands, lines, markers, sessions,
 * axes, legend and footnote.  The only drawing code of Ebb's charts.
 */
void
ebb_chart_draw (EbbChart *self,
                cairo_t  *cr,
                double    width,
                double    height)
{
  EbbChartLayout l;
  g_autoptr(GArray) ticks = NULL;
  g_autoptr(GArray) rules = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autofree char *message = NULL;
  g_autofree char *caption = NULL;
  double caption_right = 0;
  Draw d;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (!(width > 0 && height > 0))
    return;

  ebb_chart_get_layout (self, width, height, &l);
  d = (Draw) { self, &l, get_theme (self), cr };

  cairo_save (cr);

  set_source (cr, &d.theme->background);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  if (l.title.height > 0)
    {
      g_autofree char *markup = title_markup (self);
      g_autoptr(PangoLayout) layout = make_text (self, markup, l.font_size * 1.1, TEXT_MARKUP, -1);

      pango_layout_set_width (layout, (int) (l.title.width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      show_text (cr, layout, l.title.x, l.title.y, &d.theme->text);
    }

  caption = caption_text (self);
  if (caption[0] != '\0')
    {
      g_autoptr(PangoLayout) layout = make_text (self, caption, l.small_font_size, TEXT_PLAIN, -1);
      double w, h;

      text_size (layout, &w, &h);
      if (w < l.width - 2 * l.plot.x)
        {
          show_text (cr, layout, l.plot.x, l.plot.y - h - 2, &d.theme->text_dim);
          caption_right = l.plot.x + w;
        }
    }

  ticks = compute_date_ticks (self, &l);
  rules = collect_rules (self);
  spans = collect_fade_spans (self);
  message = empty_message (self, &l);

  /* Inside the plot: everything clipped to it. */
  cairo_save (cr);
  cairo_rectangle (cr, l.plot.x, l.plot.y, l.plot.width, l.plot.height);
  cairo_clip (cr);
  draw_bands (&d);
  draw_grid (&d, ticks);
  draw_session_rules (&d);
  draw_fades (&d, spans);
  draw_rules (&d, rules);
  draw_band_labels (&d, rules);
  cairo_restore (cr);

  /* The as-of hairline runs through the plot and the strip, under the
   * data and its labels. */
  draw_today (&d, caption_right);

  cairo_save (cr);
  cairo_rectangle (cr, l.plot.x, l.plot.y, l.plot.width, l.plot.height);
  cairo_clip (cr);
  draw_projections (&d);
  draw_series (&d);
  draw_fade_labels (&d, spans);
  draw_relapses (&d);
  cairo_restore (cr);

  /* Markers and rings may reach a little past the plot's edge. */
  cairo_save (cr);
  cairo_rectangle (cr, l.plot.x - 8, l.plot.y - 8, l.plot.width + 16, l.plot.height + 16);
  cairo_clip (cr);
  draw_alerts (&d);
  cairo_restore (cr);

  if (message != NULL)
    draw_message (&d, message);
  else
    draw_baseline_note (&d);

  draw_rule_labels (&d, rules);
  draw_value_axis (&d);
  draw_date_axis (&d, ticks);

  cairo_save (cr);
  cairo_rectangle (cr, l.strip.x - l.glyph_radius * 2, l.strip.y, l.strip.width + l.glyph_radius * 4, l.strip.height);
  cairo_clip (cr);
  draw_sessions (&d);
  cairo_restore (cr);

  if (l.legend.height > 0)
    {
      g_autoptr(GArray) items = collect_legend (self, l.day_min, l.day_max);
      legend_flow (self, &l, items, l.legend.x, l.legend.y, l.legend.width, cr);
    }

  if (l.footnote.height > 0)
    {
      g_autofree char *text = footnote_text (self);
      g_autoptr(PangoLayout) layout = make_text (self, text, l.small_font_size, TEXT_PLAIN, l.footnote.width);

      show_text (cr, layout, l.footnote.x, l.footnote.y, &d.theme->text_dim);
    }

  cairo_restore (cr);
}

/* Hit-testing -------------------------------------------------------------- */

/**
 * ebb_chart_hit_test:
 * @width: the size the chart is drawn at, in points
 * @height:
 * @x: a position in the chart, in points
 * @y:
 * @hit: (out caller-allocates): what is there
 *
 * Finds the rating or session drawn at (@x, @y), within a few points,
 * using the same layout as ebb_chart_draw().
 *
 * Returns: %TRUE when something is there
 */
gboolean
ebb_chart_hit_test (EbbChart    *self,
                    double       width,
                    double       height,
                    double       x,
                    double       y,
                    EbbChartHit *hit)
{
  EbbChartLayout l;
  GPtrArray *sessions;
  double best = G_MAXDOUBLE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  memset (hit, 0, sizeof *hit);
  if (!(width > 0 && height > 0))
    return FALSE;
  ebb_chart_get_layout (self, width, height, &l);

  /* Ratings first: the nearest marker within its radius and a few points. */
  for (guint t = 0; t < self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = nth_trajectory (self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);
      const double reach = MAX (l.marker_radius + 3, 5);

      if (!is_drawn (self, trajectory))
        continue;
      for (guint i = 0; i < n; i++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
          const double day = when_day (&point->score->when);
          double px, py, dist;

          if (!day_in_domain (&l, day))
            continue;
          px = ebb_chart_layout_x_for_day (&l, day);
          py = ebb_chart_layout_y_for_value (&l, chart_value (self, trajectory, point->score->total));
          dist = hypot (px - x, py - y);
          if (dist <= reach && dist < best)
            {
              best = dist;
              *hit = (EbbChartHit) { EBB_CHART_HIT_RATING, t, i, point, NULL, px, py };
            }
        }
    }
  if (hit->kind != EBB_CHART_HIT_NONE)
    return TRUE;

  /* Sessions: anywhere across the strip's height, nearest by x. */
  sessions = chart_sessions (self);
  if (y < l.strip.y - 2 || y > l.strip.y + l.strip.height + 2)
    return FALSE;
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      const double day = when_day (&session->when);
      double px, dist;

      if (!session_is_shown (self, session) || !day_in_domain (&l, day))
        continue;
      px = ebb_chart_layout_x_for_day (&l, day);
      dist = fabs (px - x);
      if (dist <= l.glyph_radius + 3 && dist < best)
        {
          best = dist;
          *hit = (EbbChartHit) { EBB_CHART_HIT_SESSION, 0, i, NULL, session, px,
                                 l.strip.y + l.strip.height / 2 };
        }
    }
  return hit->kind != EBB_CHART_HIT_NONE;
}

static char *
describe_session_treatment (const EbbSession *session)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *route = g_ascii_strup (ebb_route_to_string (session->route), -1);

  g_string_append_printf (text, "%s, %s", ebb_phase_to_string (session->phase),
                          session->route == EBB_ROUTE_IV || session->route == EBB_ROUTE_IM ?
                          route : ebb_route_to_string (session->route));
  if (session->dose_mg >= 0)
    {
      g_autofree char *dose = format_number (session->dose_mg);
      g_string_append_printf (text, ", %s mg", dose);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_change (const EbbTrajectory      *trajectory,
                 const EbbTrajectoryPoint *point)
{
  if (isnan (point->change_percent))
    return NULL;
  if (point->change_percent >= 0.5)
    return g_strdup_printf (_("%.0f%% below baseline (%d)"), point->change_percent,
                            ebb_trajectory_get_baseline (trajectory)->total);
  if (point->change_percent <= -0.5)
    return g_strdup_printf (_("%.0f%% above baseline (%d)"), -point->change_percent,
                            ebb_trajectory_get_baseline (trajectory)->total);
  return g_strdup_printf (_("at baseline (%d)"), ebb_trajectory_get_baseline (trajectory)->total);
}

/**
 * ebb_chart_describe_hit:
 * @hit: from ebb_chart_hit_test()
 *
 * Returns: (transfer full) (nullable): a tooltip: the date, the score and
 *   its change from baseline for a rating; status, phase, route, dose and
 *   blood pressure for a session
 */
char *
ebb_chart_describe_hit (EbbChart          *self,
                        const EbbChartHit *hit)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (hit != NULL, NULL);

  if (hit->kind == EBB_CHART_HIT_RATING)
    {
      const EbbTrajectory *trajectory = nth_trajectory (self, hit->trajectory);
      const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
      const EbbTrajectoryPoint *point = hit->point;
      g_autofree char *change = describe_change (trajectory, point);

      g_string_append_printf (text, "%s %d · %s", scale->id, point->score->total, point->score->when_text);
      if (change != NULL)
        g_string_append_printf (text, "\n%s · %s", change,
                                !point->after_t0 ? _("before treatment") :
                                point->remission ? _("remission") :
                                point->responding ? _("responding") : _("not responding"));
      if (point->suicide_alert)
        g_string_append_printf (text, _("\nSuicide item (%s): %d — assess risk"),
                                scale->alert_item_label, point->score->items[scale->alert_item - 1]);
      if (point->session != NULL)
        {
          g_autofree char *treatment = describe_session_treatment (point->session);
          g_string_append_printf (text, _("\nAfter the session on %s (%s)"), point->session->when_text, treatment);
        }
      if (point->score->note != NULL && point->score->note[0] != '\0')
        g_string_append_printf (text, "\n%s", point->score->note);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  if (hit->kind == EBB_CHART_HIT_SESSION)
    {
      const EbbSession *session = hit->session;
      g_autofree char *treatment = describe_session_treatment (session);

      g_string_append_printf (text, _("Session %s · %s\n%s"), session->when_text,
                              ebb_session_status_to_string (session->status), treatment);
      if (session->bp_before_systolic > 0 || session->bp_after_systolic > 0)
        g_string_append_printf (text, _("\nBlood pressure %d/%d → %d/%d"),
                                session->bp_before_systolic, session->bp_before_diastolic,
                                session->bp_after_systolic, session->bp_after_diastolic);
      if (session->note != NULL && session->note[0] != '\0')
        g_string_append_printf (text, "\n%s", session->note);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  return NULL;
}

static void
describe_trajectory (GString             *text,
                     const EbbTrajectory *trajectory)
{
  const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
  const guint n = ebb_trajectory_get_n_points (trajectory);
  g_autofree char *baseline = ebb_trajectory_describe_baseline (trajectory);
  GPtrArray *flags = ebb_trajectory_get_flags (trajectory);

  g_string_append_printf (text, "%s (%s): ", scale->id, scale->name);
  if (n == 0)
    {
      g_string_append (text, _("no ratings yet. "));
      return;
    }
  {
    const EbbTrajectoryPoint *first = ebb_trajectory_get_point (trajectory, 0);
    const EbbTrajectoryPoint *latest = ebb_trajectory_get_point (trajectory, n - 1);
    g_autofree char *from = ebb_date_format (first->score->when.day);
    g_autofree char *to = ebb_date_format (latest->score->when.day);
    g_autofree char *change = describe_change (trajectory, latest);
    const int nadir = ebb_trajectory_get_nadir (trajectory);

    if (n == 1)
      g_string_append_printf (text, _("1 rating, on %s. "), from);
    else
      g_string_append_printf (text, _("%u ratings from %s to %s. "), n, from, to);
    if (has_baseline (trajectory))
      g_string_append_printf (text, _("Baseline %s. "), baseline);
    else
      {
        g_autofree char *sentence = capitalise (baseline);
        g_string_append_printf (text, "%s. ", sentence);
      }
    g_string_append_printf (text, _("Latest %d on %s"), latest->score->total, to);
    if (change != NULL)
      g_string_append_printf (text, ", %s", change);
    if (has_baseline (trajectory))
      g_string_append_printf (text, ": %s", ebb_response_status_to_string (ebb_trajectory_get_status (trajectory)));
    g_string_append (text, ". ");
    if (nadir >= 0 && has_baseline (trajectory))
      g_string_append_printf (text, _("Lowest since treatment started: %d. "), nadir);
  }

  if (flags->len == 0)
    g_string_append (text, _("No flags. "));
  else
    {
      guint counts[EBB_FLAG_RELAPSE + 1] = { 0 };
      gboolean first = TRUE;

      for (guint i = 0; i < flags->len; i++)
        counts[((EbbFlag *) g_ptr_array_index (flags, i))->kind]++;
      g_string_append_printf (text, "%u %s (", flags->len, flags->len == 1 ? _("flag") : _("flags"));
      for (int k = EBB_FLAG_SUICIDE_ITEM; k <= EBB_FLAG_RELAPSE; k++)
        {
          if (counts[k] == 0)
            continue;
          g_string_append_printf (text, "%s%u %s", first ? "" : ", ", counts[k], ebb_flag_kind_to_string (k));
          first = FALSE;
        }
      g_string_append (text, "). ");
    }
}

/**
 * ebb_chart_describe:
 *
 * A plain-language summary of what the chart shows, for screen readers
 * (the chart widget's accessible description) and for alt text.
 *
 * Returns: (transfer full): the summary
 */
char *
ebb_chart_describe (EbbChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const EbbSession *next;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->trajectories->len == 0)
    return g_strdup (_("Chart with no data."));

  g_string_append_printf (text, self->mode == EBB_CHART_MODE_SCORE ?
                          _("Chart of patient %s. ") : _("Chart of patient %s, %% change from baseline. "),
                          ebb_trajectory_get_patient (nth_trajectory (self, 0))->code);
  for (guint t = 0; t < self->trajectories->len; t++)
    describe_trajectory (text, nth_trajectory (self, t));

  next = chart_next_session (self);
  if (next != NULL)
    {
      g_autofree char *treatment = describe_session_treatment (next);
      g_string_append_printf (text, _("Next session %s (%s)."), next->when_text, treatment);
    }
  else
    g_string_append (text, _("No session booked."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Export -------------------------------------------------------------------- */

/**
 * ebb_chart_format_from_path:
 * @path: a file name
 *
 * Returns: the format its extension names (.png, .svg, .pdf; any case), or
 *   %EBB_CHART_FORMAT_AUTO when it names none of them
 */
EbbChartFormat
ebb_chart_format_from_path (const char *path)
{
  const char *dot;

  g_return_val_if_fail (path != NULL, EBB_CHART_FORMAT_AUTO);

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return EBB_CHART_FORMAT_AUTO;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    return EBB_CHART_FORMAT_PNG;
  if (g_ascii_strcasecmp (dot, ".svg") == 0)
    return EBB_CHART_FORMAT_SVG;
  if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    return EBB_CHART_FORMAT_PDF;
  return EBB_CHART_FORMAT_AUTO;
}

static cairo_status_t
write_to_file (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  FILE *file = closure;

  return fwrite (data, 1, length, file) == length ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static char *
chart_document_title (EbbChart *self)
{
  if (self->trajectories->len == 0)
    return g_strdup ("Ebb chart");
  return g_strdup_printf ("%s · %s", ebb_trajectory_get_patient (nth_trajectory (self, 0))->code,
                          self->mode == EBB_CHART_MODE_SCORE ?
                          ebb_trajectory_get_scale (nth_trajectory (self, 0))->id :
                          /* xgettext:no-c-format */
                          _("% change from baseline"));
}

/**
 * ebb_chart_export_paint:
 * @path: the file to write; replaced atomically, created 0600 since it
 *   shows a patient's data
 * @format: PNG, SVG or PDF, or %EBB_CHART_FORMAT_AUTO to go by @path
 * @width_pt: the page's width in points
 * @height_pt: the page's height in points
 * @dpi: pixels per inch for PNG (ignored for SVG and PDF, which are vector)
 * @title: (nullable): the document title (PDF metadata)
 * @paint: draws the page
 * @user_data: for @paint
 *
 * Writes one page drawn by @paint to a file: the exporter shared by
 * charts and case-note reports.  PNG goes through cairo's own PNG writer,
 * which is simple but not the fastest (zlib's default level, no choice of
 * filters); SVG and PDF are sized in points.
 *
 * Returns: %TRUE on success; otherwise @error (%EBB_CHART_ERROR) names
 *   the file
 */
gboolean
ebb_chart_export_paint (const char         *path,
                        EbbChartFormat      format,
                        double              width_pt,
                        double              height_pt,
                        double              dpi,
                        const char         *title,
                        EbbChartPaintFunc   paint,
                        gpointer            user_data,
                        GError            **error)
{
  g_autofree char *tmp_path = NULL;
  g_autofree char *display = NULL;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;
  FILE *file;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (paint != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  if (format == EBB_CHART_FORMAT_AUTO)
    format = ebb_chart_format_from_path (path);
  if (format == EBB_CHART_FORMAT_AUTO)
    {
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_FORMAT,
                   _("%s: cannot tell the format from the name; use .png, .svg or .pdf"), display);
      return FALSE;
    }
  if (!(width_pt >= 16 && width_pt <= 14400 && height_pt >= 16 && height_pt <= 14400))
    {
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_SIZE,
                   _("%s: the size must be between 16 and 14400 points each way, not %g × %g"),
                   display, width_pt, height_pt);
      return FALSE;
    }
  if (format == EBB_CHART_FORMAT_PNG &&
      (!(dpi >= 18 && dpi <= 2400) || width_pt * dpi / 72 > 32767 || height_pt * dpi / 72 > 32767))
    {
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_SIZE,
                   _("%s: %g dpi at %g × %g points is out of range (18–2400 dpi, at most 32767 pixels each way)"),
                   display, dpi, width_pt, height_pt);
      return FALSE;
    }

  /* A temporary file next to the target, renamed over it at the end: a
   * failed export never leaves half a file where the old one was. */
  tmp_path = g_strdup_printf ("%s.XXXXXX", path);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE,
                   _("%s: cannot write here: %s"), display, g_strerror (saved));
      return FALSE;
    }
  file = fdopen (fd, "wb");
  if (file == NULL)
    {
      int saved = errno;
      close (fd);
      g_unlink (tmp_path);
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE,
                   _("%s: cannot write: %s"), display, g_strerror (saved));
      return FALSE;
    }

  switch (format)
    {
    case EBB_CHART_FORMAT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                            (int) ceil (width_pt * dpi / 72),
                                            (int) ceil (height_pt * dpi / 72));
      break;
    case EBB_CHART_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_to_file, file, width_pt, height_pt);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      break;
    case EBB_CHART_FORMAT_PDF:
    case EBB_CHART_FORMAT_AUTO:
    default:
      surface = cairo_pdf_surface_create_for_stream (write_to_file, file, width_pt, height_pt);
      if (title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Ebb " PACKAGE_VERSION);
      break;
    }

  cr = cairo_create (surface);
  if (format == EBB_CHART_FORMAT_PNG)
    {
      /* White under everything: a PNG pasted into notes has no alpha. */
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, dpi / 72, dpi / 72);
    }
  paint (cr, width_pt, height_pt, user_data);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == EBB_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_to_file, file);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (fclose (file) != 0 && status == CAIRO_STATUS_SUCCESS)
    status = CAIRO_STATUS_WRITE_ERROR;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp_path);
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE,
                   _("%s: writing failed: %s"), display,
                   status == CAIRO_STATUS_WRITE_ERROR ? _("the disk may be full") : cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp_path, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp_path);
      g_set_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE,
                   _("%s: cannot replace the file: %s"), display, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void
paint_chart (cairo_t  *cr,
             double    width,
             double    height,
             gpointer  user_data)
{
  ebb_chart_draw (user_data, cr, width, height);
}

/**
 * ebb_chart_export:
 * @path: the file to write; replaced atomically, created 0600
 * @format: PNG, SVG or PDF, or %EBB_CHART_FORMAT_AUTO to go by @path
 * @width_pt: the chart's width in points
 * @height_pt: the chart's height in points
 * @dpi: pixels per inch for PNG (ignored for SVG and PDF)
 *
 * Writes the chart to a file (see ebb_chart_export_paint()).
 *
 * Returns: %TRUE on success; otherwise @error names the file
 */
gboolean
ebb_chart_export (EbbChart        *self,
                  const char      *path,
                  EbbChartFormat   format,
                  double           width_pt,
                  double           height_pt,
                  double           dpi,
                  GError         **error)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  title = chart_document_title (self);
  return ebb_chart_export_paint (path, format, width_pt, height_pt, dpi, title,
                                 paint_chart, self, error);
}

/* Convenience -------------------------------------------------------------- */

/**
 * ebb_chart_default_scale:
 * @patient: the patient
 * @scores: (element-type EbbScore): the patient's ratings
 *
 * The scale a patient's chart opens on: the preferred scale when set,
 * otherwise the efficacy scale with the most ratings (the catalogue's
 * order breaks ties).
 *
 * Returns: (nullable): the scale, or %NULL when there are no ratings and
 *   no preference
 */
const EbbScale *
ebb_chart_default_scale (const EbbPatient *patient,
                         GPtrArray        *scores)
{
  const EbbScale * const *all;
  const EbbScale *best = NULL;
  guint n_scales, best_count = 0;

  g_return_val_if_fail (patient != NULL, NULL);

  if (patient->preferred_scale != NULL && ebb_scale_lookup (patient->preferred_scale) != NULL)
    return ebb_scale_lookup (patient->preferred_scale);

  all = ebb_scale_all (&n_scales);
  for (guint s = 0; s < n_scales; s++)
    {
      guint count = 0;

      if (!all[s]->efficacy)
        continue;
      for (guint i = 0; scores != NULL && i < scores->len; i++)
        count += ebb_scale_lookup (((EbbScore *) g_ptr_array_index (scores, i))->scale_id) == all[s];
      if (count > best_count)
        {
          best = all[s];
          best_count = count;
        }
    }
  return best;
}

/**
 * ebb_chart_new_for_patient:
 * @patient: the patient
 * @sessions: (element-type EbbSession): the patient's sessions
 * @scores: (element-type EbbScore): the patient's ratings
 * @scale: (nullable): the scale to chart, or %NULL for % change from
 *   baseline of every efficacy scale the patient was rated on
 * @as_of_day: the day the chart is drawn as of
 * @settings: (nullable): rule settings, or %NULL for the defaults
 *
 * Returns: (transfer full): a chart of one scale, or of several as %
 *   change from baseline
 */
EbbChart *
ebb_chart_new_for_patient (const EbbPatient      *patient,
                           GPtrArray             *sessions,
                           GPtrArray             *scores,
                           const EbbScale        *scale,
                           gint32                 as_of_day,
                           const EbbRuleSettings *settings)
{
  EbbChart *self;
  const EbbScale * const *all;
  guint n_scales;

  g_return_val_if_fail (patient != NULL, NULL);
  g_return_val_if_fail (as_of_day > 0, NULL);

  if (scale != NULL)
    {
      self = ebb_chart_new (EBB_CHART_MODE_SCORE);
      ebb_chart_add_trajectory (self, ebb_trajectory_new (patient, scale, sessions, scores, as_of_day, settings));
      return self;
    }

  self = ebb_chart_new (EBB_CHART_MODE_PERCENT);
  all = ebb_scale_all (&n_scales);
  for (guint s = 0; s < n_scales; s++)
    {
      gboolean rated = FALSE;

      if (!all[s]->efficacy)
        continue;
      for (guint i = 0; scores != NULL && i < scores->len && !rated; i++)
        {
          const EbbScore *score = g_ptr_array_index (scores, i);
          rated = score->when.day <= as_of_day && ebb_scale_lookup (score->scale_id) == all[s];
        }
      if (rated)
        ebb_chart_add_trajectory (self, ebb_trajectory_new (patient, all[s], sessions, scores, as_of_day, settings));
    }
  return self;
}
