/* ebb-flag-kind.c — the ten kinds of flag (clinical rules §4)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-flag-kind"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-flag-kind.h"

/* The kinds' ids, in CSV and JSON output and on the command line. */
static const char * const kind_names[EBB_N_FLAG_KINDS] = {
  [EBB_FLAG_SUICIDE_ITEM] = "suicide-item",
  [EBB_FLAG_WORSENING] = "worsening",
  [EBB_FLAG_RELAPSE] = "relapse",
  [EBB_FLAG_BLOOD_PRESSURE] = "blood-pressure",
  [EBB_FLAG_NON_RESPONSE] = "non-response",
  [EBB_FLAG_FADED] = "faded",
  [EBB_FLAG_MISSED] = "missed",
  [EBB_FLAG_UNRECORDED] = "unrecorded",
  [EBB_FLAG_LAPSED] = "lapsed",
  [EBB_FLAG_PROJECTED] = "projected",
};

const char *
ebb_flag_kind_to_string (EbbFlagKind kind)
{
  g_return_val_if_fail (kind < EBB_N_FLAG_KINDS, NULL);
  return kind_names[kind];
}

gboolean
ebb_flag_kind_from_string (const char  *text,
                           EbbFlagKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; text != NULL && i < EBB_N_FLAG_KINDS; i++)
    if (g_ascii_strcasecmp (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ebb_flag_kind_to_label (EbbFlagKind kind)
{
  switch (kind)
    {
    case EBB_FLAG_SUICIDE_ITEM: return C_("flag kind", "Suicide item");
    case EBB_FLAG_WORSENING: return C_("flag kind", "Worsening");
    case EBB_FLAG_RELAPSE: return C_("flag kind", "Relapse");
    case EBB_FLAG_BLOOD_PRESSURE: return C_("flag kind", "Blood pressure");
    case EBB_FLAG_NON_RESPONSE: return C_("flag kind", "No response");
    case EBB_FLAG_FADED: return C_("flag kind", "Faded");
    case EBB_FLAG_MISSED: return C_("flag kind", "Missed sessions");
    case EBB_FLAG_UNRECORDED: return C_("flag kind", "Session not recorded");
    case EBB_FLAG_LAPSED: return C_("flag kind", "Lost to follow-up");
    case EBB_FLAG_PROJECTED: return C_("flag kind", "Fade projected");
    case EBB_N_FLAG_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
ebb_flag_kind_has_scale (EbbFlagKind kind)
{
  switch (kind)
    {
    case EBB_FLAG_SUICIDE_ITEM:
    case EBB_FLAG_WORSENING:
    case EBB_FLAG_RELAPSE:
    case EBB_FLAG_NON_RESPONSE:
    case EBB_FLAG_FADED:
    case EBB_FLAG_PROJECTED:
      return TRUE;
    case EBB_FLAG_BLOOD_PRESSURE:
    case EBB_FLAG_MISSED:
    case EBB_FLAG_UNRECORDED:
    case EBB_FLAG_LAPSED:
    case EBB_N_FLAG_KINDS:
    default:
      return FALSE;
    }
}
