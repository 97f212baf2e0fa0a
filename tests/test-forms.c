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

#include "ebb-date-time-row.h"
#include "ebb-rating-dialog.h"
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
  ebb_date_time_row_set_text (row, "2026-03-01T08:05:59+01:00");
  g_assert_cmpstr (ebb_date_time_row_get_text (row), ==, "2026-03-01T08:05:59+01:00");
  g_assert_cmpstr (ebb_date_time_row_get_date_label (row), ==, "Sun 1 Mar 2026");
  g_assert_cmpstr (ebb_date_time_row_get_time_label (row), ==, "08:05");

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

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/forms/date-row/words", test_date_row_words);
  ADD ("/forms/date-row/calendar", test_date_row_calendar);
  ADD ("/forms/date-row/typed", test_date_row_typed);
  ADD ("/forms/date-row/time", test_date_row_time);
  ADD ("/forms/session-dialog/date", test_session_dialog_date);

#undef ADD

  return g_test_run ();
}
