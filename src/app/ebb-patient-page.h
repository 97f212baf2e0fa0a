/* ebb-patient-page.h — one patient: header, chart, flags and records
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-course-end.h"
#include "ebb-flag-kind.h"
#include "ebb-store.h"
#include "ebb-undo-stack.h"

G_BEGIN_DECLS

#define EBB_TYPE_PATIENT_PAGE (ebb_patient_page_get_type ())
G_DECLARE_FINAL_TYPE (EbbPatientPage, ebb_patient_page, EBB, PATIENT_PAGE, GtkWidget)

GtkWidget    *ebb_patient_page_new             (void);
/* @patient_id: 0 for none.  The page reloads on the store's "changed". */
void          ebb_patient_page_set_patient     (EbbPatientPage *self,
                                                EbbStore       *store,
                                                gint64          patient_id);
gint64        ebb_patient_page_get_patient_id  (EbbPatientPage *self);

/* Commands; the window's actions (win.record-rating, win.export …)
 * forward to these.  Each does nothing when no patient is shown. */
void          ebb_patient_page_record_rating      (EbbPatientPage  *self);
void          ebb_patient_page_record_session     (EbbPatientPage  *self);
void          ebb_patient_page_schedule_next      (EbbPatientPage  *self);
void          ebb_patient_page_edit_patient       (EbbPatientPage  *self);
void          ebb_patient_page_delete_patient     (EbbPatientPage  *self);
void          ebb_patient_page_request_end_course (EbbPatientPage  *self);
gboolean      ebb_patient_page_end_course         (EbbPatientPage  *self,
                                                   gint32           day,
                                                   EbbEndReason     reason,
                                                   GError         **error);
GtkWidget    *ebb_patient_page_request_add_event  (EbbPatientPage  *self);
gboolean      ebb_patient_page_add_event          (EbbPatientPage  *self,
                                                   gint32           day,
                                                   EbbEventKind     kind,
                                                   const char      *text,
                                                   GError         **error);
void          ebb_patient_page_request_decision   (EbbPatientPage  *self,
                                                   EbbFlagKind      kind,
                                                   const char      *scale_id,
                                                   gint32           day);
gboolean      ebb_patient_page_decide             (EbbPatientPage  *self,
                                                   EbbFlagKind      kind,
                                                   const char      *scale_id,
                                                   gint32           day,
                                                   const char      *note,
                                                   GError         **error);
void          ebb_patient_page_export             (EbbPatientPage  *self);
void          ebb_patient_page_export_report      (EbbPatientPage  *self);
void          ebb_patient_page_copy_chart         (EbbPatientPage  *self);

/* Deleting one record, audited and undoable (what the rows' buttons do) */
gboolean      ebb_patient_page_delete_rating   (EbbPatientPage  *self,
                                                gint64           rating_id,
                                                GError         **error);
gboolean      ebb_patient_page_delete_session  (EbbPatientPage  *self,
                                                gint64           session_id,
                                                GError         **error);

/* What the page shows, for the window and for tests */
const char   *ebb_patient_page_get_scale_id        (EbbPatientPage *self);
const char   *ebb_patient_page_get_status_text     (EbbPatientPage *self);
guint         ebb_patient_page_get_n_flags         (EbbPatientPage *self);
const char   *ebb_patient_page_get_flag_text       (EbbPatientPage *self,
                                                    guint           index);
const char   *ebb_patient_page_get_flag_title      (EbbPatientPage *self,
                                                    guint           index);
const char   *ebb_patient_page_get_banner_text     (EbbPatientPage *self);
gboolean      ebb_patient_page_get_heading_visible (EbbPatientPage *self);
gboolean      ebb_patient_page_get_narrow          (EbbPatientPage *self);
GListModel   *ebb_patient_page_get_ratings         (EbbPatientPage *self);
GListModel   *ebb_patient_page_get_sessions        (EbbPatientPage *self);
GtkWidget    *ebb_patient_page_get_chart_view      (EbbPatientPage *self);
/* The window's undo stack, or the page's own outside an Ebb window */
EbbUndoStack *ebb_patient_page_get_undo_stack  (EbbPatientPage *self);

G_END_DECLS
