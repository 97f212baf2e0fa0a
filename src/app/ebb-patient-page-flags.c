/* ebb-patient-page-flags.c — the flag rows, their "Why?" popovers, the banner
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flags are the core's (ebb_flags_for_records()), filtered and
 * ordered as the attention list shows them.  Each row has the flag's
 * title, its numbers under it, and a popover that explains the rule
 * behind it with this patient's numbers.  The most urgent one is also
 * in the banner under the patient's name, with what to do about it.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ebb-patient-page-private.h"

/* The core writes ISO dates, as files do; the window, as people read them. */
char *
_ebb_patient_page_for_people (EbbPatientPage *self,
                              const char     *text)
{
  return text != NULL ? ebb_flag_text_for_people (text, self->today) : NULL;
}

/* The rule behind a flag in plain words, with this patient's numbers:
 * the core says it (ebb_flag_explain_rule()), for the report too. */
static char *
explain_flag (EbbPatientPage *self,
              const EbbFlag  *flag)
{
  g_autoptr(EbbTrajectory) trajectory = NULL;
  g_autofree char *rule = NULL;
  EbbPatientRecords records = _ebb_patient_page_get_records (self);

  if (flag->scale != NULL)
    trajectory = ebb_trajectory_new_for_records (&records, flag->scale, self->today, &self->rules);
  rule = ebb_flag_explain_rule (flag, trajectory, &self->rules);
  return _ebb_patient_page_for_people (self, rule);
}

static gboolean
flag_is_urgent (const EbbFlag *flag)
{
  return flag->kind == EBB_FLAG_SUICIDE_ITEM || flag->kind == EBB_FLAG_WORSENING ||
         flag->kind == EBB_FLAG_RELAPSE || flag->kind == EBB_FLAG_BLOOD_PRESSURE;
}

/* GTK 4.8's popover asks its content how tall it is for a width wider
 * than the one it then gives it, so wrapped text lost its last line: a
 * clamp this wide makes both the same. */
#define POPOVER_WIDTH 400

static GtkWidget *
popover_label (const char *text,
               const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  if (style != NULL)
    gtk_widget_add_css_class (label, style);
  return label;
}

static GtkWidget *
make_flag_row (EbbPatientPage *self,
               const EbbFlag  *flag)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *why = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *decide;
  GtkWidget *clamp;
  GtkWidget *box;
  g_autofree char *title = ebb_flag_get_title (flag, self->today);
  g_autofree char *numbers = _ebb_patient_page_for_people (self, flag->detail);
  g_autofree char *explanation = explain_flag (self, flag);

  /* A title to scan the list by; the numbers under it; the rule behind
   * it on request.  The texts come from the data, not from markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), numbers);
  gtk_widget_add_css_class (row, "ebb-flag-row");
  if (flag_is_urgent (flag))
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), "dialog-error-symbolic");
      gtk_widget_add_css_class (row, "urgent");
    }
  gtk_widget_add_css_class (icon, "ebb-flag-icon");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, ebb_flag_kind_to_label (flag->kind),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  /* The popover: the rule with this patient's numbers, and what to do. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), popover_label (_("Why Is This Flagged?"), "heading"));
  gtk_box_append (GTK_BOX (box), popover_label (explanation, NULL));
  if (flag->suggestion != NULL && *flag->suggestion != '\0')
    gtk_box_append (GTK_BOX (box), popover_label (flag->suggestion, "heading"));
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), POPOVER_WIDTH);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), POPOVER_WIDTH);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_popover_set_child (GTK_POPOVER (popover), clamp);
  gtk_widget_add_css_class (popover, "ebb-why-popover");

  gtk_menu_button_set_label (GTK_MENU_BUTTON (why), _("Why?"));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (why), popover);
  gtk_widget_set_valign (why, GTK_ALIGN_CENTER);
  /* No tooltip: it says what the label says, over the popover's heading. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (why),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Why is this flagged?"),
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), why);

  /* §5: a clinician closes a flag by recording a decision on it. */
  decide = gtk_button_new_with_mnemonic (_("_Decide…"));
  gtk_widget_set_valign (decide, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (decide, _("Record a Decision on This Flag"));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (decide), _ebb_patient_page_flag_target (flag));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (decide), "page.record-decision");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), decide);

  return row;
}

/* A flag that is no longer open, with what closed it. */
static GtkWidget *
make_closed_flag_row (EbbPatientPage *self,
                      const EbbFlag  *flag)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = ebb_flag_get_title (flag, self->today);
  g_autofree char *numbers = _ebb_patient_page_for_people (self, flag->detail);
  g_autofree char *state = ebb_flag_describe_state (flag);
  g_autofree char *state_text = _ebb_patient_page_for_people (self, state);
  g_autofree char *full = g_strdup_printf ("%s\n%s", state_text, numbers);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), full);
  return row;
}

/* Banner -------------------------------------------------------------------- */

/* The suggestion's first sentence, without its full stop: "Consider
 * bringing the next session forward", not the median that follows. */
static char *
first_sentence (const char *text)
{
  const char *end = strstr (text, ". ");

  if (end == NULL)
    end = text + strlen (text);
  while (end > text && (end[-1] == '.' || end[-1] == ' '))
    end--;
  return g_strndup (text, end - text);
}

/* The most urgent open flag and what to do, above the chart: "Assess
 * suicide risk today — PHQ-9 item 9 was 1 on Fri 4 Dec". */
static void
update_banner (EbbPatientPage *self)
{
  const EbbFlag *lead = _ebb_patient_page_get_lead_flag (self);
  g_autofree char *headline = NULL;
  g_autofree char *action = NULL;
  g_autofree char *text = NULL;
  gboolean urgent, schedule;

  gtk_widget_set_visible (GTK_WIDGET (self->banner_revealer), lead != NULL);
  gtk_revealer_set_reveal_child (self->banner_revealer, lead != NULL);
  if (lead == NULL)
    {
      gtk_label_set_text (self->banner_label, "");
      return;
    }

  /* What to do in bold, then why: the markup is ours, the words are
   * escaped. */
  headline = ebb_flag_get_headline (lead, self->today);
  if (lead->suggestion != NULL && *lead->suggestion != '\0')
    {
      action = first_sentence (lead->suggestion);
      /* Translators: the banner above a patient's chart: what to do, and
       * why, "Assess suicide risk today — PHQ-9 item 9 was 1 on Fri 4 Dec" */
      text = g_markup_printf_escaped (_("<b>%s</b> — %s"), action, headline);
    }
  else
    text = g_markup_escape_text (headline, -1);
  gtk_label_set_markup (self->banner_label, text);

  urgent = flag_is_urgent (lead);
  gtk_image_set_from_icon_name (self->banner_icon, urgent ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  if (urgent)
    gtk_widget_add_css_class (self->banner, "urgent");
  else
    gtk_widget_remove_css_class (self->banner, "urgent");

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->banner_decide_button),
                                          _ebb_patient_page_flag_target (lead));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner_decide_button), "page.record-decision");
  /* A fade is met by bringing the next session forward, a lapse by
   * booking one.  The words are as wide as leaves the buttons room beside
   * them on a wide page; below them on a narrow one. */
  schedule = lead->kind == EBB_FLAG_FADED || lead->kind == EBB_FLAG_PROJECTED || lead->kind == EBB_FLAG_LAPSED;
  gtk_widget_set_visible (self->banner_schedule_button, schedule);
  gtk_label_set_max_width_chars (self->banner_label, schedule ? 44 : 64);
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
      update_banner (self);
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
  update_banner (self);
}

/* The most urgent open flag, or NULL */
const EbbFlag *
_ebb_patient_page_get_lead_flag (EbbPatientPage *self)
{
  return self->flags->len > 0 ? g_ptr_array_index (self->flags, 0) : NULL;
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
 * Returns: the core's detail of the flag shown at @index (most urgent
 *   first), as files have it: the row shows it with dates for people
 */
const char *
ebb_patient_page_get_flag_text (EbbPatientPage *self,
                                guint           index)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);
  g_return_val_if_fail (index < self->flags->len, NULL);

  return ((EbbFlag *) g_ptr_array_index (self->flags, index))->detail;
}

/**
 * ebb_patient_page_get_flag_title:
 *
 * Returns: (transfer none): the title of the row of the flag at @index
 *   (most urgent first)
 */
const char *
ebb_patient_page_get_flag_title (EbbPatientPage *self,
                                 guint           index)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);
  g_return_val_if_fail (index < self->flags->len, NULL);

  return adw_preferences_row_get_title (g_ptr_array_index (self->flag_rows, index));
}

/**
 * ebb_patient_page_get_banner_text:
 *
 * Returns: (nullable): what the banner above the chart says, or %NULL
 *   when no flag is open
 */
const char *
ebb_patient_page_get_banner_text (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  if (!gtk_revealer_get_reveal_child (self->banner_revealer))
    return NULL;
  return gtk_label_get_text (self->banner_label);
}
