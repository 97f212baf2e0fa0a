/* ebb-test-utils.h — helpers every test program shares
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ebb_test_remove_tree (const char *path);

G_END_DECLS
