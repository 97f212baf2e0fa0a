/* ebb-decision.c — a clinician's decision on an open flag (clinical rules §5)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A decision closes a flag for Attention and `flags` without hiding it
 * from the history: it is a record like a rating, kept with who made it
 * and when, so that a replay as of an earlier day does not see it.
 */
#define G_LOG_DOMAIN "ebb-decision"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-decision.h"

/**
 * ebb_decision_new:
 *
 * Returns: (transfer full): an empty decision, not yet dated
 */
EbbDecision *
ebb_decision_new (void)
{
  EbbDecision *decision = g_new0 (EbbDecision, 1);

  decision->decided.second = -1;
  return decision;
}

EbbDecision *
ebb_decision_copy (const EbbDecision *decision)
{
  EbbDecision *copy;

  g_return_val_if_fail (decision != NULL, NULL);

  copy = g_memdup2 (decision, sizeof *decision);
  copy->scale_id = g_strdup (decision->scale_id);
  copy->note = g_strdup (decision->note);
  copy->decided_at = g_strdup (decision->decided_at);
  copy->user_name = g_strdup (decision->user_name);
  copy->real_name = g_strdup (decision->real_name);
  return copy;
}

void
ebb_decision_free (EbbDecision *decision)
{
  if (decision == NULL)
    return;
  g_free (decision->scale_id);
  g_free (decision->note);
  g_free (decision->decided_at);
  g_free (decision->user_name);
  g_free (decision->real_name);
  g_free (decision);
}

/**
 * ebb_decision_set_decided_at:
 * @text: an ISO 8601 date or date-time
 *
 * Sets when the decision was recorded, as text and parsed; @decision is
 * left as it was when @text is not a date.
 *
 * Returns: %TRUE when @text was a date, else %FALSE with an
 *   %EBB_DATE_ERROR
 */
gboolean
ebb_decision_set_decided_at (EbbDecision  *decision,
                             const char   *text,
                             GError      **error)
{
  EbbWhen when;

  g_return_val_if_fail (decision != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!ebb_when_parse (text, &when, error))
    return FALSE;
  g_free (decision->decided_at);
  decision->decided_at = g_strdup (text);
  decision->decided = when;
  return TRUE;
}

/**
 * ebb_decision_set_now:
 *
 * Dates the decision now, in local time to the second (the clinic's
 * records are all in its local time, §2), and signs it with the account
 * that made it: the login name always, the real name when the system
 * knows one.
 */
void
ebb_decision_set_now (EbbDecision *decision)
{
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *text = NULL;
  const char *real_name = g_get_real_name ();

  g_return_if_fail (decision != NULL);

  now = g_date_time_new_now_local ();
  text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  if (!ebb_decision_set_decided_at (decision, text, NULL))
    g_assert_not_reached ();

  g_free (decision->user_name);
  decision->user_name = g_strdup (g_get_user_name ());
  g_free (decision->real_name);
  /* GLib's word for "no real name", never a person's. */
  decision->real_name = real_name != NULL && *real_name != '\0' &&
                        !g_str_equal (real_name, "Unknown") ? g_strdup (real_name) : NULL;
}

/**
 * ebb_decision_describe:
 *
 * The decision in one line for the card, the history and the report:
 * "Decided 2026-03-04 by Dr A. Example: dose increased".  The date is the
 * day only: the time would be noise beside a flag dated by the day.
 *
 * Returns: (transfer full): the line, in the user's language
 */
char *
ebb_decision_describe (const EbbDecision *decision)
{
  g_autofree char *day = NULL;
  const char *who;

  g_return_val_if_fail (decision != NULL, NULL);

  who = decision->real_name != NULL && *decision->real_name != '\0'
        ? decision->real_name : decision->user_name;
  if (decision->decided.day > 0)
    day = ebb_date_format (decision->decided.day);

  if (day != NULL && who != NULL)
    /* Translators: "Decided 2026-03-04 by Dr A. Example: dose increased";
     * the last %s is the clinician's own note */
    return g_strdup_printf (_("Decided %s by %s: %s"), day, who,
                            decision->note != NULL ? decision->note : "");
  if (day != NULL)
    /* Translators: "Decided 2026-03-04: dose increased" */
    return g_strdup_printf (_("Decided %s: %s"), day,
                            decision->note != NULL ? decision->note : "");
  /* Translators: a decision not yet recorded, "Decided: dose increased" */
  return g_strdup_printf (_("Decided: %s"), decision->note != NULL ? decision->note : "");
}
