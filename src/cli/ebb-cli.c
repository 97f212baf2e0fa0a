/* ebb-cli.c — the batch tool: global options, command table, shared helpers
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-cli"

#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ebb-cli-private.h"
#include "ebb-csv.h"

/* The commands, in the order the usage lists them.  Each is one row,
 * next to its code: name, arguments, help, options and function. */
static const EbbCliCommand * const commands[] = {
  &ebb_cli_init,
  &ebb_cli_server_setup,
  &ebb_cli_import,
  &ebb_cli_patients,
  &ebb_cli_sessions,
  &ebb_cli_events,
  &ebb_cli_export_csv,
  &ebb_cli_backup,
  &ebb_cli_copy,
  &ebb_cli_check,
  &ebb_cli_flags,
  &ebb_cli_summary,
  &ebb_cli_decide,
  &ebb_cli_end_course,
  &ebb_cli_settings,
  &ebb_cli_chart,
  &ebb_cli_report,
  &ebb_cli_session_record,
  &ebb_cli_demo,
  &ebb_cli_audit,
  &ebb_cli_restore,
};

/* Terminal output ----------------------------------------------------------
 *
 * What ebb-cli prints carries text from the clinic file (codes, names,
 * notes, flags' details) and from its arguments, into a terminal that
 * obeys escape sequences: a patient coded "\e]0;…\a" or "\e[2J" could
 * retitle the window, clear the screen or hide the lines above it.  So
 * both stdout and stderr pass through one filter, whatever prints to
 * them (printf, g_printerr, GLib's own warnings): every control character
 * but the line end and the tab, the C1 controls, the bidirectional
 * overrides and isolates that reorder what is shown, and bytes that are
 * not UTF-8 come out as U+FFFD.  Nothing Ebb writes on purpose needs any
 * of them: JSON escapes its controls, and a table cell has its own line
 * ends and tabs turned into spaces (ebb_cli_table_cell()). */

typedef struct
{
  int       fd;
  gboolean  utf8;         /* the locale's charset is UTF-8 */
  char      pending[4];   /* the start of a character split between writes */
  gsize     n_pending;
} CleanStream;

#define REPLACEMENT_UTF8 "\xEF\xBF\xBD"

static gboolean
is_unsafe_unichar (gunichar c)
{
  return (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7F && c <= 0x9F) ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Cleans @data into @out; a character cut off at the end is kept in
 * @stream for the next write. */
static void
clean_append (CleanStream *stream,
              GString     *out,
              const char  *data,
              gsize        length,
              gboolean     at_end)
{
  const char *p = data;
  const char *end = data + length;

  while (p < end)
    {
      guchar b = (guchar) *p;
      gunichar c;

      if (b < 0x80 || !stream->utf8)
        {
          /* In another charset (a Latin-1 terminal) the bytes 0x80–0x9F
           * are the C1 controls themselves. */
          if (is_unsafe_unichar (b))
            g_string_append (out, stream->utf8 ? REPLACEMENT_UTF8 : "?");
          else
            g_string_append_c (out, (char) b);
          p++;
          continue;
        }

      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -2 && !at_end && end - p < 4)
        {
          memcpy (stream->pending, p, end - p);
          stream->n_pending = end - p;
          return;
        }
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append (out, REPLACEMENT_UTF8);
          p++;
          continue;
        }
      if (is_unsafe_unichar (c))
        g_string_append (out, REPLACEMENT_UTF8);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
}

static ssize_t
clean_stream_write (void       *cookie,
                    const char *data,
                    size_t      length)
{
  CleanStream *stream = cookie;
  g_autoptr(GString) out = g_string_sized_new (length + 16);

  if (stream->n_pending > 0)
    {
      /* Finish the character that the last write began. */
      g_autofree char *joined = g_malloc (stream->n_pending + length);
      gsize n_pending = stream->n_pending;

      memcpy (joined, stream->pending, n_pending);
      memcpy (joined + n_pending, data, length);
      stream->n_pending = 0;
      clean_append (stream, out, joined, n_pending + length, FALSE);
    }
  else
    clean_append (stream, out, data, length, FALSE);

  if (!write_all (stream->fd, out->str, out->len))
    return -1;
  return length;
}

static int
clean_stream_close (void *cookie)
{
  CleanStream *stream = cookie;
  g_autoptr(GString) out = g_string_new (NULL);

  /* A character never finished. */
  clean_append (stream, out, stream->pending, stream->n_pending, TRUE);
  stream->n_pending = 0;
  return write_all (stream->fd, out->str, out->len) ? 0 : EOF;
}

/* Puts the filter in front of @fd; NULL where the C library cannot.  The
 * state is static: the streams live as long as the program. */
static FILE *
clean_stream_new (CleanStream *stream,
                  int          fd,
                  int          buffering)
{
  cookie_io_functions_t functions = { NULL, clean_stream_write, NULL, clean_stream_close };
  FILE *file;

  stream->fd = fd;
  stream->utf8 = g_get_charset (NULL);
  stream->n_pending = 0;
  file = fopencookie (stream, "w", functions);
  if (file != NULL)
    setvbuf (file, NULL, buffering, BUFSIZ);
  return file;
}

static void
clean_terminal_output (void)
{
  static CleanStream out_stream, err_stream;
  FILE *out, *err;

  fflush (stdout);
  fflush (stderr);
  out = clean_stream_new (&out_stream, STDOUT_FILENO, isatty (STDOUT_FILENO) ? _IOLBF : _IOFBF);
  err = clean_stream_new (&err_stream, STDERR_FILENO, _IONBF);
  if (out != NULL)
    stdout = out;
  if (err != NULL)
    stderr = err;
}

static void
print_usage (FILE       *out,
             const char *default_db)
{
  fprintf (out,
           "Usage: ebb-cli [--db FILE] COMMAND [OPTION…] [ARGUMENT…]\n"
           "\n"
           "Ebb tracks ketamine and esketamine treatment: this is its batch tool.\n"
           "\n"
           "Options:\n"
           "  --db FILE     the clinic database\n"
           "                (default: %s)\n"
           "  -h, --help    show this help and exit\n"
           "  --version     show the version and exit\n"
           "\n"
           "Commands:\n",
           default_db);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const EbbCliCommand *command = commands[i];
      const char *arguments = command->arguments != NULL ? command->arguments : "";
      g_autofree char *synopsis = g_strconcat (command->name, " ", arguments, NULL);
      /* printf pads by bytes, and "…" is three of them. */
      int padding = 22 - (int) g_utf8_strlen (synopsis, -1);

      fprintf (out, "  %s%*s  %s\n", synopsis, MAX (padding, 0), "", command->summary);
    }

  fprintf (out,
           "\n"
           "Run 'ebb-cli COMMAND --help' for a command's arguments and options.\n");
}

static const EbbCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i]->name, name))
        return commands[i];
    }
  return NULL;
}

/**
 * ebb_cli_fail:
 * @command: (nullable): the command that failed, or %NULL for the program
 *
 * Prints "ebb-cli COMMAND: message" to stderr.
 *
 * Returns: @exit_status, so that a command can `return ebb_cli_fail (…)`.
 */
int
ebb_cli_fail (const char *command,
              int         exit_status,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    g_printerr ("ebb-cli %s: %s\n", command, message);
  else
    g_printerr ("ebb-cli: %s\n", message);

  return exit_status;
}

/* Quotes @path for a shell only when it needs it, so that the usual
 * hint reads "ebb-cli --db clinic.db init". */
static char *
shell_word (const char *path)
{
  for (const char *p = path; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("/._-+,:@%", *p) == NULL)
        return g_shell_quote (path);
    }
  return g_strdup (path);
}

EbbStore *
ebb_cli_open_store (EbbCliContext     *ctx,
                    EbbStoreOpenFlags  flags,
                    int               *exit_status)
{
  g_autoptr(GError) error = NULL;
  EbbStore *store;

  g_assert (ctx != NULL && ctx->db_path != NULL);
  g_assert (exit_status != NULL);

  store = ebb_store_open (ctx->db_path, flags, &error);
  if (store != NULL)
    return store;

  /* The store's errors name the file. */
  *exit_status = ebb_cli_fail (ctx->command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  /* (A link to nothing is not found either, but init would not help.) */
  if (g_error_matches (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_FOUND) &&
      !g_file_test (ctx->db_path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autofree char *word = shell_word (ctx->db_path);

      g_printerr ("To create it: ebb-cli --db %s init\n", word);
    }
  return NULL;
}

/* Parsing a command's options ------------------------------------------------
 *
 * Every command's options go through here: one GOptionContext made from
 * the command's row, so that --help, unknown options and "--" work the
 * same everywhere. */

/* The command's GOptionEntries, pointing into @options, then the entry
 * that collects the arguments after the options into @args.  GOption
 * takes a "--" there as the end of the options and leaves it out, so that
 * a patient coded "-o" can be named: `ebb-cli summary -- -o`. */
static GOptionEntry *
make_entries (const EbbCliCommand   *command,
              gpointer               options,
              char                ***args)
{
  GArray *entries = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  const GOptionEntry remaining = {
    G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, args, NULL, NULL
  };

  for (const EbbCliOption *option = command->options;
       option != NULL && option->long_name != NULL;
       option++)
    {
      const GOptionEntry entry = {
        option->long_name, option->short_name, 0, option->arg,
        G_STRUCT_MEMBER_P (options, option->offset),
        option->description, option->arg_description,
      };

      g_array_append_val (entries, entry);
    }
  g_array_append_val (entries, remaining);
  return (GOptionEntry *) g_array_free (entries, FALSE);
}

/* Frees what parsing put into @options: the strings. */
static void
clear_options (const EbbCliCommand *command,
               gpointer             options)
{
  for (const EbbCliOption *option = command->options;
       option != NULL && option->long_name != NULL;
       option++)
    {
      if (option->arg == G_OPTION_ARG_STRING || option->arg == G_OPTION_ARG_FILENAME)
        g_clear_pointer ((char **) G_STRUCT_MEMBER_P (options, option->offset), g_free);
    }
  g_free (options);
}

static gboolean
has_misplaced_db (int    argc,
                  char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (g_str_equal (argv[i], "--db") || g_str_has_prefix (argv[i], "--db="))
        return TRUE;
    }
  return FALSE;
}

/* Parses @argv (argv[0] is the command's name) as @command's and runs it. */
static int
run_command (const EbbCliCommand *command,
             EbbCliContext       *ctx,
             int                  argc,
             char               **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree GOptionEntry *entries = NULL;
  g_autofree char *prgname = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) args = NULL;
  gpointer options;
  gboolean misplaced_db;
  int status;

  options = g_malloc0 (MAX (command->options_size, 1));
  if (command->defaults != NULL)
    memcpy (options, command->defaults, command->options_size);
  entries = make_entries (command, options, &args);

  context = g_option_context_new (command->arguments);
  g_option_context_set_summary (context, command->help != NULL ? command->help : command->summary);
  if (command->describe != NULL)
    description = command->describe ();
  g_option_context_set_description (context, description != NULL ? description : command->description);
  g_option_context_add_main_entries (context, entries, NULL);

  /* GOptionContext names the program in "Usage: …" from the prgname:
   * make it read "ebb-cli import [OPTION…] FILE…". */
  prgname = g_strdup_printf ("ebb-cli %s", command->name);
  g_set_prgname (prgname);

  /* Look before parsing: a failed parse may leave argv half rearranged. */
  misplaced_db = has_misplaced_db (argc, argv);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("ebb-cli %s: %s\n", command->name, error->message);
      if (misplaced_db)
        g_printerr ("--db goes before the command: ebb-cli --db FILE %s …\n", command->name);
      g_printerr ("Try 'ebb-cli %s --help'.\n", command->name);
      clear_options (command, options);
      return EBB_CLI_EXIT_USAGE;
    }
  if (args == NULL)
    args = g_new0 (char *, 1);

  ctx->command = command->name;
  status = command->func (ctx, command->options != NULL ? options : NULL, args);
  clear_options (command, options);
  return status;
}

/* The options before the command.  Returns the index of the command in
 * @argv (@argc when there is none), or -1 when the program should exit
 * with @status: after --help or --version, or on a usage error. */
static int
parse_global_options (int           argc,
                      char        **argv,
                      const char  **db_path,
                      int          *status)
{
  int i;

  /* Everything after the command belongs to it, so GOptionContext
   * cannot be used for this part. */
  for (i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (arg[0] != '-')
        break;

      if (g_str_equal (arg, "--"))
        return i + 1;

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          g_autofree char *default_db = ebb_store_default_path ();

          print_usage (stdout, default_db);
          *status = EBB_CLI_EXIT_OK;
          return -1;
        }
      if (g_str_equal (arg, "--version"))
        {
          printf ("ebb-cli %s\n", PACKAGE_VERSION);
          *status = EBB_CLI_EXIT_OK;
          return -1;
        }

      if (g_str_equal (arg, "--db"))
        *db_path = i + 1 < argc ? argv[++i] : "";
      else if (g_str_has_prefix (arg, "--db="))
        *db_path = arg + strlen ("--db=");
      else
        {
          g_autofree char *bad = ebb_csv_excerpt (arg);

          ebb_cli_fail (NULL, EBB_CLI_EXIT_USAGE, "unknown option '%s'", bad);
          g_printerr ("Try 'ebb-cli --help'.\n");
          *status = EBB_CLI_EXIT_USAGE;
          return -1;
        }

      if (**db_path == '\0')
        {
          ebb_cli_fail (NULL, EBB_CLI_EXIT_USAGE, "option '--db' needs a FILE");
          g_printerr ("Try 'ebb-cli --help'.\n");
          *status = EBB_CLI_EXIT_USAGE;
          return -1;
        }
    }
  return i;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *default_db = NULL;
  const char *db_path = NULL;
  const EbbCliCommand *command;
  EbbCliContext ctx = { NULL };
  int status;
  int i;

  /* The command line's own words are English; what the core writes
   * (flag explanations, errors) is in the user's language, from the
   * same catalogue as the window's. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("ebb-cli");
  clean_terminal_output ();

  i = parse_global_options (argc, argv, &db_path, &status);
  if (i < 0)
    return status;

  if (i >= argc)
    {
      default_db = ebb_store_default_path ();
      g_printerr ("ebb-cli: no command given\n\n");
      print_usage (stderr, default_db);
      return EBB_CLI_EXIT_USAGE;
    }

  command = find_command (argv[i]);
  if (command == NULL)
    {
      g_autofree char *bad = ebb_csv_excerpt (argv[i]);

      ebb_cli_fail (NULL, EBB_CLI_EXIT_USAGE, "unknown command '%s'", bad);
      g_printerr ("Try 'ebb-cli --help' for the list of commands.\n");
      return EBB_CLI_EXIT_USAGE;
    }

  if (db_path == NULL)
    {
      default_db = ebb_store_default_path ();
      db_path = default_db;
    }
  ctx.db_path = db_path;

  status = run_command (command, &ctx, argc - i, argv + i);

  /* What a command printed but did not flush itself: a full disk must
   * not end in exit status 0. */
  errno = 0;
  if ((fflush (stdout) != 0 || ferror (stdout)) && status == EBB_CLI_EXIT_OK)
    status = ebb_cli_fail (command->name, EBB_CLI_EXIT_BAD_INPUT, "cannot write the output: %s",
                           errno == ENOSPC ? "the disk is full" : g_strerror (errno != 0 ? errno : EIO));
  return status;
}

/* A usage problem, with the hint where to read more; exit status 2. */
int
ebb_cli_usage_error (const char *command,
                     const char *message)
{
  ebb_cli_fail (command, EBB_CLI_EXIT_USAGE, "%s", message);
  g_printerr ("Try 'ebb-cli %s --help'.\n", command);
  return EBB_CLI_EXIT_USAGE;
}

/* A copy of @text fit for one cell of a text table.  The values were typed
 * by people and may come from a damaged file: a line break, a tab or
 * another control character would break the table's rows apart, and
 * invalid UTF-8 would garble the terminal. */
char *
ebb_cli_table_cell (const char *text)
{
  char *cell;

  if (text == NULL)
    return g_strdup ("");
  cell = g_utf8_make_valid (text, -1);
  for (char *p = cell; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        *p = ' ';
    }
  return cell;
}

/* Pads by characters, not bytes, so that names with accents line up. */
static void
append_padded (GString    *out,
               const char *text,
               guint       width,
               gboolean    right_align)
{
  glong length = g_utf8_strlen (text, -1);
  guint padding = length < (glong) width ? width - (guint) length : 0;

  if (!right_align)
    g_string_append (out, text);
  for (guint i = 0; i < padding; i++)
    g_string_append_c (out, ' ');
  if (right_align)
    g_string_append (out, text);
}

/**
 * ebb_cli_append_table:
 * @headers: (array length=n_columns): the column headings
 * @right_align: (array length=n_columns) (nullable): which columns are
 *   aligned right (numbers); all left when %NULL
 * @cells: the rows' cells, row after row, @n_columns to a row
 *
 * Appends a text table, each column as wide as its widest cell, two
 * spaces between columns, and no trailing blanks after the last one.
 */
void
ebb_cli_append_table (GString            *out,
                      guint               n_columns,
                      const char * const *headers,
                      const gboolean     *right_align,
                      GPtrArray          *cells)
{
  g_autofree guint *widths = g_new0 (guint, n_columns);
  const guint n_rows = cells->len / n_columns;

  g_return_if_fail (cells->len % n_columns == 0);

  for (guint i = 0; i < n_columns + cells->len; i++)
    {
      const char *text = i < n_columns ? headers[i] : g_ptr_array_index (cells, i - n_columns);

      widths[i % n_columns] = MAX (widths[i % n_columns], (guint) g_utf8_strlen (text, -1));
    }

  for (guint r = 0; r <= n_rows; r++)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          const char *text = r == 0 ? headers[c] : g_ptr_array_index (cells, (r - 1) * n_columns + c);

          if (c > 0)
            g_string_append (out, "  ");
          if (c == n_columns - 1)
            g_string_append (out, text);
          else
            append_padded (out, text, widths[c], right_align != NULL && right_align[c]);
        }
      g_string_append_c (out, '\n');
    }
}

/* Writes @text to stdout (CSV and the audit trail stay UTF-8 whatever the
 * locale; control characters are cleaned on the way, see
 * clean_terminal_output()) and reports a failed write, e.g. to a full disk. */
int
ebb_cli_write_stdout (const char *command,
                      const char *text,
                      gsize       length)
{
  errno = 0;
  if ((length > 0 && fwrite (text, 1, length, stdout) != length) ||
      fflush (stdout) != 0)
    {
      int saved_errno = errno != 0 ? errno : EIO;

      return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "cannot write the output: %s",
                           saved_errno == ENOSPC ? "the disk is full" : g_strerror (saved_errno));
    }
  return EBB_CLI_EXIT_OK;
}

/* --format for the commands that print a table: text (the default) or
 * csv, in any case.  Anything else is a usage error. */
int
ebb_cli_parse_table_format (const char *command,
                            const char *text,
                            gboolean   *csv)
{
  if (text == NULL || g_ascii_strcasecmp (text, "text") == 0)
    *csv = FALSE;
  else if (g_ascii_strcasecmp (text, "csv") == 0)
    *csv = TRUE;
  else
    {
      g_autofree char *bad = ebb_csv_excerpt (text);
      g_autofree char *message = g_strdup_printf ("unknown format '%s' (use text or csv)", bad);

      return ebb_cli_usage_error (command, message);
    }
  return EBB_CLI_EXIT_OK;
}

/**
 * ebb_cli_refuse_existing:
 * @path: a file the command is about to write
 * @force: whether --force was given
 *
 * A command asked to write a file where one exists (a chart over the
 * user's notes.png, an export over their own patients.csv) asks first:
 * on the command line that means refusing without --force.  A link is a
 * file there too, even one that points nowhere.
 *
 * Returns: %TRUE when @path may be written; otherwise prints why and
 *   sets @status
 */
gboolean
ebb_cli_refuse_existing (const char *command,
                         const char *path,
                         gboolean    force,
                         int        *status)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return TRUE;
  if (S_ISDIR (st.st_mode))
    {
      *status = ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT,
                              "%s is a folder: give the name of a file to write", path);
      return FALSE;
    }
  if (force)
    return TRUE;
  *status = ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT,
                          "%s exists already: give --force to replace it, or choose another name",
                          path);
  return FALSE;
}
