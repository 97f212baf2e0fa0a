/* ebb-server-dialog.h — Connect to Clinic Server…
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-window.h"

G_BEGIN_DECLS

#define EBB_TYPE_SERVER_DIALOG (ebb_server_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EbbServerDialog, ebb_server_dialog, EBB, SERVER_DIALOG, AdwWindow)

GtkWidget *ebb_server_dialog_new          (EbbWindow       *window);
char      *ebb_server_dialog_dup_location (EbbServerDialog *self);

G_END_DECLS
