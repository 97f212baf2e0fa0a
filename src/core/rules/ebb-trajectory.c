/* ebb-trajectory.c — one patient × one scale under the clinical rules (§2–§4)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-trajectory"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-trajectory.h"

/* A small tolerance so that B × (1 − r) computed in floating point does not
 * move a score that sits exactly on the threshold to the other side. */
#define THRESHOLD_EPSILON 1e-9

/* SUSTAIN-1's second relapse criterion applies to MADRS only. */
#define MADRS_RELAPSE_SCORE 22

/* A relapse-level run must span this many days (§4.3). */
#define RELAPSE_RUN_DAYS 5

/* Non-response is judged at the 6th session (8th when the course began
 * intranasally) or at the end of day T0 + 28, whichever comes first, when
 * at least 4 sessions were given by then (§4.4). */
#define INDUCTION_SESSIONS 6
#define INDUCTION_SESSIONS_INTRANASAL 8
#define INDUCTION_DAYS 28
#define INDUCTION_MIN_SESSIONS 4

/* A projection needs at least this many ratings (§4.8). */
#define PROJECTION_MIN_RATINGS 3

struct _EbbTrajectory
{
  EbbTimeline       *timeline;
  const EbbScale    *scale;
  const EbbRuleSettings *settings;   /* the timeline's */
  gint32             as_of;
  int                meaningful_change;

  GArray            *courses;       /* EbbCourseBaseline, one per timeline course */
  GArray            *points;        /* EbbTrajectoryPoint, §2 order */
  GArray            *episodes;      /* EbbEpisode */
  GPtrArray         *flags;         /* EbbFlag* */

  EbbProjection      projection;
  gboolean           has_projection;
};

/* The status in words, in the user's language: for people, never for files. */
const char *
ebb_response_status_to_string (EbbResponseStatus status)
{
  switch (status)
    {
    case EBB_STATUS_NO_BASELINE: return C_("response status", "no baseline");
    case EBB_STATUS_NOT_RESPONDING: return C_("response status", "not responding");
    case EBB_STATUS_RESPONDING: return C_("response status", "responding");
    case EBB_STATUS_REMISSION: return C_("response status", "remission");
    default: g_return_val_if_reached (NULL);
    }
}

/* Words ------------------------------------------------------------------- */

static char *
format_day (gint32 day)
{
  return day > 0 ? ebb_date_format (day) : g_strdup ("");
}

/* A trend in points a day, to two decimals at most: 0.67, 0.5, 1. */
static char *
format_rate (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  g_ascii_formatd (buf, sizeof buf, "%.2f", value);
  end = buf + strlen (buf) - 1;
  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  return g_strdup (buf);
}

/**
 * ebb_describe_response_need:
 *
 * §3: thresholds in whole points on whole-number scales, so that a
 * clinician can check them by hand: never "≤ 10.5".
 *
 * Returns: (transfer full): "response needs 10 or less (half of baseline 21)"
 */
char *
ebb_describe_response_need (int    threshold_points,
                            int    baseline,
                            double response_fraction)
{
  int percent = (int) round (response_fraction * 100.0);

  if (percent == 50)
    /* Translators: "response needs 10 or less (half of baseline 21)" */
    return g_strdup_printf (_("response needs %d or less (half of baseline %d)"), threshold_points, baseline);
  /* Translators: "response needs 12 or less (40 % below baseline 21)" */
  return g_strdup_printf (_("response needs %d or less (%d %% below baseline %d)"),
                          threshold_points, percent, baseline);
}

/* " (clinic setting; default 5)" after a value the clinic changed, so that
 * two readers of the same explanation know why it differs from the book. */
static char *
setting_note (const EbbRuleSettings *settings,
              const char            *key)
{
  g_autofree char *fallback = NULL;

  if (ebb_rule_settings_is_default (settings, key))
    return g_strdup ("");
  fallback = ebb_rule_settings_get_default (key);
  /* Translators: after a threshold the clinic changed, " (clinic setting; default 5)" */
  return g_strdup_printf (_(" (clinic setting; default %s)"), fallback);
}

static char *
meaningful_change_key (const EbbScale *scale)
{
  return g_strconcat ("meaningful-change.", scale->id, NULL);
}

/* Order and levels --------------------------------------------------------- */

static const EbbCourseBaseline *
course_of_point (const EbbTrajectory      *self,
                 const EbbTrajectoryPoint *point)
{
  if (point->course < 0)
    return NULL;
  return &g_array_index (self->courses, EbbCourseBaseline, point->course);
}

static gboolean
has_baseline (const EbbCourseBaseline *course)
{
  return course != NULL && course->baseline_status == EBB_BASELINE_OK;
}

static int
threshold_points (const EbbCourseBaseline *course)
{
  return (int) floor (course->threshold + THRESHOLD_EPSILON);
}

/* §3: relapse level is less than 25 % better than the baseline or, on
 * MADRS, 22 or more; a responding rating never is. */
static gboolean
is_relapse_level (const EbbTrajectory      *self,
                  const EbbTrajectoryPoint *point)
{
  const EbbCourseBaseline *course = course_of_point (self, point);
  const int total = point->rating->total;

  if (!has_baseline (course) || point->responding)
    return FALSE;
  if (total * 4 > course->baseline->total * 3)
    return TRUE;
  return g_str_equal (self->scale->id, "MADRS") && total >= MADRS_RELAPSE_SCORE;
}

/* The ratings response, fades, relapse, worsening and non-response read:
 * in a course with a baseline, after its first dose, not post-dose (§2). */
static gboolean
counts_for_response (const EbbTrajectory      *self,
                     const EbbTrajectoryPoint *point)
{
  return point->after_t0 && !point->post_dose && has_baseline (course_of_point (self, point));
}

static EbbFlag *
add_flag (EbbTrajectory *self,
          EbbFlagKind    kind,
          gint32         day)
{
  EbbFlag *flag = ebb_flag_new (kind, self->scale, day);

  g_ptr_array_add (self->flags, flag);
  return flag;
}

/* Baselines and points ----------------------------------------------------- */

/* §3: per course, the latest pre-dose rating of the scale before T0, at
 * most the window's days before it and after the previous course's last
 * done session. */
static void
find_baselines (EbbTrajectory *self)
{
  const guint n_courses = ebb_timeline_get_n_courses (self->timeline);
  const guint n_ratings = ebb_timeline_get_n_ratings (self->timeline);

  self->courses = g_array_sized_new (FALSE, TRUE, sizeof (EbbCourseBaseline), n_courses);
  for (guint c = 0; c < n_courses; c++)
    {
      EbbCourseBaseline cb = { .course = ebb_timeline_get_course (self->timeline, c), .threshold = NAN };
      const EbbSession *t0 = cb.course->t0;

      for (guint i = 0; self->scale->efficacy && i < n_ratings; i++)
        {
          const EbbTimelineRating *r = ebb_timeline_get_rating (self->timeline, i);

          if (r->scale != self->scale || r->post_dose)
            continue;
          if (!ebb_timeline_rating_is_before (self->timeline, r->rating, t0))
            break;
          if (cb.course->previous_done != NULL &&
              ebb_timeline_rating_is_before (self->timeline, r->rating, cb.course->previous_done))
            continue;
          if (t0->when.day - r->rating->when.day <= self->settings->baseline_window_days)
            cb.baseline = r->rating;
        }

      if (!self->scale->efficacy)
        cb.baseline_status = EBB_BASELINE_NOT_EFFICACY;
      else if (cb.baseline == NULL)
        cb.baseline_status = EBB_BASELINE_NONE;
      else if (cb.baseline->total == 0)
        cb.baseline_status = EBB_BASELINE_ZERO;
      else
        {
          cb.baseline_status = EBB_BASELINE_OK;
          cb.threshold = cb.baseline->total * (1.0 - self->settings->response_fraction);
        }
      g_array_append_val (self->courses, cb);
    }
}

/**
 * ebb_rating_alert_value:
 * @implied: (out) (optional): set when the value is only the least the
 *   total proves
 *
 * §1: a rating's alert item as recorded (with the items, or asked on its
 * own), else the least its total proves it to be.  The one place that
 * says it, for the rules, the chart's tooltips and the window.
 *
 * Returns: the value, or -1 when the scale has no alert item, or it was
 *   not recorded and the total proves nothing
 */
int
ebb_rating_alert_value (const EbbRating *rating,
                        const EbbScale *scale,
                        gboolean       *implied)
{
  int value;

  g_return_val_if_fail (rating != NULL, -1);
  g_return_val_if_fail (scale != NULL, -1);

  if (implied != NULL)
    *implied = FALSE;
  if (scale->alert_item == 0)
    return -1;
  value = ebb_rating_get_item (rating, scale->alert_item);
  if (value < 0 && rating->alert_item >= 0)
    value = rating->alert_item;
  if (value >= 0)
    return value;
  value = rating->total - (scale->total_max - scale->item_max[scale->alert_item - 1]);
  if (value <= 0)
    return -1;
  if (implied != NULL)
    *implied = TRUE;
  return value;
}

static void
read_alert_item (const EbbScale     *scale,
                 EbbTrajectoryPoint *point)
{
  gboolean implied;

  point->alert_value = ebb_rating_alert_value (point->rating, scale, &implied);
  point->alert_implied = implied;
  point->alert_unrecorded = scale->alert_item > 0 &&
                            ebb_rating_get_item (point->rating, scale->alert_item) < 0 &&
                            point->rating->alert_item < 0;
  point->suicide_alert = point->alert_value >= 0 && point->alert_value >= scale->alert_min;
  /* An implied value below the alert level says nothing worth showing. */
  if (implied && !point->suicide_alert)
    {
      point->alert_value = -1;
      point->alert_implied = FALSE;
    }
}

static gboolean
is_some_course_baseline (const EbbTrajectory *self,
                         const EbbRating      *rating)
{
  for (guint c = 0; c < self->courses->len; c++)
    if (g_array_index (self->courses, EbbCourseBaseline, c).baseline == rating)
      return TRUE;
  return FALSE;
}

static void
build_points (EbbTrajectory *self)
{
  const guint n_ratings = ebb_timeline_get_n_ratings (self->timeline);

  self->points = g_array_new (FALSE, TRUE, sizeof (EbbTrajectoryPoint));
  for (guint i = 0; i < n_ratings; i++)
    {
      const EbbTimelineRating *r = ebb_timeline_get_rating (self->timeline, i);
      EbbTrajectoryPoint point = {
        .rating = r->rating,
        .course = r->course,
        .post_dose = r->post_dose,
        .session = r->session,
        .next_session = r->next_session,
        .change_percent = NAN,
      };
      const EbbCourseBaseline *course;

      if (r->scale != self->scale)
        continue;

      /* §3: a later course's baseline starts that course; it is no fade of
       * the one before. */
      if (is_some_course_baseline (self, r->rating))
        point.course = -1;
      point.after_t0 = point.course >= 0;

      course = course_of_point (self, &point);
      if (has_baseline (course))
        {
          point.change_percent = (double) (course->baseline->total - r->rating->total) /
                                 course->baseline->total * 100.0;
          point.responding = !point.post_dose && r->rating->total <= course->threshold + THRESHOLD_EPSILON;
        }
      if (self->scale->efficacy)
        {
          int remission = ebb_rule_settings_remission_max (self->settings, self->scale);
          point.remission = remission >= 0 && r->rating->total <= remission;
        }
      read_alert_item (self->scale, &point);
      g_array_append_val (self->points, point);
    }
}

static const EbbTrajectoryPoint *
point_at (const EbbTrajectory *self,
          guint                index)
{
  return &g_array_index (self->points, EbbTrajectoryPoint, index);
}

/* The first rating after @index that counts for response and is
 * responding in its own course: what closes a relapse, a non-response and
 * a fade (§5).  Returns its day, or 0. */
static gint32
first_later_response (const EbbTrajectory *self,
                      guint                index)
{
  for (guint i = index + 1; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = point_at (self, i);

      if (!point->post_dose && point->responding)
        return point->rating->when.day;
    }
  return 0;
}

/* §4.1 Suicide items ---------------------------------------------------------- */

static void
describe_suicide_flag (EbbTrajectory            *self,
                       EbbFlag                  *flag,
                       const EbbTrajectoryPoint *first)
{
  const EbbScale *scale = self->scale;
  g_autofree char *date = format_day (first->rating->when.day);
  GString *text = g_string_new (NULL);

  if (first->alert_implied)
    /* Translators: "PHQ-9 25 on 2026-03-02 implies item 9 (thoughts of death or
     * self-harm) was at least 1, at or above the alert level of 1: the other
     * items give at most 24." */
    g_string_append_printf (text, _("%s %d on %s implies item %u (%s) was at least %d, at or above the alert "
                                    "level of %d: the other items give at most %d."),
                            scale->id, first->rating->total, date, scale->alert_item,
                            ebb_scale_get_alert_item_label (scale), first->alert_value, scale->alert_min,
                            scale->total_max - scale->item_max[scale->alert_item - 1]);
  else
    /* Translators: "MADRS item 10 (suicidal thoughts) was 3 on 2026-03-02, at or
     * above the alert level of 2." */
    g_string_append_printf (text, _("%s item %u (%s) was %d on %s, at or above the alert level of %d."),
                            scale->id, scale->alert_item, ebb_scale_get_alert_item_label (scale),
                            first->alert_value, date, scale->alert_min);

  if (flag->n_events > 1)
    {
      g_autofree char *latest = format_day (flag->latest_day);
      g_autofree char *since = format_day (flag->day);

      g_string_append_c (text, ' ');
      /* Translators: the latest and the highest of later alerts, "Item 10 was 3
       * on 2026-11-14; 4 at most since 2026-10-31." */
      g_string_append_printf (text, _("Item %u was %d on %s; %d at most since %s."),
                              scale->alert_item, flag->latest_value[0], latest,
                              flag->highest_value[0], since);
    }
  g_free (flag->detail);
  flag->detail = g_string_free (text, FALSE);
}

/* A suicide-item flag is closed only by a clinician's decision (§5); while
 * one is open, later alerts on the scale add to it rather than open
 * another.  Every rating counts, post-dose ones and those outside any
 * course included. */
static void
flag_suicide_items (EbbTrajectory *self)
{
  EbbFlag *open = NULL;
  const EbbTrajectoryPoint *first = NULL;

  if (self->scale->alert_item == 0)
    return;

  for (guint i = 0; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = point_at (self, i);
      const EbbDecision *decision;

      if (!point->suicide_alert)
        continue;

      decision = open != NULL ? ebb_timeline_find_decision (self->timeline, open) : NULL;
      if (open == NULL || (decision != NULL && ebb_decision_precedes (decision, &point->rating->when)))
        {
          open = add_flag (self, EBB_FLAG_SUICIDE_ITEM, point->rating->when.day);
          /* The decision that closed the one before closes not this one,
           * even when both are dated the same day. */
          open->closed_predecessor = decision != NULL ? decision->id : 0;
          open->suggestion = g_strdup (_("Assess suicide risk today."));
          open->highest_value[0] = -1;
          first = point;
        }
      open->n_events++;
      open->latest_day = point->rating->when.day;
      open->latest_value[0] = point->alert_value;
      open->latest_implied = point->alert_implied;
      if (point->alert_value > open->highest_value[0])
        {
          open->highest_value[0] = point->alert_value;
          open->highest_day = point->rating->when.day;
        }
      describe_suicide_flag (self, open, first);
    }
}

/* §4.2 Worsening --------------------------------------------------------------- */

typedef struct
{
  EbbFlag *flag;
  int      level;    /* the flag's own B + meaningful change */
} WorseningLevel;

static void
flag_worsening (EbbTrajectory *self)
{
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (WorseningLevel));
  gboolean in_run = FALSE;
  int course = -1;

  for (guint i = 0; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = point_at (self, i);
      const EbbCourseBaseline *cb;
      WorseningLevel opened;
      int level;

      if (point->post_dose)
        continue;
      /* §5: a later rating below the flag's own B + meaningful change
       * closes it. */
      for (guint j = 0; j < open->len; )
        {
          WorseningLevel *w = &g_array_index (open, WorseningLevel, j);

          if (point->rating->total < w->level)
            {
              w->flag->resolved_day = point->rating->when.day;
              g_array_remove_index (open, j);
            }
          else
            j++;
        }

      if (!counts_for_response (self, point))
        {
          in_run = FALSE;
          continue;
        }
      if (point->course != course)
        {
          course = point->course;
          in_run = FALSE;
        }
      cb = course_of_point (self, point);
      level = cb->baseline->total + self->meaningful_change;
      if (point->rating->total < level)
        {
          in_run = FALSE;
          continue;
        }
      if (in_run)
        continue;

      in_run = TRUE;
      opened.flag = add_flag (self, EBB_FLAG_WORSENING, point->rating->when.day);
      opened.level = level;
      g_array_append_val (open, opened);
      {
        g_autofree char *date = format_day (point->rating->when.day);
        g_autofree char *baseline_date = format_day (cb->baseline->when.day);
        g_autofree char *key = meaningful_change_key (self->scale);
        g_autofree char *note = setting_note (self->settings, key);
        const int rise = point->rating->total - cb->baseline->total;
        GString *text = g_string_new (NULL);

        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                   /* Translators: "PHQ-9 25 on 2026-04-23 is 11 points above
                                                    * the baseline of 14 (2026-04-06); a rise of 5 is
                                                    * meaningful." */
                                                   "%s %d on %s is %d point above the baseline of %d (%s); "
                                                   "a rise of %d%s is meaningful.",
                                                   "%s %d on %s is %d points above the baseline of %d (%s); "
                                                   "a rise of %d%s is meaningful.",
                                                   rise),
                                self->scale->id, point->rating->total, date, rise,
                                cb->baseline->total, baseline_date, self->meaningful_change, note);
        if (point->alert_unrecorded && !point->suicide_alert)
          {
            g_string_append_c (text, ' ');
            /* Translators: "Item 9 was not recorded." */
            g_string_append_printf (text, _("Item %u was not recorded."), self->scale->alert_item);
          }
        opened.flag->detail = g_string_free (text, FALSE);
        opened.flag->suggestion = g_strdup (_("Review today."));
      }
    }
}

/* §4.3 Relapse ----------------------------------------------------------------- */

static char *
describe_relapse_run (const EbbTrajectory      *self,
                      const EbbTrajectoryPoint *first,
                      const EbbTrajectoryPoint *last)
{
  const EbbCourseBaseline *course = course_of_point (self, last);
  const int span = last->rating->when.day - first->rating->when.day;
  g_autofree char *first_date = format_day (first->rating->when.day);
  g_autofree char *last_date = format_day (last->rating->when.day);
  const int baseline = course->baseline->total;
  const gboolean by_change = first->rating->total * 4 > baseline * 3 && last->rating->total * 4 > baseline * 3;
  g_autofree char *why = by_change
    /* Translators: why ratings are at relapse level */
    ? g_strdup_printf (_("less than 25 %% better than the baseline of %d"), baseline)
    : g_strdup_printf (_("%d or more on MADRS"), MADRS_RELAPSE_SCORE);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* Translators: "At relapse level for 7 days (MADRS 24 on
                                        * 2026-03-30, 26 on 2026-04-06): less than 25 % better than the
                                        * baseline of 30." */
                                       "At relapse level for %d day (%s %d on %s, %d on %s): %s.",
                                       "At relapse level for %d days (%s %d on %s, %d on %s): %s.",
                                       span),
                          span, self->scale->id, first->rating->total, first_date,
                          last->rating->total, last_date, why);
}

/* After a responding rating in the course, consecutive ratings all at
 * relapse level whose first and last are at least 5 days apart, however
 * often they were rated.  After a relapse, the next needs a response
 * first. */
static void
flag_relapses (EbbTrajectory *self)
{
  const EbbTrajectoryPoint *run_first = NULL;
  gboolean responded = FALSE;
  int course = -1;

  for (guint i = 0; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = point_at (self, i);

      if (!counts_for_response (self, point))
        continue;
      if (point->course != course)
        {
          course = point->course;
          responded = FALSE;
          run_first = NULL;
        }
      if (point->responding)
        {
          responded = TRUE;
          run_first = NULL;
          continue;
        }
      if (!responded || !is_relapse_level (self, point))
        {
          run_first = NULL;
          continue;
        }
      if (run_first == NULL)
        run_first = point;
      if (point->rating->when.day - run_first->rating->when.day >= RELAPSE_RUN_DAYS)
        {
          EbbFlag *flag = add_flag (self, EBB_FLAG_RELAPSE, point->rating->when.day);

          flag->detail = describe_relapse_run (self, run_first, point);
          flag->suggestion = g_strdup (_("Review the treatment plan."));
          flag->resolved_day = first_later_response (self, i);
          responded = FALSE;
          run_first = NULL;
        }
    }
}

/* §4.4 Non-response --------------------------------------------------------------- */

static void
flag_non_response_in_course (EbbTrajectory *self,
                             guint          course_index)
{
  const EbbCourseBaseline *cb = &g_array_index (self->courses, EbbCourseBaseline, course_index);
  GPtrArray *sessions = ebb_timeline_get_sessions (self->timeline);
  const EbbSession *t0 = cb->course->t0;
  const guint needed = t0->route == EBB_ROUTE_INTRANASAL ? INDUCTION_SESSIONS_INTRANASAL : INDUCTION_SESSIONS;
  const gint32 last_day = t0->when.day + INDUCTION_DAYS;
  const EbbSession *end_session = NULL;     /* the nth session, when it came by day 28 */
  const EbbSession *last_given = NULL;
  guint n_given = 0;
  const EbbTrajectoryPoint *previous = NULL;
  int best = G_MAXINT;

  if (!has_baseline (cb))
    return;

  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->status != EBB_SESSION_DONE ||
          ebb_timeline_course_of_session (self->timeline, session) != (int) course_index ||
          session->when.day > last_day)
        continue;
      n_given++;
      last_given = session;
      if (n_given == needed)
        {
          end_session = session;
          break;
        }
    }
  if (n_given < INDUCTION_MIN_SESSIONS)
    return;

  for (guint i = 0; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = point_at (self, i);
      gboolean after_end;

      if (point->course != (int) course_index || !counts_for_response (self, point))
        continue;
      after_end = end_session != NULL
        ? !ebb_timeline_rating_is_before (self->timeline, point->rating, end_session)
        : point->rating->when.day > last_day;
      if (!after_end)
        {
          best = MIN (best, point->rating->total);
          previous = point;
          continue;
        }

      /* The first rating after the end of induction, and the one before it:
       * a brief response early on does not hide a non-response now. */
      best = MIN (best, point->rating->total);
      if (!point->responding && (previous == NULL || !previous->responding))
        {
          EbbFlag *flag = add_flag (self, EBB_FLAG_NON_RESPONSE, point->rating->when.day);
          g_autofree char *from = format_day (t0->when.day);
          g_autofree char *to = format_day (last_given->when.day);
          g_autofree char *need = ebb_describe_response_need (threshold_points (cb), cb->baseline->total,
                                                              self->settings->response_fraction);
          int percent = (int) round ((double) (cb->baseline->total - best) / cb->baseline->total * 100.0);

          flag->detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       /* Translators: "No response after 6 sessions
                                                        * (2026-04-06 to 2026-04-17): best MADRS 27, 16 %
                                                        * below the baseline of 32; response needs 16 or
                                                        * less (half of baseline 32)." */
                                                       "No response after %u session (%s to %s): best %s %d, "
                                                       "%d %% below the baseline of %d; %s.",
                                                       "No response after %u sessions (%s to %s): best %s %d, "
                                                       "%d %% below the baseline of %d; %s.",
                                                       n_given),
                                          n_given, from, to, self->scale->id, best, percent,
                                          cb->baseline->total, need);
          flag->suggestion = g_strdup (_("Decide whether to continue, change the dose or stop."));
          flag->resolved_day = first_later_response (self, i);
        }
      return;
    }
}

static void
flag_non_response (EbbTrajectory *self)
{
  for (guint c = 0; c < self->courses->len; c++)
    flag_non_response_in_course (self, c);
}

/* §4.5 Fades ----------------------------------------------------------------------- */

static EbbFlag *
flag_fade (EbbTrajectory            *self,
           guint                     index,
           int                       nadir,
           const EbbTrajectoryPoint *run_first)
{
  const EbbTrajectoryPoint *point = point_at (self, index);
  const EbbCourseBaseline *course = course_of_point (self, point);
  g_autofree char *session = format_day (point->session ? point->session->when.day : 0);
  g_autofree char *date = format_day (point->rating->when.day);
  g_autofree char *need = ebb_describe_response_need (threshold_points (course), course->baseline->total,
                                                      self->settings->response_fraction);
  g_autofree char *numbers = NULL;
  EbbFlag *flag = add_flag (self, EBB_FLAG_FADED, point->rating->when.day);

  if (run_first != NULL)
    {
      g_autofree char *since = format_day (run_first->rating->when.day);
      g_autofree char *note = setting_note (self->settings, "fade-run-days");
      int span = point->rating->when.day - run_first->rating->when.day;

      numbers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: in brackets after a fade, "not responding
                                               * for 14 days since 2026-03-01, MADRS 18 now; response
                                               * needs 16 or less (half of baseline 32)" */
                                              "not responding for %d day%s since %s, %s %d now; %s",
                                              "not responding for %d days%s since %s, %s %d now; %s",
                                              span),
                                 span, note, since, self->scale->id, point->rating->total, need);
    }
  else
    numbers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* Translators: after a fade, "MADRS 24, 12 points above the
                                             * lowest of 12; response needs 16 or less (half of baseline
                                             * 32)" */
                                            "%s %d, %d point above the lowest of %d; %s",
                                            "%s %d, %d points above the lowest of %d; %s",
                                            point->rating->total - nadir),
                               self->scale->id, point->rating->total, point->rating->total - nadir, nadir, need);

  flag->session_day = point->session ? point->session->when.day : 0;
  flag->resolved_day = first_later_response (self, index);
  if (point->next_session != NULL)
    {
      g_autofree char *next = format_day (point->next_session->when.day);

      flag->next_session_day = point->next_session->when.day;
      flag->has_days_early = TRUE;
      flag->days_early = point->next_session->when.day - point->rating->when.day;
      if (flag->days_early == 0)
        /* Translators: "Response to the 2026-03-02 session had faded by the
         * session on 2026-03-16: …." */
        flag->detail = g_strdup_printf (_("Response to the %s session had faded by the session on %s: %s."),
                                        session, next, numbers);
      else
        flag->detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     /* Translators: "Response to the 2026-03-02 session
                                                      * faded by 2026-03-12, 4 days before the session on
                                                      * 2026-03-16: …." */
                                                     "Response to the %s session faded by %s, %d day before "
                                                     "the session on %s: %s.",
                                                     "Response to the %s session faded by %s, %d days before "
                                                     "the session on %s: %s.",
                                                     flag->days_early),
                                        session, date, flag->days_early, next, numbers);
    }
  else
    flag->detail = g_strdup_printf (_("Response to the %s session faded by %s, and no next session is booked: %s."),
                                    session, date, numbers);
  return flag;
}

/* §4.5: walk the ratings of each course; a responding rating starts an
 * episode; the first that is not responding and at least the meaningful
 * change above the episode's nadir ends it with a fade, and so does a run
 * of ratings all not responding once it spans the fade-run setting. */
static void
find_episodes (EbbTrajectory *self)
{
  EbbEpisode episode = { 0 };
  gboolean in_episode = FALSE;
  const EbbTrajectoryPoint *run_first = NULL;

  self->episodes = g_array_new (FALSE, TRUE, sizeof (EbbEpisode));

  for (guint i = 0; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = point_at (self, i);
      const int total = point->rating->total;

      if (!counts_for_response (self, point))
        continue;
      if (in_episode && point->course != episode.course)
        {
          g_array_append_val (self->episodes, episode);
          in_episode = FALSE;
        }

      if (point->responding)
        {
          if (!in_episode)
            episode = (EbbEpisode) { .course = point->course, .start = i, .fade = G_MAXUINT, .nadir = total };
          in_episode = TRUE;
          episode.nadir = MIN (episode.nadir, total);
          run_first = NULL;
          continue;
        }
      if (!in_episode)
        continue;

      if (run_first == NULL)
        run_first = point;
      if (total - episode.nadir >= self->meaningful_change ||
          point->rating->when.day - run_first->rating->when.day >= self->settings->fade_run_days)
        {
          gboolean by_run = total - episode.nadir < self->meaningful_change;

          episode.fade = i;
          g_array_append_val (self->episodes, episode);
          in_episode = FALSE;
          flag_fade (self, i, episode.nadir, by_run ? run_first : NULL);
          run_first = NULL;
        }
      else
        episode.nadir = MIN (episode.nadir, total);
    }

  if (in_episode)
    g_array_append_val (self->episodes, episode);
}

/* §4.5: when a course's effect lasts less, at the median, than its
 * sessions are apart, say both. */
static void
suggest_for_fades (EbbTrajectory *self)
{
  for (guint i = 0; i < self->flags->len; i++)
    {
      EbbFlag *flag = g_ptr_array_index (self->flags, i);
      const char *action;
      EbbDurability durability;
      int course = -1;

      if (flag->kind != EBB_FLAG_FADED)
        continue;
      action = flag->next_session_day == 0 ? _("Book the next session.")
                                           : _("Consider bringing the next session forward.");
      for (guint e = 0; e < self->episodes->len; e++)
        {
          const EbbEpisode *episode = &g_array_index (self->episodes, EbbEpisode, e);

          if (episode->fade != G_MAXUINT && point_at (self, episode->fade)->rating->when.day == flag->day)
            course = episode->course;
        }
      ebb_trajectory_get_course_durability (self, course, &durability);
      if (flag->next_session_day != 0 && flag->session_day != 0 && !isnan (durability.median_days_to_fade) &&
          durability.median_days_to_fade < flag->next_session_day - flag->session_day)
        {
          g_autofree char *median = format_rate (durability.median_days_to_fade);
          int apart = flag->next_session_day - flag->session_day;

          /* Translators: "Consider bringing the next session forward: the effect
           * has lasted 8 days at the median; sessions are 35 days apart." */
          flag->suggestion = g_strdup_printf (_("%s The effect has lasted %s days at the median; "
                                                "sessions are %d days apart."), action, median, apart);
        }
      else
        flag->suggestion = g_strdup (action);
    }
}

/* §4.8 Projection --------------------------------------------------------------------- */

static void
flag_projection (EbbTrajectory           *self,
                 const EbbCourseBaseline *course)
{
  const EbbProjection *p = &self->projection;
  const EbbTrajectoryPoint *from = point_at (self, p->first_point);
  g_autofree char *fade = format_day (p->fade_day);
  g_autofree char *next = format_day (p->next_session->when.day);
  g_autofree char *start = format_day (from->rating->when.day);
  g_autofree char *slope = format_rate (p->slope);
  g_autofree char *need = ebb_describe_response_need (threshold_points (course), course->baseline->total,
                                                      self->settings->response_fraction);
  EbbFlag *flag = add_flag (self, EBB_FLAG_PROJECTED, p->fade_day);
  int days_early = p->next_session->when.day - p->fade_day;

  flag->interval_day = p->session->when.day;
  flag->before_day = p->next_session->when.day;
  flag->detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: "Projected to fade by 2026-06-05, 11 days
                                                * before the session on 2026-06-16: PHQ-9 rising 0.5 a day
                                                * over 4 ratings from 4 on 2026-05-20; response needs 9 or
                                                * less (half of baseline 19)." */
                                               "Projected to fade by %s, %d day before the session on %s: "
                                               "%s rising %s a day over %u ratings from %d on %s; %s.",
                                               "Projected to fade by %s, %d days before the session on %s: "
                                               "%s rising %s a day over %u ratings from %d on %s; %s.",
                                               days_early),
                                  fade, days_early, next, self->scale->id, slope, p->n_points,
                                  from->rating->total, start, need);
  flag->suggestion = g_strdup (_("Consider bringing the next session forward."));
}

/* Ordinary least squares in exact integers over the points first..last:
 * b = dxy / dxx, and a + b·d = (sy·dxx − dxy·sx + n·dxy·d) / (n·dxx).
 * Returns the first whole day after @latest_x on which the line is above
 * @threshold, or -1 when it never is. */
typedef struct
{
  gint64 n, sx, sy, sxx, sxy;
} Sums;

static gint64
value_numerator (const Sums *s,
                 gint64      dxx,
                 gint64      dxy,
                 gint64      d)
{
  return (s->sy * dxx - dxy * s->sx) + s->n * dxy * d;
}

static gint64
first_day_above (const Sums *s,
                 gint64      latest_x,
                 double      threshold)
{
  const gint64 dxx = s->n * s->sxx - s->sx * s->sx;
  const gint64 dxy = s->n * s->sxy - s->sx * s->sy;
  const double target = threshold * (double) s->n * (double) dxx;
  gint64 d;

  if (dxx <= 0 || dxy <= 0)
    return -1;
  /* A first guess from the real-valued line, then exact steps to the first
   * whole day above it; the guess is at most a step or two off. */
  d = (gint64) floor ((target - (double) (s->sy * dxx - dxy * s->sx)) / (double) (s->n * dxy)) + 1;
  d = MAX (d, latest_x + 1);
  while (d - 1 > latest_x && (double) value_numerator (s, dxx, dxy, d - 1) > target)
    d--;
  while (!((double) value_numerator (s, dxx, dxy, d) > target))
    d++;
  return d;
}

/* The interval open on the as-of day: its last done session and the first
 * booked one after the as-of day, with no other boundary between. */
static gboolean
find_open_interval (EbbTrajectory     *self,
                    const EbbSession **sk,
                    const EbbSession **sk1)
{
  GPtrArray *sessions = ebb_timeline_get_sessions (self->timeline);
  guint sk_index = 0;

  *sk = *sk1 = NULL;
  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->status == EBB_SESSION_DONE && session->when.day <= self->as_of)
        {
          *sk = session;
          sk_index = i;
        }
    }
  if (*sk == NULL)
    return FALSE;
  for (guint i = sk_index + 1; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (EBB_SESSION_IS_BOUNDARY (session))
        {
          if (session->status == EBB_SESSION_SCHEDULED && session->when.day > self->as_of)
            *sk1 = session;
          break;
        }
    }
  return *sk1 != NULL;
}

/* §6: a course recorded as ended is followed up no more. */
static gboolean
course_has_ended (EbbTrajectory    *self,
                  const EbbSession *session)
{
  int c = ebb_timeline_course_of_session (self->timeline, session);

  return c >= 0 && ebb_timeline_get_course (self->timeline, c)->end != NULL;
}

static gboolean
counts_in_interval (const EbbTrajectory      *self,
                    const EbbTrajectoryPoint *point,
                    const EbbSession         *sk)
{
  return point->session == sk && counts_for_response (self, point);
}

/* The ratings of the interval after @sk that count for response: the
 * first and the last, and from the lowest (the latest one if tied) on,
 * which is where the projection starts. */
static gboolean
find_interval_ratings (EbbTrajectory    *self,
                       const EbbSession *sk,
                       guint            *lowest,
                       guint            *last)
{
  guint first = G_MAXUINT;

  for (guint i = 0; i < self->points->len; i++)
    {
      if (counts_in_interval (self, point_at (self, i), sk))
        {
          if (first == G_MAXUINT)
            first = i;
          *last = i;
        }
    }
  if (first == G_MAXUINT)
    return FALSE;

  *lowest = first;
  for (guint i = first; i <= *last; i++)
    {
      const EbbTrajectoryPoint *point = point_at (self, i);

      if (counts_in_interval (self, point, sk) &&
          point->rating->total <= point_at (self, *lowest)->rating->total)
        *lowest = i;
    }
  return TRUE;
}

/* The sums for the least-squares line through the ratings from @from to
 * @last, x in days since @sk; @latest_x is the last rating's. */
static void
sum_interval_ratings (EbbTrajectory    *self,
                      const EbbSession *sk,
                      guint             from,
                      guint             last,
                      Sums             *sums,
                      gint64           *latest_x)
{
  *sums = (Sums) { 0 };
  for (guint i = from; i <= last; i++)
    {
      const EbbTrajectoryPoint *point = point_at (self, i);
      gint64 x, y;

      if (!counts_in_interval (self, point, sk))
        continue;
      x = point->rating->when.day - sk->when.day;
      y = point->rating->total;
      sums->n++;
      sums->sx += x;
      sums->sy += y;
      sums->sxx += x * x;
      sums->sxy += x * y;
      *latest_x = x;
    }
}

/* §4.8: in the interval open on the as-of day, a patient still responding
 * whose ratings since the lowest rise towards the response threshold is
 * projected to fade; flagged when that comes before the next session. */
static void
project (EbbTrajectory *self)
{
  EbbProjection *p = &self->projection;
  const EbbSession *sk, *sk1;
  const EbbCourseBaseline *course;
  guint lowest, last;
  Sums sums;
  gint64 latest_x = 0, fade;

  if (!find_open_interval (self, &sk, &sk1) || course_has_ended (self, sk))
    return;
  if (!find_interval_ratings (self, sk, &lowest, &last) || !point_at (self, last)->responding)
    return;
  course = course_of_point (self, point_at (self, last));

  sum_interval_ratings (self, sk, lowest, last, &sums, &latest_x);
  if (sums.n < PROJECTION_MIN_RATINGS || sums.n * sums.sxx - sums.sx * sums.sx == 0)
    return;

  self->has_projection = TRUE;
  p->session = sk;
  p->next_session = sk1;
  p->first_point = lowest;
  p->last_point = last;
  p->n_points = (guint) sums.n;
  p->slope = (double) (sums.n * sums.sxy - sums.sx * sums.sy) / (double) (sums.n * sums.sxx - sums.sx * sums.sx);
  p->intercept = ((double) sums.sy - p->slope * (double) sums.sx) / (double) sums.n;
  p->fade_day = 0;

  fade = first_day_above (&sums, latest_x, course->threshold + THRESHOLD_EPSILON);
  if (fade < 0 || sk->when.day + fade >= G_MAXINT32)
    return;
  p->fade_day = (gint32) (sk->when.day + fade);
  if (p->fade_day < sk1->when.day)
    flag_projection (self, course);
}

/* Construction ---------------------------------------------------------------------- */

static int
compare_flags_by_day (gconstpointer a,
                      gconstpointer b)
{
  const EbbFlag *fa = *(const EbbFlag **) a;
  const EbbFlag *fb = *(const EbbFlag **) b;

  if ((fa->kind == EBB_FLAG_PROJECTED) != (fb->kind == EBB_FLAG_PROJECTED))
    return fa->kind == EBB_FLAG_PROJECTED ? 1 : -1;
  if (fa->day != fb->day)
    return fa->day < fb->day ? -1 : 1;
  return (int) fa->kind - (int) fb->kind;
}

/**
 * ebb_trajectory_new_for_timeline:
 * @timeline: the patient's timeline, as of the day the question is asked
 * @scale: the scale to follow
 *
 * Applies the clinical rules to one patient and one scale.
 */
EbbTrajectory *
ebb_trajectory_new_for_timeline (EbbTimeline    *timeline,
                                 const EbbScale *scale)
{
  EbbTrajectory *self;

  g_return_val_if_fail (timeline != NULL, NULL);
  g_return_val_if_fail (scale != NULL, NULL);

  self = g_new0 (EbbTrajectory, 1);
  self->timeline = ebb_timeline_ref (timeline);
  self->scale = scale;
  self->settings = ebb_timeline_get_settings (timeline);
  self->as_of = ebb_timeline_get_as_of (timeline);
  self->meaningful_change = ebb_rule_settings_meaningful_change (self->settings, scale);
  self->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);

  find_baselines (self);
  build_points (self);
  flag_suicide_items (self);
  if (scale->efficacy)
    {
      flag_worsening (self);
      flag_relapses (self);
      flag_non_response (self);
      find_episodes (self);
      suggest_for_fades (self);
      project (self);
    }
  else
    self->episodes = g_array_new (FALSE, TRUE, sizeof (EbbEpisode));

  for (guint i = 0; i < self->flags->len; i++)
    ebb_timeline_settle_flag (timeline, g_ptr_array_index (self->flags, i));
  g_ptr_array_sort (self->flags, compare_flags_by_day);
  return self;
}

/**
 * ebb_trajectory_new_for_records:
 * @records: the patient's records; the arrays are held, not copied
 * @as_of_day: the day the question is asked on
 * @settings: (nullable): the clinic's rule settings, %NULL for the defaults
 */
EbbTrajectory *
ebb_trajectory_new_for_records (const EbbPatientRecords *records,
                                const EbbScale          *scale,
                                gint32                   as_of_day,
                                const EbbRuleSettings   *settings)
{
  g_autoptr(EbbTimeline) timeline = NULL;

  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (scale != NULL, NULL);
  g_return_val_if_fail (as_of_day > 0, NULL);

  timeline = ebb_timeline_new (records, as_of_day, settings);
  return ebb_trajectory_new_for_timeline (timeline, scale);
}

/**
 * ebb_trajectory_new:
 * @sessions: (element-type EbbSession): the patient's sessions, any order
 * @scores: (element-type EbbRating): the patient's ratings, any scale, any order
 *
 * The same as ebb_trajectory_new_for_records() for a patient with no
 * recorded course ends and no decisions.
 */
EbbTrajectory *
ebb_trajectory_new (const EbbPatient      *patient,
                    const EbbScale        *scale,
                    GPtrArray             *sessions,
                    GPtrArray             *ratings,
                    gint32                 as_of_day,
                    const EbbRuleSettings *settings)
{
  EbbPatientRecords records = { patient, sessions, ratings, NULL, NULL };

  g_return_val_if_fail (patient != NULL, NULL);
  return ebb_trajectory_new_for_records (&records, scale, as_of_day, settings);
}

void
ebb_trajectory_free (EbbTrajectory *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->timeline, ebb_timeline_unref);
  g_clear_pointer (&self->courses, g_array_unref);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->episodes, g_array_unref);
  g_clear_pointer (&self->flags, g_ptr_array_unref);
  g_free (self);
}

/* Accessors ------------------------------------------------------------------------ */

EbbTimeline *
ebb_trajectory_get_timeline (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->timeline;
}

const EbbPatient *
ebb_trajectory_get_patient (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return ebb_timeline_get_patient (self->timeline);
}

const EbbScale *
ebb_trajectory_get_scale (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->scale;
}

gint32
ebb_trajectory_get_as_of (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->as_of;
}

guint
ebb_trajectory_get_n_courses (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->courses->len;
}

const EbbCourseBaseline *
ebb_trajectory_get_course (const EbbTrajectory *self,
                           guint                index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->courses->len, NULL);
  return &g_array_index (self->courses, EbbCourseBaseline, index);
}

/* The current course: the latest up to the as-of day, or NULL. */
static const EbbCourseBaseline *
current_course (const EbbTrajectory *self)
{
  if (self->courses->len == 0)
    return NULL;
  return &g_array_index (self->courses, EbbCourseBaseline, self->courses->len - 1);
}

/* Returns: (nullable): the first done session of the current course */
const EbbSession *
ebb_trajectory_get_treatment_start (const EbbTrajectory *self)
{
  const EbbCourseBaseline *course;

  g_return_val_if_fail (self != NULL, NULL);
  course = current_course (self);
  return course != NULL ? course->course->t0 : NULL;
}

EbbBaselineStatus
ebb_trajectory_get_baseline_status (const EbbTrajectory *self)
{
  const EbbCourseBaseline *course;

  g_return_val_if_fail (self != NULL, EBB_BASELINE_NONE);
  if (!self->scale->efficacy)
    return EBB_BASELINE_NOT_EFFICACY;
  course = current_course (self);
  return course != NULL ? course->baseline_status : EBB_BASELINE_NO_TREATMENT;
}

/* Returns: (nullable): the current course's baseline when the status is OK or ZERO */
const EbbRating *
ebb_trajectory_get_baseline (const EbbTrajectory *self)
{
  const EbbCourseBaseline *course;

  g_return_val_if_fail (self != NULL, NULL);
  course = current_course (self);
  return course != NULL ? course->baseline : NULL;
}

/* The lowest two bands: a response from there is a small number of
 * points, which the summary says (§3). */
static gboolean
baseline_only_mild (const EbbTrajectory *self,
                    int                  baseline)
{
  const EbbBand *band = ebb_scale_band_for (self->scale, baseline);

  return self->scale->n_bands >= 3 && band != NULL &&
         (band == &self->scale->bands[0] || band == &self->scale->bands[1]);
}

/* The baseline in words, or why there is none. */
char *
ebb_trajectory_describe_baseline (const EbbTrajectory *self)
{
  const EbbCourseBaseline *course;
  g_autofree char *t0 = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  course = current_course (self);
  if (course != NULL)
    t0 = format_day (course->course->t0->when.day);

  switch (ebb_trajectory_get_baseline_status (self))
    {
    case EBB_BASELINE_OK:
      {
        g_autofree char *date = format_day (course->baseline->when.day);

        if (baseline_only_mild (self, course->baseline->total))
          /* Translators: "PHQ-9 8 on 2026-01-05 (baseline only mild: response
           * means 4 or less)" */
          return g_strdup_printf (_("%s %d on %s (baseline only mild: response means %d or less)"),
                                  self->scale->id, course->baseline->total, date, threshold_points (course));
        /* Translators: a baseline rating, "MADRS 30 on 2026-01-05" */
        return g_strdup_printf (_("%s %d on %s"), self->scale->id, course->baseline->total, date);
      }
    case EBB_BASELINE_NO_TREATMENT:
      return g_strdup (_("no baseline: no session has been done yet"));
    case EBB_BASELINE_NONE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: "no baseline: no MADRS rating in the 30
                                            * days up to the course's first session (2026-01-05)"; in
                                            * lower case, as it is also used inside a sentence */
                                           "no baseline: no %s rating in the %d day up to the course's first session (%s)",
                                           "no baseline: no %s rating in the %d days up to the course's first session (%s)",
                                           self->settings->baseline_window_days),
                              self->scale->id, self->settings->baseline_window_days, t0);
    case EBB_BASELINE_ZERO:
      return g_strdup_printf (_("no baseline: the %s rating before the course's first session (%s) is 0, "
                                "so change cannot be measured"), self->scale->id, t0);
    case EBB_BASELINE_NOT_EFFICACY:
      return g_strdup_printf (_("%s measures side effects; it is not used for response"), self->scale->id);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_trajectory_describe_response_level:
 *
 * Returns: (transfer full) (nullable): "response needs 10 or less (half of
 *   baseline 21)" for the current course, or %NULL without a baseline
 */
char *
ebb_trajectory_describe_response_level (const EbbTrajectory *self)
{
  const EbbCourseBaseline *course;

  g_return_val_if_fail (self != NULL, NULL);
  course = current_course (self);
  if (!has_baseline (course))
    return NULL;
  return ebb_describe_response_need (threshold_points (course), course->baseline->total,
                                     self->settings->response_fraction);
}

/**
 * ebb_trajectory_describe_relapse_level:
 *
 * What a score at relapse level (§3) is for the current course, in words
 * and with the level the two criteria make together: on MADRS a score of
 * 22 or more counts whatever the baseline, so when that is the lower bar
 * it is the one named.
 *
 * Returns: (transfer full) (nullable): the description, or %NULL without
 *   a baseline
 */
char *
ebb_trajectory_describe_relapse_level (const EbbTrajectory *self)
{
  const EbbCourseBaseline *course;
  int baseline, by_change;

  g_return_val_if_fail (self != NULL, NULL);

  course = current_course (self);
  if (!has_baseline (course))
    return NULL;
  baseline = course->baseline->total;
  /* Scores are whole numbers: the first above 0.75 × B. */
  by_change = baseline * 3 / 4 + 1;
  if (g_str_equal (self->scale->id, "MADRS") && MADRS_RELAPSE_SCORE < by_change)
    /* Translators: what relapse level is, "a MADRS score of 22 or more (less than
     * 25 % better than the baseline of 41 would be 31 or more)" */
    return g_strdup_printf (_("a MADRS score of %d or more (less than 25 %% better than the "
                              "baseline of %d would be %d or more)"),
                            MADRS_RELAPSE_SCORE, baseline, by_change);
  /* Translators: what relapse level is, "a score of 23 or more: less than 25 %
   * better than the baseline of 30" */
  return g_strdup_printf (_("a score of %d or more: less than 25 %% better than the baseline of %d"),
                          by_change, baseline);
}

/* Returns: B × (1 − r) of the current course, or NAN without a baseline */
double
ebb_trajectory_get_threshold (const EbbTrajectory *self)
{
  const EbbCourseBaseline *course;

  g_return_val_if_fail (self != NULL, NAN);
  course = current_course (self);
  return has_baseline (course) ? course->threshold : NAN;
}

/* Returns: the highest whole score that counts as responding, or -1 */
int
ebb_trajectory_get_threshold_points (const EbbTrajectory *self)
{
  const EbbCourseBaseline *course;

  g_return_val_if_fail (self != NULL, -1);
  course = current_course (self);
  return has_baseline (course) ? threshold_points (course) : -1;
}

int
ebb_trajectory_get_meaningful_change (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->meaningful_change;
}

double
ebb_trajectory_get_response_fraction (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->settings->response_fraction;
}

int
ebb_trajectory_get_remission_max (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, -1);
  return ebb_rule_settings_remission_max (self->settings, self->scale);
}

guint
ebb_trajectory_get_n_points (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->points->len;
}

const EbbTrajectoryPoint *
ebb_trajectory_get_point (const EbbTrajectory *self,
                          guint                index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->points->len, NULL);
  return point_at (self, index);
}

GPtrArray *
ebb_trajectory_get_sessions (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return ebb_timeline_get_sessions (self->timeline);
}

guint
ebb_trajectory_get_n_episodes (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->episodes->len;
}

const EbbEpisode *
ebb_trajectory_get_episode (const EbbTrajectory *self,
                            guint                index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->episodes->len, NULL);
  return &g_array_index (self->episodes, EbbEpisode, index);
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/**
 * ebb_trajectory_get_course_durability:
 * @course: a course index, or -1 for none
 *
 * Durability: of a course's response episodes, how many faded, and the
 * median days from the session before the fade (the last dose) to the
 * fade.
 */
void
ebb_trajectory_get_course_durability (const EbbTrajectory *self,
                                      int                  course,
                                      EbbDurability       *durability)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (int));

  g_return_if_fail (self != NULL);
  g_return_if_fail (durability != NULL);

  durability->n_episodes = 0;
  durability->n_faded = 0;
  durability->median_days_to_fade = NAN;

  for (guint i = 0; i < self->episodes->len; i++)
    {
      const EbbEpisode *episode = &g_array_index (self->episodes, EbbEpisode, i);
      const EbbTrajectoryPoint *fade;
      int d;

      if (episode->course != course)
        continue;
      durability->n_episodes++;
      if (episode->fade == G_MAXUINT)
        continue;
      fade = point_at (self, episode->fade);
      durability->n_faded++;
      if (fade->session == NULL)
        continue;
      d = fade->rating->when.day - fade->session->when.day;
      g_array_append_val (days, d);
    }

  if (days->len > 0)
    {
      g_array_sort (days, compare_ints);
      if (days->len % 2 == 1)
        durability->median_days_to_fade = g_array_index (days, int, days->len / 2);
      else
        durability->median_days_to_fade = (g_array_index (days, int, days->len / 2 - 1) +
                                           g_array_index (days, int, days->len / 2)) / 2.0;
    }
}

/* Durability of the current course. */
void
ebb_trajectory_get_durability (const EbbTrajectory *self,
                               EbbDurability       *durability)
{
  g_return_if_fail (self != NULL);
  ebb_trajectory_get_course_durability (self, (int) self->courses->len - 1, durability);
}

/* Returns: (nullable): the trend in the interval open on the as-of date */
const EbbProjection *
ebb_trajectory_get_projection (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->has_projection ? &self->projection : NULL;
}

/* The latest rating that counts for response, in the current course. */
static const EbbTrajectoryPoint *
latest_point (const EbbTrajectory *self)
{
  for (guint i = self->points->len; i-- > 0; )
    {
      const EbbTrajectoryPoint *point = point_at (self, i);

      if (point->post_dose)
        continue;
      return point->after_t0 && point->course == (int) self->courses->len - 1 ? point : NULL;
    }
  return NULL;
}

/* The status of the latest rating in the current course. */
EbbResponseStatus
ebb_trajectory_get_status (const EbbTrajectory *self)
{
  const EbbTrajectoryPoint *latest;

  g_return_val_if_fail (self != NULL, EBB_STATUS_NO_BASELINE);

  if (ebb_trajectory_get_baseline_status (self) != EBB_BASELINE_OK)
    return EBB_STATUS_NO_BASELINE;
  latest = latest_point (self);
  if (latest == NULL)
    return EBB_STATUS_NOT_RESPONDING;
  if (latest->remission)
    return EBB_STATUS_REMISSION;
  return latest->responding ? EBB_STATUS_RESPONDING : EBB_STATUS_NOT_RESPONDING;
}

/* Returns: the lowest rating of the current course after its start, or -1 */
int
ebb_trajectory_get_nadir (const EbbTrajectory *self)
{
  int nadir = -1;

  g_return_val_if_fail (self != NULL, -1);

  for (guint i = 0; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = point_at (self, i);

      if (point->after_t0 && !point->post_dose && point->course == (int) self->courses->len - 1 &&
          (nadir < 0 || point->rating->total < nadir))
        nadir = point->rating->total;
    }
  return nadir;
}

/* Returns: (nullable): the first booked session on or after the as-of date */
const EbbSession *
ebb_trajectory_get_next_session (const EbbTrajectory *self)
{
  GPtrArray *sessions;

  g_return_val_if_fail (self != NULL, NULL);

  sessions = ebb_timeline_get_sessions (self->timeline);
  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->status == EBB_SESSION_SCHEDULED && session->when.day >= self->as_of)
        return session;
    }
  return NULL;
}

GPtrArray *
ebb_trajectory_get_flags (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->flags;
}
