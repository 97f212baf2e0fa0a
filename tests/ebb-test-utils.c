/* ebb-test-utils.c — helpers every test program shares
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "ebb-test-utils.h"

/**
 * ebb_test_remove_tree:
 * @path: a file or folder a test made
 *
 * Removes @path and everything below it, without following symbolic
 * links; a path that is not there is no error, since a test may have
 * removed it itself.
 */
void
ebb_test_remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = NULL;
      const char *name;

      /* Tests take permissions away; give them back to clean up. */
      g_chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          ebb_test_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    {
      g_unlink (path);
    }
}
