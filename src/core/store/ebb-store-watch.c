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

#include "ebb-sql-server-private.h"
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
  g_autoptr(EbbSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (version != NULL, FALSE);

  /* A server announces its changes instead (ebb_store_check_changed_elsewhere()). */
  if (ebb_sql_is_server (self->sql))
    {
      *version = 1;
      return TRUE;
    }
  rc = ebb_sql_prepare (self->sql, "PRAGMA data_version", FALSE, &stmt);
  if (rc == SQLITE_OK)
    rc = ebb_sql_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return FALSE;
    }
  *version = ebb_sql_column_int64 (stmt, 0);
  return TRUE;
}

/* A server clinic: the changes other workstations announced since the
 * last look (ebb_store_commit()); a connection lost is made anew, and a
 * change may have been missed meanwhile, so everything is read again. */
static gboolean
check_server_announcements (EbbStore *self)
{
  gint64 patient_id = 0;
  gboolean lost = !_ebb_sql_server_connected (self->sql);

  if (lost && !_ebb_sql_server_reconnect (self->sql))
    return FALSE;
  if (_ebb_sql_server_take_changes (self->sql, &patient_id) == 0 && !lost)
    return FALSE;
  self->changed_patient_id = lost ? 0 : patient_id;
  g_signal_emit_by_name (self, "changed");
  self->changed_patient_id = 0;
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

  if (ebb_sql_is_server (self->sql))
    return check_server_announcements (self);
  if (!ebb_store_get_data_version (self, &version, NULL))
    return FALSE;
  if (*last_version == 0 || version == *last_version)
    {
      if (*last_version == 0 && !_ebb_store_read_audit_head (self, &self->watched_audit_id, NULL))
        self->watched_audit_id = -1;
      *last_version = version;
      return FALSE;
    }
  *last_version = version;
  /* Every change to the clinic is audited, so a commit that added no
   * audit entry changed nothing anyone sees: another scan keeping what it
   * found (ebb-store-kept.c).  Reading everything again for it would
   * only hold the window up. */
  {
    gint64 audit_id;

    if (self->watched_audit_id >= 0 && _ebb_store_read_audit_head (self, &audit_id, NULL) &&
        audit_id == self->watched_audit_id)
      return FALSE;
    if (!_ebb_store_read_audit_head (self, &self->watched_audit_id, NULL))
      self->watched_audit_id = -1;
  }
  g_signal_emit_by_name (self, "changed");
  return TRUE;
}

/**
 * ebb_store_is_reachable:
 *
 * Whether the clinic can be read and written now: a file always is (its
 * errors are each operation's); a server is not while the connection is
 * lost, until ebb_store_check_changed_elsewhere() has made it anew.
 */
gboolean
ebb_store_is_reachable (EbbStore *self)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);

  return !ebb_sql_is_server (self->sql) || _ebb_sql_server_connected (self->sql);
}
