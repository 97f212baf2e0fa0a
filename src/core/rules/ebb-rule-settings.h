/* ebb-rule-settings.h — the clinic's rule settings (clinical rules, *setting*)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The thresholds the rules mark as settings are clinic policy: they are
 * kept in the clinic file (see ebb_store_load_rule_settings()), so that
 * every workstation and the command line flag a patient the same way.
 * This file knows their keys, defaults, ranges and text form; it knows
 * nothing of where they are stored.
 */
#pragma once

#include <glib.h>

#include "ebb-scale.h"

G_BEGIN_DECLS

#define EBB_RULE_SETTINGS_ERROR (ebb_rule_settings_error_quark ())

typedef enum
{
  EBB_RULE_SETTINGS_ERROR_UNKNOWN_KEY,   /* no setting of that name */
  EBB_RULE_SETTINGS_ERROR_INVALID,       /* a value that does not parse or is out of range */
} EbbRuleSettingsError;

/* A blood pressure limit, systolic over diastolic, in mmHg. */
typedef struct
{
  int systolic;
  int diastolic;
} EbbPressure;

#define EBB_RULE_SETTINGS_MAX_SCALES 16

typedef struct
{
  double      response_fraction;      /* response-fraction: responding when score <= B × (1 − r); 0.50 */
  int         baseline_window_days;   /* baseline-days: a baseline at most this many days before T0; 30 */
  int         course_gap_days;        /* course-gap-days: a done session this long after the previous starts a course; 90 */
  int         meaningful_change[EBB_RULE_SETTINGS_MAX_SCALES]; /* meaningful-change.ID, by catalogue position; 0 = the scale's default */
  int         madrs_remission;        /* madrs-remission: MADRS remission at or below; 10 */
  int         fade_run_days;          /* fade-run-days: not responding this long ends an episode; 14 */
  int         unrecorded_days;        /* unrecorded-days: a booking this old with no record is flagged; 3 */
  EbbPressure bp_before;              /* bp-before: before dosing, flagged when above; 140/90 */
  EbbPressure bp_after;               /* bp-after: after dosing, flagged at or above; 180/110 */
  EbbPressure bp_before_treated;      /* bp-before-treated: after a decision, flagged at or above; 160/100 */
} EbbRuleSettings;

GQuark      ebb_rule_settings_error_quark        (void);
void        ebb_rule_settings_init_defaults      (EbbRuleSettings       *settings);
int         ebb_rule_settings_meaningful_change  (const EbbRuleSettings *settings,
                                                  const EbbScale        *scale);
void        ebb_rule_settings_set_meaningful_change (EbbRuleSettings    *settings,
                                                  const EbbScale        *scale,
                                                  int                    points);
int         ebb_rule_settings_remission_max      (const EbbRuleSettings *settings,
                                                  const EbbScale        *scale);

/* Keys and their text form, for the clinic file, `ebb-cli settings` and
 * Preferences.  Values are plain ASCII ("0.5", "30", "140/90"), never
 * localised. */
GStrv       ebb_rule_settings_list_keys          (void);
gboolean    ebb_rule_settings_has_key            (const char            *key);
char       *ebb_rule_settings_get_value          (const EbbRuleSettings *settings,
                                                  const char            *key);
char       *ebb_rule_settings_get_default        (const char            *key);
gboolean    ebb_rule_settings_set_value          (EbbRuleSettings       *settings,
                                                  const char            *key,
                                                  const char            *value,
                                                  GError               **error);
gboolean    ebb_rule_settings_is_default         (const EbbRuleSettings *settings,
                                                  const char            *key);
const char *ebb_rule_settings_get_title          (const char            *key);
const char *ebb_rule_settings_get_unit           (const char            *key);

G_END_DECLS
