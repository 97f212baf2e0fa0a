/* ebb-store-queries.c — reading patients, sessions and ratings
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The lists the window and the command line read, the sidebar's
 * summaries in one query, and the whole-clinic walk of the clinical
 * rules.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "ebb-csv.h"
#include "ebb-scale.h"
#include "ebb-store-private.h"

/**
 * ebb_store_list_patients:
 *
 * Returns: (transfer container) (element-type EbbPatient): every patient,
 *   ordered by code, or %NULL on error
 */
GPtrArray *
ebb_store_list_patients (EbbStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ebb_store_list_rows (self, STMT_PATIENT_LIST, STMT_PATIENT_LIST, 0,
                               _ebb_store_read_patient, (GDestroyNotify) ebb_patient_free, error);
}

/* Collects the rows of @stmt (stepped to *rc, ordered by patient id in
 * column 1) that belong to @patient_id, leaving *rc at the next patient's
 * first row; with no @read_row, steps over them. */
static gboolean
take_patient_rows (EbbStore      *self,
                   EbbSqlStmt    *stmt,
                   int           *rc,
                   gint64         patient_id,
                   RowReader      read_row,
                   GPtrArray     *rows,
                   GError       **error)
{
  /* Rows of a lower id have no patient row; the foreign keys forbid them,
   * but a scan must not stall on a file that has them. */
  while (*rc == SQLITE_ROW && ebb_sql_column_int64 (stmt, 1) < patient_id)
    *rc = ebb_sql_step (stmt);
  while (*rc == SQLITE_ROW && ebb_sql_column_int64 (stmt, 1) == patient_id)
    {
      /* A patient skipped: the rows are stepped over, not read. */
      if (read_row != NULL)
        {
          gpointer row = read_row (self, stmt, error);

          if (row == NULL)
            return FALSE;
          g_ptr_array_add (rows, row);
        }
      *rc = ebb_sql_step (stmt);
    }
  if (*rc != SQLITE_ROW && *rc != SQLITE_DONE)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, *rc);
      return FALSE;
    }
  return TRUE;
}

/* The records the rules read, each kind by a statement ordered by
 * patient id: in a range of ids, or (on a server) of the patients listed. */
enum
{
  READ_SESSIONS,
  READ_RATINGS,
  READ_COURSE_ENDS,
  READ_DECISIONS,
  READ_READINGS,
  N_READS
};

static const StmtId reads_in_range[N_READS] = {
  STMT_SESSION_RULES_ALL, STMT_RATING_RULES_ALL, STMT_COURSE_END_RULES_ALL,
  STMT_DECISION_RULES_ALL, STMT_READING_RULES_ALL,
};

static const StmtId reads_of_listed[N_READS] = {
  STMT_SESSION_RULES_LISTED, STMT_RATING_RULES_LISTED, STMT_COURSE_END_RULES_LISTED,
  STMT_DECISION_RULES_LISTED, STMT_READING_RULES_LISTED,
};

typedef struct
{
  EbbBorrowedStmt *stmt[N_READS];
  int              rc[N_READS];
} RecordReads;

static void
record_reads_clear (RecordReads *reads)
{
  for (guint i = 0; i < N_READS; i++)
    g_clear_pointer (&reads->stmt[i], _ebb_store_stmt_give_back);
}

/* Starts the reads of @ids, bound to the range @first … @last, or to
 * @listed (patient ids, separated by commas). */
static gboolean
record_reads_start (EbbStore      *self,
                    RecordReads   *reads,
                    const StmtId   ids[N_READS],
                    gint64         first,
                    gint64         last,
                    const char    *listed,
                    GError       **error)
{
  for (guint i = 0; i < N_READS; i++)
    {
      if (!(reads->stmt[i] = _ebb_store_borrow_stmt (self, ids[i], error)))
        return FALSE;
      if (listed != NULL)
        _ebb_store_bind_text (reads->stmt[i], 1, listed);
      else
        {
          ebb_sql_bind_int64 (reads->stmt[i], 1, first);
          ebb_sql_bind_int64 (reads->stmt[i], 2, last);
        }
    }
  /* The statements are stepping at once, so they read within one read
   * transaction: a write by another process cannot fall between them. */
  for (guint i = 0; i < N_READS; i++)
    reads->rc[i] = ebb_sql_step (reads->stmt[i]);
  return TRUE;
}

/* Steps over the records of patient @id. */
static gboolean
record_reads_skip (EbbStore     *self,
                   RecordReads  *reads,
                   gint64        id,
                   GError      **error)
{
  for (guint i = 0; i < N_READS; i++)
    if (!take_patient_rows (self, reads->stmt[i], &reads->rc[i], id, NULL, NULL, error))
      return FALSE;
  return TRUE;
}

/* Reads the records of @patient and hands them to @func. */
static gboolean
record_reads_take (EbbStore                    *self,
                   RecordReads                 *reads,
                   EbbPatient                  *patient,
                   EbbStorePatientRecordsFunc   func,
                   gpointer                     user_data,
                   GError                     **error)
{
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_session_free);
  g_autoptr(GPtrArray) ratings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_rating_free);
  g_autoptr(GPtrArray) ends = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_course_end_free);
  g_autoptr(GPtrArray) decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_decision_free);
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  const RowReader read[N_READS] = {
    _ebb_store_read_session_for_rules, _ebb_store_read_rating_for_rules, _ebb_store_read_course_end,
    _ebb_store_read_decision, _ebb_store_read_reading,
  };
  GPtrArray *into[N_READS] = { sessions, ratings, ends, decisions, readings };
  EbbPatientRecords records;

  for (guint i = 0; i < N_READS; i++)
    if (!take_patient_rows (self, reads->stmt[i], &reads->rc[i], patient->id, read[i], into[i], error))
      return FALSE;
  _ebb_store_attach_readings (sessions, readings);

  records = (EbbPatientRecords) {
    .patient = patient,
    .sessions = sessions,
    .ratings = ratings,
    .course_ends = ends,
    .decisions = decisions,
  };
  func (&records, user_data);
  return TRUE;
}

static gboolean
is_skipped (GArray *skip,
            gint64  id)
{
  return skip != NULL && skip->len > 0 &&
         bsearch (&id, skip->data, skip->len, sizeof (gint64), _ebb_store_compare_ids) != NULL;
}

/* On a server, with most of the range's patients skipped: their records
 * are not asked for at all, since a server's result comes whole; the
 * others' are asked for by id.  FALSE in *@done when too few are skipped
 * for that to pay, and the range is to be read whole (nothing was handed
 * to @func then). */
static gboolean
foreach_listed_patient (EbbStore                    *self,
                        EbbBorrowedStmt             *patients,
                        GArray                      *skip,
                        EbbStorePatientRecordsFunc   func,
                        gpointer                     user_data,
                        gboolean                    *done,
                        GError                     **error)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_patient_free);
  g_autoptr(GArray) wanted_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *listed = NULL;
  RecordReads reads = { 0 };
  guint n_patients = 0;
  gboolean ok = TRUE;
  int rc;

  *done = FALSE;
  for (rc = ebb_sql_step (patients); rc == SQLITE_ROW; rc = ebb_sql_step (patients))
    {
      gint64 id = ebb_sql_column_int64 (patients, 0);
      EbbPatient *patient;

      n_patients++;
      if (is_skipped (skip, id))
        continue;
      if ((patient = _ebb_store_read_patient (self, patients, error)) == NULL)
        return FALSE;
      g_ptr_array_add (wanted, patient);
      g_array_append_val (wanted_ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return FALSE;
    }
  /* Ids looked up one by one cost more than a range read in order once
   * they are more than about a quarter of it (measured at 5,000). */
  if (wanted->len * 4 > n_patients)
    {
      ebb_sql_reset (patients);
      return TRUE;
    }

  *done = TRUE;
  if (wanted->len == 0)
    return TRUE;
  listed = _ebb_store_format_ids (wanted_ids);
  ok = record_reads_start (self, &reads, reads_of_listed, 0, 0, listed, error);
  for (guint i = 0; ok && i < wanted->len; i++)
    ok = record_reads_take (self, &reads, g_ptr_array_index (wanted, i), func, user_data, error);
  record_reads_clear (&reads);
  return ok;
}

/* The patients with ids @first … @last and their records, as
 * ebb_store_foreach_patient_for_rules() reads them, but for those in
 * @skip (ordered ids, or NULL). */
static gboolean
foreach_patient_in_range (EbbStore                   *self,
                          gint64                      first,
                          gint64                      last,
                          GArray                     *skip,
                          EbbStorePatientRecordsFunc  func,
                          gpointer                    user_data,
                          GError                    **error)
{
  g_autoptr(EbbBorrowedStmt) patients = NULL;
  RecordReads reads = { 0 };
  gboolean ok = TRUE;
  int rc;

  if (!(patients = _ebb_store_borrow_stmt (self, STMT_PATIENT_LIST_BY_ID, error)))
    return FALSE;
  ebb_sql_bind_int64 (patients, 1, first);
  ebb_sql_bind_int64 (patients, 2, last);

  if (skip != NULL && skip->len > 0 && ebb_sql_is_server (self->sql))
    {
      gboolean done;

      if (!foreach_listed_patient (self, patients, skip, func, user_data, &done, error))
        return FALSE;
      if (done)
        return TRUE;
    }

  rc = ebb_sql_step (patients);
  if (!record_reads_start (self, &reads, reads_in_range, first, last, NULL, error))
    {
      record_reads_clear (&reads);
      return FALSE;
    }
  for (; ok && rc == SQLITE_ROW; rc = ebb_sql_step (patients))
    {
      g_autoptr(EbbPatient) patient = NULL;
      gint64 id = ebb_sql_column_int64 (patients, 0);

      if (is_skipped (skip, id))
        ok = record_reads_skip (self, &reads, id, error);
      else if ((patient = _ebb_store_read_patient (self, patients, error)) == NULL)
        ok = FALSE;
      else
        ok = record_reads_take (self, &reads, patient, func, user_data, error);
    }
  record_reads_clear (&reads);
  if (!ok)
    return FALSE;
  if (rc != SQLITE_DONE)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_store_foreach_patient_for_rules:
 * @func: (scope call): called once per patient, in id order
 *
 * Walks the patients, their sessions, ratings, course ends and decisions
 * side by side, each ordered by patient id, so that the clinic is read
 * once and only one patient's rows are in memory at a time.  The sessions
 * and ratings hold what the clinical rules read, from the indexes alone:
 * a session's time, status, phase, route and blood pressures; a rating's
 * time, scale, total, items, alert item and dose relation.  Their
 * when_text, a session's dose and note, a rating's rater and note, are not
 * read (NULL, or ebb_session_new()'s defaults).  Course ends and decisions
 * are read whole, in the order they were recorded.
 *
 * Returns: %FALSE with @error set when the database failed
 */
gboolean
ebb_store_foreach_patient_for_rules (EbbStore                   *self,
                                     EbbStorePatientRecordsFunc  func,
                                     gpointer                    user_data,
                                     GError                    **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return foreach_patient_in_range (self, G_MININT64, G_MAXINT64, NULL, func, user_data, error);
}

/* How many parts a whole-clinic scan is dealt into: one per core, as
 * patients are independent of one another, and no more than four,
 * beyond which reading the file is the limit. */
static guint
scan_n_parts (void)
{
  return CLAMP (g_get_num_processors (), 1, 4);
}

typedef struct
{
  const char       *path;
  gint64            first;
  gint64            last;
  GArray           *skip;
  EbbStoreScanFunc  func;
  gpointer          user_data;
  GPtrArray        *found;
  GError           *error;
} ScanPart;

static void
scan_part_patient_cb (const EbbPatientRecords *records,
                      gpointer                 user_data)
{
  ScanPart *part = user_data;

  part->func (records, part->found, part->user_data);
}

/* A part of a scan but for the patients it skips.  In a file the others
 * are read a run at a time, between two skipped patients, each run found
 * through the indexes: stepping over the rows of a skipped patient costs
 * more than finding the next run.  A server's results come whole:
 * there the others are asked for by id (foreach_listed_patient()), or
 * the skipped rows stepped over when they are too few for that. */
static gboolean
scan_part (EbbStore  *store,
           ScanPart  *part,
           GError   **error)
{
  GArray *skip = part->skip;
  gint64 from = part->first;
  guint k = 0;

  if (skip == NULL || skip->len == 0 || ebb_sql_is_server (store->sql))
    return foreach_patient_in_range (store, part->first, part->last, skip, scan_part_patient_cb, part, error);

  while (k < skip->len && g_array_index (skip, gint64, k) < part->first)
    k++;
  for (; k < skip->len && g_array_index (skip, gint64, k) <= part->last; k++)
    {
      gint64 id = g_array_index (skip, gint64, k);

      if (id > from &&
          !foreach_patient_in_range (store, from, id - 1, NULL, scan_part_patient_cb, part, error))
        return FALSE;
      from = id + 1;
    }
  return from > part->last ||
         foreach_patient_in_range (store, from, part->last, NULL, scan_part_patient_cb, part, error);
}

/* A part of a scan on a read-only connection of its own: an SQLite
 * connection is used by one thread at a time. */
static gpointer
scan_part_thread (gpointer data)
{
  ScanPart *part = data;
  g_autoptr(EbbStore) store = ebb_store_open (part->path, EBB_STORE_OPEN_READ_ONLY, &part->error);

  if (store != NULL)
    scan_part (store, part, &part->error);
  return NULL;
}

/**
 * ebb_store_scan_for_rules:
 * @func: (scope call): called once per patient, with the array to add
 *   what it finds about the patient to; from several threads at once
 * @user_data: for @func, read by all its threads
 * @free_found: (nullable): frees what @func adds
 *
 * As ebb_store_foreach_patient_for_rules(), on every core: the patients
 * are dealt into ranges of ids, one per core (at most four), each read in
 * a thread of its own on a read-only connection of its own, and what
 * @func found is handed back in patient order, as if one thread had read
 * them all.  The scan's threads live here alone, so that a rule that
 * looks at the whole clinic only says what it finds about one patient.
 * Inside a transaction, whose changes other connections cannot see yet,
 * the parts are read here, one after the other.
 *
 * Each part reads one consistent state of the file, but a change committed
 * by another process while the parts are read may be seen by some parts
 * and not others, as between any two reads.
 *
 * Returns: (transfer full): what @func found, in patient order; %NULL with
 *   @error set when the database failed in any part
 */
GPtrArray *
ebb_store_scan_for_rules (EbbStore          *self,
                          EbbStoreScanFunc   func,
                          gpointer           user_data,
                          GDestroyNotify     free_found,
                          GError           **error)
{
  return ebb_store_scan_for_rules_skipping (self, NULL, func, user_data, free_found, error);
}

/**
 * ebb_store_scan_for_rules_skipping:
 * @skip: (nullable) (element-type gint64): patients not to read, by id in
 *   ascending order
 *
 * ebb_store_scan_for_rules() but for the patients in @skip: @func is not
 * called for them, and their rows are not read at all (on a server, once
 * they are most of a part: foreach_listed_patient()).
 */
GPtrArray *
ebb_store_scan_for_rules_skipping (EbbStore          *self,
                                   GArray            *skip,
                                   EbbStoreScanFunc   func,
                                   gpointer           user_data,
                                   GDestroyNotify     free_found,
                                   GError           **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A server's part opens a connection of its own, which costs more than
   * reading the few patients left to read once most are kept (after a
   * change to the whole clinic nothing is kept, and nothing skipped). */
  if (ebb_sql_is_server (self->sql) && skip != NULL && skip->len > 0)
    return _ebb_store_scan_in_parts (self, 1, skip, func, user_data, free_found, error);
  return _ebb_store_scan_in_parts (self, scan_n_parts (), skip, func, user_data, free_found, error);
}

/* ebb_store_scan_for_rules() in @n_parts parts: for the tests, which
 * must see several parts whatever the machine. */
GPtrArray *
_ebb_store_scan_in_parts (EbbStore          *self,
                          guint              n_parts,
                          GArray            *skip,
                          EbbStoreScanFunc   func,
                          gpointer           user_data,
                          GDestroyNotify     free_found,
                          GError           **error)
{
  g_autoptr(EbbBorrowedStmt) range = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (free_found);
  g_autofree ScanPart *parts = NULL;
  g_autofree GThread **threads = NULL;
  gint64 first, last;
  gboolean ok;

  g_assert (n_parts > 0);

  if (!(range = _ebb_store_borrow_stmt (self, STMT_PATIENT_ID_RANGE, error)))
    return NULL;
  if (ebb_sql_step (range) != SQLITE_ROW)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, ebb_sql_errcode (self->sql));
      return NULL;
    }
  /* An empty clinic: nothing to deal out. */
  if (ebb_sql_column_type (range, 0) == SQLITE_NULL)
    return g_steal_pointer (&found);
  first = ebb_sql_column_int64 (range, 0);
  last = ebb_sql_column_int64 (range, 1);
  g_clear_pointer (&range, _ebb_store_stmt_give_back);

  /* Ids are handed out in turn, so equal ranges hold about as many
   * patients each. */
  parts = g_new0 (ScanPart, n_parts);
  for (guint i = 0; i < n_parts; i++)
    {
      parts[i].path = self->path;
      parts[i].first = i == 0 ? G_MININT64 : first + (last - first + 1) / n_parts * i;
      parts[i].last = i + 1 == n_parts ? G_MAXINT64 : first + (last - first + 1) / n_parts * (i + 1) - 1;
      parts[i].skip = skip;
      parts[i].func = func;
      parts[i].user_data = user_data;
      parts[i].found = g_ptr_array_new_with_free_func (free_found);
    }

  threads = g_new0 (GThread *, n_parts);
  for (guint i = 1; i < n_parts && self->depth == 0; i++)
    threads[i] = g_thread_new ("ebb-scan", scan_part_thread, &parts[i]);
  ok = scan_part (self, &parts[0], error);
  for (guint i = 1; i < n_parts; i++)
    {
      if (threads[i] != NULL)
        g_thread_join (threads[i]);
      else if (ok)
        scan_part (self, &parts[i], &parts[i].error);
      if (ok && parts[i].error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&parts[i].error));
          ok = FALSE;
        }
      g_clear_error (&parts[i].error);
    }
  for (guint i = 0; i < n_parts; i++)
    {
      g_ptr_array_extend_and_steal (found, parts[i].found);
      parts[i].found = NULL;
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&found);
}

/* The catalogue's side-effect scale (CADSS): the catalogue, not the SQL,
 * says which scales are not used for response. */
static const char *
side_effect_scale_id (void)
{
  guint n;
  const EbbScale * const *all = ebb_scale_all (&n);

  for (guint i = 0; i < n; i++)
    if (!all[i]->efficacy)
      return all[i]->id;
  return "";
}

/**
 * ebb_patient_summary_free:
 *
 * Frees a summary and the patient in it.
 */
void
ebb_patient_summary_free (EbbPatientSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->patient, ebb_patient_free);
  g_free (summary->last_activity);
  g_free (summary->latest_scale);
  g_free (summary->latest_when);
  g_free (summary);
}

/**
 * ebb_store_list_patient_summaries:
 * @default_scale: (nullable): the scale to follow patients on who have no
 *   preferred scale
 * @as_of_day: ratings and done sessions after this day are left out, as
 *   the rules leave them out; 0 for none
 * @flags: %EBB_STORE_SUMMARY_ACTIVITY to count sessions and ratings too,
 *   which reads every row's index entry: a list that only shows the latest
 *   score should not ask for it
 *
 * Every patient with the score they are followed on, in one query.
 *
 * Returns: (transfer container) (element-type EbbPatientSummary): the
 *   summaries ordered by code, or %NULL on error
 */
GPtrArray *
ebb_store_list_patient_summaries (EbbStore             *self,
                                  const char           *default_scale,
                                  gint32                as_of_day,
                                  EbbStoreSummaryFlags  flags,
                                  GError              **error)
{
  const EbbScale *fallback = default_scale != NULL ? ebb_scale_lookup (default_scale) : NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  {
    g_autoptr(EbbBorrowedStmt) stmt = NULL;

    stmt = _ebb_store_borrow_stmt (self, (flags & EBB_STORE_SUMMARY_ACTIVITY) != 0
                                         ? STMT_SUMMARIES_ACTIVITY : STMT_SUMMARIES,
                                   error);

    if (stmt == NULL)
      return NULL;
    ebb_sql_bind_text (stmt, 1, side_effect_scale_id (), -1, SQLITE_STATIC);
    /* Stored scale ids are the catalogue's (ebb_store_add_patient and
     * the importer make them so): compare with the catalogue's too. */
    if (fallback != NULL)
      ebb_sql_bind_text (stmt, 2, fallback->id, -1, SQLITE_STATIC);
    else
      ebb_sql_bind_null (stmt, 2);
    ebb_sql_bind_int (stmt, 3, as_of_day > 0 ? as_of_day : G_MAXINT32);
    return _ebb_store_collect_rows (self, stmt, _ebb_store_read_summary,
                                    (GDestroyNotify) ebb_patient_summary_free, error);
  }
}

/**
 * ebb_store_get_patient_summary:
 * @default_scale: (nullable): as for ebb_store_list_patient_summaries()
 * @as_of_day: as for ebb_store_list_patient_summaries()
 *
 * One patient's entry of ebb_store_list_patient_summaries(), without the
 * activity.
 *
 * Returns: (transfer full) (nullable): the summary, or %NULL with
 *   %EBB_STORE_ERROR_NO_SUCH_ROW when there is no patient with @id
 */
EbbPatientSummary *
ebb_store_get_patient_summary (EbbStore    *self,
                               gint64       id,
                               const char  *default_scale,
                               gint32       as_of_day,
                               GError     **error)
{
  const EbbScale *fallback = default_scale != NULL ? ebb_scale_lookup (default_scale) : NULL;
  g_autoptr(EbbBorrowedStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((stmt = _ebb_store_borrow_stmt (self, STMT_SUMMARY_ONE, error)) == NULL)
    return NULL;
  ebb_sql_bind_text (stmt, 1, side_effect_scale_id (), -1, SQLITE_STATIC);
  if (fallback != NULL)
    ebb_sql_bind_text (stmt, 2, fallback->id, -1, SQLITE_STATIC);
  else
    ebb_sql_bind_null (stmt, 2);
  ebb_sql_bind_int (stmt, 3, as_of_day > 0 ? as_of_day : G_MAXINT32);
  ebb_sql_bind_int64 (stmt, 4, id);
  rows = _ebb_store_collect_rows (self, stmt, _ebb_store_read_summary,
                                  (GDestroyNotify) ebb_patient_summary_free, error);
  if (rows == NULL)
    return NULL;
  if (rows->len == 0)
    {
      _ebb_store_set_no_such_row_error (error, "patient", id);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

/**
 * ebb_store_get_patient:
 *
 * Returns: (transfer full) (nullable): the patient, or %NULL with
 *   %EBB_STORE_ERROR_NO_SUCH_ROW when there is none with @id
 */
EbbPatient *
ebb_store_get_patient (EbbStore  *self,
                       gint64     id,
                       GError   **error)
{
  EbbPatient *patient = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_ebb_store_fetch_by_id (self, STMT_PATIENT_GET, id, _ebb_store_read_patient,
                               (gpointer *) &patient, error))
    return NULL;
  if (patient == NULL)
    _ebb_store_set_no_such_row_error (error, "patient", id);
  return patient;
}

/* The patient stored under exactly @code, or NULL with @error unset when
 * there is none. */
static EbbPatient *
find_patient_exactly (EbbStore    *self,
                      const char  *code,
                      GError     **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = NULL;
  int rc;

  stmt = _ebb_store_borrow_stmt (self, STMT_PATIENT_FIND, error);
  if (stmt == NULL)
    return NULL;
  _ebb_store_bind_text (stmt, 1, code);
  rc = ebb_sql_step (stmt);
  if (rc == SQLITE_ROW)
    return _ebb_store_read_patient (self, stmt, error);
  if (rc != SQLITE_DONE)
    _ebb_store_set_sql_error (error, self->path, self->sql, rc);
  return NULL;
}

/**
 * ebb_store_find_patient:
 * @code: a clinic code, in any of its spellings: "s03-000" finds
 *   "S03-000" (see ebb_patient_normalise_code())
 *
 * Returns: (transfer full) (nullable): the patient with this clinic code,
 *   or %NULL with %EBB_STORE_ERROR_NO_SUCH_ROW when there is none
 */
EbbPatient *
ebb_store_find_patient (EbbStore    *self,
                        const char  *code,
                        GError     **error)
{
  g_autofree char *normalised = NULL;
  g_autofree char *excerpt = NULL;
  GError *local_error = NULL;
  EbbPatient *patient;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Codes are stored in one form; one stored before codes were
   * normalised is still found as it was typed then. */
  normalised = ebb_patient_normalise_code (code, NULL);
  if (normalised != NULL)
    {
      patient = find_patient_exactly (self, normalised, &local_error);
      if (patient != NULL || local_error != NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, local_error);
          return patient;
        }
    }
  if (normalised == NULL || !g_str_equal (normalised, code))
    {
      patient = find_patient_exactly (self, code, &local_error);
      if (patient != NULL || local_error != NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, local_error);
          return patient;
        }
    }

  excerpt = ebb_csv_excerpt (code);
  g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
               _("There is no patient with the code “%s”"), excerpt);
  return NULL;
}

/**
 * ebb_store_list_sessions:
 * @patient_id: a patient's id, or 0 for everyone's
 *
 * Returns: (transfer container) (element-type EbbSession): sessions by
 *   patient, day and time (date-only first), each with its readings,
 *   or %NULL on error
 */
GPtrArray *
ebb_store_list_sessions (EbbStore  *self,
                         gint64     patient_id,
                         GError   **error)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) readings = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sessions = _ebb_store_list_rows (self, STMT_SESSION_LIST_ALL, STMT_SESSION_LIST, patient_id,
                                   _ebb_store_read_session, (GDestroyNotify) ebb_session_free, error);
  if (sessions == NULL ||
      (readings = ebb_store_list_readings (self, patient_id, error)) == NULL)
    return NULL;
  _ebb_store_attach_readings (sessions, readings);
  return g_steal_pointer (&sessions);
}

/**
 * ebb_store_list_ratings:
 * @patient_id: a patient's id, or 0 for everyone's
 *
 * Returns: (transfer container) (element-type EbbRating): ratings by
 *   patient, day and time (date-only first), or %NULL on error
 */
GPtrArray *
ebb_store_list_ratings (EbbStore  *self,
                        gint64     patient_id,
                        GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ebb_store_list_rows (self, STMT_RATING_LIST_ALL, STMT_RATING_LIST, patient_id,
                               _ebb_store_read_rating, (GDestroyNotify) ebb_rating_free, error);
}

/**
 * ebb_store_list_patients_in_session:
 * @day: the day, usually today
 *
 * The patients in the chair on @day: those with a session on @day that
 * has a dose time and no discharge time, so that the window can follow
 * every open session, not only the patient on screen.  Rarely called (on
 * opening a clinic and on changes that may concern several patients), so
 * the statement is not kept.
 *
 * Returns: (transfer full) (element-type gint64): the patients' ids, or
 *   %NULL on error
 */
GArray *
ebb_store_list_patients_in_session (EbbStore  *self,
                                    gint32     day,
                                    GError   **error)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(EbbSqlStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rc = ebb_sql_prepare (self->sql,
                        "SELECT DISTINCT patient_id FROM session"
                        " WHERE day = ?1 AND dose_time IS NOT NULL AND discharge_time IS NULL",
                        FALSE, &stmt);
  if (rc != SQLITE_OK)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return NULL;
    }
  ebb_sql_bind_int (stmt, 1, day);
  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = ebb_sql_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = ebb_sql_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _ebb_store_set_sql_error (error, self->path, self->sql, rc);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
