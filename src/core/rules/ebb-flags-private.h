/* ebb-flags-private.h — what the scans keep for the next, inside the rules
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-flags.h"

G_BEGIN_DECLS

/* ebb-flags-kept.c */
char     *_ebb_flags_kept_basis (const EbbRuleSettings  *settings,
                                 EbbKeptSlot             slot);
char     *_ebb_flags_kept_text  (const EbbFollowUp      *follow_up,
                                 const EbbAttentionItem *item);
gboolean  _ebb_flags_kept_parse (const EbbKeptPatient   *kept,
                                 EbbFollowUp            *follow_up,
                                 EbbAttentionItem      **item);

G_END_DECLS
