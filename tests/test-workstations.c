/* test-workstations.c — two windows on one clinic, as two workstations
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each window has its own connection to the clinic (a file's, or with
 * EBB_TEST_BACKEND=server a server's), as two workstations do.  A rating
 * recorded in one must reach the other's Attention without anyone asking,
 * at the other window's next look for changes: every second on a server,
 * which announces its changes, so within two; every five on a file.  On a server, a connection lost
 * under an open window is said in a banner, and made anew.
 */
#include "config.h"

#include <string.h>

#include <libpq-fe.h>

#include "ebb-date.h"
#include "ebb-store-watch.h"
#include "ebb-window-private.h"
#include "ebb-test-utils.h"
#include "ebb-test-widgets.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

typedef EbbTestClinic Fixture;

static void
wait_for_load (EbbWindow *window)
{
  while (ebb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
}

static EbbWindow *
open_window (const char *location)
{
  EbbWindow *window = ebb_window_new (NULL);

  g_assert_true (ebb_window_open_database (window, location, NULL));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  wait_for_load (window);
  return window;
}

static void
close_window (EbbWindow *window)
{
  wait_for_load (window);
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}




/* When @window's clinic announced a change: its count of looks then. */
typedef struct
{
  EbbWindow *window;
  guint      looks;
  gboolean   noticed;
} Notice;

static void
changed_cb (EbbStore *store,
            Notice   *notice)
{
  if (!notice->noticed)
    notice->looks = notice->window->n_looks;
  notice->noticed = TRUE;
}

/* Runs the main loop until @attention holds @n entries; how many times
 * @window had looked for changes when it noticed the change.  Counted in
 * looks, not seconds, so that a slow run (valgrind) cannot fail it: a look
 * comes every watch_interval seconds. */
static guint
looks_until_attention (EbbWindow  *window,
                       GListModel *attention,
                       guint       n)
{
  Notice notice = { window, 0, FALSE };
  EbbStore *store = ebb_window_get_store (window);
  guint start = window->n_looks;
  gint64 give_up = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  gulong handler = g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &notice);

  while (g_list_model_get_n_items (attention) != n && g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
  g_signal_handler_disconnect (store, handler);
  g_assert_true (notice.noticed);
  return notice.looks - start;
}

static void
test_rating_reaches_other_window (Fixture       *fixture,
                                  gconstpointer  data)
{
  gint32 today = ebb_date_today ();
  EbbWindow *nurse;
  EbbWindow *doctor;
  GListModel *attention;
  gint64 id;
  guint looks;

  nurse = open_window (fixture->path);
  /* Responding, with the next session booked: nothing to decide yet. */
  id = ebb_test_store_patient (ebb_window_get_store (nurse), "K-0042", "Synthetic Patient");
  ebb_test_store_rating (ebb_window_get_store (nurse), id, today - 20, "MADRS", 30);
  ebb_test_store_session (ebb_window_get_store (nurse), id, today - 19, EBB_SESSION_DONE);
  ebb_test_store_rating (ebb_window_get_store (nurse), id, today - 17, "MADRS", 10);
  ebb_test_store_session (ebb_window_get_store (nurse), id, today + 10, EBB_SESSION_SCHEDULED);

  doctor = open_window (fixture->path);
  attention = ebb_attention_page_get_model (doctor->attention_page);
  g_assert_cmpuint (g_list_model_get_n_items (attention), ==, 0);

  /* The nurse records a rating whose response has faded. */
  ebb_test_store_rating (ebb_window_get_store (nurse), id, today - 2, "MADRS", 25);
  looks = looks_until_attention (doctor, attention, 1);
  g_test_message ("the doctor's Attention showed the fade after %u looks, one every %u s",
                  looks, doctor->watch_interval);
  g_assert_cmpuint (g_list_model_get_n_items (attention), ==, 1);
  /* The first look after the commit finds it (a commit can land just
   * after one look began: then the next).  A server's window looks every
   * second, so that is within two seconds; a file's, every five. */
  g_assert_cmpuint (looks, >=, 1);
  g_assert_cmpuint (looks, <=, 2);
  g_assert_cmpuint (doctor->watch_interval, ==, ebb_test_on_server () ? 1 : 5);

  close_window (doctor);
  close_window (nurse);
}

/* The server ends the window's connection (as a restart does): the banner
 * says so, the window makes its connection anew, and a rating recorded
 * meanwhile elsewhere is there once it has. */
static void
test_connection_lost (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(PGconn) admin = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(EbbStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kill = NULL;
  EbbWindow *window;
  GtkRevealer *banner;
  gint64 start;
  gint64 id;

  window = open_window (fixture->path);
  banner = window->server_banner;
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  id = ebb_test_store_patient (ebb_window_get_store (window), "K-0042", "Synthetic Patient");

  admin = PQconnectdb (g_getenv ("EBB_TEST_SERVER"));
  g_assert_cmpint (PQstatus (admin), ==, CONNECTION_OK);
  kill = g_strdup_printf ("SELECT pg_terminate_backend (pid) FROM pg_stat_activity"
                          " WHERE datname = '%s' AND pid <> pg_backend_pid ()",
                          fixture->database);
  result = PQexec (admin, kill);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (result), >=, 1);

  /* The window notices at its next look (given up after a minute). */
  start = g_get_monotonic_time ();
  while (!gtk_revealer_get_reveal_child (banner) &&
         g_get_monotonic_time () - start < 60 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_nonnull (strstr (gtk_label_get_label (window->server_banner_label), "cannot be reached"));

  /* Another workstation records meanwhile. */
  other = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  ebb_test_store_rating (other, id, ebb_date_today (), "MADRS", 22);

  /* The connection comes back, the banner goes, and the rating is read. */
  start = g_get_monotonic_time ();
  while (gtk_revealer_get_reveal_child (banner) &&
         g_get_monotonic_time () - start < 60 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_true (ebb_store_is_reachable (ebb_window_get_store (window)));
  wait_for_load (window);
  g_assert_true (ebb_window_show_patient (window, id));
  {
    g_autoptr(GPtrArray) ratings = ebb_store_list_ratings (ebb_window_get_store (window), id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ratings->len, ==, 1);
  }

  close_window (window);
}

static const char *
visible_page (EbbWindow *window)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                     EBB_TYPE_WINDOW,
                                                                                     "stack")));
}

static void
wait_for_page (EbbWindow  *window,
               const char *name)
{
  gint64 give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_strcmp0 (visible_page (window), name) != 0 && g_get_monotonic_time () < give_up)
    g_main_context_iteration (NULL, FALSE) || (g_usleep (10000), TRUE);
  g_assert_cmpstr (visible_page (window), ==, name);
}

/* A server that refuses at the start: the window comes up, then says
 * why, with Try Again; once the server takes connections, Try Again
 * opens the clinic. */
static void
test_try_again (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *refuse = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS false",
                                             fixture->database);
  g_autofree char *allow = g_strdup_printf ("ALTER DATABASE %s ALLOW_CONNECTIONS true",
                                            fixture->database);
  EbbWindow *window = ebb_window_new (NULL);

  ebb_test_server_admin_exec (refuse);
  gtk_window_present (GTK_WINDOW (window));
  ebb_window_open_server (window, fixture->path);
  wait_for_page (window, "error");
  g_assert_null (ebb_window_get_store (window));
  g_assert_true (gtk_widget_get_visible (window->retry_button));

  ebb_test_server_admin_exec (allow);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.retry-clinic", NULL);
  while (ebb_window_get_store (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (ebb_store_get_path (ebb_window_get_store (window)), ==, fixture->path);
  wait_for_load (window);
  g_assert_cmpstr (visible_page (window), ==, "empty");

  close_window (window);
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

  g_test_add ("/workstations/rating-reaches-other-window", Fixture, NULL,
              ebb_test_clinic_set_up, test_rating_reaches_other_window, ebb_test_clinic_tear_down);
  if (ebb_test_on_server ())
    {
      g_test_add ("/workstations/connection-lost", Fixture, NULL,
                  ebb_test_clinic_set_up, test_connection_lost, ebb_test_clinic_tear_down);
      g_test_add ("/workstations/try-again", Fixture, NULL,
                  ebb_test_clinic_set_up, test_try_again, ebb_test_clinic_tear_down);
    }
  return g_test_run ();
}
