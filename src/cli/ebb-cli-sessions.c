/* ebb-cli-sessions.c — one patient's sessions with their record
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What `ebb-cli sessions PATIENT` prints: each session with the record of
 * the dose (issue 13), its readings, the medicines taken that day, an
 * early discharge and a dose worth a second look, as the core says them.
 */
#define G_LOG_DOMAIN "ebb-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ebb-cli-private.h"
#include "ebb-patient-records.h"

static void
append_level (GString                *out,
              const char             *what,
              const EbbObservedLevel *level)
{
  g_autofree char *text = NULL;

  if (level->level == EBB_LEVEL_NOT_RECORDED && level->resolved == EBB_ANSWER_NOT_RECORDED)
    return;
  text = ebb_observed_level_to_string (level);
  g_string_append_printf (out, "  %s: %s\n", what, text);
}

static void
append_answer (GString    *out,
               const char *what,
               EbbAnswer   answer)
{
  if (answer != EBB_ANSWER_NOT_RECORDED)
    g_string_append_printf (out, "  %s: %s\n", what, ebb_answer_to_string (answer));
}

static void
append_session (GString          *out,
                const EbbSession *s,
                GPtrArray        *medicines)
{
  g_autofree char *warning = ebb_session_dose_warning (s);
  g_autoptr(GPtrArray) taken = ebb_medicines_taken_on (medicines, s->when.day);
  int minutes;

  g_string_append_printf (out, "%s  %s  %s  %s", s->when_text, ebb_session_status_to_string (s->status),
                          ebb_phase_to_string (s->phase), ebb_route_to_string (s->route));
  if (s->drug != EBB_DRUG_NOT_RECORDED)
    g_string_append_printf (out, "  %s", ebb_drug_to_string (s->drug));
  if (s->dose_mg >= 0)
    g_string_append_printf (out, "  %g mg", s->dose_mg);
  if (s->duration_min > 0)
    g_string_append_printf (out, " over %d min", s->duration_min);
  g_string_append_c (out, '\n');

  if (s->lot != NULL)
    g_string_append_printf (out, "  lot: %s\n", s->lot);
  if (s->dose_time >= 0 || s->discharge_time >= 0)
    {
      g_autofree char *dose = ebb_clock_time_format (s->dose_time);
      g_autofree char *discharge = ebb_clock_time_format (s->discharge_time);

      g_string_append_printf (out, "  dosed: %s  discharged: %s", *dose ? dose : "-",
                              *discharge ? discharge : "-");
      if (ebb_session_minutes_monitored (s) >= 0)
        g_string_append_printf (out, "  (%d min)", ebb_session_minutes_monitored (s));
      g_string_append_c (out, '\n');
    }
  if (s->ready_min >= 0)
    g_string_append_printf (out, "  ready to leave: %d min after dosing\n", s->ready_min);
  append_level (out, "sedation", &s->sedation);
  append_level (out, "dissociation", &s->dissociation);
  if (s->respiratory_spo2 >= 0 || s->respiratory_resolved != EBB_ANSWER_NOT_RECORDED)
    {
      g_autofree char *text = ebb_respiratory_to_string (s->respiratory_spo2, s->respiratory_resolved);

      g_string_append_printf (out, "  respiratory: %s\n", text);
    }
  if (s->effects != 0)
    {
      g_autofree char *effects = ebb_effects_to_string (s->effects);

      g_string_append_printf (out, "  effects: %s", effects);
      if (s->other_effect != NULL)
        g_string_append_printf (out, " (%s)", s->other_effect);
      g_string_append_c (out, '\n');
    }
  append_answer (out, "vital signs acceptable before dosing", s->vitals_ok_before);
  append_answer (out, "vital signs acceptable before discharge", s->vitals_ok_discharge);
  append_answer (out, "transport home arranged", s->transport_arranged);
  if (s->monitored_by != NULL)
    g_string_append_printf (out, "  monitored by: %s\n", s->monitored_by);

  for (guint i = 0; s->readings != NULL && i < s->readings->len; i++)
    {
      const EbbReading *r = g_ptr_array_index (s->readings, i);
      g_autofree char *time = ebb_clock_time_format (r->time);

      /* The pressures of before schema 8 have no time: say so in words. */
      g_string_append_printf (out, "  reading %-7s %-6s", *time ? time : "no time",
                              r->pre_dose ? "before" : "after");
      if (ebb_reading_has_pressure (r))
        g_string_append_printf (out, "  BP %d/%d", r->systolic, r->diastolic);
      if (r->heart_rate > 0)
        g_string_append_printf (out, "  HR %d", r->heart_rate);
      if (r->spo2 > 0)
        g_string_append_printf (out, "  SpO2 %d%%", r->spo2);
      if (r->note != NULL)
        g_string_append_printf (out, "  %s", r->note);
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < taken->len; i++)
    {
      const EbbMedicine *m = g_ptr_array_index (taken, i);

      g_string_append_printf (out, "  taking: %s (%s)\n", m->name, ebb_medicine_class_to_string (m->klass));
    }
  if (ebb_session_discharged_early (s, &minutes))
    g_string_append_printf (out, "  discharged early: %d min after an intranasal dose (at least %d)\n",
                            minutes, EBB_INTRANASAL_OBSERVATION_MIN);
  if (warning != NULL)
    g_string_append_printf (out, "  warning: %s\n", warning);
  if (s->note != NULL)
    g_string_append_printf (out, "  note: %s\n", s->note);
}

static int
run_sessions (EbbCliContext  *ctx,
              gpointer        data,
              char          **args)
{
  const char *command = ctx->command;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  g_auto(EbbPatientRecords) records = { NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  if (args[0] == NULL)
    return ebb_cli_usage_error (command, "no PATIENT");
  if (args[1] != NULL)
    return ebb_cli_usage_error (command, "sessions takes one PATIENT");

  store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_READ_ONLY, &status);
  if (store == NULL)
    return status;
  if ((patient = ebb_store_find_patient (store, args[0], &error)) == NULL ||
      !ebb_patient_records_load (&records, store, patient->id, &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  if (records.sessions->len == 0)
    g_string_append_printf (out, "%s has no sessions.\n", patient->code);
  for (guint i = 0; i < records.sessions->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\n');
      append_session (out, g_ptr_array_index (records.sessions, i), records.medicines);
    }
  return ebb_cli_write_stdout (command, out->str, out->len);
}

const EbbCliCommand ebb_cli_sessions = {
  .name = "sessions",
  .arguments = "PATIENT",
  .summary = "List a patient's sessions with their record and readings",
  .help = "Lists PATIENT's sessions in time order, each with the record of the\n"
          "dose (drug, times, sedation, dissociation, respiratory depression,\n"
          "effects, observation before discharge, who monitored), its readings of\n"
          "vital signs, the medicines taken that day that change sedation or\n"
          "blood pressure, an intranasal session discharged less than 120 minutes\n"
          "after dosing and an esketamine dose other than 56 or 84 mg.\n"
          "The values are written as the CSV files write them.",
  .func = run_sessions,
};

/* events */

static int
run_events (EbbCliContext  *ctx,
            gpointer        data,
            char          **args)
{
  const char *command = ctx->command;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  int status;

  if (args[0] == NULL)
    return ebb_cli_usage_error (command, "no PATIENT");
  if (args[1] != NULL)
    return ebb_cli_usage_error (command, "events takes one PATIENT");

  store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_READ_ONLY, &status);
  if (store == NULL)
    return status;
  if ((patient = ebb_store_find_patient (store, args[0], &error)) == NULL ||
      (events = ebb_store_list_events (store, patient->id, &error)) == NULL)
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  if (events->len == 0)
    g_string_append_printf (out, "%s has no events.\n", patient->code);
  for (guint i = 0; i < events->len; i++)
    {
      const EbbEvent *event = g_ptr_array_index (events, i);
      g_autofree char *day = ebb_date_format (event->day);

      g_string_append_printf (out, "%s  %-16s %s\n", day, ebb_event_kind_to_string (event->kind), event->text);
    }
  return ebb_cli_write_stdout (command, out->str, out->len);
}

const EbbCliCommand ebb_cli_events = {
  .name = "events",
  .arguments = "PATIENT",
  .summary = "List a patient's events",
  .help = "Lists PATIENT's events (a medication started, stopped or changed, a\n"
          "hospitalisation, a suicide attempt, a life event, or other) by day:\n"
          "the day, the kind as an events file writes it, and what happened.",
  .func = run_events,
};
