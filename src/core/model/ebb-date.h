/* ebb-date.h — ISO 8601 dates and date-times as the clinical rules use them
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EBB_DATE_ERROR (ebb_date_error_quark ())

typedef enum
{
  EBB_DATE_ERROR_INVALID,      /* not a date written as Ebb reads them */
  EBB_DATE_ERROR_IMPLAUSIBLE,  /* a real date, but outside the years below */
  EBB_DATE_ERROR_TIME_ZONE,    /* a time with a zone: Ebb keeps the clinic's local time */
} EbbDateError;

/* The years a date typed, imported or given on the command line may have
 * (see ebb_when_parse()). */
#define EBB_DATE_YEAR_MIN 1900
#define EBB_DATE_YEAR_MAX 2199

/* A point in time as written by the clinic.  Ordering works on the local
 * calendar day and, when the text carries one, the clock time, both in
 * the clinic's local time: a time with a zone is refused (see
 * ebb_when_parse()). */
typedef struct
{
  gint32 day;     /* days since 0001-01-01 (GDate Julian day), > 0 when valid */
  gint32 second;  /* seconds since midnight, or -1 when only a date was given */
} EbbWhen;

#define EBB_WHEN_HAS_TIME(w) ((w)->second >= 0)

GQuark    ebb_date_error_quark      (void);
gboolean  ebb_when_parse            (const char    *text,
                                     EbbWhen       *when,
                                     GError       **error);
int       ebb_when_compare          (const EbbWhen *a,
                                     const EbbWhen *b);
gint32    ebb_date_parse_day        (const char    *text,
                                     GError       **error);
gint32    ebb_date_from_ymd         (int            year,
                                     int            month,
                                     int            day);
void      ebb_date_to_ymd           (gint32         day,
                                     int           *year,
                                     int           *month,
                                     int           *mday);
char     *ebb_date_format           (gint32         day);
char     *ebb_date_format_for_people (gint32        day,
                                     gint32         today);
gint32    ebb_date_today            (void);

G_END_DECLS
