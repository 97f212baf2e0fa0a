/* ebb-patient.c — a patient of the clinic
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-patient"

#include "config.h"

#include "ebb-patient.h"

EbbPatient *
ebb_patient_new (const char *code,
                 const char *name)
{
  EbbPatient *patient;

  g_return_val_if_fail (code != NULL, NULL);

  patient = g_new0 (EbbPatient, 1);
  patient->code = g_strdup (code);
  patient->name = g_strdup (name ? name : "");
  return patient;
}

EbbPatient *
ebb_patient_copy (const EbbPatient *patient)
{
  EbbPatient *copy;

  g_return_val_if_fail (patient != NULL, NULL);

  copy = g_memdup2 (patient, sizeof *patient);
  copy->code = g_strdup (patient->code);
  copy->name = g_strdup (patient->name);
  copy->preferred_scale = g_strdup (patient->preferred_scale);
  copy->notes = g_strdup (patient->notes);
  return copy;
}

void
ebb_patient_free (EbbPatient *patient)
{
  if (patient == NULL)
    return;
  g_free (patient->code);
  g_free (patient->name);
  g_free (patient->preferred_scale);
  g_free (patient->notes);
  g_free (patient);
}
