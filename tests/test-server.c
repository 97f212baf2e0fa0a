/* test-server.c — a clinic on a PostgreSQL server: location, schema, roles
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the throwaway server build-aux/test starts (build-aux/test-server),
 * whose administrator's URI is in EBB_TEST_SERVER; each test makes a
 * database of its own and drops it, and its roles, at the end.  Without
 * EBB_TEST_SERVER the tests that need a server are skipped; build-aux/test
 * always sets it.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "ebb-backup.h"
#include "ebb-server.h"
#include "ebb-store.h"
#include "ebb-test-utils.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

typedef struct
{
  char *socket_dir;   /* the server's, from EBB_TEST_SERVER */
  char *database;     /* this test's */
  char *owner_uri;    /* to it, as the administrator */
} Fixture;

static char *
uri_for (Fixture    *f,
         const char *user)
{
  return g_strdup_printf ("postgresql:///%s?host=%s&user=%s", f->database, f->socket_dir, user);
}

/* Runs @sql as @user on the test's database; the result, whatever it is. */
static PGresult *
run_as (Fixture    *f,
        const char *user,
        const char *sql)
{
  g_autofree char *uri = uri_for (f, user);
  g_autoptr(PGconn) conn = PQconnectdb (uri);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return PQexec (conn, sql);
}

static void
assert_ok_as (Fixture    *f,
              const char *user,
              const char *sql)
{
  g_autoptr(PGresult) result = run_as (f, user, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s as %s: %s", sql, user, PQresultErrorMessage (result));
}

/* @sql fails as @user, with SQLSTATE @state and a message holding @words. */
static void
assert_refused_as (Fixture    *f,
                   const char *user,
                   const char *sql,
                   const char *state,
                   const char *words)
{
  g_autoptr(PGresult) result = run_as (f, user, sql);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (result, PG_DIAG_SQLSTATE), ==, state);
  g_assert_nonnull (strstr (PQresultErrorMessage (result), words));
}

static char *
text_as (Fixture    *f,
         const char *user,
         const char *sql)
{
  g_autoptr(PGresult) result = run_as (f, user, sql);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (result), ==, 1);
  return g_strdup (PQgetvalue (result, 0, 0));
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  static guint n;
  const char *server = g_getenv ("EBB_TEST_SERVER");
  PQconninfoOption *options;
  g_autofree char *create = NULL;

  if (server == NULL)
    return;
  options = PQconninfoParse (server, NULL);
  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (strcmp (o->keyword, "host") == 0)
      f->socket_dir = g_strdup (o->val);
  PQconninfoFree (options);
  g_assert_nonnull (f->socket_dir);

  f->database = g_strdup_printf ("ebb_test_%d_%u", (int) getpid (), ++n);
  f->owner_uri = uri_for (f, "postgres");
  create = g_strdup_printf ("CREATE DATABASE %s", f->database);
  ebb_test_server_admin_exec (create);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  if (f->database != NULL)
    {
      /* The database first: the group roles have rights on it. */
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", f->database);
      g_autofree char *roles = g_strdup_printf ("DROP ROLE IF EXISTS %s_clinician, %s_reviewer,"
                                                "  nurse_%s, reviewer_%s, other_%s",
                                                f->database, f->database,
                                                f->database, f->database, f->database);

      /* One at a time: DROP DATABASE refuses to share a transaction. */
      ebb_test_server_admin_exec (drop);
      ebb_test_server_admin_exec (roles);
    }
  g_free (f->socket_dir);
  g_free (f->database);
  g_free (f->owner_uri);
}

static gboolean
have_server (void)
{
  if (g_getenv ("EBB_TEST_SERVER") != NULL)
    return TRUE;
  g_test_skip ("no test server: build-aux/test starts one (EBB_TEST_SERVER)");
  return FALSE;
}

/* Without a server */

static void
test_location (void)
{
  g_autofree char *shown = NULL;
  g_autofree char *local = NULL;
  g_autofree char *role = ebb_server_role_name ("clinic", FALSE);

  g_assert_true (ebb_location_is_server ("postgresql://db.example.org/clinic"));
  g_assert_true (ebb_location_is_server ("postgres://db.example.org/clinic"));
  g_assert_false (ebb_location_is_server ("/home/dr/clinic.db"));
  g_assert_false (ebb_location_is_server ("postgresql.db"));
  g_assert_false (ebb_location_is_server (NULL));

  /* Never the password, nor the other parameters. */
  shown = ebb_server_display_name ("postgresql://alice:s3cret@db.example.org:5433/clinic?sslmode=verify-full");
  g_assert_cmpstr (shown, ==, "postgresql://alice@db.example.org:5433/clinic");
  local = ebb_server_display_name ("postgresql:///clinic?host=/run/postgresql");
  g_assert_cmpstr (local, ==, "postgresql:///clinic");

  g_assert_cmpstr (role, ==, "clinic_clinician");
}

/* A remote host without TLS is refused before anything is sent. */
static void
test_tls_required (void)
{
  const char *modes[] = { "disable", "allow", "prefer" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *uri = g_strdup_printf ("postgresql://alice:s3cret@db.example.org/clinic?sslmode=%s",
                                              modes[i]);
      g_autofree char *words = g_strdup_printf ("sslmode=%s", modes[i]);

      g_assert_false (ebb_server_init (uri, NULL, &error));
      g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_LOCATION);
      g_assert_nonnull (strstr (error->message, words));
      g_assert_nonnull (strstr (error->message, "postgresql://alice@db.example.org/clinic"));
      g_assert_null (strstr (error->message, "s3cret"));
    }
}

/* A server that does not answer is said to, without the password, and
 * never makes a file of that name; what only a file can be (a backup's
 * target, a restore's) is refused for a server. */
static void
test_store_refuses (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open ("postgresql://alice:s3cret@127.0.0.1:1/clinic"
                                              "?sslmode=require&connect_timeout=2",
                                              EBB_STORE_OPEN_CREATE, &error);

  g_assert_null (store);
  g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "postgresql://alice@127.0.0.1:1/clinic"));
  g_assert_null (strstr (error->message, "s3cret"));
  g_clear_error (&error);

  /* An address that does not parse is not quoted back: libpq's own
   * words would hold the password. */
  store = ebb_store_open ("postgresql://alice:s3c%zzret@db.example.org/clinic", EBB_STORE_OPEN_DEFAULT,
                          &error);
  g_assert_null (store);
  g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_LOCATION);
  g_assert_null (strstr (error->message, "s3c"));
  g_clear_error (&error);

  /* Nor is a backup written to it, or restored into it. */
  {
    g_autofree char *dir = g_dir_make_tmp ("ebb-test-server-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
    g_autofree char *copy = g_build_filename (dir, "copy.db", NULL);
    const char *server = "postgresql://alice:s3cret@localhost/clinic";

    store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &error);
    g_assert_no_error (error);
    g_assert_false (ebb_store_backup (store, server, &error));
    g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_UNSUPPORTED);
    g_clear_error (&error);
    g_assert_true (ebb_store_backup (store, copy, &error));
    g_assert_no_error (error);
    g_clear_object (&store);

    g_assert_false (ebb_backup_restore (copy, server, &error));
    g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_UNSUPPORTED);
    g_assert_null (strstr (error->message, "s3cret"));
    g_clear_error (&error);
    g_assert_false (ebb_backup_restore (server, path, &error));
    g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_UNSUPPORTED);

    ebb_store_remove_database_files (path);
    ebb_store_remove_database_files (copy);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
  }
  g_assert_false (g_file_test ("postgresql:", G_FILE_TEST_EXISTS));
}

/* With the server */

static void
test_init (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *tables = NULL;
  gboolean existed = TRUE;

  if (!have_server ())
    return;

  g_assert_true (ebb_server_init (f->owner_uri, &existed, &error));
  g_assert_no_error (error);
  g_assert_false (existed);
  version = text_as (f, "postgres", "SELECT version FROM ebb_schema");
  g_assert_cmpint (atoi (version), ==, EBB_SERVER_SCHEMA_VERSION);
  tables = text_as (f, "postgres",
                    "SELECT string_agg (tablename, ' ' ORDER BY tablename) FROM pg_tables"
                    " WHERE schemaname = 'public'");
  g_assert_cmpstr (tables, ==, "audit course_end decision ebb_schema event import import_patients kept_patients "
                               "medicine patient rating reading rule_setting session");

  /* Column for column the clinic file's tables, so that a record means
   * the same in both. */
  {
    g_autofree char *dir = g_dir_make_tmp ("ebb-test-server-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "clinic.db", NULL);
    g_autoptr(EbbStore) store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &error);
    const char *compared[] = { "patient", "session", "reading", "rating", "medicine", "event",
                               "import", "rule_setting", "decision", "course_end", "audit",
                               "kept_patients", "import_patients" };
    sqlite3 *db = NULL;

    g_assert_no_error (error);
    g_clear_object (&store);
    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    for (guint i = 0; i < G_N_ELEMENTS (compared); i++)
      {
        g_autofree char *sql = g_strdup_printf ("SELECT group_concat (name, ' ') FROM pragma_table_info ('%s')",
                                                compared[i]);
        g_autofree char *pg = g_strdup_printf ("SELECT string_agg (column_name, ' ' ORDER BY ordinal_position)"
                                               " FROM information_schema.columns WHERE table_name = '%s'",
                                               compared[i]);
        g_autofree char *server_columns = text_as (f, "postgres", pg);
        sqlite3_stmt *stmt = NULL;

        g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
        g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, server_columns);
        sqlite3_finalize (stmt);
      }
    sqlite3_close (db);
    ebb_store_remove_database_files (path);
    g_rmdir (dir);
  }

  /* A record keeps the file's constraints. */
  assert_refused_as (f, "postgres", "INSERT INTO patient (code) VALUES ('  ')", "23514", "patient_code_check");
  assert_ok_as (f, "postgres", "INSERT INTO patient (id, code) VALUES (1, 'K-1')");
  assert_refused_as (f, "postgres", "INSERT INTO event (patient_id, day, kind, text)"
                     " VALUES (1, 739680, 'holiday', 'x')", "23514", "event_kind_check");
  assert_ok_as (f, "postgres", "DELETE FROM patient WHERE id = 1");

  /* Again: left as it was. */
  g_assert_true (ebb_server_init (f->owner_uri, &existed, &error));
  g_assert_no_error (error);
  g_assert_true (existed);
}

static void
test_init_refuses_other_tables (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tables = NULL;

  if (!have_server ())
    return;

  assert_ok_as (f, "postgres", "CREATE TABLE invoices (id int)");
  g_assert_false (ebb_server_init (f->owner_uri, NULL, &error));
  g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_NOT_EBB);
  g_assert_nonnull (strstr (error->message, f->database));
  tables = text_as (f, "postgres", "SELECT string_agg (tablename, ' ') FROM pg_tables WHERE schemaname = 'public'");
  g_assert_cmpstr (tables, ==, "invoices");
}

/* A clinic of server schema 1 (the file's 8), set up for its people,
 * gains the events table, which they may use as they use the rest, and
 * the indexes of schema 3. */
static void
test_init_upgrades (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *has_event = NULL;
  g_autofree char *nurse = NULL;
  g_autofree char *reviewer = NULL;
  g_autofree char *count = NULL;
  gboolean existed = FALSE;

  if (!have_server ())
    return;

  nurse = g_strdup_printf ("nurse_%s", f->database);
  reviewer = g_strdup_printf ("reviewer_%s", f->database);
  g_assert_true (ebb_server_init (f->owner_uri, NULL, &error));
  {
    const char *clinicians[] = { nurse, NULL };
    const char *reviewers[] = { reviewer, NULL };

    g_assert_true (ebb_server_setup (f->owner_uri, clinicians, reviewers, &error));
    g_assert_no_error (error);
  }
  /* Back to schema 1, its people's rights kept. */
  assert_ok_as (f, "postgres", "DROP TABLE event; DROP TABLE kept_patients; DROP INDEX session_open;"
                               "DROP TABLE import_patients; UPDATE ebb_schema SET version = 1");
  g_assert_true (ebb_server_init (f->owner_uri, &existed, &error));
  g_assert_no_error (error);
  g_assert_true (existed);
  version = text_as (f, "postgres", "SELECT version FROM ebb_schema");
  g_assert_cmpint (atoi (version), ==, EBB_SERVER_SCHEMA_VERSION);
  has_event = text_as (f, "postgres", "SELECT count(*) FROM pg_tables WHERE tablename = 'event'");
  g_assert_cmpstr (has_event, ==, "1");
  /* Schema 3: the indexes the store walks in order put NULL first, as
   * its SQL and SQLite do, and keep their INCLUDE columns. */
  {
    g_autofree char *indexes = text_as (f, "postgres",
                                        "SELECT string_agg (indexdef, '; ' ORDER BY indexname) FROM pg_indexes"
                                        " WHERE indexname IN ('session_patient_time', 'reading_session_time',"
                                        "  'rating_patient_time', 'rating_patient_scale_time')");

    g_assert_cmpstr (indexes, ==,
                     "CREATE INDEX rating_patient_scale_time ON public.rating USING btree"
                     " (patient_id, scale, day, second NULLS FIRST, id); "
                     "CREATE INDEX rating_patient_time ON public.rating USING btree"
                     " (patient_id, day, second NULLS FIRST, id)"
                     " INCLUDE (scale, total, items, alert_item, dose_relation); "
                     "CREATE INDEX reading_session_time ON public.reading USING btree"
                     " (session_id, \"time\" NULLS FIRST, id) INCLUDE (pre_dose, systolic, diastolic); "
                     "CREATE INDEX session_patient_time ON public.session USING btree"
                     " (patient_id, day, second NULLS FIRST, id) INCLUDE (status, phase, route)");
  }

  /* Without a second server-setup: the clinicians write events, the
   * reviewers read them and write nothing. */
  assert_ok_as (f, nurse, "INSERT INTO patient (code) VALUES ('K-1');"
                          "INSERT INTO event (patient_id, day, kind, text)"
                          "  SELECT id, 739957, 'life-event', 'moved house' FROM patient;"
                          "UPDATE event SET text = 'moved flat'");
  count = text_as (f, reviewer, "SELECT count(*) FROM event WHERE text = 'moved flat'");
  g_assert_cmpstr (count, ==, "1");
  assert_refused_as (f, reviewer, "DELETE FROM event", "42501", "permission denied");

  /* Schema 5: the clinicians keep what a scan found, the reviewers only
   * read it. */
  assert_ok_as (f, nurse, "INSERT INTO kept_patients (id, audit_id, basis, patients) VALUES (1, 0, 'b', '');"
                          "UPDATE kept_patients SET patients = ''");
  assert_refused_as (f, reviewer, "UPDATE kept_patients SET patients = ''", "42501", "permission denied");

  /* Schema 6: the clinicians note an import's patients, the reviewers
   * read them and note none. */
  assert_ok_as (f, nurse, "INSERT INTO import (at) VALUES ('2026-12-07T00:00:00Z');"
                          "INSERT INTO import_patients (import_id, patients) SELECT max (id), '1' FROM import");
  g_clear_pointer (&count, g_free);
  count = text_as (f, reviewer, "SELECT count(*) FROM import_patients");
  g_assert_cmpstr (count, ==, "1");
  assert_refused_as (f, reviewer, "INSERT INTO import_patients (import_id, patients) SELECT max (id), '2' FROM import",
                     "42501", "permission denied");

  /* Schema 4: codes compared byte by byte, as in a file. */
  {
    g_autofree char *collation = text_as (f, "postgres",
                                          "SELECT collation_name FROM information_schema.columns"
                                          " WHERE table_name = 'patient' AND column_name = 'code'");

    g_assert_cmpstr (collation, ==, "C");
  }

  /* ebb-cli init says when it upgraded: every workstation must then run
   * this version or a newer one. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *expected = g_strdup_printf ("from schema %d to %d", EBB_SERVER_SCHEMA_VERSION - 1,
                                                 EBB_SERVER_SCHEMA_VERSION);

    assert_ok_as (f, "postgres", "DROP TABLE import_patients; UPDATE ebb_schema SET version = version - 1");
    g_assert_cmpint (ebb_test_run_cli (NULL, f->owner_uri, &out, &err, "init", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Upgraded the clinic on "));
    g_assert_nonnull (strstr (out, expected));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (ebb_test_run_cli (NULL, f->owner_uri, &out, &err, "init", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "already holds an Ebb clinic"));
  }
}

static void
test_init_too_new (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!have_server ())
    return;

  g_assert_true (ebb_server_init (f->owner_uri, NULL, &error));
  assert_ok_as (f, "postgres", "UPDATE ebb_schema SET version = 99");
  g_assert_false (ebb_server_init (f->owner_uri, NULL, &error));
  g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "99"));
}

static void
test_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ebb-test-no-server-XXXXXX", NULL);
  g_autofree char *uri = g_strdup_printf ("postgresql:///clinic?host=%s&user=alice", dir);

  g_assert_false (ebb_server_init (uri, NULL, &error));
  g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "Could not connect to the clinic server postgresql://alice@/clinic"));
  g_rmdir (dir);
}

/* server-setup: the clinicians write records and add to the trail, the
 * reviewers read, nobody else connects, and the trail is append-only for
 * every role, its owner's too. */
static void
test_setup_rights (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nurse = NULL;
  g_autofree char *reviewer = NULL;
  g_autofree char *other = NULL;
  g_autofree char *who = NULL;
  g_autofree char *count = NULL;
  g_autofree char *make_other = NULL;

  if (!have_server ())
    return;

  nurse = g_strdup_printf ("nurse_%s", f->database);
  reviewer = g_strdup_printf ("reviewer_%s", f->database);
  other = g_strdup_printf ("other_%s", f->database);

  /* Not before the clinic is there. */
  {
    const char *clinicians[] = { nurse, NULL };

    g_assert_false (ebb_server_setup (f->owner_uri, clinicians, NULL, &error));
    g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_NOT_EBB);
    g_clear_error (&error);
  }
  g_assert_true (ebb_server_init (f->owner_uri, NULL, &error));
  g_assert_no_error (error);
  {
    const char *clinicians[] = { nurse, NULL };
    const char *reviewers[] = { reviewer, NULL };
    const char *both[] = { nurse, NULL };

    /* One person, one of the two. */
    g_assert_false (ebb_server_setup (f->owner_uri, clinicians, both, &error));
    g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_true (ebb_server_setup (f->owner_uri, clinicians, reviewers, &error));
    g_assert_no_error (error);
    /* Again, as to add people: nothing breaks. */
    g_assert_true (ebb_server_setup (f->owner_uri, clinicians, reviewers, &error));
    g_assert_no_error (error);
  }

  assert_ok_as (f, nurse, "INSERT INTO patient (code) VALUES ('K-1');"
                          "INSERT INTO session (patient_id, when_text, day, status, phase, route)"
                          "  VALUES (1, '2026-12-07', 739957, 'done', 'induction', 'iv');"
                          "UPDATE patient SET name = 'Ann' WHERE code = 'K-1'");
  /* The trail says who made the entry, whatever the entry claims. */
  assert_ok_as (f, nurse, "INSERT INTO audit (at, action, table_name, row_id, user_name)"
                          "  VALUES ('2026-12-07T10:42:00Z', 'insert', 'patient', 1, 'someone.else')");
  who = text_as (f, reviewer, "SELECT user_name FROM audit");
  g_assert_cmpstr (who, ==, nurse);
  assert_refused_as (f, nurse, "UPDATE audit SET at = ''", "42501", "permission denied");
  assert_refused_as (f, nurse, "DELETE FROM audit", "42501", "permission denied");
  assert_refused_as (f, nurse, "TRUNCATE audit", "42501", "permission denied");
  assert_refused_as (f, nurse, "DROP TABLE patient", "42501", "must be owner");

  count = text_as (f, reviewer, "SELECT count(*) FROM session");
  g_assert_cmpstr (count, ==, "1");
  assert_refused_as (f, reviewer, "INSERT INTO patient (code) VALUES ('K-2')", "42501", "permission denied");
  assert_refused_as (f, reviewer, "INSERT INTO audit (at, action, table_name, row_id)"
                                  "  VALUES ('x', 'insert', 'patient', 1)", "42501", "permission denied");

  /* The owner is refused by the trail's triggers. */
  assert_refused_as (f, "postgres", "UPDATE audit SET at = ''", "42501", "append-only");
  assert_refused_as (f, "postgres", "DELETE FROM audit", "42501", "append-only");
  assert_refused_as (f, "postgres", "TRUNCATE audit", "42501", "append-only");

  /* Someone the clinic did not name cannot connect at all. */
  make_other = g_strdup_printf ("CREATE ROLE %s LOGIN", other);
  ebb_test_server_admin_exec (make_other);
  {
    g_autofree char *uri = uri_for (f, other);
    g_autoptr(PGconn) conn = PQconnectdb (uri);

    g_assert_cmpint (PQstatus (conn), ==, CONNECTION_BAD);
    g_assert_nonnull (strstr (PQerrorMessage (conn), "CONNECT privilege"));
  }
}

/* The command line: init and server-setup, and a plain refusal of the
 * commands that would need the records. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *nurse = NULL;
  g_autofree char *clinicians = NULL;

  if (!have_server ())
    return;
  nurse = g_strdup_printf ("nurse_%s", f->database);
  clinicians = g_strdup_printf ("%s, ", nurse);

  g_assert_cmpint (ebb_test_run_cli (NULL, f->owner_uri, &out, &err, "init", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Created the clinic on postgresql://postgres@/"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ebb_test_run_cli (NULL, f->owner_uri, &out, &err, "server-setup", "--clinicians", clinicians, NULL), ==, 0);
  g_assert_nonnull (strstr (out, nurse));
  g_assert_nonnull (strstr (out, "clinician (reads and writes records)"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  assert_ok_as (f, nurse, "INSERT INTO patient (code) VALUES ('K-1')");

  /* The records are read through the same store as a file's. */
  g_assert_cmpint (ebb_test_run_cli (NULL, f->owner_uri, &out, &err, "patients", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "K-1"));
  g_assert_cmpstr (err, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ebb_test_run_cli (NULL, "/tmp/some-clinic.db", &out, &err, "server-setup", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "server-setup is for a clinic on a PostgreSQL server"));
  g_assert_false (g_file_test ("/tmp/some-clinic.db", G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A copy onto a server that holds a patient is refused, by name. */
  {
    g_autofree char *dir = g_dir_make_tmp ("ebb-test-copy-XXXXXX", NULL);
    g_autofree char *file = g_build_filename (dir, "clinic.db", NULL);
    g_autofree char *back = g_build_filename (dir, "back.db", NULL);

    g_assert_cmpint (ebb_test_run_cli (NULL, file, &out, &err, "init", NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (ebb_test_run_cli (NULL, file, &out, &err, "copy", "--to", f->owner_uri, NULL), ==, 1);
    g_assert_nonnull (strstr (err, "already holds records: a copy goes only into a database with no clinic"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (ebb_test_run_cli (NULL, file, &out, &err, "copy", NULL), ==, 2);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    /* The other way, into a new file: the patient the nurse added; the
     * whole clinic in a file is recorded in the server's trail. */
    g_assert_cmpint (ebb_test_run_cli (NULL, f->owner_uri, &out, &err, "copy", "--to", back, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "  patient       1\n"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    {
      g_autofree char *last = text_as (f, "postgres",
                                       "SELECT action || ' ' || (\"after\" LIKE '%back.db%')"
                                       " FROM audit ORDER BY id DESC LIMIT 1");

      g_assert_cmpstr (last, ==, "backup true");
    }
    g_assert_cmpint (ebb_test_run_cli (NULL, back, &out, &err, "patients", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "K-1"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    /* A server clinic's backup is the same: a clinic file. */
    {
      g_autofree char *backup = g_build_filename (dir, "backup.db", NULL);

      g_assert_cmpint (ebb_test_run_cli (NULL, f->owner_uri, &out, &err, "backup", backup, NULL), ==, 0);
      g_assert_true (g_str_has_prefix (out, "Backed up postgresql://postgres@/"));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (ebb_test_run_cli (NULL, backup, &out, &err, "check", NULL), ==, 0);
    }
    ebb_test_remove_tree (dir);
  }
}

/* Every table of a clinic file, each value with its type, as one text. */
static char *
dump_clinic_file (const char *path)
{
  static const char * const tables[] = {
    "import", "patient", "session", "reading", "rating", "medicine", "event", "rule_setting",
    "decision", "course_end", "audit",
  };
  g_autoptr(GString) dump = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY rowid", tables[i]);
      sqlite3_stmt *stmt = NULL;

      g_string_append_printf (dump, "[%s]\n", tables[i]);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (dump, "%d:%s|", sqlite3_column_type (stmt, c),
                                    (const char *) sqlite3_column_text (stmt, c));
          g_string_append_c (dump, '\n');
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

/* A clinic with a row in every table, text that COPY must escape, and a
 * dose that is no whole number. */
static void
fill_clinic (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &error);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-0042", "Tab\there, line\nand back\\slash");
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(EbbReading) reading = ebb_reading_new ();
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(EbbMedicine) medicine = ebb_medicine_new ();
  g_autoptr(EbbCourseEnd) end = ebb_course_end_new ();
  g_autoptr(EbbEvent) event = ebb_event_new ();

  g_assert_no_error (error);
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  session->patient_id = patient->id;
  session->status = EBB_SESSION_DONE;
  session->route = EBB_ROUTE_IV;
  session->dose_mg = 0.1 + 0.2;
  session->note = g_strdup ("\\N is not NULL");
  g_assert_true (ebb_session_set_when (session, "2026-03-02T09:30", &error));
  g_assert_true (ebb_store_add_session (store, session, &error));
  reading->session_id = session->id;
  reading->time = 9 * 3600;
  reading->pre_dose = TRUE;
  reading->systolic = 128;
  reading->diastolic = 82;
  g_assert_true (ebb_store_add_reading (store, reading, &error));
  rating->patient_id = patient->id;
  rating->scale_id = g_strdup ("MADRS");
  rating->total = 24;
  g_assert_true (ebb_rating_set_when (rating, "2026-03-01", &error));
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  medicine->patient_id = patient->id;
  medicine->klass = EBB_MEDICINE_BENZODIAZEPINE;
  medicine->name = g_strdup ("lorazepam");
  medicine->start_day = ebb_date_from_ymd (2026, 2, 1);
  g_assert_true (ebb_store_add_medicine (store, medicine, &error));
  event->patient_id = patient->id;
  event->day = ebb_date_from_ymd (2026, 2, 20);
  event->kind = EBB_EVENT_SUICIDE_ATTEMPT;
  event->text = g_strdup ("overdose; it's \\ \"quoted\"");
  g_assert_true (ebb_store_add_event (store, event, &error));
  g_assert_true (ebb_store_set_rule_setting (store, "meaningful-change.MADRS", "8", &error));
  end->patient_id = patient->id;
  end->day = ebb_date_from_ymd (2026, 4, 1);
  end->reason = EBB_END_REASON_REMISSION;
  g_assert_true (ebb_store_add_course_end (store, end, &error));
  g_assert_no_error (error);
}

static gint64
copied_rows (GArray     *counts,
             const char *table)
{
  for (guint i = 0; i < counts->len; i++)
    if (strcmp (g_array_index (counts, EbbCopiedTable, i).table, table) == 0)
      return g_array_index (counts, EbbCopiedTable, i).rows;
  g_assert_not_reached ();
}

/* A file onto the server and back gives the same clinic, value for value,
 * its audit trail's users and chain included; a target with anything in
 * it is refused. */
static void
test_copy (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *first_dump = NULL;
  g_autofree char *second_dump = NULL;
  g_autofree char *users = NULL;
  g_autofree char *next_id = NULL;
  g_autoptr(GArray) up = NULL;
  g_autoptr(GArray) down = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_server ())
    return;
  dir = g_dir_make_tmp ("ebb-test-copy-XXXXXX", &error);
  g_assert_no_error (error);
  first = g_build_filename (dir, "first.db", NULL);
  second = g_build_filename (dir, "second.db", NULL);
  fill_clinic (first);

  up = ebb_server_copy (first, f->owner_uri, &error);
  g_assert_no_error (error);
  g_assert_cmpint (copied_rows (up, "patient"), ==, 1);
  g_assert_cmpint (copied_rows (up, "reading"), ==, 1);
  g_assert_cmpint (copied_rows (up, "event"), ==, 1);
  g_assert_cmpint (copied_rows (up, "rule_setting"), ==, 1);
  g_assert_cmpint (copied_rows (up, "audit"), ==, 8);

  /* The entries keep who made them, not the owner who copied them. */
  users = text_as (f, "postgres", "SELECT string_agg (DISTINCT coalesce (user_name, '-'), ',') FROM audit");
  g_assert_cmpstr (users, !=, "postgres");
  /* New rows go on from the copied ids. */
  next_id = text_as (f, "postgres", "INSERT INTO patient (code) VALUES ('K-0043') RETURNING id");
  g_assert_cmpstr (next_id, ==, "2");
  assert_ok_as (f, "postgres", "DELETE FROM patient WHERE id = 2");

  /* It checks there as in the file; an entry changed by its owner
   * behind Ebb's back is found. */
  {
    g_autoptr(GPtrArray) problems = NULL;

    g_assert_true (ebb_server_check (f->owner_uri, &problems, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (problems->len, ==, 0);
    g_clear_pointer (&problems, g_ptr_array_unref);

  }

  /* The server has a clinic now: a second copy onto it is refused. */
  g_assert_null (ebb_server_copy (first, f->owner_uri, &error));
  g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_NOT_EMPTY);
  g_clear_error (&error);

  down = ebb_server_copy (f->owner_uri, second, &error);
  g_assert_no_error (error);
  g_assert_cmpint (copied_rows (down, "audit"), ==, 8);
  first_dump = dump_clinic_file (first);
  second_dump = dump_clinic_file (second);
  g_assert_cmpstr (first_dump, ==, second_dump);
  {
    g_autoptr(EbbStore) copy = ebb_store_open (second, EBB_STORE_OPEN_READ_ONLY, &error);
    g_autoptr(GPtrArray) problems = NULL;

    g_assert_no_error (error);
    g_assert_true (ebb_store_check (copy, &problems, &error));
    g_assert_no_error (error);
  }

  /* An existing file, and a file to a file, are refused; nothing written. */
  g_assert_null (ebb_server_copy (f->owner_uri, first, &error));
  g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_NOT_EMPTY);
  g_clear_error (&error);
  g_clear_pointer (&second_dump, g_free);
  second_dump = dump_clinic_file (first);
  g_assert_cmpstr (first_dump, ==, second_dump);
  g_assert_null (ebb_server_copy (first, second, &error));
  g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* An entry changed on the server behind Ebb's back, by the owner who
   * alone can set the triggers aside, is found there, and a copy of it
   * into a file is refused and leaves no file. */
  {
    g_autofree char *third = g_build_filename (dir, "third.db", NULL);
    g_autoptr(GPtrArray) problems = NULL;

    assert_ok_as (f, "postgres", "BEGIN; ALTER TABLE audit DISABLE TRIGGER audit_no_change;"
                                 "UPDATE audit SET \"after\" = '{}' WHERE id = 3;"
                                 "ALTER TABLE audit ENABLE TRIGGER audit_no_change; COMMIT");
    g_assert_false (ebb_server_check (f->owner_uri, &problems, &error));
    g_assert_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_CHECK_FAILED);
    g_clear_error (&error);
    g_assert_cmpuint (problems->len, ==, 1);
    g_assert_true (g_str_has_prefix (g_ptr_array_index (problems, 0), "audit entry 3 ("));
    g_assert_null (ebb_server_copy (f->owner_uri, third, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "audit entry 3 ("));
    g_assert_false (g_file_test (third, G_FILE_TEST_EXISTS));
  }

  ebb_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/location", test_location);
  g_test_add_func ("/server/tls-required", test_tls_required);
  g_test_add_func ("/server/store-refuses", test_store_refuses);
  g_test_add_func ("/server/unreachable", test_unreachable);
#define ADD_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, set_up, (func), tear_down)
  ADD_TEST ("/server/init", test_init);
  ADD_TEST ("/server/init/refuses-other-tables", test_init_refuses_other_tables);
  ADD_TEST ("/server/init/upgrades", test_init_upgrades);
  ADD_TEST ("/server/init/too-new", test_init_too_new);
  ADD_TEST ("/server/setup/rights", test_setup_rights);
  ADD_TEST ("/server/cli", test_cli);
  ADD_TEST ("/server/copy", test_copy);

  return g_test_run ();
}
