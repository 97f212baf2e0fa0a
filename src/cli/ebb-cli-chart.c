/* ebb-cli-chart.c — `ebb-cli chart`, `ebb-cli report` and `ebb-cli session-record`
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-cli"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ebb-chart.h"
#include "ebb-cli-private.h"
#include "ebb-csv.h"
#include "ebb-fonts.h"
#include "ebb-report.h"
#include "ebb-session-record.h"

/* A case-note chart: 16 × 9 cm. */
#define DEFAULT_WIDTH_PT  (160.0 / 25.4 * 72.0)
#define DEFAULT_HEIGHT_PT (90.0 / 25.4 * 72.0)
#define DEFAULT_DPI       300.0
/* Added to the default height for each panel, so that the trajectory
 * keeps the room it has without them. */
#define BLOOD_PRESSURE_PANEL_PT (25.0 / 25.4 * 72.0)
#define DISSOCIATION_PANEL_PT   (15.0 / 25.4 * 72.0)

/* "453", "453pt", "160mm", "16cm", "6.3in" → points. */
static gboolean
parse_length (const char *text,
              double     *points)
{
  static const struct { const char *suffix; double factor; } units[] = {
    { "pt", 1.0 }, { "mm", 72.0 / 25.4 }, { "cm", 72.0 / 2.54 }, { "in", 72.0 }, { "", 1.0 },
  };
  char *end = NULL;
  double value;

  if (text == NULL || *text == '\0')
    return FALSE;
  value = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (value) || value <= 0)
    return FALSE;
  while (*end == ' ')
    end++;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      if (g_ascii_strcasecmp (end, units[i].suffix) == 0)
        {
          *points = value * units[i].factor;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
parse_day_option (const char *name,
                  const char *text,
                  gint32     *day,
                  const char *command,
                  int        *status)
{
  g_autoptr(GError) error = NULL;

  *day = 0;
  if (text == NULL)
    return TRUE;
  *day = ebb_date_parse_day (text, &error);
  if (*day == 0)
    {
      *status = ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--%s: %s", name, error->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  EbbStore          *store;
  EbbPatientRecords  records;
  EbbRuleSettings    settings;
} PatientData;

static void
patient_data_clear (PatientData *data)
{
  g_clear_object (&data->store);
  ebb_patient_records_clear (&data->records);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PatientData, patient_data_clear)

/* Read-only: drawing a chart never changes the clinic's data. */
static gboolean
load_patient (EbbCliContext *ctx,
              const char    *code,
              PatientData   *data,
              int           *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = NULL;

  if (!(data->store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_READ_ONLY, status)))
    return FALSE;
  if (!(patient = ebb_store_find_patient (data->store, code, &error)) ||
      !ebb_patient_records_load (&data->records, data->store, patient->id, &error) ||
      !ebb_store_load_rule_settings (data->store, &data->settings, &error))
    {
      *status = ebb_cli_fail (ctx->command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static int
export_status (const GError *error)
{
  /* A format or size the user asked for is a usage problem; a file that
   * cannot be written is bad input. */
  if (error->domain == EBB_CHART_ERROR &&
      (error->code == EBB_CHART_ERROR_FORMAT || error->code == EBB_CHART_ERROR_SIZE))
    return EBB_CLI_EXIT_USAGE;
  return EBB_CLI_EXIT_BAD_INPUT;
}

/* chart ------------------------------------------------------------------ */

typedef struct
{
  char     *scale;
  gboolean  percent;
  char     *from;
  char     *to;
  char     *as_of;
  char     *output;
  gboolean  force;
  char     *width;
  char     *height;
  double    dpi;
  char     *theme;
  gboolean  no_title;
  gboolean  no_legend;
  gboolean  no_footnote;
  char     *panels;
} ChartOptions;

static const ChartOptions chart_defaults = { .dpi = DEFAULT_DPI };

static gboolean
parse_theme (const char    *command,
             const char    *text,
             EbbChartTheme *theme,
             int           *status)
{
  if (text == NULL)
    *theme = EBB_CHART_THEME_LIGHT;
  else if (g_str_equal (text, "light"))
    *theme = EBB_CHART_THEME_LIGHT;
  else if (g_str_equal (text, "dark"))
    *theme = EBB_CHART_THEME_DARK;
  else if (g_str_equal (text, "print"))
    *theme = EBB_CHART_THEME_PRINT;
  else
    {
      g_autofree char *bad = ebb_csv_excerpt (text);

      *status = ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--theme must be light, dark or print, not “%s”", bad);
      return FALSE;
    }
  return TRUE;
}

/* "bp,dissociation": the panels under the trajectory, in any order. */
static gboolean
parse_panels (const char     *command,
              const char     *text,
              EbbChartPanels *panels,
              int            *status)
{
  g_auto(GStrv) names = NULL;

  *panels = EBB_CHART_PANEL_NONE;
  if (text == NULL)
    return TRUE;
  /* "" splits into no names at all: it is no panel either. */
  names = text[0] != '\0' ? g_strsplit (text, ",", -1) : g_strdupv ((char *[]) { (char *) "", NULL });
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *name = g_strstrip (names[i]);

      if (g_str_equal (name, "bp"))
        *panels |= EBB_CHART_PANEL_BLOOD_PRESSURE;
      else if (g_str_equal (name, "dissociation"))
        *panels |= EBB_CHART_PANEL_DISSOCIATION;
      else
        {
          g_autofree char *bad = ebb_csv_excerpt (name);

          *status = ebb_cli_fail (command, EBB_CLI_EXIT_USAGE,
                                  "--panels: “%s” is not a panel: give bp, dissociation or both, "
                                  "as in --panels bp,dissociation", bad);
          return FALSE;
        }
    }
  return TRUE;
}

static int
run_chart (EbbCliContext  *ctx,
           gpointer        data,
           char          **args)
{
  const char *command = ctx->command;
  ChartOptions *options = data;
  g_auto(PatientData) patient_data = { NULL };
  g_autoptr(EbbChart) chart = NULL;
  g_autoptr(GError) error = NULL;
  double width = DEFAULT_WIDTH_PT, height = DEFAULT_HEIGHT_PT;
  const EbbScale *scale = NULL;
  EbbChartTheme theme;
  EbbChartParts parts = EBB_CHART_PART_ALL;
  EbbChartPanels panels;
  gint32 from = 0, to = 0, as_of = 0;
  int status = EBB_CLI_EXIT_OK;

  if (g_strv_length (args) != 1)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "give one patient code (try 'ebb-cli chart --help')");
  if (options->output == NULL)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "give the file to write with -o FILE.png, .svg or .pdf");
  if (ebb_chart_format_from_path (options->output) == EBB_CHART_FORMAT_AUTO)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "%s: the name must end in .png, .svg or .pdf", options->output);
  if (options->percent && options->scale != NULL)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--scale and --percent cannot go together");
  if (options->scale != NULL && !(scale = ebb_scale_lookup_checked (options->scale, &error)))
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--scale: %s", error->message);
  /* A bad value is quoted only in part (ebb_csv_excerpt()). */
  if (options->width != NULL && !parse_length (options->width, &width))
    {
      g_autofree char *bad = ebb_csv_excerpt (options->width);
      return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--width: “%s” is not a length (e.g. 453, 160mm, 16cm, 6.3in)", bad);
    }
  if (options->height != NULL && !parse_length (options->height, &height))
    {
      g_autofree char *bad = ebb_csv_excerpt (options->height);
      return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--height: “%s” is not a length (e.g. 255, 90mm, 9cm, 3.5in)", bad);
    }
  if (!parse_theme (command, options->theme, &theme, &status))
    return status;
  if (!parse_panels (command, options->panels, &panels, &status))
    return status;
  if (options->height == NULL)
    height += (panels & EBB_CHART_PANEL_BLOOD_PRESSURE ? BLOOD_PRESSURE_PANEL_PT : 0) +
              (panels & EBB_CHART_PANEL_DISSOCIATION ? DISSOCIATION_PANEL_PT : 0);
  if (!parse_day_option ("from", options->from, &from, command, &status) ||
      !parse_day_option ("to", options->to, &to, command, &status) ||
      !parse_day_option ("as-of", options->as_of, &as_of, command, &status))
    return status;
  if (from > 0 && to > 0 && from > to)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--from %s is after --to %s", options->from, options->to);
  if (as_of == 0)
    as_of = ebb_date_today ();
  if (!ebb_cli_refuse_existing (command, options->output, options->force, &status))
    return status;

  /* The fonts load while the clinic is read. */
  ebb_fonts_start_loading ();
  if (!load_patient (ctx, args[0], &patient_data, &status))
    return status;

  if (!options->percent && scale == NULL)
    {
      scale = ebb_chart_default_scale (patient_data.records.patient, patient_data.records.ratings);
      if (scale == NULL)
        return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT,
                             "%s has no ratings yet: give a scale with --scale to draw an empty chart",
                             patient_data.records.patient->code);
    }

  chart = ebb_chart_new_for_records (&patient_data.records, scale, as_of, &patient_data.settings);
  ebb_chart_set_theme (chart, theme);
  ebb_chart_set_range (chart, from, to);
  if (options->no_title)
    parts &= ~EBB_CHART_PART_TITLE;
  if (options->no_legend)
    parts &= ~EBB_CHART_PART_LEGEND;
  if (options->no_footnote)
    parts &= ~EBB_CHART_PART_FOOTNOTE;
  ebb_chart_set_parts (chart, parts);
  ebb_chart_set_panels (chart, panels);

  if (!ebb_chart_export (chart, options->output, EBB_CHART_FORMAT_AUTO, width, height, options->dpi, &error))
    return ebb_cli_fail (command, export_status (error), "%s", error->message);

  return EBB_CLI_EXIT_OK;
}

static const EbbCliOption chart_options[] = {
  { "scale", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ChartOptions, scale),
    "The scale to chart (default: the patient's preferred scale, else the one with most ratings)", "ID" },
  { "percent", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (ChartOptions, percent),
    "Every efficacy scale as % change from its baseline", NULL },
  { "from", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ChartOptions, from),
    "First day shown (default: the start of the history)", "YYYY-MM-DD" },
  { "to", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ChartOptions, to),
    "Last day shown (default: the end of the history and the next booked session)", "YYYY-MM-DD" },
  { "as-of", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ChartOptions, as_of),
    "Judge as on this day (default: today); later data is ignored, except scheduled sessions", "YYYY-MM-DD" },
  { "output", 'o', G_OPTION_ARG_FILENAME, G_STRUCT_OFFSET (ChartOptions, output),
    "The file to write: .png, .svg or .pdf", "FILE" },
  { "force", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (ChartOptions, force),
    "Replace the file if it exists", NULL },
  { "width", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ChartOptions, width),
    "Width in points, or with mm, cm or in (default: 160mm)", "LENGTH" },
  { "height", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ChartOptions, height),
    "Height in points, or with mm, cm or in (default: 90mm, with --panels 25mm more for bp, 15mm for dissociation)", "LENGTH" },
  { "dpi", 0, G_OPTION_ARG_DOUBLE, G_STRUCT_OFFSET (ChartOptions, dpi),
    "Resolution of a PNG (default: 300)", "N" },
  { "theme", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ChartOptions, theme),
    "light (default), dark, or print (black and white)", "THEME" },
  { "no-title", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (ChartOptions, no_title),
    "Leave out the title", NULL },
  { "no-legend", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (ChartOptions, no_legend),
    "Leave out the legend", NULL },
  { "no-footnote", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (ChartOptions, no_footnote),
    "Leave out the footnote that states the rule", NULL },
  { "panels", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ChartOptions, panels),
    "Panels under the trajectory: bp (blood pressure), dissociation, or both as bp,dissociation", "LIST" },
  { NULL }
};

const EbbCliCommand ebb_cli_chart = {
  .name = "chart",
  .arguments = "PATIENT -o FILE",
  .summary = "Draw a patient's chart to a PNG, SVG or PDF file",
  .help = "Draws one patient's trajectory to a PNG, SVG or PDF file.",
  .description = "The chart shows the scale's severity bands, every rating, the baseline,\n"
                 "the response threshold and remission cut-off, the sessions, faded spans,\n"
                 "the projected trend, and suicide-item ratings.\n"
                 "\n"
                 "With --panels, panels under it on the same dates: bp, each session's\n"
                 "pressure before dosing and the highest after (the readings the\n"
                 "blood-pressure flag reads) against the clinic's limits; dissociation,\n"
                 "the CADSS score of the session's day, else the level observed.\n"
                 "\n"
                 "An existing file is replaced only with --force.  A patient code that starts\n"
                 "with \"-\" goes after \"--\": ebb-cli chart -o x.png -- -CODE\n"
                 "\n"
                 "Example:\n"
                 "  ebb-cli chart K-0042 --scale MADRS -o k0042.png --width 16cm --height 9cm",
  .options = chart_options,
  .options_size = sizeof (ChartOptions),
  .defaults = &chart_defaults,
  .func = run_chart,
};

/* report ------------------------------------------------------------------ */

/* --paper: a4 or letter, in any case; @text NULL leaves @paper as it is. */
static gboolean
parse_paper (const char     *command,
             const char     *text,
             EbbReportPaper *paper,
             int            *status)
{
  if (text == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (text, "a4") == 0)
    *paper = EBB_REPORT_PAPER_A4;
  else if (g_ascii_strcasecmp (text, "letter") == 0)
    *paper = EBB_REPORT_PAPER_LETTER;
  else
    {
      g_autofree char *bad = ebb_csv_excerpt (text);
      *status = ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--paper must be a4 or letter, not “%s”", bad);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char     *output;
  gboolean  force;
  char     *paper;
  char     *clinic;
  char     *scale;
  char     *from;
  char     *to;
  char     *as_of;
  char     *theme;
} ReportCommandOptions;

static int
run_report (EbbCliContext  *ctx,
            gpointer        data,
            char          **args)
{
  const char *command = ctx->command;
  ReportCommandOptions *given = data;
  g_auto(PatientData) patient_data = { NULL };
  g_autoptr(GError) error = NULL;
  EbbReportOptions options;
  int status = EBB_CLI_EXIT_OK;

  ebb_report_options_init (&options);
  if (g_strv_length (args) != 1)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "give one patient code (try 'ebb-cli report --help')");
  if (given->output == NULL)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "give the file to write with -o FILE.pdf");
  if (ebb_chart_format_from_path (given->output) != EBB_CHART_FORMAT_PDF)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "%s: a report is a PDF; the name must end in .pdf", given->output);
  if (!parse_paper (command, given->paper, &options.paper, &status))
    return status;
  if (given->theme != NULL)
    {
      if (g_str_equal (given->theme, "light"))
        options.chart_theme = EBB_CHART_THEME_LIGHT;
      else if (g_str_equal (given->theme, "print"))
        options.chart_theme = EBB_CHART_THEME_PRINT;
      else
        {
          g_autofree char *bad = ebb_csv_excerpt (given->theme);
          return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--theme must be light or print, not “%s”", bad);
        }
    }
  if (given->scale != NULL && !(options.scale = ebb_scale_lookup_checked (given->scale, &error)))
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--scale: %s", error->message);
  if (!parse_day_option ("from", given->from, &options.from_day, command, &status) ||
      !parse_day_option ("to", given->to, &options.to_day, command, &status) ||
      !parse_day_option ("as-of", given->as_of, &options.as_of_day, command, &status))
    return status;
  if (options.from_day > 0 && options.to_day > 0 && options.from_day > options.to_day)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "--from %s is after --to %s", given->from, given->to);
  if (options.as_of_day == 0)
    options.as_of_day = ebb_date_today ();
  options.clinic_name = given->clinic;
  if (!ebb_cli_refuse_existing (command, given->output, given->force, &status))
    return status;

  ebb_fonts_start_loading ();
  if (!load_patient (ctx, args[0], &patient_data, &status))
    return status;
  options.settings = &patient_data.settings;
  options.course_ends = patient_data.records.course_ends;
  options.decisions = patient_data.records.decisions;
  options.events = patient_data.records.events;

  if (!ebb_report_write_pdf (patient_data.records.patient, patient_data.records.sessions,
                             patient_data.records.ratings, given->output, &options, &error))
    return ebb_cli_fail (command, export_status (error), "%s", error->message);

  return EBB_CLI_EXIT_OK;
}

static const EbbCliOption report_options[] = {
  { "output", 'o', G_OPTION_ARG_FILENAME, G_STRUCT_OFFSET (ReportCommandOptions, output),
    "The PDF file to write", "FILE.pdf" },
  { "force", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (ReportCommandOptions, force),
    "Replace the file if it exists", NULL },
  { "paper", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ReportCommandOptions, paper),
    "a4 (default) or letter", "PAPER" },
  { "clinic", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ReportCommandOptions, clinic),
    "The clinic's name for the header", "NAME" },
  { "scale", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ReportCommandOptions, scale),
    "The scale to chart (default: the patient's preferred scale, else the one with most ratings)", "ID" },
  { "from", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ReportCommandOptions, from),
    "Start of the reporting window (default: the start of the history)", "YYYY-MM-DD" },
  { "to", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ReportCommandOptions, to),
    "End of the reporting window (default: the as-of date)", "YYYY-MM-DD" },
  { "as-of", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ReportCommandOptions, as_of),
    "The report's date (default: today); later data is ignored, except scheduled sessions", "YYYY-MM-DD" },
  { "theme", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ReportCommandOptions, theme),
    "The chart's theme: light (default) or print (black and white)", "THEME" },
  { NULL }
};

const EbbCliCommand ebb_cli_report = {
  .name = "report",
  .arguments = "PATIENT -o FILE",
  .summary = "Write a patient's one-page case-note PDF",
  .help = "Writes a one-page case-note report (PDF) of one patient.",
  .description = "One page: header, chart, summary, flags explained, the sessions and ratings\n"
                 "of the reporting window, and how the flags were computed.  An existing\n"
                 "file is replaced only with --force.",
  .options = report_options,
  .options_size = sizeof (ReportCommandOptions),
  .func = run_report,
};

/* session-record ------------------------------------------------------------ */

typedef struct
{
  char     *output;
  gboolean  force;
  char     *paper;
} SessionRecordOptions;

static int
run_session_record (EbbCliContext  *ctx,
                    gpointer        data,
                    char          **args)
{
  const char *command = ctx->command;
  SessionRecordOptions *given = data;
  g_auto(PatientData) patient_data = { NULL };
  g_autoptr(GError) error = NULL;
  const EbbSession *session;
  EbbReportPaper paper = EBB_REPORT_PAPER_A4;
  EbbWhen when;
  int status = EBB_CLI_EXIT_OK;

  if (g_strv_length (args) != 2)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE,
                         "give a patient code and the session's date (try 'ebb-cli session-record --help')");
  if (given->output == NULL)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "give the file to write with -o FILE.pdf");
  if (ebb_chart_format_from_path (given->output) == EBB_CHART_FORMAT_AUTO)
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "%s: the name must end in .pdf, .png or .svg", given->output);
  if (!parse_paper (command, given->paper, &paper, &status))
    return status;
  /* The date is checked before the clinic is opened: a typing slip is a
   * usage error, whatever the clinic holds. */
  if (!ebb_when_parse (args[1], &when, &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "%s", error->message);
  if (!ebb_cli_refuse_existing (command, given->output, given->force, &status))
    return status;

  ebb_fonts_start_loading ();
  if (!load_patient (ctx, args[0], &patient_data, &status))
    return status;
  if (!(session = ebb_session_record_find (&patient_data.records, args[1], &error)))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);
  if (!ebb_session_record_export (&patient_data.records, session, paper, given->output, &error))
    return ebb_cli_fail (command, export_status (error), "%s", error->message);

  return EBB_CLI_EXIT_OK;
}

static const EbbCliOption session_record_options[] = {
  { "output", 'o', G_OPTION_ARG_FILENAME, G_STRUCT_OFFSET (SessionRecordOptions, output),
    "The file to write: PDF, or PNG or SVG by its name", "FILE.pdf" },
  { "force", 0, G_OPTION_ARG_NONE, G_STRUCT_OFFSET (SessionRecordOptions, force),
    "Replace the file if it exists", NULL },
  { "paper", 0, G_OPTION_ARG_STRING, G_STRUCT_OFFSET (SessionRecordOptions, paper),
    "a4 (default) or letter", "PAPER" },
  { NULL }
};

const EbbCliCommand ebb_cli_session_record = {
  .name = "session-record",
  .arguments = "PATIENT DATE -o FILE",
  .summary = "Write one session's record on a page (PDF)",
  .help = "Writes the record of one session of one patient on one page.",
  .description = "DATE is the session's day, 2026-03-02, or with its time, 2026-03-02T09:30,\n"
                 "when the patient had more than one session that day.  The page holds the\n"
                 "dose, the readings as a table and a plot, the effects, the observation and\n"
                 "discharge, the medicines taken that day and the day's CADSS rating.  An\n"
                 "existing file is replaced only with --force.\n"
                 "\n"
                 "Example:\n"
                 "  ebb-cli session-record K-0042 2026-03-02 -o k0042-2026-03-02.pdf",
  .options = session_record_options,
  .options_size = sizeof (SessionRecordOptions),
  .func = run_session_record,
};
