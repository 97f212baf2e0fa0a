/* ebb-json.h — writing JSON strings
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void ebb_json_append_string (GString    *json,
                             const char *text);

G_END_DECLS
