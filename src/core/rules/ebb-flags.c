/* ebb-flags.c — a patient's flags, the clinic scanned, and who needs attention
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rating-based kinds come from each scale's trajectory; the kinds
 * about sessions (missed, unrecorded, lapsed, blood-pressure) are here, on
 * the same timeline.  Every flag leaves with its state on the as-of day.
 */
#define G_LOG_DOMAIN "ebb-flags"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-flags-private.h"

G_DEFINE_QUARK (ebb-flags-error-quark, ebb_flags_error)

/* §4.6 lapsed: the limit is 1.5 intervals, and at least this many days. */
#define LAPSED_MIN_DAYS 14

/* GPtrArray sorts hand their comparators pointers to the elements. */
static int
compare_for_csv_cb (gconstpointer a,
                    gconstpointer b)
{
  return ebb_flag_compare_for_csv (*(const EbbFlag **) a, *(const EbbFlag **) b);
}

static int
compare_urgency_cb (gconstpointer a,
                    gconstpointer b)
{
  return ebb_flag_compare_urgency (*(const EbbFlag **) a, *(const EbbFlag **) b);
}

static char *
format_day (gint32 day)
{
  return day > 0 ? ebb_date_format (day) : g_strdup ("");
}

static EbbFlag *
add_flag (GPtrArray   *flags,
          EbbFlagKind  kind,
          gint32       day,
          gint32       session_day)
{
  EbbFlag *flag = ebb_flag_new (kind, NULL, day);

  flag->session_day = session_day;
  g_ptr_array_add (flags, flag);
  return flag;
}

/* §4.6 Follow-up ------------------------------------------------------------- */

/* A booked session this many days past with no record. */
static void
flag_unrecorded (EbbTimeline *timeline,
                 GPtrArray   *flags)
{
  GPtrArray *sessions = ebb_timeline_get_sessions (timeline);
  const gint32 as_of = ebb_timeline_get_as_of (timeline);
  const int grace = ebb_timeline_get_settings (timeline)->unrecorded_days;

  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      g_autofree char *date = NULL;
      EbbFlag *flag;

      if (session->status != EBB_SESSION_SCHEDULED || as_of - session->when.day < grace ||
          ebb_timeline_is_after_end (timeline, session->when.day))
        continue;
      date = format_day (session->when.day);
      flag = add_flag (flags, EBB_FLAG_UNRECORDED, session->when.day, session->when.day);
      /* Translators: "The session booked for 2026-03-10 has no record." */
      flag->detail = g_strdup_printf (_("The session booked for %s has no record."), date);
      flag->suggestion = g_strdup (_("Record what happened."));
    }
}

/* The two latest sessions that were done or missed were both missed: one
 * flag for each run of misses, dated its first. */
static void
flag_missed (EbbTimeline *timeline,
             GPtrArray   *flags)
{
  GPtrArray *sessions = ebb_timeline_get_sessions (timeline);
  const EbbSession *run_first = NULL;
  EbbFlag *flag = NULL;
  guint run = 0;

  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->status == EBB_SESSION_DONE)
        {
          if (flag != NULL)
            flag->resolved_day = session->when.day;
          flag = NULL;
          run = 0;
          continue;
        }
      if (session->status != EBB_SESSION_MISSED)
        continue;
      if (run++ == 0)
        run_first = session;
      if (run >= 2 && !ebb_timeline_is_after_end (timeline, run_first->when.day))
        {
          g_autofree char *first = format_day (run_first->when.day);
          g_autofree char *last = format_day (session->when.day);

          if (flag == NULL)
            {
              flag = add_flag (flags, EBB_FLAG_MISSED, run_first->when.day, run_first->when.day);
              flag->suggestion = g_strdup (_("Contact the patient."));
            }
          g_free (flag->detail);
          flag->detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       /* Translators: "2 sessions missed in a row, from
                                                        * 2026-04-01 to 2026-04-08." */
                                                       "%u session missed in a row, from %s to %s.",
                                                       "%u sessions missed in a row, from %s to %s.",
                                                       run),
                                          run, first, last);
        }
    }
}

/* Where a lapse stands on the timeline's day: the last done session, the
 * interval before it, the flag's date and the first day it is open. */
typedef struct
{
  const EbbSession *last;
  gboolean          gap_in_course;   /* the course's last two done sessions gave the gap */
  int               gap;
  gint32            flag_day;
  gint32            first_open_day;
} Lapse;

/* %FALSE when no lapse can be open on the timeline's day or later while
 * the records stay as they are: no done session, or a session after the
 * day.  On any earlier day a later session would have counted as booked
 * (§2), so the only lapse the history can hold is after the patient's
 * last session. */
static gboolean
find_lapse (EbbTimeline *timeline,
            Lapse       *lapse)
{
  GPtrArray *sessions = ebb_timeline_get_sessions (timeline);
  const EbbSession *before_last = NULL;
  gint32 latest_day = 0;
  gboolean booked_on_latest = FALSE;
  int course, limit;

  memset (lapse, 0, sizeof *lapse);
  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      latest_day = MAX (latest_day, session->when.day);
      if (session->status == EBB_SESSION_DONE)
        {
          before_last = lapse->last;
          lapse->last = session;
        }
    }
  if (lapse->last == NULL || latest_day > ebb_timeline_get_as_of (timeline))
    return FALSE;
  /* A session booked for the day itself is booked too: the patient is
   * expected today. */
  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      booked_on_latest |= session->when.day == latest_day && session->status == EBB_SESSION_SCHEDULED;
    }

  course = ebb_timeline_course_of_session (timeline, lapse->last);
  lapse->gap_in_course = before_last != NULL && ebb_timeline_course_of_session (timeline, before_last) == course;
  lapse->gap = lapse->gap_in_course ? lapse->last->when.day - before_last->when.day : LAPSED_MIN_DAYS;
  limit = MAX (LAPSED_MIN_DAYS, (3 * lapse->gap + 1) / 2);
  lapse->flag_day = lapse->last->when.day + limit + 1;
  lapse->first_open_day = MAX (lapse->flag_day, booked_on_latest ? latest_day + 1 : latest_day);
  return TRUE;
}

/* No session booked after the as-of day, the course not ended, and more
 * than 1.5 intervals since the last done session. */
static void
flag_lapsed (EbbTimeline *timeline,
             GPtrArray   *flags)
{
  const gint32 as_of = ebb_timeline_get_as_of (timeline);
  GPtrArray *ends = ebb_timeline_get_course_ends (timeline);
  g_autofree char *date = NULL;
  const EbbSession *last;
  EbbFlag *flag;
  Lapse lapse;

  if (!find_lapse (timeline, &lapse) || lapse.first_open_day > as_of)
    return;
  last = lapse.last;
  for (guint i = 0; i < ends->len; i++)
    {
      const EbbCourseEnd *end = g_ptr_array_index (ends, i);

      if (end->day >= last->when.day && end->day <= lapse.first_open_day)
        return;
    }

  date = format_day (last->when.day);
  flag = add_flag (flags, EBB_FLAG_LAPSED, lapse.flag_day, last->when.day);
  if (lapse.gap_in_course)
    flag->detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 /* Translators: "No session since 2026-03-13 (68 days; the
                                                  * last interval was 28) and nothing booked." */
                                                 "No session since %s (%d day; the last interval was %d) "
                                                 "and nothing booked.",
                                                 "No session since %s (%d days; the last interval was %d) "
                                                 "and nothing booked.",
                                                 as_of - last->when.day),
                                    date, as_of - last->when.day, lapse.gap);
  else
    flag->detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 /* Translators: "No session since 2026-03-13 (68 days; the
                                                  * course's only session) and nothing booked." */
                                                 "No session since %s (%d day; the course's only session) "
                                                 "and nothing booked.",
                                                 "No session since %s (%d days; the course's only session) "
                                                 "and nothing booked.",
                                                 as_of - last->when.day),
                                    date, as_of - last->when.day);
  flag->suggestion = g_strdup (_("Book the next session or record the end of the course."));
}

/* §4.7 Blood pressure ------------------------------------------------------------ */

static gboolean
at_or_above (int                systolic,
             int                diastolic,
             const EbbPressure *limit)
{
  return systolic >= limit->systolic || diastolic >= limit->diastolic;
}

static gboolean
above (int                systolic,
       int                diastolic,
       const EbbPressure *limit)
{
  return systolic > limit->systolic || diastolic > limit->diastolic;
}

static const EbbSession *
next_boundary (GPtrArray *sessions,
               guint      index)
{
  for (guint i = index + 1; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (EBB_SESSION_IS_BOUNDARY (session))
        return session;
    }
  return NULL;
}

/* The two pressures of a session the rule reads (§4.7), as numbers:
 * 0/0 where there is none. */
typedef struct
{
  int before[2];
  int after[2];
} SessionPressures;

/**
 * ebb_flags_session_pressures:
 * @session: a session, read with its readings
 * @settings: the clinic's rule settings
 * @out: (out caller-allocates): the readings the blood-pressure rule reads
 *
 * The two readings of a session the blood-pressure rule (§4.7) reads:
 * the last before dosing, and the highest after it.  Of several after
 * dosing, one at the after-dose limit ranks above one below it (170/115
 * above 175/90: the diastolic is what reaches the limit), then the
 * higher systolic, then the higher diastolic.  The chart's panels show
 * these very readings, so that what is drawn is what the rule judged.
 */
void
ebb_flags_session_pressures (const EbbSession       *session,
                             const EbbRuleSettings  *settings,
                             EbbSessionPressures    *out)
{
  g_return_if_fail (session != NULL);
  g_return_if_fail (settings != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  out->before = ebb_session_pre_dose_reading (session);
  for (guint i = 0; session->readings != NULL && i < session->readings->len; i++)
    {
      const EbbReading *reading = g_ptr_array_index (session->readings, i);
      gboolean reaches;

      if (reading->pre_dose || !ebb_reading_has_pressure (reading))
        continue;
      reaches = at_or_above (reading->systolic, reading->diastolic, &settings->bp_after);
      if (out->after == NULL || (reaches && !out->after_high) ||
          (reaches == out->after_high &&
           (reading->systolic > out->after->systolic ||
            (reading->systolic == out->after->systolic && reading->diastolic > out->after->diastolic))))
        {
          out->after = reading;
          out->after_high = reaches;
        }
    }
  out->before_high = out->before != NULL &&
                     above (out->before->systolic, out->before->diastolic, &settings->bp_before);
}

static void
session_pressures (const EbbSession       *session,
                   const EbbRuleSettings  *settings,
                   SessionPressures       *out)
{
  EbbSessionPressures readings;

  ebb_flags_session_pressures (session, settings, &readings);
  memset (out, 0, sizeof *out);
  if (readings.before != NULL)
    {
      out->before[0] = readings.before->systolic;
      out->before[1] = readings.before->diastolic;
    }
  if (readings.after != NULL)
    {
      out->after[0] = readings.after->systolic;
      out->after[1] = readings.after->diastolic;
    }
}

static void
describe_pressure_flag (EbbFlag                *flag,
                        const EbbSession       *first,
                        const EbbRuleSettings  *settings)
{
  g_autofree char *date = format_day (first->when.day);
  GString *text = g_string_new (NULL);
  SessionPressures p;
  gboolean before;

  session_pressures (first, settings, &p);
  before = p.before[0] > 0 && above (p.before[0], p.before[1], &settings->bp_before);
  if (before)
    /* Translators: "Before dosing 152/94 on 2026-03-02, above 140/90." */
    g_string_append_printf (text, _("Before dosing %d/%d on %s, above %d/%d."),
                            p.before[0], p.before[1], date,
                            settings->bp_before.systolic, settings->bp_before.diastolic);
  else
    /* Translators: "After dosing 184/100 on 2026-03-02, at or above 180/110." */
    g_string_append_printf (text, _("After dosing %d/%d on %s, at or above %d/%d."),
                            p.after[0], p.after[1], date,
                            settings->bp_after.systolic, settings->bp_after.diastolic);
  if (flag->n_events > 1)
    {
      g_autofree char *latest = format_day (flag->latest_day);

      g_string_append_c (text, ' ');
      /* Translators: "Also high on 3 later sessions: 150/92 on 2026-03-16; 162/98 at most." */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "Also high on %u later session: %d/%d on %s; %d/%d at most.",
                                                 "Also high on %u later sessions: %d/%d on %s; %d/%d at most.",
                                                 flag->n_events - 1),
                              flag->n_events - 1, flag->latest_value[0], flag->latest_value[1], latest,
                              flag->highest_value[0], flag->highest_value[1]);
    }
  g_free (flag->detail);
  flag->detail = g_string_free (text, FALSE);
}

/* The highest pressure a session recorded, by systolic then diastolic. */
static void
session_highest (const SessionPressures *p,
                 int                     value[2])
{
  value[0] = p->before[0];
  value[1] = p->before[1];
  if (p->after[0] > value[0] || (p->after[0] == value[0] && p->after[1] > value[1]))
    {
      value[0] = p->after[0];
      value[1] = p->after[1];
    }
}

/* A done session above the limits opens a flag; while it is open later
 * high sessions add to it; a later session with a pressure and every one
 * within the limits closes it.  After a decision, and until such a
 * session, only the treated limit before dosing (or the after-dose limit)
 * opens a new one in that course: a known, treated hypertension does not
 * flag every session. */
static void
flag_blood_pressure (EbbTimeline *timeline,
                     GPtrArray   *flags)
{
  GPtrArray *sessions = ebb_timeline_get_sessions (timeline);
  const EbbRuleSettings *settings = ebb_timeline_get_settings (timeline);
  EbbFlag *open = NULL;
  const EbbSession *first = NULL;
  const EbbDecision *closing = NULL;   /* the decision on the last flag closed */
  gboolean treated = FALSE;
  int course = -1;

  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      SessionPressures p;
      gboolean has_before, has_after;
      gboolean high, opens;
      const EbbDecision *decision;

      if (session->status != EBB_SESSION_DONE)
        continue;
      session_pressures (session, settings, &p);
      has_before = p.before[0] > 0;
      has_after = p.after[0] > 0;
      if (ebb_timeline_course_of_session (timeline, session) != course)
        {
          course = ebb_timeline_course_of_session (timeline, session);
          treated = FALSE;
        }

      high = (has_before && above (p.before[0], p.before[1], &settings->bp_before)) ||
             (has_after && at_or_above (p.after[0], p.after[1], &settings->bp_after));

      decision = open != NULL ? ebb_timeline_find_decision (timeline, open) : NULL;
      if (open != NULL && decision != NULL && ebb_decision_precedes (decision, &session->when))
        {
          open = NULL;
          treated = TRUE;
          closing = decision;
        }

      if (open != NULL)
        {
          if (high)
            {
              int value[2];

              session_highest (&p, value);
              open->n_events++;
              open->latest_day = session->when.day;
              memcpy (open->latest_value, value, sizeof value);
              if (value[0] > open->highest_value[0] ||
                  (value[0] == open->highest_value[0] && value[1] > open->highest_value[1]))
                {
                  memcpy (open->highest_value, value, sizeof value);
                  open->highest_day = session->when.day;
                }
              describe_pressure_flag (open, first, settings);
            }
          else if (has_before || has_after)
            {
              open->resolved_day = session->when.day;
              open = NULL;
            }
          continue;
        }

      if ((has_before || has_after) && !high)
        treated = FALSE;
      opens = treated
        ? (has_before && at_or_above (p.before[0], p.before[1], &settings->bp_before_treated)) ||
          (has_after && at_or_above (p.after[0], p.after[1], &settings->bp_after))
        : high;
      if (opens)
        {
          const EbbSession *next = next_boundary (sessions, i);

          open = add_flag (flags, EBB_FLAG_BLOOD_PRESSURE, session->when.day, session->when.day);
          open->closed_predecessor = closing != NULL ? closing->id : 0;
          open->next_session_day = next != NULL ? next->when.day : 0;
          open->suggestion = g_strdup (_("Weigh the blood-pressure risk before the next dose."));
          open->n_events = 1;
          open->latest_day = open->highest_day = session->when.day;
          session_highest (&p, open->latest_value);
          memcpy (open->highest_value, open->latest_value, sizeof open->highest_value);
          first = session;
          describe_pressure_flag (open, first, settings);
        }
    }
}

/* A patient ------------------------------------------------------------------------ */

/**
 * ebb_flags_for_timeline:
 *
 * Returns: (transfer full) (element-type EbbFlag): every flag of the
 *   patient up to the timeline's day, each with its state, in the command
 *   line's CSV order: every scale the patient was rated on (CADSS
 *   excepted), then the sessions' kinds
 */
GPtrArray *
ebb_flags_for_timeline (EbbTimeline *timeline)
{
  GPtrArray *flags = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);
  const EbbScale *seen[EBB_RULE_SETTINGS_MAX_SCALES] = { NULL };
  guint n_seen = 0;
  guint first_own;

  g_return_val_if_fail (timeline != NULL, flags);

  for (guint i = 0; i < ebb_timeline_get_n_ratings (timeline); i++)
    {
      const EbbScale *scale = ebb_timeline_get_rating (timeline, i)->scale;
      g_autoptr(EbbTrajectory) trajectory = NULL;
      GPtrArray *found;
      gboolean done = FALSE;

      if (scale == NULL || !scale->efficacy)
        continue;
      for (guint j = 0; j < n_seen; j++)
        done |= seen[j] == scale;
      if (done || n_seen == G_N_ELEMENTS (seen))
        continue;
      seen[n_seen++] = scale;

      trajectory = ebb_trajectory_new_for_timeline (timeline, scale);
      /* The trajectory is freed right after: take its flags, not copies. */
      found = ebb_trajectory_get_flags (trajectory);
      while (found->len > 0)
        g_ptr_array_add (flags, g_ptr_array_steal_index (found, 0));
    }

  first_own = flags->len;
  flag_unrecorded (timeline, flags);
  flag_missed (timeline, flags);
  flag_lapsed (timeline, flags);
  flag_blood_pressure (timeline, flags);
  for (guint i = first_own; i < flags->len; i++)
    ebb_timeline_settle_flag (timeline, g_ptr_array_index (flags, i));

  g_ptr_array_sort (flags, compare_for_csv_cb);
  return flags;
}

GPtrArray *
ebb_flags_for_records (const EbbPatientRecords *records,
                       gint32                   as_of_day,
                       const EbbRuleSettings   *settings)
{
  g_autoptr(EbbTimeline) timeline = NULL;

  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (as_of_day > 0, NULL);

  timeline = ebb_timeline_new (records, as_of_day, settings);
  return ebb_flags_for_timeline (timeline);
}

/**
 * ebb_flags_for_patient:
 *
 * ebb_flags_for_records() for a patient with no course ends and no
 * decisions.
 */
GPtrArray *
ebb_flags_for_patient (const EbbPatient      *patient,
                       GPtrArray             *sessions,
                       GPtrArray             *scores,
                       gint32                 as_of_day,
                       const EbbRuleSettings *settings)
{
  EbbPatientRecords records = { patient, sessions, scores, NULL, NULL };

  return ebb_flags_for_records (&records, as_of_day, settings);
}

/* Attention ------------------------------------------------------------------------ */

void
ebb_attention_item_free (EbbAttentionItem *item)
{
  if (item == NULL)
    return;
  g_clear_pointer (&item->patient, ebb_patient_free);
  g_clear_pointer (&item->flags, g_ptr_array_unref);
  g_free (item);
}

const char *
ebb_attention_section_to_label (EbbAttentionSection section)
{
  switch (section)
    {
    case EBB_ATTENTION_NOW: return C_("attention section", "Now");
    case EBB_ATTENTION_EARLIER: return C_("attention section", "Earlier");
    case EBB_ATTENTION_LOST: return C_("attention section", "Lost to Follow-up");
    default: g_return_val_if_reached (NULL);
    }
}

/* §5's sections.  A patient lost to follow-up for months who has a flag
 * of the last two weeks (a suicide item rated by phone, say) is in Now,
 * not folded into one line with the lost: a recent problem is never
 * hidden behind an old one. */
static EbbAttentionSection
section_for (const EbbAttentionItem *item,
             gint32                  as_of)
{
  gboolean recent = item->next_session_day != 0 &&
                    item->next_session_day - as_of <= EBB_ATTENTION_RECENT_DAYS;
  gboolean lost = FALSE;

  for (guint i = 0; i < item->flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (item->flags, i);

      if (flag->kind == EBB_FLAG_LAPSED)
        lost |= as_of - flag->day > EBB_ATTENTION_LOST_DAYS;
      recent |= as_of - flag->day <= EBB_ATTENTION_RECENT_DAYS;
    }
  if (recent)
    return EBB_ATTENTION_NOW;
  return lost ? EBB_ATTENTION_LOST : EBB_ATTENTION_EARLIER;
}

/* Where the patient stands: the latest rating (not post-dose) of @scale,
 * or of any efficacy scale when @scale is NULL. */
static void
find_latest (EbbAttentionItem *item,
             EbbTimeline      *timeline,
             const EbbScale   *scale)
{
  for (guint i = ebb_timeline_get_n_ratings (timeline); i-- > 0; )
    {
      const EbbTimelineRating *rating = ebb_timeline_get_rating (timeline, i);
      const EbbScale *rated = rating->scale;

      if (rating->post_dose || rated == NULL || !rated->efficacy || (scale != NULL && rated != scale))
        continue;
      item->latest_scale = rated;
      item->latest_total = rating->rating->total;
      item->latest_day = rating->rating->when.day;
      return;
    }
}

static EbbAttentionItem *
attention_item_new (EbbTimeline *timeline,
                    GPtrArray   *flags)
{
  g_autoptr(GPtrArray) open = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);
  GPtrArray *sessions = ebb_timeline_get_sessions (timeline);
  const gint32 as_of = ebb_timeline_get_as_of (timeline);
  const EbbFlag *lead;
  EbbAttentionItem *item;
  guint n_courses;

  /* Moved, not copied: these flags are freed right after. */
  for (guint i = 0; i < flags->len; )
    {
      if (ebb_flag_is_open (g_ptr_array_index (flags, i)))
        g_ptr_array_add (open, g_ptr_array_steal_index (flags, i));
      else
        i++;
    }
  if (open->len == 0)
    return NULL;

  g_ptr_array_sort (open, compare_urgency_cb);
  lead = g_ptr_array_index (open, 0);

  item = g_new0 (EbbAttentionItem, 1);
  item->patient = ebb_patient_copy (ebb_timeline_get_patient (timeline));
  item->flags = g_steal_pointer (&open);
  item->suggestion = lead->suggestion;
  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->status == EBB_SESSION_SCHEDULED && session->when.day >= as_of)
        {
          item->next_session_day = session->when.day;
          break;
        }
    }
  item->booked = item->next_session_day != 0;
  n_courses = ebb_timeline_get_n_courses (timeline);
  item->course_ended = n_courses > 0 && ebb_timeline_get_course (timeline, n_courses - 1)->end != NULL;
  find_latest (item, timeline, lead->scale);
  if (item->latest_scale == NULL && lead->scale != NULL)
    find_latest (item, timeline, NULL);
  item->section = section_for (item, as_of);
  return item;
}

/**
 * ebb_attention_item_compare:
 *
 * §5: by section, then the most urgent flag, then the newest first.
 */
int
ebb_attention_item_compare (const EbbAttentionItem *a,
                            const EbbAttentionItem *b)
{
  int cmp;

  if (a->section != b->section)
    return (int) a->section - (int) b->section;
  if ((cmp = ebb_flag_compare_urgency (g_ptr_array_index (a->flags, 0), g_ptr_array_index (b->flags, 0))) != 0)
    return cmp;
  return g_strcmp0 (a->patient->code, b->patient->code);
}

static int
compare_items_cb (gconstpointer a,
                  gconstpointer b)
{
  return ebb_attention_item_compare (*(const EbbAttentionItem **) a, *(const EbbAttentionItem **) b);
}

static gint32
next_booked_day (EbbTimeline *timeline)
{
  GPtrArray *sessions = ebb_timeline_get_sessions (timeline);
  const gint32 as_of = ebb_timeline_get_as_of (timeline);

  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->status == EBB_SESSION_SCHEDULED && session->when.day >= as_of)
        return session->when.day;
    }
  return 0;
}

/* What a scan keeps for the next ------------------------------------------------- */

/* However quiet a patient's records, their line is worked out again
 * after this many days. */
#define KEPT_MAX_DAYS 366

/* The last day on which what the rules say of a patient on the
 * timeline's day (@item: their Attention entry, or NULL when nothing is
 * open) still holds, word for word, while their records stay as they
 * are.  The rules read the day in these places only, each of which ends
 * it:
 * - a record dated after the day comes into view on its day (§2: ratings,
 *   done, missed and cancelled sessions, course ends, decisions), and a
 *   session on the day or after it is the next booked session until then;
 * - a booked session on or before the day becomes unrecorded when it is
 *   the grace old (§4.6);
 * - a lapse opens on its first open day (§4.6), and an open one counts its
 *   days in its text and is lost to follow-up after 90;
 * - Attention's Now holds a flag for 14 days, and a patient whose next
 *   session is within 14 days (§5).
 * Missed sessions and the rating kinds read only what is on or before the
 * day, and a projection only the interval open on it, which the records
 * bound.  test-quiet compares the scans that use this with the rules run
 * on every patient, day after day. */
static gint32
kept_through (EbbTimeline             *timeline,
              const EbbPatientRecords *records,
              const EbbAttentionItem  *item)
{
  const gint32 as_of = ebb_timeline_get_as_of (timeline);
  const int grace = ebb_timeline_get_settings (timeline)->unrecorded_days;
  gint32 through = as_of + KEPT_MAX_DAYS;
  Lapse lapse;

#define HOLDS_UNTIL(day) (through = MIN (through, MAX (as_of, (day))))
  for (guint i = 0; records->sessions != NULL && i < records->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (records->sessions, i);

      if (session->when.day >= as_of)
        HOLDS_UNTIL (session->when.day - 1);
      else if (session->status == EBB_SESSION_SCHEDULED && session->when.day + grace > as_of)
        HOLDS_UNTIL (session->when.day + grace - 1);
    }
  for (guint i = 0; records->ratings != NULL && i < records->ratings->len; i++)
    {
      const EbbRating *rating = g_ptr_array_index (records->ratings, i);

      if (rating->when.day > as_of)
        HOLDS_UNTIL (rating->when.day - 1);
    }
  for (guint i = 0; records->course_ends != NULL && i < records->course_ends->len; i++)
    {
      const EbbCourseEnd *end = g_ptr_array_index (records->course_ends, i);

      if (end->day > as_of)
        HOLDS_UNTIL (end->day - 1);
    }
  for (guint i = 0; records->decisions != NULL && i < records->decisions->len; i++)
    {
      const EbbDecision *decision = g_ptr_array_index (records->decisions, i);

      if (decision->decided.day > as_of)
        HOLDS_UNTIL (decision->decided.day - 1);
    }
  if (find_lapse (timeline, &lapse) && lapse.first_open_day > as_of)
    HOLDS_UNTIL (lapse.first_open_day - 1);

  for (guint i = 0; item != NULL && i < item->flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (item->flags, i);

      if (flag->kind == EBB_FLAG_LAPSED)
        HOLDS_UNTIL (as_of);
      if (as_of - flag->day <= EBB_ATTENTION_RECENT_DAYS)
        HOLDS_UNTIL (flag->day + EBB_ATTENTION_RECENT_DAYS);
    }
  if (item != NULL && item->next_session_day - EBB_ATTENTION_RECENT_DAYS > as_of)
    HOLDS_UNTIL (item->next_session_day - EBB_ATTENTION_RECENT_DAYS - 1);
#undef HOLDS_UNTIL
  return through;
}

/* What a whole-clinic scan finds about one patient, whichever list it is for. */
typedef struct
{
  GPtrArray        *flags;           /* ebb_flags_scan() of every flag: all of them */
  EbbAttentionItem *item;            /* else: the Attention entry, or NULL */
  EbbFollowUp       follow_up;
  gint32            through_day;     /* else: the last day it holds (kept_through()) */
} PatientFound;

static void
patient_found_free (PatientFound *found)
{
  g_clear_pointer (&found->flags, g_ptr_array_unref);
  g_clear_pointer (&found->item, ebb_attention_item_free);
  g_free (found);
}

/* One patient's Attention entry (NULL when nothing is open), with what
 * the patient list and the next scan read of them. */
static void
attention_find (const EbbPatientRecords *records,
                gint32                   as_of_day,
                const EbbRuleSettings   *settings,
                PatientFound            *found)
{
  g_autoptr(EbbTimeline) timeline = ebb_timeline_new (records, as_of_day, settings);
  g_autoptr(GPtrArray) flags = ebb_flags_for_timeline (timeline);
  guint n_courses = ebb_timeline_get_n_courses (timeline);

  found->item = attention_item_new (timeline, flags);
  found->follow_up = (EbbFollowUp) {
    records->patient->id,
    next_booked_day (timeline),
    n_courses > 0 && ebb_timeline_get_course (timeline, n_courses - 1)->end != NULL,
  };
  found->through_day = kept_through (timeline, records, found->item);
}

typedef struct
{
  gint32                 as_of;
  const EbbRuleSettings *settings;
} ScanData;

static void
attention_patient_cb (const EbbPatientRecords *records,
                      GPtrArray               *found,
                      gpointer                 user_data)
{
  const ScanData *data = user_data;
  PatientFound *patient = g_new0 (PatientFound, 1);

  attention_find (records, data->as_of, data->settings, patient);
  g_ptr_array_add (found, patient);
}

/* One kept slot: what it held on the day, and what this scan keeps. */
typedef struct
{
  EbbKeptSlot  slot;
  char        *basis;
  gint64       audit_id;
  GPtrArray   *lines;   /* EbbKeptPatient: held on the day, then what is kept */
  guint        n_new;
} Kept;

static void
kept_clear (Kept *kept)
{
  g_clear_pointer (&kept->basis, g_free);
  g_clear_pointer (&kept->lines, g_ptr_array_unref);
}

static gboolean
kept_load (Kept                  *kept,
           EbbStore              *store,
           EbbKeptSlot            slot,
           const ScanData        *data,
           GError               **error)
{
  kept->slot = slot;
  kept->basis = _ebb_flags_kept_basis (data->settings, slot);
  kept->lines = ebb_store_load_kept_patients (store, slot, kept->basis, data->as_of, &kept->audit_id, error);
  return kept->lines != NULL;
}

/* What the scan's patients and the kept ones come to, in patient order:
 * each patient once, with their Attention entry, if any. */
typedef struct
{
  gint64            patient_id;
  EbbFollowUp       follow_up;
  EbbAttentionItem *item;   /* owned by whoever handed it over */
} ScanEntry;

/* The rules on every patient but those whose line was kept and holds on
 * the day; what this scan found is kept for the next.  @entries gets
 * every patient in id order; the items in it belong to @found or to
 * @kept_items. */
static GPtrArray *
scan_clinic (EbbStore        *store,
             const ScanData  *data,
             GArray         **entries,
             GPtrArray      **kept_items,
             GError         **error)
{
  Kept quiet = { 0 }, flagged = { 0 };
  g_autoptr(GArray) skip = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_attention_item_free);
  g_autoptr(GArray) all = NULL;
  g_autoptr(GPtrArray) kept_quiet = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_kept_patient_free);
  g_autoptr(GPtrArray) kept_flagged = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_kept_patient_free);
  guint q = 0, f = 0, i = 0;

  if (!kept_load (&quiet, store, EBB_KEPT_QUIET, data, error) ||
      !kept_load (&flagged, store, EBB_KEPT_FLAGGED, data, error))
    {
      kept_clear (&quiet);
      kept_clear (&flagged);
      return NULL;
    }

  /* Both kept lists are in id order, and a patient is in one at most
   * (the trail cannot name a change between the two saves of one scan
   * without dropping both). */
  skip = g_array_sized_new (FALSE, FALSE, sizeof (gint64), quiet.lines->len + flagged.lines->len);
  while (q < quiet.lines->len || f < flagged.lines->len)
    {
      EbbKeptPatient *a = q < quiet.lines->len ? g_ptr_array_index (quiet.lines, q) : NULL;
      EbbKeptPatient *b = f < flagged.lines->len ? g_ptr_array_index (flagged.lines, f) : NULL;
      EbbKeptPatient *next = b == NULL || (a != NULL && a->patient_id < b->patient_id) ? a : b;

      if (next == a)
        q++;
      else
        f++;
      if (skip->len > 0 && g_array_index (skip, gint64, skip->len - 1) == next->patient_id)
        continue;
      g_array_append_val (skip, next->patient_id);
    }

  found = ebb_store_scan_for_rules_skipping (store, skip, attention_patient_cb, (gpointer) data,
                                             (GDestroyNotify) patient_found_free, error);
  if (found == NULL)
    {
      kept_clear (&quiet);
      kept_clear (&flagged);
      return NULL;
    }

  /* Merged in id order: the patients scanned, and those kept. */
  all = g_array_sized_new (FALSE, FALSE, sizeof (ScanEntry), found->len + skip->len);
  q = f = 0;
  while (i < found->len || q < quiet.lines->len || f < flagged.lines->len)
    {
      PatientFound *patient = i < found->len ? g_ptr_array_index (found, i) : NULL;
      EbbKeptPatient *a = q < quiet.lines->len ? g_ptr_array_index (quiet.lines, q) : NULL;
      EbbKeptPatient *b = f < flagged.lines->len ? g_ptr_array_index (flagged.lines, f) : NULL;
      gint64 id = G_MAXINT64;
      ScanEntry entry = { 0 };

      if (patient != NULL)
        id = patient->follow_up.patient_id;
      if (a != NULL)
        id = MIN (id, a->patient_id);
      if (b != NULL)
        id = MIN (id, b->patient_id);

      if (patient != NULL && patient->follow_up.patient_id == id)
        {
          EbbKeptPatient *line = g_new0 (EbbKeptPatient, 1);

          entry = (ScanEntry) { id, patient->follow_up, patient->item };
          line->patient_id = id;
          line->from_day = data->as_of;
          line->through_day = patient->through_day;
          line->text = _ebb_flags_kept_text (&patient->follow_up, patient->item);
          if (patient->item != NULL)
            {
              g_ptr_array_add (kept_flagged, line);
              flagged.n_new++;
            }
          else
            {
              g_ptr_array_add (kept_quiet, line);
              quiet.n_new++;
            }
          i++;
        }
      else
        {
          EbbKeptPatient *line = a != NULL && a->patient_id == id ? a : b;
          EbbAttentionItem *item = NULL;

          if (!_ebb_flags_kept_parse (line, &entry.follow_up, &item))
            {
              /* Written by this Ebb, with this basis: never seen. */
              g_set_error (error, EBB_FLAGS_ERROR, EBB_FLAGS_ERROR_NO_SUCH_FLAG,
                           "A line the last scan kept does not read; run the scan again");
              kept_clear (&quiet);
              kept_clear (&flagged);
              return NULL;
            }
          entry.patient_id = id;
          entry.item = item;
          if (item != NULL)
            g_ptr_array_add (items, item);
          if (line == a)
            {
              g_ptr_array_add (kept_quiet, g_steal_pointer (&g_ptr_array_index (quiet.lines, q)));
              q++;
            }
          else
            {
              g_ptr_array_add (kept_flagged, g_steal_pointer (&g_ptr_array_index (flagged.lines, f)));
              f++;
            }
          /* A patient in both lists (never written so) is taken once. */
          if (a != NULL && b != NULL && a->patient_id == b->patient_id)
            {
              if (line == a)
                f++;
              else
                q++;
            }
        }
      g_array_append_val (all, entry);
    }

  /* Kept only when the scan found something new.  A replay of another
   * day replaces what was kept for today, which the next scan of today
   * then works out again: a cost, never a wrong answer. */
  for (guint k = 0; k < 2; k++)
    {
      Kept *slot = k == 0 ? &quiet : &flagged;
      g_autoptr(GError) save_error = NULL;

      if (slot->n_new > 0 &&
          !ebb_store_save_kept_patients (store, slot->slot, slot->basis, slot->audit_id,
                                         k == 0 ? kept_quiet : kept_flagged, &save_error))
        g_debug ("What the scan found was not kept: %s", save_error->message);
    }
  kept_clear (&quiet);
  kept_clear (&flagged);

  *entries = g_steal_pointer (&all);
  *kept_items = g_steal_pointer (&items);
  return g_steal_pointer (&found);
}

/* The clinic ---------------------------------------------------------------------- */

static void
scan_patient_cb (const EbbPatientRecords *records,
                 GPtrArray               *found,
                 gpointer                 user_data)
{
  const ScanData *data = user_data;
  PatientFound *patient = g_new0 (PatientFound, 1);

  patient->flags = ebb_flags_for_records (records, data->as_of, data->settings);
  g_ptr_array_add (found, patient);
}

/**
 * ebb_flags_scan:
 * @scope: the open and undecided flags, or all of them
 *
 * The open flags are those of Attention's entries (ebb_flags_attention()),
 * which the clinic keeps from one scan to the next.
 *
 * Returns: (transfer full) (element-type EbbFlag): the clinic's flags in
 *   scope, sorted by patient, scale, date and kind
 */
GPtrArray *
ebb_flags_scan (EbbStore              *store,
                gint32                 as_of_day,
                EbbFlagsScope          scope,
                const EbbRuleSettings *settings,
                GError               **error)
{
  const ScanData data = { as_of_day, settings };
  g_autoptr(GPtrArray) found = NULL;
  GPtrArray *flags;

  g_return_val_if_fail (EBB_IS_STORE (store), NULL);
  g_return_val_if_fail (as_of_day > 0, NULL);

  flags = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);
  if (scope == EBB_FLAGS_OPEN)
    {
      g_autoptr(GArray) entries = NULL;
      g_autoptr(GPtrArray) kept_items = NULL;

      if (!(found = scan_clinic (store, &data, &entries, &kept_items, error)))
        {
          g_ptr_array_unref (flags);
          return NULL;
        }
      for (guint i = 0; i < entries->len; i++)
        {
          const EbbAttentionItem *item = g_array_index (entries, ScanEntry, i).item;

          for (guint j = 0; item != NULL && j < item->flags->len; j++)
            g_ptr_array_add (flags, ebb_flag_copy (g_ptr_array_index (item->flags, j)));
        }
    }
  else
    {
      if (!(found = ebb_store_scan_for_rules (store, scan_patient_cb, (gpointer) &data,
                                              (GDestroyNotify) patient_found_free, error)))
        {
          g_ptr_array_unref (flags);
          return NULL;
        }
      for (guint i = 0; i < found->len; i++)
        {
          PatientFound *patient = g_ptr_array_index (found, i);

          /* Moved, not copied: these flags are freed right after. */
          g_ptr_array_extend_and_steal (flags, g_steal_pointer (&patient->flags));
        }
    }
  g_ptr_array_sort (flags, compare_for_csv_cb);
  return flags;
}


/**
 * ebb_flags_find_open:
 * @scale_id: (nullable): the flag's scale, for the kinds that have one
 *
 * The flag a decision is about to be recorded on: open and undecided on
 * @as_of_day.
 *
 * Returns: (transfer full): the flag, or %NULL with
 *   %EBB_FLAGS_ERROR_NO_SUCH_FLAG (or a store error)
 */
EbbFlag *
ebb_flags_find_open (EbbStore              *store,
                     gint64                 patient_id,
                     EbbFlagKind            kind,
                     const char            *scale_id,
                     gint32                 day,
                     gint32                 as_of_day,
                     const EbbRuleSettings *settings,
                     GError               **error)
{
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GPtrArray) ends = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  const EbbScale *scale = scale_id != NULL ? ebb_scale_lookup (scale_id) : NULL;
  EbbPatientRecords records;
  g_autofree char *date = NULL;

  g_return_val_if_fail (EBB_IS_STORE (store), NULL);

  if ((patient = ebb_store_get_patient (store, patient_id, error)) == NULL ||
      (sessions = ebb_store_list_sessions (store, patient_id, error)) == NULL ||
      (scores = ebb_store_list_ratings (store, patient_id, error)) == NULL ||
      (ends = ebb_store_list_course_ends (store, patient_id, error)) == NULL ||
      (decisions = ebb_store_list_decisions (store, patient_id, error)) == NULL)
    return NULL;

  records = (EbbPatientRecords) { patient, sessions, scores, ends, decisions };
  flags = ebb_flags_for_records (&records, as_of_day, settings);
  for (guint i = 0; i < flags->len; i++)
    {
      EbbFlag *flag = g_ptr_array_index (flags, i);

      if (flag->kind == kind && flag->day == day && flag->scale == (ebb_flag_kind_has_scale (kind) ? scale : NULL) &&
          ebb_flag_is_open (flag))
        return g_ptr_array_steal_index (flags, i);
    }

  date = format_day (day);
  if (ebb_flag_kind_has_scale (kind))
    /* Translators: "K-0042 has no open worsening flag on PHQ-9 dated 2026-03-02" */
    g_set_error (error, EBB_FLAGS_ERROR, EBB_FLAGS_ERROR_NO_SUCH_FLAG,
                 _("%s has no open %s flag on %s dated %s"), patient->code,
                 ebb_flag_kind_to_string (kind), scale != NULL ? scale->id : (scale_id ? scale_id : "?"), date);
  else
    g_set_error (error, EBB_FLAGS_ERROR, EBB_FLAGS_ERROR_NO_SUCH_FLAG,
                 _("%s has no open %s flag dated %s"), patient->code, ebb_flag_kind_to_string (kind), date);
  return NULL;
}

/**
 * ebb_flags_attention_for_records:
 * @follow_up: (out caller-allocates) (optional): what the patient list
 *   says of the patient, flagged or not
 *
 * One patient's part of ebb_flags_attention_with_follow_up(), which calls
 * it for every patient: a window that knows only this patient changed
 * asks it alone, and shows what a whole-clinic scan would.
 *
 * Returns: (transfer full) (nullable): the patient's Attention entry, or
 *   %NULL when the patient has no open, undecided flag
 */
EbbAttentionItem *
ebb_flags_attention_for_records (const EbbPatientRecords *records,
                                 gint32                   as_of_day,
                                 const EbbRuleSettings   *settings,
                                 EbbFollowUp             *follow_up)
{
  PatientFound found = { 0 };

  g_return_val_if_fail (records != NULL && records->patient != NULL, NULL);
  g_return_val_if_fail (as_of_day > 0, NULL);

  attention_find (records, as_of_day, settings, &found);
  if (follow_up != NULL)
    *follow_up = found.follow_up;
  return found.item;
}

/**
 * ebb_flags_attention:
 *
 * The clinic as of a day: each patient with an open, undecided flag, in
 * Attention's order.
 *
 * Returns: (transfer full) (element-type EbbAttentionItem):
 */
GPtrArray *
ebb_flags_attention (EbbStore              *store,
                     gint32                 as_of_day,
                     const EbbRuleSettings *settings,
                     GError               **error)
{
  return ebb_flags_attention_with_follow_up (store, as_of_day, settings, NULL, error);
}

/**
 * ebb_flags_attention_with_follow_up:
 * @follow_ups: (out) (optional) (element-type EbbFollowUp): for every
 *   patient, the next booked session and whether the course was recorded
 *   as ended, found in the same walk, in patient id order
 *
 * ebb_flags_attention(), telling also what the patient list says of
 * every patient, flagged or not.  The rules run only on the patients
 * whose entry the last scan did not keep, or kept for days that are over,
 * or whose records changed since (ebb_store_load_kept_patients()).
 */
GPtrArray *
ebb_flags_attention_with_follow_up (EbbStore              *store,
                                    gint32                 as_of_day,
                                    const EbbRuleSettings *settings,
                                    GArray               **follow_ups,
                                    GError               **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_attention_item_free);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) kept_items = NULL;
  g_autoptr(GArray) entries = NULL;
  const ScanData data = { as_of_day, settings };

  g_return_val_if_fail (EBB_IS_STORE (store), NULL);
  g_return_val_if_fail (as_of_day > 0, NULL);

  if (!(found = scan_clinic (store, &data, &entries, &kept_items, error)))
    return NULL;
  /* The entries are handed over: taken from whichever array owns them. */
  for (guint i = 0; i < found->len; i++)
    {
      PatientFound *patient = g_ptr_array_index (found, i);

      if (patient->item != NULL)
        g_ptr_array_add (items, g_steal_pointer (&patient->item));
    }
  g_ptr_array_set_free_func (kept_items, NULL);
  g_ptr_array_extend_and_steal (items, g_steal_pointer (&kept_items));
  if (follow_ups != NULL)
    {
      *follow_ups = g_array_sized_new (FALSE, FALSE, sizeof (EbbFollowUp), entries->len);
      for (guint i = 0; i < entries->len; i++)
        g_array_append_val (*follow_ups, g_array_index (entries, ScanEntry, i).follow_up);
    }
  g_ptr_array_sort (items, compare_items_cb);
  return g_steal_pointer (&items);
}
