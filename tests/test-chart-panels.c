/* test-chart-panels.c — the chart's blood-pressure and dissociation panels
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The panels' place in the layout, what hit-testing finds over them, the
 * words the tooltip and the description say, and the alert colour where
 * a reading is over its limit.  Expected values are worked out by hand
 * from docs/clinical-rules.md §4.7 (the last reading before dosing, the
 * highest after it, a reading at the after-dose limit ranking first).
 * Display-free: no GTK.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ebb-chart.h"
#include "ebb-report.h"
#include "ebb-test-utils.h"

#define AS_OF "2026-02-05"

typedef struct
{
  EbbPatient      *patient;
  GPtrArray       *sessions;
  GPtrArray       *ratings;
  EbbRuleSettings  settings;
} Fixture;

static gint32
day (const char *text)
{
  gint32 d = ebb_date_parse_day (text, NULL);

  g_assert_cmpint (d, >, 0);
  return d;
}

static void
add_reading (EbbSession *session,
             const char *time,
             gboolean    pre_dose,
             int         systolic,
             int         diastolic)
{
  EbbReading *reading = ebb_reading_new ();

  if (session->readings == NULL)
    session->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  reading->id = session->id * 10 + session->readings->len + 1;
  reading->session_id = session->id;
  reading->patient_id = session->patient_id;
  g_assert_true (ebb_clock_time_parse (time, 0, &reading->time, NULL));
  reading->pre_dose = pre_dose;
  reading->systolic = systolic;
  reading->diastolic = diastolic;
  g_ptr_array_add (session->readings, reading);
}

static void
fixture_set_up_empty (Fixture       *f,
                      gconstpointer  data)
{
  f->patient = ebb_patient_new ("K-0042", "Test Patient");
  f->patient->id = 1;
  f->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_session_free);
  f->ratings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_rating_free);
  ebb_rule_settings_init_defaults (&f->settings);
}

/* Three sessions given and one booked, worked out by hand with the
 * default limits (before dosing above 140/90, after at or above 180/110):
 *   01-05: before 132/84 at 09:10; after 150/92 and 176/104: the highest
 *          176/104, neither over its limit.  Moderate dissociation,
 *          resolved; CADSS 22 that day.
 *   01-08: before 146/94 at 09:05, above 140/90; after 170/112 at 10:00
 *          and 178/100 at 10:30: 170/112 reaches 110 and ranks first,
 *          though its systolic is lower.  Severe dissociation, no CADSS.
 *   01-12: no readings, nothing observed.
 *   02-16: booked. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  EbbSession *session;

  fixture_set_up_empty (f, data);
  session = ebb_test_add_session (f->sessions, "2026-01-05T09:00", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  add_reading (session, "09:10", TRUE, 132, 84);
  add_reading (session, "10:00", FALSE, 150, 92);
  add_reading (session, "10:30", FALSE, 176, 104);
  session->dissociation = (EbbObservedLevel) { EBB_LEVEL_MODERATE, 0, EBB_ANSWER_YES };
  session = ebb_test_add_session (f->sessions, "2026-01-08T09:00", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  add_reading (session, "09:05", TRUE, 146, 94);
  add_reading (session, "10:00", FALSE, 170, 112);
  add_reading (session, "10:30", FALSE, 178, 100);
  session->dissociation = (EbbObservedLevel) { EBB_LEVEL_SEVERE, 0, EBB_ANSWER_NOT_RECORDED };
  ebb_test_add_session (f->sessions, "2026-01-12T09:00", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  ebb_test_add_session (f->sessions, "2026-02-16T09:00", EBB_SESSION_SCHEDULED, EBB_PHASE_MAINTENANCE);

  ebb_test_add_rating (f->ratings, "2026-01-04", "MADRS", 32);
  ebb_test_add_rating (f->ratings, "2026-01-07", "MADRS", 20);
  ebb_test_add_rating (f->ratings, "2026-01-10", "MADRS", 14);
  ebb_test_add_rating (f->ratings, "2026-01-05T10:40", "CADSS", 22);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->patient, ebb_patient_free);
  g_clear_pointer (&f->sessions, g_ptr_array_unref);
  g_clear_pointer (&f->ratings, g_ptr_array_unref);
}

static EbbChart *
make_chart (Fixture        *f,
            EbbChartPanels  panels)
{
  EbbChart *chart = ebb_chart_new_for_records (&(EbbPatientRecords) { f->patient, f->sessions, f->ratings,
                                                                      NULL, NULL, NULL },
                                               ebb_scale_lookup ("MADRS"), day (AS_OF), &f->settings);

  ebb_chart_set_panels (chart, panels);
  return chart;
}

/* The id of the session on @date (the chart reads the timeline's copies). */
static gint64
session_on (Fixture    *f,
            const char *date)
{
  for (guint i = 0; i < f->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (f->sessions, i);

      if (session->when.day == day (date))
        return session->id;
    }
  g_assert_not_reached ();
}

static double
session_x (const EbbChartLayout *l,
           const char           *when)
{
  EbbWhen w;

  g_assert_true (ebb_when_parse (when, &w, NULL));
  return ebb_chart_layout_x_for_day (l, w.day + (EBB_WHEN_HAS_TIME (&w) ? w.second / 86400.0 : 0));
}

/* Layout ------------------------------------------------------------------ */

static void
assert_same_x_axis (const EbbChartLayout *l,
                    const EbbChartRect   *panel)
{
  g_assert_cmpfloat (panel->x, ==, l->plot.x);
  g_assert_cmpfloat (panel->width, ==, l->plot.width);
}

/* None by default, and then the layout is the one without panels; each
 * panel only when asked for, under the session strip and over the dates,
 * as wide as the plot, the blood pressure above the dissociation. */
static void
test_layout (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(EbbChart) plain = ebb_chart_new_for_records (&(EbbPatientRecords) { f->patient, f->sessions,
                                                                                f->ratings, NULL, NULL, NULL },
                                                         ebb_scale_lookup ("MADRS"), day (AS_OF), &f->settings);
  g_autoptr(EbbChart) none = make_chart (f, EBB_CHART_PANEL_NONE);
  g_autoptr(EbbChart) bp = make_chart (f, EBB_CHART_PANEL_BLOOD_PRESSURE);
  g_autoptr(EbbChart) dissociation = make_chart (f, EBB_CHART_PANEL_DISSOCIATION);
  g_autoptr(EbbChart) both = make_chart (f, EBB_CHART_PANEL_ALL);
  EbbChartLayout lp, ln, lb, ld, la;

  g_assert_cmpint (ebb_chart_get_panels (plain), ==, EBB_CHART_PANEL_NONE);
  ebb_chart_get_layout (plain, 800, 600, &lp);
  ebb_chart_get_layout (none, 800, 600, &ln);
  g_assert_cmpfloat (lp.blood_pressure.height, ==, 0);
  g_assert_cmpfloat (lp.dissociation.height, ==, 0);
  g_assert_cmpmem (&lp, sizeof lp, &ln, sizeof ln);
  /* The dates right under the strip, as before there were panels. */
  g_assert_cmpfloat_with_epsilon (lp.axis.y, lp.strip.y + lp.strip.height, 1e-9);

  ebb_chart_get_layout (bp, 800, 600, &lb);
  g_assert_cmpint (ebb_chart_get_panels (bp), ==, EBB_CHART_PANEL_BLOOD_PRESSURE);
  g_assert_cmpfloat (lb.blood_pressure.height, >, 0);
  g_assert_cmpfloat (lb.dissociation.height, ==, 0);
  assert_same_x_axis (&lb, &lb.blood_pressure);
  g_assert_cmpfloat (lb.blood_pressure.y, >=, lb.strip.y + lb.strip.height);
  g_assert_cmpfloat (lb.blood_pressure.y + lb.blood_pressure.height, <=, lb.axis.y);
  g_assert_cmpfloat (lb.plot.height, <, lp.plot.height);
  /* The pressures and every limit within the panel's domain, with room. */
  g_assert_cmpfloat (lb.pressure_min, <, 84);
  g_assert_cmpfloat (lb.pressure_max, >, 180);

  ebb_chart_get_layout (dissociation, 800, 600, &ld);
  g_assert_cmpfloat (ld.blood_pressure.height, ==, 0);
  g_assert_cmpfloat (ld.dissociation.height, >, 0);
  assert_same_x_axis (&ld, &ld.dissociation);
  g_assert_cmpfloat (ld.dissociation.y, >=, ld.strip.y + ld.strip.height);
  g_assert_cmpfloat (ld.dissociation.y + ld.dissociation.height, <=, ld.axis.y);

  ebb_chart_get_layout (both, 800, 600, &la);
  assert_same_x_axis (&la, &la.blood_pressure);
  assert_same_x_axis (&la, &la.dissociation);
  g_assert_cmpfloat (la.blood_pressure.y, >=, la.strip.y + la.strip.height);
  g_assert_cmpfloat (la.dissociation.y, >=, la.blood_pressure.y + la.blood_pressure.height);
  g_assert_cmpfloat (la.dissociation.y + la.dissociation.height, <=, la.axis.y);
  g_assert_cmpfloat (la.plot.height, <, lb.plot.height);
  /* The same days at the same x above and below. */
  g_assert_cmpfloat (la.day_min, ==, lp.day_min);
  g_assert_cmpfloat (la.day_max, ==, lp.day_max);

  /* Turned off again: as it was. */
  ebb_chart_set_panels (both, EBB_CHART_PANEL_NONE);
  ebb_chart_get_layout (both, 800, 600, &la);
  g_assert_cmpmem (&lp, sizeof lp, &la, sizeof la);
}

/* Too small for everything: the footnote and legend go first, then the
 * panels (dissociation first), before the trajectory is squeezed. */
static void
test_layout_small (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, EBB_CHART_PANEL_ALL);
  EbbChartLayout l;

  /* 8 × 6 cm, an export (8 pt text): room for blood pressure, not for
   * dissociation too. */
  ebb_chart_set_for_screen (chart, FALSE);
  ebb_chart_get_layout (chart, 227, 170, &l);
  g_assert_cmpfloat (l.legend.height, ==, 0);
  g_assert_cmpfloat (l.footnote.height, ==, 0);
  g_assert_cmpfloat (l.blood_pressure.height, >, 0);
  g_assert_cmpfloat (l.dissociation.height, ==, 0);
  g_assert_cmpfloat (l.plot.height, >=, 170 * 0.25);

  /* A thumbnail: the trajectory alone. */
  ebb_chart_get_layout (chart, 160, 90, &l);
  g_assert_cmpfloat (l.blood_pressure.height, ==, 0);
  g_assert_cmpfloat (l.dissociation.height, ==, 0);
  g_assert_cmpfloat (l.plot.height, >=, 90 * 0.25);

  /* Tall enough, both, with the legend. */
  ebb_chart_get_layout (chart, 453, 370, &l);
  g_assert_cmpfloat (l.legend.height, >, 0);
  g_assert_cmpfloat (l.blood_pressure.height, >, 0);
  g_assert_cmpfloat (l.dissociation.height, >, 0);
}

/* The panels with something to show: what the report draws. */
static void
test_with_data (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(EbbChart) all = make_chart (f, EBB_CHART_PANEL_NONE);
  g_autoptr(EbbChart) cadss_only = NULL;
  g_autoptr(EbbChart) nothing = NULL;
  EbbSession *session;

  g_assert_cmpint (ebb_chart_get_panels_with_data (all), ==, EBB_CHART_PANEL_ALL);
  /* From 01-10: only 01-12, with nothing recorded. */
  ebb_chart_set_range (all, day ("2026-01-10"), 0);
  g_assert_cmpint (ebb_chart_get_panels_with_data (all), ==, EBB_CHART_PANEL_NONE);
  /* Up to 01-06: 01-05 alone, with both. */
  ebb_chart_set_range (all, 0, day ("2026-01-06"));
  g_assert_cmpint (ebb_chart_get_panels_with_data (all), ==, EBB_CHART_PANEL_ALL);

  /* No readings, no level observed: only the CADSS rating of 01-05. */
  for (guint i = 0; i < f->sessions->len; i++)
    {
      session = g_ptr_array_index (f->sessions, i);
      g_clear_pointer (&session->readings, g_ptr_array_unref);
      session->dissociation.level = EBB_LEVEL_NOT_RECORDED;
    }
  cadss_only = make_chart (f, EBB_CHART_PANEL_NONE);
  g_assert_cmpint (ebb_chart_get_panels_with_data (cadss_only), ==, EBB_CHART_PANEL_DISSOCIATION);

  g_ptr_array_remove_index (f->ratings, f->ratings->len - 1);
  nothing = make_chart (f, EBB_CHART_PANEL_NONE);
  g_assert_cmpint (ebb_chart_get_panels_with_data (nothing), ==, EBB_CHART_PANEL_NONE);
}

/* Hit-testing and tooltips ------------------------------------------------ */

static void
test_hit (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, EBB_CHART_PANEL_ALL);
  g_autoptr(EbbChart) plain = make_chart (f, EBB_CHART_PANEL_NONE);
  g_autofree char *bp_text = NULL;
  g_autofree char *dissociation_text = NULL;
  g_autofree char *first_text = NULL;
  EbbChartLayout l;
  EbbChartHit hit;
  double y_bp, y_dissociation;

  ebb_chart_get_layout (chart, 800, 600, &l);
  y_bp = l.blood_pressure.y + l.blood_pressure.height * 0.7;
  y_dissociation = l.dissociation.y + l.dissociation.height * 0.8;

  /* Over the blood-pressure panel, a little right of 01-08's column. */
  g_assert_true (ebb_chart_hit_test (chart, 800, 600, session_x (&l, "2026-01-08T09:00") + 2, y_bp, &hit));
  g_assert_cmpint (hit.kind, ==, EBB_CHART_HIT_BLOOD_PRESSURE);
  g_assert_cmpint (hit.session->id, ==, session_on (f, "2026-01-08"));
  bp_text = ebb_chart_describe_hit (chart, &hit);
  g_assert_cmpstr (bp_text, ==,
                   "Session 2026-01-08T09:00 · blood pressure\n"
                   "Before dosing 146/94 at 09:05, above the limit 140/90\n"
                   "Highest after dosing 170/112 at 10:00, at or above the limit 180/110");

  g_assert_true (ebb_chart_hit_test (chart, 800, 600, session_x (&l, "2026-01-05T09:00"), y_bp, &hit));
  g_assert_cmpint (hit.kind, ==, EBB_CHART_HIT_BLOOD_PRESSURE);
  first_text = ebb_chart_describe_hit (chart, &hit);
  g_assert_cmpstr (first_text, ==,
                   "Session 2026-01-05T09:00 · blood pressure\n"
                   "Before dosing 132/84 at 09:10\n"
                   "Highest after dosing 176/104 at 10:30");

  /* Over the dissociation panel: the CADSS of the day, and the level. */
  g_assert_true (ebb_chart_hit_test (chart, 800, 600, session_x (&l, "2026-01-05T09:00") - 1, y_dissociation, &hit));
  g_assert_cmpint (hit.kind, ==, EBB_CHART_HIT_DISSOCIATION);
  g_assert_cmpint (hit.session->id, ==, session_on (f, "2026-01-05"));
  dissociation_text = ebb_chart_describe_hit (chart, &hit);
  g_assert_cmpstr (dissociation_text, ==,
                   "Session 2026-01-05T09:00 · dissociation\n"
                   "CADSS 22; moderate observed, resolved before discharge");

  /* 01-12 has nothing to show: no column to find there. */
  g_assert_false (ebb_chart_hit_test (chart, 800, 600, session_x (&l, "2026-01-12T09:00"), y_bp, &hit));
  g_assert_cmpint (hit.kind, ==, EBB_CHART_HIT_NONE);

  /* The session strip still answers with the session. */
  g_assert_true (ebb_chart_hit_test (chart, 800, 600, session_x (&l, "2026-01-08T09:00"),
                                     l.strip.y + l.strip.height / 2, &hit));
  g_assert_cmpint (hit.kind, ==, EBB_CHART_HIT_SESSION);

  /* Without panels the same place is the dates, or the plot: no panel. */
  ebb_chart_get_layout (plain, 800, 600, &l);
  if (ebb_chart_hit_test (plain, 800, 600, session_x (&l, "2026-01-08T09:00") + 2, y_bp, &hit))
    g_assert_cmpint (hit.kind, !=, EBB_CHART_HIT_BLOOD_PRESSURE);
}

/* In words ----------------------------------------------------------------- */

/* The clinic's limits, not the defaults: before dosing above 145/92. */
static void
test_describe (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(EbbChart) plain = NULL;
  g_autoptr(EbbChart) chart = NULL;
  g_autofree char *plain_text = NULL;
  g_autofree char *text = NULL;

  f->settings.bp_before = (EbbPressure) { 145, 92 };
  plain = make_chart (f, EBB_CHART_PANEL_NONE);
  chart = make_chart (f, EBB_CHART_PANEL_ALL);
  plain_text = ebb_chart_describe (plain);
  text = ebb_chart_describe (chart);

  g_assert_null (strstr (plain_text, "Blood pressure by session"));
  g_assert_null (strstr (plain_text, "Dissociation by session"));
  g_assert_nonnull (strstr (text,
                            "Blood pressure by session (limits 145/92 before dosing, 180/110 after): "
                            "2026-01-05, before dosing 132/84 at 09:10, highest after dosing 176/104 at 10:30; "
                            "2026-01-08, before dosing 146/94 at 09:05, above the limit 145/92, "
                            "highest after dosing 170/112 at 10:00, at or above the limit 180/110. "));
  g_assert_nonnull (strstr (text,
                            "Dissociation by session: "
                            "2026-01-05, CADSS 22; moderate observed, resolved before discharge; "
                            "2026-01-08, severe observed. "));
  /* The description without the panels is the start of the one with them. */
  g_assert_cmpint (strncmp (text, plain_text, strstr (plain_text, "Next session") - plain_text), ==, 0);
}

/* Asked for with nothing recorded: the panel is there and says so. */
static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(EbbChart) chart = NULL;
  g_autofree char *text = NULL;
  EbbChartLayout l;

  ebb_test_add_session (f->sessions, "2026-01-05T09:00", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  ebb_test_add_rating (f->ratings, "2026-01-04", "MADRS", 32);
  chart = make_chart (f, EBB_CHART_PANEL_ALL);
  ebb_chart_get_layout (chart, 800, 600, &l);
  g_assert_cmpfloat (l.blood_pressure.height, >, 0);
  g_assert_cmpfloat (l.dissociation.height, >, 0);
  g_assert_cmpint (ebb_chart_get_panels_with_data (chart), ==, EBB_CHART_PANEL_NONE);
  text = ebb_chart_describe (chart);
  g_assert_nonnull (strstr (text, "No blood pressure recorded at a session. "
                                  "No dissociation recorded at a session. "));
}

/* Pixels ------------------------------------------------------------------- */

static gboolean
is_alert_red (const unsigned char *argb)
{
  /* #e01b24, the light theme's alert colour (premultiplied, opaque). */
  return argb[2] > 190 && argb[1] < 80 && argb[0] < 80;
}

/* Counts the alert-red pixels in the blood-pressure panel within a few
 * points right of @when's column, where its after-dose bar is. */
static guint
red_pixels_right_of (cairo_surface_t      *surface,
                     const EbbChartLayout *l,
                     const char           *when)
{
  const unsigned char *data = cairo_image_surface_get_data (surface);
  const int stride = cairo_image_surface_get_stride (surface);
  const int x0 = (int) floor (session_x (l, when));
  guint n = 0;

  for (int y = (int) l->blood_pressure.y; y < (int) (l->blood_pressure.y + l->blood_pressure.height); y++)
    for (int x = x0; x <= x0 + 6; x++)
      n += is_alert_red (data + y * stride + x * 4);
  return n;
}

/* A reading over its limit in the alert colour; one within it not. */
static void
test_pixels (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(EbbChart) chart = make_chart (f, EBB_CHART_PANEL_BLOOD_PRESSURE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  cairo_t *cr = cairo_create (surface);
  EbbChartLayout l;

  ebb_chart_set_theme (chart, EBB_CHART_THEME_LIGHT);
  ebb_chart_draw (chart, cr, 800, 600);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  ebb_chart_get_layout (chart, 800, 600, &l);

  g_assert_cmpuint (red_pixels_right_of (surface, &l, "2026-01-08T09:00"), >, 20);
  g_assert_cmpuint (red_pixels_right_of (surface, &l, "2026-01-05T09:00"), ==, 0);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The alert-red pixels of the report's page: only a reading over its
 * limit has that colour there (the report's own flag titles are a darker
 * red, the chart's bands pale, and the fixture has no suicide item). */
static guint
report_red_pixels (Fixture *f)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 595, 842);
  cairo_t *cr = cairo_create (surface);
  const unsigned char *data;
  EbbReportOptions options;
  int stride;
  guint n = 0;

  ebb_report_options_init (&options);
  options.as_of_day = day (AS_OF);
  options.settings = &f->settings;
  ebb_report_draw (f->patient, f->sessions, f->ratings, &options, cr, 595, 842);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < 842; y++)
    for (int x = 0; x < 595; x++)
      n += is_alert_red (data + y * stride + x * 4);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return n;
}

/* The report shows the panels when there is something in them: the
 * reading over its limit on 01-08 is there in red; with the limits
 * raised past it, it is not. */
static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_assert_cmpuint (report_red_pixels (f), >, 10);
  f->settings.bp_before = (EbbPressure) { 160, 100 };
  f->settings.bp_after = (EbbPressure) { 200, 120 };
  g_assert_cmpuint (report_red_pixels (f), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup, func) \
  g_test_add (path, Fixture, NULL, setup, func, fixture_tear_down)

  ADD ("/chart-panels/layout", fixture_set_up, test_layout);
  ADD ("/chart-panels/layout/small", fixture_set_up, test_layout_small);
  ADD ("/chart-panels/with-data", fixture_set_up, test_with_data);
  ADD ("/chart-panels/hit", fixture_set_up, test_hit);
  ADD ("/chart-panels/describe", fixture_set_up, test_describe);
  ADD ("/chart-panels/empty", fixture_set_up_empty, test_empty);
  ADD ("/chart-panels/pixels", fixture_set_up, test_pixels);
  ADD ("/chart-panels/report", fixture_set_up, test_report);

  return g_test_run ();
}
