/* trust-helper.c — a small program the trust tests run and kill
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   trust-helper hold DB          open DB, print "ready", wait for stdin to close;
 *                                 a line "add CODE" adds patient CODE, then
 *                                 prints "added"
 *   trust-helper idle DB          open DB with SQLite alone, as another program
 *                                 would, and read nothing: print "ready", then
 *                                 for a line "write CODE" insert patient CODE
 *                                 with SQL and print "written"; close when
 *                                 stdin closes
 *   trust-helper write-and-die DB CODE
 *                                 add patient CODE, then end without closing
 *                                 DB (its -wal stays behind, as after a crash)
 *   trust-helper edits DB         add ratings and change the patient, one
 *                                 transaction each, forever, printing
 *                                 "saved N" after each commit
 *
 * Edits are numbered on from the highest number already in DB, so a run
 * that was killed can be followed by another one on the same file.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ebb-store.h"

#define EDITS_PATIENT "E-0001"

static EbbStore *
open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  EbbStore *store = ebb_store_open (path, EBB_STORE_OPEN_CREATE, &error);

  if (store == NULL)
    {
      fprintf (stderr, "trust-helper: %s\n", error->message);
      exit (2);
    }
  return store;
}

static void
fail (GError *error)
{
  fprintf (stderr, "trust-helper: %s\n", error->message);
  exit (2);
}

static int
hold (const char *path)
{
  g_autoptr(EbbStore) store = open_store (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) patients = ebb_store_list_patients (store, &error);
  char buffer[64];

  if (patients == NULL)
    fail (error);
  printf ("ready\n");
  fflush (stdout);
  while (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      g_autoptr(EbbPatient) patient = NULL;

      if (!g_str_has_prefix (buffer, "add "))
        continue;
      g_strchomp (buffer);
      patient = ebb_patient_new (buffer + 4, "Added while the clinic was restored");
      if (!ebb_store_add_patient (store, patient, &error))
        fail (g_steal_pointer (&error));
      printf ("added\n");
      fflush (stdout);
    }
  return 0;
}

/* Another program with the clinic open and idle: the connection is opened
 * and has read nothing, so it holds no lock at all until it writes. */
static int
idle (const char *path)
{
  sqlite3 *db = NULL;
  char buffer[64];

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      fprintf (stderr, "trust-helper: %s\n", sqlite3_errmsg (db));
      exit (2);
    }
  sqlite3_busy_timeout (db, 5000);
  printf ("ready\n");
  fflush (stdout);
  while (fgets (buffer, sizeof buffer, stdin) != NULL)
    {
      sqlite3_stmt *stmt = NULL;

      if (!g_str_has_prefix (buffer, "write "))
        continue;
      g_strchomp (buffer);
      if (sqlite3_prepare_v2 (db, "INSERT INTO patient (code, name) VALUES (?1, 'Written by another program')",
                              -1, &stmt, NULL) != SQLITE_OK ||
          sqlite3_bind_text (stmt, 1, buffer + 6, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
          sqlite3_step (stmt) != SQLITE_DONE)
        {
          fprintf (stderr, "trust-helper: %s\n", sqlite3_errmsg (db));
          exit (2);
        }
      sqlite3_finalize (stmt);
      printf ("written\n");
      fflush (stdout);
    }
  sqlite3_close (db);
  return 0;
}

static int
write_and_die (const char *path,
               const char *code)
{
  EbbStore *store = open_store (path);
  g_autoptr(EbbPatient) patient = ebb_patient_new (code, "Written, then crashed");
  GError *error = NULL;

  if (!ebb_store_add_patient (store, patient, &error))
    fail (error);
  fflush (stdout);
  /* No close, no checkpoint: what a power cut or a kill leaves. */
  _exit (0);
}

/* "edit N" → N, else 0. */
static guint
edit_number (const char *text)
{
  guint64 n = 0;

  if (text == NULL || !g_str_has_prefix (text, "edit ") ||
      !g_ascii_string_to_unsigned (text + 5, 10, 1, G_MAXUINT, &n, NULL))
    return 0;
  return (guint) n;
}

static int
edits (const char *path)
{
  g_autoptr(EbbStore) store = open_store (path);
  g_autoptr(EbbPatient) patient = NULL;
  g_autoptr(GPtrArray) ratings = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  patient = ebb_store_find_patient (store, EDITS_PATIENT, NULL);
  if (patient == NULL)
    {
      patient = ebb_patient_new (EDITS_PATIENT, "Edited in bursts");
      if (!ebb_store_add_patient (store, patient, &error))
        fail (g_steal_pointer (&error));
    }
  n = MAX (n, edit_number (patient->notes));

  ratings = ebb_store_list_ratings (store, patient->id, &error);
  if (ratings == NULL)
    fail (g_steal_pointer (&error));
  for (guint i = 0; i < ratings->len; i++)
    n = MAX (n, edit_number (((EbbRating *) g_ptr_array_index (ratings, i))->note));

  for (n++; ; n++)
    {
      g_autofree char *note = g_strdup_printf ("edit %u", n);
      gboolean saved;

      /* Every tenth edit changes the patient instead of adding a rating:
       * an update must survive as surely as an insert. */
      if (n % 10 == 0)
        {
          g_free (patient->notes);
          patient->notes = g_strdup (note);
          saved = ebb_store_update_patient (store, patient, &error);
        }
      else
        {
          g_autoptr(EbbRating) rating = ebb_rating_new ();

          rating->patient_id = patient->id;
          rating->when_text = g_strdup_printf ("2025-%02u-%02uT%02u:%02u",
                                               1 + n / 28 / 24 / 60 % 12, 1 + n / 24 / 60 % 28,
                                               n / 60 % 24, n % 60);
          rating->scale_id = g_strdup ("MADRS");
          rating->total = (int) (n % 61);
          rating->note = g_strdup (note);
          saved = ebb_store_add_rating (store, rating, &error);
        }
      if (!saved)
        fail (g_steal_pointer (&error));

      /* Only now is it saved: the commit has returned. */
      printf ("saved %u\n", n);
      fflush (stdout);
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "hold"))
    return hold (argv[2]);
  if (argc == 3 && g_str_equal (argv[1], "idle"))
    return idle (argv[2]);
  if (argc == 4 && g_str_equal (argv[1], "write-and-die"))
    return write_and_die (argv[2], argv[3]);
  if (argc == 3 && g_str_equal (argv[1], "edits"))
    return edits (argv[2]);

  fprintf (stderr, "Usage: trust-helper hold DB | idle DB | write-and-die DB CODE | edits DB\n");
  return 2;
}
