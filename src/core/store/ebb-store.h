/* ebb-store.h — the clinic database (SQLite)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * EbbStore is the one place that speaks SQL.  Its public functions are
 * storage-neutral (no SQLite types leak out) so that another backend can
 * be added without touching the rules, the chart or the window.
 */
#pragma once

#include <glib-object.h>

#include "ebb-course-end.h"
#include "ebb-decision.h"
#include "ebb-medicine.h"
#include "ebb-event.h"
#include "ebb-patient.h"
#include "ebb-patient-records.h"
#include "ebb-rule-settings.h"
#include "ebb-rating.h"
#include "ebb-reading.h"
#include "ebb-session.h"

G_BEGIN_DECLS

#define EBB_STORE_ERROR (ebb_store_error_quark ())

typedef enum
{
  EBB_STORE_ERROR_NOT_FOUND,     /* the file does not exist and creating it was not asked for */
  EBB_STORE_ERROR_NOT_EBB,       /* not an SQLite database, empty, or a database Ebb did not make */
  EBB_STORE_ERROR_CORRUPT,       /* an Ebb database whose file is damaged */
  EBB_STORE_ERROR_TOO_NEW,       /* made by a newer version of Ebb */
  EBB_STORE_ERROR_LOCKED,        /* another program holds the database */
  EBB_STORE_ERROR_READ_ONLY,     /* the file or its folder cannot be written */
  EBB_STORE_ERROR_CONSTRAINT,    /* e.g. a patient code that exists already */
  EBB_STORE_ERROR_NO_SUCH_ROW,   /* the patient, session or rating is not (any longer) there */
  EBB_STORE_ERROR_CHECK_FAILED,  /* integrity or foreign-key check found problems */
  EBB_STORE_ERROR_FAILED,        /* anything else the database reported */
  EBB_STORE_ERROR_UNREACHABLE,   /* the clinic server cannot be reached just now */
  EBB_STORE_ERROR_CHANGED,       /* changed elsewhere since the editor read it */
} EbbStoreError;

typedef enum
{
  EBB_STORE_OPEN_DEFAULT   = 0,
  EBB_STORE_OPEN_CREATE    = 1 << 0,  /* create the file (mode 0600) when it does not exist */
  EBB_STORE_OPEN_READ_ONLY = 1 << 1,  /* never write; fails if the schema needs upgrading */
} EbbStoreOpenFlags;

/* The schema version this build writes (PRAGMA user_version). */
#define EBB_STORE_SCHEMA_VERSION 11

typedef enum
{
  EBB_STORE_SUMMARY_DEFAULT  = 0,       /* the patient and the latest score */
  EBB_STORE_SUMMARY_ACTIVITY = 1 << 0,  /* also the counts and the last activity */
} EbbStoreSummaryFlags;

typedef struct
{
  EbbPatient *patient;
  /* The score the patient is followed on: the latest rating on the
   * patient's preferred scale (else the caller's default scale), or when
   * there is none, the latest efficacy rating; NULL scale when none. */
  char       *latest_scale;
  int         latest_total;
  char       *latest_when;
  /* With EBB_STORE_SUMMARY_ACTIVITY only (0 and NULL otherwise): */
  guint       n_sessions;      /* all statuses */
  guint       n_ratings;
  char       *last_activity;   /* when_text of the latest done session or rating, or NULL */
} EbbPatientSummary;

void ebb_patient_summary_free (EbbPatientSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbPatientSummary, ebb_patient_summary_free)

typedef struct
{
  gint64  id;
  char   *at;            /* UTC, ISO 8601, when the change was made */
  char   *action;        /* "insert", "update" or "delete" a row; or, for the whole
                          * clinic, "import", "backup" or "restore" */
  char   *table_name;    /* "patient", "session", "rating" ("score" before schema 7),
                          * "reading", "medicine", "event", "decision", "course_end"
                          * or "rule_setting"; "import" for an import (row_id is
                          * then the import's id, which its rows keep), "clinic"
                          * for a backup or a restore */
  gint64  row_id;
  char   *patient_code;  /* the patient the row belongs to; NULL for a rule setting
                          * and the whole-clinic entries */
  char   *before;        /* JSON object of the row before the change, or NULL */
  char   *after;         /* JSON object of the row after the change, or of what an
                          * import, backup or restore did; or NULL */
  char   *user_name;     /* the account that made the change, and on which */
  char   *host_name;     /* computer; NULL for entries written before schema 5 */
  char   *hash;          /* the entry's link in the trail's hash chain (SHA-256, hex) */
} EbbAuditEntry;

void ebb_audit_entry_free (EbbAuditEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbAuditEntry, ebb_audit_entry_free)

#define EBB_TYPE_STORE (ebb_store_get_type ())
G_DECLARE_FINAL_TYPE (EbbStore, ebb_store, EBB, STORE, GObject)

GQuark      ebb_store_error_quark        (void);
char       *ebb_store_default_path       (void);

void        ebb_store_remove_database_files (const char   *path);
EbbStore   *ebb_store_open               (const char         *path,
                                          EbbStoreOpenFlags   flags,
                                          GError            **error);
const char *ebb_store_get_path           (EbbStore           *self);
gboolean    ebb_store_is_read_only       (EbbStore           *self);

/* Transactions nest: only the outermost begin/commit reach the database.
 * Every mutating function below opens its own (nested) transaction, so a
 * single call is atomic, and a caller can group many calls into one. */
gint64      ebb_store_get_changed_patient (EbbStore          *self);
gboolean    ebb_store_begin              (EbbStore           *self,
                                          GError            **error);
gboolean    ebb_store_commit             (EbbStore           *self,
                                          GError            **error);
void        ebb_store_rollback           (EbbStore           *self);

/* Patients */
GPtrArray  *ebb_store_list_patients      (EbbStore           *self,
                                          GError            **error);
GPtrArray  *ebb_store_list_patient_summaries (EbbStore             *self,
                                              const char           *default_scale,
                                              gint32                as_of_day,
                                              EbbStoreSummaryFlags  flags,
                                              GError              **error);
EbbPatientSummary *ebb_store_get_patient_summary (EbbStore    *self,
                                                  gint64       id,
                                                  const char  *default_scale,
                                                  gint32       as_of_day,
                                                  GError     **error);
EbbPatient *ebb_store_get_patient        (EbbStore           *self,
                                          gint64              id,
                                          GError            **error);
EbbPatient *ebb_store_find_patient       (EbbStore           *self,
                                          const char         *code,
                                          GError            **error);
gboolean    ebb_store_add_patient        (EbbStore           *self,
                                          EbbPatient         *patient,
                                          GError            **error);
gboolean    ebb_store_update_patient     (EbbStore           *self,
                                          const EbbPatient   *patient,
                                          GError            **error);
gboolean    ebb_store_update_patient_if_unchanged (EbbStore           *self,
                                                   const EbbPatient   *as_read,
                                                   const EbbPatient   *patient,
                                                   GError            **error);
gboolean    ebb_store_delete_patient     (EbbStore           *self,
                                          gint64              id,
                                          GError            **error);

/* Each patient in turn with that patient's sessions and ratings (time
 * order), course ends and decisions (recorded order) as the clinical rules
 * read them, in one pass over the clinic: for the whole-clinic flag scan,
 * without holding every row at once.  Only the fields the rules use are
 * read (see the function's documentation).  The arrays in @records own
 * their rows and may be kept (referenced) past the call; @records itself
 * may not. */
typedef void (*EbbStorePatientRecordsFunc) (const EbbPatientRecords *records,
                                            gpointer                 user_data);

gboolean    ebb_store_foreach_patient_for_rules (EbbStore                   *self,
                                                 EbbStorePatientRecordsFunc  func,
                                                 gpointer                    user_data,
                                                 GError                    **error);

/* What a whole-clinic scan finds about one patient, added to @found. */
typedef void (*EbbStoreScanFunc) (const EbbPatientRecords *records,
                                  GPtrArray               *found,
                                  gpointer                 user_data);

GPtrArray  *ebb_store_scan_for_rules     (EbbStore           *self,
                                          EbbStoreScanFunc    func,
                                          gpointer            user_data,
                                          GDestroyNotify      free_found,
                                          GError            **error);
GPtrArray  *ebb_store_scan_for_rules_skipping (EbbStore      *self,
                                               GArray        *skip,
                                               EbbStoreScanFunc func,
                                               gpointer       user_data,
                                               GDestroyNotify free_found,
                                               GError       **error);

/* What a whole-clinic scan found about a patient, kept for the next
 * (ebb-store-kept.c): the days it holds on while the patient's records
 * stay as they are, and what the rules make of it, as one line of text. */
typedef struct
{
  gint64  patient_id;
  gint32  from_day;      /* the day it was worked out for */
  gint32  through_day;   /* the last day it holds */
  char   *text;          /* the rules' own, without a newline */
} EbbKeptPatient;

/* The patients with nothing open, and the others, whose text is in the
 * user's language: kept apart so that one language's scan does not
 * replace the other's quiet patients. */
typedef enum
{
  EBB_KEPT_QUIET = 1,
  EBB_KEPT_FLAGGED = 2,
} EbbKeptSlot;

void        ebb_kept_patient_free         (EbbKeptPatient    *kept);
GPtrArray  *ebb_store_load_kept_patients  (EbbStore          *self,
                                           EbbKeptSlot        slot,
                                           const char        *basis,
                                           gint32             day,
                                           gint64            *audit_id,
                                           GError           **error);
gboolean    ebb_store_save_kept_patients  (EbbStore          *self,
                                           EbbKeptSlot        slot,
                                           const char        *basis,
                                           gint64             audit_id,
                                           GPtrArray         *kept,
                                           GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EbbKeptPatient, ebb_kept_patient_free)

/* Sessions; patient_id 0 lists every patient's, ordered by patient, then time */
GPtrArray  *ebb_store_list_sessions      (EbbStore           *self,
                                          gint64              patient_id,
                                          GError            **error);
gboolean    ebb_store_add_session        (EbbStore           *self,
                                          EbbSession         *session,
                                          GError            **error);
gboolean    ebb_store_update_session     (EbbStore           *self,
                                          const EbbSession   *session,
                                          GError            **error);
gboolean    ebb_store_update_session_if_unchanged (EbbStore           *self,
                                                   const EbbSession   *as_read,
                                                   const EbbSession   *session,
                                                   GError            **error);
gboolean    ebb_store_delete_session     (EbbStore           *self,
                                          gint64              id,
                                          GError            **error);

/* Readings of vital signs (issue 13), each of one session, on its day.
 * A session listed above carries its readings (EbbSession.readings); this
 * lists them on their own: patient_id 0 lists every patient's, ordered
 * by patient, then session time, then reading time.  Deleting a session
 * deletes (and audits) its readings. */
GPtrArray  *ebb_store_list_readings      (EbbStore           *self,
                                          gint64              patient_id,
                                          GError            **error);
GPtrArray  *ebb_store_list_session_readings (EbbStore         *self,
                                          gint64              session_id,
                                          GError            **error);
gboolean    ebb_store_add_reading        (EbbStore           *self,
                                          EbbReading         *reading,
                                          GError            **error);
gboolean    ebb_store_update_reading     (EbbStore           *self,
                                          const EbbReading   *reading,
                                          GError            **error);
gboolean    ebb_store_update_reading_if_unchanged (EbbStore           *self,
                                                   const EbbReading   *as_read,
                                                   const EbbReading   *reading,
                                                   GError            **error);
gboolean    ebb_store_delete_reading     (EbbStore           *self,
                                          gint64              id,
                                          GError            **error);

/* Medicines that change sedation or blood pressure, per patient;
 * patient_id 0 lists every patient's, ordered by patient, then start day. */
GPtrArray  *ebb_store_list_medicines     (EbbStore           *self,
                                          gint64              patient_id,
                                          GError            **error);
gboolean    ebb_store_add_medicine       (EbbStore           *self,
                                          EbbMedicine        *medicine,
                                          GError            **error);
gboolean    ebb_store_update_medicine    (EbbStore           *self,
                                          const EbbMedicine  *medicine,
                                          GError            **error);
gboolean    ebb_store_delete_medicine    (EbbStore           *self,
                                          gint64              id,
                                          GError            **error);

/* Events shown on the chart, per patient; patient_id 0 lists every
 * patient's, ordered by patient, then day (ebb-store-events.c). */
GPtrArray  *ebb_store_list_events        (EbbStore           *self,
                                          gint64              patient_id,
                                          GError            **error);
gboolean    ebb_store_add_event          (EbbStore           *self,
                                          EbbEvent           *event,
                                          GError            **error);
gboolean    ebb_store_update_event       (EbbStore           *self,
                                          const EbbEvent     *event,
                                          GError            **error);
gboolean    ebb_store_delete_event       (EbbStore           *self,
                                          gint64              id,
                                          GError            **error);

/* The patients with a session on @day dosed and not yet discharged */
GArray     *ebb_store_list_patients_in_session (EbbStore     *self,
                                                gint32        day,
                                                GError      **error);

/* Ratings; patient_id 0 lists every patient's, ordered by patient, then time */
GPtrArray  *ebb_store_list_ratings       (EbbStore           *self,
                                          gint64              patient_id,
                                          GError            **error);
gboolean    ebb_store_add_rating         (EbbStore           *self,
                                          EbbRating          *rating,
                                          GError            **error);
gboolean    ebb_store_update_rating      (EbbStore           *self,
                                          const EbbRating    *rating,
                                          GError            **error);
gboolean    ebb_store_update_rating_if_unchanged (EbbStore           *self,
                                                  const EbbRating    *as_read,
                                                  const EbbRating    *rating,
                                                  GError            **error);
gboolean    ebb_store_delete_rating      (EbbStore           *self,
                                          gint64              id,
                                          GError            **error);

/* The clinic's rule settings (clinical rules, *setting*): only the ones
 * changed from their defaults are stored. */
gboolean    ebb_store_load_rule_settings (EbbStore           *self,
                                          EbbRuleSettings    *settings,
                                          GError            **error);
gboolean    ebb_store_set_rule_setting   (EbbStore           *self,
                                          const char         *key,
                                          const char         *value,
                                          GError            **error);

/* Decisions on flags (§5); patient_id 0 lists every patient's, ordered by
 * patient, then as recorded.  A decision is never changed: undo deletes it. */
#define EBB_DECISION_NOTE_MAX 500

GPtrArray  *ebb_store_list_decisions     (EbbStore           *self,
                                          gint64              patient_id,
                                          GError            **error);
gboolean    ebb_store_add_decision       (EbbStore           *self,
                                          EbbDecision        *decision,
                                          GError            **error);
gboolean    ebb_store_delete_decision    (EbbStore           *self,
                                          gint64              id,
                                          GError            **error);

/* Ends of courses (§6); patient_id 0 lists every patient's, ordered by
 * patient, then as recorded. */
#define EBB_COURSE_END_NOTE_MAX 500

GPtrArray  *ebb_store_list_course_ends   (EbbStore           *self,
                                          gint64              patient_id,
                                          GError            **error);
gboolean    ebb_store_add_course_end     (EbbStore           *self,
                                          EbbCourseEnd       *end,
                                          GError            **error);
gboolean    ebb_store_delete_course_end  (EbbStore           *self,
                                          gint64              id,
                                          GError            **error);

/* The audit trail is append-only: there is no function to change it. */
GPtrArray  *ebb_store_list_audit         (EbbStore           *self,
                                          gint64              patient_id,
                                          GError            **error);

/* An import is one entry of the trail, not one per row: between these two,
 * inside the caller's transaction, every row added keeps the import's id
 * and writes no entry of its own (changes and deletions still do). */
gboolean    ebb_store_start_import       (EbbStore           *self,
                                          GError            **error);
gboolean    ebb_store_begin_import       (EbbStore           *self,
                                          GError            **error);
gboolean    ebb_store_lock_patient_code  (EbbStore           *self,
                                          const char         *code,
                                          gboolean           *read_again,
                                          GError            **error);
gboolean    ebb_store_finish_import      (EbbStore           *self,
                                          const char         *details,
                                          GError            **error);

/* Maintenance */
gboolean    ebb_store_check              (EbbStore           *self,
                                          GPtrArray         **problems,
                                          GError            **error);
gboolean    ebb_store_backup             (EbbStore           *self,
                                          const char         *destination,
                                          GError            **error);
gboolean    ebb_store_copy               (EbbStore           *self,
                                          const char         *destination,
                                          GError            **error);
gboolean    ebb_store_record_backup      (EbbStore           *self,
                                          const char         *backup,
                                          GError            **error);
gboolean    ebb_store_record_restore     (EbbStore           *self,
                                          const char         *backup,
                                          const char         *sha256,
                                          const char         *replaced,
                                          GError            **error);
char       *ebb_store_file_sha256        (const char         *path,
                                          GError            **error);
gboolean    ebb_store_check_file_schema  (const char         *path,
                                          GPtrArray         **problems,
                                          GError            **error);

G_END_DECLS
