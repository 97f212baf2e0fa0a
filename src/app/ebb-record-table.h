/* ebb-record-table.h — what the patient page's record tables share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        ebb_record_table_class_bind_callbacks (GtkWidgetClass *widget_class);
void        ebb_record_table_pass_scrolling       (GtkWidget      *scroller);
GtkWidget  *ebb_record_table_row_new              (gpointer        item,
                                                   gpointer        user_data);
void        ebb_record_table_activate             (GtkWidget      *widget,
                                                   GListModel     *model,
                                                   guint           position,
                                                   const char     *action_name);
void        ebb_record_table_add_delete_key       (GtkColumnView  *view,
                                                   const char     *action_name);
void        ebb_record_table_select               (GtkColumnView  *view,
                                                   guint           position);

G_END_DECLS
