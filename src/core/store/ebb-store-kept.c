/* ebb-store-kept.c — what the last whole-clinic scan found about each patient
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At 50,000 patients a whole-clinic scan runs the rules on every one of
 * them, though for most nothing changes from one day to the next.  What
 * a scan found is kept in the clinic (table kept_patients, a row per
 * slot), so that the next scan runs the rules only on the others.  Each
 * patient's line holds from the day it was worked out through a last
 * day that the rules gave (ebb-flags.c), while the patient's records
 * stay as they were; what it says is the rules' business, not the
 * store's.
 *
 * "As they were" is read off the audit trail, which every change goes
 * through and which names the patient of each entry: a row keeps the id
 * of the trail's last entry when it was worked out, and an entry after it
 * about a patient drops that patient's line, one about the whole clinic
 * (a rule setting, a restore, but not a backup) drops them all, and an
 * import's drops the lines of the patients it added rows of
 * (import_patients).  So does a different basis: another Ebb, other rules, other
 * settings, another language.  A line that is not known to hold is not used, and the rules
 * run on that patient: nothing kept here can hide one.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <string.h>

#include "ebb-store-private.h"

static gboolean
step_error (EbbStore  *self,
            int        rc,
            GError   **error)
{
  _ebb_store_set_sql_error (error, self->path, self->sql, rc);
  return FALSE;
}

void
ebb_kept_patient_free (EbbKeptPatient *kept)
{
  if (kept == NULL)
    return;
  g_free (kept->text);
  g_free (kept);
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

/* Adds the patients import @import_id added rows of to @changed; FALSE in
 * @known when it has no such list (an import made before schema 11). */
static gboolean
read_import_patients (EbbStore    *self,
                      gint64       import_id,
                      GHashTable  *changed,
                      gboolean    *known,
                      GError     **error)
{
  g_autoptr(EbbSqlStmt) stmt = NULL;
  const char *p;
  int rc;

  *known = FALSE;
  rc = ebb_sql_prepare (self->sql, "SELECT patients FROM import_patients WHERE import_id = ?1", FALSE, &stmt);
  if (rc == SQLITE_OK)
    {
      ebb_sql_bind_int64 (stmt, 1, import_id);
      rc = ebb_sql_step (stmt);
    }
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    return step_error (self, rc, error);

  for (p = (const char *) ebb_sql_column_text (stmt, 0); p != NULL && *p != '\0';)
    {
      char *end;
      gint64 id = g_ascii_strtoll (p, &end, 10);

      /* A list that does not read is no list. */
      if (end == p || id <= 0 || (*end != ',' && *end != '\0'))
        return TRUE;
      g_hash_table_add (changed, g_memdup2 (&id, sizeof id));
      p = *end == ',' ? end + 1 : end;
    }
  *known = TRUE;
  return TRUE;
}

/* The patients the trail names after entry @since, into @changed (a set
 * of gint64); %TRUE in @all when an entry is about the whole clinic.  An
 * import's entry names no patient, but the patients it added rows of are
 * kept beside it; a backup's entry says a copy was made, and changes no
 * record. */
static gboolean
read_changed_since (EbbStore    *self,
                    gint64       since,
                    GHashTable  *changed,
                    gboolean    *all,
                    GError     **error)
{
  g_autoptr(EbbSqlStmt) stmt = NULL;
  g_autoptr(GArray) imports = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  *all = FALSE;
  rc = ebb_sql_prepare (self->sql,
                        "SELECT DISTINCT patient_id, CASE WHEN action = 'import' AND table_name = 'import'"
                        " THEN row_id END FROM audit WHERE id > ?1 AND action <> 'backup'",
                        FALSE, &stmt);
  if (rc != SQLITE_OK)
    return step_error (self, rc, error);
  ebb_sql_bind_int64 (stmt, 1, since);
  while ((rc = ebb_sql_step (stmt)) == SQLITE_ROW)
    {
      if (ebb_sql_column_type (stmt, 0) != SQLITE_NULL)
        {
          gint64 id = ebb_sql_column_int64 (stmt, 0);

          g_hash_table_add (changed, g_memdup2 (&id, sizeof id));
        }
      else if (ebb_sql_column_type (stmt, 1) != SQLITE_NULL)
        {
          gint64 import_id = ebb_sql_column_int64 (stmt, 1);

          g_array_append_val (imports, import_id);
        }
      else
        *all = TRUE;
    }
  if (rc != SQLITE_DONE)
    return step_error (self, rc, error);
  g_clear_pointer (&stmt, ebb_sql_finalize);

  for (guint i = 0; i < imports->len && !*all; i++)
    {
      gboolean known;

      if (!read_import_patients (self, g_array_index (imports, gint64, i), changed, &known, error))
        return FALSE;
      *all = !known;
    }
  return TRUE;
}

/* One line per patient: "ID FROM THROUGH TEXT".  A line that does not
 * read so ends the reading, and the caller then uses none of them. */
static gboolean
parse_lines (const char *text,
             GPtrArray  *out)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *end_of_line = strchr (p, '\n');
      gint64 fields[3];
      EbbKeptPatient *kept;
      char *end;

      if (end_of_line == NULL)
        return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        {
          fields[i] = g_ascii_strtoll (p, &end, 10);
          if (end == p || *end != ' ' || end > end_of_line)
            return FALSE;
          p = end + 1;
        }
      if (fields[0] <= 0 || fields[1] <= 0 || fields[2] < fields[1] || fields[2] > G_MAXINT32)
        return FALSE;
      kept = g_new0 (EbbKeptPatient, 1);
      kept->patient_id = fields[0];
      kept->from_day = (gint32) fields[1];
      kept->through_day = (gint32) fields[2];
      kept->text = g_strndup (p, end_of_line - p);
      g_ptr_array_add (out, kept);
      p = end_of_line + 1;
    }
  return TRUE;
}

/**
 * ebb_store_load_kept_patients:
 * @slot: which of the kept lists (EbbKeptSlot)
 * @basis: what the lines were worked out with (Ebb, rules, settings,
 *   language): a list worked out with anything else is not used
 * @day: the day the scan asks about
 * @audit_id: (out): the id of the audit trail's last entry now, read
 *   before anything else, for ebb_store_save_kept_patients()
 *
 * The lines of the last saved scan that hold on @day: whose days cover
 * it and whose patient's records the audit trail says nobody changed
 * since.
 *
 * Returns: (transfer full) (element-type EbbKeptPatient): ordered by
 *   patient id, maybe empty; %NULL with @error when the database failed
 */
GPtrArray *
ebb_store_load_kept_patients (EbbStore     *self,
                              EbbKeptSlot   slot,
                              const char   *basis,
                              gint32        day,
                              gint64       *audit_id,
                              GError      **error)
{
  g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_kept_patient_free);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_kept_patient_free);
  g_autoptr(GHashTable) changed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(EbbSqlStmt) stmt = NULL;
  gint64 saved_audit_id;
  gboolean all;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (slot == EBB_KEPT_QUIET || slot == EBB_KEPT_FLAGGED, NULL);
  g_return_val_if_fail (basis != NULL, NULL);
  g_return_val_if_fail (audit_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_ebb_store_read_audit_head (self, audit_id, error))
    return NULL;

  rc = ebb_sql_prepare (self->sql, "SELECT audit_id, basis, patients FROM kept_patients WHERE id = ?1",
                        FALSE, &stmt);
  if (rc == SQLITE_OK)
    {
      ebb_sql_bind_int (stmt, 1, slot);
      rc = ebb_sql_step (stmt);
    }
  if (rc == SQLITE_DONE)
    return g_steal_pointer (&kept);
  if (rc != SQLITE_ROW)
    {
      step_error (self, rc, error);
      return NULL;
    }
  saved_audit_id = ebb_sql_column_int64 (stmt, 0);
  if (g_strcmp0 ((const char *) ebb_sql_column_text (stmt, 1), basis) != 0 || saved_audit_id > *audit_id)
    return g_steal_pointer (&kept);
  if (!parse_lines ((const char *) ebb_sql_column_text (stmt, 2), saved))
    {
      g_debug ("What the last scan kept does not read; the rules run on everyone");
      return g_steal_pointer (&kept);
    }
  g_clear_pointer (&stmt, ebb_sql_finalize);

  if (!read_changed_since (self, saved_audit_id, changed, &all, error))
    return NULL;
  if (all)
    return g_steal_pointer (&kept);
  for (guint i = 0; i < saved->len; i++)
    {
      EbbKeptPatient *line = g_ptr_array_index (saved, i);

      if (line->from_day <= day && day <= line->through_day &&
          !g_hash_table_contains (changed, &line->patient_id))
        {
          g_ptr_array_add (kept, line);
          g_ptr_array_index (saved, i) = NULL;
        }
    }
  return g_steal_pointer (&kept);
}

static gboolean
write_kept_patients (EbbStore     *self,
                     EbbKeptSlot   slot,
                     const char   *basis,
                     gint64        audit_id,
                     const char   *patients,
                     GError      **error)
{
  g_autoptr(EbbSqlStmt) stmt = NULL;
  int rc;

  rc = ebb_sql_exec (self->sql, ebb_sql_is_server (self->sql) ? "BEGIN" : "BEGIN IMMEDIATE");
  if (rc != SQLITE_OK)
    return step_error (self, rc, error);
  rc = ebb_sql_prepare (self->sql,
                        "INSERT INTO kept_patients (id, audit_id, basis, patients) VALUES (?1, ?2, ?3, ?4) "
                        "ON CONFLICT (id) DO UPDATE SET audit_id = excluded.audit_id, basis = excluded.basis, "
                        "patients = excluded.patients",
                        FALSE, &stmt);
  if (rc == SQLITE_OK)
    {
      ebb_sql_bind_int (stmt, 1, slot);
      ebb_sql_bind_int64 (stmt, 2, audit_id);
      _ebb_store_bind_text (stmt, 3, basis);
      _ebb_store_bind_text (stmt, 4, patients);
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
 * ebb_store_save_kept_patients:
 * @basis: as for ebb_store_load_kept_patients()
 * @audit_id: what ebb_store_load_kept_patients() gave before the scan
 * @kept: (element-type EbbKeptPatient): every line of the slot, ordered
 *   by patient id; their text on one line each
 *
 * Keeps what a scan found for the next, in place of what the slot held.
 * It is not a change to the clinic: nothing is audited and no window is
 * told.  A store opened read-only writes through a connection of its own,
 * one that does not wait for another program's write; a reviewer's
 * writes nothing.  Inside a transaction nothing is written either, since
 * what the scan read may yet be rolled back.
 *
 * Returns: %FALSE with @error when nothing could be written; the caller
 *   loses only the next scan's head start
 */
gboolean
ebb_store_save_kept_patients (EbbStore     *self,
                              EbbKeptSlot   slot,
                              const char   *basis,
                              gint64        audit_id,
                              GPtrArray    *kept,
                              GError      **error)
{
  g_autoptr(EbbStore) writer = NULL;
  g_autoptr(GString) text = NULL;
  EbbStore *target = self;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (slot == EBB_KEPT_QUIET || slot == EBB_KEPT_FLAGGED, FALSE);
  g_return_val_if_fail (basis != NULL, FALSE);
  g_return_val_if_fail (kept != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->depth > 0 || self->reviewer)
    return TRUE;

  text = g_string_sized_new (kept->len * 32);
  for (guint i = 0; i < kept->len; i++)
    {
      const EbbKeptPatient *line = g_ptr_array_index (kept, i);

      g_return_val_if_fail (strchr (line->text, '\n') == NULL, FALSE);
      g_string_append_printf (text, "%" G_GINT64_FORMAT " %d %d %s\n", line->patient_id,
                              line->from_day, line->through_day, line->text);
    }

  if (self->read_only)
    {
      if ((writer = ebb_store_open (self->path, EBB_STORE_OPEN_DEFAULT, error)) == NULL)
        return FALSE;
      if (writer->db != NULL)
        sqlite3_busy_timeout (writer->db, 0);
      target = writer;
    }
  return write_kept_patients (target, slot, basis, audit_id, text->str, error);
}
