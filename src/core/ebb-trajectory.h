/* ebb-trajectory.h — one patient × one scale under the clinical rules (§2–§4)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is the one place where baseline, response, fading, projection and
 * relapse are decided.  The command line, the window, the chart and the
 * report all read their answers from an EbbTrajectory.
 */
#pragma once

#include <glib.h>

#include "ebb-patient.h"
#include "ebb-scale.h"
#include "ebb-score.h"
#include "ebb-session.h"

G_BEGIN_DECLS

/* The preferences the rules name as settings, with their defaults. */
typedef struct
{
  double response_fraction;       /* r: responding when score <= B × (1 − r); 0.50 */
  int    baseline_window_days;    /* a baseline at most this many days before T0; 30 */
  int    meaningful_change[16];   /* per scale, by catalogue position; 0 = the scale's default */
} EbbRuleSettings;

void ebb_rule_settings_init_defaults  (EbbRuleSettings       *settings);
int  ebb_rule_settings_meaningful_change (const EbbRuleSettings *settings,
                                          const EbbScale        *scale);
void ebb_rule_settings_set_meaningful_change (EbbRuleSettings *settings,
                                              const EbbScale  *scale,
                                              int              points);

typedef enum
{
  EBB_BASELINE_OK,
  EBB_BASELINE_NO_TREATMENT,   /* no done session: there is no T0 */
  EBB_BASELINE_NONE,           /* no rating of the scale within the window before T0 */
  EBB_BASELINE_ZERO,           /* the baseline is 0: change cannot be computed */
  EBB_BASELINE_NOT_EFFICACY,   /* a side-effect scale (CADSS): never used for response */
} EbbBaselineStatus;

typedef enum
{
  EBB_STATUS_NO_BASELINE,
  EBB_STATUS_NOT_RESPONDING,
  EBB_STATUS_RESPONDING,
  EBB_STATUS_REMISSION,
} EbbResponseStatus;

typedef enum
{
  /* In order of urgency. */
  EBB_FLAG_SUICIDE_ITEM,
  EBB_FLAG_PROJECTED,
  EBB_FLAG_FADED,
  EBB_FLAG_RELAPSE,
} EbbFlagKind;

typedef struct
{
  EbbFlagKind     kind;
  const EbbScale *scale;
  gint32          day;                /* the flag's date */
  gint32          session_day;        /* 0 where it does not apply */
  gint32          next_session_day;   /* 0 where it does not apply or none is booked */
  gboolean        has_days_early;
  int             days_early;
  char           *detail;             /* one sentence with the numbers, translated */
  char           *patient_code;
} EbbFlag;

void        ebb_flag_free              (EbbFlag     *flag);
EbbFlag    *ebb_flag_copy              (const EbbFlag *flag);
const char *ebb_flag_kind_to_string    (EbbFlagKind  kind);
int         ebb_flag_compare_for_csv   (const EbbFlag *a,
                                        const EbbFlag *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbFlag, ebb_flag_free)

/* One rating as the rules see it. */
typedef struct
{
  const EbbScore   *score;
  gboolean          after_t0;       /* taken after the treatment start (pre-dose on T0's day is not) */
  double            change_percent; /* (B − score) / B × 100; NAN without a baseline */
  gboolean          responding;
  gboolean          remission;
  gboolean          suicide_alert;
  const EbbSession *session;        /* last done session before it, or NULL */
  const EbbSession *next_session;   /* first done or scheduled session after it, or NULL */
} EbbTrajectoryPoint;

/* One response episode: from a responding rating until it fades. */
typedef struct
{
  guint  start;        /* index into the points */
  guint  fade;         /* index of the rating that ended it with a fade, or G_MAXUINT */
  int    nadir;
} EbbEpisode;

typedef struct
{
  guint  n_episodes;
  guint  n_faded;
  double median_days_to_fade;   /* from the session before the fade to the fade; NAN when none faded */
} EbbDurability;

typedef struct
{
  const EbbSession *session;       /* Sk: the last done session on or before the as-of date */
  const EbbSession *next_session;  /* Sk+1: the first scheduled session after it */
  guint  first_point;              /* the fit runs over points first_point..last */
  guint  last_point;
  double intercept;                /* a, in score points */
  double slope;                    /* b, points per day since Sk */
  gint32 fade_day;                 /* the projected fade date, or 0 when the trend does not cross */
} EbbProjection;

typedef struct _EbbTrajectory EbbTrajectory;

EbbTrajectory *ebb_trajectory_new (const EbbPatient      *patient,
                                   const EbbScale        *scale,
                                   GPtrArray             *sessions,
                                   GPtrArray             *scores,
                                   gint32                 as_of_day,
                                   const EbbRuleSettings *settings);
void           ebb_trajectory_free (EbbTrajectory *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbTrajectory, ebb_trajectory_free)

const EbbPatient  *ebb_trajectory_get_patient        (const EbbTrajectory *self);
const EbbScale    *ebb_trajectory_get_scale          (const EbbTrajectory *self);
gint32             ebb_trajectory_get_as_of          (const EbbTrajectory *self);
const EbbSession  *ebb_trajectory_get_treatment_start (const EbbTrajectory *self);
EbbBaselineStatus  ebb_trajectory_get_baseline_status (const EbbTrajectory *self);
const EbbScore    *ebb_trajectory_get_baseline       (const EbbTrajectory *self);
char              *ebb_trajectory_describe_baseline  (const EbbTrajectory *self);
char              *ebb_trajectory_describe_relapse_level (const EbbTrajectory *self);
double             ebb_trajectory_get_threshold      (const EbbTrajectory *self);
int                ebb_trajectory_get_meaningful_change (const EbbTrajectory *self);
double             ebb_trajectory_get_response_fraction (const EbbTrajectory *self);

guint                     ebb_trajectory_get_n_points (const EbbTrajectory *self);
const EbbTrajectoryPoint *ebb_trajectory_get_point    (const EbbTrajectory *self,
                                                       guint                index);
/* Sessions of the patient up to the as-of date (and scheduled ones after
 * it), in time order; every status, for the chart. */
GPtrArray         *ebb_trajectory_get_sessions       (const EbbTrajectory *self);

guint              ebb_trajectory_get_n_episodes     (const EbbTrajectory *self);
const EbbEpisode  *ebb_trajectory_get_episode        (const EbbTrajectory *self,
                                                      guint                index);
void               ebb_trajectory_get_durability     (const EbbTrajectory *self,
                                                      EbbDurability       *durability);
const EbbProjection *ebb_trajectory_get_projection   (const EbbTrajectory *self);
EbbResponseStatus  ebb_trajectory_get_status         (const EbbTrajectory *self);
int                ebb_trajectory_get_nadir          (const EbbTrajectory *self);
const EbbSession  *ebb_trajectory_get_next_session   (const EbbTrajectory *self);

/* Every flag up to the as-of date, in time order; projected last. */
GPtrArray         *ebb_trajectory_get_flags          (const EbbTrajectory *self);

const char        *ebb_response_status_to_string     (EbbResponseStatus status);

G_END_DECLS
