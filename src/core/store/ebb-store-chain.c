/* ebb-store-chain.c — the audit trail's hash chain
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each entry of the audit trail carries a SHA-256 hash over its own
 * content and the hash of the entry before it, so that changing,
 * removing or inserting an entry anywhere but at the end breaks every
 * link from there on: `ebb-cli check` recomputes the chain and names the
 * first entry that does not match.  The triggers of the schema refuse
 * changes in the first place; the chain is what tells when they were
 * dropped, or the file was edited by other means.
 *
 * What is hashed, so that anyone can verify a trail without Ebb: the
 * text "ebb-audit-1\n", then the previous entry's hash and the entry's
 * columns id, at, action, table_name, row_id, patient_id, patient_code,
 * before, after, user_name and host_name, each as SQLite gives it as text
 * and written LENGTH ":" BYTES "\n", or "-\n" for NULL (the first entry's
 * previous hash is NULL).  The hash is kept as 64 lowercase hex digits.
 *
 * The hash has no key: someone who rewrites the whole trail from the
 * first changed entry to the end, and the file with it, makes a chain
 * that verifies.  What stops that is a copy of the latest hash kept
 * elsewhere (README: Reliability).
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-store-private.h"

#define CHAIN_VERSION_TAG "ebb-audit-1\n"

static void
hash_field (GChecksum  *checksum,
            const char *text,
            gssize      length)
{
  char prefix[24];

  if (text == NULL)
    {
      g_checksum_update (checksum, (const guchar *) "-\n", 2);
      return;
    }
  if (length < 0)
    length = (gssize) strlen (text);
  g_snprintf (prefix, sizeof prefix, "%" G_GSSIZE_FORMAT ":", length);
  g_checksum_update (checksum, (const guchar *) prefix, -1);
  g_checksum_update (checksum, (const guchar *) text, length);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
}

/* @fields: EBB_AUDIT_CHAIN_N_FIELDS texts (NULL for NULL) with their lengths (-1:
 * up to the NUL), as SQLite gives them as text, which is also how a
 * server gives them.  Writes the hash, 64 hex digits and a NUL, to @out. */
void
_ebb_store_chain_hash (const char         *previous,
                       const char * const *fields,
                       const gssize       *lengths,
                       char                out[EBB_AUDIT_HASH_SIZE])
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) CHAIN_VERSION_TAG, -1);
  hash_field (checksum, previous, -1);
  for (guint i = 0; i < EBB_AUDIT_CHAIN_N_FIELDS; i++)
    hash_field (checksum, fields[i], lengths != NULL ? lengths[i] : -1);
  g_strlcpy (out, g_checksum_get_string (checksum), EBB_AUDIT_HASH_SIZE);
}

/* Integers as SQLite gives them as text. */
static const char *
int_text (char   *buffer,
          gsize   size,
          gint64  value)
{
  g_snprintf (buffer, size, "%" G_GINT64_FORMAT, value);
  return buffer;
}

void
_ebb_store_audit_hash (const char          *previous,
                       const EbbAuditFields *entry,
                       char                 out[EBB_AUDIT_HASH_SIZE])
{
  char id[24], row_id[24], patient_id[24];
  const char *fields[EBB_AUDIT_CHAIN_N_FIELDS] = {
    int_text (id, sizeof id, entry->id),
    entry->at,
    entry->action,
    entry->table_name,
    int_text (row_id, sizeof row_id, entry->row_id),
    entry->patient_id != 0 ? int_text (patient_id, sizeof patient_id, entry->patient_id) : NULL,
    entry->patient_code,
    entry->before,
    entry->after,
    entry->user_name,
    entry->host_name,
  };

  _ebb_store_chain_hash (previous, fields, NULL, out);
}

/* The hash of the entry @stmt is on (columns CHAIN_COLUMNS), from the
 * columns as stored: a value changed in type (5 written as 5.0) is a
 * change too. */
static void
hash_stored_entry (sqlite3_stmt *stmt,
                   const char   *previous,
                   char          out[EBB_AUDIT_HASH_SIZE])
{
  const char *fields[EBB_AUDIT_CHAIN_N_FIELDS];
  gssize lengths[EBB_AUDIT_CHAIN_N_FIELDS];

  for (int i = 0; i < EBB_AUDIT_CHAIN_N_FIELDS; i++)
    {
      fields[i] = (const char *) sqlite3_column_text (stmt, i);
      lengths[i] = sqlite3_column_bytes (stmt, i);
    }
  _ebb_store_chain_hash (previous, fields, lengths, out);
}

/* Migration 5: the entries written before the chain existed are linked
 * as they stand, in the order of their ids.  @from is the old audit
 * table, @to the new one, with the same first nine columns. */
int
_ebb_store_chain_existing (sqlite3    *db,
                           const char *from,
                           const char *to)
{
  g_autoptr(sqlite3_stmt) select = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autofree char *select_sql = g_strdup_printf (
    "SELECT id, at, action, table_name, row_id, patient_id, patient_code, \"before\", \"after\","
    " NULL, NULL FROM %s ORDER BY id", from);
  g_autofree char *insert_sql = g_strdup_printf (
    "INSERT INTO %s (id, at, action, table_name, row_id, patient_id, patient_code, \"before\","
    " \"after\", user_name, host_name, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, NULL, ?10)",
    to);
  char previous[EBB_AUDIT_HASH_SIZE] = "";
  char hash[EBB_AUDIT_HASH_SIZE];
  int rc;

  rc = sqlite3_prepare_v2 (db, select_sql, -1, &select, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, insert_sql, -1, &insert, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      /* The values as they are, types included, and copied before the
       * hash reads them as text: a check reads them back the same way. */
      for (int i = 0; i < 9; i++)
        sqlite3_bind_value (insert, i + 1, sqlite3_column_value (select, i));
      hash_stored_entry (select, previous[0] != '\0' ? previous : NULL, hash);
      sqlite3_bind_text (insert, 10, hash, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (insert);
      sqlite3_reset (insert);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
      memcpy (previous, hash, sizeof previous);
    }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* What check says of the first entry that does not match its hash:
 * @fields as for _ebb_store_chain_hash(). */
char *
_ebb_store_chain_break_message (const char * const *fields)
{
  return g_strdup_printf (_("audit entry %s (%s, %s %s %s) does not match its hash: it, or the "
                            "entry before it, was changed, removed or added outside Ebb. The "
                            "entries before it are intact"),
                          fields[0], fields[1], fields[2], fields[3], fields[4]);
}

/**
 * _ebb_store_verify_chain:
 * @problems: where the first broken link is described
 * @head: (out) (optional): the id of the last entry, 0 when there is none
 *
 * Recomputes every entry's hash from its content and the stored hash of
 * the entry before it.  Only the first entry that does not match is
 * named: every link after it would be suspect anyway.
 *
 * Returns: %FALSE with @error only when the trail could not be read at
 *   all for a reason other than its shape (a damaged file, a lock)
 */
gboolean
_ebb_store_verify_chain (EbbStore   *self,
                         GPtrArray  *problems,
                         gint64     *head,
                         GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  char previous[EBB_AUDIT_HASH_SIZE] = "";
  gboolean has_previous = FALSE;
  int rc;

  if (head != NULL)
    *head = 0;

  rc = sqlite3_prepare_v2 (self->db, "SELECT " EBB_AUDIT_CHAIN_COLUMNS " FROM audit ORDER BY id", -1, &stmt,
                           NULL);
  if (rc != SQLITE_OK)
    {
      /* No such table or column: the schema check names what is wrong. */
      if ((rc & 0xff) == SQLITE_ERROR)
        {
          g_ptr_array_add (problems,
                           g_strdup (_("the audit trail cannot be read as Ebb wrote it, so its "
                                       "hash chain cannot be verified")));
          return TRUE;
        }
      _ebb_store_set_db_error (error, self->path, self->db, rc);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *stored = (const char *) sqlite3_column_text (stmt, EBB_AUDIT_CHAIN_N_FIELDS);
      char expected[EBB_AUDIT_HASH_SIZE];

      hash_stored_entry (stmt, has_previous ? previous : NULL, expected);
      if (stored == NULL || strcmp (stored, expected) != 0)
        {
          const char *fields[EBB_AUDIT_CHAIN_N_FIELDS];

          for (int i = 0; i < EBB_AUDIT_CHAIN_N_FIELDS; i++)
            fields[i] = (const char *) sqlite3_column_text (stmt, i);
          g_ptr_array_add (problems, _ebb_store_chain_break_message (fields));
          return TRUE;
        }
      g_strlcpy (previous, stored, sizeof previous);
      has_previous = TRUE;
      if (head != NULL)
        *head = id;
    }
  if (rc != SQLITE_DONE)
    {
      _ebb_store_set_db_error (error, self->path, self->db, rc);
      return FALSE;
    }
  return TRUE;
}
