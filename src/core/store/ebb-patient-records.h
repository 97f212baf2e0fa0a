/* ebb-patient-records.h — one patient's records, as the rules read them
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ebb-course-end.h"
#include "ebb-decision.h"
#include "ebb-event.h"
#include "ebb-medicine.h"
#include "ebb-patient.h"
#include "ebb-rating.h"
#include "ebb-session.h"

G_BEGIN_DECLS

/* Borrowed views: the arrays belong to whoever filled the struct.  Any
 * array may be NULL, meaning none. */
typedef struct
{
  const EbbPatient *patient;
  GPtrArray        *sessions;     /* EbbSession*, any order, each with its readings */
  GPtrArray        *ratings;      /* EbbRating*, any order; the recorded order is their id order */
  GPtrArray        *course_ends;  /* EbbCourseEnd* */
  GPtrArray        *decisions;    /* EbbDecision* */
  GPtrArray        *medicines;    /* EbbMedicine*; NULL in the whole-clinic scan */
  GPtrArray        *events;       /* EbbEvent*, by day; NULL in the whole-clinic scan */
} EbbPatientRecords;

typedef struct _EbbStore EbbStore;

/* Fills @records with the patient's own copies, read from @store; clear
 * them with ebb_patient_records_clear(). */
gboolean ebb_patient_records_load  (EbbPatientRecords *records,
                                    EbbStore          *store,
                                    gint64             patient_id,
                                    GError           **error);
void     ebb_patient_records_clear (EbbPatientRecords *records);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EbbPatientRecords, ebb_patient_records_clear)

G_END_DECLS
