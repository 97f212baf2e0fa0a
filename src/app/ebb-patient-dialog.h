/* ebb-patient-dialog.h — add or edit a patient
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-store.h"

G_BEGIN_DECLS

#define EBB_TYPE_PATIENT_DIALOG (ebb_patient_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EbbPatientDialog, ebb_patient_dialog, EBB, PATIENT_DIALOG, AdwWindow)

/* Emits "saved" (gint64 patient id) after storing, then closes; on a
 * store error it stays open with the message on the field. */
GtkWidget *ebb_patient_dialog_new (GtkWindow        *parent,
                                   EbbStore         *store,
                                   const EbbPatient *patient);

G_END_DECLS
