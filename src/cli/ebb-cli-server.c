/* ebb-cli-server.c — the command that readies a clinic server: server-setup
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-cli"

#include "config.h"

#include <stdio.h>

#include "ebb-cli-private.h"
#include "ebb-server.h"

typedef struct
{
  char *clinicians;
  char *reviewers;
} ServerSetupOptions;

/* "a,b, c" as names; NULL for none. */
static char **
split_names (const char *text)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return NULL;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (names, parts[i]);
    }
  return g_strv_builder_end (names);
}

static int
run_server_setup (EbbCliContext  *ctx,
                  gpointer        options,
                  char          **args)
{
  ServerSetupOptions *o = options;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) clinicians = split_names (o->clinicians);
  g_auto(GStrv) reviewers = split_names (o->reviewers);
  g_autofree char *display = NULL;
  g_autofree char *database = NULL;

  if (args[0] != NULL)
    return ebb_cli_usage_error (ctx->command, "server-setup takes no arguments");
  if (!ebb_location_is_server (ctx->db_path))
    return ebb_cli_fail (ctx->command, EBB_CLI_EXIT_USAGE,
                         "%s is a clinic file: server-setup is for a clinic on a PostgreSQL server "
                         "(--db postgresql://HOST/DATABASE)", ctx->db_path);

  if (!ebb_server_setup (ctx->db_path, (const char * const *) clinicians,
                         (const char * const *) reviewers, &error))
    return ebb_cli_fail (ctx->command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  display = ebb_server_display_name (ctx->db_path);
  printf ("The clinic on %s is ready for its people.\n", display);
  for (guint i = 0; clinicians != NULL && clinicians[i] != NULL; i++)
    printf ("  %s: clinician (reads and writes records)\n", clinicians[i]);
  for (guint i = 0; reviewers != NULL && reviewers[i] != NULL; i++)
    printf ("  %s: reviewer (reads only)\n", reviewers[i]);
  return ebb_cli_write_stdout (ctx->command, NULL, 0);
}

static const EbbCliOption server_setup_options[] = {
  { "clinicians", 'c', G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ServerSetupOptions, clinicians),
    "Database users who read and write records, separated by commas", "USER,…" },
  { "reviewers", 'r', G_OPTION_ARG_STRING, G_STRUCT_OFFSET (ServerSetupOptions, reviewers),
    "Database users who only read", "USER,…" },
  { NULL }
};

const EbbCliCommand ebb_cli_server_setup = {
  .name = "server-setup",
  .summary = "Give people their rights on a clinic server",
  .help = "For a clinic on a PostgreSQL server (--db postgresql://HOST/DATABASE, made\n"
          "with 'ebb-cli init'): makes the clinic's two roles, DATABASE_clinician\n"
          "(reads and writes records, adds to the audit trail) and DATABASE_reviewer\n"
          "(reads only), takes the right to connect to the database from everyone\n"
          "else, and makes each user named a login role, where it is none, in one of\n"
          "the two. Run it as the database's owner, who may create roles; run it\n"
          "again to add people. Passwords or certificates are set on the server\n"
          "(psql's \\password, or pg_hba.conf); nothing here asks for them.",
  .description = "Every change on the server is recorded in the audit trail under the\n"
                 "database user who made it, so give each person a user of their own.",
  .options = server_setup_options,
  .options_size = sizeof (ServerSetupOptions),
  .func = run_server_setup,
};
