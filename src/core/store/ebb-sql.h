/* ebb-sql.h — one connection to a clinic, a file's or a server's
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EbbStore speaks SQL through this: a connection (EbbSql) and its
 * prepared statements (EbbSqlStmt), shaped as SQLite's own, so that the
 * store's code reads the same whichever backend holds the clinic.  On a
 * clinic file each call is SQLite's, inline; on a clinic server
 * (ebb-sql-server.c) a statement runs through libpq when it is first
 * stepped, its parameters sent as text, and its rows are read from the
 * result.  Results are SQLite's codes (SQLITE_ROW, SQLITE_DONE,
 * SQLITE_CONSTRAINT …): the server's SQLSTATEs are mapped to them in one
 * place, and its message kept for ebb_sql_errmsg().
 *
 * The SQL is shared where it is portable: `?N` parameters (the server's
 * `$N`), RETURNING for a new row's id, NULLS FIRST spelled out.  Where it
 * is not, the store keeps the server's form beside the file's
 * (ebb-store-rows.c).
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _EbbSql     EbbSql;
typedef struct _EbbSqlStmt EbbSqlStmt;
typedef struct _EbbSqlServerStmt EbbSqlServerStmt;

struct _EbbSqlStmt
{
  sqlite3_stmt     *lite;    /* a file's statement; NULL for a server's */
  EbbSqlServerStmt *server;  /* a server's; NULL for a file's */
  gboolean          lite_insert_rowid;  /* a file's INSERT … RETURNING id, run without it */
};

/* For an INSERT … RETURNING id (or rowid): steps it, giving the new
 * row's id and SQLITE_DONE, or the failure's code.  In a file the
 * RETURNING clause is left out and the id read from the connection:
 * SQLite 3.40 runs a statement with RETURNING under a statement journal
 * of its own, allocated and freed on every row, which made an import
 * three times slower. */
int         ebb_sql_step_insert               (EbbSqlStmt   *stmt,
                                               gint64       *id);

/* The connection.  A file's is only its sqlite3 handle. */
struct _EbbSql
{
  sqlite3 *lite;
  gpointer server;           /* EbbSqlServer, ebb-sql-server.c */
};

EbbSql     *ebb_sql_new_for_file              (sqlite3      *db);
void        ebb_sql_free                      (EbbSql       *sql);
int         ebb_sql_prepare                   (EbbSql       *sql,
                                               const char   *text,
                                               gboolean      persistent,
                                               EbbSqlStmt  **out);
void        ebb_sql_finalize                  (EbbSqlStmt   *stmt);

/* The server's side (ebb-sql-server.c) */
gboolean    _ebb_sql_server_in_transaction    (EbbSql       *sql);
int         _ebb_sql_server_exec              (EbbSql       *sql,
                                               const char   *text);
const char *_ebb_sql_server_errmsg            (EbbSql       *sql);
int         _ebb_sql_server_errcode           (EbbSql       *sql);
gint64      _ebb_sql_server_total_changes     (EbbSql       *sql);
int         _ebb_sql_server_step              (EbbSqlServerStmt *stmt);
void        _ebb_sql_server_reset             (EbbSqlServerStmt *stmt);
void        _ebb_sql_server_clear_bindings    (EbbSqlServerStmt *stmt);
gboolean    _ebb_sql_server_busy              (EbbSqlServerStmt *stmt);
void        _ebb_sql_server_bind              (EbbSqlServerStmt *stmt,
                                               int               index,
                                               char             *text);
const char *_ebb_sql_server_column            (EbbSqlServerStmt *stmt,
                                               int               column,
                                               int              *length);
int         _ebb_sql_server_column_count      (EbbSqlServerStmt *stmt);

static inline gboolean
ebb_sql_is_server (EbbSql *sql)
{
  return sql->lite == NULL;
}

static inline int
ebb_sql_exec (EbbSql     *sql,
              const char *text)
{
  return sql->lite != NULL ? sqlite3_exec (sql->lite, text, NULL, NULL, NULL)
                           : _ebb_sql_server_exec (sql, text);
}

/* Whether no transaction is open: SQLite rolls one back by itself after
 * some errors, the server after a lost connection. */
static inline gboolean
ebb_sql_get_autocommit (EbbSql *sql)
{
  return sql->lite != NULL ? sqlite3_get_autocommit (sql->lite) != 0
                           : !_ebb_sql_server_in_transaction (sql);
}

static inline const char *
ebb_sql_errmsg (EbbSql *sql)
{
  return sql->lite != NULL ? sqlite3_errmsg (sql->lite) : _ebb_sql_server_errmsg (sql);
}

static inline int
ebb_sql_errcode (EbbSql *sql)
{
  return sql->lite != NULL ? sqlite3_extended_errcode (sql->lite) : _ebb_sql_server_errcode (sql);
}

/* Rows inserted, changed or deleted on this connection so far. */
static inline gint64
ebb_sql_total_changes (EbbSql *sql)
{
  return sql->lite != NULL ? sqlite3_total_changes64 (sql->lite)
                           : _ebb_sql_server_total_changes (sql);
}

static inline int
ebb_sql_step (EbbSqlStmt *stmt)
{
  return stmt->lite != NULL ? sqlite3_step (stmt->lite) : _ebb_sql_server_step (stmt->server);
}

static inline void
ebb_sql_reset (EbbSqlStmt *stmt)
{
  if (stmt->lite != NULL)
    sqlite3_reset (stmt->lite);
  else
    _ebb_sql_server_reset (stmt->server);
}

static inline void
ebb_sql_clear_bindings (EbbSqlStmt *stmt)
{
  if (stmt->lite != NULL)
    sqlite3_clear_bindings (stmt->lite);
  else
    _ebb_sql_server_clear_bindings (stmt->server);
}

static inline gboolean
ebb_sql_stmt_busy (EbbSqlStmt *stmt)
{
  return stmt->lite != NULL ? sqlite3_stmt_busy (stmt->lite) != 0
                            : _ebb_sql_server_busy (stmt->server);
}

static inline void
ebb_sql_bind_null (EbbSqlStmt *stmt,
                   int         index)
{
  if (stmt->lite != NULL)
    sqlite3_bind_null (stmt->lite, index);
  else
    _ebb_sql_server_bind (stmt->server, index, NULL);
}

static inline void
ebb_sql_bind_int64 (EbbSqlStmt *stmt,
                    int         index,
                    gint64      value)
{
  if (stmt->lite != NULL)
    sqlite3_bind_int64 (stmt->lite, index, value);
  else
    _ebb_sql_server_bind (stmt->server, index, g_strdup_printf ("%" G_GINT64_FORMAT, value));
}

static inline void
ebb_sql_bind_int (EbbSqlStmt *stmt,
                  int         index,
                  int         value)
{
  ebb_sql_bind_int64 (stmt, index, value);
}

static inline void
ebb_sql_bind_double (EbbSqlStmt *stmt,
                     int         index,
                     double      value)
{
  if (stmt->lite != NULL)
    sqlite3_bind_double (stmt->lite, index, value);
  else
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      _ebb_sql_server_bind (stmt->server, index,
                            g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value)));
    }
}

/* As sqlite3_bind_text(): @destroy is called on @text once it is no
 * longer needed (SQLITE_STATIC and SQLITE_TRANSIENT as for SQLite). */
static inline void
ebb_sql_bind_text (EbbSqlStmt   *stmt,
                   int           index,
                   const char   *text,
                   int           length,
                   void        (*destroy) (void *))
{
  if (stmt->lite != NULL)
    {
      sqlite3_bind_text (stmt->lite, index, text, length, destroy);
      return;
    }
  _ebb_sql_server_bind (stmt->server, index,
                        length < 0 ? g_strdup (text) : g_strndup (text, length));
  if (destroy != SQLITE_STATIC && destroy != SQLITE_TRANSIENT)
    destroy ((void *) text);
}

static inline int
ebb_sql_column_count (EbbSqlStmt *stmt)
{
  return stmt->lite != NULL ? sqlite3_column_count (stmt->lite)
                            : _ebb_sql_server_column_count (stmt->server);
}

/* SQLITE_NULL, or for a server's value SQLITE_TEXT: a server's values
 * come as text, read as whatever the column holds. */
static inline int
ebb_sql_column_type (EbbSqlStmt *stmt,
                     int         column)
{
  if (stmt->lite != NULL)
    return sqlite3_column_type (stmt->lite, column);
  return _ebb_sql_server_column (stmt->server, column, NULL) == NULL ? SQLITE_NULL : SQLITE_TEXT;
}

static inline const unsigned char *
ebb_sql_column_text (EbbSqlStmt *stmt,
                     int         column)
{
  if (stmt->lite != NULL)
    return sqlite3_column_text (stmt->lite, column);
  return (const unsigned char *) _ebb_sql_server_column (stmt->server, column, NULL);
}

static inline int
ebb_sql_column_bytes (EbbSqlStmt *stmt,
                      int         column)
{
  int length = 0;

  if (stmt->lite != NULL)
    return sqlite3_column_bytes (stmt->lite, column);
  _ebb_sql_server_column (stmt->server, column, &length);
  return length;
}

static inline gint64
ebb_sql_column_int64 (EbbSqlStmt *stmt,
                      int         column)
{
  const char *value;

  if (stmt->lite != NULL)
    return sqlite3_column_int64 (stmt->lite, column);
  value = _ebb_sql_server_column (stmt->server, column, NULL);
  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

static inline int
ebb_sql_column_int (EbbSqlStmt *stmt,
                    int         column)
{
  return (int) ebb_sql_column_int64 (stmt, column);
}

static inline double
ebb_sql_column_double (EbbSqlStmt *stmt,
                       int         column)
{
  const char *value;

  if (stmt->lite != NULL)
    return sqlite3_column_double (stmt->lite, column);
  value = _ebb_sql_server_column (stmt->server, column, NULL);
  return value != NULL ? g_ascii_strtod (value, NULL) : 0.0;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbSqlStmt, ebb_sql_finalize)

G_END_DECLS
