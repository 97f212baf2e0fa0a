/* ebb-store-backup.c — checking the database, and copying it
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SQLite's integrity and foreign-key checks, and the online backup that
 * ebb-backup.c builds its daily copies on.  A copy is checked before and
 * after, and never overwrites a file.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

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
 * Runs SQLite's integrity and foreign-key checks.
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

  found = g_ptr_array_new_with_free_func (g_free);
  if (!collect_check (self, "PRAGMA integrity_check", found, error) ||
      !collect_check (self, "PRAGMA foreign_key_check", found, error))
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
 * ebb_store_backup:
 * @destination: a file that does not exist yet
 *
 * Copies the database to @destination (created 0600) after checking it,
 * then checks the copy.  An existing file is never overwritten.  The copy
 * is a single self-contained file (no -wal).
 */
gboolean
ebb_store_backup (EbbStore    *self,
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
