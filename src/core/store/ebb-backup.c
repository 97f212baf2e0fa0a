/* ebb-backup.c — the rolling daily backup, and where backups are kept
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Backups are whole, checked copies made with the store's online backup
 * (ebb_store_copy), one per day of use, named clinic-YYYY-MM-DD.db in a
 * private folder, and each is recorded in the clinic's audit trail with
 * its SHA-256.  One rule shapes this file: a backup that is not known to
 * be good never takes the place of one that is (copies are made under a
 * temporary name and renamed when complete, and nothing old is removed
 * when today's copy failed).  Restoring is ebb-restore.c's.
 *
 * Nothing here logs: file names hold dates, never patient data, but the
 * caller decides what to show.
 */
#define G_LOG_DOMAIN "ebb-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-backup-private.h"
#include "ebb-date.h"
#include "ebb-store.h"

G_DEFINE_QUARK (ebb-backup-error-quark, ebb_backup_error)

#define BACKUP_PREFIX "clinic-"
#define BACKUP_SUFFIX ".db"

/* A partial copy older than this was left by a run that was killed: no
 * backup of a clinic database takes anywhere near this long. */
#define STALE_PARTIAL_SECONDS (60 * 60)

/* Backup names --------------------------------------------------------- */

/**
 * ebb_backup_default_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/ebb/backups`
 */
char *
ebb_backup_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "ebb", "backups", NULL);
}

/**
 * ebb_backup_file_name:
 * @day: a day (see ebb_date_today())
 *
 * Returns: (transfer full): the backup's file name for @day,
 *   `clinic-YYYY-MM-DD.db`
 */
char *
ebb_backup_file_name (gint32 day)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (day > 0, NULL);

  date = ebb_date_format (day);
  return g_strconcat (BACKUP_PREFIX, date, BACKUP_SUFFIX, NULL);
}

/* The day of a backup's file name, or 0 when @name is not exactly one:
 * anything else in the folder is the user's and is never touched. */
static gint32
backup_name_day (const char *name)
{
  static const char pattern[] = BACKUP_PREFIX "0000-00-00" BACKUP_SUFFIX;
  const char *date = name + strlen (BACKUP_PREFIX);
  int year, month, mday;

  if (strlen (name) != strlen (pattern) || !g_str_has_prefix (name, BACKUP_PREFIX) ||
      !g_str_has_suffix (name, BACKUP_SUFFIX))
    return 0;
  for (guint i = 0; i < 10; i++)
    {
      if (pattern[strlen (BACKUP_PREFIX) + i] == '0' ? !g_ascii_isdigit (date[i]) : date[i] != '-')
        return 0;
    }

  year = g_ascii_digit_value (date[0]) * 1000 + g_ascii_digit_value (date[1]) * 100 +
         g_ascii_digit_value (date[2]) * 10 + g_ascii_digit_value (date[3]);
  month = g_ascii_digit_value (date[5]) * 10 + g_ascii_digit_value (date[6]);
  mday = g_ascii_digit_value (date[8]) * 10 + g_ascii_digit_value (date[9]);
  return ebb_date_from_ymd (year, month, mday);
}

/* Partial copies left by a run that was killed halfway. */
static void
remove_stale_partials (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, "." BACKUP_PREFIX) || strstr (name, BACKUP_SUFFIX ".partial-") == NULL)
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) &&
          now - (gint64) st.st_mtime > STALE_PARTIAL_SECONDS)
        g_unlink (path);
    }
}

typedef struct
{
  gint32  day;
  char   *name;
} BackupFile;

static void
backup_file_clear (gpointer data)
{
  g_free (((BackupFile *) data)->name);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const BackupFile *fa = a, *fb = b;

  return fa->day < fb->day ? 1 : fa->day > fb->day ? -1 : 0;
}

/* Removes the oldest backups beyond @keep.  Today's is never removed,
 * even when a clock set wrong has left backups dated in the future. */
static gboolean
remove_old_backups (const char  *dir,
                    guint        keep,
                    gint32       today,
                    GError     **error)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GArray) files = g_array_new (FALSE, FALSE, sizeof (BackupFile));
  GError *local_error = NULL;
  const char *name;

  g_array_set_clear_func (files, backup_file_clear);
  listing = g_dir_open (dir, 0, &local_error);
  if (listing == NULL)
    {
      g_set_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_FAILED,
                   _("The backup folder “%s” could not be read: %s"), dir, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      BackupFile file = { backup_name_day (name), NULL };

      if (file.day == 0)
        continue;
      file.name = g_strdup (name);
      g_array_append_val (files, file);
    }
  g_array_sort (files, compare_newest_first);

  for (guint i = keep; i < files->len; i++)
    {
      const BackupFile *file = &g_array_index (files, BackupFile, i);
      g_autofree char *path = NULL;

      if (file->day == today)
        continue;
      path = g_build_filename (dir, file->name, NULL);
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          _ebb_backup_set_errno_error (error, errno, N_("The old backup “%s” could not be removed"), path);
          return FALSE;
        }
    }
  return TRUE;
}

/* The rolling backup ---------------------------------------------------- */

/**
 * ebb_backup_rolling:
 * @store: the clinic database, outside any transaction
 * @backup_dir: (nullable): the backup folder, or %NULL for
 *   ebb_backup_default_dir(); created 0700 when missing
 * @keep: how many daily backups to keep, 1 or more
 * @today: the day of use (ebb_date_today())
 * @made: (out) (optional) (transfer full) (nullable): the backup made by
 *   this call, or %NULL when today's existed already
 * @error: an %EBB_STORE_ERROR (e.g. %EBB_STORE_ERROR_CHECK_FAILED: the
 *   database failed its check, so no backup was made) or an
 *   %EBB_BACKUP_ERROR
 *
 * Makes today's backup, `clinic-YYYY-MM-DD.db` (mode 0600), unless it
 * exists, then removes the oldest backups beyond @keep.  The copy is
 * written under a temporary name, checked, flushed to the disk and only
 * then given its name, so a backup with that name is always complete;
 * then it is recorded in the clinic's audit trail (ebb_store_record_backup()).
 * When no backup could be made nothing is removed: the older backups are
 * then all the more precious.  Files in the folder that are not named
 * like a backup are never touched.
 *
 * Returns: %TRUE when today's backup exists and old ones were removed.
 *   On %FALSE, @made is still set if this call made a backup.
 */
gboolean
ebb_backup_rolling (EbbStore     *store,
                    const char   *backup_dir,
                    guint         keep,
                    gint32        today,
                    char        **made,
                    GError      **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (EBB_IS_STORE (store), FALSE);
  g_return_val_if_fail (keep > 0, FALSE);
  g_return_val_if_fail (today > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (made != NULL)
    *made = NULL;

  dir = backup_dir != NULL ? g_strdup (backup_dir) : ebb_backup_default_dir ();
  if (!_ebb_backup_ensure_private_dir (dir, error))
    return FALSE;

  name = ebb_backup_file_name (today);
  path = g_build_filename (dir, name, NULL);

  if (!_ebb_backup_path_exists (path))
    {
      g_autofree char *partial = NULL;

      remove_stale_partials (dir);
      partial = _ebb_backup_unused_temp_name (dir, name, "partial", error);
      if (partial == NULL)
        return FALSE;

      /* Checks the database first and refuses one that fails, then checks
       * the copy; on failure it leaves no file behind.  The trail records
       * the backup under its own name, once it has it. */
      if (!ebb_store_copy (store, partial, error))
        return FALSE;

      if (!_ebb_backup_sync_path (partial, FALSE, error))
        {
          g_unlink (partial);
          return FALSE;
        }
      if (g_rename (partial, path) != 0)
        {
          _ebb_backup_set_errno_error (error, errno, N_("The backup “%s” could not be saved"), path);
          g_unlink (partial);
          return FALSE;
        }
      if (made != NULL)
        *made = g_strdup (path);
      if (!_ebb_backup_sync_path (dir, TRUE, error) ||
          !ebb_store_record_backup (store, path, error))
        return FALSE;
    }

  return remove_old_backups (dir, keep, today, error);
}


/* Where backups are kept ----------------------------------------------------- */

/**
 * ebb_backup_dir_for_database:
 * @database: the clinic database
 * @folder: (nullable): the folder the user chose for backups (the
 *   `backup-folder` setting), or %NULL or "" for none
 *
 * Returns: (transfer full): @folder when one was chosen, else the
 *   `backups` folder beside @database
 */
char *
ebb_backup_dir_for_database (const char *database,
                             const char *folder)
{
  g_autofree char *parent = NULL;

  g_return_val_if_fail (database != NULL, NULL);

  if (folder != NULL && *folder != '\0')
    return g_strdup (folder);
  parent = g_path_get_dirname (database);
  return g_build_filename (parent, "backups", NULL);
}

/* The device of @path, or of its nearest folder that exists (a backup
 * folder is created on first use). */
static gboolean
device_of (const char *path,
           dev_t      *device)
{
  g_autofree char *current = g_canonicalize_filename (path, NULL);

  for (;;)
    {
      GStatBuf st;
      g_autofree char *parent = NULL;

      if (g_stat (current, &st) == 0)
        {
          *device = st.st_dev;
          return TRUE;
        }
      parent = g_path_get_dirname (current);
      if (g_str_equal (parent, current))
        return FALSE;
      g_free (current);
      current = g_steal_pointer (&parent);
    }
}

/**
 * ebb_backup_on_same_disk:
 * @database: the clinic database
 * @backup_dir: where its backups are kept (it need not exist yet)
 *
 * Whether the backups sit on the same file system as the clinic: then a
 * failing or stolen disk takes both, and the backups only help against
 * mistakes and damage to the file.  Choose a folder on another disk (an
 * external drive) for the backups, or copy them there.
 *
 * Returns: %TRUE when both are on one file system, or when that cannot
 *   be told
 */
gboolean
ebb_backup_on_same_disk (const char *database,
                         const char *backup_dir)
{
  dev_t database_device, backup_device;

  g_return_val_if_fail (database != NULL, TRUE);
  g_return_val_if_fail (backup_dir != NULL, TRUE);

  if (!device_of (database, &database_device) || !device_of (backup_dir, &backup_device))
    return TRUE;
  return database_device == backup_device;
}
