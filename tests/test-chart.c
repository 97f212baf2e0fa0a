/* test-chart.c — the chart, its exports and the case-note report
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Charts are drawn on image surfaces and checked at the pixels where the
 * layout says known things are: a band's tint at a known score, the
 * response threshold's row, a session's glyph in the strip, empty
 * margins.  The layout is the chart's own (ebb_chart_get_layout()), so
 * the tests ask it where to look rather than hard-coding coordinates.
 * Display-free: no GTK.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ebb-chart.h"
#include "ebb-report.h"
#include "ebb-test-utils.h"

#define AS_OF "2026-02-05"

typedef struct
{
  EbbPatient *patient;
  GPtrArray  *sessions;
  GPtrArray  *ratings;
  char       *tmpdir;
} Fixture;

static gint32
day (const char *text)
{
  gint32 d = ebb_date_parse_day (text, NULL);

  g_assert_cmpint (d, >, 0);
  return d;
}

static EbbSession *
add_session (Fixture          *f,
             const char       *when,
             EbbSessionStatus  status,
             EbbPhase          phase)
{
  EbbSession *session = ebb_test_add_session (f->sessions, when, status, phase);

  session->dose_mg = 40;
  return session;
}

static EbbRating *
add_rating (Fixture    *f,
            const char *when,
            const char *scale,
            int         total)
{
  return ebb_test_add_rating (f->ratings, when, scale, total);
}

static void
fixture_set_up_empty (Fixture       *f,
                      gconstpointer  data)
{
  f->patient = ebb_patient_new ("K-0042", "Test Patient");
  f->patient->id = 1;
  f->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_session_free);
  f->ratings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_rating_free);
  f->tmpdir = g_dir_make_tmp ("ebb-test-chart-XXXXXX", NULL);
  g_assert_nonnull (f->tmpdir);
}

/* The standard case, worked out by hand (clinical rules v2, §3–§4):
 *   T0 = 2026-01-05; baseline MADRS 32 on 2026-01-04; threshold 16.
 *   01-10 14 responding: an episode starts, nadir 14; 01-14 10: nadir 10.
 *   01-19 18: not responding and 18 − 10 = 8 ≥ 6: faded; next session
 *   01-26, 7 days early.  01-27 12: a new episode.  02-02 14 with item 10
 *   at 4 (alert level 2): suicide item.  Open interval 01-26 … 02-16: the
 *   three ratings from 12 (day 1), 13 (day 4) and 14 (day 7): b = 6/18 =
 *   1/3, a = 13 − 4/3 = 11⅔; 11⅔ + d/3 > 16 first at d = 14, so projected
 *   fade 2026-02-09, 7 days before the session on 02-16.  Induction is
 *   judged at the end of 02-02 (4 sessions by day 28); no rating after it
 *   yet, so no non-response. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const int items[10] = { 1, 1, 2, 1, 2, 1, 1, 1, 0, 4 };

  fixture_set_up_empty (f, data);
  add_session (f, "2026-01-05", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  add_session (f, "2026-01-08", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  add_session (f, "2026-01-12", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  add_session (f, "2026-01-22", EBB_SESSION_CANCELLED, EBB_PHASE_MAINTENANCE);
  add_session (f, "2026-01-26", EBB_SESSION_DONE, EBB_PHASE_MAINTENANCE);
  add_session (f, "2026-02-16", EBB_SESSION_SCHEDULED, EBB_PHASE_MAINTENANCE);
  add_rating (f, "2026-01-04", "MADRS", 32);
  add_rating (f, "2026-01-07", "MADRS", 20);
  add_rating (f, "2026-01-10", "MADRS", 14);
  add_rating (f, "2026-01-14", "MADRS", 10);
  add_rating (f, "2026-01-19", "MADRS", 18);
  add_rating (f, "2026-01-27", "MADRS", 12);
  add_rating (f, "2026-01-30", "MADRS", 13);
  ebb_rating_set_items (add_rating (f, "2026-02-02", "MADRS", 14), items, G_N_ELEMENTS (items));
}

/* A relapse just before the latest rating, which is a suicide-item
 * rating (DEMO-07 of the demo clinic, where "relapse" covered it):
 *   baseline MADRS 32 on 01-04, threshold 16; responding from 01-10 (14);
 *   01-21 24 and 01-29 30 are 8 days apart and both 22 or more: a
 *   relapse on 01-29.  The latest, 33 on 01-31, has item 10 at 4; it is
 *   no second relapse (that needs a new response first). */
static void
fixture_set_up_relapse (Fixture       *f,
                        gconstpointer  data)
{
  static const int items[10] = { 3, 3, 3, 3, 4, 4, 3, 3, 3, 4 };

  fixture_set_up_empty (f, data);
  add_session (f, "2026-01-05", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  add_session (f, "2026-01-08", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  add_session (f, "2026-01-12", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  add_session (f, "2026-01-26", EBB_SESSION_DONE, EBB_PHASE_MAINTENANCE);
  add_session (f, "2026-02-16", EBB_SESSION_SCHEDULED, EBB_PHASE_MAINTENANCE);
  add_rating (f, "2026-01-04", "MADRS", 32);
  add_rating (f, "2026-01-07", "MADRS", 20);
  add_rating (f, "2026-01-10", "MADRS", 14);
  add_rating (f, "2026-01-14", "MADRS", 10);
  add_rating (f, "2026-01-21", "MADRS", 24);
  add_rating (f, "2026-01-29", "MADRS", 30);
  ebb_rating_set_items (add_rating (f, "2026-01-31", "MADRS", 33), items, G_N_ELEMENTS (items));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->tmpdir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
  g_clear_pointer (&f->patient, ebb_patient_free);
  g_clear_pointer (&f->sessions, g_ptr_array_unref);
  g_clear_pointer (&f->ratings, g_ptr_array_unref);
}

static EbbChart *
make_chart (Fixture    *f,
            const char *scale,
            const char *as_of)
{
  return ebb_chart_new_for_records (&(EbbPatientRecords) { f->patient, f->sessions, f->ratings, NULL, NULL },
                                    scale != NULL ? ebb_scale_lookup (scale) : NULL,
                                    day (as_of), NULL);
}

/* Pixels ------------------------------------------------------------------ */

typedef struct
{
  int r, g, b;
} Pixel;

static cairo_surface_t *
render (EbbChart *chart,
        int       width,
        int       height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  ebb_chart_draw (chart, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static Pixel
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  const int ix = (int) floor (x), iy = (int) floor (y);
  const unsigned char *data = cairo_image_surface_get_data (surface);
  const int stride = cairo_image_surface_get_stride (surface);
  guint32 value;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));
  value = *(const guint32 *) (data + iy * stride + ix * 4);
  /* The background is opaque, so premultiplication does not matter. */
  return (Pixel) { (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };
}

static int
compare_green (gconstpointer a,
               gconstpointer b)
{
  return ((const Pixel *) a)->g - ((const Pixel *) b)->g;
}

/* The typical colour of a short run of pixels: a faint grid line or a
 * session's rule crossing the run does not change the median. */
static Pixel
median_run (cairo_surface_t *surface,
            double           x,
            double           y)
{
  Pixel run[11];

  for (int i = 0; i < 11; i++)
    run[i] = pixel_at (surface, x - 5 + i, y);
  qsort (run, 11, sizeof (Pixel), compare_green);
  return run[5];
}

static gboolean
is_white (Pixel p)
{
  return p.r == 255 && p.g == 255 && p.b == 255;
}

/* The score line's blue (#3584e4), not the threshold's darker blue. */
static gboolean
is_line_blue (Pixel p)
{
  return p.b > 215 && p.r < 110 && p.g > 110 && p.g < 170;
}

/* Layout -------------------------------------------------------------------- */

static void
test_layout (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  EbbChartLayout l;

  ebb_chart_get_layout (chart, 600, 340, &l);

  /* Everything inside the chart, in order from top to bottom. */
  g_assert_cmpfloat (l.plot.x, >, l.margin);
  g_assert_cmpfloat (l.plot.x + l.plot.width, <, 600 - l.margin);
  g_assert_cmpfloat (l.title.y, >=, l.margin);
  g_assert_cmpfloat (l.title.y + l.title.height, <=, l.plot.y);
  g_assert_cmpfloat (l.plot.y + l.plot.height, <=, l.strip.y + 0.01);
  g_assert_cmpfloat (l.strip.y + l.strip.height, <=, l.axis.y + 0.01);
  g_assert_cmpfloat (l.axis.y + l.axis.height, <=, l.legend.y);
  g_assert_cmpfloat (l.legend.y + l.legend.height, <=, l.footnote.y);
  g_assert_cmpfloat (l.footnote.y + l.footnote.height, <=, 340 - l.margin + 0.01);
  g_assert_cmpfloat (l.plot.height, >, 340 * 0.4);
  g_assert_cmpfloat (l.small_font_size, >=, 8);

  /* The score axis covers the scale's full range, with a nice step. */
  g_assert_cmpfloat (l.value_min, ==, 0);
  g_assert_cmpfloat (l.value_max, ==, 60);
  g_assert_true (l.value_step == 5 || l.value_step == 10 || l.value_step == 20);
  g_assert_cmpfloat_with_epsilon (ebb_chart_layout_y_for_value (&l, 0), l.plot.y + l.plot.height, 1e-9);
  g_assert_cmpfloat_with_epsilon (ebb_chart_layout_y_for_value (&l, 60), l.plot.y, 1e-9);

  /* The date axis: the whole history and the next booked session. */
  g_assert_cmpfloat (l.day_min, <, day ("2026-01-04"));
  g_assert_cmpfloat (l.day_max, >, day ("2026-02-16"));
  g_assert_cmpfloat (l.day_max, <, day ("2026-02-16") + 10);
  g_assert_cmpfloat_with_epsilon (ebb_chart_layout_day_for_x (&l, ebb_chart_layout_x_for_day (&l, day ("2026-01-19"))),
                                  day ("2026-01-19"), 1e-9);

  /* A chosen range is what the axis shows, to the day. */
  ebb_chart_set_range (chart, day ("2026-01-10"), day ("2026-01-20"));
  ebb_chart_get_layout (chart, 600, 340, &l);
  g_assert_cmpfloat (l.day_min, ==, day ("2026-01-10") - 0.5);
  g_assert_cmpfloat (l.day_max, ==, day ("2026-01-20") + 0.5);
}

static void
test_layout_small (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  EbbChartLayout l;

  /* Too small for everything: the footnote goes first, then the legend;
   * the plot keeps a real height and text stays at 8 pt in a file... */
  ebb_chart_set_for_screen (chart, FALSE);
  ebb_chart_get_layout (chart, 240, 130, &l);
  g_assert_cmpfloat (l.footnote.height, ==, 0);
  g_assert_cmpfloat (l.plot.height, >=, 130 * 0.3);
  g_assert_cmpfloat (l.small_font_size, ==, 8);
  g_assert_cmpfloat (l.font_size, ==, 8);

  /* ...and at 9 pt in the window, libadwaita's caption size (issue 18). */
  ebb_chart_set_for_screen (chart, TRUE);
  ebb_chart_get_layout (chart, 240, 130, &l);
  g_assert_cmpfloat (l.plot.height, >=, 130 * 0.3);
  g_assert_cmpfloat (l.small_font_size, ==, 9);
  g_assert_cmpfloat (l.font_size, ==, 9);
  ebb_chart_get_layout (chart, 1200, 700, &l);
  g_assert_cmpfloat (l.font_size, ==, 12);

  ebb_chart_get_layout (chart, 1200, 700, &l);
  g_assert_cmpfloat (l.footnote.height, >, 0);
  g_assert_cmpfloat (l.legend.height, >, 0);
  g_assert_cmpfloat (l.font_size, >, 9);
}

/* Pixels ------------------------------------------------------------------ */

static void
test_pixels_light (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  cairo_surface_t *surface;
  EbbChartLayout l;
  double x, y, threshold_y;
  Pixel p;
  int blue = 0, total = 0;

  ebb_chart_get_layout (chart, 600, 340, &l);
  surface = render (chart, 600, 340);

  /* Band tints at known scores, where no data is: between the ratings of
   * 01-27 and 02-02 the line runs at 12–14. */
  x = ebb_chart_layout_x_for_day (&l, day ("2026-01-30") + 0.5);
  p = median_run (surface, x, ebb_chart_layout_y_for_value (&l, 3));          /* "none": green */
  g_assert_cmpint (p.g, >, p.r + 15);
  g_assert_cmpint (p.g, >, p.b + 5);
  p = median_run (surface, x, ebb_chart_layout_y_for_value (&l, 47));         /* "severe": red */
  g_assert_cmpint (p.r, >, p.g + 15);
  g_assert_cmpint (p.r, >, p.b + 15);
  p = median_run (surface, x, ebb_chart_layout_y_for_value (&l, 27));         /* "moderate": orange */
  g_assert_cmpint (p.r, >, p.b + 25);
  g_assert_cmpint (p.g, >, p.b + 5);

  /* The faded span (01-19 to the session on 01-26) is hatched: see
   * test_pixels_fade(). */

  /* The response threshold (16) is a dashed blue line across the plot. */
  threshold_y = ebb_chart_layout_y_for_value (&l, 16);
  for (double px = l.plot.x + 1; px < l.plot.x + l.plot.width - 1; px++)
    {
      gboolean found = FALSE;

      for (int dy = -1; dy <= 1 && !found; dy++)
        {
          Pixel q = pixel_at (surface, px, threshold_y + dy);
          found = q.b > q.r + 60 && q.b > q.g + 25;
        }
      blue += found;
      total++;
    }
  g_assert_cmpint (blue, >, total / 4);

  /* The session of 01-26 has a glyph in the strip; the strip is empty
   * between sessions. */
  x = ebb_chart_layout_x_for_day (&l, day ("2026-01-26"));
  y = l.strip.y + l.strip.height / 2;
  p = pixel_at (surface, x, y);
  g_assert_cmpint (p.r + p.g + p.b, <, 3 * 160);
  p = pixel_at (surface, ebb_chart_layout_x_for_day (&l, day ("2026-02-09")), y);
  g_assert_true (is_white (p));

  /* The scheduled session (02-16) is hollow: pale at its centre, dark on
   * its ring. */
  x = ebb_chart_layout_x_for_day (&l, day ("2026-02-16"));
  p = pixel_at (surface, x, y);
  g_assert_cmpint (p.r + p.g + p.b, >, 3 * 200);
  {
    gboolean ring = FALSE;

    for (double dx = -l.glyph_radius - 1; dx <= l.glyph_radius + 1; dx += 0.5)
      {
        Pixel q = pixel_at (surface, x + dx, y);
        ring |= q.r + q.g + q.b < 3 * 160;
      }
    g_assert_true (ring);
  }

  /* A rating's marker is the line's blue. */
  x = ebb_chart_layout_x_for_day (&l, day ("2026-01-14"));
  p = pixel_at (surface, x, ebb_chart_layout_y_for_value (&l, 10));
  g_assert_true (is_line_blue (p));

  /* Nothing in the margins. */
  for (int row = 0; row < 340; row++)
    for (int col = 0; col < (int) l.margin - 1; col++)
      {
        g_assert_true (is_white (pixel_at (surface, col, row)));
        g_assert_true (is_white (pixel_at (surface, 599 - col, row)));
      }
  for (int col = 0; col < 600; col++)
    for (int row = 0; row < (int) l.margin - 2; row++)
      {
        g_assert_true (is_white (pixel_at (surface, col, row)));
        g_assert_true (is_white (pixel_at (surface, col, 339 - row)));
      }

  cairo_surface_destroy (surface);
}

/* With a date range that cuts the data, the score line stops at the
 * plot's edges: no line blue anywhere outside the plot (but in the
 * legend's sample). */
static void
test_pixels_clipped (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  cairo_surface_t *surface;
  EbbChartLayout l;
  guint inside = 0;

  ebb_chart_set_range (chart, day ("2026-01-12"), day ("2026-01-24"));
  ebb_chart_get_layout (chart, 600, 340, &l);
  surface = render (chart, 600, 340);

  for (int row = 0; row < 340; row++)
    for (int col = 0; col < 600; col++)
      {
        const gboolean in_plot = col >= l.plot.x - 1 && col <= l.plot.x + l.plot.width + 1 &&
                                 row >= l.plot.y - 1 && row <= l.plot.y + l.plot.height + 1;
        const gboolean in_legend = col >= l.legend.x && col <= l.legend.x + l.legend.width &&
                                   row >= l.legend.y && row <= l.legend.y + l.legend.height;
        const gboolean blue = is_line_blue (pixel_at (surface, col, row));

        if (blue && in_plot)
          inside++;
        else if (blue)
          g_assert_true (in_legend);
      }
  g_assert_cmpuint (inside, >, 50);
  cairo_surface_destroy (surface);
}

/* Print: greys only, so a photocopy loses nothing. */
static void
test_pixels_print (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  cairo_surface_t *surface;
  EbbChartLayout l;
  Pixel in, out;

  ebb_chart_set_theme (chart, EBB_CHART_THEME_PRINT);
  ebb_chart_get_layout (chart, 600, 340, &l);
  surface = render (chart, 600, 340);
  for (int row = 0; row < 340; row++)
    for (int col = 0; col < 600; col++)
      {
        Pixel p = pixel_at (surface, col, row);

        g_assert_cmpint (ABS (p.r - p.g), <=, 1);
        g_assert_cmpint (ABS (p.g - p.b), <=, 1);
      }

  /* Severity still reads: "severe" is darker than "none". */
  in = median_run (surface, ebb_chart_layout_x_for_day (&l, day ("2026-01-30")), ebb_chart_layout_y_for_value (&l, 47));
  out = median_run (surface, ebb_chart_layout_x_for_day (&l, day ("2026-01-30")), ebb_chart_layout_y_for_value (&l, 3));
  g_assert_cmpint (in.g, <, out.g - 10);
  cairo_surface_destroy (surface);
}

static void
test_pixels_dark (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  cairo_surface_t *surface;
  EbbChartLayout l;
  Pixel p;

  ebb_chart_set_theme (chart, EBB_CHART_THEME_DARK);
  ebb_chart_get_layout (chart, 600, 340, &l);
  surface = render (chart, 600, 340);

  p = pixel_at (surface, 1, 1);
  g_assert_cmpint (p.r, <, 40);
  g_assert_cmpint (p.g, <, 40);
  g_assert_cmpint (p.b, <, 40);
  /* Bands stay quiet on dark: the "none" band is barely lighter than the
   * background. */
  p = median_run (surface, ebb_chart_layout_x_for_day (&l, day ("2026-01-30") + 0.5), ebb_chart_layout_y_for_value (&l, 3));
  g_assert_cmpint (p.g, <, 70);
  g_assert_cmpint (p.g, >, p.r);
  cairo_surface_destroy (surface);
}

static void
test_pixels_percent (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(EbbChart) chart = NULL;
  cairo_surface_t *surface;
  EbbChartLayout l;
  int blue = 0;

  /* PHQ-9 alongside: baseline 20 on 01-03 (within 30 days of T0). */
  add_rating (f, "2026-01-03", "PHQ-9", 20);
  add_rating (f, "2026-01-11", "PHQ-9", 9);
  add_rating (f, "2026-01-25", "PHQ-9", 15);
  chart = make_chart (f, NULL, AS_OF);
  g_assert_cmpint (ebb_chart_get_mode (chart), ==, EBB_CHART_MODE_PERCENT);
  g_assert_cmpuint (ebb_chart_get_n_trajectories (chart), ==, 2);

  ebb_chart_get_layout (chart, 600, 340, &l);
  g_assert_cmpfloat (l.value_min, ==, -100);
  g_assert_cmpfloat (l.value_max, >=, 50);

  /* The response line at −50 %. */
  surface = render (chart, 600, 340);
  for (double px = l.plot.x + 1; px < l.plot.x + l.plot.width - 1; px++)
    for (int dy = -1; dy <= 1; dy++)
      {
        Pixel q = pixel_at (surface, px, ebb_chart_layout_y_for_value (&l, -50) + dy);
        blue += q.b > q.r + 60 && q.b > q.g + 25;
      }
  g_assert_cmpint (blue, >, l.plot.width / 4);

  /* MADRS 10 on 01-14 is −68.75 %. */
  {
    EbbChartHit hit;
    const double x = ebb_chart_layout_x_for_day (&l, day ("2026-01-14"));
    const double y = ebb_chart_layout_y_for_value (&l, -68.75);

    g_assert_true (ebb_chart_hit_test (chart, 600, 340, x, y, &hit));
    g_assert_cmpint (hit.kind, ==, EBB_CHART_HIT_RATING);
    g_assert_cmpint (hit.point->rating->total, ==, 10);
    g_assert_cmpstr (hit.point->rating->scale_id, ==, "MADRS");
  }
  cairo_surface_destroy (surface);
}


static const EbbChartLabel *find_label (GArray            *labels,
                                        EbbChartLabelKind  kind);

/* Issue 18: the faded span (01-19 to the session on 01-26) read as a red
 * tint over the red bands, and not at all on dark.  Now the bands stop at
 * it and it is hatched, with a solid edge along the top of the plot: in
 * every theme, over the "severe" band (47) and the "none" band (3) alike,
 * a row across the span crosses hatch lines every few pixels, and the
 * same row across the band beside it crosses none. */
/* Pixels along a row that stand out from the quietest of them: hatch
 * lines, in red (more red than green) or, in print, in a grey darker
 * than the grid's. */
static int
hatch_pixels (cairo_surface_t *surface,
              EbbChartTheme    theme,
              double           x0,
              double           x1,
              double           y)
{
  const int margin = theme == EBB_CHART_THEME_PRINT ? 40 : 20;
  int least = G_MAXINT, n = 0;

  for (int pass = 0; pass < 2; pass++)
    for (double x = x0; x < x1; x++)
      {
        Pixel p = pixel_at (surface, x, y);
        const int m = theme == EBB_CHART_THEME_PRINT ? 255 - p.g : p.r - p.g;

        if (pass == 0)
          least = MIN (least, m);
        else
          n += m > least + margin;
      }
  return n;
}

static void
test_pixels_fade (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);

  for (EbbChartTheme theme = EBB_CHART_THEME_LIGHT; theme <= EBB_CHART_THEME_PRINT; theme++)
    {
      cairo_surface_t *surface;
      EbbChartLayout l;
      double in0, in1, out0, out1;
      Pixel edge;

      ebb_chart_set_theme (chart, theme);
      ebb_chart_get_layout (chart, 600, 340, &l);
      surface = render (chart, 600, 340);
      /* Inside the span and beside it, clear of the session rules and
       * of the data (the line runs at 10–18 there) */
      in0 = ebb_chart_layout_x_for_day (&l, day ("2026-01-19")) + 3;
      in1 = ebb_chart_layout_x_for_day (&l, day ("2026-01-26")) - 3;
      out0 = ebb_chart_layout_x_for_day (&l, day ("2026-01-27")) + 3;
      out1 = out0 + (in1 - in0);

      for (guint v = 0; v < 2; v++)
        {
          const double y = ebb_chart_layout_y_for_value (&l, v == 0 ? 47 : 3);
          const int inside = hatch_pixels (surface, theme, in0, in1, y);

          g_test_message ("theme %d, value %s: %d hatch pixels in %.0f", theme, v == 0 ? "47" : "3",
                          inside, in1 - in0);
          g_assert_cmpint (inside, >=, (in1 - in0) / 8);
          g_assert_cmpint (hatch_pixels (surface, theme, out0, out1, y), ==, 0);
        }

      /* The solid edge along the top */
      edge = pixel_at (surface, (in0 + in1) / 2, l.plot.y + 0.5);
      switch (theme)
        {
        case EBB_CHART_THEME_LIGHT:
          g_assert_cmpint (edge.r, >, 150);
          g_assert_cmpint (edge.g, <, 80);
          break;
        case EBB_CHART_THEME_DARK:
          g_assert_cmpint (edge.r, >, 200);
          g_assert_cmpint (edge.g, <, 130);
          break;
        case EBB_CHART_THEME_PRINT:
        default:
          g_assert_cmpint (edge.g, <, 60);
          break;
        }
      cairo_surface_destroy (surface);
    }
}

/* The purple of a relapse (#9141ac, as its flag is in the window) */
static gboolean
is_relapse_purple (Pixel p)
{
  return p.r > 110 && p.r < 180 && p.g < 100 && p.b > 140;
}

static gboolean
in_rect (const EbbChartRect *rect,
         double              x,
         double              y)
{
  return rect != NULL && x >= rect->x && x < rect->x + rect->width && y >= rect->y && y < rect->y + rect->height;
}

/* Purple pixels in @rect, but for those in @except_a and @except_b */
static guint
count_purple_but (cairo_surface_t    *surface,
                  const EbbChartRect *rect,
                  const EbbChartRect *except_a,
                  const EbbChartRect *except_b)
{
  guint n = 0;

  for (double y = floor (rect->y); y < rect->y + rect->height; y++)
    for (double x = floor (rect->x); x < rect->x + rect->width; x++)
      if (!in_rect (except_a, x, y) && !in_rect (except_b, x, y))
        n += is_relapse_purple (pixel_at (surface, x, y));
  return n;
}

static guint
count_purple (cairo_surface_t    *surface,
              const EbbChartRect *rect)
{
  return count_purple_but (surface, rect, NULL, NULL);
}

/* Every mark over the data is in the legend: the relapse too, squared in
 * purple on the chart and in the legend alike (issue 18). */
static void
test_legend_relapse (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  g_autoptr(GArray) labels = NULL;
  const EbbChartLabel *word;
  cairo_surface_t *surface;
  EbbChartLayout l;
  EbbChartRect around, word_box;
  double x, y;

  ebb_chart_get_layout (chart, 600, 340, &l);
  surface = render (chart, 600, 340);
  labels = ebb_chart_get_labels (chart, 600, 340);
  word = find_label (labels, EBB_CHART_LABEL_RELAPSE);
  g_assert_nonnull (word);
  g_assert_cmpstr (word->text, ==, "relapse");
  word_box = (EbbChartRect) { word->rect.x - 1, word->rect.y - 1, word->rect.width + 2, word->rect.height + 2 };

  /* The square around the rating of 01-29 (30); the word in the same
   * purple, and nothing else of the plot; the legend's sample. */
  x = ebb_chart_layout_x_for_day (&l, day ("2026-01-29"));
  y = ebb_chart_layout_y_for_value (&l, 30);
  around = (EbbChartRect) { x - 12, y - 12, 24, 24 };
  g_assert_cmpuint (count_purple (surface, &around), >, 20);
  g_assert_cmpuint (count_purple (surface, &word_box), >, 10);
  g_assert_cmpuint (count_purple_but (surface, &l.plot, &around, &word_box), ==, 0);
  g_assert_cmpuint (count_purple (surface, &l.legend), >, 10);
  cairo_surface_destroy (surface);
}

/* A chart with no relapse has no purple anywhere. */
static void
test_legend_no_relapse (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  const EbbChartRect all = { 0, 0, 600, 340 };
  cairo_surface_t *surface = render (chart, 600, 340);

  g_assert_cmpuint (count_purple (surface, &all), ==, 0);
  cairo_surface_destroy (surface);
}

/* A title too long for its line gives way whole: the scale's long name
 * goes, never cut mid-word ("…, self-r…"), before the patient's name is
 * shortened (issue 18). */
static void
test_labels_title_short (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(EbbChart) chart = NULL;
  g_autoptr(GArray) labels = NULL;

  add_rating (f, "2026-01-04", "QIDS-SR16", 20);
  add_rating (f, "2026-01-11", "QIDS-SR16", 9);
  chart = make_chart (f, "QIDS-SR16", AS_OF);

  labels = ebb_chart_get_labels (chart, 1100, 500);
  g_assert_cmpstr (find_label (labels, EBB_CHART_LABEL_TITLE)->text, ==,
                   "K-0042 · Test Patient · QIDS-SR16  Quick Inventory of Depressive Symptomatology, self-report");
  g_clear_pointer (&labels, g_array_unref);

  labels = ebb_chart_get_labels (chart, 360, 220);
  g_assert_cmpstr (find_label (labels, EBB_CHART_LABEL_TITLE)->text, ==, "K-0042 · Test Patient · QIDS-SR16");
  g_clear_pointer (&labels, g_array_unref);

  /* So narrow that the name must shorten: code and scale stay whole. */
  labels = ebb_chart_get_labels (chart, 200, 200);
  g_assert_true (g_str_has_prefix (find_label (labels, EBB_CHART_LABEL_TITLE)->text, "K-0042 · "));
  g_assert_true (g_str_has_suffix (find_label (labels, EBB_CHART_LABEL_TITLE)->text, " · QIDS-SR16"));
}

/* Hit-testing ------------------------------------------------------------- */

static void
test_hit_test (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  const EbbTrajectory *trajectory = ebb_chart_get_trajectory (chart, 0);
  EbbChartLayout l;
  EbbChartHit hit;
  g_autofree char *tip = NULL;

  ebb_chart_get_layout (chart, 640, 360, &l);

  /* Every rating is found where the layout puts it, and a little off. */
  for (guint i = 0; i < ebb_trajectory_get_n_points (trajectory); i++)
    {
      const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);
      const double x = ebb_chart_layout_x_for_day (&l, point->rating->when.day);
      const double y = ebb_chart_layout_y_for_value (&l, point->rating->total);

      g_assert_true (ebb_chart_hit_test (chart, 640, 360, x + 1.5, y - 1.5, &hit));
      g_assert_cmpint (hit.kind, ==, EBB_CHART_HIT_RATING);
      g_assert_cmpuint (hit.index, ==, i);
      g_assert_true (hit.point == point);
      g_assert_cmpfloat_with_epsilon (hit.x, x, 1e-9);
      g_assert_cmpfloat_with_epsilon (hit.y, y, 1e-9);
    }

  /* Nothing up in the severe band. */
  g_assert_false (ebb_chart_hit_test (chart, 640, 360,
                                      ebb_chart_layout_x_for_day (&l, day ("2026-01-19")),
                                      ebb_chart_layout_y_for_value (&l, 50), &hit));
  g_assert_cmpint (hit.kind, ==, EBB_CHART_HIT_NONE);

  /* The tooltip of MADRS 10 on 01-14: (32 − 10) / 32 = 68.75 % better. */
  g_assert_true (ebb_chart_hit_test (chart, 640, 360,
                                     ebb_chart_layout_x_for_day (&l, day ("2026-01-14")),
                                     ebb_chart_layout_y_for_value (&l, 10), &hit));
  tip = ebb_chart_describe_hit (chart, &hit);
  g_assert_nonnull (strstr (tip, "MADRS 10"));
  g_assert_nonnull (strstr (tip, "2026-01-14"));
  g_assert_nonnull (strstr (tip, "69% below baseline (32)"));
  g_assert_nonnull (strstr (tip, "remission"));
  g_clear_pointer (&tip, g_free);

  /* The suicide-item rating says so. */
  g_assert_true (ebb_chart_hit_test (chart, 640, 360,
                                     ebb_chart_layout_x_for_day (&l, day ("2026-02-02")),
                                     ebb_chart_layout_y_for_value (&l, 14), &hit));
  tip = ebb_chart_describe_hit (chart, &hit);
  g_assert_nonnull (strstr (tip, "Suicide item (suicidal thoughts): 4"));
  g_clear_pointer (&tip, g_free);

  /* The same rating with its total and the suicide item alone, as the
   * dialog now asks it (no other items): the tooltip reads the item it
   * was given (it crashed reading the items that were not there). */
  {
    EbbRating *latest = g_ptr_array_index (f->ratings, f->ratings->len - 1);
    g_autoptr(EbbChart) alone = NULL;

    ebb_rating_set_items (latest, NULL, 0);
    latest->alert_item = 3;
    alone = make_chart (f, "MADRS", AS_OF);
    ebb_chart_get_layout (alone, 640, 360, &l);
    g_assert_true (ebb_chart_hit_test (alone, 640, 360,
                                       ebb_chart_layout_x_for_day (&l, day ("2026-02-02")),
                                       ebb_chart_layout_y_for_value (&l, 14), &hit));
    tip = ebb_chart_describe_hit (alone, &hit);
    g_assert_nonnull (strstr (tip, "Suicide item (suicidal thoughts): 3"));
    g_clear_pointer (&tip, g_free);
  }
  ebb_chart_get_layout (chart, 640, 360, &l);

  /* A session, in the strip: its dose for the tooltip. */
  g_assert_true (ebb_chart_hit_test (chart, 640, 360,
                                     ebb_chart_layout_x_for_day (&l, day ("2026-01-26")) + 2,
                                     l.strip.y + l.strip.height / 2, &hit));
  g_assert_cmpint (hit.kind, ==, EBB_CHART_HIT_SESSION);
  g_assert_cmpint (hit.session->when.day, ==, day ("2026-01-26"));
  tip = ebb_chart_describe_hit (chart, &hit);
  g_assert_nonnull (strstr (tip, "2026-01-26"));
  g_assert_nonnull (strstr (tip, "maintenance"));
  g_assert_nonnull (strstr (tip, "IV"));
  g_assert_nonnull (strstr (tip, "40 mg"));
  g_clear_pointer (&tip, g_free);

  /* Between sessions in the strip: nothing. */
  g_assert_false (ebb_chart_hit_test (chart, 640, 360,
                                      ebb_chart_layout_x_for_day (&l, day ("2026-02-09")),
                                      l.strip.y + l.strip.height / 2, &hit));

  /* Outside a chosen range: not drawn, so not found. */
  ebb_chart_set_range (chart, day ("2026-01-20"), day ("2026-02-20"));
  ebb_chart_get_layout (chart, 640, 360, &l);
  g_assert_false (ebb_chart_hit_test (chart, 640, 360, l.plot.x, ebb_chart_layout_y_for_value (&l, 10), &hit));
}

static void
test_describe (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  g_autofree char *text = ebb_chart_describe (chart);

  g_assert_true (g_str_has_prefix (text, "Chart of patient K-0042 as of 2026-02-05. "));
  g_assert_nonnull (strstr (text, "MADRS"));
  g_assert_nonnull (strstr (text, "8 ratings from 2026-01-04 to 2026-02-02"));
  g_assert_nonnull (strstr (text, "Baseline MADRS 32 on 2026-01-04"));
  g_assert_nonnull (strstr (text, "Latest 14 on 2026-02-02, 56% below baseline (32): responding"));
  g_assert_nonnull (strstr (text, "Lowest since treatment started: 10"));
  /* The fade of 01-19 was closed by the response of 01-27. */
  g_assert_nonnull (strstr (text, "3 flags (1 suicide item, 1 faded, 1 fade projected), 2 open"));
  g_assert_nonnull (strstr (text, "Next session 2026-02-16 (maintenance, IV, 40 mg)"));
}

/* The footnote states the rules with the baseline's date: on screen as
 * people read it, the year left out in the as-of year, and with it in
 * another; in a file as files write it. */
static void
test_footnote_dates (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  g_autoptr(EbbChart) next_year = make_chart (f, "MADRS", "2027-01-05");
  g_autofree char *screen = NULL;
  g_autofree char *file = NULL;
  g_autofree char *later = NULL;

  /* 2026-01-01 was a Thursday. */
  g_assert_true (ebb_chart_get_for_screen (chart));
  screen = ebb_chart_dup_footnote (chart);
  g_assert_cmpstr (screen, ==,
                   "Baseline MADRS 32 on Sun 4 Jan. Response needs 16 or less (half of baseline 32). "
                   "Faded: above that and at least 6 points over the lowest score since response, or "
                   "above it for 14 days. Remission: 10 or less. Projection: trend since the lowest "
                   "rating after the last session.");
  later = ebb_chart_dup_footnote (next_year);
  g_assert_true (g_str_has_prefix (later, "Baseline MADRS 32 on Sun 4 Jan 2026. Response needs 16 "));

  ebb_chart_set_for_screen (chart, FALSE);
  file = ebb_chart_dup_footnote (chart);
  g_assert_cmpstr (file, ==,
                   "Baseline MADRS 32 on 2026-01-04. Response needs 16 or less (half of baseline 32). "
                   "Faded: above that and at least 6 points over the lowest score since response, or "
                   "above it for 14 days. Remission: 10 or less. Projection: trend since the lowest "
                   "rating after the last session.");
}

/* Labels ---------------------------------------------------------------------- */

static gboolean
circle_meets_rect (double              x,
                   double              y,
                   double              r,
                   const EbbChartRect *rect)
{
  const double cx = CLAMP (x, rect->x, rect->x + rect->width);
  const double cy = CLAMP (y, rect->y, rect->y + rect->height);

  return hypot (x - cx, y - cy) < r;
}

/* Whether a line of half width @pad from (x0, y0) to (x1, y1) reaches
 * into the rectangle: walked in steps of a tenth of a point. */
static gboolean
line_meets_rect (double              x0,
                 double              y0,
                 double              x1,
                 double              y1,
                 double              pad,
                 const EbbChartRect *rect)
{
  const int n = (int) ceil (hypot (x1 - x0, y1 - y0) * 10) + 1;

  for (int i = 0; i <= n; i++)
    {
      const double x = x0 + (x1 - x0) * i / n, y = y0 + (y1 - y0) * i / n;

      if (x > rect->x - pad && x < rect->x + rect->width + pad &&
          y > rect->y - pad && y < rect->y + rect->height + pad)
        return TRUE;
    }
  return FALSE;
}

static const EbbChartLabel *
find_label (GArray            *labels,
            EbbChartLabelKind  kind)
{
  for (guint i = 0; i < labels->len; i++)
    if (g_array_index (labels, EbbChartLabel, i).kind == kind)
      return &g_array_index (labels, EbbChartLabel, i);
  return NULL;
}

static guint
count_labels (GArray            *labels,
              EbbChartLabelKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < labels->len; i++)
    n += g_array_index (labels, EbbChartLabel, i).kind == kind;
  return n;
}

/* No label inside the plot covers a rating's marker or the score line. */
static void
assert_labels_clear (EbbChart *chart,
                     double    width,
                     double    height)
{
  g_autoptr(GArray) labels = ebb_chart_get_labels (chart, width, height);
  const EbbTrajectory *trajectory = ebb_chart_get_trajectory (chart, 0);
  const guint n = ebb_trajectory_get_n_points (trajectory);
  EbbChartLayout l;

  ebb_chart_get_layout (chart, width, height, &l);
  for (guint i = 0; i < labels->len; i++)
    {
      const EbbChartLabel *label = &g_array_index (labels, EbbChartLabel, i);
      double px = 0, py = 0;

      if (label->kind == EBB_CHART_LABEL_TITLE || label->kind == EBB_CHART_LABEL_CAPTION ||
          label->kind == EBB_CHART_LABEL_AS_OF)
        {
          /* Over the plot, never in it. */
          g_assert_cmpfloat (label->rect.y + label->rect.height, <=, l.plot.y + 0.01);
          continue;
        }
      /* In the plot. */
      g_assert_cmpfloat (label->rect.x, >=, l.plot.x - 2);
      g_assert_cmpfloat (label->rect.x + label->rect.width, <=, l.plot.x + l.plot.width + 2);
      g_assert_cmpfloat (label->rect.y, >=, l.plot.y - 0.01);
      g_assert_cmpfloat (label->rect.y + label->rect.height, <=, l.plot.y + l.plot.height + 0.01);

      for (guint p = 0; p < n; p++)
        {
          const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, p);
          const double x = ebb_chart_layout_x_for_day (&l, point->rating->when.day);
          const double y = ebb_chart_layout_y_for_value (&l, point->rating->total);

          if (circle_meets_rect (x, y, l.marker_radius, &label->rect))
            g_error ("\"%s\" at %g, %g (%g × %g) covers the rating of %s, drawn at %g × %g",
                     label->text, label->rect.x, label->rect.y, label->rect.width, label->rect.height,
                     point->rating->when_text, width, height);
          if (p > 0)
            g_assert_false (line_meets_rect (px, py, x, y, 1.0, &label->rect));
          px = x;
          py = y;
        }
    }
}

static void
test_labels_relapse (Fixture       *f,
                     gconstpointer  data)
{
  static const double sizes[][2] = { { 600, 340 }, { 453.5, 255.1 }, { 320, 200 }, { 1200, 700 } };
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  const EbbTrajectory *trajectory = ebb_chart_get_trajectory (chart, 0);
  const EbbTrajectoryPoint *latest =
    ebb_trajectory_get_point (trajectory, ebb_trajectory_get_n_points (trajectory) - 1);
  GPtrArray *flags = ebb_trajectory_get_flags (trajectory);
  gboolean relapse = FALSE;

  /* The fixture is what it says: one relapse, on the rating before the
   * latest, which is a suicide-item rating. */
  for (guint i = 0; i < flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (flags, i);

      if (flag->kind == EBB_FLAG_RELAPSE)
        {
          g_assert_false (relapse);
          g_assert_cmpint (flag->day, ==, day ("2026-01-29"));
          relapse = TRUE;
        }
    }
  g_assert_true (relapse);
  g_assert_cmpint (latest->rating->total, ==, 33);
  g_assert_true (latest->suicide_alert);

  for (EbbChartTheme theme = EBB_CHART_THEME_LIGHT; theme <= EBB_CHART_THEME_PRINT; theme++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autoptr(GArray) labels = NULL;
        EbbChartLayout l;
        double x, y, ring;

        ebb_chart_set_theme (chart, theme);
        assert_labels_clear (chart, sizes[s][0], sizes[s][1]);

        /* Neither "relapse" nor "!" reaches the latest rating's marker or
         * the ring around it. */
        labels = ebb_chart_get_labels (chart, sizes[s][0], sizes[s][1]);
        ebb_chart_get_layout (chart, sizes[s][0], sizes[s][1], &l);
        x = ebb_chart_layout_x_for_day (&l, day ("2026-01-31"));
        y = ebb_chart_layout_y_for_value (&l, 33);
        ring = MAX (l.marker_radius, 2.2) + 2.4 + 0.8;
        if (s == 0)
          {
            g_assert_nonnull (find_label (labels, EBB_CHART_LABEL_RELAPSE));
            g_assert_nonnull (find_label (labels, EBB_CHART_LABEL_ALERT));
          }
        for (guint i = 0; i < labels->len; i++)
          {
            const EbbChartLabel *label = &g_array_index (labels, EbbChartLabel, i);

            g_assert_false (circle_meets_rect (x, y, ring, &label->rect));
          }
      }

  /* Drawn, the latest marker is all the line's blue. */
  {
    cairo_surface_t *surface;
    EbbChartLayout l;
    double x, y;

    ebb_chart_set_theme (chart, EBB_CHART_THEME_LIGHT);
    ebb_chart_get_layout (chart, 600, 340, &l);
    surface = render (chart, 600, 340);
    x = ebb_chart_layout_x_for_day (&l, day ("2026-01-31"));
    y = ebb_chart_layout_y_for_value (&l, 33);
    for (double dx = -l.marker_radius * 0.5; dx <= l.marker_radius * 0.5 + 0.01; dx += l.marker_radius * 0.5)
      for (double dy = -l.marker_radius * 0.5; dy <= l.marker_radius * 0.5 + 0.01; dy += l.marker_radius * 0.5)
        g_assert_true (is_line_blue (pixel_at (surface, x + dx, y + dy)));
    cairo_surface_destroy (surface);
  }
}

/* Severity bands: each named where there is room, never across a rule
 * line, always inside its band. */
static void
test_labels_bands (Fixture       *f,
                   gconstpointer  data)
{
  /* MADRS: none 0–6, mild 7–19, moderate 20–34, severe 35–60. */
  static const struct { const char *name; double lo, hi; } bands[] = {
    { "none", 0, 6.5 }, { "mild", 6.5, 19.5 }, { "moderate", 19.5, 34.5 }, { "severe", 34.5, 60 },
  };
  static const double rules[] = { 32, 16, 10 };   /* baseline, response threshold, remission */
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  g_autoptr(GArray) labels = ebb_chart_get_labels (chart, 600, 340);
  EbbChartLayout l;

  ebb_chart_get_layout (chart, 600, 340, &l);
  g_assert_cmpuint (count_labels (labels, EBB_CHART_LABEL_BAND), ==, G_N_ELEMENTS (bands));
  for (guint i = 0; i < labels->len; i++)
    {
      const EbbChartLabel *label = &g_array_index (labels, EbbChartLabel, i);
      gboolean known = FALSE;

      if (label->kind != EBB_CHART_LABEL_BAND)
        continue;
      for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
        {
          const double y = ebb_chart_layout_y_for_value (&l, rules[r]);
          g_assert_false (y >= label->rect.y - 0.5 && y <= label->rect.y + label->rect.height + 0.5);
        }
      for (guint b = 0; b < G_N_ELEMENTS (bands); b++)
        if (g_str_equal (label->text, bands[b].name))
          {
            known = TRUE;
            g_assert_cmpfloat (label->rect.y, >=, ebb_chart_layout_y_for_value (&l, bands[b].hi));
            g_assert_cmpfloat (label->rect.y + label->rect.height, <=, ebb_chart_layout_y_for_value (&l, bands[b].lo));
          }
      g_assert_true (known);
    }
  assert_labels_clear (chart, 600, 340);
  assert_labels_clear (chart, 453.5, 255.1);
  assert_labels_clear (chart, 240, 160);
}

/* The as-of line says "today" only on screen and only on the day; a file
 * always has the date, with its year. */
static void
test_labels_as_of (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  g_autoptr(EbbChart) today = NULL;
  g_autoptr(EbbChart) later = NULL;
  g_autoptr(GArray) labels = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *expected = NULL;
  const EbbChartLabel *label, *caption;
  EbbChartLayout l;

  /* Drawn for the screen unless told otherwise. */
  g_assert_true (ebb_chart_get_for_screen (chart));
  labels = ebb_chart_get_labels (chart, 600, 340);
  label = find_label (labels, EBB_CHART_LABEL_AS_OF);
  g_assert_nonnull (label);
  g_assert_cmpstr (label->text, ==, "as of 5 Feb 2026");
  g_clear_pointer (&labels, g_array_unref);
  ebb_chart_set_for_screen (chart, FALSE);
  labels = ebb_chart_get_labels (chart, 600, 340);
  g_assert_cmpstr (find_label (labels, EBB_CHART_LABEL_AS_OF)->text, ==, "as of 5 Feb 2026");
  g_clear_pointer (&labels, g_array_unref);

  /* As of today, with today in the range shown. */
  today = ebb_chart_new_for_records (&(EbbPatientRecords) { f->patient, f->sessions, f->ratings, NULL, NULL }, ebb_scale_lookup ("MADRS"),
                                     ebb_date_today (), NULL);
  ebb_chart_set_range (today, day ("2026-01-01"), MAX (ebb_date_today (), day ("2026-01-01")));
  labels = ebb_chart_get_labels (today, 600, 340);
  g_assert_cmpstr (find_label (labels, EBB_CHART_LABEL_AS_OF)->text, ==, "today");
  g_clear_pointer (&labels, g_array_unref);
  ebb_chart_set_for_screen (today, FALSE);
  labels = ebb_chart_get_labels (today, 600, 340);
  expected = g_date_time_format (now, "as of %-d %b %Y");
  g_assert_cmpstr (find_label (labels, EBB_CHART_LABEL_AS_OF)->text, ==, expected);
  g_clear_pointer (&labels, g_array_unref);

  /* As of a day long after the data, out of the range shown: no line.
   * The window says nothing; a file says the date, at the right of the
   * caption row. */
  later = make_chart (f, "MADRS", "2026-08-05");
  ebb_chart_get_layout (later, 600, 340, &l);
  g_assert_cmpfloat (l.day_max, <, day ("2026-08-05"));
  labels = ebb_chart_get_labels (later, 600, 340);
  g_assert_null (find_label (labels, EBB_CHART_LABEL_AS_OF));
  g_assert_nonnull (find_label (labels, EBB_CHART_LABEL_CAPTION));
  g_clear_pointer (&labels, g_array_unref);
  ebb_chart_set_for_screen (later, FALSE);
  labels = ebb_chart_get_labels (later, 600, 340);
  label = find_label (labels, EBB_CHART_LABEL_AS_OF);
  g_assert_nonnull (label);
  g_assert_cmpstr (label->text, ==, "as of 5 Aug 2026");
  g_assert_cmpfloat (label->rect.y + label->rect.height, <=, l.plot.y);
  g_assert_cmpfloat (label->rect.x + label->rect.width, <=, l.plot.x + l.plot.width + 0.01);
  g_assert_cmpfloat (label->rect.x, >, l.plot.x + l.plot.width / 2);
  /* The caption is still there, left of it. */
  caption = find_label (labels, EBB_CHART_LABEL_CAPTION);
  g_assert_nonnull (caption);
  g_assert_cmpfloat (caption->rect.x + caption->rect.width, <, label->rect.x);
}

/* The title: the code, the patient's name, the scale, on one line; a
 * long name shortened so that the code and the scale still show. */
static void
test_labels_title (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  g_autoptr(GArray) labels = ebb_chart_get_labels (chart, 600, 340);
  g_autoptr(GString) name = g_string_new (NULL);
  const EbbChartLabel *title = find_label (labels, EBB_CHART_LABEL_TITLE);
  EbbChartLayout l;

  g_assert_nonnull (title);
  g_assert_true (g_str_has_prefix (title->text, "K-0042 · Test Patient · MADRS"));

  for (int i = 0; i < 12; i++)
    g_string_append (name, "Ἀλέξανδρος Фёдорович ");
  g_free (f->patient->name);
  f->patient->name = g_strdup (name->str);
  g_clear_pointer (&chart, ebb_chart_free);
  g_clear_pointer (&labels, g_array_unref);
  chart = make_chart (f, "MADRS", AS_OF);
  labels = ebb_chart_get_labels (chart, 600, 340);
  ebb_chart_get_layout (chart, 600, 340, &l);
  title = find_label (labels, EBB_CHART_LABEL_TITLE);
  g_assert_true (g_str_has_prefix (title->text, "K-0042 · Ἀλέξανδρος"));
  g_assert_nonnull (strstr (title->text, "… · MADRS"));
  /* One line, within the chart. */
  g_assert_cmpfloat (title->rect.height, <=, l.title.height + 0.01);
  g_assert_cmpfloat (title->rect.x + title->rect.width, <=, 600 - l.margin + 0.01);
}

/* Exports --------------------------------------------------------------------- */

typedef struct
{
  guint n_elements;
  guint n_svg;
  guint n_path;
  guint n_glyphs;
  char *root;
} SvgCount;

static void
svg_start_element (GMarkupParseContext  *context,
                   const char           *element,
                   const char          **names,
                   const char          **values,
                   gpointer              user_data,
                   GError              **error)
{
  SvgCount *count = user_data;

  if (count->n_elements++ == 0)
    count->root = g_strdup (element);
  count->n_svg += g_str_equal (element, "svg");
  count->n_path += g_str_equal (element, "path");
  /* cairo keeps text as glyph outlines in <symbol>s, placed with <use>. */
  count->n_glyphs += g_str_equal (element, "use");
}

static void
test_export_svg (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  g_autofree char *path = g_build_filename (f->tmpdir, "chart.svg", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GMarkupParser parser = { svg_start_element, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  SvgCount count = { 0 };
  gsize length;

  g_assert_true (ebb_chart_export (chart, path, EBB_CHART_FORMAT_AUTO, 453.5, 255.1, 300, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));

  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_true (g_str_has_suffix (g_strchomp (contents), "</svg>"));
  g_assert_nonnull (strstr (contents, "width=\"453.5pt\""));

  /* Well-formed XML, an <svg> root with paths and text. */
  context = g_markup_parse_context_new (&parser, 0, &count, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_cmpstr (count.root, ==, "svg");
  g_assert_cmpuint (count.n_path, >, 20);
  g_assert_cmpuint (count.n_glyphs, >, 50);
  g_free (count.root);

  /* Text a reader can find: the title, and the summary with the as-of
   * date (cairo writes the drawn words as outlines). */
  g_assert_nonnull (strstr (contents, "<title>K-0042 · Test Patient · MADRS</title>"));
  g_assert_nonnull (strstr (contents, "<desc>Chart of patient K-0042 as of 2026-02-05. "));

  /* Drawn for a file even though the chart is for the screen: dated. */
  g_assert_true (ebb_chart_get_for_screen (chart));
}

static guint
count_pages (const char *pdf,
             gsize       length)
{
  const char *p = pdf, *end = pdf + length;
  guint n = 0;

  /* "/Type /Page" but not "/Type /Pages"; cairo writes the dictionaries
   * as plain text and compresses only the streams. */
  /* Not g_strstr_len(): it stops at the NULs of compressed streams. */
  while ((p = memmem (p, end - p, "/Type /Page", strlen ("/Type /Page"))) != NULL)
    {
      p += strlen ("/Type /Page");
      n += p < end && *p != 's';
    }
  return n;
}

/* A PDF text string from the Info dictionary, after @key: cairo writes
 * ASCII as (…) and anything else as <FEFF…>, UTF-16BE. */
static char *
pdf_info_string (const char *pdf,
                 gsize       length,
                 const char *key)
{
  const char *p = memmem (pdf, length, key, strlen (key));
  const char *end = pdf + length;
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (gunichar2));

  g_assert_nonnull (p);
  p += strlen (key);
  while (p < end && *p == ' ')
    p++;
  if (*p == '(')
    {
      const char *close = memchr (p, ')', end - p);
      g_assert_nonnull (close);
      return g_strndup (p + 1, close - p - 1);
    }
  g_assert_true (g_str_has_prefix (p, "<FEFF"));
  for (p += 5; p + 4 <= end && *p != '>'; p += 4)
    {
      gunichar2 unit = (g_ascii_xdigit_value (p[0]) << 12) | (g_ascii_xdigit_value (p[1]) << 8) |
                       (g_ascii_xdigit_value (p[2]) << 4) | g_ascii_xdigit_value (p[3]);
      g_array_append_val (units, unit);
    }
  return g_utf16_to_utf8 ((const gunichar2 *) units->data, units->len, NULL, NULL, NULL);
}

static void
test_export_pdf (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  g_autofree char *path = g_build_filename (f->tmpdir, "chart.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (ebb_chart_export (chart, path, EBB_CHART_FORMAT_AUTO, 400, 250, 300, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpuint (count_pages (contents, length), ==, 1);
  g_assert_nonnull (memmem (contents, length, "/MediaBox [ 0 0 400 250 ]", 25));

  /* The title names the patient; the subject is the summary in words,
   * with the as-of date. */
  {
    g_autofree char *title = pdf_info_string (contents, length, "/Title");
    g_autofree char *subject = pdf_info_string (contents, length, "/Subject");

    g_assert_cmpstr (title, ==, "K-0042 · Test Patient · MADRS");
    g_assert_true (g_str_has_prefix (subject, "Chart of patient K-0042 as of 2026-02-05. "));
  }
}

static void
test_export_png (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  g_autofree char *path = g_build_filename (f->tmpdir, "chart.PNG", NULL);
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  GStatBuf st;

  /* 16 × 9 cm at 300 dpi: 453.54 × 255.12 pt → 1890 × 1063 pixels. */
  g_assert_true (ebb_chart_export (chart, path, EBB_CHART_FORMAT_AUTO,
                                   160 / 25.4 * 72, 90 / 25.4 * 72, 300, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1890);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 1063);
  cairo_surface_destroy (surface);

  /* A patient's data: readable by the user only. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_export_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "MADRS", AS_OF);
  g_autofree char *missing = g_build_filename (f->tmpdir, "no-such-dir", "chart.png", NULL);
  g_autofree char *odd = g_build_filename (f->tmpdir, "chart.bmp", NULL);
  g_autofree char *good = g_build_filename (f->tmpdir, "chart.pdf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  guint n_files = 0;

  g_assert_false (ebb_chart_export (chart, missing, EBB_CHART_FORMAT_AUTO, 400, 250, 300, &error));
  g_assert_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_false (ebb_chart_export (chart, odd, EBB_CHART_FORMAT_AUTO, 400, 250, 300, &error));
  g_assert_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "chart.bmp"));
  g_clear_error (&error);

  g_assert_false (ebb_chart_export (chart, good, EBB_CHART_FORMAT_AUTO, 4, 250, 300, &error));
  g_assert_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_SIZE);
  g_clear_error (&error);
  g_assert_false (ebb_chart_export (chart, good, EBB_CHART_FORMAT_PNG, 14000, 14000, 1200, &error));
  g_assert_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_SIZE);
  g_clear_error (&error);

  /* The format overrides the name; replacing leaves no temporary files. */
  g_assert_true (ebb_chart_export (chart, good, EBB_CHART_FORMAT_SVG, 400, 250, 0, &error));
  g_assert_true (ebb_chart_export (chart, good, EBB_CHART_FORMAT_PDF, 400, 250, 0, &error));
  g_assert_no_error (error);
  dir = g_dir_open (f->tmpdir, 0, NULL);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 1);

  g_assert_cmpint (ebb_chart_format_from_path ("a/b.Svg"), ==, EBB_CHART_FORMAT_SVG);
  g_assert_cmpint (ebb_chart_format_from_path ("a.pdf/b"), ==, EBB_CHART_FORMAT_AUTO);
  g_assert_cmpint (ebb_chart_format_from_path ("chart"), ==, EBB_CHART_FORMAT_AUTO);
}

/* Edge cases: each draws in every theme, at several sizes, without a
 * warning (the tests run with fatal warnings). */

static void
draw_everywhere (EbbChart *chart)
{
  static const double sizes[][2] = { { 40, 30 }, { 200, 120 }, { 453.5, 255.1 }, { 640, 360 }, { 1600, 900 } };

  for (EbbChartTheme theme = EBB_CHART_THEME_LIGHT; theme <= EBB_CHART_THEME_PRINT; theme++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) sizes[i][0], (int) sizes[i][1]);
        cairo_t *cr = cairo_create (surface);
        EbbChartHit hit;

        ebb_chart_set_theme (chart, theme);
        ebb_chart_draw (chart, cr, sizes[i][0], sizes[i][1]);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        ebb_chart_hit_test (chart, sizes[i][0], sizes[i][1], sizes[i][0] / 2, sizes[i][1] / 2, &hit);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
      }

  /* A zero size draws nothing and says nothing. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create (surface);
    EbbChartHit hit;

    ebb_chart_draw (chart, cr, 0, 0);
    g_assert_false (ebb_chart_hit_test (chart, 0, 0, 0, 0, &hit));
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

static void
test_edge_long_names (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(EbbChart) chart = NULL;
  g_autoptr(GString) code = g_string_new (NULL);

  for (int i = 0; i < 40; i++)
    g_string_append (code, "Ωμέγα-Ёжик-");
  g_free (f->patient->code);
  f->patient->code = g_strdup (code->str);
  chart = make_chart (f, "QIDS-SR16", AS_OF);
  draw_everywhere (chart);
  g_clear_pointer (&chart, ebb_chart_free);
  chart = make_chart (f, "MADRS", AS_OF);
  draw_everywhere (chart);
}

static void
test_edge_single_rating (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(EbbChart) chart = NULL;
  g_autofree char *text = NULL;
  EbbChartLayout l;

  add_rating (f, "2026-01-04", "PHQ-9", 18);
  chart = make_chart (f, "PHQ-9", AS_OF);
  ebb_chart_get_layout (chart, 640, 360, &l);
  /* A single day still gets a readable span around it. */
  g_assert_cmpfloat (l.day_max - l.day_min, >=, 14);
  g_assert_cmpfloat (l.value_max, ==, 27);
  draw_everywhere (chart);
  text = ebb_chart_describe (chart);
  g_assert_nonnull (strstr (text, "1 rating, on 2026-01-04"));
}

static void
test_edge_no_sessions (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(EbbChart) chart = NULL;
  g_autofree char *text = NULL;

  add_rating (f, "2026-01-04", "MADRS", 30);
  add_rating (f, "2026-01-11", "MADRS", 28);
  chart = make_chart (f, "MADRS", AS_OF);
  draw_everywhere (chart);
  text = ebb_chart_describe (chart);
  g_assert_nonnull (strstr (text, "no session has been done yet"));
  g_assert_nonnull (strstr (text, "No session booked"));
}

static void
test_edge_many_ratings (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(EbbChart) chart = NULL;
  const gint32 start = day ("2023-01-02");
  EbbChartLayout l;

  /* 500 ratings over three years, a session every week or two. */
  add_rating (f, "2023-01-01", "MADRS", 34);
  for (int i = 1; i < 500; i++)
    {
      g_autofree char *date = ebb_date_format (start + i * 1095 / 500);
      add_rating (f, date, "MADRS", 8 + (i * 7919) % 23);
    }
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *date = ebb_date_format (start + i * 11);
      add_session (f, date, EBB_SESSION_DONE, i < 6 ? EBB_PHASE_INDUCTION : i % 17 == 0 ? EBB_PHASE_RESCUE : EBB_PHASE_MAINTENANCE);
    }
  chart = make_chart (f, "MADRS", "2026-01-15");
  ebb_chart_get_layout (chart, 453.5, 255.1, &l);
  g_assert_cmpfloat (l.marker_radius, >=, 1);
  g_assert_cmpfloat (l.marker_radius, <, 2);
  draw_everywhere (chart);

  /* How long this takes is measured by bench/ebb-bench
   * (chart_500_screen_ms), not here. */
}

static void
test_edge_empty_scale (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, "PHQ-9", AS_OF);
  g_autofree char *text = ebb_chart_describe (chart);

  /* The fixture has MADRS ratings only. */
  g_assert_nonnull (strstr (text, "PHQ-9 (Patient Health Questionnaire-9): no ratings yet"));
  draw_everywhere (chart);
}

static void
test_edge_no_baseline (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(EbbChart) chart = NULL;
  g_autofree char *text = NULL;

  /* A PHQ-9 rating 40 days before T0: outside the 30-day window. */
  add_rating (f, "2025-11-26", "PHQ-9", 20);
  add_rating (f, "2026-01-15", "PHQ-9", 8);
  chart = make_chart (f, "PHQ-9", AS_OF);
  text = ebb_chart_describe (chart);
  g_assert_nonnull (strstr (text, "No baseline: no PHQ-9 rating in the 30 days up to the course's first session"));
  draw_everywhere (chart);
  g_clear_pointer (&chart, ebb_chart_free);

  /* Side-effect scale: charted, no rule lines. */
  add_rating (f, "2026-01-05T10:30", "CADSS", 12);
  chart = make_chart (f, "CADSS", AS_OF);
  draw_everywhere (chart);
  g_clear_pointer (&chart, ebb_chart_free);

  /* % change with one scale lacking a baseline, then with none. */
  chart = make_chart (f, NULL, AS_OF);
  g_assert_cmpuint (ebb_chart_get_n_trajectories (chart), ==, 2);
  draw_everywhere (chart);
  g_clear_pointer (&chart, ebb_chart_free);

  g_ptr_array_set_size (f->sessions, 0);
  chart = make_chart (f, NULL, AS_OF);
  draw_everywhere (chart);
  g_clear_pointer (&chart, ebb_chart_free);

  /* No data at all. */
  g_ptr_array_set_size (f->ratings, 0);
  chart = make_chart (f, NULL, AS_OF);
  g_assert_cmpuint (ebb_chart_get_n_trajectories (chart), ==, 0);
  draw_everywhere (chart);
  g_clear_pointer (&chart, ebb_chart_free);
  chart = ebb_chart_new (EBB_CHART_MODE_SCORE);
  draw_everywhere (chart);
}

static void
test_edge_baseline_zero (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(EbbChart) chart = NULL;

  add_session (f, "2026-01-05", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  add_session (f, "2026-01-05", EBB_SESSION_MISSED, EBB_PHASE_RESCUE);
  add_rating (f, "2026-01-04", "GAD-7", 0);
  add_rating (f, "2026-01-06", "GAD-7", 3);
  chart = make_chart (f, "GAD-7", AS_OF);
  draw_everywhere (chart);
}

static void
test_default_scale (Fixture       *f,
                    gconstpointer  data)
{
  /* The fixture: MADRS only. */
  g_assert_true (ebb_chart_default_scale (f->patient, f->ratings) == ebb_scale_lookup ("MADRS"));

  /* More PHQ-9 than MADRS; CADSS (side effects) never wins. */
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *date = ebb_date_format (day ("2026-01-01") + i);
      add_rating (f, date, "PHQ-9", 10);
      add_rating (f, date, "CADSS", 10);
    }
  g_assert_true (ebb_chart_default_scale (f->patient, f->ratings) == ebb_scale_lookup ("PHQ-9"));

  f->patient->preferred_scale = g_strdup ("QIDS-SR16");
  g_assert_true (ebb_chart_default_scale (f->patient, f->ratings) == ebb_scale_lookup ("QIDS-SR16"));

  g_clear_pointer (&f->patient->preferred_scale, g_free);
  g_ptr_array_set_size (f->ratings, 0);
  g_assert_null (ebb_chart_default_scale (f->patient, f->ratings));
}

/* Report --------------------------------------------------------------------- */

static char *
write_report (Fixture                *f,
              const char             *name,
              const EbbReportOptions *options,
              gsize                  *length)
{
  g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (ebb_report_write_pdf (f->patient, f->sessions, f->ratings, path, options, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  return contents;
}

static void
test_report_pages (Fixture       *f,
                   gconstpointer  data)
{
  EbbReportOptions options;
  g_autofree char *a4 = NULL;
  g_autofree char *letter = NULL;
  gsize length;

  ebb_report_options_init (&options);
  options.as_of_day = day (AS_OF);
  options.clinic_name = "Klinik für Psychiatrie · Test";
  a4 = write_report (f, "a4.pdf", &options, &length);
  g_assert_cmpuint (count_pages (a4, length), ==, 1);
  g_assert_nonnull (memmem (a4, length, "/MediaBox [ 0 0 595 842 ]", 25));

  options.paper = EBB_REPORT_PAPER_LETTER;
  options.chart_theme = EBB_CHART_THEME_PRINT;
  options.from_day = day ("2026-01-10");
  letter = write_report (f, "letter.pdf", &options, &length);
  g_assert_cmpuint (count_pages (letter, length), ==, 1);
  g_assert_nonnull (memmem (letter, length, "/MediaBox [ 0 0 612 792 ]", 25));
}

static void
test_report_crowded (Fixture       *f,
                     gconstpointer  data)
{
  EbbReportOptions options;
  g_autofree char *pdf = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  const gint32 start = day ("2025-01-06");
  gsize length;

  /* Far more rows than a page holds, two scales, a name in several
   * scripts that has to wrap. */
  for (int i = 0; i < 8; i++)
    g_string_append (name, "Ἀλέξανδρος Фёдорович محمد Nguyễn ");
  g_free (f->patient->name);
  f->patient->name = g_strdup (name->str);
  f->patient->birth_year = 1979;
  add_rating (f, "2025-01-05", "PHQ-9", 22);
  for (int i = 0; i < 300; i++)
    {
      g_autofree char *date = ebb_date_format (start + i);
      add_rating (f, date, "PHQ-9", 6 + (i * 31) % 15);
      if (i % 4 == 0)
        add_session (f, date, i % 40 == 0 ? EBB_SESSION_MISSED : EBB_SESSION_DONE, EBB_PHASE_MAINTENANCE);
    }

  ebb_report_options_init (&options);
  options.as_of_day = day (AS_OF);
  pdf = write_report (f, "crowded.pdf", &options, &length);
  g_assert_cmpuint (count_pages (pdf, length), ==, 1);
  g_clear_pointer (&pdf, g_free);

  /* Defaults throughout (as of today). */
  pdf = write_report (f, "defaults.pdf", NULL, &length);
  g_assert_cmpuint (count_pages (pdf, length), ==, 1);
}

static void
test_report_empty (Fixture       *f,
                   gconstpointer  data)
{
  EbbReportOptions options;
  g_autofree char *pdf = NULL;
  gsize length;

  ebb_report_options_init (&options);
  options.as_of_day = day (AS_OF);
  pdf = write_report (f, "empty.pdf", &options, &length);
  g_assert_cmpuint (count_pages (pdf, length), ==, 1);
}

static void
test_report_draw (Fixture       *f,
                  gconstpointer  data)
{
  EbbReportOptions options;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 595, 842);
  cairo_t *cr = cairo_create (surface);
  gboolean dark = FALSE;

  ebb_report_options_init (&options);
  options.as_of_day = day (AS_OF);
  ebb_report_draw (f->patient, f->sessions, f->ratings, &options, cr, 595, 842);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);

  /* White margins, and something written at the top left (the header). */
  for (int row = 0; row < 842; row++)
    {
      g_assert_true (is_white (pixel_at (surface, 2, row)));
      g_assert_true (is_white (pixel_at (surface, 592, row)));
    }
  for (int row = 40; row < 60; row++)
    for (int col = 40; col < 100; col++)
      dark |= pixel_at (surface, col, row).r < 100;
  g_assert_true (dark);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Medicines ------------------------------------------------------------------ */

static void
add_medicine (GPtrArray        *medicines,
              EbbMedicineClass  klass,
              const char       *name,
              const char       *start,
              const char       *stop)
{
  EbbMedicine *medicine = ebb_medicine_new ();

  medicine->id = medicines->len + 1;
  medicine->patient_id = 1;
  medicine->klass = klass;
  medicine->name = g_strdup (name);
  medicine->start_day = day (start);
  medicine->stop_day = stop != NULL ? day (stop) : 0;
  g_ptr_array_add (medicines, medicine);
}

static EbbChart *
make_chart_with_medicines (Fixture   *f,
                           GPtrArray *medicines)
{
  return ebb_chart_new_for_records (&(EbbPatientRecords) { f->patient, f->sessions, f->ratings, NULL, NULL,
                                                           medicines },
                                    ebb_scale_lookup ("MADRS"), day (AS_OF), NULL);
}

/* Under the dates, one bar a medicine from its first day to its last (to
 * the as-of day while still taken), in as few rows as their names allow;
 * none before it is started; in the description. */
static void
test_medicines (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) medicines = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_medicine_free);
  g_autoptr(EbbChart) none = make_chart (f, "MADRS", AS_OF);
  g_autoptr(EbbChart) one = NULL;
  g_autoptr(EbbChart) two = NULL;
  cairo_surface_t *surface = NULL;
  g_autofree char *text = NULL;
  EbbChartLayout l, with_one, with_two;
  double row, x, y;
  Pixel inside, outside;

  ebb_chart_get_layout (none, 800, 450, &l);
  g_assert_cmpfloat (l.medicines.height, ==, 0);

  add_medicine (medicines, EBB_MEDICINE_BENZODIAZEPINE, "lorazepam", "2026-01-10", "2026-01-20");
  /* Started after the as-of day: not yet. */
  add_medicine (medicines, EBB_MEDICINE_OPIOID, "tramadol", "2026-02-06", NULL);
  one = make_chart_with_medicines (f, medicines);
  ebb_chart_get_layout (one, 800, 450, &with_one);
  g_assert_cmpfloat (with_one.medicines.height, >, 0);
  g_assert_cmpfloat (with_one.axis.y + with_one.axis.height, <=, with_one.medicines.y + 0.01);
  g_assert_cmpfloat (with_one.medicines.y + with_one.medicines.height, <=, with_one.legend.y + 0.01);
  g_assert_cmpfloat (with_one.plot.height, <, l.plot.height);
  row = with_one.medicines.height;

  /* The bar, pale against the chart's background, between its days. */
  surface = render (one, 800, 450);
  y = with_one.medicines.y + row / 2;
  x = ebb_chart_layout_x_for_day (&with_one, day ("2026-01-19"));
  inside = pixel_at (surface, (int) x, (int) y);
  outside = pixel_at (surface, (int) ebb_chart_layout_x_for_day (&with_one, day ("2026-02-01")), (int) y);
  g_assert_cmpint (outside.r + outside.g + outside.b, ==, 3 * 255);
  g_assert_cmpint (inside.r + inside.g + inside.b, <, 3 * 250);
  cairo_surface_destroy (surface);

  text = ebb_chart_describe (one);
  g_assert_nonnull (strstr (text, "Medicines that change sedation or blood pressure: "
                                  "lorazepam (benzodiazepine) from 2026-01-10 to 2026-01-20. "));
  g_assert_null (strstr (text, "tramadol"));
  g_clear_pointer (&text, g_free);

  /* One still taken that overlaps the first and its name: a second row. */
  add_medicine (medicines, EBB_MEDICINE_PSYCHOSTIMULANT, "methylphenidate", "2026-01-15", NULL);
  two = make_chart_with_medicines (f, medicines);
  ebb_chart_get_layout (two, 800, 450, &with_two);
  g_assert_cmpfloat_with_epsilon (with_two.medicines.height, 2 * row, 1e-9);
  text = ebb_chart_describe (two);
  g_assert_nonnull (strstr (text, "methylphenidate (psychostimulant) from 2026-01-15, still taken."));
}

/* Events ---------------------------------------------------------------------- */

static void
add_event (GPtrArray    *events,
           EbbEventKind  kind,
           const char   *date,
           const char   *text)
{
  EbbEvent *event = ebb_event_new ();

  event->id = events->len + 1;
  event->patient_id = 1;
  event->kind = kind;
  event->day = day (date);
  event->text = g_strdup (text);
  g_ptr_array_add (events, event);
}

static EbbChart *
make_chart_with_events (Fixture   *f,
                        GPtrArray *events)
{
  return ebb_chart_new_for_records (&(EbbPatientRecords) { f->patient, f->sessions, f->ratings, NULL, NULL,
                                                           NULL, events },
                                    ebb_scale_lookup ("MADRS"), day (AS_OF), NULL);
}

/* Between the title and the plot, a marker on each event's day up to the
 * as-of day, a suicide attempt's in the alarm colour; labels that would
 * overlap in a second row; every event in the description. */
static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_event_free);
  g_autoptr(EbbChart) none = make_chart (f, "MADRS", AS_OF);
  g_autoptr(EbbChart) one = NULL;
  g_autoptr(EbbChart) crowded = NULL;
  cairo_surface_t *surface = NULL;
  g_autofree char *text = NULL;
  EbbChartLayout l, with_one, with_crowd;
  double row, y;
  Pixel life, attempt, later;

  ebb_chart_get_layout (none, 800, 450, &l);
  g_assert_cmpfloat (l.events.height, ==, 0);

  add_event (events, EBB_EVENT_LIFE_EVENT, "2026-01-15", "moved house");
  add_event (events, EBB_EVENT_SUICIDE_ATTEMPT, "2026-01-29", "overdose");
  /* After the as-of day (but before the scheduled session): not yet. */
  add_event (events, EBB_EVENT_HOSPITALISATION, "2026-02-10", "admitted");
  one = make_chart_with_events (f, events);
  ebb_chart_get_layout (one, 800, 450, &with_one);
  g_assert_cmpfloat (with_one.events.height, >, 0);
  g_assert_cmpfloat (with_one.title.y + with_one.title.height, <=, with_one.events.y + 0.01);
  g_assert_cmpfloat (with_one.events.y + with_one.events.height, <, with_one.plot.y);
  g_assert_cmpfloat (with_one.events.x, ==, with_one.plot.x);
  g_assert_cmpfloat (with_one.events.width, ==, with_one.plot.width);
  g_assert_cmpfloat (with_one.plot.height, <, l.plot.height);
  /* Two labels far apart: one row. */
  row = with_one.events.height;

  /* The markers: grey for the life event, the alarm's red for the
   * attempt, nothing on the day after as-of. */
  surface = render (one, 800, 450);
  y = with_one.events.y + row / 2 - 1;
  life = pixel_at (surface, ebb_chart_layout_x_for_day (&with_one, day ("2026-01-15")), y);
  attempt = pixel_at (surface, ebb_chart_layout_x_for_day (&with_one, day ("2026-01-29")), y);
  later = pixel_at (surface, ebb_chart_layout_x_for_day (&with_one, day ("2026-02-10")), y);
  g_assert_cmpint (life.r + life.g + life.b, <, 3 * 200);
  g_assert_cmpint (ABS (life.r - life.b), <, 40);
  g_assert_cmpint (attempt.r, >, attempt.g + 80);
  g_assert_cmpint (attempt.r, >, attempt.b + 80);
  g_assert_cmpint (later.r + later.g + later.b, ==, 3 * 255);
  cairo_surface_destroy (surface);

  text = ebb_chart_describe (one);
  g_assert_nonnull (strstr (text, "Events: 2026-01-15, life event: moved house; "
                                  "2026-01-29, suicide attempt: overdose. "));
  g_assert_null (strstr (text, "admitted"));
  g_clear_pointer (&text, g_free);

  /* Too small for the band once the title is gone: the plot keeps the
   * room, and the description still has the events. */
  {
    EbbChartLayout tiny;

    ebb_chart_get_layout (one, 170, 99, &tiny);
    g_assert_cmpfloat (tiny.title.height, ==, 0);
    g_assert_cmpfloat (tiny.events.height, ==, 0);
    g_assert_cmpfloat (tiny.plot.height, >=, 99 * 0.4);
  }

  /* An event the day after the first: the first's label has no room
   * before the new marker, so it goes to a second row, over its own. */
  add_event (events, EBB_EVENT_MEDICATION, "2026-01-16", "sertraline raised to 100 mg");
  crowded = make_chart_with_events (f, events);
  ebb_chart_get_layout (crowded, 800, 450, &with_crowd);
  g_assert_cmpfloat_with_epsilon (with_crowd.events.height, 2 * row, 1e-9);
  g_assert_cmpfloat (with_crowd.plot.height, <, with_one.plot.height);
  text = ebb_chart_describe (crowded);
  g_assert_nonnull (strstr (text, "Events: 2026-01-15, life event: moved house; "
                                  "2026-01-16, medication started, stopped or changed: "
                                  "sertraline raised to 100 mg; 2026-01-29, suicide attempt: overdose. "));
}

/* The report's text, as pdftotext reads it, its runs of white space made
 * one space; NULL when pdftotext is not installed. */
static char *
report_text (Fixture                *f,
             const char             *name,
             const EbbReportOptions *options)
{
  g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = NULL;
  int status = 0;

  g_assert_true (ebb_report_write_pdf (f->patient, f->sessions, f->ratings, path, options, &error));
  g_assert_no_error (error);
  if (program == NULL)
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char *[]) { program, path, "-", NULL }, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  words = g_strsplit_set (out, " \n\t\f", -1);
  {
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; words[i] != NULL; i++)
      if (words[i][0] != '\0')
        g_string_append_printf (text, "%s%s", text->len > 0 ? " " : "", words[i]);
    return g_string_free (g_steal_pointer (&text), FALSE);
  }
}

/* The report's Events: those of the window up to the as-of day, in day
 * order; where they do not all fit, suicide attempts and hospitalisations
 * first, the rest said to be left out; still one page. */
static void
test_report_events (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_event_free);
  EbbReportOptions options;
  g_autofree char *text = NULL;
  g_autofree char *crowded = NULL;
  g_autofree char *pdf = NULL;
  gsize length;

  add_event (events, EBB_EVENT_LIFE_EVENT, "2026-01-15", "moved house");
  add_event (events, EBB_EVENT_SUICIDE_ATTEMPT, "2026-01-09", "overdose <paracetamol>");
  add_event (events, EBB_EVENT_HOSPITALISATION, "2026-02-10", "after the as-of day");
  ebb_report_options_init (&options);
  options.as_of_day = day (AS_OF);
  options.events = events;
  text = report_text (f, "events.pdf", &options);
  if (text == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_nonnull (strstr (text, "Events 2026-01-09 suicide attempt: overdose <paracetamol> · "
                                  "2026-01-15 life event: moved house Sessions and ratings"));
  g_assert_null (strstr (text, "after the as-of day"));
  g_clear_pointer (&text, g_free);

  /* The window starts after the attempt: not in it. */
  options.from_day = day ("2026-01-10");
  text = report_text (f, "window.pdf", &options);
  g_assert_nonnull (strstr (text, "Events 2026-01-15 life event: moved house Sessions"));

  /* Forty long ones: the attempt kept, the others said to be left out. */
  options.from_day = 0;
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *date = ebb_date_format (day ("2026-01-10") + i % 20);

      add_event (events, EBB_EVENT_MEDICATION, date,
                 "an antidepressant changed again, with a long account of why and by how much");
    }
  crowded = report_text (f, "crowded-events.pdf", &options);
  g_assert_nonnull (strstr (crowded, "2026-01-09 suicide attempt: overdose <paracetamol>"));
  g_assert_nonnull (strstr (crowded, "others, not shown Sessions and ratings"));
  pdf = write_report (f, "crowded-events-pages.pdf", &options, &length);
  g_assert_cmpuint (count_pages (pdf, length), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup, func) \
  g_test_add (path, Fixture, NULL, setup, func, fixture_tear_down)

  ADD ("/chart/layout", fixture_set_up, test_layout);
  ADD ("/chart/layout/small", fixture_set_up, test_layout_small);
  ADD ("/chart/pixels/light", fixture_set_up, test_pixels_light);
  ADD ("/chart/pixels/clipped", fixture_set_up, test_pixels_clipped);
  ADD ("/chart/pixels/print", fixture_set_up, test_pixels_print);
  ADD ("/chart/pixels/dark", fixture_set_up, test_pixels_dark);
  ADD ("/chart/pixels/percent", fixture_set_up, test_pixels_percent);
  ADD ("/chart/pixels/fade", fixture_set_up, test_pixels_fade);
  ADD ("/chart/legend/relapse", fixture_set_up_relapse, test_legend_relapse);
  ADD ("/chart/legend/no-relapse", fixture_set_up, test_legend_no_relapse);
  ADD ("/chart/medicines", fixture_set_up, test_medicines);
  ADD ("/chart/events", fixture_set_up, test_events);
  ADD ("/chart/labels/title-short", fixture_set_up, test_labels_title_short);
  ADD ("/chart/hit-test", fixture_set_up, test_hit_test);
  ADD ("/chart/describe", fixture_set_up, test_describe);
  ADD ("/chart/labels/relapse", fixture_set_up_relapse, test_labels_relapse);
  ADD ("/chart/labels/bands", fixture_set_up, test_labels_bands);
  ADD ("/chart/footnote-dates", fixture_set_up, test_footnote_dates);
  ADD ("/chart/labels/as-of", fixture_set_up, test_labels_as_of);
  ADD ("/chart/labels/title", fixture_set_up, test_labels_title);
  ADD ("/chart/export/svg", fixture_set_up, test_export_svg);
  ADD ("/chart/export/pdf", fixture_set_up, test_export_pdf);
  ADD ("/chart/export/png", fixture_set_up, test_export_png);
  ADD ("/chart/export/errors", fixture_set_up, test_export_errors);
  ADD ("/chart/edge/long-names", fixture_set_up, test_edge_long_names);
  ADD ("/chart/edge/single-rating", fixture_set_up_empty, test_edge_single_rating);
  ADD ("/chart/edge/no-sessions", fixture_set_up_empty, test_edge_no_sessions);
  ADD ("/chart/edge/many-ratings", fixture_set_up_empty, test_edge_many_ratings);
  ADD ("/chart/edge/empty-scale", fixture_set_up, test_edge_empty_scale);
  ADD ("/chart/edge/no-baseline", fixture_set_up, test_edge_no_baseline);
  ADD ("/chart/edge/baseline-zero", fixture_set_up_empty, test_edge_baseline_zero);
  ADD ("/chart/default-scale", fixture_set_up, test_default_scale);
  ADD ("/report/pages", fixture_set_up, test_report_pages);
  ADD ("/report/events", fixture_set_up, test_report_events);
  ADD ("/report/crowded", fixture_set_up, test_report_crowded);
  ADD ("/report/empty", fixture_set_up_empty, test_report_empty);
  ADD ("/report/draw", fixture_set_up, test_report_draw);

#undef ADD

  return g_test_run ();
}
