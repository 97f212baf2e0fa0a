/* test-trajectory.c — the clinical rules, one small hand-computed case each
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected value below was worked out by hand from
 * clinical-rules.md; the arithmetic is in the comments.
 */
#include "config.h"

#include <math.h>

#include "ebb-test-utils.h"
#include "ebb-trajectory.h"

typedef EbbTestRecords Fixture;

static void
add_session (Fixture          *f,
             const char       *when,
             EbbSessionStatus  status)
{
  ebb_test_add_session (f->sessions, when, status, EBB_PHASE_MAINTENANCE);
}

static EbbRating *
add_rating (Fixture    *f,
            const char *when,
            const char *scale,
            int         total)
{
  return ebb_test_add_rating (f->ratings, when, scale, total);
}

static gint32
day (const char *text)
{
  return ebb_date_parse_day (text, NULL);
}

static EbbTrajectory *
trajectory (Fixture    *f,
            const char *scale,
            const char *as_of)
{
  return ebb_trajectory_new (f->patient, ebb_scale_lookup (scale), f->sessions, f->ratings, day (as_of), NULL);
}

static guint
count_flags (EbbTrajectory *t,
             EbbFlagKind    kind)
{
  GPtrArray *flags = ebb_trajectory_get_flags (t);
  guint n = 0;

  for (guint i = 0; i < flags->len; i++)
    n += ((EbbFlag *) g_ptr_array_index (flags, i))->kind == kind;
  return n;
}

static const EbbFlag *
nth_flag (EbbTrajectory *t,
          EbbFlagKind    kind,
          guint          nth)
{
  GPtrArray *flags = ebb_trajectory_get_flags (t);

  for (guint i = 0; i < flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (flags, i);

      if (flag->kind == kind && nth-- == 0)
        return flag;
    }
  g_assert_not_reached ();
}

/* §2–§3: a rating on T0's day without a time is pre-dose, so it is the
 * baseline (30), not the older 34. */
static void
test_baseline_pre_dose (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;

  add_session (f, "2026-03-02", EBB_SESSION_DONE);
  add_rating (f, "2026-02-20", "MADRS", 34);
  add_rating (f, "2026-03-02", "MADRS", 30);
  add_rating (f, "2026-03-05", "MADRS", 14);

  t = trajectory (f, "MADRS", "2026-03-10");
  g_assert_cmpint (ebb_trajectory_get_baseline_status (t), ==, EBB_BASELINE_OK);
  g_assert_cmpint (ebb_trajectory_get_baseline (t)->total, ==, 30);
  g_assert_cmpfloat (ebb_trajectory_get_threshold (t), ==, 15.0);
  g_assert_false (ebb_trajectory_get_point (t, 1)->after_t0);
  g_assert_true (ebb_trajectory_get_point (t, 2)->after_t0);
  /* (30 − 14) / 30 × 100 = 53.33 % */
  g_assert_cmpfloat_with_epsilon (ebb_trajectory_get_point (t, 2)->change_percent, 53.333333, 1e-4);
  g_assert_true (ebb_trajectory_get_point (t, 2)->responding);
  g_assert_cmpint (ebb_trajectory_get_status (t), ==, EBB_STATUS_RESPONDING);
}

/* §2: when both have a time, a rating after the session is after it. */
static void
test_timed_rating_after_timed_session (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;

  add_session (f, "2026-03-02T09:00", EBB_SESSION_DONE);
  add_rating (f, "2026-02-28", "MADRS", 28);
  add_rating (f, "2026-03-02T08:30", "MADRS", 26);
  add_rating (f, "2026-03-02T11:00", "MADRS", 12);

  t = trajectory (f, "MADRS", "2026-03-10");
  /* 08:30 is before 09:00: the baseline.  11:00 is after the session, on
   * its day: a post-dose rating (v2 §2), drawn but kept out of response
   * although 12 <= 13. */
  g_assert_cmpint (ebb_trajectory_get_baseline (t)->total, ==, 26);
  g_assert_false (ebb_trajectory_get_point (t, 1)->after_t0);
  g_assert_true (ebb_trajectory_get_point (t, 2)->after_t0);
  g_assert_true (ebb_trajectory_get_point (t, 2)->session == ebb_trajectory_get_treatment_start (t));
  g_assert_true (ebb_trajectory_get_point (t, 2)->post_dose);
  g_assert_false (ebb_trajectory_get_point (t, 2)->responding);
}

/* §3: a baseline may be 30 days old, not 31. */
static void
test_baseline_window (Fixture *f, gconstpointer data)
{
  add_session (f, "2026-03-31", EBB_SESSION_DONE);
  add_rating (f, "2026-03-01", "MADRS", 30);   /* 31 − 1 = 30 days before */
  add_rating (f, "2026-02-28", "PHQ-9", 18);   /* 31 + 0 = 31 days before */

  {
    g_autoptr(EbbTrajectory) madrs = trajectory (f, "MADRS", "2026-04-10");
    g_autoptr(EbbTrajectory) phq9 = trajectory (f, "PHQ-9", "2026-04-10");
    g_autofree char *why = ebb_trajectory_describe_baseline (phq9);

    g_assert_cmpint (ebb_trajectory_get_baseline_status (madrs), ==, EBB_BASELINE_OK);
    g_assert_cmpint (ebb_trajectory_get_baseline_status (phq9), ==, EBB_BASELINE_NONE);
    g_assert_cmpint (ebb_trajectory_get_status (phq9), ==, EBB_STATUS_NO_BASELINE);
    g_assert_cmpstr (why, ==, "no baseline: no PHQ-9 rating in the 30 days up to the course's first session (2026-03-31)");
  }

  /* With a 31-day window setting, the PHQ-9 rating qualifies. */
  {
    EbbRuleSettings settings;
    g_autoptr(EbbTrajectory) phq9 = NULL;

    ebb_rule_settings_init_defaults (&settings);
    settings.baseline_window_days = 31;
    phq9 = ebb_trajectory_new (f->patient, ebb_scale_lookup ("PHQ-9"), f->sessions, f->ratings,
                               day ("2026-04-10"), &settings);
    g_assert_cmpint (ebb_trajectory_get_baseline_status (phq9), ==, EBB_BASELINE_OK);
  }
}

/* §3: B = 0 means no response or fade can be computed. */
static void
test_baseline_zero (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;

  add_session (f, "2026-03-02", EBB_SESSION_DONE);
  add_session (f, "2026-03-20", EBB_SESSION_SCHEDULED);
  add_rating (f, "2026-03-01", "GAD-7", 0);
  add_rating (f, "2026-03-05", "GAD-7", 0);
  add_rating (f, "2026-03-12", "GAD-7", 12);

  t = trajectory (f, "GAD-7", "2026-03-15");
  g_assert_cmpint (ebb_trajectory_get_baseline_status (t), ==, EBB_BASELINE_ZERO);
  g_assert_true (isnan (ebb_trajectory_get_point (t, 2)->change_percent));
  g_assert_false (ebb_trajectory_get_point (t, 1)->responding);
  g_assert_cmpuint (ebb_trajectory_get_flags (t)->len, ==, 0);
  g_assert_cmpuint (ebb_trajectory_get_n_episodes (t), ==, 0);
}

/* §4 faded, the rules' own example: B = 32, threshold 16.  Cancelled and
 * missed sessions are not boundaries, so the next session is 03-16. */
static void
test_fade_example_and_ignored_sessions (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  const EbbFlag *flag;

  add_session (f, "2026-02-20", EBB_SESSION_DONE);
  add_session (f, "2026-03-02", EBB_SESSION_DONE);
  add_session (f, "2026-03-09", EBB_SESSION_CANCELLED);
  add_session (f, "2026-03-10", EBB_SESSION_MISSED);
  add_session (f, "2026-03-16", EBB_SESSION_SCHEDULED);
  add_rating (f, "2026-02-19", "MADRS", 32);
  add_rating (f, "2026-03-04", "MADRS", 12);
  add_rating (f, "2026-03-12", "MADRS", 24);

  t = trajectory (f, "MADRS", "2026-03-13");
  g_assert_cmpuint (count_flags (t, EBB_FLAG_FADED), ==, 1);
  flag = nth_flag (t, EBB_FLAG_FADED, 0);
  g_assert_cmpint (flag->day, ==, day ("2026-03-12"));
  g_assert_cmpint (flag->session_day, ==, day ("2026-03-02"));
  g_assert_cmpint (flag->next_session_day, ==, day ("2026-03-16"));
  g_assert_true (flag->has_days_early);
  g_assert_cmpint (flag->days_early, ==, 4);
  g_assert_cmpstr (flag->detail, ==,
                   "Response to the 2026-03-02 session faded by 2026-03-12, 4 days before the session on "
                   "2026-03-16: MADRS 24, 12 points above the lowest of 12; response needs 16 or less "
                   "(half of baseline 32).");
  g_assert_cmpint (ebb_trajectory_get_status (t), ==, EBB_STATUS_NOT_RESPONDING);
}

/* §4: a rise above the threshold but less than the meaningful change (6 on
 * MADRS) above the nadir is a wobble; the episode goes on. */
static void
test_wobble_is_not_a_fade (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  const EbbFlag *flag;

  add_session (f, "2026-03-02", EBB_SESSION_DONE);
  add_session (f, "2026-04-01", EBB_SESSION_SCHEDULED);
  add_rating (f, "2026-03-01", "MADRS", 32);    /* threshold 16 */
  add_rating (f, "2026-03-04", "MADRS", 12);    /* episode starts, nadir 12 */
  add_rating (f, "2026-03-08", "MADRS", 17);    /* 17 > 16 but 17 − 12 = 5 < 6: wobble */
  add_rating (f, "2026-03-12", "MADRS", 11);    /* nadir 11 */
  add_rating (f, "2026-03-18", "MADRS", 16);    /* responding (16 <= 16) */
  add_rating (f, "2026-03-22", "MADRS", 17);    /* 17 − 11 = 6: fade */

  t = trajectory (f, "MADRS", "2026-03-25");
  g_assert_cmpuint (count_flags (t, EBB_FLAG_FADED), ==, 1);
  flag = nth_flag (t, EBB_FLAG_FADED, 0);
  g_assert_cmpint (flag->day, ==, day ("2026-03-22"));
  g_assert_cmpint (flag->days_early, ==, 10);
  g_assert_nonnull (strstr (flag->detail, "6 points above the lowest of 11"));
  g_assert_cmpuint (ebb_trajectory_get_n_episodes (t), ==, 1);
  g_assert_cmpint (ebb_trajectory_get_episode (t, 0)->nadir, ==, 11);
}

/* §4: arriving at the session no longer responding gives days_early 0;
 * with nothing booked, next_session and days_early are empty; the next
 * responding rating starts a new episode. */
static void
test_fade_on_session_day_and_unbooked (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  const EbbFlag *first, *second;
  EbbDurability durability;

  add_session (f, "2026-05-01", EBB_SESSION_DONE);
  add_session (f, "2026-05-15", EBB_SESSION_DONE);
  add_rating (f, "2026-04-30", "PHQ-9", 20);   /* threshold 10, meaningful change 5 */
  add_rating (f, "2026-05-03", "PHQ-9", 6);    /* episode 1 */
  add_rating (f, "2026-05-15", "PHQ-9", 14);   /* pre-dose on 05-15: 14 − 6 = 8, fade, 0 days early */
  add_rating (f, "2026-05-17", "PHQ-9", 5);    /* episode 2 */
  add_rating (f, "2026-05-27", "PHQ-9", 12);   /* 12 − 5 = 7: fade, nothing booked */

  t = trajectory (f, "PHQ-9", "2026-05-28");
  g_assert_cmpuint (count_flags (t, EBB_FLAG_FADED), ==, 2);
  first = nth_flag (t, EBB_FLAG_FADED, 0);
  second = nth_flag (t, EBB_FLAG_FADED, 1);

  g_assert_cmpint (first->session_day, ==, day ("2026-05-01"));
  g_assert_cmpint (first->next_session_day, ==, day ("2026-05-15"));
  g_assert_true (first->has_days_early);
  g_assert_cmpint (first->days_early, ==, 0);

  g_assert_cmpint (second->session_day, ==, day ("2026-05-15"));
  g_assert_cmpint (second->next_session_day, ==, 0);
  g_assert_false (second->has_days_early);
  g_assert_nonnull (strstr (second->detail, "no next session is booked"));

  /* Durability: 2 episodes, both faded; 14 and 12 days from their
   * sessions (05-01 → 05-15, 05-15 → 05-27): median 13. */
  ebb_trajectory_get_durability (t, &durability);
  g_assert_cmpuint (durability.n_episodes, ==, 2);
  g_assert_cmpuint (durability.n_faded, ==, 2);
  g_assert_cmpfloat (durability.median_days_to_fade, ==, 13.0);
}

/* The interval used by the projection tests: T0 2026-10-01 with baseline
 * 32 (threshold 16), Sk = 2026-11-02, as of 2026-11-20. */
static void
add_projection_history (Fixture *f)
{
  add_rating (f, "2026-09-30", "MADRS", 32);
  add_session (f, "2026-10-01", EBB_SESSION_DONE);
  add_rating (f, "2026-10-05", "MADRS", 12);
  add_session (f, "2026-11-02", EBB_SESSION_DONE);
}

/* §4 projected.  Points (x = days since 11-02): (1, 6), (8, 10), (15, 14):
 * b = 4/7, a = 38/7; (38 + 4d)/7 > 16 ⇔ d > 18.5, so d = 19: 2026-11-21,
 * 9 days before 2026-11-30. */
static void
test_projection_flags (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  const EbbProjection *p;
  const EbbFlag *flag;

  add_projection_history (f);
  add_session (f, "2026-11-30", EBB_SESSION_SCHEDULED);
  add_rating (f, "2026-11-03", "MADRS", 6);
  add_rating (f, "2026-11-10", "MADRS", 10);
  add_rating (f, "2026-11-17", "MADRS", 14);

  t = trajectory (f, "MADRS", "2026-11-20");
  p = ebb_trajectory_get_projection (t);
  g_assert_nonnull (p);
  g_assert_cmpfloat_with_epsilon (p->slope, 4.0 / 7.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (p->intercept, 38.0 / 7.0, 1e-12);
  g_assert_cmpint (p->fade_day, ==, day ("2026-11-21"));

  g_assert_cmpuint (count_flags (t, EBB_FLAG_PROJECTED), ==, 1);
  flag = nth_flag (t, EBB_FLAG_PROJECTED, 0);
  g_assert_cmpint (flag->day, ==, day ("2026-11-21"));
  /* v2 §4: session, next_session and days_early stay empty for it. */
  g_assert_cmpint (flag->session_day, ==, 0);
  g_assert_cmpint (flag->next_session_day, ==, 0);
  g_assert_false (flag->has_days_early);
  g_assert_true (p->next_session->when.day == day ("2026-11-30"));
  /* 4/7 = 0.571… points a day, over the 3 ratings */
  g_assert_cmpstr (flag->detail, ==,
                   "Projected to fade by 2026-11-21, 9 days before the session on 2026-11-30: "
                   "MADRS rising 0.57 a day over 3 ratings from 6 on 2026-11-03; response needs 16 or "
                   "less (half of baseline 32).");
  g_assert_cmpuint (count_flags (t, EBB_FLAG_FADED), ==, 0);
}

/* §4: the fit starts at the lowest rating, the latest one if tied.  From
 * (8, 6), (11, 9), (15, 13): x̄ = 34/3, ȳ = 28/3, Sxx = Sxy = 74/3, so
 * b = 1, a = 28/3 − 34/3 = −2; d − 2 > 16 ⇔ d = 19: 2026-11-21, 9 days
 * before 11-30.  (From the first 6 it would rest on five ratings.) */
static void
test_projection_tie_at_lowest (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  const EbbProjection *p;

  add_projection_history (f);
  add_session (f, "2026-11-30", EBB_SESSION_SCHEDULED);
  add_rating (f, "2026-11-03", "MADRS", 6);
  add_rating (f, "2026-11-06", "MADRS", 9);
  add_rating (f, "2026-11-10", "MADRS", 6);
  add_rating (f, "2026-11-13", "MADRS", 9);
  add_rating (f, "2026-11-17", "MADRS", 13);

  t = trajectory (f, "MADRS", "2026-11-20");
  p = ebb_trajectory_get_projection (t);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->n_points, ==, 3);
  g_assert_cmpfloat_with_epsilon (p->slope, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (p->intercept, -2.0, 1e-12);
  g_assert_cmpint (p->fade_day, ==, day ("2026-11-21"));
  g_assert_cmpint (nth_flag (t, EBB_FLAG_PROJECTED, 0)->day, ==, day ("2026-11-21"));
}

/* §4: a projected crossing on the session's own day is not before it. */
static void
test_projection_crossing_on_session_day (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;

  add_projection_history (f);
  add_session (f, "2026-11-21", EBB_SESSION_SCHEDULED);
  add_rating (f, "2026-11-03", "MADRS", 6);
  add_rating (f, "2026-11-10", "MADRS", 10);
  add_rating (f, "2026-11-17", "MADRS", 14);

  t = trajectory (f, "MADRS", "2026-11-20");
  g_assert_cmpint (ebb_trajectory_get_projection (t)->fade_day, ==, day ("2026-11-21"));
  g_assert_cmpuint (count_flags (t, EBB_FLAG_PROJECTED), ==, 0);
}

/* §4: a falling trend does not project a fade.  From the lowest (1, 6):
 * (2, 12), (15, 7): dxy = 3·135 − 18·25 = −45 < 0. */
static void
test_projection_falling_trend (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  const EbbProjection *p;

  add_projection_history (f);
  add_session (f, "2026-11-30", EBB_SESSION_SCHEDULED);
  add_rating (f, "2026-11-03", "MADRS", 6);
  add_rating (f, "2026-11-04", "MADRS", 12);
  add_rating (f, "2026-11-17", "MADRS", 7);

  t = trajectory (f, "MADRS", "2026-11-20");
  p = ebb_trajectory_get_projection (t);
  g_assert_nonnull (p);
  g_assert_cmpfloat (p->slope, <, 0);
  g_assert_cmpint (p->fade_day, ==, 0);
  g_assert_cmpuint (count_flags (t, EBB_FLAG_PROJECTED), ==, 0);
}

/* Steadily falling: the lowest is the latest, one point, no fit. */
static void
test_projection_needs_two_points (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;

  add_projection_history (f);
  add_session (f, "2026-11-30", EBB_SESSION_SCHEDULED);
  add_rating (f, "2026-11-03", "MADRS", 14);
  add_rating (f, "2026-11-10", "MADRS", 10);
  add_rating (f, "2026-11-17", "MADRS", 6);

  t = trajectory (f, "MADRS", "2026-11-20");
  g_assert_null (ebb_trajectory_get_projection (t));
  g_assert_cmpuint (ebb_trajectory_get_flags (t)->len, ==, 0);
}

/* §4: the interval must be open on the as-of date.  An overdue booking
 * (11-16, still "scheduled") lies between Sk and the next booking. */
static void
test_projection_overdue_session (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;

  add_projection_history (f);
  add_session (f, "2026-11-16", EBB_SESSION_SCHEDULED);
  add_session (f, "2026-11-30", EBB_SESSION_SCHEDULED);
  add_rating (f, "2026-11-03", "MADRS", 6);
  add_rating (f, "2026-11-10", "MADRS", 10);
  add_rating (f, "2026-11-17", "MADRS", 14);

  t = trajectory (f, "MADRS", "2026-11-20");
  g_assert_null (ebb_trajectory_get_projection (t));
  g_assert_cmpuint (count_flags (t, EBB_FLAG_PROJECTED), ==, 0);
}

/* §2 (v2): ratings after the as-of day are ignored, and every session
 * after it counts as booked, whatever it became: as of 11-20 the session
 * done on 11-25 was on the calendar, so it is Sk+1 and the fade projected
 * for 11-21 comes 4 days before it; the rating of 11-26 is not seen. */
static void
test_done_session_after_as_of (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;

  add_projection_history (f);
  add_rating (f, "2026-11-03", "MADRS", 6);
  add_rating (f, "2026-11-10", "MADRS", 10);
  add_rating (f, "2026-11-17", "MADRS", 14);
  add_session (f, "2026-11-25", EBB_SESSION_DONE);
  add_rating (f, "2026-11-26", "MADRS", 30);
  add_session (f, "2026-11-30", EBB_SESSION_SCHEDULED);

  t = trajectory (f, "MADRS", "2026-11-20");
  g_assert_cmpuint (ebb_trajectory_get_n_points (t), ==, 5);
  g_assert_cmpuint (count_flags (t, EBB_FLAG_FADED), ==, 0);
  g_assert_cmpuint (count_flags (t, EBB_FLAG_PROJECTED), ==, 1);
  g_assert_true (ebb_trajectory_get_projection (t)->next_session->when.day == day ("2026-11-25"));
  g_assert_cmpint (ebb_trajectory_get_projection (t)->next_session->status, ==, EBB_SESSION_SCHEDULED);
}

/* §4 relapse level on MADRS: a score of 22 or more counts whatever the
 * baseline, so the level named is the lower of the two bars. */
static void
test_relapse_level_madrs (Fixture *f, gconstpointer data)
{
  static const struct { int baseline; const char *level; } cases[] = {
    /* 0.75 × 41 = 30.75: 31 by change, but 22 on MADRS comes first */
    { 41, "a MADRS score of 22 or more (less than 25 % better than the baseline of 41 would be 31 or more)" },
    /* 0.75 × 24 = 18: 19 by change, below 22 */
    { 24, "a score of 19 or more: less than 25 % better than the baseline of 24" },
    /* 0.75 × 28 = 21: 22 either way */
    { 28, "a score of 22 or more: less than 25 % better than the baseline of 28" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EbbTrajectory) t = NULL;
      g_autofree char *level = NULL;

      g_ptr_array_set_size (f->ratings, 0);
      g_ptr_array_set_size (f->sessions, 0);
      add_rating (f, "2026-01-04", "MADRS", cases[i].baseline);
      add_session (f, "2026-01-05", EBB_SESSION_DONE);
      t = trajectory (f, "MADRS", "2026-01-10");
      level = ebb_trajectory_describe_relapse_level (t);
      g_assert_cmpstr (level, ==, cases[i].level);
    }
}

/* §4 relapse, twice with a response between, on PHQ-9: B = 20, threshold
 * 10, relapse level above 0.75 × 20 = 15. */
static void
test_relapse_twice (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  EbbDurability durability;

  add_rating (f, "2026-01-04", "PHQ-9", 20);
  add_session (f, "2026-01-05", EBB_SESSION_DONE);
  add_rating (f, "2026-01-08", "PHQ-9", 8);    /* responded */
  add_session (f, "2026-01-12", EBB_SESSION_DONE);
  add_rating (f, "2026-01-15", "PHQ-9", 16);   /* level; fade (16 − 8 = 8 >= 5) */
  add_rating (f, "2026-01-22", "PHQ-9", 17);   /* level, 7 days later: relapse */
  add_rating (f, "2026-01-29", "PHQ-9", 18);   /* level, but no response since */
  add_session (f, "2026-02-01", EBB_SESSION_DONE);
  add_rating (f, "2026-02-05", "PHQ-9", 9);    /* responded again */
  add_rating (f, "2026-02-10", "PHQ-9", 17);   /* level; fade (17 − 9 = 8) */
  add_rating (f, "2026-02-20", "PHQ-9", 16);   /* level, 10 days later: relapse */
  add_session (f, "2026-03-01", EBB_SESSION_SCHEDULED);

  t = trajectory (f, "PHQ-9", "2026-02-25");
  g_assert_cmpuint (count_flags (t, EBB_FLAG_RELAPSE), ==, 2);
  g_assert_cmpint (nth_flag (t, EBB_FLAG_RELAPSE, 0)->day, ==, day ("2026-01-22"));
  g_assert_cmpint (nth_flag (t, EBB_FLAG_RELAPSE, 1)->day, ==, day ("2026-02-20"));
  /* 0.75 × 20 = 15, so relapse level is 16 or more. */
  g_assert_cmpstr (nth_flag (t, EBB_FLAG_RELAPSE, 0)->detail, ==,
                   "At relapse level for 7 days (PHQ-9 16 on 2026-01-15, 17 on 2026-01-22): less than "
                   "25 % better than the baseline of 20.");
  g_assert_cmpint (nth_flag (t, EBB_FLAG_RELAPSE, 0)->session_day, ==, 0);
  g_assert_false (nth_flag (t, EBB_FLAG_RELAPSE, 0)->has_days_early);
  g_assert_cmpuint (count_flags (t, EBB_FLAG_FADED), ==, 2);
  {
    g_autofree char *level = ebb_trajectory_describe_relapse_level (t);

    g_assert_cmpstr (level, ==, "a score of 16 or more: less than 25 % better than the baseline of 20");
  }

  /* Fades 3 days after 01-12 and 9 days after 02-01: median 6. */
  ebb_trajectory_get_durability (t, &durability);
  g_assert_cmpuint (durability.n_faded, ==, 2);
  g_assert_cmpfloat (durability.median_days_to_fade, ==, 6.0);
}

/* §4 relapse (v2): the run must span 5 days, with no upper limit.  As of
 * 01-19 the run 01-15 … 01-19 spans 4 days: none; on 02-04 it spans 20
 * days (16, 17, 18 all above 15): a relapse dated 02-04. */
static void
test_relapse_spacing (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) early = NULL;
  g_autoptr(EbbTrajectory) late = NULL;

  add_rating (f, "2026-01-04", "PHQ-9", 20);
  add_session (f, "2026-01-05", EBB_SESSION_DONE);
  add_rating (f, "2026-01-08", "PHQ-9", 8);
  add_rating (f, "2026-01-15", "PHQ-9", 16);
  add_rating (f, "2026-01-19", "PHQ-9", 17);   /* 4 days after: not yet */
  add_rating (f, "2026-02-04", "PHQ-9", 18);   /* 20 days after the first */

  early = trajectory (f, "PHQ-9", "2026-01-19");
  g_assert_cmpuint (count_flags (early, EBB_FLAG_RELAPSE), ==, 0);
  late = trajectory (f, "PHQ-9", "2026-02-05");
  g_assert_cmpuint (count_flags (late, EBB_FLAG_RELAPSE), ==, 1);
  g_assert_cmpint (nth_flag (late, EBB_FLAG_RELAPSE, 0)->day, ==, day ("2026-02-04"));
}

/* §4 relapse on MADRS: 22 or more counts even when better than 25 %
 * (B = 40: 0.75 × 40 = 30, and 22, 23 are both below it). */
static void
test_relapse_madrs_22 (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;

  add_rating (f, "2026-01-04", "MADRS", 40);
  add_session (f, "2026-01-05", EBB_SESSION_DONE);
  add_rating (f, "2026-01-08", "MADRS", 15);
  add_rating (f, "2026-01-15", "MADRS", 22);
  add_rating (f, "2026-01-22", "MADRS", 23);

  t = trajectory (f, "MADRS", "2026-01-25");
  g_assert_cmpuint (count_flags (t, EBB_FLAG_RELAPSE), ==, 1);
  g_assert_cmpint (nth_flag (t, EBB_FLAG_RELAPSE, 0)->day, ==, day ("2026-01-22"));
  g_assert_nonnull (strstr (nth_flag (t, EBB_FLAG_RELAPSE, 0)->detail, "): 22 or more on MADRS."));
}

/* §4 suicide-item: at the alert item's level (v2: MADRS item 10 ≥ 2); a
 * later alert while the flag is open adds to it; MADRS 40 without items
 * proves nothing (40 − 54 < 2). */
static void
test_suicide_items (Fixture *f, gconstpointer data)
{
  const int madrs_alert[10] = { 3, 3, 3, 3, 3, 3, 3, 3, 0, 4 };   /* item 10 = 4 */
  const int madrs_below[10] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 1 };   /* item 10 = 1 */
  const int phq9_alert[9] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };        /* item 9 = 1 */
  g_autoptr(EbbTrajectory) madrs = NULL;
  g_autoptr(EbbTrajectory) phq9 = NULL;
  const EbbFlag *flag;

  add_session (f, "2026-03-02", EBB_SESSION_DONE);
  ebb_rating_set_items (add_rating (f, "2026-03-01", "MADRS", 28), madrs_alert, 10);
  ebb_rating_set_items (add_rating (f, "2026-03-08", "MADRS", 28), madrs_below, 10);
  add_rating (f, "2026-03-09", "MADRS", 40);   /* no items: no alert possible */
  ebb_rating_set_items (add_rating (f, "2026-03-08", "PHQ-9", 9), phq9_alert, 9);

  madrs = trajectory (f, "MADRS", "2026-03-10");
  g_assert_cmpuint (count_flags (madrs, EBB_FLAG_SUICIDE_ITEM), ==, 1);
  flag = nth_flag (madrs, EBB_FLAG_SUICIDE_ITEM, 0);
  g_assert_cmpint (flag->day, ==, day ("2026-03-01"));
  g_assert_cmpint (flag->session_day, ==, 0);
  g_assert_cmpint (flag->next_session_day, ==, 0);
  g_assert_false (flag->has_days_early);
  g_assert_nonnull (strstr (flag->detail, "item 10"));

  phq9 = trajectory (f, "PHQ-9", "2026-03-10");
  g_assert_cmpuint (count_flags (phq9, EBB_FLAG_SUICIDE_ITEM), ==, 1);
}

/* §1: ids written differently are one scale. */
static void
test_scale_spellings (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;

  add_session (f, "2026-03-02", EBB_SESSION_DONE);
  add_rating (f, "2026-03-01", "phq9", 20);
  add_rating (f, "2026-03-05", "PHQ 9", 8);
  add_rating (f, "2026-03-09", "Phq_9", 16);
  add_rating (f, "2026-03-09", "GAD-7", 16);

  t = trajectory (f, "PHQ-9", "2026-03-10");
  g_assert_cmpuint (ebb_trajectory_get_n_points (t), ==, 3);
  g_assert_cmpint (ebb_trajectory_get_baseline (t)->total, ==, 20);
  g_assert_cmpuint (count_flags (t, EBB_FLAG_FADED), ==, 1);
}

/* §1: CADSS is charted but never used for response. */
static void
test_cadss_not_used (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;

  add_session (f, "2026-03-02", EBB_SESSION_DONE);
  add_rating (f, "2026-03-01", "CADSS", 20);
  add_rating (f, "2026-03-02", "CADSS", 2);
  add_rating (f, "2026-03-09", "CADSS", 30);

  t = trajectory (f, "CADSS", "2026-03-10");
  g_assert_cmpint (ebb_trajectory_get_baseline_status (t), ==, EBB_BASELINE_NOT_EFFICACY);
  g_assert_cmpuint (ebb_trajectory_get_n_points (t), ==, 3);
  g_assert_cmpuint (ebb_trajectory_get_flags (t)->len, ==, 0);
}

/* Settings: a response fraction of 0.4 gives a threshold of B × 0.6. */
static void
test_response_fraction_setting (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  EbbRuleSettings settings;

  ebb_rule_settings_init_defaults (&settings);
  settings.response_fraction = 0.4;
  add_session (f, "2026-03-02", EBB_SESSION_DONE);
  add_rating (f, "2026-03-01", "MADRS", 30);
  add_rating (f, "2026-03-05", "MADRS", 18);   /* 18 <= 30 × 0.6 = 18 */

  t = ebb_trajectory_new (f->patient, ebb_scale_lookup ("MADRS"), f->sessions, f->ratings,
                          day ("2026-03-06"), &settings);
  g_assert_cmpfloat_with_epsilon (ebb_trajectory_get_threshold (t), 18.0, 1e-9);
  g_assert_true (ebb_trajectory_get_point (t, 1)->responding);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/trajectory/" path, Fixture, NULL, ebb_test_records_set_up, func, ebb_test_records_tear_down)
  ADD ("baseline/pre-dose", test_baseline_pre_dose);
  ADD ("baseline/timed", test_timed_rating_after_timed_session);
  ADD ("baseline/window", test_baseline_window);
  ADD ("baseline/zero", test_baseline_zero);
  ADD ("faded/example", test_fade_example_and_ignored_sessions);
  ADD ("faded/wobble", test_wobble_is_not_a_fade);
  ADD ("faded/session-day-and-unbooked", test_fade_on_session_day_and_unbooked);
  ADD ("projected/flag", test_projection_flags);
  ADD ("projected/tie-at-lowest", test_projection_tie_at_lowest);
  ADD ("projected/crossing-on-session-day", test_projection_crossing_on_session_day);
  ADD ("projected/falling", test_projection_falling_trend);
  ADD ("projected/one-point", test_projection_needs_two_points);
  ADD ("projected/overdue-session", test_projection_overdue_session);
  ADD ("as-of/done-session-after", test_done_session_after_as_of);
  ADD ("relapse/twice", test_relapse_twice);
  ADD ("relapse/spacing", test_relapse_spacing);
  ADD ("relapse/madrs-22", test_relapse_madrs_22);
  ADD ("relapse/level-madrs", test_relapse_level_madrs);
  ADD ("suicide-item", test_suicide_items);
  ADD ("scale-spellings", test_scale_spellings);
  ADD ("cadss", test_cadss_not_used);
  ADD ("settings/response-fraction", test_response_fraction_setting);
#undef ADD

  return g_test_run ();
}
