/* ebb-reading.c — one reading of vital signs during a session
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clinics take blood pressure before dosing and again after it (the
 * esketamine label asks for about 40 minutes after), with heart rate and
 * oxygen saturation when they watch breathing.  Each is a record of its
 * own, any number to a session, so that the rules can read the last one
 * before dosing and the highest after it (clinical rules §4.7).
 */
#define G_LOG_DOMAIN "ebb-reading"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-reading.h"

G_DEFINE_QUARK (ebb-reading-error-quark, ebb_reading_error)

EbbReading *
ebb_reading_new (void)
{
  EbbReading *reading = g_new0 (EbbReading, 1);

  reading->time = -1;
  return reading;
}

EbbReading *
ebb_reading_copy (const EbbReading *reading)
{
  EbbReading *copy;

  g_return_val_if_fail (reading != NULL, NULL);

  copy = g_memdup2 (reading, sizeof *reading);
  copy->note = g_strdup (reading->note);
  return copy;
}

void
ebb_reading_free (EbbReading *reading)
{
  if (reading == NULL)
    return;
  g_free (reading->note);
  g_free (reading);
}

gboolean
ebb_reading_has_pressure (const EbbReading *reading)
{
  g_return_val_if_fail (reading != NULL, FALSE);
  return reading->systolic > 0;
}

/**
 * ebb_pressure_check:
 *
 * The bounds of a blood pressure (see ebb_reading_check()), in the one
 * sentence every caller shows.
 */
gboolean
ebb_pressure_check (int      systolic,
                int      diastolic,
                GError **error)
{
  /* Says which bound the pair misses: 300/20 has each number within its
   * range, and only the gap between them is implausible. */
  if (systolic < EBB_READING_SYSTOLIC_MIN || systolic > EBB_READING_SYSTOLIC_MAX ||
      diastolic < EBB_READING_DIASTOLIC_MIN || diastolic > EBB_READING_DIASTOLIC_MAX)
    {
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   /* Translators: "Blood pressure 1280/82 is not plausible: …" */
                   _("Blood pressure %d/%d is not plausible: systolic %d–%d and diastolic %d–%d mmHg"),
                   systolic, diastolic, EBB_READING_SYSTOLIC_MIN, EBB_READING_SYSTOLIC_MAX,
                   EBB_READING_DIASTOLIC_MIN, EBB_READING_DIASTOLIC_MAX);
      return FALSE;
    }
  if (systolic <= diastolic)
    {
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Blood pressure %d/%d is not plausible: the systolic, written first, must be above the "
                     "diastolic (were they swapped?)"),
                   systolic, diastolic);
      return FALSE;
    }
  if (systolic - diastolic > EBB_READING_PULSE_PRESSURE_MAX)
    {
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Blood pressure %d/%d is not plausible: systolic and diastolic are %d apart, and "
                     "at most %d is"),
                   systolic, diastolic, systolic - diastolic, EBB_READING_PULSE_PRESSURE_MAX);
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_reading_check:
 *
 * Whether the values are ones a person can have.  The bounds catch slips
 * of the keys (a swapped pair, a digit too many), not clinical judgement:
 * a pressure has both numbers, systolic 50–300 and diastolic 20–200 mmHg,
 * the systolic above and at most 200 above the diastolic (300/20 is a
 * slip); a heart rate 20–250 a minute; a saturation 50–100 %; and
 * something was measured.
 *
 * Returns: %TRUE when they are; %EBB_READING_ERROR_INVALID saying which
 *   value is wrong and what would be right
 */
gboolean
ebb_reading_check (const EbbReading  *reading,
                   GError           **error)
{
  g_return_val_if_fail (reading != NULL, FALSE);

  if ((reading->systolic != 0 || reading->diastolic != 0) &&
      !ebb_pressure_check (reading->systolic, reading->diastolic, error))
    return FALSE;
  if (reading->heart_rate != 0 &&
      (reading->heart_rate < EBB_READING_HEART_RATE_MIN || reading->heart_rate > EBB_READING_HEART_RATE_MAX))
    {
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Heart rate %d is not plausible: use %d–%d beats a minute, or leave it empty"),
                   reading->heart_rate, EBB_READING_HEART_RATE_MIN, EBB_READING_HEART_RATE_MAX);
      return FALSE;
    }
  if (reading->spo2 != 0 && (reading->spo2 < EBB_READING_SPO2_MIN || reading->spo2 > EBB_READING_SPO2_MAX))
    {
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Oxygen saturation %d is not plausible: use %d–%d %%, or leave it empty"),
                   reading->spo2, EBB_READING_SPO2_MIN, EBB_READING_SPO2_MAX);
      return FALSE;
    }
  if (reading->time < -1 || reading->time > 86399)
    {
      g_set_error_literal (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                           _("The reading's time is not a time of day"));
      return FALSE;
    }
  if (reading->systolic == 0 && reading->heart_rate == 0 && reading->spo2 == 0)
    {
      g_set_error_literal (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                           _("A reading needs a blood pressure, a heart rate or a saturation"));
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_pressure_parse:
 * @text: "128/82", blanks allowed around the numbers; "" or blanks for none
 *
 * Parses a blood pressure as clinics write it and checks it as
 * ebb_reading_check() does; none gives 0 and 0.
 *
 * Returns: %TRUE for a plausible pressure or none;
 *   %EBB_READING_ERROR_INVALID otherwise
 */
gboolean
ebb_pressure_parse (const char  *text,
                    int         *systolic,
                    int         *diastolic,
                    GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  guint64 value[2];

  g_return_val_if_fail (systolic != NULL && diastolic != NULL, FALSE);

  *systolic = *diastolic = 0;
  if (*copy == '\0')
    return TRUE;
  parts = g_strsplit (copy, "/", -1);
  if (g_strv_length (parts) != 2)
    goto invalid;
  for (guint i = 0; i < 2; i++)
    {
      g_strstrip (parts[i]);
      if (!g_ascii_string_to_unsigned (parts[i], 10, 0, 9999, &value[i], NULL))
        goto invalid;
    }
  if (!ebb_pressure_check ((int) value[0], (int) value[1], error))
    return FALSE;
  *systolic = (int) value[0];
  *diastolic = (int) value[1];
  return TRUE;

invalid:
  g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
               /* Translators: SYSTOLIC/DIASTOLIC is how the value is written, 128/82 */
               _("“%s” is not a blood pressure: use SYSTOLIC/DIASTOLIC in mmHg, e.g. 128/82"), copy);
  return FALSE;
}

/* Time order within a session: a reading without a time first (the one
 * written before dosing, as migrated readings are), then by time, then
 * in the order recorded. */
int
ebb_reading_compare (const EbbReading *a,
                     const EbbReading *b)
{
  if (a->time != b->time)
    return a->time < b->time ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}
