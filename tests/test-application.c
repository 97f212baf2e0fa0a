/* test-application.c — the application as `ebb --db PATH` runs it, under Xvfb
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The keyboard shortcuts are the application's, registered as it starts
 * up, and menus and the shortcuts window show them only in a window that
 * belongs to it.  So each test here runs the application itself, with
 * g_application_run() in a process of its own, and drives the window it
 * opened from an idle callback; closing that window ends the run.  A
 * window on its own is test-window's.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ebb-application.h"
#include "ebb-date.h"
#include "ebb-window-private.h"
#include "ebb-test-utils.h"
#include "ebb-test-widgets.h"

#if defined(__SANITIZE_ADDRESS__)
/* The export chooser takes GLib past 2048 quarks, and GLib by design
 * never frees the quark block it outgrows.  tests/trust/lsan.supp lets
 * that block go by where it was allocated (GLib's constructor, under
 * _dl_init), which LeakSanitizer sees only with full unwinding: set here,
 * for this program alone, as it slows a sanitizer run several times. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}
#endif

/* What each test is shown: one patient with a chart. */
#define PATIENT_CODE "K-0001"

/* The export commands, as the patient page's Export menu lists them */
static const struct {
  const char *action;
  const char *accel;    /* NULL: a menu item without a shortcut */
} exports[] = {
  { "win.export", "<Control>e" },
  { "win.export-report", NULL },
  { "win.copy-chart", "<Control><Shift>c" },
};

typedef EbbTestClinic Fixture;

/* Runs the application on the fixture's clinic, as `ebb --db PATH`, with
 * @body called once it is running; @body closes the window to end it. */
static void
run_application (Fixture     *fixture,
                 GSourceFunc  body)
{
  g_autoptr(EbbApplication) app = NULL;
  char *argv[] = { (char *) "ebb", (char *) "--db", fixture->path, NULL };

  /* An application starts up once in a process (a second
   * g_set_application_name() is an error): each test has its own. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  app = ebb_application_new ();
  /* Alone: no other instance to hand the command line to. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_idle_add (body, NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);
}

static void
add_rating (EbbStore *store,
            gint64    patient_id,
            int       days_ago,
            int       total)
{
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *when = ebb_date_format (ebb_date_today () - days_ago);

  rating->patient_id = patient_id;
  rating->scale_id = g_strdup ("MADRS");
  rating->total = total;
  g_assert_true (ebb_rating_set_when (rating, when, &error));
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);
}

/* The application's window, once it has read its clinic, showing a
 * patient with a chart. */
static EbbWindow *
wait_for_patient (void)
{
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  g_autoptr(EbbPatient) patient = ebb_patient_new (PATIENT_CODE, "Jane Doe");
  g_autoptr(GError) error = NULL;
  EbbWindow *window;
  EbbStore *store;

  g_assert_true (EBB_IS_APPLICATION (app));
  while (gtk_application_get_windows (app) == NULL)
    g_main_context_iteration (NULL, TRUE);
  window = EBB_WINDOW (gtk_application_get_windows (app)->data);
  /* It does so once it is on screen. */
  while ((store = ebb_window_get_store (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  add_rating (store, patient->id, 20, 30);
  add_rating (store, patient->id, 2, 12);
  g_assert_true (ebb_window_show_patient (window, patient->id));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_nonnull (ebb_patient_page_get_scale_id (window->patient_page));

  return window;
}

/* Closes every window, which ends the application's run, and checks that
 * nothing kept the window, or its clinic, open. */
static void
close_window (EbbWindow *window)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();
  EbbStore *store = ebb_window_get_store (window);

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (l->data != (gpointer) window)
        gtk_window_destroy (GTK_WINDOW (l->data));
    }
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);
  g_assert_null (store);
}

/* The widgets of type @type_name under @widget, in the order shown; by
 * name, for GTK's private types such as the buttons of a popover menu. */
static void
collect_widgets (GtkWidget  *widget,
                 const char *type_name,
                 GPtrArray  *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_str_equal (G_OBJECT_TYPE_NAME (child), type_name))
        g_ptr_array_add (found, child);
      collect_widgets (child, type_name, found);
    }
}

/* Whether @a and @b name the same keys, however written: GTK writes
 * "<Control><Shift>c" back as "<Shift><Control>c". */
static gboolean
same_accel (const char *a,
            const char *b)
{
  guint a_key, b_key;
  GdkModifierType a_mods, b_mods;

  if (a == NULL || b == NULL)
    return a == b;
  g_assert_true (gtk_accelerator_parse (a, &a_key, &a_mods));
  g_assert_true (gtk_accelerator_parse (b, &b_key, &b_mods));
  return a_key == b_key && a_mods == b_mods;
}

/* Whether the window handles @accel for @action_name before any widget in
 * it sees the key: a shortcut that a focused entry could take would not
 * work from anywhere in the window. */
static gboolean
window_handles_accel (EbbWindow  *window,
                      const char *accel,
                      const char *action_name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr(GtkShortcutTrigger) trigger = gtk_shortcut_trigger_parse_string (accel);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != GTK_PHASE_CAPTURE ||
          gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)) != GTK_SHORTCUT_SCOPE_GLOBAL)
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), trigger) &&
              GTK_IS_NAMED_ACTION (action) &&
              g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), action_name))
            return TRUE;
        }
    }

  return FALSE;
}

/* Export is in the header bar, once: not in the page as well. */
static GtkMenuButton *
find_export_button (EbbWindow *window)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkMenuButton *found = NULL;

  collect_widgets (GTK_WIDGET (window), "GtkMenuButton", buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      if (g_strcmp0 (gtk_widget_get_tooltip_text (g_ptr_array_index (buttons, i)), "Export") == 0)
        {
          g_assert_null (found);
          found = g_ptr_array_index (buttons, i);
        }
    }
  g_assert_nonnull (found);
  g_assert_false (gtk_widget_is_ancestor (GTK_WIDGET (found), GTK_WIDGET (window->patient_page)));
  return found;
}

/* The header bar's Export menu names the window's actions, so that it
 * shows their shortcuts, which the window handles wherever the focus is. */
static gboolean
export_menu_cb (gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  EbbWindow *window = wait_for_patient ();
  GtkMenuButton *export_button = find_export_button (window);
  GMenuModel *menu = gtk_menu_button_get_menu_model (export_button);
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (export_button));
  g_autoptr(GPtrArray) menu_actions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) menu_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_auto(GStrv) actions = NULL;

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; j < g_menu_model_get_n_items (section); j++)
        {
          char *action = NULL;
          char *label = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action));
          g_assert_true (g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &label));
          g_ptr_array_add (menu_actions, action);
          g_ptr_array_add (menu_labels, label);
        }
    }
  g_assert_cmpuint (menu_actions->len, ==, G_N_ELEMENTS (exports));
  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    g_assert_cmpstr (g_ptr_array_index (menu_actions, i), ==, exports[i].action);

  /* Open, it shows the shortcuts beside the items. */
  gtk_menu_button_popup (export_button);
  while (!gtk_widget_get_mapped (popover))
    g_main_context_iteration (NULL, TRUE);
  collect_widgets (popover, "GtkModelButton", items);
  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (exports));
  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    {
      g_autofree char *text = NULL;
      g_autofree char *accel = NULL;
      g_auto(GStrv) mnemonic = g_strsplit (g_ptr_array_index (menu_labels, i), "_", -1);
      g_autofree char *shown = g_strjoinv ("", mnemonic);

      g_object_get (g_ptr_array_index (items, i), "text", &text, "accel", &accel, NULL);
      g_assert_cmpstr (text, ==, shown);
      g_assert_true (same_accel (accel, exports[i].accel));
      g_assert_true (gtk_widget_is_sensitive (g_ptr_array_index (items, i)));
    }
  gtk_menu_button_popdown (export_button);

  /* Each shortcut means one thing, and the window takes it before any
   * widget does: typing in the search entry does not keep Ctrl+E from
   * exporting. */
  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    {
      if (exports[i].accel == NULL)
        continue;
      actions = gtk_application_get_actions_for_accel (app, exports[i].accel);
      g_assert_cmpstrv (actions, ((const char * const[]) { exports[i].action, NULL }));
      g_clear_pointer (&actions, g_strfreev);
      g_assert_true (window_handles_accel (window, exports[i].accel, exports[i].action));
    }

  close_window (window);
  return G_SOURCE_REMOVE;
}

static void
test_export_menu (Fixture       *fixture,
                  gconstpointer  user_data)
{
  run_application (fixture, export_menu_cb);
}

/* The accelerator the shortcuts window shows for @action_name, or NULL
 * when it does not list it. */
static char *
help_overlay_accel (GtkWidget  *overlay,
                    const char *action_name)
{
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();

  collect_widgets (overlay, "GtkShortcutsShortcut", shortcuts);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *name = NULL;
      char *accelerator = NULL;

      g_object_get (g_ptr_array_index (shortcuts, i),
                    "action-name", &name,
                    "accelerator", &accelerator,
                    NULL);
      if (g_strcmp0 (name, action_name) == 0)
        return accelerator;
      g_free (accelerator);
    }

  return NULL;
}

/* Every shortcut of the application is in the shortcuts window, with the
 * keys it has. */
static gboolean
shortcuts_window_cb (gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  EbbWindow *window = wait_for_patient ();
  GtkWidget *overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_auto(GStrv) described = gtk_application_list_action_descriptions (app);

  g_assert_nonnull (overlay);
  for (guint i = 0; described[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, described[i]);
      g_autofree char *listed = help_overlay_accel (overlay, described[i]);

      if (accels[0] == NULL)
        continue;
      if (listed == NULL)
        g_error ("%s (%s) is missing from the shortcuts window", described[i], accels[0]);
      g_assert_true (same_accel (listed, accels[0]));
    }

  /* The export shortcuts among them */
  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    {
      g_autofree char *listed = help_overlay_accel (overlay, exports[i].action);

      g_assert_true (same_accel (listed, exports[i].accel));
    }

  close_window (window);
  return G_SOURCE_REMOVE;
}

static void
test_shortcuts_window (Fixture       *fixture,
                       gconstpointer  user_data)
{
  run_application (fixture, shortcuts_window_cb);
}

static GtkFileChooser *
find_file_chooser (const char *title)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (GTK_IS_FILE_CHOOSER (l->data) &&
          g_strcmp0 (gtk_window_get_title (l->data), title) == 0)
        return l->data;
    }

  return NULL;
}

/* What the export shortcuts run does what the menu items say. */
static gboolean
export_actions_cb (gpointer user_data)
{
  EbbWindow *window = wait_for_patient ();
  g_autofree char *today = ebb_date_format (ebb_date_today ());
  g_autofree char *name = g_strdup_printf (PATIENT_CODE "-MADRS-%s.png", today);
  g_autofree char *current_name = NULL;
  g_autofree char *chosen_folder = NULL;
  g_autoptr(GFile) current_folder = NULL;
  g_autoptr(GdkContentFormats) formats = NULL;
  GSettings *settings = ebb_application_get_settings (EBB_APPLICATION (g_application_get_default ()));
  /* A folder that exists and is not the current one. */
  g_autofree char *folder = g_path_get_dirname (ebb_window_get_database_path (window));
  GtkFileChooser *chooser;
  GdkContentProvider *content;

  /* Export Chart (Ctrl+E) asks where to save the chart, under the name it
   * proposes.  Writing the file is test-patient-page's /patient-page/export:
   * GTK's own chooser is not driven here. */
  g_settings_set_string (settings, "export-folder", folder);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  chooser = find_file_chooser ("Export Chart");
  g_assert_nonnull (chooser);
  current_name = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (current_name, ==, name);
  /* It starts where the last export went, not in the current folder. */
  /* The chooser takes its folder as it loads it. */
  while ((current_folder = gtk_file_chooser_get_current_folder (chooser)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  chosen_folder = g_file_get_path (current_folder);
  g_assert_cmpstr (chosen_folder, ==, folder);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (chooser)) == GTK_WINDOW (window));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  while (find_file_chooser ("Export Chart") != NULL)
    g_main_context_iteration (NULL, TRUE);
  /* A chart is shown: no hint instead. */
  g_assert_null (ebb_test_find_label (GTK_WIDGET (window), "No chart yet: record a rating first"));

  /* Copy Chart (Ctrl+Shift+C) puts it on the clipboard. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.copy-chart", NULL));
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (window)));
  g_assert_nonnull (content);
  formats = gdk_content_provider_ref_formats (content);
  g_assert_true (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE));
  g_assert_nonnull (ebb_test_find_label (GTK_WIDGET (window), "Chart copied"));

  close_window (window);
  return G_SOURCE_REMOVE;
}

static void
test_export_actions (Fixture       *fixture,
                     gconstpointer  user_data)
{
  run_application (fixture, export_actions_cb);
}

/* `ebb --db postgresql://…` of a server that does not answer: the window
 * says so, naming it without the address's password, which is neither in
 * the title nor kept in the settings; and no file of that name. */
#define UNREACHABLE_SERVER "postgresql://alice:s3cret@127.0.0.1:1/clinic?sslmode=require&connect_timeout=2"

static gboolean
server_location_body (gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (g_application_get_default ());
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *remembered = NULL;
  EbbWindow *window;
  const char *title;

  while (gtk_application_get_windows (app) == NULL)
    g_main_context_iteration (NULL, TRUE);
  window = EBB_WINDOW (gtk_application_get_windows (app)->data);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  /* The window is up at once; the server's answer, a refusal, is shown
   * in it when it comes (a connection made in a thread). */
  {
    GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), EBB_TYPE_WINDOW,
                                                                "stack"));
    gint64 give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    while (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "error") != 0 &&
           g_get_monotonic_time () < give_up)
      g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "error");
  }
  g_assert_null (ebb_window_get_store (window));
  title = gtk_window_get_title (GTK_WINDOW (window));
  g_assert_nonnull (strstr (title, "postgresql://alice@127.0.0.1:1/clinic"));
  g_assert_null (strstr (title, "s3cret"));
  remembered = g_settings_get_string (settings, "last-database");
  g_assert_null (strstr (remembered, "s3cret"));

  gtk_window_destroy (GTK_WINDOW (window));
  return G_SOURCE_REMOVE;
}

static void
test_server_location (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(EbbApplication) app = NULL;
  char *argv[] = { (char *) "ebb", (char *) "--db", (char *) UNREACHABLE_SERVER, NULL };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      g_test_trap_assert_stderr_unmatched ("*s3cret*");
      g_assert_false (g_file_test ("postgresql:", G_FILE_TEST_EXISTS));
      return;
    }

  app = ebb_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_idle_add (server_location_body, NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int ret;

  /* The application keeps backups and caches in the user's folders:
   * give this run folders of its own, before GLib reads them. */
  home = g_dir_make_tmp ("ebb-test-application-home-XXXXXX", NULL);
  g_assert_nonnull (home);
  {
    g_autofree char *cache = g_build_filename (home, "cache", NULL);
    g_autofree char *data = g_build_filename (home, "data", NULL);

    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }

  gtk_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, ebb_test_clinic_set_up, func, ebb_test_clinic_tear_down)

  ADD ("/application/export-menu", test_export_menu);
  ADD ("/application/shortcuts-window", test_shortcuts_window);
  ADD ("/application/export-actions", test_export_actions);
  ADD ("/application/server-location", test_server_location);

#undef ADD

  ret = g_test_run ();

  ebb_test_remove_tree (home);

  return ret;
}
