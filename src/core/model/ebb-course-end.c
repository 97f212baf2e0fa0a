/* ebb-course-end.c — the recorded end of a treatment course (clinical rules §6)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An end says the course stopped on purpose, so that no follow-up flag
 * asks about a patient who was meant to stop; the next done session
 * starts a new course.
 */
#define G_LOG_DOMAIN "ebb-course-end"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-course-end.h"

/* The words used in CSV files, the database and the command line: never
 * translated.  Indexed by EbbEndReason; "" is "not given". */
static const char * const reason_names[] = {
  [EBB_END_REASON_NONE] = "",
  [EBB_END_REASON_REMISSION] = "remission",
  [EBB_END_REASON_STOPPED_BY_PATIENT] = "stopped-by-patient",
  [EBB_END_REASON_STOPPED_BY_CLINICIAN] = "stopped-by-clinician",
  [EBB_END_REASON_MOVED] = "moved",
  [EBB_END_REASON_OTHER] = "other",
};

EbbCourseEnd *
ebb_course_end_new (void)
{
  return g_new0 (EbbCourseEnd, 1);
}

EbbCourseEnd *
ebb_course_end_copy (const EbbCourseEnd *end)
{
  EbbCourseEnd *copy;

  g_return_val_if_fail (end != NULL, NULL);

  copy = g_memdup2 (end, sizeof *end);
  copy->note = g_strdup (end->note);
  return copy;
}

void
ebb_course_end_free (EbbCourseEnd *end)
{
  if (end == NULL)
    return;
  g_free (end->note);
  g_free (end);
}

/**
 * ebb_end_reason_to_string:
 *
 * Returns: the reason as files write it, "" for none
 */
const char *
ebb_end_reason_to_string (EbbEndReason reason)
{
  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (reason_names), NULL);
  return reason_names[reason];
}

/**
 * ebb_end_reason_from_string:
 * @text: (nullable): a reason as files write it, in any case, with
 *   blanks around it; %NULL or blank for none
 *
 * Returns: whether @text is a reason (or none)
 */
gboolean
ebb_end_reason_from_string (const char   *text,
                            EbbEndReason *reason)
{
  const char *start, *end;

  g_return_val_if_fail (reason != NULL, FALSE);

  if (text == NULL)
    {
      *reason = EBB_END_REASON_NONE;
      return TRUE;
    }
  for (start = text; g_ascii_isspace (*start); start++)
    ;
  for (end = start + strlen (start); end > start && g_ascii_isspace (end[-1]); end--)
    ;
  for (guint i = 0; i < G_N_ELEMENTS (reason_names); i++)
    {
      gsize n = strlen (reason_names[i]);

      if ((gsize) (end - start) == n && g_ascii_strncasecmp (start, reason_names[i], n) == 0)
        {
          *reason = (EbbEndReason) i;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * ebb_end_reason_to_label:
 *
 * Returns: the reason as words inside a sentence, in the user's language,
 *   e.g. "stopped by the patient"; "" for none
 */
const char *
ebb_end_reason_to_label (EbbEndReason reason)
{
  switch (reason)
    {
    case EBB_END_REASON_NONE:                 return "";
    case EBB_END_REASON_REMISSION:            return C_("course end reason", "remission");
    case EBB_END_REASON_STOPPED_BY_PATIENT:   return C_("course end reason", "stopped by the patient");
    case EBB_END_REASON_STOPPED_BY_CLINICIAN: return C_("course end reason", "stopped by the clinician");
    case EBB_END_REASON_MOVED:                return C_("course end reason", "moved away");
    case EBB_END_REASON_OTHER:                return C_("course end reason", "other");
    default:                                  g_return_val_if_reached (NULL);
    }
}
