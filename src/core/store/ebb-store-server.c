/* ebb-store-server.c — EbbStore on a clinic server
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A server clinic is opened here; everything after goes through the same
 * store as a file's, its SQL run by ebb-sql-server.c.  What differs is
 * said once: the schema is made and upgraded by `ebb-cli init`
 * (ebb-server-schema.c), never on opening, since a workstation should not
 * change a schema that other workstations are using; the audit trail
 * names the database user, who the server's trigger writes anyway
 * (session_user); and a reviewer's connection is read-only from the
 * start, so that the window offers no change the server would refuse.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-server-private.h"
#include "ebb-sql-server-private.h"
#include "ebb-store-private.h"

EbbStore *
_ebb_store_open_server (const char  *uri,
                        gboolean     read_only,
                        GError     **error)
{
  g_autofree char *display = ebb_server_display_name (uri);
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) who = NULL;
  g_autoptr(EbbStore) self = NULL;
  int version;

  conn = _ebb_server_connect (uri, error);
  if (conn == NULL)
    return NULL;

  version = _ebb_server_schema_version (conn, display, error);
  if (version < 0)
    return NULL;
  if (version == 0)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_FOUND,
                   _("%s holds no Ebb clinic yet: make one with “ebb-cli --db URI init”"),
                   display);
      return NULL;
    }
  if (version > EBB_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_TOO_NEW,
                   _("The clinic on %s was made by a newer version of Ebb (schema %d; this "
                     "version knows %d): install the newer version on this workstation"),
                   display, version, EBB_SERVER_SCHEMA_VERSION);
      return NULL;
    }
  if (version < EBB_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_TOO_NEW,
                   _("The clinic on %s has an older schema (%d; this version needs %d): "
                     "ask its administrator to run “ebb-cli --db URI init”, which upgrades it"),
                   display, version, EBB_SERVER_SCHEMA_VERSION);
      return NULL;
    }

  who = _ebb_server_query (conn, display,
                           "SELECT session_user, has_table_privilege ('patient', 'INSERT')",
                           0, NULL, error);
  if (who == NULL || !_ebb_server_exec (conn, display, "LISTEN " EBB_SQL_CHANGES_CHANNEL, error))
    return NULL;

  self = g_object_new (EBB_TYPE_STORE, NULL);
  self->path = g_strdup (uri);
  self->user_name = g_strdup (_ebb_pq ()->PQgetvalue (who, 0, 0));
  self->reviewer = strcmp (_ebb_pq ()->PQgetvalue (who, 0, 1), "t") != 0;
  self->read_only = read_only || self->reviewer;
  self->sql = _ebb_sql_new_for_server (g_steal_pointer (&conn), display);
  return g_steal_pointer (&self);
}
