/* ebb-export-ui.c — charts and reports out of the window: files and clipboard
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saving goes through GtkFileChooserNative, which is the file chooser
 * portal inside Flatpak; the files themselves are written by the core
 * (ebb_chart_export(), ebb_report_*()), the same code the command line
 * uses.  Every failure ends in a toast: an export that silently did not
 * happen would end up as a missing page in a case note.
 */
#define G_LOG_DOMAIN "ebb-export-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ebb-application.h"
#include "ebb-export-ui.h"
#include "ebb-report.h"
#include "ebb-session-record.h"
#include "ebb-window.h"

/* The clipboard image: 16:9, twice the size it is drawn at. */
#define COPY_WIDTH_PX  1200
#define COPY_HEIGHT_PX 675

void
ebb_export_ui_show_toast (GtkWidget  *widget,
                       const char *message)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  root = gtk_widget_get_root (widget);
  if (EBB_IS_WINDOW (root))
    {
      AdwToast *toast = ebb_toast_new_plain (message);

      /* Error messages name a file and can be long. */
      adw_toast_set_timeout (toast, 5);
      ebb_window_add_toast (EBB_WINDOW (root), toast);
    }
}

static GSettings *
app_settings (void)
{
  GApplication *app = g_application_get_default ();

  return EBB_IS_APPLICATION (app) ? ebb_application_get_settings (EBB_APPLICATION (app)) : NULL;
}

/* An export starts where the last one went, else in Documents, else at
 * home: never in whatever folder the program was started from. */
static void
start_in_export_folder (GtkFileChooser *chooser)
{
  GSettings *settings = app_settings ();
  g_autofree char *last = settings != NULL ? g_settings_get_string (settings, "export-folder") : NULL;
  const char *folder = last;
  g_autoptr(GFile) file = NULL;

  if (folder == NULL || *folder == '\0' || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    folder = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  if (folder == NULL || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    folder = g_get_home_dir ();
  file = g_file_new_for_path (folder);
  gtk_file_chooser_set_current_folder (chooser, file, NULL);
}

static void
remember_export_folder (const char *path)
{
  GSettings *settings = app_settings ();
  g_autofree char *folder = g_path_get_dirname (path);

  if (settings != NULL)
    g_settings_set_string (settings, "export-folder", folder);
}

char *
ebb_export_ui_chart_file_name (const char *patient_code,
                            const char *scale_id,
                            gint32      day,
                            const char *extension)
{
  g_autofree char *date = ebb_date_format (day);
  g_autofree char *name = NULL;

  g_return_val_if_fail (patient_code != NULL, NULL);
  g_return_val_if_fail (extension != NULL, NULL);

  /* Translators: part of a file name, for the chart of % change */
  name = g_strdup_printf ("%s-%s-%s.%s", patient_code, scale_id != NULL ? scale_id : _("change"),
                          date, extension);
  /* A clinic code could contain a slash; a file name cannot. */
  return g_strdelimit (g_steal_pointer (&name), G_DIR_SEPARATOR_S, '-');
}

gboolean
ebb_export_ui_chart_to_file (EbbChart        *chart,
                          const char      *path,
                          EbbChartFormat   format,
                          gboolean         print,
                          GError         **error)
{
  EbbChartTheme theme;
  gboolean ok;

  g_return_val_if_fail (chart != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  theme = ebb_chart_get_theme (chart);
  ebb_chart_set_theme (chart, print ? EBB_CHART_THEME_PRINT : EBB_CHART_THEME_LIGHT);
  ok = ebb_chart_export (chart, path, format,
                         EBB_EXPORT_CHART_WIDTH_PT, EBB_EXPORT_CHART_HEIGHT_PT,
                         EBB_EXPORT_CHART_DPI, error);
  ebb_chart_set_theme (chart, theme);
  return ok;
}

/* Saving a chart ------------------------------------------------------------ */

typedef struct
{
  GtkWidget            *widget;
  EbbChart             *chart;
  GtkFileChooserNative *native;
  GtkFileFilter        *filters[3];   /* PNG, SVG, PDF */
} ChartExport;

static const struct {
  EbbChartFormat  format;
  const char     *extension;
  const char     *mime_type;
} chart_formats[] = {
  { EBB_CHART_FORMAT_PNG, "png", "image/png" },
  { EBB_CHART_FORMAT_SVG, "svg", "image/svg+xml" },
  { EBB_CHART_FORMAT_PDF, "pdf", "application/pdf" },
};

static void
chart_export_free (ChartExport *export)
{
  g_clear_object (&export->widget);
  g_clear_pointer (&export->chart, ebb_chart_free);
  g_clear_object (&export->native);
  for (guint i = 0; i < G_N_ELEMENTS (export->filters); i++)
    g_clear_object (&export->filters[i]);
  g_free (export);
}

static char *
local_path_of (GtkFileChooser  *chooser,
               GError         **error)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
  char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                         _("Ebb can only save to a folder on this computer"));
  return path;
}

static void
chart_chooser_response_cb (GtkNativeDialog *native,
                           int              response,
                           ChartExport     *export)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *message = NULL;
  EbbChartFormat format;
  gboolean print;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  path = local_path_of (chooser, &error);
  if (path == NULL)
    goto fail;

  /* A typed extension wins; without one, the chosen filter decides and
   * its extension is added, so the file opens with the right program. */
  format = ebb_chart_format_from_path (path);
  if (format == EBB_CHART_FORMAT_AUTO)
    {
      GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
      guint chosen = 0;
      char *with_extension;

      for (guint i = 0; i < G_N_ELEMENTS (export->filters); i++)
        {
          if (export->filters[i] == filter)
            chosen = i;
        }
      format = chart_formats[chosen].format;
      with_extension = g_strconcat (path, ".", chart_formats[chosen].extension, NULL);
      g_free (path);
      path = with_extension;
    }

  print = g_strcmp0 (gtk_file_chooser_get_choice (chooser, "colours"), "print") == 0;
  if (!ebb_export_ui_chart_to_file (export->chart, path, format, print, &error))
    goto fail;

  remember_export_folder (path);
  basename = g_filename_display_basename (path);
  /* Translators: %s is a file name */
  message = g_strdup_printf (_("Chart saved as “%s”"), basename);
  ebb_export_ui_show_toast (export->widget, message);
  goto out;

fail:
  /* Translators: %s says why, e.g. "chart.png: cannot write here: Permission denied" */
  message = g_strdup_printf (_("Could not export the chart: %s"), error->message);
  ebb_export_ui_show_toast (export->widget, message);

out:
  chart_export_free (export);
}

static GtkWindow *
parent_window (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
ebb_export_ui_chart (GtkWidget  *widget,
                  EbbChart   *chart,
                  const char *patient_code,
                  const char *scale_id)
{
  ChartExport *export;
  GSettings *settings = app_settings ();
  g_autofree char *name = NULL;
  const char *filter_names[] = {
    N_("PNG image"), N_("SVG drawing"), N_("PDF document"),
  };
  const char *choice_ids[] = { "light", "print", NULL };
  const char *choice_labels[] = { N_("Colour"), N_("Black and white, for printing"), NULL };
  const char *translated_labels[3];
  gboolean print_theme;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (chart != NULL);
  g_return_if_fail (patient_code != NULL);

  export = g_new0 (ChartExport, 1);
  export->widget = g_object_ref (widget);
  export->chart = chart;
  export->native = gtk_file_chooser_native_new (_("Export Chart"), parent_window (widget),
                                                GTK_FILE_CHOOSER_ACTION_SAVE,
                                                _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (export->native), TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (chart_formats); i++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(filter_names[i]));
      gtk_file_filter_add_mime_type (filter, chart_formats[i].mime_type);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (export->native), filter);
      export->filters[i] = filter;
    }
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (export->native), export->filters[0]);

  translated_labels[0] = _(choice_labels[0]);
  translated_labels[1] = _(choice_labels[1]);
  translated_labels[2] = NULL;
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (export->native), "colours", _("Colours"),
                               choice_ids, translated_labels);
  /* Someone who set charts to print colours most likely prints them. */
  print_theme = settings != NULL && g_settings_get_enum (settings, "chart-theme") == 3;
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (export->native), "colours",
                               print_theme ? "print" : "light");

  name = ebb_export_ui_chart_file_name (patient_code, scale_id, ebb_date_today (), "png");
  start_in_export_folder (GTK_FILE_CHOOSER (export->native));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (export->native), name);

  g_signal_connect (export->native, "response", G_CALLBACK (chart_chooser_response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (export->native));
}

/* Saving a report ----------------------------------------------------------- */

typedef struct
{
  GtkWidget            *widget;
  EbbStore             *store;
  gint64                patient_id;
  char                 *scale_id;
  GtkFileChooserNative *native;
} ReportExport;

static void
report_export_free (ReportExport *export)
{
  g_clear_object (&export->widget);
  g_clear_object (&export->store);
  g_clear_object (&export->native);
  g_clear_pointer (&export->scale_id, g_free);
  g_free (export);
}

static gboolean
write_report (ReportExport  *export,
              const char    *path,
              GError       **error)
{
  GSettings *settings = app_settings ();
  g_auto(EbbPatientRecords) records = { NULL };
  g_autofree char *clinic = NULL;
  EbbReportOptions options;
  EbbRuleSettings rules;

  /* Read afresh: the patient may have changed while the chooser was open.
   * The rules are the clinic's, from its file. */
  if (!ebb_patient_records_load (&records, export->store, export->patient_id, error) ||
      !ebb_store_load_rule_settings (export->store, &rules, error))
    return FALSE;

  ebb_report_options_init (&options);
  if (settings != NULL)
    {
      clinic = g_settings_get_string (settings, "clinic-name");
      /* The enum's nicks: a4, letter */
      options.paper = g_settings_get_enum (settings, "paper-size") == 1 ?
                      EBB_REPORT_PAPER_LETTER : EBB_REPORT_PAPER_A4;
      if (g_settings_get_enum (settings, "chart-theme") == 3)
        options.chart_theme = EBB_CHART_THEME_PRINT;
    }
  options.clinic_name = clinic != NULL && *clinic != '\0' ? clinic : NULL;
  options.scale = export->scale_id != NULL ? ebb_scale_lookup (export->scale_id) : NULL;
  options.as_of_day = ebb_date_today ();
  options.settings = &rules;
  options.course_ends = records.course_ends;
  options.decisions = records.decisions;
  options.events = records.events;

  return ebb_report_write_pdf (records.patient, records.sessions, records.ratings, path, &options, error);
}

/* A save dialog for one PDF, proposing @name (a path separator in it made
 * a hyphen) in the last export's folder. */
static GtkFileChooserNative *
pdf_chooser_new (GtkWidget  *widget,
                 const char *title,
                 char       *name)
{
  GtkFileChooserNative *native = gtk_file_chooser_native_new (title, parent_window (widget),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE,
                                                              _("_Export"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (filter, _("PDF document"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_strdelimit (name, G_DIR_SEPARATOR_S, '-');
  start_in_export_folder (GTK_FILE_CHOOSER (native));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  return native;
}

/* The file chosen, as a local path ending in .pdf: the chooser lets one
 * type a name without it. */
static char *
chosen_pdf_path (GtkNativeDialog  *native,
                 GError          **error)
{
  char *path = local_path_of (GTK_FILE_CHOOSER (native), error);

  if (path != NULL && !g_str_has_suffix (path, ".pdf") && !g_str_has_suffix (path, ".PDF"))
    {
      char *with_extension = g_strconcat (path, ".pdf", NULL);

      g_free (path);
      path = with_extension;
    }
  return path;
}

static void
report_chooser_response_cb (GtkNativeDialog *native,
                            int              response,
                            ReportExport    *export)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  path = chosen_pdf_path (native, &error);

  if (path != NULL && write_report (export, path, &error))
    {
      g_autofree char *basename = g_filename_display_basename (path);

      remember_export_folder (path);
      message = g_strdup_printf (_("Report saved as “%s”"), basename);
    }
  else
    message = g_strdup_printf (_("Could not export the report: %s"), error->message);
  ebb_export_ui_show_toast (export->widget, message);

out:
  report_export_free (export);
}

void
ebb_export_ui_report (GtkWidget  *widget,
                   EbbStore   *store,
                   gint64      patient_id,
                   const char *scale_id)
{
  ReportExport *export;
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *date = ebb_date_format (ebb_date_today ());

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (EBB_IS_STORE (store));

  patient = ebb_store_get_patient (store, patient_id, &error);
  if (patient == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not export the report: %s"), error->message);

      ebb_export_ui_show_toast (widget, message);
      return;
    }

  export = g_new0 (ReportExport, 1);
  export->widget = g_object_ref (widget);
  export->store = g_object_ref (store);
  export->patient_id = patient_id;
  export->scale_id = g_strdup (scale_id);
  /* Translators: a file name: patient code, "report", date */
  name = g_strdup_printf (_("%s-report-%s.pdf"), patient->code, date);
  export->native = pdf_chooser_new (widget, _("Export Report"), name);

  g_signal_connect (export->native, "response", G_CALLBACK (report_chooser_response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (export->native));
}

/* Saving a session record ---------------------------------------------------- */

typedef struct
{
  GtkWidget            *widget;
  EbbStore             *store;
  gint64                patient_id;
  gint64                session_id;
  GtkFileChooserNative *native;
} SessionRecordExport;

static void
session_record_export_free (SessionRecordExport *export)
{
  g_clear_object (&export->widget);
  g_clear_object (&export->store);
  g_clear_object (&export->native);
  g_free (export);
}

/* The session of @records with @id, or NULL when it is no longer there */
static const EbbSession *
find_session (const EbbPatientRecords *records,
              gint64                   id)
{
  for (guint i = 0; records->sessions != NULL && i < records->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (records->sessions, i);

      if (session->id == id)
        return session;
    }
  return NULL;
}

/**
 * ebb_export_ui_session_record_to_file:
 * @store: the clinic
 * @patient_id: the session's patient
 * @session_id: the session
 * @path: the PDF to write
 * @error: return location for an error
 *
 * The patient's records are read afresh: the session may have been
 * changed, or deleted, while the chooser was open.
 *
 * Returns: %TRUE when written; otherwise @error, %G_IO_ERROR_NOT_FOUND
 *   when the session is no longer in the clinic
 */
gboolean
ebb_export_ui_session_record_to_file (EbbStore    *store,
                                      gint64       patient_id,
                                      gint64       session_id,
                                      const char  *path,
                                      GError     **error)
{
  GSettings *settings = app_settings ();
  g_auto(EbbPatientRecords) records = { NULL };
  const EbbSession *session = NULL;
  EbbReportPaper paper = EBB_REPORT_PAPER_A4;

  g_return_val_if_fail (EBB_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!ebb_patient_records_load (&records, store, patient_id, error))
    return FALSE;
  if ((session = find_session (&records, session_id)) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The session is no longer in the clinic"));
      return FALSE;
    }
  /* The enum's nicks: a4, letter */
  if (settings != NULL && g_settings_get_enum (settings, "paper-size") == 1)
    paper = EBB_REPORT_PAPER_LETTER;
  return ebb_session_record_export (&records, session, paper, path, error);
}

static void
session_record_chooser_response_cb (GtkNativeDialog     *native,
                                    int                  response,
                                    SessionRecordExport *export)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  path = chosen_pdf_path (native, &error);

  if (path != NULL &&
      ebb_export_ui_session_record_to_file (export->store, export->patient_id, export->session_id, path, &error))
    {
      g_autofree char *basename = g_filename_display_basename (path);

      remember_export_folder (path);
      message = g_strdup_printf (_("Session record saved as “%s”"), basename);
    }
  else
    message = g_strdup_printf (_("Could not export the session record: %s"), error->message);
  ebb_export_ui_show_toast (export->widget, message);

out:
  session_record_export_free (export);
}

/**
 * ebb_export_ui_session_record:
 * @widget: the widget asking, for the chooser's parent and the toast
 * @store: the clinic
 * @patient_id: the session's patient
 * @session_id: the session
 *
 * Asks where to save the session's record, proposing
 * "K-0042-session-2026-03-02.pdf" in the last export's folder, writes it
 * and says so in a toast.
 */
void
ebb_export_ui_session_record (GtkWidget *widget,
                              EbbStore  *store,
                              gint64     patient_id,
                              gint64     session_id)
{
  SessionRecordExport *export;
  g_auto(EbbPatientRecords) records = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *date = NULL;
  const EbbSession *session;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (EBB_IS_STORE (store));

  if (!ebb_patient_records_load (&records, store, patient_id, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not export the session record: %s"), error->message);

      ebb_export_ui_show_toast (widget, message);
      return;
    }
  if ((session = find_session (&records, session_id)) == NULL)
    {
      ebb_export_ui_show_toast (widget, _("Could not export the session record: the session is no longer in the clinic"));
      return;
    }
  date = ebb_date_format (session->when.day);

  export = g_new0 (SessionRecordExport, 1);
  export->widget = g_object_ref (widget);
  export->store = g_object_ref (store);
  export->patient_id = patient_id;
  export->session_id = session_id;
  /* Translators: a file name: patient code, "session", the session's date */
  name = g_strdup_printf (_("%s-session-%s.pdf"), records.patient->code, date);
  export->native = pdf_chooser_new (widget, _("Export Session Record"), name);

  g_signal_connect (export->native, "response", G_CALLBACK (session_record_chooser_response_cb), export);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (export->native));
}

/* The clipboard ------------------------------------------------------------- */

GdkTexture *
ebb_export_chart_texture (EbbChart *chart,
                          int       width,
                          int       height)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  EbbChartTheme theme;

  g_return_val_if_fail (chart != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);

  /* Notes are white paper: always the light theme, whatever the screen. */
  theme = ebb_chart_get_theme (chart);
  ebb_chart_set_theme (chart, EBB_CHART_THEME_LIGHT);
  /* Once pasted into a note, "today" means nothing: give the date. */
  ebb_chart_set_for_screen (chart, FALSE);
  cairo_scale (cr, 2, 2);
  ebb_chart_draw (chart, cr, width / 2.0, height / 2.0);
  ebb_chart_set_for_screen (chart, TRUE);
  ebb_chart_set_theme (chart, theme);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* CAIRO_FORMAT_ARGB32 is premultiplied native-endian ARGB, which is
   * what GDK_MEMORY_DEFAULT means. */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * height);
  texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes,
                                    cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  return texture;
}

void
ebb_export_ui_copy_chart (GtkWidget *widget,
                       EbbChart  *chart)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (chart != NULL);

  texture = ebb_export_chart_texture (chart, COPY_WIDTH_PX, COPY_HEIGHT_PX);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
  ebb_export_ui_show_toast (widget, _("Chart copied"));
}
