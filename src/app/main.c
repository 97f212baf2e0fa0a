/* main.c — the `ebb` program
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb"

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "ebb-application.h"
#include "ebb-startup-probe.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(EbbApplication) app = NULL;
  const char *bench_startup = g_getenv ("EBB_BENCH_STARTUP");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ebb_application_new ();

  /* bench/ebb-bench.c times the start with this set: the first window's
   * first frames are printed and the program quits (ebb-startup-probe.c);
   * EBB_BENCH_CHANGES also times showing patients and saving ratings. */
  if (bench_startup != NULL && *bench_startup != '\0')
    ebb_startup_probe_attach (GTK_APPLICATION (app), bench_startup, g_getenv ("EBB_BENCH_CHANGES"));

  return g_application_run (G_APPLICATION (app), argc, argv);
}
