/* ebb-session.c — a treatment session, done or booked
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-session"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-session.h"

/* The words used in CSV files and in the database: never translated. */
static const char * const status_names[] = { "scheduled", "done", "cancelled", "missed" };
static const char * const phase_names[] = { "induction", "maintenance", "rescue" };
static const char * const route_names[] = { "iv", "im", "intranasal", "oral", "sublingual" };
static const char * const drug_names[] = { "", "ketamine", "esketamine" };
static const char * const level_names[] = { "", "none", "mild", "moderate", "severe" };
static const char * const effect_names[] = {
  "nausea", "vomiting", "headache", "dizziness", "anxiety", "raised-bp", "other",
};

static gboolean
lookup_name (const char         *text,
             const char * const *names,
             guint               n_names,
             int                *value)
{
  const char *start, *end;

  if (text == NULL)
    return FALSE;

  /* Compared in place, ignoring case and surrounding blanks: the store
   * reads three of these for every session row. */
  for (start = text; g_ascii_isspace (*start); start++)
    ;
  for (end = start + strlen (start); end > start && g_ascii_isspace (end[-1]); end--)
    ;
  for (guint i = 0; i < n_names; i++)
    {
      gsize n = strlen (names[i]);

      if ((gsize) (end - start) == n && g_ascii_strncasecmp (start, names[i], n) == 0)
        {
          *value = (int) i;
          return TRUE;
        }
    }
  return FALSE;
}

G_DEFINE_QUARK (ebb-session-error-quark, ebb_session_error)

EbbSession *
ebb_session_new (void)
{
  EbbSession *session = g_new0 (EbbSession, 1);

  session->dose_mg = -1;
  session->when.second = -1;
  session->dose_time = -1;
  session->discharge_time = -1;
  session->respiratory_spo2 = -1;
  session->ready_min = -1;
  return session;
}

EbbSession *
ebb_session_copy (const EbbSession *session)
{
  EbbSession *copy;

  g_return_val_if_fail (session != NULL, NULL);

  copy = g_memdup2 (session, sizeof *session);
  copy->when_text = g_strdup (session->when_text);
  copy->note = g_strdup (session->note);
  copy->lot = g_strdup (session->lot);
  copy->other_effect = g_strdup (session->other_effect);
  copy->monitored_by = g_strdup (session->monitored_by);
  copy->readings = NULL;
  if (session->readings != NULL)
    {
      copy->readings = g_ptr_array_new_full (session->readings->len, (GDestroyNotify) ebb_reading_free);
      for (guint i = 0; i < session->readings->len; i++)
        g_ptr_array_add (copy->readings, ebb_reading_copy (g_ptr_array_index (session->readings, i)));
    }
  return copy;
}

void
ebb_session_free (EbbSession *session)
{
  if (session == NULL)
    return;
  g_free (session->when_text);
  g_free (session->note);
  g_free (session->lot);
  g_free (session->other_effect);
  g_free (session->monitored_by);
  g_clear_pointer (&session->readings, g_ptr_array_unref);
  g_free (session);
}

gboolean
ebb_session_set_when (EbbSession  *session,
                      const char  *text,
                      GError     **error)
{
  EbbWhen when;

  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!ebb_when_parse (text, &when, error))
    return FALSE;
  g_free (session->when_text);
  session->when_text = g_strdup (text);
  session->when = when;
  return TRUE;
}

const char *
ebb_session_status_to_string (EbbSessionStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

gboolean
ebb_session_status_from_string (const char       *text,
                                EbbSessionStatus *status)
{
  int value;

  if (!lookup_name (text, status_names, G_N_ELEMENTS (status_names), &value))
    return FALSE;
  *status = (EbbSessionStatus) value;
  return TRUE;
}

const char *
ebb_phase_to_string (EbbPhase phase)
{
  g_return_val_if_fail (phase < G_N_ELEMENTS (phase_names), NULL);
  return phase_names[phase];
}

gboolean
ebb_phase_from_string (const char *text,
                       EbbPhase   *phase)
{
  int value;

  if (!lookup_name (text, phase_names, G_N_ELEMENTS (phase_names), &value))
    return FALSE;
  *phase = (EbbPhase) value;
  return TRUE;
}

const char *
ebb_route_to_string (EbbRoute route)
{
  g_return_val_if_fail (route < G_N_ELEMENTS (route_names), NULL);
  return route_names[route];
}

gboolean
ebb_route_from_string (const char *text,
                       EbbRoute   *route)
{
  int value;

  if (!lookup_name (text, route_names, G_N_ELEMENTS (route_names), &value))
    return FALSE;
  *route = (EbbRoute) value;
  return TRUE;
}

/* Words for people ---------------------------------------------------------- */

/**
 * ebb_session_status_to_label:
 *
 * Returns: the status as a word inside a sentence, in the user's language,
 *   e.g. "done"; ebb_session_status_to_string() gives the word for files
 */
const char *
ebb_session_status_to_label (EbbSessionStatus status)
{
  switch (status)
    {
    case EBB_SESSION_SCHEDULED: return C_("session status", "scheduled");
    case EBB_SESSION_DONE:      return C_("session status", "done");
    case EBB_SESSION_CANCELLED: return C_("session status", "cancelled");
    case EBB_SESSION_MISSED:    return C_("session status", "missed");
    default:                    g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_phase_to_label:
 *
 * Returns: the treatment phase as a word inside a sentence, in the user's
 *   language, e.g. "maintenance"
 */
const char *
ebb_phase_to_label (EbbPhase phase)
{
  switch (phase)
    {
    case EBB_PHASE_INDUCTION:   return C_("session phase", "induction");
    case EBB_PHASE_MAINTENANCE: return C_("session phase", "maintenance");
    case EBB_PHASE_RESCUE:      return C_("session phase", "rescue");
    default:                    g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_route_to_label:
 *
 * Returns: the route of administration inside a sentence, in the user's
 *   language: "IV", "IM", "intranasal", "oral" or "sublingual"
 */
const char *
ebb_route_to_label (EbbRoute route)
{
  switch (route)
    {
    /* Translators: routes of administration, as abbreviated in clinics */
    case EBB_ROUTE_IV:         return C_("route", "IV");
    case EBB_ROUTE_IM:         return C_("route", "IM");
    case EBB_ROUTE_INTRANASAL: return C_("route", "intranasal");
    case EBB_ROUTE_ORAL:       return C_("route", "oral");
    case EBB_ROUTE_SUBLINGUAL: return C_("route", "sublingual");
    default:                   g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_session_status_to_title:
 *
 * Returns: the status standing alone, as a column's cell or a list's
 *   label, in the user's language, e.g. "Done"; inside a sentence, use
 *   ebb_session_status_to_label()
 */
const char *
ebb_session_status_to_title (EbbSessionStatus status)
{
  switch (status)
    {
    case EBB_SESSION_SCHEDULED: return C_("session status", "Scheduled");
    case EBB_SESSION_DONE:      return C_("session status", "Done");
    case EBB_SESSION_CANCELLED: return C_("session status", "Cancelled");
    case EBB_SESSION_MISSED:    return C_("session status", "Missed");
    default:                    g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_phase_to_title:
 *
 * Returns: the phase standing alone, e.g. "Maintenance"
 */
const char *
ebb_phase_to_title (EbbPhase phase)
{
  switch (phase)
    {
    case EBB_PHASE_INDUCTION:   return C_("session phase", "Induction");
    case EBB_PHASE_MAINTENANCE: return C_("session phase", "Maintenance");
    case EBB_PHASE_RESCUE:      return C_("session phase", "Rescue");
    default:                    g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_route_to_title:
 *
 * Returns: the route standing alone, e.g. "Intranasal"
 */
const char *
ebb_route_to_title (EbbRoute route)
{
  switch (route)
    {
    /* Translators: routes of administration, as abbreviated in clinics */
    case EBB_ROUTE_IV:         return C_("route", "IV");
    case EBB_ROUTE_IM:         return C_("route", "IM");
    case EBB_ROUTE_INTRANASAL: return C_("route", "Intranasal");
    case EBB_ROUTE_ORAL:       return C_("route", "Oral");
    case EBB_ROUTE_SUBLINGUAL: return C_("route", "Sublingual");
    default:                   g_return_val_if_reached (NULL);
    }
}

/**
 * ebb_session_dose_max_mg:
 * @route: a route of administration
 *
 * The largest dose Ebb takes by @route.  The bound catches slips of the
 * keys (100000 for 100, 350 for 35), not prescriptions: it is well above
 * any dose given for depression.  The route stands for the drug, which a
 * session does not record: intranasal is esketamine (28, 56 or 84 mg a
 * session) or compounded racemic ketamine; IV and IM are racemic
 * ketamine at about 0.5–1 mg/kg, so 200 mg leaves room for a patient of
 * 200 kg; by mouth and under the tongue far less reaches the blood, and
 * doses up to a few mg/kg are given, so 500 mg.
 *
 * Returns: the bound in mg
 */
double
ebb_session_dose_max_mg (EbbRoute route)
{
  switch (route)
    {
    case EBB_ROUTE_IV:
    case EBB_ROUTE_IM:
    case EBB_ROUTE_INTRANASAL:
      return 200;
    case EBB_ROUTE_ORAL:
    case EBB_ROUTE_SUBLINGUAL:
      return 500;
    default:
      g_return_val_if_reached (0);
    }
}

/* The record of a dose ------------------------------------------------------ */

const char *
ebb_drug_to_string (EbbDrug drug)
{
  g_return_val_if_fail ((guint) drug < G_N_ELEMENTS (drug_names), NULL);
  return drug_names[drug];
}

/* Blank or NULL is "not recorded". */
gboolean
ebb_drug_from_string (const char *text,
                      EbbDrug    *drug)
{
  int value;

  g_return_val_if_fail (drug != NULL, FALSE);

  while (text != NULL && g_ascii_isspace (*text))
    text++;
  if (text == NULL || *text == '\0')
    {
      *drug = EBB_DRUG_NOT_RECORDED;
      return TRUE;
    }
  if (!lookup_name (text, drug_names, G_N_ELEMENTS (drug_names), &value))
    return FALSE;
  *drug = (EbbDrug) value;
  return TRUE;
}

const char *
ebb_drug_to_label (EbbDrug drug)
{
  switch (drug)
    {
    case EBB_DRUG_NOT_RECORDED: return C_("drug", "not recorded");
    case EBB_DRUG_KETAMINE:     return C_("drug", "ketamine");
    case EBB_DRUG_ESKETAMINE:   return C_("drug", "esketamine");
    default:                    g_return_val_if_reached (NULL);
    }
}

char *
ebb_observed_level_to_string (const EbbObservedLevel *level)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (level != NULL, NULL);

  if (level->level == EBB_LEVEL_MOAAS)
    g_string_append_printf (text, "moaas:%d", level->moaas);
  else if ((guint) level->level < G_N_ELEMENTS (level_names))
    g_string_append (text, level_names[level->level]);
  if (level->resolved != EBB_ANSWER_NOT_RECORDED)
    g_string_append (text, level->resolved == EBB_ANSWER_YES ? ";resolved" : ";unresolved");
  return g_string_free (text, FALSE);
}

/**
 * ebb_observed_level_from_string:
 * @text: (nullable): as ebb_observed_level_to_string() writes it, in any
 *   case; blank for not recorded
 * @moaas_allowed: whether a MOAA/S score may be given (sedation only)
 *
 * Returns: %TRUE when @text is a level; %EBB_SESSION_ERROR_INVALID
 *   otherwise, with what a good value is
 */
gboolean
ebb_observed_level_from_string (const char        *text,
                                gboolean           moaas_allowed,
                                EbbObservedLevel  *level,
                                GError           **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *copy = NULL;
  EbbObservedLevel value = { EBB_LEVEL_NOT_RECORDED, 0, EBB_ANSWER_NOT_RECORDED };
  guint n;
  int index;

  g_return_val_if_fail (level != NULL, FALSE);

  copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*copy == '\0')
    {
      *level = value;
      return TRUE;
    }
  parts = g_strsplit (copy, ";", -1);
  n = g_strv_length (parts);
  if (n > 2)
    goto invalid;
  g_strstrip (parts[0]);
  if (g_ascii_strncasecmp (parts[0], "moaas:", 6) == 0)
    {
      guint64 score;

      if (!moaas_allowed ||
          !g_ascii_string_to_unsigned (g_strstrip (parts[0] + 6), 10, 0, EBB_MOAAS_MAX, &score, NULL))
        goto invalid;
      value.level = EBB_LEVEL_MOAAS;
      value.moaas = (int) score;
    }
  else if (lookup_name (parts[0], level_names + 1, G_N_ELEMENTS (level_names) - 1, &index))
    value.level = (EbbLevel) (index + 1);
  else
    goto invalid;
  if (n == 2)
    {
      g_strstrip (parts[1]);
      if (g_ascii_strcasecmp (parts[1], "resolved") == 0)
        value.resolved = EBB_ANSWER_YES;
      else if (g_ascii_strcasecmp (parts[1], "unresolved") == 0)
        value.resolved = EBB_ANSWER_NO;
      else
        goto invalid;
    }
  *level = value;
  return TRUE;

invalid:
  g_set_error (error, EBB_SESSION_ERROR, EBB_SESSION_ERROR_INVALID,
               moaas_allowed
               ? _("“%s” is not a level: use none, mild, moderate, severe or moaas:0 to moaas:5, "
                   "then ;resolved or ;unresolved if that was recorded")
               : _("“%s” is not a level: use none, mild, moderate or severe, "
                   "then ;resolved or ;unresolved if that was recorded"),
               copy);
  return FALSE;
}

char *
ebb_respiratory_to_string (int       spo2,
                           EbbAnswer resolved)
{
  GString *text = g_string_new (NULL);

  if (spo2 == 0)
    g_string_append (text, "none");
  else if (spo2 > 0)
    g_string_append_printf (text, "spo2:%d", spo2);
  if (resolved != EBB_ANSWER_NOT_RECORDED)
    g_string_append (text, resolved == EBB_ANSWER_YES ? ";resolved" : ";unresolved");
  return g_string_free (text, FALSE);
}

/**
 * ebb_respiratory_from_string:
 * @spo2: (out): -1 not recorded, 0 none, else the lowest saturation (50–100)
 */
gboolean
ebb_respiratory_from_string (const char  *text,
                             int         *spo2,
                             EbbAnswer   *resolved,
                             GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_auto(GStrv) parts = NULL;
  guint64 value;
  guint n;

  g_return_val_if_fail (spo2 != NULL && resolved != NULL, FALSE);

  *spo2 = -1;
  *resolved = EBB_ANSWER_NOT_RECORDED;
  if (*copy == '\0')
    return TRUE;
  parts = g_strsplit (copy, ";", -1);
  n = g_strv_length (parts);
  if (n > 2)
    goto invalid;
  g_strstrip (parts[0]);
  if (g_ascii_strcasecmp (parts[0], "none") == 0)
    *spo2 = 0;
  else if (g_ascii_strncasecmp (parts[0], "spo2:", 5) == 0 &&
           g_ascii_string_to_unsigned (g_strstrip (parts[0] + 5), 10, EBB_READING_SPO2_MIN,
                                       EBB_READING_SPO2_MAX, &value, NULL))
    *spo2 = (int) value;
  else
    goto invalid;
  if (n == 2)
    {
      g_strstrip (parts[1]);
      if (g_ascii_strcasecmp (parts[1], "resolved") == 0)
        *resolved = EBB_ANSWER_YES;
      else if (g_ascii_strcasecmp (parts[1], "unresolved") == 0)
        *resolved = EBB_ANSWER_NO;
      else
        goto invalid;
    }
  return TRUE;

invalid:
  *spo2 = -1;
  *resolved = EBB_ANSWER_NOT_RECORDED;
  g_set_error (error, EBB_SESSION_ERROR, EBB_SESSION_ERROR_INVALID,
               _("“%s” is not a respiratory depression: use none, or spo2: and the lowest "
                 "saturation (%d–%d), as in spo2:88, then ;resolved or ;unresolved if that was recorded"),
               copy, EBB_READING_SPO2_MIN, EBB_READING_SPO2_MAX);
  return FALSE;
}

const char *
ebb_answer_to_string (EbbAnswer answer)
{
  switch (answer)
    {
    case EBB_ANSWER_YES:          return "yes";
    case EBB_ANSWER_NO:           return "no";
    case EBB_ANSWER_NOT_RECORDED: return "";
    default:                      g_return_val_if_reached (NULL);
    }
}

/* "yes" or "no" in any case; blank or NULL for not recorded. */
gboolean
ebb_answer_from_string (const char *text,
                        EbbAnswer  *answer)
{
  static const char * const answer_names[] = { "", "no", "yes" };
  int value;

  g_return_val_if_fail (answer != NULL, FALSE);

  while (text != NULL && g_ascii_isspace (*text))
    text++;
  if (text == NULL || *text == '\0')
    {
      *answer = EBB_ANSWER_NOT_RECORDED;
      return TRUE;
    }
  if (!lookup_name (text, answer_names, G_N_ELEMENTS (answer_names), &value))
    return FALSE;
  *answer = (EbbAnswer) value;
  return TRUE;
}

char *
ebb_effects_to_string (EbbEffects effects)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (effect_names); i++)
    if (effects & (1u << i))
      g_string_append_printf (text, text->len > 0 ? " %s" : "%s", effect_names[i]);
  return g_string_free (text, FALSE);
}

/* Words separated by blanks or commas, in any case and order; blank for none. */
gboolean
ebb_effects_from_string (const char  *text,
                         EbbEffects  *effects,
                         GError     **error)
{
  g_auto(GStrv) words = NULL;
  guint value = 0;

  g_return_val_if_fail (effects != NULL, FALSE);

  words = g_strsplit_set (text != NULL ? text : "", " \t,", -1);
  for (guint w = 0; words[w] != NULL; w++)
    {
      int index;

      if (*words[w] == '\0')
        continue;
      if (!lookup_name (words[w], effect_names, G_N_ELEMENTS (effect_names), &index))
        {
          g_set_error (error, EBB_SESSION_ERROR, EBB_SESSION_ERROR_INVALID,
                       _("“%s” is not an effect: use nausea, vomiting, headache, dizziness, "
                         "anxiety, raised-bp or other, separated by spaces"),
                       words[w]);
          return FALSE;
        }
      value |= 1u << index;
    }
  *effects = (EbbEffects) value;
  return TRUE;
}

const char *
ebb_effect_to_label (EbbEffects effect)
{
  switch (effect)
    {
    case EBB_EFFECT_NAUSEA:    return C_("effect", "nausea");
    case EBB_EFFECT_VOMITING:  return C_("effect", "vomiting");
    case EBB_EFFECT_HEADACHE:  return C_("effect", "headache");
    case EBB_EFFECT_DIZZINESS: return C_("effect", "dizziness");
    case EBB_EFFECT_ANXIETY:   return C_("effect", "anxiety");
    case EBB_EFFECT_RAISED_BP: return C_("effect", "raised blood pressure");
    case EBB_EFFECT_OTHER:     return C_("effect", "other");
    default:                   g_return_val_if_reached (NULL);
    }
}

char *
ebb_clock_time_format (gint32 second)
{
  if (second < 0)
    return g_strdup ("");
  if (second % 60 == 0)
    return g_strdup_printf ("%02d:%02d", second / 3600, second / 60 % 60);
  return g_strdup_printf ("%02d:%02d:%02d", second / 3600, second / 60 % 60, second % 60);
}

/**
 * ebb_clock_time_parse:
 * @text: `HH:MM`, `HH:MM:SS`, or a date-time (ebb_when_parse()); blank
 *   for not recorded
 * @day: the day a date-time must be on, or 0 for any
 * @second: (out): seconds since midnight, -1 for blank
 */
gboolean
ebb_clock_time_parse (const char  *text,
                      gint32       day,
                      gint32      *second,
                      GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint hh, mm, ss = 0;
  char tail;

  g_return_val_if_fail (second != NULL, FALSE);

  if (*copy == '\0')
    {
      *second = -1;
      return TRUE;
    }
  if (strlen (copy) > 8)
    {
      EbbWhen when;

      if (!ebb_when_parse (copy, &when, error))
        return FALSE;
      if (!EBB_WHEN_HAS_TIME (&when))
        goto invalid;
      if (day > 0 && when.day != day)
        {
          g_autofree char *date = ebb_date_format (day);

          g_set_error (error, EBB_SESSION_ERROR, EBB_SESSION_ERROR_INVALID,
                       _("“%s” is not on the session's day, %s: give a time on that day"),
                       copy, date);
          return FALSE;
        }
      *second = when.second;
      return TRUE;
    }
  if ((sscanf (copy, "%2u:%2u%c", &hh, &mm, &tail) == 2 && strlen (copy) == 5) ||
      (sscanf (copy, "%2u:%2u:%2u%c", &hh, &mm, &ss, &tail) == 3 && strlen (copy) == 8))
    {
      if (hh < 24 && mm < 60 && ss < 60)
        {
          *second = (gint32) (hh * 3600 + mm * 60 + ss);
          return TRUE;
        }
    }

invalid:
  g_set_error (error, EBB_SESSION_ERROR, EBB_SESSION_ERROR_INVALID,
               _("“%s” is not a time: write HH:MM, as in 09:40"), copy);
  return FALSE;
}

/**
 * ebb_session_dose_warning:
 *
 * Esketamine comes in devices of 28 mg, and a session gives 56 or 84 mg
 * (2 or 3 devices): another dose is more likely a slip than a
 * prescription, but is the clinician's call.  The window asks before
 * saving, the import and `ebb-cli` print it; neither refuses.
 *
 * Returns: (transfer full) (nullable): a sentence for people, or %NULL
 *   when there is nothing to say
 */
char *
ebb_session_dose_warning (const EbbSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);

  if (session->drug != EBB_DRUG_ESKETAMINE || session->dose_mg < 0 ||
      session->dose_mg == 56 || session->dose_mg == 84)
    return NULL;
  return g_strdup_printf (_("An esketamine session gives 56 or 84 mg (2 or 3 devices), "
                            "not %g mg: check the dose"),
                          session->dose_mg);
}

/* Minutes from dosing to discharge, or -1 when either is not recorded. */
int
ebb_session_minutes_monitored (const EbbSession *session)
{
  g_return_val_if_fail (session != NULL, -1);

  if (session->dose_time < 0 || session->discharge_time < 0)
    return -1;
  return (session->discharge_time - session->dose_time) / 60;
}

/**
 * ebb_session_discharged_early:
 * @minutes: (out) (optional): the minutes from dosing to discharge
 *
 * Returns: whether the session is intranasal and its patient left less
 *   than %EBB_INTRANASAL_OBSERVATION_MIN minutes after dosing; %FALSE
 *   when either time is not recorded
 */
gboolean
ebb_session_discharged_early (const EbbSession *session,
                              int              *minutes)
{
  int monitored;

  g_return_val_if_fail (session != NULL, FALSE);

  monitored = ebb_session_minutes_monitored (session);
  if (minutes != NULL)
    *minutes = monitored;
  return session->route == EBB_ROUTE_INTRANASAL && monitored >= 0 &&
         session->discharge_time - session->dose_time < EBB_INTRANASAL_OBSERVATION_MIN * 60;
}

/**
 * ebb_session_pre_dose_reading:
 *
 * Returns: (nullable): the last reading before dosing that has a blood
 *   pressure, of the readings read with the session
 */
const EbbReading *
ebb_session_pre_dose_reading (const EbbSession *session)
{
  const EbbReading *last = NULL;

  g_return_val_if_fail (session != NULL, NULL);

  for (guint i = 0; session->readings != NULL && i < session->readings->len; i++)
    {
      const EbbReading *reading = g_ptr_array_index (session->readings, i);

      if (reading->pre_dose && ebb_reading_has_pressure (reading) &&
          (last == NULL || ebb_reading_compare (reading, last) > 0))
        last = reading;
    }
  return last;
}

/**
 * ebb_session_highest_after_dose:
 *
 * Returns: (nullable): the reading after dosing with the highest
 *   systolic pressure (the higher diastolic between equals; the earlier
 *   between equal pressures)
 */
const EbbReading *
ebb_session_highest_after_dose (const EbbSession *session)
{
  const EbbReading *highest = NULL;

  g_return_val_if_fail (session != NULL, NULL);

  for (guint i = 0; session->readings != NULL && i < session->readings->len; i++)
    {
      const EbbReading *reading = g_ptr_array_index (session->readings, i);

      if (reading->pre_dose || !ebb_reading_has_pressure (reading))
        continue;
      if (highest == NULL || reading->systolic > highest->systolic ||
          (reading->systolic == highest->systolic && reading->diastolic > highest->diastolic) ||
          (reading->systolic == highest->systolic && reading->diastolic == highest->diastolic &&
           ebb_reading_compare (reading, highest) < 0))
        highest = reading;
    }
  return highest;
}
