/* ebb-store.c — the clinic database (SQLite)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SQLite file per clinic.  The file is the user's clinical record, so
 * the rules here lean towards refusing: a file that is not ours, is newer
 * than us, is empty or cannot be written is reported and left untouched,
 * never "repaired" or overwritten.  Every change is one transaction that
 * also appends to the audit trail.
 *
 * An EbbStore wraps one connection opened with SQLITE_OPEN_NOMUTEX: use it
 * from one thread only.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ebb-json.h"
#include "ebb-scale.h"
#include "ebb-store.h"

/* "Ebb!" in ASCII, in the SQLite header: it tells our files from every
 * other SQLite database, so we never adopt or migrate someone else's. */
#define EBB_APPLICATION_ID 1164075553
G_STATIC_ASSERT (EBB_APPLICATION_ID == 0x45626221);

/* Long enough to ride out another Ebb window's short write, short enough
 * that a file held open by another program is reported promptly. */
#define BUSY_TIMEOUT_MS 2000

#define BIRTH_YEAR_MIN 1900
#define BIRTH_YEAR_MAX 2100
#define BLOOD_PRESSURE_MAX 400

/* Migrations are frozen once released: a file at version N runs every
 * migration after N, in order, each in its own transaction together with
 * the user_version bump, so a crash leaves the file at a whole version. */
typedef struct
{
  int         version;
  const char *sql;
} Migration;

static const char migration_1[] =
  "CREATE TABLE patient ("
  "  id INTEGER PRIMARY KEY,"
  "  code TEXT NOT NULL UNIQUE CHECK (length (trim (code)) > 0),"
  "  name TEXT NOT NULL DEFAULT '',"
  "  birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),"
  "  preferred_scale TEXT,"
  "  notes TEXT,"
  "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))"
  ");"
  "CREATE TABLE session ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  status TEXT NOT NULL CHECK (status IN ('scheduled', 'done', 'cancelled', 'missed')),"
  "  phase TEXT NOT NULL CHECK (phase IN ('induction', 'maintenance', 'rescue')),"
  "  route TEXT NOT NULL CHECK (route IN ('iv', 'im', 'intranasal', 'oral', 'sublingual')),"
  "  dose_mg REAL CHECK (dose_mg IS NULL OR dose_mg >= 0),"
  "  bp_before_systolic INTEGER,"
  "  bp_before_diastolic INTEGER,"
  "  bp_after_systolic INTEGER,"
  "  bp_after_diastolic INTEGER,"
  "  note TEXT"
  ");"
  "CREATE TABLE score ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  scale TEXT NOT NULL,"
  "  total INTEGER NOT NULL,"
  "  items TEXT,"
  "  rater TEXT,"
  "  note TEXT"
  ");"
  /* No foreign key on the audit trail: it must outlive the rows it
   * describes.  patient_id lets one patient's trail be listed even after
   * the patient's code changed or the patient was deleted. */
  "CREATE TABLE audit ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),"
  "  table_name TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,"
  "  patient_id INTEGER,"
  "  patient_code TEXT,"
  "  \"before\" TEXT,"
  "  \"after\" TEXT"
  ");"
  "PRAGMA user_version = 1;";

static const char migration_2[] =
  "CREATE INDEX session_patient_day ON session (patient_id, day);"
  "CREATE INDEX score_patient_scale_day ON score (patient_id, scale, day);"
  "CREATE INDEX audit_patient ON audit (patient_id);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "PRAGMA user_version = 2;";

/* Version 3 is about speed, on the same data.
 *
 * SQLite 3.40 evaluates a CHECK (x IN ('a', 'b', …)) by building a
 * temporary table for the list on every row it checks, which made the
 * session and audit inserts of an import several times slower than the
 * rows themselves: the two tables are rebuilt with the same constraints
 * written as OR chains (SQLite's documented procedure for changing a
 * table's definition; DROP TABLE fires no triggers, so the append-only
 * audit trail is copied whole and keeps its guards).
 *
 * Every listing orders by (patient, day, second, id) and the sidebar asks
 * for each patient's newest rows: one index per table serves both, without
 * a temporary b-tree per day or a sort of the whole table.  The indexes
 * also hold what the clinical rules read (a session's status; a rating's
 * scale, total and items), so that the whole-clinic flag scan reads them
 * alone, in order, instead of looking up every row in its table; the
 * rating index of version 2 is a prefix of no query any more. */
static const char migration_3[] =
  "CREATE TABLE session_v3 ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  at TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  status TEXT NOT NULL CHECK (status = 'scheduled' OR status = 'done' OR status = 'cancelled' OR status = 'missed'),"
  "  phase TEXT NOT NULL CHECK (phase = 'induction' OR phase = 'maintenance' OR phase = 'rescue'),"
  "  route TEXT NOT NULL CHECK (route = 'iv' OR route = 'im' OR route = 'intranasal' OR route = 'oral' OR route = 'sublingual'),"
  "  dose_mg REAL CHECK (dose_mg IS NULL OR dose_mg >= 0),"
  "  bp_before_systolic INTEGER,"
  "  bp_before_diastolic INTEGER,"
  "  bp_after_systolic INTEGER,"
  "  bp_after_diastolic INTEGER,"
  "  note TEXT"
  ");"
  "INSERT INTO session_v3 SELECT id, patient_id, at, day, second, status, phase, route, dose_mg,"
  "  bp_before_systolic, bp_before_diastolic, bp_after_systolic, bp_after_diastolic, note FROM session;"
  "DROP TABLE session;"
  "ALTER TABLE session_v3 RENAME TO session;"
  "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status);"
  "CREATE TABLE audit_v3 ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action = 'insert' OR action = 'update' OR action = 'delete'),"
  "  table_name TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,"
  "  patient_id INTEGER,"
  "  patient_code TEXT,"
  "  \"before\" TEXT,"
  "  \"after\" TEXT"
  ");"
  "INSERT INTO audit_v3 SELECT id, at, action, table_name, row_id, patient_id, patient_code,"
  "  \"before\", \"after\" FROM audit;"
  "DROP TABLE audit;"
  "ALTER TABLE audit_v3 RENAME TO audit;"
  "CREATE INDEX audit_patient ON audit (patient_id);"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "DROP INDEX score_patient_scale_day;"
  "CREATE INDEX score_patient_time ON score (patient_id, day, second, id, scale, total, items);"
  "PRAGMA user_version = 3;";

static const Migration migrations[] = {
  { 1, migration_1 },
  { 2, migration_2 },
  { 3, migration_3 },
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == EBB_STORE_SCHEMA_VERSION);

#define PATIENT_COLUMNS "id, code, name, birth_year, preferred_scale, notes, archived"
#define SESSION_COLUMNS "id, patient_id, at, day, second, status, phase, route, dose_mg, " \
                        "bp_before_systolic, bp_before_diastolic, bp_after_systolic, " \
                        "bp_after_diastolic, note"
#define SCORE_COLUMNS   "id, patient_id, at, day, second, scale, total, items, rater, note"
#define AUDIT_COLUMNS   "id, at, action, table_name, row_id, patient_code, \"before\", \"after\""

typedef enum
{
  STMT_PATIENT_LIST,
  STMT_PATIENT_LIST_BY_ID,
  STMT_PATIENT_GET,
  STMT_PATIENT_FIND,
  STMT_PATIENT_INSERT,
  STMT_PATIENT_UPDATE,
  STMT_PATIENT_DELETE,
  STMT_SUMMARIES,
  STMT_SUMMARIES_ACTIVITY,
  STMT_SESSION_LIST_ALL,
  STMT_SESSION_RULES_ALL,
  STMT_SESSION_LIST,
  STMT_SESSION_GET,
  STMT_SESSION_INSERT,
  STMT_SESSION_UPDATE,
  STMT_SESSION_DELETE,
  STMT_SCORE_LIST_ALL,
  STMT_SCORE_RULES_ALL,
  STMT_SCORE_LIST,
  STMT_SCORE_GET,
  STMT_SCORE_INSERT,
  STMT_SCORE_UPDATE,
  STMT_SCORE_DELETE,
  STMT_AUDIT_INSERT,
  STMT_AUDIT_LIST_ALL,
  STMT_AUDIT_LIST,
  N_STMTS
} StmtId;

/* SQLite sorts NULL first, so a date-only entry comes before the timed
 * entries of its day, and ties fall back to the order of entry. */
static const char * const stmt_sql[N_STMTS] = {
  [STMT_PATIENT_LIST] =
    "SELECT " PATIENT_COLUMNS " FROM patient ORDER BY code, id",
  [STMT_PATIENT_LIST_BY_ID] =
    "SELECT " PATIENT_COLUMNS " FROM patient ORDER BY id",
  [STMT_PATIENT_GET] =
    "SELECT " PATIENT_COLUMNS " FROM patient WHERE id = ?1",
  [STMT_PATIENT_FIND] =
    "SELECT " PATIENT_COLUMNS " FROM patient WHERE code = ?1",
  [STMT_PATIENT_INSERT] =
    "INSERT INTO patient (code, name, birth_year, preferred_scale, notes, archived)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
  [STMT_PATIENT_UPDATE] =
    "UPDATE patient SET code = ?1, name = ?2, birth_year = ?3, preferred_scale = ?4,"
    " notes = ?5, archived = ?6 WHERE id = ?7",
  [STMT_PATIENT_DELETE] =
    "DELETE FROM patient WHERE id = ?1",
  /* One pass for the whole sidebar.  ?1 is the side-effect scale, which
   * is never a patient's latest score; ?2 the scale for patients with no preferred one.  Both lookups
   * walk score_patient_time backwards and stop at the first match,
   * reading the index alone. */
  [STMT_SUMMARIES] =
    "SELECT p.id, p.code, p.name, p.birth_year, p.preferred_scale, p.notes, p.archived,"
    "  ls.scale, ls.total, ls.at"
    " FROM patient p"
    " LEFT JOIN score ls ON ls.id = coalesce ("
    "   (SELECT id FROM score WHERE patient_id = p.id AND scale = coalesce (p.preferred_scale, ?2)"
    "    ORDER BY day DESC, second DESC, id DESC LIMIT 1),"
    "   (SELECT id FROM score WHERE patient_id = p.id AND scale <> ?1"
    "    ORDER BY day DESC, second DESC, id DESC LIMIT 1))"
    " ORDER BY p.code, p.id",
  /* The same, then the counts and the last activity: a done session
   * above a rating of the same day and time, since a date-only rating on
   * a session's day is the pre-dose one (clinical rules §2). */
  [STMT_SUMMARIES_ACTIVITY] =
    "SELECT p.id, p.code, p.name, p.birth_year, p.preferred_scale, p.notes, p.archived,"
    "  ls.scale, ls.total, ls.at,"
    "  (SELECT count(*) FROM session s WHERE s.patient_id = p.id),"
    "  (SELECT count(*) FROM score c WHERE c.patient_id = p.id),"
    "  (SELECT at FROM ("
    "     SELECT * FROM (SELECT at, day, second, 1 AS kind, id FROM session"
    "                    WHERE patient_id = p.id AND status = 'done'"
    "                    ORDER BY day DESC, second DESC, id DESC LIMIT 1)"
    "     UNION ALL"
    "     SELECT * FROM (SELECT at, day, second, 0 AS kind, id FROM score"
    "                    WHERE patient_id = p.id ORDER BY day DESC, second DESC, id DESC LIMIT 1))"
    "   ORDER BY day DESC, second DESC, kind DESC, id DESC LIMIT 1)"
    " FROM patient p"
    " LEFT JOIN score ls ON ls.id = coalesce ("
    "   (SELECT id FROM score WHERE patient_id = p.id AND scale = coalesce (p.preferred_scale, ?2)"
    "    ORDER BY day DESC, second DESC, id DESC LIMIT 1),"
    "   (SELECT id FROM score WHERE patient_id = p.id AND scale <> ?1"
    "    ORDER BY day DESC, second DESC, id DESC LIMIT 1))"
    " ORDER BY p.code, p.id",
  [STMT_SESSION_LIST_ALL] =
    "SELECT " SESSION_COLUMNS " FROM session ORDER BY patient_id, day, second, id",
  /* Only columns of session_patient_time: read from the index alone. */
  [STMT_SESSION_RULES_ALL] =
    "SELECT id, patient_id, day, second, status FROM session"
    " ORDER BY patient_id, day, second, id",
  [STMT_SESSION_LIST] =
    "SELECT " SESSION_COLUMNS " FROM session WHERE patient_id = ?1 ORDER BY day, second, id",
  [STMT_SESSION_GET] =
    "SELECT " SESSION_COLUMNS " FROM session WHERE id = ?1",
  [STMT_SESSION_INSERT] =
    "INSERT INTO session (patient_id, at, day, second, status, phase, route, dose_mg,"
    " bp_before_systolic, bp_before_diastolic, bp_after_systolic, bp_after_diastolic, note)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
  [STMT_SESSION_UPDATE] =
    "UPDATE session SET patient_id = ?1, at = ?2, day = ?3, second = ?4, status = ?5,"
    " phase = ?6, route = ?7, dose_mg = ?8, bp_before_systolic = ?9,"
    " bp_before_diastolic = ?10, bp_after_systolic = ?11, bp_after_diastolic = ?12,"
    " note = ?13 WHERE id = ?14",
  [STMT_SESSION_DELETE] =
    "DELETE FROM session WHERE id = ?1",
  [STMT_SCORE_LIST_ALL] =
    "SELECT " SCORE_COLUMNS " FROM score ORDER BY patient_id, day, second, id",
  /* Only columns of score_patient_time: read from the index alone. */
  [STMT_SCORE_RULES_ALL] =
    "SELECT id, patient_id, day, second, scale, total, items FROM score"
    " ORDER BY patient_id, day, second, id",
  [STMT_SCORE_LIST] =
    "SELECT " SCORE_COLUMNS " FROM score WHERE patient_id = ?1 ORDER BY day, second, id",
  [STMT_SCORE_GET] =
    "SELECT " SCORE_COLUMNS " FROM score WHERE id = ?1",
  [STMT_SCORE_INSERT] =
    "INSERT INTO score (patient_id, at, day, second, scale, total, items, rater, note)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  [STMT_SCORE_UPDATE] =
    "UPDATE score SET patient_id = ?1, at = ?2, day = ?3, second = ?4, scale = ?5,"
    " total = ?6, items = ?7, rater = ?8, note = ?9 WHERE id = ?10",
  [STMT_SCORE_DELETE] =
    "DELETE FROM score WHERE id = ?1",
  [STMT_AUDIT_INSERT] =
    "INSERT INTO audit (at, action, table_name, row_id, patient_id, patient_code,"
    " \"before\", \"after\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
  [STMT_AUDIT_LIST_ALL] =
    "SELECT " AUDIT_COLUMNS " FROM audit ORDER BY id",
  [STMT_AUDIT_LIST] =
    "SELECT " AUDIT_COLUMNS " FROM audit WHERE patient_id = ?1 ORDER BY id",
};

struct _EbbStore
{
  GObject        parent_instance;

  char          *path;
  sqlite3       *db;
  sqlite3_stmt  *stmts[N_STMTS];
  gboolean       read_only;

  guint          depth;             /* begin/commit nesting */
  gboolean       doomed;            /* an inner level rolled back: so will the outermost */
  sqlite3_int64  changes_at_begin;  /* to tell whether a transaction wrote anything */
  char          *tx_at;             /* the outermost transaction's time, for its audit rows */
  gint64         code_id;           /* one-entry cache: patient id → code, for audit rows */
  char          *code;
};

G_DEFINE_FINAL_TYPE (EbbStore, ebb_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ebb-store-error-quark, ebb_store_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A cached statement lent out for one use: giving it back resets it and
 * drops its bindings, whatever path the borrower leaves by. */
typedef sqlite3_stmt EbbBorrowedStmt;

static void
stmt_give_back (EbbBorrowedStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbBorrowedStmt, stmt_give_back)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef gboolean (*StoreWork) (EbbStore  *self,
                               gpointer   data,
                               GError   **error);

/* Errors */

/* Maps an SQLite result to an error the caller can act on; the detail
 * from SQLite is kept in the message for the rare report to us. */
static void
set_db_error (GError     **error,
              const char  *path,
              sqlite3     *db,
              int          rc)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_LOCKED,
                   _("“%s” is in use by another program: close the other program "
                     "(or the other Ebb window) and try again"),
                   path);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                   /* Translators: the first %s is a file, the second SQLite's own
                    * words for the problem, in English */
                   _("“%s” cannot be written (%s): check that you may change the file "
                     "and its folder, or open it read-only"),
                   path, detail);
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged (%s): restore it from a backup"),
                   path, detail);
      break;

    case SQLITE_NOTADB:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is not an Ebb clinic database (it is not a database at all): "
                     "choose another file"),
                   path);
      break;

    case SQLITE_FULL:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("There is no space left on the disk that holds “%s”: "
                     "free some space and try again"),
                   path);
      break;

    case SQLITE_CONSTRAINT:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("The change was refused by “%s”: %s"),
                   path, detail);
      break;

    default:
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("“%s” could not be used (%s): check the disk, then try again"),
                   path, detail);
      break;
    }
}

/* Errors from the model (dates, scales) reach the caller as a refused
 * change, keeping the model's own wording. */
static void
propagate_as_constraint (GError **error,
                         GError  *local_error)
{
  g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                       local_error->message);
  g_error_free (local_error);
}

static gboolean
check_utf8 (const char  *what,
            const char  *text,
            GError     **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   /* Translators: %s is a field, e.g. "patient name" */
                   _("The %s is not valid UTF-8 text"),
                   g_dpgettext2 (GETTEXT_PACKAGE, "field", what));
      return FALSE;
    }
  return TRUE;
}

/* JSON for the audit trail: a flat object of one row's columns, in
 * column order, so two versions of a row can be compared by eye. */

static void
json_key (GString    *json,
          const char *key)
{
  g_string_append_c (json, json->len > 1 ? ',' : '{');
  ebb_json_append_string (json, key);
  g_string_append_c (json, ':');
}

static void
json_member_string (GString    *json,
                    const char *key,
                    const char *value)
{
  json_key (json, key);
  ebb_json_append_string (json, value);
}

static void
json_member_int (GString    *json,
                 const char *key,
                 gint64      value)
{
  char buf[24], *p = buf + sizeof buf;
  guint64 v = value < 0 ? -(guint64) value : (guint64) value;

  /* Two audit rows a second during an import: no printf. */
  json_key (json, key);
  *--p = '\0';
  do
    *--p = (char) ('0' + v % 10);
  while ((v /= 10) > 0);
  if (value < 0)
    *--p = '-';
  g_string_append (json, p);
}

/* Zero stands for "not recorded" in the model's integer fields. */
static void
json_member_int_or_null (GString    *json,
                         const char *key,
                         int         value)
{
  if (value != 0)
    {
      json_member_int (json, key, value);
      return;
    }
  json_key (json, key);
  g_string_append (json, "null");
}

static char *
json_end (GString *json)
{
  if (json->len == 0)
    g_string_append_c (json, '{');
  g_string_append_c (json, '}');
  return g_string_free (json, FALSE);
}

static char *
patient_to_json (const EbbPatient *patient)
{
  GString *json = g_string_new (NULL);

  json_member_int (json, "id", patient->id);
  json_member_string (json, "code", patient->code);
  json_member_string (json, "name", patient->name);
  json_member_int_or_null (json, "birth_year", patient->birth_year);
  json_member_string (json, "preferred_scale", patient->preferred_scale);
  json_member_string (json, "notes", patient->notes);
  json_member_int (json, "archived", patient->archived ? 1 : 0);
  return json_end (json);
}

/* day and second are left out: they are derived from "at". */
static char *
session_to_json (const EbbSession *session)
{
  GString *json = g_string_new (NULL);

  json_member_int (json, "id", session->id);
  json_member_int (json, "patient_id", session->patient_id);
  json_member_string (json, "at", session->when_text);
  json_member_string (json, "status", ebb_session_status_to_string (session->status));
  json_member_string (json, "phase", ebb_phase_to_string (session->phase));
  json_member_string (json, "route", ebb_route_to_string (session->route));
  json_key (json, "dose_mg");
  if (session->dose_mg >= 0)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      /* 15 significant digits print 0.1 as 0.1, not as its binary neighbour. */
      g_string_append (json, g_ascii_formatd (buf, sizeof buf, "%.15g", session->dose_mg));
    }
  else
    {
      g_string_append (json, "null");
    }
  json_member_int_or_null (json, "bp_before_systolic", session->bp_before_systolic);
  json_member_int_or_null (json, "bp_before_diastolic", session->bp_before_diastolic);
  json_member_int_or_null (json, "bp_after_systolic", session->bp_after_systolic);
  json_member_int_or_null (json, "bp_after_diastolic", session->bp_after_diastolic);
  json_member_string (json, "note", session->note);
  return json_end (json);
}

static char *
score_to_json (const EbbScore *score)
{
  GString *json = g_string_new (NULL);
  g_autofree char *items = score->n_items > 0 ? ebb_score_items_to_string (score) : NULL;

  json_member_int (json, "id", score->id);
  json_member_int (json, "patient_id", score->patient_id);
  json_member_string (json, "at", score->when_text);
  json_member_string (json, "scale", score->scale_id);
  json_member_int (json, "total", score->total);
  json_member_string (json, "items", items);
  json_member_string (json, "rater", score->rater);
  json_member_string (json, "note", score->note);
  return json_end (json);
}

/* Files */

static void
remove_database_files (const char *path)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *sidecar = g_strconcat (path, suffixes[i], NULL);

      g_unlink (sidecar);
    }
  g_unlink (path);
}

/* Creates @path empty with mode 0600 before SQLite sees it: SQLite would
 * create it with 0644 less the umask, and gives the -wal and -shm files
 * the mode of the database file, so this keeps all three private. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, EBB_STORE_ERROR,
                   saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS
                     ? EBB_STORE_ERROR_READ_ONLY : EBB_STORE_ERROR_FAILED,
                   _("The folder for “%s” could not be created (%s): choose another place for the file"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      EbbStoreError code = EBB_STORE_ERROR_FAILED;

      if (saved_errno == EACCES || saved_errno == EPERM || saved_errno == EROFS)
        code = EBB_STORE_ERROR_READ_ONLY;
      g_set_error (error, EBB_STORE_ERROR, code,
                   _("“%s” could not be created (%s): choose another place for the file"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  /* The umask can only have taken bits away; make the mode exactly 0600. */
  if (fchmod (fd, 0600) != 0)
    {
      int saved_errno = errno;

      g_close (fd, NULL);
      g_unlink (path);
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("“%s” could not be made private (%s): choose another place for the file"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  if (!g_close (fd, NULL))
    {
      g_unlink (path);
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("“%s” could not be created: choose another place for the file"), path);
      return FALSE;
    }
  return TRUE;
}

/* SQLite needs to write the file and create the -wal and -shm files next
 * to it; asking first gives a clear message instead of a failure halfway
 * through the first change. */
static gboolean
check_writable (const char  *path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (access (path, W_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                   _("“%s” cannot be changed (%s): ask for permission to write it, "
                     "or open it read-only"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }
  if (access (dir, W_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                   _("The folder of “%s” cannot be written (%s), and Ebb keeps the "
                     "database's journal there: ask for permission to write the folder, "
                     "move the file, or open it read-only"),
                   path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* Opening */

/* Whether a journal next to @path holds changes not yet in the file. */
static gboolean
has_pending_journal (const char *path)
{
  static const char * const suffixes[] = { "-wal", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *sidecar = g_strconcat (path, suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (sidecar, &st) == 0 && st.st_size > 0)
        return TRUE;
    }
  return FALSE;
}

/* Debian builds SQLite with URI filenames on, so a path that happens to
 * start with "file:" would be read as a URI and could name another file
 * than the one checked and created here.  This URI names exactly @path. */
static char *
database_uri (const char *path,
              gboolean    immutable)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (absolute, "/", FALSE);

  if (immutable)
    return g_strconcat ("file:", escaped, "?immutable=1", NULL);
  return g_strconcat ("file:", escaped, NULL);
}

static int
query_int (sqlite3    *db,
           const char *sql,
           gint64     *value)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *value = 0;
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      return SQLITE_OK;
    }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static gboolean
run_migrations (sqlite3     *db,
                const char  *path,
                GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      gint64 version;
      int rc;

      rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          set_db_error (error, path, db, rc);
          return FALSE;
        }

      /* Read under the write lock: another Ebb may have upgraded the
       * file since we looked. */
      rc = query_int (db, "PRAGMA user_version", &version);
      if (rc == SQLITE_OK && version < migrations[i].version)
        {
          rc = sqlite3_exec (db, migrations[i].sql, NULL, NULL, NULL);
          if (rc == SQLITE_OK)
            rc = sqlite3_exec (db, "PRAGMA application_id = " G_STRINGIFY (EBB_APPLICATION_ID),
                               NULL, NULL, NULL);
        }
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

      if (rc != SQLITE_OK)
        {
          int primary = rc & 0xff;

          if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_READONLY ||
              primary == SQLITE_FULL || primary == SQLITE_CORRUPT)
            set_db_error (error, path, db, rc);
          else
            g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                         _("“%s” could not be upgraded to schema %d (%s) and was left as "
                           "it was: please report this problem"),
                         path, migrations[i].version, sqlite3_errmsg (db));
          if (!sqlite3_get_autocommit (db))
            sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }
  return TRUE;
}

/* Everything up to the schema check only reads, so a file that turns out
 * not to be ours, or to be newer than us, is closed untouched. */
static sqlite3 *
open_database (const char  *path,
               gboolean     read_only,
               GError     **error)
{
  sqlite3 *db = NULL;
  g_autofree char *uri = NULL;
  gint64 application_id, version, n_objects;
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_URI;
  g_autofree char *folder = g_path_get_dirname (path);
  gboolean immutable, query_only;
  int rc;

  /* A read-only connection to a WAL file creates -wal and -shm files with
   * the file's own mode and leaves them behind.  Next to a file we may not
   * write they would be unwritable too, and would later stop the file's
   * owner from saving.  A file we cannot write, with no journal pending, is
   * a snapshot for us: read it as immutable, which creates nothing. */
  immutable = read_only && access (path, W_OK) != 0 && !has_pending_journal (path);

  /* Beside a file it could write, a read-only connection leaves them too,
   * even beside a damaged file it refused.  Where the file and its folder
   * may be written, read through a read-write connection held to queries
   * instead: as the last connection to close, it removes both. */
  query_only = read_only && !immutable && access (path, W_OK) == 0 && access (folder, W_OK) == 0;

  /* Never SQLITE_OPEN_CREATE: a missing file was created by us, 0600. */
  flags |= read_only && !query_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;

  uri = database_uri (path, immutable);
  rc = sqlite3_open_v2 (uri, &db, flags, NULL);
  if (rc != SQLITE_OK)
    goto failed;

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  /* Before anything is read, so that nothing can ever be written. */
  if (query_only)
    {
      rc = sqlite3_exec (db, "PRAGMA query_only = ON", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        goto failed;
    }

  rc = query_int (db, "PRAGMA application_id", &application_id);
  if (rc == SQLITE_OK)
    rc = query_int (db, "PRAGMA user_version", &version);
  if (rc == SQLITE_OK)
    rc = query_int (db, "SELECT count(*) FROM sqlite_master", &n_objects);
  if (rc != SQLITE_OK)
    goto failed;

  /* A database without our mark is someone else's, unless it is blank
   * (nothing in it at all), which we may set up as a new clinic. */
  if (application_id != EBB_APPLICATION_ID &&
      (application_id != 0 || version != 0 || n_objects != 0))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is a database that was not made by Ebb: it was left untouched. "
                     "Choose an Ebb clinic file, or a new file name"),
                   path);
      goto closed;
    }
  if (version > EBB_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Ebb (schema %lld); "
                     "this version reads up to %d. Update Ebb to open it"),
                   path, (long long) version, EBB_STORE_SCHEMA_VERSION);
      goto closed;
    }
  if (version < EBB_STORE_SCHEMA_VERSION && read_only)
    {
      if (version == 0)
        g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                     _("“%s” is a blank database, and a file opened read-only cannot be "
                       "set up as a clinic: open it without read-only mode"),
                     path);
      else
        g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                     _("“%s” was made by an older version of Ebb (schema %lld) "
                       "and must be upgraded to schema %d before it can be read: open it "
                       "once without read-only mode"),
                     path, (long long) version, EBB_STORE_SCHEMA_VERSION);
      goto closed;
    }

  rc = sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  /* WAL lets the window read while a long import writes; switching to it
   * writes the header, so a read-only connection takes the file as is. */
  if (rc == SQLITE_OK && !read_only)
    rc = sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
  /* What the user typed must survive a power cut once they saw it saved. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    goto failed;

  if (version < EBB_STORE_SCHEMA_VERSION && !run_migrations (db, path, error))
    goto closed;

  return db;

failed:
  if (db == NULL)
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                 _("“%s” could not be opened: %s"), path, sqlite3_errstr (rc));
  else if ((rc & 0xff) == SQLITE_CANTOPEN)
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                 _("“%s” could not be opened (%s): check that the file and its folder "
                   "can be read"),
                 path, sqlite3_errmsg (db));
  else
    set_db_error (error, path, db, rc);
closed:
  sqlite3_close (db);
  return NULL;
}

/* Statements */

static EbbBorrowedStmt *
borrow_stmt (EbbStore  *self,
             StmtId     id,
             GError   **error)
{
  g_assert (id < N_STMTS);
  g_return_val_if_fail (self->db != NULL, NULL);

  if (self->stmts[id] == NULL)
    {
      int rc = sqlite3_prepare_v3 (self->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                                   &self->stmts[id], NULL);

      if (rc != SQLITE_OK)
        {
          set_db_error (error, self->path, self->db, rc);
          return NULL;
        }
    }

  /* Lending a statement that is still stepping would reset it under its
   * other borrower. */
  g_assert (!sqlite3_stmt_busy (self->stmts[id]));
  return self->stmts[id];
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Zero stands for "not recorded" in the model's integer fields. */
static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           index,
                  int           value)
{
  if (value != 0)
    sqlite3_bind_int (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_when (sqlite3_stmt  *stmt,
           int            index,
           const EbbWhen *when)
{
  sqlite3_bind_int (stmt, index, when->day);
  if (EBB_WHEN_HAS_TIME (when))
    sqlite3_bind_int (stmt, index + 1, when->second);
  else
    sqlite3_bind_null (stmt, index + 1);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
step_done (EbbStore      *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  set_db_error (error, self->path, self->db, rc);
  return FALSE;
}

/* Rows */

typedef gpointer (*RowReader) (EbbStore      *self,
                               sqlite3_stmt  *stmt,
                               GError       **error);

static gpointer
read_patient (EbbStore      *self,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  EbbPatient *patient = ebb_patient_new ((const char *) sqlite3_column_text (stmt, 1),
                                         (const char *) sqlite3_column_text (stmt, 2));

  patient->id = sqlite3_column_int64 (stmt, 0);
  patient->birth_year = sqlite3_column_int (stmt, 3);
  patient->preferred_scale = dup_column (stmt, 4);
  patient->notes = dup_column (stmt, 5);
  patient->archived = sqlite3_column_int (stmt, 6) != 0;
  return patient;
}

static gboolean
read_when (sqlite3_stmt *stmt,
           int           column,
           EbbWhen      *when)
{
  when->day = sqlite3_column_int (stmt, column);
  if (sqlite3_column_type (stmt, column + 1) == SQLITE_NULL)
    when->second = -1;
  else
    when->second = sqlite3_column_int (stmt, column + 1);
  return when->day > 0;
}

static void
set_bad_row_error (EbbStore    *self,
                   const char  *what,
                   gint64       id,
                   GError     **error)
{
  /* Whole sentences for each @what, for translators. */
  if (g_str_equal (what, "Session"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                 /* Translators: "Session 12 in “clinic.db” holds a value …" */
                 _("Session %lld in “%s” holds a value Ebb cannot read: "
                   "the file was changed outside Ebb. Restore it from a backup"),
                 (long long) id, self->path);
  else
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CORRUPT,
                 _("Rating %lld in “%s” holds a value Ebb cannot read: "
                   "the file was changed outside Ebb. Restore it from a backup"),
                 (long long) id, self->path);
}

static gpointer
read_session (EbbStore      *self,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  g_autoptr(EbbSession) session = ebb_session_new ();

  session->id = sqlite3_column_int64 (stmt, 0);
  session->patient_id = sqlite3_column_int64 (stmt, 1);
  session->when_text = dup_column (stmt, 2);
  if (session->when_text == NULL ||
      !read_when (stmt, 3, &session->when) ||
      !ebb_session_status_from_string ((const char *) sqlite3_column_text (stmt, 5), &session->status) ||
      !ebb_phase_from_string ((const char *) sqlite3_column_text (stmt, 6), &session->phase) ||
      !ebb_route_from_string ((const char *) sqlite3_column_text (stmt, 7), &session->route))
    {
      set_bad_row_error (self, "Session", session->id, error);
      return NULL;
    }
  if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
    session->dose_mg = sqlite3_column_double (stmt, 8);
  session->bp_before_systolic = sqlite3_column_int (stmt, 9);
  session->bp_before_diastolic = sqlite3_column_int (stmt, 10);
  session->bp_after_systolic = sqlite3_column_int (stmt, 11);
  session->bp_after_diastolic = sqlite3_column_int (stmt, 12);
  session->note = dup_column (stmt, 13);
  return g_steal_pointer (&session);
}

/* Item values are stored as written by ebb_score_items_to_string ():
 * parsed in place into the score's own array, one allocation a row. */
static gboolean
parse_items (const char *text,
             EbbScore   *score)
{
  guint n = 1;

  if (text == NULL || *text == '\0')
    return TRUE;
  for (const char *p = text; *p != '\0'; p++)
    n += *p == ' ';
  score->items = g_new (int, n);
  score->n_items = 0;
  for (const char *p = text; ; )
    {
      char *end;
      gint64 value = g_ascii_strtoll (p, &end, 10);

      if (end == p || value < G_MININT || value > G_MAXINT ||
          (*end != ' ' && *end != '\0') || score->n_items == n)
        return FALSE;
      score->items[score->n_items++] = (int) value;
      if (*end == '\0')
        return TRUE;
      p = end + 1;
    }
}

static gpointer
read_score (EbbStore      *self,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  g_autoptr(EbbScore) score = ebb_score_new ();

  score->id = sqlite3_column_int64 (stmt, 0);
  score->patient_id = sqlite3_column_int64 (stmt, 1);
  score->when_text = dup_column (stmt, 2);
  score->scale_id = dup_column (stmt, 5);
  score->total = sqlite3_column_int (stmt, 6);
  if (score->when_text == NULL ||
      score->scale_id == NULL ||
      !read_when (stmt, 3, &score->when) ||
      !parse_items ((const char *) sqlite3_column_text (stmt, 7), score))
    {
      set_bad_row_error (self, "Rating", score->id, error);
      return NULL;
    }
  score->rater = dup_column (stmt, 8);
  score->note = dup_column (stmt, 9);
  return g_steal_pointer (&score);
}

/* A session as the clinical rules read it (STMT_SESSION_RULES_ALL): its
 * time and status.  The other fields keep ebb_session_new()'s defaults,
 * and when_text is NULL. */
static gpointer
read_session_for_rules (EbbStore      *self,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  g_autoptr(EbbSession) session = ebb_session_new ();

  session->id = sqlite3_column_int64 (stmt, 0);
  session->patient_id = sqlite3_column_int64 (stmt, 1);
  if (!read_when (stmt, 2, &session->when) ||
      !ebb_session_status_from_string ((const char *) sqlite3_column_text (stmt, 4), &session->status))
    {
      set_bad_row_error (self, "Session", session->id, error);
      return NULL;
    }
  return g_steal_pointer (&session);
}

/* A rating as the clinical rules read it (STMT_SCORE_RULES_ALL): time,
 * scale, total and items; when_text, rater and note are NULL. */
static gpointer
read_score_for_rules (EbbStore      *self,
                      sqlite3_stmt  *stmt,
                      GError       **error)
{
  g_autoptr(EbbScore) score = ebb_score_new ();

  score->id = sqlite3_column_int64 (stmt, 0);
  score->patient_id = sqlite3_column_int64 (stmt, 1);
  score->scale_id = dup_column (stmt, 4);
  score->total = sqlite3_column_int (stmt, 5);
  if (score->scale_id == NULL ||
      !read_when (stmt, 2, &score->when) ||
      !parse_items ((const char *) sqlite3_column_text (stmt, 6), score))
    {
      set_bad_row_error (self, "Rating", score->id, error);
      return NULL;
    }
  return g_steal_pointer (&score);
}

static gpointer
read_audit_entry (EbbStore      *self,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  EbbAuditEntry *entry = g_new0 (EbbAuditEntry, 1);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->at = dup_column (stmt, 1);
  entry->action = dup_column (stmt, 2);
  entry->table_name = dup_column (stmt, 3);
  entry->row_id = sqlite3_column_int64 (stmt, 4);
  entry->patient_code = dup_column (stmt, 5);
  entry->before = dup_column (stmt, 6);
  entry->after = dup_column (stmt, 7);
  return entry;
}

static GPtrArray *
collect_rows (EbbStore       *self,
              sqlite3_stmt   *stmt,
              RowReader       read_row,
              GDestroyNotify  free_row,
              GError        **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_row);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gpointer row = read_row (self, stmt, error);

      if (row == NULL)
        return NULL;
      g_ptr_array_add (rows, row);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/* Fetches at most one row by id; FALSE only when the database failed, so
 * a missing row (*out == NULL) can be reported in the caller's words. */
static gboolean
fetch_by_id (EbbStore   *self,
             StmtId      stmt_id,
             gint64      id,
             RowReader   read_row,
             gpointer   *out,
             GError    **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = borrow_stmt (self, stmt_id, error);
  int rc;

  *out = NULL;
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = read_row (self, stmt, error);
      return *out != NULL;
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc);
      return FALSE;
    }
  return TRUE;
}

static void
set_no_such_row_error (GError     **error,
                       const char  *what,
                       gint64       id)
{
  /* Whole sentences for each @what, for translators. */
  if (g_str_equal (what, "patient"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no patient with id %lld: it may have been deleted"), (long long) id);
  else if (g_str_equal (what, "session"))
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no session with id %lld: it may have been deleted"), (long long) id);
  else
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no rating with id %lld: it may have been deleted"), (long long) id);
}

/* The code of the patient a session or rating belongs to, for the audit
 * trail; a missing patient refuses the change in plain words before the
 * foreign key would. */
static gboolean
lookup_patient_code (EbbStore    *self,
                     gint64       patient_id,
                     const char  *what,
                     char       **code,
                     GError     **error)
{
  g_autoptr(EbbPatient) patient = NULL;

  /* An import adds its rows patient by patient: one lookup each. */
  if (self->code != NULL && self->code_id == patient_id)
    {
      *code = g_strdup (self->code);
      return TRUE;
    }
  if (!fetch_by_id (self, STMT_PATIENT_GET, patient_id, read_patient,
                    (gpointer *) &patient, error))
    return FALSE;
  if (patient == NULL)
    {
      if (g_str_equal (what, "session"))
        g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                     _("The session cannot be stored: there is no patient with id %lld"),
                     (long long) patient_id);
      else
        g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                     _("The rating cannot be stored: there is no patient with id %lld"),
                     (long long) patient_id);
      return FALSE;
    }
  g_free (self->code);
  self->code = g_strdup (patient->code);
  self->code_id = patient_id;
  *code = g_steal_pointer (&patient->code);
  return TRUE;
}

/* Audit */

static gboolean
write_audit (EbbStore    *self,
             const char  *action,
             const char  *table_name,
             gint64       row_id,
             gint64       patient_id,
             const char  *patient_code,
             const char  *before,
             const char  *after,
             GError     **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = borrow_stmt (self, STMT_AUDIT_INSERT, error);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *own_at = NULL;
  const char *at = self->tx_at;

  if (at == NULL)
    {
      now = g_date_time_new_now_utc ();
      at = own_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
    }

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, at);
  bind_text (stmt, 2, action);
  bind_text (stmt, 3, table_name);
  sqlite3_bind_int64 (stmt, 4, row_id);
  sqlite3_bind_int64 (stmt, 5, patient_id);
  bind_text (stmt, 6, patient_code);
  bind_text (stmt, 7, before);
  bind_text (stmt, 8, after);
  return step_done (self, stmt, error);
}

/* Validation: input is checked and normalised before anything is
 * attempted, so refused input never dooms a caller's transaction. */

static EbbPatient *
normalise_patient (const EbbPatient  *patient,
                   GError           **error)
{
  g_autoptr(EbbPatient) copy = NULL;
  g_autofree char *stripped = NULL;

  /* Translators: fields named in "The %s is not valid UTF-8 text" */
  if (!check_utf8 (NC_("field", "patient code"), patient->code, error) ||
      !check_utf8 (NC_("field", "patient name"), patient->name, error) ||
      !check_utf8 (NC_("field", "preferred scale"), patient->preferred_scale, error) ||
      !check_utf8 (NC_("field", "patient notes"), patient->notes, error))
    return NULL;

  stripped = g_strstrip (g_strdup (patient->code ? patient->code : ""));
  if (*stripped == '\0')
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("A patient needs a clinic code"));
      return NULL;
    }
  if (patient->birth_year != 0 &&
      (patient->birth_year < BIRTH_YEAR_MIN || patient->birth_year > BIRTH_YEAR_MAX))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("Birth year %d is not plausible: use a year from %d to %d, or leave it empty"),
                   patient->birth_year, BIRTH_YEAR_MIN, BIRTH_YEAR_MAX);
      return NULL;
    }

  copy = ebb_patient_copy (patient);
  if (copy->name == NULL)
    copy->name = g_strdup ("");
  copy->archived = patient->archived ? TRUE : FALSE;

  g_clear_pointer (&copy->preferred_scale, g_free);
  if (patient->preferred_scale != NULL && *patient->preferred_scale != '\0')
    {
      GError *local_error = NULL;
      const EbbScale *scale = ebb_scale_lookup_checked (patient->preferred_scale, &local_error);

      if (scale == NULL)
        {
          propagate_as_constraint (error, local_error);
          return NULL;
        }
      copy->preferred_scale = g_strdup (scale->id);
    }
  return g_steal_pointer (&copy);
}

static gboolean
parse_when (const char  *text,
            const char  *what,
            EbbWhen     *when,
            GError     **error)
{
  GError *local_error = NULL;

  if (text == NULL)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           g_str_equal (what, "session") ? _("A session needs a date") :
                           _("A rating needs a date"));
      return FALSE;
    }
  if (!ebb_when_parse (text, when, &local_error))
    {
      propagate_as_constraint (error, local_error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_blood_pressure (int      value,
                      GError **error)
{
  if (value < 0 || value > BLOOD_PRESSURE_MAX)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                   _("Blood pressure %d is out of range: use 1–%d mmHg, or leave it empty"),
                   value, BLOOD_PRESSURE_MAX);
      return FALSE;
    }
  return TRUE;
}

static EbbSession *
normalise_session (const EbbSession  *session,
                   GError           **error)
{
  g_autoptr(EbbSession) copy = NULL;
  EbbWhen when;

  if (!check_utf8 (NC_("field", "session date"), session->when_text, error) ||
      !check_utf8 (NC_("field", "session note"), session->note, error) ||
      !parse_when (session->when_text, "session", &when, error))
    return NULL;

  if ((guint) session->status > EBB_SESSION_MISSED ||
      (guint) session->phase > EBB_PHASE_RESCUE ||
      (guint) session->route > EBB_ROUTE_SUBLINGUAL)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The session's status, phase or route is not one Ebb knows"));
      return NULL;
    }
  if (isnan (session->dose_mg) || isinf (session->dose_mg))
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("The dose is not a number: enter it in mg, or leave it empty"));
      return NULL;
    }
  if (!check_blood_pressure (session->bp_before_systolic, error) ||
      !check_blood_pressure (session->bp_before_diastolic, error) ||
      !check_blood_pressure (session->bp_after_systolic, error) ||
      !check_blood_pressure (session->bp_after_diastolic, error))
    return NULL;

  copy = ebb_session_copy (session);
  copy->when = when;
  if (copy->dose_mg < 0)
    copy->dose_mg = -1;
  return g_steal_pointer (&copy);
}

static EbbScore *
normalise_score (const EbbScore  *score,
                 GError         **error)
{
  g_autoptr(EbbScore) copy = NULL;
  const EbbScale *scale;
  GError *local_error = NULL;
  EbbWhen when;

  if (!check_utf8 (NC_("field", "rating date"), score->when_text, error) ||
      !check_utf8 (NC_("field", "scale"), score->scale_id, error) ||
      !check_utf8 (NC_("field", "rater"), score->rater, error) ||
      !check_utf8 (NC_("field", "rating note"), score->note, error) ||
      !parse_when (score->when_text, "rating", &when, error))
    return NULL;

  if (score->scale_id == NULL)
    {
      g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                           _("A rating needs a scale"));
      return NULL;
    }
  scale = ebb_scale_lookup_checked (score->scale_id, &local_error);
  if (scale == NULL ||
      !ebb_scale_validate (scale, score->total, score->items, score->n_items, &local_error))
    {
      propagate_as_constraint (error, local_error);
      return NULL;
    }

  copy = ebb_score_copy (score);
  copy->when = when;
  g_free (copy->scale_id);
  copy->scale_id = g_strdup (scale->id);
  return g_steal_pointer (&copy);
}

/* Transactions */

static void
finish_rollback (EbbStore *self)
{
  /* After some errors (a full disk, for one) SQLite has already rolled
   * back by itself, and a second ROLLBACK would only fail. */
  if (!sqlite3_get_autocommit (self->db))
    {
      int rc = sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

      if (rc != SQLITE_OK)
        g_warning ("Could not roll back a transaction: %s", sqlite3_errstr (rc));
    }
  self->doomed = FALSE;
}

static void
set_doomed_error (GError **error)
{
  g_set_error_literal (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                       _("An earlier step of this change failed, so none of it was saved"));
}

/* One call, one transaction: nested inside the caller's when there is one. */
static gboolean
run_in_transaction (EbbStore   *self,
                    StoreWork   work,
                    gpointer    data,
                    GError    **error)
{
  if (!ebb_store_begin (self, error))
    return FALSE;
  if (!work (self, data, error))
    {
      ebb_store_rollback (self);
      return FALSE;
    }
  return ebb_store_commit (self, error);
}

/* Work done inside a transaction */

static gboolean
set_patient_write_error (EbbStore          *self,
                         const EbbPatient  *patient,
                         int                rc,
                         GError           **error)
{
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT,
                 _("There is already a patient with the code “%s”: choose another code"),
                 patient->code);
  else
    set_db_error (error, self->path, self->db, rc);
  return FALSE;
}

static void
bind_patient (sqlite3_stmt     *stmt,
              const EbbPatient *patient)
{
  bind_text (stmt, 1, patient->code);
  bind_text (stmt, 2, patient->name);
  bind_int_or_null (stmt, 3, patient->birth_year);
  bind_text (stmt, 4, patient->preferred_scale);
  bind_text (stmt, 5, patient->notes);
  sqlite3_bind_int (stmt, 6, patient->archived ? 1 : 0);
}

static gboolean
insert_patient (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  EbbPatient *patient = data;
  g_autofree char *after = NULL;
  int rc;

  {
    g_autoptr(EbbBorrowedStmt) stmt = borrow_stmt (self, STMT_PATIENT_INSERT, error);

    if (stmt == NULL)
      return FALSE;
    bind_patient (stmt, patient);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      return set_patient_write_error (self, patient, rc, error);
  }

  patient->id = sqlite3_last_insert_rowid (self->db);
  after = patient_to_json (patient);
  return write_audit (self, "insert", "patient", patient->id, patient->id,
                      patient->code, NULL, after, error);
}

static gboolean
update_patient (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  const EbbPatient *patient = data;
  g_autoptr(EbbPatient) old = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int rc;

  g_clear_pointer (&self->code, g_free);

  if (!fetch_by_id (self, STMT_PATIENT_GET, patient->id, read_patient, (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      set_no_such_row_error (error, "patient", patient->id);
      return FALSE;
    }

  {
    g_autoptr(EbbBorrowedStmt) stmt = borrow_stmt (self, STMT_PATIENT_UPDATE, error);

    if (stmt == NULL)
      return FALSE;
    bind_patient (stmt, patient);
    sqlite3_bind_int64 (stmt, 7, patient->id);
    rc = sqlite3_step (stmt);
    if (rc != SQLITE_DONE)
      return set_patient_write_error (self, patient, rc, error);
  }

  before = patient_to_json (old);
  after = patient_to_json (patient);
  return write_audit (self, "update", "patient", patient->id, patient->id,
                      patient->code, before, after, error);
}

static GPtrArray *
list_rows (EbbStore        *self,
           StmtId           all,
           StmtId           one,
           gint64           patient_id,
           RowReader        read_row,
           GDestroyNotify   free_row,
           GError         **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = borrow_stmt (self, patient_id != 0 ? one : all, error);

  if (stmt == NULL)
    return NULL;
  if (patient_id != 0)
    sqlite3_bind_int64 (stmt, 1, patient_id);
  return collect_rows (self, stmt, read_row, free_row, error);
}

static gboolean
delete_by_id (EbbStore  *self,
              StmtId     stmt_id,
              gint64     id,
              GError   **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = borrow_stmt (self, stmt_id, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return step_done (self, stmt, error);
}

/* The foreign keys cascade the patient's sessions and ratings away; each
 * of them is audited first, so the trail alone can tell what was lost. */
static gboolean
delete_patient (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  gint64 id = *(const gint64 *) data;
  g_autoptr(EbbPatient) old = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autofree char *before = NULL;

  g_clear_pointer (&self->code, g_free);

  if (!fetch_by_id (self, STMT_PATIENT_GET, id, read_patient, (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      set_no_such_row_error (error, "patient", id);
      return FALSE;
    }

  sessions = list_rows (self, STMT_SESSION_LIST_ALL, STMT_SESSION_LIST, id, read_session,
                        (GDestroyNotify) ebb_session_free, error);
  if (sessions == NULL)
    return FALSE;
  for (guint i = 0; i < sessions->len; i++)
    {
      const EbbSession *session = g_ptr_array_index (sessions, i);
      g_autofree char *json = session_to_json (session);

      if (!write_audit (self, "delete", "session", session->id, id, old->code,
                        json, NULL, error))
        return FALSE;
    }

  scores = list_rows (self, STMT_SCORE_LIST_ALL, STMT_SCORE_LIST, id, read_score,
                      (GDestroyNotify) ebb_score_free, error);
  if (scores == NULL)
    return FALSE;
  for (guint i = 0; i < scores->len; i++)
    {
      const EbbScore *score = g_ptr_array_index (scores, i);
      g_autofree char *json = score_to_json (score);

      if (!write_audit (self, "delete", "score", score->id, id, old->code,
                        json, NULL, error))
        return FALSE;
    }

  if (!delete_by_id (self, STMT_PATIENT_DELETE, id, error))
    return FALSE;

  before = patient_to_json (old);
  return write_audit (self, "delete", "patient", id, id, old->code, before, NULL, error);
}

static void
bind_session (sqlite3_stmt     *stmt,
              const EbbSession *session)
{
  sqlite3_bind_int64 (stmt, 1, session->patient_id);
  bind_text (stmt, 2, session->when_text);
  bind_when (stmt, 3, &session->when);
  bind_text (stmt, 5, ebb_session_status_to_string (session->status));
  bind_text (stmt, 6, ebb_phase_to_string (session->phase));
  bind_text (stmt, 7, ebb_route_to_string (session->route));
  if (session->dose_mg >= 0)
    sqlite3_bind_double (stmt, 8, session->dose_mg);
  else
    sqlite3_bind_null (stmt, 8);
  bind_int_or_null (stmt, 9, session->bp_before_systolic);
  bind_int_or_null (stmt, 10, session->bp_before_diastolic);
  bind_int_or_null (stmt, 11, session->bp_after_systolic);
  bind_int_or_null (stmt, 12, session->bp_after_diastolic);
  bind_text (stmt, 13, session->note);
}

static gboolean
insert_session (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  EbbSession *session = data;
  g_autofree char *code = NULL;
  g_autofree char *after = NULL;

  if (!lookup_patient_code (self, session->patient_id, "session", &code, error))
    return FALSE;

  {
    g_autoptr(EbbBorrowedStmt) stmt = borrow_stmt (self, STMT_SESSION_INSERT, error);

    if (stmt == NULL)
      return FALSE;
    bind_session (stmt, session);
    if (!step_done (self, stmt, error))
      return FALSE;
  }

  session->id = sqlite3_last_insert_rowid (self->db);
  after = session_to_json (session);
  return write_audit (self, "insert", "session", session->id, session->patient_id,
                      code, NULL, after, error);
}

static gboolean
update_session (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  const EbbSession *session = data;
  g_autoptr(EbbSession) old = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!fetch_by_id (self, STMT_SESSION_GET, session->id, read_session, (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      set_no_such_row_error (error, "session", session->id);
      return FALSE;
    }
  if (!lookup_patient_code (self, session->patient_id, "session", &code, error))
    return FALSE;

  {
    g_autoptr(EbbBorrowedStmt) stmt = borrow_stmt (self, STMT_SESSION_UPDATE, error);

    if (stmt == NULL)
      return FALSE;
    bind_session (stmt, session);
    sqlite3_bind_int64 (stmt, 14, session->id);
    if (!step_done (self, stmt, error))
      return FALSE;
  }

  before = session_to_json (old);
  after = session_to_json (session);
  return write_audit (self, "update", "session", session->id, session->patient_id,
                      code, before, after, error);
}

static gboolean
delete_session (EbbStore  *self,
                gpointer   data,
                GError   **error)
{
  gint64 id = *(const gint64 *) data;
  g_autoptr(EbbSession) old = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;

  if (!fetch_by_id (self, STMT_SESSION_GET, id, read_session, (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      set_no_such_row_error (error, "session", id);
      return FALSE;
    }
  if (!lookup_patient_code (self, old->patient_id, "session", &code, error) ||
      !delete_by_id (self, STMT_SESSION_DELETE, id, error))
    return FALSE;

  before = session_to_json (old);
  return write_audit (self, "delete", "session", id, old->patient_id, code,
                      before, NULL, error);
}

static void
bind_score (sqlite3_stmt   *stmt,
            const EbbScore *score)
{
  g_autofree char *items = score->n_items > 0 ? ebb_score_items_to_string (score) : NULL;

  sqlite3_bind_int64 (stmt, 1, score->patient_id);
  bind_text (stmt, 2, score->when_text);
  bind_when (stmt, 3, &score->when);
  bind_text (stmt, 5, score->scale_id);
  sqlite3_bind_int (stmt, 6, score->total);
  bind_text (stmt, 7, items);
  bind_text (stmt, 8, score->rater);
  bind_text (stmt, 9, score->note);
}

static gboolean
insert_score (EbbStore  *self,
              gpointer   data,
              GError   **error)
{
  EbbScore *score = data;
  g_autofree char *code = NULL;
  g_autofree char *after = NULL;

  if (!lookup_patient_code (self, score->patient_id, "rating", &code, error))
    return FALSE;

  {
    g_autoptr(EbbBorrowedStmt) stmt = borrow_stmt (self, STMT_SCORE_INSERT, error);

    if (stmt == NULL)
      return FALSE;
    bind_score (stmt, score);
    if (!step_done (self, stmt, error))
      return FALSE;
  }

  score->id = sqlite3_last_insert_rowid (self->db);
  after = score_to_json (score);
  return write_audit (self, "insert", "score", score->id, score->patient_id,
                      code, NULL, after, error);
}

static gboolean
update_score (EbbStore  *self,
              gpointer   data,
              GError   **error)
{
  const EbbScore *score = data;
  g_autoptr(EbbScore) old = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!fetch_by_id (self, STMT_SCORE_GET, score->id, read_score, (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      set_no_such_row_error (error, "rating", score->id);
      return FALSE;
    }
  if (!lookup_patient_code (self, score->patient_id, "rating", &code, error))
    return FALSE;

  {
    g_autoptr(EbbBorrowedStmt) stmt = borrow_stmt (self, STMT_SCORE_UPDATE, error);

    if (stmt == NULL)
      return FALSE;
    bind_score (stmt, score);
    sqlite3_bind_int64 (stmt, 10, score->id);
    if (!step_done (self, stmt, error))
      return FALSE;
  }

  before = score_to_json (old);
  after = score_to_json (score);
  return write_audit (self, "update", "score", score->id, score->patient_id,
                      code, before, after, error);
}

static gboolean
delete_score (EbbStore  *self,
              gpointer   data,
              GError   **error)
{
  gint64 id = *(const gint64 *) data;
  g_autoptr(EbbScore) old = NULL;
  g_autofree char *code = NULL;
  g_autofree char *before = NULL;

  if (!fetch_by_id (self, STMT_SCORE_GET, id, read_score, (gpointer *) &old, error))
    return FALSE;
  if (old == NULL)
    {
      set_no_such_row_error (error, "rating", id);
      return FALSE;
    }
  if (!lookup_patient_code (self, old->patient_id, "rating", &code, error) ||
      !delete_by_id (self, STMT_SCORE_DELETE, id, error))
    return FALSE;

  before = score_to_json (old);
  return write_audit (self, "delete", "score", id, old->patient_id, code,
                      before, NULL, error);
}

/* GObject */

static void
ebb_store_finalize (GObject *object)
{
  EbbStore *self = EBB_STORE (object);

  g_clear_pointer (&self->tx_at, g_free);
  g_clear_pointer (&self->code, g_free);
  if (self->depth > 0)
    g_warning ("An EbbStore was destroyed inside a transaction; the transaction was rolled back");

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  /* The last connection to close checkpoints the WAL into the file and
   * removes the -wal and -shm files. */
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (ebb_store_parent_class)->finalize (object);
}

static void
ebb_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  EbbStore *self = EBB_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ebb_store_class_init (EbbStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ebb_store_finalize;
  object_class->get_property = ebb_store_get_property;

  /**
   * EbbStore:path:
   *
   * The database file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * EbbStore:read-only:
   *
   * Whether the file was opened with %EBB_STORE_OPEN_READ_ONLY.
   */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * EbbStore::changed:
   *
   * Emitted after a transaction that wrote something was committed (once
   * per outermost commit), so views can reload.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
ebb_store_init (EbbStore *self)
{
}

/* Public API */

/**
 * ebb_patient_summary_free:
 *
 * Frees a summary and the patient in it.
 */
void
ebb_patient_summary_free (EbbPatientSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->patient, ebb_patient_free);
  g_free (summary->last_activity);
  g_free (summary->latest_scale);
  g_free (summary->latest_when);
  g_free (summary);
}

/**
 * ebb_audit_entry_free:
 *
 * Frees an entry of the audit trail.
 */
void
ebb_audit_entry_free (EbbAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->action);
  g_free (entry->table_name);
  g_free (entry->patient_code);
  g_free (entry->before);
  g_free (entry->after);
  g_free (entry);
}

/**
 * ebb_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/ebb/clinic.db`
 */
char *
ebb_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "ebb", "clinic.db", NULL);
}

/**
 * ebb_store_open:
 * @path: the clinic database file
 * @flags: %EBB_STORE_OPEN_CREATE to create a missing file (mode 0600, with
 *   its folders, 0700); %EBB_STORE_OPEN_READ_ONLY never to write
 * @error: an %EBB_STORE_ERROR whose message names @path and says what to do
 *
 * Opens the file and brings its schema up to %EBB_STORE_SCHEMA_VERSION.
 * A file that is empty, not a database, someone else's database or newer
 * than this version is refused and left exactly as it was.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL on error
 */
EbbStore *
ebb_store_open (const char         *path,
                EbbStoreOpenFlags   flags,
                GError            **error)
{
  g_autoptr(EbbStore) self = NULL;
  gboolean read_only = (flags & EBB_STORE_OPEN_READ_ONLY) != 0;
  gboolean created = FALSE;
  GStatBuf st;
  sqlite3 *db;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno != ENOENT)
        {
          g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                       _("“%s” cannot be opened (%s): check the name and the permissions "
                         "of its folders"),
                       path, g_strerror (saved_errno));
          return NULL;
        }
      if (!(flags & EBB_STORE_OPEN_CREATE) || read_only)
        {
          g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_FOUND,
                       _("“%s” does not exist: check the name, or create a new clinic file"),
                       path);
          return NULL;
        }
      if (!create_private_file (path, error))
        return NULL;
      created = TRUE;
    }
  else if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is a folder, not an Ebb clinic database: choose a file"), path);
      return NULL;
    }
  else if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is not a regular file, so it is not an Ebb clinic database: "
                     "choose another file"),
                   path);
      return NULL;
    }
  else if (st.st_size == 0)
    {
      /* SQLite would happily make an empty file a database; it may be a
       * file the user cares about that was truncated, so leave it alone. */
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB,
                   _("“%s” is empty: it is not an Ebb clinic database. Choose another "
                     "file, or a new file name to create a clinic"),
                   path);
      return NULL;
    }
  else if (!read_only && !check_writable (path, error))
    {
      return NULL;
    }

  db = open_database (path, read_only, error);
  if (db == NULL)
    {
      /* Only a file we just made is ours to remove. */
      if (created)
        remove_database_files (path);
      return NULL;
    }

  self = g_object_new (EBB_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->db = db;
  self->read_only = read_only;
  return g_steal_pointer (&self);
}

/**
 * ebb_store_get_path:
 *
 * Returns: (transfer none): the database file, as given to ebb_store_open()
 */
const char *
ebb_store_get_path (EbbStore *self)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);

  return self->path;
}

/**
 * ebb_store_is_read_only:
 *
 * Returns: whether the store was opened with %EBB_STORE_OPEN_READ_ONLY
 */
gboolean
ebb_store_is_read_only (EbbStore *self)
{
  g_return_val_if_fail (EBB_IS_STORE (self), TRUE);

  return self->read_only;
}

/**
 * ebb_store_begin:
 *
 * Opens a transaction, or a nested level of the one already open.  Only
 * the outermost level reaches the database (as `BEGIN IMMEDIATE`, so a
 * busy file fails here rather than halfway through).  A nested begin
 * fails when an inner level was already rolled back.
 */
gboolean
ebb_store_begin (EbbStore  *self,
                 GError   **error)
{
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->db != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->read_only)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY,
                   _("“%s” was opened read-only, so nothing can be changed: open it "
                     "again without read-only mode"),
                   self->path);
      return FALSE;
    }

  if (self->depth > 0)
    {
      if (self->doomed)
        {
          set_doomed_error (error);
          return FALSE;
        }
      self->depth++;
      return TRUE;
    }

  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, self->path, self->db, rc);
      return FALSE;
    }
  self->depth = 1;
  self->doomed = FALSE;
  self->changes_at_begin = sqlite3_total_changes64 (self->db);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    g_free (self->tx_at);
    self->tx_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
    /* Codes can change within a transaction: start each one afresh. */
    g_clear_pointer (&self->code, g_free);
  }
  return TRUE;
}

/**
 * ebb_store_commit:
 *
 * Closes one level opened by ebb_store_begin().  The outermost level
 * commits, or rolls back and fails when an inner level was rolled back.
 * The level is closed either way: do not call ebb_store_rollback() after
 * a failed commit.  A commit that wrote something emits #EbbStore::changed.
 */
gboolean
ebb_store_commit (EbbStore  *self,
                  GError   **error)
{
  gboolean wrote;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->depth--;
  if (self->doomed)
    {
      if (self->depth == 0)
        finish_rollback (self);
      set_doomed_error (error);
      return FALSE;
    }
  if (self->depth > 0)
    return TRUE;

  wrote = sqlite3_total_changes64 (self->db) != self->changes_at_begin;
  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_db_error (error, self->path, self->db, rc);
      /* A failed COMMIT can leave the transaction open; the next caller
       * must not find itself inside it. */
      finish_rollback (self);
      return FALSE;
    }

  if (wrote)
    g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * ebb_store_rollback:
 *
 * Closes one level opened by ebb_store_begin() and dooms the whole
 * transaction: the outermost level rolls everything back.
 */
void
ebb_store_rollback (EbbStore *self)
{
  g_return_if_fail (EBB_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  self->doomed = TRUE;
  self->depth--;
  if (self->depth == 0)
    finish_rollback (self);
}

/**
 * ebb_store_list_patients:
 *
 * Returns: (transfer container) (element-type EbbPatient): every patient,
 *   ordered by code, or %NULL on error
 */
GPtrArray *
ebb_store_list_patients (EbbStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_rows (self, STMT_PATIENT_LIST, STMT_PATIENT_LIST, 0, read_patient,
                    (GDestroyNotify) ebb_patient_free, error);
}

/* Collects the rows of @stmt (stepped to *rc, ordered by patient id in
 * column 1) that belong to @patient_id, leaving *rc at the next patient's
 * first row. */
static gboolean
take_patient_rows (EbbStore      *self,
                   sqlite3_stmt  *stmt,
                   int           *rc,
                   gint64         patient_id,
                   RowReader      read_row,
                   GPtrArray     *rows,
                   GError       **error)
{
  /* Rows of a lower id have no patient row; the foreign keys forbid them,
   * but a scan must not stall on a file that has them. */
  while (*rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) < patient_id)
    *rc = sqlite3_step (stmt);
  while (*rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) == patient_id)
    {
      gpointer row = read_row (self, stmt, error);

      if (row == NULL)
        return FALSE;
      g_ptr_array_add (rows, row);
      *rc = sqlite3_step (stmt);
    }
  if (*rc != SQLITE_ROW && *rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, *rc);
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_store_foreach_patient_for_rules:
 * @func: (scope call): called once per patient, in id order
 *
 * Walks the patients, their sessions and their ratings side by side, each
 * ordered by patient id, so that the clinic is read once and only one
 * patient's rows are in memory at a time.  The rows hold what the clinical
 * rules read, from the indexes alone: a session's time and status; a
 * rating's time, scale, total and items.  Their when_text, and a session's
 * phase, route, dose, blood pressure and note, a rating's rater and note,
 * are not read (NULL, or ebb_session_new()'s defaults).
 *
 * Returns: %FALSE with @error set when the database failed
 */
gboolean
ebb_store_foreach_patient_for_rules (EbbStore                   *self,
                                     EbbStorePatientRecordsFunc  func,
                                     gpointer                    user_data,
                                     GError                    **error)
{
  g_autoptr(EbbBorrowedStmt) patients = NULL;
  g_autoptr(EbbBorrowedStmt) sessions = NULL;
  g_autoptr(EbbBorrowedStmt) scores = NULL;
  int rc, session_rc, score_rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(patients = borrow_stmt (self, STMT_PATIENT_LIST_BY_ID, error)) ||
      !(sessions = borrow_stmt (self, STMT_SESSION_RULES_ALL, error)) ||
      !(scores = borrow_stmt (self, STMT_SCORE_RULES_ALL, error)))
    return FALSE;

  /* The three statements are stepping at once, so they read within one
   * read transaction: a write by another process cannot fall between
   * them. */
  rc = sqlite3_step (patients);
  session_rc = sqlite3_step (sessions);
  score_rc = sqlite3_step (scores);
  for (; rc == SQLITE_ROW; rc = sqlite3_step (patients))
    {
      g_autoptr(EbbPatient) patient = read_patient (self, patients, error);
      g_autoptr(GPtrArray) patient_sessions = NULL;
      g_autoptr(GPtrArray) patient_scores = NULL;

      if (patient == NULL)
        return FALSE;
      patient_sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_session_free);
      patient_scores = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_score_free);
      if (!take_patient_rows (self, sessions, &session_rc, patient->id, read_session_for_rules,
                              patient_sessions, error) ||
          !take_patient_rows (self, scores, &score_rc, patient->id, read_score_for_rules,
                              patient_scores, error))
        return FALSE;
      func (patient, patient_sessions, patient_scores, user_data);
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc);
      return FALSE;
    }
  return TRUE;
}

/* The catalogue's side-effect scale (CADSS): the catalogue, not the SQL,
 * says which scales are not used for response. */
static const char *
side_effect_scale_id (void)
{
  guint n;
  const EbbScale * const *all = ebb_scale_all (&n);

  for (guint i = 0; i < n; i++)
    if (!all[i]->efficacy)
      return all[i]->id;
  return "";
}

static gpointer
read_summary (EbbStore      *self,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  EbbPatientSummary *summary = g_new0 (EbbPatientSummary, 1);

  summary->patient = read_patient (self, stmt, error);
  summary->latest_scale = dup_column (stmt, 7);
  summary->latest_total = sqlite3_column_int (stmt, 8);
  summary->latest_when = dup_column (stmt, 9);
  /* STMT_SUMMARIES_ACTIVITY */
  if (sqlite3_column_count (stmt) > 10)
    {
      summary->n_sessions = (guint) sqlite3_column_int64 (stmt, 10);
      summary->n_scores = (guint) sqlite3_column_int64 (stmt, 11);
      summary->last_activity = dup_column (stmt, 12);
    }
  return summary;
}

/**
 * ebb_store_list_patient_summaries:
 * @default_scale: (nullable): the scale to follow patients on who have no
 *   preferred scale
 * @flags: %EBB_STORE_SUMMARY_ACTIVITY to count sessions and ratings too,
 *   which reads every row's index entry: a list that only shows the latest
 *   score should not ask for it
 *
 * Every patient with the score they are followed on, in one query.
 *
 * Returns: (transfer container) (element-type EbbPatientSummary): the
 *   summaries ordered by code, or %NULL on error
 */
GPtrArray *
ebb_store_list_patient_summaries (EbbStore             *self,
                                  const char           *default_scale,
                                  EbbStoreSummaryFlags  flags,
                                  GError              **error)
{
  const EbbScale *fallback = default_scale != NULL ? ebb_scale_lookup (default_scale) : NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  {
    g_autoptr(EbbBorrowedStmt) stmt = borrow_stmt (self, (flags & EBB_STORE_SUMMARY_ACTIVITY) != 0
                                                         ? STMT_SUMMARIES_ACTIVITY : STMT_SUMMARIES,
                                                   error);

    if (stmt == NULL)
      return NULL;
    sqlite3_bind_text (stmt, 1, side_effect_scale_id (), -1, SQLITE_STATIC);
    /* Stored scale ids are the catalogue's (ebb_store_add_patient and
     * the importer make them so): compare with the catalogue's too. */
    if (fallback != NULL)
      sqlite3_bind_text (stmt, 2, fallback->id, -1, SQLITE_STATIC);
    else
      sqlite3_bind_null (stmt, 2);
    return collect_rows (self, stmt, read_summary, (GDestroyNotify) ebb_patient_summary_free, error);
  }
}

/**
 * ebb_store_get_patient:
 *
 * Returns: (transfer full) (nullable): the patient, or %NULL with
 *   %EBB_STORE_ERROR_NO_SUCH_ROW when there is none with @id
 */
EbbPatient *
ebb_store_get_patient (EbbStore  *self,
                       gint64     id,
                       GError   **error)
{
  EbbPatient *patient = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fetch_by_id (self, STMT_PATIENT_GET, id, read_patient, (gpointer *) &patient, error))
    return NULL;
  if (patient == NULL)
    set_no_such_row_error (error, "patient", id);
  return patient;
}

/**
 * ebb_store_find_patient:
 *
 * Returns: (transfer full) (nullable): the patient with this clinic code,
 *   or %NULL with %EBB_STORE_ERROR_NO_SUCH_ROW when there is none
 */
EbbPatient *
ebb_store_find_patient (EbbStore    *self,
                        const char  *code,
                        GError     **error)
{
  g_autoptr(EbbBorrowedStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = borrow_stmt (self, STMT_PATIENT_FIND, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, code);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_patient (self, stmt, error);
  if (rc == SQLITE_DONE)
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW,
                 _("There is no patient with the code “%s”"), code);
  else
    set_db_error (error, self->path, self->db, rc);
  return NULL;
}

/**
 * ebb_store_add_patient:
 * @patient: the patient; on success its id is set, and its preferred
 *   scale is the catalogue's canonical id
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CONSTRAINT for a code in
 *   use, a missing code or an implausible birth year
 */
gboolean
ebb_store_add_patient (EbbStore    *self,
                       EbbPatient  *patient,
                       GError     **error)
{
  g_autoptr(EbbPatient) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (patient != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_patient (patient, error);
  if (stored == NULL || !run_in_transaction (self, insert_patient, stored, error))
    return FALSE;

  patient->id = stored->id;
  g_free (patient->preferred_scale);
  patient->preferred_scale = g_steal_pointer (&stored->preferred_scale);
  return TRUE;
}

/**
 * ebb_store_update_patient:
 * @patient: the patient, with the id of a stored one
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_NO_SUCH_ROW when the
 *   patient is gone, %EBB_STORE_ERROR_CONSTRAINT as for adding
 */
gboolean
ebb_store_update_patient (EbbStore          *self,
                          const EbbPatient  *patient,
                          GError           **error)
{
  g_autoptr(EbbPatient) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (patient != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_patient (patient, error);
  return stored != NULL && run_in_transaction (self, update_patient, stored, error);
}

/**
 * ebb_store_delete_patient:
 *
 * Deletes the patient with all their sessions and ratings, auditing each.
 */
gboolean
ebb_store_delete_patient (EbbStore  *self,
                          gint64     id,
                          GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_in_transaction (self, delete_patient, &id, error);
}

/**
 * ebb_store_list_sessions:
 * @patient_id: a patient's id, or 0 for everyone's
 *
 * Returns: (transfer container) (element-type EbbSession): sessions by
 *   patient, day and time (date-only first), or %NULL on error
 */
GPtrArray *
ebb_store_list_sessions (EbbStore  *self,
                         gint64     patient_id,
                         GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_rows (self, STMT_SESSION_LIST_ALL, STMT_SESSION_LIST, patient_id,
                    read_session, (GDestroyNotify) ebb_session_free, error);
}

/**
 * ebb_store_add_session:
 * @session: the session; on success its id is set, and its when is
 *   parsed from its when_text
 */
gboolean
ebb_store_add_session (EbbStore    *self,
                       EbbSession  *session,
                       GError     **error)
{
  g_autoptr(EbbSession) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_session (session, error);
  if (stored == NULL || !run_in_transaction (self, insert_session, stored, error))
    return FALSE;

  session->id = stored->id;
  session->when = stored->when;
  return TRUE;
}

/**
 * ebb_store_update_session:
 * @session: the session, with the id of a stored one
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_NO_SUCH_ROW when the
 *   session is gone
 */
gboolean
ebb_store_update_session (EbbStore          *self,
                          const EbbSession  *session,
                          GError           **error)
{
  g_autoptr(EbbSession) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_session (session, error);
  return stored != NULL && run_in_transaction (self, update_session, stored, error);
}

/**
 * ebb_store_delete_session:
 *
 * Returns: %TRUE when deleted (and audited); %EBB_STORE_ERROR_NO_SUCH_ROW
 *   when there is no session with @id
 */
gboolean
ebb_store_delete_session (EbbStore  *self,
                          gint64     id,
                          GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_in_transaction (self, delete_session, &id, error);
}

/**
 * ebb_store_list_scores:
 * @patient_id: a patient's id, or 0 for everyone's
 *
 * Returns: (transfer container) (element-type EbbScore): ratings by
 *   patient, day and time (date-only first), or %NULL on error
 */
GPtrArray *
ebb_store_list_scores (EbbStore  *self,
                       gint64     patient_id,
                       GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_rows (self, STMT_SCORE_LIST_ALL, STMT_SCORE_LIST, patient_id,
                    read_score, (GDestroyNotify) ebb_score_free, error);
}

/**
 * ebb_store_add_score:
 * @score: the rating, checked against its scale; on success its id is
 *   set, its scale_id is the catalogue's canonical id and its when is
 *   parsed from its when_text
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_CONSTRAINT with the scale's
 *   own message when the values are out of range
 */
gboolean
ebb_store_add_score (EbbStore    *self,
                     EbbScore    *score,
                     GError     **error)
{
  g_autoptr(EbbScore) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (score->n_items == 0 || score->items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_score (score, error);
  if (stored == NULL || !run_in_transaction (self, insert_score, stored, error))
    return FALSE;

  score->id = stored->id;
  score->when = stored->when;
  g_free (score->scale_id);
  score->scale_id = g_steal_pointer (&stored->scale_id);
  return TRUE;
}

/**
 * ebb_store_update_score:
 * @score: the rating, with the id of a stored one; checked like a new one
 *
 * Returns: %TRUE when stored; %EBB_STORE_ERROR_NO_SUCH_ROW when the
 *   rating is gone
 */
gboolean
ebb_store_update_score (EbbStore        *self,
                        const EbbScore  *score,
                        GError         **error)
{
  g_autoptr(EbbScore) stored = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (score != NULL, FALSE);
  g_return_val_if_fail (score->n_items == 0 || score->items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stored = normalise_score (score, error);
  return stored != NULL && run_in_transaction (self, update_score, stored, error);
}

/**
 * ebb_store_delete_score:
 *
 * Returns: %TRUE when deleted (and audited); %EBB_STORE_ERROR_NO_SUCH_ROW
 *   when there is no rating with @id
 */
gboolean
ebb_store_delete_score (EbbStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return run_in_transaction (self, delete_score, &id, error);
}

/**
 * ebb_store_list_audit:
 * @patient_id: a patient's id (also one since deleted), or 0 for all
 *
 * Returns: (transfer container) (element-type EbbAuditEntry): the trail
 *   in the order it was written, or %NULL on error
 */
GPtrArray *
ebb_store_list_audit (EbbStore  *self,
                      gint64     patient_id,
                      GError   **error)
{
  g_return_val_if_fail (EBB_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_rows (self, STMT_AUDIT_LIST_ALL, STMT_AUDIT_LIST, patient_id,
                    read_audit_entry, (GDestroyNotify) ebb_audit_entry_free, error);
}

static gboolean
collect_check (EbbStore    *self,
               const char  *sql,
               GPtrArray   *problems,
               GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (sqlite3_column_count (stmt) == 1)
        {
          const char *message = (const char *) sqlite3_column_text (stmt, 0);

          /* integrity_check answers a single "ok" when all is well. */
          if (message != NULL && !g_str_equal (message, "ok"))
            g_ptr_array_add (problems, g_strdup (message));
        }
      else
        {
          /* foreign_key_check: table, rowid, parent table, key index */
          g_ptr_array_add (problems,
                           /* Translators: the two %s are the database's table names
                            * (patient, session, score), which stay in English */
                           g_strdup_printf (_("%s row %lld refers to a %s row that does not exist"),
                                            (const char *) sqlite3_column_text (stmt, 0),
                                            (long long) sqlite3_column_int64 (stmt, 1),
                                            (const char *) sqlite3_column_text (stmt, 2)));
        }
      rc = SQLITE_OK;
    }
  if (rc != SQLITE_DONE)
    {
      set_db_error (error, self->path, self->db, rc);
      return FALSE;
    }
  return TRUE;
}

/**
 * ebb_store_check:
 * @problems: (out) (optional) (transfer container) (element-type utf8):
 *   what the checks found, empty when clean
 *
 * Runs SQLite's integrity and foreign-key checks.
 *
 * Returns: %TRUE when clean; %FALSE with %EBB_STORE_ERROR_CHECK_FAILED
 *   when problems were found, or another error when the checks could not
 *   run (then @problems is %NULL)
 */
gboolean
ebb_store_check (EbbStore    *self,
                 GPtrArray  **problems,
                 GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (problems != NULL)
    *problems = NULL;

  found = g_ptr_array_new_with_free_func (g_free);
  if (!collect_check (self, "PRAGMA integrity_check", found, error) ||
      !collect_check (self, "PRAGMA foreign_key_check", found, error))
    return FALSE;

  if (found->len > 0)
    g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHECK_FAILED,
                 g_dngettext (GETTEXT_PACKAGE,
                              "“%s” failed its check with %u problem: restore it from a backup, "
                              "or ask for help before changing it further",
                              "“%s” failed its check with %u problems: restore it from a backup, "
                              "or ask for help before changing it further",
                              found->len),
                 self->path, found->len);
  if (problems != NULL)
    *problems = g_ptr_array_ref (found);
  return found->len == 0;
}

static int
copy_database (sqlite3 *source,
               sqlite3 *destination)
{
  sqlite3_backup *backup;
  int rc;

  backup = sqlite3_backup_init (destination, "main", source, "main");
  if (backup == NULL)
    return sqlite3_errcode (destination);

  /* Another program writing the source can make a step busy for a
   * moment; the busy timeout does not cover the backup API. */
  for (guint tries = 0; ; tries++)
    {
      rc = sqlite3_backup_step (backup, -1);
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries * 50 >= BUSY_TIMEOUT_MS)
        break;
      sqlite3_sleep (50);
    }
  if (rc == SQLITE_DONE)
    rc = sqlite3_backup_finish (backup);
  else
    sqlite3_backup_finish (backup);
  return rc;
}

/**
 * ebb_store_backup:
 * @destination: a file that does not exist yet
 *
 * Copies the database to @destination (created 0600) after checking it,
 * then checks the copy.  An existing file is never overwritten.  The copy
 * is a single self-contained file (no -wal).
 */
gboolean
ebb_store_backup (EbbStore    *self,
                  const char  *destination,
                  GError     **error)
{
  g_autoptr(EbbStore) copy = NULL;
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  GStatBuf st;
  int rc;

  g_return_val_if_fail (EBB_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL && *destination != '\0', FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ebb_store_check (self, NULL, error))
    {
      g_prefix_error (error, _("No backup was made: "));
      return FALSE;
    }

  if (g_lstat (destination, &st) == 0)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("“%s” exists already, and a backup never overwrites a file: "
                     "choose a new file name"),
                   destination);
      return FALSE;
    }
  if (!create_private_file (destination, error))
    return FALSE;

  uri = database_uri (destination, FALSE);
  rc = sqlite3_open_v2 (uri, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                        SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_URI,
                        NULL);
  if (rc == SQLITE_OK)
    rc = copy_database (self->db, db);
  /* The copied header says WAL; a backup is easier to move around as one
   * file, and opening it in Ebb turns WAL back on. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    set_db_error (error, destination, db, rc);
  sqlite3_close (db);

  if (rc == SQLITE_OK)
    {
      copy = ebb_store_open (destination, EBB_STORE_OPEN_READ_ONLY, error);
      if (copy != NULL && !ebb_store_check (copy, NULL, error))
        g_clear_object (&copy);
      if (copy == NULL)
        g_prefix_error (error, _("The backup did not verify: "));
    }

  if (copy == NULL)
    {
      remove_database_files (destination);
      return FALSE;
    }
  return TRUE;
}
