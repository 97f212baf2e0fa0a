/* ebb-backup-private.h — what the backup and the restore share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ebb-backup.c makes the rolling daily backups, ebb-restore.c restores
 * one; both create private folders and files, flush them to the disk and
 * report errno in the same words (ebb-backup-files.c).
 */
#pragma once

#include "ebb-backup.h"

G_BEGIN_DECLS

void      _ebb_backup_set_errno_error   (GError     **error,
                                         int          saved_errno,
                                         const char  *format,
                                         ...) G_GNUC_PRINTF (3, 4);
gboolean  _ebb_backup_path_exists       (const char  *path);
gboolean  _ebb_backup_ensure_private_dir (const char  *dir,
                                          GError     **error);
gboolean  _ebb_backup_sync_path         (const char  *path,
                                         gboolean     is_dir,
                                         GError     **error);
char     *_ebb_backup_unused_temp_name  (const char  *dir,
                                         const char  *base,
                                         const char  *purpose,
                                         GError     **error);
gboolean  _ebb_backup_copy_file_bytes   (const char  *source,
                                         const char  *destination,
                                         GError     **error);
gboolean  _ebb_backup_create_private_file (const char  *path,
                                           GError     **error);
char     *_ebb_backup_resolve_real_path (const char  *path,
                                         GError     **error);

G_END_DECLS
