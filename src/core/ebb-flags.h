/* ebb-flags.h — the whole clinic scanned for flags, and who needs attention
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-store.h"
#include "ebb-trajectory.h"

G_BEGIN_DECLS

/* Without --all, the command line shows flags of this many days up to the
 * as-of date (clinical rules §5). */
#define EBB_FLAGS_RECENT_DAYS 60

typedef enum
{
  EBB_FLAGS_RECENT,   /* flags of the last EBB_FLAGS_RECENT_DAYS days, and projected ones */
  EBB_FLAGS_ALL,      /* every flag up to the as-of date, and projected ones */
} EbbFlagsScope;

typedef struct
{
  EbbPatient *patient;
  GPtrArray  *flags;        /* EbbFlag*, most urgent first */
  const char *suggestion;   /* what the most urgent flag suggests doing, translated */
  gboolean    booked;       /* a session is scheduled on or after the as-of day */
} EbbAttentionItem;

void ebb_attention_item_free (EbbAttentionItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbAttentionItem, ebb_attention_item_free)

gboolean   ebb_flag_in_scope         (const EbbFlag         *flag,
                                      gint32                 as_of_day,
                                      EbbFlagsScope          scope);
GPtrArray *ebb_flags_for_patient     (const EbbPatient      *patient,
                                      GPtrArray             *sessions,
                                      GPtrArray             *scores,
                                      gint32                 as_of_day,
                                      const EbbRuleSettings *settings);
GPtrArray *ebb_flags_scan            (EbbStore              *store,
                                      gint32                 as_of_day,
                                      EbbFlagsScope          scope,
                                      const EbbRuleSettings *settings,
                                      GError               **error);
int        ebb_flag_compare_urgency  (const EbbFlag         *a,
                                      const EbbFlag         *b);
const char *ebb_flag_suggestion      (const EbbFlag         *flag);
const char *ebb_flag_open_suggestion (const EbbFlag         *flag,
                                      const EbbPatient      *patient,
                                      GPtrArray             *sessions,
                                      GPtrArray             *scores,
                                      gint32                 as_of_day,
                                      const EbbRuleSettings *settings);
GPtrArray *ebb_flags_attention       (EbbStore              *store,
                                      gint32                 as_of_day,
                                      const EbbRuleSettings *settings,
                                      GError               **error);

G_END_DECLS
