/* ebb-chart-events.c — what happened to the patient, above the plot
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A trajectory is read against what happened meanwhile: a medication
 * changed, a stay in hospital, a suicide attempt, a bereavement (issue 13).
 * Each event is a small marker on its day in a band between the title and
 * the plot, on the plot's own x axis, with its text beside it.  The band
 * is above the plot rather than under it so that the session strip, the
 * dates and the medicines keep their place and whatever goes under them
 * has room.
 *
 * Every marker is in the row next to the plot; a label goes beside its
 * marker, else in a second row over it on a stem, each in the first of
 * the two where it fits whole; where neither has room it is cut short
 * (its end elided) to the room there is, and a label with no room at all
 * is dropped, its marker kept: every event is seen, and every word shown
 * is the event's own.  A suicide attempt's or a hospitalisation's label
 * is placed first, so that it is the one never to give way.  A long text
 * is elided too: a label takes at most a third of the plot's width.  A suicide attempt or a hospitalisation is
 * drawn in the chart's alarm colour, its label in bold so that print in
 * greys tells it apart as well.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"

#define MAX_ROWS 2
#define LABEL_GAP 3.0     /* between a marker and its label */
#define LABEL_END 6.0     /* after a label, before the next marker in its row */

/* The marker's half width, in points, for text of @font_size. */
static double
marker_half (double font_size)
{
  return MAX (2.5, font_size * 0.36);
}

/* An event's words on one line: a text typed with line breaks keeps its
 * label to one row. */
static char *
label_text (const EbbEvent *event)
{
  char *text = g_strdup (event->text != NULL ? event->text : "");

  for (char *p = text; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  return text;
}

/* The chart's events by day, borrowed: the records come so already, a
 * chart built by hand need not. */
static GPtrArray *
sorted_events (EbbChart *self)
{
  GPtrArray *sorted = g_ptr_array_sized_new (self->events->len);

  for (guint i = 0; i < self->events->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (self->events, i));
  g_ptr_array_sort (sorted, ebb_event_compare);
  return sorted;
}

static gboolean
is_shown (const EbbEvent *event,
          gint32          as_of,
          double          day_min,
          double          day_max)
{
  return event->day <= as_of && event->day >= day_min && event->day <= day_max;
}

typedef struct
{
  double start;
  double end;
} Span;

/* The room a label starting at @label_x has in a row holding @taken,
 * when its marker's side, from @left, is clear: to the next span, less a
 * gap; -1 when something covers the start. */
static double
room_in_row (GArray *taken,
             double  left,
             double  label_x,
             double  limit)
{
  double room = limit - label_x;

  for (guint i = 0; i < taken->len; i++)
    {
      const Span *span = &g_array_index (taken, Span, i);

      if (span->end <= left)
        continue;
      if (span->start <= label_x)
        return -1;
      room = MIN (room, span->start - LABEL_END - label_x);
    }
  return room;
}

/* Alarms first, so that theirs are the labels that never give way; then
 * by day. */
static int
compare_priority (gconstpointer a,
                  gconstpointer b)
{
  const EbbChartEvent *x = *(EbbChartEvent * const *) a, *y = *(EbbChartEvent * const *) b;
  const gboolean ax = ebb_event_kind_is_alarm (x->event->kind), ay = ebb_event_kind_is_alarm (y->event->kind);

  if (ax != ay)
    return ax ? -1 : 1;
  return x->x < y->x ? -1 : x->x > y->x;
}

/* The events on the chart's days up to the as-of day, by day, each with
 * the row of its label and the width the label may take (0: none); the
 * rows used in *@n_rows.  Every marker is in row 0, next to the plot; a
 * label goes beside its marker there, else in row 1 over it, else cut
 * short to the room of whichever row has more.  @plot_width and
 * @font_size say how wide labels are; a label may run on past the plot's
 * right edge, over the rule labels' gutter, which is empty up here, to
 * @label_limit from the plot's left edge. */
GArray *
_ebb_chart_collect_events (EbbChart *self,
                           double    day_min,
                           double    day_max,
                           double    plot_width,
                           double    label_limit,
                           double    font_size,
                           guint    *n_rows)
{
  GArray *shown = g_array_new (FALSE, FALSE, sizeof (EbbChartEvent));
  const gint32 as_of = _ebb_chart_as_of (self);
  const double points_per_day = plot_width / MAX (1e-9, day_max - day_min);
  const double half = marker_half (font_size);
  const double min_label = font_size * 2.5;   /* less than three letters tells nothing */
  g_autoptr(GArray) taken0 = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autoptr(GArray) taken1 = g_array_new (FALSE, FALSE, sizeof (Span));
  GArray *taken[MAX_ROWS] = { taken0, taken1 };
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) by_priority = NULL;

  *n_rows = 0;
  if (self->events == NULL)
    return shown;
  sorted = sorted_events (self);
  for (guint i = 0; i < sorted->len; i++)
    {
      const EbbEvent *event = g_ptr_array_index (sorted, i);
      EbbChartEvent e = { event, 0, 0, 0 };

      if (!is_shown (event, as_of, day_min, day_max))
        continue;
      e.x = (event->day - day_min) * points_per_day;
      g_array_append_val (shown, e);
    }
  if (shown->len == 0)
    return shown;
  *n_rows = 1;

  /* Every marker first: no label may run over one. */
  by_priority = g_ptr_array_sized_new (shown->len);
  for (guint i = 0; i < shown->len; i++)
    {
      EbbChartEvent *e = &g_array_index (shown, EbbChartEvent, i);
      Span marker = { e->x - half, e->x + half };

      g_array_append_val (taken[0], marker);
      g_ptr_array_add (by_priority, e);
    }
  g_ptr_array_sort (by_priority, compare_priority);

  for (guint i = 0; i < by_priority->len; i++)
    {
      EbbChartEvent *e = g_ptr_array_index (by_priority, i);
      const double label_x = e->x + half + LABEL_GAP;
      g_autofree char *words = label_text (e->event);
      double wanted, room[MAX_ROWS];
      guint best = 0;
      Span span;

      wanted = _ebb_chart_measure_width (self, words, font_size,
                                         ebb_event_kind_is_alarm (e->event->kind) ? EBB_CHART_TEXT_BOLD
                                                                                  : EBB_CHART_TEXT_PLAIN);
      /* At most a third of the plot: one long text must not take a row. */
      wanted = MIN (wanted, plot_width / 3.0);
      /* Row 0 holds the marker itself, which is not in the way. */
      room[0] = room_in_row (taken[0], e->x + half, label_x, label_limit);
      room[1] = room_in_row (taken[1], e->x - half, label_x, label_limit);
      if (room[0] >= wanted)
        best = 0;
      else if (room[1] >= wanted)
        best = 1;
      else
        best = room[1] > room[0] ? 1 : 0;
      if (room[best] < min_label)
        continue;
      e->row = best;
      e->label_width = MIN (wanted, room[best]);
      span = (Span) { best == 0 ? label_x : e->x - half, label_x + e->label_width };
      g_array_append_val (taken[best], span);
      *n_rows = MAX (*n_rows, best + 1);
    }
  return shown;
}

/* An event's marker: a small triangle pointing down at its day on the
 * plot, in the alarm colour for the kinds no reader may miss; also the
 * legend's swatch. */
void
_ebb_chart_event_marker (cairo_t               *cr,
                         const EbbChartPalette *palette,
                         gboolean               alarm,
                         double                 x,
                         double                 y,
                         double                 half)
{
  cairo_move_to (cr, x - half, y - half);
  cairo_line_to (cr, x + half, y - half);
  cairo_line_to (cr, x, y + half);
  cairo_close_path (cr);
  _ebb_chart_set_source (cr, alarm ? &palette->alert : &palette->text_dim);
  cairo_fill (cr);
}

/* Which markers the chart shows, for the legend: any of the plain kinds
 * in *@plain, any suicide attempt or hospitalisation in *@alarm. */
void
_ebb_chart_has_events (EbbChart *self,
                       double    day_min,
                       double    day_max,
                       gboolean *plain,
                       gboolean *alarm)
{
  const gint32 as_of = _ebb_chart_as_of (self);

  *plain = *alarm = FALSE;
  for (guint i = 0; self->events != NULL && i < self->events->len; i++)
    {
      const EbbEvent *event = g_ptr_array_index (self->events, i);

      if (!is_shown (event, as_of, day_min, day_max))
        continue;
      if (ebb_event_kind_is_alarm (event->kind))
        *alarm = TRUE;
      else
        *plain = TRUE;
    }
}

void
_ebb_chart_draw_events (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  const double half = marker_half (l->small_font_size);
  g_autoptr(GArray) shown = NULL;
  double row_height, bottom;
  guint n_rows;

  if (l->events.height <= 0)
    return;
  shown = _ebb_chart_collect_events (d->self, l->day_min, l->day_max, l->plot.width,
                                     l->width - l->margin - l->plot.x, l->small_font_size, &n_rows);
  if (n_rows == 0)
    return;
  row_height = l->events.height / n_rows;
  bottom = l->events.y + l->events.height;

  cairo_save (d->cr);
  /* A marker on the plot's first day reaches a little past it; a label
   * may run on to the margin. */
  cairo_rectangle (d->cr, l->plot.x - half - 1, l->events.y, l->width - l->margin - l->plot.x + half + 1,
                   l->events.height);
  cairo_clip (d->cr);
  for (guint i = 0; i < shown->len; i++)
    {
      const EbbChartEvent *e = &g_array_index (shown, EbbChartEvent, i);
      const gboolean alarm = ebb_event_kind_is_alarm (e->event->kind);
      const EbbChartRgba *colour = alarm ? &d->palette->alert : &d->palette->text_dim;
      const double x = l->plot.x + e->x;
      /* Row 0, with every marker, is the one next to the plot. */
      const double marker_y = bottom - 0.5 * row_height;
      const double label_y = bottom - (e->row + 0.5) * row_height;

      _ebb_chart_event_marker (d->cr, d->palette, alarm, x, marker_y, half);
      if (e->label_width <= 0)
        continue;
      /* A label over its marker hangs from a stem down to it. */
      if (e->row > 0)
        {
          _ebb_chart_set_source (d->cr, colour);
          cairo_set_line_width (d->cr, 1);
          cairo_move_to (d->cr, round (x) + 0.5, label_y - half);
          cairo_line_to (d->cr, round (x) + 0.5, marker_y - half);
          cairo_stroke (d->cr);
        }
      {
        g_autofree char *words = label_text (e->event);
        g_autoptr(PangoLayout) label = _ebb_chart_make_text (d->self, words, l->small_font_size,
                                                             alarm ? EBB_CHART_TEXT_BOLD : EBB_CHART_TEXT_PLAIN,
                                                             -1);
        double text_height;

        pango_layout_set_width (label, (int) (e->label_width * PANGO_SCALE));
        pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
        pango_layout_set_single_paragraph_mode (label, TRUE);
        _ebb_chart_text_size (label, NULL, &text_height);
        _ebb_chart_show_text (d->cr, label, x + half + LABEL_GAP, label_y - text_height / 2,
                              alarm ? &d->palette->alert : &d->palette->text);
      }
    }
  cairo_restore (d->cr);
}

/* The events in words, for the chart's description: all of them up to
 * the as-of day, whether or not their day is drawn, each whole. */
void
_ebb_chart_describe_events (EbbChart *self,
                            GString  *text)
{
  const gint32 as_of = _ebb_chart_as_of (self);
  g_autoptr(GPtrArray) sorted = NULL;
  gboolean first = TRUE;

  if (self->events == NULL)
    return;
  sorted = sorted_events (self);
  for (guint i = 0; i < sorted->len; i++)
    {
      const EbbEvent *event = g_ptr_array_index (sorted, i);
      g_autofree char *day = NULL;

      if (event->day > as_of)
        continue;
      g_string_append (text, first ? _("Events: ") : "; ");
      first = FALSE;
      day = ebb_date_format (event->day);
      /* Translators: an event's day, its kind and its text:
       * "2026-02-20, suicide attempt: overdose" */
      g_string_append_printf (text, _("%s, %s: %s"), day, ebb_event_kind_to_label (event->kind),
                              event->text);
    }
  if (!first)
    g_string_append (text, ". ");
}
