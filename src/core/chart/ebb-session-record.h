/* ebb-session-record.h — one session's record on one page (PDF, PNG or SVG)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page a clinic files for each ketamine or esketamine session (issue
 * 13): the dose, the readings as a table and a plot, the effects, the
 * observation and discharge, the medicines taken that day and the day's
 * CADSS rating.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "ebb-patient-records.h"
#include "ebb-report.h"
#include "ebb-session.h"

G_BEGIN_DECLS

#define EBB_SESSION_RECORD_ERROR (ebb_session_record_error_quark ())

typedef enum
{
  EBB_SESSION_RECORD_ERROR_NOT_FOUND,  /* no session of the patient at the date (and time) given */
  EBB_SESSION_RECORD_ERROR_AMBIGUOUS,  /* a date alone, and several sessions that day */
} EbbSessionRecordError;

GQuark            ebb_session_record_error_quark (void);

const EbbSession *ebb_session_record_find   (const EbbPatientRecords *records,
                                             const char              *when,
                                             GError                 **error);
void              ebb_session_record_draw   (const EbbPatientRecords *records,
                                             const EbbSession        *session,
                                             cairo_t                 *cr,
                                             double                   width,
                                             double                   height);
gboolean          ebb_session_record_export (const EbbPatientRecords *records,
                                             const EbbSession        *session,
                                             EbbReportPaper           paper,
                                             const char              *path,
                                             GError                 **error);

G_END_DECLS
