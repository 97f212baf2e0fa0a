/* ebb-chart-describe.c — what is where, in words
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hit-testing with the layout drawing uses, the tooltip for what is
 * hit, and the plain-language summary for screen readers and alt text.
 */
#define G_LOG_DOMAIN "ebb-chart"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-chart-private.h"
#include "ebb-flags.h"

/* Hit-testing -------------------------------------------------------------- */

/**
 * ebb_chart_hit_test:
 * @width: the size the chart is drawn at, in points
 * @height:
 * @x: a position in the chart, in points
 * @y:
 * @hit: (out caller-allocates): what is there
 *
 * Finds the rating or session drawn at (@x, @y), within a few points,
 * using the same layout as ebb_chart_draw(); over a panel, the session
 * whose column is nearest.
 *
 * Returns: %TRUE when something is there
 */
gboolean
ebb_chart_hit_test (EbbChart    *self,
                    double       width,
                    double       height,
                    double       x,
                    double       y,
                    EbbChartHit *hit)
{
  EbbChartLayout l;
  GPtrArray *sessions;
  double best = G_MAXDOUBLE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (hit != NULL, FALSE);

  memset (hit, 0, sizeof *hit);
  if (!(width > 0 && height > 0))
    return FALSE;
  ebb_chart_get_layout (self, width, height, &l);

  /* Ratings first: the nearest marker within its radius and a few points. */
  for (guint t = 0; t < self->trajectories->len; t++)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (self, t);
      const guint n = ebb_trajectory_get_n_points (trajectory);
      const double reach = MAX (l.marker_radius + 3, 5);

      if (!_ebb_chart_is_drawn (self, trajectory))
        continue;
      for (guint i = 0; i < n; i++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
          const double day = _ebb_chart_when_day (&point->rating->when);
          double px, py, dist;

          if (!_ebb_chart_day_in_domain (&l, day))
            continue;
          px = ebb_chart_layout_x_for_day (&l, day);
          py = ebb_chart_layout_y_for_value (&l, _ebb_chart_value (self, trajectory, point->rating->total));
          dist = hypot (px - x, py - y);
          if (dist <= reach && dist < best)
            {
              best = dist;
              *hit = (EbbChartHit) { EBB_CHART_HIT_RATING, t, i, point, NULL, px, py };
            }
        }
    }
  if (hit->kind != EBB_CHART_HIT_NONE)
    return TRUE;

  if (_ebb_chart_hit_test_panels (self, &l, x, y, hit))
    return TRUE;

  /* Sessions: anywhere across the strip's height, nearest by x. */
  sessions = _ebb_chart_sessions (self);
  if (y < l.strip.y - 2 || y > l.strip.y + l.strip.height + 2)
    return FALSE;
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      double px, dist;

      if (!_ebb_chart_session_is_shown (self, &l, session))
        continue;
      px = ebb_chart_layout_x_for_day (&l, _ebb_chart_when_day (&session->when));
      dist = fabs (px - x);
      if (dist <= l.glyph_radius + 3 && dist < best)
        {
          best = dist;
          *hit = (EbbChartHit) { EBB_CHART_HIT_SESSION, 0, i, NULL, session, px,
                                 l.strip.y + l.strip.height / 2 };
        }
    }
  return hit->kind != EBB_CHART_HIT_NONE;
}

/* Labels ------------------------------------------------------------------ */

static void
label_clear (EbbChartLabel *label)
{
  g_free (label->text);
}

/**
 * ebb_chart_get_labels:
 * @width: the size the chart is drawn at, in points
 * @height:
 *
 * The words ebb_chart_draw() puts over and around the plot at this size,
 * and what each paints over: placed clear of the ratings, their lines
 * and each other, so a label that found no free place is not listed (and
 * not drawn).  The gutter's rule labels, the axes, the legend and the
 * footnote are not listed.
 *
 * Returns: (transfer full) (element-type EbbChartLabel): the labels;
 *   g_array_unref() frees them and their text
 */
GArray *
ebb_chart_get_labels (EbbChart *self,
                      double    width,
                      double    height)
{
  GArray *result = g_array_new (FALSE, TRUE, sizeof (EbbChartLabel));
  g_autoptr(GArray) rules = NULL;
  g_autoptr(GArray) spans = NULL;
  g_autoptr(GArray) placed = NULL;
  g_autofree char *message = NULL;
  EbbChartDrawing d;
  EbbChartLayout l;

  g_array_set_clear_func (result, (GDestroyNotify) label_clear);
  g_return_val_if_fail (self != NULL, result);
  if (!(width > 0 && height > 0))
    return result;

  ebb_chart_get_layout (self, width, height, &l);
  d = (EbbChartDrawing) { self, &l, _ebb_chart_get_palette (self), NULL };
  rules = _ebb_chart_collect_rules (self);
  spans = _ebb_chart_collect_fade_spans (self);
  message = _ebb_chart_empty_message (self, &l);
  placed = _ebb_chart_place_labels (&d, rules, spans, message);
  for (guint i = 0; i < placed->len; i++)
    {
      const EbbChartPlacedLabel *p = &g_array_index (placed, EbbChartPlacedLabel, i);
      EbbChartLabel label = { p->kind, p->area, g_strdup (pango_layout_get_text (p->layout)) };

      g_array_append_val (result, label);
    }
  return result;
}

/* In words --------------------------------------------------------------- */

static char *
describe_session_treatment (const EbbSession *session)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* Translators: a session's phase and route, "maintenance, IV" */
  g_string_append_printf (text, C_("session treatment", "%s, %s"), ebb_phase_to_label (session->phase),
                          ebb_route_to_label (session->route));
  if (session->dose_mg >= 0)
    {
      g_autofree char *dose = _ebb_chart_format_number (session->dose_mg);
      /* Translators: a dose after the phase and route, ", 40 mg" */
      g_string_append_printf (text, _(", %s mg"), dose);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
describe_change (const EbbTrajectory      *trajectory,
                 const EbbTrajectoryPoint *point)
{
  if (isnan (point->change_percent))
    return NULL;
  if (point->change_percent >= 0.5)
    return g_strdup_printf (_("%.0f%% below baseline (%d)"), point->change_percent,
                            ebb_trajectory_get_baseline (trajectory)->total);
  if (point->change_percent <= -0.5)
    return g_strdup_printf (_("%.0f%% above baseline (%d)"), -point->change_percent,
                            ebb_trajectory_get_baseline (trajectory)->total);
  return g_strdup_printf (_("at baseline (%d)"), ebb_trajectory_get_baseline (trajectory)->total);
}

/**
 * ebb_chart_describe_hit:
 * @hit: from ebb_chart_hit_test()
 *
 * Returns: (transfer full) (nullable): a tooltip: the date, the score and
 *   its change from baseline for a rating; status, phase, route, dose and
 *   blood pressure for a session
 */
char *
ebb_chart_describe_hit (EbbChart          *self,
                        const EbbChartHit *hit)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (hit != NULL, NULL);

  if (hit->kind == EBB_CHART_HIT_RATING)
    {
      const EbbTrajectory *trajectory = _ebb_chart_nth_trajectory (self, hit->trajectory);
      const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
      const EbbTrajectoryPoint *point = hit->point;
      g_autofree char *change = describe_change (trajectory, point);

      g_string_append_printf (text, "%s %d · %s", scale->id, point->rating->total, point->rating->when_text);
      if (change != NULL)
        g_string_append_printf (text, "\n%s · %s", change,
                                !point->after_t0 ? _("before treatment") :
                                point->remission ? C_("response status", "remission") :
                                point->responding ? C_("response status", "responding") :
                                C_("response status", "not responding"));
      if (point->suicide_alert && point->alert_implied)
        /* Translators: a tooltip, the suicide item as the total proves it */
        g_string_append_printf (text, _("\nSuicide item (%s): at least %d, as the total proves — assess risk"),
                                ebb_scale_get_alert_item_label (scale), point->alert_value);
      else if (point->suicide_alert)
        g_string_append_printf (text, _("\nSuicide item (%s): %d — assess risk"),
                                ebb_scale_get_alert_item_label (scale), point->alert_value);
      else if (point->alert_unrecorded)
        g_string_append (text, _("\nSuicide item not recorded"));
      if (point->session != NULL)
        {
          g_autofree char *treatment = describe_session_treatment (point->session);
          g_string_append_printf (text, _("\nAfter the session on %s (%s)"), point->session->when_text, treatment);
        }
      if (point->rating->note != NULL && point->rating->note[0] != '\0')
        g_string_append_printf (text, "\n%s", point->rating->note);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  if (hit->kind == EBB_CHART_HIT_SESSION)
    {
      const EbbSession *session = hit->session;
      g_autofree char *treatment = describe_session_treatment (session);
      const EbbReading *before, *after;
      EbbSessionPressures p;

      /* The same two the blood-pressure panel draws. */
      ebb_flags_session_pressures (session, ebb_timeline_get_settings (
                                     ebb_trajectory_get_timeline (_ebb_chart_nth_trajectory (self, 0))), &p);
      before = p.before;
      after = p.after;

      g_string_append_printf (text, _("Session %s · %s\n%s"), session->when_text,
                              ebb_session_status_to_label (session->status), treatment);
      /* The pressures the rules read (§4.7): the last before dosing, the
       * highest after. */
      if (before != NULL || after != NULL)
        g_string_append_printf (text, _("\nBlood pressure %d/%d → %d/%d"),
                                before ? before->systolic : 0, before ? before->diastolic : 0,
                                after ? after->systolic : 0, after ? after->diastolic : 0);
      if (session->note != NULL && session->note[0] != '\0')
        g_string_append_printf (text, "\n%s", session->note);
      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  if (hit->kind == EBB_CHART_HIT_BLOOD_PRESSURE || hit->kind == EBB_CHART_HIT_DISSOCIATION)
    return _ebb_chart_describe_panel_hit (self, hit);

  return NULL;
}

/* "2 faded": how many flags of a kind a trajectory has. */
static char *
describe_flag_count (EbbFlagKind kind,
                     guint       n)
{
  g_autofree char *label = g_utf8_strdown (ebb_flag_kind_to_label (kind), -1);

  /* Translators: counts of flags by kind, in the chart's description:
   * "3 flags (1 suicide item, 1 faded, 1 fade projected)"; %s is the kind */
  return g_strdup_printf (C_("flag count", "%u %s"), n, label);
}

static void
describe_trajectory (GString             *text,
                     const EbbTrajectory *trajectory)
{
  const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
  const guint n = ebb_trajectory_get_n_points (trajectory);
  g_autofree char *baseline = ebb_trajectory_describe_baseline (trajectory);
  GPtrArray *flags = ebb_trajectory_get_flags (trajectory);

  /* Translators: a scale's id and full name, "PHQ-9 (Patient Health Questionnaire-9): " */
  g_string_append_printf (text, _("%s (%s): "), scale->id, ebb_scale_get_name (scale));
  if (n == 0)
    {
      g_string_append (text, _("no ratings yet. "));
      return;
    }
  {
    const EbbTrajectoryPoint *first = ebb_trajectory_get_point (trajectory, 0);
    const EbbTrajectoryPoint *latest = ebb_trajectory_get_point (trajectory, n - 1);
    g_autofree char *from = ebb_date_format (first->rating->when.day);
    g_autofree char *to = ebb_date_format (latest->rating->when.day);
    g_autofree char *change = describe_change (trajectory, latest);
    const int nadir = ebb_trajectory_get_nadir (trajectory);

    if (n == 1)
      g_string_append_printf (text, _("1 rating, on %s. "), from);
    else
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u rating from %s to %s. ",
                                                 "%u ratings from %s to %s. ", n),
                              n, from, to);
    if (_ebb_chart_has_baseline (trajectory))
      g_string_append_printf (text, _("Baseline %s. "), baseline);
    else
      {
        g_autofree char *sentence = _ebb_chart_capitalise (baseline);
        g_string_append_printf (text, "%s. ", sentence);
      }
    g_string_append_printf (text, _("Latest %d on %s"), latest->rating->total, to);
    if (change != NULL)
      g_string_append_printf (text, ", %s", change);
    if (_ebb_chart_has_baseline (trajectory))
      g_string_append_printf (text, ": %s", ebb_response_status_to_string (ebb_trajectory_get_status (trajectory)));
    g_string_append (text, ". ");
    if (nadir >= 0 && _ebb_chart_has_baseline (trajectory))
      g_string_append_printf (text, _("Lowest since treatment started: %d. "), nadir);
  }

  if (flags->len == 0)
    g_string_append (text, _("No flags. "));
  else
    {
      guint counts[EBB_N_FLAG_KINDS] = { 0 };
      guint n_open = 0;
      g_autoptr(GString) kinds = g_string_new (NULL);

      for (guint i = 0; i < flags->len; i++)
        {
          const EbbFlag *flag = g_ptr_array_index (flags, i);

          counts[flag->kind]++;
          n_open += ebb_flag_is_open (flag);
        }
      for (int k = 0; k < EBB_N_FLAG_KINDS; k++)
        {
          g_autofree char *count = NULL;

          if (counts[k] == 0)
            continue;
          count = describe_flag_count (k, counts[k]);
          g_string_append_printf (kinds, "%s%s", kinds->len ? ", " : "", count);
        }
      /* Translators: "3 flags (1 suicide item, 1 faded, 1 fade projected), 2 open. " */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u flag (%s), %u open. ",
                                                 "%u flags (%s), %u open. ", flags->len),
                              flags->len, kinds->str, n_open);
    }
}

/**
 * ebb_chart_describe:
 *
 * A plain-language summary of what the chart shows, for screen readers
 * (the chart widget's accessible description) and for alt text.
 *
 * Returns: (transfer full): the summary
 */
char *
ebb_chart_describe (EbbChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const EbbSession *next;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->trajectories->len == 0)
    return g_strdup (_("Chart with no data."));

  {
    g_autofree char *as_of = ebb_date_format (_ebb_chart_as_of (self));

    g_string_append_printf (text, self->mode == EBB_CHART_MODE_SCORE ?
                            _("Chart of patient %s as of %s. ") :
                            _("Chart of patient %s as of %s, %% change from baseline. "),
                            ebb_trajectory_get_patient (_ebb_chart_nth_trajectory (self, 0))->code, as_of);
  }
  for (guint t = 0; t < self->trajectories->len; t++)
    describe_trajectory (text, _ebb_chart_nth_trajectory (self, t));
  _ebb_chart_describe_medicines (self, text);
  _ebb_chart_describe_panels (self, text);
  _ebb_chart_describe_events (self, text);

  next = _ebb_chart_next_session (self);
  if (next != NULL)
    {
      g_autofree char *treatment = describe_session_treatment (next);
      g_string_append_printf (text, _("Next session %s (%s)."), next->when_text, treatment);
    }
  else
    g_string_append (text, _("No session booked."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}
