/* ebb-attention-page.h — who needs attention today
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EBB_TYPE_ATTENTION_PAGE (ebb_attention_page_get_type ())
G_DECLARE_FINAL_TYPE (EbbAttentionPage, ebb_attention_page, EBB, ATTENTION_PAGE, GtkWidget)

GListModel *ebb_attention_page_get_model     (EbbAttentionPage *self);
void        ebb_attention_page_set_model     (EbbAttentionPage *self,
                                              GListModel       *model);
void        ebb_attention_page_set_as_of     (EbbAttentionPage *self,
                                              gint32            as_of_day);
void        ebb_attention_page_scroll_to_top (EbbAttentionPage *self);

G_END_DECLS
