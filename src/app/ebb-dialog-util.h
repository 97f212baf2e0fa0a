/* ebb-dialog-util.h — what the entry dialogs share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-store.h"

G_BEGIN_DECLS

char *ebb_dialog_entry_text         (AdwEntryRow  *row);
void  ebb_dialog_show_field_message (GtkLabel     *label,
                                     GtkWidget    *row,
                                     const char   *text);
void  ebb_dialog_show_save_error    (GtkLabel     *label,
                                     GtkWidget    *row,
                                     const GError *error,
                                     char        **message);

GtkWidget *ebb_dialog_new_destructive_question   (GtkWindow  *parent,
                                                  const char *heading,
                                                  const char *body,
                                                  const char *safe,
                                                  const char *safe_label,
                                                  const char *destructive,
                                                  const char *destructive_label);
void       ebb_dialog_confirm_discard            (GtkWindow  *dialog,
                                                  const char *heading);
gboolean   ebb_dialog_confirm_discard_for_parent (GtkWindow  *parent);
void       ebb_dialog_watch_added_fields         (GtkWindow  *dialog,
                                                  GtkWidget  *widget);
void       ebb_dialog_mark_changed               (GtkWindow  *dialog);

char *ebb_dialog_patient_label      (const EbbPatient *patient);
void  ebb_dialog_show_patient       (AdwWindowTitle   *title,
                                     EbbStore         *store,
                                     gint64            patient_id);

G_END_DECLS
