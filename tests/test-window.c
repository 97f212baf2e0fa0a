/* test-window.c — the main window on a real clinic database, under Xvfb
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window is driven as a user drives it, through its actions, and
 * checked on the database and on its widgets.
 */
#include "config.h"

#include "ebb-backup.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>

#include "ebb-application.h"
#include "ebb-attention-row.h"
#include "ebb-date.h"
#include "ebb-flags.h"
#include "ebb-import.h"
#include "ebb-store-watch.h"
#include "ebb-patient-dialog.h"
#include "ebb-clinic-rules-page.h"
#include "ebb-daily-backup.h"
#include "ebb-preferences-window.h"
#include "ebb-server.h"
#include "ebb-window-private.h"
#include "ebb-test-utils.h"
#include "ebb-test-widgets.h"

typedef EbbTestClinic Fixture;

/* The window reads its lists in a thread after every change: returns once
 * they show the database as it is now. */
static void
wait_for_load (EbbWindow *window)
{
  while (ebb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
}

/* Presents @window and returns once it has been mapped and fully drawn,
 * with its lists read. */
static void
show_and_wait (GtkWindow *window)
{
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  if (EBB_IS_WINDOW (window))
    wait_for_load (EBB_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

/* Closes every window but @window: dialogs the test opened. */
static void
destroy_other_windows (EbbWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (l->data != (gpointer) window)
        gtk_window_destroy (GTK_WINDOW (l->data));
    }
}

/* Destroys @window and checks that nothing else kept it, or the store it
 * had open, alive: a clinic database must be closed with its window. */
static void
destroy_and_wait (EbbWindow *window)
{
  EbbStore *store = ebb_window_get_store (window);

  /* A load still reading, or a backup being made, would hold the files
   * the fixture removes. */
  wait_for_load (window);
  while (window->n_backups > 0)
    g_main_context_iteration (NULL, TRUE);
  destroy_other_windows (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  if (store != NULL)
    g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);
  g_assert_null (store);
}

static gpointer
template_child (EbbWindow  *window,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), EBB_TYPE_WINDOW, name);

  g_assert_nonnull (child);

  return child;
}

static const char *
visible_page (EbbWindow *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (template_child (window, "stack")));
}

/* The patients as the sidebar lists them: filtered and sorted. */
static GListModel *
sidebar_model (EbbWindow *window)
{
  return G_LIST_MODEL (template_child (window, "selection"));
}

static char *
sidebar_codes (EbbWindow *window)
{
  GListModel *model = sidebar_model (window);
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(EbbPatientItem) item = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (codes, ' ');
      g_string_append (codes, ebb_patient_item_get_code (item));
    }

  return g_string_free (g_steal_pointer (&codes), FALSE);
}




/* A patient whose response faded two days ago, twelve days before the
 * next session: baseline MADRS 30, threshold 15, down to 10, back to 25. */
static gint64
add_faded_patient_as (EbbStore   *store,
                      const char *code)
{
  gint32 today = ebb_date_today ();
  gint64 id = ebb_test_store_patient (store, code, "Jane Doe");

  ebb_test_store_rating (store, id, today - 20, "MADRS", 30);
  ebb_test_store_session (store, id, today - 19, EBB_SESSION_DONE);
  ebb_test_store_rating (store, id, today - 17, "MADRS", 10);
  ebb_test_store_rating (store, id, today - 2, "MADRS", 25);
  ebb_test_store_session (store, id, today + 10, EBB_SESSION_SCHEDULED);

  return id;
}

static gint64
add_faded_patient (EbbStore *store)
{
  return add_faded_patient_as (store, "K-0042");
}

/* GtkSearchEntry reports a change after a short delay, as typing goes on;
 * wait for that report rather than for a time. */
typedef struct
{
  const char *text;
  gboolean    reported;
} SearchWait;

static void
search_changed_cb (GtkSearchEntry *entry,
                   gpointer        user_data)
{
  SearchWait *wait = user_data;

  /* Replacing the text empties it first, which is reported at once. */
  if (g_str_equal (gtk_editable_get_text (GTK_EDITABLE (entry)), wait->text))
    wait->reported = TRUE;
}

static void
type_search (EbbWindow  *window,
             const char *text)
{
  GtkEditable *entry = template_child (window, "search_entry");
  SearchWait wait = { text, FALSE };
  gulong handler;

  handler = g_signal_connect (entry, "search-changed", G_CALLBACK (search_changed_cb), &wait);
  gtk_editable_set_text (entry, text);
  while (!wait.reported)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (entry, handler);
}

/* A button in the window that follows @action: GTK makes it insensitive
 * while the action is disabled, which is how a user sees it. */
static GtkWidget *
add_action_button (EbbWindow  *window,
                   const char *action)
{
  GtkWidget *button = gtk_button_new_with_label (action);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_box_append (GTK_BOX (adw_bin_get_child (template_child (window, "sidebar"))), button);

  return button;
}

/* The Attention list makes rows for what is on screen only. */
static EbbAttentionRow *
find_attention_row (GtkWidget *widget,
                    gint64     patient_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      EbbAttentionRow *row;

      if (EBB_IS_ATTENTION_ROW (child))
        {
          EbbPatientItem *item = ebb_attention_row_get_item (EBB_ATTENTION_ROW (child));

          if (item != NULL && ebb_patient_item_get_id (item) == patient_id)
            return EBB_ATTENTION_ROW (child);
        }
      else if ((row = find_attention_row (child, patient_id)) != NULL)
        return row;
    }

  return NULL;
}

static AdwMessageDialog *
find_message_dialog (EbbWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (ADW_IS_MESSAGE_DIALOG (l->data) &&
          gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
        return l->data;
    }

  return NULL;
}

static gboolean
toast_shown (EbbWindow  *window,
             const char *text)
{
  return ebb_test_find_label (template_child (window, "toast_overlay"), text) != NULL;
}

static guint
count_toplevels (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  return g_list_length (toplevels);
}

/* The window's title for the clinic at @location: a file by its name, a
 * server clinic by its address without its parameters (the user, the
 * socket folder; test-server.c checks that form by hand). */
static char *
expected_title (const char *location)
{
  g_autofree char *name = NULL;

  if (ebb_location_is_server (location))
    {
      name = ebb_server_display_name (location);
      g_assert_null (strchr (name, '?'));
    }
  else
    name = g_path_get_basename (location);
  return g_strdup_printf ("Ebb — %s", name);
}

static void
test_new_database (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GError) error = NULL;
  EbbWindow *window;
  AdwStatusPage *welcome_page;
  GtkWidget *new_patient;
  GtkWidget *record_rating;
  GtkWidget *import;
  struct stat st;
  g_autofree char *title = expected_title (fixture->path);

  /* A file is made by the window; a server's database is made, and its
   * clinic initialised, by its administrator (ebb-cli init). */
  if (!ebb_test_on_server ())
    g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  window = ebb_window_new (NULL);
  g_assert_cmpstr (visible_page (window), ==, "none");
  g_assert_null (ebb_window_get_store (window));
  new_patient = add_action_button (window, "win.new-patient");
  record_rating = add_action_button (window, "win.record-rating");
  import = add_action_button (window, "win.import");
  /* Nothing to add to, nor import into, without a clinic. */
  g_assert_false (gtk_widget_get_sensitive (new_patient));
  g_assert_false (gtk_widget_get_sensitive (import));

  /* The title changes too; the test is about these two. */
  gt_signal_logger_connect (logger, window, "notify::database-path");
  gt_signal_logger_connect (logger, window, "notify::store");
  gt_signal_logger_connect (logger, window, "notify::demo");
  g_assert_true (ebb_window_open_database (window, fixture->path, &error));
  g_assert_no_error (error);
  gt_signal_logger_assert_notify_emission_pop (logger, window, "database-path");
  gt_signal_logger_assert_notify_emission_pop (logger, window, "store");
  gt_signal_logger_assert_no_emissions (logger);

  show_and_wait (GTK_WINDOW (window));

  g_assert_nonnull (ebb_window_get_store (window));
  g_assert_cmpstr (ebb_window_get_database_path (window), ==, fixture->path);
  g_assert_false (ebb_window_is_demo (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);

  /* An empty clinic welcomes: add a patient, import, or try the demo. */
  g_assert_cmpstr (visible_page (window), ==, "empty");
  welcome_page = ADW_STATUS_PAGE (template_child (window, "welcome_page"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (welcome_page)));
  g_assert_cmpstr (adw_status_page_get_title (welcome_page), ==, "Welcome to Ebb");

  /* Once idle, the day's backup is made beside the database, private.
   * Not of a server clinic: its backups are its administrator's, and the
   * backup would have been started as the lists came in. */
  if (ebb_test_on_server ())
    {
      g_autofree char *beside = g_build_filename (fixture->dir, "backups", NULL);

      g_assert_cmpuint (window->n_backups, ==, 0);
      g_assert_false (g_file_test (beside, G_FILE_TEST_EXISTS));
    }
  else
  {
    g_autofree char *parent = g_path_get_dirname (fixture->path);
    g_autofree char *name = ebb_backup_file_name (ebb_date_today ());
    g_autofree char *backup = g_build_filename (parent, "backups", name, NULL);
    struct stat backup_st;

    for (guint i = 0; i < 1000 && !g_file_test (backup, G_FILE_TEST_EXISTS); i++)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (stat (backup, &backup_st), ==, 0);
    g_assert_cmpuint (backup_st.st_mode & 0777, ==, 0600);
  }
  g_assert_true (gtk_widget_get_sensitive (new_patient));
  g_assert_true (gtk_widget_get_sensitive (import));
  g_assert_false (gtk_widget_get_sensitive (record_rating));
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (window)), ==, 0);
  /* No one to pay attention to: no Attention row leading nowhere. */
  g_assert_false (gtk_widget_get_visible (template_child (window, "attention_list")));
  g_assert_false (gtk_widget_get_visible (template_child (window, "attention_separator")));

  /* Created, and readable by nobody but the user: it holds patient data. */
  if (!ebb_test_on_server ())
    {
      g_assert_no_errno (g_stat (fixture->path, &st));
      g_assert_true (S_ISREG (st.st_mode));
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }

  destroy_and_wait (window);
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr(GDir) dir = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *after = NULL;
  guint8 before[4096];
  gsize after_length = 0;
  EbbWindow *window;
  AdwStatusPage *error_page;
  const char *name;

  for (gsize i = 0; i < sizeof before; i++)
    before[i] = g_rand_int_range (rand, 0, 256);
  g_file_set_contents (fixture->path, (const char *) before, sizeof before, &error);
  g_assert_no_error (error);

  window = ebb_window_new (NULL);
  gt_signal_logger_connect (logger, window, "notify::database-path");
  gt_signal_logger_connect (logger, window, "notify::store");
  gt_signal_logger_connect (logger, window, "notify::demo");
  g_assert_false (ebb_window_open_database (window, fixture->path, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB);
  /* The path changed; the store did not: there was none, and is none. */
  gt_signal_logger_assert_notify_emission_pop (logger, window, "database-path");
  gt_signal_logger_assert_no_emissions (logger);

  show_and_wait (GTK_WINDOW (window));

  g_assert_null (ebb_window_get_store (window));
  g_assert_cmpstr (ebb_window_get_database_path (window), ==, fixture->path);
  g_assert_cmpstr (visible_page (window), ==, "error");

  error_page = ADW_STATUS_PAGE (template_child (window, "error_page"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (error_page)));
  g_assert_cmpstr (adw_status_page_get_icon_name (error_page), ==, "dialog-error-symbolic");
  markup = g_markup_escape_text (error->message, -1);
  g_assert_cmpstr (adw_status_page_get_description (error_page), ==, markup);
  g_clear_error (&error);

  /* Not a byte changed, and nothing left beside it. */
  g_file_get_contents (fixture->path, &after, &after_length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (after, after_length, before, sizeof before);

  dir = g_dir_open (fixture->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_cmpstr (name, ==, "clinic.db");

  destroy_and_wait (window);
}

static void
test_size_saved (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  EbbWindow *window;
  int width;
  int height;

  g_settings_set_int (settings, "window-width", 800);
  g_settings_set_int (settings, "window-height", 600);

  window = ebb_window_new (NULL);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 800);
  g_assert_cmpint (height, ==, 600);

  /* Closing an unrealized window does nothing at all, hence showing it. */
  show_and_wait (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 650);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_window_close (GTK_WINDOW (window));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 650);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

static void
test_patient_list (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autofree char *codes = NULL;
  EbbWindow *window;
  EbbStore *store;
  GListModel *model;
  gint64 id;

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  show_and_wait (GTK_WINDOW (window));
  store = ebb_window_get_store (window);
  model = sidebar_model (window);

  /* A patient added by anyone (here, straight into the store) shows up
   * in the list, and the welcome page gives way to the overview. */
  gt_signal_logger_connect (logger, model, "items-changed");
  id = ebb_test_store_patient (store, "A-10", "Zoë Example");
  wait_for_load (window);
  gt_signal_logger_assert_emission_pop (logger, model, "items-changed", NULL, NULL, NULL);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (visible_page (window), ==, "attention");
  g_assert_true (gtk_widget_get_visible (template_child (window, "attention_list")));

  /* Sorted by code, numbers as numbers: A-2 before A-10. */
  ebb_test_store_patient (store, "A-2", "Ann Other");
  wait_for_load (window);
  {
    guint position = G_MAXUINT, removed = G_MAXUINT, added = G_MAXUINT;

    gt_signal_logger_assert_emission_pop (logger, model, "items-changed", &position, &removed, &added);
    g_assert_cmpuint (position, ==, 0);
    g_assert_cmpuint (removed, ==, 0);
    g_assert_cmpuint (added, ==, 1);
  }
  gt_signal_logger_assert_no_emissions (logger);
  codes = sidebar_codes (window);
  g_assert_cmpstr (codes, ==, "A-2 A-10");

  /* A row shows the latest rating with its severity band. */
  ebb_test_store_rating (store, id, ebb_date_today () - 1, "MADRS", 14);
  wait_for_load (window);
  {
    EbbPatientItem *item = ebb_patient_list_lookup (window->patients, id);

    g_assert_cmpstr (ebb_patient_item_get_score_label (item), ==, "MADRS 14 · mild");
    g_assert_cmpuint (ebb_patient_item_get_n_flags (item), ==, 0);
  }
  /* Updated in place: the rows stay, only the item says what changed. */
  gt_signal_logger_assert_no_emissions (logger);

  /* Picking a patient shows it, and enables what can be done to it. */
  {
    GtkWidget *record_rating = add_action_button (window, "win.record-rating");
    GtkWidget *export = add_action_button (window, "win.export");

    guint n_windows = count_toplevels ();

    /* Away from a patient, Ctrl+R says what to do instead of nothing. */
    g_assert_true (gtk_widget_get_sensitive (record_rating));
    g_assert_false (toast_shown (window, "Open a patient first"));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.record-rating", NULL);
    g_assert_true (toast_shown (window, "Open a patient first"));
    g_assert_cmpuint (count_toplevels (), ==, n_windows);

    gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), 1);
    g_assert_cmpstr (visible_page (window), ==, "patient");
    g_assert_cmpint (ebb_patient_page_get_patient_id (window->patient_page), ==, id);
    g_assert_true (gtk_widget_get_sensitive (record_rating));
    g_assert_true (gtk_widget_get_sensitive (export));

    /* Back to the overview: nothing patient-specific to do there, and
     * Ctrl+E says so too. */
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-attention", NULL);
    g_assert_cmpstr (visible_page (window), ==, "attention");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
    g_assert_true (toast_shown (window, "Open a patient first"));
    g_assert_cmpuint (count_toplevels (), ==, n_windows);
    g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==,
                      GTK_INVALID_LIST_POSITION);
  }

  /* A patient deleted while shown leaves the overview in its place; the
   * last one gone, the welcome page comes back. */
  g_assert_true (ebb_window_show_patient (window, id));
  g_assert_true (ebb_store_delete_patient (store, id, NULL));
  wait_for_load (window);
  gt_signal_logger_assert_emission_pop (logger, model, "items-changed", NULL, NULL, NULL);
  g_assert_cmpstr (visible_page (window), ==, "attention");
  g_clear_pointer (&codes, g_free);
  codes = sidebar_codes (window);
  g_assert_cmpstr (codes, ==, "A-2");

  {
    g_autoptr(EbbPatientItem) item = g_list_model_get_item (model, 0);

    g_assert_true (ebb_store_delete_patient (store, ebb_patient_item_get_id (item), NULL));
  }
  wait_for_load (window);
  g_assert_cmpstr (visible_page (window), ==, "empty");

  gt_signal_logger_free (g_steal_pointer (&logger));
  destroy_and_wait (window);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *codes = NULL;
  EbbWindow *window;
  EbbStore *store;
  GtkStack *sidebar_stack;
  gint64 john, ann;

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  store = ebb_window_get_store (window);
  ebb_test_store_patient (store, "K-0042", "Jane Doe");
  john = ebb_test_store_patient (store, "K-0051", "John Smith");
  ann = ebb_test_store_patient (store, "P-0007", "Ann Janeway");
  ebb_test_store_patient (store, "DEMO-07", "Synthetic Patient");
  ebb_test_store_patient (store, "DEMO-17", "Another One");
  ebb_test_store_patient (store, "Z-0001", "Zoë Ångström");
  show_and_wait (GTK_WINDOW (window));
  sidebar_stack = template_child (window, "sidebar_stack");

  /* Ctrl+F puts the cursor in the search. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

    g_assert_nonnull (focus);
    g_assert_true (focus == template_child (window, "search_entry") ||
                   gtk_widget_is_ancestor (focus, template_child (window, "search_entry")));
  }

#define ASSERT_LISTED(expected)                 \
  G_STMT_START {                                \
    g_clear_pointer (&codes, g_free);           \
    codes = sidebar_codes (window);             \
    g_assert_cmpstr (codes, ==, expected);      \
  } G_STMT_END

  /* By name, ignoring case: "jane" is in Jane Doe and in Ann Janeway. */
  type_search (window, "jane");
  ASSERT_LISTED ("K-0042 P-0007");
  type_search (window, "JANEW");
  ASSERT_LISTED ("P-0007");
  /* Accents: a letter typed without its mark finds it with, and case is
   * folded beyond ASCII. */
  type_search (window, "zoe");
  ASSERT_LISTED ("Z-0001");
  type_search (window, "ÅNGSTRÖM");
  ASSERT_LISTED ("Z-0001");

  /* By code, ignoring case. */
  type_search (window, "k-00");
  ASSERT_LISTED ("K-0042 K-0051");
  type_search (window, "p-0007");
  ASSERT_LISTED ("P-0007");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "list");

  /* Nothing found says so, rather than showing an empty list. */
  type_search (window, "xyz");
  ASSERT_LISTED ("");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "no-results");

  /* Codes as they are said and typed: without the hyphen, without the
   * leading zeros, in any case. */
  type_search (window, "demo7");
  ASSERT_LISTED ("DEMO-07");
  type_search (window, "demo07");
  ASSERT_LISTED ("DEMO-07");
  type_search (window, "DEMO 7");
  ASSERT_LISTED ("DEMO-07");
  type_search (window, "k42");
  ASSERT_LISTED ("K-0042");
  type_search (window, "p7");
  ASSERT_LISTED ("P-0007");
  /* Typed on, one key at a time: zeros on their way to a number narrow
   * nothing yet. */
  type_search (window, "k");
  ASSERT_LISTED ("K-0042 K-0051");
  type_search (window, "k0");
  ASSERT_LISTED ("K-0042 K-0051");
  type_search (window, "k00");
  ASSERT_LISTED ("K-0042 K-0051");
  type_search (window, "k004");
  ASSERT_LISTED ("K-0042");
  type_search (window, "k0042");
  ASSERT_LISTED ("K-0042");
  /* Still a plain substring of the code or name too */
  type_search (window, "7");
  ASSERT_LISTED ("DEMO-07 DEMO-17 P-0007");

  type_search (window, "");
  ASSERT_LISTED ("DEMO-07 DEMO-17 K-0042 K-0051 P-0007 Z-0001");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "list");

  /* Type, press Enter: the first match opens. */
  type_search (window, "smith");
  g_signal_emit_by_name (template_child (window, "search_entry"), "activate");
  g_assert_cmpstr (visible_page (window), ==, "patient");
  g_assert_cmpint (ebb_patient_page_get_patient_id (window->patient_page), ==, john);

  /* Enter typed before the entry reports the change, as a fast typist's
   * does: still the patient typed, not whoever was first before. */
  type_search (window, "");
  gtk_editable_set_text (GTK_EDITABLE (template_child (window, "search_entry")), "p7");
  g_signal_emit_by_name (template_child (window, "search_entry"), "activate");
  g_assert_cmpint (ebb_patient_page_get_patient_id (window->patient_page), ==, ann);
  ASSERT_LISTED ("P-0007");

  /* Nothing found: the sidebar says so, with a status page. */
  type_search (window, "nobody");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "no-results");
  g_assert_nonnull (ebb_test_find_label (gtk_stack_get_visible_child (sidebar_stack), "No Patients Found"));

#undef ASSERT_LISTED

  destroy_and_wait (window);
}

static void
test_attention (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  EbbRuleSettings rules;
  const EbbFlag *flag;
  EbbAttentionItem *entry;
  EbbWindow *window;
  EbbStore *store;
  GListModel *attention;
  GtkListView *list_view;
  EbbAttentionRow *row;
  g_autoptr(EbbPatientItem) item = NULL;
  gint64 id;

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  store = ebb_window_get_store (window);
  ebb_test_store_patient (store, "K-0001", "Not Flagged");
  id = add_faded_patient (store);
  show_and_wait (GTK_WINDOW (window));

  /* The same answer as the rules give on their own. */
  ebb_rule_settings_init_defaults (&rules);
  expected = ebb_flags_attention (store, ebb_date_today (), &rules, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (expected->len, ==, 1);
  entry = g_ptr_array_index (expected, 0);
  g_assert_cmpint (entry->patient->id, ==, id);
  flag = g_ptr_array_index (entry->flags, 0);
  g_assert_cmpint (flag->kind, ==, EBB_FLAG_FADED);
  g_assert_nonnull (strstr (flag->detail, "faded"));

  g_assert_cmpstr (visible_page (window), ==, "attention");
  attention = ebb_attention_page_get_model (window->attention_page);
  g_assert_cmpuint (g_list_model_get_n_items (attention), ==, 1);
  item = g_list_model_get_item (attention, 0);
  g_assert_cmpint (ebb_patient_item_get_id (item), ==, id);
  g_assert_cmpuint (ebb_patient_item_get_n_flags (item), ==, 1);
  g_assert_cmpint (ebb_patient_item_get_flag_kind (item), ==, EBB_FLAG_FADED);
  g_assert_cmpstr (ebb_patient_item_get_flag (item, 0)->detail, ==, flag->detail);

  /* The row on screen says it in words. */
  list_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window->attention_page),
                                                            EBB_TYPE_ATTENTION_PAGE, "list_view"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  row = find_attention_row (GTK_WIDGET (list_view), id);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  {
    GtkLabel *detail = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), EBB_TYPE_ATTENTION_ROW,
                                                                 "detail_label"));
    GtkLabel *suggestion = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), EBB_TYPE_ATTENTION_ROW,
                                                                     "suggestion_label"));
    GtkLabel *count = template_child (window, "attention_count");

    GtkLabel *score = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), EBB_TYPE_ATTENTION_ROW,
                                                                "score_label"));

    /* With its dates as people read them */
    g_autofree char *for_people = ebb_flag_text_for_people (flag->detail, ebb_date_today ());

    g_assert_cmpstr (gtk_label_get_label (detail), ==, for_people);
    g_assert_false (g_regex_match_simple ("\\d{4}-\\d{2}-\\d{2}", gtk_label_get_label (detail), 0, 0));
    g_assert_cmpstr (gtk_label_get_label (suggestion), ==, entry->suggestion);
    /* Where the patient stands now, as the sidebar says it: the latest
     * MADRS, 25, moderate. */
    g_assert_cmpstr (gtk_label_get_label (score), ==, ebb_patient_item_get_score_label (ebb_attention_row_get_item (row)));
    g_assert_nonnull (strstr (gtk_label_get_label (score), "MADRS 25"));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (score)));
    g_assert_cmpstr (gtk_label_get_label (count), ==, "1");
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (count)));
  }
  /* The card opens the Now section (a fade two days old), says when the
   * next session is, and offers to record a decision on the fade. */
  {
    GtkLabel *heading = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), EBB_TYPE_ATTENTION_ROW,
                                                                  "heading_label"));
    GtkLabel *next = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), EBB_TYPE_ATTENTION_ROW,
                                                               "next_label"));
    GtkWidget *decide = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (row), EBB_TYPE_ATTENTION_ROW, "decide_button");
    g_autofree char *when = ebb_date_format_for_people (ebb_date_today () + 10, ebb_date_today ());
    g_autofree char *expected_next = g_strdup_printf ("Next: %s", when);

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (heading)));
    g_assert_cmpstr (gtk_label_get_label (heading), ==, "Now");
    g_assert_cmpstr (gtk_label_get_label (next), ==, expected_next);
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (decide)), ==, "win.record-decision");
    g_assert_true (gtk_widget_is_sensitive (decide));
  }

  /* Deciding on the fade from the page (as the card's button leads to)
   * takes the patient off Attention; Undo brings it back. */
  g_assert_true (ebb_window_show_patient (window, id));
  g_assert_true (ebb_patient_page_decide (window->patient_page, EBB_FLAG_FADED, "MADRS", flag->day,
                                          "dose increased", &error));
  g_assert_no_error (error);
  wait_for_load (window);
  g_assert_cmpuint (g_list_model_get_n_items (attention), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  wait_for_load (window);
  g_assert_cmpuint (g_list_model_get_n_items (attention), ==, 1);
  g_clear_object (&item);
  item = g_list_model_get_item (attention, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-attention", NULL);

  /* Activating the row opens the patient. */
  g_signal_emit_by_name (list_view, "activate", 0);
  g_assert_cmpstr (visible_page (window), ==, "patient");
  g_assert_cmpint (ebb_patient_page_get_patient_id (window->patient_page), ==, id);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-attention", NULL);

  /* Stricter rules, set in the clinic file, re-run the flags at once: at
   * 90 % nobody responded, so nothing faded. */
  g_assert_true (ebb_store_set_rule_setting (store, "response-fraction", "0.9", &error));
  wait_for_load (window);
  g_assert_cmpuint (g_list_model_get_n_items (attention), ==, 0);
  g_assert_cmpuint (ebb_patient_item_get_n_flags (ebb_patient_list_lookup (window->patients, id)), ==, 0);
  g_assert_true (ebb_store_set_rule_setting (store, "response-fraction", NULL, &error));
  wait_for_load (window);
  g_assert_cmpuint (g_list_model_get_n_items (attention), ==, 1);

  /* A patient with more flags keeps the rest folded; unfolding them lays
   * out without complaint.  MADRS 24 a week earlier fades the response
   * sooner, and with 25 makes two ratings at relapse level 6 days apart. */
  ebb_test_store_rating (store, id, ebb_date_today () - 8, "MADRS", 24);
  wait_for_load (window);
  g_clear_object (&item);
  item = g_list_model_get_item (attention, 0);
  g_assert_cmpuint (ebb_patient_item_get_n_flags (item), ==, 2);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  row = find_attention_row (GTK_WIDGET (list_view), id);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), EBB_TYPE_ATTENTION_ROW,
                                                                                    "more_button"))));
  {
    GtkToggleButton *more = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (row), EBB_TYPE_ATTENTION_ROW,
                                                                              "more_button"));

    gtk_toggle_button_set_active (more, TRUE);
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  }

  destroy_and_wait (window);
}

static int undo_calls;

static gboolean
count_undo_cb (gpointer   data,
               GError   **error)
{
  undo_calls++;
  return TRUE;
}

static gboolean
fail_undo_cb (gpointer   data,
              GError   **error)
{
  g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW, "gone");
  return FALSE;
}

static void
test_undo (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autofree char *second = ebb_test_clinic_add_other (fixture, "second.db");
  EbbWindow *window;
  EbbUndoStack *stack;
  GtkWidget *undo;

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  show_and_wait (GTK_WINDOW (window));
  stack = ebb_window_get_undo_stack (window);
  undo = add_action_button (window, "win.undo");

  /* Nothing to undo: disabled. */
  g_assert_false (ebb_undo_stack_get_can_undo (stack));
  g_assert_false (gtk_widget_get_sensitive (undo));

  gt_signal_logger_connect (logger, stack, "notify::can-undo");
  undo_calls = 0;
  ebb_undo_stack_push (stack, "first", count_undo_cb, NULL, NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, stack, "can-undo");
  ebb_undo_stack_push (stack, "second", count_undo_cb, NULL, NULL);
  /* Still undoable: no news. */
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_true (gtk_widget_get_sensitive (undo));
  g_assert_cmpstr (ebb_undo_stack_get_label (stack), ==, "second");

  /* The toast shows the words as written: its title is markup. */
  ebb_undo_stack_push (stack, "Patient R&D-1 deleted", count_undo_cb, NULL, NULL);
  ebb_window_offer_undo (window, "Patient R&D-1 deleted");
  {
    AdwToast *toast = window->undo_toast;

    g_assert_nonnull (toast);
    g_assert_cmpstr (adw_toast_get_title (toast), ==, "Patient R&amp;D-1 deleted");
    /* It stays until dismissed or replaced (issue 18 #8). */
    g_assert_cmpuint (adw_toast_get_timeout (toast), ==, 0);
    g_object_ref (toast);

    /* Undone, the toast says so, with no button left to press. */
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    g_assert_cmpint (undo_calls, ==, 1);
    g_assert_null (window->undo_toast);
    g_assert_cmpstr (adw_toast_get_title (toast), ==, "Undone");
    g_assert_null (adw_toast_get_button_label (toast));

    /* The next step takes the same toast over: no queue of stale Undos. */
    ebb_undo_stack_push (stack, "MADRS 24 of Tue 3 Nov deleted", count_undo_cb, NULL, NULL);
    ebb_window_offer_undo (window, "MADRS 24 of Tue 3 Nov deleted");
    g_assert_true (window->undo_toast == toast);
    g_assert_cmpstr (adw_toast_get_title (toast), ==, "MADRS 24 of Tue 3 Nov deleted");
    g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.undo");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    g_assert_cmpint (undo_calls, ==, 2);
    g_object_unref (toast);
  }
  g_assert_cmpstr (ebb_undo_stack_get_label (stack), ==, "second");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpint (undo_calls, ==, 3);
  g_assert_true (gtk_widget_get_sensitive (undo));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpint (undo_calls, ==, 4);
  gt_signal_logger_assert_notify_emission_pop (logger, stack, "can-undo");
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_false (gtk_widget_get_sensitive (undo));

  /* A step that fails is dropped, and says why in a toast. */
  ebb_undo_stack_push (stack, "failing", fail_undo_cb, NULL, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_false (gtk_widget_get_sensitive (undo));

  /* Nothing of one clinic can be undone into another. */
  ebb_undo_stack_push (stack, "first", count_undo_cb, NULL, NULL);
  g_assert_true (gtk_widget_get_sensitive (undo));
  g_assert_true (ebb_window_open_database (window, second, NULL));
  g_assert_false (ebb_undo_stack_get_can_undo (stack));
  g_assert_false (gtk_widget_get_sensitive (undo));
  g_assert_cmpint (undo_calls, ==, 4);

  gt_signal_logger_free (g_steal_pointer (&logger));
  destroy_and_wait (window);
}

static void
create_clinic (const char *path,
               const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  ebb_test_store_patient (store, code, "Someone");
}

/* The pages the window's content stack showed, in order */
static void
page_shown_cb (GtkStack   *stack,
               GParamSpec *pspec,
               GPtrArray  *pages)
{
  g_ptr_array_add (pages, g_strdup (gtk_stack_get_visible_child_name (stack)));
}

/* The codes the sidebar listed after each change of its model */
static void
codes_listed_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 GPtrArray  *states)
{
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(EbbPatientItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (codes, "%s%s", i > 0 ? " " : "", ebb_patient_item_get_code (item));
    }
  g_ptr_array_add (states, g_string_free (g_steal_pointer (&codes), FALSE));
}

static char *
join_pages (GPtrArray *pages)
{
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < pages->len; i++)
    g_string_append_printf (joined, "%s%s", i > 0 ? " " : "", (const char *) g_ptr_array_index (pages, i));
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static void
test_loading (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *second = ebb_test_clinic_add_other (fixture, "second.db");
  g_autofree char *moved = g_build_filename (fixture->dir, "moved.db", NULL);
  g_autofree char *codes = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  EbbWindow *window;
  EbbStore *store;
  GtkStack *stack;
  GtkStack *sidebar_stack;
  GListModel *model;
  gulong handler;
  gint64 faded;

  create_clinic (fixture->path, "K-0001");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EbbStore) setup = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    faded = add_faded_patient (setup);
  }
  create_clinic (second, "SECOND-1");

  /* On screen before the clinic is opened, as the application does. */
  window = ebb_window_new (NULL);
  show_and_wait (GTK_WINDOW (window));
  stack = template_child (window, "stack");
  sidebar_stack = template_child (window, "sidebar_stack");
  model = sidebar_model (window);
  g_signal_connect (stack, "notify::visible-child-name", G_CALLBACK (page_shown_cb), pages);
  gt_signal_logger_connect (logger, window, "notify::loading");

  /* While the clinic is read, the window says so: not the welcome page of
   * an empty clinic, nor an empty Attention list. */
  g_assert_false (ebb_window_get_loading (window));
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  gt_signal_logger_assert_notify_emission_pop (logger, window, "loading");
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_true (ebb_window_get_loading (window));
  g_assert_cmpstr (visible_page (window), ==, "loading");
  g_assert_true (gtk_widget_get_mapped (gtk_stack_get_visible_child (stack)));
  {
    GtkWidget *loading = gtk_stack_get_visible_child (stack);
    GtkWidget *spinner = gtk_widget_get_first_child (loading);

    /* A spinner, and words for what it waits on */
    g_assert_true (GTK_IS_SPINNER (spinner));
    g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
    g_assert_nonnull (ebb_test_find_label (loading, "Reading the clinic…"));
  }
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "loading");
  g_assert_true (gtk_widget_get_mapped (gtk_stack_get_visible_child (sidebar_stack)));
  g_assert_false (gtk_widget_get_visible (template_child (window, "attention_list")));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* Then both lists, filled in one go. */
  handler = gt_signal_logger_connect (logger, model, "items-changed");
  wait_for_load (window);
  gt_signal_logger_assert_emission_pop (logger, model, "items-changed", NULL, NULL, NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, window, "loading");
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_false (ebb_window_get_loading (window));
  codes = sidebar_codes (window);
  g_assert_cmpstr (codes, ==, "K-0001 K-0042");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "list");
  g_assert_true (gtk_widget_get_visible (template_child (window, "attention_list")));
  g_assert_cmpstr (visible_page (window), ==, "attention");
  g_assert_cmpuint (g_list_model_get_n_items (ebb_attention_page_get_model (window->attention_page)), ==, 1);
  shown = join_pages (pages);
  g_assert_cmpstr (shown, ==, "loading attention");

  /* A change to two patients reads the clinic again; a change while that
   * load runs drops it, and the lists go straight to the newest data,
   * with no stale state between (the thread may be done, but its result
   * is not in until the main loop runs).  A reload keeps what is shown
   * meanwhile. */
  g_signal_handler_disconnect (model, handler);
  g_signal_connect (model, "items-changed", G_CALLBACK (codes_listed_cb), states);
  store = ebb_window_get_store (window);
  g_assert_true (ebb_store_begin (store, NULL));
  ebb_test_store_patient (store, "K-0100", "Added First");
  g_assert_true (ebb_store_delete_patient (store, faded, NULL));
  g_assert_true (ebb_store_commit (store, NULL));
  g_assert_true (ebb_window_get_loading (window));
  gt_signal_logger_assert_notify_emission_pop (logger, window, "loading");
  ebb_test_store_patient (store, "K-0101", "Added Second");
  g_assert_true (ebb_window_get_loading (window));
  g_assert_cmpstr (visible_page (window), ==, "attention");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sidebar_stack), ==, "list");
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpuint (states->len, ==, 0);
  wait_for_load (window);
  gt_signal_logger_assert_notify_emission_pop (logger, window, "loading");
  gt_signal_logger_assert_no_emissions (logger);
  g_clear_pointer (&codes, g_free);
  codes = sidebar_codes (window);
  g_assert_cmpstr (codes, ==, "K-0001 K-0100 K-0101");
  g_assert_cmpuint (g_list_model_get_n_items (ebb_attention_page_get_model (window->attention_page)), ==, 0);
  g_assert_null (ebb_patient_list_lookup (window->patients, faded));
  /* The faded patient went, and both new ones came, in one update: the
   * list never showed one without the other. */
  g_assert_cmpuint (states->len, >, 0);
  for (guint i = 0; i < states->len; i++)
    {
      const char *state = g_ptr_array_index (states, i);

      g_assert_cmpstr (state, !=, "K-0001 K-0042 K-0100");
      g_assert_cmpstr (state, !=, "K-0001 K-0100");
    }
  g_signal_handlers_disconnect_by_func (model, codes_listed_cb, states);

  /* A load that fails says why, and the lists keep what they showed: a
   * file moved away; a server that takes no new connection to the clinic
   * (each load reads on a connection of its own), which the window's own
   * connection does not notice. */
  if (ebb_test_on_server ())
    {
      g_autofree char *refuse = g_strdup_printf ("ALTER DATABASE %s WITH ALLOW_CONNECTIONS false",
                                                 fixture->database);
      g_autofree char *allow = g_strdup_printf ("ALTER DATABASE %s WITH ALLOW_CONNECTIONS true",
                                                fixture->database);
      g_autofree char *display = ebb_server_display_name (fixture->path);

      /* From the server's own database: this one takes no connection. */
      ebb_test_sql_exec (g_getenv ("EBB_TEST_SERVER"), refuse);
      g_settings_set_string (settings, "default-scale", "PHQ-9");
      wait_for_load (window);
      g_settings_reset (settings, "default-scale");
      wait_for_load (window);
      ebb_test_sql_exec (g_getenv ("EBB_TEST_SERVER"), allow);
      message = g_strdup_printf ("Could not connect to the clinic server %s: ", display);
      g_assert_nonnull (ebb_test_find_label_containing (template_child (window, "toast_overlay"), message));
    }
  else
    {
      g_assert_no_errno (g_rename (fixture->path, moved));
      g_settings_set_string (settings, "default-scale", "PHQ-9");
      wait_for_load (window);
      g_settings_reset (settings, "default-scale");
      wait_for_load (window);
      g_assert_no_errno (g_rename (moved, fixture->path));
      message = g_strdup_printf ("“%s” does not exist: check the name, or create a new clinic file", fixture->path);
      g_assert_true (toast_shown (window, message));
    }
  g_clear_pointer (&codes, g_free);
  codes = sidebar_codes (window);
  g_assert_cmpstr (codes, ==, "K-0001 K-0100 K-0101");
  g_assert_cmpstr (visible_page (window), ==, "attention");

  /* Another clinic opened while this one is read: nothing of this one
   * shows up in it. */
  g_assert_true (ebb_store_begin (store, NULL));
  ebb_test_store_patient (store, "K-0102", "Added Third");
  ebb_test_store_patient (store, "K-0103", "Added Fourth");
  g_assert_true (ebb_store_commit (store, NULL));
  g_assert_true (ebb_window_get_loading (window));
  g_assert_true (ebb_window_open_database (window, second, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (visible_page (window), ==, "loading");
  wait_for_load (window);
  g_clear_pointer (&codes, g_free);
  codes = sidebar_codes (window);
  g_assert_cmpstr (codes, ==, "SECOND-1");

  gt_signal_logger_free (g_steal_pointer (&logger));
  g_settings_reset (settings, "last-database");
  destroy_and_wait (window);
}

/* A window reads its clinic once its first frame is on screen, so that
 * reading does not slow that frame down; it says it is loading from the
 * start. */
static void
test_reads_after_first_frame (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *codes = NULL;
  EbbWindow *window;

  create_clinic (fixture->path, "K-0001");
  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  g_assert_true (ebb_window_get_loading (window));
  g_assert_cmpstr (visible_page (window), ==, "loading");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (ebb_window_get_loading (window));
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (window)), ==, 0);

  show_and_wait (GTK_WINDOW (window));
  g_assert_false (ebb_window_get_loading (window));
  codes = sidebar_codes (window);
  g_assert_cmpstr (codes, ==, "K-0001");
  g_assert_cmpstr (visible_page (window), ==, "attention");

  destroy_and_wait (window);
}

/* A patient just added (by the New Patient dialog, say) is listed and
 * shown at once, and can be worked on. */
static void
test_patient_before_list (Fixture       *fixture,
                          gconstpointer  user_data)
{
  EbbWindow *window;
  GtkWidget *record_rating;
  GtkWidget *export;
  AdwWindowTitle *title;
  gint64 id;

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  show_and_wait (GTK_WINDOW (window));
  record_rating = add_action_button (window, "win.record-rating");
  export = add_action_button (window, "win.export");
  g_assert_false (gtk_widget_get_sensitive (record_rating));

  /* One patient's change is read for that patient alone, at once: no
   * load of the clinic. */
  id = ebb_test_store_patient (ebb_window_get_store (window), "K-0042", "Jane Doe");
  g_assert_false (ebb_window_get_loading (window));
  g_assert_nonnull (ebb_patient_list_lookup (window->patients, id));
  g_assert_true (ebb_window_show_patient (window, id));
  g_assert_cmpstr (visible_page (window), ==, "patient");
  g_assert_cmpint (ebb_patient_page_get_patient_id (window->patient_page), ==, id);
  /* The page's heading names the patient; the header bar does not say
   * it again while that is on screen. */
  title = template_child (window, "content_title");
  g_assert_true (ebb_patient_page_get_heading_visible (window->patient_page));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "");
  g_assert_true (gtk_widget_get_sensitive (record_rating));
  g_assert_true (gtk_widget_get_sensitive (export));

  /* Once listed, it is the one selected in the sidebar. */
  wait_for_load (window);
  g_assert_cmpstr (visible_page (window), ==, "patient");
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (sidebar_model (window))), ==, 0);

  /* Not a patient of this clinic: nothing to show. */
  g_assert_false (ebb_window_show_patient (window, id + 1000));

  destroy_and_wait (window);
}

static void
test_second_database (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *second = ebb_test_clinic_add_other (fixture, "second.db");
  g_autofree char *second_title = expected_title (second);
  g_autofree char *broken = g_build_filename (fixture->dir, "broken.db", NULL);
  g_autofree char *codes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *last = NULL;
  EbbWindow *window;
  EbbStore *first_store;

  create_clinic (fixture->path, "FIRST-1");
  create_clinic (second, "SECOND-1");

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  show_and_wait (GTK_WINDOW (window));
  codes = sidebar_codes (window);
  g_assert_cmpstr (codes, ==, "FIRST-1");
  {
    g_autoptr(EbbPatientItem) item = g_list_model_get_item (sidebar_model (window), 0);

    g_assert_true (ebb_window_show_patient (window, ebb_patient_item_get_id (item)));
  }

  /* The other clinic replaces this one, list and page alike, and the
   * first database is closed. */
  first_store = ebb_window_get_store (window);
  g_object_add_weak_pointer (G_OBJECT (first_store), (gpointer *) &first_store);
  g_assert_true (ebb_window_open_database (window, second, &error));
  g_assert_no_error (error);
  g_assert_null (first_store);
  wait_for_load (window);
  g_clear_pointer (&codes, g_free);
  codes = sidebar_codes (window);
  g_assert_cmpstr (codes, ==, "SECOND-1");
  g_assert_cmpstr (visible_page (window), ==, "attention");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, second_title);
  last = g_settings_get_string (settings, "last-database");
  g_assert_cmpstr (last, ==, second);

  /* Opening something that is not a clinic (Open Clinic…) changes
   * nothing: neither the clinic shown nor the file. */
  g_file_set_contents (broken, "not a database, not at all\n", -1, &error);
  g_assert_no_error (error);
  g_assert_false (ebb_window_switch_database (window, broken, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB);
  g_clear_error (&error);
  g_assert_cmpstr (ebb_window_get_database_path (window), ==, second);
  g_assert_nonnull (ebb_window_get_store (window));
  g_clear_pointer (&codes, g_free);
  codes = sidebar_codes (window);
  g_assert_cmpstr (codes, ==, "SECOND-1");
  {
    g_autofree char *contents = NULL;

    g_file_get_contents (broken, &contents, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (contents, ==, "not a database, not at all\n");
  }

  g_settings_reset (settings, "last-database");
  destroy_and_wait (window);
}

static void
test_import (Fixture       *fixture,
             gconstpointer  user_data)
{
  const char *examples = g_getenv ("EBB_EXAMPLES_DIR");
  g_autofree char *patients = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *scores = NULL;
  g_autofree char *bad = g_build_filename (fixture->dir, "bad-scores.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  AdwMessageDialog *dialog;
  EbbWindow *window;
  EbbStore *store;

  g_assert_nonnull (examples);
  patients = g_build_filename (examples, "patients.csv", NULL);
  sessions = g_build_filename (examples, "sessions.csv", NULL);
  scores = g_build_filename (examples, "scores.csv", NULL);

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  show_and_wait (GTK_WINDOW (window));
  store = ebb_window_get_store (window);

  /* A file with a bad row: nothing at all is written, and the dialog
   * lists the problem by file name and line. */
  g_file_set_contents (bad,
                       "patient,date,scale,score\n"
                       "K-1,2026-01-02,MADRS,14\n"
                       "K-1,2026-01-09,MADRS,99\n",
                       -1, &error);
  g_assert_no_error (error);
  {
    const char *paths[] = { patients, bad, NULL };

    ebb_window_import_files (window, paths);
  }
  dialog = find_message_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Nothing Was Imported");
  {
    GtkWidget *scrolled = adw_message_dialog_get_extra_child (dialog);
    GtkTextView *view = GTK_TEXT_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)));
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (view), &start, &end);
    text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (view), &start, &end, FALSE);
    g_assert_true (g_str_has_prefix (text, "bad-scores.csv:3: "));
    g_assert_null (strstr (text, fixture->dir));
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  before = ebb_store_list_patients (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->len, ==, 0);
  g_assert_cmpstr (visible_page (window), ==, "empty");

  /* The example clinic: 18 patients, listed and flagged. */
  {
    const char *paths[] = { scores, sessions, patients, NULL };

    ebb_window_import_files (window, paths);
  }
  wait_for_load (window);
  g_assert_null (find_message_dialog (window));
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (window)), ==, 18);
  g_assert_cmpstr (visible_page (window), ==, "attention");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  destroy_and_wait (window);
}

static void
test_demo (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *demo_path = ebb_window_get_demo_path ();
  g_autofree char *last = NULL;
  EbbWindow *window;

  /* The demo is written to the cache, which main() points at a folder
   * of its own. */
  g_assert_true (g_str_has_prefix (demo_path, g_get_user_cache_dir ()));

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  show_and_wait (GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (template_child (window, "demo_tag")));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-demo", NULL);
  if (find_message_dialog (window) != NULL)
    {
      AdwMessageDialog *dialog = find_message_dialog (window);

      g_test_message ("The demo clinic could not be made: %s", adw_message_dialog_get_body (dialog));
      g_test_incomplete ("ebb_demo_create() does not work yet");
      destroy_and_wait (window);
      return;
    }

  g_assert_true (ebb_window_is_demo (window));
  /* Said at once, before the clinic is read: the toast goes after a few
   * seconds, which a slow run (valgrind) may spend reading. */
  g_assert_true (toast_shown (window, "Demo clinic with synthetic patients. Changes are discarded when it is opened again."));
  wait_for_load (window);
  g_assert_cmpstr (ebb_window_get_database_path (window), ==, demo_path);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Ebb — Demo (synthetic data)");
  g_assert_true (gtk_widget_get_visible (template_child (window, "demo_tag")));
  /* Reopening the demo discards changes: it says so, in the toast above
   * and on the tag. */
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (template_child (window, "demo_tag")),
                            "Changes are discarded when it is opened again"));
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (window)), >, 0);
  g_assert_cmpstr (visible_page (window), ==, "attention");
  /* The throwaway demo is not what to reopen next time. */
  last = g_settings_get_string (settings, "last-database");
  g_assert_cmpstr (last, ==, fixture->path);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Back to a clinic of one's own: the tag goes. */
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  g_assert_false (ebb_window_is_demo (window));
  g_assert_false (gtk_widget_get_visible (template_child (window, "demo_tag")));

  g_settings_reset (settings, "last-database");
  destroy_and_wait (window);
}

/* A GtkMenuButton under @widget with this label */
static GtkMenuButton *
find_menu_button (GtkWidget  *widget,
                  const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found;

      if (GTK_IS_MENU_BUTTON (child) &&
          g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (child)), label) == 0)
        return GTK_MENU_BUTTON (child);
      if ((found = find_menu_button (child, label)) != NULL)
        return found;
    }

  return NULL;
}

/* A clinic with more flagged patients than the Attention list takes in
 * at once: the most urgent come first, the rest as the user scrolls. */
static void
test_attention_long (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  EbbWindow *window;
  EbbStore *store;
  GListModel *attention;
  GListModel *shown;
  GtkAdjustment *adjustment;

  /* Wide enough for the sidebar and Attention side by side */
  window = ebb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  store = ebb_window_get_store (window);
  g_assert_true (ebb_store_begin (store, &error));
  for (int i = 1; i <= 45; i++)
    {
      g_autofree char *code = g_strdup_printf ("K-%04d", i);

      add_faded_patient_as (store, code);
    }
  g_assert_true (ebb_store_commit (store, &error));
  g_assert_no_error (error);
  show_and_wait (GTK_WINDOW (window));

  attention = ebb_attention_page_get_model (window->attention_page);
  shown = G_LIST_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window->attention_page),
                                                      EBB_TYPE_ATTENTION_PAGE, "no_selection"));
  g_assert_cmpuint (g_list_model_get_n_items (attention), ==, 45);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 15);
  {
    g_autoptr(EbbPatientItem) first = g_list_model_get_item (attention, 0);
    g_autoptr(EbbPatientItem) first_shown = g_list_model_get_item (shown, 0);

    g_assert_true (first == first_shown);
  }
  /* The count is of everyone flagged, not of the rows made so far. */
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window->attention_page),
                                                                                            EBB_TYPE_ATTENTION_PAGE,
                                                                                            "as_of_label"))),
                            "· 45 patients"));

  /* Scrolled to the end, more come, until all are there. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
    gtk_widget_get_template_child (GTK_WIDGET (window->attention_page), EBB_TYPE_ATTENTION_PAGE, "scroller")));
  while (g_list_model_get_n_items (shown) < 45)
    {
      guint n_shown = g_list_model_get_n_items (shown);

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      while (g_list_model_get_n_items (shown) == n_shown)
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (g_list_model_get_n_items (shown), ==, MIN (n_shown + 15, 45));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    }
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 45);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  destroy_and_wait (window);
}

static void
test_navigation (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const char * const record_actions[] = {
    "win.record-rating", "win.record-session", "win.schedule-next",
  };
  EbbWindow *window;
  EbbStore *store;
  GtkAdjustment *attention;
  GtkMenuButton *record;
  GMenuModel *section;
  gint64 id = 0;
  int minimum;

  window = ebb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 450);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  store = ebb_window_get_store (window);
  for (int i = 1; i <= 6; i++)
    {
      g_autofree char *code = g_strdup_printf ("K-%04d", i);

      id = add_faded_patient_as (store, code);
    }
  show_and_wait (GTK_WINDOW (window));

  /* Scrolled down Attention, then off to a patient and back: the most
   * urgent are on top again. */
  attention = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
    gtk_widget_get_template_child (GTK_WIDGET (window->attention_page), EBB_TYPE_ATTENTION_PAGE, "scroller")));
  g_assert_cmpfloat (gtk_adjustment_get_upper (attention), >, gtk_adjustment_get_page_size (attention));
  gtk_adjustment_set_value (attention, gtk_adjustment_get_upper (attention));
  g_assert_cmpfloat (gtk_adjustment_get_value (attention), >, 0);
  g_assert_true (ebb_window_show_patient (window, id));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The Record menu, in the header bar and not in the page, names the
   * window's actions, whose shortcuts menus show. */
  g_assert_null (find_menu_button (GTK_WIDGET (window->patient_page), "_Record"));
  record = find_menu_button (GTK_WIDGET (window), "_Record");
  g_assert_nonnull (record);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (record), template_child (window, "content")));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (record)));
  section = g_menu_model_get_item_link (gtk_menu_button_get_menu_model (record), 0, G_MENU_LINK_SECTION);
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, G_N_ELEMENTS (record_actions));
  for (guint i = 0; i < G_N_ELEMENTS (record_actions); i++)
    {
      g_autofree char *action = NULL;

      g_assert_true (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      g_assert_cmpstr (action, ==, record_actions[i]);
    }
  g_object_unref (section);

  /* A patient shown, the window still folds to a phone's width. */
  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 400);
  /* The content, its header bar's Record, Export and menu included, fits
   * in a phone's 360 pixels. */
  gtk_widget_measure (template_child (window, "content"), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-attention", NULL);
  g_assert_cmpstr (visible_page (window), ==, "attention");
  g_assert_cmpfloat (gtk_adjustment_get_value (attention), ==, 0);

  destroy_and_wait (window);
}

static GtkWidget *
find_widget_of_type (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_preferences (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *preferences;
  AdwComboRow *scale_row;
  AdwComboRow *theme_row;

  preferences = ebb_preferences_window_new (NULL, settings, NULL);
  show_and_wait (GTK_WINDOW (preferences));

#define CHILD(name) gtk_widget_get_template_child (preferences, EBB_TYPE_PREFERENCES_WINDOW, name)
  scale_row = ADW_COMBO_ROW (CHILD ("default_scale_row"));
  theme_row = ADW_COMBO_ROW (CHILD ("chart_theme_row"));
#undef CHILD

  /* Without a clinic, no Clinic Rules page: they are the clinic's. */
  g_assert_null (find_widget_of_type (preferences, EBB_TYPE_CLINIC_RULES_PAGE));

  /* Scales by id: the default is MADRS; CADSS measures side effects, so
   * it is not offered. */
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (scale_row)),
                                               adw_combo_row_get_selected (scale_row)), ==, "MADRS");
  for (guint i = 0; i < g_list_model_get_n_items (adw_combo_row_get_model (scale_row)); i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (scale_row)), i), !=, "CADSS");
  g_settings_set_string (settings, "default-scale", "phq9");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (scale_row)),
                                               adw_combo_row_get_selected (scale_row)), ==, "PHQ-9");

  adw_combo_row_set_selected (theme_row, 3);
  {
    g_autofree char *theme = g_settings_get_string (settings, "chart-theme");

    g_assert_cmpstr (theme, ==, "print");
  }

  gtk_window_destroy (GTK_WINDOW (preferences));

  g_settings_reset (settings, "default-scale");
  g_settings_reset (settings, "chart-theme");
}

/* Backups away from the disk: the day's backup goes to the folder the
 * user chose, and not beside the clinic file; a server clinic's to
 * neither. */
static void
test_backup_folder (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *drive = g_build_filename (fixture->dir, "drive", NULL);
  g_autofree char *name = ebb_backup_file_name (ebb_date_today ());
  g_autofree char *backup = g_build_filename (drive, name, NULL);
  g_autofree char *beside = g_build_filename (fixture->dir, "backups", NULL);
  EbbWindow *window;
  struct stat st;

  g_assert_no_errno (g_mkdir (drive, 0700));
  g_settings_set_string (settings, "backup-folder", drive);

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  show_and_wait (GTK_WINDOW (window));
  while (window->n_backups > 0)
    g_main_context_iteration (NULL, TRUE);

  /* A server clinic is not copied onto each workstation, which would
   * spread it over every desk: its backups are its administrator's. */
  if (ebb_test_on_server ())
    {
      g_autoptr(GDir) dir = g_dir_open (drive, 0, NULL);

      g_assert_nonnull (dir);
      g_assert_null (g_dir_read_name (dir));
    }
  else
    {
      g_assert_no_errno (stat (backup, &st));
      g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
    }
  g_assert_false (g_file_test (beside, G_FILE_TEST_EXISTS));
  destroy_and_wait (window);

  g_settings_reset (settings, "backup-folder");
}

static void
backup_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (ebb_daily_backup_finish (result, error));
}

/* A chosen folder that is not there (a drive not plugged in) is said so,
 * not made anew on the computer's own disk. */
static void
test_backup_folder_missing (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *drive = g_build_filename (fixture->dir, "unplugged", "ebb", NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_clear_object (&store);

  ebb_daily_backup_async (fixture->path, drive, 14, ebb_date_today (), NULL, backup_done_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_FAILED);
  expected = g_strdup_printf ("The backup folder “%s” is not there: connect the drive it is on, or choose "
                              "another folder in Preferences", drive);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_false (g_file_test (drive, G_FILE_TEST_EXISTS));
}

/* Preferences, General, Backups: where the backups go, a chooser and a
 * reset, and a warning while they sit on the clinic's own disk. */
static void
test_preferences_backups (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);
  g_autofree char *beside = g_build_filename (fixture->dir, "backups", NULL);
  g_autofree char *drive = g_build_filename (fixture->dir, "drive", NULL);
  g_autofree char *folder = NULL;
  g_autoptr(GList) toplevels = NULL;
  GtkWidget *chooser = NULL;
  GtkWidget *preferences;
  AdwActionRow *folder_row;
  GtkWidget *reset;
  GtkWidget *warning;

  g_assert_no_error (error);
  g_assert_no_errno (g_mkdir (drive, 0700));
  g_settings_set_int (settings, "backup-keep", 7);
  preferences = ebb_preferences_window_new (NULL, settings, store);
  show_and_wait (GTK_WINDOW (preferences));

#define CHILD(name) gtk_widget_get_template_child (preferences, EBB_TYPE_PREFERENCES_WINDOW, name)
  folder_row = ADW_ACTION_ROW (CHILD ("backup_folder_row"));
  reset = GTK_WIDGET (CHILD ("backup_reset_button"));
  warning = GTK_WIDGET (CHILD ("backup_warning_row"));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (CHILD ("backups_group"))), ==,
                   "A checked copy of the clinic is made on each day Ebb is used; the latest 7 are kept.");
#undef CHILD

  /* By default beside the clinic file: on its disk, and said so. */
  g_assert_cmpstr (adw_action_row_get_subtitle (folder_row), ==, beside);
  g_assert_true (gtk_widget_get_visible (warning));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (warning)), ==,
                   "The backups are on the clinic’s own disk");
  g_assert_false (gtk_widget_get_visible (reset));

  /* A folder on another file system: no warning, and a way back. */
  g_settings_set_string (settings, "backup-folder", "/proc/ebb-backups");
  g_assert_cmpstr (adw_action_row_get_subtitle (folder_row), ==, "/proc/ebb-backups");
  g_assert_false (gtk_widget_get_visible (warning));
  g_assert_true (gtk_widget_get_visible (reset));

  g_assert_true (gtk_widget_activate_action (preferences, "backups.reset", NULL));
  folder = g_settings_get_string (settings, "backup-folder");
  g_assert_cmpstr (folder, ==, "");
  g_assert_cmpstr (adw_action_row_get_subtitle (folder_row), ==, beside);
  g_assert_true (gtk_widget_get_visible (warning));
  g_clear_pointer (&folder, g_free);

  /* The chooser: without a portal, GTK's own dialog stands in for it.
   * Not under valgrind: GTK 4.8's file chooser leaks its folder reads and
   * render nodes, and registers so many names that GLib's first quark
   * block is dropped (tests/trust/meson.build sets the variable). */
  if (g_getenv ("EBB_TEST_UNDER_VALGRIND") != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (preferences));
      g_settings_reset (settings, "backup-folder");
      g_settings_reset (settings, "backup-keep");
      return;
    }
  g_assert_true (gtk_widget_activate_action (preferences, "backups.choose", NULL));
  while (chooser == NULL)
    {
      g_main_context_iteration (NULL, TRUE);
      toplevels = gtk_window_list_toplevels ();
      for (GList *l = toplevels; l != NULL; l = l->next)
        if (GTK_IS_FILE_CHOOSER_DIALOG (l->data))
          chooser = l->data;
      g_clear_pointer (&toplevels, g_list_free);
    }
  {
    g_autoptr(GFile) file = g_file_new_for_path (drive);

    g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
    /* The dialog reads the folder's parent in the background first. */
    for (;;)
      {
        g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

        if (chosen != NULL && g_file_equal (chosen, file))
          break;
        g_main_context_iteration (NULL, TRUE);
      }
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  folder = g_settings_get_string (settings, "backup-folder");
  while (g_strcmp0 (folder, drive) != 0)
    {
      g_main_context_iteration (NULL, TRUE);
      g_free (folder);
      folder = g_settings_get_string (settings, "backup-folder");
    }
  g_assert_cmpstr (adw_action_row_get_subtitle (folder_row), ==, drive);
  g_assert_true (gtk_widget_get_visible (reset));
  /* Another folder, but on the same disk as the clinic: still said. */
  g_assert_true (gtk_widget_get_visible (warning));

  gtk_window_destroy (GTK_WINDOW (preferences));
  g_settings_reset (settings, "backup-folder");
  g_settings_reset (settings, "backup-keep");
}

/* What `ebb-cli flags --format csv` prints for the clinic file. */
static char *
cli_flags (const char *path)
{
  const char *argv[] = { g_getenv ("EBB_CLI"), "--db", path, "flags", "--format", "csv", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
wait_for_attention (EbbWindow *window,
                    guint      n_items)
{
  GListModel *attention = ebb_attention_page_get_model (window->attention_page);

  while (g_list_model_get_n_items (attention) != n_items || ebb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
}

/* The rules' thresholds are the clinic's: set in Preferences, they are
 * written to the clinic file and change the flags in the window and for
 * ebb-cli alike.  The faded patient rose 15 points above its lowest (10 to
 * 25): a fade at a meaningful change of 6, none at 16. */
static void
test_clinic_rules (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reset = NULL;
  EbbClinicRulesPage *page;
  GtkWidget *preferences;
  EbbRuleSettings rules;
  EbbWindow *window;
  EbbStore *store;

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  store = ebb_window_get_store (window);
  add_faded_patient (store);
  show_and_wait (GTK_WINDOW (window));
  wait_for_attention (window, 1);
  before = cli_flags (fixture->path);
  g_assert_nonnull (strstr (before, "K-0042,MADRS,faded,"));

  preferences = ebb_preferences_window_new (GTK_WINDOW (window), settings, store);
  show_and_wait (GTK_WINDOW (preferences));
  page = EBB_CLINIC_RULES_PAGE (find_widget_of_type (preferences, EBB_TYPE_CLINIC_RULES_PAGE));
  g_assert_nonnull (page);
  g_assert_cmpstr (ebb_clinic_rules_page_get_text (page, "meaningful-change.MADRS"), ==, "6");

  g_assert_true (ebb_clinic_rules_page_apply (page, "meaningful-change.MADRS", "16"));
  g_assert_true (ebb_store_load_rule_settings (store, &rules, &error));
  g_assert_cmpint (ebb_rule_settings_meaningful_change (&rules, ebb_scale_lookup ("MADRS")), ==, 16);
  wait_for_attention (window, 0);
  after = cli_flags (fixture->path);
  g_assert_null (strstr (after, "K-0042,MADRS,faded,"));

  /* A value out of range is refused, said on the field, and nothing
   * changes. */
  g_assert_false (ebb_clinic_rules_page_apply (page, "meaningful-change.MADRS", "0"));
  g_assert_true (ebb_store_load_rule_settings (store, &rules, &error));
  g_assert_cmpint (ebb_rule_settings_meaningful_change (&rules, ebb_scale_lookup ("MADRS")), ==, 16);

  /* Reset: back to the rules' default, and the fade is back. */
  g_assert_true (ebb_clinic_rules_page_apply (page, "meaningful-change.MADRS", NULL));
  g_assert_cmpstr (ebb_clinic_rules_page_get_text (page, "meaningful-change.MADRS"), ==, "6");
  wait_for_attention (window, 1);
  reset = cli_flags (fixture->path);
  g_assert_nonnull (strstr (reset, "K-0042,MADRS,faded,"));

  gtk_window_destroy (GTK_WINDOW (preferences));
  destroy_and_wait (window);
}

/* Looks for changes made elsewhere, as the window's watch does, until it
 * finds one.  A file's count of commits has changed at once; a server's
 * announcement reaches the window's connection a moment after the other
 * connection's commit, which the window reads when it next looks (without
 * a query).  Counted in looks rather than timed, so that a slow run
 * (valgrind) cannot fail it; given up after a minute, so that a change
 * never announced fails rather than hangs. */
static void
look_until_changed (EbbWindow *window)
{
  gint64 give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint looks = 1;

  while (!ebb_window_look_for_changes (window))
    {
      g_assert_true (ebb_test_on_server ());
      g_assert_cmpint (g_get_monotonic_time (), <, give_up);
      g_usleep (10000);
      looks++;
    }
  g_test_message ("the change was found at look %u", looks);
}

/* Issue 15 #4: a rating with PHQ-9 item 9 at 3, written by another
 * program (a second connection, as ebb-cli import makes), reaches
 * Attention and the open patient without the window being told; and a
 * window left open over midnight works the flags out for the new day. */
static void
test_changes_elsewhere (Fixture       *fixture,
                        gconstpointer  user_data)
{
  const int items[9] = { 2, 2, 2, 2, 2, 2, 2, 2, 3 };
  g_autoptr(EbbStore) elsewhere = NULL;
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GError) error = NULL;
  EbbWindow *window;
  gint64 id;

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  id = ebb_test_store_patient (ebb_window_get_store (window), "K-0007", "Quiet Patient");
  show_and_wait (GTK_WINDOW (window));
  wait_for_attention (window, 0);
  g_assert_true (ebb_window_show_patient (window, id));
  g_assert_cmpuint (ebb_patient_page_get_n_flags (window->patient_page), ==, 0);
  /* The day's backup, made in a thread on a connection of its own, writes
   * its entry in the audit trail: a change made elsewhere, of its own
   * kind.  Let it land, and the window read it, first. */
  for (int settled = 0; settled < 10; settled++)
    {
      while (window->n_backups > 0)
        g_main_context_iteration (NULL, TRUE);
      if (!ebb_window_look_for_changes (window))
        break;
      wait_for_load (window);
    }
  g_assert_false (ebb_window_look_for_changes (window));

  elsewhere = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  {
    g_autofree char *yesterday = ebb_date_format (ebb_date_today () - 1);

    g_assert_true (ebb_rating_set_when (rating, yesterday, NULL));
  }
  rating->patient_id = id;
  rating->scale_id = g_strdup ("PHQ-9");
  ebb_rating_set_items (rating, items, 9);
  rating->total = 19;
  g_assert_true (ebb_store_add_rating (elsewhere, rating, &error));
  g_assert_no_error (error);

  /* Another program's change to a file may be to anyone (the file counts
   * commits, not whose): the clinic is read.  A server announces whose
   * it was, and that patient alone is read, at once. */
  look_until_changed (window);
  if (ebb_test_on_server ())
    {
      g_assert_false (ebb_window_get_loading (window));
      g_assert_cmpuint (g_list_model_get_n_items (ebb_attention_page_get_model (window->attention_page)), ==, 1);
    }
  else
    g_assert_true (ebb_window_get_loading (window));
  wait_for_attention (window, 1);
  g_assert_cmpuint (ebb_patient_page_get_n_flags (window->patient_page), ==, 1);

  /* Midnight: the window worked the flags out for yesterday. */
  window->as_of = ebb_date_today () - 1;
  g_assert_true (ebb_window_look_for_changes (window));
  wait_for_load (window);
  g_assert_cmpint (window->as_of, ==, ebb_date_today ());
  g_assert_false (ebb_window_look_for_changes (window));

  destroy_and_wait (window);
}

/* What the window's lists say of every patient, in their order: the
 * sidebar as sorted, then Attention with its headings. */
static char *
describe_lists (GListModel *sidebar,
                GListModel *attention)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (sidebar); i++)
    {
      g_autoptr(EbbPatientItem) item = g_list_model_get_item (sidebar, i);

      g_string_append_printf (text, "%s|%s|%s|%s|%u|%d\n", ebb_patient_item_get_code (item),
                              ebb_patient_item_get_name (item), ebb_patient_item_get_score_label (item),
                              ebb_patient_item_get_follow_up_label (item), ebb_patient_item_get_n_flags (item),
                              ebb_patient_item_get_flag_kind (item));
    }
  g_string_append (text, "--\n");
  for (guint i = 0; i < g_list_model_get_n_items (attention); i++)
    {
      g_autoptr(EbbPatientItem) item = g_list_model_get_item (attention, i);
      const EbbAttentionItem *entry = ebb_patient_item_get_attention (item);

      g_string_append_printf (text, "%s%s section %d|%s|%s %d %d\n",
                              ebb_patient_item_get_section_start (item) ? "# " : "",
                              ebb_patient_item_get_code (item), entry->section,
                              ebb_patient_item_get_suggestion (item),
                              entry->latest_scale != NULL ? entry->latest_scale->id : "-",
                              entry->latest_total, entry->next_session_day);
    }
  return g_string_free (text, FALSE);
}

static void
loaded_cb (EbbPatientList *list,
           gboolean        keys_changed,
           const GError   *error,
           gboolean       *loaded)
{
  g_assert_no_error (error);
  *loaded = TRUE;
}

/* The window's lists hold what a load of the whole clinic would. */
static void
assert_lists_as_loaded (EbbWindow *window)
{
  g_autoptr(EbbPatientList) fresh = ebb_patient_list_new ();
  g_autoptr(GtkSortListModel) sorted = NULL;
  g_autofree char *default_scale = g_settings_get_string (window->settings, "default-scale");
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  EbbStore *store = ebb_window_get_store (window);
  EbbRuleSettings rules;
  gboolean loaded = FALSE;

  g_assert_true (ebb_store_load_rule_settings (store, &rules, NULL));
  g_signal_connect (fresh, "loaded", G_CALLBACK (loaded_cb), &loaded);
  ebb_patient_list_load (fresh, ebb_store_get_path (store), &rules, default_scale, window->as_of);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);

  sorted = gtk_sort_list_model_new (g_object_ref (ebb_patient_list_get_patients (fresh)),
                                    g_object_ref (GTK_SORTER (window->sorter)));
  expected = describe_lists (G_LIST_MODEL (sorted), ebb_patient_list_get_attention (fresh));
  shown = describe_lists (sidebar_model (window), ebb_attention_page_get_model (window->attention_page));
  g_assert_cmpstr (shown, ==, expected);
}

/* Issue 17: a change to one patient is read for that patient alone, at
 * once: the lists show it with no load of the clinic, every other
 * patient's item untouched, and what they show is what a load of the
 * whole clinic would show. */
static void
test_one_patient_changed (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const int items[9] = { 2, 2, 2, 2, 2, 2, 2, 2, 3 };
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *yesterday = ebb_date_format (ebb_date_today () - 1);
  g_autofree char *codes = NULL;
  GListModel *attention;
  EbbWindow *window;
  EbbStore *store;
  gint64 id = 0;
  gint64 added;

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  store = ebb_window_get_store (window);
  ebb_test_import_examples (store);
  show_and_wait (GTK_WINDOW (window));
  attention = ebb_attention_page_get_model (window->attention_page);
  assert_lists_as_loaded (window);

  for (guint i = 0; i < g_list_model_get_n_items (sidebar_model (window)); i++)
    g_ptr_array_add (before, g_list_model_get_item (sidebar_model (window), i));
  /* The last in Attention, to be moved up to its top section. */
  g_assert_cmpuint (g_list_model_get_n_items (attention), >, 1);
  {
    g_autoptr(EbbPatientItem) last = g_list_model_get_item (attention, g_list_model_get_n_items (attention) - 1);

    id = ebb_patient_item_get_id (last);
    g_assert_cmpint (ebb_patient_item_get_attention (last)->section, !=, EBB_ATTENTION_NOW);
  }

  /* The day's backup, made as the clinic opened, adds to its audit trail
   * from a connection of its own, which the window reads when it next
   * looks: taken in first, so that on a slow run (valgrind) the rating
   * below does not meet that reload. */
  while (window->n_backups > 0)
    g_main_context_iteration (NULL, TRUE);
  ebb_window_look_for_changes (window);
  wait_for_load (window);

  /* A rating with the suicide item at 3: in Attention's Now at once. */
  gt_signal_logger_connect (logger, window, "notify::loading");
  g_assert_true (ebb_rating_set_when (rating, yesterday, NULL));
  rating->patient_id = id;
  rating->scale_id = g_strdup ("PHQ-9");
  ebb_rating_set_items (rating, items, 9);
  rating->total = 19;
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);
  g_assert_false (ebb_window_get_loading (window));
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpint (ebb_patient_item_get_attention (ebb_patient_list_lookup (window->patients, id))->section, ==,
                   EBB_ATTENTION_NOW);
  g_assert_cmpstr (ebb_patient_item_get_score_label (ebb_patient_list_lookup (window->patients, id)), ==,
                   "PHQ-9 19 · moderately severe");
  {
    gboolean listed = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (attention); i++)
      {
        g_autoptr(EbbPatientItem) item = g_list_model_get_item (attention, i);

        listed |= ebb_patient_item_get_id (item) == id;
      }
    g_assert_true (listed);
  }
  /* The same items, in the same places: nothing else was read. */
  g_assert_cmpuint (g_list_model_get_n_items (sidebar_model (window)), ==, before->len);
  for (guint i = 0; i < before->len; i++)
    {
      g_autoptr(EbbPatientItem) item = g_list_model_get_item (sidebar_model (window), i);

      g_assert_true (item == g_ptr_array_index (before, i));
    }
  assert_lists_as_loaded (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* Deleted again: back where it was. */
  g_assert_true (ebb_store_delete_rating (store, rating->id, &error));
  g_assert_no_error (error);
  g_assert_false (ebb_window_get_loading (window));
  {
    g_autoptr(EbbPatientItem) last = g_list_model_get_item (attention, g_list_model_get_n_items (attention) - 1);

    g_assert_cmpint (ebb_patient_item_get_id (last), ==, id);
  }
  assert_lists_as_loaded (window);

  /* A new patient, and one renamed: each in its sorted place. */
  added = ebb_test_store_patient (store, "A-0001", "First In Order");
  g_assert_false (ebb_window_get_loading (window));
  codes = sidebar_codes (window);
  g_assert_true (g_str_has_prefix (codes, "A-0001 "));
  assert_lists_as_loaded (window);
  patient = ebb_store_get_patient (store, added, &error);
  g_assert_no_error (error);
  g_free (patient->code);
  patient->code = g_strdup ("ZZ-0001");
  g_assert_true (ebb_store_update_patient (store, patient, &error));
  g_assert_no_error (error);
  g_clear_pointer (&codes, g_free);
  codes = sidebar_codes (window);
  g_assert_true (g_str_has_suffix (codes, " ZZ-0001"));
  assert_lists_as_loaded (window);

  /* Deleted: gone from both lists. */
  g_assert_true (ebb_store_delete_patient (store, id, &error));
  g_assert_no_error (error);
  g_assert_false (ebb_window_get_loading (window));
  g_assert_null (ebb_patient_list_lookup (window->patients, id));
  assert_lists_as_loaded (window);
  gt_signal_logger_assert_no_emissions (logger);

  /* A change to the clinic's rule settings reads everything. */
  g_assert_true (ebb_store_set_rule_setting (store, "meaningful-change.MADRS", "8", &error));
  g_assert_no_error (error);
  g_assert_true (ebb_window_get_loading (window));
  wait_for_load (window);
  assert_lists_as_loaded (window);

  gt_signal_logger_free (g_steal_pointer (&logger));
  destroy_and_wait (window);
}

/* The actions named by a menu and its sections */
static void
collect_menu_actions (GMenuModel *menu,
                      GPtrArray  *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      char *action = NULL;

      if (section != NULL)
        collect_menu_actions (section, actions);
      else if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_ptr_array_add (actions, action);
    }
}

/* Issue 18 #7 and #9: at 760 × 600 the window is one pane and the patient
 * has it whole; Record and Export are at the end of the header bar, once,
 * and only with a patient; the header names the patient only once the
 * page's heading is scrolled away.  At 1000 pixels, side by side. */
static void
test_fold (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GPtrArray) actions = g_ptr_array_new_with_free_func (g_free);
  EbbWindow *window;
  EbbStore *store;
  AdwLeaflet *leaflet;
  AdwWindowTitle *title;
  GtkWidget *record, *export, *menu;
  GtkAdjustment *scroll;
  gint64 id;

  window = ebb_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 600);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  store = ebb_window_get_store (window);
  id = add_faded_patient_as (store, "K-0001");
  for (int i = 3; i < 30; i += 3)
    ebb_test_store_rating (store, id, ebb_date_today () - i - 20, "MADRS", 30);
  show_and_wait (GTK_WINDOW (window));
  wait_for_load (window);

  leaflet = template_child (window, "leaflet");
  record = template_child (window, "record_button");
  export = template_child (window, "export_button");
  menu = template_child (window, "patient_menu_button");
  title = template_child (window, "content_title");
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_false (gtk_widget_get_visible (record));
  g_assert_false (gtk_widget_get_visible (export));

  g_assert_true (ebb_window_show_patient (window, id));
  while (adw_leaflet_get_child_transition_running (leaflet))
    g_main_context_iteration (NULL, TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (adw_leaflet_get_visible_child (leaflet) == template_child (window, "content"));
  /* (The window's shadow takes some of the 760 pixels, without a window
   * manager.) */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window->patient_page)), ==,
                   gtk_widget_get_width (GTK_WIDGET (leaflet)));
  g_assert_true (ebb_patient_page_get_narrow (window->patient_page));

  /* Record and Export, whole, in the header bar; the rest in ⋮ */
  g_assert_true (gtk_widget_get_mapped (record));
  g_assert_true (gtk_widget_get_mapped (export));
  g_assert_true (gtk_widget_get_mapped (menu));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (record)), ==, "_Record");
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (export)), ==, "document-save-symbolic");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (export), ==, "Export");
  collect_menu_actions (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu)), actions);
  g_assert_cmpuint (actions->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (actions, 0), ==, "win.edit-patient");
  g_assert_cmpstr (g_ptr_array_index (actions, 1), ==, "win.end-course");
  g_assert_cmpstr (g_ptr_array_index (actions, 2), ==, "win.delete-patient");

  /* The page's heading names the patient; once it is scrolled away, the
   * header bar does. */
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "");
  scroll = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_widget_get_template_child (GTK_WIDGET (window->patient_page), EBB_TYPE_PATIENT_PAGE,
                                                        "page_scroller")));
  g_assert_cmpfloat (gtk_adjustment_get_upper (scroll), >, gtk_adjustment_get_page_size (scroll) + 200);
  gtk_adjustment_set_value (scroll, 200);
  g_assert_false (ebb_patient_page_get_heading_visible (window->patient_page));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "K-0001");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "Jane Doe");
  gtk_adjustment_set_value (scroll, 0);
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "");

  /* Attention has no patient commands to show. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-attention", NULL);
  g_assert_false (gtk_widget_get_visible (record));
  g_assert_false (gtk_widget_get_visible (menu));

  /* Wider, side by side */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  while (adw_leaflet_get_folded (leaflet))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gtk_widget_get_width (template_child (window, "sidebar")), ==, 300);

  destroy_and_wait (window);
}

/* Issue 18 #1: the keyboard stays where the user put it.  Moving the
 * selection down the list (what the arrow keys do) opens each patient and
 * leaves the focus in the list; typing in the search with a patient open
 * leaves it in the search. */
static void
test_focus_kept (Fixture       *fixture,
                 gconstpointer  user_data)
{
  GtkWidget *list, *search, *focus;
  EbbWindow *window;
  EbbStore *store;
  gint64 first, second;

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  store = ebb_window_get_store (window);
  first = add_faded_patient_as (store, "K-0001");
  second = add_faded_patient_as (store, "K-0002");
  show_and_wait (GTK_WINDOW (window));
  wait_for_load (window);

  list = template_child (window, "patient_list");
  search = template_child (window, "search_entry");
  gtk_widget_grab_focus (list);
  for (int i = 0; i < 2; i++)
    {
      gtk_single_selection_set_selected (window->selection, i);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      g_assert_cmpint (ebb_patient_page_get_patient_id (window->patient_page), ==, i == 0 ? first : second);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_assert_nonnull (focus);
      g_assert_true (focus == list || gtk_widget_is_ancestor (focus, list));
    }

  gtk_widget_grab_focus (search);
  type_search (window, "K");
  type_search (window, "K-0001");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == search || gtk_widget_is_ancestor (focus, search));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "K-0001");

  destroy_and_wait (window);
}

/* §6: a course recorded as ended closes the patient's flags (the fade
 * is on or before the end) and the sidebar says so. */
static void
test_course_ended (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *day = ebb_date_format_for_people (ebb_date_today () + 10, ebb_date_today ());
  g_autofree char *next = g_strdup_printf ("next %s", day);
  EbbWindow *window;
  EbbStore *store;
  gint64 id;

  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  store = ebb_window_get_store (window);
  id = add_faded_patient (store);
  /* One whose course ended, with nothing booked: the list says so. */
  {
    g_autoptr(EbbCourseEnd) end = ebb_course_end_new ();
    gint64 ended = ebb_test_store_patient (store, "K-0100", "Ended Course");

    ebb_test_store_session (store, ended, ebb_date_today () - 30, EBB_SESSION_DONE);
    end->patient_id = ended;
    end->day = ebb_date_today () - 20;
    end->reason = EBB_END_REASON_REMISSION;
    g_assert_true (ebb_store_add_course_end (store, end, &error));
    show_and_wait (GTK_WINDOW (window));
    wait_for_attention (window, 1);
    g_assert_cmpstr (ebb_patient_item_get_follow_up_label (ebb_patient_list_lookup (window->patients, ended)), ==,
                     "course ended");
  }
  g_assert_cmpstr (ebb_patient_item_get_follow_up_label (ebb_patient_list_lookup (window->patients, id)), ==,
                   next);

  g_assert_true (ebb_window_show_patient (window, id));
  g_assert_true (ebb_patient_page_end_course (window->patient_page, ebb_date_today () - 1,
                                              EBB_END_REASON_STOPPED_BY_PATIENT, &error));
  g_assert_no_error (error);
  wait_for_attention (window, 0);
  g_assert_cmpstr (ebb_patient_item_get_score_label (ebb_patient_list_lookup (window->patients, id)), ==,
                   "MADRS 25 · moderate");
  /* The session booked for today + 10 still comes after the end, so the
   * list says when it is. */
  g_assert_cmpstr (ebb_patient_item_get_follow_up_label (ebb_patient_list_lookup (window->patients, id)), ==,
                   next);

  /* Undo takes the end back, and the fade with it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  wait_for_attention (window, 1);
  destroy_and_wait (window);
}

/* Rules version 1 kept the response fraction in one user's preferences:
 * opening a clinic moves a changed value into it, once. */
static void
test_rule_settings_migrate (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GVariant) left = NULL;
  g_autoptr(GError) error = NULL;
  EbbRuleSettings rules;
  EbbWindow *window;

  g_settings_set_double (settings, "response-fraction", 0.4);
  window = ebb_window_new (NULL);
  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  show_and_wait (GTK_WINDOW (window));
  g_assert_true (ebb_store_load_rule_settings (ebb_window_get_store (window), &rules, &error));
  g_assert_cmpint (rules.baseline_window_days, ==, 30);
  left = g_settings_get_user_value (settings, "response-fraction");
  if (ebb_test_on_server ())
    {
      /* A server clinic is shared: one workstation's old preference does
       * not become every clinician's rule, and stays for a file. */
      g_assert_cmpfloat_with_epsilon (rules.response_fraction, 0.5, 1e-9);
      g_assert_nonnull (left);
      g_settings_reset (settings, "response-fraction");
    }
  else
    {
      g_assert_cmpfloat_with_epsilon (rules.response_fraction, 0.4, 1e-9);
      g_assert_null (left);
    }
  destroy_and_wait (window);
}

/* Closing the window with a patient half entered in a dialog asks about
 * the patient first, and the window stays; once that is answered, the
 * window closes. */
static void
test_close_with_dialog (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  EbbWindow *window = ebb_window_new (NULL);
  EbbStore *store;
  GtkWidget *dialog;
  AdwMessageDialog *question;
  GtkWidget *discard;

  g_assert_true (ebb_window_open_database (window, fixture->path, &error));
  g_assert_no_error (error);
  show_and_wait (GTK_WINDOW (window));
  while (window->n_backups > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-patient", NULL));
  dialog = ebb_test_find_toplevel (EBB_TYPE_PATIENT_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (dialog, EBB_TYPE_PATIENT_DIALOG, "code_row")),
                         "K-0007");

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window);
  g_assert_nonnull (dialog);
  question = ebb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) == GTK_WINDOW (dialog));

  /* Asked again, the same question comes forward: no second one. */
  gtk_window_close (GTK_WINDOW (window));
  {
    g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
    guint n_questions = 0;

    for (GList *l = toplevels; l != NULL; l = l->next)
      n_questions += ADW_IS_MESSAGE_DIALOG (l->data);
    g_assert_cmpuint (n_questions, ==, 1);
  }

  /* Discarded, as clicked: the dialog goes, then the window can. */
  discard = ebb_test_find_button (GTK_WIDGET (question), "_Discard");
  g_assert_nonnull (discard);
  gtk_widget_activate (discard);
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);

  store = ebb_window_get_store (window);
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);
  g_assert_null (store);
}

static void
test_shortcuts_window (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  GObject *overlay;

  /* GtkApplication loads it by this path for win.show-help-overlay. */
  gtk_builder_add_from_resource (builder, "/io/github/ebbclinic/Ebb/gtk/help-overlay.ui", &error);
  g_assert_no_error (error);
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int ret;

  if (!ebb_test_display_available ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  ebb_test_init_backend (argc, argv);

  /* The demo clinic and the default database go to the user's folders:
   * give this run folders of its own, before GLib reads them. */
  home = g_dir_make_tmp ("ebb-test-window-home-XXXXXX", NULL);
  g_assert_nonnull (home);
  {
    g_autofree char *cache = g_build_filename (home, "cache", NULL);
    g_autofree char *data = g_build_filename (home, "data", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ((path), Fixture, NULL, ebb_test_clinic_set_up, (func), ebb_test_clinic_tear_down)
  /* Each program's tests about the clinic file itself run on a file only. */
#define ADD_FILE_TEST(path, func) \
  G_STMT_START { if (!ebb_test_on_server ()) ADD (path, func); } G_STMT_END

  ADD ("/window/new-database", test_new_database);
  ADD_FILE_TEST ("/window/not-a-database", test_not_a_database);        /* a file of random bytes */
  ADD ("/window/size-saved", test_size_saved);
  ADD ("/window/patient-list", test_patient_list);
  ADD ("/window/search", test_search);
  ADD ("/window/attention", test_attention);
  ADD ("/window/undo", test_undo);
  ADD ("/window/loading", test_loading);
  ADD ("/window/reads-after-first-frame", test_reads_after_first_frame);
  ADD ("/window/patient-before-list", test_patient_before_list);
  ADD ("/window/second-database", test_second_database);
  ADD ("/window/import", test_import);
  ADD ("/window/demo", test_demo);
  ADD ("/window/attention-long", test_attention_long);
  ADD ("/window/navigation", test_navigation);
  ADD ("/window/clinic-rules", test_clinic_rules);
  ADD ("/window/changes-elsewhere", test_changes_elsewhere);
  ADD ("/window/one-patient-changed", test_one_patient_changed);
  ADD ("/window/fold", test_fold);
  ADD ("/window/focus-kept", test_focus_kept);
  ADD ("/window/course-ended", test_course_ended);
  ADD ("/window/rule-settings-migrate", test_rule_settings_migrate);
  ADD ("/window/backup-folder", test_backup_folder);
  ADD_FILE_TEST ("/window/backup-folder-missing", test_backup_folder_missing); /* the daily backup of a clinic file */
  ADD_FILE_TEST ("/window/preferences-backups", test_preferences_backups); /* backups beside the clinic file, on its disk */
  ADD ("/window/preferences", test_preferences);
  ADD ("/window/close-with-dialog", test_close_with_dialog);
  ADD ("/window/shortcuts-window", test_shortcuts_window);

#undef ADD_FILE_TEST
#undef ADD

  ret = g_test_run ();

  ebb_test_remove_tree (home);

  return ret;
}
