/* ebb-store-file.c — the database file: made, checked, opened and upgraded
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything that happens to the file before an EbbStore holds a
 * connection to it: creating it private, asking whether it can be
 * written, telling our files from others', and the schema migrations.
 */
#define G_LOG_DOMAIN "ebb-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-store-private.h"

/* "Ebb!" in ASCII, in the SQLite header: it tells our files from every
 * other SQLite database, so we never adopt or migrate someone else's. */
#define EBB_APPLICATION_ID 1164075553
G_STATIC_ASSERT (EBB_APPLICATION_ID == 0x45626221);

/* Migrations are frozen once released: a file at version N runs every
 * migration after N, in order, each in its own transaction together with
 * the user_version bump, so a crash leaves the file at a whole version. */
typedef struct
{
  int         version;
  const char *sql;
  /* For what SQL alone cannot do, between @sql and @sql_after, in the
   * same transaction; an SQLite result code, and @error set when the
   * hook has more to say than SQLite's message. */
  int       (*hook)      (sqlite3     *db,
                          const char  *path,
                          GError     **error);
  const char *sql_after;
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
 * alone, in order, instead of looking up every row in its table.  The
 * rating index of version 2 gives way to one that finds a patient's latest
 * rating on one scale in a single seek (the sidebar's followed score),
 * where the time index would walk back through every other scale's. */
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
  "CREATE INDEX score_patient_scale_time ON score (patient_id, scale, day, second, id);"
  "PRAGMA user_version = 3;";

/* Version 4 is clinical rules version 2.
 *
 * The thresholds the rules mark as settings are clinic policy, kept in
 * the file so that every workstation and the command line flag a patient
 * the same way: one row per setting changed from its default, in its
 * plain text form.  Decisions on flags and the ends of courses are
 * records like ratings, deleted with their patient.  Two ends of one
 * patient on one day would be one end told twice, so that pair is
 * unique.
 *
 * A rating may carry its alert item asked on its own (when its items were
 * not recorded) and whether it was taken before or after the dose of its
 * day.  The whole-clinic flag scan reads from the covering indexes alone
 * (see version 3), so they are made again with what the rules of version
 * 2 read besides: the two new rating columns, and a session's phase (a
 * re-induction starts a course), route (an intranasal course's induction
 * is longer) and blood pressures. */
static const char migration_4[] =
  "CREATE TABLE rule_setting ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ");"
  "CREATE TABLE decision ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  scale TEXT,"
  "  flag_day INTEGER NOT NULL,"
  "  note TEXT NOT NULL,"
  "  decided_at TEXT NOT NULL,"
  "  decided_day INTEGER NOT NULL,"
  "  user_name TEXT NOT NULL,"
  "  real_name TEXT"
  ");"
  "CREATE INDEX decision_patient ON decision (patient_id);"
  "CREATE TABLE course_end ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  day INTEGER NOT NULL,"
  "  reason TEXT,"
  "  note TEXT"
  ");"
  "CREATE UNIQUE INDEX course_end_patient_day ON course_end (patient_id, day);"
  "ALTER TABLE score ADD COLUMN alert_item INTEGER;"
  "ALTER TABLE score ADD COLUMN dose_relation TEXT"
  "  CHECK (dose_relation IS NULL OR dose_relation = 'before' OR dose_relation = 'after');"
  "DROP INDEX score_patient_time;"
  "CREATE INDEX score_patient_time ON score (patient_id, day, second, id, scale, total, items,"
  "  alert_item, dose_relation);"
  "DROP INDEX session_patient_time;"
  "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status, phase, route,"
  "  bp_before_systolic, bp_before_diastolic, bp_after_systolic, bp_after_diastolic);"
  "PRAGMA user_version = 4;";

/* Version 5 is the tamper-evident trail (issue 15).
 *
 * Each audit entry records who made it (the account's user name) and on
 * which computer, and carries a SHA-256 hash over its content and the
 * previous entry's hash (ebb-store-chain.c); the entries written before
 * are linked as they stand.  The table is made anew (as in version 3)
 * for the new columns and a wider CHECK on the action: an import, a
 * backup and a restore are entries of their own.  Besides refusing UPDATE
 * and DELETE, the trail refuses an INSERT of an id that exists: REPLACE,
 * INSERT OR REPLACE and UPSERT delete or change the old row without
 * firing a delete or update trigger (unless recursive triggers are on),
 * and a BEFORE INSERT trigger runs before any conflict clause is applied.
 * No other unique index may ever be put on the table, since REPLACE
 * would then delete the rows it conflicts with.
 *
 * An import is one entry, not one per row: the rows it added keep its id
 * (import_id; the import table only hands out the ids), so a patient's
 * trail can still say where each record came from (the partial index
 * finds an import's entry by the import's id).
 *
 * Times of sessions and ratings are stored in one canonical form from
 * now on (YYYY-MM-DD, or with THH:MM, or THH:MM:SS when the seconds are
 * not zero): the ones written before are brought to it from their day
 * and second, which the rules always read. */
#define CANONICAL_AT \
  "date (day + 1721424.5) || CASE WHEN second IS NULL THEN ''" \
  " WHEN second % 60 = 0 THEN printf ('T%02d:%02d', second / 3600, second / 60 % 60)" \
  " ELSE printf ('T%02d:%02d:%02d', second / 3600, second / 60 % 60, second % 60) END"

static const char migration_5[] =
  "CREATE TABLE import ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL"
  ");"
  "ALTER TABLE patient ADD COLUMN import_id INTEGER REFERENCES import (id);"
  "ALTER TABLE session ADD COLUMN import_id INTEGER REFERENCES import (id);"
  "ALTER TABLE score ADD COLUMN import_id INTEGER REFERENCES import (id);"
  "ALTER TABLE course_end ADD COLUMN import_id INTEGER REFERENCES import (id);"
  "CREATE TABLE audit_v5 ("
  "  id INTEGER PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action = 'insert' OR action = 'update' OR action = 'delete'"
  "    OR action = 'import' OR action = 'backup' OR action = 'restore'),"
  "  table_name TEXT NOT NULL,"
  "  row_id INTEGER NOT NULL,"
  "  patient_id INTEGER,"
  "  patient_code TEXT,"
  "  \"before\" TEXT,"
  "  \"after\" TEXT,"
  "  user_name TEXT,"
  "  host_name TEXT,"
  "  hash TEXT"
  ");";

static int
migration_5_hook (sqlite3     *db,
                  const char  *path,
                  GError     **error)
{
  return _ebb_store_chain_existing (db, "audit", "audit_v5");
}

static const char migration_5_after[] =
  "DROP TABLE audit;"
  "ALTER TABLE audit_v5 RENAME TO audit;"
  "CREATE INDEX audit_patient ON audit (patient_id);"
  "CREATE INDEX audit_import ON audit (row_id) WHERE table_name = 'import';"
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;"
  "CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit"
  "  WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)"
  "  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only: an entry is never replaced'); END;"
  "UPDATE session SET at = " CANONICAL_AT " WHERE date (day + 1721424.5) IS NOT NULL AND at <> " CANONICAL_AT ";"
  "UPDATE score SET at = " CANONICAL_AT " WHERE date (day + 1721424.5) IS NOT NULL AND at <> " CANONICAL_AT ";"
  "PRAGMA user_version = 5;";

/* Version 6 keeps every stored patient code in its one form (issue 15,
 * finding 9): codes stored as they were typed ("k-0042") were found only
 * as typed, so importing them again made a second patient.  No change to
 * the schema: ebb-store-codes.c says what is done to the rows, and when
 * the upgrade is refused. */
static const char migration_6[] = "";

static int
migration_6_hook (sqlite3     *db,
                  const char  *path,
                  GError     **error)
{
  return _ebb_store_normalise_codes (db, path, error);
}

static const char migration_6_after[] =
  "PRAGMA user_version = 6;";

/* Version 7 gives each thing one name (issue 16): a rating is a rating
 * in the types, the functions and the tables alike, and the moment a
 * session or a rating happened is its "when" (EbbWhen), whose text is
 * when_text beside the parsed day and second, as in the C structures.
 * "at" stays the instant an entry was written (audit.at, import.at,
 * decision.decided_at), a different thing.  SQLite 3.40 renames a table
 * or column in the indexes and triggers that use it; an index keeps its
 * name, so the two rating indexes are made again under theirs.  Audit
 * entries written before keep the table name "score": the trail is
 * append-only and its hashes cover the name, so its readers know both. */
static const char migration_7[] =
  "ALTER TABLE score RENAME TO rating;"
  "ALTER TABLE rating RENAME COLUMN at TO when_text;"
  "ALTER TABLE session RENAME COLUMN at TO when_text;"
  "DROP INDEX score_patient_time;"
  "DROP INDEX score_patient_scale_time;"
  "CREATE INDEX rating_patient_time ON rating (patient_id, day, second, id, scale, total, items,"
  "  alert_item, dose_relation);"
  "CREATE INDEX rating_patient_scale_time ON rating (patient_id, scale, day, second, id);"
  "PRAGMA user_version = 7;";

/* Version 8 is the session record (issue 13).
 *
 * A session keeps what was given and observed: the drug, an infusion's
 * duration, the lot, the clock times of dosing and discharge (seconds
 * since midnight of the session's day, as a reading's time), sedation,
 * dissociation and respiratory depression each with whether it resolved
 * before discharge (NULL, 0 or 1), the other effects as the words of
 * the CSV files, and the observation before discharge.
 *
 * Readings of vital signs become records of their own, any number to a
 * session, deleted with it: the one blood pressure before and the one
 * after that a session had become a reading before dosing and a reading
 * after it, without a time (which was never recorded), and keep the
 * session's import.  The session columns go: the table is rebuilt, as in
 * version 3, with the new columns, and its covering index made again
 * without the pressures, which the whole-clinic flag scan now reads from
 * reading_session_time alone (nested in session_patient_time; see
 * STMT_READING_RULES_ALL).  The pressures are held in a temporary table
 * meanwhile: a reading table made before the old session table is
 * dropped would be emptied by the drop's implicit delete.
 *
 * Medicines that change sedation or blood pressure are kept per patient
 * with the days they were started and stopped. */
static const char migration_8[] =
  "CREATE TEMP TABLE pressure_v8 AS SELECT id, import_id,"
  "  bp_before_systolic, bp_before_diastolic, bp_after_systolic, bp_after_diastolic"
  "  FROM session WHERE bp_before_systolic IS NOT NULL OR bp_before_diastolic IS NOT NULL"
  "  OR bp_after_systolic IS NOT NULL OR bp_after_diastolic IS NOT NULL;"
  "CREATE TABLE session_v8 ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  when_text TEXT NOT NULL,"
  "  day INTEGER NOT NULL,"
  "  second INTEGER CHECK (second IS NULL OR second BETWEEN 0 AND 86399),"
  "  status TEXT NOT NULL CHECK (status = 'scheduled' OR status = 'done' OR status = 'cancelled' OR status = 'missed'),"
  "  phase TEXT NOT NULL CHECK (phase = 'induction' OR phase = 'maintenance' OR phase = 'rescue'),"
  "  route TEXT NOT NULL CHECK (route = 'iv' OR route = 'im' OR route = 'intranasal' OR route = 'oral' OR route = 'sublingual'),"
  "  dose_mg REAL CHECK (dose_mg IS NULL OR dose_mg >= 0),"
  "  note TEXT,"
  "  import_id INTEGER REFERENCES import (id),"
  "  drug TEXT CHECK (drug IS NULL OR drug = 'ketamine' OR drug = 'esketamine'),"
  "  duration_min INTEGER CHECK (duration_min IS NULL OR duration_min > 0),"
  "  lot TEXT,"
  "  dose_time INTEGER CHECK (dose_time IS NULL OR dose_time BETWEEN 0 AND 86399),"
  "  discharge_time INTEGER CHECK (discharge_time IS NULL OR discharge_time BETWEEN 0 AND 86399),"
  "  sedation TEXT,"
  "  sedation_resolved INTEGER CHECK (sedation_resolved IS NULL OR sedation_resolved = 0 OR sedation_resolved = 1),"
  "  dissociation TEXT,"
  "  dissociation_resolved INTEGER CHECK (dissociation_resolved IS NULL OR dissociation_resolved = 0 OR dissociation_resolved = 1),"
  "  respiratory_spo2 INTEGER CHECK (respiratory_spo2 IS NULL OR respiratory_spo2 BETWEEN 0 AND 100),"
  "  respiratory_resolved INTEGER CHECK (respiratory_resolved IS NULL OR respiratory_resolved = 0 OR respiratory_resolved = 1),"
  "  effects TEXT,"
  "  other_effect TEXT,"
  "  ready_min INTEGER CHECK (ready_min IS NULL OR ready_min >= 0),"
  "  vitals_ok_before INTEGER CHECK (vitals_ok_before IS NULL OR vitals_ok_before = 0 OR vitals_ok_before = 1),"
  "  vitals_ok_discharge INTEGER CHECK (vitals_ok_discharge IS NULL OR vitals_ok_discharge = 0 OR vitals_ok_discharge = 1),"
  "  transport_arranged INTEGER CHECK (transport_arranged IS NULL OR transport_arranged = 0 OR transport_arranged = 1),"
  "  monitored_by TEXT"
  ");"
  "INSERT INTO session_v8 (id, patient_id, when_text, day, second, status, phase, route, dose_mg,"
  "  note, import_id) SELECT id, patient_id, when_text, day, second, status, phase, route, dose_mg,"
  "  note, import_id FROM session;"
  "DROP TABLE session;"
  "ALTER TABLE session_v8 RENAME TO session;"
  "CREATE INDEX session_patient_time ON session (patient_id, day, second, id, status, phase, route);"
  "CREATE TABLE reading ("
  "  id INTEGER PRIMARY KEY,"
  "  session_id INTEGER NOT NULL REFERENCES session (id) ON DELETE CASCADE,"
  "  time INTEGER CHECK (time IS NULL OR time BETWEEN 0 AND 86399),"
  "  pre_dose INTEGER NOT NULL CHECK (pre_dose = 0 OR pre_dose = 1),"
  /* No range on the pressures: the store checks what it writes, and
   * those of before this version are carried as they were. */
  "  systolic INTEGER,"
  "  diastolic INTEGER,"
  "  heart_rate INTEGER CHECK (heart_rate IS NULL OR heart_rate BETWEEN 1 AND 250),"
  "  spo2 INTEGER CHECK (spo2 IS NULL OR spo2 BETWEEN 1 AND 100),"
  "  note TEXT,"
  "  import_id INTEGER REFERENCES import (id)"
  ");"
  "CREATE INDEX reading_session_time ON reading (session_id, time, id, pre_dose, systolic, diastolic);"
  /* Pressures out of today's range (the store took up to 400, and one
   * number without the other) are carried as they were. */
  "INSERT INTO reading (session_id, time, pre_dose, systolic, diastolic, import_id)"
  "  SELECT id, NULL, 1, nullif (bp_before_systolic, 0), nullif (bp_before_diastolic, 0), import_id"
  "  FROM pressure_v8 WHERE nullif (bp_before_systolic, 0) IS NOT NULL"
  "  OR nullif (bp_before_diastolic, 0) IS NOT NULL ORDER BY id;"
  "INSERT INTO reading (session_id, time, pre_dose, systolic, diastolic, import_id)"
  "  SELECT id, NULL, 0, nullif (bp_after_systolic, 0), nullif (bp_after_diastolic, 0), import_id"
  "  FROM pressure_v8 WHERE nullif (bp_after_systolic, 0) IS NOT NULL"
  "  OR nullif (bp_after_diastolic, 0) IS NOT NULL ORDER BY id;"
  "DROP TABLE pressure_v8;"
  "CREATE TABLE medicine ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  class TEXT NOT NULL CHECK (class = 'benzodiazepine' OR class = 'sedative-hypnotic'"
  "    OR class = 'opioid' OR class = 'psychostimulant' OR class = 'mao-inhibitor' OR class = 'other'),"
  "  name TEXT NOT NULL,"
  "  start_day INTEGER NOT NULL,"
  "  stop_day INTEGER CHECK (stop_day IS NULL OR stop_day >= start_day),"
  "  import_id INTEGER REFERENCES import (id)"
  ");"
  "CREATE INDEX medicine_patient ON medicine (patient_id, start_day, id);"
  "PRAGMA user_version = 8;";

/* Version 9 is the events on the chart (issue 13): a day, a kind and a
 * short text per patient, deleted with the patient.  The kinds are the
 * words of the CSV files, checked here as the medicine classes are; the
 * text's length is the store's to check, in characters, which SQLite's
 * length() would count too but a server's constraint would have to
 * repeat. */
static const char migration_9[] =
  "CREATE TABLE event ("
  "  id INTEGER PRIMARY KEY,"
  "  patient_id INTEGER NOT NULL REFERENCES patient (id) ON DELETE CASCADE,"
  "  day INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind = 'medication' OR kind = 'hospitalisation'"
  "    OR kind = 'suicide-attempt' OR kind = 'life-event' OR kind = 'other'),"
  "  text TEXT NOT NULL,"
  "  import_id INTEGER REFERENCES import (id)"
  ");"
  "CREATE INDEX event_patient ON event (patient_id, day, id);"
  "PRAGMA user_version = 9;";

/* Version 10 keeps what the last whole-clinic scan found out about each
 * patient (issue 17), so that the next one need not run the rules on
 * them: a row for the patients with nothing open and one for the others
 * (whose flags are in the user's language), each with the audit entry it
 * was true at, the Ebb, rules and settings it was worked out with, and
 * the patients as text (ebb-store-kept.c).  It is a cache: no record
 * lives only here, `copy` leaves it behind, and a stale line is never
 * used.  And an index of the sessions open now. */
static const char migration_10[] =
  "CREATE TABLE kept_patients ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1 OR id = 2),"
  "  audit_id INTEGER NOT NULL,"
  "  basis TEXT NOT NULL,"
  "  patients TEXT NOT NULL"
  ");"
  /* The sessions open now (dosed, not discharged), which the window
   * follows from the start: a few rows, where finding them read every
   * session (80 ms at 1.5 million). */
  "CREATE INDEX session_open ON session (day) WHERE dose_time IS NOT NULL AND discharge_time IS NULL;"
  "PRAGMA user_version = 10;";

/* Version 11 keeps, beside each import, the patients it added rows of:
 * its one audit entry names no patient, so until now it dropped every
 * line a scan had kept, and the first scan after a week's import of a few
 * patients worked out the whole clinic again (ebb-store-kept.c).  An
 * import without a row here (one made before) still drops them all. */
static const char migration_11[] =
  "CREATE TABLE import_patients ("
  "  import_id INTEGER PRIMARY KEY REFERENCES import (id),"
  "  patients TEXT NOT NULL"
  ");"
  "PRAGMA user_version = 11;";

static const Migration migrations[] = {
  { 1, migration_1, NULL, NULL },
  { 2, migration_2, NULL, NULL },
  { 3, migration_3, NULL, NULL },
  { 4, migration_4, NULL, NULL },
  { 5, migration_5, migration_5_hook, migration_5_after },
  { 6, migration_6, migration_6_hook, migration_6_after },
  { 7, migration_7, NULL, NULL },
  { 8, migration_8, NULL, NULL },
  { 9, migration_9, NULL, NULL },
  { 10, migration_10, NULL, NULL },
  { 11, migration_11, NULL, NULL },
};
G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == EBB_STORE_SCHEMA_VERSION);

/* Files */

/**
 * ebb_store_remove_database_files:
 * @path: a database file that nothing has open
 *
 * Removes the file and what SQLite keeps beside it (-wal, -shm,
 * -journal): a half-made copy, a demo clinic made anew, a benchmark's
 * clinic.
 */
void
ebb_store_remove_database_files (const char *path)
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
gboolean
_ebb_store_create_private_file (const char  *path,
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
gboolean
_ebb_store_check_writable (const char  *path,
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
char *
_ebb_store_database_uri (const char *path,
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

/* Brings @db up to schema @target, one migration per transaction. */
static gboolean
run_migrations (sqlite3     *db,
                const char  *path,
                int          target,
                GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (migrations) && migrations[i].version <= target; i++)
    {
      g_autoptr(GError) hook_error = NULL;
      gint64 version;
      int rc;

      rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          _ebb_store_set_db_error (error, path, db, rc);
          return FALSE;
        }

      /* Read under the write lock: another Ebb may have upgraded the
       * file since we looked. */
      rc = query_int (db, "PRAGMA user_version", &version);
      if (rc == SQLITE_OK && version < migrations[i].version)
        {
          rc = sqlite3_exec (db, migrations[i].sql, NULL, NULL, NULL);
          if (rc == SQLITE_OK && migrations[i].hook != NULL)
            rc = migrations[i].hook (db, path, &hook_error);
          if (rc == SQLITE_OK && migrations[i].sql_after != NULL)
            rc = sqlite3_exec (db, migrations[i].sql_after, NULL, NULL, NULL);
          if (rc == SQLITE_OK)
            rc = sqlite3_exec (db, "PRAGMA application_id = " G_STRINGIFY (EBB_APPLICATION_ID),
                               NULL, NULL, NULL);
        }
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

      if (rc != SQLITE_OK)
        {
          int primary = rc & 0xff;

          if (hook_error != NULL)
            g_propagate_error (error, g_steal_pointer (&hook_error));
          else if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_READONLY ||
                   primary == SQLITE_FULL || primary == SQLITE_CORRUPT)
            _ebb_store_set_db_error (error, path, db, rc);
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

/* SQLite counts every allocation under one process-wide mutex, for
 * sqlite3_memory_used(), which Ebb never asks: about 5 % of an import's
 * instructions went to that mutex.  The setting takes effect only before
 * SQLite is first used, so it is made before the first connection a store
 * opens; should another connection come first, SQLite keeps counting,
 * which changes nothing but speed. */
static void
configure_sqlite_once (void)
{
  static gsize configured = 0;

  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }
}

/* Everything up to the schema check only reads, so a file that turns out
 * not to be ours, or to be newer than us, is closed untouched. */
sqlite3 *
_ebb_store_open_database (const char  *path,
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

  configure_sqlite_once ();
  uri = _ebb_store_database_uri (path, immutable);
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
                       "once in Ebb, or run `ebb-cli --db FILE init`, which upgrades it"),
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

  if (version < EBB_STORE_SCHEMA_VERSION &&
      !run_migrations (db, path, EBB_STORE_SCHEMA_VERSION, error))
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
    _ebb_store_set_db_error (error, path, db, rc);
closed:
  sqlite3_close (db);
  return NULL;
}

/* The schema exactly as Ebb makes it at @version (1 to
 * EBB_STORE_SCHEMA_VERSION): a blank database in memory brought up by the
 * same migrations that bring up every file, so the two are compared with
 * nothing written twice (ebb-store-schema.c). */
sqlite3 *
_ebb_store_open_expected_schema (int      version,
                                 GError **error)
{
  sqlite3 *db = NULL;
  int rc;

  g_return_val_if_fail (version >= 1 && version <= EBB_STORE_SCHEMA_VERSION, NULL);

  rc = sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_FAILED,
                   _("Ebb's own schema could not be made for the check: %s"), sqlite3_errstr (rc));
      sqlite3_close (db);
      return NULL;
    }
  if (!run_migrations (db, ":memory:", version, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}
