/* ebb-dialog-util.c — what the entry dialogs share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rating, session and patient dialogs check their fields as they
 * are typed in and show what is wrong under the field itself, with the
 * field's row marked; what the store refuses on Save is shown the same
 * way, and the dialog stays open so that nothing typed is lost.
 */
#define G_LOG_DOMAIN "ebb-dialog-util"

#include "config.h"

#include <glib/gi18n.h>

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
