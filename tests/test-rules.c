/* test-rules.c — clinical rules version 2, one small case per rule
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case is one rule of ../shared/clinical-rules.md (version 2) at its
 * boundary, on both sides, or one way a flag closes.  Every expected value
 * was worked out by hand from the rules' text; the arithmetic is in the
 * comments.  Days in 2026: January has 31 days, February 28.
 */
#include "config.h"

#include <string.h>

#include "ebb-flags.h"
#include "ebb-test-utils.h"

typedef struct
{
  EbbTestRecords   records;
  GPtrArray       *ends;        /* EbbCourseEnd */
  GPtrArray       *decisions;   /* EbbDecision */
  EbbRuleSettings  settings;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  ebb_test_records_set_up (&f->records, data);
  f->ends = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_course_end_free);
  f->decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_decision_free);
  ebb_rule_settings_init_defaults (&f->settings);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->ends, g_ptr_array_unref);
  g_clear_pointer (&f->decisions, g_ptr_array_unref);
  ebb_test_records_tear_down (&f->records, data);
}

static gint32
day (const char *text)
{
  gint32 d = ebb_date_parse_day (text, NULL);

  g_assert_cmpint (d, >, 0);
  return d;
}

static EbbSession *
add_session (Fixture          *f,
             const char       *when,
             EbbSessionStatus  status,
             EbbPhase          phase,
             EbbRoute          route)
{
  EbbSession *session = ebb_test_add_session (f->records.sessions, when, status, phase);

  session->route = route;
  return session;
}

/* A done maintenance session by infusion: most cases need no more. */
static EbbSession *
done (Fixture    *f,
      const char *when)
{
  return add_session (f, when, EBB_SESSION_DONE, EBB_PHASE_MAINTENANCE, EBB_ROUTE_IV);
}

static EbbSession *
booked (Fixture    *f,
        const char *when)
{
  return add_session (f, when, EBB_SESSION_SCHEDULED, EBB_PHASE_MAINTENANCE, EBB_ROUTE_IV);
}

static EbbRating *
rate (Fixture    *f,
      const char *when,
      const char *scale,
      int         total)
{
  return ebb_test_add_rating (f->records.ratings, when, scale, total);
}

static EbbRating *
rate_items (Fixture    *f,
            const char *when,
            const char *scale,
            const int  *items,
            guint       n_items)
{
  const EbbScale *s = ebb_scale_lookup (scale);
  EbbRating *rating = rate (f, when, scale, 0);

  ebb_rating_set_items (rating, items, n_items);
  rating->total = ebb_scale_total_for_items (s, items);
  return rating;
}

static void
end_course (Fixture      *f,
            const char   *when,
            EbbEndReason  reason)
{
  EbbCourseEnd *end = ebb_course_end_new ();

  end->id = f->ends->len + 1;
  end->patient_id = f->records.patient->id;
  end->day = day (when);
  end->reason = reason;
  g_ptr_array_add (f->ends, end);
}

static void
decide (Fixture     *f,
        EbbFlagKind  kind,
        const char  *scale_id,
        const char  *flag_day,
        const char  *decided_at)
{
  EbbDecision *decision = ebb_decision_new ();

  decision->id = f->decisions->len + 1;
  decision->patient_id = f->records.patient->id;
  decision->kind = kind;
  decision->scale_id = g_strdup (scale_id);
  decision->flag_day = day (flag_day);
  decision->note = g_strdup ("dose increased");
  decision->user_name = g_strdup ("a.example");
  decision->real_name = g_strdup ("Dr A. Example");
  g_assert_true (ebb_decision_set_decided_at (decision, decided_at, NULL));
  g_ptr_array_add (f->decisions, decision);
}

static EbbPatientRecords
records_of (Fixture *f)
{
  return (EbbPatientRecords) { f->records.patient, f->records.sessions, f->records.ratings, f->ends, f->decisions };
}

/* Every flag as of a day, open or not, in the command line's order. */
static GPtrArray *
flags_as_of (Fixture    *f,
             const char *as_of)
{
  EbbPatientRecords records = records_of (f);

  return ebb_flags_for_records (&records, day (as_of), &f->settings);
}

static EbbTrajectory *
trajectory_as_of (Fixture    *f,
                  const char *scale,
                  const char *as_of)
{
  EbbPatientRecords records = records_of (f);

  return ebb_trajectory_new_for_records (&records, ebb_scale_lookup (scale), day (as_of), &f->settings);
}

static guint
count (GPtrArray   *flags,
       EbbFlagKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < flags->len; i++)
    n += ((EbbFlag *) g_ptr_array_index (flags, i))->kind == kind;
  return n;
}

static const EbbFlag *
nth (GPtrArray   *flags,
     EbbFlagKind  kind,
     guint        index)
{
  for (guint i = 0; i < flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (flags, i);

      if (flag->kind == kind && index-- == 0)
        return flag;
    }
  g_assert_not_reached ();
}

/* §4.2 Worsening ----------------------------------------------------------- */

/* B = MADRS 30, meaningful change 6: worsening at 36, not at 35.  A later
 * 35 closes the flag; a new 36 after it starts a new run. */
static void
test_worsening (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) flags = NULL;
  const EbbFlag *first, *second;

  rate (f, "2026-01-04", "MADRS", 30);
  done (f, "2026-01-05");
  booked (f, "2026-02-15");
  rate (f, "2026-01-10", "MADRS", 35);   /* 30 + 5: one below */
  rate (f, "2026-01-12", "MADRS", 36);   /* 30 + 6: worsening */
  rate (f, "2026-01-15", "MADRS", 40);   /* the same run */
  rate (f, "2026-01-20", "MADRS", 35);   /* below 36: closes it */
  rate (f, "2026-01-27", "MADRS", 36);   /* a new run */

  flags = flags_as_of (f, "2026-01-28");
  g_assert_cmpuint (count (flags, EBB_FLAG_WORSENING), ==, 2);
  first = nth (flags, EBB_FLAG_WORSENING, 0);
  second = nth (flags, EBB_FLAG_WORSENING, 1);
  g_assert_cmpint (first->day, ==, day ("2026-01-12"));
  g_assert_cmpint (first->state, ==, EBB_FLAG_STATE_RESOLVED);
  g_assert_cmpint (first->resolved_day, ==, day ("2026-01-20"));
  g_assert_cmpint (second->day, ==, day ("2026-01-27"));
  g_assert_cmpint (second->state, ==, EBB_FLAG_STATE_OPEN);
  g_assert_cmpint (first->session_day, ==, 0);
  g_assert_cmpstr (first->detail, ==,
                   "MADRS 36 on 2026-01-12 is 6 points above the baseline of 30 (2026-01-04); a rise of 6 "
                   "is meaningful. Item 10 was not recorded.");
  g_assert_cmpstr (first->suggestion, ==, "Review today.");
}

/* The meaningful change is the clinic's setting, and the explanation says
 * so when it is not the default: at 7, 36 is no longer worsening. */
static void
test_worsening_setting (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) flags = NULL;

  rate (f, "2026-01-04", "MADRS", 30);
  done (f, "2026-01-05");
  booked (f, "2026-02-15");
  rate (f, "2026-01-12", "MADRS", 36);
  rate (f, "2026-01-14", "MADRS", 37);

  g_assert_true (ebb_rule_settings_set_value (&f->settings, "meaningful-change.MADRS", "7", NULL));
  flags = flags_as_of (f, "2026-01-15");
  g_assert_cmpuint (count (flags, EBB_FLAG_WORSENING), ==, 1);
  g_assert_cmpint (nth (flags, EBB_FLAG_WORSENING, 0)->day, ==, day ("2026-01-14"));
  g_assert_nonnull (strstr (nth (flags, EBB_FLAG_WORSENING, 0)->detail,
                            "a rise of 7 (clinic setting; default 6) is meaningful"));
}

/* §4.3 Relapse ---------------------------------------------------------------- */

/* PHQ-9 B = 20: responding at 10 or less, relapse level above 15.  After
 * the response of 01-08, the run from 01-11 spans 4 days on 01-15 (no
 * flag) and 5 on 01-16 (relapse, dated 01-16).  A response on 01-20 closes
 * it. */
static void
test_relapse_span (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) four = NULL;
  g_autoptr(GPtrArray) five = NULL;

  rate (f, "2026-01-04", "PHQ-9", 20);
  done (f, "2026-01-05");
  booked (f, "2026-02-20");
  rate (f, "2026-01-08", "PHQ-9", 8);
  rate (f, "2026-01-11", "PHQ-9", 16);
  rate (f, "2026-01-15", "PHQ-9", 17);
  rate (f, "2026-01-16", "PHQ-9", 17);
  rate (f, "2026-01-20", "PHQ-9", 9);

  four = flags_as_of (f, "2026-01-15");
  g_assert_cmpuint (count (four, EBB_FLAG_RELAPSE), ==, 0);
  five = flags_as_of (f, "2026-01-20");
  g_assert_cmpuint (count (five, EBB_FLAG_RELAPSE), ==, 1);
  g_assert_cmpint (nth (five, EBB_FLAG_RELAPSE, 0)->day, ==, day ("2026-01-16"));
  g_assert_cmpint (nth (five, EBB_FLAG_RELAPSE, 0)->state, ==, EBB_FLAG_STATE_RESOLVED);
  g_assert_cmpint (nth (five, EBB_FLAG_RELAPSE, 0)->resolved_day, ==, day ("2026-01-20"));
}

/* Rated every 3 days (v1 read only pairs 5–15 days apart in order, and the
 * run 01-11, 01-14 is 3): the run spans 6 days on 01-17, a relapse then. */
static void
test_relapse_every_3_days (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) flags = NULL;

  rate (f, "2026-01-04", "PHQ-9", 20);
  done (f, "2026-01-05");
  booked (f, "2026-02-20");
  rate (f, "2026-01-08", "PHQ-9", 8);
  rate (f, "2026-01-11", "PHQ-9", 16);
  rate (f, "2026-01-14", "PHQ-9", 16);
  rate (f, "2026-01-17", "PHQ-9", 16);

  flags = flags_as_of (f, "2026-01-18");
  g_assert_cmpuint (count (flags, EBB_FLAG_RELAPSE), ==, 1);
  g_assert_cmpint (nth (flags, EBB_FLAG_RELAPSE, 0)->day, ==, day ("2026-01-17"));
  g_assert_cmpint (nth (flags, EBB_FLAG_RELAPSE, 0)->state, ==, EBB_FLAG_STATE_OPEN);
}

/* Rated every 28 days: 16 on 02-05 and 17 on 03-05 span 28 days, a relapse
 * on 03-05 (there is no upper limit). */
static void
test_relapse_every_28_days (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) flags = NULL;

  rate (f, "2026-01-04", "PHQ-9", 20);
  done (f, "2026-01-05");
  rate (f, "2026-01-08", "PHQ-9", 8);
  done (f, "2026-02-01");
  rate (f, "2026-02-05", "PHQ-9", 16);
  done (f, "2026-03-01");
  rate (f, "2026-03-05", "PHQ-9", 17);
  booked (f, "2026-03-29");

  flags = flags_as_of (f, "2026-03-06");
  g_assert_cmpuint (count (flags, EBB_FLAG_RELAPSE), ==, 1);
  g_assert_cmpint (nth (flags, EBB_FLAG_RELAPSE, 0)->day, ==, day ("2026-03-05"));
}

/* §4.4 Non-response ------------------------------------------------------------- */

/* MADRS B = 30, response at 15 or less.  T0 01-01 by infusion; day 28 is
 * 01-29.  With sessions on 01-01, 01-08 and 01-15 only 3 were given by
 * then: no judgement.  A fourth on 01-22 makes 4: the first rating after
 * 01-29 (25 on 01-31) and the one before it (24 on 01-20) are both not
 * responding: non-response on 01-31.  A response later closes it. */
static void
test_non_response_sessions_by_day_28 (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) three = NULL;
  g_autoptr(GPtrArray) four = NULL;

  rate (f, "2026-01-01", "MADRS", 30);
  add_session (f, "2026-01-01", EBB_SESSION_DONE, EBB_PHASE_INDUCTION, EBB_ROUTE_IV);
  add_session (f, "2026-01-08", EBB_SESSION_DONE, EBB_PHASE_INDUCTION, EBB_ROUTE_IV);
  add_session (f, "2026-01-15", EBB_SESSION_DONE, EBB_PHASE_INDUCTION, EBB_ROUTE_IV);
  booked (f, "2026-02-20");
  rate (f, "2026-01-20", "MADRS", 24);
  rate (f, "2026-01-31", "MADRS", 25);

  three = flags_as_of (f, "2026-02-01");
  g_assert_cmpuint (count (three, EBB_FLAG_NON_RESPONSE), ==, 0);

  add_session (f, "2026-01-22", EBB_SESSION_DONE, EBB_PHASE_INDUCTION, EBB_ROUTE_IV);
  rate (f, "2026-02-10", "MADRS", 14);
  four = flags_as_of (f, "2026-02-01");
  g_assert_cmpuint (count (four, EBB_FLAG_NON_RESPONSE), ==, 1);
  g_assert_cmpint (nth (four, EBB_FLAG_NON_RESPONSE, 0)->day, ==, day ("2026-01-31"));
  g_assert_cmpint (nth (four, EBB_FLAG_NON_RESPONSE, 0)->state, ==, EBB_FLAG_STATE_OPEN);
  /* best 24 is (30 − 24) / 30 = 20 % below the baseline */
  g_assert_cmpstr (nth (four, EBB_FLAG_NON_RESPONSE, 0)->detail, ==,
                   "No response after 4 sessions (2026-01-01 to 2026-01-22): best MADRS 24, 20 % below the "
                   "baseline of 30; response needs 15 or less (half of baseline 30).");

  g_clear_pointer (&four, g_ptr_array_unref);
  four = flags_as_of (f, "2026-02-11");
  g_assert_cmpint (nth (four, EBB_FLAG_NON_RESPONSE, 0)->state, ==, EBB_FLAG_STATE_RESOLVED);
  g_assert_cmpint (nth (four, EBB_FLAG_NON_RESPONSE, 0)->resolved_day, ==, day ("2026-02-10"));
}

/* By infusion the 6th session ends induction (01-13, before day 28); by
 * nasal spray the 8th does (01-17).  The first rating after it is judged:
 * by infusion 20 on 01-14 (the 01-13 rating, the first of that day, was
 * before the dose); by nasal spray 01-14 is inside induction and 21 on
 * 01-18 is judged. */
static void
test_non_response_route (Fixture *f, gconstpointer data)
{
  const char *days[] = { "2026-01-01", "2026-01-03", "2026-01-06", "2026-01-08", "2026-01-10",
                         "2026-01-13", "2026-01-15", "2026-01-17" };

  for (int intranasal = 0; intranasal < 2; intranasal++)
    {
      g_autoptr(GPtrArray) flags = NULL;

      g_ptr_array_set_size (f->records.sessions, 0);
      g_ptr_array_set_size (f->records.ratings, 0);
      rate (f, "2026-01-01", "MADRS", 30);
      for (guint i = 0; i < G_N_ELEMENTS (days); i++)
        add_session (f, days[i], EBB_SESSION_DONE, EBB_PHASE_INDUCTION,
                     intranasal ? EBB_ROUTE_INTRANASAL : EBB_ROUTE_IV);
      booked (f, "2026-02-20");
      rate (f, "2026-01-12", "MADRS", 19);
      rate (f, "2026-01-13", "MADRS", 18);
      rate (f, "2026-01-14", "MADRS", 20);
      rate (f, "2026-01-18", "MADRS", 21);

      flags = flags_as_of (f, "2026-01-19");
      g_assert_cmpuint (count (flags, EBB_FLAG_NON_RESPONSE), ==, 1);
      g_assert_cmpint (nth (flags, EBB_FLAG_NON_RESPONSE, 0)->day, ==,
                       day (intranasal ? "2026-01-18" : "2026-01-14"));
    }
}

/* A brief response on day 2 does not hide a non-response at the end of
 * induction: 20 on 01-12 and 21 on 01-14 are both not responding.  But
 * when the rating before the judged one responded, it is no flag. */
static void
test_non_response_brief_response (Fixture *f, gconstpointer data)
{
  const char *days[] = { "2026-01-01", "2026-01-03", "2026-01-06", "2026-01-08", "2026-01-10", "2026-01-13" };
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) recovered = NULL;

  rate (f, "2026-01-01", "MADRS", 30);
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    add_session (f, days[i], EBB_SESSION_DONE, EBB_PHASE_INDUCTION, EBB_ROUTE_IV);
  booked (f, "2026-02-20");
  rate (f, "2026-01-02", "MADRS", 14);   /* responding, briefly */
  rate (f, "2026-01-12", "MADRS", 20);   /* 20 − 14 = 6: also a fade */
  rate (f, "2026-01-14", "MADRS", 21);

  flags = flags_as_of (f, "2026-01-15");
  g_assert_cmpuint (count (flags, EBB_FLAG_NON_RESPONSE), ==, 1);
  g_assert_cmpint (nth (flags, EBB_FLAG_NON_RESPONSE, 0)->day, ==, day ("2026-01-14"));
  g_assert_cmpuint (count (flags, EBB_FLAG_FADED), ==, 1);

  /* The same with 14 on 01-12: the rating before the judged one responded. */
  ((EbbRating *) g_ptr_array_index (f->records.ratings, 2))->total = 14;
  recovered = flags_as_of (f, "2026-01-15");
  g_assert_cmpuint (count (recovered, EBB_FLAG_NON_RESPONSE), ==, 0);
}

/* §4.5 Fades -------------------------------------------------------------------- */

/* MADRS B = 30, response at 15 or less, meaningful change 6.  After the
 * response of 01-05 (nadir 12), ratings of 16 and 17 are wobbles (less than
 * 6 above 12), but a run of them not responding fades once it spans 14
 * days: 01-06 to 01-19 is 13 (no fade), to 01-20 is 14 (faded on 01-20,
 * 12 days before the session of 02-01).  At a fade-run setting of 20 it
 * does not fade yet. */
static void
test_fade_run (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) thirteen = NULL;
  g_autoptr(GPtrArray) fourteen = NULL;
  g_autoptr(GPtrArray) longer = NULL;
  const EbbFlag *flag;

  rate (f, "2026-01-01", "MADRS", 30);
  done (f, "2026-01-01");
  booked (f, "2026-02-01");
  rate (f, "2026-01-05", "MADRS", 12);
  rate (f, "2026-01-06", "MADRS", 16);
  rate (f, "2026-01-19", "MADRS", 17);
  rate (f, "2026-01-20", "MADRS", 17);

  thirteen = flags_as_of (f, "2026-01-19");
  g_assert_cmpuint (count (thirteen, EBB_FLAG_FADED), ==, 0);
  fourteen = flags_as_of (f, "2026-01-20");
  g_assert_cmpuint (count (fourteen, EBB_FLAG_FADED), ==, 1);
  flag = nth (fourteen, EBB_FLAG_FADED, 0);
  g_assert_cmpint (flag->day, ==, day ("2026-01-20"));
  g_assert_cmpint (flag->session_day, ==, day ("2026-01-01"));
  g_assert_cmpint (flag->next_session_day, ==, day ("2026-02-01"));
  g_assert_cmpint (flag->days_early, ==, 12);
  g_assert_nonnull (strstr (flag->detail, "not responding for 14 days since 2026-01-06"));

  g_assert_true (ebb_rule_settings_set_value (&f->settings, "fade-run-days", "20", NULL));
  longer = flags_as_of (f, "2026-01-20");
  g_assert_cmpuint (count (longer, EBB_FLAG_FADED), ==, 0);
}

/* §4.8 Projection ------------------------------------------------------------------ */

/* Sk = 11-02, Sk+1 = 11-30, B = 32 (response 16 or less).  On two ratings
 * (6, 10) there is no projection; on three, (1, 6), (8, 10), (15, 14):
 * b = 4/7, a = 38/7, and (38 + 4d)/7 > 16 first at d = 19: 11-21. */
static void
test_projection_needs_three (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) two = NULL;
  g_autoptr(EbbTrajectory) three = NULL;
  g_autoptr(GPtrArray) flags = NULL;

  rate (f, "2026-09-30", "MADRS", 32);
  done (f, "2026-10-01");
  rate (f, "2026-10-05", "MADRS", 12);
  done (f, "2026-11-02");
  booked (f, "2026-11-30");
  rate (f, "2026-11-03", "MADRS", 6);
  rate (f, "2026-11-10", "MADRS", 10);

  two = trajectory_as_of (f, "MADRS", "2026-11-12");
  g_assert_null (ebb_trajectory_get_projection (two));

  rate (f, "2026-11-17", "MADRS", 14);
  three = trajectory_as_of (f, "MADRS", "2026-11-20");
  g_assert_nonnull (ebb_trajectory_get_projection (three));
  g_assert_cmpuint (ebb_trajectory_get_projection (three)->n_points, ==, 3);
  flags = flags_as_of (f, "2026-11-20");
  g_assert_cmpuint (count (flags, EBB_FLAG_PROJECTED), ==, 1);
  g_assert_cmpint (nth (flags, EBB_FLAG_PROJECTED, 0)->day, ==, day ("2026-11-21"));
}

/* §4.6 Follow-up ---------------------------------------------------------------------- */

/* A booked session with no record is flagged 3 days after it, not 2. */
static void
test_unrecorded (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) two = NULL;
  g_autoptr(GPtrArray) three = NULL;
  const EbbFlag *flag;

  done (f, "2026-03-01");
  booked (f, "2026-03-10");

  two = flags_as_of (f, "2026-03-12");
  g_assert_cmpuint (count (two, EBB_FLAG_UNRECORDED), ==, 0);
  three = flags_as_of (f, "2026-03-13");
  g_assert_cmpuint (count (three, EBB_FLAG_UNRECORDED), ==, 1);
  flag = nth (three, EBB_FLAG_UNRECORDED, 0);
  g_assert_null (flag->scale);
  g_assert_cmpint (flag->day, ==, day ("2026-03-10"));
  g_assert_cmpint (flag->session_day, ==, day ("2026-03-10"));
  g_assert_cmpstr (flag->detail, ==, "The session booked for 2026-03-10 has no record.");
  g_assert_cmpstr (flag->suggestion, ==, "Record what happened.");
}

/* Missed: the two latest done-or-missed sessions both missed.  Missed,
 * done, missed is no flag; missed, missed is one dated the first; a third
 * miss does not move it, nor does a cancelled session between; a done
 * session closes it. */
static void
test_missed (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) apart = NULL;
  g_autoptr(GPtrArray) run = NULL;
  g_autoptr(GPtrArray) closed = NULL;

  done (f, "2026-03-01");
  add_session (f, "2026-03-08", EBB_SESSION_MISSED, EBB_PHASE_MAINTENANCE, EBB_ROUTE_IV);
  done (f, "2026-03-15");
  add_session (f, "2026-03-22", EBB_SESSION_MISSED, EBB_PHASE_MAINTENANCE, EBB_ROUTE_IV);
  booked (f, "2026-05-30");
  apart = flags_as_of (f, "2026-03-23");
  g_assert_cmpuint (count (apart, EBB_FLAG_MISSED), ==, 0);

  add_session (f, "2026-03-25", EBB_SESSION_CANCELLED, EBB_PHASE_MAINTENANCE, EBB_ROUTE_IV);
  add_session (f, "2026-03-29", EBB_SESSION_MISSED, EBB_PHASE_MAINTENANCE, EBB_ROUTE_IV);
  add_session (f, "2026-04-05", EBB_SESSION_MISSED, EBB_PHASE_MAINTENANCE, EBB_ROUTE_IV);
  run = flags_as_of (f, "2026-04-06");
  g_assert_cmpuint (count (run, EBB_FLAG_MISSED), ==, 1);
  g_assert_cmpint (nth (run, EBB_FLAG_MISSED, 0)->day, ==, day ("2026-03-22"));
  g_assert_cmpint (nth (run, EBB_FLAG_MISSED, 0)->session_day, ==, day ("2026-03-22"));
  g_assert_cmpint (nth (run, EBB_FLAG_MISSED, 0)->state, ==, EBB_FLAG_STATE_OPEN);
  g_assert_cmpstr (nth (run, EBB_FLAG_MISSED, 0)->suggestion, ==, "Contact the patient.");

  done (f, "2026-04-12");
  closed = flags_as_of (f, "2026-04-13");
  g_assert_cmpuint (count (closed, EBB_FLAG_MISSED), ==, 1);
  g_assert_cmpint (nth (closed, EBB_FLAG_MISSED, 0)->state, ==, EBB_FLAG_STATE_RESOLVED);
  g_assert_cmpint (nth (closed, EBB_FLAG_MISSED, 0)->resolved_day, ==, day ("2026-04-12"));
}

/* Lapsed: done 03-01 and 03-15 (interval 14, limit max (14, 21) = 21),
 * nothing booked.  As of 04-05, 21 days: not yet; as of 04-06, 22 > 21:
 * lapsed, dated 03-15 + 21 + 1 = 04-06.  With an interval of 28 the limit
 * is 42. */
static void
test_lapsed (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) at_limit = NULL;
  g_autoptr(GPtrArray) past = NULL;
  g_autoptr(GPtrArray) longer = NULL;
  const EbbFlag *flag;

  done (f, "2026-03-01");
  done (f, "2026-03-15");

  at_limit = flags_as_of (f, "2026-04-05");
  g_assert_cmpuint (count (at_limit, EBB_FLAG_LAPSED), ==, 0);
  past = flags_as_of (f, "2026-04-06");
  g_assert_cmpuint (count (past, EBB_FLAG_LAPSED), ==, 1);
  flag = nth (past, EBB_FLAG_LAPSED, 0);
  g_assert_cmpint (flag->day, ==, day ("2026-04-06"));
  g_assert_cmpint (flag->session_day, ==, day ("2026-03-15"));
  g_assert_cmpstr (flag->detail, ==,
                   "No session since 2026-03-15 (22 days; the last interval was 14) and nothing booked.");

  /* 03-15 → 04-12 is 28 days: limit 42, flag on 04-12 + 43 = 05-25. */
  done (f, "2026-04-12");
  longer = flags_as_of (f, "2026-05-25");
  g_assert_cmpuint (count (longer, EBB_FLAG_LAPSED), ==, 1);
  g_assert_cmpint (nth (longer, EBB_FLAG_LAPSED, 0)->day, ==, day ("2026-05-25"));
  g_clear_pointer (&longer, g_ptr_array_unref);
  longer = flags_as_of (f, "2026-05-24");
  g_assert_cmpuint (count (longer, EBB_FLAG_LAPSED), ==, 0);
}

/* §4.7 Blood pressure ------------------------------------------------------------------ */

static GPtrArray *
pressure_flags (Fixture *f,
                int      before_systolic,
                int      before_diastolic,
                int      after_systolic,
                int      after_diastolic)
{
  EbbSession *session;

  g_ptr_array_set_size (f->records.sessions, 0);
  session = done (f, "2026-03-02");
  ebb_test_set_pressures (session, before_systolic, before_diastolic, after_systolic, after_diastolic);
  booked (f, "2026-03-09");
  return flags_as_of (f, "2026-03-03");
}

/* Before dosing above 140/90: 140/90 is not, 141/90 and 140/91 are.  After
 * dosing 180/110 or more: 179/109 is not, 180/109 and 179/110 are. */
static void
test_blood_pressure_limits (Fixture *f, gconstpointer data)
{
  struct { int bs, bd, as, ad; guint flags; } cases[] = {
    { 140, 90, 0, 0, 0 },
    { 141, 90, 0, 0, 1 },
    { 140, 91, 0, 0, 1 },
    { 130, 80, 179, 109, 0 },
    { 130, 80, 180, 109, 1 },
    { 130, 80, 179, 110, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) flags = pressure_flags (f, cases[i].bs, cases[i].bd, cases[i].as, cases[i].ad);

      g_assert_cmpuint (count (flags, EBB_FLAG_BLOOD_PRESSURE), ==, cases[i].flags);
      if (cases[i].flags > 0)
        {
          const EbbFlag *flag = nth (flags, EBB_FLAG_BLOOD_PRESSURE, 0);

          g_assert_cmpint (flag->day, ==, day ("2026-03-02"));
          g_assert_cmpint (flag->session_day, ==, day ("2026-03-02"));
          g_assert_cmpint (flag->next_session_day, ==, day ("2026-03-09"));
          g_assert_null (flag->scale);
        }
    }
  {
    g_autoptr(GPtrArray) flags = pressure_flags (f, 141, 90, 0, 0);
    g_assert_cmpstr (nth (flags, EBB_FLAG_BLOOD_PRESSURE, 0)->detail, ==,
                     "Before dosing 141/90 on 2026-03-02, above 140/90.");
  }
}

static EbbReading *
add_reading (EbbSession *session,
             gint64      id,
             const char *time,
             gboolean    pre_dose,
             int         systolic,
             int         diastolic)
{
  EbbReading *reading = ebb_reading_new ();

  if (session->readings == NULL)
    session->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  reading->id = id;
  reading->session_id = session->id;
  g_assert_true (ebb_clock_time_parse (time, 0, &reading->time, NULL));
  reading->pre_dose = pre_dose;
  reading->systolic = systolic;
  reading->diastolic = diastolic;
  g_ptr_array_add (session->readings, reading);
  return reading;
}

/* The rule reads the last reading before dosing, not the first: 150/95 at
 * 09:00, then 136/86 at 09:20 after resting, is not flagged; the other
 * way round is, with the later one in the explanation.  After dosing it
 * reads the highest, wherever it falls (176/104, 184/100, 150/90: the
 * 184/100), and one that reaches the limit on its diastolic (170/112)
 * ranks above a higher systolic that does not (178/100). */
static void
test_blood_pressure_readings (Fixture *f, gconstpointer data)
{
  EbbSession *session;

  session = done (f, "2026-03-02");
  add_reading (session, 2, "09:20", TRUE, 136, 86);
  add_reading (session, 1, "09:00", TRUE, 150, 95);
  booked (f, "2026-03-09");
  {
    g_autoptr(GPtrArray) flags = flags_as_of (f, "2026-03-03");

    g_assert_cmpuint (count (flags, EBB_FLAG_BLOOD_PRESSURE), ==, 0);
  }

  g_ptr_array_set_size (f->records.sessions, 0);
  session = done (f, "2026-03-02");
  add_reading (session, 1, "09:00", TRUE, 136, 86);
  add_reading (session, 2, "09:20", TRUE, 150, 95);
  booked (f, "2026-03-09");
  {
    g_autoptr(GPtrArray) flags = flags_as_of (f, "2026-03-03");

    g_assert_cmpuint (count (flags, EBB_FLAG_BLOOD_PRESSURE), ==, 1);
    g_assert_cmpstr (nth (flags, EBB_FLAG_BLOOD_PRESSURE, 0)->detail, ==,
                     "Before dosing 150/95 on 2026-03-02, above 140/90.");
  }

  g_ptr_array_set_size (f->records.sessions, 0);
  session = done (f, "2026-03-02");
  add_reading (session, 1, "09:00", TRUE, 128, 80);
  add_reading (session, 2, "09:40", FALSE, 176, 104);
  add_reading (session, 3, "10:10", FALSE, 184, 100);
  add_reading (session, 4, "11:00", FALSE, 150, 90);
  booked (f, "2026-03-09");
  {
    g_autoptr(GPtrArray) flags = flags_as_of (f, "2026-03-03");
    const EbbFlag *flag;

    g_assert_cmpuint (count (flags, EBB_FLAG_BLOOD_PRESSURE), ==, 1);
    flag = nth (flags, EBB_FLAG_BLOOD_PRESSURE, 0);
    g_assert_cmpstr (flag->detail, ==, "After dosing 184/100 on 2026-03-02, at or above 180/110.");
    g_assert_cmpint (flag->highest_value[0], ==, 184);
    g_assert_cmpint (flag->highest_value[1], ==, 100);
  }

  g_ptr_array_set_size (f->records.sessions, 0);
  session = done (f, "2026-03-02");
  add_reading (session, 1, "09:40", FALSE, 178, 100);
  add_reading (session, 2, "10:10", FALSE, 170, 112);
  booked (f, "2026-03-09");
  {
    g_autoptr(GPtrArray) flags = flags_as_of (f, "2026-03-03");

    g_assert_cmpuint (count (flags, EBB_FLAG_BLOOD_PRESSURE), ==, 1);
    g_assert_cmpstr (nth (flags, EBB_FLAG_BLOOD_PRESSURE, 0)->detail, ==,
                     "After dosing 170/112 on 2026-03-02, at or above 180/110.");
  }

  /* Readings of heart rate alone say nothing of pressure. */
  g_ptr_array_set_size (f->records.sessions, 0);
  session = done (f, "2026-03-02");
  add_reading (session, 1, "09:40", FALSE, 0, 0)->heart_rate = 130;
  booked (f, "2026-03-09");
  {
    g_autoptr(GPtrArray) flags = flags_as_of (f, "2026-03-03");

    g_assert_cmpuint (count (flags, EBB_FLAG_BLOOD_PRESSURE), ==, 0);
  }
}

static void
add_pressure_session (Fixture    *f,
                      const char *when,
                      int         systolic,
                      int         diastolic)
{
  EbbSession *session = done (f, when);

  ebb_test_set_pressures (session, systolic, diastolic, 0, 0);
}

/* While open, later high sessions add to the one flag (3 high sessions:
 * one flag, latest 149/92, highest 152/96); a session within the limits
 * closes it. */
static void
test_blood_pressure_open_adds (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) closed = NULL;
  const EbbFlag *flag;

  add_pressure_session (f, "2026-03-02", 150, 95);
  add_pressure_session (f, "2026-03-09", 152, 96);
  add_pressure_session (f, "2026-03-16", 149, 92);
  booked (f, "2026-03-23");

  flags = flags_as_of (f, "2026-03-17");
  g_assert_cmpuint (count (flags, EBB_FLAG_BLOOD_PRESSURE), ==, 1);
  flag = nth (flags, EBB_FLAG_BLOOD_PRESSURE, 0);
  g_assert_cmpint (flag->day, ==, day ("2026-03-02"));
  g_assert_cmpuint (flag->n_events, ==, 3);
  g_assert_cmpint (flag->latest_value[0], ==, 149);
  g_assert_cmpint (flag->latest_value[1], ==, 92);
  g_assert_cmpint (flag->highest_value[0], ==, 152);
  g_assert_cmpint (flag->highest_value[1], ==, 96);
  g_assert_cmpint (flag->state, ==, EBB_FLAG_STATE_OPEN);

  add_pressure_session (f, "2026-03-23", 130, 85);
  closed = flags_as_of (f, "2026-03-24");
  g_assert_cmpuint (count (closed, EBB_FLAG_BLOOD_PRESSURE), ==, 1);
  g_assert_cmpint (nth (closed, EBB_FLAG_BLOOD_PRESSURE, 0)->state, ==, EBB_FLAG_STATE_RESOLVED);
  g_assert_cmpint (nth (closed, EBB_FLAG_BLOOD_PRESSURE, 0)->resolved_day, ==, day ("2026-03-23"));
}

/* A treated hypertension: after a decision on the flag of 03-02, 150/95
 * and 155/95 open nothing (below the treated limit 160/100); 165/95 does. */
static void
test_blood_pressure_treated (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) treated = NULL;
  g_autoptr(GPtrArray) higher = NULL;

  add_pressure_session (f, "2026-03-02", 150, 95);
  decide (f, EBB_FLAG_BLOOD_PRESSURE, NULL, "2026-03-02", "2026-03-03T09:00");
  add_pressure_session (f, "2026-03-09", 150, 95);
  add_pressure_session (f, "2026-03-16", 155, 95);
  booked (f, "2026-03-23");

  treated = flags_as_of (f, "2026-03-17");
  g_assert_cmpuint (count (treated, EBB_FLAG_BLOOD_PRESSURE), ==, 1);
  g_assert_cmpint (nth (treated, EBB_FLAG_BLOOD_PRESSURE, 0)->state, ==, EBB_FLAG_STATE_DECIDED);
  g_assert_cmpstr (nth (treated, EBB_FLAG_BLOOD_PRESSURE, 0)->decision->note, ==, "dose increased");

  add_pressure_session (f, "2026-03-23", 165, 95);
  higher = flags_as_of (f, "2026-03-24");
  g_assert_cmpuint (count (higher, EBB_FLAG_BLOOD_PRESSURE), ==, 2);
  g_assert_cmpint (nth (higher, EBB_FLAG_BLOOD_PRESSURE, 1)->day, ==, day ("2026-03-23"));
  g_assert_cmpint (nth (higher, EBB_FLAG_BLOOD_PRESSURE, 1)->state, ==, EBB_FLAG_STATE_OPEN);
}

/* §4.1 Suicide items ----------------------------------------------------------------- */

/* PHQ-9 items not recorded: the other 8 items give at most 24, so a total
 * of 24 proves nothing of item 9 and 25 proves it at least 1. */
static void
test_implied_alert_item (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  g_autoptr(GPtrArray) flags = NULL;

  done (f, "2026-03-02");
  booked (f, "2026-03-20");
  rate (f, "2026-03-05", "PHQ-9", 24);
  rate (f, "2026-03-08", "PHQ-9", 25);

  t = trajectory_as_of (f, "PHQ-9", "2026-03-09");
  g_assert_false (ebb_trajectory_get_point (t, 0)->suicide_alert);
  g_assert_true (ebb_trajectory_get_point (t, 0)->alert_unrecorded);
  g_assert_true (ebb_trajectory_get_point (t, 1)->suicide_alert);
  g_assert_true (ebb_trajectory_get_point (t, 1)->alert_implied);
  g_assert_cmpint (ebb_trajectory_get_point (t, 1)->alert_value, ==, 1);

  flags = flags_as_of (f, "2026-03-09");
  g_assert_cmpuint (count (flags, EBB_FLAG_SUICIDE_ITEM), ==, 1);
  g_assert_cmpint (nth (flags, EBB_FLAG_SUICIDE_ITEM, 0)->day, ==, day ("2026-03-08"));
  g_assert_cmpstr (nth (flags, EBB_FLAG_SUICIDE_ITEM, 0)->detail, ==,
                   "PHQ-9 25 on 2026-03-08 implies item 9 (thoughts of death or self-harm) was at least 1, "
                   "at or above the alert level of 1: the other items give at most 24.");
}

/* MADRS item 10 at 2 opens a flag; a later calm rating (item 10 at 0)
 * does not close it; a later 3 adds to it (no second flag); a decision
 * closes it; an alert after the decision opens a new one. */
static void
test_suicide_closed_by_decision (Fixture *f, gconstpointer data)
{
  const int alert2[10] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
  const int calm[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 0 };
  const int alert3[10] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 3 };
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) decided = NULL;
  g_autoptr(GPtrArray) again = NULL;
  const EbbFlag *flag;

  rate (f, "2026-02-28", "MADRS", 30);
  done (f, "2026-03-01");
  booked (f, "2026-04-01");
  rate_items (f, "2026-03-02", "MADRS", alert2, 10);
  rate_items (f, "2026-03-05", "MADRS", calm, 10);
  rate_items (f, "2026-03-08", "MADRS", alert3, 10);

  open = flags_as_of (f, "2026-03-09");
  g_assert_cmpuint (count (open, EBB_FLAG_SUICIDE_ITEM), ==, 1);
  flag = nth (open, EBB_FLAG_SUICIDE_ITEM, 0);
  g_assert_cmpint (flag->day, ==, day ("2026-03-02"));
  g_assert_cmpint (flag->state, ==, EBB_FLAG_STATE_OPEN);
  g_assert_cmpuint (flag->n_events, ==, 2);
  g_assert_cmpint (flag->latest_value[0], ==, 3);
  g_assert_cmpint (flag->highest_value[0], ==, 3);
  g_assert_nonnull (strstr (flag->detail, "Item 10 was 3 on 2026-03-08; 3 at most since 2026-03-02."));

  decide (f, EBB_FLAG_SUICIDE_ITEM, "MADRS", "2026-03-02", "2026-03-10T11:00");
  decided = flags_as_of (f, "2026-03-10");
  g_assert_cmpuint (count (decided, EBB_FLAG_SUICIDE_ITEM), ==, 1);
  g_assert_cmpint (nth (decided, EBB_FLAG_SUICIDE_ITEM, 0)->state, ==, EBB_FLAG_STATE_DECIDED);

  rate_items (f, "2026-03-15", "MADRS", alert2, 10);
  again = flags_as_of (f, "2026-03-16");
  g_assert_cmpuint (count (again, EBB_FLAG_SUICIDE_ITEM), ==, 2);
  g_assert_cmpint (nth (again, EBB_FLAG_SUICIDE_ITEM, 1)->day, ==, day ("2026-03-15"));
  g_assert_cmpint (nth (again, EBB_FLAG_SUICIDE_ITEM, 1)->state, ==, EBB_FLAG_STATE_OPEN);
  /* A replay before the decision's day does not see it. */
  g_clear_pointer (&decided, g_ptr_array_unref);
  decided = flags_as_of (f, "2026-03-09");
  g_assert_cmpint (nth (decided, EBB_FLAG_SUICIDE_ITEM, 0)->state, ==, EBB_FLAG_STATE_OPEN);
}

/* §2 Order ------------------------------------------------------------------------------ */

/* A second rating of a scale on a session's day is post-dose: drawn, kept
 * out of response (8 would respond to a baseline of 20), and it still
 * raises a suicide flag.  A PHQ-9 rating recorded between two MADRS ones
 * is the first PHQ-9 of the day, so pre-dose. */
static void
test_post_dose_rating (Fixture *f, gconstpointer data)
{
  const int items[9] = { 1, 1, 1, 1, 1, 1, 1, 0, 1 };   /* total 8, item 9 = 1 */
  g_autoptr(EbbTrajectory) phq9 = NULL;
  g_autoptr(EbbTrajectory) madrs = NULL;
  g_autoptr(GPtrArray) flags = NULL;

  done (f, "2026-03-01");
  booked (f, "2026-03-20");
  rate (f, "2026-03-01", "MADRS", 30);
  rate (f, "2026-03-01", "PHQ-9", 20);
  rate (f, "2026-03-01", "MADRS", 12);
  rate_items (f, "2026-03-01", "PHQ-9", items, 9);

  phq9 = trajectory_as_of (f, "PHQ-9", "2026-03-02");
  g_assert_cmpint (ebb_trajectory_get_baseline (phq9)->total, ==, 20);
  g_assert_false (ebb_trajectory_get_point (phq9, 0)->post_dose);
  g_assert_true (ebb_trajectory_get_point (phq9, 1)->post_dose);
  g_assert_false (ebb_trajectory_get_point (phq9, 1)->responding);
  g_assert_cmpuint (ebb_trajectory_get_n_episodes (phq9), ==, 0);

  madrs = trajectory_as_of (f, "MADRS", "2026-03-02");
  g_assert_cmpint (ebb_trajectory_get_baseline (madrs)->total, ==, 30);
  g_assert_true (ebb_trajectory_get_point (madrs, 1)->post_dose);

  flags = flags_as_of (f, "2026-03-02");
  g_assert_cmpuint (count (flags, EBB_FLAG_SUICIDE_ITEM), ==, 1);
  g_assert_cmpuint (count (flags, EBB_FLAG_FADED), ==, 0);
}

/* The clinician's answer, before or after the dose, wins over the order. */
static void
test_dose_relation_recorded (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  EbbRating *first;

  done (f, "2026-03-01");
  rate (f, "2026-02-27", "MADRS", 30);
  first = rate (f, "2026-03-01", "MADRS", 12);
  first->dose_relation = EBB_DOSE_RELATION_AFTER;

  t = trajectory_as_of (f, "MADRS", "2026-03-02");
  g_assert_cmpint (ebb_trajectory_get_baseline (t)->total, ==, 30);
  g_assert_true (ebb_trajectory_get_point (t, 1)->post_dose);
}

/* §3 Courses ---------------------------------------------------------------------------- */

/* 01-01 to 03-31 is 89 days: one course; 01-01 to 04-01 is 90: two. */
static void
test_course_gap (Fixture *f, gconstpointer data)
{
  for (int gap = 89; gap <= 90; gap++)
    {
      EbbPatientRecords records;
      g_autoptr(EbbTimeline) timeline = NULL;

      g_ptr_array_set_size (f->records.sessions, 0);
      done (f, "2026-01-01");
      done (f, gap == 89 ? "2026-03-31" : "2026-04-01");
      records = records_of (f);
      timeline = ebb_timeline_new (&records, day ("2026-04-02"), &f->settings);
      g_assert_cmpuint (ebb_timeline_get_n_courses (timeline), ==, gap == 89 ? 1 : 2);
    }
}

/* A re-induction after maintenance starts a course with its own baseline:
 * course 1 from 01-01 (baseline 30), induction again on 03-01 after the
 * maintenance session of 02-01: baseline 28 of 02-25, which belongs to no
 * earlier course (no fade of course 1, though 28 is far above its 15). */
static void
test_reinduction (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) t = NULL;
  g_autoptr(GPtrArray) flags = NULL;

  rate (f, "2025-12-31", "MADRS", 30);
  add_session (f, "2026-01-01", EBB_SESSION_DONE, EBB_PHASE_INDUCTION, EBB_ROUTE_IV);
  rate (f, "2026-01-10", "MADRS", 12);
  done (f, "2026-02-01");
  rate (f, "2026-02-25", "MADRS", 28);
  add_session (f, "2026-03-01", EBB_SESSION_DONE, EBB_PHASE_INDUCTION, EBB_ROUTE_IV);
  booked (f, "2026-03-15");
  rate (f, "2026-03-05", "MADRS", 13);

  t = trajectory_as_of (f, "MADRS", "2026-03-06");
  g_assert_cmpuint (ebb_trajectory_get_n_courses (t), ==, 2);
  g_assert_cmpint (ebb_trajectory_get_course (t, 0)->baseline->total, ==, 30);
  g_assert_cmpint (ebb_trajectory_get_course (t, 1)->baseline->total, ==, 28);
  g_assert_cmpint (ebb_trajectory_get_baseline (t)->total, ==, 28);
  g_assert_cmpint (ebb_trajectory_get_point (t, 2)->course, ==, -1);
  g_assert_cmpint (ebb_trajectory_get_point (t, 3)->course, ==, 1);
  /* 13 <= 28 / 2 = 14 */
  g_assert_cmpint (ebb_trajectory_get_status (t), ==, EBB_STATUS_RESPONDING);
  flags = flags_as_of (f, "2026-03-06");
  g_assert_cmpuint (count (flags, EBB_FLAG_FADED), ==, 0);
  g_assert_cmpuint (count (flags, EBB_FLAG_WORSENING), ==, 0);
}

/* §6: after an end, no follow-up flags; the fade before it is closed by
 * it; a done session after it starts a new course. */
static void
test_course_end (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) ended = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(EbbTimeline) timeline = NULL;
  EbbPatientRecords records;

  rate (f, "2025-12-31", "MADRS", 30);
  done (f, "2026-01-01");
  rate (f, "2026-01-05", "MADRS", 12);
  done (f, "2026-01-08");
  rate (f, "2026-01-15", "MADRS", 20);   /* faded: 20 − 12 = 8 */
  end_course (f, "2026-01-20", EBB_END_REASON_STOPPED_BY_PATIENT);

  ended = flags_as_of (f, "2026-04-01");
  g_assert_cmpuint (count (ended, EBB_FLAG_LAPSED), ==, 0);
  g_assert_cmpuint (count (ended, EBB_FLAG_FADED), ==, 1);
  g_assert_cmpint (nth (ended, EBB_FLAG_FADED, 0)->state, ==, EBB_FLAG_STATE_RESOLVED);
  g_assert_cmpint (nth (ended, EBB_FLAG_FADED, 0)->resolved_day, ==, day ("2026-01-20"));

  rate (f, "2026-02-27", "MADRS", 26);
  done (f, "2026-03-01");
  booked (f, "2026-03-10");
  records = records_of (f);
  timeline = ebb_timeline_new (&records, day ("2026-03-02"), &f->settings);
  g_assert_cmpuint (ebb_timeline_get_n_courses (timeline), ==, 2);
  g_assert_true (ebb_timeline_get_course (timeline, 0)->end != NULL);
  g_assert_null (ebb_timeline_get_course (timeline, 1)->end);
  again = flags_as_of (f, "2026-03-02");
  g_assert_cmpuint (count (again, EBB_FLAG_LAPSED), ==, 0);
}

/* §3 Words ------------------------------------------------------------------------------ */

/* Whole points: B = 21 responds at 10 (10.5 rounds down), said as such;
 * a PHQ-9 baseline of 8 is only mild (its second band), and says so. */
static void
test_whole_points_and_mild_baseline (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) madrs = NULL;
  g_autoptr(EbbTrajectory) phq9 = NULL;
  g_autofree char *need = NULL;
  g_autofree char *mild = NULL;

  rate (f, "2026-02-28", "MADRS", 21);
  rate (f, "2026-02-28", "PHQ-9", 8);
  done (f, "2026-03-01");
  rate (f, "2026-03-05", "MADRS", 10);

  madrs = trajectory_as_of (f, "MADRS", "2026-03-06");
  need = ebb_trajectory_describe_response_level (madrs);
  g_assert_cmpstr (need, ==, "response needs 10 or less (half of baseline 21)");
  g_assert_cmpint (ebb_trajectory_get_threshold_points (madrs), ==, 10);
  g_assert_true (ebb_trajectory_get_point (madrs, 1)->responding);

  phq9 = trajectory_as_of (f, "PHQ-9", "2026-03-06");
  mild = ebb_trajectory_describe_baseline (phq9);
  g_assert_cmpstr (mild, ==, "PHQ-9 8 on 2026-02-28 (baseline only mild: response means 4 or less)");
}

/* MADRS remission is the clinic's setting: 12 is remission at 12, not at
 * the default 10. */
static void
test_madrs_remission_setting (Fixture *f, gconstpointer data)
{
  g_autoptr(EbbTrajectory) by_default = NULL;
  g_autoptr(EbbTrajectory) trials = NULL;

  rate (f, "2026-02-28", "MADRS", 30);
  done (f, "2026-03-01");
  rate (f, "2026-03-05", "MADRS", 12);

  by_default = trajectory_as_of (f, "MADRS", "2026-03-06");
  g_assert_false (ebb_trajectory_get_point (by_default, 1)->remission);
  g_assert_true (ebb_rule_settings_set_value (&f->settings, "madrs-remission", "12", NULL));
  trials = trajectory_as_of (f, "MADRS", "2026-03-06");
  g_assert_true (ebb_trajectory_get_point (trials, 1)->remission);
  g_assert_cmpint (ebb_trajectory_get_status (trials), ==, EBB_STATUS_REMISSION);
}

/* Settings in their text form: defaults, ranges and what is refused. */
static void
test_settings_text (Fixture *f, gconstpointer data)
{
  EbbRuleSettings settings;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = ebb_rule_settings_list_keys ();
  g_autofree char *fraction = NULL;
  g_autofree char *pressure = NULL;

  ebb_rule_settings_init_defaults (&settings);
  g_assert_true (g_strv_contains ((const char * const *) keys, "meaningful-change.PHQ-9"));
  g_assert_false (g_strv_contains ((const char * const *) keys, "meaningful-change.CADSS"));
  g_assert_true (ebb_rule_settings_set_value (&settings, "response-fraction", "40%", &error));
  g_assert_no_error (error);
  fraction = ebb_rule_settings_get_value (&settings, "response-fraction");
  g_assert_cmpstr (fraction, ==, "0.4");
  g_assert_false (ebb_rule_settings_is_default (&settings, "response-fraction"));
  g_assert_true (ebb_rule_settings_set_value (&settings, "bp-before", " 150/95 ", &error));
  pressure = ebb_rule_settings_get_value (&settings, "bp-before");
  g_assert_cmpstr (pressure, ==, "150/95");

  g_assert_false (ebb_rule_settings_set_value (&settings, "bp-before", "80/120", &error));
  g_assert_error (error, EBB_RULE_SETTINGS_ERROR, EBB_RULE_SETTINGS_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "bp-before: "));
  g_clear_error (&error);
  g_assert_false (ebb_rule_settings_set_value (&settings, "baseline-days", "0", &error));
  g_clear_error (&error);
  g_assert_false (ebb_rule_settings_set_value (&settings, "meaningful-change.PHQ-9", "28", &error));
  g_clear_error (&error);
  g_assert_false (ebb_rule_settings_set_value (&settings, "no-such-key", "1", &error));
  g_assert_error (error, EBB_RULE_SETTINGS_ERROR, EBB_RULE_SETTINGS_ERROR_UNKNOWN_KEY);
  /* A refused value leaves the setting as it was. */
  g_clear_pointer (&pressure, g_free);
  pressure = ebb_rule_settings_get_value (&settings, "bp-before");
  g_assert_cmpstr (pressure, ==, "150/95");
}

/* §6: no projection for a course recorded as ended.  B = PHQ-9 20 (10 or
 * less responds); after Sk = 02-02, ratings (2, 4), (5, 5), (8, 6),
 * (11, 7): b = 15/45 = 1/3, a = 5.5 − 6.5/3 = 10/3; 10/3 + d/3 > 10 first
 * at d = 21: 02-23, before the session of 03-02.  The end of 02-14 stops
 * it. */
static void
test_projection_after_end (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;

  rate (f, "2026-01-04", "PHQ-9", 20);
  done (f, "2026-01-05");
  done (f, "2026-02-02");
  booked (f, "2026-03-02");
  rate (f, "2026-02-04", "PHQ-9", 4);
  rate (f, "2026-02-07", "PHQ-9", 5);
  rate (f, "2026-02-10", "PHQ-9", 6);
  rate (f, "2026-02-13", "PHQ-9", 7);

  before = flags_as_of (f, "2026-02-13");
  g_assert_cmpuint (count (before, EBB_FLAG_PROJECTED), ==, 1);
  g_assert_cmpint (nth (before, EBB_FLAG_PROJECTED, 0)->day, ==, day ("2026-02-23"));

  end_course (f, "2026-02-14", EBB_END_REASON_REMISSION);
  after = flags_as_of (f, "2026-02-15");
  g_assert_cmpuint (count (after, EBB_FLAG_PROJECTED), ==, 0);
}

/* A second alert on the decision's day, without a time, opens a flag of
 * its own: it may have come after the decision, and must not vanish into
 * it. */
static void
test_suicide_same_day_as_decision (Fixture *f, gconstpointer data)
{
  const int alert3[10] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 3 };
  g_autoptr(GPtrArray) flags = NULL;

  rate (f, "2026-02-28", "MADRS", 30);
  done (f, "2026-03-01");
  booked (f, "2026-04-01");
  rate_items (f, "2026-03-03", "MADRS", alert3, 10);
  decide (f, EBB_FLAG_SUICIDE_ITEM, "MADRS", "2026-03-03", "2026-03-05T10:00");
  rate_items (f, "2026-03-05", "MADRS", alert3, 10);

  flags = flags_as_of (f, "2026-03-06");
  g_assert_cmpuint (count (flags, EBB_FLAG_SUICIDE_ITEM), ==, 2);
  g_assert_cmpint (nth (flags, EBB_FLAG_SUICIDE_ITEM, 0)->state, ==, EBB_FLAG_STATE_DECIDED);
  g_assert_cmpint (nth (flags, EBB_FLAG_SUICIDE_ITEM, 1)->day, ==, day ("2026-03-05"));
  g_assert_cmpint (nth (flags, EBB_FLAG_SUICIDE_ITEM, 1)->state, ==, EBB_FLAG_STATE_OPEN);
}

/* The same on the flag's own day: an alert decided the day it was rated,
 * then a second alert that day: the second opens a flag of its own, which
 * the first decision does not decide, though both are dated that day. */
static void
test_suicide_decided_same_day_twice (Fixture *f, gconstpointer data)
{
  const int alert3[10] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 3 };
  const int alert4[10] = { 2, 2, 2, 2, 2, 2, 2, 2, 1, 4 };
  g_autoptr(GPtrArray) flags = NULL;

  rate (f, "2026-02-28", "MADRS", 30);
  done (f, "2026-03-01");
  booked (f, "2026-04-01");
  rate_items (f, "2026-03-05", "MADRS", alert3, 10);
  decide (f, EBB_FLAG_SUICIDE_ITEM, "MADRS", "2026-03-05", "2026-03-05T10:00");
  rate_items (f, "2026-03-05", "MADRS", alert4, 10);

  flags = flags_as_of (f, "2026-03-06");
  g_assert_cmpuint (count (flags, EBB_FLAG_SUICIDE_ITEM), ==, 2);
  g_assert_cmpint (nth (flags, EBB_FLAG_SUICIDE_ITEM, 0)->state, ==, EBB_FLAG_STATE_DECIDED);
  g_assert_cmpint (nth (flags, EBB_FLAG_SUICIDE_ITEM, 1)->day, ==, day ("2026-03-05"));
  g_assert_cmpint (nth (flags, EBB_FLAG_SUICIDE_ITEM, 1)->state, ==, EBB_FLAG_STATE_OPEN);
  g_assert_cmpint (nth (flags, EBB_FLAG_SUICIDE_ITEM, 1)->latest_value[0], ==, 4);
}

/* A session booked for the day itself keeps the patient from lapsing
 * that day: one done session on 01-01 (limit 21: lapsed from 01-23), one
 * booked for 03-01.  As of 03-01, nothing; as of 03-04, the booking has
 * passed unrecorded and the lapse, dated 01-23, is open. */
static void
test_lapsed_booked_today (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) today = NULL;
  g_autoptr(GPtrArray) later = NULL;

  done (f, "2026-01-01");
  booked (f, "2026-03-01");

  today = flags_as_of (f, "2026-03-01");
  g_assert_cmpuint (count (today, EBB_FLAG_LAPSED), ==, 0);
  later = flags_as_of (f, "2026-03-04");
  g_assert_cmpuint (count (later, EBB_FLAG_LAPSED), ==, 1);
  g_assert_cmpint (nth (later, EBB_FLAG_LAPSED, 0)->day, ==, day ("2026-01-23"));
  g_assert_cmpstr (nth (later, EBB_FLAG_LAPSED, 0)->detail, ==,
                   "No session since 2026-01-01 (62 days; the course's only session) and nothing booked.");
  g_assert_cmpuint (count (later, EBB_FLAG_UNRECORDED), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/rules/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("worsening/boundary", test_worsening);
  ADD ("worsening/setting", test_worsening_setting);
  ADD ("relapse/span", test_relapse_span);
  ADD ("relapse/every-3-days", test_relapse_every_3_days);
  ADD ("relapse/every-28-days", test_relapse_every_28_days);
  ADD ("non-response/sessions-by-day-28", test_non_response_sessions_by_day_28);
  ADD ("non-response/route", test_non_response_route);
  ADD ("non-response/brief-response", test_non_response_brief_response);
  ADD ("faded/run", test_fade_run);
  ADD ("projected/needs-three", test_projection_needs_three);
  ADD ("projected/after-end", test_projection_after_end);
  ADD ("follow-up/unrecorded", test_unrecorded);
  ADD ("follow-up/missed", test_missed);
  ADD ("follow-up/lapsed", test_lapsed);
  ADD ("follow-up/lapsed-booked-today", test_lapsed_booked_today);
  ADD ("blood-pressure/limits", test_blood_pressure_limits);
  ADD ("blood-pressure/readings", test_blood_pressure_readings);
  ADD ("blood-pressure/open-adds", test_blood_pressure_open_adds);
  ADD ("blood-pressure/treated", test_blood_pressure_treated);
  ADD ("suicide-item/implied", test_implied_alert_item);
  ADD ("suicide-item/closed-by-decision", test_suicide_closed_by_decision);
  ADD ("suicide-item/same-day-as-decision", test_suicide_same_day_as_decision);
  ADD ("suicide-item/decided-same-day-twice", test_suicide_decided_same_day_twice);
  ADD ("order/post-dose", test_post_dose_rating);
  ADD ("order/dose-relation", test_dose_relation_recorded);
  ADD ("course/gap", test_course_gap);
  ADD ("course/reinduction", test_reinduction);
  ADD ("course/end", test_course_end);
  ADD ("words/whole-points", test_whole_points_and_mild_baseline);
  ADD ("settings/madrs-remission", test_madrs_remission_setting);
  ADD ("settings/text", test_settings_text);
#undef ADD

  return g_test_run ();
}
