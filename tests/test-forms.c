/* test-forms.c — the entry dialogs' fields, under Xvfb
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issue 18: a date is picked from a calendar or typed as Ebb stores it,
 * with a time from spin buttons; blood pressure is one field, "128/82";
 * the year of birth is a checked number; the rating dialog shows the
 * patient's baseline and last score beside the total; Preferences give
 * each value its unit and a reset.
 *
 * Key presses cannot be made in a test: each key is checked to be bound
 * to its action, and the action is then activated as the key would.
 */
#include "config.h"

#include <libglib-testing/signal-logger.h>

#include "ebb-clinic-rules-page.h"
#include "ebb-date-time-row.h"
#include "ebb-patient-dialog.h"
#include "ebb-rating-dialog.h"
#include "ebb-reading-row.h"
#include "ebb-session-clock.h"
#include "ebb-session-watch.h"
#include "ebb-session-dialog.h"
#include "ebb-test-utils.h"
#include "ebb-test-widgets.h"

typedef struct
{
  EbbTestClinic   clinic;
  EbbStore       *store;
  gint64          patient_id;
  GtkWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-0042", "Test Patient");
  g_autoptr(GError) error = NULL;

  ebb_test_clinic_set_up (&fixture->clinic, NULL);
  fixture->store = ebb_store_open (fixture->clinic.path, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_true (ebb_store_add_patient (fixture->store, patient, &error));
  g_assert_no_error (error);
  fixture->patient_id = patient->id;
  fixture->window = GTK_WINDOW (gtk_window_new ());
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (fixture->window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->store);
  ebb_test_clinic_tear_down (&fixture->clinic, NULL);
}

static void
show_and_wait (GtkWidget *widget)
{
  gtk_window_present (GTK_WINDOW (gtk_widget_get_root (widget)));
  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);
  gtk_test_widget_wait_for_draw (widget);
}

static gpointer
row_child (EbbDateTimeRow *row,
           const char     *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (row), EBB_TYPE_DATE_TIME_ROW, name);

  g_assert_nonnull (child);
  return child;
}

static gboolean
has_focus_on (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

static void
wait_until_mapped (GtkWidget *widget,
                   gboolean   mapped)
{
  while (gtk_widget_get_mapped (widget) != mapped)
    g_main_context_iteration (NULL, TRUE);
}

/* The action a key is bound to on @widget, or %NULL */
static const char *
action_for_key (GtkWidget  *widget,
                const char *key)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *triggers = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          g_auto(GStrv) keys = g_strsplit (triggers, "|", -1);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (g_strv_contains ((const char * const *) keys, key) && GTK_IS_NAMED_ACTION (action))
            return gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
        }
    }
  return NULL;
}

static char *
calendar_text (EbbDateTimeRow *row)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (row_child (row, "calendar"));

  return g_date_time_format (date, "%Y-%m-%d");
}

static EbbDateTimeRow *
shown_row (Fixture *fixture)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = ebb_date_time_row_new ();

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  gtk_window_set_child (fixture->window, group);
  show_and_wait (row);
  return EBB_DATE_TIME_ROW (row);
}

static void
open_date (EbbDateTimeRow *row)
{
  ebb_date_time_row_open_date (row);
  wait_until_mapped (row_child (row, "calendar"), TRUE);
}

static void
open_time (EbbDateTimeRow *row)
{
  ebb_date_time_row_open_time (row);
  wait_until_mapped (row_child (row, "hour_spin"), TRUE);
}

/* Dates as people read them, and the text as Ebb stores it */
static void
test_date_row_words (void)
{
  EbbDateTimeRow *row = g_object_ref_sink (EBB_DATE_TIME_ROW (ebb_date_time_row_new ()));
  g_autofree char *today = ebb_date_format (ebb_date_today ());
  EbbWhen when;

  /* Today, with no time, to begin with */
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, today);
  g_assert_cmpstr (ebb_date_time_row_get_time_label (row), ==, "--:--");

  ebb_date_time_row_set_text (row, "2026-12-15");
  g_assert_cmpstr (ebb_date_time_row_get_date_label (row), ==, "Tue 15 Dec 2026");
  g_assert_cmpstr (ebb_date_time_row_get_time_label (row), ==, "--:--");
  g_assert_cmpstr (gtk_label_get_text (row_child (row, "date_label")), ==, "Tue 15 Dec 2026");

  ebb_date_time_row_set_text (row, "2027-01-04T14:30");
  g_assert_cmpstr (ebb_date_time_row_get_date_label (row), ==, "Mon 4 Jan 2027");
  g_assert_cmpstr (ebb_date_time_row_get_time_label (row), ==, "14:30");
  g_assert_true (ebb_date_time_row_get_when (row, &when));
  g_assert_cmpint (when.second, ==, 14 * 3600 + 30 * 60);

  /* Stored text is kept as it was until the user changes it. */
  ebb_date_time_row_set_text (row, "2026-03-01T08:05:59");
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2026-03-01T08:05:59");
  g_assert_cmpstr (ebb_date_time_row_get_date_label (row), ==, "Sun 1 Mar 2026");
  g_assert_cmpstr (ebb_date_time_row_get_time_label (row), ==, "08:05");

  /* A time with a zone is no time Ebb keeps: shown as it is, for the
   * dialog to say why. */
  ebb_date_time_row_set_text (row, "2026-03-01T08:05+01:00");
  g_assert_false (ebb_date_time_row_get_when (row, &when));
  g_assert_cmpstr (ebb_date_time_row_get_date_label (row), ==, "2026-03-01T08:05+01:00");
  g_assert_cmpstr (ebb_date_time_row_get_time_label (row), ==, "--:--");

  /* No date: shown as it is, for the dialog to say why. */
  ebb_date_time_row_set_text (row, "2026-13-01");
  g_assert_false (ebb_date_time_row_get_when (row, &when));
  g_assert_cmpstr (ebb_date_time_row_get_date_label (row), ==, "2026-13-01");
  g_assert_cmpstr (ebb_date_time_row_get_time_label (row), ==, "--:--");

  ebb_date_time_row_set_text (row, "  ");
  g_assert_null (ebb_date_time_row_dup_text (row));
  ebb_date_time_row_set_text (row, NULL);
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "");
  g_assert_cmpstr (ebb_date_time_row_get_date_label (row), ==, "Choose a Date");

  g_object_unref (row);
}

/* Enter or Space on the button opens the calendar; the arrows, Page Up
 * and Page Down move its day without changing the date; Enter picks. */
static void
test_date_row_calendar (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  EbbDateTimeRow *row = shown_row (fixture);
  GtkWidget *calendar = row_child (row, "calendar");
  GtkWidget *date_button = row_child (row, "date_button");
  g_autofree char *shown = NULL;

  ebb_date_time_row_set_text (row, "2026-12-15T14:30");
  gt_signal_logger_connect (logger, row, "notify::text");

  g_assert_cmpstr (action_for_key (calendar, "Left"), ==, "date-time.step");
  g_assert_cmpstr (action_for_key (calendar, "Right"), ==, "date-time.step");
  g_assert_cmpstr (action_for_key (calendar, "Up"), ==, "date-time.step");
  g_assert_cmpstr (action_for_key (calendar, "Down"), ==, "date-time.step");
  g_assert_cmpstr (action_for_key (calendar, "Page_Down"), ==, "date-time.step");
  g_assert_cmpstr (action_for_key (calendar, "Home"), ==, "date-time.step");
  g_assert_cmpstr (action_for_key (calendar, "Return"), ==, "date-time.pick-day");
  g_assert_cmpstr (action_for_key (calendar, "KP_Enter"), ==, "date-time.pick-day");
  g_assert_cmpstr (action_for_key (calendar, "space"), ==, "date-time.pick-day");

  /* The calendar opens on the date, and has the focus. */
  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_assert_true (has_focus_on (date_button));
  open_date (row);
  shown = calendar_text (row);
  g_assert_cmpstr (shown, ==, "2026-12-15");
  g_assert_true (has_focus_on (calendar));

  /* Right, Down, Page Down: 16 Dec, 23 Dec, 23 Jan; the date waits. */
  gtk_widget_activate_action (calendar, "date-time.step", "s", "right");
  g_free (shown);
  shown = calendar_text (row);
  g_assert_cmpstr (shown, ==, "2026-12-16");
  gtk_widget_activate_action (calendar, "date-time.step", "s", "down");
  gtk_widget_activate_action (calendar, "date-time.step", "s", "next-month");
  g_free (shown);
  shown = calendar_text (row);
  g_assert_cmpstr (shown, ==, "2027-01-23");
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2026-12-15T14:30");

  /* Enter picks it, keeps the time, closes, and gives the focus back. */
  gtk_widget_activate_action (calendar, "date-time.pick-day", NULL);
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2027-01-23T14:30");
  g_assert_cmpstr (ebb_date_time_row_get_date_label (row), ==, "Sat 23 Jan 2027");
  gt_signal_logger_assert_notify_emission_pop (logger, row, "text");
  gt_signal_logger_assert_no_emissions (logger);
  wait_until_mapped (calendar, FALSE);
  g_assert_true (has_focus_on (date_button));

  /* A month on from 31 January is the last day of February; Up and Left
   * go back a week and a day. */
  ebb_date_time_row_set_text (row, "2027-01-31");
  open_date (row);
  gtk_widget_activate_action (calendar, "date-time.step", "s", "next-month");
  g_free (shown);
  shown = calendar_text (row);
  g_assert_cmpstr (shown, ==, "2027-02-28");
  gtk_widget_activate_action (calendar, "date-time.step", "s", "up");
  gtk_widget_activate_action (calendar, "date-time.step", "s", "left");
  gtk_widget_activate_action (calendar, "date-time.pick-day", NULL);
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2027-02-20");

  /* Escape leaves the date as it was. */
  open_date (row);
  gtk_widget_activate_action (calendar, "date-time.step", "s", "right");
  gtk_popover_popdown (row_child (row, "date_popover"));
  wait_until_mapped (calendar, FALSE);
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2027-02-20");
}

/* A date typed as Ebb stores it, for fast typists */
static void
test_date_row_typed (Fixture       *fixture,
                     gconstpointer  user_data)
{
  EbbDateTimeRow *row = shown_row (fixture);
  GtkEditable *entry = row_child (row, "date_entry");
  GtkLabel *message = row_child (row, "date_entry_message");
  g_autofree char *shown = NULL;

  ebb_date_time_row_set_text (row, "2026-12-15T14:30");
  open_date (row);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "2026-12-15");

  /* Not a date: said under the entry, and nothing changes. */
  gtk_editable_set_text (entry, "2026-02-30");
  g_signal_emit_by_name (entry, "activate");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_cmpstr (gtk_label_get_text (message), ==,
                   "“2026-02-30” is not a valid date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (entry)));
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2026-12-15T14:30");

  /* The calendar follows a date as soon as it is one; Enter takes it
   * and keeps the time. */
  gtk_editable_set_text (entry, "2027-03-04");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));
  shown = calendar_text (row);
  g_assert_cmpstr (shown, ==, "2027-03-04");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2027-03-04T14:30");
  wait_until_mapped (GTK_WIDGET (entry), FALSE);
  g_assert_true (has_focus_on (row_child (row, "date_button")));

  /* A date with its time is taken whole. */
  open_date (row);
  gtk_editable_set_text (entry, "2027-03-05T08:15");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2027-03-05T08:15");
  g_assert_cmpstr (ebb_date_time_row_get_time_label (row), ==, "08:15");
}

/* The time from spin buttons: opening gives none, a value changed or
 * Enter does, Escape puts back the one before, No Time takes it away. */
static void
test_date_row_time (Fixture       *fixture,
                    gconstpointer  user_data)
{
  EbbDateTimeRow *row = shown_row (fixture);
  GtkSpinButton *hours = row_child (row, "hour_spin");
  GtkSpinButton *minutes = row_child (row, "minute_spin");
  GtkWidget *popover = row_child (row, "time_popover");

  g_assert_cmpstr (action_for_key (popover, "Return"), ==, "date-time.pick-time");
  g_assert_cmpstr (action_for_key (popover, "KP_Enter"), ==, "date-time.pick-time");
  g_assert_cmpstr (action_for_key (popover, "Escape"), ==, "date-time.cancel-time");

  ebb_date_time_row_set_text (row, "2026-12-15");
  open_time (row);
  g_assert_true (has_focus_on (GTK_WIDGET (hours)));
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2026-12-15");
  gtk_widget_activate_action (popover, "date-time.cancel-time", NULL);
  wait_until_mapped (popover, FALSE);
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2026-12-15");
  g_assert_true (has_focus_on (row_child (row, "time_button")));

  /* Values changed give a time at once; Escape takes it back. */
  open_time (row);
  gtk_spin_button_set_value (hours, 9);
  gtk_spin_button_set_value (minutes, 5);
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2026-12-15T09:05");
  g_assert_cmpstr (ebb_date_time_row_get_time_label (row), ==, "09:05");
  gtk_widget_activate_action (popover, "date-time.cancel-time", NULL);
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2026-12-15");
  g_assert_cmpstr (ebb_date_time_row_get_time_label (row), ==, "--:--");

  /* Enter takes what is shown, two digits each. */
  wait_until_mapped (popover, FALSE);
  open_time (row);
  gtk_spin_button_set_value (hours, 9);
  gtk_spin_button_set_value (minutes, 5);
  gtk_widget_activate_action (popover, "date-time.pick-time", NULL);
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2026-12-15T09:05");
  wait_until_mapped (popover, FALSE);
  open_time (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (hours)), ==, "09");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (minutes)), ==, "05");

  /* No Time */
  gtk_widget_activate_action (popover, "date-time.clear-time", NULL);
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2026-12-15");
  g_assert_cmpstr (ebb_date_time_row_get_time_label (row), ==, "--:--");
}

/* The Record Session dialog: today by default, a day picked is the day
 * saved, and looking at the calendar is no change to discard. */
static void
test_session_dialog_date (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *today = ebb_date_format (ebb_date_today ());
  g_autofree char *yesterday = ebb_date_format (ebb_date_today () - 1);
  g_autofree char *future = ebb_date_format (ebb_date_today () + 3);
  g_autofree char *future_words = ebb_date_format_for_people (ebb_date_today () + 3, ebb_date_today ());
  g_autofree char *future_message = g_strdup_printf ("%s is in the future: a session that is not done yet is scheduled",
                                                     future_words);
  g_autoptr(GPtrArray) sessions = NULL;
  EbbSessionDialog *dialog;
  EbbDateTimeRow *row;
  GtkWidget *calendar;

  dialog = EBB_SESSION_DIALOG (ebb_session_dialog_new (fixture->window, fixture->store, fixture->patient_id, NULL));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  row = EBB_DATE_TIME_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog), EBB_TYPE_SESSION_DIALOG, "date_row"));
  calendar = row_child (row, "calendar");
  show_and_wait (GTK_WIDGET (dialog));
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, today);
  g_assert_true (has_focus_on (row_child (row, "date_button")));

  /* Opened and closed without a pick: closing asks nothing. */
  open_date (row);
  gtk_popover_popdown (row_child (row, "date_popover"));
  wait_until_mapped (calendar, FALSE);
  open_time (row);
  gtk_widget_activate_action (row_child (row, "time_popover"), "date-time.cancel-time", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (ebb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  dialog = EBB_SESSION_DIALOG (ebb_session_dialog_new (fixture->window, fixture->store, fixture->patient_id, NULL));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  row = EBB_DATE_TIME_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog), EBB_TYPE_SESSION_DIALOG, "date_row"));
  calendar = row_child (row, "calendar");
  show_and_wait (GTK_WIDGET (dialog));

  /* A done session in the future is said in the user's words. */
  ebb_session_dialog_set_date (dialog, future);
  g_assert_false (ebb_session_dialog_get_can_save (dialog));
  g_assert_cmpstr (ebb_session_dialog_get_message (dialog), ==, future_message);

  /* Yesterday, picked with the keyboard, is what is saved. */
  ebb_session_dialog_set_date (dialog, today);
  open_date (row);
  gtk_widget_activate_action (calendar, "date-time.step", "s", "left");
  gtk_widget_activate_action (calendar, "date-time.pick-day", NULL);
  g_assert_true (ebb_session_dialog_get_can_save (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL));
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);
  sessions = ebb_store_list_sessions (fixture->store, fixture->patient_id, NULL);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpstr (((EbbSession *) g_ptr_array_index (sessions, 0))->when_text, ==, yesterday);
}


/* Blood pressure ------------------------------------------------------------ */

static gpointer
session_child (EbbSessionDialog *dialog,
               const char       *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), EBB_TYPE_SESSION_DIALOG, name);

  g_assert_nonnull (child);
  return child;
}

static void
add_session (Fixture          *fixture,
             gint32            day,
             EbbSessionStatus  status,
             int               bp_before_systolic,
             int               bp_before_diastolic)
{
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *when = ebb_date_format (day);

  session->patient_id = fixture->patient_id;
  session->status = status;
  session->phase = EBB_PHASE_INDUCTION;
  session->route = EBB_ROUTE_IV;
  session->dose_mg = 35;
  g_assert_true (ebb_session_set_when (session, when, &error));
  g_assert_true (ebb_store_add_session (fixture->store, session, &error));
  g_assert_no_error (error);
  if (bp_before_systolic > 0)
    ebb_test_store_pressures (fixture->store, session->id, bp_before_systolic, bp_before_diastolic, 0, 0);
}

static GDateTime *today_at (int hour,
                             int minute);
static gint64 add_rating (Fixture    *fixture,
                          gint32      day,
                          const char *scale,
                          int         total);

/* A reading row of the dialog: the @index-th, and its fields */
static EbbReadingRow *
reading_row (EbbSessionDialog *dialog,
             guint             index)
{
  GtkWidget *list = session_child (dialog, "readings_list");
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (EBB_IS_READING_ROW (child) && i++ == index)
      return EBB_READING_ROW (child);
  return NULL;
}

static guint
n_reading_rows (EbbSessionDialog *dialog)
{
  guint n = 0;

  while (reading_row (dialog, n) != NULL)
    n++;
  return n;
}

static gpointer
reading_field (EbbReadingRow *row,
               const char    *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (row), EBB_TYPE_READING_ROW, name);

  g_assert_nonnull (child);
  return child;
}

static void
type_reading (EbbReadingRow *row,
              const char    *time,
              const char    *pressure,
              const char    *heart_rate,
              const char    *spo2,
              gboolean       pre_dose)
{
  gtk_editable_set_text (reading_field (row, "time_entry"), time);
  gtk_editable_set_text (reading_field (row, "pressure_entry"), pressure);
  gtk_editable_set_text (reading_field (row, "heart_rate_entry"), heart_rate);
  gtk_editable_set_text (reading_field (row, "spo2_entry"), spo2);
  gtk_check_button_set_active (reading_field (row, "pre_dose_check"), pre_dose);
}

static const char *
field_text (gpointer widget)
{
  return gtk_editable_get_text (GTK_EDITABLE (widget));
}

static void
set_field (EbbSessionDialog *dialog,
           const char       *name,
           const char       *text)
{
  gtk_editable_set_text (session_child (dialog, name), text);
}

static void
select_item (EbbSessionDialog *dialog,
             const char       *name,
             guint             item)
{
  adw_combo_row_set_selected (session_child (dialog, name), item);
}

static guint
selected_item (EbbSessionDialog *dialog,
               const char       *name)
{
  return adw_combo_row_get_selected (session_child (dialog, name));
}

static const char *
shown_label (EbbSessionDialog *dialog,
             const char       *name)
{
  GtkLabel *label = session_child (dialog, name);

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

static EbbSession *
only_session (Fixture *fixture)
{
  g_autoptr(GPtrArray) sessions = ebb_store_list_sessions (fixture->store, fixture->patient_id, NULL);

  g_assert_cmpuint (sessions->len, ==, 1);
  return ebb_session_copy (g_ptr_array_index (sessions, 0));
}

/* A reading's pressure, "128/82", checked as it is typed */
static void
test_blood_pressure (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(EbbSession) stored = NULL;
  EbbSessionDialog *dialog;
  EbbReadingRow *row;
  GtkWidget *pressure, *message;
  const EbbReading *reading;

  dialog = EBB_SESSION_DIALOG (ebb_session_dialog_new (fixture->window, fixture->store, fixture->patient_id, NULL));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  /* No reading: nothing to say */
  g_assert_cmpuint (n_reading_rows (dialog), ==, 0);
  g_assert_true (ebb_session_dialog_get_can_save (dialog));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.add-reading", NULL));
  row = reading_row (dialog, 0);
  pressure = reading_field (row, "pressure_entry");
  message = reading_field (row, "message_label");
  gtk_editable_set_text (reading_field (row, "time_entry"), "09:50");

  /* A row added and left empty is no reading, and no error. */
  g_assert_true (ebb_session_dialog_get_can_save (dialog));

  /* The systolic alone is on its way: said in grey, not marked. */
  gtk_editable_set_text (GTK_EDITABLE (pressure), "128");
  g_assert_false (ebb_session_dialog_get_can_save (dialog));
  g_assert_cmpstr (ebb_session_dialog_get_message (dialog), ==,
                   "Reading at 09:50: Then the diastolic after a slash, such as 128/82");
  g_assert_true (gtk_widget_get_visible (message));
  g_assert_true (gtk_widget_has_css_class (message, "dim-label"));
  g_assert_false (gtk_widget_has_css_class (message, "error"));
  g_assert_false (gtk_widget_has_css_class (pressure, "error"));

  gtk_editable_set_text (GTK_EDITABLE (pressure), "128/82");
  g_assert_true (ebb_session_dialog_get_can_save (dialog));
  g_assert_false (gtk_widget_get_visible (message));

  /* A slip of the keys is marked where it is, and named. */
  gtk_editable_set_text (GTK_EDITABLE (pressure), "1280/82");
  g_assert_false (ebb_session_dialog_get_can_save (dialog));
  g_assert_cmpstr (ebb_session_dialog_get_message (dialog), ==,
                   "Reading at 09:50: Blood pressure 1280/82 is not plausible: systolic 50–300 and "
                   "diastolic 20–200 mmHg");
  g_assert_true (gtk_widget_has_css_class (pressure, "error"));
  g_assert_true (gtk_widget_has_css_class (message, "error"));

  gtk_editable_set_text (GTK_EDITABLE (pressure), "90/140");
  g_assert_cmpstr (ebb_session_dialog_get_message (dialog), ==,
                   "Reading at 09:50: Blood pressure 90/140 is not plausible: the systolic, written first, "
                   "must be above the diastolic (were they swapped?)");
  gtk_editable_set_text (GTK_EDITABLE (pressure), "128-82");
  g_assert_cmpstr (ebb_session_dialog_get_message (dialog), ==,
                   "Reading at 09:50: “128-82” is not a blood pressure: use SYSTOLIC/DIASTOLIC in mmHg, "
                   "e.g. 128/82");

  /* Spaces around the slash are fine; a rate of 0 is a slip. */
  gtk_editable_set_text (GTK_EDITABLE (pressure), " 128 / 82 ");
  g_assert_true (ebb_session_dialog_get_can_save (dialog));
  gtk_editable_set_text (reading_field (row, "heart_rate_entry"), "0");
  g_assert_cmpstr (ebb_session_dialog_get_message (dialog), ==,
                   "Reading at 09:50: Heart rate 0 is not plausible: use 20–250 beats a minute, or leave it empty");
  gtk_editable_set_text (reading_field (row, "spo2_entry"), "101");
  gtk_editable_set_text (reading_field (row, "heart_rate_entry"), "");
  g_assert_cmpstr (ebb_session_dialog_get_message (dialog), ==,
                   "Reading at 09:50: Oxygen saturation 101 is not plausible: use 50–100 %, or leave it empty");
  g_assert_true (gtk_widget_has_css_class (reading_field (row, "spo2_entry"), "error"));
  gtk_editable_set_text (reading_field (row, "spo2_entry"), "");
  gtk_editable_set_text (reading_field (row, "heart_rate_entry"), "300");
  g_assert_cmpstr (ebb_session_dialog_get_message (dialog), ==,
                   "Reading at 09:50: Heart rate 300 is not plausible: use 20–250 beats a minute, or leave it empty");
  g_assert_true (gtk_widget_has_css_class (reading_field (row, "heart_rate_entry"), "error"));
  gtk_editable_set_text (reading_field (row, "heart_rate_entry"), "");

  /* With no dose time, it is before dosing. */
  g_assert_true (gtk_check_button_get_active (reading_field (row, "pre_dose_check")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL));
  g_assert_null (dialog);
  stored = only_session (fixture);
  g_assert_cmpuint (stored->readings->len, ==, 1);
  reading = g_ptr_array_index (stored->readings, 0);
  g_assert_true (reading->pre_dose);
  g_assert_cmpint (reading->systolic, ==, 128);
  g_assert_cmpint (reading->diastolic, ==, 82);
  g_assert_cmpint (reading->time, ==, 9 * 3600 + 50 * 60);

  /* Editing shows it as it is said. */
  dialog = EBB_SESSION_DIALOG (ebb_session_dialog_new (fixture->window, fixture->store, fixture->patient_id, stored));
  g_assert_cmpuint (n_reading_rows (dialog), ==, 1);
  g_assert_cmpstr (field_text (reading_field (reading_row (dialog, 0), "pressure_entry")), ==, "128/82");
  g_assert_cmpstr (field_text (reading_field (reading_row (dialog, 0), "time_entry")), ==, "09:50");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A whole session as a nurse fills it in, saved, and opened again */
static void
test_session_record (Fixture       *fixture,
                     gconstpointer  user_data)
{
  gint32 today = ebb_date_today ();
  g_autoptr(EbbSession) stored = NULL;
  g_autoptr(EbbMedicine) medicine = ebb_medicine_new ();
  g_autoptr(GError) error = NULL;
  EbbSessionDialog *dialog;
  const EbbReading *reading;

  /* Lorazepam, taken this day; a CADSS rating of the day */
  medicine->patient_id = fixture->patient_id;
  medicine->klass = EBB_MEDICINE_BENZODIAZEPINE;
  medicine->name = g_strdup ("lorazepam");
  medicine->start_day = today - 30;
  g_assert_true (ebb_store_add_medicine (fixture->store, medicine, &error));
  g_assert_no_error (error);
  add_rating (fixture, today, "CADSS", 14);

  dialog = EBB_SESSION_DIALOG (ebb_session_dialog_new (fixture->window, fixture->store, fixture->patient_id, NULL));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  show_and_wait (GTK_WIDGET (dialog));

  g_assert_true (gtk_widget_get_visible (session_child (dialog, "medicines_group")));
  g_assert_nonnull (ebb_test_find_label (session_child (dialog, "medicines_group"), "lorazepam"));
  g_assert_nonnull (ebb_test_find_label (session_child (dialog, "medicines_group"), "benzodiazepine"));
  g_assert_cmpstr (adw_action_row_get_subtitle (session_child (dialog, "dissociation_row")), ==,
                   "CADSS rating of this day: 14");

  /* Dose */
  select_item (dialog, "drug_row", EBB_DRUG_ESKETAMINE);
  select_item (dialog, "route_row", EBB_ROUTE_INTRANASAL);
  set_field (dialog, "dose_row", "84");
  g_assert_cmpstr (shown_label (dialog, "dose_warning"), ==, "84 mg: 3 devices of 28 mg");
  g_assert_false (gtk_widget_get_visible (session_child (dialog, "duration_row")));
  select_item (dialog, "phase_row", EBB_PHASE_MAINTENANCE);
  set_field (dialog, "lot_row", "LOT-7731");
  select_item (dialog, "vitals_before_row", 1);   /* Yes */
  set_field (dialog, "dose_time_row", "10:00");

  /* Readings: one before dosing, the 40-minute one after */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "session.add-reading", NULL);
  type_reading (reading_row (dialog, 0), "09:50", "132/84", "72", "98", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "session.add-reading", NULL);
  type_reading (reading_row (dialog, 1), "10:40", "151/96", "80", "97", FALSE);

  /* At 10:45 the dialog says the next reading is due at 11:20. */
  {
    g_autoptr(GDateTime) at_1045 = today_at (10, 45);
    EbbSessionClock *clock = session_child (dialog, "session_clock");

    ebb_session_clock_set_now (clock, at_1045);
    set_field (dialog, "lot_row", "LOT-7731");
    g_assert_cmpstr (ebb_session_clock_get_text (clock), ==,
                     "Dosed 45 min ago · next reading due 11:20 · earliest discharge 12:00");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (clock)));
  }

  /* Effects */
  select_item (dialog, "sedation_row", 6);        /* MOAA/S 4 */
  select_item (dialog, "sedation_resolved_row", 1);
  select_item (dialog, "dissociation_row", EBB_LEVEL_MODERATE);
  select_item (dialog, "dissociation_resolved_row", 2);
  select_item (dialog, "respiratory_row", 2);     /* lowest saturation */
  g_assert_true (gtk_widget_get_visible (session_child (dialog, "respiratory_spo2_row")));
  set_field (dialog, "respiratory_spo2_row", "92");
  select_item (dialog, "respiratory_resolved_row", 1);
  gtk_check_button_set_active (session_child (dialog, "nausea_check"), TRUE);
  gtk_check_button_set_active (session_child (dialog, "other_check"), TRUE);
  set_field (dialog, "other_effect_row", "tingling lips");

  /* Discharge */
  set_field (dialog, "ready_row", "110");
  select_item (dialog, "vitals_discharge_row", 1);
  select_item (dialog, "transport_row", 2);       /* No */
  set_field (dialog, "discharge_time_row", "12:05");
  set_field (dialog, "monitored_by_row", "R. Okafor");
  set_field (dialog, "note_row", "Calm throughout");
  g_assert_cmpstr (shown_label (dialog, "monitored_label"), ==, "Monitored 125 min after dosing");
  g_assert_null (shown_label (dialog, "early_notice"));

  g_assert_true (ebb_session_dialog_get_can_save (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL));
  g_assert_null (dialog);

  /* Every value, from the store */
  stored = only_session (fixture);
  g_assert_cmpint (stored->when.day, ==, today);
  g_assert_cmpint (stored->status, ==, EBB_SESSION_DONE);
  g_assert_cmpint (stored->drug, ==, EBB_DRUG_ESKETAMINE);
  g_assert_cmpint (stored->route, ==, EBB_ROUTE_INTRANASAL);
  g_assert_cmpfloat (stored->dose_mg, ==, 84);
  g_assert_cmpint (stored->duration_min, ==, 0);
  g_assert_cmpint (stored->phase, ==, EBB_PHASE_MAINTENANCE);
  g_assert_cmpstr (stored->lot, ==, "LOT-7731");
  g_assert_cmpint (stored->vitals_ok_before, ==, EBB_ANSWER_YES);
  g_assert_cmpint (stored->dose_time, ==, 10 * 3600);
  g_assert_cmpuint (stored->readings->len, ==, 2);
  reading = g_ptr_array_index (stored->readings, 0);
  g_assert_cmpint (reading->time, ==, 9 * 3600 + 50 * 60);
  g_assert_true (reading->pre_dose);
  g_assert_cmpint (reading->systolic, ==, 132);
  g_assert_cmpint (reading->diastolic, ==, 84);
  g_assert_cmpint (reading->heart_rate, ==, 72);
  g_assert_cmpint (reading->spo2, ==, 98);
  reading = g_ptr_array_index (stored->readings, 1);
  g_assert_cmpint (reading->time, ==, 10 * 3600 + 40 * 60);
  g_assert_false (reading->pre_dose);
  g_assert_cmpint (reading->systolic, ==, 151);
  g_assert_cmpint (reading->diastolic, ==, 96);
  g_assert_cmpint (reading->heart_rate, ==, 80);
  g_assert_cmpint (reading->spo2, ==, 97);
  g_assert_cmpint (stored->sedation.level, ==, EBB_LEVEL_MOAAS);
  g_assert_cmpint (stored->sedation.moaas, ==, 4);
  g_assert_cmpint (stored->sedation.resolved, ==, EBB_ANSWER_YES);
  g_assert_cmpint (stored->dissociation.level, ==, EBB_LEVEL_MODERATE);
  g_assert_cmpint (stored->dissociation.resolved, ==, EBB_ANSWER_NO);
  g_assert_cmpint (stored->respiratory_spo2, ==, 92);
  g_assert_cmpint (stored->respiratory_resolved, ==, EBB_ANSWER_YES);
  g_assert_cmpint (stored->effects, ==, EBB_EFFECT_NAUSEA | EBB_EFFECT_OTHER);
  g_assert_cmpstr (stored->other_effect, ==, "tingling lips");
  g_assert_cmpint (stored->ready_min, ==, 110);
  g_assert_cmpint (stored->vitals_ok_discharge, ==, EBB_ANSWER_YES);
  g_assert_cmpint (stored->transport_arranged, ==, EBB_ANSWER_NO);
  g_assert_cmpint (stored->discharge_time, ==, 12 * 3600 + 5 * 60);
  g_assert_cmpstr (stored->monitored_by, ==, "R. Okafor");
  g_assert_cmpstr (stored->note, ==, "Calm throughout");

  /* Opened again, every field as it was typed */
  dialog = EBB_SESSION_DIALOG (ebb_session_dialog_new (fixture->window, fixture->store, fixture->patient_id, stored));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_cmpuint (selected_item (dialog, "drug_row"), ==, EBB_DRUG_ESKETAMINE);
  g_assert_cmpuint (selected_item (dialog, "route_row"), ==, EBB_ROUTE_INTRANASAL);
  g_assert_cmpstr (field_text (session_child (dialog, "dose_row")), ==, "84");
  g_assert_cmpuint (selected_item (dialog, "phase_row"), ==, EBB_PHASE_MAINTENANCE);
  g_assert_cmpstr (field_text (session_child (dialog, "lot_row")), ==, "LOT-7731");
  g_assert_cmpuint (selected_item (dialog, "vitals_before_row"), ==, 1);
  g_assert_cmpstr (field_text (session_child (dialog, "dose_time_row")), ==, "10:00");
  g_assert_cmpuint (n_reading_rows (dialog), ==, 2);
  g_assert_cmpstr (field_text (reading_field (reading_row (dialog, 0), "time_entry")), ==, "09:50");
  g_assert_cmpstr (field_text (reading_field (reading_row (dialog, 0), "pressure_entry")), ==, "132/84");
  g_assert_cmpstr (field_text (reading_field (reading_row (dialog, 0), "heart_rate_entry")), ==, "72");
  g_assert_cmpstr (field_text (reading_field (reading_row (dialog, 0), "spo2_entry")), ==, "98");
  g_assert_true (gtk_check_button_get_active (reading_field (reading_row (dialog, 0), "pre_dose_check")));
  g_assert_cmpstr (field_text (reading_field (reading_row (dialog, 1), "time_entry")), ==, "10:40");
  g_assert_cmpstr (field_text (reading_field (reading_row (dialog, 1), "pressure_entry")), ==, "151/96");
  g_assert_false (gtk_check_button_get_active (reading_field (reading_row (dialog, 1), "pre_dose_check")));
  g_assert_cmpuint (selected_item (dialog, "sedation_row"), ==, 6);
  g_assert_cmpuint (selected_item (dialog, "sedation_resolved_row"), ==, 1);
  g_assert_cmpuint (selected_item (dialog, "dissociation_row"), ==, EBB_LEVEL_MODERATE);
  g_assert_cmpuint (selected_item (dialog, "dissociation_resolved_row"), ==, 2);
  g_assert_cmpuint (selected_item (dialog, "respiratory_row"), ==, 2);
  g_assert_cmpstr (field_text (session_child (dialog, "respiratory_spo2_row")), ==, "92");
  g_assert_cmpuint (selected_item (dialog, "respiratory_resolved_row"), ==, 1);
  g_assert_true (gtk_check_button_get_active (session_child (dialog, "nausea_check")));
  g_assert_false (gtk_check_button_get_active (session_child (dialog, "headache_check")));
  g_assert_true (gtk_check_button_get_active (session_child (dialog, "other_check")));
  g_assert_cmpstr (field_text (session_child (dialog, "other_effect_row")), ==, "tingling lips");
  g_assert_cmpstr (field_text (session_child (dialog, "ready_row")), ==, "110");
  g_assert_cmpuint (selected_item (dialog, "vitals_discharge_row"), ==, 1);
  g_assert_cmpuint (selected_item (dialog, "transport_row"), ==, 2);
  g_assert_cmpstr (field_text (session_child (dialog, "discharge_time_row")), ==, "12:05");
  g_assert_cmpstr (field_text (session_child (dialog, "monitored_by_row")), ==, "R. Okafor");
  g_assert_cmpstr (field_text (session_child (dialog, "note_row")), ==, "Calm throughout");

  /* Saved early and reopened: the 80-minute reading added, the first
   * removed; one change to the store. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "session.add-reading", NULL);
  type_reading (reading_row (dialog, 2), "11:20", "138/88", "", "", FALSE);
  g_signal_emit_by_name (reading_row (dialog, 0), "remove");
  g_assert_cmpuint (n_reading_rows (dialog), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL));
  g_assert_null (dialog);
  g_clear_pointer (&stored, ebb_session_free);
  stored = only_session (fixture);
  g_assert_cmpuint (stored->readings->len, ==, 2);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (stored->readings, 0))->time, ==, 10 * 3600 + 40 * 60);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (stored->readings, 1))->time, ==, 11 * 3600 + 20 * 60);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (stored->readings, 1))->systolic, ==, 138);
}

/* Ctrl+R adds a reading stamped with the current time, ready for its
 * pressure. */
static void
test_add_reading_key (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GDateTime) before = NULL;
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  EbbSessionDialog *dialog;
  EbbReadingRow *row;
  const char *time;

  dialog = EBB_SESSION_DIALOG (ebb_session_dialog_new (fixture->window, fixture->store, fixture->patient_id, NULL));
  show_and_wait (GTK_WIDGET (dialog));
  g_assert_cmpstr (action_for_key (GTK_WIDGET (dialog), "<Control>r"), ==, "session.add-reading");
  g_assert_cmpstr (action_for_key (GTK_WIDGET (dialog), "<Control>s"), ==, "session.save");

  /* A dose time in the past: the new reading is after dosing. */
  set_field (dialog, "dose_time_row", "00:00");
  before = g_date_time_new_now_local ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.add-reading", NULL));
  after = g_date_time_new_now_local ();
  row = reading_row (dialog, 0);
  g_assert_nonnull (row);
  before_text = g_date_time_format (before, "%H:%M");
  after_text = g_date_time_format (after, "%H:%M");
  time = field_text (reading_field (row, "time_entry"));
  g_assert_true (g_str_equal (time, before_text) || g_str_equal (time, after_text));
  g_assert_false (gtk_check_button_get_active (reading_field (row, "pre_dose_check")));
  g_assert_true (has_focus_on (reading_field (row, "pressure_entry")));
  /* Several readings later, in a dialog too short for them all, the new
   * one is scrolled into sight. */
  for (int i = 0; i < 12; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.add-reading", NULL));
  {
    /* The new reading is the one focused, wherever the list puts it */
    EbbReadingRow *last = EBB_READING_ROW (gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                                                    EBB_TYPE_READING_ROW));
    GtkWidget *scroller = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), EBB_TYPE_SESSION_DIALOG,
                                                                     "scroller"));
    GtkWidget *viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
    graphene_rect_t bounds;
    gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
    gboolean seen = FALSE;

    while (!seen && g_get_monotonic_time () < end)
      {
        g_main_context_iteration (NULL, FALSE);
        seen = gtk_widget_get_height (GTK_WIDGET (last)) > 0 &&
               gtk_widget_compute_bounds (GTK_WIDGET (last), viewport, &bounds) &&
               bounds.origin.y >= 0 &&
               bounds.origin.y + bounds.size.height <= gtk_widget_get_height (viewport);
      }
    g_assert_true (seen);
    g_assert_true (has_focus_on (reading_field (last, "pressure_entry")));
    for (int i = 12; i > 0; i--)
      gtk_widget_activate_action (GTK_WIDGET (reading_row (dialog, i)), "reading.remove", NULL);
  }
  row = reading_row (dialog, 0);
  gtk_widget_grab_focus (reading_field (row, "pressure_entry"));
  /* Enter goes on to the heart rate, and saves nothing. */
  gtk_editable_set_text (reading_field (row, "pressure_entry"), "128/82");
  g_signal_emit_by_name (reading_field (row, "pressure_entry"), "activate");
  g_assert_true (has_focus_on (reading_field (row, "heart_rate_entry")));
  g_assert_nonnull (gtk_widget_get_root (GTK_WIDGET (row)));
  /* Added and left: a change that closing asks about */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  g_assert_nonnull (ebb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_window_destroy (ebb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Esketamine is 56 or 84 mg: 70 mg warns, and still saves. */
static void
test_esketamine_dose (Fixture       *fixture,
                      gconstpointer  user_data)
{
  EbbSessionDialog *dialog;
  g_autoptr(EbbSession) stored = NULL;

  dialog = EBB_SESSION_DIALOG (ebb_session_dialog_new (fixture->window, fixture->store, fixture->patient_id, NULL));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  select_item (dialog, "route_row", EBB_ROUTE_INTRANASAL);
  set_field (dialog, "dose_row", "70");
  /* No drug chosen: nothing to say */
  g_assert_null (shown_label (dialog, "dose_warning"));
  select_item (dialog, "drug_row", EBB_DRUG_ESKETAMINE);
  g_assert_cmpstr (shown_label (dialog, "dose_warning"), ==,
                   "An esketamine session gives 56 or 84 mg (2 or 3 devices), not 70 mg: check the dose");
  g_assert_true (gtk_widget_has_css_class (session_child (dialog, "dose_warning"), "warning"));
  g_assert_true (ebb_session_dialog_get_can_save (dialog));
  set_field (dialog, "dose_row", "56");
  g_assert_cmpstr (shown_label (dialog, "dose_warning"), ==, "56 mg: 2 devices of 28 mg");
  set_field (dialog, "dose_row", "70");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL));
  g_assert_null (dialog);
  stored = only_session (fixture);
  g_assert_cmpfloat (stored->dose_mg, ==, 70);
}

/* An intranasal patient who leaves after 90 minutes is said to have left
 * early; an IV one is not. */
static void
test_early_discharge (Fixture       *fixture,
                      gconstpointer  user_data)
{
  EbbSessionDialog *dialog;

  dialog = EBB_SESSION_DIALOG (ebb_session_dialog_new (fixture->window, fixture->store, fixture->patient_id, NULL));
  select_item (dialog, "route_row", EBB_ROUTE_INTRANASAL);
  set_field (dialog, "dose_time_row", "10:00");
  g_assert_null (shown_label (dialog, "early_notice"));
  set_field (dialog, "discharge_time_row", "11:30");
  g_assert_cmpstr (shown_label (dialog, "early_notice"), ==,
                   "Discharged 90 min after an intranasal dose: less than the 120 minutes "
                   "of observation the esketamine label asks for");
  g_assert_null (shown_label (dialog, "monitored_label"));
  g_assert_true (ebb_session_dialog_get_can_save (dialog));

  select_item (dialog, "route_row", EBB_ROUTE_IV);
  g_assert_null (shown_label (dialog, "early_notice"));
  g_assert_cmpstr (shown_label (dialog, "monitored_label"), ==, "Monitored 90 min after dosing");

  /* A discharge before the dose is wrong, and says so where it is. */
  set_field (dialog, "discharge_time_row", "09:30");
  g_assert_false (ebb_session_dialog_get_can_save (dialog));
  g_assert_cmpstr (ebb_session_dialog_get_message (dialog), ==,
                   "Discharge time: 09:30 is before the dose at 10:00");
  g_assert_true (gtk_widget_has_css_class (session_child (dialog, "discharge_time_row"), "error"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Save refused keeps every field as typed and says which field. */
static void
test_failed_save (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(EbbSession) stored = NULL;
  g_autoptr(GError) error = NULL;
  EbbSessionDialog *dialog;
  EbbReadingRow *row;

  dialog = EBB_SESSION_DIALOG (ebb_session_dialog_new (fixture->window, fixture->store, fixture->patient_id, NULL));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  set_field (dialog, "dose_row", "35");
  set_field (dialog, "dose_time_row", "10:00");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "session.add-reading", NULL);
  row = reading_row (dialog, 0);
  type_reading (row, "10:40", "300/20", "88", "", FALSE);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (ebb_session_dialog_get_message (dialog), ==,
                   "Reading at 10:40: Blood pressure 300/20 is not plausible: systolic and diastolic are "
                   "280 apart, and at most 200 is");
  g_assert_true (gtk_widget_has_css_class (reading_field (row, "pressure_entry"), "error"));
  g_assert_cmpstr (field_text (reading_field (row, "pressure_entry")), ==, "300/20");
  g_assert_cmpstr (field_text (reading_field (row, "heart_rate_entry")), ==, "88");
  g_assert_cmpstr (field_text (session_child (dialog, "dose_row")), ==, "35");
  sessions = ebb_store_list_sessions (fixture->store, fixture->patient_id, NULL);
  g_assert_cmpuint (sessions->len, ==, 0);
  gtk_editable_set_text (reading_field (row, "pressure_entry"), "150/90");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL));
  g_assert_null (dialog);

  /* The store refuses: the session went while it was being edited.
   * Nothing is written, and nothing typed is lost. */
  stored = only_session (fixture);
  dialog = EBB_SESSION_DIALOG (ebb_session_dialog_new (fixture->window, fixture->store, fixture->patient_id, stored));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "session.add-reading", NULL);
  type_reading (reading_row (dialog, 1), "11:20", "140/85", "", "", FALSE);
  g_assert_true (ebb_store_delete_session (fixture->store, stored->id, &error));
  g_assert_no_error (error);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "session.save", NULL);
  g_assert_nonnull (dialog);
  g_assert_nonnull (ebb_session_dialog_get_message (dialog));
  g_assert_true (gtk_widget_get_visible (session_child (dialog, "store_message")));
  g_assert_cmpstr (field_text (reading_field (reading_row (dialog, 1), "pressure_entry")), ==, "140/85");
  g_clear_pointer (&sessions, g_ptr_array_unref);
  sessions = ebb_store_list_sessions (fixture->store, fixture->patient_id, NULL);
  g_assert_cmpuint (sessions->len, ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The session clock, with its "now" fixed -------------------------------------- */

static GDateTime *
today_at (int hour,
          int minute)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now), hour, minute, 0);
}

static void
add_clock_reading (EbbSession *session,
                   int         hour,
                   int         minute,
                   gboolean    pre_dose)
{
  EbbReading *reading = ebb_reading_new ();

  reading->time = hour * 3600 + minute * 60;
  reading->pre_dose = pre_dose;
  reading->systolic = 130;
  reading->diastolic = 80;
  g_ptr_array_add (session->readings, reading);
}

/* Dosed 10:00 intranasal: readings due 10:40, 11:20, 12:00; discharge
 * from 12:00. */
static void
test_session_clock (void)
{
  g_autofree char *today = ebb_date_format (ebb_date_today ());
  g_autofree char *yesterday = ebb_date_format (ebb_date_today () - 1);
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(GtSignalLogger) logger = NULL;
  g_autoptr(GDateTime) at_1025 = today_at (10, 25);
  g_autoptr(GDateTime) at_1041 = today_at (10, 41);
  g_autoptr(GDateTime) at_1050 = today_at (10, 50);
  g_autoptr(GDateTime) at_1120 = today_at (11, 20);
  g_autoptr(GDateTime) at_0950 = today_at (9, 50);
  EbbSessionClock *clock = EBB_SESSION_CLOCK (ebb_session_clock_new ());
  EbbSessionTimes times;
  int slot, due;

  g_object_ref_sink (clock);
  logger = gt_signal_logger_new ();
  gt_signal_logger_connect (logger, clock, "reading-due");

  session->id = 7;
  session->status = EBB_SESSION_DONE;
  session->route = EBB_ROUTE_INTRANASAL;
  session->drug = EBB_DRUG_ESKETAMINE;
  session->dose_time = 10 * 3600;
  session->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  g_assert_true (ebb_session_set_when (session, today, NULL));
  add_clock_reading (session, 9, 50, TRUE);

  g_assert_true (ebb_session_times_compute (session, at_1025, &times));
  g_assert_cmpint (times.minutes_since_dose, ==, 25);
  g_assert_cmpint (times.reading_slot, ==, 1);
  g_assert_cmpint (times.next_reading, ==, 10 * 3600 + 40 * 60);
  g_assert_cmpint (times.earliest_discharge, ==, 12 * 3600);
  /* Before the dose, it is not open yet. */
  g_assert_false (ebb_session_times_compute (session, at_0950, &times));

  ebb_session_clock_set_now (clock, at_1025);
  ebb_session_clock_set_session (clock, session);
  g_assert_true (ebb_session_clock_get_open (clock));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (clock)));
  g_assert_cmpstr (ebb_session_clock_get_text (clock), ==,
                   "Dosed 25 min ago · next reading due 10:40 · earliest discharge 12:00");
  gt_signal_logger_assert_no_emissions (logger);
  /* Shown as the patient page shows it, in a narrow column */
  {
    GtkWidget *window = gtk_window_new ();

    gtk_window_set_default_size (GTK_WINDOW (window), 300, -1);
    gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (clock));
    show_and_wait (GTK_WIDGET (clock));
    g_assert_nonnull (ebb_test_find_label (GTK_WIDGET (clock), ebb_session_clock_get_text (clock)));
    gtk_window_set_child (GTK_WINDOW (window), NULL);
    gtk_window_destroy (GTK_WINDOW (window));
  }

  /* 10:41: the reading is due, notified once */
  ebb_session_clock_set_now (clock, at_1041);
  g_assert_cmpstr (ebb_session_clock_get_text (clock), ==,
                   "Dosed 41 min ago · reading due since 10:40 · earliest discharge 12:00");
  gt_signal_logger_assert_emission_pop (logger, clock, "reading-due", &slot, &due);
  g_assert_cmpint (slot, ==, 1);
  g_assert_cmpint (due, ==, 10 * 3600 + 40 * 60);
  ebb_session_clock_set_now (clock, at_1050);
  gt_signal_logger_assert_no_emissions (logger);

  /* Taken at 10:42 (a reading a few minutes early counts too): the next
   * is due at 11:20. */
  add_clock_reading (session, 10, 42, FALSE);
  ebb_session_clock_set_session (clock, session);
  g_assert_cmpstr (ebb_session_clock_get_text (clock), ==,
                   "Dosed 50 min ago · next reading due 11:20 · earliest discharge 12:00");
  gt_signal_logger_assert_no_emissions (logger);
  ebb_session_clock_set_now (clock, at_1120);
  gt_signal_logger_assert_emission_pop (logger, clock, "reading-due", &slot, &due);
  g_assert_cmpint (slot, ==, 2);
  g_assert_cmpint (due, ==, 11 * 3600 + 20 * 60);
  add_clock_reading (session, 11, 16, FALSE);
  g_assert_true (ebb_session_times_compute (session, at_1120, &times));
  g_assert_cmpint (times.next_reading, ==, 12 * 3600);

  /* IV: no rule for the earliest discharge */
  session->route = EBB_ROUTE_IV;
  ebb_session_clock_set_session (clock, session);
  g_assert_cmpstr (ebb_session_clock_get_text (clock), ==,
                   "Dosed 80 min ago · next reading due 12:00");

  /* Discharged, or of another day: closed, and hidden */
  session->discharge_time = 11 * 3600 + 25 * 60;
  ebb_session_clock_set_session (clock, session);
  g_assert_false (ebb_session_clock_get_open (clock));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (clock)));
  g_assert_null (ebb_session_clock_get_text (clock));
  session->discharge_time = -1;
  g_assert_true (ebb_session_set_when (session, yesterday, NULL));
  g_assert_false (ebb_session_times_compute (session, at_1120, &times));
  {
    g_autoptr(GPtrArray) sessions = g_ptr_array_new ();

    g_ptr_array_add (sessions, session);
    g_assert_null (ebb_session_find_open (sessions, at_1120));
    g_assert_true (ebb_session_set_when (session, today, NULL));
    g_assert_true (ebb_session_find_open (sessions, at_1120) == session);

    /* What the patient page calls: today's session dosed and not
     * discharged, even before its dose time has come */
    ebb_session_clock_set_now (clock, at_0950);
    ebb_session_clock_show_sessions (clock, sessions);
    g_assert_nonnull (ebb_session_clock_get_session (clock));
    g_assert_false (ebb_session_clock_get_open (clock));
    ebb_session_clock_set_now (clock, at_1025);
    g_assert_true (ebb_session_clock_get_open (clock));
    session->discharge_time = 11 * 3600 + 25 * 60;
    ebb_session_clock_show_sessions (clock, sessions);
    g_assert_null (ebb_session_clock_get_session (clock));
    g_assert_false (ebb_session_clock_get_open (clock));
  }

  gt_signal_logger_assert_no_emissions (logger);
  g_clear_pointer (&logger, gt_signal_logger_free);
  g_object_unref (clock);
}

/* The year of birth, checked, with the age it gives beside it */
static void
test_birth_year (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *forty_years_ago = g_strdup_printf ("%d", g_date_time_get_year (now) - 40);
  GtkWidget *dialog = ebb_patient_dialog_new (fixture->window, fixture->store, NULL);
  GtkEditable *year = GTK_EDITABLE (gtk_widget_get_template_child (dialog, EBB_TYPE_PATIENT_DIALOG, "birth_year_row"));
  GtkLabel *age = GTK_LABEL (gtk_widget_get_template_child (dialog, EBB_TYPE_PATIENT_DIALOG, "age_label"));
  GtkLabel *message = GTK_LABEL (gtk_widget_get_template_child (dialog, EBB_TYPE_PATIENT_DIALOG, "birth_year_message"));

  g_assert_cmpstr (gtk_label_get_text (age), ==, "");
  gtk_editable_set_text (year, forty_years_ago);
  g_assert_cmpstr (gtk_label_get_text (age), ==, "age 40");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));

  gtk_editable_set_text (year, "1850");
  g_assert_cmpstr (gtk_label_get_text (age), ==, "");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (year), "error"));

  gtk_editable_set_text (year, "");
  g_assert_cmpstr (gtk_label_get_text (age), ==, "");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The rating dialog's baseline and last score -------------------------------- */

static gint64
add_rating (Fixture    *fixture,
            gint32      day,
            const char *scale,
            int         total)
{
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *when = ebb_date_format (day);

  rating->patient_id = fixture->patient_id;
  rating->scale_id = g_strdup (scale);
  rating->total = total;
  rating->alert_item = ebb_scale_lookup (scale)->alert_item > 0 ? 0 : -1;
  g_assert_true (ebb_rating_set_when (rating, when, &error));
  g_assert_true (ebb_store_add_rating (fixture->store, rating, &error));
  g_assert_no_error (error);
  return rating->id;
}

static EbbRating *
find_rating (Fixture *fixture,
             gint64   id)
{
  g_autoptr(GPtrArray) ratings = ebb_store_list_ratings (fixture->store, fixture->patient_id, NULL);

  for (guint i = 0; i < ratings->len; i++)
    {
      EbbRating *rating = g_ptr_array_index (ratings, i);

      if (rating->id == id)
        return ebb_rating_copy (rating);
    }
  g_assert_not_reached ();
}

static const char *
history_of (GtkWidget *dialog)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (dialog, EBB_TYPE_RATING_DIALOG,
                                                                                     "score_group"));

  return adw_preferences_group_get_description (group);
}

/*   T−31  MADRS 32, the baseline
 *   T−30  done induction IV
 *   T−10  MADRS 20
 *   T−3   MADRS 14, the last
 *   T−2   GAD-7 9 (no baseline: it does not measure depression) */
static void
test_rating_history (Fixture       *fixture,
                     gconstpointer  user_data)
{
  gint32 today = ebb_date_today ();
  g_autofree char *t3 = ebb_date_format_for_people (today - 3, today);
  g_autofree char *t10 = ebb_date_format_for_people (today - 10, today);
  g_autofree char *t2 = ebb_date_format_for_people (today - 2, today);
  g_autofree char *expected = NULL;
  g_autoptr(EbbRating) baseline = NULL;
  g_autoptr(EbbRating) last = NULL;
  gint64 baseline_id, last_id;
  GtkWidget *dialog;

  baseline_id = add_rating (fixture, today - 31, "MADRS", 32);
  add_session (fixture, today - 30, EBB_SESSION_DONE, 0, 0);
  add_rating (fixture, today - 10, "MADRS", 20);
  last_id = add_rating (fixture, today - 3, "MADRS", 14);
  add_rating (fixture, today - 2, "GAD-7", 9);

  dialog = ebb_rating_dialog_new (fixture->window, fixture->store, fixture->patient_id, NULL, "MADRS");
  expected = g_strdup_printf ("Baseline 32 · last 14 on %s", t3);
  g_assert_cmpstr (history_of (dialog), ==, expected);

  /* Another scale, another history */
  ebb_rating_dialog_set_scale (EBB_RATING_DIALOG (dialog), "PHQ-9");
  g_assert_cmpstr (history_of (dialog), ==, "No earlier PHQ-9 rating");
  ebb_rating_dialog_set_scale (EBB_RATING_DIALOG (dialog), "GAD-7");
  g_free (expected);
  expected = g_strdup_printf ("Last 9 on %s", t2);
  g_assert_cmpstr (history_of (dialog), ==, expected);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Editing the last: the one before it is the last. */
  last = find_rating (fixture, last_id);
  dialog = ebb_rating_dialog_new (fixture->window, fixture->store, fixture->patient_id, last, NULL);
  g_free (expected);
  expected = g_strdup_printf ("Baseline 32 · last 20 on %s", t10);
  g_assert_cmpstr (history_of (dialog), ==, expected);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Editing the baseline says so. */
  baseline = find_rating (fixture, baseline_id);
  dialog = ebb_rating_dialog_new (fixture->window, fixture->store, fixture->patient_id, baseline, NULL);
  g_free (expected);
  expected = g_strdup_printf ("This rating is the baseline · last 14 on %s", t3);
  g_assert_cmpstr (history_of (dialog), ==, expected);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Preferences: units and resets ---------------------------------------------- */

static AdwActionRow *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *row = find_row (child, title);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static void
count_rows (GtkWidget *widget,
            guint     *rows,
            guint     *resets)
{
  if (ADW_IS_ACTION_ROW (widget))
    (*rows)++;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), "Reset to the Default") == 0)
    (*resets)++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_rows (child, rows, resets);
}

static void
test_preferences_units (Fixture       *fixture,
                        gconstpointer  user_data)
{
  EbbClinicRulesPage *page = EBB_CLINIC_RULES_PAGE (ebb_clinic_rules_page_new (fixture->store));
  AdwActionRow *fraction, *baseline, *pressure;
  g_autofree char *stored = NULL;
  EbbRuleSettings rules;
  guint rows = 0, resets = 0;

  g_object_ref_sink (page);
  fraction = find_row (GTK_WIDGET (page), "Improvement that counts as response");
  baseline = find_row (GTK_WIDGET (page), "Baseline window before the first session");
  pressure = find_row (GTK_WIDGET (page), "Blood pressure before dosing, flagged above");
  g_assert_nonnull (fraction);
  g_assert_nonnull (baseline);
  g_assert_nonnull (pressure);

  /* Each value with its unit, its default and a reset */
  count_rows (GTK_WIDGET (page), &rows, &resets);
  g_assert_cmpuint (rows, >, 10);
  g_assert_cmpuint (resets, ==, rows);
  g_assert_cmpstr (adw_action_row_get_subtitle (baseline), ==, "Default 30 days");
  g_assert_nonnull (ebb_test_find_label (GTK_WIDGET (baseline), "days"));
  g_assert_cmpstr (adw_action_row_get_subtitle (pressure), ==, "Default 140/90 mmHg");
  g_assert_nonnull (ebb_test_find_label (GTK_WIDGET (pressure), "mmHg"));

  /* The response fraction as a percentage */
  g_assert_cmpstr (ebb_clinic_rules_page_get_text (page, "response-fraction"), ==, "50");
  g_assert_cmpstr (adw_action_row_get_subtitle (fraction), ==, "Default 50 %");
  g_assert_nonnull (ebb_test_find_label (GTK_WIDGET (fraction), "%"));
  g_assert_true (ebb_clinic_rules_page_apply (page, "response-fraction", "40"));
  g_assert_true (ebb_store_load_rule_settings (fixture->store, &rules, NULL));
  stored = ebb_rule_settings_get_value (&rules, "response-fraction");
  g_assert_cmpstr (stored, ==, "0.4");
  g_assert_cmpstr (ebb_clinic_rules_page_get_text (page, "response-fraction"), ==, "40");

  /* Refused: said on the row, in place of its default */
  g_assert_false (ebb_clinic_rules_page_apply (page, "response-fraction", "95"));
  g_assert_cmpstr (adw_action_row_get_subtitle (fraction), ==, "Give a percentage from 10 % to 90 %");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (fraction), "error"));
  g_assert_false (ebb_clinic_rules_page_apply (page, "bp-before", "140"));
  g_assert_cmpstr (adw_action_row_get_subtitle (pressure), ==,
                   "Give systolic over diastolic in mmHg, e.g. 140/90");

  /* The reset puts back the default, and the row's words. */
  g_assert_true (ebb_clinic_rules_page_apply (page, "response-fraction", NULL));
  g_assert_cmpstr (ebb_clinic_rules_page_get_text (page, "response-fraction"), ==, "50");
  g_assert_cmpstr (adw_action_row_get_subtitle (fraction), ==, "Default 50 %");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (fraction), "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (pressure), ==, "Default 140/90 mmHg");

  g_object_unref (page);
}

/* An open session of today for @patient_id, dosed at @hour:@minute */
static EbbSession *
store_open_session (EbbStore *store,
                    gint64    patient_id,
                    int       hour,
                    int       minute)
{
  g_autofree char *today = ebb_date_format (ebb_date_today ());
  g_autoptr(GError) error = NULL;
  EbbSession *session = ebb_session_new ();

  session->patient_id = patient_id;
  session->status = EBB_SESSION_DONE;
  session->route = EBB_ROUTE_INTRANASAL;
  session->drug = EBB_DRUG_ESKETAMINE;
  session->dose_mg = 56;
  session->dose_time = hour * 3600 + minute * 60;
  g_assert_true (ebb_session_set_when (session, today, &error));
  g_assert_true (ebb_store_add_session (store, session, &error));
  g_assert_no_error (error);
  return session;
}

/* Two patients in two chairs: each reading is said when due, whichever
 * page is shown, once; a reading taken moves it on; a discharge ends it. */
static void
test_session_watch (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(EbbPatient) second = ebb_patient_new ("K-0043", "Second Patient");
  g_autoptr(EbbSession) first_session = NULL;
  g_autoptr(EbbSession) second_session = NULL;
  g_autoptr(EbbReading) reading = ebb_reading_new ();
  g_autoptr(EbbSessionWatch) watch = ebb_session_watch_new (NULL);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GDateTime) at_1030 = today_at (10, 30);
  g_autoptr(GDateTime) at_1041 = today_at (10, 41);
  g_autoptr(GDateTime) at_1101 = today_at (11, 1);
  g_autoptr(GDateTime) at_1121 = today_at (11, 21);
  g_autoptr(GError) error = NULL;
  gint64 session_id;
  int slot;

  g_assert_true (ebb_store_add_patient (fixture->store, second, &error));
  first_session = store_open_session (fixture->store, fixture->patient_id, 10, 0);
  second_session = store_open_session (fixture->store, second->id, 10, 20);

  gt_signal_logger_connect (logger, watch, "reading-due");
  ebb_session_watch_set_now (watch, at_1030);
  ebb_session_watch_set_store (watch, fixture->store);
  /* Read once the main loop is idle */
  g_assert_cmpuint (ebb_session_watch_get_n_open (watch), ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (ebb_session_watch_get_n_open (watch), ==, 2);
  gt_signal_logger_assert_no_emissions (logger);

  /* 10:41: the first patient's 40-minute reading, once */
  ebb_session_watch_set_now (watch, at_1041);
  gt_signal_logger_assert_emission_pop (logger, watch, "reading-due", &session_id, &slot);
  g_assert_cmpint (session_id, ==, first_session->id);
  g_assert_cmpint (slot, ==, 1);
  ebb_session_watch_set_now (watch, at_1041);
  gt_signal_logger_assert_no_emissions (logger);

  /* The reading is taken: the next is due at 11:20.  The second
   * patient's is due at 11:00. */
  reading->session_id = first_session->id;
  reading->time = 10 * 3600 + 42 * 60;
  reading->systolic = 140;
  reading->diastolic = 85;
  g_assert_true (ebb_store_add_reading (fixture->store, reading, &error));
  g_assert_no_error (error);
  gt_signal_logger_assert_no_emissions (logger);
  ebb_session_watch_set_now (watch, at_1101);
  gt_signal_logger_assert_emission_pop (logger, watch, "reading-due", &session_id, &slot);
  g_assert_cmpint (session_id, ==, second_session->id);
  g_assert_cmpint (slot, ==, 1);
  gt_signal_logger_assert_no_emissions (logger);

  /* The second patient goes home; the first's 80-minute reading falls due. */
  second_session->discharge_time = 11 * 3600 + 5 * 60;
  g_assert_true (ebb_store_update_session (fixture->store, second_session, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ebb_session_watch_get_n_open (watch), ==, 1);
  ebb_session_watch_set_now (watch, at_1121);
  gt_signal_logger_assert_emission_pop (logger, watch, "reading-due", &session_id, &slot);
  g_assert_cmpint (session_id, ==, first_session->id);
  g_assert_cmpint (slot, ==, 2);
  gt_signal_logger_assert_no_emissions (logger);

  ebb_session_watch_set_store (watch, NULL);
  g_assert_cmpuint (ebb_session_watch_get_n_open (watch), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  ebb_test_init_backend (argc, argv);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/forms/date-row/words", test_date_row_words);
  ADD ("/forms/date-row/calendar", test_date_row_calendar);
  ADD ("/forms/date-row/typed", test_date_row_typed);
  ADD ("/forms/date-row/time", test_date_row_time);
  ADD ("/forms/session-dialog/date", test_session_dialog_date);
  ADD ("/forms/session-dialog/blood-pressure", test_blood_pressure);
  ADD ("/forms/session-dialog/record", test_session_record);
  ADD ("/forms/session-dialog/add-reading-key", test_add_reading_key);
  ADD ("/forms/session-dialog/esketamine-dose", test_esketamine_dose);
  ADD ("/forms/session-dialog/early-discharge", test_early_discharge);
  ADD ("/forms/session-dialog/failed-save", test_failed_save);
  g_test_add_func ("/forms/session-clock/times", test_session_clock);
  ADD ("/forms/session-watch/every-patient", test_session_watch);
  ADD ("/forms/patient-dialog/birth-year", test_birth_year);
  ADD ("/forms/rating-dialog/history", test_rating_history);
  ADD ("/forms/preferences/units", test_preferences_units);

#undef ADD

  return g_test_run ();
}
