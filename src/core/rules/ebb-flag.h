/* ebb-flag.h — one flag: a problem the rules found (clinical rules §4, §5)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ebb-decision.h"
#include "ebb-flag-kind.h"
#include "ebb-scale.h"

G_BEGIN_DECLS

/* Where a flag stands on the as-of day (§5). */
typedef enum
{
  EBB_FLAG_STATE_OPEN,      /* needs a decision: on Attention and in `flags` */
  EBB_FLAG_STATE_DECIDED,   /* a clinician recorded a decision on it */
  EBB_FLAG_STATE_RESOLVED,  /* the data closed it, or the course was recorded as ended */
} EbbFlagState;

typedef struct
{
  EbbFlagKind     kind;
  const EbbScale *scale;              /* NULL for blood-pressure and the follow-up kinds */
  char           *patient_code;
  gint32          day;                /* the flag's date: with kind and scale, its name */
  gint32          session_day;        /* 0 where the rules leave `session` empty */
  gint32          next_session_day;   /* 0 where the rules leave it empty, or none is booked */
  gboolean        has_days_early;
  int             days_early;
  char           *detail;             /* one or two sentences with the numbers, translated */
  char           *suggestion;         /* what to do, translated */
  gint32          interval_day;       /* projected: the day of the interval's last
                                       * session (not in files: the rules leave
                                       * `session` empty), for decisions */
  gint32          before_day;         /* projected: the booked session the fade is
                                       * projected before (not in files either), for
                                       * its title */

  /* Suicide-item and blood-pressure flags gather the later alerts or high
   * sessions while they are open: how many, the latest and the highest. */
  guint           n_events;
  gint32          latest_day;
  int             latest_value[2];    /* item value, or systolic and diastolic */
  gboolean        latest_implied;     /* suicide item: the latest value is the least
                                       * that the total implies, not one recorded */
  gint32          highest_day;
  int             highest_value[2];

  gint64          closed_predecessor; /* the id of the decision that closed the flag this one
                                       * follows (same kind, scale and maybe day): it does not
                                       * decide this one; 0 for none */

  EbbFlagState    state;
  gint32          resolved_day;       /* RESOLVED: the day of what closed it */
  EbbDecision    *decision;           /* DECIDED: the decision */
} EbbFlag;

EbbFlag    *ebb_flag_new               (EbbFlagKind    kind,
                                        const EbbScale *scale,
                                        gint32         day);
void        ebb_flag_free              (EbbFlag       *flag);
EbbFlag    *ebb_flag_copy              (const EbbFlag *flag);
gboolean    ebb_flag_is_open           (const EbbFlag *flag);
gboolean    ebb_flag_matches_decision  (const EbbFlag     *flag,
                                        const EbbDecision *decision);
int         ebb_flag_compare_for_csv   (const EbbFlag *a,
                                        const EbbFlag *b);
int         ebb_flag_compare_urgency   (const EbbFlag *a,
                                        const EbbFlag *b);
const char *ebb_flag_state_to_string   (EbbFlagState   state);
char       *ebb_flag_describe_state    (const EbbFlag *flag);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbFlag, ebb_flag_free)

G_END_DECLS
