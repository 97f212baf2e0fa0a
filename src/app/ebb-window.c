/* ebb-window.c — the main window: one clinic database
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sidebar with the clinic's patients (searchable, with the Attention
 * view on top) beside the content: the welcome page of an empty clinic,
 * Attention, one patient, or why the database could not be opened.
 *
 * This file is the type itself; ebb-window-private.h lists the others.
 */
#define G_LOG_DOMAIN "ebb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-dialog-util.h"
#include "ebb-window-private.h"

G_DEFINE_FINAL_TYPE (EbbWindow, ebb_window, ADW_TYPE_APPLICATION_WINDOW)

static GParamSpec *properties[N_PROPS];

/* The other files of the window notify its properties through this. */
void
ebb_window_notify (EbbWindow         *self,
                   EbbWindowProperty  prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * ebb_window_show_message:
 * @self: a window
 * @heading: what went wrong, in a few words
 * @body: (nullable): the details, plain text
 *
 * Tells the user about a failure that changed nothing.
 */
void
ebb_window_show_message (EbbWindow  *self,
                         const char *heading,
                         const char *body)
{
  GtkWidget *dialog;

  g_return_if_fail (EBB_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toast_dismissed_cb (EbbWindow *self,
                    AdwToast  *toast)
{
  if (self->hint_toast == toast)
    self->hint_toast = NULL;
  if (self->undo_toast == toast)
    self->undo_toast = NULL;
  if (self->step_toast == toast)
    self->step_toast = NULL;
}

/**
 * ebb_toast_new_plain:
 * @text: what the toast says, as it should read
 *
 * libadwaita 1.2 reads a toast's title as Pango markup, and a file name,
 * a patient code or an error message may hold "&" or "<": the text is
 * escaped so that it shows as written.
 *
 * Returns: (transfer full): a new toast
 */
AdwToast *
ebb_toast_new_plain (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

/**
 * ebb_window_show_hint:
 * @self: a window
 * @text: why a command did nothing, and what to do instead
 *
 * Says it in a toast, once however often the command is tried while the
 * toast is shown: a shortcut pressed where it cannot work should not be
 * met with silence.
 */
void
ebb_window_show_hint (EbbWindow  *self,
                      const char *text)
{
  g_return_if_fail (EBB_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  if (self->hint_toast != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      if (g_strcmp0 (adw_toast_get_title (self->hint_toast), escaped) == 0)
        return;
    }
  if (self->hint_toast != NULL)
    adw_toast_dismiss (self->hint_toast);

  /* Borrowed: the overlay owns the toast until it is dismissed. */
  self->hint_toast = ebb_toast_new_plain (text);
  g_signal_connect_object (self->hint_toast, "dismissed",
                           G_CALLBACK (toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  ebb_window_add_toast (self, self->hint_toast);
}

static void
undo_stack_changed_cb (EbbWindow    *self,
                       GParamSpec   *pspec,
                       EbbUndoStack *undo_stack)
{
  ebb_window_update_actions (self);
}

/* GObject */

static void
ebb_window_restore_size (EbbWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));

  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
ebb_window_save_size (EbbWindow *self)
{
  int width;
  int height;

  /* GTK keeps the default size at the last unmaximized size, which is
   * the one to come back to after unmaximizing next time. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
ebb_window_close_request (GtkWindow *window)
{
  /* A rating half entered is asked about first; the window stays. */
  if (ebb_dialog_confirm_discard_for_parent (window))
    return TRUE;

  ebb_window_save_size (EBB_WINDOW (window));

  return GTK_WINDOW_CLASS (ebb_window_parent_class)->close_request (window);
}

static void
ebb_window_dispose (GObject *object)
{
  EbbWindow *self = EBB_WINDOW (object);

  ebb_window_dispose_clinic (self);

  self->hint_toast = NULL;

  /* Undo steps may hold the store; the store must close with the window. */
  if (self->undo_stack != NULL)
    ebb_undo_stack_clear (self->undo_stack);

  g_clear_object (&self->session_watch);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ebb_window_parent_class)->dispose (object);
}

static void
ebb_window_finalize (GObject *object)
{
  EbbWindow *self = EBB_WINDOW (object);

  g_clear_object (&self->undo_stack);
  g_clear_object (&self->patients);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);
  g_clear_pointer (&self->folded_query, g_free);
  g_clear_pointer (&self->code_query, g_free);
  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (ebb_window_parent_class)->finalize (object);
}

static void
ebb_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  EbbWindow *self = EBB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    case PROP_DEMO:
      g_value_set_boolean (value, self->demo);
      break;

    case PROP_UNDO_STACK:
      g_value_set_object (value, self->undo_stack);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, ebb_window_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_window_class_init (EbbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ebb_window_dispose;
  object_class->finalize = ebb_window_finalize;
  object_class->get_property = ebb_window_get_property;

  window_class->close_request = ebb_window_close_request;

  /**
   * EbbWindow:store:
   *
   * The open clinic database, or %NULL when none could be opened.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         EBB_TYPE_STORE,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * EbbWindow:database-path:
   *
   * The path of the clinic database the window shows, or tried to open.
   */
  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * EbbWindow:demo:
   *
   * Whether the database is the synthetic demo clinic.
   */
  properties[PROP_DEMO] =
    g_param_spec_boolean ("demo", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * EbbWindow:undo-stack:
   *
   * What win.undo reverts; cleared when another database is opened.
   */
  properties[PROP_UNDO_STACK] =
    g_param_spec_object ("undo-stack", NULL, NULL,
                         EBB_TYPE_UNDO_STACK,
                         (G_PARAM_READABLE |
                          G_PARAM_STATIC_STRINGS));

  /**
   * EbbWindow:loading:
   *
   * Whether the clinic's lists are being read: the first time after a
   * clinic is opened, and again after each change.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (EBB_TYPE_ATTENTION_PAGE);
  g_type_ensure (EBB_TYPE_PATIENT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, server_banner);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, server_banner_label);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, content);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, attention_list);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, attention_row);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, attention_separator);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, attention_count);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, patient_list);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, demo_tag);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, record_button);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, patient_menu_button);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, row_menu);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, attention_page);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, patient_page);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, error_page);

  ebb_window_class_add_sidebar (widget_class);
  ebb_window_class_add_actions (widget_class);
}

static void
ebb_window_init (EbbWindow *self)
{
  self->undo_stack = ebb_undo_stack_new ();
  self->patients = ebb_patient_list_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  ebb_window_init_sidebar (self);
  ebb_attention_page_set_model (self->attention_page, ebb_patient_list_get_attention (self->patients));

  g_signal_connect_object (self->undo_stack, "notify::can-undo",
                           G_CALLBACK (undo_stack_changed_cb), self,
                           G_CONNECT_SWAPPED);

  self->settings = g_settings_new (APP_ID);
  ebb_window_init_clinic (self);
  ebb_window_restore_size (self);

  ebb_window_update_title (self);
  ebb_window_update_sidebar (self);
  ebb_window_update_actions (self);
}

/**
 * ebb_window_new:
 * @application: (nullable): the application, or %NULL (in tests)
 *
 * Creates a window that shows no clinic yet; see ebb_window_open_database().
 */
EbbWindow *
ebb_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (EBB_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * ebb_window_get_store:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the open clinic database
 */
EbbStore *
ebb_window_get_store (EbbWindow *self)
{
  g_return_val_if_fail (EBB_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * ebb_window_get_loading:
 * @self: a window
 *
 * Returns: whether the clinic's lists are being read, see #EbbWindow:loading
 */
gboolean
ebb_window_get_loading (EbbWindow *self)
{
  g_return_val_if_fail (EBB_IS_WINDOW (self), FALSE);

  return self->reload_pending || ebb_patient_list_get_loading (self->patients);
}

/**
 * ebb_window_get_database_path:
 * @self: a window
 *
 * Returns: (nullable): the path of the database shown, or that failed to open
 */
const char *
ebb_window_get_database_path (EbbWindow *self)
{
  g_return_val_if_fail (EBB_IS_WINDOW (self), NULL);

  return self->database_path;
}

/**
 * ebb_window_get_undo_stack:
 * @self: a window
 *
 * What win.undo reverts: whoever deletes something in this window pushes
 * a step that puts it back, then calls ebb_window_offer_undo().
 *
 * Returns: (transfer none): the window's undo stack
 */
EbbUndoStack *
ebb_window_get_undo_stack (EbbWindow *self)
{
  g_return_val_if_fail (EBB_IS_WINDOW (self), NULL);

  return self->undo_stack;
}

/**
 * ebb_window_add_toast:
 * @self: a window
 * @toast: (transfer full): a toast
 *
 * Shows @toast at the bottom of the window.
 */
void
ebb_window_add_toast (EbbWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (EBB_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * ebb_window_offer_undo:
 * @self: a window
 * @message: what was done, "Patient K-0042 deleted"
 *
 * Shows @message in a toast with an Undo button (win.undo).  A clinical
 * change offered for undo stays on screen until it is dismissed or the
 * next one replaces it: a toast gone in five seconds was missed.  The
 * next one takes the same toast over rather than queue behind it (where
 * its Undo would undo the newer step), and Ebb never dismisses a toast
 * itself (libadwaita 1.2 can write to a toast's freed state when one is
 * dismissed while it slides in and the window then goes).
 */
void
ebb_window_offer_undo (EbbWindow  *self,
                       const char *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (EBB_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  if (self->step_toast != NULL)
    {
      escaped = g_markup_escape_text (message, -1);
      adw_toast_set_title (self->step_toast, escaped);
      adw_toast_set_button_label (self->step_toast, _("_Undo"));
      adw_toast_set_action_name (self->step_toast, "win.undo");
      self->undo_toast = self->step_toast;
      return;
    }

  toast = ebb_toast_new_plain (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  /* Borrowed, as the hint toast */
  self->undo_toast = self->step_toast = toast;
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, G_CONNECT_SWAPPED);
  ebb_window_add_toast (self, toast);
}

/**
 * ebb_window_show_undone:
 * @self: a window
 *
 * Once the latest change offered for undo is undone, its toast says so
 * rather than offer a greyed button.  The toast is changed, not
 * dismissed: libadwaita 1.2 can write to a toast's freed state when one
 * is dismissed while it still slides in and the window then goes
 * (valgrind caught it).
 */
void
ebb_window_show_undone (EbbWindow *self)
{
  g_return_if_fail (EBB_IS_WINDOW (self));

  if (self->undo_toast == NULL)
    return;
  adw_toast_set_title (self->undo_toast, _("Undone"));
  adw_toast_set_button_label (self->undo_toast, NULL);
  adw_toast_set_action_name (self->undo_toast, NULL);
  self->undo_toast = NULL;
}

/**
 * ebb_window_is_demo:
 * @self: a window
 *
 * Returns: whether the window shows the synthetic demo clinic
 */
gboolean
ebb_window_is_demo (EbbWindow *self)
{
  g_return_val_if_fail (EBB_IS_WINDOW (self), FALSE);

  return self->demo;
}
