/* ebb-audit-section.c — the patient page's audit trail
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page's EbbAuditItems, declared in ui/ebb-audit-section.ui, cells
 * and all: EbbRecordSection lists them, newest first.  The trail is read,
 * never edited, so its entries do not open and have no narrow rows.
 */
#define G_LOG_DOMAIN "ebb-audit-section"

#include "config.h"

#include "ebb-audit-item.h"
#include "ebb-audit-section.h"

struct _EbbAuditSection
{
  EbbRecordSection parent_instance;
};

G_DEFINE_FINAL_TYPE (EbbAuditSection, ebb_audit_section, EBB_TYPE_RECORD_SECTION)

static void
ebb_audit_section_class_init (EbbAuditSectionClass *klass)
{
  g_type_ensure (EBB_TYPE_AUDIT_ITEM);

  ebb_record_section_class_set_template (GTK_WIDGET_CLASS (klass), "/io/github/ebbclinic/Ebb/ebb-audit-section.ui",
                                         NULL, NULL);
}

static void
ebb_audit_section_init (EbbAuditSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
