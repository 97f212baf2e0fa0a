/* test-store-v5.c — schema 5: the tamper-evident audit trail, imports as
 * one entry, one canonical form of a moment (issue 15)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works in its own temporary folder; files are prepared and
 * inspected with SQLite directly.  Expected values are written by hand:
 * the hashes below were computed outside Ebb from the chain's description
 * in ebb-store-chain.c.  2026-03-02 is day 739677.
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "ebb-date.h"
#include "ebb-store.h"
#include "ebb-test-utils.h"

typedef EbbTestClinic Fixture;

/* Schema 4 as released: its four migrations, frozen here as they were, so
 * that the migration from it is tested against the real thing and not
 * against today's code. */
static const char frozen_migration_1[] =
  "CREATE TABLE patient ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE CHECK (length (trim (code)) > 0),"
  "  name TEXT NOT NULL DEFAULT '',"
  "  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),"
  "  preferred_scale TEXT,"
  "  notes TEXT,"
  "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))"
  ");"
  "CREATE TABLE session ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  status TEXT NOT NULL CHECK (status IN ('scheduled', 'done', 'cancelled', 'missed')),"
  "  phase TEXT NOT NULL CHECK (phase IN ('induction', 'maintenance', 'rescue')),"
  "  route TEXT NOT NULL CHECK (route IN ('iv', 'im', 'intranasal', 'oral', 'sublingual')),"
  "  dose_mg REAL CHECK (dose_mg IS NULL OR dose_mg >= 0),"
  "  bp_before_systolic INTEGER,"
  "  bp_before_diastolic INTEGER,"
  "  bp_after_systolic INTEGER,"
  "  bp_after_diastolic INTEGER,"
  "  note TEXT"
  ");"
  "CREATE TABLE score ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  scale TEXT NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  items TEXT,"
  "  rater TEXT,"
  "  note TEXT"
  ");"
  /* No foreign key on the audit trail: it must outlive the rows it
   * describes.  patient_id lets one patient's trail be listed even after
   * the patient's code changed or the patient was deleted. */
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),"
  "  table_name TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,"
  "  patient_id INTEGER,"
  "  patient_code TEXT,"
  "  \"before\" TEXT,"
  "  \"after\" TEXT"
  ");"
  "PRAGMA user_version = 1;";

static const char frozen_migration_2[] =
  "CREATE INDEX session_patient_day ON session (patient_id, day);"
  "CREATE INDEX score_patient_scale_day ON score (patient_id, scale, day);"
  "CREATE INDEX audit_patient ON audit (patient_id);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "PRAGMA user_version = 2;";

static const char frozen_migration_3[] =
  "CREATE TABLE session_v3 ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  status TEXT NOT NULL CHECK (status = 'scheduled' OR status = 'done' OR status = 'cancelled' OR status = 'missed'),"
  "  phase TEXT NOT NULL CHECK (phase = 'induction' OR phase = 'maintenance' OR phase = 'rescue'),"
  "  route TEXT NOT NULL CHECK (route = 'iv' OR route = 'im' OR route = 'intranasal' OR route = 'oral' OR route = 'sublingual'),"
  "  dose_mg REAL CHECK (dose_mg IS NULL OR dose_mg >= 0),"
  "  bp_before_systolic INTEGER,"
  "  bp_before_diastolic INTEGER,"
  "  bp_after_systolic INTEGER,"
  "  bp_after_diastolic INTEGER,"
  "  note TEXT"
  ");"
  "INSERT INTO session_v3 SELECT id, patient_id, at, day, second, status, phase, route, dose_mg,"
  "  bp_before_systolic, bp_before_diastolic, bp_after_systolic, bp_after_diastolic, note FROM session;"
  "DROP TABLE session;"
  "ALTER TABLE session_v3 RENAME TO session;"
  "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status);"
  "CREATE TABLE audit_v3 ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action = 'insert' OR action = 'update' OR action = 'delete'),"
  "  table_name TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,"
  "  patient_id INTEGER,"
  "  patient_code TEXT,"
  "  \"before\" TEXT,"
  "  \"after\" TEXT"
  ");"
  "INSERT INTO audit_v3 SELECT id, at, action, table_name, row_id, patient_id, patient_code,"
  "  \"before\", \"after\" FROM audit;"
  "DROP TABLE audit;"
  "ALTER TABLE audit_v3 RENAME TO audit;"
  "CREATE INDEX audit_patient ON audit (patient_id);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "DROP INDEX score_patient_scale_day;"
  "CREATE INDEX score_patient_time ON score (patient_id, day, second, id, scale, total, items);"
  "CREATE INDEX score_patient_scale_time ON score (patient_id, scale, day, second, id);"
  "PRAGMA user_version = 3;";

static const char frozen_migration_4[] =
  "CREATE TABLE rule_setting ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE decision ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  scale TEXT,"
  "  flag_day INTEGER NOT NULL,"
  "  note TEXT NOT NULL,"
  "  decided_at TEXT NOT NULL,"
  "  decided_day INTEGER NOT NULL,"
  "  user_name TEXT NOT NULL,"
  "  real_name TEXT"
  ");"
  "CREATE INDEX decision_patient ON decision (patient_id);"
  "CREATE TABLE course_end ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  day INTEGER NOT NULL,"
  "  reason TEXT,"
  "  note TEXT"
  ");"
  "CREATE UNIQUE INDEX course_end_patient_day ON course_end (patient_id, day);"
  "ALTER TABLE score ADD COLUMN alert_item INTEGER;"
  "ALTER TABLE score ADD COLUMN dose_relation TEXT"
  "  CHECK (dose_relation IS NULL OR dose_relation = 'before' OR dose_relation = 'after');"
  "DROP INDEX score_patient_time;"
  "CREATE INDEX score_patient_time ON score (patient_id, day, second, id, scale, total, items,"
  "  alert_item, dose_relation);"
  "DROP INDEX session_patient_time;"
  "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status, phase, route,"
  "  bp_before_systolic, bp_before_diastolic, bp_after_systolic, bp_after_diastolic);"
  "PRAGMA user_version = 4;";

/* Rows as version 4 of Ebb wrote them: times as they were typed, one
 * audit row per change, a rule setting's row without a patient. */
static const char rows_v4[] =
  "INSERT INTO patient VALUES (1, 'K-0007', 'Old Timer', 1960, 'PHQ-9', NULL, 0);"
  "INSERT INTO session VALUES (1, 1, '2026-03-02 09:30', 739677, 34200, 'done', 'maintenance',"
  "  'iv', 50.0, NULL, NULL, NULL, NULL, NULL);"
  "INSERT INTO session VALUES (2, 1, '2026-03-03T10:00:00', 739678, 36000, 'done', 'maintenance',"
  "  'iv', 50.0, NULL, NULL, NULL, NULL, NULL);"
  "INSERT INTO score VALUES (1, 1, '2026-03-02', 739677, NULL, 'PHQ-9', 18,"
  "  '2 2 2 2 2 2 2 2 2', 'self', NULL, NULL, NULL);"
  "INSERT INTO score VALUES (2, 1, '2026-03-02T10:00:30', 739677, 36030, 'PHQ-9', 17,"
  "  NULL, NULL, NULL, NULL, 'after');"
  "INSERT INTO rule_setting VALUES ('madrs-remission', '12');"
  "INSERT INTO audit VALUES (1, '2026-03-01T08:00:00Z', 'insert', 'patient', 1, 1, 'K-0007',"
  "  NULL, '{\"id\":1}');"
  "INSERT INTO audit VALUES (2, '2026-03-02T09:31:00Z', 'insert', 'session', 1, 1, 'K-0007',"
  "  NULL, '{\"id\":1}');"
  "INSERT INTO audit VALUES (3, '2026-03-02T09:32:00Z', 'update', 'patient', 1, 1, 'K-0007',"
  "  '{\"name\":\"Old\"}', '{\"name\":\"Old Timer\"}');"
  "INSERT INTO audit VALUES (4, '2026-03-02T09:33:00Z', 'insert', 'rule_setting', 1, NULL, NULL,"
  "  NULL, '{\"key\":\"madrs-remission\",\"value\":\"12\"}');";

/* The first two links of rows_v4's trail, computed by hand. */
#define HASH_1 "383302e1cfd35ad161051b3efe8cc8fef00233ba10a9fc8a6e9fe331d73bdf12"
#define HASH_2 "3ac7d19b6ece1af582882f6ca6db7694464d5af224da18dd9d7c67c322b9afa1"

/* Helpers */

/* The SQLite result of @sql, with its message in @message. */
static int
sql_try (const char  *path,
         const char  *sql,
         char       **message)
{
  sqlite3 *db = ebb_test_sql_open (path);
  int rc = sqlite3_exec (db, sql, NULL, NULL, message);

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return rc;
}

static void
make_v4_file (const char *path)
{
  sqlite3 *db = ebb_test_sql_open (path);

  g_assert_cmpint (sqlite3_exec (db, frozen_migration_1, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, frozen_migration_2, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, frozen_migration_3, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, frozen_migration_4, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA application_id = 1164075553", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, rows_v4, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static EbbStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  EbbStore *store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* The problems ebb_store_check() finds, as one string: "" when none. */
static char *
check_problems (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) problems = NULL;
  gboolean ok;

  g_assert_no_error (error);
  ok = ebb_store_check (store, &problems, &error);
  g_assert_nonnull (problems);
  if (ok)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, ==, 0);
      return g_strdup ("");
    }
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHECK_FAILED);
  g_ptr_array_add (problems, NULL);
  return g_strjoinv ("\n", (char **) problems->pdata);
}

static gint64
add_patient (EbbStore   *store,
             const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = ebb_patient_new (code, "Someone");

  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  return patient->id;
}

/* Schema 5 */

static void
test_migrate_from_v4 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *text = NULL;
  const EbbAuditEntry *entry;
  char *message = NULL;

  make_v4_file (fixture->path);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, 4);

  store = open_store (fixture->path);

  /* The trail, whole, each entry linked as it stood; who and where were
   * not recorded before. */
  audit = ebb_store_list_audit (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 4);
  entry = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (entry->after, ==, "{\"id\":1}");
  g_assert_null (entry->user_name);
  g_assert_null (entry->host_name);
  g_assert_cmpstr (entry->hash, ==, HASH_1);
  entry = g_ptr_array_index (audit, 1);
  g_assert_cmpstr (entry->hash, ==, HASH_2);
  entry = g_ptr_array_index (audit, 3);
  g_assert_cmpstr (entry->table_name, ==, "rule_setting");
  g_assert_null (entry->patient_code);

  /* Times in one form, from their day and second. */
  sessions = ebb_store_list_sessions (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 2);
  g_assert_cmpstr (((EbbSession *) g_ptr_array_index (sessions, 0))->when_text, ==, "2026-03-02T09:30");
  g_assert_cmpstr (((EbbSession *) g_ptr_array_index (sessions, 1))->when_text, ==, "2026-03-03T10:00");
  ratings = ebb_store_list_ratings (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 2);
  g_assert_cmpstr (((EbbRating *) g_ptr_array_index (ratings, 0))->when_text, ==, "2026-03-02");
  g_assert_cmpstr (((EbbRating *) g_ptr_array_index (ratings, 1))->when_text, ==, "2026-03-02T10:00:30");

  /* New entries go on from the old ones, with who and where. */
  add_patient (store, "K-0008");
  g_clear_pointer (&audit, g_ptr_array_unref);
  audit = ebb_store_list_audit (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 5);
  entry = g_ptr_array_index (audit, 4);
  g_assert_cmpint (entry->id, ==, 5);
  g_assert_cmpstr (entry->user_name, ==, g_get_user_name ());
  g_assert_cmpstr (entry->host_name, ==, g_get_host_name ());
  g_clear_object (&store);

  /* On to 6 (test-store-v6.c), which has nothing to change here. */
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, EBB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM rating WHERE import_id IS NULL"), ==, 2);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM import"), ==, 0);

  /* A file brought up to 5 is exactly a new file of 5, and its chain holds. */
  problems = check_problems (fixture->path);
  g_assert_cmpstr (problems, ==, "");

  /* The guards, the new one included. */
  g_assert_cmpint (sql_try (fixture->path, "REPLACE INTO audit (id, at, action, table_name, row_id)"
                                           " VALUES (1, 'x', 'insert', 'patient', 1)", &message),
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpstr (message, ==, "the audit trail is append-only: an entry is never replaced");
  sqlite3_free (message);
  text = ebb_test_sql_text (fixture->path, "SELECT hash FROM audit WHERE id = 1");
  g_assert_cmpstr (text, ==, HASH_1);
}

/* Migration 5 fails as a whole: the file stays at version 4. */
static void
test_migrate_v5_failure_is_atomic (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;

  make_v4_file (fixture->path);
  /* In the way of migration 5's first table. */
  ebb_test_sql_exec (fixture->path, "CREATE TABLE import (x)");

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "schema 5"));

  g_assert_cmpint (ebb_test_sql_int (fixture->path, "PRAGMA user_version"), ==, 4);
  g_assert_cmpint (ebb_test_sql_int (fixture->path,
                            "SELECT count(*) FROM pragma_table_info ('audit') WHERE name = 'hash'"), ==, 0);
  g_assert_cmpint (ebb_test_sql_int (fixture->path,
                            "SELECT count(*) FROM pragma_table_info ('score') WHERE name = 'import_id'"), ==, 0);
  g_assert_cmpint (ebb_test_sql_int (fixture->path, "SELECT count(*) FROM audit"), ==, 4);
  g_assert_cmpint (ebb_test_sql_int (fixture->path,
                            "SELECT count(*) FROM score WHERE at = '2026-03-02T10:00:30'"), ==, 1);
  g_assert_cmpint (ebb_test_sql_int (fixture->path,
                            "SELECT count(*) FROM session WHERE at = '2026-03-02 09:30'"), ==, 1);
}

/* The chain: each entry's hash covers its content and the entry before. */
static void
test_chain_links (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_store (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *fields = NULL;
  const EbbAuditEntry *first, *second;

  add_patient (store, "K-1");
  add_patient (store, "K-2");
  audit = ebb_store_list_audit (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 2);
  first = g_ptr_array_index (audit, 0);
  second = g_ptr_array_index (audit, 1);

  /* The second entry, hashed by hand as ebb-store-chain.c describes. */
  fields = g_strdup_printf ("ebb-audit-1\n64:%s\n1:2\n20:%s\n6:insert\n7:patient\n1:2\n1:2\n3:K-2\n-\n"
                            "%zu:%s\n%zu:%s\n%zu:%s\n",
                            first->hash, second->at, strlen (second->after), second->after,
                            strlen (g_get_user_name ()), g_get_user_name (),
                            strlen (g_get_host_name ()), g_get_host_name ());
  g_checksum_update (checksum, (const guchar *) fields, -1);
  g_assert_cmpstr (second->hash, ==, g_checksum_get_string (checksum));
  g_assert_cmpstr (second->after, ==,
                   "{\"id\":2,\"code\":\"K-2\",\"name\":\"Someone\",\"birth_year\":null,"
                   "\"preferred_scale\":null,\"notes\":null,\"archived\":0}");
}

/* What check finds in a trail changed behind Ebb's back, and in a schema
 * that is not Ebb's; each kind of tampering on a clinic of its own. */
static void
test_check_names_tampering (Fixture       *fixture,
                            gconstpointer  data)
{
  static const struct
  {
    const char *what;
    const char *sql;
    const char *problems;
  } cases[] = {
    { "nothing", "", "" },
    { "an entry edited",
      "DROP TRIGGER audit_no_update;"
      "UPDATE audit SET \"after\" = replace (\"after\", 'K-2', 'K-9') WHERE id = 2;"
      "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
      "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;",
      "audit entry 2 (*, insert patient 2) does not match its hash: it, or the entry before it, "
      "was changed, removed or added outside Ebb. The entries before it are intact" },
    { "an entry removed",
      "DROP TRIGGER audit_no_delete;"
      "DELETE FROM audit WHERE id = 2;"
      "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
      "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;",
      "audit entry 3 (*, insert patient 3) does not match its hash: *" },
    { "an entry added without a hash",
      "INSERT INTO audit (at, action, table_name, row_id) VALUES ('2026-01-01T00:00:00Z', 'delete',"
      " 'patient', 1);",
      "audit entry 4 (2026-01-01T00:00:00Z, delete patient 1) does not match its hash: *" },
    { "an entry replaced, its hash kept",
      "DROP TRIGGER audit_no_replace;"
      "REPLACE INTO audit (id, at, action, table_name, row_id, patient_id, patient_code, user_name,"
      "  host_name, hash)"
      "  SELECT id, at, action, table_name, row_id, patient_id, 'K-7', user_name, host_name, hash"
      "  FROM audit WHERE id = 1;"
      "CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit"
      "  WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)"
      "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only: an entry is never replaced'); END;",
      "audit entry 1 (*, insert patient 1) does not match its hash: *" },
    { "the guards dropped",
      "DROP TRIGGER audit_no_replace; DROP TRIGGER audit_no_delete;",
      "trigger “audit_no_delete” of Ebb's schema is missing\n"
      "trigger “audit_no_replace” of Ebb's schema is missing" },
    { "a trigger that deletes ratings",
      "CREATE TRIGGER quiet AFTER INSERT ON rating BEGIN DELETE FROM rating WHERE id = NEW.id; END;",
      "trigger “quiet” on “rating” is not part of Ebb's schema" },
    { "a column added",
      "ALTER TABLE audit ADD COLUMN note TEXT;",
      "table “audit” differs from Ebb's schema: its column “note” is not Ebb's" },
    { "an index dropped",
      "DROP INDEX audit_import;",
      "index “audit_import” of Ebb's schema is missing" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/clinic-%u.db", fixture->dir, i);
      g_autofree char *problems = NULL;

      g_test_message ("%s", cases[i].what);
      {
        g_autoptr(EbbStore) store = open_store (path);

        add_patient (store, "K-1");
        add_patient (store, "K-2");
        add_patient (store, "K-3");
      }
      ebb_test_sql_exec (path, cases[i].sql);
      problems = check_problems (path);
      if (!g_pattern_match_simple (cases[i].problems, problems))
        g_error ("after %s: “%s” is not “%s”", cases[i].what, problems, cases[i].problems);
    }
}

/* The limits of the chain, as the README states them: someone who rewrites
 * the whole trail after a change, every hash recomputed, is not caught by
 * the check alone; the hash of the last entry, kept elsewhere (a backup's
 * entry records it), is what tells. */
static void
test_whole_rewrite_needs_a_kept_hash (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *problems = NULL;
  g_autofree char *forged = NULL;
  char previous[65] = "";

  {
    g_autoptr(EbbStore) store = open_store (fixture->path);

    add_patient (store, "K-1");
    add_patient (store, "K-2");
    before = ebb_store_list_audit (store, 0, &error);
    g_assert_no_error (error);
  }

  /* Entry 2 forged, and its hash made again by the published recipe. */
  ebb_test_sql_exec (fixture->path, "DROP TRIGGER audit_no_update;"
                           "UPDATE audit SET patient_code = 'K-X' WHERE id = 2;");
  for (guint i = 0; i < before->len; i++)
    {
      const EbbAuditEntry *e = g_ptr_array_index (before, i);
      const char *code = i == 1 ? "K-X" : e->patient_code;
      g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
      g_autofree char *text = NULL;
      g_autofree char *sql = NULL;

      {
        g_autofree char *prev_field = previous[0] != '\0' ? g_strdup_printf ("64:%s\n", previous) : g_strdup ("-\n");
        g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, e->id);
        g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, e->row_id);

        text = g_strdup_printf ("ebb-audit-1\n%s%zu:%s\n%zu:%s\n%zu:%s\n%zu:%s\n%zu:%s\n%zu:%s\n%zu:%s\n-\n"
                                "%zu:%s\n%zu:%s\n%zu:%s\n",
                                prev_field, strlen (id), id, strlen (e->at), e->at,
                                strlen (e->action), e->action, strlen (e->table_name), e->table_name,
                                strlen (row), row, strlen (row), row, strlen (code), code,
                                strlen (e->after), e->after, strlen (e->user_name), e->user_name,
                                strlen (e->host_name), e->host_name);
      }
      g_checksum_update (checksum, (const guchar *) text, -1);
      g_strlcpy (previous, g_checksum_get_string (checksum), sizeof previous);
      sql = g_strdup_printf ("UPDATE audit SET hash = '%s' WHERE id = %" G_GINT64_FORMAT, previous, e->id);
      ebb_test_sql_exec (fixture->path, sql);
    }
  ebb_test_sql_exec (fixture->path, "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
                           "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;");

  problems = check_problems (fixture->path);
  g_assert_cmpstr (problems, ==, "");

  /* But the last hash is not the one kept. */
  forged = ebb_test_sql_text (fixture->path, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (forged, !=, ((EbbAuditEntry *) g_ptr_array_index (before, 1))->hash);
}

/* Times: one form, whatever form they come in. */
static void
test_canonical_times (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_store (fixture->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  static const struct { const char *typed; const char *stored; } cases[] = {
    { "2026-03-02", "2026-03-02" },
    { "2026-03-02T10:00", "2026-03-02T10:00" },
    { "2026-03-02 10:00", "2026-03-02T10:00" },
    { "2026-03-02T10:00:00", "2026-03-02T10:00" },
    { "2026-03-02T10:00:07", "2026-03-02T10:00:07" },
    { "2026-03-02T09:05:07.5", "2026-03-02T09:05:07" },
  };
  gint64 id = add_patient (store, "K-1");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EbbRating) rating = ebb_rating_new ();
      g_autofree char *sql = NULL;
      g_autofree char *stored = NULL;

      rating->patient_id = id;
      rating->when_text = g_strdup (cases[i].typed);
      rating->scale_id = g_strdup ("MADRS");
      rating->total = (int) i;
      g_assert_true (ebb_store_add_rating (store, rating, &error));
      g_assert_no_error (error);
      sql = g_strdup_printf ("SELECT when_text FROM rating WHERE id = %" G_GINT64_FORMAT, rating->id);
      stored = ebb_test_sql_text (fixture->path, sql);
      g_assert_cmpstr (stored, ==, cases[i].stored);
    }

  /* The trail says what was stored. */
  audit = ebb_store_list_audit (store, 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (((EbbAuditEntry *) g_ptr_array_index (audit, 3))->after,
                            "\"at\":\"2026-03-02T10:00\""));
}

#define ADD_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, ebb_test_clinic_set_up, (func), ebb_test_clinic_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/store-v5/migrate/from-v4", test_migrate_from_v4);
  ADD_TEST ("/store-v5/migrate/v5-failure-is-atomic", test_migrate_v5_failure_is_atomic);
  ADD_TEST ("/store-v5/chain/links", test_chain_links);
  ADD_TEST ("/store-v5/chain/check-names-tampering", test_check_names_tampering);
  ADD_TEST ("/store-v5/chain/whole-rewrite-needs-a-kept-hash", test_whole_rewrite_needs_a_kept_hash);
  ADD_TEST ("/store-v5/times/canonical", test_canonical_times);

  return g_test_run ();
}
