/* ebb-sql.c — one connection to a clinic: a file's side
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file's connection is its sqlite3 handle; each call is SQLite's
 * (ebb-sql.h).  A server's is in ebb-sql-server.c.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <string.h>

#include "ebb-sql.h"
#include "ebb-sql-server-private.h"

/* Takes @db: ebb_sql_free() closes it. */
EbbSql *
ebb_sql_new_for_file (sqlite3 *db)
{
  EbbSql *sql = g_new0 (EbbSql, 1);

  sql->lite = db;
  return sql;
}

void
ebb_sql_free (EbbSql *sql)
{
  if (sql == NULL)
    return;
  if (sql->lite != NULL)
    /* The last connection to close checkpoints the WAL into the file and
     * removes the -wal and -shm files. */
    sqlite3_close (sql->lite);
  else
    _ebb_sql_server_free (sql);
  g_free (sql);
}

/* @persistent: the statement is kept and used many times (SQLite's
 * SQLITE_PREPARE_PERSISTENT; a server keeps it prepared). */
int
ebb_sql_prepare (EbbSql       *sql,
                 const char   *text,
                 gboolean      persistent,
                 EbbSqlStmt  **out)
{
  g_autofree EbbSqlStmt *stmt = g_new0 (EbbSqlStmt, 1);
  int rc;

  *out = NULL;
  if (sql->lite != NULL)
    {
      /* INSERT … RETURNING id runs without it (ebb_sql_step_insert()). */
      gsize length = strlen (text);
      const char *clause = NULL;

      if (g_str_has_suffix (text, " RETURNING id"))
        clause = " RETURNING id";
      else if (g_str_has_suffix (text, " RETURNING rowid"))
        clause = " RETURNING rowid";
      if (clause != NULL)
        {
          length -= strlen (clause);
          stmt->lite_insert_rowid = TRUE;
        }
      rc = sqlite3_prepare_v3 (sql->lite, text, (int) length, persistent ? SQLITE_PREPARE_PERSISTENT : 0,
                               &stmt->lite, NULL);
    }
  else
    rc = _ebb_sql_server_prepare (sql, text, persistent, &stmt->server);
  if (rc != SQLITE_OK)
    return rc;
  *out = g_steal_pointer (&stmt);
  return SQLITE_OK;
}

void
ebb_sql_finalize (EbbSqlStmt *stmt)
{
  if (stmt == NULL)
    return;
  if (stmt->lite != NULL)
    sqlite3_finalize (stmt->lite);
  else
    _ebb_sql_server_finalize (stmt->server);
  g_free (stmt);
}

int
ebb_sql_step_insert (EbbSqlStmt *stmt,
                     gint64     *id)
{
  int rc = ebb_sql_step (stmt);

  if (stmt->lite_insert_rowid)
    {
      if (rc == SQLITE_DONE)
        *id = sqlite3_last_insert_rowid (sqlite3_db_handle (stmt->lite));
      return rc;
    }
  if (rc == SQLITE_ROW)
    {
      *id = ebb_sql_column_int64 (stmt, 0);
      rc = ebb_sql_step (stmt);
    }
  return rc;
}
