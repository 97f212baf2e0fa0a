/* ebb-rating.h — one rating on one scale
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ebb-date.h"

G_BEGIN_DECLS

/* Whether a rating on a session's day was taken before or after the dose
 * (clinical rules §2).  Unknown: the first rating of each scale that day
 * counts as before, any further one as after. */
typedef enum
{
  EBB_DOSE_RELATION_UNKNOWN,
  EBB_DOSE_RELATION_BEFORE,
  EBB_DOSE_RELATION_AFTER,
} EbbDoseRelation;

typedef struct
{
  gint64   id;          /* row id, 0 until stored */
  gint64   patient_id;
  char    *when_text;   /* ISO 8601 as entered: kept verbatim */
  EbbWhen  when;        /* parsed from when_text */
  char    *scale_id;    /* canonical id from the catalogue, e.g. "PHQ-9" */
  int      total;
  guint    n_items;     /* 0 when item values were not recorded */
  int     *items;       /* n_items values in item order, or NULL */
  char    *rater;       /* or NULL */
  char    *note;        /* or NULL */
  int      alert_item;  /* the alert item's value when it was asked on its own
                         * (items not recorded), or -1 */
  EbbDoseRelation dose_relation;
} EbbRating;

EbbRating *ebb_rating_new             (void);
EbbRating *ebb_rating_copy            (const EbbRating  *rating);
void       ebb_rating_free            (EbbRating        *rating);
gboolean   ebb_rating_set_when        (EbbRating        *rating,
                                       const char       *text,
                                       GError          **error);
void       ebb_rating_set_items       (EbbRating        *rating,
                                       const int        *items,
                                       guint             n_items);
char      *ebb_rating_items_to_string (const EbbRating  *rating);
int        ebb_rating_get_item        (const EbbRating  *rating,
                                       guint             item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbRating, ebb_rating_free)

G_END_DECLS
