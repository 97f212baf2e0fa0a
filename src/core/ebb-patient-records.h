/* ebb-patient-records.h — one patient's records, as the rules read them
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ebb-course-end.h"
#include "ebb-decision.h"
#include "ebb-patient.h"
#include "ebb-score.h"
#include "ebb-session.h"

G_BEGIN_DECLS

/* Borrowed views: the arrays belong to whoever filled the struct.  Any
 * array may be NULL, meaning none. */
typedef struct
{
  const EbbPatient *patient;
  GPtrArray        *sessions;     /* EbbSession*, any order */
  GPtrArray        *scores;       /* EbbScore*, any order; the recorded order is their id order */
  GPtrArray        *course_ends;  /* EbbCourseEnd* */
  GPtrArray        *decisions;    /* EbbDecision* */
} EbbPatientRecords;

G_END_DECLS
