/* ebb-csv.h — RFC 4180 reading and writing, with line numbers
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EBB_CSV_ERROR (ebb_csv_error_quark ())

typedef enum
{
  EBB_CSV_ERROR_UNTERMINATED_QUOTE,  /* a quoted field runs to the end of the file */
  EBB_CSV_ERROR_STRAY_QUOTE,         /* a quote inside an unquoted field, or text after a closing quote */
  EBB_CSV_ERROR_ENCODING,            /* not valid UTF-8 */
  EBB_CSV_ERROR_NUL_BYTE,            /* a zero byte, in a file that is not UTF-16 */
} EbbCsvError;

typedef struct _EbbCsvReader EbbCsvReader;

GQuark        ebb_csv_error_quark     (void);

/* The reader does not copy @data: keep it alive while reading.  A UTF-8
 * byte order mark at the start is skipped. */
EbbCsvReader *ebb_csv_reader_new      (const char    *data,
                                       gsize          length);
void          ebb_csv_reader_free     (EbbCsvReader  *reader);

/* A file read a piece at a time: see ebb_csv_reader_set_more_follows(). */
void          ebb_csv_reader_set_more_follows (EbbCsvReader *reader,
                                               gboolean      more_follows);
gsize         ebb_csv_reader_get_position     (EbbCsvReader *reader);
void          ebb_csv_reader_refill           (EbbCsvReader *reader,
                                               const char   *data,
                                               gsize         length);

/* Reads the next record.  Returns %FALSE at the end of the data (with
 * @error unset) or on a malformed record (with @error set; reading can
 * go on with the next record).  @fields receives a new array of strings;
 * @line the line number (1-based) on which the record starts. */
gboolean      ebb_csv_reader_next     (EbbCsvReader  *reader,
                                       GPtrArray    **fields,
                                       guint         *line,
                                       GError       **error);
/* The same, with @fields the reader's own array and strings, reused for
 * the next record: for reading many records fast. */
gboolean      ebb_csv_reader_next_fields (EbbCsvReader  *reader,
                                          GPtrArray    **fields,
                                          guint         *line,
                                          GError       **error);

/* Appends one record, quoting fields where RFC 4180 requires, ending it
 * with "\n".  NULL fields are written empty. */
void          ebb_csv_append_row      (GString            *out,
                                       const char * const *fields,
                                       guint               n_fields);

/* At most this many characters of a value are quoted in a message. */
#define EBB_CSV_EXCERPT_CHARS 16

gboolean      ebb_csv_unichar_is_invisible (gunichar        c);
char         *ebb_csv_excerpt         (const char         *value);

const char   *ebb_csv_describe_error  (const GError       *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbCsvReader, ebb_csv_reader_free)

G_END_DECLS
