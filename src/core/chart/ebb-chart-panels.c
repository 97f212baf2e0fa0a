/* ebb-chart-panels.c — blood pressure and dissociation under the trajectory
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before the next dose a psychiatrist weighs how the patient is doing
 * against what the last sessions cost: a raised pressure, a patient who
 * dissociated badly.  The panels put those next to the ratings, one
 * column to a done session, on the plot's time axis:
 *
 * - blood pressure: the two readings the blood-pressure rule reads (the
 *   last before dosing and the highest after it, as
 *   ebb_flags_session_pressures() picks them), each a bar from diastolic
 *   to systolic, with the clinic's limits (EbbRuleSettings) as lines; a
 *   reading over its limit is in the alert colour with a "!" over it,
 *   which still reads in print;
 * - dissociation: the CADSS rating of the session's day when there is
 *   one (a number: the scale is what the clinic chose to measure with),
 *   else the level observed, a bar of one to three steps.
 *
 * The panels are an option (ebb_chart_set_panels()), off by default, so a
 * chart drawn before is drawn the same.  They go under the session strip
 * and over the dates, which then belong to all of them.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"
#include "ebb-flags.h"

#define PANEL_GAP 3.0
/* Dotted for the limits before dosing, dashed for those after, as the
 * caption says. */
static const double before_dash[] = { 1.0, 2.0 };
static const double after_dash[] = { 4.0, 2.5 };

/* Sessions ---------------------------------------------------------------- */

static const EbbRuleSettings *
chart_settings (EbbChart *self)
{
  return ebb_timeline_get_settings (ebb_trajectory_get_timeline (_ebb_chart_nth_trajectory (self, 0)));
}

/* A panel's columns are the sessions given up to the as-of day (a
 * booking has no readings yet), within the days @l shows, or without a
 * layout within the chart's range. */
static gboolean
session_in_panels (EbbChart             *self,
                   const EbbChartLayout *l,
                   const EbbSession     *session)
{
  if (session->status != EBB_SESSION_DONE || session->when.day > _ebb_chart_as_of (self))
    return FALSE;
  if (l != NULL)
    return _ebb_chart_day_in_domain (l, _ebb_chart_when_day (&session->when));
  return (self->from_day == 0 || session->when.day >= self->from_day) &&
         (self->to_day == 0 || session->when.day <= self->to_day);
}

/* The CADSS rating of the session's day, the latest when there are
 * several; NULL when there is none. */
static const EbbRating *
session_cadss (EbbChart         *self,
               const EbbSession *session)
{
  const EbbTimeline *timeline = ebb_trajectory_get_timeline (_ebb_chart_nth_trajectory (self, 0));
  const EbbScale *cadss = ebb_scale_lookup ("CADSS");
  const EbbRating *found = NULL;
  const guint n = ebb_timeline_get_n_ratings (timeline);

  for (guint i = 0; i < n; i++)
    {
      const EbbTimelineRating *r = ebb_timeline_get_rating (timeline, i);

      if (r->scale == cadss && r->rating->when.day == session->when.day)
        found = r->rating;
    }
  return found;
}

static gboolean
has_dissociation (EbbChart         *self,
                  const EbbSession *session)
{
  return session->dissociation.level != EBB_LEVEL_NOT_RECORDED || session_cadss (self, session) != NULL;
}

static gboolean
has_pressure (EbbChart            *self,
              const EbbSession    *session,
              EbbSessionPressures *p)
{
  ebb_flags_session_pressures (session, chart_settings (self), p);
  return p->before != NULL || p->after != NULL;
}

/**
 * ebb_chart_get_panels_with_data:
 *
 * Which panels would show something: blood pressure when a session given
 * up to the as-of day, within the chart's range, has a reading with a
 * pressure; dissociation when one has a level observed or a CADSS rating
 * on its day.  The report shows just these; a chart shows the panels
 * asked for, saying when one has nothing.
 *
 * Returns: the panels with data, whether shown or not
 */
EbbChartPanels
ebb_chart_get_panels_with_data (EbbChart *self)
{
  EbbChartPanels with = EBB_CHART_PANEL_NONE;
  GPtrArray *sessions;

  g_return_val_if_fail (self != NULL, EBB_CHART_PANEL_NONE);

  sessions = _ebb_chart_sessions (self);
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      EbbSessionPressures p;

      if (!session_in_panels (self, NULL, session))
        continue;
      if (has_pressure (self, session, &p))
        with |= EBB_CHART_PANEL_BLOOD_PRESSURE;
      if (has_dissociation (self, session))
        with |= EBB_CHART_PANEL_DISSOCIATION;
    }
  return with;
}

/* Words ------------------------------------------------------------------- */

static const char *
level_label (EbbLevel level)
{
  switch (level)
    {
    case EBB_LEVEL_NONE:
      return C_("dissociation level", "none");
    case EBB_LEVEL_MILD:
      return C_("dissociation level", "mild");
    case EBB_LEVEL_MODERATE:
      return C_("dissociation level", "moderate");
    case EBB_LEVEL_SEVERE:
      return C_("dissociation level", "severe");
    case EBB_LEVEL_NOT_RECORDED:
    case EBB_LEVEL_MOAAS:
    default:
      return "";
    }
}

/* The long caption when it fits on two lines of @width, else the short:
 * words say more than a key, but not at the trajectory's expense. */
static char *
fitting_caption (EbbChart *self,
                 char     *long_text,
                 char     *short_text,
                 double    size,
                 double    width)
{
  g_autoptr(PangoLayout) layout = _ebb_chart_make_text (self, long_text, size, EBB_CHART_TEXT_PLAIN, width);

  if (pango_layout_get_line_count (layout) <= 2)
    {
      g_free (short_text);
      return long_text;
    }
  g_free (long_text);
  return short_text;
}

static char *
pressure_caption (EbbChart *self,
                  double    size,
                  double    width)
{
  const EbbRuleSettings *s = chart_settings (self);

  return fitting_caption (self,
                          /* Translators: the blood-pressure panel's caption; the numbers are the
                           * clinic's limits, before dosing and after */
                          g_strdup_printf (_("Blood pressure, mmHg: open bar before dosing (limit %d/%d, dotted), "
                                             "filled bar highest after (limit %d/%d, dashed); !\xc2\xa0over its limit"),
                                           s->bp_before.systolic, s->bp_before.diastolic,
                                           s->bp_after.systolic, s->bp_after.diastolic),
                          /* Translators: the blood-pressure panel's caption in a narrow
                           * chart, where the limits' numbers are by their lines */
                          g_strdup (_("BP, mmHg: open bar before dosing, filled after; !\xc2\xa0over limit")),
                          size, width);
}

static char *
dissociation_caption (EbbChart *self,
                      double    size,
                      double    width)
{
  return fitting_caption (self,
                          g_strdup (_("Dissociation: CADSS score of the day, else the level observed "
                                      "(bar: none, mild, moderate, severe)")),
                          /* Translators: the dissociation panel's caption in a narrow chart */
                          g_strdup (_("Dissociation: CADSS, else level observed")),
                          size, width);
}

/* Layout ------------------------------------------------------------------ */

static double
caption_height (EbbChart   *self,
                const char *text,
                double      size,
                double      width)
{
  g_autoptr(PangoLayout) layout = _ebb_chart_make_text (self, text, size, EBB_CHART_TEXT_PLAIN, width);
  double h;

  _ebb_chart_text_size (layout, NULL, &h);
  return h;
}

static void
pressure_domain (EbbChart       *self,
                 EbbChartLayout *l)
{
  const EbbRuleSettings *s = chart_settings (self);
  GPtrArray *sessions = _ebb_chart_sessions (self);
  int lo = MIN (s->bp_before.diastolic, s->bp_after.diastolic);
  int hi = MAX (s->bp_before.systolic, s->bp_after.systolic);

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      EbbSessionPressures p;

      if (!session_in_panels (self, l, session) || !has_pressure (self, session, &p))
        continue;
      if (p.before != NULL)
        {
          lo = MIN (lo, p.before->diastolic);
          hi = MAX (hi, p.before->systolic);
        }
      if (p.after != NULL)
        {
          lo = MIN (lo, p.after->diastolic);
          hi = MAX (hi, p.after->systolic);
        }
    }
  /* In steps of 20 mmHg with room around the limits, so that a line is
   * never the panel's edge, and over the highest for its "!". */
  l->pressure_min = floor ((lo - 10) / 20.0) * 20;
  l->pressure_max = ceil ((hi + 30) / 20.0) * 20;
}

/* Places @panels (those asked for, less any the size cannot hold) from
 * *@bottom up (dissociation lowest, by the dates), and moves *@bottom
 * over them.  @x and @width are the plot's. */
void
_ebb_chart_layout_panels (EbbChart       *self,
                          EbbChartLayout *l,
                          EbbChartPanels  panels,
                          double          small_h,
                          double          x,
                          double          width,
                          double         *bottom)
{
  memset (&l->blood_pressure, 0, sizeof l->blood_pressure);
  memset (&l->dissociation, 0, sizeof l->dissociation);
  if (self->trajectories->len == 0)
    return;

  if (panels & EBB_CHART_PANEL_DISSOCIATION)
    {
      g_autofree char *caption = dissociation_caption (self, l->small_font_size, width);
      const double h = caption_height (self, caption, l->small_font_size, width) +
                       small_h * 2 + PANEL_GAP;

      *bottom -= PANEL_GAP;
      l->dissociation = (EbbChartRect) { x, *bottom - h, width, h };
      *bottom -= h;
    }
  if (panels & EBB_CHART_PANEL_BLOOD_PRESSURE)
    {
      g_autofree char *caption = pressure_caption (self, l->small_font_size, width);
      /* Enough for 20 mmHg to be a few points, and no more than the plot
       * can spare. */
      const double graph = MAX (small_h * 4, MIN (l->height * 0.16, small_h * 8));
      const double h = caption_height (self, caption, l->small_font_size, width) + graph + PANEL_GAP;

      *bottom -= PANEL_GAP;
      l->blood_pressure = (EbbChartRect) { x, *bottom - h, width, h };
      *bottom -= h;
      pressure_domain (self, l);
    }
}

/* Where a panel's marks go: under its caption. */
static EbbChartRect
panel_graph (EbbChart           *self,
             const EbbChartRect *panel,
             const char         *caption,
             double              size)
{
  const double h = caption_height (self, caption, size, panel->width);

  return (EbbChartRect) { panel->x, panel->y + h + PANEL_GAP, panel->width,
                          MAX (1, panel->height - h - PANEL_GAP) };
}

static double
y_for_pressure (const EbbChartLayout *l,
                const EbbChartRect   *graph,
                double                mmhg)
{
  return graph->y + graph->height - (mmhg - l->pressure_min) / (l->pressure_max - l->pressure_min) * graph->height;
}

/* The width of one bar: two to a session, and the pair no wider than
 * half the way to the nearest other session's, so that sessions a few
 * days apart stay apart; never so thin that an open bar looks filled. */
static double
bar_width (EbbChart             *self,
           const EbbChartLayout *l)
{
  GPtrArray *sessions = _ebb_chart_sessions (self);
  double previous = -G_MAXDOUBLE, gap = G_MAXDOUBLE;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      double x;

      if (!session_in_panels (self, l, session))
        continue;
      x = ebb_chart_layout_x_for_day (l, _ebb_chart_when_day (&session->when));
      if (x > previous)
        gap = MIN (gap, x - previous);
      previous = x;
    }
  return CLAMP (MIN (l->glyph_radius * 0.8, gap / 2 / 2.4), 2.0, 3.5);
}

/* Drawing ----------------------------------------------------------------- */

static void
draw_caption (const EbbChartDrawing *d,
              const EbbChartRect    *panel,
              const char            *text)
{
  g_autoptr(PangoLayout) layout = _ebb_chart_make_text (d->self, text, d->l->small_font_size,
                                                        EBB_CHART_TEXT_PLAIN, panel->width);

  _ebb_chart_show_text (d->cr, layout, panel->x, panel->y, &d->palette->text_dim);
}

static void
draw_empty (const EbbChartDrawing *d,
            const EbbChartRect    *graph,
            const char            *text)
{
  g_autoptr(PangoLayout) layout = _ebb_chart_make_text (d->self, text, d->l->small_font_size,
                                                        EBB_CHART_TEXT_PLAIN, -1);
  double w, h;

  _ebb_chart_text_size (layout, &w, &h);
  _ebb_chart_show_text (d->cr, layout, graph->x + (graph->width - w) / 2, graph->y + (graph->height - h) / 2,
                        &d->palette->text_dim);
}

static void
draw_limit (const EbbChartDrawing *d,
            const EbbChartRect    *graph,
            double                 mmhg,
            const double          *dash,
            int                    n_dash)
{
  const double y = y_for_pressure (d->l, graph, mmhg);

  cairo_save (d->cr);
  _ebb_chart_set_source (d->cr, &d->palette->text_dim);
  _ebb_chart_set_dash (d->cr, dash, n_dash);
  _ebb_chart_crisp_hline (d->cr, graph->x, graph->x + graph->width, y, 0.75);
  cairo_stroke (d->cr);
  cairo_restore (d->cr);
}

static int
compare_descending (gconstpointer a,
                    gconstpointer b)
{
  return *(const int *) b - *(const int *) a;
}

/* The limits' numbers in the left gutter, as an axis's ticks, from the
 * highest down.  A number that would touch the one above it moves down
 * a little (the diastolic limits are 20 mmHg apart by default); one that
 * would move further than its own height is left to the caption. */
static void
draw_limit_labels (const EbbChartDrawing *d,
                   const EbbChartRect    *graph)
{
  const EbbRuleSettings *s = chart_settings (d->self);
  int values[] = { s->bp_after.systolic, s->bp_before.systolic,
                   s->bp_after.diastolic, s->bp_before.diastolic };
  double previous_bottom = -G_MAXDOUBLE;
  int previous = -1;

  qsort (values, G_N_ELEMENTS (values), sizeof values[0], compare_descending);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) layout = NULL;
      const double y = y_for_pressure (d->l, graph, values[i]);
      double w, h, top;

      if (values[i] == previous)
        continue;
      previous = values[i];
      text = g_strdup_printf ("%d", values[i]);
      layout = _ebb_chart_make_text (d->self, text, d->l->small_font_size, EBB_CHART_TEXT_PLAIN, -1);
      _ebb_chart_text_size (layout, &w, &h);
      top = MAX (y - h / 2, previous_bottom - h * 0.15);
      if (top - (y - h / 2) > h * 0.6)
        continue;
      previous_bottom = top + h;
      _ebb_chart_show_text (d->cr, layout, graph->x - 4 - w, top, &d->palette->text_dim);
    }
}

static void
draw_pressure_bar (const EbbChartDrawing *d,
                   const EbbChartRect    *graph,
                   const EbbReading      *reading,
                   double                 x,
                   double                 w,
                   gboolean               filled,
                   gboolean               high)
{
  const double top = y_for_pressure (d->l, graph, reading->systolic);
  const double bottom = y_for_pressure (d->l, graph, reading->diastolic);
  const EbbChartRgba *colour = high ? &d->palette->alert : &d->palette->text;
  cairo_t *cr = d->cr;

  cairo_save (cr);
  _ebb_chart_set_source (cr, colour);
  if (filled)
    {
      cairo_rectangle (cr, x - w / 2, top, w, MAX (1, bottom - top));
      cairo_fill (cr);
    }
  else
    {
      cairo_set_line_width (cr, 0.9);
      cairo_rectangle (cr, x - w / 2 + 0.45, top + 0.45, MAX (0.1, w - 0.9), MAX (0.1, bottom - top - 0.9));
      cairo_stroke (cr);
    }
  cairo_restore (cr);
  if (high)
    {
      /* A "!" over the bar: over its limit, without colour too (print).
       * Not a shape: the session strip's shapes are phases. */
      g_autoptr(PangoLayout) mark = _ebb_chart_make_text (d->self, "!", d->l->small_font_size,
                                                          EBB_CHART_TEXT_BOLD, -1);
      double mw, mh;

      _ebb_chart_text_size (mark, &mw, &mh);
      _ebb_chart_show_text (cr, mark, x - mw / 2, top - mh + 1, colour);
    }
}

static void
draw_blood_pressure (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  const EbbRuleSettings *s = chart_settings (d->self);
  g_autofree char *caption = pressure_caption (d->self, l->small_font_size, l->blood_pressure.width);
  const EbbChartRect graph = panel_graph (d->self, &l->blood_pressure, caption, l->small_font_size);
  GPtrArray *sessions = _ebb_chart_sessions (d->self);
  const double w = bar_width (d->self, l);
  gboolean any = FALSE;

  draw_caption (d, &l->blood_pressure, caption);
  draw_limit (d, &graph, s->bp_before.systolic, before_dash, G_N_ELEMENTS (before_dash));
  draw_limit (d, &graph, s->bp_before.diastolic, before_dash, G_N_ELEMENTS (before_dash));
  draw_limit (d, &graph, s->bp_after.systolic, after_dash, G_N_ELEMENTS (after_dash));
  draw_limit (d, &graph, s->bp_after.diastolic, after_dash, G_N_ELEMENTS (after_dash));
  draw_limit_labels (d, &graph);

  cairo_save (d->cr);
  cairo_rectangle (d->cr, graph.x - w * 2, l->blood_pressure.y, graph.width + w * 4,
                   l->blood_pressure.height);
  cairo_clip (d->cr);
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      const double x = _ebb_chart_x_for (d, _ebb_chart_when_day (&session->when));
      EbbSessionPressures p;

      if (!session_in_panels (d->self, l, session) || !has_pressure (d->self, session, &p))
        continue;
      any = TRUE;
      /* Before on the left, after on the right: the order they were taken. */
      if (p.before != NULL)
        draw_pressure_bar (d, &graph, p.before, x - w * 0.7, w, FALSE, p.before_high);
      if (p.after != NULL)
        draw_pressure_bar (d, &graph, p.after, x + w * 0.7, w, TRUE, p.after_high);
    }
  cairo_restore (d->cr);
  if (!any)
    draw_empty (d, &graph, _("No blood pressure recorded at a session"));
}

static void
draw_level_bar (const EbbChartDrawing *d,
                const EbbChartRect    *graph,
                EbbLevel               level,
                double                 x)
{
  const double w = CLAMP (d->l->glyph_radius, 1.5, 4.0);
  const int steps = level == EBB_LEVEL_MILD ? 1 : level == EBB_LEVEL_MODERATE ? 2 :
                    level == EBB_LEVEL_SEVERE ? 3 : 0;
  const double bottom = graph->y + graph->height;
  cairo_t *cr = d->cr;

  cairo_save (cr);
  _ebb_chart_set_source (cr, &d->palette->text);
  if (steps == 0)
    {
      /* None observed: a flat mark, so that "none" is not "not recorded". */
      cairo_rectangle (cr, x - w, bottom - 1, w * 2, 1);
      cairo_fill (cr);
    }
  else
    {
      const double step_h = graph->height / 3;

      /* One block a step, with a hairline between: mild, moderate, severe
       * can be counted, not just compared. */
      for (int s = 0; s < steps; s++)
        cairo_rectangle (cr, x - w / 2, bottom - (s + 1) * step_h + 0.5, w, step_h - 0.5);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static void
draw_dissociation (const EbbChartDrawing *d)
{
  const EbbChartLayout *l = d->l;
  g_autofree char *caption = dissociation_caption (d->self, l->small_font_size, l->dissociation.width);
  const EbbChartRect graph = panel_graph (d->self, &l->dissociation, caption, l->small_font_size);
  GPtrArray *sessions = _ebb_chart_sessions (d->self);
  double row_end[2] = { -G_MAXDOUBLE, -G_MAXDOUBLE };
  gboolean any = FALSE;

  draw_caption (d, &l->dissociation, caption);
  cairo_save (d->cr);
  cairo_rectangle (d->cr, graph.x - l->small_font_size, l->dissociation.y, graph.width + l->small_font_size * 2,
                   l->dissociation.height);
  cairo_clip (d->cr);
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      const double x = _ebb_chart_x_for (d, _ebb_chart_when_day (&session->when));
      const EbbRating *cadss;

      if (!session_in_panels (d->self, l, session))
        continue;
      cadss = session_cadss (d->self, session);
      if (cadss != NULL)
        {
          g_autofree char *text = g_strdup_printf ("%d", cadss->total);
          g_autoptr(PangoLayout) layout = _ebb_chart_make_text (d->self, text, l->small_font_size,
                                                                EBB_CHART_TEXT_BOLD, -1);
          double tw, th;
          guint row;

          _ebb_chart_text_size (layout, &tw, &th);
          /* Two rows, so that the scores of weekly sessions stay readable
           * side by side; the lower row first. */
          row = x - tw / 2 >= row_end[1] + 1 ? 1 : 0;
          row_end[row] = x + tw / 2;
          _ebb_chart_show_text (d->cr, layout, x - tw / 2, graph.y + row * graph.height / 2 +
                                (graph.height / 2 - th) / 2, &d->palette->text);
          any = TRUE;
        }
      else if (session->dissociation.level != EBB_LEVEL_NOT_RECORDED)
        {
          draw_level_bar (d, &graph, session->dissociation.level, x);
          any = TRUE;
        }
    }
  cairo_restore (d->cr);
  if (!any)
    draw_empty (d, &graph, _("No dissociation recorded at a session"));
}

void
_ebb_chart_draw_panels (const EbbChartDrawing *d)
{
  if (d->l->blood_pressure.height > 0)
    draw_blood_pressure (d);
  if (d->l->dissociation.height > 0)
    draw_dissociation (d);
}

/* Hit-testing ------------------------------------------------------------- */

static gboolean
in_rect (const EbbChartRect *r,
         double              x,
         double              y)
{
  return r->height > 0 && x >= r->x - 4 && x <= r->x + r->width + 4 && y >= r->y && y <= r->y + r->height;
}

/* Over a panel, the nearest session with something in that panel, within
 * a few points of its column. */
gboolean
_ebb_chart_hit_test_panels (EbbChart             *self,
                            const EbbChartLayout *l,
                            double                x,
                            double                y,
                            EbbChartHit          *hit)
{
  GPtrArray *sessions = _ebb_chart_sessions (self);
  const EbbChartRect *panel;
  EbbChartHitKind kind;
  double best = G_MAXDOUBLE, reach;

  if (in_rect (&l->blood_pressure, x, y))
    {
      panel = &l->blood_pressure;
      kind = EBB_CHART_HIT_BLOOD_PRESSURE;
    }
  else if (in_rect (&l->dissociation, x, y))
    {
      panel = &l->dissociation;
      kind = EBB_CHART_HIT_DISSOCIATION;
    }
  else
    return FALSE;

  reach = MAX (l->glyph_radius, bar_width (self, l) * 1.5) + 3;
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      EbbSessionPressures p;
      double px, dist;

      if (!session_in_panels (self, l, session))
        continue;
      if (kind == EBB_CHART_HIT_BLOOD_PRESSURE ? !has_pressure (self, session, &p)
                                               : !has_dissociation (self, session))
        continue;
      px = ebb_chart_layout_x_for_day (l, _ebb_chart_when_day (&session->when));
      dist = fabs (px - x);
      if (dist <= reach && dist < best)
        {
          best = dist;
          *hit = (EbbChartHit) { kind, 0, i, NULL, session, px, panel->y + panel->height / 2 };
        }
    }
  return best < G_MAXDOUBLE;
}

/* In words ---------------------------------------------------------------- */

/* "152/94 at 09:10" */
static char *
reading_text (const EbbReading *reading)
{
  g_autofree char *time = NULL;

  if (reading->time < 0)
    return g_strdup_printf ("%d/%d", reading->systolic, reading->diastolic);
  time = ebb_clock_time_format (reading->time);
  /* Translators: a blood pressure and the clock time it was read, "152/94 at 09:10" */
  return g_strdup_printf (_("%d/%d at %s"), reading->systolic, reading->diastolic, time);
}

/* "before dosing 146/94 at 09:05, above the limit 140/90", or NULL */
static char *
before_text (const EbbSessionPressures *p,
             const EbbRuleSettings     *s)
{
  g_autofree char *reading = NULL;

  if (p->before == NULL)
    return NULL;
  reading = reading_text (p->before);
  if (p->before_high)
    /* Translators: "before dosing 152/94 at 09:10, above the limit 140/90" */
    return g_strdup_printf (_("before dosing %s, above the limit %d/%d"), reading,
                            s->bp_before.systolic, s->bp_before.diastolic);
  return g_strdup_printf (_("before dosing %s"), reading);
}

/* "highest after dosing 170/112 at 10:00, at or above the limit 180/110", or NULL */
static char *
after_text (const EbbSessionPressures *p,
            const EbbRuleSettings     *s)
{
  g_autofree char *reading = NULL;

  if (p->after == NULL)
    return NULL;
  reading = reading_text (p->after);
  if (p->after_high)
    /* Translators: "highest after dosing 184/100 at 10:05, at or above the limit 180/110" */
    return g_strdup_printf (_("highest after dosing %s, at or above the limit %d/%d"), reading,
                            s->bp_after.systolic, s->bp_after.diastolic);
  return g_strdup_printf (_("highest after dosing %s"), reading);
}

static void
append_dissociation (EbbChart         *self,
                     GString          *text,
                     const EbbSession *session)
{
  const EbbRating *cadss = session_cadss (self, session);
  const EbbObservedLevel *observed = &session->dissociation;

  if (cadss != NULL)
    g_string_append_printf (text, "CADSS %d", cadss->total);
  if (cadss != NULL && observed->level != EBB_LEVEL_NOT_RECORDED)
    g_string_append (text, "; ");
  if (observed->level != EBB_LEVEL_NOT_RECORDED)
    {
      /* Translators: the dissociation a session observed, "moderate observed" */
      g_string_append_printf (text, _("%s observed"), level_label (observed->level));
      if (observed->level != EBB_LEVEL_NONE && observed->resolved == EBB_ANSWER_YES)
        g_string_append (text, _(", resolved before discharge"));
      else if (observed->level != EBB_LEVEL_NONE && observed->resolved == EBB_ANSWER_NO)
        g_string_append (text, _(", not resolved before discharge"));
    }
}

/* The tooltip over a panel's column: what that session's column shows. */
char *
_ebb_chart_describe_panel_hit (EbbChart          *self,
                               const EbbChartHit *hit)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const EbbSession *session = hit->session;

  /* Translators: the first line of a panel's tooltip, "Session 2026-03-02T09:30" */
  g_string_append_printf (text, _("Session %s"), session->when_text);
  if (hit->kind == EBB_CHART_HIT_BLOOD_PRESSURE)
    {
      const EbbRuleSettings *s = chart_settings (self);
      EbbSessionPressures p;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      has_pressure (self, session, &p);
      before = before_text (&p, s);
      after = after_text (&p, s);
      /* Translators: what a panel's tooltip is about, after "Session 2026-03-02T09:30" */
      g_string_append (text, _(" · blood pressure"));
      for (guint k = 0; k < 2; k++)
        {
          const char *part = k == 0 ? before : after;
          g_autofree char *line = part != NULL ? _ebb_chart_capitalise (part) : NULL;

          if (line != NULL)
            g_string_append_printf (text, "\n%s", line);
        }
    }
  else
    {
      g_autoptr(GString) line = g_string_new (NULL);
      g_autofree char *sentence = NULL;

      append_dissociation (self, line, session);
      sentence = _ebb_chart_capitalise (line->str);
      g_string_append_printf (text, "%s\n%s", _(" · dissociation"), sentence);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The panels shown, in words, for the chart's description. */
void
_ebb_chart_describe_panels (EbbChart *self,
                            GString  *text)
{
  const EbbRuleSettings *s;
  GPtrArray *sessions;

  if (self->trajectories->len == 0 || self->panels == EBB_CHART_PANEL_NONE)
    return;
  s = chart_settings (self);
  sessions = _ebb_chart_sessions (self);

  if (self->panels & EBB_CHART_PANEL_BLOOD_PRESSURE)
    {
      gboolean first = TRUE;

      for (guint i = 0; sessions != NULL && i < sessions->len; i++)
        {
          const EbbSession *session = g_ptr_array_index (sessions, i);
          g_autofree char *day = NULL;
          g_autofree char *before = NULL;
          g_autofree char *after = NULL;
          EbbSessionPressures p;

          if (!session_in_panels (self, NULL, session) || !has_pressure (self, session, &p))
            continue;
          if (first)
            /* Translators: the blood-pressure panel in words; the limits before and after dosing */
            g_string_append_printf (text, _("Blood pressure by session (limits %d/%d before dosing, %d/%d after): "),
                                    s->bp_before.systolic, s->bp_before.diastolic,
                                    s->bp_after.systolic, s->bp_after.diastolic);
          else
            g_string_append (text, "; ");
          first = FALSE;
          day = ebb_date_format (session->when.day);
          before = before_text (&p, s);
          after = after_text (&p, s);
          g_string_append_printf (text, "%s, %s%s%s", day, before ? before : "",
                                  before && after ? ", " : "", after ? after : "");
        }
      g_string_append (text, first ? _("No blood pressure recorded at a session. ") : ". ");
    }

  if (self->panels & EBB_CHART_PANEL_DISSOCIATION)
    {
      gboolean first = TRUE;

      for (guint i = 0; sessions != NULL && i < sessions->len; i++)
        {
          const EbbSession *session = g_ptr_array_index (sessions, i);
          g_autofree char *day = NULL;

          if (!session_in_panels (self, NULL, session) || !has_dissociation (self, session))
            continue;
          g_string_append (text, first ? _("Dissociation by session: ") : "; ");
          first = FALSE;
          day = ebb_date_format (session->when.day);
          g_string_append_printf (text, "%s, ", day);
          append_dissociation (self, text, session);
        }
      g_string_append (text, first ? _("No dissociation recorded at a session. ") : ". ");
    }
}
