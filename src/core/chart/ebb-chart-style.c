/* ebb-chart-style.c — how a chart looks
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The palettes of the three themes, line styles, markers, session
 * glyphs, the hatching of faded spans and crisp hairlines: what every
 * drawing part of the chart draws with.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <math.h>

#include "ebb-chart-private.h"

#define HEX(c, alpha) { (((c) >> 16) & 0xff) / 255.0, (((c) >> 8) & 0xff) / 255.0, ((c) & 0xff) / 255.0, (alpha) }

/* GNOME HIG palette: blue 3 #3584e4, green 3 #33d17a, yellow 3 #f6d32d,
 * orange 3 #ff7800, red 3 #e01b24; darker steps where text or thin lines
 * need contrast on white. */
static const EbbChartPalette light_palette = {
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
  .fade         = HEX (0xe01b24, 0.07),
  .fade_line    = HEX (0xe01b24, 0.38),
  .fade_text    = HEX (0xc01c28, 1.0),
  .fade_hatch   = FALSE,
  .projection   = HEX (0x1a5fb4, 1.0),
  .alert        = HEX (0xe01b24, 1.0),
  .relapse      = HEX (0x9141ac, 1.0),
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

static const EbbChartPalette dark_palette = {
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
  .fade         = HEX (0xe01b24, 0.14),
  .fade_line    = HEX (0xf66151, 0.45),
  .fade_text    = HEX (0xf66151, 1.0),
  .fade_hatch   = FALSE,
  .projection   = HEX (0x99c1f1, 1.0),
  .alert        = HEX (0xff7b63, 1.0),
  .relapse      = HEX (0xdc8add, 1.0),
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
static const EbbChartPalette print_palette = {
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
  .fade         = HEX (0x000000, 0.05),
  .fade_line    = HEX (0x000000, 0.45),
  .fade_text    = HEX (0x000000, 1.0),
  .fade_hatch   = TRUE,
  .projection   = HEX (0x000000, 1.0),
  .alert        = HEX (0x000000, 1.0),
  .relapse      = HEX (0x000000, 1.0),
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
static const double dash_projection[] = { 4.0, 2.5 };

static const double dash_series_1[] = { 6.0, 3.0 };
static const double dash_series_2[] = { 0.01, 3.0 };
static const double dash_series_3[] = { 8.0, 3.0, 0.01, 3.0 };
static const double dash_series_4[] = { 3.0, 2.0 };

static const EbbChartSeriesStyle series_styles[EBB_CHART_N_SERIES_STYLES] = {
  { NULL, 0, EBB_CHART_MARKER_CIRCLE },
  { dash_series_1, G_N_ELEMENTS (dash_series_1), EBB_CHART_MARKER_SQUARE },
  { dash_series_2, G_N_ELEMENTS (dash_series_2), EBB_CHART_MARKER_TRIANGLE },
  { dash_series_3, G_N_ELEMENTS (dash_series_3), EBB_CHART_MARKER_DIAMOND },
  { dash_series_4, G_N_ELEMENTS (dash_series_4), EBB_CHART_MARKER_TRIANGLE_DOWN },
  { NULL, 0, EBB_CHART_MARKER_CROSS },
};

/* The colours of the chart's theme. */
const EbbChartPalette *
_ebb_chart_get_palette (EbbChart *self)
{
  switch (self->theme)
    {
    case EBB_CHART_THEME_DARK:  return &dark_palette;
    case EBB_CHART_THEME_PRINT: return &print_palette;
    case EBB_CHART_THEME_LIGHT:
    default:                    return &light_palette;
    }
}

/* The style of the @index-th scale of a % change chart: after six, they
 * repeat. */
const EbbChartSeriesStyle *
_ebb_chart_series_style (guint index)
{
  return &series_styles[index % EBB_CHART_N_SERIES_STYLES];
}

void
_ebb_chart_set_source (cairo_t            *cr,
                       const EbbChartRgba *colour)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, colour->a);
}

void
_ebb_chart_set_dash (cairo_t      *cr,
                     const double *dash,
                     int           n)
{
  cairo_set_dash (cr, dash, n, 0);
  /* Dots are zero-length dashes: they need round caps to show. */
  cairo_set_line_cap (cr, n > 0 && dash[0] < 0.1 ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
}

void
_ebb_chart_set_projection_dash (cairo_t *cr)
{
  _ebb_chart_set_dash (cr, dash_projection, G_N_ELEMENTS (dash_projection));
}

/* Crisp hairlines: whole device pixels wide, on pixel centres when odd
 * (after Sysprof: floor (v) + .5).  _ebb_chart_crisp_hline() and
 * _ebb_chart_crisp_vline() add to the path and set the width; lines of
 * one width are stroked together, which is much faster than one stroke
 * each. */
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

void
_ebb_chart_crisp_hline (cairo_t *cr,
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

void
_ebb_chart_crisp_vline (cairo_t *cr,
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

void
_ebb_chart_marker_path (cairo_t        *cr,
                        EbbChartMarker  shape,
                        double          x,
                        double          y,
                        double          r)
{
  switch (shape)
    {
    case EBB_CHART_MARKER_SQUARE:
      cairo_rectangle (cr, x - r * 0.88, y - r * 0.88, r * 1.76, r * 1.76);
      break;
    case EBB_CHART_MARKER_TRIANGLE:
      cairo_move_to (cr, x, y - r * 1.25);
      cairo_line_to (cr, x + r * 1.15, y + r * 0.8);
      cairo_line_to (cr, x - r * 1.15, y + r * 0.8);
      cairo_close_path (cr);
      break;
    case EBB_CHART_MARKER_TRIANGLE_DOWN:
      cairo_move_to (cr, x, y + r * 1.25);
      cairo_line_to (cr, x + r * 1.15, y - r * 0.8);
      cairo_line_to (cr, x - r * 1.15, y - r * 0.8);
      cairo_close_path (cr);
      break;
    case EBB_CHART_MARKER_DIAMOND:
      cairo_move_to (cr, x, y - r * 1.3);
      cairo_line_to (cr, x + r * 1.1, y);
      cairo_line_to (cr, x, y + r * 1.3);
      cairo_line_to (cr, x - r * 1.1, y);
      cairo_close_path (cr);
      break;
    case EBB_CHART_MARKER_CROSS:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      cairo_move_to (cr, x - r, y);
      cairo_line_to (cr, x + r, y);
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x, y + r);
      break;
    case EBB_CHART_MARKER_CIRCLE:
    default:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    }
}

/* Where a projection crosses the response threshold: a diamond in the
 * alert colour (black in print), stroked at the current line width. */
void
_ebb_chart_fade_diamond (cairo_t               *cr,
                         const EbbChartPalette *palette,
                         double                 x,
                         double                 y,
                         double                 r)
{
  _ebb_chart_marker_path (cr, EBB_CHART_MARKER_DIAMOND, x, y, r);
  _ebb_chart_set_source (cr, &palette->background);
  cairo_fill_preserve (cr);
  _ebb_chart_set_source (cr, palette->fade_hatch ? &palette->text : &palette->alert);
  cairo_stroke (cr);
}

/* Sessions: the shape says the phase (triangle induction, circle
 * maintenance, square rescue), the fill says done or scheduled; cancelled
 * and missed are grey crosses. */
void
_ebb_chart_draw_session_glyph (cairo_t               *cr,
                               const EbbChartPalette *palette,
                               EbbSessionStatus       status,
                               EbbPhase               phase,
                               double                 x,
                               double                 y,
                               double                 r)
{
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (status == EBB_SESSION_CANCELLED || status == EBB_SESSION_MISSED)
    {
      const double a = r * 0.7;

      _ebb_chart_set_source (cr, &palette->session_off);
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
      _ebb_chart_marker_path (cr, EBB_CHART_MARKER_TRIANGLE, x, y + r * 0.15, r);
      break;
    case EBB_PHASE_RESCUE:
      _ebb_chart_marker_path (cr, EBB_CHART_MARKER_SQUARE, x, y, r * 0.92);
      break;
    case EBB_PHASE_MAINTENANCE:
    default:
      _ebb_chart_marker_path (cr, EBB_CHART_MARKER_CIRCLE, x, y, r * 0.92);
      break;
    }

  if (status == EBB_SESSION_DONE)
    {
      _ebb_chart_set_source (cr, &palette->session);
      cairo_fill (cr);
    }
  else
    {
      _ebb_chart_set_source (cr, &palette->background);
      cairo_fill_preserve (cr);
      _ebb_chart_set_source (cr, &palette->session);
      cairo_set_line_width (cr, MAX (0.8, r * 0.28));
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

/* A faded span: the severity bands stop at it, and it is hatched, with a
 * solid edge along its top.  A red tint alone vanished over the red
 * bands and in the dark theme; hatching over the plot's own background
 * reads the same over any band, in every theme and in black and white. */
/* The hatching as one tile, repeated from the page's origin: one fill for
 * every span, where stroking each span's own diagonals made a long
 * history's chart ten times slower.  A recording surface, so that a PDF
 * keeps a vector tiling pattern. */
static cairo_pattern_t *
hatch_tile (const EbbChartPalette *palette,
            double                 spacing)
{
  cairo_rectangle_t extents = { 0, 0, spacing, spacing };
  cairo_surface_t *tile = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cairo_t *cr = cairo_create (tile);
  cairo_pattern_t *pattern;

  _ebb_chart_set_source (cr, &palette->background);
  cairo_paint (cr);
  _ebb_chart_set_source (cr, &palette->fade);
  cairo_paint (cr);
  _ebb_chart_set_source (cr, &palette->fade_line);
  cairo_set_line_width (cr, palette->fade_hatch ? 0.6 : 0.75);
  /* The diagonal x + y = spacing, and the ends of its neighbours in the
   * corners, so that the line has its full width across the tile's edges. */
  for (int k = 0; k <= 2; k++)
    {
      cairo_move_to (cr, (k - 1) * spacing, spacing);
      cairo_line_to (cr, k * spacing, 0);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_surface_destroy (tile);
  return pattern;
}

/* The same diagonals x + y = k × spacing as lines, each cut to its span,
 * inside a clip of all the spans: for SVG, whose surface in cairo 1.16
 * leaks a pattern made from a recording surface. */
static void
hatch_lines (cairo_t               *cr,
             const EbbChartPalette *palette,
             const EbbChartRect    *rects,
             guint                  n_rects,
             double                 spacing)
{
  _ebb_chart_set_source (cr, &palette->background);
  cairo_paint (cr);
  _ebb_chart_set_source (cr, &palette->fade);
  cairo_paint (cr);
  _ebb_chart_set_source (cr, &palette->fade_line);
  cairo_set_line_width (cr, palette->fade_hatch ? 0.6 : 0.75);
  for (guint i = 0; i < n_rects; i++)
    {
      const double x0 = rects[i].x, y0 = rects[i].y;
      const double x1 = x0 + rects[i].width, y1 = y0 + rects[i].height;

      if (rects[i].width <= 0 || rects[i].height <= 0)
        continue;
      for (double c = ceil ((x0 + y0) / spacing) * spacing; c <= x1 + y1; c += spacing)
        {
          double from = MAX (x0, c - y1);
          double to = MIN (x1, c - y0);

          cairo_move_to (cr, from, c - from);
          cairo_line_to (cr, to, c - to);
        }
    }
  cairo_stroke (cr);
}

void
_ebb_chart_fade_fill (cairo_t               *cr,
                      const EbbChartPalette *palette,
                      const EbbChartRect    *rects,
                      guint                  n_rects)
{
  /* Wide enough apart to keep a long span calm under the data */
  const double spacing = palette->fade_hatch ? 3.5 : 5.0;
  gboolean any = FALSE;

  cairo_save (cr);
  cairo_new_path (cr);
  for (guint i = 0; i < n_rects; i++)
    if (rects[i].width > 0 && rects[i].height > 0)
      {
        cairo_rectangle (cr, rects[i].x, rects[i].y, rects[i].width, rects[i].height);
        any = TRUE;
      }
  if (!any)
    {
      cairo_restore (cr);
      return;
    }
  if (cairo_surface_get_type (cairo_get_target (cr)) == CAIRO_SURFACE_TYPE_SVG)
    {
      cairo_clip (cr);
      hatch_lines (cr, palette, rects, n_rects, spacing);
    }
  else
    {
      cairo_pattern_t *hatch = hatch_tile (palette, spacing);

      cairo_set_source (cr, hatch);
      cairo_fill (cr);
      cairo_pattern_destroy (hatch);
    }

  _ebb_chart_set_source (cr, &palette->fade_text);
  for (guint i = 0; i < n_rects; i++)
    if (rects[i].width > 0 && rects[i].height > 0)
      cairo_rectangle (cr, rects[i].x, rects[i].y, rects[i].width, MIN (2.0, rects[i].height));
  cairo_fill (cr);
  cairo_restore (cr);
}
