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
 */
#define G_LOG_DOMAIN "ebb-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-clinic-rules-page.h"
#include "ebb-preferences-window.h"
#include "ebb-scale.h"

struct _EbbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  AdwComboRow          *default_scale_row;
  GtkStringList        *scale_list;
  AdwEntryRow          *clinic_name_row;
  AdwComboRow          *paper_size_row;
  AdwComboRow          *chart_theme_row;
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

  g_clear_object (&self->settings);

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
 *   edits; without one that page is not shown
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
    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                ADW_PREFERENCES_PAGE (ebb_clinic_rules_page_new (store)));
  return self;
}
