/* ebb-store-schema.c — a file's schema held against the one Ebb makes
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A clinic file whose schema was changed behind Ebb's back can do harm
 * that no row shows: a trigger that deletes every new rating, the audit
 * trail's guards dropped.  `check` and `restore` therefore compare every
 * table, column, index and trigger of the file with a blank database
 * brought up by the same migrations (ebb-store-file.c), and name each
 * difference.  Only SQLite's own statistics tables, which ANALYZE may add
 * to any file, are left out.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-store-private.h"

typedef struct
{
  char *type;
  char *name;
  char *table;
  char *sql;    /* with runs of white space made one space; NULL for SQLite's own indexes */
} SchemaObject;

static void
schema_object_free (SchemaObject *object)
{
  g_free (object->type);
  g_free (object->name);
  g_free (object->table);
  g_free (object->sql);
  g_free (object);
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || (c & 0x80) != 0;
}

/* The same definition laid out otherwise is the same: white space is kept
 * only where it parts two words, as one space. */
static char *
normalise_sql (const char *sql)
{
  GString *out;
  gboolean space = FALSE;

  if (sql == NULL)
    return NULL;
  out = g_string_sized_new (strlen (sql));
  for (const char *p = sql; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0 && is_word_char (out->str[out->len - 1]) && is_word_char (*p))
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* name → SchemaObject */
static GHashTable *
read_objects (sqlite3  *db,
              int      *rc)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) objects = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) schema_object_free);

  *rc = sqlite3_prepare_v2 (db,
                            "SELECT type, name, tbl_name, sql FROM sqlite_master"
                            " WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'",
                            -1, &stmt, NULL);
  while (*rc == SQLITE_OK && (*rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SchemaObject *object = g_new0 (SchemaObject, 1);

      object->type = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      object->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      object->table = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      object->sql = normalise_sql ((const char *) sqlite3_column_text (stmt, 3));
      if (object->type == NULL || object->name == NULL || object->table == NULL)
        {
          schema_object_free (object);
          continue;
        }
      g_hash_table_replace (objects, object->name, object);
      *rc = SQLITE_OK;
    }
  if (*rc != SQLITE_DONE)
    return NULL;
  *rc = SQLITE_OK;
  return g_steal_pointer (&objects);
}

/* column name → "type, NOT NULL, default, key" as PRAGMA table_xinfo says */
static GHashTable *
read_columns (sqlite3    *db,
              const char *table,
              GPtrArray  *order)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (sqlite3_prepare_v2 (db, "SELECT name, type, \"notnull\", dflt_value, pk, hidden"
                              " FROM pragma_table_xinfo (?1)", -1, &stmt, NULL) != SQLITE_OK)
    return columns;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (name == NULL)
        continue;
      g_hash_table_replace (columns, g_strdup (name),
                            g_strdup_printf ("%s|%d|%s|%d|%d",
                                             (const char *) sqlite3_column_text (stmt, 1),
                                             sqlite3_column_int (stmt, 2),
                                             (const char *) sqlite3_column_text (stmt, 3),
                                             sqlite3_column_int (stmt, 4),
                                             sqlite3_column_int (stmt, 5)));
      if (order != NULL)
        g_ptr_array_add (order, g_strdup (name));
    }
  return columns;
}

/* The columns of @table that differ; FALSE when there is none, so that the
 * caller names the constraints instead. */
static gboolean
compare_columns (sqlite3    *expected_db,
                 sqlite3    *db,
                 const char *table,
                 GPtrArray  *problems)
{
  g_autoptr(GPtrArray) expected_order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) actual_order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) expected = read_columns (expected_db, table, expected_order);
  g_autoptr(GHashTable) actual = read_columns (db, table, actual_order);
  gboolean found = FALSE;

  for (guint i = 0; i < expected_order->len; i++)
    {
      const char *name = g_ptr_array_index (expected_order, i);
      const char *have = g_hash_table_lookup (actual, name);

      if (have == NULL)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("table “%s” differs from Ebb's schema: its column “%s” "
                                            "is missing"), table, name));
      else if (!g_str_equal (have, g_hash_table_lookup (expected, name)))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("table “%s” differs from Ebb's schema: its column “%s” "
                                            "is not defined as Ebb defines it"), table, name));
      else
        continue;
      found = TRUE;
    }
  for (guint i = 0; i < actual_order->len; i++)
    {
      const char *name = g_ptr_array_index (actual_order, i);

      if (g_hash_table_contains (expected, name))
        continue;
      g_ptr_array_add (problems,
                       g_strdup_printf (_("table “%s” differs from Ebb's schema: its column “%s” "
                                          "is not Ebb's"), table, name));
      found = TRUE;
    }
  return found;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of @objects, sorted: problems come in the same order each time. */
static GPtrArray *
sorted_names (GHashTable *objects)
{
  GPtrArray *names = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, objects);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (names, key);
  g_ptr_array_sort (names, compare_names);
  return names;
}

/**
 * _ebb_store_compare_schema:
 * @db: the file's connection
 * @path: the file, for messages
 * @version: the schema version the file says it has
 * @problems: where each difference is described
 *
 * Returns: %FALSE with @error only when the schemas could not be read
 */
gboolean
_ebb_store_compare_schema (sqlite3     *db,
                           const char  *path,
                           int          version,
                           GPtrArray   *problems,
                           GError     **error)
{
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GHashTable) actual = NULL;
  g_autoptr(GPtrArray) names = NULL;
  sqlite3 *expected_db;
  int rc;

  expected_db = _ebb_store_open_expected_schema (version, error);
  if (expected_db == NULL)
    return FALSE;
  expected = read_objects (expected_db, &rc);
  if (expected == NULL)
    {
      _ebb_store_set_db_error (error, ":memory:", expected_db, rc);
      sqlite3_close (expected_db);
      return FALSE;
    }
  actual = read_objects (db, &rc);
  if (actual == NULL)
    {
      _ebb_store_set_db_error (error, path, db, rc);
      sqlite3_close (expected_db);
      return FALSE;
    }

  /* Translators for the messages below: the first %s is an SQL word
   * (table, index, trigger or view) and the names are the database's own;
   * all of them stay in English. */
  names = sorted_names (expected);
  for (guint i = 0; i < names->len; i++)
    {
      const SchemaObject *want = g_hash_table_lookup (expected, g_ptr_array_index (names, i));
      const SchemaObject *have = g_hash_table_lookup (actual, want->name);

      if (have == NULL)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("%s “%s” of Ebb's schema is missing"), want->type, want->name));
      else if (!g_str_equal (have->type, want->type) || !g_str_equal (have->table, want->table))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("“%s” is a %s on “%s”, where Ebb's schema has a %s on “%s”"),
                                          want->name, have->type, have->table, want->type, want->table));
      else if (g_strcmp0 (have->sql, want->sql) != 0 &&
               (!g_str_equal (want->type, "table") ||
                !compare_columns (expected_db, db, want->name, problems)))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("%s “%s” is not defined as Ebb's schema defines it"),
                                          want->type, want->name));
    }
  g_clear_pointer (&names, g_ptr_array_unref);

  names = sorted_names (actual);
  for (guint i = 0; i < names->len; i++)
    {
      const SchemaObject *have = g_hash_table_lookup (actual, g_ptr_array_index (names, i));

      if (!g_hash_table_contains (expected, have->name))
        g_ptr_array_add (problems,
                         g_strdup_printf (_("%s “%s” on “%s” is not part of Ebb's schema"),
                                          have->type, have->name, have->table));
    }

  sqlite3_close (expected_db);
  return TRUE;
}

/**
 * ebb_store_check_file_schema:
 * @path: an Ebb clinic file of any schema version up to this one's, with
 *   no journal pending; only read
 * @problems: (out) (optional) (transfer container) (element-type utf8):
 *   each difference, named
 *
 * Compares the file's tables, columns, indexes and triggers with the ones
 * Ebb made at the file's own schema version: for a backup of an older
 * version, before the upgrade would make some of them anew.
 *
 * Returns: %TRUE when they are the same; %FALSE with
 *   %EBB_STORE_ERROR_CHECK_FAILED when they differ, or another error when
 *   the file could not be read
 */
gboolean
ebb_store_check_file_schema (const char  *path,
                             GPtrArray  **problems,
                             GError     **error)
{
  g_autofree char *uri = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  sqlite3 *db = NULL;
  int version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (problems != NULL)
    *problems = NULL;

  /* Immutable: nothing is created beside the file, nothing is replayed. */
  uri = _ebb_store_database_uri (path, TRUE);
  rc = sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX |
                                  SQLITE_OPEN_EXRESCODE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      version = sqlite3_column_int (stmt, 0);
      rc = SQLITE_OK;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (rc != SQLITE_OK)
    {
      _ebb_store_set_db_error (error, path, db, rc);
      sqlite3_close (db);
      return FALSE;
    }
  if (version < 1 || version > EBB_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” has no schema version this Ebb knows (%d)"), path, version);
      sqlite3_close (db);
      return FALSE;
    }

  if (!_ebb_store_compare_schema (db, path, version, found, error))
    {
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);

  if (found->len > 0)
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHECK_FAILED,
                 g_dngettext (GETTEXT_PACKAGE,
                              "“%s” differs from the schema Ebb made at its version %d in %u way",
                              "“%s” differs from the schema Ebb made at its version %d in %u ways",
                              found->len),
                 path, version, found->len);
  if (problems != NULL)
    *problems = g_ptr_array_ref (found);
  return found->len == 0;
}
