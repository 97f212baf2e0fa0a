/* ebb-sql-server-private.h — a connection to a clinic server, for the store
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-sql.h"

G_BEGIN_DECLS

/* The channel every write to a server clinic is announced on; the
 * payload is the one patient changed, or 0 (ebb-store.c). */
#define EBB_SQL_CHANGES_CHANNEL "ebb_changes"

EbbSql   *_ebb_sql_new_for_server        (gpointer             conn,
                                          const char          *display);
void      _ebb_sql_server_free           (EbbSql              *sql);
int       _ebb_sql_server_prepare        (EbbSql              *sql,
                                          const char          *text,
                                          gboolean             persistent,
                                          EbbSqlServerStmt   **out);
void      _ebb_sql_server_finalize       (EbbSqlServerStmt    *stmt);
const char *_ebb_sql_server_display      (EbbSql              *sql);
gboolean  _ebb_sql_server_connected      (EbbSql              *sql);
gboolean  _ebb_sql_server_reconnect      (EbbSql              *sql);
int       _ebb_sql_server_socket         (EbbSql              *sql);
guint     _ebb_sql_server_take_changes   (EbbSql              *sql,
                                          gint64              *patient_id);
char     *_ebb_sql_server_convert        (const char          *text,
                                          int                 *n_params);

G_END_DECLS
