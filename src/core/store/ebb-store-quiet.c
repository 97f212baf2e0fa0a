/* ebb-store-quiet.c — the patients the last whole-clinic scan found with nothing open
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At 50,000 patients a whole-clinic scan runs the rules on every one of
 * them, and more than half have nothing open.  What a scan found about
 * those is kept in the clinic (table quiet_patients, one row), so that
 * the next scan runs the rules only on the others.  Each entry holds
 * from the day it was worked out through a last day that the rules gave
 * (ebb-flags.c), while the patient's records stay as they were.
 *
 * "As they were" is read off the audit trail, which every change goes
 * through and which names the patient of each entry: the row keeps the
 * id of the trail's last entry when it was worked out, and an entry
 * after it about a patient drops that patient's line, one about the whole
 * clinic (an import, a rule setting, a restore) drops them all.  So do
 * another Ebb, other rules or other settings (the basis).  Nothing here
 * can hide a patient: a line that is not known to hold is not used, and
 * the rules are run on that patient.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <stdlib.h>

#include "ebb-store-private.h"

static gboolean
step_error (EbbStore  *self,
            int        rc,
            GError   **error)
{
  _ebb_store_set_sql_error (error, self->path, self->sql, rc);
  return FALSE;
}

/* The id of the audit trail's last entry, 0 when it has none. */
gboolean
_ebb_store_read_audit_head (EbbStore  *self,
                            gint64    *audit_id,
                            GError   **error)
{
  g_autoptr(EbbSqlStmt) stmt = NULL;
  int rc;

  rc = ebb_sql_prepare (self->sql, "SELECT coalesce (max (id), 0) FROM audit", FALSE, &stmt);
  if (rc == SQLITE_OK)
    rc = ebb_sql_step (stmt);
  if (rc != SQLITE_ROW)
    return step_error (self, rc, error);
  *audit_id = ebb_sql_column_int64 (stmt, 0);
  return TRUE;
}

/* The patients the trail names after entry @since, into @changed (a set
 * of gint64); %FALSE in @all when an entry is about the whole clinic. */
static gboolean
read_changed_since (EbbStore    *self,
                    gint64       since,
                    GHashTable  *changed,
                    gboolean    *all,
                    GError     **error)
{
  g_autoptr(EbbSqlStmt) stmt = NULL;
  int rc;

  *all = FALSE;
  rc = ebb_sql_prepare (self->sql, "SELECT DISTINCT patient_id FROM audit WHERE id > ?1", FALSE, &stmt);
  if (rc != SQLITE_OK)
    return step_error (self, rc, error);
  ebb_sql_bind_int64 (stmt, 1, since);
  while ((rc = ebb_sql_step (stmt)) == SQLITE_ROW)
    {
      if (ebb_sql_column_type (stmt, 0) == SQLITE_NULL)
        *all = TRUE;
      else
        {
          gint64 *id = g_new (gint64, 1);

          *id = ebb_sql_column_int64 (stmt, 0);
          g_hash_table_add (changed, id);
        }
    }
  if (rc != SQLITE_DONE)
    return step_error (self, rc, error);
  return TRUE;
}

/* One line per patient: "id from through next ended".  A line that does
 * not read as five numbers ends the reading: the caller then uses none. */
static gboolean
parse_patients (const char *text,
                GArray     *out)
{
  const char *p = text;

  while (*p != '\0')
    {
      EbbQuietPatient quiet = { 0 };
      gint64 fields[5];
      char *end;

      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          fields[i] = g_ascii_strtoll (p, &end, 10);
          if (end == p || *end != (i + 1 < G_N_ELEMENTS (fields) ? ' ' : '\n'))
            return FALSE;
          p = end + 1;
        }
      if (fields[0] <= 0 || fields[1] <= 0 || fields[2] < fields[1] ||
          fields[2] > G_MAXINT32 || fields[3] < 0 || fields[3] > G_MAXINT32 || (fields[4] != 0 && fields[4] != 1))
        return FALSE;
      quiet.patient_id = fields[0];
      quiet.from_day = (gint32) fields[1];
      quiet.through_day = (gint32) fields[2];
      quiet.next_session_day = (gint32) fields[3];
      quiet.course_ended = fields[4] == 1;
      g_array_append_val (out, quiet);
    }
  return TRUE;
}

/**
 * ebb_store_load_quiet_patients:
 * @basis: what the entries were worked out with (Ebb, rules, settings):
 *   entries worked out with anything else are not used
 * @day: the day the scan asks about
 * @audit_id: (out): the id of the audit trail's last entry now, read
 *   before anything else, for ebb_store_save_quiet_patients()
 *
 * The patients known to have nothing open on @day: the last saved scan's
 * entries whose days cover @day and whose records the audit trail says
 * nobody changed since.
 *
 * Returns: (transfer full) (element-type EbbQuietPatient): ordered by
 *   patient id, maybe empty; %NULL with @error when the database failed
 */
GArray *
ebb_store_load_quiet_patients (EbbStore    *self,
                               const char  *basis,
                               gint32       day,
                               gint64      *audit_id,
                               GError     **error)
{
  g_autoptr(GArray) saved = g_array_new (FALSE, FALSE, sizeof (EbbQuietPatient));
  g_autoptr(GArray) quiet = g_array_new (FALSE, FALSE, sizeof (EbbQuietPatient));
  g_autoptr(GHashTable) changed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(EbbSqlStmt) stmt = NULL;
  gint64 saved_audit_id;
  gboolean all;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (basis != NULL, NULL);
  g_return_val_if_fail (audit_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_ebb_store_read_audit_head (self, audit_id, error))
    return NULL;

  rc = ebb_sql_prepare (self->sql, "SELECT audit_id, basis, patients FROM quiet_patients WHERE id = 1",
                        FALSE, &stmt);
  if (rc == SQLITE_OK)
    rc = ebb_sql_step (stmt);
  if (rc == SQLITE_DONE)
    return g_steal_pointer (&quiet);
  if (rc != SQLITE_ROW)
    {
      step_error (self, rc, error);
      return NULL;
    }
  saved_audit_id = ebb_sql_column_int64 (stmt, 0);
  if (g_strcmp0 ((const char *) ebb_sql_column_text (stmt, 1), basis) != 0 || saved_audit_id > *audit_id)
    return g_steal_pointer (&quiet);
  if (!parse_patients ((const char *) ebb_sql_column_text (stmt, 2), saved))
    {
      g_debug ("The clinic's list of quiet patients does not read; the rules run on everyone");
      return g_steal_pointer (&quiet);
    }
  g_clear_pointer (&stmt, ebb_sql_finalize);

  if (!read_changed_since (self, saved_audit_id, changed, &all, error))
    return NULL;
  if (all)
    return g_steal_pointer (&quiet);
  for (guint i = 0; i < saved->len; i++)
    {
      const EbbQuietPatient *entry = &g_array_index (saved, EbbQuietPatient, i);

      if (entry->from_day <= day && day <= entry->through_day &&
          !g_hash_table_contains (changed, &entry->patient_id))
        g_array_append_val (quiet, *entry);
    }
  return g_steal_pointer (&quiet);
}

static gboolean
write_quiet_patients (EbbStore    *self,
                      const char  *basis,
                      gint64       audit_id,
                      const char  *patients,
                      GError     **error)
{
  g_autoptr(EbbSqlStmt) stmt = NULL;
  int rc;

  rc = ebb_sql_exec (self->sql, ebb_sql_is_server (self->sql) ? "BEGIN" : "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK)
    return step_error (self, rc, error);
  rc = ebb_sql_prepare (self->sql,
                        "INSERT INTO quiet_patients (id, audit_id, basis, patients) VALUES (1, ?1, ?2, ?3) "
                        "ON CONFLICT (id) DO UPDATE SET audit_id = excluded.audit_id, basis = excluded.basis, "
                        "patients = excluded.patients",
                        FALSE, &stmt);
  if (rc == SQLITE_OK)
    {
      ebb_sql_bind_int64 (stmt, 1, audit_id);
      _ebb_store_bind_text (stmt, 2, basis);
      _ebb_store_bind_text (stmt, 3, patients);
      rc = ebb_sql_step (stmt);
    }
  g_clear_pointer (&stmt, ebb_sql_finalize);
  if (rc == SQLITE_DONE)
    rc = ebb_sql_exec (self->sql, "COMMIT");
  if (rc != SQLITE_OK && rc != SQLITE_DONE)
    {
      step_error (self, rc, error);
      if (!ebb_sql_get_autocommit (self->sql))
        ebb_sql_exec (self->sql, "ROLLBACK");
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_store_save_quiet_patients:
 * @basis: as for ebb_store_load_quiet_patients()
 * @audit_id: what ebb_store_load_quiet_patients() gave before the scan
 * @quiet: (element-type EbbQuietPatient): every patient the scan found
 *   with nothing open, ordered by patient id
 *
 * Keeps what a scan found for the next, in place of what was kept.  It
 * is not a change to the clinic: nothing is audited and no window is
 * told.  A store opened read-only writes through a connection of its
 * own, one that does not wait for another program's write; a reviewer's
 * writes nothing.  Inside a transaction nothing is written either, since
 * what the scan read may yet be rolled back.
 *
 * Returns: %FALSE with @error when nothing could be written; the caller
 *   loses only the next scan's head start
 */
gboolean
ebb_store_save_quiet_patients (EbbStore    *self,
                               const char  *basis,
                               gint64       audit_id,
                               GArray      *quiet,
                               GError     **error)
{
  g_autoptr(EbbStore) writer = NULL;
  g_autoptr(GString) text = NULL;
  EbbStore *target = self;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (basis != NULL, FALSE);
  g_return_val_if_fail (quiet != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->depth > 0 || self->reviewer)
    return TRUE;
  if (self->read_only)
    {
      if ((writer = ebb_store_open (self->path, EBB_STORE_OPEN_DEFAULT, error)) == NULL)
        return FALSE;
      if (writer->db != NULL)
        sqlite3_busy_timeout (writer->db, 0);
      target = writer;
    }

  text = g_string_sized_new (quiet->len * 32);
  for (guint i = 0; i < quiet->len; i++)
    {
      const EbbQuietPatient *entry = &g_array_index (quiet, EbbQuietPatient, i);

      g_string_append_printf (text, "%" G_GINT64_FORMAT " %d %d %d %d\n", entry->patient_id,
                              entry->from_day, entry->through_day, entry->next_session_day,
                              entry->course_ended ? 1 : 0);
    }
  return write_quiet_patients (target, basis, audit_id, text->str, error);
}
