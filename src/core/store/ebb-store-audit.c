/* ebb-store-audit.c — the audit trail
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change appends one entry per row it touched, with the row before
 * and after as JSON, within the change's own transaction; an import is
 * one entry for all the rows it added, and a backup or a restore one
 * entry for the clinic.  Each entry says who made it, on which computer,
 * and links to the one before it by a hash (ebb-store-chain.c).  The
 * trail is append-only (triggers in the schema refuse the rest) and
 * outlives the rows it describes.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-json.h"
#include "ebb-store-private.h"

/* JSON for the audit trail: a flat object of one row's columns, in
 * column order, so two versions of a row can be compared by eye. */

static void
json_key (GString    *json,
          const char *key)
{
  g_string_append_c (json, json->len > 1 ? ',' : '{');
  ebb_json_append_string (json, key);
  g_string_append_c (json, ':');
}

static void
json_member_string (GString    *json,
                    const char *key,
                    const char *value)
{
  json_key (json, key);
  ebb_json_append_string (json, value);
}

static void
json_member_int (GString    *json,
                 const char *key,
                 gint64      value)
{
  char buf[24], *p = buf + sizeof buf;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  /* Two audit rows a second during an import: no printf. */
  json_key (json, key);
  *--p = '\0';
  do
    *--p = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  if (value < 0)
    *--p = '-';
  g_string_append (json, p);
}

/* Zero stands for "not recorded" in the model's integer fields. */
static void
json_member_int_or_null (GString    *json,
                         const char *key,
                         int         value)
{
  if (value != 0)
    {
      json_member_int (json, key, value);
      return;
    }
  json_key (json, key);
  g_string_append (json, "null");
}

static char *
json_end (GString *json)
{
  if (json->len == 0)
    g_string_append_c (json, '{');
  g_string_append_c (json, '}');
  return g_string_free (json, FALSE);
}

char *
_ebb_store_patient_to_json (const EbbPatient *patient)
{
  GString *json = g_string_new (NULL);

  json_member_int (json, "id", patient->id);
  json_member_string (json, "code", patient->code);
  json_member_string (json, "name", patient->name);
  json_member_int_or_null (json, "birth_year", patient->birth_year);
  json_member_string (json, "preferred_scale", patient->preferred_scale);
  json_member_string (json, "notes", patient->notes);
  json_member_int (json, "archived", patient->archived ? 1 : 0);
  return json_end (json);
}

/* Only what was recorded: a new field does not lengthen every entry. */
static void
json_member_answer (GString    *json,
                    const char *key,
                    EbbAnswer   answer)
{
  if (answer != EBB_ANSWER_NOT_RECORDED)
    json_member_int (json, key, answer == EBB_ANSWER_YES);
}

static void
json_member_level (GString                *json,
                   const char             *key,
                   const EbbObservedLevel *level)
{
  g_autofree char *text = NULL;

  if (level->level == EBB_LEVEL_NOT_RECORDED && level->resolved == EBB_ANSWER_NOT_RECORDED)
    return;
  text = ebb_observed_level_to_string (level);
  json_member_string (json, key, text);
}

/* day and second are left out: they are derived from "at". */
char *
_ebb_store_session_to_json (const EbbSession *session)
{
  GString *json = g_string_new (NULL);

  g_autofree char *at = _ebb_store_when_to_text (&session->when);

  json_member_int (json, "id", session->id);
  json_member_int (json, "patient_id", session->patient_id);
  /* As stored: the canonical form, not as it was typed. */
  json_member_string (json, "at", at != NULL ? at : session->when_text);
  json_member_string (json, "status", ebb_session_status_to_string (session->status));
  json_member_string (json, "phase", ebb_phase_to_string (session->phase));
  json_member_string (json, "route", ebb_route_to_string (session->route));
  json_key (json, "dose_mg");
  if (session->dose_mg >= 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      /* 15 significant digits print 0.1 as 0.1, not as its binary neighbour. */
      g_string_append (json, g_ascii_formatd (buf, sizeof buf, "%.15g", session->dose_mg));
    }
  else
    {
      g_string_append (json, "null");
    }
  json_member_string (json, "note", session->note);
  /* The record of schema 8, in the words of the CSV files; entries
   * written before have bp_before_* and bp_after_* instead, which are
   * readings now. */
  if (session->drug != EBB_DRUG_NOT_RECORDED)
    json_member_string (json, "drug", ebb_drug_to_string (session->drug));
  if (session->duration_min > 0)
    json_member_int (json, "duration_min", session->duration_min);
  if (session->lot != NULL)
    json_member_string (json, "lot", session->lot);
  if (session->dose_time >= 0)
    json_member_int (json, "dose_time", session->dose_time);
  if (session->discharge_time >= 0)
    json_member_int (json, "discharge_time", session->discharge_time);
  json_member_level (json, "sedation", &session->sedation);
  json_member_level (json, "dissociation", &session->dissociation);
  if (session->respiratory_spo2 >= 0)
    json_member_int (json, "respiratory_spo2", session->respiratory_spo2);
  json_member_answer (json, "respiratory_resolved", session->respiratory_resolved);
  if (session->effects != 0)
    {
      g_autofree char *effects = ebb_effects_to_string (session->effects);

      json_member_string (json, "effects", effects);
    }
  if (session->other_effect != NULL)
    json_member_string (json, "other_effect", session->other_effect);
  if (session->ready_min >= 0)
    json_member_int (json, "ready_min", session->ready_min);
  json_member_answer (json, "vitals_ok_before", session->vitals_ok_before);
  json_member_answer (json, "vitals_ok_discharge", session->vitals_ok_discharge);
  json_member_answer (json, "transport_arranged", session->transport_arranged);
  if (session->monitored_by != NULL)
    json_member_string (json, "monitored_by", session->monitored_by);
  return json_end (json);
}

char *
_ebb_store_reading_to_json (const EbbReading *reading)
{
  GString *json = g_string_new (NULL);

  json_member_int (json, "id", reading->id);
  json_member_int (json, "session_id", reading->session_id);
  if (reading->time >= 0)
    json_member_int (json, "time", reading->time);
  else
    {
      json_key (json, "time");
      g_string_append (json, "null");
    }
  json_member_int (json, "pre_dose", reading->pre_dose ? 1 : 0);
  json_member_int_or_null (json, "systolic", reading->systolic);
  json_member_int_or_null (json, "diastolic", reading->diastolic);
  json_member_int_or_null (json, "heart_rate", reading->heart_rate);
  json_member_int_or_null (json, "spo2", reading->spo2);
  json_member_string (json, "note", reading->note);
  return json_end (json);
}

char *
_ebb_store_rating_to_json (const EbbRating *rating)
{
  GString *json = g_string_new (NULL);
  g_autofree char *items = rating->n_items > 0 ? ebb_rating_items_to_string (rating) : NULL;
  g_autofree char *at = _ebb_store_when_to_text (&rating->when);

  json_member_int (json, "id", rating->id);
  json_member_int (json, "patient_id", rating->patient_id);
  json_member_string (json, "at", at != NULL ? at : rating->when_text);
  json_member_string (json, "scale", rating->scale_id);
  json_member_int (json, "total", rating->total);
  json_member_string (json, "items", items);
  json_member_string (json, "rater", rating->rater);
  json_member_string (json, "note", rating->note);
  /* Here 0 is an answer, and -1 "not asked on its own". */
  if (rating->alert_item >= 0)
    {
      json_member_int (json, "alert_item", rating->alert_item);
    }
  else
    {
      json_key (json, "alert_item");
      g_string_append (json, "null");
    }
  json_member_string (json, "dose_relation", _ebb_store_dose_relation_to_string (rating->dose_relation));
  return json_end (json);
}

/* Days are stored as numbers, for queries; the trail is read by people,
 * so it gives them as dates, like a session's "at". */
static void
json_member_date (GString    *json,
                  const char *key,
                  gint32      day)
{
  g_autofree char *date = day > 0 ? ebb_date_format (day) : NULL;

  json_member_string (json, key, date);
}

/* decided_day is left out: it is derived from "decided_at". */
char *
_ebb_store_decision_to_json (const EbbDecision *decision)
{
  GString *json = g_string_new (NULL);

  json_member_int (json, "id", decision->id);
  json_member_int (json, "patient_id", decision->patient_id);
  json_member_string (json, "kind", ebb_flag_kind_to_string (decision->kind));
  json_member_string (json, "scale", decision->scale_id);
  json_member_date (json, "flag_date", decision->flag_day);
  json_member_string (json, "note", decision->note);
  json_member_string (json, "decided_at", decision->decided_at);
  json_member_string (json, "user_name", decision->user_name);
  json_member_string (json, "real_name", decision->real_name);
  return json_end (json);
}

char *
_ebb_store_medicine_to_json (const EbbMedicine *medicine)
{
  GString *json = g_string_new (NULL);

  json_member_int (json, "id", medicine->id);
  json_member_int (json, "patient_id", medicine->patient_id);
  json_member_string (json, "class", ebb_medicine_class_to_string (medicine->klass));
  json_member_string (json, "name", medicine->name);
  json_member_date (json, "start", medicine->start_day);
  json_member_date (json, "stop", medicine->stop_day);
  return json_end (json);
}

char *
_ebb_store_event_to_json (const EbbEvent *event)
{
  GString *json = g_string_new (NULL);

  json_member_int (json, "id", event->id);
  json_member_int (json, "patient_id", event->patient_id);
  json_member_date (json, "date", event->day);
  json_member_string (json, "kind", ebb_event_kind_to_string (event->kind));
  json_member_string (json, "text", event->text);
  return json_end (json);
}

char *
_ebb_store_course_end_to_json (const EbbCourseEnd *end)
{
  GString *json = g_string_new (NULL);

  json_member_int (json, "id", end->id);
  json_member_int (json, "patient_id", end->patient_id);
  json_member_date (json, "date", end->day);
  json_member_string (json, "reason",
                      end->reason != EBB_END_REASON_NONE ? ebb_end_reason_to_string (end->reason) : NULL);
  json_member_string (json, "note", end->note);
  return json_end (json);
}

char *
_ebb_store_rule_setting_to_json (const char *key,
                                 const char *value)
{
  GString *json = g_string_new (NULL);

  json_member_string (json, "key", key);
  json_member_string (json, "value", value);
  return json_end (json);
}

/* Audit */

/* The trail's last entry, read once per transaction: nothing else can
 * append while this connection holds the write lock, or an import on a
 * server the append lock (EBB_STORE_SERVER_APPEND_LOCK). */
static gboolean
load_chain_head (EbbStore  *self,
                 GError   **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = NULL;
  int rc;

  if (self->chain_known && self->depth > 0)
    return TRUE;

  if (self->beside_imports)
    {
      rc = ebb_sql_exec (self->sql, EBB_STORE_SERVER_APPEND_LOCK);
      if (rc != SQLITE_OK)
        {
          _ebb_store_set_sql_error (error, self->path, self->sql, rc);
          return FALSE;
        }
    }

  stmt = _ebb_store_borrow_stmt (self, STMT_AUDIT_HEAD, error);
  if (stmt == NULL)
    return FALSE;
  rc = ebb_sql_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *hash = (const char *) ebb_sql_column_text (stmt, 1);

      self->chain_id = ebb_sql_column_int64 (stmt, 0);
      /* An entry without a hash was written behind Ebb's back: check names
       * it, and the chain goes on from it as the check reads it. */
      g_strlcpy (self->chain_hash, hash != NULL ? hash : "", sizeof self->chain_hash);
    }
  else if (rc == SQLITE_DONE)
    {
      self->chain_id = 0;
      self->chain_hash[0] = '\0';
    }
  else
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return FALSE;
    }
  self->chain_known = TRUE;
  return TRUE;
}

/* Appends one entry, linked to the last one. */
static gboolean
append_entry (EbbStore              *self,
              const EbbAuditFields  *fields,
              GError               **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = NULL;
  EbbAuditFields entry = *fields;
  char hash[EBB_AUDIT_HASH_SIZE];
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *own_at = NULL;

  if (!load_chain_head (self, error))
    return FALSE;

  if (self->tx_at != NULL)
    entry.at = self->tx_at;
  else
    {
      now = g_date_time_new_now_utc ();
      entry.at = own_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
    }
  entry.id = self->chain_id + 1;
  entry.user_name = self->user_name != NULL ? self->user_name : g_get_user_name ();
  entry.host_name = g_get_host_name ();
  _ebb_store_audit_hash (self->chain_hash[0] != '\0' ? self->chain_hash : NULL, &entry, hash);

  stmt = _ebb_store_borrow_stmt (self, STMT_AUDIT_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  ebb_sql_bind_int64 (stmt, 1, entry.id);
  _ebb_store_bind_text (stmt, 2, entry.at);
  _ebb_store_bind_text (stmt, 3, entry.action);
  _ebb_store_bind_text (stmt, 4, entry.table_name);
  ebb_sql_bind_int64 (stmt, 5, entry.row_id);
  /* A rule setting and the clinic's entries are no patient's. */
  if (entry.patient_id != 0)
    ebb_sql_bind_int64 (stmt, 6, entry.patient_id);
  else
    ebb_sql_bind_null (stmt, 6);
  _ebb_store_bind_text (stmt, 7, entry.patient_code);
  _ebb_store_bind_text (stmt, 8, entry.before);
  _ebb_store_bind_text (stmt, 9, entry.after);
  _ebb_store_bind_text (stmt, 10, entry.user_name);
  _ebb_store_bind_text (stmt, 11, entry.host_name);
  _ebb_store_bind_text (stmt, 12, hash);
  if (!_ebb_store_step_done (self, stmt, error))
    {
      self->chain_known = FALSE;
      return FALSE;
    }

  self->chain_id = entry.id;
  memcpy (self->chain_hash, hash, sizeof hash);
  /* Our own entry right after the last one the watch saw is no change
   * made elsewhere (ebb_store_check_changed_elsewhere()); after another
   * program's, the watch sees theirs. */
  if (self->watched_audit_id == entry.id - 1)
    self->watched_audit_id = entry.id;
  /* Outside a transaction another connection may append next. */
  self->chain_known = self->depth > 0;
  return TRUE;
}

gboolean
_ebb_store_write_audit (EbbStore    *self,
                        const char  *action,
                        const char  *table_name,
                        gint64       row_id,
                        gint64       patient_id,
                        const char  *patient_code,
                        const char  *before,
                        const char  *after,
                        GError     **error)
{
  EbbAuditFields entry = { 0 };

  _ebb_store_note_change (self, self->importing ? 0 : patient_id);

  /* A row an import adds is covered by the import's one entry, and
   * keeps the import's id (ebb_store_start_import()). */
  if (self->importing && g_str_equal (action, "insert"))
    {
      _ebb_store_note_imported_patient (self, patient_id);
      return TRUE;
    }

  entry.action = action;
  entry.table_name = table_name;
  entry.row_id = row_id;
  entry.patient_id = patient_id;
  entry.patient_code = patient_code;
  entry.before = before;
  entry.after = after;
  return append_entry (self, &entry, error);
}

/* An entry about the whole clinic: an import, a backup or a restore, with
 * what it did as a JSON object. */
gboolean
_ebb_store_write_clinic_entry (EbbStore    *self,
                               const char  *action,
                               const char  *table_name,
                               gint64       row_id,
                               const char  *details,
                               GError     **error)
{
  EbbAuditFields entry = { 0 };

  _ebb_store_note_change (self, 0);
  entry.action = action;
  entry.table_name = table_name;
  entry.row_id = row_id;
  entry.after = details;
  return append_entry (self, &entry, error);
}

/* The code of the patient a session, rating, decision or course end
 * belongs to, for the audit trail; a missing patient refuses the change in
 * plain words before the foreign key would. */
gboolean
_ebb_store_lookup_patient_code (EbbStore    *self,
                                gint64       patient_id,
                                const char  *what,
                                char       **code,
                                GError     **error)
{
  g_autoptr(EbbPatient) patient = NULL;

  /* An import adds its rows patient by patient: one lookup each. */
  if (self->code != NULL && self->code_id == patient_id)
    {
      *code = g_strdup (self->code);
      return TRUE;
    }
  if (!_ebb_store_fetch_by_id (self, STMT_PATIENT_GET, patient_id, _ebb_store_read_patient,
                               (gpointer *) &patient, error))
    return FALSE;
  if (patient == NULL)
    {
      if (g_str_equal (what, "session"))
        g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                     _("The session cannot be stored: there is no patient with id %lld"),
                     (long long) patient_id);
      else if (g_str_equal (what, "decision"))
        g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                     _("The decision cannot be stored: there is no patient with id %lld"),
                     (long long) patient_id);
      else if (g_str_equal (what, "course end"))
        g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                     _("The end of the course cannot be stored: there is no patient with id %lld"),
                     (long long) patient_id);
      else
        g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                     _("The rating cannot be stored: there is no patient with id %lld"),
                     (long long) patient_id);
      return FALSE;
    }
  g_free (self->code);
  self->code = g_strdup (patient->code);
  self->code_id = patient_id;
  *code = g_steal_pointer (&patient->code);
  return TRUE;
}

/* Public API */

/**
 * ebb_audit_entry_free:
 *
 * Frees an entry of the audit trail.
 */
void
ebb_audit_entry_free (EbbAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->action);
  g_free (entry->table_name);
  g_free (entry->patient_code);
  g_free (entry->before);
  g_free (entry->after);
  g_free (entry->user_name);
  g_free (entry->host_name);
  g_free (entry->hash);
  g_free (entry);
}

/**
 * ebb_store_list_audit:
 * @patient_id: a patient's id (also one since deleted), or 0 for all
 *
 * A patient's trail holds the patient's own entries and the entries of
 * the imports that brought the records the patient has now.
 *
 * Returns: (transfer container) (element-type EbbAuditEntry): the trail
 *   in the order it was written, or %NULL on error
 */
GPtrArray *
ebb_store_list_audit (EbbStore  *self,
                      gint64     patient_id,
                      GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ebb_store_list_rows (self, STMT_AUDIT_LIST_ALL, STMT_AUDIT_LIST, patient_id,
                               _ebb_store_read_audit_entry, (GDestroyNotify) ebb_audit_entry_free,
                               error);
}

/* Imports */

/* An import's one audit entry names no patient.  The patients it added
 * rows of are kept beside it (table import_patients), so that what a scan
 * kept about the others still holds after it (ebb-store-kept.c). */
void
_ebb_store_note_imported_patient (EbbStore *self,
                                  gint64    patient_id)
{
  g_assert (self->importing);

  /* Rows come patient by patient. */
  if (patient_id <= 0 || patient_id == self->import_last_patient)
    return;
  self->import_last_patient = patient_id;
  if (self->import_patients == NULL)
    self->import_patients = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  if (!g_hash_table_contains (self->import_patients, &patient_id))
    g_hash_table_add (self->import_patients, g_memdup2 (&patient_id, sizeof patient_id));
}

/* The patients an import added rows of, as their ids in order with
 * commas between. */
static gboolean
write_import_patients (EbbStore  *self,
                       gint64     import_id,
                       GError   **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *text = NULL;
  g_autoptr(EbbSqlStmt) stmt = NULL;
  GHashTableIter iter;
  gpointer id;
  int rc;

  if (self->import_patients != NULL)
    {
      g_hash_table_iter_init (&iter, self->import_patients);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_array_append_val (ids, *(const gint64 *) id);
    }
  g_array_sort (ids, _ebb_store_compare_ids);
  text = _ebb_store_format_ids (ids);

  rc = ebb_sql_prepare (self->sql, "INSERT INTO import_patients (import_id, patients) VALUES (?1, ?2)",
                        FALSE, &stmt);
  if (rc == SQLITE_OK)
    {
      ebb_sql_bind_int64 (stmt, 1, import_id);
      _ebb_store_bind_text (stmt, 2, text);
      rc = ebb_sql_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return FALSE;
    }
  return TRUE;
}

/* Forgets an import's own state, when it ends or is rolled back. */
void
_ebb_store_end_import (EbbStore *self)
{
  self->importing = FALSE;
  self->import_id = 0;
  self->import_session_id = 0;
  self->import_last_patient = 0;
  g_clear_pointer (&self->import_patients, g_hash_table_unref);
}

/* The import's id, made with the first row it adds: an import that adds
 * nothing leaves no trace. */
gboolean
_ebb_store_ensure_import_id (EbbStore  *self,
                             GError   **error)
{
  EbbSqlStmt *stmt;

  g_assert (self->importing);
  if (self->import_id != 0)
    return TRUE;

  /* Not borrowed: this runs while the caller borrows an INSERT. */
  stmt = _ebb_store_borrow_stmt (self, STMT_IMPORT_INSERT, error);
  if (stmt == NULL)
    return FALSE;
  _ebb_store_bind_text (stmt, 1, self->tx_at);
  if (!_ebb_store_step_insert (self, stmt, &self->import_id, error))
    {
      _ebb_store_stmt_give_back (stmt);
      return FALSE;
    }
  _ebb_store_stmt_give_back (stmt);
  return TRUE;
}

/**
 * ebb_store_start_import:
 *
 * Starts an import inside the caller's transaction (ebb_store_begin()):
 * every row added from now until ebb_store_finish_import() keeps the
 * import's id and writes no audit entry of its own; changes and deletions
 * are audited as always.  Rolling the transaction back ends the import.
 *
 * Returns: %TRUE when started
 */
gboolean
ebb_store_start_import (EbbStore  *self,
                        GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);
  g_return_val_if_fail (!self->importing, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  _ebb_store_end_import (self);
  self->importing = TRUE;
  self->changes_at_import = ebb_sql_total_changes (self->sql);
  return TRUE;
}

/**
 * ebb_store_finish_import:
 * @details: a JSON object saying what was imported (the files, their
 *   SHA-256 and the counts), kept as the entry's "after"
 *
 * Ends the import and, when it changed anything, writes its one audit
 * entry (action "import", table "import", row the import's id); the
 * caller still commits.  An import that changed nothing (every row was
 * stored already) writes no entry, like any change to nothing.
 */
gboolean
ebb_store_finish_import (EbbStore    *self,
                         const char  *details,
                         GError     **error)
{
  gint64 import_id;
  gboolean changed;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->importing, FALSE);
  g_return_val_if_fail (details != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  changed = ebb_sql_total_changes (self->sql) != self->changes_at_import;
  if (changed && !_ebb_store_ensure_import_id (self, error))
    return FALSE;
  import_id = self->import_id;
  if (changed && !write_import_patients (self, import_id, error))
    return FALSE;
  _ebb_store_end_import (self);
  if (!changed)
    return TRUE;
  return _ebb_store_write_clinic_entry (self, "import", "import", import_id, details, error);
}

/**
 * _ebb_store_set_changed_error:
 * @stored: the row as it is stored now, as JSON
 *
 * The message for an edit refused because the row changed since its
 * editor read it: who changed it, and when, from the row's last audit
 * entry when that entry is what is stored now (an import writes none of
 * its own, and the last entry would then name someone else).
 */
void
_ebb_store_set_changed_error (EbbStore     *self,
                              const char   *table_name,
                              gint64        row_id,
                              gint64        patient_id,
                              const char   *stored,
                              GError      **error)
{
  g_autoptr(EbbSqlStmt) stmt = NULL;
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;

  /* The patient's entries first, by their index, then the row's. */
  if (ebb_sql_prepare (self->sql,
                       "SELECT user_name, at, \"after\" FROM audit WHERE patient_id = ?1"
                       " AND table_name = ?2 AND row_id = ?3 ORDER BY id DESC LIMIT 1",
                       FALSE, &stmt) == SQLITE_OK)
    {
      ebb_sql_bind_int64 (stmt, 1, patient_id);
      ebb_sql_bind_text (stmt, 2, table_name, -1, SQLITE_STATIC);
      ebb_sql_bind_int64 (stmt, 3, row_id);
      if (ebb_sql_step (stmt) == SQLITE_ROW &&
          g_strcmp0 ((const char *) ebb_sql_column_text (stmt, 2), stored) == 0)
        {
          g_autoptr(GDateTime) at = NULL;

          who = g_strdup ((const char *) ebb_sql_column_text (stmt, 0));
          at = g_date_time_new_from_iso8601 ((const char *) ebb_sql_column_text (stmt, 1), NULL);
          if (at != NULL)
            {
              g_autoptr(GDateTime) local = g_date_time_to_local (at);
              g_autoptr(GDateTime) now = g_date_time_new_now_local ();

              when = g_date_time_get_year (local) == g_date_time_get_year (now) &&
                     g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now)
                     ? g_date_time_format (local, "%H:%M")
                     : g_date_time_format (local, "%Y-%m-%d %H:%M");
            }
        }
    }

  if (who != NULL && when != NULL)
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHANGED,
                 /* Translators: the first %s is a user name, the second a time */
                 _("Changed by %s at %s since you opened it, so nothing was saved: what you "
                   "typed is still here. Close, and open it again to see the change"),
                 who, when);
  else
    g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHANGED,
                         _("Changed elsewhere since you opened it, so nothing was saved: "
                           "what you typed is still here. Close, and open it again to see "
                           "the change"));
}
