/* test-window.c — the main window on a real clinic database, under Xvfb
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>

#include "ebb-window.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ebb-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "clinic.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  /* The database and whatever SQLite kept beside it (-wal, -shm). */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (fixture->dir, name, NULL);

      g_assert_no_errno (g_unlink (child));
    }
  g_assert_no_errno (g_rmdir (fixture->dir));

  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* Presents @window and returns once it has been mapped and fully drawn. */
static void
show_and_wait (GtkWindow *window)
{
  gtk_window_present (window);
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

/* Destroys @window and checks that nothing else kept it, or the store it
 * had open, alive: a clinic database must be closed with its window. */
static void
destroy_and_wait (EbbWindow *window)
{
  EbbStore *store = ebb_window_get_store (window);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  if (store != NULL)
    g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (window);
  g_assert_null (store);
}

static GtkWidget *
template_child (EbbWindow  *window,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), EBB_TYPE_WINDOW, name);

  g_assert_nonnull (child);

  return GTK_WIDGET (child);
}

static const char *
visible_page (EbbWindow *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (template_child (window, "stack")));
}

static void
test_new_database (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GError) error = NULL;
  EbbWindow *window;
  AdwStatusPage *clinic_page;
  struct stat st;

  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));

  window = ebb_window_new (NULL);
  g_assert_cmpstr (visible_page (window), ==, "empty");
  g_assert_null (ebb_window_get_store (window));

  gt_signal_logger_connect (logger, window, "notify");
  g_assert_true (ebb_window_open_database (window, fixture->path, &error));
  g_assert_no_error (error);
  gt_signal_logger_assert_notify_emission_pop (logger, window, "database-path");
  gt_signal_logger_assert_notify_emission_pop (logger, window, "store");
  gt_signal_logger_assert_no_emissions (logger);

  show_and_wait (GTK_WINDOW (window));

  g_assert_nonnull (ebb_window_get_store (window));
  g_assert_cmpstr (ebb_window_get_database_path (window), ==, fixture->path);
  g_assert_cmpstr (visible_page (window), ==, "clinic");

  clinic_page = ADW_STATUS_PAGE (template_child (window, "clinic_page"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (clinic_page)));
  g_assert_cmpstr (adw_status_page_get_title (clinic_page), ==, "0 patients");
  g_assert_cmpstr (adw_status_page_get_description (clinic_page), ==, fixture->path);

  /* Created, and readable by nobody but the user: it holds patient data. */
  g_assert_no_errno (g_stat (fixture->path, &st));
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

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
  gt_signal_logger_connect (logger, window, "notify");
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

/* gtk_test_init() exits when it cannot open a display, so look first, to
 * report a skip the TAP way.  This only looks (no fork, no connection), so
 * that valgrind and the sanitizers see one clean process. */
static gboolean
display_available (void)
{
  const char *backend = g_getenv ("GDK_BACKEND");
  const char *display = g_getenv ("DISPLAY");

  if (g_getenv ("WAYLAND_DISPLAY") != NULL &&
      (backend == NULL || !g_str_has_prefix (backend, "x11")))
    return TRUE;

  if (display == NULL || *display == '\0')
    return FALSE;

  /* A local X server (":99") has a socket; a remote one is trusted. */
  if (display[0] == ':')
    {
      g_autofree char *socket = g_strdup_printf ("/tmp/.X11-unix/X%d", atoi (display + 1));

      return g_file_test (socket, G_FILE_TEST_EXISTS);
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  if (!display_available ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/window/new-database", Fixture, NULL,
              fixture_set_up, test_new_database, fixture_tear_down);
  g_test_add ("/window/not-a-database", Fixture, NULL,
              fixture_set_up, test_not_a_database, fixture_tear_down);
  g_test_add ("/window/size-saved", Fixture, NULL,
              fixture_set_up, test_size_saved, fixture_tear_down);

  return g_test_run ();
}
