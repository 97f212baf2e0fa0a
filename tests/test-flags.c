/* test-flags.c — the clinic-wide scan, the example clinic, attention order
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ebb-csv.h"
#include "ebb-flags.h"
#include "ebb-import.h"

typedef struct
{
  char     *dir;
  EbbStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("ebb-test-flags-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "clinic.db", NULL);
  f->store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&f->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (f->dir, "/clinic.db", suffixes[i], NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gint32
day (const char *text)
{
  return ebb_date_parse_day (text, NULL);
}

static void
import_examples (Fixture *f)
{
  const char *dir = g_getenv ("EBB_EXAMPLES_DIR");
  g_autofree char *patients = g_build_filename (dir, "patients.csv", NULL);
  g_autofree char *sessions = g_build_filename (dir, "sessions.csv", NULL);
  g_autofree char *scores = g_build_filename (dir, "scores.csv", NULL);
  const char *paths[] = { patients, sessions, scores, NULL };
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  EbbImportStats stats = { 0 };

  g_assert_nonnull (dir);
  ebb_import_files (f->store, paths, &stats, problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The first seven CSV columns of a flag, as `ebb-cli flags --format csv`
 * writes them. */
static char *
flag_row (const EbbFlag *flag)
{
  g_autofree char *date = ebb_date_format (flag->day);
  g_autofree char *session = flag->session_day ? ebb_date_format (flag->session_day) : g_strdup ("");
  g_autofree char *next = flag->next_session_day ? ebb_date_format (flag->next_session_day) : g_strdup ("");
  g_autofree char *early = flag->has_days_early ? g_strdup_printf ("%d", flag->days_early) : g_strdup ("");

  return g_strjoin (",", flag->patient_code, flag->scale->id, ebb_flag_kind_to_string (flag->kind),
                    date, session, next, early, NULL);
}

/* Issue acceptance: the example clinic's flags equal the example files. */
static void
check_example_flags (Fixture    *f,
                     const char *as_of,
                     const char *expected_file)
{
  g_autofree char *path = g_build_filename (g_getenv ("EBB_EXAMPLES_DIR"), expected_file, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(EbbCsvReader) reader = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  guint line, n = 0;

  import_examples (f);
  flags = ebb_flags_scan (f->store, day (as_of), EBB_FLAGS_ALL, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  reader = ebb_csv_reader_new (contents, length);
  g_assert_true (ebb_csv_reader_next (reader, &fields, &line, &error));   /* header */
  g_clear_pointer (&fields, g_ptr_array_unref);

  while (ebb_csv_reader_next (reader, &fields, &line, &error))
    {
      g_autofree char *expected = NULL;
      g_autofree char *actual = NULL;

      g_ptr_array_add (fields, NULL);
      expected = g_strjoinv (",", (char **) fields->pdata);
      g_assert_cmpuint (n, <, flags->len);
      actual = flag_row (g_ptr_array_index (flags, n));
      g_assert_cmpstr (actual, ==, expected);
      g_clear_pointer (&fields, g_ptr_array_unref);
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (flags->len, ==, n);
}

static void
test_example_2026_06_01 (Fixture *f, gconstpointer data)
{
  check_example_flags (f, "2026-06-01", "flags-all-2026-06-01.csv");
}

static void
test_example_2026_11_20 (Fixture *f, gconstpointer data)
{
  check_example_flags (f, "2026-11-20", "flags-all-2026-11-20.csv");
}

/* Helpers to build a small clinic by hand. */
static gint64
add_patient (Fixture    *f,
             const char *code)
{
  g_autoptr(EbbPatient) patient = ebb_patient_new (code, "");
  g_autoptr(GError) error = NULL;

  ebb_store_add_patient (f->store, patient, &error);
  g_assert_no_error (error);
  return patient->id;
}

static void
add_session (Fixture          *f,
             gint64            patient_id,
             const char       *when,
             EbbSessionStatus  status)
{
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_session_set_when (session, when, NULL));
  session->patient_id = patient_id;
  session->status = status;
  session->phase = EBB_PHASE_MAINTENANCE;
  session->route = EBB_ROUTE_IV;
  ebb_store_add_session (f->store, session, &error);
  g_assert_no_error (error);
}

static void
add_score (Fixture    *f,
           gint64      patient_id,
           const char *when,
           int         total,
           const int  *items)
{
  g_autoptr(EbbScore) score = ebb_score_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_score_set_when (score, when, NULL));
  score->patient_id = patient_id;
  score->scale_id = g_strdup ("MADRS");
  score->total = total;
  if (items != NULL)
    ebb_score_set_items (score, items, 10);
  ebb_store_add_score (f->store, score, &error);
  g_assert_no_error (error);
}

/* A patient with baseline 32 (threshold 16), T0 2026-10-01, responding at
 * 12 on 10-05 and a done session on 11-02. */
static gint64
add_responder (Fixture    *f,
               const char *code)
{
  gint64 id = add_patient (f, code);

  add_score (f, id, "2026-09-30", 32, NULL);
  add_session (f, id, "2026-10-01", EBB_SESSION_DONE);
  add_score (f, id, "2026-10-05", 12, NULL);
  add_session (f, id, "2026-11-02", EBB_SESSION_DONE);
  return id;
}

/* As of 2026-11-20:
 *  A: suicide item on 11-10                                → first
 *  E: faded 11-18 with nothing booked                      → second
 *  G: faded 10-20, next session 11-02 has taken place, still not
 *     responding on 11-10 and nothing booked               → third, "Book"
 *  D: faded 11-10, next session 11-16 has taken place, relapse on
 *     11-17 (11-10 and 11-17 above 24), nothing booked     → fourth
 *  B: projected fade 11-21, 9 days before 11-30            → fifth
 *  C: faded 11-18, 2 days before 11-20                     → last
 *  F: faded 10-20, next session 11-02 has taken place,
 *     responding again since                               → not listed
 *  H: as G, with 11-25 booked                              → not listed
 * Fades with nothing booked now come before those with a booking; among
 * them, by days before the session they came before (E had none). */
static void
test_attention_order (Fixture *f, gconstpointer data)
{
  const int alert[10] = { 2, 2, 2, 2, 2, 2, 2, 2, 0, 4 };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "A", "E", "G", "D", "B", "C" };
  gint64 id;

  id = add_responder (f, "A");
  add_score (f, id, "2026-11-10", 20, alert);
  add_session (f, id, "2026-11-30", EBB_SESSION_SCHEDULED);

  id = add_responder (f, "B");
  add_score (f, id, "2026-11-03", 6, NULL);
  add_score (f, id, "2026-11-10", 10, NULL);
  add_score (f, id, "2026-11-17", 14, NULL);
  add_session (f, id, "2026-11-30", EBB_SESSION_SCHEDULED);

  id = add_responder (f, "C");
  add_score (f, id, "2026-11-18", 20, NULL);
  add_session (f, id, "2026-11-20", EBB_SESSION_SCHEDULED);

  id = add_responder (f, "D");
  add_score (f, id, "2026-11-10", 25, NULL);   /* fade (25 − 12 = 13), relapse level (> 24) */
  add_score (f, id, "2026-11-17", 26, NULL);   /* 7 days later: relapse */
  add_session (f, id, "2026-11-16", EBB_SESSION_DONE);

  id = add_responder (f, "E");
  add_score (f, id, "2026-11-18", 20, NULL);

  id = add_patient (f, "F");
  add_score (f, id, "2026-09-30", 32, NULL);
  add_session (f, id, "2026-10-01", EBB_SESSION_DONE);
  add_score (f, id, "2026-10-05", 12, NULL);
  add_score (f, id, "2026-10-20", 20, NULL);
  add_session (f, id, "2026-11-02", EBB_SESSION_DONE);
  add_score (f, id, "2026-11-03", 10, NULL);

  id = add_responder (f, "G");
  add_score (f, id, "2026-10-20", 20, NULL);
  add_score (f, id, "2026-11-10", 22, NULL);

  id = add_responder (f, "H");
  add_score (f, id, "2026-10-20", 20, NULL);
  add_score (f, id, "2026-11-10", 22, NULL);
  add_session (f, id, "2026-11-25", EBB_SESSION_SCHEDULED);

  items = ebb_flags_attention (f->store, day ("2026-11-20"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < items->len; i++)
    {
      const EbbAttentionItem *item = g_ptr_array_index (items, i);

      g_assert_cmpstr (item->patient->code, ==, expected[i]);
      g_assert_nonnull (item->suggestion);
    }
  g_assert_cmpint (((EbbFlag *) g_ptr_array_index (((EbbAttentionItem *) g_ptr_array_index (items, 0))->flags, 0))->kind,
                   ==, EBB_FLAG_SUICIDE_ITEM);
  g_assert_cmpstr (((EbbAttentionItem *) g_ptr_array_index (items, 0))->suggestion, ==,
                   "Call today: assess suicide risk");
  /* A fade its session did not mend, with nothing booked: book one. */
  g_assert_cmpstr (((EbbAttentionItem *) g_ptr_array_index (items, 2))->suggestion, ==,
                   "Book the next session");
  g_assert_false (((EbbAttentionItem *) g_ptr_array_index (items, 2))->booked);
}

/* §5: without --all, flags of the 60 days up to the as-of date. */
static void
test_recent_window (Fixture *f, gconstpointer data)
{
  EbbFlag flag = { .kind = EBB_FLAG_FADED };
  const gint32 as_of = day ("2026-11-20");

  flag.day = as_of - 59;
  g_assert_true (ebb_flag_in_scope (&flag, as_of, EBB_FLAGS_RECENT));
  flag.day = as_of - 60;
  g_assert_false (ebb_flag_in_scope (&flag, as_of, EBB_FLAGS_RECENT));
  g_assert_true (ebb_flag_in_scope (&flag, as_of, EBB_FLAGS_ALL));
  flag.day = as_of + 1;
  g_assert_false (ebb_flag_in_scope (&flag, as_of, EBB_FLAGS_ALL));
  flag.kind = EBB_FLAG_PROJECTED;
  g_assert_true (ebb_flag_in_scope (&flag, as_of, EBB_FLAGS_RECENT));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/flags/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("example/2026-06-01", test_example_2026_06_01);
  ADD ("example/2026-11-20", test_example_2026_11_20);
  ADD ("attention-order", test_attention_order);
  ADD ("recent-window", test_recent_window);
#undef ADD

  return g_test_run ();
}
