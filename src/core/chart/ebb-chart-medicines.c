/* ebb-chart-medicines.c — medicines that change sedation or blood pressure
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A benzodiazepine started in March, an opioid after an operation, a
 * stimulant stopped: each can explain a session's sedation, a raised blood
 * pressure or a dose held, so the chart shows them as events under the
 * session strip, one bar from the first day taken to the last (to the
 * as-of day while still taken), with the medicine's name.  Bars go in at
 * most three rows, each in the first row where it and its name fit.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"

#define MAX_ROWS 3
#define NAME_PADDING 4.0

static gint32
shown_end_day (const EbbMedicine *medicine,
               gint32             as_of)
{
  /* The day after the last one taken; still taken: the day after as-of. */
  return (medicine->stop_day > 0 ? MIN (medicine->stop_day, as_of) : as_of) + 1;
}

static int
compare_by_start (gconstpointer a,
                  gconstpointer b)
{
  const EbbChartMedicine *ma = a, *mb = b;

  if (ma->medicine->start_day != mb->medicine->start_day)
    return ma->medicine->start_day < mb->medicine->start_day ? -1 : 1;
  return ma->medicine->id < mb->medicine->id ? -1 : ma->medicine->id > mb->medicine->id;
}

/* The medicines taken within [@day_min, @day_max] up to the as-of day,
 * by their first day, each with its row; the rows used in *@n_rows.
 * @plot_width and @font_size say how wide bars and names are. */
GArray *
_ebb_chart_collect_medicines (EbbChart *self,
                              double    day_min,
                              double    day_max,
                              double    plot_width,
                              double    font_size,
                              guint    *n_rows)
{
  GArray *shown = g_array_new (FALSE, FALSE, sizeof (EbbChartMedicine));
  const gint32 as_of = _ebb_chart_as_of (self);
  const double points_per_day = plot_width / MAX (1e-9, day_max - day_min);
  double row_end[MAX_ROWS] = { 0 };

  *n_rows = 0;
  for (guint i = 0; self->medicines != NULL && i < self->medicines->len; i++)
    {
      const EbbMedicine *medicine = g_ptr_array_index (self->medicines, i);
      EbbChartMedicine m = { medicine, 0, 0, 0 };

      if (medicine->start_day > as_of)
        continue;
      m.start = MAX (medicine->start_day, day_min);
      m.end = MIN (shown_end_day (medicine, as_of), day_max);
      if (m.end <= m.start)
        continue;
      g_array_append_val (shown, m);
    }
  g_array_sort (shown, compare_by_start);

  for (guint i = 0; i < shown->len; i++)
    {
      EbbChartMedicine *m = &g_array_index (shown, EbbChartMedicine, i);
      const double x0 = (m->start - day_min) * points_per_day;
      const double name_end = x0 + NAME_PADDING +
        _ebb_chart_measure_width (self, m->medicine->name, font_size, EBB_CHART_TEXT_PLAIN);
      const double end = MAX ((m->end - day_min) * points_per_day, name_end) + NAME_PADDING;
      guint row = G_MAXUINT;

      for (guint r = 0; r < *n_rows && row == G_MAXUINT; r++)
        if (row_end[r] <= x0)
          row = r;
      if (row == G_MAXUINT && *n_rows < MAX_ROWS)
        row = (*n_rows)++;
      if (row == G_MAXUINT)
        {
          /* Every row is taken there: the one that frees up first. */
          row = 0;
          for (guint r = 1; r < *n_rows; r++)
            if (row_end[r] < row_end[row])
              row = r;
        }
      m->row = row;
      row_end[row] = MAX (row_end[row], end);
    }
  return shown;
}

/* A medicine's bar: a pale span for the days taken, its first day marked;
 * also the legend's swatch. */
void
_ebb_chart_medicine_bar (cairo_t               *cr,
                         const EbbChartPalette *palette,
                         const EbbChartRect    *bar)
{
  EbbChartRgba tint = palette->text_dim;

  tint.a *= 0.18;
  _ebb_chart_set_source (cr, &tint);
  cairo_rectangle (cr, bar->x, bar->y, bar->width, bar->height);
  cairo_fill (cr);
  _ebb_chart_set_source (cr, &palette->text_dim);
  cairo_rectangle (cr, bar->x, bar->y, 1.5, bar->height);
  cairo_fill (cr);
}

/* Whether the chart shows any medicine, for the legend. */
gboolean
_ebb_chart_has_medicines (EbbChart *self,
                          double    day_min,
                          double    day_max)
{
  const gint32 as_of = _ebb_chart_as_of (self);

  for (guint i = 0; self->medicines != NULL && i < self->medicines->len; i++)
    {
      const EbbMedicine *medicine = g_ptr_array_index (self->medicines, i);

      if (medicine->start_day <= as_of && medicine->start_day < day_max &&
          shown_end_day (medicine, as_of) > day_min)
        return TRUE;
    }
  return FALSE;
}

void
_ebb_chart_draw_medicines (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  g_autoptr(GArray) shown = NULL;
  double row_height;
  guint n_rows;

  if (l->medicines.height <= 0)
    return;
  shown = _ebb_chart_collect_medicines (d->self, l->day_min, l->day_max, l->plot.width,
                                        l->small_font_size, &n_rows);
  if (n_rows == 0)
    return;
  row_height = l->medicines.height / n_rows;

  cairo_save (d->cr);
  cairo_rectangle (d->cr, l->plot.x, l->medicines.y, l->plot.width, l->medicines.height);
  cairo_clip (d->cr);
  for (guint i = 0; i < shown->len; i++)
    {
      const EbbChartMedicine *m = &g_array_index (shown, EbbChartMedicine, i);
      const double x0 = _ebb_chart_x_for (d, m->start);
      const double x1 = MAX (_ebb_chart_x_for (d, m->end), x0 + 2);
      const double y = l->medicines.y + m->row * row_height;
      g_autoptr(PangoLayout) name = _ebb_chart_make_text (d->self, m->medicine->name, l->small_font_size,
                                                          EBB_CHART_TEXT_PLAIN, -1);
      const EbbChartRect bar = { x0, y + 1, x1 - x0, row_height - 2 };
      double text_height;

      _ebb_chart_medicine_bar (d->cr, d->palette, &bar);

      _ebb_chart_text_size (name, NULL, &text_height);
      _ebb_chart_show_text (d->cr, name, x0 + NAME_PADDING, y + (row_height - text_height) / 2,
                            &d->palette->text);
    }
  cairo_restore (d->cr);
}

/* The medicines in words, for the chart's description. */
void
_ebb_chart_describe_medicines (EbbChart *self,
                               GString  *text)
{
  const gint32 as_of = _ebb_chart_as_of (self);
  gboolean first = TRUE;

  for (guint i = 0; self->medicines != NULL && i < self->medicines->len; i++)
    {
      const EbbMedicine *medicine = g_ptr_array_index (self->medicines, i);
      g_autofree char *from = NULL;

      if (medicine->start_day > as_of)
        continue;
      g_string_append (text, first ? _("Medicines that change sedation or blood pressure: ") : "; ");
      first = FALSE;
      from = ebb_date_format (medicine->start_day);
      if (medicine->stop_day > 0 && medicine->stop_day <= as_of)
        {
          g_autofree char *to = ebb_date_format (medicine->stop_day);

          /* Translators: a medicine, its class, its first and last days taken */
          g_string_append_printf (text, _("%s (%s) from %s to %s"), medicine->name,
                                  ebb_medicine_class_to_label (medicine->klass), from, to);
        }
      else
        /* Translators: a medicine, its class, and the first day taken */
        g_string_append_printf (text, _("%s (%s) from %s, still taken"), medicine->name,
                                ebb_medicine_class_to_label (medicine->klass), from);
    }
  if (!first)
    g_string_append (text, ". ");
}
