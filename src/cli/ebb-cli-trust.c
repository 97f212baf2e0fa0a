/* ebb-cli-trust.c — the commands that let a clinic trust its records:
 * audit and restore
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-cli"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ebb-backup.h"
#include "ebb-cli-private.h"
#include "ebb-csv.h"

/* The audit trail's JSON --------------------------------------------------- */

/* The store writes each row as one flat JSON object of strings, numbers
 * and nulls.  This reads exactly that and nothing more; anything else
 * (a file changed outside Ebb) is shown as it is written. */
typedef struct
{
  char *key;
  char *value;  /* as shown: a string's text, a number's digits; NULL for null */
} Member;

static void
member_clear (gpointer data)
{
  Member *member = data;

  g_free (member->key);
  g_free (member->value);
}

static void
skip_space (const char **p)
{
  while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
    (*p)++;
}

static gboolean
read_hex4 (const char **p,
           gunichar    *value)
{
  *value = 0;
  for (guint i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value ((*p)[i]);

      if (digit < 0)
        return FALSE;
      *value = *value * 16 + (gunichar) digit;
    }
  *p += 4;
  return TRUE;
}

static char *
read_json_string (const char **p)
{
  g_autoptr(GString) out = g_string_new (NULL);

  if (**p != '"')
    return NULL;
  for ((*p)++; **p != '"'; (*p)++)
    {
      gunichar c;

      if (**p == '\0')
        return NULL;
      if (**p != '\\')
        {
          g_string_append_c (out, **p);
          continue;
        }
      (*p)++;
      switch (**p)
        {
        case '"':  g_string_append_c (out, '"'); break;
        case '\\': g_string_append_c (out, '\\'); break;
        case '/':  g_string_append_c (out, '/'); break;
        case 'b':  g_string_append_c (out, '\b'); break;
        case 'f':  g_string_append_c (out, '\f'); break;
        case 'n':  g_string_append_c (out, '\n'); break;
        case 'r':  g_string_append_c (out, '\r'); break;
        case 't':  g_string_append_c (out, '\t'); break;
        case 'u':
          (*p)++;
          /* Surrogates never come from the store, which writes UTF-8 as
           * it is: refuse them rather than decode half a character. */
          if (!read_hex4 (p, &c) || c == 0 || (c >= 0xd800 && c <= 0xdfff))
            return NULL;
          g_string_append_unichar (out, c);
          (*p)--;
          break;
        default:
          return NULL;
        }
    }
  (*p)++;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
read_json_scalar (const char **p)
{
  const char *start = *p;

  if (g_str_has_prefix (*p, "null"))
    {
      *p += 4;
      return NULL;
    }
  while (g_ascii_isalnum (**p) || **p == '-' || **p == '+' || **p == '.')
    (*p)++;
  return *p > start ? g_strndup (start, (gsize) (*p - start)) : NULL;
}

/* Returns: (transfer container) (nullable): the members, in order, or
 * %NULL when @json is not a flat object. */
static GArray *
parse_flat_object (const char *json)
{
  g_autoptr(GArray) members = g_array_new (FALSE, TRUE, sizeof (Member));
  const char *p = json;

  g_array_set_clear_func (members, member_clear);
  if (json == NULL)
    return NULL;

  skip_space (&p);
  if (*p++ != '{')
    return NULL;
  skip_space (&p);
  if (*p == '}')
    return g_steal_pointer (&members);

  for (;;)
    {
      Member member = { NULL, NULL };

      skip_space (&p);
      member.key = read_json_string (&p);
      if (member.key == NULL)
        return NULL;
      g_array_append_val (members, member);

      skip_space (&p);
      if (*p++ != ':')
        return NULL;
      skip_space (&p);
      if (*p == '"')
        {
          char *value = read_json_string (&p);

          if (value == NULL)
            return NULL;
          g_array_index (members, Member, members->len - 1).value = value;
        }
      else
        {
          const char *before = p;

          g_array_index (members, Member, members->len - 1).value = read_json_scalar (&p);
          if (p == before)
            return NULL;
        }

      skip_space (&p);
      if (*p == ',')
        {
          p++;
          continue;
        }
      if (*p++ != '}')
        return NULL;
      skip_space (&p);
      return *p == '\0' ? g_steal_pointer (&members) : NULL;
    }
}

static const Member *
find_member (GArray     *members,
             const char *key)
{
  for (guint i = 0; i < members->len; i++)
    {
      const Member *member = &g_array_index (members, Member, i);

      if (g_str_equal (member->key, key))
        return member;
    }
  return NULL;
}

/* Ids are already in the Table and Row columns. */
static gboolean
is_id_key (const char *key)
{
  return g_str_equal (key, "id") || g_str_equal (key, "patient_id");
}

static void
append_value (GString    *out,
              const char *value)
{
  g_autofree char *cell = NULL;

  if (value == NULL)
    {
      g_string_append (out, "(none)");
      return;
    }
  cell = ebb_cli_table_cell (value);
  if (*cell == '\0' || strchr (cell, ' ') != NULL || strchr (cell, ',') != NULL)
    g_string_append_printf (out, "“%s”", cell);
  else
    g_string_append (out, cell);
}

/* "name=“Jane Doe”, birth_year=1979": the values that were recorded. */
static void
describe_row (GString *out,
              GArray  *members)
{
  gboolean first = TRUE;

  for (guint i = 0; i < members->len; i++)
    {
      const Member *member = &g_array_index (members, Member, i);

      if (member->value == NULL || is_id_key (member->key))
        continue;
      if (!first)
        g_string_append (out, ", ");
      first = FALSE;
      g_string_append_printf (out, "%s=", member->key);
      append_value (out, member->value);
    }
}

/* "name: Jane → Janet": only what changed. */
static void
describe_update (GString *out,
                 GArray  *before,
                 GArray  *after)
{
  gboolean first = TRUE;

  for (guint i = 0; i < after->len; i++)
    {
      const Member *new_member = &g_array_index (after, Member, i);
      const Member *old_member = find_member (before, new_member->key);
      const char *old_value = old_member != NULL ? old_member->value : NULL;

      if (g_strcmp0 (old_value, new_member->value) == 0)
        continue;
      if (!first)
        g_string_append (out, "; ");
      first = FALSE;
      g_string_append_printf (out, "%s: ", new_member->key);
      append_value (out, old_value);
      g_string_append (out, " → ");
      append_value (out, new_member->value);
    }
  /* Keys the newer row no longer has. */
  for (guint i = 0; i < before->len; i++)
    {
      const Member *old_member = &g_array_index (before, Member, i);

      if (old_member->value == NULL || find_member (after, old_member->key) != NULL)
        continue;
      if (!first)
        g_string_append (out, "; ");
      first = FALSE;
      g_string_append_printf (out, "%s: ", old_member->key);
      append_value (out, old_member->value);
      g_string_append (out, " → (none)");
    }
  if (first)
    g_string_append (out, "no change");
}

/* An import, a backup or a restore: no row of the clinic, so the table
 * says who made it, and where, with what it did. */
static gboolean
is_clinic_entry (const EbbAuditEntry *entry)
{
  return g_strcmp0 (entry->action, "import") == 0 || g_strcmp0 (entry->action, "backup") == 0 ||
         g_strcmp0 (entry->action, "restore") == 0;
}

static char *
describe_change (const EbbAuditEntry *entry)
{
  g_autoptr(GArray) before = parse_flat_object (entry->before);
  g_autoptr(GArray) after = parse_flat_object (entry->after);
  GString *out = g_string_new (NULL);

  if (is_clinic_entry (entry))
    {
      g_autofree char *user = ebb_cli_table_cell (entry->user_name != NULL ? entry->user_name : "?");
      g_autofree char *host = ebb_cli_table_cell (entry->host_name != NULL ? entry->host_name : "?");

      g_string_append_printf (out, "by %s on %s: ", user, host);
    }

  if (before != NULL && after != NULL)
    describe_update (out, before, after);
  else if (after != NULL && entry->before == NULL)
    describe_row (out, after);
  else if (before != NULL && entry->after == NULL)
    describe_row (out, before);
  else
    {
      /* Not what the store writes: show it as it is, never hide it. */
      g_autofree char *raw_before = ebb_cli_table_cell (entry->before != NULL ? entry->before : "(none)");
      g_autofree char *raw_after = ebb_cli_table_cell (entry->after != NULL ? entry->after : "(none)");

      g_string_append_printf (out, "%s → %s", raw_before, raw_after);
    }
  return g_string_free (out, FALSE);
}

/* audit -------------------------------------------------------------------- */

enum { COL_WHEN, COL_ACTION, COL_TABLE, COL_ROW, COL_PATIENT, COL_CHANGE, N_COLUMNS };

static void
format_audit_text (GString   *out,
                   GPtrArray *entries)
{
  static const char * const headers[N_COLUMNS] = {
    "When", "Action", "Table", "Row", "Patient", "Change"
  };
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < entries->len; i++)
    {
      const EbbAuditEntry *entry = g_ptr_array_index (entries, i);
      char *row[N_COLUMNS];

      row[COL_WHEN] = ebb_cli_table_cell (entry->at);
      row[COL_ACTION] = ebb_cli_table_cell (entry->action);
      row[COL_TABLE] = ebb_cli_table_cell (entry->table_name);
      row[COL_ROW] = g_strdup_printf ("%" G_GINT64_FORMAT, entry->row_id);
      row[COL_PATIENT] = ebb_cli_table_cell (entry->patient_code);
      row[COL_CHANGE] = describe_change (entry);

      for (guint c = 0; c < N_COLUMNS; c++)
        g_ptr_array_add (cells, row[c]);
    }

  ebb_cli_append_table (out, N_COLUMNS, headers, NULL, cells);
}

static void
format_audit_csv (GString   *out,
                  GPtrArray *entries)
{
  static const char * const header[] = {
    "at", "action", "table", "row", "patient", "before", "after"
  };

  ebb_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < entries->len; i++)
    {
      const EbbAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *row_id = g_strdup_printf ("%" G_GINT64_FORMAT, entry->row_id);
      const char *row[] = {
        entry->at,
        entry->action,
        entry->table_name,
        row_id,
        entry->patient_code,
        entry->before,
        entry->after,
      };

      ebb_csv_append_row (out, row, G_N_ELEMENTS (row));
    }
}

static int
compare_entry_ids (gconstpointer a,
                   gconstpointer b)
{
  const EbbAuditEntry *ea = *(const EbbAuditEntry * const *) a;
  const EbbAuditEntry *eb = *(const EbbAuditEntry * const *) b;

  return ea->id < eb->id ? -1 : ea->id > eb->id ? 1 : 0;
}

/* One patient's trail: everything recorded for the patient with this code
 * now (also under the codes it had before), and everything recorded under
 * this code for a patient since deleted, whose trail outlives them. */
static GPtrArray *
list_patient_audit (EbbStore    *store,
                    const char  *code,
                    GError     **error)
{
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  GError *local_error = NULL;

  patient = ebb_store_find_patient (store, code, &local_error);
  if (patient == NULL)
    {
      if (!g_error_matches (local_error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW))
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      g_clear_error (&local_error);
      entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_audit_entry_free);
    }
  else
    {
      entries = ebb_store_list_audit (store, patient->id, error);
      if (entries == NULL)
        return NULL;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      EbbAuditEntry *entry = g_ptr_array_index (entries, i);

      g_hash_table_add (seen, &entry->id);
    }

  all = ebb_store_list_audit (store, 0, error);
  if (all == NULL)
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      EbbAuditEntry *entry = g_ptr_array_index (all, i);

      if (g_strcmp0 (entry->patient_code, code) != 0 || g_hash_table_contains (seen, &entry->id))
        continue;
      g_ptr_array_add (entries, g_ptr_array_steal_index_fast (all, i));
      i--;
    }

  if (patient == NULL && entries->len == 0)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                   "There is no patient with the code “%s”, and none ever had it", code);
      return NULL;
    }

  g_ptr_array_sort (entries, compare_entry_ids);
  return g_steal_pointer (&entries);
}

typedef struct
{
  char *format;
} AuditOptions;

static int
run_audit (EbbCliContext  *ctx,
           gpointer        data,
           char          **args)
{
  const char *command = ctx->command;
  AuditOptions *options = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) out = NULL;
  gboolean csv;
  int status;

  if ((status = ebb_cli_parse_table_format (command, options->format, &csv)) != EBB_CLI_EXIT_OK)
    return status;
  if (args[0] != NULL && args[1] != NULL)
    return ebb_cli_usage_error (command, "audit takes at most one PATIENT");

  store = ebb_cli_open_store (ctx, EBB_STORE_OPEN_READ_ONLY, &status);
  if (store == NULL)
    return status;

  if (args[0] != NULL)
    entries = list_patient_audit (store, args[0], &error);
  else
    entries = ebb_store_list_audit (store, 0, &error);
  if (entries == NULL)
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  out = g_string_new (NULL);
  if (csv)
    format_audit_csv (out, entries);
  else if (entries->len == 0)
    g_string_append (out, "No changes recorded yet.\n");
  else
    format_audit_text (out, entries);

  return ebb_cli_write_stdout (command, out->str, out->len);
}

static const EbbCliOption audit_options[] = {
  { "format", 'f', G_OPTION_ARG_STRING, G_STRUCT_OFFSET (AuditOptions, format),
    "Output format: text (an aligned table, the default) or csv", "text|csv" },
  { NULL }
};

const EbbCliCommand ebb_cli_audit = {
  .name = "audit",
  .arguments = "[PATIENT]",
  .summary = "List the audit trail of changes",
  .help = "Lists the audit trail: every patient, session and rating that was\n"
          "added, changed or deleted, when, and the values before and after, oldest\n"
          "first; each import (its files, their SHA-256 and the counts), backup\n"
          "and restore, with who made it and on which computer. With PATIENT (a\n"
          "clinic code), only that patient's trail, also from before a change of\n"
          "code or after the patient was deleted, with the imports that brought\n"
          "the patient's records. Verify the trail with 'ebb-cli check'.\n"
          "The trail shows patient data: mind where you send it.",
  .description = "Times are UTC. The text format shows what an update changed; the csv\n"
                 "format has the header\n"
                 "  at,action,table,row,patient,before,after\n"
                 "with the rows before and after the change as JSON objects.",
  .options = audit_options,
  .options_size = sizeof (AuditOptions),
  .func = run_audit,
};

/* restore ------------------------------------------------------------------ */

static int
run_restore (EbbCliContext  *ctx,
             gpointer        options,
             char          **args)
{
  const char *command = ctx->command;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;

  if (args[0] == NULL)
    return ebb_cli_usage_error (command, "no backup FILE to restore");
  if (args[1] != NULL)
    return ebb_cli_usage_error (command, "restore takes one FILE");

  if (!ebb_backup_restore_full (args[0], ctx->db_path, &aside, &error))
    return ebb_cli_fail (command, EBB_CLI_EXIT_BAD_INPUT, "%s", error->message);

  printf ("Restored %s into %s\n", args[0], ctx->db_path);
  if (aside != NULL)
    printf ("The database it replaced is kept as %s\n", aside);
  return ebb_cli_write_stdout (command, NULL, 0);
}

const EbbCliCommand ebb_cli_restore = {
  .name = "restore",
  .arguments = "FILE",
  .summary = "Restore the database from a backup, after checking it",
  .help = "Replaces the clinic database with the backup FILE, after checking that\n"
          "FILE is a sound Ebb clinic database: its integrity, its schema against\n"
          "Ebb's (any difference is refused and named) and its audit trail's hash\n"
          "chain. FILE itself is only read. The database it replaces is first kept\n"
          "next to it as DB.before-restore-YYYYMMDD-HHMMSS: nothing is lost. The\n"
          "backup is written into the database through SQLite, so a program that\n"
          "has it open (an Ebb window) goes on with the restored clinic; a --db\n"
          "that is a symbolic link is restored where it points. The restore is\n"
          "recorded in the restored clinic's audit trail.",
  .description = "Ebb keeps a backup for each day it is used in\n"
                 "$XDG_DATA_HOME/ebb/backups, named clinic-YYYY-MM-DD.db.",
  .func = run_restore,
};
