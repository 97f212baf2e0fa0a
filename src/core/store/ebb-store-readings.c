/* ebb-store-readings.c — readings of sessions and medicines of patients
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The two records of the session record (issue 13) that are rows of
 * their own: checked, then added, changed and deleted with their audit
 * entries in one transaction each, by the steps of ebb-store-records.c.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-csv.h"
#include "ebb-store-private.h"

static gint64
reading_patient_id (gconstpointer row)
{
  return ((const EbbReading *) row)->patient_id;
}

static void
reading_set_id (gpointer row,
                gint64   id)
{
  ((EbbReading *) row)->id = id;
}

static gint64
medicine_patient_id (gconstpointer row)
{
  return ((const EbbMedicine *) row)->patient_id;
}

static void
medicine_set_id (gpointer row,
                 gint64   id)
{
  ((EbbMedicine *) row)->id = id;
}

static const RecordKind reading_kind = {
  "reading", "reading",
  STMT_READING_GET, STMT_READING_INSERT, STMT_READING_UPDATE, STMT_READING_DELETE, 9,
  _ebb_store_read_reading,
  (void (*) (EbbSqlStmt *, gconstpointer)) _ebb_store_bind_reading,
  (char *(*) (gconstpointer)) _ebb_store_reading_to_json,
  reading_patient_id,
  reading_set_id,
  (GDestroyNotify) ebb_reading_free,
};

static const RecordKind medicine_kind = {
  "medicine", "medicine",
  STMT_MEDICINE_GET, STMT_MEDICINE_INSERT, STMT_MEDICINE_UPDATE, STMT_MEDICINE_DELETE, 6,
  _ebb_store_read_medicine,
  (void (*) (EbbSqlStmt *, gconstpointer)) _ebb_store_bind_medicine,
  (char *(*) (gconstpointer)) _ebb_store_medicine_to_json,
  medicine_patient_id,
  medicine_set_id,
  (GDestroyNotify) ebb_medicine_free,
};

/* Readings ----------------------------------------------------------------- */

static EbbReading *
normalise_reading (const EbbReading  *reading,
                   GError           **error)
{
  GError *local_error = NULL;
  EbbReading *copy;

  if (!_ebb_store_check_utf8 (NC_("field", "reading note"), reading->note, error) ||
      !_ebb_store_check_length (NC_("field", "reading note"), reading->note, EBB_NOTE_MAX, error))
    return NULL;
  if (!ebb_reading_check (reading, &local_error))
    {
      _ebb_store_propagate_as_constraint (error, local_error);
      return NULL;
    }
  copy = ebb_reading_copy (reading);
  copy->pre_dose = reading->pre_dose ? TRUE : FALSE;
  return copy;
}

/* A reading's patient is its session's, which must be there.  An import
 * stores a session's readings right after the session, whose patient it
 * has just stored: no lookup then (on a server, a round trip fewer for
 * each reading). */
static gboolean
take_session_patient (EbbStore    *self,
                      EbbReading  *reading,
                      GError     **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = NULL;
  int rc;

  if (self->importing && self->import_session_id > 0 && reading->session_id == self->import_session_id)
    {
      reading->patient_id = self->import_session_patient_id;
      return TRUE;
    }
  stmt = _ebb_store_borrow_stmt (self, STMT_SESSION_PATIENT, error);
  if (stmt == NULL)
    return FALSE;
  ebb_sql_bind_int64 (stmt, 1, reading->session_id);
  rc = ebb_sql_step (stmt);
  if (rc == SQLITE_DONE)
    {
      _ebb_store_set_no_such_row_error (error, "session", reading->session_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return FALSE;
    }
  reading->patient_id = ebb_sql_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
insert_reading (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  RecordWrite *write = data;

  return take_session_patient (self, write->row, error) &&
         _ebb_store_insert_record (self, data, error);
}

static gboolean
update_reading (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  RecordWrite *write = data;

  return take_session_patient (self, write->row, error) &&
         _ebb_store_update_record (self, data, error);
}

/* Before a session's deletion cascades to its readings. */
gboolean
_ebb_store_audit_readings_of_session (EbbStore    *self,
                                      gint64       session_id,
                                      const char  *code,
                                      GError     **error)
{
  g_autoptr(GPtrArray) readings = NULL;

  readings = _ebb_store_list_rows (self, STMT_READING_LIST_BY_SESSION, STMT_READING_LIST_BY_SESSION,
                                   session_id, _ebb_store_read_reading,
                                   (GDestroyNotify) ebb_reading_free, error);
  if (readings == NULL)
    return FALSE;
  for (guint i = 0; i < readings->len; i++)
    {
      const EbbReading *reading = g_ptr_array_index (readings, i);
      g_autofree char *json = _ebb_store_reading_to_json (reading);

      if (!_ebb_store_write_audit (self, "delete", "reading", reading->id, reading->patient_id,
                                   code, json, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* Gives each session of @sessions its readings of @readings (both of the
 * same patients; the readings in time order), moving them out of
 * @readings. */
void
_ebb_store_attach_readings (GPtrArray *sessions,
                            GPtrArray *readings)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < sessions->len; i++)
    {
      EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->readings == NULL)
        session->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
      g_hash_table_insert (by_id, &session->id, session);
    }
  for (guint i = 0; i < readings->len; i++)
    {
      EbbReading *reading = g_ptr_array_index (readings, i);
      EbbSession *session = g_hash_table_lookup (by_id, &reading->session_id);

      if (session == NULL)
        continue;
      g_ptr_array_add (session->readings, reading);
      readings->pdata[i] = NULL;
    }
}

/**
 * ebb_store_list_readings:
 * @patient_id: a patient, or 0 for every patient
 *
 * Returns: (transfer container) (element-type EbbReading): the readings,
 *   ordered by patient, session time and reading time; %NULL on error
 */
GPtrArray *
ebb_store_list_readings (EbbStore  *self,
                         gint64     patient_id,
                         GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ebb_store_list_rows (self, STMT_READING_LIST_ALL, STMT_READING_LIST, patient_id,
                               _ebb_store_read_reading, (GDestroyNotify) ebb_reading_free, error);
}

/**
 * ebb_store_list_session_readings:
 *
 * Returns: (transfer container) (element-type EbbReading): the readings of
 *   one session in time order (none when there is no such session);
 *   %NULL on error
 */
GPtrArray *
ebb_store_list_session_readings (EbbStore  *self,
                                 gint64     session_id,
                                 GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (session_id > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ebb_store_list_rows (self, STMT_READING_LIST_BY_SESSION, STMT_READING_LIST_BY_SESSION,
                               session_id, _ebb_store_read_reading,
                               (GDestroyNotify) ebb_reading_free, error);
}

/**
 * ebb_store_add_reading:
 * @reading: the reading, with the id of a stored session; on success its
 *   id and patient_id are set
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CONSTRAINT for values out
 *   of range (ebb_reading_check()), %EBB_STORE_ERROR_NO_SUCH_ROW when the
 *   session is gone
 */
gboolean
ebb_store_add_reading (EbbStore    *self,
                       EbbReading  *reading,
                       GError     **error)
{
  g_autoptr(EbbReading) stored = NULL;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (reading != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((stored = normalise_reading (reading, error)) == NULL)
    return FALSE;
  write = (RecordWrite) { &reading_kind, stored, 0 };
  if (!_ebb_store_run_in_transaction (self, insert_reading, &write, error))
    return FALSE;
  reading->id = write.id;
  reading->patient_id = stored->patient_id;
  return TRUE;
}

/**
 * ebb_store_update_reading:
 * @reading: the reading, with the id of a stored one; checked like a new one
 */
gboolean
ebb_store_update_reading (EbbStore          *self,
                          const EbbReading  *reading,
                          GError           **error)
{
  return ebb_store_update_reading_if_unchanged (self, NULL, reading, error);
}

/**
 * ebb_store_update_reading_if_unchanged:
 * @as_read: (nullable): the reading as the editor read it; %NULL to
 *   overwrite whatever is stored
 *
 * As ebb_store_update_reading(), unless the stored reading is no longer
 * @as_read: then %EBB_STORE_ERROR_CHANGED, and nothing is stored.
 */
gboolean
ebb_store_update_reading_if_unchanged (EbbStore          *self,
                                       const EbbReading  *as_read,
                                       const EbbReading  *reading,
                                       GError           **error)
{
  g_autoptr(EbbReading) stored = NULL;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (reading != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((stored = normalise_reading (reading, error)) == NULL)
    return FALSE;
  write = (RecordWrite) { &reading_kind, stored, stored->id, as_read };
  return _ebb_store_run_in_transaction (self, update_reading, &write, error);
}

gboolean
ebb_store_delete_reading (EbbStore  *self,
                          gint64     id,
                          GError   **error)
{
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  write = (RecordWrite) { &reading_kind, NULL, id };
  return _ebb_store_run_in_transaction (self, _ebb_store_delete_record, &write, error);
}

/* Medicines ---------------------------------------------------------------- */

static EbbMedicine *
normalise_medicine (const EbbMedicine  *medicine,
                    GError            **error)
{
  g_autoptr(EbbMedicine) copy = NULL;

  if (!_ebb_store_check_utf8 (NC_("field", "medicine name"), medicine->name, error) ||
      !_ebb_store_check_length (NC_("field", "medicine name"), medicine->name,
                                EBB_MEDICINE_NAME_MAX, error))
    return NULL;
  copy = ebb_medicine_copy (medicine);
  if (copy->name != NULL)
    g_strstrip (copy->name);
  if (copy->name == NULL || *copy->name == '\0')
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("A medicine needs a name"));
      return NULL;
    }
  if ((guint) copy->klass > EBB_MEDICINE_OTHER)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The medicine's class is not one Ebb knows"));
      return NULL;
    }
  if (copy->start_day <= 0)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("A medicine needs the day it was started"));
      return NULL;
    }
  if (copy->stop_day < 0 || (copy->stop_day > 0 && copy->stop_day < copy->start_day))
    {
      g_autofree char *start = ebb_date_format (copy->start_day);

      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("The medicine was stopped before it was started (%s): check the two days"),
                   start);
      return NULL;
    }
  return g_steal_pointer (&copy);
}

GPtrArray *
ebb_store_list_medicines (EbbStore  *self,
                          gint64     patient_id,
                          GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ebb_store_list_rows (self, STMT_MEDICINE_LIST_ALL, STMT_MEDICINE_LIST, patient_id,
                               _ebb_store_read_medicine, (GDestroyNotify) ebb_medicine_free, error);
}

/**
 * ebb_store_add_medicine:
 * @medicine: the medicine; on success its id is set, and its name is
 *   stripped of blanks around it
 */
gboolean
ebb_store_add_medicine (EbbStore     *self,
                        EbbMedicine  *medicine,
                        GError      **error)
{
  g_autoptr(EbbMedicine) stored = NULL;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (medicine != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((stored = normalise_medicine (medicine, error)) == NULL)
    return FALSE;
  write = (RecordWrite) { &medicine_kind, stored, 0 };
  if (!_ebb_store_run_in_transaction (self, _ebb_store_insert_record, &write, error))
    return FALSE;
  medicine->id = write.id;
  g_free (medicine->name);
  medicine->name = g_steal_pointer (&stored->name);
  return TRUE;
}

gboolean
ebb_store_update_medicine (EbbStore           *self,
                           const EbbMedicine  *medicine,
                           GError            **error)
{
  g_autoptr(EbbMedicine) stored = NULL;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (medicine != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((stored = normalise_medicine (medicine, error)) == NULL)
    return FALSE;
  write = (RecordWrite) { &medicine_kind, stored, stored->id };
  return _ebb_store_run_in_transaction (self, _ebb_store_update_record, &write, error);
}

gboolean
ebb_store_delete_medicine (EbbStore  *self,
                           gint64     id,
                           GError   **error)
{
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  write = (RecordWrite) { &medicine_kind, NULL, id };
  return _ebb_store_run_in_transaction (self, _ebb_store_delete_record, &write, error);
}
