/* ebb-record-items.h — one rating or session as a list item
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient page's column views sort and show these through their
 * properties; each item owns a copy of its record, so a list can outlive
 * the arrays it was made from.
 */
#pragma once

#include <glib-object.h>

#include "ebb-scale.h"
#include "ebb-store.h"
#include "ebb-trajectory.h"

G_BEGIN_DECLS

#define EBB_TYPE_RATING_ITEM (ebb_rating_item_get_type ())
G_DECLARE_FINAL_TYPE (EbbRatingItem, ebb_rating_item, EBB, RATING_ITEM, GObject)

/* @point: (nullable): the rating as the rules see it, for its change
 *   from baseline, whether it was taken after a dose and what its total
 *   implies of an alert item not recorded; %NULL when they do not see it
 * @today: the as-of day, after which a rating is marked as not yet due */
EbbRatingItem   *ebb_rating_item_new                  (const EbbRating          *rating,
                                                       const EbbTrajectoryPoint *point,
                                                       gint32                    today);
const EbbRating *ebb_rating_item_get_rating           (EbbRatingItem            *self);
double           ebb_rating_item_get_change           (EbbRatingItem            *self);
gboolean         ebb_rating_item_get_post_dose        (EbbRatingItem            *self);
gboolean         ebb_rating_item_get_alert_unrecorded (EbbRatingItem            *self);

#define EBB_TYPE_SESSION_ITEM (ebb_session_item_get_type ())
G_DECLARE_FINAL_TYPE (EbbSessionItem, ebb_session_item, EBB, SESSION_ITEM, GObject)

EbbSessionItem   *ebb_session_item_new         (const EbbSession *session,
                                                gint32            today);
const EbbSession *ebb_session_item_get_session (EbbSessionItem   *self);

/* "Moderate" for a band of a total, or NULL when the scale has no bands */
const char *ebb_band_display           (const EbbScale  *scale,
                                        int              total);
/* "−48 %" style change from baseline, or an em dash for NAN */
char       *ebb_format_change          (double           change_percent);
/* "120/80", or NULL when not recorded */
char       *ebb_format_blood_pressure  (int              systolic,
                                        int              diastolic);
/* "Tue 1 Dec 2026, 10:00" for a stored date or date-time */
char       *ebb_format_when            (const char      *when_text);
/* "50 mg", or NULL when not recorded */
char       *ebb_format_dose            (double           dose_mg);
char       *ebb_format_discharge       (const EbbSession *session);

G_END_DECLS
