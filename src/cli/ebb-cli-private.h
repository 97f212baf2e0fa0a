/* ebb-cli-private.h — shared by the files of the ebb-cli program
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ebb-store.h"

G_BEGIN_DECLS

/* Exit statuses, the contract scripts rely on. */
enum
{
  EBB_CLI_EXIT_OK = 0,
  EBB_CLI_EXIT_BAD_INPUT = 1,   /* bad data, a failed check, a file that cannot be opened */
  EBB_CLI_EXIT_USAGE = 2,       /* unknown command or option, missing argument */
};

typedef struct
{
  const char *db_path;   /* --db, or the default path */
} EbbCliContext;

/* A command gets its own argv: argv[0] is the command name.  It parses its
 * options with GOptionContext (so --help works), prints errors to stderr
 * as "ebb-cli COMMAND: message" and returns an EBB_CLI_EXIT_* status. */
typedef int (*EbbCliCommandFunc) (EbbCliContext *ctx,
                                  int            argc,
                                  char         **argv);

/* The arguments after the options, for commands that take files. */
#define EBB_CLI_REMAINING_ENTRY(var) \
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &(var), NULL, NULL }

/* Shared helpers (ebb-cli.c) */
EbbStore *ebb_cli_open_store      (EbbCliContext     *ctx,
                                   const char        *command,
                                   EbbStoreOpenFlags  flags,
                                   int               *exit_status);
int       ebb_cli_parse_options   (GOptionContext    *context,
                                   const char        *command,
                                   int               *argc,
                                   char            ***argv);
int       ebb_cli_usage_error     (const char        *command,
                                   const char        *message);
int       ebb_cli_parse_table_format (const char     *command,
                                   const char        *text,
                                   gboolean          *csv);
int       ebb_cli_write_stdout    (const char        *command,
                                   const char        *text,
                                   gsize              length);
int       ebb_cli_fail            (const char        *command,
                                   int                exit_status,
                                   const char        *format,
                                   ...) G_GNUC_PRINTF (3, 4);
char     *ebb_cli_table_cell      (const char        *text);
gboolean  ebb_cli_refuse_existing (const char        *command,
                                   const char        *path,
                                   gboolean           force,
                                   int               *status);
void      ebb_cli_append_table    (GString           *out,
                                   guint              n_columns,
                                   const char * const *headers,
                                   const gboolean    *right_align,
                                   GPtrArray         *cells);

/* Commands (ebb-cli-data.c) */
int ebb_cli_init        (EbbCliContext *ctx, int argc, char **argv);
int ebb_cli_import      (EbbCliContext *ctx, int argc, char **argv);
int ebb_cli_patients    (EbbCliContext *ctx, int argc, char **argv);
int ebb_cli_export_csv  (EbbCliContext *ctx, int argc, char **argv);
int ebb_cli_backup      (EbbCliContext *ctx, int argc, char **argv);
int ebb_cli_check       (EbbCliContext *ctx, int argc, char **argv);

/* Commands (ebb-cli-flags.c) */
int ebb_cli_flags       (EbbCliContext *ctx, int argc, char **argv);
int ebb_cli_summary     (EbbCliContext *ctx, int argc, char **argv);

/* Commands (ebb-cli-chart.c) */
int ebb_cli_chart       (EbbCliContext *ctx, int argc, char **argv);
int ebb_cli_report      (EbbCliContext *ctx, int argc, char **argv);

/* Commands (ebb-cli-demo.c) */
int ebb_cli_demo        (EbbCliContext *ctx, int argc, char **argv);

/* Commands (ebb-cli-records.c) */
int ebb_cli_settings    (EbbCliContext *ctx, int argc, char **argv);
int ebb_cli_decide      (EbbCliContext *ctx, int argc, char **argv);
int ebb_cli_end_course  (EbbCliContext *ctx, int argc, char **argv);

/* Commands (ebb-cli-trust.c) */
int ebb_cli_audit       (EbbCliContext *ctx, int argc, char **argv);
int ebb_cli_restore     (EbbCliContext *ctx, int argc, char **argv);

G_END_DECLS
