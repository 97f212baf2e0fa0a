/* ebb-backup.h — the rolling daily backup, and restoring a backup
 * (ebb-backup.c and ebb-restore.c)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-store.h"

G_BEGIN_DECLS

#define EBB_BACKUP_ERROR (ebb_backup_error_quark ())

/* Failures of the database itself (it fails its check, it is not an Ebb
 * file, it is newer than this Ebb…) come as the store's EBB_STORE_ERROR
 * codes, so a caller handles them once for both. */
typedef enum
{
  EBB_BACKUP_ERROR_FAILED,   /* a file or folder could not be created, moved or written */
  EBB_BACKUP_ERROR_IN_USE,   /* the database to be replaced is being written by another program */
  EBB_BACKUP_ERROR_SAME_FILE,/* the backup and the database are the same file */
} EbbBackupError;

GQuark    ebb_backup_error_quark   (void);
char     *ebb_backup_default_dir   (void);
char     *ebb_backup_file_name     (gint32        day);
char     *ebb_backup_dir_for_database (const char *database,
                                       const char *folder);
gboolean  ebb_backup_on_same_disk  (const char   *database,
                                    const char   *backup_dir);

gboolean  ebb_backup_rolling       (EbbStore     *store,
                                    const char   *backup_dir,
                                    guint         keep,
                                    gint32        today,
                                    char        **made,
                                    GError      **error);

gboolean  ebb_backup_restore       (const char   *backup,
                                    const char   *destination,
                                    GError      **error);
gboolean  ebb_backup_restore_full  (const char   *backup,
                                    const char   *destination,
                                    char        **moved_aside,
                                    GError      **error);

G_END_DECLS
