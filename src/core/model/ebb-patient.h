/* ebb-patient.h — a patient of the clinic
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EBB_PATIENT_ERROR (ebb_patient_error_quark ())

typedef enum
{
  EBB_PATIENT_ERROR_CODE,   /* a clinic code that is empty, too long or holds an invisible character */
} EbbPatientError;

/* Bounds on what people type, in characters (see README, Reliability):
 * a clinic code, a person's name or a rater, and any note. */
#define EBB_PATIENT_CODE_MAX 32
#define EBB_NAME_MAX         120
#define EBB_NOTE_MAX         10000

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

GQuark      ebb_patient_error_quark     (void);
char       *ebb_patient_normalise_code  (const char       *code,
                                         GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbPatient, ebb_patient_free)

G_END_DECLS
