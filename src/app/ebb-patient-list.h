/* ebb-patient-list.h — the clinic's patients and who needs attention, as list models
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ebb-patient-item.h"
#include "ebb-store.h"
#include "ebb-trajectory.h"

G_BEGIN_DECLS

#define EBB_TYPE_PATIENT_LIST (ebb_patient_list_get_type ())
G_DECLARE_FINAL_TYPE (EbbPatientList, ebb_patient_list, EBB, PATIENT_LIST, GObject)

EbbPatientList *ebb_patient_list_new           (void);
void            ebb_patient_list_load          (EbbPatientList        *self,
                                                const char            *path,
                                                const EbbRuleSettings *rules,
                                                const char            *default_scale,
                                                gint32                 today);
gboolean        ebb_patient_list_reload_patient (EbbPatientList       *self,
                                                 EbbStore             *store,
                                                 gint64                patient_id);
gboolean        ebb_patient_list_get_loading   (EbbPatientList        *self);
void            ebb_patient_list_cancel        (EbbPatientList        *self);
void            ebb_patient_list_clear         (EbbPatientList        *self);
GListModel     *ebb_patient_list_get_patients  (EbbPatientList        *self);
GListModel     *ebb_patient_list_get_attention (EbbPatientList        *self);
EbbPatientItem *ebb_patient_list_lookup        (EbbPatientList        *self,
                                                gint64                 id);
char           *ebb_patient_list_format_score  (const char            *scale_id,
                                                int                    total);

G_END_DECLS
