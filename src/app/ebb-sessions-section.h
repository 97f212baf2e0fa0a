/* ebb-sessions-section.h — the patient page's sessions
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-record-section.h"

G_BEGIN_DECLS

#define EBB_TYPE_SESSIONS_SECTION (ebb_sessions_section_get_type ())
G_DECLARE_FINAL_TYPE (EbbSessionsSection, ebb_sessions_section, EBB, SESSIONS_SECTION, EbbRecordSection)

G_END_DECLS
