/* ebb-record-menu.h — the menu button of a rating's or a session's row
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EBB_TYPE_RECORD_MENU (ebb_record_menu_get_type ())
G_DECLARE_FINAL_TYPE (EbbRecordMenu, ebb_record_menu, EBB, RECORD_MENU, GtkWidget)

GtkWidget *ebb_record_menu_new      (void);
GObject   *ebb_record_menu_get_item (EbbRecordMenu *self);
void       ebb_record_menu_set_item (EbbRecordMenu *self,
                                     GObject       *item);
GMenuModel *ebb_record_menu_get_menu_model (EbbRecordMenu *self);

G_END_DECLS
