/* ebb-audit-item.h — one entry of the audit trail as a list item
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The patient page's audit table sorts and shows these through their
 * properties: when, what was done, by whom and on which computer, and to
 * what, in words.
 */
#pragma once

#include <glib-object.h>

#include "ebb-store.h"

G_BEGIN_DECLS

#define EBB_TYPE_AUDIT_ITEM (ebb_audit_item_get_type ())
G_DECLARE_FINAL_TYPE (EbbAuditItem, ebb_audit_item, EBB, AUDIT_ITEM, GObject)

EbbAuditItem *ebb_audit_item_new (const EbbAuditEntry *entry);

G_END_DECLS
