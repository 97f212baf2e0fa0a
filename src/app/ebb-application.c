/* ebb-application.c — the Ebb application
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-application"

#include "config.h"

#include <signal.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "ebb-application.h"
#include "ebb-server-keyring.h"
#include "ebb-preferences-window.h"
#include "ebb-server.h"
#include "ebb-store.h"
#include "ebb-window.h"

struct _EbbApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  guint           sigint_source;
  guint           sigterm_source;
};

G_DEFINE_FINAL_TYPE (EbbApplication, ebb_application, ADW_TYPE_APPLICATION)

/* Every keyboard shortcut of the application, in one place. */
static const struct {
  const char *action;
  const char *accels[3];
} ebb_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.new-patient", { "<Control>n", NULL } },
  { "win.record-rating", { "<Control>r", NULL } },
  { "win.record-session", { "<Control><Shift>r", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.copy-chart", { "<Control><Shift>c", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.open-database", { "<Control>o", NULL } },
  { "win.import", { "<Control>i", NULL } },
};

static EbbWindow *
ebb_application_find_window (EbbApplication *self,
                             const char     *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (EBB_IS_WINDOW (l->data) &&
          g_strcmp0 (ebb_window_get_database_path (l->data), path) == 0)
        return l->data;
    }

  return NULL;
}

/* One window per database: opening the same file twice presents the
 * window that has it already.  Opening takes a few milliseconds even on a
 * large clinic; reading it takes longer and happens in a thread, so the
 * window is shown at once, saying that it is loading, and fills in. */
static void
ebb_application_open_database (EbbApplication *self,
                               const char     *path)
{
  EbbWindow *window = ebb_application_find_window (self, path);

  if (window == NULL)
    {
      window = ebb_window_new (GTK_APPLICATION (self));
      /* A failure is shown in the window itself; a server is waited for
       * with the window up. */
      if (ebb_location_is_server (path))
        ebb_window_open_server (window, path);
      else
        ebb_window_open_database (window, path, NULL);
    }

  gtk_window_present (GTK_WINDOW (window));
}

/* The clinic that was open last, if it is still there; else the default
 * one, which the store creates (with $XDG_DATA_HOME/ebb) on the first run.
 * A remembered file that has gone is not created again: an empty clinic in
 * its place would look as if the patients had been lost. */
static void
ebb_application_open_default_database (EbbApplication *self)
{
  g_autofree char *last = g_settings_get_string (ebb_application_get_settings (self), "last-database");
  g_autofree char *path = NULL;

  /* A clinic server is opened again as it is (the window says so if it
   * cannot be reached): never a local file in its place, where patients
   * recorded would be missing from the clinic everyone else sees. */
  if (last[0] != '\0' && (ebb_location_is_server (last) || g_file_test (last, G_FILE_TEST_IS_REGULAR)))
    path = g_steal_pointer (&last);
  else
    path = ebb_store_default_path ();

  ebb_application_open_database (self, path);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  EbbApplication *self = EBB_APPLICATION (user_data);
  g_autoptr(GList) windows = NULL;

  /* Close the windows rather than quit outright, so that each one saves
   * its size; the application ends with the last window. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  EbbApplication *self = EBB_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *preferences;

  preferences = ebb_preferences_window_new (parent, ebb_application_get_settings (self),
                                            EBB_IS_WINDOW (parent) ? ebb_window_get_store (EBB_WINDOW (parent)) : NULL);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  EbbApplication *self = EBB_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Ebb"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("Track how patients respond to ketamine and esketamine treatment."),
                        "developer-name", _("The Ebb authors"),
                        "website", "https://github.com/ebbclinic/ebb",
                        "issue-url", "https://github.com/ebbclinic/ebb/issues",
                        "copyright", _("© 2026 The Ebb authors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: replace with your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);

  gtk_window_present (GTK_WINDOW (about));
}

/* Ctrl+C in a terminal, or a logout, closes the windows properly: each
 * saves its size and closes its database (checkpointing the WAL). */
static gboolean
ebb_application_signalled (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);

  return G_SOURCE_CONTINUE;
}

static const GActionEntry ebb_app_actions[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "preferences", .activate = preferences_activated },
  { .name = "about", .activate = about_activated },
};

static int
ebb_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("ebb %s\n", PACKAGE_VERSION);
      return 0;
    }

  return -1;
}

static int
ebb_application_command_line (GApplication            *app,
                              GApplicationCommandLine *command_line)
{
  EbbApplication *self = EBB_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *db = NULL;

  /* A clinic server's address is taken as it is: it names no file. */
  if (g_variant_dict_lookup (options, "db", "^&ay", &db) && ebb_location_is_server (db))
    ebb_application_open_database (self, db);
  else if (db != NULL)
    {
      /* Relative to the directory of the command that asked, which is not
       * ours when another instance forwarded it here. */
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, db);
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL)
        {
          g_application_command_line_printerr (command_line,
                                               _("“%s” is not a local file\n"), db);
          return 1;
        }

      ebb_application_open_database (self, path);
    }
  else
    {
      g_application_activate (app);
    }

  return 0;
}

static void
ebb_application_activate (GApplication *app)
{
  EbbApplication *self = EBB_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL)
    gtk_window_present (window);
  else
    ebb_application_open_default_database (self);
}

static void
ebb_application_startup (GApplication *app)
{
  EbbApplication *self = EBB_APPLICATION (app);

  G_APPLICATION_CLASS (ebb_application_parent_class)->startup (app);

  /* A clinic server's password comes from what was typed this session,
   * or the desktop's keyring. */
  ebb_server_keyring_install ();

  g_set_application_name (_("Ebb"));
  gtk_window_set_default_icon_name (APP_ID);

  for (gsize i = 0; i < G_N_ELEMENTS (ebb_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app),
                                           ebb_accels[i].action,
                                           ebb_accels[i].accels);

  self->sigint_source = g_unix_signal_add (SIGINT, ebb_application_signalled, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, ebb_application_signalled, self);
}

static void
ebb_application_shutdown (GApplication *app)
{
  EbbApplication *self = EBB_APPLICATION (app);

  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);

  G_APPLICATION_CLASS (ebb_application_parent_class)->shutdown (app);
}

static void
ebb_application_dispose (GObject *object)
{
  EbbApplication *self = EBB_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ebb_application_parent_class)->dispose (object);
}

static void
ebb_application_class_init (EbbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ebb_application_dispose;

  app_class->handle_local_options = ebb_application_handle_local_options;
  app_class->command_line = ebb_application_command_line;
  app_class->activate = ebb_application_activate;
  app_class->startup = ebb_application_startup;
  app_class->shutdown = ebb_application_shutdown;
}

static void
ebb_application_init (EbbApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   ebb_app_actions,
                                   G_N_ELEMENTS (ebb_app_actions),
                                   self);

  g_application_add_main_option (G_APPLICATION (self), "db", 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME,
                                 _("Open the clinic database at PATH instead of the default one"),
                                 _("PATH"));
  g_application_add_main_option (G_APPLICATION (self), "version", 0,
                                 G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE,
                                 _("Show the version and exit"),
                                 NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Track response to ketamine and esketamine treatment."));
}

EbbApplication *
ebb_application_new (void)
{
  return g_object_new (EBB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/ebbclinic/Ebb",
                       NULL);
}

/* For windows and pages that have no EbbApplication (the tests make them
 * on their own): one instance for the whole process. */
static GSettings *
get_fallback_settings (void)
{
  static GSettings *settings;

  if (g_once_init_enter (&settings))
    g_once_init_leave (&settings, g_settings_new (APP_ID));

  return settings;
}

/**
 * ebb_application_get_settings:
 * @self: (nullable): the application, or %NULL for the default one
 *
 * With %NULL, and no #EbbApplication running (as in the tests), a
 * process-wide instance is returned, so callers need not care.
 *
 * Returns: (transfer none): the application's settings
 */
GSettings *
ebb_application_get_settings (EbbApplication *self)
{
  g_return_val_if_fail (self == NULL || EBB_IS_APPLICATION (self), NULL);

  if (self == NULL)
    {
      GApplication *app = g_application_get_default ();

      if (!EBB_IS_APPLICATION (app))
        return get_fallback_settings ();
      self = EBB_APPLICATION (app);
    }

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  return self->settings;
}

/**
 * ebb_application_migrate_rule_settings:
 * @self: (nullable): the application, or %NULL for the default one
 * @store: the clinic just opened
 *
 * Before rules version 2, the response fraction and the baseline window
 * were one user's preferences.  They are the clinic's now: a value this
 * user had changed moves into the first clinic opened for writing whose
 * own setting is still the default (audited there like any change), and
 * the user's preference is reset, so that it moves once.
 */
void
ebb_application_migrate_rule_settings (EbbApplication *self,
                                       EbbStore       *store)
{
  static const struct { const char *gsettings_key; const char *clinic_key; } moved[] = {
    { "response-fraction", "response-fraction" },
    { "baseline-window-days", "baseline-days" },
  };
  GSettings *gsettings;
  EbbRuleSettings rules;

  g_return_if_fail (self == NULL || EBB_IS_APPLICATION (self));
  g_return_if_fail (EBB_IS_STORE (store));

  /* A server clinic is shared: one workstation's old preference must not
   * become every clinician's rule. */
  if (ebb_location_is_server (ebb_store_get_path (store)))
    return;

  gsettings = ebb_application_get_settings (self);
  if (ebb_store_is_read_only (store) || !ebb_store_load_rule_settings (store, &rules, NULL))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (moved); i++)
    {
      g_autoptr(GVariant) user_value = g_settings_get_user_value (gsettings, moved[i].gsettings_key);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      if (user_value == NULL || !ebb_rule_settings_is_default (&rules, moved[i].clinic_key))
        continue;
      if (g_variant_is_of_type (user_value, G_VARIANT_TYPE_DOUBLE))
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          text = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", g_variant_get_double (user_value)));
        }
      else
        text = g_strdup_printf ("%d", g_variant_get_int32 (user_value));

      if (ebb_store_set_rule_setting (store, moved[i].clinic_key, text, &error))
        g_settings_reset (gsettings, moved[i].gsettings_key);
      else
        g_warning ("The preference %s could not move into the clinic: %s", moved[i].gsettings_key,
                   error->message);
    }
}
