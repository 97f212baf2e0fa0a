/* ebb-audit-section.h — the patient page's audit trail
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-record-section.h"

G_BEGIN_DECLS

#define EBB_TYPE_AUDIT_SECTION (ebb_audit_section_get_type ())
G_DECLARE_FINAL_TYPE (EbbAuditSection, ebb_audit_section, EBB, AUDIT_SECTION, EbbRecordSection)

G_END_DECLS
