/* ebb-scale.c — the catalogue of rating scales (clinical rules §1)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only totals, ranges and published cut-offs live here.  Item wording of
 * copyrighted instruments (BDI-II) is never shipped; items are numbers.
 */
#define G_LOG_DOMAIN "ebb-scale"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-scale.h"

G_DEFINE_QUARK (ebb-scale-error-quark, ebb_scale_error)

static const guint8 madrs_items[10] = { 6, 6, 6, 6, 6, 6, 6, 6, 6, 6 };
static const guint8 phq9_items[9] = { 3, 3, 3, 3, 3, 3, 3, 3, 3 };
/* HAM-D17 items 4–6, 12–14 and 16–17 are rated 0–2, the others 0–4. */
static const guint8 hamd17_items[17] = { 4, 4, 4, 2, 2, 2, 4, 4, 4, 4, 4, 2, 2, 2, 4, 2, 2 };
static const guint8 qids16_items[16] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
static const guint8 bdi2_items[21] = { 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3 };
static const guint8 gad7_items[7] = { 3, 3, 3, 3, 3, 3, 3 };
static const guint8 pcl5_items[20] = { 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 };
static const guint8 cadss_items[23] = { 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4 };

/* What each item is about, in a few words, for entering items one by
 * one: the items' usual short names, never their wording.  None for
 * BDI-II, whose wording is copyrighted, nor for the 20 items of PCL-5 and
 * 23 of CADSS, entered from their own forms.  In English: translated by
 * ebb_scale_get_item_label(). */
/* Translators: short names of rating-scale items, shown as "Item 4 · reduced sleep" */
static const char * const madrs_labels[10] = {
  NC_("scale item", "apparent sadness"), NC_("scale item", "reported sadness"),
  NC_("scale item", "inner tension"), NC_("scale item", "reduced sleep"),
  NC_("scale item", "reduced appetite"), NC_("scale item", "concentration difficulties"),
  NC_("scale item", "lassitude"), NC_("scale item", "inability to feel"),
  NC_("scale item", "pessimistic thoughts"), NC_("scale item", "suicidal thoughts"),
};
static const char * const phq9_labels[9] = {
  NC_("scale item", "little interest or pleasure"), NC_("scale item", "feeling down or hopeless"),
  NC_("scale item", "sleep"), NC_("scale item", "tired, little energy"),
  NC_("scale item", "appetite"), NC_("scale item", "feeling bad about oneself"),
  NC_("scale item", "concentration"), NC_("scale item", "slowed down or restless"),
  NC_("scale item", "thoughts of death or self-harm"),
};
static const char * const hamd17_labels[17] = {
  NC_("scale item", "depressed mood"), NC_("scale item", "feelings of guilt"),
  NC_("scale item", "suicide"), NC_("scale item", "insomnia: early"),
  NC_("scale item", "insomnia: middle"), NC_("scale item", "insomnia: late"),
  NC_("scale item", "work and activities"), NC_("scale item", "retardation"),
  NC_("scale item", "agitation"), NC_("scale item", "anxiety: psychic"),
  NC_("scale item", "anxiety: somatic"), NC_("scale item", "somatic: gastrointestinal"),
  NC_("scale item", "somatic: general"), NC_("scale item", "genital symptoms"),
  NC_("scale item", "hypochondriasis"), NC_("scale item", "loss of weight"),
  NC_("scale item", "insight"),
};
static const char * const qids16_labels[16] = {
  NC_("scale item", "falling asleep"), NC_("scale item", "sleep during the night"),
  NC_("scale item", "waking up too early"), NC_("scale item", "sleeping too much"),
  NC_("scale item", "feeling sad"), NC_("scale item", "decreased appetite"),
  NC_("scale item", "increased appetite"), NC_("scale item", "decreased weight"),
  NC_("scale item", "increased weight"), NC_("scale item", "concentration, decisions"),
  NC_("scale item", "view of oneself"), NC_("scale item", "death or suicide"),
  NC_("scale item", "general interest"), NC_("scale item", "energy level"),
  NC_("scale item", "feeling slowed down"), NC_("scale item", "feeling restless"),
};
static const char * const gad7_labels[7] = {
  NC_("scale item", "nervous, anxious, on edge"), NC_("scale item", "cannot stop worrying"),
  NC_("scale item", "worrying too much"), NC_("scale item", "trouble relaxing"),
  NC_("scale item", "restless"), NC_("scale item", "easily annoyed or irritable"),
  NC_("scale item", "afraid something awful might happen"),
};

/* Band labels, scale names and alert-item labels stay in English here:
 * ebb_band_get_label(), ebb_scale_get_name() and
 * ebb_scale_get_alert_item_label() translate them at display. */
static const EbbBand madrs_bands[] = {
  /* Translators: severity bands of a rating scale's total score (of
   * depression, anxiety or PTSD symptoms), shown on the chart and after a
   * score, e.g. "MADRS 14 · mild" */
  { 0, 6, NC_("severity", "none") },
  { 7, 19, NC_("severity", "mild") },
  { 20, 34, NC_("severity", "moderate") },
  { 35, 60, NC_("severity", "severe") },
};
static const EbbBand phq9_bands[] = {
  { 0, 4, NC_("severity", "minimal") },
  { 5, 9, NC_("severity", "mild") },
  { 10, 14, NC_("severity", "moderate") },
  { 15, 19, NC_("severity", "moderately severe") },
  { 20, 27, NC_("severity", "severe") },
};
static const EbbBand hamd17_bands[] = {
  { 0, 7, NC_("severity", "none") },
  { 8, 16, NC_("severity", "mild") },
  { 17, 23, NC_("severity", "moderate") },
  { 24, 52, NC_("severity", "severe") },
};
static const EbbBand qids16_bands[] = {
  { 0, 5, NC_("severity", "none") },
  { 6, 10, NC_("severity", "mild") },
  { 11, 15, NC_("severity", "moderate") },
  { 16, 20, NC_("severity", "severe") },
  { 21, 27, NC_("severity", "very severe") },
};
static const EbbBand bdi2_bands[] = {
  { 0, 13, NC_("severity", "minimal") },
  { 14, 19, NC_("severity", "mild") },
  { 20, 28, NC_("severity", "moderate") },
  { 29, 63, NC_("severity", "severe") },
};
static const EbbBand gad7_bands[] = {
  { 0, 4, NC_("severity", "minimal") },
  { 5, 9, NC_("severity", "mild") },
  { 10, 14, NC_("severity", "moderate") },
  { 15, 21, NC_("severity", "severe") },
};
static const EbbBand pcl5_bands[] = {
  { 0, 32, NC_("severity", "below cut-off") },
  { 33, 80, NC_("severity", "probable PTSD") },
};

static int
max_of (const int *items,
        guint      first,
        guint      last)
{
  int m = items[first - 1];

  for (guint i = first; i < last; i++)
    m = MAX (m, items[i]);
  return m;
}

/* QIDS-SR16 is scored as nine domains: the highest of the four sleep
 * items, of the four appetite/weight items and of the two psychomotor
 * items, plus the other six items as they are. */
static int
qids16_score_items (const int *items)
{
  return max_of (items, 1, 4)
         + items[4]
         + max_of (items, 6, 9)
         + items[9] + items[10] + items[11] + items[12] + items[13]
         + max_of (items, 15, 16);
}

static const EbbScale scales[] = {
  {
    .id = "MADRS",
    /* Translators: the published name of a rating scale: use its official
     * name in your language if there is one, else keep the English name */
    .name = N_("Montgomery–Åsberg Depression Rating Scale"),
    .rated_by = EBB_RATER_CLINICIAN,
    .n_items = G_N_ELEMENTS (madrs_items), .item_max = madrs_items, .item_labels = madrs_labels,
    .total_min = 0, .total_max = 60,
    .bands = madrs_bands, .n_bands = G_N_ELEMENTS (madrs_bands),
    .remission_max = 10, .meaningful_change = 6,
    /* Translators: what a scale's suicide item asks about, as in
     * "MADRS item 10 (suicidal thoughts) was 4 on 2026-03-02" */
    .alert_item = 10, .alert_min = 2, .alert_item_label = N_("suicidal thoughts"),
    .recall_days = 7, .efficacy = TRUE,
  },
  {
    .id = "PHQ-9",
    .name = N_("Patient Health Questionnaire-9"),
    .rated_by = EBB_RATER_PATIENT,
    .n_items = G_N_ELEMENTS (phq9_items), .item_max = phq9_items, .item_labels = phq9_labels,
    .total_min = 0, .total_max = 27,
    .bands = phq9_bands, .n_bands = G_N_ELEMENTS (phq9_bands),
    .remission_max = 4, .meaningful_change = 5,
    .alert_item = 9, .alert_min = 1, .alert_item_label = N_("thoughts of death or self-harm"),
    .recall_days = 14, .efficacy = TRUE,
  },
  {
    .id = "HAMD-17",
    .name = N_("Hamilton Depression Rating Scale, 17 items"),
    .rated_by = EBB_RATER_CLINICIAN,
    .n_items = G_N_ELEMENTS (hamd17_items), .item_max = hamd17_items, .item_labels = hamd17_labels,
    .total_min = 0, .total_max = 52,
    .bands = hamd17_bands, .n_bands = G_N_ELEMENTS (hamd17_bands),
    .remission_max = 7, .meaningful_change = 5,
    .alert_item = 3, .alert_min = 2, .alert_item_label = N_("suicide"),
    .recall_days = 7, .efficacy = TRUE,
  },
  {
    .id = "QIDS-SR16",
    .name = N_("Quick Inventory of Depressive Symptomatology, self-report"),
    .rated_by = EBB_RATER_PATIENT,
    .n_items = G_N_ELEMENTS (qids16_items), .item_max = qids16_items, .item_labels = qids16_labels,
    .total_min = 0, .total_max = 27,
    .bands = qids16_bands, .n_bands = G_N_ELEMENTS (qids16_bands),
    .remission_max = 5, .meaningful_change = 4,
    .alert_item = 12, .alert_min = 2, .alert_item_label = N_("death or suicide"),
    .recall_days = 7, .efficacy = TRUE,
    .score_items = qids16_score_items,
  },
  {
    .id = "BDI-II",
    .name = N_("Beck Depression Inventory-II"),
    .rated_by = EBB_RATER_PATIENT,
    .n_items = G_N_ELEMENTS (bdi2_items), .item_max = bdi2_items,
    .total_min = 0, .total_max = 63,
    .bands = bdi2_bands, .n_bands = G_N_ELEMENTS (bdi2_bands),
    .remission_max = 13, .meaningful_change = 8,
    .alert_item = 9, .alert_min = 1, .alert_item_label = N_("suicidal thoughts"),
    .recall_days = 14, .efficacy = TRUE,
  },
  {
    .id = "GAD-7",
    .name = N_("Generalized Anxiety Disorder-7"),
    .rated_by = EBB_RATER_PATIENT,
    .n_items = G_N_ELEMENTS (gad7_items), .item_max = gad7_items, .item_labels = gad7_labels,
    .total_min = 0, .total_max = 21,
    .bands = gad7_bands, .n_bands = G_N_ELEMENTS (gad7_bands),
    .remission_max = 4, .meaningful_change = 4,
    .recall_days = 14, .efficacy = TRUE,
  },
  {
    .id = "PCL-5",
    .name = N_("PTSD Checklist for DSM-5"),
    .rated_by = EBB_RATER_PATIENT,
    .n_items = G_N_ELEMENTS (pcl5_items), .item_max = pcl5_items,
    .total_min = 0, .total_max = 80,
    .bands = pcl5_bands, .n_bands = G_N_ELEMENTS (pcl5_bands),
    /* A screening cut-off, not a remission: the rules never say
     * "remission" for PCL-5 (§1). */
    .remission_max = -1, .screen_cutoff = 32, .meaningful_change = 10,
    .recall_days = 30, .efficacy = TRUE,
  },
  {
    /* A side-effect measure: charted, never used for response or fade. */
    .id = "CADSS",
    .name = N_("Clinician-Administered Dissociative States Scale"),
    .rated_by = EBB_RATER_CLINICIAN,
    .n_items = G_N_ELEMENTS (cadss_items), .item_max = cadss_items,
    .total_min = 0, .total_max = 92,
    .remission_max = -1, .meaningful_change = 0,
    .recall_days = 0, .efficacy = FALSE,
  },
};

static const EbbScale *scale_table[G_N_ELEMENTS (scales)];

/* "HAM-D 17", "ham_d17" and "HAMD-17" all fold to "HAMD17". */
static void
fold_id (const char *id,
         char       *out,
         gsize       out_size)
{
  gsize n = 0;

  for (const char *p = id; *p != '\0' && n + 1 < out_size; p++)
    {
      if (*p == ' ' || *p == '-' || *p == '_' || *p == '\t')
        continue;
      out[n++] = g_ascii_toupper (*p);
    }
  out[n] = '\0';
}

/**
 * ebb_scale_lookup:
 * @id: a scale id, in any case, with or without spaces, hyphens or underscores
 *
 * Returns: (nullable): the catalogue entry, or %NULL when there is none
 */
const EbbScale *
ebb_scale_lookup (const char *id)
{
  char wanted[32];

  if (id == NULL)
    return NULL;

  /* Stored ratings carry the canonical id: find it without folding, as
   * the rules look up every rating's scale once per trajectory. */
  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    if (strcmp (id, scales[i].id) == 0)
      return &scales[i];

  fold_id (id, wanted, sizeof wanted);
  if (wanted[0] == '\0' || strlen (id) >= sizeof wanted * 2)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    {
      char candidate[32];

      fold_id (scales[i].id, candidate, sizeof candidate);
      if (g_str_equal (wanted, candidate))
        return &scales[i];
    }
  return NULL;
}

/* Like ebb_scale_lookup(), with an error that lists the scales there are. */
const EbbScale *
ebb_scale_lookup_checked (const char  *id,
                          GError     **error)
{
  const EbbScale *scale = ebb_scale_lookup (id);

  if (scale == NULL)
    {
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
        g_string_append_printf (known, i ? ", %s" : "%s", scales[i].id);
      g_set_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_UNKNOWN,
                   /* Translators: the first %s is what was typed, the second a
                    * list of scale ids, "MADRS, PHQ-9, HAMD-17, …" */
                   _("“%s” is not a known scale (known: %s)"),
                   id ? id : "", known->str);
    }
  return scale;
}

const EbbScale * const *
ebb_scale_all (guint *n_scales)
{
  if (scale_table[0] == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
        scale_table[i] = &scales[i];
    }
  if (n_scales)
    *n_scales = G_N_ELEMENTS (scales);
  return scale_table;
}

/**
 * ebb_scale_band_for:
 *
 * Returns: (nullable): the severity band @total falls in, or %NULL for a
 *   scale without bands or a total outside the scale's range
 */
const EbbBand *
ebb_scale_band_for (const EbbScale *scale,
                    int             total)
{
  g_return_val_if_fail (scale != NULL, NULL);

  for (guint i = 0; i < scale->n_bands; i++)
    {
      if (total >= scale->bands[i].min && total <= scale->bands[i].max)
        return &scale->bands[i];
    }
  return NULL;
}

gboolean
ebb_scale_is_remission (const EbbScale *scale,
                        int             total)
{
  g_return_val_if_fail (scale != NULL, FALSE);

  return scale->remission_max >= 0 && total <= scale->remission_max;
}

/* The total that item values give on this scale (its scoring rule). */
int
ebb_scale_total_for_items (const EbbScale *scale,
                           const int      *items)
{
  int sum = 0;

  g_return_val_if_fail (scale != NULL, 0);
  g_return_val_if_fail (items != NULL, 0);

  if (scale->score_items != NULL)
    return scale->score_items (items);
  for (guint i = 0; i < scale->n_items; i++)
    sum += items[i];
  return sum;
}

/**
 * ebb_scale_validate:
 * @scale: the scale
 * @total: the total score
 * @items: (nullable): item values in item order, or %NULL when not recorded
 * @n_items: how many values @items holds
 * @error: the first problem, naming the scale, the field and the allowed range
 *
 * Returns: %TRUE when @total is in range and the items, if given, are each
 *   in range and score to @total.
 */
gboolean
ebb_scale_validate (const EbbScale  *scale,
                    int              total,
                    const int       *items,
                    guint            n_items,
                    GError         **error)
{
  int items_total;

  g_return_val_if_fail (scale != NULL, FALSE);
  g_return_val_if_fail (n_items == 0 || items != NULL, FALSE);

  if (total < scale->total_min || total > scale->total_max)
    {
      g_set_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_TOTAL_RANGE,
                   /* Translators: "MADRS total 61 is out of range: it must be 0–60" */
                   _("%s total %d is out of range: it must be %d–%d"),
                   scale->id, total, scale->total_min, scale->total_max);
      return FALSE;
    }

  if (n_items == 0)
    return TRUE;

  if (n_items != scale->n_items)
    {
      g_set_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_ITEM_COUNT,
                   /* Translators: the first %s is a scale id, "MADRS has 10 items, …" */
                   _("%s has %u items, but %u item values were given"),
                   scale->id, scale->n_items, n_items);
      return FALSE;
    }

  for (guint i = 0; i < n_items; i++)
    {
      if (items[i] < 0 || items[i] > scale->item_max[i])
        {
          g_set_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_ITEM_RANGE,
                       /* Translators: "MADRS item 3 is 7: it must be 0–6" */
                       _("%s item %u is %d: it must be 0–%u"),
                       scale->id, i + 1, items[i], scale->item_max[i]);
          return FALSE;
        }
    }

  items_total = ebb_scale_total_for_items (scale, items);
  if (items_total != total)
    {
      if (scale->score_items != NULL)
        g_set_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_ITEM_SUM,
                     _("%s item values score %d (by its domain scoring), but the total is %d"),
                     scale->id, items_total, total);
      else
        g_set_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_ITEM_SUM,
                     _("%s item values add up to %d, but the total is %d"),
                     scale->id, items_total, total);
      return FALSE;
    }

  return TRUE;
}

/**
 * ebb_band_get_label:
 *
 * Returns: the band's label in the user's language, e.g. "mild"
 */
const char *
ebb_band_get_label (const EbbBand *band)
{
  g_return_val_if_fail (band != NULL, NULL);

  return g_dpgettext2 (GETTEXT_PACKAGE, "severity", band->label);
}

/**
 * ebb_scale_get_name:
 *
 * Returns: the scale's full name in the user's language
 */
const char *
ebb_scale_get_name (const EbbScale *scale)
{
  g_return_val_if_fail (scale != NULL, NULL);

  return _(scale->name);
}

/**
 * ebb_scale_get_item_label:
 * @scale: a scale
 * @index: 0-based, below the scale's number of items
 *
 * Returns: (nullable): what the item is about in a few words, in the
 *   user's language: its short name, else, for the alert item, what the
 *   alert is about; %NULL when the catalogue names neither
 */
const char *
ebb_scale_get_item_label (const EbbScale *scale,
                          guint           index)
{
  g_return_val_if_fail (scale != NULL, NULL);
  g_return_val_if_fail (index < scale->n_items, NULL);

  if (scale->item_labels != NULL)
    return g_dpgettext2 (GETTEXT_PACKAGE, "scale item", scale->item_labels[index]);
  if (index + 1 == scale->alert_item)
    return ebb_scale_get_alert_item_label (scale);
  return NULL;
}

/**
 * ebb_scale_get_alert_item_label:
 *
 * Returns: (nullable): what the scale's alert item asks about, in the
 *   user's language, or %NULL for a scale without one
 */
const char *
ebb_scale_get_alert_item_label (const EbbScale *scale)
{
  g_return_val_if_fail (scale != NULL, NULL);

  return scale->alert_item_label != NULL ? _(scale->alert_item_label) : NULL;
}

const char *
ebb_rater_to_string (EbbRater rater)
{
  return rater == EBB_RATER_CLINICIAN ? "clinician" : "patient";
}
