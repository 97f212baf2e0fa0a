/* ebb-server-keyring.c — a clinic server's password, kept in the desktop's keyring
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A password typed into Connect to Clinic Server… is kept for the rest of
 * the session in memory, and, when the user asks, in the desktop's
 * keyring through libsecret (GNOME Keyring, KWallet), under the server,
 * port, database and user it is for: never in an address, the settings,
 * a log or a message.  The store asks for it whenever it connects
 * (ebb_server_set_password_func()), from the window's thread or a
 * loader's, so the session's passwords are behind a lock.  Without a
 * keyring (a test run, a bare session) nothing is kept there, and libpq's
 * own sources still apply (~/.pgpass).
 */
#define G_LOG_DOMAIN "ebb-keyring"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "ebb-server.h"
#include "ebb-server-keyring.h"

static const SecretSchema *
password_schema (void)
{
  static const SecretSchema schema = {
    "io.github.ebbclinic.Ebb.ClinicServer", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static GMutex session_lock;
static GHashTable *session_passwords;  /* key → password, typed or looked up this session */
static GHashTable *session_misses;     /* keys the keyring had nothing for, this session */

/* One key per server, port, database and user; an unset part is empty
 * (the local socket, the default port). */
static char *
key_for (const char *host,
         const char *port,
         const char *database,
         const char *user)
{
  return g_strjoin ("\x1f", host != NULL ? host : "", port != NULL ? port : "",
                    database != NULL ? database : "", user != NULL ? user : "", NULL);
}

static void
password_free (gpointer password)
{
  explicit_bzero (password, strlen (password));
  g_free (password);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Kept for the session all the same; only the failure is logged,
   * never the password or whose it is. */
  if (!secret_password_store_finish (result, &error))
    g_message ("The password could not be kept in the keyring: %s", error->message);
}

/* Takes @key and @password (NULL: the keyring has none). */
static void
keep_for_session (char *key,
                  char *password)
{
  g_mutex_lock (&session_lock);
  if (session_passwords == NULL)
    {
      session_passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, password_free);
      session_misses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  if (password != NULL)
    {
      g_hash_table_remove (session_misses, key);
      g_hash_table_replace (session_passwords, key, password);
    }
  else
    g_hash_table_add (session_misses, key);
  g_mutex_unlock (&session_lock);
}

/**
 * ebb_server_keyring_remember:
 * @in_keyring: also keep it in the desktop's keyring, for later sessions
 *
 * Keeps @password for connections to that server, port, database and user.
 */
void
ebb_server_keyring_remember (const char *host,
                             const char *port,
                             const char *database,
                             const char *user,
                             const char *password,
                             gboolean    in_keyring)
{
  g_return_if_fail (password != NULL);

  keep_for_session (key_for (host, port, database, user), g_strdup (password));

  if (in_keyring)
    {
      g_autofree char *label = g_strdup_printf (_("Ebb: clinic %s on %s for %s"), database,
                                                host != NULL && *host != '\0' ? host : _("this computer"),
                                                user);

      secret_password_store (password_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                             NULL, stored_cb, NULL,
                             "host", host != NULL ? host : "",
                             "port", port != NULL ? port : "",
                             "database", database != NULL ? database : "",
                             "user", user != NULL ? user : "",
                             NULL);
    }
}

/**
 * ebb_server_keyring_lookup:
 *
 * Returns: (transfer full) (nullable): the password typed this session,
 *   or else the keyring's, or %NULL; the keyring is asked once a session
 *   (every list reload and scan connects anew)
 */
char *
ebb_server_keyring_lookup (const char *host,
                           const char *port,
                           const char *database,
                           const char *user)
{
  g_autofree char *key = key_for (host, port, database, user);
  g_autoptr(GError) error = NULL;
  char *password = NULL;

  gboolean missed = FALSE;

  g_mutex_lock (&session_lock);
  if (session_passwords != NULL)
    {
      password = g_strdup (g_hash_table_lookup (session_passwords, key));
      missed = g_hash_table_contains (session_misses, key);
    }
  g_mutex_unlock (&session_lock);
  if (password != NULL || missed)
    return password;

  password = secret_password_lookup_sync (password_schema (), NULL, &error,
                                          "host", host != NULL ? host : "",
                                          "port", port != NULL ? port : "",
                                          "database", database != NULL ? database : "",
                                          "user", user != NULL ? user : "",
                                          NULL);
  if (password == NULL)
    {
      keep_for_session (g_steal_pointer (&key), NULL);
      return NULL;
    }
  /* libsecret's non-pageable copy, handed over as a plain string that
   * the store wipes once it has connected. */
  {
    char *copy = g_strdup (password);

    secret_password_free (password);
    keep_for_session (g_steal_pointer (&key), g_strdup (copy));
    return copy;
  }
}

static char *
password_func (const char *host,
               const char *port,
               const char *database,
               const char *user,
               gpointer    user_data)
{
  return ebb_server_keyring_lookup (host, port, database, user);
}

/**
 * ebb_server_keyring_install:
 *
 * Makes this the store's source of passwords for clinic servers.
 */
void
ebb_server_keyring_install (void)
{
  ebb_server_set_password_func (password_func, NULL);
}
