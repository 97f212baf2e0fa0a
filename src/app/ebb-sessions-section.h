/* ebb-sessions-section.h — the patient page's sessions
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EBB_TYPE_SESSIONS_SECTION (ebb_sessions_section_get_type ())
G_DECLARE_FINAL_TYPE (EbbSessionsSection, ebb_sessions_section, EBB, SESSIONS_SECTION, GtkWidget)

GListModel *ebb_sessions_section_get_model  (EbbSessionsSection *self);
void        ebb_sessions_section_set_model  (EbbSessionsSection *self,
                                             GListModel         *model);
GListModel *ebb_sessions_section_get_sorted (EbbSessionsSection *self);
gboolean    ebb_sessions_section_get_narrow (EbbSessionsSection *self);
void        ebb_sessions_section_select     (EbbSessionsSection *self,
                                             guint               position);

G_END_DECLS
