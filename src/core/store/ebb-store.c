/* ebb-store.c — the clinic database (SQLite)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQLite file per clinic.  The file is the user's clinical record, so
 * the rules here lean towards refusing: a file that is not ours, is newer
 * than us, is empty or cannot be written is reported and left untouched,
 * never "repaired" or overwritten.  Every change is one transaction that
 * also appends to the audit trail.
 *
 * An EbbStore wraps one connection opened with SQLITE_OPEN_NOMUTEX: use it
 * from one thread only.
 *
 * This file holds the object, its errors, opening and transactions; the
 * rest of the store is in the other ebb-store-*.c files (see
 * ebb-store-private.h).
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <errno.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-server.h"
#include "ebb-sql-server-private.h"
#include "ebb-store-private.h"

G_DEFINE_FINAL_TYPE (EbbStore, ebb_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ebb-store-error-quark, ebb_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Errors */

/* Maps an SQLite result to an error the caller can act on; the detail
 * from SQLite is kept in the message for the rare report to us. */
void
_ebb_store_set_db_error (GError     **error,
                         const char  *path,
                         sqlite3     *db,
                         int          rc)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  int kind = rc & 0xff;

  /* SQLite says "disk I/O error" when a full disk kept it from making
   * the -shm or -wal file, even only to read (`ebb-cli check`): the
   * system's own error tells a full disk apart. */
  if (kind == SQLITE_IOERR && db != NULL &&
      (sqlite3_system_errno (db) == ENOSPC || sqlite3_system_errno (db) == EDQUOT))
    kind = SQLITE_FULL;

  switch (kind)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_LOCKED,
                   _("“%s” is in use by another program: close the other program "
                     "(or the other Ebb window) and try again"),
                   path);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                   /* Translators: the first %s is a file, the second SQLite's own
                    * words for the problem, in English */
                   _("“%s” cannot be written (%s): check that you may change the file "
                     "and its folder, or open it read-only"),
                   path, detail);
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged (%s): restore it from a backup"),
                   path, detail);
      break;

    case SQLITE_NOTADB:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is not an Ebb clinic database (it is not a database at all): "
                     "choose another file"),
                   path);
      break;

    case SQLITE_FULL:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("There is no space left on the disk that holds “%s”: "
                     "free some space and try again"),
                   path);
      break;

    case SQLITE_CONSTRAINT:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("The change was refused by “%s”: %s"),
                   path, detail);
      break;

    default:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("“%s” could not be used (%s): check the disk, then try again"),
                   path, detail);
      break;
    }
}

/* The same for a connection, a file's or a server's.  A server's
 * failure is mapped to SQLite's code (ebb-sql-server.c); its messages say
 * what a user of a clinic server can do. */
void
_ebb_store_set_sql_error (GError     **error,
                          const char  *path,
                          EbbSql      *sql,
                          int          rc)
{
  const char *display;
  const char *detail;

  if (!ebb_sql_is_server (sql))
    {
      _ebb_store_set_db_error (error, path, sql->lite, rc);
      return;
    }

  display = _ebb_sql_server_display (sql);
  detail = ebb_sql_errmsg (sql);
  switch (rc & 0xff)
    {
    case SQLITE_CANTOPEN:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_UNREACHABLE,
                   /* Translators: %s is a clinic server, then the server's own words */
                   _("The clinic server %s cannot be reached (%s): nothing was saved. "
                     "Check the network, then try again"),
                   display, detail);
      break;

    case SQLITE_PERM:
    case SQLITE_READONLY:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                   _("You may not change the clinic on %s (%s): ask its administrator "
                     "to make you a clinician there"),
                   display, detail);
      break;

    case SQLITE_BUSY:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_LOCKED,
                   _("The clinic server %s was busy with another workstation's change (%s): "
                     "try again"),
                   display, detail);
      break;

    case SQLITE_CONSTRAINT:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("The change was refused by %s: %s"), display, detail);
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                   _("The clinic on %s is damaged (%s): ask its administrator"),
                   display, detail);
      break;

    default:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("The clinic server %s refused the request (%s)"), display, detail);
      break;
    }
}

/* The clinic as messages name it: a file's path, a server's address
 * without its password or parameters. */
const char *
_ebb_store_display (EbbStore *self)
{
  return ebb_sql_is_server (self->sql) ? _ebb_sql_server_display (self->sql) : self->path;
}

/* Transactions */

static void
finish_rollback (EbbStore *self)
{
  /* After some errors (a full disk, for one) SQLite has already rolled
   * back by itself, and a second ROLLBACK would only fail. */
  if (!ebb_sql_get_autocommit (self->sql))
    {
      int rc = ebb_sql_exec (self->sql, "ROLLBACK");

      if (rc != SQLITE_OK)
        g_warning ("Could not roll back a transaction: %s", sqlite3_errstr (rc));
    }
  self->doomed = FALSE;
  self->beside_imports = FALSE;
  /* An import rolled back is no import; the trail's head is read anew. */
  _ebb_store_end_import (self);
  self->chain_known = FALSE;
}

static void
set_doomed_error (GError **error)
{
  g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                       _("An earlier step of this change failed, so none of it was saved"));
}

/* Every write is audited, and its audit entry names the patient it is
 * about (0 for the clinic's: a rule setting, an import, a restore): the
 * audit trail calls this for each, so that no writer can forget to. */
void
_ebb_store_note_change (EbbStore *self,
                        gint64    patient_id)
{
  if (patient_id <= 0)
    self->tx_patient_id = -1;
  else if (self->tx_patient_id == 0)
    self->tx_patient_id = patient_id;
  else if (self->tx_patient_id != patient_id)
    self->tx_patient_id = -1;
}

/* One call, one transaction: nested inside the caller's when there is one. */
gboolean
_ebb_store_run_in_transaction (EbbStore   *self,
                               StoreWork   work,
                               gpointer    data,
                               GError    **error)
{
  if (!ebb_store_begin (self, error))
    return FALSE;
  if (!work (self, data, error))
    {
      ebb_store_rollback (self);
      return FALSE;
    }
  return ebb_store_commit (self, error);
}

/* GObject */

static void
ebb_store_finalize (GObject *object)
{
  EbbStore *self = EBB_STORE (object);

  g_clear_pointer (&self->tx_at, g_free);
  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->import_patients, g_hash_table_unref);
  if (self->depth > 0)
    g_warning ("An EbbStore was destroyed inside a transaction; the transaction was rolled back");

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], ebb_sql_finalize);
  /* Closes a file's sqlite3 handle too (ebb_sql_free()). */
  self->db = NULL;
  g_clear_pointer (&self->sql, ebb_sql_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->user_name, g_free);

  G_OBJECT_CLASS (ebb_store_parent_class)->finalize (object);
}

static void
ebb_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  EbbStore *self = EBB_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_store_class_init (EbbStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ebb_store_finalize;
  object_class->get_property = ebb_store_get_property;

  /**
   * EbbStore:path:
   *
   * The database file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * EbbStore:read-only:
   *
   * Whether the file was opened with %EBB_STORE_OPEN_READ_ONLY.
   */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EbbStore::changed:
   *
   * Emitted after a transaction that wrote something was committed (once
   * per outermost commit), so views can reload; also for a change another
   * program made (ebb_store_check_changed_elsewhere()).  During the
   * emission ebb_store_get_changed_patient() tells whether only one
   * patient's records changed, so that a view of the whole clinic can
   * read that patient again rather than everything.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
ebb_store_init (EbbStore *self)
{
}

/* Public API */

/**
 * ebb_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/ebb/clinic.db`
 */
char *
ebb_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "ebb", "clinic.db", NULL);
}

/**
 * ebb_store_open:
 * @path: the clinic database file
 * @flags: %EBB_STORE_OPEN_CREATE to create a missing file (mode 0600, with
 *   its folders, 0700); %EBB_STORE_OPEN_READ_ONLY never to write
 * @error: an %EBB_STORE_ERROR whose message names @path and says what to do
 *
 * Opens the file and brings its schema up to %EBB_STORE_SCHEMA_VERSION.
 * A file that is empty, not a database, someone else's database or newer
 * than this version is refused and left exactly as it was.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL on error
 */
EbbStore *
ebb_store_open (const char         *path,
                EbbStoreOpenFlags   flags,
                GError            **error)
{
  g_autoptr(EbbStore) self = NULL;
  gboolean read_only = (flags & EBB_STORE_OPEN_READ_ONLY) != 0;
  gboolean created = FALSE;
  GStatBuf st;
  sqlite3 *db;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (ebb_location_is_server (path))
    return _ebb_store_open_server (path, read_only, error);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno != ENOENT)
        {
          g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                       _("“%s” cannot be opened (%s): check the name and the permissions "
                         "of its folders"),
                       path, g_strerror (saved_errno));
          return NULL;
        }
      if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
        {
          /* A link to nothing: neither "does not exist" nor a file to
           * create would be true. */
          g_autofree char *target = g_file_read_link (path, NULL);

          g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_FOUND,
                       _("“%s” is a link to “%s”, which does not exist: point the link at "
                         "the clinic file, or remove the link"),
                       path, target != NULL ? target : "?");
          return NULL;
        }
      if (!(flags & EBB_STORE_OPEN_CREATE) || read_only)
        {
          g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_FOUND,
                       _("“%s” does not exist: check the name, or create a new clinic file"),
                       path);
          return NULL;
        }
      if (!_ebb_store_create_private_file (path, error))
        return NULL;
      created = TRUE;
    }
  else if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is a folder, not an Ebb clinic database: choose a file"), path);
      return NULL;
    }
  else if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is not a regular file, so it is not an Ebb clinic database: "
                     "choose another file"),
                   path);
      return NULL;
    }
  else if (st.st_size == 0)
    {
      /* SQLite would happily make an empty file a database; it may be a
       * file the user cares about that was truncated, so leave it alone. */
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is empty: it is not an Ebb clinic database. Choose another "
                     "file, or a new file name to create a clinic"),
                   path);
      return NULL;
    }
  else if (!read_only && !_ebb_store_check_writable (path, error))
    {
      return NULL;
    }

  db = _ebb_store_open_database (path, read_only, error);
  if (db == NULL)
    {
      /* Only a file we just made is ours to remove. */
      if (created)
        ebb_store_remove_database_files (path);
      return NULL;
    }

  self = g_object_new (EBB_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->db = db;
  self->sql = ebb_sql_new_for_file (db);
  self->read_only = read_only;
  return g_steal_pointer (&self);
}

/**
 * ebb_store_get_path:
 *
 * Returns: (transfer none): the database file, as given to ebb_store_open()
 */
const char *
ebb_store_get_path (EbbStore *self)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);

  return self->path;
}

/**
 * ebb_store_is_read_only:
 *
 * Returns: whether the store was opened with %EBB_STORE_OPEN_READ_ONLY
 */
gboolean
ebb_store_is_read_only (EbbStore *self)
{
  g_return_val_if_fail (EBB_IS_STORE (self), TRUE);

  return self->read_only;
}

static gboolean
begin_transaction (EbbStore  *self,
                   gboolean   import,
                   GError   **error)
{
  const char *begin;
  int rc;

  if (self->read_only && self->reviewer)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                   _("You are a reviewer of the clinic on %s: you may read it, not change it"),
                   _ebb_store_display (self));
      return FALSE;
    }
  if (self->read_only)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                   _("“%s” was opened read-only, so nothing can be changed: open it "
                     "again without read-only mode"),
                   _ebb_store_display (self));
      return FALSE;
    }

  if (self->depth > 0)
    {
      if (self->doomed)
        {
          set_doomed_error (error);
          return FALSE;
        }
      self->depth++;
      return TRUE;
    }

  if (!ebb_sql_is_server (self->sql))
    begin = "BEGIN IMMEDIATE";
  else
    begin = import ? EBB_STORE_SERVER_BEGIN_IMPORT : EBB_STORE_SERVER_BEGIN;
  rc = ebb_sql_exec (self->sql, begin);
  if (rc != SQLITE_OK)
    {
      if (!ebb_sql_get_autocommit (self->sql))
        ebb_sql_exec (self->sql, "ROLLBACK");
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return FALSE;
    }
  self->depth = 1;
  self->doomed = FALSE;
  self->beside_imports = import && ebb_sql_is_server (self->sql);
  self->changes_at_begin = ebb_sql_total_changes (self->sql);
  self->tx_patient_id = 0;
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    g_free (self->tx_at);
    self->tx_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
    /* Codes can change within a transaction: start each one afresh. */
    g_clear_pointer (&self->code, g_free);
  }
  /* Another connection may have appended to the trail since. */
  self->chain_known = FALSE;
  return TRUE;
}

/**
 * ebb_store_begin:
 *
 * Opens a transaction, or a nested level of the one already open.  Only
 * the outermost level reaches the database (as `BEGIN IMMEDIATE`, so a
 * busy file fails here rather than halfway through; on a server, waiting
 * for any other workstation's write to end).  A nested begin fails when
 * an inner level was already rolled back.
 */
gboolean
ebb_store_begin (EbbStore  *self,
                 GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->sql != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return begin_transaction (self, FALSE, error);
}

/**
 * ebb_store_begin_import:
 *
 * As ebb_store_begin() followed by ebb_store_start_import().  On a clinic
 * server, an import begun here as the outermost level runs beside other
 * workstations' imports rather than after them: what it reads of a
 * patient is only sure once it holds the patient's code lock
 * (ebb_store_lock_patient_code()).  Any other write still waits for the
 * imports, and they for it.
 */
gboolean
ebb_store_begin_import (EbbStore  *self,
                        GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->sql != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!begin_transaction (self, TRUE, error))
    return FALSE;
  if (!ebb_store_start_import (self, error))
    {
      ebb_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_store_lock_patient_code:
 * @code: a patient's code in its one form (ebb_patient_normalise_code()),
 *   stored or not
 * @read_again: (out): whether another import may have stored or changed
 *   this patient since the transaction began, so that what was read of
 *   it before must be read again
 *
 * In an import that runs beside others (ebb_store_begin_import()), waits
 * until no other import holds @code, then holds it until this transaction
 * ends: two imports of one patient go one after the other, and the second
 * sees what the first stored.  Elsewhere nobody else can write meanwhile,
 * and this does nothing.
 *
 * Two imports that each hold a code the other then asks for would wait
 * for ever: the server ends one of them after a second, and that import
 * fails as a whole (docs/clinic-server.md).
 */
gboolean
ebb_store_lock_patient_code (EbbStore    *self,
                             const char  *code,
                             gboolean    *read_again,
                             GError     **error)
{
  g_autofree char *lock = NULL;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (read_again != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *read_again = FALSE;
  if (!self->beside_imports || self->depth == 0)
    return TRUE;
  /* The code's hash as the lock's second key: two codes that share one
   * only wait for each other. */
  lock = g_strdup_printf ("SELECT pg_advisory_xact_lock (%d, %d)", EBB_STORE_SERVER_CODE_LOCK_CLASS,
                          (gint32) g_str_hash (code));
  rc = ebb_sql_exec (self->sql, lock);
  if (rc != SQLITE_OK)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return FALSE;
    }
  *read_again = TRUE;
  return TRUE;
}

/**
 * ebb_store_commit:
 *
 * Closes one level opened by ebb_store_begin().  The outermost level
 * commits, or rolls back and fails when an inner level was rolled back.
 * The level is closed either way: do not call ebb_store_rollback() after
 * a failed commit.  A commit that wrote something emits #EbbStore::changed.
 */
gboolean
ebb_store_commit (EbbStore  *self,
                  GError   **error)
{
  gboolean wrote;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->depth--;
  if (self->doomed)
    {
      if (self->depth == 0)
        finish_rollback (self);
      set_doomed_error (error);
      return FALSE;
    }
  if (self->depth > 0)
    return TRUE;

  if (self->importing)
    {
      g_critical ("An import was committed without ebb_store_finish_import(): "
                  "its rows have no audit entry");
      _ebb_store_end_import (self);
    }
  self->chain_known = FALSE;
  wrote = ebb_sql_total_changes (self->sql) != self->changes_at_begin;
  if (wrote && ebb_sql_is_server (self->sql))
    {
      /* Delivered with the commit, to every other workstation's window
       * (ebb_store_check_changed_elsewhere()). */
      g_autofree char *notify = g_strdup_printf ("SELECT pg_notify ('" EBB_SQL_CHANGES_CHANNEL "', '%"
                                                 G_GINT64_FORMAT "')",
                                                 self->tx_patient_id > 0 ? self->tx_patient_id : 0);

      rc = ebb_sql_exec (self->sql, notify);
      if (rc != SQLITE_OK)
        {
          _ebb_store_set_sql_error (error, self->path, self->sql, rc);
          finish_rollback (self);
          return FALSE;
        }
    }
  rc = ebb_sql_exec (self->sql, "COMMIT");
  if (rc != SQLITE_OK)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      /* A failed COMMIT can leave the transaction open; the next caller
       * must not find itself inside it. */
      finish_rollback (self);
      return FALSE;
    }
  self->beside_imports = FALSE;

  if (wrote)
    {
      /* A write that was not audited is no one patient's. */
      self->changed_patient_id = self->tx_patient_id > 0 ? self->tx_patient_id : 0;
      g_signal_emit (self, signals[CHANGED], 0);
      self->changed_patient_id = 0;
    }
  return TRUE;
}

/**
 * ebb_store_get_changed_patient:
 *
 * Which patient the change being announced was about, for a handler of
 * #EbbStore::changed: the one patient whose records (the patient, their
 * sessions, ratings, decisions, course ends) the committed transaction
 * added, changed or deleted.  0 when it may have been more than that:
 * several patients, an import, the clinic's rule settings, a change made
 * by another program to a clinic file (a file only counts others'
 * commits; a server announces each one's patient), or when no change is
 * being announced.
 *
 * Returns: a patient id (perhaps of a patient just deleted), or 0
 */
gint64
ebb_store_get_changed_patient (EbbStore *self)
{
  g_return_val_if_fail (EBB_IS_STORE (self), 0);

  return self->changed_patient_id;
}

/**
 * ebb_store_rollback:
 *
 * Closes one level opened by ebb_store_begin() and dooms the whole
 * transaction: the outermost level rolls everything back.
 */
void
ebb_store_rollback (EbbStore *self)
{
  g_return_if_fail (EBB_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  self->doomed = TRUE;
  self->depth--;
  if (self->depth == 0)
    finish_rollback (self);
}
