/* ebb-clinic-rules-page.h — the clinic's rule settings, in Preferences
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-store.h"

G_BEGIN_DECLS

#define EBB_TYPE_CLINIC_RULES_PAGE (ebb_clinic_rules_page_get_type ())
G_DECLARE_FINAL_TYPE (EbbClinicRulesPage, ebb_clinic_rules_page, EBB, CLINIC_RULES_PAGE, AdwPreferencesPage)

GtkWidget  *ebb_clinic_rules_page_new        (EbbStore           *store);
/* For tests: set a value as typed into its row, and read a row's text. */
gboolean    ebb_clinic_rules_page_apply      (EbbClinicRulesPage *self,
                                              const char         *key,
                                              const char         *text);
const char *ebb_clinic_rules_page_get_text   (EbbClinicRulesPage *self,
                                              const char         *key);

G_END_DECLS
