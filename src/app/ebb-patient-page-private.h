/* ebb-patient-page-private.h — what the patient page's files share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page composes section widgets, each with its own template:
 *
 *   EbbPatientStatus    code, name, status pill, next session, durability
 *   EbbFlagBanner       the most urgent open flag and what to do about it
 *   EbbChartSection     the chart, and the scale, % change and range it shows
 *   EbbFlagsSection     the flags, each with its "Why?" popover
 *   EbbRatingsSection,  the records, as tables (EbbRecordSection) or, on a
 *   EbbSessionsSection, narrow page, rows
 *   EbbAuditSection
 *
 * It reads the patient from the store, asks the core for what they show,
 * and takes their commands as page.* actions.  It is one class in several
 * files:
 *
 *   ebb-patient-page.c             the type, its template, reloading
 *   ebb-patient-page-trajectory.c  the status and the chart of the selected scale
 *   ebb-patient-page-flags.c       the flags and the banner
 *   ebb-patient-page-records.c     the records the tables list, and their dialogs
 *   ebb-patient-page-undo.c        deleting records and patients, undoably
 *   ebb-patient-page-decisions.c   decisions on flags and ends of courses
 *   ebb-patient-page-actions.c     the page.* commands
 */
#pragma once

#include "ebb-chart-section.h"
#include "ebb-flag-banner.h"
#include "ebb-flags.h"
#include "ebb-flags-section.h"
#include "ebb-patient-page.h"
#include "ebb-patient-status.h"
#include "ebb-ratings-section.h"
#include "ebb-session-clock.h"
#include "ebb-sessions-section.h"

G_BEGIN_DECLS

struct _EbbPatientPage
{
  GtkWidget            parent_instance;

  EbbStore            *store;
  gint64               patient_id;

  /* What was read for the patient at the last reload */
  EbbPatient          *patient;
  GPtrArray           *sessions;        /* EbbSession*, in time order */
  GPtrArray           *ratings;          /* EbbRating*, in time order */
  GPtrArray           *course_ends;     /* EbbCourseEnd* */
  GPtrArray           *decisions;       /* EbbDecision* */
  GPtrArray           *events;          /* EbbEvent*, by day: on the chart */
  EbbRuleSettings      rules;           /* the clinic's */
  gint32               today;

  const EbbScale      *scale;           /* the selected scale, or NULL when none is rated */
  EbbTrajectory       *trajectory;      /* of that scale */

  EbbUndoStack        *own_undo_stack;  /* outside an Ebb window only */

  /* When a row was last deleted from each table (monotonic µs) */
  gint64               last_rating_delete;
  gint64               last_session_delete;

  guint                heading_visible : 1;  /* the code and name are on screen */

  /* Template children */
  GtkStack            *stack;
  GtkScrolledWindow   *page_scroller;
  GtkStack            *records_stack;
  EbbPatientStatus    *status;
  EbbSessionClock     *session_clock;
  EbbFlagBanner       *banner;
  EbbChartSection     *chart_section;
  EbbFlagsSection     *flags_section;
  GtkWidget           *events_box;
  GtkListBox          *events_list;
  EbbRatingsSection   *ratings_section;
  GListStore          *ratings_store;
  EbbSessionsSection  *sessions_section;
  GListStore          *sessions_store;
  GListStore          *audit_store;
};

/* ebb-patient-page.c */
EbbPatientRecords _ebb_patient_page_get_records       (EbbPatientPage   *self);
GtkWindow        *_ebb_patient_page_get_parent        (EbbPatientPage   *self);
GSettings        *_ebb_patient_page_get_settings      (void);
void              _ebb_patient_page_show_error        (EbbPatientPage   *self,
                                                       const char       *what,
                                                       const GError     *error);

/* ebb-patient-page-trajectory.c */
void              _ebb_patient_page_init_trajectory   (EbbPatientPage   *self);
void              _ebb_patient_page_update_scales     (EbbPatientPage   *self,
                                                       gboolean          new_patient);
void              _ebb_patient_page_update_view       (EbbPatientPage   *self);
EbbChart         *_ebb_patient_page_make_chart        (EbbPatientPage   *self);
guint             _ebb_patient_page_count_ratings     (EbbPatientPage   *self,
                                                       const EbbScale   *scale);
gboolean          _ebb_patient_page_has_done_session  (EbbPatientPage   *self);
const EbbSession *_ebb_patient_page_next_booked       (EbbPatientPage   *self);
char             *_ebb_patient_page_format_day        (gint32            day,
                                                       gint32            today);

/* ebb-patient-page-flags.c */
void              _ebb_patient_page_update_flags      (EbbPatientPage   *self);
const EbbFlag    *_ebb_patient_page_get_lead_flag     (EbbPatientPage   *self);
char             *_ebb_patient_page_for_people        (EbbPatientPage   *self,
                                                       const char       *text);

/* ebb-patient-page-records.c */
void              _ebb_patient_page_update_records    (EbbPatientPage   *self);
const EbbRating  *_ebb_patient_page_find_rating       (EbbPatientPage   *self,
                                                       gint64            id);
const EbbSession *_ebb_patient_page_find_session      (EbbPatientPage   *self,
                                                       gint64            id);
void              _ebb_patient_page_edit_rating       (EbbPatientPage   *self,
                                                       gint64            id);
void              _ebb_patient_page_edit_session      (EbbPatientPage   *self,
                                                       gint64            id);
void              _ebb_patient_page_export_session_record (EbbPatientPage *self,
                                                           gint64          id);

/* ebb-patient-page-events.c */
void              _ebb_patient_page_update_events     (EbbPatientPage   *self);
void              _ebb_patient_page_delete_event      (EbbPatientPage   *self,
                                                       gint64            id);

/* ebb-patient-page-undo.c */
void              _ebb_patient_page_offer_undo_step        (EbbPatientPage *self,
                                                            const char     *label,
                                                            EbbUndoFunc     undo,
                                                            gpointer        data,
                                                            GDestroyNotify  destroy);
void              _ebb_patient_page_request_delete_rating  (EbbPatientPage *self,
                                                            gint64          id);
void              _ebb_patient_page_request_delete_session (EbbPatientPage *self,
                                                            gint64          id);

/* ebb-patient-page-actions.c */
void              _ebb_patient_page_class_add_actions (GtkWidgetClass   *widget_class);
void              _ebb_patient_page_update_actions    (EbbPatientPage   *self);

G_END_DECLS
