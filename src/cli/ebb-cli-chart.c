/* ebb-cli-chart.c — `ebb-cli chart` and `ebb-cli report`
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
#include "ebb-report.h"

/* A case-note chart: 16 × 9 cm. */
#define DEFAULT_WIDTH_PT  (160.0 / 25.4 * 72.0)
#define DEFAULT_HEIGHT_PT (90.0 / 25.4 * 72.0)
#define DEFAULT_DPI       300.0

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
              const char    *command,
              const char    *code,
              PatientData   *data,
              int           *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = NULL;

  if (!(data->store = ebb_cli_open_store (ctx, command, EBB_STORE_OPEN_READ_ONLY, status)))
    return FALSE;
  if (!(patient = ebb_store_find_patient (data->store, code, &error)) ||
      !ebb_patient_records_load (&data->records, data->store, patient->id, &error) ||
      !ebb_store_load_rule_settings (data->store, &data->settings, &error))
    {
      *status = ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);
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

int
ebb_cli_chart (EbbCliContext  *ctx,
               int             argc,
               char          **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(PatientData) data = { NULL };
  g_autoptr(EbbChart) chart = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *scale_id = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *as_of_text = NULL;
  g_autofree char *output = NULL;
  g_autofree char *width_text = NULL;
  g_autofree char *height_text = NULL;
  g_autofree char *theme_text = NULL;
  gboolean percent = FALSE, no_title = FALSE, no_legend = FALSE, no_footnote = FALSE, force = FALSE;
  double dpi = DEFAULT_DPI, width = DEFAULT_WIDTH_PT, height = DEFAULT_HEIGHT_PT;
  const EbbScale *scale = NULL;
  EbbChartTheme theme = EBB_CHART_THEME_LIGHT;
  EbbChartParts parts = EBB_CHART_PART_ALL;
  gint32 from = 0, to = 0, as_of = 0;
  int status = EBB_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_id, "The scale to chart (default: the patient's preferred scale, else the one with most ratings)", "ID" },
    { "percent", 0, 0, G_OPTION_ARG_NONE, &percent, "Every efficacy scale as % change from its baseline", NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, "First day shown (default: the start of the history)", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, "Last day shown (default: the end of the history and the next booked session)", "YYYY-MM-DD" },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, "Judge as on this day (default: today); later data is ignored, except scheduled sessions", "YYYY-MM-DD" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The file to write: .png, .svg or .pdf", "FILE" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace the file if it exists", NULL },
    { "width", 0, 0, G_OPTION_ARG_STRING, &width_text, "Width in points, or with mm, cm or in (default: 160mm)", "LENGTH" },
    { "height", 0, 0, G_OPTION_ARG_STRING, &height_text, "Height in points, or with mm, cm or in (default: 90mm)", "LENGTH" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "Resolution of a PNG (default: 300)", "N" },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_text, "light (default), dark, or print (black and white)", "THEME" },
    { "no-title", 0, 0, G_OPTION_ARG_NONE, &no_title, "Leave out the title", NULL },
    { "no-legend", 0, 0, G_OPTION_ARG_NONE, &no_legend, "Leave out the legend", NULL },
    { "no-footnote", 0, 0, G_OPTION_ARG_NONE, &no_footnote, "Leave out the footnote that states the rule", NULL },
    { NULL }
  };

  context = g_option_context_new ("PATIENT — draw one patient's trajectory to a PNG, SVG or PDF file");
  g_option_context_set_description (context,
                                    "The chart shows the scale's severity bands, every rating, the baseline,\n"
                                    "the response threshold and remission cut-off, the sessions, faded spans,\n"
                                    "the projected trend, and suicide-item ratings.\n"
                                    "\n"
                                    "An existing file is replaced only with --force.  A patient code that starts\n"
                                    "with \"-\" goes after \"--\": ebb-cli chart -o x.png -- -CODE\n"
                                    "\n"
                                    "Example:\n"
                                    "  ebb-cli chart K-0042 --scale MADRS -o k0042.png --width 16cm --height 9cm");
  g_option_context_add_main_entries (context, entries, NULL);
  if ((status = ebb_cli_parse_options (context, "chart", &argc, &argv)) != EBB_CLI_EXIT_OK)
    return status;

  if (argc != 2)
    return ebb_cli_fail ("chart", EBB_CLI_EXIT_USAGE, "give one patient code (try 'ebb-cli chart --help')");
  if (output == NULL)
    return ebb_cli_fail ("chart", EBB_CLI_EXIT_USAGE, "give the file to write with -o FILE.png, .svg or .pdf");
  if (ebb_chart_format_from_path (output) == EBB_CHART_FORMAT_AUTO)
    return ebb_cli_fail ("chart", EBB_CLI_EXIT_USAGE, "%s: the name must end in .png, .svg or .pdf", output);
  if (percent && scale_id != NULL)
    return ebb_cli_fail ("chart", EBB_CLI_EXIT_USAGE, "--scale and --percent cannot go together");
  if (scale_id != NULL && !(scale = ebb_scale_lookup_checked (scale_id, &error)))
    return ebb_cli_fail ("chart", EBB_CLI_EXIT_USAGE, "--scale: %s", error->message);
  /* A bad value is quoted only in part (ebb_csv_excerpt()). */
  if (width_text != NULL && !parse_length (width_text, &width))
    {
      g_autofree char *bad = ebb_csv_excerpt (width_text);
      return ebb_cli_fail ("chart", EBB_CLI_EXIT_USAGE, "--width: “%s” is not a length (e.g. 453, 160mm, 16cm, 6.3in)", bad);
    }
  if (height_text != NULL && !parse_length (height_text, &height))
    {
      g_autofree char *bad = ebb_csv_excerpt (height_text);
      return ebb_cli_fail ("chart", EBB_CLI_EXIT_USAGE, "--height: “%s” is not a length (e.g. 255, 90mm, 9cm, 3.5in)", bad);
    }
  if (theme_text != NULL)
    {
      if (g_str_equal (theme_text, "light"))
        theme = EBB_CHART_THEME_LIGHT;
      else if (g_str_equal (theme_text, "dark"))
        theme = EBB_CHART_THEME_DARK;
      else if (g_str_equal (theme_text, "print"))
        theme = EBB_CHART_THEME_PRINT;
      else
        {
          g_autofree char *bad = ebb_csv_excerpt (theme_text);
          return ebb_cli_fail ("chart", EBB_CLI_EXIT_USAGE, "--theme must be light, dark or print, not “%s”", bad);
        }
    }
  if (!parse_day_option ("from", from_text, &from, "chart", &status) ||
      !parse_day_option ("to", to_text, &to, "chart", &status) ||
      !parse_day_option ("as-of", as_of_text, &as_of, "chart", &status))
    return status;
  if (from > 0 && to > 0 && from > to)
    return ebb_cli_fail ("chart", EBB_CLI_EXIT_USAGE, "--from %s is after --to %s", from_text, to_text);
  if (as_of == 0)
    as_of = ebb_date_today ();
  if (!ebb_cli_refuse_existing ("chart", output, force, &status))
    return status;

  if (!load_patient (ctx, "chart", argv[1], &data, &status))
    return status;

  if (!percent && scale == NULL)
    {
      scale = ebb_chart_default_scale (data.records.patient, data.records.scores);
      if (scale == NULL)
        return ebb_cli_fail ("chart", EBB_CLI_EXIT_BAD_INPUT,
                             "%s has no ratings yet: give a scale with --scale to draw an empty chart",
                             data.records.patient->code);
    }

  chart = ebb_chart_new_for_records (&data.records, scale, as_of, &data.settings);
  ebb_chart_set_theme (chart, theme);
  ebb_chart_set_range (chart, from, to);
  if (no_title)
    parts &= ~EBB_CHART_PART_TITLE;
  if (no_legend)
    parts &= ~EBB_CHART_PART_LEGEND;
  if (no_footnote)
    parts &= ~EBB_CHART_PART_FOOTNOTE;
  ebb_chart_set_parts (chart, parts);

  if (!ebb_chart_export (chart, output, EBB_CHART_FORMAT_AUTO, width, height, dpi, &error))
    return ebb_cli_fail ("chart", export_status (error), "%s", error->message);

  return EBB_CLI_EXIT_OK;
}

/* report ------------------------------------------------------------------ */

int
ebb_cli_report (EbbCliContext  *ctx,
                int             argc,
                char          **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(PatientData) data = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *clinic = NULL;
  g_autofree char *scale_id = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *as_of_text = NULL;
  g_autofree char *theme_text = NULL;
  EbbReportOptions options;
  gboolean force = FALSE;
  int status = EBB_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "The PDF file to write", "FILE.pdf" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace the file if it exists", NULL },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, "a4 (default) or letter", "PAPER" },
    { "clinic", 0, 0, G_OPTION_ARG_STRING, &clinic, "The clinic's name for the header", "NAME" },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_id, "The scale to chart (default: the patient's preferred scale, else the one with most ratings)", "ID" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, "Start of the reporting window (default: the start of the history)", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, "End of the reporting window (default: the as-of date)", "YYYY-MM-DD" },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, "The report's date (default: today); later data is ignored, except scheduled sessions", "YYYY-MM-DD" },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_text, "The chart's theme: light (default) or print (black and white)", "THEME" },
    { NULL }
  };

  context = g_option_context_new ("PATIENT — write a one-page case-note report (PDF)");
  g_option_context_set_description (context,
                                    "One page: header, chart, summary, flags explained, the sessions and ratings\n"
                                    "of the reporting window, and how the flags were computed.  An existing\n"
                                    "file is replaced only with --force.");
  g_option_context_add_main_entries (context, entries, NULL);
  if ((status = ebb_cli_parse_options (context, "report", &argc, &argv)) != EBB_CLI_EXIT_OK)
    return status;

  ebb_report_options_init (&options);
  if (argc != 2)
    return ebb_cli_fail ("report", EBB_CLI_EXIT_USAGE, "give one patient code (try 'ebb-cli report --help')");
  if (output == NULL)
    return ebb_cli_fail ("report", EBB_CLI_EXIT_USAGE, "give the file to write with -o FILE.pdf");
  if (ebb_chart_format_from_path (output) != EBB_CHART_FORMAT_PDF)
    return ebb_cli_fail ("report", EBB_CLI_EXIT_USAGE, "%s: a report is a PDF; the name must end in .pdf", output);
  if (paper != NULL)
    {
      if (g_ascii_strcasecmp (paper, "a4") == 0)
        options.paper = EBB_REPORT_PAPER_A4;
      else if (g_ascii_strcasecmp (paper, "letter") == 0)
        options.paper = EBB_REPORT_PAPER_LETTER;
      else
        {
          g_autofree char *bad = ebb_csv_excerpt (paper);
          return ebb_cli_fail ("report", EBB_CLI_EXIT_USAGE, "--paper must be a4 or letter, not “%s”", bad);
        }
    }
  if (theme_text != NULL)
    {
      if (g_str_equal (theme_text, "light"))
        options.chart_theme = EBB_CHART_THEME_LIGHT;
      else if (g_str_equal (theme_text, "print"))
        options.chart_theme = EBB_CHART_THEME_PRINT;
      else
        {
          g_autofree char *bad = ebb_csv_excerpt (theme_text);
          return ebb_cli_fail ("report", EBB_CLI_EXIT_USAGE, "--theme must be light or print, not “%s”", bad);
        }
    }
  if (scale_id != NULL && !(options.scale = ebb_scale_lookup_checked (scale_id, &error)))
    return ebb_cli_fail ("report", EBB_CLI_EXIT_USAGE, "--scale: %s", error->message);
  if (!parse_day_option ("from", from_text, &options.from_day, "report", &status) ||
      !parse_day_option ("to", to_text, &options.to_day, "report", &status) ||
      !parse_day_option ("as-of", as_of_text, &options.as_of_day, "report", &status))
    return status;
  if (options.from_day > 0 && options.to_day > 0 && options.from_day > options.to_day)
    return ebb_cli_fail ("report", EBB_CLI_EXIT_USAGE, "--from %s is after --to %s", from_text, to_text);
  if (options.as_of_day == 0)
    options.as_of_day = ebb_date_today ();
  options.clinic_name = clinic;
  if (!ebb_cli_refuse_existing ("report", output, force, &status))
    return status;

  if (!load_patient (ctx, "report", argv[1], &data, &status))
    return status;
  options.settings = &data.settings;
  options.course_ends = data.records.course_ends;
  options.decisions = data.records.decisions;

  if (!ebb_report_write_pdf (data.records.patient, data.records.sessions, data.records.scores, output,
                             &options, &error))
    return ebb_cli_fail ("report", export_status (error), "%s", error->message);

  return EBB_CLI_EXIT_OK;
}
