/* ebb-dialog-util.c — what the entry dialogs share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rating, session and patient dialogs check their fields as they
 * are typed in and show what is wrong under the field itself, with the
 * field's row marked; what the store refuses on Save is shown the same
 * way, and the dialog stays open so that nothing typed is lost.  For the
 * same reason, closing a dialog with something typed in asks first.
 */
#define G_LOG_DOMAIN "ebb-dialog-util"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-date-time-row.h"
#include "ebb-dialog-util.h"

/**
 * ebb_dialog_entry_text:
 * @row: an entry row
 *
 * Returns: (transfer full) (nullable): the row's text without leading
 *   and trailing white space, or %NULL when that leaves nothing
 */
char *
ebb_dialog_entry_text (AdwEntryRow *row)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (ADW_IS_ENTRY_ROW (row), NULL);

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* Messages name formats and dates ("use YYYY-MM-DD", "2026-13-01"), and
 * Pango may break a line after any hyphen: "YYYY-MM-" on one line and
 * "DD" on the next reads as a different format.  A word joiner after a
 * hyphen inside a word keeps the word whole without changing how it
 * looks or reads. */
static char *
keep_words_whole (const char *text)
{
  GString *kept = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_string_append_unichar (kept, g_utf8_get_char (p));
      if (*p == '-' && p > text && g_ascii_isalnum (p[-1]) && g_ascii_isalnum (p[1]))
        g_string_append_unichar (kept, 0x2060);
    }

  return g_string_free (kept, FALSE);
}

/**
 * ebb_dialog_show_field_message:
 * @label: the label under a field
 * @row: (nullable): the field's row, or %NULL for a message about no field
 * @text: (nullable): what is wrong, or %NULL (or "") when nothing is
 *
 * Shows @text under a field and marks the field's row, or clears both.
 */
void
ebb_dialog_show_field_message (GtkLabel   *label,
                               GtkWidget  *row,
                               const char *text)
{
  gboolean shown = text != NULL && *text != '\0';

  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (row == NULL || GTK_IS_WIDGET (row));

  if (shown)
    {
      g_autofree char *kept = keep_words_whole (text);

      gtk_label_set_text (label, kept);
    }
  else
    gtk_label_set_text (label, "");
  gtk_widget_set_visible (GTK_WIDGET (label), shown);
  if (row == NULL)
    return;
  if (shown)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/**
 * ebb_dialog_show_save_error:
 * @label: where to show the error
 * @row: (nullable): the field it is about, if any
 * @error: why Save failed
 * @message: (inout) (transfer full): the dialog's message, replaced by
 *   the error's
 *
 * Shows why Save failed, as ebb_dialog_show_field_message() does, and
 * keeps the text as the dialog's current message.
 */
void
ebb_dialog_show_save_error (GtkLabel      *label,
                            GtkWidget     *row,
                            const GError  *error,
                            char         **message)
{
  g_return_if_fail (error != NULL);
  g_return_if_fail (message != NULL);

  ebb_dialog_show_field_message (label, row, error->message);
  g_free (*message);
  *message = g_strdup (error->message);
}

/**
 * ebb_dialog_new_destructive_question:
 * @parent: the window it asks over
 * @heading: the question
 * @body: (nullable): what follows from each answer, or %NULL to format it
 *   later with adw_message_dialog_format_body()
 * @safe: the response id of the answer that loses nothing
 * @safe_label: its button, "_Cancel"
 * @destructive: the response id of the other answer
 * @destructive_label: its button, "_Delete"
 *
 * A question with a destructive answer, as the GNOME guidelines have it:
 * that answer marked as such, the safe one the default and what Escape
 * gives.
 *
 * Returns: (transfer none): the question, not yet shown
 */
GtkWidget *
ebb_dialog_new_destructive_question (GtkWindow  *parent,
                                     const char *heading,
                                     const char *body,
                                     const char *safe,
                                     const char *safe_label,
                                     const char *destructive,
                                     const char *destructive_label)
{
  GtkWidget *question = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (question),
                                    safe, safe_label,
                                    destructive, destructive_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (question), destructive,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (question), safe);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (question), safe);
  return question;
}

/* Closing with unsaved input ------------------------------------------------ */

#define DISCARD_GUARD "ebb-discard-guard"

typedef struct
{
  char      *heading;
  gboolean   changed;    /* a field changed since the dialog was filled in */
  gboolean   discarding; /* the user chose to discard: close without asking */
  GtkWidget *question;   /* (weak) while the question is up */
} DiscardGuard;

static void
discard_guard_free (gpointer data)
{
  DiscardGuard *guard = data;

  if (guard->question != NULL)
    g_object_remove_weak_pointer (G_OBJECT (guard->question), (gpointer *) &guard->question);
  g_free (guard->heading);
  g_free (guard);
}

static void
field_changed_cb (GtkWindow *dialog)
{
  DiscardGuard *guard = g_object_get_data (G_OBJECT (dialog), DISCARD_GUARD);

  if (guard != NULL)
    guard->changed = TRUE;
}

/* Every field of a dialog, however it is built: entries, spin buttons and
 * the text inside rows are editables; combo rows and drop-downs change
 * their selection; switches (an expander row's too), check buttons and
 * toggle buttons (a choice among a few) their state.  Labels and other
 * buttons change nothing.  A date row is one field: its popovers' entry
 * and spin buttons are set as they open, which changes nothing. */
static void
watch_fields (GtkWidget *widget,
              GtkWindow *dialog)
{
  const char *signal = NULL;

  if (EBB_IS_DATE_TIME_ROW (widget))
    {
      g_signal_connect_object (widget, "notify::text", G_CALLBACK (field_changed_cb), dialog, G_CONNECT_SWAPPED);
      return;
    }
  if (GTK_IS_EDITABLE (widget))
    signal = "changed";
  else if (ADW_IS_COMBO_ROW (widget) || GTK_IS_DROP_DOWN (widget))
    signal = "notify::selected";
  else if (GTK_IS_SWITCH (widget) || GTK_IS_CHECK_BUTTON (widget) || GTK_IS_TOGGLE_BUTTON (widget))
    signal = "notify::active";
  if (signal != NULL)
    g_signal_connect_object (widget, signal, G_CALLBACK (field_changed_cb), dialog, G_CONNECT_SWAPPED);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_fields (child, dialog);
}

static gboolean
close_discarding (gpointer data)
{
  GtkWindow *dialog = data;
  DiscardGuard *guard = g_object_get_data (G_OBJECT (dialog), DISCARD_GUARD);

  guard->discarding = TRUE;
  gtk_window_close (dialog);
  return G_SOURCE_REMOVE;
}

/* The dialog closes once the question has gone: GTK 4.8 lets go of a
 * window's transient parent as the window is disposed, and a parent
 * destroyed while its question answers would be gone by then. */
static void
discard_response_cb (GtkWindow *dialog)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_discarding, g_object_ref (dialog), g_object_unref);
}

static gboolean
close_request_cb (GtkWindow    *dialog,
                  DiscardGuard *guard)
{
  GtkWidget *question;

  if (!guard->changed || guard->discarding)
    return FALSE;
  /* Asked already: Escape again, or the main window closing, does not
   * stack a second question. */
  if (guard->question != NULL)
    {
      gtk_window_present (GTK_WINDOW (guard->question));
      return TRUE;
    }

  /* Enter and Escape both keep what was typed. */
  question = ebb_dialog_new_destructive_question (dialog, guard->heading,
                                                  _("What you entered has not been saved."),
                                                  "keep", _("_Keep Editing"),
                                                  "discard", _("_Discard"));
  g_signal_connect_object (question, "response::discard",
                           G_CALLBACK (discard_response_cb), dialog, G_CONNECT_SWAPPED);
  guard->question = question;
  g_object_add_weak_pointer (G_OBJECT (question), (gpointer *) &guard->question);
  gtk_window_present (GTK_WINDOW (question));
  return TRUE;
}

/**
 * ebb_dialog_confirm_discard:
 * @dialog: an entry dialog whose fields hold what it opened with
 * @heading: the question, e.g. "Discard This Rating?"
 *
 * From now on, a change to any field of @dialog makes closing it (Cancel,
 * Escape, the window's close button) ask whether to discard what was
 * entered; a rating's ten items are too much to lose to a stray Escape.
 * Saving destroys the dialog without asking.
 */
void
ebb_dialog_confirm_discard (GtkWindow  *dialog,
                            const char *heading)
{
  DiscardGuard *guard;

  g_return_if_fail (GTK_IS_WINDOW (dialog));
  g_return_if_fail (heading != NULL);

  guard = g_new0 (DiscardGuard, 1);
  guard->heading = g_strdup (heading);
  /* Freed when the dialog is finalized, after its fields: a spin button
   * may still take its text as the dialog is torn down. */
  g_object_set_data_full (G_OBJECT (dialog), DISCARD_GUARD, guard, discard_guard_free);
  watch_fields (GTK_WIDGET (dialog), dialog);
  g_signal_connect (dialog, "close-request", G_CALLBACK (close_request_cb), guard);
}

/**
 * ebb_dialog_watch_added_fields:
 * @dialog: a dialog given to ebb_dialog_confirm_discard()
 * @widget: fields added to it since, such as a row of a list
 *
 * Adding the fields is a change to discard, and so is a change to any of
 * them from now on.
 */
void
ebb_dialog_watch_added_fields (GtkWindow *dialog,
                               GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WINDOW (dialog));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  field_changed_cb (dialog);
  watch_fields (widget, dialog);
}

/**
 * ebb_dialog_mark_changed:
 * @dialog: a dialog given to ebb_dialog_confirm_discard()
 *
 * Something not in a field changed, such as a row removed from a list:
 * closing the dialog asks.
 */
void
ebb_dialog_mark_changed (GtkWindow *dialog)
{
  g_return_if_fail (GTK_IS_WINDOW (dialog));

  field_changed_cb (dialog);
}

/**
 * ebb_dialog_confirm_discard_for_parent:
 * @parent: a window about to close
 *
 * An entry dialog is destroyed with its window; before the window goes,
 * one with unsaved input is shown and asks (see
 * ebb_dialog_confirm_discard()).
 *
 * Returns: %TRUE when a dialog of @parent asks: @parent should stay open
 */
gboolean
ebb_dialog_confirm_discard_for_parent (GtkWindow *parent)
{
  g_autoptr(GList) toplevels = NULL;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), FALSE);

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      GtkWindow *dialog = l->data;
      DiscardGuard *guard = g_object_get_data (G_OBJECT (dialog), DISCARD_GUARD);

      if (guard != NULL && guard->changed && !guard->discarding &&
          gtk_window_get_transient_for (dialog) == parent)
        {
          gtk_window_present (dialog);
          gtk_window_close (dialog);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * ebb_dialog_patient_label:
 * @patient: a patient
 *
 * Returns: (transfer full): who a dialog is about, "K-0042 · Jane Doe",
 *   or the code alone when the patient has no name
 */
char *
ebb_dialog_patient_label (const EbbPatient *patient)
{
  g_return_val_if_fail (patient != NULL, NULL);

  if (patient->name == NULL || *patient->name == '\0')
    return g_strdup (patient->code != NULL ? patient->code : "");
  /* Translators: a dialog's subtitle, the patient's code and name */
  return g_strdup_printf (_("%s · %s"), patient->code != NULL ? patient->code : "", patient->name);
}

/**
 * ebb_dialog_show_patient:
 * @title: a dialog's title widget
 * @store: the clinic database
 * @patient_id: the patient the dialog is about
 *
 * Names the patient under the dialog's title: a rating saved to the wrong
 * patient is a clinical error, so the dialog says whose record it is.
 */
void
ebb_dialog_show_patient (AdwWindowTitle *title,
                         EbbStore       *store,
                         gint64          patient_id)
{
  g_autoptr(EbbPatient) patient = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (ADW_IS_WINDOW_TITLE (title));
  g_return_if_fail (EBB_IS_STORE (store));

  patient = ebb_store_get_patient (store, patient_id, NULL);
  if (patient != NULL)
    label = ebb_dialog_patient_label (patient);
  adw_window_title_set_subtitle (title, label);
}
