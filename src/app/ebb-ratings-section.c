/* ebb-ratings-section.c — the patient page's ratings
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page's EbbRatingItems, declared in ui/ebb-ratings-section.ui, cells
 * and all: EbbRecordSection lists them, newest first, as a table or, on a
 * narrow page, as rows, and opens, edits and deletes them through the
 * page.*-rating actions.
 */
#define G_LOG_DOMAIN "ebb-ratings-section"

#include "config.h"

#include "ebb-record-items.h"
#include "ebb-ratings-section.h"

struct _EbbRatingsSection
{
  EbbRecordSection parent_instance;
};

G_DEFINE_FINAL_TYPE (EbbRatingsSection, ebb_ratings_section, EBB_TYPE_RECORD_SECTION)

static void
ebb_ratings_section_class_init (EbbRatingsSectionClass *klass)
{
  g_type_ensure (EBB_TYPE_RATING_ITEM);

  ebb_record_section_class_set_template (GTK_WIDGET_CLASS (klass), "/io/github/ebbclinic/Ebb/ebb-ratings-section.ui",
                                         "page.edit-rating", "page.delete-rating");
}

static void
ebb_ratings_section_init (EbbRatingsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
