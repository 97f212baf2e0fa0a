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

/* The backend a test program's clinics live on: a file (the default),
 * or with EBB_TEST_BACKEND=server a database of their own on the test
 * server whose administrator's URI is EBB_TEST_SERVER. */
gboolean    ebb_test_on_server     (void);
/* For main(), before g_test_init(): on the server backend without a
 * server, the whole program is skipped (a TAP "1..0 # SKIP" with --tap,
 * exit status 77 without). */
void        ebb_test_init_backend  (int              argc,
                                    char           **argv);

/* A folder of its own, removed with everything in it, and the location
 * of a clinic: on a file, the path of a database in that folder, not yet
 * created; on the server, the postgresql:// URI of a new database with
 * an empty clinic (ebb_server_init()), dropped at the end: a GTest
 * fixture. */
typedef struct
{
  char *dir;
  char *path;       /* dir/clinic.db, or the server database's URI */
  char *database;   /* on the server: the database's name; else NULL */
  GPtrArray *others;   /* ebb_test_clinic_add_other()'s databases */
} EbbTestClinic;

void        ebb_test_clinic_set_up     (EbbTestClinic  *clinic,
                                        gconstpointer   data);
void        ebb_test_clinic_tear_down  (EbbTestClinic  *clinic,
                                        gconstpointer   data);
/* A clinic (above) with a store open on it, created: a GTest fixture for
 * the programs that run on both backends. */
typedef struct
{
  EbbTestClinic    clinic;
  struct _EbbStore *store;
} EbbTestStoreFixture;

void        ebb_test_store_fixture_set_up    (EbbTestStoreFixture *f,
                                              gconstpointer        data);
void        ebb_test_store_fixture_tear_down (EbbTestStoreFixture *f,
                                              gconstpointer        data);
/* The location of a second clinic beside @clinic, on the same backend:
 * on a file, @name in the fixture's folder, not yet created; on the
 * server, the URI of another new database with an empty clinic.  Removed
 * or dropped with @clinic. */
char       *ebb_test_clinic_add_other  (EbbTestClinic  *clinic,
                                        const char     *name);
/* The URI of @database on the test server (EBB_TEST_SERVER's host and
 * port), as @user, or as the server's administrator when %NULL. */
char       *ebb_test_server_uri        (const char     *database,
                                        const char     *user);
/* Who the audit trail of the clinic at @location names: this program's
 * user for a file, the database user for a server clinic (its trigger
 * writes session_user). */
char       *ebb_test_audit_user_name   (const char     *location);

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
/* Records stored with EbbStore (@store), each asserted to be stored: a
 * patient (its id returned); a rating on @day; a session on @day, by IV
 * at 35 mg in the induction phase. */
gint64      ebb_test_store_patient   (gpointer          store,
                                      const char       *code,
                                      const char       *name);
void        ebb_test_store_rating    (gpointer          store,
                                      gint64            patient_id,
                                      gint32            day,
                                      const char       *scale,
                                      int               total);
void        ebb_test_store_session   (gpointer          store,
                                      gint64            patient_id,
                                      gint32            day,
                                      EbbSessionStatus  status);
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

/* Runs @sql (a command, no rows) as the test server's administrator,
 * on its own database (EBB_TEST_SERVER); its notices ignored. */
void        ebb_test_server_admin_exec (const char    *sql);

/* Runs ebb-cli (EBB_CLI) with `--db @db` and the arguments after @err
 * (NULL-terminated), in the folder @cwd (%NULL: this one); its exit
 * status, and what it wrote to *@out and *@err. */
int         ebb_test_run_cli         (const char      *cwd,
                                      const char      *db,
                                      char           **out,
                                      char           **err,
                                      ...) G_GNUC_NULL_TERMINATED;

/* A clinic file read and written with SQL alone, below EbbStore: the
 * schema migrations' tests build older files with it.  Given a
 * postgresql:// location (ebb_test_clinic_set_up() on the server), exec,
 * text and int send the SQL to that database instead, in a connection of
 * their own. */
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
