/* test-import.c — importing and exporting the clinic's CSV files (clinical rules §7)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ebb-csv.h"
#include "ebb-date.h"
#include "ebb-export.h"
#include "ebb-import.h"
#include "ebb-import-private.h"
#include "ebb-server.h"
#include "ebb-store.h"
#include "ebb-test-utils.h"

/* Helpers ---------------------------------------------------------------- */

typedef struct
{
  EbbTestClinic clinic;
  const char   *dir;    /* clinic.dir: a fresh folder per test */
  const char   *db;     /* clinic.path: dir/clinic.db, or a database on the test server */
  EbbStore     *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  ebb_test_clinic_set_up (&f->clinic, data);
  f->dir = f->clinic.dir;
  f->db = f->clinic.path;
  f->store = ebb_store_open (f->db, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  ebb_test_clinic_tear_down (&f->clinic, data);
}

static char *
example_path (const char *name)
{
  const char *dir = g_getenv ("EBB_EXAMPLES_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static char *
write_file (const Fixture *f,
            const char    *name,
            const char    *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
make_subdir (const Fixture *f,
             const char    *name)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  return path;
}

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

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

static gboolean
import_strv (EbbStore           *store,
             const char * const *paths,
             EbbImportStats     *stats,
             GPtrArray         **problems,
             GError            **error)
{
  *problems = g_ptr_array_new_with_free_func (g_free);
  return ebb_import_files (store, paths, stats, *problems, error);
}

static void
import_examples (EbbStore       *store,
                 EbbImportStats *stats)
{
  g_autofree char *patients = example_path ("patients.csv");
  g_autofree char *sessions = example_path ("sessions.csv");
  g_autofree char *scores = example_path ("scores.csv");
  /* Not in processing order: patients must still come first. */
  const char *paths[] = { scores, sessions, patients, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (import_strv (store, paths, stats, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
export_to (EbbStore   *store,
           const char *dir)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_export_csv (store, dir, &error));
  g_assert_no_error (error);
}

static void
assert_counts (EbbStore *store,
               guint     n_patients,
               guint     n_sessions,
               guint     n_ratings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients = ebb_store_list_patients (store, &error);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) scores = NULL;

  g_assert_no_error (error);
  sessions = ebb_store_list_sessions (store, 0, &error);
  g_assert_no_error (error);
  scores = ebb_store_list_ratings (store, 0, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (patients->len, ==, n_patients);
  g_assert_cmpuint (sessions->len, ==, n_sessions);
  g_assert_cmpuint (scores->len, ==, n_ratings);
}

static guint
count_audit (EbbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = ebb_store_list_audit (store, 0, &error);

  g_assert_no_error (error);
  return audit->len;
}

/* The one number @sql gives, read behind the store's back. */
static gint64
sql_count (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (ebb_location_is_server (path))
    return ebb_test_sql_int (path, sql);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Every record of a CSV file, header first, each as a GStrv. */
static GPtrArray *
read_records (const char *path)
{
  g_autoptr(GBytes) bytes = read_bytes (path);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autoptr(EbbCsvReader) reader = ebb_csv_reader_new (data, length);
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (;;)
    {
      g_autoptr(GPtrArray) fields = NULL;
      g_autoptr(GError) error = NULL;

      if (!ebb_csv_reader_next (reader, &fields, NULL, &error))
        {
          g_assert_no_error (error);
          break;
        }
      g_ptr_array_add (fields, NULL);
      g_ptr_array_add (records, g_ptr_array_steal (fields, NULL));
    }
  return records;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The rows of @exported, reduced to the columns of @original's header and
 * joined; both lists sorted, so that equal lists mean equal multisets. */
static void
assert_rows_contained (const char *original,
                       const char *exported)
{
  g_autoptr(GPtrArray) want = read_records (original);
  g_autoptr(GPtrArray) have = read_records (exported);
  g_autoptr(GPtrArray) want_rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) have_rows = g_ptr_array_new_with_free_func (g_free);
  char **want_header = g_ptr_array_index (want, 0);
  char **have_header = g_ptr_array_index (have, 0);
  guint n_columns = g_strv_length (want_header);
  g_autofree int *map = g_new (int, n_columns);

  for (guint c = 0; c < n_columns; c++)
    {
      map[c] = -1;
      for (guint e = 0; have_header[e] != NULL; e++)
        if (g_str_equal (want_header[c], have_header[e]))
          map[c] = (int) e;
      g_assert_cmpint (map[c], >=, 0);
    }

  for (guint r = 1; r < want->len; r++)
    g_ptr_array_add (want_rows, g_strjoinv ("|", g_ptr_array_index (want, r)));
  for (guint r = 1; r < have->len; r++)
    {
      char **row = g_ptr_array_index (have, r);
      GString *joined = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        g_string_append_printf (joined, c ? "|%s" : "%s", row[map[c]]);
      g_ptr_array_add (have_rows, g_string_free (joined, FALSE));
    }

  g_assert_cmpuint (want_rows->len, ==, have_rows->len);
  g_ptr_array_sort (want_rows, compare_strings);
  g_ptr_array_sort (have_rows, compare_strings);
  for (guint r = 0; r < want_rows->len; r++)
    g_assert_cmpstr (g_ptr_array_index (want_rows, r), ==, g_ptr_array_index (have_rows, r));
}

static void
assert_problems (GPtrArray          *problems,
                 const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < MIN (n, problems->len); i++)
    g_assert_cmpstr (g_ptr_array_index (problems, i), ==, expected[i]);
  g_assert_cmpuint (problems->len, ==, n);
}

/* The example clinic --------------------------------------------------------- */

static void
test_examples (Fixture       *f,
               gconstpointer  data)
{
  EbbImportStats stats;

  import_examples (f->store, &stats);
  g_assert_cmpuint (stats.patients_added, ==, 18);
  g_assert_cmpuint (stats.patients_updated, ==, 0);
  g_assert_cmpuint (stats.sessions_added, ==, 176);
  g_assert_cmpuint (stats.ratings_added, ==, 756);
  g_assert_cmpuint (stats.duplicates_skipped, ==, 0);
  assert_counts (f->store, 18, 176, 756);

  /* A sample row, field by field. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EbbPatient) patient = ebb_store_find_patient (f->store, "S03-003", &error);
    g_autoptr(GPtrArray) scores = NULL;
    const EbbRating *first;

    g_assert_no_error (error);
    g_assert_nonnull (patient);
    g_assert_cmpstr (patient->name, ==, "Synthetic S03-003");
    g_assert_cmpint (patient->birth_year, ==, 1989);
    scores = ebb_store_list_ratings (f->store, patient->id, &error);
    g_assert_no_error (error);
    first = g_ptr_array_index (scores, 0);
    g_assert_cmpstr (first->when_text, ==, "2025-10-11");
    g_assert_cmpstr (first->scale_id, ==, "MADRS");
    g_assert_cmpint (first->total, ==, 29);
    g_assert_cmpuint (first->n_items, ==, 10);
    g_assert_cmpint (first->items[0], ==, 1);
    g_assert_cmpint (first->items[5], ==, 6);
    g_assert_cmpint (first->items[9], ==, 1);
  }
}

static void
test_export_contains_examples (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *out = make_subdir (f, "out");
  const char *names[] = { "patients.csv", "sessions.csv", "scores.csv" };
  const char *headers[] = {
    "patient,name,birth_year,notes,ended,end_reason\n",
    "patient,date,status,phase,route,dose_mg,note,drug,duration_min,lot,dose_time,discharge_time,"
    "sedation,dissociation,respiratory,effects,other_effect,ready_min,vitals_ok_before,"
    "vitals_ok_discharge,transport_arranged,monitored_by\n",
    "patient,date,scale,score,items,note,rater\n",
  };

  import_examples (f->store, NULL);
  export_to (f->store, out);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *original = example_path (names[i]);
      g_autofree char *exported = g_build_filename (out, names[i], NULL);
      g_autofree char *text = read_text (out, names[i]);
      GStatBuf st;

      g_assert_true (g_str_has_prefix (text, headers[i]));
      assert_rows_contained (original, exported);

      g_assert_cmpint (g_stat (exported, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }

  /* Sorted by patient, then date; the first rows written by hand. */
  {
    g_autofree char *sessions = read_text (out, "sessions.csv");
    g_autofree char *scores = read_text (out, "scores.csv");

    g_assert_true (g_str_has_prefix (sessions,
                                     "patient,date,status,phase,route,dose_mg,note,drug,duration_min,"
                                     "lot,dose_time,discharge_time,sedation,dissociation,respiratory,"
                                     "effects,other_effect,ready_min,vitals_ok_before,"
                                     "vitals_ok_discharge,transport_arranged,monitored_by\n"
                                     "C03-000,2026-03-07,done,induction,iv,84,,,,,,,,,,,,,,,,\n"
                                     "C03-000,2026-03-10,done,induction,iv,56,,,,,,,,,,,,,,,,\n"));
    g_assert_true (g_str_has_prefix (scores,
                                     "patient,date,scale,score,items,note,rater\n"
                                     "C03-000,2026-03-05,MADRS,27,,,\n"
                                     "C03-000,2026-03-07,MADRS,30,,,\n"
                                     "C03-000,2026-03-08,MADRS,14,1 2 1 3 3 1 0 1 0 2,,\n"));
  }

  /* No temporary file is left behind. */
  {
    g_autoptr(GDir) dir = g_dir_open (out, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (dir) != NULL)
      n++;
    /* patients, sessions, scores, readings, medicines and events */
    g_assert_cmpuint (n, ==, 6);
  }
}

static void
test_export_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *first = make_subdir (f, "first");
  g_autofree char *second = make_subdir (f, "second");
  g_autofree char *db2 = g_build_filename (f->dir, "second.db", NULL);
  g_autoptr(EbbStore) store2 = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "patients.csv", "sessions.csv", "scores.csv" };
  g_autofree char *p = g_build_filename (first, names[0], NULL);
  g_autofree char *s = g_build_filename (first, names[1], NULL);
  g_autofree char *c = g_build_filename (first, names[2], NULL);
  const char *paths[] = { p, s, c, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  EbbImportStats stats;

  import_examples (f->store, NULL);
  export_to (f->store, first);

  store2 = ebb_store_open (db2, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (import_strv (store2, paths, &stats, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.patients_added, ==, 18);
  g_assert_cmpuint (stats.sessions_added, ==, 176);
  g_assert_cmpuint (stats.ratings_added, ==, 756);
  export_to (store2, second);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *a = read_text (first, names[i]);
      g_autofree char *b = read_text (second, names[i]);

      g_assert_cmpstr (a, ==, b);
    }
}

/* A patient first met in a sessions file has no name; the export writes
 * the row with an empty name, and it must import back. */
static void
test_nameless_round_trip (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *sessions = write_file (f, "sessions.csv",
    "patient,date,status,phase,route,dose_mg\n"
    "K-9,2026-03-02,done,induction,iv,35\n");
  g_autofree char *first = make_subdir (f, "first");
  g_autofree char *second = make_subdir (f, "second");
  g_autofree char *db2 = g_build_filename (f->dir, "second.db", NULL);
  g_autofree char *p = g_build_filename (first, "patients.csv", NULL);
  g_autofree char *s = g_build_filename (first, "sessions.csv", NULL);
  const char *imported[] = { sessions, NULL };
  const char *paths[] = { p, s, NULL };
  g_autoptr(EbbStore) store2 = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  EbbImportStats stats;

  g_assert_true (import_strv (f->store, imported, &stats, &problems, &error));
  g_assert_no_error (error);
  g_clear_pointer (&problems, g_ptr_array_unref);
  export_to (f->store, first);

  store2 = ebb_store_open (db2, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (import_strv (store2, paths, &stats, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.patients_added, ==, 1);
  export_to (store2, second);
  {
    g_autofree char *a = read_text (first, "patients.csv");
    g_autofree char *b = read_text (second, "patients.csv");

    g_assert_cmpstr (a, ==, "patient,name,birth_year,notes,ended,end_reason\nK-9,,,,,\n");
    g_assert_cmpstr (a, ==, b);
  }
}

static void
test_import_twice (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *before = make_subdir (f, "before");
  g_autofree char *after = make_subdir (f, "after");
  const char *names[] = { "patients.csv", "sessions.csv", "scores.csv" };
  EbbImportStats stats;
  guint audit;

  import_examples (f->store, NULL);
  export_to (f->store, before);
  audit = count_audit (f->store);

  import_examples (f->store, &stats);
  g_assert_cmpuint (stats.patients_added, ==, 0);
  g_assert_cmpuint (stats.patients_updated, ==, 0);
  g_assert_cmpuint (stats.sessions_added, ==, 0);
  g_assert_cmpuint (stats.ratings_added, ==, 0);
  g_assert_cmpuint (stats.duplicates_skipped, ==, 176 + 756);
  assert_counts (f->store, 18, 176, 756);
  g_assert_cmpuint (count_audit (f->store), ==, audit);

  export_to (f->store, after);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *a = read_text (before, names[i]);
      g_autofree char *b = read_text (after, names[i]);

      g_assert_cmpstr (a, ==, b);
    }
}

/* Problems ---------------------------------------------------------------- */

static void
test_bad_rows_change_nothing (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *sessions = write_file (f, "bad-sessions.csv",
    "patient,date,status,phase,route,dose_mg,bp_before\n"
    "K-1,2026-02-30,done,induction,iv,50,128/82\n"
    "K-1,2026-03-01,finished,induction,iv,50,\n"
    "K-1,2026-03-02,done,booster,iv,50,\n"
    "K-1,2026-03-03,done,induction,nasal,50,\n"
    "K-1,2026-03-04,done,induction,iv,-5,\n"
    "K-1,2026-03-05,done,induction,iv,fifty,\n"
    "K-1,2026-03-06,done,induction,iv,50,128-82\n"
    ",2026-03-07,done,induction,iv,50,\n"
    "K-1,2026-03-08,done,induction\n"
    "K-1,2026-03-09,done,induction,iv,50,82/128\n"
    "K-1,2026-03-10,done,induction,iv,\"50\",\n"
    "K-1,2026-03-11,done,induction,iv,5\"0,\n"
    "K-1,2026-03-12,Done,Induction,IV,37.5,\n");
  g_autofree char *scores = write_file (f, "bad-scores.csv",
    "patient,date,scale,score,items\n"
    "K-1,2026-03-01,HAMA,12,\n"
    "K-1,2026-03-01,PHQ-9,twelve,\n"
    "K-1,2026-03-01,PHQ-9,30,\n"
    "K-1,2026-03-01,PHQ-9,5,1 1 1 1 1\n"
    "K-1,2026-03-01,PHQ-9,5,1 1 1 1 1 0 0 0 x\n"
    "K-1,2026-03-01,PHQ-9,6,1 1 1 1 1 0 0 0 0\n"
    "K-1,2026-03-01,PHQ-9,8,1 1 1 1 0 0 0 0 4\n"
    "K-1,,phq9,5,\n"
    "K-1,2026-03-01,MADRS,12.5,\n");
  g_autofree char *patients = write_file (f, "bad-patients.csv",
    "patient,name,birth_year\n"
    "K-1,Ann,1850\n"
    "K-2,,19x0\n"
    "K-3,Cy,1979\n");
  /* Good rows that are written before the first problem is found (a new
   * patient, a changed one, a session), so that the rollback has work. */
  g_autofree char *good = write_file (f, "good-patients.csv",
    "patient,name,birth_year\n"
    "K-7,New Person,1990\n"
    "S03-000,Renamed,1987\n");
  g_autofree char *good_sessions = write_file (f, "good-sessions.csv",
    "patient,date,status,phase,route\n"
    "S03-000,2027-01-01,scheduled,maintenance,iv\n");
  const char *paths[] = { scores, good_sessions, sessions, good, patients, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes_before = NULL;
  g_autoptr(GBytes) bytes_after = NULL;
  EbbImportStats stats = { 1, 1, 1, 1, 1 };
  guint audit;
  int year;

  ebb_date_to_ymd (ebb_date_today (), &year, NULL, NULL);

  /* A clinic with data in it, closed so that its file is complete. */
  import_examples (f->store, NULL);
  audit = count_audit (f->store);
  g_clear_object (&f->store);
  /* A file's bytes; a server clinic is compared by its counts alone. */
  if (!ebb_test_on_server ())
    bytes_before = read_bytes (f->db);

  f->store = ebb_store_open (f->db, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (import_strv (f->store, paths, &stats, &problems, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "22 problems in the files; nothing was imported");

  {
    g_autofree char *year_1850 = g_strdup_printf ("%s:2: birth_year: “1850” is not a plausible birth year: "
                                                  "use a year from 1900 to %d", patients, year);
    g_autofree char *year_19x0 = g_strdup_printf ("%s:3: birth_year: “19x0” is not a plausible birth year: "
                                                  "use a year from 1900 to %d", patients, year);
    g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func (g_free);

#define S(line, rest) g_strdup_printf ("%s:" #line ": %s", sessions, rest)
#define C(line, rest) g_strdup_printf ("%s:" #line ": %s", scores, rest)
    /* Patients first, then sessions, then scores, whatever the order the
     * files were given in; within a row, in the order of its checks. */
    g_ptr_array_add (want, g_strdup (year_1850));
    g_ptr_array_add (want, g_strdup (year_19x0));
    g_ptr_array_add (want, S (2, "date: “2026-02-30” is not a valid date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM"));
    g_ptr_array_add (want, S (3, "status: “finished” is not a status: use done, scheduled, cancelled or missed"));
    g_ptr_array_add (want, S (4, "phase: “booster” is not a phase: use induction, maintenance or rescue"));
    g_ptr_array_add (want, S (5, "route: “nasal” is not a route: use iv, im, intranasal, oral or sublingual"));
    g_ptr_array_add (want, S (6, "dose_mg: “-5” is not a dose: a dose is the amount given, in mg, and has no "
                                 "minus sign; write 0 when none was given"));
    g_ptr_array_add (want, S (7, "dose_mg: “fifty” is not a dose: a dose is the amount given, a number of mg, "
                                 "0 or more, e.g. 50 or 37.5"));
    g_ptr_array_add (want, S (8, "bp_before: “128-82” is not a blood pressure: use SYSTOLIC/DIASTOLIC in mmHg, e.g. 128/82"));
    g_ptr_array_add (want, S (9, "patient: a value is required"));
    g_ptr_array_add (want, S (10, "row: 4 fields, but the header has 7"));
    g_ptr_array_add (want, S (11, "bp_before: Blood pressure 82/128 is not plausible: the systolic, written first, "
                                  "must be above the diastolic (were they swapped?)"));
    g_ptr_array_add (want, S (13, "row: stray quote: a field that holds a \" must be quoted, with each \" in it "
                                  "written as \"\""));
    g_ptr_array_add (want, C (2, "scale: “HAMA” is not a known scale: use MADRS, PHQ-9, HAMD-17, QIDS-SR16, "
                                 "BDI-II, GAD-7, PCL-5 or CADSS"));
    g_ptr_array_add (want, C (3, "score: “twelve” is not a whole number"));
    g_ptr_array_add (want, C (4, "score: PHQ-9 total 30 is out of range: it must be 0–27"));
    g_ptr_array_add (want, C (5, "items: PHQ-9 has 9 items, but 5 item values were given"));
    g_ptr_array_add (want, C (6, "items: item 9 (“x”) is not a whole number: give the item values as whole "
                                 "numbers separated by spaces"));
    g_ptr_array_add (want, C (7, "items: PHQ-9 item values add up to 5, but the total is 6"));
    g_ptr_array_add (want, C (8, "items: PHQ-9 item 9 is 4: it must be 0–3"));
    g_ptr_array_add (want, C (9, "date: a value is required"));
    g_ptr_array_add (want, C (10, "score: “12.5” is not a whole number"));
#undef S
#undef C
    g_ptr_array_add (want, NULL);

    assert_problems (problems, (const char * const *) want->pdata);
  }

  /* Nothing reached the database, and the stats say nothing was done. */
  g_assert_cmpuint (stats.patients_added + stats.patients_updated + stats.sessions_added +
                    stats.ratings_added + stats.duplicates_skipped, ==, 0);
  assert_counts (f->store, 18, 176, 756);
  g_assert_cmpuint (count_audit (f->store), ==, audit);
  g_clear_object (&f->store);
  if (!ebb_test_on_server ())
    {
      bytes_after = read_bytes (f->db);
      g_assert_true (g_bytes_equal (bytes_before, bytes_after));
    }
}

static void
test_one_bad_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *patients = example_path ("patients.csv");
  g_autofree char *scores = example_path ("scores.csv");
  g_autofree char *sessions = write_file (f, "sessions.csv",
    "patient,date,status,phase,route\n"
    "S03-000,2026-01-01,done,induction,iv\n"
    "S03-000,2026-01-02,done,induction,iv\n"
    "S03-000,2026-01-03,done,induction,rectal\n");
  const char *paths[] = { patients, sessions, scores, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("%s:4: route: “rectal” is not a route: "
                                               "use iv, im, intranasal, oral or sublingual", sessions);
  const char *want[] = { expected, NULL };

  g_assert_false (import_strv (f->store, paths, NULL, &problems, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "1 problem in the files; nothing was imported");
  assert_problems (problems, want);
  assert_counts (f->store, 0, 0, 0);
  g_assert_cmpuint (count_audit (f->store), ==, 0);
}

static void
test_headers (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *unknown = write_file (f, "unknown.csv", "patient,date,status,phase,route,dose\n");
  g_autofree char *twice = write_file (f, "twice.csv", "patient,date,scale,score,Date\n");
  g_autofree char *missing = write_file (f, "missing.csv", "patient,date,status,phase\n");
  g_autofree char *other = write_file (f, "other.csv", "id,when,what\n1,2,3\n");
  g_autofree char *empty = write_file (f, "empty.csv", "");
  /* Spaces and case in the header do not matter. */
  g_autofree char *spaced = write_file (f, "spaced.csv", " Patient , NAME \nK-1,Ann\n");
  const char *paths[] = { unknown, twice, missing, other, empty, spaced, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected_kinds = "patient,name[,birth_year][,notes][,ended][,end_reason] or "
                               "patient,date,status,phase,route[,dose_mg][,note][,bp_before][,bp_after][,drug][,duration_min]"
                               "[,lot][,dose_time][,discharge_time][,sedation][,dissociation][,respiratory]"
                               "[,effects][,other_effect][,ready_min][,vitals_ok_before][,vitals_ok_discharge]"
                               "[,transport_arranged][,monitored_by] or "
                               "patient,date,scale,score[,items][,note][,rater] or "
                               "patient,session_date,time,bp[,heart_rate][,spo2][,note][,pre_dose] or "
                               "patient,class,name,start[,stop] or "
                               "patient,date,kind,text";
  g_autofree char *e1 = g_strdup_printf ("%s:1: header: unknown column “dose” (a sessions file has the columns "
                                         "patient, date, status, phase, route, dose_mg, note, bp_before, bp_after, drug, "
                                         "duration_min, lot, dose_time, discharge_time, sedation, dissociation, "
                                         "respiratory, effects, other_effect, ready_min, vitals_ok_before, "
                                         "vitals_ok_discharge, transport_arranged, monitored_by)",
                                         unknown);
  g_autofree char *e2 = g_strdup_printf ("%s:1: header: column “date” appears twice", twice);
  g_autofree char *e3 = g_strdup_printf ("%s:1: header: missing column “route” (a sessions file has "
                                         "patient,date,status,phase,route[,dose_mg][,note][,bp_before][,bp_after]"
                                         "[,drug][,duration_min][,lot][,dose_time][,discharge_time][,sedation]"
                                         "[,dissociation][,respiratory][,effects][,other_effect][,ready_min]"
                                         "[,vitals_ok_before][,vitals_ok_discharge][,transport_arranged]"
                                         "[,monitored_by])",
                                         missing);
  g_autofree char *e4 = g_strdup_printf ("%s:1: header: not a patients, sessions, scores, readings, medicines "
                                         "or events file (expected %s)",
                                         other, expected_kinds);
  g_autofree char *e5 = g_strdup_printf ("%s:1: header: the file is empty (expected %s)", empty, expected_kinds);
  const char *want[] = { e1, e2, e3, e4, e5, NULL };

  g_assert_false (import_strv (f->store, paths, NULL, &problems, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  assert_problems (problems, want);
  assert_counts (f->store, 0, 0, 0);
}

static void
test_csv_errors (Fixture       *f,
                 gconstpointer  data)
{
  /* Problems of the CSV text itself name the line and go on after it. */
  g_autofree char *path = write_file (f, "broken.csv",
    "patient,name,notes\n"
    "K-1,Ann,\"fine\n"
    "over two lines\"\n"
    "K-2,B\xE9" "a,latin-1\n"
    "K-3,Cy,\"never closed\n"
    "K-4,Di,ok\n");
  const char *paths[] = { path, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *e1 = g_strdup_printf ("%s:4: row: the text is not valid UTF-8: save the file as UTF-8",
                                         path);
  g_autofree char *e2 = g_strdup_printf ("%s:5: row: a quoted field is never closed: a closing \" is missing",
                                         path);
  const char *want[] = { e1, e2, NULL };

  g_assert_false (import_strv (f->store, paths, NULL, &problems, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "2 problems in the files; nothing was imported");
  assert_problems (problems, want);
  assert_counts (f->store, 0, 0, 0);
}

/* A zero byte is no "stray quote": the message says what the reader found
 * and what to do (issue 15, finding 11). */
static void
test_nul_byte (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "nul.csv", NULL);
  static const char contents[] = "patient,name\nK-1,A\0nn\nK-2,Bea\n";
  const char *paths[] = { path, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *e1 = NULL;
  const char *want[] = { NULL, NULL };

  g_file_set_contents (path, contents, sizeof contents - 1, &error);
  g_assert_no_error (error);
  e1 = g_strdup_printf ("%s:2: row: a zero (NUL) byte, which no text holds: the file is damaged or is "
                        "not a CSV file; open it in a spreadsheet and save it as CSV, UTF-8, again", path);
  want[0] = e1;

  g_assert_false (import_strv (f->store, paths, NULL, &problems, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  assert_problems (problems, want);
  assert_counts (f->store, 0, 0, 0);
}

/* Codes are stored in one form ("K-1"), and an import finds a patient by
 * any spelling of its code, as the store does: a file in small letters
 * imported twice, or a sessions file written "k-2" for a stored "K-2",
 * is one patient, not a refused second one. */
static void
test_codes_any_spelling (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *patients = write_file (f, "patients.csv",
    "patient,name\n"
    "k-1,Ann\n");
  g_autofree char *sessions = write_file (f, "sessions.csv",
    "patient,date,status,phase,route\n"
    "k-1,2026-03-02,done,induction,iv\n"
    "K-1,2026-03-09,done,induction,iv\n"
    "k-2,2026-03-02,done,induction,iv\n");
  g_autofree char *scores = write_file (f, "scores.csv",
    "patient,date,scale,score\n"
    "\xef\xbd\x8b-1,2026-03-01,MADRS,30\n");   /* a full-width k */
  g_autofree char *invisible = write_file (f, "invisible.csv",
    "patient,name\n"
    "K-3\xe2\x80\x8b,Cy\n");
  const char *paths[] = { scores, sessions, patients, NULL };
  const char *invisible_paths[] = { invisible, NULL };
  g_autoptr(EbbPatient) bea = ebb_patient_new ("K-2", "Bea");
  g_autoptr(EbbPatient) found = NULL;
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  g_autoptr(GPtrArray) p3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *e1 = NULL;
  const char *want[] = { NULL, NULL };
  EbbImportStats stats;

  g_assert_true (ebb_store_add_patient (f->store, bea, &error));
  g_assert_no_error (error);

  g_assert_true (import_strv (f->store, paths, &stats, &p1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p1->len, ==, 0);
  g_assert_cmpuint (stats.patients_added, ==, 1);
  g_assert_cmpuint (stats.patients_updated, ==, 0);
  g_assert_cmpuint (stats.sessions_added, ==, 3);
  g_assert_cmpuint (stats.ratings_added, ==, 1);
  assert_counts (f->store, 2, 3, 1);
  found = ebb_store_find_patient (f->store, "K-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->code, ==, "K-1");
  g_assert_cmpstr (found->name, ==, "Ann");

  /* The same files again: nothing new, nothing refused. */
  g_assert_true (import_strv (f->store, paths, &stats, &p2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p2->len, ==, 0);
  g_assert_cmpuint (stats.patients_added, ==, 0);
  g_assert_cmpuint (stats.patients_updated, ==, 0);
  g_assert_cmpuint (stats.duplicates_skipped, ==, 4);
  assert_counts (f->store, 2, 3, 1);

  /* A code that cannot be one is a problem of its row, said as the store
   * says it, not an error that stops the import. */
  e1 = g_strdup_printf ("%s:2: patient: The patient code “K-3\xef\xbf\xbd” holds an invisible or control "
                        "character (U+200B) as character 4: type the code again without it", invisible);
  want[0] = e1;
  g_assert_false (import_strv (f->store, invisible_paths, NULL, &p3, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  assert_problems (p3, want);
  assert_counts (f->store, 2, 3, 1);
}

/* A column shifted by one puts a cell of patient data where a value
 * belongs: every message quotes at most a short, clean start of it
 * (issue 15, finding 12). */
static void
test_messages_quote_excerpts (Fixture       *f,
                              gconstpointer  data)
{
#define CELL "Jane Doe born 1970 HIV+"
#define SHOWN "Jane Doe born 19…"
  g_autofree char *header = write_file (f, "header.csv",
    "patient,date,status,phase,route," CELL "\n");
  g_autofree char *patients = write_file (f, "patients.csv",
    "patient,name,birth_year,ended,end_reason\n"
    "K-1,Ann," CELL ",2026-01-01," CELL "\n");
  g_autofree char *sessions = write_file (f, "sessions.csv",
    "patient,date,status,phase,route,dose_mg,bp_before,bp_after\n"
    "K-1,2026-03-02," CELL "," CELL "," CELL "," CELL "," CELL ",120/80 " CELL "\n"
    "K-1,2026-03-03,done,induction,iv,-0,,\n"
    "K-1,2026-03-04,done,induction,iv,-12345678901234567890,,\n");
  g_autofree char *scores = write_file (f, "scores.csv",
    "patient,date,scale,score,items\n"
    "K-1,2026-03-02," CELL "," CELL ",\n"
    "K-1,2026-03-03,PHQ-9,5,1 1 1 1 Jane_Doe_born_1970_HIV+\n");
  const char *paths[] = { scores, sessions, patients, header, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int year;

  ebb_date_to_ymd (ebb_date_today (), &year, NULL, NULL);
#define P(file, line, rest) g_ptr_array_add (want, g_strdup_printf ("%s:" #line ": %s", file, rest))
  P (header, 1, "header: unknown column “jane doe born 19…” (a sessions file has the columns patient, date, "
                "status, phase, route, dose_mg, note, bp_before, bp_after, drug, duration_min, lot, dose_time, "
                "discharge_time, sedation, dissociation, respiratory, effects, other_effect, ready_min, "
                "vitals_ok_before, vitals_ok_discharge, transport_arranged, monitored_by)");
  g_ptr_array_add (want, g_strdup_printf ("%s:2: birth_year: “" SHOWN "” is not a plausible birth year: "
                                          "use a year from 1900 to %d", patients, year));
  P (patients, 2, "end_reason: “" SHOWN "” is not a reason a course ends: use remission, stopped-by-patient, "
                  "stopped-by-clinician, moved or other");
  P (sessions, 2, "status: “" SHOWN "” is not a status: use done, scheduled, cancelled or missed");
  P (sessions, 2, "phase: “" SHOWN "” is not a phase: use induction, maintenance or rescue");
  P (sessions, 2, "route: “" SHOWN "” is not a route: use iv, im, intranasal, oral or sublingual");
  P (sessions, 2, "dose_mg: “" SHOWN "” is not a dose: a dose is the amount given, a number of mg, 0 or "
                  "more, e.g. 50 or 37.5");
  P (sessions, 2, "bp_before: “" SHOWN "” is not a blood pressure: use SYSTOLIC/DIASTOLIC in mmHg, "
                  "e.g. 128/82");
  P (sessions, 2, "bp_after: “120/80 Jane Doe …” is not a blood pressure: use SYSTOLIC/DIASTOLIC in mmHg, "
                  "e.g. 128/82");
  /* -0 is a number, and 0 a dose: the message says what a dose is. */
  P (sessions, 3, "dose_mg: “-0” is not a dose: a dose is the amount given, in mg, and has no minus sign; "
                  "write 0 when none was given");
  P (sessions, 4, "dose_mg: “-123456789012345…” is not a dose: a dose is the amount given, in mg, and has "
                  "no minus sign; write 0 when none was given");
  P (scores, 2, "scale: “" SHOWN "” is not a known scale: use MADRS, PHQ-9, HAMD-17, QIDS-SR16, BDI-II, "
                "GAD-7, PCL-5 or CADSS");
  P (scores, 2, "score: “" SHOWN "” is not a whole number");
  P (scores, 3, "items: item 5 (“Jane_Doe_born_19…”) is not a whole number: give the item values as whole "
                "numbers separated by spaces");
#undef P
#undef CELL
#undef SHOWN
  g_ptr_array_add (want, NULL);

  g_assert_false (import_strv (f->store, paths, NULL, &problems, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  assert_problems (problems, (const char * const *) want->pdata);
  assert_counts (f->store, 0, 0, 0);
}

/* Leading zeros are only padding: "0000000005" is 5, as a spreadsheet
 * with a fixed width writes it (issue 15, finding 11). */
static void
test_leading_zeros (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *patients = write_file (f, "patients.csv",
    "patient,name,birth_year\n"
    "K-1,Ann,0001990\n");
  g_autofree char *scores = write_file (f, "scores.csv",
    "patient,date,scale,score,items\n"
    "K-1,2026-03-02,PHQ-9,0000000005,0 0 0 0 0 0 0 2 0000000003\n"
    "K-1,2026-03-03,MADRS,000,\n");
  g_autofree char *sessions = write_file (f, "sessions.csv",
    "patient,date,status,phase,route,bp_before\n"
    "K-1,2026-03-02,done,induction,iv,0000000128/082\n");
  const char *paths[] = { patients, scores, sessions, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GPtrArray) stored_sessions = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  const EbbRating *rating;
  const EbbSession *session;

  g_assert_true (import_strv (f->store, paths, NULL, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  patient = ebb_store_find_patient (f->store, "K-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (patient->birth_year, ==, 1990);
  stored = ebb_store_list_ratings (f->store, patient->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 2);
  rating = g_ptr_array_index (stored, 0);
  g_assert_cmpint (rating->total, ==, 5);
  g_assert_cmpuint (rating->n_items, ==, 9);
  g_assert_cmpint (rating->items[7], ==, 2);
  g_assert_cmpint (rating->items[8], ==, 3);
  rating = g_ptr_array_index (stored, 1);
  g_assert_cmpint (rating->total, ==, 0);
  stored_sessions = ebb_store_list_sessions (f->store, patient->id, &error);
  g_assert_no_error (error);
  session = g_ptr_array_index (stored_sessions, 0);
  g_assert_cmpuint (session->readings->len, ==, 1);
  g_assert_true (((EbbReading *) g_ptr_array_index (session->readings, 0))->pre_dose);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (session->readings, 0))->systolic, ==, 128);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (session->readings, 0))->diastolic, ==, 82);
}

/* What the store refuses of a row that passed the import's own checks
 * (its bounds on doses and lengths) is a problem of that row, named by
 * file and line, and the rows after it are still checked; it stopped the
 * import with an unplaced message. */
static void
test_store_refusals_located (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *sessions = write_file (f, "sessions.csv",
    "patient,date,status,phase,route,dose_mg\n"
    "K-1,2026-03-02,done,induction,iv,100000\n"
    "K-1,2026-03-03,done,induction,iv,-0\n");
  g_autoptr(GString) long_name = g_string_new ("patient,name\nK-2,");
  g_autofree char *patients = NULL;
  const char *session_paths[] = { sessions, NULL };
  const char *patient_paths[] = { NULL, NULL };
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *e1 = g_strdup_printf ("%s:2: row: A dose of 100000 mg IV is not plausible: Ebb takes up to "
                                         "200 mg IV. Check the number", sessions);
  g_autofree char *e2 = g_strdup_printf ("%s:3: dose_mg: “-0” is not a dose: a dose is the amount given, in mg, "
                                         "and has no minus sign; write 0 when none was given", sessions);
  g_autofree char *e3 = NULL;
  const char *want_sessions[] = { e1, e2, NULL };
  const char *want_patients[] = { NULL, NULL };

  g_assert_false (import_strv (f->store, session_paths, NULL, &p1, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  assert_problems (p1, want_sessions);
  g_clear_error (&error);

  for (guint i = 0; i < 121; i++)
    g_string_append_c (long_name, 'x');
  g_string_append_c (long_name, '\n');
  patients = write_file (f, "patients.csv", long_name->str);
  patient_paths[0] = patients;
  e3 = g_strdup_printf ("%s:2: row: Too long: the patient name may have at most 120 characters", patients);
  want_patients[0] = e3;
  g_assert_false (import_strv (f->store, patient_paths, NULL, &p2, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  assert_problems (p2, want_patients);
  assert_counts (f->store, 0, 0, 0);
}

static void
test_problem_cap (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new ("patient,date,scale,score\n");
  g_autofree char *path = NULL;
  const char *paths[2] = { NULL, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  /* 105 bad rows, one problem each, and a good one among them. */
  for (guint i = 0; i < 105; i++)
    g_string_append_printf (text, "K-1,2026-01-%02u,MADRS,99\n", i % 28 + 1);
  g_string_append (text, "K-1,2026-01-01,MADRS,9\n");
  path = write_file (f, "many.csv", text->str);
  paths[0] = path;

  g_assert_false (import_strv (f->store, paths, NULL, &problems, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "105 problems in the files; nothing was imported");

  g_assert_cmpuint (problems->len, ==, EBB_IMPORT_MAX_PROBLEMS + 1);
  first = g_strdup_printf ("%s:2: score: MADRS total 99 is out of range: it must be 0–60", path);
  last = g_strdup_printf ("%s:101: score: MADRS total 99 is out of range: it must be 0–60", path);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==, first);
  g_assert_cmpstr (g_ptr_array_index (problems, 99), ==, last);
  g_assert_cmpstr (g_ptr_array_index (problems, 100), ==, "… and 5 more problems");
  assert_counts (f->store, 0, 0, 0);
}

static void
test_unreadable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *good = write_file (f, "patients.csv", "patient,name\nK-1,Ann\n");
  g_autofree char *missing = g_build_filename (f->dir, "no-such.csv", NULL);
  const char *paths[] = { good, missing, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (import_strv (f->store, paths, NULL, &problems, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_cmpuint (problems->len, ==, 0);
  assert_counts (f->store, 0, 0, 0);
}

/* What gets stored --------------------------------------------------------- */

static void
test_unknown_patient_created (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *scores = write_file (f, "scores.csv",
    "patient,date,scale,score,items,note,rater\n"
    "K-9,2026-03-02T09:30,phq9,5,1 1 1 1 1 0 0 0 0,\"pre-dose, calm\",JS\n"
    "K-9,2026-03-09,GAD 7,4,,,\n");
  const char *paths[] = { scores, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  const EbbRating *s;
  EbbImportStats  stats;

  g_assert_true (import_strv (f->store, paths, &stats, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.patients_added, ==, 1);
  g_assert_cmpuint (stats.ratings_added, ==, 2);

  patient = ebb_store_find_patient (f->store, "K-9", &error);
  g_assert_no_error (error);
  g_assert_nonnull (patient);
  g_assert_cmpstr (patient->name, ==, "");
  g_assert_cmpint (patient->birth_year, ==, 0);

  stored = ebb_store_list_ratings (f->store, patient->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 2);
  s = g_ptr_array_index (stored, 0);
  g_assert_cmpstr (s->when_text, ==, "2026-03-02T09:30");
  g_assert_cmpstr (s->scale_id, ==, "PHQ-9");
  g_assert_cmpint (s->total, ==, 5);
  g_assert_cmpuint (s->n_items, ==, 9);
  g_assert_cmpint (s->items[4], ==, 1);
  g_assert_cmpint (s->items[8], ==, 0);
  g_assert_cmpstr (s->note, ==, "pre-dose, calm");
  g_assert_cmpstr (s->rater, ==, "JS");
  s = g_ptr_array_index (stored, 1);
  g_assert_cmpstr (s->scale_id, ==, "GAD-7");
  g_assert_cmpuint (s->n_items, ==, 0);
  g_assert_null (s->note);
  g_assert_null (s->rater);
}

static void
test_columns_any_order (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *sessions = write_file (f, "sessions.csv",
    "bp_after,route,note,patient,dose_mg,status,date,phase,bp_before\n"
    "118/76,intranasal,\"felt \"\"floaty\"\"\nslept after\",K-1,84,done,2026-03-02,induction,128/82\n"
    ",iv,,K-1,,scheduled,2026-03-09T10:00,maintenance,\n");
  g_autofree char *patients = write_file (f, "patients.csv",
    "notes,patient,birth_year,name\n"
    "\"likes mornings, quiet room\",K-1,1979,\"Doe, Jane\"\n");
  const char *paths[] = { sessions, patients, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  const EbbSession *s;
  EbbImportStats stats;

  g_assert_true (import_strv (f->store, paths, &stats, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.patients_added, ==, 1);
  g_assert_cmpuint (stats.sessions_added, ==, 2);

  patient = ebb_store_find_patient (f->store, "K-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (patient->name, ==, "Doe, Jane");
  g_assert_cmpint (patient->birth_year, ==, 1979);
  g_assert_cmpstr (patient->notes, ==, "likes mornings, quiet room");

  stored = ebb_store_list_sessions (f->store, patient->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 2);
  s = g_ptr_array_index (stored, 0);
  g_assert_cmpstr (s->when_text, ==, "2026-03-02");
  g_assert_cmpint (s->status, ==, EBB_SESSION_DONE);
  g_assert_cmpint (s->phase, ==, EBB_PHASE_INDUCTION);
  g_assert_cmpint (s->route, ==, EBB_ROUTE_INTRANASAL);
  g_assert_cmpfloat (s->dose_mg, ==, 84);
  /* bp_before and bp_after: a reading before dosing and one after it. */
  g_assert_cmpuint (s->readings->len, ==, 2);
  g_assert_true (((EbbReading *) g_ptr_array_index (s->readings, 0))->pre_dose);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (s->readings, 0))->systolic, ==, 128);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (s->readings, 0))->diastolic, ==, 82);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (s->readings, 0))->time, ==, -1);
  g_assert_false (((EbbReading *) g_ptr_array_index (s->readings, 1))->pre_dose);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (s->readings, 1))->systolic, ==, 118);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (s->readings, 1))->diastolic, ==, 76);
  g_assert_cmpstr (s->note, ==, "felt \"floaty\"\nslept after");
  s = g_ptr_array_index (stored, 1);
  g_assert_cmpstr (s->when_text, ==, "2026-03-09T10:00");
  g_assert_cmpint (s->status, ==, EBB_SESSION_SCHEDULED);
  g_assert_cmpint (s->phase, ==, EBB_PHASE_MAINTENANCE);
  g_assert_cmpint (s->route, ==, EBB_ROUTE_IV);
  g_assert_cmpfloat (s->dose_mg, <, 0);
  g_assert_cmpuint (s->readings->len, ==, 0);
  g_assert_null (s->note);
}

static void
test_bom_crlf (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *scores = write_file (f, "excel.csv",
    "\xEF\xBB\xBFpatient,date,scale,score\r\n"
    "K-1,2026-03-02,MADRS,30\r\n"
    "\r\n"
    "K-1 , 2026-03-09 , madrs , 12 \r\n");
  g_autofree char *bad = write_file (f, "excel-bad.csv",
    "\xEF\xBB\xBFpatient,date,scale,score\r\n"
    "K-1,2026-03-02,MADRS,30\r\n"
    "\r\n"
    "K-1,2026-03-09,MADRS,61\r\n");
  const char *paths[] = { scores, NULL };
  const char *bad_paths[] = { bad, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) bad_problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autofree char *expected = g_strdup_printf ("%s:4: score: MADRS total 61 is out of range: it must be 0–60", bad);
  const char *want[] = { expected, NULL };
  const EbbRating *s;
  EbbImportStats  stats;

  /* Line numbers count the blank line. */
  g_assert_false (import_strv (f->store, bad_paths, NULL, &bad_problems, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  assert_problems (bad_problems, want);
  g_clear_error (&error);

  g_assert_true (import_strv (f->store, paths, &stats, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.ratings_added, ==, 2);
  stored = ebb_store_list_ratings (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 2);
  s = g_ptr_array_index (stored, 1);
  g_assert_cmpstr (s->when_text, ==, "2026-03-09");
  g_assert_cmpstr (s->scale_id, ==, "MADRS");
  g_assert_cmpint (s->total, ==, 12);
}

static void
test_patients_updated (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *first = write_file (f, "first.csv",
    "patient,date,scale,score\n"
    "K-1,2026-03-02,MADRS,30\n");
  g_autofree char *named = write_file (f, "named.csv",
    "patient,name,birth_year,notes\n"
    "K-1,Ann Lee,1980,\n"
    "K-2,Bo Yu,,\n");
  /* Without birth_year and notes columns: those values are kept. */
  g_autofree char *renamed = write_file (f, "renamed.csv",
    "patient,name\n"
    "K-1,Ann Lee-Smith\n"
    "K-2,Bo Yu\n");
  const char *paths1[] = { first, NULL };
  const char *paths2[] = { named, NULL };
  const char *paths3[] = { renamed, NULL };
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  g_autoptr(GPtrArray) p3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  EbbImportStats stats;

  g_assert_true (import_strv (f->store, paths1, &stats, &p1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.patients_added, ==, 1);

  g_assert_true (import_strv (f->store, paths2, &stats, &p2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.patients_added, ==, 1);
  g_assert_cmpuint (stats.patients_updated, ==, 1);

  g_assert_true (import_strv (f->store, paths3, &stats, &p3, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.patients_added, ==, 0);
  g_assert_cmpuint (stats.patients_updated, ==, 1);

  patient = ebb_store_find_patient (f->store, "K-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (patient->name, ==, "Ann Lee-Smith");
  g_assert_cmpint (patient->birth_year, ==, 1980);
  assert_counts (f->store, 2, 0, 1);
}

static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  /* A row that says again what is stored, or what an earlier row of the
   * same import said, is skipped (issue 15, finding 8); a row that differs
   * only in its dose or its items is not a duplicate, nor is one that
   * differs only in its note. */
  g_autofree char *sessions = write_file (f, "sessions.csv",
    "patient,date,status,phase,route,dose_mg\n"
    "K-1,2026-03-02,done,induction,iv,50\n"
    "K-1,2026-03-02,done,induction,iv,50\n");
  g_autofree char *more = write_file (f, "more.csv",
    "patient,date,status,phase,route,dose_mg,note\n"
    "K-1,2026-03-02,done,induction,iv,50,a note is not part of the match\n"
    "K-1,2026-03-02,done,induction,iv,50.5,\n"
    "K-1,2026-03-02,done,induction,iv,50,\n"
    "K-1,2026-03-02,done,induction,iv,50.5,\n");
  g_autofree char *scores = write_file (f, "scores.csv",
    "patient,date,scale,score,items\n"
    "K-1,2026-03-02,PHQ-9,5,1 1 1 1 1 0 0 0 0\n"
    "K-1,2026-03-02,PHQ-9,5,\n");
  const char *paths[] = { sessions, scores, NULL };
  const char *more_paths[] = { more, scores, NULL };
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  g_autoptr(GPtrArray) p3 = NULL;
  g_autoptr(GError) error = NULL;
  EbbImportStats stats;

  /* The second equal session within the file is the first one again. */
  g_assert_true (import_strv (f->store, paths, &stats, &p1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sessions_added, ==, 1);
  g_assert_cmpuint (stats.ratings_added, ==, 2);
  g_assert_cmpuint (stats.duplicates_skipped, ==, 1);

  g_assert_true (import_strv (f->store, paths, &stats, &p2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sessions_added, ==, 0);
  g_assert_cmpuint (stats.ratings_added, ==, 0);
  g_assert_cmpuint (stats.duplicates_skipped, ==, 4);

  /* 50.5 mg is new once; the rest was said before. */
  g_assert_true (import_strv (f->store, more_paths, &stats, &p3, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sessions_added, ==, 1);
  g_assert_cmpuint (stats.duplicates_skipped, ==, 3 + 2);
  assert_counts (f->store, 1, 2, 2);
}

/* One moment written three ways is one rating, stored in one form; the
 * same file given twice adds its rows once (issue 15, finding 8). */
static void
test_duplicate_spellings (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *scores = write_file (f, "scores.csv",
    "patient,date,scale,score\n"
    "K-1,2026-03-02T10:00,MADRS,20\n"
    "K-1,2026-03-02 10:00,MADRS,20\n"
    "K-1,2026-03-02T10:00:00,MADRS,20\n"
    "K-1,2026-03-02T10:00:30,MADRS,20\n"
    "K-1,2026-03-02T10:00:30.25,MADRS,20\n"
    "K-1,2026-03-03 09:05,MADRS,18\n");
  g_autofree char *sessions = write_file (f, "sessions.csv",
    "patient,date,status,phase,route\n"
    "K-1,2026-03-02T09:00,done,induction,iv\n"
    "K-1,2026-03-02T09:00:00,done,induction,iv\n");
  const char *paths[] = { scores, sessions, scores, sessions, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  EbbImportStats stats;

  g_assert_true (import_strv (f->store, paths, &stats, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.ratings_added, ==, 3);
  g_assert_cmpuint (stats.sessions_added, ==, 1);
  /* 3 + 1 in the first copies, 6 + 2 in the second. */
  g_assert_cmpuint (stats.duplicates_skipped, ==, 12);

  stored = ebb_store_list_ratings (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 3);
  g_assert_cmpstr (((EbbRating *) g_ptr_array_index (stored, 0))->when_text, ==, "2026-03-02T10:00");
  g_assert_cmpstr (((EbbRating *) g_ptr_array_index (stored, 1))->when_text, ==, "2026-03-02T10:00:30");
  g_assert_cmpstr (((EbbRating *) g_ptr_array_index (stored, 2))->when_text, ==, "2026-03-03T09:05");
  g_clear_pointer (&stored, g_ptr_array_unref);
  stored = ebb_store_list_sessions (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_assert_cmpstr (((EbbSession *) g_ptr_array_index (stored, 0))->when_text, ==, "2026-03-02T09:00");

  /* A later import in yet another spelling finds them too. */
  {
    g_autofree char *again = write_file (f, "again.csv",
      "patient,date,scale,score\n"
      "K-1,2026-03-03T09:05:00,MADRS,18\n");
    const char *again_paths[] = { again, NULL };
    g_autoptr(GPtrArray) p2 = NULL;

    g_assert_true (import_strv (f->store, again_paths, &stats, &p2, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (stats.ratings_added, ==, 0);
    g_assert_cmpuint (stats.duplicates_skipped, ==, 1);
  }
}

/* An import is one entry of the audit trail, not one per row: the files'
 * names and SHA-256, the counts, who and where; each row it added keeps
 * its id, and a patient's trail shows the import that brought its
 * records.  Changes and deletions after it have an entry each, with the
 * values before. */
static void
test_one_audit_entry (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *patients = write_file (f, "patients.csv", "patient,name\nK-1,Ann\n");
  g_autofree char *scores = write_file (f, "scores.csv",
    "patient,date,scale,score\n"
    "K-1,2026-03-02,MADRS,20\n"
    "K-2,2026-03-02,MADRS,30\n");
  const char *paths[] = { patients, scores, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) trail = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(EbbPatient) ann = NULL;
  g_autoptr(EbbPatient) bo = NULL;
  g_autoptr(EbbRating) changed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *user_name = ebb_test_audit_user_name (f->db);
  const EbbAuditEntry *entry;
  EbbImportStats stats;
  gint64 import_id;

  g_assert_true (import_strv (f->store, paths, &stats, &problems, &error));
  g_assert_no_error (error);

  audit = ebb_store_list_audit (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  entry = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (entry->action, ==, "import");
  g_assert_cmpstr (entry->table_name, ==, "import");
  g_assert_null (entry->patient_code);
  g_assert_null (entry->before);
  g_assert_cmpstr (entry->user_name, ==, user_name);
  g_assert_cmpstr (entry->host_name, ==, g_get_host_name ());
  g_assert_cmpuint (strlen (entry->hash), ==, 64);
  expected = g_strdup_printf ("{\"file1\":\"%s\","
                              "\"file1_sha256\":\"da33954cc1d7a43d107014b228e329c2bf61284269bcffdf4170f8f248661d31\","
                              "\"file2\":\"%s\","
                              "\"file2_sha256\":\"8da78577ca339a18b84a09d126fe9cc066291d01397a4082a0e0ace8aa9b381e\","
                              "\"patients_added\":2,\"patients_updated\":0,\"sessions_added\":0,"
                              "\"ratings_added\":2,\"course_ends_added\":0,\"duplicates_skipped\":0}",
                              patients, scores);
  g_assert_cmpstr (entry->after, ==, expected);
  import_id = entry->row_id;
  g_assert_cmpint (import_id, ==, 1);

  /* Every row it added keeps its id. */
  g_assert_cmpint (sql_count (f->db, "SELECT count(*) FROM patient WHERE import_id = 1"), ==, 2);
  g_assert_cmpint (sql_count (f->db, "SELECT count(*) FROM rating WHERE import_id = 1"), ==, 2);
  g_assert_cmpint (sql_count (f->db, "SELECT count(*) FROM rating WHERE import_id IS NULL"), ==, 0);

  /* Bo came with the scores file: her trail says so. */
  bo = ebb_store_find_patient (f->store, "K-2", &error);
  g_assert_no_error (error);
  trail = ebb_store_list_audit (f->store, bo->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trail->len, ==, 1);
  g_assert_cmpstr (((EbbAuditEntry *) g_ptr_array_index (trail, 0))->action, ==, "import");
  g_clear_pointer (&trail, g_ptr_array_unref);

  /* An edit after it: one entry, with the value before. */
  ann = ebb_store_find_patient (f->store, "K-1", &error);
  g_assert_no_error (error);
  stored = ebb_store_list_ratings (f->store, ann->id, &error);
  g_assert_no_error (error);
  changed = ebb_rating_copy (g_ptr_array_index (stored, 0));
  changed->total = 22;
  g_assert_true (ebb_store_update_rating (f->store, changed, &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_delete_rating (f->store, changed->id, &error));
  g_assert_no_error (error);

  trail = ebb_store_list_audit (f->store, ann->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trail->len, ==, 3);
  g_assert_cmpstr (((EbbAuditEntry *) g_ptr_array_index (trail, 0))->action, ==, "import");
  entry = g_ptr_array_index (trail, 1);
  g_assert_cmpstr (entry->action, ==, "update");
  g_assert_nonnull (strstr (entry->before, "\"total\":20"));
  g_assert_nonnull (strstr (entry->after, "\"total\":22"));
  entry = g_ptr_array_index (trail, 2);
  g_assert_cmpstr (entry->action, ==, "delete");
  g_assert_nonnull (strstr (entry->before, "\"total\":22"));
  g_assert_null (entry->after);

  /* Importing what is stored changes nothing and leaves no entry. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  {
    const char *again[] = { patients, NULL };

    g_assert_true (import_strv (f->store, again, &stats, &problems, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (count_audit (f->store), ==, 3);
  g_assert_cmpint (sql_count (f->db, "SELECT count(*) FROM import"), ==, 1);
}

/* A time with a zone is refused: Ebb keeps the clinic's local time, and
 * dropping the zone moved 03:00Z and 19:00-08:00, one moment, to two days. */
static void
test_time_zones_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *scores = write_file (f, "scores.csv",
    "patient,date,scale,score\n"
    "K-1,2026-11-20T03:00Z,MADRS,20\n"
    "K-1,2026-11-19T19:00-08:00,MADRS,20\n"
    "K-1,2026-11-20T04:00:00+0100,MADRS,20\n"
    "K-1,2026-11-20T05:00:00.5+01,MADRS,20\n"
    "K-1,2026-11-20,MADRS,20\n");
  g_autofree char *sessions = write_file (f, "sessions.csv",
    "patient,date,status,phase,route\n"
    "K-1,2026-11-20 09:00z,done,induction,iv\n");
  /* The value only in part, as every message quotes one; the zone whole. */
#define ZONE_PROBLEM(file, line, start, zone) \
  g_strdup_printf ("%s:" #line ": date: “" start "…” has a time zone (" zone "): give the " \
                   "clinic's local time without a zone, as YYYY-MM-DDTHH:MM", file)
  g_autofree char *e1 = ZONE_PROBLEM (scores, 2, "2026-11-20T03:00", "Z");
  g_autofree char *e2 = ZONE_PROBLEM (scores, 3, "2026-11-19T19:00", "-08:00");
  g_autofree char *e3 = ZONE_PROBLEM (scores, 4, "2026-11-20T04:00", "+0100");
  g_autofree char *e4 = ZONE_PROBLEM (scores, 5, "2026-11-20T05:00", "+01");
  g_autofree char *e5 = ZONE_PROBLEM (sessions, 2, "2026-11-20 09:00", "z");
#undef ZONE_PROBLEM
  const char *want[] = { e5, e1, e2, e3, e4, NULL };
  const char *paths[] = { scores, sessions, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (import_strv (f->store, paths, NULL, &problems, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  assert_problems (problems, want);
  assert_counts (f->store, 0, 0, 0);
  g_assert_cmpuint (count_audit (f->store), ==, 0);
}

static void
test_export_values (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *patients = write_file (f, "p.csv",
    "patient,name,birth_year,notes\n"
    "K-2,\" Zoë \",,\"line one\nline two\"\n"
    "K-1,\"Doe, Jane\",1979,\"says \"\"hi\"\"\"\n");
  g_autofree char *sessions = write_file (f, "s.csv",
    "patient,date,status,phase,route,dose_mg,note,bp_before,bp_after\n"
    "K-1,2026-03-09,scheduled,maintenance,im,0.5,,,\n"
    "K-1,2026-03-02T09:30,done,induction,iv,50.000,\"pre, post\",128/82,118/76\n"
    "K-1,2026-03-02,cancelled,induction,oral,37.25,,,\n"
    "K-2,2026-01-01,missed,rescue,sublingual,,,,\n");
  g_autofree char *scores = write_file (f, "c.csv",
    "patient,date,scale,score,items,note,rater\n"
    "K-1,2026-03-02,PHQ-9,5,1 1  1 1 1 0 0 0 0,,JS\n"
    "K-1,2026-03-02,MADRS,20,,,\n"
    "K-1,2026-03-01,CADSS,0,,,\n");
  const char *paths[] = { patients, sessions, scores, NULL };
  g_autofree char *out = make_subdir (f, "out");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *p_text = NULL;
  g_autofree char *s_text = NULL;
  g_autofree char *c_text = NULL;
  g_autofree char *v_text = NULL;

  g_assert_true (import_strv (f->store, paths, NULL, &problems, &error));
  g_assert_no_error (error);
  export_to (f->store, out);

  p_text = read_text (out, "patients.csv");
  s_text = read_text (out, "sessions.csv");
  c_text = read_text (out, "scores.csv");
  v_text = read_text (out, "readings.csv");

  /* Values are trimmed on import, so " Zoë " is stored as "Zoë". */
  g_assert_cmpstr (p_text, ==,
                   "patient,name,birth_year,notes,ended,end_reason\n"
                   "K-1,\"Doe, Jane\",1979,\"says \"\"hi\"\"\",,\n"
                   "K-2,Zoë,,\"line one\nline two\",,\n");
  /* A date without a time comes before the times of that day. */
  g_assert_cmpstr (s_text, ==,
                   "patient,date,status,phase,route,dose_mg,note,drug,duration_min,lot,dose_time,"
                   "discharge_time,sedation,dissociation,respiratory,effects,other_effect,ready_min,"
                   "vitals_ok_before,vitals_ok_discharge,transport_arranged,monitored_by\n"
                   "K-1,2026-03-02,cancelled,induction,oral,37.25,,,,,,,,,,,,,,,,\n"
                   "K-1,2026-03-02T09:30,done,induction,iv,50,\"pre, post\",,,,,,,,,,,,,,,\n"
                   "K-1,2026-03-09,scheduled,maintenance,im,0.5,,,,,,,,,,,,,,,,\n"
                   "K-2,2026-01-01,missed,rescue,sublingual,,,,,,,,,,,,,,,,,\n");
  /* bp_before and bp_after came in as readings, and go out as such. */
  g_assert_cmpstr (v_text, ==,
                   "patient,session_date,time,bp,heart_rate,spo2,pre_dose,note\n"
                   "K-1,2026-03-02T09:30,,128/82,,,yes,\n"
                   "K-1,2026-03-02T09:30,,118/76,,,no,\n");
  g_assert_cmpstr (c_text, ==,
                   "patient,date,scale,score,items,note,rater\n"
                   "K-1,2026-03-01,CADSS,0,,,\n"
                   "K-1,2026-03-02,MADRS,20,,,\n"
                   "K-1,2026-03-02,PHQ-9,5,1 1 1 1 1 0 0 0 0,,JS\n");
}

/* Course ends in the patients file (clinical rules §6) --------------------- */

static GPtrArray *
list_ends (EbbStore   *store,
           const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = ebb_store_find_patient (store, code, &error);
  GPtrArray *ends;

  g_assert_no_error (error);
  ends = ebb_store_list_course_ends (store, patient->id, &error);
  g_assert_no_error (error);
  return ends;
}

static void
assert_end (GPtrArray    *ends,
            guint         index,
            const char   *date,
            EbbEndReason  reason)
{
  const EbbCourseEnd *end = g_ptr_array_index (ends, index);
  g_autofree char *day = ebb_date_format (end->day);

  g_assert_cmpstr (day, ==, date);
  g_assert_cmpint (end->reason, ==, reason);
  g_assert_null (end->note);
}

static void
test_course_ends (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *first = write_file (f, "first.csv",
    "patient,name,ended,end_reason\n"
    "K-1,Ann,2026-03-20,remission\n"
    "K-2,Bo,2026-04-01,\n"
    "K-3,Cy,,\n"
    /* The same end twice in one import is one end. */
    "K-2,Bo,2026-04-01,\n");
  /* Columns in any order, the reason in any case. */
  g_autofree char *later = write_file (f, "later.csv",
    "end_reason,ended,name,patient\n"
    "Stopped-By-Patient,2026-06-30,Ann,K-1\n"
    "moved,2026-04-01,Bo,K-2\n");
  /* Without the columns, a patients file says nothing about ends. */
  g_autofree char *plain = write_file (f, "plain.csv",
    "patient,name\n"
    "K-1,Ann\n");
  const char *paths1[] = { first, NULL };
  const char *paths2[] = { later, NULL };
  const char *paths3[] = { plain, NULL };
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  g_autoptr(GPtrArray) p3 = NULL;
  g_autoptr(GPtrArray) p4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ann = NULL;
  g_autoptr(GPtrArray) bo = NULL;
  g_autoptr(GPtrArray) cy = NULL;
  EbbImportStats stats;
  guint audit;

  g_assert_true (import_strv (f->store, paths1, &stats, &p1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.patients_added, ==, 3);
  g_assert_cmpuint (stats.course_ends_added, ==, 2);

  /* Again: nothing new. */
  audit = count_audit (f->store);
  g_assert_true (import_strv (f->store, paths1, &stats, &p2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.course_ends_added, ==, 0);
  g_assert_cmpuint (count_audit (f->store), ==, audit);

  /* A later end is added beside the earlier one; an end on a day that
   * has one already is not new, and leaves the stored one as it was. */
  g_assert_true (import_strv (f->store, paths2, &stats, &p3, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.course_ends_added, ==, 1);
  g_assert_cmpuint (stats.patients_updated, ==, 0);
  g_assert_true (import_strv (f->store, paths3, &stats, &p4, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.course_ends_added, ==, 0);

  ann = list_ends (f->store, "K-1");
  g_assert_cmpuint (ann->len, ==, 2);
  assert_end (ann, 0, "2026-03-20", EBB_END_REASON_REMISSION);
  assert_end (ann, 1, "2026-06-30", EBB_END_REASON_STOPPED_BY_PATIENT);
  bo = list_ends (f->store, "K-2");
  g_assert_cmpuint (bo->len, ==, 1);
  assert_end (bo, 0, "2026-04-01", EBB_END_REASON_NONE);
  cy = list_ends (f->store, "K-3");
  g_assert_cmpuint (cy->len, ==, 0);
}

static void
test_course_end_problems (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *bad = write_file (f, "bad.csv",
    "patient,name,ended,end_reason\n"
    "K-1,Ann,2026-02-30,remission\n"
    "K-2,Bo,20/03/2026,\n"
    "K-3,Cy,2026-03-20T10:00,\n"
    "K-4,Di,2026-03-20,cured\n"
    "K-5,Ed,,moved\n"
    "K-6,Flo,2026-03-20,stopped\n"
    "K-7,Gus,2026-03-20,other\n");
  g_autofree char *e1 = g_strdup_printf ("%s:2: ended: “2026-02-30” is not a valid date: use YYYY-MM-DD", bad);
  g_autofree char *e2 = g_strdup_printf ("%s:3: ended: “20/03/2026” is not a valid date: use YYYY-MM-DD", bad);
  g_autofree char *e3 = g_strdup_printf ("%s:4: ended: “2026-03-20T10:00” is not a valid date: use YYYY-MM-DD",
                                         bad);
  g_autofree char *e4 = g_strdup_printf ("%s:5: end_reason: “cured” is not a reason a course ends: use "
                                         "remission, stopped-by-patient, stopped-by-clinician, moved or other",
                                         bad);
  g_autofree char *e5 = g_strdup_printf ("%s:6: end_reason: a reason needs the day the course ended, "
                                         "in the “ended” column", bad);
  g_autofree char *e6 = g_strdup_printf ("%s:7: end_reason: “stopped” is not a reason a course ends: use "
                                         "remission, stopped-by-patient, stopped-by-clinician, moved or other",
                                         bad);
  const char *want[] = { e1, e2, e3, e4, e5, e6, NULL };
  const char *paths[] = { bad, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) ends = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (import_strv (f->store, paths, NULL, &problems, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
  assert_problems (problems, want);
  g_clear_error (&error);
  assert_counts (f->store, 0, 0, 0);
  ends = ebb_store_list_course_ends (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ends->len, ==, 0);
  g_assert_cmpuint (count_audit (f->store), ==, 0);
}

/* The latest end of each patient goes out, and comes back in as it was. */
static void
test_course_ends_round_trip (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *patients = write_file (f, "p.csv",
    "patient,name,birth_year,notes,ended,end_reason\n"
    "K-2,Bo,,,2026-04-01,\n"
    "K-1,Ann,1980,,2026-03-20,remission\n"
    "K-3,Cy,,,,\n");
  g_autofree char *first = make_subdir (f, "first");
  g_autofree char *second = make_subdir (f, "second");
  g_autofree char *db2 = g_build_filename (f->dir, "second.db", NULL);
  g_autofree char *exported = g_build_filename (first, "patients.csv", NULL);
  g_autofree char *s_path = g_build_filename (first, "sessions.csv", NULL);
  g_autofree char *c_path = g_build_filename (first, "scores.csv", NULL);
  const char *paths[] = { patients, NULL };
  const char *again[] = { exported, s_path, c_path, NULL };
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store2 = NULL;
  g_autoptr(EbbPatient) ann = NULL;
  g_autoptr(EbbCourseEnd) later = ebb_course_end_new ();
  g_autoptr(GPtrArray) ends = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  EbbImportStats stats;

  g_assert_true (import_strv (f->store, paths, NULL, &p1, &error));
  g_assert_no_error (error);
  /* Ann's course ended twice; her row carries the later end. */
  ann = ebb_store_find_patient (f->store, "K-1", &error);
  g_assert_no_error (error);
  later->patient_id = ann->id;
  later->day = ebb_date_from_ymd (2026, 9, 15);
  later->reason = EBB_END_REASON_STOPPED_BY_CLINICIAN;
  later->note = g_strdup ("notes stay in the clinic file");
  g_assert_true (ebb_store_add_course_end (f->store, later, &error));
  g_assert_no_error (error);

  export_to (f->store, first);
  a = read_text (first, "patients.csv");
  g_assert_cmpstr (a, ==,
                   "patient,name,birth_year,notes,ended,end_reason\n"
                   "K-1,Ann,1980,,2026-09-15,stopped-by-clinician\n"
                   "K-2,Bo,,,2026-04-01,\n"
                   "K-3,Cy,,,,\n");

  store2 = ebb_store_open (db2, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (import_strv (store2, again, &stats, &p2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.patients_added, ==, 3);
  g_assert_cmpuint (stats.course_ends_added, ==, 2);
  ends = list_ends (store2, "K-1");
  g_assert_cmpuint (ends->len, ==, 1);
  assert_end (ends, 0, "2026-09-15", EBB_END_REASON_STOPPED_BY_CLINICIAN);

  export_to (store2, second);
  b = read_text (second, "patients.csv");
  g_assert_cmpstr (a, ==, b);
}

static void
test_export_missing_dir (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no", "such", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (ebb_export_csv (f->store, missing, &error));
  g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "patients.csv"));
}

/* Rows whose digests collide are told apart by their keys: the same
 * duplicates are found, and nothing else is taken for one. */
static void
test_colliding_duplicates (Fixture       *f,
                           gconstpointer  data)
{
  _ebb_import_set_colliding_digests (TRUE);
  test_duplicates (f, data);
  _ebb_import_set_colliding_digests (FALSE);
}

static void
test_colliding_twice (Fixture       *f,
                      gconstpointer  data)
{
  _ebb_import_set_colliding_digests (TRUE);
  test_import_twice (f, data);
  _ebb_import_set_colliding_digests (FALSE);
}

/* A file read in pieces far shorter than its lines, each piece hashed
 * in a thread while it is parsed: every row as a whole read gives it,
 * notes over several lines included, and the audit entry's SHA-256 that
 * of the whole file. */
static void
test_small_pieces (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GString) contents = g_string_new ("patient,date,scale,score,note\n");
  g_autofree char *scores = NULL;
  g_autofree char *expected_sha256 = NULL;
  g_autofree char *expected_field = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[2] = { NULL, NULL };
  EbbImportStats stats;

  for (guint i = 0; i < 60; i++)
    g_string_append_printf (contents, "K-%u,2026-03-%02u,MADRS,%u,\"seen %u,\nthen again\"\n",
                            i % 4, i % 28 + 1, 10 + i % 30, i);
  scores = write_file (f, "scores.csv", contents->str);
  paths[0] = scores;

  _ebb_import_set_piece_bytes (16);
  g_assert_true (import_strv (f->store, paths, &stats, &problems, &error));
  _ebb_import_set_piece_bytes (0);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (stats.patients_added, ==, 4);
  g_assert_cmpuint (stats.ratings_added, ==, 60);

  stored = ebb_store_list_ratings (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 60);
  for (guint i = 0; i < stored->len; i++)
    {
      const EbbRating *rating = g_ptr_array_index (stored, i);

      g_assert_true (g_str_has_prefix (rating->note, "seen "));
      g_assert_true (g_str_has_suffix (rating->note, ",\nthen again"));
    }

  expected_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, contents->str, contents->len);
  expected_field = g_strdup_printf ("\"file1_sha256\":\"%s\"", expected_sha256);
  audit = ebb_store_list_audit (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_nonnull (strstr (((EbbAuditEntry *) g_ptr_array_index (audit, 0))->after, expected_field));
}

int
main (int   argc,
      char *argv[])
{
  ebb_test_init_backend (argc, argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/import/examples", test_examples);
  ADD ("/import/export-contains-examples", test_export_contains_examples);
  ADD ("/import/export-round-trip", test_export_round_trip);
  ADD ("/import/nameless-round-trip", test_nameless_round_trip);
  ADD ("/import/twice", test_import_twice);
  ADD ("/import/colliding-digests/duplicates", test_colliding_duplicates);
  ADD ("/import/colliding-digests/twice", test_colliding_twice);
  ADD ("/import/bad-rows-change-nothing", test_bad_rows_change_nothing);
  ADD ("/import/one-bad-file", test_one_bad_file);
  ADD ("/import/headers", test_headers);
  ADD ("/import/csv-errors", test_csv_errors);
  ADD ("/import/nul-byte", test_nul_byte);
  ADD ("/import/codes-any-spelling", test_codes_any_spelling);
  ADD ("/import/messages-quote-excerpts", test_messages_quote_excerpts);
  ADD ("/import/leading-zeros", test_leading_zeros);
  ADD ("/import/store-refusals-located", test_store_refusals_located);
  ADD ("/import/problem-cap", test_problem_cap);
  ADD ("/import/unreadable", test_unreadable);
  ADD ("/import/unknown-patient-created", test_unknown_patient_created);
  ADD ("/import/columns-any-order", test_columns_any_order);
  ADD ("/import/bom-crlf", test_bom_crlf);
  ADD ("/import/patients-updated", test_patients_updated);
  ADD ("/import/duplicates", test_duplicates);
  ADD ("/import/duplicate-spellings", test_duplicate_spellings);
  ADD ("/import/time-zones-refused", test_time_zones_refused);
  ADD ("/import/one-audit-entry", test_one_audit_entry);
  ADD ("/import/small-pieces", test_small_pieces);
  ADD ("/import/export-values", test_export_values);
  ADD ("/import/export-missing-dir", test_export_missing_dir);
  ADD ("/import/course-ends", test_course_ends);
  ADD ("/import/course-end-problems", test_course_end_problems);
  ADD ("/import/course-ends-round-trip", test_course_ends_round_trip);

#undef ADD

  return g_test_run ();
}
