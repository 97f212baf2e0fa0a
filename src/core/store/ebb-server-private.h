/* ebb-server-private.h — shared by the files of a server clinic
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "ebb-server.h"

G_BEGIN_DECLS

/* ebb-server.c */
PGconn   *_ebb_server_connect               (const char          *uri,
                                             GError             **error);
gboolean  _ebb_server_exec                  (PGconn              *conn,
                                             const char          *display,
                                             const char          *sql,
                                             GError             **error);
PGresult *_ebb_server_query                 (PGconn              *conn,
                                             const char          *display,
                                             const char          *sql,
                                             int                  n_params,
                                             const char * const  *params,
                                             GError             **error);
void      _ebb_server_set_error_from_result (GError             **error,
                                             const char          *display,
                                             const PGresult      *result,
                                             PGconn              *conn);

/* ebb-server-schema.c */
gboolean  _ebb_server_migrate               (PGconn              *conn,
                                             const char          *display,
                                             int                  from_version,
                                             GError             **error);
gboolean  _ebb_server_grant                 (PGconn              *conn,
                                             const char          *display,
                                             const char          *database,
                                             const char          *clinician,
                                             const char          *reviewer,
                                             GError             **error);

G_END_DECLS
