/* test-concurrency.c — two workstations editing one clinic at once
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two connections stand for two workstations (a file's two windows, or a
 * server's two clients: EBB_TEST_BACKEND).  Each reads a record into its
 * editor; the first to save wins; the second is refused with a message
 * naming who changed it, and nothing of either is lost: the first's
 * change is stored, and the second's editor still holds what was typed
 * (here, its own copy), to be saved once it has read the record again.
 */
#include "config.h"

#include <string.h>

#include "ebb-decision.h"
#include "ebb-store.h"
#include "ebb-test-utils.h"

typedef struct
{
  EbbTestClinic  clinic;   /* first: the folder's helpers take the fixture */
  EbbStore      *nurse;
  EbbStore      *doctor;
  gint64         patient_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-0001", "Synthetic One");

  ebb_test_clinic_set_up (&f->clinic, data);
  f->nurse = ebb_store_open (f->clinic.path, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  f->doctor = ebb_store_open (f->clinic.path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (ebb_store_add_patient (f->nurse, patient, &error));
  g_assert_no_error (error);
  f->patient_id = patient->id;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->nurse);
  g_clear_object (&f->doctor);
  ebb_test_clinic_tear_down (&f->clinic, data);
}

static EbbRating *
new_rating (gint64      patient_id,
            const char *when,
            const char *scale,
            int         total)
{
  EbbRating *rating = ebb_rating_new ();

  g_assert_true (ebb_rating_set_when (rating, when, NULL));
  rating->patient_id = patient_id;
  rating->scale_id = g_strdup (scale);
  rating->total = total;
  return rating;
}

static EbbRating *
read_rating (EbbStore *store,
             gint64    patient_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ratings = ebb_store_list_ratings (store, patient_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 1);
  return ebb_rating_copy (g_ptr_array_index (ratings, 0));
}

static void
test_rating_edited_twice (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbRating) rating = new_rating (f->patient_id, "2026-03-02T09:00", "MADRS", 30);
  g_autoptr(EbbRating) nurse_read = NULL;
  g_autoptr(EbbRating) doctor_read = NULL;
  g_autoptr(EbbRating) nurse_typed = NULL;
  g_autoptr(EbbRating) doctor_typed = NULL;
  g_autoptr(EbbRating) stored = NULL;

  g_assert_true (ebb_store_add_rating (f->nurse, rating, &error));
  g_assert_no_error (error);

  /* Both open the rating. */
  nurse_read = read_rating (f->nurse, f->patient_id);
  doctor_read = read_rating (f->doctor, f->patient_id);
  nurse_typed = ebb_rating_copy (nurse_read);
  nurse_typed->total = 24;
  doctor_typed = ebb_rating_copy (doctor_read);
  doctor_typed->total = 26;
  doctor_typed->note = g_strdup ("typed by the doctor");

  /* The nurse saves first. */
  g_assert_true (ebb_store_update_rating_if_unchanged (f->nurse, nurse_read, nurse_typed, &error));
  g_assert_no_error (error);

  /* The doctor is refused, told by whom, and the nurse's change stands. */
  g_assert_false (ebb_store_update_rating_if_unchanged (f->doctor, doctor_read, doctor_typed, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHANGED);
  g_assert_nonnull (strstr (error->message, "Changed by "));
  g_assert_nonnull (strstr (error->message, "what you typed is still here"));
  g_clear_error (&error);
  stored = read_rating (f->doctor, f->patient_id);
  g_assert_cmpint (stored->total, ==, 24);
  g_assert_null (stored->note);

  /* What the doctor typed is saved once the rating is read again. */
  g_assert_true (ebb_store_update_rating_if_unchanged (f->doctor, stored, doctor_typed, &error));
  g_assert_no_error (error);
  g_clear_pointer (&stored, ebb_rating_free);
  stored = read_rating (f->nurse, f->patient_id);
  g_assert_cmpint (stored->total, ==, 26);
  g_assert_cmpstr (stored->note, ==, "typed by the doctor");
}

/* An edit that does not say what it read overwrites, as ebb-cli does. */
static void
test_overwrite_without_as_read (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbRating) rating = new_rating (f->patient_id, "2026-03-02", "PHQ-9", 18);
  g_autoptr(EbbRating) doctor_read = NULL;
  g_autoptr(EbbRating) changed = NULL;
  g_autoptr(EbbRating) stored = NULL;

  g_assert_true (ebb_store_add_rating (f->nurse, rating, &error));
  doctor_read = read_rating (f->doctor, f->patient_id);
  changed = ebb_rating_copy (doctor_read);
  changed->total = 12;
  g_assert_true (ebb_store_update_rating (f->nurse, changed, &error));
  g_assert_no_error (error);
  changed->total = 10;
  g_assert_true (ebb_store_update_rating_if_unchanged (f->doctor, NULL, changed, &error));
  g_assert_no_error (error);
  stored = read_rating (f->nurse, f->patient_id);
  g_assert_cmpint (stored->total, ==, 10);
}

static void
test_patient_and_session (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) nurse_read = ebb_store_get_patient (f->nurse, f->patient_id, &error);
  g_autoptr(EbbPatient) doctor_read = ebb_store_get_patient (f->doctor, f->patient_id, &error);
  g_autoptr(EbbPatient) nurse_typed = ebb_patient_copy (nurse_read);
  g_autoptr(EbbPatient) doctor_typed = ebb_patient_copy (doctor_read);
  g_autoptr(EbbPatient) stored = NULL;
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(EbbSession) doctor_session = NULL;
  g_autoptr(EbbSession) nurse_session = NULL;

  g_assert_no_error (error);
  g_free (nurse_typed->notes);
  nurse_typed->notes = g_strdup ("allergic to latex");
  g_free (doctor_typed->name);
  doctor_typed->name = g_strdup ("Synthetic Renamed");
  g_assert_true (ebb_store_update_patient_if_unchanged (f->nurse, nurse_read, nurse_typed, &error));
  g_assert_no_error (error);
  g_assert_false (ebb_store_update_patient_if_unchanged (f->doctor, doctor_read, doctor_typed, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHANGED);
  g_clear_error (&error);
  stored = ebb_store_get_patient (f->doctor, f->patient_id, &error);
  g_assert_cmpstr (stored->notes, ==, "allergic to latex");
  g_assert_cmpstr (stored->name, ==, "Synthetic One");

  g_assert_true (ebb_session_set_when (session, "2026-03-03T10:00", NULL));
  session->patient_id = f->patient_id;
  session->status = EBB_SESSION_DONE;
  session->phase = EBB_PHASE_INDUCTION;
  session->route = EBB_ROUTE_IV;
  g_assert_true (ebb_store_add_session (f->nurse, session, &error));
  g_assert_no_error (error);
  sessions = ebb_store_list_sessions (f->doctor, f->patient_id, &error);
  g_assert_no_error (error);
  doctor_session = ebb_session_copy (g_ptr_array_index (sessions, 0));
  nurse_session = ebb_session_copy (doctor_session);
  nurse_session->dose_mg = 35;
  g_assert_true (ebb_store_update_session_if_unchanged (f->nurse, doctor_session, nurse_session,
                                                        &error));
  g_assert_no_error (error);
  doctor_session->dose_mg = 40;
  g_assert_false (ebb_store_update_session_if_unchanged (f->doctor, g_ptr_array_index (sessions, 0),
                                                         doctor_session, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHANGED);
}

/* A record deleted elsewhere is said to be gone, not changed. */
static void
test_deleted_elsewhere (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbRating) rating = new_rating (f->patient_id, "2026-03-02", "MADRS", 30);
  g_autoptr(EbbRating) doctor_read = NULL;
  g_autoptr(EbbRating) typed = NULL;

  g_assert_true (ebb_store_add_rating (f->nurse, rating, &error));
  doctor_read = read_rating (f->doctor, f->patient_id);
  typed = ebb_rating_copy (doctor_read);
  typed->total = 20;
  g_assert_true (ebb_store_delete_rating (f->nurse, rating->id, &error));
  g_assert_no_error (error);
  g_assert_false (ebb_store_update_rating_if_unchanged (f->doctor, doctor_read, typed, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
}

/* A decision made now is signed by whoever is connected: on a server the
 * database user the audit trail names, never the workstation's account,
 * which several people may share; in a file, the account. */
static void
test_decision_signed_by_connection (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbDecision) decision = ebb_decision_new ();
  g_autofree char *expected = ebb_test_audit_user_name (f->clinic.path);
  g_autoptr(GPtrArray) stored = NULL;
  const EbbDecision *first;

  decision->patient_id = f->patient_id;
  decision->kind = EBB_FLAG_MISSED;
  decision->flag_day = 20000;
  decision->note = g_strdup ("rebooked");
  g_assert_true (ebb_store_add_decision (f->doctor, decision, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (decision->user_name, ==, expected);

  stored = ebb_store_list_decisions (f->nurse, f->patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  first = g_ptr_array_index (stored, 0);
  g_assert_cmpstr (first->user_name, ==, expected);
  if (ebb_test_on_server ())
    g_assert_null (first->real_name);
}

int
main (int    argc,
      char **argv)
{
  ebb_test_init_backend (argc, argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/concurrency/rating-edited-twice", Fixture, NULL,
              fixture_set_up, test_rating_edited_twice, fixture_tear_down);
  g_test_add ("/concurrency/overwrite-without-as-read", Fixture, NULL,
              fixture_set_up, test_overwrite_without_as_read, fixture_tear_down);
  g_test_add ("/concurrency/patient-and-session", Fixture, NULL,
              fixture_set_up, test_patient_and_session, fixture_tear_down);
  g_test_add ("/concurrency/deleted-elsewhere", Fixture, NULL,
              fixture_set_up, test_deleted_elsewhere, fixture_tear_down);
  g_test_add ("/concurrency/decision-signed-by-connection", Fixture, NULL,
              fixture_set_up, test_decision_signed_by_connection, fixture_tear_down);
  return g_test_run ();
}
