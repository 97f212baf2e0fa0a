/* ebb-session.c — a treatment session, done or booked
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-session"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-session.h"

/* The words used in CSV files and in the database: never translated. */
static const char * const status_names[] = { "scheduled", "done", "cancelled", "missed" };
static const char * const phase_names[] = { "induction", "maintenance", "rescue" };
static const char * const route_names[] = { "iv", "im", "intranasal", "oral", "sublingual" };

static gboolean
lookup_name (const char         *text,
             const char * const *names,
             guint               n_names,
             int                *value)
{
  const char *start, *end;

  if (text == NULL)
    return FALSE;

  /* Compared in place, ignoring case and surrounding blanks: the store
   * reads three of these for every session row. */
  for (start = text; g_ascii_isspace (*start); start++)
    ;
  for (end = start + strlen (start); end > start && g_ascii_isspace (end[-1]); end--)
    ;
  for (guint i = 0; i < n_names; i++)
    {
      gsize n = strlen (names[i]);

      if ((gsize) (end - start) == n && g_ascii_strncasecmp (start, names[i], n) == 0)
        {
          *value = (int) i;
          return TRUE;
        }
    }
  return FALSE;
}

EbbSession *
ebb_session_new (void)
{
  EbbSession *session = g_new0 (EbbSession, 1);

  session->dose_mg = -1;
  session->when.second = -1;
  return session;
}

EbbSession *
ebb_session_copy (const EbbSession *session)
{
  EbbSession *copy;

  g_return_val_if_fail (session != NULL, NULL);

  copy = g_memdup2 (session, sizeof *session);
  copy->when_text = g_strdup (session->when_text);
  copy->note = g_strdup (session->note);
  return copy;
}

void
ebb_session_free (EbbSession *session)
{
  if (session == NULL)
    return;
  g_free (session->when_text);
  g_free (session->note);
  g_free (session);
}

gboolean
ebb_session_set_when (EbbSession  *session,
                      const char  *text,
                      GError     **error)
{
  EbbWhen when;

  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!ebb_when_parse (text, &when, error))
    return FALSE;
  g_free (session->when_text);
  session->when_text = g_strdup (text);
  session->when = when;
  return TRUE;
}

const char *
ebb_session_status_to_string (EbbSessionStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

gboolean
ebb_session_status_from_string (const char       *text,
                                EbbSessionStatus *status)
{
  int value;

  if (!lookup_name (text, status_names, G_N_ELEMENTS (status_names), &value))
    return FALSE;
  *status = (EbbSessionStatus) value;
  return TRUE;
}

const char *
ebb_phase_to_string (EbbPhase phase)
{
  g_return_val_if_fail (phase < G_N_ELEMENTS (phase_names), NULL);
  return phase_names[phase];
}

gboolean
ebb_phase_from_string (const char *text,
                       EbbPhase   *phase)
{
  int value;

  if (!lookup_name (text, phase_names, G_N_ELEMENTS (phase_names), &value))
    return FALSE;
  *phase = (EbbPhase) value;
  return TRUE;
}

const char *
ebb_route_to_string (EbbRoute route)
{
  g_return_val_if_fail (route < G_N_ELEMENTS (route_names), NULL);
  return route_names[route];
}

gboolean
ebb_route_from_string (const char *text,
                       EbbRoute   *route)
{
  int value;

  if (!lookup_name (text, route_names, G_N_ELEMENTS (route_names), &value))
    return FALSE;
  *route = (EbbRoute) value;
  return TRUE;
}

/* Words for people ---------------------------------------------------------- */

/**
 * ebb_session_status_to_label:
 *
 * Returns: the status as a word inside a sentence, in the user's language,
 *   e.g. "done"; ebb_session_status_to_string() gives the word for files
 */
const char *
ebb_session_status_to_label (EbbSessionStatus status)
{
  switch (status)
    {
    case EBB_SESSION_SCHEDULED: return C_("session status", "scheduled");
    case EBB_SESSION_DONE:      return C_("session status", "done");
    case EBB_SESSION_CANCELLED: return C_("session status", "cancelled");
    case EBB_SESSION_MISSED:    return C_("session status", "missed");
    default:                    g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_phase_to_label:
 *
 * Returns: the treatment phase as a word inside a sentence, in the user's
 *   language, e.g. "maintenance"
 */
const char *
ebb_phase_to_label (EbbPhase phase)
{
  switch (phase)
    {
    case EBB_PHASE_INDUCTION:   return C_("session phase", "induction");
    case EBB_PHASE_MAINTENANCE: return C_("session phase", "maintenance");
    case EBB_PHASE_RESCUE:      return C_("session phase", "rescue");
    default:                    g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_route_to_label:
 *
 * Returns: the route of administration inside a sentence, in the user's
 *   language: "IV", "IM", "intranasal", "oral" or "sublingual"
 */
const char *
ebb_route_to_label (EbbRoute route)
{
  switch (route)
    {
    /* Translators: routes of administration, as abbreviated in clinics */
    case EBB_ROUTE_IV:         return C_("route", "IV");
    case EBB_ROUTE_IM:         return C_("route", "IM");
    case EBB_ROUTE_INTRANASAL: return C_("route", "intranasal");
    case EBB_ROUTE_ORAL:       return C_("route", "oral");
    case EBB_ROUTE_SUBLINGUAL: return C_("route", "sublingual");
    default:                   g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_session_dose_max_mg:
 * @route: a route of administration
 *
 * The largest dose Ebb takes by @route.  The bound catches slips of the
 * keys (100000 for 100, 350 for 35), not prescriptions: it is well above
 * any dose given for depression.  The route stands for the drug, which a
 * session does not record: intranasal is esketamine (28, 56 or 84 mg a
 * session) or compounded racemic ketamine; IV and IM are racemic
 * ketamine at about 0.5–1 mg/kg, so 200 mg leaves room for a patient of
 * 200 kg; by mouth and under the tongue far less reaches the blood, and
 * doses up to a few mg/kg are given, so 500 mg.
 *
 * Returns: the bound in mg
 */
double
ebb_session_dose_max_mg (EbbRoute route)
{
  switch (route)
    {
    case EBB_ROUTE_IV:
    case EBB_ROUTE_IM:
    case EBB_ROUTE_INTRANASAL:
      return 200;
    case EBB_ROUTE_ORAL:
    case EBB_ROUTE_SUBLINGUAL:
      return 500;
    default:
      g_return_val_if_reached (0);
    }
}
