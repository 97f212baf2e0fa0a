/* test-decision.c — decisions on flags and ends of courses, as plain data
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected values are written by hand.
 */
#include "config.h"

#include <string.h>

#include "ebb-course-end.h"
#include "ebb-decision.h"

static void
test_decision_copy (void)
{
  g_autoptr(EbbDecision) decision = ebb_decision_new ();
  g_autoptr(EbbDecision) copy = NULL;

  g_assert_cmpint (decision->id, ==, 0);
  g_assert_null (decision->decided_at);
  g_assert_cmpint (decision->decided.day, ==, 0);
  g_assert_cmpint (decision->decided.second, ==, -1);

  decision->id = 7;
  decision->patient_id = 3;
  decision->kind = EBB_FLAG_FADED;
  decision->scale_id = g_strdup ("MADRS");
  decision->flag_day = 739684;
  decision->note = g_strdup ("dose increased");
  decision->user_name = g_strdup ("dra");
  decision->real_name = g_strdup ("Dr A. Example");
  g_assert_true (ebb_decision_set_decided_at (decision, "2026-03-04T10:15:00", NULL));

  copy = ebb_decision_copy (decision);
  g_clear_pointer (&decision, ebb_decision_free);
  g_assert_cmpint (copy->id, ==, 7);
  g_assert_cmpint (copy->patient_id, ==, 3);
  g_assert_cmpint (copy->kind, ==, EBB_FLAG_FADED);
  g_assert_cmpstr (copy->scale_id, ==, "MADRS");
  g_assert_cmpint (copy->flag_day, ==, 739684);
  g_assert_cmpstr (copy->note, ==, "dose increased");
  g_assert_cmpstr (copy->decided_at, ==, "2026-03-04T10:15:00");
  /* 2026-03-04 is day 739679 (2025-03-02 is 739312). */
  g_assert_cmpint (copy->decided.day, ==, 739679);
  g_assert_cmpint (copy->decided.second, ==, 10 * 3600 + 15 * 60);
  g_assert_cmpstr (copy->user_name, ==, "dra");
  g_assert_cmpstr (copy->real_name, ==, "Dr A. Example");
}

static void
test_decision_decided_at (void)
{
  g_autoptr(EbbDecision) decision = ebb_decision_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_decision_set_decided_at (decision, "2026-03-04", &error));
  g_assert_no_error (error);
  g_assert_cmpint (decision->decided.day, ==, 739679);
  g_assert_cmpint (decision->decided.second, ==, -1);

  /* A bad date leaves the decision as it was. */
  g_assert_false (ebb_decision_set_decided_at (decision, "2026-02-30T10:00", &error));
  g_assert_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_INVALID);
  g_assert_cmpstr (decision->decided_at, ==, "2026-03-04");
  g_assert_cmpint (decision->decided.day, ==, 739679);
}

static void
test_decision_set_now (void)
{
  g_autoptr(EbbDecision) decision = ebb_decision_new ();
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *before_text = g_date_time_format (before, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *after_text = NULL;
  const char *real_name = g_get_real_name ();

  decision->user_name = g_strdup ("someone else");
  ebb_decision_set_now (decision);
  after = g_date_time_new_now_local ();
  after_text = g_date_time_format (after, "%Y-%m-%dT%H:%M:%S");

  /* Local time to the second, without a zone: "2026-03-04T10:15:42". */
  g_assert_cmpuint (strlen (decision->decided_at), ==, 19);
  g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$",
                                       decision->decided_at, 0, 0));
  g_assert_cmpstr (decision->decided_at, >=, before_text);
  g_assert_cmpstr (decision->decided_at, <=, after_text);
  g_assert_cmpint (decision->decided.day, >, 0);
  g_assert_cmpint (decision->decided.second, >=, 0);

  g_assert_cmpstr (decision->user_name, ==, g_get_user_name ());
  if (g_str_equal (real_name, "Unknown") || *real_name == '\0')
    g_assert_null (decision->real_name);
  else
    g_assert_cmpstr (decision->real_name, ==, real_name);
}

static void
test_decision_describe (void)
{
  g_autoptr(EbbDecision) decision = ebb_decision_new ();
  g_autofree char *with_real_name = NULL;
  g_autofree char *with_user_name = NULL;
  g_autofree char *undated = NULL;

  undated = ebb_decision_describe (decision);
  g_assert_cmpstr (undated, ==, "Decided: ");

  decision->note = g_strdup ("dose increased");
  decision->user_name = g_strdup ("dra");
  decision->real_name = g_strdup ("Dr A. Example");
  g_assert_true (ebb_decision_set_decided_at (decision, "2026-03-04T10:15:00", NULL));
  with_real_name = ebb_decision_describe (decision);
  g_assert_cmpstr (with_real_name, ==, "Decided 2026-03-04 by Dr A. Example: dose increased");

  g_clear_pointer (&decision->real_name, g_free);
  with_user_name = ebb_decision_describe (decision);
  g_assert_cmpstr (with_user_name, ==, "Decided 2026-03-04 by dra: dose increased");
}

static void
test_end_reasons (void)
{
  static const struct
  {
    EbbEndReason reason;
    const char  *text;
    const char  *label;
  } reasons[] = {
    { EBB_END_REASON_NONE, "", "" },
    { EBB_END_REASON_REMISSION, "remission", "remission" },
    { EBB_END_REASON_STOPPED_BY_PATIENT, "stopped-by-patient", "stopped by the patient" },
    { EBB_END_REASON_STOPPED_BY_CLINICIAN, "stopped-by-clinician", "stopped by the clinician" },
    { EBB_END_REASON_MOVED, "moved", "moved away" },
    { EBB_END_REASON_OTHER, "other", "other" },
  };
  EbbEndReason reason;

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_assert_cmpstr (ebb_end_reason_to_string (reasons[i].reason), ==, reasons[i].text);
      g_assert_cmpstr (ebb_end_reason_to_label (reasons[i].reason), ==, reasons[i].label);
      reason = (EbbEndReason) 99;
      g_assert_true (ebb_end_reason_from_string (reasons[i].text, &reason));
      g_assert_cmpint (reason, ==, reasons[i].reason);
    }

  /* As files write them: any case, blanks around. */
  g_assert_true (ebb_end_reason_from_string ("  Stopped-By-Patient ", &reason));
  g_assert_cmpint (reason, ==, EBB_END_REASON_STOPPED_BY_PATIENT);
  g_assert_true (ebb_end_reason_from_string (NULL, &reason));
  g_assert_cmpint (reason, ==, EBB_END_REASON_NONE);

  reason = EBB_END_REASON_MOVED;
  g_assert_false (ebb_end_reason_from_string ("stopped", &reason));
  g_assert_false (ebb_end_reason_from_string ("stopped by patient", &reason));
  g_assert_false (ebb_end_reason_from_string ("remission.", &reason));
  g_assert_cmpint (reason, ==, EBB_END_REASON_MOVED);
}

static void
test_course_end_copy (void)
{
  g_autoptr(EbbCourseEnd) end = ebb_course_end_new ();
  g_autoptr(EbbCourseEnd) copy = NULL;

  g_assert_cmpint (end->reason, ==, EBB_END_REASON_NONE);
  g_assert_null (end->note);
  end->id = 2;
  end->patient_id = 5;
  end->day = 739679;
  end->reason = EBB_END_REASON_REMISSION;
  end->note = g_strdup ("MADRS 6 twice");

  copy = ebb_course_end_copy (end);
  g_clear_pointer (&end, ebb_course_end_free);
  g_assert_cmpint (copy->id, ==, 2);
  g_assert_cmpint (copy->patient_id, ==, 5);
  g_assert_cmpint (copy->day, ==, 739679);
  g_assert_cmpint (copy->reason, ==, EBB_END_REASON_REMISSION);
  g_assert_cmpstr (copy->note, ==, "MADRS 6 twice");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decision/copy", test_decision_copy);
  g_test_add_func ("/decision/decided-at", test_decision_decided_at);
  g_test_add_func ("/decision/set-now", test_decision_set_now);
  g_test_add_func ("/decision/describe", test_decision_describe);
  g_test_add_func ("/course-end/reasons", test_end_reasons);
  g_test_add_func ("/course-end/copy", test_course_end_copy);

  return g_test_run ();
}
