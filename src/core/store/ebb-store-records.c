/* ebb-store-records.c — adding, changing and deleting patients, sessions and ratings
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each public call checks and normalises its input, then writes the row
 * and its audit entries in one transaction (nested in the caller's when
 * there is one).
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-csv.h"
#include "ebb-scale.h"
#include "ebb-store-private.h"

#define BIRTH_YEAR_MIN 1900
#define BIRTH_YEAR_MAX 2100

/* Validation: input is checked and normalised before anything is
 * attempted, so refused input never dooms a caller's transaction. */

/* Errors from the model (dates, scales) reach the caller as a refused
 * change, keeping the model's own wording. */
void
_ebb_store_propagate_as_constraint (GError **error,
                                    GError  *local_error)
{
  g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                       local_error->message);
  g_error_free (local_error);
}

gboolean
_ebb_store_check_utf8 (const char  *what,
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

/* What people type has bounds (README, Reliability): a megabyte pasted as
 * a name pushed the window wider than the screen.  (Control characters
 * are refused only in codes, which people type to find a patient; in a
 * name or a note they are shown cleaned, see ebb-cli.c.) */
gboolean
_ebb_store_check_length (const char  *what,
              const char  *text,
              glong        max_chars,
              GError     **error)
{
  glong n;

  if (text == NULL)
    return TRUE;
  /* Counted only as far as needed: the text may be a megabyte. */
  n = g_utf8_strlen (text, (gssize) MIN (strlen (text), (gsize) max_chars * 4 + 4));
  if (n <= max_chars)
    return TRUE;
  g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
               /* Translators: "Too long: the patient name may have at most 120 characters" */
               _("Too long: the %s may have at most %ld characters"),
               g_dpgettext2 (GETTEXT_PACKAGE, "field", what), max_chars);
  return FALSE;
}

static EbbPatient *
normalise_patient (const EbbPatient  *patient,
                   GError           **error)
{
  g_autoptr(EbbPatient) copy = NULL;
  g_autofree char *code = NULL;
  GError *code_error = NULL;

  /* Translators: fields named in "The %s is not valid UTF-8 text" */
  if (!_ebb_store_check_utf8 (NC_("field", "patient code"), patient->code, error) ||
      !_ebb_store_check_utf8 (NC_("field", "patient name"), patient->name, error) ||
      !_ebb_store_check_utf8 (NC_("field", "preferred scale"), patient->preferred_scale, error) ||
      !_ebb_store_check_utf8 (NC_("field", "patient notes"), patient->notes, error))
    return NULL;

  /* One form per code, so that look-alikes are one patient. */
  code = ebb_patient_normalise_code (patient->code ? patient->code : "", &code_error);
  if (code == NULL)
    {
      _ebb_store_propagate_as_constraint (error, code_error);
      return NULL;
    }
  if (!_ebb_store_check_length (NC_("field", "patient name"), patient->name, EBB_NAME_MAX, error) ||
      !_ebb_store_check_length (NC_("field", "patient notes"), patient->notes, EBB_NOTE_MAX, error))
    return NULL;
  if (patient->birth_year != 0 &&
      (patient->birth_year < BIRTH_YEAR_MIN || patient->birth_year > BIRTH_YEAR_MAX))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("Birth year %d is not plausible: use a year from %d to %d, or leave it empty"),
                   patient->birth_year, BIRTH_YEAR_MIN, BIRTH_YEAR_MAX);
      return NULL;
    }

  copy = ebb_patient_copy (patient);
  g_free (copy->code);
  copy->code = g_steal_pointer (&code);
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
          _ebb_store_propagate_as_constraint (error, local_error);
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
      _ebb_store_propagate_as_constraint (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* The session record of schema 8: every value one the database and the
 * files can hold, and the clock times in order. */
static gboolean
check_record (const EbbSession  *session,
              GError           **error)
{
  const EbbObservedLevel *levels[] = { &session->sedation, &session->dissociation };

  if (!_ebb_store_check_utf8 (NC_("field", "lot number"), session->lot, error) ||
      !_ebb_store_check_utf8 (NC_("field", "other effect"), session->other_effect, error) ||
      !_ebb_store_check_utf8 (NC_("field", "monitored by"), session->monitored_by, error) ||
      !_ebb_store_check_length (NC_("field", "lot number"), session->lot, EBB_NAME_MAX, error) ||
      !_ebb_store_check_length (NC_("field", "other effect"), session->other_effect, EBB_NAME_MAX, error) ||
      !_ebb_store_check_length (NC_("field", "monitored by"), session->monitored_by, EBB_NAME_MAX, error))
    return FALSE;
  if ((guint) session->drug > EBB_DRUG_ESKETAMINE ||
      (guint) session->respiratory_resolved > EBB_ANSWER_YES ||
      (guint) session->vitals_ok_before > EBB_ANSWER_YES ||
      (guint) session->vitals_ok_discharge > EBB_ANSWER_YES ||
      (guint) session->transport_arranged > EBB_ANSWER_YES ||
      (session->effects & ~EBB_EFFECTS_ALL) != 0)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The session's drug, effects or observation hold a value Ebb does not know"));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if ((guint) levels[i]->level > EBB_LEVEL_MOAAS ||
        (guint) levels[i]->resolved > EBB_ANSWER_YES ||
        (levels[i]->level == EBB_LEVEL_MOAAS &&
         (i > 0 || levels[i]->moaas < 0 || levels[i]->moaas > EBB_MOAAS_MAX)))
      {
        g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                             i == 0 ? _("The sedation is not a level Ebb knows: none, mild, moderate, "
                                        "severe, or a MOAA/S score of 0 to 5")
                                    : _("The dissociation is not a level Ebb knows: none, mild, "
                                        "moderate or severe"));
        return FALSE;
      }
  if (session->duration_min < 0 || session->duration_min > 24 * 60)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("An infusion of %d minutes is not plausible: give 1–%d minutes, or leave it empty"),
                   session->duration_min, 24 * 60);
      return FALSE;
    }
  if (session->dose_time < -1 || session->dose_time > 86399 ||
      session->discharge_time < -1 || session->discharge_time > 86399)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The dose or discharge time is not a time of day"));
      return FALSE;
    }
  if (session->dose_time >= 0 && session->discharge_time >= 0 &&
      session->discharge_time < session->dose_time)
    {
      g_autofree char *dose = ebb_clock_time_format (session->dose_time);
      g_autofree char *discharge = ebb_clock_time_format (session->discharge_time);

      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   /* Translators: "The discharge at 09:30 is before the dose at 10:00: …" */
                   _("The discharge at %s is before the dose at %s: check the two times"),
                   discharge, dose);
      return FALSE;
    }
  if (session->respiratory_spo2 < -1 || session->respiratory_spo2 > EBB_READING_SPO2_MAX)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("The lowest saturation %d is out of range: use 1–%d %%, or none"),
                   session->respiratory_spo2, EBB_READING_SPO2_MAX);
      return FALSE;
    }
  if (session->ready_min < -1 || session->ready_min > 24 * 60)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("Ready to leave %d minutes after dosing is not plausible: give 0–%d minutes"),
                   session->ready_min, 24 * 60);
      return FALSE;
    }
  return TRUE;
}

/* Checks @session and fills @normalised with it as it is stored: its
 * moment parsed from its text, no readings (records of their own,
 * ebb-store-readings.c).  @normalised shares @session's strings, with no
 * copy of its own (an import stores a million rows): it is read while
 * @session lives, and never freed. */
static gboolean
normalise_session (const EbbSession  *session,
                   EbbSession        *normalised,
                   GError           **error)
{
  EbbWhen when;

  if (!_ebb_store_check_utf8 (NC_("field", "session date"), session->when_text, error) ||
      !_ebb_store_check_utf8 (NC_("field", "session note"), session->note, error) ||
      !_ebb_store_check_length (NC_("field", "session note"), session->note, EBB_NOTE_MAX, error) ||
      !parse_when (session->when_text, "session", &when, error))
    return FALSE;

  if ((guint) session->status > EBB_SESSION_MISSED ||
      (guint) session->phase > EBB_PHASE_RESCUE ||
      (guint) session->route > EBB_ROUTE_SUBLINGUAL)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The session's status, phase or route is not one Ebb knows"));
      return FALSE;
    }
  if (isnan (session->dose_mg) || isinf (session->dose_mg))
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The dose is not a number: enter it in mg, or leave it empty"));
      return FALSE;
    }
  if (session->dose_mg > ebb_session_dose_max_mg (session->route))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   /* Translators: "A dose of 100000 mg IV is not plausible: Ebb takes
                    * up to 200 mg IV. Check the number" */
                   _("A dose of %g mg %s is not plausible: Ebb takes up to %g mg %s. "
                     "Check the number"),
                   session->dose_mg, ebb_route_to_label (session->route),
                   ebb_session_dose_max_mg (session->route), ebb_route_to_label (session->route));
      return FALSE;
    }
  if (!check_record (session, error))
    return FALSE;

  *normalised = *session;
  normalised->readings = NULL;
  normalised->when = when;
  if (normalised->dose_mg < 0)
    normalised->dose_mg = -1;
  return TRUE;
}

/* The alert item asked on its own (§1) is one of the scale's items: it
 * must be in that item's range, within the total, and agree with the
 * items when they were recorded too. */
static gboolean
check_alert_item (const EbbScale  *scale,
                  const EbbRating *rating,
                  GError         **error)
{
  int item_max;

  if (rating->alert_item < 0)
    return TRUE;
  if (scale->alert_item == 0)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("%s has no suicide item: leave the alert item empty"), scale->id);
      return FALSE;
    }
  item_max = scale->item_max[scale->alert_item - 1];
  if (rating->alert_item > item_max)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   /* Translators: "PHQ-9 item 9 must be 0–3, not 4" */
                   _("%s item %u must be 0–%d, not %d"),
                   scale->id, scale->alert_item, item_max, rating->alert_item);
      return FALSE;
    }
  if (rating->alert_item > rating->total)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   /* Translators: "PHQ-9 item 9 was given as 2, more than the total of 1" */
                   _("%s item %u was given as %d, more than the total of %d"),
                   scale->id, scale->alert_item, rating->alert_item, rating->total);
      return FALSE;
    }
  if (rating->n_items >= scale->alert_item &&
      rating->items[scale->alert_item - 1] != rating->alert_item)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   /* Translators: "PHQ-9 item 9 was given as 2, but the item values have 1" */
                   _("%s item %u was given as %d, but the item values have %d"),
                   scale->id, scale->alert_item, rating->alert_item,
                   rating->items[scale->alert_item - 1]);
      return FALSE;
    }
  return TRUE;
}

/* Checks @rating and fills @normalised with it as it is stored: its
 * moment parsed, its scale the catalogue's id.  @normalised shares
 * @rating's strings and the catalogue's, as normalise_session() does. */
static gboolean
normalise_rating (const EbbRating  *rating,
                  EbbRating        *normalised,
                  GError          **error)
{
  const EbbScale *scale;
  GError *local_error = NULL;
  EbbWhen when;

  if (!_ebb_store_check_utf8 (NC_("field", "rating date"), rating->when_text, error) ||
      !_ebb_store_check_utf8 (NC_("field", "scale"), rating->scale_id, error) ||
      !_ebb_store_check_utf8 (NC_("field", "rater"), rating->rater, error) ||
      !_ebb_store_check_utf8 (NC_("field", "rating note"), rating->note, error) ||
      !_ebb_store_check_length (NC_("field", "rater"), rating->rater, EBB_NAME_MAX, error) ||
      !_ebb_store_check_length (NC_("field", "rating note"), rating->note, EBB_NOTE_MAX, error) ||
      !parse_when (rating->when_text, "rating", &when, error))
    return FALSE;

  if (rating->scale_id == NULL)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("A rating needs a scale"));
      return FALSE;
    }
  scale = ebb_scale_lookup_checked (rating->scale_id, &local_error);
  if (scale == NULL ||
      !ebb_scale_validate (scale, rating->total, rating->items, rating->n_items, &local_error))
    {
      _ebb_store_propagate_as_constraint (error, local_error);
      return FALSE;
    }

  if (!check_alert_item (scale, rating, error))
    return FALSE;
  if ((guint) rating->dose_relation > EBB_DOSE_RELATION_AFTER)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("Whether the rating was taken before or after the dose is not "
                             "one Ebb knows"));
      return FALSE;
    }

  *normalised = *rating;
  normalised->when = when;
  normalised->scale_id = (char *) scale->id;
  return TRUE;
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
    _ebb_store_set_sql_error (error, self->path, self->sql, rc);
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
    /* Its own message for a code in use: not _ebb_store_step_insert(). */
    rc = _ebb_store_step_returning (stmt, &patient->id);
    if (rc != SQLITE_DONE)
      return set_patient_write_error (self, patient, rc, error);
  }

  after = _ebb_store_patient_to_json (patient);
  return _ebb_store_write_audit (self, "insert", "patient", patient->id, patient->id,
                                 patient->code, NULL, after, error);
}

/* An update of a patient: what to store, and as its editor read it (or
 * NULL to overwrite). */
typedef struct
{
  const EbbPatient *patient;
  const EbbPatient *as_read;
} PatientWrite;

static gboolean
update_patient (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  const PatientWrite *write = data;
  const EbbPatient *patient = write->patient;
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
  before = _ebb_store_patient_to_json (old);
  if (write->as_read != NULL)
    {
      g_autofree char *read = _ebb_store_patient_to_json (write->as_read);

      if (strcmp (read, before) != 0)
        {
          _ebb_store_set_changed_error (self, "patient", patient->id, patient->id, before, error);
          return FALSE;
        }
    }

  {
    g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, STMT_PATIENT_UPDATE, error);

    if (stmt == NULL)
      return FALSE;
    _ebb_store_bind_patient (stmt, patient);
    ebb_sql_bind_int64 (stmt, 7, patient->id);
    rc = ebb_sql_step (stmt);
    if (rc != SQLITE_DONE)
      return set_patient_write_error (self, patient, rc, error);
  }

  after = _ebb_store_patient_to_json (patient);
  return _ebb_store_write_audit (self, "update", "patient", patient->id, patient->id,
                                 patient->code, before, after, error);
}

/* Audits the deletion of every row of one patient that @list reads, each
 * row's id in column 0. */
static gboolean
audit_cascade (EbbStore        *self,
               gint64           patient_id,
               const char      *code,
               StmtId           list,
               RowReader        read_row,
               GDestroyNotify   free_row,
               char          *(*to_json) (gconstpointer row),
               const char      *table,
               GError         **error)
{
  g_autoptr(GPtrArray) rows = _ebb_store_list_rows (self, list, list, patient_id, read_row,
                                                    free_row, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      gconstpointer row = g_ptr_array_index (rows, i);
      g_autofree char *json = to_json (row);

      /* Every row kind starts with its gint64 id. */
      if (!_ebb_store_write_audit (self, "delete", table, *(const gint64 *) row, patient_id, code,
                                   json, NULL, error))
        return FALSE;
    }
  return TRUE;
}

/* The foreign keys cascade the patient's sessions (and their readings),
 * medicines, events, ratings, decisions and course ends away; each of them
 * is audited first, so the trail alone can tell what was lost. */
static gboolean
delete_patient (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  gint64 id = *(const gint64 *) data;
  g_autoptr(EbbPatient) old = NULL;
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

  if (!audit_cascade (self, id, old->code, STMT_READING_LIST, _ebb_store_read_reading,
                      (GDestroyNotify) ebb_reading_free,
                      (char *(*) (gconstpointer)) _ebb_store_reading_to_json, "reading", error) ||
      !audit_cascade (self, id, old->code, STMT_MEDICINE_LIST, _ebb_store_read_medicine,
                      (GDestroyNotify) ebb_medicine_free,
                      (char *(*) (gconstpointer)) _ebb_store_medicine_to_json, "medicine", error) ||
      !audit_cascade (self, id, old->code, STMT_EVENT_LIST, _ebb_store_read_event,
                      (GDestroyNotify) ebb_event_free,
                      (char *(*) (gconstpointer)) _ebb_store_event_to_json, "event", error) ||
      !audit_cascade (self, id, old->code, STMT_SESSION_LIST, _ebb_store_read_session,
                      (GDestroyNotify) ebb_session_free,
                      (char *(*) (gconstpointer)) _ebb_store_session_to_json, "session", error) ||
      !audit_cascade (self, id, old->code, STMT_RATING_LIST, _ebb_store_read_rating,
                      (GDestroyNotify) ebb_rating_free,
                      (char *(*) (gconstpointer)) _ebb_store_rating_to_json, "rating", error) ||
      !audit_cascade (self, id, old->code, STMT_DECISION_LIST, _ebb_store_read_decision,
                      (GDestroyNotify) ebb_decision_free,
                      (char *(*) (gconstpointer)) _ebb_store_decision_to_json, "decision", error) ||
      !audit_cascade (self, id, old->code, STMT_COURSE_END_LIST, _ebb_store_read_course_end,
                      (GDestroyNotify) ebb_course_end_free,
                      (char *(*) (gconstpointer)) _ebb_store_course_end_to_json, "course_end", error))
    return FALSE;

  if (!_ebb_store_delete_by_id (self, STMT_PATIENT_DELETE, id, error))
    return FALSE;

  before = _ebb_store_patient_to_json (old);
  return _ebb_store_write_audit (self, "delete", "patient", id, id, old->code, before, NULL,
                                 error);
}

/* Sessions and ratings (RecordKind, in ebb-store-private.h) */

static gint64
session_patient_id (gconstpointer row)
{
  return ((const EbbSession *) row)->patient_id;
}

static gint64
rating_patient_id (gconstpointer row)
{
  return ((const EbbRating *) row)->patient_id;
}

static void
session_set_id (gpointer row,
                gint64   id)
{
  ((EbbSession *) row)->id = id;
}

static void
rating_set_id (gpointer row,
               gint64   id)
{
  ((EbbRating *) row)->id = id;
}

static const RecordKind session_kind = {
  "session", "session",
  STMT_SESSION_GET, STMT_SESSION_INSERT, STMT_SESSION_UPDATE, STMT_SESSION_DELETE, 28,
  _ebb_store_read_session,
  (void (*) (EbbSqlStmt *, gconstpointer)) _ebb_store_bind_session,
  (char *(*) (gconstpointer)) _ebb_store_session_to_json,
  session_patient_id,
  session_set_id,
  (GDestroyNotify) ebb_session_free,
};

static const RecordKind rating_kind = {
  "rating", "rating",
  STMT_RATING_GET, STMT_RATING_INSERT, STMT_RATING_UPDATE, STMT_RATING_DELETE, 12,
  _ebb_store_read_rating,
  (void (*) (EbbSqlStmt *, gconstpointer)) _ebb_store_bind_rating,
  (char *(*) (gconstpointer)) _ebb_store_rating_to_json,
  rating_patient_id,
  rating_set_id,
  (GDestroyNotify) ebb_rating_free,
};

/* The foreign key deletes the session's readings with it: each is
 * audited first, as a patient's records are. */
static gboolean
delete_session (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  const RecordWrite *write = data;
  g_autoptr(EbbSession) old = NULL;
  g_autofree char *code = NULL;

  if (!_ebb_store_fetch_by_id (self, STMT_SESSION_GET, write->id, _ebb_store_read_session,
                               (gpointer *) &old, error))
    return FALSE;
  if (old != NULL &&
      (!_ebb_store_lookup_patient_code (self, old->patient_id, "session", &code, error) ||
       !_ebb_store_audit_readings_of_session (self, write->id, code, error)))
    return FALSE;
  return _ebb_store_delete_record (self, data, error);
}

gboolean
_ebb_store_insert_record (EbbStore  *self,
                          gpointer   data,
                          GError   **error)
{
  RecordWrite *write = data;
  const RecordKind *kind = write->kind;
  g_autofree char *code = NULL;
  g_autofree char *after = NULL;

  /* A row an import adds is covered by the import's one audit entry
   * (_ebb_store_write_audit()), and the import found its patient: there
   * is no code to look up and no entry to describe it in. */
  if (!self->importing &&
      !_ebb_store_lookup_patient_code (self, kind->patient_id (write->row), kind->noun, &code, error))
    return FALSE;

  {
    g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, kind->insert, error);

    if (stmt == NULL)
      return FALSE;
    kind->bind (stmt, write->row);
    if (!_ebb_store_step_insert (self, stmt, &write->id, error))
      return FALSE;
  }

  kind->set_id (write->row, write->id);
  if (self->importing)
    {
      _ebb_store_note_imported_patient (self, kind->patient_id (write->row));
      return TRUE;
    }
  after = kind->to_json (write->row);
  return _ebb_store_write_audit (self, "insert", kind->table, write->id,
                                 kind->patient_id (write->row), code, NULL, after, error);
}

/* The stored row @id of @kind, or FALSE with NO_SUCH_ROW when there is none */
static gboolean
fetch_record (EbbStore          *self,
              const RecordKind  *kind,
              gint64             id,
              gpointer          *old,
              GError           **error)
{
  if (!_ebb_store_fetch_by_id (self, kind->get, id, kind->read, old, error))
    return FALSE;
  if (*old == NULL)
    {
      _ebb_store_set_no_such_row_error (error, kind->noun, id);
      return FALSE;
    }
  return TRUE;
}

gboolean
_ebb_store_update_record (EbbStore  *self,
               gpointer   data,
               GError   **error)
{
  RecordWrite *write = data;
  const RecordKind *kind = write->kind;
  gpointer old = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert (kind->update < N_STMTS);
  if (!fetch_record (self, kind, write->id, &old, error))
    return FALSE;
  before = kind->to_json (old);
  if (write->as_read != NULL)
    {
      g_autofree char *read = kind->to_json (write->as_read);

      if (strcmp (read, before) != 0)
        {
          _ebb_store_set_changed_error (self, kind->table, write->id, kind->patient_id (old), before,
                                        error);
          g_clear_pointer (&old, kind->free);
          return FALSE;
        }
    }
  g_clear_pointer (&old, kind->free);
  if (!_ebb_store_lookup_patient_code (self, kind->patient_id (write->row), kind->noun, &code, error))
    return FALSE;

  {
    g_autoptr(EbbBorrowedStmt) stmt = _ebb_store_borrow_stmt (self, kind->update, error);

    if (stmt == NULL)
      return FALSE;
    kind->bind (stmt, write->row);
    ebb_sql_bind_int64 (stmt, kind->update_id_index, write->id);
    if (!_ebb_store_step_done (self, stmt, error))
      return FALSE;
  }

  after = kind->to_json (write->row);
  return _ebb_store_write_audit (self, "update", kind->table, write->id,
                                 kind->patient_id (write->row), code, before, after, error);
}

gboolean
_ebb_store_delete_record (EbbStore  *self,
                          gpointer   data,
                          GError   **error)
{
  const RecordWrite *write = data;
  const RecordKind *kind = write->kind;
  gpointer old = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;
  gint64 patient_id;

  if (!fetch_record (self, kind, write->id, &old, error))
    return FALSE;
  patient_id = kind->patient_id (old);
  before = kind->to_json (old);
  g_clear_pointer (&old, kind->free);
  if (!_ebb_store_lookup_patient_code (self, patient_id, kind->noun, &code, error) ||
      !_ebb_store_delete_by_id (self, kind->remove, write->id, error))
    return FALSE;

  return _ebb_store_write_audit (self, "delete", kind->table, write->id, patient_id, code,
                                 before, NULL, error);
}

/* Public API */

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
  return ebb_store_update_patient_if_unchanged (self, NULL, patient, error);
}

/**
 * ebb_store_update_patient_if_unchanged:
 * @as_read: (nullable): the patient as the editor read them, before any
 *   change; %NULL to overwrite whatever is stored
 * @patient: the patient as changed
 *
 * As ebb_store_update_patient(), unless the stored patient is no longer
 * @as_read: then someone changed them on another workstation (or in
 * another window) since, and nothing is stored.
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CHANGED, saying who made
 *   the change and when, as well as the errors of ebb_store_update_patient()
 */
gboolean
ebb_store_update_patient_if_unchanged (EbbStore          *self,
                                       const EbbPatient  *as_read,
                                       const EbbPatient  *patient,
                                       GError           **error)
{
  g_autoptr(EbbPatient) stored = NULL;
  PatientWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (patient != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_patient (patient, error);
  write = (PatientWrite) { stored, as_read };
  return stored != NULL && _ebb_store_run_in_transaction (self, update_patient, &write, error);
}

/**
 * ebb_store_delete_patient:
 *
 * Deletes the patient with all their sessions and their readings,
 * medicines, events, ratings, decisions and course ends, auditing each.
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
 * ebb_store_add_session:
 * @session: the session; on success its id is set, and its when is
 *   parsed from its when_text
 */
gboolean
ebb_store_add_session (EbbStore    *self,
                       EbbSession  *session,
                       GError     **error)
{
  EbbSession stored;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!normalise_session (session, &stored, error))
    return FALSE;
  write = (RecordWrite) { &session_kind, &stored, 0 };
  if (!_ebb_store_run_in_transaction (self, _ebb_store_insert_record, &write, error))
    return FALSE;

  session->id = write.id;
  session->when = stored.when;
  if (self->importing)
    {
      self->import_session_id = write.id;
      self->import_session_patient_id = stored.patient_id;
    }
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
  return ebb_store_update_session_if_unchanged (self, NULL, session, error);
}

/**
 * ebb_store_update_session_if_unchanged:
 * @as_read: (nullable): the session as the editor read it, before any
 *   change; %NULL to overwrite whatever is stored
 *
 * As ebb_store_update_session(), unless the stored session is no longer
 * @as_read: then it was changed on another workstation (or in another
 * window) since, and nothing is stored.
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CHANGED, saying who made
 *   the change and when, as well as the errors of ebb_store_update_session()
 */
gboolean
ebb_store_update_session_if_unchanged (EbbStore          *self,
                                       const EbbSession  *as_read,
                                       const EbbSession  *session,
                                       GError           **error)
{
  EbbSession stored;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!normalise_session (session, &stored, error))
    return FALSE;
  write = (RecordWrite) { &session_kind, &stored, stored.id, as_read };
  return _ebb_store_run_in_transaction (self, _ebb_store_update_record, &write, error);
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
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  write = (RecordWrite) { &session_kind, NULL, id };
  return _ebb_store_run_in_transaction (self, delete_session, &write, error);
}

/**
 * ebb_store_add_rating:
 * @score: the rating, checked against its scale; on success its id is
 *   set, its scale_id is the catalogue's canonical id and its when is
 *   parsed from its when_text
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CONSTRAINT with the scale's
 *   own message when the values are out of range
 */
gboolean
ebb_store_add_rating (EbbStore    *self,
                      EbbRating   *rating,
                      GError     **error)
{
  EbbRating stored;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (rating != NULL, FALSE);
  g_return_val_if_fail (rating->n_items == 0 || rating->items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!normalise_rating (rating, &stored, error))
    return FALSE;
  write = (RecordWrite) { &rating_kind, &stored, 0 };
  if (!_ebb_store_run_in_transaction (self, _ebb_store_insert_record, &write, error))
    return FALSE;

  rating->id = write.id;
  rating->when = stored.when;
  /* The catalogue's spelling of the scale, kept by the caller's rating. */
  if (strcmp (rating->scale_id, stored.scale_id) != 0)
    {
      g_free (rating->scale_id);
      rating->scale_id = g_strdup (stored.scale_id);
    }
  return TRUE;
}

/**
 * ebb_store_update_rating:
 * @score: the rating, with the id of a stored one; checked like a new one
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_NO_SUCH_ROW when the
 *   rating is gone
 */
gboolean
ebb_store_update_rating (EbbStore         *self,
                         const EbbRating  *rating,
                         GError          **error)
{
  return ebb_store_update_rating_if_unchanged (self, NULL, rating, error);
}

/**
 * ebb_store_update_rating_if_unchanged:
 * @as_read: (nullable): the rating as the editor read it, before any
 *   change; %NULL to overwrite whatever is stored
 *
 * As ebb_store_update_rating(), unless the stored rating is no longer
 * @as_read: then it was changed on another workstation (or in another
 * window) since, and nothing is stored.
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CHANGED, saying who made
 *   the change and when, as well as the errors of ebb_store_update_rating()
 */
gboolean
ebb_store_update_rating_if_unchanged (EbbStore         *self,
                                      const EbbRating  *as_read,
                                      const EbbRating  *rating,
                                      GError          **error)
{
  EbbRating stored;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (rating != NULL, FALSE);
  g_return_val_if_fail (rating->n_items == 0 || rating->items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!normalise_rating (rating, &stored, error))
    return FALSE;
  write = (RecordWrite) { &rating_kind, &stored, stored.id, as_read };
  return _ebb_store_run_in_transaction (self, _ebb_store_update_record, &write, error);
}

/**
 * ebb_store_delete_rating:
 *
 * Returns: %TRUE when deleted (and audited); %EBB_STORE_ERROR_NO_SUCH_ROW
 *   when there is no rating with @id
 */
gboolean
ebb_store_delete_rating (EbbStore  *self,
                         gint64     id,
                         GError   **error)
{
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  write = (RecordWrite) { &rating_kind, NULL, id };
  return _ebb_store_run_in_transaction (self, _ebb_store_delete_record, &write, error);
}
