/* ebb-sessions-section.c — the patient page's sessions
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page's EbbSessionItems, declared in ui/ebb-sessions-section.ui,
 * cells and all: EbbRecordSection lists them, newest first, as a table
 * or, on a narrow page, as rows, and opens, edits and deletes them
 * through the page.*-session actions.
 */
#define G_LOG_DOMAIN "ebb-sessions-section"

#include "config.h"

#include "ebb-record-items.h"
#include "ebb-sessions-section.h"

struct _EbbSessionsSection
{
  EbbRecordSection parent_instance;
};

G_DEFINE_FINAL_TYPE (EbbSessionsSection, ebb_sessions_section, EBB_TYPE_RECORD_SECTION)

static void
ebb_sessions_section_class_init (EbbSessionsSectionClass *klass)
{
  g_type_ensure (EBB_TYPE_SESSION_ITEM);

  ebb_record_section_class_set_template (GTK_WIDGET_CLASS (klass), "/io/github/ebbclinic/Ebb/ebb-sessions-section.ui",
                                         "page.edit-session", "page.delete-session");
}

static void
ebb_sessions_section_init (EbbSessionsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
