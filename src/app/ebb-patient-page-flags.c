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

static char *
format_threshold (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* 15 or 13.5, never 15.000000 */
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3g", value));
}

static const char *
flag_heading (EbbFlagKind kind)
{
  switch (kind)
    {
    case EBB_FLAG_SUICIDE_ITEM: return _("Suicide item");
    case EBB_FLAG_PROJECTED:    return _("Projected to fade");
    case EBB_FLAG_FADED:        return _("Response faded");
    case EBB_FLAG_RELAPSE:      return _("Relapse");
    default:                    g_return_val_if_reached ("");
    }
}

/* The rule behind a flag in plain words, with this patient's numbers. */
static char *
explain_flag (EbbPatientPage *self,
              const EbbFlag  *flag)
{
  g_autoptr(EbbTrajectory) trajectory = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const EbbScale *scale = flag->scale;
  g_autofree char *baseline_text = NULL;
  g_autofree char *threshold = NULL;
  int percent;
  int meaningful;

  trajectory = ebb_trajectory_new (self->patient, scale, self->sessions, self->scores,
                                   self->today, &self->rules);
  baseline_text = ebb_trajectory_describe_baseline (trajectory);
  threshold = format_threshold (ebb_trajectory_get_threshold (trajectory));
  percent = (int) lround (ebb_trajectory_get_response_fraction (trajectory) * 100);
  meaningful = ebb_trajectory_get_meaningful_change (trajectory);

  switch (flag->kind)
    {
    case EBB_FLAG_SUICIDE_ITEM:
      g_string_append_printf (text,
                              _("On the %s, item %u asks about %s. A value of %d or more raises this "
                                "alert whatever the total score. It is always listed first, and no "
                                "setting hides it."),
                              scale->id, scale->alert_item,
                              scale->alert_item_label != NULL ? ebb_scale_get_alert_item_label (scale) : "",
                              scale->alert_min);
      break;

    case EBB_FLAG_FADED:
      g_string_append_printf (text,
                              _("The baseline is %s. A response means a score of %s or less: at least "
                                "%d %% below the baseline. A response has faded when a later score is "
                                "above %s and also at least %d points above the lowest score of that "
                                "response (its nadir); a smaller rise counts as measurement noise."),
                              baseline_text, threshold, percent, threshold, meaningful);
      break;

    case EBB_FLAG_PROJECTED:
      {
        const EbbProjection *projection = ebb_trajectory_get_projection (trajectory);

        g_string_append_printf (text,
                                _("The baseline is %s, so a response means a score of %s or less."),
                                baseline_text, threshold);
        if (projection != NULL && projection->fade_day > 0)
          {
            g_autofree char *fade = _ebb_patient_page_format_day (projection->fade_day, self->today);
            guint n = projection->last_point - projection->first_point + 1;

            g_string_append_printf (text,
                                    ngettext (" Since the lowest rating of this interval, scores rise by "
                                              "about %.1f points a day (a straight line through %u "
                                              "rating). If that goes on, the score passes %s on %s.",
                                              " Since the lowest rating of this interval, scores rise by "
                                              "about %.1f points a day (a straight line through %u "
                                              "ratings). If that goes on, the score passes %s on %s.", n),
                                    projection->slope, n, threshold, fade);
          }
        g_string_append (text, _(" Bringing the next session forward may keep the response."));
      }
      break;

    case EBB_FLAG_RELAPSE:
      {
        g_autofree char *level = ebb_trajectory_describe_relapse_level (trajectory);

        /* Translators: %s is what relapse level is, "a score of 23 or more: …" */
        g_string_append_printf (text,
                                _("After a response, two ratings 5 to 15 days apart were both at relapse "
                                  "level, %s."),
                                level != NULL ? level : "");
        g_string_append (text, _(" This follows the single-infusion relapse criterion of Ibrahim et al. "
                                 "(2012) and the definition of SUSTAIN-1."));
      }
      break;

    default:
      break;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
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
  g_autofree char *date = ebb_date_format (flag->day);
  g_autofree char *subtitle = NULL;
  g_autofree char *explanation = explain_flag (self, flag);

  /* Translators: under a flag: its kind, scale and date */
  subtitle = g_strdup_printf (_("%s · %s · %s"), flag_heading (flag->kind), flag->scale->id, date);

  /* The texts come from the data, not from markup we wrote. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), flag->detail);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "ebb-flag-row");
  if (flag->kind == EBB_FLAG_SUICIDE_ITEM)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), "dialog-error-symbolic");
      gtk_widget_add_css_class (row, "urgent");
    }
  gtk_widget_add_css_class (icon, "ebb-flag-icon");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, flag_heading (flag->kind),
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

  suggestion = ebb_flag_suggestion (flag);
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

  return row;
}

static int
compare_flag_urgency_cb (gconstpointer a,
                         gconstpointer b)
{
  return ebb_flag_compare_urgency (*(EbbFlag * const *) a, *(EbbFlag * const *) b);
}

void
_ebb_patient_page_update_flags (EbbPatientPage *self)
{
  g_autoptr(GPtrArray) all = NULL;

  for (guint i = 0; i < self->flag_rows->len; i++)
    adw_preferences_group_remove (self->flags_group, g_ptr_array_index (self->flag_rows, i));
  g_ptr_array_set_size (self->flag_rows, 0);
  g_ptr_array_set_size (self->flags, 0);

  if (self->patient == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->flags_group), FALSE);
      return;
    }

  /* As the attention list and the command line show them: the recent
   * ones and the projected ones, the suicide item above everything. */
  all = ebb_flags_for_patient (self->patient, self->sessions, self->scores, self->today, &self->rules);
  for (guint i = 0; i < all->len; i++)
    {
      EbbFlag *flag = g_ptr_array_index (all, i);

      if (ebb_flag_in_scope (flag, self->today, EBB_FLAGS_RECENT))
        g_ptr_array_add (self->flags, ebb_flag_copy (flag));
    }
  g_ptr_array_sort (self->flags, compare_flag_urgency_cb);

  for (guint i = 0; i < self->flags->len; i++)
    {
      GtkWidget *row = make_flag_row (self, g_ptr_array_index (self->flags, i));

      adw_preferences_group_add (self->flags_group, row);
      g_ptr_array_add (self->flag_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->flags_group), self->flags->len > 0);
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
