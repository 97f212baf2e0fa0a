/* ebb-application.h — the Ebb application
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-store.h"
#include "ebb-trajectory.h"

G_BEGIN_DECLS

#define EBB_TYPE_APPLICATION (ebb_application_get_type ())
G_DECLARE_FINAL_TYPE (EbbApplication, ebb_application, EBB, APPLICATION, AdwApplication)

EbbApplication *ebb_application_new               (void);
GSettings      *ebb_application_get_settings      (EbbApplication  *self);
void            ebb_application_migrate_rule_settings (EbbApplication *self,
                                                       EbbStore       *store);

G_END_DECLS
