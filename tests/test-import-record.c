/* test-import-record.c — the session record in the CSV files (issue 13)
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sessions file's new columns, the readings and medicines files: good
 * values stored as they were written, each bad one a problem of its file,
 * line and column with nothing written, and an export that imports back
 * to the same files.  Expected values are written by hand from
 * docs/clinical-rules.md §7.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "ebb-export.h"
#include "ebb-import.h"
#include "ebb-test-utils.h"

typedef EbbTestClinic Fixture;

static char *
write_file (const Fixture *f,
            const char    *name,
            const char    *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static EbbStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  EbbStore *store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &error);

  g_assert_no_error (error);
  return store;
}

/* Imports @paths expecting exactly @expected as problems (with @dir/ in
 * front of each), or success when it is empty. */
static void
import_expecting (EbbStore           *store,
                  const char         *dir,
                  const char * const *paths,
                  const char * const *expected,
                  EbbImportStats     *stats,
                  GPtrArray          *warnings)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint n = g_strv_length ((char **) expected);
  gboolean ok;

  ok = ebb_import_files_full (store, paths, stats, problems, warnings, &error);
  for (guint i = 0; i < MIN (n, problems->len); i++)
    {
      g_autofree char *want = g_strdup_printf ("%s/%s", dir, expected[i]);

      g_assert_cmpstr (g_ptr_array_index (problems, i), ==, want);
    }
  g_assert_cmpuint (problems->len, ==, n);
  if (n == 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_error (error, EBB_IMPORT_ERROR, EBB_IMPORT_ERROR_INVALID);
      g_assert_false (ok);
    }
}

static const char patients_csv[] =
  "patient,name\n"
  "K-1,Ann\n"
  "K-2,Ben\n";

static const char sessions_csv[] =
  "patient,date,status,phase,route,dose_mg,bp_before,bp_after,drug,duration_min,lot,dose_time,"
  "discharge_time,sedation,dissociation,respiratory,effects,other_effect,ready_min,"
  "vitals_ok_before,vitals_ok_discharge,transport_arranged,monitored_by\n"
  "K-1,2026-03-02T09:30,done,induction,intranasal,84,,,esketamine,,L-0291,09:40,11:45,"
  "moaas:4;resolved,Moderate;unresolved,spo2:91;resolved,nausea headache,tingling lips,95,"
  "yes,no,yes,N. Okafor\n"
  "K-1,2026-03-09,done,induction,iv,40,128/82,,ketamine,40,,10:00,11:00,none,mild,none,,,,,,,\n"
  "K-2,2026-03-03,done,induction,intranasal,70,,,esketamine,,,,,,,,,,,,,,\n";

static const char readings_csv[] =
  "patient,session_date,time,bp,heart_rate,spo2,note\n"
  /* before the dose time 09:40, so before dosing */
  "K-1,2026-03-02,09:25,132/84,72,98,\n"
  "K-1,2026-03-02,10:20,176/104,,,40 min\n"
  "K-1,2026-03-02T09:30,11:30,,88,96,\n"
  /* the session of 03-09 has a dose time of 10:00 */
  "K-1,2026-03-09,10:40,170/100,,,\n";

/* Every new column of a sessions file and a readings file, stored as
 * written; an esketamine dose of 70 mg saved with a warning. */
static void
test_good (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_store (f->path);
  g_autofree char *p = write_file (f, "patients.csv", patients_csv);
  g_autofree char *s = write_file (f, "sessions.csv", sessions_csv);
  g_autofree char *r = write_file (f, "readings.csv", readings_csv);
  const char *paths[] = { r, s, p, NULL };
  const char *none[] = { NULL };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  EbbImportStats stats;
  const EbbSession *x;
  const EbbReading *reading;

  import_expecting (store, f->dir, paths, none, &stats, warnings);
  g_assert_cmpuint (stats.sessions_added, ==, 3);
  /* 1 from bp_before, 4 from the readings file */
  g_assert_cmpuint (stats.readings_added, ==, 5);
  g_assert_cmpuint (warnings->len, ==, 1);
  warning = g_strdup_printf ("%s:4: dose_mg: An esketamine session gives 56 or 84 mg (2 or 3 devices), "
                             "not 70 mg: check the dose", s);
  g_assert_cmpstr (g_ptr_array_index (warnings, 0), ==, warning);

  sessions = ebb_store_list_sessions (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 3);
  x = g_ptr_array_index (sessions, 0);
  g_assert_cmpint (x->drug, ==, EBB_DRUG_ESKETAMINE);
  g_assert_cmpint (x->duration_min, ==, 0);
  g_assert_cmpstr (x->lot, ==, "L-0291");
  g_assert_cmpint (x->dose_time, ==, 9 * 3600 + 40 * 60);
  g_assert_cmpint (x->discharge_time, ==, 11 * 3600 + 45 * 60);
  g_assert_cmpint (x->sedation.level, ==, EBB_LEVEL_MOAAS);
  g_assert_cmpint (x->sedation.moaas, ==, 4);
  g_assert_cmpint (x->sedation.resolved, ==, EBB_ANSWER_YES);
  g_assert_cmpint (x->dissociation.level, ==, EBB_LEVEL_MODERATE);
  g_assert_cmpint (x->dissociation.resolved, ==, EBB_ANSWER_NO);
  g_assert_cmpint (x->respiratory_spo2, ==, 91);
  g_assert_cmpint (x->respiratory_resolved, ==, EBB_ANSWER_YES);
  /* other_effect makes "other" one of the effects */
  g_assert_cmpint (x->effects, ==, EBB_EFFECT_NAUSEA | EBB_EFFECT_HEADACHE | EBB_EFFECT_OTHER);
  g_assert_cmpstr (x->other_effect, ==, "tingling lips");
  g_assert_cmpint (x->ready_min, ==, 95);
  g_assert_cmpint (x->vitals_ok_before, ==, EBB_ANSWER_YES);
  g_assert_cmpint (x->vitals_ok_discharge, ==, EBB_ANSWER_NO);
  g_assert_cmpint (x->transport_arranged, ==, EBB_ANSWER_YES);
  g_assert_cmpstr (x->monitored_by, ==, "N. Okafor");
  /* 09:40 to 11:45 is 125 minutes: not early */
  g_assert_false (ebb_session_discharged_early (x, NULL));

  g_assert_cmpuint (x->readings->len, ==, 3);
  reading = g_ptr_array_index (x->readings, 0);
  g_assert_cmpint (reading->time, ==, 9 * 3600 + 25 * 60);
  g_assert_true (reading->pre_dose);
  g_assert_cmpint (reading->systolic, ==, 132);
  g_assert_cmpint (reading->diastolic, ==, 84);
  g_assert_cmpint (reading->heart_rate, ==, 72);
  g_assert_cmpint (reading->spo2, ==, 98);
  g_assert_null (reading->note);
  reading = g_ptr_array_index (x->readings, 1);
  g_assert_false (reading->pre_dose);
  g_assert_cmpint (reading->systolic, ==, 176);
  g_assert_cmpstr (reading->note, ==, "40 min");
  reading = g_ptr_array_index (x->readings, 2);
  g_assert_false (reading->pre_dose);
  g_assert_cmpint (reading->systolic, ==, 0);
  g_assert_cmpint (reading->heart_rate, ==, 88);
  g_assert_cmpint (reading->spo2, ==, 96);

  x = g_ptr_array_index (sessions, 1);
  g_assert_cmpint (x->drug, ==, EBB_DRUG_KETAMINE);
  g_assert_cmpint (x->duration_min, ==, 40);
  g_assert_cmpint (x->sedation.level, ==, EBB_LEVEL_NONE);
  g_assert_cmpint (x->sedation.resolved, ==, EBB_ANSWER_NOT_RECORDED);
  g_assert_cmpint (x->dissociation.level, ==, EBB_LEVEL_MILD);
  g_assert_cmpint (x->respiratory_spo2, ==, 0);
  g_assert_cmpint (x->effects, ==, 0);
  g_assert_cmpint (x->ready_min, ==, -1);
  g_assert_cmpint (x->vitals_ok_before, ==, EBB_ANSWER_NOT_RECORDED);
  g_assert_null (x->monitored_by);
  g_assert_cmpuint (x->readings->len, ==, 2);
  /* bp_before: before dosing, without a time, first */
  reading = g_ptr_array_index (x->readings, 0);
  g_assert_true (reading->pre_dose);
  g_assert_cmpint (reading->time, ==, -1);
  g_assert_cmpint (reading->systolic, ==, 128);
  /* 10:40 is after the dose at 10:00 */
  reading = g_ptr_array_index (x->readings, 1);
  g_assert_false (reading->pre_dose);
  g_assert_cmpint (reading->systolic, ==, 170);

  x = g_ptr_array_index (sessions, 2);
  g_assert_cmpfloat (x->dose_mg, ==, 70);
  g_assert_cmpuint (x->readings->len, ==, 0);

  /* The same files again add nothing: 3 sessions and 4 readings are
   * duplicates (the bp_before reading goes with its session). */
  g_ptr_array_set_size (warnings, 0);
  import_expecting (store, f->dir, paths, none, &stats, warnings);
  g_assert_cmpuint (stats.sessions_added, ==, 0);
  g_assert_cmpuint (stats.readings_added, ==, 0);
  g_assert_cmpuint (stats.duplicates_skipped, ==, 3 + 4);
  g_assert_cmpuint (warnings->len, ==, 0);
}

/* Each bad value of the sessions file's new columns, said where it is;
 * nothing written. */
static void
test_bad_sessions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_store (f->path);
  g_autofree char *s = write_file (f, "sessions.csv",
    "patient,date,status,phase,route,drug,duration_min,dose_time,discharge_time,sedation,dissociation,"
    "respiratory,effects,ready_min,vitals_ok_before,vitals_ok_discharge,transport_arranged\n"
    "K-1,2026-04-02,done,induction,iv,ketamin,0,10:00,09:30,moaas:7,moaas:2,spo2:101,itch,-5,maybe,,\n"
    "K-1,2026-04-03,done,induction,iv,,1441,25:00,2026-04-04T11:00,drowsy,mild;gone,some,,,,no,Y\n");
  const char *paths[] = { s, NULL };
  const char *want[] = {
    "sessions.csv:2: drug: “ketamin” is not a drug: use ketamine or esketamine",
    "sessions.csv:2: duration_min: “0” is not plausible here: use a whole number from 1 to 1440 "
      "(minutes of infusion)",
    "sessions.csv:2: discharge_time: the discharge at 09:30 is before the dose at 10:00: check the two times",
    "sessions.csv:2: sedation: “moaas:7” is not a level: use none, mild, moderate, severe or moaas:0 to "
      "moaas:5, then ;resolved or ;unresolved if that was recorded",
    "sessions.csv:2: dissociation: “moaas:2” is not a level: use none, mild, moderate or severe, then "
      ";resolved or ;unresolved if that was recorded",
    "sessions.csv:2: respiratory: “spo2:101” is not a respiratory depression: use none, or spo2: and the "
      "lowest saturation (50–100), as in spo2:88, then ;resolved or ;unresolved if that was recorded",
    "sessions.csv:2: effects: “itch” is not an effect: use nausea, vomiting, headache, dizziness, anxiety, "
      "raised-bp or other, separated by spaces",
    "sessions.csv:2: ready_min: “-5” is not plausible here: use a whole number from 0 to 1440 "
      "(minutes after dosing)",
    "sessions.csv:2: vitals_ok_before: “maybe” is not an answer: use yes or no, or leave it empty",
    "sessions.csv:3: duration_min: “1441” is not plausible here: use a whole number from 1 to 1440 "
      "(minutes of infusion)",
    "sessions.csv:3: dose_time: “25:00” is not a time: write HH:MM, as in 09:40",
    "sessions.csv:3: discharge_time: “2026-04-04T11:00” is not on the session's day, 2026-04-03: "
      "give a time on that day",
    "sessions.csv:3: sedation: “drowsy” is not a level: use none, mild, moderate, severe or moaas:0 to "
      "moaas:5, then ;resolved or ;unresolved if that was recorded",
    "sessions.csv:3: dissociation: “mild;gone” is not a level: use none, mild, moderate or severe, then "
      ";resolved or ;unresolved if that was recorded",
    "sessions.csv:3: respiratory: “some” is not a respiratory depression: use none, or spo2: and the "
      "lowest saturation (50–100), as in spo2:88, then ;resolved or ;unresolved if that was recorded",
    "sessions.csv:3: transport_arranged: “Y” is not an answer: use yes or no, or leave it empty",
    NULL
  };
  g_autoptr(GPtrArray) all = NULL;

  import_expecting (store, f->dir, paths, want, NULL, NULL);
  all = ebb_store_list_patients (store, NULL);
  g_assert_cmpuint (all->len, ==, 0);
}

/* Each bad row of a readings file; a reading of a session that a problem
 * kept from being written is not said to be of an unknown one. */
static void
test_bad_readings (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_store (f->path);
  g_autofree char *p = write_file (f, "patients.csv", patients_csv);
  g_autofree char *s = write_file (f, "sessions.csv",
    "patient,date,status,phase,route,dose_time\n"
    "K-1,2026-03-02,done,induction,iv,09:40\n"
    "K-1,2026-03-09,done,induction,iv,\n"
    "K-1,2026-03-16,done,induction,iv,\n"
    "K-1,2026-03-16T14:00,cancelled,induction,iv,\n"
    "K-1,2026-03-16T15:00,missed,induction,iv,\n"
    "K-2,2026-03-23,scheduled,induction,iv,\n"
    "K-2,2026-03-24,done,induction,iv,\n"
    "K-2,2026-03-24T16:00,done,induction,iv,\n");
  g_autofree char *r = write_file (f, "readings.csv",
    "patient,session_date,time,bp,heart_rate,spo2,pre_dose\n"
    "K-1,2026-03-02,09:20,80/120,0,101,maybe\n"
    "K-1,2026-03-02,09:20,300/20,251,49,\n"
    "K-1,2026-03-03,09:20,120/80,,,\n"
    "K-1,2026-03-02,2026-03-03T10:00,120/80,,,yes\n"
    "K-1,2026-03-09,,120/80,,,\n"
    "K-9,2026-03-09,,120/80,,,yes\n"
    "K-1,2026-03-02,,,,,yes\n"
    "K-1,2026-03-02,09:20,128-82,,,\n"
    "K-1,2026-03-16,09:20,120/80,,,yes\n"
    "K-2,2026-03-24,09:20,120/80,,,yes\n"
    "K-1,2026-31-02,09:20,120/80,,,yes\n");
  const char *paths[] = { p, s, r, NULL };
  const char *want[] = {
    "readings.csv:2: bp: Blood pressure 80/120 is not plausible: the systolic, written first, must be above the "
      "diastolic (were they swapped?)",
    "readings.csv:2: heart_rate: “0” is not plausible here: use a whole number from 20 to 250 (beats a minute)",
    "readings.csv:2: spo2: “101” is not plausible here: use a whole number from 50 to 100 (percent saturation)",
    "readings.csv:2: pre_dose: “maybe” is not an answer: use yes or no, or leave it empty",
    "readings.csv:3: bp: Blood pressure 300/20 is not plausible: systolic and diastolic are 280 apart, and "
      "at most 200 is",
    "readings.csv:3: heart_rate: “251” is not plausible here: use a whole number from 20 to 250 (beats a minute)",
    "readings.csv:3: spo2: “49” is not plausible here: use a whole number from 50 to 100 (percent saturation)",
    "readings.csv:4: session_date: no session of K-1 on 2026-03-03: a reading belongs to a session in the "
      "clinic or in a sessions file of this import",
    "readings.csv:5: time: “2026-03-03T10:00” is not on the session's day, 2026-03-02: give a time on that day",
    "readings.csv:6: pre_dose: whether the reading was taken before dosing cannot be told: write yes or no in "
      "pre_dose, or give the reading's time and the session's dose_time",
    "readings.csv:7: session_date: no session of K-9 on 2026-03-09: a reading belongs to a session in the "
      "clinic or in a sessions file of this import",
    "readings.csv:8: bp: a reading needs a blood pressure, a heart rate or a saturation",
    "readings.csv:9: bp: “128-82” is not a blood pressure: use SYSTOLIC/DIASTOLIC in mmHg, e.g. 128/82",
    "readings.csv:11: session_date: K-2 has 2 sessions on 2026-03-24: give the session's time too, "
      "as in 2026-03-24T09:30",
    "readings.csv:12: session_date: “2026-31-02” is not a valid date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM",
    NULL
  };
  g_autoptr(GPtrArray) all = NULL;

  /* Line 10: three sessions on 03-16, one done: that one (no problem). */
  import_expecting (store, f->dir, paths, want, NULL, NULL);
  all = ebb_store_list_patients (store, NULL);
  g_assert_cmpuint (all->len, ==, 0);
}

/* A sessions row with a problem is not written; its readings are checked
 * but not said to be of an unknown session. */
static void
test_readings_after_a_problem (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_store (f->path);
  g_autofree char *s = write_file (f, "sessions.csv",
    "patient,date,status,phase,route,drug\n"
    "K-1,2026-03-02,done,induction,iv,ketamin\n");
  g_autofree char *r = write_file (f, "readings.csv",
    "patient,session_date,time,bp,pre_dose\n"
    "K-1,2026-03-02,09:20,120/80,yes\n"
    "K-1,2026-03-03,09:20,120/80,yes\n");
  const char *paths[] = { s, r, NULL };
  const char *want[] = {
    "sessions.csv:2: drug: “ketamin” is not a drug: use ketamine or esketamine",
    "readings.csv:3: session_date: no session of K-1 on 2026-03-03: a reading belongs to a session in the "
      "clinic or in a sessions file of this import",
    NULL
  };

  import_expecting (store, f->dir, paths, want, NULL, NULL);
}

static void
test_medicines (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_store (f->path);
  g_autofree char *p = write_file (f, "patients.csv", patients_csv);
  g_autofree char *m = write_file (f, "medicines.csv",
    "patient,class,name,start,stop\n"
    "K-1,Benzodiazepine, lorazepam ,2026-02-01,2026-03-15\n"
    "K-1,mao-inhibitor,phenelzine,2026-03-10,\n"
    "K-3,opioid,tramadol,2026-01-05,\n");
  g_autofree char *bad = write_file (f, "bad.csv",
    "patient,class,name,start,stop\n"
    "K-1,ssri,sertraline,2026-02-01,\n"
    "K-1,opioid,,2026-02-01,\n"
    "K-1,opioid,codeine,,\n"
    "K-1,opioid,codeine,2026-02-30,\n"
    "K-1,opioid,codeine,2026-03-10,2026-03-09\n");
  const char *paths[] = { m, p, NULL };
  const char *bad_paths[] = { bad, NULL };
  const char *none[] = { NULL };
  const char *want[] = {
    "bad.csv:2: class: “ssri” is not a class of medicine: use benzodiazepine, sedative-hypnotic, opioid, "
      "psychostimulant, mao-inhibitor or other",
    "bad.csv:3: name: a value is required",
    "bad.csv:4: start: a value is required",
    "bad.csv:5: start: “2026-02-30” is not a valid date: use YYYY-MM-DD",
    "bad.csv:6: stop: the medicine was stopped before it was started: check the two days",
    NULL
  };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  EbbImportStats stats;
  const EbbMedicine *x;

  import_expecting (store, f->dir, paths, none, &stats, NULL);
  g_assert_cmpuint (stats.medicines_added, ==, 3);
  /* an unknown patient is created, as by a sessions file */
  g_assert_cmpuint (stats.patients_added, ==, 3);
  list = ebb_store_list_medicines (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  x = g_ptr_array_index (list, 0);
  g_assert_cmpint (x->klass, ==, EBB_MEDICINE_BENZODIAZEPINE);
  g_assert_cmpstr (x->name, ==, "lorazepam");
  g_assert_cmpint (x->start_day, ==, ebb_date_from_ymd (2026, 2, 1));
  g_assert_cmpint (x->stop_day, ==, ebb_date_from_ymd (2026, 3, 15));
  x = g_ptr_array_index (list, 1);
  g_assert_cmpint (x->klass, ==, EBB_MEDICINE_MAO_INHIBITOR);
  g_assert_cmpint (x->stop_day, ==, 0);

  /* Again: duplicates, nothing added. */
  import_expecting (store, f->dir, paths, none, &stats, NULL);
  g_assert_cmpuint (stats.medicines_added, ==, 0);
  g_assert_cmpuint (stats.duplicates_skipped, ==, 3);

  import_expecting (store, f->dir, bad_paths, want, NULL, NULL);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = ebb_store_list_medicines (store, 0, &error);
  g_assert_cmpuint (list->len, ==, 3);
}

/* An events file: kinds in any case, an unknown patient created, exact
 * duplicates skipped; a bad file writes nothing, whatever its good rows. */
static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(EbbStore) store = open_store (f->path);
  g_autofree char *p = write_file (f, "patients.csv", patients_csv);
  g_autofree char *e = write_file (f, "events.csv",
    "patient,date,kind,text\n"
    "K-1,2026-03-10,Medication, sertraline raised to 100 mg \n"
    "K-1,2026-02-20,suicide-attempt,overdose of paracetamol\n"
    "K-1,2026-02-20,suicide-attempt,overdose of paracetamol\n"
    "K-1,2026-02-20,suicide-attempt,Overdose of paracetamol\n"
    "K-3,2026-01-05,hospitalisation,admitted for two weeks\n");
  g_autofree char *long_text = g_strnfill (201, 'x');
  g_autofree char *bad_csv = g_strdup_printf (
    "text,kind,date,patient\n"
    "funeral of her father,life-event,2026-03-01,K-2\n"
    "holiday,holiday,2026-03-01,K-2\n"
    ",other,2026-03-01,K-2\n"
    "new job,life-event,,K-2\n"
    "new job,life-event,2026-13-01,K-2\n"
    "%s,other,2026-03-01,K-2\n", long_text);
  g_autofree char *bad = write_file (f, "bad.csv", bad_csv);
  const char *paths[] = { e, p, NULL };
  const char *bad_paths[] = { bad, NULL };
  const char *none[] = { NULL };
  const char *want[] = {
    "bad.csv:3: kind: “holiday” is not a kind of event: use medication, hospitalisation, "
      "suicide-attempt, life-event or other",
    "bad.csv:4: text: a value is required",
    "bad.csv:5: date: a value is required",
    "bad.csv:6: date: “2026-13-01” is not a valid date: use YYYY-MM-DD",
    "bad.csv:7: text: 201 characters: an event's text may have at most 200; "
      "a longer account belongs in the patient's notes",
    NULL
  };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  EbbImportStats stats;
  const EbbEvent *x;

  import_expecting (store, f->dir, paths, none, &stats, NULL);
  /* The repeated row is one event; another case of its words is another. */
  g_assert_cmpuint (stats.events_added, ==, 4);
  g_assert_cmpuint (stats.duplicates_skipped, ==, 1);
  /* an unknown patient is created, as by a medicines file */
  g_assert_cmpuint (stats.patients_added, ==, 3);
  list = ebb_store_list_events (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  x = g_ptr_array_index (list, 0);
  g_assert_cmpint (x->kind, ==, EBB_EVENT_SUICIDE_ATTEMPT);
  g_assert_cmpint (x->day, ==, ebb_date_from_ymd (2026, 2, 20));
  g_assert_cmpstr (x->text, ==, "overdose of paracetamol");
  x = g_ptr_array_index (list, 2);
  g_assert_cmpint (x->kind, ==, EBB_EVENT_MEDICATION);
  g_assert_cmpint (x->day, ==, ebb_date_from_ymd (2026, 3, 10));
  g_assert_cmpstr (x->text, ==, "sertraline raised to 100 mg");
  x = g_ptr_array_index (list, 3);
  g_assert_cmpint (x->kind, ==, EBB_EVENT_HOSPITALISATION);
  g_assert_cmpint (x->day, ==, ebb_date_from_ymd (2026, 1, 5));

  /* Again: duplicates of what is stored, nothing added. */
  import_expecting (store, f->dir, paths, none, &stats, NULL);
  g_assert_cmpuint (stats.events_added, ==, 0);
  g_assert_cmpuint (stats.duplicates_skipped, ==, 5);

  /* Columns in any order; the good first row is not written either. */
  import_expecting (store, f->dir, bad_paths, want, NULL, NULL);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = ebb_store_list_events (store, 0, &error);
  g_assert_cmpuint (list->len, ==, 4);
}

/* Export, import into a new clinic, export again: the same six files,
 * every field of the record in them. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const names[] = {
    "patients.csv", "sessions.csv", "scores.csv", "readings.csv", "medicines.csv", "events.csv"
  };
  g_autoptr(EbbStore) store = open_store (f->path);
  g_autoptr(EbbStore) second = NULL;
  g_autofree char *p = write_file (f, "patients.csv", patients_csv);
  g_autofree char *s = write_file (f, "sessions.csv", sessions_csv);
  g_autofree char *r = write_file (f, "readings.csv", readings_csv);
  g_autofree char *m = write_file (f, "medicines.csv",
    "patient,class,name,start,stop\n"
    "K-1,benzodiazepine,lorazepam,2026-02-01,2026-03-15\n");
  g_autofree char *e = write_file (f, "events.csv",
    "patient,date,kind,text\n"
    "K-2,2026-03-01,other,\"moved in with her sister; \"\"better\"\"\"\n"
    "K-1,2026-02-20,hospitalisation,admitted\n");
  g_autofree char *out1 = g_build_filename (f->dir, "out1", NULL);
  g_autofree char *out2 = g_build_filename (f->dir, "out2", NULL);
  g_autofree char *db2 = g_build_filename (f->dir, "second.db", NULL);
  const char *paths[] = { p, s, r, m, e, NULL };
  const char *none[] = { NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *readings = NULL;
  g_autofree char *medicines = NULL;

  import_expecting (store, f->dir, paths, none, NULL, NULL);
  g_assert_cmpint (g_mkdir (out1, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (out2, 0700), ==, 0);
  g_assert_true (ebb_export_csv (store, out1, &error));
  g_assert_no_error (error);

  sessions = read_text (out1, "sessions.csv");
  g_assert_cmpstr (sessions, ==,
                   "patient,date,status,phase,route,dose_mg,note,drug,duration_min,lot,dose_time,"
                   "discharge_time,sedation,dissociation,respiratory,effects,other_effect,ready_min,"
                   "vitals_ok_before,vitals_ok_discharge,transport_arranged,monitored_by\n"
                   "K-1,2026-03-02T09:30,done,induction,intranasal,84,,esketamine,,L-0291,09:40,11:45,"
                   "moaas:4;resolved,moderate;unresolved,spo2:91;resolved,nausea headache,tingling lips,95,"
                   "yes,no,yes,N. Okafor\n"
                   "K-1,2026-03-09,done,induction,iv,40,,ketamine,40,,10:00,11:00,none,mild,none,,,,,,,\n"
                   "K-2,2026-03-03,done,induction,intranasal,70,,esketamine,,,,,,,,,,,,,,\n");
  readings = read_text (out1, "readings.csv");
  g_assert_cmpstr (readings, ==,
                   "patient,session_date,time,bp,heart_rate,spo2,pre_dose,note\n"
                   "K-1,2026-03-02T09:30,09:25,132/84,72,98,yes,\n"
                   "K-1,2026-03-02T09:30,10:20,176/104,,,no,40 min\n"
                   "K-1,2026-03-02T09:30,11:30,,88,96,no,\n"
                   "K-1,2026-03-09,,128/82,,,yes,\n"
                   "K-1,2026-03-09,10:40,170/100,,,no,\n");
  medicines = read_text (out1, "medicines.csv");
  g_assert_cmpstr (medicines, ==,
                   "patient,class,name,start,stop\n"
                   "K-1,benzodiazepine,lorazepam,2026-02-01,2026-03-15\n");
  events = read_text (out1, "events.csv");
  g_assert_cmpstr (events, ==,
                   "patient,date,kind,text\n"
                   "K-1,2026-02-20,hospitalisation,admitted\n"
                   "K-2,2026-03-01,other,\"moved in with her sister; \"\"better\"\"\"\n");

  second = open_store (db2);
  {
    g_auto(GStrv) exported = g_new0 (char *, G_N_ELEMENTS (names) + 1);

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      exported[i] = g_build_filename (out1, names[i], NULL);
    import_expecting (second, f->dir, (const char * const *) exported, none, NULL, NULL);
  }
  g_assert_true (ebb_export_csv (second, out2, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *a = read_text (out1, names[i]);
      g_autofree char *b = read_text (out2, names[i]);

      g_assert_cmpstr (a, ==, b);
    }
}

int
main (int   argc,
      char *argv[])
{
  ebb_test_init_backend (argc, argv);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, ebb_test_clinic_set_up, func, ebb_test_clinic_tear_down)

  ADD ("/import-record/good", test_good);
  ADD ("/import-record/bad-sessions", test_bad_sessions);
  ADD ("/import-record/bad-readings", test_bad_readings);
  ADD ("/import-record/readings-after-a-problem", test_readings_after_a_problem);
  ADD ("/import-record/medicines", test_medicines);
  ADD ("/import-record/events", test_events);
  ADD ("/import-record/round-trip", test_round_trip);

#undef ADD

  return g_test_run ();
}
