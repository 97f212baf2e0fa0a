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

  gtk_label_set_text (label, shown ? text : "");
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
