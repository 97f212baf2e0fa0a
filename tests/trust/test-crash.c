/* test-crash.c — killing Ebb at random moments loses nothing that was saved
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two programs are killed with SIGKILL, which gives them no chance to
 * clean up, at random moments:
 *
 *  - `ebb-cli import` of a large clinic (20 000 sessions and 20 000
 *    ratings).  After every kill the database must open, pass its check
 *    (its audit trail's hash chain included) and hold either the whole
 *    import, with the import's one audit entry and every row keeping the
 *    import's id, or none of it.
 *  - trust-helper, which makes single edits (one transaction each) and
 *    prints "saved N" after each commit returns.  After every kill each
 *    edit that was reported saved must be there with its audit row, and
 *    nothing beyond the one edit that may have been committed just before
 *    the kill and not yet reported.
 *
 * A kill is not a power cut: the operating system still writes what the
 * program handed to it.  What this shows is that Ebb's transactions, as
 * SQLite commits them, never leave half of a change behind.
 *
 * The random moments come from a seed printed at the start; set
 * EBB_CRASH_SEED to repeat a run (the timing of the machine still varies),
 * EBB_CRASH_KILLS and EBB_CRASH_ROUNDS to change how many kills.
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>

#include "trust-test-utils.h"

#define N_PATIENTS 400
#define N_ROWS 20000           /* sessions, and as many ratings */
#define DEFAULT_KILLS 40
#define DEFAULT_ROUNDS 20
#define EDITS_PATIENT "E-0001"

static GRand *rng;

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT32, &value, NULL))
    return fallback;
  return (guint) value;
}

static const char *
helper_path (void)
{
  static char *path;

  if (path == NULL)
    path = g_test_build_filename (G_TEST_BUILT, "trust", "trust-helper", NULL);
  return path;
}

/* The large clinic ---------------------------------------------------------- */

static char *
write_csv (const char *dir,
           const char *name,
           GString    *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  trust_write_bytes (path, contents->str, contents->len);
  return path;
}

static void
generate_clinic (const char  *dir,
                 char       **patients,
                 char       **sessions,
                 char       **scores)
{
  g_autoptr(GString) p = g_string_new ("patient,name,birth_year,notes\n");
  g_autoptr(GString) s = g_string_new ("patient,date,status,phase,route,dose_mg,note,bp_before,bp_after\n");
  g_autoptr(GString) c = g_string_new ("patient,date,scale,score,note,rater\n");
  gint32 first_day = ebb_date_from_ymd (2024, 1, 1);

  for (guint i = 0; i < N_PATIENTS; i++)
    g_string_append_printf (p, "C-%04u,Synthetic patient %u,%u,\"Synthetic, for the kill test\"\n",
                            i, i, 1940 + i % 60);

  /* Each patient's rows on distinct days, so that none is a duplicate. */
  for (guint n = 0; n < N_ROWS; n++)
    {
      guint patient = n % N_PATIENTS;
      g_autofree char *date = ebb_date_format (first_day + (gint32) (n / N_PATIENTS) * 3);

      g_string_append_printf (s, "C-%04u,%sT09:%02u,done,%s,iv,%u,session %u,%u/%u,%u/%u\n",
                              patient, date, n % 60, n < N_ROWS / 4 ? "induction" : "maintenance",
                              30 + n % 40, n, 120 + n % 30, 70 + n % 20, 125 + n % 30, 75 + n % 20);
      g_string_append_printf (c, "C-%04u,%s,MADRS,%u,rating %u,Dr %c\n",
                              patient, date, n % 61, n, 'A' + n % 26);
    }

  *patients = write_csv (dir, "patients.csv", p);
  *sessions = write_csv (dir, "sessions.csv", s);
  *scores = write_csv (dir, "scores.csv", c);
}

static void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

typedef struct
{
  guint patients;
  guint sessions;
  guint ratings;
  guint audit;
} Counts;

/* Opens @path as the window would after a crash (read-write: SQLite
 * recovers from its -wal), checks it and counts its rows. */
static Counts
open_check_count (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (path, EBB_STORE_OPEN_DEFAULT, &error);
  Counts counts;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (ebb_store_check (store, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  counts.patients = trust_count (store, "patients");
  counts.sessions = trust_count (store, "sessions");
  counts.ratings = trust_count (store, "ratings");
  counts.audit = trust_count (store, "audit");
  return counts;
}

/* The second import's entry names it, and each of its rows keeps its id. */
static void
assert_rows_keep_import (const char *db)
{
  g_assert_cmpint (trust_sql_int (db, "SELECT row_id FROM audit WHERE id = 2 AND action = 'import'"), ==, 2);
  g_assert_cmpint (trust_sql_int (db, "SELECT count(*) FROM session WHERE import_id = 2"), ==, N_ROWS);
  g_assert_cmpint (trust_sql_int (db, "SELECT count(*) FROM rating WHERE import_id = 2"), ==, N_ROWS);
  g_assert_cmpint (trust_sql_int (db, "SELECT count(*) FROM patient WHERE import_id = 1"), ==, N_PATIENTS);
}

static GSubprocess *
spawn_import (const char *db,
              const char *sessions,
              const char *scores)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, trust_cli_path (), "--db", db, "import", sessions, scores, NULL);
  g_assert_no_error (error);
  return process;
}

static goffset
wal_size (const char *db)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) == 0 ? st.st_size : 0;
}

/* Returns whether @process was killed, rather than done before the kill. */
static gboolean
kill_after (GSubprocess *process,
            gulong       microseconds)
{
  g_autoptr(GError) error = NULL;

  g_usleep (microseconds);
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);

  if (g_subprocess_get_if_exited (process))
    {
      /* Done before the kill: it must have succeeded. */
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
      return FALSE;
    }
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
  return TRUE;
}

static void
test_import_killed (void)
{
  g_autofree char *dir = trust_make_tmp_dir ("test-crash");
  g_autofree char *patients = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *scores = NULL;
  g_autofree char *template = g_build_filename (dir, "template.db", NULL);
  g_autofree char *db = g_build_filename (dir, "clinic.db", NULL);
  g_autoptr(GSubprocess) calibration = NULL;
  g_autoptr(GError) error = NULL;
  guint kills = env_uint ("EBB_CRASH_KILLS", DEFAULT_KILLS);
  guint none = 0, whole = 0, finished = 0, mid_write = 0;
  const char *xdg_dir = dir;
  gulong window;
  Counts counts;
  gint64 start;
  double seconds;

  generate_clinic (dir, &patients, &sessions, &scores);

  /* The clinic before the import: its patients. */
  {
    g_auto(TrustRun) run = { 0 };

    trust_run_cli (&run, xdg_dir, NULL, -1, -1, template,
                   (const char * const[]) { "import", patients, NULL });
    g_assert_cmpint (run.status, ==, 0);
  }

  /* One import left alone, to know how long one takes and what it adds. */
  trust_copy_file (template, db);
  start = g_get_monotonic_time ();
  calibration = spawn_import (db, sessions, scores);
  g_assert_true (g_subprocess_wait_check (calibration, NULL, &error));
  g_assert_no_error (error);
  seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  counts = open_check_count (db);
  g_assert_cmpuint (counts.patients, ==, N_PATIENTS);
  g_assert_cmpuint (counts.sessions, ==, N_ROWS);
  g_assert_cmpuint (counts.ratings, ==, N_ROWS);
  /* Each import is one audit entry, written in the same transaction, and
   * every row it added keeps its id. */
  g_assert_cmpuint (counts.audit, ==, 2);
  assert_rows_keep_import (db);
  g_test_message ("an import of %u sessions and %u ratings takes %.2f s here", N_ROWS, N_ROWS, seconds);

  /* Kill moments spread over the import's run.  The first run may have
   * been slowed by other tests: when an import is done before its kill,
   * it took less than that long, and later moments are drawn from less. */
  window = (gulong) (seconds * G_USEC_PER_SEC);
  while (none + whole < kills && finished < 3 * kills)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_auto(TrustRun) run = { 0 };
      gulong delay = (gulong) g_rand_double_range (rng, 0, (double) window);

      remove_database (db);
      trust_copy_file (template, db);
      process = spawn_import (db, sessions, scores);
      if (!kill_after (process, delay))
        {
          finished++;
          window = MIN (window, delay);
          continue;
        }

      /* Pages in the -wal that were never committed: the kill came while
       * the import was writing, not before it began. */
      if (wal_size (db) > 0)
        mid_write++;

      /* What a user would run first after a crash: the read-only check. */
      trust_run_cli (&run, xdg_dir, NULL, -1, -1, db, (const char * const[]) { "check", NULL });
      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (run.out, ==, "ok\n");

      counts = open_check_count (db);
      g_assert_cmpuint (counts.patients, ==, N_PATIENTS);
      if (counts.sessions == 0)
        {
          g_assert_cmpuint (counts.ratings, ==, 0);
          g_assert_cmpuint (counts.audit, ==, 1);
          g_assert_cmpint (trust_sql_int (db, "SELECT count(*) FROM import"), ==, 1);
          none++;
        }
      else
        {
          g_assert_cmpuint (counts.sessions, ==, N_ROWS);
          g_assert_cmpuint (counts.ratings, ==, N_ROWS);
          g_assert_cmpuint (counts.audit, ==, 2);
          assert_rows_keep_import (db);
          whole++;
        }
    }

  /* The last file killed takes the import as if nothing had happened. */
  {
    g_autoptr(GSubprocess) process = spawn_import (db, sessions, scores);

    g_assert_true (g_subprocess_wait_check (process, NULL, &error));
    g_assert_no_error (error);
    counts = open_check_count (db);
    g_assert_cmpuint (counts.sessions, ==, N_ROWS);
    g_assert_cmpuint (counts.ratings, ==, N_ROWS);
  }

  g_test_message ("import kills survived: %u of %u (%u while it was writing; %u left no trace "
                  "of the import, %u held all of it; %u more imports finished before their kill)",
                  none + whole, none + whole, mid_write, none, whole, finished);
  g_assert_cmpuint (none + whole, ==, kills);
  /* Otherwise no kill came while the import was writing, and this test
   * would have tested nothing. */
  g_assert_cmpuint (mid_write, >, 0);

  ebb_test_remove_tree (dir);
}

/* Single edits ---------------------------------------------------------------- */

typedef struct
{
  GHashTable *reported;     /* every N reported saved so far */
  guint       highest;      /* the highest N known: reported, or there unreported */
  GHashTable *unreported;   /* N that may be there without a report: one per kill */
} Edits;

/* "edit N" → N, else 0. */
static guint
edit_number (const char *text)
{
  guint64 n = 0;

  if (text == NULL || !g_str_has_prefix (text, "edit ") ||
      !g_ascii_string_to_unsigned (text + 5, 10, 1, G_MAXUINT, &n, NULL))
    return 0;
  return (guint) n;
}

/* The N of an audit row's "after" JSON for an edit: the note of a rating
 * added, or the notes of the patient changed. */
static guint
audit_edit_number (const EbbAuditEntry *entry)
{
  const char *key = g_str_equal (entry->table_name, "rating") ? "\"note\":\"" : "\"notes\":\"";
  const char *start = entry->after != NULL ? strstr (entry->after, key) : NULL;
  g_autofree char *value = NULL;
  const char *end;

  if (start == NULL)
    return 0;
  start += strlen (key);
  end = strchr (start, '"');
  if (end == NULL)
    return 0;
  value = g_strndup (start, (gsize) (end - start));
  return edit_number (value);
}

/* Reads "saved N" lines until the pipe closes; a line cut by the kill
 * (no line end) was not reported. */
static guint
read_reports (GSubprocess *process,
              Edits       *edits)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GString) text = NULL;
  g_auto(GStrv) lines = NULL;
  GInputStream *out = g_subprocess_get_stdout_pipe (process);
  guint n_reported = 0;
  gsize length;
  const char *data;

  text = g_string_new (NULL);
  do
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      bytes = g_input_stream_read_bytes (out, 65536, NULL, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (bytes, &length);
      g_string_append_len (text, data, (gssize) length);
    }
  while (length > 0);

  lines = g_strsplit (text->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      guint64 n;

      g_assert_true (g_str_has_prefix (lines[i], "saved "));
      g_assert_true (g_ascii_string_to_unsigned (lines[i] + 6, 10, 1, G_MAXUINT, &n, NULL));
      g_hash_table_add (edits->reported, GUINT_TO_POINTER ((guint) n));
      edits->highest = MAX (edits->highest, (guint) n);
      n_reported++;
    }
  return n_reported;
}

static void
verify_edits (const char *db,
              Edits      *edits)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (db, EBB_STORE_OPEN_DEFAULT, &error);
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GHashTable) stored = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) audited = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer key;

  g_assert_no_error (error);
  g_assert_true (ebb_store_check (store, NULL, &error));
  g_assert_no_error (error);

  scores = ebb_store_list_ratings (store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < scores->len; i++)
    {
      const EbbRating *rating = g_ptr_array_index (scores, i);
      guint n = edit_number (rating->note);

      g_assert_cmpuint (n, >, 0);
      g_assert_false (g_hash_table_contains (stored, GUINT_TO_POINTER (n)));
      g_hash_table_add (stored, GUINT_TO_POINTER (n));
    }

  audit = ebb_store_list_audit (store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < audit->len; i++)
    {
      const EbbAuditEntry *entry = g_ptr_array_index (audit, i);
      guint n = audit_edit_number (entry);

      if (n == 0)
        {
          /* Only the patient's creation is not an edit. */
          g_assert_cmpstr (entry->table_name, ==, "patient");
          g_assert_cmpstr (entry->action, ==, "insert");
          continue;
        }
      g_hash_table_add (audited, GUINT_TO_POINTER (n));
      /* A rating's audit row exists exactly when the rating does. */
      if (n % 10 != 0)
        g_assert_true (g_hash_table_contains (stored, GUINT_TO_POINTER (n)));
    }

  /* Every edit reported saved is there, with its audit row. */
  g_hash_table_iter_init (&iter, edits->reported);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint n = GPOINTER_TO_UINT (key);

      if (n % 10 != 0)
        g_assert_true (g_hash_table_contains (stored, key));
      if (!g_hash_table_contains (audited, key))
        g_error ("edit %u was reported saved but has no audit row", n);
    }

  /* Nothing else is there but edits committed in the instant before a
   * kill, one at most per kill: the one after the last edit known, reported
   * or not (a helper killed after its first commit, before reporting it,
   * follows on from an edit the round before did not report either). */
  {
    const guint next = edits->highest + 1;

    g_hash_table_iter_init (&iter, audited);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        if (g_hash_table_contains (edits->reported, key) ||
            g_hash_table_contains (edits->unreported, key))
          continue;
        if (GPOINTER_TO_UINT (key) != next)
          g_error ("edit %u is stored but was never reported saved, and was not the last one",
                   GPOINTER_TO_UINT (key));
        g_hash_table_add (edits->unreported, key);
        edits->highest = next;
      }
  }
}

static void
test_edits_killed (void)
{
  g_autofree char *dir = trust_make_tmp_dir ("test-crash-edits");
  g_autofree char *db = g_build_filename (dir, "clinic.db", NULL);
  guint rounds = env_uint ("EBB_CRASH_ROUNDS", DEFAULT_ROUNDS);
  Edits edits = { 0 };
  guint killed = 0;

  edits.reported = g_hash_table_new (NULL, NULL);
  edits.unreported = g_hash_table_new (NULL, NULL);

  for (guint r = 0; r < rounds; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) helper = NULL;
      gulong delay = (gulong) g_rand_int_range (rng, 20000, 600000);

      helper = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                 helper_path (), "edits", db, NULL);
      g_assert_no_error (error);

      /* The helper edits until killed; it never ends by itself. */
      g_usleep (delay);
      g_subprocess_send_signal (helper, SIGKILL);
      read_reports (helper, &edits);
      g_subprocess_wait (helper, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_signaled (helper));
      killed++;

      verify_edits (db, &edits);
    }

  g_test_message ("edit kills survived: %u; edits reported saved and verified there, "
                  "with their audit rows: %u",
                  killed, g_hash_table_size (edits.reported));
  /* Otherwise the helper was killed before it could save anything. */
  g_assert_cmpuint (g_hash_table_size (edits.reported), >=, rounds);

  g_hash_table_unref (edits.reported);
  g_hash_table_unref (edits.unreported);
  ebb_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  guint32 seed;

  g_test_init (&argc, &argv, NULL);

  seed = env_uint ("EBB_CRASH_SEED", 0);
  if (seed == 0)
    seed = g_random_int ();
  rng = g_rand_new_with_seed (seed);
  g_test_message ("seed %u (EBB_CRASH_SEED=%u repeats the kill moments)", seed, seed);

  g_test_add_func ("/crash/import-killed", test_import_killed);
  g_test_add_func ("/crash/edits-killed", test_edits_killed);

  return g_test_run ();
}
