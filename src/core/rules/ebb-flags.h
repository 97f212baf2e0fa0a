/* ebb-flags.h — a patient's flags, the clinic scanned, and who needs attention
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-store.h"
#include "ebb-timeline.h"
#include "ebb-trajectory.h"

G_BEGIN_DECLS

#define EBB_FLAGS_ERROR (ebb_flags_error_quark ())

typedef enum
{
  EBB_FLAGS_ERROR_NO_SUCH_FLAG,   /* no open flag of that kind, scale and date */
} EbbFlagsError;

typedef enum
{
  EBB_FLAGS_OPEN,     /* the flags open and undecided on the as-of day: what Attention shows */
  EBB_FLAGS_ALL,      /* every flag up to the as-of day, open or not (§7) */
} EbbFlagsScope;

/* §5: Attention's three sections. */
typedef enum
{
  EBB_ATTENTION_NOW,        /* a flag of the last 14 days, or a session within 14 days */
  EBB_ATTENTION_EARLIER,
  EBB_ATTENTION_LOST,       /* lapsed for more than 90 days */
} EbbAttentionSection;

#define EBB_ATTENTION_RECENT_DAYS 14
#define EBB_ATTENTION_LOST_DAYS 90

typedef struct
{
  EbbPatient          *patient;
  GPtrArray           *flags;            /* EbbFlag*, open and undecided, most urgent first */
  const char          *suggestion;       /* the lead flag's, translated; owned by the flag */
  EbbAttentionSection  section;
  gint32               next_session_day; /* the first booked session from the as-of day, or 0 */
  gboolean             booked;           /* next_session_day != 0 */
  gboolean             course_ended;     /* the latest course was recorded as ended */
  /* Where the patient stands now: the latest rating of the lead flag's
   * scale, else of any efficacy scale; NULL scale when none. */
  const EbbScale      *latest_scale;
  int                  latest_total;
  gint32               latest_day;
} EbbAttentionItem;

/* The readings of a session the blood-pressure rule reads (§4.7). */
typedef struct
{
  const EbbReading *before;        /* the last before dosing with a pressure, or NULL */
  const EbbReading *after;         /* the highest after dosing, as the rule ranks them, or NULL */
  gboolean          before_high;   /* above the before-dosing limit (bp-before) */
  gboolean          after_high;    /* at or above the after-dosing limit (bp-after) */
} EbbSessionPressures;

void ebb_attention_item_free (EbbAttentionItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbAttentionItem, ebb_attention_item_free)

GQuark     ebb_flags_error_quark     (void);
void       ebb_flags_session_pressures (const EbbSession      *session,
                                        const EbbRuleSettings *settings,
                                        EbbSessionPressures   *out);
GPtrArray *ebb_flags_for_timeline    (EbbTimeline             *timeline);
GPtrArray *ebb_flags_for_records     (const EbbPatientRecords *records,
                                      gint32                   as_of_day,
                                      const EbbRuleSettings   *settings);
GPtrArray *ebb_flags_for_patient     (const EbbPatient        *patient,
                                      GPtrArray               *sessions,
                                      GPtrArray               *scores,
                                      gint32                   as_of_day,
                                      const EbbRuleSettings   *settings);
GPtrArray *ebb_flags_scan            (EbbStore                *store,
                                      gint32                   as_of_day,
                                      EbbFlagsScope            scope,
                                      const EbbRuleSettings   *settings,
                                      GError                 **error);
EbbFlag   *ebb_flags_find_open       (EbbStore                *store,
                                      gint64                   patient_id,
                                      EbbFlagKind              kind,
                                      const char              *scale_id,
                                      gint32                   day,
                                      gint32                   as_of_day,
                                      const EbbRuleSettings   *settings,
                                      GError                 **error);
GPtrArray *ebb_flags_attention       (EbbStore                *store,
                                      gint32                   as_of_day,
                                      const EbbRuleSettings   *settings,
                                      GError                 **error);
/* What the patient list says of every patient, flagged or not. */
typedef struct
{
  gint64   patient_id;
  gint32   next_session_day;   /* the first booked session from the as-of day, or 0 */
  gboolean course_ended;       /* the latest course was recorded as ended */
} EbbFollowUp;

GPtrArray *ebb_flags_attention_with_follow_up (EbbStore              *store,
                                               gint32                 as_of_day,
                                               const EbbRuleSettings *settings,
                                               GArray               **follow_ups,
                                               GError               **error);
EbbAttentionItem *ebb_flags_attention_for_records (const EbbPatientRecords *records,
                                                   gint32                   as_of_day,
                                                   const EbbRuleSettings   *settings,
                                                   EbbFollowUp             *follow_up);
int        ebb_attention_item_compare (const EbbAttentionItem *a,
                                       const EbbAttentionItem *b);
const char *ebb_attention_section_to_label (EbbAttentionSection section);

char      *ebb_flag_explain_rule     (const EbbFlag           *flag,
                                      const EbbTrajectory     *trajectory,
                                      const EbbRuleSettings   *settings);
char      *ebb_flag_get_title        (const EbbFlag           *flag,
                                      gint32                   today);
char      *ebb_flag_get_headline     (const EbbFlag           *flag,
                                      gint32                   today);
char      *ebb_flag_text_for_people  (const char              *text,
                                      gint32                   today);

G_END_DECLS
