/* ebb-patient-page-actions.c — what the page's commands do
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command is a public function, which the window's win.* actions
 * call.  The page's menus name those win.* actions rather than its own,
 * since a menu item shows the shortcut of the action it names and the
 * shortcuts are the window's.  The page.* actions are for the rest: the
 * buttons in the page, its banner, and its rows' menus.  They are installed in
 * class_init and enabled from _ebb_patient_page_update_actions() alone.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-export-ui.h"
#include "ebb-patient-dialog.h"
#include "ebb-patient-page-private.h"
#include "ebb-rating-dialog.h"
#include "ebb-record-items.h"
#include "ebb-session-dialog.h"

/* Callbacks ----------------------------------------------------------------- */

/* One callback per action, as GNOME Text Editor has them, each calling
 * the command it names: the page's own, or one of a record's, with the
 * record's id. */

#define PAGE_COMMAND(action_fn, page_fn)                                  \
  static void                                                             \
  action_fn (GtkWidget  *widget,                                          \
             const char *action_name,                                     \
             GVariant   *parameter)                                       \
  {                                                                       \
    page_fn (EBB_PATIENT_PAGE (widget));                                  \
  }

#define RECORD_COMMAND(action_fn, page_fn)                                \
  static void                                                             \
  action_fn (GtkWidget  *widget,                                          \
             const char *action_name,                                     \
             GVariant   *parameter)                                       \
  {                                                                       \
    page_fn (EBB_PATIENT_PAGE (widget), g_variant_get_int64 (parameter)); \
  }

PAGE_COMMAND (page_record_rating_action, ebb_patient_page_record_rating)
PAGE_COMMAND (page_record_session_action, ebb_patient_page_record_session)
PAGE_COMMAND (page_schedule_next_action, ebb_patient_page_schedule_next)
PAGE_COMMAND (page_edit_patient_action, ebb_patient_page_edit_patient)
PAGE_COMMAND (page_delete_patient_action, ebb_patient_page_delete_patient)
PAGE_COMMAND (page_end_course_action, ebb_patient_page_request_end_course)
PAGE_COMMAND (page_add_event_action, ebb_patient_page_request_add_event)

/* The rows' menus, their activation and the tables' Delete key */
RECORD_COMMAND (page_edit_rating_action, _ebb_patient_page_edit_rating)
RECORD_COMMAND (page_edit_session_action, _ebb_patient_page_edit_session)
RECORD_COMMAND (page_delete_rating_action, _ebb_patient_page_request_delete_rating)
RECORD_COMMAND (page_delete_session_action, _ebb_patient_page_request_delete_session)
RECORD_COMMAND (page_export_session_record_action, _ebb_patient_page_export_session_record)
RECORD_COMMAND (page_delete_event_action, _ebb_patient_page_delete_event)

/* page.record-decision, with the flag's kind, scale and day */
static void
page_record_decision_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  const char *kind_text, *scale_id;
  EbbFlagKind kind;
  gint32 day;

  g_variant_get (parameter, "(&s&si)", &kind_text, &scale_id, &day);
  if (ebb_flag_kind_from_string (kind_text, &kind))
    ebb_patient_page_request_decision (EBB_PATIENT_PAGE (widget), kind, scale_id, day);
}

/* Internal API -------------------------------------------------------------- */

void
_ebb_patient_page_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "page.record-rating", NULL, page_record_rating_action);
  gtk_widget_class_install_action (widget_class, "page.record-session", NULL, page_record_session_action);
  gtk_widget_class_install_action (widget_class, "page.schedule-next", NULL, page_schedule_next_action);
  gtk_widget_class_install_action (widget_class, "page.edit-patient", NULL, page_edit_patient_action);
  gtk_widget_class_install_action (widget_class, "page.delete-patient", NULL, page_delete_patient_action);
  gtk_widget_class_install_action (widget_class, "page.end-course", NULL, page_end_course_action);
  gtk_widget_class_install_action (widget_class, "page.add-event", NULL, page_add_event_action);
  gtk_widget_class_install_action (widget_class, "page.record-decision", "(ssi)", page_record_decision_action);
  gtk_widget_class_install_action (widget_class, "page.edit-rating", "x", page_edit_rating_action);
  gtk_widget_class_install_action (widget_class, "page.edit-session", "x", page_edit_session_action);
  gtk_widget_class_install_action (widget_class, "page.delete-rating", "x", page_delete_rating_action);
  gtk_widget_class_install_action (widget_class, "page.delete-event", "x", page_delete_event_action);
  gtk_widget_class_install_action (widget_class, "page.delete-session", "x", page_delete_session_action);
  gtk_widget_class_install_action (widget_class, "page.export-session-record", "x",
                                   page_export_session_record_action);
}

void
_ebb_patient_page_update_actions (EbbPatientPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean patient = self->patient != NULL;
  gboolean writable = patient && !ebb_store_is_read_only (self->store);

  gtk_widget_action_set_enabled (widget, "page.record-rating", writable);
  gtk_widget_action_set_enabled (widget, "page.record-session", writable);
  /* With nothing done yet, the first session is booked for today. */
  gtk_widget_action_set_enabled (widget, "page.schedule-next", writable);
  gtk_widget_action_set_enabled (widget, "page.edit-patient", writable);
  gtk_widget_action_set_enabled (widget, "page.delete-patient", writable);
  /* A record opens to be read in a clinic that cannot be written, too. */
  gtk_widget_action_set_enabled (widget, "page.edit-rating", patient);
  gtk_widget_action_set_enabled (widget, "page.edit-session", patient);
  gtk_widget_action_set_enabled (widget, "page.export-session-record", patient);
  gtk_widget_action_set_enabled (widget, "page.delete-rating", writable);
  gtk_widget_action_set_enabled (widget, "page.delete-event", writable);
  gtk_widget_action_set_enabled (widget, "page.delete-session", writable);
  gtk_widget_action_set_enabled (widget, "page.end-course", writable);
  gtk_widget_action_set_enabled (widget, "page.add-event", writable);
  gtk_widget_action_set_enabled (widget, "page.record-decision", writable);
}

/* Public API ---------------------------------------------------------------- */

void
ebb_patient_page_record_rating (EbbPatientPage *self)
{
  GSettings *settings = _ebb_patient_page_get_settings ();
  g_autofree char *fallback = NULL;
  const char *scale_id;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;

  /* The scale on screen, else the clinic's default. */
  if (self->scale != NULL)
    scale_id = self->scale->id;
  else if (settings != NULL)
    scale_id = fallback = g_settings_get_string (settings, "default-scale");
  else
    scale_id = self->patient->preferred_scale;

  gtk_window_present (GTK_WINDOW (ebb_rating_dialog_new (_ebb_patient_page_get_parent (self),
                                                         self->store, self->patient_id,
                                                         NULL, scale_id)));
}

void
ebb_patient_page_record_session (EbbPatientPage *self)
{
  g_autoptr(EbbSession) session = NULL;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;

  /* While the patient is in the chair, recording a session is adding to
   * that one (the 40-minute reading, the discharge), not starting a
   * second on the same day. */
  if (ebb_session_clock_get_open (self->session_clock))
    {
      _ebb_patient_page_edit_session (self, ebb_session_clock_get_session (self->session_clock)->id);
      return;
    }

  /* Most sessions repeat the last one's phase, route and dose: the last
   * one given, not one recorded as done ahead of its date. */
  for (guint i = self->sessions->len; i > 0; i--)
    {
      const EbbSession *last = g_ptr_array_index (self->sessions, i - 1);

      if (last->status == EBB_SESSION_DONE && last->when.day <= self->today)
        {
          g_autofree char *today = ebb_date_format (self->today);

          session = ebb_session_new ();
          session->patient_id = self->patient_id;
          session->status = EBB_SESSION_DONE;
          session->phase = last->phase;
          session->route = last->route;
          session->dose_mg = last->dose_mg;
          ebb_session_set_when (session, today, NULL);
          break;
        }
    }

  gtk_window_present (GTK_WINDOW (ebb_session_dialog_new (_ebb_patient_page_get_parent (self),
                                                          self->store, self->patient_id, session)));
}

/* "maintenance IV on Tue 1 Dec", with the time when it was booked with one */
static char *
describe_booking (EbbPatientPage   *self,
                  const EbbSession *booked)
{
  const char *phase = ebb_phase_to_label (booked->phase);
  g_autofree char *day = _ebb_patient_page_format_day (booked->when.day, self->today);

  if (EBB_WHEN_HAS_TIME (&booked->when))
    /* Translators: a booking, "maintenance IV on Tue 1 Dec at 10:00" */
    return g_strdup_printf (_("%s %s on %s at %02d:%02d"), phase, ebb_route_to_label (booked->route), day,
                            booked->when.second / 3600, booked->when.second / 60 % 60);
  /* Translators: a booking, "maintenance IV on Tue 1 Dec" */
  return g_strdup_printf (_("%s %s on %s"), phase, ebb_route_to_label (booked->route), day);
}

/**
 * ebb_patient_page_schedule_next:
 *
 * Opens the session dialog with the next maintenance session filled in
 * (see ebb_session_propose_next()), so that one click on Save books it.
 * When a session is already booked for today or later, opens that one
 * instead, saying so: a second booking made without noticing the first
 * is how a patient ends up booked twice.  Record Session still adds
 * another on purpose.
 */
void
ebb_patient_page_schedule_next (EbbPatientPage *self)
{
  g_autoptr(EbbSession) next = NULL;
  const EbbSession *booked;
  GtkWidget *dialog;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;

  booked = _ebb_patient_page_next_booked (self);
  if (booked != NULL)
    {
      g_autofree char *booking = describe_booking (self, booked);
      g_autofree char *heading = NULL;

      dialog = ebb_session_dialog_new (_ebb_patient_page_get_parent (self),
                                       self->store, self->patient_id, booked);
      /* The command's name, though it edits: that is what was asked for. */
      gtk_window_set_title (GTK_WINDOW (dialog), _("Schedule Session"));
      /* Translators: %s is a booking, "maintenance IV on Tue 1 Dec" */
      heading = g_strdup_printf (_("Already booked: %s"), booking);
      ebb_session_dialog_set_notice (EBB_SESSION_DIALOG (dialog), heading,
                                     _("Change its date here to move it. To book another session "
                                       "as well, use Record Session and set its status to Scheduled."));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  next = ebb_session_propose_next (self->sessions, self->patient_id, self->today);
  if (next == NULL)
    {
      g_autofree char *today = ebb_date_format (self->today);

      next = ebb_session_new ();
      next->patient_id = self->patient_id;
      next->status = EBB_SESSION_SCHEDULED;
      ebb_session_set_when (next, today, NULL);
    }

  dialog = ebb_session_dialog_new (_ebb_patient_page_get_parent (self),
                                   self->store, self->patient_id, next);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ebb_patient_page_edit_patient (EbbPatientPage *self)
{
  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;

  gtk_window_present (GTK_WINDOW (ebb_patient_dialog_new (_ebb_patient_page_get_parent (self),
                                                          self->store, self->patient)));
}

void
ebb_patient_page_export (EbbPatientPage *self)
{
  EbbChart *chart;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  chart = _ebb_patient_page_make_chart (self);
  if (chart == NULL)
    return;
  ebb_export_ui_chart (GTK_WIDGET (self), chart, self->patient->code,
                    ebb_chart_get_mode (chart) == EBB_CHART_MODE_SCORE ? self->scale->id : NULL);
}

void
ebb_patient_page_export_report (EbbPatientPage *self)
{
  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  if (self->patient == NULL)
    return;
  ebb_export_ui_report (GTK_WIDGET (self), self->store, self->patient_id,
                     self->scale != NULL ? self->scale->id : NULL);
}

void
ebb_patient_page_copy_chart (EbbPatientPage *self)
{
  g_autoptr(EbbChart) chart = NULL;

  g_return_if_fail (EBB_IS_PATIENT_PAGE (self));

  chart = _ebb_patient_page_make_chart (self);
  if (chart == NULL)
    return;
  ebb_export_ui_copy_chart (GTK_WIDGET (self), chart);
}
