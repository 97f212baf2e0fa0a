/* ebb-server-dialog.c — Connect to Clinic Server…
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server, port, clinic database and user name a workstation connects
 * with, and the password, which goes to the session's memory and, if the
 * user keeps it, to the desktop's keyring (ebb-server-keyring.c), never
 * into the address the window remembers.  The clinic is opened in a
 * thread, so that a slow or distant server does not freeze the window;
 * a failure is said here, with everything typed still in place.  The
 * fields start from the clinic server the window last opened.
 */
#define G_LOG_DOMAIN "ebb-server-dialog"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ebb-server.h"
#include "ebb-server-dialog.h"
#include "ebb-server-keyring.h"
#include "ebb-window-private.h"

struct _EbbServerDialog
{
  AdwWindow     parent_instance;

  EbbWindow    *window;
  GCancellable *cancellable;   /* the connection under way, or NULL */

  /* Template children */
  AdwEntryRow  *host_row;
  AdwEntryRow  *port_row;
  AdwEntryRow  *database_row;
  AdwEntryRow  *user_row;
  AdwPasswordEntryRow *password_row;
  GtkSwitch    *keyring_switch;
  GtkLabel     *message;
  GtkWidget    *connect_button;
  GtkSpinner   *spinner;
};

G_DEFINE_FINAL_TYPE (EbbServerDialog, ebb_server_dialog, ADW_TYPE_WINDOW)

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The user name, or the account's when none was typed. */
static char *
user_name (EbbServerDialog *self)
{
  g_autofree char *user = row_text (self->user_row);

  return *user != '\0' ? g_steal_pointer (&user) : g_strdup (g_get_user_name ());
}

/**
 * ebb_server_dialog_dup_location:
 *
 * Returns: (transfer full) (nullable): the address the fields name,
 *   without the password; %NULL while no database is named
 */
char *
ebb_server_dialog_dup_location (EbbServerDialog *self)
{
  g_autofree char *host = row_text (self->host_row);
  g_autofree char *port = row_text (self->port_row);
  g_autofree char *database = row_text (self->database_row);
  g_autofree char *user = user_name (self);

  g_return_val_if_fail (EBB_IS_SERVER_DIALOG (self), NULL);

  if (*database == '\0')
    return NULL;
  return ebb_server_location_new (host, port, database, user);
}

static void
show_message (EbbServerDialog *self,
              const char      *text)
{
  gtk_label_set_text (self->message, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), text != NULL);
}

static void
set_connecting (EbbServerDialog *self,
                gboolean         connecting)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), connecting);
  gtk_spinner_set_spinning (self->spinner, connecting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "server.connect", !connecting);
}

static void
validate (EbbServerDialog *self)
{
  g_autofree char *port = row_text (self->port_row);
  g_autofree char *database = row_text (self->database_row);
  gboolean port_ok = *port == '\0' || (strspn (port, "0123456789") == strlen (port) &&
                                       strlen (port) <= 5 && atoi (port) > 0 && atoi (port) < 65536);

  /* Seen in red, and heard: a screen reader says the field is invalid. */
  if (port_ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->port_row), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->port_row), GTK_ACCESSIBLE_STATE_INVALID);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->port_row), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->port_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "server.connect",
                                 port_ok && *database != '\0' && self->cancellable == NULL);
}

/* Kept under the parts the connection will name (a port typed after the
 * server's name, brackets around an address: as libpq reads them). */
static void
remember_password (EbbServerDialog *self,
                   gboolean         in_keyring)
{
  g_autofree char *location = ebb_server_dialog_dup_location (self);
  g_autofree char *host = NULL;
  g_autofree char *port = NULL;
  g_autofree char *database = NULL;
  g_autofree char *user = NULL;

  if (location == NULL || !ebb_server_location_parts (location, &host, &port, &database, &user))
    return;
  ebb_server_keyring_remember (host, port, database, user,
                               gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                               in_keyring);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(EbbServerDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ebb_window_switch_database_finish (EBB_WINDOW (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_clear_object (&self->cancellable);
      set_connecting (self, FALSE);
      validate (self);
      /* Everything typed stays, to be put right and tried again; the
       * message takes the focus, so that a screen reader reads it, and
       * can be selected, to be copied for the administrator. */
      show_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->message));
      /* Focus selects a selectable label whole: read, not highlighted. */
      gtk_label_select_region (self->message, 0, 0);
      return;
    }

  g_clear_object (&self->cancellable);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) != '\0' &&
      gtk_switch_get_active (self->keyring_switch))
    remember_password (self, TRUE);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
ebb_server_dialog_connect (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  EbbServerDialog *self = EBB_SERVER_DIALOG (widget);
  g_autofree char *location = ebb_server_dialog_dup_location (self);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (location == NULL || self->cancellable != NULL)
    return;

  /* Kept for the session under the parts libpq will name when it
   * connects; in the keyring only once it proved right. */
  if (*password != '\0')
    remember_password (self, FALSE);

  show_message (self, NULL);
  self->cancellable = g_cancellable_new ();
  set_connecting (self, TRUE);
  ebb_window_switch_database_async (self->window, location, self->cancellable,
                                    connected_cb, g_object_ref (self));
}

/* The fields of the clinic server the window shows, or last showed. */
static void
fill_from (EbbServerDialog *self,
           const char      *location)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *path;

  if (location == NULL || !ebb_location_is_server (location))
    return;
  /* A password in the address stays out of every field. */
  uri = g_uri_parse (location, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_NON_DNS,
                     NULL);
  if (uri == NULL)
    return;
  if (g_uri_get_query (uri) != NULL)
    params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);

  if (g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->host_row), g_uri_get_host (uri));
  else if (params != NULL && g_hash_table_lookup (params, "host") != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->host_row), g_hash_table_lookup (params, "host"));
  if (g_uri_get_port (uri) > 0)
    {
      g_autofree char *port = g_strdup_printf ("%d", g_uri_get_port (uri));

      gtk_editable_set_text (GTK_EDITABLE (self->port_row), port);
    }
  path = g_uri_get_path (uri);
  if (path != NULL && path[0] == '/' && path[1] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->database_row), path + 1);
  if (g_uri_get_user (uri) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), g_uri_get_user (uri));
  else if (params != NULL && g_hash_table_lookup (params, "user") != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), g_hash_table_lookup (params, "user"));
}

static void
ebb_server_dialog_dispose (GObject *object)
{
  EbbServerDialog *self = EBB_SERVER_DIALOG (object);

  /* A connection still being made is let go: its clinic is not shown. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), EBB_TYPE_SERVER_DIALOG);

  G_OBJECT_CLASS (ebb_server_dialog_parent_class)->dispose (object);
}

static void
ebb_server_dialog_class_init (EbbServerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ebb_server_dialog_dispose;

  gtk_widget_class_install_action (widget_class, "server.connect", NULL, ebb_server_dialog_connect);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-server-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbServerDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, EbbServerDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, EbbServerDialog, database_row);
  gtk_widget_class_bind_template_child (widget_class, EbbServerDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, EbbServerDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, EbbServerDialog, keyring_switch);
  gtk_widget_class_bind_template_child (widget_class, EbbServerDialog, message);
  gtk_widget_class_bind_template_child (widget_class, EbbServerDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, EbbServerDialog, spinner);
}

static void
ebb_server_dialog_init (EbbServerDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), self->connect_button);
  g_signal_connect_object (self->port_row, "changed", G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->database_row, "changed", G_CALLBACK (validate), self, G_CONNECT_SWAPPED);
}

/**
 * ebb_server_dialog_new:
 * @window: the window to open the clinic in
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWidget *
ebb_server_dialog_new (EbbWindow *window)
{
  EbbServerDialog *self;

  g_return_val_if_fail (EBB_IS_WINDOW (window), NULL);

  self = g_object_new (EBB_TYPE_SERVER_DIALOG,
                       "transient-for", window,
                       NULL);
  g_set_weak_pointer (&self->window, window);
  fill_from (self, ebb_window_get_database_path (window));
  if (*gtk_editable_get_text (GTK_EDITABLE (self->user_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), g_get_user_name ());
  validate (self);
  /* The server known, what is left to type is the password. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->database_row)) != '\0')
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->host_row));
  return GTK_WIDGET (self);
}
