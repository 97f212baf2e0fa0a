/* ebb-patient.h — a patient of the clinic
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64    id;               /* row id, 0 until stored */
  char     *code;             /* the clinic's own code, unique, e.g. "K-0042" */
  char     *name;             /* display name */
  int       birth_year;       /* 0 when not recorded */
  char     *preferred_scale;  /* canonical scale id, or NULL */
  char     *notes;            /* or NULL */
  gboolean  archived;
} EbbPatient;

EbbPatient *ebb_patient_new  (const char       *code,
                              const char       *name);
EbbPatient *ebb_patient_copy (const EbbPatient *patient);
void        ebb_patient_free (EbbPatient       *patient);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbPatient, ebb_patient_free)

G_END_DECLS
