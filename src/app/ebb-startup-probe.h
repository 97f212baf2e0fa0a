/* ebb-startup-probe.h — how long the window takes to show (EBB_BENCH_STARTUP)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ebb-window.h"

G_BEGIN_DECLS

gboolean ebb_startup_probe_init  (void);
void     ebb_startup_probe_watch (EbbWindow *window);

G_END_DECLS
