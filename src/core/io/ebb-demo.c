/* ebb-demo.c — a synthetic demo clinic, made from a fixed seed
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The clinic is generated as the three import files (clinical rules §5)
 * and goes into a database through ebb_import_files(), the path users'
 * own files take, so the demo exercises the real import and never holds
 * anything a user's import could not.
 *
 * Each patient follows a pattern (durable response, response fading
 * before each session, non-response, relapse, induction in progress).
 * Scores come from a simple model: on a relative scale where 1 is the
 * untreated baseline, every done session drops the patient to a nadir
 * (deeper over the first three sessions), which holds for a few days and
 * then wears off linearly up to a plateau.  Noise is small, so the flags
 * the rules find are the ones the pattern means.  The interval open on
 * the as-of day may be shaped on top of that (a fade, a rising trend, a
 * relapse, a worsening, missed or unrecorded sessions, a patient lost to
 * follow-up), so that the small demo shows every kind of flag of the
 * clinical rules (§4) on Attention, in each of its three sections (§5).
 *
 * Every date is relative to the as-of day, so the demo has current flags
 * whenever it is made.  Each patient draws from its own generator, seeded
 * from the seed and the patient's number: the first sixteen patients of a
 * 5,000-patient benchmark clinic are the sixteen of the demo.
 */
#define G_LOG_DOMAIN "ebb-demo"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-csv.h"
#include "ebb-date.h"
#include "ebb-demo.h"
#include "ebb-scale.h"
#include "ebb-session.h"
#include "ebb-store.h"

G_DEFINE_QUARK (ebb-demo-error-quark, ebb_demo_error)

/* Model ------------------------------------------------------------------- */

typedef enum
{
  PATTERN_DURABLE,        /* responds and stays well between sessions */
  PATTERN_FADING,         /* responds; the response wears off days before each session */
  PATTERN_NON_RESPONDER,  /* improves a little, never to half the baseline */
  PATTERN_RELAPSE,        /* responds, then relapses in a pause of treatment */
  PATTERN_NEW,            /* in the middle of the induction series */
} Pattern;

/* The interval open on the as-of day: left to the schedule, or shaped so
 * that the demo always shows what the Attention list is for. */
typedef enum
{
  OPEN_NATURAL,
  OPEN_FADED,       /* the response has faded since the last session */
  OPEN_RISING,      /* still responding but rising: projected to fade before the next session */
  OPEN_RELAPSE,     /* a pause in treatment with a relapse; a rescue session is booked */
  OPEN_WORSENING,   /* a recent rating well above the baseline */
  OPEN_MISSED,      /* the last two sessions missed, weeks ago; the next booked weeks ahead */
  OPEN_UNRECORDED,  /* a session booked for a few days ago has no record */
  OPEN_LAPSED,      /* no session for months and nothing booked: lost to follow-up */
} OpenShape;

typedef struct
{
  Pattern   pattern;
  OpenShape open;
  gboolean  suicide_item;   /* one recent rating with the alert item at the alert level */
  gboolean  high_pressure;  /* the last dose was given with a high pressure before it */
} Role;

/* The small demo: every kind of patient, every kind of flag open on
 * Attention and each of its sections, and exactly one suicide-item
 * alert.  Under clinical rules version 2 (§4):
 *   suicide-item    DEMO-03
 *   worsening       DEMO-10, a non-responder now above the baseline
 *   relapse         DEMO-07
 *   blood-pressure  DEMO-16, in the induction series
 *   non-response    DEMO-03, DEMO-10
 *   faded           DEMO-01, DEMO-14
 *   missed          DEMO-06: Attention's "Earlier"
 *   unrecorded      DEMO-12
 *   lapsed          DEMO-15: Attention's "Lost to follow-up"
 *   projected       DEMO-04, DEMO-11
 * and durable responders who need no attention. */
static const Role demo_roles[EBB_DEMO_DEFAULT_PATIENTS] = {
  { PATTERN_FADING, OPEN_FADED, FALSE, FALSE },
  { PATTERN_DURABLE, OPEN_NATURAL, FALSE, FALSE },
  { PATTERN_NON_RESPONDER, OPEN_NATURAL, TRUE, FALSE },
  { PATTERN_FADING, OPEN_RISING, FALSE, FALSE },
  { PATTERN_DURABLE, OPEN_NATURAL, FALSE, FALSE },
  { PATTERN_FADING, OPEN_MISSED, FALSE, FALSE },
  { PATTERN_RELAPSE, OPEN_RELAPSE, FALSE, FALSE },
  { PATTERN_DURABLE, OPEN_NATURAL, FALSE, FALSE },
  { PATTERN_FADING, OPEN_NATURAL, FALSE, FALSE },
  { PATTERN_NON_RESPONDER, OPEN_WORSENING, FALSE, FALSE },
  { PATTERN_FADING, OPEN_RISING, FALSE, FALSE },
  { PATTERN_DURABLE, OPEN_UNRECORDED, FALSE, FALSE },
  { PATTERN_RELAPSE, OPEN_NATURAL, FALSE, FALSE },
  { PATTERN_FADING, OPEN_FADED, FALSE, FALSE },
  { PATTERN_DURABLE, OPEN_LAPSED, FALSE, FALSE },
  { PATTERN_NEW, OPEN_NATURAL, FALSE, TRUE },
};

/* The demo's data (names, notes, raters) stays in English whatever the
 * language: it is stored in the clinic like any data, the same for every
 * seed, and EBB_DEMO_NOTES is how a demo patient is recognised. */
static const char * const pattern_notes[] = {
  [PATTERN_DURABLE] = "durable response between sessions",
  [PATTERN_FADING] = "response fades days before each session",
  [PATTERN_NON_RESPONDER] = "partial improvement, no response",
  [PATTERN_RELAPSE] = "responder with a relapse during a pause in treatment",
  [PATTERN_NEW] = "induction series in progress",
};

static const char * const open_notes[] = {
  [OPEN_NATURAL] = NULL,
  [OPEN_FADED] = "response faded since the last session",
  [OPEN_RISING] = "rising towards a fade before the next session",
  [OPEN_RELAPSE] = "relapsing now, a rescue session booked",
  [OPEN_WORSENING] = "now worse than before treatment",
  [OPEN_MISSED] = "missed the last two sessions",
  [OPEN_UNRECORDED] = "the last booked session was not recorded",
  [OPEN_LAPSED] = "no session for months and nothing booked",
};

/* Past the small demo, one patient in a hundred has one alert rating
 * somewhere in the history. */
#define SUICIDE_ITEM_CHANCE 0.01

#define INDUCTION_SESSIONS  6
#define CANCEL_CHANCE       0.07
#define PAUSE_PLATEAU       0.97
#define MIN_GAP             10     /* days between maintenance sessions, at least */

typedef struct
{
  gint32           day;
  int              minute;     /* since midnight */
  EbbSessionStatus status;
  EbbPhase         phase;
  double           dose_mg;
  int              bp[4];      /* before systolic/diastolic, after systolic/diastolic; 0: none */
  gboolean         pause;      /* the interval after it is a pause of treatment */
  const char      *note;
} DemoSession;

#define MAX_ITEMS 32

typedef struct
{
  gint32          day;
  int             minute;      /* -1: a date without a time */
  const EbbScale *scale;
  int             total;
  guint           n_items;     /* 0: the total only */
  gint8           items[MAX_ITEMS];
  const char     *rater;
  guint           order;       /* ties keep the order they were made in */
} DemoRating;

typedef struct
{
  GRand          *rand;
  gint32          today;
  Role            role;
  const EbbScale *scale;       /* the primary scale */
  const EbbScale *second;      /* a second scale, or NULL */
  const EbbScale *cadss;       /* dissociation after dosing, or NULL */
  int             baseline;
  int             baseline2;
  double          nadir;       /* relative level right after a session, once responding */
  double          plateau;     /* the level the effect wears off to */
  double          lag;         /* days the effect holds */
  double          slope;       /* its wearing off, per day after the lag */
  double          durability;  /* day after a session on which the level reaches 0.5 */
  double          items_chance;
  EbbRoute        route;
  double          dose_mg;
  int             slot;        /* usual appointment time */
  GArray         *sessions;    /* DemoSession, in time order */
  GArray         *ratings;     /* DemoRating */
} DemoPatient;

/* Random numbers ------------------------------------------------------------ */

/* Inclusive at both ends. */
static int
rand_between (GRand *rand,
              int    lo,
              int    hi)
{
  return g_rand_int_range (rand, lo, hi + 1);
}

static gboolean
rand_chance (GRand  *rand,
             double  p)
{
  return g_rand_double (rand) < p;
}

/* Roughly normal with standard deviation 1, from three uniforms (Irwin–Hall):
 * plain arithmetic, so the same seed gives the same files on every libm. */
static double
rand_noise (GRand *rand)
{
  return (g_rand_double (rand) + g_rand_double (rand) + g_rand_double (rand) - 1.5) * 2.0;
}

/* The highest total that leaves the alert item below its alert level
 * possible: one more and the total alone proves the alert (clinical rules
 * §1, "implied alert item"), which only the ratings meant to raise a
 * suicide-item flag may do.  PHQ-9: the other 8 items give at most 24. */
static int
highest_quiet_total (const EbbScale *scale)
{
  if (scale->alert_item == 0)
    return scale->total_max;
  return scale->total_max - scale->item_max[scale->alert_item - 1] + scale->alert_min - 1;
}

static int
clamp_total (const EbbScale *scale,
             double          value)
{
  int total = (int) floor (value + 0.5);

  return CLAMP (total, scale->total_min, highest_quiet_total (scale));
}

/* Items ------------------------------------------------------------------- */

/* Spreads @total over @n slots with maxima @caps, one point at a time into a
 * random slot with room left, which gives the uneven profiles real
 * questionnaires have. */
static gboolean
spread (GRand     *rand,
        int        total,
        const int *caps,
        int       *values,
        guint      n)
{
  int capacity = 0;

  for (guint i = 0; i < n; i++)
    capacity += caps[i] - values[i];
  if (total < 0 || total > capacity)
    return FALSE;

  while (total > 0)
    {
      guint i = (guint) g_rand_int_range (rand, 0, (gint32) n);

      if (values[i] < caps[i])
        {
          values[i]++;
          total--;
        }
    }
  return TRUE;
}

/* Item values that score to @total on @scale.  The alert item stays below
 * the alert level unless @alert is set, when it is put exactly at it: only
 * the ratings meant to raise a suicide-item flag may raise one. */
static gboolean
make_items (GRand          *rand,
            const EbbScale *scale,
            int             total,
            gboolean        alert,
            int            *items)
{
  int caps[MAX_ITEMS], values[MAX_ITEMS] = { 0 };

  g_assert (scale->n_items <= MAX_ITEMS);

  if (scale->score_items != NULL)
    {
      /* QIDS-SR16: nine domains, scored as the highest item of the sleep
       * (1–4), appetite/weight (6–9) and psychomotor (15–16) groups plus
       * the other items; spread the total over domains, then give each
       * group one item at the domain's value and the others less. */
      static const guint first[9] = { 1, 5, 6, 10, 11, 12, 13, 14, 15 };
      static const guint last[9] = { 4, 5, 9, 10, 11, 12, 13, 14, 16 };
      const guint alert_domain = 5;   /* item 12 */
      int domains[9] = { 0 };

      g_assert (scale->n_items == 16 && scale->alert_item == 12);

      for (guint d = 0; d < 9; d++)
        caps[d] = 3;
      caps[alert_domain] = scale->alert_min - 1;
      if (alert)
        domains[alert_domain] = caps[alert_domain] = scale->alert_min;
      if (!spread (rand, total - domains[alert_domain], caps, domains, 9))
        return FALSE;

      for (guint d = 0; d < 9; d++)
        {
          guint width = last[d] - first[d] + 1;
          guint top = first[d] - 1 + (guint) g_rand_int_range (rand, 0, (gint32) width);

          for (guint i = first[d] - 1; i < last[d]; i++)
            items[i] = i == top ? domains[d] : rand_between (rand, 0, domains[d]);
        }
    }
  else
    {
      int fixed = 0;

      for (guint i = 0; i < scale->n_items; i++)
        caps[i] = scale->item_max[i];
      if (scale->alert_item > 0)
        {
          guint a = scale->alert_item - 1;

          caps[a] = scale->alert_min - 1;
          if (alert)
            fixed = values[a] = caps[a] = scale->alert_min;
        }
      else if (alert)
        return FALSE;
      if (!spread (rand, total - fixed, caps, values, scale->n_items))
        return FALSE;
      for (guint i = 0; i < scale->n_items; i++)
        items[i] = values[i];
    }

  g_assert (ebb_scale_total_for_items (scale, items) == total);
  return TRUE;
}

/* Schedule ------------------------------------------------------------------ */

static DemoSession *
add_session (DemoPatient      *p,
             gint32            day,
             EbbSessionStatus  status,
             EbbPhase          phase)
{
  DemoSession session = { 0 };

  session.day = day;
  session.status = status;
  session.phase = phase;
  /* One in five appointments is not at the patient's usual time. */
  session.minute = rand_chance (p->rand, 0.2) ? 8 * 60 + 30 * rand_between (p->rand, 0, 15) : p->slot;
  session.dose_mg = p->dose_mg;

  if (p->route == EBB_ROUTE_INTRANASAL)
    {
      /* Esketamine starts at 56 mg; most go up to 84 mg. */
      guint n_done = 0;

      for (guint i = 0; i < p->sessions->len; i++)
        n_done += g_array_index (p->sessions, DemoSession, i).status == EBB_SESSION_DONE;
      session.dose_mg = n_done < 2 ? 56 : p->dose_mg;
    }

  /* Ketamine raises blood pressure for an hour or so: it is measured
   * before and after each dose, less often for oral doses at home. */
  if (status == EBB_SESSION_DONE && (p->route != EBB_ROUTE_ORAL || rand_chance (p->rand, 0.3)))
    {
      session.bp[0] = rand_between (p->rand, 108, 138);
      session.bp[1] = rand_between (p->rand, 66, 88);
      session.bp[2] = session.bp[0] + rand_between (p->rand, 6, 28);
      session.bp[3] = session.bp[1] + rand_between (p->rand, 2, 14);
    }

  g_array_append_val (p->sessions, session);
  return &g_array_index (p->sessions, DemoSession, p->sessions->len - 1);
}

/* A maintenance or rescue session, sometimes cancelled or missed first and
 * rebooked a few days later (the rules ignore the cancelled one). */
static gint32
add_done_session (DemoPatient *p,
                  gint32       day,
                  EbbPhase     phase,
                  gint32       latest)
{
  if (day + 7 <= latest && rand_chance (p->rand, CANCEL_CHANCE))
    {
      gboolean missed = rand_chance (p->rand, 0.4);
      DemoSession *lost = add_session (p, day, missed ? EBB_SESSION_MISSED : EBB_SESSION_CANCELLED, phase);
      DemoSession *rebooked;

      lost->note = missed ? "Did not attend" : "Cancelled by the patient";
      day += rand_between (p->rand, 2, 6);
      rebooked = add_session (p, day, EBB_SESSION_DONE, phase);
      rebooked->note = "Rebooked";
      return day;
    }

  add_session (p, day, EBB_SESSION_DONE, phase);
  return day;
}

/* Days from the last done session to the as-of day, for a shaped open
 * interval. */
static int
open_age (DemoPatient *p)
{
  switch (p->role.open)
    {
    case OPEN_FADED:
      return (int) p->durability + rand_between (p->rand, 5, 9);
    case OPEN_RISING:
      return (int) p->durability - 2;
    case OPEN_RELAPSE:
      return rand_between (p->rand, 36, 42);
    case OPEN_WORSENING:
      return rand_between (p->rand, 6, 9);
    case OPEN_MISSED:
      return rand_between (p->rand, 40, 44);
    case OPEN_UNRECORDED:
      return rand_between (p->rand, 18, 24);
    case OPEN_LAPSED:
      /* The interval before the last session is under MIN_GAP + 38 days,
       * so the patient lapsed (§4.6: 1.5 intervals) within 72 days of it:
       * more than 90 days before the as-of day, "lost to follow-up" (§5). */
      return rand_between (p->rand, 180, 200);
    case OPEN_NATURAL:
    default:
      return 0;
    }
}

/* Induction: six sessions in two to four weeks from @t0; the ones not
 * done by today are booked from tomorrow on.  Returns the day of the
 * last one. */
static gint32
schedule_induction (DemoPatient *p,
                    gint32       t0)
{
  const gint32 today = p->today;
  gint32 day = t0;

  for (guint k = 0; k < INDUCTION_SESSIONS; k++)
    {
      if (k > 0)
        day += rand_between (p->rand, 2, 5);
      if (day >= today)
        {
          /* The rest of the series is booked, from tomorrow on. */
          day = MAX (day, today + 1);
          add_session (p, day, EBB_SESSION_SCHEDULED, EBB_PHASE_INDUCTION);
          continue;
        }
      if (k > 0 && day + 3 < today && rand_chance (p->rand, 0.05))
        {
          add_session (p, day, EBB_SESSION_CANCELLED, EBB_PHASE_INDUCTION)->note = "Cancelled: unwell";
          day += 1;
        }
      add_session (p, day, EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
    }
  return day;
}

/* Maintenance every @interval days or so after @last_done up to @limit,
 * with, for a relapse, a pause and a rescue series.  Returns the day of
 * the last session done. */
static gint32
schedule_maintenance (DemoPatient *p,
                      gint32       last_done,
                      int          interval,
                      gint32       limit)
{
  guint n_maintenance = 0;
  int pause_at = -1;

  if (p->role.pattern == PATTERN_RELAPSE && p->role.open == OPEN_NATURAL)
    pause_at = rand_between (p->rand, 1, 6);

  for (;;)
    {
      gboolean pause = (int) n_maintenance == pause_at;
      gint32 next = last_done + interval + rand_between (p->rand, -3, 3);

      if (next > limit)
        break;
      last_done = add_done_session (p, next, EBB_PHASE_MAINTENANCE, limit);
      n_maintenance++;

      if (pause)
        {
          /* A pause of six to seven weeks, a relapse in it, then a rescue
           * series of three sessions: only if all of it fits. */
          gint32 rescue = last_done + rand_between (p->rand, 40, 48);

          if (rescue + 8 > limit)
            break;
          g_array_index (p->sessions, DemoSession, p->sessions->len - 1).pause = TRUE;
          for (guint k = 0; k < 3; k++)
            {
              DemoSession *s = add_session (p, rescue, EBB_SESSION_DONE, EBB_PHASE_RESCUE);

              if (k == 0)
                s->note = "Rescue series after a relapse";
              last_done = rescue;
              rescue += rand_between (p->rand, 3, 4);
            }
        }
    }
  return last_done;
}

/* The interval open today, as the patient's role asks: its last session
 * (age days ago), what went wrong since, and the next booking.  Returns
 * the day booked, or 0 when nothing is. */
static gint32
schedule_open_interval (DemoPatient *p,
                        gint32       last_done,
                        int          interval,
                        int          age)
{
  const gint32 today = p->today;
  DemoSession *last;
  gint32 scheduled;

  if (p->role.open == OPEN_NATURAL)
    {
      gint32 next = last_done + interval + rand_between (p->rand, -3, 3);

      /* The next session is booked one to five weeks ahead. */
      scheduled = MAX (next, today + rand_between (p->rand, 7, 12));
      return MIN (scheduled, today + 35);
    }

  last = add_session (p, today - age, EBB_SESSION_DONE, EBB_PHASE_MAINTENANCE);
  switch (p->role.open)
    {
    case OPEN_RELAPSE:
      last->pause = TRUE;
      scheduled = today + rand_between (p->rand, 3, 6);
      break;
    case OPEN_RISING:
      scheduled = today - age + (int) p->durability + rand_between (p->rand, 6, 10);
      break;
    case OPEN_MISSED:
      {
        /* Missed at the usual time and again a week later, then booked
         * for when the patient can come: weeks from both. */
        gint32 missed = today - age + 16;

        add_session (p, missed, EBB_SESSION_MISSED, EBB_PHASE_MAINTENANCE)->note = "Did not attend";
        add_session (p, missed + 7, EBB_SESSION_MISSED, EBB_PHASE_MAINTENANCE)->note =
          "Did not attend the rebooked session";
        scheduled = today + rand_between (p->rand, 16, 20);
      }
      break;
    case OPEN_UNRECORDED:
      {
        /* Booked a few days ago (at least the rules' 3), nothing
         * recorded since; the one after it is booked too. */
        gint32 booked = today - rand_between (p->rand, 4, 6);

        add_session (p, booked, EBB_SESSION_SCHEDULED, EBB_PHASE_MAINTENANCE);
        scheduled = booked + interval;
      }
      break;
    case OPEN_LAPSED:
      /* Nothing booked since. */
      return 0;
    case OPEN_FADED:
    case OPEN_WORSENING:
    case OPEN_NATURAL:
    default:
      scheduled = today + rand_between (p->rand, 7, 14);
      break;
    }
  return MAX (scheduled, today + 7 * (p->role.open != OPEN_RELAPSE));
}

static void
make_schedule (DemoPatient *p,
               guint        years)
{
  const gint32 today = p->today;
  int interval = p->role.pattern == PATTERN_NON_RESPONDER ? rand_between (p->rand, 14, 28)
                                                          : rand_between (p->rand, 20, 35);
  int age = open_age (p);
  int span_max = (int) years * 365;
  int span_min = MAX (75, age + 60);
  gint32 t0, last_done, limit, scheduled;
  DemoSession *next;

  /* Treatment started somewhere in the years before today. */
  if (p->role.pattern == PATTERN_NEW)
    t0 = today - rand_between (p->rand, 5, 12);
  else
    t0 = today - rand_between (p->rand, span_min, MAX (span_min, span_max));

  last_done = schedule_induction (p, t0);
  if (p->role.pattern == PATTERN_NEW)
    return;

  /* Maintenance every two to five weeks up to the open interval. */
  limit = p->role.open == OPEN_NATURAL ? today - 1 : today - age - MIN_GAP;
  last_done = schedule_maintenance (p, last_done, interval, limit);

  scheduled = schedule_open_interval (p, last_done, interval, age);
  if (scheduled == 0)
    return;
  next = add_session (p, scheduled, EBB_SESSION_SCHEDULED,
                      p->role.open == OPEN_RELAPSE ? EBB_PHASE_RESCUE : EBB_PHASE_MAINTENANCE);
  if (p->role.open == OPEN_RELAPSE)
    next->note = "Rescue session after a relapse";
}

/* A pressure above the limit before the latest dose (clinical rules §4.7:
 * above 140/90), and after it below the after-dose limit of 180/110, so
 * that the flag is the one about dosing with a high pressure. */
static void
raise_last_pressure (DemoPatient *p)
{
  for (guint i = p->sessions->len; i-- > 0; )
    {
      DemoSession *s = &g_array_index (p->sessions, DemoSession, i);

      if (s->status != EBB_SESSION_DONE)
        continue;
      s->bp[0] = rand_between (p->rand, 148, 158);
      s->bp[1] = rand_between (p->rand, 92, 98);
      s->bp[2] = s->bp[0] + rand_between (p->rand, 6, 14);
      s->bp[3] = s->bp[1] + rand_between (p->rand, 2, 8);
      s->note = "High blood pressure before dosing";
      return;
    }
}

/* Scores ---------------------------------------------------------------------- */

/* The patient's level on @day (1 = the untreated baseline), counting the
 * done sessions before that day: a rating on a session's day is the
 * pre-dose one (clinical rules §2). */
static double
level_on (const DemoPatient *p,
          gint32             day)
{
  const DemoSession *last = NULL;
  guint k = 0;
  double nadir, slope, plateau, level, x;

  for (guint i = 0; i < p->sessions->len; i++)
    {
      const DemoSession *s = &g_array_index (p->sessions, DemoSession, i);

      if (s->day >= day)
        break;
      if (s->status == EBB_SESSION_DONE)
        {
          last = s;
          k++;
        }
    }
  if (last == NULL)
    return 1.0;

  /* The response builds over the first three sessions. */
  nadir = 1.0 - (1.0 - p->nadir) * MIN (1.0, k / 3.0);
  slope = p->slope;
  plateau = p->plateau;
  if (last->pause)
    {
      /* Off treatment the effect wears off all the way, whatever the
       * pattern: at relapse level about three and a half weeks in. */
      slope = MAX (slope, (0.85 - nadir) / (24.0 - p->lag));
      plateau = PAUSE_PLATEAU;
    }

  x = day - last->day;
  level = nadir + slope * MAX (0.0, x - p->lag);
  return MIN (level, MAX (plateau, nadir));
}

static DemoRating *
add_rating (DemoPatient    *p,
            gint32          day,
            int             minute,
            const EbbScale *scale,
            int             total)
{
  DemoRating rating = { 0 };

  rating.day = day;
  rating.minute = minute;
  rating.scale = scale;
  rating.total = total;
  rating.order = p->ratings->len;
  if (scale->rated_by == EBB_RATER_CLINICIAN)
    rating.rater = rand_chance (p->rand, 0.5) ? "Demo rater A" : "Demo rater B";
  g_array_append_val (p->ratings, rating);
  return &g_array_index (p->ratings, DemoRating, p->ratings->len - 1);
}

static void
set_items (DemoPatient *p,
           DemoRating  *rating,
           gboolean     alert)
{
  int items[MAX_ITEMS];

  if (make_items (p->rand, rating->scale, rating->total, alert, items))
    {
      rating->n_items = rating->scale->n_items;
      for (guint i = 0; i < rating->n_items; i++)
        rating->items[i] = (gint8) items[i];
    }
}

/* A rating of the primary scale, with noise unless it shapes the open
 * interval (those must give the flag they are there for). */
static DemoRating *
rate (DemoPatient *p,
      gint32       day,
      gboolean     exact)
{
  double value = p->baseline * level_on (p, day);
  DemoRating *rating;

  if (!exact)
    value += rand_noise (p->rand) * p->scale->total_max * 0.025;
  rating = add_rating (p, day, -1, p->scale, clamp_total (p->scale, value));

  /* BDI-II items are copyrighted wording: keep its totals only. */
  if (!g_str_equal (p->scale->id, "BDI-II") && rand_chance (p->rand, p->items_chance))
    set_items (p, rating, FALSE);
  return rating;
}

static void
rate_second (DemoPatient *p,
             gint32       day)
{
  double value = p->baseline2 * level_on (p, day) + rand_noise (p->rand) * p->second->total_max * 0.025;
  DemoRating *rating = add_rating (p, day, -1, p->second, clamp_total (p->second, value));

  if (!g_str_equal (p->second->id, "BDI-II") && rand_chance (p->rand, p->items_chance))
    set_items (p, rating, FALSE);
}

/* Dissociation forty minutes after the dose: stronger with injections,
 * less with each session as patients get used to it. */
static void
rate_cadss (DemoPatient       *p,
            const DemoSession *session,
            guint              n_done)
{
  static const double strength[] = {
    [EBB_ROUTE_IV] = 18, [EBB_ROUTE_IM] = 20, [EBB_ROUTE_INTRANASAL] = 14,
    [EBB_ROUTE_ORAL] = 4, [EBB_ROUTE_SUBLINGUAL] = 5,
  };
  double value = strength[p->route] * pow (0.93, n_done) + rand_noise (p->rand) * 2.0;
  DemoRating *rating = add_rating (p, session->day, session->minute + 40, p->cadss,
                                   clamp_total (p->cadss, value));

  if (rand_chance (p->rand, p->items_chance * 0.5))
    set_items (p, rating, FALSE);
}

/* Days strictly between two sessions for ratings at home or by phone,
 * up to the as-of day. */
static void
rate_between (DemoPatient *p,
              gint32       from,
              gint32       to)
{
  static const int weights_fading[] = { 15, 50, 35 };
  static const int weights_other[] = { 35, 45, 20 };
  const int *weights = p->role.pattern == PATTERN_FADING ? weights_fading : weights_other;
  int pick = rand_between (p->rand, 0, 99);
  guint n = pick < weights[0] ? 0 : pick < weights[0] + weights[1] ? 1 : 2;
  gint32 first = from + 2, last = MIN (to - 2, p->today);
  gint32 days[2] = { 0, 0 };

  if (last < first)
    return;
  for (guint i = 0; i < n; i++)
    days[i] = rand_between (p->rand, first, last);
  if (n == 2 && days[0] == days[1])
    n = 1;
  if (n == 2 && days[0] > days[1])
    {
      gint32 t = days[0];

      days[0] = days[1];
      days[1] = t;
    }
  for (guint i = 0; i < n; i++)
    rate (p, days[i], FALSE);
}

/* The designed ratings of a shaped open interval, after the last done
 * session @last. */
static void
rate_open_interval (DemoPatient       *p,
                    const DemoSession *last)
{
  const gint32 today = p->today;
  const int lag = (int) ceil (p->lag);
  const int mc = p->scale->meaningful_change;

  switch (p->role.open)
    {
    case OPEN_FADED:
      {
        /* The nadir, then a rating well past the fade. */
        DemoRating *faded;
        int lowest, needed;

        rate (p, last->day + lag, TRUE);
        faded = rate (p, last->day + (int) p->durability + 4, TRUE);

        /* It must be past the threshold and the meaningful change above
         * the episode's nadir, which noise may have put a little lower
         * in the interval before. */
        lowest = faded->total;
        for (guint i = 0; i < p->ratings->len; i++)
          {
            const DemoRating *r = &g_array_index (p->ratings, DemoRating, i);

            if (r->scale == p->scale && r->day >= last->day - 45)
              lowest = MIN (lowest, r->total);
          }
        needed = MAX ((int) floor (p->baseline * 0.5) + 1, lowest + mc);
        needed = MIN (needed, highest_quiet_total (p->scale));

        if (faded->total < needed)
          {
            faded->total = needed;
            faded->n_items = 0;
            if (rand_chance (p->rand, p->items_chance))
              set_items (p, faded, FALSE);
          }
        if (today - faded->day >= 3)
          rate (p, today - 1, TRUE);
      }
      break;

    case OPEN_RISING:
      {
        /* From the nadir every three days up to today, still responding,
         * or closer when three would not fit: a projection rests on three
         * ratings at least (§4.8). */
        const int step = CLAMP ((today - last->day - lag) / 2, 1, 3);

        for (gint32 day = last->day + lag; day <= today; day += step)
          rate (p, day, TRUE);
      }
      break;

    case OPEN_WORSENING:
      {
        /* The nadir, which is no response, then a recent rating the
         * meaningful change or more above the baseline (§4.2);
         * demo_patient_init() left room for it below the implied alert. */
        DemoRating *worse;

        rate (p, last->day + lag, TRUE);
        worse = add_rating (p, today - rand_between (p->rand, 1, 2), -1, p->scale,
                            p->baseline + mc + rand_between (p->rand, 0, 2));
        g_assert (worse->total <= highest_quiet_total (p->scale));
        if (!g_str_equal (p->scale->id, "BDI-II") && rand_chance (p->rand, p->items_chance))
          set_items (p, worse, FALSE);
      }
      break;

    case OPEN_MISSED:
    case OPEN_LAPSED:
      /* Rated at the nadir, then not seen again. */
      rate (p, last->day + lag, FALSE);
      break;

    case OPEN_UNRECORDED:
      rate (p, last->day + lag, FALSE);
      rate (p, last->day + 10, FALSE);
      break;

    case OPEN_RELAPSE:
      /* Responding, fading, then two ratings a week apart at relapse level. */
      rate (p, last->day + lag, TRUE);
      rate (p, last->day + 16, TRUE);
      rate (p, last->day + 27, TRUE);
      rate (p, last->day + 34, TRUE);
      break;

    case OPEN_NATURAL:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_session_day (const DemoPatient *p,
                gint32             day)
{
  for (guint i = 0; i < p->sessions->len; i++)
    if (g_array_index (p->sessions, DemoSession, i).day == day)
      return TRUE;
  return FALSE;
}

static void
make_ratings (DemoPatient *p)
{
  const DemoSession *t0 = NULL, *last_done = NULL, *shaped = NULL;
  guint n_done = 0;

  for (guint i = 0; i < p->sessions->len; i++)
    {
      const DemoSession *s = &g_array_index (p->sessions, DemoSession, i);

      if (s->status != EBB_SESSION_DONE || s->day > p->today)
        continue;
      if (t0 == NULL)
        t0 = s;
      shaped = s;
    }
  g_assert (t0 != NULL);
  /* The last done session starts the open interval: rate_open_interval()
   * rates it when it is shaped. */
  if (p->role.open == OPEN_NATURAL)
    shaped = NULL;

  /* Screening a week or three before, and the baseline before the first dose. */
  if (rand_chance (p->rand, 0.6))
    {
      gint32 day = t0->day - rand_between (p->rand, 7, 21);
      double value = p->baseline + rand_between (p->rand, -3, 3);
      DemoRating *screening = add_rating (p, day, -1, p->scale, clamp_total (p->scale, value));

      if (!g_str_equal (p->scale->id, "BDI-II") && rand_chance (p->rand, p->items_chance))
        set_items (p, screening, FALSE);
    }

  for (guint i = 0; i < p->sessions->len; i++)
    {
      const DemoSession *s = &g_array_index (p->sessions, DemoSession, i);
      const DemoSession *next = NULL;

      if (s->day > p->today || s->status != EBB_SESSION_DONE)
        continue;
      for (guint j = i + 1; j < p->sessions->len && next == NULL; j++)
        if (EBB_SESSION_IS_BOUNDARY (&g_array_index (p->sessions, DemoSession, j)))
          next = &g_array_index (p->sessions, DemoSession, j);

      /* Pre-dose: the baseline at the first session; most sessions after. */
      if (s == t0)
        {
          DemoRating *baseline = add_rating (p, s->day, -1, p->scale, p->baseline);

          if (!g_str_equal (p->scale->id, "BDI-II") && rand_chance (p->rand, p->items_chance))
            set_items (p, baseline, FALSE);
        }
      else if (rand_chance (p->rand, s->phase == EBB_PHASE_INDUCTION ? 0.9 : 0.85))
        rate (p, s->day, FALSE);

      if (p->second != NULL && (s == t0 || rand_chance (p->rand, 0.33)))
        rate_second (p, s->day);
      if (p->cadss != NULL && rand_chance (p->rand, 0.7))
        rate_cadss (p, s, n_done);
      n_done++;
      last_done = s;

      /* Between sessions (not in the induction series, whose sessions
       * are days apart), except where the open interval is shaped. */
      if (next != NULL && s->phase != EBB_PHASE_INDUCTION && next->day - s->day >= 8 &&
          (p->role.open == OPEN_NATURAL || (next->day <= p->today && s != shaped)))
        {
          if (s->pause)
            {
              /* A pause: the rules' relapse needs a run of ratings at
               * relapse level whose first and last are 5 days apart. */
              rate (p, s->day + (int) ceil (p->lag), FALSE);
              rate (p, s->day + 27, FALSE);
              rate (p, s->day + 34, FALSE);
            }
          else
            rate_between (p, s->day, next->day);
        }
    }

  if (p->role.open != OPEN_NATURAL)
    rate_open_interval (p, last_done);

  if (p->role.suicide_item)
    {
      /* A recent rating between sessions whose suicide item reaches the
       * alert level: the one the Attention list puts first. */
      gint32 day = p->today - rand_between (p->rand, 1, 3);
      DemoRating *alert;

      while (is_session_day (p, day))
        day--;
      alert = rate (p, day, FALSE);
      alert->n_items = 0;
      set_items (p, alert, TRUE);
      g_assert (alert->n_items > 0);
    }
}

/* One random rating after the first session, of a scale with an alert
 * item, turned into an alert (past the small demo only). */
static void
add_random_alert (DemoPatient *p)
{
  const DemoSession *t0 = &g_array_index (p->sessions, DemoSession, 0);
  guint candidates = 0, pick;

  for (guint i = 0; i < p->ratings->len; i++)
    {
      const DemoRating *r = &g_array_index (p->ratings, DemoRating, i);

      candidates += r->scale == p->scale && r->day > t0->day;
    }
  if (candidates == 0 || p->scale->alert_item == 0 || g_str_equal (p->scale->id, "BDI-II"))
    return;

  pick = (guint) g_rand_int_range (p->rand, 0, (gint32) candidates);
  for (guint i = 0; i < p->ratings->len; i++)
    {
      DemoRating *r = &g_array_index (p->ratings, DemoRating, i);

      if (r->scale != p->scale || r->day <= t0->day)
        continue;
      if (pick-- == 0)
        {
          r->n_items = 0;
          set_items (p, r, TRUE);
          break;
        }
    }
}

static int
compare_ratings (gconstpointer a,
                 gconstpointer b)
{
  const DemoRating *ra = a, *rb = b;

  if (ra->day != rb->day)
    return ra->day < rb->day ? -1 : 1;
  if (ra->minute != rb->minute)
    return ra->minute < rb->minute ? -1 : 1;
  return ra->order < rb->order ? -1 : ra->order > rb->order;
}

/* Patients -------------------------------------------------------------------- */

static const EbbScale *
catalogue_scale (const char *id)
{
  const EbbScale *s = ebb_scale_lookup (id);

  g_assert (s != NULL);
  return s;
}

/* A typical untreated score on @s for someone referred for ketamine:
 * moderate to severe depression. */
static int
typical_baseline (GRand          *rand,
                  const EbbScale *s)
{
  static const struct { const char *id; int lo, hi; } ranges[] = {
    { "MADRS", 26, 42 }, { "PHQ-9", 15, 24 }, { "QIDS-SR16", 13, 22 },
    { "HAMD-17", 18, 28 }, { "BDI-II", 22, 40 }, { "GAD-7", 9, 17 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (g_str_equal (s->id, ranges[i].id))
      return rand_between (rand, ranges[i].lo, ranges[i].hi);
  g_assert_not_reached ();
}

static Role
pick_role (GRand *rand,
           guint  index)
{
  Role role = { PATTERN_DURABLE, OPEN_NATURAL, FALSE, FALSE };
  int pick;

  if (index < G_N_ELEMENTS (demo_roles))
    return demo_roles[index];

  pick = rand_between (rand, 0, 99);
  if (pick < 30)
    role.pattern = PATTERN_DURABLE;
  else if (pick < 68)
    role.pattern = PATTERN_FADING;
  else if (pick < 83)
    role.pattern = PATTERN_NON_RESPONDER;
  else if (pick < 95)
    role.pattern = PATTERN_RELAPSE;
  else
    role.pattern = PATTERN_NEW;

  pick = rand_between (rand, 0, 99);
  if (role.pattern == PATTERN_FADING)
    role.open = pick < 20 ? OPEN_FADED : pick < 40 ? OPEN_RISING : OPEN_NATURAL;
  else if (role.pattern == PATTERN_RELAPSE && pick < 15)
    role.open = OPEN_RELAPSE;
  return role;
}

static void
demo_patient_init (DemoPatient *p,
                   guint32      seed,
                   guint        index,
                   gint32       today)
{
  const guint32 seeds[3] = { seed, index, 0x45626221 };
  int pick;

  memset (p, 0, sizeof *p);
  p->rand = g_rand_new_with_seed_array (seeds, G_N_ELEMENTS (seeds));
  p->today = today;
  p->sessions = g_array_new (FALSE, TRUE, sizeof (DemoSession));
  p->ratings = g_array_new (FALSE, TRUE, sizeof (DemoRating));
  p->role = pick_role (p->rand, index);

  pick = rand_between (p->rand, 0, 99);
  p->scale = catalogue_scale (pick < 36 ? "MADRS" : pick < 68 ? "PHQ-9" : "QIDS-SR16");
  p->baseline = typical_baseline (p->rand, p->scale);
  if (p->role.open == OPEN_WORSENING)
    /* Room above the baseline for the worsening (up to 2 points more than
     * the meaningful change) without implying the alert item. */
    p->baseline = MIN (p->baseline, highest_quiet_total (p->scale) - p->scale->meaningful_change - 2);
  if (rand_chance (p->rand, 0.35))
    {
      static const char * const seconds[] = { "HAMD-17", "BDI-II", "GAD-7" };

      p->second = catalogue_scale (seconds[rand_between (p->rand, 0, 2)]);
      p->baseline2 = typical_baseline (p->rand, p->second);
    }
  if (rand_chance (p->rand, 0.3))
    p->cadss = catalogue_scale ("CADSS");

  pick = rand_between (p->rand, 0, 99);
  p->items_chance = pick < 30 ? 0.0 : pick < 60 ? 0.5 : 0.9;
  if (p->role.suicide_item)
    p->items_chance = MAX (p->items_chance, 0.5);

  p->lag = rand_between (p->rand, 2, 4);
  switch (p->role.pattern)
    {
    case PATTERN_FADING:
      p->nadir = g_rand_double_range (p->rand, 0.15, 0.32);
      p->durability = rand_between (p->rand, 11, 17);
      p->plateau = g_rand_double_range (p->rand, 0.62, 0.8);
      break;
    case PATTERN_NON_RESPONDER:
      p->nadir = g_rand_double_range (p->rand, 0.64, 0.8);
      p->durability = 8;
      p->plateau = g_rand_double_range (p->rand, 0.88, 1.0);
      break;
    case PATTERN_DURABLE:
    case PATTERN_RELAPSE:
    case PATTERN_NEW:
    default:
      p->nadir = g_rand_double_range (p->rand, 0.12, 0.3);
      p->durability = 60;
      p->plateau = p->nadir + 0.08;
      break;
    }
  if (p->role.pattern == PATTERN_NON_RESPONDER)
    p->slope = (p->plateau - p->nadir) / 8.0;
  else
    p->slope = (0.5 - p->nadir) / (p->durability - p->lag);

  pick = rand_between (p->rand, 0, 99);
  {
    double weight = rand_between (p->rand, 52, 105);

    if (pick < 42)
      {
        p->route = EBB_ROUTE_IV;
        p->dose_mg = floor (weight * 0.5 * 2 + 0.5) / 2;   /* 0.5 mg/kg over 40 minutes */
      }
    else if (pick < 77)
      {
        p->route = EBB_ROUTE_INTRANASAL;
        p->dose_mg = rand_chance (p->rand, 0.6) ? 84 : 56;
      }
    else if (pick < 92)
      {
        p->route = EBB_ROUTE_IM;
        p->dose_mg = floor (weight * 0.6 * 2 + 0.5) / 2;
      }
    else
      {
        p->route = EBB_ROUTE_ORAL;
        p->dose_mg = 25 * floor (weight * 1.5 / 25 + 0.5);
      }
  }
  p->slot = 8 * 60 + 30 * rand_between (p->rand, 0, 15);
}

static void
demo_patient_clear (DemoPatient *p)
{
  g_clear_pointer (&p->rand, g_rand_free);
  g_clear_pointer (&p->sessions, g_array_unref);
  g_clear_pointer (&p->ratings, g_array_unref);
}

/* Writing ------------------------------------------------------------------------ */

static void
format_date (char   *buffer,
             gsize   size,
             gint32  day,
             int     minute)
{
  int y, m, d;

  ebb_date_to_ymd (day, &y, &m, &d);
  if (minute >= 0)
    g_snprintf (buffer, size, "%04d-%02d-%02dT%02d:%02d", y, m, d, minute / 60, minute % 60);
  else
    g_snprintf (buffer, size, "%04d-%02d-%02d", y, m, d);
}

/* 37.5 or 56, never 56.0. */
static void
format_dose (char   *buffer,
             gsize   size,
             double  dose)
{
  if (dose == floor (dose))
    g_snprintf (buffer, size, "%d", (int) dose);
  else
    g_snprintf (buffer, size, "%d.%d", (int) dose, (int) floor ((dose - floor (dose)) * 10 + 0.5));
}

static void
write_patient (const DemoPatient *p,
               const char        *code,
               guint              number,
               guint              width,
               GString           *patients,
               GString           *sessions,
               GString           *scores)
{
  g_autofree char *name = g_strdup_printf ("Synthetic Patient %0*u", (int) width, number);
  g_autoptr(GString) about = g_string_new (pattern_notes[p->role.pattern]);
  g_autofree char *notes = NULL;
  g_autoptr(GString) items = g_string_new (NULL);
  char year[8], date[32], dose[16], bp_before[16], bp_after[16], total[8];
  int y, m, d;

  if (open_notes[p->role.open] != NULL)
    g_string_append_printf (about, "; %s", open_notes[p->role.open]);
  if (p->role.high_pressure)
    g_string_append (about, "; high blood pressure before the latest dose");
  notes = g_strdup_printf (EBB_DEMO_NOTES ": an invented patient (%s)", about->str);

  ebb_date_to_ymd (p->today, &y, &m, &d);
  {
    int birth_year = y - rand_between (p->rand, 19, 78);
    int this_year, latest;

    /* The import refuses birth years after the real current year: a demo
     * dated in the future must stay importable. */
    ebb_date_to_ymd (ebb_date_today (), &this_year, NULL, NULL);
    latest = MIN (y, this_year) - 18;
    g_snprintf (year, sizeof year, "%d", CLAMP (birth_year, 1900, MAX (1900, latest)));
  }
  {
    const char *row[] = { code, name, year, notes };

    ebb_csv_append_row (patients, row, G_N_ELEMENTS (row));
  }

  for (guint i = 0; i < p->sessions->len; i++)
    {
      const DemoSession *s = &g_array_index (p->sessions, DemoSession, i);
      const char *row[9];

      format_date (date, sizeof date, s->day, s->minute);
      format_dose (dose, sizeof dose, s->dose_mg);
      bp_before[0] = bp_after[0] = '\0';
      if (s->bp[0] > 0)
        {
          g_snprintf (bp_before, sizeof bp_before, "%d/%d", s->bp[0], s->bp[1]);
          g_snprintf (bp_after, sizeof bp_after, "%d/%d", s->bp[2], s->bp[3]);
        }
      row[0] = code;
      row[1] = date;
      row[2] = ebb_session_status_to_string (s->status);
      row[3] = ebb_phase_to_string (s->phase);
      row[4] = ebb_route_to_string (p->route);
      row[5] = dose;
      row[6] = bp_before;
      row[7] = bp_after;
      row[8] = s->note;
      ebb_csv_append_row (sessions, row, G_N_ELEMENTS (row));
    }

  for (guint i = 0; i < p->ratings->len; i++)
    {
      const DemoRating *r = &g_array_index (p->ratings, DemoRating, i);
      const char *row[6];

      format_date (date, sizeof date, r->day, r->minute);
      g_snprintf (total, sizeof total, "%d", r->total);
      g_string_truncate (items, 0);
      for (guint j = 0; j < r->n_items; j++)
        {
          if (j > 0)
            g_string_append_c (items, ' ');
          g_string_append_c (items, (char) ('0' + r->items[j]));
        }
      row[0] = code;
      row[1] = date;
      row[2] = r->scale->id;
      row[3] = total;
      row[4] = items->str;
      row[5] = r->rater;
      ebb_csv_append_row (scores, row, G_N_ELEMENTS (row));
    }
}

/**
 * ebb_demo_options_init:
 * @options: the options to fill
 * @today: the as-of day (EbbWhen.day), e.g. ebb_date_today()
 *
 * The small demo clinic: EBB_DEMO_DEFAULT_PATIENTS patients from
 * EBB_DEMO_DEFAULT_SEED over EBB_DEMO_DEFAULT_YEARS years.
 */
void
ebb_demo_options_init (EbbDemoOptions *options,
                       gint32          today)
{
  g_return_if_fail (options != NULL);

  options->n_patients = EBB_DEMO_DEFAULT_PATIENTS;
  options->seed = EBB_DEMO_DEFAULT_SEED;
  options->today = today;
  options->years = EBB_DEMO_DEFAULT_YEARS;
}

/**
 * ebb_demo_write_csv:
 * @options: what to make
 * @patients: appended: the patients file, header first
 * @sessions: appended: the sessions file
 * @scores: appended: the scores file
 *
 * Generates the synthetic clinic as the three import files of the
 * clinical rules §5.  The same options give byte-identical files.
 */
void
ebb_demo_write_csv (const EbbDemoOptions *options,
                    GString              *patients,
                    GString              *sessions,
                    GString              *scores)
{
  static const char * const patient_header[] = { "patient", "name", "birth_year", "notes" };
  static const char * const session_header[] = {
    "patient", "date", "status", "phase", "route", "dose_mg", "bp_before", "bp_after", "note"
  };
  static const char * const score_header[] = { "patient", "date", "scale", "score", "items", "rater" };
  guint n_patients, years, width;

  g_return_if_fail (options != NULL);
  g_return_if_fail (options->today > 0);
  g_return_if_fail (patients != NULL && sessions != NULL && scores != NULL);

  n_patients = options->n_patients > 0 ? options->n_patients : EBB_DEMO_DEFAULT_PATIENTS;
  years = options->years > 0 ? options->years : EBB_DEMO_DEFAULT_YEARS;
  width = 2;
  for (guint n = n_patients; n >= 100; n /= 10)
    width++;

  ebb_csv_append_row (patients, patient_header, G_N_ELEMENTS (patient_header));
  ebb_csv_append_row (sessions, session_header, G_N_ELEMENTS (session_header));
  ebb_csv_append_row (scores, score_header, G_N_ELEMENTS (score_header));

  for (guint i = 0; i < n_patients; i++)
    {
      DemoPatient p;
      char code[32];

      demo_patient_init (&p, options->seed, i, options->today);
      make_schedule (&p, years);
      if (p.role.high_pressure)
        raise_last_pressure (&p);
      make_ratings (&p);
      if (i >= G_N_ELEMENTS (demo_roles) && rand_chance (p.rand, SUICIDE_ITEM_CHANCE))
        add_random_alert (&p);
      g_array_sort (p.ratings, compare_ratings);

      g_snprintf (code, sizeof code, "DEMO-%0*u", (int) width, i + 1);
      write_patient (&p, code, i + 1, width, patients, sessions, scores);
      demo_patient_clear (&p);
    }
}

/* Creating the database ------------------------------------------------------------ */

gboolean
ebb_demo_is_demo_patient (const EbbPatient *patient)
{
  g_return_val_if_fail (patient != NULL, FALSE);

  return patient->notes != NULL && g_str_has_prefix (patient->notes, EBB_DEMO_NOTES);
}

/**
 * ebb_demo_check_replaceable:
 * @path: where a demo database is to be made
 *
 * A demo may only replace nothing, an empty file, or an Ebb database
 * that holds nothing but demo patients.  Anything else is somebody's
 * data and is left alone.
 *
 * Returns: %TRUE when @path may be (re)made as a demo database
 */
gboolean
ebb_demo_check_replaceable (const char  *path,
                            GError     **error)
{
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_lstat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        return TRUE;
      g_set_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_FAILED,
                   _("No demo was made: “%s” cannot be checked (%s)"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_NOT_EBB,
                   _("No demo was made: “%s” is not a plain file. Choose a new file name for the demo"),
                   path);
      return FALSE;
    }
  if (st.st_size == 0)
    return TRUE;

  store = ebb_store_open (path, EBB_STORE_OPEN_READ_ONLY, &local_error);
  if (store == NULL)
    {
      g_set_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_NOT_EBB,
                   _("No demo was made: %s"), local_error->message);
      return FALSE;
    }

  patients = ebb_store_list_patients (store, &local_error);
  if (patients == NULL)
    {
      g_set_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_NOT_EBB,
                   _("No demo was made: “%s” cannot be read (%s)"), path, local_error->message);
      return FALSE;
    }
  for (guint i = 0; i < patients->len; i++)
    {
      if (!ebb_demo_is_demo_patient (g_ptr_array_index (patients, i)))
        {
          g_set_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_NOT_DEMO,
                       _("No demo was made: “%s” is an Ebb clinic with real patients, and it "
                         "was left as it is. Choose a new file name for the demo"),
                       path);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
write_private_file (const char  *path,
                    GString     *contents,
                    GError     **error)
{
  return g_file_set_contents_full (path, contents->str, (gssize) contents->len,
                                   G_FILE_SET_CONTENTS_NONE, 0600, error);
}

/**
 * ebb_demo_create_full:
 * @path: the database file to make
 * @options: what to put in it
 * @stats: (out) (optional): what the import added
 *
 * Makes a fresh demo database at @path through the CSV import.  An
 * existing file is replaced only when ebb_demo_check_replaceable() allows
 * it; close any connection to it first.
 */
gboolean
ebb_demo_create_full (const char            *path,
                      const EbbDemoOptions  *options,
                      EbbImportStats        *stats,
                      GError               **error)
{
  static const char * const names[] = { "patients.csv", "sessions.csv", "scores.csv" };
  g_autoptr(GString) patients = g_string_new (NULL);
  g_autoptr(GString) sessions = g_string_new (NULL);
  g_autoptr(GString) scores = g_string_new (NULL);
  GString *contents[] = { patients, sessions, scores };
  g_autofree char *dir = NULL;
  char *paths[G_N_ELEMENTS (names) + 1] = { NULL };
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options != NULL && options->today > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ebb_demo_check_replaceable (path, error))
    return FALSE;

  ebb_demo_write_csv (options, patients, sessions, scores);

  /* The import reads files, as it does for users: a private folder, so
   * nobody else can swap them under it. */
  dir = g_dir_make_tmp ("ebb-demo-XXXXXX", &local_error);
  if (dir == NULL)
    {
      g_set_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_FAILED,
                   _("The demo files could not be written: %s"), local_error->message);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      paths[i] = g_build_filename (dir, names[i], NULL);
      if (!write_private_file (paths[i], contents[i], &local_error))
        {
          g_set_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_FAILED,
                       _("The demo files could not be written: %s"), local_error->message);
          goto out;
        }
    }

  ebb_store_remove_database_files (path);
  store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &local_error);
  if (store == NULL)
    {
      g_set_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_FAILED,
                   _("The demo database could not be made: %s"), local_error->message);
      goto out;
    }

  problems = g_ptr_array_new_with_free_func (g_free);
  if (!ebb_import_files (store, (const char * const *) paths, stats, problems, &local_error))
    {
      /* A bug here, not the user's doing: say what the import said. */
      g_set_error (error, EBB_DEMO_ERROR, EBB_DEMO_ERROR_FAILED,
                   _("The demo clinic could not be imported: %s%s%s"),
                   local_error ? local_error->message : _("the import failed"),
                   problems->len > 0 ? ": " : "",
                   problems->len > 0 ? (const char *) g_ptr_array_index (problems, 0) : "");
      g_clear_object (&store);
      ebb_store_remove_database_files (path);
      goto out;
    }
  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (paths[i] != NULL)
        g_unlink (paths[i]);
      g_free (paths[i]);
    }
  g_rmdir (dir);
  return ok;
}

/**
 * ebb_demo_create:
 * @path: the database file to make
 * @today: the as-of day (EbbWhen.day)
 *
 * The small demo clinic (ebb_demo_options_init()) at @path.
 */
gboolean
ebb_demo_create (const char  *path,
                 gint32       today,
                 GError     **error)
{
  EbbDemoOptions options;

  ebb_demo_options_init (&options, today);
  return ebb_demo_create_full (path, &options, NULL, error);
}
