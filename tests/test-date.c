/* test-date.c — ISO 8601 dates (clinical rules §2)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ebb-date.h"

static void
test_parse_valid (void)
{
  EbbWhen a, b;

  g_assert_true (ebb_when_parse ("2026-03-02", &a, NULL));
  g_assert_cmpint (a.second, ==, -1);
  g_assert_cmpint (a.day, ==, ebb_date_from_ymd (2026, 3, 2));

  g_assert_true (ebb_when_parse ("2026-03-02T09:30", &b, NULL));
  g_assert_cmpint (b.day, ==, a.day);
  g_assert_cmpint (b.second, ==, 9 * 3600 + 30 * 60);

  g_assert_true (ebb_when_parse ("2026-03-02T09:30:15", &b, NULL));
  g_assert_cmpint (b.second, ==, 9 * 3600 + 30 * 60 + 15);
  g_assert_true (ebb_when_parse ("2026-03-02 09:30:15.25", &b, NULL));
  g_assert_cmpint (b.second, ==, 9 * 3600 + 30 * 60 + 15);
  g_assert_true (ebb_when_parse ("2024-02-29", &b, NULL));
}

/* A time is the clinic's local time: one with a zone is refused wherever
 * it is typed (a dialog, the store's API, an import), not dropped, which
 * put 03:00Z and 19:00-08:00, one moment, on two days. */
static void
test_parse_zone_refused (void)
{
  static const struct { const char *text; const char *message; } cases[] = {
    { "2026-03-02T09:30:15Z",
      "“2026-03-02T09:30…” has a time zone (Z): give the clinic's local time without a zone, "
      "as YYYY-MM-DDTHH:MM" },
    { "2026-11-20T03:00Z",
      "“2026-11-20T03:00…” has a time zone (Z): give the clinic's local time without a zone, "
      "as YYYY-MM-DDTHH:MM" },
    { "2026-03-02 09:30z",
      "“2026-03-02 09:30…” has a time zone (z): give the clinic's local time without a zone, "
      "as YYYY-MM-DDTHH:MM" },
    { "2026-03-02T09:30:15+01:00",
      "“2026-03-02T09:30…” has a time zone (+01:00): give the clinic's local time without a zone, "
      "as YYYY-MM-DDTHH:MM" },
    { "2026-03-02T09:30-0500",
      "“2026-03-02T09:30…” has a time zone (-0500): give the clinic's local time without a zone, "
      "as YYYY-MM-DDTHH:MM" },
    { "2026-03-02T09:30:15.5+01",
      "“2026-03-02T09:30…” has a time zone (+01): give the clinic's local time without a zone, "
      "as YYYY-MM-DDTHH:MM" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      EbbWhen when = { 0, 0 };

      g_test_message ("parsing “%s”", cases[i].text);
      g_assert_false (ebb_when_parse (cases[i].text, &when, &error));
      g_assert_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_TIME_ZONE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpint (when.day, ==, 0);
    }
}

static void
test_parse_invalid (void)
{
  const char *bad[] = {
    "", "2026-3-2", "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10",
    "02/03/2026", "2026-03-02T25:00", "2026-03-02T09", "2026-03-02T09:60",
    "2026-03-02x", "2026-03-02T09:30+25:00", "tomorrow",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      EbbWhen when;

      g_test_message ("parsing “%s”", bad[i]);
      g_assert_false (ebb_when_parse (bad[i], &when, &error));
      g_assert_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "YYYY-MM-DD"));
    }
}

/* Dates outside 1900–2199 are slips of the keys (9995 for 2025, 0001 for
 * an empty cell): every entry point parses here and refuses them. */
static void
test_parse_implausible (void)
{
  const char *good[] = { "1900-01-01", "2199-12-31T23:59", "2025-11-08" };
  const char *bad[] = {
    "1899-12-31", "2200-01-01", "9995-11-08", "9990-12-31", "0001-01-01",
    "0001-01-01T00:00", "9999-12-31",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      EbbWhen when;

      g_assert_true (ebb_when_parse (good[i], &when, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = NULL;
      EbbWhen when = { 0, 0 };

      g_test_message ("parsing “%s”", bad[i]);
      g_assert_false (ebb_when_parse (bad[i], &when, &error));
      g_assert_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_IMPLAUSIBLE);
      expected = g_strdup_printf ("“%s” is not a plausible date: use a year from 1900 to 2199", bad[i]);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_cmpint (when.day, ==, 0);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (ebb_date_parse_day ("9990-12-31", &error), ==, 0);
    g_assert_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_IMPLAUSIBLE);
    g_assert_cmpstr (error->message, ==, "“9990-12-31” is not a plausible date: use a year from 1900 to 2199");
  }
  g_assert_cmpint (ebb_date_parse_day ("1900-01-01", NULL), ==, ebb_date_from_ymd (1900, 1, 1));
  g_assert_cmpint (ebb_date_parse_day ("2199-12-31", NULL), ==, ebb_date_from_ymd (2199, 12, 31));
}

/* A column shifted by one puts patient data where a date belongs: the
 * message quotes only a short, clean start of it. */
static void
test_message_excerpt (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) day_error = NULL;
  EbbWhen when;

  g_assert_false (ebb_when_parse ("Jane Doe born 1970 HIV+", &when, &error));
  g_assert_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "“Jane Doe born 19…” is not a valid date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM");

  g_assert_cmpint (ebb_date_parse_day ("\x1b]0;pwned\x07", &day_error), ==, 0);
  g_assert_cmpstr (day_error->message, ==,
                   "“\xef\xbf\xbd]0;pwned\xef\xbf\xbd” is not a valid date: use YYYY-MM-DD");
}

static void
test_day_counts (void)
{
  /* Whole calendar days, across a month end and a leap day. */
  g_assert_cmpint (ebb_date_from_ymd (2026, 3, 16) - ebb_date_from_ymd (2026, 3, 12), ==, 4);
  g_assert_cmpint (ebb_date_from_ymd (2024, 3, 1) - ebb_date_from_ymd (2024, 2, 28), ==, 2);
  g_assert_cmpint (ebb_date_from_ymd (2027, 1, 1) - ebb_date_from_ymd (2026, 12, 31), ==, 1);
}

/* Days are GDate's Julian days, worked out without a GDate: every day of
 * years 1 to 9999 each way, and which days of each month exist. */
static void
test_days_as_gdate (void)
{
  GDate date;
  guint32 last;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 9999);
  last = g_date_get_julian (&date);
  for (guint32 julian = 1; julian <= last; julian++)
    {
      int y, m, d;

      g_date_set_julian (&date, julian);
      ebb_date_to_ymd ((gint32) julian, &y, &m, &d);
      if (y != g_date_get_year (&date) || m != (int) g_date_get_month (&date) || d != g_date_get_day (&date))
        g_error ("day %u: %04d-%02d-%02d, GDate %04d-%02d-%02d", julian, y, m, d,
                 g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
      if (ebb_date_from_ymd (y, m, d) != (gint32) julian)
        g_error ("%04d-%02d-%02d: day %d, GDate %u", y, m, d, ebb_date_from_ymd (y, m, d), julian);
    }

  for (int y = 1; y <= 9999; y++)
    for (int m = 1; m <= 12; m++)
      for (int d = 27; d <= 32; d++)
        g_assert_cmpint (ebb_date_from_ymd (y, m, d) != 0, ==, g_date_valid_dmy (d, m, y));
  g_assert_cmpint (ebb_date_from_ymd (0, 12, 31), ==, 0);
  g_assert_cmpint (ebb_date_from_ymd (10000, 1, 1), ==, 0);
  g_assert_cmpint (ebb_date_from_ymd (2026, 0, 1), ==, 0);
  g_assert_cmpint (ebb_date_from_ymd (2026, 13, 1), ==, 0);
  g_assert_cmpint (ebb_date_from_ymd (2026, 1, 0), ==, 0);
}

static void
test_compare (void)
{
  EbbWhen day, morning, noon;

  ebb_when_parse ("2026-03-02", &day, NULL);
  ebb_when_parse ("2026-03-02T09:00", &morning, NULL);
  ebb_when_parse ("2026-03-02T12:00", &noon, NULL);

  g_assert_cmpint (ebb_when_compare (&morning, &noon), <, 0);
  g_assert_cmpint (ebb_when_compare (&noon, &morning), >, 0);
  /* A date without a time is not ordered against a time on that day. */
  g_assert_cmpint (ebb_when_compare (&day, &noon), ==, 0);
}

static void
test_format_roundtrip (void)
{
  g_autofree char *text = ebb_date_format (ebb_date_from_ymd (2026, 11, 8));
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (text, ==, "2026-11-08");
  g_assert_cmpint (ebb_date_parse_day ("2026-11-08", NULL), ==, ebb_date_from_ymd (2026, 11, 8));
  g_assert_cmpint (ebb_date_parse_day ("2026-11-08T10:00", &error), ==, 0);
  g_assert_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/parse-valid", test_parse_valid);
  g_test_add_func ("/date/parse-invalid", test_parse_invalid);
  g_test_add_func ("/date/parse-zone-refused", test_parse_zone_refused);
  g_test_add_func ("/date/parse-implausible", test_parse_implausible);
  g_test_add_func ("/date/message-excerpt", test_message_excerpt);
  g_test_add_func ("/date/day-counts", test_day_counts);
  g_test_add_func ("/date/days-as-gdate", test_days_as_gdate);
  g_test_add_func ("/date/compare", test_compare);
  g_test_add_func ("/date/format", test_format_roundtrip);

  return g_test_run ();
}
