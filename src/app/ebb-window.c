/* ebb-window.c — the main window: one clinic database
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-window.h"

struct _EbbWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  EbbStore             *store;
  char                 *database_path;

  /* Template children */
  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  AdwStatusPage        *clinic_page;
  AdwStatusPage        *error_page;
};

G_DEFINE_FINAL_TYPE (EbbWindow, ebb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DATABASE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ebb_window_set_database_path (EbbWindow  *self,
                              const char *path)
{
  /* g_set_str() is GLib 2.76 */
  if (g_strcmp0 (self->database_path, path) == 0)
    return;

  g_free (self->database_path);
  self->database_path = g_strdup (path);

  if (path != NULL)
    {
      g_autofree char *basename = g_path_get_basename (path);
      g_autofree char *subtitle = g_filename_display_name (basename);

      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE_PATH]);
}

static void
ebb_window_set_store (EbbWindow *self,
                      EbbStore  *store)
{
  if (g_set_object (&self->store, store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
ebb_window_show_clinic (EbbWindow *self,
                        guint      n_patients)
{
  g_autofree char *title = NULL;
  g_autofree char *display_path = NULL;
  g_autofree char *description = NULL;

  title = g_strdup_printf (ngettext ("%u patient", "%u patients", n_patients),
                           n_patients);
  /* The description is markup, and a path may well contain an ampersand
   * (or, being a file name, not even be UTF-8). */
  display_path = g_filename_display_name (self->database_path);
  description = g_markup_escape_text (display_path, -1);

  adw_status_page_set_title (self->clinic_page, title);
  adw_status_page_set_description (self->clinic_page, description);
  gtk_stack_set_visible_child_name (self->stack, "clinic");
}

static void
ebb_window_show_error (EbbWindow    *self,
                       const GError *error)
{
  g_autofree char *description = g_markup_escape_text (error->message, -1);

  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

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
  ebb_window_save_size (EBB_WINDOW (window));

  return GTK_WINDOW_CLASS (ebb_window_parent_class)->close_request (window);
}

static void
ebb_window_dispose (GObject *object)
{
  EbbWindow *self = EBB_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ebb_window_parent_class)->dispose (object);
}

static void
ebb_window_finalize (GObject *object)
{
  EbbWindow *self = EBB_WINDOW (object);

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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, clinic_page);
  gtk_widget_class_bind_template_child (widget_class, EbbWindow, error_page);
}

static void
ebb_window_init (EbbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  ebb_window_restore_size (self);
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
 * ebb_window_open_database:
 * @self: a window
 * @path: the clinic database, created when it does not exist
 * @error: return location for an error
 *
 * Opens the clinic database at @path and shows it.  When that fails the
 * window shows the error instead, so callers may pass %NULL for @error.
 *
 * Returns: whether the database could be opened
 */
gboolean
ebb_window_open_database (EbbWindow   *self,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (EBB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &local_error);
  if (store != NULL)
    patients = ebb_store_list_patients (store, &local_error);

  ebb_window_set_database_path (self, path);

  if (patients == NULL)
    {
      ebb_window_set_store (self, NULL);
      ebb_window_show_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  ebb_window_set_store (self, store);
  ebb_window_show_clinic (self, patients->len);

  return TRUE;
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
