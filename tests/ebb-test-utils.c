/* ebb-test-utils.c — helpers every test program shares
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "ebb-test-utils.h"
#include "ebb-import.h"
#include "ebb-server.h"
#include "ebb-date.h"
#include "ebb-store.h"

/**
 * ebb_test_remove_tree:
 * @path: a file or folder a test made
 *
 * Removes @path and everything below it, without following symbolic
 * links; a path that is not there is no error, since a test may have
 * removed it itself.
 */
void
ebb_test_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      /* Tests take permissions away; give them back to clean up. */
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          ebb_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}

/**
 * ebb_test_on_server:
 *
 * Returns: whether this program's clinics are on the test server
 *   (EBB_TEST_BACKEND=server) rather than in files
 */
gboolean
ebb_test_on_server (void)
{
  return g_strcmp0 (g_getenv ("EBB_TEST_BACKEND"), "server") == 0;
}

void
ebb_test_init_backend (int    argc,
                       char **argv)
{
  const char *backend = g_getenv ("EBB_TEST_BACKEND");
  gboolean tap = FALSE;

  if (backend != NULL && strcmp (backend, "server") != 0 && strcmp (backend, "file") != 0)
    {
      fprintf (stderr, "EBB_TEST_BACKEND is “%s”: use “file” or “server”\n", backend);
      exit (1);
    }
  if (!ebb_test_on_server () || g_getenv ("EBB_TEST_SERVER") != NULL)
    return;

  for (int i = 1; i < argc; i++)
    tap |= strcmp (argv[i], "--tap") == 0;
  /* meson's TAP reader takes exit status 77 for an error, not a skip. */
  if (tap)
    {
      printf ("1..0 # SKIP no test server: build-aux/test starts one (EBB_TEST_SERVER)\n");
      exit (0);
    }
  fprintf (stderr, "skipped: no test server: build-aux/test starts one (EBB_TEST_SERVER)\n");
  exit (77);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

static void
ignore_notice (void       *data,
               const char *message)
{
}

/* Runs @sql as the test server's administrator, in a connection of its
 * own (CREATE and DROP DATABASE refuse to share a transaction). */
void
ebb_test_server_admin_exec (const char *sql)
{
  g_autoptr(PGconn) conn = PQconnectdb (g_getenv ("EBB_TEST_SERVER"));
  g_autoptr(PGresult) result = NULL;

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("the test server (EBB_TEST_SERVER): %s", PQerrorMessage (conn));
  PQsetNoticeProcessor (conn, ignore_notice, NULL);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
}

char *
ebb_test_server_uri (const char *database,
                     const char *user)
{
  PQconninfoOption *options = PQconninfoParse (g_getenv ("EBB_TEST_SERVER"), NULL);
  GString *uri = g_string_new (NULL);
  char separator = '?';

  g_assert_nonnull (options);
  g_string_append_printf (uri, "postgresql:///%s", database);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      const char *value = o->val;

      if (strcmp (o->keyword, "user") == 0 && user != NULL)
        value = user;
      else if (strcmp (o->keyword, "host") != 0 && strcmp (o->keyword, "port") != 0 &&
               strcmp (o->keyword, "user") != 0)
        continue;
      if (value == NULL)
        continue;
      g_string_append_printf (uri, "%c%s=", separator, o->keyword);
      g_string_append_uri_escaped (uri, value, "/", FALSE);
      separator = '&';
    }
  PQconninfoFree (options);
  return g_string_free (uri, FALSE);
}

/* The URI of @database on the test server, as its administrator. */
static char *
server_uri_for (const char *database)
{
  return ebb_test_server_uri (database, NULL);
}

/* A new database on the test server with an empty clinic: its name, and
 * its URI in *@uri. */
static char *
server_new_clinic (char **uri)
{
  static guint n;
  g_autoptr(GError) error = NULL;
  g_autofree char *create = NULL;
  char *database;
  gboolean existed = TRUE;

  g_assert_nonnull (g_getenv ("EBB_TEST_SERVER"));
  database = g_strdup_printf ("ebb_t_%d_%u", (int) getpid (), ++n);
  /* With a language's collation, as a clinic's server usually has, not
   * the test server's C: so that an order that only holds in C fails. */
  create = g_strdup_printf ("CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'"
                            " LOCALE_PROVIDER icu ICU_LOCALE 'en-US'", database);
  ebb_test_server_admin_exec (create);
  *uri = server_uri_for (database);
  g_assert_true (ebb_server_init (*uri, &existed, &error));
  g_assert_no_error (error);
  g_assert_false (existed);
  return database;
}

void
ebb_test_clinic_set_up (EbbTestClinic *clinic,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  clinic->dir = g_dir_make_tmp ("ebb-test-XXXXXX", &error);
  g_assert_no_error (error);
  if (ebb_test_on_server ())
    clinic->database = server_new_clinic (&clinic->path);
  else
    clinic->path = g_build_filename (clinic->dir, "clinic.db", NULL);
}

char *
ebb_test_clinic_add_other (EbbTestClinic *clinic,
                           const char    *name)
{
  char *uri = NULL;

  g_assert_nonnull (clinic->dir);
  if (!ebb_test_on_server ())
    return g_build_filename (clinic->dir, name, NULL);
  if (clinic->others == NULL)
    clinic->others = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (clinic->others, server_new_clinic (&uri));
  return uri;
}

/* The databases and whatever SQLite kept beside them (-wal, -shm); on
 * the server, the test's database, whoever is still connected to it. */
void
ebb_test_clinic_tear_down (EbbTestClinic *clinic,
                           gconstpointer  data)
{
  if (clinic->database != NULL)
    {
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", clinic->database);

      ebb_test_server_admin_exec (drop);
    }
  for (guint i = 0; clinic->others != NULL && i < clinic->others->len; i++)
    {
      g_autofree char *drop = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)",
                                               (const char *) g_ptr_array_index (clinic->others, i));

      ebb_test_server_admin_exec (drop);
    }
  g_clear_pointer (&clinic->others, g_ptr_array_unref);
  ebb_test_remove_tree (clinic->dir);
  g_clear_pointer (&clinic->path, g_free);
  g_clear_pointer (&clinic->dir, g_free);
  g_clear_pointer (&clinic->database, g_free);
}

char *
ebb_test_audit_user_name (const char *location)
{
  PQconninfoOption *options;
  char *user = NULL;

  if (!ebb_location_is_server (location))
    return g_strdup (g_get_user_name ());
  options = PQconninfoParse (location, NULL);
  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (strcmp (o->keyword, "user") == 0 && o->val != NULL)
      user = g_strdup (o->val);
  PQconninfoFree (options);
  /* libpq's default: the name of this program's user. */
  return user != NULL ? user : g_strdup (g_get_user_name ());
}

void
ebb_test_records_set_up (EbbTestRecords *records,
                         gconstpointer   data)
{
  records->patient = ebb_patient_new ("K-0001", "Test Patient");
  records->patient->id = 1;
  records->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_session_free);
  records->ratings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_rating_free);
}

void
ebb_test_records_tear_down (EbbTestRecords *records,
                            gconstpointer   data)
{
  g_clear_pointer (&records->patient, ebb_patient_free);
  g_clear_pointer (&records->sessions, g_ptr_array_unref);
  g_clear_pointer (&records->ratings, g_ptr_array_unref);
}

/**
 * ebb_test_add_session:
 * @sessions: (element-type EbbSession): patient 1's sessions
 *
 * Adds an IV session of patient 1, numbered after the ones in @sessions.
 *
 * Returns: (transfer none): the session, to set more of it
 */
EbbSession *
ebb_test_add_session (GPtrArray        *sessions,
                      const char       *when,
                      EbbSessionStatus  status,
                      EbbPhase          phase)
{
  EbbSession *session = ebb_session_new ();

  g_assert_true (ebb_session_set_when (session, when, NULL));
  session->id = sessions->len + 1;
  session->patient_id = 1;
  session->status = status;
  session->phase = phase;
  session->route = EBB_ROUTE_IV;
  g_ptr_array_add (sessions, session);
  return session;
}

/**
 * ebb_test_add_rating:
 * @scores: (element-type EbbRating): patient 1's ratings
 *
 * Adds a rating of patient 1, numbered after the ones in @scores.
 *
 * Returns: (transfer none): the rating, to set more of it (its items)
 */
EbbRating *
ebb_test_add_rating (GPtrArray  *ratings,
                     const char *when,
                     const char *scale,
                     int         total)
{
  EbbRating *rating = ebb_rating_new ();

  g_assert_true (ebb_rating_set_when (rating, when, NULL));
  rating->id = ratings->len + 1;
  rating->patient_id = 1;
  rating->scale_id = g_strdup (scale);
  rating->total = total;
  g_ptr_array_add (ratings, rating);
  return rating;
}

void
ebb_test_set_pressures (EbbSession *session,
                        int         before_systolic,
                        int         before_diastolic,
                        int         after_systolic,
                        int         after_diastolic)
{
  const int values[2][2] = { { before_systolic, before_diastolic }, { after_systolic, after_diastolic } };

  g_clear_pointer (&session->readings, g_ptr_array_unref);
  session->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  for (guint k = 0; k < 2; k++)
    {
      EbbReading *reading;

      if (values[k][0] == 0)
        continue;
      reading = ebb_reading_new ();
      reading->id = session->id * 10 + k + 1;
      reading->session_id = session->id;
      reading->patient_id = session->patient_id;
      reading->pre_dose = k == 0;
      reading->systolic = values[k][0];
      reading->diastolic = values[k][1];
      g_ptr_array_add (session->readings, reading);
    }
}

void
ebb_test_store_pressures (gpointer store,
                          gint64   session_id,
                          int      before_systolic,
                          int      before_diastolic,
                          int      after_systolic,
                          int      after_diastolic)
{
  const int values[2][2] = { { before_systolic, before_diastolic }, { after_systolic, after_diastolic } };

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(EbbReading) reading = ebb_reading_new ();
      g_autoptr(GError) error = NULL;

      if (values[k][0] == 0)
        continue;
      reading->session_id = session_id;
      reading->pre_dose = k == 0;
      reading->systolic = values[k][0];
      reading->diastolic = values[k][1];
      g_assert_true (ebb_store_add_reading (EBB_STORE (store), reading, &error));
      g_assert_no_error (error);
    }
}

void
ebb_test_get_pressures (const EbbSession *session,
                        int               out[4])
{
  const EbbReading *before = ebb_session_pre_dose_reading (session);
  const EbbReading *after = ebb_session_highest_after_dose (session);

  out[0] = before ? before->systolic : 0;
  out[1] = before ? before->diastolic : 0;
  out[2] = after ? after->systolic : 0;
  out[3] = after ? after->diastolic : 0;
}

void
ebb_test_store_fixture_set_up (EbbTestStoreFixture *f,
                               gconstpointer        data)
{
  g_autoptr(GError) error = NULL;

  ebb_test_clinic_set_up (&f->clinic, data);
  f->store = ebb_store_open (f->clinic.path, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
}

void
ebb_test_store_fixture_tear_down (EbbTestStoreFixture *f,
                                  gconstpointer        data)
{
  g_clear_object (&f->store);
  ebb_test_clinic_tear_down (&f->clinic, data);
}

/**
 * ebb_test_import_examples:
 * @store: an EbbStore
 *
 * Imports the synthetic clinic of the rules' examples (EBB_EXAMPLES_DIR:
 * its patients, sessions and scores) into @store, asserting that every
 * row went in.
 */
void
ebb_test_import_examples (gpointer store)
{
  const char *dir = g_getenv ("EBB_EXAMPLES_DIR");
  g_autofree char *patients = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *scores = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  EbbImportStats stats = { 0 };

  g_assert_nonnull (dir);
  patients = g_build_filename (dir, "patients.csv", NULL);
  sessions = g_build_filename (dir, "sessions.csv", NULL);
  scores = g_build_filename (dir, "scores.csv", NULL);
  {
    const char *paths[] = { patients, sessions, scores, NULL };

    ebb_import_files (store, paths, &stats, problems, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Clinic files as SQL sees them, for the schema migrations' tests ------------ */

sqlite3 *
ebb_test_sql_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  return db;
}

/* On the server backend the same statements go to the test's database,
 * in a connection of their own, as its administrator. */
static PGresult *
server_sql (const char *uri,
            const char *sql)
{
  g_autoptr(PGconn) conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("%s: %s", uri, PQerrorMessage (conn));
  PQsetNoticeProcessor (conn, ignore_notice, NULL);
  return PQexec (conn, sql);
}

void
ebb_test_sql_exec (const char *path,
                   const char *sql)
{
  sqlite3 *db;
  char *message = NULL;

  if (ebb_location_is_server (path))
    {
      g_autoptr(PGresult) result = server_sql (path, sql);

      if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQresultErrorMessage (result));
      return;
    }
  db = ebb_test_sql_open (path);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

char *
ebb_test_sql_text (const char *path,
                   const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  char *value;

  if (ebb_location_is_server (path))
    {
      g_autoptr(PGresult) result = server_sql (path, sql);

      if (PQresultStatus (result) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQresultErrorMessage (result));
      g_assert_cmpint (PQntuples (result), ==, 1);
      return g_strdup (PQgetisnull (result, 0, 0) ? "(null)" : PQgetvalue (result, 0, 0));
    }
  db = ebb_test_sql_open (path);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value != NULL ? value : g_strdup ("(null)");
}

gint64
ebb_test_sql_int (const char *path,
                  const char *sql)
{
  g_autofree char *text = ebb_test_sql_text (path, sql);

  return g_ascii_strtoll (text, NULL, 10);
}

char *
ebb_test_check_problems (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_autoptr(GPtrArray) problems = NULL;
  gboolean ok;

  g_assert_no_error (error);
  ok = ebb_store_check (store, &problems, &error);
  g_assert_nonnull (problems);
  if (ok)
    return g_strdup ("");
  g_ptr_array_add (problems, NULL);
  return g_strjoinv ("\n", (char **) problems->pdata);
}

gint64
ebb_test_store_patient (gpointer    store,
                        const char *code,
                        const char *name)
{
  g_autoptr(EbbPatient) patient = ebb_patient_new (code, name);
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  g_assert_cmpint (patient->id, >, 0);
  return patient->id;
}

void
ebb_test_store_rating (gpointer    store,
                       gint64      patient_id,
                       gint32      day,
                       const char *scale,
                       int         total)
{
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *when = ebb_date_format (day);

  rating->patient_id = patient_id;
  g_assert_true (ebb_rating_set_when (rating, when, &error));
  rating->scale_id = g_strdup (scale);
  rating->total = total;
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);
}

void
ebb_test_store_session (gpointer          store,
                        gint64            patient_id,
                        gint32            day,
                        EbbSessionStatus  status)
{
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *when = ebb_date_format (day);

  session->patient_id = patient_id;
  g_assert_true (ebb_session_set_when (session, when, &error));
  session->status = status;
  session->phase = EBB_PHASE_INDUCTION;
  session->route = EBB_ROUTE_IV;
  session->dose_mg = 35;
  g_assert_true (ebb_store_add_session (store, session, &error));
  g_assert_no_error (error);
}

int
ebb_test_run_cli (const char  *cwd,
                  const char  *db,
                  char       **out,
                  char       **err,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int status;

  g_ptr_array_add (argv, (gpointer) g_getenv ("EBB_CLI"));
  g_assert_nonnull (argv->pdata[0]);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}
