/* ebb-startup-probe.c — how long the window takes to show (EBB_BENCH_STARTUP)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For bench/ebb-bench.c, and for anyone who wants to know.  With the
 * environment variable EBB_BENCH_STARTUP set, `ebb` prints three lines to
 * standard output and quits:
 *
 *   first-frame MS   the window's first frame has been painted
 *   filled MS        the first frame painted with the patient list and
 *                    the Attention list filled in
 *   stall MS         the longest time between two frames from the first
 *                    to that one: how long the window did not respond
 *                    (it animates a spinner meanwhile, so a frame is due
 *                    every refresh)
 *
 * With EBB_BENCH_CHANGES=N set too, `ebb` goes on once the window is
 * filled, and prints two more kinds of line before it quits:
 *
 *   click MS         N times, a patient shown as a click in the sidebar
 *                    shows them (ebb_window_show_patient()), to the first
 *                    frame painted after: their page and chart drawn
 *   rating MS        N times, back on Attention, a rating that raises a
 *                    suicide-item flag saved through the window's store,
 *                    to the first frame painted with the lists up to date
 *                    (the window no longer loading); the rating is then
 *                    deleted, untimed, leaving the clinic as it was
 *
 * These MS are milliseconds from the action, each on its own patient,
 * spread over the clinic.
 *
 * MS are milliseconds since the process started: EBB_BENCH_STARTUP may
 * hold the g_get_monotonic_time() (CLOCK_MONOTONIC, in microseconds) at
 * which the caller started the process, which counts the dynamic linking
 * too; any other value ("1") counts from main()'s call to
 * ebb_startup_probe_attach().  "Painted" is the frame
 * clock's after-paint: the frame has been drawn and handed to the display
 * server.
 *
 * Only the `ebb` program links this file, and main() attaches it only
 * when EBB_BENCH_STARTUP is set: the window knows nothing of it, and the
 * window tests do not link it.  It writes to the clinic (EBB_BENCH_CHANGES
 * only): give it a copy.
 */
#define G_LOG_DOMAIN "ebb-startup-probe"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ebb-date.h"
#include "ebb-startup-probe.h"
#include "ebb-window-private.h"

/* Long enough for any clinic on any machine; a hung start must not hang
 * the benchmark. */
#define PROBE_TIMEOUT_SECONDS 120

static GtkApplication *probed_app;
static guint n_changes;        /* EBB_BENCH_CHANGES */
static guint n_paints;
static gint64 painted_at;
static gint64 start_time;
static gint64 last_frame;
static gint64 longest_gap;
static gboolean first_frame_seen;
static gboolean filled_seen;

static double
elapsed_ms (gint64 now)
{
  return (now - start_time) / 1000.0;
}

static gboolean
quit_cb (gpointer user_data)
{
  GActionGroup *app = G_ACTION_GROUP (probed_app);

  /* Through app.quit, which closes the windows as a user's quit does. */
  if (g_action_group_has_action (app, "quit"))
    g_action_group_activate_action (app, "quit", NULL);
  else
    exit (0);
  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_printerr ("ebb: EBB_BENCH_STARTUP: the window was not filled within %d s\n", PROBE_TIMEOUT_SECONDS);
  exit (1);
}

/* Whether the lists show the clinic: it is open and read. */
static gboolean
window_filled (EbbWindow *window)
{
  return ebb_window_get_store (window) != NULL && !ebb_window_get_loading (window);
}

static void
count_paint_cb (GdkFrameClock *frame_clock,
                EbbWindow     *window)
{
  n_paints++;
  painted_at = g_get_monotonic_time ();
}

/* Runs the main loop until a frame has been painted after now, and
 * returns when it was.  A nested loop is good enough for a probe.  The
 * frame is asked for, in case nothing changed on screen; it draws only
 * what did. */
static gint64
wait_for_paint (EbbWindow *window)
{
  guint seen = n_paints;

  gdk_frame_clock_request_phase (gtk_widget_get_frame_clock (GTK_WIDGET (window)),
                                 GDK_FRAME_CLOCK_PHASE_PAINT);
  while (n_paints == seen)
    g_main_context_iteration (NULL, TRUE);
  return painted_at;
}

static void
wait_for_lists (EbbWindow *window)
{
  while (ebb_window_get_loading (window))
    g_main_context_iteration (NULL, TRUE);
}

/* The patient list's items, n of them spread evenly over it. */
static GArray *
spread_patients (EbbWindow *window,
                 guint      n)
{
  GListModel *patients = ebb_patient_list_get_patients (window->patients);
  guint n_items = g_list_model_get_n_items (patients);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n && n_items > 0; i++)
    {
      g_autoptr(EbbPatientItem) item = g_list_model_get_item (patients, (guint) ((i * 2 + 1) * (guint64) n_items / (2 * n)));
      gint64 id = ebb_patient_item_get_id (item);

      g_array_append_val (ids, id);
    }
  return ids;
}

static gboolean
changes_cb (gpointer user_data)
{
  EbbWindow *window = user_data;
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_autoptr(GArray) ids = spread_patients (window, n_changes);
  g_autofree char *today = ebb_date_format (ebb_date_today ());
  const int items[9] = { 2, 2, 2, 2, 2, 2, 2, 2, 3 };

  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (count_paint_cb), window);

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 asked = g_get_monotonic_time ();

      ebb_window_show_patient (window, g_array_index (ids, gint64, i));
      printf ("click %.1f\n", (wait_for_paint (window) - asked) / 1000.0);
    }

  ebb_window_show_attention (window);
  wait_for_paint (window);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(EbbRating) rating = ebb_rating_new ();
      g_autoptr(GError) error = NULL;
      gint64 asked;

      rating->patient_id = g_array_index (ids, gint64, i);
      rating->scale_id = g_strdup ("PHQ-9");
      ebb_rating_set_items (rating, items, G_N_ELEMENTS (items));
      rating->total = 19;
      ebb_rating_set_when (rating, today, NULL);
      asked = g_get_monotonic_time ();
      if (!ebb_store_add_rating (ebb_window_get_store (window), rating, &error))
        {
          g_printerr ("ebb: EBB_BENCH_CHANGES: %s\n", error->message);
          exit (1);
        }
      wait_for_lists (window);
      printf ("rating %.1f\n", (wait_for_paint (window) - asked) / 1000.0);

      if (!ebb_store_delete_rating (ebb_window_get_store (window), rating->id, &error))
        {
          g_printerr ("ebb: EBB_BENCH_CHANGES: %s\n", error->message);
          exit (1);
        }
      wait_for_lists (window);
      wait_for_paint (window);
    }
  fflush (stdout);

  g_signal_handlers_disconnect_by_func (frame_clock, count_paint_cb, window);
  quit_cb (NULL);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *frame_clock,
                EbbWindow     *window)
{
  gint64 now = g_get_monotonic_time ();

  if (!first_frame_seen)
    {
      first_frame_seen = TRUE;
      printf ("first-frame %.1f\n", elapsed_ms (now));
      fflush (stdout);
    }
  else
    longest_gap = MAX (longest_gap, now - last_frame);
  last_frame = now;

  if (!filled_seen && window_filled (window))
    {
      filled_seen = TRUE;
      printf ("filled %.1f\n", elapsed_ms (now));
      printf ("stall %.1f\n", longest_gap / 1000.0);
      fflush (stdout);
      g_signal_handlers_disconnect_by_func (frame_clock, after_paint_cb, window);
      if (n_changes > 0)
        g_idle_add (changes_cb, window);
      else
        g_idle_add (quit_cb, NULL);
    }
}

/* The lists changing queues a frame anyway; this one makes sure, so that
 * "filled" is the first frame that shows them. */
static void
window_changed_cb (EbbWindow  *window,
                   GParamSpec *pspec)
{
  if (window_filled (window))
    gtk_widget_queue_draw (GTK_WIDGET (window));
}

static void
window_mapped_cb (EbbWindow *window)
{
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  g_signal_handlers_disconnect_by_func (window, window_mapped_cb, NULL);
  g_signal_connect_object (frame_clock, "after-paint",
                           G_CALLBACK (after_paint_cb), window,
                           0);
}

/* The first window: timed from before it is presented. */
static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  if (!EBB_IS_WINDOW (window))
    return;

  g_signal_handlers_disconnect_by_func (app, window_added_cb, NULL);
  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
  g_signal_connect (window, "notify::store", G_CALLBACK (window_changed_cb), NULL);
  g_signal_connect (window, "notify::loading", G_CALLBACK (window_changed_cb), NULL);
  g_timeout_add_seconds (PROBE_TIMEOUT_SECONDS, timeout_cb, NULL);
}

/**
 * ebb_startup_probe_attach:
 * @app: the application, before it runs
 * @start: the value of EBB_BENCH_STARTUP: the monotonic time in
 *   microseconds at which the process was started, or any other text to
 *   count from now
 * @changes: (nullable): the value of EBB_BENCH_CHANGES: how many patients
 *   to show, and to add a rating to, once the window is filled
 *
 * Times the first window's first frames, and then what @changes asks for,
 * prints them and quits @app.
 */
void
ebb_startup_probe_attach (GtkApplication *app,
                          const char     *start,
                          const char     *changes)
{
  gint64 now = g_get_monotonic_time ();
  gint64 given;

  g_return_if_fail (GTK_IS_APPLICATION (app));
  g_return_if_fail (start != NULL);

  given = g_ascii_strtoll (start, NULL, 10);
  /* A time in the future, or before boot, is not a start time. */
  start_time = given > 1 && given <= now ? given : now;
  probed_app = app;
  n_changes = (guint) CLAMP (g_ascii_strtoll (changes != NULL ? changes : "0", NULL, 10), 0, 1000);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
}
