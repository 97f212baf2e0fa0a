/* ebb-store-backup.c — checking the database, and copying it
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The check (SQLite's integrity and foreign-key checks, the schema held
 * against Ebb's, the audit trail's hash chain), and the online backup
 * that ebb-backup.c builds its daily copies on.  A copy is checked before
 * and after, never overwrites a file, and is recorded in the trail.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-json.h"
#include "ebb-server.h"
#include "ebb-store-private.h"

static gboolean
collect_check (EbbStore    *self,
               const char  *sql,
               GPtrArray   *problems,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_count (stmt) == 1)
        {
          const char *message = (const char *) sqlite3_column_text (stmt, 0);

          /* integrity_check answers a single "ok" when all is well. */
          if (message != NULL && !g_str_equal (message, "ok"))
            g_ptr_array_add (problems, g_strdup (message));
        }
      else
        {
          /* foreign_key_check: table, rowid, parent table, key index */
          g_ptr_array_add (problems,
                           /* Translators: the two %s are the database's table names
                            * (patient, session, score), which stay in English */
                           g_strdup_printf (_("%s row %lld refers to a %s row that does not exist"),
                                            (const char *) sqlite3_column_text (stmt, 0),
                                            (long long) sqlite3_column_int64 (stmt, 1),
                                            (const char *) sqlite3_column_text (stmt, 2)));
        }
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _ebb_store_set_db_error (error, self->path, self->db, rc);
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_store_check:
 * @problems: (out) (optional) (transfer container) (element-type utf8):
 *   what the checks found, empty when clean
 *
 * Runs SQLite's integrity and foreign-key checks, compares every table,
 * column, index and trigger with the schema Ebb makes, and verifies the
 * audit trail's hash chain, naming the first entry that does not match.
 *
 * Returns: %TRUE when clean; %FALSE with %EBB_STORE_ERROR_CHECK_FAILED
 *   when problems were found, or another error when the checks could not
 *   run (then @problems is %NULL)
 */
gboolean
ebb_store_check (EbbStore    *self,
                 GPtrArray  **problems,
                 GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (problems != NULL)
    *problems = NULL;

  /* The server keeps its own pages and keys sound: what Ebb checks there
   * is its schema and the audit trail's chain. */
  if (ebb_sql_is_server (self->sql))
    return ebb_server_check (self->path, problems, error);

  found = g_ptr_array_new_with_free_func (g_free);
  if (!collect_check (self, "PRAGMA integrity_check", found, error) ||
      !collect_check (self, "PRAGMA foreign_key_check", found, error) ||
      !_ebb_store_compare_schema (self->db, self->path, EBB_STORE_SCHEMA_VERSION, found, error) ||
      !_ebb_store_verify_chain (self, found, NULL, error))
    return FALSE;

  if (found->len > 0)
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHECK_FAILED,
                 g_dngettext (GETTEXT_PACKAGE,
                              "“%s” failed its check with %u problem: restore it from a backup, "
                              "or ask for help before changing it further",
                              "“%s” failed its check with %u problems: restore it from a backup, "
                              "or ask for help before changing it further",
                              found->len),
                 self->path, found->len);
  if (problems != NULL)
    *problems = g_ptr_array_ref (found);
  return found->len == 0;
}

static int
copy_database (sqlite3 *source,
               sqlite3 *destination)
{
  sqlite3_backup *backup;
  int rc;

  backup = sqlite3_backup_init (destination, "main", source, "main");
  if (backup == NULL)
    return sqlite3_errcode (destination);

  /* Another program writing the source can make a step busy for a
   * moment; the busy timeout does not cover the backup API. */
  for (guint tries = 0; ; tries++)
    {
      rc = sqlite3_backup_step (backup, -1);
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries * 50 >= BUSY_TIMEOUT_MS)
        break;
      sqlite3_sleep (50);
    }
  if (rc == SQLITE_DONE)
    rc = sqlite3_backup_finish (backup);
  else
    sqlite3_backup_finish (backup);
  return rc;
}

/**
 * ebb_store_copy:
 * @destination: a file that does not exist yet
 *
 * Copies the database to @destination (created 0600) after checking it,
 * then checks the copy.  An existing file is never overwritten.  The copy
 * is a single self-contained file (no -wal).  Unlike ebb_store_backup(),
 * nothing is recorded in the audit trail: for a copy that is not (yet)
 * a backup, such as one made under a temporary name.
 */
gboolean
ebb_store_copy (EbbStore    *self,
                const char  *destination,
                GError     **error)
{
  g_autoptr(EbbStore) copy = NULL;
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  GStatBuf st;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL && *destination != '\0', FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A server clinic's copy is a clinic file too, checked on both sides. */
  if (ebb_sql_is_server (self->sql))
    {
      g_autoptr(GArray) counts = ebb_server_copy (self->path, destination, error);

      return counts != NULL;
    }

  if (!ebb_store_check (self, NULL, error))
    {
      g_prefix_error (error, _("No backup was made: "));
      return FALSE;
    }

  if (g_lstat (destination, &st) == 0)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("“%s” exists already, and a backup never overwrites a file: "
                     "choose a new file name"),
                   destination);
      return FALSE;
    }
  if (!_ebb_store_create_private_file (destination, error))
    return FALSE;

  uri = _ebb_store_database_uri (destination, FALSE);
  rc = sqlite3_open_v2 (uri, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                        SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_URI,
                        NULL);
  if (rc == SQLITE_OK)
    rc = copy_database (self->db, db);
  /* The copied header says WAL; a backup is easier to move around as one
   * file, and opening it in Ebb turns WAL back on. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    _ebb_store_set_db_error (error, destination, db, rc);
  sqlite3_close (db);

  if (rc == SQLITE_OK)
    {
      copy = ebb_store_open (destination, EBB_STORE_OPEN_READ_ONLY, error);
      if (copy != NULL && !ebb_store_check (copy, NULL, error))
        g_clear_object (&copy);
      if (copy == NULL)
        g_prefix_error (error, _("The backup did not verify: "));
    }

  if (copy == NULL)
    {
      ebb_store_remove_database_files (destination);
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_store_backup:
 * @destination: a file that does not exist yet
 *
 * ebb_store_copy(), then ebb_store_record_backup(): the backup is
 * recorded in the clinic's audit trail.
 */
gboolean
ebb_store_backup (EbbStore    *self,
                  const char  *destination,
                  GError     **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL && *destination != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return ebb_location_needs_file (destination, error) &&
         ebb_store_copy (self, destination, error) &&
         ebb_store_record_backup (self, destination, error);
}

/**
 * ebb_store_file_sha256:
 * @path: a file
 *
 * Returns: (transfer full) (nullable): the SHA-256 of the file's bytes in
 *   64 hex digits, or %NULL with a %G_FILE_ERROR
 */
char *
ebb_store_file_sha256 (const char  *path,
                       GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar buffer[64 * 1024];
  int fd;
  gssize n;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("“%s” could not be read: %s"), path, g_strerror (saved_errno));
      return NULL;
    }
  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_close (fd, NULL);
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       _("“%s” could not be read: %s"), path, g_strerror (saved_errno));
          return NULL;
        }
      g_checksum_update (checksum, buffer, n);
    }
  g_close (fd, NULL);
  return g_strdup (g_checksum_get_string (checksum));
}

/* The last entry of the trail in the database file @path, read without
 * changing anything beside it; FALSE when it cannot be read. */
static gboolean
read_trail_head (const char  *path,
                 gint64      *id,
                 char       **hash)
{
  g_autofree char *uri = _ebb_store_database_uri (path, TRUE);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = NULL;
  gboolean ok = FALSE;

  *id = 0;
  *hash = NULL;
  if (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                       NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", -1, &stmt,
                          NULL) == SQLITE_OK)
    {
      int rc = sqlite3_step (stmt);

      if (rc == SQLITE_ROW)
        {
          *id = sqlite3_column_int64 (stmt, 0);
          *hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (db);
  return ok;
}

static void
json_add (GString    *json,
          const char *key,
          const char *value)
{
  g_string_append_c (json, json->len > 0 ? ',' : '{');
  ebb_json_append_string (json, key);
  g_string_append_c (json, ':');
  if (value != NULL)
    ebb_json_append_string (json, value);
  else
    g_string_append (json, "null");
}

static void
json_add_int (GString    *json,
              const char *key,
              gint64      value)
{
  g_string_append_c (json, json->len > 0 ? ',' : '{');
  ebb_json_append_string (json, key);
  g_string_append_printf (json, ":%" G_GINT64_FORMAT, value);
}

/* The clinic's entry goes through @self when it may write, else through
 * a connection of its own for the moment (the window's backup thread reads
 * on a read-only one).  A file no one may write gets no entry. */
static gboolean
write_clinic_entry (EbbStore    *self,
                    const char  *action,
                    const char  *details,
                    GError     **error)
{
  g_autoptr(EbbStore) writable = NULL;
  GError *local_error = NULL;
  EbbStore *target = self;
  gboolean ok;

  if (self->read_only)
    {
      writable = ebb_store_open (self->path, EBB_STORE_OPEN_DEFAULT, &local_error);
      if (writable == NULL)
        {
          if (g_error_matches (local_error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY))
            {
              g_error_free (local_error);
              return TRUE;
            }
          g_propagate_error (error, local_error);
          return FALSE;
        }
      target = writable;
    }
  /* A server's reviewer may not add to its trail; the server's own log
   * has the connection. */
  if (target->reviewer)
    return TRUE;

  if (!ebb_store_begin (target, error))
    return FALSE;
  ok = _ebb_store_write_clinic_entry (target, action, "clinic", 0, details, error);
  if (!ok)
    {
      ebb_store_rollback (target);
      return FALSE;
    }
  return ebb_store_commit (target, error);
}

/**
 * ebb_store_record_backup:
 * @backup: a backup of the clinic, complete and under its final name
 *
 * Appends a "backup" entry to the clinic's audit trail: the backup's file
 * (its real path), the SHA-256 of its bytes, and the last entry of its
 * own trail with that entry's hash, so that the backup and the clinic
 * vouch for each other.
 *
 * Returns: %TRUE when recorded, or when the clinic file cannot be written
 *   at all (then nothing is)
 */
gboolean
ebb_store_record_backup (EbbStore    *self,
                         const char  *backup,
                         GError     **error)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *sha256 = NULL;
  g_autofree char *real = NULL;
  g_autofree char *head_hash = NULL;
  gint64 head_id;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (backup != NULL, FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sha256 = ebb_store_file_sha256 (backup, error);
  if (sha256 == NULL)
    return FALSE;
  real = realpath (backup, NULL);

  json_add (json, "file", real != NULL ? real : backup);
  json_add (json, "sha256", sha256);
  if (read_trail_head (backup, &head_id, &head_hash))
    {
      json_add_int (json, "last_entry", head_id);
      json_add (json, "last_hash", head_hash);
    }
  g_string_append_c (json, '}');

  return write_clinic_entry (self, "backup", json->str, error);
}

/**
 * ebb_store_record_restore:
 * @backup: the backup the clinic was restored from
 * @sha256: the SHA-256 of @backup's bytes
 * @replaced: (nullable): where the database it replaced was kept
 *
 * Appends a "restore" entry to the audit trail of @self, which is the
 * restored clinic (ebb_backup_restore_full() writes it into the checked
 * copy before the copy takes the clinic's place).
 */
gboolean
ebb_store_record_restore (EbbStore    *self,
                          const char  *backup,
                          const char  *sha256,
                          const char  *replaced,
                          GError     **error)
{
  g_autoptr(GString) json = g_string_new (NULL);

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (backup != NULL, FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (!self->read_only, FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  json_add (json, "file", backup);
  json_add (json, "sha256", sha256);
  json_add (json, "replaced", replaced);
  g_string_append_c (json, '}');

  return write_clinic_entry (self, "restore", json->str, error);
}
