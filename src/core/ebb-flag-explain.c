/* ebb-flag-explain.c — why a flag was raised: the rule, with the numbers
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "Why?" behind each flag in the window and the report: the rule in
 * plain words with this patient's baseline and the clinic's settings.  It
 * sits beside the rules so that a change to one is seen in the other.
 */
#define G_LOG_DOMAIN "ebb-flags"

#include "config.h"

#include <glib/gi18n-lib.h>

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
