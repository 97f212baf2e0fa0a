/* test-session-record-page.c — one session's record on a page (issue 13)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page is read back with pdftotext: every value recorded must be on
 * it, written by hand below from the session built here, and nothing of
 * another day.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ebb-date.h"
#include "ebb-medicine.h"
#include "ebb-session-record.h"
#include "ebb-test-utils.h"

typedef struct
{
  EbbTestRecords     base;
  GPtrArray         *medicines;
  EbbPatientRecords  records;
  char              *tmpdir;
} Fixture;

static EbbReading *
add_reading (EbbSession *session,
             const char *time,
             gboolean    pre_dose,
             int         systolic,
             int         diastolic,
             int         heart_rate,
             int         spo2,
             const char *note)
{
  EbbReading *reading = ebb_reading_new ();

  g_assert_true (ebb_clock_time_parse (time, 0, &reading->time, NULL));
  reading->pre_dose = pre_dose;
  reading->systolic = systolic;
  reading->diastolic = diastolic;
  reading->heart_rate = heart_rate;
  reading->spo2 = spo2;
  reading->note = g_strdup (note);
  if (session->readings == NULL)
    session->readings = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_reading_free);
  g_ptr_array_add (session->readings, reading);
  return reading;
}

static void
add_medicine (GPtrArray        *medicines,
              EbbMedicineClass  klass,
              const char       *name,
              const char       *start,
              const char       *stop)
{
  EbbMedicine *medicine = ebb_medicine_new ();

  medicine->patient_id = 1;
  medicine->klass = klass;
  medicine->name = g_strdup (name);
  medicine->start_day = ebb_date_parse_day (start, NULL);
  medicine->stop_day = stop != NULL ? ebb_date_parse_day (stop, NULL) : 0;
  g_ptr_array_add (medicines, medicine);
}

/* An esketamine session of 28 mg (one device: a dose warning) with every
 * field of its record filled and a discharge 90 minutes after the dose
 * (early); a ketamine infusion another day; two sessions on 2026-03-09. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  EbbSession *s;

  ebb_test_records_set_up (&f->base, data);
  g_free (f->base.patient->code);
  f->base.patient->code = g_strdup ("K-0042");

  s = ebb_test_add_session (f->base.sessions, "2026-03-02T09:30", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  s->route = EBB_ROUTE_INTRANASAL;
  s->drug = EBB_DRUG_ESKETAMINE;
  s->dose_mg = 28;
  s->lot = g_strdup ("LOT-7731");
  g_assert_true (ebb_clock_time_parse ("09:35", 0, &s->dose_time, NULL));
  g_assert_true (ebb_clock_time_parse ("11:05", 0, &s->discharge_time, NULL));
  s->sedation = (EbbObservedLevel) { EBB_LEVEL_MOAAS, 4, EBB_ANSWER_YES };
  s->dissociation = (EbbObservedLevel) { EBB_LEVEL_MODERATE, 0, EBB_ANSWER_NO };
  s->respiratory_spo2 = 91;
  s->respiratory_resolved = EBB_ANSWER_YES;
  s->effects = EBB_EFFECT_NAUSEA | EBB_EFFECT_HEADACHE | EBB_EFFECT_OTHER;
  s->other_effect = g_strdup ("tingling lips");
  s->ready_min = 85;
  s->vitals_ok_before = EBB_ANSWER_YES;
  s->vitals_ok_discharge = EBB_ANSWER_NO;
  s->transport_arranged = EBB_ANSWER_YES;
  s->monitored_by = g_strdup ("Nurse Ada Example");
  s->note = g_strdup ("Tolerated the second device well");
  g_clear_pointer (&s->readings, g_ptr_array_unref);
  add_reading (s, "09:20", TRUE, 150, 90, 78, 99, NULL);
  add_reading (s, "09:45", FALSE, 172, 104, 93, 96, NULL);
  add_reading (s, "10:15", FALSE, 158, 94, 86, 97, "felt dizzy standing");
  add_reading (s, "10:50", FALSE, 141, 87, 74, 98, NULL);

  s = ebb_test_add_session (f->base.sessions, "2026-03-05T14:00", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  s->route = EBB_ROUTE_IV;
  s->drug = EBB_DRUG_KETAMINE;
  s->dose_mg = 35;
  s->duration_min = 40;
  g_clear_pointer (&s->readings, g_ptr_array_unref);

  ebb_test_add_session (f->base.sessions, "2026-03-09T09:00", EBB_SESSION_DONE, EBB_PHASE_INDUCTION);
  ebb_test_add_session (f->base.sessions, "2026-03-09T15:30", EBB_SESSION_CANCELLED, EBB_PHASE_INDUCTION);

  ebb_test_add_rating (f->base.ratings, "2026-03-02T10:40", "CADSS", 18);
  ebb_test_add_rating (f->base.ratings, "2026-03-05T15:00", "CADSS", 7);
  ebb_test_add_rating (f->base.ratings, "2026-03-02T09:00", "MADRS", 44);

  f->medicines = g_ptr_array_new_with_free_func ((GDestroyNotify) ebb_medicine_free);
  add_medicine (f->medicines, EBB_MEDICINE_BENZODIAZEPINE, "lorazepam", "2026-01-10", NULL);
  add_medicine (f->medicines, EBB_MEDICINE_OTHER, "clonidine", "2026-02-20", "2026-03-04");
  add_medicine (f->medicines, EBB_MEDICINE_PSYCHOSTIMULANT, "methylphenidate", "2025-11-01", "2026-03-01");

  f->records = (EbbPatientRecords) { f->base.patient, f->base.sessions, f->base.ratings, NULL, NULL, f->medicines };
  f->tmpdir = g_dir_make_tmp ("ebb-session-record-XXXXXX", NULL);
  g_assert_nonnull (f->tmpdir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* EBB_TEST_KEEP_PAGES=1 keeps the pages, to look at them. */
  if (g_getenv ("EBB_TEST_KEEP_PAGES") != NULL)
    g_printerr ("pages kept in %s\n", f->tmpdir);
  else
    ebb_test_remove_tree (f->tmpdir);
  g_free (f->tmpdir);
  g_ptr_array_unref (f->medicines);
  ebb_test_records_tear_down (&f->base, data);
}

/* The text of a PDF, its runs of white space made one space: the page is
 * laid out in columns, and a phrase may wrap. */
static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", path, "-", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) space = g_regex_new ("\\s+", 0, 0, NULL);
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_regex_replace_literal (space, out, -1, 0, " ", 0, NULL);
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *out = NULL;
  const char *pages;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, NULL));
  pages = strstr (out, "Pages:");
  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

static gboolean
have_poppler (void)
{
  g_autofree char *text = g_find_program_in_path ("pdftotext");
  g_autofree char *info = g_find_program_in_path ("pdfinfo");

  if (text != NULL && info != NULL)
    return TRUE;
  g_test_skip ("pdftotext and pdfinfo (poppler-utils) are needed to read the page back");
  return FALSE;
}

static void
assert_has (const char *text,
            const char *wanted)
{
  if (strstr (text, wanted) == NULL)
    g_error ("“%s” is not on the page:\n%s", wanted, text);
}

static char *
export (Fixture        *f,
        const char     *when,
        EbbReportPaper  paper,
        const char     *name)
{
  g_autoptr(GError) error = NULL;
  const EbbSession *session = ebb_session_record_find (&f->records, when, &error);
  char *path = g_build_filename (f->tmpdir, name, NULL);

  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_true (ebb_session_record_export (&f->records, session, paper, path, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_every_value (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  static const char * const wanted[] = {
    /* who and when */
    "K-0042", "2026-03-02 09:30",
    /* the dose: 28 mg is one device, and not a dose of the label */
    "Esketamine", "Intranasal", "28 mg", "1 device of 28 mg", "LOT-7731",
    "An esketamine session gives 56 or 84 mg (2 or 3 devices), not 28 mg: check the dose",
    /* the readings, minutes after the dose at 09:35 */
    "09:20", "-15", "150/90", "78", "99",
    "09:45", "+10", "172/104", "93", "96",
    "10:15", "+40", "158/94", "86", "97",
    "10:50", "+75", "141/87", "74",
    "minutes after dosing",
    /* effects */
    "MOAA/S 4", "moderate", "not resolved before discharge", "lowest SpO₂ 91 %",
    "nausea", "headache", "tingling lips",
    /* observation */
    "09:35", "11:05", "90 minutes after dosing", "85 minutes after dosing",
    "Discharged 90 minutes after an intranasal dose", "at least 120 minutes",
    "Nurse Ada Example", "Transport home arranged",
    /* medicines taken that day, the day's CADSS, the notes */
    "lorazepam", "benzodiazepine", "clonidine", "18 of", "10:40",
    "Tolerated the second device well", "10:15: felt dizzy standing",
  };

  if (!have_poppler ())
    return;
  path = export (f, "2026-03-02", EBB_REPORT_PAPER_A4, "full.pdf");
  g_assert_cmpuint (pdf_pages (path), ==, 1);
  text = pdf_text (path);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    assert_has (text, wanted[i]);
  /* Stopped the day before; another day's CADSS; not a CADSS. */
  g_assert_null (strstr (text, "methylphenidate"));
  g_assert_null (strstr (text, "7 of"));
  g_assert_null (strstr (text, "MADRS"));
}

/* A ketamine infusion: its duration; nothing recorded says so, never a blank. */
static void
test_infusion_not_recorded (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (!have_poppler ())
    return;
  path = export (f, "2026-03-05T14:00", EBB_REPORT_PAPER_LETTER, "infusion.pdf");
  g_assert_cmpuint (pdf_pages (path), ==, 1);
  text = pdf_text (path);
  assert_has (text, "Ketamine");
  assert_has (text, "IV");
  assert_has (text, "35 mg");
  assert_has (text, "40 minutes");
  assert_has (text, "No readings recorded.");
  assert_has (text, "Monitored by not recorded");
  assert_has (text, "7 of");
  g_assert_null (strstr (text, "device"));
  g_assert_null (strstr (text, "after an intranasal dose"));
  /* Clonidine's last day was the day before. */
  assert_has (text, "lorazepam");
  g_assert_null (strstr (text, "clonidine"));
}

static void
test_formats (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *png = export (f, "2026-03-02", EBB_REPORT_PAPER_A4, "page.png");
  g_autofree char *svg = export (f, "2026-03-02", EBB_REPORT_PAPER_A4, "page.svg");
  g_autofree char *pdf = export (f, "2026-03-02", EBB_REPORT_PAPER_LETTER, "letter.pdf");
  g_autofree char *contents = NULL;
  gsize length;

  /* A4 at 150 dpi: 595 × 842 points are 1239.6 × 1754.2 pixels, rounded up. */
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (contents + 16)), ==, 1240);
  g_assert_cmpuint (GUINT32_FROM_BE (*(const guint32 *) (contents + 20)), ==, 1755);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (svg, &contents, &length, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  g_assert_nonnull (memmem (contents, length, "/MediaBox [ 0 0 612 792 ]", 25));
}

/* Forty readings and a long note still make one page: the table keeps the
 * first readings and the last and says how many it left out between, the
 * note is cut with "…" above the footer. */
static void
test_crowded (Fixture       *f,
              gconstpointer  data)
{
  EbbSession *session = g_ptr_array_index (f->base.sessions, 0);
  g_autoptr(GString) note = g_string_new (NULL);
  g_autoptr(GRegex) left_out = g_regex_new ("… [0-9]+ readings not shown", 0, 0, NULL);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  if (!have_poppler ())
    return;
  g_ptr_array_set_size (session->readings, 0);
  for (int i = 0; i < 40; i++)
    {
      g_autofree char *time = g_strdup_printf ("%02d:%02d", 9 + (i * 2) / 60, (i * 2) % 60);
      add_reading (session, time, i < 2, 140 + i % 7, 85 + i % 5, 70 + i % 9, 97, NULL);
    }
  for (int i = 0; i < 2000; i++)
    g_string_append_printf (note, "word%d ", i);
  g_string_append (note, "LASTWORD");
  g_free (session->note);
  session->note = g_string_free (g_steal_pointer (&note), FALSE);

  path = export (f, "2026-03-02", EBB_REPORT_PAPER_LETTER, "crowded.pdf");
  g_assert_cmpuint (pdf_pages (path), ==, 1);
  text = pdf_text (path);
  assert_has (text, "09:00");
  assert_has (text, "10:18");
  g_assert_null (strstr (text, "09:40"));
  g_assert_true (g_regex_match (left_out, text, 0, NULL));
  assert_has (text, "word0");
  /* The footer is still there, under the cut note.  (The ellipsis stands
   * for the words cut, and cairo gives it their text in the PDF: the
   * whole note is read back, so the cut is not tested here.) */
  assert_has (text, "Generated by Ebb");
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const EbbSession *session;

  session = ebb_session_record_find (&f->records, "2026-03-09T15:30", &error);
  g_assert_no_error (error);
  g_assert_cmpint (session->status, ==, EBB_SESSION_CANCELLED);

  g_assert_null (ebb_session_record_find (&f->records, "2026-03-09", &error));
  g_assert_error (error, EBB_SESSION_RECORD_ERROR, EBB_SESSION_RECORD_ERROR_AMBIGUOUS);
  g_assert_cmpstr (error->message, ==,
                   "K-0042 had 2 sessions on 2026-03-09, at 09:00, 15:30: give the time, as in 2026-03-09T09:30");
  g_clear_error (&error);

  g_assert_null (ebb_session_record_find (&f->records, "2026-03-09T12:00", &error));
  g_assert_error (error, EBB_SESSION_RECORD_ERROR, EBB_SESSION_RECORD_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "K-0042 has no session at 12:00 on 2026-03-09; that day: 09:00, 15:30");
  g_clear_error (&error);

  g_assert_null (ebb_session_record_find (&f->records, "2026-03-03", &error));
  g_assert_error (error, EBB_SESSION_RECORD_ERROR, EBB_SESSION_RECORD_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "K-0042 has no session on 2026-03-03");
  g_clear_error (&error);

  g_assert_null (ebb_session_record_find (&f->records, "2026-02-30", &error));
  g_assert_error (error, EBB_DATE_ERROR, EBB_DATE_ERROR_INVALID);
  g_clear_error (&error);

  /* Two at the same minute: the time cannot choose either. */
  ebb_test_add_session (f->base.sessions, "2026-03-09T09:00", EBB_SESSION_MISSED, EBB_PHASE_INDUCTION);
  g_assert_null (ebb_session_record_find (&f->records, "2026-03-09T09:00", &error));
  g_assert_error (error, EBB_SESSION_RECORD_ERROR, EBB_SESSION_RECORD_ERROR_AMBIGUOUS);
  g_assert_cmpstr (error->message, ==,
                   "K-0042 had 2 sessions at 09:00 on 2026-03-09: export the one you mean from the window");
}

/* A file that cannot be written is an error naming it, and leaves nothing. */
static void
test_write_error (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->tmpdir, "missing", "r.pdf", NULL);
  const EbbSession *session = ebb_session_record_find (&f->records, "2026-03-02", NULL);

  g_assert_false (ebb_session_record_export (&f->records, session, EBB_REPORT_PAPER_A4, path, &error));
  g_assert_error (error, EBB_CHART_ERROR, EBB_CHART_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/session-record-page/every-value", test_every_value);
  ADD ("/session-record-page/infusion", test_infusion_not_recorded);
  ADD ("/session-record-page/crowded", test_crowded);
  ADD ("/session-record-page/formats", test_formats);
  ADD ("/session-record-page/find", test_find);
  ADD ("/session-record-page/write-error", test_write_error);
#undef ADD

  return g_test_run ();
}
