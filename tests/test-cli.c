/* test-cli.c — ebb-cli run as a subprocess, exactly as scripts run it
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test gets its own temporary folder (also $XDG_DATA_HOME, so the
 * default database never touches the user's).  Expected values are
 * written by hand: the example clinic's counts were counted in
 * the files in tests/examples.  With EBB_TEST_BACKEND=server the clinic
 * is a database of the test's own on the test server, made and given
 * its schema before the test (ebb-test-utils.h), and the tests about the
 * clinic file itself are left out.
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include <sqlite3.h>

#include "ebb-csv.h"
#include "ebb-server.h"
#include "ebb-test-utils.h"

typedef struct
{
  EbbTestClinic clinic;
  const char   *dir;   /* clinic.dir: the test's temporary folder */
  const char   *db;    /* clinic.path: dir/clinic.db, not created; or a server clinic, empty */
  char         *out;   /* stdout of the last run */
  char         *err;   /* stderr of the last run */
} Fixture;

static const char *
cli_path (void)
{
  const char *path = g_getenv ("EBB_CLI");

  g_assert_nonnull (path);
  return path;
}

static char *
example_path (const char *name)
{
  const char *dir = g_getenv ("EBB_EXAMPLES_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  ebb_test_clinic_set_up (&fixture->clinic, user_data);
  fixture->dir = fixture->clinic.dir;
  fixture->db = fixture->clinic.path;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  ebb_test_clinic_tear_down (&fixture->clinic, user_data);
  g_free (fixture->out);
  g_free (fixture->err);
}

/* Runs ebb-cli with @args (NULL-terminated), with "--db DB" first when
 * @db is not NULL.  Keeps stdout and stderr in the fixture and returns
 * the exit status. */
static int
run_cli_v (Fixture            *fixture,
           const char         *db,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *xdg_data = g_build_filename (fixture->dir, "xdg-data", NULL);

  g_ptr_array_add (argv, (char *) cli_path ());
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
  g_subprocess_launcher_set_cwd (launcher, fixture->dir);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", xdg_data, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_clear_pointer (&fixture->out, g_free);
  g_clear_pointer (&fixture->err, g_free);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &fixture->out, &fixture->err, &error);
  g_assert_no_error (error);

  /* A crash is never an acceptable exit. */
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

#define run_cli(fixture, db, ...) \
  run_cli_v ((fixture), (db), (const char * const[]) { __VA_ARGS__, NULL })

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static guint
file_mode (const char *path)
{
  GStatBuf buf;

  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  return buf.st_mode & 0777;
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        n++;
    }
  return n;
}

static void
import_examples (Fixture    *fixture,
                 const char *db)
{
  g_autofree char *patients = example_path ("patients.csv");
  g_autofree char *sessions = example_path ("sessions.csv");
  g_autofree char *scores = example_path ("scores.csv");

  /* Given scores first on purpose: the order of files must not matter. */
  g_assert_cmpint (run_cli (fixture, db, "import", scores, sessions, patients), ==, 0);
}

/* Help and usage */

static void
test_help_program (Fixture       *fixture,
                   gconstpointer  user_data)
{
  static const char * const commands[] = {
    "init", "import", "patients", "export-csv", "backup", "check", "flags", "summary",
    "decide", "end-course", "settings", "chart", "report", "session-record", "demo",
  };

  g_assert_cmpint (run_cli (fixture, NULL, "--help"), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "Usage: ebb-cli [--db FILE] COMMAND"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *line = g_strdup_printf ("\n  %s ", commands[i]);

      g_assert_nonnull (strstr (fixture->out, line));
    }
  g_assert_nonnull (strstr (fixture->out, "\n  import FILE… "));
  g_assert_nonnull (strstr (fixture->out, "\n  export-csv DIR "));
  g_assert_nonnull (strstr (fixture->out, "\n  backup FILE "));
  g_assert_nonnull (strstr (fixture->out, "\n  --db FILE "));
  g_assert_cmpstr (fixture->err, ==, "");

  g_assert_cmpint (run_cli (fixture, NULL, "-h"), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "Usage: ebb-cli"));

  g_assert_cmpint (run_cli (fixture, NULL, "--version"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "ebb-cli " PACKAGE_VERSION "\n");
}

static void
test_help_commands (Fixture       *fixture,
                    gconstpointer  user_data)
{
  /* Each command's help names the command and its arguments. */
  static const struct {
    const char *command;
    const char *usage;
    const char *mentions;
  } cases[] = {
    { "init", "ebb-cli init", "0600" },
    { "import", "ebb-cli import [OPTION…] FILE…", "patient,date,scale,score" },
    { "patients", "ebb-cli patients", "--format" },
    { "export-csv", "ebb-cli export-csv [OPTION…] DIR", "scores.csv" },
    { "backup", "ebb-cli backup [OPTION…] FILE", "must not exist" },
    { "check", "ebb-cli check", "ok" },
    { "flags", "ebb-cli flags [OPTION…]", "--as-of" },
    { "summary", "ebb-cli summary [OPTION…] PATIENT", "--scale" },
    { "settings", "ebb-cli settings [OPTION…] [KEY [VALUE]]", "--reset" },
    { "decide", "ebb-cli decide [OPTION…] PATIENT", "suicide-item, worsening" },
    { "end-course", "ebb-cli end-course [OPTION…] PATIENT", "stopped-by-clinician" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("ebb-cli %s --help", cases[i].command);
      g_assert_cmpint (run_cli (fixture, NULL, cases[i].command, "--help"), ==, 0);
      g_assert_nonnull (strstr (fixture->out, cases[i].usage));
      g_assert_nonnull (strstr (fixture->out, cases[i].mentions));
      g_assert_cmpstr (fixture->err, ==, "");
    }
}

static void
test_usage_errors (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *patients = example_path ("patients.csv");

  /* No command: usage on stderr, status 2. */
  g_assert_cmpint (run_cli_v (fixture, fixture->db, (const char * const[]) { NULL }), ==, 2);
  g_assert_cmpstr (fixture->out, ==, "");
  g_assert_nonnull (strstr (fixture->err, "no command given"));
  g_assert_nonnull (strstr (fixture->err, "Usage: ebb-cli"));

  g_assert_cmpint (run_cli (fixture, fixture->db, "frobnicate"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "ebb-cli: unknown command 'frobnicate'"));

  g_assert_cmpint (run_cli (fixture, NULL, "--frobnicate", "patients"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "ebb-cli: unknown option '--frobnicate'"));

  g_assert_cmpint (run_cli (fixture, NULL, "--db"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "'--db' needs a FILE"));

  g_assert_cmpint (run_cli (fixture, fixture->db, "patients", "--frobnicate"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "ebb-cli patients: "));
  g_assert_nonnull (strstr (fixture->err, "--frobnicate"));
  g_assert_nonnull (strstr (fixture->err, "Try 'ebb-cli patients --help'."));

  /* A common slip: --db after the command. */
  g_assert_cmpint (run_cli (fixture, NULL, "patients", "--db", fixture->db), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "--db goes before the command"));

  g_assert_cmpint (run_cli (fixture, fixture->db, "patients", "--format", "xml"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "ebb-cli patients: unknown format 'xml'"));

  g_assert_cmpint (run_cli (fixture, fixture->db, "patients", "extra"), ==, 2);
  g_assert_cmpint (run_cli (fixture, fixture->db, "import"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "ebb-cli import: no FILE to import"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "export-csv"), ==, 2);
  g_assert_cmpint (run_cli (fixture, fixture->db, "backup"), ==, 2);
  g_assert_cmpint (run_cli (fixture, fixture->db, "backup", "a.db", "b.db"), ==, 2);
  g_assert_cmpint (run_cli (fixture, fixture->db, "check", patients), ==, 2);

  /* None of these may have created the database. */
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

/* init */

static void
test_init (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  g_assert_cmpint (run_cli (fixture, fixture->db, "init"), ==, 0);
  g_assert_true (g_file_test (fixture->db, G_FILE_TEST_IS_REGULAR));
  g_assert_cmphex (file_mode (fixture->db), ==, 0600);
  g_assert_nonnull (strstr (fixture->out, fixture->db));
  g_assert_cmpstr (fixture->err, ==, "");

  before = read_bytes (fixture->db);
  g_assert_cmpint (run_cli (fixture, fixture->db, "init"), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "is already an Ebb clinic database"));
  g_assert_nonnull (strstr (fixture->out, fixture->db));
  after = read_bytes (fixture->db);
  g_assert_true (g_bytes_equal (before, after));

  g_assert_cmpint (run_cli (fixture, fixture->db, "check"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "ok\n");

  g_assert_cmpint (run_cli (fixture, fixture->db, "patients", "--format", "csv"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "patient,name,sessions,scores,last_activity\n");
}

static void
test_init_default_path (Fixture       *fixture,
                        gconstpointer  user_data)
{
  /* Without --db the database is $XDG_DATA_HOME/ebb/clinic.db, and the
   * folders are made on the way. */
  g_autofree char *expected = g_build_filename (fixture->dir, "xdg-data", "ebb", "clinic.db", NULL);

  g_assert_cmpint (run_cli (fixture, NULL, "init"), ==, 0);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_cmphex (file_mode (expected), ==, 0600);
  g_assert_nonnull (strstr (fixture->out, expected));
}

static void
test_init_not_ebb (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  /* init never overwrites a file that is not an Ebb database. */
  write_file (fixture->db, "patient,name\nX-1,Somebody\n");
  before = read_bytes (fixture->db);
  g_assert_cmpint (run_cli (fixture, fixture->db, "init"), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "ebb-cli init: "));
  g_assert_nonnull (strstr (fixture->err, fixture->db));
  after = read_bytes (fixture->db);
  g_assert_true (g_bytes_equal (before, after));
}

/* import and patients */

static void
test_import_examples (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *patients = example_path ("patients.csv");
  g_autofree char *sessions = example_path ("sessions.csv");
  g_autofree char *scores = example_path ("scores.csv");

  g_assert_cmpint (run_cli (fixture, fixture->db, "import", patients, sessions, scores), ==, 0);
  g_assert_cmpstr (fixture->out, ==,
                   "Imported 18 patients, 176 sessions and 756 ratings (0 duplicates skipped).\n");
  g_assert_cmpstr (fixture->err, ==, "");
  /* import creates the database when it is missing: private from the start. */
  if (!ebb_test_on_server ())
    g_assert_cmphex (file_mode (fixture->db), ==, 0600);

  g_assert_cmpint (run_cli (fixture, fixture->db, "patients", "--format", "csv"), ==, 0);
  g_assert_cmpuint (count_lines (fixture->out), ==, 1 + 18);
  g_assert_true (g_str_has_prefix (fixture->out, "patient,name,sessions,scores,last_activity\n"));
  /* Counted in the example files.  last_activity is the latest done
   * session or rating: S03-008's and S03-006's later sessions are only
   * scheduled. */
  g_assert_nonnull (strstr (fixture->out, "\nS03-000,Synthetic S03-000,9,22,2026-03-27\n"));
  g_assert_nonnull (strstr (fixture->out, "\nS03-006,Synthetic S03-006,9,13,2026-01-11\n"));
  g_assert_nonnull (strstr (fixture->out, "\nS03-008,Synthetic S03-008,8,11,2025-11-06\n"));
  g_assert_nonnull (strstr (fixture->out, "\nC03-003,Synthetic C03-003,12,134,2026-11-20\n"));
  g_assert_cmpstr (fixture->err, ==, "");

  /* The text table: a header and one aligned row per patient. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "patients"), ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (fixture->out, "\n", -1);
    const char *name_column;
    gsize name_offset;

    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 18 + 1);
    g_assert_true (g_str_has_prefix (lines[0], "Patient"));
    g_assert_nonnull (strstr (lines[0], "Sessions"));
    g_assert_nonnull (strstr (lines[0], "Ratings"));
    g_assert_nonnull (strstr (lines[0], "Last activity"));
    name_column = strstr (lines[0], "Name");
    g_assert_nonnull (name_column);
    name_offset = (gsize) (name_column - lines[0]);
    for (guint i = 1; i <= 18; i++)
      {
        g_assert_cmpuint (strlen (lines[i]), >, name_offset);
        g_assert_true (g_str_has_prefix (lines[i] + name_offset, "Synthetic "));
      }
    g_assert_cmpstr (lines[19], ==, "");
  }
}

static void
test_patients_missing_db (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_assert_cmpint (run_cli (fixture, fixture->db, "patients"), ==, 1);
  g_assert_cmpstr (fixture->out, ==, "");
  g_assert_true (g_str_has_prefix (fixture->err, "ebb-cli patients: "));
  g_assert_nonnull (strstr (fixture->err, fixture->db));
  /* Reading never creates the file. */
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run_cli (fixture, fixture->db, "check"), ==, 1);
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run_cli (fixture, fixture->db, "export-csv", "out"), ==, 1);
  g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
}

static void
test_import_malformed (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *good_patients = example_path ("patients.csv");
  g_autofree char *bad = g_build_filename (fixture->dir, "bad-scores.csv", NULL);
  g_autofree char *bad_patients = g_build_filename (fixture->dir, "bad-patients.csv", NULL);
  g_autofree char *date_line = NULL;
  g_autofree char *score_line = NULL;
  g_autofree char *year_line = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  guint n_lines;

  write_file (bad,
              "patient,date,scale,score\n"
              "S03-000,2026-01-05,MADRS,20\n"
              "S03-000,2026-02-30,MADRS,20\n"    /* line 3: no such day */
              "S03-000,2026-01-07,MADRS,21\n"
              "S03-000,2026-01-08,MADRS,61\n");  /* line 5: MADRS is 0–60 */
  write_file (bad_patients,
              "patient,name,birth_year\n"
              "X-0001,Alice Confidential,19x5\n"); /* line 2: not a year */

  /* After init the file is stable: the store closed and checkpointed it.
   * (A server clinic is compared by what it lists, below.) */
  g_assert_cmpint (run_cli (fixture, fixture->db, "init"), ==, 0);
  if (!ebb_test_on_server ())
    before = read_bytes (fixture->db);

  g_assert_cmpint (run_cli (fixture, fixture->db, "import", good_patients, bad, bad_patients), ==, 1);
  g_assert_cmpstr (fixture->out, ==, "");

  date_line = g_strdup_printf ("%s:3: date: ", bad);
  score_line = g_strdup_printf ("%s:5: score: ", bad);
  year_line = g_strdup_printf ("%s:2: birth_year: ", bad_patients);

  lines = g_strsplit (fixture->err, "\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpuint (n_lines, ==, 3 + 1 + 1);  /* three problems, the last word, "" after the final \n */
  {
    gboolean seen_date = FALSE, seen_score = FALSE, seen_year = FALSE;

    for (guint i = 0; i + 2 < n_lines; i++)
      {
        if (g_str_has_prefix (lines[i], date_line))
          {
            g_assert_nonnull (strstr (lines[i], "2026-02-30"));
            seen_date = TRUE;
          }
        else if (g_str_has_prefix (lines[i], score_line))
          {
            g_assert_nonnull (strstr (lines[i], "61"));
            seen_score = TRUE;
          }
        else if (g_str_has_prefix (lines[i], year_line))
          {
            g_assert_nonnull (strstr (lines[i], "19x5"));
            seen_year = TRUE;
          }
        else
          {
            g_error ("unexpected problem line: %s", lines[i]);
          }
      }
    g_assert_true (seen_date);
    g_assert_true (seen_score);
    g_assert_true (seen_year);
  }
  g_assert_cmpstr (lines[n_lines - 2], ==, "ebb-cli import: nothing was imported");
  g_assert_cmpstr (lines[n_lines - 1], ==, "");
  /* Error messages never carry a patient's name. */
  g_assert_null (strstr (fixture->err, "Confidential"));
  g_assert_null (strstr (fixture->err, "Synthetic"));

  /* One transaction: the good patients file was not written either. */
  if (!ebb_test_on_server ())
    {
      after = read_bytes (fixture->db);
      g_assert_true (g_bytes_equal (before, after));
    }
  g_assert_cmpint (run_cli (fixture, fixture->db, "patients", "--format", "csv"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "patient,name,sessions,scores,last_activity\n");
}

static void
test_import_missing_file (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  g_assert_cmpint (run_cli (fixture, fixture->db, "init"), ==, 0);
  if (!ebb_test_on_server ())
    before = read_bytes (fixture->db);

  g_assert_cmpint (run_cli (fixture, fixture->db, "import", "no-such-file.csv"), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "no-such-file.csv"));
  g_assert_true (g_str_has_suffix (fixture->err, "ebb-cli import: nothing was imported\n"));

  if (!ebb_test_on_server ())
    {
      after = read_bytes (fixture->db);
      g_assert_true (g_bytes_equal (before, after));
    }
  else
    {
      /* A server clinic: nothing in it, not even an audit entry. */
      g_autofree char *entries = ebb_test_sql_text (fixture->db, "SELECT count(*) FROM audit");

      g_assert_cmpstr (entries, ==, "0");
      g_assert_cmpint (run_cli (fixture, fixture->db, "patients", "--format", "csv"), ==, 0);
      g_assert_cmpstr (fixture->out, ==, "patient,name,sessions,scores,last_activity\n");
    }
}

static void
test_import_failed_leaves_nothing (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.csv", NULL);
  g_autofree char *nested_db = g_build_filename (fixture->dir, "clinic", "new.db", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  write_file (bad,
              "patient,date,status,phase,route\n"
              "X-0001,2026-01-05,done,induction,by mouth\n");

  /* A failed import into a missing database creates no database. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "import", bad), ==, 1);
  g_assert_true (g_str_has_suffix (fixture->err, "ebb-cli import: nothing was imported\n"));
  g_assert_cmpint (run_cli (fixture, nested_db, "import", bad), ==, 1);

  dir = g_dir_open (fixture->dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_false (g_str_has_prefix (name, "clinic.db"));
    }
  g_assert_false (g_file_test (nested_db, G_FILE_TEST_EXISTS));
}

/* export-csv: the round trip */

/* Reads a CSV file into a sorted list of its rows, projected onto
 * @columns (NULL: the file's own header, which is returned there). */
static GPtrArray *
read_projected_rows (const char   *path,
                     GStrv        *columns)
{
  g_autoptr(GBytes) bytes = read_bytes (path);
  g_autoptr(EbbCsvReader) reader = NULL;
  g_autoptr(GPtrArray) header = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) index = g_array_new (FALSE, FALSE, sizeof (guint));
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *fields = NULL;
  guint line;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  reader = ebb_csv_reader_new (data, length);
  g_assert_true (ebb_csv_reader_next (reader, &header, &line, &error));
  g_assert_no_error (error);

  if (*columns == NULL)
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      for (guint i = 0; i < header->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (header, i));
      *columns = g_strv_builder_end (builder);
      g_strv_builder_unref (builder);
    }

  for (guint c = 0; (*columns)[c] != NULL; c++)
    {
      guint found = G_MAXUINT;

      for (guint i = 0; i < header->len; i++)
        {
          if (g_str_equal (g_ptr_array_index (header, i), (*columns)[c]))
            found = i;
        }
      if (found == G_MAXUINT)
        g_error ("%s has no column %s", path, (*columns)[c]);
      g_array_append_val (index, found);
    }

  while (ebb_csv_reader_next (reader, &fields, &line, &error))
    {
      GString *row = g_string_new (NULL);

      for (guint c = 0; c < index->len; c++)
        {
          guint i = g_array_index (index, guint, c);

          if (c > 0)
            g_string_append_c (row, '|');
          g_assert_cmpuint (i, <, fields->len);
          g_string_append (row, g_ptr_array_index (fields, i));
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
      g_clear_pointer (&fields, g_ptr_array_unref);
    }
  g_assert_no_error (error);

  return rows;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
assert_same_rows (const char *example,
                  const char *exported)
{
  g_auto(GStrv) columns = NULL;
  g_autoptr(GPtrArray) expected = read_projected_rows (example, &columns);
  g_autoptr(GPtrArray) actual = read_projected_rows (exported, &columns);

  g_ptr_array_sort (expected, compare_strings);
  g_ptr_array_sort (actual, compare_strings);

  g_assert_cmpuint (actual->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpstr (g_ptr_array_index (actual, i), ==, g_ptr_array_index (expected, i));
}

static void
test_export_round_trip (Fixture       *fixture,
                        gconstpointer  user_data)
{
  static const char * const names[] = { "patients.csv", "sessions.csv", "scores.csv" };
  g_autofree char *out1 = g_build_filename (fixture->dir, "out1", NULL);
  g_autofree char *out2 = g_build_filename (fixture->dir, "nested", "out2", NULL);
  g_autofree char *db2 = g_build_filename (fixture->dir, "second.db", NULL);
  g_autofree char *expected_out = NULL;
  g_autofree char *p1 = g_build_filename (out1, "patients.csv", NULL);
  g_autofree char *s1 = g_build_filename (out1, "sessions.csv", NULL);
  g_autofree char *r1 = g_build_filename (out1, "scores.csv", NULL);
  g_autofree char *v1 = g_build_filename (out1, "readings.csv", NULL);
  g_autofree char *m1 = g_build_filename (out1, "medicines.csv", NULL);
  g_autofree char *e1 = g_build_filename (out1, "events.csv", NULL);

  import_examples (fixture, fixture->db);

  /* --db=FILE works as well as --db FILE. */
  {
    g_autofree char *db_option = g_strconcat ("--db=", fixture->db, NULL);

    g_assert_cmpint (run_cli (fixture, NULL, db_option, "export-csv", out1), ==, 0);
  }
  expected_out = g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n%s\n", p1, s1, r1, v1, m1, e1);
  g_assert_cmpstr (fixture->out, ==, expected_out);
  g_assert_cmphex (file_mode (out1), ==, 0700);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *example = example_path (names[i]);
      g_autofree char *exported = g_build_filename (out1, names[i], NULL);

      g_test_message ("comparing %s", names[i]);
      g_assert_cmphex (file_mode (exported), ==, 0600);
      assert_same_rows (example, exported);
    }

  /* A DIR that is a file is an error, not a crash. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "export-csv", p1), ==, 1);
  g_assert_true (g_str_has_prefix (fixture->err, "ebb-cli export-csv: "));

  /* Import the export into a fresh database: its export is the same, byte
   * for byte. */
  g_assert_cmpint (run_cli (fixture, db2, "import", p1, s1, r1), ==, 0);
  g_assert_cmpstr (fixture->out, ==,
                   "Imported 18 patients, 176 sessions and 756 ratings (0 duplicates skipped).\n");
  g_assert_cmpint (run_cli (fixture, db2, "export-csv", out2), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *a = g_build_filename (out1, names[i], NULL);
      g_autofree char *b = g_build_filename (out2, names[i], NULL);
      g_autoptr(GBytes) bytes_a = read_bytes (a);
      g_autoptr(GBytes) bytes_b = read_bytes (b);

      g_test_message ("comparing exports of %s", names[i]);
      g_assert_true (g_bytes_equal (bytes_a, bytes_b));
    }
}

/* The session record and events through the command line: an
 * esketamine dose of 70 mg imported with a warning on stderr, then
 * export, import into a new clinic and export again give the same six
 * files. */
static void
test_export_round_trip_record (Fixture       *fixture,
                               gconstpointer  user_data)
{
  static const char * const names[] = {
    "patients.csv", "sessions.csv", "scores.csv", "readings.csv", "medicines.csv", "events.csv"
  };
  g_autofree char *e = g_build_filename (fixture->dir, "e.csv", NULL);
  g_autofree char *p = g_build_filename (fixture->dir, "p.csv", NULL);
  g_autofree char *s = g_build_filename (fixture->dir, "s.csv", NULL);
  g_autofree char *r = g_build_filename (fixture->dir, "r.csv", NULL);
  g_autofree char *m = g_build_filename (fixture->dir, "m.csv", NULL);
  g_autofree char *out1 = g_build_filename (fixture->dir, "out1", NULL);
  g_autofree char *out2 = g_build_filename (fixture->dir, "out2", NULL);
  g_autofree char *db2 = g_build_filename (fixture->dir, "second.db", NULL);
  g_autofree char *warning = NULL;
  g_autoptr(GPtrArray) exported = g_ptr_array_new_with_free_func (g_free);

  write_file (p, "patient,name\nK-1,Ann\n");
  write_file (s, "patient,date,status,phase,route,dose_mg,drug,dose_time,discharge_time,sedation,"
                 "dissociation,respiratory,effects,other_effect,ready_min,vitals_ok_before,"
                 "vitals_ok_discharge,transport_arranged,monitored_by,lot,duration_min,bp_before\n"
                 "K-1,2026-03-02T09:30,done,induction,intranasal,70,esketamine,09:40,11:10,mild;resolved,"
                 "severe;unresolved,spo2:89;resolved,vomiting raised-bp,,110,yes,yes,no,R. Diaz,LX-1,,"
                 "150/96\n"
                 "K-1,2026-03-05,done,induction,iv,35,ketamine,,,moaas:2,,,,,,,,,,,40,\n");
  write_file (r, "patient,session_date,time,bp,heart_rate,spo2,note\n"
                 "K-1,2026-03-02,10:20,184/112,96,95,\"rechecked, 5 min\"\n");
  write_file (m, "patient,class,name,start,stop\n"
                 "K-1,opioid,tramadol,2026-01-10,\n");
  /* Quotes, a comma, a formula-like cell and the same event twice. */
  write_file (e, "patient,date,kind,text\n"
                 "K-1,2026-03-04,medication,\"sertraline 100 mg, was 50 \"\"as planned\"\"\"\n"
                 "K-1,2026-02-20,suicide-attempt,overdose\n"
                 "K-1,2026-02-20,suicide-attempt,overdose\n"
                 "K-1,2026-03-01,life-event,=moved house\n");

  g_assert_cmpint (run_cli (fixture, fixture->db, "import", p, s, r, m, e), ==, 0);
  g_assert_cmpstr (fixture->out, ==,
                   "Imported 1 patient, 2 sessions, 0 ratings, 2 readings, 1 medicine and 3 events "
                   "(1 duplicate skipped).\n");
  warning = g_strdup_printf ("%s:2: dose_mg: An esketamine session gives 56 or 84 mg (2 or 3 devices), "
                             "not 70 mg: check the dose (warning)\n", s);
  g_assert_cmpstr (fixture->err, ==, warning);

  g_assert_cmpint (run_cli (fixture, fixture->db, "export-csv", out1), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (exported, g_build_filename (out1, names[i], NULL));
  g_assert_cmpint (run_cli (fixture, db2, "import", g_ptr_array_index (exported, 0),
                            g_ptr_array_index (exported, 1), g_ptr_array_index (exported, 2),
                            g_ptr_array_index (exported, 3), g_ptr_array_index (exported, 4),
                            g_ptr_array_index (exported, 5)), ==, 0);
  g_assert_cmpint (run_cli (fixture, db2, "export-csv", out2), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *a = g_build_filename (out1, names[i], NULL);
      g_autofree char *b = g_build_filename (out2, names[i], NULL);
      g_autoptr(GBytes) bytes_a = read_bytes (a);
      g_autoptr(GBytes) bytes_b = read_bytes (b);

      g_test_message ("comparing exports of %s", names[i]);
      g_assert_true (g_bytes_equal (bytes_a, bytes_b));
    }
  {
    g_autoptr(GBytes) events = read_bytes (g_ptr_array_index (exported, 5));
    /* By patient code, then day; the formula-like cell keeps its guard. */
    const char *expected = "patient,date,kind,text\n"
                           "K-1,2026-02-20,suicide-attempt,overdose\n"
                           "K-1,2026-03-01,life-event,'=moved house\n"
                           "K-1,2026-03-04,medication,\"sertraline 100 mg, was 50 \"\"as planned\"\"\"\n";

    g_assert_cmpmem (g_bytes_get_data (events, NULL), g_bytes_get_size (events),
                     expected, strlen (expected));
  }
  {
    g_autoptr(GBytes) readings = read_bytes (g_ptr_array_index (exported, 3));
    const char *expected = "patient,session_date,time,bp,heart_rate,spo2,pre_dose,note\n"
                           "K-1,2026-03-02T09:30,,150/96,,,yes,\n"
                           "K-1,2026-03-02T09:30,10:20,184/112,96,95,no,\"rechecked, 5 min\"\n";

    g_assert_cmpmem (g_bytes_get_data (readings, NULL), g_bytes_get_size (readings),
                     expected, strlen (expected));
  }
  /* The events by day, their kinds as the files write them */
  g_assert_cmpint (run_cli (fixture, db2, "events", "k-1"), ==, 0);
  g_assert_cmpstr (fixture->out, ==,
                   "2026-02-20  suicide-attempt  overdose\n"
                   "2026-03-01  life-event       =moved house\n"
                   "2026-03-04  medication       sertraline 100 mg, was 50 \"as planned\"\n");
  g_assert_cmpint (run_cli (fixture, db2, "events", "K-404"), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "K-404"));
  g_assert_cmpint (run_cli (fixture, db2, "events"), ==, 2);

  /* The record of each session, as the files write it; 09:40 to 11:10 is
   * 90 minutes after an intranasal dose: discharged early. */
  g_assert_cmpint (run_cli (fixture, db2, "sessions", "k-1"), ==, 0);
  g_assert_cmpstr (fixture->out, ==,
                   "2026-03-02T09:30  done  induction  intranasal  esketamine  70 mg\n"
                   "  lot: LX-1\n"
                   "  dosed: 09:40  discharged: 11:10  (90 min)\n"
                   "  ready to leave: 110 min after dosing\n"
                   "  sedation: mild;resolved\n"
                   "  dissociation: severe;unresolved\n"
                   "  respiratory: spo2:89;resolved\n"
                   "  effects: vomiting raised-bp\n"
                   "  vital signs acceptable before dosing: yes\n"
                   "  vital signs acceptable before discharge: yes\n"
                   "  transport home arranged: no\n"
                   "  monitored by: R. Diaz\n"
                   "  reading no time before  BP 150/96\n"
                   "  reading 10:20   after   BP 184/112  HR 96  SpO2 95%  rechecked, 5 min\n"
                   "  taking: tramadol (opioid)\n"
                   "  discharged early: 90 min after an intranasal dose (at least 120)\n"
                   "  warning: An esketamine session gives 56 or 84 mg (2 or 3 devices), not 70 mg: "
                   "check the dose\n"
                   "\n"
                   "2026-03-05  done  induction  iv  ketamine  35 mg over 40 min\n"
                   "  sedation: moaas:2\n"
                   "  taking: tramadol (opioid)\n");
  g_assert_cmpint (run_cli (fixture, db2, "sessions", "K-2"), ==, 1);
  g_assert_cmpstr (fixture->err, ==, "ebb-cli sessions: There is no patient with the code “K-2”\n");

  /* The highest reading after dosing raises the blood-pressure flag. */
  g_assert_cmpint (run_cli (fixture, db2, "flags", "--as-of", "2026-03-06", "--format", "csv"), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "K-1,,blood-pressure,2026-03-02,2026-03-02,2026-03-05,,"
                                          "\"Before dosing 150/96 on 2026-03-02, above 140/90.\""));
}

/* backup and check */

static void
test_backup (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  import_examples (fixture, fixture->db);
  g_assert_cmpint (run_cli (fixture, fixture->db, "patients", "--format", "csv"), ==, 0);
  listing = g_strdup (fixture->out);

  g_assert_cmpint (run_cli (fixture, fixture->db, "backup", copy), ==, 0);
  g_assert_nonnull (strstr (fixture->out, copy));
  g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
  g_assert_cmphex (file_mode (copy), ==, 0600);

  g_assert_cmpint (run_cli (fixture, copy, "check"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "ok\n");
  g_assert_cmpint (run_cli (fixture, copy, "patients", "--format", "csv"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, listing);

  /* A backup never overwrites. */
  before = read_bytes (copy);
  g_assert_cmpint (run_cli (fixture, fixture->db, "backup", copy), ==, 1);
  g_assert_true (g_str_has_prefix (fixture->err, "ebb-cli backup: "));
  after = read_bytes (copy);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_check_garbage (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *junk = g_build_filename (fixture->dir, "junk.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  char data[8192];

  for (gsize i = 0; i < sizeof data; i++)
    data[i] = (char) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (junk, data, sizeof data, &error);
  g_assert_no_error (error);
  before = read_bytes (junk);

  g_assert_cmpint (run_cli (fixture, junk, "check"), ==, 1);
  g_assert_cmpstr (fixture->out, ==, "");
  g_assert_true (g_str_has_prefix (fixture->err, "ebb-cli check: "));
  g_assert_nonnull (strstr (fixture->err, junk));

  g_assert_cmpint (run_cli (fixture, junk, "patients"), ==, 1);
  g_assert_nonnull (strstr (fixture->err, junk));

  after = read_bytes (junk);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_check_problems (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *problem_prefix = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  sqlite3 *db = NULL;

  import_examples (fixture, fixture->db);

  /* Damage that SQLite itself lets through: a session whose patient is
   * gone.  Closing the connection checkpoints it into the main file. */
  g_assert_cmpint (sqlite3_open_v2 (fixture->db, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "PRAGMA foreign_keys = OFF;"
                                 "UPDATE session SET patient_id = 9999"
                                 " WHERE id = (SELECT min (id) FROM session);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  before = read_bytes (fixture->db);

  g_assert_cmpint (run_cli (fixture, fixture->db, "check"), ==, 1);
  g_assert_cmpstr (fixture->out, ==, "");
  lines = g_strsplit (fixture->err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 1 + 1);  /* the problem, the verdict, "" */
  problem_prefix = g_strdup_printf ("ebb-cli check: %s: session row ", fixture->db);
  g_assert_true (g_str_has_prefix (lines[0], problem_prefix));
  g_assert_true (g_str_has_prefix (lines[1], "ebb-cli check: "));
  g_assert_nonnull (strstr (lines[1], fixture->db));
  g_assert_nonnull (strstr (lines[1], "1 problem"));

  /* Checking never repairs or otherwise writes. */
  after = read_bytes (fixture->db);
  g_assert_true (g_bytes_equal (before, after));
}

/* Flags, summary, chart and report */

/* Clinical rules §7: `flags [--all] --format csv` on the example clinic
 * gives the example files' rows (the first seven columns; detail is free
 * text). */
static void
check_flags_csv (Fixture    *fixture,
                 const char *as_of,
                 gboolean    all,
                 const char *expected_name)
{
  g_autofree char *expected_path = example_path (expected_name);
  g_autofree char *expected = NULL;
  g_autoptr(GString) actual = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  import_examples (fixture, fixture->db);
  if (all)
    g_assert_cmpint (run_cli (fixture, fixture->db, "flags", "--as-of", as_of, "--all", "--format", "csv"), ==, 0);
  else
    g_assert_cmpint (run_cli (fixture, fixture->db, "flags", "--as-of", as_of, "--format", "csv"), ==, 0);
  g_assert_true (g_str_has_prefix (fixture->out, "patient,scale,kind,date,session,next_session,days_early,detail\n"));

  /* No detail contains a comma-free quoted field before the seventh column,
   * so cutting at the seventh comma gives the first seven columns. */
  lines = g_strsplit (fixture->out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      const char *p = lines[i];
      guint commas = 0;

      while (*p != '\0' && !(*p == ',' && ++commas == 7))
        p++;
      g_string_append_len (actual, lines[i], p - lines[i]);
      g_string_append_c (actual, '\n');
    }

  g_file_get_contents (expected_path, &expected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (actual->str, ==, expected);
}

static void
test_flags_csv_2026_06_01 (Fixture       *fixture,
                           gconstpointer  user_data)
{
  check_flags_csv (fixture, "2026-06-01", TRUE, "flags-all-2026-06-01.csv");
  check_flags_csv (fixture, "2026-06-01", FALSE, "flags-open-2026-06-01.csv");
}

static void
test_flags_csv_2026_11_20 (Fixture       *fixture,
                           gconstpointer  user_data)
{
  check_flags_csv (fixture, "2026-11-20", TRUE, "flags-all-2026-11-20.csv");
  check_flags_csv (fixture, "2026-11-20", FALSE, "flags-open-2026-11-20.csv");
}

/* Without --all: the flags open and undecided on the day.  As of
 * 2026-11-20 the example clinic has S03-001's fade on 11-14 (after the
 * 10-26 session; 12-04 is 20 days later) and relapse on 11-20 open, and
 * C03-001, who never responded, is there; C03-000's fades of the spring
 * were each closed by a later response. */
static void
test_flags_recent_and_json (Fixture       *fixture,
                            gconstpointer  user_data)
{
  import_examples (fixture, fixture->db);
  g_assert_cmpint (run_cli (fixture, fixture->db, "flags", "--as-of", "2026-11-20", "--format", "csv"), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "S03-001,QIDS-SR16,faded,2026-11-14,2026-10-26,2026-12-04,20,"));
  g_assert_nonnull (strstr (fixture->out, "S03-001,QIDS-SR16,relapse,2026-11-20,,,,"));
  g_assert_nonnull (strstr (fixture->out, "C03-001,PHQ-9,non-response,2026-09-21,,,,"));
  g_assert_null (strstr (fixture->out, "C03-000,MADRS,faded"));

  g_assert_cmpint (run_cli (fixture, fixture->db, "flags", "--as-of", "2026-11-20", "--format", "json"), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "\"as_of\": \"2026-11-20\""));
  g_assert_nonnull (strstr (fixture->out, "\"kind\": \"relapse\""));
  g_assert_nonnull (strstr (fixture->out, "\"days_early\": null"));
  g_assert_nonnull (strstr (fixture->out, "\"state\": \"open\""));
  g_assert_nonnull (strstr (fixture->out, "\"scale\": null"));

  /* --all lists the closed ones too, each with its state. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "flags", "--as-of", "2026-11-20", "--all", "--format", "json"), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "\"state\": \"resolved\""));

  g_assert_cmpint (run_cli (fixture, fixture->db, "flags", "--as-of", "2026-02-30"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "2026-02-30"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "flags", "--format", "xml"), ==, 2);
}

/* S03-001 as of 2026-11-20: baseline QIDS-SR16 22 on 2026-07-30, so
 * responding at 11 or less; latest 24 is (22 − 24) / 22 = 9 % above it;
 * the done session of 12-04 was still booked on 11-20. */
static void
test_summary (Fixture       *fixture,
              gconstpointer  user_data)
{
  import_examples (fixture, fixture->db);
  g_assert_cmpint (run_cli (fixture, fixture->db, "summary", "S03-001", "--as-of", "2026-11-20"), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "Baseline      QIDS-SR16 22 on 2026-07-30"));
  g_assert_nonnull (strstr (fixture->out, "response needs 11 or less (half of baseline 22)"));
  g_assert_nonnull (strstr (fixture->out, "Status        not responding"));
  g_assert_nonnull (strstr (fixture->out, "Latest        24 on 2026-11-20 (very severe, 9% above baseline)"));
  g_assert_nonnull (strstr (fixture->out, "Next session  2026-12-04"));
  g_assert_nonnull (strstr (fixture->out, "Open flags"));

  g_assert_cmpint (run_cli (fixture, fixture->db, "summary", "NOBODY"), ==, 1);
  g_assert_cmpint (run_cli (fixture, fixture->db, "summary", "S03-001", "--scale", "HDRS-99"), ==, 2);
}

static void
test_chart_and_report (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *png = g_build_filename (fixture->dir, "c.png", NULL);
  g_autofree char *pdf = g_build_filename (fixture->dir, "r.pdf", NULL);
  g_autofree char *bmp = g_build_filename (fixture->dir, "c.bmp", NULL);
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *data;
  gsize size;

  import_examples (fixture, fixture->db);
  g_assert_cmpint (run_cli (fixture, fixture->db, "chart", "C03-004", "--as-of", "2026-06-01", "-o", png), ==, 0);
  bytes = read_bytes (png);
  data = g_bytes_get_data (bytes, &size);
  /* PNG signature, then IHDR: 16 × 9 cm at 300 dpi is 1890 × 1063 pixels. */
  g_assert_cmpuint (size, >, 24);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (data + 16)), ==, 1890);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (data + 20)), ==, 1063);

  g_assert_cmpint (run_cli (fixture, fixture->db, "report", "C03-000", "--as-of", "2026-06-01", "-o", pdf), ==, 0);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = read_bytes (pdf);
  data = g_bytes_get_data (bytes, &size);
  g_assert_cmpmem (data, 5, "%PDF-", 5);

  g_assert_cmpint (run_cli (fixture, fixture->db, "chart", "C03-004", "-o", bmp), ==, 2);
  g_assert_cmpint (run_cli (fixture, fixture->db, "chart", "NOBODY", "-o", png), ==, 1);
  g_assert_cmpint (run_cli (fixture, fixture->db, "chart", "C03-004", "-o", "/nonexistent/dir/c.png"), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "/nonexistent/dir/c.png"));
}

/* The PNG's height in pixels, from its IHDR. */
static guint32
png_height (const char *path)
{
  g_autoptr(GBytes) bytes = read_bytes (path);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpuint (size, >, 24);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  return GUINT32_FROM_BE (*(const guint32 *) (data + 20));
}

/* --panels: bp, dissociation or both; without --height the chart grows
 * by 25 mm for blood pressure and 15 mm for dissociation (at 300 dpi,
 * 90 mm is 1063 pixels, 115 mm 1359, 105 mm 1241, 130 mm 1536); a name
 * that is not a panel is a usage error that says what would be right. */
static void
test_chart_panels (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *png = g_build_filename (fixture->dir, "p.png", NULL);

  import_examples (fixture, fixture->db);
  g_assert_cmpint (run_cli (fixture, fixture->db, "chart", "C03-004", "--as-of", "2026-06-01",
                            "--panels", "bp", "-o", png), ==, 0);
  g_assert_cmpstr (fixture->err, ==, "");
  g_assert_cmpuint (png_height (png), ==, 1359);
  g_assert_cmpint (run_cli (fixture, fixture->db, "chart", "C03-004", "--as-of", "2026-06-01",
                            "--panels", "dissociation", "-o", png, "--force"), ==, 0);
  g_assert_cmpuint (png_height (png), ==, 1241);
  g_assert_cmpint (run_cli (fixture, fixture->db, "chart", "C03-004", "--as-of", "2026-06-01",
                            "--panels", "bp,dissociation", "-o", png, "--force"), ==, 0);
  g_assert_cmpuint (png_height (png), ==, 1536);
  g_assert_cmpint (run_cli (fixture, fixture->db, "chart", "C03-004", "--as-of", "2026-06-01",
                            "--panels", "dissociation,bp", "--height", "9cm", "-o", png, "--force"), ==, 0);
  g_assert_cmpuint (png_height (png), ==, 1063);

  g_assert_cmpint (run_cli (fixture, fixture->db, "chart", "C03-004", "--panels", "bp,heart-rate",
                            "-o", png, "--force"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "--panels: “heart-rate” is not a panel: give bp, dissociation or both"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "chart", "C03-004", "--panels", "",
                            "-o", png, "--force"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "--panels: “” is not a panel"));
  /* Refused before anything is written: the last good chart is still there. */
  g_assert_cmpuint (png_height (png), ==, 1063);
}

/* session-record: a page for a session found by its date, or its date
 * and time; every mistake named, and nothing written. */
static void
test_session_record (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *pdf = g_build_filename (fixture->dir, "s.pdf", NULL);
  g_autofree char *png = g_build_filename (fixture->dir, "s.png", NULL);
  g_autofree char *sessions = g_build_filename (fixture->dir, "more-sessions.csv", NULL);
  g_autofree char *readings = g_build_filename (fixture->dir, "readings.csv", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(GBytes) bytes = NULL;

  import_examples (fixture, fixture->db);
  write_file (sessions,
              "patient,date,status,phase,route,dose_mg,drug\n"
              "S03-000,2026-03-09T09:00,done,maintenance,intranasal,84,esketamine\n"
              "S03-000,2026-03-09T15:30,cancelled,maintenance,intranasal,,\n");
  write_file (readings,
              "patient,session_date,time,bp,heart_rate,spo2,pre_dose,note\n"
              "S03-000,2026-03-09T09:00,08:50,148/92,76,98,yes,\n"
              "S03-000,2026-03-09T09:00,09:40,166/101,88,97,no,\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "import", sessions, readings), ==, 0);

  /* A date alone with two sessions that day: their times, no file. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "S03-000", "2026-03-09", "-o", pdf), ==, 1);
  g_assert_cmpstr (fixture->err, ==,
                   "ebb-cli session-record: S03-000 had 2 sessions on 2026-03-09, at 09:00, 15:30: "
                   "give the time, as in 2026-03-09T09:30\n");
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "S03-000", "2026-03-09T09:00", "-o", pdf), ==, 0);
  g_assert_cmpstr (fixture->err, ==, "");
  bytes = read_bytes (pdf);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 5, "%PDF-", 5);
  g_assert_cmpuint (file_mode (pdf), ==, 0600);
  if (pdftotext != NULL)
    {
      const char *argv[] = { pdftotext, pdf, "-", NULL };
      g_autofree char *text = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                   &text, NULL, NULL, NULL));
      g_assert_nonnull (strstr (text, "S03-000"));
      g_assert_nonnull (strstr (text, "2026-03-09 09:00"));
      g_assert_nonnull (strstr (text, "3 devices of 28 mg"));
      g_assert_nonnull (strstr (text, "148/92"));
      g_assert_nonnull (strstr (text, "166/101"));
    }

  /* An existing file is kept without --force, replaced with it. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "S03-000", "2026-03-09T09:00", "-o", pdf), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "exists already"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "--paper", "letter", "--force",
                            "S03-000", "2026-03-09T09:00", "-o", pdf), ==, 0);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = read_bytes (pdf);
  g_assert_nonnull (memmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "/MediaBox [ 0 0 612 792 ]", 25));

  /* A PNG by its name; the date alone when the day had one session. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "S03-000", "2026-01-03", "-o", png), ==, 0);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = read_bytes (png);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpint (g_unlink (pdf), ==, 0);

  /* Nobody, no session that day, no session at that time: named, no file. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "NOBODY", "2026-01-03", "-o", pdf), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "NOBODY"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "S03-000", "2026-01-04", "-o", pdf), ==, 1);
  g_assert_cmpstr (fixture->err, ==, "ebb-cli session-record: S03-000 has no session on 2026-01-04\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "S03-000", "2026-03-09T12:00", "-o", pdf), ==, 1);
  g_assert_cmpstr (fixture->err, ==,
                   "ebb-cli session-record: S03-000 has no session at 12:00 on 2026-03-09; that day: 09:00, 15:30\n");
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  /* Usage: what is missing or misspelt, before the clinic is opened. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "S03-000", "-o", pdf), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "give a patient code and the session's date"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "S03-000", "2026-01-03"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "-o FILE.pdf"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "S03-000", "2026-13-03", "-o", pdf), ==, 2);
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "S03-000", "2026-01-03", "-o", "s.doc"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "s.doc: the name must end in .pdf, .png or .svg"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "session-record", "--paper", "a5", "S03-000", "2026-01-03",
                            "-o", pdf), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "--paper must be a4 or letter"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
}

/* settings, decide and end-course */

/* The first column of the first row of @sql on the clinic, as text. */
static char *
sql_text (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value;

  if (ebb_location_is_server (path))
    return ebb_test_sql_text (path, sql);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup (sqlite3_column_type (stmt, 0) == SQLITE_NULL
                    ? "(null)" : (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

#define assert_sql(db, sql, expected) \
  G_STMT_START { \
    g_autofree char *value_ = sql_text ((db), (sql)); \
    g_assert_cmpstr (value_, ==, (expected)); \
  } G_STMT_END

static const char settings_defaults[] =
  "response-fraction            0.5\n"
  "baseline-days                30\n"
  "meaningful-change.MADRS      6\n"
  "meaningful-change.PHQ-9      5\n"
  "meaningful-change.HAMD-17    5\n"
  "meaningful-change.QIDS-SR16  4\n"
  "meaningful-change.BDI-II     8\n"
  "meaningful-change.GAD-7      4\n"
  "meaningful-change.PCL-5      10\n"
  "course-gap-days              90\n"
  "madrs-remission              10\n"
  "fade-run-days                14\n"
  "unrecorded-days              3\n"
  "bp-before                    140/90\n"
  "bp-after                     180/110\n"
  "bp-before-treated            160/100\n";

static void
test_settings (Fixture       *fixture,
               gconstpointer  user_data)
{
  /* Nothing to show without a clinic, and none is made.  (A server
   * clinic's database is there from the start.) */
  if (!ebb_test_on_server ())
    {
      g_assert_cmpint (run_cli (fixture, fixture->db, "settings"), ==, 1);
      g_assert_nonnull (strstr (fixture->err, "does not exist"));
      g_assert_false (g_file_test (fixture->db, G_FILE_TEST_EXISTS));
    }

  g_assert_cmpint (run_cli (fixture, fixture->db, "init"), ==, 0);
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, settings_defaults);
  g_assert_cmpstr (fixture->err, ==, "");

  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "madrs-remission", "12"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "madrs-remission is now 12 (default 10)\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "response-fraction", "60%"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "response-fraction is now 0.6 (default 0.5)\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "bp-before", "150/95"), ==, 0);
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "meaningful-change.PHQ-9", "5"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "meaningful-change.PHQ-9 is now 5 (the default)\n");

  /* Changed values carry their default, lined up. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings"), ==, 0);
  g_assert_cmpstr (fixture->out, ==,
                   "response-fraction            0.6      (default 0.5)\n"
                   "baseline-days                30\n"
                   "meaningful-change.MADRS      6\n"
                   "meaningful-change.PHQ-9      5\n"
                   "meaningful-change.HAMD-17    5\n"
                   "meaningful-change.QIDS-SR16  4\n"
                   "meaningful-change.BDI-II     8\n"
                   "meaningful-change.GAD-7      4\n"
                   "meaningful-change.PCL-5      10\n"
                   "course-gap-days              90\n"
                   "madrs-remission              12       (default 10)\n"
                   "fade-run-days                14\n"
                   "unrecorded-days              3\n"
                   "bp-before                    150/95   (default 140/90)\n"
                   "bp-after                     180/110\n"
                   "bp-before-treated            160/100\n");

  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "madrs-remission"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "12\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "unrecorded-days"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "3\n");

  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "madrs-remission", "--reset"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "madrs-remission is back to its default, 10\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "madrs-remission"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "10\n");

  /* In the file, audited. */
  assert_sql (fixture->db,
              ebb_test_on_server ()
              ? "SELECT string_agg (key || '=' || value, ' ' ORDER BY key) FROM rule_setting"
              : "SELECT group_concat (key || '=' || value, ' ') FROM"
                " (SELECT * FROM rule_setting ORDER BY key)",
              "bp-before=150/95 meaningful-change.PHQ-9=5 response-fraction=0.6");
  assert_sql (fixture->db, "SELECT count(*) FROM audit WHERE table_name = 'rule_setting'", "5");

  /* Refused, naming what was wrong, and nothing changes. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "madrs-cutoff", "12"), ==, 1);
  g_assert_cmpstr (fixture->err, ==,
                   "ebb-cli settings: “madrs-cutoff” is not a rule setting "
                   "(run 'ebb-cli settings' for the list)\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "madrs-cutoff"), ==, 1);
  g_assert_nonnull (strstr (fixture->err, "“madrs-cutoff”"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "madrs-cutoff", "--reset"), ==, 1);
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "madrs-remission", "99"), ==, 1);
  g_assert_true (g_str_has_prefix (fixture->err, "ebb-cli settings: madrs-remission: "));
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "bp-after", "110/180"), ==, 1);
  g_assert_true (g_str_has_prefix (fixture->err, "ebb-cli settings: bp-after: "));
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "response-fraction", "half"), ==, 1);
  g_assert_true (g_str_has_prefix (fixture->err, "ebb-cli settings: response-fraction: "));
  assert_sql (fixture->db, "SELECT count(*) FROM audit WHERE table_name = 'rule_setting'", "5");

  /* Usage. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "--reset"), ==, 2);
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "madrs-remission", "12", "--reset"), ==, 2);
  g_assert_cmpint (run_cli (fixture, fixture->db, "settings", "madrs-remission", "12", "13"), ==, 2);
}

/* Who signs a decision made by this account, as ebb_decision_set_now() does. */
/* Who signs a decision made now: in a file, the account's real name (or
 * its login); on a server, the database user the audit trail names, since
 * several people may share a workstation's account. */
static char *
decider (const char *location)
{
  const char *real_name = g_get_real_name ();

  if (ebb_test_on_server ())
    return ebb_test_audit_user_name (location);
  if (*real_name == '\0' || g_str_equal (real_name, "Unknown"))
    return g_strdup (g_get_user_name ());
  return g_strdup (real_name);
}

/* S03-003's history is all in 2025, so whatever today is, its suicide
 * item of 2025-11-01 (closed only by a decision) and its lapse dated
 * 2025-12-24 (nothing booked since the session of 2025-12-02) are open. */
static void
test_decide (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *today = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *expected = NULL;
  g_autofree char *expected_after = NULL;
  g_autofree char *decided_day = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *who = decider (fixture->db);

  import_examples (fixture, fixture->db);
  g_assert_cmpint (run_cli (fixture, fixture->db, "flags", "--format", "csv"), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "S03-003,MADRS,suicide-item,2025-11-01,"));

  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "suicide-item",
                            "--date", "2025-11-01", "--scale", "madrs", "--note", "dose increased"), ==, 0);
  after = g_date_time_new_now_local ();
  expected = g_strdup_printf ("Recorded a decision on S03-003's suicide-item flag on MADRS dated 2025-11-01.\n"
                              "Decided %s by %s: dose increased\n", today, who);
  if (!g_str_equal (fixture->out, expected))
    {
      /* Past midnight between the two. */
      g_autofree char *tomorrow = g_date_time_format (after, "%Y-%m-%d");

      expected_after = g_strdup_printf ("Recorded a decision on S03-003's suicide-item flag on MADRS dated "
                                        "2025-11-01.\nDecided %s by %s: dose increased\n", tomorrow, who);
      g_assert_cmpstr (fixture->out, ==, expected_after);
    }
  g_assert_cmpstr (fixture->err, ==, "");

  /* 2025-11-01 is day 739556: 121 days before 2026-03-02, day 739677. */
  {
    g_autofree char *user = ebb_test_audit_user_name (fixture->db);

    stored = g_strdup_printf ("S03-003 suicide-item MADRS 739556 dose increased %s", user);
  }
  assert_sql (fixture->db,
              "SELECT p.code || ' ' || d.kind || ' ' || d.scale || ' ' || d.flag_day || ' ' || d.note"
              " || ' ' || d.user_name FROM decision d JOIN patient p ON p.id = d.patient_id",
              stored);
  decided_day = sql_text (fixture->db, "SELECT substr (decided_at, 1, 10) FROM decision");
  g_assert_true (g_str_equal (decided_day, today) || expected_after != NULL);
  assert_sql (fixture->db, "SELECT count(*) FROM audit WHERE table_name = 'decision'", "1");

  /* Decided: gone from `flags`, kept by `flags --all` with its decision. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "flags", "--format", "csv"), ==, 0);
  g_assert_null (strstr (fixture->out, "S03-003,MADRS,suicide-item,"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "flags", "--all", "--format", "csv"), ==, 0);
  g_assert_nonnull (strstr (fixture->out, "S03-003,MADRS,suicide-item,2025-11-01,"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "flags", "--all"), ==, 0);
  g_assert_nonnull (strstr (fixture->out, ": dose increased"));

  /* Deciding it again: it is no longer open. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "suicide-item",
                            "--date", "2025-11-01", "--scale", "MADRS", "--note", "again"), ==, 1);
  g_assert_cmpstr (fixture->err, ==,
                   "ebb-cli decide: S03-003 has no open suicide-item flag on MADRS dated 2025-11-01\n");
  /* No such flag at all. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "faded",
                            "--date", "2026-03-02", "--scale", "MADRS", "--note", "x"), ==, 1);
  g_assert_cmpstr (fixture->err, ==,
                   "ebb-cli decide: S03-003 has no open faded flag on MADRS dated 2026-03-02\n");

  /* A kind about sessions has no scale. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "lapsed",
                            "--date", "2025-12-24", "--note", "called, rebooked"), ==, 0);
  g_assert_true (g_str_has_prefix (fixture->out,
                                   "Recorded a decision on S03-003's lapsed flag dated 2025-12-24.\n"));
  assert_sql (fixture->db, "SELECT coalesce (scale, 'none') FROM decision WHERE kind = 'lapsed'", "none");

  /* What is wrong with the command line: exit 2, nothing stored. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "fading",
                            "--date", "2026-03-02", "--note", "x"), ==, 2);
  g_assert_cmpstr (fixture->err, ==,
                   "ebb-cli decide: --kind: “fading” is not a kind of flag: use suicide-item, worsening, "
                   "relapse, blood-pressure, non-response, faded, missed, unrecorded, lapsed or projected\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "worsening",
                            "--date", "2026-03-02", "--note", "x"), ==, 2);
  g_assert_cmpstr (fixture->err, ==,
                   "ebb-cli decide: a worsening flag is about one scale's ratings: give it with --scale ID\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "lapsed",
                            "--date", "2026-03-02", "--scale", "PHQ-9", "--note", "x"), ==, 2);
  g_assert_cmpstr (fixture->err, ==,
                   "ebb-cli decide: a lapsed flag is about sessions, not a scale: leave out --scale\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "faded",
                            "--date", "2026-03-02", "--scale", "HADS", "--note", "x"), ==, 2);
  g_assert_true (g_str_has_prefix (fixture->err, "ebb-cli decide: --scale: “HADS”"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "missed",
                            "--date", "2026-02-30", "--note", "x"), ==, 2);
  g_assert_cmpstr (fixture->err, ==,
                   "ebb-cli decide: --date: “2026-02-30” is not a valid date: use YYYY-MM-DD\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "missed",
                            "--note", "x"), ==, 2);
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "missed",
                            "--date", "2026-03-02"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "--note"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "--kind", "missed",
                            "--date", "2026-03-02", "--note", "x"), ==, 2);

  /* What the clinic refuses: exit 1, nothing stored. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "X-0001", "--kind", "missed",
                            "--date", "2026-03-02", "--note", "x"), ==, 1);
  g_assert_cmpstr (fixture->err, ==, "ebb-cli decide: There is no patient with the code “X-0001”\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "decide", "S03-003", "--kind", "faded",
                            "--date", "2025-11-12", "--scale", "MADRS", "--note", "   "), ==, 1);
  g_assert_cmpstr (fixture->err, ==,
                   "ebb-cli decide: A decision needs a note: a few words such as “reviewed, continue” "
                   "or “dose increased”\n");
  assert_sql (fixture->db, "SELECT count(*) FROM decision", "2");
}

static void
test_end_course (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *patients = example_path ("patients.csv");
  g_autofree char *out = g_build_filename (fixture->dir, "out", NULL);
  g_autofree char *exported = g_build_filename (out, "patients.csv", NULL);
  g_autofree char *db2 = g_build_filename (fixture->dir, "second.db", NULL);
  g_autofree char *text = NULL;

  g_assert_cmpint (run_cli (fixture, fixture->db, "import", patients), ==, 0);

  g_assert_cmpint (run_cli (fixture, fixture->db, "end-course", "S03-003", "--date", "2026-03-20",
                            "--reason", "remission", "--note", "MADRS 6 twice"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "Recorded the end of S03-003's course on 2026-03-20 (remission).\n");
  g_assert_cmpstr (fixture->err, ==, "");
  g_assert_cmpint (run_cli (fixture, fixture->db, "end-course", "S03-003", "--date", "2026-06-30"), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "Recorded the end of S03-003's course on 2026-06-30.\n");

  /* 2026-03-20 is day 739695; 2026-06-30 is 739797. */
  assert_sql (fixture->db,
              ebb_test_on_server ()
              ? "SELECT string_agg (day || ' ' || coalesce (reason, '-') || ' ' || coalesce (note, '-'), '; '"
                " ORDER BY id) FROM course_end"
              : "SELECT group_concat (day || ' ' || coalesce (reason, '-') || ' ' || coalesce (note, '-'), '; ')"
                " FROM (SELECT * FROM course_end ORDER BY id)",
              "739695 remission MADRS 6 twice; 739797 - -");
  assert_sql (fixture->db, "SELECT count(*) FROM audit WHERE table_name = 'course_end'", "2");

  /* One end a day. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "end-course", "S03-003", "--date", "2026-03-20",
                            "--reason", "moved"), ==, 1);
  g_assert_cmpstr (fixture->err, ==, "ebb-cli end-course: S03-003 already has a course end on 2026-03-20\n");

  g_assert_cmpint (run_cli (fixture, fixture->db, "end-course", "S03-003", "--date", "2026-07-01",
                            "--reason", "cured"), ==, 2);
  g_assert_cmpstr (fixture->err, ==,
                   "ebb-cli end-course: --reason: “cured” is not a reason a course ends: use remission, "
                   "stopped-by-patient, stopped-by-clinician, moved or other\n");
  g_assert_cmpint (run_cli (fixture, fixture->db, "end-course", "S03-003", "--date", "20/03/2026"), ==, 2);
  g_assert_nonnull (strstr (fixture->err, "--date: “20/03/2026”"));
  g_assert_cmpint (run_cli (fixture, fixture->db, "end-course", "S03-003"), ==, 2);
  g_assert_cmpint (run_cli (fixture, fixture->db, "end-course", "X-0001", "--date", "2026-07-01"), ==, 1);
  g_assert_cmpstr (fixture->err, ==, "ebb-cli end-course: There is no patient with the code “X-0001”\n");
  assert_sql (fixture->db, "SELECT count(*) FROM course_end", "2");

  /* The patients file carries the latest end, and brings it into another
   * clinic. */
  g_assert_cmpint (run_cli (fixture, fixture->db, "export-csv", out), ==, 0);
  g_assert_true (g_file_get_contents (exported, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\nS03-003,Synthetic S03-003,1989,,2026-06-30,\n"));
  g_assert_nonnull (strstr (text, "\nS03-002,Synthetic S03-002,"));
  g_assert_cmpint (run_cli (fixture, db2, "import", exported), ==, 0);
  g_assert_cmpstr (fixture->out, ==,
                   "Imported 18 patients, 0 sessions, 0 ratings and 1 course end (0 duplicates skipped).\n");
  g_assert_cmpint (run_cli (fixture, db2, "import", exported), ==, 0);
  g_assert_cmpstr (fixture->out, ==, "Imported 0 patients, 0 sessions and 0 ratings (0 duplicates skipped).\n");
  assert_sql (db2, "SELECT day FROM course_end", "739797");
}

int
main (int    argc,
      char **argv)
{
  ebb_test_init_backend (argc, argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
/* Not registered on the server backend; each says why. */
#define ADD_FILE(path, func) \
  G_STMT_START { if (!ebb_test_on_server ()) ADD (path, func); } G_STMT_END

  ADD_FILE ("/cli/help/program", test_help_program);                /* no clinic opened */
  ADD_FILE ("/cli/help/commands", test_help_commands);              /* the same */
  ADD_FILE ("/cli/usage-errors", test_usage_errors);                /* that no file is made */
  ADD_FILE ("/cli/init", test_init);                                /* the file's mode and bytes */
  ADD_FILE ("/cli/init/default-path", test_init_default_path);      /* the default file */
  ADD_FILE ("/cli/init/not-ebb", test_init_not_ebb);                /* a CSV file as the clinic */
  ADD ("/cli/import/examples", test_import_examples);
  ADD ("/cli/import/malformed", test_import_malformed);
  ADD ("/cli/import/missing-file", test_import_missing_file);
  ADD_FILE ("/cli/import/failed-leaves-nothing", test_import_failed_leaves_nothing); /* no file made */
  ADD_FILE ("/cli/patients/missing-db", test_patients_missing_db);  /* a file that is not there */
  ADD ("/cli/export-csv/round-trip", test_export_round_trip);
  ADD ("/cli/export-csv/round-trip-record", test_export_round_trip_record);
  ADD ("/cli/backup", test_backup);
  ADD_FILE ("/cli/check/garbage", test_check_garbage);              /* a file of junk */
  ADD_FILE ("/cli/check/problems", test_check_problems);            /* an orphan written with SQLite */
  ADD ("/cli/flags/example-2026-06-01", test_flags_csv_2026_06_01);
  ADD ("/cli/flags/example-2026-11-20", test_flags_csv_2026_11_20);
  ADD ("/cli/flags/recent-and-json", test_flags_recent_and_json);
  ADD ("/cli/summary", test_summary);
  ADD ("/cli/chart-and-report", test_chart_and_report);
  ADD ("/cli/chart-panels", test_chart_panels);
  ADD ("/cli/session-record", test_session_record);
  ADD ("/cli/settings", test_settings);
  ADD ("/cli/decide", test_decide);
  ADD ("/cli/end-course", test_end_course);

#undef ADD_FILE
#undef ADD

  return g_test_run ();
}
