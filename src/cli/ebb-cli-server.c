/* ebb-cli-server.c — readying a clinic server and moving a clinic onto it:
 * server-setup, copy
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

/* copy ----------------------------------------------------------------------- */

typedef struct
{
  char *to;
} CopyOptions;

static int
run_copy (EbbCliContext  *ctx,
          gpointer        options,
          char          **args)
{
  CopyOptions *o = options;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autofree char *from_display = NULL;
  g_autofree char *to_display = NULL;

  if (args[0] != NULL)
    return ebb_cli_usage_error (ctx->command, "copy takes no arguments: the clinic copied is --db");
  if (o->to == NULL)
    return ebb_cli_usage_error (ctx->command, "say where with --to (a clinic file or postgresql://…)");

  counts = ebb_server_copy (ctx->db_path, o->to, &error);
  if (counts == NULL)
    return ebb_cli_fail (ctx->command,
                         g_error_matches (error, EBB_SERVER_ERROR, EBB_SERVER_ERROR_UNSUPPORTED)
                           ? EBB_CLI_EXIT_USAGE : EBB_CLI_EXIT_BAD_INPUT,
                         "%s", error->message);

  /* The whole clinic now sits in a file: recorded in the server's trail
   * as a backup is (a reviewer's is not: they may not write to it). */
  if (ebb_location_is_server (ctx->db_path) && !ebb_location_is_server (o->to))
    {
      g_autoptr(EbbStore) store = ebb_store_open (ctx->db_path, EBB_STORE_OPEN_READ_ONLY, &error);

      if (store == NULL || !ebb_store_record_backup (store, o->to, &error))
        return ebb_cli_fail (ctx->command, EBB_CLI_EXIT_BAD_INPUT,
                             "the copy %s was made, but could not be recorded in the audit trail: %s",
                             o->to, error->message);
    }

  from_display = ebb_location_is_server (ctx->db_path) ? ebb_server_display_name (ctx->db_path)
                                                       : g_strdup (ctx->db_path);
  to_display = ebb_location_is_server (o->to) ? ebb_server_display_name (o->to) : g_strdup (o->to);
  printf ("Copied the clinic %s to %s, every table counted on both sides:\n", from_display, to_display);
  for (guint i = 0; i < counts->len; i++)
    {
      const EbbCopiedTable *copied = &g_array_index (counts, EbbCopiedTable, i);

      printf ("  %-13s %" G_GINT64_FORMAT "\n", copied->table, copied->rows);
    }
  return ebb_cli_write_stdout (ctx->command, NULL, 0);
}

static const EbbCliOption copy_options[] = {
  { "to", 't', G_OPTION_ARG_FILENAME, G_STRUCT_OFFSET (CopyOptions, to),
    "Where: a new clinic file, or an empty database on a server", "LOCATION" },
  { NULL }
};

const EbbCliCommand ebb_cli_copy = {
  .name = "copy",
  .summary = "Copy a clinic between a file and a server",
  .help = "Copies the clinic --db names, every record and audit entry with its id\n"
          "and user, to --to: a clinic file onto a PostgreSQL server\n"
          "(postgresql://HOST/DATABASE; the schema is made when the database is\n"
          "empty), or a server's clinic into a new clinic file. The target must\n"
          "hold nothing yet. One transaction on the side written: each table's rows\n"
          "are counted on both sides before it is committed, and a new file is\n"
          "checked as 'ebb-cli check' does; on any failure nothing is left written.",
  .description = "Copying onto a server needs the database's owner: only the owner may\n"
                 "keep each audit entry's user as it was. Give people their rights\n"
                 "afterwards with 'ebb-cli server-setup'.",
  .options = copy_options,
  .options_size = sizeof (CopyOptions),
  .func = run_copy,
};
