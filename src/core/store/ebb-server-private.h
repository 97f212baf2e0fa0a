/* ebb-server-private.h — shared by the files of a server clinic
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libpq-fe.h>

#include "ebb-server.h"

G_BEGIN_DECLS

/* libpq's functions, under their own names (ebb-server-libpq.c). */
typedef struct
{
  void               (*PQclear)            (PGresult           *result);
  PGconn            *(*PQconnectdbParams)  (const char * const *keywords,
                                            const char * const *values,
                                            int                 expand_dbname);
  void               (*PQconninfoFree)     (PQconninfoOption   *options);
  PQconninfoOption  *(*PQconninfoParse)    (const char         *conninfo,
                                            char              **errmsg);
  char              *(*PQerrorMessage)     (const PGconn       *conn);
  char              *(*PQescapeIdentifier) (PGconn             *conn,
                                            const char         *str,
                                            size_t              len);
  PGresult          *(*PQexec)             (PGconn             *conn,
                                            const char         *query);
  PGresult          *(*PQexecParams)       (PGconn             *conn,
                                            const char         *command,
                                            int                 n_params,
                                            const Oid          *param_types,
                                            const char * const *param_values,
                                            const int          *param_lengths,
                                            const int          *param_formats,
                                            int                 result_format);
  void               (*PQfinish)           (PGconn             *conn);
  void               (*PQfreemem)          (void               *ptr);
  char              *(*PQgetvalue)         (const PGresult     *result,
                                            int                 row,
                                            int                 column);
  int                (*PQntuples)          (const PGresult     *result);
  char              *(*PQresultErrorField) (const PGresult     *result,
                                            int                 field);
  ExecStatusType     (*PQresultStatus)     (const PGresult     *result);
  ConnStatusType     (*PQstatus)           (const PGconn       *conn);
} EbbPq;

const EbbPq *_ebb_pq_load                   (GError             **error);
const EbbPq *_ebb_pq                        (void);

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
