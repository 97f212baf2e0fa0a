/* ebb-flags-section.h — the patient page's flags
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ebb-flags.h"
#include "ebb-rule-settings.h"

G_BEGIN_DECLS

#define EBB_TYPE_FLAGS_SECTION (ebb_flags_section_get_type ())
G_DECLARE_FINAL_TYPE (EbbFlagsSection, ebb_flags_section, EBB, FLAGS_SECTION, GtkWidget)

void        ebb_flags_section_set_records        (EbbFlagsSection         *self,
                                                  const EbbPatientRecords *records,
                                                  const EbbRuleSettings   *rules,
                                                  gint32                   today);
GPtrArray  *ebb_flags_section_get_open           (EbbFlagsSection         *self);
const char *ebb_flags_section_get_title          (EbbFlagsSection         *self,
                                                  guint                    index);

/* What the page's banner shares with the rows */
gboolean    ebb_flags_section_flag_is_urgent     (const EbbFlag           *flag);
GVariant   *ebb_flags_section_flag_target        (const EbbFlag           *flag);

G_END_DECLS
