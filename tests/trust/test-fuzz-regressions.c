/* test-fuzz-regressions.c — what the CSV fuzzer found, as plain tests
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test is one failure fuzz-csv found, reduced to its point and
 * written out by hand; the input itself is kept in regressions/ and
 * replayed by fuzz-csv-replay.
 */
#include "config.h"

#include <string.h>

#include "ebb-csv.h"

static GPtrArray *
read_one (const char *text)
{
  g_autoptr(EbbCsvReader) reader = ebb_csv_reader_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  GPtrArray *fields = NULL;

  g_assert_true (ebb_csv_reader_next (reader, &fields, NULL, &error));
  g_assert_no_error (error);
  return fields;
}

/* regressions/csv-bom-starts-first-field.csv: a file that starts with two
 * byte order marks.  The reader skips the first, as it should, so the
 * first field starts with U+FEFF; the writer wrote that field unquoted,
 * and the reader then skipped its U+FEFF too: the value changed on its
 * way through a file.  A code or a name pasted from another program can
 * carry one. */
static void
test_bom_starts_first_field (void)
{
  const char *fields[] = { "\xEF\xBB\xBFK-0001", "Ada" };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) again = NULL;

  ebb_csv_append_row (out, fields, G_N_ELEMENTS (fields));
  again = read_one (out->str);
  g_assert_cmpuint (again->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (again, 0), ==, fields[0]);
  g_assert_cmpstr (g_ptr_array_index (again, 1), ==, fields[1]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fuzz-regressions/csv/bom-starts-first-field", test_bom_starts_first_field);

  return g_test_run ();
}
