/* test-demo.c — the synthetic demo clinic
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ebb-csv.h"
#include "ebb-date.h"
#include "ebb-demo.h"
#include "ebb-flags.h"
#include "ebb-import.h"
#include "ebb-scale.h"
#include "ebb-store.h"
#include "ebb-test-utils.h"

/* Helpers ---------------------------------------------------------------- */

typedef struct
{
  char *dir;   /* a fresh folder per test */
  char *db;    /* dir/demo.db */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ebb-test-demo-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "demo.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ebb_test_remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* A fixed as-of day, and the real one: the demo must have current flags
 * whenever it is made. */
static gint32
fixed_today (void)
{
  return ebb_date_from_ymd (2026, 3, 15);
}

typedef struct
{
  GString *patients;
  GString *sessions;
  GString *scores;
} Csv;

static void
csv_clear (Csv *csv)
{
  g_string_free (csv->patients, TRUE);
  g_string_free (csv->sessions, TRUE);
  g_string_free (csv->scores, TRUE);
}

static void
make_csv (const EbbDemoOptions *options,
          Csv                  *csv)
{
  csv->patients = g_string_new (NULL);
  csv->sessions = g_string_new (NULL);
  csv->scores = g_string_new (NULL);
  ebb_demo_write_csv (options, csv->patients, csv->sessions, csv->scores);
}

/* Writes the files into the fixture's folder and imports them into a new
 * database there, as a user would. */
static EbbStore *
import_csv (Fixture        *f,
            const Csv      *csv,
            EbbImportStats *stats)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *patients = g_build_filename (f->dir, "patients.csv", NULL);
  g_autofree char *sessions = g_build_filename (f->dir, "sessions.csv", NULL);
  g_autofree char *scores = g_build_filename (f->dir, "scores.csv", NULL);
  const char *paths[] = { patients, sessions, scores, NULL };
  gboolean ok;

  g_file_set_contents (patients, csv->patients->str, (gssize) csv->patients->len, &error);
  g_assert_no_error (error);
  g_file_set_contents (sessions, csv->sessions->str, (gssize) csv->sessions->len, &error);
  g_assert_no_error (error);
  g_file_set_contents (scores, csv->scores->str, (gssize) csv->scores->len, &error);
  g_assert_no_error (error);

  store = ebb_store_open (f->db, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  ok = ebb_import_files (store, paths, stats, problems, &error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("import problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (problems->len, ==, 0);
  return g_steal_pointer (&store);
}

static guint
count_lines (const GString *text)
{
  guint n = 0;

  for (gsize i = 0; i < text->len; i++)
    n += text->str[i] == '\n';
  return n;
}

/* Whether @flags has an open flag of @kind for @patient, dated @day (any
 * day when 0). */
static gboolean
has_open_flag (GPtrArray        *flags,
               const EbbPatient *patient,
               EbbFlagKind       kind,
               gint32            day)
{
  for (guint i = 0; i < flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (flags, i);

      if (flag->kind == kind && g_strcmp0 (flag->patient_code, patient->code) == 0 &&
          (day == 0 || flag->day == day) && ebb_flag_is_open (flag))
        return TRUE;
    }
  return FALSE;
}

/* Tests ------------------------------------------------------------------ */

static void
test_deterministic (void)
{
  EbbDemoOptions options;
  Csv a, b, c, d;

  ebb_demo_options_init (&options, fixed_today ());
  make_csv (&options, &a);
  make_csv (&options, &b);
  g_assert_cmpstr (a.patients->str, ==, b.patients->str);
  g_assert_cmpstr (a.sessions->str, ==, b.sessions->str);
  g_assert_cmpstr (a.scores->str, ==, b.scores->str);

  options.seed++;
  make_csv (&options, &c);
  g_assert_cmpstr (a.sessions->str, !=, c.sessions->str);
  g_assert_cmpstr (a.scores->str, !=, c.scores->str);

  /* Only the dates move with the as-of day; a week later is a different
   * file with the same number of rows. */
  ebb_demo_options_init (&options, fixed_today () + 7);
  make_csv (&options, &d);
  g_assert_cmpstr (a.scores->str, !=, d.scores->str);
  g_assert_cmpuint (count_lines (a.scores), ==, count_lines (d.scores));
  g_assert_cmpuint (count_lines (a.sessions), ==, count_lines (d.sessions));

  csv_clear (&a);
  csv_clear (&b);
  csv_clear (&c);
  csv_clear (&d);
}

/* A larger clinic is the small one and more: patients draw from their own
 * generators, so the first sixteen do not change. */
static void
test_prefix_stable (void)
{
  EbbDemoOptions options;
  Csv small, large;
  g_auto(GStrv) small_lines = NULL;
  g_auto(GStrv) large_lines = NULL;

  ebb_demo_options_init (&options, fixed_today ());
  make_csv (&options, &small);
  options.n_patients = 40;
  make_csv (&options, &large);

  small_lines = g_strsplit (small.scores->str, "\n", -1);
  large_lines = g_strsplit (large.scores->str, "\n", -1);
  g_assert_cmpuint (count_lines (small.patients), ==, 1 + EBB_DEMO_DEFAULT_PATIENTS);
  g_assert_cmpuint (count_lines (large.patients), ==, 1 + 40);
  for (guint i = 0; small_lines[i] != NULL && small_lines[i][0] != '\0'; i++)
    g_assert_cmpstr (small_lines[i], ==, large_lines[i]);

  csv_clear (&small);
  csv_clear (&large);
}

static void
test_csv_shape (void)
{
  EbbDemoOptions options;
  Csv csv;
  g_autoptr(EbbCsvReader) reader = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  guint line, n = 0;

  ebb_demo_options_init (&options, fixed_today ());
  make_csv (&options, &csv);

  g_assert_true (g_str_has_prefix (csv.patients->str, "patient,name,birth_year,notes\n"));
  g_assert_true (g_str_has_prefix (csv.sessions->str, "patient,date,status,phase,route,dose_mg"));
  g_assert_true (g_str_has_prefix (csv.scores->str, "patient,date,scale,score,items"));

  /* Every patient is plainly invented. */
  reader = ebb_csv_reader_new (csv.patients->str, csv.patients->len);
  g_assert_true (ebb_csv_reader_next (reader, &fields, &line, &error));
  g_clear_pointer (&fields, g_ptr_array_unref);
  while (ebb_csv_reader_next (reader, &fields, &line, &error))
    {
      g_assert_cmpuint (fields->len, ==, 4);
      g_assert_true (g_str_has_prefix (g_ptr_array_index (fields, 1), "Synthetic Patient "));
      g_assert_true (g_str_has_prefix (g_ptr_array_index (fields, 3), EBB_DEMO_NOTES));
      g_clear_pointer (&fields, g_ptr_array_unref);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, EBB_DEMO_DEFAULT_PATIENTS);

  /* So is every rater: "Demo rater A", or none for self-reports. */
  g_clear_pointer (&reader, ebb_csv_reader_free);
  reader = ebb_csv_reader_new (csv.scores->str, csv.scores->len);
  g_assert_true (ebb_csv_reader_next (reader, &fields, &line, &error));
  g_assert_cmpstr (g_ptr_array_index (fields, 5), ==, "rater");
  g_clear_pointer (&fields, g_ptr_array_unref);
  n = 0;
  while (ebb_csv_reader_next (reader, &fields, &line, &error))
    {
      const char *rater = g_ptr_array_index (fields, 5);

      g_assert_true (rater[0] == '\0' || g_str_has_prefix (rater, "Demo rater "));
      g_clear_pointer (&fields, g_ptr_array_unref);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);

  csv_clear (&csv);
}

static void
test_imports_and_validates (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GPtrArray) open_flags = NULL;
  EbbImportStats stats = { 0 };
  EbbDemoOptions options;
  gint32 today = fixed_today ();
  guint n_items = 0;
  Csv csv;

  /* More patients than the demo, so that the random patterns are covered. */
  ebb_demo_options_init (&options, today);
  options.n_patients = 120;
  options.years = 3;
  make_csv (&options, &csv);
  store = import_csv (f, &csv, &stats);

  g_assert_cmpuint (stats.patients_added, ==, 120);
  g_assert_cmpuint (stats.patients_updated, ==, 0);
  g_assert_cmpuint (stats.duplicates_skipped, ==, 0);
  g_assert_cmpuint (stats.sessions_added, ==, count_lines (csv.sessions) - 1);
  g_assert_cmpuint (stats.ratings_added, ==, count_lines (csv.scores) - 1);
  /* About fifty ratings a patient over up to three years (issue 7). */
  g_assert_cmpuint (stats.ratings_added, >, 120 * 30);
  g_assert_cmpuint (stats.ratings_added, <, 120 * 80);

  patients = ebb_store_list_patients (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, 120);
  for (guint i = 0; i < patients->len; i++)
    g_assert_true (ebb_demo_is_demo_patient (g_ptr_array_index (patients, i)));

  scores = ebb_store_list_ratings (store, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < scores->len; i++)
    {
      const EbbRating *rating = g_ptr_array_index (scores, i);
      const EbbScale *scale = ebb_scale_lookup (rating->scale_id);

      g_assert_nonnull (scale);
      ebb_scale_validate (scale, rating->total, rating->items, rating->n_items, &error);
      g_assert_no_error (error);
      g_assert_cmpint (rating->when.day, <=, today);
      if (rating->n_items > 0)
        {
          g_assert_cmpint (ebb_scale_total_for_items (scale, rating->items), ==, rating->total);
          n_items++;
        }
      /* Totals only for the copyrighted BDI-II. */
      if (g_str_equal (scale->id, "BDI-II"))
        g_assert_cmpuint (rating->n_items, ==, 0);
      /* §1: a total can prove the alert item high (PHQ-9 25: item 9 is at
       * least 1, the other items giving at most 24).  The demo raises its
       * few alerts with the items, so no total alone implies one. */
      if (scale->alert_item > 0 && rating->n_items == 0)
        g_assert_cmpint (rating->total - (scale->total_max - scale->item_max[scale->alert_item - 1]), <,
                         scale->alert_min);
    }
  g_assert_cmpuint (n_items, >, scores->len / 4);

  /* Done sessions up to the as-of day; every patient booked after it, or
   * on Attention for it: lapsed when nothing is booked, unrecorded when a
   * booking has passed (§4.6). */
  sessions = ebb_store_list_sessions (store, 0, &error);
  g_assert_no_error (error);
  open_flags = ebb_flags_scan (store, today, EBB_FLAGS_OPEN, NULL, &error);
  g_assert_no_error (error);
  for (guint p = 0; p < patients->len; p++)
    {
      const EbbPatient *patient = g_ptr_array_index (patients, p);
      gint32 first_done = 0, first_booked = 0, baseline = 0;
      guint n_done = 0;

      for (guint i = 0; i < sessions->len; i++)
        {
          const EbbSession *s = g_ptr_array_index (sessions, i);

          if (s->patient_id != patient->id)
            continue;
          if (s->status == EBB_SESSION_DONE)
            {
              g_assert_cmpint (s->when.day, <, today);
              g_assert_cmpfloat (s->dose_mg, >, 0);
              if (first_done == 0)
                first_done = s->when.day;
              n_done++;
            }
          else if (s->status == EBB_SESSION_SCHEDULED && s->when.day <= today)
            g_assert_true (has_open_flag (open_flags, patient, EBB_FLAG_UNRECORDED, s->when.day));
          else if (s->status == EBB_SESSION_SCHEDULED && first_booked == 0)
            first_booked = s->when.day;
        }
      g_assert_cmpuint (n_done, >=, 1);
      if (first_booked == 0)
        g_assert_true (has_open_flag (open_flags, patient, EBB_FLAG_LAPSED, 0));
      else
        g_assert_cmpint (first_booked, <=, today + 35);

      /* A baseline: a rating on or before the first session, within 30 days. */
      for (guint i = 0; i < scores->len; i++)
        {
          const EbbRating *rating = g_ptr_array_index (scores, i);

          if (rating->patient_id == patient->id && rating->when.day <= first_done &&
              rating->when.day >= first_done - 30)
            baseline = rating->when.day;
        }
      g_assert_cmpint (baseline, ==, first_done);
    }

  csv_clear (&csv);
}

/* Counts the flags on Attention by kind and the cards by section, and
 * checks what every card must be under §5: one per patient, only open
 * and undecided flags of that patient, most urgent first, and the cards
 * in the order of the sections. */
static void
count_attention (GPtrArray *items,
                 guint      kinds[EBB_N_FLAG_KINDS],
                 guint      sections[3])
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  memset (kinds, 0, EBB_N_FLAG_KINDS * sizeof (guint));
  memset (sections, 0, 3 * sizeof (guint));
  for (guint i = 0; i < items->len; i++)
    {
      const EbbAttentionItem *item = g_ptr_array_index (items, i);

      g_assert_true (g_hash_table_add (seen, item->patient->code));
      g_assert_cmpint (item->section, <=, EBB_ATTENTION_LOST);
      if (i > 0)
        g_assert_cmpint (((const EbbAttentionItem *) g_ptr_array_index (items, i - 1))->section, <=,
                         item->section);
      sections[item->section]++;

      g_assert_cmpuint (item->flags->len, >, 0);
      for (guint j = 0; j < item->flags->len; j++)
        {
          const EbbFlag *flag = g_ptr_array_index (item->flags, j);

          g_assert_cmpint (flag->kind, <, EBB_N_FLAG_KINDS);
          g_assert_true (ebb_flag_is_open (flag));
          g_assert_null (flag->decision);
          g_assert_cmpstr (flag->patient_code, ==, item->patient->code);
          if (j > 0)
            g_assert_cmpint (ebb_flag_compare_urgency (g_ptr_array_index (item->flags, j - 1), flag), <=, 0);
          kinds[flag->kind]++;
        }
    }
}

static gboolean
on_attention (GPtrArray        *items,
              const EbbPatient *patient)
{
  for (guint i = 0; i < items->len; i++)
    {
      const EbbAttentionItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->patient->code, patient->code))
        return TRUE;
    }
  return FALSE;
}

/* The demo's promise: Attention shows every kind of flag of the rules
 * (version 2 has ten), in each of its three sections, with exactly one
 * suicide-item alert at the top, and some patients need no attention. */
static void
check_attention (const char *path,
                 gint32      today)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  const EbbAttentionItem *first;
  guint kinds[EBB_N_FLAG_KINDS], sections[3], n_durable = 0;

  store = ebb_store_open (path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  items = ebb_flags_attention (store, today, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (items);

  count_attention (items, kinds, sections);
  for (guint k = 0; k < EBB_N_FLAG_KINDS; k++)
    {
      g_test_message ("%s: %u on Attention", ebb_flag_kind_to_string (k), kinds[k]);
      g_assert_cmpuint (kinds[k], >=, 1);
    }
  g_assert_cmpuint (kinds[EBB_FLAG_SUICIDE_ITEM], ==, 1);
  g_assert_cmpuint (sections[EBB_ATTENTION_NOW], >=, 1);
  g_assert_cmpuint (sections[EBB_ATTENTION_EARLIER], >=, 1);
  g_assert_cmpuint (sections[EBB_ATTENTION_LOST], >=, 1);

  /* The suicide item heads the list. */
  first = g_ptr_array_index (items, 0);
  g_assert_cmpint (first->section, ==, EBB_ATTENTION_NOW);
  g_assert_cmpint (((const EbbFlag *) g_ptr_array_index (first->flags, 0))->kind, ==,
                   EBB_FLAG_SUICIDE_ITEM);
  g_assert_true (ebb_demo_is_demo_patient (first->patient));

  /* Not everyone needs attention: the durable responders with nothing
   * else going on do not. */
  g_assert_cmpuint (items->len, <, EBB_DEMO_DEFAULT_PATIENTS);
  patients = ebb_store_list_patients (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < patients->len; i++)
    {
      const EbbPatient *patient = g_ptr_array_index (patients, i);

      if (g_str_has_suffix (patient->notes, "(durable response between sessions)"))
        {
          g_assert_false (on_attention (items, patient));
          n_durable++;
        }
    }
  g_assert_cmpuint (n_durable, >=, 2);
}

static void
test_create_has_current_flags (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_demo_create (f->db, fixed_today (), &error));
  g_assert_no_error (error);
  check_attention (f->db, fixed_today ());

  /* Made again on another day (the real today), over the old demo. */
  g_assert_true (ebb_demo_create (f->db, ebb_date_today (), &error));
  g_assert_no_error (error);
  check_attention (f->db, ebb_date_today ());
}

static void
test_create_replaces_demo (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  EbbDemoOptions options;
  EbbImportStats stats = { 0 };

  ebb_demo_options_init (&options, fixed_today ());
  options.n_patients = 30;
  g_assert_true (ebb_demo_create_full (f->db, &options, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.patients_added, ==, 30);

  /* A fresh database, not the old one with more rows in it. */
  g_assert_true (ebb_demo_create (f->db, fixed_today (), &error));
  g_assert_no_error (error);
  store = ebb_store_open (f->db, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  patients = ebb_store_list_patients (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, EBB_DEMO_DEFAULT_PATIENTS);
}

/* An empty file (as made by mktemp) has nothing to lose. */
static void
test_create_over_empty_file (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->db, "", 0, &error);
  g_assert_no_error (error);
  g_assert_true (ebb_demo_create (f->db, fixed_today (), &error));
  g_assert_no_error (error);
}

static void
assert_file_is (const char *path,
                const char *expected,
                gsize       length)
{
  g_autofree char *contents = NULL;
  gsize n = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, &n, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, n, expected, length);
}

static void
test_refuses_other_file (Fixture       *f,
                         gconstpointer  data)
{
  static const char text[] = "patient,name\nK-0001,Somebody real\n";
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->db, text, sizeof text - 1, &error);
  g_assert_no_error (error);

  g_assert_false (ebb_demo_create (f->db, fixed_today (), &error));
  g_assert_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_NOT_EBB);
  g_assert_nonnull (strstr (error->message, f->db));
  assert_file_is (f->db, text, sizeof text - 1);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static void
test_refuses_other_database (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize n_before = 0, n_after = 0;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"
                                     "INSERT INTO notes (text) VALUES ('keep me');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_file_get_contents (f->db, &before, &n_before, &error);
  g_assert_no_error (error);

  g_assert_false (ebb_demo_create (f->db, fixed_today (), &error));
  g_assert_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_NOT_EBB);

  g_file_get_contents (f->db, &after, &n_after, NULL);
  g_assert_cmpmem (before, n_before, after, n_after);
}

static void
test_refuses_real_clinic (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients = NULL;

  {
    g_autoptr(EbbStore) store = ebb_store_open (f->db, EBB_STORE_OPEN_CREATE, &error);
    g_autoptr(EbbPatient) patient = ebb_patient_new ("K-0042", "A real patient");

    g_assert_no_error (error);
    g_assert_true (ebb_store_add_patient (store, patient, &error));
    g_assert_no_error (error);
  }

  g_assert_false (ebb_demo_check_replaceable (f->db, &error));
  g_assert_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_NOT_DEMO);
  g_clear_error (&error);

  g_assert_false (ebb_demo_create (f->db, fixed_today (), &error));
  g_assert_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_NOT_DEMO);

  {
    g_autoptr(GError) local_error = NULL;
    g_autoptr(EbbStore) store = ebb_store_open (f->db, EBB_STORE_OPEN_READ_ONLY, &local_error);

    g_assert_no_error (local_error);
    patients = ebb_store_list_patients (store, &local_error);
    g_assert_no_error (local_error);
    g_assert_cmpuint (patients->len, ==, 1);
    g_assert_cmpstr (((EbbPatient *) g_ptr_array_index (patients, 0))->code, ==, "K-0042");
  }
}

/* An Ebb clinic without patients yet may become the demo. */
static void
test_replaces_empty_clinic (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(EbbStore) store = ebb_store_open (f->db, EBB_STORE_OPEN_CREATE, &error);

    g_assert_no_error (error);
  }
  g_assert_true (ebb_demo_check_replaceable (f->db, &error));
  g_assert_no_error (error);
  g_assert_true (ebb_demo_create (f->db, fixed_today (), &error));
  g_assert_no_error (error);
}

static void
test_refuses_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ebb_demo_create (f->dir, fixed_today (), &error));
  g_assert_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_NOT_EBB);
  g_assert_true (g_file_test (f->dir, G_FILE_TEST_IS_DIR));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/demo/csv/deterministic", test_deterministic);
  g_test_add_func ("/demo/csv/prefix-stable", test_prefix_stable);
  g_test_add_func ("/demo/csv/shape", test_csv_shape);
  ADD ("/demo/csv/imports-and-validates", test_imports_and_validates);
  ADD ("/demo/create/current-flags", test_create_has_current_flags);
  ADD ("/demo/create/replaces-demo", test_create_replaces_demo);
  ADD ("/demo/create/over-empty-file", test_create_over_empty_file);
  ADD ("/demo/create/replaces-empty-clinic", test_replaces_empty_clinic);
  ADD ("/demo/create/refuses-other-file", test_refuses_other_file);
  ADD ("/demo/create/refuses-other-database", test_refuses_other_database);
  ADD ("/demo/create/refuses-real-clinic", test_refuses_real_clinic);
  ADD ("/demo/create/refuses-folder", test_refuses_folder);

#undef ADD

  return g_test_run ();
}
