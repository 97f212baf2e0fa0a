/* ebb-patient-page-flags.c — the flag rows and their "Why?" popovers
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flags are the core's (ebb_flags_for_patient()), filtered and
 * ordered as the attention list shows them.  Each row has a popover
 * that explains the rule behind the flag with this patient's numbers.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "ebb-patient-page-private.h"

/* The rule behind a flag in plain words, with this patient's numbers:
 * the core says it (ebb_flag_explain_rule()), for the report too. */
static char *
explain_flag (EbbPatientPage *self,
              const EbbFlag  *flag)
{
  g_autoptr(EbbTrajectory) trajectory = NULL;
  EbbPatientRecords records = _ebb_patient_page_get_records (self);

  if (flag->scale != NULL)
    trajectory = ebb_trajectory_new_for_records (&records, flag->scale, self->today, &self->rules);
  return ebb_flag_explain_rule (flag, trajectory, &self->rules);
}

/* "Faded · PHQ-9 · Sat 14 Nov", under a flag's explanation */
static char *
flag_subtitle (EbbPatientPage *self,
               const EbbFlag  *flag)
{
  g_autofree char *date = _ebb_patient_page_format_day (flag->day, self->today);

  if (flag->scale != NULL)
    /* Translators: under a flag: its kind, scale and date */
    return g_strdup_printf (_("%s · %s · %s"), ebb_flag_kind_to_label (flag->kind), flag->scale->id, date);
  /* Translators: under a flag about sessions: its kind and date */
  return g_strdup_printf (_("%s · %s"), ebb_flag_kind_to_label (flag->kind), date);
}

static GtkWidget *
make_flag_row (EbbPatientPage *self,
               const EbbFlag  *flag)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *why = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box;
  GtkWidget *label;
  const char *suggestion;
  g_autofree char *subtitle = flag_subtitle (self, flag);
  g_autofree char *explanation = explain_flag (self, flag);

  /* The texts come from the data, not from markup we wrote. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), flag->detail);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "ebb-flag-row");
  if (flag->kind == EBB_FLAG_SUICIDE_ITEM || flag->kind == EBB_FLAG_WORSENING)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), "dialog-error-symbolic");
      gtk_widget_add_css_class (row, "urgent");
    }
  gtk_widget_add_css_class (icon, "ebb-flag-icon");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, ebb_flag_kind_to_label (flag->kind),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  /* The popover: the rule with this patient's numbers, what happened,
   * and what to do about it. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  label = gtk_label_new (_("Why Is This Flagged?"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (explanation);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 52);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (flag->detail);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 52);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  suggestion = flag->suggestion;
  if (suggestion != NULL && *suggestion != '\0')
    {
      label = gtk_label_new (suggestion);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 52);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_box_append (GTK_BOX (box), label);
    }

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_widget_add_css_class (popover, "ebb-why-popover");

  gtk_menu_button_set_label (GTK_MENU_BUTTON (why), _("Why?"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (why), popover);
  gtk_widget_set_valign (why, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (why, _("Why Is This Flagged?"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (why),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Why is this flagged?"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), why);

  /* §5: a clinician closes a flag by recording a decision on it. */
  {
    GtkWidget *decide = gtk_button_new_with_mnemonic (_("_Decide…"));

    gtk_widget_set_valign (decide, GTK_ALIGN_CENTER);
    gtk_widget_set_tooltip_text (decide, _("Record a Decision on This Flag"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (decide), "page.record-decision");
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (decide), _ebb_patient_page_flag_target (flag));
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), decide);
  }

  return row;
}

/* A flag that is no longer open, with what closed it. */
static GtkWidget *
make_closed_flag_row (EbbPatientPage *self,
                      const EbbFlag  *flag)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = flag_subtitle (self, flag);
  g_autofree char *state = ebb_flag_describe_state (flag);
  g_autofree char *full = g_strdup_printf ("%s\n%s", subtitle, state);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), flag->detail);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), full);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static int
compare_flag_urgency_cb (gconstpointer a,
                         gconstpointer b)
{
  return ebb_flag_compare_urgency (*(EbbFlag * const *) a, *(EbbFlag * const *) b);
}

static int
compare_flag_newest_cb (gconstpointer a,
                        gconstpointer b)
{
  const EbbFlag *fa = *(EbbFlag * const *) a;
  const EbbFlag *fb = *(EbbFlag * const *) b;

  if (fa->day != fb->day)
    return fa->day > fb->day ? -1 : 1;
  return ebb_flag_compare_urgency (fa, fb);
}

/* The parameter of page.record-decision that names @flag: its kind,
 * scale ("" for none) and day. */
GVariant *
_ebb_patient_page_flag_target (const EbbFlag *flag)
{
  return g_variant_new ("(ssi)", ebb_flag_kind_to_string (flag->kind),
                        flag->scale != NULL ? flag->scale->id : "", flag->day);
}

void
_ebb_patient_page_update_flags (EbbPatientPage *self)
{
  g_autoptr(GPtrArray) all = NULL;
  EbbPatientRecords records;
  guint n_closed = 0;
  GtkWidget *earlier = NULL;

  for (guint i = 0; i < self->flag_rows->len; i++)
    adw_preferences_group_remove (self->flags_group, g_ptr_array_index (self->flag_rows, i));
  g_ptr_array_set_size (self->flag_rows, 0);
  g_ptr_array_set_size (self->flags, 0);

  if (self->patient == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->flags_group), FALSE);
      return;
    }

  /* The open ones, as Attention and the command line show them, the most
   * urgent first; then, folded, those decided or resolved. */
  records = _ebb_patient_page_get_records (self);
  all = ebb_flags_for_records (&records, self->today, &self->rules);
  for (guint i = 0; i < all->len; i++)
    {
      EbbFlag *flag = g_ptr_array_index (all, i);

      if (ebb_flag_is_open (flag))
        g_ptr_array_add (self->flags, ebb_flag_copy (flag));
      else
        n_closed++;
    }
  g_ptr_array_sort (self->flags, compare_flag_urgency_cb);

  for (guint i = 0; i < self->flags->len; i++)
    {
      GtkWidget *row = make_flag_row (self, g_ptr_array_index (self->flags, i));

      adw_preferences_group_add (self->flags_group, row);
      g_ptr_array_add (self->flag_rows, row);
    }

  if (n_closed > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Earlier Flag",
                                                             "%u Earlier Flags", n_closed), n_closed);

      earlier = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (earlier), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (earlier), _("Decided or resolved, newest first"));
      g_autoptr(GPtrArray) closed = g_ptr_array_new ();

      for (guint i = 0; i < all->len; i++)
        if (!ebb_flag_is_open (g_ptr_array_index (all, i)))
          g_ptr_array_add (closed, g_ptr_array_index (all, i));
      g_ptr_array_sort (closed, compare_flag_newest_cb);
      for (guint i = 0; i < closed->len; i++)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (earlier),
                                  make_closed_flag_row (self, g_ptr_array_index (closed, i)));
      adw_preferences_group_add (self->flags_group, earlier);
      g_ptr_array_add (self->flag_rows, earlier);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->flags_group), all->len > 0);
}

/* Public API ---------------------------------------------------------------- */

guint
ebb_patient_page_get_n_flags (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), 0);

  return self->flags->len;
}

/**
 * ebb_patient_page_get_flag_text:
 *
 * Returns: the one-line explanation of the flag shown at @index (most
 *   urgent first)
 */
const char *
ebb_patient_page_get_flag_text (EbbPatientPage *self,
                                guint           index)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);
  g_return_val_if_fail (index < self->flags->len, NULL);

  return ((EbbFlag *) g_ptr_array_index (self->flags, index))->detail;
}
