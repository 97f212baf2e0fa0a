/* ebb-store-codes.c — migration 6: stored patient codes in their one form
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Until schema 6 a code was stored as it was typed, so a clinic file can
 * hold "k-0042", " S03-000 " or a full-width "Ｓ03".  The store keeps a
 * code in one form now (ebb_patient_normalise_code()) and finds a patient
 * by any spelling of it; a code stored the old way was found only as it
 * was typed, so an import of "k-0042" tried to add a second patient, and
 * was refused.  Migration 6 brings each stored code to its one form:
 *
 * - each code changed is an update of its patient in the audit trail,
 *   with the patient before and after, like any other change of a code,
 *   written by whoever opened the file first with this version;
 * - two codes that would become one ("s03-000" and "S03-000") refuse the
 *   upgrade, naming both: which of the two is which patient is for the
 *   clinic to say, not for Ebb to guess, and the file stays as it was;
 * - a code that has no such form (it holds an invisible or control
 *   character) is left as it was: the store still finds it as typed, and
 *   whoever next edits that patient is asked to type it again.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ebb-csv.h"
#include "ebb-store-private.h"

typedef struct
{
  EbbPatient *patient;   /* as stored */
  char       *code;      /* its code in its one form, or NULL when it has none */
} StoredCode;

static void
stored_code_clear (gpointer data)
{
  StoredCode *stored = data;

  ebb_patient_free (stored->patient);
  g_free (stored->code);
}

/* Every patient, with the code each would have. */
static int
read_codes (sqlite3 *db,
            GArray  *codes)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT id, code, name, birth_year, preferred_scale, notes, archived"
                           " FROM patient ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StoredCode stored = { 0 };
      EbbPatient *patient;

      patient = ebb_patient_new ((const char *) sqlite3_column_text (stmt, 1),
                                 (const char *) sqlite3_column_text (stmt, 2));
      patient->id = sqlite3_column_int64 (stmt, 0);
      patient->birth_year = sqlite3_column_int (stmt, 3);
      patient->preferred_scale = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      patient->notes = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      patient->archived = sqlite3_column_int (stmt, 6) != 0;
      stored.patient = patient;
      stored.code = ebb_patient_normalise_code (patient->code, NULL);
      g_array_append_val (codes, stored);
    }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The trail's last entry: its id, and its hash ("" when it has none). */
static int
read_chain_head (sqlite3 *db,
                 gint64  *id,
                 char     hash[EBB_AUDIT_HASH_SIZE])
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *id = 0;
  hash[0] = '\0';
  rc = sqlite3_prepare_v2 (db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *stored = (const char *) sqlite3_column_text (stmt, 1);

      *id = sqlite3_column_int64 (stmt, 0);
      g_strlcpy (hash, stored != NULL ? stored : "", EBB_AUDIT_HASH_SIZE);
      return SQLITE_OK;
    }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Changes the code of @stored to its one form, and appends the change to
 * the trail, linked to the entry before as ebb-store-audit.c links it. */
static int
update_code (sqlite3          *db,
             const StoredCode *stored,
             const char       *at,
             gint64           *chain_id,
             char              chain_hash[EBB_AUDIT_HASH_SIZE])
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) insert = NULL;
  g_autoptr(EbbPatient) after_patient = ebb_patient_copy (stored->patient);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  EbbAuditFields entry = { 0 };
  char hash[EBB_AUDIT_HASH_SIZE];
  int rc;

  g_free (after_patient->code);
  after_patient->code = g_strdup (stored->code);
  before = _ebb_store_patient_to_json (stored->patient);
  after = _ebb_store_patient_to_json (after_patient);

  rc = sqlite3_prepare_v2 (db, "UPDATE patient SET code = ?1 WHERE id = ?2", -1, &update, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (update, 1, stored->code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (update, 2, stored->patient->id);
  rc = sqlite3_step (update);
  if (rc != SQLITE_DONE)
    return rc;

  entry.id = *chain_id + 1;
  entry.at = at;
  entry.action = "update";
  entry.table_name = "patient";
  entry.row_id = stored->patient->id;
  entry.patient_id = stored->patient->id;
  entry.patient_code = stored->code;
  entry.before = before;
  entry.after = after;
  entry.user_name = g_get_user_name ();
  entry.host_name = g_get_host_name ();
  _ebb_store_audit_hash (chain_hash[0] != '\0' ? chain_hash : NULL, &entry, hash);

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO audit (id, at, action, table_name, row_id, patient_id,"
                           " patient_code, \"before\", \"after\", user_name, host_name, hash)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                           -1, &insert, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_int64 (insert, 1, entry.id);
  sqlite3_bind_text (insert, 2, entry.at, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 3, entry.action, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 4, entry.table_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 5, entry.row_id);
  sqlite3_bind_int64 (insert, 6, entry.patient_id);
  sqlite3_bind_text (insert, 7, entry.patient_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 8, entry.before, -1, SQLITE_STATIC);
  sqlite3_bind_text (insert, 9, entry.after, -1, SQLITE_STATIC);
  bind_text_or_null (insert, 10, entry.user_name);
  bind_text_or_null (insert, 11, entry.host_name);
  sqlite3_bind_text (insert, 12, hash, -1, SQLITE_STATIC);
  rc = sqlite3_step (insert);
  if (rc != SQLITE_DONE)
    return rc;

  *chain_id = entry.id;
  memcpy (chain_hash, hash, EBB_AUDIT_HASH_SIZE);
  return SQLITE_OK;
}

/**
 * _ebb_store_normalise_codes:
 * @db: a clinic file at schema 5, inside the migration's transaction
 * @path: the file, for the message
 * @error: set, with %EBB_STORE_ERROR_CONSTRAINT, when two codes would
 *   become one
 *
 * Migration 6's work (see the top of this file).
 *
 * Returns: an SQLite result code; on SQLITE_CONSTRAINT @error says why
 */
int
_ebb_store_normalise_codes (sqlite3     *db,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GArray) codes = g_array_new (FALSE, TRUE, sizeof (StoredCode));
  g_autoptr(GHashTable) owners = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  char chain_hash[EBB_AUDIT_HASH_SIZE];
  gint64 chain_id;
  int rc;

  g_array_set_clear_func (codes, stored_code_clear);
  rc = read_codes (db, codes);
  if (rc != SQLITE_OK)
    return rc;

  /* Every code as it will be, before anything changes. */
  for (guint i = 0; i < codes->len; i++)
    {
      const StoredCode *stored = &g_array_index (codes, StoredCode, i);
      const char *key = stored->code != NULL ? stored->code : stored->patient->code;
      const StoredCode *owner = g_hash_table_lookup (owners, key);

      if (owner != NULL)
        {
          g_autofree char *first = ebb_csv_excerpt (owner->patient->code);
          g_autofree char *second = ebb_csv_excerpt (stored->patient->code);
          g_autofree char *one = ebb_csv_excerpt (key);

          g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                       /* Translators: “clinic.db” could not be upgraded to schema 6 …: the
                        * patient codes “s03-000” and “S03-000” are one code, “S03-000”, … */
                       _("“%s” could not be upgraded to schema 6 and was left as it was: the "
                         "patient codes “%s” and “%s” are one code, “%s”, now that codes are "
                         "matched whatever their case, spaces or look-alike characters. Give "
                         "one of the two patients another code with the version of Ebb that "
                         "wrote the file, then open it here again"),
                       path, first, second, one);
          return SQLITE_CONSTRAINT;
        }
      g_hash_table_insert (owners, (gpointer) key, (gpointer) stored);
    }

  rc = read_chain_head (db, &chain_id, chain_hash);
  for (guint i = 0; rc == SQLITE_OK && i < codes->len; i++)
    {
      const StoredCode *stored = &g_array_index (codes, StoredCode, i);

      if (stored->code != NULL && strcmp (stored->code, stored->patient->code) != 0)
        rc = update_code (db, stored, at, &chain_id, chain_hash);
    }
  return rc;
}
