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
 * ebb_reading_check:
 *
 * Whether the values are ones a person can have: a pressure has both
 * numbers, systolic above diastolic, each within 1–300 mmHg; a heart rate
 * 1–250; a saturation 1–100 %; and something was measured.
 *
 * Returns: %TRUE when they are; %EBB_READING_ERROR_INVALID saying which
 *   value is wrong and what would be right
 */
gboolean
ebb_reading_check (const EbbReading  *reading,
                   GError           **error)
{
  g_return_val_if_fail (reading != NULL, FALSE);

  if (reading->systolic < 0 || reading->diastolic < 0 ||
      reading->systolic > EBB_READING_PRESSURE_MAX || reading->diastolic > EBB_READING_PRESSURE_MAX ||
      (reading->systolic == 0) != (reading->diastolic == 0))
    {
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Blood pressure %d/%d is out of range: give both numbers, "
                     "each 1–%d mmHg, as in 128/82"),
                   reading->systolic, reading->diastolic, EBB_READING_PRESSURE_MAX);
      return FALSE;
    }
  if (reading->systolic != 0 && reading->systolic <= reading->diastolic)
    {
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Blood pressure %d/%d has the systolic at or below the diastolic: "
                     "write the higher number first, as in 128/82"),
                   reading->systolic, reading->diastolic);
      return FALSE;
    }
  if (reading->heart_rate < 0 || reading->heart_rate > EBB_READING_HEART_RATE_MAX)
    {
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Heart rate %d is out of range: use 1–%d beats a minute, or leave it empty"),
                   reading->heart_rate, EBB_READING_HEART_RATE_MAX);
      return FALSE;
    }
  if (reading->spo2 < 0 || reading->spo2 > EBB_READING_SPO2_MAX)
    {
      g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
                   _("Oxygen saturation %d is out of range: use 1–%d %%, or leave it empty"),
                   reading->spo2, EBB_READING_SPO2_MAX);
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
 */
gboolean
ebb_pressure_parse (const char  *text,
                    int         *systolic,
                    int         *diastolic,
                    GError     **error)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(EbbReading) check = ebb_reading_new ();
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
      if (!g_ascii_string_to_unsigned (parts[i], 10, 1, EBB_READING_PRESSURE_MAX, &value[i], NULL))
        goto invalid;
    }
  check->systolic = (int) value[0];
  check->diastolic = (int) value[1];
  if (!ebb_reading_check (check, error))
    return FALSE;
  *systolic = check->systolic;
  *diastolic = check->diastolic;
  return TRUE;

invalid:
  g_set_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID,
               _("“%s” is not a blood pressure: write systolic/diastolic, each 1–%d mmHg, "
                 "as in 128/82"),
               text, EBB_READING_PRESSURE_MAX);
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
