/* ebb-test-widgets.h — looking into the widget tree, for the window tests
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkLabel *ebb_test_find_label            (GtkWidget  *widget,
                                          const char *text);
GtkLabel *ebb_test_find_label_containing (GtkWidget  *widget,
                                          const char *part);
GtkWidget *ebb_test_find_button          (GtkWidget  *widget,
                                          const char *label);
gpointer   ebb_test_find_toplevel        (GType       type);

gboolean   ebb_test_display_available    (void);

/* Runs the main loop until every record table on screen in @widget
 * shows all the rows it is to show (ebb_record_section_fill_anew()). */
void       ebb_test_wait_for_records     (GtkWidget  *widget);

G_END_DECLS
