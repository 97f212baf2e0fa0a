/* ebb-trajectory.h — one patient × one scale under the clinical rules (§2–§4)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This is the one place where baselines, response, worsening, relapse,
 * non-response, fading, projection and suicide items are decided, course
 * by course.  The command line, the window, the chart and the report all
 * read their answers from an EbbTrajectory; the patient's follow-up and
 * blood-pressure flags are in ebb-flags.c, on the same timeline.
 */
#pragma once

#include <glib.h>

#include "ebb-flag.h"
#include "ebb-patient.h"
#include "ebb-rule-settings.h"
#include "ebb-scale.h"
#include "ebb-rating.h"
#include "ebb-session.h"
#include "ebb-timeline.h"

G_BEGIN_DECLS

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

/* One course of treatment as one scale sees it (§3). */
typedef struct
{
  const EbbCourse   *course;
  EbbBaselineStatus  baseline_status;
  const EbbRating   *baseline;       /* when OK or ZERO */
  double             threshold;      /* B × (1 − r), NAN without a baseline */
} EbbCourseBaseline;

/* One rating as the rules see it. */
typedef struct
{
  const EbbRating  *rating;
  int               course;         /* index of its course, -1 for none (§3) */
  gboolean          after_t0;       /* in a course: after its first dose */
  gboolean          post_dose;      /* after a dose on that dose's day (§2): kept out of response */
  double            change_percent; /* (B − score) / B × 100 in its course; NAN without a baseline */
  gboolean          responding;
  gboolean          remission;
  gboolean          suicide_alert;  /* the alert item reached the alert level */
  gboolean          alert_implied;  /* …as the total proves (§1), not as recorded */
  gboolean          alert_unrecorded; /* the scale has an alert item and it was not recorded */
  int               alert_value;    /* the item's value, the implied minimum, or -1 */
  const EbbSession *session;        /* last done session before it, or NULL */
  const EbbSession *next_session;   /* first done or booked session after it, or NULL */
} EbbTrajectoryPoint;

/* One response episode: from a responding rating until it fades. */
typedef struct
{
  int    course;
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
  const EbbSession *next_session;  /* Sk+1: the first booked session after it */
  guint  first_point;              /* the fit runs over points first_point..last */
  guint  last_point;
  guint  n_points;                 /* how many ratings the fit rests on */
  double intercept;                /* a, in score points */
  double slope;                    /* b, points per day since Sk */
  gint32 fade_day;                 /* the projected fade date, or 0 when the trend does not cross */
} EbbProjection;

typedef struct _EbbTrajectory EbbTrajectory;

EbbTrajectory *ebb_trajectory_new              (const EbbPatient        *patient,
                                                const EbbScale          *scale,
                                                GPtrArray               *sessions,
                                                GPtrArray               *ratings,
                                                gint32                   as_of_day,
                                                const EbbRuleSettings   *settings);
EbbTrajectory *ebb_trajectory_new_for_records  (const EbbPatientRecords *records,
                                                const EbbScale          *scale,
                                                gint32                   as_of_day,
                                                const EbbRuleSettings   *settings);
EbbTrajectory *ebb_trajectory_new_for_timeline (EbbTimeline             *timeline,
                                                const EbbScale          *scale);
void           ebb_trajectory_free             (EbbTrajectory           *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbTrajectory, ebb_trajectory_free)

EbbTimeline       *ebb_trajectory_get_timeline       (const EbbTrajectory *self);
const EbbPatient  *ebb_trajectory_get_patient        (const EbbTrajectory *self);
const EbbScale    *ebb_trajectory_get_scale          (const EbbTrajectory *self);
gint32             ebb_trajectory_get_as_of          (const EbbTrajectory *self);

/* Courses, oldest first; the accessors below without a course speak of
 * the current one, the latest up to the as-of day. */
guint                    ebb_trajectory_get_n_courses           (const EbbTrajectory *self);
const EbbCourseBaseline *ebb_trajectory_get_course              (const EbbTrajectory *self,
                                                                 guint                index);
const EbbSession        *ebb_trajectory_get_treatment_start     (const EbbTrajectory *self);
EbbBaselineStatus        ebb_trajectory_get_baseline_status     (const EbbTrajectory *self);
const EbbRating         *ebb_trajectory_get_baseline            (const EbbTrajectory *self);
char                    *ebb_trajectory_describe_baseline       (const EbbTrajectory *self);
char                    *ebb_trajectory_describe_response_level (const EbbTrajectory *self);
char                    *ebb_trajectory_describe_relapse_level  (const EbbTrajectory *self);
double                   ebb_trajectory_get_threshold           (const EbbTrajectory *self);
int                      ebb_trajectory_get_threshold_points    (const EbbTrajectory *self);
int                      ebb_trajectory_get_meaningful_change   (const EbbTrajectory *self);
double                   ebb_trajectory_get_response_fraction   (const EbbTrajectory *self);
int                      ebb_trajectory_get_remission_max       (const EbbTrajectory *self);

guint                     ebb_trajectory_get_n_points (const EbbTrajectory *self);
const EbbTrajectoryPoint *ebb_trajectory_get_point    (const EbbTrajectory *self,
                                                       guint                index);
/* Sessions of the patient in time order as on the as-of day (later ones
 * booked); every status, for the chart. */
GPtrArray         *ebb_trajectory_get_sessions       (const EbbTrajectory *self);

guint              ebb_trajectory_get_n_episodes     (const EbbTrajectory *self);
const EbbEpisode  *ebb_trajectory_get_episode        (const EbbTrajectory *self,
                                                      guint                index);
void               ebb_trajectory_get_durability     (const EbbTrajectory *self,
                                                      EbbDurability       *durability);
void               ebb_trajectory_get_course_durability (const EbbTrajectory *self,
                                                      int                  course,
                                                      EbbDurability       *durability);
const EbbProjection *ebb_trajectory_get_projection   (const EbbTrajectory *self);
EbbResponseStatus  ebb_trajectory_get_status         (const EbbTrajectory *self);
int                ebb_trajectory_get_nadir          (const EbbTrajectory *self);
const EbbSession  *ebb_trajectory_get_next_session   (const EbbTrajectory *self);

/* Every flag of this scale up to the as-of date, open or not (each with
 * its state), in time order; a projected one last. */
GPtrArray         *ebb_trajectory_get_flags          (const EbbTrajectory *self);

const char        *ebb_response_status_to_string     (EbbResponseStatus status);

int                ebb_rating_alert_value            (const EbbRating   *rating,
                                                      const EbbScale    *scale,
                                                      gboolean          *implied);

/* "response needs 10 or less (half of baseline 21)": shared with the
 * flags' explanations and the window. */
char              *ebb_describe_response_need        (int                threshold_points,
                                                      int                baseline,
                                                      double             response_fraction);

G_END_DECLS
