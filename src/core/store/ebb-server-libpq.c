/* ebb-server-libpq.c — libpq, loaded when a server clinic is first used
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libpq brings twenty more shared libraries with it (OpenSSL, Kerberos,
 * LDAP, SASL), which every start of `ebb` and `ebb-cli` would load, and a
 * clinic file never needs: so it is opened with GModule the first time a
 * postgresql:// location is used, and its functions are called through
 * the table below, under their own names (pq->PQexec ()).  libpq's
 * soname has been libpq.so.5 since PostgreSQL 8.2.
 */
#define G_LOG_DOMAIN "ebb-server"

#include "config.h"

#include <gmodule.h>
#include <glib/gi18n-lib.h>

#include "ebb-server-private.h"

#define LIBPQ_SONAME "libpq.so.5"

static EbbPq pq;
static char *load_error;

#define SYMBOL(name) { #name, (gpointer *) &pq.name }

static gpointer
load_libpq (gpointer data)
{
  const struct
  {
    const char *name;
    gpointer   *address;
  } symbols[] = {
    SYMBOL (PQclear),
    SYMBOL (PQconnectdbParams),
    SYMBOL (PQconninfoFree),
    SYMBOL (PQconninfoParse),
    SYMBOL (PQerrorMessage),
    SYMBOL (PQescapeIdentifier),
    SYMBOL (PQexec),
    SYMBOL (PQexecParams),
    SYMBOL (PQfinish),
    SYMBOL (PQfreemem),
    SYMBOL (PQgetvalue),
    SYMBOL (PQgetCopyData),
    SYMBOL (PQgetResult),
    SYMBOL (PQntuples),
    SYMBOL (PQputCopyData),
    SYMBOL (PQputCopyEnd),
    SYMBOL (PQresultErrorField),
    SYMBOL (PQresultStatus),
    SYMBOL (PQstatus),
    SYMBOL (PQcmdStatus),
    SYMBOL (PQcmdTuples),
    SYMBOL (PQbackendPID),
    SYMBOL (PQconsumeInput),
    SYMBOL (PQexecPrepared),
    SYMBOL (PQgetisnull),
    SYMBOL (PQgetlength),
    SYMBOL (PQnfields),
    SYMBOL (PQnotifies),
    SYMBOL (PQprepare),
    SYMBOL (PQresetStart),
    SYMBOL (PQresetPoll),
    SYMBOL (PQsocket),
    SYMBOL (PQsetNoticeProcessor),
    SYMBOL (PQtransactionStatus),
  };
  GModule *module = g_module_open (LIBPQ_SONAME, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);

  if (module == NULL)
    {
      load_error = g_strdup_printf (_("PostgreSQL's client library (%s) could not be loaded: %s; "
                                      "install it (Debian: libpq5)"),
                                    LIBPQ_SONAME, g_module_error ());
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (symbols); i++)
    if (!g_module_symbol (module, symbols[i].name, symbols[i].address))
      {
        load_error = g_strdup_printf (_("PostgreSQL's client library (%s) has no %s: %s"),
                                      LIBPQ_SONAME, symbols[i].name, g_module_error ());
        g_module_close (module);
        return NULL;
      }
  /* Kept for the life of the process, as the connections need it. */
  g_module_make_resident (module);
  return &pq;
}

/* libpq's functions, loading it the first time: NULL with @error when it
 * cannot be loaded. */
const EbbPq *
_ebb_pq_load (GError **error)
{
  static GOnce once = G_ONCE_INIT;
  const EbbPq *loaded = g_once (&once, load_libpq, NULL);

  if (loaded == NULL)
    g_set_error_literal (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_CONNECT, load_error);
  return loaded;
}

/* libpq's functions, once _ebb_pq_load() has succeeded. */
const EbbPq *
_ebb_pq (void)
{
  g_assert (pq.PQexec != NULL);
  return &pq;
}
