/* ebb-cli-records.c — the clinic's own records: settings, decide and
 * end-course
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a clinician records besides ratings and sessions (clinical rules
 * version 2): the clinic's rule settings (§1–§4, *setting*), a decision on
 * an open flag (§5) and the end of a course (§6).  Each change is one
 * audited transaction of the store; these commands only read the command
 * line, check it and say what was done.
 */
#define G_LOG_DOMAIN "ebb-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ebb-cli-private.h"
#include "ebb-flags.h"
#include "ebb-scale.h"

/* settings */

/* "madrs-remission  12  (default 10)": every key with its value, and the
 * default beside each value that is not at it. */
static void
format_settings (GString               *out,
                 const EbbRuleSettings *settings)
{
  g_auto(GStrv) keys = ebb_rule_settings_list_keys ();
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  guint key_width = 0, value_width = 0;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      char *value = ebb_rule_settings_get_value (settings, keys[i]);

      key_width = MAX (key_width, (guint) strlen (keys[i]));
      value_width = MAX (value_width, (guint) strlen (value));
      g_ptr_array_add (values, value);
    }

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *value = g_ptr_array_index (values, i);

      if (ebb_rule_settings_is_default (settings, keys[i]))
        {
          g_string_append_printf (out, "%-*s  %s\n", (int) key_width, keys[i], value);
        }
      else
        {
          g_autofree char *fallback = ebb_rule_settings_get_default (keys[i]);

          g_string_append_printf (out, "%-*s  %-*s  (default %s)\n", (int) key_width, keys[i],
                                  (int) value_width, value, fallback);
        }
    }
}

typedef struct
{
  gboolean reset;
} SettingsOptions;

static int
run_settings (EbbCliContext  *ctx,
              gpointer        data,
              char          **args)
{
  const char *command = ctx->command;
  const gboolean reset = ((SettingsOptions *) data)->reset;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GString) out = NULL;
  const char *key, *value;
  EbbRuleSettings settings;
  guint n_args;
  int status;

  n_args = g_strv_length (args);
  if (n_args > 2)
    return ebb_cli_usage_error (command, "settings takes at most a KEY and a VALUE");
  if (reset && n_args != 1)
    return ebb_cli_usage_error (command, n_args == 0 ? "--reset needs the KEY to reset"
                                                     : "give either a VALUE or --reset, not both");
  key = n_args > 0 ? args[0] : NULL;
  value = n_args > 1 ? args[1] : NULL;

  if (key != NULL && !ebb_rule_settings_has_key (key))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT,
                         "“%s” is not a rule setting (run 'ebb-cli settings' for the list)", key);

  /* Changes need the file writable; looking does not. */
  store = ebb_cli_open_store (ctx,
                              value != NULL || reset ? EBB_STORE_OPEN_DEFAULT : EBB_STORE_OPEN_READ_ONLY,
                              &status);
  if (store == NULL)
    return status;

  if (value != NULL || reset)
    {
      g_autofree char *now = NULL;
      g_autofree char *fallback = ebb_rule_settings_get_default (key);

      if (!ebb_store_set_rule_setting (store, key, value, &error) ||
          !ebb_store_load_rule_settings (store, &settings, &error))
        return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);
      now = ebb_rule_settings_get_value (&settings, key);
      if (reset)
        printf ("%s is back to its default, %s\n", key, now);
      else if (ebb_rule_settings_is_default (&settings, key))
        printf ("%s is now %s (the default)\n", key, now);
      else
        printf ("%s is now %s (default %s)\n", key, now, fallback);
      return ebb_cli_write_stdout (command, NULL, 0);
    }

  if (!ebb_store_load_rule_settings (store, &settings, &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  out = g_string_new (NULL);
  if (key != NULL)
    {
      g_autofree char *current = ebb_rule_settings_get_value (&settings, key);

      g_string_append_printf (out, "%s\n", current);
    }
  else
    {
      format_settings (out, &settings);
    }
  return ebb_cli_write_stdout (command, out->str, out->len);
}

static const EbbCliOption settings_options[] = {
  { "reset", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (SettingsOptions, reset),
    "Put KEY back to its default", NULL },
  { NULL }
};

const EbbCliCommand ebb_cli_settings = {
  .name = "settings",
  .arguments = "[KEY [VALUE]]",
  .summary = "Show or change the clinic's rule settings",
  .help = "Shows or changes the clinic's rule settings: the thresholds the clinical\n"
          "rules leave to the clinic. They are kept in the clinic database, so every\n"
          "workstation and every 'ebb-cli flags' flags a patient the same way, and\n"
          "each change is in the audit trail.",
  .description = "Without KEY, lists every setting with its value; a value changed from\n"
                 "its default is followed by the default. With KEY, prints its value;\n"
                 "with KEY VALUE, sets it; with KEY --reset, puts it back to its default.\n"
                 "\n"
                 "Values are written as the list shows them: 0.5 (or 50%) for the response\n"
                 "fraction, whole days or points, 140/90 for a blood pressure. An unknown\n"
                 "KEY or a VALUE out of range is refused with exit status 1.",
  .options = settings_options,
  .options_size = sizeof (SettingsOptions),
  .func = run_settings,
};

/* decide and end-course */

/* The patient named on the command line, from a store opened for writing. */
static EbbPatient *
find_patient (EbbStore    *store,
              const char  *command,
              const char  *code,
              int         *status)
{
  g_autoptr(GError) error = NULL;
  EbbPatient *patient = ebb_store_find_patient (store, code, &error);

  if (patient == NULL)
    *status = ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);
  return patient;
}

static gboolean
parse_date_option (const char  *command,
                   const char  *text,
                   gint32      *day,
                   int         *status)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      *status = ebb_cli_usage_error (command, "give the date with --date YYYY-MM-DD");
      return FALSE;
    }
  *day = ebb_date_parse_day (text, &error);
  if (*day == 0)
    {
      *status = ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--date: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static char *
flag_kind_list (void)
{
  GString *list = g_string_new (NULL);

  for (int kind = 0; kind < EBB_N_FLAG_KINDS; kind++)
    {
      if (kind > 0)
        g_string_append (list, kind + 1 == EBB_N_FLAG_KINDS ? " or " : ", ");
      g_string_append (list, ebb_flag_kind_to_string ((EbbFlagKind) kind));
    }
  return g_string_free (list, FALSE);
}

typedef struct
{
  char *kind;
  char *date;
  char *scale;
  char *note;
} DecideOptions;

static int
run_decide (EbbCliContext  *ctx,
            gpointer        data,
            char          **args)
{
  const char *command = ctx->command;
  DecideOptions *options = data;
  const char *kind_text = options->kind, *date_text = options->date, *scale_text = options->scale;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(EbbDecision) decision = NULL;
  g_autofree char *kinds = flag_kind_list ();
  g_autofree char *description = NULL;
  const EbbScale *scale = NULL;
  EbbFlagKind kind;
  gint32 day;
  int status;

  if (args[0] == NULL || args[1] != NULL)
    return ebb_cli_usage_error (command, "give one patient code");
  if (kind_text == NULL)
    return ebb_cli_usage_error (command, "give the kind of flag with --kind KIND");
  if (!ebb_flag_kind_from_string (kind_text, &kind))
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--kind: “%s” is not a kind of flag: use %s",
                         kind_text, kinds);
  if (!parse_date_option (command, date_text, &day, &status))
    return status;
  if (ebb_flag_kind_has_scale (kind))
    {
      if (scale_text == NULL)
        return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE,
                             "a %s flag is about one scale's ratings: give it with --scale ID",
                             ebb_flag_kind_to_string (kind));
      if ((scale = ebb_scale_lookup_checked (scale_text, &error)) == NULL)
        return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--scale: %s", error->message);
    }
  else if (scale_text != NULL)
    {
      return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE,
                           "a %s flag is about sessions, not a scale: leave out --scale",
                           ebb_flag_kind_to_string (kind));
    }
  if (options->note == NULL)
    return ebb_cli_usage_error (command, "say what was decided with --note TEXT");

  store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_DEFAULT, &status);
  if (store == NULL)
    return status;
  if ((patient = find_patient (store, command, args[0], &status)) == NULL)
    return status;

  /* A decision is on a flag that needs one, today: a typo in the date or
   * kind must not record a decision on nothing. */
  {
    g_autoptr(EbbFlag) open = NULL;
    EbbRuleSettings settings;

    if (!ebb_store_load_rule_settings (store, &settings, &error) ||
        (open = ebb_flags_find_open (store, patient->id, kind, scale != NULL ? scale->id : NULL, day,
                                     ebb_date_today (), &settings, &error)) == NULL)
      return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);
  }

  decision = ebb_decision_new ();
  decision->patient_id = patient->id;
  decision->kind = kind;
  decision->scale_id = scale != NULL ? g_strdup (scale->id) : NULL;
  decision->flag_day = day;
  decision->note = g_steal_pointer (&options->note);
  if (!ebb_store_add_decision (store, decision, &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  description = ebb_decision_describe (decision);
  if (scale != NULL)
    printf ("Recorded a decision on %s's %s flag on %s dated %s.\n", patient->code,
            ebb_flag_kind_to_string (kind), scale->id, date_text);
  else
    printf ("Recorded a decision on %s's %s flag dated %s.\n", patient->code,
            ebb_flag_kind_to_string (kind), date_text);
  printf ("%s\n", description);
  return ebb_cli_write_stdout (command, NULL, 0);
}

static char *
describe_decide (void)
{
  g_autofree char *kinds = flag_kind_list ();

  return g_strdup_printf ("KIND is one of %s.\n"
                          "The note is required, at most %d characters: \"reviewed, continue\",\n"
                          "\"dose increased\".",
                          kinds, EBB_DECISION_NOTE_MAX);
}

static const EbbCliOption decide_options[] = {
  { "kind", 'k', G_OPTION_ARG_STRING, G_STRUCT_OFFSET (DecideOptions, kind),
    "The kind of flag, as 'ebb-cli flags' writes it", "KIND" },
  { "date", 'd', G_OPTION_ARG_STRING, G_STRUCT_OFFSET (DecideOptions, date),
    "The flag's date", "YYYY-MM-DD" },
  { "scale", 's', G_OPTION_ARG_STRING, G_STRUCT_OFFSET (DecideOptions, scale),
    "The flag's scale, for the kinds that have one", "ID" },
  { "note", 'n', G_OPTION_ARG_STRING, G_STRUCT_OFFSET (DecideOptions, note),
    "What was decided, in a few words", "TEXT" },
  { NULL }
};

const EbbCliCommand ebb_cli_decide = {
  .name = "decide",
  .arguments = "PATIENT",
  .summary = "Record a decision on one of a patient's open flags",
  .help = "Records a clinician's decision on one of PATIENT's open flags, named by\n"
          "its kind, date and (for the kinds about a scale's ratings) scale, as\n"
          "'ebb-cli flags' lists them. A decided flag leaves the Attention list and\n"
          "'ebb-cli flags', and stays in the history. The decision is dated now and\n"
          "signed with your account's name (on a clinic server, your database user),\n"
          "and is in the audit trail.",
  .describe = describe_decide,
  .options = decide_options,
  .options_size = sizeof (DecideOptions),
  .func = run_decide,
};

typedef struct
{
  char *date;
  char *reason;
  char *note;
} EndCourseOptions;

static int
run_end_course (EbbCliContext  *ctx,
                gpointer        data,
                char          **args)
{
  const char *command = ctx->command;
  EndCourseOptions *options = data;
  const char *date_text = options->date, *reason_text = options->reason;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(EbbCourseEnd) end = NULL;
  EbbEndReason reason = EBB_END_REASON_NONE;
  gint32 day;
  int status;

  if (args[0] == NULL || args[1] != NULL)
    return ebb_cli_usage_error (command, "give one patient code");
  if (!parse_date_option (command, date_text, &day, &status))
    return status;
  if (reason_text != NULL &&
      (!ebb_end_reason_from_string (reason_text, &reason) || reason == EBB_END_REASON_NONE))
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE,
                         "--reason: “%s” is not a reason a course ends: use remission, "
                         "stopped-by-patient, stopped-by-clinician, moved or other",
                         reason_text);

  store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_DEFAULT, &status);
  if (store == NULL)
    return status;
  if ((patient = find_patient (store, command, args[0], &status)) == NULL)
    return status;

  end = ebb_course_end_new ();
  end->patient_id = patient->id;
  end->day = day;
  end->reason = reason;
  end->note = g_steal_pointer (&options->note);
  if (!ebb_store_add_course_end (store, end, &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  if (reason != EBB_END_REASON_NONE)
    printf ("Recorded the end of %s's course on %s (%s).\n", patient->code, date_text,
            ebb_end_reason_to_string (reason));
  else
    printf ("Recorded the end of %s's course on %s.\n", patient->code, date_text);
  return ebb_cli_write_stdout (command, NULL, 0);
}

static const EbbCliOption end_course_options[] = {
  { "date", 'd', G_OPTION_ARG_STRING, G_STRUCT_OFFSET (EndCourseOptions, date),
    "The last day of the course", "YYYY-MM-DD" },
  { "reason", 'r', G_OPTION_ARG_STRING, G_STRUCT_OFFSET (EndCourseOptions, reason),
    "Why it ended", "REASON" },
  { "note", 'n', G_OPTION_ARG_STRING, G_STRUCT_OFFSET (EndCourseOptions, note),
    "A few words more", "TEXT" },
  { NULL }
};

const EbbCliCommand ebb_cli_end_course = {
  .name = "end-course",
  .arguments = "PATIENT",
  .summary = "Record the end of a patient's course",
  .help = "Records that PATIENT's course of treatment ended on purpose on a day:\n"
          "no follow-up flag asks about the patient after it, and the next done\n"
          "session starts a new course. The end takes effect at the end of the day;\n"
          "a patient may have several ends, one a day. It is in the audit trail.",
  .description = "REASON is one of remission, stopped-by-patient, stopped-by-clinician,\n"
                 "moved or other. The note is at most " G_STRINGIFY (EBB_COURSE_END_NOTE_MAX)
                 " characters.",
  .options = end_course_options,
  .options_size = sizeof (EndCourseOptions),
  .func = run_end_course,
};
