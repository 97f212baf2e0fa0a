/* ebb-chart.c — a trajectory drawn on any cairo_t, at any size
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object, its options, and what it shows: which trajectories and
 * sessions, the as-of date, and values as the y axis has them.  The
 * layout, drawing, descriptions and export are in the other
 * ebb-chart-*.c files (see ebb-chart-private.h).
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include "ebb-chart-private.h"

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
  self->for_screen = TRUE;
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
  g_clear_pointer (&self->medicines, g_ptr_array_unref);
  g_clear_pointer (&self->events, g_ptr_array_unref);
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
 * ebb_chart_set_panels:
 * @panels: the panels to show under the trajectory
 *
 * The blood-pressure and dissociation panels, on the trajectory's time
 * axis (see ebb-chart-panels.c).  None until asked for, so that a chart
 * is drawn as it was; a panel asked for but with nothing to show says
 * so (ebb_chart_get_panels_with_data() tells beforehand).
 */
void
ebb_chart_set_panels (EbbChart       *self,
                      EbbChartPanels  panels)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((panels & ~EBB_CHART_PANEL_ALL) == 0);

  if (self->panels == panels)
    return;
  self->panels = panels;
  invalidate (self);
}

/**
 * ebb_chart_get_panels:
 *
 * Returns: the panels asked for
 */
EbbChartPanels
ebb_chart_get_panels (EbbChart *self)
{
  g_return_val_if_fail (self != NULL, EBB_CHART_PANEL_NONE);
  return self->panels;
}

/**
 * ebb_chart_set_for_screen:
 * @for_screen: whether the chart is drawn in the window, as opposed to a
 *   file, a printed page or the clipboard
 *
 * On screen, the as-of line of a chart drawn as of today says "today";
 * anywhere else it says "as of 5 Feb 2026", since a chart pasted into
 * case notes is read long after the day it was drawn.  Charts are drawn
 * for the screen until told otherwise; ebb_chart_export() always draws
 * for a file, whatever this says.
 */
void
ebb_chart_set_for_screen (EbbChart *self,
                          gboolean  for_screen)
{
  g_return_if_fail (self != NULL);
  self->for_screen = !!for_screen;
}

/**
 * ebb_chart_get_for_screen:
 *
 * Returns: whether the chart is drawn for the window
 */
gboolean
ebb_chart_get_for_screen (EbbChart *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->for_screen;
}

/**
 * ebb_chart_dup_footnote:
 *
 * The rules the chart is drawn by, in words, as its footnote says them
 * (when there is room for it): for the screen with dates as people read
 * them, for a file with dates as files write them (see
 * ebb_chart_set_for_screen()).
 *
 * Returns: (transfer full): the footnote's text; "" without a trajectory
 */
char *
ebb_chart_dup_footnote (EbbChart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _ebb_chart_footnote_text (self);
}

/* What the chart shows ---------------------------------------------------- */

/* Whether a trajectory is drawn at all: in % change mode only with a
 * baseline to measure change from. */
gboolean
_ebb_chart_is_drawn (EbbChart            *self,
                     const EbbTrajectory *trajectory)
{
  return self->mode == EBB_CHART_MODE_SCORE || _ebb_chart_has_baseline (trajectory);
}

/* A score as the y axis shows it: itself, or % change from baseline
 * (negative is better, so that "down is better" in both modes). */
double
_ebb_chart_value (EbbChart            *self,
                  const EbbTrajectory *trajectory,
                  double               score)
{
  double baseline;

  if (self->mode == EBB_CHART_MODE_SCORE)
    return score;
  baseline = ebb_trajectory_get_baseline (trajectory)->total;
  return (score - baseline) / baseline * 100.0;
}

GPtrArray *
_ebb_chart_sessions (EbbChart *self)
{
  if (self->trajectories->len == 0)
    return NULL;
  return ebb_trajectory_get_sessions (_ebb_chart_nth_trajectory (self, 0));
}

gint32
_ebb_chart_as_of (EbbChart *self)
{
  if (self->trajectories->len == 0)
    return 0;
  return ebb_trajectory_get_as_of (_ebb_chart_nth_trajectory (self, 0));
}

/* The next scheduled session after the as-of date: the one booking the
 * chart reaches out to. */
const EbbSession *
_ebb_chart_next_session (EbbChart *self)
{
  if (self->trajectories->len == 0)
    return NULL;
  return ebb_trajectory_get_next_session (_ebb_chart_nth_trajectory (self, 0));
}

/* Sessions shown: everything up to the as-of date and the next booking,
 * within the days @l shows; later bookings are beyond what the chart is
 * about. */
gboolean
_ebb_chart_session_is_shown (EbbChart             *self,
                             const EbbChartLayout *l,
                             const EbbSession     *session)
{
  const EbbSession *next = _ebb_chart_next_session (self);

  if (!_ebb_chart_day_in_domain (l, _ebb_chart_when_day (&session->when)))
    return FALSE;
  if (session->when.day <= _ebb_chart_as_of (self))
    return TRUE;
  return next != NULL && session->when.day <= next->when.day;
}

/* How many of the trajectory's ratings fall in the days @l shows. */
guint
_ebb_chart_n_points_shown (const EbbTrajectory  *trajectory,
                           const EbbChartLayout *l)
{
  const guint n = ebb_trajectory_get_n_points (trajectory);
  guint shown = 0;

  for (guint i = 0; i < n; i++)
    {
      const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);

      shown += _ebb_chart_day_in_domain (l, _ebb_chart_when_day (&point->rating->when));
    }
  return shown;
}

/* Fading span of an episode: from the fade to its next session, or to the
 * as-of date when nothing is booked (a fade with nothing booked is urgent). */
gboolean
_ebb_chart_fade_span (const EbbTrajectory *trajectory,
                      const EbbEpisode    *episode,
                      double              *start,
                      double              *end)
{
  const EbbTrajectoryPoint *point;

  if (episode->fade == G_MAXUINT)
    return FALSE;
  point = ebb_trajectory_get_point (trajectory, episode->fade);
  *start = point->rating->when.day;
  if (point->next_session != NULL)
    *end = point->next_session->when.day;
  else
    *end = MAX (*start, (double) ebb_trajectory_get_as_of (trajectory) + 1);
  return TRUE;
}

/* The projection as drawn: from the fit's first rating to the projected
 * fade date when that comes before the next session, otherwise to the
 * next session (the trend, with no fade before it). */
gboolean
_ebb_chart_projection_span (const EbbTrajectory *trajectory,
                            double              *start_day,
                            double              *end_day,
                            gboolean            *fades)
{
  const EbbProjection *p = ebb_trajectory_get_projection (trajectory);
  const EbbTrajectoryPoint *first;

  if (p == NULL)
    return FALSE;
  first = ebb_trajectory_get_point (trajectory, p->first_point);
  *start_day = first->rating->when.day;
  *fades = p->fade_day > 0 && p->fade_day < p->next_session->when.day;
  *end_day = *fades ? p->fade_day : p->next_session->when.day;
  return *end_day > *start_day;
}

/* Convenience -------------------------------------------------------------- */

/**
 * ebb_chart_default_scale:
 * @patient: the patient
 * @scores: (element-type EbbRating): the patient's ratings
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
                         GPtrArray        *ratings)
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
      for (guint i = 0; ratings != NULL && i < ratings->len; i++)
        count += ebb_scale_lookup (((EbbRating *) g_ptr_array_index (ratings, i))->scale_id) == all[s];
      if (count > best_count)
        {
          best = all[s];
          best_count = count;
        }
    }
  return best;
}

/**
 * ebb_chart_new_for_records:
 * @records: the patient's records
 * @scale: (nullable): the scale to chart, or %NULL for % change from
 *   baseline of every efficacy scale the patient was rated on
 * @as_of_day: the day the chart is drawn as of
 * @settings: (nullable): rule settings, or %NULL for the defaults
 *
 * Returns: (transfer full): a chart of one scale, or of several as %
 *   change from baseline
 */
EbbChart *
ebb_chart_new_for_records (const EbbPatientRecords *records,
                           const EbbScale          *scale,
                           gint32                   as_of_day,
                           const EbbRuleSettings   *settings)
{
  g_autoptr(EbbTimeline) timeline = NULL;
  GPtrArray *ratings;
  EbbChart *self;
  const EbbScale * const *all;
  guint n_scales;

  g_return_val_if_fail (records != NULL && records->patient != NULL, NULL);
  g_return_val_if_fail (as_of_day > 0, NULL);

  /* One timeline for every scale drawn: their courses agree. */
  timeline = ebb_timeline_new (records, as_of_day, settings);
  ratings = records->ratings;
  if (scale != NULL)
    {
      self = ebb_chart_new (EBB_CHART_MODE_SCORE);
      ebb_chart_add_trajectory (self, ebb_trajectory_new_for_timeline (timeline, scale));
      self->medicines = records->medicines != NULL ? g_ptr_array_ref (records->medicines) : NULL;
      self->events = records->events != NULL ? g_ptr_array_ref (records->events) : NULL;
      return self;
    }

  self = ebb_chart_new (EBB_CHART_MODE_PERCENT);
  self->medicines = records->medicines != NULL ? g_ptr_array_ref (records->medicines) : NULL;
  self->events = records->events != NULL ? g_ptr_array_ref (records->events) : NULL;
  all = ebb_scale_all (&n_scales);
  for (guint s = 0; s < n_scales; s++)
    {
      gboolean rated = FALSE;

      if (!all[s]->efficacy)
        continue;
      for (guint i = 0; ratings != NULL && i < ratings->len && !rated; i++)
        {
          const EbbRating *rating = g_ptr_array_index (ratings, i);
          rated = rating->when.day <= as_of_day && ebb_scale_lookup (rating->scale_id) == all[s];
        }
      if (rated)
        ebb_chart_add_trajectory (self, ebb_trajectory_new_for_timeline (timeline, all[s]));
    }
  return self;
}
