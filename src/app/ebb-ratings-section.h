/* ebb-ratings-section.h — the patient page's ratings
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-record-section.h"

G_BEGIN_DECLS

#define EBB_TYPE_RATINGS_SECTION (ebb_ratings_section_get_type ())
G_DECLARE_FINAL_TYPE (EbbRatingsSection, ebb_ratings_section, EBB, RATINGS_SECTION, EbbRecordSection)

G_END_DECLS
