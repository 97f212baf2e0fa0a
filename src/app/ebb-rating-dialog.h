/* ebb-rating-dialog.h — record or edit one rating
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-store.h"

G_BEGIN_DECLS

#define EBB_TYPE_RATING_DIALOG (ebb_rating_dialog_get_type ())
G_DECLARE_FINAL_TYPE (EbbRatingDialog, ebb_rating_dialog, EBB, RATING_DIALOG, AdwWindow)

/* @score: the rating to edit, or %NULL for a new one (dated today, on
 * @scale_id when given).  Emits "saved" (gint64 rating id) after storing,
 * then closes; on a bad entry or a store error it stays open with the
 * field marked. */
GtkWidget  *ebb_rating_dialog_new            (GtkWindow       *parent,
                                              EbbStore        *store,
                                              gint64           patient_id,
                                              const EbbRating *rating,
                                              const char      *scale_id);

/* The fields, as a user would fill them in; used for pre-filling and by
 * the tests, which drive the same validation and saving code. */
void            ebb_rating_dialog_set_scale         (EbbRatingDialog *self,
                                                     const char      *scale_id);
void            ebb_rating_dialog_set_date          (EbbRatingDialog *self,
                                                     const char      *text);
void            ebb_rating_dialog_set_total         (EbbRatingDialog *self,
                                                     const char      *text);
void            ebb_rating_dialog_set_items         (EbbRatingDialog *self,
                                                     const int       *items,
                                                     guint            n_items);
void            ebb_rating_dialog_set_item          (EbbRatingDialog *self,
                                                     guint            index,
                                                     int              value);
void            ebb_rating_dialog_set_alert_item    (EbbRatingDialog *self,
                                                     int              value);
int             ebb_rating_dialog_get_alert_item    (EbbRatingDialog *self);
void            ebb_rating_dialog_set_dose_relation (EbbRatingDialog *self,
                                                     EbbDoseRelation  relation);
EbbDoseRelation ebb_rating_dialog_get_dose_relation (EbbRatingDialog *self);
gboolean        ebb_rating_dialog_get_can_save      (EbbRatingDialog *self);
/* The message shown under a field or for the store, or %NULL when valid */
const char *ebb_rating_dialog_get_message    (EbbRatingDialog *self);

G_END_DECLS
