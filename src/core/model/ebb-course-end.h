/* ebb-course-end.h — the recorded end of a treatment course (clinical rules §6)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  EBB_END_REASON_NONE,          /* not given */
  EBB_END_REASON_REMISSION,
  EBB_END_REASON_STOPPED_BY_PATIENT,
  EBB_END_REASON_STOPPED_BY_CLINICIAN,
  EBB_END_REASON_MOVED,
  EBB_END_REASON_OTHER,
} EbbEndReason;

typedef struct
{
  gint64        id;          /* row id, 0 until stored */
  gint64        patient_id;
  gint32        day;         /* takes effect at the end of this day */
  EbbEndReason  reason;
  char         *note;        /* or NULL */
} EbbCourseEnd;

EbbCourseEnd *ebb_course_end_new   (void);
EbbCourseEnd *ebb_course_end_copy  (const EbbCourseEnd *end);
void          ebb_course_end_free  (EbbCourseEnd       *end);

/* "remission", "stopped-by-patient", "stopped-by-clinician", "moved",
 * "other"; "" for none: for files, never translated. */
const char   *ebb_end_reason_to_string   (EbbEndReason  reason);
gboolean      ebb_end_reason_from_string (const char   *text,
                                          EbbEndReason *reason);
const char   *ebb_end_reason_to_label    (EbbEndReason  reason);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbCourseEnd, ebb_course_end_free)

G_END_DECLS
