/* ebb-patient-page-events.c — the patient's events, added from the page
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An event (issue 13: a medication changed, a hospitalisation, a suicide
 * attempt, a life event) is a day, a kind and a short text, drawn above
 * the chart and listed under the flags.  Adding or deleting one is a
 * change like the others: stored in one transaction, audited, and undone
 * from the toast; the page reloads from the store's change notice.  A
 * wrong event would otherwise stay on every chart and report.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-patient-page-private.h"

/* The kinds in the dialog's order: the most frequent first. */
static const EbbEventKind event_kinds[] = {
  EBB_EVENT_MEDICATION,
  EBB_EVENT_LIFE_EVENT,
  EBB_EVENT_HOSPITALISATION,
  EBB_EVENT_SUICIDE_ATTEMPT,
  EBB_EVENT_OTHER,
};

/* Undo ---------------------------------------------------------------------- */

typedef struct
{
  EbbStore *store;
  gint64    id;
} AddedEvent;

static void
added_event_free (AddedEvent *added)
{
  g_clear_object (&added->store);
  g_free (added);
}

static gboolean
undo_added_event (gpointer   data,
                  GError   **error)
{
  AddedEvent *added = data;

  return ebb_store_delete_event (added->store, added->id, error);
}

typedef struct
{
  EbbStore *store;
  EbbEvent *event;   /* as it was, to be added again */
} DeletedEvent;

static void
deleted_event_free (DeletedEvent *deleted)
{
  g_clear_object (&deleted->store);
  g_clear_pointer (&deleted->event, ebb_event_free);
  g_free (deleted);
}

static gboolean
undo_deleted_event (gpointer   data,
                    GError   **error)
{
  DeletedEvent *deleted = data;
  g_autoptr(EbbEvent) again = ebb_event_copy (deleted->event);

  again->id = 0;
  return ebb_store_add_event (deleted->store, again, error);
}

/* The list ------------------------------------------------------------------ */

/* Newest first: the list is read for what happened lately. */
static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const EbbEvent *x = *(const EbbEvent * const *) a;
  const EbbEvent *y = *(const EbbEvent * const *) b;

  return x->day != y->day ? (x->day > y->day ? -1 : 1) : (x->id > y->id ? -1 : x->id < y->id);
}

void
_ebb_patient_page_update_events (EbbPatientPage *self)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->events_list))) != NULL)
    gtk_list_box_remove (self->events_list, child);

  for (guint i = 0; self->events != NULL && i < self->events->len; i++)
    g_ptr_array_add (shown, g_ptr_array_index (self->events, i));
  g_ptr_array_sort (shown, compare_newest_first);

  for (guint i = 0; i < shown->len; i++)
    {
      const EbbEvent *event = g_ptr_array_index (shown, i);
      g_autofree char *day = _ebb_patient_page_format_day (event->day, self->today);
      /* Translators: an event's row, "Sat 14 Nov · hospitalisation" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), day, ebb_event_kind_to_label (event->kind));
      g_autofree char *escaped = g_markup_escape_text (event->text, -1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (delete, "flat");
      gtk_widget_set_tooltip_text (delete, _("Delete Event"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "page.delete-event");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "x", event->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);
      if (ebb_event_kind_is_alarm (event->kind))
        gtk_widget_add_css_class (row, "error");
      gtk_list_box_append (self->events_list, row);
    }
  gtk_widget_set_visible (self->events_box, shown->len > 0);
}

/**
 * _ebb_patient_page_delete_event:
 * @id: one of the patient's events
 *
 * Deletes the event, with Undo, which adds it again as it was.
 */
void
_ebb_patient_page_delete_event (EbbPatientPage *self,
                                gint64          id)
{
  g_autoptr(GError) error = NULL;
  const EbbEvent *event = NULL;
  DeletedEvent *deleted;

  for (guint i = 0; self->events != NULL && i < self->events->len && event == NULL; i++)
    if (((const EbbEvent *) g_ptr_array_index (self->events, i))->id == id)
      event = g_ptr_array_index (self->events, i);
  if (event == NULL)
    return;

  deleted = g_new0 (DeletedEvent, 1);
  deleted->store = g_object_ref (self->store);
  deleted->event = ebb_event_copy (event);
  if (!ebb_store_delete_event (self->store, id, &error))
    {
      deleted_event_free (deleted);
      _ebb_patient_page_show_error (self, _("Could not delete the event"), error);
      return;
    }
  {
    g_autofree char *date = _ebb_patient_page_format_day (deleted->event->day, self->today);
    /* Translators: a toast with Undo, "Event of Sat 14 Nov deleted" */
    g_autofree char *label = g_strdup_printf (_("Event of %s deleted"), date);

    _ebb_patient_page_offer_undo_step (self, label, undo_deleted_event, deleted,
                                       (GDestroyNotify) deleted_event_free);
  }
}

/* Public API ---------------------------------------------------------------- */

/**
 * ebb_patient_page_add_event:
 * @day: the day it happened
 * @kind: what kind of event
 * @text: what happened, at most %EBB_EVENT_TEXT_MAX characters
 *
 * Records an event of the patient's as the dialog does, with Undo.
 *
 * Returns: %TRUE when stored; else the store's error
 *   (%EBB_STORE_ERROR_CONSTRAINT for an empty or too long text)
 */
gboolean
ebb_patient_page_add_event (EbbPatientPage  *self,
                            gint32           day,
                            EbbEventKind     kind,
                            const char      *text,
                            GError         **error)
{
  g_autoptr(EbbEvent) event = NULL;
  AddedEvent *added;

  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), FALSE);
  g_return_val_if_fail (self->patient != NULL, FALSE);

  event = ebb_event_new ();
  event->patient_id = self->patient_id;
  event->day = day;
  event->kind = kind;
  event->text = g_strdup (text);
  if (!ebb_store_add_event (self->store, event, error))
    return FALSE;

  added = g_new0 (AddedEvent, 1);
  added->store = g_object_ref (self->store);
  added->id = event->id;
  {
    g_autofree char *date = _ebb_patient_page_format_day (day, self->today);
    /* Translators: a toast with Undo, "Event added on Sat 14 Nov" */
    g_autofree char *label = g_strdup_printf (_("Event added on %s"), date);

    _ebb_patient_page_offer_undo_step (self, label, undo_added_event, added,
                                       (GDestroyNotify) added_event_free);
  }
  return TRUE;
}

/* The dialog ---------------------------------------------------------------- */

/* The day typed, when it is a day on or before today: an event is what
 * happened, not what is planned. */
static gint32
event_day_from_entry (GtkEditable *entry)
{
  gint32 day = ebb_date_parse_day (gtk_editable_get_text (entry), NULL);

  return day > 0 && day <= ebb_date_today () ? day : 0;
}

static void
event_fields_changed_cb (AdwMessageDialog *dialog)
{
  GtkEditable *day = g_object_get_data (G_OBJECT (dialog), "ebb-day");
  GtkEditable *text = g_object_get_data (G_OBJECT (dialog), "ebb-text");
  g_autofree char *words = g_strstrip (g_strdup (gtk_editable_get_text (text)));
  gboolean day_valid = event_day_from_entry (day) > 0;

  adw_message_dialog_set_response_enabled (dialog, "add", day_valid && *words != '\0');
  if (day_valid)
    gtk_widget_remove_css_class (GTK_WIDGET (day), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (day), "error");
}

static void
event_response_cb (EbbPatientPage   *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  GtkEditable *day = g_object_get_data (G_OBJECT (dialog), "ebb-day");
  GtkDropDown *kind = g_object_get_data (G_OBJECT (dialog), "ebb-kind");
  GtkEditable *text = g_object_get_data (G_OBJECT (dialog), "ebb-text");
  g_autoptr(GError) error = NULL;
  guint selected;

  if (!g_str_equal (response, "add") || self->patient == NULL)
    return;
  selected = gtk_drop_down_get_selected (kind);
  if (!ebb_patient_page_add_event (self, event_day_from_entry (day),
                                   selected < G_N_ELEMENTS (event_kinds) ? event_kinds[selected]
                                                                         : EBB_EVENT_OTHER,
                                   gtk_editable_get_text (text), &error))
    _ebb_patient_page_show_error (self, _("Could not add the event"), error);
}

static GtkWidget *
field_label (GtkWidget  *box,
             const char *mnemonic,
             gboolean    first)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (!first)
    gtk_widget_set_margin_top (label, 6);
  gtk_box_append (GTK_BOX (box), label);
  return label;
}

/**
 * ebb_patient_page_request_add_event:
 *
 * Asks for an event's day (today unless typed), kind and text, and adds
 * it.
 *
 * Returns: (transfer none): the dialog, presented; %NULL when no patient
 *   is shown
 */
GtkWidget *
ebb_patient_page_request_add_event (EbbPatientPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autofree char *today = ebb_date_format (ebb_date_today ());
  GtkWidget *dialog, *box, *day, *kind, *text, *label;

  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);
  if (self->patient == NULL)
    return NULL;

  dialog = adw_message_dialog_new (_ebb_patient_page_get_parent (self), _("Add Event"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Something that happened to %s, shown above the chart on its day: "
                                    "a medication changed, a stay in hospital, a life event."),
                                  self->patient->code);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = field_label (box, _("_Day"), TRUE);
  day = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (day), today);
  gtk_entry_set_placeholder_text (GTK_ENTRY (day), _("YYYY-MM-DD"));
  gtk_entry_set_activates_default (GTK_ENTRY (day), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), day);
  gtk_box_append (GTK_BOX (box), day);

  label = field_label (box, _("_Kind"), FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (event_kinds); i++)
    gtk_string_list_append (kinds, ebb_event_kind_to_label (event_kinds[i]));
  kind = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kinds)), NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), kind);
  gtk_box_append (GTK_BOX (box), kind);

  label = field_label (box, _("_What happened"), FALSE);
  text = gtk_entry_new ();
  /* The store's limit, in characters, as the entry counts them. */
  gtk_entry_set_max_length (GTK_ENTRY (text), EBB_EVENT_TEXT_MAX);
  gtk_entry_set_placeholder_text (GTK_ENTRY (text), _("e.g. sertraline raised to 100 mg"));
  gtk_entry_set_activates_default (GTK_ENTRY (text), TRUE);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), text);
  gtk_box_append (GTK_BOX (box), text);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "add", _("_Add Event"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "add");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* Nothing to add until it says what happened. */
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add", FALSE);

  g_object_set_data (G_OBJECT (dialog), "ebb-day", day);
  g_object_set_data (G_OBJECT (dialog), "ebb-kind", kind);
  g_object_set_data (G_OBJECT (dialog), "ebb-text", text);
  g_signal_connect_object (day, "notify::text", G_CALLBACK (event_fields_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (text, "notify::text", G_CALLBACK (event_fields_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (event_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (text);
  return dialog;
}
