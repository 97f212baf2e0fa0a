/* ebb-daily-backup.h — the day's backup of a clinic, made in a thread
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void     ebb_daily_backup_async  (const char           *database_path,
                                  const char           *chosen_folder,
                                  guint                 keep,
                                  gint32                today,
                                  GCancellable         *cancellable,
                                  GAsyncReadyCallback   callback,
                                  gpointer              user_data);
gboolean ebb_daily_backup_finish (GAsyncResult         *result,
                                  GError              **error);

G_END_DECLS
