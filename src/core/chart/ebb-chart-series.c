/* ebb-chart-series.c — the patient's data, drawn
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ratings as a line with markers (one per scale in % change mode), the
 * spans when a response had faded, the projected trend, relapses,
 * suicide-item alerts, and the sessions in the strip under the plot; and
 * where their labels go, clear of the data.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"

/* Faded spans ------------------------------------------------------------- */

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
GArray *
_ebb_chart_collect_fade_spans (EbbChart *self)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  guint out = 0;

  for (guint t = 0; t < self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (self, t);

      if (!_ebb_chart_is_drawn (self, trajectory))
        continue;
      for (guint e = 0; e < ebb_trajectory_get_n_episodes (trajectory); e++)
        {
          Span span;

          if (_ebb_chart_fade_span (trajectory, ebb_trajectory_get_episode (trajectory, e), &span.start, &span.end))
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
fade_rect (const EbbChartDrawing *d,
           const Span            *span,
           EbbChartRect          *rect)
{
  const EbbChartLayout *l = d->l;
  double x0 = MAX (_ebb_chart_x_for (d, span->start), l->plot.x);
  double x1 = MIN (_ebb_chart_x_for (d, span->end), l->plot.x + l->plot.width);

  if (x1 < l->plot.x || x0 > l->plot.x + l->plot.width)
    return FALSE;
  /* A fade found on the session's own day still shows, as a sliver. */
  if (x1 - x0 < 2)
    x1 = x0 + 2;
  *rect = (EbbChartRect) { x0, l->plot.y, x1 - x0, l->plot.height };
  return TRUE;
}

void
_ebb_chart_draw_fades (const EbbChartDrawing *d,
                       GArray                *spans)
{
  g_autoptr(GArray) rects = g_array_sized_new (FALSE, FALSE, sizeof (EbbChartRect), spans->len);

  for (guint i = 0; i < spans->len; i++)
    {
      EbbChartRect rect;

      if (fade_rect (d, &g_array_index (spans, Span, i), &rect))
        g_array_append_val (rects, rect);
    }
  _ebb_chart_fade_fill (d->cr, d->palette, (const EbbChartRect *) rects->data, rects->len);
}

/* Ratings ----------------------------------------------------------------- */

static double
projection_value (const EbbTrajectory *trajectory,
                  double               day)
{
  const EbbProjection *p = ebb_trajectory_get_projection (trajectory);

  return p->intercept + p->slope * (day - p->session->when.day);
}

/* Where a trajectory's projection is drawn, from (@x0, @y0) to (@x1, @y1);
 * @fades when it ends in a fade (a diamond there). */
static gboolean
projection_line (const EbbChartDrawing *d,
                 const EbbTrajectory   *trajectory,
                 double                *x0,
                 double                *y0,
                 double                *x1,
                 double                *y1,
                 gboolean              *fades)
{
  double start, end;

  if (!_ebb_chart_is_drawn (d->self, trajectory) ||
      !_ebb_chart_projection_span (trajectory, &start, &end, fades))
    return FALSE;
  *x0 = _ebb_chart_x_for (d, start);
  *y0 = _ebb_chart_y_for (d, _ebb_chart_value (d->self, trajectory, projection_value (trajectory, start)));
  *x1 = _ebb_chart_x_for (d, end);
  *y1 = _ebb_chart_y_for (d, _ebb_chart_value (d->self, trajectory, projection_value (trajectory, end)));
  *fades = *fades && _ebb_chart_day_in_domain (d->l, end);
  return TRUE;
}

static double
fade_diamond_radius (const EbbChartLayout *l)
{
  return MAX (l->marker_radius * 1.3, 3.2);
}

void
_ebb_chart_draw_projections (const EbbChartDrawing *d)
{
  cairo_t *cr = d->cr;

  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (d->self, t);
      const EbbChartRgba *colour = d->self->mode == EBB_CHART_MODE_SCORE ? &d->palette->projection :
                                   &d->palette->series[t % EBB_CHART_N_SERIES_STYLES];
      double x0, y0, x1, y1;
      gboolean fades;

      if (!projection_line (d, trajectory, &x0, &y0, &x1, &y1, &fades))
        continue;

      cairo_save (cr);
      _ebb_chart_set_source (cr, colour);
      cairo_set_line_width (cr, 1.4);
      _ebb_chart_set_projection_dash (cr);
      cairo_move_to (cr, x0, y0);
      cairo_line_to (cr, x1, y1);
      cairo_stroke (cr);
      cairo_restore (cr);

      if (fades)
        {
          cairo_save (cr);
          cairo_set_line_width (cr, 1.4);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
          _ebb_chart_fade_diamond (cr, d->palette, x1, y1, fade_diamond_radius (d->l));
          cairo_restore (cr);
        }
    }
}

static void
series_marker_path (const EbbChartDrawing *d,
                    const EbbTrajectory   *trajectory,
                    EbbChartMarker         marker,
                    double                 r)
{
  const guint n = ebb_trajectory_get_n_points (trajectory);

  cairo_new_path (d->cr);
  for (guint i = 0; i < n; i++)
    {
      const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
      const double day = _ebb_chart_when_day (&point->rating->when);

      if (!_ebb_chart_day_in_domain (d->l, day))
        continue;
      _ebb_chart_marker_path (d->cr, marker, _ebb_chart_x_for (d, day),
                              _ebb_chart_y_for (d, _ebb_chart_value (d->self, trajectory, point->rating->total)), r);
    }
}

/* Points of a line stroked at once (_ebb_chart_draw_series()) */
#define SERIES_STRETCH 16

void
_ebb_chart_draw_series (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  cairo_t *cr = d->cr;

  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (d->self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);
      const gboolean score_mode = d->self->mode == EBB_CHART_MODE_SCORE;
      const EbbChartRgba *colour = score_mode ? &d->palette->line :
                                   &d->palette->series[t % EBB_CHART_N_SERIES_STYLES];
      const EbbChartSeriesStyle *style = _ebb_chart_series_style (t);
      const EbbChartMarker marker = score_mode ? EBB_CHART_MARKER_CIRCLE : style->marker;
      double r = l->marker_radius;
      guint stretch;

      if (!_ebb_chart_is_drawn (d->self, trajectory) || n == 0)
        continue;

      /* The line: drawn whole and clipped by the plot, so that it enters
       * and leaves a date range at the right slope. */
      cairo_save (cr);
      _ebb_chart_set_source (cr, colour);
      cairo_set_line_width (cr, d->palette->line_width);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      if (!score_mode)
        _ebb_chart_set_dash (cr, style->dash, style->n_dash);
      /* A solid, opaque line is stroked a stretch at a time, each from
       * the last one's end: its round caps meet as a round join would,
       * and cairo's stroker, whose cost grows faster than the points, takes
       * 500 ratings at 300 dpi in a third of the time.  A dashed line is
       * stroked whole, so that its dashes run on. */
      stretch = (score_mode || style->n_dash == 0) && colour->a >= 1.0 ? SERIES_STRETCH : n;
      for (guint i = 0; i < n; i++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
          const double x = _ebb_chart_x_for (d, _ebb_chart_when_day (&point->rating->when));
          const double y = _ebb_chart_y_for (d, _ebb_chart_value (d->self, trajectory, point->rating->total));

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            cairo_line_to (cr, x, y);
          if (i % stretch == 0 && i > 0 && i + 1 < n)
            {
              cairo_stroke (cr);
              cairo_move_to (cr, x, y);
            }
        }
      cairo_stroke (cr);
      cairo_restore (cr);

      /* All markers in one path, filled at once (one fill per marker is
       * many times slower): first a slightly larger one in the background
       * colour that keeps them apart from the line and the bands. */
      if (marker == EBB_CHART_MARKER_CROSS)
        {
          series_marker_path (d, trajectory, marker, r);
          _ebb_chart_set_source (cr, colour);
          cairo_set_line_width (cr, r * 0.5);
          cairo_stroke (cr);
        }
      else
        {
          /* Crowded markers are a beaded line: no edges then. */
          if (r >= 1.8)
            {
              series_marker_path (d, trajectory, marker, r + MIN (0.75, r * 0.35));
              _ebb_chart_set_source (cr, &d->palette->marker_edge);
              cairo_fill (cr);
            }
          series_marker_path (d, trajectory, marker, r);
          _ebb_chart_set_source (cr, colour);
          cairo_fill (cr);
        }
    }
}

/* The ring around a suicide-item rating, and how far it reaches (in
 * print a second ring says "alert" without red). */
static double
alert_ring_radius (const EbbChartLayout *l)
{
  return MAX (l->marker_radius, 2.2) + 2.4;
}

static double
alert_reach (const EbbChartDrawing *d)
{
  return alert_ring_radius (d->l) + (d->palette->fade_hatch ? 2.4 : 0.8);
}

/* Suicide-item ratings: a ring that no one can miss, drawn last so
 * nothing covers it; its "!" is a label (_ebb_chart_place_alert_labels()). */
void
_ebb_chart_draw_alerts (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  cairo_t *cr = d->cr;
  const double ring = alert_ring_radius (l);

  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (d->self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);

      if (!_ebb_chart_is_drawn (d->self, trajectory))
        continue;
      for (guint i = 0; i < n; i++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
          const double day = _ebb_chart_when_day (&point->rating->when);
          double x, y;

          if (!point->suicide_alert || !_ebb_chart_day_in_domain (l, day))
            continue;
          x = _ebb_chart_x_for (d, day);
          y = _ebb_chart_y_for (d, _ebb_chart_value (d->self, trajectory, point->rating->total));

          cairo_save (cr);
          _ebb_chart_set_source (cr, &d->palette->alert);
          cairo_set_line_width (cr, 1.6);
          _ebb_chart_marker_path (cr, EBB_CHART_MARKER_CIRCLE, x, y, ring);
          cairo_stroke (cr);
          if (d->palette->fade_hatch)
            {
              cairo_set_line_width (cr, 0.8);
              _ebb_chart_marker_path (cr, EBB_CHART_MARKER_CIRCLE, x, y, ring + 2);
              cairo_stroke (cr);
            }
          cairo_restore (cr);
        }
    }
}

/* Relapses: the rating that made one, squared in purple around any ring
 * it has; its word is a label (_ebb_chart_place_relapse_labels()). */
static double
relapse_half_side (const EbbChartLayout *l)
{
  return alert_ring_radius (l) + 1.6;
}

/* How far the square reaches from the rating's centre: to its corners */
static double
relapse_reach (const EbbChartDrawing *d)
{
  return relapse_half_side (d->l) * G_SQRT2 + 0.8;
}

/* The rating that made @flag a relapse: the last on its day */
static int
relapse_point (const EbbTrajectory *trajectory,
               const EbbFlag       *flag)
{
  for (guint i = ebb_trajectory_get_n_points (trajectory); i-- > 0;)
    if (ebb_trajectory_get_point (trajectory, i)->rating->when.day == flag->day)
      return (int) i;
  return -1;
}

void
_ebb_chart_draw_relapses (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  const double s = relapse_half_side (l);
  cairo_t *cr = d->cr;

  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (d->self, t);
      GPtrArray *flags = ebb_trajectory_get_flags (trajectory);

      if (!_ebb_chart_is_drawn (d->self, trajectory))
        continue;
      for (guint f = 0; f < flags->len; f++)
        {
          const EbbFlag *flag = g_ptr_array_index (flags, f);
          const EbbTrajectoryPoint *point;
          int i;
          double x, y;

          if (flag->kind != EBB_FLAG_RELAPSE || !_ebb_chart_day_in_domain (l, flag->day) ||
              (i = relapse_point (trajectory, flag)) < 0)
            continue;
          point = ebb_trajectory_get_point (trajectory, i);
          x = _ebb_chart_x_for (d, _ebb_chart_when_day (&point->rating->when));
          y = _ebb_chart_y_for (d, _ebb_chart_value (d->self, trajectory, point->rating->total));

          cairo_save (cr);
          _ebb_chart_set_source (cr, &d->palette->relapse);
          cairo_set_line_width (cr, 1.6);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_rectangle (cr, x - s, y - s, 2 * s, 2 * s);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
    }
}

/* Labels ------------------------------------------------------------------ */

/* Everything of the data that a label must not cover: every line segment
 * (also those leaving the plot), every marker, ring and fade diamond, and
 * the projections. */
void
_ebb_chart_add_data_obstacles (const EbbChartDrawing *d,
                               EbbChartObstacles     *o)
{
  const EbbChartLayout *l = d->l;
  const double marker = l->marker_radius + MIN (0.75, l->marker_radius * 0.35) + 0.5;
  const double line = d->palette->line_width / 2 + 0.5;

  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (d->self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);
      double px = 0, py = 0, x0, y0, x1, y1;
      gboolean fades;

      if (!_ebb_chart_is_drawn (d->self, trajectory))
        continue;
      for (guint i = 0; i < n; i++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
          const double day = _ebb_chart_when_day (&point->rating->when);
          const double x = _ebb_chart_x_for (d, day);
          const double y = _ebb_chart_y_for (d, _ebb_chart_value (d->self, trajectory, point->rating->total));

          if (i > 0)
            _ebb_chart_obstacles_add_segment (o, EBB_CHART_COVER_DATA, px, py, x, y, line);
          if (_ebb_chart_day_in_domain (l, day))
            {
              _ebb_chart_obstacles_add_circle (o, x, y, marker);
              if (point->suicide_alert)
                _ebb_chart_obstacles_add_circle (o, x, y, alert_reach (d));
            }
          px = x;
          py = y;
        }
      if (projection_line (d, trajectory, &x0, &y0, &x1, &y1, &fades))
        {
          _ebb_chart_obstacles_add_segment (o, EBB_CHART_COVER_DATA, x0, y0, x1, y1, 1.2);
          if (fades)
            _ebb_chart_obstacles_add_circle (o, x1, y1, fade_diamond_radius (l) + 1);
        }
      for (guint f = 0; f < ebb_trajectory_get_flags (trajectory)->len; f++)
        {
          const EbbFlag *flag = g_ptr_array_index (ebb_trajectory_get_flags (trajectory), f);
          const EbbTrajectoryPoint *point;
          int i;

          if (flag->kind != EBB_FLAG_RELAPSE || !_ebb_chart_day_in_domain (l, flag->day) ||
              (i = relapse_point (trajectory, flag)) < 0)
            continue;
          point = ebb_trajectory_get_point (trajectory, i);
          _ebb_chart_obstacles_add_circle (o, _ebb_chart_x_for (d, _ebb_chart_when_day (&point->rating->when)),
                                           _ebb_chart_y_for (d, _ebb_chart_value (d->self, trajectory,
                                                                                  point->rating->total)),
                                           relapse_reach (d));
        }
    }
}

/* A "!" by each suicide-item ring, above it or below, wherever it covers
 * no other rating: close, or not at all (the ring says it alone). */
void
_ebb_chart_place_alert_labels (const EbbChartDrawing *d,
                               EbbChartObstacles     *o,
                               GArray                *labels)
{
  const EbbChartLayout *l = d->l;

  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (d->self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);

      if (!_ebb_chart_is_drawn (d->self, trajectory))
        continue;
      for (guint i = n; i-- > 0;)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
          const double day = _ebb_chart_when_day (&point->rating->when);
          PangoLayout *bang;
          EbbChartRect box;
          double x, y, w, h;

          if (!point->suicide_alert || !_ebb_chart_day_in_domain (l, day))
            continue;
          x = _ebb_chart_x_for (d, day);
          y = _ebb_chart_y_for (d, _ebb_chart_value (d->self, trajectory, point->rating->total));
          bang = _ebb_chart_make_text (d->self, "!", l->font_size, EBB_CHART_TEXT_BOLD, -1);
          _ebb_chart_text_size (bang, &w, &h);
          if (_ebb_chart_place_near (o, x, y, alert_reach (d) - 1, w, h, 2, &box, NULL))
            _ebb_chart_labels_add (labels, o, EBB_CHART_LABEL_ALERT, &box, bang, &d->palette->alert, TRUE);
          else
            g_object_unref (bang);
        }
    }
}

/* "relapse" by the second of the two ratings that made it: above it or
 * below, whichever is free of the data, or further off with a leader. */
void
_ebb_chart_place_relapse_labels (const EbbChartDrawing *d,
                                 EbbChartObstacles     *o,
                                 GArray                *labels)
{
  const EbbChartLayout *l = d->l;

  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (d->self, t);
      GPtrArray *flags = ebb_trajectory_get_flags (trajectory);

      if (!_ebb_chart_is_drawn (d->self, trajectory))
        continue;
      /* The latest first: it matters most, and gets the best place. */
      for (guint f = flags->len; f-- > 0;)
        {
          const EbbFlag *flag = g_ptr_array_index (flags, f);
          const EbbTrajectoryPoint *point;
          PangoLayout *layout;
          EbbChartPlacedLabel *label;
          EbbChartRect box;
          gboolean moved;
          double x, y, r, w, h;
          int i;

          if (flag->kind != EBB_FLAG_RELAPSE || !_ebb_chart_day_in_domain (l, flag->day) ||
              (i = relapse_point (trajectory, flag)) < 0)
            continue;
          point = ebb_trajectory_get_point (trajectory, i);
          x = _ebb_chart_x_for (d, _ebb_chart_when_day (&point->rating->when));
          y = _ebb_chart_y_for (d, _ebb_chart_value (d->self, trajectory, point->rating->total));
          r = relapse_reach (d);
          layout = _ebb_chart_make_text (d->self, _("relapse"), l->small_font_size, EBB_CHART_TEXT_BOLD, -1);
          _ebb_chart_text_size (layout, &w, &h);
          if (!_ebb_chart_place_near (o, x, y, r, w, h, 12, &box, &moved))
            {
              g_object_unref (layout);
              continue;
            }
          label = _ebb_chart_labels_add (labels, o, EBB_CHART_LABEL_RELAPSE, &box, layout,
                                         &d->palette->relapse, TRUE);
          label->leader = moved;
          label->anchor_x = x;
          label->anchor_y = y;
          label->anchor_r = r;
        }
    }
}

/* "fade ~9 Feb" by the diamond that ends a projection, and "faded" over
 * each faded span wide enough for it, along the top of the plot or else
 * its bottom, wherever they cover no data (the tint and the legend say
 * "faded" without the word). */
void
_ebb_chart_place_fade_labels (const EbbChartDrawing *d,
                              GArray                *spans,
                              EbbChartObstacles     *o,
                              GArray                *labels)
{
  const EbbChartLayout *l = d->l;
  double w, h;

  for (guint t = 0; t < d->self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (d->self, t);
      double x0, y0, x1, y1, start, end;
      gboolean fades, moved;
      g_autofree char *date = NULL;
      g_autofree char *text = NULL;
      PangoLayout *layout;
      EbbChartRect box;
      EbbChartPlacedLabel *label;

      if (!projection_line (d, trajectory, &x0, &y0, &x1, &y1, &fades) || !fades)
        continue;
      _ebb_chart_projection_span (trajectory, &start, &end, &fades);
      date = _ebb_chart_format_day_month ((gint32) end, C_("chart date", "%-d %b"));
      text = g_strdup_printf (_("fade ~%s"), date);
      layout = _ebb_chart_make_text (d->self, text, l->small_font_size, EBB_CHART_TEXT_PLAIN, -1);
      _ebb_chart_text_size (layout, &w, &h);
      if (!_ebb_chart_place_near (o, x1, y1, fade_diamond_radius (l) + 1, w, h, 12, &box, &moved))
        {
          g_object_unref (layout);
          continue;
        }
      label = _ebb_chart_labels_add (labels, o, EBB_CHART_LABEL_FADE_DATE, &box, layout,
                                     d->palette->fade_hatch ? &d->palette->text : &d->palette->fade_text, TRUE);
      label->leader = moved;
      label->anchor_x = x1;
      label->anchor_y = y1;
      label->anchor_r = fade_diamond_radius (l) + 1;
    }

  for (guint i = 0; i < spans->len; i++)
    {
      PangoLayout *layout = _ebb_chart_make_text (d->self, _("faded"), l->small_font_size, EBB_CHART_TEXT_PLAIN, -1);
      g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (EbbChartRect));
      EbbChartRect rect;
      int chosen = -1;

      _ebb_chart_text_size (layout, &w, &h);
      if (fade_rect (d, &g_array_index (spans, Span, i), &rect) && rect.width >= w + 4)
        {
          const double centre = rect.x + (rect.width - w) / 2, reach = (rect.width - w) / 2 - 1;
          const double step = MAX (3, w / 4);

          for (int row = 0; row < 2; row++)
            for (double dx = 0; dx <= reach + 0.01; dx += step)
              for (int sign = dx > 0 ? -1 : 1; sign <= 1; sign += 2)
                {
                  const double y = row == 0 ? l->plot.y + 1 : l->plot.y + l->plot.height - h - 1;
                  EbbChartRect box = { centre + sign * dx, y, w, h };
                  g_array_append_val (candidates, box);
                }
          chosen = _ebb_chart_obstacles_choose (o, (const EbbChartRect *) candidates->data, candidates->len,
                                                EBB_CHART_COVER_DATA | EBB_CHART_COVER_LABEL | EBB_CHART_COVER_OUTSIDE,
                                                EBB_CHART_COVER_RULE, 4);
        }
      if (chosen < 0)
        {
          g_object_unref (layout);
          continue;
        }
      _ebb_chart_labels_add (labels, o, EBB_CHART_LABEL_FADED, &g_array_index (candidates, EbbChartRect, chosen),
                             layout, &d->palette->fade_text, TRUE);
    }
}

/* Sessions ---------------------------------------------------------------- */

void
_ebb_chart_draw_session_rules (const EbbChartDrawing *d)
{
  GPtrArray *sessions = _ebb_chart_sessions (d->self);
  const EbbChartLayout *l = d->l;

  /* A faint line up from each done session: when was the dose, relative
   * to the ratings?  Not when sessions crowd: stripes say nothing. */
  if (l->glyph_radius < l->font_size * 0.36 - 0.01)
    return;
  _ebb_chart_set_source (d->cr, &d->palette->session_rule);
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->status != EBB_SESSION_DONE || !_ebb_chart_session_is_shown (d->self, l, session))
        continue;
      _ebb_chart_crisp_vline (d->cr, _ebb_chart_x_for (d, _ebb_chart_when_day (&session->when)),
                              l->plot.y, l->plot.y + l->plot.height, 0.5);
    }
  cairo_stroke (d->cr);
}

void
_ebb_chart_draw_sessions (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  GPtrArray *sessions = _ebb_chart_sessions (d->self);
  const double y = l->strip.y + l->strip.height / 2;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (!_ebb_chart_session_is_shown (d->self, l, session))
        continue;
      _ebb_chart_draw_session_glyph (d->cr, d->palette, session->status, session->phase,
                                     _ebb_chart_x_for (d, _ebb_chart_when_day (&session->when)), y,
                                     l->glyph_radius);
    }
}
