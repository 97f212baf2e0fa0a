/* ebb-flag-kind.h — the ten kinds of flag (clinical rules §4)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In the order of urgency, most urgent first (§4). */
typedef enum
{
  EBB_FLAG_SUICIDE_ITEM,
  EBB_FLAG_WORSENING,
  EBB_FLAG_RELAPSE,
  EBB_FLAG_BLOOD_PRESSURE,
  EBB_FLAG_NON_RESPONSE,
  EBB_FLAG_FADED,
  EBB_FLAG_MISSED,
  EBB_FLAG_UNRECORDED,
  EBB_FLAG_LAPSED,
  EBB_FLAG_PROJECTED,
  EBB_N_FLAG_KINDS
} EbbFlagKind;

/* "suicide-item", "worsening", …: for files and the command line, never
 * translated. */
const char *ebb_flag_kind_to_string   (EbbFlagKind  kind);
gboolean    ebb_flag_kind_from_string (const char  *text,
                                       EbbFlagKind *kind);
/* "Suicide item", "Worsening", …: for people, translated. */
const char *ebb_flag_kind_to_label    (EbbFlagKind  kind);
/* Whether the kind is about one scale's ratings (else about sessions). */
gboolean    ebb_flag_kind_has_scale   (EbbFlagKind  kind);

G_END_DECLS
