/* ebb-export.c — writing the clinic as the CSV files the import reads
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ebb-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-csv.h"
#include "ebb-export.h"
#include "ebb-file-private.h"
#include "ebb-import.h"

/* The shortest plain decimal that reads back as the same double: "50",
 * "37.5", never "50.000000" or an exponent. */
static void
format_dose (char   *buffer,
             gsize   size,
             double  dose)
{
  for (int precision = 0; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%df", precision);
      g_ascii_formatd (buffer, size, format, dose);
      if (g_ascii_strtod (buffer, NULL) == dose)
        return;
    }
  g_ascii_formatd (buffer, size, "%.17g", dose);
}

/* Files written whole or not at all --------------------------------------- */

/**
 * _ebb_new_file_open:
 * @path: the file that will be written
 *
 * Opens an unnamed file in @path's folder (O_TMPFILE): if the process is
 * killed while writing, nothing is left behind, not even an empty file.
 * Where the file system has no unnamed files, or /proc is missing (the
 * file is named through it in the end), a named temporary next to @path
 * instead, which _ebb_new_file_discard() removes.
 *
 * Returns: %TRUE with @file->fd open for writing; %FALSE with errno set
 */
gboolean
_ebb_new_file_open (EbbNewFile *file,
                    const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = NULL;

  file->named = NULL;
  if (g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    {
      file->fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
      if (file->fd >= 0)
        return TRUE;
      if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
        return FALSE;
    }
  base = g_path_get_basename (path);
  file->named = g_strdup_printf ("%s%s.%s.XXXXXX", dir, G_DIR_SEPARATOR_S, base);
  file->fd = g_mkstemp_full (file->named, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (file->fd < 0)
    {
      int saved_errno = errno;

      g_clear_pointer (&file->named, g_free);
      errno = saved_errno;
      return FALSE;
    }
  return TRUE;
}

/**
 * _ebb_new_file_publish:
 * @path: the name the file gets
 *
 * Gives the written file (still open) the name @path, replacing what had
 * it in one step (rename(2)).  An unnamed file is first linked in under a
 * temporary name: all that a kill can leave behind, and then only a
 * complete file.
 *
 * Returns: %TRUE; %FALSE with errno set
 */
gboolean
_ebb_new_file_publish (EbbNewFile *file,
                       const char *path)
{
  g_autofree char *proc = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  int saved_errno;

  if (file->named != NULL)
    {
      if (g_rename (file->named, path) != 0)
        return FALSE;
      g_clear_pointer (&file->named, g_free);
      return TRUE;
    }

  proc = g_strdup_printf ("/proc/self/fd/%d", file->fd);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *named = g_strdup_printf ("%s%s.%s.%06X", dir, G_DIR_SEPARATOR_S, base,
                                                g_random_int () & 0xFFFFFF);

      if (linkat (AT_FDCWD, proc, AT_FDCWD, named, AT_SYMLINK_FOLLOW) != 0)
        {
          if (errno == EEXIST)
            continue;
          return FALSE;
        }
      if (g_rename (named, path) != 0)
        {
          saved_errno = errno;
          g_unlink (named);
          errno = saved_errno;
          return FALSE;
        }
      return TRUE;
    }
  errno = EEXIST;
  return FALSE;
}

/* Forgets a file not published: removes a named temporary (an unnamed
 * file goes with its descriptor). */
void
_ebb_new_file_discard (EbbNewFile *file)
{
  if (file->named != NULL)
    g_unlink (file->named);
  g_clear_pointer (&file->named, g_free);
}

/* The export ------------------------------------------------------------- */

typedef struct
{
  guint    rank;  /* of the patient's code in code order */
  gpointer row;
} SortItem;

static int
compare_when (const EbbWhen *a,
              const EbbWhen *b)
{
  /* A total order (unlike ebb_when_compare()): a date without a time
   * before the times of that day. */
  if (a->day != b->day)
    return a->day < b->day ? -1 : 1;
  if (a->second != b->second)
    return a->second < b->second ? -1 : 1;
  return 0;
}

static int
compare_sessions (gconstpointer pa,
                  gconstpointer pb)
{
  const SortItem *a = pa, *b = pb;
  const EbbSession *sa = a->row, *sb = b->row;
  int c;

  if (a->rank != b->rank)
    return a->rank < b->rank ? -1 : 1;
  if ((c = compare_when (&sa->when, &sb->when)) != 0)
    return c;
  if ((c = g_strcmp0 (sa->when_text, sb->when_text)) != 0)
    return c;
  return sa->id < sb->id ? -1 : sa->id > sb->id;
}

static int
compare_ratings (gconstpointer pa,
                 gconstpointer pb)
{
  const SortItem *a = pa, *b = pb;
  const EbbRating *sa = a->row, *sb = b->row;
  int c;

  if (a->rank != b->rank)
    return a->rank < b->rank ? -1 : 1;
  if ((c = compare_when (&sa->when, &sb->when)) != 0)
    return c;
  if ((c = g_strcmp0 (sa->when_text, sb->when_text)) != 0)
    return c;
  if ((c = g_strcmp0 (sa->scale_id, sb->scale_id)) != 0)
    return c;
  return sa->id < sb->id ? -1 : sa->id > sb->id;
}

static int
compare_medicines (gconstpointer pa,
                   gconstpointer pb)
{
  const SortItem *a = pa, *b = pb;
  const EbbMedicine *ma = a->row, *mb = b->row;

  if (a->rank != b->rank)
    return a->rank < b->rank ? -1 : 1;
  if (ma->start_day != mb->start_day)
    return ma->start_day < mb->start_day ? -1 : 1;
  return ma->id < mb->id ? -1 : ma->id > mb->id;
}

static int
compare_events (gconstpointer pa,
                gconstpointer pb)
{
  const SortItem *a = pa, *b = pb;
  const EbbEvent *ea = a->row, *eb = b->row;

  if (a->rank != b->rank)
    return a->rank < b->rank ? -1 : 1;
  if (ea->day != eb->day)
    return ea->day < eb->day ? -1 : 1;
  return ea->id < eb->id ? -1 : ea->id > eb->id;
}

static int
compare_patients (gconstpointer pa,
                  gconstpointer pb)
{
  const EbbPatient *a = *(EbbPatient * const *) pa;
  const EbbPatient *b = *(EbbPatient * const *) pb;

  return strcmp (a->code, b->code);
}

/* Pairs each row with its patient's rank and sorts them. */
static GArray *
sort_rows (GPtrArray   *rows,
           GHashTable  *ranks,
           gsize        patient_id_offset,
           GCompareFunc compare,
           GError     **error)
{
  g_autoptr(GArray) items = g_array_sized_new (FALSE, FALSE, sizeof (SortItem), rows->len);

  for (guint i = 0; i < rows->len; i++)
    {
      gpointer row = g_ptr_array_index (rows, i);
      gint64 patient_id = G_STRUCT_MEMBER (gint64, row, patient_id_offset);
      gpointer rank;
      SortItem item;

      if (!g_hash_table_lookup_extended (ranks, &patient_id, NULL, &rank))
        {
          g_set_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_CHECK_FAILED,
                       _("A row belongs to no patient: check the database"));
          return NULL;
        }
      item.rank = GPOINTER_TO_UINT (rank);
      item.row = row;
      g_array_append_val (items, item);
    }
  g_array_sort (items, compare);
  return g_steal_pointer (&items);
}

/* Writes @contents to a new, unnamed file in @directory (created 0600),
 * flushed to the disk before it gets the name @name: the rename must not
 * reach the disk before the data does. */
static gboolean
write_new_file (const char  *directory,
                const char  *name,
                GString     *contents,
                EbbNewFile  *file,
                GError     **error)
{
  g_autofree char *path = g_build_filename (directory, name, NULL);
  const char *p = contents->str;
  gsize left = contents->len;
  int saved_errno;

  if (!_ebb_new_file_open (file, path))
    {
      saved_errno = errno;
      file->fd = -1;
      g_set_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_IO,
                   /* Translators: "Cannot write patients.csv in /home/…/export: …" */
                   _("Cannot write %s in %s: %s"), name, directory, g_strerror (saved_errno));
      return FALSE;
    }

  while (left > 0)
    {
      gssize n = write (file->fd, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto failed;
      p += n;
      left -= (gsize) n;
    }
  if (fsync (file->fd) != 0)
    goto failed;
  return TRUE;

failed:
  saved_errno = errno;
  g_set_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_IO,
               _("Cannot write %s in %s: %s"), name, directory,
               saved_errno == ENOSPC ? _("the disk is full") : g_strerror (saved_errno));
  return FALSE;
}

/* Each patient's latest course end (the latest day), by patient id: the
 * one the patients file carries (§6). */
static GHashTable *
latest_course_ends (GPtrArray *ends)
{
  GHashTable *latest = g_hash_table_new (g_int64_hash, g_int64_equal);

  for (guint i = 0; i < ends->len; i++)
    {
      EbbCourseEnd *end = g_ptr_array_index (ends, i);
      const EbbCourseEnd *known = g_hash_table_lookup (latest, &end->patient_id);

      if (known == NULL || end->day > known->day)
        g_hash_table_insert (latest, &end->patient_id, end);
    }
  return latest;
}

static GString *
patients_csv (GPtrArray  *patients,
              GHashTable *latest_ends)
{
  static const char * const header[] = {
    "patient", "name", "birth_year", "notes", "ended", "end_reason"
  };
  GString *out = g_string_sized_new (64 + patients->len * 48);

  ebb_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < patients->len; i++)
    {
      const EbbPatient *p = g_ptr_array_index (patients, i);
      const EbbCourseEnd *end = g_hash_table_lookup (latest_ends, &p->id);
      g_autofree char *ended = end != NULL ? ebb_date_format (end->day) : NULL;
      char year[16] = "";
      const char *row[6];

      if (p->birth_year != 0)
        g_snprintf (year, sizeof year, "%d", p->birth_year);
      row[0] = p->code;
      row[1] = p->name;
      row[2] = year;
      row[3] = p->notes;
      row[4] = ended;
      row[5] = end != NULL ? ebb_end_reason_to_string (end->reason) : NULL;
      ebb_csv_append_row (out, row, G_N_ELEMENTS (row));
    }
  return out;
}

/* The session record's columns: the import's names, in its order.  The
 * pressures are not written as bp_before and bp_after: every reading goes
 * to readings.csv, with whether it was taken before dosing. */
static GString *
sessions_csv (GPtrArray *patients,
              GArray    *sessions)
{
  static const char * const header[] = {
    "patient", "date", "status", "phase", "route", "dose_mg", "note", "drug", "duration_min",
    "lot", "dose_time", "discharge_time", "sedation", "dissociation", "respiratory", "effects",
    "other_effect", "ready_min", "vitals_ok_before", "vitals_ok_discharge", "transport_arranged",
    "monitored_by",
  };
  GString *out = g_string_sized_new (64 + sessions->len * 64);

  ebb_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < sessions->len; i++)
    {
      const SortItem *item = &g_array_index (sessions, SortItem, i);
      const EbbSession *s = item->row;
      const EbbPatient *p = g_ptr_array_index (patients, item->rank);
      EbbEffects effects = s->effects;
      char dose[64] = "";
      char duration[16] = "";
      char ready[16] = "";
      g_autofree char *dose_time = ebb_clock_time_format (s->dose_time);
      g_autofree char *discharge_time = ebb_clock_time_format (s->discharge_time);
      g_autofree char *sedation = ebb_observed_level_to_string (&s->sedation);
      g_autofree char *dissociation = ebb_observed_level_to_string (&s->dissociation);
      g_autofree char *respiratory = ebb_respiratory_to_string (s->respiratory_spo2,
                                                                s->respiratory_resolved);
      g_autofree char *effect_words = NULL;
      const char *row[G_N_ELEMENTS (header)];

      if (s->dose_mg >= 0)
        format_dose (dose, sizeof dose, s->dose_mg);
      if (s->duration_min > 0)
        g_snprintf (duration, sizeof duration, "%d", s->duration_min);
      if (s->ready_min >= 0)
        g_snprintf (ready, sizeof ready, "%d", s->ready_min);
      /* other_effect says "other" on its own. */
      if (s->other_effect != NULL)
        effects &= ~EBB_EFFECT_OTHER;
      effect_words = ebb_effects_to_string (effects);

      row[0] = p->code;
      row[1] = s->when_text;
      row[2] = ebb_session_status_to_string (s->status);
      row[3] = ebb_phase_to_string (s->phase);
      row[4] = ebb_route_to_string (s->route);
      row[5] = dose;
      row[6] = s->note;
      row[7] = ebb_drug_to_string (s->drug);
      row[8] = duration;
      row[9] = s->lot;
      row[10] = dose_time;
      row[11] = discharge_time;
      row[12] = sedation;
      row[13] = dissociation;
      row[14] = respiratory;
      row[15] = effect_words;
      row[16] = s->other_effect;
      row[17] = ready;
      row[18] = ebb_answer_to_string (s->vitals_ok_before);
      row[19] = ebb_answer_to_string (s->vitals_ok_discharge);
      row[20] = ebb_answer_to_string (s->transport_arranged);
      row[21] = s->monitored_by;
      ebb_csv_append_row (out, row, G_N_ELEMENTS (row));
    }
  return out;
}

/* Every reading, named by its session's patient and moment (with its
 * time, so that two sessions of one day stay apart), in session order. */
static GString *
readings_csv (GPtrArray *patients,
              GArray    *sessions)
{
  static const char * const header[] = {
    "patient", "session_date", "time", "bp", "heart_rate", "spo2", "pre_dose", "note"
  };
  GString *out = g_string_new (NULL);

  ebb_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < sessions->len; i++)
    {
      const SortItem *item = &g_array_index (sessions, SortItem, i);
      const EbbSession *s = item->row;
      const EbbPatient *p = g_ptr_array_index (patients, item->rank);

      for (guint k = 0; s->readings != NULL && k < s->readings->len; k++)
        {
          const EbbReading *r = g_ptr_array_index (s->readings, k);
          g_autofree char *time = ebb_clock_time_format (r->time);
          char bp[32] = "", heart_rate[16] = "", spo2[16] = "";
          const char *row[G_N_ELEMENTS (header)];

          if (r->systolic > 0 || r->diastolic > 0)
            g_snprintf (bp, sizeof bp, "%d/%d", r->systolic, r->diastolic);
          if (r->heart_rate > 0)
            g_snprintf (heart_rate, sizeof heart_rate, "%d", r->heart_rate);
          if (r->spo2 > 0)
            g_snprintf (spo2, sizeof spo2, "%d", r->spo2);
          row[0] = p->code;
          row[1] = s->when_text;
          row[2] = time;
          row[3] = bp;
          row[4] = heart_rate;
          row[5] = spo2;
          row[6] = r->pre_dose ? "yes" : "no";
          row[7] = r->note;
          ebb_csv_append_row (out, row, G_N_ELEMENTS (row));
        }
    }
  return out;
}

static GString *
medicines_csv (GPtrArray *patients,
               GArray    *medicines)
{
  static const char * const header[] = { "patient", "class", "name", "start", "stop" };
  GString *out = g_string_new (NULL);

  ebb_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < medicines->len; i++)
    {
      const SortItem *item = &g_array_index (medicines, SortItem, i);
      const EbbMedicine *m = item->row;
      const EbbPatient *p = g_ptr_array_index (patients, item->rank);
      g_autofree char *start = ebb_date_format (m->start_day);
      g_autofree char *stop = m->stop_day > 0 ? ebb_date_format (m->stop_day) : NULL;
      const char *row[G_N_ELEMENTS (header)];

      row[0] = p->code;
      row[1] = ebb_medicine_class_to_string (m->klass);
      row[2] = m->name;
      row[3] = start;
      row[4] = stop;
      ebb_csv_append_row (out, row, G_N_ELEMENTS (row));
    }
  return out;
}

static GString *
events_csv (GPtrArray *patients,
            GArray    *events)
{
  static const char * const header[] = { "patient", "date", "kind", "text" };
  GString *out = g_string_new (NULL);

  ebb_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < events->len; i++)
    {
      const SortItem *item = &g_array_index (events, SortItem, i);
      const EbbEvent *e = item->row;
      const EbbPatient *p = g_ptr_array_index (patients, item->rank);
      g_autofree char *date = ebb_date_format (e->day);
      const char *row[G_N_ELEMENTS (header)];

      row[0] = p->code;
      row[1] = date;
      row[2] = ebb_event_kind_to_string (e->kind);
      row[3] = e->text;
      ebb_csv_append_row (out, row, G_N_ELEMENTS (row));
    }
  return out;
}

static GString *
scores_csv (GPtrArray *patients,
            GArray    *scores)
{
  static const char * const header[] = {
    "patient", "date", "scale", "score", "items", "note", "rater"
  };
  GString *out = g_string_sized_new (64 + scores->len * 48);

  ebb_csv_append_row (out, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < scores->len; i++)
    {
      const SortItem *item = &g_array_index (scores, SortItem, i);
      const EbbRating *s = item->row;
      const EbbPatient *p = g_ptr_array_index (patients, item->rank);
      g_autofree char *items = ebb_rating_items_to_string (s);
      char total[16];
      const char *row[7];

      g_snprintf (total, sizeof total, "%d", s->total);

      row[0] = p->code;
      row[1] = s->when_text;
      row[2] = s->scale_id;
      row[3] = total;
      row[4] = items;
      row[5] = s->note;
      row[6] = s->rater;
      ebb_csv_append_row (out, row, G_N_ELEMENTS (row));
    }
  return out;
}

/**
 * ebb_export_csv:
 * @store: the clinic
 * @directory: an existing folder
 * @error: %EBB_IMPORT_ERROR_IO when a file cannot be written, or the
 *   store's error
 *
 * Writes patients.csv, sessions.csv, scores.csv, readings.csv,
 * medicines.csv and events.csv, sorted by patient code and date, in the
 * form ebb_import_files() reads back to the same rows.
 * A patient's row carries the latest of their course ends (§6), which is
 * what an import of it adds when it is new; earlier ends are not written.
 * Each file is written in full, unnamed, and named only when all of them
 * are written, so a failed or killed export never leaves a half-written
 * file or a temporary one.  Existing files of those names are replaced
 * (`ebb-cli export-csv` asks first).  A cell that a spreadsheet would take
 * for a formula is written with an apostrophe in front (see
 * ebb_csv_append_row()), which the import takes off again.
 *
 * Returns: %TRUE on success
 */
gboolean
ebb_export_csv (EbbStore    *store,
                const char  *directory,
                GError     **error)
{
  static const char * const names[] = {
    "patients.csv", "sessions.csv", "scores.csv", "readings.csv", "medicines.csv", "events.csv"
  };
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(GPtrArray) ends = NULL;
  g_autoptr(GHashTable) latest_ends = NULL;
  g_autoptr(GHashTable) ranks = NULL;
  g_autoptr(GArray) sorted_sessions = NULL;
  g_autoptr(GArray) sorted_ratings = NULL;
  g_autoptr(GPtrArray) medicines = NULL;
  g_autoptr(GArray) sorted_medicines = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GArray) sorted_events = NULL;
  GString *contents[G_N_ELEMENTS (names)] = { NULL };
  EbbNewFile files[G_N_ELEMENTS (names)];
  gboolean ok = FALSE;

  g_return_val_if_fail (EBB_IS_STORE (store), FALSE);
  g_return_val_if_fail (directory != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    files[i] = (EbbNewFile) { -1, NULL };
  patients = ebb_store_list_patients (store, error);
  if (patients == NULL)
    return FALSE;
  sessions = ebb_store_list_sessions (store, 0, error);
  if (sessions == NULL)
    return FALSE;
  scores = ebb_store_list_ratings (store, 0, error);
  if (scores == NULL)
    return FALSE;
  ends = ebb_store_list_course_ends (store, 0, error);
  if (ends == NULL)
    return FALSE;
  latest_ends = latest_course_ends (ends);
  medicines = ebb_store_list_medicines (store, 0, error);
  if (medicines == NULL)
    return FALSE;
  events = ebb_store_list_events (store, 0, error);
  if (events == NULL)
    return FALSE;

  g_ptr_array_sort (patients, compare_patients);
  ranks = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < patients->len; i++)
    {
      EbbPatient *p = g_ptr_array_index (patients, i);

      g_hash_table_insert (ranks, &p->id, GUINT_TO_POINTER (i));
    }

  sorted_sessions = sort_rows (sessions, ranks, G_STRUCT_OFFSET (EbbSession, patient_id),
                               compare_sessions, error);
  if (sorted_sessions == NULL)
    return FALSE;
  sorted_ratings = sort_rows (scores, ranks, G_STRUCT_OFFSET (EbbRating, patient_id),
                              compare_ratings, error);
  if (sorted_ratings == NULL)
    return FALSE;
  sorted_medicines = sort_rows (medicines, ranks, G_STRUCT_OFFSET (EbbMedicine, patient_id),
                                compare_medicines, error);
  if (sorted_medicines == NULL)
    return FALSE;
  sorted_events = sort_rows (events, ranks, G_STRUCT_OFFSET (EbbEvent, patient_id),
                             compare_events, error);
  if (sorted_events == NULL)
    return FALSE;

  /* Everything is in memory before the first file is touched. */
  contents[0] = patients_csv (patients, latest_ends);
  contents[1] = sessions_csv (patients, sorted_sessions);
  contents[2] = scores_csv (patients, sorted_ratings);
  contents[3] = readings_csv (patients, sorted_sessions);
  contents[4] = medicines_csv (patients, sorted_medicines);
  contents[5] = events_csv (patients, sorted_events);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (!write_new_file (directory, names[i], contents[i], &files[i], error))
        goto out;
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (directory, names[i], NULL);

      if (!_ebb_new_file_publish (&files[i], path))
        {
          int saved_errno = errno;

          g_set_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_IO,
                       _("Cannot write %s: %s"), path, g_strerror (saved_errno));
          goto out;
        }
    }
  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      _ebb_new_file_discard (&files[i]);
      if (files[i].fd >= 0)
        g_close (files[i].fd, NULL);
      if (contents[i] != NULL)
        g_string_free (contents[i], TRUE);
    }
  return ok;
}
