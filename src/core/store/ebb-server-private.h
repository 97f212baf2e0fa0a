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
  int                (*PQgetCopyData)      (PGconn             *conn,
                                            char              **buffer,
                                            int                 async);
  PGresult          *(*PQgetResult)        (PGconn             *conn);
  int                (*PQntuples)          (const PGresult     *result);
  int                (*PQputCopyData)      (PGconn             *conn,
                                            const char         *buffer,
                                            int                 n_bytes);
  int                (*PQputCopyEnd)       (PGconn             *conn,
                                            const char         *error_message);
  char              *(*PQresultErrorField) (const PGresult     *result,
                                            int                 field);
  ExecStatusType     (*PQresultStatus)     (const PGresult     *result);
  ConnStatusType     (*PQstatus)           (const PGconn       *conn);
  char              *(*PQcmdStatus)        (PGresult           *result);
  char              *(*PQcmdTuples)        (PGresult           *result);
  int                (*PQbackendPID)       (const PGconn       *conn);
  int                (*PQconsumeInput)     (PGconn             *conn);
  PGresult          *(*PQexecPrepared)     (PGconn             *conn,
                                            const char         *name,
                                            int                 n_params,
                                            const char * const *param_values,
                                            const int          *param_lengths,
                                            const int          *param_formats,
                                            int                 result_format);
  int                (*PQgetisnull)        (const PGresult     *result,
                                            int                 row,
                                            int                 column);
  int                (*PQgetlength)        (const PGresult     *result,
                                            int                 row,
                                            int                 column);
  int                (*PQnfields)          (const PGresult     *result);
  PGnotify          *(*PQnotifies)         (PGconn             *conn);
  PGresult          *(*PQprepare)          (PGconn             *conn,
                                            const char         *name,
                                            const char         *query,
                                            int                 n_params,
                                            const Oid          *param_types);
  int                (*PQresetStart)       (PGconn             *conn);
  PostgresPollingStatusType (*PQresetPoll) (PGconn             *conn);
  int                (*PQsocket)           (const PGconn       *conn);
  PQnoticeProcessor  (*PQsetNoticeProcessor) (PGconn           *conn,
                                            PQnoticeProcessor   processor,
                                            void               *data);
  PGTransactionStatusType (*PQtransactionStatus) (const PGconn *conn);
} EbbPq;

const EbbPq *_ebb_pq_load                   (GError             **error);
const EbbPq *_ebb_pq                        (void);

/* Only ever freed once libpq was loaded: a connection or result is made
 * with it. */
static inline void
_ebb_server_connection_free (PGconn *conn)
{
  _ebb_pq ()->PQfinish (conn);
}

static inline void
_ebb_server_result_free (PGresult *result)
{
  _ebb_pq ()->PQclear (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, _ebb_server_connection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, _ebb_server_result_free)

/* Every table of a clinic, a row's parents before it: the order a copy
 * writes them in.  NULL-terminated; the audit trail is last. */
extern const char * const _ebb_server_clinic_tables[];

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
int       _ebb_server_schema_version        (PGconn              *conn,
                                             const char          *display,
                                             GError             **error);
guint     _ebb_server_parse_copy_row        (char                *row,
                                             gsize                length,
                                             GPtrArray           *fields);
gboolean  _ebb_server_verify_chain          (PGconn              *conn,
                                             const char          *display,
                                             GPtrArray           *problems,
                                             GError             **error);
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
