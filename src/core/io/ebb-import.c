/* ebb-import.c — importing and exporting the clinic's CSV files
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import is all or nothing (clinical rules §7): every row of every file
 * is checked, every problem is reported as "FILE:LINE: column: message",
 * and the database is only changed when there is none.  Files are read
 * once and rows are written as they are checked, inside one transaction
 * that is rolled back at the end if anything was wrong; after the first
 * problem the remaining rows are only checked, not written.
 *
 * An import is one entry of the audit trail: the files' names and
 * SHA-256, the counts, who and when; each row it adds keeps the import's
 * id (ebb_store_begin_import()).  A row that says again what is stored,
 * or what an earlier row of the same import said, is skipped: moments are
 * compared as moments (`T10:00`, ` 10:00` and `T10:00:00` are one), and a
 * time with a zone is refused, since Ebb keeps the clinic's local time.
 *
 * Nothing here logs: the files hold patient data, and the problems list
 * is the one place where it may appear, for the user who asked.
 */
#define G_LOG_DOMAIN "ebb-import"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-csv.h"
#include "ebb-import.h"
#include "ebb-import-private.h"
#include "ebb-json.h"
#include "ebb-scale.h"

G_DEFINE_QUARK (ebb-import-error-quark, ebb_import_error)

/* Columns and file kinds ------------------------------------------------- */

typedef enum
{
  COL_PATIENT,
  COL_NAME,
  COL_BIRTH_YEAR,
  COL_NOTES,
  COL_ENDED,
  COL_END_REASON,
  COL_DATE,
  COL_STATUS,
  COL_PHASE,
  COL_ROUTE,
  COL_DOSE,
  COL_NOTE,
  COL_BP_BEFORE,
  COL_BP_AFTER,
  COL_DRUG,
  COL_DURATION,
  COL_LOT,
  COL_DOSE_TIME,
  COL_DISCHARGE_TIME,
  COL_SEDATION,
  COL_DISSOCIATION,
  COL_RESPIRATORY,
  COL_EFFECTS,
  COL_OTHER_EFFECT,
  COL_READY,
  COL_VITALS_BEFORE,
  COL_VITALS_DISCHARGE,
  COL_TRANSPORT,
  COL_MONITORED_BY,
  COL_SCALE,
  COL_SCORE,
  COL_ITEMS,
  COL_RATER,
  COL_SESSION_DATE,
  COL_TIME,
  COL_BP,
  COL_HEART_RATE,
  COL_SPO2,
  COL_PRE_DOSE,
  COL_CLASS,
  COL_START,
  COL_STOP,
  COL_KIND,
  COL_TEXT,
  N_COLUMNS
} Column;

static const char * const column_names[N_COLUMNS] = {
  [COL_PATIENT] = "patient",
  [COL_NAME] = "name",
  [COL_BIRTH_YEAR] = "birth_year",
  [COL_NOTES] = "notes",
  [COL_ENDED] = "ended",
  [COL_END_REASON] = "end_reason",
  [COL_DATE] = "date",
  [COL_STATUS] = "status",
  [COL_PHASE] = "phase",
  [COL_ROUTE] = "route",
  [COL_DOSE] = "dose_mg",
  [COL_NOTE] = "note",
  [COL_BP_BEFORE] = "bp_before",
  [COL_BP_AFTER] = "bp_after",
  [COL_DRUG] = "drug",
  [COL_DURATION] = "duration_min",
  [COL_LOT] = "lot",
  [COL_DOSE_TIME] = "dose_time",
  [COL_DISCHARGE_TIME] = "discharge_time",
  [COL_SEDATION] = "sedation",
  [COL_DISSOCIATION] = "dissociation",
  [COL_RESPIRATORY] = "respiratory",
  [COL_EFFECTS] = "effects",
  [COL_OTHER_EFFECT] = "other_effect",
  [COL_READY] = "ready_min",
  [COL_VITALS_BEFORE] = "vitals_ok_before",
  [COL_VITALS_DISCHARGE] = "vitals_ok_discharge",
  [COL_TRANSPORT] = "transport_arranged",
  [COL_MONITORED_BY] = "monitored_by",
  [COL_SCALE] = "scale",
  [COL_SCORE] = "score",
  [COL_ITEMS] = "items",
  [COL_RATER] = "rater",
  [COL_SESSION_DATE] = "session_date",
  [COL_TIME] = "time",
  [COL_BP] = "bp",
  [COL_HEART_RATE] = "heart_rate",
  [COL_SPO2] = "spo2",
  [COL_PRE_DOSE] = "pre_dose",
  [COL_CLASS] = "class",
  [COL_START] = "start",
  [COL_STOP] = "stop",
  [COL_KIND] = "kind",
  [COL_TEXT] = "text",
};

typedef enum
{
  KIND_PATIENTS,
  KIND_SESSIONS,
  KIND_SCORES,
  KIND_READINGS,     /* after sessions: each reading finds its session */
  KIND_MEDICINES,
  KIND_EVENTS,
  N_KINDS
} FileKind;

typedef struct
{
  Column   column;
  gboolean required;
  gboolean distinctive;  /* tells this kind from the others */
} KindColumn;

typedef struct
{
  const char       *noun;
  const KindColumn *columns;
  guint             n_columns;
} KindInfo;

/* In the order of the clinical rules §7 and of the exported files. */
static const KindColumn patients_columns[] = {
  { COL_PATIENT, TRUE, FALSE },
  { COL_NAME, TRUE, TRUE },
  { COL_BIRTH_YEAR, FALSE, TRUE },
  { COL_NOTES, FALSE, TRUE },
  { COL_ENDED, FALSE, TRUE },
  { COL_END_REASON, FALSE, TRUE },
};
static const KindColumn sessions_columns[] = {
  { COL_PATIENT, TRUE, FALSE },
  { COL_DATE, TRUE, FALSE },
  { COL_STATUS, TRUE, TRUE },
  { COL_PHASE, TRUE, TRUE },
  { COL_ROUTE, TRUE, TRUE },
  { COL_DOSE, FALSE, TRUE },
  { COL_NOTE, FALSE, FALSE },
  { COL_BP_BEFORE, FALSE, TRUE },
  { COL_BP_AFTER, FALSE, TRUE },
  { COL_DRUG, FALSE, TRUE },
  { COL_DURATION, FALSE, TRUE },
  { COL_LOT, FALSE, TRUE },
  { COL_DOSE_TIME, FALSE, TRUE },
  { COL_DISCHARGE_TIME, FALSE, TRUE },
  { COL_SEDATION, FALSE, TRUE },
  { COL_DISSOCIATION, FALSE, TRUE },
  { COL_RESPIRATORY, FALSE, TRUE },
  { COL_EFFECTS, FALSE, TRUE },
  { COL_OTHER_EFFECT, FALSE, TRUE },
  { COL_READY, FALSE, TRUE },
  { COL_VITALS_BEFORE, FALSE, TRUE },
  { COL_VITALS_DISCHARGE, FALSE, TRUE },
  { COL_TRANSPORT, FALSE, TRUE },
  { COL_MONITORED_BY, FALSE, TRUE },
};
static const KindColumn scores_columns[] = {
  { COL_PATIENT, TRUE, FALSE },
  { COL_DATE, TRUE, FALSE },
  { COL_SCALE, TRUE, TRUE },
  { COL_SCORE, TRUE, TRUE },
  { COL_ITEMS, FALSE, TRUE },
  { COL_NOTE, FALSE, FALSE },
  { COL_RATER, FALSE, TRUE },
};

static const KindColumn readings_columns[] = {
  { COL_PATIENT, TRUE, FALSE },
  { COL_SESSION_DATE, TRUE, TRUE },
  { COL_TIME, TRUE, TRUE },
  { COL_BP, TRUE, TRUE },
  { COL_HEART_RATE, FALSE, TRUE },
  { COL_SPO2, FALSE, TRUE },
  { COL_NOTE, FALSE, FALSE },
  { COL_PRE_DOSE, FALSE, TRUE },
};
/* "name" is the patients file's too: not what tells the two apart. */
static const KindColumn medicines_columns[] = {
  { COL_PATIENT, TRUE, FALSE },
  { COL_CLASS, TRUE, TRUE },
  { COL_NAME, TRUE, FALSE },
  { COL_START, TRUE, TRUE },
  { COL_STOP, FALSE, TRUE },
};

/* "date" is the sessions and scores files' too. */
static const KindColumn events_columns[] = {
  { COL_PATIENT, TRUE, FALSE },
  { COL_DATE, TRUE, FALSE },
  { COL_KIND, TRUE, TRUE },
  { COL_TEXT, TRUE, TRUE },
};

static const KindInfo kinds[N_KINDS] = {
  [KIND_PATIENTS] = { "patients", patients_columns, G_N_ELEMENTS (patients_columns) },
  [KIND_SESSIONS] = { "sessions", sessions_columns, G_N_ELEMENTS (sessions_columns) },
  [KIND_SCORES] = { "scores", scores_columns, G_N_ELEMENTS (scores_columns) },
  [KIND_READINGS] = { "readings", readings_columns, G_N_ELEMENTS (readings_columns) },
  [KIND_MEDICINES] = { "medicines", medicines_columns, G_N_ELEMENTS (medicines_columns) },
  [KIND_EVENTS] = { "events", events_columns, G_N_ELEMENTS (events_columns) },
};

/* "patient,name[,birth_year][,notes]" */
static void
append_kind_header (GString        *out,
                    const KindInfo *kind)
{
  for (guint i = 0; i < kind->n_columns; i++)
    {
      const KindColumn *kc = &kind->columns[i];

      g_string_append_printf (out, kc->required ? "%s%s" : "[%s%s]",
                              i ? "," : "", column_names[kc->column]);
    }
}

static char *
expected_headers (void)
{
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < N_KINDS; k++)
    {
      /* Not ", ": the headers have commas of their own. */
      if (k > 0)
        /* Translators: between the last two items of a list */
        g_string_append (out, _(" or "));
      append_kind_header (out, &kinds[k]);
    }
  return g_string_free (out, FALSE);
}

static char *
kind_column_list (const KindInfo *kind)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < kind->n_columns; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", column_names[kind->columns[i].column]);
  return g_string_free (out, FALSE);
}

/* One file being imported ------------------------------------------------- */

/* A file is read a piece at a time, each piece ending at a line end, and
 * forgotten once its records are read: a clinic's files read whole were
 * most of a 50,000-patient import's memory (241 MB of 607). */
#define PIECE_BYTES (4 * 1024 * 1024)

/* What the tests may make smaller, to read a small file in many pieces. */
static gsize piece_bytes = PIECE_BYTES;

void
_ebb_import_set_piece_bytes (gsize bytes)
{
  piece_bytes = bytes > 0 ? bytes : PIECE_BYTES;
}

typedef struct
{
  const char   *path;     /* as given by the caller: problems name it so */
  int           fd;
  GByteArray   *buffer;   /* the piece the reader reads, and any bytes read after it */
  gsize         piece;    /* how much of buffer the reader has */
  gboolean      at_end;   /* everything after the buffer's bytes is read */
  GChecksum    *checksum; /* of every byte read, for the audit trail */
  GThread      *hashing;  /* adding the last bytes read to it, while they are parsed */
  const guchar *unhashed; /* those bytes, in buffer */
  gsize         n_unhashed;
  char         *sha256;   /* its value once the file is read to its end */
  EbbCsvReader *reader;   /* positioned after the header */
  gboolean      usable;   /* the header was understood */
  FileKind      kind;
  guint         n_fields;
  int           index[N_COLUMNS];  /* field of each column, or -1 */
} ImportFile;

/* SHA-256 in GLib takes about 3 ms a megabyte here, 4 % of an import,
 * and nothing else in the import needs its result until the file's end:
 * each piece read is hashed in a thread of its own while the main thread
 * parses it.  Both only read the piece; the buffer is not touched again
 * until the thread is joined. */
static gpointer
hash_piece_thread (gpointer data)
{
  ImportFile *file = data;

  g_checksum_update (file->checksum, file->unhashed, file->n_unhashed);
  return NULL;
}

static void
import_file_hash_piece (ImportFile   *file,
                        const guchar *data,
                        gsize         n)
{
  g_assert (file->hashing == NULL);

  file->unhashed = data;
  file->n_unhashed = n;
  /* Without a thread (none to be had), in this one. */
  file->hashing = g_thread_try_new ("ebb-sha256", hash_piece_thread, file, NULL);
  if (file->hashing == NULL)
    hash_piece_thread (file);
}

/* Before the buffer changes, and before the checksum is read. */
static void
import_file_wait_for_hash (ImportFile *file)
{
  if (file->hashing != NULL)
    g_thread_join (g_steal_pointer (&file->hashing));
}

static void
import_file_free (ImportFile *file)
{
  import_file_wait_for_hash (file);
  g_clear_pointer (&file->reader, ebb_csv_reader_free);
  if (file->fd >= 0)
    close (file->fd);
  g_clear_pointer (&file->buffer, g_byte_array_unref);
  g_clear_pointer (&file->checksum, g_checksum_free);
  g_free (file->sha256);
  g_free (file);
}

/* Patients known to the import ------------------------------------------- */

/* One kind of a patient's rows, to find a row already there.  Each row is
 * kept as a 64-bit digest of its key, in order: a clinic's keys as text
 * were most of a large import's memory.  A digest already there is
 * checked against the keys themselves (@exact, made from the rows the
 * store holds, this import's included, on the first repeat), so that two
 * different rows are never taken for one; an import of a file already
 * imported makes them for every patient, as the import did before. */
typedef struct
{
  GArray     *digests;   /* guint64, ordered; NULL until first used */
  GHashTable *exact;     /* the keys as text, once a digest repeats; else NULL */
} KeySet;

static void
key_set_clear (KeySet *set)
{
  g_clear_pointer (&set->digests, g_array_unref);
  g_clear_pointer (&set->exact, g_hash_table_unref);
}

typedef struct
{
  EbbPatient *patient;
  gboolean    existed;   /* stored before this import began */
  gboolean    added;     /* added by this import */
  gboolean    locked;    /* its code's lock is held (known_patient()) */
  /* The patient's rows as duplicate keys (KeySet): the ones stored before
   * the import (loaded on first use) and the ones it added. */
  KeySet      sessions;
  KeySet      ratings;
  /* For the readings files: the patient's sessions with their readings as
   * stored once the sessions files are in (loaded on first use), and the
   * medicines and events as duplicate keys. */
  GPtrArray  *stored_sessions;
  KeySet      medicines;
  KeySet      events;
} PatientEntry;

static void
patient_entry_free (PatientEntry *entry)
{
  ebb_patient_free (entry->patient);
  key_set_clear (&entry->sessions);
  key_set_clear (&entry->ratings);
  g_clear_pointer (&entry->stored_sessions, g_ptr_array_unref);
  key_set_clear (&entry->medicines);
  key_set_clear (&entry->events);
  g_free (entry);
}

typedef struct
{
  EbbStore       *store;
  GPtrArray      *problems;   /* may be NULL */
  guint           n_problems;
  EbbImportStats  stats;
  GHashTable     *patients;   /* code in its one form → PatientEntry */
  char           *last_code;  /* the last code as a row wrote it… */
  char           *last_key;   /* …and in its one form, or NULL when it has none */
  GHashTable     *scales;     /* text as written → const EbbScale * */
  char           *scale_ids;  /* "MADRS, PHQ-9, … or CADSS" */
  GArray         *items;      /* int, reused for every row */
  GString        *key;        /* reused for duplicate keys */
  int             this_year;
  GError         *fatal;      /* a store error: the import stops */
  GPtrArray      *warnings;   /* may be NULL: what is saved but worth a second look */
  /* The days of the session rows this import read once a problem stopped
   * it writing them ("KEY\x1fDAY"): a reading of one of them is then not
   * a reading of an unknown session. */
  GHashTable     *session_days;
} Import;

static void G_GNUC_PRINTF (5, 6)
add_problem (Import           *imp,
             const ImportFile *file,
             guint             line,
             const char       *column,
             const char       *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  /* Counted even beyond the cap, for the summary line. */
  imp->n_problems++;
  if (imp->problems == NULL || imp->n_problems > EBB_IMPORT_MAX_PROBLEMS)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (imp->problems,
                   g_strdup_printf ("%s:%u: %s: %s", file->path, line, column, message));
}

/* Value parsing ------------------------------------------------------------ */

/* A whole number of at most nine significant digits (no overflow), with
 * an optional sign; leading zeros are only padding ("0000000005" is 5). */
static gboolean
parse_int (const char *text,
           int        *value)
{
  const char *p = text;
  gboolean negative = FALSE;
  gboolean zeros = FALSE;
  int v = 0;
  guint n = 0;

  if (*p == '+' || *p == '-')
    negative = (*p++ == '-');
  for (; *p == '0'; p++)
    zeros = TRUE;
  if (zeros && !g_ascii_isdigit (*p))
    n = 1;
  for (; g_ascii_isdigit (*p); p++, n++)
    {
      if (n == 9)
        return FALSE;
      v = v * 10 + (*p - '0');
    }
  if (n == 0 || *p != '\0')
    return FALSE;
  *value = negative ? -v : v;
  return TRUE;
}

/* Decimal numbers only: g_ascii_strtod() alone would also take "inf",
 * "nan" and hexadecimal, which no one means as a dose. */
static gboolean
parse_dose (const char *text,
            double     *value)
{
  const char *p = text;
  guint digits = 0;
  char *end = NULL;
  double v;

  if (*p == '+')
    p++;
  for (; g_ascii_isdigit (*p); p++)
    digits++;
  if (*p == '.')
    for (p++; g_ascii_isdigit (*p); p++)
      digits++;
  if (digits == 0)
    return FALSE;
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p != '\0')
    return FALSE;

  v = g_ascii_strtod (text, &end);
  if (end == NULL || *end != '\0' || !isfinite (v) || v < 0)
    return FALSE;
  *value = v;
  return TRUE;
}

/* "128/82" → 128, 82.  The bounds only catch typing slips (a swapped pair,
 * a missing digit); they are wide enough for any real reading. */
static gboolean
parse_bp (Import           *imp,
          const ImportFile *file,
          guint             line,
          Column            column,
          const char       *text,
          int              *systolic,
          int              *diastolic)
{
  const char *slash = strchr (text, '/');
  char sys_text[16];
  int sys, dia;
  gsize n;

  g_autofree char *shown = NULL;

  n = slash ? (gsize) (slash - text) : 0;
  if (slash == NULL || n == 0 || n >= sizeof sys_text)
    goto bad;
  memcpy (sys_text, text, n);
  sys_text[n] = '\0';
  g_strchomp (sys_text);
  if (!g_ascii_isdigit (sys_text[0]) || !parse_int (sys_text, &sys))
    goto bad;
  while (slash[1] == ' ')
    slash++;
  if (!g_ascii_isdigit (slash[1]) || !parse_int (slash + 1, &dia))
    goto bad;

  /* The bounds are the store's (ebb_reading_check()). */
  {
    g_autoptr(GError) error = NULL;

    if (!ebb_pressure_check (sys, dia, &error))
      {
        add_problem (imp, file, line, column_names[column], "%s", error->message);
        return FALSE;
      }
  }
  *systolic = sys;
  *diastolic = dia;
  return TRUE;

bad:
  shown = ebb_csv_excerpt (text);
  add_problem (imp, file, line, column_names[column],
               /* Translators: SYSTOLIC/DIASTOLIC is how the value is written, 128/82 */
               _("“%s” is not a blood pressure: use SYSTOLIC/DIASTOLIC in mmHg, e.g. 128/82"), shown);
  return FALSE;
}

/* Item values separated by spaces, into imp->items. */
static gboolean
parse_items (Import           *imp,
             const ImportFile *file,
             guint             line,
             const char       *text)
{
  const char *p = text;
  char token[16];

  g_array_set_size (imp->items, 0);
  while (*p != '\0')
    {
      const char *start;
      gsize n;
      int value;

      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && *p != ' ' && *p != '\t')
        p++;
      n = (gsize) (p - start);
      if (n < sizeof token)
        {
          memcpy (token, start, n);
          token[n] = '\0';
        }
      if (n >= sizeof token || !parse_int (token, &value))
        {
          g_autofree char *written = g_strndup (start, n);
          g_autofree char *shown = ebb_csv_excerpt (written);

          add_problem (imp, file, line, column_names[COL_ITEMS],
                       /* Translators: "item 3 (“x”) is not a whole number: …"; the
                        * value as written, perhaps shortened with an ellipsis */
                       _("item %u (“%s”) is not a whole number: give the item values as "
                         "whole numbers separated by spaces"),
                       imp->items->len + 1, shown);
          return FALSE;
        }
      g_array_append_val (imp->items, value);
    }
  return TRUE;
}

/* The words of ebb-session.c, in any case.  Not ebb_*_from_string(),
 * which copies the text on every call: here that would be three copies
 * per row. */
static gboolean
parse_status (const char       *text,
              EbbSessionStatus *status)
{
  for (int i = EBB_SESSION_SCHEDULED; i <= EBB_SESSION_MISSED; i++)
    {
      if (g_ascii_strcasecmp (text, ebb_session_status_to_string ((EbbSessionStatus) i)) == 0)
        {
          *status = (EbbSessionStatus) i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
parse_phase (const char *text,
             EbbPhase   *phase)
{
  for (int i = EBB_PHASE_INDUCTION; i <= EBB_PHASE_RESCUE; i++)
    {
      if (g_ascii_strcasecmp (text, ebb_phase_to_string ((EbbPhase) i)) == 0)
        {
          *phase = (EbbPhase) i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
parse_route (const char *text,
             EbbRoute   *route)
{
  for (int i = EBB_ROUTE_IV; i <= EBB_ROUTE_SUBLINGUAL; i++)
    {
      if (g_ascii_strcasecmp (text, ebb_route_to_string ((EbbRoute) i)) == 0)
        {
          *route = (EbbRoute) i;
          return TRUE;
        }
    }
  return FALSE;
}

static const EbbScale *
lookup_scale (Import     *imp,
              const char *text)
{
  const EbbScale *scale = g_hash_table_lookup (imp->scales, text);

  /* The catalogue folds case and punctuation on every call; a file names
   * the same few scales over and over, so remember each spelling. */
  if (scale == NULL)
    {
      scale = ebb_scale_lookup (text);
      if (scale != NULL)
        g_hash_table_insert (imp->scales, g_strdup (text), (gpointer) scale);
    }
  return scale;
}

/* The value of @column in this row, trimmed; NULL when the file has no
 * such column or the field is empty. */
static inline const char *
field (const ImportFile *file,
       GPtrArray        *fields,
       Column            column)
{
  const char *value;

  if (file->index[column] < 0)
    return NULL;
  value = g_ptr_array_index (fields, file->index[column]);
  return value[0] != '\0' ? value : NULL;
}

static const char *
required (Import           *imp,
          const ImportFile *file,
          guint             line,
          GPtrArray        *fields,
          Column            column)
{
  const char *value = field (file, fields, column);

  if (value == NULL)
    add_problem (imp, file, line, column_names[column], "%s", _("a value is required"));
  return value;
}

static gboolean
parse_date (Import           *imp,
            const ImportFile *file,
            guint             line,
            const char       *text,
            EbbWhen          *when)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return FALSE;
  /* A time with a zone is refused there too: Ebb keeps the clinic's
   * local time, as people read it on the chart. */
  if (!ebb_when_parse (text, when, &error))
    {
      add_problem (imp, file, line, column_names[COL_DATE], "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

/* Patients ------------------------------------------------------------------ */

/* The store keeps a code in one form (ebb_patient_normalise_code()), and
 * finds a patient by any spelling of it: so does the import, or "k-1" in
 * a file would be a second patient beside the stored "K-1" (and refused
 * as one).  Both the stored codes and the files' are keyed in that form. */
static PatientEntry *
add_patient_entry (Import     *imp,
                   EbbPatient *patient,
                   gboolean    existed,
                   const char *key)
{
  PatientEntry *entry = g_new0 (PatientEntry, 1);

  entry->patient = patient;
  entry->existed = existed;
  entry->added = !existed;
  /* A patient this import adds, it added after taking the code's lock. */
  entry->locked = !existed;
  g_hash_table_insert (imp->patients, g_strdup (key), entry);
  return entry;
}

/* The patient code of a row in its one form, the key of imp->patients;
 * NULL, with the problem added, when it cannot be a code.  Valid until
 * the next call. */
static const char *
row_code_key (Import           *imp,
              const ImportFile *file,
              guint             line,
              const char       *code)
{
  g_autoptr(GError) error = NULL;
  char *key;

  if (code == NULL)
    return NULL;
  /* A file's rows come patient by patient: one normalisation each. */
  if (imp->last_code != NULL && strcmp (imp->last_code, code) == 0)
    return imp->last_key;

  key = ebb_patient_normalise_code (code, &error);
  if (key == NULL)
    {
      add_problem (imp, file, line, column_names[COL_PATIENT], "%s", error->message);
      return NULL;
    }
  g_free (imp->last_code);
  imp->last_code = g_strdup (code);
  g_free (imp->last_key);
  imp->last_key = key;
  return key;
}

/* The patient with @key as the clinic has it, or NULL when it has none
 * (or with imp->fatal set).  On a clinic server other workstations'
 * imports may run beside this one (ebb_store_begin_import()): the first
 * time this import meets a code it takes the code's lock, then reads the
 * patient again, which another import may have added or changed since
 * the patients were listed. */
static PatientEntry *
known_patient (Import     *imp,
               const char *key)
{
  PatientEntry *entry = g_hash_table_lookup (imp->patients, key);
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GError) error = NULL;
  gboolean read_again;

  if ((entry != NULL && entry->locked) || imp->fatal != NULL)
    return entry;
  if (!ebb_store_lock_patient_code (imp->store, key, &read_again, &imp->fatal))
    return NULL;
  if (!read_again)
    {
      if (entry != NULL)
        entry->locked = TRUE;
      return entry;
    }

  patient = ebb_store_find_patient (imp->store, key, &error);
  if (patient == NULL && !g_error_matches (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NO_SUCH_ROW))
    {
      g_propagate_error (&imp->fatal, g_steal_pointer (&error));
      return NULL;
    }
  if (patient == NULL)
    return entry;
  if (entry == NULL)
    entry = add_patient_entry (imp, g_steal_pointer (&patient), TRUE, key);
  else
    {
      ebb_patient_free (entry->patient);
      entry->patient = g_steal_pointer (&patient);
    }
  entry->locked = TRUE;
  return entry;
}

/* The patient with @key, created (with no name) when the clinic does not
 * know it yet: a sessions or scores file may come before its patients. */
static PatientEntry *
patient_for_row (Import     *imp,
                 const char *key)
{
  PatientEntry *entry = known_patient (imp, key);
  g_autoptr(EbbPatient) patient = NULL;

  if (entry != NULL || imp->fatal != NULL)
    return entry;

  patient = ebb_patient_new (key, "");
  if (!ebb_store_add_patient (imp->store, patient, &imp->fatal))
    return NULL;
  imp->stats.patients_added++;
  return add_patient_entry (imp, g_steal_pointer (&patient), FALSE, key);
}

/* What the store refuses of a row that passed the checks here (a dose
 * past what a route allows, a name too long: the store's bounds) is a
 * problem of that row, said with its file and line like the others;
 * anything else the store says stops the import. */
static void
store_refused (Import           *imp,
               const ImportFile *file,
               guint             line,
               GError           *error)
{
  if (g_error_matches (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CONSTRAINT))
    {
      add_problem (imp, file, line, C_("import problem", "row"), "%s", error->message);
      g_error_free (error);
    }
  else
    g_propagate_error (&imp->fatal, error);
}

/* Adds the patient of a patients row, or brings the stored one up to
 * date; NULL when the store refused it or failed (imp->fatal). */
static PatientEntry *
store_patient_row (Import           *imp,
                   const ImportFile *file,
                   guint             line,
                   const char       *key,
                   const char       *name,
                   int               birth_year,
                   const char       *notes)
{
  PatientEntry *entry = known_patient (imp, key);

  if (imp->fatal != NULL)
    return NULL;
  if (entry == NULL)
    {
      g_autoptr(EbbPatient) patient = ebb_patient_new (key, name);

      GError *error = NULL;

      patient->birth_year = birth_year;
      patient->notes = g_strdup (notes);
      if (!ebb_store_add_patient (imp->store, patient, &error))
        {
          store_refused (imp, file, line, error);
          return NULL;
        }
      imp->stats.patients_added++;
      return add_patient_entry (imp, g_steal_pointer (&patient), FALSE, key);
    }

  /* A column the file leaves out says nothing about that value: keep it.
   * An empty field in a column that is there clears it. */
  {
    EbbPatient *p = entry->patient;
    GError *error = NULL;
    gboolean year_differs = file->index[COL_BIRTH_YEAR] >= 0 && p->birth_year != birth_year;
    gboolean notes_differ = file->index[COL_NOTES] >= 0 && g_strcmp0 (p->notes, notes) != 0;
    g_autoptr(EbbPatient) updated = NULL;

    if (g_strcmp0 (p->name, name) == 0 && !year_differs && !notes_differ)
      return entry;

    updated = ebb_patient_copy (p);
    g_free (updated->name);
    updated->name = g_strdup (name);
    if (year_differs)
      updated->birth_year = birth_year;
    if (notes_differ)
      {
        g_free (updated->notes);
        updated->notes = g_strdup (notes);
      }
    if (!ebb_store_update_patient (imp->store, updated, &error))
      {
        store_refused (imp, file, line, error);
        return NULL;
      }

    ebb_patient_free (entry->patient);
    entry->patient = g_steal_pointer (&updated);

    /* A patient added by this import and then filled in is still new. */
    if (!entry->added)
      imp->stats.patients_updated++;
    return entry;
  }
}

/* The patients file carries each patient's latest course end (§6): one
 * the clinic does not have on that day yet is added; one it has is left
 * as it is, reason and note included, so that importing an export again
 * changes nothing.  An end is never removed by an import. */
static void
store_course_end (Import       *imp,
                  PatientEntry *entry,
                  gint32        day,
                  EbbEndReason  reason)
{
  g_autoptr(GPtrArray) ends = NULL;
  g_autoptr(EbbCourseEnd) end = NULL;

  ends = ebb_store_list_course_ends (imp->store, entry->patient->id, &imp->fatal);
  if (ends == NULL)
    return;
  for (guint i = 0; i < ends->len; i++)
    if (((const EbbCourseEnd *) g_ptr_array_index (ends, i))->day == day)
      return;

  end = ebb_course_end_new ();
  end->patient_id = entry->patient->id;
  end->day = day;
  end->reason = reason;
  if (ebb_store_add_course_end (imp->store, end, &imp->fatal))
    imp->stats.course_ends_added++;
}

static void
import_patient_row (Import           *imp,
                    const ImportFile *file,
                    guint             line,
                    GPtrArray        *fields)
{
  const char *code, *name, *year_text, *notes, *ended_text, *reason_text;
  int birth_year = 0;
  gint32 ended = 0;
  EbbEndReason reason = EBB_END_REASON_NONE;
  PatientEntry *entry;

  code = row_code_key (imp, file, line, required (imp, file, line, fields, COL_PATIENT));
  /* A name may be empty: a patient first met in a sessions, medicines or
   * events file has none, and its exported row must import back. */
  name = field (file, fields, COL_NAME);
  if (name == NULL)
    name = "";
  year_text = field (file, fields, COL_BIRTH_YEAR);
  notes = field (file, fields, COL_NOTES);
  ended_text = field (file, fields, COL_ENDED);
  reason_text = field (file, fields, COL_END_REASON);

  if (year_text != NULL &&
      (!parse_int (year_text, &birth_year) || birth_year < 1900 || birth_year > imp->this_year))
    {
      g_autofree char *shown = ebb_csv_excerpt (year_text);

      add_problem (imp, file, line, column_names[COL_BIRTH_YEAR],
                   _("“%s” is not a plausible birth year: use a year from 1900 to %d"),
                   shown, imp->this_year);
    }

  if (ended_text != NULL)
    {
      g_autoptr(GError) error = NULL;

      ended = ebb_date_parse_day (ended_text, &error);
      if (ended == 0)
        add_problem (imp, file, line, column_names[COL_ENDED], "%s", error->message);
    }
  if (reason_text != NULL)
    {
      if (!ebb_end_reason_from_string (reason_text, &reason))
        {
          g_autofree char *shown = ebb_csv_excerpt (reason_text);

          add_problem (imp, file, line, column_names[COL_END_REASON],
                       /* Translators: keep remission, stopped-by-patient,
                        * stopped-by-clinician, moved and other in English: they are
                        * the values the file must hold */
                       _("“%s” is not a reason a course ends: use remission, stopped-by-patient, "
                         "stopped-by-clinician, moved or other"), shown);
        }
      else if (ended_text == NULL)
        add_problem (imp, file, line, column_names[COL_END_REASON],
                     "%s", _("a reason needs the day the course ended, in the “ended” column"));
    }

  /* After the first problem nothing will be kept: only check. */
  if (imp->n_problems > 0)
    return;

  entry = store_patient_row (imp, file, line, code, name, birth_year, notes);
  if (entry != NULL && ended > 0)
    store_course_end (imp, entry, ended, reason);
}

/* Duplicates -------------------------------------------------------------- */

/* Decimal digits without printf: keys and exported items are built for
 * every row, and a printf per item value is most of their cost. */
/* A key grows by millions of short appends in an import:
 * g_string_append_len() checks each for overlap with the string. */
static inline void
append_bytes (GString    *out,
              const char *bytes,
              gsize       n)
{
  gsize len = out->len;

  g_string_set_size (out, len + n);
  memcpy (out->str + len, bytes, n);
}

static void
append_int (GString *out,
            int      value)
{
  char buffer[16];
  char *p = buffer + sizeof buffer;
  guint v = value < 0 ? 0u - (guint) value : (guint) value;

  do
    {
      *--p = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  if (value < 0)
    *--p = '-';
  append_bytes (out, p, buffer + sizeof buffer - p);
}

static void
append_items (GString   *out,
              const int *items,
              guint      n_items)
{
  for (guint i = 0; i < n_items; i++)
    {
      if (i > 0)
        g_string_append_c (out, ' ');
      append_int (out, items[i]);
    }
}

/* The moment as a moment, whatever way it was written: its day and its
 * second of the day (-1 without a time). */
static void
append_when (GString       *key,
             const EbbWhen *when)
{
  append_int (key, when->day);
  g_string_append_c (key, '/');
  append_int (key, when->second);
}

/* Keys hold what makes two rows "the same": for a session its moment,
 * status, phase, route and dose; for a rating its moment, scale, total
 * and items.  Each part has a fixed form, so two different rows never
 * give the same key. */
static void
session_key (GString          *key,
             const EbbSession *s)
{
  guint64 bits;
  double dose = s->dose_mg < 0 ? -1.0 : s->dose_mg;

  g_string_truncate (key, 0);
  append_when (key, &s->when);
  g_string_append_c (key, '\x1f');
  g_string_append_c (key, (char) ('0' + s->status));
  g_string_append_c (key, (char) ('0' + s->phase));
  g_string_append_c (key, (char) ('0' + s->route));
  g_string_append_c (key, '\x1f');
  /* The exact double, as the store gives it back: no rounding in text. */
  memcpy (&bits, &dose, sizeof bits);
  for (int shift = 60; shift >= 0; shift -= 4)
    g_string_append_c (key, "0123456789abcdef"[(bits >> shift) & 0xf]);
}

static void
score_key (GString        *key,
           const EbbRating *s)
{
  g_string_truncate (key, 0);
  append_when (key, &s->when);
  g_string_append_c (key, '\x1f');
  append_bytes (key, s->scale_id, strlen (s->scale_id));
  g_string_append_c (key, '\x1f');
  append_int (key, s->total);
  g_string_append_c (key, '\x1f');
  append_items (key, s->items, s->n_items);
}

static gboolean colliding_digests;

void
_ebb_import_set_colliding_digests (gboolean colliding)
{
  colliding_digests = colliding;
}

/* FNV-1a, 64 bits: only a first look, which the keys themselves confirm. */
static guint64
key_digest (const GString *key)
{
  guint64 h = G_GUINT64_CONSTANT (14695981039346656037);

  for (gsize i = 0; i < key->len; i++)
    {
      h ^= (guchar) key->str[i];
      h *= G_GUINT64_CONSTANT (1099511628211);
    }
  return colliding_digests ? h % 3 : h;
}

/* Where @digest is, or would go, in the ordered @digests */
static guint
digest_position (GArray  *digests,
                 guint64  digest)
{
  guint lo = 0, hi = digests->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (digests, guint64, mid) < digest)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

typedef GPtrArray *(*ListRows) (EbbStore *store, gint64 patient_id, GError **error);
typedef void       (*RowKey)   (GString *key, gconstpointer row);

/* The keys of the patient's rows as the store holds them, or %FALSE with
 * imp->fatal set. */
static gboolean
add_stored_keys (Import       *imp,
                 PatientEntry *entry,
                 ListRows      list,
                 RowKey        row_key,
                 GArray       *digests,
                 GHashTable   *exact)
{
  g_autoptr(GPtrArray) stored = list (imp->store, entry->patient->id, &imp->fatal);
  g_autoptr(GString) key = g_string_new (NULL);

  if (stored == NULL)
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    {
      row_key (key, g_ptr_array_index (stored, i));
      if (exact != NULL)
        g_hash_table_add (exact, g_strdup (key->str));
      else
        {
          guint64 digest = key_digest (key);
          guint position = digest_position (digests, digest);

          if (position == digests->len || g_array_index (digests, guint64, position) != digest)
            g_array_insert_val (digests, position, digest);
        }
    }
  return TRUE;
}

/* Whether @key is one of the patient's rows already (stored, or added by
 * this import); if not, it is from now on. */
static gboolean
seen_before (Import       *imp,
             PatientEntry *entry,
             KeySet       *set,
             ListRows      list,
             RowKey        row_key,
             GString      *key)
{
  guint64 digest = key_digest (key);
  guint position;

  if (set->digests == NULL)
    {
      set->digests = g_array_new (FALSE, FALSE, sizeof (guint64));
      if (entry->existed && !add_stored_keys (imp, entry, list, row_key, set->digests, NULL))
        return FALSE;
    }

  position = digest_position (set->digests, digest);
  if (position < set->digests->len && g_array_index (set->digests, guint64, position) == digest)
    {
      if (set->exact == NULL)
        {
          set->exact = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          if (!add_stored_keys (imp, entry, list, row_key, NULL, set->exact))
            return FALSE;
        }
      if (g_hash_table_contains (set->exact, key->str))
        return TRUE;
    }
  else
    g_array_insert_val (set->digests, position, digest);
  if (set->exact != NULL)
    g_hash_table_add (set->exact, g_strdup (key->str));
  return FALSE;
}

static gboolean
is_duplicate_session (Import           *imp,
                      PatientEntry     *entry,
                      const EbbSession *session)
{
  session_key (imp->key, session);
  return seen_before (imp, entry, &entry->sessions, (ListRows) ebb_store_list_sessions, (RowKey) session_key, imp->key);
}

static gboolean
is_duplicate_rating (Import         *imp,
                     PatientEntry    *entry,
                     const EbbRating *rating)
{
  score_key (imp->key, rating);
  return seen_before (imp, entry, &entry->ratings, (ListRows) ebb_store_list_ratings, (RowKey) score_key, imp->key);
}

/* A whole number from @min to @max in @column, or a problem saying so. */
static gboolean
parse_count (Import           *imp,
             const ImportFile *file,
             guint             line,
             Column            column,
             const char       *text,
             int               min,
             int               max,
             const char       *unit,
             int              *value)
{
  if (parse_int (text, value) && *value >= min && *value <= max)
    return TRUE;
  {
    g_autofree char *shown = ebb_csv_excerpt (text);

    add_problem (imp, file, line, column_names[column],
                 /* Translators: "“0” is not a heart rate: use a whole number from 20 to 250
                  * (beats a minute)"; the last %s is the unit */
                 _("“%s” is not plausible here: use a whole number from %d to %d (%s)"),
                 shown, min, max, unit);
  }
  return FALSE;
}

/* A yes-or-no column. */
static void
parse_answer (Import           *imp,
              const ImportFile *file,
              guint             line,
              GPtrArray        *fields,
              Column            column,
              EbbAnswer        *answer)
{
  const char *text = field (file, fields, column);

  if (!ebb_answer_from_string (text, answer))
    {
      g_autofree char *shown = ebb_csv_excerpt (text);

      add_problem (imp, file, line, column_names[column],
                   /* Translators: keep yes and no in English: they are the values the
                    * file must hold */
                   _("“%s” is not an answer: use yes or no, or leave it empty"), shown);
    }
}

/* A value the model reads (a level, effects, a time), its problem said
 * with the model's words. */
static void
model_problem (Import           *imp,
               const ImportFile *file,
               guint             line,
               Column            column,
               GError           *error)
{
  add_problem (imp, file, line, column_names[column], "%s", error->message);
  g_error_free (error);
}

/* The session record's columns (issue 13): pointers into @fields are kept
 * in @session, as the row's other text is. */
static void
parse_session_record (Import           *imp,
                      const ImportFile *file,
                      guint             line,
                      GPtrArray        *fields,
                      EbbSession       *session)
{
  GError *error = NULL;
  const char *text;

  text = field (file, fields, COL_DRUG);
  if (!ebb_drug_from_string (text, &session->drug))
    {
      g_autofree char *shown = ebb_csv_excerpt (text);

      add_problem (imp, file, line, column_names[COL_DRUG],
                   /* Translators: keep ketamine and esketamine in English: they are the
                    * values the file must hold */
                   _("“%s” is not a drug: use ketamine or esketamine"), shown);
    }
  text = field (file, fields, COL_DURATION);
  if (text != NULL)
    parse_count (imp, file, line, COL_DURATION, text, 1, 24 * 60, _("minutes of infusion"),
                 &session->duration_min);
  session->lot = (char *) field (file, fields, COL_LOT);

  /* Clock times on the session's day; a date-time on another day is wrong. */
  if (!ebb_clock_time_parse (field (file, fields, COL_DOSE_TIME), session->when.day,
                             &session->dose_time, &error))
    model_problem (imp, file, line, COL_DOSE_TIME, error), error = NULL;
  if (!ebb_clock_time_parse (field (file, fields, COL_DISCHARGE_TIME), session->when.day,
                             &session->discharge_time, &error))
    model_problem (imp, file, line, COL_DISCHARGE_TIME, error), error = NULL;
  if (session->dose_time >= 0 && session->discharge_time >= 0 &&
      session->discharge_time < session->dose_time)
    {
      g_autofree char *dose = ebb_clock_time_format (session->dose_time);
      g_autofree char *discharge = ebb_clock_time_format (session->discharge_time);

      add_problem (imp, file, line, column_names[COL_DISCHARGE_TIME],
                   /* Translators: "the discharge at 09:30 is before the dose at 10:00: …" */
                   _("the discharge at %s is before the dose at %s: check the two times"),
                   discharge, dose);
    }

  if (!ebb_observed_level_from_string (field (file, fields, COL_SEDATION), TRUE,
                                       &session->sedation, &error))
    model_problem (imp, file, line, COL_SEDATION, error), error = NULL;
  if (!ebb_observed_level_from_string (field (file, fields, COL_DISSOCIATION), FALSE,
                                       &session->dissociation, &error))
    model_problem (imp, file, line, COL_DISSOCIATION, error), error = NULL;
  if (!ebb_respiratory_from_string (field (file, fields, COL_RESPIRATORY), &session->respiratory_spo2,
                                    &session->respiratory_resolved, &error))
    model_problem (imp, file, line, COL_RESPIRATORY, error), error = NULL;
  if (!ebb_effects_from_string (field (file, fields, COL_EFFECTS), &session->effects, &error))
    model_problem (imp, file, line, COL_EFFECTS, error), error = NULL;
  session->other_effect = (char *) field (file, fields, COL_OTHER_EFFECT);
  /* What the other effect was makes it one. */
  if (session->other_effect != NULL)
    session->effects |= EBB_EFFECT_OTHER;

  text = field (file, fields, COL_READY);
  if (text != NULL)
    parse_count (imp, file, line, COL_READY, text, 0, 24 * 60, _("minutes after dosing"),
                 &session->ready_min);
  parse_answer (imp, file, line, fields, COL_VITALS_BEFORE, &session->vitals_ok_before);
  parse_answer (imp, file, line, fields, COL_VITALS_DISCHARGE, &session->vitals_ok_discharge);
  parse_answer (imp, file, line, fields, COL_TRANSPORT, &session->transport_arranged);
  session->monitored_by = (char *) field (file, fields, COL_MONITORED_BY);
}

/* Sessions ------------------------------------------------------------------ */

static void
import_session_row (Import           *imp,
                    const ImportFile *file,
                    guint             line,
                    GPtrArray        *fields)
{
  const char *code, *date, *text;
  PatientEntry *entry;
  GError *error = NULL;
  /* Filled with pointers into @fields: the store copies what it keeps,
   * and a row needs no allocation of its own. */
  EbbSession session = { 0 };
  int bp[2][2] = { { 0, 0 }, { 0, 0 } };

  session.dose_mg = -1;
  session.dose_time = session.discharge_time = -1;
  session.respiratory_spo2 = -1;
  session.ready_min = -1;

  code = row_code_key (imp, file, line, required (imp, file, line, fields, COL_PATIENT));
  date = required (imp, file, line, fields, COL_DATE);
  parse_date (imp, file, line, date, &session.when);

  text = required (imp, file, line, fields, COL_STATUS);
  if (text != NULL && !parse_status (text, &session.status))
    {
      g_autofree char *shown = ebb_csv_excerpt (text);

      add_problem (imp, file, line, column_names[COL_STATUS],
                   /* Translators: keep done, scheduled, cancelled and missed in
                    * English: they are the values the file must hold */
                   _("“%s” is not a status: use done, scheduled, cancelled or missed"), shown);
    }
  text = required (imp, file, line, fields, COL_PHASE);
  if (text != NULL && !parse_phase (text, &session.phase))
    {
      g_autofree char *shown = ebb_csv_excerpt (text);

      add_problem (imp, file, line, column_names[COL_PHASE],
                   /* Translators: keep induction, maintenance and rescue in English:
                    * they are the values the file must hold */
                   _("“%s” is not a phase: use induction, maintenance or rescue"), shown);
    }
  text = required (imp, file, line, fields, COL_ROUTE);
  if (text != NULL && !parse_route (text, &session.route))
    {
      g_autofree char *shown = ebb_csv_excerpt (text);

      add_problem (imp, file, line, column_names[COL_ROUTE],
                   /* Translators: keep iv, im, intranasal, oral and sublingual in
                    * English: they are the values the file must hold */
                   _("“%s” is not a route: use iv, im, intranasal, oral or sublingual"), shown);
    }

  text = field (file, fields, COL_DOSE);
  if (text != NULL && !parse_dose (text, &session.dose_mg))
    {
      g_autofree char *shown = ebb_csv_excerpt (text);

      /* "-0" is a number, and 0 a dose: say what a dose is, not only
       * what this is not. */
      if (text[0] == '-')
        add_problem (imp, file, line, column_names[COL_DOSE],
                     _("“%s” is not a dose: a dose is the amount given, in mg, and has no minus "
                       "sign; write 0 when none was given"), shown);
      else
        add_problem (imp, file, line, column_names[COL_DOSE],
                     _("“%s” is not a dose: a dose is the amount given, a number of mg, 0 or more, "
                       "e.g. 50 or 37.5"), shown);
    }

  /* A reading before dosing and one after it (issue 13). */
  text = field (file, fields, COL_BP_BEFORE);
  if (text != NULL)
    parse_bp (imp, file, line, COL_BP_BEFORE, text, &bp[0][0], &bp[0][1]);
  text = field (file, fields, COL_BP_AFTER);
  if (text != NULL)
    parse_bp (imp, file, line, COL_BP_AFTER, text, &bp[1][0], &bp[1][1]);

  parse_session_record (imp, file, line, fields, &session);

  /* Only once rows are no longer written: until then the clinic has the
   * session (a key per row of a large file was most of an import's
   * memory). */
  if (code != NULL && session.when.day > 0 && imp->n_problems > 0)
    g_hash_table_add (imp->session_days, g_strdup_printf ("%s\x1f%d", code, session.when.day));

  if (imp->n_problems > 0)
    return;

  entry = patient_for_row (imp, code);
  if (entry == NULL)
    return;

  session.patient_id = entry->patient->id;
  session.when_text = (char *) date;
  session.note = (char *) field (file, fields, COL_NOTE);

  if (is_duplicate_session (imp, entry, &session))
    {
      imp->stats.duplicates_skipped++;
      return;
    }
  if (imp->fatal != NULL)
    return;
  if (!ebb_store_add_session (imp->store, &session, &error))
    {
      store_refused (imp, file, line, error);
      return;
    }
  imp->stats.sessions_added++;
  if (imp->warnings != NULL)
    {
      g_autofree char *warning = ebb_session_dose_warning (&session);

      if (warning != NULL)
        g_ptr_array_add (imp->warnings, g_strdup_printf ("%s:%u: %s: %s", file->path, line,
                                                         column_names[COL_DOSE], warning));
    }
  for (guint k = 0; k < 2; k++)
    {
      EbbReading reading = { .session_id = session.id, .time = -1, .pre_dose = k == 0 };

      if (bp[k][0] == 0)
        continue;
      reading.systolic = bp[k][0];
      reading.diastolic = bp[k][1];
      if (!ebb_store_add_reading (imp->store, &reading, &error))
        {
          store_refused (imp, file, line, error);
          return;
        }
      imp->stats.readings_added++;
    }
}

/* Scores ------------------------------------------------------------------- */

static void
import_rating_row (Import           *imp,
                   const ImportFile *file,
                   guint             line,
                   GPtrArray        *fields)
{
  const char *code, *date, *scale_text, *score_text, *items_text;
  const EbbScale *scale = NULL;
  gboolean total_ok = FALSE;
  gboolean items_ok = TRUE;
  PatientEntry *entry;
  GError *error = NULL;
  EbbRating rating = { .alert_item = -1 };

  code = row_code_key (imp, file, line, required (imp, file, line, fields, COL_PATIENT));
  date = required (imp, file, line, fields, COL_DATE);
  parse_date (imp, file, line, date, &rating.when);

  scale_text = required (imp, file, line, fields, COL_SCALE);
  if (scale_text != NULL)
    {
      scale = lookup_scale (imp, scale_text);
      if (scale == NULL)
        {
          g_autofree char *shown = ebb_csv_excerpt (scale_text);

          add_problem (imp, file, line, column_names[COL_SCALE],
                       /* Translators: %s after “use” is a list of scale ids, "MADRS, PHQ-9 … or CADSS" */
                       _("“%s” is not a known scale: use %s"), shown, imp->scale_ids);
        }
    }

  score_text = required (imp, file, line, fields, COL_SCORE);
  if (score_text != NULL)
    {
      total_ok = parse_int (score_text, &rating.total);
      if (!total_ok)
        {
          g_autofree char *shown = ebb_csv_excerpt (score_text);

          add_problem (imp, file, line, column_names[COL_SCORE],
                       _("“%s” is not a whole number"), shown);
        }
    }

  g_array_set_size (imp->items, 0);
  items_text = field (file, fields, COL_ITEMS);
  if (items_text != NULL)
    items_ok = parse_items (imp, file, line, items_text);

  if (scale != NULL && total_ok && items_ok)
    {
      g_autoptr(GError) invalid = NULL;

      if (!ebb_scale_validate (scale, rating.total, (const int *) (gpointer) imp->items->data,
                               imp->items->len, &invalid))
        add_problem (imp, file, line,
                     g_error_matches (invalid, EBB_SCALE_ERROR, EBB_SCALE_ERROR_TOTAL_RANGE)
                       ? column_names[COL_SCORE] : column_names[COL_ITEMS],
                     "%s", invalid->message);
    }

  if (imp->n_problems > 0)
    return;

  entry = patient_for_row (imp, code);
  if (entry == NULL)
    return;

  rating.patient_id = entry->patient->id;
  rating.when_text = (char *) date;
  rating.n_items = imp->items->len;
  rating.items = rating.n_items ? (int *) (gpointer) imp->items->data : NULL;
  rating.note = (char *) field (file, fields, COL_NOTE);
  rating.rater = (char *) field (file, fields, COL_RATER);
  /* Owned, unlike the rest: ebb_store_add_rating() replaces a spelling
   * that is not the catalogue's, freeing the one it was given. */
  rating.scale_id = g_strdup (scale->id);

  if (is_duplicate_rating (imp, entry, &rating))
    imp->stats.duplicates_skipped++;
  else if (imp->fatal == NULL)
    {
      if (ebb_store_add_rating (imp->store, &rating, &error))
        imp->stats.ratings_added++;
      else
        store_refused (imp, file, line, error);
    }

  g_free (rating.scale_id);
}

/* Readings ------------------------------------------------------------------ */

/* The patient's sessions as stored, with their readings: read when the
 * first reading of the patient comes, after every sessions file. */
static GPtrArray *
stored_sessions (Import       *imp,
                 PatientEntry *entry)
{
  if (entry->stored_sessions == NULL)
    entry->stored_sessions = ebb_store_list_sessions (imp->store, entry->patient->id, &imp->fatal);
  return entry->stored_sessions;
}

/* The session a readings row names by its patient and date: the one at
 * that moment when the date has a time; else the one of that day, or the
 * one done that day when there are several.  NULL, with the problem said,
 * when there is none or no way to choose; NULL without one when the
 * session was read but not written (the import has problems already). */
static EbbSession *
find_session (Import           *imp,
              const ImportFile *file,
              guint             line,
              const char       *code,
              const char       *date,
              const EbbWhen    *when)
{
  PatientEntry *entry = known_patient (imp, code);
  GPtrArray *sessions = entry != NULL ? stored_sessions (imp, entry) : NULL;
  EbbSession *found = NULL;
  guint n_day = 0, n_done = 0;
  EbbSession *done = NULL;

  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      EbbSession *session = g_ptr_array_index (sessions, i);

      if (session->when.day != when->day)
        continue;
      if (EBB_WHEN_HAS_TIME (when))
        {
          if (session->when.second == when->second)
            return session;
          continue;
        }
      n_day++;
      found = session;
      if (session->status == EBB_SESSION_DONE)
        {
          n_done++;
          done = session;
        }
    }
  if (n_day == 1)
    return found;
  if (n_day > 1 && n_done == 1)
    return done;
  if (imp->fatal != NULL)
    return NULL;
  if (n_day > 1)
    {
      g_autofree char *shown = ebb_csv_excerpt (date);

      add_problem (imp, file, line, column_names[COL_SESSION_DATE],
                   /* Translators: "K-1 has 2 sessions on 2026-03-02: …" */
                   _("%s has %u sessions on %s: give the session's time too, as in %sT09:30"),
                   entry->patient->code, n_day, shown, shown);
      return NULL;
    }
  {
    g_autofree char *key = g_strdup_printf ("%s\x1f%d", code, when->day);
    g_autofree char *shown = ebb_csv_excerpt (date);

    /* A session of this import that a problem kept from being written. */
    if (imp->n_problems > 0 && g_hash_table_contains (imp->session_days, key))
      return NULL;
    add_problem (imp, file, line, column_names[COL_SESSION_DATE],
                 /* Translators: "no session of K-1 on 2026-03-02: …" */
                 _("no session of %s on %s: a reading belongs to a session in the clinic or in "
                   "a sessions file of this import"),
                 code, shown);
  }
  return NULL;
}

static gboolean
same_reading (const EbbReading *a,
              const EbbReading *b)
{
  return a->time == b->time && a->pre_dose == b->pre_dose && a->systolic == b->systolic &&
         a->diastolic == b->diastolic && a->heart_rate == b->heart_rate && a->spo2 == b->spo2;
}

static void
import_reading_row (Import           *imp,
                    const ImportFile *file,
                    guint             line,
                    GPtrArray        *fields)
{
  const char *code, *date, *text;
  EbbReading reading = { .time = -1 };
  EbbWhen when = { 0, -1 };
  EbbSession *session = NULL;
  gboolean time_ok = TRUE;
  EbbAnswer pre_dose = EBB_ANSWER_NOT_RECORDED;
  GError *error = NULL;

  code = row_code_key (imp, file, line, required (imp, file, line, fields, COL_PATIENT));
  date = required (imp, file, line, fields, COL_SESSION_DATE);
  if (date != NULL && !ebb_when_parse (date, &when, &error))
    model_problem (imp, file, line, COL_SESSION_DATE, error), error = NULL;

  /* A time on the session's day; empty when it was not written down. */
  if (!ebb_clock_time_parse (field (file, fields, COL_TIME), when.day, &reading.time, &error))
    {
      model_problem (imp, file, line, COL_TIME, error), error = NULL;
      time_ok = FALSE;
    }
  if (!ebb_pressure_parse (field (file, fields, COL_BP), &reading.systolic, &reading.diastolic, &error))
    model_problem (imp, file, line, COL_BP, error), error = NULL;
  text = field (file, fields, COL_HEART_RATE);
  if (text != NULL)
    parse_count (imp, file, line, COL_HEART_RATE, text, EBB_READING_HEART_RATE_MIN,
                 EBB_READING_HEART_RATE_MAX, _("beats a minute"), &reading.heart_rate);
  text = field (file, fields, COL_SPO2);
  if (text != NULL)
    parse_count (imp, file, line, COL_SPO2, text, EBB_READING_SPO2_MIN, EBB_READING_SPO2_MAX,
                 _("percent saturation"), &reading.spo2);
  parse_answer (imp, file, line, fields, COL_PRE_DOSE, &pre_dose);
  reading.note = (char *) field (file, fields, COL_NOTE);
  if (reading.systolic == 0 && reading.heart_rate == 0 && reading.spo2 == 0 &&
      field (file, fields, COL_BP) == NULL && field (file, fields, COL_HEART_RATE) == NULL &&
      field (file, fields, COL_SPO2) == NULL)
    add_problem (imp, file, line, column_names[COL_BP], "%s",
                 _("a reading needs a blood pressure, a heart rate or a saturation"));

  if (code == NULL || when.day <= 0)
    return;
  session = find_session (imp, file, line, code, date, &when);
  if (session == NULL)
    return;

  /* Before dosing or after: as the file says; else by the clock, against
   * the dose's time or, without one, the session's own time. */
  if (pre_dose != EBB_ANSWER_NOT_RECORDED)
    reading.pre_dose = pre_dose == EBB_ANSWER_YES;
  else if (time_ok && reading.time >= 0 && session->dose_time >= 0)
    reading.pre_dose = reading.time < session->dose_time;
  else if (time_ok && reading.time >= 0 && EBB_WHEN_HAS_TIME (&session->when))
    reading.pre_dose = reading.time < session->when.second;
  else if (time_ok)
    {
      add_problem (imp, file, line, column_names[COL_PRE_DOSE], "%s",
                   _("whether the reading was taken before dosing cannot be told: write yes or no "
                     "in pre_dose, or give the reading's time and the session's dose_time"));
      return;
    }

  if (imp->n_problems > 0)
    return;

  for (guint i = 0; session->readings != NULL && i < session->readings->len; i++)
    if (same_reading (g_ptr_array_index (session->readings, i), &reading))
      {
        imp->stats.duplicates_skipped++;
        return;
      }

  reading.session_id = session->id;
  if (!ebb_store_add_reading (imp->store, &reading, &error))
    {
      store_refused (imp, file, line, error);
      return;
    }
  imp->stats.readings_added++;
  if (session->readings == NULL)
    session->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  g_ptr_array_add (session->readings, ebb_reading_copy (&reading));
}

/* Medicines ----------------------------------------------------------------- */

static void
medicine_key (GString           *key,
              const EbbMedicine *m)
{
  g_autofree char *name = g_utf8_casefold (m->name, -1);

  g_string_truncate (key, 0);
  append_int (key, (int) m->klass);
  g_string_append_c (key, '\x1f');
  g_string_append (key, name);
  g_string_append_c (key, '\x1f');
  append_int (key, m->start_day);
  g_string_append_c (key, '\x1f');
  append_int (key, m->stop_day);
}

/* The same medicine, started and stopped on the same days, is one told
 * again: an export imported twice adds nothing. */
static gboolean
is_duplicate_medicine (Import            *imp,
                       PatientEntry      *entry,
                       const EbbMedicine *medicine)
{
  medicine_key (imp->key, medicine);
  return seen_before (imp, entry, &entry->medicines, (ListRows) ebb_store_list_medicines, (RowKey) medicine_key, imp->key);
}

static void
import_medicine_row (Import           *imp,
                     const ImportFile *file,
                     guint             line,
                     GPtrArray        *fields)
{
  const char *code, *text;
  EbbMedicine medicine = { 0 };
  PatientEntry *entry;
  GError *error = NULL;

  code = row_code_key (imp, file, line, required (imp, file, line, fields, COL_PATIENT));
  text = required (imp, file, line, fields, COL_CLASS);
  if (text != NULL && !ebb_medicine_class_from_string (text, &medicine.klass))
    {
      g_autofree char *shown = ebb_csv_excerpt (text);

      add_problem (imp, file, line, column_names[COL_CLASS],
                   /* Translators: keep the classes in English: they are the values the
                    * file must hold */
                   _("“%s” is not a class of medicine: use benzodiazepine, sedative-hypnotic, "
                     "opioid, psychostimulant, mao-inhibitor or other"), shown);
    }
  medicine.name = (char *) required (imp, file, line, fields, COL_NAME);
  text = required (imp, file, line, fields, COL_START);
  if (text != NULL && (medicine.start_day = ebb_date_parse_day (text, &error)) == 0)
    model_problem (imp, file, line, COL_START, error), error = NULL;
  text = field (file, fields, COL_STOP);
  if (text != NULL && (medicine.stop_day = ebb_date_parse_day (text, &error)) == 0)
    model_problem (imp, file, line, COL_STOP, error), error = NULL;
  if (medicine.start_day > 0 && medicine.stop_day > 0 && medicine.stop_day < medicine.start_day)
    add_problem (imp, file, line, column_names[COL_STOP], "%s",
                 _("the medicine was stopped before it was started: check the two days"));

  if (imp->n_problems > 0)
    return;

  entry = patient_for_row (imp, code);
  if (entry == NULL)
    return;
  medicine.patient_id = entry->patient->id;
  if (is_duplicate_medicine (imp, entry, &medicine))
    {
      imp->stats.duplicates_skipped++;
      return;
    }
  if (imp->fatal != NULL)
    return;
  /* The store strips the name it keeps: a copy, not the row's text. */
  medicine.name = g_strdup (medicine.name);
  if (ebb_store_add_medicine (imp->store, &medicine, &error))
    imp->stats.medicines_added++;
  else
    store_refused (imp, file, line, error);
  g_free (medicine.name);
}

/* Events -------------------------------------------------------------------- */

static void
event_key (GString        *key,
           const EbbEvent *e)
{
  g_string_truncate (key, 0);
  append_int (key, (int) e->kind);
  g_string_append_c (key, '\x1f');
  append_int (key, e->day);
  g_string_append_c (key, '\x1f');
  g_string_append (key, e->text);
}

/* The same kind on the same day with the same words is one told again:
 * an export imported twice adds nothing.  The words are compared as the
 * store keeps them, stripped of blanks around them. */
static gboolean
is_duplicate_event (Import         *imp,
                    PatientEntry   *entry,
                    const EbbEvent *event)
{
  event_key (imp->key, event);
  return seen_before (imp, entry, &entry->events, (ListRows) ebb_store_list_events, (RowKey) event_key, imp->key);
}

static void
import_event_row (Import           *imp,
                  const ImportFile *file,
                  guint             line,
                  GPtrArray        *fields)
{
  const char *code, *text;
  EbbEvent event = { 0 };
  PatientEntry *entry;
  GError *error = NULL;

  code = row_code_key (imp, file, line, required (imp, file, line, fields, COL_PATIENT));
  text = required (imp, file, line, fields, COL_DATE);
  if (text != NULL && (event.day = ebb_date_parse_day (text, &error)) == 0)
    model_problem (imp, file, line, COL_DATE, error), error = NULL;
  text = required (imp, file, line, fields, COL_KIND);
  if (text != NULL && !ebb_event_kind_from_string (text, &event.kind))
    {
      g_autofree char *shown = ebb_csv_excerpt (text);

      add_problem (imp, file, line, column_names[COL_KIND],
                   /* Translators: keep the kinds in English: they are the values the
                    * file must hold */
                   _("“%s” is not a kind of event: use medication, hospitalisation, "
                     "suicide-attempt, life-event or other"), shown);
    }
  /* The fields come stripped: the length is the one the store counts. */
  event.text = (char *) required (imp, file, line, fields, COL_TEXT);
  if (event.text != NULL && g_utf8_validate (event.text, -1, NULL) &&
      g_utf8_strlen (event.text, -1) > EBB_EVENT_TEXT_MAX)
    add_problem (imp, file, line, column_names[COL_TEXT],
                 _("%ld characters: an event's text may have at most %d; "
                   "a longer account belongs in the patient's notes"),
                 g_utf8_strlen (event.text, -1), EBB_EVENT_TEXT_MAX);

  if (imp->n_problems > 0)
    return;

  entry = patient_for_row (imp, code);
  if (entry == NULL)
    return;
  event.patient_id = entry->patient->id;
  if (is_duplicate_event (imp, entry, &event))
    {
      imp->stats.duplicates_skipped++;
      return;
    }
  if (imp->fatal != NULL)
    return;
  /* The store strips the text it keeps: a copy, not the row's. */
  event.text = g_strdup (event.text);
  if (ebb_store_add_event (imp->store, &event, &error))
    imp->stats.events_added++;
  else
    store_refused (imp, file, line, error);
  g_free (event.text);
}

/* Files ---------------------------------------------------------------------- */

/* Reads on from where the piece ends: the bytes after the reader's
 * position are kept, more are read, and the reader is given them up to
 * the last line end (all of them at the end of the file).  A record
 * longer than a piece makes the piece grow. */
static gboolean
import_file_read_on (ImportFile  *file,
                     GError     **error)
{
  gsize taken = file->reader != NULL ? ebb_csv_reader_get_position (file->reader) : 0;
  gsize cut = 0;

  import_file_wait_for_hash (file);
  g_byte_array_remove_range (file->buffer, 0, taken);
  for (;;)
    {
      guint old_len = file->buffer->len;
      gssize n;

      if (!file->at_end)
        {
          import_file_wait_for_hash (file);
          g_byte_array_set_size (file->buffer, old_len + piece_bytes);
          do
            n = read (file->fd, file->buffer->data + old_len, piece_bytes);
          while (n < 0 && errno == EINTR);
          if (n < 0)
            {
              int saved_errno = errno;

              g_byte_array_set_size (file->buffer, old_len);
              g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                           _("Cannot import %s: %s"), file->path, g_strerror (saved_errno));
              return FALSE;
            }
          g_byte_array_set_size (file->buffer, old_len + n);
          if (n > 0)
            import_file_hash_piece (file, file->buffer->data + old_len, n);
          file->at_end = n == 0;
        }
      if (file->at_end)
        {
          cut = file->buffer->len;
          break;
        }
      for (gsize i = file->buffer->len; i > 0; i--)
        if (file->buffer->data[i - 1] == '\n')
          {
            cut = i;
            break;
          }
      if (cut > 0)
        break;
    }

  file->piece = cut;
  if (file->reader == NULL)
    file->reader = ebb_csv_reader_new ((const char *) file->buffer->data, cut);
  else
    ebb_csv_reader_refill (file->reader, (const char *) file->buffer->data, cut);
  ebb_csv_reader_set_more_follows (file->reader, cut < file->buffer->len || !file->at_end);
  return TRUE;
}

/* The file's next record, reading on as the pieces run out: as
 * ebb_csv_reader_next_fields(), the fields the reader's own until the
 * next record, with a failure to read the file in @fatal. */
static gboolean
import_file_next (ImportFile  *file,
                  GPtrArray  **fields,
                  guint       *line,
                  GError     **error,
                  GError     **fatal)
{
  for (;;)
    {
      if (ebb_csv_reader_next_fields (file->reader, fields, line, error))
        return TRUE;
      if ((error != NULL && *error != NULL) || (file->at_end && file->piece == file->buffer->len))
        return FALSE;
      if (!import_file_read_on (file, fatal))
        return FALSE;
    }
}

/* The file's SHA-256, once it has been read to its end (the rows of a
 * file that was not imported are not read). */
static gboolean
import_file_finish (ImportFile  *file,
                    GError     **error)
{
  while (!file->at_end)
    {
      import_file_wait_for_hash (file);
      g_byte_array_set_size (file->buffer, 0);
      if (file->reader != NULL)
        ebb_csv_reader_refill (file->reader, "", 0);
      if (!import_file_read_on (file, error))
        return FALSE;
    }
  import_file_wait_for_hash (file);
  if (file->sha256 == NULL)
    file->sha256 = g_strdup (g_checksum_get_string (file->checksum));
  return TRUE;
}

/* Reads the header and decides the file's kind from its columns. */
static gboolean
read_header (Import     *imp,
             ImportFile *file)
{
  GPtrArray *fields = NULL;
  g_autoptr(GError) error = NULL;
  guint line = 1;
  guint matches[N_KINDS] = { 0 };
  const KindInfo *kind;
  int best = -1;
  gboolean ok = TRUE;

  if (!import_file_next (file, &fields, &line, &error, &imp->fatal))
    {
      if (imp->fatal != NULL)
        return FALSE;
      if (error != NULL)
        add_problem (imp, file, line, C_("import problem", "header"), "%s", ebb_csv_describe_error (error));
      else
        {
          g_autofree char *expected = expected_headers ();

          /* Translators: the problems of an import are written "FILE:LINE: WHERE:
           * PROBLEM"; WHERE is a column of the CSV file (its name, in English),
           * "header" for the file's first line, or "row" for a whole row */
          add_problem (imp, file, 1, C_("import problem", "header"),
                       _("the file is empty (expected %s)"), expected);
        }
      return FALSE;
    }

  for (guint i = 0; i < fields->len; i++)
    {
      char *name = g_ptr_array_index (fields, i);

      g_strstrip (name);
      for (char *p = name; *p; p++)
        *p = g_ascii_tolower (*p);
    }

  /* The kind whose own columns the header names most: a header that names
   * none is not one of ours at all. */
  for (guint k = 0; k < N_KINDS; k++)
    for (guint c = 0; c < kinds[k].n_columns; c++)
      if (kinds[k].columns[c].distinctive)
        for (guint i = 0; i < fields->len; i++)
          if (g_str_equal (g_ptr_array_index (fields, i), column_names[kinds[k].columns[c].column]))
            matches[k]++;
  for (guint k = 0; k < N_KINDS; k++)
    if (matches[k] > 0 && (best < 0 || matches[k] > matches[best]))
      best = (int) k;

  if (best < 0)
    {
      g_autofree char *expected = expected_headers ();

      add_problem (imp, file, line, C_("import problem", "header"),
                   _("not a patients, sessions, scores, readings, medicines or events file "
                     "(expected %s)"),
                   expected);
      return FALSE;
    }

  file->kind = (FileKind) best;
  file->n_fields = fields->len;
  kind = &kinds[best];
  for (guint c = 0; c < N_COLUMNS; c++)
    file->index[c] = -1;

  for (guint i = 0; i < fields->len; i++)
    {
      const char *name = g_ptr_array_index (fields, i);
      int column = -1;

      for (guint c = 0; c < kind->n_columns; c++)
        if (g_str_equal (name, column_names[kind->columns[c].column]))
          column = (int) kind->columns[c].column;

      if (column < 0)
        {
          g_autofree char *known = kind_column_list (kind);
          g_autofree char *shown = ebb_csv_excerpt (name);

          /* A file without a header starts with a row of patient data. */
          add_problem (imp, file, line, C_("import problem", "header"),
                       /* Translators: the second %s is the kind of file, "patients",
                        * "sessions" or "scores", as it is named in English */
                       _("unknown column “%s” (a %s file has the columns %s)"),
                       shown, kind->noun, known);
          ok = FALSE;
        }
      else if (file->index[column] >= 0)
        {
          add_problem (imp, file, line, C_("import problem", "header"), _("column “%s” appears twice"), name);
          ok = FALSE;
        }
      else
        file->index[column] = (int) i;
    }

  for (guint c = 0; c < kind->n_columns; c++)
    {
      if (kind->columns[c].required && file->index[kind->columns[c].column] < 0)
        {
          g_autoptr(GString) expected = g_string_new (NULL);

          append_kind_header (expected, kind);
          add_problem (imp, file, line, C_("import problem", "header"),
                       /* Translators: the second %s is the kind of file, "patients",
                        * "sessions" or "scores", as it is named in English */
                       _("missing column “%s” (a %s file has %s)"),
                       column_names[kind->columns[c].column], kind->noun, expected->str);
          ok = FALSE;
        }
    }

  return ok;
}

static void
import_rows (Import     *imp,
             ImportFile *file)
{
  for (;;)
    {
      GPtrArray *fields = NULL;   /* the reader's */
      g_autoptr(GError) error = NULL;
      guint line = 0;

      if (imp->fatal != NULL)
        return;

      if (!import_file_next (file, &fields, &line, &error, &imp->fatal))
        {
          if (error == NULL)
            return;
          add_problem (imp, file, line, C_("import problem", "row"), "%s", ebb_csv_describe_error (error));
          continue;
        }

      if (fields->len != file->n_fields)
        {
          add_problem (imp, file, line, C_("import problem", "row"), _("%u fields, but the header has %u"),
                       fields->len, file->n_fields);
          continue;
        }

      /* Spreadsheets and hand-edited files pad values with spaces. */
      for (guint i = 0; i < fields->len; i++)
        g_strstrip ((char *) g_ptr_array_index (fields, i));

      switch (file->kind)
        {
        case KIND_PATIENTS:
          import_patient_row (imp, file, line, fields);
          break;
        case KIND_SESSIONS:
          import_session_row (imp, file, line, fields);
          break;
        case KIND_SCORES:
          import_rating_row (imp, file, line, fields);
          break;
        case KIND_READINGS:
          import_reading_row (imp, file, line, fields);
          break;
        case KIND_MEDICINES:
          import_medicine_row (imp, file, line, fields);
          break;
        case KIND_EVENTS:
          import_event_row (imp, file, line, fields);
          break;
        case N_KINDS:
        default:
          g_assert_not_reached ();
        }
    }
}

static char *
list_scale_ids (void)
{
  guint n = 0;
  const EbbScale * const *all = ebb_scale_all (&n);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, i + 1 == n ? _(" or ") : ", ");
      g_string_append (out, all[i]->id);
    }
  return g_string_free (out, FALSE);
}

static void
json_add_key (GString    *json,
              const char *key)
{
  g_string_append_c (json, json->len > 0 ? ',' : '{');
  ebb_json_append_string (json, key);
  g_string_append_c (json, ':');
}

static void
json_add_count (GString    *json,
                const char *key,
                guint       value)
{
  json_add_key (json, key);
  append_int (json, (int) value);
}

/* The import's audit entry: a flat JSON object, like a row's, so the
 * trail is read the same way: "file1", "file1_sha256", …, then the counts. */
static char *
describe_import (GPtrArray            *files,
                 const EbbImportStats *stats)
{
  GString *json = g_string_new (NULL);

  for (guint i = 0; i < files->len; i++)
    {
      const ImportFile *file = g_ptr_array_index (files, i);
      g_autofree char *name = g_canonicalize_filename (file->path, NULL);
      g_autofree char *key = g_strdup_printf ("file%u", i + 1);
      g_autofree char *sha_key = g_strdup_printf ("file%u_sha256", i + 1);

      json_add_key (json, key);
      ebb_json_append_string (json, name);
      json_add_key (json, sha_key);
      ebb_json_append_string (json, file->sha256);
    }
  json_add_count (json, "patients_added", stats->patients_added);
  json_add_count (json, "patients_updated", stats->patients_updated);
  json_add_count (json, "sessions_added", stats->sessions_added);
  json_add_count (json, "ratings_added", stats->ratings_added);
  json_add_count (json, "course_ends_added", stats->course_ends_added);
  /* Only when there are any: the trail's readers of before know the rest. */
  if (stats->readings_added > 0)
    json_add_count (json, "readings_added", stats->readings_added);
  if (stats->medicines_added > 0)
    json_add_count (json, "medicines_added", stats->medicines_added);
  if (stats->events_added > 0)
    json_add_count (json, "events_added", stats->events_added);
  json_add_count (json, "duplicates_skipped", stats->duplicates_skipped);
  g_string_append_c (json, '}');
  return g_string_free (json, FALSE);
}

static void
import_clear (Import *imp)
{
  g_clear_pointer (&imp->patients, g_hash_table_unref);
  g_clear_pointer (&imp->last_code, g_free);
  g_clear_pointer (&imp->last_key, g_free);
  g_clear_pointer (&imp->scales, g_hash_table_unref);
  g_clear_pointer (&imp->session_days, g_hash_table_unref);
  g_clear_pointer (&imp->scale_ids, g_free);
  g_clear_pointer (&imp->items, g_array_unref);
  if (imp->key != NULL)
    g_string_free (g_steal_pointer (&imp->key), TRUE);
  g_clear_error (&imp->fatal);
}

/**
 * ebb_import_files:
 * @store: the clinic
 * @paths: (array zero-terminated=1): the files to import
 * @stats: (out) (optional): what was added, updated and skipped; zeroed
 *   unless the import succeeds
 * @problems: (element-type utf8) (nullable): an array with g_free() as its
 *   free function, to which every problem is appended
 * @error: %EBB_IMPORT_ERROR_INVALID when any row was bad,
 *   %EBB_IMPORT_ERROR_IO when a file could not be read, or the store's
 *   error when the database failed
 *
 * Returns: %TRUE when everything was imported; on %FALSE nothing was.
 */
gboolean
ebb_import_files (EbbStore            *store,
                  const char * const  *paths,
                  EbbImportStats      *stats,
                  GPtrArray           *problems,
                  GError             **error)
{
  return ebb_import_files_full (store, paths, stats, problems, NULL, error);
}

/**
 * ebb_import_files_full:
 * @warnings: (element-type utf8) (nullable): an array with g_free() as its
 *   free function, to which what was imported but is worth a second look
 *   is appended, as "FILE:LINE: column: message" (an esketamine dose
 *   other than 56 or 84 mg); only when the import succeeds
 *
 * As ebb_import_files(), with its warnings.
 */
gboolean
ebb_import_files_full (EbbStore            *store,
                       const char * const  *paths,
                       EbbImportStats      *stats,
                       GPtrArray           *problems,
                       GPtrArray           *warnings,
                       GError             **error)
{
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) existing = NULL;
  Import imp = { 0 };
  int year;

  g_return_val_if_fail (EBB_IS_STORE (store), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stats != NULL)
    memset (stats, 0, sizeof *stats);

  files = g_ptr_array_new_with_free_func ((GDestroyNotify) import_file_free);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      ImportFile *file = g_new0 (ImportFile, 1);
      g_autoptr(GError) local_error = NULL;

      file->path = paths[i];
      file->fd = -1;
      file->buffer = g_byte_array_new ();
      file->checksum = g_checksum_new (G_CHECKSUM_SHA256);
      g_ptr_array_add (files, file);
      if ((file->fd = g_open (paths[i], O_RDONLY | O_CLOEXEC, 0)) < 0)
        {
          int saved_errno = errno;

          g_set_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_IO,
                       _("Cannot import %s: %s"), paths[i], g_strerror (saved_errno));
          return FALSE;
        }
      if (!import_file_read_on (file, &local_error))
        {
          g_set_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_IO, "%s", local_error->message);
          return FALSE;
        }
    }

  imp.store = store;
  imp.problems = problems;
  imp.scales = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp.scale_ids = list_scale_ids ();
  imp.items = g_array_sized_new (FALSE, FALSE, sizeof (int), 32);
  imp.key = g_string_sized_new (128);
  imp.session_days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp.warnings = warnings;
  imp.patients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) patient_entry_free);
  ebb_date_to_ymd (ebb_date_today (), &year, NULL, NULL);
  imp.this_year = year;

  for (guint i = 0; i < files->len; i++)
    {
      ImportFile *file = g_ptr_array_index (files, i);

      file->usable = read_header (&imp, file);
    }

  if (!ebb_store_begin_import (store, error))
    {
      import_clear (&imp);
      return FALSE;
    }

  existing = ebb_store_list_patients (store, &imp.fatal);
  if (existing != NULL)
    {
      /* Taken over by the table: the array must not free them. */
      g_ptr_array_set_free_func (existing, NULL);
      for (guint i = 0; i < existing->len; i++)
        {
          EbbPatient *patient = g_ptr_array_index (existing, i);
          g_autofree char *key = ebb_patient_normalise_code (patient->code, NULL);

          /* A code stored before codes had one form, and that has none
           * (it holds an invisible character), is matched only as it is. */
          add_patient_entry (&imp, patient, TRUE, key != NULL ? key : patient->code);
        }
    }

  /* Patients first, so that sessions and scores find them whatever order
   * the files were given in. */
  for (guint k = 0; k < N_KINDS; k++)
    for (guint i = 0; i < files->len; i++)
      {
        ImportFile *file = g_ptr_array_index (files, i);

        if (file->usable && file->kind == k)
          import_rows (&imp, file);
      }

  if (imp.fatal != NULL)
    {
      ebb_store_rollback (store);
      g_propagate_error (error, g_steal_pointer (&imp.fatal));
      import_clear (&imp);
      return FALSE;
    }

  if (imp.n_problems > 0)
    {
      ebb_store_rollback (store);
      if (problems != NULL && imp.n_problems > EBB_IMPORT_MAX_PROBLEMS)
        {
          guint more = imp.n_problems - EBB_IMPORT_MAX_PROBLEMS;

          g_ptr_array_add (problems, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more problem",
                                                                   "… and %u more problems", more),
                                                      more));
        }
      g_set_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "%u problem in the files; nothing was imported",
                                "%u problems in the files; nothing was imported", imp.n_problems),
                   imp.n_problems);
      import_clear (&imp);
      return FALSE;
    }

  for (guint i = 0; i < files->len; i++)
    if (!import_file_finish (g_ptr_array_index (files, i), &imp.fatal))
      {
        ebb_store_rollback (store);
        g_propagate_error (error, g_steal_pointer (&imp.fatal));
        import_clear (&imp);
        return FALSE;
      }
  {
    g_autofree char *details = describe_import (files, &imp.stats);

    if (!ebb_store_finish_import (store, details, error))
      {
        ebb_store_rollback (store);
        import_clear (&imp);
        return FALSE;
      }
  }
  if (!ebb_store_commit (store, error))
    {
      import_clear (&imp);
      return FALSE;
    }

  if (stats != NULL)
    *stats = imp.stats;
  import_clear (&imp);
  return TRUE;
}
