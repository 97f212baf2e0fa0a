/* ebb-patient-page-flags.c — the flags, and the banner of the most urgent
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EbbFlagsSection lists the flags the rules raise for the records the
 * page reloaded.  The most urgent open one is also in the banner under
 * the patient's name, with what to do about it.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

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

  urgent = ebb_flags_section_flag_is_urgent (lead);
  gtk_image_set_from_icon_name (self->banner_icon, urgent ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  if (urgent)
    gtk_widget_add_css_class (self->banner, "urgent");
  else
    gtk_widget_remove_css_class (self->banner, "urgent");

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->banner_decide_button),
                                          ebb_flags_section_flag_target (lead));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner_decide_button), "page.record-decision");
  /* A fade is met by bringing the next session forward, a lapse by
   * booking one.  The words are as wide as leaves the buttons room beside
   * them on a wide page; below them on a narrow one. */
  schedule = lead->kind == EBB_FLAG_FADED || lead->kind == EBB_FLAG_PROJECTED || lead->kind == EBB_FLAG_LAPSED;
  gtk_widget_set_visible (self->banner_schedule_button, schedule);
  gtk_label_set_max_width_chars (self->banner_label, schedule ? 44 : 64);
}

void
_ebb_patient_page_update_flags (EbbPatientPage *self)
{
  EbbPatientRecords records = _ebb_patient_page_get_records (self);

  ebb_flags_section_set_records (self->flags_section, self->patient != NULL ? &records : NULL,
                                 &self->rules, self->today);
  update_banner (self);
}

/* The most urgent open flag, or NULL */
const EbbFlag *
_ebb_patient_page_get_lead_flag (EbbPatientPage *self)
{
  GPtrArray *flags = ebb_flags_section_get_open (self->flags_section);

  return flags->len > 0 ? g_ptr_array_index (flags, 0) : NULL;
}

/* Public API ---------------------------------------------------------------- */

guint
ebb_patient_page_get_n_flags (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), 0);

  return ebb_flags_section_get_open (self->flags_section)->len;
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
  g_return_val_if_fail (index < ebb_patient_page_get_n_flags (self), NULL);

  return ((EbbFlag *) g_ptr_array_index (ebb_flags_section_get_open (self->flags_section), index))->detail;
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

  return ebb_flags_section_get_title (self->flags_section, index);
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
