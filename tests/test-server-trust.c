/* test-server-trust.c — a clinic on a server keeps all or nothing, and
 * a reviewer changes nothing
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the test server (EBB_TEST_SERVER), each test with a database of
 * its own (ebb_test_clinic_set_up()), and its people's roles dropped at
 * the end; skipped without a server.
 *
 *  - `ebb-cli import` of a large file killed with SIGKILL once its rows
 *    are being sent (its transaction has written): the server rolls the
 *    transaction back when the connection drops, so the clinic holds
 *    nothing of that import, neither rows nor the import's audit entry;
 *    its check passes and the next import is not kept waiting.
 *  - A reviewer (`ebb-cli server-setup --reviewers`) reads the clinic
 *    through a store that is read-only from the start, is told so by name
 *    when a change begins, and `ebb-cli import` as a reviewer fails saying
 *    so and writes nothing.
 *  - An import into a server clinic writes nothing beside it on the disk:
 *    no folder named after its address in the working directory.
 *  - Two workstations' imports run side by side: one of other patients
 *    goes in while the first is still open, and the trail holds both,
 *    sound; one of the same patient waits for the first to commit, then
 *    finds that patient and skips what the first stored; two that each
 *    hold a patient the other asks for: one of them fails as a whole,
 *    saying the server was busy, and the other goes in.
 */
#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "ebb-date.h"
#include "ebb-import.h"
#include "ebb-server.h"
#include "ebb-store.h"
#include "ebb-test-utils.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* Patients and ratings of the large import: 60 000 rows, some seconds of
 * inserts on the server, of which the kill leaves most unsent. */
#define BIG_PATIENTS 2000
#define BIG_RATINGS_EACH 30

typedef struct
{
  EbbTestClinic clinic;   /* its path is the owner's (administrator's) URI */
  char         *reviewer; /* a login role of this test's, or NULL */
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  ebb_test_clinic_set_up (&f->clinic, NULL);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *database = g_strdup (f->clinic.database);

  /* The database first: the clinic's group roles have rights on it. */
  ebb_test_clinic_tear_down (&f->clinic, NULL);
  if (f->reviewer != NULL)
    {
      g_autofree char *roles = g_strdup_printf ("DROP ROLE IF EXISTS %s, %s_clinician, %s_reviewer",
                                                f->reviewer, database, database);

      ebb_test_server_admin_exec (roles);
    }
  g_clear_pointer (&f->reviewer, g_free);
}

/* One number from the clinic, read as its owner. */
static gint64
count (Fixture    *f,
       const char *sql)
{
  return ebb_test_sql_int (f->clinic.path, sql);
}

/* What the clinic holds, table by table, and its audit trail's last
 * entry: equal before and after means nothing was written. */
static char *
clinic_state (Fixture *f)
{
  return ebb_test_sql_text (f->clinic.path,
                            "SELECT (SELECT count(*) FROM patient) || ' patients, '"
                            " || (SELECT count(*) FROM session) || ' sessions, '"
                            " || (SELECT count(*) FROM rating) || ' ratings, '"
                            " || (SELECT count(*) FROM import) || ' imports, '"
                            " || (SELECT count(*) FROM audit) || ' audit entries, the last '"
                            " || coalesce ((SELECT max(id) FROM audit), 0)");
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->clinic.dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, &error));
  g_assert_no_error (error);
  return path;
}

/* A small import that goes in: a patient and two ratings, from the
 * command line as the owner. */
static void
import_small (Fixture    *f,
              const char *code)
{
  g_autofree char *csv = g_strdup_printf ("patient,date,scale,score\n"
                                          "%s,2026-01-05,MADRS,30\n"
                                          "%s,2026-01-12,MADRS,22\n", code, code);
  g_autofree char *name = g_strdup_printf ("%s.csv", code);
  g_autofree char *path = write_file (f, name, csv, -1);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (ebb_test_run_cli (f->clinic.dir, f->clinic.path, &out, &err, "import", path, NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Imported 1 patient, 0 sessions and 2 ratings"));
}

/* The server's row for the other connections to this test's database:
 * the import's, once its transaction has written (an id is given to a
 * transaction at its first write, the import's first row). */
static gboolean
import_is_writing (PGconn     *admin,
                   const char *database,
                   char      **query)
{
  const char *params[] = { database };
  g_autoptr(PGresult) result = PQexecParams (admin,
                                             "SELECT left (query, 80) FROM pg_stat_activity"
                                             " WHERE datname = $1 AND backend_xid IS NOT NULL",
                                             1, NULL, params, NULL, NULL, 0);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  if (PQntuples (result) == 0)
    return FALSE;
  g_assert_cmpint (PQntuples (result), ==, 1);
  *query = g_strdup (PQgetvalue (result, 0, 0));
  return TRUE;
}

static guint
connections_to (PGconn     *admin,
                const char *database)
{
  const char *params[] = { database };
  g_autoptr(PGresult) result = PQexecParams (admin,
                                             "SELECT count(*) FROM pg_stat_activity WHERE datname = $1",
                                             1, NULL, params, NULL, NULL, 0);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  return (guint) g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10);
}

/* Seconds a step may take before the test gives up on it: far beyond any
 * run's (the kill test waits for events, not for times). */
#define GIVE_UP_SECONDS 120

static void
test_import_killed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GString) csv = g_string_new ("patient,date,scale,score\n");
  g_autoptr(PGconn) admin = PQconnectdb (g_getenv ("EBB_TEST_SERVER"));
  g_autoptr(GError) error = NULL;
  g_autofree char *big = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *query = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gint32 first_day = ebb_date_from_ymd (2024, 1, 1);
  const char *argv[] = { g_getenv ("EBB_CLI"), "--db", f->clinic.path, "import", NULL, NULL };
  gint64 give_up;
  GPid pid;
  int status;
  guint polls = 0;

  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  g_assert_nonnull (argv[0]);

  /* What the clinic held before: one earlier import, kept. */
  import_small (f, "K-0001");
  before = clinic_state (f);
  g_assert_cmpstr (before, ==, "1 patients, 0 sessions, 2 ratings, 1 imports, 1 audit entries, the last 1");

  for (guint p = 0; p < BIG_PATIENTS; p++)
    for (guint k = 0; k < BIG_RATINGS_EACH; k++)
      {
        g_autofree char *day = ebb_date_format (first_day + (gint32) k * 3);

        g_string_append_printf (csv, "BIG-%05u,%s,MADRS,%u\n", p, day, (p + k) % 50);
      }
  big = write_file (f, "big.csv", csv->str, (gssize) csv->len);
  argv[4] = big;

  g_assert_true (g_spawn_async (f->clinic.dir, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                                G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);

  /* Killed once its transaction has written, its rows being sent. */
  give_up = g_get_monotonic_time () + GIVE_UP_SECONDS * G_USEC_PER_SEC;
  while (!import_is_writing (admin, f->clinic.database, &query))
    {
      pid_t done = waitpid (pid, &status, WNOHANG);

      if (done == pid)
        g_error ("ebb-cli import ended (status %d) before it was seen writing", status);
      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
      g_usleep (2000);
      polls++;
    }
  g_assert_no_errno (kill (pid, SIGKILL));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_test_message ("killed after %u looks, its server process running “%s”", polls, query);
  /* Killed, not done: it never got to its commit. */
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

  /* The server ends its side once it finds the connection gone, rolling
   * the transaction back. */
  while (connections_to (admin, f->clinic.database) > 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
      g_usleep (10000);
    }

  /* Nothing of the import: no row, no import, no audit entry. */
  after = clinic_state (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient WHERE code LIKE 'BIG-%'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit WHERE action = 'import'"), ==, 1);

  /* The clinic checks, and takes the next import at once (the killed
   * one's lock went with its transaction). */
  g_assert_cmpint (ebb_test_run_cli (f->clinic.dir, f->clinic.path, &out, &err, "check", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  import_small (f, "K-0002");
  g_clear_pointer (&after, g_free);
  after = clinic_state (f);
  g_assert_cmpstr (after, ==, "2 patients, 0 sessions, 4 ratings, 2 imports, 2 audit entries, the last 2");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ebb_test_run_cli (f->clinic.dir, f->clinic.path, &out, &err, "check", NULL), ==, 0);
}

/* The clinic set up for one reviewer, named after the database: its URI
 * as that reviewer. */
static char *
set_up_reviewer (Fixture *f)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  f->reviewer = g_strdup_printf ("reviewer_%s", f->clinic.database);
  g_assert_cmpint (ebb_test_run_cli (f->clinic.dir, f->clinic.path, &out, &err,
                            "server-setup", "--reviewers", f->reviewer, NULL), ==, 0);
  g_assert_nonnull (strstr (out, f->reviewer));
  return ebb_test_server_uri (f->clinic.database, f->reviewer);
}

static void
test_reviewer (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-0099", "Not Written");
  g_autofree char *uri = NULL;
  g_autofree char *display = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  import_small (f, "K-0001");
  uri = set_up_reviewer (f);
  display = ebb_server_display_name (uri);
  before = clinic_state (f);

  /* Read-only from the start, yet reading everything. */
  store = ebb_store_open (uri, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (ebb_store_is_read_only (store));
  patients = ebb_store_list_patients (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, 1);
  g_assert_cmpstr (((EbbPatient *) g_ptr_array_index (patients, 0))->code, ==, "K-0001");
  ratings = ebb_store_list_ratings (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 2);

  /* A change is refused as it begins, saying why, by name. */
  g_assert_false (ebb_store_begin (store, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "reviewer"));
  g_assert_nonnull (strstr (error->message, display));
  g_clear_error (&error);
  g_assert_false (ebb_store_add_patient (store, patient, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_clear_object (&store);

  /* Opened for creating (as an import opens it): the same. */
  store = ebb_store_open (uri, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (ebb_store_is_read_only (store));
  g_clear_object (&store);

  /* ebb-cli import as the reviewer: refused, saying so, nothing written. */
  csv = write_file (f, "scores.csv",
                    "patient,date,scale,score\n"
                    "K-0001,2026-02-02,MADRS,12\n"
                    "K-0100,2026-02-02,MADRS,25\n", -1);
  g_assert_cmpint (ebb_test_run_cli (f->clinic.dir, uri, &out, &err, "import", csv, NULL), ==, 1);
  g_test_message ("ebb-cli import as a reviewer said: %s", err);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "reviewer"));
  g_assert_nonnull (strstr (err, display));
  g_assert_nonnull (strstr (err, "not change"));
  after = clinic_state (f);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count (f, "SELECT count(*) FROM patient WHERE code = 'K-0100'"), ==, 0);
}

/* Every name in @dir, sorted, as one text ("" when empty). */
static char *
folder_names (const char *dir)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (folder);
  while ((name = g_dir_read_name (folder)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* An import into a server clinic, taken or refused, leaves the folder it
 * ran in as it was: a server clinic has no file, nor folder, to make. */
static void
test_import_writes_no_file (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *work = g_build_filename (f->clinic.dir, "work", NULL);
  g_autofree char *csv = write_file (f, "scores.csv",
                                     "patient,date,scale,score\n"
                                     "K-0001,2026-02-02,MADRS,12\n", -1);
  g_autofree char *bad = write_file (f, "bad.csv",
                                     "patient,date,scale,score\n"
                                     "K-0002,2026-02-02,MADRS,99\n", -1);
  g_autofree char *uri = NULL;
  g_autofree char *names = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_no_errno (g_mkdir (work, 0700));
  g_assert_cmpint (ebb_test_run_cli (work, f->clinic.path, &out, &err, "import", csv, NULL), ==, 0);
  names = folder_names (work);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Refused for a bad row, and by the reviewer's rights. */
  g_assert_cmpint (ebb_test_run_cli (work, f->clinic.path, &out, &err, "import", bad, NULL), ==, 1);
  g_clear_pointer (&names, g_free);
  names = folder_names (work);
  g_assert_cmpstr (names, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  uri = set_up_reviewer (f);
  g_assert_cmpint (ebb_test_run_cli (work, uri, &out, &err, "import", csv, NULL), ==, 1);
  g_clear_pointer (&names, g_free);
  names = folder_names (work);
  g_assert_cmpstr (names, ==, "");
}

/* Whether a connection to this test's database waits for an advisory
 * lock: an import kept waiting by another's. */
static gboolean
import_is_waiting (PGconn     *admin,
                   const char *database)
{
  const char *params[] = { database };
  g_autoptr(PGresult) result = PQexecParams (admin,
                                             "SELECT count(*) FROM pg_stat_activity"
                                             " WHERE datname = $1 AND wait_event_type = 'Lock'"
                                             " AND wait_event = 'advisory'",
                                             1, NULL, params, NULL, NULL, 0);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  return g_ascii_strtoull (PQgetvalue (result, 0, 0), NULL, 10) > 0;
}

static EbbStore *
open_clinic (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  EbbStore *store = ebb_store_open (f->clinic.path, EBB_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  return store;
}

/* An import begun on @store and not ended: patient @code and a MADRS of
 * 30 on 5 January 2026, as an import of a file stores them. */
static void
begin_open_import (EbbStore   *store,
                   const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = ebb_patient_new (code, "");
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  gboolean read_again;

  g_assert_true (ebb_store_begin_import (store, &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_lock_patient_code (store, code, &read_again, &error));
  g_assert_no_error (error);
  /* Another import could have added it since this one began. */
  g_assert_true (read_again);
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  rating->patient_id = patient->id;
  rating->when_text = g_strdup ("2026-01-05");
  rating->scale_id = g_strdup ("MADRS");
  rating->total = 30;
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);
}

static void
end_open_import (EbbStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_store_finish_import (store, "{\"files\": []}", &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_commit (store, &error));
  g_assert_no_error (error);
}

/* An import of a file on a store of its own, in a thread of its own */
typedef struct
{
  EbbStore       *store;
  const char     *path;
  EbbImportStats  stats;
  GError         *error;
  gboolean        ok;
  gint            done;  /* atomic */
} OtherImport;

static gpointer
other_import_run (gpointer data)
{
  OtherImport *other = data;
  const char *paths[] = { other->path, NULL };

  other->ok = ebb_import_files (other->store, paths, &other->stats, NULL, &other->error);
  g_atomic_int_set (&other->done, TRUE);
  return NULL;
}

static GThread *
start_other_import (OtherImport *other,
                    EbbStore    *store,
                    const char  *path)
{
  other->store = store;
  other->path = path;
  return g_thread_new ("other-import", other_import_run, other);
}

/* Until the other import waits for a lock, which it must not have got
 * past by then. */
static void
wait_until_other_waits (Fixture     *f,
                        PGconn      *admin,
                        OtherImport *other)
{
  gint64 give_up = g_get_monotonic_time () + GIVE_UP_SECONDS * G_USEC_PER_SEC;

  while (!import_is_waiting (admin, f->clinic.database))
    {
      g_assert_false (g_atomic_int_get (&other->done));
      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
      g_usleep (2000);
    }
  g_assert_false (g_atomic_int_get (&other->done));
}

/* `ebb-cli check` finds the clinic sound, its trail's chain whole. */
static void
assert_clinic_checks (Fixture *f)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (ebb_test_run_cli (f->clinic.dir, f->clinic.path, &out, &err, "check", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
}

static void
test_imports_side_by_side (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PGconn) admin = PQconnectdb (g_getenv ("EBB_TEST_SERVER"));
  g_autoptr(EbbStore) first = NULL;
  g_autoptr(EbbStore) second = NULL;
  g_autofree char *csv = write_file (f, "other.csv",
                                     "patient,date,scale,score\n"
                                     "B-0001,2026-01-05,MADRS,28\n"
                                     "B-0001,2026-01-12,MADRS,20\n", -1);
  g_autofree char *state = NULL;
  OtherImport other = { 0 };
  gint64 give_up = g_get_monotonic_time () + GIVE_UP_SECONDS * G_USEC_PER_SEC;
  GThread *thread;

  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  import_small (f, "K-0001");
  first = open_clinic (f);
  second = open_clinic (f);

  begin_open_import (first, "A-0001");
  thread = start_other_import (&other, second, csv);
  /* The other import goes in while the first is still open: it never
   * waits for the first's locks. */
  while (!g_atomic_int_get (&other.done))
    {
      if (import_is_waiting (admin, f->clinic.database))
        g_error ("An import of other patients waits for the first import to end");
      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
      g_usleep (2000);
    }
  g_thread_join (thread);
  g_assert_no_error (other.error);
  g_assert_true (other.ok);
  g_assert_cmpuint (other.stats.patients_added, ==, 1);
  g_assert_cmpuint (other.stats.ratings_added, ==, 2);
  end_open_import (first);

  /* Both in, each one entry of the trail, the later commit's last; the
   * chain sound. */
  state = clinic_state (f);
  g_assert_cmpstr (state, ==, "3 patients, 0 sessions, 5 ratings, 3 imports, 3 audit entries, the last 3");
  g_assert_cmpint (count (f, "SELECT count(*) FROM rating r JOIN import i ON i.id = r.import_id"
                             " JOIN audit a ON a.row_id = i.id AND a.table_name = 'import'"
                             " JOIN patient p ON p.id = r.patient_id"
                             " WHERE p.code = 'A-0001' AND a.id = 3"), ==, 1);
  assert_clinic_checks (f);
}

static void
test_imports_one_patient (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(PGconn) admin = PQconnectdb (g_getenv ("EBB_TEST_SERVER"));
  g_autoptr(EbbStore) first = NULL;
  g_autoptr(EbbStore) second = NULL;
  /* The first's rating again, and one more. */
  g_autofree char *csv = write_file (f, "same.csv",
                                     "patient,date,scale,score\n"
                                     "a-0001,2026-01-05,MADRS,30\n"
                                     "a-0001,2026-01-12,MADRS,22\n", -1);
  g_autofree char *state = NULL;
  OtherImport other = { 0 };
  GThread *thread;

  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  first = open_clinic (f);
  second = open_clinic (f);

  begin_open_import (first, "A-0001");
  thread = start_other_import (&other, second, csv);
  /* The other import waits for the patient's lock… */
  wait_until_other_waits (f, admin, &other);
  end_open_import (first);

  /* …then finds the patient the first added, and its rating. */
  g_thread_join (thread);
  g_assert_no_error (other.error);
  g_assert_true (other.ok);
  g_assert_cmpuint (other.stats.patients_added, ==, 0);
  g_assert_cmpuint (other.stats.ratings_added, ==, 1);
  g_assert_cmpuint (other.stats.duplicates_skipped, ==, 1);
  state = clinic_state (f);
  g_assert_cmpstr (state, ==, "1 patients, 0 sessions, 2 ratings, 2 imports, 2 audit entries, the last 2");
  assert_clinic_checks (f);
}

static void
test_imports_crossed (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(PGconn) admin = PQconnectdb (g_getenv ("EBB_TEST_SERVER"));
  g_autoptr(EbbStore) first = NULL;
  g_autoptr(EbbStore) second = NULL;
  g_autoptr(GError) error = NULL;
  /* B-0001 first, then the patient the first import holds. */
  g_autofree char *csv = write_file (f, "crossed.csv",
                                     "patient,date,scale,score\n"
                                     "B-0001,2026-01-05,MADRS,28\n"
                                     "A-0001,2026-01-12,MADRS,22\n", -1);
  g_autofree char *state = NULL;
  OtherImport other = { 0 };
  gboolean read_again;
  gboolean first_ok;
  GThread *thread;

  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  first = open_clinic (f);
  second = open_clinic (f);

  begin_open_import (first, "A-0001");
  thread = start_other_import (&other, second, csv);
  wait_until_other_waits (f, admin, &other);
  /* Each now waits for the other: the server ends one. */
  first_ok = ebb_store_lock_patient_code (first, "B-0001", &read_again, &error);
  if (first_ok)
    end_open_import (first);
  else
    {
      g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_LOCKED);
      ebb_store_rollback (first);
    }
  g_thread_join (thread);
  g_assert_cmpint (first_ok, !=, other.ok);
  if (!other.ok)
    g_assert_error (other.error, EBB_STORE_ERROR, EBB_STORE_ERROR_LOCKED);
  g_test_message ("%s", first_ok ? other.error->message : error->message);
  g_clear_error (&other.error);

  /* Nothing half-written: one import, whole. */
  state = clinic_state (f);
  g_assert_cmpstr (state, ==, first_ok ? "1 patients, 0 sessions, 1 ratings, 1 imports, 1 audit entries, the last 1"
                                       : "2 patients, 0 sessions, 2 ratings, 1 imports, 1 audit entries, the last 1");
  assert_clinic_checks (f);
}

int
main (int   argc,
      char *argv[])
{
  /* Only ever on the server: without one, skipped as a whole. */
  g_setenv ("EBB_TEST_BACKEND", "server", TRUE);
  ebb_test_init_backend (argc, argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, set_up, (func), tear_down)
  ADD ("/server-trust/import-killed", test_import_killed);
  ADD ("/server-trust/reviewer", test_reviewer);
  ADD ("/server-trust/import-writes-no-file", test_import_writes_no_file);
  ADD ("/server-trust/imports/side-by-side", test_imports_side_by_side);
  ADD ("/server-trust/imports/one-patient", test_imports_one_patient);
  ADD ("/server-trust/imports/crossed", test_imports_crossed);
#undef ADD

  return g_test_run ();
}
