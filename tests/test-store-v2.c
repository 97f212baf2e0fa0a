/* test-store-v2.c — the store for clinical rules version 2: schema 4, rule
 * settings, decisions, course ends and the new rating columns
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every test works in its own temporary folder; files are prepared and
 * inspected with SQLite directly.  Expected values are written by hand.
 * Day 739312 is 2025-03-02, so 2026-03-02 is 739677.
 */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "ebb-date.h"
#include "ebb-scale.h"
#include "ebb-store.h"
#include "ebb-test-utils.h"

/* Schema version 3 as released, frozen here so that the migration from it
 * is tested against the real thing and not against today's code. */
static const char schema_v3[] =
  "CREATE TABLE patient ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE CHECK (length (trim (code)) > 0),"
  "  name TEXT NOT NULL DEFAULT '',"
  "  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),"
  "  preferred_scale TEXT,"
  "  notes TEXT,"
  "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))"
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
  "CREATE TABLE session ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  status TEXT NOT NULL CHECK (status = 'scheduled' OR status = 'done' OR status = 'cancelled' OR status = 'missed'),"
  "  phase TEXT NOT NULL CHECK (phase = 'induction' OR phase = 'maintenance' OR phase = 'rescue'),"
  "  route TEXT NOT NULL CHECK (route = 'iv' OR route = 'im' OR route = 'intranasal' OR route = 'oral' OR route = 'sublingual'),"
  "  dose_mg REAL CHECK (dose_mg IS NULL OR dose_mg >= 0),"
  "  bp_before_systolic INTEGER,"
  "  bp_before_diastolic INTEGER,"
  "  bp_after_systolic INTEGER,"
  "  bp_after_diastolic INTEGER,"
  "  note TEXT"
  ");"
  "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status);"
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action = 'insert' OR action = 'update' OR action = 'delete'),"
  "  table_name TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,"
  "  patient_id INTEGER,"
  "  patient_code TEXT,"
  "  \"before\" TEXT,"
  "  \"after\" TEXT"
  ");"
  "CREATE INDEX audit_patient ON audit (patient_id);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "CREATE INDEX score_patient_time ON score (patient_id, day, second, id, scale, total, items);"
  "CREATE INDEX score_patient_scale_time ON score (patient_id, scale, day, second, id);"
  "PRAGMA user_version = 3;"
  "PRAGMA application_id = 1164075553;";

/* Rows as version 3 of Ebb wrote them: 2026-03-02 is day 739677. */
static const char rows_v3[] =
  "INSERT INTO patient VALUES (1, 'K-0007', 'Old Timer', 1960, 'PHQ-9', NULL, 0);"
  "INSERT INTO session VALUES (1, 1, '2026-03-02T09:30', 739677, 34200, 'done', 'maintenance',"
  "  'intranasal', 84.0, 152, 94, 181, 100, NULL);"
  "INSERT INTO score VALUES (1, 1, '2026-03-02', 739677, NULL, 'PHQ-9', 18,"
  "  '2 2 2 2 2 2 2 2 2', 'self', NULL);"
  "INSERT INTO audit VALUES (1, '2026-03-01T08:00:00Z', 'insert', 'patient', 1, 1, 'K-0007',"
  "  NULL, '{\"id\":1}');";

typedef EbbTestClinic Fixture;

/* Helpers */

static sqlite3 *
sql_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  return db;
}

static void
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = sql_open (path);
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db = sql_open (path);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

/* The first column of the first row, NULL as "(null)". */
static char *
sql_text (const char *path,
          const char *sql)
{
  sqlite3 *db = sql_open (path);
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    value = g_strdup ("(null)");
  else
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  return value;
}

static EbbStore *
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  EbbStore *store = ebb_store_open (fixture->path, EBB_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gint64
add_patient (EbbStore   *store,
             const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = ebb_patient_new (code, "A");

  g_assert_true (ebb_store_add_patient (store, patient, &error));
  g_assert_no_error (error);
  return patient->id;
}

static EbbRating *
new_rating (gint64      patient_id,
            const char *when,
            const char *scale,
            int         total)
{
  EbbRating *rating = ebb_rating_new ();

  rating->patient_id = patient_id;
  rating->when_text = g_strdup (when);
  rating->scale_id = g_strdup (scale);
  rating->total = total;
  return rating;
}

static EbbDecision *
new_decision (gint64       patient_id,
              EbbFlagKind  kind,
              const char  *scale,
              const char  *flag_date,
              const char  *note)
{
  EbbDecision *decision = ebb_decision_new ();

  decision->patient_id = patient_id;
  decision->kind = kind;
  decision->scale_id = g_strdup (scale);
  decision->flag_day = ebb_date_parse_day (flag_date, NULL);
  decision->note = g_strdup (note);
  return decision;
}

static gint64
add_end (EbbStore     *store,
         gint64        patient_id,
         const char   *date,
         EbbEndReason  reason,
         const char   *note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbCourseEnd) end = ebb_course_end_new ();

  end->patient_id = patient_id;
  end->day = ebb_date_parse_day (date, NULL);
  end->reason = reason;
  end->note = g_strdup (note);
  g_assert_true (ebb_store_add_course_end (store, end, &error));
  g_assert_no_error (error);
  g_assert_cmpint (end->id, >, 0);
  return end->id;
}

static GPtrArray *
list_audit (EbbStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *audit = ebb_store_list_audit (store, 0, &error);

  g_assert_no_error (error);
  return audit;
}

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
}

/* Schema 4 */

static void
test_migrate_from_v3 (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GPtrArray) ends = NULL;
  g_autoptr(EbbDecision) decision = NULL;
  g_autoptr(EbbRating) rating = NULL;
  g_autofree char *index_sql = NULL;
  EbbRuleSettings settings;
  const EbbSession *s;
  const EbbRating *c;
  sqlite3 *db;

  db = sql_open (fixture->path);
  g_assert_cmpint (sqlite3_exec (db, schema_v3, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, rows_v3, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  /* The old rows, whole. */
  patients = ebb_store_list_patients (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (patients->len, ==, 1);
  g_assert_cmpstr (((EbbPatient *) g_ptr_array_index (patients, 0))->code, ==, "K-0007");
  g_assert_cmpstr (((EbbPatient *) g_ptr_array_index (patients, 0))->preferred_scale, ==, "PHQ-9");

  sessions = ebb_store_list_sessions (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  s = g_ptr_array_index (sessions, 0);
  g_assert_cmpstr (s->when_text, ==, "2026-03-02T09:30");
  g_assert_cmpint (s->phase, ==, EBB_PHASE_MAINTENANCE);
  g_assert_cmpint (s->route, ==, EBB_ROUTE_INTRANASAL);
  g_assert_cmpfloat (s->dose_mg, ==, 84.0);
  {
    int bp[4];

    ebb_test_get_pressures (s, bp);
    g_assert_cmpint (bp[0], ==, 152);
    g_assert_cmpint (bp[3], ==, 100);
  }

  ratings = ebb_store_list_ratings (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 1);
  c = g_ptr_array_index (ratings, 0);
  g_assert_cmpstr (c->scale_id, ==, "PHQ-9");
  g_assert_cmpint (c->total, ==, 18);
  g_assert_cmpuint (c->n_items, ==, 9);
  g_assert_cmpstr (c->rater, ==, "self");
  /* Ratings of version 3 had neither: not asked, not known. */
  g_assert_cmpint (c->alert_item, ==, -1);
  g_assert_cmpint (c->dose_relation, ==, EBB_DOSE_RELATION_UNKNOWN);

  audit = ebb_store_list_audit (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((EbbAuditEntry *) g_ptr_array_index (audit, 0))->after, ==, "{\"id\":1}");

  /* The new tables, empty and working. */
  decisions = ebb_store_list_decisions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decisions->len, ==, 0);
  ends = ebb_store_list_course_ends (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ends->len, ==, 0);
  g_assert_true (ebb_store_load_rule_settings (store, &settings, &error));
  g_assert_no_error (error);
  g_assert_cmpint (settings.madrs_remission, ==, 10);

  g_assert_true (ebb_store_set_rule_setting (store, "madrs-remission", "12", &error));
  g_assert_no_error (error);
  decision = new_decision (1, EBB_FLAG_BLOOD_PRESSURE, NULL, "2026-03-02", "known hypertension, treated");
  g_assert_true (ebb_store_add_decision (store, decision, &error));
  g_assert_no_error (error);
  g_assert_cmpint (decision->id, ==, 1);
  g_assert_cmpint (add_end (store, 1, "2026-03-02", EBB_END_REASON_REMISSION, NULL), ==, 1);
  rating = new_rating (1, "2026-03-02", "PHQ-9", 20);
  rating->alert_item = 2;
  rating->dose_relation = EBB_DOSE_RELATION_AFTER;
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rating->id, ==, 2);
  g_clear_object (&store);

  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, EBB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM rule_setting"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM decision"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM course_end"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT alert_item FROM rating WHERE id = 2"), ==, 2);
  index_sql = sql_text (fixture->path, "SELECT dose_relation FROM rating WHERE id = 2");
  g_assert_cmpstr (index_sql, ==, "after");
  g_clear_pointer (&index_sql, g_free);
  index_sql = sql_text (fixture->path, "SELECT dose_relation FROM rating WHERE id = 1");
  g_assert_cmpstr (index_sql, ==, "(null)");
  g_clear_pointer (&index_sql, g_free);

  /* The rules read the new columns from the indexes alone (version 3's
   * promise), so the indexes were made again with them (and again under
   * the rating's name by version 7; the session's without the pressures,
   * which version 8 made readings, read from their own index). */
  index_sql = sql_text (fixture->path, "SELECT sql FROM sqlite_master WHERE name = 'rating_patient_time'");
  g_assert_cmpstr (index_sql, ==,
                   "CREATE INDEX rating_patient_time ON rating (patient_id, day, second, id, scale, total, items,"
                   "  alert_item, dose_relation)");
  g_clear_pointer (&index_sql, g_free);
  index_sql = sql_text (fixture->path, "SELECT sql FROM sqlite_master WHERE name = 'session_patient_time'");
  g_assert_cmpstr (index_sql, ==,
                   "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status, phase, route)");
  g_clear_pointer (&index_sql, g_free);
  index_sql = sql_text (fixture->path, "SELECT sql FROM sqlite_master WHERE name = 'reading_session_time'");
  g_assert_cmpstr (index_sql, ==,
                   "CREATE INDEX reading_session_time ON reading (session_id, time, id, pre_dose, systolic, diastolic)");

  /* The new tables keep their constraints: the dose relation's words, and
   * the foreign keys that take a patient's records with the patient. */
  db = sql_open (fixture->path);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE rating SET dose_relation = 'during' WHERE id = 1",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON;"
                                     "INSERT INTO course_end (patient_id, day) VALUES (42, 739677)",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO course_end (patient_id, day) VALUES (1, 739677)",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM patient", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM decision"), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM course_end"), ==, 0);
  /* Settings are the clinic's, not a patient's. */
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM rule_setting"), ==, 1);
}

/* Migration 4 fails as a whole: the file stays at version 3. */
static void
test_migrate_v4_failure_is_atomic (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;

  sql_exec (fixture->path, schema_v3);
  sql_exec (fixture->path, rows_v3);
  /* In the way of migration 4's third table, after its first two. */
  sql_exec (fixture->path, "CREATE TABLE course_end (x)");

  store = ebb_store_open (fixture->path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "schema 4"));

  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 3);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM sqlite_master WHERE name IN ('rule_setting', 'decision')"),
                   ==, 0);
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM pragma_table_info ('score') WHERE name = 'alert_item'"),
                   ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM score"), ==, 1);
}

/* Ratings: the alert item asked on its own, and before or after the dose */

static void
test_rating_new_columns (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_store (fixture);
  g_autoptr(EbbRating) asked = NULL;
  g_autoptr(EbbRating) plain = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  const EbbRating *c;
  gint64 p = add_patient (store, "K-1");

  asked = new_rating (p, "2026-03-02", "PHQ-9", 12);
  asked->alert_item = 0;
  asked->dose_relation = EBB_DOSE_RELATION_BEFORE;
  g_assert_true (ebb_store_add_rating (store, asked, &error));
  g_assert_no_error (error);
  plain = new_rating (p, "2026-03-02", "PHQ-9", 9);
  g_assert_true (ebb_store_add_rating (store, plain, &error));
  g_assert_no_error (error);

  ratings = ebb_store_list_ratings (store, p, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ratings->len, ==, 2);
  c = g_ptr_array_index (ratings, 0);
  /* 0 is an answer, not "not asked". */
  g_assert_cmpint (c->alert_item, ==, 0);
  g_assert_cmpint (c->dose_relation, ==, EBB_DOSE_RELATION_BEFORE);
  c = g_ptr_array_index (ratings, 1);
  g_assert_cmpint (c->alert_item, ==, -1);
  g_assert_cmpint (c->dose_relation, ==, EBB_DOSE_RELATION_UNKNOWN);

  /* Changed both ways. */
  asked->alert_item = -1;
  asked->dose_relation = EBB_DOSE_RELATION_UNKNOWN;
  plain->alert_item = 3;
  plain->dose_relation = EBB_DOSE_RELATION_AFTER;
  g_assert_true (ebb_store_update_rating (store, asked, &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_update_rating (store, plain, &error));
  g_assert_no_error (error);
  g_clear_pointer (&ratings, g_ptr_array_unref);
  ratings = ebb_store_list_ratings (store, p, &error);
  g_assert_no_error (error);
  c = g_ptr_array_index (ratings, 0);
  g_assert_cmpint (c->alert_item, ==, -1);
  g_assert_cmpint (c->dose_relation, ==, EBB_DOSE_RELATION_UNKNOWN);
  c = g_ptr_array_index (ratings, 1);
  g_assert_cmpint (c->alert_item, ==, 3);
  g_assert_cmpint (c->dose_relation, ==, EBB_DOSE_RELATION_AFTER);

  audit = list_audit (store);
  g_assert_cmpuint (audit->len, ==, 5);
  assert_audit (g_ptr_array_index (audit, 1), "insert", "rating", 1, "K-1", NULL,
                "{\"id\":1,\"patient_id\":1,\"at\":\"2026-03-02\",\"scale\":\"PHQ-9\","
                "\"total\":12,\"items\":null,\"rater\":null,\"note\":null,"
                "\"alert_item\":0,\"dose_relation\":\"before\"}");
  assert_audit (g_ptr_array_index (audit, 4), "update", "rating", 2, "K-1",
                "{\"id\":2,\"patient_id\":1,\"at\":\"2026-03-02\",\"scale\":\"PHQ-9\","
                "\"total\":9,\"items\":null,\"rater\":null,\"note\":null,"
                "\"alert_item\":null,\"dose_relation\":null}",
                "{\"id\":2,\"patient_id\":1,\"at\":\"2026-03-02\",\"scale\":\"PHQ-9\","
                "\"total\":9,\"items\":null,\"rater\":null,\"note\":null,"
                "\"alert_item\":3,\"dose_relation\":\"after\"}");
}

static void
test_rating_alert_item_refused (Fixture       *fixture,
                                gconstpointer  data)
{
  static const int phq9_items[9] = { 2, 2, 2, 2, 2, 2, 2, 2, 1 };
  static const struct
  {
    const char *scale;
    int         total;
    gboolean    with_items;
    int         alert_item;
    const char *message;
  } cases[] = {
    { "GAD-7", 12, FALSE, 1, "GAD-7 has no suicide item: leave the alert item empty" },
    { "PHQ-9", 12, FALSE, 4, "PHQ-9 item 9 must be 0–3, not 4" },
    { "MADRS", 30, FALSE, 7, "MADRS item 10 must be 0–6, not 7" },
    { "PHQ-9", 1, FALSE, 2, "PHQ-9 item 9 was given as 2, more than the total of 1" },
    { "PHQ-9", 17, TRUE, 2, "PHQ-9 item 9 was given as 2, but the item values have 1" },
  };
  g_autoptr(EbbStore) store = open_store (fixture);
  gint64 p = add_patient (store, "K-1");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EbbRating) rating = new_rating (p, "2026-03-02", cases[i].scale, cases[i].total);

      if (cases[i].with_items)
        ebb_rating_set_items (rating, phq9_items, G_N_ELEMENTS (phq9_items));
      rating->alert_item = cases[i].alert_item;
      g_assert_false (ebb_store_add_rating (store, rating, &error));
      g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* Items and the alert item given alike agree. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EbbRating) rating = new_rating (p, "2026-03-02", "PHQ-9", 17);

    ebb_rating_set_items (rating, phq9_items, G_N_ELEMENTS (phq9_items));
    rating->alert_item = 1;
    g_assert_true (ebb_store_add_rating (store, rating, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EbbRating) rating = new_rating (p, "2026-03-02", "PHQ-9", 17);

    rating->dose_relation = (EbbDoseRelation) 3;
    g_assert_false (ebb_store_add_rating (store, rating, &error));
    g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  }
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM rating"), ==, 1);
}

/* Rule settings */

static void
assert_defaults (const EbbRuleSettings *settings)
{
  g_assert_cmpfloat (settings->response_fraction, ==, 0.5);
  g_assert_cmpint (settings->baseline_window_days, ==, 30);
  g_assert_cmpint (settings->course_gap_days, ==, 90);
  g_assert_cmpint (settings->madrs_remission, ==, 10);
  g_assert_cmpint (settings->fade_run_days, ==, 14);
  g_assert_cmpint (settings->unrecorded_days, ==, 3);
  g_assert_cmpint (settings->bp_before.systolic, ==, 140);
  g_assert_cmpint (settings->bp_before.diastolic, ==, 90);
  g_assert_cmpint (settings->bp_after.systolic, ==, 180);
  g_assert_cmpint (settings->bp_after.diastolic, ==, 110);
  g_assert_cmpint (settings->bp_before_treated.systolic, ==, 160);
  g_assert_cmpint (settings->bp_before_treated.diastolic, ==, 100);
  for (guint i = 0; i < EBB_RULE_SETTINGS_MAX_SCALES; i++)
    g_assert_cmpint (settings->meaningful_change[i], ==, 0);
}

static void
test_rule_settings_defaults (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_store (fixture);
  EbbRuleSettings settings;

  memset (&settings, 0xff, sizeof settings);
  g_assert_true (ebb_store_load_rule_settings (store, &settings, &error));
  g_assert_no_error (error);
  assert_defaults (&settings);
}

static void
test_rule_settings_set_and_reset (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_store (fixture);
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *stored = NULL;
  EbbRuleSettings settings;
  const EbbScale *phq9 = ebb_scale_lookup ("PHQ-9");
  const EbbScale *madrs = ebb_scale_lookup ("MADRS");

  g_assert_true (ebb_store_set_rule_setting (store, "madrs-remission", "12", &error));
  g_assert_no_error (error);
  /* Stored in the canonical form. */
  g_assert_true (ebb_store_set_rule_setting (store, "response-fraction", "60%", &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_set_rule_setting (store, "bp-before", " 150 / 95 ", &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_set_rule_setting (store, "meaningful-change.PHQ-9", "6", &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_set_rule_setting (store, "madrs-remission", "11", &error));
  g_assert_no_error (error);

  /* Read by another connection, as another workstation would. */
  g_clear_object (&store);
  store = open_store (fixture);
  g_assert_true (ebb_store_load_rule_settings (store, &settings, &error));
  g_assert_no_error (error);
  g_assert_cmpint (settings.madrs_remission, ==, 11);
  g_assert_cmpfloat (settings.response_fraction, ==, 0.6);
  g_assert_cmpint (settings.bp_before.systolic, ==, 150);
  g_assert_cmpint (settings.bp_before.diastolic, ==, 95);
  g_assert_cmpint (ebb_rule_settings_meaningful_change (&settings, phq9), ==, 6);
  g_assert_cmpint (ebb_rule_settings_meaningful_change (&settings, madrs), ==, 6);
  g_assert_cmpint (settings.baseline_window_days, ==, 30);
  stored = sql_text (fixture->path, "SELECT value FROM rule_setting WHERE key = 'response-fraction'");
  g_assert_cmpstr (stored, ==, "0.6");
  g_clear_pointer (&stored, g_free);
  stored = sql_text (fixture->path, "SELECT value FROM rule_setting WHERE key = 'bp-before'");
  g_assert_cmpstr (stored, ==, "150/95");

  /* The same value again, and a reset of a setting at its default, change
   * nothing and are not audited. */
  g_assert_true (ebb_store_set_rule_setting (store, "madrs-remission", "11", &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_set_rule_setting (store, "baseline-days", NULL, &error));
  g_assert_no_error (error);

  /* A reset deletes the row: the default applies again. */
  g_assert_true (ebb_store_set_rule_setting (store, "madrs-remission", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ebb_store_load_rule_settings (store, &settings, &error));
  g_assert_no_error (error);
  g_assert_cmpint (settings.madrs_remission, ==, 10);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM rule_setting"), ==, 3);

  /* A value equal to the default is a clinic's choice, and kept. */
  g_assert_true (ebb_store_set_rule_setting (store, "fade-run-days", "14", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM rule_setting"), ==, 4);

  audit = list_audit (store);
  g_assert_cmpuint (audit->len, ==, 7);
  assert_audit (g_ptr_array_index (audit, 0), "insert", "rule_setting", 1, NULL, NULL,
                "{\"key\":\"madrs-remission\",\"value\":\"12\"}");
  assert_audit (g_ptr_array_index (audit, 1), "insert", "rule_setting", 2, NULL, NULL,
                "{\"key\":\"response-fraction\",\"value\":\"0.6\"}");
  assert_audit (g_ptr_array_index (audit, 2), "insert", "rule_setting", 3, NULL, NULL,
                "{\"key\":\"bp-before\",\"value\":\"150/95\"}");
  assert_audit (g_ptr_array_index (audit, 3), "insert", "rule_setting", 4, NULL, NULL,
                "{\"key\":\"meaningful-change.PHQ-9\",\"value\":\"6\"}");
  assert_audit (g_ptr_array_index (audit, 4), "update", "rule_setting", 1, NULL,
                "{\"key\":\"madrs-remission\",\"value\":\"12\"}",
                "{\"key\":\"madrs-remission\",\"value\":\"11\"}");
  assert_audit (g_ptr_array_index (audit, 5), "delete", "rule_setting", 1, NULL,
                "{\"key\":\"madrs-remission\",\"value\":\"11\"}", NULL);
  assert_audit (g_ptr_array_index (audit, 6), "insert", "rule_setting", 5, NULL, NULL,
                "{\"key\":\"fade-run-days\",\"value\":\"14\"}");
  /* No patient's trail holds them. */
  g_assert_cmpint (sql_int (fixture->path,
                            "SELECT count(*) FROM audit WHERE patient_id IS NULL"), ==, 7);
}

static void
test_rule_settings_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_store (fixture);
  g_autoptr(EbbStore) read_only = NULL;

  g_assert_false (ebb_store_set_rule_setting (store, "madrs-cutoff", "12", &error));
  g_assert_error (error, EBB_RULE_SETTINGS_ERROR, EBB_RULE_SETTINGS_ERROR_UNKNOWN_KEY);
  g_assert_nonnull (strstr (error->message, "madrs-cutoff"));
  g_clear_error (&error);
  g_assert_false (ebb_store_set_rule_setting (store, "madrs-cutoff", NULL, &error));
  g_assert_error (error, EBB_RULE_SETTINGS_ERROR, EBB_RULE_SETTINGS_ERROR_UNKNOWN_KEY);
  g_assert_cmpstr (error->message, ==, "“madrs-cutoff” is not a rule setting");
  g_clear_error (&error);
  /* A side-effect scale has no meaningful change to set. */
  g_assert_false (ebb_store_set_rule_setting (store, "meaningful-change.CADSS", "5", &error));
  g_assert_error (error, EBB_RULE_SETTINGS_ERROR, EBB_RULE_SETTINGS_ERROR_UNKNOWN_KEY);
  g_clear_error (&error);

  g_assert_false (ebb_store_set_rule_setting (store, "madrs-remission", "twelve", &error));
  g_assert_error (error, EBB_RULE_SETTINGS_ERROR, EBB_RULE_SETTINGS_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "madrs-remission: "));
  g_clear_error (&error);
  g_assert_false (ebb_store_set_rule_setting (store, "bp-before", "90/140", &error));
  g_assert_error (error, EBB_RULE_SETTINGS_ERROR, EBB_RULE_SETTINGS_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "bp-before: "));
  g_clear_error (&error);

  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM rule_setting"), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM audit"), ==, 0);

  /* Read-only: loaded, never written. */
  g_clear_object (&store);
  read_only = ebb_store_open (fixture->path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (ebb_store_set_rule_setting (read_only, "madrs-remission", "12", &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
}

/* A row this version cannot use is left at its default, with a warning
 * that names the key and nothing else. */
static void
test_rule_settings_unusable_row (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_store (fixture);
  EbbRuleSettings settings;

  g_assert_true (ebb_store_set_rule_setting (store, "course-gap-days", "120", &error));
  g_assert_no_error (error);
  sql_exec (fixture->path,
            "INSERT INTO rule_setting VALUES ('madrs-remission', 'K-0042 was 99');"
            "INSERT INTO rule_setting VALUES ('retired-setting', '7');");

  g_test_expect_message ("ebb-store", G_LOG_LEVEL_WARNING,
                         "The clinic file's rule setting “madrs-remission” cannot be used; its default applies");
  g_test_expect_message ("ebb-store", G_LOG_LEVEL_WARNING,
                         "The clinic file's rule setting “retired-setting” cannot be used; its default applies");
  g_assert_true (ebb_store_load_rule_settings (store, &settings, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpint (settings.madrs_remission, ==, 10);
  g_assert_cmpint (settings.course_gap_days, ==, 120);
}

/* Decisions */

static void
test_decisions (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_store (fixture);
  g_autoptr(EbbDecision) first = NULL;
  g_autoptr(EbbDecision) second = NULL;
  g_autoptr(EbbDecision) third = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  const EbbDecision *d;
  gint64 p1 = add_patient (store, "K-1");
  gint64 p2 = add_patient (store, "K-2");

  /* Dated now and signed by this account when the caller does not say. */
  first = new_decision (p2, EBB_FLAG_SUICIDE_ITEM, "phq9", "2026-03-02", "  assessed, safety plan  ");
  g_assert_true (ebb_store_add_decision (store, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (first->id, ==, 1);
  g_assert_cmpstr (first->scale_id, ==, "PHQ-9");
  g_assert_cmpstr (first->note, ==, "assessed, safety plan");
  g_assert_true (g_str_has_prefix (first->decided_at, today));
  g_assert_cmpint (first->decided.day, ==, ebb_date_today ());
  g_assert_cmpstr (first->user_name, ==, g_get_user_name ());

  /* Or as the caller brings them. */
  second = new_decision (p1, EBB_FLAG_FADED, "MADRS", "2026-03-09", "dose increased");
  g_assert_true (ebb_decision_set_decided_at (second, "2026-03-10T11:00:00", &error));
  g_assert_no_error (error);
  second->user_name = g_strdup ("dra");
  second->real_name = g_strdup ("Dr A. Example");
  g_assert_true (ebb_store_add_decision (store, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (second->id, ==, 2);

  third = new_decision (p1, EBB_FLAG_LAPSED, NULL, "2026-04-01", "moved abroad, letter sent");
  g_assert_true (ebb_decision_set_decided_at (third, "2026-04-02", &error));
  g_assert_no_error (error);
  third->user_name = g_strdup ("drb");
  third->real_name = g_strdup ("");
  g_assert_true (ebb_store_add_decision (store, third, &error));
  g_assert_no_error (error);
  g_assert_null (third->real_name);

  all = ebb_store_list_decisions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  /* By patient, then as recorded. */
  g_assert_cmpint (((EbbDecision *) g_ptr_array_index (all, 0))->id, ==, 2);
  g_assert_cmpint (((EbbDecision *) g_ptr_array_index (all, 1))->id, ==, 3);
  g_assert_cmpint (((EbbDecision *) g_ptr_array_index (all, 2))->id, ==, 1);

  mine = ebb_store_list_decisions (store, p1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 2);
  d = g_ptr_array_index (mine, 0);
  g_assert_cmpint (d->id, ==, 2);
  g_assert_cmpint (d->patient_id, ==, p1);
  g_assert_cmpint (d->kind, ==, EBB_FLAG_FADED);
  g_assert_cmpstr (d->scale_id, ==, "MADRS");
  /* 2026-03-09 is day 739684; 2026-03-10 is 739685. */
  g_assert_cmpint (d->flag_day, ==, 739684);
  g_assert_cmpstr (d->note, ==, "dose increased");
  g_assert_cmpstr (d->decided_at, ==, "2026-03-10T11:00:00");
  g_assert_cmpint (d->decided.day, ==, 739685);
  g_assert_cmpint (d->decided.second, ==, 11 * 3600);
  g_assert_cmpstr (d->user_name, ==, "dra");
  g_assert_cmpstr (d->real_name, ==, "Dr A. Example");
  d = g_ptr_array_index (mine, 1);
  g_assert_cmpint (d->kind, ==, EBB_FLAG_LAPSED);
  g_assert_null (d->scale_id);
  g_assert_cmpint (d->decided.second, ==, -1);
  g_assert_null (d->real_name);
  g_assert_cmpint (sql_int (fixture->path, "SELECT decided_day FROM decision WHERE id = 2"), ==, 739685);
  g_assert_cmpint (sql_int (fixture->path, "SELECT flag_day FROM decision WHERE id = 3"), ==, 739707);

  /* Undo takes one back; the trail keeps it. */
  g_assert_true (ebb_store_delete_decision (store, second->id, &error));
  g_assert_no_error (error);
  g_assert_false (ebb_store_delete_decision (store, second->id, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_assert_cmpstr (error->message, ==, "There is no decision with id 2: it may have been deleted");
  g_clear_error (&error);
  after = ebb_store_list_decisions (store, p1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 1);

  audit = list_audit (store);
  g_assert_cmpuint (audit->len, ==, 6);
  assert_audit (g_ptr_array_index (audit, 3), "insert", "decision", 2, "K-1", NULL,
                "{\"id\":2,\"patient_id\":1,\"kind\":\"faded\",\"scale\":\"MADRS\","
                "\"flag_date\":\"2026-03-09\",\"note\":\"dose increased\","
                "\"decided_at\":\"2026-03-10T11:00:00\",\"user_name\":\"dra\","
                "\"real_name\":\"Dr A. Example\"}");
  assert_audit (g_ptr_array_index (audit, 5), "delete", "decision", 2, "K-1",
                "{\"id\":2,\"patient_id\":1,\"kind\":\"faded\",\"scale\":\"MADRS\","
                "\"flag_date\":\"2026-03-09\",\"note\":\"dose increased\","
                "\"decided_at\":\"2026-03-10T11:00:00\",\"user_name\":\"dra\","
                "\"real_name\":\"Dr A. Example\"}",
                NULL);
  g_assert_cmpstr (((EbbAuditEntry *) g_ptr_array_index (audit, 2))->table_name, ==, "decision");
  g_assert_cmpstr (((EbbAuditEntry *) g_ptr_array_index (audit, 2))->patient_code, ==, "K-2");
}

static void
test_decisions_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_store (fixture);
  g_autofree char *long_note = NULL;
  g_autofree char *longest_note = NULL;
  gint64 p = add_patient (store, "K-1");
  GString *text = g_string_new (NULL);
  static const struct
  {
    EbbFlagKind  kind;
    const char  *scale;
    const char  *flag_date;   /* NULL: no flag date */
    const char  *note;
    const char  *message;
  } cases[] = {
    { EBB_FLAG_FADED, "MADRS", "2026-03-02", NULL,
      "A decision needs a note: a few words such as “reviewed, continue” or “dose increased”" },
    { EBB_FLAG_FADED, "MADRS", "2026-03-02", " \t\n ",
      "A decision needs a note: a few words such as “reviewed, continue” or “dose increased”" },
    { EBB_FLAG_FADED, "MADRS", NULL, "reviewed",
      "A decision needs the date of the flag it is about" },
    { EBB_FLAG_SUICIDE_ITEM, NULL, "2026-03-02", "assessed",
      "A decision on a suicide-item flag needs the flag's scale" },
    { EBB_FLAG_MISSED, "PHQ-9", "2026-03-02", "called",
      "A missed flag is about sessions, not a scale: leave the scale empty" },
    { EBB_FLAG_BLOOD_PRESSURE, "PHQ-9", "2026-03-02", "treated",
      "A blood-pressure flag is about sessions, not a scale: leave the scale empty" },
    { EBB_N_FLAG_KINDS, NULL, "2026-03-02", "reviewed",
      "The decision's kind of flag is not one Ebb knows" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EbbDecision) decision = NULL;

      decision = new_decision (p, cases[i].kind, cases[i].scale,
                               cases[i].flag_date != NULL ? cases[i].flag_date : "2026-03-02",
                               cases[i].note);
      if (cases[i].flag_date == NULL)
        decision->flag_day = 0;
      g_assert_false (ebb_store_add_decision (store, decision, &error));
      g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpint (decision->id, ==, 0);
    }

  /* 500 characters, not bytes: "é" is two bytes. */
  for (guint i = 0; i < 500; i++)
    g_string_append (text, "é");
  longest_note = g_strdup (text->str);
  g_string_append_c (text, '.');
  long_note = g_string_free (text, FALSE);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EbbDecision) decision = new_decision (p, EBB_FLAG_FADED, "MADRS", "2026-03-02", long_note);

    g_assert_false (ebb_store_add_decision (store, decision, &error));
    g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
    g_assert_cmpstr (error->message, ==, "The note is 501 characters long: keep it to 500");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EbbDecision) decision = new_decision (p, EBB_FLAG_FADED, "MADRS", "2026-03-02",
                                                    longest_note);

    g_assert_true (ebb_store_add_decision (store, decision, &error));
    g_assert_no_error (error);
  }

  /* An unknown scale, in the catalogue's words. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EbbDecision) decision = new_decision (p, EBB_FLAG_WORSENING, "HADS", "2026-03-02", "x");

    g_assert_false (ebb_store_add_decision (store, decision, &error));
    g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
    g_assert_nonnull (strstr (error->message, "HADS"));
  }
  /* No such patient. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EbbDecision) decision = new_decision (42, EBB_FLAG_MISSED, NULL, "2026-03-02", "called");

    g_assert_false (ebb_store_add_decision (store, decision, &error));
    g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
    g_assert_cmpstr (error->message, ==, "The decision cannot be stored: there is no patient with id 42");
  }
  /* A date brought by the caller comes with a name, and is a date. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EbbDecision) decision = new_decision (p, EBB_FLAG_MISSED, NULL, "2026-03-02", "called");

    decision->decided_at = g_strdup ("2026-03-03T09:00");
    g_assert_false (ebb_store_add_decision (store, decision, &error));
    g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
    g_assert_cmpstr (error->message, ==, "A decision needs the name of who made it");
    g_clear_error (&error);

    decision->user_name = g_strdup ("dra");
    g_free (decision->decided_at);
    decision->decided_at = g_strdup ("yesterday");
    g_assert_false (ebb_store_add_decision (store, decision, &error));
    g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(EbbDecision) decision = new_decision (p, EBB_FLAG_MISSED, NULL, "2026-03-02", "caf\xe9");

    g_assert_false (ebb_store_add_decision (store, decision, &error));
    g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
    g_assert_cmpstr (error->message, ==, "The decision note is not valid UTF-8 text");
  }

  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM decision"), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM audit WHERE table_name = 'decision'"), ==, 1);
}

/* A decision or an end the file holds but this version cannot read is
 * reported as such, not skipped: it closes a flag. */
static void
test_unreadable_rows (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_store (fixture);
  g_autoptr(GPtrArray) decisions = NULL;
  g_autoptr(GPtrArray) ends = NULL;
  g_autoptr(EbbDecision) decision = NULL;
  gint64 p = add_patient (store, "K-1");

  decision = new_decision (p, EBB_FLAG_FADED, "MADRS", "2026-03-02", "dose increased");
  g_assert_true (ebb_store_add_decision (store, decision, &error));
  g_assert_no_error (error);
  add_end (store, p, "2026-03-20", EBB_END_REASON_OTHER, NULL);
  sql_exec (fixture->path,
            "UPDATE decision SET kind = 'fadeout';"
            "UPDATE course_end SET reason = 'bored';");

  decisions = ebb_store_list_decisions (store, 0, &error);
  g_assert_null (decisions);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT);
  g_assert_true (g_str_has_prefix (error->message, "Decision 1 in "));
  g_clear_error (&error);
  ends = ebb_store_list_course_ends (store, p, &error);
  g_assert_null (ends);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT);
  g_assert_true (g_str_has_prefix (error->message, "Course end 1 in "));
}

/* Course ends */

static void
test_course_ends (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_store (fixture);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(EbbCourseEnd) twice = ebb_course_end_new ();
  const EbbCourseEnd *e;
  gint64 p1 = add_patient (store, "K-1");
  gint64 p2 = add_patient (store, "K-2");
  gint64 later, earlier, other, again;

  /* Several per patient, each kept: a later end never removes an earlier one. */
  later = add_end (store, p1, "2026-06-30", EBB_END_REASON_STOPPED_BY_PATIENT, "  prefers to pause ");
  other = add_end (store, p2, "2026-06-30", EBB_END_REASON_NONE, NULL);
  earlier = add_end (store, p1, "2026-03-20", EBB_END_REASON_REMISSION, "   ");

  all = ebb_store_list_course_ends (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpint (((EbbCourseEnd *) g_ptr_array_index (all, 0))->id, ==, later);
  g_assert_cmpint (((EbbCourseEnd *) g_ptr_array_index (all, 1))->id, ==, earlier);
  g_assert_cmpint (((EbbCourseEnd *) g_ptr_array_index (all, 2))->id, ==, other);

  mine = ebb_store_list_course_ends (store, p1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 2);
  e = g_ptr_array_index (mine, 0);
  g_assert_cmpint (e->patient_id, ==, p1);
  /* 2026-06-30 is day 739797. */
  g_assert_cmpint (e->day, ==, 739797);
  g_assert_cmpint (e->reason, ==, EBB_END_REASON_STOPPED_BY_PATIENT);
  g_assert_cmpstr (e->note, ==, "prefers to pause");
  e = g_ptr_array_index (mine, 1);
  g_assert_cmpint (e->reason, ==, EBB_END_REASON_REMISSION);
  g_assert_null (e->note);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM course_end WHERE reason IS NULL"), ==, 1);

  /* One end a day. */
  twice->patient_id = p1;
  twice->day = 739797;
  twice->reason = EBB_END_REASON_MOVED;
  g_assert_false (ebb_store_add_course_end (store, twice, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
  g_assert_cmpstr (error->message, ==, "K-1 already has a course end on 2026-06-30");
  g_clear_error (&error);
  g_assert_cmpint (twice->id, ==, 0);

  /* Undone, then recorded again. */
  g_assert_true (ebb_store_delete_course_end (store, later, &error));
  g_assert_no_error (error);
  g_assert_false (ebb_store_delete_course_end (store, later, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW);
  g_assert_cmpstr (error->message, ==, "There is no course end with id 1: it may have been deleted");
  g_clear_error (&error);
  g_assert_true (ebb_store_add_course_end (store, twice, &error));
  g_assert_no_error (error);
  again = twice->id;
  g_assert_cmpint (again, ==, 4);

  audit = list_audit (store);
  g_assert_cmpuint (audit->len, ==, 7);
  assert_audit (g_ptr_array_index (audit, 2), "insert", "course_end", later, "K-1", NULL,
                "{\"id\":1,\"patient_id\":1,\"date\":\"2026-06-30\",\"reason\":\"stopped-by-patient\","
                "\"note\":\"prefers to pause\"}");
  assert_audit (g_ptr_array_index (audit, 3), "insert", "course_end", other, "K-2", NULL,
                "{\"id\":2,\"patient_id\":2,\"date\":\"2026-06-30\",\"reason\":null,\"note\":null}");
  assert_audit (g_ptr_array_index (audit, 5), "delete", "course_end", later, "K-1",
                "{\"id\":1,\"patient_id\":1,\"date\":\"2026-06-30\",\"reason\":\"stopped-by-patient\","
                "\"note\":\"prefers to pause\"}",
                NULL);
  assert_audit (g_ptr_array_index (audit, 6), "insert", "course_end", again, "K-1", NULL,
                "{\"id\":4,\"patient_id\":1,\"date\":\"2026-06-30\",\"reason\":\"moved\",\"note\":null}");
}

static void
test_course_ends_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_store (fixture);
  gint64 p = add_patient (store, "K-1");
  static const struct
  {
    gint64        patient;   /* 0: the patient */
    gint32        day;
    EbbEndReason  reason;
    const char   *message;
  } cases[] = {
    { 0, 0, EBB_END_REASON_OTHER, "The end of a course needs a date" },
    { 0, 739797, (EbbEndReason) 6, "The reason the course ended is not one Ebb knows" },
    { 42, 739797, EBB_END_REASON_OTHER,
      "The end of the course cannot be stored: there is no patient with id 42" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EbbCourseEnd) end = ebb_course_end_new ();

      end->patient_id = cases[i].patient != 0 ? cases[i].patient : p;
      end->day = cases[i].day;
      end->reason = cases[i].reason;
      g_assert_false (ebb_store_add_course_end (store, end, &error));
      g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM course_end"), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM audit WHERE table_name = 'course_end'"), ==, 0);
}

/* The walk for the rules: every patient's records, as the rules read them */

typedef struct
{
  GPtrArray *codes;         /* char*, as visited */
  GPtrArray *sessions;      /* GPtrArray*, kept past the call */
  GPtrArray *ratings;
  GPtrArray *course_ends;
  GPtrArray *decisions;
} Walked;

static void
walked_cb (const EbbPatientRecords *records,
           gpointer                 user_data)
{
  Walked *walked = user_data;

  g_ptr_array_add (walked->codes, g_strdup (records->patient->code));
  g_ptr_array_add (walked->sessions, g_ptr_array_ref (records->sessions));
  g_ptr_array_add (walked->ratings, g_ptr_array_ref (records->ratings));
  g_ptr_array_add (walked->course_ends, g_ptr_array_ref (records->course_ends));
  g_ptr_array_add (walked->decisions, g_ptr_array_ref (records->decisions));
}

/* One patient as the rules scan hands it back. */
typedef struct
{
  char      *code;
  GPtrArray *course_ends;
  GPtrArray *decisions;
} Scanned;

static void
scanned_free (Scanned *scanned)
{
  g_free (scanned->code);
  g_ptr_array_unref (scanned->course_ends);
  g_ptr_array_unref (scanned->decisions);
  g_free (scanned);
}

static void
scanned_cb (const EbbPatientRecords *records,
            GPtrArray               *found,
            gpointer                 user_data)
{
  Scanned *scanned = g_new0 (Scanned, 1);

  scanned->code = g_strdup (records->patient->code);
  scanned->course_ends = g_ptr_array_ref (records->course_ends);
  scanned->decisions = g_ptr_array_ref (records->decisions);
  g_ptr_array_add (found, scanned);
}

static void
test_walk_for_rules (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = open_store (fixture);
  g_autoptr(EbbSession) session = ebb_session_new ();
  g_autoptr(EbbRating) rating = NULL;
  g_autoptr(EbbDecision) d1 = NULL;
  g_autoptr(EbbDecision) d2 = NULL;
  gint64 p1 = add_patient (store, "K-1");
  gint64 p2 = add_patient (store, "K-2");   /* with no records at all */
  gint64 p3 = add_patient (store, "K-3");
  Walked walked = {
    g_ptr_array_new_with_free_func (g_free),
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref),
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref),
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref),
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref),
  };
  const EbbSession *s;
  const EbbRating *c;
  const EbbCourseEnd *e;
  const EbbDecision *d;
  GPtrArray *list;

  session->patient_id = p1;
  session->when_text = g_strdup ("2026-03-02T09:30");
  session->status = EBB_SESSION_DONE;
  session->phase = EBB_PHASE_RESCUE;
  session->route = EBB_ROUTE_INTRANASAL;
  session->dose_mg = 84;
  session->note = g_strdup ("not read by the rules");
  g_assert_true (ebb_store_add_session (store, session, &error));
  g_assert_no_error (error);
  ebb_test_store_pressures (store, session->id, 152, 94, 181, 111);

  rating = new_rating (p1, "2026-03-02", "PHQ-9", 25);
  rating->alert_item = 2;
  rating->dose_relation = EBB_DOSE_RELATION_AFTER;
  g_assert_true (ebb_store_add_rating (store, rating, &error));
  g_assert_no_error (error);

  add_end (store, p3, "2026-06-30", EBB_END_REASON_MOVED, "to Lyon");
  add_end (store, p1, "2026-05-31", EBB_END_REASON_REMISSION, NULL);
  add_end (store, p1, "2026-04-30", EBB_END_REASON_NONE, NULL);
  d1 = new_decision (p3, EBB_FLAG_LAPSED, NULL, "2026-06-01", "letter sent");
  g_assert_true (ebb_store_add_decision (store, d1, &error));
  g_assert_no_error (error);
  d2 = new_decision (p1, EBB_FLAG_SUICIDE_ITEM, "PHQ-9", "2026-03-02", "assessed, safety plan");
  g_assert_true (ebb_store_add_decision (store, d2, &error));
  g_assert_no_error (error);

  g_assert_true (ebb_store_foreach_patient_for_rules (store, walked_cb, &walked, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (walked.codes->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (walked.codes, 0), ==, "K-1");
  g_assert_cmpstr (g_ptr_array_index (walked.codes, 1), ==, "K-2");
  g_assert_cmpstr (g_ptr_array_index (walked.codes, 2), ==, "K-3");
  g_assert_cmpint (p2, ==, 2);

  /* K-1: what the rules of version 2 read of a session and a rating. */
  list = g_ptr_array_index (walked.sessions, 0);
  g_assert_cmpuint (list->len, ==, 1);
  s = g_ptr_array_index (list, 0);
  g_assert_cmpint (s->when.day, ==, 739677);
  g_assert_cmpint (s->when.second, ==, 34200);
  g_assert_cmpint (s->status, ==, EBB_SESSION_DONE);
  g_assert_cmpint (s->phase, ==, EBB_PHASE_RESCUE);
  g_assert_cmpint (s->route, ==, EBB_ROUTE_INTRANASAL);
  {
    int bp[4];

    ebb_test_get_pressures (s, bp);
    g_assert_cmpint (bp[0], ==, 152);
    g_assert_cmpint (bp[1], ==, 94);
    g_assert_cmpint (bp[2], ==, 181);
    g_assert_cmpint (bp[3], ==, 111);
  }
  /* …and only that. */
  g_assert_null (s->when_text);
  g_assert_null (s->note);
  g_assert_cmpfloat (s->dose_mg, <, 0);

  list = g_ptr_array_index (walked.ratings, 0);
  g_assert_cmpuint (list->len, ==, 1);
  c = g_ptr_array_index (list, 0);
  g_assert_cmpstr (c->scale_id, ==, "PHQ-9");
  g_assert_cmpint (c->total, ==, 25);
  g_assert_cmpint (c->alert_item, ==, 2);
  g_assert_cmpint (c->dose_relation, ==, EBB_DOSE_RELATION_AFTER);

  /* Ends and decisions in the order recorded, not by day. */
  list = g_ptr_array_index (walked.course_ends, 0);
  g_assert_cmpuint (list->len, ==, 2);
  e = g_ptr_array_index (list, 0);
  g_assert_cmpint (e->day, ==, 739767);
  g_assert_cmpint (e->reason, ==, EBB_END_REASON_REMISSION);
  e = g_ptr_array_index (list, 1);
  g_assert_cmpint (e->day, ==, 739736);
  g_assert_cmpint (e->reason, ==, EBB_END_REASON_NONE);
  list = g_ptr_array_index (walked.decisions, 0);
  g_assert_cmpuint (list->len, ==, 1);
  d = g_ptr_array_index (list, 0);
  g_assert_cmpint (d->kind, ==, EBB_FLAG_SUICIDE_ITEM);
  g_assert_cmpstr (d->scale_id, ==, "PHQ-9");
  g_assert_cmpstr (d->note, ==, "assessed, safety plan");
  g_assert_cmpint (d->decided.day, ==, ebb_date_today ());

  /* K-2 has nothing: empty arrays, never NULL. */
  for (guint i = 0; i < 4; i++)
    {
      GPtrArray *lists[] = { walked.sessions, walked.ratings, walked.course_ends, walked.decisions };

      g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (lists[i], 1))->len, ==, 0);
    }

  /* K-3: its own only. */
  list = g_ptr_array_index (walked.course_ends, 2);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((EbbCourseEnd *) g_ptr_array_index (list, 0))->note, ==, "to Lyon");
  list = g_ptr_array_index (walked.decisions, 2);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((EbbDecision *) g_ptr_array_index (list, 0))->kind, ==, EBB_FLAG_LAPSED);

  /* The scan the rules use reads the same; inside a transaction, here. */
  g_clear_object (&store);
  store = open_store (fixture);
  g_assert_true (ebb_store_begin (store, &error));
  {
    g_autoptr(GPtrArray) scanned = ebb_store_scan_for_rules (store, scanned_cb, NULL,
                                                             (GDestroyNotify) scanned_free, &error);
    const Scanned *k1, *k3;

    g_assert_no_error (error);
    g_assert_cmpuint (scanned->len, ==, 3);
    k1 = g_ptr_array_index (scanned, 0);
    k3 = g_ptr_array_index (scanned, 2);
    g_assert_cmpstr (k1->code, ==, "K-1");
    g_assert_cmpuint (k1->course_ends->len, ==, 2);
    g_assert_cmpstr (k3->code, ==, "K-3");
    g_assert_cmpuint (k3->decisions->len, ==, 1);
  }
  g_assert_true (ebb_store_commit (store, &error));

  g_ptr_array_unref (walked.codes);
  g_ptr_array_unref (walked.sessions);
  g_ptr_array_unref (walked.ratings);
  g_ptr_array_unref (walked.course_ends);
  g_ptr_array_unref (walked.decisions);
}

#define ADD_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, ebb_test_clinic_set_up, (func), ebb_test_clinic_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/store-v2/migrate/from-v3", test_migrate_from_v3);
  ADD_TEST ("/store-v2/migrate/v4-failure-is-atomic", test_migrate_v4_failure_is_atomic);
  ADD_TEST ("/store-v2/score/new-columns", test_rating_new_columns);
  ADD_TEST ("/store-v2/score/alert-item-refused", test_rating_alert_item_refused);
  ADD_TEST ("/store-v2/rule-settings/defaults", test_rule_settings_defaults);
  ADD_TEST ("/store-v2/rule-settings/set-and-reset", test_rule_settings_set_and_reset);
  ADD_TEST ("/store-v2/rule-settings/refused", test_rule_settings_refused);
  ADD_TEST ("/store-v2/rule-settings/unusable-row", test_rule_settings_unusable_row);
  ADD_TEST ("/store-v2/decisions/add-list-delete", test_decisions);
  ADD_TEST ("/store-v2/decisions/refused", test_decisions_refused);
  ADD_TEST ("/store-v2/unreadable-rows", test_unreadable_rows);
  ADD_TEST ("/store-v2/course-ends/add-list-delete", test_course_ends);
  ADD_TEST ("/store-v2/course-ends/refused", test_course_ends_refused);
  ADD_TEST ("/store-v2/walk-for-rules", test_walk_for_rules);

  return g_test_run ();
}
