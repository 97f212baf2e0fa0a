/* test-audit-chain.c — the tamper-evident audit trail, as `ebb-cli` shows it
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 15, finding 6: the trail was rewritten with REPLACE, its guards
 * dropped, and `check` said ok.  Here the trail is attacked the same ways,
 * with the sqlite3 shell where it is installed (else with SQLite's C API,
 * the same statements), and `ebb-cli check` must exit 1 naming what it
 * found; an import, a backup, a restore and a rule setting each write an
 * entry saying who made it and on which computer.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "trust-test-utils.h"

typedef struct
{
  char     *dir;
  char     *db;
  TrustRun  run;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = trust_make_tmp_dir ("test-audit-chain");
  fixture->db = g_build_filename (fixture->dir, "clinic.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ebb_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  trust_run_clear (&fixture->run);
}

static int
run_cli_v (Fixture            *fixture,
           const char         *db,
           const char * const *args)
{
  trust_run_cli (&fixture->run, fixture->dir, NULL, -1, -1, db, args);
  g_assert_cmpint (fixture->run.signal, ==, 0);
  return fixture->run.status;
}

#define run_cli(fixture, db, ...) \
  run_cli_v ((fixture), (db), (const char * const[]) { __VA_ARGS__, NULL })

/* Runs @sql on @db as someone with the sqlite3 shell would; FALSE with the
 * message in @message when SQLite refused it. */
static gboolean
tamper (const char  *db,
        const char  *sql,
        char       **message)
{
  g_autofree char *shell = g_find_program_in_path ("sqlite3");
  sqlite3 *handle = NULL;
  char *sqlite_message = NULL;
  int rc;

  if (shell != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &error, shell, "-batch", "-bail", db, sql, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      if (message != NULL)
        *message = g_steal_pointer (&err);
      return g_subprocess_get_if_exited (process) && g_subprocess_get_exit_status (process) == 0;
    }

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  rc = sqlite3_exec (handle, sql, NULL, NULL, &sqlite_message);
  if (message != NULL)
    *message = g_strdup (sqlite_message != NULL ? sqlite_message : "");
  sqlite3_free (sqlite_message);
  g_assert_cmpint (sqlite3_close (handle), ==, SQLITE_OK);
  return rc == SQLITE_OK;
}

static const char trigger_no_update[] =
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;";

/* A clinic with a trail: an import of two patients and their ratings, a
 * rating changed, one deleted. */
static void
make_clinic (Fixture *fixture)
{
  g_autofree char *patients = g_build_filename (fixture->dir, "patients.csv", NULL);
  g_autofree char *scores = g_build_filename (fixture->dir, "scores.csv", NULL);
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbRating) changed = NULL;

  trust_write_bytes (patients, "patient,name\nK-1,Ann\nK-2,Bo\n", 28);
  trust_write_bytes (scores, "patient,date,scale,score\nK-1,2026-03-02,MADRS,20\nK-2,2026-03-02,MADRS,30\n", 73);
  g_assert_cmpint (run_cli (fixture, fixture->db, "import", patients, scores), ==, 0);

  store = ebb_store_open (fixture->db, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  stored = ebb_store_list_ratings (store, 0, &error);
  g_assert_no_error (error);
  changed = ebb_rating_copy (g_ptr_array_index (stored, 0));
  changed->total = 22;
  g_assert_true (ebb_store_update_rating (store, changed, &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_delete_rating (store, ((EbbRating *) g_ptr_array_index (stored, 1))->id, &error));
  g_assert_no_error (error);
  /* 1 the import, 2 the change, 3 the deletion. */
  g_assert_cmpuint (trust_count (store, "audit"), ==, 3);
}

static void
assert_check_names (Fixture    *fixture,
                    const char *named)
{
  g_assert_cmpint (run_cli (fixture, fixture->db, "check"), ==, 1);
  g_assert_cmpstr (fixture->run.out, ==, "");
  if (strstr (fixture->run.err, named) == NULL)
    g_error ("“%s” does not name “%s”", fixture->run.err, named);
}

static void
test_intact (Fixture       *fixture,
             gconstpointer  data)
{
  make_clinic (fixture);
  g_assert_cmpint (run_cli (fixture, fixture->db, "check"), ==, 0);
  g_assert_cmpstr (fixture->run.out, ==, "ok\n");
}

/* REPLACE, INSERT OR REPLACE, UPSERT and INSERT OR IGNORE would delete or
 * change an entry without the delete or update trigger seeing it: each is
 * refused, and the trail is as it was. */
static void
test_replace_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const attacks[] = {
    "REPLACE INTO audit (id, at, action, table_name, row_id) VALUES (2, 'x', 'insert', 'score', 1);",
    "INSERT OR REPLACE INTO audit (id, at, action, table_name, row_id) VALUES (2, 'x', 'insert', 'score', 1);",
    "INSERT INTO audit (id, at, action, table_name, row_id) VALUES (2, 'x', 'insert', 'score', 1)"
    " ON CONFLICT (id) DO UPDATE SET \"after\" = NULL;",
    "INSERT OR IGNORE INTO audit (id, at, action, table_name, row_id) VALUES (2, 'x', 'insert', 'score', 1);",
    "UPDATE OR REPLACE audit SET id = 1 WHERE id = 2;",
    "DELETE FROM audit WHERE id = 3;",
    "PRAGMA recursive_triggers = ON; REPLACE INTO audit (id, at, action, table_name, row_id)"
    " VALUES (3, 'x', 'insert', 'score', 1);",
  };
  g_autofree char *before = NULL;

  make_clinic (fixture);
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "--format", "csv"), ==, 0);
  before = g_strdup (fixture->run.out);

  for (guint i = 0; i < G_N_ELEMENTS (attacks); i++)
    {
      g_autofree char *message = NULL;

      g_test_message ("%s", attacks[i]);
      g_assert_false (tamper (fixture->db, attacks[i], &message));
      g_assert_nonnull (strstr (message, "the audit trail is append-only"));
    }

  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "--format", "csv"), ==, 0);
  g_assert_cmpstr (fixture->run.out, ==, before);
  g_assert_cmpint (run_cli (fixture, fixture->db, "check"), ==, 0);
}

/* With the guards dropped, check says so, and names the first entry a
 * REPLACE changed. */
static void
test_triggers_dropped (Fixture       *fixture,
                       gconstpointer  data)
{
  make_clinic (fixture);
  g_assert_true (tamper (fixture->db, "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_replace;", NULL));
  assert_check_names (fixture, "trigger “audit_no_delete” of Ebb's schema is missing");
  g_assert_nonnull (strstr (fixture->run.err, "trigger “audit_no_replace” of Ebb's schema is missing"));
  g_assert_null (strstr (fixture->run.err, "audit entry"));

  g_assert_true (tamper (fixture->db,
                         "REPLACE INTO audit (id, at, action, table_name, row_id, patient_id, patient_code,"
                         "  \"before\", \"after\", user_name, host_name, hash)"
                         " SELECT id, at, action, table_name, row_id, patient_id, patient_code, \"before\","
                         "  replace (\"after\", '22', '12'), user_name, host_name, hash FROM audit WHERE id = 2;",
                         NULL));
  assert_check_names (fixture, "audit entry 2 (");
  g_assert_nonnull (strstr (fixture->run.err, "update rating"));
  g_assert_null (strstr (fixture->run.err, "audit entry 3"));
}

/* An entry edited with the shell, the guard put back exactly as it was:
 * the schema is Ebb's again, and only the chain tells. */
static void
test_row_edited (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *sql = g_strconcat ("DROP TRIGGER audit_no_update;"
                                      "UPDATE audit SET \"before\" = replace (\"before\", '20', '25') WHERE id = 2;",
                                      trigger_no_update, NULL);

  make_clinic (fixture);
  g_assert_true (tamper (fixture->db, sql, NULL));
  assert_check_names (fixture, "audit entry 2 (");
  g_assert_null (strstr (fixture->run.err, "schema"));
  g_assert_nonnull (strstr (fixture->run.err, "failed its check with 1 problem"));
}

/* An entry removed from the middle: the next one no longer follows. */
static void
test_row_removed (Fixture       *fixture,
                  gconstpointer  data)
{
  make_clinic (fixture);
  g_assert_true (tamper (fixture->db,
                         "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2;"
                         "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
                         "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;", NULL));
  assert_check_names (fixture, "audit entry 3 (");
}

/* Each entry says who and where; an import, a backup, a restore and a rule
 * setting each have one; a patient's trail shows the import that brought
 * the patient's records. */
static void
test_events_recorded (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (fixture->dir, "monday.db", NULL);
  g_autofree char *who = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) trail = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const actions[] = { "import", "update", "delete", "insert", "backup", "restore" };

  make_clinic (fixture);
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "madrs-remission", "12"), ==, 0);
  g_assert_cmpint (run_cli (fixture, fixture->db, "backup", backup), ==, 0);
  g_assert_nonnull (strstr (fixture->run.out, "same disk"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "restore", backup), ==, 0);
  g_assert_cmpint (run_cli (fixture, fixture->db, "check"), ==, 0);

  store = ebb_store_open (fixture->db, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  trail = ebb_store_list_audit (store, 0, &error);
  g_assert_no_error (error);
  /* The backup's entry is in the clinic that was replaced, not in the
   * backup: the restored trail goes from the setting to the restore. */
  g_assert_cmpuint (trail->len, ==, G_N_ELEMENTS (actions) - 1);
  for (guint i = 0; i < trail->len; i++)
    {
      const EbbAuditEntry *entry = g_ptr_array_index (trail, i);
      const char *action = actions[i < 4 ? i : i + 1];

      g_assert_cmpstr (entry->action, ==, action);
      g_assert_cmpstr (entry->user_name, ==, g_get_user_name ());
      g_assert_cmpstr (entry->host_name, ==, g_get_host_name ());
    }
  g_assert_cmpstr (((EbbAuditEntry *) g_ptr_array_index (trail, 3))->table_name, ==, "rule_setting");

  /* Who and where are shown for what concerns the whole clinic. */
  who = g_strdup_printf ("by %s on %s: ", g_get_user_name (), g_get_host_name ());
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit"), ==, 0);
  g_assert_nonnull (strstr (fixture->run.out, who));
  g_assert_nonnull (strstr (fixture->run.out, "file1_sha256="));

  /* Bo's one rating was deleted; her trail still says where she came from. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "K-2"), ==, 0);
  g_assert_nonnull (strstr (fixture->run.out, "import  import"));
  g_assert_nonnull (strstr (fixture->run.out, "delete  rating"));
}

int
main (int    argc,
      char **argv)
{
  umask (0);
  g_test_init (&argc, &argv, NULL);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_TEST ("/audit-chain/intact", test_intact);
  ADD_TEST ("/audit-chain/replace-refused", test_replace_refused);
  ADD_TEST ("/audit-chain/triggers-dropped", test_triggers_dropped);
  ADD_TEST ("/audit-chain/row-edited", test_row_edited);
  ADD_TEST ("/audit-chain/row-removed", test_row_removed);
  ADD_TEST ("/audit-chain/events-recorded", test_events_recorded);

  return g_test_run ();
}
