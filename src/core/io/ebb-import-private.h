/* ebb-import-private.h — what the tests may change in an import
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Digests of rows' keys that nearly all collide, so that the keys
 * themselves decide what is a duplicate (ebb-import.c, KeySet). */
void _ebb_import_set_colliding_digests (gboolean colliding);

/* Files read @bytes at a time (0: as imports read them). */
void _ebb_import_set_piece_bytes (gsize bytes);

G_END_DECLS
