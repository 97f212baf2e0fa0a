/* ebb-store.c — the clinic database (SQLite)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQLite file per clinic.  The file is the user's clinical record, so
 * the rules here lean towards refusing: a file that is not ours, is newer
 * than us, is empty or cannot be written is reported and left untouched,
 * never "repaired" or overwritten.  Every change is one transaction that
 * also appends to the audit trail.
 *
 * An EbbStore wraps one connection opened with SQLITE_OPEN_NOMUTEX: use it
 * from one thread only.
 *
 * The file itself, the statements and rows, and the audit trail are in
 * the other ebb-store-*.c files (see ebb-store-private.h).
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-scale.h"
#include "ebb-store-private.h"

#define BIRTH_YEAR_MIN 1900
#define BIRTH_YEAR_MAX 2100
#define BLOOD_PRESSURE_MAX 400

G_DEFINE_FINAL_TYPE (EbbStore, ebb_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ebb-store-error-quark, ebb_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Errors */

/* Maps an SQLite result to an error the caller can act on; the detail
 * from SQLite is kept in the message for the rare report to us. */
void
_ebb_store_set_db_error (GError     **error,
                         const char  *path,
                         sqlite3     *db,
                         int          rc)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_LOCKED,
                   _("“%s” is in use by another program: close the other program "
                     "(or the other Ebb window) and try again"),
                   path);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                   /* Translators: the first %s is a file, the second SQLite's own
                    * words for the problem, in English */
                   _("“%s” cannot be written (%s): check that you may change the file "
                     "and its folder, or open it read-only"),
                   path, detail);
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged (%s): restore it from a backup"),
                   path, detail);
      break;

    case SQLITE_NOTADB:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is not an Ebb clinic database (it is not a database at all): "
                     "choose another file"),
                   path);
      break;

    case SQLITE_FULL:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("There is no space left on the disk that holds “%s”: "
                     "free some space and try again"),
                   path);
      break;

    case SQLITE_CONSTRAINT:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("The change was refused by “%s”: %s"),
                   path, detail);
      break;

    default:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("“%s” could not be used (%s): check the disk, then try again"),
                   path, detail);
      break;
    }
}

/* Errors from the model (dates, scales) reach the caller as a refused
 * change, keeping the model's own wording. */
static void
propagate_as_constraint (GError **error,
                         GError  *local_error)
{
  g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                       local_error->message);
  g_error_free (local_error);
}

static gboolean
check_utf8 (const char  *what,
            const char  *text,
            GError     **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   /* Translators: %s is a field, e.g. "patient name" */
                   _("The %s is not valid UTF-8 text"),
                   g_dpgettext2 (GETTEXT_PACKAGE, "field", what));
      return FALSE;
    }
  return TRUE;
}

/* Validation: input is checked and normalised before anything is
 * attempted, so refused input never dooms a caller's transaction. */

static EbbPatient *
normalise_patient (const EbbPatient  *patient,
                   GError           **error)
{
  g_autoptr(EbbPatient) copy = NULL;
  g_autofree char *stripped = NULL;

  /* Translators: fields named in "The %s is not valid UTF-8 text" */
  if (!check_utf8 (NC_("field", "patient code"), patient->code, error) ||
      !check_utf8 (NC_("field", "patient name"), patient->name, error) ||
      !check_utf8 (NC_("field", "preferred scale"), patient->preferred_scale, error) ||
      !check_utf8 (NC_("field", "patient notes"), patient->notes, error))
    return NULL;

  stripped = g_strstrip (g_strdup (patient->code ? patient->code : ""));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("A patient needs a clinic code"));
      return NULL;
    }
  if (patient->birth_year != 0 &&
      (patient->birth_year < BIRTH_YEAR_MIN || patient->birth_year > BIRTH_YEAR_MAX))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("Birth year %d is not plausible: use a year from %d to %d, or leave it empty"),
                   patient->birth_year, BIRTH_YEAR_MIN, BIRTH_YEAR_MAX);
      return NULL;
    }

  copy = ebb_patient_copy (patient);
  if (copy->name == NULL)
    copy->name = g_strdup ("");
  copy->archived = patient->archived ? TRUE : FALSE;

  g_clear_pointer (&copy->preferred_scale, g_free);
  if (patient->preferred_scale != NULL && *patient->preferred_scale != '\0')
    {
      GError *local_error = NULL;
      const EbbScale *scale = ebb_scale_lookup_checked (patient->preferred_scale, &local_error);

      if (scale == NULL)
        {
          propagate_as_constraint (error, local_error);
          return NULL;
        }
      copy->preferred_scale = g_strdup (scale->id);
    }
  return g_steal_pointer (&copy);
}

static gboolean
parse_when (const char  *text,
            const char  *what,
            EbbWhen     *when,
            GError     **error)
{
  GError *local_error = NULL;

  if (text == NULL)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           g_str_equal (what, "session") ? _("A session needs a date") :
                           _("A rating needs a date"));
      return FALSE;
    }
  if (!ebb_when_parse (text, when, &local_error))
    {
      propagate_as_constraint (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_blood_pressure (int      value,
                      GError **error)
{
  if (value < 0 || value > BLOOD_PRESSURE_MAX)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("Blood pressure %d is out of range: use 1–%d mmHg, or leave it empty"),
                   value, BLOOD_PRESSURE_MAX);
      return FALSE;
    }
  return TRUE;
}

static EbbSession *
normalise_session (const EbbSession  *session,
                   GError           **error)
{
  g_autoptr(EbbSession) copy = NULL;
  EbbWhen when;

  if (!check_utf8 (NC_("field", "session date"), session->when_text, error) ||
      !check_utf8 (NC_("field", "session note"), session->note, error) ||
      !parse_when (session->when_text, "session", &when, error))
    return NULL;

  if ((guint) session->status > EBB_SESSION_MISSED ||
      (guint) session->phase > EBB_PHASE_RESCUE ||
      (guint) session->route > EBB_ROUTE_SUBLINGUAL)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The session's status, phase or route is not one Ebb knows"));
      return NULL;
    }
  if (isnan (session->dose_mg) || isinf (session->dose_mg))
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The dose is not a number: enter it in mg, or leave it empty"));
      return NULL;
    }
  if (!check_blood_pressure (session->bp_before_systolic, error) ||
      !check_blood_pressure (session->bp_before_diastolic, error) ||
      !check_blood_pressure (session->bp_after_systolic, error) ||
      !check_blood_pressure (session->bp_after_diastolic, error))
    return NULL;

  copy = ebb_session_copy (session);
  copy->when = when;
  if (copy->dose_mg < 0)
    copy->dose_mg = -1;
  return g_steal_pointer (&copy);
}

static EbbScore *
normalise_score (const EbbScore  *score,
                 GError         **error)
{
  g_autoptr(EbbScore) copy = NULL;
  const EbbScale *scale;
  GError *local_error = NULL;
  EbbWhen when;

  if (!check_utf8 (NC_("field", "rating date"), score->when_text, error) ||
      !check_utf8 (NC_("field", "scale"), score->scale_id, error) ||
      !check_utf8 (NC_("field", "rater"), score->rater, error) ||
      !check_utf8 (NC_("field", "rating note"), score->note, error) ||
      !parse_when (score->when_text, "rating", &when, error))
    return NULL;

  if (score->scale_id == NULL)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("A rating needs a scale"));
      return NULL;
    }
  scale = ebb_scale_lookup_checked (score->scale_id, &local_error);
  if (scale == NULL ||
      !ebb_scale_validate (scale, score->total, score->items, score->n_items, &local_error))
    {
      propagate_as_constraint (error, local_error);
      return NULL;
    }

  copy = ebb_score_copy (score);
  copy->when = when;
  g_free (copy->scale_id);
  copy->scale_id = g_strdup (scale->id);
  return g_steal_pointer (&copy);
}

/* Transactions */

static void
finish_rollback (EbbStore *self)
{
  /* After some errors (a full disk, for one) SQLite has already rolled
   * back by itself, and a second ROLLBACK would only fail. */
  if (!sqlite3_get_autocommit (self->db))
    {
      int rc = sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

      if (rc != SQLITE_OK)
        g_warning ("Could not roll back a transaction: %s", sqlite3_errstr (rc));
    }
  self->doomed = FALSE;
}

static void
set_doomed_error (GError **error)
{
  g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                       _("An earlier step of this change failed, so none of it was saved"));
}

/* One call, one transaction: nested inside the caller's when there is one. */
gboolean
_ebb_store_run_in_transaction (EbbStore   *self,
                               StoreWork   work,
                               gpointer    data,
                               GError    **error)
{
  if (!ebb_store_begin (self, error))
    return FALSE;
  if (!work (self, data, error))
    {
      ebb_store_rollback (self);
      return FALSE;
    }
  return ebb_store_commit (self, error);
}

/* Work done inside a transaction */

static gboolean
set_patient_write_error (EbbStore          *self,
                         const EbbPatient  *patient,
                         int                rc,
                         GError           **error)
{
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                 _("There is already a patient with the code “%s”: choose another code"),
                 patient->code);
  else
    _ebb_store_set_db_error (error, self->path, self->db, rc);
  return FALSE;
}

static gboolean
insert_patient (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  EbbPatient *patient = data;
  g_autofree char *after = NULL;
  int rc;

  {
    g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, STMT_PATIENT_INSERT, error);

    if (stmt == NULL)
      return FALSE;
    _ebb_store_bind_patient (stmt, patient);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      return set_patient_write_error (self, patient, rc, error);
  }

  patient->id = sqlite3_last_insert_rowid (self->db);
  after = _ebb_store_patient_to_json (patient);
  return _ebb_store_write_audit (self, "insert", "patient", patient->id, patient->id,
                                 patient->code, NULL, after, error);
}

static gboolean
update_patient (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  const EbbPatient *patient = data;
  g_autoptr(EbbPatient) old = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int rc;

  g_clear_pointer (&self->code, g_free);

  if (!_ebb_store_fetch_by_id (self, STMT_PATIENT_GET, patient->id, _ebb_store_read_patient,
                               (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      _ebb_store_set_no_such_row_error (error, "patient", patient->id);
      return FALSE;
    }

  {
    g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, STMT_PATIENT_UPDATE, error);

    if (stmt == NULL)
      return FALSE;
    _ebb_store_bind_patient (stmt, patient);
    sqlite3_bind_int64 (stmt, 7, patient->id);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      return set_patient_write_error (self, patient, rc, error);
  }

  before = _ebb_store_patient_to_json (old);
  after = _ebb_store_patient_to_json (patient);
  return _ebb_store_write_audit (self, "update", "patient", patient->id, patient->id,
                                 patient->code, before, after, error);
}

/* The foreign keys cascade the patient's sessions and ratings away; each
 * of them is audited first, so the trail alone can tell what was lost. */
static gboolean
delete_patient (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  gint64 id = *(const gint64 *) data;
  g_autoptr(EbbPatient) old = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autofree char *before = NULL;

  g_clear_pointer (&self->code, g_free);

  if (!_ebb_store_fetch_by_id (self, STMT_PATIENT_GET, id, _ebb_store_read_patient,
                               (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      _ebb_store_set_no_such_row_error (error, "patient", id);
      return FALSE;
    }

  sessions = _ebb_store_list_rows (self, STMT_SESSION_LIST_ALL, STMT_SESSION_LIST, id,
                                   _ebb_store_read_session, (GDestroyNotify) ebb_session_free, error);
  if (sessions == NULL)
    return FALSE;
  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      g_autofree char *json = _ebb_store_session_to_json (session);

      if (!_ebb_store_write_audit (self, "delete", "session", session->id, id, old->code,
                                   json, NULL, error))
        return FALSE;
    }

  scores = _ebb_store_list_rows (self, STMT_SCORE_LIST_ALL, STMT_SCORE_LIST, id,
                                 _ebb_store_read_score, (GDestroyNotify) ebb_score_free, error);
  if (scores == NULL)
    return FALSE;
  for (guint i = 0; i < scores->len; i++)
    {
      const EbbScore *score = g_ptr_array_index (scores, i);
      g_autofree char *json = _ebb_store_score_to_json (score);

      if (!_ebb_store_write_audit (self, "delete", "score", score->id, id, old->code,
                                   json, NULL, error))
        return FALSE;
    }

  if (!_ebb_store_delete_by_id (self, STMT_PATIENT_DELETE, id, error))
    return FALSE;

  before = _ebb_store_patient_to_json (old);
  return _ebb_store_write_audit (self, "delete", "patient", id, id, old->code, before, NULL,
                                 error);
}

static gboolean
insert_session (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  EbbSession *session = data;
  g_autofree char *code = NULL;
  g_autofree char *after = NULL;

  if (!_ebb_store_lookup_patient_code (self, session->patient_id, "session", &code, error))
    return FALSE;

  {
    g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, STMT_SESSION_INSERT, error);

    if (stmt == NULL)
      return FALSE;
    _ebb_store_bind_session (stmt, session);
    if (!_ebb_store_step_done (self, stmt, error))
      return FALSE;
  }

  session->id = sqlite3_last_insert_rowid (self->db);
  after = _ebb_store_session_to_json (session);
  return _ebb_store_write_audit (self, "insert", "session", session->id, session->patient_id,
                                 code, NULL, after, error);
}

static gboolean
update_session (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  const EbbSession *session = data;
  g_autoptr(EbbSession) old = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!_ebb_store_fetch_by_id (self, STMT_SESSION_GET, session->id, _ebb_store_read_session,
                               (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      _ebb_store_set_no_such_row_error (error, "session", session->id);
      return FALSE;
    }
  if (!_ebb_store_lookup_patient_code (self, session->patient_id, "session", &code, error))
    return FALSE;

  {
    g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, STMT_SESSION_UPDATE, error);

    if (stmt == NULL)
      return FALSE;
    _ebb_store_bind_session (stmt, session);
    sqlite3_bind_int64 (stmt, 14, session->id);
    if (!_ebb_store_step_done (self, stmt, error))
      return FALSE;
  }

  before = _ebb_store_session_to_json (old);
  after = _ebb_store_session_to_json (session);
  return _ebb_store_write_audit (self, "update", "session", session->id, session->patient_id,
                                 code, before, after, error);
}

static gboolean
delete_session (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  gint64 id = *(const gint64 *) data;
  g_autoptr(EbbSession) old = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;

  if (!_ebb_store_fetch_by_id (self, STMT_SESSION_GET, id, _ebb_store_read_session,
                               (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      _ebb_store_set_no_such_row_error (error, "session", id);
      return FALSE;
    }
  if (!_ebb_store_lookup_patient_code (self, old->patient_id, "session", &code, error) ||
      !_ebb_store_delete_by_id (self, STMT_SESSION_DELETE, id, error))
    return FALSE;

  before = _ebb_store_session_to_json (old);
  return _ebb_store_write_audit (self, "delete", "session", id, old->patient_id, code,
                                 before, NULL, error);
}

static gboolean
insert_score (EbbStore  *self,
              gpointer   data,
              GError   **error)
{
  EbbScore *score = data;
  g_autofree char *code = NULL;
  g_autofree char *after = NULL;

  if (!_ebb_store_lookup_patient_code (self, score->patient_id, "rating", &code, error))
    return FALSE;

  {
    g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, STMT_SCORE_INSERT, error);

    if (stmt == NULL)
      return FALSE;
    _ebb_store_bind_score (stmt, score);
    if (!_ebb_store_step_done (self, stmt, error))
      return FALSE;
  }

  score->id = sqlite3_last_insert_rowid (self->db);
  after = _ebb_store_score_to_json (score);
  return _ebb_store_write_audit (self, "insert", "score", score->id, score->patient_id,
                                 code, NULL, after, error);
}

static gboolean
update_score (EbbStore  *self,
              gpointer   data,
              GError   **error)
{
  const EbbScore *score = data;
  g_autoptr(EbbScore) old = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!_ebb_store_fetch_by_id (self, STMT_SCORE_GET, score->id, _ebb_store_read_score,
                               (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      _ebb_store_set_no_such_row_error (error, "rating", score->id);
      return FALSE;
    }
  if (!_ebb_store_lookup_patient_code (self, score->patient_id, "rating", &code, error))
    return FALSE;

  {
    g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, STMT_SCORE_UPDATE, error);

    if (stmt == NULL)
      return FALSE;
    _ebb_store_bind_score (stmt, score);
    sqlite3_bind_int64 (stmt, 10, score->id);
    if (!_ebb_store_step_done (self, stmt, error))
      return FALSE;
  }

  before = _ebb_store_score_to_json (old);
  after = _ebb_store_score_to_json (score);
  return _ebb_store_write_audit (self, "update", "score", score->id, score->patient_id,
                                 code, before, after, error);
}

static gboolean
delete_score (EbbStore  *self,
              gpointer   data,
              GError   **error)
{
  gint64 id = *(const gint64 *) data;
  g_autoptr(EbbScore) old = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;

  if (!_ebb_store_fetch_by_id (self, STMT_SCORE_GET, id, _ebb_store_read_score,
                               (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      _ebb_store_set_no_such_row_error (error, "rating", id);
      return FALSE;
    }
  if (!_ebb_store_lookup_patient_code (self, old->patient_id, "rating", &code, error) ||
      !_ebb_store_delete_by_id (self, STMT_SCORE_DELETE, id, error))
    return FALSE;

  before = _ebb_store_score_to_json (old);
  return _ebb_store_write_audit (self, "delete", "score", id, old->patient_id, code,
                                 before, NULL, error);
}

/* GObject */

static void
ebb_store_finalize (GObject *object)
{
  EbbStore *self = EBB_STORE (object);

  g_clear_pointer (&self->tx_at, g_free);
  g_clear_pointer (&self->code, g_free);
  if (self->depth > 0)
    g_warning ("An EbbStore was destroyed inside a transaction; the transaction was rolled back");

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  /* The last connection to close checkpoints the WAL into the file and
   * removes the -wal and -shm files. */
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ebb_store_parent_class)->finalize (object);
}

static void
ebb_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  EbbStore *self = EBB_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_store_class_init (EbbStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ebb_store_finalize;
  object_class->get_property = ebb_store_get_property;

  /**
   * EbbStore:path:
   *
   * The database file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * EbbStore:read-only:
   *
   * Whether the file was opened with %EBB_STORE_OPEN_READ_ONLY.
   */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EbbStore::changed:
   *
   * Emitted after a transaction that wrote something was committed (once
   * per outermost commit), so views can reload.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
ebb_store_init (EbbStore *self)
{
}

/* Public API */

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
 * ebb_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/ebb/clinic.db`
 */
char *
ebb_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "ebb", "clinic.db", NULL);
}

/**
 * ebb_store_open:
 * @path: the clinic database file
 * @flags: %EBB_STORE_OPEN_CREATE to create a missing file (mode 0600, with
 *   its folders, 0700); %EBB_STORE_OPEN_READ_ONLY never to write
 * @error: an %EBB_STORE_ERROR whose message names @path and says what to do
 *
 * Opens the file and brings its schema up to %EBB_STORE_SCHEMA_VERSION.
 * A file that is empty, not a database, someone else's database or newer
 * than this version is refused and left exactly as it was.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL on error
 */
EbbStore *
ebb_store_open (const char         *path,
                EbbStoreOpenFlags   flags,
                GError            **error)
{
  g_autoptr(EbbStore) self = NULL;
  gboolean read_only = (flags & EBB_STORE_OPEN_READ_ONLY) != 0;
  gboolean created = FALSE;
  GStatBuf st;
  sqlite3 *db;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno != ENOENT)
        {
          g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                       _("“%s” cannot be opened (%s): check the name and the permissions "
                         "of its folders"),
                       path, g_strerror (saved_errno));
          return NULL;
        }
      if (!(flags & EBB_STORE_OPEN_CREATE) || read_only)
        {
          g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_FOUND,
                       _("“%s” does not exist: check the name, or create a new clinic file"),
                       path);
          return NULL;
        }
      if (!_ebb_store_create_private_file (path, error))
        return NULL;
      created = TRUE;
    }
  else if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is a folder, not an Ebb clinic database: choose a file"), path);
      return NULL;
    }
  else if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is not a regular file, so it is not an Ebb clinic database: "
                     "choose another file"),
                   path);
      return NULL;
    }
  else if (st.st_size == 0)
    {
      /* SQLite would happily make an empty file a database; it may be a
       * file the user cares about that was truncated, so leave it alone. */
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is empty: it is not an Ebb clinic database. Choose another "
                     "file, or a new file name to create a clinic"),
                   path);
      return NULL;
    }
  else if (!read_only && !_ebb_store_check_writable (path, error))
    {
      return NULL;
    }

  db = _ebb_store_open_database (path, read_only, error);
  if (db == NULL)
    {
      /* Only a file we just made is ours to remove. */
      if (created)
        _ebb_store_remove_database_files (path);
      return NULL;
    }

  self = g_object_new (EBB_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->db = db;
  self->read_only = read_only;
  return g_steal_pointer (&self);
}

/**
 * ebb_store_get_path:
 *
 * Returns: (transfer none): the database file, as given to ebb_store_open()
 */
const char *
ebb_store_get_path (EbbStore *self)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);

  return self->path;
}

/**
 * ebb_store_is_read_only:
 *
 * Returns: whether the store was opened with %EBB_STORE_OPEN_READ_ONLY
 */
gboolean
ebb_store_is_read_only (EbbStore *self)
{
  g_return_val_if_fail (EBB_IS_STORE (self), TRUE);

  return self->read_only;
}

/**
 * ebb_store_begin:
 *
 * Opens a transaction, or a nested level of the one already open.  Only
 * the outermost level reaches the database (as `BEGIN IMMEDIATE`, so a
 * busy file fails here rather than halfway through).  A nested begin
 * fails when an inner level was already rolled back.
 */
gboolean
ebb_store_begin (EbbStore  *self,
                 GError   **error)
{
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->read_only)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                   _("“%s” was opened read-only, so nothing can be changed: open it "
                     "again without read-only mode"),
                   self->path);
      return FALSE;
    }

  if (self->depth > 0)
    {
      if (self->doomed)
        {
          set_doomed_error (error);
          return FALSE;
        }
      self->depth++;
      return TRUE;
    }

  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _ebb_store_set_db_error (error, self->path, self->db, rc);
      return FALSE;
    }
  self->depth = 1;
  self->doomed = FALSE;
  self->changes_at_begin = sqlite3_total_changes64 (self->db);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    g_free (self->tx_at);
    self->tx_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
    /* Codes can change within a transaction: start each one afresh. */
    g_clear_pointer (&self->code, g_free);
  }
  return TRUE;
}

/**
 * ebb_store_commit:
 *
 * Closes one level opened by ebb_store_begin().  The outermost level
 * commits, or rolls back and fails when an inner level was rolled back.
 * The level is closed either way: do not call ebb_store_rollback() after
 * a failed commit.  A commit that wrote something emits #EbbStore::changed.
 */
gboolean
ebb_store_commit (EbbStore  *self,
                  GError   **error)
{
  gboolean wrote;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->depth--;
  if (self->doomed)
    {
      if (self->depth == 0)
        finish_rollback (self);
      set_doomed_error (error);
      return FALSE;
    }
  if (self->depth > 0)
    return TRUE;

  wrote = sqlite3_total_changes64 (self->db) != self->changes_at_begin;
  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _ebb_store_set_db_error (error, self->path, self->db, rc);
      /* A failed COMMIT can leave the transaction open; the next caller
       * must not find itself inside it. */
      finish_rollback (self);
      return FALSE;
    }

  if (wrote)
    g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * ebb_store_rollback:
 *
 * Closes one level opened by ebb_store_begin() and dooms the whole
 * transaction: the outermost level rolls everything back.
 */
void
ebb_store_rollback (EbbStore *self)
{
  g_return_if_fail (EBB_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  self->doomed = TRUE;
  self->depth--;
  if (self->depth == 0)
    finish_rollback (self);
}

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
 * first row. */
static gboolean
take_patient_rows (EbbStore      *self,
                   sqlite3_stmt  *stmt,
                   int           *rc,
                   gint64         patient_id,
                   RowReader      read_row,
                   GPtrArray     *rows,
                   GError       **error)
{
  /* Rows of a lower id have no patient row; the foreign keys forbid them,
   * but a scan must not stall on a file that has them. */
  while (*rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) < patient_id)
    *rc = sqlite3_step (stmt);
  while (*rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) == patient_id)
    {
      gpointer row = read_row (self, stmt, error);

      if (row == NULL)
        return FALSE;
      g_ptr_array_add (rows, row);
      *rc = sqlite3_step (stmt);
    }
  if (*rc != SQLITE_ROW && *rc != SQLITE_DONE)
    {
      _ebb_store_set_db_error (error, self->path, self->db, *rc);
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_store_foreach_patient_for_rules:
 * @func: (scope call): called once per patient, in id order
 *
 * Walks the patients, their sessions and their ratings side by side, each
 * ordered by patient id, so that the clinic is read once and only one
 * patient's rows are in memory at a time.  The rows hold what the clinical
 * rules read, from the indexes alone: a session's time and status; a
 * rating's time, scale, total and items.  Their when_text, and a session's
 * phase, route, dose, blood pressure and note, a rating's rater and note,
 * are not read (NULL, or ebb_session_new()'s defaults).
 *
 * Returns: %FALSE with @error set when the database failed
 */
gboolean
ebb_store_foreach_patient_for_rules (EbbStore                   *self,
                                     EbbStorePatientRecordsFunc  func,
                                     gpointer                    user_data,
                                     GError                    **error)
{
  g_autoptr(EbbBorrowedStmt) patients = NULL;
  g_autoptr(EbbBorrowedStmt) sessions = NULL;
  g_autoptr(EbbBorrowedStmt) scores = NULL;
  int rc, session_rc, score_rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(patients = _ebb_store_borrow_stmt (self, STMT_PATIENT_LIST_BY_ID, error)) ||
      !(sessions = _ebb_store_borrow_stmt (self, STMT_SESSION_RULES_ALL, error)) ||
      !(scores = _ebb_store_borrow_stmt (self, STMT_SCORE_RULES_ALL, error)))
    return FALSE;

  /* The three statements are stepping at once, so they read within one
   * read transaction: a write by another process cannot fall between
   * them. */
  rc = sqlite3_step (patients);
  session_rc = sqlite3_step (sessions);
  score_rc = sqlite3_step (scores);
  for (; rc == SQLITE_ROW; rc = sqlite3_step (patients))
    {
      g_autoptr(EbbPatient) patient = _ebb_store_read_patient (self, patients, error);
      g_autoptr(GPtrArray) patient_sessions = NULL;
      g_autoptr(GPtrArray) patient_scores = NULL;

      if (patient == NULL)
        return FALSE;
      patient_sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_session_free);
      patient_scores = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_score_free);
      if (!take_patient_rows (self, sessions, &session_rc, patient->id,
                              _ebb_store_read_session_for_rules, patient_sessions, error) ||
          !take_patient_rows (self, scores, &score_rc, patient->id,
                              _ebb_store_read_score_for_rules, patient_scores, error))
        return FALSE;
      func (patient, patient_sessions, patient_scores, user_data);
    }
  if (rc != SQLITE_DONE)
    {
      _ebb_store_set_db_error (error, self->path, self->db, rc);
      return FALSE;
    }
  return TRUE;
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
 * ebb_store_list_patient_summaries:
 * @default_scale: (nullable): the scale to follow patients on who have no
 *   preferred scale
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
    sqlite3_bind_text (stmt, 1, side_effect_scale_id (), -1, SQLITE_STATIC);
    /* Stored scale ids are the catalogue's (ebb_store_add_patient and
     * the importer make them so): compare with the catalogue's too. */
    if (fallback != NULL)
      sqlite3_bind_text (stmt, 2, fallback->id, -1, SQLITE_STATIC);
    else
      sqlite3_bind_null (stmt, 2);
    return _ebb_store_collect_rows (self, stmt, _ebb_store_read_summary,
                                    (GDestroyNotify) ebb_patient_summary_free, error);
  }
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

/**
 * ebb_store_find_patient:
 *
 * Returns: (transfer full) (nullable): the patient with this clinic code,
 *   or %NULL with %EBB_STORE_ERROR_NO_SUCH_ROW when there is none
 */
EbbPatient *
ebb_store_find_patient (EbbStore    *self,
                        const char  *code,
                        GError     **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = _ebb_store_borrow_stmt (self, STMT_PATIENT_FIND, error);
  if (stmt == NULL)
    return NULL;
  _ebb_store_bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _ebb_store_read_patient (self, stmt, error);
  if (rc == SQLITE_DONE)
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no patient with the code “%s”"), code);
  else
    _ebb_store_set_db_error (error, self->path, self->db, rc);
  return NULL;
}

/**
 * ebb_store_add_patient:
 * @patient: the patient; on success its id is set, and its preferred
 *   scale is the catalogue's canonical id
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CONSTRAINT for a code in
 *   use, a missing code or an implausible birth year
 */
gboolean
ebb_store_add_patient (EbbStore    *self,
                       EbbPatient  *patient,
                       GError     **error)
{
  g_autoptr(EbbPatient) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (patient != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_patient (patient, error);
  if (stored == NULL || !_ebb_store_run_in_transaction (self, insert_patient, stored, error))
    return FALSE;

  patient->id = stored->id;
  g_free (patient->preferred_scale);
  patient->preferred_scale = g_steal_pointer (&stored->preferred_scale);
  return TRUE;
}

/**
 * ebb_store_update_patient:
 * @patient: the patient, with the id of a stored one
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_NO_SUCH_ROW when the
 *   patient is gone, %EBB_STORE_ERROR_CONSTRAINT as for adding
 */
gboolean
ebb_store_update_patient (EbbStore          *self,
                          const EbbPatient  *patient,
                          GError           **error)
{
  g_autoptr(EbbPatient) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (patient != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_patient (patient, error);
  return stored != NULL && _ebb_store_run_in_transaction (self, update_patient, stored, error);
}

/**
 * ebb_store_delete_patient:
 *
 * Deletes the patient with all their sessions and ratings, auditing each.
 */
gboolean
ebb_store_delete_patient (EbbStore  *self,
                          gint64     id,
                          GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _ebb_store_run_in_transaction (self, delete_patient, &id, error);
}

/**
 * ebb_store_list_sessions:
 * @patient_id: a patient's id, or 0 for everyone's
 *
 * Returns: (transfer container) (element-type EbbSession): sessions by
 *   patient, day and time (date-only first), or %NULL on error
 */
GPtrArray *
ebb_store_list_sessions (EbbStore  *self,
                         gint64     patient_id,
                         GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ebb_store_list_rows (self, STMT_SESSION_LIST_ALL, STMT_SESSION_LIST, patient_id,
                               _ebb_store_read_session, (GDestroyNotify) ebb_session_free, error);
}

/**
 * ebb_store_add_session:
 * @session: the session; on success its id is set, and its when is
 *   parsed from its when_text
 */
gboolean
ebb_store_add_session (EbbStore    *self,
                       EbbSession  *session,
                       GError     **error)
{
  g_autoptr(EbbSession) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_session (session, error);
  if (stored == NULL || !_ebb_store_run_in_transaction (self, insert_session, stored, error))
    return FALSE;

  session->id = stored->id;
  session->when = stored->when;
  return TRUE;
}

/**
 * ebb_store_update_session:
 * @session: the session, with the id of a stored one
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_NO_SUCH_ROW when the
 *   session is gone
 */
gboolean
ebb_store_update_session (EbbStore          *self,
                          const EbbSession  *session,
                          GError           **error)
{
  g_autoptr(EbbSession) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_session (session, error);
  return stored != NULL && _ebb_store_run_in_transaction (self, update_session, stored, error);
}

/**
 * ebb_store_delete_session:
 *
 * Returns: %TRUE when deleted (and audited); %EBB_STORE_ERROR_NO_SUCH_ROW
 *   when there is no session with @id
 */
gboolean
ebb_store_delete_session (EbbStore  *self,
                          gint64     id,
                          GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _ebb_store_run_in_transaction (self, delete_session, &id, error);
}

/**
 * ebb_store_list_scores:
 * @patient_id: a patient's id, or 0 for everyone's
 *
 * Returns: (transfer container) (element-type EbbScore): ratings by
 *   patient, day and time (date-only first), or %NULL on error
 */
GPtrArray *
ebb_store_list_scores (EbbStore  *self,
                       gint64     patient_id,
                       GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ebb_store_list_rows (self, STMT_SCORE_LIST_ALL, STMT_SCORE_LIST, patient_id,
                               _ebb_store_read_score, (GDestroyNotify) ebb_score_free, error);
}

/**
 * ebb_store_add_score:
 * @score: the rating, checked against its scale; on success its id is
 *   set, its scale_id is the catalogue's canonical id and its when is
 *   parsed from its when_text
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CONSTRAINT with the scale's
 *   own message when the values are out of range
 */
gboolean
ebb_store_add_score (EbbStore    *self,
                     EbbScore    *score,
                     GError     **error)
{
  g_autoptr(EbbScore) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (score->n_items == 0 || score->items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_score (score, error);
  if (stored == NULL || !_ebb_store_run_in_transaction (self, insert_score, stored, error))
    return FALSE;

  score->id = stored->id;
  score->when = stored->when;
  g_free (score->scale_id);
  score->scale_id = g_steal_pointer (&stored->scale_id);
  return TRUE;
}

/**
 * ebb_store_update_score:
 * @score: the rating, with the id of a stored one; checked like a new one
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_NO_SUCH_ROW when the
 *   rating is gone
 */
gboolean
ebb_store_update_score (EbbStore        *self,
                        const EbbScore  *score,
                        GError         **error)
{
  g_autoptr(EbbScore) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (score->n_items == 0 || score->items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_score (score, error);
  return stored != NULL && _ebb_store_run_in_transaction (self, update_score, stored, error);
}

/**
 * ebb_store_delete_score:
 *
 * Returns: %TRUE when deleted (and audited); %EBB_STORE_ERROR_NO_SUCH_ROW
 *   when there is no rating with @id
 */
gboolean
ebb_store_delete_score (EbbStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return _ebb_store_run_in_transaction (self, delete_score, &id, error);
}

static gboolean
collect_check (EbbStore    *self,
               const char  *sql,
               GPtrArray   *problems,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_count (stmt) == 1)
        {
          const char *message = (const char *) sqlite3_column_text (stmt, 0);

          /* integrity_check answers a single "ok" when all is well. */
          if (message != NULL && !g_str_equal (message, "ok"))
            g_ptr_array_add (problems, g_strdup (message));
        }
      else
        {
          /* foreign_key_check: table, rowid, parent table, key index */
          g_ptr_array_add (problems,
                           /* Translators: the two %s are the database's table names
                            * (patient, session, score), which stay in English */
                           g_strdup_printf (_("%s row %lld refers to a %s row that does not exist"),
                                            (const char *) sqlite3_column_text (stmt, 0),
                                            (long long) sqlite3_column_int64 (stmt, 1),
                                            (const char *) sqlite3_column_text (stmt, 2)));
        }
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      _ebb_store_set_db_error (error, self->path, self->db, rc);
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_store_check:
 * @problems: (out) (optional) (transfer container) (element-type utf8):
 *   what the checks found, empty when clean
 *
 * Runs SQLite's integrity and foreign-key checks.
 *
 * Returns: %TRUE when clean; %FALSE with %EBB_STORE_ERROR_CHECK_FAILED
 *   when problems were found, or another error when the checks could not
 *   run (then @problems is %NULL)
 */
gboolean
ebb_store_check (EbbStore    *self,
                 GPtrArray  **problems,
                 GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (problems != NULL)
    *problems = NULL;

  found = g_ptr_array_new_with_free_func (g_free);
  if (!collect_check (self, "PRAGMA integrity_check", found, error) ||
      !collect_check (self, "PRAGMA foreign_key_check", found, error))
    return FALSE;

  if (found->len > 0)
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHECK_FAILED,
                 g_dngettext (GETTEXT_PACKAGE,
                              "“%s” failed its check with %u problem: restore it from a backup, "
                              "or ask for help before changing it further",
                              "“%s” failed its check with %u problems: restore it from a backup, "
                              "or ask for help before changing it further",
                              found->len),
                 self->path, found->len);
  if (problems != NULL)
    *problems = g_ptr_array_ref (found);
  return found->len == 0;
}

static int
copy_database (sqlite3 *source,
               sqlite3 *destination)
{
  sqlite3_backup *backup;
  int rc;

  backup = sqlite3_backup_init (destination, "main", source, "main");
  if (backup == NULL)
    return sqlite3_errcode (destination);

  /* Another program writing the source can make a step busy for a
   * moment; the busy timeout does not cover the backup API. */
  for (guint tries = 0; ; tries++)
    {
      rc = sqlite3_backup_step (backup, -1);
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries * 50 >= BUSY_TIMEOUT_MS)
        break;
      sqlite3_sleep (50);
    }
  if (rc == SQLITE_DONE)
    rc = sqlite3_backup_finish (backup);
  else
    sqlite3_backup_finish (backup);
  return rc;
}

/**
 * ebb_store_backup:
 * @destination: a file that does not exist yet
 *
 * Copies the database to @destination (created 0600) after checking it,
 * then checks the copy.  An existing file is never overwritten.  The copy
 * is a single self-contained file (no -wal).
 */
gboolean
ebb_store_backup (EbbStore    *self,
                  const char  *destination,
                  GError     **error)
{
  g_autoptr(EbbStore) copy = NULL;
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  GStatBuf st;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL && *destination != '\0', FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ebb_store_check (self, NULL, error))
    {
      g_prefix_error (error, _("No backup was made: "));
      return FALSE;
    }

  if (g_lstat (destination, &st) == 0)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("“%s” exists already, and a backup never overwrites a file: "
                     "choose a new file name"),
                   destination);
      return FALSE;
    }
  if (!_ebb_store_create_private_file (destination, error))
    return FALSE;

  uri = _ebb_store_database_uri (destination, FALSE);
  rc = sqlite3_open_v2 (uri, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                        SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_URI,
                        NULL);
  if (rc == SQLITE_OK)
    rc = copy_database (self->db, db);
  /* The copied header says WAL; a backup is easier to move around as one
   * file, and opening it in Ebb turns WAL back on. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    _ebb_store_set_db_error (error, destination, db, rc);
  sqlite3_close (db);

  if (rc == SQLITE_OK)
    {
      copy = ebb_store_open (destination, EBB_STORE_OPEN_READ_ONLY, error);
      if (copy != NULL && !ebb_store_check (copy, NULL, error))
        g_clear_object (&copy);
      if (copy == NULL)
        g_prefix_error (error, _("The backup did not verify: "));
    }

  if (copy == NULL)
    {
      _ebb_store_remove_database_files (destination);
      return FALSE;
    }
  return TRUE;
}
