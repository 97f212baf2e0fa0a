/* trust-test-utils.c — helpers shared by the trust tests
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "trust-test-utils.h"

void
trust_run_clear (TrustRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

char *
trust_make_tmp_dir (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("ebb-%s-XXXXXX", name);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

GBytes *
trust_read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

void
trust_write_bytes (const char *path,
                   const void *data,
                   gsize       length)
{
  g_autoptr(GError) error = NULL;

  /* GLib 2.74 does not truncate an existing file without
   * G_FILE_SET_CONTENTS_CONSISTENT: start from no file at all. */
  g_unlink (path);
  g_file_set_contents_full (path, data, (gssize) length, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

void
trust_copy_file (const char *from,
                 const char *to)
{
  g_autoptr(GBytes) bytes = trust_read_bytes (from);
  gsize length = 0;
  gconstpointer data = g_bytes_get_data (bytes, &length);

  trust_write_bytes (to, data, length);
}

guint
trust_file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

gboolean
trust_exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

gboolean
trust_sidecar_exists (const char *path,
                      const char *suffix)
{
  g_autofree char *sidecar = g_strconcat (path, suffix, NULL);

  return trust_exists (sidecar);
}

static sqlite3 *
sql_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  return db;
}

gint64
trust_sql_int (const char *path,
               const char *sql)
{
  sqlite3 *db = sql_open (path);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

/* Runs @sql with a connection of its own, as another program would. */
void
trust_sql_exec (const char *path,
                const char *sql)
{
  sqlite3 *db = sql_open (path);
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

const char *
trust_cli_path (void)
{
  const char *path = g_getenv ("EBB_CLI");

  g_assert_nonnull (path);
  return path;
}

char *
trust_example_path (const char *name)
{
  const char *dir = g_getenv ("EBB_EXAMPLES_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

typedef struct
{
  int uid;
  int gid;
} Credentials;

/* In the child, between fork and exec. */
static void
drop_privileges (gpointer data)
{
  const Credentials *credentials = data;

  if (setgroups (0, NULL) != 0 || setgid ((gid_t) credentials->gid) != 0 ||
      setuid ((uid_t) credentials->uid) != 0)
    _exit (125);
}

void
trust_run_cli (TrustRun           *run,
               const char         *dir,
               const char         *cli,
               int                 uid,
               int                 gid,
               const char         *db,
               const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *xdg_data = g_build_filename (dir, "xdg-data", NULL);
  Credentials credentials = { uid, gid };

  trust_run_clear (run);
  g_ptr_array_add (argv, (char *) (cli != NULL ? cli : trust_cli_path ()));
  if (db != NULL)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, (char *) db);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", xdg_data, TRUE);
  if (uid >= 0)
    g_subprocess_launcher_set_child_setup (launcher, drop_privileges, &credentials, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_exited (process))
    {
      run->status = g_subprocess_get_exit_status (process);
      run->signal = 0;
    }
  else
    {
      run->status = -1;
      run->signal = g_subprocess_get_term_sig (process);
    }
}

EbbStore *
trust_open_new_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  EbbStore *store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

gint64
trust_add_patient (EbbStore   *store,
                   const char *code,
                   const char *name,
                   const char *notes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = ebb_patient_new (code, name);

  patient->notes = g_strdup (notes);
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  return patient->id;
}

gint64
trust_add_session (EbbStore   *store,
                   gint64      patient_id,
                   const char *when,
                   const char *note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbSession) session = ebb_session_new ();

  session->patient_id = patient_id;
  session->when_text = g_strdup (when);
  session->status = EBB_SESSION_DONE;
  session->phase = EBB_PHASE_INDUCTION;
  session->route = EBB_ROUTE_IV;
  session->dose_mg = 35;
  session->note = g_strdup (note);
  g_assert_true (ebb_store_add_session (store, session, &error));
  g_assert_no_error (error);
  return session->id;
}

gint64
trust_add_rating (EbbStore   *store,
                  gint64      patient_id,
                  const char *when,
                  int         total,
                  const char *note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbRating) rating = ebb_rating_new ();

  rating->patient_id = patient_id;
  rating->when_text = g_strdup (when);
  rating->scale_id = g_strdup ("MADRS");
  rating->total = total;
  rating->note = g_strdup (note);
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);
  return rating->id;
}

/* Rows of "patients", "sessions", "scores" or "audit", through the store. */
guint
trust_count (EbbStore   *store,
             const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (g_str_equal (what, "patients"))
    rows = ebb_store_list_patients (store, &error);
  else if (g_str_equal (what, "sessions"))
    rows = ebb_store_list_sessions (store, 0, &error);
  else if (g_str_equal (what, "ratings"))
    rows = ebb_store_list_ratings (store, 0, &error);
  else if (g_str_equal (what, "audit"))
    rows = ebb_store_list_audit (store, 0, &error);
  else
    g_assert_not_reached ();
  g_assert_no_error (error);
  return rows->len;
}
