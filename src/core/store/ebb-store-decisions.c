/* ebb-store-decisions.c — decisions on flags and ends of courses
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both are records like ratings (design: "what lives where"): checked
 * before anything is attempted, written with their audit row in one
 * transaction, listed in the order they were recorded, and deleted only
 * to undo.  Neither is ever changed in place: a decision is what a
 * clinician said on a day, and a later end never removes an earlier one
 * (clinical rules §6).
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ebb-scale.h"
#include "ebb-store-private.h"

/* A note stripped of the blanks around it; NULL when nothing is left.
 * Notes are read on a card and printed on a page: @max characters is a
 * short note, a longer text belongs in the case notes. */
static gboolean
normalise_note (const char  *note,
                int          max,
                char       **out,
                GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (note != NULL ? note : ""));
  glong length = g_utf8_strlen (stripped, -1);

  if (length > max)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   /* Translators: "The note is 612 characters long: keep it to 500" */
                   _("The note is %ld characters long: keep it to %d"), length, max);
      return FALSE;
    }
  *out = *stripped != '\0' ? g_steal_pointer (&stripped) : NULL;
  return TRUE;
}

/* Decisions ----------------------------------------------------------------- */

static EbbDecision *
normalise_decision (const EbbDecision  *decision,
                    GError            **error)
{
  g_autoptr(EbbDecision) copy = NULL;
  g_autofree char *note = NULL;

  /* Translators: fields named in "The %s is not valid UTF-8 text" */
  if (!_ebb_store_check_utf8 (NC_("field", "decision note"), decision->note, error) ||
      !_ebb_store_check_utf8 (NC_("field", "scale"), decision->scale_id, error) ||
      !_ebb_store_check_utf8 (NC_("field", "decision date"), decision->decided_at, error) ||
      !_ebb_store_check_utf8 (NC_("field", "user name"), decision->user_name, error) ||
      !_ebb_store_check_utf8 (NC_("field", "real name"), decision->real_name, error))
    return NULL;

  if ((guint) decision->kind >= EBB_N_FLAG_KINDS)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The decision's kind of flag is not one Ebb knows"));
      return NULL;
    }
  if (decision->flag_day <= 0)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("A decision needs the date of the flag it is about"));
      return NULL;
    }

  if (!normalise_note (decision->note, EBB_DECISION_NOTE_MAX, &note, error))
    return NULL;
  if (note == NULL)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("A decision needs a note: a few words such as “reviewed, continue” "
                             "or “dose increased”"));
      return NULL;
    }

  copy = ebb_decision_copy (decision);
  g_free (copy->note);
  copy->note = g_steal_pointer (&note);

  /* A flag on a scale's ratings is named with its scale; a flag on
   * sessions never is (EbbDecision). */
  g_clear_pointer (&copy->scale_id, g_free);
  if (ebb_flag_kind_has_scale (decision->kind))
    {
      GError *local_error = NULL;
      const EbbScale *scale;

      if (decision->scale_id == NULL || *decision->scale_id == '\0')
        {
          g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                       /* Translators: %s is the kind of flag as the command line
                        * writes it, e.g. "suicide-item" */
                       _("A decision on a %s flag needs the flag's scale"),
                       ebb_flag_kind_to_string (decision->kind));
          return NULL;
        }
      scale = ebb_scale_lookup_checked (decision->scale_id, &local_error);
      if (scale == NULL)
        {
          _ebb_store_propagate_as_constraint (error, local_error);
          return NULL;
        }
      copy->scale_id = g_strdup (scale->id);
    }
  else if (decision->scale_id != NULL && *decision->scale_id != '\0')
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   /* Translators: %s is the kind of flag as the command line
                    * writes it, e.g. "missed" */
                   _("A %s flag is about sessions, not a scale: leave the scale empty"),
                   ebb_flag_kind_to_string (decision->kind));
      return NULL;
    }

  /* Who and when are kept with every decision (§5): made now unless the
   * caller brings both, e.g. from another record. */
  if (decision->decided_at == NULL)
    {
      ebb_decision_set_now (copy);
    }
  else
    {
      GError *local_error = NULL;

      if (!ebb_decision_set_decided_at (copy, decision->decided_at, &local_error))
        {
          _ebb_store_propagate_as_constraint (error, local_error);
          return NULL;
        }
      if (decision->user_name == NULL || *decision->user_name == '\0')
        {
          g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                               _("A decision needs the name of who made it"));
          return NULL;
        }
      if (copy->real_name != NULL && *copy->real_name == '\0')
        g_clear_pointer (&copy->real_name, g_free);
    }
  return g_steal_pointer (&copy);
}

static gint64
decision_patient_id (gconstpointer row)
{
  return ((const EbbDecision *) row)->patient_id;
}

static void
decision_set_id (gpointer row,
                 gint64   id)
{
  ((EbbDecision *) row)->id = id;
}

static const RecordKind decision_kind = {
  "decision", "decision",
  STMT_DECISION_GET, STMT_DECISION_INSERT, N_STMTS, STMT_DECISION_DELETE, 0,
  _ebb_store_read_decision,
  (void (*) (EbbSqlStmt *, gconstpointer)) _ebb_store_bind_decision,
  (char *(*) (gconstpointer)) _ebb_store_decision_to_json,
  decision_patient_id,
  decision_set_id,
  (GDestroyNotify) ebb_decision_free,
};

/**
 * ebb_store_list_decisions:
 * @patient_id: a patient's id, or 0 for everyone's
 *
 * Returns: (transfer container) (element-type EbbDecision): decisions by
 *   patient, in the order they were recorded, or %NULL on error
 */
GPtrArray *
ebb_store_list_decisions (EbbStore  *self,
                          gint64     patient_id,
                          GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ebb_store_list_rows (self, STMT_DECISION_LIST_ALL, STMT_DECISION_LIST, patient_id,
                               _ebb_store_read_decision, (GDestroyNotify) ebb_decision_free, error);
}

/**
 * ebb_store_add_decision:
 * @decision: the decision; when its decided_at is %NULL it is dated now
 *   and signed with this account (ebb_decision_set_now()), else it must
 *   carry its user_name too.  On success its id is set, its note is
 *   stripped, its scale_id is the catalogue's canonical id, and its
 *   decided_at, user_name and real_name are as stored.
 *
 * Whether the flag is open is the rules' to say, not the store's: this
 * checks the record alone.
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CONSTRAINT for an empty or
 *   too long note (more than %EBB_DECISION_NOTE_MAX characters), a
 *   missing flag date, a scale missing or given where the kind has none,
 *   or an unknown patient
 */
gboolean
ebb_store_add_decision (EbbStore     *self,
                        EbbDecision  *decision,
                        GError      **error)
{
  g_autoptr(EbbDecision) stored = NULL;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (decision != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_decision (decision, error);
  if (stored == NULL)
    return FALSE;
  /* A decision made now on a server is signed by the database user, who
   * the audit trail names too, not by the workstation's account, which
   * several people may share (its real name with it). */
  if (decision->decided_at == NULL && self->user_name != NULL)
    {
      g_free (stored->user_name);
      stored->user_name = g_strdup (self->user_name);
      g_clear_pointer (&stored->real_name, g_free);
    }
  write = (RecordWrite) { &decision_kind, stored, 0 };
  if (!_ebb_store_run_in_transaction (self, _ebb_store_insert_record, &write, error))
    return FALSE;

  decision->id = write.id;
  decision->decided = stored->decided;
  g_free (decision->note);
  decision->note = g_steal_pointer (&stored->note);
  g_free (decision->scale_id);
  decision->scale_id = g_steal_pointer (&stored->scale_id);
  g_free (decision->decided_at);
  decision->decided_at = g_steal_pointer (&stored->decided_at);
  g_free (decision->user_name);
  decision->user_name = g_steal_pointer (&stored->user_name);
  g_free (decision->real_name);
  decision->real_name = g_steal_pointer (&stored->real_name);
  return TRUE;
}

/**
 * ebb_store_delete_decision:
 *
 * Takes a decision back, for undo; the audit trail keeps it.
 *
 * Returns: %TRUE when deleted (and audited); %EBB_STORE_ERROR_NO_SUCH_ROW
 *   when there is no decision with @id
 */
gboolean
ebb_store_delete_decision (EbbStore  *self,
                           gint64     id,
                           GError   **error)
{
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  write = (RecordWrite) { &decision_kind, NULL, id };
  return _ebb_store_run_in_transaction (self, _ebb_store_delete_record, &write, error);
}

/* Course ends ------------------------------------------------------------- */

static EbbCourseEnd *
normalise_course_end (const EbbCourseEnd  *end,
                      GError             **error)
{
  g_autoptr(EbbCourseEnd) copy = NULL;
  g_autofree char *note = NULL;

  if (!_ebb_store_check_utf8 (NC_("field", "course end note"), end->note, error))
    return NULL;
  if (end->day <= 0)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The end of a course needs a date"));
      return NULL;
    }
  if ((guint) end->reason > EBB_END_REASON_OTHER)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The reason the course ended is not one Ebb knows"));
      return NULL;
    }
  if (!normalise_note (end->note, EBB_COURSE_END_NOTE_MAX, &note, error))
    return NULL;

  copy = ebb_course_end_copy (end);
  g_free (copy->note);
  copy->note = g_steal_pointer (&note);
  return g_steal_pointer (&copy);
}

static gint64
course_end_patient_id (gconstpointer row)
{
  return ((const EbbCourseEnd *) row)->patient_id;
}

static void
course_end_set_id (gpointer row,
                   gint64   id)
{
  ((EbbCourseEnd *) row)->id = id;
}

static const RecordKind course_end_kind = {
  "course_end", "course end",
  STMT_COURSE_END_GET, STMT_COURSE_END_INSERT, N_STMTS, STMT_COURSE_END_DELETE, 0,
  _ebb_store_read_course_end,
  (void (*) (EbbSqlStmt *, gconstpointer)) _ebb_store_bind_course_end,
  (char *(*) (gconstpointer)) _ebb_store_course_end_to_json,
  course_end_patient_id,
  course_end_set_id,
  (GDestroyNotify) ebb_course_end_free,
};

/* Two ends on one day are one end told twice: the schema refuses the
 * second, and this says so in the user's words first. */
static gboolean
insert_course_end (EbbStore  *self,
                   gpointer   data,
                   GError   **error)
{
  RecordWrite *write = data;
  const EbbCourseEnd *end = write->row;
  g_autoptr(GPtrArray) ends = NULL;
  g_autofree char *code = NULL;

  if (!_ebb_store_lookup_patient_code (self, end->patient_id, "course end", &code, error))
    return FALSE;
  ends = _ebb_store_list_rows (self, STMT_COURSE_END_LIST, STMT_COURSE_END_LIST, end->patient_id,
                               _ebb_store_read_course_end, (GDestroyNotify) ebb_course_end_free,
                               error);
  if (ends == NULL)
    return FALSE;
  for (guint i = 0; i < ends->len; i++)
    {
      const EbbCourseEnd *other = g_ptr_array_index (ends, i);

      if (other->day == end->day)
        {
          g_autofree char *date = ebb_date_format (end->day);

          g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                       /* Translators: "K-0042 already has a course end on 2026-03-04" */
                       _("%s already has a course end on %s"), code, date);
          return FALSE;
        }
    }
  return _ebb_store_insert_record (self, write, error);
}

/**
 * ebb_store_list_course_ends:
 * @patient_id: a patient's id, or 0 for everyone's
 *
 * Returns: (transfer container) (element-type EbbCourseEnd): course ends
 *   by patient, in the order they were recorded, or %NULL on error
 */
GPtrArray *
ebb_store_list_course_ends (EbbStore  *self,
                            gint64     patient_id,
                            GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _ebb_store_list_rows (self, STMT_COURSE_END_LIST_ALL, STMT_COURSE_END_LIST, patient_id,
                               _ebb_store_read_course_end, (GDestroyNotify) ebb_course_end_free,
                               error);
}

/**
 * ebb_store_add_course_end:
 * @end: the end; on success its id is set and its note stripped (%NULL
 *   when blank)
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CONSTRAINT for a missing
 *   date, a note longer than %EBB_COURSE_END_NOTE_MAX characters, an
 *   unknown patient, or a patient who already has an end on that day
 */
gboolean
ebb_store_add_course_end (EbbStore      *self,
                          EbbCourseEnd  *end,
                          GError       **error)
{
  g_autoptr(EbbCourseEnd) stored = NULL;
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (end != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_course_end (end, error);
  if (stored == NULL)
    return FALSE;
  write = (RecordWrite) { &course_end_kind, stored, 0 };
  if (!_ebb_store_run_in_transaction (self, insert_course_end, &write, error))
    return FALSE;

  end->id = write.id;
  g_free (end->note);
  end->note = g_steal_pointer (&stored->note);
  return TRUE;
}

/**
 * ebb_store_delete_course_end:
 *
 * Takes an end back, for undo; the audit trail keeps it.
 *
 * Returns: %TRUE when deleted (and audited); %EBB_STORE_ERROR_NO_SUCH_ROW
 *   when there is no course end with @id
 */
gboolean
ebb_store_delete_course_end (EbbStore  *self,
                             gint64     id,
                             GError   **error)
{
  RecordWrite write;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  write = (RecordWrite) { &course_end_kind, NULL, id };
  return _ebb_store_run_in_transaction (self, _ebb_store_delete_record, &write, error);
}
