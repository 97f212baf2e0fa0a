/* ebb-timeline.h — one patient's records in the rules' order, as of a day
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every rule needs before it looks at a score: the sessions as they
 * stood on the as-of day (§2: later ones count as booked), the courses
 * (§3), the ratings in §2's order with their session, next session, course
 * and whether they were taken after a dose that day, and the course ends
 * and decisions the as-of day can see.  The trajectories of each scale and
 * the patient's follow-up and blood-pressure flags all read one timeline,
 * so they agree on these by construction.
 */
#pragma once

#include <glib.h>

#include "ebb-flag.h"
#include "ebb-patient-records.h"
#include "ebb-rule-settings.h"

G_BEGIN_DECLS

typedef struct
{
  const EbbSession   *t0;               /* the first done session */
  const EbbSession   *last_done;        /* its last done session up to the as-of day */
  const EbbSession   *previous_done;    /* the previous course's last done session, or NULL */
  guint               n_done;
  const EbbCourseEnd *end;              /* the recorded end that closed it, or NULL */
} EbbCourse;

typedef struct
{
  const EbbRating  *rating;
  const EbbScale   *scale;          /* the score's, looked up once */
  int               course;         /* index of the course it follows, -1 before any or after an end */
  gboolean          post_dose;      /* taken after a done session on that session's day */
  const EbbSession *session;        /* the last done session before it, or NULL */
  const EbbSession *next_session;   /* the first done or booked session after it, or NULL */
} EbbTimelineRating;

typedef struct _EbbTimeline EbbTimeline;

EbbTimeline       *ebb_timeline_new            (const EbbPatientRecords *records,
                                                gint32                   as_of_day,
                                                const EbbRuleSettings   *settings);
EbbTimeline       *ebb_timeline_ref            (EbbTimeline       *self);
void               ebb_timeline_unref          (EbbTimeline       *self);

const EbbPatient  *ebb_timeline_get_patient    (const EbbTimeline *self);
gint32             ebb_timeline_get_as_of      (const EbbTimeline *self);
const EbbRuleSettings *ebb_timeline_get_settings (const EbbTimeline *self);
/* Every session in time order as on the as-of day: those after it have
 * status scheduled, whatever they became. */
GPtrArray         *ebb_timeline_get_sessions   (const EbbTimeline *self);
guint              ebb_timeline_get_n_courses  (const EbbTimeline *self);
const EbbCourse   *ebb_timeline_get_course     (const EbbTimeline *self,
                                                guint              index);
int                ebb_timeline_course_of_session (const EbbTimeline *self,
                                                const EbbSession  *session);
/* Ratings up to the as-of day, every scale, in §2's order. */
guint                    ebb_timeline_get_n_ratings    (const EbbTimeline *self);
const EbbTimelineRating *ebb_timeline_get_rating       (const EbbTimeline *self,
                                                        guint              index);
gboolean                 ebb_timeline_rating_is_before (const EbbTimeline *self,
                                                        const EbbRating   *rating,
                                                        const EbbSession  *session);
/* Course ends up to the as-of day, by day. */
GPtrArray         *ebb_timeline_get_course_ends (const EbbTimeline *self);
gint32             ebb_timeline_end_closing    (const EbbTimeline *self,
                                                gint32             day);
gboolean           ebb_timeline_is_after_end   (const EbbTimeline *self,
                                                gint32             day);
/* Decisions recorded up to the as-of day. */
const EbbDecision *ebb_timeline_find_decision  (const EbbTimeline *self,
                                                const EbbFlag     *flag);
void               ebb_timeline_settle_flag    (const EbbTimeline *self,
                                                EbbFlag           *flag);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbTimeline, ebb_timeline_unref)

/* Whether a decision was recorded before a moment: a rating or session on
 * the decision's day comes after it only when its time says so. */
gboolean           ebb_decision_precedes       (const EbbDecision *decision,
                                                const EbbWhen     *when);

G_END_DECLS
