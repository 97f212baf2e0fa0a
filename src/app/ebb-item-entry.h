/* ebb-item-entry.h — a rating entered item by item
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-scale.h"

G_BEGIN_DECLS

#define EBB_TYPE_ITEM_ENTRY (ebb_item_entry_get_type ())
G_DECLARE_FINAL_TYPE (EbbItemEntry, ebb_item_entry, EBB, ITEM_ENTRY, AdwPreferencesGroup)

GtkWidget      *ebb_item_entry_new           (void);

/* Starts again on @scale: one empty row per item. */
void            ebb_item_entry_set_scale     (EbbItemEntry   *self,
                                              const EbbScale *scale);
void            ebb_item_entry_set_values    (EbbItemEntry   *self,
                                              const int      *values,
                                              guint           n_values);
void            ebb_item_entry_set_item      (EbbItemEntry   *self,
                                              guint           index,
                                              int             value);

void            ebb_item_entry_focus_missing (EbbItemEntry   *self);

guint           ebb_item_entry_get_n_items   (EbbItemEntry   *self);
guint           ebb_item_entry_get_n_missing (EbbItemEntry   *self);
const char     *ebb_item_entry_get_message   (EbbItemEntry   *self);
int             ebb_item_entry_get_total     (EbbItemEntry   *self);
const int      *ebb_item_entry_get_values    (EbbItemEntry   *self,
                                              guint          *n_values);

G_END_DECLS
