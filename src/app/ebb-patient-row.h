/* ebb-patient-row.h — one patient in the sidebar
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ebb-patient-item.h"

G_BEGIN_DECLS

#define EBB_TYPE_PATIENT_ROW (ebb_patient_row_get_type ())
G_DECLARE_FINAL_TYPE (EbbPatientRow, ebb_patient_row, EBB, PATIENT_ROW, GtkWidget)

GtkWidget      *ebb_patient_row_new      (void);
EbbPatientItem *ebb_patient_row_get_item (EbbPatientRow  *self);
void            ebb_patient_row_set_item (EbbPatientRow  *self,
                                          EbbPatientItem *item);

G_END_DECLS
