/* ebb-sql-server.c — one connection to a clinic: a server's side
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's statements on a PostgreSQL server, through libpq.  A
 * statement's `?N` become `$N` once, when it is prepared; it runs when it
 * is first stepped, its parameters sent as text for the server to read as
 * the columns they meet, and every row of its result is then read from
 * memory.  That keeps SQLite's one rule that the store relies on, that
 * several statements may be stepped in turn (the scan walks six at once),
 * which one libpq connection streaming rows could not.
 *
 * A statement used many times is prepared on the server, under a name of
 * its own, the first time it runs; again after the connection was made
 * anew, since the server forgets them with the session.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-server-private.h"
#include "ebb-sql-server-private.h"

typedef struct
{
  PGconn *conn;
  char   *display;
  char   *errmsg;
  int     errcode;
  gint64  changes;
  guint   generation;   /* moves on each time the connection is made anew */
  gboolean resetting;   /* making the connection anew, a step at each look */
  gint64  reset_began;  /* when, in monotonic µs */
  guint   next_name;
} EbbSqlServer;

struct _EbbSqlServerStmt
{
  EbbSqlServer *server;
  char         *text;         /* with $N */
  int           n_params;
  char        **params;       /* n_params values, NULL for SQL's NULL */
  gboolean      persistent;
  char         *name;         /* prepared under it, in @prepared_in */
  guint         prepared_in;  /* the connection's generation; 0 not yet */
  PGresult     *result;
  int           row;          /* the row stepped to; -1 before the first step */
};

static EbbSqlServer *
server_of (EbbSql *sql)
{
  return sql->server;
}

EbbSql *
_ebb_sql_new_for_server (gpointer    conn,
                         const char *display)
{
  EbbSql *sql = g_new0 (EbbSql, 1);
  EbbSqlServer *server = g_new0 (EbbSqlServer, 1);

  server->conn = conn;
  server->display = g_strdup (display);
  server->generation = 1;
  sql->server = server;
  return sql;
}

void
_ebb_sql_server_free (EbbSql *sql)
{
  EbbSqlServer *server = server_of (sql);

  if (server == NULL)
    return;
  g_clear_pointer (&server->conn, _ebb_server_connection_free);
  g_free (server->display);
  g_free (server->errmsg);
  g_free (server);
  sql->server = NULL;
}

const char *
_ebb_sql_server_display (EbbSql *sql)
{
  return server_of (sql)->display;
}

/* SQLite's code for a server's failure (ebb-sql.h): what the store's
 * messages are chosen by. */
static int
code_for_state (const char *state,
                PGconn     *conn)
{
  if (_ebb_pq ()->PQstatus (conn) != CONNECTION_OK)
    return SQLITE_CANTOPEN;
  if (state == NULL)
    return SQLITE_ERROR;
  /* The kinds of constraint the store tells apart, as SQLite's extended
   * codes; the rest of class 23 as any constraint. */
  if (strcmp (state, "23505") == 0)
    return SQLITE_CONSTRAINT_UNIQUE;
  if (strcmp (state, "23503") == 0)
    return SQLITE_CONSTRAINT_FOREIGNKEY;
  if (strcmp (state, "23514") == 0)
    return SQLITE_CONSTRAINT_CHECK;
  if (strcmp (state, "23502") == 0)
    return SQLITE_CONSTRAINT_NOTNULL;
  if (g_str_has_prefix (state, "23"))
    return SQLITE_CONSTRAINT;
  if (g_str_has_prefix (state, "08"))
    return SQLITE_CANTOPEN;
  if (strcmp (state, "42501") == 0)
    return SQLITE_PERM;
  if (strcmp (state, "25006") == 0)
    return SQLITE_READONLY;
  if (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0 ||
      strcmp (state, "55P03") == 0)
    return SQLITE_BUSY;
  if (strcmp (state, "53100") == 0)
    return SQLITE_FULL;
  if (strcmp (state, "XX001") == 0 || strcmp (state, "XX002") == 0)
    return SQLITE_CORRUPT;
  return SQLITE_ERROR;
}

/* Keeps the failure for ebb_sql_errmsg() and returns its code. */
static int
take_failure (EbbSqlServer   *server,
              const PGresult *result)
{
  const char *state = NULL;
  const char *message = NULL;

  if (result != NULL)
    {
      state = _ebb_pq ()->PQresultErrorField (result, PG_DIAG_SQLSTATE);
      message = _ebb_pq ()->PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY);
    }
  if (message == NULL)
    message = _ebb_pq ()->PQerrorMessage (server->conn);
  g_free (server->errmsg);
  server->errmsg = g_strchomp (g_strdup (message != NULL && *message != '\0'
                                         ? message : _("the server did not answer")));
  server->errcode = code_for_state (state, server->conn);
  return server->errcode;
}

/* Counts the rows a command wrote, as sqlite3_total_changes64() does. */
static void
count_changes (EbbSqlServer   *server,
               const PGresult *result)
{
  const char *status = _ebb_pq ()->PQcmdStatus ((PGresult *) result);

  if (g_str_has_prefix (status, "INSERT") || g_str_has_prefix (status, "UPDATE") ||
      g_str_has_prefix (status, "DELETE"))
    server->changes += g_ascii_strtoll (_ebb_pq ()->PQcmdTuples ((PGresult *) result), NULL, 10);
}

static int
finish_result (EbbSqlServer *server,
               PGresult     *result)
{
  ExecStatusType status = _ebb_pq ()->PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    {
      count_changes (server, result);
      server->errcode = SQLITE_OK;
      return SQLITE_OK;
    }
  return take_failure (server, result);
}

gboolean
_ebb_sql_server_in_transaction (EbbSql *sql)
{
  PGTransactionStatusType status = _ebb_pq ()->PQtransactionStatus (server_of (sql)->conn);

  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

int
_ebb_sql_server_exec (EbbSql     *sql,
                      const char *text)
{
  EbbSqlServer *server = server_of (sql);
  g_autoptr(PGresult) result = _ebb_pq ()->PQexec (server->conn, text);
  int rc = finish_result (server, result);

  /* A COMMIT of a transaction that failed along the way is answered with
   * ROLLBACK and no error: nothing was stored, and the caller must hear
   * so. */
  if (rc == SQLITE_OK && strcmp (text, "COMMIT") == 0 &&
      strcmp (_ebb_pq ()->PQcmdStatus (result), "COMMIT") != 0)
    {
      g_free (server->errmsg);
      server->errmsg = g_strdup (_("the server rolled the change back, as a step of it had failed"));
      server->errcode = SQLITE_ABORT;
      return SQLITE_ABORT;
    }
  return rc;
}

const char *
_ebb_sql_server_errmsg (EbbSql *sql)
{
  EbbSqlServer *server = server_of (sql);

  return server->errmsg != NULL ? server->errmsg : "not an error";
}

int
_ebb_sql_server_errcode (EbbSql *sql)
{
  return server_of (sql)->errcode;
}

gint64
_ebb_sql_server_total_changes (EbbSql *sql)
{
  return server_of (sql)->changes;
}

gboolean
_ebb_sql_server_connected (EbbSql *sql)
{
  return _ebb_pq ()->PQstatus (server_of (sql)->conn) == CONNECTION_OK;
}

/* Makes the connection anew after it was lost, listening again; the
 * statements prepare themselves again when next run.  Without blocking
 * (a window calls this every second while the server is away): each call
 * takes the next step, and says whether the connection is back. */
gboolean
_ebb_sql_server_reconnect (EbbSql *sql)
{
  EbbSqlServer *server = server_of (sql);
  g_autoptr(PGresult) listen = NULL;
  PostgresPollingStatusType poll;

  if (!server->resetting)
    {
      server->resetting = _ebb_pq ()->PQresetStart (server->conn) != 0;
      server->reset_began = g_get_monotonic_time ();
      return FALSE;
    }
  poll = _ebb_pq ()->PQresetPoll (server->conn);
  /* libpq keeps no time limit without blocking: an attempt that hangs
   * (a half-open network) is given up after 15 s, and begun again. */
  if (poll == PGRES_POLLING_FAILED ||
      (poll != PGRES_POLLING_OK && g_get_monotonic_time () - server->reset_began > 15 * G_USEC_PER_SEC))
    server->resetting = FALSE;
  if (poll != PGRES_POLLING_OK)
    return FALSE;
  server->resetting = FALSE;
  server->generation++;
  listen = _ebb_pq ()->PQexec (server->conn, "LISTEN " EBB_SQL_CHANGES_CHANNEL);
  return finish_result (server, listen) == SQLITE_OK;
}

int
_ebb_sql_server_socket (EbbSql *sql)
{
  return _ebb_pq ()->PQsocket (server_of (sql)->conn);
}

/* Takes the announcements of changes other connections committed since
 * the last call: how many, and in @patient_id the one patient they were
 * all about, or 0. */
guint
_ebb_sql_server_take_changes (EbbSql *sql,
                              gint64 *patient_id)
{
  EbbSqlServer *server = server_of (sql);
  int own = _ebb_pq ()->PQbackendPID (server->conn);
  PGnotify *notify;
  guint n = 0;

  *patient_id = 0;
  if (!_ebb_pq ()->PQconsumeInput (server->conn))
    return 0;
  while ((notify = _ebb_pq ()->PQnotifies (server->conn)) != NULL)
    {
      if (notify->be_pid != own && strcmp (notify->relname, EBB_SQL_CHANGES_CHANNEL) == 0)
        {
          gint64 id = g_ascii_strtoll (notify->extra, NULL, 10);

          *patient_id = n == 0 || *patient_id == id ? id : 0;
          n++;
        }
      _ebb_pq ()->PQfreemem (notify);
    }
  return n;
}

/* `?N` (and a bare `?`, numbered in turn) become `$N`, outside quotes;
 * @n_params is the highest number. */
char *
_ebb_sql_server_convert (const char *text,
                         int        *n_params)
{
  GString *out = g_string_sized_new (strlen (text) + 16);
  char quote = 0;
  int highest = 0;
  int next = 1;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
          g_string_append_c (out, *p);
        }
      else if (*p == '\'' || *p == '"')
        {
          quote = *p;
          g_string_append_c (out, *p);
        }
      else if (*p == '?')
        {
          int number;

          if (g_ascii_isdigit (p[1]))
            {
              char *end;

              number = (int) g_ascii_strtoll (p + 1, &end, 10);
              p = end - 1;
            }
          else
            number = next;
          next = number + 1;
          highest = MAX (highest, number);
          g_string_append_printf (out, "$%d", number);
        }
      else
        g_string_append_c (out, *p);
    }
  *n_params = highest;
  return g_string_free (out, FALSE);
}

int
_ebb_sql_server_prepare (EbbSql            *sql,
                         const char        *text,
                         gboolean           persistent,
                         EbbSqlServerStmt **out)
{
  EbbSqlServer *server = server_of (sql);
  EbbSqlServerStmt *stmt = g_new0 (EbbSqlServerStmt, 1);

  stmt->server = server;
  stmt->text = _ebb_sql_server_convert (text, &stmt->n_params);
  stmt->params = g_new0 (char *, MAX (stmt->n_params, 1));
  stmt->persistent = persistent;
  stmt->row = -1;
  if (persistent)
    stmt->name = g_strdup_printf ("ebb_%u", ++server->next_name);
  *out = stmt;
  return SQLITE_OK;
}

void
_ebb_sql_server_reset (EbbSqlServerStmt *stmt)
{
  g_clear_pointer (&stmt->result, _ebb_server_result_free);
  stmt->row = -1;
}

void
_ebb_sql_server_clear_bindings (EbbSqlServerStmt *stmt)
{
  for (int i = 0; i < stmt->n_params; i++)
    g_clear_pointer (&stmt->params[i], g_free);
}

void
_ebb_sql_server_finalize (EbbSqlServerStmt *stmt)
{
  _ebb_sql_server_reset (stmt);
  _ebb_sql_server_clear_bindings (stmt);
  /* A prepared statement is never deallocated: the store prepares each
   * of its statements once and finalizes them as it closes, and the
   * server forgets them with the session (a round trip each would only
   * slow closing). */
  g_free (stmt->params);
  g_free (stmt->name);
  g_free (stmt->text);
  g_free (stmt);
}

gboolean
_ebb_sql_server_busy (EbbSqlServerStmt *stmt)
{
  return stmt->result != NULL && stmt->row < _ebb_pq ()->PQntuples (stmt->result);
}

/* Takes @text (NULL for SQL's NULL). */
void
_ebb_sql_server_bind (EbbSqlServerStmt *stmt,
                      int               index,
                      char             *text)
{
  g_return_if_fail (index >= 1 && index <= stmt->n_params);

  g_free (stmt->params[index - 1]);
  stmt->params[index - 1] = text;
}

static PGresult *
run (EbbSqlServerStmt *stmt)
{
  EbbSqlServer *server = stmt->server;
  const char * const *params = (const char * const *) stmt->params;

  if (!stmt->persistent)
    return _ebb_pq ()->PQexecParams (server->conn, stmt->text, stmt->n_params, NULL, params,
                                     NULL, NULL, 0);
  if (stmt->prepared_in != server->generation)
    {
      g_autoptr(PGresult) prepared = _ebb_pq ()->PQprepare (server->conn, stmt->name, stmt->text,
                                                            stmt->n_params, NULL);

      if (_ebb_pq ()->PQresultStatus (prepared) != PGRES_COMMAND_OK)
        return g_steal_pointer (&prepared);
      stmt->prepared_in = server->generation;
    }
  return _ebb_pq ()->PQexecPrepared (server->conn, stmt->name, stmt->n_params, params,
                                     NULL, NULL, 0);
}

int
_ebb_sql_server_step (EbbSqlServerStmt *stmt)
{
  if (stmt->row < 0)
    {
      PGresult *result = run (stmt);
      int rc = finish_result (stmt->server, result);

      if (rc != SQLITE_OK || _ebb_pq ()->PQresultStatus (result) != PGRES_TUPLES_OK)
        {
          _ebb_pq ()->PQclear (result);
          /* A command is done; stepping it again before a reset does
           * nothing more, as in SQLite after SQLITE_DONE. */
          stmt->row = 0;
          return rc != SQLITE_OK ? rc : SQLITE_DONE;
        }
      stmt->result = result;
      stmt->row = 0;
    }
  else if (stmt->result != NULL)
    stmt->row++;
  else
    return SQLITE_DONE;

  if (stmt->row < _ebb_pq ()->PQntuples (stmt->result))
    return SQLITE_ROW;
  return SQLITE_DONE;
}

int
_ebb_sql_server_column_count (EbbSqlServerStmt *stmt)
{
  return stmt->result != NULL ? _ebb_pq ()->PQnfields (stmt->result) : 0;
}

/* The value in the current row, NULL for SQL's NULL or past the rows. */
const char *
_ebb_sql_server_column (EbbSqlServerStmt *stmt,
                        int               column,
                        int              *length)
{
  if (length != NULL)
    *length = 0;
  if (stmt->result == NULL || stmt->row < 0 || stmt->row >= _ebb_pq ()->PQntuples (stmt->result) ||
      column >= _ebb_pq ()->PQnfields (stmt->result) ||
      _ebb_pq ()->PQgetisnull (stmt->result, stmt->row, column))
    return NULL;
  if (length != NULL)
    *length = _ebb_pq ()->PQgetlength (stmt->result, stmt->row, column);
  return _ebb_pq ()->PQgetvalue (stmt->result, stmt->row, column);
}
