/* ebb-rule-settings.c — the clinic's rule settings (clinical rules, *setting*)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-rule-settings"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-rule-settings.h"

G_DEFINE_QUARK (ebb-rule-settings-error-quark, ebb_rule_settings_error)

#define MEANINGFUL_CHANGE_PREFIX "meaningful-change."

typedef enum
{
  VALUE_FRACTION,
  VALUE_DAYS,
  VALUE_POINTS,
  VALUE_PRESSURE,
} ValueKind;

/* One setting: where it lives in the struct, its range and its words.
 * The meaningful changes are one row standing for every efficacy scale. */
typedef struct
{
  const char *key;
  ValueKind   kind;
  gsize       offset;
  int         min;
  int         max;
  const char *title;    /* for Preferences, translated at use */
} SettingInfo;

static const SettingInfo settings_info[] = {
  { "response-fraction", VALUE_FRACTION, G_STRUCT_OFFSET (EbbRuleSettings, response_fraction), 10, 90,
    N_("Improvement that counts as response") },
  { "baseline-days", VALUE_DAYS, G_STRUCT_OFFSET (EbbRuleSettings, baseline_window_days), 1, 365,
    N_("Baseline window before the first session") },
  { "course-gap-days", VALUE_DAYS, G_STRUCT_OFFSET (EbbRuleSettings, course_gap_days), 14, 3650,
    N_("Gap between sessions that starts a new course") },
  { "madrs-remission", VALUE_POINTS, G_STRUCT_OFFSET (EbbRuleSettings, madrs_remission), 0, 30,
    N_("MADRS remission at or below") },
  { "fade-run-days", VALUE_DAYS, G_STRUCT_OFFSET (EbbRuleSettings, fade_run_days), 1, 365,
    N_("Not responding this long ends a response") },
  { "unrecorded-days", VALUE_DAYS, G_STRUCT_OFFSET (EbbRuleSettings, unrecorded_days), 1, 60,
    N_("Days before a booked session with no record is flagged") },
  { "bp-before", VALUE_PRESSURE, G_STRUCT_OFFSET (EbbRuleSettings, bp_before), 0, 0,
    N_("Blood pressure before dosing, flagged above") },
  { "bp-after", VALUE_PRESSURE, G_STRUCT_OFFSET (EbbRuleSettings, bp_after), 0, 0,
    N_("Blood pressure after dosing, flagged at or above") },
  { "bp-before-treated", VALUE_PRESSURE, G_STRUCT_OFFSET (EbbRuleSettings, bp_before_treated), 0, 0,
    N_("After a decision, blood pressure before dosing flagged at or above") },
};

/* Plausible limits for a blood-pressure threshold, in mmHg. */
#define SYSTOLIC_MIN 80
#define SYSTOLIC_MAX 260
#define DIASTOLIC_MIN 40
#define DIASTOLIC_MAX 160

void
ebb_rule_settings_init_defaults (EbbRuleSettings *settings)
{
  g_return_if_fail (settings != NULL);

  memset (settings, 0, sizeof *settings);
  settings->response_fraction = 0.50;
  settings->baseline_window_days = 30;
  settings->course_gap_days = 90;
  settings->madrs_remission = 10;
  settings->fade_run_days = 14;
  settings->unrecorded_days = 3;
  settings->bp_before = (EbbPressure) { 140, 90 };
  settings->bp_after = (EbbPressure) { 180, 110 };
  settings->bp_before_treated = (EbbPressure) { 160, 100 };
}

static guint
scale_position (const EbbScale *scale)
{
  guint n;
  const EbbScale * const *all = ebb_scale_all (&n);

  G_STATIC_ASSERT (EBB_RULE_SETTINGS_MAX_SCALES >= 8);
  for (guint i = 0; i < n && i < EBB_RULE_SETTINGS_MAX_SCALES; i++)
    if (all[i] == scale)
      return i;
  g_assert_not_reached ();
}

int
ebb_rule_settings_meaningful_change (const EbbRuleSettings *settings,
                                     const EbbScale        *scale)
{
  int value;

  g_return_val_if_fail (settings != NULL, 0);
  g_return_val_if_fail (scale != NULL, 0);

  value = settings->meaningful_change[scale_position (scale)];
  return value > 0 ? value : scale->meaningful_change;
}

void
ebb_rule_settings_set_meaningful_change (EbbRuleSettings *settings,
                                         const EbbScale  *scale,
                                         int              points)
{
  g_return_if_fail (settings != NULL);
  g_return_if_fail (scale != NULL);
  g_return_if_fail (points >= 0);

  settings->meaningful_change[scale_position (scale)] = points == scale->meaningful_change ? 0 : points;
}

/**
 * ebb_rule_settings_remission_max:
 *
 * The remission cut-off: MADRS's is a setting (the esketamine trials used
 * 12 where most use 10); the others are the catalogue's.
 *
 * Returns: remission at or below this total, or -1 when the scale has none
 */
int
ebb_rule_settings_remission_max (const EbbRuleSettings *settings,
                                 const EbbScale        *scale)
{
  g_return_val_if_fail (scale != NULL, -1);

  if (settings != NULL && g_str_equal (scale->id, "MADRS"))
    return settings->madrs_remission;
  return scale->remission_max;
}

/* Keys ---------------------------------------------------------------------- */

static const SettingInfo *
find_info (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (settings_info); i++)
    if (g_str_equal (settings_info[i].key, key))
      return &settings_info[i];
  return NULL;
}

/* The efficacy scale a "meaningful-change.ID" key names, or NULL. */
static const EbbScale *
meaningful_change_scale (const char *key)
{
  const EbbScale *scale;

  if (!g_str_has_prefix (key, MEANINGFUL_CHANGE_PREFIX))
    return NULL;
  scale = ebb_scale_lookup (key + strlen (MEANINGFUL_CHANGE_PREFIX));
  if (scale == NULL || !scale->efficacy || scale->meaningful_change <= 0)
    return NULL;
  /* Only the canonical spelling is a key, so that one setting has one row. */
  if (!g_str_equal (scale->id, key + strlen (MEANINGFUL_CHANGE_PREFIX)))
    return NULL;
  return scale;
}

/**
 * ebb_rule_settings_list_keys:
 *
 * Returns: (transfer full): every key, in the order Preferences and
 *   `ebb-cli settings` show them
 */
GStrv
ebb_rule_settings_list_keys (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const EbbScale * const *all;
  guint n;

  for (guint i = 0; i < G_N_ELEMENTS (settings_info); i++)
    {
      g_strv_builder_add (builder, settings_info[i].key);
      if (g_str_equal (settings_info[i].key, "baseline-days"))
        {
          all = ebb_scale_all (&n);
          for (guint j = 0; j < n; j++)
            if (all[j]->efficacy && all[j]->meaningful_change > 0)
              {
                g_autofree char *key = g_strconcat (MEANINGFUL_CHANGE_PREFIX, all[j]->id, NULL);
                g_strv_builder_add (builder, key);
              }
        }
    }
  return g_strv_builder_end (builder);
}

gboolean
ebb_rule_settings_has_key (const char *key)
{
  g_return_val_if_fail (key != NULL, FALSE);
  return find_info (key) != NULL || meaningful_change_scale (key) != NULL;
}

static char *
format_value (const EbbRuleSettings *settings,
              const SettingInfo     *info)
{
  const guint8 *base = (const guint8 *) settings;

  switch (info->kind)
    {
    case VALUE_FRACTION:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2g",
                                          G_STRUCT_MEMBER (double, base, info->offset)));
      }
    case VALUE_DAYS:
    case VALUE_POINTS:
      return g_strdup_printf ("%d", G_STRUCT_MEMBER (int, base, info->offset));
    case VALUE_PRESSURE:
      {
        const EbbPressure *p = (const EbbPressure *) (base + info->offset);
        return g_strdup_printf ("%d/%d", p->systolic, p->diastolic);
      }
    default:
      g_assert_not_reached ();
    }
}

/**
 * ebb_rule_settings_get_value:
 *
 * Returns: (transfer full) (nullable): the setting in its text form
 *   ("0.5", "30", "140/90"), or %NULL for an unknown key
 */
char *
ebb_rule_settings_get_value (const EbbRuleSettings *settings,
                             const char            *key)
{
  const SettingInfo *info;
  const EbbScale *scale;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if ((info = find_info (key)) != NULL)
    return format_value (settings, info);
  if ((scale = meaningful_change_scale (key)) != NULL)
    return g_strdup_printf ("%d", ebb_rule_settings_meaningful_change (settings, scale));
  return NULL;
}

char *
ebb_rule_settings_get_default (const char *key)
{
  EbbRuleSettings defaults;

  g_return_val_if_fail (key != NULL, NULL);

  ebb_rule_settings_init_defaults (&defaults);
  return ebb_rule_settings_get_value (&defaults, key);
}

gboolean
ebb_rule_settings_is_default (const EbbRuleSettings *settings,
                              const char            *key)
{
  g_autofree char *value = NULL;
  g_autofree char *fallback = NULL;

  g_return_val_if_fail (settings != NULL, TRUE);
  g_return_val_if_fail (key != NULL, TRUE);

  value = ebb_rule_settings_get_value (settings, key);
  fallback = ebb_rule_settings_get_default (key);
  return g_strcmp0 (value, fallback) == 0;
}

/* A whole number in plain ASCII digits, nothing around it. */
static gboolean
parse_int (const char *text,
           int        *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, 100000, &value, NULL))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static gboolean
invalid (GError    **error,
         const char *key,
         const char *message)
{
  g_set_error (error, EBB_RULE_SETTINGS_ERROR, EBB_RULE_SETTINGS_ERROR_INVALID,
               /* Translators: "bp-before: give systolic over diastolic, e.g. 140/90" */
               _("%s: %s"), key, message);
  return FALSE;
}

static gboolean
parse_pressure (const char  *key,
                const char  *text,
                EbbPressure *out,
                GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", 3);

  if (g_strv_length (parts) != 2 ||
      !parse_int (g_strstrip (parts[0]), &out->systolic) ||
      !parse_int (g_strstrip (parts[1]), &out->diastolic))
    return invalid (error, key, _("give systolic over diastolic in mmHg, e.g. 140/90"));
  if (out->systolic < SYSTOLIC_MIN || out->systolic > SYSTOLIC_MAX ||
      out->diastolic < DIASTOLIC_MIN || out->diastolic > DIASTOLIC_MAX ||
      out->diastolic >= out->systolic)
    {
      g_autofree char *message = g_strdup_printf (_("systolic must be %d–%d and diastolic %d–%d, and lower"),
                                                  SYSTOLIC_MIN, SYSTOLIC_MAX, DIASTOLIC_MIN, DIASTOLIC_MAX);
      return invalid (error, key, message);
    }
  return TRUE;
}

/**
 * ebb_rule_settings_set_value:
 * @settings: the settings to change
 * @key: a key of ebb_rule_settings_list_keys()
 * @value: its text form: "0.5" or "50%" for the response fraction, whole
 *   days or points, "140/90" for a blood pressure
 *
 * Checks @value against the key's range; @settings is left as it was on
 * failure.
 */
gboolean
ebb_rule_settings_set_value (EbbRuleSettings *settings,
                             const char      *key,
                             const char      *value,
                             GError         **error)
{
  const SettingInfo *info;
  const EbbScale *scale;
  guint8 *base = (guint8 *) settings;
  g_autofree char *text = NULL;
  int number;

  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  text = g_strstrip (g_strdup (value));

  if ((scale = meaningful_change_scale (key)) != NULL)
    {
      if (!parse_int (text, &number) || number < 1 || number > scale->total_max)
        {
          g_autofree char *message = g_strdup_printf (_("give a whole number of points from 1 to %d"),
                                                      scale->total_max);
          return invalid (error, key, message);
        }
      ebb_rule_settings_set_meaningful_change (settings, scale, number);
      return TRUE;
    }

  if ((info = find_info (key)) == NULL)
    {
      g_set_error (error, EBB_RULE_SETTINGS_ERROR, EBB_RULE_SETTINGS_ERROR_UNKNOWN_KEY,
                   _("“%s” is not a rule setting"), key);
      return FALSE;
    }

  switch (info->kind)
    {
    case VALUE_FRACTION:
      {
        gboolean percent = g_str_has_suffix (text, "%");
        char *end = NULL;
        double fraction;

        if (percent)
          text[strlen (text) - 1] = '\0';
        errno = 0;
        fraction = g_ascii_strtod (g_strstrip (text), &end);
        if (end == text || *end != '\0' || errno != 0 || !isfinite (fraction))
          return invalid (error, key, _("give a fraction such as 0.5, or a percentage such as 50%"));
        if (percent)
          fraction /= 100.0;
        /* Whole percentages only: "response needs 10 or less" must be a
         * number a clinician can check by hand. */
        fraction = round (fraction * 100.0) / 100.0;
        if (fraction * 100.0 < info->min - 1e-9 || fraction * 100.0 > info->max + 1e-9)
          {
            /* Said the way it was typed: Preferences shows a percentage. */
            g_autofree char *message = percent ?
              /* Translators: "give a percentage from 10 % to 90 %" */
              g_strdup_printf (_("give a percentage from %d %% to %d %%"), info->min, info->max) :
              g_strdup_printf (_("give a fraction from 0.%d to 0.%d"), info->min / 10, info->max / 10);
            return invalid (error, key, message);
          }
        G_STRUCT_MEMBER (double, base, info->offset) = fraction;
        return TRUE;
      }
    case VALUE_DAYS:
    case VALUE_POINTS:
      if (!parse_int (text, &number) || number < info->min || number > info->max)
        {
          g_autofree char *message = info->kind == VALUE_DAYS
            ? g_strdup_printf (_("give a whole number of days from %d to %d"), info->min, info->max)
            : g_strdup_printf (_("give a whole number of points from %d to %d"), info->min, info->max);
          return invalid (error, key, message);
        }
      G_STRUCT_MEMBER (int, base, info->offset) = number;
      return TRUE;
    case VALUE_PRESSURE:
      {
        EbbPressure pressure;

        if (!parse_pressure (key, text, &pressure, error))
          return FALSE;
        *(EbbPressure *) (base + info->offset) = pressure;
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
}

/**
 * ebb_rule_settings_get_title:
 *
 * Returns: what the setting is, in the user's language, for Preferences
 */
const char *
ebb_rule_settings_get_title (const char *key)
{
  const SettingInfo *info;
  const EbbScale *scale;
  static GHashTable *titles;   /* key → "Meaningful change on PHQ-9", made once */
  G_LOCK_DEFINE_STATIC (titles);
  const char *title;

  g_return_val_if_fail (key != NULL, NULL);

  if ((info = find_info (key)) != NULL)
    return _(info->title);
  if ((scale = meaningful_change_scale (key)) == NULL)
    return NULL;

  G_LOCK (titles);
  if (titles == NULL)
    titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  title = g_hash_table_lookup (titles, key);
  if (title == NULL)
    {
      /* Translators: a rule setting, "Meaningful worsening on PHQ-9" */
      char *made = g_strdup_printf (_("Meaningful worsening on %s"), scale->id);
      g_hash_table_insert (titles, g_strdup (key), made);
      title = made;
    }
  G_UNLOCK (titles);
  return title;
}

/**
 * ebb_rule_settings_get_unit:
 *
 * Returns: the unit the value is counted in, in the user's language
 *   ("days", "points", "mmHg"), or "" for the response fraction
 */
const char *
ebb_rule_settings_get_unit (const char *key)
{
  const SettingInfo *info;

  g_return_val_if_fail (key != NULL, NULL);

  if (meaningful_change_scale (key) != NULL)
    return _("points");
  if ((info = find_info (key)) == NULL)
    return NULL;
  switch (info->kind)
    {
    case VALUE_FRACTION: return "";
    case VALUE_DAYS: return _("days");
    case VALUE_POINTS: return _("points");
    case VALUE_PRESSURE: return _("mmHg");
    default: g_assert_not_reached ();
    }
}
