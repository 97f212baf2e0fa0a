/* ebb-startup-probe.h — the start-up timing that bench/ebb-bench.c reads
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void ebb_startup_probe_attach (GtkApplication *app,
                               const char     *start,
                               const char     *changes);

G_END_DECLS
