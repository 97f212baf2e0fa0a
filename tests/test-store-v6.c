/* test-store-v6.c — schema 6: stored patient codes in their one form
 * (issue 15, finding 9)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works in its own temporary folder; files are prepared and
 * inspected with SQLite directly.  Expected values are written by hand:
 * the hash below was computed outside Ebb from the chain's description in
 * ebb-store-chain.c.
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "ebb-import.h"
#include "ebb-store.h"
#include "ebb-test-utils.h"

typedef EbbTestClinic Fixture;

/* Schema 5 as released, frozen here as SQLite keeps it in a file made by
 * that version, so that the migration from it is tested against the real
 * thing and not against today's code. */
static const char frozen_schema_v5[] =
  "CREATE TABLE patient (  id INTEGER PRIMARY KEY,  code TEXT NOT NULL UNIQUE CHECK (length (trim (code)) > 0),"
  "  name TEXT NOT NULL DEFAULT '',  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),"
  "  preferred_scale TEXT,  notes TEXT,  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
  " import_id INTEGER REFERENCES import (id));"
  "CREATE TABLE score (  id INTEGER PRIMARY KEY,  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL,  day INTEGER NOT NULL,  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  scale TEXT NOT NULL,  total INTEGER NOT NULL,  items TEXT,  rater TEXT,  note TEXT, alert_item INTEGER,"
  " dose_relation TEXT  CHECK (dose_relation IS NULL OR dose_relation = 'before' OR dose_relation = 'after'),"
  " import_id INTEGER REFERENCES import (id));"
  "CREATE TABLE \"session\" (  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,  at TEXT NOT NULL,  day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  status TEXT NOT NULL CHECK (status = 'scheduled' OR status = 'done' OR status = 'cancelled' OR status = 'missed'),"
  "  phase TEXT NOT NULL CHECK (phase = 'induction' OR phase = 'maintenance' OR phase = 'rescue'),"
  "  route TEXT NOT NULL CHECK (route = 'iv' OR route = 'im' OR route = 'intranasal' OR route = 'oral'"
  " OR route = 'sublingual'),  dose_mg REAL CHECK (dose_mg IS NULL OR dose_mg >= 0),  bp_before_systolic INTEGER,"
  "  bp_before_diastolic INTEGER,  bp_after_systolic INTEGER,  bp_after_diastolic INTEGER,  note TEXT,"
  " import_id INTEGER REFERENCES import (id));"
  "CREATE INDEX score_patient_scale_time ON score (patient_id, scale, day, second, id);"
  "CREATE TABLE rule_setting (  key TEXT PRIMARY KEY,  value TEXT NOT NULL);"
  "CREATE TABLE decision (  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,  kind TEXT NOT NULL,  scale TEXT,"
  "  flag_day INTEGER NOT NULL,  note TEXT NOT NULL,  decided_at TEXT NOT NULL,  decided_day INTEGER NOT NULL,"
  "  user_name TEXT NOT NULL,  real_name TEXT);"
  "CREATE INDEX decision_patient ON decision (patient_id);"
  "CREATE TABLE course_end (  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,  day INTEGER NOT NULL,  reason TEXT,"
  "  note TEXT, import_id INTEGER REFERENCES import (id));"
  "CREATE UNIQUE INDEX course_end_patient_day ON course_end (patient_id, day);"
  "CREATE INDEX score_patient_time ON score (patient_id, day, second, id, scale, total, items,  alert_item,"
  " dose_relation);"
  "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status, phase, route,"
  "  bp_before_systolic, bp_before_diastolic, bp_after_systolic, bp_after_diastolic);"
  "CREATE TABLE import (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL);"
  "CREATE TABLE \"audit\" (  id INTEGER PRIMARY KEY,  at TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action = 'insert' OR action = 'update' OR action = 'delete'"
  "    OR action = 'import' OR action = 'backup' OR action = 'restore'),  table_name TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,  patient_id INTEGER,  patient_code TEXT,  \"before\" TEXT,  \"after\" TEXT,"
  "  user_name TEXT,  host_name TEXT,  hash TEXT);"
  "CREATE INDEX audit_patient ON audit (patient_id);"
  "CREATE INDEX audit_import ON audit (row_id) WHERE table_name = 'import';"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit  WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only: an entry is never replaced'); END;"
  "PRAGMA application_id = 1164075553;"
  "PRAGMA user_version = 5;";

/* Codes as schema 5 kept them: as they were typed.  One is in its one
 * form already; one has small letters, one spaces, one a full-width S;
 * one holds a zero-width space, and so has no one form at all. */
static const char rows_v5[] =
  "INSERT INTO patient (id, code, name) VALUES (1, 'K-0007', 'One');"
  "INSERT INTO patient (id, code, name) VALUES (2, 'k-0008', 'Two');"
  "INSERT INTO patient (id, code, name, birth_year, notes) VALUES (3, '  S03-000 ', 'Three', 1970, 'a note');"
  "INSERT INTO patient (id, code, name) VALUES (4, 'K-9' || char (0x200B), 'Four');"
  "INSERT INTO patient (id, code, name) VALUES (5, char (0xFF33) || '04', 'Five');"
  "INSERT INTO session (id, patient_id, at, day, second, status, phase, route)"
  "  VALUES (1, 2, '2026-03-02', 739677, NULL, 'done', 'induction', 'iv');"
  "INSERT INTO audit VALUES (1, '2026-03-01T08:00:00Z', 'insert', 'patient', 1, 1, 'K-0007', NULL,"
  "  '{\"id\":1}', 'alice', 'clinic-pc', '" "0b2c8b1e296241b9b7816784f4bfac158b1627bd032ab6dc4aea6511bcf6131f" "');";

/* Helpers */

static void
make_v5_file (const char *path,
              const char *rows)
{
  ebb_test_sql_exec (path, frozen_schema_v5);
  ebb_test_sql_exec (path, rows);
}

/* The hash of @entry, an entry about patient @patient_id, linked to
 * @previous, by the recipe of ebb-store-chain.c, written out here again. */
static char *
hash_by_hand (const char          *previous,
              const EbbAuditEntry *entry,
              gint64               patient_id)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GString) text = g_string_new ("ebb-audit-1\n");
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, entry->id);
  g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, entry->row_id);
  g_autofree char *patient = g_strdup_printf ("%" G_GINT64_FORMAT, patient_id);
  const char *fields[] = {
    previous, id, entry->at, entry->action, entry->table_name, row, patient, entry->patient_code,
    entry->before, entry->after, entry->user_name, entry->host_name,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (fields[i] == NULL)
        g_string_append (text, "-\n");
      else
        g_string_append_printf (text, "%zu:%s\n", strlen (fields[i]), fields[i]);
    }
  g_checksum_update (checksum, (const guchar *) text->str, (gssize) text->len);
  return g_strdup (g_checksum_get_string (checksum));
}

/* Schema 6 */

static void
test_migrate_from_v5 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(EbbPatient) found = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *codes = NULL;
  const EbbAuditEntry *entry;

  make_v5_file (fixture->path, rows_v5);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, 5);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  /* Each code in its one form; the one that has none as it was. */
  codes = ebb_test_sql_text (fixture->path, "SELECT group_concat (code, '|') FROM (SELECT code FROM patient ORDER BY id)");
  g_assert_cmpstr (codes, ==, "K-0007|K-0008|S03-000|K-9\xe2\x80\x8b|S04");

  /* Each change is an update in the trail, with the patient before and
   * after, linked to the entries before it. */
  audit = ebb_store_list_audit (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 4);
  entry = g_ptr_array_index (audit, 1);
  g_assert_cmpint (entry->id, ==, 2);
  g_assert_cmpstr (entry->action, ==, "update");
  g_assert_cmpstr (entry->table_name, ==, "patient");
  g_assert_cmpint (entry->row_id, ==, 2);
  g_assert_cmpstr (entry->patient_code, ==, "K-0008");
  g_assert_cmpstr (entry->before, ==,
                   "{\"id\":2,\"code\":\"k-0008\",\"name\":\"Two\",\"birth_year\":null,"
                   "\"preferred_scale\":null,\"notes\":null,\"archived\":0}");
  g_assert_cmpstr (entry->after, ==,
                   "{\"id\":2,\"code\":\"K-0008\",\"name\":\"Two\",\"birth_year\":null,"
                   "\"preferred_scale\":null,\"notes\":null,\"archived\":0}");
  g_assert_cmpstr (entry->user_name, ==, g_get_user_name ());
  g_assert_cmpstr (entry->host_name, ==, g_get_host_name ());
  hash = hash_by_hand ("0b2c8b1e296241b9b7816784f4bfac158b1627bd032ab6dc4aea6511bcf6131f", entry, 2);
  g_assert_cmpstr (entry->hash, ==, hash);
  entry = g_ptr_array_index (audit, 2);
  g_assert_cmpint (entry->row_id, ==, 3);
  g_assert_cmpstr (entry->after, ==,
                   "{\"id\":3,\"code\":\"S03-000\",\"name\":\"Three\",\"birth_year\":1970,"
                   "\"preferred_scale\":null,\"notes\":\"a note\",\"archived\":0}");
  entry = g_ptr_array_index (audit, 3);
  g_assert_cmpint (entry->row_id, ==, 5);
  g_assert_cmpstr (entry->patient_code, ==, "S04");

  /* The code without a form is still found as it was typed. */
  found = ebb_store_find_patient (store, "K-9\xe2\x80\x8b", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, 4);

  /* An import in small letters finds the patient, as the window would. */
  {
    g_autofree char *csv = g_build_filename (fixture->dir, "sessions.csv", NULL);
    const char *paths[] = { csv, NULL };
    g_autoptr(GPtrArray) import_problems = g_ptr_array_new_with_free_func (g_free);
    EbbImportStats stats;

    g_file_set_contents (csv, "patient,date,status,phase,route\n"
                              "k-0008,2026-03-02,done,induction,iv\n"
                              "s03-000,2026-03-02,done,induction,iv\n", -1, &error);
    g_assert_no_error (error);
    g_assert_true (ebb_import_files (store, paths, &stats, import_problems, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (stats.patients_added, ==, 0);
    g_assert_cmpuint (stats.sessions_added, ==, 1);
    g_assert_cmpuint (stats.duplicates_skipped, ==, 1);
  }
  g_clear_object (&store);

  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, EBB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM patient"), ==, 5);
  /* Schema 7's names: the session's text kept under when_text, the
   * ratings in a table of that name, and no table "score" left. */
  {
    g_autofree char *when = ebb_test_sql_text (fixture->path, "SELECT when_text FROM session WHERE id = 1");

    g_assert_cmpstr (when, ==, "2026-03-02");
    g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM sqlite_master WHERE name = 'score'"), ==, 0);
    g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM rating"), ==, 0);
  }

  /* A file brought up to 6 is exactly a new file of 6, and its chain holds. */
  problems = ebb_test_check_problems (fixture->path);
  g_assert_cmpstr (problems, ==, "");
}

/* Two codes that would become one refuse the upgrade, naming both; the
 * file stays at schema 5, untouched. */
static void
test_migrate_v6_refuses_look_alikes (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *codes = NULL;

  make_v5_file (fixture->path,
                "INSERT INTO patient (id, code, name) VALUES (1, 'k-0008', 'One');"
                "INSERT INTO patient (id, code, name) VALUES (2, 's03-000', 'Two');"
                "INSERT INTO patient (id, code, name) VALUES (3, 'S03-000', 'Three');");

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  expected = g_strdup_printf ("“%s” could not be upgraded to schema 6 and was left as it was: the patient "
                              "codes “s03-000” and “S03-000” are one code, “S03-000”, now that codes are "
                              "matched whatever their case, spaces or look-alike characters. Give one of "
                              "the two patients another code with the version of Ebb that wrote the "
                              "file, then open it here again", fixture->path);
  g_assert_cmpstr (error->message, ==, expected);

  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, 5);
  codes = ebb_test_sql_text (fixture->path, "SELECT group_concat (code, '|') FROM (SELECT code FROM patient ORDER BY id)");
  g_assert_cmpstr (codes, ==, "k-0008|s03-000|S03-000");
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM audit"), ==, 0);
}

/* A new clinic is made at 6 and has nothing to change. */
static void
test_new_file (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, EBB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM audit"), ==, 0);
}

#define ADD_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, ebb_test_clinic_set_up, (func), ebb_test_clinic_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/store-v6/migrate/from-v5", test_migrate_from_v5);
  ADD_TEST ("/store-v6/migrate/refuses-look-alikes", test_migrate_v6_refuses_look_alikes);
  ADD_TEST ("/store-v6/new-file", test_new_file);

  return g_test_run ();
}
