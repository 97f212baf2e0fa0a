/* ebb-patient-records.c — one patient's records, as the rules read them
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-patient-records"

#include "config.h"

#include "ebb-patient-records.h"
#include "ebb-store.h"

/**
 * ebb_patient_records_load:
 * @records: (out caller-allocates): the records to fill
 *
 * Reads everything the rules need of one patient: the patient, sessions,
 * ratings, course ends and decisions, and for the chart and the report
 * its medicines and events.  On failure @records is left empty.
 */
gboolean
ebb_patient_records_load (EbbPatientRecords *records,
                          EbbStore          *store,
                          gint64             patient_id,
                          GError           **error)
{
  EbbPatient *patient;

  g_return_val_if_fail (records != NULL, FALSE);
  g_return_val_if_fail (EBB_IS_STORE (store), FALSE);

  *records = (EbbPatientRecords) { NULL };
  if ((patient = ebb_store_get_patient (store, patient_id, error)) == NULL)
    return FALSE;
  records->patient = patient;
  if ((records->sessions = ebb_store_list_sessions (store, patient_id, error)) == NULL ||
      (records->ratings = ebb_store_list_ratings (store, patient_id, error)) == NULL ||
      (records->course_ends = ebb_store_list_course_ends (store, patient_id, error)) == NULL ||
      (records->decisions = ebb_store_list_decisions (store, patient_id, error)) == NULL ||
      (records->medicines = ebb_store_list_medicines (store, patient_id, error)) == NULL ||
      (records->events = ebb_store_list_events (store, patient_id, error)) == NULL)
    {
      ebb_patient_records_clear (records);
      return FALSE;
    }
  return TRUE;
}

/* Only for records filled by ebb_patient_records_load(), which owns them. */
void
ebb_patient_records_clear (EbbPatientRecords *records)
{
  g_return_if_fail (records != NULL);

  g_clear_pointer ((EbbPatient **) &records->patient, ebb_patient_free);
  g_clear_pointer (&records->sessions, g_ptr_array_unref);
  g_clear_pointer (&records->ratings, g_ptr_array_unref);
  g_clear_pointer (&records->course_ends, g_ptr_array_unref);
  g_clear_pointer (&records->decisions, g_ptr_array_unref);
  g_clear_pointer (&records->medicines, g_ptr_array_unref);
  g_clear_pointer (&records->events, g_ptr_array_unref);
}
