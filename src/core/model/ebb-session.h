/* ebb-session.h — a treatment session, done or booked
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ebb-date.h"

G_BEGIN_DECLS

typedef enum
{
  EBB_SESSION_SCHEDULED,
  EBB_SESSION_DONE,
  EBB_SESSION_CANCELLED,
  EBB_SESSION_MISSED,
} EbbSessionStatus;

typedef enum
{
  EBB_PHASE_INDUCTION,
  EBB_PHASE_MAINTENANCE,
  EBB_PHASE_RESCUE,
} EbbPhase;

typedef enum
{
  EBB_ROUTE_IV,
  EBB_ROUTE_IM,
  EBB_ROUTE_INTRANASAL,
  EBB_ROUTE_ORAL,
  EBB_ROUTE_SUBLINGUAL,
} EbbRoute;

typedef struct
{
  gint64            id;           /* row id, 0 until stored */
  gint64            patient_id;
  char             *when_text;    /* ISO 8601 as entered: kept verbatim */
  EbbWhen           when;         /* parsed from when_text */
  EbbSessionStatus  status;
  EbbPhase          phase;
  EbbRoute          route;
  double            dose_mg;      /* < 0 when not recorded */
  int               bp_before_systolic;   /* 0 when not recorded */
  int               bp_before_diastolic;
  int               bp_after_systolic;
  int               bp_after_diastolic;
  char             *note;         /* or NULL */
} EbbSession;

EbbSession *ebb_session_new            (void);
EbbSession *ebb_session_copy           (const EbbSession *session);
void        ebb_session_free           (EbbSession       *session);
gboolean    ebb_session_set_when       (EbbSession       *session,
                                        const char       *text,
                                        GError          **error);

/* Interval boundaries are the done and scheduled sessions (clinical rules §2). */
#define EBB_SESSION_IS_BOUNDARY(s) ((s)->status == EBB_SESSION_DONE || (s)->status == EBB_SESSION_SCHEDULED)

const char *ebb_session_status_to_string (EbbSessionStatus status);
gboolean    ebb_session_status_from_string (const char     *text,
                                            EbbSessionStatus *status);
const char *ebb_phase_to_string          (EbbPhase          phase);
gboolean    ebb_phase_from_string        (const char       *text,
                                          EbbPhase         *phase);
const char *ebb_route_to_string          (EbbRoute          route);
gboolean    ebb_route_from_string        (const char       *text,
                                          EbbRoute         *route);

/* The same words for people, translated: never for files. */
const char *ebb_session_status_to_label  (EbbSessionStatus  status);
const char *ebb_phase_to_label           (EbbPhase          phase);
const char *ebb_route_to_label           (EbbRoute          route);

double      ebb_session_dose_max_mg      (EbbRoute          route);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbSession, ebb_session_free)

G_END_DECLS
