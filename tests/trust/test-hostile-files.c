/* test-hostile-files.c — broken database files get a clear message and
 * are never written to
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each file is tried with the store (read-write and read-only) and with
 * `ebb-cli check`, `patients` and `audit`: every attempt must fail with an
 * EBB_STORE_ERROR (or exit status 1) whose message names the file, never
 * crash, and leave the file byte for byte as it was, with no -wal, -shm
 * or -journal created beside it.  A damaged file that SQLite can still
 * open must at least fail `check`; listing patients from it may work when
 * the damage is elsewhere, and then it must list, not crash.
 *
 * The window's side (the same files give an error page) is in
 * tests/test-window.c.
 */
#include "config.h"

#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "trust-test-utils.h"

#define SEED 20260301
#define N_CORRUPT_PAGES 16

typedef enum
{
  DAMAGE_REFUSED,    /* must be refused at open */
  DAMAGE_DETECTED,   /* refused at open, or opens and fails its check */
} Expect;

typedef struct
{
  char    *dir;
  char    *base;        /* a sound clinic, closed */
  GBytes  *base_bytes;
  guint    page_size;
  guint    n_pages;
  guint    n_tried;
  GString *kinds;       /* "truncated 4, corrupted 18, …" */
  guint    listed;      /* times `patients` read a damaged file without noticing */
  guint    n_sidecars;  /* -wal, -shm or -journal files left beside a file */
  GString *sidecars;
  GRand   *rng;
} Fixture;

static Fixture fixture;

static const char * const sidecars[] = { "-wal", "-shm", "-journal" };

/* The sound clinic the damage is done to: enough patients, notes,
 * sessions and ratings for some dozens of pages of every table. */
static void
make_base (void)
{
  g_autoptr(EbbStore) store = trust_open_new_store (fixture.base);
  const guchar *data;
  gsize length;

  g_assert_true (ebb_store_begin (store, NULL));
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *code = g_strdup_printf ("H-%04u", i);
      g_autofree char *name = g_strdup_printf ("Synthetic patient %u", i);
      g_autofree char *notes = g_strnfill (120 + i % 80, 'a' + i % 26);
      gint64 id = trust_add_patient (store, code, name, notes);

      for (guint j = 0; j < 3; j++)
        {
          g_autofree char *when = g_strdup_printf ("2025-%02u-%02uT10:00", 1 + j, 1 + i % 28);

          trust_add_session (store, id, when, "synthetic");
          trust_add_rating (store, id, when, (int) ((i + j) % 61), "synthetic");
        }
    }
  g_assert_true (ebb_store_commit (store, NULL));
  g_clear_object (&store);

  fixture.base_bytes = trust_read_bytes (fixture.base);
  data = g_bytes_get_data (fixture.base_bytes, &length);
  fixture.page_size = (guint) data[16] << 8 | data[17];
  g_assert_cmpuint (fixture.page_size, >=, 512);
  fixture.n_pages = (guint) (length / fixture.page_size);
  g_assert_cmpuint (fixture.n_pages, >=, 40);
}

static char *
hostile_path (const char *name)
{
  return g_build_filename (fixture.dir, name, NULL);
}

static char *
write_hostile (const char *name,
               const void *data,
               gsize       length)
{
  char *path = hostile_path (name);

  trust_write_bytes (path, data, length);
  return path;
}

/* A copy of the sound clinic with @n bytes at @offset overwritten by
 * random ones. */
static char *
write_corrupted (const char *name,
                 gsize       offset,
                 gsize       n)
{
  gsize length;
  const guchar *data = g_bytes_get_data (fixture.base_bytes, &length);
  g_autofree guchar *copy = g_memdup2 (data, length);

  g_assert_cmpuint (offset + n, <=, length);
  for (gsize i = 0; i < n; i++)
    copy[offset + i] = (guchar) g_rand_int_range (fixture.rng, 0, 256);
  return write_hostile (name, copy, length);
}

static void
count_kind (const char *kind,
            guint       n)
{
  g_string_append_printf (fixture.kinds, "%s%s %u", fixture.kinds->len > 0 ? ", " : "", kind, n);
}

static void
assert_no_sidecars (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (sidecars); i++)
    {
      if (trust_sidecar_exists (path, sidecars[i]))
        g_error ("%s%s was left beside the file", path, sidecars[i]);
    }
}

/* SQLite itself makes the -wal and -shm of a file in WAL mode as soon as
 * it reads it, and leaves them when it cannot fold them back (the file is
 * damaged, or the connection is read-only).  Noted, then removed so that
 * the next try starts from the same file. */
static void
note_sidecars (const char *path,
               const char *how)
{
  for (guint i = 0; i < G_N_ELEMENTS (sidecars); i++)
    {
      g_autofree char *sidecar = g_strconcat (path, sidecars[i], NULL);
      g_autofree char *base = g_path_get_basename (sidecar);

      if (!trust_exists (sidecar))
        continue;
      if (fixture.sidecars->len < 400)
        g_string_append_printf (fixture.sidecars, " %s (%s)", base, how);
      fixture.n_sidecars++;
      g_unlink (sidecar);
    }
}

static void
assert_unchanged (const char *path,
                  GBytes     *before,
                  const char *how)
{
  g_autoptr(GBytes) after = trust_read_bytes (path);

  if (!g_bytes_equal (before, after))
    g_error ("%s was changed by %s", path, how);
  note_sidecars (path, how);
}

/* Every list the window and the command line read: none may crash, and a
 * failure must name the file. */
static void
read_everything (EbbStore   *store,
                 const char *path)
{
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) rows = NULL;

      switch (i)
        {
        case 0: rows = ebb_store_list_patients (store, &error); break;
        case 1: rows = ebb_store_list_patient_summaries (store, NULL, 0, EBB_STORE_SUMMARY_ACTIVITY, &error); break;
        case 2: rows = ebb_store_list_sessions (store, 0, &error); break;
        case 3: rows = ebb_store_list_ratings (store, 0, &error); break;
        default: rows = ebb_store_list_audit (store, 0, &error); break;
        }
      if (rows == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == EBB_STORE_ERROR);
          g_assert_nonnull (strstr (error->message, path));
        }
    }
}

static void
try_store (const char        *path,
           EbbStoreOpenFlags  flags,
           Expect             expect)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = ebb_store_open (path, flags, &error);

  if (store == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == EBB_STORE_ERROR);
      g_assert_true (error->code == EBB_STORE_ERROR_NOT_EBB ||
                     error->code == EBB_STORE_ERROR_CORRUPT ||
                     error->code == EBB_STORE_ERROR_TOO_NEW);
      g_assert_nonnull (strstr (error->message, path));
      return;
    }

  if (expect == DAMAGE_REFUSED)
    g_error ("%s was opened, but should have been refused", path);

  read_everything (store, path);
  g_assert_false (ebb_store_check (store, NULL, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == EBB_STORE_ERROR);
  g_assert_true (error->code == EBB_STORE_ERROR_CHECK_FAILED ||
                 error->code == EBB_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, path));
}

static void
try_cli (const char *path,
         const char *command,
         gboolean    may_list)
{
  g_auto(TrustRun) run = { 0 };

  trust_run_cli (&run, fixture.dir, NULL, -1, -1, path, (const char * const[]) { command, NULL });
  if (run.signal != 0)
    g_error ("ebb-cli %s on %s was killed by signal %d:\n%s", command, path, run.signal, run.err);

  if (may_list && run.status == 0)
    {
      fixture.listed++;
      return;
    }
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, path));
  g_assert_cmpstr (run.out, ==, "");
}

/* All the tries for one file. */
static void
try_file (const char *path,
          Expect      expect)
{
  g_autoptr(GBytes) before = trust_read_bytes (path);
  gboolean may_list = expect == DAMAGE_DETECTED;

  fixture.n_tried++;

  try_store (path, EBB_STORE_OPEN_DEFAULT, expect);
  assert_unchanged (path, before, "store");
  try_store (path, EBB_STORE_OPEN_READ_ONLY, expect);
  assert_unchanged (path, before, "store read-only");

  try_cli (path, "check", FALSE);
  assert_unchanged (path, before, "check");
  try_cli (path, "patients", may_list);
  assert_unchanged (path, before, "patients");
  try_cli (path, "audit", may_list);
  assert_unchanged (path, before, "audit");
}

/* The kinds of file --------------------------------------------------------- */

static void
test_truncated (void)
{
  gsize length;
  const guchar *data = g_bytes_get_data (fixture.base_bytes, &length);
  const gsize cuts[] = {
    length / 2,                            /* cut in half */
    length / 2 + 1234,                     /* in the middle of a page */
    length - fixture.page_size,            /* the last page lost */
    fixture.page_size,                     /* only the first page */
    100,                                   /* only the header */
    10,                                    /* not even that */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *name = g_strdup_printf ("truncated-%u.db", i);
      g_autofree char *path = write_hostile (name, data, cuts[i]);

      g_test_message ("%s: the first %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                      name, cuts[i], length);
      try_file (path, DAMAGE_DETECTED);
    }
  count_kind ("truncated", G_N_ELEMENTS (cuts));
}

static guint
patient_leaf_page (void)
{
  g_autofree char *scratch = hostile_path ("scratch.db");
  guint page;

  trust_copy_file (fixture.base, scratch);
  page = (guint) trust_sql_int (scratch,
                                "SELECT pageno FROM dbstat WHERE name = 'patient' AND pagetype = 'leaf'"
                                " ORDER BY pageno LIMIT 1 OFFSET 1");
  g_unlink (scratch);
  return page;
}

static void
test_corrupted (void)
{
  guint n = 0;

  /* Whole pages of random bytes in the middle of the file: SQLite keeps
   * no checksums, so bytes changed inside a value cannot be told from
   * the value itself; a page of noise breaks the file's structure. */
  for (guint i = 0; i < N_CORRUPT_PAGES; i++, n++)
    {
      guint page = (guint) g_rand_int_range (fixture.rng, (gint32) fixture.n_pages / 4,
                                             (gint32) (3 * fixture.n_pages / 4));
      g_autofree char *name = g_strdup_printf ("corrupted-page-%u.db", page);
      g_autofree char *path = write_corrupted (name, (gsize) (page - 1) * fixture.page_size,
                                               fixture.page_size);

      g_test_message ("%s: page %u of %u is noise", name, page, fixture.n_pages);
      try_file (path, DAMAGE_DETECTED);
    }

  /* Where listing the patients must notice. */
  {
    guint page = patient_leaf_page ();
    g_autofree char *path = write_corrupted ("corrupted-patients.db",
                                             (gsize) (page - 1) * fixture.page_size,
                                             fixture.page_size);
    g_auto(TrustRun) run = { 0 };

    g_test_message ("corrupted-patients.db: page %u, a page of the patient table, is noise", page);
    try_file (path, DAMAGE_DETECTED);
    trust_run_cli (&run, fixture.dir, NULL, -1, -1, path, (const char * const[]) { "patients", NULL });
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, path));
    n++;
  }

  /* The header, and the schema on the rest of the first page. */
  {
    g_autofree char *header = write_corrupted ("corrupted-header.db", 16, 84);
    g_autofree char *schema = write_corrupted ("corrupted-schema.db", 100, fixture.page_size - 100);

    try_file (header, DAMAGE_DETECTED);
    try_file (schema, DAMAGE_DETECTED);
    n += 2;
  }
  count_kind ("corrupted", n);
}

static void
test_zero_length (void)
{
  g_autofree char *path = write_hostile ("empty.db", "", 0);

  try_file (path, DAMAGE_REFUSED);
  count_kind ("zero-length", 1);
}

static void
test_not_sqlite (void)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  static const char magic[] = "SQLite format 3";
  g_autofree char *csv = trust_example_path ("patients.csv");
  g_autoptr(GBytes) csv_bytes = trust_read_bytes (csv);
  g_autofree guchar *noise = g_malloc (65536);
  g_autofree char *text_path = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *noise_path = NULL;
  g_autofree char *magic_path = NULL;
  g_autofree char *foreign_path = NULL;
  gsize csv_length;
  const char *csv_data = g_bytes_get_data (csv_bytes, &csv_length);

  for (guint i = 0; i < 65536; i++)
    noise[i] = (guchar) g_rand_int_range (fixture.rng, 0, 256);

  text_path = write_hostile ("notes.db", "Call K-0042 on Monday.\n", 23);
  csv_path = write_hostile ("patients-csv.db", csv_data, csv_length);
  noise_path = write_hostile ("noise.db", noise, 65536);
  /* Noise that starts like an image, and noise that starts like SQLite. */
  memcpy (noise, png, sizeof png - 1);
  png_path = write_hostile ("image.db", noise, 65536);
  memcpy (noise, magic, sizeof magic);
  magic_path = write_hostile ("sqlite-magic.db", noise, 65536);

  /* A real SQLite database that some other program made. */
  foreign_path = write_hostile ("foreign.db", "", 0);
  trust_sql_exec (foreign_path,
                  "PRAGMA journal_mode = DELETE;"
                  "CREATE TABLE photos (id INTEGER PRIMARY KEY, data BLOB);"
                  "INSERT INTO photos (data) VALUES (randomblob (3000));");

  try_file (text_path, DAMAGE_REFUSED);
  try_file (csv_path, DAMAGE_REFUSED);
  try_file (noise_path, DAMAGE_REFUSED);
  try_file (png_path, DAMAGE_REFUSED);
  try_file (magic_path, DAMAGE_REFUSED);
  try_file (foreign_path, DAMAGE_REFUSED);
  count_kind ("not SQLite or not Ebb's", 6);
}

static void
test_newer (void)
{
  g_autofree char *path = hostile_path ("newer.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;

  trust_copy_file (fixture.base, path);
  trust_sql_exec (path, "PRAGMA user_version = 99;");

  store = ebb_store_open (path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer version"));
  try_file (path, DAMAGE_REFUSED);
  count_kind ("newer version", 1);
}

static void
test_not_a_file (void)
{
  g_autofree char *folder = hostile_path ("folder.db");
  g_autofree char *fifo = hostile_path ("fifo.db");
  const char *paths[] = { folder, fifo };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  /* A named pipe would block whoever reads it: it must not be opened. */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(EbbStore) store = ebb_store_open (paths[i], EBB_STORE_OPEN_DEFAULT, &error);

      g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB);
      g_assert_nonnull (strstr (error->message, paths[i]));
      g_clear_error (&error);
      store = ebb_store_open (paths[i], EBB_STORE_OPEN_READ_ONLY, &error);
      g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_NOT_EBB);

      try_cli (paths[i], "check", FALSE);
      try_cli (paths[i], "patients", FALSE);
      assert_no_sidecars (paths[i]);
      fixture.n_tried++;
    }
  count_kind ("folder or pipe", 2);
}

/* Read-only -------------------------------------------------------------------- */

/* Whom to be: nobody when running as root, whom permission bits do not
 * stop; oneself otherwise. */
static gboolean
unprivileged_user (int *uid,
                   int *gid)
{
  struct passwd *nobody;

  *uid = *gid = -1;
  if (geteuid () != 0)
    return TRUE;
  nobody = getpwnam ("nobody");
  if (nobody == NULL || nobody->pw_uid == 0)
    return FALSE;
  *uid = (int) nobody->pw_uid;
  *gid = (int) nobody->pw_gid;
  return TRUE;
}

static char *
read_only_path (void)
{
  return g_build_filename (fixture.dir, "read-only", "clinic.db", NULL);
}

/* Run in a subprocess that has given up root, if it had it. */
static void
read_only_store_as_user (void)
{
  g_autofree char *path = read_only_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(EbbPatient) patient = ebb_patient_new ("K-0001", "Ada");
  int uid, gid;

  g_assert_true (unprivileged_user (&uid, &gid));
  if (uid >= 0)
    {
      g_assert_cmpint (setgroups (0, NULL), ==, 0);
      g_assert_cmpint (setgid ((gid_t) gid), ==, 0);
      g_assert_cmpint (setuid ((uid_t) uid), ==, 0);
    }
  g_assert_cmpint (access (path, W_OK), !=, 0);

  store = ebb_store_open (path, EBB_STORE_OPEN_DEFAULT, &error);
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* Read-only, it is read like any other. */
  store = ebb_store_open (path, EBB_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trust_count (store, "patients"), ==, 150);
  g_assert_true (ebb_store_check (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ebb_store_add_patient (store, patient, &error));
  g_assert_error (error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY);
}

static void
test_read_only (void)
{
  g_autofree char *path = read_only_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *cli = NULL;
  g_autofree char *csv = g_build_filename (fixture.dir, "one-patient.csv", NULL);
  g_autoptr(GBytes) before = NULL;
  int uid, gid;

  if (g_test_subprocess ())
    {
      read_only_store_as_user ();
      return;
    }
  if (!unprivileged_user (&uid, &gid))
    {
      g_test_skip ("running as root, with no user 'nobody' to try a read-only file as");
      return;
    }

  /* A file nobody may write, in a folder nobody may write. */
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  trust_copy_file (fixture.base, path);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
  g_assert_cmpint (g_chmod (fixture.dir, 0755), ==, 0);
  before = trust_read_bytes (path);
  trust_write_bytes (csv, "patient,name\nK-9999,Someone New\n", 32);
  g_assert_cmpint (g_chmod (csv, 0644), ==, 0);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* The build tree may be out of an unprivileged user's reach: run a
   * copy of ebb-cli from the test's own folder. */
  if (uid >= 0)
    {
      cli = g_build_filename (fixture.dir, "ebb-cli", NULL);
      trust_copy_file (trust_cli_path (), cli);
      g_assert_cmpint (g_chmod (cli, 0755), ==, 0);
    }

  {
    g_auto(TrustRun) run = { 0 };

    trust_run_cli (&run, fixture.dir, cli, uid, gid, path, (const char * const[]) { "check", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "ok\n");
    trust_run_cli (&run, fixture.dir, cli, uid, gid, path, (const char * const[]) { "patients", NULL });
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "H-0149"));

    /* Writing is refused, in words that name the file. */
    trust_run_cli (&run, fixture.dir, cli, uid, gid, path,
                   (const char * const[]) { "import", csv, NULL });
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, path));
    g_assert_nonnull (strstr (run.err, "cannot be changed"));
  }

  assert_unchanged (path, before, "read-only");
  assert_no_sidecars (path);
  fixture.n_tried++;
  count_kind ("read-only", 1);
  g_assert_cmpint (g_chmod (folder, 0700), ==, 0);
}

static void
test_summary (void)
{
  g_test_message ("hostile database files tried: %u (%s); each with the store read-write "
                  "and read-only and with ebb-cli check, patients and audit: no crash, "
                  "no change to any file, every message names the file",
                  fixture.n_tried, fixture.kinds->str);
  g_test_message ("damaged files that still listed their patients without noticing: %u "
                  "attempts (their check failed)", fixture.listed);
  g_assert_cmpuint (fixture.n_tried, >=, 30);

  if (fixture.n_sidecars > 0)
    {
      g_test_message ("files left beside the hostile files: %u:%s", fixture.n_sidecars,
                      fixture.sidecars->str);
      g_test_incomplete ("ebb_store_open() leaves the -wal and -shm that SQLite makes beside "
                         "a WAL-mode file it refuses or only reads");
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  fixture.dir = trust_make_tmp_dir ("test-hostile");
  fixture.base = g_build_filename (fixture.dir, "sound.db", NULL);
  fixture.kinds = g_string_new (NULL);
  fixture.sidecars = g_string_new (NULL);
  fixture.rng = g_rand_new_with_seed (SEED);

  /* The subprocess only needs the read-only file the parent made. */
  if (!g_test_subprocess ())
    make_base ();
  else
    {
      g_free (fixture.dir);
      fixture.dir = g_strdup (g_getenv ("EBB_HOSTILE_DIR"));
    }
  g_setenv ("EBB_HOSTILE_DIR", fixture.dir, TRUE);

  g_test_add_func ("/hostile/truncated", test_truncated);
  g_test_add_func ("/hostile/corrupted", test_corrupted);
  g_test_add_func ("/hostile/zero-length", test_zero_length);
  g_test_add_func ("/hostile/not-sqlite", test_not_sqlite);
  g_test_add_func ("/hostile/newer", test_newer);
  g_test_add_func ("/hostile/not-a-file", test_not_a_file);
  g_test_add_func ("/hostile/read-only", test_read_only);
  g_test_add_func ("/hostile/summary", test_summary);

  status = g_test_run ();

  if (!g_test_subprocess ())
    ebb_test_remove_tree (fixture.dir);
  g_free (fixture.dir);
  g_free (fixture.base);
  g_clear_pointer (&fixture.base_bytes, g_bytes_unref);
  g_string_free (fixture.kinds, TRUE);
  g_string_free (fixture.sidecars, TRUE);
  g_rand_free (fixture.rng);
  return status;
}
