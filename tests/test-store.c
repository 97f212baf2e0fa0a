/* test-store.c — the clinic database: opening, schema, changes, audit, backup
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works in its own temporary folder.  Files are prepared and
 * inspected with SQLite directly, so the store is checked against the
 * file itself and not only against its own reading of it.  Expected
 * values are written by hand.  With EBB_TEST_BACKEND=server the tests
 * that are not about the file run again on a clinic server
 * (ebb-test-utils.h), their counts read with a connection of their own.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>
#include <sqlite3.h>

#include "ebb-date.h"
#include "ebb-scale.h"
#include "ebb-server.h"
#include "ebb-store.h"
#include "ebb-store-private.h"
#include "ebb-test-utils.h"

/* Schema version 1 as released, frozen here so that the migration from it
 * is tested against the real thing and not against today's code. */
static const char schema_v1[] =
  "CREATE TABLE patient ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE CHECK (length (trim (code)) > 0),"
  "  name TEXT NOT NULL DEFAULT '',"
  "  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),"
  "  preferred_scale TEXT,"
  "  notes TEXT,"
  "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))"
  ");"
  "CREATE TABLE session ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  status TEXT NOT NULL CHECK (status IN ('scheduled', 'done', 'cancelled', 'missed')),"
  "  phase TEXT NOT NULL CHECK (phase IN ('induction', 'maintenance', 'rescue')),"
  "  route TEXT NOT NULL CHECK (route IN ('iv', 'im', 'intranasal', 'oral', 'sublingual')),"
  "  dose_mg REAL CHECK (dose_mg IS NULL OR dose_mg >= 0),"
  "  bp_before_systolic INTEGER,"
  "  bp_before_diastolic INTEGER,"
  "  bp_after_systolic INTEGER,"
  "  bp_after_diastolic INTEGER,"
  "  note TEXT"
  ");"
  "CREATE TABLE score ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  scale TEXT NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  items TEXT,"
  "  rater TEXT,"
  "  note TEXT"
  ");"
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),"
  "  table_name TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,"
  "  patient_id INTEGER,"
  "  patient_code TEXT,"
  "  \"before\" TEXT,"
  "  \"after\" TEXT"
  ");"
  "PRAGMA user_version = 1;"
  "PRAGMA application_id = 1164075553;";

/* Rows as version 1 of Ebb wrote them.  Day 739312 is 2025-03-02. */
static const char rows_v1[] =
  "INSERT INTO patient VALUES (1, 'K-0007', 'Old Timer', 1960, 'MADRS', 'from v1', 0);"
  "INSERT INTO session VALUES (1, 1, '2025-03-02T09:30', 739312, 34200, 'done', 'induction',"
  "  'iv', 35.0, 130, 85, NULL, NULL, 'first');"
  "INSERT INTO score VALUES (1, 1, '2025-03-02', 739312, NULL, 'MADRS', 32, NULL, 'Dr A', NULL);"
  "INSERT INTO audit VALUES (1, '2025-03-01T08:00:00Z', 'insert', 'patient', 1, 1, 'K-0007',"
  "  NULL, '{\"id\":1}');";

typedef EbbTestClinic Fixture;

/* Helpers */

static gboolean
running_as_root (const char *path)
{
  /* Permission bits do not stop root (nor, say, CAP_DAC_OVERRIDE). */
  return geteuid () == 0 || access (path, W_OK) == 0;
}

static gboolean
exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

static gboolean
sidecar_exists (const char *path,
                const char *suffix)
{
  g_autofree char *sidecar = g_strconcat (path, suffix, NULL);

  return exists (sidecar);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
write_bytes (const char *path,
             const void *data,
             gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static sqlite3 *
sql_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  return db;
}

static void
sql_exec_on (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Runs @sql on @path with a connection of its own, as another program would. */
static void
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = sql_open (path);

  sql_exec_on (db, sql);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* A count read by another connection: on the server backend, to the
 * test's database. */
static gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (ebb_location_is_server (path))
    return ebb_test_sql_int (path, sql);
  db = sql_open (path);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

static char *
sql_text (const char *path,
          const char *sql)
{
  sqlite3 *db = sql_open (path);
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

static EbbStore *
open_new (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  EbbStore *store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gint64
add_patient (EbbStore   *store,
             const char *code,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = ebb_patient_new (code, name);

  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  g_assert_cmpint (patient->id, >, 0);
  return patient->id;
}

static gint64
add_session (EbbStore         *store,
             gint64            patient_id,
             const char       *when,
             EbbSessionStatus  status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbSession) session = ebb_session_new ();

  session->patient_id = patient_id;
  session->when_text = g_strdup (when);
  session->status = status;
  session->phase = EBB_PHASE_INDUCTION;
  session->route = EBB_ROUTE_IV;
  g_assert_true (ebb_store_add_session (store, session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (session->id, >, 0);
  return session->id;
}

static gint64
add_rating (EbbStore   *store,
            gint64      patient_id,
            const char *when,
            const char *scale,
            int         total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbRating) rating = ebb_rating_new ();

  rating->patient_id = patient_id;
  rating->when_text = g_strdup (when);
  rating->scale_id = g_strdup (scale);
  rating->total = total;
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rating->id, >, 0);
  return rating->id;
}

static guint
count_audit (EbbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audit = ebb_store_list_audit (store, 0, &error);

  g_assert_no_error (error);
  return audit->len;
}

static guint
count_patients (EbbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients = ebb_store_list_patients (store, &error);

  g_assert_no_error (error);
  return patients->len;
}

static void
make_v1_file (const char *path)
{
  sqlite3 *db = sql_open (path);

  sql_exec_on (db, schema_v1);
  sql_exec_on (db, rows_v1);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* Opening and creating */

static void
test_default_path (void)
{
  g_autofree char *path = ebb_store_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "ebb", "clinic.db", NULL);

  g_assert_cmpstr (path, ==, expected);
}

static void
test_create_reopen (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-0042", "Jane Doe");
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(EbbSession) bare = ebb_session_new ();
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(EbbReading) before = ebb_reading_new ();
  g_autoptr(EbbReading) after = ebb_reading_new ();
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  static const int items[10] = { 4, 3, 3, 3, 3, 3, 3, 3, 3, 2 };
  const EbbPatient *p;
  const EbbSession *s;
  const EbbRating *c;
  const EbbReading *r;

  g_assert_cmpstr (ebb_store_get_path (store), ==, fixture->path);
  g_assert_false (ebb_store_is_read_only (store));

  patient->birth_year = 1979;
  patient->preferred_scale = g_strdup ("MADRS");
  patient->notes = g_strdup ("Referred by Dr B.");
  patient->archived = TRUE;
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  g_assert_cmpint (patient->id, ==, 1);

  session->patient_id = patient->id;
  g_assert_true (ebb_session_set_when (session, "2026-03-02T09:30", NULL));
  session->status = EBB_SESSION_DONE;
  session->phase = EBB_PHASE_MAINTENANCE;
  session->route = EBB_ROUTE_INTRANASAL;
  session->dose_mg = 84;
  session->note = g_strdup ("tolerated well");
  g_assert_true (ebb_store_add_session (store, session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (session->id, ==, 1);

  /* Added after-dose first: a session lists its readings in time order. */
  after->session_id = session->id;
  after->time = 10 * 3600 + 10 * 60;
  after->systolic = 141;
  after->diastolic = 90;
  after->heart_rate = 88;
  after->spo2 = 97;
  after->note = g_strdup ("40 min");
  g_assert_true (ebb_store_add_reading (store, after, &error));
  g_assert_no_error (error);
  g_assert_cmpint (after->id, ==, 1);
  g_assert_cmpint (after->patient_id, ==, patient->id);
  before->session_id = session->id;
  before->time = 9 * 3600 + 25 * 60;
  before->pre_dose = TRUE;
  before->systolic = 128;
  before->diastolic = 82;
  g_assert_true (ebb_store_add_reading (store, before, &error));
  g_assert_no_error (error);

  bare->patient_id = patient->id;
  bare->when_text = g_strdup ("2026-03-16");
  bare->status = EBB_SESSION_SCHEDULED;
  bare->phase = EBB_PHASE_RESCUE;
  bare->route = EBB_ROUTE_SUBLINGUAL;
  g_assert_true (ebb_store_add_session (store, bare, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bare->id, ==, 2);
  /* The store parses when_text, even when the caller did not. */
  g_assert_cmpint (bare->when.day, ==, ebb_date_from_ymd (2026, 3, 16));
  g_assert_cmpint (bare->when.second, ==, -1);

  rating->patient_id = patient->id;
  rating->when_text = g_strdup ("2026-03-02");
  rating->scale_id = g_strdup ("MADRS");
  rating->total = 30;
  ebb_rating_set_items (rating, items, G_N_ELEMENTS (items));
  rating->rater = g_strdup ("Dr A");
  rating->note = g_strdup ("pre-dose");
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rating->id, ==, 1);

  g_clear_object (&store);
  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  patients = ebb_store_list_patients (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, 1);
  p = g_ptr_array_index (patients, 0);
  g_assert_cmpint (p->id, ==, 1);
  g_assert_cmpstr (p->code, ==, "K-0042");
  g_assert_cmpstr (p->name, ==, "Jane Doe");
  g_assert_cmpint (p->birth_year, ==, 1979);
  g_assert_cmpstr (p->preferred_scale, ==, "MADRS");
  g_assert_cmpstr (p->notes, ==, "Referred by Dr B.");
  g_assert_true (p->archived);

  sessions = ebb_store_list_sessions (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 2);
  s = g_ptr_array_index (sessions, 0);
  g_assert_cmpint (s->id, ==, 1);
  g_assert_cmpint (s->patient_id, ==, 1);
  g_assert_cmpstr (s->when_text, ==, "2026-03-02T09:30");
  g_assert_cmpint (s->when.day, ==, ebb_date_from_ymd (2026, 3, 2));
  g_assert_cmpint (s->when.second, ==, 9 * 3600 + 30 * 60);
  g_assert_cmpint (s->status, ==, EBB_SESSION_DONE);
  g_assert_cmpint (s->phase, ==, EBB_PHASE_MAINTENANCE);
  g_assert_cmpint (s->route, ==, EBB_ROUTE_INTRANASAL);
  g_assert_cmpfloat (s->dose_mg, ==, 84.0);
  g_assert_cmpstr (s->note, ==, "tolerated well");
  g_assert_nonnull (s->readings);
  g_assert_cmpuint (s->readings->len, ==, 2);
  r = g_ptr_array_index (s->readings, 0);
  g_assert_cmpint (r->id, ==, 2);
  g_assert_cmpint (r->session_id, ==, 1);
  g_assert_cmpint (r->patient_id, ==, 1);
  g_assert_cmpint (r->time, ==, 9 * 3600 + 25 * 60);
  g_assert_true (r->pre_dose);
  g_assert_cmpint (r->systolic, ==, 128);
  g_assert_cmpint (r->diastolic, ==, 82);
  g_assert_cmpint (r->heart_rate, ==, 0);
  g_assert_cmpint (r->spo2, ==, 0);
  g_assert_null (r->note);
  r = g_ptr_array_index (s->readings, 1);
  g_assert_cmpint (r->id, ==, 1);
  g_assert_cmpint (r->time, ==, 10 * 3600 + 10 * 60);
  g_assert_false (r->pre_dose);
  g_assert_cmpint (r->systolic, ==, 141);
  g_assert_cmpint (r->diastolic, ==, 90);
  g_assert_cmpint (r->heart_rate, ==, 88);
  g_assert_cmpint (r->spo2, ==, 97);
  g_assert_cmpstr (r->note, ==, "40 min");

  s = g_ptr_array_index (sessions, 1);
  g_assert_cmpint (s->id, ==, 2);
  g_assert_cmpstr (s->when_text, ==, "2026-03-16");
  g_assert_cmpint (s->when.second, ==, -1);
  g_assert_cmpint (s->status, ==, EBB_SESSION_SCHEDULED);
  g_assert_cmpint (s->phase, ==, EBB_PHASE_RESCUE);
  g_assert_cmpint (s->route, ==, EBB_ROUTE_SUBLINGUAL);
  g_assert_cmpfloat (s->dose_mg, <, 0);
  g_assert_cmpuint (s->readings->len, ==, 0);
  g_assert_null (s->note);

  ratings = ebb_store_list_ratings (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 1);
  c = g_ptr_array_index (ratings, 0);
  g_assert_cmpint (c->id, ==, 1);
  g_assert_cmpint (c->patient_id, ==, 1);
  g_assert_cmpstr (c->when_text, ==, "2026-03-02");
  g_assert_cmpint (c->when.day, ==, ebb_date_from_ymd (2026, 3, 2));
  g_assert_cmpint (c->when.second, ==, -1);
  g_assert_cmpstr (c->scale_id, ==, "MADRS");
  g_assert_cmpint (c->total, ==, 30);
  g_assert_cmpmem (c->items, c->n_items * sizeof (int), items, sizeof items);
  g_assert_cmpstr (c->rater, ==, "Dr A");
  g_assert_cmpstr (c->note, ==, "pre-dose");
}

static void
test_file_mode (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *outer = g_build_filename (fixture->dir, "a", NULL);
  g_autofree char *inner = g_build_filename (fixture->dir, "a", "b", NULL);
  g_autofree char *path = g_build_filename (fixture->dir, "a", "b", "clinic.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *journal_mode = NULL;
  mode_t saved_umask;

  /* With no umask at all, a plain creat() would make the file 0666. */
  saved_umask = umask (0);
  store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &error);
  umask (saved_umask);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  g_assert_cmphex (file_mode (outer), ==, 0700);
  g_assert_cmphex (file_mode (inner), ==, 0700);
  g_assert_cmphex (file_mode (path), ==, 0600);

  /* SQLite gives the WAL files the database's mode. */
  add_patient (store, "K-1", "A");
  g_assert_cmphex (file_mode (wal), ==, 0600);
  g_assert_cmphex (file_mode (shm), ==, 0600);
  journal_mode = sql_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_FOUND);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_false (exists (fixture->path));
  g_clear_error (&error);

  /* A file opened read-only is never created. */
  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE | EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_FOUND);
  g_assert_null (store);
  g_assert_false (exists (fixture->path));
}

/* Names that look like SQLite URIs are plain file names to Ebb. */
static void
test_odd_names (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *saved_dir = g_get_current_dir ();
  g_autofree char *odd = g_build_filename (fixture->dir, "file:clinic.db?mode=memory#1", NULL);
  g_autofree char *plain = g_build_filename (fixture->dir, "clinic.db", NULL);
  g_autofree char *spaced = g_build_filename (fixture->dir, "Mes patients %41 é.db", NULL);

  g_assert_cmpint (g_chdir (fixture->dir), ==, 0);
  store = ebb_store_open ("file:clinic.db?mode=memory#1", EBB_STORE_OPEN_CREATE, &error);
  g_assert_cmpint (g_chdir (saved_dir), ==, 0);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  add_patient (store, "K-1", "A");
  g_clear_object (&store);

  g_assert_true (exists (odd));
  g_assert_false (exists (plain));
  g_assert_cmphex (file_mode (odd), ==, 0600);
  g_assert_cmpint (sql_int (odd, "SELECT count(*) FROM patient"), ==, 1);

  store = ebb_store_open (spaced, EBB_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  store = ebb_store_open (spaced, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
}

/* Schema migrations */

static void
test_migrate_new (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_new (fixture);

  g_clear_object (&store);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, EBB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA application_id"), ==, 0x45626221);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
                            " ('patient', 'session', 'rating', 'audit', 'rule_setting', 'decision',"
                            "  'course_end', 'import', 'reading', 'medicine', 'event', 'kept_patients',"
                            "  'import_patients')"), ==, 13);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"), ==, 13);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN"
                            " ('session_patient_time', 'rating_patient_time', 'rating_patient_scale_time',"
                            "  'audit_patient', 'audit_import', 'decision_patient',"
                            "  'course_end_patient_day', 'reading_session_time', 'medicine_patient',"
                            "  'event_patient', 'session_open')"), ==, 11);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                            " AND sql IS NOT NULL"), ==, 11);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN"
                            " ('audit_no_update', 'audit_no_delete', 'audit_no_replace')"), ==, 3);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), ==, 3);

  /* Opening again migrates nothing and changes nothing. */
  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, NULL);
  g_assert_nonnull (store);
  g_assert_cmpuint (count_audit (store), ==, 0);
}

static void
test_migrate_from_v1 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  const EbbPatient *p;
  const EbbSession *s;
  const EbbRating *c;
  const EbbAuditEntry *a;
  sqlite3 *db;

  make_v1_file (fixture->path);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 1);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  patients = ebb_store_list_patients (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, 1);
  p = g_ptr_array_index (patients, 0);
  g_assert_cmpint (p->id, ==, 1);
  g_assert_cmpstr (p->code, ==, "K-0007");
  g_assert_cmpstr (p->name, ==, "Old Timer");
  g_assert_cmpint (p->birth_year, ==, 1960);
  g_assert_cmpstr (p->preferred_scale, ==, "MADRS");
  g_assert_cmpstr (p->notes, ==, "from v1");
  g_assert_false (p->archived);

  sessions = ebb_store_list_sessions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  s = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (s->when_text, ==, "2025-03-02T09:30");
  g_assert_cmpint (s->when.day, ==, ebb_date_from_ymd (2025, 3, 2));
  g_assert_cmpint (s->when.second, ==, 34200);
  g_assert_cmpint (s->status, ==, EBB_SESSION_DONE);
  g_assert_cmpfloat (s->dose_mg, ==, 35.0);
  /* 130/85 before, none after: one reading, before dosing, without a time. */
  g_assert_cmpuint (s->readings->len, ==, 1);
  g_assert_true (((EbbReading *) g_ptr_array_index (s->readings, 0))->pre_dose);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (s->readings, 0))->systolic, ==, 130);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (s->readings, 0))->diastolic, ==, 85);
  g_assert_cmpint (((EbbReading *) g_ptr_array_index (s->readings, 0))->time, ==, -1);
  g_assert_cmpstr (s->note, ==, "first");

  ratings = ebb_store_list_ratings (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 1);
  c = g_ptr_array_index (ratings, 0);
  g_assert_cmpstr (c->scale_id, ==, "MADRS");
  g_assert_cmpint (c->total, ==, 32);
  g_assert_cmpuint (c->n_items, ==, 0);
  g_assert_null (c->items);
  g_assert_cmpstr (c->rater, ==, "Dr A");

  audit = ebb_store_list_audit (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  a = g_ptr_array_index (audit, 0);
  g_assert_cmpstr (a->at, ==, "2025-03-01T08:00:00Z");
  g_assert_cmpstr (a->after, ==, "{\"id\":1}");

  /* New rows go on from the old ones. */
  g_assert_cmpint (add_patient (store, "K-0008", "New"), ==, 2);
  g_clear_object (&store);

  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, EBB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA application_id"), ==, 0x45626221);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE name IN"
                            " ('session_patient_time', 'rating_patient_time', 'rating_patient_scale_time',"
                            "  'audit_patient', 'audit_no_update', 'audit_no_delete')"), ==, 6);
  /* Migration 3 rebuilt two tables: nothing of them is left behind. */
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v3'"), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM audit"), ==, 2);

  db = sql_open (fixture->path);
  /* The old trail is append-only too, after its rebuild. */
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit WHERE id = 1", NULL, NULL, NULL) & 0xff,
                   ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit SET at = '' WHERE id = 1", NULL, NULL, NULL) & 0xff,
                   ==, SQLITE_CONSTRAINT);
  /* The rebuilt tables keep their constraints, and their foreign key. */
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO session (patient_id, when_text, day, status, phase, route)"
                                     " VALUES (1, '2025-03-09', 0, 'maybe', 'induction', 'iv')",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO session (patient_id, when_text, day, status, phase, route)"
                                     " VALUES (1, '2025-03-09', 0, 'done', 'induction', 'nasal')",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO audit (at, action, table_name, row_id)"
                                     " VALUES ('x', 'erase', 'patient', 1)",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON;"
                                     "INSERT INTO session (patient_id, when_text, day, status, phase, route)"
                                     " VALUES (42, '2025-03-09', 0, 'done', 'induction', 'iv')",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO session (patient_id, when_text, day, status, phase, route)"
                                     " VALUES (1, '2025-03-09', 0, 'done', 'induction', 'iv')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* A migration that fails is undone as a whole: the file stays at the
 * version before it, with nothing of the failed step in it. */
static void
test_migrate_failure_is_atomic (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;

  make_v1_file (fixture->path);
  /* Something in the way of migration 2's second index, after its first. */
  sql_exec (fixture->path, "CREATE TABLE score_patient_scale_day (x)");

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "schema 2"));

  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE name = 'session_patient_day'"),
                   ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM patient"), ==, 1);
}

/* Files that are not ours, or not for this version, are left untouched */

static void
test_too_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *expected = NULL;

  add_patient (store, "K-1", "A");
  g_clear_object (&store);
  sql_exec (fixture->path, "PRAGMA user_version = 99");
  before = read_bytes (fixture->path);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_TOO_NEW);
  g_assert_null (store);
  expected = g_strdup_printf ("“%s” was written by a newer version of Ebb (schema 99); "
                              "this version reads up to %d", fixture->path,
                              EBB_STORE_SCHEMA_VERSION);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_TOO_NEW);
  g_assert_null (store);

  after = read_bytes (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 99);
}

static void
test_random_bytes (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260302);
  guint8 noise[8192];

  for (guint i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_rand_int_range (rand, 0, 256);
  write_bytes (fixture->path, noise, sizeof noise);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_clear_error (&error);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB);
  g_assert_null (store);

  after = read_bytes (fixture->path);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), noise, sizeof noise);
  g_assert_false (sidecar_exists (fixture->path, "-wal"));
  g_assert_false (sidecar_exists (fixture->path, "-shm"));
  g_assert_false (sidecar_exists (fixture->path, "-journal"));
}

static void
test_empty_file (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *expected = NULL;
  GStatBuf st;

  write_bytes (fixture->path, "", 0);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB);
  g_assert_null (store);
  expected = g_strdup_printf ("“%s” is empty: it is not an Ebb clinic database", fixture->path);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB);
  g_assert_null (store);

  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);
  g_assert_false (sidecar_exists (fixture->path, "-wal"));
  g_assert_false (sidecar_exists (fixture->path, "-journal"));
}

static void
test_foreign_database (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *journal_mode = NULL;
  struct stat st_before, st_after;

  sql_exec (fixture->path,
            "CREATE TABLE recipes (name TEXT);"
            "INSERT INTO recipes VALUES ('bread');");
  before = read_bytes (fixture->path);
  g_assert_cmpint (stat (fixture->path, &st_before), ==, 0);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "not made by Ebb"));
  g_clear_error (&error);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB);
  g_assert_null (store);

  after = read_bytes (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (stat (fixture->path, &st_after), ==, 0);
  g_assert_cmpint (st_after.st_mtim.tv_sec, ==, st_before.st_mtim.tv_sec);
  g_assert_cmpint (st_after.st_mtim.tv_nsec, ==, st_before.st_mtim.tv_nsec);
  journal_mode = sql_text (fixture->path, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "delete");
  g_assert_false (sidecar_exists (fixture->path, "-wal"));
}

/* A valid SQLite file with nothing in it may become a clinic. */
static void
test_blank_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  GStatBuf st;

  sql_exec (fixture->path, "CREATE TABLE scratch (x); DROP TABLE scratch;");
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
  g_assert_null (store);
  g_clear_error (&error);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_clear_object (&store);
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, EBB_STORE_SCHEMA_VERSION);
}

static void
test_folder (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;

  store = ebb_store_open (fixture->dir, EBB_STORE_OPEN_CREATE, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, fixture->dir));
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree guint8 *damaged = NULL;
  gsize length;

  add_patient (store, "K-1", "A");
  g_clear_object (&store);

  /* Page 1 holds the schema; byte 100 starts its b-tree header. */
  before = read_bytes (fixture->path);
  damaged = g_memdup2 (g_bytes_get_data (before, &length), g_bytes_get_size (before));
  g_assert_cmpuint (length, >, 200);
  memset (damaged + 100, 0xff, 8);
  write_bytes (fixture->path, damaged, length);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "backup"));

  after = read_bytes (fixture->path);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), damaged, length);
}

/* A scan dealt into parts: every patient once, handed back in id order,
 * each part read in a thread of its own, and inside a transaction the
 * changes not yet committed too. */
typedef struct
{
  gint64   id;
  guint    n_ratings;
  GThread *thread;      /* the thread it was read in */
} PatientSeen;

static void
patient_seen_cb (const EbbPatientRecords *records,
                 GPtrArray               *found,
                 gpointer                 user_data)
{
  PatientSeen *seen = g_new0 (PatientSeen, 1);

  seen->id = records->patient->id;
  seen->n_ratings = records->ratings->len;
  seen->thread = g_thread_self ();
  g_ptr_array_add (found, seen);
}

static void
check_parts (EbbStore *store,
             guint     n_parts,
             guint     n_patients,
             guint     n_ratings,
             gboolean  threaded)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GHashTable) threads = g_hash_table_new (NULL, NULL);
  guint total_ratings = 0;
  gint64 previous = 0;

  found = _ebb_store_scan_in_parts (store, n_parts, NULL, patient_seen_cb, NULL, g_free, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, n_patients);
  for (guint i = 0; i < found->len; i++)
    {
      const PatientSeen *seen = g_ptr_array_index (found, i);

      /* Every patient once, in id order, whichever part read it. */
      g_assert_cmpint (seen->id, >, previous);
      previous = seen->id;
      total_ratings += seen->n_ratings;
      g_hash_table_add (threads, seen->thread);
    }
  g_assert_cmpuint (total_ratings, ==, n_ratings);
  /* Part 0 here, the others in threads of their own; one thread only
   * inside a transaction, or with one part. */
  if (!threaded || n_parts == 1)
    {
      g_assert_cmpuint (g_hash_table_size (threads), <=, 1);
      g_assert_true (n_patients == 0 || g_hash_table_contains (threads, g_thread_self ()));
    }
  else if (n_patients >= n_parts)
    {
      /* Ids are consecutive here, so every part has patients. */
      g_assert_cmpuint (g_hash_table_size (threads), ==, n_parts);
    }
}

static void
test_foreach_parallel (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);

  /* An empty clinic: no call, no failure. */
  check_parts (store, 3, 0, 0, TRUE);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *code = g_strdup_printf ("K-%02u", i);
      gint64 id = add_patient (store, code, "A");

      for (guint j = 0; j <= i; j++)
        add_rating (store, id, "2026-03-01", "MADRS", 20);
    }
  check_parts (store, 1, 10, 55, TRUE);
  check_parts (store, 3, 10, 55, TRUE);
  /* More parts than patients. */
  check_parts (store, 16, 10, 55, TRUE);
  /* The scan the rules use: as many parts as it likes, the same result. */
  {
    g_autoptr(GPtrArray) found = ebb_store_scan_for_rules (store, patient_seen_cb, NULL, g_free, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 10);
  }

  /* Inside a transaction the parts are read on this connection, which
   * sees what is not committed yet. */
  g_assert_true (ebb_store_begin (store, &error));
  g_assert_no_error (error);
  add_rating (store, add_patient (store, "K-99", "B"), "2026-03-02", "MADRS", 10);
  check_parts (store, 3, 11, 56, FALSE);
  ebb_store_rollback (store);
  check_parts (store, 3, 10, 55, TRUE);
}

/* Item values as stored: what ebb_rating_items_to_string() writes is read
 * back, by the full reader and by the rules scan alike; anything else in
 * the column is a row Ebb cannot read, named as such. */
static void
keep_ratings_cb (const EbbPatientRecords *records,
                 gpointer                 user_data)
{
  GPtrArray *kept = user_data;

  g_ptr_array_add (kept, g_ptr_array_ref (records->ratings));
}

static void
test_stored_items (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct
  {
    const char *text;
    guint       n_items;   /* 0 and no last: unreadable */
    int         last;
  } cases[] = {
    { "0 1 2 3 4 5 6 6 6 6", 10, 6 },
    { "-1 2147483647", 2, 2147483647 },
    { "-2147483648", 1, -2147483648 },
    { "7", 1, 7 },
    { "1  2", 0, 0 },
    { " 1", 0, 0 },
    { "1 ", 0, 0 },
    { "+1", 0, 0 },
    { "1 x", 0, 0 },
    { "2147483648", 0, 0 },
    { "00000000001", 0, 0 },
    { "-", 0, 0 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EbbStore) store = open_new (fixture);
      g_autoptr(GPtrArray) ratings = NULL;
      g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      g_autofree char *sql = NULL;
      gint64 id = add_patient (store, "K-1", "A");
      gint64 rating_id = add_rating (store, id, "2026-03-01", "MADRS", 20);
      gboolean scanned;

      g_clear_object (&store);
      sql = g_strdup_printf ("UPDATE rating SET items = '%s' WHERE id = %" G_GINT64_FORMAT,
                             cases[c].text, rating_id);
      sql_exec (fixture->path, sql);
      store = ebb_store_open (fixture->path, EBB_STORE_OPEN_READ_ONLY, &error);
      g_assert_no_error (error);

      ratings = ebb_store_list_ratings (store, id, &error);
      scanned = ebb_store_foreach_patient_for_rules (store, keep_ratings_cb, kept,
                                                     error == NULL ? &error : NULL);
      if (cases[c].n_items == 0)
        {
          g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT);
          g_assert_null (ratings);
          g_assert_false (scanned);
        }
      else
        {
          const EbbRating *full, *lean;

          g_assert_no_error (error);
          g_assert_true (scanned);
          full = g_ptr_array_index (ratings, 0);
          g_assert_cmpuint (kept->len, ==, 1);
          lean = g_ptr_array_index ((GPtrArray *) g_ptr_array_index (kept, 0), 0);
          g_assert_cmpuint (full->n_items, ==, cases[c].n_items);
          g_assert_cmpint (full->items[full->n_items - 1], ==, cases[c].last);
          g_assert_cmpuint (lean->n_items, ==, cases[c].n_items);
          g_assert_cmpmem (lean->items, lean->n_items * sizeof (int), full->items, full->n_items * sizeof (int));
        }
      g_clear_object (&store);
      ebb_test_remove_tree (fixture->path);
      {
        g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
        g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);

        ebb_test_remove_tree (wal);
        ebb_test_remove_tree (shm);
      }
    }
}

/* Another program holding the file */

static void
test_locked_open (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autofree char *expected = NULL;
  sqlite3 *other;

  add_patient (store, "K-1", "A");
  g_clear_object (&store);

  other = sql_open (fixture->path);
  sql_exec_on (other,
               "PRAGMA locking_mode = EXCLUSIVE;"
               "BEGIN EXCLUSIVE;"
               "INSERT INTO patient (code) VALUES ('HELD');");

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_LOCKED);
  g_assert_null (store);
  expected = g_strdup_printf ("“%s” is in use by another program", fixture->path);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_clear_error (&error);

  sql_exec_on (other, "ROLLBACK");
  g_assert_cmpint (sqlite3_close (other), ==, SQLITE_OK);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_patients (store), ==, 1);
}

static void
test_locked_write (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-2", "B");
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  sqlite3 *other;

  add_patient (store, "K-1", "A");
  gt_signal_logger_connect (logger, store, "changed");

  other = sql_open (fixture->path);
  sql_exec_on (other, "BEGIN IMMEDIATE; INSERT INTO patient (code) VALUES ('HELD');");

  g_assert_false (ebb_store_add_patient (store, patient, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_cmpint (patient->id, ==, 0);
  g_clear_error (&error);

  /* WAL: the window can still read while another program writes. */
  g_assert_cmpuint (count_patients (store), ==, 1);

  sql_exec_on (other, "ROLLBACK");
  g_assert_cmpint (sqlite3_close (other), ==, SQLITE_OK);

  /* The failed begin left no transaction behind. */
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_patients (store), ==, 2);
  gt_signal_logger_assert_emission_pop (logger, store, "changed", NULL);
  gt_signal_logger_assert_no_emissions (logger);
}

/* Read-only */

static void
test_read_only_permissions (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  add_patient (store, "K-1", "A");
  g_clear_object (&store);
  before = read_bytes (fixture->path);

  g_assert_cmpint (g_chmod (fixture->path, 0400), ==, 0);
  if (running_as_root (fixture->path))
    {
      g_test_skip ("Permission bits do not stop this user from writing");
      return;
    }

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);

  /* A writable file in a folder that is not: no room for the journal. */
  g_assert_cmpint (g_chmod (fixture->path, 0600), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0500), ==, 0);
  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_cmpint (g_chmod (fixture->dir, 0700), ==, 0);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "folder"));

  after = read_bytes (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_read_only_flag (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-2", "B");
  g_autoptr(EbbPatient) found = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gboolean root;

  add_patient (store, "K-1", "A");
  g_clear_object (&store);
  before = read_bytes (fixture->path);
  g_assert_cmpint (g_chmod (fixture->path, 0400), ==, 0);
  root = running_as_root (fixture->path);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_true (ebb_store_is_read_only (store));

  found = ebb_store_find_patient (store, "K-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->name, ==, "A");
  g_assert_true (ebb_store_check (store, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  g_assert_false (ebb_store_add_patient (store, patient, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_clear_error (&error);
  g_assert_false (ebb_store_delete_patient (store, found->id, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (ebb_store_begin (store, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_clear_object (&store);

  after = read_bytes (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
  if (!root)
    {
      /* Nothing unwritable was left next to the file for its owner to trip over. */
      g_assert_false (sidecar_exists (fixture->path, "-wal"));
      g_assert_false (sidecar_exists (fixture->path, "-shm"));
    }

  /* Once writable again, the file takes changes as before. */
  g_assert_cmpint (g_chmod (fixture->path, 0600), ==, 0);
  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_patients (store), ==, 2);
}

static void
test_read_only_needs_upgrade (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  make_v1_file (fixture->path);
  before = read_bytes (fixture->path);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_assert_nonnull (strstr (error->message, "schema 1"));

  after = read_bytes (fixture->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 1);
}

/* Refused changes */

static void
test_duplicate_code (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) twin = ebb_patient_new ("K-0042", "Someone Else");
  g_autoptr(EbbPatient) other = NULL;
  gint64 other_id;

  add_patient (store, "K-0042", "Jane Doe");
  other_id = add_patient (store, "K-0043", "John Doe");

  g_assert_false (ebb_store_add_patient (store, twin, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==,
                   "There is already a patient with the code “K-0042”: choose another code");
  g_assert_cmpint (twin->id, ==, 0);
  g_clear_error (&error);

  other = ebb_store_get_patient (store, other_id, &error);
  g_assert_no_error (error);
  g_free (other->code);
  other->code = g_strdup ("K-0042");
  g_assert_false (ebb_store_update_patient (store, other, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "“K-0042”"));

  g_assert_cmpuint (count_patients (store), ==, 2);
  g_assert_cmpuint (count_audit (store), ==, 2);
}

static void
test_unknown_patient (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  gint64 id;

  id = add_patient (store, "K-1", "A");

  session->patient_id = id + 1;
  session->when_text = g_strdup ("2026-03-02");
  g_assert_false (ebb_store_add_session (store, session, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "The session cannot be stored: there is no patient with id 2");
  g_clear_error (&error);

  rating->patient_id = 0;
  rating->when_text = g_strdup ("2026-03-02");
  rating->scale_id = g_strdup ("PHQ-9");
  rating->total = 12;
  g_assert_false (ebb_store_add_rating (store, rating, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "The rating cannot be stored: there is no patient with id 0");
  g_clear_error (&error);

  /* Moving a stored session to a patient who does not exist is refused too. */
  session->id = add_session (store, id, "2026-03-02", EBB_SESSION_DONE);
  session->patient_id = 99;
  g_assert_false (ebb_store_update_session (store, session, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  sessions = ebb_store_list_sessions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpint (((EbbSession *) g_ptr_array_index (sessions, 0))->patient_id, ==, id);
  ratings = ebb_store_list_ratings (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 0);
  g_assert_cmpuint (count_audit (store), ==, 2);
}

static void
test_rating_out_of_range (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) scale_error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GPtrArray) ratings = NULL;
  static const int items[10] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
  static const int bad_item[10] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 9 };
  gint64 id;

  id = add_patient (store, "K-1", "A");
  rating->patient_id = id;
  rating->when_text = g_strdup ("2026-03-02");
  rating->scale_id = g_strdup ("MADRS");

  /* The message is the catalogue's own. */
  rating->total = 61;
  g_assert_false (ebb_scale_validate (ebb_scale_lookup ("MADRS"), 61, NULL, 0, &scale_error));
  g_assert_false (ebb_store_add_rating (store, rating, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, scale_error->message);
  g_assert_nonnull (strstr (error->message, "61"));
  g_clear_error (&error);
  g_clear_error (&scale_error);

  rating->total = -1;
  g_assert_false (ebb_store_add_rating (store, rating, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* Items that do not add up to the total. */
  rating->total = 31;
  ebb_rating_set_items (rating, items, G_N_ELEMENTS (items));
  g_assert_false (ebb_scale_validate (ebb_scale_lookup ("MADRS"), 31, items, 10, &scale_error));
  g_assert_false (ebb_store_add_rating (store, rating, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, scale_error->message);
  g_clear_error (&error);
  g_clear_error (&scale_error);

  /* An item out of its range. */
  rating->total = 36;
  ebb_rating_set_items (rating, bad_item, G_N_ELEMENTS (bad_item));
  g_assert_false (ebb_store_add_rating (store, rating, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* A scale Ebb does not know. */
  ebb_rating_set_items (rating, NULL, 0);
  rating->total = 10;
  g_free (rating->scale_id);
  rating->scale_id = g_strdup ("XYZ-12");
  g_assert_null (ebb_scale_lookup_checked ("XYZ-12", &scale_error));
  g_assert_false (ebb_store_add_rating (store, rating, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, scale_error->message);
  g_clear_error (&error);

  /* An update is checked the same way. */
  g_free (rating->scale_id);
  rating->scale_id = g_strdup ("MADRS");
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);
  rating->total = 70;
  g_assert_false (ebb_store_update_rating (store, rating, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  ratings = ebb_store_list_ratings (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 1);
  g_assert_cmpint (((EbbRating *) g_ptr_array_index (ratings, 0))->total, ==, 10);
  g_assert_cmpuint (count_audit (store), ==, 2);
}

static void
test_invalid_input (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("", "Nameless");
  g_autoptr(EbbSession) session = ebb_session_new ();
  gint64 id;

  g_assert_false (ebb_store_add_patient (store, patient, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "A patient needs a clinic code");
  g_clear_error (&error);

  g_free (patient->code);
  patient->code = g_strdup ("   ");
  g_assert_false (ebb_store_add_patient (store, patient, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_free (patient->code);
  patient->code = g_strdup ("K-1");
  patient->birth_year = 1700;
  g_assert_false (ebb_store_add_patient (store, patient, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "1700"));
  g_clear_error (&error);

  patient->birth_year = 0;
  g_free (patient->name);
  patient->name = g_strdup ("bad \xff byte");
  g_assert_false (ebb_store_add_patient (store, patient, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_free (patient->name);
  patient->name = g_strdup ("A");
  patient->preferred_scale = g_strdup ("no such scale");
  g_assert_false (ebb_store_add_patient (store, patient, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_cmpuint (count_patients (store), ==, 0);

  id = add_patient (store, "K-1", "A");
  session->patient_id = id;

  g_assert_false (ebb_store_add_session (store, session, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "A session needs a date");
  g_clear_error (&error);

  session->when_text = g_strdup ("2026-02-30");
  g_assert_false (ebb_store_add_session (store, session, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "YYYY-MM-DD"));
  g_clear_error (&error);

  g_free (session->when_text);
  session->when_text = g_strdup ("2026-03-02");
  session->dose_mg = NAN;
  g_assert_false (ebb_store_add_session (store, session, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  session->dose_mg = 35;
  session->dose_time = 10 * 3600;
  session->discharge_time = 9 * 3600 + 30 * 60;
  g_assert_false (ebb_store_add_session (store, session, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==,
                   "The discharge at 09:30 is before the dose at 10:00: check the two times");
  g_clear_error (&error);

  session->discharge_time = -1;
  session->status = (EbbSessionStatus) 17;
  g_assert_false (ebb_store_add_session (store, session, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_cmpuint (count_audit (store), ==, 1);
}

static void
test_no_such_row (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) ghost = ebb_patient_new ("K-9", "Ghost");
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  EbbPatient *missing;
  gint64 id;

  id = add_patient (store, "K-1", "A");

  ghost->id = 42;
  g_assert_false (ebb_store_update_patient (store, ghost, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_assert_cmpstr (error->message, ==, "There is no patient with id 42: it may have been deleted");
  g_clear_error (&error);
  g_assert_false (ebb_store_delete_patient (store, 42, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_clear_error (&error);

  session->id = 42;
  session->patient_id = id;
  session->when_text = g_strdup ("2026-03-02");
  g_assert_false (ebb_store_update_session (store, session, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_clear_error (&error);
  g_assert_false (ebb_store_delete_session (store, 42, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_clear_error (&error);

  rating->id = 42;
  rating->patient_id = id;
  rating->when_text = g_strdup ("2026-03-02");
  rating->scale_id = g_strdup ("GAD-7");
  rating->total = 9;
  g_assert_false (ebb_store_update_rating (store, rating, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_assert_cmpstr (error->message, ==, "There is no rating with id 42: it may have been deleted");
  g_clear_error (&error);
  g_assert_false (ebb_store_delete_rating (store, 42, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_clear_error (&error);

  missing = ebb_store_get_patient (store, 42, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_assert_null (missing);
  g_clear_error (&error);
  missing = ebb_store_find_patient (store, "K-9", &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_assert_null (missing);
  g_clear_error (&error);

  g_assert_cmpuint (count_audit (store), ==, 1);
}

/* Transactions */

static void
test_rollback (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-1", "A");
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();

  gt_signal_logger_connect (logger, store, "changed");

  g_assert_true (ebb_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  g_assert_cmpint (patient->id, >, 0);

  rating->patient_id = patient->id;
  rating->when_text = g_strdup ("2026-03-02");
  rating->scale_id = g_strdup ("PHQ-9");
  rating->total = 28;
  g_assert_false (ebb_store_add_rating (store, rating, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  ebb_store_rollback (store);

  g_assert_cmpuint (count_patients (store), ==, 0);
  g_assert_cmpuint (count_audit (store), ==, 0);
  gt_signal_logger_assert_no_emissions (logger);
  g_clear_object (&store);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM patient"), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM audit"), ==, 0);
}

static void
test_nested (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  gint64 id;

  gt_signal_logger_connect (logger, store, "changed");

  g_assert_true (ebb_store_begin (store, &error));
  g_assert_true (ebb_store_begin (store, &error));
  g_assert_no_error (error);
  id = add_patient (store, "K-1", "A");
  g_assert_true (ebb_store_commit (store, &error));
  g_assert_no_error (error);
  gt_signal_logger_assert_no_emissions (logger);

  add_session (store, id, "2026-03-02", EBB_SESSION_DONE);
  add_rating (store, id, "2026-03-02", "PHQ-9", 14);

  /* Another connection sees nothing until the outermost commit. */
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM patient"), ==, 0);

  g_assert_true (ebb_store_commit (store, &error));
  g_assert_no_error (error);
  gt_signal_logger_assert_emission_pop (logger, store, "changed", NULL);
  gt_signal_logger_assert_no_emissions (logger);

  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM patient"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM session"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM rating"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM audit"), ==, 3);

  /* A transaction that wrote nothing is no change. */
  g_assert_true (ebb_store_begin (store, &error));
  g_assert_true (ebb_store_commit (store, &error));
  g_assert_no_error (error);
  gt_signal_logger_assert_no_emissions (logger);
}

/* A rollback at any depth undoes the whole transaction. */
static void
test_inner_rollback (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) late = ebb_patient_new ("K-3", "C");
  g_autoptr(EbbPatient) twin = ebb_patient_new ("K-1", "Twin");
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();

  gt_signal_logger_connect (logger, store, "changed");

  g_assert_true (ebb_store_begin (store, &error));
  add_patient (store, "K-1", "A");
  g_assert_true (ebb_store_begin (store, &error));
  add_patient (store, "K-2", "B");
  ebb_store_rollback (store);

  /* Nothing more can join a doomed transaction. */
  g_assert_false (ebb_store_begin (store, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (ebb_store_add_patient (store, late, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (ebb_store_commit (store, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_cmpuint (count_patients (store), ==, 0);
  g_assert_cmpuint (count_audit (store), ==, 0);
  gt_signal_logger_assert_no_emissions (logger);

  /* A change the database refuses inside a transaction dooms it too. */
  g_assert_true (ebb_store_begin (store, &error));
  add_patient (store, "K-1", "A");
  g_assert_false (ebb_store_add_patient (store, twin, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (ebb_store_commit (store, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (count_patients (store), ==, 0);
  gt_signal_logger_assert_no_emissions (logger);

  /* The failed transaction is closed: the next change is its own. */
  add_patient (store, "K-1", "A");
  gt_signal_logger_assert_emission_pop (logger, store, "changed", NULL);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM patient"), ==, 1);
}

static void
test_commit_without_begin (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_new (fixture);

  g_test_expect_message ("ebb-store", G_LOG_LEVEL_CRITICAL, "*depth > 0*");
  g_assert_false (ebb_store_commit (store, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("ebb-store", G_LOG_LEVEL_CRITICAL, "*depth > 0*");
  ebb_store_rollback (store);
  g_test_assert_expected_messages ();
}

/* The audit trail */

static void
assert_audit (const EbbAuditEntry *entry,
              const char          *action,
              const char          *table_name,
              gint64               row_id,
              const char          *patient_code,
              const char          *before,
              const char          *after)
{
  g_assert_cmpstr (entry->action, ==, action);
  g_assert_cmpstr (entry->table_name, ==, table_name);
  g_assert_cmpint (entry->row_id, ==, row_id);
  g_assert_cmpstr (entry->patient_code, ==, patient_code);
  g_assert_cmpstr (entry->before, ==, before);
  g_assert_cmpstr (entry->after, ==, after);
  g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
                                       entry->at, 0, 0));
}

static void
test_audit_trail (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-1", "Jane Doe");
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_now_utc ();
  g_autofree char *start_text = g_date_time_format (start, "%Y-%m-%dT%H:%M:%SZ");
  static const int items[10] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
  gint64 other;

  patient->birth_year = 1979;
  patient->preferred_scale = g_strdup ("madrs");
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (patient->preferred_scale, ==, "MADRS");

  g_free (patient->name);
  patient->name = g_strdup ("Jane Roe");
  patient->notes = g_strdup ("prefers mornings");
  g_assert_true (ebb_store_update_patient (store, patient, &error));
  g_assert_no_error (error);

  session->patient_id = patient->id;
  session->when_text = g_strdup ("2026-03-02T09:30");
  session->status = EBB_SESSION_DONE;
  session->phase = EBB_PHASE_INDUCTION;
  session->route = EBB_ROUTE_IV;
  session->dose_mg = 35;
  g_assert_true (ebb_store_add_session (store, session, &error));
  g_assert_no_error (error);

  session->dose_mg = 40.5;
  g_assert_true (ebb_store_update_session (store, session, &error));
  g_assert_no_error (error);

  rating->patient_id = patient->id;
  rating->when_text = g_strdup ("2026-03-01");
  rating->scale_id = g_strdup ("MADRS");
  rating->total = 30;
  ebb_rating_set_items (rating, items, G_N_ELEMENTS (items));
  rating->rater = g_strdup ("Dr A");
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);

  g_assert_true (ebb_store_delete_rating (store, rating->id, &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_delete_session (store, session->id, &error));
  g_assert_no_error (error);

  other = add_patient (store, "K-2", "Other");

  audit = ebb_store_list_audit (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 8);

  assert_audit (g_ptr_array_index (audit, 0), "insert", "patient", 1, "K-1", NULL,
                "{\"id\":1,\"code\":\"K-1\",\"name\":\"Jane Doe\",\"birth_year\":1979,"
                "\"preferred_scale\":\"MADRS\",\"notes\":null,\"archived\":0}");
  assert_audit (g_ptr_array_index (audit, 1), "update", "patient", 1, "K-1",
                "{\"id\":1,\"code\":\"K-1\",\"name\":\"Jane Doe\",\"birth_year\":1979,"
                "\"preferred_scale\":\"MADRS\",\"notes\":null,\"archived\":0}",
                "{\"id\":1,\"code\":\"K-1\",\"name\":\"Jane Roe\",\"birth_year\":1979,"
                "\"preferred_scale\":\"MADRS\",\"notes\":\"prefers mornings\",\"archived\":0}");
  assert_audit (g_ptr_array_index (audit, 2), "insert", "session", 1, "K-1", NULL,
                "{\"id\":1,\"patient_id\":1,\"at\":\"2026-03-02T09:30\",\"status\":\"done\","
                "\"phase\":\"induction\",\"route\":\"iv\",\"dose_mg\":35,"
                "\"note\":null}");
  assert_audit (g_ptr_array_index (audit, 3), "update", "session", 1, "K-1",
                "{\"id\":1,\"patient_id\":1,\"at\":\"2026-03-02T09:30\",\"status\":\"done\","
                "\"phase\":\"induction\",\"route\":\"iv\",\"dose_mg\":35,"
                "\"note\":null}",
                "{\"id\":1,\"patient_id\":1,\"at\":\"2026-03-02T09:30\",\"status\":\"done\","
                "\"phase\":\"induction\",\"route\":\"iv\",\"dose_mg\":40.5,"
                "\"note\":null}");
  assert_audit (g_ptr_array_index (audit, 4), "insert", "rating", 1, "K-1", NULL,
                "{\"id\":1,\"patient_id\":1,\"at\":\"2026-03-01\",\"scale\":\"MADRS\","
                "\"total\":30,\"items\":\"3 3 3 3 3 3 3 3 3 3\",\"rater\":\"Dr A\",\"note\":null,"
                "\"alert_item\":null,\"dose_relation\":null}");
  assert_audit (g_ptr_array_index (audit, 5), "delete", "rating", 1, "K-1",
                "{\"id\":1,\"patient_id\":1,\"at\":\"2026-03-01\",\"scale\":\"MADRS\","
                "\"total\":30,\"items\":\"3 3 3 3 3 3 3 3 3 3\",\"rater\":\"Dr A\",\"note\":null,"
                "\"alert_item\":null,\"dose_relation\":null}",
                NULL);
  assert_audit (g_ptr_array_index (audit, 6), "delete", "session", 1, "K-1",
                "{\"id\":1,\"patient_id\":1,\"at\":\"2026-03-02T09:30\",\"status\":\"done\","
                "\"phase\":\"induction\",\"route\":\"iv\",\"dose_mg\":40.5,"
                "\"note\":null}",
                NULL);
  assert_audit (g_ptr_array_index (audit, 7), "insert", "patient", 2, "K-2", NULL,
                "{\"id\":2,\"code\":\"K-2\",\"name\":\"Other\",\"birth_year\":null,"
                "\"preferred_scale\":null,\"notes\":null,\"archived\":0}");

  /* Written now, in UTC; ids in the order of writing. */
  for (guint i = 0; i < audit->len; i++)
    {
      const EbbAuditEntry *entry = g_ptr_array_index (audit, i);

      g_assert_cmpint (entry->id, ==, i + 1);
      g_assert_cmpstr (entry->at, >=, start_text);
    }

  mine = ebb_store_list_audit (store, patient->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 7);
  theirs = ebb_store_list_audit (store, other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (theirs->len, ==, 1);
  g_assert_cmpstr (((EbbAuditEntry *) g_ptr_array_index (theirs, 0))->patient_code, ==, "K-2");
}

static void
test_audit_escaping (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-\"1\"", "A \"B\" \\ C\nD\tE\001 Zoë");
  g_autoptr(GPtrArray) audit = NULL;

  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);

  audit = ebb_store_list_audit (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((EbbAuditEntry *) g_ptr_array_index (audit, 0))->after, ==,
                   "{\"id\":1,\"code\":\"K-\\\"1\\\"\",\"name\":\"A \\\"B\\\" \\\\ C\\nD\\tE\\u0001 Zoë\","
                   "\"birth_year\":null,\"preferred_scale\":null,\"notes\":null,\"archived\":0}");
  g_assert_cmpstr (((EbbAuditEntry *) g_ptr_array_index (audit, 0))->patient_code, ==, "K-\"1\"");
}

static void
test_audit_append_only (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_new (fixture);
  sqlite3 *other;
  int rc;

  add_patient (store, "K-1", "A");
  add_patient (store, "K-2", "B");

  /* Even with the store open, another connection cannot rewrite history. */
  other = sql_open (fixture->path);
  rc = sqlite3_exec (other, "UPDATE audit SET action = 'delete' WHERE id = 1", NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (sqlite3_errmsg (other), "append-only"));
  rc = sqlite3_exec (other, "DELETE FROM audit", NULL, NULL, NULL);
  g_assert_cmpint (rc & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_nonnull (strstr (sqlite3_errmsg (other), "append-only"));
  g_assert_cmpint (sqlite3_close (other), ==, SQLITE_OK);

  g_assert_cmpuint (count_audit (store), ==, 2);
  g_clear_object (&store);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM audit WHERE action = 'insert'"), ==, 2);
}

static void
test_delete_cascade (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GPtrArray) ends = NULL;
  g_autoptr(EbbPatient) gone = NULL;
  g_autoptr(EbbDecision) decision = ebb_decision_new ();
  g_autoptr(EbbCourseEnd) end = ebb_course_end_new ();
  gint64 p1, p2, s1, s2, s3, c1;
  const EbbAuditEntry *entry;

  p1 = add_patient (store, "K-1", "A");
  p2 = add_patient (store, "K-2", "B");
  s1 = add_session (store, p1, "2026-03-02", EBB_SESSION_DONE);
  s2 = add_session (store, p1, "2026-03-09", EBB_SESSION_SCHEDULED);
  s3 = add_session (store, p2, "2026-03-03", EBB_SESSION_DONE);
  c1 = add_rating (store, p1, "2026-03-02", "MADRS", 28);

  decision->patient_id = p1;
  decision->kind = EBB_FLAG_MISSED;
  decision->flag_day = ebb_date_from_ymd (2026, 3, 9);
  decision->note = g_strdup ("called, rebooked");
  g_assert_true (ebb_decision_set_decided_at (decision, "2026-03-10T11:00:00", &error));
  g_assert_no_error (error);
  decision->user_name = g_strdup ("drb");
  g_assert_true (ebb_store_add_decision (store, decision, &error));
  g_assert_no_error (error);
  end->patient_id = p1;
  end->day = ebb_date_from_ymd (2026, 3, 20);
  end->reason = EBB_END_REASON_MOVED;
  g_assert_true (ebb_store_add_course_end (store, end, &error));
  g_assert_no_error (error);

  g_assert_true (ebb_store_delete_patient (store, p1, &error));
  g_assert_no_error (error);

  gone = ebb_store_get_patient (store, p1, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_assert_null (gone);
  g_clear_error (&error);

  sessions = ebb_store_list_sessions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpint (((EbbSession *) g_ptr_array_index (sessions, 0))->id, ==, s3);
  ratings = ebb_store_list_ratings (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 0);
  decisions = ebb_store_list_decisions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decisions->len, ==, 0);
  ends = ebb_store_list_course_ends (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ends->len, ==, 0);

  /* The deleted patient's trail is still there, whole, under their id. */
  audit = ebb_store_list_audit (store, p1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 12);
  entry = g_ptr_array_index (audit, 6);
  assert_audit (entry, "delete", "session", s1, "K-1",
                "{\"id\":1,\"patient_id\":1,\"at\":\"2026-03-02\",\"status\":\"done\","
                "\"phase\":\"induction\",\"route\":\"iv\",\"dose_mg\":null,"
                "\"note\":null}",
                NULL);
  entry = g_ptr_array_index (audit, 7);
  assert_audit (entry, "delete", "session", s2, "K-1",
                "{\"id\":2,\"patient_id\":1,\"at\":\"2026-03-09\",\"status\":\"scheduled\","
                "\"phase\":\"induction\",\"route\":\"iv\",\"dose_mg\":null,"
                "\"note\":null}",
                NULL);
  entry = g_ptr_array_index (audit, 8);
  assert_audit (entry, "delete", "rating", c1, "K-1",
                "{\"id\":1,\"patient_id\":1,\"at\":\"2026-03-02\",\"scale\":\"MADRS\","
                "\"total\":28,\"items\":null,\"rater\":null,\"note\":null,"
                "\"alert_item\":null,\"dose_relation\":null}",
                NULL);
  entry = g_ptr_array_index (audit, 9);
  assert_audit (entry, "delete", "decision", decision->id, "K-1",
                "{\"id\":1,\"patient_id\":1,\"kind\":\"missed\",\"scale\":null,"
                "\"flag_date\":\"2026-03-09\",\"note\":\"called, rebooked\","
                "\"decided_at\":\"2026-03-10T11:00:00\",\"user_name\":\"drb\",\"real_name\":null}",
                NULL);
  entry = g_ptr_array_index (audit, 10);
  assert_audit (entry, "delete", "course_end", end->id, "K-1",
                "{\"id\":1,\"patient_id\":1,\"date\":\"2026-03-20\",\"reason\":\"moved\",\"note\":null}",
                NULL);
  entry = g_ptr_array_index (audit, 11);
  assert_audit (entry, "delete", "patient", p1, "K-1",
                "{\"id\":1,\"code\":\"K-1\",\"name\":\"A\",\"birth_year\":null,"
                "\"preferred_scale\":null,\"notes\":null,\"archived\":0}",
                NULL);

  g_clear_object (&store);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM session WHERE patient_id = 1"), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM rating"), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM decision"), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM course_end"), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM patient"), ==, 1);
}

/* Queries */

/* Codes in the order of their bytes, as SQLite's BINARY collation gives
 * them, on a server too, whatever the language of its database (the test
 * server's databases are en-US: "K_3 K-2 K.4 K1" there). */
static void
test_code_order (Fixture       *fixture,
                 gconstpointer  data)
{
  const char * const codes[] = { "K1", "K_3", "K.4", "K-2" };
  const char * const bytewise[] = { "K-2", "K.4", "K1", "K_3" };
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) summaries = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    add_patient (store, codes[i], "Synthetic");

  patients = ebb_store_list_patients (store, &error);
  g_assert_no_error (error);
  summaries = ebb_store_list_patient_summaries (store, NULL, 0, EBB_STORE_SUMMARY_ACTIVITY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, G_N_ELEMENTS (bytewise));
  g_assert_cmpuint (summaries->len, ==, G_N_ELEMENTS (bytewise));
  for (guint i = 0; i < G_N_ELEMENTS (bytewise); i++)
    {
      g_assert_cmpstr (((EbbPatient *) g_ptr_array_index (patients, i))->code, ==, bytewise[i]);
      g_assert_cmpstr (((EbbPatientSummary *) g_ptr_array_index (summaries, i))->patient->code, ==,
                       bytewise[i]);
    }
}

static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  gint64 p1, p2;
  gint64 late, afternoon, first_date, morning, second_date, other, c_late, c_date, c_time, c_other;
  const EbbSession *s;

  /* Added in an order that is neither the code's nor the date's. */
  p1 = add_patient (store, "K-2", "B");
  p2 = add_patient (store, "K-1", "A");

  late = add_session (store, p1, "2026-03-05", EBB_SESSION_DONE);
  afternoon = add_session (store, p1, "2026-03-02T14:00", EBB_SESSION_DONE);
  other = add_session (store, p2, "2026-01-01", EBB_SESSION_DONE);
  first_date = add_session (store, p1, "2026-03-02", EBB_SESSION_CANCELLED);
  morning = add_session (store, p1, "2026-03-02T09:00", EBB_SESSION_DONE);
  second_date = add_session (store, p1, "2026-03-02", EBB_SESSION_MISSED);

  c_late = add_rating (store, p1, "2026-03-04", "PHQ-9", 8);
  c_time = add_rating (store, p1, "2026-03-02T08:00", "PHQ-9", 18);
  c_other = add_rating (store, p2, "2025-12-31", "PHQ-9", 20);
  c_date = add_rating (store, p1, "2026-03-02", "PHQ-9", 19);

  patients = ebb_store_list_patients (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, 2);
  g_assert_cmpstr (((EbbPatient *) g_ptr_array_index (patients, 0))->code, ==, "K-1");
  g_assert_cmpstr (((EbbPatient *) g_ptr_array_index (patients, 1))->code, ==, "K-2");

  /* By patient id, day, time with date-only first, then order of entry. */
  sessions = ebb_store_list_sessions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 6);
  g_assert_cmpint (((EbbSession *) g_ptr_array_index (sessions, 0))->id, ==, first_date);
  g_assert_cmpint (((EbbSession *) g_ptr_array_index (sessions, 1))->id, ==, second_date);
  g_assert_cmpint (((EbbSession *) g_ptr_array_index (sessions, 2))->id, ==, morning);
  g_assert_cmpint (((EbbSession *) g_ptr_array_index (sessions, 3))->id, ==, afternoon);
  g_assert_cmpint (((EbbSession *) g_ptr_array_index (sessions, 4))->id, ==, late);
  g_assert_cmpint (((EbbSession *) g_ptr_array_index (sessions, 5))->id, ==, other);

  s = g_ptr_array_index (sessions, 2);
  g_assert_cmpint (s->when.day, ==, ebb_date_from_ymd (2026, 3, 2));
  g_assert_cmpint (s->when.second, ==, 9 * 3600);
  g_assert_cmpint (((EbbSession *) g_ptr_array_index (sessions, 0))->status, ==, EBB_SESSION_CANCELLED);
  g_assert_cmpint (((EbbSession *) g_ptr_array_index (sessions, 1))->status, ==, EBB_SESSION_MISSED);

  mine = ebb_store_list_sessions (store, p2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpint (((EbbSession *) g_ptr_array_index (mine, 0))->id, ==, other);

  ratings = ebb_store_list_ratings (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 4);
  g_assert_cmpint (((EbbRating *) g_ptr_array_index (ratings, 0))->id, ==, c_date);
  g_assert_cmpint (((EbbRating *) g_ptr_array_index (ratings, 1))->id, ==, c_time);
  g_assert_cmpint (((EbbRating *) g_ptr_array_index (ratings, 2))->id, ==, c_late);
  g_assert_cmpint (((EbbRating *) g_ptr_array_index (ratings, 3))->id, ==, c_other);
}

static void
test_summaries (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(GPtrArray) summaries = NULL;
  const EbbPatientSummary *summary;
  gint64 a, b, c;

  b = add_patient (store, "K-2", "B");
  a = add_patient (store, "K-1", "A");
  c = add_patient (store, "K-3", "C");

  add_session (store, a, "2026-03-02", EBB_SESSION_DONE);
  add_session (store, a, "2026-03-10", EBB_SESSION_CANCELLED);
  add_session (store, a, "2026-03-20", EBB_SESSION_SCHEDULED);
  add_rating (store, a, "2026-03-01", "MADRS", 30);
  add_rating (store, a, "2026-03-09", "MADRS", 12);
  /* A later side-effect rating is activity, but not the latest score. */
  add_rating (store, a, "2026-03-09", "CADSS", 4);

  /* A timed session beats a date-only rating of the same day. */
  add_session (store, b, "2026-04-01T10:00", EBB_SESSION_DONE);
  add_rating (store, b, "2026-04-01", "PHQ-9", 15);

  add_session (store, c, "2026-05-01", EBB_SESSION_SCHEDULED);

  summaries = ebb_store_list_patient_summaries (store, NULL, 0, EBB_STORE_SUMMARY_ACTIVITY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 3);

  summary = g_ptr_array_index (summaries, 0);
  g_assert_cmpstr (summary->patient->code, ==, "K-1");
  g_assert_cmpstr (summary->patient->name, ==, "A");
  g_assert_cmpint (summary->patient->id, ==, a);
  g_assert_cmpuint (summary->n_sessions, ==, 3);
  g_assert_cmpuint (summary->n_ratings, ==, 3);
  g_assert_cmpstr (summary->last_activity, ==, "2026-03-09");
  g_assert_cmpstr (summary->latest_scale, ==, "MADRS");
  g_assert_cmpint (summary->latest_total, ==, 12);
  g_assert_cmpstr (summary->latest_when, ==, "2026-03-09");

  summary = g_ptr_array_index (summaries, 1);
  g_assert_cmpstr (summary->patient->code, ==, "K-2");
  g_assert_cmpuint (summary->n_sessions, ==, 1);
  g_assert_cmpuint (summary->n_ratings, ==, 1);
  g_assert_cmpstr (summary->last_activity, ==, "2026-04-01T10:00");
  g_assert_cmpstr (summary->latest_scale, ==, "PHQ-9");
  g_assert_cmpint (summary->latest_total, ==, 15);

  summary = g_ptr_array_index (summaries, 2);
  g_assert_cmpstr (summary->patient->code, ==, "K-3");
  g_assert_cmpuint (summary->n_sessions, ==, 1);
  g_assert_cmpuint (summary->n_ratings, ==, 0);
  g_assert_null (summary->last_activity);
  g_assert_null (summary->latest_scale);
  g_clear_pointer (&summaries, g_ptr_array_unref);

  /* Without the activity, nothing is counted. */
  summaries = ebb_store_list_patient_summaries (store, NULL, 0, EBB_STORE_SUMMARY_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 3);
  summary = g_ptr_array_index (summaries, 0);
  g_assert_cmpuint (summary->n_sessions, ==, 0);
  g_assert_null (summary->last_activity);
  g_assert_cmpstr (summary->latest_scale, ==, "MADRS");
  g_assert_cmpint (summary->latest_total, ==, 12);
}

/* The score a patient is followed on: the preferred scale's latest, else
 * the default scale's, else the latest efficacy rating. */
static void
test_summaries_followed_scale (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) preferring = ebb_patient_new ("K-1", "Prefers PHQ-9");
  gint64 plain;

  preferring->preferred_scale = g_strdup ("PHQ-9");
  g_assert_true (ebb_store_add_patient (store, preferring, &error));
  plain = add_patient (store, "K-2", "No preference");
  for (guint i = 0; i < 2; i++)
    {
      gint64 id = i == 0 ? preferring->id : plain;

      add_rating (store, id, "2026-03-01", "PHQ-9", 20);
      add_rating (store, id, "2026-03-02", "MADRS", 30);
      add_rating (store, id, "2026-03-05", "PHQ-9", 9);
      add_rating (store, id, "2026-03-06", "MADRS", 14);
      add_rating (store, id, "2026-03-07", "CADSS", 2);
    }

  for (guint d = 0; d < 3; d++)
    {
      const char *default_scale = (const char *[]) { NULL, "madrs", "GAD-7" }[d];
      g_autoptr(GPtrArray) summaries = ebb_store_list_patient_summaries (store, default_scale, 0,
                                                                         EBB_STORE_SUMMARY_DEFAULT,
                                                                         &error);
      const EbbPatientSummary *first, *second;

      g_assert_no_error (error);
      first = g_ptr_array_index (summaries, 0);
      second = g_ptr_array_index (summaries, 1);
      /* The preferred scale wins over any default. */
      g_assert_cmpstr (first->latest_scale, ==, "PHQ-9");
      g_assert_cmpint (first->latest_total, ==, 9);
      g_assert_cmpstr (first->latest_when, ==, "2026-03-05");
      /* The default scale (found in any spelling), else, with none or one
       * never rated, the latest efficacy rating: never CADSS. */
      g_assert_cmpstr (second->latest_scale, ==, "MADRS");
      g_assert_cmpint (second->latest_total, ==, 14);
    }
  {
    g_autoptr(GPtrArray) summaries = ebb_store_list_patient_summaries (store, "PHQ-9", 0,
                                                                       EBB_STORE_SUMMARY_DEFAULT,
                                                                       &error);
    const EbbPatientSummary *second = g_ptr_array_index (summaries, 1);

    g_assert_cmpstr (second->latest_scale, ==, "PHQ-9");
    g_assert_cmpint (second->latest_total, ==, 9);
  }
  /* As of a day, later ratings are left out, as the rules leave them
   * out: the sidebar must not show a rating the chart does not. */
  {
    g_autoptr(GPtrArray) summaries = ebb_store_list_patient_summaries (store, "MADRS",
                                                                       ebb_date_parse_day ("2026-03-05", NULL),
                                                                       EBB_STORE_SUMMARY_ACTIVITY,
                                                                       &error);
    const EbbPatientSummary *first = g_ptr_array_index (summaries, 0);
    const EbbPatientSummary *second = g_ptr_array_index (summaries, 1);

    g_assert_no_error (error);
    g_assert_cmpstr (first->latest_scale, ==, "PHQ-9");
    g_assert_cmpint (first->latest_total, ==, 9);
    g_assert_cmpstr (second->latest_scale, ==, "MADRS");
    g_assert_cmpint (second->latest_total, ==, 30);
    g_assert_cmpstr (second->last_activity, ==, "2026-03-05");
    /* Counted all the same: the rows are stored. */
    g_assert_cmpuint (second->n_ratings, ==, 5);
  }
}

static void
test_canonical_scale (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-1", "A");
  g_autoptr(EbbRating) rating = ebb_rating_new ();
  g_autoptr(EbbPatient) stored = NULL;
  g_autoptr(GPtrArray) ratings = NULL;

  patient->preferred_scale = g_strdup ("phq9");
  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (patient->preferred_scale, ==, "PHQ-9");

  rating->patient_id = patient->id;
  rating->when_text = g_strdup ("2026-03-02");
  rating->scale_id = g_strdup ("ham-d 17");
  rating->total = 20;
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rating->scale_id, ==, "HAMD-17");

  /* An update stores the canonical id, whatever the caller wrote. */
  g_free (rating->scale_id);
  rating->scale_id = g_strdup ("hamd_17");
  rating->total = 18;
  g_assert_true (ebb_store_update_rating (store, rating, &error));
  g_assert_no_error (error);

  stored = ebb_store_find_patient (store, "K-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->preferred_scale, ==, "PHQ-9");
  ratings = ebb_store_list_ratings (store, patient->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((EbbRating *) g_ptr_array_index (ratings, 0))->scale_id, ==, "HAMD-17");
  g_assert_cmpint (((EbbRating *) g_ptr_array_index (ratings, 0))->total, ==, 18);
}

static void
test_changed_signal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-1", "A");
  g_autoptr(EbbPatient) twin = ebb_patient_new ("K-1", "B");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  gint64 session;

  gt_signal_logger_connect (logger, store, "changed");

  g_assert_true (ebb_store_add_patient (store, patient, &error));
  gt_signal_logger_assert_emission_pop (logger, store, "changed", NULL);
  gt_signal_logger_assert_no_emissions (logger);

  g_free (patient->name);
  patient->name = g_strdup ("A.");
  g_assert_true (ebb_store_update_patient (store, patient, &error));
  gt_signal_logger_assert_emission_pop (logger, store, "changed", NULL);
  gt_signal_logger_assert_no_emissions (logger);

  /* Refused changes and reads are no changes. */
  g_assert_false (ebb_store_add_patient (store, twin, &error));
  g_clear_error (&error);
  g_assert_false (ebb_store_delete_session (store, 42, &error));
  g_clear_error (&error);
  list = ebb_store_list_patient_summaries (store, NULL, 0, EBB_STORE_SUMMARY_DEFAULT, &error);
  g_assert_no_error (error);
  gt_signal_logger_assert_no_emissions (logger);

  /* A grouped change is one change. */
  g_assert_true (ebb_store_begin (store, &error));
  session = add_session (store, patient->id, "2026-03-02", EBB_SESSION_DONE);
  add_session (store, patient->id, "2026-03-05", EBB_SESSION_SCHEDULED);
  add_rating (store, patient->id, "2026-03-02", "GAD-7", 11);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_true (ebb_store_commit (store, &error));
  g_assert_no_error (error);
  gt_signal_logger_assert_emission_pop (logger, store, "changed", NULL);
  gt_signal_logger_assert_no_emissions (logger);

  g_assert_true (ebb_store_delete_session (store, session, &error));
  gt_signal_logger_assert_emission_pop (logger, store, "changed", NULL);
  g_assert_true (ebb_store_delete_patient (store, patient->id, &error));
  g_assert_no_error (error);
  gt_signal_logger_assert_emission_pop (logger, store, "changed", NULL);
  gt_signal_logger_assert_no_emissions (logger);
}

/* Maintenance */

static void
test_check_clean (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(GPtrArray) problems = NULL;
  gint64 id;

  id = add_patient (store, "K-1", "A");
  add_session (store, id, "2026-03-02", EBB_SESSION_DONE);

  g_assert_true (ebb_store_check (store, &problems, &error));
  g_assert_no_error (error);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 0);

  /* problems is optional. */
  g_assert_true (ebb_store_check (store, NULL, &error));
  g_assert_no_error (error);
}

static void
test_check_foreign_key (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *backup = g_build_filename (fixture->dir, "backup.db", NULL);

  add_patient (store, "K-1", "A");
  g_clear_object (&store);

  /* Another program, with foreign keys off, leaves an orphan behind. */
  sql_exec (fixture->path,
            "INSERT INTO session (patient_id, when_text, day, status, phase, route)"
            " VALUES (999, '2026-03-02', 739677, 'done', 'induction', 'iv')");

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (ebb_store_check (store, &problems, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHECK_FAILED);
  g_assert_nonnull (strstr (error->message, fixture->path));
  g_clear_error (&error);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==,
                   "session row 1 refers to a patient row that does not exist");

  /* A damaged database is not copied over a good backup's name. */
  g_assert_false (ebb_store_backup (store, backup, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHECK_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "No backup was made: "));
  g_assert_false (exists (backup));
}

static void
test_backup (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autoptr(EbbStore) copy = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autofree char *backup = g_build_filename (fixture->dir, "backups", "2026", "clinic-copy.db", NULL);
  g_autofree char *sha256 = NULL;
  const EbbPatientSummary *summary;
  mode_t saved_umask;
  gboolean ok;
  gint64 id;

  id = add_patient (store, "K-1", "A");
  add_session (store, id, "2026-03-02", EBB_SESSION_DONE);
  add_rating (store, id, "2026-03-01", "MADRS", 31);
  gt_signal_logger_connect (logger, store, "changed");

  saved_umask = umask (0);
  ok = ebb_store_backup (store, backup, &error);
  umask (saved_umask);
  g_assert_no_error (error);
  g_assert_true (ok);
  /* The backup's entry in the clinic's trail. */
  gt_signal_logger_assert_emission_pop (logger, store, "changed", NULL);
  gt_signal_logger_assert_no_emissions (logger);
  /* Before anything opens it: opening it for writing changes its header. */
  sha256 = ebb_store_file_sha256 (backup, &error);
  g_assert_no_error (error);

  g_assert_cmphex (file_mode (backup), ==, 0600);
  /* One self-contained file. */
  g_assert_false (sidecar_exists (backup, "-wal"));
  g_assert_false (sidecar_exists (backup, "-shm"));
  g_assert_false (sidecar_exists (backup, "-journal"));
  g_assert_cmpint (sql_int (backup, "PRAGMA user_version"), ==, EBB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (backup, "PRAGMA application_id"), ==, 0x45626221);

  copy = ebb_store_open (backup, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  g_assert_true (ebb_store_check (copy, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  summaries = ebb_store_list_patient_summaries (copy, NULL, 0, EBB_STORE_SUMMARY_ACTIVITY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summaries->len, ==, 1);
  summary = g_ptr_array_index (summaries, 0);
  g_assert_cmpstr (summary->patient->code, ==, "K-1");
  g_assert_cmpuint (summary->n_sessions, ==, 1);
  g_assert_cmpuint (summary->n_ratings, ==, 1);
  g_assert_cmpuint (count_audit (copy), ==, 3);

  /* The clinic's trail records the backup: the file, its SHA-256, and the
   * last entry of the copy's own trail, which the copy does not hold. */
  {
    g_autoptr(GPtrArray) trail = ebb_store_list_audit (store, 0, &error);
    g_autoptr(GPtrArray) copy_trail = ebb_store_list_audit (copy, 0, &error);
    g_autofree char *expected = NULL;
    const EbbAuditEntry *entry;

    g_assert_no_error (error);
    g_assert_cmpuint (trail->len, ==, 4);
    entry = g_ptr_array_index (trail, 3);
    g_assert_cmpstr (entry->action, ==, "backup");
    g_assert_cmpstr (entry->table_name, ==, "clinic");
    g_assert_cmpint (entry->row_id, ==, 0);
    g_assert_null (entry->patient_code);
    g_assert_cmpstr (entry->user_name, ==, g_get_user_name ());
    g_assert_cmpstr (entry->host_name, ==, g_get_host_name ());
    expected = g_strdup_printf ("{\"file\":\"%s\",\"sha256\":\"%s\",\"last_entry\":3,\"last_hash\":\"%s\"}",
                                backup, sha256,
                                ((EbbAuditEntry *) g_ptr_array_index (copy_trail, 2))->hash);
    g_assert_cmpstr (entry->after, ==, expected);
  }

  /* The original goes on working. */
  add_patient (store, "K-2", "B");
  g_assert_cmpuint (count_patients (store), ==, 2);
  g_assert_cmpuint (count_patients (copy), ==, 1);
}

static void
test_backup_never_overwrites (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_new (fixture);
  g_autofree char *precious = g_build_filename (fixture->dir, "thesis.odt", NULL);
  g_autoptr(GBytes) after = NULL;
  static const char thesis[] = "four years of work";

  add_patient (store, "K-1", "A");
  write_bytes (precious, thesis, strlen (thesis));

  g_assert_false (ebb_store_backup (store, precious, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, precious));
  g_clear_error (&error);
  after = read_bytes (precious);
  g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after), thesis, strlen (thesis));

  /* Nor the database itself. */
  g_assert_false (ebb_store_backup (store, fixture->path, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (count_patients (store), ==, 1);
}

#define ADD_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, ebb_test_clinic_set_up, (func), ebb_test_clinic_tear_down)
/* A test of the clinic file itself, which a server clinic has not: not
 * registered on the server backend; each says why. */
#define ADD_FILE_TEST(path, func) \
  G_STMT_START { if (!ebb_test_on_server ()) ADD_TEST (path, func); } G_STMT_END

int
main (int   argc,
      char *argv[])
{
  ebb_test_init_backend (argc, argv);
  g_test_init (&argc, &argv, NULL);

  if (!ebb_test_on_server ())  /* the default path is a file's */
    g_test_add_func ("/store/default-path", test_default_path);
  ADD_TEST ("/store/open/create-reopen", test_create_reopen);
  ADD_FILE_TEST ("/store/open/file-mode", test_file_mode);              /* file and folder modes, WAL */
  ADD_FILE_TEST ("/store/open/not-found", test_not_found);              /* a file that is not there */
  ADD_FILE_TEST ("/store/open/odd-names", test_odd_names);              /* file names */
  ADD_FILE_TEST ("/store/migrate/new", test_migrate_new);               /* the file's PRAGMAs and sqlite_master */
  ADD_FILE_TEST ("/store/migrate/from-v1", test_migrate_from_v1);       /* an old file, written with SQLite */
  ADD_FILE_TEST ("/store/migrate/failure-is-atomic", test_migrate_failure_is_atomic); /* the same */
  ADD_FILE_TEST ("/store/refuse/too-new", test_too_new);                /* PRAGMA user_version */
  ADD_FILE_TEST ("/store/refuse/random-bytes", test_random_bytes);      /* the file's bytes */
  ADD_FILE_TEST ("/store/refuse/empty-file", test_empty_file);          /* the same */
  ADD_FILE_TEST ("/store/refuse/foreign-database", test_foreign_database); /* another SQLite file */
  ADD_FILE_TEST ("/store/refuse/folder", test_folder);                  /* a folder for a file */
  ADD_FILE_TEST ("/store/refuse/corrupt", test_corrupt);                /* the file's bytes */
  ADD_FILE_TEST ("/store/open/blank-database", test_blank_database);    /* an empty SQLite file */
  ADD_FILE_TEST ("/store/locked/open", test_locked_open);               /* SQLite's locks */
  ADD_FILE_TEST ("/store/locked/write", test_locked_write);             /* the same */
  ADD_FILE_TEST ("/store/read-only/permissions", test_read_only_permissions); /* file modes */
  ADD_FILE_TEST ("/store/read-only/flag", test_read_only_flag);         /* file modes, bytes, -wal */
  ADD_FILE_TEST ("/store/read-only/needs-upgrade", test_read_only_needs_upgrade); /* an old file */
  ADD_TEST ("/store/constraint/duplicate-code", test_duplicate_code);
  ADD_TEST ("/store/constraint/unknown-patient", test_unknown_patient);
  ADD_TEST ("/store/constraint/score-out-of-range", test_rating_out_of_range);
  ADD_TEST ("/store/constraint/invalid-input", test_invalid_input);
  ADD_TEST ("/store/constraint/no-such-row", test_no_such_row);
  ADD_TEST ("/store/transaction/rollback", test_rollback);
  ADD_TEST ("/store/transaction/nested", test_nested);
  ADD_TEST ("/store/transaction/inner-rollback", test_inner_rollback);
  ADD_TEST ("/store/transaction/commit-without-begin", test_commit_without_begin);
  ADD_TEST ("/store/audit/trail", test_audit_trail);
  ADD_TEST ("/store/audit/escaping", test_audit_escaping);
  /* SQLite's triggers, from a connection of SQLite's (test-server.c has the server's) */
  ADD_FILE_TEST ("/store/audit/append-only", test_audit_append_only);
  ADD_TEST ("/store/delete-cascade", test_delete_cascade);
  ADD_TEST ("/store/query/order", test_order);
  ADD_TEST ("/store/query/code-order", test_code_order);
  ADD_TEST ("/store/query/summaries", test_summaries);
  ADD_TEST ("/store/query/summaries-followed-scale", test_summaries_followed_scale);
  ADD_FILE_TEST ("/store/query/stored-items", test_stored_items);       /* items written into the file */
  ADD_TEST ("/store/query/foreach-parallel", test_foreach_parallel);
  ADD_TEST ("/store/canonical-scale", test_canonical_scale);
  ADD_TEST ("/store/changed-signal", test_changed_signal);
  ADD_TEST ("/store/check/clean", test_check_clean);
  ADD_FILE_TEST ("/store/check/foreign-key", test_check_foreign_key);   /* an orphan written with SQLite */
  ADD_FILE_TEST ("/store/backup/copy", test_backup);                    /* the backup file of a file */
  ADD_FILE_TEST ("/store/backup/never-overwrites", test_backup_never_overwrites); /* the same */

  return g_test_run ();
}
