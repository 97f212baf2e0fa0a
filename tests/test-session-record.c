/* test-session-record.c — the record of a session, in the model (issue 13)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected values are written by hand from docs/clinical-rules.md §7 and
 * the esketamine label's doses and two hours of observation.
 */
#include "config.h"

#include "ebb-date.h"
#include "ebb-medicine.h"
#include "ebb-session.h"

static EbbSession *
session_at (EbbRoute    route,
            EbbDrug     drug,
            double      dose_mg,
            const char *dose_time,
            const char *discharge_time)
{
  EbbSession *session = ebb_session_new ();

  session->route = route;
  session->drug = drug;
  session->dose_mg = dose_mg;
  g_assert_true (ebb_clock_time_parse (dose_time, 0, &session->dose_time, NULL));
  g_assert_true (ebb_clock_time_parse (discharge_time, 0, &session->discharge_time, NULL));
  return session;
}

/* 56 and 84 mg say nothing; 70 mg of esketamine is a warning, not a
 * refusal; 70 mg of ketamine or of a drug not recorded is not about
 * devices at all. */
static void
test_dose_warning (void)
{
  struct { EbbDrug drug; double dose; gboolean warns; } cases[] = {
    { EBB_DRUG_ESKETAMINE, 56, FALSE },
    { EBB_DRUG_ESKETAMINE, 84, FALSE },
    { EBB_DRUG_ESKETAMINE, 70, TRUE },
    { EBB_DRUG_ESKETAMINE, 28, TRUE },
    { EBB_DRUG_ESKETAMINE, -1, FALSE },
    { EBB_DRUG_KETAMINE, 70, FALSE },
    { EBB_DRUG_NOT_RECORDED, 70, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EbbSession) session = session_at (EBB_ROUTE_INTRANASAL, cases[i].drug, cases[i].dose, "", "");
      g_autofree char *warning = ebb_session_dose_warning (session);

      g_assert_cmpint (warning != NULL, ==, cases[i].warns);
    }
  {
    g_autoptr(EbbSession) session = session_at (EBB_ROUTE_INTRANASAL, EBB_DRUG_ESKETAMINE, 70, "", "");
    g_autofree char *warning = ebb_session_dose_warning (session);

    g_assert_cmpstr (warning, ==,
                     "An esketamine session gives 56 or 84 mg (2 or 3 devices), not 70 mg: check the dose");
  }
}

/* Intranasal, dosed 10:00: out at 11:59 is early (119 minutes), at 12:00
 * is not; an infusion is not held to the two hours; without both times
 * nothing can be said. */
static void
test_discharged_early (void)
{
  struct { EbbRoute route; const char *dose, *discharge; gboolean early; int minutes; } cases[] = {
    { EBB_ROUTE_INTRANASAL, "10:00", "11:59", TRUE, 119 },
    { EBB_ROUTE_INTRANASAL, "10:00", "11:59:59", TRUE, 119 },
    { EBB_ROUTE_INTRANASAL, "10:00", "12:00", FALSE, 120 },
    { EBB_ROUTE_INTRANASAL, "10:00", "10:45", TRUE, 45 },
    { EBB_ROUTE_IV, "10:00", "10:45", FALSE, 45 },
    { EBB_ROUTE_INTRANASAL, "10:00", "", FALSE, -1 },
    { EBB_ROUTE_INTRANASAL, "", "11:00", FALSE, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(EbbSession) session = session_at (cases[i].route, EBB_DRUG_ESKETAMINE, 56,
                                                  cases[i].dose, cases[i].discharge);
      int minutes = 0;

      g_assert_cmpint (ebb_session_discharged_early (session, &minutes), ==, cases[i].early);
      g_assert_cmpint (minutes, ==, cases[i].minutes);
    }
}

static void
test_levels (void)
{
  struct { const char *text; gboolean moaas_allowed; gboolean ok; EbbLevel level; int moaas;
           EbbAnswer resolved; const char *written; } cases[] = {
    { "", TRUE, TRUE, EBB_LEVEL_NOT_RECORDED, 0, EBB_ANSWER_NOT_RECORDED, "" },
    { "none", TRUE, TRUE, EBB_LEVEL_NONE, 0, EBB_ANSWER_NOT_RECORDED, "none" },
    { " Moderate ;resolved", FALSE, TRUE, EBB_LEVEL_MODERATE, 0, EBB_ANSWER_YES, "moderate;resolved" },
    { "severe;unresolved", FALSE, TRUE, EBB_LEVEL_SEVERE, 0, EBB_ANSWER_NO, "severe;unresolved" },
    { "moaas:3;resolved", TRUE, TRUE, EBB_LEVEL_MOAAS, 3, EBB_ANSWER_YES, "moaas:3;resolved" },
    { "moaas:0", TRUE, TRUE, EBB_LEVEL_MOAAS, 0, EBB_ANSWER_NOT_RECORDED, "moaas:0" },
    { "moaas:6", TRUE, FALSE },
    { "moaas:3", FALSE, FALSE },
    { "drowsy", TRUE, FALSE },
    { "mild;gone", TRUE, FALSE },
    { "mild;resolved;resolved", TRUE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *written = NULL;
      EbbObservedLevel level;

      g_assert_cmpint (ebb_observed_level_from_string (cases[i].text, cases[i].moaas_allowed,
                                                       &level, &error), ==, cases[i].ok);
      if (!cases[i].ok)
        {
          g_assert_error (error, EBB_SESSION_ERROR, EBB_SESSION_ERROR_INVALID);
          continue;
        }
      g_assert_cmpint (level.level, ==, cases[i].level);
      g_assert_cmpint (level.moaas, ==, cases[i].moaas);
      g_assert_cmpint (level.resolved, ==, cases[i].resolved);
      written = ebb_observed_level_to_string (&level);
      g_assert_cmpstr (written, ==, cases[i].written);
    }
}

static void
test_effects (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;
  EbbEffects effects;

  g_assert_true (ebb_effects_from_string ("Headache nausea, other", &effects, &error));
  g_assert_no_error (error);
  g_assert_cmpint (effects, ==, EBB_EFFECT_NAUSEA | EBB_EFFECT_HEADACHE | EBB_EFFECT_OTHER);
  written = ebb_effects_to_string (effects);
  g_assert_cmpstr (written, ==, "nausea headache other");
  g_assert_true (ebb_effects_from_string ("", &effects, &error));
  g_assert_cmpint (effects, ==, 0);
  g_assert_false (ebb_effects_from_string ("nausea itching", &effects, &error));
  g_assert_error (error, EBB_SESSION_ERROR, EBB_SESSION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "“itching” is not an effect: use nausea, vomiting, headache, "
                                       "dizziness, anxiety, raised-bp or other, separated by spaces");
}

static void
test_clock_time (void)
{
  g_autoptr(GError) error = NULL;
  gint32 day = ebb_date_from_ymd (2026, 3, 2);
  gint32 second;

  g_assert_true (ebb_clock_time_parse ("09:40", day, &second, &error));
  g_assert_cmpint (second, ==, 9 * 3600 + 40 * 60);
  g_assert_true (ebb_clock_time_parse ("2026-03-02T10:20", day, &second, &error));
  g_assert_cmpint (second, ==, 10 * 3600 + 20 * 60);
  g_assert_true (ebb_clock_time_parse (" ", day, &second, &error));
  g_assert_cmpint (second, ==, -1);
  g_assert_false (ebb_clock_time_parse ("2026-03-03T10:20", day, &second, &error));
  g_assert_error (error, EBB_SESSION_ERROR, EBB_SESSION_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "“2026-03-03T10:20” is not on the session's day, 2026-03-02: give a time on that day");
  g_clear_error (&error);
  g_assert_false (ebb_clock_time_parse ("24:00", day, &second, &error));
  g_assert_cmpstr (error->message, ==, "“24:00” is not a time: write HH:MM, as in 09:40");
  g_clear_error (&error);
  g_assert_false (ebb_clock_time_parse ("9:40", day, &second, &error));
  g_clear_error (&error);
  {
    g_autofree char *text = ebb_clock_time_format (9 * 3600 + 5 * 60);

    g_assert_cmpstr (text, ==, "09:05");
  }
}

/* The last reading before dosing and the highest after it. */
static void
test_pressure_readings (void)
{
  g_autoptr(EbbSession) session = ebb_session_new ();
  struct { gint64 id; gint32 time; gboolean pre; int sys, dia; } readings[] = {
    { 1, 9 * 3600, TRUE, 150, 95 },
    { 2, 9 * 3600 + 1200, TRUE, 136, 86 },
    { 3, 10 * 3600, FALSE, 176, 104 },
    { 4, 10 * 3600 + 1800, FALSE, 184, 100 },
    { 5, 11 * 3600, FALSE, 0, 0 },          /* heart rate only */
  };

  g_assert_null (ebb_session_pre_dose_reading (session));
  session->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  for (guint i = 0; i < G_N_ELEMENTS (readings); i++)
    {
      EbbReading *reading = ebb_reading_new ();

      reading->id = readings[i].id;
      reading->time = readings[i].time;
      reading->pre_dose = readings[i].pre;
      reading->systolic = readings[i].sys;
      reading->diastolic = readings[i].dia;
      reading->heart_rate = readings[i].sys == 0 ? 80 : 0;
      g_ptr_array_add (session->readings, reading);
    }
  g_assert_cmpint (ebb_session_pre_dose_reading (session)->id, ==, 2);
  g_assert_cmpint (ebb_session_highest_after_dose (session)->id, ==, 4);
}

static void
test_pressure_parse (void)
{
  struct { const char *text; gboolean ok; int sys, dia; } cases[] = {
    { "128/82", TRUE, 128, 82 },
    { " 128 / 82 ", TRUE, 128, 82 },
    { "", TRUE, 0, 0 },
    { "80/120", FALSE },
    { "300/20", FALSE },
    { "220/20", TRUE, 220, 20 },
    { "301/100", FALSE },
    { "128-82", FALSE },
    { "128/", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      int sys = -1, dia = -1;

      g_assert_cmpint (ebb_pressure_parse (cases[i].text, &sys, &dia, &error), ==, cases[i].ok);
      if (cases[i].ok)
        {
          g_assert_cmpint (sys, ==, cases[i].sys);
          g_assert_cmpint (dia, ==, cases[i].dia);
        }
      else
        g_assert_error (error, EBB_READING_ERROR, EBB_READING_ERROR_INVALID);
    }
}

/* Lorazepam 1 Feb to 15 Mar, methylphenidate from 10 Mar: on 12 Mar
 * both, on 16 Mar only the second; as events, lorazepam stops on the day
 * after its last. */
static void
test_medicines (void)
{
  g_autoptr(GPtrArray) medicines = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_medicine_free);
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GArray) events = NULL;
  EbbMedicine *lorazepam = ebb_medicine_new ();
  EbbMedicine *stimulant = ebb_medicine_new ();
  EbbMedicineClass klass;

  lorazepam->id = 1;
  lorazepam->klass = EBB_MEDICINE_BENZODIAZEPINE;
  lorazepam->name = g_strdup ("lorazepam");
  lorazepam->start_day = ebb_date_from_ymd (2026, 2, 1);
  lorazepam->stop_day = ebb_date_from_ymd (2026, 3, 15);
  stimulant->id = 2;
  stimulant->klass = EBB_MEDICINE_PSYCHOSTIMULANT;
  stimulant->name = g_strdup ("methylphenidate");
  stimulant->start_day = ebb_date_from_ymd (2026, 3, 10);
  g_ptr_array_add (medicines, lorazepam);
  g_ptr_array_add (medicines, stimulant);

  taken = ebb_medicines_taken_on (medicines, ebb_date_from_ymd (2026, 3, 12));
  g_assert_cmpuint (taken->len, ==, 2);
  g_clear_pointer (&taken, g_ptr_array_unref);
  taken = ebb_medicines_taken_on (medicines, ebb_date_from_ymd (2026, 3, 15));
  g_assert_cmpuint (taken->len, ==, 2);
  g_clear_pointer (&taken, g_ptr_array_unref);
  taken = ebb_medicines_taken_on (medicines, ebb_date_from_ymd (2026, 3, 16));
  g_assert_cmpuint (taken->len, ==, 1);
  g_assert_true (g_ptr_array_index (taken, 0) == stimulant);
  g_clear_pointer (&taken, g_ptr_array_unref);
  taken = ebb_medicines_taken_on (medicines, ebb_date_from_ymd (2026, 1, 31));
  g_assert_cmpuint (taken->len, ==, 0);

  events = ebb_medicines_events (medicines, ebb_date_from_ymd (2026, 3, 1), 0);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (g_array_index (events, EbbMedicineEvent, 0).day, ==, ebb_date_from_ymd (2026, 3, 10));
  g_assert_true (g_array_index (events, EbbMedicineEvent, 0).started);
  g_assert_true (g_array_index (events, EbbMedicineEvent, 0).medicine == stimulant);
  g_assert_cmpint (g_array_index (events, EbbMedicineEvent, 1).day, ==, ebb_date_from_ymd (2026, 3, 16));
  g_assert_false (g_array_index (events, EbbMedicineEvent, 1).started);
  g_assert_true (g_array_index (events, EbbMedicineEvent, 1).medicine == lorazepam);
  g_clear_pointer (&events, g_array_unref);
  events = ebb_medicines_events (medicines, 0, 0);
  g_assert_cmpuint (events->len, ==, 3);

  g_assert_true (ebb_medicine_class_from_string (" MAO-Inhibitor", &klass));
  g_assert_cmpint (klass, ==, EBB_MEDICINE_MAO_INHIBITOR);
  g_assert_false (ebb_medicine_class_from_string ("ssri", &klass));
  g_assert_cmpstr (ebb_medicine_class_to_string (EBB_MEDICINE_SEDATIVE_HYPNOTIC), ==, "sedative-hypnotic");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session-record/dose-warning", test_dose_warning);
  g_test_add_func ("/session-record/discharged-early", test_discharged_early);
  g_test_add_func ("/session-record/levels", test_levels);
  g_test_add_func ("/session-record/effects", test_effects);
  g_test_add_func ("/session-record/clock-time", test_clock_time);
  g_test_add_func ("/session-record/pressure-readings", test_pressure_readings);
  g_test_add_func ("/session-record/pressure-parse", test_pressure_parse);
  g_test_add_func ("/session-record/medicines", test_medicines);

  return g_test_run ();
}
