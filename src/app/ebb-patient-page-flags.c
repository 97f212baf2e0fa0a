/* ebb-patient-page-flags.c — the flags, and the banner of the most urgent
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EbbFlagsSection lists the flags the rules raise for the records the
 * page reloaded.  The most urgent open one is also in EbbFlagBanner under
 * the patient's name, with what to do about it.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include "ebb-patient-page-private.h"

/* The core writes ISO dates, as files do; the window, as people read them. */
char *
_ebb_patient_page_for_people (EbbPatientPage *self,
                              const char     *text)
{
  return text != NULL ? ebb_flag_text_for_people (text, self->today) : NULL;
}

void
_ebb_patient_page_update_flags (EbbPatientPage *self)
{
  EbbPatientRecords records = _ebb_patient_page_get_records (self);

  ebb_flags_section_set_records (self->flags_section, self->patient != NULL ? &records : NULL,
                                 &self->rules, self->today);
  ebb_flag_banner_set_flag (self->banner, _ebb_patient_page_get_lead_flag (self), self->today);
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

  return ebb_flag_banner_get_text (self->banner);
}
