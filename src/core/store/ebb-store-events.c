/* ebb-store-events.c — patients' events, shown on the chart
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An event (issue 13: a medication changed, a hospitalisation, a suicide
 * attempt, a life event) is a row of its own, as a medicine is: checked,
 * then added, changed and deleted with its audit entry in one
 * transaction each, by the steps of ebb-store-records.c.  Undoing a
 * change is the opposite change, audited like any other.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-store-private.h"

static gint64
event_patient_id (gconstpointer row)
{
  return ((const EbbEvent *) row)->patient_id;
}

static void
event_set_id (gpointer row,
              gint64   id)
{
  ((EbbEvent *) row)->id = id;
}

static const RecordKind event_kind = {
  "event", "event",
  STMT_EVENT_GET, STMT_EVENT_INSERT, STMT_EVENT_UPDATE, STMT_EVENT_DELETE, 5,
  _ebb_store_read_event,
  (void (*) (EbbSqlStmt *, gconstpointer)) _ebb_store_bind_event,
  (char *(*) (gconstpointer)) _ebb_store_event_to_json,
  event_patient_id,
  event_set_id,
  (GDestroyNotify) ebb_event_free,
};

/* The copy that is written: its text stripped of blanks around it. */
static EbbEvent *
normalise_event (const EbbEvent  *event,
                 GError         **error)
{
  g_autoptr(EbbEvent) copy = NULL;

  if (!_ebb_store_check_utf8 (NC_("field", "event text"), event->text, error))
    return NULL;
  copy = ebb_event_copy (event);
  if (copy->text != NULL)
    g_strstrip (copy->text);
  /* Counted after stripping: blanks around the text are not its length. */
  if (!_ebb_store_check_length (NC_("field", "event text"), copy->text, EBB_EVENT_TEXT_MAX, error))
    return NULL;
  /* An event without words is a marker nobody can read. */
  if (copy->text == NULL || *copy->text == '\0')
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("An event needs a short text that says what happened"));
      return NULL;
    }
  if ((guint) copy->kind > EBB_EVENT_OTHER)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The event's kind is not one Ebb knows"));
      return NULL;
    }
  if (copy->day <= 0)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("An event needs the day it happened"));
      return NULL;
    }
  return g_steal_pointer (&copy);
}

/**
 * ebb_store_list_events:
 * @patient_id: a patient, or 0 for every patient
 *
 * Returns: (transfer container) (element-type EbbEvent): the events,
 *   ordered by patient, day and id; %NULL on error
 */
GPtrArray *
ebb_store_list_events (EbbStore  *self,
                       gint64     patient_id,
                       GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ebb_store_list_rows (self, STMT_EVENT_LIST_ALL, STMT_EVENT_LIST, patient_id,
                               _ebb_store_read_event, (GDestroyNotify) ebb_event_free, error);
}

/**
 * ebb_store_add_event:
 * @event: the event, of a stored patient; on success its id is set, and
 *   its text is stripped of blanks around it
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CONSTRAINT for an empty or
 *   too long text (more than %EBB_EVENT_TEXT_MAX characters), no day or an
 *   unknown kind, or a patient that is not there
 */
gboolean
ebb_store_add_event (EbbStore  *self,
                     EbbEvent  *event,
                     GError   **error)
{
  g_autoptr(EbbEvent) stored = NULL;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((stored = normalise_event (event, error)) == NULL)
    return FALSE;
  write = (RecordWrite) { &event_kind, stored, 0 };
  if (!_ebb_store_run_in_transaction (self, _ebb_store_insert_record, &write, error))
    return FALSE;
  event->id = write.id;
  g_free (event->text);
  event->text = g_steal_pointer (&stored->text);
  return TRUE;
}

/**
 * ebb_store_update_event:
 * @event: the event, with the id of a stored one; checked like a new one
 *
 * Returns: %TRUE when changed; as ebb_store_add_event(), and
 *   %EBB_STORE_ERROR_NO_SUCH_ROW when the event is gone
 */
gboolean
ebb_store_update_event (EbbStore        *self,
                        const EbbEvent  *event,
                        GError         **error)
{
  g_autoptr(EbbEvent) stored = NULL;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((stored = normalise_event (event, error)) == NULL)
    return FALSE;
  write = (RecordWrite) { &event_kind, stored, stored->id };
  return _ebb_store_run_in_transaction (self, _ebb_store_update_record, &write, error);
}

/**
 * ebb_store_delete_event:
 *
 * Returns: %TRUE when deleted; %EBB_STORE_ERROR_NO_SUCH_ROW when there is
 *   no such event
 */
gboolean
ebb_store_delete_event (EbbStore  *self,
                        gint64     id,
                        GError   **error)
{
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  write = (RecordWrite) { &event_kind, NULL, id };
  return _ebb_store_run_in_transaction (self, _ebb_store_delete_record, &write, error);
}
