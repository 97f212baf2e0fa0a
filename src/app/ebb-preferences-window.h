/* ebb-preferences-window.h — the application's preferences
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ebb-store.h"

G_BEGIN_DECLS

#define EBB_TYPE_PREFERENCES_WINDOW (ebb_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (EbbPreferencesWindow, ebb_preferences_window, EBB, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *ebb_preferences_window_new (GtkWindow *parent,
                                       GSettings *settings,
                                       EbbStore  *store);

G_END_DECLS
