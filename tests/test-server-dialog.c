/* test-server-dialog.c — Connect to Clinic Server…
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The address the fields make (never with the password), the Connect
 * button only when it can work, the recent clinics (files and servers),
 * and, against the test server
 * (EBB_TEST_BACKEND=server): a clinic opened in the window, the password
 * kept for the session under the parts libpq connects with, and a
 * failure said in the dialog with everything typed still there.
 */
#include "config.h"

#include <string.h>

#include <libpq-fe.h>

#include "ebb-server.h"
#include "ebb-server-dialog.h"
#include "ebb-server-keyring.h"
#include "ebb-window-private.h"
#include "ebb-test-utils.h"
#include "ebb-test-widgets.h"

typedef EbbTestClinic Fixture;

static gpointer
child (GtkWidget  *dialog,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (dialog, EBB_TYPE_SERVER_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static void
type (GtkWidget  *dialog,
      const char *row,
      const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, row)), text);
}

static gboolean
can_connect (GtkWidget *dialog)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (child (dialog, "connect_button")));
}

static void
test_location (void)
{
  EbbWindow *window = ebb_window_new (NULL);
  GtkWidget *dialog = ebb_server_dialog_new (window);
  g_autofree char *none = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *local = NULL;

  gtk_window_present (GTK_WINDOW (dialog));

  /* Nothing to connect to until a database is named. */
  none = ebb_server_dialog_dup_location (EBB_SERVER_DIALOG (dialog));
  g_assert_null (none);
  g_assert_false (can_connect (dialog));

  type (dialog, "host_row", "db.clinic.example");
  type (dialog, "port_row", "5433");
  type (dialog, "database_row", "clinic");
  type (dialog, "user_row", "n.nurse");
  type (dialog, "password_row", "s3cret");
  remote = ebb_server_dialog_dup_location (EBB_SERVER_DIALOG (dialog));
  g_assert_cmpstr (remote, ==, "postgresql://n.nurse@db.clinic.example:5433/clinic");
  g_assert_true (can_connect (dialog));

  /* A port typed after the server's name is its port. */
  {
    g_autofree char *joined = NULL;
    g_autofree char *host = NULL;
    g_autofree char *port = NULL;

    type (dialog, "host_row", "db.clinic.example:5433");
    type (dialog, "port_row", "");
    joined = ebb_server_dialog_dup_location (EBB_SERVER_DIALOG (dialog));
    g_assert_cmpstr (joined, ==, remote);
    g_assert_true (ebb_server_location_parts (joined, &host, &port, NULL, NULL));
    g_assert_cmpstr (host, ==, "db.clinic.example");
    g_assert_cmpstr (port, ==, "5433");
    type (dialog, "host_row", "db.clinic.example");
    type (dialog, "port_row", "5433");
  }

  /* A port that is not one. */
  type (dialog, "port_row", "54x");
  g_assert_false (can_connect (dialog));
  type (dialog, "port_row", "70000");
  g_assert_false (can_connect (dialog));

  /* This computer's own socket, by its folder. */
  type (dialog, "port_row", "");
  type (dialog, "host_row", "/run/postgresql");
  local = ebb_server_dialog_dup_location (EBB_SERVER_DIALOG (dialog));
  g_assert_cmpstr (local, ==, "postgresql:///clinic?host=%2Frun%2Fpostgresql&user=n.nurse");
  g_assert_null (strstr (local, "s3cret"));
  g_assert_true (can_connect (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The test server's socket folder, from its administrator's address. */
static char *
server_socket_dir (void)
{
  PQconninfoOption *options = PQconninfoParse (g_getenv ("EBB_TEST_SERVER"), NULL);
  char *dir = NULL;

  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (strcmp (o->keyword, "host") == 0)
      dir = g_strdup (o->val);
  PQconninfoFree (options);
  g_assert_nonnull (dir);
  return dir;
}

static void
wait_until_destroyed (GtkWidget **dialog)
{
  gint64 give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (*dialog), (gpointer *) dialog);
  while (*dialog != NULL && g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
}

static void
test_connect (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *socket_dir = server_socket_dir ();
  g_autofree char *expected = NULL;
  g_autofree char *kept = NULL;
  EbbWindow *window = ebb_window_new (NULL);
  GtkWidget *dialog;
  EbbStore *store;

  gtk_window_present (GTK_WINDOW (window));
  dialog = ebb_server_dialog_new (window);
  gtk_window_present (GTK_WINDOW (dialog));
  type (dialog, "host_row", socket_dir);
  type (dialog, "database_row", fixture->database);
  type (dialog, "user_row", "postgres");
  type (dialog, "password_row", "typed-password");
  /* No keyring in a test run: the session keeps it all the same. */
  gtk_switch_set_active (GTK_SWITCH (child (dialog, "keyring_switch")), FALSE);
  gtk_widget_activate_action (dialog, "server.connect", NULL);
  wait_until_destroyed (&dialog);
  g_assert_null (dialog);

  /* The window shows the clinic on the server, by an address without
   * the password, which is kept under the parts libpq connects with. */
  store = ebb_window_get_store (window);
  g_assert_nonnull (store);
  expected = ebb_server_location_new (socket_dir, NULL, fixture->database, "postgres");
  g_assert_cmpstr (ebb_store_get_path (store), ==, expected);
  g_assert_cmpstr (ebb_window_get_database_path (window), ==, expected);
  kept = ebb_server_keyring_lookup (socket_dir, NULL, fixture->database, "postgres");
  g_assert_cmpstr (kept, ==, "typed-password");
  g_assert_false (ebb_server_location_has_password (ebb_window_get_database_path (window)));

  while (ebb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* A database that is not there: said in the dialog, which stays open
 * with what was typed, and the window keeps the clinic it had. */
static void
test_connect_fails (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *socket_dir = server_socket_dir ();
  EbbWindow *window = ebb_window_new (NULL);
  GtkWidget *dialog;
  GtkLabel *message;
  gint64 give_up;

  g_assert_true (ebb_window_open_database (window, fixture->path, NULL));
  gtk_window_present (GTK_WINDOW (window));
  dialog = ebb_server_dialog_new (window);
  gtk_window_present (GTK_WINDOW (dialog));
  type (dialog, "host_row", socket_dir);
  type (dialog, "database_row", "no_such_clinic");
  type (dialog, "user_row", "postgres");
  gtk_widget_activate_action (dialog, "server.connect", NULL);

  message = child (dialog, "message");
  give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!gtk_widget_get_visible (GTK_WIDGET (message)) && g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_nonnull (strstr (gtk_label_get_label (message), "no_such_clinic"));
  /* Said to a screen reader too: the message takes the focus. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == GTK_WIDGET (message));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (dialog, "database_row"))), ==,
                   "no_such_clinic");
  g_assert_true (can_connect (dialog));
  g_assert_cmpstr (ebb_window_get_database_path (window), ==, fixture->path);

  gtk_window_destroy (GTK_WINDOW (dialog));
  while (ebb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static char *
menu_label (GMenuModel *menu,
            int         i)
{
  char *label = NULL;

  g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  return label;
}

/* The recent clinics: files and servers alike, newest first, the one
 * open left out of the menu, a server never with a password; one opens
 * from the menu's action. */
static void
test_recent (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *first = g_build_filename (fixture->dir, "first.db", NULL);
  g_autofree char *second = g_build_filename (fixture->dir, "second.db", NULL);
  g_autofree char *label = NULL;
  g_auto(GStrv) recent = NULL;
  EbbWindow *window = ebb_window_new (NULL);
  GMenuModel *menu = G_MENU_MODEL (window->recent_section);
  const char *newest = ebb_test_on_server () ? fixture->path : second;

  g_settings_reset (settings, "recent-databases");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ebb_window_open_database (window, first, NULL));
  g_assert_true (ebb_window_open_database (window, second, NULL));
  if (ebb_test_on_server ())
    g_assert_true (ebb_window_open_database (window, fixture->path, NULL));

  recent = g_settings_get_strv (settings, "recent-databases");
  g_assert_cmpstr (recent[0], ==, newest);
  g_assert_cmpstr (recent[ebb_test_on_server () ? 2 : 1], ==, first);
  g_assert_cmpuint (g_strv_length (recent), ==, ebb_test_on_server () ? 3 : 2);

  /* The one open is not offered. */
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, ebb_test_on_server () ? 2 : 1);
  label = menu_label (menu, 0);
  g_assert_cmpstr (label, ==, ebb_test_on_server () ? "second.db" : "first.db");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recent", "s", first);
  while (g_strcmp0 (ebb_window_get_database_path (window), first) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_pointer (&recent, g_strfreev);
  recent = g_settings_get_strv (settings, "recent-databases");
  g_assert_cmpstr (recent[0], ==, first);

  while (ebb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  if (!ebb_test_display_available ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  ebb_test_init_backend (argc, argv);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/server-dialog/location", test_location);
  g_test_add ("/server-dialog/recent", Fixture, NULL,
              ebb_test_clinic_set_up, test_recent, ebb_test_clinic_tear_down);
  if (ebb_test_on_server ())
    {
      g_test_add ("/server-dialog/connect", Fixture, NULL,
                  ebb_test_clinic_set_up, test_connect, ebb_test_clinic_tear_down);
      g_test_add ("/server-dialog/connect-fails", Fixture, NULL,
                  ebb_test_clinic_set_up, test_connect_fails, ebb_test_clinic_tear_down);
    }
  return g_test_run ();
}
