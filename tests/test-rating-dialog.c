/* test-rating-dialog.c — the suicide item and the dose question of a rating, under Xvfb
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Clinical rules §1 and §2: a total entered by hand asks for its scale's
 * alert item; a rating on a session's day asks whether it was taken
 * before or after the dose; the ratings table says when the alert item
 * was not recorded and when a rating was taken after the dose.
 *
 * One patient, dated relative to today:
 *
 *   T−40  done induction IV; MADRS 30 the same day
 *   T−10  done maintenance IV at 09:30
 *   T−3   scheduled maintenance IV, not recorded since (still booked)
 *   T+5   scheduled maintenance IV
 *
 * Today itself has no session.
 */
#include "config.h"

#include <libglib-testing/signal-logger.h>

#include "ebb-patient-page.h"
#include "ebb-rating-dialog.h"
#include "ebb-record-items.h"
#include "ebb-test-utils.h"
#include "ebb-test-widgets.h"

typedef struct
{
  EbbTestClinic   clinic;
  EbbStore       *store;
  gint64          patient_id;
  gint32          today;
  GtkWindow      *window;
} Fixture;

static char *
day_text (Fixture *fixture,
          int      offset)
{
  return ebb_date_format (fixture->today + offset);
}

/* "YYYY-MM-DDTHH:MM" */
static char *
day_time_text (Fixture    *fixture,
               int         offset,
               const char *time)
{
  g_autofree char *day = day_text (fixture, offset);

  return g_strdup_printf ("%sT%s", day, time);
}

static void
add_session (Fixture          *fixture,
             const char       *when,
             EbbSessionStatus  status,
             EbbPhase          phase)
{
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(GError) error = NULL;

  session->patient_id = fixture->patient_id;
  session->status = status;
  session->phase = phase;
  session->route = EBB_ROUTE_IV;
  session->dose_mg = 35;
  g_assert_true (ebb_session_set_when (session, when, &error));
  g_assert_true (ebb_store_add_session (fixture->store, session, &error));
  g_assert_no_error (error);
}

/* A rating as an import stores it: no question asked */
static gint64
add_rating (Fixture    *fixture,
            const char *when,
            const char *scale,
            int         total,
            int         alert_item)
{
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GError) error = NULL;

  rating->patient_id = fixture->patient_id;
  rating->scale_id = g_strdup (scale);
  rating->total = total;
  rating->alert_item = alert_item;
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

static guint
count_ratings (Fixture *fixture)
{
  g_autoptr(GPtrArray) ratings = ebb_store_list_ratings (fixture->store, fixture->patient_id, NULL);

  return ratings->len;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-0042", "Test Patient");
  g_autoptr(GError) error = NULL;
  g_autofree char *t40 = NULL;
  g_autofree char *t10 = NULL;
  g_autofree char *t3 = NULL;
  g_autofree char *t5 = NULL;

  ebb_test_clinic_set_up (&fixture->clinic, NULL);
  fixture->store = ebb_store_open (fixture->clinic.path, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  fixture->today = ebb_date_today ();
  g_assert_true (ebb_store_add_patient (fixture->store, patient, &error));
  g_assert_no_error (error);
  fixture->patient_id = patient->id;

  t40 = day_text (fixture, -40);
  t10 = day_time_text (fixture, -10, "09:30");
  t3 = day_text (fixture, -3);
  t5 = day_text (fixture, 5);
  add_session (fixture, t40, EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  add_session (fixture, t10, EBB_SESSION_DONE, EBB_PHASE_MAINTENANCE);
  add_session (fixture, t3, EBB_SESSION_SCHEDULED, EBB_PHASE_MAINTENANCE);
  add_session (fixture, t5, EBB_SESSION_SCHEDULED, EBB_PHASE_MAINTENANCE);
  add_rating (fixture, t40, "MADRS", 30, -1);

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

static EbbRatingDialog *
new_dialog (Fixture        *fixture,
            const EbbRating *rating,
            const char      *scale_id)
{
  GtkWidget *dialog = ebb_rating_dialog_new (fixture->window, fixture->store, fixture->patient_id,
                                             rating, scale_id);

  /* Kept past Save, which destroys it */
  return EBB_RATING_DIALOG (g_object_ref (dialog));
}

static gpointer
dialog_child (gpointer    dialog,
              const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (dialog), EBB_TYPE_RATING_DIALOG, name);

  g_assert_nonnull (child);
  return child;
}

static void
show_and_wait (GtkWidget *widget)
{
  gtk_window_present (GTK_WINDOW (gtk_widget_get_root (widget)));
  while (!gtk_widget_get_mapped (widget))
    g_main_context_iteration (NULL, TRUE);
  gtk_test_widget_wait_for_draw (widget);
}

/* Saves, and returns the stored rating's id */
static gint64
save (EbbRatingDialog *dialog)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  gint64 id = 0;

  gt_signal_logger_connect (logger, dialog, "saved");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "rating.save", NULL));
  gt_signal_logger_assert_emission_pop (logger, dialog, "saved", &id);
  gt_signal_logger_assert_no_emissions (logger);
  g_object_unref (dialog);
  return id;
}

/* §1: a PHQ-9 total alone is not saved without item 9. */
static void
test_alert_item_required (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(EbbRating) stored = NULL;
  EbbRatingDialog *dialog = new_dialog (fixture, NULL, "PHQ-9");
  AdwActionRow *alert_row = dialog_child (dialog, "alert_row");
  GtkLabel *message = dialog_child (dialog, "score_message");

  /* Asked from the start, unanswered, and no complaint before a total. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (alert_row)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (alert_row)), ==,
                   "Ite_m 9 · thoughts of death or self-harm");
  g_assert_cmpint (ebb_rating_dialog_get_alert_item (dialog), ==, -1);
  g_assert_null (ebb_rating_dialog_get_message (dialog));
  /* One button per value, 0–3 */
  g_assert_true (gtk_widget_get_visible (ebb_test_find_button (GTK_WIDGET (alert_row), "3")));
  g_assert_false (gtk_widget_get_visible (ebb_test_find_button (GTK_WIDGET (alert_row), "4")));

  ebb_rating_dialog_set_total (dialog, "14");
  g_assert_false (ebb_rating_dialog_get_can_save (dialog));
  g_assert_cmpstr (ebb_rating_dialog_get_message (dialog), ==,
                   "Answer item 9 (thoughts of death or self-harm) to save: it is asked with every PHQ-9 total");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  /* Asked for, not marked as a mistake: red is a suicide alert's colour. */
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (alert_row), "error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (message), "error"));

  gt_signal_logger_connect (logger, dialog, "saved");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "rating.save", NULL);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpuint (count_ratings (fixture), ==, 1);

  ebb_rating_dialog_set_alert_item (dialog, 1);
  g_assert_true (ebb_rating_dialog_get_can_save (dialog));
  g_assert_null (ebb_rating_dialog_get_message (dialog));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (message)));

  stored = find_rating (fixture, save (dialog));
  g_assert_cmpstr (stored->scale_id, ==, "PHQ-9");
  g_assert_cmpint (stored->total, ==, 14);
  g_assert_cmpuint (stored->n_items, ==, 0);
  g_assert_cmpint (stored->alert_item, ==, 1);
  /* Today has no session: nothing was asked about the dose. */
  g_assert_cmpint (stored->dose_relation, ==, EBB_DOSE_RELATION_UNKNOWN);
}

/* A value the total contradicts is refused, naming both. */
static void
test_alert_item_checked (Fixture       *fixture,
                         gconstpointer  user_data)
{
  EbbRatingDialog *dialog = new_dialog (fixture, NULL, "PHQ-9");
  AdwActionRow *alert_row = dialog_child (dialog, "alert_row");

  ebb_rating_dialog_set_total (dialog, "0");
  ebb_rating_dialog_set_alert_item (dialog, 1);
  g_assert_false (ebb_rating_dialog_get_can_save (dialog));
  g_assert_cmpstr (ebb_rating_dialog_get_message (dialog), ==, "Item 9 is 1, more than the total of 0");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (alert_row), "error"));

  /* 26 with item 9 at 1 would need 25 from eight items of 0–3 (24 at most). */
  ebb_rating_dialog_set_total (dialog, "26");
  g_assert_false (ebb_rating_dialog_get_can_save (dialog));
  g_assert_cmpstr (ebb_rating_dialog_get_message (dialog), ==,
                   "A PHQ-9 total of 26 needs item 9 to be at least 2: the other items give at most 24");
  ebb_rating_dialog_set_alert_item (dialog, 2);
  g_assert_true (ebb_rating_dialog_get_can_save (dialog));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (alert_row), "error"));

  /* Another scale asks its own item, afresh: MADRS item 10, 0–6. */
  ebb_rating_dialog_set_scale (dialog, "MADRS");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (alert_row)), ==,
                   "Ite_m 10 · suicidal thoughts");
  g_assert_cmpint (ebb_rating_dialog_get_alert_item (dialog), ==, -1);
  g_assert_true (gtk_widget_get_visible (ebb_test_find_button (GTK_WIDGET (alert_row), "6")));
  g_assert_false (ebb_rating_dialog_get_can_save (dialog));

  /* A scale without an alert item asks nothing. */
  ebb_rating_dialog_set_scale (dialog, "GAD-7");
  ebb_rating_dialog_set_total (dialog, "9");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (alert_row)));
  g_assert_true (ebb_rating_dialog_get_can_save (dialog));
  g_assert_cmpint (save (dialog), >, 0);
}

/* Items entered one by one hold the alert item: nothing more is asked. */
static void
test_alert_item_from_items (Fixture       *fixture,
                            gconstpointer  user_data)
{
  const int items[9] = { 2, 2, 1, 2, 1, 1, 1, 0, 1 };
  g_autoptr(EbbRating) stored = NULL;
  EbbRatingDialog *dialog = new_dialog (fixture, NULL, "PHQ-9");

  ebb_rating_dialog_set_items (dialog, items, G_N_ELEMENTS (items));
  g_assert_false (gtk_widget_get_visible (dialog_child (dialog, "alert_row")));
  g_assert_true (ebb_rating_dialog_get_can_save (dialog));

  stored = find_rating (fixture, save (dialog));
  /* 2 + 2 + 1 + 2 + 1 + 1 + 1 + 0 + 1 */
  g_assert_cmpint (stored->total, ==, 11);
  g_assert_cmpuint (stored->n_items, ==, 9);
  g_assert_cmpint (stored->items[8], ==, 1);
  g_assert_cmpint (stored->alert_item, ==, -1);
}

/* Editing shows what was stored; an imported total without its alert
 * item is not held up by it. */
static void
test_alert_item_edit (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *t20 = day_text (fixture, -20);
  gint64 answered = add_rating (fixture, t20, "PHQ-9", 12, 2);
  gint64 imported = add_rating (fixture, t20, "QIDS-SR16", 13, -1);
  g_autoptr(EbbRating) rating = find_rating (fixture, answered);
  g_autoptr(EbbRating) stored = NULL;
  EbbRatingDialog *dialog;
  AdwActionRow *alert_row;

  dialog = new_dialog (fixture, rating, NULL);
  g_assert_cmpint (ebb_rating_dialog_get_alert_item (dialog), ==, 2);
  g_assert_true (ebb_rating_dialog_get_can_save (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  g_clear_pointer (&rating, ebb_rating_free);
  rating = find_rating (fixture, imported);
  dialog = new_dialog (fixture, rating, NULL);
  alert_row = dialog_child (dialog, "alert_row");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (alert_row)));
  g_assert_cmpint (ebb_rating_dialog_get_alert_item (dialog), ==, -1);
  g_assert_cmpstr (adw_action_row_get_subtitle (alert_row), ==,
                   "Not recorded: choose it if you know it");
  g_assert_true (ebb_rating_dialog_get_can_save (dialog));
  g_assert_null (ebb_rating_dialog_get_message (dialog));

  stored = find_rating (fixture, save (dialog));
  g_assert_cmpint (stored->id, ==, imported);
  g_assert_cmpint (stored->alert_item, ==, -1);
}

/* §2: a rating on a session's day says which side of the dose it was. */
static void
test_dose_relation (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *t40 = day_text (fixture, -40);
  g_autofree char *t38 = day_text (fixture, -38);
  g_autofree char *t3 = day_text (fixture, -3);
  g_autofree char *t10_early = day_time_text (fixture, -10, "08:00");
  g_autofree char *t10_late = day_time_text (fixture, -10, "11:15");
  g_autoptr(EbbRating) stored = NULL;
  EbbRatingDialog *dialog = new_dialog (fixture, NULL, "PHQ-9");
  AdwActionRow *dose_row = dialog_child (dialog, "dose_row");

  ebb_rating_dialog_set_total (dialog, "9");
  ebb_rating_dialog_set_alert_item (dialog, 0);

  /* Today: no session, no question. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dose_row)));
  g_assert_cmpint (ebb_rating_dialog_get_dose_relation (dialog), ==, EBB_DOSE_RELATION_UNKNOWN);

  /* T−40, the day of a done session: the first PHQ-9 of the day is
   * offered as taken before it. */
  ebb_rating_dialog_set_date (dialog, t40);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dose_row)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (dose_row)), ==,
                   "Taken before or after the session?");
  g_assert_cmpstr (adw_action_row_get_subtitle (dose_row), ==, "Session that day · Done");
  g_assert_cmpint (ebb_rating_dialog_get_dose_relation (dialog), ==, EBB_DOSE_RELATION_BEFORE);

  /* A MADRS was rated that day already: a second one is offered as after. */
  ebb_rating_dialog_set_scale (dialog, "MADRS");
  g_assert_cmpint (ebb_rating_dialog_get_dose_relation (dialog), ==, EBB_DOSE_RELATION_AFTER);
  g_assert_cmpstr (adw_action_row_get_subtitle (dose_row), ==,
                   "Session that day · Done · MADRS already rated that day");
  ebb_rating_dialog_set_scale (dialog, "PHQ-9");
  ebb_rating_dialog_set_total (dialog, "9");
  ebb_rating_dialog_set_alert_item (dialog, 0);

  /* T−38: no session that day. */
  ebb_rating_dialog_set_date (dialog, t38);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dose_row)));

  /* T−3: booked and not recorded yet, asked all the same. */
  ebb_rating_dialog_set_date (dialog, t3);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dose_row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (dose_row), ==, "Session that day · Scheduled");

  /* T−10, a session at 09:30: the times decide what is offered. */
  ebb_rating_dialog_set_date (dialog, t10_early);
  g_assert_cmpstr (adw_action_row_get_subtitle (dose_row), ==, "Session at 09:30 · Done");
  g_assert_cmpint (ebb_rating_dialog_get_dose_relation (dialog), ==, EBB_DOSE_RELATION_BEFORE);
  ebb_rating_dialog_set_date (dialog, t10_late);
  g_assert_cmpint (ebb_rating_dialog_get_dose_relation (dialog), ==, EBB_DOSE_RELATION_AFTER);

  /* What the clinician answers stays through a change of date. */
  ebb_rating_dialog_set_date (dialog, t40);
  g_assert_cmpint (ebb_rating_dialog_get_dose_relation (dialog), ==, EBB_DOSE_RELATION_BEFORE);
  ebb_rating_dialog_set_dose_relation (dialog, EBB_DOSE_RELATION_AFTER);
  ebb_rating_dialog_set_date (dialog, t10_early);
  g_assert_cmpint (ebb_rating_dialog_get_dose_relation (dialog), ==, EBB_DOSE_RELATION_AFTER);
  ebb_rating_dialog_set_date (dialog, t40);
  g_assert_true (ebb_rating_dialog_get_can_save (dialog));

  stored = find_rating (fixture, save (dialog));
  g_assert_cmpstr (stored->when_text, ==, t40);
  g_assert_cmpint (stored->dose_relation, ==, EBB_DOSE_RELATION_AFTER);
  g_assert_cmpint (stored->alert_item, ==, 0);

  /* Editing it shows the answer stored, not the order's guess. */
  {
    EbbRatingDialog *edit = new_dialog (fixture, stored, NULL);

    GtkWindow *question;

    g_assert_cmpint (ebb_rating_dialog_get_dose_relation (edit), ==, EBB_DOSE_RELATION_AFTER);

    /* An answer changed is a change: closing asks before losing it. */
    ebb_rating_dialog_set_dose_relation (edit, EBB_DOSE_RELATION_BEFORE);
    show_and_wait (GTK_WIDGET (edit));
    gtk_widget_activate_action (GTK_WIDGET (edit), "window.close", NULL);
    question = ebb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (question);
    g_assert_true (gtk_window_get_transient_for (question) == GTK_WINDOW (edit));
    gtk_window_destroy (question);
    gtk_window_destroy (GTK_WINDOW (edit));
    g_object_unref (edit);
  }
}

static gboolean
has_focus_on (GtkWidget *dialog,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Both questions by keyboard: Tab and the arrows go from answer to
 * answer, the item's access key goes to its values without choosing one,
 * and Before and After have access keys of their own. */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *t40 = day_text (fixture, -40);
  EbbRatingDialog *dialog = new_dialog (fixture, NULL, "PHQ-9");
  GtkWidget *alert_row = dialog_child (dialog, "alert_row");
  GtkWidget *before = dialog_child (dialog, "before_button");
  GtkWidget *after = dialog_child (dialog, "after_button");
  GtkWidget *zero = ebb_test_find_button (alert_row, "0");
  GtkWidget *one = ebb_test_find_button (alert_row, "1");
  GtkWidget *two = ebb_test_find_button (alert_row, "2");

  ebb_rating_dialog_set_date (dialog, t40);
  ebb_rating_dialog_set_total (dialog, "12");
  show_and_wait (GTK_WIDGET (dialog));

  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (before)), ==, "_Before");
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (before)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (after)), ==, "_After");
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (after)));
  g_assert_true (adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (alert_row)));

  /* Date, time, Before, After, Total, then the item's values */
  gtk_widget_grab_focus (dialog_child (dialog, "date_row"));
  g_assert_true (has_focus_on (GTK_WIDGET (dialog), dialog_child (dialog, "date_row")));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD));
  g_assert_true (has_focus_on (GTK_WIDGET (dialog), dialog_child (dialog, "date_row")));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD));
  g_assert_true (has_focus_on (GTK_WIDGET (dialog), before));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD));
  g_assert_true (has_focus_on (GTK_WIDGET (dialog), after));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD));
  g_assert_true (has_focus_on (GTK_WIDGET (dialog), dialog_child (dialog, "total_row")));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_TAB_FORWARD));
  g_assert_true (has_focus_on (GTK_WIDGET (dialog), zero));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (dialog), GTK_DIR_RIGHT));
  g_assert_true (has_focus_on (GTK_WIDGET (dialog), one));

  /* The access key focuses a value and chooses none. */
  gtk_widget_grab_focus (dialog_child (dialog, "date_row"));
  g_assert_true (gtk_widget_mnemonic_activate (alert_row, FALSE));
  g_assert_true (has_focus_on (GTK_WIDGET (dialog), zero));
  g_assert_cmpint (ebb_rating_dialog_get_alert_item (dialog), ==, -1);
  g_assert_false (ebb_rating_dialog_get_can_save (dialog));

  /* Space on a value chooses it (a button clicks as its press ends); the
   * access key then goes to it. */
  gtk_widget_activate (two);
  while (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (two)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ebb_rating_dialog_get_alert_item (dialog), ==, 2);
  g_assert_true (ebb_rating_dialog_get_can_save (dialog));
  gtk_widget_grab_focus (dialog_child (dialog, "date_row"));
  g_assert_true (gtk_widget_mnemonic_activate (alert_row, FALSE));
  g_assert_true (has_focus_on (GTK_WIDGET (dialog), two));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static EbbRatingItem *
find_item (GListModel *ratings,
           gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (ratings); i++)
    {
      g_autoptr(EbbRatingItem) item = g_list_model_get_item (ratings, i);

      if (ebb_rating_item_get_rating (item)->id == id)
        return g_steal_pointer (&item);
    }
  g_assert_not_reached ();
}

static char *
item_string (EbbRatingItem *item,
             const char    *property)
{
  char *text = NULL;

  g_object_get (item, property, &text, NULL);
  return text;
}

/* The table says what the rating lacks, and which ratings were taken
 * after the dose. */
static void
test_table_marks (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *t40 = day_text (fixture, -40);
  g_autofree char *t20 = day_text (fixture, -20);
  g_autofree char *t15 = day_text (fixture, -15);
  g_autofree char *t40_shown = ebb_format_when (t40);
  g_autofree char *after_dose = g_strdup_printf ("%s · after the dose", t40_shown);
  gint64 imported = add_rating (fixture, t20, "PHQ-9", 14, -1);
  gint64 implied = add_rating (fixture, t15, "PHQ-9", 25, -1);
  gint64 answered = add_rating (fixture, t20, "QIDS-SR16", 12, 1);
  gint64 anxiety = add_rating (fixture, t20, "GAD-7", 9, -1);
  /* The second MADRS of T−40: after the dose by the order recorded */
  gint64 second = add_rating (fixture, t40, "MADRS", 18, 1);
  EbbPatientPage *page = EBB_PATIENT_PAGE (ebb_patient_page_new ());
  GListModel *ratings;
  GtkLabel *caption;

  gtk_window_set_default_size (fixture->window, 1200, 900);
  gtk_window_set_child (fixture->window, GTK_WIDGET (page));
  ebb_patient_page_set_patient (page, fixture->store, fixture->patient_id);
  ratings = ebb_patient_page_get_ratings (page);

  {
    g_autoptr(EbbRatingItem) item = find_item (ratings, imported);
    g_autofree char *text = item_string (item, "items-text");
    g_autofree char *tooltip = item_string (item, "items-tooltip");

    g_assert_true (ebb_rating_item_get_alert_unrecorded (item));
    g_assert_cmpstr (text, ==, "suicide item not recorded");
    g_assert_cmpstr (tooltip, ==, "Item 9 (thoughts of death or self-harm) was not recorded with this total.");
  }
  {
    /* 25 − (27 − 3) = 1: the total proves item 9 was at least 1. */
    g_autoptr(EbbRatingItem) item = find_item (ratings, implied);
    g_autofree char *text = item_string (item, "items-text");
    g_autofree char *tooltip = item_string (item, "items-tooltip");

    g_assert_cmpstr (text, ==, "suicide item not recorded");
    g_assert_cmpstr (tooltip, ==, "Item 9 (thoughts of death or self-harm) was not recorded with this total; "
                                  "the total implies it was at least 1.");
  }
  {
    g_autoptr(EbbRatingItem) item = find_item (ratings, answered);
    g_autofree char *text = item_string (item, "items-text");

    g_assert_false (ebb_rating_item_get_alert_unrecorded (item));
    g_assert_cmpstr (text, ==, "item 12: 1");
  }
  {
    g_autoptr(EbbRatingItem) item = find_item (ratings, anxiety);
    g_autofree char *text = item_string (item, "items-text");

    g_assert_false (ebb_rating_item_get_alert_unrecorded (item));
    g_assert_cmpstr (text, ==, "—");
  }
  {
    g_autoptr(EbbRatingItem) item = find_item (ratings, second);
    g_autofree char *when = item_string (item, "when-display");
    g_autofree char *tooltip = item_string (item, "when-tooltip");

    g_assert_true (ebb_rating_item_get_post_dose (item));
    g_assert_cmpstr (when, ==, after_dose);
    g_assert_nonnull (tooltip);
  }
  {
    /* The first MADRS of that day was before the dose, and says nothing. */
    g_autoptr(EbbRatingItem) item = g_list_model_get_item (ratings, g_list_model_get_n_items (ratings) - 1);
    g_autofree char *when = item_string (item, "when-display");

    g_assert_cmpint (ebb_rating_item_get_rating (item)->total, ==, 30);
    g_assert_false (ebb_rating_item_get_post_dose (item));
    g_assert_cmpstr (when, ==, t40_shown);
    /* Newest first: the one after the dose shows above it. */
    g_object_unref (item);
    item = g_list_model_get_item (ratings, g_list_model_get_n_items (ratings) - 2);
    g_assert_cmpint (ebb_rating_item_get_rating (item)->id, ==, second);
  }

  /* On screen, the mark is a dim caption beside the values. */
  gtk_window_present (fixture->window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (page)))
    g_main_context_iteration (NULL, TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (page));
  ebb_test_wait_for_records (GTK_WIDGET (page));
  caption = ebb_test_find_label (GTK_WIDGET (page), "suicide item not recorded");
  g_assert_nonnull (caption);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (caption), "dim-label"));
  g_assert_nonnull (ebb_test_find_label (GTK_WIDGET (page), after_dose));
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

  ADD ("/rating-dialog/alert-item-required", test_alert_item_required);
  ADD ("/rating-dialog/alert-item-checked", test_alert_item_checked);
  ADD ("/rating-dialog/alert-item-from-items", test_alert_item_from_items);
  ADD ("/rating-dialog/alert-item-edit", test_alert_item_edit);
  ADD ("/rating-dialog/dose-relation", test_dose_relation);
  ADD ("/rating-dialog/keyboard", test_keyboard);
  ADD ("/rating-dialog/table-marks", test_table_marks);

#undef ADD

  return g_test_run ();
}
