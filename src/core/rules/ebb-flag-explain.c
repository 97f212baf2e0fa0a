/* ebb-flag-explain.c — a flag for people: its title, and why it was raised
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "Why?" behind each flag in the window and the report: the rule in
 * plain words with this patient's baseline and the clinic's settings.  It
 * sits beside the rules so that a change to one is seen in the other.
 *
 * Also the few words a flag is known by on screen ("Faded Sat 14 Nov · 20
 * days before the next session"), and the fact a banner or a card leads
 * with.  A flag's detail keeps ISO dates, since files and the command
 * line share it; ebb_flag_text_for_people() writes them as people read
 * them, for the window.
 */
#define G_LOG_DOMAIN "ebb-flags"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-date.h"
#include "ebb-flags.h"

/**
 * ebb_flag_explain_rule:
 * @flag: a flag
 * @trajectory: (nullable): the trajectory of the flag's scale, for the
 *   kinds that have one
 * @settings: the clinic's rule settings
 *
 * Returns: (transfer full): the rule behind @flag, in the user's language
 */
char *
ebb_flag_explain_rule (const EbbFlag         *flag,
                       const EbbTrajectory   *trajectory,
                       const EbbRuleSettings *settings)
{
  const EbbScale *scale = flag->scale;
  g_autofree char *baseline = trajectory != NULL ? ebb_trajectory_describe_baseline (trajectory) : NULL;
  g_autofree char *need = trajectory != NULL ? ebb_trajectory_describe_response_level (trajectory) : NULL;
  const int change = trajectory != NULL ? ebb_trajectory_get_meaningful_change (trajectory) : 0;

  switch (flag->kind)
    {
    case EBB_FLAG_SUICIDE_ITEM:
      return g_strdup_printf (_("On the %s, item %u asks about %s. A value of %d or more raises this alert "
                                "whatever the total; when the items were not recorded, so does a total too "
                                "high for the item to be lower. Only a clinician’s decision closes it: a "
                                "later calmer rating does not."),
                              scale->id, scale->alert_item, ebb_scale_get_alert_item_label (scale),
                              scale->alert_min);
    case EBB_FLAG_WORSENING:
      return g_strdup_printf (_("The baseline of this course is %s. A rating at least %d points above it, the "
                                "meaningful change on this scale, is worsening, whether or not the patient "
                                "ever responded. It stays open until a rating is below that again."),
                              baseline, change);
    case EBB_FLAG_RELAPSE:
      {
        g_autofree char *level = trajectory != NULL ? ebb_trajectory_describe_relapse_level (trajectory) : NULL;

        return g_strdup_printf (_("After a response in this course, the ratings stayed at relapse level, %s, "
                                  "for at least 5 days, however often they were taken. It stays open until "
                                  "a responding rating."), level != NULL ? level : "");
      }
    case EBB_FLAG_NON_RESPONSE:
      return g_strdup_printf (_("Induction is judged at the 6th session (the 8th when the course began with "
                                "a nasal spray) or 28 days after the course began, whichever comes first, "
                                "once at least 4 sessions were given. The first rating after that and the "
                                "one before it were not responding: %s. It stays open until a responding "
                                "rating."), need != NULL ? need : "");
    case EBB_FLAG_FADED:
      return g_strdup_printf (_("The baseline of this course is %s; %s. A response has faded when a later "
                                "rating is no longer responding and at least %d points above the lowest "
                                "score of that response, or when ratings stay above the response level for "
                                "%d days. It stays open until a responding rating."),
                              baseline, need != NULL ? need : "", change, settings->fade_run_days);
    case EBB_FLAG_PROJECTED:
      return g_strdup_printf (_("The baseline of this course is %s; %s. A straight line through at least "
                                "three ratings since the lowest of this interval crosses that level before "
                                "the next booked session. It is recomputed every day."),
                              baseline, need != NULL ? need : "");
    case EBB_FLAG_MISSED:
      return g_strdup (_("The last two sessions that were either given or missed were both missed. It "
                         "closes when a session is given."));
    case EBB_FLAG_UNRECORDED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "A booked session %d day or more in the past was recorded neither "
                                           "as done, missed nor cancelled.",
                                           "A booked session %d days or more in the past was recorded neither "
                                           "as done, missed nor cancelled.",
                                           settings->unrecorded_days),
                              settings->unrecorded_days);
    case EBB_FLAG_LAPSED:
      return g_strdup (_("Nothing is booked, and the time since the last session is more than one and a half "
                         "times the last interval between sessions (and at least 14 days). Booking a "
                         "session or recording the end of the course closes it."));
    case EBB_FLAG_BLOOD_PRESSURE:
      return g_strdup_printf (_("Before dosing, a pressure above %d/%d; after dosing, %d/%d or more. While it "
                                "is open, later high sessions add to it. After a decision, and until a "
                                "session within the limits, only %d/%d or more before dosing, or %d/%d or more "
                                "after it, opens a new one."),
                              settings->bp_before.systolic, settings->bp_before.diastolic,
                              settings->bp_after.systolic, settings->bp_after.diastolic,
                              settings->bp_before_treated.systolic, settings->bp_before_treated.diastolic,
                              settings->bp_after.systolic, settings->bp_after.diastolic);
    case EBB_N_FLAG_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Titles -------------------------------------------------------------------- */

static char *
format_day (gint32 day,
            gint32 today)
{
  return day > 0 ? ebb_date_format_for_people (day, today) : g_strdup ("");
}

/**
 * ebb_flag_get_title:
 * @flag: a flag
 * @today: the day it is read on, to leave out this year in dates
 *
 * The few words a flag is known by, its kind first: "Faded Sat 14 Nov ·
 * 20 days before the next session", "Suicide item · PHQ-9 item 9 was 1".
 * The numbers behind it are in its detail.
 *
 * Returns: (transfer full): the title, in the user's language
 */
char *
ebb_flag_get_title (const EbbFlag *flag,
                    gint32         today)
{
  g_autofree char *day = NULL;
  const char *scale;

  g_return_val_if_fail (flag != NULL, NULL);

  day = format_day (flag->day, today);
  scale = flag->scale != NULL ? flag->scale->id : "";

  switch (flag->kind)
    {
    case EBB_FLAG_SUICIDE_ITEM:
      if (flag->latest_implied)
        /* Translators: a flag's title, "Suicide item · PHQ-9 item 9 at least 1"
         * (implied by the total) */
        return g_strdup_printf (_("Suicide item · %s item %u at least %d"), scale,
                                flag->scale->alert_item, flag->latest_value[0]);
      /* Translators: a flag's title, "Suicide item · PHQ-9 item 9 was 1" */
      return g_strdup_printf (_("Suicide item · %s item %u was %d"), scale,
                              flag->scale->alert_item, flag->latest_value[0]);
    case EBB_FLAG_WORSENING:
      /* Translators: a flag's title, "Worsening Sat 5 Dec · QIDS-SR16 above baseline" */
      return g_strdup_printf (_("Worsening %s · %s above baseline"), day, scale);
    case EBB_FLAG_RELAPSE:
      /* Translators: a flag's title, "Relapse Sun 22 Nov · MADRS at relapse level" */
      return g_strdup_printf (_("Relapse %s · %s at relapse level"), day, scale);
    case EBB_FLAG_BLOOD_PRESSURE:
      {
        g_autofree char *latest = format_day (flag->latest_day, today);

        /* Translators: a flag's title, "Blood pressure 149/96 · Thu 3 Dec" */
        return g_strdup_printf (_("Blood pressure %d/%d · %s"), flag->latest_value[0],
                                flag->latest_value[1], latest);
      }
    case EBB_FLAG_NON_RESPONSE:
      /* Translators: a flag's title, "No response Fri 16 Oct · PHQ-9 after induction" */
      return g_strdup_printf (_("No response %s · %s after induction"), day, scale);
    case EBB_FLAG_FADED:
      if (flag->next_session_day == 0)
        /* Translators: a flag's title, "Faded Sat 14 Nov · no next session booked" */
        return g_strdup_printf (_("Faded %s · no next session booked"), day);
      if (!flag->has_days_early || flag->days_early <= 0)
        /* Translators: a flag's title, "Faded Sat 14 Nov · by the next session" */
        return g_strdup_printf (_("Faded %s · by the next session"), day);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: a flag's title, "Faded Sat 14 Nov · 20
                                            * days before the next session" */
                                           "Faded %s · %d day before the next session",
                                           "Faded %s · %d days before the next session",
                                           flag->days_early),
                              day, flag->days_early);
    case EBB_FLAG_PROJECTED:
      if (flag->before_day <= flag->day)
        /* Translators: a flag's title, "Fade projected Wed 9 Dec" */
        return g_strdup_printf (_("Fade projected %s"), day);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: a flag's title, "Fade projected Wed 9 Dec ·
                                            * 9 days before the next session" */
                                           "Fade projected %s · %d day before the next session",
                                           "Fade projected %s · %d days before the next session",
                                           flag->before_day - flag->day),
                              day, flag->before_day - flag->day);
    case EBB_FLAG_MISSED:
      /* Translators: a flag's title, "Missed sessions since Tue 10 Nov" */
      return g_strdup_printf (_("Missed sessions since %s"), day);
    case EBB_FLAG_UNRECORDED:
      /* Translators: a flag's title, "Session not recorded · booked for Sun 22 Nov" */
      return g_strdup_printf (_("Session not recorded · booked for %s"), day);
    case EBB_FLAG_LAPSED:
      {
        g_autofree char *last = format_day (flag->session_day, today);

        /* Translators: a flag's title, "Lost to follow-up · no session since Mon 3 Aug" */
        return g_strdup_printf (_("Lost to follow-up · no session since %s"), last);
      }
    case EBB_N_FLAG_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_flag_get_headline:
 * @flag: a flag
 * @today: the day it is read on, to leave out this year in dates
 *
 * What happened, with its date, for a banner that leads with the flag's
 * suggestion: "Assess suicide risk today — PHQ-9 item 9 was 1 on Fri 4
 * Dec".  A suicide-item or blood-pressure flag gives its latest value.
 *
 * Returns: (transfer full): the headline, in the user's language
 */
char *
ebb_flag_get_headline (const EbbFlag *flag,
                       gint32         today)
{
  g_autofree char *day = NULL;
  const char *scale;

  g_return_val_if_fail (flag != NULL, NULL);

  day = format_day (flag->day, today);
  scale = flag->scale != NULL ? flag->scale->id : "";

  switch (flag->kind)
    {
    case EBB_FLAG_SUICIDE_ITEM:
      {
        g_autofree char *latest = format_day (flag->latest_day, today);

        if (flag->latest_implied)
          /* Translators: "PHQ-9 item 9 at least 1 on Fri 4 Dec" (implied by the total) */
          return g_strdup_printf (_("%s item %u at least %d on %s"), scale, flag->scale->alert_item,
                                  flag->latest_value[0], latest);
        /* Translators: "PHQ-9 item 9 was 1 on Fri 4 Dec" */
        return g_strdup_printf (_("%s item %u was %d on %s"), scale, flag->scale->alert_item,
                                flag->latest_value[0], latest);
      }
    case EBB_FLAG_WORSENING:
      /* Translators: "QIDS-SR16 above baseline since Sat 5 Dec" */
      return g_strdup_printf (_("%s above baseline since %s"), scale, day);
    case EBB_FLAG_RELAPSE:
      /* Translators: "MADRS at relapse level since Sun 22 Nov" */
      return g_strdup_printf (_("%s at relapse level since %s"), scale, day);
    case EBB_FLAG_BLOOD_PRESSURE:
      {
        g_autofree char *latest = format_day (flag->latest_day, today);

        /* Translators: "Blood pressure 149/96 on Thu 3 Dec" */
        return g_strdup_printf (_("Blood pressure %d/%d on %s"), flag->latest_value[0],
                                flag->latest_value[1], latest);
      }
    case EBB_FLAG_NON_RESPONSE:
      /* Translators: "No response on PHQ-9 after induction, as of Fri 16 Oct" */
      return g_strdup_printf (_("No response on %s after induction, as of %s"), scale, day);
    case EBB_FLAG_FADED:
      if (flag->next_session_day == 0)
        /* Translators: "QIDS-SR16 response faded on Sat 5 Dec; no next session booked" */
        return g_strdup_printf (_("%s response faded on %s; no next session booked"), scale, day);
      if (!flag->has_days_early || flag->days_early <= 0)
        /* Translators: "QIDS-SR16 response faded by the session on Sat 5 Dec" */
        return g_strdup_printf (_("%s response faded by the session on %s"), scale, day);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: "QIDS-SR16 response faded on Sat 5 Dec,
                                            * 11 days before the next session" */
                                           "%s response faded on %s, %d day before the next session",
                                           "%s response faded on %s, %d days before the next session",
                                           flag->days_early),
                              scale, day, flag->days_early);
    case EBB_FLAG_PROJECTED:
      if (flag->before_day <= flag->day)
        /* Translators: "QIDS-SR16 response projected to fade on Wed 9 Dec" */
        return g_strdup_printf (_("%s response projected to fade on %s"), scale, day);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* Translators: "QIDS-SR16 response projected to fade on
                                            * Wed 9 Dec, 9 days before the next session" */
                                           "%s response projected to fade on %s, %d day before the next "
                                           "session",
                                           "%s response projected to fade on %s, %d days before the next "
                                           "session",
                                           flag->before_day - flag->day),
                              scale, day, flag->before_day - flag->day);
    case EBB_FLAG_MISSED:
      /* Translators: "Sessions missed in a row since Tue 10 Nov" */
      return g_strdup_printf (_("Sessions missed in a row since %s"), day);
    case EBB_FLAG_UNRECORDED:
      /* Translators: "The session of Sun 22 Nov has no record" */
      return g_strdup_printf (_("The session of %s has no record"), day);
    case EBB_FLAG_LAPSED:
      {
        g_autofree char *last = format_day (flag->session_day, today);

        /* Translators: "No session since Mon 3 Aug and nothing booked" */
        return g_strdup_printf (_("No session since %s and nothing booked"), last);
      }
    case EBB_N_FLAG_KINDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Whether @p starts with @n ASCII digits. */
static gboolean
digits (const char *p,
        guint       n)
{
  for (guint i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

/**
 * ebb_flag_text_for_people:
 * @text: a text the rules wrote: a flag's detail or rule, a baseline, a
 *   decision
 * @today: the day it is read on, to leave out this year in dates
 *
 * The rules write dates as files do ("2026-11-14", "2026-11-14T09:30"),
 * since the command line and the exports share their texts.  On screen,
 * people read them in their own language, "Sat 14 Nov", as everywhere
 * else in the window.  A date is only one that stands alone: not part of
 * a longer number or a range of digits.  (Scanned by hand: a regular
 * expression compiled by PCRE's JIT is slower here and confuses valgrind.)
 *
 * Returns: (transfer full): @text with each ISO date written for people
 */
char *
ebb_flag_text_for_people (const char *text,
                          gint32      today)
{
  GString *result;
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  result = g_string_sized_new (strlen (text) + 16);
  while (*p != '\0')
    {
      gboolean alone = p == text || (!g_ascii_isdigit (p[-1]) && p[-1] != '-');
      const char *end = p + 10;
      gint32 day = 0;

      if (alone && digits (p, 4) && p[4] == '-' && digits (p + 5, 2) && p[7] == '-' && digits (p + 8, 2))
        day = ebb_date_from_ymd (atoi (p), atoi (p + 5), atoi (p + 8));
      if (day > 0)
        {
          gboolean timed = end[0] == 'T' && digits (end + 1, 2) && end[3] == ':' && digits (end + 4, 2);
          const char *after = timed ? end + 6 : end;
          g_autofree char *date = NULL;

          if (timed && after[0] == ':' && digits (after + 1, 2))
            after += 3;
          if (!g_ascii_isdigit (after[0]))
            {
              date = ebb_date_format_for_people (day, today);
              g_string_append (result, date);
              if (timed)
                /* Translators: a time after a date in a sentence, ", 14:30" */
                g_string_append_printf (result, _(", %.2s:%.2s"), end + 1, end + 4);
              p = after;
              continue;
            }
        }
      g_string_append_c (result, *p);
      p++;
    }
  return g_string_free (result, FALSE);
}
