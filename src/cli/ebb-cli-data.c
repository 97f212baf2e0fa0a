/* ebb-cli-data.c — the commands that move data: init, import, patients,
 * export-csv, backup and check
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ebb-backup.h"
#include "ebb-cli-private.h"
#include "ebb-csv.h"
#include "ebb-export.h"
#include "ebb-import.h"
#include "ebb-server.h"

/* Creates the folder that will hold a new database (the default one lives
 * in $XDG_DATA_HOME/ebb, which may not exist yet). */
static gboolean
ensure_parent_folder (const char  *path,
                      GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    return TRUE;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "cannot create the folder %s: %s", folder, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Removes a database file that this run created, with its sidecars. */
static void
remove_database (const char *path)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *sidecar = g_strconcat (path, suffixes[i], NULL);

      g_remove (sidecar);
    }
  g_remove (path);
}

static const char *
plural (guint       n,
        const char *one,
        const char *many)
{
  return n == 1 ? one : many;
}

/* init */

static int
run_init (EbbCliContext  *ctx,
          gpointer        options,
          char          **args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  gboolean existed;
  int status;

  if (args[0] != NULL)
    return ebb_cli_usage_error (ctx->command, "init takes no arguments");

  if (ebb_location_is_server (ctx->db_path))
    {
      g_autofree char *display = ebb_server_display_name (ctx->db_path);
      int before = ebb_server_get_schema_version (ctx->db_path, NULL);

      if (!ebb_server_init (ctx->db_path, &existed, &error))
        return ebb_cli_fail (ctx->command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);
      /* Said, since every workstation must then run this version or newer. */
      if (existed && before > 0 && before < EBB_SERVER_SCHEMA_VERSION)
        printf ("Upgraded the clinic on %s from schema %d to %d\n", display, before,
                EBB_SERVER_SCHEMA_VERSION);
      else if (existed)
        printf ("%s already holds an Ebb clinic\n", display);
      else
        printf ("Created the clinic on %s; give people their rights with 'ebb-cli server-setup'\n",
                display);
      return ebb_cli_write_stdout (ctx->command, NULL, 0);
    }

  existed = g_file_test (ctx->db_path, G_FILE_TEST_EXISTS);
  if (!existed && !ensure_parent_folder (ctx->db_path, &error))
    return ebb_cli_fail (ctx->command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  store = ebb_cli_open_store (ctx, existed ? EBB_STORE_OPEN_DEFAULT : EBB_STORE_OPEN_CREATE,
                              &status);
  if (store == NULL)
    return status;

  if (existed)
    printf ("%s is already an Ebb clinic database\n", ctx->db_path);
  else
    printf ("Created the clinic database %s\n", ctx->db_path);

  return ebb_cli_write_stdout (ctx->command, NULL, 0);
}

const EbbCliCommand ebb_cli_init = {
  .name = "init",
  .summary = "Create the clinic database",
  .help = "Creates an empty clinic database (file mode 0600) at the --db path, or\n"
          "at the default path. A file that already is an Ebb clinic database is\n"
          "left as it is. With --db postgresql://HOST/DATABASE, makes the clinic's\n"
          "tables in that empty database on a PostgreSQL server instead (see\n"
          "'ebb-cli server-setup').",
  .func = run_init,
};

/* import */

static int
run_import (EbbCliContext  *ctx,
            gpointer        options,
            char          **files)
{
  const char *command = ctx->command;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) warnings = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  EbbImportStats stats = { 0 };
  gboolean created;
  int status;

  if (files[0] == NULL)
    return ebb_cli_usage_error (command, "no FILE to import");

  /* A server clinic is made by `init`, never by an import; only a file
   * the import makes is its own to remove. */
  created = !ebb_location_is_server (ctx->db_path) && !g_file_test (ctx->db_path, G_FILE_TEST_EXISTS);
  if (created && !ensure_parent_folder (ctx->db_path, &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_CREATE, &status);
  if (store == NULL)
    return status;

  problems = g_ptr_array_new_with_free_func (g_free);
  warnings = g_ptr_array_new_with_free_func (g_free);
  if (!ebb_import_files_full (store, (const char * const *) files, &stats, problems, warnings, &error))
    {
      /* "Nothing was imported" should leave nothing behind either: not
       * even the empty clinic file this run made. */
      g_clear_object (&store);
      if (created)
        remove_database (ctx->db_path);

      /* The problems are already "FILE:LINE: column: message": print them
       * as they are, so that editors can jump to them. */
      for (guint i = 0; i < problems->len; i++)
        g_printerr ("%s\n", (const char *) g_ptr_array_index (problems, i));

      if (problems->len == 0 ||
          !g_error_matches (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID))
        ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s",
                      error != NULL ? error->message : "the import failed");

      return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "nothing was imported");
    }

  if (stats.patients_updated > 0)
    printf ("Imported %u %s (%u updated), ",
            stats.patients_added, plural (stats.patients_added, "new patient", "new patients"),
            stats.patients_updated);
  else
    printf ("Imported %u %s, ",
            stats.patients_added, plural (stats.patients_added, "patient", "patients"));
  /* "12 sessions, 30 ratings and 4 readings": what there is of each kind
   * beyond sessions and ratings, which are always said. */
  counts = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (counts, g_strdup_printf ("%u %s", stats.sessions_added,
                                            plural (stats.sessions_added, "session", "sessions")));
  g_ptr_array_add (counts, g_strdup_printf ("%u %s", stats.ratings_added,
                                            plural (stats.ratings_added, "rating", "ratings")));
  if (stats.course_ends_added > 0)
    g_ptr_array_add (counts, g_strdup_printf ("%u %s", stats.course_ends_added,
                                              plural (stats.course_ends_added, "course end", "course ends")));
  if (stats.readings_added > 0)
    g_ptr_array_add (counts, g_strdup_printf ("%u %s", stats.readings_added,
                                              plural (stats.readings_added, "reading", "readings")));
  if (stats.medicines_added > 0)
    g_ptr_array_add (counts, g_strdup_printf ("%u %s", stats.medicines_added,
                                              plural (stats.medicines_added, "medicine", "medicines")));
  if (stats.events_added > 0)
    g_ptr_array_add (counts, g_strdup_printf ("%u %s", stats.events_added,
                                              plural (stats.events_added, "event", "events")));
  for (guint i = 0; i < counts->len; i++)
    printf ("%s%s", i == 0 ? "" : i + 1 == counts->len ? " and " : ", ",
            (const char *) g_ptr_array_index (counts, i));
  printf (" (%u %s skipped).\n", stats.duplicates_skipped,
          plural (stats.duplicates_skipped, "duplicate", "duplicates"));

  /* Saved, but worth a second look: on stderr, as FILE:LINE: column: */
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("%s (warning)\n", (const char *) g_ptr_array_index (warnings, i));

  return ebb_cli_write_stdout (command, NULL, 0);
}

const EbbCliCommand ebb_cli_import = {
  .name = "import",
  .arguments = "FILE…",
  .summary = "Import patients, sessions, ratings, readings, medicines and events from CSV files",
  .help = "Imports CSV files (RFC 4180, UTF-8) of patients, sessions, ratings,\n"
          "readings of vital signs, medicines and events into the clinic database,\n"
          "creating the database if it does not exist.\n"
          "All FILEs are one transaction: if any row is bad, nothing is written.",
  .description = "Each FILE's kind is told by its header; columns may come in any order\n"
                 "and the ones in brackets may be left out:\n"
                 "  patients:  patient,name[,birth_year][,notes][,ended][,end_reason]\n"
                 "  sessions:  patient,date,status,phase,route[,dose_mg][,note]\n"
                 "             [,bp_before][,bp_after][,drug][,duration_min][,lot]\n"
                 "             [,dose_time][,discharge_time][,sedation][,dissociation]\n"
                 "             [,respiratory][,effects][,other_effect][,ready_min]\n"
                 "             [,vitals_ok_before][,vitals_ok_discharge]\n"
                 "             [,transport_arranged][,monitored_by]\n"
                 "  scores:    patient,date,scale,score[,items][,note][,rater]\n"
                 "  readings:  patient,session_date,time,bp[,heart_rate][,spo2][,note]\n"
                 "             [,pre_dose]\n"
                 "  medicines: patient,class,name,start[,stop]\n"
                 "  events:    patient,date,kind,text\n"
                 "             (kind: medication, hospitalisation, suicide-attempt,\n"
                 "             life-event or other; text: at most 200 characters)\n"
                 "\n"
                 "Dates are YYYY-MM-DD or YYYY-MM-DDTHH:MM in the clinic's local time (a\n"
                 "time with a zone is refused). Items are the item values separated by\n"
                 "spaces; blood pressure is written 128/82. A patient code that is not\n"
                 "known yet creates that patient. Rows identical to rows already stored,\n"
                 "or to an earlier row of the import, are skipped (10:00 and 10:00:00\n"
                 "are one time).\n"
                 "\n"
                 "The import is one entry of the audit trail, with each FILE's name and\n"
                 "SHA-256 and the counts; the rows it adds keep the import's id.\n"
                 "\n"
                 "The session record: drug is ketamine or esketamine (an esketamine dose\n"
                 "other than 56 or 84 mg is imported with a warning); duration_min is an\n"
                 "infusion's minutes; dose_time and discharge_time are HH:MM on the\n"
                 "session's day (discharge not before the dose); sedation is none, mild,\n"
                 "moderate, severe or moaas:0 to moaas:5, dissociation none, mild,\n"
                 "moderate or severe, respiratory none or spo2:NN (the lowest\n"
                 "saturation), each optionally followed by ;resolved or ;unresolved\n"
                 "(before discharge); effects are nausea, vomiting, headache, dizziness,\n"
                 "anxiety, raised-bp and other, separated by spaces, with other_effect\n"
                 "saying what the other was; ready_min is the minutes after dosing the\n"
                 "patient was judged ready to leave; vitals_ok_before,\n"
                 "vitals_ok_discharge and transport_arranged are yes or no;\n"
                 "monitored_by is a name. bp_before and bp_after become a reading\n"
                 "before dosing and one after it.\n"
                 "\n"
                 "A reading belongs to the session of its patient on session_date (give\n"
                 "the session's time too when the patient had several that day; an\n"
                 "unknown session is a problem of that line); time is HH:MM on that day;\n"
                 "bp is 128/82, heart_rate beats a minute (20-250), spo2 the saturation\n"
                 "in % (50-100); at least one of the three. pre_dose is yes or no; left\n"
                 "out, the reading is before dosing when its time is before the\n"
                 "session's dose_time (or, without one, the session's own time).\n"
                 "\n"
                 "A medicine that changes sedation or blood pressure: class is\n"
                 "benzodiazepine, sedative-hypnotic, opioid, psychostimulant,\n"
                 "mao-inhibitor or other; start and stop (the last day taken, empty\n"
                 "while it is) are YYYY-MM-DD.\n"
                 "\n"
                 "ended (YYYY-MM-DD) is the day the patient's latest course ended, and\n"
                 "end_reason one of remission, stopped-by-patient, stopped-by-clinician,\n"
                 "moved or other; the end is added unless the patient already has one\n"
                 "on that day.\n"
                 "\n"
                 "Every problem is reported as FILE:LINE: column: message, and the exit\n"
                 "status is then 1.",
  .func = run_import,
};

/* patients */

enum { COL_CODE, COL_NAME, COL_SESSIONS, COL_SCORES, COL_LAST, N_COLUMNS };

static void
format_patients_text (GString   *out,
                      GPtrArray *summaries)
{
  static const char * const headers[N_COLUMNS] = {
    "Patient", "Name", "Sessions", "Ratings", "Last activity"
  };
  static const gboolean right_align[N_COLUMNS] = { FALSE, FALSE, TRUE, TRUE, FALSE };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < summaries->len; i++)
    {
      EbbPatientSummary *summary = g_ptr_array_index (summaries, i);
      const EbbPatient *patient = summary->patient;
      char *row[N_COLUMNS];

      row[COL_CODE] = ebb_cli_table_cell (patient->code);
      row[COL_NAME] = ebb_cli_table_cell (patient->name);
      row[COL_SESSIONS] = g_strdup_printf ("%u", summary->n_sessions);
      row[COL_SCORES] = g_strdup_printf ("%u", summary->n_ratings);
      row[COL_LAST] = g_strdup (summary->last_activity != NULL ? summary->last_activity : "-");

      for (guint c = 0; c < N_COLUMNS; c++)
        g_ptr_array_add (cells, row[c]);
    }

  ebb_cli_append_table (out, N_COLUMNS, headers, right_align, cells);
}

static void
format_patients_csv (GString   *out,
                     GPtrArray *summaries)
{
  static const char * const header[N_COLUMNS] = {
    "patient", "name", "sessions", "scores", "last_activity"
  };

  ebb_csv_append_row (out, header, N_COLUMNS);
  for (guint i = 0; i < summaries->len; i++)
    {
      EbbPatientSummary *summary = g_ptr_array_index (summaries, i);
      g_autofree char *n_sessions = g_strdup_printf ("%u", summary->n_sessions);
      g_autofree char *n_ratings = g_strdup_printf ("%u", summary->n_ratings);
      const char *row[N_COLUMNS] = {
        summary->patient->code,
        summary->patient->name,
        n_sessions,
        n_ratings,
        summary->last_activity,
      };

      ebb_csv_append_row (out, row, N_COLUMNS);
    }
}

typedef struct
{
  char *format;
} PatientsOptions;

static int
run_patients (EbbCliContext  *ctx,
              gpointer        data,
              char          **args)
{
  const char *command = ctx->command;
  PatientsOptions *options = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GString) out = NULL;
  gboolean csv;
  int status;

  if ((status = ebb_cli_parse_table_format (command, options->format, &csv)) != EBB_CLI_EXIT_OK)
    return status;
  if (args[0] != NULL)
    return ebb_cli_usage_error (command, "patients takes no arguments");

  store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_READ_ONLY, &status);
  if (store == NULL)
    return status;

  summaries = ebb_store_list_patient_summaries (store, NULL, 0, EBB_STORE_SUMMARY_ACTIVITY, &error);
  if (summaries == NULL)
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  out = g_string_new (NULL);
  if (csv)
    format_patients_csv (out, summaries);
  else if (summaries->len == 0)
    g_string_append (out, "No patients yet.\n");
  else
    format_patients_text (out, summaries);

  return ebb_cli_write_stdout (command, out->str, out->len);
}

static const EbbCliOption patients_options[] = {
  { "format", 'f', G_OPTION_ARG_STRING, G_STRUCT_OFFSET (PatientsOptions, format),
    "Output format: text (an aligned table, the default) or csv", "text|csv" },
  { NULL }
};

const EbbCliCommand ebb_cli_patients = {
  .name = "patients",
  .summary = "List the patients with their sessions, ratings and last activity",
  .help = "Lists the patients of the clinic: code, name, number of sessions,\n"
          "number of ratings and the date of the last done session or rating.\n"
          "The list shows patient names: mind where you send it.",
  .description = "The csv format has the header\n"
                 "  patient,name,sessions,scores,last_activity",
  .options = patients_options,
  .options_size = sizeof (PatientsOptions),
  .func = run_patients,
};

/* export-csv */

typedef struct
{
  gboolean force;
} ExportCsvOptions;

static int
run_export_csv (EbbCliContext  *ctx,
                gpointer        data,
                char          **args)
{
  static const char * const names[] = {
    "patients.csv", "sessions.csv", "scores.csv", "readings.csv", "medicines.csv", "events.csv"
  };
  const char *command = ctx->command;
  ExportCsvOptions *options = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GString) out = NULL;
  const char *directory;
  int status;

  if (args[0] == NULL)
    return ebb_cli_usage_error (command, "no DIR to export to");
  if (args[1] != NULL)
    return ebb_cli_usage_error (command, "export-csv takes one DIR");
  directory = args[0];

  /* Someone's own patients.csv must not be lost to an export. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (directory, names[i], NULL);

      if (!ebb_cli_refuse_existing (command, path, options->force, &status))
        return status;
    }

  /* Open first, so that a missing database leaves no empty folder behind. */
  store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_READ_ONLY, &status);
  if (store == NULL)
    return status;

  if (!g_file_test (directory, G_FILE_TEST_IS_DIR) &&
      g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT,
                           "cannot create the folder %s: %s", directory, g_strerror (saved_errno));
    }

  if (!ebb_export_csv (store, directory, &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  out = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (directory, names[i], NULL);

      g_string_append_printf (out, "%s\n", path);
    }
  return ebb_cli_write_stdout (command, out->str, out->len);
}

static const EbbCliOption export_csv_options[] = {
  { "force", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (ExportCsvOptions, force),
    "Replace the six files if they exist", NULL },
  { NULL }
};

const EbbCliCommand ebb_cli_export_csv = {
  .name = "export-csv",
  .arguments = "DIR",
  .summary = "Write patients, sessions, ratings, readings, medicines and events as CSV files",
  .help = "Writes patients.csv, sessions.csv, scores.csv, readings.csv,\n"
          "medicines.csv and events.csv into DIR (created, mode 0700, if missing),\n"
          "in the form\n"
          "that 'ebb-cli import' reads back.\n"
          "The files hold patient data and are created with mode 0600.  Files of\n"
          "those names already in DIR are replaced only with --force.\n"
          "A cell that a spreadsheet would take for a formula (starting with\n"
          "= + - @) is written with an apostrophe in front, as spreadsheets expect;\n"
          "'ebb-cli import' takes it off again.",
  .options = export_csv_options,
  .options_size = sizeof (ExportCsvOptions),
  .func = run_export_csv,
};

/* backup */

static int
run_backup (EbbCliContext  *ctx,
            gpointer        options,
            char          **args)
{
  const char *command = ctx->command;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  int status;

  if (args[0] == NULL)
    return ebb_cli_usage_error (command, "no FILE to back up to");
  if (args[1] != NULL)
    return ebb_cli_usage_error (command, "backup takes one FILE");

  store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_READ_ONLY, &status);
  if (store == NULL)
    return status;

  if (!ebb_store_backup (store, args[0], &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  /* A server clinic's backup is a clinic file, which opens anywhere; the
   * server's own backups are the server's (pg_dump). */
  if (ebb_location_is_server (ctx->db_path))
    {
      g_autofree char *display = ebb_server_display_name (ctx->db_path);

      printf ("Backed up %s to the clinic file %s\n", display, args[0]);
      return ebb_cli_write_stdout (command, NULL, 0);
    }

  printf ("Backed up %s to %s\n", ctx->db_path, args[0]);
  {
    g_autofree char *folder = g_path_get_dirname (args[0]);

    /* A disk that fails takes both: say so, every time. */
    if (ebb_backup_on_same_disk (ctx->db_path, folder))
      printf ("The backup is on the same disk as the clinic: copy it to another disk too.\n");
  }
  return ebb_cli_write_stdout (command, NULL, 0);
}

const EbbCliCommand ebb_cli_backup = {
  .name = "backup",
  .arguments = "FILE",
  .summary = "Copy the database to a new file, safely while it is in use",
  .help = "Copies the clinic database to FILE, which must not exist yet. The copy\n"
          "is consistent even while Ebb is running, is checked before it is\n"
          "kept, and is created with mode 0600. The backup, with its SHA-256, is\n"
          "recorded in the clinic's audit trail.\n"
          "From a clinic on a server (--db postgresql://…), FILE is a clinic file\n"
          "holding every record and audit entry, as 'ebb-cli copy' writes it, which\n"
          "opens anywhere; the backup is recorded in the server's audit trail\n"
          "(a reviewer's is not: a reviewer may not write to it). Back the server\n"
          "itself up with pg_dump.",
  .func = run_backup,
};

/* check */

static int
run_check (EbbCliContext  *ctx,
           gpointer        options,
           char          **args)
{
  const char *command = ctx->command;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gboolean ok;
  int status;

  if (args[0] != NULL)
    return ebb_cli_usage_error (command, "check takes no arguments (use --db FILE to check another file)");

  if (ebb_location_is_server (ctx->db_path))
    ok = ebb_server_check (ctx->db_path, &problems, &error);
  else
    {
      store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_READ_ONLY, &status);
      if (store == NULL)
        return status;
      ok = ebb_store_check (store, &problems, &error);
    }
  if (ok && (problems == NULL || problems->len == 0))
    {
      printf ("ok\n");
      return ebb_cli_write_stdout (command, NULL, 0);
    }

  /* Every problem first, then the verdict (which says what to do). */
  if (problems != NULL)
    {
      g_autofree char *where = ebb_location_is_server (ctx->db_path) ? ebb_server_display_name (ctx->db_path)
                                                                     : g_strdup (ctx->db_path);

      for (guint i = 0; i < problems->len; i++)
        ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s: %s", where,
                      (const char *) g_ptr_array_index (problems, i));
    }
  if (error != NULL)
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);
  return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s failed its check", ctx->db_path);
}

const EbbCliCommand ebb_cli_check = {
  .name = "check",
  .summary = "Check the database for damage",
  .help = "Checks the clinic database without changing it: SQLite's integrity and\n"
          "foreign keys; every table, column, index and trigger against the schema\n"
          "Ebb makes; and the audit trail's hash chain, naming the first entry\n"
          "that does not match. Prints \"ok\" and exits with status 0, or prints\n"
          "every problem and exits with status 1.\n"
          "On a clinic server (--db postgresql://…), which keeps its own pages and\n"
          "keys sound: the schema's version and the audit trail's hash chain.",
  .func = run_check,
};
