/* ebb-store-private.h — what the parts of EbbStore share
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EbbStore is one object in several files, and only they include this
 * header:
 *
 *   ebb-store.c          the object, its errors, opening, and transactions
 *   ebb-store-file.c     the file before it is opened: made private,
 *                        checked, told from others' and upgraded
 *   ebb-store-codes.c    migration 6: stored patient codes in their one form
 *   ebb-store-rows.c     the statements, and rows read and bound
 *   ebb-store-audit.c    the audit trail: rows as JSON, written and listed;
 *                        imports as one entry
 *   ebb-store-chain.c    the audit trail's hash chain: made and verified
 *   ebb-store-schema.c   the file's schema held against the one Ebb makes
 *   ebb-store-records.c  patients, sessions and ratings checked, added,
 *                        changed and deleted
 *   ebb-store-readings.c readings of sessions and patients' medicines
 *                        checked, added, changed, deleted and listed
 *   ebb-store-events.c   patients' events for the chart, the same
 *   ebb-store-decisions.c  decisions on flags and ends of courses checked,
 *                        added, listed and deleted
 *   ebb-store-settings.c the clinic's rule settings, loaded and changed
 *   ebb-store-queries.c  lists, summaries and the walk for the rules
 *   ebb-store-backup.c   the check (integrity, schema, chain) and the
 *                        online backup
 */
#pragma once

#include <sqlite3.h>

#include "ebb-sql.h"
#include "ebb-store.h"

G_BEGIN_DECLS

/* Long enough to ride out another Ebb window's short write, short enough
 * that a file held open by another program is reported promptly. */
#define BUSY_TIMEOUT_MS 2000

/* A SHA-256 in hex, with its NUL. */
#define EBB_AUDIT_HASH_SIZE 65

/* A write on a server waits for any other workstation's to finish, as
 * BEGIN IMMEDIATE does in a file: the audit trail's hash chain takes each
 * entry after the last, so its writers go one at a time.  An advisory
 * lock needs no right beyond connecting (the key is "Ebb" in ASCII). */
#define EBB_STORE_SERVER_BEGIN "BEGIN; SELECT pg_advisory_xact_lock (4538946)"

/* An import on a server takes that lock shared (ebb_store_begin_import()):
 * imports go side by side, and any other write waits for them all, as
 * before.  The imports then append to the trail one at a time, each
 * taking the append lock when it first reads the trail's last entry
 * (load_chain_head()), and a patient's code lock when they first meet
 * the code (ebb_store_lock_patient_code()).  A transaction that holds the
 * append lock waits for nothing else but its commit, so an import's
 * append is never one end of a deadlock. */
#define EBB_STORE_SERVER_BEGIN_IMPORT "BEGIN; SELECT pg_advisory_xact_lock_shared (4538946)"
#define EBB_STORE_SERVER_APPEND_LOCK "SELECT pg_advisory_xact_lock (4538947)"
#define EBB_STORE_SERVER_CODE_LOCK_CLASS 4538948

typedef enum
{
  STMT_PATIENT_LIST,
  STMT_PATIENT_LIST_BY_ID,
  STMT_PATIENT_ID_RANGE,
  STMT_PATIENT_GET,
  STMT_PATIENT_FIND,
  STMT_PATIENT_INSERT,
  STMT_PATIENT_UPDATE,
  STMT_PATIENT_DELETE,
  STMT_SUMMARIES,
  STMT_SUMMARIES_ACTIVITY,
  STMT_SUMMARY_ONE,
  STMT_SESSION_LIST_ALL,
  STMT_SESSION_RULES_ALL,
  STMT_SESSION_RULES_LISTED,
  STMT_SESSION_LIST,
  STMT_SESSION_GET,
  STMT_SESSION_PATIENT,
  STMT_SESSION_INSERT,
  STMT_SESSION_UPDATE,
  STMT_SESSION_DELETE,
  STMT_READING_LIST_ALL,
  STMT_READING_RULES_ALL,
  STMT_READING_RULES_LISTED,
  STMT_READING_LIST,
  STMT_READING_LIST_BY_SESSION,
  STMT_READING_GET,
  STMT_READING_INSERT,
  STMT_READING_UPDATE,
  STMT_READING_DELETE,
  STMT_MEDICINE_LIST_ALL,
  STMT_MEDICINE_LIST,
  STMT_MEDICINE_GET,
  STMT_MEDICINE_INSERT,
  STMT_MEDICINE_UPDATE,
  STMT_MEDICINE_DELETE,
  STMT_EVENT_LIST_ALL,
  STMT_EVENT_LIST,
  STMT_EVENT_GET,
  STMT_EVENT_INSERT,
  STMT_EVENT_UPDATE,
  STMT_EVENT_DELETE,
  STMT_RATING_LIST_ALL,
  STMT_RATING_RULES_ALL,
  STMT_RATING_RULES_LISTED,
  STMT_RATING_LIST,
  STMT_RATING_GET,
  STMT_RATING_INSERT,
  STMT_RATING_UPDATE,
  STMT_RATING_DELETE,
  STMT_RULE_SETTING_LIST,
  STMT_RULE_SETTING_GET,
  STMT_RULE_SETTING_INSERT,
  STMT_RULE_SETTING_UPDATE,
  STMT_RULE_SETTING_DELETE,
  STMT_DECISION_LIST_ALL,
  STMT_DECISION_RULES_ALL,
  STMT_DECISION_RULES_LISTED,
  STMT_DECISION_LIST,
  STMT_DECISION_GET,
  STMT_DECISION_INSERT,
  STMT_DECISION_DELETE,
  STMT_COURSE_END_LIST_ALL,
  STMT_COURSE_END_RULES_ALL,
  STMT_COURSE_END_RULES_LISTED,
  STMT_COURSE_END_LIST,
  STMT_COURSE_END_GET,
  STMT_COURSE_END_INSERT,
  STMT_COURSE_END_DELETE,
  STMT_AUDIT_INSERT,
  STMT_AUDIT_HEAD,
  STMT_AUDIT_LIST_ALL,
  STMT_AUDIT_LIST,
  STMT_IMPORT_INSERT,
  N_STMTS
} StmtId;

struct _EbbStore
{
  GObject        parent_instance;

  char          *path;
  EbbSql        *sql;              /* the connection, a file's or a server's */
  sqlite3       *db;               /* a file's connection, for what only a file has; NULL on a server */
  EbbSqlStmt    *stmts[N_STMTS];
  gboolean       read_only;
  gboolean       reviewer;          /* on a server: the user may only read (read_only too) */
  char          *user_name;         /* who the audit trail names: on a server its session_user */

  guint          depth;             /* begin/commit nesting */
  gboolean       beside_imports;    /* a server transaction other imports may run beside (ebb_store_begin_import()) */
  gboolean       doomed;            /* an inner level rolled back: so will the outermost */
  sqlite3_int64  changes_at_begin;  /* to tell whether a transaction wrote anything */
  char          *tx_at;             /* the outermost transaction's time, for its audit rows */
  gint64         code_id;           /* one-entry cache: patient id → code, for audit rows */
  char          *code;
  gboolean       importing;         /* between ebb_store_start_import() and its finish */
  gint64         import_id;         /* the import's id, made with its first row; or 0 */
  sqlite3_int64  changes_at_import; /* to tell whether the import changed anything */
  GHashTable    *import_patients;   /* gint64 set: the patients the import added rows of */
  gint64         import_last_patient; /* the last one added to it */
  gint64         import_session_id; /* the session the import stored last, and its patient: */
  gint64         import_session_patient_id; /* its readings come next (take_session_patient()) */
  gint64         tx_patient_id;     /* whose records the transaction changed: 0 none yet, -1 more than one's or the clinic's */
  gint64         changed_patient_id; /* during EbbStore::changed, see ebb_store_get_changed_patient() */
  gint64         watched_audit_id;  /* ebb_store_check_changed_elsewhere(): the trail's last entry seen; -1 unknown */

  /* The trail's last entry, known within the outermost transaction only
   * (another connection may append between two). */
  gboolean       chain_known;
  gint64         chain_id;
  char           chain_hash[EBB_AUDIT_HASH_SIZE];  /* "" when there is no entry, or it has no hash */
};

/* One entry of the audit trail, as the hash chain covers it; patient_id 0
 * is NULL. */
typedef struct
{
  gint64      id;
  const char *at;
  const char *action;
  const char *table_name;
  gint64      row_id;
  gint64      patient_id;
  const char *patient_code;
  const char *before;
  const char *after;
  const char *user_name;
  const char *host_name;
} EbbAuditFields;

/* A cached statement lent out for one use: giving it back resets it and
 * drops its bindings, whatever path the borrower leaves by. */
typedef EbbSqlStmt EbbBorrowedStmt;

static inline void
_ebb_store_stmt_give_back (EbbBorrowedStmt *stmt)
{
  ebb_sql_reset (stmt);
  ebb_sql_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbBorrowedStmt, _ebb_store_stmt_give_back)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

typedef gboolean (*StoreWork) (EbbStore  *self,
                               gpointer   data,
                               GError   **error);

typedef gpointer (*RowReader) (EbbStore      *self,
                               EbbSqlStmt    *stmt,
                               GError       **error);

/* Sessions, ratings, decisions and course ends are written by the same
 * steps (ebb-store-records.c), each kind with its own statements, reader,
 * binder and JSON: the steps are written once. */
typedef struct
{
  const char      *table;           /* in the audit trail: "session", "score", … */
  const char      *noun;            /* in messages: "session", "rating", … */
  StmtId           get;
  StmtId           insert;
  StmtId           update;          /* N_STMTS for a kind that is never changed */
  StmtId           remove;
  int              update_id_index; /* where the UPDATE takes the row's id */
  RowReader        read;
  void           (*bind)       (EbbSqlStmt *stmt,
                                gconstpointer row);
  char          *(*to_json)    (gconstpointer row);
  gint64         (*patient_id) (gconstpointer row);
  void           (*set_id)     (gpointer      row,
                                gint64        id);
  GDestroyNotify   free;
} RecordKind;

/* One write inside a transaction: the row to insert or update, or the id
 * to delete; an insert sets the row's id, and leaves it in @id too. */
typedef struct
{
  const RecordKind *kind;
  gpointer          row;
  gint64            id;
  gconstpointer     as_read;  /* an update: the row as its editor read it, or NULL to overwrite */
} RecordWrite;

/* Errors and transactions (ebb-store.c) ------------------------------------ */

void             _ebb_store_set_db_error           (GError            **error,
                                                    const char         *path,
                                                    sqlite3            *db,
                                                    int                 rc);
void             _ebb_store_set_sql_error          (GError            **error,
                                                    const char         *path,
                                                    EbbSql             *sql,
                                                    int                 rc);
const char      *_ebb_store_display                (EbbStore           *self);
void             _ebb_store_note_change            (EbbStore           *self,
                                                    gint64              patient_id);
gboolean         _ebb_store_run_in_transaction     (EbbStore           *self,
                                                    StoreWork           work,
                                                    gpointer            data,
                                                    GError            **error);

/* The server (ebb-store-server.c) ----------------------------------------- */

EbbStore        *_ebb_store_open_server            (const char         *uri,
                                                    gboolean            read_only,
                                                    GError            **error);

/* The file (ebb-store-file.c) ---------------------------------------------- */

gboolean         _ebb_store_create_private_file    (const char         *path,
                                                    GError            **error);
gboolean         _ebb_store_check_writable         (const char         *path,
                                                    GError            **error);
char            *_ebb_store_database_uri           (const char         *path,
                                                    gboolean            immutable);
sqlite3         *_ebb_store_open_database          (const char         *path,
                                                    gboolean            read_only,
                                                    GError            **error);
sqlite3         *_ebb_store_open_expected_schema   (int                 version,
                                                    GError            **error);

/* Statements and rows (ebb-store-rows.c) ----------------------------------- */

EbbBorrowedStmt *_ebb_store_borrow_stmt             (EbbStore            *self,
                                                     StmtId               id,
                                                     GError             **error);
void             _ebb_store_bind_text               (EbbSqlStmt          *stmt,
                                                     int                  index,
                                                     const char          *text);
char            *_ebb_store_when_to_text            (const EbbWhen       *when);
int              _ebb_store_compare_ids             (gconstpointer        a,
                                                     gconstpointer        b);
char            *_ebb_store_format_ids              (GArray              *ids);
gboolean         _ebb_store_step_done               (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
int              _ebb_store_step_returning          (EbbSqlStmt          *stmt,
                                                     gint64              *id);
gboolean         _ebb_store_step_insert             (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     gint64              *id,
                                                     GError             **error);
void             _ebb_store_bind_patient            (EbbSqlStmt          *stmt,
                                                     const EbbPatient    *patient);
void             _ebb_store_bind_session            (EbbSqlStmt          *stmt,
                                                     const EbbSession    *session);
void             _ebb_store_bind_rating             (EbbSqlStmt          *stmt,
                                                     const EbbRating     *rating);
void             _ebb_store_bind_reading            (EbbSqlStmt          *stmt,
                                                     const EbbReading    *reading);
void             _ebb_store_bind_medicine           (EbbSqlStmt          *stmt,
                                                     const EbbMedicine   *medicine);
gpointer         _ebb_store_read_reading            (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
gpointer         _ebb_store_read_medicine           (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
void             _ebb_store_bind_event              (EbbSqlStmt          *stmt,
                                                     const EbbEvent      *event);
gpointer         _ebb_store_read_event              (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
void             _ebb_store_attach_readings         (GPtrArray           *sessions,
                                                     GPtrArray           *readings);
void             _ebb_store_bind_decision           (EbbSqlStmt          *stmt,
                                                     const EbbDecision   *decision);
void             _ebb_store_bind_course_end         (EbbSqlStmt          *stmt,
                                                     const EbbCourseEnd  *end);
const char      *_ebb_store_dose_relation_to_string (EbbDoseRelation      relation);
gpointer         _ebb_store_read_patient            (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
gpointer         _ebb_store_read_session            (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
gpointer         _ebb_store_read_rating             (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
gpointer         _ebb_store_read_session_for_rules  (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
gpointer         _ebb_store_read_rating_for_rules   (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
gpointer         _ebb_store_read_decision           (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
gpointer         _ebb_store_read_course_end         (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
gpointer         _ebb_store_read_audit_entry        (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
gpointer         _ebb_store_read_summary            (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     GError             **error);
GPtrArray       *_ebb_store_collect_rows            (EbbStore            *self,
                                                     EbbSqlStmt          *stmt,
                                                     RowReader            read_row,
                                                     GDestroyNotify       free_row,
                                                     GError             **error);
gboolean         _ebb_store_fetch_by_id             (EbbStore            *self,
                                                     StmtId               stmt_id,
                                                     gint64               id,
                                                     RowReader            read_row,
                                                     gpointer            *out,
                                                     GError             **error);
GPtrArray       *_ebb_store_list_rows               (EbbStore            *self,
                                                     StmtId               all,
                                                     StmtId               one,
                                                     gint64               patient_id,
                                                     RowReader            read_row,
                                                     GDestroyNotify       free_row,
                                                     GError             **error);
gboolean         _ebb_store_delete_by_id            (EbbStore            *self,
                                                     StmtId               stmt_id,
                                                     gint64               id,
                                                     GError             **error);
void             _ebb_store_set_no_such_row_error   (GError             **error,
                                                     const char          *what,
                                                     gint64               id);

/* The audit trail (ebb-store-audit.c) -------------------------------------- */

char            *_ebb_store_patient_to_json        (const EbbPatient    *patient);
char            *_ebb_store_session_to_json        (const EbbSession    *session);
char            *_ebb_store_rating_to_json         (const EbbRating     *rating);
char            *_ebb_store_reading_to_json        (const EbbReading    *reading);
char            *_ebb_store_medicine_to_json       (const EbbMedicine   *medicine);
char            *_ebb_store_event_to_json          (const EbbEvent      *event);
char            *_ebb_store_decision_to_json       (const EbbDecision   *decision);
char            *_ebb_store_course_end_to_json     (const EbbCourseEnd  *end);
char            *_ebb_store_rule_setting_to_json   (const char          *key,
                                                    const char          *value);
gboolean         _ebb_store_write_audit            (EbbStore            *self,
                                                    const char          *action,
                                                    const char          *table_name,
                                                    gint64               row_id,
                                                    gint64               patient_id,
                                                    const char          *patient_code,
                                                    const char          *before,
                                                    const char          *after,
                                                    GError             **error);
gboolean         _ebb_store_write_clinic_entry     (EbbStore            *self,
                                                    const char          *action,
                                                    const char          *table_name,
                                                    gint64               row_id,
                                                    const char          *details,
                                                    GError             **error);
void             _ebb_store_note_imported_patient  (EbbStore            *self,
                                                    gint64               patient_id);
void             _ebb_store_end_import             (EbbStore            *self);
gboolean         _ebb_store_ensure_import_id       (EbbStore            *self,
                                                    GError             **error);
gboolean         _ebb_store_lookup_patient_code    (EbbStore            *self,
                                                    gint64               patient_id,
                                                    const char          *what,
                                                    char               **code,
                                                    GError             **error);

void             _ebb_store_set_changed_error      (EbbStore            *self,
                                                    const char          *table_name,
                                                    gint64               row_id,
                                                    gint64               patient_id,
                                                    const char          *stored,
                                                    GError             **error);

/* The hash chain (ebb-store-chain.c) --------------------------------------- */

/* The columns the chain covers, in the order they are hashed, then the
 * stored hash: on a server as in a file. */
#define EBB_AUDIT_CHAIN_COLUMNS "id, at, action, table_name, row_id, patient_id, patient_code," \
                                " \"before\", \"after\", user_name, host_name, hash"
#define EBB_AUDIT_CHAIN_N_FIELDS 11

void             _ebb_store_chain_hash             (const char         *previous,
                                                    const char * const *fields,
                                                    const gssize       *lengths,
                                                    char                out[EBB_AUDIT_HASH_SIZE]);
char            *_ebb_store_chain_break_message    (const char * const *fields);

void             _ebb_store_audit_hash             (const char           *previous,
                                                    const EbbAuditFields *entry,
                                                    char                  out[EBB_AUDIT_HASH_SIZE]);
int              _ebb_store_chain_existing         (sqlite3            *db,
                                                    const char         *from,
                                                    const char         *to);
gboolean         _ebb_store_verify_chain           (EbbStore           *self,
                                                    GPtrArray          *problems,
                                                    gint64             *head,
                                                    GError            **error);

/* Migration 6 (ebb-store-codes.c) ------------------------------------------ */

int              _ebb_store_normalise_codes        (sqlite3            *db,
                                                    const char         *path,
                                                    GError            **error);

/* The schema (ebb-store-schema.c) ------------------------------------------ */

gboolean         _ebb_store_compare_schema         (sqlite3            *db,
                                                    const char         *path,
                                                    int                 version,
                                                    GPtrArray          *problems,
                                                    GError            **error);

/* Records (ebb-store-records.c) -------------------------------------------- */

void             _ebb_store_propagate_as_constraint (GError           **error,
                                                    GError             *local_error);
gboolean         _ebb_store_check_utf8             (const char         *what,
                                                    const char         *text,
                                                    GError            **error);
gboolean         _ebb_store_insert_record          (EbbStore           *self,
                                                    gpointer            data,
                                                    GError            **error);
gboolean         _ebb_store_delete_record          (EbbStore           *self,
                                                    gpointer            data,
                                                    GError            **error);
gboolean         _ebb_store_update_record          (EbbStore           *self,
                                                    gpointer            data,
                                                    GError            **error);
gboolean         _ebb_store_check_length           (const char         *what,
                                                    const char         *text,
                                                    glong               max_chars,
                                                    GError            **error);
gboolean         _ebb_store_audit_readings_of_session (EbbStore         *self,
                                                    gint64              session_id,
                                                    const char         *code,
                                                    GError            **error);

/* ebb-store-kept.c */
gboolean   _ebb_store_read_audit_head     (EbbStore           *self,
                                           gint64             *audit_id,
                                           GError            **error);

/* ebb-store-queries.c */
GPtrArray *_ebb_store_scan_in_parts       (EbbStore           *self,
                                           guint               n_parts,
                                           GArray             *skip,
                                           EbbStoreScanFunc    func,
                                           gpointer            user_data,
                                           GDestroyNotify      free_found,
                                           GError            **error);

G_END_DECLS
