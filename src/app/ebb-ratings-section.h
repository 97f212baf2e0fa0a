/* ebb-ratings-section.h — the patient page's ratings
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EBB_TYPE_RATINGS_SECTION (ebb_ratings_section_get_type ())
G_DECLARE_FINAL_TYPE (EbbRatingsSection, ebb_ratings_section, EBB, RATINGS_SECTION, GtkWidget)

GListModel *ebb_ratings_section_get_model  (EbbRatingsSection *self);
void        ebb_ratings_section_set_model  (EbbRatingsSection *self,
                                            GListModel        *model);
GListModel *ebb_ratings_section_get_sorted (EbbRatingsSection *self);
gboolean    ebb_ratings_section_get_narrow (EbbRatingsSection *self);
void        ebb_ratings_section_select     (EbbRatingsSection *self,
                                            guint              position);

G_END_DECLS
