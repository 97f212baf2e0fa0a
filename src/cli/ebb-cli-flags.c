/* ebb-cli-flags.c — `ebb-cli flags` and `ebb-cli summary`
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-cli"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>

#include "ebb-cli-private.h"
#include "ebb-csv.h"
#include "ebb-flags.h"
#include "ebb-json.h"

static char *
day_or_empty (gint32 day)
{
  return day > 0 ? ebb_date_format (day) : g_strdup ("");
}

static gboolean
parse_as_of (const char  *text,
             gint32      *day,
             const char  *command,
             int         *status)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      *day = ebb_date_today ();
      return TRUE;
    }
  *day = ebb_date_parse_day (text, &error);
  if (*day == 0)
    {
      *status = ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--as-of: %s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
print_flags_csv (GPtrArray *flags)
{
  g_autoptr(GString) out = g_string_new ("patient,scale,kind,date,session,next_session,days_early,detail\n");

  for (guint i = 0; i < flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (flags, i);
      g_autofree char *date = day_or_empty (flag->day);
      g_autofree char *session = day_or_empty (flag->session_day);
      g_autofree char *next = day_or_empty (flag->next_session_day);
      g_autofree char *early = flag->has_days_early ? g_strdup_printf ("%d", flag->days_early) : g_strdup ("");
      const char *fields[] = {
        flag->patient_code, flag->scale != NULL ? flag->scale->id : "", ebb_flag_kind_to_string (flag->kind),
        date, session, next, early, flag->detail,
      };

      ebb_csv_append_row (out, fields, G_N_ELEMENTS (fields));
    }
  fputs (out->str, stdout);
}

static void
print_flags_json (GPtrArray *flags,
                  gint32     as_of)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *as_of_text = ebb_date_format (as_of);

  g_string_append_printf (out, "{\n  \"as_of\": \"%s\",\n  \"flags\": [", as_of_text);
  for (guint i = 0; i < flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (flags, i);
      g_autofree char *date = day_or_empty (flag->day);

      g_string_append (out, i ? ",\n    {" : "\n    {");
      g_string_append (out, "\"patient\": ");
      ebb_json_append_string (out, flag->patient_code);
      if (flag->scale != NULL)
        g_string_append_printf (out, ", \"scale\": \"%s\"", flag->scale->id);
      else
        g_string_append (out, ", \"scale\": null");
      g_string_append_printf (out, ", \"kind\": \"%s\", \"date\": \"%s\", \"state\": \"%s\"",
                              ebb_flag_kind_to_string (flag->kind), date, ebb_flag_state_to_string (flag->state));
      if (flag->session_day > 0)
        {
          g_autofree char *session = ebb_date_format (flag->session_day);
          g_string_append_printf (out, ", \"session\": \"%s\"", session);
        }
      else
        g_string_append (out, ", \"session\": null");
      if (flag->next_session_day > 0)
        {
          g_autofree char *next = ebb_date_format (flag->next_session_day);
          g_string_append_printf (out, ", \"next_session\": \"%s\"", next);
        }
      else
        g_string_append (out, ", \"next_session\": null");
      if (flag->has_days_early)
        g_string_append_printf (out, ", \"days_early\": %d", flag->days_early);
      else
        g_string_append (out, ", \"days_early\": null");
      g_string_append (out, ", \"suggestion\": ");
      ebb_json_append_string (out, flag->suggestion);
      g_string_append (out, ", \"detail\": ");
      ebb_json_append_string (out, flag->detail);
      g_string_append_c (out, '}');
    }
  g_string_append (out, flags->len ? "\n  ]\n}\n" : "]\n}\n");
  fputs (out->str, stdout);
}

/* For people: grouped by patient, each flag with its explanation and,
 * with --all, where it stands. */
static void
print_flags_text (GPtrArray *flags,
                  gint32     as_of,
                  gboolean   all)
{
  g_autofree char *as_of_text = ebb_date_format (as_of);
  const char *previous = NULL;

  if (flags->len == 0)
    {
      printf (all ? "No flags up to %s.\n" : "No open flags as of %s.\n", as_of_text);
      return;
    }

  if (all)
    printf ("%u flag%s up to %s, open or not.\n", flags->len, flags->len == 1 ? "" : "s", as_of_text);
  else
    printf ("%u open flag%s as of %s, needing a decision.\n", flags->len, flags->len == 1 ? "" : "s",
            as_of_text);
  for (guint i = 0; i < flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (flags, i);
      g_autofree char *date = ebb_date_format (flag->day);
      g_autofree char *code = ebb_cli_table_cell (flag->patient_code);

      if (g_strcmp0 (previous, flag->patient_code) != 0)
        {
          printf ("\n%s\n", code);
          previous = flag->patient_code;
        }
      printf ("  %s  %-14s %-10s %s\n", date, ebb_flag_kind_to_string (flag->kind),
              flag->scale != NULL ? flag->scale->id : "", flag->detail);
      if (all && !ebb_flag_is_open (flag))
        {
          g_autofree char *state = ebb_flag_describe_state (flag);
          g_autofree char *clean = ebb_cli_table_cell (state);
          printf ("  %10s  %-14s %-10s %s\n", "", "", "", clean);
        }
      else
        printf ("  %10s  %-14s %-10s %s\n", "", "", "", flag->suggestion);
    }
}

typedef struct
{
  char     *as_of;
  gboolean  all;
  char     *format;
} FlagsOptions;

static int
run_flags (EbbCliContext  *ctx,
           gpointer        data,
           char          **args)
{
  const char *command = ctx->command;
  FlagsOptions *options = data;
  const char *format = options->format;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GError) error = NULL;
  EbbRuleSettings settings;
  gint32 as_of;
  int status = EBB_CLI_EXIT_OK;

  /* A bad value is quoted only in part (ebb_csv_excerpt()). */
  if (args[0] != NULL)
    {
      g_autofree char *bad = ebb_csv_excerpt (args[0]);
      return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "unexpected argument “%s”", bad);
    }
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "csv") && !g_str_equal (format, "json"))
    {
      g_autofree char *bad = ebb_csv_excerpt (format);
      return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--format must be text, csv or json, not “%s”", bad);
    }
  if (!parse_as_of (options->as_of, &as_of, command, &status))
    return status;

  /* CSV and JSON are data for other programs, like the rest of the
   * command-line contract (clinical rules §5): the same bytes whatever the
   * language of whoever ran the command, so that scripts can compare and
   * search them and one clinic's exports agree across workstations.  The
   * sentences in them (detail, suggestion) are therefore the rules' own
   * English, as the column names and kinds are; people read the text
   * format, which is translated.  In the "C" locale gettext returns the
   * English and ignores $LANGUAGE. */
  if (g_strcmp0 (format, "csv") == 0 || g_strcmp0 (format, "json") == 0)
    setlocale (LC_MESSAGES, "C");

  if (!(store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_READ_ONLY, &status)))
    return status;

  if (!ebb_store_load_rule_settings (store, &settings, &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);
  flags = ebb_flags_scan (store, as_of, options->all ? EBB_FLAGS_ALL : EBB_FLAGS_OPEN, &settings, &error);
  if (flags == NULL)
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  if (g_strcmp0 (format, "csv") == 0)
    print_flags_csv (flags);
  else if (g_strcmp0 (format, "json") == 0)
    print_flags_json (flags, as_of);
  else
    print_flags_text (flags, as_of, options->all);

  return EBB_CLI_EXIT_OK;
}

static const EbbCliOption flags_options[] = {
  { "as-of", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (FlagsOptions, as_of),
    "Judge as on this day (default: today); later data is ignored, except scheduled sessions", "YYYY-MM-DD" },
  { "all", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (FlagsOptions, all),
    "Every flag up to the as-of day, open, decided or resolved", NULL },
  { "format", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (FlagsOptions, format),
    "Output format: text (default), csv or json", "FORMAT" },
  { NULL }
};

const EbbCliCommand ebb_cli_flags = {
  .name = "flags",
  .summary = "Show the flags: faded, projected, suicide-item, relapse",
  .help = "Lists the clinic's flags: what needs a clinician's decision.",
  .description = "Without --all: the flags open and undecided on the as-of day, as Attention shows them.\n"
                 "Kinds, most urgent first: suicide-item, worsening, relapse, blood-pressure,\n"
                 "non-response, faded, missed, unrecorded, lapsed, projected.\n"
                 "CSV columns: patient,scale,kind,date,session,next_session,days_early,detail",
  .options = flags_options,
  .options_size = sizeof (FlagsOptions),
  .func = run_flags,
};

/* summary ------------------------------------------------------------------ */

/* The open flags with what they suggest, and how many others there were:
 * "No open flags" rather than none when all were closed. */
static void
print_flag_list (GPtrArray *flags,
                 guint     *n_closed)
{
  guint n_open = 0;

  *n_closed = 0;
  for (guint i = 0; i < flags->len; i++)
    {
      if (ebb_flag_is_open (g_ptr_array_index (flags, i)))
        n_open++;
      else
        (*n_closed)++;
    }
  if (n_open == 0)
    printf (flags->len > 0 ? "  Flags         no open flags\n" : "  Flags         none\n");
  else
    printf ("  Open flags\n");
  for (guint i = 0; i < flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (flags, i);
      g_autofree char *date = ebb_date_format (flag->day);

      if (!ebb_flag_is_open (flag))
        continue;
      printf ("    %s %s: %s %s\n", date, ebb_flag_kind_to_string (flag->kind), flag->detail, flag->suggestion);
    }
  if (*n_closed > 0)
    printf ("    (%u decided or resolved: ebb-cli flags --all)\n", *n_closed);
}

static void
print_scale_summary (const EbbTrajectory *trajectory,
                     GPtrArray           *sessions)
{
  const EbbScale *scale = ebb_trajectory_get_scale (trajectory);
  const guint n = ebb_trajectory_get_n_points (trajectory);
  const EbbSession *t0 = ebb_trajectory_get_treatment_start (trajectory);
  const EbbSession *next = ebb_trajectory_get_next_session (trajectory);
  const gint32 as_of = ebb_trajectory_get_as_of (trajectory);
  g_autofree char *baseline = ebb_trajectory_describe_baseline (trajectory);
  GPtrArray *flags = ebb_trajectory_get_flags (trajectory);
  guint n_done = 0, n_scheduled = 0, n_closed = 0;
  EbbDurability durability;

  printf ("\n%s — %s (%s-rated, recall %u days)\n", scale->id, ebb_scale_get_name (scale),
          ebb_rater_to_string (scale->rated_by), scale->recall_days);
  printf ("  Status        %s\n", ebb_response_status_to_string (ebb_trajectory_get_status (trajectory)));
  printf ("  Baseline      %s\n", baseline);

  if (ebb_trajectory_get_baseline_status (trajectory) == EBB_BASELINE_OK)
    {
      g_autofree char *need = ebb_trajectory_describe_response_level (trajectory);
      int remission = ebb_trajectory_get_remission_max (trajectory);

      if (remission >= 0)
        printf ("  Response      %s; remission at %d or less\n", need, remission);
      else
        printf ("  Response      %s\n", need);
    }

  if (n > 0)
    {
      const EbbTrajectoryPoint *latest = ebb_trajectory_get_point (trajectory, n - 1);
      const EbbBand *band = ebb_scale_band_for (scale, latest->rating->total);
      g_autofree char *date = ebb_date_format (latest->rating->when.day);
      g_autofree char *change = isnan (latest->change_percent) ? g_strdup ("") :
        g_strdup_printf (", %.0f%% %s baseline", fabs (latest->change_percent),
                         latest->change_percent >= 0 ? "below" : "above");

      printf ("  Latest        %d on %s (%s%s)\n", latest->rating->total, date,
              band ? ebb_band_get_label (band) : "no band", change);
    }
  else
    printf ("  Latest        no rating\n");

  if (ebb_trajectory_get_nadir (trajectory) >= 0)
    printf ("  Lowest        %d since the treatment start\n", ebb_trajectory_get_nadir (trajectory));

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->status == EBB_SESSION_DONE && session->when.day <= as_of)
        n_done++;
      else if (session->status == EBB_SESSION_SCHEDULED && session->when.day >= as_of)
        n_scheduled++;
    }
  if (t0 != NULL)
    {
      g_autofree char *start = ebb_date_format (t0->when.day);
      printf ("  Sessions      %u done since %s, %u scheduled\n", n_done, start, n_scheduled);
    }
  else
    printf ("  Sessions      none done, %u scheduled\n", n_scheduled);

  if (next != NULL)
    {
      g_autofree char *date = ebb_date_format (next->when.day);
      /* iv and im are abbreviations; clinicians write them in capitals. */
      g_autofree char *route = (next->route == EBB_ROUTE_IV || next->route == EBB_ROUTE_IM) ?
        g_ascii_strup (ebb_route_to_string (next->route), -1) :
        g_strdup (ebb_route_to_string (next->route));
      printf ("  Next session  %s (%s, %s)\n", date, ebb_phase_to_string (next->phase), route);
    }
  else
    printf ("  Next session  none booked\n");

  ebb_trajectory_get_durability (trajectory, &durability);
  if (durability.n_episodes == 0)
    printf ("  Durability    no response yet\n");
  else if (durability.n_faded == 0)
    printf ("  Durability    %u response%s, none faded\n", durability.n_episodes,
            durability.n_episodes == 1 ? "" : "s");
  else
    printf ("  Durability    %u response%s, %u faded; median %.3g days from session to fade\n",
            durability.n_episodes, durability.n_episodes == 1 ? "" : "s",
            durability.n_faded, durability.median_days_to_fade);

  print_flag_list (flags, &n_closed);
}

typedef struct
{
  char *scale;
  char *as_of;
} SummaryOptions;

static int
run_summary (EbbCliContext  *ctx,
             gpointer        data,
             char          **args)
{
  const char *command = ctx->command;
  SummaryOptions *options = data;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GPtrArray) ends = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(EbbTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  EbbPatientRecords records;
  g_autofree char *as_of_day = NULL;
  const EbbScale *only = NULL;
  EbbRuleSettings settings;
  gint32 as_of;
  guint n_shown = 0;
  int status = EBB_CLI_EXIT_OK;

  if (g_strv_length (args) != 1)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "give one patient code (try 'ebb-cli summary --help')");
  if (options->scale != NULL && !(only = ebb_scale_lookup_checked (options->scale, &error)))
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--scale: %s", error->message);
  if (!parse_as_of (options->as_of, &as_of, command, &status))
    return status;

  if (!(store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_READ_ONLY, &status)))
    return status;
  if (!(patient = ebb_store_find_patient (store, args[0], &error)) ||
      !(sessions = ebb_store_list_sessions (store, patient->id, &error)) ||
      !(ratings = ebb_store_list_ratings (store, patient->id, &error)) ||
      !(ends = ebb_store_list_course_ends (store, patient->id, &error)) ||
      !(decisions = ebb_store_list_decisions (store, patient->id, &error)) ||
      !ebb_store_load_rule_settings (store, &settings, &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  records = (EbbPatientRecords) { patient, sessions, ratings, ends, decisions };
  timeline = ebb_timeline_new (&records, as_of, &settings);
  as_of_day = ebb_date_format (as_of);
  printf ("%s  %s", patient->code, patient->name);
  if (patient->birth_year > 0)
    printf (" · born %d", patient->birth_year);
  printf ("\nAs of %s\n", as_of_day);

  {
    guint n_scales;
    const EbbScale * const *all = ebb_scale_all (&n_scales);

    for (guint s = 0; s < n_scales; s++)
      {
        g_autoptr(EbbTrajectory) trajectory = NULL;
        gboolean rated = FALSE;

        if (only != NULL ? all[s] != only : !all[s]->efficacy)
          continue;
        for (guint i = 0; i < ratings->len && !rated; i++)
          rated = ebb_scale_lookup (((EbbRating *) g_ptr_array_index (ratings, i))->scale_id) == all[s];
        if (!rated && only == NULL)
          continue;

        trajectory = ebb_trajectory_new_for_timeline (timeline, all[s]);
        print_scale_summary (trajectory, sessions);
        n_shown++;
      }
  }
  if (n_shown == 0)
    printf ("\nNo ratings recorded yet.\n");

  /* The flags about sessions: follow-up and blood pressure. */
  {
    g_autoptr(GPtrArray) all = ebb_flags_for_timeline (timeline);
    g_autoptr(GPtrArray) own = g_ptr_array_new ();
    guint n_closed;

    for (guint i = 0; i < all->len; i++)
      if (((EbbFlag *) g_ptr_array_index (all, i))->scale == NULL)
        g_ptr_array_add (own, g_ptr_array_index (all, i));
    printf ("\nSessions and follow-up\n");
    print_flag_list (own, &n_closed);
  }

  return EBB_CLI_EXIT_OK;
}

static const EbbCliOption summary_options[] = {
  { "scale", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (SummaryOptions, scale),
    "Only this scale (default: every scale the patient was rated on)", "ID" },
  { "as-of", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (SummaryOptions, as_of),
    "Judge as on this day (default: today)", "YYYY-MM-DD" },
  { NULL }
};

const EbbCliCommand ebb_cli_summary = {
  .name = "summary",
  .arguments = "PATIENT",
  .summary = "Summarise one patient's treatment",
  .help = "Summarises one patient's treatment: baseline, latest rating, status,\n"
          "durability and flags, for each scale the patient was rated on.",
  .options = summary_options,
  .options_size = sizeof (SummaryOptions),
  .func = run_summary,
};
