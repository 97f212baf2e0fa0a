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

struct _EbbTrajectory
{
  EbbPatient        *patient;
  const EbbScale    *scale;
  EbbRuleSettings    settings;
  gint32             as_of;

  GPtrArray         *input_sessions; /* the caller's arrays, held so that the */
  GPtrArray         *input_scores;   /* borrowed rows below stay valid */
  GPtrArray         *sessions;      /* EbbSession*, borrowed, in time order */
  GPtrArray         *scores;        /* EbbScore*, borrowed, this scale, in time order */
  GArray            *points;        /* EbbTrajectoryPoint */
  GArray            *episodes;      /* EbbEpisode */
  GPtrArray         *flags;         /* EbbFlag* */

  const EbbSession  *t0;
  const EbbScore    *baseline;
  EbbBaselineStatus  baseline_status;
  double             threshold;
  int                meaningful_change;

  EbbProjection      projection;
  gboolean           has_projection;
};

void
ebb_rule_settings_init_defaults (EbbRuleSettings *settings)
{
  g_return_if_fail (settings != NULL);

  memset (settings, 0, sizeof *settings);
  settings->response_fraction = 0.50;
  settings->baseline_window_days = 30;
}

static guint
scale_position (const EbbScale *scale)
{
  guint n;
  const EbbScale * const *all = ebb_scale_all (&n);

  for (guint i = 0; i < n; i++)
    if (all[i] == scale)
      return i;
  g_assert_not_reached ();
}

int
ebb_rule_settings_meaningful_change (const EbbRuleSettings *settings,
                                     const EbbScale        *scale)
{
  int value;

  g_return_val_if_fail (settings != NULL, 0);
  g_return_val_if_fail (scale != NULL, 0);

  value = settings->meaningful_change[scale_position (scale)];
  return value > 0 ? value : scale->meaningful_change;
}

void
ebb_rule_settings_set_meaningful_change (EbbRuleSettings *settings,
                                         const EbbScale  *scale,
                                         int              points)
{
  g_return_if_fail (settings != NULL);
  g_return_if_fail (scale != NULL);
  g_return_if_fail (points >= 0);

  settings->meaningful_change[scale_position (scale)] = points;
}

/* Flags ------------------------------------------------------------------ */

/* The kinds' ids, in CSV and JSON output: never translated. */
static const char * const flag_kind_names[] = {
  [EBB_FLAG_SUICIDE_ITEM] = "suicide-item",
  [EBB_FLAG_PROJECTED] = "projected",
  [EBB_FLAG_FADED] = "faded",
  [EBB_FLAG_RELAPSE] = "relapse",
};

const char *
ebb_flag_kind_to_string (EbbFlagKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (flag_kind_names), NULL);
  return flag_kind_names[kind];
}

void
ebb_flag_free (EbbFlag *flag)
{
  if (flag == NULL)
    return;
  g_free (flag->detail);
  g_free (flag->patient_code);
  g_free (flag);
}

EbbFlag *
ebb_flag_copy (const EbbFlag *flag)
{
  EbbFlag *copy;

  g_return_val_if_fail (flag != NULL, NULL);

  copy = g_memdup2 (flag, sizeof *flag);
  copy->detail = g_strdup (flag->detail);
  copy->patient_code = g_strdup (flag->patient_code);
  return copy;
}

/* The order of the command line's CSV: patient, scale, date, kind. */
int
ebb_flag_compare_for_csv (const EbbFlag *a,
                          const EbbFlag *b)
{
  int cmp;

  if ((cmp = g_strcmp0 (a->patient_code, b->patient_code)) != 0)
    return cmp;
  if ((cmp = strcmp (a->scale->id, b->scale->id)) != 0)
    return cmp;
  if (a->day != b->day)
    return a->day < b->day ? -1 : 1;
  return strcmp (ebb_flag_kind_to_string (a->kind), ebb_flag_kind_to_string (b->kind));
}

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

/* Order ------------------------------------------------------------------ */

static int
compare_sessions (gconstpointer a,
                  gconstpointer b)
{
  const EbbSession *sa = *(const EbbSession **) a;
  const EbbSession *sb = *(const EbbSession **) b;

  if (sa->when.day != sb->when.day)
    return sa->when.day < sb->when.day ? -1 : 1;
  if (sa->when.second != sb->when.second)
    return sa->when.second < sb->when.second ? -1 : 1;
  return sa->id < sb->id ? -1 : sa->id > sb->id;
}

static int
compare_scores (gconstpointer a,
                gconstpointer b)
{
  const EbbScore *sa = *(const EbbScore **) a;
  const EbbScore *sb = *(const EbbScore **) b;

  if (sa->when.day != sb->when.day)
    return sa->when.day < sb->when.day ? -1 : 1;
  if (sa->when.second != sb->when.second)
    return sa->when.second < sb->when.second ? -1 : 1;
  return sa->id < sb->id ? -1 : sa->id > sb->id;
}

/* Clinical rules §2: a rating on a session's day counts as taken before
 * that session (the usual pre-dose rating) unless both have a time and the
 * rating's is later. */
static gboolean
score_is_before_session (const EbbScore   *score,
                         const EbbSession *session)
{
  if (score->when.day != session->when.day)
    return score->when.day < session->when.day;
  if (EBB_WHEN_HAS_TIME (&score->when) && EBB_WHEN_HAS_TIME (&session->when))
    return score->when.second <= session->when.second;
  return TRUE;
}

static gboolean
is_responding (const EbbTrajectory *self,
               int                  total)
{
  return total <= self->threshold + THRESHOLD_EPSILON;
}

/* Relapse level (§4): improvement below 25 % (score > 0.75 × B) or, on
 * MADRS, a score of 22 or more. */
static gboolean
is_relapse_level (const EbbTrajectory *self,
                  int                  total)
{
  const int baseline = self->baseline->total;

  if (total * 4 > baseline * 3)
    return TRUE;
  return g_str_equal (self->scale->id, "MADRS") && total >= MADRS_RELAPSE_SCORE;
}

static char *
format_day (gint32 day)
{
  return day > 0 ? ebb_date_format (day) : g_strdup ("");
}

/* 16 rather than 16.000000, 16.5 rather than 16.500000. */
static char *
format_points (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4g", value));
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

static EbbFlag *
add_flag (EbbTrajectory *self,
          EbbFlagKind    kind,
          gint32         day)
{
  EbbFlag *flag = g_new0 (EbbFlag, 1);

  flag->kind = kind;
  flag->scale = self->scale;
  flag->day = day;
  flag->patient_code = g_strdup (self->patient->code);
  g_ptr_array_add (self->flags, flag);
  return flag;
}

/* Input ------------------------------------------------------------------ */

/* Data after the as-of date is ignored, except scheduled sessions: they
 * are what the patient is booked for. */
static void
collect_input (EbbTrajectory *self,
               GPtrArray     *sessions,
               GPtrArray     *scores)
{
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->when.day <= self->as_of || session->status == EBB_SESSION_SCHEDULED)
        g_ptr_array_add (self->sessions, (gpointer) session);
    }
  g_ptr_array_sort (self->sessions, compare_sessions);

  for (guint i = 0; scores != NULL && i < scores->len; i++)
    {
      const EbbScore *score = g_ptr_array_index (scores, i);

      if (score->when.day <= self->as_of && ebb_scale_lookup (score->scale_id) == self->scale)
        g_ptr_array_add (self->scores, (gpointer) score);
    }
  g_ptr_array_sort (self->scores, compare_scores);
}

static void
find_baseline (EbbTrajectory *self)
{
  for (guint i = 0; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (session->status == EBB_SESSION_DONE)
        {
          self->t0 = session;
          break;
        }
    }

  if (!self->scale->efficacy)
    {
      self->baseline_status = EBB_BASELINE_NOT_EFFICACY;
      return;
    }
  if (self->t0 == NULL)
    {
      self->baseline_status = EBB_BASELINE_NO_TREATMENT;
      return;
    }

  /* The latest rating before T0, and at most the window's days before it. */
  for (guint i = 0; i < self->scores->len; i++)
    {
      const EbbScore *score = g_ptr_array_index (self->scores, i);

      if (!score_is_before_session (score, self->t0))
        break;
      if (self->t0->when.day - score->when.day <= self->settings.baseline_window_days)
        self->baseline = score;
    }

  if (self->baseline == NULL)
    self->baseline_status = EBB_BASELINE_NONE;
  else if (self->baseline->total == 0)
    self->baseline_status = EBB_BASELINE_ZERO;
  else
    {
      self->baseline_status = EBB_BASELINE_OK;
      self->threshold = self->baseline->total * (1.0 - self->settings.response_fraction);
    }
}

static gboolean
has_suicide_alert (const EbbScale *scale,
                   const EbbScore *score)
{
  return scale->alert_item > 0 &&
         score->n_items == scale->n_items &&
         score->items[scale->alert_item - 1] >= scale->alert_min;
}

static void
build_points (EbbTrajectory *self)
{
  const gboolean have_baseline = self->baseline_status == EBB_BASELINE_OK;
  const EbbSession *last_done = NULL;
  guint next = 0;   /* first session not before the current rating */

  for (guint i = 0; i < self->scores->len; i++)
    {
      const EbbScore *score = g_ptr_array_index (self->scores, i);
      EbbTrajectoryPoint point = { .score = score, .change_percent = NAN };

      /* Ratings come in time order, so the sessions before each one only
       * ever grow: one pass over both lists. */
      while (next < self->sessions->len &&
             !score_is_before_session (score, g_ptr_array_index (self->sessions, next)))
        {
          const EbbSession *session = g_ptr_array_index (self->sessions, next);

          if (session->status == EBB_SESSION_DONE)
            last_done = session;
          next++;
        }
      point.session = last_done;

      for (guint j = next; j < self->sessions->len; j++)
        {
          const EbbSession *session = g_ptr_array_index (self->sessions, j);

          if (EBB_SESSION_IS_BOUNDARY (session))
            {
              point.next_session = session;
              break;
            }
        }

      point.after_t0 = self->t0 != NULL && !score_is_before_session (score, self->t0);
      if (have_baseline)
        {
          point.change_percent = (double) (self->baseline->total - score->total) / self->baseline->total * 100.0;
          point.responding = point.after_t0 && is_responding (self, score->total);
        }
      point.remission = self->scale->efficacy && ebb_scale_is_remission (self->scale, score->total);
      point.suicide_alert = has_suicide_alert (self->scale, score);

      g_array_append_val (self->points, point);
    }
}

/* Rules ------------------------------------------------------------------ */

static void
flag_suicide_items (EbbTrajectory *self)
{
  for (guint i = 0; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = &g_array_index (self->points, EbbTrajectoryPoint, i);
      g_autofree char *date = NULL;
      EbbFlag *flag;

      if (!point->suicide_alert)
        continue;

      date = format_day (point->score->when.day);
      flag = add_flag (self, EBB_FLAG_SUICIDE_ITEM, point->score->when.day);
      /* Translators: "MADRS item 10 (suicidal thoughts) was 4 on 2026-03-02, at
       * or above the alert level of 4: …" */
      flag->detail = g_strdup_printf (_("%s item %u (%s) was %d on %s, at or above the alert level of %d: "
                                        "assess suicide risk now."),
                                      self->scale->id, self->scale->alert_item,
                                      ebb_scale_get_alert_item_label (self->scale),
                                      point->score->items[self->scale->alert_item - 1],
                                      date, self->scale->alert_min);
    }
}

static void
flag_fade (EbbTrajectory            *self,
           const EbbTrajectoryPoint *point,
           int                       nadir)
{
  g_autofree char *session = format_day (point->session ? point->session->when.day : 0);
  g_autofree char *date = format_day (point->score->when.day);
  g_autofree char *threshold = format_points (self->threshold);
  /* Translators: in brackets after a fade, "MADRS 24 against a threshold of
   * 16; lowest 12" */
  g_autofree char *numbers = g_strdup_printf (_("%s %d against a threshold of %s; lowest %d"),
                                              self->scale->id, point->score->total,
                                              threshold, nadir);
  EbbFlag *flag = add_flag (self, EBB_FLAG_FADED, point->score->when.day);

  flag->session_day = point->session ? point->session->when.day : 0;
  if (point->next_session != NULL)
    {
      g_autofree char *next = format_day (point->next_session->when.day);

      flag->next_session_day = point->next_session->when.day;
      flag->has_days_early = TRUE;
      flag->days_early = point->next_session->when.day - point->score->when.day;
      if (flag->days_early == 0)
        /* Translators: the first two %s are dates, the last the numbers, "MADRS
         * 24 against a threshold of 16; lowest 12" */
        flag->detail = g_strdup_printf (_("Response to the %s session had faded by the session on %s (%s)."),
                                        session, next, numbers);
      else
        flag->detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     /* Translators: "Response to the 2026-03-02 session
                                                      * faded by 2026-03-12, 4 days before the session on
                                                      * 2026-03-16 (MADRS 24 against a threshold of 16;
                                                      * lowest 12)." */
                                                     "Response to the %s session faded by %s, %d day before "
                                                     "the session on %s (%s).",
                                                     "Response to the %s session faded by %s, %d days before "
                                                     "the session on %s (%s).",
                                                     flag->days_early),
                                        session, date, flag->days_early,
                                        next, numbers);
    }
  else
    {
      flag->detail = g_strdup_printf (_("Response to the %s session faded by %s, and no next session is booked (%s)."),
                                      session, date, numbers);
    }
}

/* §3–§4: walk the ratings after T0; a responding rating starts an episode;
 * the first rating that is not responding and at least the meaningful
 * change above the episode's nadir ends it with a fade.  A smaller rise is
 * a wobble and the episode goes on. */
static void
find_episodes (EbbTrajectory *self)
{
  EbbEpisode episode = { 0 };
  gboolean in_episode = FALSE;

  if (self->baseline_status != EBB_BASELINE_OK)
    return;

  for (guint i = 0; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = &g_array_index (self->points, EbbTrajectoryPoint, i);
      const int total = point->score->total;

      if (!point->after_t0)
        continue;

      if (!in_episode)
        {
          if (point->responding)
            {
              episode = (EbbEpisode) { .start = i, .fade = G_MAXUINT, .nadir = total };
              in_episode = TRUE;
            }
        }
      else if (!point->responding && total - episode.nadir >= self->meaningful_change)
        {
          episode.fade = i;
          g_array_append_val (self->episodes, episode);
          in_episode = FALSE;
          flag_fade (self, point, episode.nadir);
        }
      else
        {
          episode.nadir = MIN (episode.nadir, total);
        }
    }

  if (in_episode)
    g_array_append_val (self->episodes, episode);
}

/* Scores are whole numbers, so "more than 0.75 × B" reads better as the
 * first whole score above it; and say which criterion the pair met. */
static char *
describe_relapse_level (const EbbTrajectory *self,
                        int                  first,
                        int                  second)
{
  const int baseline = self->baseline->total;
  const int lowest_level = baseline * 3 / 4 + 1;
  const gboolean by_change = first >= lowest_level && second >= lowest_level;

  if (by_change)
    /* Translators: why two ratings are at relapse level, in brackets after them */
    return g_strdup_printf (_("both %d or more: less than 25%% better than the baseline of %d"),
                            lowest_level, baseline);
  if (first >= MADRS_RELAPSE_SCORE && second >= MADRS_RELAPSE_SCORE)
    return g_strdup_printf (_("both %d or more on MADRS"), MADRS_RELAPSE_SCORE);
  return g_strdup_printf (_("each %d or more (less than 25%% better than the baseline of %d) "
                            "or %d or more on MADRS"), lowest_level, baseline, MADRS_RELAPSE_SCORE);
}

/**
 * ebb_trajectory_describe_relapse_level:
 *
 * What a score at relapse level (§4) is for this trajectory, in words and
 * with the level the two criteria make together: on MADRS a score of 22
 * or more counts whatever the baseline, so when that is the lower bar it
 * is the one named.
 *
 * Returns: (transfer full) (nullable): the description, or %NULL without
 *   a baseline
 */
char *
ebb_trajectory_describe_relapse_level (const EbbTrajectory *self)
{
  int baseline, by_change;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->baseline == NULL || self->baseline_status != EBB_BASELINE_OK)
    return NULL;
  baseline = self->baseline->total;
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

/* §4 relapse: once the patient has responded, two consecutive ratings 5–15
 * days apart both at relapse level.  A further relapse needs a new response
 * first. */
static void
find_relapses (EbbTrajectory *self)
{
  const EbbTrajectoryPoint *pending = NULL;   /* previous rating, at relapse level after a response */
  gboolean responded = FALSE;

  if (self->baseline_status != EBB_BASELINE_OK)
    return;

  for (guint i = 0; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = &g_array_index (self->points, EbbTrajectoryPoint, i);
      const int total = point->score->total;
      gboolean level;

      if (!point->after_t0)
        continue;

      level = is_relapse_level (self, total);
      if (pending != NULL && level)
        {
          const int gap = point->score->when.day - pending->score->when.day;

          if (gap >= 5 && gap <= 15)
            {
              g_autofree char *first = format_day (pending->score->when.day);
              g_autofree char *second = format_day (point->score->when.day);
              g_autofree char *why = describe_relapse_level (self, pending->score->total, total);
              EbbFlag *flag = add_flag (self, EBB_FLAG_RELAPSE, point->score->when.day);

              flag->detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           /* Translators: "Two ratings 7 days apart at
                                                            * relapse level after a response: MADRS 30 on
                                                            * 2026-04-01 and 31 on 2026-04-08 (both 27 or
                                                            * more: …)." */
                                                           "Two ratings %d day apart at relapse level after a response: "
                                                           "%s %d on %s and %d on %s (%s).",
                                                           "Two ratings %d days apart at relapse level after a response: "
                                                           "%s %d on %s and %d on %s (%s).",
                                                           gap),
                                              gap, self->scale->id, pending->score->total, first,
                                              total, second, why);
              responded = FALSE;
              pending = NULL;
              continue;
            }
        }

      if (point->responding)
        responded = TRUE;
      pending = (responded && level) ? point : NULL;
    }
}

static void
flag_projection (EbbTrajectory *self)
{
  const EbbProjection *p = &self->projection;
  const EbbTrajectoryPoint *from = &g_array_index (self->points, EbbTrajectoryPoint, p->first_point);
  g_autofree char *fade = format_day (p->fade_day);
  g_autofree char *next = format_day (p->next_session->when.day);
  g_autofree char *start = format_day (from->score->when.day);
  g_autofree char *threshold = format_points (self->threshold);
  g_autofree char *slope = format_rate (p->slope);
  EbbFlag *flag = add_flag (self, EBB_FLAG_PROJECTED, p->fade_day);

  flag->session_day = p->session->when.day;
  flag->next_session_day = p->next_session->when.day;
  flag->has_days_early = TRUE;
  flag->days_early = p->next_session->when.day - p->fade_day;
  flag->detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: "Projected to fade by 2026-06-05, 11 days
                                                * before the session on 2026-06-16 (PHQ-9 rising 0.5 a
                                                * day from 4 on 2026-05-20; threshold 9)." */
                                               "Projected to fade by %s, %d day before the session on %s "
                                               "(%s rising %s a day from %d on %s; threshold %s).",
                                               "Projected to fade by %s, %d days before the session on %s "
                                               "(%s rising %s a day from %d on %s; threshold %s).",
                                               flag->days_early),
                                  fade, flag->days_early,
                                  next, self->scale->id, slope, from->score->total, start,
                                  threshold);
}

/* §4 projected: in the interval open on the as-of date, fit a line through
 * the ratings from the interval's lowest onward and find the first whole
 * day after the latest rating on which it crosses the threshold. */
static void
project (EbbTrajectory *self)
{
  EbbProjection *p = &self->projection;
  const EbbSession *sk = NULL;
  const EbbSession *sk1 = NULL;
  guint sk_index = 0;
  guint first = G_MAXUINT, last = G_MAXUINT, lowest;
  gint64 n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, dxx, dxy;
  gint64 latest_x = 0;
  double target;

  if (self->baseline_status != EBB_BASELINE_OK)
    return;

  for (guint i = 0; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (session->status == EBB_SESSION_DONE && session->when.day <= self->as_of)
        {
          sk = session;
          sk_index = i;
        }
    }
  if (sk == NULL)
    return;

  /* The next boundary after Sk must be a scheduled session after the
   * as-of date: an overdue booking in between closes the interval. */
  for (guint i = sk_index + 1; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (EBB_SESSION_IS_BOUNDARY (session))
        {
          if (session->status == EBB_SESSION_SCHEDULED && session->when.day > self->as_of)
            sk1 = session;
          break;
        }
    }
  if (sk1 == NULL)
    return;

  for (guint i = 0; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = &g_array_index (self->points, EbbTrajectoryPoint, i);

      if (point->session == sk)
        {
          if (first == G_MAXUINT)
            first = i;
          last = i;
        }
    }
  if (first == G_MAXUINT ||
      !g_array_index (self->points, EbbTrajectoryPoint, last).responding)
    return;

  /* From the lowest rating (the latest one if tied) onward. */
  lowest = first;
  for (guint i = first; i <= last; i++)
    {
      if (g_array_index (self->points, EbbTrajectoryPoint, i).score->total <=
          g_array_index (self->points, EbbTrajectoryPoint, lowest).score->total)
        lowest = i;
    }
  if (last - lowest + 1 < 2)
    return;

  for (guint i = lowest; i <= last; i++)
    {
      const EbbScore *score = g_array_index (self->points, EbbTrajectoryPoint, i).score;
      gint64 x = score->when.day - sk->when.day;
      gint64 y = score->total;

      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      latest_x = x;
    }

  /* Ordinary least squares in exact integers: b = dxy / dxx and
   * a + b·d = (sy·dxx − dxy·sx + n·dxy·d) / (n·dxx). */
  dxx = n * sxx - sx * sx;
  dxy = n * sxy - sx * sy;
  if (dxx == 0)
    return;

  self->has_projection = TRUE;
  p->session = sk;
  p->next_session = sk1;
  p->first_point = lowest;
  p->last_point = last;
  p->slope = (double) dxy / (double) dxx;
  p->intercept = ((double) sy - p->slope * (double) sx) / (double) n;
  p->fade_day = 0;

  if (dxy <= 0)
    return;

  target = self->threshold * (double) n * (double) dxx;
  {
#define VALUE_NUMERATOR(d) ((double) (sy * dxx - dxy * sx) + (double) (n * dxy) * (double) (d))
    gint64 d = (gint64) floor ((target - (double) (sy * dxx - dxy * sx)) / (double) (n * dxy)) + 1;

    d = MAX (d, latest_x + 1);
    while (d - 1 > latest_x && VALUE_NUMERATOR (d - 1) > target)
      d--;
    while (!(VALUE_NUMERATOR (d) > target))
      d++;
#undef VALUE_NUMERATOR
    p->fade_day = (gint32) (sk->when.day + d);
  }

  if (p->fade_day < sk1->when.day)
    flag_projection (self);
}

static int
compare_flags_by_day (gconstpointer a,
                      gconstpointer b)
{
  const EbbFlag *fa = *(const EbbFlag **) a;
  const EbbFlag *fb = *(const EbbFlag **) b;

  if (fa->day != fb->day)
    return fa->day < fb->day ? -1 : 1;
  return (int) fa->kind - (int) fb->kind;
}

/**
 * ebb_trajectory_new:
 * @patient: the patient
 * @scale: the scale to follow
 * @sessions: (element-type EbbSession): the patient's sessions, any order
 * @scores: (element-type EbbScore): the patient's ratings, any scale, any order
 * @as_of_day: the day the question is asked on; later data is ignored,
 *   except scheduled sessions
 * @settings: (nullable): the rule settings, or %NULL for the defaults
 *
 * Applies the clinical rules to one patient and one scale.
 */
EbbTrajectory *
ebb_trajectory_new (const EbbPatient      *patient,
                    const EbbScale        *scale,
                    GPtrArray             *sessions,
                    GPtrArray             *scores,
                    gint32                 as_of_day,
                    const EbbRuleSettings *settings)
{
  EbbTrajectory *self;

  g_return_val_if_fail (patient != NULL, NULL);
  g_return_val_if_fail (scale != NULL, NULL);
  g_return_val_if_fail (as_of_day > 0, NULL);

  self = g_new0 (EbbTrajectory, 1);
  self->patient = ebb_patient_copy (patient);
  self->scale = scale;
  if (settings != NULL)
    self->settings = *settings;
  else
    ebb_rule_settings_init_defaults (&self->settings);
  self->as_of = as_of_day;
  self->meaningful_change = ebb_rule_settings_meaningful_change (&self->settings, scale);
  self->threshold = NAN;
  /* The rows are borrowed, not copied (copies were most of a clinic-wide
   * scan): the arrays are held, and must not change while this lives. */
  self->input_sessions = sessions != NULL ? g_ptr_array_ref (sessions) : NULL;
  self->input_scores = scores != NULL ? g_ptr_array_ref (scores) : NULL;
  self->sessions = g_ptr_array_new ();
  self->scores = g_ptr_array_new ();
  self->points = g_array_new (FALSE, TRUE, sizeof (EbbTrajectoryPoint));
  self->episodes = g_array_new (FALSE, TRUE, sizeof (EbbEpisode));
  self->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);

  collect_input (self, sessions, scores);
  find_baseline (self);
  build_points (self);
  flag_suicide_items (self);
  find_episodes (self);
  find_relapses (self);
  project (self);
  g_ptr_array_sort (self->flags, compare_flags_by_day);

  return self;
}

void
ebb_trajectory_free (EbbTrajectory *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->patient, ebb_patient_free);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->scores, g_ptr_array_unref);
  g_clear_pointer (&self->input_sessions, g_ptr_array_unref);
  g_clear_pointer (&self->input_scores, g_ptr_array_unref);
  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->episodes, g_array_unref);
  g_clear_pointer (&self->flags, g_ptr_array_unref);
  g_free (self);
}

/* Accessors ---------------------------------------------------------------- */

const EbbPatient *
ebb_trajectory_get_patient (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->patient;
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

const EbbSession *
ebb_trajectory_get_treatment_start (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->t0;
}

EbbBaselineStatus
ebb_trajectory_get_baseline_status (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, EBB_BASELINE_NONE);
  return self->baseline_status;
}

/* Returns: (nullable): the baseline rating when the status is OK or ZERO */
const EbbScore *
ebb_trajectory_get_baseline (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->baseline;
}

/* The baseline in words, or why there is none. */
char *
ebb_trajectory_describe_baseline (const EbbTrajectory *self)
{
  g_autofree char *t0 = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->t0 != NULL)
    t0 = format_day (self->t0->when.day);

  switch (self->baseline_status)
    {
    case EBB_BASELINE_OK:
      {
        g_autofree char *date = format_day (self->baseline->when.day);
        /* Translators: a baseline rating, "MADRS 30 on 2026-01-05" */
        return g_strdup_printf (_("%s %d on %s"), self->scale->id, self->baseline->total, date);
      }
    case EBB_BASELINE_NO_TREATMENT:
      return g_strdup (_("no baseline: no session has been done yet"));
    case EBB_BASELINE_NONE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: "no baseline: no MADRS rating in the 30
                                            * days up to the first session (2026-01-05)"; in lower
                                            * case, as it is also used inside a sentence */
                                           "no baseline: no %s rating in the %d day up to the first session (%s)",
                                           "no baseline: no %s rating in the %d days up to the first session (%s)",
                                           self->settings.baseline_window_days),
                              self->scale->id, self->settings.baseline_window_days, t0);
    case EBB_BASELINE_ZERO:
      return g_strdup_printf (_("no baseline: the %s rating before the first session (%s) is 0, "
                                "so change cannot be measured"), self->scale->id, t0);
    case EBB_BASELINE_NOT_EFFICACY:
      return g_strdup_printf (_("%s measures side effects; it is not used for response"), self->scale->id);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Returns: B × (1 − r), or NAN without a baseline */
double
ebb_trajectory_get_threshold (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NAN);
  return self->threshold;
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
  return self->settings.response_fraction;
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
  return &g_array_index (self->points, EbbTrajectoryPoint, index);
}

GPtrArray *
ebb_trajectory_get_sessions (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->sessions;
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

/* Durability: of the response episodes, how many faded, and the median
 * days from the session before the fade (the last dose) to the fade. */
void
ebb_trajectory_get_durability (const EbbTrajectory *self,
                               EbbDurability       *durability)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (int));

  g_return_if_fail (self != NULL);
  g_return_if_fail (durability != NULL);

  durability->n_episodes = self->episodes->len;
  durability->n_faded = 0;
  durability->median_days_to_fade = NAN;

  for (guint i = 0; i < self->episodes->len; i++)
    {
      const EbbEpisode *episode = &g_array_index (self->episodes, EbbEpisode, i);
      const EbbTrajectoryPoint *fade;
      int d;

      if (episode->fade == G_MAXUINT)
        continue;
      fade = &g_array_index (self->points, EbbTrajectoryPoint, episode->fade);
      durability->n_faded++;
      if (fade->session == NULL)
        continue;
      d = fade->score->when.day - fade->session->when.day;
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

/* Returns: (nullable): the trend in the interval open on the as-of date */
const EbbProjection *
ebb_trajectory_get_projection (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->has_projection ? &self->projection : NULL;
}

static const EbbTrajectoryPoint *
latest_point_after_t0 (const EbbTrajectory *self)
{
  if (self->points->len == 0)
    return NULL;
  {
    const EbbTrajectoryPoint *last = &g_array_index (self->points, EbbTrajectoryPoint, self->points->len - 1);
    return last->after_t0 ? last : NULL;
  }
}

/* The status of the latest rating after the treatment start. */
EbbResponseStatus
ebb_trajectory_get_status (const EbbTrajectory *self)
{
  const EbbTrajectoryPoint *latest;

  g_return_val_if_fail (self != NULL, EBB_STATUS_NO_BASELINE);

  if (self->baseline_status != EBB_BASELINE_OK)
    return EBB_STATUS_NO_BASELINE;
  latest = latest_point_after_t0 (self);
  if (latest == NULL)
    return EBB_STATUS_NOT_RESPONDING;
  if (latest->remission)
    return EBB_STATUS_REMISSION;
  return latest->responding ? EBB_STATUS_RESPONDING : EBB_STATUS_NOT_RESPONDING;
}

/* Returns: the lowest rating after the treatment start, or -1 */
int
ebb_trajectory_get_nadir (const EbbTrajectory *self)
{
  int nadir = -1;

  g_return_val_if_fail (self != NULL, -1);

  for (guint i = 0; i < self->points->len; i++)
    {
      const EbbTrajectoryPoint *point = &g_array_index (self->points, EbbTrajectoryPoint, i);

      if (point->after_t0 && (nadir < 0 || point->score->total < nadir))
        nadir = point->score->total;
    }
  return nadir;
}

/* Returns: (nullable): the first scheduled session on or after the as-of date */
const EbbSession *
ebb_trajectory_get_next_session (const EbbTrajectory *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

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
