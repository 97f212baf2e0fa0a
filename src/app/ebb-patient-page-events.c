/* ebb-patient-page-events.c — the patient's events, added from the page
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An event (issue 13: a medication changed, a hospitalisation, a suicide
 * attempt, a life event) is a day, a kind and a short text, drawn above
 * the chart.  Adding one is a record like the others: stored in one
 * transaction, audited, and undone from the toast; the page reloads from
 * the store's change notice, and the chart shows it.
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
