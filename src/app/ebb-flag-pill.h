/* ebb-flag-pill.h — a flag's kind as a small coloured label
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ebb-trajectory.h"

G_BEGIN_DECLS

void        ebb_flag_pill_set_kind        (GtkWidget  *widget,
                                           int         kind);
GtkWidget  *ebb_flag_pill_new             (EbbFlagKind kind);

G_END_DECLS
