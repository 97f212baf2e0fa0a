/* test-attention.c — one patient's Attention entry, as the clinic's scan gives it
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window reads one patient alone after a change to that patient's
 * records (ebb_patient_list_reload_patient()), and the whole clinic
 * otherwise: what it shows must not depend on which, and the store must
 * say one patient only when it was one patient.  For every patient
 * of the example clinic, ebb_flags_attention_for_records() on the records
 * read for that patient must give the entry and the follow-up that
 * ebb_flags_attention_with_follow_up() gives, field for field.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ebb-flags.h"
#include "ebb-import.h"
#include "ebb-patient-records.h"
#include "ebb-store-watch.h"
#include "ebb-test-utils.h"

/* The clinic in a file, or on the test server (ebb-test-utils.h). */
typedef EbbTestStoreFixture Fixture;

/* Everything an entry holds, as text, so that two entries compare whole
 * and a difference reads plainly in the test's log. */
static char *
describe_entry (const EbbAttentionItem *item)
{
  GString *text = g_string_new (NULL);

  if (item == NULL)
    return g_string_free (text, FALSE);

  g_string_append_printf (text, "%s (%" G_GINT64_FORMAT ") section %d next %d booked %d ended %d "
                          "latest %s %d %d suggestion %s\n",
                          item->patient->code, item->patient->id, item->section, item->next_session_day,
                          item->booked, item->course_ended,
                          item->latest_scale != NULL ? item->latest_scale->id : "-",
                          item->latest_total, item->latest_day, item->suggestion);
  for (guint i = 0; i < item->flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (item->flags, i);

      g_string_append_printf (text, "  %s %s %s %d session %d next %d early %d/%d state %d "
                              "events %u latest %d %d,%d%s highest %d %d,%d before %d interval %d "
                              "closed %" G_GINT64_FORMAT "\n    %s\n    %s\n",
                              flag->patient_code, ebb_flag_kind_to_string (flag->kind),
                              flag->scale != NULL ? flag->scale->id : "-", flag->day,
                              flag->session_day, flag->next_session_day, flag->has_days_early,
                              flag->days_early, flag->state, flag->n_events, flag->latest_day,
                              flag->latest_value[0], flag->latest_value[1],
                              flag->latest_implied ? " implied" : "", flag->highest_day,
                              flag->highest_value[0], flag->highest_value[1], flag->before_day,
                              flag->interval_day, flag->closed_predecessor,
                              flag->detail, flag->suggestion);
    }
  return g_string_free (text, FALSE);
}

static void
check_every_patient (Fixture    *f,
                     const char *as_of_text)
{
  gint32 as_of = ebb_date_parse_day (as_of_text, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GArray) follow_ups = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GHashTable) entry_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) follow_up_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  EbbRuleSettings rules;
  guint n_flagged = 0;

  g_assert_cmpint (as_of, >, 0);
  g_assert_true (ebb_store_load_rule_settings (f->store, &rules, &error));
  g_assert_no_error (error);
  whole = ebb_flags_attention_with_follow_up (f->store, as_of, &rules, &follow_ups, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < whole->len; i++)
    {
      EbbAttentionItem *item = g_ptr_array_index (whole, i);

      g_hash_table_insert (entry_by_id, &item->patient->id, item);
    }
  for (guint i = 0; i < follow_ups->len; i++)
    {
      EbbFollowUp *follow_up = &g_array_index (follow_ups, EbbFollowUp, i);

      g_hash_table_insert (follow_up_by_id, &follow_up->patient_id, follow_up);
    }

  patients = ebb_store_list_patients (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (follow_ups->len, ==, patients->len);
  for (guint i = 0; i < patients->len; i++)
    {
      const EbbPatient *patient = g_ptr_array_index (patients, i);
      g_auto(EbbPatientRecords) records = { 0 };
      g_autoptr(EbbAttentionItem) alone = NULL;
      const EbbFollowUp *expected_follow_up = g_hash_table_lookup (follow_up_by_id, &patient->id);
      g_autofree char *expected = NULL;
      g_autofree char *got = NULL;
      EbbFollowUp follow_up = { 0 };

      g_assert_true (ebb_patient_records_load (&records, f->store, patient->id, &error));
      g_assert_no_error (error);
      alone = ebb_flags_attention_for_records (&records, as_of, &rules, &follow_up);

      expected = describe_entry (g_hash_table_lookup (entry_by_id, &patient->id));
      got = describe_entry (alone);
      g_assert_cmpstr (got, ==, expected);
      n_flagged += alone != NULL;

      g_assert_nonnull (expected_follow_up);
      g_assert_cmpint (follow_up.patient_id, ==, expected_follow_up->patient_id);
      g_assert_cmpint (follow_up.next_session_day, ==, expected_follow_up->next_session_day);
      g_assert_cmpint (follow_up.course_ended, ==, expected_follow_up->course_ended);
    }
  /* Not vacuous: the example clinic flags patients on both days. */
  g_assert_cmpuint (n_flagged, ==, whole->len);
  g_assert_cmpuint (n_flagged, >, 0);
}

static void
test_example_clinic (Fixture       *f,
                     gconstpointer  data)
{
  ebb_test_import_examples (f->store);
  check_every_patient (f, "2026-06-01");
  check_every_patient (f, "2026-11-20");
}

/* Decisions and ends of courses are read with the patient too. */
static void
test_decided_and_ended (Fixture       *f,
                        gconstpointer  data)
{
  gint32 as_of = ebb_date_parse_day ("2026-11-20", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) whole = NULL;
  EbbRuleSettings rules;

  ebb_test_import_examples (f->store);
  ebb_rule_settings_init_defaults (&rules);
  whole = ebb_flags_attention (f->store, as_of, &rules, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (whole->len, >=, 2);

  /* The first flagged patient's lead flag decided, the second's course
   * ended: both change what a scan says of them. */
  {
    const EbbAttentionItem *item = g_ptr_array_index (whole, 0);
    const EbbFlag *flag = g_ptr_array_index (item->flags, 0);
    g_autoptr(EbbDecision) decision = ebb_decision_new ();

    decision->patient_id = item->patient->id;
    decision->kind = flag->kind;
    decision->scale_id = g_strdup (flag->scale != NULL ? flag->scale->id : NULL);
    decision->flag_day = flag->day;
    decision->note = g_strdup ("reviewed, continue");
    /* Before the as-of day: a replay does not see a later decision. */
    g_assert_true (ebb_decision_set_decided_at (decision, "2026-11-19T10:00:00", &error));
    decision->user_name = g_strdup ("dr.example");
    g_assert_no_error (error);
    ebb_store_add_decision (f->store, decision, &error);
    g_assert_no_error (error);
  }
  {
    const EbbAttentionItem *item = g_ptr_array_index (whole, 1);
    g_autoptr(EbbCourseEnd) end = ebb_course_end_new ();

    end->patient_id = item->patient->id;
    end->day = as_of - 1;
    end->reason = EBB_END_REASON_OTHER;
    g_assert_true (ebb_store_add_course_end (f->store, end, &error));
    g_assert_no_error (error);
  }
  check_every_patient (f, "2026-11-20");
}

/* What ebb_store_get_changed_patient() said in each EbbStore::changed. */
static void
store_changed_cb (EbbStore *store,
                  GArray   *said)
{
  gint64 id = ebb_store_get_changed_patient (store);

  g_array_append_val (said, id);
}

static gint64
changed_once (GArray *said)
{
  gint64 id;

  g_assert_cmpuint (said->len, ==, 1);
  id = g_array_index (said, gint64, 0);
  g_array_set_size (said, 0);
  return id;
}

static gint64
add_patient (EbbStore   *store,
             const char *code)
{
  g_autoptr(EbbPatient) patient = ebb_patient_new (code, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  return patient->id;
}

static EbbRating *
add_rating (EbbStore *store,
            gint64    patient_id)
{
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GError) error = NULL;

  rating->patient_id = patient_id;
  g_assert_true (ebb_rating_set_when (rating, "2026-11-02", NULL));
  rating->scale_id = g_strdup ("MADRS");
  rating->total = 20;
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&rating);
}

/* One patient's change names the patient; anything wider names none. */
static void
test_changed_patient (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GArray) said = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(EbbRating) rating = NULL;
  g_autoptr(EbbStore) elsewhere = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first, second;
  gint64 version = 0;
  gboolean noticed;

  g_signal_connect (f->store, "changed", G_CALLBACK (store_changed_cb), said);
  first = add_patient (f->store, "K-0001");
  g_assert_cmpint (changed_once (said), ==, first);
  second = add_patient (f->store, "K-0002");
  g_assert_cmpint (changed_once (said), ==, second);
  rating = add_rating (f->store, first);
  g_assert_cmpint (changed_once (said), ==, first);
  g_assert_cmpint (ebb_store_get_changed_patient (f->store), ==, 0);

  /* Several changes to one patient in one transaction: still that one. */
  g_assert_true (ebb_store_begin (f->store, NULL));
  g_clear_pointer (&rating, ebb_rating_free);
  rating = add_rating (f->store, second);
  g_assert_true (ebb_store_delete_rating (f->store, rating->id, NULL));
  g_assert_cmpuint (said->len, ==, 0);
  g_assert_true (ebb_store_commit (f->store, NULL));
  g_assert_cmpint (changed_once (said), ==, second);

  /* Two patients at once. */
  g_assert_true (ebb_store_begin (f->store, NULL));
  g_clear_pointer (&rating, ebb_rating_free);
  rating = add_rating (f->store, first);
  g_clear_pointer (&rating, ebb_rating_free);
  rating = add_rating (f->store, second);
  g_assert_true (ebb_store_commit (f->store, NULL));
  g_assert_cmpint (changed_once (said), ==, 0);

  /* The clinic's rule settings. */
  g_assert_true (ebb_store_set_rule_setting (f->store, "meaningful-change.MADRS", "8", &error));
  g_assert_no_error (error);
  g_assert_cmpint (changed_once (said), ==, 0);

  /* An import, even of one patient's rows. */
  {
    g_autofree char *path = g_build_filename (f->clinic.dir, "one.csv", NULL);
    const char *paths[] = { path, NULL };
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
    EbbImportStats stats = { 0 };

    g_assert_true (g_file_set_contents (path, "patient,date,scale,score\nK-0001,2026-11-09,MADRS,18\n", -1, NULL));
    ebb_import_files (f->store, paths, &stats, problems, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
    g_assert_cmpint (changed_once (said), ==, 0);
    g_unlink (path);
  }

  /* Another program's change, even to one patient. */
  g_assert_false (ebb_store_check_changed_elsewhere (f->store, &version));
  elsewhere = ebb_store_open (ebb_store_get_path (f->store), EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_pointer (&rating, ebb_rating_free);
  rating = add_rating (elsewhere, first);
  noticed = ebb_store_check_changed_elsewhere (f->store, &version);
  /* A server's announcement reaches this connection a moment after the
   * other's commit (test-workstations.c allows a window 2 s); a file's
   * count has changed at once. */
  for (gint64 start = g_get_monotonic_time ();
       !noticed && ebb_test_on_server () && g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC;
       g_usleep (10000))
    noticed = ebb_store_check_changed_elsewhere (f->store, &version);
  g_assert_true (noticed);
  /* A file only counts another's commits; a server announces whose. */
  g_assert_cmpint (changed_once (said), ==, ebb_test_on_server () ? first : 0);

  /* Rolled back: nothing announced. */
  g_assert_true (ebb_store_begin (f->store, NULL));
  g_clear_pointer (&rating, ebb_rating_free);
  rating = add_rating (f->store, first);
  ebb_store_rollback (f->store);
  g_assert_cmpuint (said->len, ==, 0);

  g_signal_handlers_disconnect_by_func (f->store, store_changed_cb, said);
}

int
main (int   argc,
      char *argv[])
{
  ebb_test_init_backend (argc, argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/attention/one-patient/example-clinic", Fixture, NULL,
              ebb_test_store_fixture_set_up, test_example_clinic, ebb_test_store_fixture_tear_down);
  g_test_add ("/attention/one-patient/decided-and-ended", Fixture, NULL,
              ebb_test_store_fixture_set_up, test_decided_and_ended, ebb_test_store_fixture_tear_down);

  g_test_add ("/attention/store/changed-patient", Fixture, NULL,
              ebb_test_store_fixture_set_up, test_changed_patient, ebb_test_store_fixture_tear_down);

  return g_test_run ();
}
