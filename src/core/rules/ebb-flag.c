/* ebb-flag.c — one flag: a problem the rules found (clinical rules §4, §5)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-flag"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-date.h"
#include "ebb-flag.h"

EbbFlag *
ebb_flag_new (EbbFlagKind     kind,
              const EbbScale *scale,
              gint32          day)
{
  EbbFlag *flag = g_new0 (EbbFlag, 1);

  flag->kind = kind;
  flag->scale = scale;
  flag->day = day;
  flag->state = EBB_FLAG_STATE_OPEN;
  return flag;
}

void
ebb_flag_free (EbbFlag *flag)
{
  if (flag == NULL)
    return;
  g_free (flag->detail);
  g_free (flag->suggestion);
  g_free (flag->patient_code);
  g_clear_pointer (&flag->decision, ebb_decision_free);
  g_free (flag);
}

EbbFlag *
ebb_flag_copy (const EbbFlag *flag)
{
  EbbFlag *copy;

  g_return_val_if_fail (flag != NULL, NULL);

  copy = g_memdup2 (flag, sizeof *flag);
  copy->detail = g_strdup (flag->detail);
  copy->suggestion = g_strdup (flag->suggestion);
  copy->patient_code = g_strdup (flag->patient_code);
  copy->decision = flag->decision != NULL ? ebb_decision_copy (flag->decision) : NULL;
  return copy;
}

/* Open and undecided: what Attention and `ebb-cli flags` list. */
gboolean
ebb_flag_is_open (const EbbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, FALSE);
  return flag->state == EBB_FLAG_STATE_OPEN;
}

/**
 * ebb_flag_matches_decision:
 *
 * Whether @decision was recorded on @flag: same kind, scale and date.  A
 * projected fade moves from day to day as ratings come in, so a decision
 * on one covers the projection of that scale for the rest of its interval:
 * any decision on a projected flag of the scale recorded on or after the
 * day of the interval's session.
 */
gboolean
ebb_flag_matches_decision (const EbbFlag     *flag,
                           const EbbDecision *decision)
{
  g_return_val_if_fail (flag != NULL, FALSE);
  g_return_val_if_fail (decision != NULL, FALSE);

  if (decision->kind != flag->kind)
    return FALSE;
  if (flag->scale != NULL)
    {
      const EbbScale *scale = ebb_scale_lookup (decision->scale_id);
      if (scale != flag->scale)
        return FALSE;
    }
  if (flag->kind == EBB_FLAG_PROJECTED)
    return decision->decided.day >= flag->interval_day;
  return decision->flag_day == flag->day;
}

/* The order of the command line's CSV: patient, scale (none first), date,
 * kind by name. */
int
ebb_flag_compare_for_csv (const EbbFlag *a,
                          const EbbFlag *b)
{
  int cmp;

  if ((cmp = g_strcmp0 (a->patient_code, b->patient_code)) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (a->scale ? a->scale->id : "", b->scale ? b->scale->id : "")) != 0)
    return cmp;
  if (a->day != b->day)
    return a->day < b->day ? -1 : 1;
  return strcmp (ebb_flag_kind_to_string (a->kind), ebb_flag_kind_to_string (b->kind));
}

/**
 * ebb_flag_compare_urgency:
 *
 * §4's order of urgency (the kinds' order), then the newest first.
 */
int
ebb_flag_compare_urgency (const EbbFlag *a,
                          const EbbFlag *b)
{
  if (a->kind != b->kind)
    return (int) a->kind - (int) b->kind;
  if (a->day != b->day)
    return a->day > b->day ? -1 : 1;
  return g_strcmp0 (a->scale ? a->scale->id : "", b->scale ? b->scale->id : "");
}

/* "open", "decided", "resolved": for files, never translated. */
const char *
ebb_flag_state_to_string (EbbFlagState state)
{
  switch (state)
    {
    case EBB_FLAG_STATE_OPEN: return "open";
    case EBB_FLAG_STATE_DECIDED: return "decided";
    case EBB_FLAG_STATE_RESOLVED: return "resolved";
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_flag_describe_state:
 *
 * Returns: (transfer full): where the flag stands, for people: "Open",
 *   "Resolved 2026-04-02" or the decision ("Decided 2026-03-04 by Dr A.
 *   Example: dose increased")
 */
char *
ebb_flag_describe_state (const EbbFlag *flag)
{
  g_return_val_if_fail (flag != NULL, NULL);

  switch (flag->state)
    {
    case EBB_FLAG_STATE_OPEN:
      return g_strdup (C_("flag state", "Open"));
    case EBB_FLAG_STATE_DECIDED:
      return ebb_decision_describe (flag->decision);
    case EBB_FLAG_STATE_RESOLVED:
      {
        g_autofree char *day = ebb_date_format (flag->resolved_day);
        /* Translators: a flag the data closed, "Resolved 2026-04-02" */
        return g_strdup_printf (C_("flag state", "Resolved %s"), day);
      }
    default:
      g_return_val_if_reached (NULL);
    }
}
