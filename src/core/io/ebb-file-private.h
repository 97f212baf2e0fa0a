/* ebb-file-private.h — files written whole or not at all, shared by the
 * exports of libebb-core (ebb-export.c, ebb-chart-export.c)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A file being written in the folder of the one it will replace. */
typedef struct
{
  int   fd;
  char *named;  /* a named temporary, or NULL for an unnamed file */
} EbbNewFile;

gboolean _ebb_new_file_open    (EbbNewFile *file,
                                const char *path);
gboolean _ebb_new_file_publish (EbbNewFile *file,
                                const char *path);
void     _ebb_new_file_discard (EbbNewFile *file);

G_END_DECLS
