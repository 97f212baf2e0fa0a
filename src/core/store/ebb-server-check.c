/* ebb-server-check.c — checking a clinic on a server, as `check` checks a file
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A server keeps its own pages and foreign keys sound; what Ebb checks
 * there is its own: that the schema is the one this Ebb knows, and that
 * the audit trail's hash chain holds, entry by entry, computed exactly as
 * in a clinic file (ebb-store-chain.c), so that a trail copied between
 * the two verifies on either side.
 */
#define G_LOG_DOMAIN "ebb-server"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-server-private.h"
#include "ebb-store-private.h"

/**
 * _ebb_server_verify_chain:
 * @problems: where the first broken link is described
 *
 * Recomputes every audit entry's hash from its content and the stored
 * hash of the entry before it, reading the trail as a stream.  Only the
 * first entry that does not match is named.
 *
 * Returns: %FALSE with @error only when the trail could not be read
 */
gboolean
_ebb_server_verify_chain (PGconn      *conn,
                          const char  *display,
                          GPtrArray   *problems,
                          GError     **error)
{
  g_autoptr(PGresult) started = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  char previous[EBB_AUDIT_HASH_SIZE] = "";
  gboolean has_previous = FALSE;
  gboolean broken = FALSE;
  PGresult *result;
  gboolean ok = TRUE;
  char *row;
  int length;

  started = _ebb_pq ()->PQexec (conn, "COPY (SELECT " EBB_AUDIT_CHAIN_COLUMNS " FROM audit ORDER BY id) TO STDOUT");
  if (_ebb_pq ()->PQresultStatus (started) != PGRES_COPY_OUT)
    {
      _ebb_server_set_error_from_result (error, display, started, conn);
      return FALSE;
    }

  /* Read to the end even once broken: the connection stays usable. */
  while ((length = _ebb_pq ()->PQgetCopyData (conn, &row, 0)) > 0)
    {
      if (!broken)
        {
          char expected[EBB_AUDIT_HASH_SIZE];
          const char *stored;

          if (_ebb_server_parse_copy_row (row, row[length - 1] == '\n' ? length - 1 : length, fields) !=
              EBB_AUDIT_CHAIN_N_FIELDS + 1)
            {
              g_ptr_array_add (problems, g_strdup (_("the audit trail cannot be read as Ebb wrote it, so "
                                                     "its hash chain cannot be verified")));
              broken = TRUE;
            }
          else
            {
              stored = g_ptr_array_index (fields, EBB_AUDIT_CHAIN_N_FIELDS);
              _ebb_store_chain_hash (has_previous ? previous : NULL, (const char * const *) fields->pdata,
                                     NULL, expected);
              if (stored == NULL || strcmp (stored, expected) != 0)
                {
                  g_ptr_array_add (problems,
                                   _ebb_store_chain_break_message ((const char * const *) fields->pdata));
                  broken = TRUE;
                }
              else
                {
                  g_strlcpy (previous, stored, sizeof previous);
                  has_previous = TRUE;
                }
            }
        }
      _ebb_pq ()->PQfreemem (row);
    }

  if (length == -2)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                   _("%s: reading the audit trail was interrupted: %s"), display,
                   _ebb_pq ()->PQerrorMessage (conn));
      ok = FALSE;
    }
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

/**
 * ebb_server_check:
 * @uri: a server clinic's URI
 * @problems: (out) (optional) (transfer full) (element-type utf8): what
 *   was found, in words; %NULL when the check could not run
 *
 * Checks the clinic on @uri without changing it: that its schema is the
 * one this Ebb knows, and the audit trail's hash chain.
 *
 * Returns: %TRUE when clean; %FALSE with %EBB_SERVER_ERROR_CHECK_FAILED
 *   when problems were found, or another error when the check could not
 *   run
 */
gboolean
ebb_server_check (const char  *uri,
                  GPtrArray  **problems,
                  GError     **error)
{
  g_autofree char *display = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(GPtrArray) found = NULL;
  int version;

  g_return_val_if_fail (ebb_location_is_server (uri), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (problems != NULL)
    *problems = NULL;
  display = ebb_server_display_name (uri);
  if ((conn = _ebb_server_connect (uri, error)) == NULL)
    return FALSE;

  /* One moment of the trail, whatever others add meanwhile */
  if (!_ebb_server_exec (conn, display, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error) ||
      (version = _ebb_server_schema_version (conn, display, error)) < 0)
    return FALSE;
  if (version == 0)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_NOT_EBB,
                   _("%s holds no clinic: make one with `ebb-cli init`"), display);
      return FALSE;
    }
  if (version > EBB_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_TOO_NEW,
                   _("%s was made by a newer version of Ebb (schema %d; this one knows up to %d): "
                     "update Ebb on this computer"),
                   display, version, EBB_SERVER_SCHEMA_VERSION);
      return FALSE;
    }

  found = g_ptr_array_new_with_free_func (g_free);
  if (version < EBB_SERVER_SCHEMA_VERSION)
    g_ptr_array_add (found, g_strdup_printf (_("the clinic has schema %d, and this Ebb %d: run "
                                               "`ebb-cli init` on it to bring it up to date"),
                                             version, EBB_SERVER_SCHEMA_VERSION));
  else if (!_ebb_server_verify_chain (conn, display, found, error))
    return FALSE;

  if (found->len > 0)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_CHECK_FAILED,
                   _("%s failed its check"), display);
      if (problems != NULL)
        *problems = g_steal_pointer (&found);
      return FALSE;
    }
  if (problems != NULL)
    *problems = g_steal_pointer (&found);
  return TRUE;
}
