/* ebb-patient-status.h — the top of the patient page
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EBB_TYPE_PATIENT_STATUS (ebb_patient_status_get_type ())
G_DECLARE_FINAL_TYPE (EbbPatientStatus, ebb_patient_status, EBB, PATIENT_STATUS, GtkWidget)

void        ebb_patient_status_set_patient    (EbbPatientStatus *self,
                                               const char       *code,
                                               const char       *name);
const char *ebb_patient_status_get_status     (EbbPatientStatus *self);
void        ebb_patient_status_set_status     (EbbPatientStatus *self,
                                               const char       *status,
                                               const char       *style,
                                               const char       *tooltip);
void        ebb_patient_status_set_next       (EbbPatientStatus *self,
                                               const char       *next,
                                               gboolean          warning);
void        ebb_patient_status_set_durability (EbbPatientStatus *self,
                                               const char       *durability);

G_END_DECLS
