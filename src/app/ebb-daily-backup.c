/* ebb-daily-backup.c — the day's backup of a clinic, made in a thread
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Once per day of use, a checked copy of the clinic, the last N kept
 * (issue: trust), in the folder the user chose for backups (the
 * `backup-folder` setting: best on another disk, an external drive), or
 * else in a "backups" folder beside the database, so that each clinic
 * file keeps its own.  Checking and copying the whole file
 * takes seconds on a large clinic, so it runs in a thread, on a read-only
 * connection of its own (an EbbStore is never shared between threads).
 */
#define G_LOG_DOMAIN "ebb-daily-backup"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-backup.h"
#include "ebb-daily-backup.h"
#include "ebb-store.h"

typedef struct
{
  char     *path;
  char     *folder;
  gboolean  chosen;   /* the user's folder, not the one beside the database */
  guint     keep;
  gint32    today;
} BackupRequest;

static void
backup_request_free (BackupRequest *request)
{
  g_free (request->path);
  g_free (request->folder);
  g_free (request);
}

static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  BackupRequest *request = task_data;
  g_autoptr(EbbStore) store = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* A chosen folder that is not there is most likely on a drive that is
   * not plugged in: made anew, it would put the backups back on the
   * computer's own disk without a word. */
  if (request->chosen && !g_file_test (request->folder, G_FILE_TEST_IS_DIR))
    {
      g_task_return_new_error (task, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_FAILED,
                               _("The backup folder “%s” is not there: connect the drive it is on, "
                                 "or choose another folder in Preferences"),
                               request->folder);
      return;
    }

  store = ebb_store_open (request->path, EBB_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL ||
      !ebb_backup_rolling (store, request->folder, request->keep, request->today, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * ebb_daily_backup_async:
 * @database_path: the clinic database
 * @chosen_folder: (nullable): the folder the user chose for backups (the
 *   `backup-folder` setting), which must exist; %NULL or "" for a
 *   "backups" folder beside @database_path, made when missing
 * @keep: how many daily backups to keep, 1 or more
 * @today: the day of use
 * @cancellable: (nullable): cancels the backup before it starts; once
 *   started it is finished, so that no half-made copy is left
 * @callback: called on the thread-default main context when done
 * @user_data: for @callback
 *
 * Makes today's backup in the folder unless it exists, and removes the
 * oldest beyond @keep: see ebb_backup_rolling().
 */
void
ebb_daily_backup_async (const char          *database_path,
                        const char          *chosen_folder,
                        guint                keep,
                        gint32               today,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BackupRequest *request;

  g_return_if_fail (database_path != NULL);
  g_return_if_fail (keep > 0);
  g_return_if_fail (today > 0);

  request = g_new0 (BackupRequest, 1);
  request->path = g_strdup (database_path);
  request->folder = ebb_backup_dir_for_database (database_path, chosen_folder);
  request->chosen = chosen_folder != NULL && *chosen_folder != '\0';
  request->keep = keep;
  request->today = today;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ebb_daily_backup_async);
  g_task_set_name (task, "[ebb] daily backup");
  g_task_set_task_data (task, request, (GDestroyNotify) backup_request_free);
  g_task_run_in_thread (task, backup_thread);
}

/**
 * ebb_daily_backup_finish:
 * @result: the result given to the callback
 * @error: an %EBB_STORE_ERROR or %EBB_BACKUP_ERROR, as from
 *   ebb_backup_rolling()
 *
 * Returns: whether today's backup exists and old ones were removed
 */
gboolean
ebb_daily_backup_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_async_result_is_tagged (result, ebb_daily_backup_async), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
