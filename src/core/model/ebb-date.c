/* ebb-date.c — ISO 8601 dates and date-times as the clinical rules use them
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-date"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-csv.h"
#include "ebb-date.h"

G_DEFINE_QUARK (ebb-date-error-quark, ebb_date_error)

static gboolean
read_digits (const char **p,
             guint        n,
             int         *value)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *value = v;
  return TRUE;
}

/* Whether @p is exactly a zone: Z, ±HH, ±HHMM or ±HH:MM. */
static gboolean
is_zone (const char *p)
{
  int hh, mm;

  if (*p == 'Z' || *p == 'z')
    return p[1] == '\0';
  if (*p != '+' && *p != '-')
    return FALSE;
  p++;
  if (!read_digits (&p, 2, &hh) || hh > 23)
    return FALSE;
  if (*p == ':')
    p++;
  if (g_ascii_isdigit (*p) && (!read_digits (&p, 2, &mm) || mm > 59))
    return FALSE;
  return *p == '\0';
}

/* Days are GDate's Julian days (1 is 1 January of year 1, in the
 * Gregorian calendar carried back), worked out here rather than through
 * a GDate: an import turns two dates a row into days and back, and the
 * GDate calls were 2 % of it.  The arithmetic counts from 1 March of
 * year 0, so that a leap day ends its year (H. Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms"); tests/test-date.c checks every day of
 * years 1 to 9999 against GDate. */
#define DAYS_FROM_MARCH_0_TO_DAY_0 305   /* 1 March of year 0 to 31 December 0 */
#define DAYS_PER_400_YEARS 146097

static gboolean
is_leap_year (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

gint32
ebb_date_from_ymd (int year,
                   int month,
                   int day)
{
  static const guint8 days_in_month[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int y, era, year_of_era, day_of_year, day_of_era;

  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month[month - 1] + (month == 2 && is_leap_year (year)))
    return 0;

  y = year - (month <= 2);
  era = y / 400;
  year_of_era = y - era * 400;
  day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return (gint32) (era * DAYS_PER_400_YEARS + day_of_era - DAYS_FROM_MARCH_0_TO_DAY_0);
}

void
ebb_date_to_ymd (gint32  day,
                 int    *year,
                 int    *month,
                 int    *mday)
{
  gint32 from_march_0, era, day_of_era, year_of_era, day_of_year, shifted_month;
  int m;

  g_return_if_fail (day > 0);

  from_march_0 = day + DAYS_FROM_MARCH_0_TO_DAY_0;
  era = from_march_0 / DAYS_PER_400_YEARS;
  day_of_era = from_march_0 - era * DAYS_PER_400_YEARS;
  year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  shifted_month = (5 * day_of_year + 2) / 153;
  m = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  if (year)
    *year = year_of_era + era * 400 + (m <= 2);
  if (month)
    *month = m;
  if (mday)
    *mday = day_of_year - (153 * shifted_month + 2) / 5 + 1;
}

/* Why 1900 to 2199: no record of a clinic that treats people alive today
 * predates 1900 (also the earliest birth year the store takes), and
 * nothing is booked two centuries ahead.  A date outside is a slip of the
 * keys: 9995 for 2025, 0001-01-01 for an empty cell, 20255 for 2025.  Such
 * a date once reached the chart, whose axis then spanned eight thousand
 * years; refused where it is typed, it can reach nothing.  The range
 * keeps every date in four digits, and days counted from any of them
 * (a projection, a recall window) far inside what GDate can hold. */
static gboolean
check_plausible (const char  *text,
                 int          year,
                 GError     **error)
{
  if (year >= EBB_DATE_YEAR_MIN && year <= EBB_DATE_YEAR_MAX)
    return TRUE;

  {
    g_autofree char *excerpt = ebb_csv_excerpt (text);

    g_set_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_IMPLAUSIBLE,
                 /* Translators: “9995-11-08” is not a plausible date: use a year
                  * from 1900 to 2199 */
                 _("“%s” is not a plausible date: use a year from %d to %d"),
                 excerpt, EBB_DATE_YEAR_MIN, EBB_DATE_YEAR_MAX);
  }
  return FALSE;
}

static void
set_invalid_error (GError     **error,
                   const char  *text,
                   gboolean     time_allowed)
{
  g_autofree char *excerpt = NULL;

  if (error == NULL)
    return;
  /* A shifted column can put a whole cell of patient data here: quote
   * only its start. */
  excerpt = ebb_csv_excerpt (text);
  if (time_allowed)
    g_set_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_INVALID,
                 /* Translators: YYYY-MM-DD and YYYY-MM-DDTHH:MM are the formats
                  * typed, ISO 8601: keep them as they are */
                 _("“%s” is not a valid date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM"),
                 excerpt);
  else
    g_set_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_INVALID,
                 /* Translators: keep YYYY-MM-DD, the format typed, as it is */
                 _("“%s” is not a valid date: use YYYY-MM-DD"), excerpt);
}

/**
 * ebb_when_parse:
 * @text: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, optionally with `:SS`
 * @when: (out): where to store the parsed value
 * @error: set to %EBB_DATE_ERROR_INVALID when @text is not such a date,
 *   to %EBB_DATE_ERROR_IMPLAUSIBLE when its year is not from
 *   %EBB_DATE_YEAR_MIN to %EBB_DATE_YEAR_MAX, or to
 *   %EBB_DATE_ERROR_TIME_ZONE when its time has a zone
 *
 * Every date that enters Ebb (a dialog, an import, the command line, the
 * store's API) passes here, so the checks are in one place.
 *
 * A time is the clinic's local time, as people read it on the chart: one
 * with a zone (`Z`, `+01:00`, `-0800`) is refused, not converted.  Once a
 * zone was accepted and dropped, and `2026-11-20T03:00Z` and
 * `2026-11-19T19:00-08:00`, one moment, landed on two days; converting it
 * instead would store a time no one in the clinic wrote.
 *
 * Returns: %TRUE when @text is a valid and plausible calendar date (and time).
 */
gboolean
ebb_when_parse (const char  *text,
                EbbWhen     *when,
                GError     **error)
{
  const char *p = text;
  int y, m, d, hh = 0, mm = 0, ss = 0;
  gint32 day;
  gint32 second = -1;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (when != NULL, FALSE);

  if (!read_digits (&p, 4, &y) || *p++ != '-' ||
      !read_digits (&p, 2, &m) || *p++ != '-' ||
      !read_digits (&p, 2, &d))
    goto invalid;

  day = ebb_date_from_ymd (y, m, d);
  if (day == 0)
    goto invalid;

  if (*p == 'T' || *p == ' ')
    {
      p++;
      if (!read_digits (&p, 2, &hh) || *p++ != ':' || !read_digits (&p, 2, &mm))
        goto invalid;
      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, &ss))
            goto invalid;
          /* Fractions of a second are accepted and ignored. */
          if (*p == '.' || *p == ',')
            {
              p++;
              if (!g_ascii_isdigit (*p))
                goto invalid;
              while (g_ascii_isdigit (*p))
                p++;
            }
        }
      if (hh > 23 || mm > 59 || ss > 60)
        goto invalid;
      second = hh * 3600 + mm * 60 + MIN (ss, 59);
      if (*p != '\0' && is_zone (p))
        {
          if (error != NULL)
            {
              g_autofree char *excerpt = ebb_csv_excerpt (text);

              /* The zone is named apart: the excerpt may stop short of it. */
              g_set_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_TIME_ZONE,
                           /* Translators: “2026-11-20T03:00Z” has a time zone (Z): …;
                            * keep YYYY-MM-DDTHH:MM as it is */
                           _("“%s” has a time zone (%s): give the clinic's local time without a "
                             "zone, as YYYY-MM-DDTHH:MM"), excerpt, p);
            }
          return FALSE;
        }
    }

  if (*p != '\0')
    goto invalid;
  if (!check_plausible (text, y, error))
    return FALSE;

  when->day = day;
  when->second = second;
  return TRUE;

invalid:
  set_invalid_error (error, text, TRUE);
  return FALSE;
}

/* Parses a plain date (a time, if present, is not allowed): used for
 * --as-of and date ranges, where a day is what the user means. */
gint32
ebb_date_parse_day (const char  *text,
                    GError     **error)
{
  EbbWhen when;
  GError *local_error = NULL;

  g_return_val_if_fail (text != NULL, 0);

  if (strlen (text) != 10)
    {
      set_invalid_error (error, text, FALSE);
      return 0;
    }
  if (!ebb_when_parse (text, &when, &local_error))
    {
      if (g_error_matches (local_error, EBB_DATE_ERROR, EBB_DATE_ERROR_IMPLAUSIBLE))
        g_propagate_error (error, local_error);
      else
        {
          g_error_free (local_error);
          set_invalid_error (error, text, FALSE);
        }
      return 0;
    }
  return when.day;
}

/**
 * ebb_when_compare:
 *
 * Orders by calendar day, then by time of day when both carry one.  Two
 * values on the same day of which one has no time compare equal: which
 * comes first is then for the caller's rule to decide (see the pre-dose
 * rule in ebb-trajectory.c).
 */
int
ebb_when_compare (const EbbWhen *a,
                  const EbbWhen *b)
{
  if (a->day != b->day)
    return a->day < b->day ? -1 : 1;
  if (EBB_WHEN_HAS_TIME (a) && EBB_WHEN_HAS_TIME (b) && a->second != b->second)
    return a->second < b->second ? -1 : 1;
  return 0;
}

char *
ebb_date_format (gint32 day)
{
  int y, m, d;

  g_return_val_if_fail (day > 0, NULL);

  char *text;

  ebb_date_to_ymd (day, &y, &m, &d);
  if (y > 9999)
    return g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  /* Every flag's sentence formats two or three dates: no printf. */
  text = g_malloc (11);
  text[0] = (char) ('0' + y / 1000);
  text[1] = (char) ('0' + y / 100 % 10);
  text[2] = (char) ('0' + y / 10 % 10);
  text[3] = (char) ('0' + y % 10);
  text[4] = '-';
  text[5] = (char) ('0' + m / 10);
  text[6] = (char) ('0' + m % 10);
  text[7] = '-';
  text[8] = (char) ('0' + d / 10);
  text[9] = (char) ('0' + d % 10);
  text[10] = '\0';
  return text;
}

gint32
ebb_date_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return ebb_date_from_ymd (g_date_time_get_year (now),
                            g_date_time_get_month (now),
                            g_date_time_get_day_of_month (now));
}

/**
 * ebb_date_format_for_people:
 * @today: the day it is read on, to leave out this year
 *
 * Returns: (transfer full): @day as people read it in their language:
 *   "Tue 24 Nov", with the year when it is not this year's
 */
char *
ebb_date_format_for_people (gint32 day,
                            gint32 today)
{
  int y, m, d, this_year, tm, td;
  g_autoptr(GDateTime) date = NULL;

  g_return_val_if_fail (day > 0, NULL);

  ebb_date_to_ymd (day, &y, &m, &d);
  ebb_date_to_ymd (today > 0 ? today : day, &this_year, &tm, &td);
  date = g_date_time_new_local (y, m, d, 12, 0, 0);
  if (date == NULL)
    return ebb_date_format (day);
  /* Translators: a date as strftime() writes it; with and without the year */
  return g_date_time_format (date, y == this_year ? _("%a %-d %b") : _("%a %-d %b %Y"));
}
