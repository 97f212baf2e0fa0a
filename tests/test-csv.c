/* test-csv.c — RFC 4180 reading and writing, with line numbers
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "ebb-csv.h"

/* Reads all of @data and describes what the reader returned, one line per
 * call: "L<line>[field][field]…" for a record, "L<line>!<error code>" for
 * a malformed one.  Expected descriptions are written by hand below. */
static char *
describe (const char *data,
          gsize       length)
{
  g_autoptr(EbbCsvReader) reader = ebb_csv_reader_new (data, length);
  GString *out = g_string_new (NULL);
  guint calls = 0;

  for (;;)
    {
      g_autoptr(GPtrArray) fields = NULL;
      g_autoptr(GError) error = NULL;
      guint line = 0;

      /* A reader that never ends would hang the test: fail instead. */
      calls++;
      g_assert_cmpuint (calls, <, 1000);

      if (ebb_csv_reader_next (reader, &fields, &line, &error))
        {
          g_assert_no_error (error);
          g_assert_nonnull (fields);
          g_string_append_printf (out, "L%u", line);
          for (guint i = 0; i < fields->len; i++)
            g_string_append_printf (out, "[%s]", (const char *) fields->pdata[i]);
          g_string_append_c (out, '\n');
          continue;
        }

      g_assert_null (fields);
      if (error == NULL)
        break;
      g_assert_true (error->domain == EBB_CSV_ERROR);
      /* Every message names its line, in the same words. */
      {
        g_autofree char *prefix = g_strdup_printf ("Line %u: ", line);
        g_assert_true (g_str_has_prefix (error->message, prefix));
      }
      g_string_append_printf (out, "L%u!%s\n", line,
                              error->code == EBB_CSV_ERROR_UNTERMINATED_QUOTE ? "unterminated" :
                              error->code == EBB_CSV_ERROR_STRAY_QUOTE ? "stray" :
                              error->code == EBB_CSV_ERROR_ENCODING ? "encoding" :
                              error->code == EBB_CSV_ERROR_NUL_BYTE ? "nul" : "?");
    }

  return g_string_free (out, FALSE);
}

static void
check (const char *data,
       const char *expected)
{
  g_autofree char *got = describe (data, strlen (data));

  g_assert_cmpstr (got, ==, expected);
}

static void
test_plain (void)
{
  check ("a,b,c\n1,2,3\n", "L1[a][b][c]\nL2[1][2][3]\n");
  check ("", "");
  check ("x", "L1[x]\n");
  /* Spaces are data: trimming is for the caller to decide. */
  check (" a , b\n", "L1[ a ][ b]\n");
}

static void
test_quoted_comma (void)
{
  check ("name,notes\n\"Doe, Jane\",\"a, b, c\"\n",
         "L1[name][notes]\nL2[Doe, Jane][a, b, c]\n");
}

static void
test_doubled_quote (void)
{
  check ("\"say \"\"hi\"\"\",\"\"\"\",\"\"\n",
         "L1[say \"hi\"][\"][]\n");
}

static void
test_embedded_lf (void)
{
  /* The record starts on line 2; the next one is on line 5, not 3. */
  check ("h1,h2\n"
         "a,\"line one\nline two\nline three\"\n"
         "b,c\n",
         "L1[h1][h2]\n"
         "L2[a][line one\nline two\nline three]\n"
         "L5[b][c]\n");
}

static void
test_embedded_crlf (void)
{
  /* CRLF inside quotes is kept as written and counted as one line. */
  check ("h1,h2\r\n"
         "a,\"one\r\ntwo\"\r\n"
         "b,c\r\n",
         "L1[h1][h2]\n"
         "L2[a][one\r\ntwo]\n"
         "L4[b][c]\n");
}

static void
test_bom (void)
{
  check ("\xEF\xBB\xBFpatient,name\nK-1,Ann\n",
         "L1[patient][name]\nL2[K-1][Ann]\n");
  /* Only at the very start: elsewhere it is text. */
  check ("a\n\xEF\xBB\xBF" "b\n", "L1[a]\nL2[\xEF\xBB\xBF" "b]\n");
  /* A BOM alone is an empty file. */
  check ("\xEF\xBB\xBF", "");
}

static void
test_no_final_newline (void)
{
  check ("a,b\nc,d", "L1[a][b]\nL2[c][d]\n");
  check ("a,b\n\"c\",\"d\"", "L1[a][b]\nL2[c][d]\n");
  /* A last empty field after a comma at the very end is still a field. */
  check ("a,", "L1[a][]\n");
}

static void
test_crlf_file (void)
{
  check ("a,b\r\nc,d\r\n\r\ne,f\r\n",
         "L1[a][b]\nL2[c][d]\nL4[e][f]\n");
  /* A lone CR (old Mac spreadsheets) also ends a line. */
  check ("a\rb\r", "L1[a]\nL2[b]\n");
}

static void
test_empty_fields (void)
{
  check (",,\n", "L1[][][]\n");
  check ("a,,c\n\"\",x,\n", "L1[a][][c]\nL2[][x][]\n");
  /* A quoted empty field alone is a record, not a blank line. */
  check ("\"\"\n", "L1[]\n");
}

static void
test_blank_lines (void)
{
  check ("\n\na,b\n\n  \n\t\nc,d\n\n",
         "L3[a][b]\nL7[c][d]\n");
  check ("\r\n\r\n", "");
}

static void
test_unterminated (void)
{
  /* The opening quote's line is reported and reading goes on with the
   * line after it, so the records that the quote swallowed still come. */
  check ("h1,h2\n"
         "a,\"never closed\n"
         "b,c\n"
         "d,e\n",
         "L1[h1][h2]\n"
         "L2!unterminated\n"
         "L3[b][c]\n"
         "L4[d][e]\n");
  check ("\"", "L1!unterminated\n");
}

static void
test_stray_quote (void)
{
  check ("h1,h2\n"
         "a,b\"c\n"
         "d,e\n"
         "\"x\"y,z\n"
         "f,g\n",
         "L1[h1][h2]\n"
         "L2!stray\n"
         "L3[d][e]\n"
         "L4!stray\n"
         "L5[f][g]\n");

  /* In a record spanning lines, the line of the quote is reported and
   * reading goes on after that line. */
  check ("a,\"b\nc\"d,e\n"
         "f\n",
         "L2!stray\n"
         "L3[f]\n");

  /* Error messages say which field. */
  {
    const char *data = "a,b\"c\n";
    g_autoptr(EbbCsvReader) reader = ebb_csv_reader_new (data, strlen (data));
    g_autoptr(GPtrArray) fields = NULL;
    g_autoptr(GError) error = NULL;
    guint line = 0;

    g_assert_false (ebb_csv_reader_next (reader, &fields, &line, &error));
    g_assert_error (error, EBB_CSV_ERROR, EBB_CSV_ERROR_STRAY_QUOTE);
    g_assert_cmpstr (error->message, ==, "Line 1: a quote inside unquoted field 2");
    g_assert_cmpuint (line, ==, 1);
  }
}

static void
test_bad_utf8 (void)
{
  check ("a,b\n"
         "c,\xC3\x28\n"
         "d,e\n",
         "L1[a][b]\n"
         "L2!encoding\n"
         "L3[d][e]\n");

  /* The line of the bad byte, even inside a quoted field over lines. */
  check ("a,\"x\ny\xFF\"\n"
         "b\n",
         "L2!encoding\n"
         "L3[b]\n");

  /* A nul byte is not text either, and is not an encoding to save the
   * file in: it has its own error and words. */
  {
    const char data[] = "a\nb\0c\nd\n";
    g_autofree char *got = describe (data, sizeof data - 1);

    g_assert_cmpstr (got, ==, "L1[a]\nL2!nul\nL3[d]\n");
  }
  /* In a file saved as UTF-16, the zero bytes mean the encoding. */
  {
    const char data[] = "\xFF\xFE" "a\0,\0b\0\n\0";
    g_autofree char *got = describe (data, sizeof data - 1);

    g_assert_cmpstr (got, ==, "L1!encoding\nL2!encoding\n");
  }

  /* Valid multi-byte text passes untouched. */
  check ("Zoë,“quoted”\n", "L1[Zoë][“quoted”]\n");
}

static void
test_several_errors (void)
{
  /* All problems of one file are found in one pass. */
  check ("h\n"
         "a\"\n"
         "\xFF\n"
         "ok\n"
         "\"open\n",
         "L1[h]\n"
         "L2!stray\n"
         "L3!encoding\n"
         "L4[ok]\n"
         "L5!unterminated\n");
}

static void
test_not_nul_terminated (void)
{
  /* The reader must not read past @length. */
  g_autofree char *got = describe ("a,b\nc,dEXTRA", 7);

  g_assert_cmpstr (got, ==, "L1[a][b]\nL2[c][d]\n");
}

static char *
write_row (const char * const *fields,
           guint               n_fields)
{
  GString *out = g_string_new (NULL);

  ebb_csv_append_row (out, fields, n_fields);
  return g_string_free (out, FALSE);
}

static void
test_writer_quoting (void)
{
  struct {
    const char *field;
    const char *written;
  } cases[] = {
    { "plain", "plain" },
    { "", "" },
    { "a,b", "\"a,b\"" },
    { "say \"hi\"", "\"say \"\"hi\"\"\"" },
    { "one\ntwo", "\"one\ntwo\"" },
    { "one\r\ntwo", "\"one\r\ntwo\"" },
    { "cr\r", "\"cr\r\"" },
    { " lead", "\" lead\"" },
    { "trail ", "\"trail \"" },
    { "in side", "in side" },
    { "Zoë", "Zoë" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *fields[] = { "x", cases[i].field };
      g_autofree char *row = write_row (fields, 2);
      g_autofree char *expected = g_strdup_printf ("x,%s\n", cases[i].written);

      g_assert_cmpstr (row, ==, expected);
    }

  {
    const char *fields[] = { "a", NULL, "c" };
    g_autofree char *row = write_row (fields, 3);

    g_assert_cmpstr (row, ==, "a,,c\n");
  }
  {
    /* One empty field must not become a blank line. */
    const char *fields[] = { "" };
    g_autofree char *row = write_row (fields, 1);

    g_assert_cmpstr (row, ==, "\"\"\n");
  }
}

/* A cell that a spreadsheet would run as a formula gets an apostrophe,
 * as spreadsheets expect (OWASP, "CSV injection"); numbers stay numbers,
 * and the reader gives back what was written. */
static void
test_writer_formulas (void)
{
  struct {
    const char *field;
    const char *written;
  } cases[] = {
    { "=HYPERLINK(\"http://x.example/\",\"Jane\")", "\"'=HYPERLINK(\"\"http://x.example/\"\",\"\"Jane\"\")\"" },
    { "=1+2", "'=1+2" },
    { "+49 30 1234", "'+49 30 1234" },
    { "-o", "'-o" },
    { "@SUM(A1)", "'@SUM(A1)" },
    { "\tcmd", "\"'\tcmd\"" },
    { "'=1+2", "''=1+2" },
    { "''-x", "'''-x" },
    { "-3", "-3" },
    { "+5", "+5" },
    { "-37.5", "-37.5" },
    { "-", "'-" },
    { "-3-", "'-3-" },
    { "a=b", "a=b" },
    { "'quoted'", "'quoted'" },
    { "K-0042", "K-0042" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *fields[] = { "x", cases[i].field };
      g_autofree char *row = write_row (fields, 2);
      g_autofree char *expected = g_strdup_printf ("x,%s\n", cases[i].written);
      g_autoptr(EbbCsvReader) reader = ebb_csv_reader_new (row, strlen (row));
      g_autoptr(GPtrArray) read = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (row, ==, expected);
      g_assert_true (ebb_csv_reader_next (reader, &read, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (read->len, ==, 2);
      g_assert_cmpstr (read->pdata[1], ==, cases[i].field);
    }

  /* An apostrophe before a formula's start, as a spreadsheet writes a
   * cell typed that way, is taken off; before anything else it stays. */
  check ("'=1+2,'-5,'x,''=y\n", "L1[=1+2][-5]['x]['=y]\n");
}

/* What a message may quote of a value: a short, clean prefix. */
static void
test_excerpt (void)
{
  struct {
    const char *value;
    const char *excerpt;
  } cases[] = {
    { "2026-13-01", "2026-13-01" },
    { "Jane Doe born 1970 HIV+", "Jane Doe born 19…" },
    { "0123456789abcdef", "0123456789abcdef" },
    { "0123456789abcdefg", "0123456789abcdef…" },
    { "\x1b[31mred", "\xef\xbf\xbd[31mred" },
    { "a\tb\nc\rd", "a b c d" },
    { "S03\xe2\x80\x8b-000", "S03\xef\xbf\xbd-000" },
    { "\xe2\x80\xae" "cba", "\xef\xbf\xbd" "cba" },
    { "bad\xff", "bad\xef\xbf\xbd" },
    { "Zoë Żółć", "Zoë Żółć" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *excerpt = ebb_csv_excerpt (cases[i].value);

      g_assert_cmpstr (excerpt, ==, cases[i].excerpt);
    }
  {
    /* A megabyte is cut without copying it all. */
    g_autofree char *huge = g_strnfill (1 << 20, 'x');
    g_autofree char *excerpt = ebb_csv_excerpt (huge);

    g_assert_cmpstr (excerpt, ==, "xxxxxxxxxxxxxxxx…");
  }
  {
    g_autofree char *none = ebb_csv_excerpt (NULL);

    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_round_trip (void)
{
  const char *rows[][4] = {
    { "patient", "name", "birth_year", "notes" },
    { "K-1", "Doe, Jane", "1979", "said \"better\"\nslept well" },
    { "K-2", "", "", " spaced " },
    { "K-3", "Zoë", "1990", "a\r\nb,\"c\"" },
    { "", "", "", "" },
  };
  GString *out = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_autoptr(EbbCsvReader) reader = NULL;
  guint expected_line = 1;

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    ebb_csv_append_row (out, rows[r], 4);
  text = g_string_free (out, FALSE);

  reader = ebb_csv_reader_new (text, strlen (text));
  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      g_autoptr(GPtrArray) fields = NULL;
      g_autoptr(GError) error = NULL;
      guint line = 0;

      g_assert_true (ebb_csv_reader_next (reader, &fields, &line, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (line, ==, expected_line);
      g_assert_cmpuint (fields->len, ==, 4);
      for (guint c = 0; c < 4; c++)
        g_assert_cmpstr (fields->pdata[c], ==, rows[r][c]);
      /* Rows 2 and 4 each hold one line end inside quotes. */
      expected_line += (r == 1 || r == 3) ? 2 : 1;
    }

  {
    g_autoptr(GPtrArray) fields = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_false (ebb_csv_reader_next (reader, &fields, NULL, &error));
    g_assert_no_error (error);
    g_assert_null (fields);
    /* And it stays at the end. */
    g_assert_false (ebb_csv_reader_next (reader, &fields, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
append_record (GString   *out,
               guint      line,
               GPtrArray *fields)
{
  g_string_append_printf (out, "%u:", line);
  for (guint i = 0; i < fields->len; i++)
    g_string_append_printf (out, " [%s]", (char *) g_ptr_array_index (fields, i));
  g_string_append_c (out, '\n');
}

/* Every record and every problem, with its line, as one text. */
static char *
read_all_whole (const char *data)
{
  g_autoptr(EbbCsvReader) reader = ebb_csv_reader_new (data, strlen (data));
  GString *out = g_string_new (NULL);

  for (;;)
    {
      g_autoptr(GPtrArray) fields = NULL;
      g_autoptr(GError) error = NULL;
      guint line = 0;

      if (!ebb_csv_reader_next (reader, &fields, &line, &error))
        {
          if (error == NULL)
            break;
          g_string_append_printf (out, "%u! %s\n", line, error->message);
          continue;
        }
      append_record (out, line, fields);
    }
  return g_string_free (out, FALSE);
}

/* The same, the data given a piece at a time as the import gives it: each
 * piece up to a line end after @cut (or all of it), what the reader left
 * carried into the next. */
static char *
read_all_in_pieces (const char *data,
                    gsize       cut)
{
  gsize length = strlen (data), start = 0, end;
  g_autoptr(EbbCsvReader) reader = NULL;
  GString *out = g_string_new (NULL);

  for (end = MIN (cut, length); end < length && data[end - 1] != '\n'; end++)
    ;
  reader = ebb_csv_reader_new (data, end);
  ebb_csv_reader_set_more_follows (reader, end < length);
  for (;;)
    {
      g_autoptr(GPtrArray) fields = NULL;
      g_autoptr(GError) error = NULL;
      guint line = 0;

      if (!ebb_csv_reader_next (reader, &fields, &line, &error))
        {
          if (error != NULL)
            {
              g_string_append_printf (out, "%u! %s\n", line, error->message);
              continue;
            }
          if (start + ebb_csv_reader_get_position (reader) >= length && end >= length)
            break;
          /* Read on: one more line's worth each time, so that a quoted
           * field longer than a piece is carried over several. */
          start += ebb_csv_reader_get_position (reader);
          for (end = MAX (end + 1, start + 1); end < length && data[end - 1] != '\n'; end++)
            ;
          end = MIN (end, length);
          ebb_csv_reader_refill (reader, data + start, end - start);
          ebb_csv_reader_set_more_follows (reader, end < length);
          continue;
        }
      append_record (out, line, fields);
    }
  return g_string_free (out, FALSE);
}

/* A file read a piece at a time (a large import) gives the records and
 * problems it gives read whole, wherever the pieces end: inside quoted
 * fields over several lines, after blank lines, before an unclosed quote. */
static void
test_pieces (void)
{
  static const char * const files[] = {
    "\xEF\xBB\xBFpatient,note\nK-1,\"one\ntwo\nthree\"\n\n  \nK-2,plain\nK-3,\"a \"\"b\"\"\"\n",
    "a,b\r\n\"x\r\ny\",2\r\n3,4\r\n",
    "a,b\nx\"y,1\n2,\"q\nr\",3\n4,5\n",
    "a,b\n1,2\n\"never closed,3\n4,5\n",
    "a,b\n\"c\"d,1\n2,3\n",
    "h\n\"long\nlong\nlong\nlong\nlong\"\nend\n",
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *whole = read_all_whole (files[f]);

      for (gsize cut = 1; cut <= strlen (files[f]); cut++)
        {
          g_autofree char *pieces = read_all_in_pieces (files[f], cut);

          g_assert_cmpstr (pieces, ==, whole);
        }
    }
}

/* The reader's own fields, lent record by record, are the fields a new
 * array gets, problems included; changing one in place (as the import
 * strips them) leaves the next record as it is. */
static void
test_lent_fields (void)
{
  static const char * const files[] = {
    "\xEF\xBB\xBFpatient,note\nK-1,\"one\ntwo\nthree\"\n\n  \nK-2,plain\nK-3,\"a \"\"b\"\"\"\n",
    "a,b\r\n\"x\r\ny\",2\r\n3,4\r\n",
    "a,b\nx\"y,1\n2,\"q\nr\",3\n4,5\n",
    "a,b\n1,2\n\"never closed,3\n4,5\n",
    "a,b,c\n'=1+2,'-3,'plain\n\"'@x\",,'\n",
    "a,b\n  padded  ,\" quoted \"\n,\n",
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autoptr(EbbCsvReader) copying = ebb_csv_reader_new (files[f], strlen (files[f]));
      g_autoptr(EbbCsvReader) lending = ebb_csv_reader_new (files[f], strlen (files[f]));

      for (guint record = 0; record < 100; record++)
        {
          g_autoptr(GPtrArray) copied = NULL;
          g_autoptr(GError) copy_error = NULL;
          g_autoptr(GError) lend_error = NULL;
          GPtrArray *lent = NULL;
          guint copy_line = 0, lend_line = 0;
          gboolean copy_read = ebb_csv_reader_next (copying, &copied, &copy_line, &copy_error);
          gboolean lend_read = ebb_csv_reader_next_fields (lending, &lent, &lend_line, &lend_error);

          g_assert_cmpint (lend_read, ==, copy_read);
          g_assert_cmpuint (lend_line, ==, copy_line);
          if (!copy_read)
            {
              g_assert_null (lent);
              if (copy_error == NULL)
                {
                  g_assert_no_error (lend_error);
                  break;
                }
              g_assert_error (lend_error, copy_error->domain, copy_error->code);
              continue;
            }
          g_assert_cmpuint (lent->len, ==, copied->len);
          for (guint i = 0; i < lent->len; i++)
            {
              g_assert_cmpstr (g_ptr_array_index (lent, i), ==, g_ptr_array_index (copied, i));
              g_strstrip ((char *) g_ptr_array_index (lent, i));
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/read/plain", test_plain);
  g_test_add_func ("/csv/read/quoted-comma", test_quoted_comma);
  g_test_add_func ("/csv/read/doubled-quote", test_doubled_quote);
  g_test_add_func ("/csv/read/embedded-lf", test_embedded_lf);
  g_test_add_func ("/csv/read/embedded-crlf", test_embedded_crlf);
  g_test_add_func ("/csv/read/bom", test_bom);
  g_test_add_func ("/csv/read/no-final-newline", test_no_final_newline);
  g_test_add_func ("/csv/read/crlf-file", test_crlf_file);
  g_test_add_func ("/csv/read/empty-fields", test_empty_fields);
  g_test_add_func ("/csv/read/blank-lines", test_blank_lines);
  g_test_add_func ("/csv/read/not-nul-terminated", test_not_nul_terminated);
  g_test_add_func ("/csv/read/pieces", test_pieces);
  g_test_add_func ("/csv/read/lent-fields", test_lent_fields);
  g_test_add_func ("/csv/error/unterminated", test_unterminated);
  g_test_add_func ("/csv/error/stray-quote", test_stray_quote);
  g_test_add_func ("/csv/error/bad-utf8", test_bad_utf8);
  g_test_add_func ("/csv/error/several", test_several_errors);
  g_test_add_func ("/csv/write/quoting", test_writer_quoting);
  g_test_add_func ("/csv/write/formulas", test_writer_formulas);
  g_test_add_func ("/csv/write/round-trip", test_round_trip);
  g_test_add_func ("/csv/excerpt", test_excerpt);

  return g_test_run ();
}
