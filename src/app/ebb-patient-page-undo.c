/* ebb-patient-page-undo.c — deleting records and patients, undoably
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A deletion keeps a copy of what it deleted on the window's undo stack
 * (or the page's own, outside a window), and Undo stores the copy again.
 * The tables' delete buttons and Delete key come here too, through a
 * guard against double clicks and a question before a suicide-item
 * alert is deleted with its rating.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-dialog-util.h"
#include "ebb-patient-page-private.h"
#include "ebb-record-items.h"
#include "ebb-window.h"

static EbbWindow *
ebb_patient_page_get_window (EbbPatientPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return EBB_IS_WINDOW (root) ? EBB_WINDOW (root) : NULL;
}

/* Undo ---------------------------------------------------------------------- */

/* A copy of what was deleted, enough to put it back. */
typedef struct
{
  EbbStore   *store;
  EbbRating  *rating;      /* a deleted rating, or */
  EbbSession *session;    /* a deleted session, or */
  EbbPatient *patient;    /* a deleted patient, with */
  GPtrArray  *sessions;   /* their sessions and */
  GPtrArray  *ratings;     /* their ratings and */
  GPtrArray  *medicines;  /* their medicines and */
  GPtrArray  *events;     /* their events */
  GWeakRef    page;       /* to show a restored patient again */
} Deleted;

static void
deleted_free (Deleted *deleted)
{
  g_clear_object (&deleted->store);
  g_clear_pointer (&deleted->rating, ebb_rating_free);
  g_clear_pointer (&deleted->session, ebb_session_free);
  g_clear_pointer (&deleted->patient, ebb_patient_free);
  g_clear_pointer (&deleted->sessions, g_ptr_array_unref);
  g_clear_pointer (&deleted->ratings, g_ptr_array_unref);
  g_clear_pointer (&deleted->medicines, g_ptr_array_unref);
  g_clear_pointer (&deleted->events, g_ptr_array_unref);
  g_weak_ref_clear (&deleted->page);
  g_free (deleted);
}

static Deleted *
deleted_new (EbbPatientPage *self)
{
  Deleted *deleted = g_new0 (Deleted, 1);

  deleted->store = g_object_ref (self->store);
  g_weak_ref_init (&deleted->page, self);
  return deleted;
}

/* The rows come back as new rows (with new ids): the store audits that
 * as an insert, so the trail shows both the deletion and the undo. */
/* A session comes back with the readings it was deleted with, in one
 * transaction. */
static gboolean
restore_session (EbbStore          *store,
                 const EbbSession  *deleted,
                 gint64             patient_id,
                 GError           **error)
{
  g_autoptr(EbbSession) session = ebb_session_copy (deleted);

  session->id = 0;
  session->patient_id = patient_id;
  if (!ebb_store_begin (store, error))
    return FALSE;
  if (!ebb_store_add_session (store, session, error))
    {
      ebb_store_rollback (store);
      return FALSE;
    }
  for (guint i = 0; deleted->readings != NULL && i < deleted->readings->len; i++)
    {
      g_autoptr(EbbReading) reading = ebb_reading_copy (g_ptr_array_index (deleted->readings, i));

      reading->id = 0;
      reading->session_id = session->id;
      if (!ebb_store_add_reading (store, reading, error))
        {
          ebb_store_rollback (store);
          return FALSE;
        }
    }
  return ebb_store_commit (store, error);
}

static gboolean
restore_patient (Deleted  *deleted,
                 gint64   *patient_id,
                 GError  **error)
{
  g_autoptr(EbbPatient) patient = ebb_patient_copy (deleted->patient);

  patient->id = 0;
  if (!ebb_store_add_patient (deleted->store, patient, error))
    return FALSE;

  for (guint i = 0; i < deleted->sessions->len; i++)
    {
      if (!restore_session (deleted->store, g_ptr_array_index (deleted->sessions, i), patient->id,
                            error))
        return FALSE;
    }

  for (guint i = 0; i < deleted->ratings->len; i++)
    {
      g_autoptr(EbbRating) rating = ebb_rating_copy (g_ptr_array_index (deleted->ratings, i));

      rating->id = 0;
      rating->patient_id = patient->id;
      if (!ebb_store_add_rating (deleted->store, rating, error))
        return FALSE;
    }

  for (guint i = 0; deleted->medicines != NULL && i < deleted->medicines->len; i++)
    {
      g_autoptr(EbbMedicine) medicine = ebb_medicine_copy (g_ptr_array_index (deleted->medicines, i));

      medicine->id = 0;
      medicine->patient_id = patient->id;
      if (!ebb_store_add_medicine (deleted->store, medicine, error))
        return FALSE;
    }

  for (guint i = 0; deleted->events != NULL && i < deleted->events->len; i++)
    {
      g_autoptr(EbbEvent) event = ebb_event_copy (g_ptr_array_index (deleted->events, i));

      event->id = 0;
      event->patient_id = patient->id;
      if (!ebb_store_add_event (deleted->store, event, error))
        return FALSE;
    }

  *patient_id = patient->id;
  return TRUE;
}

static gboolean
undo_delete (gpointer   data,
             GError   **error)
{
  Deleted *deleted = data;
  g_autoptr(EbbPatientPage) page = NULL;
  gint64 patient_id = 0;

  if (deleted->rating != NULL)
    {
      g_autoptr(EbbRating) rating = ebb_rating_copy (deleted->rating);

      rating->id = 0;
      return ebb_store_add_rating (deleted->store, rating, error);
    }

  if (deleted->session != NULL)
    {
      return restore_session (deleted->store, deleted->session, deleted->session->patient_id, error);
    }

  /* A patient comes back whole or not at all: one transaction. */
  if (!ebb_store_begin (deleted->store, error))
    return FALSE;
  if (!restore_patient (deleted, &patient_id, error))
    {
      ebb_store_rollback (deleted->store);
      return FALSE;
    }
  if (!ebb_store_commit (deleted->store, error))
    return FALSE;

  page = g_weak_ref_get (&deleted->page);
  if (page != NULL && page->patient_id == 0 && page->store == deleted->store)
    ebb_patient_page_set_patient (page, deleted->store, patient_id);
  return TRUE;
}

static void
ebb_patient_page_offer_undo (EbbPatientPage *self,
                             const char     *message,
                             Deleted        *deleted)
{
  EbbWindow *window = ebb_patient_page_get_window (self);

  ebb_undo_stack_push (ebb_patient_page_get_undo_stack (self), message,
                       undo_delete, deleted, (GDestroyNotify) deleted_free);
  if (window != NULL)
    ebb_window_offer_undo (window, message);
}

/* Any other undoable step of the page: it goes on the window's stack, and
 * the window says so in a toast with Undo. */
void
_ebb_patient_page_offer_undo_step (EbbPatientPage *self,
                                   const char     *label,
                                   EbbUndoFunc     undo,
                                   gpointer        data,
                                   GDestroyNotify  destroy)
{
  EbbWindow *window = ebb_patient_page_get_window (self);

  ebb_undo_stack_push (ebb_patient_page_get_undo_stack (self), label, undo, data, destroy);
  if (window != NULL)
    ebb_window_offer_undo (window, label);
}

/* Callbacks ----------------------------------------------------------------- */

static void
delete_patient_response_cb (EbbPatientPage   *self,
                            const char       *response,
                            AdwMessageDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  Deleted *deleted;

  if (!g_str_equal (response, "delete") || self->patient == NULL)
    return;

  /* Copies taken before deleting: they are what Undo puts back. */
  deleted = deleted_new (self);
  deleted->patient = ebb_patient_copy (self->patient);
  deleted->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_session_free);
  for (guint i = 0; i < self->sessions->len; i++)
    g_ptr_array_add (deleted->sessions, ebb_session_copy (g_ptr_array_index (self->sessions, i)));
  deleted->ratings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_rating_free);
  for (guint i = 0; i < self->ratings->len; i++)
    g_ptr_array_add (deleted->ratings, ebb_rating_copy (g_ptr_array_index (self->ratings, i)));
  /* The page does not show them (yet): read from the store. */
  deleted->medicines = ebb_store_list_medicines (self->store, self->patient_id, &error);
  if (deleted->medicines != NULL)
    deleted->events = ebb_store_list_events (self->store, self->patient_id, &error);
  if (deleted->medicines == NULL || deleted->events == NULL)
    {
      _ebb_patient_page_show_error (self, _("Could not delete the patient"), error);
      deleted_free (deleted);
      return;
    }

  if (!ebb_store_delete_patient (self->store, self->patient_id, &error))
    {
      _ebb_patient_page_show_error (self, _("Could not delete the patient"), error);
      deleted_free (deleted);
      return;
    }

  /* Translators: a toast, "Patient K-0042 deleted" */
  message = g_strdup_printf (_("Patient %s deleted"), deleted->patient->code);
  ebb_patient_page_offer_undo (self, message, deleted);
}

/* Deleting from the tables -------------------------------------------------- */

/* A deleted row's place is taken by the next one at once, under the
 * pointer: a double click on a delete button would delete two rows.  The
 * second click of one is well within this. */
#define DELETE_GUARD_USEC (G_USEC_PER_SEC / 2)

static gboolean
delete_too_soon (gint64 last_delete)
{
  return last_delete != 0 && g_get_monotonic_time () - last_delete < DELETE_GUARD_USEC;
}

static guint
find_position (GListModel *model,
               gint64      id)
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      gint64 item_id = 0;

      g_object_get (item, "id", &item_id, NULL);
      if (item_id == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
delete_rating_now (EbbPatientPage *self,
                   gint64          id)
{
  g_autoptr(GError) error = NULL;
  guint position = find_position (ebb_record_section_get_sorted (EBB_RECORD_SECTION (self->ratings_section)), id);

  if (!ebb_patient_page_delete_rating (self, id, &error))
    {
      _ebb_patient_page_show_error (self, _("Could not delete the rating"), error);
      return;
    }
  self->last_rating_delete = g_get_monotonic_time ();
  ebb_record_section_select (EBB_RECORD_SECTION (self->ratings_section), position);
}

static void
delete_alert_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          EbbPatientPage   *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "ebb-rating-id"));

  if (g_str_equal (response, "delete"))
    delete_rating_now (self, id);
}

static gboolean
rating_raises_alert (const EbbRating *rating,
                     const EbbScale *scale)
{
  return scale != NULL && scale->alert_item > 0 &&
         ebb_rating_alert_value (rating, scale, NULL) >= scale->alert_min;
}

/* A rating that raises a suicide-item alert is deleted only when asked
 * twice: deleting it takes the alert off the Attention list. */
static void
confirm_delete_alert (EbbPatientPage *self,
                      const EbbRating *rating,
                      const EbbScale  *scale)
{
  g_autofree char *date = ebb_format_when (rating->when_text);
  GtkWidget *dialog;

  dialog = ebb_dialog_new_destructive_question (_ebb_patient_page_get_parent (self),
                                                _("Delete a Rating With a Suicide-Item Alert?"), NULL,
                                                "cancel", _("_Cancel"), "delete", _("_Delete"));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: "The MADRS rating of Tue 1 Dec 2026 has item 10
                                   * (suicidal thoughts) at 4, which raises an alert. …" */
                                  _("The %s rating of %s has item %u (%s) at %d, which raises an "
                                    "alert. Deleting the rating removes the alert from Attention. "
                                    "You can undo this until Ebb is closed."),
                                  scale->id, date, scale->alert_item,
                                  scale->alert_item_label != NULL ? ebb_scale_get_alert_item_label (scale) : "",
                                  ebb_rating_alert_value (rating, scale, NULL));
  g_object_set_data (G_OBJECT (dialog), "ebb-rating-id", GSIZE_TO_POINTER ((gsize) rating->id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_alert_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * _ebb_patient_page_request_delete_rating:
 *
 * What the ratings table's delete button and Delete key do: delete the
 * rating, undoably, unless this comes right after another deletion from
 * the same table (the second click of a double click, landing on the row
 * that moved up); and ask first when it raises a suicide-item alert.
 */
void
_ebb_patient_page_request_delete_rating (EbbPatientPage *self,
                                         gint64          id)
{
  const EbbRating *rating = _ebb_patient_page_find_rating (self, id);
  const EbbScale *scale;

  if (rating == NULL || delete_too_soon (self->last_rating_delete))
    return;

  scale = ebb_scale_lookup (rating->scale_id);
  if (rating_raises_alert (rating, scale))
    confirm_delete_alert (self, rating, scale);
  else
    delete_rating_now (self, id);
}

void
_ebb_patient_page_request_delete_session (EbbPatientPage *self,
                                          gint64          id)
{
  g_autoptr(GError) error = NULL;
  guint position;

  if (_ebb_patient_page_find_session (self, id) == NULL ||
      delete_too_soon (self->last_session_delete))
    return;

  position = find_position (ebb_record_section_get_sorted (EBB_RECORD_SECTION (self->sessions_section)), id);
  if (!ebb_patient_page_delete_session (self, id, &error))
    {
      _ebb_patient_page_show_error (self, _("Could not delete the session"), error);
      return;
    }
  self->last_session_delete = g_get_monotonic_time ();
  ebb_record_section_select (EBB_RECORD_SECTION (self->sessions_section), position);
}

/* Public API ---------------------------------------------------------------- */

void
ebb_patient_page_delete_patient (EbbPatientPage *self)
{
  GtkWidget *dialog;
  g_autofree char *heading = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *ratings = NULL;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;

  /* Translators: a question, "Delete K-0042?" */
  heading = g_strdup_printf (_("Delete %s?"), self->patient->code);
  dialog = ebb_dialog_new_destructive_question (_ebb_patient_page_get_parent (self), heading, NULL,
                                                "cancel", _("_Cancel"), "delete", _("_Delete"));
  sessions = g_strdup_printf (ngettext ("%u session", "%u sessions", self->sessions->len),
                              self->sessions->len);
  ratings = g_strdup_printf (ngettext ("%u rating", "%u ratings", self->ratings->len),
                             self->ratings->len);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: "… with 12 sessions and 30 ratings …" */
                                  _("The patient is deleted with %s and %s. You can undo this "
                                    "until Ebb is closed, and the audit trail keeps a record of "
                                    "what was deleted."),
                                  sessions, ratings);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_patient_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
ebb_patient_page_delete_rating (EbbPatientPage  *self,
                                gint64           rating_id,
                                GError         **error)
{
  const EbbRating *rating;
  Deleted *deleted;

  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rating = _ebb_patient_page_find_rating (self, rating_id);
  if (rating == NULL)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                   _("The rating is no longer there"));
      return FALSE;
    }

  deleted = deleted_new (self);
  deleted->rating = ebb_rating_copy (rating);
  if (!ebb_store_delete_rating (self->store, rating_id, error))
    {
      deleted_free (deleted);
      return FALSE;
    }

  {
    g_autofree char *day = _ebb_patient_page_format_day (deleted->rating->when.day, self->today);
    /* Translators: a toast with Undo, "MADRS 24 of Tue 3 Nov deleted" */
    g_autofree char *label = g_strdup_printf (_("%s %d of %s deleted"), deleted->rating->scale_id,
                                              deleted->rating->total, day);

    /* Names the rating: Undo should not be a guess at which one went. */
    ebb_patient_page_offer_undo (self, label, deleted);
  }
  return TRUE;
}

gboolean
ebb_patient_page_delete_session (EbbPatientPage  *self,
                                 gint64           session_id,
                                 GError         **error)
{
  const EbbSession *session;
  Deleted *deleted;

  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  session = _ebb_patient_page_find_session (self, session_id);
  if (session == NULL)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                   _("The session is no longer there"));
      return FALSE;
    }

  deleted = deleted_new (self);
  deleted->session = ebb_session_copy (session);
  if (!ebb_store_delete_session (self->store, session_id, error))
    {
      deleted_free (deleted);
      return FALSE;
    }

  {
    g_autofree char *day = _ebb_patient_page_format_day (deleted->session->when.day, self->today);
    /* Translators: a toast with Undo, "Session of Tue 3 Nov deleted" */
    g_autofree char *label = g_strdup_printf (_("Session of %s deleted"), day);

    ebb_patient_page_offer_undo (self, label, deleted);
  }
  return TRUE;
}

/**
 * ebb_patient_page_get_undo_stack:
 *
 * Returns: (transfer none): where the page's deletions are undone from
 */
EbbUndoStack *
ebb_patient_page_get_undo_stack (EbbPatientPage *self)
{
  EbbWindow *window;

  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  window = ebb_patient_page_get_window (self);
  if (window != NULL)
    return ebb_window_get_undo_stack (window);

  if (self->own_undo_stack == NULL)
    self->own_undo_stack = ebb_undo_stack_new ();
  return self->own_undo_stack;
}
