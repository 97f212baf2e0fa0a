/* ebb-session-dialog.h — record, schedule or edit a treatment session
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-store.h"

G_BEGIN_DECLS

#define EBB_TYPE_SESSION_DIALOG (ebb_session_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EbbSessionDialog, ebb_session_dialog, EBB, SESSION_DIALOG, AdwWindow)

/* @session: a stored session to edit, a pre-filled new one (id 0), or
 * %NULL for a new done session today.  Emits "saved" (gint64 session id)
 * after storing, then closes; on a bad entry or a store error it stays
 * open with the field marked. */
GtkWidget  *ebb_session_dialog_new          (GtkWindow        *parent,
                                             EbbStore         *store,
                                             gint64            patient_id,
                                             const EbbSession *session);

/* The next maintenance session, ready to book: same route and dose as the
 * last done session, on its date plus the patient's usual maintenance
 * interval (the median gap between their done maintenance sessions, else
 * 14 days), and never before @today.  %NULL when nothing was done yet. */
EbbSession *ebb_session_propose_next        (GPtrArray        *sessions,
                                             gint64            patient_id,
                                             gint32            today);
int         ebb_session_maintenance_interval (GPtrArray       *sessions);

void        ebb_session_dialog_set_date     (EbbSessionDialog *self,
                                             const char       *text);
void        ebb_session_dialog_set_dose     (EbbSessionDialog *self,
                                             const char       *text);
void        ebb_session_dialog_set_notice   (EbbSessionDialog *self,
                                             const char       *heading,
                                             const char       *detail);
/* The notice shown above the fields, or %NULL */
const char *ebb_session_dialog_get_notice   (EbbSessionDialog *self);
gboolean    ebb_session_dialog_get_can_save (EbbSessionDialog *self);
const char *ebb_session_dialog_get_message  (EbbSessionDialog *self);

G_END_DECLS
