/* ebb-server-copy.c — moving a clinic between a file and a server
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A clinic that outgrows one workstation moves its file onto the server;
 * one that leaves the server, or wants a copy that opens anywhere, comes
 * back to a file.  The two schemas are the same column for column
 * (ebb-server-schema.c), so a copy is table by table and row by row, the
 * values as text, with no knowledge of what a row means: a table added to
 * both schemas is copied without a change here.  Every record and every
 * audit entry is copied as it is, ids and users included, so that the
 * audit trail's hash chain still verifies on the other side; a copy is
 * one transaction on the side written, checked by counting each table's
 * rows on both sides before it is committed, and refuses a target that
 * holds anything already.
 *
 * Rows cross in PostgreSQL's COPY text format, streamed both ways, so
 * that a clinic of any size is never held in memory.
 */
#define G_LOG_DOMAIN "ebb-server"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-server-private.h"
#include "ebb-store-private.h"

/* Rows are sent to the server in chunks of about this many bytes. */
#define COPY_CHUNK (64 * 1024)

/* Columns ------------------------------------------------------------------- */

/* The columns of @table in the clinic file, in their order: the copy's
 * column list on both sides. */
static GStrv
file_columns (sqlite3     *db,
              const char  *table,
              GError     **error)
{
  g_autoptr(GStrvBuilder) columns = g_strv_builder_new ();
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info (%s)", table);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                   _("Could not read the columns of %s: %s"), table, sqlite3_errmsg (db));
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (columns, (const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                   _("Could not read the columns of %s: %s"), table, sqlite3_errmsg (db));
      return NULL;
    }
  return g_strv_builder_end (columns);
}

/* "id, at, \"before\"": every name quoted, since some are keywords. */
static char *
column_list (const char * const *columns)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; columns[i] != NULL; i++)
    g_string_append_printf (list, "%s\"%s\"", i > 0 ? ", " : "", columns[i]);
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* The order rows are copied in: by id, or by key for the settings. */
static const char *
table_order (const char *table)
{
  return strcmp (table, "rule_setting") == 0 ? "key" : "id";
}

/* COPY's text format -------------------------------------------------------- */

static void
append_copy_field (GString    *line,
                   const char *value)
{
  if (value == NULL)
    {
      g_string_append (line, "\\N");
      return;
    }
  for (const char *c = value; *c != '\0'; c++)
    switch (*c)
      {
      case '\\': g_string_append (line, "\\\\"); break;
      case '\n': g_string_append (line, "\\n"); break;
      case '\r': g_string_append (line, "\\r"); break;
      case '\t': g_string_append (line, "\\t"); break;
      default:   g_string_append_c (line, *c); break;
      }
}

/**
 * _ebb_server_parse_copy_row:
 * @row: one row of COPY's text output, without its newline; unescaped in
 *   place
 * @fields: (element-type utf8): set to the row's fields, pointing into
 *   @row, %NULL for \N
 *
 * Returns: the number of fields
 */
guint
_ebb_server_parse_copy_row (char       *row,
                            gsize       length,
                            GPtrArray  *fields)
{
  char *end = row + length;
  char *field = row;

  g_ptr_array_set_size (fields, 0);
  while (TRUE)
    {
      char *out = field;
      char *in = field;

      if (in + 2 <= end && in[0] == '\\' && in[1] == 'N' && (in + 2 == end || in[2] == '\t'))
        {
          g_ptr_array_add (fields, NULL);
          in += 2;
        }
      else
        {
          for (; in < end && *in != '\t'; in++)
            {
              if (*in != '\\' || in + 1 >= end)
                {
                  *out++ = *in;
                  continue;
                }
              switch (*++in)
                {
                case 'b': *out++ = '\b'; break;
                case 'f': *out++ = '\f'; break;
                case 'n': *out++ = '\n'; break;
                case 'r': *out++ = '\r'; break;
                case 't': *out++ = '\t'; break;
                case 'v': *out++ = '\v'; break;
                default:  *out++ = *in; break;
                }
            }
          g_ptr_array_add (fields, field);
          *out = '\0';   /* overwrites the tab or is within the row */
        }
      if (in >= end)
        break;
      field = in + 1;
    }
  return fields->len;
}

/* The server's side ---------------------------------------------------------- */

/* Whether every table of the clinic on @conn is empty; %FALSE with
 * %EBB_SERVER_ERROR_NOT_EMPTY naming the first that is not. */
static gboolean
server_is_empty (PGconn      *conn,
                 const char  *display,
                 GError     **error)
{
  for (guint i = 0; _ebb_server_clinic_tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s)", _ebb_server_clinic_tables[i]);
      g_autoptr(PGresult) result = _ebb_server_query (conn, display, sql, 0, NULL, error);

      if (result == NULL)
        return FALSE;
      if (strcmp (_ebb_pq ()->PQgetvalue (result, 0, 0), "t") == 0)
        {
          g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_NOT_EMPTY,
                       _("%s already holds records: a copy goes only into a database with no clinic "
                         "in it yet (createdb a new one)"),
                       display);
          return FALSE;
        }
    }
  return TRUE;
}

static gint64
server_count (PGconn      *conn,
              const char  *display,
              const char  *table,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(PGresult) result = _ebb_server_query (conn, display, sql, 0, NULL, error);

  return result != NULL ? g_ascii_strtoll (_ebb_pq ()->PQgetvalue (result, 0, 0), NULL, 10) : -1;
}

/* The COPY that has just ended, as the server saw it. */
static gboolean
finish_copy (PGconn      *conn,
             const char  *display,
             GError     **error)
{
  PGresult *result;
  gboolean ok = TRUE;

  while ((result = _ebb_pq ()->PQgetResult (conn)) != NULL)
    {
      if (ok && _ebb_pq ()->PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          _ebb_server_set_error_from_result (error, display, result, conn);
          ok = FALSE;
        }
      _ebb_pq ()->PQclear (result);
    }
  return ok;
}

static void
copy_failed (GError     **error,
             const char  *display,
             PGconn      *conn)
{
  g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
               _("%s: the copy was interrupted: %s"), display, _ebb_pq ()->PQerrorMessage (conn));
}

/* File to server ------------------------------------------------------------- */

static gint64
upload_table (sqlite3            *db,
              PGconn             *conn,
              const char         *display,
              const char         *table,
              GError            **error)
{
  g_auto(GStrv) columns = NULL;
  g_autofree char *list = NULL;
  g_autofree char *select = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GString) chunk = g_string_new (NULL);
  g_autoptr(PGresult) started = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n_rows = 0;
  int n_columns;
  int rc;

  if ((columns = file_columns (db, table, error)) == NULL)
    return -1;
  list = column_list ((const char * const *) columns);
  n_columns = (int) g_strv_length (columns);
  select = g_strdup_printf ("SELECT %s FROM %s ORDER BY %s", list, table, table_order (table));
  copy = g_strdup_printf ("COPY %s (%s) FROM STDIN", table, list);

  started = _ebb_pq ()->PQexec (conn, copy);
  if (_ebb_pq ()->PQresultStatus (started) != PGRES_COPY_IN)
    {
      _ebb_server_set_error_from_result (error, display, started, conn);
      return -1;
    }

  if (sqlite3_prepare_v2 (db, select, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                   _("Could not read %s from the clinic file: %s"), table, sqlite3_errmsg (db));
      _ebb_pq ()->PQputCopyEnd (conn, "could not read the clinic file");
      finish_copy (conn, display, NULL);
      return -1;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int c = 0; c < n_columns; c++)
        {
          if (c > 0)
            g_string_append_c (chunk, '\t');
          if (sqlite3_column_type (stmt, c) == SQLITE_FLOAT)
            {
              /* The shortest text that reads back as the same double */
              char number[G_ASCII_DTOSTR_BUF_SIZE];

              append_copy_field (chunk, g_ascii_dtostr (number, sizeof number, sqlite3_column_double (stmt, c)));
            }
          else
            append_copy_field (chunk, (const char *) sqlite3_column_text (stmt, c));
        }
      g_string_append_c (chunk, '\n');
      n_rows++;
      if (chunk->len >= COPY_CHUNK)
        {
          if (_ebb_pq ()->PQputCopyData (conn, chunk->str, (int) chunk->len) != 1)
            break;
          g_string_truncate (chunk, 0);
        }
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                   _("Could not read %s from the clinic file: %s"), table, sqlite3_errmsg (db));
      _ebb_pq ()->PQputCopyEnd (conn, "could not read the clinic file");
      finish_copy (conn, display, NULL);
      return -1;
    }
  if (rc == SQLITE_ROW ||
      (chunk->len > 0 && _ebb_pq ()->PQputCopyData (conn, chunk->str, (int) chunk->len) != 1) ||
      _ebb_pq ()->PQputCopyEnd (conn, NULL) != 1)
    {
      copy_failed (error, display, conn);
      finish_copy (conn, display, NULL);
      return -1;
    }
  if (!finish_copy (conn, display, error))
    return -1;
  return n_rows;
}

/* After rows were written with their ids, new rows must get the next id:
 * each identity's sequence moves on past the highest. */
static gboolean
advance_identities (PGconn      *conn,
                    const char  *display,
                    GError     **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);

  for (guint i = 0; _ebb_server_clinic_tables[i] != NULL; i++)
    {
      const char *table = _ebb_server_clinic_tables[i];

      if (strcmp (table, "rule_setting") == 0)
        continue;
      g_string_append_printf (sql,
                              "SELECT setval (pg_get_serial_sequence ('%s', 'id'), "
                              "GREATEST (max (id), 1), max (id) IS NOT NULL) FROM %s;",
                              table, table);
    }
  return _ebb_server_exec (conn, display, sql->str, error);
}

static GArray *
copy_file_to_server (EbbStore    *store,
                     const char  *uri,
                     GError     **error)
{
  g_autofree char *display = ebb_server_display_name (uri);
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (EbbCopiedTable));
  g_autoptr(PGconn) conn = NULL;
  sqlite3 *db = store->db;
  gboolean ok;

  /* The schema first, in its own transaction, as `init` makes it. */
  if (!ebb_server_init (uri, NULL, error))
    return NULL;
  if ((conn = _ebb_server_connect (uri, error)) == NULL)
    return NULL;

  /* The file is read in one transaction too, so that what is copied is
   * one moment of it even if another program writes meanwhile. */
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                   _("Could not read the clinic file: %s"), sqlite3_errmsg (db));
      return NULL;
    }

  /* Nobody writes the clinic on the server while it is filled; the
   * user's trigger steps aside so that each audit entry keeps the user
   * who made it, which only the tables' owner may do. */
  {
    g_autoptr(GString) lock = g_string_new ("LOCK TABLE ");

    for (guint i = 0; _ebb_server_clinic_tables[i] != NULL; i++)
      g_string_append_printf (lock, "%s%s", i > 0 ? ", " : "", _ebb_server_clinic_tables[i]);
    g_string_append (lock, " IN EXCLUSIVE MODE");
    ok = _ebb_server_exec (conn, display, "BEGIN; SET LOCAL client_min_messages = warning;", error) &&
         _ebb_server_exec (conn, display, lock->str, error);
  }
  ok = ok &&
       server_is_empty (conn, display, error) &&
       _ebb_server_exec (conn, display, "ALTER TABLE audit DISABLE TRIGGER audit_who", error);

  for (guint i = 0; ok && _ebb_server_clinic_tables[i] != NULL; i++)
    {
      EbbCopiedTable copied = { _ebb_server_clinic_tables[i], 0 };

      copied.rows = upload_table (db, conn, display, copied.table, error);
      ok = copied.rows >= 0 && server_count (conn, display, copied.table, error) == copied.rows;
      if (ok)
        g_array_append_val (counts, copied);
      else if (error != NULL && *error == NULL)
        g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                     _("%s: the table %s did not receive every row"), display, copied.table);
    }

  ok = ok &&
       _ebb_server_exec (conn, display, "ALTER TABLE audit ENABLE TRIGGER audit_who", error) &&
       advance_identities (conn, display, error);

  /* Checked as `check` checks the server: the audit trail's chain holds
   * there only if every entry came across as it was. */
  if (ok)
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

      ok = _ebb_server_verify_chain (conn, display, problems, error);
      if (ok && problems->len > 0)
        {
          g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_CHECK_FAILED,
                       _("The copy on %s does not check, so it was not kept: %s"), display,
                       (const char *) g_ptr_array_index (problems, 0));
          ok = FALSE;
        }
    }
  ok = ok && _ebb_server_exec (conn, display, "COMMIT", error);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (!ok)
    {
      g_autoptr(PGresult) rollback = _ebb_pq ()->PQexec (conn, "ROLLBACK");

      return NULL;
    }
  return g_steal_pointer (&counts);
}

/* Server to file ------------------------------------------------------------- */

static gint64
download_table (PGconn      *conn,
                const char  *display,
                sqlite3     *db,
                const char  *table,
                GError     **error)
{
  g_auto(GStrv) columns = NULL;
  g_autofree char *list = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *insert = NULL;
  g_autoptr(GString) marks = g_string_new (NULL);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(PGresult) started = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n_rows = 0;
  guint n_columns;
  char *row;
  int length;

  if ((columns = file_columns (db, table, error)) == NULL)
    return -1;
  n_columns = g_strv_length (columns);
  list = column_list ((const char * const *) columns);
  for (guint c = 0; c < n_columns; c++)
    g_string_append (marks, c > 0 ? ", ?" : "?");
  insert = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s)", table, list, marks->str);
  copy = g_strdup_printf ("COPY (SELECT %s FROM %s ORDER BY %s) TO STDOUT", list, table,
                          table_order (table));

  if (sqlite3_prepare_v2 (db, insert, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                   _("Could not write %s into the clinic file: %s"), table, sqlite3_errmsg (db));
      return -1;
    }
  started = _ebb_pq ()->PQexec (conn, copy);
  if (_ebb_pq ()->PQresultStatus (started) != PGRES_COPY_OUT)
    {
      _ebb_server_set_error_from_result (error, display, started, conn);
      sqlite3_finalize (stmt);
      return -1;
    }

  while ((length = _ebb_pq ()->PQgetCopyData (conn, &row, 0)) > 0)
    {
      gboolean written;

      /* One row per buffer, ending with its newline */
      if (_ebb_server_parse_copy_row (row, row[length - 1] == '\n' ? length - 1 : length, fields) != n_columns)
        {
          _ebb_pq ()->PQfreemem (row);
          g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                       _("%s: a row of %s did not have the file's %u columns"), display, table, n_columns);
          break;
        }
      for (guint c = 0; c < n_columns; c++)
        {
          const char *value = g_ptr_array_index (fields, c);

          if (value == NULL)
            sqlite3_bind_null (stmt, (int) c + 1);
          else
            sqlite3_bind_text (stmt, (int) c + 1, value, -1, SQLITE_TRANSIENT);
        }
      written = sqlite3_step (stmt) == SQLITE_DONE;
      sqlite3_reset (stmt);
      _ebb_pq ()->PQfreemem (row);
      if (!written)
        {
          g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                       _("Could not write a row of %s into the clinic file: %s"), table, sqlite3_errmsg (db));
          break;
        }
      n_rows++;
    }
  sqlite3_finalize (stmt);

  if (length == -2)
    copy_failed (error, display, conn);
  if (length > 0)
    {
      /* Stopped early: read the rest away, so the connection is usable
       * for the rollback. */
      while ((length = _ebb_pq ()->PQgetCopyData (conn, &row, 0)) > 0)
        _ebb_pq ()->PQfreemem (row);
      finish_copy (conn, display, NULL);
      return -1;
    }
  if (!finish_copy (conn, display, error) || (error != NULL && *error != NULL))
    return -1;
  return n_rows;
}

static gboolean
remove_clinic_file (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (name) != 0 && errno != ENOENT)
        return FALSE;
    }
  return TRUE;
}

static GArray *
copy_server_to_file (const char  *uri,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *display = ebb_server_display_name (uri);
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (EbbCopiedTable));
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gboolean ok;
  int version;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_NOT_EMPTY,
                   _("%s already exists: a copy goes only into a new clinic file"), path);
      return NULL;
    }
  if ((conn = _ebb_server_connect (uri, error)) == NULL)
    return NULL;

  /* One moment of the clinic on the server, whatever others write. */
  if (!_ebb_server_exec (conn, display, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error) ||
      (version = _ebb_server_schema_version (conn, display, error)) < 0)
    return NULL;
  if (version != EBB_SERVER_SCHEMA_VERSION)
    {
      if (version == 0)
        g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_NOT_EBB,
                     _("%s holds no clinic: nothing to copy"), display);
      else
        g_set_error (error, EBB_SERVER_ERROR, version > EBB_SERVER_SCHEMA_VERSION ? EBB_SERVER_ERROR_TOO_NEW
                                                                                 : EBB_SERVER_ERROR_UNSUPPORTED,
                     _("%s has schema %d and this Ebb copies schema %d: run `ebb-cli init` on it "
                       "with the newer of the two versions of Ebb first"),
                     display, version, EBB_SERVER_SCHEMA_VERSION);
      return NULL;
    }

  if ((store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, error)) == NULL)
    return NULL;

  ok = sqlite3_exec (store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
  if (!ok)
    g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                 _("Could not write %s: %s"), path, sqlite3_errmsg (store->db));
  for (guint i = 0; ok && _ebb_server_clinic_tables[i] != NULL; i++)
    {
      EbbCopiedTable copied = { _ebb_server_clinic_tables[i], 0 };

      copied.rows = download_table (conn, display, store->db, copied.table, error);
      ok = copied.rows >= 0 && server_count (conn, display, copied.table, error) == copied.rows;
      if (ok)
        g_array_append_val (counts, copied);
      else if (error != NULL && *error == NULL)
        g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                     _("%s: the table %s was not read whole"), display, copied.table);
    }
  if (ok && sqlite3_exec (store->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                   _("Could not write %s: %s"), path, sqlite3_errmsg (store->db));
      ok = FALSE;
    }

  /* The file is checked as `ebb-cli check` does: the audit trail's chain
   * verifies only if every entry came across as it was. */
  if (ok && !ebb_store_check (store, &problems, error))
    {
      if (problems != NULL && problems->len > 0)
        g_prefix_error (error, _("The copy in %s does not check: %s. "), path,
                        (const char *) g_ptr_array_index (problems, 0));
      ok = FALSE;
    }

  g_clear_object (&store);
  if (!ok)
    {
      remove_clinic_file (path);
      return NULL;
    }
  return g_steal_pointer (&counts);
}

/* Public --------------------------------------------------------------------- */

/**
 * ebb_server_copy:
 * @from: the clinic copied: a clinic file, or a server's URI
 * @to: where: a server's URI for a file, or a new file's path for a server
 * @error: %EBB_SERVER_ERROR_NOT_EMPTY when @to holds anything already,
 *   %EBB_SERVER_ERROR_UNSUPPORTED for a file to a file or a server to a
 *   server, or an error of opening either side
 *
 * Copies every record and audit entry of a clinic between a file and a
 * server, in one transaction on the side written, and checks each
 * table's count on both sides before committing it (and, for a file, the
 * audit trail's chain).  A server is given the schema first when it has
 * none (as ebb_server_init()); the copy onto it needs the database's
 * owner, since only the owner may keep each audit entry's user.  Nothing
 * is written on a failure: a new file is removed.
 *
 * Returns: (transfer full) (element-type EbbCopiedTable): the rows copied
 *   per table, in the order copied, or %NULL with @error
 */
GArray *
ebb_server_copy (const char  *from,
                 const char  *to,
                 GError     **error)
{
  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (ebb_location_is_server (from) == ebb_location_is_server (to))
    {
      g_set_error_literal (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_UNSUPPORTED,
                           ebb_location_is_server (from)
                             ? _("A copy goes from a server to a clinic file or back; to copy between two "
                                 "servers, use pg_dump")
                             : _("A copy goes from a clinic file to a server or back; to copy a clinic file, "
                                 "use `ebb-cli backup`"));
      return NULL;
    }
  if (_ebb_pq_load (error) == NULL)
    return NULL;

  if (ebb_location_is_server (to))
    {
      g_autoptr(EbbStore) store = ebb_store_open (from, EBB_STORE_OPEN_DEFAULT, error);

      return store != NULL ? copy_file_to_server (store, to, error) : NULL;
    }
  return copy_server_to_file (from, to, error);
}
