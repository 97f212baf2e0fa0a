/* fuzz-csv.c — a libFuzzer target for the CSV reader and the import
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each input is read as CSV, then imported into a clinic.  Besides not
 * crashing (AddressSanitizer and UndefinedBehaviorSanitizer watch every
 * byte), the code must keep its promises:
 *
 *  - a file the reader takes without complaint is written back by
 *    ebb_csv_append_row() to a text that reads as the same records;
 *  - line numbers never go backwards;
 *  - every field, taken as a date, a patient code or a value quoted in a
 *    message, comes out normalised (issue 15): a date Ebb takes is in
 *    1900–2199 and reads back the same written canonically; a code it
 *    takes is in its one form, which normalises to itself, with nothing
 *    invisible in it; an excerpt is short, valid and clean;
 *  - an import either succeeds with no problems, or fails with an error
 *    and, for bad rows, every problem as "FILE:LINE: column: message";
 *    and whatever it did, the clinic passes its check afterwards.
 *
 * The clinic is a temporary database made once; every import runs in a
 * transaction that is rolled back, so every input meets the same clinic
 * (which already knows some patients, sessions and ratings, so that
 * updates and duplicates are reached too).
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ebb-csv.h"
#include "ebb-date.h"
#include "ebb-import.h"
#include "ebb-patient.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static EbbStore *store;
static char *dir;
static char *csv_path;

static const char seed_patients[] =
  "patient,name,birth_year,notes\n"
  "K-0001,Ada,1970,\n"
  "K-0002,\"Ben, Jr.\",1985,\"note with \"\"quotes\"\"\"\n";
static const char seed_sessions[] =
  "patient,date,status,phase,route,dose_mg,note,bp_before,bp_after\n"
  "K-0001,2026-01-05T09:00,done,induction,iv,35,,130/85,128/80\n";
static const char seed_scores[] =
  "patient,date,scale,score,items,note,rater\n"
  "K-0001,2026-01-05,MADRS,30,3 3 3 3 3 3 3 3 3 3,,Dr A\n";

static void
remove_dir (void)
{
  static const char * const names[] = {
    "clinic.db", "clinic.db-wal", "clinic.db-shm", "clinic.db-journal", "input.csv",
    "patients.csv", "sessions.csv", "scores.csv",
  };

  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
write_or_die (const char *path,
              const char *contents,
              gsize       length)
{
  FILE *file = fopen (path, "wb");

  if (file == NULL || fwrite (contents, 1, length, file) != length || fclose (file) != 0)
    {
      fprintf (stderr, "fuzz-csv: cannot write %s\n", path);
      abort ();
    }
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *db = NULL;
  const char *seeds[] = { seed_patients, seed_sessions, seed_scores };
  const char *names[] = { "patients.csv", "sessions.csv", "scores.csv" };
  char *paths[G_N_ELEMENTS (names) + 1] = { NULL };

  dir = g_dir_make_tmp ("ebb-fuzz-csv-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_dir);
  db = g_build_filename (dir, "clinic.db", NULL);
  csv_path = g_build_filename (dir, "input.csv", NULL);

  store = ebb_store_open (db, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      paths[i] = g_build_filename (dir, names[i], NULL);
      write_or_die (paths[i], seeds[i], strlen (seeds[i]));
    }
  if (!ebb_import_files (store, (const char * const *) paths, NULL, problems, &error))
    g_error ("the fuzzer's clinic could not be set up: %s", error->message);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (paths[i]);
}

static GPtrArray *
read_all (const char *text,
          gsize       length,
          gboolean   *clean)
{
  g_autoptr(EbbCsvReader) reader = ebb_csv_reader_new (text, length);
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  guint last_line = 0;

  *clean = TRUE;
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      GPtrArray *fields = NULL;
      guint line = 0;

      if (ebb_csv_reader_next (reader, &fields, &line, &error))
        {
          g_assert_nonnull (fields);
          g_assert_cmpuint (fields->len, >, 0);
          g_ptr_array_add (records, fields);
        }
      else if (error != NULL)
        {
          g_assert_null (fields);
          g_assert_true (error->domain == EBB_CSV_ERROR);
          *clean = FALSE;
        }
      else
        {
          g_assert_null (fields);
          break;
        }
      g_assert_cmpuint (line, >=, last_line);
      g_assert_cmpuint (line, >, 0);
      last_line = line;
    }
  return records;
}

static void
check_round_trip (GPtrArray *records)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) again = NULL;
  gboolean clean;

  for (guint i = 0; i < records->len; i++)
    {
      GPtrArray *fields = g_ptr_array_index (records, i);

      ebb_csv_append_row (out, (const char * const *) fields->pdata, fields->len);
    }

  again = read_all (out->str, out->len, &clean);
  g_assert_true (clean);
  g_assert_cmpuint (again->len, ==, records->len);
  for (guint i = 0; i < records->len; i++)
    {
      GPtrArray *a = g_ptr_array_index (records, i);
      GPtrArray *b = g_ptr_array_index (again, i);

      g_assert_cmpuint (a->len, ==, b->len);
      for (guint j = 0; j < a->len; j++)
        g_assert_cmpstr (g_ptr_array_index (a, j), ==, g_ptr_array_index (b, j));
    }
}

static void
check_date (const char *text)
{
  g_autofree char *canonical = NULL;
  g_autofree char *day = NULL;
  EbbWhen when, again;

  if (!ebb_when_parse (text, &when, NULL))
    return;
  g_assert_cmpint (when.day, >=, ebb_date_from_ymd (EBB_DATE_YEAR_MIN, 1, 1));
  g_assert_cmpint (when.day, <=, ebb_date_from_ymd (EBB_DATE_YEAR_MAX, 12, 31));
  day = ebb_date_format (when.day);
  if (EBB_WHEN_HAS_TIME (&when))
    canonical = g_strdup_printf ("%sT%02d:%02d:%02d", day, when.second / 3600,
                                 when.second / 60 % 60, when.second % 60);
  else
    canonical = g_strdup (day);
  g_assert_true (ebb_when_parse (canonical, &again, NULL));
  g_assert_cmpint (again.day, ==, when.day);
  g_assert_cmpint (again.second, ==, when.second);
}

static void
check_code (const char *text)
{
  g_autofree char *code = ebb_patient_normalise_code (text, NULL);
  g_autofree char *again = NULL;

  if (code == NULL)
    return;
  g_assert_true (g_utf8_validate (code, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (code, -1), >=, 1);
  g_assert_cmpuint (g_utf8_strlen (code, -1), <=, EBB_PATIENT_CODE_MAX);
  g_assert_true (code[0] != ' ' && code[strlen (code) - 1] != ' ');
  for (const char *p = code; *p != '\0'; p = g_utf8_next_char (p))
    g_assert_false (ebb_csv_unichar_is_invisible (g_utf8_get_char (p)));
  again = ebb_patient_normalise_code (code, NULL);
  g_assert_cmpstr (again, ==, code);
}

static void
check_excerpt (const char *text)
{
  g_autofree char *excerpt = ebb_csv_excerpt (text);

  g_assert_true (g_utf8_validate (excerpt, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (excerpt, -1), <=, EBB_CSV_EXCERPT_CHARS + 1);
  for (const char *p = excerpt; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_true (c == ' ' || !ebb_csv_unichar_is_invisible (c));
    }
}

static void
check_normalisation (GPtrArray *records)
{
  for (guint i = 0; i < records->len; i++)
    {
      GPtrArray *fields = g_ptr_array_index (records, i);

      for (guint j = 0; j < fields->len; j++)
        {
          const char *field = g_ptr_array_index (fields, j);

          check_date (field);
          check_code (field);
          check_excerpt (field);
        }
    }
}

static void
check_import (const uint8_t *data,
              size_t         size)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strconcat (csv_path, ":", NULL);
  const char *paths[] = { csv_path, NULL };
  EbbImportStats stats;
  gboolean ok;

  write_or_die (csv_path, (const char *) data, size);

  /* The import's own transaction nests in this one, which is always
   * rolled back: the next input finds the clinic as it was. */
  if (!ebb_store_begin (store, &error))
    g_error ("%s", error->message);
  ok = ebb_import_files (store, paths, &stats, problems, &error);
  ebb_store_rollback (store);

  if (ok)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (problems->len, ==, 0);
    }
  else
    {
      g_assert_nonnull (error);
      if (g_error_matches (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID))
        {
          g_assert_cmpuint (problems->len, >, 0);
          g_assert_cmpuint (problems->len, <=, EBB_IMPORT_MAX_PROBLEMS + 1);
          for (guint i = 0; i < problems->len; i++)
            {
              const char *problem = g_ptr_array_index (problems, i);

              g_assert_true (g_utf8_validate (problem, -1, NULL));
              if (i < EBB_IMPORT_MAX_PROBLEMS)
                g_assert_true (g_str_has_prefix (problem, prefix));
            }
        }
    }
}

static void
check_clinic (void)
{
  static guint n;
  g_autoptr(GError) error = NULL;

  /* The integrity check reads the whole file: now and then is enough to
   * catch a rollback that left something behind. */
  if (n++ % 256 != 0)
    return;
  if (!ebb_store_check (store, NULL, &error))
    g_error ("the clinic failed its check after an import: %s", error->message);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GPtrArray) records = NULL;
  gboolean clean;

  if (store == NULL)
    set_up ();

  records = read_all ((const char *) data, size, &clean);
  if (clean)
    check_round_trip (records);
  check_normalisation (records);

  check_import (data, size);
  check_clinic ();
  return 0;
}
