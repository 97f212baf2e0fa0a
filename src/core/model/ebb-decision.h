/* ebb-decision.h — a clinician's decision on an open flag (clinical rules §5)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ebb-date.h"
#include "ebb-flag-kind.h"

G_BEGIN_DECLS

/* A flag is named by its patient, kind, scale (NULL for the follow-up and
 * blood-pressure kinds) and date: what `ebb-cli decide` takes and what the
 * window records from a flag's row. */
typedef struct
{
  gint64       id;            /* row id, 0 until stored */
  gint64       patient_id;
  EbbFlagKind  kind;
  char        *scale_id;      /* canonical scale id, or NULL */
  gint32       flag_day;      /* the flag's date */
  char        *note;          /* a few words: "reviewed, continue", "dose increased" */
  char        *decided_at;    /* local ISO 8601 date-time the decision was recorded */
  EbbWhen      decided;       /* parsed from decided_at: a replay before its day does not see it */
  char        *user_name;     /* the account's login name */
  char        *real_name;     /* the account's real name, or NULL */
} EbbDecision;

EbbDecision *ebb_decision_new     (void);
EbbDecision *ebb_decision_copy    (const EbbDecision *decision);
void         ebb_decision_free    (EbbDecision       *decision);
gboolean     ebb_decision_set_decided_at (EbbDecision *decision,
                                          const char  *text,
                                          GError     **error);
void         ebb_decision_set_now (EbbDecision       *decision);
char        *ebb_decision_describe (const EbbDecision *decision);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbDecision, ebb_decision_free)

G_END_DECLS
