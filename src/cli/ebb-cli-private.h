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
  const char *command;   /* the command's name, which starts its messages */
  const char *db_path;   /* --db, or the default path */
} EbbCliContext;

/* One option of a command: GOptionContext writes its value into the
 * command's own options struct, @offset bytes in.  A string's memory is
 * freed after the command returns (steal it to keep it). */
typedef struct
{
  const char *long_name;
  char        short_name;
  GOptionArg  arg;               /* NONE, STRING, FILENAME, INT or DOUBLE */
  gsize       offset;            /* G_STRUCT_OFFSET (Options, field) */
  const char *description;
  const char *arg_description;
} EbbCliOption;

/* A command runs with its options parsed into its options struct (NULL
 * for a command without options) and @args, the arguments after the
 * options, never NULL ("--" ends the options and is not among them).  It
 * prints errors to stderr as "ebb-cli COMMAND: message" and returns an
 * EBB_CLI_EXIT_* status. */
typedef int (*EbbCliCommandFunc) (EbbCliContext *ctx,
                                  gpointer       options,
                                  char         **args);

/* A command of ebb-cli: everything its help says and what it parses.
 * ebb-cli.c parses every command's options in one place, so that --help,
 * "--", unknown options and a --db put after the command behave the same
 * in all of them. */
typedef struct
{
  const char          *name;
  const char          *arguments;     /* in the usages, e.g. "FILE…"; NULL for none */
  const char          *summary;       /* one line in 'ebb-cli --help' */
  const char          *help;          /* above the options in 'ebb-cli NAME --help';
                                       * NULL to show the summary */
  const char          *description;   /* below them, or NULL */
  char              *(*describe) (void);  /* a description made when asked, or NULL */
  const EbbCliOption  *options;       /* ended by { NULL }; NULL for none */
  gsize                options_size;  /* sizeof the options struct */
  gconstpointer        defaults;      /* its numbers before parsing (no strings);
                                       * NULL for all zero */
  EbbCliCommandFunc    func;
} EbbCliCommand;

/* Shared helpers (ebb-cli.c) */
EbbStore *ebb_cli_open_store      (EbbCliContext     *ctx,
                                   EbbStoreOpenFlags  flags,
                                   int               *exit_status);
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

/* The commands, in the order 'ebb-cli --help' lists them (ebb-cli.c) */
extern const EbbCliCommand ebb_cli_init;         /* ebb-cli-data.c */
extern const EbbCliCommand ebb_cli_server_setup; /* ebb-cli-server.c */
extern const EbbCliCommand ebb_cli_copy;         /* ebb-cli-server.c */
extern const EbbCliCommand ebb_cli_import;
extern const EbbCliCommand ebb_cli_patients;
extern const EbbCliCommand ebb_cli_export_csv;
extern const EbbCliCommand ebb_cli_backup;
extern const EbbCliCommand ebb_cli_check;
extern const EbbCliCommand ebb_cli_flags;        /* ebb-cli-flags.c */
extern const EbbCliCommand ebb_cli_summary;
extern const EbbCliCommand ebb_cli_decide;       /* ebb-cli-records.c */
extern const EbbCliCommand ebb_cli_end_course;
extern const EbbCliCommand ebb_cli_sessions;     /* ebb-cli-sessions.c */
extern const EbbCliCommand ebb_cli_events;
extern const EbbCliCommand ebb_cli_settings;
extern const EbbCliCommand ebb_cli_chart;        /* ebb-cli-chart.c */
extern const EbbCliCommand ebb_cli_report;
extern const EbbCliCommand ebb_cli_session_record;
extern const EbbCliCommand ebb_cli_demo;         /* ebb-cli-demo.c */
extern const EbbCliCommand ebb_cli_audit;        /* ebb-cli-trust.c */
extern const EbbCliCommand ebb_cli_restore;

G_END_DECLS
