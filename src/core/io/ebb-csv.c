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

/* What makes a spreadsheet take a cell for a formula, at its start:
 * OWASP's list for CSV injection. */
#define FORMULA_STARTS "=+-@\t\r"

struct _EbbCsvReader
{
  const char *data;
  gsize       length;
  gsize       pos;      /* next byte to read */
  guint       line;     /* line number of the byte at pos */
  GString    *scratch;  /* reused for quoted fields, which need unescaping */
  GString    *record;   /* the last record's fields, each ended by a nul */
  GArray     *starts;   /* where each field starts in it (gsize) */
  GPtrArray  *fields;   /* pointers to them, lent by ebb_csv_reader_next_fields() */
  gboolean    utf16;    /* the file starts as UTF-16 does */
  gboolean    more_follows;  /* the data is a piece of the file, more to come */
  gboolean    incomplete;    /* a record ran past the end of a piece */
};

static gboolean looks_like_utf16 (const char *data,
                                  gsize       length);

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
  reader->record = g_string_sized_new (256);
  reader->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  reader->fields = g_ptr_array_new ();

  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    reader->pos = 3;
  reader->utf16 = looks_like_utf16 (reader->data, length);

  return reader;
}

/**
 * ebb_csv_reader_set_more_follows:
 * @more_follows: whether the data is only a piece of the file, which
 *   ebb_csv_reader_refill() goes on with
 *
 * With more to follow, a record that runs past the end of the data (a
 * quoted field not closed yet) is not read: ebb_csv_reader_next() returns
 * %FALSE without an error, as at the end, and leaves the record for the
 * next piece.  A piece ends at a line end, so that the line ends outside
 * quotes are the records' ends, as they are in the whole file.
 */
void
ebb_csv_reader_set_more_follows (EbbCsvReader *reader,
                                 gboolean      more_follows)
{
  g_return_if_fail (reader != NULL);

  reader->more_follows = more_follows;
}

/**
 * ebb_csv_reader_get_position:
 *
 * Returns: how many bytes of the data the records read so far took: the
 *   next piece starts there
 */
gsize
ebb_csv_reader_get_position (EbbCsvReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);

  return reader->pos;
}

/**
 * ebb_csv_reader_refill:
 * @data: the file from ebb_csv_reader_get_position() on, as far as has
 *   been read; not copied
 *
 * Goes on reading the same file from new data, its lines numbered on.
 */
void
ebb_csv_reader_refill (EbbCsvReader *reader,
                       const char   *data,
                       gsize         length)
{
  g_return_if_fail (reader != NULL);
  g_return_if_fail (data != NULL || length == 0);

  reader->data = data ? data : "";
  reader->length = length;
  reader->pos = 0;
  reader->incomplete = FALSE;
}

void
ebb_csv_reader_free (EbbCsvReader *reader)
{
  if (reader == NULL)
    return;
  g_string_free (reader->scratch, TRUE);
  g_string_free (reader->record, TRUE);
  g_array_unref (reader->starts);
  g_ptr_array_unref (reader->fields);
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

/* A UTF-16 byte order mark, or a zero byte in either of the first two. */
static gboolean
looks_like_utf16 (const char *data,
                  gsize       length)
{
  if (length < 2)
    return FALSE;
  return memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0 ||
         data[0] == '\0' || data[1] == '\0';
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

/* The writer puts an apostrophe before a cell a spreadsheet would take
 * for a formula (see looks_like_formula()), as spreadsheets themselves
 * do: "'=1+2" is the text "=1+2".  Reading takes one apostrophe off such
 * a cell again, so that what Ebb exports reads back as it was.  The
 * field goes on the end of the record being read. */
static void
add_field (EbbCsvReader *reader,
           const char   *text,
           gsize         length)
{
  gsize n = 0;
  gsize start = reader->record->len;

  while (n < length && text[n] == '\'')
    n++;
  if (n > 0 && n < length && strchr (FORMULA_STARTS, text[n]) != NULL)
    {
      text++;
      length--;
    }
  g_array_append_val (reader->starts, start);
  /* Grown once and copied into: g_string_append_len() checks whether the
   * text lies inside the string, for every field. */
  g_string_set_size (reader->record, start + length + 1);
  memcpy (reader->record->str + start, text, length);
  reader->record->str[start + length] = '\0';
}

/* The quoted field whose opening quote is at *@pos, unquoted into
 * reader->scratch: a doubled quote is one quote, and a line end inside
 * the quotes is part of the value, kept as written.  Moves *@pos past the
 * closing quote; on a malformed field sets @error and @line and goes on
 * to the next line. */
static gboolean
read_quoted_field (EbbCsvReader  *reader,
                   gsize         *pos_inout,
                   guint          field_no,
                   guint         *line,
                   GError       **error)
{
  const char *data = reader->data;
  const gsize length = reader->length;
  const gsize quote_pos = *pos_inout;
  const guint quote_line = reader->line;
  gsize pos = quote_pos + 1;

  g_string_truncate (reader->scratch, 0);
  for (;;)
    {
      gsize run = pos;
      gsize eol;

      /* Copy runs of ordinary bytes at once: the common case. */
      while (run < length && data[run] != '"' && data[run] != '\n' && data[run] != '\r')
        run++;
      g_string_append_len (reader->scratch, data + pos, run - pos);
      pos = run;

      if (pos >= length && reader->more_follows)
        {
          /* Closed, if at all, in the next piece. */
          reader->incomplete = TRUE;
          return FALSE;
        }
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
  *pos_inout = pos;
  return TRUE;
}

/**
 * ebb_csv_reader_next_fields:
 * @reader: a reader
 * @fields: (out) (transfer none): the record's fields, or %NULL when
 *   %FALSE is returned: the reader's own, which it reuses for the next
 *   record; they may be changed in place (stripped, say) meanwhile
 * @line: (out) (optional): the line on which the record starts; after a
 *   malformed record, the line on which the problem is
 * @error: set when the record is malformed
 *
 * Reads the next record without a new string for each field: an import
 * reads millions, and allocating and freeing them was a tenth of its own
 * work.
 *
 * Returns: %TRUE when a record was read; %FALSE at the end of the data
 *   (@error unset) or on a malformed record (@error set; the next call
 *   goes on with the line after the problem)
 */
gboolean
ebb_csv_reader_next_fields (EbbCsvReader  *reader,
                            GPtrArray    **fields,
                            guint         *line,
                            GError       **error)
{
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
  g_string_truncate (reader->record, 0);
  g_array_set_size (reader->starts, 0);

  for (;;)
    {
      gsize pos = reader->pos;
      gsize eol;

      field_no++;

      if (pos < length && data[pos] == '"')
        {
          if (!read_quoted_field (reader, &pos, field_no, line, error))
            {
              /* Read again, whole, from the next piece. */
              if (reader->incomplete)
                {
                  reader->pos = start;
                  reader->line = start_line;
                  if (line)
                    *line = start_line;
                }
              return FALSE;
            }
          add_field (reader, reader->scratch->str, reader->scratch->len);
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
          add_field (reader, data + field_start, pos - field_start);
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

      /* A zero byte is valid UTF-8 but never text: a file saved as
       * UTF-16 has one in every other byte, and says so with its byte
       * order mark; anything else with one is not a text file. */
      if (*bad == '\0' && !reader->utf16)
        g_set_error (error, EBB_CSV_ERROR, EBB_CSV_ERROR_NUL_BYTE,
                     _("Line %u: a zero (NUL) byte, which a text file never holds"), bad_line);
      else
        g_set_error (error, EBB_CSV_ERROR, EBB_CSV_ERROR_ENCODING,
                     _("Line %u: not valid UTF-8 text"), bad_line);
      if (line)
        *line = bad_line;
      return FALSE;
    }

  if (line)
    *line = start_line;
  /* The record's text no longer grows: point into it. */
  g_ptr_array_set_size (reader->fields, 0);
  for (guint i = 0; i < reader->starts->len; i++)
    g_ptr_array_add (reader->fields, reader->record->str + g_array_index (reader->starts, gsize, i));
  *fields = reader->fields;
  return TRUE;
}

/**
 * ebb_csv_reader_next:
 * @reader: a reader
 * @fields: (out) (transfer full): the record's fields as a new array of
 *   strings, or %NULL when %FALSE is returned
 * @line: (out) (optional): as for ebb_csv_reader_next_fields()
 * @error: as for ebb_csv_reader_next_fields()
 *
 * Returns: as ebb_csv_reader_next_fields()
 */
gboolean
ebb_csv_reader_next (EbbCsvReader  *reader,
                     GPtrArray    **fields,
                     guint         *line,
                     GError       **error)
{
  GPtrArray *lent = NULL;

  g_return_val_if_fail (fields != NULL, FALSE);

  *fields = NULL;
  if (!ebb_csv_reader_next_fields (reader, &lent, line, error))
    return FALSE;
  *fields = g_ptr_array_copy (lent, (GCopyFunc) (void (*) (void)) g_strdup, NULL);
  g_ptr_array_set_free_func (*fields, g_free);
  return TRUE;
}

/* "-3", "+5", "37.5": a number, which a spreadsheet reads as a number. */
static gboolean
is_plain_number (const char *text)
{
  const char *p = text;

  if (*p == '-' || *p == '+')
    p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  if (*p == '.')
    {
      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return *p == '\0';
}

/* A cell a spreadsheet would run as a formula: "=HYPERLINK(…)" in a
 * patient's name must stay a name.  Apostrophes before such a start are
 * counted in, so that the reader's taking one off is always right. */
static gboolean
looks_like_formula (const char *field)
{
  const char *p = field;

  while (*p == '\'')
    p++;
  if (*p == '\0' || strchr (FORMULA_STARTS, *p) == NULL)
    return FALSE;
  return p != field || !is_plain_number (field);
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
 * (comma, quote, line end, or a leading or trailing space).  A field that
 * a spreadsheet would take for a formula (starting with = + - @, a tab or
 * a carriage return, and not a plain number) gets an apostrophe in front,
 * as spreadsheets expect; ebb_csv_reader_next() takes it off again.
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
      const char *apostrophe = looks_like_formula (field) ? "'" : "";

      if (i > 0)
        g_string_append_c (out, ',');

      if (!needs_quotes (field))
        {
          g_string_append (out, apostrophe);
          g_string_append (out, field);
          continue;
        }

      g_string_append_c (out, '"');
      g_string_append (out, apostrophe);
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

/**
 * ebb_csv_unichar_is_invisible:
 * @c: a character
 *
 * Returns: %TRUE for a character that shows nothing, or shows something
 *   other than itself: a control character (which a terminal may obey), a
 *   format character (zero-width space and joiners, bidirectional
 *   overrides, a byte order mark), a line or paragraph separator, a space
 *   other than U+0020, a filler or variation selector, a private-use,
 *   unassigned or surrogate code point
 */
gboolean
ebb_csv_unichar_is_invisible (gunichar c)
{
  /* Default-ignorable characters that Unicode files under letters and
   * marks: they draw nothing, so two codes would look the same. */
  if (c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 ||
      (c >= 0x180B && c <= 0x180F) || (c >= 0xFE00 && c <= 0xFE0F) ||
      (c >= 0xE0100 && c <= 0xE01EF))
    return TRUE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    case G_UNICODE_SPACE_SEPARATOR:
      return c != ' ';
    default:
      return FALSE;
    }
}

/**
 * ebb_csv_excerpt:
 * @value: (nullable): a value read from a file or typed: perhaps long,
 *   perhaps not UTF-8
 *
 * What an error message may quote of a bad value.  With a column shifted,
 * the value may be a whole cell of patient data ("Jane Doe born 1970
 * HIV+" where a birth year belongs), and the message goes to a terminal,
 * a log or a screenshot.  So a message quotes only the value's first
 * %EBB_CSV_EXCERPT_CHARS characters, "…" when there is more, with line
 * ends and tabs as spaces and any other invisible or control character
 * (ebb_csv_unichar_is_invisible()) as U+FFFD, so that nothing in it can
 * steer a terminal.  The line and column still find the cell.
 *
 * Returns: (transfer full): the excerpt, without quotation marks
 */
char *
ebb_csv_excerpt (const char *value)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;
  gsize length;

  if (value == NULL)
    return g_strdup ("");

  /* Enough bytes for the characters shown, however wide. */
  length = strnlen (value, EBB_CSV_EXCERPT_CHARS * 4 + 1);
  valid = g_utf8_make_valid (value, length);
  out = g_string_sized_new (EBB_CSV_EXCERPT_CHARS * 2);
  p = valid;
  for (guint n = 0; *p != '\0' && n < EBB_CSV_EXCERPT_CHARS; n++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t' || c == '\n' || c == '\r')
        g_string_append_c (out, ' ');
      else if (ebb_csv_unichar_is_invisible (c))
        g_string_append_unichar (out, 0xFFFD);
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0' || value[length] != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

/**
 * ebb_csv_describe_error:
 * @error: an error from ebb_csv_reader_next()
 *
 * Returns: what is wrong and what to do about it, without the line, which
 *   the caller shows its own way ("patients.csv:3: …")
 */
const char *
ebb_csv_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != EBB_CSV_ERROR)
    return error->message;
  switch ((EbbCsvError) error->code)
    {
    case EBB_CSV_ERROR_UNTERMINATED_QUOTE:
      return _("a quoted field is never closed: a closing \" is missing");
    case EBB_CSV_ERROR_STRAY_QUOTE:
      return _("stray quote: a field that holds a \" must be quoted, with each \" in it written as \"\"");
    case EBB_CSV_ERROR_ENCODING:
      return _("the text is not valid UTF-8: save the file as UTF-8");
    case EBB_CSV_ERROR_NUL_BYTE:
      return _("a zero (NUL) byte, which no text holds: the file is damaged or is not a CSV "
               "file; open it in a spreadsheet and save it as CSV, UTF-8, again");
    default:
      return error->message;
    }
}
