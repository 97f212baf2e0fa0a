/* ebb-scale.h — the catalogue of rating scales (clinical rules §1)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EBB_SCALE_ERROR (ebb_scale_error_quark ())

typedef enum
{
  EBB_SCALE_ERROR_UNKNOWN,        /* no scale with that id */
  EBB_SCALE_ERROR_TOTAL_RANGE,    /* total outside the scale's range */
  EBB_SCALE_ERROR_ITEM_COUNT,     /* wrong number of item values */
  EBB_SCALE_ERROR_ITEM_RANGE,     /* an item value outside its range */
  EBB_SCALE_ERROR_ITEM_SUM,       /* item values do not give the total */
} EbbScaleError;

typedef enum
{
  EBB_RATER_CLINICIAN,
  EBB_RATER_PATIENT,
} EbbRater;

typedef struct
{
  int         min;     /* inclusive */
  int         max;     /* inclusive */
  const char *label;   /* untranslated English: ebb_band_get_label() translates it */
} EbbBand;

typedef struct
{
  const char    *id;                 /* canonical id, e.g. "PHQ-9" */
  const char    *name;               /* full name, in English: see ebb_scale_get_name() */
  EbbRater       rated_by;
  guint          n_items;
  const guint8  *item_max;           /* n_items maxima; every item starts at 0 */
  const char * const *item_labels;   /* n_items short names in English, or NULL */
  int            total_min;
  int            total_max;
  const EbbBand *bands;              /* ascending, covering total_min..total_max */
  guint          n_bands;            /* 0 for a side-effect scale */
  int            remission_max;      /* remission: total <= this; -1 when none */
  int            screen_cutoff;      /* a screening cut-off (PCL-5: below it at or under this); 0 when none */
  int            meaningful_change;  /* default minimal important rise; 0 when none */
  guint          alert_item;         /* 1-based item that raises the alert; 0 when none */
  int            alert_min;          /* alert when that item >= this */
  const char    *alert_item_label;   /* what the alert item asks about, in English, or NULL */
  guint          recall_days;        /* the period the rating covers */
  gboolean       efficacy;           /* FALSE for CADSS: charted, never used by the rules */
  int          (*score_items)        (const int *items);  /* NULL: the plain sum */
} EbbScale;

GQuark          ebb_scale_error_quark   (void);
const EbbScale *ebb_scale_lookup        (const char     *id);
const EbbScale *ebb_scale_lookup_checked (const char    *id,
                                         GError        **error);
const EbbScale * const *ebb_scale_all   (guint          *n_scales);
const EbbBand  *ebb_scale_band_for      (const EbbScale *scale,
                                         int             total);
gboolean        ebb_scale_is_remission  (const EbbScale *scale,
                                         int             total);
int             ebb_scale_total_for_items (const EbbScale *scale,
                                         const int      *items);
gboolean        ebb_scale_validate      (const EbbScale *scale,
                                         int             total,
                                         const int      *items,
                                         guint           n_items,
                                         GError        **error);
const char     *ebb_rater_to_string     (EbbRater        rater);
const char     *ebb_band_get_label      (const EbbBand  *band);
const char     *ebb_scale_get_name      (const EbbScale *scale);
const char     *ebb_scale_get_alert_item_label (const EbbScale *scale);
const char     *ebb_scale_get_item_label (const EbbScale *scale,
                                          guint           index);

G_END_DECLS
