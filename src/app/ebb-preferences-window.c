/* ebb-preferences-window.c — the application's preferences
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every control is bound to its GSettings key, so a change applies at
 * once (GNOME preferences have no Apply button) and the windows follow it:
 * they listen to the keys, not to this window.  The clinical rules'
 * thresholds are not one person's preferences but the clinic's: their
 * page (EbbClinicRulesPage) edits the open clinic file.
 *
 * The backup folder is chosen with a GtkFileChooserNative (the portal's
 * dialog in a sandbox; GtkFileDialog came with GTK 4.10).  Backups
 * beside the clinic file sit on its disk, which a failing or stolen disk
 * takes with them: the page says so whenever it is the case for the
 * clinic that is open.
 */
#define G_LOG_DOMAIN "ebb-preferences-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ebb-backup.h"
#include "ebb-clinic-rules-page.h"
#include "ebb-preferences-window.h"
#include "ebb-server.h"
#include "ebb-scale.h"

struct _EbbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  char                 *database_path;   /* the open clinic's, or NULL */
  GtkFileChooserNative *backup_chooser;

  /* Template children */
  AdwComboRow          *default_scale_row;
  GtkStringList        *scale_list;
  AdwEntryRow          *clinic_name_row;
  AdwComboRow          *paper_size_row;
  AdwComboRow          *chart_theme_row;
  AdwPreferencesGroup  *backups_group;
  AdwActionRow         *backup_folder_row;
  GtkWidget            *backup_reset_button;
  GtkWidget            *backup_warning_row;
};

G_DEFINE_FINAL_TYPE (EbbPreferencesWindow, ebb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The order of the combo rows' items, as the keys' nicks. */
static const char * const paper_sizes[] = { "a4", "letter", NULL };
static const char * const chart_themes[] = { "system", "light", "dark", "print", NULL };

static gboolean
nick_to_position (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char * const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    {
      if (g_str_equal (nicks[i], nick))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
position_to_nick (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char * const *nicks = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) nicks))
    return NULL;

  return g_variant_new_string (nicks[position]);
}

/* The default scale is stored by id and may be spelt as typed elsewhere
 * ("phq9"): the catalogue's lookup is what recognises it. */
static gboolean
scale_to_position (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  GListModel *scales = G_LIST_MODEL (user_data);
  const EbbScale *scale = ebb_scale_lookup (g_variant_get_string (variant, NULL));
  guint n_items = g_list_model_get_n_items (scales);

  if (scale == NULL)
    return FALSE;

  for (guint i = 0; i < n_items; i++)
    {
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (scales), i), scale->id))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
position_to_scale (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  GListModel *scales = G_LIST_MODEL (user_data);
  guint position = g_value_get_uint (value);

  if (position >= g_list_model_get_n_items (scales))
    return NULL;

  return g_variant_new_string (gtk_string_list_get_string (GTK_STRING_LIST (scales), position));
}

/* "~/Backups" rather than "/home/alice/Backups": the row is narrow. */
static char *
path_for_people (const char *path)
{
  const char *home = g_get_home_dir ();
  gsize n = strlen (home);

  if (n > 1 && strncmp (path, home, n) == 0 && (path[n] == '/' || path[n] == '\0'))
    return g_strconcat ("~", path + n, NULL);
  return g_strdup (path);
}

static void
ebb_preferences_window_update_backups (EbbPreferencesWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "backup-folder");
  int keep = g_settings_get_int (self->settings, "backup-keep");
  g_autofree char *description = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *escaped = NULL;
  gboolean chosen = *folder != '\0';
  gboolean same_disk = FALSE;
  gboolean server;

  description = g_strdup_printf (ngettext ("A checked copy of the clinic is made on each day Ebb is used; "
                                           "the latest is kept.",
                                           "A checked copy of the clinic is made on each day Ebb is used; "
                                           "the latest %d are kept.", keep),
                                 keep);
  adw_preferences_group_set_description (self->backups_group, description);

  /* A server clinic's backups are its administrator's; no copy of it is
   * made on a workstation (ebb-window-clinic.c). */
  server = self->database_path != NULL && ebb_location_is_server (self->database_path);
  gtk_widget_set_visible (GTK_WIDGET (self->backup_folder_row), !server);
  if (server)
    {
      adw_preferences_group_set_description (self->backups_group,
                                             _("This clinic is on a clinic server, which its "
                                               "administrator backs up (pg_dump): no daily copy "
                                               "is made on this computer."));
      gtk_widget_set_visible (self->backup_warning_row, FALSE);
      return;
    }

  if (self->database_path != NULL)
    {
      g_autofree char *dir = ebb_backup_dir_for_database (self->database_path, folder);

      shown = path_for_people (dir);
      same_disk = ebb_backup_on_same_disk (self->database_path, dir);
    }
  else if (chosen)
    shown = path_for_people (folder);
  else
    shown = g_strdup (_("A “backups” folder beside the clinic file"));

  /* The subtitle is markup; a folder's name is not. */
  escaped = g_markup_escape_text (shown, -1);
  adw_action_row_set_subtitle (self->backup_folder_row, escaped);
  gtk_widget_set_visible (self->backup_reset_button, chosen);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "backups.reset", chosen);
  /* Beside the clinic file, the backups are on its disk by definition. */
  gtk_widget_set_visible (self->backup_warning_row,
                          self->database_path != NULL ? same_disk : !chosen);
}

static void
backup_settings_changed_cb (EbbPreferencesWindow *self)
{
  ebb_preferences_window_update_backups (self);
}

static void
backup_chooser_response_cb (EbbPreferencesWindow *self,
                            int                   response,
                            GtkNativeDialog      *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    path = g_file_get_path (file);
  if (path != NULL)
    g_settings_set_string (self->settings, "backup-folder", path);
  g_clear_object (&self->backup_chooser);
}

static void
backups_choose_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  EbbPreferencesWindow *self = EBB_PREFERENCES_WINDOW (widget);
  g_autofree char *folder = g_settings_get_string (self->settings, "backup-folder");

  if (self->backup_chooser != NULL)
    return;

  self->backup_chooser = gtk_file_chooser_native_new (_("Choose a Backup Folder"), GTK_WINDOW (self),
                                                      GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                      _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->backup_chooser), TRUE);
  if (*folder != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) current = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->backup_chooser), current, NULL);
    }
  g_signal_connect_object (self->backup_chooser, "response",
                           G_CALLBACK (backup_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->backup_chooser));
}

static void
backups_reset_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  EbbPreferencesWindow *self = EBB_PREFERENCES_WINDOW (widget);

  g_settings_reset (self->settings, "backup-folder");
}

static void
ebb_preferences_window_bind (EbbPreferencesWindow *self)
{
  g_settings_bind_with_mapping (self->settings, "default-scale",
                                self->default_scale_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                scale_to_position, position_to_scale,
                                self->scale_list, NULL);
  g_settings_bind (self->settings, "clinic-name",
                   self->clinic_name_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "paper-size",
                                self->paper_size_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                nick_to_position, position_to_nick,
                                (gpointer) paper_sizes, NULL);
  g_settings_bind_with_mapping (self->settings, "chart-theme",
                                self->chart_theme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                nick_to_position, position_to_nick,
                                (gpointer) chart_themes, NULL);

  g_signal_connect_object (self->settings, "changed::backup-folder",
                           G_CALLBACK (backup_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::backup-keep",
                           G_CALLBACK (backup_settings_changed_cb), self, G_CONNECT_SWAPPED);
  ebb_preferences_window_update_backups (self);
}

static void
ebb_preferences_window_constructed (GObject *object)
{
  EbbPreferencesWindow *self = EBB_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (ebb_preferences_window_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);

  ebb_preferences_window_bind (self);
}

static void
ebb_preferences_window_dispose (GObject *object)
{
  EbbPreferencesWindow *self = EBB_PREFERENCES_WINDOW (object);

  if (self->backup_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->backup_chooser));
  g_clear_object (&self->backup_chooser);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (ebb_preferences_window_parent_class)->dispose (object);
}

static void
ebb_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  EbbPreferencesWindow *self = EBB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  EbbPreferencesWindow *self = EBB_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_preferences_window_class_init (EbbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ebb_preferences_window_constructed;
  object_class->dispose = ebb_preferences_window_dispose;
  object_class->get_property = ebb_preferences_window_get_property;
  object_class->set_property = ebb_preferences_window_set_property;

  /**
   * EbbPreferencesWindow:settings:
   *
   * The settings the controls are bound to; the application's when
   * %NULL is given.
   */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ebbclinic/Ebb/ebb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, EbbPreferencesWindow, default_scale_row);
  gtk_widget_class_bind_template_child (widget_class, EbbPreferencesWindow, scale_list);
  gtk_widget_class_bind_template_child (widget_class, EbbPreferencesWindow, clinic_name_row);
  gtk_widget_class_bind_template_child (widget_class, EbbPreferencesWindow, paper_size_row);
  gtk_widget_class_bind_template_child (widget_class, EbbPreferencesWindow, chart_theme_row);
  gtk_widget_class_bind_template_child (widget_class, EbbPreferencesWindow, backups_group);
  gtk_widget_class_bind_template_child (widget_class, EbbPreferencesWindow, backup_folder_row);
  gtk_widget_class_bind_template_child (widget_class, EbbPreferencesWindow, backup_reset_button);
  gtk_widget_class_bind_template_child (widget_class, EbbPreferencesWindow, backup_warning_row);

  gtk_widget_class_install_action (widget_class, "backups.choose", NULL, backups_choose_action);
  gtk_widget_class_install_action (widget_class, "backups.reset", NULL, backups_reset_action);
}

static void
ebb_preferences_window_init (EbbPreferencesWindow *self)
{
  const EbbScale * const *scales;
  guint n_scales = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Only scales that measure depression can be the one a patient's
   * response is judged on. */
  scales = ebb_scale_all (&n_scales);
  for (guint i = 0; i < n_scales; i++)
    {
      if (scales[i]->efficacy)
        gtk_string_list_append (self->scale_list, scales[i]->id);
    }
}

/**
 * ebb_preferences_window_new:
 * @parent: (nullable): the window it is about
 * @settings: (nullable): the settings to edit; the application's when %NULL
 * @store: (nullable): the open clinic, whose rules the Clinic Rules page
 *   edits, and whose disk the backups are compared with; without one that
 *   page is not shown
 *
 * Returns: (transfer floating): a new preferences window
 */
GtkWidget *
ebb_preferences_window_new (GtkWindow *parent,
                            GSettings *settings,
                            EbbStore  *store)
{
  GtkWidget *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (store == NULL || EBB_IS_STORE (store), NULL);

  self = g_object_new (EBB_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "settings", settings,
                       NULL);
  if (store != NULL)
    {
      EbbPreferencesWindow *window = EBB_PREFERENCES_WINDOW (self);

      window->database_path = g_strdup (ebb_store_get_path (store));
      ebb_preferences_window_update_backups (window);
      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                  ADW_PREFERENCES_PAGE (ebb_clinic_rules_page_new (store)));
    }
  return self;
}
