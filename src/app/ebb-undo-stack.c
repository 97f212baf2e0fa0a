/* ebb-undo-stack.c — undoable steps of the window, newest first
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-undo-stack"

#include "config.h"

#include <gio/gio.h>

#include "ebb-undo-stack.h"

/* Deep undo histories of clinical edits are more confusing than useful,
 * and each step may hold a whole patient record. */
#define MAX_STEPS 20

typedef struct
{
  char           *label;
  EbbUndoFunc     undo;
  gpointer        data;
  GDestroyNotify  destroy;
} Step;

struct _EbbUndoStack
{
  GObject  parent_instance;

  /* Newest at the head */
  GQueue   steps;
};

G_DEFINE_FINAL_TYPE (EbbUndoStack, ebb_undo_stack, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
step_free (Step *step)
{
  if (step->destroy != NULL)
    step->destroy (step->data);
  g_free (step->label);
  g_free (step);
}

static void
ebb_undo_stack_changed (EbbUndoStack *self,
                        gboolean      could_undo)
{
  if (could_undo != ebb_undo_stack_get_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABEL]);
}

static void
ebb_undo_stack_finalize (GObject *object)
{
  EbbUndoStack *self = EBB_UNDO_STACK (object);

  g_queue_clear_full (&self->steps, (GDestroyNotify) step_free);

  G_OBJECT_CLASS (ebb_undo_stack_parent_class)->finalize (object);
}

static void
ebb_undo_stack_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  EbbUndoStack *self = EBB_UNDO_STACK (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, ebb_undo_stack_get_can_undo (self));
      break;

    case PROP_LABEL:
      g_value_set_string (value, ebb_undo_stack_get_label (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_undo_stack_class_init (EbbUndoStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ebb_undo_stack_finalize;
  object_class->get_property = ebb_undo_stack_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ebb_undo_stack_init (EbbUndoStack *self)
{
  g_queue_init (&self->steps);
}

EbbUndoStack *
ebb_undo_stack_new (void)
{
  return g_object_new (EBB_TYPE_UNDO_STACK, NULL);
}

/**
 * ebb_undo_stack_push:
 * @self: a #EbbUndoStack
 * @label: what the step did, in words ("Deleted patient P-014")
 * @undo: puts it back
 * @data: passed to @undo
 * @destroy: (nullable): frees @data when the step is undone or dropped
 *
 * Records a step that ebb_undo_stack_undo() can revert.
 */
void
ebb_undo_stack_push (EbbUndoStack   *self,
                     const char     *label,
                     EbbUndoFunc     undo,
                     gpointer        data,
                     GDestroyNotify  destroy)
{
  gboolean could_undo;
  Step *step;

  g_return_if_fail (EBB_IS_UNDO_STACK (self));
  g_return_if_fail (undo != NULL);

  could_undo = ebb_undo_stack_get_can_undo (self);

  step = g_new0 (Step, 1);
  step->label = g_strdup (label);
  step->undo = undo;
  step->data = data;
  step->destroy = destroy;
  g_queue_push_head (&self->steps, step);

  while (g_queue_get_length (&self->steps) > MAX_STEPS)
    step_free (g_queue_pop_tail (&self->steps));

  ebb_undo_stack_changed (self, could_undo);
}

/**
 * ebb_undo_stack_undo:
 * @self: a #EbbUndoStack
 * @error: a location for a #GError
 *
 * Reverts the newest step and drops it, whether or not it succeeded:
 * a step that failed once would most likely fail again.
 *
 * Returns: %TRUE if the step was undone; %FALSE with @error set if there
 *   was nothing to undo or undoing failed
 */
gboolean
ebb_undo_stack_undo (EbbUndoStack  *self,
                     GError       **error)
{
  Step *step;
  gboolean ret;

  g_return_val_if_fail (EBB_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  step = g_queue_pop_head (&self->steps);
  if (step == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "There is nothing to undo");
      return FALSE;
    }

  /* Notify before running the step: its undo function commits to the
   * store, whose "changed" handlers may push or clear again. */
  ebb_undo_stack_changed (self, TRUE);

  ret = step->undo (step->data, error);
  step_free (step);

  return ret;
}

void
ebb_undo_stack_clear (EbbUndoStack *self)
{
  gboolean could_undo;

  g_return_if_fail (EBB_IS_UNDO_STACK (self));

  could_undo = ebb_undo_stack_get_can_undo (self);
  if (!could_undo)
    return;

  g_queue_clear_full (&self->steps, (GDestroyNotify) step_free);
  ebb_undo_stack_changed (self, could_undo);
}

gboolean
ebb_undo_stack_get_can_undo (EbbUndoStack *self)
{
  g_return_val_if_fail (EBB_IS_UNDO_STACK (self), FALSE);

  return !g_queue_is_empty (&self->steps);
}

/**
 * ebb_undo_stack_get_label:
 * @self: a #EbbUndoStack
 *
 * Returns: (nullable): the label of the step ebb_undo_stack_undo() would
 *   revert, or %NULL
 */
const char *
ebb_undo_stack_get_label (EbbUndoStack *self)
{
  Step *step;

  g_return_val_if_fail (EBB_IS_UNDO_STACK (self), NULL);

  step = g_queue_peek_head (&self->steps);
  return step != NULL ? step->label : NULL;
}
