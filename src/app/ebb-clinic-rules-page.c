/* ebb-clinic-rules-page.c — the clinic's rule settings, in Preferences
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The thresholds of the clinical rules are clinic policy: they live in
 * the clinic file, so that every workstation and ebb-cli flag a patient
 * the same way, and each change is audited there.  This page edits them
 * in place: a value applies when Enter is pressed or the field is left,
 * and each row has a reset to the rules' default.  The windows follow
 * through the store's "changed" signal, as for any other edit.
 */
#define G_LOG_DOMAIN "ebb-clinic-rules-page"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ebb-clinic-rules-page.h"
#include "ebb-rule-settings.h"

struct _EbbClinicRulesPage
{
  AdwPreferencesPage  parent_instance;

  EbbStore           *store;
  GHashTable         *entries;   /* key → GtkEntry, owned by the rows */
  GHashTable         *resets;    /* key → GtkButton */
  GHashTable         *rows;      /* key → AdwActionRow */
  gboolean            syncing;
};

G_DEFINE_FINAL_TYPE (EbbClinicRulesPage, ebb_clinic_rules_page, ADW_TYPE_PREFERENCES_PAGE)

/* The groups the keys are shown in; the meaningful changes are one group
 * of their own, one row per scale. */
static const struct
{
  const char *title;
  const char *keys[6];
} groups[] = {
  { N_("Response"), { "response-fraction", "baseline-days", "course-gap-days", "madrs-remission", "fade-run-days" } },
  { N_("Follow-up"), { "unrecorded-days" } },
  { N_("Blood Pressure"), { "bp-before", "bp-after", "bp-before-treated" } },
};

/* The response fraction is the one value without a unit of its own: it
 * is shown, typed and reset as a percentage, "50 %", as the rules say it
 * ("half of baseline" is a fall of 50 %). */
static gboolean
is_percentage (const char *key)
{
  const char *unit = ebb_rule_settings_get_unit (key);

  return unit != NULL && *unit == '\0';
}

static const char *
unit_of (const char *key)
{
  /* Translators: the unit of the response fraction, shown as a percentage */
  return is_percentage (key) ? _("%") : ebb_rule_settings_get_unit (key);
}

/* "0.5" as stored is "50" as shown */
static char *
shown_value (const char *key,
             const char *value)
{
  if (value == NULL || !is_percentage (key))
    return g_strdup (value);
  return g_strdup_printf ("%d", (int) round (g_ascii_strtod (value, NULL) * 100.0));
}

static char *
format_default (const char *key)
{
  g_autofree char *stored = ebb_rule_settings_get_default (key);
  g_autofree char *fallback = shown_value (key, stored);

  /* Translators: a rule setting's default with its unit, "Default 30 days" */
  return g_strdup_printf (_("Default %s %s"), fallback, unit_of (key));
}

/* The store's message names the key for the command line
 * ("bp-before: give …"); here the row says which. */
static char *
row_message (const char *key,
             const char *message)
{
  g_autofree char *prefix = g_strdup_printf ("%s: ", key);
  const char *rest = g_str_has_prefix (message, prefix) ? message + strlen (prefix) : message;
  gunichar first = g_utf8_get_char (rest);
  char buf[7];

  buf[g_unichar_to_utf8 (g_unichar_totitle (first), buf)] = '\0';
  return g_strconcat (buf, g_utf8_next_char (rest), NULL);
}

static void
ebb_clinic_rules_page_sync (EbbClinicRulesPage *self)
{
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, entry;
  EbbRuleSettings settings;
  gboolean writable = self->store != NULL && !ebb_store_is_read_only (self->store);

  if (self->store == NULL || !ebb_store_load_rule_settings (self->store, &settings, &error))
    ebb_rule_settings_init_defaults (&settings);

  self->syncing = TRUE;
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, &key, &entry))
    {
      g_autofree char *stored = ebb_rule_settings_get_value (&settings, key);
      g_autofree char *value = shown_value (key, stored);
      g_autofree char *fallback = format_default (key);
      GtkWidget *reset = g_hash_table_lookup (self->resets, key);
      AdwActionRow *row = g_hash_table_lookup (self->rows, key);

      gtk_editable_set_text (GTK_EDITABLE (entry), value);
      gtk_widget_remove_css_class (entry, "error");
      gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
      adw_action_row_set_subtitle (row, fallback);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      gtk_widget_set_sensitive (entry, writable);
      gtk_widget_set_sensitive (reset, writable && !ebb_rule_settings_is_default (&settings, key));
    }
  self->syncing = FALSE;
}

static const char *
key_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "ebb-key");
}

/**
 * ebb_clinic_rules_page_apply:
 * @key: a rule setting's key
 * @text: its value as typed; %NULL for the default
 *
 * Stores the value in the clinic file, or marks the row with the reason
 * it was refused.
 *
 * Returns: whether it was stored
 */
gboolean
ebb_clinic_rules_page_apply (EbbClinicRulesPage *self,
                             const char         *key,
                             const char         *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *typed = NULL;
  GtkWidget *entry;

  g_return_val_if_fail (EBB_IS_CLINIC_RULES_PAGE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  entry = g_hash_table_lookup (self->entries, key);
  g_return_val_if_fail (entry != NULL, FALSE);

  /* "40" in the percentage's field is 40 %, not 40 as a fraction. */
  if (text != NULL && is_percentage (key))
    {
      typed = g_strstrip (g_strdup (text));
      if (!g_str_has_suffix (typed, "%"))
        {
          g_autofree char *plain = g_steal_pointer (&typed);

          typed = g_strconcat (plain, "%", NULL);
        }
      text = typed;
    }

  if (self->store == NULL || !ebb_store_set_rule_setting (self->store, key, text, &error))
    {
      if (error != NULL)
        {
          g_autofree char *message = row_message (key, error->message);

          /* Said where the value was typed, in place of its default */
          gtk_widget_add_css_class (entry, "error");
          gtk_widget_add_css_class (g_hash_table_lookup (self->rows, key), "error");
          adw_action_row_set_subtitle (g_hash_table_lookup (self->rows, key), message);
          gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                          message, -1);
        }
      return FALSE;
    }
  ebb_clinic_rules_page_sync (self);
  return TRUE;
}

static void
entry_activated_cb (EbbClinicRulesPage *self,
                    GtkEntry           *entry)
{
  ebb_clinic_rules_page_apply (self, key_of (GTK_WIDGET (entry)), gtk_editable_get_text (GTK_EDITABLE (entry)));
}

/* Leaving a field applies what was typed, as GNOME preferences do. */
static void
entry_focus_left_cb (EbbClinicRulesPage      *self,
                     GtkEventControllerFocus *controller)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *shown = NULL;
  EbbRuleSettings settings;

  if (self->syncing || self->store == NULL ||
      !ebb_store_load_rule_settings (self->store, &settings, &error))
    return;
  stored = ebb_rule_settings_get_value (&settings, key_of (entry));
  shown = shown_value (key_of (entry), stored);
  if (g_strcmp0 (shown, gtk_editable_get_text (GTK_EDITABLE (entry))) != 0)
    ebb_clinic_rules_page_apply (self, key_of (entry), gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
reset_clicked_cb (EbbClinicRulesPage *self,
                  GtkButton          *button)
{
  ebb_clinic_rules_page_apply (self, key_of (GTK_WIDGET (button)), NULL);
}

static void
store_changed_cb (EbbClinicRulesPage *self)
{
  ebb_clinic_rules_page_sync (self);
}

static GtkWidget *
make_row (EbbClinicRulesPage *self,
          const char         *key)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *unit = gtk_label_new (unit_of (key));
  GtkWidget *reset = gtk_button_new_from_icon_name ("edit-undo-symbolic");
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_autofree char *fallback = format_default (key);
  g_autofree char *reset_label = g_strdup_printf (_("Reset %s"), ebb_rule_settings_get_title (key));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ebb_rule_settings_get_title (key));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), fallback);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);

  g_object_set_data_full (G_OBJECT (entry), "ebb-key", g_strdup (key), g_free);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 7);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 7);
  gtk_entry_set_alignment (GTK_ENTRY (entry), 1.0);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  ebb_rule_settings_get_title (key), -1);
  g_signal_connect_object (entry, "activate", G_CALLBACK (entry_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "leave", G_CALLBACK (entry_focus_left_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (entry, focus);

  gtk_widget_add_css_class (unit, "dim-label");
  gtk_widget_set_size_request (unit, 48, -1);
  gtk_label_set_xalign (GTK_LABEL (unit), 0);

  g_object_set_data_full (G_OBJECT (reset), "ebb-key", g_strdup (key), g_free);
  gtk_widget_set_valign (reset, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (reset, "flat");
  gtk_widget_set_tooltip_text (reset, _("Reset to the Default"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reset), GTK_ACCESSIBLE_PROPERTY_LABEL, reset_label, -1);
  g_signal_connect_object (reset, "clicked", G_CALLBACK (reset_clicked_cb), self, G_CONNECT_SWAPPED);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), reset);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), entry);

  g_hash_table_insert (self->entries, g_strdup (key), entry);
  g_hash_table_insert (self->resets, g_strdup (key), reset);
  g_hash_table_insert (self->rows, g_strdup (key), row);
  return row;
}

static void
ebb_clinic_rules_page_build (EbbClinicRulesPage *self)
{
  g_auto(GStrv) keys = ebb_rule_settings_list_keys ();
  AdwPreferencesGroup *group;

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_description (group,
                                         _("These rules belong to the clinic file: every workstation and "
                                           "the command line flag patients with them, and each change is "
                                           "kept in the audit trail."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);

  for (guint g = 0; g < G_N_ELEMENTS (groups); g++)
    {
      group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (group, _(groups[g].title));
      for (guint k = 0; k < G_N_ELEMENTS (groups[g].keys) && groups[g].keys[k] != NULL; k++)
        adw_preferences_group_add (group, make_row (self, groups[g].keys[k]));
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
    }

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Meaningful Worsening"));
  adw_preferences_group_set_description (group,
                                         _("The smallest rise in points that counts as real worsening "
                                           "rather than day-to-day noise."));
  for (guint i = 0; keys[i] != NULL; i++)
    if (g_str_has_prefix (keys[i], "meaningful-change."))
      adw_preferences_group_add (group, make_row (self, keys[i]));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), group);
}

static void
ebb_clinic_rules_page_dispose (GObject *object)
{
  EbbClinicRulesPage *self = EBB_CLINIC_RULES_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ebb_clinic_rules_page_parent_class)->dispose (object);
}

static void
ebb_clinic_rules_page_finalize (GObject *object)
{
  EbbClinicRulesPage *self = EBB_CLINIC_RULES_PAGE (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_pointer (&self->resets, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);

  G_OBJECT_CLASS (ebb_clinic_rules_page_parent_class)->finalize (object);
}

static void
ebb_clinic_rules_page_class_init (EbbClinicRulesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ebb_clinic_rules_page_dispose;
  object_class->finalize = ebb_clinic_rules_page_finalize;
}

static void
ebb_clinic_rules_page_init (EbbClinicRulesPage *self)
{
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->resets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Clinic Rules"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "emblem-important-symbolic");
  ebb_clinic_rules_page_build (self);
}

/**
 * ebb_clinic_rules_page_new:
 * @store: (nullable): the clinic whose rules to edit; none: the defaults,
 *   not editable
 */
GtkWidget *
ebb_clinic_rules_page_new (EbbStore *store)
{
  EbbClinicRulesPage *self;

  g_return_val_if_fail (store == NULL || EBB_IS_STORE (store), NULL);

  self = g_object_new (EBB_TYPE_CLINIC_RULES_PAGE, NULL);
  if (store != NULL)
    {
      self->store = g_object_ref (store);
      g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
    }
  ebb_clinic_rules_page_sync (self);
  return GTK_WIDGET (self);
}

const char *
ebb_clinic_rules_page_get_text (EbbClinicRulesPage *self,
                                const char         *key)
{
  GtkWidget *entry;

  g_return_val_if_fail (EBB_IS_CLINIC_RULES_PAGE (self), NULL);

  entry = g_hash_table_lookup (self->entries, key);
  return entry != NULL ? gtk_editable_get_text (GTK_EDITABLE (entry)) : NULL;
}
