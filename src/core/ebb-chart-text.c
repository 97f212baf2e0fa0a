/* ebb-chart-text.c — the words of a chart, measured
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text is measured with a Pango context of our own (72 dpi, unhinted
 * metrics), never with the target's, so the layout does not depend on
 * whether the chart is drawn on a window, a 300 dpi PNG or a PDF.  Here
 * too: numbers, dates and values as the chart writes them, and the
 * footnote that states the rules.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"

#define FONT_FAMILY "Cantarell, DejaVu Sans, sans"

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

PangoLayout *
_ebb_chart_make_text (EbbChart          *self,
                      const char        *text,
                      double             size,
                      EbbChartTextFlags  flags,
                      double             wrap_width)
{
  PangoLayout *layout = pango_layout_new (get_pango (self));
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (flags & EBB_CHART_TEXT_BOLD)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  if (wrap_width > 0)
    {
      pango_layout_set_width (layout, (int) (wrap_width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (flags & EBB_CHART_TEXT_MARKUP)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  return layout;
}

void
_ebb_chart_text_size (PangoLayout *layout,
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

double
_ebb_chart_measure_width (EbbChart          *self,
                          const char        *text,
                          double             size,
                          EbbChartTextFlags  flags)
{
  g_autoptr(PangoLayout) layout = _ebb_chart_make_text (self, text, size, flags, -1);
  double width;

  _ebb_chart_text_size (layout, &width, NULL);
  return width;
}

double
_ebb_chart_line_height (EbbChart          *self,
                        double             size,
                        EbbChartTextFlags  flags)
{
  g_autoptr(PangoLayout) layout = _ebb_chart_make_text (self, "Ag", size, flags, -1);
  double height;

  _ebb_chart_text_size (layout, NULL, &height);
  return height;
}

void
_ebb_chart_show_text (cairo_t            *cr,
                      PangoLayout        *layout,
                      double              x,
                      double              y,
                      const EbbChartRgba *colour)
{
  cairo_move_to (cr, x, y);
  _ebb_chart_set_source (cr, colour);
  pango_cairo_show_layout (cr, layout);
}

/* A label over data: a soft patch of background behind it. */
void
_ebb_chart_show_text_with_halo (cairo_t            *cr,
                                PangoLayout        *layout,
                                double              x,
                                double              y,
                                const EbbChartRgba *colour,
                                const EbbChartRgba *halo)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  /* Line by line, so a centred, wrapped message gets a snug patch. */
  _ebb_chart_set_source (cr, halo);
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
  _ebb_chart_show_text (cr, layout, x, y, colour);
}

/* Numbers, dates, values -------------------------------------------------- */

char *
_ebb_chart_capitalise (const char *text)
{
  g_autofree char *first = g_utf8_strup (text, g_utf8_next_char (text) - text);

  return g_strconcat (first, g_utf8_next_char (text), NULL);
}

char *
_ebb_chart_format_number (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4g", value));
}

/* "4 Jan", in the user's language. */
char *
_ebb_chart_format_day_month (gint32      day,
                             const char *format)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  ebb_date_to_ymd (day, &y, &m, &d);
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  return dt != NULL ? g_date_time_format (dt, format) : g_strdup ("");
}

char *
_ebb_chart_value_label (EbbChart *self,
                        double    value)
{
  if (self->mode == EBB_CHART_MODE_SCORE)
    return _ebb_chart_format_number (value);
  if (value < 0)
    return g_strdup_printf (EBB_CHART_MINUS "%.0f%%", -value);
  if (value > 0)
    return g_strdup_printf ("+%.0f%%", value);
  return g_strdup ("0%");
}

/* What the chart is of, and its rules ------------------------------------- */

/* What the chart is of, after the patient's code in its title: a scale,
 * or % change.  The chart has at least one trajectory. */
const char *
_ebb_chart_subject (EbbChart *self)
{
  if (self->mode == EBB_CHART_MODE_SCORE)
    return ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, 0))->id;
  /* xgettext:no-c-format */
  return _("% change from baseline");
}

/* The rules the chart is drawn by, in words: what responding, faded,
 * remission and the projection mean for this scale or these scales. */
char *
_ebb_chart_footnote_text (EbbChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->trajectories->len == 0)
    return g_strdup ("");

  if (self->mode == EBB_CHART_MODE_SCORE)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (self, 0);
      const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
      g_autofree char *baseline = ebb_trajectory_describe_baseline (trajectory);

      if (_ebb_chart_has_baseline (trajectory))
        {
          g_autofree char *threshold = _ebb_chart_format_number (ebb_trajectory_get_threshold (trajectory));

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
          g_autofree char *sentence = _ebb_chart_capitalise (baseline);

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
          const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (self, t);
          g_autofree char *baseline = ebb_trajectory_describe_baseline (trajectory);

          if (!_ebb_chart_has_baseline (trajectory))
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
                              baselines->str, EBB_CHART_MINUS,
                              ebb_trajectory_get_response_fraction (first) * 100, changes->str);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
