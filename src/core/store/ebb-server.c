/* ebb-server.c — a clinic on a PostgreSQL server: connecting, init and roles
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A server clinic is a PostgreSQL database that Ebb's schema was made in
 * (ebb-server-schema.c says what it holds).  Everyone connects as their
 * own database user, which is what the audit trail records; what a user
 * may do comes from two group roles per clinic, made by
 * ebb_server_setup(): one that reads and writes records, one that only
 * reads.  They are named after the database, because roles belong to the
 * whole server and a server may hold several clinics.
 *
 * Nothing of a URI's password is ever shown: messages name the server by
 * ebb_server_display_name().
 */
#define G_LOG_DOMAIN "ebb-server"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-server.h"
#include "ebb-server-private.h"

/* Two clinics initialised at once on one server wait for each other. */
#define INIT_LOCK_KEY 0x45626221

G_DEFINE_QUARK (ebb-server-error-quark, ebb_server_error)


/**
 * ebb_location_is_server:
 * @location: what --db or the window was given
 *
 * Returns: whether @location names a clinic on a PostgreSQL server (a
 *   "postgresql://" or "postgres://" URI) rather than a clinic file
 */
gboolean
ebb_location_is_server (const char *location)
{
  return location != NULL &&
         (g_str_has_prefix (location, "postgresql://") || g_str_has_prefix (location, "postgres://"));
}

static const char *
conninfo_value (PQconninfoOption *options,
                const char       *keyword)
{
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (strcmp (o->keyword, keyword) == 0)
      return o->val != NULL && o->val[0] != '\0' ? o->val : NULL;
  return NULL;
}

/**
 * ebb_location_needs_file:
 * @location: where a clinic file is to be read or written
 *
 * What only a file can be (a backup written, a backup restored into) is
 * refused for a server, naming it without its password, before anything
 * is made of that name.
 *
 * Returns: %TRUE when @location is a file path; otherwise %FALSE with
 *   %EBB_SERVER_ERROR_UNSUPPORTED
 */
gboolean
ebb_location_needs_file (const char  *location,
                         GError     **error)
{
  g_autofree char *display = NULL;

  if (!ebb_location_is_server (location))
    return TRUE;
  display = ebb_server_display_name (location);
  g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_UNSUPPORTED,
               _("%s is a clinic server, and this needs a clinic file: back a server up "
                 "with pg_dump, or copy the clinic into a file with “ebb-cli copy --to FILE”"),
               display);
  return FALSE;
}

/* A parameter of a URI's query, the last one of that name. */
static char *
query_value (GHashTable *params,
             const char *name)
{
  const char *value = params != NULL ? g_hash_table_lookup (params, name) : NULL;

  return value != NULL && value[0] != '\0' ? g_strdup (value) : NULL;
}

/**
 * ebb_server_display_name:
 * @uri: a server clinic's URI
 *
 * Read with GLib's own URI parser, so that showing a location never
 * loads libpq.
 *
 * Returns: (transfer full): the URI as messages show it: user, host,
 *   port and database, never the password or other parameters
 */
char *
ebb_server_display_name (const char *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;
  g_autofree char *database = NULL;
  GString *text;
  int port;

  g_return_val_if_fail (uri != NULL, NULL);

  parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_NON_DNS, NULL);
  if (parsed == NULL)
    return g_strdup ("postgresql://…");
  if (g_uri_get_query (parsed) != NULL)
    params = g_uri_parse_params (g_uri_get_query (parsed), -1, "&", G_URI_PARAMS_NONE, NULL);

  user = query_value (params, "user");
  if (user == NULL && g_uri_get_user (parsed) != NULL)
    user = g_strdup (g_uri_get_user (parsed));
  host = query_value (params, "host");
  if (host == NULL && g_uri_get_host (parsed) != NULL)
    host = g_strdup (g_uri_get_host (parsed));
  database = query_value (params, "dbname");
  if (database == NULL)
    database = g_strdup (g_uri_get_path (parsed)[0] == '/' ? g_uri_get_path (parsed) + 1
                                                          : g_uri_get_path (parsed));
  port = g_uri_get_port (parsed);

  text = g_string_new ("postgresql://");
  if (user != NULL)
    g_string_append_printf (text, "%s@", user);
  /* A socket folder is no host name: the local server. */
  if (host != NULL && host[0] != '/' && host[0] != '@')
    g_string_append (text, host);
  if (port > 0)
    g_string_append_printf (text, ":%d", port);
  g_string_append_printf (text, "/%s", database);
  return g_string_free (text, FALSE);
}

/* Whether every host of @options is this computer's own socket: no
 * host (libpq's default socket), a socket folder, or an abstract one. */
static gboolean
only_local_sockets (PQconninfoOption *options)
{
  const char *hosts = conninfo_value (options, "host");
  g_auto(GStrv) each = NULL;

  if (conninfo_value (options, "hostaddr") != NULL)
    return FALSE;
  if (hosts == NULL)
    return TRUE;
  each = g_strsplit (hosts, ",", -1);
  for (guint i = 0; each[i] != NULL; i++)
    if (each[i][0] != '/' && each[i][0] != '@')
      return FALSE;
  return TRUE;
}

void
_ebb_server_set_error_from_result (GError         **error,
                                   const char      *display,
                                   const PGresult  *result,
                                   PGconn          *conn)
{
  const char *state = result != NULL ? _ebb_pq ()->PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  const char *message = result != NULL ? _ebb_pq ()->PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  EbbServerError code = EBB_SERVER_ERROR_FAILED;

  if (message == NULL)
    message = _ebb_pq ()->PQerrorMessage (conn);
  /* Class 42501 is insufficient_privilege; 08 is a lost connection. */
  if (state != NULL && strcmp (state, "42501") == 0)
    code = EBB_SERVER_ERROR_PERMISSION;
  else if (state != NULL && g_str_has_prefix (state, "08"))
    code = EBB_SERVER_ERROR_CONNECT;
  else if (_ebb_pq ()->PQstatus (conn) != CONNECTION_OK)
    code = EBB_SERVER_ERROR_CONNECT;

  g_set_error (error, EBB_SERVER_ERROR, code, "%s: %s", display, g_strchomp (g_strdup (message)));
}

/**
 * ebb_server_location_new:
 * @host: (nullable): a server's name or address; %NULL or empty for this
 *   computer's own socket, or a socket's folder (starting with "/")
 * @port: (nullable): its port, %NULL or empty for PostgreSQL's
 * @database: the clinic's database
 * @user: (nullable): who connects; %NULL for the account's name
 *
 * The address of a clinic on a server, as `--db` takes it, never with a
 * password (ebb-server-keyring.c keeps that): e.g.
 * `postgresql://n.nurse@db.clinic.example:5433/clinic`, or for a socket
 * `postgresql:///clinic?host=%2Frun%2Fpostgresql&user=n.nurse`.
 *
 * Returns: (transfer full): the address
 */
char *
ebb_server_location_new (const char *host,
                         const char *port,
                         const char *database,
                         const char *user)
{
  g_autofree char *db = g_uri_escape_string (database, NULL, FALSE);
  g_autofree char *who = g_uri_escape_string (user != NULL && *user != '\0' ? user : g_get_user_name (),
                                              NULL, FALSE);
  GString *uri = g_string_new ("postgresql://");
  gboolean socket = host == NULL || *host == '\0' || host[0] == '/';

  if (!socket)
    {
      g_autofree char *bare = NULL;
      g_autofree char *name = NULL;
      const char *colon = strchr (host, ':');

      /* "db.clinic.example:5433" as typed into one field: a name and its
       * port (an IPv6 address has more than one colon); "[::1]" without
       * the brackets it needs only in an address. */
      if (colon != NULL && strchr (colon + 1, ':') == NULL && colon[1] != '\0' &&
          strspn (colon + 1, "0123456789") == strlen (colon + 1))
        {
          bare = g_strndup (host, colon - host);
          if (port == NULL || *port == '\0')
            port = colon + 1;
        }
      else if (host[0] == '[' && host[strlen (host) - 1] == ']')
        bare = g_strndup (host + 1, strlen (host) - 2);
      else
        bare = g_strdup (host);
      name = g_uri_escape_string (bare, ":", FALSE);

      g_string_append_printf (uri, "%s@", who);
      /* An IPv6 address is bracketed, so that its colons are not a port. */
      if (strchr (bare, ':') != NULL)
        g_string_append_printf (uri, "[%s]", name);
      else
        g_string_append (uri, name);
      if (port != NULL && *port != '\0')
        g_string_append_printf (uri, ":%s", port);
      g_string_append_printf (uri, "/%s", db);
      return g_string_free (uri, FALSE);
    }

  g_string_append_printf (uri, "/%s?", db);
  if (host != NULL && *host != '\0')
    {
      g_autofree char *folder = g_uri_escape_string (host, NULL, FALSE);

      g_string_append_printf (uri, "host=%s&", folder);
    }
  if (port != NULL && *port != '\0')
    g_string_append_printf (uri, "port=%s&", port);
  g_string_append_printf (uri, "user=%s", who);
  return g_string_free (uri, FALSE);
}

/**
 * ebb_server_location_parts:
 * @host: (out) (optional) (nullable): the server, %NULL for the default socket
 * @port: (out) (optional) (nullable): its port, %NULL for the default
 * @database: (out) (optional) (nullable): the database
 * @user: (out) (optional): who connects (the account's name by default)
 *
 * The parts of @uri as a connection names them to
 * ebb_server_set_password_func()'s function: what a password is kept
 * under.
 *
 * Returns: whether @uri parses
 */
gboolean
ebb_server_location_parts (const char  *uri,
                           char       **host,
                           char       **port,
                           char       **database,
                           char       **user)
{
  PQconninfoOption *options;

  if (_ebb_pq_load (NULL) == NULL || (options = _ebb_pq ()->PQconninfoParse (uri, NULL)) == NULL)
    return FALSE;
  if (host != NULL)
    *host = g_strdup (conninfo_value (options, "host"));
  if (port != NULL)
    *port = g_strdup (conninfo_value (options, "port"));
  if (database != NULL)
    *database = g_strdup (conninfo_value (options, "dbname"));
  if (user != NULL)
    *user = g_strdup (conninfo_value (options, "user") != NULL ? conninfo_value (options, "user")
                                                              : g_get_user_name ());
  _ebb_pq ()->PQconninfoFree (options);
  return TRUE;
}

/**
 * ebb_server_location_has_password:
 *
 * Whether @uri carries a password (user:password@ or password=), which
 * must never be kept in settings or shown.
 */
gboolean
ebb_server_location_has_password (const char *uri)
{
  PQconninfoOption *options;
  gboolean has;

  if (_ebb_pq_load (NULL) == NULL)
    return strstr (uri, "password") != NULL || strchr (uri, '@') != NULL;
  options = _ebb_pq ()->PQconninfoParse (uri, NULL);
  /* One that does not parse is kept nowhere either. */
  if (options == NULL)
    return TRUE;
  /* Every parameter that is a secret. */
  has = conninfo_value (options, "password") != NULL || conninfo_value (options, "sslpassword") != NULL;
  _ebb_pq ()->PQconninfoFree (options);
  return has;
}

static EbbServerPasswordFunc password_func;
static gpointer password_func_data;

/**
 * ebb_server_set_password_func:
 * @func: (nullable): where a connection's password comes from when its
 *   address holds none; %NULL for libpq's own sources alone
 *
 * Set once, before any connection (the window sets the keyring's); the
 * password goes to libpq with the connection's parameters, never into an
 * address, a message or the settings.
 */
void
ebb_server_set_password_func (EbbServerPasswordFunc func,
                              gpointer              user_data)
{
  password_func = func;
  password_func_data = user_data;
}

/* The server's notices (and its word that it is ending the connection)
 * are not for standard error: what matters reaches the user as an error
 * of what failed. */
static void
ignore_notice (void       *data,
               const char *message)
{
}

/* libpq's commonest refusals in words a clinician can act on, or NULL. */
static const char *
connect_failure_in_words (const char *message)
{
  if (strstr (message, "no password supplied") != NULL)
    return _("the server asks for a password: use Connect to Clinic Server… to give it");
  if (strstr (message, "password authentication failed") != NULL)
    return _("the server did not accept the user name and password");
  if (strstr (message, "certificate verify failed") != NULL ||
      strstr (message, "server certificate") != NULL)
    return _("the server's certificate could not be verified: ask its administrator");
  if (strstr (message, "does not exist") != NULL && strstr (message, "database") != NULL)
    return _("there is no such clinic database on that server: check its name");
  if (strstr (message, "does not exist") != NULL && strstr (message, "role") != NULL)
    return _("the server has no such user: check the user name");
  if (strstr (message, "root certificate file") != NULL)
    return _("this computer has no certificate of the clinic's certificate authority: ask the "
             "server's administrator for it, and save it as ~/.postgresql/root.crt");
  if (strstr (message, "Connection refused") != NULL || strstr (message, "No such file or directory") != NULL)
    return _("the server is not running, or not at that address and port");
  return NULL;
}

/* Connects to @uri; TLS is required for any host but a local socket,
 * verify-full unless the URI asks for another mode that still encrypts. */
PGconn *
_ebb_server_connect (const char  *uri,
                     GError     **error)
{
  g_autofree char *display = ebb_server_display_name (uri);
  g_autoptr(GPtrArray) keywords = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  PQconninfoOption *options;
  char *parse_error = NULL;
  g_autofree char *password = NULL;
  static const struct
  {
    const char *keyword;
    const char *value;
  } keepalive[] = {
    { "keepalives_idle", "30" },
    { "keepalives_interval", "10" },
    { "keepalives_count", "3" },
    { "tcp_user_timeout", "60000" },
  };
  const char *sslmode;
  const EbbPq *pq;
  PGconn *conn;

  if ((pq = _ebb_pq_load (error)) == NULL)
    return NULL;
  options = pq->PQconninfoParse (uri, &parse_error);
  if (options == NULL)
    {
      /* Not libpq's words: they quote the address, password and all. */
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_LOCATION,
                   _("%s is not a clinic server's address Ebb can read: check its form, "
                     "postgresql://USER@HOST:PORT/DATABASE"),
                   display);
      pq->PQfreemem (parse_error);
      return NULL;
    }

  sslmode = conninfo_value (options, "sslmode");
  if (!only_local_sockets (options) && sslmode != NULL &&
      strcmp (sslmode, "verify-full") != 0 && strcmp (sslmode, "verify-ca") != 0 &&
      strcmp (sslmode, "require") != 0)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_LOCATION,
                   _("%s: sslmode=%s would let patient data cross the network unencrypted; "
                     "leave sslmode out (verify-full) or use verify-ca or require"),
                   display, sslmode);
      pq->PQconninfoFree (options);
      return NULL;
    }

  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (o->val != NULL && o->val[0] != '\0')
      {
        g_ptr_array_add (keywords, o->keyword);
        g_ptr_array_add (values, o->val);
      }
  if (!only_local_sockets (options) && sslmode == NULL)
    {
      g_ptr_array_add (keywords, (gpointer) "sslmode");
      g_ptr_array_add (values, (gpointer) "verify-full");
    }
  if (conninfo_value (options, "application_name") == NULL)
    {
      g_ptr_array_add (keywords, (gpointer) "application_name");
      g_ptr_array_add (values, (gpointer) "Ebb");
    }
  if (conninfo_value (options, "connect_timeout") == NULL)
    {
      g_ptr_array_add (keywords, (gpointer) "connect_timeout");
      g_ptr_array_add (values, (gpointer) "10");
    }
  /* A workstation that vanished in the middle of a write must not hold
   * every other one's saves: its idle transaction ends after a minute,
   * a dead network is noticed within about a minute, and a write waits
   * at most half a minute for another's before saying so. */
  if (conninfo_value (options, "options") == NULL)
    {
      g_ptr_array_add (keywords, (gpointer) "options");
      g_ptr_array_add (values, (gpointer) "-c lock_timeout=30s -c idle_in_transaction_session_timeout=60s");
    }
  for (guint i = 0; i < G_N_ELEMENTS (keepalive); i++)
    if (conninfo_value (options, keepalive[i].keyword) == NULL)
      {
        g_ptr_array_add (keywords, (gpointer) keepalive[i].keyword);
        g_ptr_array_add (values, (gpointer) keepalive[i].value);
      }
  if (conninfo_value (options, "password") == NULL && password_func != NULL)
    {
      g_autofree char *host = NULL;
      g_autofree char *port = NULL;
      g_autofree char *database = NULL;
      g_autofree char *user = NULL;

      /* Named as ebb_server_location_parts() names them. */
      if (ebb_server_location_parts (uri, &host, &port, &database, &user))
        password = password_func (host, port, database, user, password_func_data);
      if (password != NULL)
        {
          g_ptr_array_add (keywords, (gpointer) "password");
          g_ptr_array_add (values, password);
        }
    }
  g_ptr_array_add (keywords, NULL);
  g_ptr_array_add (values, NULL);

  conn = pq->PQconnectdbParams ((const char * const *) keywords->pdata,
                            (const char * const *) values->pdata, FALSE);
  pq->PQconninfoFree (options);
  if (password != NULL)
    explicit_bzero (password, strlen (password));
  if (conn == NULL || pq->PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *message = g_strdup (conn != NULL ? pq->PQerrorMessage (conn) : _("out of memory"));
      const char *plainly = connect_failure_in_words (message);

      /* libpq's lines joined into one sentence. */
      g_strdelimit (g_strchomp (message), "\n\t", ' ');

      /* What a clinician can act on first, libpq's words after, for the
       * administrator. */
      if (plainly != NULL)
        g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_CONNECT,
                     /* Translators: the first %s is a clinic server, the second what to do,
                      * the third the server's own words */
                     _("Could not connect to the clinic server %s: %s (%s)"),
                     display, plainly, g_strchomp (message));
      else
        g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_CONNECT,
                     _("Could not connect to the clinic server %s: %s"), display, g_strchomp (message));
      pq->PQfinish (conn);
      return NULL;
    }
  pq->PQsetNoticeProcessor (conn, ignore_notice, NULL);
  return conn;
}

/* Runs @sql (one or more statements, no parameters). */
gboolean
_ebb_server_exec (PGconn      *conn,
                  const char  *display,
                  const char  *sql,
                  GError     **error)
{
  g_autoptr(PGresult) result = _ebb_pq ()->PQexec (conn, sql);
  ExecStatusType status = _ebb_pq ()->PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;
  _ebb_server_set_error_from_result (error, display, result, conn);
  return FALSE;
}

/* Runs @sql with text parameters; the result when it succeeded. */
PGresult *
_ebb_server_query (PGconn             *conn,
                   const char         *display,
                   const char         *sql,
                   int                 n_params,
                   const char * const *params,
                   GError            **error)
{
  PGresult *result = _ebb_pq ()->PQexecParams (conn, sql, n_params, NULL, params, NULL, NULL, 0);
  ExecStatusType status = _ebb_pq ()->PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return result;
  _ebb_server_set_error_from_result (error, display, result, conn);
  _ebb_pq ()->PQclear (result);
  return NULL;
}

static void
rollback (PGconn *conn)
{
  g_autoptr(PGresult) result = _ebb_pq ()->PQexec (conn, "ROLLBACK");
}

/* The schema version of the connected database: 0 when it has no Ebb
 * schema and no tables at all, -1 with @error otherwise. */
int
_ebb_server_schema_version (PGconn      *conn,
                            const char  *display,
                            GError     **error)
{
  g_autoptr(PGresult) has_schema = NULL;
  g_autoptr(PGresult) tables = NULL;
  g_autoptr(PGresult) version = NULL;

  has_schema = _ebb_server_query (conn, display, "SELECT to_regclass ('ebb_schema') IS NOT NULL",
                                  0, NULL, error);
  if (has_schema == NULL)
    return -1;
  if (strcmp (_ebb_pq ()->PQgetvalue (has_schema, 0, 0), "t") == 0)
    {
      version = _ebb_server_query (conn, display,
                                   "SELECT version FROM ebb_schema WHERE application = 'ebb'",
                                   0, NULL, error);
      if (version == NULL)
        return -1;
      if (_ebb_pq ()->PQntuples (version) != 1)
        {
          g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_NOT_EBB,
                       _("%s: its table ebb_schema does not say which version of Ebb made it"),
                       display);
          return -1;
        }
      return atoi (_ebb_pq ()->PQgetvalue (version, 0, 0));
    }

  tables = _ebb_server_query (conn, display,
                              "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema ()",
                              0, NULL, error);
  if (tables == NULL)
    return -1;
  if (atoi (_ebb_pq ()->PQgetvalue (tables, 0, 0)) > 0)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_NOT_EBB,
                   _("%s already has tables that are not an Ebb clinic's: make the clinic in an "
                     "empty database (createdb)"),
                   display);
      return -1;
    }
  return 0;
}

/**
 * ebb_server_get_schema_version:
 *
 * Returns: the schema version of the clinic at @uri, 0 for a database
 *   with no clinic yet, or -1 with @error
 */
int
ebb_server_get_schema_version (const char  *uri,
                               GError     **error)
{
  g_autofree char *display = NULL;
  g_autoptr(PGconn) conn = NULL;

  g_return_val_if_fail (ebb_location_is_server (uri), -1);

  display = ebb_server_display_name (uri);
  if ((conn = _ebb_server_connect (uri, error)) == NULL)
    return -1;
  return _ebb_server_schema_version (conn, display, error);
}

/**
 * ebb_server_init:
 * @uri: a server clinic's URI (ebb_location_is_server())
 * @existed: (out) (optional): set to whether the clinic was there already
 *
 * Makes Ebb's schema in the empty database @uri names, in one
 * transaction, or brings an older one up to %EBB_SERVER_SCHEMA_VERSION.
 * A database with other tables is refused and left as it was.
 *
 * Returns: %TRUE when the database holds a clinic of this version
 */
gboolean
ebb_server_init (const char  *uri,
                 gboolean    *existed,
                 GError     **error)
{
  g_autofree char *display = NULL;
  g_autoptr(PGconn) conn = NULL;
  int version;

  g_return_val_if_fail (ebb_location_is_server (uri), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = ebb_server_display_name (uri);
  if ((conn = _ebb_server_connect (uri, error)) == NULL)
    return FALSE;

  if (!_ebb_server_exec (conn, display, "BEGIN; SET LOCAL client_min_messages = warning;", error))
    return FALSE;
  {
    g_autofree char *lock = g_strdup_printf ("SELECT pg_advisory_xact_lock (%d)", INIT_LOCK_KEY);

    if (!_ebb_server_exec (conn, display, lock, error))
      {
        rollback (conn);
        return FALSE;
      }
  }

  version = _ebb_server_schema_version (conn, display, error);
  if (version < 0)
    {
      rollback (conn);
      return FALSE;
    }
  if (version > EBB_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_TOO_NEW,
                   _("%s was made by a newer version of Ebb (schema %d; this one knows up to %d): "
                     "update Ebb on this computer"),
                   display, version, EBB_SERVER_SCHEMA_VERSION);
      rollback (conn);
      return FALSE;
    }
  if (existed != NULL)
    *existed = version > 0;

  if (!_ebb_server_migrate (conn, display, version, error) ||
      !_ebb_server_exec (conn, display, "COMMIT", error))
    {
      rollback (conn);
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_server_role_name:
 * @database: the clinic's database name
 * @reviewer: the read-only role rather than the clinicians'
 *
 * Returns: (transfer full): the group role that gives a clinic's people
 *   their rights: "DATABASE_clinician" or "DATABASE_reviewer"
 */
char *
ebb_server_role_name (const char *database,
                      gboolean    reviewer)
{
  g_return_val_if_fail (database != NULL, NULL);

  return g_strconcat (database, reviewer ? "_reviewer" : "_clinician", NULL);
}

/* Makes @name a login role if it is none, and a member of @group. */
static gboolean
add_person (PGconn      *conn,
            const char  *display,
            const char  *name,
            const char  *group,
            GError     **error)
{
  const char *params[] = { name };
  g_autoptr(PGresult) exists = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *quoted_group = NULL;
  g_autofree char *sql = NULL;

  if (name[0] == '\0' || strlen (name) > 63)
    {
      g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                   _("“%s” is not a user name a server takes: 1 to 63 bytes"), name);
      return FALSE;
    }
  exists = _ebb_server_query (conn, display, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1",
                              1, params, error);
  if (exists == NULL)
    return FALSE;

  quoted = _ebb_pq ()->PQescapeIdentifier (conn, name, strlen (name));
  quoted_group = _ebb_pq ()->PQescapeIdentifier (conn, group, strlen (group));
  if (_ebb_pq ()->PQntuples (exists) == 0)
    {
      g_autofree char *create = g_strdup_printf ("CREATE ROLE %s LOGIN", quoted);

      if (!_ebb_server_exec (conn, display, create, error))
        return FALSE;
    }
  sql = g_strdup_printf ("GRANT %s TO %s", quoted_group, quoted);
  _ebb_pq ()->PQfreemem (g_steal_pointer (&quoted));
  _ebb_pq ()->PQfreemem (g_steal_pointer (&quoted_group));
  return _ebb_server_exec (conn, display, sql, error);
}

/**
 * ebb_server_setup:
 * @uri: a server clinic's URI, connecting as the clinic's owner or a
 *   user who may create roles
 * @clinicians: (nullable) (array zero-terminated=1): user names to give
 *   the clinicians' rights: read and write records
 * @reviewers: (nullable) (array zero-terminated=1): user names to give
 *   the reviewers' rights: read only
 *
 * Makes the clinic's two group roles (ebb_server_role_name()), gives
 * them their rights on its tables and to connect to its database (and
 * takes the right to connect from everyone else), then makes each
 * person a login role, where they are none, in their group.  Passwords
 * are the server administrator's business (README: "A clinic server").
 * One transaction: on failure nothing is changed.
 *
 * Returns: %TRUE on success
 */
gboolean
ebb_server_setup (const char          *uri,
                  const char * const  *clinicians,
                  const char * const  *reviewers,
                  GError             **error)
{
  g_autofree char *display = NULL;
  g_autofree char *clinician = NULL;
  g_autofree char *reviewer = NULL;
  g_autoptr(PGconn) conn = NULL;
  g_autoptr(PGresult) database = NULL;
  int version;

  g_return_val_if_fail (ebb_location_is_server (uri), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = ebb_server_display_name (uri);
  for (guint i = 0; clinicians != NULL && clinicians[i] != NULL; i++)
    if (reviewers != NULL && g_strv_contains (reviewers, clinicians[i]))
      {
        g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_FAILED,
                     _("“%s” is given as a clinician and as a reviewer: a person has one of the two"),
                     clinicians[i]);
        return FALSE;
      }

  if ((conn = _ebb_server_connect (uri, error)) == NULL)
    return FALSE;
  if (!_ebb_server_exec (conn, display, "BEGIN; SET LOCAL client_min_messages = warning;", error))
    return FALSE;

  version = _ebb_server_schema_version (conn, display, error);
  if (version == 0)
    g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_NOT_EBB,
                 _("%s holds no clinic yet: run “ebb-cli --db URI init” first"), display);
  else if (version > EBB_SERVER_SCHEMA_VERSION)
    g_set_error (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_TOO_NEW,
                 _("%s was made by a newer version of Ebb (schema %d): update Ebb on this computer"),
                 display, version);
  if (version <= 0 || version > EBB_SERVER_SCHEMA_VERSION)
    {
      rollback (conn);
      return FALSE;
    }

  database = _ebb_server_query (conn, display, "SELECT current_database ()", 0, NULL, error);
  if (database == NULL)
    {
      rollback (conn);
      return FALSE;
    }
  clinician = ebb_server_role_name (_ebb_pq ()->PQgetvalue (database, 0, 0), FALSE);
  reviewer = ebb_server_role_name (_ebb_pq ()->PQgetvalue (database, 0, 0), TRUE);

  if (!_ebb_server_grant (conn, display, _ebb_pq ()->PQgetvalue (database, 0, 0), clinician, reviewer, error))
    {
      rollback (conn);
      return FALSE;
    }
  for (guint i = 0; clinicians != NULL && clinicians[i] != NULL; i++)
    if (!add_person (conn, display, clinicians[i], clinician, error))
      {
        rollback (conn);
        return FALSE;
      }
  for (guint i = 0; reviewers != NULL && reviewers[i] != NULL; i++)
    if (!add_person (conn, display, reviewers[i], reviewer, error))
      {
        rollback (conn);
        return FALSE;
      }
  if (!_ebb_server_exec (conn, display, "COMMIT", error))
    {
      rollback (conn);
      return FALSE;
    }
  return TRUE;
}
