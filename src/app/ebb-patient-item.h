/* ebb-patient-item.h — one patient as the sidebar and Attention list show it
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ebb-flags.h"

G_BEGIN_DECLS

/* No flag: the item's most urgent flag kind is this. */
#define EBB_PATIENT_ITEM_NO_FLAG (-1)

#define EBB_TYPE_PATIENT_ITEM (ebb_patient_item_get_type ())
G_DECLARE_FINAL_TYPE (EbbPatientItem, ebb_patient_item, EBB, PATIENT_ITEM, GObject)

typedef struct _EbbPatientItemKeys EbbPatientItemKeys;

EbbPatientItemKeys *ebb_patient_item_keys_new     (const char               *code,
                                                   const char               *name);
void                ebb_patient_item_keys_free    (EbbPatientItemKeys       *keys);
int                 ebb_patient_item_keys_compare (const EbbPatientItemKeys *a,
                                                   gint64                    a_id,
                                                   const EbbPatientItemKeys *b,
                                                   gint64                    b_id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbPatientItemKeys, ebb_patient_item_keys_free)

EbbPatientItem *ebb_patient_item_new             (gint64            id);
gboolean        ebb_patient_item_update_with_keys (EbbPatientItem           *self,
                                                   const EbbPatient         *patient,
                                                   const EbbPatientItemKeys *keys,
                                                   const char               *score_label,
                                                   const char               *follow_up_label,
                                                   EbbAttentionItem         *attention);
gboolean        ebb_patient_item_update          (EbbPatientItem   *self,
                                                  const EbbPatient *patient,
                                                  const char       *score_label,
                                                  const char       *follow_up_label,
                                                  EbbAttentionItem *attention);
gint64          ebb_patient_item_get_id          (EbbPatientItem   *self);
const char     *ebb_patient_item_get_code        (EbbPatientItem   *self);
const char     *ebb_patient_item_get_name        (EbbPatientItem   *self);
const char     *ebb_patient_item_get_score_label (EbbPatientItem   *self);
guint           ebb_patient_item_get_n_flags     (EbbPatientItem   *self);
int             ebb_patient_item_get_flag_kind   (EbbPatientItem   *self);
const EbbFlag  *ebb_patient_item_get_flag        (EbbPatientItem   *self,
                                                  guint             index);
const char     *ebb_patient_item_get_suggestion  (EbbPatientItem   *self);
gboolean        ebb_patient_item_matches         (EbbPatientItem   *self,
                                                  const char       *folded_query,
                                                  const char       *code_query);
int             ebb_patient_item_compare         (EbbPatientItem   *a,
                                                  EbbPatientItem   *b);
char           *ebb_patient_item_fold            (const char       *text);
char           *ebb_patient_item_code_key        (const char       *text,
                                                  gboolean          typing);

const EbbAttentionItem *ebb_patient_item_get_attention (EbbPatientItem *self);
gboolean        ebb_patient_item_get_section_start (EbbPatientItem *self);
void            ebb_patient_item_set_section_start (EbbPatientItem *self,
                                                    gboolean        section_start);

const char     *ebb_patient_item_get_follow_up_label (EbbPatientItem *self);

G_END_DECLS
