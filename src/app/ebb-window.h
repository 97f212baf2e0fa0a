/* ebb-window.h — the main window: one clinic database
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-store.h"
#include "ebb-undo-stack.h"

G_BEGIN_DECLS

#define EBB_TYPE_WINDOW (ebb_window_get_type ())
G_DECLARE_FINAL_TYPE (EbbWindow, ebb_window, EBB, WINDOW, AdwApplicationWindow)

EbbWindow    *ebb_window_new               (GtkApplication  *application);
gboolean      ebb_window_open_database     (EbbWindow       *self,
                                            const char      *path,
                                            GError         **error);
void          ebb_window_open_server       (EbbWindow       *self,
                                            const char      *location);
EbbStore     *ebb_window_get_store         (EbbWindow       *self);
const char   *ebb_window_get_database_path (EbbWindow       *self);
gboolean      ebb_window_get_loading       (EbbWindow       *self);
EbbUndoStack *ebb_window_get_undo_stack    (EbbWindow       *self);
AdwToast     *ebb_toast_new_plain          (const char      *text);
void          ebb_window_add_toast         (EbbWindow       *self,
                                            AdwToast        *toast);
void          ebb_window_offer_undo        (EbbWindow       *self,
                                            const char      *message);
gboolean      ebb_window_is_demo           (EbbWindow       *self);

G_END_DECLS
