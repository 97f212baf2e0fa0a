/* ebb-patient-list.c — the clinic's patients and who needs attention, as list models
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One reload reads the clinic in three queries and one scan of the rules,
 * then updates the items in place: rows keep their widgets, the list its
 * selection and scroll position, and only what changed is notified.
 */
#define G_LOG_DOMAIN "ebb-patient-list"

#include "config.h"

#include <glib/gi18n.h>

#include "ebb-patient-list.h"
#include "ebb-scale.h"

struct _EbbPatientList
{
  GObject     parent_instance;

  GListStore *patients;   /* EbbPatientItem, in no particular order */
  GListStore *attention;  /* the flagged ones, most urgent first */
  GHashTable *by_id;      /* gint64 → EbbPatientItem (borrowed from patients) */
};

G_DEFINE_FINAL_TYPE (EbbPatientList, ebb_patient_list, G_TYPE_OBJECT)

/* The latest ratings of one patient that the sidebar might show. */
typedef struct
{
  const EbbScore *wanted;     /* of the preferred (or default) scale */
  const EbbScore *efficacy;   /* of any scale the rules use */
} LatestScores;

static void
ebb_patient_list_dispose (GObject *object)
{
  EbbPatientList *self = EBB_PATIENT_LIST (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->attention);
  g_clear_object (&self->patients);

  G_OBJECT_CLASS (ebb_patient_list_parent_class)->dispose (object);
}

static void
ebb_patient_list_class_init (EbbPatientListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ebb_patient_list_dispose;
}

static void
ebb_patient_list_init (EbbPatientList *self)
{
  self->patients = g_list_store_new (EBB_TYPE_PATIENT_ITEM);
  self->attention = g_list_store_new (EBB_TYPE_PATIENT_ITEM);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

EbbPatientList *
ebb_patient_list_new (void)
{
  return g_object_new (EBB_TYPE_PATIENT_LIST, NULL);
}

/**
 * ebb_patient_list_format_score:
 * @score: a rating
 *
 * Returns: (transfer full): the rating in the sidebar's words,
 *   "MADRS 14 · mild"
 */
char *
ebb_patient_list_format_score (const EbbScore *score)
{
  const EbbScale *scale;
  const EbbBand *band = NULL;

  g_return_val_if_fail (score != NULL, NULL);

  scale = ebb_scale_lookup (score->scale_id);
  if (scale != NULL)
    band = ebb_scale_band_for (scale, score->total);

  if (band != NULL)
    /* Translators: a scale, its total and its severity band, "MADRS 14 · mild" */
    return g_strdup_printf (_("%s %d · %s"), score->scale_id, score->total, ebb_band_get_label (band));

  /* Translators: a scale and its total, "CADSS 3" */
  return g_strdup_printf (_("%s %d"), score->scale_id, score->total);
}

/* One pass over every rating of the clinic (ordered by patient, then
 * time), keeping the latest of each patient's scale. */
static GHashTable *
find_latest_scores (GPtrArray  *patients,
                    GPtrArray  *scores,
                    const char *default_scale)
{
  g_autoptr(GHashTable) wanted_scales = g_hash_table_new (g_int64_hash, g_int64_equal);
  GHashTable *latest = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  const EbbScale *fallback = default_scale != NULL ? ebb_scale_lookup (default_scale) : NULL;

  for (guint i = 0; i < patients->len; i++)
    {
      EbbPatient *patient = g_ptr_array_index (patients, i);
      const EbbScale *scale = NULL;

      if (patient->preferred_scale != NULL)
        scale = ebb_scale_lookup (patient->preferred_scale);
      if (scale == NULL)
        scale = fallback;
      if (scale != NULL)
        g_hash_table_insert (wanted_scales, &patient->id, (gpointer) scale->id);
    }

  for (guint i = 0; i < scores->len; i++)
    {
      const EbbScore *score = g_ptr_array_index (scores, i);
      const EbbScale *scale = ebb_scale_lookup (score->scale_id);
      const char *wanted = g_hash_table_lookup (wanted_scales, &score->patient_id);
      LatestScores *entry = g_hash_table_lookup (latest, &score->patient_id);

      if (entry == NULL)
        {
          entry = g_new0 (LatestScores, 1);
          /* The key lives in the scores array, which outlives the table. */
          g_hash_table_insert (latest, (gpointer) &score->patient_id, entry);
        }

      if (scale != NULL && g_strcmp0 (scale->id, wanted) == 0)
        entry->wanted = score;
      /* A side-effect scale (CADSS) says nothing about depression. */
      if (scale != NULL && scale->efficacy)
        entry->efficacy = score;
    }

  return latest;
}

static void
ebb_patient_list_set_attention (EbbPatientList *self,
                                GPtrArray      *items)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->attention));

  if (n_old == 0 && items->len == 0)
    return;

  /* Replaced whole even when the same patients are flagged: their flags
   * or explanations may have changed, and the rows are few. */
  g_list_store_splice (self->attention, 0, n_old, items->pdata, items->len);
}

static char *
label_for_patient (GHashTable *latest,
                   gint64      id)
{
  LatestScores *entry = g_hash_table_lookup (latest, &id);

  if (entry == NULL)
    return NULL;
  if (entry->wanted != NULL)
    return ebb_patient_list_format_score (entry->wanted);
  if (entry->efficacy != NULL)
    return ebb_patient_list_format_score (entry->efficacy);
  return NULL;
}

static EbbAttentionItem *
take_attention (GHashTable *attention_by_id,
                gint64      id)
{
  gpointer value = NULL;

  if (!g_hash_table_steal_extended (attention_by_id, &id, NULL, &value))
    return NULL;
  return value;
}

/**
 * ebb_patient_list_reload:
 * @self: a list
 * @store: the clinic database
 * @rules: the rule settings
 * @default_scale: (nullable): the scale to show for patients with no preferred one
 * @today: the as-of day of the flags
 * @keys_changed: (out) (optional): set to whether a code or name of an
 *   item already listed changed, so that filters and sorters over the
 *   list must run again
 * @error: a location for an error
 *
 * Reads the clinic again and updates the models.  On failure the models
 * keep what they had.
 */
gboolean
ebb_patient_list_reload (EbbPatientList         *self,
                         EbbStore               *store,
                         const EbbRuleSettings  *rules,
                         const char             *default_scale,
                         gint32                  today,
                         gboolean               *keys_changed,
                         GError                **error)
{
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GPtrArray) attention = NULL;
  g_autoptr(GHashTable) latest = NULL;
  g_autoptr(GHashTable) patient_by_id = NULL;
  g_autoptr(GHashTable) attention_by_id = NULL;
  g_autoptr(GArray) flagged_ids = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) flagged = NULL;
  gboolean changed = FALSE;
  guint n_items;

  g_return_val_if_fail (EBB_IS_PATIENT_LIST (self), FALSE);
  g_return_val_if_fail (EBB_IS_STORE (store), FALSE);
  g_return_val_if_fail (rules != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (keys_changed != NULL)
    *keys_changed = FALSE;

  /* Patients, not their summaries: the counts are not shown, and the
   * summary query is the slow one on a large clinic. */
  if (!(patients = ebb_store_list_patients (store, error)) ||
      !(scores = ebb_store_list_scores (store, 0, error)) ||
      !(attention = ebb_flags_attention (store, today, rules, error)))
    return FALSE;

  latest = find_latest_scores (patients, scores, default_scale);

  patient_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < patients->len; i++)
    {
      EbbPatient *patient = g_ptr_array_index (patients, i);

      g_hash_table_insert (patient_by_id, &patient->id, patient);
    }

  /* The items take the attention entries over, one each; the ids keep
   * the order of the rules for the Attention list. */
  attention_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                           (GDestroyNotify) ebb_attention_item_free);
  flagged_ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), attention->len);
  g_ptr_array_set_free_func (attention, NULL);
  for (guint i = 0; i < attention->len; i++)
    {
      EbbAttentionItem *entry = g_ptr_array_index (attention, i);

      g_array_append_val (flagged_ids, entry->patient->id);
      g_hash_table_insert (attention_by_id, &entry->patient->id, entry);
    }

  /* Update the items still there and drop the ones gone; from the end, so
   * that removing does not shift what is still to visit. */
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->patients));
  for (guint i = n_items; i > 0; i--)
    {
      g_autoptr(EbbPatientItem) item = g_list_model_get_item (G_LIST_MODEL (self->patients), i - 1);
      gint64 id = ebb_patient_item_get_id (item);
      EbbPatient *patient = g_hash_table_lookup (patient_by_id, &id);
      g_autofree char *label = NULL;

      if (patient == NULL)
        {
          g_hash_table_remove (self->by_id, &id);
          g_list_store_remove (self->patients, i - 1);
          continue;
        }

      label = label_for_patient (latest, id);
      if (ebb_patient_item_update (item, patient, label,
                                   take_attention (attention_by_id, id)))
        changed = TRUE;
      g_hash_table_remove (patient_by_id, &id);
    }

  /* New patients, added in one go so that the view hears of them once. */
  added = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < patients->len; i++)
    {
      EbbPatient *patient = g_ptr_array_index (patients, i);
      EbbPatientItem *item;
      g_autofree char *label = NULL;

      if (!g_hash_table_contains (patient_by_id, &patient->id))
        continue;

      item = ebb_patient_item_new (patient->id);
      label = label_for_patient (latest, patient->id);
      ebb_patient_item_update (item, patient, label,
                               take_attention (attention_by_id, patient->id));
      g_ptr_array_add (added, item);
    }

  for (guint i = 0; i < added->len; i++)
    {
      EbbPatientItem *item = g_ptr_array_index (added, i);
      gint64 id = ebb_patient_item_get_id (item);

      g_hash_table_insert (self->by_id, g_memdup2 (&id, sizeof id), item);
    }
  if (added->len > 0)
    g_list_store_splice (self->patients,
                         g_list_model_get_n_items (G_LIST_MODEL (self->patients)), 0,
                         added->pdata, added->len);

  flagged = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < flagged_ids->len; i++)
    {
      EbbPatientItem *item = g_hash_table_lookup (self->by_id, &g_array_index (flagged_ids, gint64, i));

      if (item != NULL)
        g_ptr_array_add (flagged, g_object_ref (item));
    }
  ebb_patient_list_set_attention (self, flagged);

  if (keys_changed != NULL)
    *keys_changed = changed;

  return TRUE;
}

/**
 * ebb_patient_list_clear:
 * @self: a list
 *
 * Empties both models, for a window that has no clinic open.
 */
void
ebb_patient_list_clear (EbbPatientList *self)
{
  g_return_if_fail (EBB_IS_PATIENT_LIST (self));

  g_hash_table_remove_all (self->by_id);
  g_list_store_remove_all (self->attention);
  g_list_store_remove_all (self->patients);
}

/**
 * ebb_patient_list_get_patients:
 * @self: a list
 *
 * Returns: (transfer none): every patient, as #EbbPatientItem, unsorted
 */
GListModel *
ebb_patient_list_get_patients (EbbPatientList *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_LIST (self), NULL);

  return G_LIST_MODEL (self->patients);
}

/**
 * ebb_patient_list_get_attention:
 * @self: a list
 *
 * Returns: (transfer none): the patients with open flags, as
 *   #EbbPatientItem, most urgent first
 */
GListModel *
ebb_patient_list_get_attention (EbbPatientList *self)
{
  g_return_val_if_fail (EBB_IS_PATIENT_LIST (self), NULL);

  return G_LIST_MODEL (self->attention);
}

/**
 * ebb_patient_list_lookup:
 * @self: a list
 * @id: a patient id
 *
 * Returns: (transfer none) (nullable): the item of that patient
 */
EbbPatientItem *
ebb_patient_list_lookup (EbbPatientList *self,
                         gint64          id)
{
  g_return_val_if_fail (EBB_IS_PATIENT_LIST (self), NULL);

  return g_hash_table_lookup (self->by_id, &id);
}
