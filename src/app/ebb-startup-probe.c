/* ebb-startup-probe.c — how long the window takes to show (EBB_BENCH_STARTUP)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For bench/ebb-bench.c, and for anyone who wants to know.  With the
 * environment variable EBB_BENCH_STARTUP set, `ebb` prints two lines to
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
 * too; any other value ("1") counts from main().  "Painted" is the frame
 * clock's after-paint: the frame has been drawn and handed to the display
 * server.
 */
#define G_LOG_DOMAIN "ebb-startup-probe"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ebb-startup-probe.h"

/* Long enough for any clinic on any machine; a hung start must not hang
 * the benchmark. */
#define PROBE_TIMEOUT_SECONDS 120

static gint64 start_time;   /* 0: not probing */
static gint64 last_frame;
static gint64 longest_gap;
static gboolean first_frame_seen;
static gboolean filled_seen;

/**
 * ebb_startup_probe_init:
 *
 * Reads EBB_BENCH_STARTUP; call first thing in main().
 *
 * Returns: whether the start is being timed
 */
gboolean
ebb_startup_probe_init (void)
{
  const char *value = g_getenv ("EBB_BENCH_STARTUP");
  gint64 now = g_get_monotonic_time ();
  gint64 given;

  if (value == NULL || *value == '\0')
    return FALSE;

  given = g_ascii_strtoll (value, NULL, 10);
  /* A time in the future, or before boot, is not a start time. */
  start_time = given > 1 && given <= now ? given : now;
  return TRUE;
}

static double
elapsed_ms (gint64 now)
{
  return (now - start_time) / 1000.0;
}

static gboolean
quit_cb (gpointer user_data)
{
  GApplication *app = g_application_get_default ();

  /* Through app.quit, which closes the windows as a user's quit does. */
  if (app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "quit"))
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
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

/**
 * ebb_startup_probe_watch:
 * @window: the first window, before it is presented
 *
 * Times @window's first frames, then quits, when ebb_startup_probe_init()
 * said so; else does nothing.
 */
void
ebb_startup_probe_watch (EbbWindow *window)
{
  g_return_if_fail (EBB_IS_WINDOW (window));

  if (start_time == 0 || first_frame_seen)
    return;

  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
  g_signal_connect (window, "notify::store", G_CALLBACK (window_changed_cb), NULL);
  g_signal_connect (window, "notify::loading", G_CALLBACK (window_changed_cb), NULL);
  g_timeout_add_seconds (PROBE_TIMEOUT_SECONDS, timeout_cb, NULL);
}
