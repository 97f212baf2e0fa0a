/* ebb-store-watch.c — noticing what other programs wrote to the clinic
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A window open for hours must see a rating imported with ebb-cli, or
 * recorded on another workstation's window, without being told: SQLite
 * counts the commits other connections make to the file, and this reads
 * that count.  The window asks for it when it gains focus and every few
 * seconds; a change means "read again".
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include "ebb-store-private.h"
#include "ebb-store-watch.h"

/**
 * ebb_store_get_data_version:
 * @version: (out): a number that changes whenever another connection (of
 *   this or another program) commits a change to the clinic; the store's
 *   own changes do not change it
 *
 * Returns: %FALSE with @error set when the file could not be read
 */
gboolean
ebb_store_get_data_version (EbbStore  *self,
                            gint64    *version,
                            GError   **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA data_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _ebb_store_set_db_error (error, self->path, self->db, rc);
      return FALSE;
    }
  *version = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/**
 * ebb_store_check_changed_elsewhere:
 * @last_version: (inout): the version last seen; 0 the first time
 *
 * Emits EbbStore::changed when another program committed a change since
 * @last_version was read, so that every view of the store reads again as
 * it does after its own changes.  A file that cannot be read now changes
 * nothing: the next look will tell.
 *
 * Returns: whether a change made elsewhere was noticed
 */
gboolean
ebb_store_check_changed_elsewhere (EbbStore *self,
                                   gint64   *last_version)
{
  gint64 version;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (last_version != NULL, FALSE);

  if (!ebb_store_get_data_version (self, &version, NULL))
    return FALSE;
  if (*last_version == 0 || version == *last_version)
    {
      *last_version = version;
      return FALSE;
    }
  *last_version = version;
  g_signal_emit_by_name (self, "changed");
  return TRUE;
}
