/* ebb-timeline.c — one patient's records in the rules' order, as of a day
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-timeline"

#include "config.h"

#include "ebb-timeline.h"

struct _EbbTimeline
{
  gatomicrefcount  ref_count;
  EbbPatient      *patient;
  gint32           as_of;
  EbbRuleSettings  settings;

  /* The caller's arrays, held so that the borrowed rows stay valid. */
  GPtrArray       *held[4];

  EbbSession      *session_views;   /* copies whose strings are borrowed */
  guint            n_session_views;
  int             *view_course;     /* by view: the index of the course it falls in, or -1 */
  GPtrArray       *sessions;        /* EbbSession*, into session_views, in time order */
  GArray          *courses;         /* EbbCourse */
  GArray          *ratings;         /* EbbTimelineRating, §2 order */
  GPtrArray       *ends;            /* EbbCourseEnd*, borrowed, up to the as-of day, by day */
  GPtrArray       *decisions;       /* EbbDecision*, borrowed, up to the as-of day */
  GHashTable      *first_of_day;    /* EbbRating* that are the first of their scale on their day */
};

/* A rating or session on the decision's day without a time counts as
 * after it: a second alert that day opens a flag of its own rather than
 * vanish into one already decided (the safe side of not knowing). */
gboolean
ebb_decision_precedes (const EbbDecision *decision,
                       const EbbWhen     *when)
{
  if (decision->decided.day != when->day)
    return decision->decided.day < when->day;
  if (EBB_WHEN_HAS_TIME (when) && EBB_WHEN_HAS_TIME (&decision->decided))
    return decision->decided.second < when->second;
  return TRUE;
}

static int
compare_sessions (gconstpointer a,
                  gconstpointer b)
{
  const EbbSession *sa = *(const EbbSession **) a;
  const EbbSession *sb = *(const EbbSession **) b;

  if (sa->when.day != sb->when.day)
    return sa->when.day < sb->when.day ? -1 : 1;
  if (sa->when.second != sb->when.second)
    return sa->when.second < sb->when.second ? -1 : 1;
  return sa->id < sb->id ? -1 : sa->id > sb->id;
}

static int
compare_ends (gconstpointer a,
              gconstpointer b)
{
  const EbbCourseEnd *ea = *(const EbbCourseEnd **) a;
  const EbbCourseEnd *eb = *(const EbbCourseEnd **) b;

  if (ea->day != eb->day)
    return ea->day < eb->day ? -1 : 1;
  return ea->id < eb->id ? -1 : ea->id > eb->id;
}

/* The order the ratings were recorded in: file order on import, then entry
 * order, which is their row order; one not yet stored (id 0) is the
 * newest. */
typedef struct
{
  const EbbRating *rating;
  const EbbScale  *scale;
  gint64           recorded;   /* id, or G_MAXINT64 */
  guint            index;      /* in the caller's array: the last tie-break */
  int              side;       /* 0 before the day's dose, 1 after it */
} SortEntry;

static int
compare_recorded (const SortEntry *a,
                  const SortEntry *b)
{
  if (a->recorded != b->recorded)
    return a->recorded < b->recorded ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

static int
compare_by_day_then_recorded (gconstpointer a,
                              gconstpointer b)
{
  const SortEntry *ea = a, *eb = b;

  if (ea->rating->when.day != eb->rating->when.day)
    return ea->rating->when.day < eb->rating->when.day ? -1 : 1;
  return compare_recorded (ea, eb);
}

/* §2 order: by day; on a dose's day, the ratings before it, then those
 * after it; on each side, in the order recorded. */
static int
compare_rules_order (gconstpointer a,
                     gconstpointer b)
{
  const SortEntry *ea = a, *eb = b;

  if (ea->rating->when.day != eb->rating->when.day)
    return ea->rating->when.day < eb->rating->when.day ? -1 : 1;
  if (ea->side != eb->side)
    return ea->side - eb->side;
  return compare_recorded (ea, eb);
}

/**
 * ebb_timeline_rating_is_before:
 *
 * §2: a rating and a session on different days are ordered by day.  On
 * the same day, what the clinician said (before or after the dose) wins;
 * then the times, when both have one; otherwise the first rating of each
 * scale that day is the pre-dose one, and any further one is after.
 */
gboolean
ebb_timeline_rating_is_before (const EbbTimeline *self,
                               const EbbRating   *rating,
                               const EbbSession  *session)
{
  if (rating->when.day != session->when.day)
    return rating->when.day < session->when.day;
  if (rating->dose_relation == EBB_DOSE_RELATION_BEFORE)
    return TRUE;
  if (rating->dose_relation == EBB_DOSE_RELATION_AFTER)
    return FALSE;
  if (EBB_WHEN_HAS_TIME (&rating->when) && EBB_WHEN_HAS_TIME (&session->when))
    return rating->when.second <= session->when.second;
  return g_hash_table_contains (self->first_of_day, rating);
}

static void
collect_sessions (EbbTimeline *self,
                  GPtrArray   *sessions)
{
  guint n = sessions != NULL ? sessions->len : 0;

  self->session_views = g_new0 (EbbSession, MAX (n, 1));
  self->n_session_views = n;
  self->sessions = g_ptr_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      EbbSession *view = &self->session_views[i];

      *view = *(const EbbSession *) g_ptr_array_index (sessions, i);
      /* §2: on the as-of day, anything later was on the calendar. */
      if (view->when.day > self->as_of)
        view->status = EBB_SESSION_SCHEDULED;
      g_ptr_array_add (self->sessions, view);
    }
  g_ptr_array_sort (self->sessions, compare_sessions);
}

static void
collect_ends_and_decisions (EbbTimeline *self,
                            GPtrArray   *ends,
                            GPtrArray   *decisions)
{
  self->ends = g_ptr_array_new ();
  for (guint i = 0; ends != NULL && i < ends->len; i++)
    {
      const EbbCourseEnd *end = g_ptr_array_index (ends, i);

      if (end->day <= self->as_of)
        g_ptr_array_add (self->ends, (gpointer) end);
    }
  g_ptr_array_sort (self->ends, compare_ends);

  /* §5: a decision carries its day; a replay before it does not see it. */
  self->decisions = g_ptr_array_new ();
  for (guint i = 0; decisions != NULL && i < decisions->len; i++)
    {
      const EbbDecision *decision = g_ptr_array_index (decisions, i);

      if (decision->decided.day <= self->as_of)
        g_ptr_array_add (self->decisions, (gpointer) decision);
    }
}

/* Whether an end was recorded on or after @from and before @to. */
static gboolean
has_end_between (EbbTimeline *self,
                 gint32       from,
                 gint32       to)
{
  for (guint i = 0; i < self->ends->len; i++)
    {
      const EbbCourseEnd *end = g_ptr_array_index (self->ends, i);

      if (end->day >= from && end->day < to)
        return TRUE;
    }
  return FALSE;
}

/* §3: a course starts at the first done session, after a gap of the
 * course-gap setting, at a re-induction, and after a recorded end. */
static void
find_courses (EbbTimeline *self)
{
  const EbbSession *previous = NULL;
  EbbCourse *course = NULL;

  self->courses = g_array_new (FALSE, TRUE, sizeof (EbbCourse));

  for (guint i = 0; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);
      gboolean starts;

      if (session->status != EBB_SESSION_DONE)
        continue;

      starts = previous == NULL ||
               session->when.day - previous->when.day >= self->settings.course_gap_days ||
               (session->phase == EBB_PHASE_INDUCTION && previous->phase != EBB_PHASE_INDUCTION) ||
               has_end_between (self, previous->when.day, session->when.day);
      if (starts)
        {
          EbbCourse fresh = { .t0 = session, .previous_done = previous };

          g_array_append_val (self->courses, fresh);
          course = &g_array_index (self->courses, EbbCourse, self->courses->len - 1);
        }
      course->last_done = session;
      course->n_done++;
      previous = session;
    }

  /* Which course each session falls in, once: the rules ask often. */
  self->view_course = g_new (int, MAX (self->n_session_views, 1));
  for (guint i = 0, c = 0; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      while (c < self->courses->len &&
             g_array_index (self->courses, EbbCourse, c).t0 != NULL &&
             compare_sessions (&g_array_index (self->courses, EbbCourse, c).t0, &session) <= 0)
        c++;
      self->view_course[session - self->session_views] = (int) c - 1;
    }

  /* An end belongs to the course it falls in (§6): the first on or after
   * the course's start and before the next course's. */
  for (guint i = 0; i < self->courses->len; i++)
    {
      EbbCourse *c = &g_array_index (self->courses, EbbCourse, i);
      gint32 next_start = i + 1 < self->courses->len
        ? g_array_index (self->courses, EbbCourse, i + 1).t0->when.day
        : G_MAXINT32;

      for (guint j = 0; j < self->ends->len && c->end == NULL; j++)
        {
          const EbbCourseEnd *end = g_ptr_array_index (self->ends, j);

          if (end->day >= c->t0->when.day && end->day < next_start)
            c->end = end;
        }
    }
}

/* The first rating of each scale on each day, in the order recorded;
 * @entries are sorted by day, then as recorded. */
static void
mark_first_of_day (EbbTimeline *self,
                   GArray      *entries)
{
  self->first_of_day = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < entries->len; i++)
    {
      const SortEntry *entry = &g_array_index (entries, SortEntry, i);
      gboolean first = TRUE;

      for (guint j = i; j-- > 0; )
        {
          const SortEntry *earlier = &g_array_index (entries, SortEntry, j);

          if (earlier->rating->when.day != entry->rating->when.day)
            break;
          if (earlier->scale == entry->scale)
            {
              first = FALSE;
              break;
            }
        }
      if (first)
        g_hash_table_add (self->first_of_day, (gpointer) entry->rating);
    }
}

/* Which side of the day's dose each rating is on; @entries are sorted by
 * day. */
static void
set_dose_sides (EbbTimeline *self,
                GArray      *entries)
{
  for (guint i = 0, s = 0; i < entries->len; i++)
    {
      SortEntry *entry = &g_array_index (entries, SortEntry, i);

      while (s < self->sessions->len &&
             ((const EbbSession *) g_ptr_array_index (self->sessions, s))->when.day < entry->rating->when.day)
        s++;
      for (guint j = s; j < self->sessions->len; j++)
        {
          const EbbSession *session = g_ptr_array_index (self->sessions, j);

          if (session->when.day != entry->rating->when.day)
            break;
          if (session->status == EBB_SESSION_DONE)
            {
              entry->side = ebb_timeline_rating_is_before (self, entry->rating, session) ? 0 : 1;
              break;
            }
        }
    }
}

/* One rating among the sessions: the done session before it, the next
 * boundary after it and its course.  Ratings come in order, so the
 * sessions before each one only grow: *@next and *@last_done carry the
 * pass over both lists from one rating to the next. */
static EbbTimelineRating
place_rating (EbbTimeline       *self,
              const SortEntry   *entry,
              guint             *next,
              const EbbSession **last_done)
{
  const EbbRating *record = entry->rating;
  EbbTimelineRating rating = { .rating = record, .scale = entry->scale, .course = -1 };

  while (*next < self->sessions->len &&
         !ebb_timeline_rating_is_before (self, record, g_ptr_array_index (self->sessions, *next)))
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, *next);

      if (session->status == EBB_SESSION_DONE)
        *last_done = session;
      (*next)++;
    }
  rating.session = *last_done;
  rating.post_dose = *last_done != NULL && (*last_done)->when.day == record->when.day;
  for (guint j = *next; j < self->sessions->len; j++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, j);

      if (EBB_SESSION_IS_BOUNDARY (session))
        {
          rating.next_session = session;
          break;
        }
    }

  if (*last_done != NULL)
    {
      int course = ebb_timeline_course_of_session (self, *last_done);
      const EbbCourse *c = &g_array_index (self->courses, EbbCourse, course);

      /* §3: after a recorded end and before a new course, none. */
      rating.course = c->end != NULL && record->when.day > c->end->day ? -1 : course;
    }
  return rating;
}

static void
collect_ratings (EbbTimeline *self,
                 GPtrArray   *ratings)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (SortEntry));
  guint next = 0;                       /* first session not before the current rating */
  const EbbSession *last_done = NULL;

  for (guint i = 0; ratings != NULL && i < ratings->len; i++)
    {
      const EbbRating *rating = g_ptr_array_index (ratings, i);
      SortEntry entry = { rating, NULL, rating->id > 0 ? rating->id : G_MAXINT64, i, 0 };

      if (rating->when.day > self->as_of || (entry.scale = ebb_scale_lookup (rating->scale_id)) == NULL)
        continue;
      g_array_append_val (entries, entry);
    }

  g_array_sort (entries, compare_by_day_then_recorded);
  mark_first_of_day (self, entries);
  set_dose_sides (self, entries);
  g_array_sort (entries, compare_rules_order);

  self->ratings = g_array_sized_new (FALSE, TRUE, sizeof (EbbTimelineRating), entries->len);
  for (guint i = 0; i < entries->len; i++)
    {
      EbbTimelineRating rating = place_rating (self, &g_array_index (entries, SortEntry, i), &next, &last_done);

      g_array_append_val (self->ratings, rating);
    }
}

/**
 * ebb_timeline_new:
 * @records: the patient's records; the arrays are held, not copied, and
 *   must not change while the timeline lives
 * @as_of_day: the day the question is asked on
 * @settings: (nullable): the clinic's rule settings, %NULL for the defaults
 */
EbbTimeline *
ebb_timeline_new (const EbbPatientRecords *records,
                  gint32                   as_of_day,
                  const EbbRuleSettings   *settings)
{
  EbbTimeline *self;

  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (records->patient != NULL, NULL);
  g_return_val_if_fail (as_of_day > 0, NULL);

  self = g_new0 (EbbTimeline, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->patient = ebb_patient_copy (records->patient);
  self->as_of = as_of_day;
  if (settings != NULL)
    self->settings = *settings;
  else
    ebb_rule_settings_init_defaults (&self->settings);
  self->held[0] = records->sessions ? g_ptr_array_ref (records->sessions) : NULL;
  self->held[1] = records->ratings ? g_ptr_array_ref (records->ratings) : NULL;
  self->held[2] = records->course_ends ? g_ptr_array_ref (records->course_ends) : NULL;
  self->held[3] = records->decisions ? g_ptr_array_ref (records->decisions) : NULL;

  collect_sessions (self, records->sessions);
  collect_ends_and_decisions (self, records->course_ends, records->decisions);
  find_courses (self);
  collect_ratings (self, records->ratings);
  return self;
}

EbbTimeline *
ebb_timeline_ref (EbbTimeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ebb_timeline_unref (EbbTimeline *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_clear_pointer (&self->patient, ebb_patient_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->held); i++)
    g_clear_pointer (&self->held[i], g_ptr_array_unref);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->session_views, g_free);
  g_clear_pointer (&self->view_course, g_free);
  g_clear_pointer (&self->courses, g_array_unref);
  g_clear_pointer (&self->ratings, g_array_unref);
  g_clear_pointer (&self->ends, g_ptr_array_unref);
  g_clear_pointer (&self->decisions, g_ptr_array_unref);
  g_clear_pointer (&self->first_of_day, g_hash_table_unref);
  g_free (self);
}

const EbbPatient *
ebb_timeline_get_patient (const EbbTimeline *self)
{
  return self->patient;
}

gint32
ebb_timeline_get_as_of (const EbbTimeline *self)
{
  return self->as_of;
}

const EbbRuleSettings *
ebb_timeline_get_settings (const EbbTimeline *self)
{
  return &self->settings;
}

GPtrArray *
ebb_timeline_get_sessions (const EbbTimeline *self)
{
  return self->sessions;
}

guint
ebb_timeline_get_n_courses (const EbbTimeline *self)
{
  return self->courses->len;
}

const EbbCourse *
ebb_timeline_get_course (const EbbTimeline *self,
                         guint              index)
{
  g_return_val_if_fail (index < self->courses->len, NULL);
  return &g_array_index (self->courses, EbbCourse, index);
}

/* Returns: the index of the course a session falls in, or -1 */
int
ebb_timeline_course_of_session (const EbbTimeline *self,
                                const EbbSession  *session)
{
  if (session >= self->session_views && session < self->session_views + self->n_session_views)
    return self->view_course[session - self->session_views];

  /* A session from outside the timeline: find it by its time. */
  {
    int found = -1;

    for (guint i = 0; i < self->courses->len; i++)
      {
        const EbbCourse *c = &g_array_index (self->courses, EbbCourse, i);

        if (compare_sessions (&c->t0, &session) <= 0)
          found = i;
      }
    return found;
  }
}

guint
ebb_timeline_get_n_ratings (const EbbTimeline *self)
{
  return self->ratings->len;
}

const EbbTimelineRating *
ebb_timeline_get_rating (const EbbTimeline *self,
                         guint              index)
{
  g_return_val_if_fail (index < self->ratings->len, NULL);
  return &g_array_index (self->ratings, EbbTimelineRating, index);
}

GPtrArray *
ebb_timeline_get_course_ends (const EbbTimeline *self)
{
  return self->ends;
}

/**
 * ebb_timeline_end_closing:
 *
 * §5: every kind but suicide-item is closed by a course end on or after
 * its date.
 *
 * Returns: the day of the first end on or after @day, or 0
 */
gint32
ebb_timeline_end_closing (const EbbTimeline *self,
                          gint32             day)
{
  for (guint i = 0; i < self->ends->len; i++)
    {
      const EbbCourseEnd *end = g_ptr_array_index (self->ends, i);

      if (end->day >= day)
        return end->day;
    }
  return 0;
}

/**
 * ebb_timeline_is_after_end:
 *
 * §6: no follow-up flags after a course was recorded as ended, until a
 * done session starts a new one.
 *
 * Returns: whether @day falls after an end with no done session since
 */
gboolean
ebb_timeline_is_after_end (const EbbTimeline *self,
                           gint32             day)
{
  gint32 latest_end = 0;

  for (guint i = 0; i < self->ends->len; i++)
    {
      const EbbCourseEnd *end = g_ptr_array_index (self->ends, i);

      if (end->day < day)
        latest_end = end->day;
    }
  if (latest_end == 0)
    return FALSE;
  for (guint i = 0; i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (session->status == EBB_SESSION_DONE && session->when.day > latest_end && session->when.day <= day)
        return FALSE;
    }
  return TRUE;
}

/* Returns: (nullable): the decision recorded on @flag up to the as-of day */
const EbbDecision *
ebb_timeline_find_decision (const EbbTimeline *self,
                            const EbbFlag     *flag)
{
  for (guint i = 0; i < self->decisions->len; i++)
    {
      const EbbDecision *decision = g_ptr_array_index (self->decisions, i);

      if (decision->patient_id == self->patient->id && decision->id != flag->closed_predecessor &&
          ebb_flag_matches_decision (flag, decision))
        return decision;
    }
  return NULL;
}

/**
 * ebb_timeline_settle_flag:
 * @flag: a flag whose resolved_day says when the data closed it (0: not)
 *
 * Gives @flag its state on the as-of day (§5): a course end on or after
 * it closes every kind but suicide-item; a decision, if one was recorded
 * while it was open, decides it.
 */
void
ebb_timeline_settle_flag (const EbbTimeline *self,
                          EbbFlag           *flag)
{
  const EbbDecision *decision;

  g_free (flag->patient_code);
  flag->patient_code = g_strdup (self->patient->code);

  if (flag->kind != EBB_FLAG_SUICIDE_ITEM)
    {
      gint32 end = ebb_timeline_end_closing (self, flag->day);

      if (end != 0 && (flag->resolved_day == 0 || end < flag->resolved_day))
        flag->resolved_day = end;
    }

  decision = ebb_timeline_find_decision (self, flag);
  if (decision != NULL && (flag->resolved_day == 0 || decision->decided.day <= flag->resolved_day))
    {
      flag->state = EBB_FLAG_STATE_DECIDED;
      g_clear_pointer (&flag->decision, ebb_decision_free);
      flag->decision = ebb_decision_copy (decision);
    }
  else if (flag->resolved_day != 0)
    flag->state = EBB_FLAG_STATE_RESOLVED;
  else
    flag->state = EBB_FLAG_STATE_OPEN;
}
