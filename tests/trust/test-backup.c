/* test-backup.c — the rolling daily backup and restoring a backup
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works in a temporary folder of its own, under a umask of 0
 * so that the file modes asserted are the ones Ebb sets, not the umask's.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "ebb-backup.h"
#include "trust-test-utils.h"

typedef struct
{
  char *dir;
  char *db;          /* dir/clinic.db */
  char *backups;     /* dir/backups, not created */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = trust_make_tmp_dir ("test-backup");
  fixture->db = g_build_filename (fixture->dir, "clinic.db", NULL);
  fixture->backups = g_build_filename (fixture->dir, "backups", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ebb_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  g_free (fixture->backups);
}

static const char *
helper_path (void)
{
  static char *path;

  if (path == NULL)
    path = g_test_build_filename (G_TEST_BUILT, "trust", "trust-helper", NULL);
  return path;
}

/* A clinic of two patients, closed (so the file is whole on its own). */
static void
make_clinic (const char *path)
{
  g_autoptr(EbbStore) store = trust_open_new_store (path);
  gint64 id = trust_add_patient (store, "K-0001", "Ada", "first");

  trust_add_patient (store, "K-0002", "Ben", NULL);
  trust_add_session (store, id, "2026-01-05T09:00", NULL);
  trust_add_rating (store, id, "2026-01-05", 30, NULL);
}

/* A clinic that fails its check: a rating whose patient is gone, written
 * behind the store's back with the foreign keys off. */
static void
make_damaged_clinic (const char *path)
{
  make_clinic (path);
  trust_sql_exec (path,
                  "PRAGMA foreign_keys = OFF;"
                  "INSERT INTO rating (patient_id, when_text, day, scale, total)"
                  " VALUES (999, '2026-01-06', 739622, 'MADRS', 20);");
}

static EbbStore *
open_store (const char        *path,
            EbbStoreOpenFlags  flags)
{
  g_autoptr(GError) error = NULL;
  EbbStore *store = ebb_store_open (path, flags, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gboolean
has_patient (const char *path,
             const char *code)
{
  g_autoptr(EbbStore) store = open_store (path, EBB_STORE_OPEN_READ_ONLY);
  g_autoptr(EbbPatient) patient = ebb_store_find_patient (store, code, NULL);

  return patient != NULL;
}

static guint
count_patients (const char *path)
{
  g_autoptr(EbbStore) store = open_store (path, EBB_STORE_OPEN_READ_ONLY);

  return trust_count (store, "patients");
}

static void
assert_clean (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_store (path, EBB_STORE_OPEN_READ_ONLY);

  g_assert_true (ebb_store_check (store, NULL, &error));
  g_assert_no_error (error);
}

static GPtrArray *
list_audit (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_store (path, EBB_STORE_OPEN_READ_ONLY);
  GPtrArray *entries = ebb_store_list_audit (store, 0, &error);

  g_assert_no_error (error);
  return entries;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The names in @dir, sorted, as one string: "a b c". */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static gint32
day_of (const char *date)
{
  gint32 day = ebb_date_parse_day (date, NULL);

  g_assert_cmpint (day, >, 0);
  return day;
}

static void
make_backup (Fixture    *fixture,
             EbbStore   *store,
             const char *date,
             guint       keep)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;

  g_assert_true (ebb_backup_rolling (store, fixture->backups, keep, day_of (date), &made, &error));
  g_assert_no_error (error);
}

/* Names */

static void
test_names (void)
{
  g_autofree char *dir = ebb_backup_default_dir ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "ebb", "backups", NULL);
  g_autofree char *name = ebb_backup_file_name (day_of ("2026-03-01"));

  g_assert_cmpstr (dir, ==, expected);
  g_assert_cmpstr (name, ==, "clinic-2026-03-01.db");
}

/* Where backups go, and whether they share the clinic's disk. */
static void
test_backup_folder (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *beside = ebb_backup_dir_for_database ("/srv/ebb/clinic.db", NULL);
  g_autofree char *beside_too = ebb_backup_dir_for_database ("/srv/ebb/clinic.db", "");
  g_autofree char *chosen = ebb_backup_dir_for_database ("/srv/ebb/clinic.db", "/media/usb/ebb");

  g_assert_cmpstr (beside, ==, "/srv/ebb/backups");
  g_assert_cmpstr (beside_too, ==, "/srv/ebb/backups");
  g_assert_cmpstr (chosen, ==, "/media/usb/ebb");

  make_clinic (fixture->db);
  /* Beside it (the folder not made yet): the same disk. */
  g_assert_true (ebb_backup_on_same_disk (fixture->db, fixture->backups));
  /* /proc is no disk at all, so surely not the clinic's. */
  g_assert_false (ebb_backup_on_same_disk (fixture->db, "/proc/ebb-backups"));
}

/* Rolling backups */

static void
test_rolling_first (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *made = NULL;
  g_autofree char *expected = g_build_filename (fixture->backups, "nested", "clinic-2026-03-01.db", NULL);
  g_autofree char *nested = g_build_filename (fixture->backups, "nested", NULL);

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);

  g_assert_true (ebb_backup_rolling (store, nested, 7, day_of ("2026-03-01"), &made, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (made, ==, expected);

  /* Private whatever the umask: the folders made and the copy. */
  g_assert_cmpuint (trust_file_mode (fixture->backups), ==, 0700);
  g_assert_cmpuint (trust_file_mode (nested), ==, 0700);
  g_assert_cmpuint (trust_file_mode (made), ==, 0600);

  /* A whole, checked copy in one file: nothing else in the folder. */
  g_assert_false (trust_sidecar_exists (made, "-wal"));
  g_assert_false (trust_sidecar_exists (made, "-journal"));
  {
    g_autofree char *names = list_dir (nested);

    g_assert_cmpstr (names, ==, "clinic-2026-03-01.db");
  }
  assert_clean (made);
  g_assert_cmpuint (count_patients (made), ==, 2);
  g_assert_true (has_patient (made, "K-0002"));

  /* The clinic's trail records it under its own name, not the partial
   * one it was made under, with its SHA-256. */
  {
    g_autoptr(GPtrArray) trail = ebb_store_list_audit (store, 0, &error);
    g_autofree char *sha256 = ebb_store_file_sha256 (made, &error);
    g_autofree char *start = g_strdup_printf ("{\"file\":\"%s\",\"sha256\":\"%s\",\"last_entry\":4,",
                                              made, sha256);
    const EbbAuditEntry *entry;

    g_assert_no_error (error);
    entry = g_ptr_array_index (trail, trail->len - 1);
    g_assert_cmpstr (entry->action, ==, "backup");
    g_assert_true (g_str_has_prefix (entry->after, start));
  }
}

/* The window's backup thread reads the clinic on a read-only connection:
 * the backup is recorded all the same, through a connection of its own. */
static void
test_rolling_recorded_from_read_only (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) trail = NULL;
  g_autofree char *made = NULL;

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_READ_ONLY);
  g_assert_true (ebb_backup_rolling (store, fixture->backups, 7, day_of ("2026-03-01"), &made, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  trail = list_audit (fixture->db);
  g_assert_cmpuint (trail->len, ==, 5);
  g_assert_cmpstr (((EbbAuditEntry *) g_ptr_array_index (trail, 4))->action, ==, "backup");
  assert_clean (fixture->db);
}

static void
test_rolling_once_a_day (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *made = NULL;
  g_autofree char *path = g_build_filename (fixture->backups, "clinic-2026-03-01.db", NULL);

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);
  make_backup (fixture, store, "2026-03-01", 7);
  before = trust_read_bytes (path);

  /* Used again the same day, after a change: the day's backup stays the
   * first one of the day. */
  trust_add_patient (store, "K-0003", "Cleo", NULL);
  g_assert_true (ebb_backup_rolling (store, fixture->backups, 7, day_of ("2026-03-01"), &made, &error));
  g_assert_no_error (error);
  g_assert_null (made);
  after = trust_read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));

  /* The next day makes the next one. */
  g_assert_true (ebb_backup_rolling (store, fixture->backups, 7, day_of ("2026-03-02"), &made, &error));
  g_assert_no_error (error);
  g_assert_nonnull (made);
  g_assert_true (g_str_has_suffix (made, "/clinic-2026-03-02.db"));
  g_assert_true (has_patient (made, "K-0003"));
}

static void
test_rolling_keep (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *names = NULL;
  static const char * const others[] = {
    "notes.txt", "clinic-2026-02-30.db", "clinic-2026-01-01.db.bak", "clinic-26-01-01.db",
    "Clinic-2026-01-01.db", "clinic-2026-01-01.db-wal",
  };

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);

  /* The user's own files in the folder, some named almost like backups. */
  g_assert_cmpint (g_mkdir (fixture->backups, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autofree char *path = g_build_filename (fixture->backups, others[i], NULL);

      trust_write_bytes (path, "mine", 4);
    }

  /* Days of use with gaps, across a month end. */
  make_backup (fixture, store, "2026-01-30", 3);
  make_backup (fixture, store, "2026-01-31", 3);
  make_backup (fixture, store, "2026-02-02", 3);
  make_backup (fixture, store, "2026-02-03", 3);
  make_backup (fixture, store, "2026-02-10", 3);

  names = list_dir (fixture->backups);
  g_assert_cmpstr (names, ==,
                   "Clinic-2026-01-01.db clinic-2026-01-01.db-wal clinic-2026-01-01.db.bak "
                   "clinic-2026-02-02.db clinic-2026-02-03.db clinic-2026-02-10.db "
                   "clinic-2026-02-30.db clinic-26-01-01.db notes.txt");
  g_clear_pointer (&names, g_free);

  /* Fewer kept from now on: the oldest go. */
  make_backup (fixture, store, "2026-02-11", 1);
  names = list_dir (fixture->backups);
  g_assert_cmpstr (names, ==,
                   "Clinic-2026-01-01.db clinic-2026-01-01.db-wal clinic-2026-01-01.db.bak "
                   "clinic-2026-02-11.db clinic-2026-02-30.db clinic-26-01-01.db notes.txt");
}

static void
test_rolling_today_kept (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *names = NULL;

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);

  /* A clock that was set a year ahead, then put right. */
  make_backup (fixture, store, "2027-05-01", 2);
  make_backup (fixture, store, "2027-05-02", 2);
  make_backup (fixture, store, "2026-05-01", 1);

  names = list_dir (fixture->backups);
  g_assert_cmpstr (names, ==, "clinic-2026-05-01.db clinic-2027-05-02.db");
}

static void
test_rolling_refuses_damaged (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *made = NULL;
  g_autofree char *names = NULL;
  g_autofree char *good = g_build_filename (fixture->dir, "good.db", NULL);

  /* Backups from the days the clinic was still sound. */
  make_clinic (good);
  store = open_store (good, EBB_STORE_OPEN_DEFAULT);
  make_backup (fixture, store, "2026-03-01", 2);
  make_backup (fixture, store, "2026-03-02", 2);
  g_clear_object (&store);

  make_damaged_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);
  g_assert_false (ebb_backup_rolling (store, fixture->backups, 1, day_of ("2026-03-03"), &made, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHECK_FAILED);
  g_assert_nonnull (strstr (error->message, fixture->db));
  g_assert_null (made);

  /* No backup of the damaged file, and not one good backup given up for
   * it, although only one is to be kept. */
  names = list_dir (fixture->backups);
  g_assert_cmpstr (names, ==, "clinic-2026-03-01.db clinic-2026-03-02.db");
}

static void
test_rolling_stale_partial (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *names = NULL;
  g_autofree char *stale = g_build_filename (fixture->backups, ".clinic-2026-03-01.db.partial-AbC123", NULL);
  g_autofree char *fresh = g_build_filename (fixture->backups, ".clinic-2026-03-02.db.partial-XyZ789", NULL);
  struct utimbuf old = { 1000000000, 1000000000 };

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);

  /* A run killed while copying left a partial copy; another Ebb may be
   * writing the fresh one right now. */
  g_assert_cmpint (g_mkdir (fixture->backups, 0700), ==, 0);
  trust_write_bytes (stale, "half a database", 15);
  g_assert_cmpint (g_utime (stale, &old), ==, 0);
  trust_write_bytes (fresh, "half a database", 15);

  make_backup (fixture, store, "2026-03-03", 5);
  names = list_dir (fixture->backups);
  g_assert_cmpstr (names, ==, ".clinic-2026-03-02.db.partial-XyZ789 clinic-2026-03-03.db");
}

static void
test_rolling_not_a_folder (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *made = NULL;

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);
  trust_write_bytes (fixture->backups, "a file", 6);

  g_assert_false (ebb_backup_rolling (store, fixture->backups, 3, day_of ("2026-03-01"), &made, &error));
  g_assert_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, fixture->backups));
  g_assert_null (made);
}

static void
test_rolling_default_dir (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *made = NULL;
  g_autofree char *dir = ebb_backup_default_dir ();

  /* main() has moved $XDG_DATA_HOME away from the user's own; this must
   * never write into a real home. */
  if (!g_str_has_prefix (dir, g_get_tmp_dir ()))
    {
      g_test_skip ("XDG_DATA_HOME is not a temporary folder");
      return;
    }

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);
  g_assert_true (ebb_backup_rolling (store, NULL, 3, ebb_date_today (), &made, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (made, dir));
  g_assert_cmpuint (trust_file_mode (made), ==, 0600);
}

/* Restoring */

/* A program run beside the test that has the clinic open (trust-helper). */
typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
} Helper;

static void
helper_start (Helper     *helper,
              const char *mode,
              const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  helper->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                      helper_path (), mode, db, NULL);
  g_assert_no_error (error);
  helper->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (helper->process));
  line = g_data_input_stream_read_line (helper->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");
}

/* Sends @request and waits for the helper's @reply. */
static void
helper_ask (Helper     *helper,
            const char *request,
            const char *reply)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strconcat (request, "\n", NULL);
  g_autofree char *line = NULL;

  g_assert_true (g_output_stream_write_all (g_subprocess_get_stdin_pipe (helper->process), text,
                                            strlen (text), NULL, NULL, &error));
  g_assert_no_error (error);
  line = g_data_input_stream_read_line (helper->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, reply);
}

static void
helper_stop (Helper *helper)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_close (g_subprocess_get_stdin_pipe (helper->process), NULL, &error));
  g_assert_true (g_subprocess_wait_check (helper->process, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&helper->out);
  g_clear_object (&helper->process);
}

/* The restored clinic's trail ends with the restore: from which file,
 * its SHA-256, and where the clinic it replaced was kept. */
static void
assert_restore_entry (const char *db,
                      const char *backup,
                      const char *sha256,
                      const char *aside)
{
  g_autoptr(GPtrArray) trail = list_audit (db);
  const EbbAuditEntry *entry;
  g_autofree char *expected = NULL;

  g_assert_cmpuint (trail->len, >, 0);
  entry = g_ptr_array_index (trail, trail->len - 1);
  g_assert_cmpstr (entry->action, ==, "restore");
  g_assert_cmpstr (entry->table_name, ==, "clinic");
  g_assert_cmpstr (entry->user_name, ==, g_get_user_name ());
  g_assert_cmpstr (entry->host_name, ==, g_get_host_name ());
  if (aside != NULL)
    expected = g_strdup_printf ("{\"file\":\"%s\",\"sha256\":\"%s\",\"replaced\":\"%s\"}",
                                backup, sha256, aside);
  else
    expected = g_strdup_printf ("{\"file\":\"%s\",\"sha256\":\"%s\",\"replaced\":null}",
                                backup, sha256);
  g_assert_cmpstr (entry->after, ==, expected);
}

static char *
sha256_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *sha256 = ebb_store_file_sha256 (path, &error);

  g_assert_no_error (error);
  return sha256;
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "monday.db", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *names = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *sha256 = NULL;
  g_autoptr(GBytes) backup_before = NULL;
  g_autoptr(GBytes) backup_after = NULL;
  GStatBuf before_st, after_st;

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);
  g_assert_true (ebb_store_backup (store, backup, &error));
  g_assert_no_error (error);
  trust_add_patient (store, "K-0003", "Cleo", NULL);
  g_clear_object (&store);
  g_assert_cmpint (g_chmod (fixture->db, 0640), ==, 0);
  g_assert_cmpint (g_stat (fixture->db, &before_st), ==, 0);
  backup_before = trust_read_bytes (backup);
  sha256 = sha256_of (backup);

  g_assert_true (ebb_backup_restore_full (backup, fixture->db, &aside, &error));
  g_assert_no_error (error);

  /* The clinic is Monday's again, and sound; it is the same file, written
   * through SQLite, so it keeps its mode. */
  g_assert_cmpuint (count_patients (fixture->db), ==, 2);
  g_assert_false (has_patient (fixture->db, "K-0003"));
  g_assert_cmpint (g_stat (fixture->db, &after_st), ==, 0);
  g_assert_cmpuint (after_st.st_ino, ==, before_st.st_ino);
  g_assert_cmpuint (trust_file_mode (fixture->db), ==, 0640);
  assert_clean (fixture->db);
  assert_restore_entry (fixture->db, backup, sha256, aside);

  /* The backup was only read, and no temporary file is left. */
  g_assert_nonnull (aside);
  g_assert_true (g_str_has_prefix (aside, fixture->db));
  backup_after = trust_read_bytes (backup);
  g_assert_true (g_bytes_equal (backup_before, backup_after));
  names = list_dir (fixture->dir);
  expected = g_strdup_printf ("clinic.db %s monday.db", aside + strlen (fixture->dir) + 1);
  g_assert_cmpstr (names, ==, expected);

  /* What it replaced is kept, as it was, private. */
  g_assert_true (g_regex_match_simple ("\\.before-restore-[0-9]{8}-[0-9]{6}$", aside, 0, 0));
  g_assert_cmpuint (trust_file_mode (aside), ==, 0600);
  g_assert_true (has_patient (aside, "K-0003"));
  assert_clean (aside);
}

static void
test_restore_wal_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GSubprocess) helper = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "monday.db", NULL);
  g_autofree char *aside = NULL;

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);
  g_assert_true (ebb_store_backup (store, backup, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* A program that saved a patient and died: the patient is only in the
   * -wal, which is part of the clinic. */
  helper = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                             helper_path (), "write-and-die", fixture->db, "W-0001", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (helper, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (trust_sidecar_exists (fixture->db, "-wal"));

  g_assert_true (ebb_backup_restore_full (backup, fixture->db, &aside, &error));
  g_assert_no_error (error);

  g_assert_false (trust_sidecar_exists (fixture->db, "-wal"));
  g_assert_false (trust_sidecar_exists (fixture->db, "-shm"));
  assert_clean (fixture->db);
  g_assert_false (has_patient (fixture->db, "W-0001"));
  g_assert_cmpuint (count_patients (fixture->db), ==, 2);

  /* The patient saved before the crash is in the copy kept aside, one
   * file on its own. */
  g_assert_false (trust_sidecar_exists (aside, "-wal"));
  g_assert_true (has_patient (aside, "W-0001"));
  assert_clean (aside);
}

/* Another Ebb has the clinic open (issue 15, finding 2): the restore goes
 * into the file it has open, so its next write lands on the restored
 * clinic, audited and chained after the restore. */
static void
test_restore_open_elsewhere (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) trail = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "monday.db", NULL);
  g_autofree char *aside = NULL;
  const EbbAuditEntry *last;
  Helper helper = { 0 };

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);
  g_assert_true (ebb_store_backup (store, backup, &error));
  g_assert_no_error (error);
  trust_add_patient (store, "K-0003", "Cleo", NULL);
  g_clear_object (&store);

  helper_start (&helper, "hold", fixture->db);
  g_assert_true (ebb_backup_restore_full (backup, fixture->db, &aside, &error));
  g_assert_no_error (error);
  helper_ask (&helper, "add H-0001", "added");
  helper_stop (&helper);

  assert_clean (fixture->db);
  g_assert_cmpuint (count_patients (fixture->db), ==, 3);
  g_assert_true (has_patient (fixture->db, "H-0001"));
  g_assert_false (has_patient (fixture->db, "K-0003"));
  trail = list_audit (fixture->db);
  last = g_ptr_array_index (trail, trail->len - 1);
  g_assert_cmpstr (last->action, ==, "insert");
  g_assert_cmpstr (last->patient_code, ==, "H-0001");
  last = g_ptr_array_index (trail, trail->len - 2);
  g_assert_cmpstr (last->action, ==, "restore");
  g_assert_true (has_patient (aside, "K-0003"));
}

/* Another program has the clinic open and idle, having read nothing, so
 * it holds no lock at all: renaming files under it left it writing into
 * the restored clinic's -wal, which SQLite then replayed onto pages of
 * another database (issue 15, finding 2). */
static void
test_restore_idle_connection (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "monday.db", NULL);
  g_autofree char *aside = NULL;
  Helper helper = { 0 };

  make_clinic (fixture->db);
  store = open_store (fixture->db, EBB_STORE_OPEN_DEFAULT);
  g_assert_true (ebb_store_backup (store, backup, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *code = g_strdup_printf ("L-%04u", i);

      trust_add_patient (store, code, "Later", NULL);
    }
  g_clear_object (&store);

  helper_start (&helper, "idle", fixture->db);
  g_assert_true (ebb_backup_restore_full (backup, fixture->db, &aside, &error));
  g_assert_no_error (error);
  helper_ask (&helper, "write X-0001", "written");
  helper_stop (&helper);

  /* Monday's two patients and the one written since: nothing of the
   * clinic as it was before the restore, and a file that checks. */
  assert_clean (fixture->db);
  g_assert_cmpuint (count_patients (fixture->db), ==, 3);
  g_assert_true (has_patient (fixture->db, "K-0001"));
  g_assert_true (has_patient (fixture->db, "X-0001"));
  g_assert_false (has_patient (fixture->db, "L-0000"));
  g_assert_cmpuint (count_patients (aside), ==, 102);
}

/* A clinic reached through a symbolic link is restored where it is, and
 * the link stays a link (issue 15, finding 7); so is a link to a clinic
 * still to be made. */
static void
test_restore_symlink (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "monday.db", NULL);
  g_autofree char *real_dir = g_build_filename (fixture->dir, "real", NULL);
  g_autofree char *real = g_build_filename (real_dir, "clinic.db", NULL);
  g_autofree char *link_path = g_build_filename (fixture->dir, "link.db", NULL);
  g_autofree char *dangling = g_build_filename (fixture->dir, "dangling.db", NULL);
  g_autofree char *target = g_build_filename (real_dir, "new.db", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *link_target = NULL;
  g_autofree char *names = NULL;

  make_clinic (backup);
  g_assert_cmpint (g_mkdir (real_dir, 0700), ==, 0);
  store = trust_open_new_store (real);
  trust_add_patient (store, "R-0001", "Real", NULL);
  g_clear_object (&store);
  /* A relative link, as `ln -s real/clinic.db link.db` makes. */
  g_assert_cmpint (symlink ("real/clinic.db", link_path), ==, 0);
  g_assert_cmpint (symlink ("real/new.db", dangling), ==, 0);

  g_assert_true (ebb_backup_restore_full (backup, link_path, &aside, &error));
  g_assert_no_error (error);
  link_target = g_file_read_link (link_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link_target, ==, "real/clinic.db");
  g_assert_cmpuint (count_patients (real), ==, 2);
  g_assert_false (has_patient (real, "R-0001"));
  g_assert_true (g_str_has_prefix (aside, real));
  g_assert_true (has_patient (aside, "R-0001"));
  assert_clean (real);

  g_clear_pointer (&aside, g_free);
  g_clear_pointer (&link_target, g_free);
  g_assert_true (ebb_backup_restore_full (backup, dangling, &aside, &error));
  g_assert_no_error (error);
  g_assert_null (aside);
  link_target = g_file_read_link (dangling, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link_target, ==, "real/new.db");
  g_assert_cmpuint (count_patients (target), ==, 2);
  g_assert_cmpuint (trust_file_mode (target), ==, 0600);

  names = list_dir (fixture->dir);
  g_assert_cmpstr (names, ==, "dangling.db link.db monday.db real");
  g_clear_pointer (&names, g_free);
  names = list_dir (real_dir);
  g_assert_true (g_str_has_prefix (names, "clinic.db clinic.db.before-restore-"));
  g_assert_true (g_str_has_suffix (names, " new.db"));
}

/* A clinic file SQLite cannot read at all is put aside byte for byte,
 * and the restored clinic takes its place. */
static void
test_restore_over_garbage (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "monday.db", NULL);
  g_autofree char *aside = NULL;
  g_autoptr(GBytes) kept = NULL;
  static const char garbage[] = "this was a clinic once, before the disk hiccupped";

  make_clinic (backup);
  trust_write_bytes (fixture->db, garbage, strlen (garbage));

  g_assert_true (ebb_backup_restore_full (backup, fixture->db, &aside, &error));
  g_assert_no_error (error);
  assert_clean (fixture->db);
  g_assert_cmpuint (count_patients (fixture->db), ==, 2);
  kept = trust_read_bytes (aside);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), garbage, strlen (garbage));
}

/* A backup whose schema is not Ebb's is refused, naming each difference
 * (issue 15, finding 3): a trigger that deletes every new rating, the
 * trail's guards dropped with entries removed, an extra column, an extra
 * index; and a backup of an older version with its guards dropped, which
 * the upgrade would otherwise have made anew. */
static void
test_restore_doctored_schema (Fixture       *fixture,
                              gconstpointer  data)
{
  static const struct
  {
    const char *name;
    const char *sql;
    const char *named[3];
  } cases[] = {
    { "wipe-trigger",
      "CREATE TRIGGER wipe AFTER INSERT ON rating BEGIN DELETE FROM rating; END;",
      { "trigger “wipe” on “rating” is not part of Ebb's schema", NULL } },
    { "guards-dropped",
      "DROP TRIGGER audit_no_delete; DROP TRIGGER audit_no_update; DELETE FROM audit WHERE id = 2;",
      { "trigger “audit_no_delete” of Ebb's schema is missing",
        "trigger “audit_no_update” of Ebb's schema is missing",
        "audit entry 3 (" } },
    { "extra-column",
      "ALTER TABLE patient ADD COLUMN ssn TEXT;",
      { "table “patient” differs from Ebb's schema: its column “ssn” is not Ebb's", NULL } },
    { "extra-index",
      "CREATE UNIQUE INDEX audit_hash ON audit (hash);",
      { "index “audit_hash” on “audit” is not part of Ebb's schema", NULL } },
    { "changed-check",
      "PRAGMA writable_schema = ON;"
      "UPDATE sqlite_master SET sql = replace (sql, 'dose_mg >= 0', 'dose_mg >= -1000')"
      " WHERE name = 'session';",
      { "table “session” is not defined as Ebb's schema defines it", NULL } },
  };
  g_autoptr(GBytes) before = NULL;

  make_clinic (fixture->db);
  before = trust_read_bytes (fixture->db);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) after = NULL;
      g_autofree char *name = g_strdup_printf ("%s.db", cases[i].name);
      g_autofree char *backup = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *aside = NULL;
      g_autofree char *names = NULL;

      g_test_message ("restoring a backup with %s", cases[i].name);
      make_clinic (backup);
      trust_sql_exec (backup, cases[i].sql);

      g_assert_false (ebb_backup_restore_full (backup, fixture->db, &aside, &error));
      g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHECK_FAILED);
      g_assert_true (g_str_has_prefix (error->message, "Nothing was restored"));
      for (guint j = 0; j < G_N_ELEMENTS (cases[i].named) && cases[i].named[j] != NULL; j++)
        {
          if (strstr (error->message, cases[i].named[j]) == NULL)
            g_error ("“%s” does not name “%s”", error->message, cases[i].named[j]);
        }
      g_assert_null (aside);

      after = trust_read_bytes (fixture->db);
      g_assert_true (g_bytes_equal (before, after));
      names = list_dir (fixture->dir);
      g_assert_null (strstr (names, "before-restore"));
      g_assert_null (strstr (names, ".restore-"));
    }
}

typedef struct
{
  const char *name;
  GQuark      domain;
  int         code;
} BadBackup;

static void
make_bad_backup (const char *kind,
                 const char *path)
{
  if (g_str_equal (kind, "damaged"))
    make_damaged_clinic (path);
  else if (g_str_equal (kind, "empty"))
    trust_write_bytes (path, "", 0);
  else if (g_str_equal (kind, "text"))
    trust_write_bytes (path, "patient,name\nK-1,Ada\n", 21);
  else if (g_str_equal (kind, "foreign"))
    {
      trust_write_bytes (path, "", 0);
      trust_sql_exec (path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, data BLOB);");
    }
  else if (g_str_equal (kind, "newer"))
    {
      make_clinic (path);
      trust_sql_exec (path, "PRAGMA user_version = 99;");
    }
  else if (g_str_equal (kind, "truncated"))
    {
      g_autoptr(GBytes) bytes = NULL;
      gsize length;
      const guchar *data;

      make_clinic (path);
      bytes = trust_read_bytes (path);
      data = g_bytes_get_data (bytes, &length);
      trust_write_bytes (path, data, length / 2);
    }
  else if (!g_str_equal (kind, "missing"))
    g_assert_not_reached ();
}

static void
test_restore_refuses (Fixture       *fixture,
                      gconstpointer  data)
{
  static const BadBackup cases[] = {
    { "damaged", 0, EBB_STORE_ERROR_CHECK_FAILED },
    { "empty", 0, EBB_STORE_ERROR_NOT_EBB },
    { "text", 0, EBB_STORE_ERROR_NOT_EBB },
    { "foreign", 0, EBB_STORE_ERROR_NOT_EBB },
    { "newer", 0, EBB_STORE_ERROR_TOO_NEW },
    { "truncated", 0, -1 },
    { "missing", 0, EBB_STORE_ERROR_NOT_FOUND },
  };
  static const char * const sidecars[] = { "", "-wal", "-shm", "-journal" };
  g_autoptr(GBytes) before = NULL;

  make_clinic (fixture->db);
  before = trust_read_bytes (fixture->db);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) after = NULL;
      g_autofree char *name = g_strdup_printf ("%s.db", cases[i].name);
      g_autofree char *backup = g_build_filename (fixture->dir, name, NULL);
      g_autofree char *aside = NULL;
      g_autofree char *names = NULL;

      g_test_message ("restoring a %s backup", cases[i].name);
      make_bad_backup (cases[i].name, backup);

      g_assert_false (ebb_backup_restore_full (backup, fixture->db, &aside, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == EBB_STORE_ERROR);
      if (cases[i].code >= 0)
        g_assert_cmpint (error->code, ==, cases[i].code);
      else
        g_assert_true (error->code == EBB_STORE_ERROR_CORRUPT ||
                       error->code == EBB_STORE_ERROR_CHECK_FAILED);
      g_assert_nonnull (strstr (error->message, backup));
      g_assert_true (g_str_has_prefix (error->message, "Nothing was restored"));
      g_assert_null (aside);

      /* The clinic is untouched, and nothing was left beside it. */
      after = trust_read_bytes (fixture->db);
      g_assert_true (g_bytes_equal (before, after));
      names = list_dir (fixture->dir);
      g_assert_null (strstr (names, "before-restore"));
      g_assert_null (strstr (names, ".restore-"));
      g_assert_false (trust_sidecar_exists (fixture->db, "-wal"));

      /* With whatever reading it left beside it. */
      for (guint j = 0; j < G_N_ELEMENTS (sidecars); j++)
        {
          g_autofree char *sidecar = g_strconcat (backup, sidecars[j], NULL);

          ebb_test_remove_tree (sidecar);
        }
    }
}

static void
test_restore_same_file (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *link_path = g_build_filename (fixture->dir, "link.db", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  make_clinic (fixture->db);
  before = trust_read_bytes (fixture->db);
  g_assert_cmpint (symlink (fixture->db, link_path), ==, 0);

  g_assert_false (ebb_backup_restore (fixture->db, fixture->db, &error));
  g_assert_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_SAME_FILE);
  g_clear_error (&error);
  g_assert_false (ebb_backup_restore (link_path, fixture->db, &error));
  g_assert_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_SAME_FILE);
  g_assert_nonnull (strstr (error->message, link_path));

  after = trust_read_bytes (fixture->db);
  g_assert_true (g_bytes_equal (before, after));
}

/* Schema 1, as the first release wrote it (frozen, like the migration). */
static const char schema_v1[] =
  "CREATE TABLE patient (id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE CHECK (length (trim (code)) > 0),"
  "  name TEXT NOT NULL DEFAULT '',"
  "  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),"
  "  preferred_scale TEXT, notes TEXT,"
  "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)));"
  "CREATE TABLE session (id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL, day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  status TEXT NOT NULL CHECK (status IN ('scheduled', 'done', 'cancelled', 'missed')),"
  "  phase TEXT NOT NULL CHECK (phase IN ('induction', 'maintenance', 'rescue')),"
  "  route TEXT NOT NULL CHECK (route IN ('iv', 'im', 'intranasal', 'oral', 'sublingual')),"
  "  dose_mg REAL CHECK (dose_mg IS NULL OR dose_mg >= 0),"
  "  bp_before_systolic INTEGER, bp_before_diastolic INTEGER,"
  "  bp_after_systolic INTEGER, bp_after_diastolic INTEGER, note TEXT);"
  "CREATE TABLE score (id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL, day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  scale TEXT NOT NULL, total INTEGER NOT NULL, items TEXT, rater TEXT, note TEXT);"
  "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),"
  "  table_name TEXT NOT NULL, row_id INTEGER NOT NULL, patient_id INTEGER,"
  "  patient_code TEXT, \"before\" TEXT, \"after\" TEXT);"
  "INSERT INTO patient VALUES (1, 'K-0007', 'Old Timer', 1960, 'MADRS', 'from v1', 0);"
  "PRAGMA application_id = 1164075553;"
  "PRAGMA user_version = 1;";

static void
test_restore_older_schema (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "last-year.db", NULL);
  g_autofree char *aside = NULL;

  /* sqlite3_open_v2 in trust_sql_exec does not create files. */
  trust_write_bytes (backup, "", 0);
  trust_sql_exec (backup, schema_v1);
  g_assert_cmpint (trust_sql_int (backup, "PRAGMA user_version"), ==, 1);
  before = trust_read_bytes (backup);

  g_assert_true (ebb_backup_restore_full (backup, fixture->db, &aside, &error));
  g_assert_no_error (error);
  g_assert_null (aside);

  /* Restored and brought up to date; the old backup itself untouched. */
  g_assert_cmpint (trust_sql_int (fixture->db, "PRAGMA user_version"), ==, EBB_STORE_SCHEMA_VERSION);
  g_assert_true (has_patient (fixture->db, "K-0007"));
  assert_clean (fixture->db);
  after = trust_read_bytes (backup);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (trust_sidecar_exists (backup, "-wal"));
}

/* A backup of version 1 whose trail lost its guards (and its CHECK) is
 * refused before the upgrade, which makes the trail anew, could hide it. */
static void
test_restore_doctored_older_schema (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "old.db", NULL);

  trust_write_bytes (backup, "", 0);
  trust_sql_exec (backup, schema_v1);
  trust_sql_exec (backup, "DROP TABLE audit;"
                          "CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL,"
                          "  action TEXT NOT NULL, table_name TEXT NOT NULL, row_id INTEGER NOT NULL,"
                          "  patient_id INTEGER, patient_code TEXT, \"before\" TEXT, \"after\" TEXT);");

  g_assert_false (ebb_backup_restore_full (backup, fixture->db, NULL, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHECK_FAILED);
  g_assert_nonnull (strstr (error->message, "schema Ebb made at its version 1"));
  g_assert_nonnull (strstr (error->message, "table “audit” is not defined as Ebb's schema defines it"));
  g_assert_false (trust_exists (fixture->db));
}

static void
test_restore_new_place (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "monday.db", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "new", "home", NULL);
  g_autofree char *destination = g_build_filename (folder, "clinic.db", NULL);
  g_autofree char *aside = NULL;

  /* A new computer: nothing there yet, not even the folder. */
  make_clinic (backup);
  g_assert_true (ebb_backup_restore_full (backup, destination, &aside, &error));
  g_assert_no_error (error);
  g_assert_null (aside);
  g_assert_cmpuint (trust_file_mode (folder), ==, 0700);
  g_assert_cmpuint (trust_file_mode (destination), ==, 0600);
  g_assert_cmpuint (count_patients (destination), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *home = NULL;
  g_autofree char *data_home = NULL;
  int status;

  /* The default backup folder under a data folder of the test's own.
   * (Not G_TEST_OPTION_ISOLATE_DIRS: GLib leaks the folders' names it
   * replaces, on purpose, which would hide real leaks from the sanitizer.) */
  umask (0);
  home = trust_make_tmp_dir ("test-backup-home");
  data_home = g_build_filename (home, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/backup/names", test_names);
  ADD_TEST ("/backup/folder", test_backup_folder);
  ADD_TEST ("/backup/rolling/first", test_rolling_first);
  ADD_TEST ("/backup/rolling/recorded-from-read-only", test_rolling_recorded_from_read_only);
  ADD_TEST ("/backup/rolling/once-a-day", test_rolling_once_a_day);
  ADD_TEST ("/backup/rolling/keep", test_rolling_keep);
  ADD_TEST ("/backup/rolling/today-kept", test_rolling_today_kept);
  ADD_TEST ("/backup/rolling/refuses-damaged", test_rolling_refuses_damaged);
  ADD_TEST ("/backup/rolling/stale-partial", test_rolling_stale_partial);
  ADD_TEST ("/backup/rolling/not-a-folder", test_rolling_not_a_folder);
  ADD_TEST ("/backup/rolling/default-dir", test_rolling_default_dir);
  ADD_TEST ("/backup/restore/replaces", test_restore);
  ADD_TEST ("/backup/restore/wal-kept", test_restore_wal_kept);
  ADD_TEST ("/backup/restore/open-elsewhere", test_restore_open_elsewhere);
  ADD_TEST ("/backup/restore/idle-connection", test_restore_idle_connection);
  ADD_TEST ("/backup/restore/symlink", test_restore_symlink);
  ADD_TEST ("/backup/restore/over-garbage", test_restore_over_garbage);
  ADD_TEST ("/backup/restore/doctored-schema", test_restore_doctored_schema);
  ADD_TEST ("/backup/restore/doctored-older-schema", test_restore_doctored_older_schema);
  ADD_TEST ("/backup/restore/refuses", test_restore_refuses);
  ADD_TEST ("/backup/restore/same-file", test_restore_same_file);
  ADD_TEST ("/backup/restore/older-schema", test_restore_older_schema);
  ADD_TEST ("/backup/restore/new-place", test_restore_new_place);

  status = g_test_run ();
  ebb_test_remove_tree (home);
  return status;
}
