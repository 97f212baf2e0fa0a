/* test-store-v11.c — schema 11: the patients each import added rows of
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file of schema 10 with an import of two patients and their ratings,
 * upgraded: its rows stay, an empty import_patients table arrives, and
 * the import made before has no list (so it still stands for the whole
 * clinic, ebb-store-kept.c); the next import writes its list, of the one
 * patient it added rows of.  Every test works in its own temporary
 * folder; files are prepared and inspected with SQLite directly.
 * Expected values are written by hand.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ebb-import.h"
#include "ebb-store.h"
#include "ebb-test-utils.h"

typedef EbbTestClinic Fixture;

/* Schema 10 as released, as SQLite keeps it in a file made by that
 * version (the benchmark's clinic of 7 December 2026). */
static const char frozen_schema_v10[] =
  "CREATE TABLE patient (  id INTEGER PRIMARY KEY,  code TEXT NOT NULL UNIQUE CHECK (length "
  "(trim (code)) > 0),  name TEXT NOT NULL DEFAULT '',  birth_year INTEGER CHECK (birth_year "
  "IS NULL OR birth_year BETWEEN 1900 AND 2100),  preferred_scale TEXT,  notes TEXT,  "
  "archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)), import_id INTEGER "
  "REFERENCES import (id));"
  "CREATE TABLE \"rating\" (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES "
  "patient (id) ON DELETE CASCADE,  when_text TEXT NOT NULL,  day INTEGER NOT NULL,  second "
  "INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),  scale TEXT NOT NULL,  total"
  " INTEGER NOT NULL,  items TEXT,  rater TEXT,  note TEXT, alert_item INTEGER, dose_relation"
  " TEXT  CHECK (dose_relation IS NULL OR dose_relation = 'before' OR dose_relation = "
  "'after'), import_id INTEGER REFERENCES import (id));"
  "CREATE TABLE rule_setting (  key TEXT PRIMARY KEY,  value TEXT NOT NULL);"
  "CREATE TABLE decision (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES "
  "patient (id) ON DELETE CASCADE,  kind TEXT NOT NULL,  scale TEXT,  flag_day INTEGER NOT "
  "NULL,  note TEXT NOT NULL,  decided_at TEXT NOT NULL,  decided_day INTEGER NOT NULL,  "
  "user_name TEXT NOT NULL,  real_name TEXT);"
  "CREATE INDEX decision_patient ON decision (patient_id);"
  "CREATE TABLE course_end (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES"
  " patient (id) ON DELETE CASCADE,  day INTEGER NOT NULL,  reason TEXT,  note TEXT, "
  "import_id INTEGER REFERENCES import (id));"
  "CREATE UNIQUE INDEX course_end_patient_day ON course_end (patient_id, day);"
  "CREATE TABLE import (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL);"
  "CREATE TABLE \"audit\" (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL,  action TEXT NOT NULL "
  "CHECK (action = 'insert' OR action = 'update' OR action = 'delete'    OR action = 'import'"
  " OR action = 'backup' OR action = 'restore'),  table_name TEXT NOT NULL,  row_id INTEGER "
  "NOT NULL,  patient_id INTEGER,  patient_code TEXT,  \"before\" TEXT,  \"after\" TEXT,  "
  "user_name TEXT,  host_name TEXT,  hash TEXT);"
  "CREATE INDEX audit_patient ON audit (patient_id);"
  "CREATE INDEX audit_import ON audit (row_id) WHERE table_name = 'import';"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit  BEGIN SELECT RAISE (ABORT, 'the "
  "audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit  BEGIN SELECT RAISE (ABORT, 'the "
  "audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit  WHEN EXISTS (SELECT 1 FROM audit "
  "WHERE id = NEW.id)  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only: an entry "
  "is never replaced'); END;"
  "CREATE INDEX rating_patient_time ON rating (patient_id, day, second, id, scale, total, "
  "items,  alert_item, dose_relation);"
  "CREATE INDEX rating_patient_scale_time ON rating (patient_id, scale, day, second, id);"
  "CREATE TABLE \"session\" (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES "
  "patient (id) ON DELETE CASCADE,  when_text TEXT NOT NULL,  day INTEGER NOT NULL,  second "
  "INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),  status TEXT NOT NULL CHECK "
  "(status = 'scheduled' OR status = 'done' OR status = 'cancelled' OR status = 'missed'),  "
  "phase TEXT NOT NULL CHECK (phase = 'induction' OR phase = 'maintenance' OR phase = "
  "'rescue'),  route TEXT NOT NULL CHECK (route = 'iv' OR route = 'im' OR route = "
  "'intranasal' OR route = 'oral' OR route = 'sublingual'),  dose_mg REAL CHECK (dose_mg IS "
  "NULL OR dose_mg >= 0),  note TEXT,  import_id INTEGER REFERENCES import (id),  drug TEXT "
  "CHECK (drug IS NULL OR drug = 'ketamine' OR drug = 'esketamine'),  duration_min INTEGER "
  "CHECK (duration_min IS NULL OR duration_min > 0),  lot TEXT,  dose_time INTEGER CHECK "
  "(dose_time IS NULL OR dose_time BETWEEN 0 AND 86399),  discharge_time INTEGER CHECK "
  "(discharge_time IS NULL OR discharge_time BETWEEN 0 AND 86399),  sedation TEXT,  "
  "sedation_resolved INTEGER CHECK (sedation_resolved IS NULL OR sedation_resolved = 0 OR "
  "sedation_resolved = 1),  dissociation TEXT,  dissociation_resolved INTEGER CHECK "
  "(dissociation_resolved IS NULL OR dissociation_resolved = 0 OR dissociation_resolved = 1),"
  "  respiratory_spo2 INTEGER CHECK (respiratory_spo2 IS NULL OR respiratory_spo2 BETWEEN 0 "
  "AND 100),  respiratory_resolved INTEGER CHECK (respiratory_resolved IS NULL OR "
  "respiratory_resolved = 0 OR respiratory_resolved = 1),  effects TEXT,  other_effect TEXT,"
  "  ready_min INTEGER CHECK (ready_min IS NULL OR ready_min >= 0),  vitals_ok_before INTEGER"
  " CHECK (vitals_ok_before IS NULL OR vitals_ok_before = 0 OR vitals_ok_before = 1),  "
  "vitals_ok_discharge INTEGER CHECK (vitals_ok_discharge IS NULL OR vitals_ok_discharge = 0 "
  "OR vitals_ok_discharge = 1),  transport_arranged INTEGER CHECK (transport_arranged IS NULL"
  " OR transport_arranged = 0 OR transport_arranged = 1),  monitored_by TEXT);"
  "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status, phase, "
  "route);"
  "CREATE TABLE reading (  id INTEGER PRIMARY KEY,  session_id INTEGER NOT NULL REFERENCES "
  "session (id) ON DELETE CASCADE,  time INTEGER CHECK (time IS NULL OR time BETWEEN 0 AND "
  "86399),  pre_dose INTEGER NOT NULL CHECK (pre_dose = 0 OR pre_dose = 1),  systolic "
  "INTEGER,  diastolic INTEGER,  heart_rate INTEGER CHECK (heart_rate IS NULL OR heart_rate "
  "BETWEEN 1 AND 250),  spo2 INTEGER CHECK (spo2 IS NULL OR spo2 BETWEEN 1 AND 100),  note "
  "TEXT,  import_id INTEGER REFERENCES import (id));"
  "CREATE INDEX reading_session_time ON reading (session_id, time, id, pre_dose, systolic, "
  "diastolic);"
  "CREATE TABLE medicine (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES "
  "patient (id) ON DELETE CASCADE,  class TEXT NOT NULL CHECK (class = 'benzodiazepine' OR "
  "class = 'sedative-hypnotic'    OR class = 'opioid' OR class = 'psychostimulant' OR class ="
  " 'mao-inhibitor' OR class = 'other'),  name TEXT NOT NULL,  start_day INTEGER NOT NULL,  "
  "stop_day INTEGER CHECK (stop_day IS NULL OR stop_day >= start_day),  import_id INTEGER "
  "REFERENCES import (id));"
  "CREATE INDEX medicine_patient ON medicine (patient_id, start_day, id);"
  "CREATE TABLE event (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES "
  "patient (id) ON DELETE CASCADE,  day INTEGER NOT NULL,  kind TEXT NOT NULL CHECK (kind = "
  "'medication' OR kind = 'hospitalisation'    OR kind = 'suicide-attempt' OR kind = "
  "'life-event' OR kind = 'other'),  text TEXT NOT NULL,  import_id INTEGER REFERENCES import"
  " (id));"
  "CREATE INDEX event_patient ON event (patient_id, day, id);"
  "CREATE TABLE kept_patients (  id INTEGER PRIMARY KEY CHECK (id = 1 OR id = 2),  audit_id "
  "INTEGER NOT NULL,  basis TEXT NOT NULL,  patients TEXT NOT NULL);"
  "CREATE INDEX session_open ON session (day) WHERE dose_time IS NOT NULL AND discharge_time "
  "IS NULL;"
  "PRAGMA application_id = 1164075553;"
  "PRAGMA user_version = 10;";

static const char rows_v10[] =
  "INSERT INTO import (id, at) VALUES (1, '2026-03-01T08:00:00Z');"
  "INSERT INTO patient (id, code, name, import_id) VALUES (1, 'K-1', 'One', 1), (2, 'K-2', 'Two', 1);"
  "INSERT INTO rating (id, patient_id, when_text, day, scale, total, import_id)"
  "  VALUES (1, 1, '2026-03-02', 739677, 'MADRS', 30, 1), (2, 2, '2026-03-02', 739677, 'MADRS', 28, 1);";

static void
test_migrate_from_v10 (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (fixture->dir, "scores.csv", NULL);
  const char *paths[] = { csv, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *table_sql = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *problems = NULL;
  EbbImportStats stats = { 0 };

  ebb_test_sql_exec (fixture->path, frozen_schema_v10);
  ebb_test_sql_exec (fixture->path, rows_v10);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, 10);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, 11);

  /* What schema 10 held is there as it was; the import made then has
   * no list of patients. */
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM rating WHERE import_id = 1"), ==, 2);
  table_sql = ebb_test_sql_text (fixture->path, "SELECT sql FROM sqlite_master WHERE name = 'import_patients'");
  g_assert_cmpstr (table_sql, ==, "CREATE TABLE import_patients (  import_id INTEGER PRIMARY KEY REFERENCES "
                                  "import (id),  patients TEXT NOT NULL)");
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM import_patients"), ==, 0);

  /* The next import lists the one patient it added a rating of. */
  g_assert_true (g_file_set_contents (csv, "patient,date,scale,score\nK-2,2026-03-09,MADRS,20\n", -1, &error));
  g_assert_true (ebb_import_files (store, paths, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.ratings_added, ==, 1);
  g_clear_object (&store);
  listed = ebb_test_sql_text (fixture->path, "SELECT import_id || ':' || patients FROM import_patients");
  g_assert_cmpstr (listed, ==, "2:2");

  problems = ebb_test_check_problems (fixture->path);
  g_assert_cmpstr (problems, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-v11/migrate-from-v10", Fixture, NULL,
              ebb_test_clinic_set_up, test_migrate_from_v10, ebb_test_clinic_tear_down);

  return g_test_run ();
}
