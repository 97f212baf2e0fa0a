/* ebb-wrap-box.h — a row of controls that wraps onto more rows when narrow
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EBB_TYPE_WRAP_BOX (ebb_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (EbbWrapBox, ebb_wrap_box, EBB, WRAP_BOX, GtkWidget)

void       ebb_wrap_box_append             (EbbWrapBox *self,
                                            GtkWidget  *child);
void       ebb_wrap_box_set_column_spacing (EbbWrapBox *self,
                                            int         spacing);
void       ebb_wrap_box_set_row_spacing    (EbbWrapBox *self,
                                            int         spacing);

G_END_DECLS
