/* ebb-chart-draw.c — the one drawing function
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ebb_chart_draw() paints the layers in order, each from its own file:
 * bands and rule lines (ebb-chart-reference.c), the data
 * (ebb-chart-series.c), the legend (ebb-chart-legend.c); here are the
 * frame around them: title, caption, grid, axes, the as-of line, the
 * footnote, and what an empty plot says.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"

/* Frame ------------------------------------------------------------------ */

/* The patient's code and what the chart is of, in bold; then the scale's
 * name, or the ids of the scales. */
static char *
title_markup (EbbChart *self)
{
  g_autoptr(GString) ids = g_string_new (NULL);
  const char *detail;

  if (self->trajectories->len == 0)
    return g_strdup ("");

  if (self->mode == EBB_CHART_MODE_SCORE)
    detail = ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, 0))->name;
  else
    {
      for (guint t = 0; t < self->trajectories->len; t++)
        g_string_append_printf (ids, "%s%s", t ? ", " : "",
                                ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, t))->id);
      detail = ids->str;
    }
  return g_markup_printf_escaped ("<b>%s · %s</b>  <span alpha=\"70%%\">%s</span>",
                                  ebb_trajectory_get_patient (_ebb_chart_nth_trajectory (self, 0))->code,
                                  _ebb_chart_subject (self), detail);
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
                          ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, 0))->id);
}

/* The first value-axis tick: the lowest multiple of the step on the axis. */
static double
first_value_tick (const EbbChartLayout *l)
{
  return ceil (l->value_min / l->value_step - 1e-9) * l->value_step;
}

static void
draw_grid (const EbbChartDrawing *d,
           GArray                *ticks)
{
  const EbbChartLayout *l = d->l;
  cairo_t *cr = d->cr;

  cairo_save (cr);
  _ebb_chart_set_source (cr, &d->palette->grid);
  for (double v = first_value_tick (l); v <= l->value_max + 1e-9; v += l->value_step)
    _ebb_chart_crisp_hline (cr, l->plot.x, l->plot.x + l->plot.width, _ebb_chart_y_for (d, v), 0.5);
  for (guint i = 0; ticks != NULL && i < ticks->len; i++)
    _ebb_chart_crisp_vline (cr, g_array_index (ticks, EbbChartDateTick, i).x,
                            l->plot.y, l->plot.y + l->plot.height, 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_today (const EbbChartDrawing *d,
            double                 caption_right)
{
  const EbbChartLayout *l = d->l;
  const gint32 as_of = _ebb_chart_as_of (d->self);
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  double x, w, h, tx;

  if (as_of <= 0 || !_ebb_chart_day_in_domain (l, as_of))
    return;
  x = _ebb_chart_x_for (d, as_of);

  cairo_save (d->cr);
  _ebb_chart_set_source (d->cr, &d->palette->today);
  _ebb_chart_crisp_vline (d->cr, x, l->plot.y, l->strip.y + l->strip.height, 0.75);
  cairo_stroke (d->cr);
  cairo_restore (d->cr);

  if (as_of == ebb_date_today ())
    text = g_strdup (_("today"));
  else
    {
      g_autofree char *date = _ebb_chart_format_day_month (as_of, "%-d %b");
      text = g_strdup_printf (_("as of %s"), date);
    }
  layout = _ebb_chart_make_text (d->self, text, l->small_font_size, EBB_CHART_TEXT_PLAIN, -1);
  _ebb_chart_text_size (layout, &w, &h);
  tx = CLAMP (x - w / 2, l->plot.x, l->width - l->margin - w);
  if (tx > caption_right + 6)
    _ebb_chart_show_text (d->cr, layout, tx, l->plot.y - h - 2, &d->palette->text_dim);
}

static void
draw_value_axis (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;

  for (double v = first_value_tick (l); v <= l->value_max + 1e-9; v += l->value_step)
    {
      g_autofree char *text = _ebb_chart_value_label (d->self, fabs (v) < 1e-9 ? 0 : v);
      g_autoptr(PangoLayout) layout = _ebb_chart_make_text (d->self, text, l->small_font_size,
                                                            EBB_CHART_TEXT_PLAIN, -1);
      double w, h;

      _ebb_chart_text_size (layout, &w, &h);
      _ebb_chart_show_text (d->cr, layout, l->plot.x - 4 - w, _ebb_chart_y_for (d, v) - h / 2, &d->palette->text_dim);
    }
}

static void
draw_date_axis (const EbbChartDrawing *d,
                GArray                *ticks)
{
  const EbbChartLayout *l = d->l;
  cairo_t *cr = d->cr;
  const double bottom = l->strip.y + l->strip.height;

  cairo_save (cr);
  _ebb_chart_set_source (cr, &d->palette->axis);
  _ebb_chart_crisp_hline (cr, l->plot.x, l->plot.x + l->plot.width, l->plot.y + l->plot.height, 0.75);
  cairo_stroke (cr);
  _ebb_chart_crisp_hline (cr, l->plot.x, l->plot.x + l->plot.width, bottom, 0.5);
  for (guint i = 0; ticks != NULL && i < ticks->len; i++)
    _ebb_chart_crisp_vline (cr, g_array_index (ticks, EbbChartDateTick, i).x, bottom, bottom + 3, 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);

  for (guint i = 0; ticks != NULL && i < ticks->len; i++)
    {
      const EbbChartDateTick *tick = &g_array_index (ticks, EbbChartDateTick, i);
      double x;

      if (tick->layout == NULL)
        continue;
      /* Labels centred on their tick, kept inside the chart. */
      x = CLAMP (tick->x - tick->width / 2, l->margin, l->width - l->margin - tick->width);
      _ebb_chart_show_text (cr, tick->layout, x, bottom + 3, &d->palette->text_dim);
    }
}

/* Messages ---------------------------------------------------------------- */

/* Text centred across the plot, wrapped a little inside its edges;
 * @x is where its layout goes. */
static PangoLayout *
centred_text (const EbbChartDrawing *d,
              const char            *text,
              double                 size,
              double                *x)
{
  const EbbChartLayout *l = d->l;
  const double inset = MIN (l->font_size, l->plot.width / 4);
  PangoLayout *layout = _ebb_chart_make_text (d->self, text, size, EBB_CHART_TEXT_PLAIN,
                                              MAX (10, l->plot.width - 2 * inset));

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  *x = l->plot.x + inset;
  return layout;
}

static void
draw_message (const EbbChartDrawing *d,
              const char            *message)
{
  const EbbChartLayout *l = d->l;
  g_autoptr(PangoLayout) layout = NULL;
  double x, h;

  layout = centred_text (d, message, l->font_size, &x);
  _ebb_chart_text_size (layout, NULL, &h);
  _ebb_chart_show_text_with_halo (d->cr, layout, x, l->plot.y + (l->plot.height - h) / 2,
                                  &d->palette->text_dim, &d->palette->halo);
}

/* Why a scale has no rule lines, at the top of the plot: the reader must
 * not take their absence for "no response". */
static void
draw_baseline_note (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  const EbbTrajectory *trajectory;
  g_autofree char *baseline = NULL;
  g_autofree char *sentence = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  double x;

  if (d->self->mode != EBB_CHART_MODE_SCORE || d->self->trajectories->len == 0)
    return;
  trajectory = _ebb_chart_nth_trajectory (d->self, 0);
  if (_ebb_chart_has_baseline (trajectory))
    return;
  baseline = ebb_trajectory_describe_baseline (trajectory);
  sentence = _ebb_chart_capitalise (baseline);
  layout = centred_text (d, sentence, l->small_font_size, &x);
  _ebb_chart_show_text_with_halo (d->cr, layout, x, l->plot.y + 3, &d->palette->text, &d->palette->halo);
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
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);

      n_total += n;
      if (!_ebb_chart_is_drawn (self, trajectory))
        continue;
      n_drawn += n;
      n_shown += _ebb_chart_n_points_shown (trajectory, l);
    }

  if (n_total == 0)
    {
      if (self->mode == EBB_CHART_MODE_SCORE)
        return g_strdup_printf (_("No %s ratings yet"),
                                ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, 0))->id);
      return g_strdup (_("No ratings yet"));
    }
  if (n_drawn == 0)
    return g_strdup (_("No scale has a baseline: change from baseline cannot be shown"));
  if (n_shown == 0)
    return g_strdup (_("No ratings in this date range"));
  return NULL;
}

/* The drawing ------------------------------------------------------------- */

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
  EbbChartDrawing d;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  if (!(width > 0 && height > 0))
    return;

  ebb_chart_get_layout (self, width, height, &l);
  d = (EbbChartDrawing) { self, &l, _ebb_chart_get_palette (self), cr };

  cairo_save (cr);

  _ebb_chart_set_source (cr, &d.palette->background);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  if (l.title.height > 0)
    {
      g_autofree char *markup = title_markup (self);
      g_autoptr(PangoLayout) layout = _ebb_chart_make_text (self, markup, l.font_size * 1.1,
                                                            EBB_CHART_TEXT_MARKUP, -1);

      pango_layout_set_width (layout, (int) (l.title.width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      _ebb_chart_show_text (cr, layout, l.title.x, l.title.y, &d.palette->text);
    }

  caption = caption_text (self);
  if (caption[0] != '\0')
    {
      g_autoptr(PangoLayout) layout = _ebb_chart_make_text (self, caption, l.small_font_size,
                                                            EBB_CHART_TEXT_PLAIN, -1);
      double w, h;

      _ebb_chart_text_size (layout, &w, &h);
      if (w < l.width - 2 * l.plot.x)
        {
          _ebb_chart_show_text (cr, layout, l.plot.x, l.plot.y - h - 2, &d.palette->text_dim);
          caption_right = l.plot.x + w;
        }
    }

  ticks = _ebb_chart_compute_date_ticks (self, &l);
  rules = _ebb_chart_collect_rules (self);
  spans = _ebb_chart_collect_fade_spans (self);
  message = empty_message (self, &l);

  /* Inside the plot: everything clipped to it. */
  cairo_save (cr);
  cairo_rectangle (cr, l.plot.x, l.plot.y, l.plot.width, l.plot.height);
  cairo_clip (cr);
  _ebb_chart_draw_bands (&d);
  draw_grid (&d, ticks);
  _ebb_chart_draw_session_rules (&d);
  _ebb_chart_draw_fades (&d, spans);
  _ebb_chart_draw_rules (&d, rules);
  _ebb_chart_draw_band_labels (&d, rules);
  cairo_restore (cr);

  /* The as-of hairline runs through the plot and the strip, under the
   * data and its labels. */
  draw_today (&d, caption_right);

  cairo_save (cr);
  cairo_rectangle (cr, l.plot.x, l.plot.y, l.plot.width, l.plot.height);
  cairo_clip (cr);
  _ebb_chart_draw_projections (&d);
  _ebb_chart_draw_series (&d);
  _ebb_chart_draw_fade_labels (&d, spans);
  _ebb_chart_draw_relapses (&d);
  cairo_restore (cr);

  /* Markers and rings may reach a little past the plot's edge. */
  cairo_save (cr);
  cairo_rectangle (cr, l.plot.x - 8, l.plot.y - 8, l.plot.width + 16, l.plot.height + 16);
  cairo_clip (cr);
  _ebb_chart_draw_alerts (&d);
  cairo_restore (cr);

  if (message != NULL)
    draw_message (&d, message);
  else
    draw_baseline_note (&d);

  _ebb_chart_draw_rule_labels (&d, rules);
  draw_value_axis (&d);
  draw_date_axis (&d, ticks);

  cairo_save (cr);
  cairo_rectangle (cr, l.strip.x - l.glyph_radius * 2, l.strip.y, l.strip.width + l.glyph_radius * 4, l.strip.height);
  cairo_clip (cr);
  _ebb_chart_draw_sessions (&d);
  cairo_restore (cr);

  if (l.legend.height > 0)
    {
      g_autoptr(GArray) items = _ebb_chart_collect_legend (self, l.day_min, l.day_max);
      _ebb_chart_legend_flow (self, &l, items, l.legend.x, l.legend.y, l.legend.width, cr);
    }

  if (l.footnote.height > 0)
    {
      g_autofree char *text = _ebb_chart_footnote_text (self);
      g_autoptr(PangoLayout) layout = _ebb_chart_make_text (self, text, l.small_font_size,
                                                            EBB_CHART_TEXT_PLAIN, l.footnote.width);

      _ebb_chart_show_text (cr, layout, l.footnote.x, l.footnote.y, &d.palette->text_dim);
    }

  cairo_restore (cr);
}
