/* ebb-test-utils.h — helpers every test program shares
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ebb-patient.h"
#include "ebb-rating.h"
#include "ebb-session.h"

G_BEGIN_DECLS

void        ebb_test_remove_tree  (const char       *path);
/* The rules' example clinic (EBB_EXAMPLES_DIR), imported whole */
void        ebb_test_import_examples (gpointer        store);

/* A folder of its own, removed with everything in it, and the path of a
 * clinic database in it, not yet created: a GTest fixture. */
typedef struct
{
  char *dir;
  char *path;   /* dir/clinic.db */
} EbbTestClinic;

void        ebb_test_clinic_set_up     (EbbTestClinic  *clinic,
                                        gconstpointer   data);
void        ebb_test_clinic_tear_down  (EbbTestClinic  *clinic,
                                        gconstpointer   data);

/* One patient (id 1, "K-0001") and its rows, in memory: a GTest fixture. */
typedef struct
{
  EbbPatient *patient;
  GPtrArray  *sessions;   /* EbbSession */
  GPtrArray  *ratings;     /* EbbRating */
} EbbTestRecords;

void        ebb_test_records_set_up    (EbbTestRecords *records,
                                        gconstpointer   data);
void        ebb_test_records_tear_down (EbbTestRecords *records,
                                        gconstpointer   data);

/* Rows of patient 1 built in memory, numbered in the order added. */
EbbSession *ebb_test_add_session  (GPtrArray        *sessions,
                                   const char       *when,
                                   EbbSessionStatus  status,
                                   EbbPhase          phase);
EbbRating  *ebb_test_add_rating   (GPtrArray        *ratings,
                                   const char       *when,
                                   const char       *scale,
                                   int               total);

/* A session's readings in memory, as the store would give them: a
 * reading before dosing of @before_systolic/@before_diastolic and one
 * after of @after_systolic/@after_diastolic, each left out when 0. */
void        ebb_test_set_pressures (EbbSession      *session,
                                    int              before_systolic,
                                    int              before_diastolic,
                                    int              after_systolic,
                                    int              after_diastolic);
/* The same two readings stored for the session @session_id. */
void        ebb_test_store_pressures (gpointer       store,
                                      gint64         session_id,
                                      int            before_systolic,
                                      int            before_diastolic,
                                      int            after_systolic,
                                      int            after_diastolic);
/* The last pressure before dosing and the highest after, as 4 numbers
 * (0 where there is none). */
void        ebb_test_get_pressures (const EbbSession *session,
                                    int               out[4]);

/* A clinic file read and written with SQL alone, below EbbStore: the
 * schema migrations' tests build older files with it. */
typedef struct sqlite3 sqlite3;

sqlite3    *ebb_test_sql_open        (const char      *path);
void        ebb_test_sql_exec        (const char      *path,
                                      const char      *sql);
char       *ebb_test_sql_text        (const char      *path,
                                      const char      *sql);
gint64      ebb_test_sql_int         (const char      *path,
                                      const char      *sql);
/* The problems ebb_store_check() finds in the file, as one string: "" when none */
char       *ebb_test_check_problems  (const char      *path);

G_END_DECLS
