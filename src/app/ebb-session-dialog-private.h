/* ebb-session-dialog-private.h — what the Record Session dialog's files share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-date-time-row.h"
#include "ebb-reading-row.h"
#include "ebb-session-clock.h"
#include "ebb-session-dialog.h"

G_BEGIN_DECLS

#define MINUTES_MAX (24 * 60)

/* The sedation row: the levels, then MOAA/S 5 down to 0 */
#define SEDATION_MOAAS_FIRST 5

/* The respiratory depression row */
enum { RESPIRATORY_NOT_RECORDED, RESPIRATORY_NONE, RESPIRATORY_LOWEST };

struct _EbbSessionDialog
{
  AdwWindow       parent_instance;

  EbbStore       *store;
  gint64          patient_id;
  EbbSession     *editing;        /* the stored session being edited, or NULL */
  GPtrArray      *medicines;      /* the patient's (EbbMedicine) */
  GPtrArray      *ratings;        /* the patient's (EbbRating), for the CADSS of the day */
  GArray         *removed;        /* ids of stored readings removed (gint64) */
  gint32          medicines_day;  /* the day the medicines shown are of, or -1 */

  char           *message;
  guint           can_save : 1;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkWidget      *notice_box;
  GtkLabel       *notice_label;
  GtkLabel       *notice_detail;
  GtkLabel       *store_message;
  EbbDateTimeRow *date_row;
  AdwComboRow    *status_row;
  GtkLabel       *date_message;
  AdwPreferencesGroup *medicines_group;
  GPtrArray      *medicine_rows;
  AdwComboRow    *drug_row;
  AdwComboRow    *route_row;
  AdwEntryRow    *dose_row;
  AdwEntryRow    *duration_row;
  AdwComboRow    *phase_row;
  AdwEntryRow    *lot_row;
  AdwComboRow    *vitals_before_row;
  AdwEntryRow    *dose_time_row;
  GtkLabel       *dose_message;
  GtkLabel       *dose_warning;
  EbbSessionClock *session_clock;
  GtkScrolledWindow *scroller;
  GtkWidget      *scroll_row;     /* the reading to bring into sight, or NULL */
  guint           scroll_tick;
  GtkListBox     *readings_list;
  GtkLabel       *readings_message;
  AdwComboRow    *sedation_row;
  AdwComboRow    *sedation_resolved_row;
  AdwComboRow    *dissociation_row;
  AdwComboRow    *dissociation_resolved_row;
  AdwComboRow    *respiratory_row;
  AdwEntryRow    *respiratory_spo2_row;
  AdwComboRow    *respiratory_resolved_row;
  GtkCheckButton *nausea_check;
  GtkCheckButton *vomiting_check;
  GtkCheckButton *headache_check;
  GtkCheckButton *dizziness_check;
  GtkCheckButton *anxiety_check;
  GtkCheckButton *raised_bp_check;
  GtkCheckButton *other_check;
  AdwEntryRow    *other_effect_row;
  GtkLabel       *effects_message;
  AdwEntryRow    *ready_row;
  AdwComboRow    *vitals_discharge_row;
  AdwComboRow    *transport_row;
  AdwEntryRow    *discharge_time_row;
  AdwEntryRow    *monitored_by_row;
  AdwEntryRow    *note_row;
  GtkLabel       *monitored_label;
  GtkLabel       *early_notice;
  GtkLabel       *discharge_message;
  GtkWidget      *save_button;
};

/* ebb-session-dialog-form.c: the fields to a session and back */
EbbSession    *_ebb_session_dialog_read_form          (EbbSessionDialog *self,
                                                       GPtrArray        *readings,
                                                       char            **first,
                                                       gboolean         *incomplete);
void           _ebb_session_dialog_fill               (EbbSessionDialog *self,
                                                       const EbbSession *session);
GList         *_ebb_session_dialog_reading_rows       (EbbSessionDialog *self);

/* ebb-session-dialog.c */
EbbReadingRow *_ebb_session_dialog_append_reading_row (EbbSessionDialog *self);

G_END_DECLS
