/* test-scale.c — the scale catalogue against clinical rules §1
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected value here is copied by hand from the table in the
 * clinical rules (version 2), not from the catalogue under test.
 */
#include "config.h"

#include "ebb-rule-settings.h"
#include "ebb-scale.h"

typedef struct
{
  const char *id;
  int         total_max;
  guint       n_items;
  int         remission_max;      /* -1: the scale has no remission (PCL-5) */
  int         screen_cutoff;      /* 0: no screening cut-off */
  int         meaningful_change;
  guint       alert_item;
  int         alert_min;
  guint       recall_days;
  EbbRater    rated_by;
  /* band edges: pairs of (last score of a band, its label) */
  struct { int max; const char *label; } bands[6];
} ExpectedScale;

/* The table of §1, row by row (rules version 2): HAMD-17 has Zimmerman's
 * four bands and a meaningful change of 5, QIDS-SR16 a meaningful change
 * of 4, BDI-II of 8; the alert levels are MADRS item 10 ≥ 2, PHQ-9 item 9
 * ≥ 1, HAMD-17 item 3 ≥ 2, QIDS-SR16 item 12 ≥ 2 and BDI-II item 9 ≥ 1;
 * PCL-5 has no remission but the probable-PTSD cut-off, 32 or less being
 * "below cut-off". */
static const ExpectedScale expected[] = {
  { "MADRS", 60, 10, 10, 0, 6, 10, 2, 7, EBB_RATER_CLINICIAN,
    { { 6, "none" }, { 19, "mild" }, { 34, "moderate" }, { 60, "severe" } } },
  { "PHQ-9", 27, 9, 4, 0, 5, 9, 1, 14, EBB_RATER_PATIENT,
    { { 4, "minimal" }, { 9, "mild" }, { 14, "moderate" }, { 19, "moderately severe" }, { 27, "severe" } } },
  { "HAMD-17", 52, 17, 7, 0, 5, 3, 2, 7, EBB_RATER_CLINICIAN,
    { { 7, "none" }, { 16, "mild" }, { 23, "moderate" }, { 52, "severe" } } },
  { "QIDS-SR16", 27, 16, 5, 0, 4, 12, 2, 7, EBB_RATER_PATIENT,
    { { 5, "none" }, { 10, "mild" }, { 15, "moderate" }, { 20, "severe" }, { 27, "very severe" } } },
  { "BDI-II", 63, 21, 13, 0, 8, 9, 1, 14, EBB_RATER_PATIENT,
    { { 13, "minimal" }, { 19, "mild" }, { 28, "moderate" }, { 63, "severe" } } },
  { "GAD-7", 21, 7, 4, 0, 4, 0, 0, 14, EBB_RATER_PATIENT,
    { { 4, "minimal" }, { 9, "mild" }, { 14, "moderate" }, { 21, "severe" } } },
  { "PCL-5", 80, 20, -1, 32, 10, 0, 0, 30, EBB_RATER_PATIENT,
    { { 32, "below cut-off" }, { 80, "probable PTSD" } } },
};

static void
test_catalogue_complete (void)
{
  guint n = 0;
  const EbbScale * const *all = ebb_scale_all (&n);

  g_assert_cmpuint (n, ==, 8);
  for (guint i = 0; i < n; i++)
    g_assert_true (ebb_scale_lookup (all[i]->id) == all[i]);
}

static void
test_every_band_edge (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const ExpectedScale *e = &expected[i];
      const EbbScale *scale = ebb_scale_lookup (e->id);
      int low = 0;

      g_test_message ("scale %s", e->id);
      g_assert_nonnull (scale);
      g_assert_cmpstr (scale->id, ==, e->id);
      g_assert_cmpint (scale->total_min, ==, 0);
      g_assert_cmpint (scale->total_max, ==, e->total_max);
      g_assert_cmpuint (scale->n_items, ==, e->n_items);
      g_assert_cmpint (scale->remission_max, ==, e->remission_max);
      g_assert_cmpint (scale->screen_cutoff, ==, e->screen_cutoff);
      g_assert_cmpint (scale->meaningful_change, ==, e->meaningful_change);
      g_assert_cmpuint (scale->alert_item, ==, e->alert_item);
      g_assert_cmpint (scale->alert_min, ==, e->alert_min);
      g_assert_cmpuint (scale->recall_days, ==, e->recall_days);
      g_assert_cmpint (scale->rated_by, ==, e->rated_by);
      g_assert_true (scale->efficacy);

      for (guint b = 0; e->bands[b].label != NULL; b++)
        {
          /* Both edges of each band, inclusive. */
          g_assert_cmpstr (ebb_scale_band_for (scale, low)->label, ==, e->bands[b].label);
          g_assert_cmpstr (ebb_scale_band_for (scale, e->bands[b].max)->label, ==, e->bands[b].label);
          low = e->bands[b].max + 1;
        }
      g_assert_cmpint (low - 1, ==, e->total_max);
      g_assert_null (ebb_scale_band_for (scale, e->total_max + 1));
      g_assert_null (ebb_scale_band_for (scale, -1));

      if (e->remission_max >= 0)
        {
          g_assert_true (ebb_scale_is_remission (scale, 0));
          g_assert_true (ebb_scale_is_remission (scale, e->remission_max));
          g_assert_false (ebb_scale_is_remission (scale, e->remission_max + 1));
        }
      else
        {
          /* No score at all is a remission, not even 0. */
          for (int total = 0; total <= e->total_max; total++)
            g_assert_false (ebb_scale_is_remission (scale, total));
        }
    }
}

/* §1: PCL-5 has a screening cut-off, not a remission: 32 or less is
 * "below cut-off", and nothing, the clinic's settings included, makes a
 * PCL-5 score a remission. */
static void
test_pcl5_cut_off (void)
{
  const EbbScale *pcl5 = ebb_scale_lookup ("PCL-5");
  EbbRuleSettings settings;

  g_assert_cmpint (pcl5->remission_max, ==, -1);
  g_assert_cmpint (pcl5->screen_cutoff, ==, 32);
  g_assert_cmpstr (ebb_scale_band_for (pcl5, 32)->label, ==, "below cut-off");
  g_assert_cmpint (ebb_scale_band_for (pcl5, 32)->max, ==, pcl5->screen_cutoff);
  g_assert_cmpstr (ebb_scale_band_for (pcl5, 33)->label, ==, "probable PTSD");
  for (guint b = 0; b < pcl5->n_bands; b++)
    g_assert_null (strstr (pcl5->bands[b].label, "remission"));

  ebb_rule_settings_init_defaults (&settings);
  g_assert_cmpint (ebb_rule_settings_remission_max (&settings, pcl5), ==, -1);
  /* The other scales keep a remission and have no screening cut-off. */
  g_assert_cmpint (ebb_rule_settings_remission_max (&settings, ebb_scale_lookup ("MADRS")), ==, 10);
  g_assert_cmpint (ebb_scale_lookup ("PHQ-9")->screen_cutoff, ==, 0);
}

/* §1's implied alert item: a total proves the alert item high when the
 * other items cannot reach it.  Worked by hand: the highest total with
 * the alert item one below its alert level, every other item (or QIDS
 * domain) at its maximum, is
 *   MADRS      9 × 6 + 1 = 55      (item 10 is 0–6, alert at 2)
 *   PHQ-9      8 × 3 + 0 = 24      (item 9 is 0–3, alert at 1: the rules' example)
 *   HAMD-17    48 + 1 = 49         (52 less item 3, which is 0–4; alert at 2)
 *   QIDS-SR16  8 × 3 + 1 = 25      (item 12 is a domain of its own; alert at 2)
 *   BDI-II     20 × 3 + 0 = 60     (item 9 is 0–3, alert at 1)
 * and one more point proves the alert. */
static void
test_alert_items_and_implied_level (void)
{
  static const struct { const char *id; int alert_item_max; int highest_quiet; } cases[] = {
    { "MADRS", 6, 55 },
    { "PHQ-9", 3, 24 },
    { "HAMD-17", 4, 49 },
    { "QIDS-SR16", 3, 25 },
    { "BDI-II", 3, 60 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const EbbScale *scale = ebb_scale_lookup (cases[c].id);
      const guint a = scale->alert_item - 1;
      int items[32];

      g_test_message ("scale %s", scale->id);
      g_assert_nonnull (ebb_scale_get_alert_item_label (scale));
      g_assert_cmpint (scale->item_max[a], ==, cases[c].alert_item_max);
      /* What the rules subtract: scale maximum less the alert item's. */
      g_assert_cmpint (scale->total_max - scale->item_max[a] + scale->alert_min - 1, ==,
                       cases[c].highest_quiet);

      /* Every item at its maximum but the alert item one below its level
       * scores exactly that total, so no such items score more … */
      for (guint i = 0; i < scale->n_items; i++)
        items[i] = scale->item_max[i];
      items[a] = scale->alert_min - 1;
      g_assert_cmpint (ebb_scale_total_for_items (scale, items), ==, cases[c].highest_quiet);
      g_assert_true (ebb_scale_validate (scale, cases[c].highest_quiet, items, scale->n_items, NULL));
      /* … and the next point needs the alert item at its level. */
      items[a] = scale->alert_min;
      g_assert_true (ebb_scale_validate (scale, cases[c].highest_quiet + 1, items, scale->n_items, NULL));
    }

  /* Scales without an alert item. */
  g_assert_cmpuint (ebb_scale_lookup ("GAD-7")->alert_item, ==, 0);
  g_assert_cmpuint (ebb_scale_lookup ("PCL-5")->alert_item, ==, 0);
  g_assert_cmpuint (ebb_scale_lookup ("CADSS")->alert_item, ==, 0);
}

static void
test_cadss_side_effect_only (void)
{
  const EbbScale *cadss = ebb_scale_lookup ("cadss");

  g_assert_nonnull (cadss);
  g_assert_false (cadss->efficacy);
  g_assert_cmpint (cadss->total_max, ==, 92);
  g_assert_cmpuint (cadss->n_items, ==, 23);
  g_assert_cmpuint (cadss->n_bands, ==, 0);
  g_assert_null (ebb_scale_band_for (cadss, 10));
  g_assert_false (ebb_scale_is_remission (cadss, 0));
}

static void
test_lookup_spellings (void)
{
  const EbbScale *phq9 = ebb_scale_lookup ("PHQ-9");
  const EbbScale *hamd = ebb_scale_lookup ("HAMD-17");

  g_assert_true (ebb_scale_lookup ("phq9") == phq9);
  g_assert_true (ebb_scale_lookup ("Phq_9") == phq9);
  g_assert_true (ebb_scale_lookup (" PHQ 9 ") == phq9);
  g_assert_true (ebb_scale_lookup ("HAM-D17") == hamd);
  g_assert_true (ebb_scale_lookup ("ham_d_17") == hamd);
  g_assert_true (ebb_scale_lookup ("qids-sr-16") == ebb_scale_lookup ("QIDS-SR16"));
  g_assert_true (ebb_scale_lookup ("bdi ii") == ebb_scale_lookup ("BDI-II"));
  g_assert_null (ebb_scale_lookup ("PHQ-8"));
  g_assert_null (ebb_scale_lookup (""));
  g_assert_null (ebb_scale_lookup ("---"));
  g_assert_null (ebb_scale_lookup (NULL));
}

static void
test_lookup_checked_lists_known (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ebb_scale_lookup_checked ("HDRS-21", &error));
  g_assert_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "HDRS-21"));
  g_assert_nonnull (strstr (error->message, "MADRS"));
  g_assert_nonnull (strstr (error->message, "CADSS"));
}

static void
test_validate_total (void)
{
  const EbbScale *madrs = ebb_scale_lookup ("MADRS");
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_scale_validate (madrs, 0, NULL, 0, NULL));
  g_assert_true (ebb_scale_validate (madrs, 60, NULL, 0, NULL));
  g_assert_false (ebb_scale_validate (madrs, 61, NULL, 0, &error));
  g_assert_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_TOTAL_RANGE);
  g_assert_cmpstr (error->message, ==, "MADRS total 61 is out of range: it must be 0–60");
  g_clear_error (&error);
  g_assert_false (ebb_scale_validate (madrs, -1, NULL, 0, &error));
  g_assert_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_TOTAL_RANGE);
}

static void
test_validate_items_sum (void)
{
  const EbbScale *phq9 = ebb_scale_lookup ("PHQ-9");
  const int items[9] = { 3, 2, 2, 1, 0, 1, 2, 1, 1 };   /* 13 */
  const int high[9] = { 3, 2, 2, 1, 0, 1, 2, 1, 4 };
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_scale_validate (phq9, 13, items, 9, NULL));

  g_assert_false (ebb_scale_validate (phq9, 14, items, 9, &error));
  g_assert_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_ITEM_SUM);
  g_assert_cmpstr (error->message, ==, "PHQ-9 item values add up to 13, but the total is 14");
  g_clear_error (&error);

  g_assert_false (ebb_scale_validate (phq9, 13, items, 8, &error));
  g_assert_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_ITEM_COUNT);
  g_assert_cmpstr (error->message, ==, "PHQ-9 has 9 items, but 8 item values were given");
  g_clear_error (&error);

  g_assert_false (ebb_scale_validate (phq9, 16, high, 9, &error));
  g_assert_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_ITEM_RANGE);
  g_assert_cmpstr (error->message, ==, "PHQ-9 item 9 is 4: it must be 0–3");
}

static void
test_validate_hamd_mixed_ranges (void)
{
  const EbbScale *hamd = ebb_scale_lookup ("HAMD-17");
  /* Every item at its maximum: 0–4 items are 1–3, 7–11, 15. */
  const int all_max[17] = { 4, 4, 4, 2, 2, 2, 4, 4, 4, 4, 4, 2, 2, 2, 4, 2, 2 };
  int items[17];
  g_autoptr(GError) error = NULL;

  g_assert_true (ebb_scale_validate (hamd, 52, all_max, 17, NULL));

  /* Item 4 (insomnia, early) is rated 0–2: 3 is out of range. */
  memcpy (items, all_max, sizeof items);
  items[3] = 3;
  g_assert_false (ebb_scale_validate (hamd, 52, items, 17, &error));
  g_assert_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_ITEM_RANGE);
  g_assert_cmpstr (error->message, ==, "HAMD-17 item 4 is 3: it must be 0–2");
  g_clear_error (&error);

  /* Item 16 too, while item 15 goes to 4. */
  memcpy (items, all_max, sizeof items);
  items[15] = 3;
  g_assert_false (ebb_scale_validate (hamd, 53, items, 17, &error));
  g_assert_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_TOTAL_RANGE);
  g_clear_error (&error);
  g_assert_false (ebb_scale_validate (hamd, 52, items, 17, &error));
  g_assert_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_ITEM_RANGE);
}

static void
test_validate_qids_domains (void)
{
  const EbbScale *qids = ebb_scale_lookup ("QIDS-SR16");
  /* sleep 1–4: max 3; item 5: 2; weight 6–9: max 2; items 10–14: 1 1 2 0 1;
   * psychomotor 15–16: max 1.  3 + 2 + 2 + 5 + 1 = 13, while the plain
   * sum would be 3+1+0+2 + 2 + 2+0+1+0 + 1+1+2+0+1 + 1+0 = 17. */
  const int items[16] = { 3, 1, 0, 2, 2, 2, 0, 1, 0, 1, 1, 2, 0, 1, 1, 0 };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ebb_scale_total_for_items (qids, items), ==, 13);
  g_assert_true (ebb_scale_validate (qids, 13, items, 16, NULL));
  g_assert_false (ebb_scale_validate (qids, 17, items, 16, &error));
  g_assert_error (error, EBB_SCALE_ERROR, EBB_SCALE_ERROR_ITEM_SUM);
  g_assert_nonnull (strstr (error->message, "score 13"));
}

/* Items entered one by one are named where the catalogue names them, and
 * the alert item's name says what its alert is about. */
static void
test_item_labels (void)
{
  const char *named[] = { "MADRS", "PHQ-9", "HAMD-17", "QIDS-SR16", "GAD-7" };
  const EbbScale *bdi2 = ebb_scale_lookup ("BDI-II");
  const EbbScale *pcl5 = ebb_scale_lookup ("PCL-5");

  for (guint s = 0; s < G_N_ELEMENTS (named); s++)
    {
      const EbbScale *scale = ebb_scale_lookup (named[s]);

      for (guint i = 0; i < scale->n_items; i++)
        {
          const char *label = ebb_scale_get_item_label (scale, i);

          g_assert_nonnull (label);
          g_assert_cmpstr (label, !=, "");
          for (guint j = 0; j < i; j++)
            g_assert_cmpstr (ebb_scale_get_item_label (scale, j), !=, label);
        }
      if (scale->alert_item > 0)
        g_assert_cmpstr (ebb_scale_get_item_label (scale, scale->alert_item - 1), ==,
                         ebb_scale_get_alert_item_label (scale));
    }
  g_assert_cmpstr (ebb_scale_get_item_label (ebb_scale_lookup ("MADRS"), 3), ==, "reduced sleep");

  /* BDI-II's wording is copyrighted: only its alert item is named. */
  for (guint i = 0; i < bdi2->n_items; i++)
    {
      if (i + 1 == bdi2->alert_item)
        g_assert_cmpstr (ebb_scale_get_item_label (bdi2, i), ==, ebb_scale_get_alert_item_label (bdi2));
      else
        g_assert_null (ebb_scale_get_item_label (bdi2, i));
    }
  g_assert_null (ebb_scale_get_item_label (pcl5, 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scale/catalogue-complete", test_catalogue_complete);
  g_test_add_func ("/scale/band-edges", test_every_band_edge);
  g_test_add_func ("/scale/pcl5-cut-off", test_pcl5_cut_off);
  g_test_add_func ("/scale/alert-items", test_alert_items_and_implied_level);
  g_test_add_func ("/scale/cadss", test_cadss_side_effect_only);
  g_test_add_func ("/scale/lookup-spellings", test_lookup_spellings);
  g_test_add_func ("/scale/lookup-checked", test_lookup_checked_lists_known);
  g_test_add_func ("/scale/validate/total", test_validate_total);
  g_test_add_func ("/scale/validate/items", test_validate_items_sum);
  g_test_add_func ("/scale/validate/hamd17", test_validate_hamd_mixed_ranges);
  g_test_add_func ("/scale/validate/qids16", test_validate_qids_domains);
  g_test_add_func ("/scale/item-labels", test_item_labels);

  return g_test_run ();
}
