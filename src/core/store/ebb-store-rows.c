/* ebb-store-rows.c — statements, and rows read and bound
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's SQL, prepared once and lent out for each use, and the only
 * code that knows its columns: the readers turn a result row into a
 * model struct, the binders a struct into an INSERT's or UPDATE's
 * parameters.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-store-private.h"

#define PATIENT_COLUMNS "id, code, name, birth_year, preferred_scale, notes, archived"
/* Each column of the session record is bound at its own index here
 * (after the id): _ebb_store_bind_session() and the INSERT and UPDATE. */
#define SESSION_COLUMNS "id, " SESSION_INSERT_COLUMNS
#define SESSION_INSERT_COLUMNS "patient_id, when_text, day, second, status, phase, route, dose_mg, " \
                        "note, drug, duration_min, lot, dose_time, discharge_time, sedation, " \
                        "sedation_resolved, dissociation, dissociation_resolved, respiratory_spo2, " \
                        "respiratory_resolved, effects, other_effect, ready_min, vitals_ok_before, " \
                        "vitals_ok_discharge, transport_arranged, monitored_by"
#define SESSION_VALUES "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, " \
                       "?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27"
/* A reading's patient is its session's. */
#define READING_COLUMNS "r.id, s.patient_id, r.session_id, r.time, r.pre_dose, r.systolic, " \
                        "r.diastolic, r.heart_rate, r.spo2, r.note"
#define READING_FROM " FROM reading r JOIN session s ON s.id = r.session_id"
#define MEDICINE_COLUMNS "id, patient_id, class, name, start_day, stop_day"
#define EVENT_COLUMNS "id, patient_id, day, kind, text"
#define RATING_COLUMNS   "id, patient_id, when_text, day, second, scale, total, items, rater, note, " \
                        "alert_item, dose_relation"
#define DECISION_COLUMNS "id, patient_id, kind, scale, flag_day, note, decided_at, decided_day, " \
                         "user_name, real_name"
#define COURSE_END_COLUMNS "id, patient_id, day, reason, note"
#define AUDIT_COLUMNS   "id, at, action, table_name, row_id, patient_code, \"before\", \"after\", " \
                        "user_name, host_name, hash"

/* SQLite sorts NULL first, so a date-only entry comes before the timed
 * entries of its day, and ties fall back to the order of entry. */
/* The score a patient is followed on, for the sidebar: the latest rating
 * of the preferred scale (?2 for patients with none), else the latest
 * efficacy rating (?1 is the side-effect scale, never a latest score);
 * neither after the as-of day ?3, as the rules ignore later data.  Each
 * lookup walks an index backwards from ?3 and stops at the first match. */
#define FOLLOWED_SCALE_LATEST(columns) \
    "SELECT " columns " FROM rating WHERE patient_id = p.id AND scale = coalesce (p.preferred_scale, ?2)" \
    " AND day <= ?3 ORDER BY day DESC, second DESC NULLS LAST, id DESC LIMIT 1"
#define ANY_EFFICACY_LATEST(columns) \
    "SELECT " columns " FROM rating WHERE patient_id = p.id AND scale <> ?1" \
    " AND day <= ?3 ORDER BY day DESC, second DESC NULLS LAST, id DESC LIMIT 1"
#define FOLLOWED_RATING_JOIN \
    " LEFT JOIN rating ls ON ls.id = coalesce ((" FOLLOWED_SCALE_LATEST ("id") "), (" \
    ANY_EFFICACY_LATEST ("id") "))"
/* The same choice for PostgreSQL, one patient at a time: as a join on
 * the id it hashes the whole rating table (about 140 ms at 5,000 patients;
 * docs/performance-server.md).  Each lookup takes the row itself, and the
 * fallback is the second branch of a UNION ALL under LIMIT 1, which the
 * server runs only when the first found nothing: one index walk for a
 * patient rated on the scale they are followed on, where looking up the
 * id first took two or three. */
#define FOLLOWED_RATING_JOIN_SERVER \
    " LEFT JOIN LATERAL ((" FOLLOWED_SCALE_LATEST ("scale, total, when_text") ")" \
    " UNION ALL (" ANY_EFFICACY_LATEST ("scale, total, when_text") ") LIMIT 1) ls ON TRUE"

/* The sidebar's statements, written once for both joins above. */
#define SUMMARY_COLUMNS \
    "SELECT p.id, p.code, p.name, p.birth_year, p.preferred_scale, p.notes, p.archived," \
    "  ls.scale, ls.total, ls.when_text"
/* The counts and the last activity: a done session above a rating of the
 * same day and time, since a date-only rating on a session's day is the
 * pre-dose one (clinical rules §2). */
#define SUMMARY_ACTIVITY_COLUMNS \
    "," \
    "  (SELECT count(*) FROM session s WHERE s.patient_id = p.id)," \
    "  (SELECT count(*) FROM rating c WHERE c.patient_id = p.id)," \
    "  (SELECT when_text FROM (" \
    "     SELECT * FROM (SELECT when_text, day, second, 1 AS kind, id FROM session" \
    "                    WHERE patient_id = p.id AND status = 'done' AND day <= ?3" \
    "                    ORDER BY day DESC, second DESC NULLS LAST, id DESC LIMIT 1) AS last_session" \
    "     UNION ALL" \
    "     SELECT * FROM (SELECT when_text, day, second, 0 AS kind, id FROM rating" \
    "                    WHERE patient_id = p.id AND day <= ?3" \
    "                    ORDER BY day DESC, second DESC NULLS LAST, id DESC LIMIT 1) AS last_rating)" \
    "   AS latest ORDER BY day DESC, second DESC NULLS LAST, kind DESC, id DESC LIMIT 1)"
#define SUMMARIES_SQL(join) \
    SUMMARY_COLUMNS " FROM patient p" join " ORDER BY p.code, p.id"
/* One patient's, ?4, as SUMMARIES_SQL gives it. */
#define SUMMARY_ONE_SQL(join) \
    SUMMARY_COLUMNS " FROM patient p" join " WHERE p.id = ?4"
#define SUMMARIES_ACTIVITY_SQL(join) \
    SUMMARY_COLUMNS SUMMARY_ACTIVITY_COLUMNS " FROM patient p" join " ORDER BY p.code, p.id"

/* The whole-clinic scan's statements (ebb-store-queries.c), written once
 * for the patients they read: a range of ids, ?1 … ?2, or a list of them
 * bound as one text, their ids with commas between (a server's scan with
 * most patients kept; a file's reads runs of ids instead, but its SQL
 * takes the list as well).  Only columns of the indexes they walk
 * (session_patient_time, reading_session_time, rating_patient_time): the
 * readings of each session in turn. */
#define PATIENTS_IN_RANGE(column) column " BETWEEN ?1 AND ?2"
#define PATIENTS_LISTED(column) column " IN (SELECT value FROM json_each ('[' || ?1 || ']'))"
#define SESSION_RULES_SQL(patients) \
    "SELECT id, patient_id, day, second, status, phase, route FROM session" \
    " WHERE " patients ("patient_id") " ORDER BY patient_id, day, second NULLS FIRST, id"
#define READING_RULES_SQL(patients) \
    "SELECT r.id, s.patient_id, r.session_id, r.time, r.pre_dose, r.systolic, r.diastolic" \
    " FROM session s JOIN reading r ON r.session_id = s.id" \
    " WHERE " patients ("s.patient_id") \
    " ORDER BY s.patient_id, s.day, s.second NULLS FIRST, s.id, r.time NULLS FIRST, r.id"
#define RATING_RULES_SQL(patients) \
    "SELECT id, patient_id, day, second, scale, total, items, alert_item, dose_relation FROM rating" \
    " WHERE " patients ("patient_id") " ORDER BY patient_id, day, second NULLS FIRST, id"
#define DECISION_RULES_SQL(patients) \
    "SELECT " DECISION_COLUMNS " FROM decision WHERE " patients ("patient_id") " ORDER BY patient_id, id"
#define COURSE_END_RULES_SQL(patients) \
    "SELECT " COURSE_END_COLUMNS " FROM course_end WHERE " patients ("patient_id") " ORDER BY patient_id, id"

static const char * const stmt_sql[N_STMTS] = {
  [STMT_PATIENT_LIST] =
    "SELECT " PATIENT_COLUMNS " FROM patient ORDER BY code, id",
  /* ?1 … ?2: a range of patient ids, for a part of a whole-clinic scan. */
  [STMT_PATIENT_LIST_BY_ID] =
    "SELECT " PATIENT_COLUMNS " FROM patient WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
  [STMT_PATIENT_ID_RANGE] =
    "SELECT min (id), max (id) FROM patient",
  [STMT_PATIENT_GET] =
    "SELECT " PATIENT_COLUMNS " FROM patient WHERE id = ?1",
  [STMT_PATIENT_FIND] =
    "SELECT " PATIENT_COLUMNS " FROM patient WHERE code = ?1",
  /* The last parameter of each INSERT is the import the row comes with
   * (import_id_index() below). */
  [STMT_PATIENT_INSERT] =
    "INSERT INTO patient (code, name, birth_year, preferred_scale, notes, archived, import_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
  [STMT_PATIENT_UPDATE] =
    "UPDATE patient SET code = ?1, name = ?2, birth_year = ?3, preferred_scale = ?4,"
    " notes = ?5, archived = ?6 WHERE id = ?7",
  [STMT_PATIENT_DELETE] =
    "DELETE FROM patient WHERE id = ?1",
  /* One pass for the whole sidebar (FOLLOWED_RATING_JOIN above). */
  [STMT_SUMMARIES] = SUMMARIES_SQL (FOLLOWED_RATING_JOIN),
  [STMT_SUMMARY_ONE] = SUMMARY_ONE_SQL (FOLLOWED_RATING_JOIN),
  [STMT_SUMMARIES_ACTIVITY] = SUMMARIES_ACTIVITY_SQL (FOLLOWED_RATING_JOIN),
  [STMT_SESSION_LIST_ALL] =
    "SELECT " SESSION_COLUMNS " FROM session ORDER BY patient_id, day, second NULLS FIRST, id",
  [STMT_SESSION_RULES_ALL] = SESSION_RULES_SQL (PATIENTS_IN_RANGE),
  [STMT_SESSION_RULES_LISTED] = SESSION_RULES_SQL (PATIENTS_LISTED),
  [STMT_SESSION_LIST] =
    "SELECT " SESSION_COLUMNS " FROM session WHERE patient_id = ?1 ORDER BY day, second NULLS FIRST, id",
  [STMT_SESSION_GET] =
    "SELECT " SESSION_COLUMNS " FROM session WHERE id = ?1",
  [STMT_SESSION_PATIENT] =
    "SELECT patient_id FROM session WHERE id = ?1",
  [STMT_SESSION_INSERT] =
    "INSERT INTO session (" SESSION_INSERT_COLUMNS ", import_id) VALUES (" SESSION_VALUES ", ?28)"
    " RETURNING id",
  [STMT_SESSION_UPDATE] =
    "UPDATE session SET (" SESSION_COLUMNS ") = (?28, " SESSION_VALUES ") WHERE id = ?28",
  [STMT_SESSION_DELETE] =
    "DELETE FROM session WHERE id = ?1",
  [STMT_READING_LIST_ALL] =
    "SELECT " READING_COLUMNS READING_FROM
    " ORDER BY s.patient_id, s.day, s.second NULLS FIRST, s.id, r.time NULLS FIRST, r.id",
  [STMT_READING_RULES_ALL] = READING_RULES_SQL (PATIENTS_IN_RANGE),
  [STMT_READING_RULES_LISTED] = READING_RULES_SQL (PATIENTS_LISTED),
  [STMT_READING_LIST] =
    "SELECT " READING_COLUMNS READING_FROM
    " WHERE s.patient_id = ?1 ORDER BY s.day, s.second NULLS FIRST, s.id, r.time NULLS FIRST, r.id",
  [STMT_READING_LIST_BY_SESSION] =
    "SELECT " READING_COLUMNS READING_FROM " WHERE r.session_id = ?1 ORDER BY r.time NULLS FIRST, r.id",
  [STMT_READING_GET] =
    "SELECT " READING_COLUMNS READING_FROM " WHERE r.id = ?1",
  [STMT_READING_INSERT] =
    "INSERT INTO reading (session_id, time, pre_dose, systolic, diastolic, heart_rate, spo2, note,"
    " import_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
  [STMT_READING_UPDATE] =
    "UPDATE reading SET session_id = ?1, time = ?2, pre_dose = ?3, systolic = ?4, diastolic = ?5,"
    " heart_rate = ?6, spo2 = ?7, note = ?8 WHERE id = ?9",
  [STMT_READING_DELETE] =
    "DELETE FROM reading WHERE id = ?1",
  [STMT_MEDICINE_LIST_ALL] =
    "SELECT " MEDICINE_COLUMNS " FROM medicine ORDER BY patient_id, start_day, id",
  [STMT_MEDICINE_LIST] =
    "SELECT " MEDICINE_COLUMNS " FROM medicine WHERE patient_id = ?1 ORDER BY start_day, id",
  [STMT_MEDICINE_GET] =
    "SELECT " MEDICINE_COLUMNS " FROM medicine WHERE id = ?1",
  [STMT_MEDICINE_INSERT] =
    "INSERT INTO medicine (patient_id, class, name, start_day, stop_day, import_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
  [STMT_MEDICINE_UPDATE] =
    "UPDATE medicine SET patient_id = ?1, class = ?2, name = ?3, start_day = ?4, stop_day = ?5"
    " WHERE id = ?6",
  [STMT_MEDICINE_DELETE] =
    "DELETE FROM medicine WHERE id = ?1",
  [STMT_EVENT_LIST_ALL] =
    "SELECT " EVENT_COLUMNS " FROM event ORDER BY patient_id, day, id",
  [STMT_EVENT_LIST] =
    "SELECT " EVENT_COLUMNS " FROM event WHERE patient_id = ?1 ORDER BY day, id",
  [STMT_EVENT_GET] =
    "SELECT " EVENT_COLUMNS " FROM event WHERE id = ?1",
  [STMT_EVENT_INSERT] =
    "INSERT INTO event (patient_id, day, kind, text, import_id) VALUES (?1, ?2, ?3, ?4, ?5)"
    " RETURNING id",
  [STMT_EVENT_UPDATE] =
    "UPDATE event SET patient_id = ?1, day = ?2, kind = ?3, text = ?4 WHERE id = ?5",
  [STMT_EVENT_DELETE] =
    "DELETE FROM event WHERE id = ?1",
  [STMT_RATING_LIST_ALL] =
    "SELECT " RATING_COLUMNS " FROM rating ORDER BY patient_id, day, second NULLS FIRST, id",
  /* Only columns of rating_patient_time: read from the index alone. */
  [STMT_RATING_RULES_ALL] = RATING_RULES_SQL (PATIENTS_IN_RANGE),
  [STMT_RATING_RULES_LISTED] = RATING_RULES_SQL (PATIENTS_LISTED),
  [STMT_RATING_LIST] =
    "SELECT " RATING_COLUMNS " FROM rating WHERE patient_id = ?1 ORDER BY day, second NULLS FIRST, id",
  [STMT_RATING_GET] =
    "SELECT " RATING_COLUMNS " FROM rating WHERE id = ?1",
  [STMT_RATING_INSERT] =
    "INSERT INTO rating (patient_id, when_text, day, second, scale, total, items, rater, note,"
    " alert_item, dose_relation, import_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
  [STMT_RATING_UPDATE] =
    "UPDATE rating SET patient_id = ?1, when_text = ?2, day = ?3, second = ?4, scale = ?5,"
    " total = ?6, items = ?7, rater = ?8, note = ?9, alert_item = ?10, dose_relation = ?11"
    " WHERE id = ?12",
  [STMT_RATING_DELETE] =
    "DELETE FROM rating WHERE id = ?1",
  [STMT_RULE_SETTING_LIST] =
    "SELECT key, value FROM rule_setting ORDER BY key",
  [STMT_RULE_SETTING_GET] =
    "SELECT rowid, value FROM rule_setting WHERE key = ?1",
  [STMT_RULE_SETTING_INSERT] =
    "INSERT INTO rule_setting (key, value) VALUES (?1, ?2) RETURNING rowid",
  [STMT_RULE_SETTING_UPDATE] =
    "UPDATE rule_setting SET value = ?2 WHERE key = ?1",
  [STMT_RULE_SETTING_DELETE] =
    "DELETE FROM rule_setting WHERE key = ?1",
  [STMT_DECISION_LIST_ALL] =
    "SELECT " DECISION_COLUMNS " FROM decision ORDER BY patient_id, id",
  /* ?1 … ?2: a range of patient ids, beside STMT_SESSION_RULES_ALL. */
  [STMT_DECISION_RULES_ALL] = DECISION_RULES_SQL (PATIENTS_IN_RANGE),
  [STMT_DECISION_RULES_LISTED] = DECISION_RULES_SQL (PATIENTS_LISTED),
  [STMT_DECISION_LIST] =
    "SELECT " DECISION_COLUMNS " FROM decision WHERE patient_id = ?1 ORDER BY id",
  [STMT_DECISION_GET] =
    "SELECT " DECISION_COLUMNS " FROM decision WHERE id = ?1",
  [STMT_DECISION_INSERT] =
    "INSERT INTO decision (patient_id, kind, scale, flag_day, note, decided_at, decided_day,"
    " user_name, real_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
  [STMT_DECISION_DELETE] =
    "DELETE FROM decision WHERE id = ?1",
  [STMT_COURSE_END_LIST_ALL] =
    "SELECT " COURSE_END_COLUMNS " FROM course_end ORDER BY patient_id, id",
  [STMT_COURSE_END_RULES_ALL] = COURSE_END_RULES_SQL (PATIENTS_IN_RANGE),
  [STMT_COURSE_END_RULES_LISTED] = COURSE_END_RULES_SQL (PATIENTS_LISTED),
  [STMT_COURSE_END_LIST] =
    "SELECT " COURSE_END_COLUMNS " FROM course_end WHERE patient_id = ?1 ORDER BY id",
  [STMT_COURSE_END_GET] =
    "SELECT " COURSE_END_COLUMNS " FROM course_end WHERE id = ?1",
  [STMT_COURSE_END_INSERT] =
    "INSERT INTO course_end (patient_id, day, reason, note, import_id) VALUES (?1, ?2, ?3, ?4, ?5)"
    " RETURNING id",
  [STMT_COURSE_END_DELETE] =
    "DELETE FROM course_end WHERE id = ?1",
  /* The id is given: it is part of what the entry's hash covers. */
  [STMT_AUDIT_INSERT] =
    "INSERT INTO audit (id, at, action, table_name, row_id, patient_id, patient_code,"
    " \"before\", \"after\", user_name, host_name, hash)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
  [STMT_AUDIT_HEAD] =
    "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1",
  [STMT_AUDIT_LIST_ALL] =
    "SELECT " AUDIT_COLUMNS " FROM audit ORDER BY id",
  /* A patient's own entries, and the imports that brought the records the
   * patient has now: an imported row has no entry of its own. */
  [STMT_AUDIT_LIST] =
    "SELECT " AUDIT_COLUMNS " FROM audit WHERE patient_id = ?1"
    " UNION ALL"
    " SELECT " AUDIT_COLUMNS " FROM audit WHERE table_name = 'import' AND row_id IN ("
    "   SELECT import_id FROM patient WHERE id = ?1"
    "   UNION SELECT import_id FROM session WHERE patient_id = ?1"
    "   UNION SELECT import_id FROM rating WHERE patient_id = ?1"
    "   UNION SELECT import_id FROM course_end WHERE patient_id = ?1"
    "   UNION SELECT r.import_id FROM reading r JOIN session s ON s.id = r.session_id"
    "     WHERE s.patient_id = ?1"
    "   UNION SELECT import_id FROM medicine WHERE patient_id = ?1"
    "   UNION SELECT import_id FROM event WHERE patient_id = ?1)"
    " ORDER BY id",
  [STMT_IMPORT_INSERT] =
    "INSERT INTO import (at) VALUES (?1) RETURNING id",
};

/* Where a server's SQL is not the file's: a rule setting is named by its
 * key, and has no rowid to give its audit entries; the sidebar's latest
 * score is looked up one patient at a time; listed patients are an array. */
#define PATIENTS_LISTED_SERVER(column) column " = ANY (string_to_array (?1, ',')::bigint[])"

static const char * const server_stmt_sql[N_STMTS] = {
  [STMT_SUMMARIES] = SUMMARIES_SQL (FOLLOWED_RATING_JOIN_SERVER),
  [STMT_SUMMARY_ONE] = SUMMARY_ONE_SQL (FOLLOWED_RATING_JOIN_SERVER),
  [STMT_SUMMARIES_ACTIVITY] = SUMMARIES_ACTIVITY_SQL (FOLLOWED_RATING_JOIN_SERVER),
  [STMT_RULE_SETTING_GET] =
    "SELECT 0, value FROM rule_setting WHERE key = ?1",
  [STMT_RULE_SETTING_INSERT] =
    "INSERT INTO rule_setting (key, value) VALUES (?1, ?2) RETURNING 0",
  [STMT_SESSION_RULES_LISTED] = SESSION_RULES_SQL (PATIENTS_LISTED_SERVER),
  [STMT_RATING_RULES_LISTED] = RATING_RULES_SQL (PATIENTS_LISTED_SERVER),
  [STMT_COURSE_END_RULES_LISTED] = COURSE_END_RULES_SQL (PATIENTS_LISTED_SERVER),
  [STMT_DECISION_RULES_LISTED] = DECISION_RULES_SQL (PATIENTS_LISTED_SERVER),
  [STMT_READING_RULES_LISTED] = READING_RULES_SQL (PATIENTS_LISTED_SERVER),
};

/* Where each INSERT takes the import its row comes with, or 0. */
static int
import_id_index (StmtId id)
{
  switch (id)
    {
    case STMT_PATIENT_INSERT:    return 7;
    case STMT_SESSION_INSERT:    return 28;
    case STMT_READING_INSERT:    return 9;
    case STMT_MEDICINE_INSERT:   return 6;
    case STMT_EVENT_INSERT:      return 5;
    case STMT_RATING_INSERT:      return 12;
    case STMT_COURSE_END_INSERT: return 5;
    default:                     return 0;
    }
}

/* Statements */

EbbBorrowedStmt *
_ebb_store_borrow_stmt (EbbStore  *self,
                        StmtId     id,
                        GError   **error)
{
  g_assert (id < N_STMTS);
  g_return_val_if_fail (self->sql != NULL, NULL);

  if (self->stmts[id] == NULL)
    {
      const char *text = ebb_sql_is_server (self->sql) && server_stmt_sql[id] != NULL
                         ? server_stmt_sql[id] : stmt_sql[id];
      int rc = ebb_sql_prepare (self->sql, text, TRUE, &self->stmts[id]);

      if (rc != SQLITE_OK)
        {
          _ebb_store_set_sql_error (error, self->path, self->sql, rc);
          return NULL;
        }
    }

  /* Lending a statement that is still stepping would reset it under its
   * other borrower. */
  g_assert (!ebb_sql_stmt_busy (self->stmts[id]));

  /* Rows added during an import keep its id; giving the statement back
   * clears it, so that no other row does. */
  if (self->importing && import_id_index (id) > 0)
    {
      if (!_ebb_store_ensure_import_id (self, error))
        return NULL;
      ebb_sql_bind_int64 (self->stmts[id], import_id_index (id), self->import_id);
    }
  return self->stmts[id];
}

static void
bind_text_or_null (EbbSqlStmt  *stmt,
                   int          index,
                   const char  *text,
                   void       (*destroy) (void *))
{
  if (text != NULL)
    ebb_sql_bind_text (stmt, index, text, -1, destroy);
  else
    ebb_sql_bind_null (stmt, index);
}

void
_ebb_store_bind_text (EbbSqlStmt *stmt,
                      int           index,
                      const char   *text)
{
  bind_text_or_null (stmt, index, text, SQLITE_TRANSIENT);
}

/* A record's text, bound where it lies, with no copy: every record is
 * bound, stepped and its statement given back (which clears the
 * bindings) while the caller holds the record (ebb-store-records.c).
 * Copying each text was about 3 % of an import. */
static void
bind_record_text (EbbSqlStmt *stmt,
                  int         index,
                  const char *text)
{
  bind_text_or_null (stmt, index, text, SQLITE_STATIC);
}

/* Zero stands for "not recorded" in the model's integer fields. */
static void
bind_int_or_null (EbbSqlStmt *stmt,
                  int           index,
                  int           value)
{
  if (value != 0)
    ebb_sql_bind_int (stmt, index, value);
  else
    ebb_sql_bind_null (stmt, index);
}

/* -1 stands for "not recorded" in clock times and minutes, where 0 is a value. */
static void
bind_time (EbbSqlStmt *stmt,
           int           index,
           int           value)
{
  if (value >= 0)
    ebb_sql_bind_int (stmt, index, value);
  else
    ebb_sql_bind_null (stmt, index);
}

static void
bind_answer (EbbSqlStmt *stmt,
             int           index,
             EbbAnswer     answer)
{
  if (answer == EBB_ANSWER_NOT_RECORDED)
    ebb_sql_bind_null (stmt, index);
  else
    ebb_sql_bind_int (stmt, index, answer == EBB_ANSWER_YES);
}

/* The level at @index, whether it resolved at @index + 1. */
static void
bind_level (EbbSqlStmt             *stmt,
            int                     index,
            const EbbObservedLevel *level)
{
  EbbObservedLevel bare = { level->level, level->moaas, EBB_ANSWER_NOT_RECORDED };

  if (level->level != EBB_LEVEL_NOT_RECORDED)
    ebb_sql_bind_text (stmt, index, ebb_observed_level_to_string (&bare), -1, g_free);
  else
    ebb_sql_bind_null (stmt, index);
  bind_answer (stmt, index + 1, level->resolved);
}

static void
bind_when (EbbSqlStmt    *stmt,
           int            index,
           const EbbWhen *when)
{
  ebb_sql_bind_int (stmt, index, when->day);
  if (EBB_WHEN_HAS_TIME (when))
    ebb_sql_bind_int (stmt, index + 1, when->second);
  else
    ebb_sql_bind_null (stmt, index + 1);
}

/* Orders gint64 ids, for g_array_sort() and bsearch(). */
int
_ebb_store_compare_ids (gconstpointer a,
                        gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* @ids (gint64) as one text, with commas between: what the scan's
 * *_RULES_LISTED statements take, and an import's list of patients
 * (table import_patients). */
char *
_ebb_store_format_ids (GArray *ids)
{
  GString *text = g_string_sized_new (ids->len * 8);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (ids, gint64, i));
  return g_string_free (text, FALSE);
}

/**
 * _ebb_store_when_to_text:
 *
 * The one form a moment is stored in, whatever form it was typed in
 * (`T10:00`, ` 10:00` and `T10:00:00` are one moment): `YYYY-MM-DD`, with
 * `THH:MM` when it has a time, and `:SS` only when the seconds are not
 * zero.  Migration 5 writes the same form in SQL.
 *
 * Returns: (transfer full): the text, or %NULL for a moment without a day
 */
char *
_ebb_store_when_to_text (const EbbWhen *when)
{
  char *text, *p;
  gsize date_len;
  int second = when->second;

  if (when->day <= 0)
    return NULL;
  text = ebb_date_format (when->day);
  if (!EBB_WHEN_HAS_TIME (when))
    return text;

  /* Every row an import stores is formatted here: no printf, which was
   * 2 % of an import.  "THH:MM", and ":SS" when there are seconds. */
  date_len = strlen (text);
  text = g_realloc (text, date_len + sizeof "THH:MM:SS");
  p = text + date_len;
  *p++ = 'T';
  for (int part = 0; part < (second % 60 != 0 ? 3 : 2); part++)
    {
      int value = part == 0 ? second / 3600 : part == 1 ? second / 60 % 60 : second % 60;

      if (part > 0)
        *p++ = ':';
      *p++ = (char) ('0' + value / 10);
      *p++ = (char) ('0' + value % 10);
    }
  *p = '\0';
  return text;
}

/* The canonical form of a row's moment; the text as given when its day is
 * not known (the store refuses such a row before binding it). */
static void
bind_when_text (EbbSqlStmt    *stmt,
                int            index,
                const EbbWhen *when,
                const char    *when_text)
{
  char *text = _ebb_store_when_to_text (when);

  if (text != NULL)
    ebb_sql_bind_text (stmt, index, text, -1, g_free);
  else
    _ebb_store_bind_text (stmt, index, when_text);
}

static char *
dup_column (EbbSqlStmt *stmt,
            int           column)
{
  return g_strdup ((const char *) ebb_sql_column_text (stmt, column));
}

gboolean
_ebb_store_step_done (EbbStore      *self,
                      EbbSqlStmt    *stmt,
                      GError       **error)
{
  int rc = ebb_sql_step (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  _ebb_store_set_sql_error (error, self->path, self->sql, rc);
  return FALSE;
}

/* Runs an INSERT … RETURNING id, the one way both backends give a new
 * row's id: SQLITE_DONE with @id set, or the failure's code. */
int
_ebb_store_step_returning (EbbSqlStmt *stmt,
                           gint64     *id)
{
  return ebb_sql_step_insert (stmt, id);
}

/* The same, the failure as an error. */
gboolean
_ebb_store_step_insert (EbbStore    *self,
                        EbbSqlStmt  *stmt,
                        gint64      *id,
                        GError     **error)
{
  int rc = _ebb_store_step_returning (stmt, id);

  if (rc == SQLITE_DONE)
    return TRUE;
  _ebb_store_set_sql_error (error, self->path, self->sql, rc);
  return FALSE;
}

void
_ebb_store_bind_patient (EbbSqlStmt       *stmt,
                         const EbbPatient *patient)
{
  bind_record_text (stmt, 1, patient->code);
  bind_record_text (stmt, 2, patient->name);
  bind_int_or_null (stmt, 3, patient->birth_year);
  bind_record_text (stmt, 4, patient->preferred_scale);
  bind_record_text (stmt, 5, patient->notes);
  ebb_sql_bind_int (stmt, 6, patient->archived ? 1 : 0);
}

void
_ebb_store_bind_session (EbbSqlStmt       *stmt,
                         const EbbSession *session)
{
  ebb_sql_bind_int64 (stmt, 1, session->patient_id);
  bind_when_text (stmt, 2, &session->when, session->when_text);
  bind_when (stmt, 3, &session->when);
  bind_record_text (stmt, 5, ebb_session_status_to_string (session->status));
  bind_record_text (stmt, 6, ebb_phase_to_string (session->phase));
  bind_record_text (stmt, 7, ebb_route_to_string (session->route));
  if (session->dose_mg >= 0)
    ebb_sql_bind_double (stmt, 8, session->dose_mg);
  else
    ebb_sql_bind_null (stmt, 8);
  bind_record_text (stmt, 9, session->note);
  bind_record_text (stmt, 10, session->drug != EBB_DRUG_NOT_RECORDED
                                  ? ebb_drug_to_string (session->drug) : NULL);
  bind_int_or_null (stmt, 11, session->duration_min);
  bind_record_text (stmt, 12, session->lot);
  bind_time (stmt, 13, session->dose_time);
  bind_time (stmt, 14, session->discharge_time);
  bind_level (stmt, 15, &session->sedation);
  bind_level (stmt, 17, &session->dissociation);
  bind_time (stmt, 19, session->respiratory_spo2);
  bind_answer (stmt, 20, session->respiratory_resolved);
  if (session->effects != 0)
    ebb_sql_bind_text (stmt, 21, ebb_effects_to_string (session->effects), -1, g_free);
  else
    ebb_sql_bind_null (stmt, 21);
  bind_record_text (stmt, 22, session->other_effect);
  bind_time (stmt, 23, session->ready_min);
  bind_answer (stmt, 24, session->vitals_ok_before);
  bind_answer (stmt, 25, session->vitals_ok_discharge);
  bind_answer (stmt, 26, session->transport_arranged);
  bind_record_text (stmt, 27, session->monitored_by);
}

void
_ebb_store_bind_reading (EbbSqlStmt       *stmt,
                         const EbbReading *reading)
{
  ebb_sql_bind_int64 (stmt, 1, reading->session_id);
  bind_time (stmt, 2, reading->time);
  ebb_sql_bind_int (stmt, 3, reading->pre_dose ? 1 : 0);
  bind_int_or_null (stmt, 4, reading->systolic);
  bind_int_or_null (stmt, 5, reading->diastolic);
  bind_int_or_null (stmt, 6, reading->heart_rate);
  bind_int_or_null (stmt, 7, reading->spo2);
  bind_record_text (stmt, 8, reading->note);
}

void
_ebb_store_bind_medicine (EbbSqlStmt        *stmt,
                          const EbbMedicine *medicine)
{
  ebb_sql_bind_int64 (stmt, 1, medicine->patient_id);
  bind_record_text (stmt, 2, ebb_medicine_class_to_string (medicine->klass));
  bind_record_text (stmt, 3, medicine->name);
  ebb_sql_bind_int (stmt, 4, medicine->start_day);
  bind_int_or_null (stmt, 5, medicine->stop_day);
}

/* The words of the rating table's dose_relation column; NULL is unknown. */
const char *
_ebb_store_dose_relation_to_string (EbbDoseRelation relation)
{
  switch (relation)
    {
    case EBB_DOSE_RELATION_BEFORE: return "before";
    case EBB_DOSE_RELATION_AFTER:  return "after";
    case EBB_DOSE_RELATION_UNKNOWN:
    default:                       return NULL;
    }
}

static gboolean
read_dose_relation (EbbSqlStmt      *stmt,
                    int              column,
                    EbbDoseRelation *relation)
{
  const char *text = (const char *) ebb_sql_column_text (stmt, column);

  if (text == NULL)
    *relation = EBB_DOSE_RELATION_UNKNOWN;
  else if (g_str_equal (text, "before"))
    *relation = EBB_DOSE_RELATION_BEFORE;
  else if (g_str_equal (text, "after"))
    *relation = EBB_DOSE_RELATION_AFTER;
  else
    return FALSE;
  return TRUE;
}

/* NULL is "not asked on its own" (-1 in the model): 0 is a real answer. */
static gboolean
read_alert_item (EbbSqlStmt *stmt,
                 int           column,
                 int          *alert_item)
{
  if (ebb_sql_column_type (stmt, column) == SQLITE_NULL)
    {
      *alert_item = -1;
      return TRUE;
    }
  *alert_item = ebb_sql_column_int (stmt, column);
  return *alert_item >= 0;
}

void
_ebb_store_bind_rating (EbbSqlStmt     *stmt,
                        const EbbRating *rating)
{

  ebb_sql_bind_int64 (stmt, 1, rating->patient_id);
  bind_when_text (stmt, 2, &rating->when, rating->when_text);
  bind_when (stmt, 3, &rating->when);
  bind_record_text (stmt, 5, rating->scale_id);
  ebb_sql_bind_int (stmt, 6, rating->total);
  if (rating->n_items > 0)
    ebb_sql_bind_text (stmt, 7, ebb_rating_items_to_string (rating), -1, g_free);
  else
    ebb_sql_bind_null (stmt, 7);
  bind_record_text (stmt, 8, rating->rater);
  bind_record_text (stmt, 9, rating->note);
  if (rating->alert_item >= 0)
    ebb_sql_bind_int (stmt, 10, rating->alert_item);
  else
    ebb_sql_bind_null (stmt, 10);
  ebb_sql_bind_text (stmt, 11, _ebb_store_dose_relation_to_string (rating->dose_relation), -1,
                     SQLITE_STATIC);
}

void
_ebb_store_bind_decision (EbbSqlStmt        *stmt,
                          const EbbDecision *decision)
{
  ebb_sql_bind_int64 (stmt, 1, decision->patient_id);
  ebb_sql_bind_text (stmt, 2, ebb_flag_kind_to_string (decision->kind), -1, SQLITE_STATIC);
  bind_record_text (stmt, 3, decision->scale_id);
  ebb_sql_bind_int (stmt, 4, decision->flag_day);
  bind_record_text (stmt, 5, decision->note);
  bind_record_text (stmt, 6, decision->decided_at);
  ebb_sql_bind_int (stmt, 7, decision->decided.day);
  bind_record_text (stmt, 8, decision->user_name);
  bind_record_text (stmt, 9, decision->real_name);
}

void
_ebb_store_bind_course_end (EbbSqlStmt         *stmt,
                            const EbbCourseEnd *end)
{
  ebb_sql_bind_int64 (stmt, 1, end->patient_id);
  ebb_sql_bind_int (stmt, 2, end->day);
  /* No reason is NULL, not "": the column holds reasons only. */
  if (end->reason != EBB_END_REASON_NONE)
    ebb_sql_bind_text (stmt, 3, ebb_end_reason_to_string (end->reason), -1, SQLITE_STATIC);
  else
    ebb_sql_bind_null (stmt, 3);
  bind_record_text (stmt, 4, end->note);
}

/* Rows */

gpointer
_ebb_store_read_patient (EbbStore      *self,
                         EbbSqlStmt    *stmt,
                         GError       **error)
{
  EbbPatient *patient = ebb_patient_new ((const char *) ebb_sql_column_text (stmt, 1),
                                         (const char *) ebb_sql_column_text (stmt, 2));

  patient->id = ebb_sql_column_int64 (stmt, 0);
  patient->birth_year = ebb_sql_column_int (stmt, 3);
  patient->preferred_scale = dup_column (stmt, 4);
  patient->notes = dup_column (stmt, 5);
  patient->archived = ebb_sql_column_int (stmt, 6) != 0;
  return patient;
}

static int
read_time (EbbSqlStmt *stmt,
           int           column)
{
  if (ebb_sql_column_type (stmt, column) == SQLITE_NULL)
    return -1;
  return ebb_sql_column_int (stmt, column);
}

static gboolean
read_answer (EbbSqlStmt *stmt,
             int           column,
             EbbAnswer    *answer)
{
  if (ebb_sql_column_type (stmt, column) == SQLITE_NULL)
    *answer = EBB_ANSWER_NOT_RECORDED;
  else
    *answer = ebb_sql_column_int (stmt, column) != 0 ? EBB_ANSWER_YES : EBB_ANSWER_NO;
  return TRUE;
}

/* The level at @column, whether it resolved at @column + 1. */
static gboolean
read_level (EbbSqlStmt       *stmt,
            int               column,
            gboolean          moaas_allowed,
            EbbObservedLevel *level)
{
  if (!ebb_observed_level_from_string ((const char *) ebb_sql_column_text (stmt, column),
                                       moaas_allowed, level, NULL))
    return FALSE;
  return read_answer (stmt, column + 1, &level->resolved);
}

static gboolean
read_when (EbbSqlStmt *stmt,
           int           column,
           EbbWhen      *when)
{
  when->day = ebb_sql_column_int (stmt, column);
  if (ebb_sql_column_type (stmt, column + 1) == SQLITE_NULL)
    when->second = -1;
  else
    when->second = ebb_sql_column_int (stmt, column + 1);
  return when->day > 0;
}

static void
set_bad_row_error (EbbStore    *self,
                   const char  *what,
                   gint64       id,
                   GError     **error)
{
  /* A server's administrator restores from the server's backups. */
  if (ebb_sql_is_server (self->sql))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                 /* Translators: the first %s is a clinic server, then "Session 12" */
                 _("A record on %s holds a value Ebb cannot read (%s %lld): it was changed "
                   "outside Ebb. Ask the server's administrator, who can restore it from the "
                   "server's backups"),
                 _ebb_store_display (self), what, (long long) id);
  /* Whole sentences for each @what, for translators. */
  else if (g_str_equal (what, "Session"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                 /* Translators: "Session 12 in “clinic.db” holds a value …" */
                 _("Session %lld in “%s” holds a value Ebb cannot read: "
                   "the file was changed outside Ebb. Restore it from a backup"),
                 (long long) id, self->path);
  else if (g_str_equal (what, "Decision"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                 _("Decision %lld in “%s” holds a value Ebb cannot read: "
                   "the file was changed outside Ebb. Restore it from a backup"),
                 (long long) id, self->path);
  else if (g_str_equal (what, "Course end"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                 _("Course end %lld in “%s” holds a value Ebb cannot read: "
                   "the file was changed outside Ebb. Restore it from a backup"),
                 (long long) id, self->path);
  else if (g_str_equal (what, "Medicine"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                 _("Medicine %lld in “%s” holds a value Ebb cannot read: "
                   "the file was changed outside Ebb. Restore it from a backup"),
                 (long long) id, self->path);
  else if (g_str_equal (what, "Event"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                 _("Event %lld in “%s” holds a value Ebb cannot read: "
                   "the file was changed outside Ebb. Restore it from a backup"),
                 (long long) id, self->path);
  else
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                 _("Rating %lld in “%s” holds a value Ebb cannot read: "
                   "the file was changed outside Ebb. Restore it from a backup"),
                 (long long) id, self->path);
}

gpointer
_ebb_store_read_session (EbbStore      *self,
                         EbbSqlStmt    *stmt,
                         GError       **error)
{
  g_autoptr(EbbSession) session = ebb_session_new ();

  session->id = ebb_sql_column_int64 (stmt, 0);
  session->patient_id = ebb_sql_column_int64 (stmt, 1);
  session->when_text = dup_column (stmt, 2);
  if (session->when_text == NULL ||
      !read_when (stmt, 3, &session->when) ||
      !ebb_session_status_from_string ((const char *) ebb_sql_column_text (stmt, 5), &session->status) ||
      !ebb_phase_from_string ((const char *) ebb_sql_column_text (stmt, 6), &session->phase) ||
      !ebb_route_from_string ((const char *) ebb_sql_column_text (stmt, 7), &session->route))
    {
      set_bad_row_error (self, "Session", session->id, error);
      return NULL;
    }
  if (ebb_sql_column_type (stmt, 8) != SQLITE_NULL)
    session->dose_mg = ebb_sql_column_double (stmt, 8);
  session->note = dup_column (stmt, 9);
  session->duration_min = ebb_sql_column_int (stmt, 11);
  session->lot = dup_column (stmt, 12);
  session->dose_time = read_time (stmt, 13);
  session->discharge_time = read_time (stmt, 14);
  session->respiratory_spo2 = read_time (stmt, 19);
  session->other_effect = dup_column (stmt, 22);
  session->ready_min = read_time (stmt, 23);
  session->monitored_by = dup_column (stmt, 27);
  if (!ebb_drug_from_string ((const char *) ebb_sql_column_text (stmt, 10), &session->drug) ||
      !read_level (stmt, 15, TRUE, &session->sedation) ||
      !read_level (stmt, 17, FALSE, &session->dissociation) ||
      !read_answer (stmt, 20, &session->respiratory_resolved) ||
      !ebb_effects_from_string ((const char *) ebb_sql_column_text (stmt, 21), &session->effects, NULL) ||
      !read_answer (stmt, 24, &session->vitals_ok_before) ||
      !read_answer (stmt, 25, &session->vitals_ok_discharge) ||
      !read_answer (stmt, 26, &session->transport_arranged))
    {
      set_bad_row_error (self, "Session", session->id, error);
      return NULL;
    }
  return g_steal_pointer (&session);
}

gpointer
_ebb_store_read_reading (EbbStore      *self,
                         EbbSqlStmt    *stmt,
                         GError       **error)
{
  EbbReading *reading = ebb_reading_new ();

  reading->id = ebb_sql_column_int64 (stmt, 0);
  reading->patient_id = ebb_sql_column_int64 (stmt, 1);
  reading->session_id = ebb_sql_column_int64 (stmt, 2);
  reading->time = read_time (stmt, 3);
  reading->pre_dose = ebb_sql_column_int (stmt, 4) != 0;
  reading->systolic = ebb_sql_column_int (stmt, 5);
  reading->diastolic = ebb_sql_column_int (stmt, 6);
  /* STMT_READING_RULES_ALL stops at the pressures. */
  if (ebb_sql_column_count (stmt) > 7)
    {
      reading->heart_rate = ebb_sql_column_int (stmt, 7);
      reading->spo2 = ebb_sql_column_int (stmt, 8);
      reading->note = dup_column (stmt, 9);
    }
  return reading;
}

void
_ebb_store_bind_event (EbbSqlStmt     *stmt,
                       const EbbEvent *event)
{
  ebb_sql_bind_int64 (stmt, 1, event->patient_id);
  ebb_sql_bind_int (stmt, 2, event->day);
  bind_record_text (stmt, 3, ebb_event_kind_to_string (event->kind));
  bind_record_text (stmt, 4, event->text);
}

gpointer
_ebb_store_read_event (EbbStore      *self,
                       EbbSqlStmt    *stmt,
                       GError       **error)
{
  g_autoptr(EbbEvent) event = ebb_event_new ();

  event->id = ebb_sql_column_int64 (stmt, 0);
  event->patient_id = ebb_sql_column_int64 (stmt, 1);
  event->day = ebb_sql_column_int (stmt, 2);
  event->text = dup_column (stmt, 4);
  if (!ebb_event_kind_from_string ((const char *) ebb_sql_column_text (stmt, 3), &event->kind) ||
      event->text == NULL || event->day <= 0)
    {
      set_bad_row_error (self, "Event", event->id, error);
      return NULL;
    }
  return g_steal_pointer (&event);
}

gpointer
_ebb_store_read_medicine (EbbStore      *self,
                          EbbSqlStmt    *stmt,
                          GError       **error)
{
  g_autoptr(EbbMedicine) medicine = ebb_medicine_new ();

  medicine->id = ebb_sql_column_int64 (stmt, 0);
  medicine->patient_id = ebb_sql_column_int64 (stmt, 1);
  medicine->name = dup_column (stmt, 3);
  medicine->start_day = ebb_sql_column_int (stmt, 4);
  medicine->stop_day = ebb_sql_column_int (stmt, 5);
  if (!ebb_medicine_class_from_string ((const char *) ebb_sql_column_text (stmt, 2), &medicine->klass) ||
      medicine->name == NULL || medicine->start_day <= 0)
    {
      set_bad_row_error (self, "Medicine", medicine->id, error);
      return NULL;
    }
  return g_steal_pointer (&medicine);
}

/* Item values are stored as written by ebb_rating_items_to_string ():
 * parsed in place into the rating's own array, one allocation a row. */
static gboolean
parse_items (const char *text,
             EbbRating   *rating)
{
  guint n = 1;

  if (text == NULL || *text == '\0')
    return TRUE;
  for (const char *p = text; *p != '\0'; p++)
    n += *p == ' ';
  rating->items = g_new (int, n);
  rating->n_items = 0;
  /* By hand rather than with strtoll(), which was a tenth of a
   * whole-clinic scan: an optional minus and at most ten digits each,
   * exactly what ebb_rating_items_to_string() writes. */
  for (const char *p = text; ; p++)
    {
      gboolean negative = *p == '-';
      gint64 value = 0;
      guint digits = 0;

      p += negative;
      for (; g_ascii_isdigit (*p) && digits <= 10; p++, digits++)
        value = value * 10 + (*p - '0');
      if (negative)
        value = -value;
      if (digits == 0 || digits > 10 || value < G_MININT || value > G_MAXINT ||
          (*p != ' ' && *p != '\0') || rating->n_items == n)
        return FALSE;
      rating->items[rating->n_items++] = (int) value;
      if (*p == '\0')
        return TRUE;
    }
}

gpointer
_ebb_store_read_rating (EbbStore      *self,
                        EbbSqlStmt    *stmt,
                        GError       **error)
{
  g_autoptr(EbbRating) rating = ebb_rating_new ();

  rating->id = ebb_sql_column_int64 (stmt, 0);
  rating->patient_id = ebb_sql_column_int64 (stmt, 1);
  rating->when_text = dup_column (stmt, 2);
  rating->scale_id = dup_column (stmt, 5);
  rating->total = ebb_sql_column_int (stmt, 6);
  if (rating->when_text == NULL ||
      rating->scale_id == NULL ||
      !read_when (stmt, 3, &rating->when) ||
      !parse_items ((const char *) ebb_sql_column_text (stmt, 7), rating))
    {
      set_bad_row_error (self, "Rating", rating->id, error);
      return NULL;
    }
  if (!read_alert_item (stmt, 10, &rating->alert_item) ||
      !read_dose_relation (stmt, 11, &rating->dose_relation))
    {
      set_bad_row_error (self, "Rating", rating->id, error);
      return NULL;
    }
  rating->rater = dup_column (stmt, 8);
  rating->note = dup_column (stmt, 9);
  return g_steal_pointer (&rating);
}

gpointer
_ebb_store_read_decision (EbbStore      *self,
                          EbbSqlStmt    *stmt,
                          GError       **error)
{
  g_autoptr(EbbDecision) decision = ebb_decision_new ();
  const char *decided_at = (const char *) ebb_sql_column_text (stmt, 6);

  decision->id = ebb_sql_column_int64 (stmt, 0);
  decision->patient_id = ebb_sql_column_int64 (stmt, 1);
  decision->scale_id = dup_column (stmt, 3);
  decision->flag_day = ebb_sql_column_int (stmt, 4);
  decision->note = dup_column (stmt, 5);
  decision->user_name = dup_column (stmt, 8);
  decision->real_name = dup_column (stmt, 9);
  /* The day a replay sees the decision from is its decided_at's, which
   * decided_day only repeats for queries. */
  if (!ebb_flag_kind_from_string ((const char *) ebb_sql_column_text (stmt, 2), &decision->kind) ||
      decision->flag_day <= 0 ||
      decision->note == NULL ||
      decision->user_name == NULL ||
      decided_at == NULL ||
      !ebb_decision_set_decided_at (decision, decided_at, NULL))
    {
      set_bad_row_error (self, "Decision", decision->id, error);
      return NULL;
    }
  return g_steal_pointer (&decision);
}

gpointer
_ebb_store_read_course_end (EbbStore      *self,
                            EbbSqlStmt    *stmt,
                            GError       **error)
{
  g_autoptr(EbbCourseEnd) end = ebb_course_end_new ();
  const char *reason = (const char *) ebb_sql_column_text (stmt, 3);

  end->id = ebb_sql_column_int64 (stmt, 0);
  end->patient_id = ebb_sql_column_int64 (stmt, 1);
  end->day = ebb_sql_column_int (stmt, 2);
  end->note = dup_column (stmt, 4);
  if (end->day <= 0 ||
      (reason != NULL && (!ebb_end_reason_from_string (reason, &end->reason) ||
                          end->reason == EBB_END_REASON_NONE)))
    {
      set_bad_row_error (self, "Course end", end->id, error);
      return NULL;
    }
  return g_steal_pointer (&end);
}

/* A session as the clinical rules read it (STMT_SESSION_RULES_ALL): its
 * time, status, phase and route (its readings are read beside it).  The
 * rest keeps ebb_session_new()'s defaults, and when_text is NULL. */
gpointer
_ebb_store_read_session_for_rules (EbbStore      *self,
                                   EbbSqlStmt    *stmt,
                                   GError       **error)
{
  g_autoptr(EbbSession) session = ebb_session_new ();

  session->id = ebb_sql_column_int64 (stmt, 0);
  session->patient_id = ebb_sql_column_int64 (stmt, 1);
  if (!read_when (stmt, 2, &session->when) ||
      !ebb_session_status_from_string ((const char *) ebb_sql_column_text (stmt, 4), &session->status) ||
      !ebb_phase_from_string ((const char *) ebb_sql_column_text (stmt, 5), &session->phase) ||
      !ebb_route_from_string ((const char *) ebb_sql_column_text (stmt, 6), &session->route))
    {
      set_bad_row_error (self, "Session", session->id, error);
      return NULL;
    }
  return g_steal_pointer (&session);
}

/* A rating as the clinical rules read it (STMT_RATING_RULES_ALL): time,
 * scale, total, items, alert item and dose relation; when_text, rater and
 * note are NULL. */
gpointer
_ebb_store_read_rating_for_rules (EbbStore      *self,
                                  EbbSqlStmt    *stmt,
                                  GError       **error)
{
  g_autoptr(EbbRating) rating = ebb_rating_new ();

  rating->id = ebb_sql_column_int64 (stmt, 0);
  rating->patient_id = ebb_sql_column_int64 (stmt, 1);
  rating->scale_id = dup_column (stmt, 4);
  rating->total = ebb_sql_column_int (stmt, 5);
  if (rating->scale_id == NULL ||
      !read_when (stmt, 2, &rating->when) ||
      !parse_items ((const char *) ebb_sql_column_text (stmt, 6), rating) ||
      !read_alert_item (stmt, 7, &rating->alert_item) ||
      !read_dose_relation (stmt, 8, &rating->dose_relation))
    {
      set_bad_row_error (self, "Rating", rating->id, error);
      return NULL;
    }
  return g_steal_pointer (&rating);
}

gpointer
_ebb_store_read_audit_entry (EbbStore      *self,
                             EbbSqlStmt    *stmt,
                             GError       **error)
{
  EbbAuditEntry *entry = g_new0 (EbbAuditEntry, 1);

  entry->id = ebb_sql_column_int64 (stmt, 0);
  entry->at = dup_column (stmt, 1);
  entry->action = dup_column (stmt, 2);
  entry->table_name = dup_column (stmt, 3);
  entry->row_id = ebb_sql_column_int64 (stmt, 4);
  entry->patient_code = dup_column (stmt, 5);
  entry->before = dup_column (stmt, 6);
  entry->after = dup_column (stmt, 7);
  entry->user_name = dup_column (stmt, 8);
  entry->host_name = dup_column (stmt, 9);
  entry->hash = dup_column (stmt, 10);
  return entry;
}

gpointer
_ebb_store_read_summary (EbbStore      *self,
                         EbbSqlStmt    *stmt,
                         GError       **error)
{
  EbbPatientSummary *summary = g_new0 (EbbPatientSummary, 1);

  summary->patient = _ebb_store_read_patient (self, stmt, error);
  summary->latest_scale = dup_column (stmt, 7);
  summary->latest_total = ebb_sql_column_int (stmt, 8);
  summary->latest_when = dup_column (stmt, 9);
  /* STMT_SUMMARIES_ACTIVITY */
  if (ebb_sql_column_count (stmt) > 10)
    {
      summary->n_sessions = (guint) ebb_sql_column_int64 (stmt, 10);
      summary->n_ratings = (guint) ebb_sql_column_int64 (stmt, 11);
      summary->last_activity = dup_column (stmt, 12);
    }
  return summary;
}

GPtrArray *
_ebb_store_collect_rows (EbbStore       *self,
                         EbbSqlStmt     *stmt,
                         RowReader       read_row,
                         GDestroyNotify  free_row,
                         GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_row);
  int rc;

  while ((rc = ebb_sql_step (stmt)) == SQLITE_ROW)
    {
      gpointer row = read_row (self, stmt, error);

      if (row == NULL)
        return NULL;
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Fetches at most one row by id; FALSE only when the database failed, so
 * a missing row (*out == NULL) can be reported in the caller's words. */
gboolean
_ebb_store_fetch_by_id (EbbStore   *self,
                        StmtId      stmt_id,
                        gint64      id,
                        RowReader   read_row,
                        gpointer   *out,
                        GError    **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, stmt_id, error);
  int rc;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;

  ebb_sql_bind_int64 (stmt, 1, id);
  rc = ebb_sql_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = read_row (self, stmt, error);
      return *out != NULL;
    }
  if (rc != SQLITE_DONE)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
_ebb_store_list_rows (EbbStore        *self,
                      StmtId           all,
                      StmtId           one,
                      gint64           patient_id,
                      RowReader        read_row,
                      GDestroyNotify   free_row,
                      GError         **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, patient_id != 0 ? one : all,
                                                            error);

  if (stmt == NULL)
    return NULL;
  if (patient_id != 0)
    ebb_sql_bind_int64 (stmt, 1, patient_id);
  return _ebb_store_collect_rows (self, stmt, read_row, free_row, error);
}

gboolean
_ebb_store_delete_by_id (EbbStore  *self,
                         StmtId     stmt_id,
                         gint64     id,
                         GError   **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, stmt_id, error);

  if (stmt == NULL)
    return FALSE;
  ebb_sql_bind_int64 (stmt, 1, id);
  return _ebb_store_step_done (self, stmt, error);
}

void
_ebb_store_set_no_such_row_error (GError     **error,
                                  const char  *what,
                                  gint64       id)
{
  /* Whole sentences for each @what, for translators. */
  if (g_str_equal (what, "patient"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no patient with id %lld: it may have been deleted"), (long long) id);
  else if (g_str_equal (what, "session"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no session with id %lld: it may have been deleted"), (long long) id);
  else if (g_str_equal (what, "decision"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no decision with id %lld: it may have been deleted"), (long long) id);
  else if (g_str_equal (what, "course end"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no course end with id %lld: it may have been deleted"), (long long) id);
  else if (g_str_equal (what, "reading"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no reading with id %lld: it may have been deleted"), (long long) id);
  else if (g_str_equal (what, "medicine"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no medicine with id %lld: it may have been deleted"), (long long) id);
  else if (g_str_equal (what, "event"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no event with id %lld: it may have been deleted"), (long long) id);
  else
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no rating with id %lld: it may have been deleted"), (long long) id);
}
