/* ebb-window-actions.c — what the window's menus, buttons and keys do
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every command is a win.* action, so that a menu item, a button and a
 * shortcut do the same thing and are enabled together, from
 * ebb_window_update_actions() alone.  Patient commands forward to the
 * patient page.
 */
#define G_LOG_DOMAIN "ebb-window"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ebb-date.h"
#include "ebb-demo.h"
#include "ebb-import.h"
#include "ebb-patient-dialog.h"
#include "ebb-server-dialog.h"
#include "ebb-server.h"
#include "ebb-window-private.h"

/* Patient page commands */

/* Whether a patient is on screen for a patient command.  The commands
 * stay enabled while the clinic has patients, so that their shortcuts
 * work from anywhere in the window: on Attention, Ctrl+R says what to do
 * rather than nothing.  Their menu items are on the patient page and the
 * patient's own menus only, where a patient is always shown. */
static gboolean
ebb_window_has_patient_shown (EbbWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "patient") == 0 &&
      ebb_patient_page_get_patient_id (self->patient_page) != 0)
    return TRUE;

  ebb_window_show_hint (self, _("Open a patient first"));
  return FALSE;
}

/* The chart commands need a chart, which needs a rating. */
static gboolean
ebb_window_has_chart_shown (EbbWindow *self)
{
  if (!ebb_window_has_patient_shown (self))
    return FALSE;
  if (ebb_patient_page_get_scale_id (self->patient_page) != NULL)
    return TRUE;

  ebb_window_show_hint (self, _("No chart yet: record a rating first"));
  return FALSE;
}

#define PATIENT_COMMAND(action_fn, page_fn, check_fn)                  \
  static void                                                          \
  action_fn (GtkWidget  *widget,                                       \
             const char *action_name,                                  \
             GVariant   *parameter)                                    \
  {                                                                    \
    EbbWindow *self = EBB_WINDOW (widget);                             \
                                                                       \
    if (check_fn (self))                                               \
      page_fn (self->patient_page);                                    \
  }

PATIENT_COMMAND (record_rating_action, ebb_patient_page_record_rating, ebb_window_has_patient_shown)
PATIENT_COMMAND (record_session_action, ebb_patient_page_record_session, ebb_window_has_patient_shown)
PATIENT_COMMAND (schedule_next_action, ebb_patient_page_schedule_next, ebb_window_has_patient_shown)
PATIENT_COMMAND (edit_patient_action, ebb_patient_page_edit_patient, ebb_window_has_patient_shown)
PATIENT_COMMAND (delete_patient_action, ebb_patient_page_delete_patient, ebb_window_has_patient_shown)
PATIENT_COMMAND (end_course_action, ebb_patient_page_request_end_course, ebb_window_has_patient_shown)
PATIENT_COMMAND (add_event_action, ebb_patient_page_request_add_event, ebb_window_has_patient_shown)
PATIENT_COMMAND (export_action, ebb_patient_page_export, ebb_window_has_chart_shown)
PATIENT_COMMAND (export_report_action, ebb_patient_page_export_report, ebb_window_has_patient_shown)
PATIENT_COMMAND (copy_chart_action, ebb_patient_page_copy_chart, ebb_window_has_chart_shown)

/* Clinic commands */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EbbWindow *self = EBB_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
show_attention_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EbbWindow *self = EBB_WINDOW (widget);

  ebb_window_show_attention (self);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
}

/* win.record-decision, from an Attention card: the patient's page opens
 * and asks what was decided on the flag. */
static void
record_decision_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  EbbWindow *self = EBB_WINDOW (widget);
  const char *kind_text, *scale_id;
  EbbFlagKind kind;
  gint64 patient_id;
  gint32 day;

  g_variant_get (parameter, "(x&s&si)", &patient_id, &kind_text, &scale_id, &day);
  if (!ebb_flag_kind_from_string (kind_text, &kind) || !ebb_window_show_patient (self, patient_id))
    return;
  ebb_patient_page_request_decision (self->patient_page, kind, scale_id, day);
}

static void
patient_saved_cb (EbbWindow *self,
                  gint64     patient_id,
                  GtkWidget *dialog)
{
  ebb_window_show_patient (self, patient_id);
}

static void
new_patient_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EbbWindow *self = EBB_WINDOW (widget);
  GtkWidget *dialog;

  if (self->store == NULL)
    return;

  dialog = ebb_patient_dialog_new (GTK_WINDOW (self), self->store, NULL);
  g_signal_connect_object (dialog, "saved",
                           G_CALLBACK (patient_saved_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  EbbWindow *self = EBB_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean undone;

  undone = ebb_undo_stack_undo (self->undo_stack, &error);
  if (undone)
    ebb_window_show_undone (self);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Could not undo: %s"), error->message);
      AdwToast *toast = ebb_toast_new_plain (message);

      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      ebb_window_add_toast (self, toast);
    }
}

/* Open Clinic… */

static void
open_response_cb (EbbWindow            *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      ebb_window_show_message (self, _("Could Not Open the Clinic"),
                               _("Only clinic databases on this computer can be opened."));
      return;
    }

  if (g_strcmp0 (path, ebb_window_get_database_path (self)) == 0 && self->store != NULL)
    return;

  /* The clinic shown stays open when the other one cannot be opened:
   * a file picked by mistake must not leave the user with nothing. */
  if (!ebb_window_switch_database (self, path, &error))
    ebb_window_show_message (self, _("Could Not Open the Clinic"), error->message);
}

/* A recent clinic; a server's is opened in a thread, as it may be slow
 * to answer.  The clinic shown stays open when the other cannot be. */
static void
recent_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  EbbWindow *self = EBB_WINDOW (source);
  g_autoptr(GError) error = NULL;

  if (!ebb_window_switch_database_finish (self, result, &error))
    ebb_window_show_message (self, _("Could Not Open the Clinic"), error->message);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  EbbWindow *self = EBB_WINDOW (widget);
  const char *location = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (location, ebb_window_get_database_path (self)) == 0 && self->store != NULL)
    return;
  if (ebb_location_is_server (location))
    ebb_window_switch_database_async (self, location, NULL, recent_opened_cb, NULL);
  else if (!ebb_window_switch_database (self, location, &error))
    ebb_window_show_message (self, _("Could Not Open the Clinic"), error->message);
}

/* Try Again, on the error page of a clinic server that did not answer */
static void
retry_clinic_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  EbbWindow *self = EBB_WINDOW (widget);
  g_autofree char *location = g_strdup (ebb_window_get_database_path (self));

  if (location != NULL && ebb_location_is_server (location) && self->store == NULL)
    ebb_window_open_server (self, location);
}

/* Connect to Clinic Server…: the dialog opens the clinic in this window. */
static void
connect_server_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (ebb_server_dialog_new (EBB_WINDOW (widget))));
}

static void
open_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EbbWindow *self = EBB_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) databases = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Clinic"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (databases, _("Ebb clinic databases"));
  gtk_file_filter_add_pattern (databases, "*.db");
  gtk_file_filter_add_mime_type (databases, "application/vnd.sqlite3");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), databases);

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  if (self->database_path != NULL && !self->demo && !ebb_location_is_server (self->database_path))
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->database_path);
      g_autoptr(GFile) folder = g_file_get_parent (current);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }

  /* The chooser is freed in the response handler. */
  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (open_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Open the Demo Clinic */

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  EbbWindow *self = EBB_WINDOW (widget);
  g_autofree char *path = ebb_window_get_demo_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  /* Writing it again under its own open connection would pull the file
   * from under SQLite: the demo shown is as good as a new one. */
  if (self->demo && self->store != NULL)
    {
      ebb_window_show_attention (self);
      return;
    }

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (folder);
      g_autofree char *message = g_strdup_printf (_("Could not create the folder “%s”: %s"),
                                                  display, g_strerror (saved_errno));

      ebb_window_show_message (self, _("Could Not Open the Demo Clinic"), message);
      return;
    }

  if (!ebb_demo_create (path, ebb_date_today (), &error))
    {
      ebb_window_show_message (self, _("Could Not Open the Demo Clinic"), error->message);
      return;
    }

  if (!ebb_window_switch_database (self, path, &error))
    ebb_window_show_message (self, _("Could Not Open the Demo Clinic"), error->message);
}

/* Import CSV Files… */

/* Problems name the file by the path it was read from; the user picked a
 * file, not a path, so show its name. */
static char *
shorten_problem (const char         *problem,
                 const char * const *paths)
{
  for (guint i = 0; paths[i] != NULL; i++)
    {
      gsize length = strlen (paths[i]);

      if (strncmp (problem, paths[i], length) == 0 && problem[length] == ':')
        {
          g_autofree char *basename = g_path_get_basename (paths[i]);
          g_autofree char *display = g_filename_display_name (basename);

          return g_strconcat (display, problem + length, NULL);
        }
    }

  return g_strdup (problem);
}

static void
ebb_window_show_import_problems (EbbWindow          *self,
                                 GPtrArray          *problems,
                                 const char * const *paths)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *view;

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = shorten_problem (g_ptr_array_index (problems, i), paths);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
    }

  body = g_strdup_printf (ngettext ("The files have %u problem. Nothing was changed in the clinic: correct the files, then import all of them again.",
                                    "The files have %u problems. Nothing was changed in the clinic: correct the files, then import all of them again.",
                                    problems->len),
                          problems->len);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Nothing Was Imported"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));

  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 6);
  /* A hanging indent keeps each problem apart when it wraps. */
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6 + 24);
  gtk_text_view_set_indent (GTK_TEXT_VIEW (view), -24);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text->str, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Problems found in the files"),
                                  -1);
  gtk_widget_add_css_class (view, "import-problems");

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 80);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, -1);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * ebb_window_import_files:
 * @self: a window
 * @paths: the CSV files to import, in one go
 *
 * Imports @paths into the open clinic and says how it went: a toast with
 * what was added, or a dialog listing every problem (then nothing was
 * written).
 */
void
ebb_window_import_files (EbbWindow          *self,
                         const char * const *paths)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  EbbImportStats stats = { 0 };

  g_return_if_fail (EBB_IS_WINDOW (self));
  g_return_if_fail (paths != NULL);

  if (self->store == NULL)
    return;

  if (ebb_import_files (self->store, paths, &stats, problems, &error))
    {
      g_autofree char *patients = NULL;
      g_autofree char *sessions = NULL;
      g_autofree char *ratings = NULL;
      g_autofree char *message = NULL;
      guint n_patients = stats.patients_added + stats.patients_updated;

      patients = g_strdup_printf (ngettext ("%u patient", "%u patients", n_patients), n_patients);
      sessions = g_strdup_printf (ngettext ("%u session", "%u sessions", stats.sessions_added),
                                  stats.sessions_added);
      ratings = g_strdup_printf (ngettext ("%u rating", "%u ratings", stats.ratings_added),
                                 stats.ratings_added);
      /* Translators: the three are "18 patients", "176 sessions" and "756 ratings" */
      message = g_strdup_printf (_("Imported %s, %s and %s"), patients, sessions, ratings);

      ebb_window_add_toast (self, ebb_toast_new_plain (message));
      ebb_window_show_attention (self);
    }
  else if (g_error_matches (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID) && problems->len > 0)
    ebb_window_show_import_problems (self, problems, paths);
  else
    ebb_window_show_message (self, _("Nothing Was Imported"), error->message);
}

static void
import_response_cb (EbbWindow            *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  guint n_files;

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (files == NULL || self->store == NULL)
    return;

  n_files = g_list_model_get_n_items (files);
  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  if (paths->len == 0)
    return;
  g_ptr_array_add (paths, NULL);

  ebb_window_import_files (self, (const char * const *) paths->pdata);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  EbbWindow *self = EBB_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();

  if (self->store == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Import CSV Files"),
                                         GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Import"),
                                         _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);

  gtk_file_filter_set_name (csv, _("CSV files"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);

  g_signal_connect_object (chooser, "response",
                           G_CALLBACK (import_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * ebb_window_update_actions:
 * @self: a window
 *
 * Enables each action for what the window shows now: clinic commands need
 * an open database (one that can be written, to change it), patient
 * commands a clinic with patients: away from a patient they say to open
 * one (see ebb_window_has_patient_shown()).
 */
void
ebb_window_update_actions (EbbWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_store = self->store != NULL;
  gboolean writable = has_store && !ebb_store_is_read_only (self->store);
  /* A patient on screen counts before the list, read in a thread, has
   * caught up with it (one just added, say). */
  gboolean has_patients = has_store &&
                          (g_list_model_get_n_items (ebb_patient_list_get_patients (self->patients)) > 0 ||
                           ebb_patient_page_get_patient_id (self->patient_page) != 0);

  gtk_widget_action_set_enabled (widget, "win.search", has_store);
  gtk_widget_action_set_enabled (widget, "win.show-attention", has_store);
  gtk_widget_action_set_enabled (widget, "win.new-patient", writable);
  gtk_widget_action_set_enabled (widget, "win.import", writable);
  gtk_widget_action_set_enabled (widget, "win.record-rating", has_patients && writable);
  gtk_widget_action_set_enabled (widget, "win.record-session", has_patients && writable);
  gtk_widget_action_set_enabled (widget, "win.schedule-next", has_patients && writable);
  gtk_widget_action_set_enabled (widget, "win.edit-patient", has_patients && writable);
  gtk_widget_action_set_enabled (widget, "win.delete-patient", has_patients && writable);
  gtk_widget_action_set_enabled (widget, "win.record-decision", writable);
  gtk_widget_action_set_enabled (widget, "win.end-course", has_patients && writable);
  gtk_widget_action_set_enabled (widget, "win.add-event", has_patients && writable);
  gtk_widget_action_set_enabled (widget, "win.export", has_patients);
  gtk_widget_action_set_enabled (widget, "win.export-report", has_patients);
  gtk_widget_action_set_enabled (widget, "win.copy-chart", has_patients);
  gtk_widget_action_set_enabled (widget, "win.undo", ebb_undo_stack_get_can_undo (self->undo_stack));
  /* Its every item disabled, the menu's button is too, rather than a
   * bright button opening a menu of nothing. */
  gtk_widget_set_sensitive (self->record_button, has_patients && writable);
}

void
ebb_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-attention", NULL, show_attention_action);
  gtk_widget_class_install_action (widget_class, "win.new-patient", NULL, new_patient_action);
  gtk_widget_class_install_action (widget_class, "win.record-rating", NULL, record_rating_action);
  gtk_widget_class_install_action (widget_class, "win.record-session", NULL, record_session_action);
  gtk_widget_class_install_action (widget_class, "win.schedule-next", NULL, schedule_next_action);
  gtk_widget_class_install_action (widget_class, "win.edit-patient", NULL, edit_patient_action);
  gtk_widget_class_install_action (widget_class, "win.delete-patient", NULL, delete_patient_action);
  gtk_widget_class_install_action (widget_class, "win.record-decision", "(xssi)", record_decision_action);
  gtk_widget_class_install_action (widget_class, "win.end-course", NULL, end_course_action);
  gtk_widget_class_install_action (widget_class, "win.add-event", NULL, add_event_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-report", NULL, export_report_action);
  gtk_widget_class_install_action (widget_class, "win.copy-chart", NULL, copy_chart_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, open_database_action);
  gtk_widget_class_install_action (widget_class, "win.connect-server", NULL, connect_server_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.retry-clinic", NULL, retry_clinic_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
}
