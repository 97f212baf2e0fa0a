/* ebb-cli-demo.c — the demo command: a synthetic clinic to try Ebb on
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ebb-cli-private.h"
#include "ebb-date.h"
#include "ebb-demo.h"

#define MAX_PATIENTS 1000000
#define MAX_YEARS    20

static const char *
plural (guint       n,
        const char *one,
        const char *many)
{
  return n == 1 ? one : many;
}

static guint
count_rows (const GString *csv)
{
  guint n = 0;

  for (gsize i = 0; i < csv->len; i++)
    n += csv->str[i] == '\n';
  return n > 0 ? n - 1 : 0;   /* less the header */
}

/* --csv DIR: the three import files, for benchmarks and other tools.
 * Files already there are not overwritten: a folder that holds a clinic's
 * own exported patients.csv must not lose it to a demo. */
static int
write_csv_files (const char           *command,
                 const char           *dir,
                 const EbbDemoOptions *options)
{
  static const char * const names[] = { "patients.csv", "sessions.csv", "scores.csv" };
  g_autoptr(GString) patients = g_string_new (NULL);
  g_autoptr(GString) sessions = g_string_new (NULL);
  g_autoptr(GString) scores = g_string_new (NULL);
  GString *contents[] = { patients, sessions, scores };
  g_autofree char *date = ebb_date_format (options->today);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT,
                           "cannot create the folder %s: %s", dir, g_strerror (saved_errno));
    }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT,
                             "%s already exists and was left alone: choose an empty folder",
                             path);
    }

  ebb_demo_write_csv (options, patients, sessions, scores);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      g_autoptr(GError) error = NULL;

      if (!g_file_set_contents (path, contents[i]->str, (gssize) contents[i]->len, &error))
        return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);
    }

  printf ("Wrote a synthetic demo clinic to %s as of %s: %u %s, %u %s and %u %s\n"
          "(patients.csv, sessions.csv, scores.csv). Every patient and rating in it is invented.\n",
          dir, date,
          count_rows (patients), plural (count_rows (patients), "patient", "patients"),
          count_rows (sessions), plural (count_rows (sessions), "session", "sessions"),
          count_rows (scores), plural (count_rows (scores), "rating", "ratings"));
  return EBB_CLI_EXIT_OK;
}

typedef struct
{
  int   n_patients;
  char *seed;
  char *today;
  int   years;
  char *csv;
} DemoCommandOptions;

static const DemoCommandOptions demo_defaults = {
  .n_patients = EBB_DEMO_DEFAULT_PATIENTS,
  .years = EBB_DEMO_DEFAULT_YEARS,
};

static int
run_demo (EbbCliContext  *ctx,
          gpointer        data,
          char          **args)
{
  const char *command = ctx->command;
  DemoCommandOptions *given = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  EbbDemoOptions options;
  EbbImportStats stats = { 0 };
  gint32 today;

  if (args[0] != NULL)
    return ebb_cli_usage_error (command, "demo takes no arguments");

  if (given->n_patients < 1 || given->n_patients > MAX_PATIENTS)
    return ebb_cli_usage_error (command, "--patients must be from 1 to " G_STRINGIFY (MAX_PATIENTS));
  if (given->years < 1 || given->years > MAX_YEARS)
    return ebb_cli_usage_error (command, "--years must be from 1 to " G_STRINGIFY (MAX_YEARS));

  ebb_demo_options_init (&options, ebb_date_today ());
  options.n_patients = (guint) given->n_patients;
  options.years = (guint) given->years;

  if (given->seed != NULL)
    {
      guint64 seed;

      if (!g_ascii_string_to_unsigned (given->seed, 10, 0, G_MAXUINT32, &seed, &error))
        {
          g_autofree char *message = g_strdup_printf ("--seed: %s", error->message);

          return ebb_cli_usage_error (command, message);
        }
      options.seed = (guint32) seed;
    }

  if (given->today != NULL)
    {
      today = ebb_date_parse_day (given->today, &error);
      if (today <= 0)
        {
          g_autofree char *message = g_strdup_printf ("--today: %s", error->message);

          return ebb_cli_usage_error (command, message);
        }
      options.today = today;
    }

  if (given->csv != NULL)
    return write_csv_files (command, given->csv, &options);

  if (!ebb_demo_create_full (ctx->db_path, &options, &stats, &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  date = ebb_date_format (options.today);
  printf ("Made the synthetic demo clinic %s as of %s: %u %s, %u %s and %u %s.\n"
          "Every patient, name and rating in it is invented: it is not clinical data.\n",
          ctx->db_path, date,
          stats.patients_added, plural (stats.patients_added, "patient", "patients"),
          stats.sessions_added, plural (stats.sessions_added, "session", "sessions"),
          stats.ratings_added, plural (stats.ratings_added, "rating", "ratings"));
  if (fflush (stdout) != 0)
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT,
                         "cannot write the output: %s", g_strerror (errno));
  return EBB_CLI_EXIT_OK;
}

static const EbbCliOption demo_options[] = {
  { "patients", 0, G_OPTION_ARG_INT, G_STRUCT_OFFSET (DemoCommandOptions, n_patients),
    "How many patients (default 16)", "N" },
  { "seed", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (DemoCommandOptions, seed),
    "The random seed: the same seed makes the same clinic (default "
    G_STRINGIFY (EBB_DEMO_DEFAULT_SEED) ")", "S" },
  { "today", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (DemoCommandOptions, today),
    "The as-of date: sessions done before it, the next ones booked after it "
    "(default today)", "YYYY-MM-DD" },
  { "years", 0, G_OPTION_ARG_INT, G_STRUCT_OFFSET (DemoCommandOptions, years),
    "Spread the treatment starts over this many years (default 2)", "Y" },
  { "csv", 0, G_OPTION_ARG_FILENAME, G_STRUCT_OFFSET (DemoCommandOptions, csv),
    "Only write patients.csv, sessions.csv and scores.csv into DIR", "DIR" },
  { NULL }
};

const EbbCliCommand ebb_cli_demo = {
  .name = "demo",
  .summary = "Create a synthetic demo clinic",
  .help = "Makes a synthetic demo clinic at the --db path (or the default path):\n"
          "invented patients with ketamine and esketamine sessions and ratings,\n"
          "dated so that the Attention list has something to show today.\n"
          "Every patient, name and rating in it is made up.",
  .description = "An existing demo database at that path is replaced. Any other file,\n"
                 "and an Ebb clinic with real patients, is left alone and the exit\n"
                 "status is 1.\n"
                 "\n"
                 "With --csv DIR, nothing is written to a database: the three import\n"
                 "files go into DIR (made if needed), e.g. for benchmarks:\n"
                 "  ebb-cli demo --patients 5000 --years 3 --csv /tmp/clinic",
  .options = demo_options,
  .options_size = sizeof (DemoCommandOptions),
  .defaults = &demo_defaults,
  .func = run_demo,
};
