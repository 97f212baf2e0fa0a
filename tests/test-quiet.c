/* test-quiet.c — the patients a scan keeps as having nothing open (issue 17)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A whole-clinic scan skips the patients the last one found with nothing
 * open, for as long as the rules say that holds and nobody changed their
 * records.  Skipping must never hide anyone: every test here compares
 * the scan with the rules run on every patient.
 */
#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "ebb-demo.h"
#include "ebb-flags-private.h"
#include "ebb-import.h"
#include "ebb-store-watch.h"
#include "ebb-test-utils.h"

/* The clinic in a file, or on the test server (ebb-test-utils.h). */
typedef EbbTestStoreFixture Fixture;

static gint32
day (const char *text)
{
  return ebb_date_parse_day (text, NULL);
}

/* A flag as a line: every field the rules fill in. */
static char *
flag_line (const EbbFlag *flag)
{
  return g_strdup_printf ("%s %s %s %d %d %d %d/%d [%s] [%s] %d %d %u %d %d/%d %d %d %d/%d %" G_GINT64_FORMAT
                          " %s %d", flag->patient_code, flag->scale != NULL ? flag->scale->id : "-",
                          ebb_flag_kind_to_string (flag->kind), flag->day, flag->session_day,
                          flag->next_session_day, flag->has_days_early, flag->days_early, flag->detail,
                          flag->suggestion, flag->interval_day, flag->before_day, flag->n_events, flag->latest_day,
                          flag->latest_value[0], flag->latest_value[1], flag->latest_implied, flag->highest_day,
                          flag->highest_value[0], flag->highest_value[1], flag->closed_predecessor,
                          ebb_flag_state_to_string (flag->state), flag->resolved_day);
}

/* An Attention entry as text: every field, and every flag. */
static void
append_item (GString                *text,
             const EbbAttentionItem *item)
{
  const EbbPatient *p = item->patient;

  g_string_append_printf (text, "%s|%s|%d|%s|%s|%d section %d next %d booked %d ended %d latest %s %d %d [%s]\n",
                          p->code, p->name, p->birth_year, p->preferred_scale ? p->preferred_scale : "-",
                          p->notes ? p->notes : "-", p->archived, item->section, item->next_session_day,
                          item->booked, item->course_ended,
                          item->latest_scale != NULL ? item->latest_scale->id : "-", item->latest_total,
                          item->latest_day, item->suggestion);
  for (guint i = 0; i < item->flags->len; i++)
    {
      g_autofree char *line = flag_line (g_ptr_array_index (item->flags, i));

      g_string_append_printf (text, "  %s\n", line);
    }
}

static char *
flags_text (GPtrArray *flags,
            gboolean   open_only)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < flags->len; i++)
    {
      const EbbFlag *flag = g_ptr_array_index (flags, i);
      g_autofree char *line = NULL;

      if (open_only && !ebb_flag_is_open (flag))
        continue;
      line = flag_line (flag);
      g_string_append_printf (text, "%s\n", line);
    }
  return g_string_free (text, FALSE);
}

/* The rules on every patient, with nothing kept: Attention and the
 * patient list's follow-ups, as text. */
typedef struct
{
  gint32                 as_of;
  const EbbRuleSettings *settings;
  GString               *attention;
  GString               *follow_ups;
} Everyone;

static void
everyone_patient_cb (const EbbPatientRecords *records,
                     gpointer                 user_data)
{
  Everyone *everyone = user_data;
  EbbFollowUp follow_up;
  g_autoptr(EbbAttentionItem) item = NULL;

  item = ebb_flags_attention_for_records (records, everyone->as_of, everyone->settings, &follow_up);
  if (item != NULL)
    append_item (everyone->attention, item);
  g_string_append_printf (everyone->follow_ups, "%" G_GINT64_FORMAT " %d %d\n", follow_up.patient_id,
                          follow_up.next_session_day, follow_up.course_ended);
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Attention's entries (each a line and its flags' lines) in patient code
 * order, to set beside the rules run on everyone (which walk in id
 * order). */
static char *
sorted_entries (const char *text)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *entry = NULL;
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (!g_str_has_prefix (lines[i], "  ") && entry != NULL)
        g_ptr_array_add (entries, g_string_free (g_steal_pointer (&entry), FALSE));
      if (entry == NULL)
        entry = g_string_new (NULL);
      g_string_append_printf (entry, "%s\n", lines[i]);
    }
  if (entry != NULL)
    g_ptr_array_add (entries, g_string_free (entry, FALSE));
  g_ptr_array_sort (entries, compare_codes);
  for (guint i = 0; i < entries->len; i++)
    g_string_append (out, g_ptr_array_index (entries, i));
  return g_string_free (out, FALSE);
}

/* The scans that may skip patients, against the rules on everyone, on
 * @as_of: the open flags, Attention and the follow-ups must be the same. */
static void
check_day (EbbStore              *store,
           gint32                 as_of,
           const EbbRuleSettings *settings)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GArray) follow_ups = NULL;
  g_autofree char *open_text = NULL;
  g_autofree char *all_open_text = NULL;
  g_autoptr(GString) attention = g_string_new (NULL);
  g_autoptr(GString) follow_up_text = g_string_new (NULL);
  Everyone everyone = { as_of, settings, g_string_new (NULL), g_string_new (NULL) };
  g_autofree char *expected_attention = NULL;
  g_autofree char *got_attention = NULL;

  /* Every flag, open or not, is never skipped: the reference. */
  all = ebb_flags_scan (store, as_of, EBB_FLAGS_ALL, settings, &error);
  g_assert_no_error (error);
  open = ebb_flags_scan (store, as_of, EBB_FLAGS_OPEN, settings, &error);
  g_assert_no_error (error);
  open_text = flags_text (open, FALSE);
  all_open_text = flags_text (all, TRUE);
  g_assert_cmpstr (open_text, ==, all_open_text);

  items = ebb_flags_attention_with_follow_up (store, as_of, settings, &follow_ups, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    append_item (attention, g_ptr_array_index (items, i));
  for (guint i = 0; i < follow_ups->len; i++)
    {
      const EbbFollowUp *follow_up = &g_array_index (follow_ups, EbbFollowUp, i);

      g_string_append_printf (follow_up_text, "%" G_GINT64_FORMAT " %d %d\n", follow_up->patient_id,
                              follow_up->next_session_day, follow_up->course_ended);
    }

  g_assert_true (ebb_store_foreach_patient_for_rules (store, everyone_patient_cb, &everyone, &error));
  g_assert_no_error (error);
  expected_attention = sorted_entries (everyone.attention->str);
  got_attention = sorted_entries (attention->str);
  g_assert_cmpstr (got_attention, ==, expected_attention);
  g_assert_cmpstr (follow_up_text->str, ==, everyone.follow_ups->str);
  g_string_free (everyone.attention, TRUE);
  g_string_free (everyone.follow_ups, TRUE);
}

/* How many patients' lines the clinic keeps for @as_of (a file only). */
static guint
n_kept_for (EbbTestClinic *clinic,
            gint32         as_of)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (ebb_test_on_server ())
    return 0;
  text = ebb_test_sql_text (clinic->path, "SELECT coalesce ((SELECT group_concat (patients, '') FROM kept_patients), '')");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      int from, through;

      if (sscanf (lines[i], "%*d %d %d", &from, &through) == 2 && from <= as_of && as_of <= through)
        n++;
    }
  return n;
}

/* Day after day, each scan starting from what the one before kept;
 * under valgrind, a week at a time, which still carries kept lines over
 * days they must and must not hold on. */
static void
walk_days (Fixture *f,
           gint32   first,
           gint32   last,
           int      step)
{
  guint n_kept = 0;

  if (g_getenv ("EBB_TEST_UNDER_VALGRIND") != NULL)
    step = MAX (step, 7);

  for (gint32 d = first; d <= last; d += step)
    {
      n_kept += n_kept_for (&f->clinic, d);
      check_day (f->store, d, NULL);
    }
  /* Not a vacuous walk: scans did skip patients (seen on a file). */
  if (!ebb_test_on_server ())
    g_assert_cmpuint (n_kept, >, 0);
}

static void
test_example_day_after_day (Fixture       *f,
                            gconstpointer  data)
{
  ebb_test_import_examples (f->store);
  walk_days (f, day ("2025-11-01"), day ("2027-01-31"), ebb_test_on_server () ? 5 : 1);
}

static void
import_demo (Fixture *f,
             guint    n_patients,
             gint32   today)
{
  g_autoptr(GString) patients = g_string_new (NULL);
  g_autoptr(GString) sessions = g_string_new (NULL);
  g_autoptr(GString) scores = g_string_new (NULL);
  g_autofree char *patients_path = g_build_filename (f->clinic.dir, "patients.csv", NULL);
  g_autofree char *sessions_path = g_build_filename (f->clinic.dir, "sessions.csv", NULL);
  g_autofree char *scores_path = g_build_filename (f->clinic.dir, "scores.csv", NULL);
  const char *paths[] = { patients_path, sessions_path, scores_path, NULL };
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  EbbImportStats stats = { 0 };
  EbbDemoOptions options;

  ebb_demo_options_init (&options, today);
  options.n_patients = n_patients;
  options.seed = 17;
  ebb_demo_write_csv (&options, patients, sessions, scores);
  g_assert_true (g_file_set_contents (patients_path, patients->str, -1, &error));
  g_assert_true (g_file_set_contents (sessions_path, sessions->str, -1, &error));
  g_assert_true (g_file_set_contents (scores_path, scores->str, -1, &error));
  g_assert_true (ebb_import_files (f->store, paths, &stats, problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* A synthetic clinic whose bookings, lapses and projections come and go
 * as the days pass: before its last records, through them and after. */
static void
test_demo_day_after_day (Fixture       *f,
                         gconstpointer  data)
{
  gint32 today = day ("2026-06-01");

  import_demo (f, 60, today);
  walk_days (f, today - 200, today + 150, ebb_test_on_server () ? 7 : 2);
}

/* Find a patient with nothing open on @as_of, kept as such. */
static const EbbFollowUp *
find_quiet (GPtrArray *items,
            GArray    *follow_ups)
{
  for (guint i = 0; i < follow_ups->len; i++)
    {
      const EbbFollowUp *follow_up = &g_array_index (follow_ups, EbbFollowUp, i);
      gboolean listed = FALSE;

      for (guint j = 0; j < items->len; j++)
        listed |= ((EbbAttentionItem *) g_ptr_array_index (items, j))->patient->id == follow_up->patient_id;
      if (!listed)
        return follow_up;
    }
  g_assert_not_reached ();
}

static gboolean
attention_lists (GPtrArray *items,
                 gint64     patient_id)
{
  for (guint j = 0; j < items->len; j++)
    if (((EbbAttentionItem *) g_ptr_array_index (items, j))->patient->id == patient_id)
      return TRUE;
  return FALSE;
}

/* A rating that raises a flag on a patient kept as quiet puts them on
 * Attention at the next scan, made here or by another program. */
static void
test_change_reopens (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GArray) follow_ups = NULL;
  g_autoptr(EbbStore) other = NULL;
  gint32 today = ebb_date_today ();
  gint64 quiet_id, second_id;

  import_demo (f, 30, today);
  items = ebb_flags_attention_with_follow_up (f->store, today, NULL, &follow_ups, &error);
  g_assert_no_error (error);
  quiet_id = find_quiet (items, follow_ups)->patient_id;
  if (!ebb_test_on_server ())
    g_assert_cmpuint (n_kept_for (&f->clinic, today), >, 0);

  /* Kept, and still quiet: then PHQ-9 27, whose total implies item 9. */
  g_clear_pointer (&items, g_ptr_array_unref);
  g_clear_pointer (&follow_ups, g_array_unref);
  items = ebb_flags_attention_with_follow_up (f->store, today, NULL, &follow_ups, &error);
  g_assert_false (attention_lists (items, quiet_id));
  ebb_test_store_rating (f->store, quiet_id, today, "PHQ-9", 27);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = ebb_flags_attention (f->store, today, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (attention_lists (items, quiet_id));
  check_day (f->store, today, NULL);

  /* Another program's change is seen just the same. */
  g_clear_pointer (&follow_ups, g_array_unref);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = ebb_flags_attention_with_follow_up (f->store, today, NULL, &follow_ups, &error);
  second_id = find_quiet (items, follow_ups)->patient_id;
  other = ebb_store_open (f->clinic.path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  ebb_test_store_rating (other, second_id, today, "PHQ-9", 27);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = ebb_flags_attention (f->store, today, NULL, &error);
  g_assert_true (attention_lists (items, second_id));
  check_day (f->store, today, NULL);
}

/* Other settings, other answers: what was kept under the clinic's
 * settings is not used under others, nor after the clinic changes them. */
static void
test_settings_change (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  EbbRuleSettings strict;
  gint32 today = day ("2026-06-01");

  import_demo (f, 40, today);
  check_day (f->store, today + 1, NULL);
  ebb_rule_settings_init_defaults (&strict);
  strict.unrecorded_days = 1;
  strict.bp_before = (EbbPressure) { 100, 60 };
  check_day (f->store, today + 1, &strict);

  g_assert_true (ebb_store_set_rule_setting (f->store, "unrecorded-days", "1", &error));
  g_assert_no_error (error);
  check_day (f->store, today + 2, &strict);
  check_day (f->store, today + 2, NULL);
}

/* A scan on a store opened read-only keeps what it found through a
 * connection of its own; a kept list that does not read is not used. */
static void
test_read_only_and_garbled (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(EbbStore) reader = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GError) error = NULL;
  gint32 today = day ("2026-06-01");

  import_demo (f, 30, today);
  reader = ebb_store_open (f->clinic.path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  flags = ebb_flags_scan (reader, today, EBB_FLAGS_OPEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_kept_for (&f->clinic, today), >, 0);

  /* Every line claims quiet for ever: none may be believed. */
  ebb_test_sql_exec (f->clinic.path, "UPDATE kept_patients SET patients = patients || 'x 1 2'");
  check_day (reader, today, NULL);
}

/* The lines of both slots a scan on @as_of could use, with the clinic's
 * settings. */
static guint
n_usable (EbbStore *store,
          gint32    as_of)
{
  guint n = 0;

  for (EbbKeptSlot slot = EBB_KEPT_QUIET; slot <= EBB_KEPT_FLAGGED; slot++)
    {
      g_autofree char *basis = _ebb_flags_kept_basis (NULL, slot);
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GError) error = NULL;
      gint64 audit_id;

      lines = ebb_store_load_kept_patients (store, slot, basis, as_of, &audit_id, &error);
      g_assert_no_error (error);
      n += lines->len;
    }
  return n;
}

/* A backup's entry in the trail changes no record: the lines kept before
 * it are still used after it.  A setting's, about the whole clinic,
 * drops them. */
static void
test_backup_keeps (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->clinic.dir, "backup.db", NULL);
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GError) error = NULL;
  gint32 today = day ("2026-06-01");
  guint n_before;

  import_demo (f, 30, today);
  flags = ebb_flags_scan (f->store, today, EBB_FLAGS_OPEN, NULL, &error);
  g_assert_no_error (error);
  n_before = n_usable (f->store, today);
  g_assert_cmpuint (n_before, ==, 30);

  g_assert_true (ebb_store_backup (f->store, backup, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ebb_test_sql_int (f->clinic.path, "SELECT count(*) FROM audit WHERE action = 'backup'"), ==, 1);
  g_assert_cmpuint (n_usable (f->store, today), ==, n_before);
  check_day (f->store, today, NULL);

  g_assert_true (ebb_store_set_rule_setting (f->store, "unrecorded-days", "3", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_usable (f->store, today), ==, 0);
  check_day (f->store, today, NULL);
}

/* An import drops the lines of the patients it added rows of, and keeps
 * the others'; one made before imports noted their patients drops all. */
static void
test_import_keeps_others (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->clinic.dir, "one.csv", NULL);
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[] = { csv, NULL };
  EbbImportStats stats = { 0 };
  gint32 today = day ("2026-06-01");

  import_demo (f, 30, today);
  flags = ebb_flags_scan (f->store, today, EBB_FLAGS_OPEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_usable (f->store, today), ==, 30);

  /* A PHQ-9 of 27 today for one patient: their line goes, with the
   * flag it raises; the 29 others' stay. */
  date = ebb_date_format (today);
  text = g_strdup_printf ("patient,date,scale,score\nDEMO-02,%s,PHQ-9,27\n", date);
  g_assert_true (g_file_set_contents (csv, text, -1, &error));
  g_assert_true (ebb_import_files (f->store, paths, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.ratings_added, ==, 1);
  g_assert_cmpuint (n_usable (f->store, today), ==, 29);
  check_day (f->store, today, NULL);

  /* The same again adds nothing and writes no entry. */
  g_clear_pointer (&flags, g_ptr_array_unref);
  flags = ebb_flags_scan (f->store, today, EBB_FLAGS_OPEN, NULL, &error);
  g_assert_cmpuint (n_usable (f->store, today), ==, 30);
  g_assert_true (ebb_import_files (f->store, paths, &stats, NULL, &error));
  g_assert_cmpuint (stats.duplicates_skipped, ==, 1);
  g_assert_cmpuint (n_usable (f->store, today), ==, 30);

  /* An import without its patients noted stands for the whole clinic. */
  g_assert_true (g_file_set_contents (csv, "patient,date,scale,score\nDEMO-03,2026-05-31,PHQ-9,12\n", -1, &error));
  g_assert_true (ebb_import_files (f->store, paths, &stats, NULL, &error));
  g_assert_cmpuint (n_usable (f->store, today), ==, 29);
  ebb_test_sql_exec (f->clinic.path, "DELETE FROM import_patients WHERE import_id = (SELECT max (import_id) FROM import_patients)");
  g_assert_cmpuint (n_usable (f->store, today), ==, 0);
  check_day (f->store, today, NULL);
}

/* Keeping what a scan found is not a change to the clinic: a window
 * watching it does not read everything again for it, but does for a
 * rating another program adds. */
static void
test_watch_ignores_keeping (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(EbbStore) other = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbPatient) patient = NULL;
  gint32 today = day ("2026-06-01");
  gint64 version = 0;

  import_demo (f, 20, today);
  g_assert_false (ebb_store_check_changed_elsewhere (f->store, &version));
  /* The window's own change, made since, is not another's either. */
  patient = ebb_store_find_patient (f->store, "DEMO-02", &error);
  g_assert_no_error (error);
  ebb_test_store_rating (f->store, patient->id, today, "PHQ-9", 11);
  g_clear_pointer (&patient, ebb_patient_free);

  other = ebb_store_open (f->clinic.path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  flags = ebb_flags_scan (other, today, EBB_FLAGS_OPEN, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_kept_for (&f->clinic, today), >, 0);
  g_assert_false (ebb_store_check_changed_elsewhere (f->store, &version));

  g_clear_object (&other);
  other = ebb_store_open (f->clinic.path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  patient = ebb_store_find_patient (other, "DEMO-01", &error);
  g_assert_no_error (error);
  g_assert_nonnull (patient);
  ebb_test_store_rating (other, patient->id, today, "PHQ-9", 10);
  g_assert_true (ebb_store_check_changed_elsewhere (f->store, &version));
}

/* A kept line reads back as every field it was written from, texts with
 * tabs, newlines and backslashes, and missing ones, included. */
static void
test_line_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(EbbAttentionItem) item = g_new0 (EbbAttentionItem, 1);
  g_autoptr(EbbAttentionItem) back = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) got = g_string_new (NULL);
  g_autofree char *text = NULL;
  EbbFollowUp follow_up = { 42, 20500, TRUE }, read_back = { 0 };
  EbbKeptPatient kept = { 42, 20400, 20401, NULL };
  EbbFlag *flag;

  item->patient = ebb_patient_new ("K\\t-1", "Tab\there\nand a line\\");
  item->patient->id = 42;
  item->patient->birth_year = 1970;
  item->patient->preferred_scale = g_strdup ("MADRS");
  item->section = EBB_ATTENTION_LOST;
  item->next_session_day = 20500;
  item->booked = TRUE;
  item->course_ended = TRUE;
  item->latest_scale = ebb_scale_lookup ("PHQ-9");
  item->latest_total = 17;
  item->latest_day = 20390;
  item->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_flag_free);
  for (guint i = 0; i < 2; i++)
    {
      flag = ebb_flag_new (i == 0 ? EBB_FLAG_SUICIDE_ITEM : EBB_FLAG_BLOOD_PRESSURE,
                           i == 0 ? ebb_scale_lookup ("MADRS") : NULL, 20300 + i);
      flag->patient_code = g_strdup (item->patient->code);
      flag->session_day = 20299;
      flag->next_session_day = 20310;
      flag->has_days_early = TRUE;
      flag->days_early = -3;
      flag->detail = g_strdup ("Item 10 was 4\t(\\N)\non 2026-02-03.");
      flag->suggestion = i == 0 ? g_strdup ("Assess suicide risk today.") : NULL;
      flag->interval_day = 20290;
      flag->before_day = 20320;
      flag->n_events = 3;
      flag->latest_day = 20305;
      flag->latest_value[0] = 160;
      flag->latest_value[1] = 95;
      flag->latest_implied = TRUE;
      flag->highest_day = 20302;
      flag->highest_value[0] = 170;
      flag->highest_value[1] = 101;
      flag->closed_predecessor = 7;
      g_ptr_array_add (item->flags, flag);
    }
  item->suggestion = ((EbbFlag *) g_ptr_array_index (item->flags, 0))->suggestion;

  text = _ebb_flags_kept_text (&follow_up, item);
  g_assert_null (strchr (text, '\n'));
  kept.text = text;
  g_assert_true (_ebb_flags_kept_parse (&kept, &read_back, &back));
  g_assert_nonnull (back);
  g_assert_cmpint (read_back.patient_id, ==, 42);
  g_assert_cmpint (read_back.next_session_day, ==, 20500);
  g_assert_true (read_back.course_ended);
  g_assert_cmpint (back->patient->id, ==, 42);
  append_item (expected, item);
  append_item (got, back);
  g_assert_cmpstr (got->str, ==, expected->str);

  /* A line cut short, or with an unknown escape, does not read. */
  text[strlen (text) - 3] = '\0';
  g_assert_false (_ebb_flags_kept_parse (&kept, &read_back, &back));
}

/* What a kept list was worked out with: the settings, and for the
 * flags' texts the catalogue they come from, not the locale's name. */
static void
test_basis (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *saved_locale = g_strdup (setlocale (LC_MESSAGES, NULL));
  g_autofree char *c = NULL, *c_utf8 = NULL, *quiet = NULL, *other = NULL;
  EbbRuleSettings settings;

  ebb_rule_settings_init_defaults (&settings);
  setlocale (LC_MESSAGES, "C");
  c = _ebb_flags_kept_basis (&settings, EBB_KEPT_FLAGGED);
  setlocale (LC_MESSAGES, "C.UTF-8");
  c_utf8 = _ebb_flags_kept_basis (NULL, EBB_KEPT_FLAGGED);
  setlocale (LC_MESSAGES, saved_locale);
  g_assert_cmpstr (c, ==, c_utf8);

  quiet = _ebb_flags_kept_basis (&settings, EBB_KEPT_QUIET);
  g_assert_cmpstr (quiet, !=, c);
  g_assert_true (g_str_has_prefix (c, quiet));
  settings.unrecorded_days = 5;
  other = _ebb_flags_kept_basis (&settings, EBB_KEPT_QUIET);
  g_assert_cmpstr (other, !=, quiet);
}

int
main (int   argc,
      char *argv[])
{
  ebb_test_init_backend (argc, argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/quiet/" path, Fixture, NULL, ebb_test_store_fixture_set_up, func, ebb_test_store_fixture_tear_down)
  ADD ("example/day-after-day", test_example_day_after_day);
  ADD ("demo/day-after-day", test_demo_day_after_day);
  ADD ("change-reopens", test_change_reopens);
  ADD ("settings-change", test_settings_change);
  ADD ("line/round-trip", test_line_round_trip);
  ADD ("basis", test_basis);
  ADD ("backup-keeps", test_backup_keeps);
  ADD ("import-keeps-others", test_import_keeps_others);
  if (!ebb_test_on_server ())
    {
      ADD ("read-only-and-garbled", test_read_only_and_garbled);
      ADD ("watch-ignores-keeping", test_watch_ignores_keeping);
    }
#undef ADD

  return g_test_run ();
}
