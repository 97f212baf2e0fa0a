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
 * window tests do not link it.
 */
#define G_LOG_DOMAIN "ebb-startup-probe"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ebb-startup-probe.h"
#include "ebb-window.h"

/* Long enough for any clinic on any machine; a hung start must not hang
 * the benchmark. */
#define PROBE_TIMEOUT_SECONDS 120

static GtkApplication *probed_app;
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
 *
 * Times the first window's first frames, prints them and quits @app.
 */
void
ebb_startup_probe_attach (GtkApplication *app,
                          const char     *start)
{
  gint64 now = g_get_monotonic_time ();
  gint64 given;

  g_return_if_fail (GTK_IS_APPLICATION (app));
  g_return_if_fail (start != NULL);

  given = g_ascii_strtoll (start, NULL, 10);
  /* A time in the future, or before boot, is not a start time. */
  start_time = given > 1 && given <= now ? given : now;
  probed_app = app;
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
}
