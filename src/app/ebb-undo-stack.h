/* ebb-undo-stack.h — undoable steps of the window, newest first
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Puts back what one step changed; returns FALSE and sets @error when it
 * could not (the step is dropped either way). */
typedef gboolean (*EbbUndoFunc) (gpointer   data,
                                 GError   **error);

#define EBB_TYPE_UNDO_STACK (ebb_undo_stack_get_type ())
G_DECLARE_FINAL_TYPE (EbbUndoStack, ebb_undo_stack, EBB, UNDO_STACK, GObject)

EbbUndoStack *ebb_undo_stack_new       (void);
void          ebb_undo_stack_push      (EbbUndoStack    *self,
                                        const char      *label,
                                        EbbUndoFunc      undo,
                                        gpointer         data,
                                        GDestroyNotify   destroy);
gboolean      ebb_undo_stack_undo      (EbbUndoStack    *self,
                                        GError         **error);
void          ebb_undo_stack_clear     (EbbUndoStack    *self);
gboolean      ebb_undo_stack_get_can_undo (EbbUndoStack *self);
const char   *ebb_undo_stack_get_label (EbbUndoStack    *self);

G_END_DECLS
