/* fuzz-replay.c — runs the CSV fuzz target over saved inputs
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain main() for fuzz-csv.c, built with any compiler: it feeds every
 * file in the folders (or the files) given to LLVMFuzzerTestOneInput(),
 * in name order, so that the seed corpus and every input that ever made
 * the fuzzer fail (regressions/) run as a regular test.  A failing input
 * aborts, and the name printed last is the culprit.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static guint
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);
  printf ("replaying %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  fflush (stdout);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
  return 1;
}

static guint
replay (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;
  guint n = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return g_file_test (path, G_FILE_TEST_IS_REGULAR) ? replay_file (path) : 0;

  dir = g_dir_open (path, 0, NULL);
  names = g_ptr_array_new_with_free_func (g_free);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      /* Notes about the inputs, not inputs. */
      if (!g_str_has_suffix (name, ".md"))
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    n += replay (g_ptr_array_index (names, i));
  return n;
}

int
main (int    argc,
      char **argv)
{
  guint n = 0;

  for (int i = 1; i < argc; i++)
    n += replay (argv[i]);
  printf ("replayed %u inputs without a failure\n", n);
  return n > 0 ? 0 : 1;
}
