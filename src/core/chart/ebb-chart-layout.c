/* ebb-chart-layout.c — where everything goes
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is in points.  The layout (where the plot, the session
 * strip, the axis, the legend and the footnote go, and how days and values
 * map to positions) is computed by one function, compute_layout(), and
 * both drawing and hit-testing read it.  The date ticks are worked out
 * here too: which step, and which labels fit.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"

#define MIN_FONT_SIZE 8.0
/* In the window, no smaller than its caption text (libadwaita's .caption,
 * 9 pt): the chart's labels are read there as much as its title. */
#define MIN_SCREEN_FONT_SIZE 9.0

/* Domain ------------------------------------------------------------------ */

/* The whole history, plus the next scheduled session; the as-of date too
 * when it is close enough not to squash the data. */
static void
compute_days (EbbChart *self,
              double   *day_min,
              double   *day_max)
{
  const EbbSession *next = _ebb_chart_next_session (self);
  GPtrArray *sessions = _ebb_chart_sessions (self);
  const gint32 as_of = _ebb_chart_as_of (self);
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, span, pad;

  for (guint t = 0; t < self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);

      if (!_ebb_chart_is_drawn (self, trajectory))
        continue;
      for (guint i = 0; i < n; i++)
        {
          double day = _ebb_chart_when_day (&ebb_trajectory_get_point (trajectory, i)->rating->when);

          lo = MIN (lo, day);
          hi = MAX (hi, day);
        }
    }
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->when.day > as_of)
        continue;
      lo = MIN (lo, _ebb_chart_when_day (&session->when));
      hi = MAX (hi, _ebb_chart_when_day (&session->when));
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
        ebb_trajectory_get_scale (_ebb_chart_nth_trajectory (self, 0)) : NULL;

      *value_min = scale != NULL ? scale->total_min : 0;
      *value_max = scale != NULL ? scale->total_max : 10;
      return;
    }

  /* % change: −100 is a score of 0; worse than baseline goes up, to the
   * next multiple of 50 above the worst rating, within reason. */
  for (guint t = 0; t < self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);

      if (!_ebb_chart_has_baseline (trajectory))
        continue;
      for (guint i = 0; i < n; i++)
        highest = MAX (highest, _ebb_chart_value (self, trajectory,
                                                  ebb_trajectory_get_point (trajectory, i)->rating->total));
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

/* Layout ------------------------------------------------------------------ */

static double
widest_value_label (EbbChart *self,
                    double    size)
{
  g_autofree char *low = _ebb_chart_value_label (self, self->mode == EBB_CHART_MODE_SCORE ? 0 : -100);
  g_autofree char *high = _ebb_chart_value_label (self, self->mode == EBB_CHART_MODE_SCORE ? 100 : 300);

  return MAX (_ebb_chart_measure_width (self, low, size, EBB_CHART_TEXT_PLAIN),
              _ebb_chart_measure_width (self, high, size, EBB_CHART_TEXT_PLAIN));
}

/* Session glyphs and rating markers, smaller when they crowd the plot:
 * glyphs (weekly sessions for years) down to a size whose shape can
 * still be told, markers so that 500 ratings stay a line. */
static void
shrink_marks (EbbChart       *self,
              EbbChartLayout *l)
{
  GPtrArray *sessions = _ebb_chart_sessions (self);
  guint n_sessions = 0, n_points = 0;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    n_sessions += _ebb_chart_session_is_shown (self, l, g_ptr_array_index (sessions, i));
  if (n_sessions > 0)
    l->glyph_radius = CLAMP (l->plot.width / n_sessions * 0.42, 1.8, l->glyph_radius);

  for (guint t = 0; t < self->trajectories->len; t++)
    n_points += _ebb_chart_n_points_shown (_ebb_chart_nth_trajectory (self, t), l);
  l->marker_radius = l->font_size * 0.3;
  if (n_points > 0)
    l->marker_radius = CLAMP (l->plot.width / n_points * 0.45, 1.1, l->marker_radius);
}

static void
compute_layout (EbbChart       *self,
                double          width,
                double          height,
                EbbChartLayout *l)
{
  g_autoptr(GArray) legend = NULL;
  g_autoptr(GArray) medicines = NULL;
  g_autoptr(GArray) events = NULL;
  g_autofree char *footnote = NULL;
  EbbChartParts parts = self->parts;
  EbbChartPanels panels = self->panels;
  guint n_medicine_rows, n_event_rows;
  gboolean show_events = TRUE;
  double fs, small, min_fs, margin, gap, small_h, title_h, left, right, gutter;

  memset (l, 0, sizeof *l);
  l->width = width;
  l->height = height;
  compute_days (self, &l->day_min, &l->day_max);
  compute_values (self, &l->value_min, &l->value_max);

  /* Text grows with the chart but never below 8 pt: at the default case
   * note size (16 × 9 cm) body text is 9 pt. */
  min_fs = self->for_screen ? MIN_SCREEN_FONT_SIZE : MIN_FONT_SIZE;
  fs = CLAMP (MIN (width / 50.0, height / 26.0), min_fs, 12.0);
  small = MAX (min_fs, fs * 0.88);
  l->font_size = fs;
  l->small_font_size = small;
  l->glyph_radius = fs * 0.36;
  margin = round (fs * 0.7);
  l->margin = margin;
  gap = round (fs * 0.45);
  small_h = _ebb_chart_line_height (self, small, EBB_CHART_TEXT_PLAIN);
  title_h = _ebb_chart_line_height (self, fs * 1.1, EBB_CHART_TEXT_BOLD);

  legend = _ebb_chart_collect_legend (self, l->day_min, l->day_max);
  footnote = _ebb_chart_footnote_text (self);

  /* Right gutter: the labels of baseline, threshold and remission, so
   * they never cover the latest ratings. */
  gutter = _ebb_chart_rule_labels_width (self, small);
  left = margin + widest_value_label (self, small) + 4;
  right = gutter > 0 ? margin + gutter + 6 : margin;
  if (width - left - right < width * 0.5)
    right = margin;   /* too narrow for the gutter: labels go without */

  /* The medicines' rows, which the plot's width decides. */
  medicines = _ebb_chart_collect_medicines (self, l->day_min, l->day_max, MAX (1, width - left - right),
                                            small, &n_medicine_rows);
  /* The events' rows, likewise. */
  events = _ebb_chart_collect_events (self, l->day_min, l->day_max, MAX (1, width - left - right),
                                      width - margin - left, small, &n_event_rows);

  for (int attempt = 0; attempt < 7; attempt++)
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
      /* The events over the caption row, which stays next to the plot
       * whose y axis it names. */
      l->events = (EbbChartRect) { 0, top, 0, show_events ? n_event_rows * (small_h + 2) : 0 };
      if (l->events.height > 0)
        top += l->events.height + gap * 0.5;
      /* The caption row: the y axis's meaning and the as-of label. */
      top += small_h + 2;

      if (parts & EBB_CHART_PART_FOOTNOTE && footnote[0] != '\0')
        {
          g_autoptr(PangoLayout) layout = _ebb_chart_make_text (self, footnote, small, EBB_CHART_TEXT_PLAIN, inner);
          double h;

          _ebb_chart_text_size (layout, NULL, &h);
          l->footnote = (EbbChartRect) { margin, bottom - h, inner, h };
          bottom -= h + gap;
        }
      if (parts & EBB_CHART_PART_LEGEND && legend->len > 0)
        {
          double h = _ebb_chart_legend_flow (self, l, legend, margin, 0, inner, NULL);

          l->legend = (EbbChartRect) { margin, bottom - h, inner, h };
          bottom -= h + gap;
        }

      /* The medicines under the dates, a timeline of their own. */
      l->medicines = (EbbChartRect) { 0, bottom - n_medicine_rows * (small_h + 2), 0,
                                      n_medicine_rows * (small_h + 2) };
      bottom -= l->medicines.height;
      l->axis = (EbbChartRect) { 0, bottom - small_h - 3, 0, small_h + 3 };
      bottom -= l->axis.height;
      _ebb_chart_layout_panels (self, l, panels, small_h, left, MAX (1, width - left - right), &bottom);
      l->strip = (EbbChartRect) { 0, bottom - l->glyph_radius * 2 - 6, 0, l->glyph_radius * 2 + 6 };
      bottom -= l->strip.height;
      l->plot = (EbbChartRect) { 0, top, 0, MAX (1, bottom - top) };

      /* The panels are asked for and go on the same dates: a plot that
       * shares the height with them keeps the title and legend. */
      if (bottom - top >= MAX (fs * 5, height * (l->blood_pressure.height + l->dissociation.height > 0 ? 0.25 : 0.4)))
        break;
      /* Not enough room: give up the footnote, then the legend, then the
       * panels, then the title, then the events (which the description
       * still has). */
      if (parts & EBB_CHART_PART_FOOTNOTE)
        parts &= ~EBB_CHART_PART_FOOTNOTE;
      else if (parts & EBB_CHART_PART_LEGEND)
        parts &= ~EBB_CHART_PART_LEGEND;
      else if (panels & EBB_CHART_PANEL_DISSOCIATION)
        panels &= ~EBB_CHART_PANEL_DISSOCIATION;
      else if (panels & EBB_CHART_PANEL_BLOOD_PRESSURE)
        panels &= ~EBB_CHART_PANEL_BLOOD_PRESSURE;
      else if (parts & EBB_CHART_PART_TITLE)
        parts &= ~EBB_CHART_PART_TITLE;
      else if (show_events && n_event_rows > 0)
        show_events = FALSE;
      else
        break;
    }

  l->plot.x = left;
  l->plot.width = MAX (1, width - left - right);
  l->strip.x = l->medicines.x = l->axis.x = l->plot.x;
  l->strip.width = l->medicines.width = l->axis.width = l->plot.width;
  l->events.x = l->plot.x;
  l->events.width = l->plot.width;

  /* At most eight intervals: more ticks make a scale harder to read. */
  l->value_step = nice_step (l->value_max - l->value_min, MIN (8, l->plot.height / (small_h * 1.8)));

  shrink_marks (self, l);
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

  /* The text's least size depends on where the chart is drawn. */
  if (!self->cache_valid || self->cache.width != width || self->cache.height != height ||
      self->cache_for_screen != self->for_screen)
    {
      compute_layout (self, width, height, &self->cache);
      self->cache_valid = TRUE;
      self->cache_for_screen = self->for_screen;
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

/* Date ticks -------------------------------------------------------------- */

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
  /* Only a clinic file written before dates were checked can span more
   * than a decade or two (see ebb_when_parse()): such an axis still gets
   * a few labels, and a bounded number of ticks. */
  { STEP_YEAR, 50 }, { STEP_YEAR, 100 }, { STEP_YEAR, 1000 },
};

/* No axis has room for more labels than this; past it, a step is too fine. */
#define MAX_DATE_TICKS 400

static void
date_tick_clear (EbbChartDateTick *tick)
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
      /* Translators: dates on the chart's time axis, as formats of
       * g_date_time_format(): "%-d %b %Y" is "4 Jan 2026", "%-d %b" "4 Jan" */
      return _ebb_chart_format_day_month (day, with_year ? C_("chart date", "%-d %b %Y") : C_("chart date", "%-d %b"));
    case STEP_MONTH:
      /* Translators: months on the chart's time axis, as formats of
       * g_date_time_format(): "%b %Y" is "Jan 2026", "%b" "Jan" */
      return _ebb_chart_format_day_month (day, with_year ? C_("chart date", "%b %Y") : C_("chart date", "%b"));
    case STEP_YEAR:
    default:
      return _ebb_chart_format_day_month (day, "%Y");
    }
}

/* The finest step whose labels do not collide; labels that still would
 * (a long one carrying the year) are skipped. */
GArray *
_ebb_chart_compute_date_ticks (EbbChart             *self,
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
      ticks = g_array_new (FALSE, TRUE, sizeof (EbbChartDateTick));
      g_array_set_clear_func (ticks, (GDestroyNotify) date_tick_clear);

      /* Every tick is later than the one before, and there are at most
       * MAX_DATE_TICKS: the loop ends for any range, also where the
       * calendar does (ebb_date_from_ymd() gives 0 past year 9999). */
      for (gint32 day = first_tick (step, from), next = 0; day > 0 && day <= to; day = next)
        {
          g_autofree char *text = NULL;
          EbbChartDateTick tick = { ebb_chart_layout_x_for_day (l, day), 0, NULL };
          int y, m, d;

          ebb_date_to_ymd (day, &y, &m, &d);
          text = tick_label (step, day, step->unit != STEP_YEAR && y != previous_year);
          previous_year = y;
          tick.layout = _ebb_chart_make_text (self, text, l->small_font_size, EBB_CHART_TEXT_PLAIN, -1);
          _ebb_chart_text_size (tick.layout, &tick.width, NULL);
          if (tick.x - tick.width / 2 < previous_right + min_gap)
            collides = TRUE;
          previous_right = tick.x + tick.width / 2;
          g_array_append_val (ticks, tick);

          next = next_tick (step, day);
          if (next <= day)
            break;
          if (ticks->len >= MAX_DATE_TICKS)
            {
              collides = TRUE;
              break;
            }
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
          EbbChartDateTick *tick = &g_array_index (ticks, EbbChartDateTick, i);

          if (tick->x - tick->width / 2 < previous_right + min_gap)
            g_clear_object (&tick->layout);
          else
            previous_right = tick->x + tick->width / 2;
        }
    }
  return ticks;
}
