/* ebb-reading.h — one reading of vital signs during a session
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The bounds a reading's values are checked against: they catch slips of
 * the keys, not clinical judgement. */
#define EBB_READING_SYSTOLIC_MIN    50
#define EBB_READING_SYSTOLIC_MAX    300
#define EBB_READING_DIASTOLIC_MIN   20
#define EBB_READING_DIASTOLIC_MAX   200
#define EBB_READING_PULSE_PRESSURE_MAX 200   /* systolic less diastolic */
#define EBB_READING_HEART_RATE_MIN  20
#define EBB_READING_HEART_RATE_MAX  250
#define EBB_READING_SPO2_MIN        50
#define EBB_READING_SPO2_MAX        100

/* A reading belongs to one session and is taken on that session's day:
 * its time is a clock time on that day, so a session moved to another day
 * takes its readings with it. */
struct _EbbReading
{
  gint64    id;            /* row id, 0 until stored */
  gint64    session_id;
  gint64    patient_id;    /* the session's patient: set by the store */
  gint32    time;          /* seconds since midnight of the session's day, -1 when not recorded */
  gboolean  pre_dose;      /* taken before dosing */
  int       systolic;      /* mmHg, 0 when not recorded (then diastolic is 0 too) */
  int       diastolic;
  int       heart_rate;    /* beats a minute, 0 when not recorded */
  int       spo2;          /* oxygen saturation in %, 0 when not recorded */
  char     *note;          /* or NULL */
};

typedef struct _EbbReading EbbReading;

EbbReading *ebb_reading_new            (void);
EbbReading *ebb_reading_copy           (const EbbReading *reading);
void        ebb_reading_free           (EbbReading       *reading);
gboolean    ebb_reading_has_pressure   (const EbbReading *reading);
gboolean    ebb_reading_check          (const EbbReading *reading,
                                        GError          **error);
gboolean    ebb_pressure_check         (int               systolic,
                                        int               diastolic,
                                        GError          **error);
gboolean    ebb_pressure_parse         (const char       *text,
                                        int              *systolic,
                                        int              *diastolic,
                                        GError          **error);
int         ebb_reading_compare        (const EbbReading *a,
                                        const EbbReading *b);

#define EBB_READING_ERROR (ebb_reading_error_quark ())

typedef enum
{
  EBB_READING_ERROR_INVALID,
} EbbReadingError;

GQuark      ebb_reading_error_quark    (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbReading, ebb_reading_free)

G_END_DECLS
