/* ebb-csv.c — RFC 4180 reading and writing, with line numbers
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader works on one buffer held by the caller and reads it once.
 * Besides RFC 4180 it accepts what spreadsheets and editors really write:
 * LF as well as CRLF (and a lone CR, as old Mac spreadsheets write), a
 * UTF-8 byte order mark, a last record without a line end, and blank
 * lines, which are skipped.  Every problem names its line, and a broken
 * record never stops the reader: it goes on at the next line, so that an
 * import can list every problem of a file at once.
 */
#define G_LOG_DOMAIN "ebb-csv"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-csv.h"

G_DEFINE_QUARK (ebb-csv-error-quark, ebb_csv_error)

struct _EbbCsvReader
{
  const char *data;
  gsize       length;
  gsize       pos;      /* next byte to read */
  guint       line;     /* line number of the byte at pos */
  GString    *scratch;  /* reused for quoted fields, which need unescaping */
};

/**
 * ebb_csv_reader_new:
 * @data: the file's contents, not necessarily nul-terminated
 * @length: the length of @data in bytes
 *
 * Returns: (transfer full): a reader over @data, which it does not copy
 */
EbbCsvReader *
ebb_csv_reader_new (const char *data,
                    gsize       length)
{
  EbbCsvReader *reader;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  reader = g_new0 (EbbCsvReader, 1);
  reader->data = data ? data : "";
  reader->length = length;
  reader->line = 1;
  reader->scratch = g_string_sized_new (256);

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    reader->pos = 3;

  return reader;
}

void
ebb_csv_reader_free (EbbCsvReader *reader)
{
  if (reader == NULL)
    return;
  g_string_free (reader->scratch, TRUE);
  g_free (reader);
}

/* If a line end starts at @pos, returns its length (1 or 2), else 0. */
static inline gsize
line_end_at (const EbbCsvReader *reader,
             gsize               pos)
{
  if (pos >= reader->length)
    return 0;
  if (reader->data[pos] == '\n')
    return 1;
  if (reader->data[pos] == '\r')
    return (pos + 1 < reader->length && reader->data[pos + 1] == '\n') ? 2 : 1;
  return 0;
}

/* Moves past the end of the physical line that contains @pos: where
 * reading goes on after a malformed record. */
static void
skip_line_from (EbbCsvReader *reader,
                gsize         pos,
                guint         line)
{
  while (pos < reader->length && line_end_at (reader, pos) == 0)
    pos++;
  pos += line_end_at (reader, pos);
  reader->pos = pos;
  reader->line = line + 1;
}

/* Skips lines that hold nothing but spaces or tabs: they are not records
 * (a spreadsheet never writes one, an editor often leaves one at the end). */
static void
skip_blank_lines (EbbCsvReader *reader)
{
  for (;;)
    {
      gsize p = reader->pos;
      gsize eol;

      while (p < reader->length && (reader->data[p] == ' ' || reader->data[p] == '\t'))
        p++;
      if (p >= reader->length)
        {
          reader->pos = reader->length;
          return;
        }
      eol = line_end_at (reader, p);
      if (eol == 0)
        return;
      reader->pos = p + eol;
      reader->line++;
    }
}

static guint
count_lines (const char *start,
             const char *end)
{
  guint n = 0;

  for (const char *p = start; p < end; p++)
    if (*p == '\n' || (*p == '\r' && (p + 1 >= end || p[1] != '\n')))
      n++;
  return n;
}

/**
 * ebb_csv_reader_next:
 * @reader: a reader
 * @fields: (out) (transfer full): the record's fields as a new array of
 *   strings, or %NULL when %FALSE is returned
 * @line: (out) (optional): the line on which the record starts; after a
 *   malformed record, the line on which the problem is
 * @error: set when the record is malformed
 *
 * Returns: %TRUE when a record was read; %FALSE at the end of the data
 *   (@error unset) or on a malformed record (@error set; the next call
 *   goes on with the line after the problem)
 */
gboolean
ebb_csv_reader_next (EbbCsvReader  *reader,
                     GPtrArray    **fields,
                     guint         *line,
                     GError       **error)
{
  g_autoptr(GPtrArray) record = NULL;
  const char *data;
  gsize length;
  gsize start;
  guint start_line;
  guint field_no = 0;
  const char *bad;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *fields = NULL;
  data = reader->data;
  length = reader->length;

  skip_blank_lines (reader);
  if (line)
    *line = reader->line;
  if (reader->pos >= length)
    return FALSE;

  start = reader->pos;
  start_line = reader->line;
  record = g_ptr_array_new_with_free_func (g_free);

  for (;;)
    {
      gsize pos = reader->pos;
      gsize eol;

      field_no++;

      if (pos < length && data[pos] == '"')
        {
          gsize quote_pos = pos;
          guint quote_line = reader->line;

          g_string_truncate (reader->scratch, 0);
          pos++;
          for (;;)
            {
              gsize run = pos;

              /* Copy runs of ordinary bytes at once: the common case. */
              while (run < length && data[run] != '"' && data[run] != '\n' && data[run] != '\r')
                run++;
              g_string_append_len (reader->scratch, data + pos, run - pos);
              pos = run;

              if (pos >= length)
                {
                  g_set_error (error, EBB_CSV_ERROR, EBB_CSV_ERROR_UNTERMINATED_QUOTE,
                               _("Line %u: the quote that opens field %u is never closed"),
                               quote_line, field_no);
                  if (line)
                    *line = quote_line;
                  /* The lines after it were probably meant as records. */
                  skip_line_from (reader, quote_pos, quote_line);
                  return FALSE;
                }
              if (data[pos] == '"')
                {
                  if (pos + 1 < length && data[pos + 1] == '"')
                    {
                      g_string_append_c (reader->scratch, '"');
                      pos += 2;
                      continue;
                    }
                  pos++;
                  break;
                }

              /* A line end inside quotes is part of the value, kept as written. */
              eol = line_end_at (reader, pos);
              g_string_append_len (reader->scratch, data + pos, eol);
              pos += eol;
              reader->line++;
            }

          if (pos < length && data[pos] != ',' && line_end_at (reader, pos) == 0)
            {
              g_set_error (error, EBB_CSV_ERROR, EBB_CSV_ERROR_STRAY_QUOTE,
                           _("Line %u: text after the closing quote of field %u"),
                           reader->line, field_no);
              if (line)
                *line = reader->line;
              skip_line_from (reader, pos, reader->line);
              return FALSE;
            }
          g_ptr_array_add (record, g_strndup (reader->scratch->str, reader->scratch->len));
        }
      else
        {
          gsize field_start = pos;

          while (pos < length && data[pos] != ',' && data[pos] != '\n' &&
                 data[pos] != '\r' && data[pos] != '"')
            pos++;
          if (pos < length && data[pos] == '"')
            {
              g_set_error (error, EBB_CSV_ERROR, EBB_CSV_ERROR_STRAY_QUOTE,
                           _("Line %u: a quote inside unquoted field %u"),
                           reader->line, field_no);
              if (line)
                *line = reader->line;
              skip_line_from (reader, pos, reader->line);
              return FALSE;
            }
          g_ptr_array_add (record, g_strndup (data + field_start, pos - field_start));
        }

      if (pos < length && data[pos] == ',')
        {
          reader->pos = pos + 1;
          continue;
        }

      /* A line end or the end of the data ends the record. */
      eol = line_end_at (reader, pos);
      reader->pos = pos + eol;
      if (eol > 0)
        reader->line++;
      break;
    }

  /* Checked once per record rather than per byte: valid text is the rule,
   * and g_utf8_validate_len() is fast.  It also refuses nul bytes. */
  if (!g_utf8_validate_len (data + start, reader->pos - start, &bad))
    {
      guint bad_line = start_line + count_lines (data + start, bad);

      g_set_error (error, EBB_CSV_ERROR, EBB_CSV_ERROR_ENCODING,
                   _("Line %u: not valid UTF-8 text"), bad_line);
      if (line)
        *line = bad_line;
      return FALSE;
    }

  if (line)
    *line = start_line;
  *fields = g_steal_pointer (&record);
  return TRUE;
}

static gboolean
needs_quotes (const char *field)
{
  gsize len;

  if (field[0] == '\0')
    return FALSE;
  if (strpbrk (field, ",\"\r\n") != NULL)
    return TRUE;
  /* At the start of a file a reader takes a byte order mark for the
   * encoding's and skips it: quoted, it stays part of the value. */
  if (g_str_has_prefix (field, "\xef\xbb\xbf"))
    return TRUE;
  /* Many readers trim unquoted fields: quoting keeps the spaces. */
  len = strlen (field);
  return field[0] == ' ' || field[0] == '\t' ||
         field[len - 1] == ' ' || field[len - 1] == '\t';
}

/**
 * ebb_csv_append_row:
 * @out: where to append the record
 * @fields: (array length=n_fields) (nullable): the values; %NULL ones are written empty
 * @n_fields: the number of values
 *
 * Appends one record ended by "\n", quoting the fields that need it
 * (comma, quote, line end, or a leading or trailing space).
 */
void
ebb_csv_append_row (GString            *out,
                    const char * const *fields,
                    guint               n_fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  /* A record of one empty field would otherwise be a blank line, which
   * the reader skips. */
  if (n_fields == 1 && (fields[0] == NULL || fields[0][0] == '\0'))
    {
      g_string_append (out, "\"\"\n");
      return;
    }

  for (guint i = 0; i < n_fields; i++)
    {
      const char *field = fields[i] ? fields[i] : "";

      if (i > 0)
        g_string_append_c (out, ',');

      if (!needs_quotes (field))
        {
          g_string_append (out, field);
          continue;
        }

      g_string_append_c (out, '"');
      for (const char *p = field; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, '\n');
}
