/* ebb-attention-row.h — one flagged patient on the Attention page
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ebb-patient-item.h"

G_BEGIN_DECLS

#define EBB_TYPE_ATTENTION_ROW (ebb_attention_row_get_type ())
G_DECLARE_FINAL_TYPE (EbbAttentionRow, ebb_attention_row, EBB, ATTENTION_ROW, GtkWidget)

GtkWidget      *ebb_attention_row_new      (void);
EbbPatientItem *ebb_attention_row_get_item (EbbAttentionRow *self);
void            ebb_attention_row_set_item (EbbAttentionRow *self,
                                            EbbPatientItem  *item);

G_END_DECLS
