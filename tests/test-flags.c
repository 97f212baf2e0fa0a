/* test-flags.c — the clinic-wide scan, the example clinic, attention order
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ebb-csv.h"
#include "ebb-flags.h"
#include "ebb-import.h"
#include "ebb-test-utils.h"

/* The clinic in a file, or on the test server (ebb-test-utils.h). */
typedef EbbTestStoreFixture Fixture;

static gint32
day (const char *text)
{
  return ebb_date_parse_day (text, NULL);
}

/* The first seven CSV columns of a flag, as `ebb-cli flags --format csv`
 * writes them. */
static char *
flag_row (const EbbFlag *flag)
{
  g_autofree char *date = ebb_date_format (flag->day);
  g_autofree char *session = flag->session_day ? ebb_date_format (flag->session_day) : g_strdup ("");
  g_autofree char *next = flag->next_session_day ? ebb_date_format (flag->next_session_day) : g_strdup ("");
  g_autofree char *early = flag->has_days_early ? g_strdup_printf ("%d", flag->days_early) : g_strdup ("");

  return g_strjoin (",", flag->patient_code, flag->scale != NULL ? flag->scale->id : "",
                    ebb_flag_kind_to_string (flag->kind), date, session, next, early, NULL);
}

/* Issue acceptance: the example clinic's flags equal the example files,
 * row for row, in the first seven columns. */
static void
check_example_flags (Fixture       *f,
                     const char    *as_of,
                     EbbFlagsScope  scope,
                     const char    *expected_file)
{
  g_autofree char *path = g_build_filename (g_getenv ("EBB_EXAMPLES_DIR"), expected_file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(EbbCsvReader) reader = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  guint line, n = 0;

  ebb_test_import_examples (f->store);
  flags = ebb_flags_scan (f->store, day (as_of), scope, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  reader = ebb_csv_reader_new (contents, length);
  g_assert_true (ebb_csv_reader_next (reader, &fields, &line, &error));   /* header */
  g_clear_pointer (&fields, g_ptr_array_unref);

  while (ebb_csv_reader_next (reader, &fields, &line, &error))
    {
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;

      g_ptr_array_set_size (fields, MIN (fields->len, 7));
      g_ptr_array_add (fields, NULL);
      expected = g_strjoinv (",", (char **) fields->pdata);
      g_assert_cmpuint (n, <, flags->len);
      actual = flag_row (g_ptr_array_index (flags, n));
      g_assert_cmpstr (actual, ==, expected);
      g_clear_pointer (&fields, g_ptr_array_unref);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (flags->len, ==, n);
}

static void
test_example_open_2026_06_01 (Fixture *f, gconstpointer data)
{
  check_example_flags (f, "2026-06-01", EBB_FLAGS_OPEN, "flags-open-2026-06-01.csv");
}

static void
test_example_open_2026_11_20 (Fixture *f, gconstpointer data)
{
  check_example_flags (f, "2026-11-20", EBB_FLAGS_OPEN, "flags-open-2026-11-20.csv");
}

static void
test_example_all_2026_06_01 (Fixture *f, gconstpointer data)
{
  check_example_flags (f, "2026-06-01", EBB_FLAGS_ALL, "flags-all-2026-06-01.csv");
}

static void
test_example_all_2026_11_20 (Fixture *f, gconstpointer data)
{
  check_example_flags (f, "2026-11-20", EBB_FLAGS_ALL, "flags-all-2026-11-20.csv");
}

/* The review's two invisible patients are on Attention: C03-001 never
 * responded (PHQ-9 22 now), S03-011's relapse no longer ages out. */
static void
test_example_invisible_patients (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen_c03_001 = FALSE, seen_s03_011 = FALSE;

  ebb_test_import_examples (f->store);
  items = ebb_flags_attention (f->store, day ("2026-11-20"), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      const EbbAttentionItem *item = g_ptr_array_index (items, i);
      const EbbFlag *lead = g_ptr_array_index (item->flags, 0);

      if (g_str_equal (item->patient->code, "C03-001"))
        {
          seen_c03_001 = TRUE;
          g_assert_cmpint (lead->kind, ==, EBB_FLAG_NON_RESPONSE);
          g_assert_cmpint (item->latest_total, ==, 22);
        }
      if (g_str_equal (item->patient->code, "S03-011"))
        {
          seen_s03_011 = TRUE;
          g_assert_cmpint (lead->kind, ==, EBB_FLAG_SUICIDE_ITEM);
          g_assert_cmpuint (item->flags->len, ==, 4);
        }
    }
  g_assert_true (seen_c03_001);
  g_assert_true (seen_s03_011);
}

/* Helpers to build a small clinic by hand. */
static gint64
add_patient (Fixture    *f,
             const char *code)
{
  g_autoptr(EbbPatient) patient = ebb_patient_new (code, "");
  g_autoptr(GError) error = NULL;

  ebb_store_add_patient (f->store, patient, &error);
  g_assert_no_error (error);
  return patient->id;
}

static void
add_session (Fixture          *f,
             gint64            patient_id,
             const char       *when,
             EbbSessionStatus  status)
{
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_session_set_when (session, when, NULL));
  session->patient_id = patient_id;
  session->status = status;
  session->phase = EBB_PHASE_MAINTENANCE;
  session->route = EBB_ROUTE_IV;
  ebb_store_add_session (f->store, session, &error);
  g_assert_no_error (error);
}

static void
add_rating (Fixture    *f,
            gint64      patient_id,
            const char *when,
            int         total,
            const int  *items)
{
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_rating_set_when (rating, when, NULL));
  rating->patient_id = patient_id;
  rating->scale_id = g_strdup ("MADRS");
  rating->total = total;
  if (items != NULL)
    ebb_rating_set_items (rating, items, 10);
  ebb_store_add_rating (f->store, rating, &error);
  g_assert_no_error (error);
}

static void
add_decision (Fixture     *f,
              gint64       patient_id,
              EbbFlagKind  kind,
              const char  *scale_id,
              const char  *flag_day,
              const char  *decided_at)
{
  g_autoptr(EbbDecision) decision = ebb_decision_new ();
  g_autoptr(GError) error = NULL;

  decision->patient_id = patient_id;
  decision->kind = kind;
  decision->scale_id = g_strdup (scale_id);
  decision->flag_day = day (flag_day);
  decision->note = g_strdup ("reviewed, continue");
  g_assert_true (ebb_decision_set_decided_at (decision, decided_at, &error));
  decision->user_name = g_strdup ("dr.example");
  ebb_store_add_decision (f->store, decision, &error);
  g_assert_no_error (error);
}

/* A patient with baseline MADRS 32 (response: 16 or less), T0 2026-10-01,
 * responding at 12 on 10-05 and a done session on 11-02. */
static gint64
add_responder (Fixture    *f,
               const char *code)
{
  gint64 id = add_patient (f, code);

  add_rating (f, id, "2026-09-30", 32, NULL);
  add_session (f, id, "2026-10-01", EBB_SESSION_DONE);
  add_rating (f, id, "2026-10-05", 12, NULL);
  add_session (f, id, "2026-11-02", EBB_SESSION_DONE);
  return id;
}

/* As of 2026-11-20, worked out by hand from the rules:
 *  A: item 10 = 2 on 11-10 (alert level 2): suicide-item 11-10, and faded
 *     11-10 (20 is 8 above the nadir 12, 6 is meaningful); 11-30 booked.
 *     Now (a flag 10 days old), led by the suicide item.
 *  D: faded 11-18 (20, 8 above 12), nothing booked; lapsed not yet (last
 *     interval 32 days: limit 48).  Now, after A (faded is less urgent).
 *  C: worsening 10-20 (38 ≥ 32 + 6); 12-20 booked, 30 days away; only 2
 *     sessions by day 28, so no non-response.  Earlier: 31 days old.
 *  B: done 06-01 and 06-15 (interval 14, limit 21), nothing since: lapsed
 *     06-15 + 22 = 07-07, 136 days before 11-20: Lost to follow-up.
 *  H: lapsed as B, and a PHQ-9 of 25 rated by phone on 11-18 proves item 9
 *     (25 − 24 = 1): a suicide item 2 days old puts H in Now, first.
 *  F: as D, with a decision on the fade recorded 11-19: not listed.
 *  G: as D, with the course recorded as ended on 11-19: not listed. */
static void
test_attention_sections (Fixture *f, gconstpointer data)
{
  const int alert[10] = { 2, 2, 2, 2, 2, 2, 2, 2, 2, 2 };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "H", "A", "D", "C", "B" };
  const EbbAttentionSection sections[] = { EBB_ATTENTION_NOW, EBB_ATTENTION_NOW, EBB_ATTENTION_NOW,
                                           EBB_ATTENTION_EARLIER, EBB_ATTENTION_LOST };
  g_autoptr(EbbCourseEnd) end = ebb_course_end_new ();
  const EbbAttentionItem *a;
  guint n_f = 0;
  gint64 id;

  id = add_responder (f, "A");
  add_rating (f, id, "2026-11-10", 20, alert);
  add_session (f, id, "2026-11-30", EBB_SESSION_SCHEDULED);

  id = add_patient (f, "B");
  add_session (f, id, "2026-06-01", EBB_SESSION_DONE);
  add_session (f, id, "2026-06-15", EBB_SESSION_DONE);

  id = add_patient (f, "H");
  add_session (f, id, "2026-06-01", EBB_SESSION_DONE);
  add_session (f, id, "2026-06-15", EBB_SESSION_DONE);
  {
    g_autoptr(EbbRating) phone = ebb_rating_new ();

    g_assert_true (ebb_rating_set_when (phone, "2026-11-18", NULL));
    phone->patient_id = id;
    phone->scale_id = g_strdup ("PHQ-9");
    phone->total = 25;
    ebb_store_add_rating (f->store, phone, &error);
    g_assert_no_error (error);
  }

  id = add_patient (f, "C");
  add_rating (f, id, "2026-09-30", 32, NULL);
  add_session (f, id, "2026-10-01", EBB_SESSION_DONE);
  add_rating (f, id, "2026-10-20", 38, NULL);
  add_session (f, id, "2026-10-25", EBB_SESSION_DONE);
  add_session (f, id, "2026-12-20", EBB_SESSION_SCHEDULED);

  id = add_responder (f, "D");
  add_rating (f, id, "2026-11-18", 20, NULL);

  id = add_responder (f, "F");
  add_rating (f, id, "2026-11-18", 20, NULL);
  add_decision (f, id, EBB_FLAG_FADED, "MADRS", "2026-11-18", "2026-11-19T10:30");

  id = add_responder (f, "G");
  add_rating (f, id, "2026-11-18", 20, NULL);
  end->patient_id = id;
  end->day = day ("2026-11-19");
  end->reason = EBB_END_REASON_STOPPED_BY_PATIENT;
  ebb_store_add_course_end (f->store, end, &error);
  g_assert_no_error (error);

  items = ebb_flags_attention (f->store, day ("2026-11-20"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < items->len; i++)
    {
      const EbbAttentionItem *item = g_ptr_array_index (items, i);

      g_assert_cmpstr (item->patient->code, ==, expected[i]);
      g_assert_cmpint (item->section, ==, sections[i]);
      g_assert_nonnull (item->suggestion);
    }

  a = g_ptr_array_index (items, 1);
  g_assert_cmpuint (a->flags->len, ==, 2);
  g_assert_cmpint (((EbbFlag *) g_ptr_array_index (a->flags, 0))->kind, ==, EBB_FLAG_SUICIDE_ITEM);
  g_assert_cmpint (((EbbFlag *) g_ptr_array_index (a->flags, 1))->kind, ==, EBB_FLAG_FADED);
  g_assert_cmpstr (a->suggestion, ==, "Assess suicide risk today.");
  g_assert_cmpint (a->next_session_day, ==, day ("2026-11-30"));
  g_assert_cmpint (a->latest_total, ==, 20);
  g_assert_false (((EbbAttentionItem *) g_ptr_array_index (items, 2))->booked);

  /* The decided fade has left `flags`, but not `flags --all`, where it
   * shows its decision; the ended course's fade is resolved. */
  open = ebb_flags_scan (f->store, day ("2026-11-20"), EBB_FLAGS_OPEN, NULL, &error);
  g_assert_no_error (error);
  all = ebb_flags_scan (f->store, day ("2026-11-20"), EBB_FLAGS_ALL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < open->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (open, i);

      g_assert_cmpstr (flag->patient_code, !=, "F");
      g_assert_cmpstr (flag->patient_code, !=, "G");
    }
  for (guint i = 0; i < all->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (all, i);

      if (g_str_equal (flag->patient_code, "F"))
        {
          n_f++;
          g_assert_cmpint (flag->state, ==, EBB_FLAG_STATE_DECIDED);
          g_assert_cmpstr (flag->decision->note, ==, "reviewed, continue");
        }
      if (g_str_equal (flag->patient_code, "G"))
        {
          g_assert_cmpint (flag->state, ==, EBB_FLAG_STATE_RESOLVED);
          g_assert_cmpint (flag->resolved_day, ==, day ("2026-11-19"));
        }
    }
  g_assert_cmpuint (n_f, ==, 1);

  /* A replay before the decision does not see it (§5). */
  g_clear_pointer (&open, g_ptr_array_unref);
  open = ebb_flags_scan (f->store, day ("2026-11-18"), EBB_FLAGS_OPEN, NULL, &error);
  g_assert_no_error (error);
  n_f = 0;
  for (guint i = 0; i < open->len; i++)
    n_f += g_str_equal (((EbbFlag *) g_ptr_array_index (open, i))->patient_code, "F");
  g_assert_cmpuint (n_f, ==, 1);
}

/* A meaningful change set in the clinic file changes the flags: the same
 * 38 is worsening at the default 6 and not at 7 (32 + 7 = 39). */
static void
test_clinic_setting_changes_flags (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  EbbRuleSettings settings;
  gint64 id = add_patient (f, "C");
  guint n_worsening = 0;

  add_rating (f, id, "2026-09-30", 32, NULL);
  add_session (f, id, "2026-10-01", EBB_SESSION_DONE);
  add_rating (f, id, "2026-10-20", 38, NULL);
  add_session (f, id, "2026-12-20", EBB_SESSION_SCHEDULED);

  for (int round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) flags = NULL;

      g_assert_true (ebb_store_load_rule_settings (f->store, &settings, &error));
      g_assert_no_error (error);
      flags = ebb_flags_scan (f->store, day ("2026-11-20"), EBB_FLAGS_OPEN, &settings, &error);
      g_assert_no_error (error);
      n_worsening = 0;
      for (guint i = 0; i < flags->len; i++)
        n_worsening += ((EbbFlag *) g_ptr_array_index (flags, i))->kind == EBB_FLAG_WORSENING;
      g_assert_cmpuint (n_worsening, ==, round == 0 ? 1 : 0);

      g_assert_true (ebb_store_set_rule_setting (f->store, "meaningful-change.MADRS", "7", &error));
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  ebb_test_init_backend (argc, argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/flags/" path, Fixture, NULL, ebb_test_store_fixture_set_up, func, ebb_test_store_fixture_tear_down)
  ADD ("example/open-2026-06-01", test_example_open_2026_06_01);
  ADD ("example/open-2026-11-20", test_example_open_2026_11_20);
  ADD ("example/all-2026-06-01", test_example_all_2026_06_01);
  ADD ("example/all-2026-11-20", test_example_all_2026_11_20);
  ADD ("example/invisible-patients", test_example_invisible_patients);
  ADD ("attention-sections", test_attention_sections);
  ADD ("clinic-setting-changes-flags", test_clinic_setting_changes_flags);
#undef ADD

  return g_test_run ();
}
