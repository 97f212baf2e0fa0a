/* ebb-chart-draw.c — the one drawing function
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ebb_chart_draw() paints the layers in order, each from its own file:
 * bands and rule lines (ebb-chart-reference.c), the data
 * (ebb-chart-series.c), the legend (ebb-chart-legend.c); here are the
 * frame around them: title, caption, grid, axes, the as-of line, the
 * footnote, and what an empty plot says.  Every label is placed before
 * anything is drawn (_ebb_chart_place_labels()), so that none covers the
 * data, and drawn with its layer.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"

/* Frame ------------------------------------------------------------------ */

/* The patient's name, when there is one worth adding to the code. */
static const char *
patient_name (EbbChart *self)
{
  const EbbPatient *patient = ebb_trajectory_get_patient (_ebb_chart_nth_trajectory (self, 0));

  if (patient->name == NULL || patient->name[0] == '\0' || g_strcmp0 (patient->name, patient->code) == 0)
    return NULL;
  return patient->name;
}

/* The scale's name, or the ids of the scales. */
static char *
title_detail (EbbChart *self)
{
  g_autoptr(GString) ids = g_string_new (NULL);

  if (self->mode == EBB_CHART_MODE_SCORE)
    return g_strdup (ebb_scale_get_name (ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, 0))));
  for (guint t = 0; t < self->trajectories->len; t++)
    g_string_append_printf (ids, "%s%s", t ? ", " : "",
                            ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, t))->id);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* @name: the patient's, "" to measure the rest, or %NULL for none;
 * @with_detail: whether the scale's long name follows in grey */
static char *
title_markup (EbbChart   *self,
              const char *name,
              gboolean    with_detail)
{
  g_autofree char *detail = with_detail ? title_detail (self) : NULL;
  g_autofree char *grey = NULL;
  g_autofree char *bold = NULL;
  const char *code = ebb_trajectory_get_patient (_ebb_chart_nth_trajectory (self, 0))->code;

  if (detail != NULL)
    grey = g_markup_printf_escaped ("  <span alpha=\"70%%\">%s</span>", detail);
  if (name != NULL)
    bold = g_markup_printf_escaped ("<b>%s · %s · %s</b>", code, name, _ebb_chart_subject (self));
  else
    bold = g_markup_printf_escaped ("<b>%s · %s</b>", code, _ebb_chart_subject (self));
  return g_strconcat (bold, grey, NULL);
}

/* The title in plain words, for a document's metadata: "K-0042 · Test
 * Patient · MADRS". */
char *
_ebb_chart_title_text (EbbChart *self)
{
  const char *name;

  if (self->trajectories->len == 0)
    return g_strdup (_("Ebb chart"));
  name = patient_name (self);
  if (name != NULL)
    return g_strdup_printf ("%s · %s · %s", ebb_trajectory_get_patient (_ebb_chart_nth_trajectory (self, 0))->code,
                            name, _ebb_chart_subject (self));
  return g_strdup_printf ("%s · %s", ebb_trajectory_get_patient (_ebb_chart_nth_trajectory (self, 0))->code,
                          _ebb_chart_subject (self));
}

/* The title on one line: the code, the patient's name, what the chart is
 * of, then the scale's name in grey.  What does not fit gives way whole,
 * never cut mid-word ("Self-R…"): first the scale's long name (the id
 * before it says which scale), then the patient's name is shortened with
 * an ellipsis, so that the code and the scale always show. */
static PangoLayout *
title_layout (EbbChart *self,
              double    size,
              double    width)
{
  const char *name = self->trajectories->len > 0 ? patient_name (self) : NULL;
  g_autofree char *markup = NULL;
  PangoLayout *layout;
  double full;

  if (self->trajectories->len == 0)
    markup = g_strdup ("");
  else
    markup = title_markup (self, name, TRUE);
  layout = _ebb_chart_make_text (self, markup, size, EBB_CHART_TEXT_MARKUP, -1);
  _ebb_chart_text_size (layout, &full, NULL);

  if (self->trajectories->len > 0 && full > width)
    {
      g_clear_pointer (&markup, g_free);
      markup = title_markup (self, name, FALSE);
    }
  if (name != NULL && _ebb_chart_measure_width (self, markup, size, EBB_CHART_TEXT_MARKUP) > width)
    {
      g_autofree char *essential = title_markup (self, "", FALSE);
      const double room = width - _ebb_chart_measure_width (self, essential, size, EBB_CHART_TEXT_MARKUP);
      g_autofree char *shortened = NULL;

      /* No room for a name worth reading: none */
      for (glong n = g_utf8_strlen (name, -1) - 1; room >= size * 3 && n > 0; n--)
        {
          g_autofree char *prefix = g_utf8_substring (name, 0, n);

          g_free (shortened);
          shortened = g_strconcat (g_strchomp (prefix), "…", NULL);
          if (_ebb_chart_measure_width (self, shortened, size, EBB_CHART_TEXT_BOLD) <= room)
            break;
          g_clear_pointer (&shortened, g_free);
        }
      g_clear_pointer (&markup, g_free);
      markup = title_markup (self, shortened, FALSE);
    }
  pango_layout_set_markup (layout, markup, -1);

  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  return layout;
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

/* The as-of line, through the plot, the strip and the panels, under the data. */
static void
draw_as_of_line (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  const gint32 as_of = _ebb_chart_as_of (d->self);
  const double x = _ebb_chart_x_for (d, as_of);

  if (as_of <= 0 || !_ebb_chart_day_in_domain (l, as_of))
    return;
  cairo_save (d->cr);
  _ebb_chart_set_source (d->cr, &d->palette->today);
  _ebb_chart_crisp_vline (d->cr, x, l->plot.y, l->axis.y, 0.75);
  cairo_stroke (d->cr);
  cairo_restore (d->cr);
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
  const double bottom = l->axis.y;   /* under the strip and the panels */

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

/* Why a scale has no rule lines, across the plot: the reader must not
 * take their absence for "no response".  At the top where the data
 * leaves room, else the first row down that it leaves free, else at the
 * top over a halo. */
static void
place_baseline_note (const EbbChartDrawing *d,
                     EbbChartObstacles     *o,
                     GArray                *labels)
{
  const EbbChartLayout *l = d->l;
  const EbbTrajectory *trajectory;
  g_autofree char *baseline = NULL;
  g_autofree char *sentence = NULL;
  g_autoptr(GArray) candidates = NULL;
  PangoLayout *layout;
  double x, h;
  int chosen;

  if (d->self->mode != EBB_CHART_MODE_SCORE || d->self->trajectories->len == 0)
    return;
  trajectory = _ebb_chart_nth_trajectory (d->self, 0);
  if (_ebb_chart_has_baseline (trajectory))
    return;
  baseline = ebb_trajectory_describe_baseline (trajectory);
  sentence = _ebb_chart_capitalise (baseline);
  layout = centred_text (d, sentence, l->small_font_size, &x);
  _ebb_chart_text_size (layout, NULL, &h);

  /* The box is the wrapping width: wider than the words, never narrower. */
  candidates = g_array_new (FALSE, FALSE, sizeof (EbbChartRect));
  for (double y = l->plot.y + 3; y + h <= l->plot.y + l->plot.height - 2; y += l->small_font_size / 2)
    {
      EbbChartRect box = { x, y, pango_layout_get_width (layout) / (double) PANGO_SCALE, h };
      g_array_append_val (candidates, box);
    }
  chosen = candidates->len > 0 ?
    _ebb_chart_obstacles_choose (o, (const EbbChartRect *) candidates->data, candidates->len,
                                 EBB_CHART_COVER_DATA | EBB_CHART_COVER_LABEL, EBB_CHART_COVER_RULE, 4) : -1;
  {
    const EbbChartRect top = { x, l->plot.y + 3, pango_layout_get_width (layout) / (double) PANGO_SCALE, h };

    _ebb_chart_labels_add (labels, o, EBB_CHART_LABEL_NOTE,
                           chosen >= 0 ? &g_array_index (candidates, EbbChartRect, chosen) : &top,
                           layout, &d->palette->text, TRUE);
  }
}

/* A message in an empty plot, in the middle. */
static void
place_message (const EbbChartDrawing *d,
               const char            *message,
               EbbChartObstacles     *o,
               GArray                *labels)
{
  const EbbChartLayout *l = d->l;
  PangoLayout *layout;
  EbbChartRect box;
  double x, h;

  layout = centred_text (d, message, l->font_size, &x);
  _ebb_chart_text_size (layout, NULL, &h);
  box = (EbbChartRect) { x, l->plot.y + (l->plot.height - h) / 2,
                         pango_layout_get_width (layout) / (double) PANGO_SCALE, h };
  _ebb_chart_labels_add (labels, o, EBB_CHART_LABEL_NOTE, &box, layout, &d->palette->text_dim, TRUE);
}

/* "today" in the window on the day itself; anywhere else the date with
 * its year, which a chart pasted into notes needs. */
static char *
as_of_text (EbbChart *self,
            gint32    as_of,
            gboolean  at_line)
{
  g_autofree char *date = NULL;

  if (self->for_screen && at_line && as_of == ebb_date_today ())
    return g_strdup (_("today"));
  date = _ebb_chart_format_day_month (as_of, C_("chart date", "%-d %b %Y"));
  return g_strdup_printf (_("as of %s"), date);
}

/* The caption row over the plot: what the y axis means on the left, the
 * as-of date over its line.  A file always has the date: over the line
 * or, when the line is out of the range shown, at the right; where the
 * caption leaves no room for it, the date wins. */
static void
place_caption_row (const EbbChartDrawing *d,
                   GArray                *labels)
{
  const EbbChartLayout *l = d->l;
  const gint32 as_of = _ebb_chart_as_of (d->self);
  const gboolean at_line = as_of > 0 && _ebb_chart_day_in_domain (l, as_of);
  g_autofree char *caption = caption_text (d->self);
  g_autofree char *text = NULL;
  PangoLayout *caption_layout = NULL;
  PangoLayout *layout;
  EbbChartRect caption_box = { 0 }, box;
  double w, h, x = 0;

  if (caption[0] != '\0')
    {
      caption_layout = _ebb_chart_make_text (d->self, caption, l->small_font_size, EBB_CHART_TEXT_PLAIN, -1);
      _ebb_chart_text_size (caption_layout, &w, &h);
      if (w < l->width - 2 * l->plot.x)
        caption_box = (EbbChartRect) { l->plot.x, l->plot.y - h - 2, w, h };
      else
        g_clear_object (&caption_layout);
    }

  if (as_of <= 0 || (!at_line && d->self->for_screen))
    {
      if (caption_layout != NULL)
        _ebb_chart_labels_add (labels, NULL, EBB_CHART_LABEL_CAPTION, &caption_box, caption_layout,
                               &d->palette->text_dim, FALSE);
      return;
    }

  text = as_of_text (d->self, as_of, at_line);
  layout = _ebb_chart_make_text (d->self, text, l->small_font_size, EBB_CHART_TEXT_PLAIN, -1);
  _ebb_chart_text_size (layout, &w, &h);
  box = (EbbChartRect) { 0, l->plot.y - h - 2, w, h };
  if (at_line)
    {
      x = _ebb_chart_x_for (d, as_of);
      box.x = CLAMP (x - w / 2, l->plot.x, l->width - l->margin - w);
    }
  else
    box.x = l->plot.x + l->plot.width - w;

  if (caption_layout != NULL && box.x <= caption_box.x + caption_box.width + 6)
    {
      const double right = caption_box.x + caption_box.width + 6.01;

      if (d->self->for_screen)
        g_clear_object (&layout);
      else if (right + w <= l->width - l->margin && (!at_line || (right <= x && x <= right + w)))
        box.x = right;
      else
        g_clear_object (&caption_layout);
    }

  if (caption_layout != NULL)
    _ebb_chart_labels_add (labels, NULL, EBB_CHART_LABEL_CAPTION, &caption_box, caption_layout,
                           &d->palette->text_dim, FALSE);
  if (layout != NULL)
    _ebb_chart_labels_add (labels, NULL, EBB_CHART_LABEL_AS_OF, &box, layout, &d->palette->text_dim, FALSE);
}

/* Every label of the chart, placed in order of importance, each clear of
 * the data and of those placed before it: the title and the caption row;
 * what an empty plot or a missing baseline says; the rule lines' names
 * when they are inside the plot; suicide items, relapses, the projected
 * fade, faded spans; last, the severity bands' names.  Drawing and
 * ebb_chart_get_labels() both ask here. */
GArray *
_ebb_chart_place_labels (const EbbChartDrawing *d,
                         GArray                *rules,
                         GArray                *spans,
                         const char            *message)
{
  const EbbChartLayout *l = d->l;
  const EbbChartRect bounds = { l->plot.x + 1, l->plot.y + 1, l->plot.width - 2, l->plot.height - 2 };
  const gint32 as_of = _ebb_chart_as_of (d->self);
  GArray *labels = _ebb_chart_labels_new ();
  EbbChartObstacles o;

  if (l->title.height > 0)
    _ebb_chart_labels_add (labels, NULL, EBB_CHART_LABEL_TITLE, &l->title,
                           title_layout (d->self, l->font_size * 1.1, l->title.width), &d->palette->text, FALSE);
  place_caption_row (d, labels);

  _ebb_chart_obstacles_init (&o, &bounds);
  _ebb_chart_add_data_obstacles (d, &o);
  _ebb_chart_add_rule_obstacles (d, rules, &o);
  if (as_of > 0 && _ebb_chart_day_in_domain (l, as_of))
    {
      const double x = _ebb_chart_x_for (d, as_of);
      _ebb_chart_obstacles_add_segment (&o, EBB_CHART_COVER_RULE, x, l->plot.y, x, l->plot.y + l->plot.height, 0.5);
    }

  if (message != NULL)
    place_message (d, message, &o, labels);
  else
    place_baseline_note (d, &o, labels);
  _ebb_chart_place_rule_labels (d, rules, &o, labels);
  _ebb_chart_place_alert_labels (d, &o, labels);
  _ebb_chart_place_relapse_labels (d, &o, labels);
  _ebb_chart_place_fade_labels (d, spans, &o, labels);
  _ebb_chart_place_band_labels (d, &o, labels);

  _ebb_chart_obstacles_clear (&o);
  return labels;
}

/* What to say in an empty plot, or NULL when there is data to see. */
char *
_ebb_chart_empty_message (EbbChart             *self,
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
  g_autoptr(GArray) labels = NULL;
  g_autofree char *message = NULL;
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

  ticks = _ebb_chart_compute_date_ticks (self, &l);
  rules = _ebb_chart_collect_rules (self);
  spans = _ebb_chart_collect_fade_spans (self);
  message = _ebb_chart_empty_message (self, &l);
  labels = _ebb_chart_place_labels (&d, rules, spans, message);

  _ebb_chart_draw_labels (&d, labels, EBB_CHART_LABEL_TITLE);
  _ebb_chart_draw_labels (&d, labels, EBB_CHART_LABEL_CAPTION);

  /* Inside the plot: everything clipped to it. */
  cairo_save (cr);
  cairo_rectangle (cr, l.plot.x, l.plot.y, l.plot.width, l.plot.height);
  cairo_clip (cr);
  _ebb_chart_draw_bands (&d);
  _ebb_chart_draw_fades (&d, spans);
  draw_grid (&d, ticks);
  _ebb_chart_draw_session_rules (&d);
  _ebb_chart_draw_earlier_courses (&d);
  _ebb_chart_draw_rules (&d, rules);
  _ebb_chart_draw_labels (&d, labels, EBB_CHART_LABEL_BAND);
  cairo_restore (cr);

  /* The as-of hairline runs through the plot and the strip, under the
   * data and its labels. */
  draw_as_of_line (&d);
  _ebb_chart_draw_labels (&d, labels, EBB_CHART_LABEL_AS_OF);

  cairo_save (cr);
  cairo_rectangle (cr, l.plot.x, l.plot.y, l.plot.width, l.plot.height);
  cairo_clip (cr);
  _ebb_chart_draw_projections (&d);
  /* Under the line and the markers, which it must not hide */
  _ebb_chart_draw_relapses (&d);
  _ebb_chart_draw_series (&d);
  _ebb_chart_draw_labels (&d, labels, EBB_CHART_LABEL_FADE_DATE);
  _ebb_chart_draw_labels (&d, labels, EBB_CHART_LABEL_FADED);
  _ebb_chart_draw_labels (&d, labels, EBB_CHART_LABEL_RELAPSE);
  _ebb_chart_draw_labels (&d, labels, EBB_CHART_LABEL_RULE);
  cairo_restore (cr);

  /* Markers and rings may reach a little past the plot's edge. */
  cairo_save (cr);
  cairo_rectangle (cr, l.plot.x - 8, l.plot.y - 8, l.plot.width + 16, l.plot.height + 16);
  cairo_clip (cr);
  _ebb_chart_draw_alerts (&d);
  _ebb_chart_draw_labels (&d, labels, EBB_CHART_LABEL_ALERT);
  cairo_restore (cr);

  _ebb_chart_draw_labels (&d, labels, EBB_CHART_LABEL_NOTE);

  _ebb_chart_draw_rule_labels (&d, rules);
  draw_value_axis (&d);
  draw_date_axis (&d, ticks);

  cairo_save (cr);
  cairo_rectangle (cr, l.strip.x - l.glyph_radius * 2, l.strip.y, l.strip.width + l.glyph_radius * 4, l.strip.height);
  cairo_clip (cr);
  _ebb_chart_draw_sessions (&d);
  cairo_restore (cr);
  _ebb_chart_draw_panels (&d);
  _ebb_chart_draw_medicines (&d);
  _ebb_chart_draw_events (&d);

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
