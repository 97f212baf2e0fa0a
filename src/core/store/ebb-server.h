/* ebb-server.h — a clinic on a PostgreSQL server: its location, schema and roles
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A clinic with several workstations keeps its records on a PostgreSQL
 * server, named by a libpq URI ("postgresql://host/clinic") wherever a
 * file path names a clinic file: its schema and the roles its people
 * connect with, copies, checks, and where a connection's password comes
 * from.  Its records are read and written through EbbStore
 * (docs/clinic-server.md).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EBB_SERVER_ERROR (ebb_server_error_quark ())

typedef enum
{
  EBB_SERVER_ERROR_LOCATION,     /* not a URI Ebb accepts, or TLS turned off for a remote host */
  EBB_SERVER_ERROR_CONNECT,      /* the server could not be reached or refused the connection */
  EBB_SERVER_ERROR_NOT_EBB,      /* a database with tables that are not an Ebb clinic's */
  EBB_SERVER_ERROR_TOO_NEW,      /* made by a newer version of Ebb */
  EBB_SERVER_ERROR_PERMISSION,   /* the user may not do this */
  EBB_SERVER_ERROR_UNSUPPORTED,  /* not possible with a server clinic in this version */
  EBB_SERVER_ERROR_FAILED,       /* anything else the server reported */
  EBB_SERVER_ERROR_NOT_EMPTY,    /* a copy's target holds something already */
  EBB_SERVER_ERROR_CHECK_FAILED, /* the clinic on the server failed its check */
} EbbServerError;

/* What ebb_server_copy() copied of one table */
typedef struct
{
  const char *table;   /* static */
  gint64      rows;
} EbbCopiedTable;

/* The schema version this build makes on a server (table ebb_schema). */
#define EBB_SERVER_SCHEMA_VERSION 6

/* A connection's password, for an address that holds none: from the
 * desktop's keyring, say (the window's), or %NULL for libpq's own
 * sources (~/.pgpass, PGPASSWORD, none).  Called from any thread. */
typedef char *(*EbbServerPasswordFunc) (const char *host,
                                        const char *port,
                                        const char *database,
                                        const char *user,
                                        gpointer    user_data);

GQuark    ebb_server_error_quark      (void);

void      ebb_server_set_password_func (EbbServerPasswordFunc  func,
                                        gpointer               user_data);

gboolean  ebb_location_is_server      (const char          *location);
gboolean  ebb_location_needs_file     (const char          *location,
                                       GError             **error);
char     *ebb_server_display_name     (const char          *uri);
gboolean  ebb_server_location_has_password (const char     *uri);
gboolean  ebb_server_location_parts   (const char          *uri,
                                       char               **host,
                                       char               **port,
                                       char               **database,
                                       char               **user);
char     *ebb_server_location_new     (const char          *host,
                                       const char          *port,
                                       const char          *database,
                                       const char          *user);
int       ebb_server_get_schema_version (const char        *uri,
                                       GError             **error);
gboolean  ebb_server_init             (const char          *uri,
                                       gboolean            *existed,
                                       GError             **error);
gboolean  ebb_server_setup            (const char          *uri,
                                       const char * const  *clinicians,
                                       const char * const  *reviewers,
                                       GError             **error);
char     *ebb_server_role_name        (const char          *database,
                                       gboolean             reviewer);

GArray   *ebb_server_copy             (const char          *from,
                                       const char          *to,
                                       GError             **error);

gboolean  ebb_server_check            (const char          *uri,
                                       GPtrArray          **problems,
                                       GError             **error);

G_END_DECLS
