/* ebb-demo.h — a synthetic demo clinic, made from a fixed seed
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every patient, name and rating made here is invented.  The demo clinic
 * is for trying Ebb out, for screenshots and for the benchmark; it must
 * never be mistaken for clinical data, so every patient is named
 * "Synthetic Patient NN" and carries EBB_DEMO_NOTES in its notes.
 */
#pragma once

#include <glib.h>

#include "ebb-import.h"
#include "ebb-patient.h"

G_BEGIN_DECLS

#define EBB_DEMO_ERROR (ebb_demo_error_quark ())

typedef enum
{
  EBB_DEMO_ERROR_NOT_EBB,    /* a file that is not an Ebb database is in the way: it was left alone */
  EBB_DEMO_ERROR_NOT_DEMO,   /* an Ebb clinic with real (not synthetic) patients is in the way */
  EBB_DEMO_ERROR_FAILED,     /* the demo could not be written or imported */
} EbbDemoError;

/* What the notes of every demo patient begin with: it is how a demo
 * database is told from a clinic's own. */
#define EBB_DEMO_NOTES "Synthetic demo data"

#define EBB_DEMO_DEFAULT_PATIENTS 16
#define EBB_DEMO_DEFAULT_SEED     20260214
#define EBB_DEMO_DEFAULT_YEARS    2

typedef struct
{
  guint   n_patients;  /* how many patients; 0 means EBB_DEMO_DEFAULT_PATIENTS */
  guint32 seed;        /* the same seed (and the rest) gives byte-identical files */
  gint32  today;       /* the as-of day (EbbWhen.day): done sessions and ratings
                        * end before it, the next sessions are booked after it */
  guint   years;       /* treatment starts are spread over this many years
                        * before today; 0 means EBB_DEMO_DEFAULT_YEARS */
} EbbDemoOptions;

GQuark   ebb_demo_error_quark      (void);

void     ebb_demo_options_init     (EbbDemoOptions        *options,
                                    gint32                 today);

void     ebb_demo_write_csv        (const EbbDemoOptions  *options,
                                    GString               *patients,
                                    GString               *sessions,
                                    GString               *scores);

gboolean ebb_demo_is_demo_patient  (const EbbPatient      *patient);

gboolean ebb_demo_check_replaceable (const char           *path,
                                    GError               **error);

gboolean ebb_demo_create_full      (const char            *path,
                                    const EbbDemoOptions  *options,
                                    EbbImportStats        *stats,
                                    GError               **error);

gboolean ebb_demo_create           (const char            *path,
                                    gint32                 today,
                                    GError               **error);

G_END_DECLS
