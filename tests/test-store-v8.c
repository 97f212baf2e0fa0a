/* test-store-v8.c — schema 8: the session record (issue 13)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file of schema 7 with blood pressures on its sessions, upgraded: each
 * pressure arrives as a reading; then the readings and medicines of
 * schema 8 added, changed, deleted and listed, with their audit entries.
 * Every test works in its own temporary folder; files are prepared and
 * inspected with SQLite directly.  Expected values are written by hand.
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "ebb-store.h"
#include "ebb-test-utils.h"

typedef EbbTestClinic Fixture;

/* Schema 7 as released, frozen here as SQLite keeps it in a file made by
 * that version (schema 5 of test-store-v6.c, then migration 7). */
static const char frozen_schema_v7[] =
  "CREATE TABLE patient (  id INTEGER PRIMARY KEY, "
  " code TEXT NOT NULL UNIQUE CHECK (length (trim (code)) > 0),  name TEXT NOT NULL DEFAULT '', "
  " birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100), "
  " preferred_scale TEXT,  notes TEXT,  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, "
  "1)), import_id INTEGER REFERENCES import (id));"
  "CREATE TABLE \"rating\" (  id INTEGER PRIMARY KEY, "
  " patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,  when_text TEXT NOT NULL, "
  " day INTEGER NOT NULL,  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399), "
  " scale TEXT NOT NULL,  total INTEGER NOT NULL,  items TEXT,  rater TEXT,  note TEXT, "
  "alert_item INTEGER, "
  "dose_relation TEXT  CHECK (dose_relation IS NULL OR dose_relation = 'before' OR dose_relation = 'after'), "
  "import_id INTEGER REFERENCES import (id));"
  "CREATE TABLE \"session\" (  id INTEGER PRIMARY KEY, "
  " patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,  when_text TEXT NOT NULL, "
  " day INTEGER NOT NULL,  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399), "
  " status TEXT NOT NULL CHECK (status = 'scheduled' OR status = 'done' OR status = 'cancelled' OR status = 'missed'), "
  " phase TEXT NOT NULL CHECK (phase = 'induction' OR phase = 'maintenance' OR phase = 'rescue'), "
  " route TEXT NOT NULL CHECK (route = 'iv' OR route = 'im' OR route = 'intranasal' OR route = 'oral' OR route = 'sublingual'), "
  " dose_mg REAL CHECK (dose_mg IS NULL OR dose_mg >= 0),  bp_before_systolic INTEGER, "
  " bp_before_diastolic INTEGER,  bp_after_systolic INTEGER,  bp_after_diastolic INTEGER,  note TEXT, "
  "import_id INTEGER REFERENCES import (id));"
  "CREATE TABLE rule_setting (  key TEXT PRIMARY KEY,  value TEXT NOT NULL);"
  "CREATE TABLE decision (  id INTEGER PRIMARY KEY, "
  " patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,  kind TEXT NOT NULL, "
  " scale TEXT,  flag_day INTEGER NOT NULL,  note TEXT NOT NULL,  decided_at TEXT NOT NULL, "
  " decided_day INTEGER NOT NULL,  user_name TEXT NOT NULL,  real_name TEXT);"
  "CREATE INDEX decision_patient ON decision (patient_id);"
  "CREATE TABLE course_end (  id INTEGER PRIMARY KEY, "
  " patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,  day INTEGER NOT NULL, "
  " reason TEXT,  note TEXT, import_id INTEGER REFERENCES import (id));"
  "CREATE UNIQUE INDEX course_end_patient_day ON course_end (patient_id, day);"
  "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status, phase, route, "
  " bp_before_systolic, bp_before_diastolic, bp_after_systolic, bp_after_diastolic);"
  "CREATE TABLE import (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL);"
  "CREATE TABLE \"audit\" (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL, "
  " action TEXT NOT NULL CHECK (action = 'insert' OR action = 'update' OR action = 'delete'    OR action = 'import' OR action = 'backup' OR action = 'restore'), "
  " table_name TEXT NOT NULL,  row_id INTEGER NOT NULL,  patient_id INTEGER,  patient_code TEXT, "
  " \"before\" TEXT,  \"after\" TEXT,  user_name TEXT,  host_name TEXT,  hash TEXT);"
  "CREATE INDEX audit_patient ON audit (patient_id);"
  "CREATE INDEX audit_import ON audit (row_id) WHERE table_name = 'import';"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit  BEGIN SELECT RAISE (ABORT, "
  "'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit  BEGIN SELECT RAISE (ABORT, "
  "'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit  WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)  BEGIN SELECT RAISE (ABORT, "
  "'the audit trail is append-only: an entry is never replaced'); END;"
  "CREATE INDEX rating_patient_time ON rating (patient_id, day, second, id, scale, total, items, "
  " alert_item, dose_relation);"
  "CREATE INDEX rating_patient_scale_time ON rating (patient_id, scale, day, second, id);"
  "PRAGMA application_id = 1164075553;"
  "PRAGMA user_version = 7;";

/* Pressures as schema 7 kept them: both (from an import), before only,
 * none, and one the store of schema 7 took but would not take today (a
 * systolic of 350 without its diastolic). */
static const char rows_v7[] =
  "INSERT INTO import (id, at) VALUES (1, '2026-03-01T08:00:00Z');"
  "INSERT INTO patient (id, code, name, import_id) VALUES (1, 'K-1', 'One', 1);"
  "INSERT INTO patient (id, code, name) VALUES (2, 'K-2', 'Two');"
  "INSERT INTO session (id, patient_id, when_text, day, second, status, phase, route, dose_mg,"
  "  bp_before_systolic, bp_before_diastolic, bp_after_systolic, bp_after_diastolic, note, import_id)"
  "  VALUES (1, 1, '2026-03-02T09:30', 739677, 34200, 'done', 'induction', 'intranasal', 84,"
  "  152, 94, 181, 111, 'first', 1);"
  "INSERT INTO session (id, patient_id, when_text, day, second, status, phase, route, dose_mg,"
  "  bp_before_systolic, bp_before_diastolic)"
  "  VALUES (2, 1, '2026-03-09', 739684, NULL, 'done', 'induction', 'intranasal', 56, 128, 82);"
  "INSERT INTO session (id, patient_id, when_text, day, second, status, phase, route)"
  "  VALUES (3, 1, '2026-03-16', 739691, NULL, 'scheduled', 'induction', 'intranasal');"
  "INSERT INTO session (id, patient_id, when_text, day, second, status, phase, route, dose_mg,"
  "  bp_after_systolic, note)"
  "  VALUES (4, 2, '2026-03-03T14:00', 739678, 50400, 'done', 'maintenance', 'iv', 35.5, 350, 'odd');";

/* Helpers */

static void
assert_reading (const EbbReading *reading,
                gint64            id,
                gint64            session_id,
                gint64            patient_id,
                gboolean          pre_dose,
                int               systolic,
                int               diastolic)
{
  g_assert_cmpint (reading->id, ==, id);
  g_assert_cmpint (reading->session_id, ==, session_id);
  g_assert_cmpint (reading->patient_id, ==, patient_id);
  g_assert_cmpint (reading->pre_dose, ==, pre_dose);
  g_assert_cmpint (reading->systolic, ==, systolic);
  g_assert_cmpint (reading->diastolic, ==, diastolic);
  g_assert_cmpint (reading->time, ==, -1);
  g_assert_cmpint (reading->heart_rate, ==, 0);
  g_assert_cmpint (reading->spo2, ==, 0);
  g_assert_null (reading->note);
}

/* Schema 8 */

static void
test_migrate_from_v7 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) readings = NULL;
  g_autoptr(GPtrArray) medicines = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *index_sql = NULL;
  const EbbSession *s;

  ebb_test_sql_exec (fixture->path, frozen_schema_v7);
  ebb_test_sql_exec (fixture->path, rows_v7);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, 7);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, EBB_STORE_SCHEMA_VERSION);

  sessions = ebb_store_list_sessions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 4);

  /* Both pressures: a reading before dosing and one after it, before
   * first; the pre-dose readings were numbered first. */
  s = g_ptr_array_index (sessions, 0);
  g_assert_cmpint (s->id, ==, 1);
  g_assert_cmpstr (s->when_text, ==, "2026-03-02T09:30");
  g_assert_cmpint (s->when.day, ==, 739677);
  g_assert_cmpint (s->when.second, ==, 34200);
  g_assert_cmpint (s->status, ==, EBB_SESSION_DONE);
  g_assert_cmpint (s->phase, ==, EBB_PHASE_INDUCTION);
  g_assert_cmpint (s->route, ==, EBB_ROUTE_INTRANASAL);
  g_assert_cmpfloat (s->dose_mg, ==, 84);
  g_assert_cmpstr (s->note, ==, "first");
  g_assert_cmpuint (s->readings->len, ==, 2);
  assert_reading (g_ptr_array_index (s->readings, 0), 1, 1, 1, TRUE, 152, 94);
  assert_reading (g_ptr_array_index (s->readings, 1), 3, 1, 1, FALSE, 181, 111);
  /* The new record is empty: nothing was recorded. */
  g_assert_cmpint (s->drug, ==, EBB_DRUG_NOT_RECORDED);
  g_assert_cmpint (s->duration_min, ==, 0);
  g_assert_null (s->lot);
  g_assert_cmpint (s->dose_time, ==, -1);
  g_assert_cmpint (s->discharge_time, ==, -1);
  g_assert_cmpint (s->sedation.level, ==, EBB_LEVEL_NOT_RECORDED);
  g_assert_cmpint (s->dissociation.level, ==, EBB_LEVEL_NOT_RECORDED);
  g_assert_cmpint (s->respiratory_spo2, ==, -1);
  g_assert_cmpint (s->effects, ==, 0);
  g_assert_cmpint (s->ready_min, ==, -1);
  g_assert_cmpint (s->vitals_ok_before, ==, EBB_ANSWER_NOT_RECORDED);
  g_assert_cmpint (s->transport_arranged, ==, EBB_ANSWER_NOT_RECORDED);
  g_assert_null (s->monitored_by);

  s = g_ptr_array_index (sessions, 1);
  g_assert_cmpint (s->id, ==, 2);
  g_assert_cmpstr (s->when_text, ==, "2026-03-09");
  g_assert_cmpint (s->when.second, ==, -1);
  g_assert_cmpfloat (s->dose_mg, ==, 56);
  g_assert_cmpuint (s->readings->len, ==, 1);
  assert_reading (g_ptr_array_index (s->readings, 0), 2, 2, 1, TRUE, 128, 82);

  s = g_ptr_array_index (sessions, 2);
  g_assert_cmpint (s->id, ==, 3);
  g_assert_cmpint (s->status, ==, EBB_SESSION_SCHEDULED);
  g_assert_cmpfloat (s->dose_mg, <, 0);
  g_assert_cmpuint (s->readings->len, ==, 0);

  /* Carried as it was, odd as it is. */
  s = g_ptr_array_index (sessions, 3);
  g_assert_cmpint (s->id, ==, 4);
  g_assert_cmpint (s->patient_id, ==, 2);
  g_assert_cmpstr (s->when_text, ==, "2026-03-03T14:00");
  g_assert_cmpint (s->phase, ==, EBB_PHASE_MAINTENANCE);
  g_assert_cmpint (s->route, ==, EBB_ROUTE_IV);
  g_assert_cmpfloat (s->dose_mg, ==, 35.5);
  g_assert_cmpstr (s->note, ==, "odd");
  g_assert_cmpuint (s->readings->len, ==, 1);
  assert_reading (g_ptr_array_index (s->readings, 0), 4, 4, 2, FALSE, 350, 0);

  /* The same four, listed on their own. */
  readings = ebb_store_list_readings (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (readings->len, ==, 4);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (readings, 0))->id, ==, 1);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (readings, 1))->id, ==, 3);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (readings, 2))->id, ==, 2);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (readings, 3))->id, ==, 4);
  medicines = ebb_store_list_medicines (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (medicines->len, ==, 0);
  g_clear_object (&store);

  /* The readings keep the import their session came with, so the
   * patient's trail still says where they came from. */
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT import_id FROM reading WHERE id = 1"), ==, 1);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT import_id FROM reading WHERE id = 3"), ==, 1);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM reading WHERE import_id IS NULL"), ==, 2);
  /* The pressure columns are gone, and with them the temporary table. */
  g_assert_cmpint (ebb_test_sql_int (fixture->path,
                            "SELECT count(*) FROM pragma_table_info ('session') WHERE name LIKE 'bp%'"), ==, 0);
  g_assert_cmpint (ebb_test_sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_temp_master"), ==, 0);
  /* The flag scan's covering index, without the pressures. */
  index_sql = ebb_test_sql_text (fixture->path, "SELECT sql FROM sqlite_master WHERE name = 'session_patient_time'");
  g_assert_cmpstr (index_sql, ==,
                   "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status, phase, route)");

  /* A file brought up to 8 is exactly a new file of 8, its foreign keys
   * and chain hold. */
  problems = ebb_test_check_problems (fixture->path);
  g_assert_cmpstr (problems, ==, "");
}

/* Readings: added, changed, listed with their session, deleted; each an
 * audit entry; a session's deletion takes (and audits) its readings. */
static void
test_readings (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-1", "Jane Doe");
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(EbbReading) pre = ebb_reading_new ();
  g_autoptr(EbbReading) post = ebb_reading_new ();
  g_autoptr(EbbReading) bad = ebb_reading_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  const EbbAuditEntry *entry;

  g_assert_no_error (error);
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  session->patient_id = patient->id;
  session->status = EBB_SESSION_DONE;
  session->route = EBB_ROUTE_INTRANASAL;
  g_assert_true (ebb_session_set_when (session, "2026-03-02T09:30", &error));
  g_assert_true (ebb_store_add_session (store, session, &error));
  g_assert_no_error (error);

  pre->session_id = session->id;
  pre->pre_dose = TRUE;
  pre->time = 9 * 3600 + 20 * 60;
  pre->systolic = 132;
  pre->diastolic = 84;
  pre->heart_rate = 72;
  g_assert_true (ebb_store_add_reading (store, pre, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pre->id, ==, 1);
  g_assert_cmpint (pre->patient_id, ==, 1);

  post->session_id = session->id;
  post->time = 10 * 3600 + 10 * 60;
  post->systolic = 168;
  post->diastolic = 98;
  post->spo2 = 95;
  post->note = g_strdup ("40 min");
  g_assert_true (ebb_store_add_reading (store, post, &error));
  g_assert_no_error (error);

  /* Changed: the after-dose reading was 172/101. */
  post->systolic = 172;
  post->diastolic = 101;
  g_assert_true (ebb_store_update_reading (store, post, &error));
  g_assert_no_error (error);

  list = ebb_store_list_session_readings (store, session->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (list, 1))->systolic, ==, 172);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (list, 1))->diastolic, ==, 101);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (list, 1))->spo2, ==, 95);
  g_assert_cmpstr (((EbbReading *) g_ptr_array_index (list, 1))->note, ==, "40 min");
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Refused, and nothing written: values no person has, no session. */
  bad->session_id = session->id;
  bad->systolic = 80;
  bad->diastolic = 120;
  g_assert_false (ebb_store_add_reading (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "Blood pressure 80/120 is not plausible: the systolic, written first, "
                                       "must be above the diastolic (were they swapped?)");
  g_clear_error (&error);
  /* Each number in range, but 280 apart: a slip. */
  bad->systolic = 300;
  bad->diastolic = 20;
  g_assert_false (ebb_store_add_reading (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  /* 220/20 is 200 apart: the edge, taken. */
  bad->systolic = 220;
  g_assert_true (ebb_store_add_reading (store, bad, &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_delete_reading (store, bad->id, &error));
  g_assert_no_error (error);
  bad->id = 0;
  bad->systolic = 301;
  bad->diastolic = 100;
  g_assert_false (ebb_store_add_reading (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  bad->systolic = 120;
  bad->diastolic = 80;
  bad->heart_rate = -1;
  g_assert_false (ebb_store_add_reading (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "Heart rate -1 is not plausible: use 20–250 beats a minute, or leave it empty");
  g_clear_error (&error);
  bad->heart_rate = 0;
  bad->systolic = bad->diastolic = 0;
  bad->heart_rate = 0;
  g_assert_false (ebb_store_add_reading (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "A reading needs a blood pressure, a heart rate or a saturation");
  g_clear_error (&error);
  bad->spo2 = 101;
  g_assert_false (ebb_store_add_reading (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "Oxygen saturation 101 is not plausible: use 50–100 %, or leave it empty");
  g_clear_error (&error);
  bad->spo2 = 0;
  bad->heart_rate = 0;
  bad->heart_rate = 60;
  bad->session_id = 42;
  g_assert_false (ebb_store_add_reading (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_clear_error (&error);

  g_assert_true (ebb_store_delete_session (store, session->id, &error));
  g_assert_no_error (error);
  list = ebb_store_list_readings (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);

  audit = ebb_store_list_audit (store, patient->id, &error);
  g_assert_no_error (error);
  /* patient, session, 2 readings, 1 change, the 220/20 in and out, the
   * 2 readings and the session deleted */
  g_assert_cmpuint (audit->len, ==, 10);
  entry = g_ptr_array_index (audit, 2);
  g_assert_cmpstr (entry->action, ==, "insert");
  g_assert_cmpstr (entry->table_name, ==, "reading");
  g_assert_cmpint (entry->row_id, ==, 1);
  g_assert_cmpstr (entry->patient_code, ==, "K-1");
  g_assert_null (entry->before);
  g_assert_cmpstr (entry->after, ==,
                   "{\"id\":1,\"session_id\":1,\"time\":33600,\"pre_dose\":1,\"systolic\":132,"
                   "\"diastolic\":84,\"heart_rate\":72,\"spo2\":null,\"note\":null}");
  entry = g_ptr_array_index (audit, 4);
  g_assert_cmpstr (entry->action, ==, "update");
  g_assert_cmpstr (entry->table_name, ==, "reading");
  g_assert_cmpint (entry->row_id, ==, 2);
  g_assert_cmpstr (entry->before, ==,
                   "{\"id\":2,\"session_id\":1,\"time\":36600,\"pre_dose\":0,\"systolic\":168,"
                   "\"diastolic\":98,\"heart_rate\":null,\"spo2\":95,\"note\":\"40 min\"}");
  g_assert_cmpstr (entry->after, ==,
                   "{\"id\":2,\"session_id\":1,\"time\":36600,\"pre_dose\":0,\"systolic\":172,"
                   "\"diastolic\":101,\"heart_rate\":null,\"spo2\":95,\"note\":\"40 min\"}");
  entry = g_ptr_array_index (audit, 7);
  g_assert_cmpstr (entry->action, ==, "delete");
  g_assert_cmpstr (entry->table_name, ==, "reading");
  g_assert_cmpint (entry->row_id, ==, 1);
  g_assert_nonnull (entry->before);
  g_assert_null (entry->after);
  entry = g_ptr_array_index (audit, 8);
  g_assert_cmpstr (entry->action, ==, "delete");
  g_assert_cmpstr (entry->table_name, ==, "reading");
  g_assert_cmpint (entry->row_id, ==, 2);
  entry = g_ptr_array_index (audit, 9);
  g_assert_cmpstr (entry->action, ==, "delete");
  g_assert_cmpstr (entry->table_name, ==, "session");
}

/* Medicines: added, changed, listed, deleted, audited; a patient's
 * deletion takes (and audits) their medicines and readings. */
static void
test_medicines (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-1", "Jane Doe");
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(EbbMedicine) lorazepam = ebb_medicine_new ();
  g_autoptr(EbbMedicine) bad = ebb_medicine_new ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  const EbbMedicine *m;
  const EbbAuditEntry *entry;
  gint64 patient_id;

  g_assert_no_error (error);
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  patient_id = patient->id;

  lorazepam->patient_id = patient_id;
  lorazepam->klass = EBB_MEDICINE_BENZODIAZEPINE;
  lorazepam->name = g_strdup ("  lorazepam ");
  lorazepam->start_day = ebb_date_from_ymd (2026, 2, 1);
  g_assert_true (ebb_store_add_medicine (store, lorazepam, &error));
  g_assert_no_error (error);
  g_assert_cmpint (lorazepam->id, ==, 1);
  g_assert_cmpstr (lorazepam->name, ==, "lorazepam");

  lorazepam->stop_day = ebb_date_from_ymd (2026, 3, 15);
  g_assert_true (ebb_store_update_medicine (store, lorazepam, &error));
  g_assert_no_error (error);

  bad->patient_id = patient_id;
  bad->klass = EBB_MEDICINE_PSYCHOSTIMULANT;
  bad->name = g_strdup ("methylphenidate");
  bad->start_day = ebb_date_from_ymd (2026, 3, 10);
  bad->stop_day = ebb_date_from_ymd (2026, 3, 9);
  g_assert_false (ebb_store_add_medicine (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==,
                   "The medicine was stopped before it was started (2026-03-10): check the two days");
  g_clear_error (&error);
  bad->stop_day = 0;
  g_free (bad->name);
  bad->name = g_strdup (" ");
  g_assert_false (ebb_store_add_medicine (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "A medicine needs a name");
  g_clear_error (&error);
  g_free (bad->name);
  bad->name = g_strdup ("methylphenidate");
  g_assert_true (ebb_store_add_medicine (store, bad, &error));
  g_assert_no_error (error);

  list = ebb_store_list_medicines (store, patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  m = g_ptr_array_index (list, 0);
  g_assert_cmpint (m->klass, ==, EBB_MEDICINE_BENZODIAZEPINE);
  g_assert_cmpstr (m->name, ==, "lorazepam");
  g_assert_cmpint (m->start_day, ==, ebb_date_from_ymd (2026, 2, 1));
  g_assert_cmpint (m->stop_day, ==, ebb_date_from_ymd (2026, 3, 15));
  m = g_ptr_array_index (list, 1);
  g_assert_cmpint (m->klass, ==, EBB_MEDICINE_PSYCHOSTIMULANT);
  g_assert_cmpint (m->stop_day, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (ebb_store_delete_medicine (store, bad->id, &error));
  g_assert_no_error (error);

  /* The patient goes with a session, its reading and the medicine left. */
  session->patient_id = patient_id;
  session->status = EBB_SESSION_DONE;
  g_assert_true (ebb_session_set_when (session, "2026-03-02", &error));
  g_assert_true (ebb_store_add_session (store, session, &error));
  ebb_test_store_pressures (store, session->id, 150, 95, 0, 0);
  g_assert_true (ebb_store_delete_patient (store, patient_id, &error));
  g_assert_no_error (error);
  list = ebb_store_list_medicines (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);

  audit = ebb_store_list_audit (store, patient_id, &error);
  g_assert_no_error (error);
  /* patient, medicine, change, methylphenidate in and out, session,
   * reading; then the reading, the medicine, the session, the patient */
  g_assert_cmpuint (audit->len, ==, 11);
  entry = g_ptr_array_index (audit, 1);
  g_assert_cmpstr (entry->action, ==, "insert");
  g_assert_cmpstr (entry->table_name, ==, "medicine");
  g_assert_cmpstr (entry->after, ==,
                   "{\"id\":1,\"patient_id\":1,\"class\":\"benzodiazepine\",\"name\":\"lorazepam\","
                   "\"start\":\"2026-02-01\",\"stop\":null}");
  entry = g_ptr_array_index (audit, 2);
  g_assert_cmpstr (entry->action, ==, "update");
  g_assert_cmpstr (entry->after, ==,
                   "{\"id\":1,\"patient_id\":1,\"class\":\"benzodiazepine\",\"name\":\"lorazepam\","
                   "\"start\":\"2026-02-01\",\"stop\":\"2026-03-15\"}");
  entry = g_ptr_array_index (audit, 7);
  g_assert_cmpstr (entry->action, ==, "delete");
  g_assert_cmpstr (entry->table_name, ==, "reading");
  entry = g_ptr_array_index (audit, 8);
  g_assert_cmpstr (entry->action, ==, "delete");
  g_assert_cmpstr (entry->table_name, ==, "medicine");
  g_assert_cmpint (entry->row_id, ==, 1);
  g_assert_null (entry->after);
  entry = g_ptr_array_index (audit, 9);
  g_assert_cmpstr (entry->table_name, ==, "session");
  entry = g_ptr_array_index (audit, 10);
  g_assert_cmpstr (entry->table_name, ==, "patient");
}

/* The session record's fields go in and come back as they were. */
static void
test_session_record (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-1", "Jane Doe");
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(GPtrArray) list = NULL;
  const EbbSession *s;

  g_assert_no_error (error);
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  session->patient_id = patient->id;
  session->status = EBB_SESSION_DONE;
  session->route = EBB_ROUTE_IV;
  session->dose_mg = 40;
  g_assert_true (ebb_session_set_when (session, "2026-03-02T09:30", &error));
  session->drug = EBB_DRUG_KETAMINE;
  session->duration_min = 40;
  session->lot = g_strdup ("L-2291");
  session->dose_time = 9 * 3600 + 35 * 60;
  session->discharge_time = 11 * 3600 + 5 * 60;
  session->sedation = (EbbObservedLevel) { EBB_LEVEL_MOAAS, 4, EBB_ANSWER_YES };
  session->dissociation = (EbbObservedLevel) { EBB_LEVEL_MODERATE, 0, EBB_ANSWER_NO };
  session->respiratory_spo2 = 91;
  session->respiratory_resolved = EBB_ANSWER_YES;
  session->effects = EBB_EFFECT_NAUSEA | EBB_EFFECT_OTHER;
  session->other_effect = g_strdup ("tingling lips");
  session->ready_min = 75;
  session->vitals_ok_before = EBB_ANSWER_YES;
  session->vitals_ok_discharge = EBB_ANSWER_NO;
  session->transport_arranged = EBB_ANSWER_YES;
  session->monitored_by = g_strdup ("N. Okafor");
  g_assert_true (ebb_store_add_session (store, session, &error));
  g_assert_no_error (error);

  list = ebb_store_list_sessions (store, patient->id, &error);
  g_assert_no_error (error);
  s = g_ptr_array_index (list, 0);
  g_assert_cmpint (s->drug, ==, EBB_DRUG_KETAMINE);
  g_assert_cmpint (s->duration_min, ==, 40);
  g_assert_cmpstr (s->lot, ==, "L-2291");
  g_assert_cmpint (s->dose_time, ==, 34500);
  g_assert_cmpint (s->discharge_time, ==, 39900);
  g_assert_cmpint (s->sedation.level, ==, EBB_LEVEL_MOAAS);
  g_assert_cmpint (s->sedation.moaas, ==, 4);
  g_assert_cmpint (s->sedation.resolved, ==, EBB_ANSWER_YES);
  g_assert_cmpint (s->dissociation.level, ==, EBB_LEVEL_MODERATE);
  g_assert_cmpint (s->dissociation.resolved, ==, EBB_ANSWER_NO);
  g_assert_cmpint (s->respiratory_spo2, ==, 91);
  g_assert_cmpint (s->respiratory_resolved, ==, EBB_ANSWER_YES);
  g_assert_cmpint (s->effects, ==, EBB_EFFECT_NAUSEA | EBB_EFFECT_OTHER);
  g_assert_cmpstr (s->other_effect, ==, "tingling lips");
  g_assert_cmpint (s->ready_min, ==, 75);
  g_assert_cmpint (s->vitals_ok_before, ==, EBB_ANSWER_YES);
  g_assert_cmpint (s->vitals_ok_discharge, ==, EBB_ANSWER_NO);
  g_assert_cmpint (s->transport_arranged, ==, EBB_ANSWER_YES);
  g_assert_cmpstr (s->monitored_by, ==, "N. Okafor");
  g_assert_cmpint (ebb_session_minutes_monitored (s), ==, 90);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A dissociation has no MOAA/S score: refused, nothing written. */
  session->id = 0;
  session->dissociation = (EbbObservedLevel) { EBB_LEVEL_MOAAS, 2, EBB_ANSWER_NOT_RECORDED };
  g_assert_false (ebb_store_add_session (store, session, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  list = ebb_store_list_sessions (store, patient->id, &error);
  g_assert_cmpuint (list->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-v8/migrate-from-v7", Fixture, NULL,
              ebb_test_clinic_set_up, test_migrate_from_v7, ebb_test_clinic_tear_down);
  g_test_add ("/store-v8/readings", Fixture, NULL,
              ebb_test_clinic_set_up, test_readings, ebb_test_clinic_tear_down);
  g_test_add ("/store-v8/medicines", Fixture, NULL,
              ebb_test_clinic_set_up, test_medicines, ebb_test_clinic_tear_down);
  g_test_add ("/store-v8/session-record", Fixture, NULL,
              ebb_test_clinic_set_up, test_session_record, ebb_test_clinic_tear_down);

  return g_test_run ();
}
