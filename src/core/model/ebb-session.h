/* ebb-session.h — a treatment session, done or booked
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ebb-date.h"
#include "ebb-reading.h"

G_BEGIN_DECLS

#define EBB_SESSION_ERROR (ebb_session_error_quark ())

typedef enum
{
  EBB_SESSION_ERROR_INVALID,   /* a value of the session's record Ebb cannot read */
} EbbSessionError;

GQuark      ebb_session_error_quark      (void);

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

/* Which drug was given: racemic ketamine or esketamine (issue 13). */
typedef enum
{
  EBB_DRUG_NOT_RECORDED,
  EBB_DRUG_KETAMINE,
  EBB_DRUG_ESKETAMINE,
} EbbDrug;

/* A yes-or-no observation that may not have been made. */
typedef enum
{
  EBB_ANSWER_NOT_RECORDED,
  EBB_ANSWER_NO,
  EBB_ANSWER_YES,
} EbbAnswer;

/* How much sedation or dissociation was observed: a word, or for
 * sedation a MOAA/S score (5 is awake and responsive, 0 no response). */
typedef enum
{
  EBB_LEVEL_NOT_RECORDED,
  EBB_LEVEL_NONE,
  EBB_LEVEL_MILD,
  EBB_LEVEL_MODERATE,
  EBB_LEVEL_SEVERE,
  EBB_LEVEL_MOAAS,        /* the score is in EbbObservedLevel.moaas */
} EbbLevel;

#define EBB_MOAAS_MAX 5

typedef struct
{
  EbbLevel   level;
  int        moaas;       /* 0–5 with EBB_LEVEL_MOAAS, else 0 */
  EbbAnswer  resolved;    /* resolved before discharge */
} EbbObservedLevel;

/* Other effects observed during a session, any number of them. */
typedef enum
{
  EBB_EFFECT_NAUSEA     = 1 << 0,
  EBB_EFFECT_VOMITING   = 1 << 1,
  EBB_EFFECT_HEADACHE   = 1 << 2,
  EBB_EFFECT_DIZZINESS  = 1 << 3,
  EBB_EFFECT_ANXIETY    = 1 << 4,
  EBB_EFFECT_RAISED_BP  = 1 << 5,
  EBB_EFFECT_OTHER      = 1 << 6,   /* what it was goes in other_effect */
} EbbEffects;

#define EBB_EFFECTS_ALL 0x7f

/* The esketamine label keeps a patient at least two hours after an
 * intranasal dose (see ebb_session_discharged_early()). */
#define EBB_INTRANASAL_OBSERVATION_MIN 120

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
  char             *note;         /* or NULL */

  /* The record of a dose given (schema 8).  Clock times are seconds
   * since midnight of the session's day, -1 when not recorded. */
  EbbDrug           drug;
  int               duration_min;   /* an infusion's, 0 when not recorded */
  char             *lot;            /* or NULL */
  gint32            dose_time;
  gint32            discharge_time;
  EbbObservedLevel  sedation;
  EbbObservedLevel  dissociation;   /* words only: MOAA/S measures sedation */
  int               respiratory_spo2; /* -1 not recorded, 0 no respiratory depression,
                                       * else the lowest saturation in % */
  EbbAnswer         respiratory_resolved;
  EbbEffects        effects;
  char             *other_effect;   /* what the "other" effect was, or NULL */
  int               ready_min;      /* minutes after dosing the patient was judged
                                     * clinically ready to leave; -1 not recorded */
  EbbAnswer         vitals_ok_before;     /* vital signs acceptable before dosing */
  EbbAnswer         vitals_ok_discharge;  /* and before discharge */
  EbbAnswer         transport_arranged;   /* transport home arranged */
  char             *monitored_by;   /* who monitored, or NULL */

  /* The session's readings (EbbReading*, in time order), as read from the
   * store with the session; NULL when not read.  The store keeps them as
   * records of their own: ebb_store_add_session() and
   * ebb_store_update_session() ignore this array. */
  GPtrArray        *readings;
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
/* Standing alone, capitalised: a cell, a list's label */
const char *ebb_session_status_to_title  (EbbSessionStatus  status);
const char *ebb_phase_to_title           (EbbPhase          phase);
const char *ebb_route_to_title           (EbbRoute          route);

double      ebb_session_dose_max_mg      (EbbRoute          route);

const char *ebb_drug_to_string           (EbbDrug           drug);
gboolean    ebb_drug_from_string         (const char       *text,
                                          EbbDrug          *drug);
const char *ebb_drug_to_label            (EbbDrug           drug);

/* "none", "mild", "moderate", "severe" or "moaas:N", then ";resolved" or
 * ";unresolved" when that was recorded; "" when nothing was. */
char       *ebb_observed_level_to_string (const EbbObservedLevel *level);
gboolean    ebb_observed_level_from_string (const char       *text,
                                            gboolean          moaas_allowed,
                                            EbbObservedLevel *level,
                                            GError          **error);
/* Respiratory depression: "none", or "spo2:88" (the lowest saturation),
 * then ";resolved" or ";unresolved"; "" when not recorded. */
char       *ebb_respiratory_to_string    (int               spo2,
                                          EbbAnswer         resolved);
gboolean    ebb_respiratory_from_string  (const char       *text,
                                          int              *spo2,
                                          EbbAnswer        *resolved,
                                          GError          **error);
/* "yes", "no"; "" for not recorded. */
const char *ebb_answer_to_string         (EbbAnswer         answer);
gboolean    ebb_answer_from_string       (const char       *text,
                                          EbbAnswer        *answer);
/* Effect words separated by spaces: "nausea headache"; "" for none. */
char       *ebb_effects_to_string        (EbbEffects        effects);
gboolean    ebb_effects_from_string      (const char       *text,
                                          EbbEffects       *effects,
                                          GError          **error);
const char *ebb_effect_to_label          (EbbEffects        effect);

/* A clock time: "HH:MM" (":SS" when not zero); parsing takes "HH:MM",
 * "HH:MM:SS" or a date-time whose date is @day (when @day > 0). */
char       *ebb_clock_time_format        (gint32            second);
gboolean    ebb_clock_time_parse         (const char       *text,
                                          gint32            day,
                                          gint32           *second,
                                          GError          **error);

char       *ebb_session_dose_warning     (const EbbSession *session);
gboolean    ebb_session_discharged_early (const EbbSession *session,
                                          int              *minutes);
int         ebb_session_minutes_monitored (const EbbSession *session);
const EbbReading *ebb_session_pre_dose_reading (const EbbSession *session);
const EbbReading *ebb_session_highest_after_dose (const EbbSession *session);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbSession, ebb_session_free)

G_END_DECLS
