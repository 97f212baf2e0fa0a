/* ebb-patient-page-records.c — what the ratings, sessions and audit list
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The three record sections (EbbRatingsSection, EbbSessionsSection,
 * EbbAuditSection) show and sort list stores that the page refills here
 * on every reload, each record as the rules see it.  The sections open,
 * edit and delete records through the page.* actions, which end here in
 * the dialogs.
 */
#define G_LOG_DOMAIN "ebb-patient-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-audit-item.h"
#include "ebb-export-ui.h"
#include "ebb-patient-page-private.h"
#include "ebb-rating-dialog.h"
#include "ebb-record-items.h"
#include "ebb-session-dialog.h"

/* Lookups ------------------------------------------------------------------- */

const EbbRating *
_ebb_patient_page_find_rating (EbbPatientPage *self,
                               gint64          id)
{
  for (guint i = 0; self->ratings != NULL && i < self->ratings->len; i++)
    {
      const EbbRating *rating = g_ptr_array_index (self->ratings, i);

      if (rating->id == id)
        return rating;
    }
  return NULL;
}

const EbbSession *
_ebb_patient_page_find_session (EbbPatientPage *self,
                                gint64          id)
{
  for (guint i = 0; self->sessions != NULL && i < self->sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (self->sessions, i);

      if (session->id == id)
        return session;
    }
  return NULL;
}

/* Dialogs ------------------------------------------------------------------- */

void
_ebb_patient_page_edit_rating (EbbPatientPage *self,
                               gint64          id)
{
  const EbbRating *rating = _ebb_patient_page_find_rating (self, id);

  if (rating == NULL)
    return;
  gtk_window_present (GTK_WINDOW (ebb_rating_dialog_new (_ebb_patient_page_get_parent (self),
                                                         self->store, self->patient_id,
                                                         rating, NULL)));
}

void
_ebb_patient_page_edit_session (EbbPatientPage *self,
                                gint64          id)
{
  const EbbSession *session = _ebb_patient_page_find_session (self, id);

  if (session == NULL)
    return;
  gtk_window_present (GTK_WINDOW (ebb_session_dialog_new (_ebb_patient_page_get_parent (self),
                                                          self->store, self->patient_id,
                                                          session)));
}

/* Asks where to save the session's one-page record. */
void
_ebb_patient_page_export_session_record (EbbPatientPage *self,
                                         gint64          id)
{
  if (_ebb_patient_page_find_session (self, id) == NULL)
    return;
  ebb_export_ui_session_record (GTK_WIDGET (self), self->store, self->patient_id, id);
}

/* Records ------------------------------------------------------------------- */

void
_ebb_patient_page_update_records (EbbPatientPage *self)
{
  g_autoptr(GHashTable) points = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) trajectories = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_trajectory_free);
  g_autoptr(GPtrArray) ratings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) audit_items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  guint n_scales;
  const EbbScale * const *all = ebb_scale_all (&n_scales);

  if (self->patient != NULL)
    {
      EbbPatientRecords records = _ebb_patient_page_get_records (self);
      g_autoptr(EbbTimeline) timeline = ebb_timeline_new (&records, self->today, &self->rules);

      /* Each rating as the rules see it, on its own scale: its change
       * from baseline, whether it was taken after the day's dose, what
       * its total implies of a suicide item not recorded. */
      for (guint s = 0; s < n_scales; s++)
        {
          EbbTrajectory *trajectory;

          if (_ebb_patient_page_count_ratings (self, all[s]) == 0)
            continue;
          trajectory = ebb_trajectory_new_for_timeline (timeline, all[s]);
          g_ptr_array_add (trajectories, trajectory);
          for (guint i = 0; i < ebb_trajectory_get_n_points (trajectory); i++)
            {
              const EbbTrajectoryPoint *point = ebb_trajectory_get_point (trajectory, i);

              g_hash_table_insert (points, (gpointer) &point->rating->id, (gpointer) point);
            }
        }

      for (guint i = 0; i < self->ratings->len; i++)
        {
          const EbbRating *rating = g_ptr_array_index (self->ratings, i);

          g_ptr_array_add (ratings, ebb_rating_item_new (rating, g_hash_table_lookup (points, &rating->id),
                                                         self->today));
        }

      for (guint i = 0; i < self->sessions->len; i++)
        g_ptr_array_add (sessions, ebb_session_item_new (g_ptr_array_index (self->sessions, i), self->today));

      audit = ebb_store_list_audit (self->store, self->patient_id, &error);
      if (audit == NULL)
        _ebb_patient_page_show_error (self, _("Could not read the audit trail"), error);
      for (guint i = 0; audit != NULL && i < audit->len; i++)
        g_ptr_array_add (audit_items, ebb_audit_item_new (g_ptr_array_index (audit, i)));
    }

  g_list_store_splice (self->ratings_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ratings_store)),
                       ratings->pdata, ratings->len);
  g_list_store_splice (self->sessions_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->sessions_store)),
                       sessions->pdata, sessions->len);
  g_list_store_splice (self->audit_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->audit_store)),
                       audit_items->pdata, audit_items->len);
}

/* Public API ---------------------------------------------------------------- */

/**
 * ebb_patient_page_get_ratings:
 *
 * Returns: (transfer none): the ratings as listed, sorted like the view
 */
GListModel *
ebb_patient_page_get_ratings (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  return ebb_record_section_get_sorted (EBB_RECORD_SECTION (self->ratings_section));
}

GListModel *
ebb_patient_page_get_sessions (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), NULL);

  return ebb_record_section_get_sorted (EBB_RECORD_SECTION (self->sessions_section));
}

/**
 * ebb_patient_page_get_narrow:
 *
 * Returns: whether the ratings are listed as rows, the page being too
 *   narrow for their table
 */
gboolean
ebb_patient_page_get_narrow (EbbPatientPage *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_PAGE (self), FALSE);

  return ebb_record_section_get_narrow (EBB_RECORD_SECTION (self->ratings_section));
}
