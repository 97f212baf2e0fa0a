/* test-store-v9.c — schema 9: events on the chart (issue 13)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file of schema 8 with a patient, a session and a medicine, upgraded:
 * its rows stay, and an empty event table arrives; then events added,
 * changed, refused, deleted and listed, with their audit entries, and
 * taken away with their patient.  Every test works in its own temporary
 * folder; files are prepared and inspected with SQLite directly.
 * Expected values are written by hand.
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "ebb-patient-records.h"
#include "ebb-store.h"
#include "ebb-test-utils.h"

typedef EbbTestClinic Fixture;

/* Schema 8 as released, frozen here as SQLite keeps it in a file made by
 * that version (schema 7 of test-store-v8.c, then migration 8). */
static const char frozen_schema_v8[] =
  "CREATE TABLE patient (  id INTEGER PRIMARY KEY,  code TEXT NOT NULL UNIQUE CHECK (length "
  "(trim (code)) > 0),  name TEXT NOT NULL DEFAULT '',  birth_year INTEGER CHECK (birth_year "
  "IS NULL OR birth_year BETWEEN 1900 AND 2100),  preferred_scale TEXT,  notes TEXT,  archived "
  "INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)), import_id INTEGER REFERENCES import "
  "(id));"
  "CREATE TABLE \"rating\" (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES "
  "patient (id) ON DELETE CASCADE,  when_text TEXT NOT NULL,  day INTEGER NOT NULL,  second "
  "INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),  scale TEXT NOT NULL,  total "
  "INTEGER NOT NULL,  items TEXT,  rater TEXT,  note TEXT, alert_item INTEGER, dose_relation "
  "TEXT  CHECK (dose_relation IS NULL OR dose_relation = 'before' OR dose_relation = 'after'), "
  "import_id INTEGER REFERENCES import (id));"
  "CREATE TABLE rule_setting (  key TEXT PRIMARY KEY,  value TEXT NOT NULL);"
  "CREATE TABLE decision (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES "
  "patient (id) ON DELETE CASCADE,  kind TEXT NOT NULL,  scale TEXT,  flag_day INTEGER NOT "
  "NULL,  note TEXT NOT NULL,  decided_at TEXT NOT NULL,  decided_day INTEGER NOT NULL,  "
  "user_name TEXT NOT NULL,  real_name TEXT);"
  "CREATE INDEX decision_patient ON decision (patient_id);"
  "CREATE TABLE course_end (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES "
  "patient (id) ON DELETE CASCADE,  day INTEGER NOT NULL,  reason TEXT,  note TEXT, import_id "
  "INTEGER REFERENCES import (id));"
  "CREATE UNIQUE INDEX course_end_patient_day ON course_end (patient_id, day);"
  "CREATE TABLE import (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL);"
  "CREATE TABLE \"audit\" (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL,  action TEXT NOT NULL "
  "CHECK (action = 'insert' OR action = 'update' OR action = 'delete'    OR action = 'import' "
  "OR action = 'backup' OR action = 'restore'),  table_name TEXT NOT NULL,  row_id INTEGER NOT "
  "NULL,  patient_id INTEGER,  patient_code TEXT,  \"before\" TEXT,  \"after\" TEXT,  "
  "user_name TEXT,  host_name TEXT,  hash TEXT);"
  "CREATE INDEX audit_patient ON audit (patient_id);"
  "CREATE INDEX audit_import ON audit (row_id) WHERE table_name = 'import';"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit  BEGIN SELECT RAISE (ABORT, 'the "
  "audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit  BEGIN SELECT RAISE (ABORT, 'the "
  "audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit  WHEN EXISTS (SELECT 1 FROM audit "
  "WHERE id = NEW.id)  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only: an entry is "
  "never replaced'); END;"
  "CREATE INDEX rating_patient_time ON rating (patient_id, day, second, id, scale, total, "
  "items,  alert_item, dose_relation);"
  "CREATE INDEX rating_patient_scale_time ON rating (patient_id, scale, day, second, id);"
  "CREATE TABLE \"session\" (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES "
  "patient (id) ON DELETE CASCADE,  when_text TEXT NOT NULL,  day INTEGER NOT NULL,  second "
  "INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),  status TEXT NOT NULL CHECK "
  "(status = 'scheduled' OR status = 'done' OR status = 'cancelled' OR status = 'missed'),  "
  "phase TEXT NOT NULL CHECK (phase = 'induction' OR phase = 'maintenance' OR phase = "
  "'rescue'),  route TEXT NOT NULL CHECK (route = 'iv' OR route = 'im' OR route = 'intranasal' "
  "OR route = 'oral' OR route = 'sublingual'),  dose_mg REAL CHECK (dose_mg IS NULL OR dose_mg "
  ">= 0),  note TEXT,  import_id INTEGER REFERENCES import (id),  drug TEXT CHECK (drug IS "
  "NULL OR drug = 'ketamine' OR drug = 'esketamine'),  duration_min INTEGER CHECK "
  "(duration_min IS NULL OR duration_min > 0),  lot TEXT,  dose_time INTEGER CHECK (dose_time "
  "IS NULL OR dose_time BETWEEN 0 AND 86399),  discharge_time INTEGER CHECK (discharge_time IS "
  "NULL OR discharge_time BETWEEN 0 AND 86399),  sedation TEXT,  sedation_resolved INTEGER "
  "CHECK (sedation_resolved IS NULL OR sedation_resolved = 0 OR sedation_resolved = 1),  "
  "dissociation TEXT,  dissociation_resolved INTEGER CHECK (dissociation_resolved IS NULL OR "
  "dissociation_resolved = 0 OR dissociation_resolved = 1),  respiratory_spo2 INTEGER CHECK "
  "(respiratory_spo2 IS NULL OR respiratory_spo2 BETWEEN 0 AND 100),  respiratory_resolved "
  "INTEGER CHECK (respiratory_resolved IS NULL OR respiratory_resolved = 0 OR "
  "respiratory_resolved = 1),  effects TEXT,  other_effect TEXT,  ready_min INTEGER CHECK "
  "(ready_min IS NULL OR ready_min >= 0),  vitals_ok_before INTEGER CHECK (vitals_ok_before IS "
  "NULL OR vitals_ok_before = 0 OR vitals_ok_before = 1),  vitals_ok_discharge INTEGER CHECK "
  "(vitals_ok_discharge IS NULL OR vitals_ok_discharge = 0 OR vitals_ok_discharge = 1),  "
  "transport_arranged INTEGER CHECK (transport_arranged IS NULL OR transport_arranged = 0 OR "
  "transport_arranged = 1),  monitored_by TEXT);"
  "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status, phase, "
  "route);"
  "CREATE TABLE reading (  id INTEGER PRIMARY KEY,  session_id INTEGER NOT NULL REFERENCES "
  "session (id) ON DELETE CASCADE,  time INTEGER CHECK (time IS NULL OR time BETWEEN 0 AND "
  "86399),  pre_dose INTEGER NOT NULL CHECK (pre_dose = 0 OR pre_dose = 1),  systolic INTEGER, "
  " diastolic INTEGER,  heart_rate INTEGER CHECK (heart_rate IS NULL OR heart_rate BETWEEN 1 "
  "AND 250),  spo2 INTEGER CHECK (spo2 IS NULL OR spo2 BETWEEN 1 AND 100),  note TEXT,  "
  "import_id INTEGER REFERENCES import (id));"
  "CREATE INDEX reading_session_time ON reading (session_id, time, id, pre_dose, systolic, "
  "diastolic);"
  "CREATE TABLE medicine (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES "
  "patient (id) ON DELETE CASCADE,  class TEXT NOT NULL CHECK (class = 'benzodiazepine' OR "
  "class = 'sedative-hypnotic'    OR class = 'opioid' OR class = 'psychostimulant' OR class = "
  "'mao-inhibitor' OR class = 'other'),  name TEXT NOT NULL,  start_day INTEGER NOT NULL,  "
  "stop_day INTEGER CHECK (stop_day IS NULL OR stop_day >= start_day),  import_id INTEGER "
  "REFERENCES import (id));"
  "CREATE INDEX medicine_patient ON medicine (patient_id, start_day, id);"
  "PRAGMA application_id = 1164075553;"
  "PRAGMA user_version = 8;";

static const char rows_v8[] =
  "INSERT INTO import (id, at) VALUES (1, '2026-03-01T08:00:00Z');"
  "INSERT INTO patient (id, code, name, import_id) VALUES (1, 'K-1', 'One', 1);"
  "INSERT INTO session (id, patient_id, when_text, day, second, status, phase, route, dose_mg)"
  "  VALUES (1, 1, '2026-03-02T09:30', 739677, 34200, 'done', 'induction', 'intranasal', 84);"
  "INSERT INTO medicine (id, patient_id, class, name, start_day, stop_day)"
  "  VALUES (1, 1, 'benzodiazepine', 'lorazepam', 739650, NULL);";

/* Helpers */

static EbbEvent *
event_new (gint64        patient_id,
           int           year,
           int           month,
           int           day,
           EbbEventKind  kind,
           const char   *text)
{
  EbbEvent *event = ebb_event_new ();

  event->patient_id = patient_id;
  event->day = ebb_date_from_ymd (year, month, day);
  event->kind = kind;
  event->text = g_strdup (text);
  return event;
}

/* Schema 9 */

static void
test_migrate_from_v8 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) medicines = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(EbbEvent) event = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *index_sql = NULL;

  ebb_test_sql_exec (fixture->path, frozen_schema_v8);
  ebb_test_sql_exec (fixture->path, rows_v8);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, 8);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, EBB_STORE_SCHEMA_VERSION);

  /* What schema 8 held is there as it was. */
  sessions = ebb_store_list_sessions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpstr (((EbbSession *) g_ptr_array_index (sessions, 0))->when_text, ==, "2026-03-02T09:30");
  medicines = ebb_store_list_medicines (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (medicines->len, ==, 1);
  g_assert_cmpstr (((EbbMedicine *) g_ptr_array_index (medicines, 0))->name, ==, "lorazepam");

  /* No events yet, and a first one can be written. */
  events = ebb_store_list_events (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 0);
  event = event_new (1, 2026, 3, 5, EBB_EVENT_LIFE_EVENT, "moved house");
  g_assert_true (ebb_store_add_event (store, event, &error));
  g_assert_no_error (error);
  g_assert_cmpint (event->id, ==, 1);
  g_clear_object (&store);

  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT day FROM event WHERE id = 1"), ==, 739680);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM event WHERE kind = 'life-event'"), ==, 1);
  index_sql = ebb_test_sql_text (fixture->path, "SELECT sql FROM sqlite_master WHERE name = 'event_patient'");
  g_assert_cmpstr (index_sql, ==, "CREATE INDEX event_patient ON event (patient_id, day, id)");
  /* The database holds the kinds to the file's words itself. */
  {
    sqlite3 *db = ebb_test_sql_open (fixture->path);

    g_assert_cmpint (sqlite3_exec (db, "INSERT INTO event (patient_id, day, kind, text)"
                                   " VALUES (1, 739680, 'holiday', 'x')", NULL, NULL, NULL),
                     ==, SQLITE_CONSTRAINT);
    g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  }

  /* A file brought up to 9 is exactly a new file of 9; its foreign keys
   * and chain hold. */
  problems = ebb_test_check_problems (fixture->path);
  g_assert_cmpstr (problems, ==, "");
}

/* Events: added, changed, refused, listed by day, deleted; each an audit
 * entry; the patient's deletion takes (and audits) them. */
static void
test_events (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-1", "Jane Doe");
  g_autoptr(EbbPatient) other = ebb_patient_new ("K-2", "John Roe");
  g_autoptr(EbbEvent) raised = NULL;
  g_autoptr(EbbEvent) attempt = NULL;
  g_autoptr(EbbEvent) bad = NULL;
  g_autoptr(EbbEvent) others = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_auto(EbbPatientRecords) records = { NULL };
  g_autoptr(GString) long_text = g_string_new (NULL);
  const EbbEvent *e;
  const EbbAuditEntry *entry;
  gint64 patient_id;

  g_assert_no_error (error);
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_true (ebb_store_add_patient (store, other, &error));
  patient_id = patient->id;

  raised = event_new (patient_id, 2026, 3, 10, EBB_EVENT_MEDICATION, "  sertraline 100 mg ");
  g_assert_true (ebb_store_add_event (store, raised, &error));
  g_assert_no_error (error);
  g_assert_cmpint (raised->id, ==, 1);
  g_assert_cmpstr (raised->text, ==, "sertraline 100 mg");

  g_free (raised->text);
  raised->text = g_strdup ("sertraline raised to 100 mg");
  g_assert_true (ebb_store_update_event (store, raised, &error));
  g_assert_no_error (error);

  /* Earlier in time, recorded later: listed first. */
  attempt = event_new (patient_id, 2026, 2, 20, EBB_EVENT_SUICIDE_ATTEMPT, "overdose");
  g_assert_true (ebb_store_add_event (store, attempt, &error));
  g_assert_no_error (error);
  others = event_new (other->id, 2026, 1, 1, EBB_EVENT_OTHER, "another patient's");
  g_assert_true (ebb_store_add_event (store, others, &error));
  g_assert_no_error (error);

  /* Refused, with nothing written: no words, too many, no day, a kind
   * Ebb does not know, a patient that is not there. */
  bad = event_new (patient_id, 2026, 3, 1, EBB_EVENT_OTHER, " ");
  g_assert_false (ebb_store_add_event (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "An event needs a short text that says what happened");
  g_clear_error (&error);
  /* 200 characters pass, counted as characters: "é" is two bytes. */
  for (guint i = 0; i < 200; i++)
    g_string_append (long_text, "é");
  g_free (bad->text);
  bad->text = g_strdup (long_text->str);
  g_assert_true (ebb_store_add_event (store, bad, &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_delete_event (store, bad->id, &error));
  g_string_append (long_text, "e");
  g_free (bad->text);
  bad->text = g_strdup (long_text->str);
  bad->id = 0;
  g_assert_false (ebb_store_add_event (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "Too long: the event text may have at most 200 characters");
  g_clear_error (&error);
  g_free (bad->text);
  bad->text = g_strdup ("funeral");
  bad->day = 0;
  g_assert_false (ebb_store_add_event (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "An event needs the day it happened");
  g_clear_error (&error);
  bad->day = ebb_date_from_ymd (2026, 3, 1);
  bad->kind = (EbbEventKind) 99;
  g_assert_false (ebb_store_add_event (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  bad->kind = EBB_EVENT_LIFE_EVENT;
  bad->patient_id = 99;
  g_assert_false (ebb_store_add_event (store, bad, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  /* Changing an event that is gone. */
  bad->patient_id = patient_id;
  bad->id = 42;
  g_assert_false (ebb_store_update_event (store, bad, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_clear_error (&error);

  list = ebb_store_list_events (store, patient_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  e = g_ptr_array_index (list, 0);
  g_assert_cmpint (e->id, ==, 2);
  g_assert_cmpint (e->kind, ==, EBB_EVENT_SUICIDE_ATTEMPT);
  g_assert_cmpint (e->day, ==, ebb_date_from_ymd (2026, 2, 20));
  g_assert_cmpstr (e->text, ==, "overdose");
  e = g_ptr_array_index (list, 1);
  g_assert_cmpint (e->id, ==, 1);
  g_assert_cmpint (e->kind, ==, EBB_EVENT_MEDICATION);
  g_assert_cmpstr (e->text, ==, "sertraline raised to 100 mg");
  g_clear_pointer (&list, g_ptr_array_unref);
  list = ebb_store_list_events (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* One patient's records carry that patient's events, by day. */
  g_assert_true (ebb_patient_records_load (&records, store, patient_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (records.events->len, ==, 2);
  g_assert_cmpstr (((EbbEvent *) g_ptr_array_index (records.events, 0))->text, ==, "overdose");

  g_assert_true (ebb_store_delete_patient (store, patient_id, &error));
  g_assert_no_error (error);
  list = ebb_store_list_events (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((EbbEvent *) g_ptr_array_index (list, 0))->text, ==, "another patient's");

  audit = ebb_store_list_audit (store, patient_id, &error);
  g_assert_no_error (error);
  /* patient, event, change, attempt, the long one in and out; then the
   * two events and the patient */
  g_assert_cmpuint (audit->len, ==, 9);
  entry = g_ptr_array_index (audit, 1);
  g_assert_cmpstr (entry->action, ==, "insert");
  g_assert_cmpstr (entry->table_name, ==, "event");
  g_assert_cmpstr (entry->after, ==,
                   "{\"id\":1,\"patient_id\":1,\"date\":\"2026-03-10\",\"kind\":\"medication\","
                   "\"text\":\"sertraline 100 mg\"}");
  entry = g_ptr_array_index (audit, 2);
  g_assert_cmpstr (entry->action, ==, "update");
  g_assert_cmpstr (entry->before, ==,
                   "{\"id\":1,\"patient_id\":1,\"date\":\"2026-03-10\",\"kind\":\"medication\","
                   "\"text\":\"sertraline 100 mg\"}");
  g_assert_cmpstr (entry->after, ==,
                   "{\"id\":1,\"patient_id\":1,\"date\":\"2026-03-10\",\"kind\":\"medication\","
                   "\"text\":\"sertraline raised to 100 mg\"}");
  entry = g_ptr_array_index (audit, 5);
  g_assert_cmpstr (entry->action, ==, "delete");
  g_assert_cmpstr (entry->table_name, ==, "event");
  g_assert_cmpint (entry->row_id, ==, 4);
  /* The cascade, in day order: the attempt of February first. */
  entry = g_ptr_array_index (audit, 6);
  g_assert_cmpstr (entry->action, ==, "delete");
  g_assert_cmpstr (entry->table_name, ==, "event");
  g_assert_cmpint (entry->row_id, ==, 2);
  g_assert_null (entry->after);
  entry = g_ptr_array_index (audit, 7);
  g_assert_cmpstr (entry->table_name, ==, "event");
  g_assert_cmpint (entry->row_id, ==, 1);
  entry = g_ptr_array_index (audit, 8);
  g_assert_cmpstr (entry->table_name, ==, "patient");
}

/* The kinds' words for files, both ways, and which are alarms. */
static void
test_kinds (void)
{
  static const struct { EbbEventKind kind; const char *name; gboolean alarm; } expected[] = {
    { EBB_EVENT_MEDICATION, "medication", FALSE },
    { EBB_EVENT_HOSPITALISATION, "hospitalisation", TRUE },
    { EBB_EVENT_SUICIDE_ATTEMPT, "suicide-attempt", TRUE },
    { EBB_EVENT_LIFE_EVENT, "life-event", FALSE },
    { EBB_EVENT_OTHER, "other", FALSE },
  };
  EbbEventKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpstr (ebb_event_kind_to_string (expected[i].kind), ==, expected[i].name);
      g_assert_true (ebb_event_kind_from_string (expected[i].name, &kind));
      g_assert_cmpint (kind, ==, expected[i].kind);
      g_assert_cmpint (ebb_event_kind_is_alarm (expected[i].kind), ==, expected[i].alarm);
      g_assert_nonnull (ebb_event_kind_to_label (expected[i].kind));
    }
  g_assert_true (ebb_event_kind_from_string (" Suicide-Attempt ", &kind));
  g_assert_cmpint (kind, ==, EBB_EVENT_SUICIDE_ATTEMPT);
  g_assert_false (ebb_event_kind_from_string ("suicide attempt", &kind));
  g_assert_false (ebb_event_kind_from_string ("", &kind));
  g_assert_false (ebb_event_kind_from_string (NULL, &kind));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-v9/migrate-from-v8", Fixture, NULL,
              ebb_test_clinic_set_up, test_migrate_from_v8, ebb_test_clinic_tear_down);
  g_test_add ("/store-v9/events", Fixture, NULL,
              ebb_test_clinic_set_up, test_events, ebb_test_clinic_tear_down);
  g_test_add_func ("/store-v9/kinds", test_kinds);

  return g_test_run ();
}
