/* ebb-restore.c — restoring a backup
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A restore never destroys anything, and never pulls a file from under a
 * program that has it open.  The backup is first made into a checked
 * copy beside the clinic (its schema held against Ebb's, its audit trail
 * verified, an older one upgraded), with a "restore" entry appended to
 * its trail.  Then the clinic that is there is kept as it is now, in a
 * copy beside it, and the checked copy is written *into* the clinic file
 * through SQLite's backup API, under SQLite's own locks: any other
 * connection, idle or not, of Ebb or of another program, sees the
 * restored clinic on its next read and writes onto it.  Renaming a file
 * over an open database instead would leave such a connection with the
 * old file and the new file's -wal, and its next write would be replayed
 * onto the restored clinic (issue 15).  Only a file SQLite cannot read as
 * a database at all is still replaced by a rename, when no one holds it.
 *
 * Every name is resolved to the real file first, so that a clinic reached
 * through a symbolic link is restored where it is, and the link stays.
 */
#define G_LOG_DOMAIN "ebb-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-backup-private.h"
#include "ebb-server.h"
#include "ebb-store.h"

/* The "Ebb!" application id and the schema version, as SQLite keeps them
 * in the 100-byte file header (big-endian, at these offsets). */
#define HEADER_SIZE 100
#define HEADER_USER_VERSION 60
#define HEADER_APPLICATION_ID 68
#define EBB_APPLICATION_ID 0x45626221u

/* Lock bytes of SQLite's unix VFS (os_unix.c): every connection to a
 * database holds a shared lock in this range of the database file while
 * it reads, and, in WAL mode, on the "dead man switch" byte and the slot
 * bytes of the -shm file for as long as it is open. */
#define DB_LOCK_START 0x40000000
#define DB_LOCK_LENGTH 512
#define SHM_LOCK_START 120
#define SHM_LOCK_LENGTH 9

/* How long a restore waits for another program's write to end. */
#define RESTORE_BUSY_MS 5000

/* How many of a backup's problems its refusal names. */
#define MAX_PROBLEMS_SHOWN 10

static const char * const journal_suffixes[] = { "-wal", "-journal" };

/* Files ------------------------------------------------------------------------ */

/* Whether another program holds a lock on @path in the given range.
 * F_GETLK never reports this process's own locks, and closing the file
 * would drop them: the caller must not have the database open itself. */
static gboolean
is_locked (const char *path,
           off_t       start,
           off_t       length)
{
  struct flock lock = { 0 };
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gboolean locked;

  if (fd < 0)
    return FALSE;
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = start;
  lock.l_len = length;
  locked = fcntl (fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  g_close (fd, NULL);
  return locked;
}

/* Only for a file that SQLite cannot read: a connection that has not read
 * anything yet holds no lock, so this cannot tell every user of a real
 * database, which is why those are restored through SQLite instead. */
static gboolean
held_by_another_program (const char *path)
{
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  return is_locked (path, DB_LOCK_START, DB_LOCK_LENGTH) ||
         is_locked (shm, SHM_LOCK_START, SHM_LOCK_LENGTH);
}

static gboolean
has_pending_journal (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (journal_suffixes); i++)
    {
      g_autofree char *journal = g_strconcat (path, journal_suffixes[i], NULL);
      GStatBuf st;

      if (g_stat (journal, &st) == 0 && st.st_size > 0)
        return TRUE;
    }
  return FALSE;
}

static guint32
read_be32 (const guchar *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | (guint32) p[3];
}

/* Whether @path is, by its header, an Ebb database of an older schema
 * with no journal pending: one that can be copied byte for byte and
 * upgraded in the copy. */
static gboolean
is_older_ebb_file (const char *path)
{
  guchar header[HEADER_SIZE];
  gboolean older = FALSE;
  guint32 version;
  int fd;

  if (has_pending_journal (path))
    return FALSE;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;
  if (read (fd, header, sizeof header) == (ssize_t) sizeof header &&
      memcmp (header, "SQLite format 3", 16) == 0 &&
      read_be32 (header + HEADER_APPLICATION_ID) == EBB_APPLICATION_ID)
    {
      version = read_be32 (header + HEADER_USER_VERSION);
      older = version > 0 && version < EBB_STORE_SCHEMA_VERSION;
    }
  g_close (fd, NULL);
  return older;
}

/* "clinic.db.before-restore-20260301-142500", unused with its journals. */
static char *
aside_name (const char *destination)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  for (guint n = 1; ; n++)
    {
      g_autofree char *aside = n == 1
        ? g_strdup_printf ("%s.before-restore-%s", destination, stamp)
        : g_strdup_printf ("%s.before-restore-%s-%u", destination, stamp, n);
      gboolean taken = _ebb_backup_path_exists (aside);

      for (guint i = 0; i < G_N_ELEMENTS (journal_suffixes) && !taken; i++)
        {
          g_autofree char *journal = g_strconcat (aside, journal_suffixes[i], NULL);

          taken = _ebb_backup_path_exists (journal);
        }
      if (!taken)
        return g_steal_pointer (&aside);
    }
}

/* The checked copy ------------------------------------------------------------ */

/* "…: trigger “x” on “score” is not part of Ebb's schema; …" */
static void
append_problems (GError    **error,
                 GPtrArray  *problems)
{
  g_autoptr(GString) text = NULL;

  if (error == NULL || *error == NULL || problems == NULL || problems->len == 0)
    return;
  text = g_string_new ((*error)->message);
  g_string_append_c (text, ':');
  for (guint i = 0; i < problems->len && i < MAX_PROBLEMS_SHOWN; i++)
    g_string_append_printf (text, "%s %s", i > 0 ? ";" : "", (const char *) g_ptr_array_index (problems, i));
  if (problems->len > MAX_PROBLEMS_SHOWN)
    g_string_append (text, "; …");
  g_free ((*error)->message);
  (*error)->message = g_string_free (g_steal_pointer (&text), FALSE);
}

/* Makes @copy, a new file, a checked copy of the database @backup. */
static gboolean
make_checked_copy (const char  *backup,
                   const char  *copy,
                   GError     **error)
{
  g_autoptr(EbbStore) store = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  GError *local_error = NULL;

  store = ebb_store_open (backup, EBB_STORE_OPEN_READ_ONLY, &local_error);
  if (store == NULL)
    {
      /* A backup made before this version's schema is opened read-only
       * only after an upgrade, which must not happen to the backup
       * itself: upgrade a byte-for-byte copy instead, once its schema is
       * known to be the one Ebb made at its version (the upgrade would
       * make some of it anew, hiding what was changed). */
      if (!g_error_matches (local_error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY) ||
          !is_older_ebb_file (backup))
        {
          g_propagate_prefixed_error (error, local_error, _("Nothing was restored: "));
          return FALSE;
        }
      g_clear_error (&local_error);

      if (!ebb_store_check_file_schema (backup, &problems, error))
        {
          append_problems (error, problems);
          g_prefix_error (error, _("Nothing was restored: "));
          return FALSE;
        }
      g_clear_pointer (&problems, g_ptr_array_unref);
      if (!_ebb_backup_copy_file_bytes (backup, copy, error))
        {
          g_unlink (copy);
          return FALSE;
        }
      store = ebb_store_open (copy, EBB_STORE_OPEN_DEFAULT, error);
      if (store == NULL || !ebb_store_check (store, &problems, error))
        {
          append_problems (error, problems);
          g_prefix_error (error, _("Nothing was restored from “%s”: "), backup);
          g_clear_object (&store);
          ebb_store_remove_database_files (copy);
          return FALSE;
        }
      /* Closing the last connection folds the -wal into the file. */
      g_clear_object (&store);
      return TRUE;
    }

  if (!ebb_store_check (store, &problems, error))
    {
      append_problems (error, problems);
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }
  /* A copy through SQLite, not of the bytes: the backup's own -wal, if it
   * has one, is part of it.  The copy is checked again once written. */
  if (!ebb_store_copy (store, copy, error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }
  return TRUE;
}

/* The restore's entry goes into the copy's trail, so that the clinic is
 * never restored without it. */
static gboolean
record_restore (const char  *copy,
                const char  *backup,
                const char  *aside,
                GError     **error)
{
  g_autoptr(EbbStore) store = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *real = realpath (backup, NULL);

  sha256 = ebb_store_file_sha256 (backup, error);
  if (sha256 == NULL)
    return FALSE;
  store = ebb_store_open (copy, EBB_STORE_OPEN_DEFAULT, error);
  return store != NULL &&
         ebb_store_record_restore (store, real != NULL ? real : backup, sha256, aside, error);
}

/* Into the live clinic ------------------------------------------------------- */

typedef enum
{
  RESTORED,
  FAILED,
  NOT_A_DATABASE,   /* nothing was changed: SQLite cannot read the clinic file */
} RestoreResult;

static sqlite3 *
open_connection (const char *path,
                 int         flags,
                 int        *rc)
{
  sqlite3 *db = NULL;

  /* @path is absolute ("/…"), so never read as a "file:" URI. */
  *rc = sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
  if (*rc == SQLITE_OK)
    sqlite3_busy_timeout (db, RESTORE_BUSY_MS);
  return db;
}

/* The whole of @source into @destination, in one step. */
static int
copy_through_sqlite (sqlite3 *source,
                     sqlite3 *destination)
{
  sqlite3_backup *backup = sqlite3_backup_init (destination, "main", source, "main");
  int rc;

  if (backup == NULL)
    return sqlite3_errcode (destination);
  /* Another program's write holds a lock for a moment; the busy timeout
   * does not cover the backup API. */
  for (guint tries = 0; ; tries++)
    {
      rc = sqlite3_backup_step (backup, -1);
      if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries * 50 >= RESTORE_BUSY_MS)
        break;
      sqlite3_sleep (50);
    }
  if (rc == SQLITE_DONE)
    return sqlite3_backup_finish (backup);
  sqlite3_backup_finish (backup);
  return rc;
}

static int
query_int (sqlite3    *db,
           const char *sql,
           int        *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *value = sqlite3_column_int (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Keeps the clinic as it is now in @aside, a new private file. */
static int
keep_aside (const char  *real,
            const char  *aside,
            GError     **error)
{
  sqlite3 *reader = NULL, *kept = NULL;
  int rc;

  if (!_ebb_backup_create_private_file (aside, error))
    return SQLITE_CANTOPEN;
  reader = open_connection (real, SQLITE_OPEN_READONLY, &rc);
  if (rc == SQLITE_OK)
    kept = open_connection (aside, SQLITE_OPEN_READWRITE, &rc);
  if (rc == SQLITE_OK)
    rc = copy_through_sqlite (reader, kept);
  /* One self-contained file, like a backup. */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (kept, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  sqlite3_close (kept);
  sqlite3_close (reader);
  if (rc == SQLITE_OK && !_ebb_backup_sync_path (aside, FALSE, error))
    rc = SQLITE_IOERR;
  return rc;
}

static void
set_sqlite_error (GError     **error,
                  const char  *path,
                  sqlite3     *db,
                  int          rc)
{
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    g_set_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_IN_USE,
                 _("“%s” is being changed by another program (is Ebb saving?): try again in a "
                   "moment. Nothing was restored"),
                 path);
  else
    g_set_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_FAILED,
                 _("“%s” could not be restored into (%s). Nothing was restored"), path, detail);
}

static RestoreResult
restore_in_place (const char  *real,
                  const char  *copy,
                  const char  *aside,
                  GError     **error)
{
  sqlite3 *live = NULL, *source = NULL;
  g_autoptr(GError) local_error = NULL;
  int live_page_size = 0, source_page_size = 0;
  int rc, primary;

  live = open_connection (real, SQLITE_OPEN_READWRITE, &rc);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (live, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  /* Held while the clinic is kept aside, so that nothing written in the
   * meantime is missing from the copy; the restore takes the lock again
   * right after (the backup API cannot write from inside a transaction). */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (live, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = query_int (live, "PRAGMA page_size", &live_page_size);
  primary = rc & 0xff;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
    {
      sqlite3_close (live);
      return NOT_A_DATABASE;
    }
  if (rc != SQLITE_OK)
    goto failed;

  rc = keep_aside (real, aside, &local_error);
  if (rc != SQLITE_OK)
    {
      g_unlink (aside);
      sqlite3_exec (live, "ROLLBACK", NULL, NULL, NULL);
      sqlite3_close (live);
      primary = rc & 0xff;
      if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
        return NOT_A_DATABASE;
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        set_sqlite_error (error, real, NULL, rc);
      return FAILED;
    }
  rc = sqlite3_exec (live, "COMMIT", NULL, NULL, NULL);

  /* A WAL database takes pages of its own size only. */
  if (rc == SQLITE_OK)
    source = open_connection (copy, SQLITE_OPEN_READWRITE, &rc);
  if (rc == SQLITE_OK)
    rc = query_int (source, "PRAGMA page_size", &source_page_size);
  if (rc == SQLITE_OK && source_page_size != live_page_size)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA journal_mode = DELETE;"
                                              "PRAGMA page_size = %d; VACUUM;", live_page_size);

      rc = sqlite3_exec (source, sql, NULL, NULL, NULL);
    }
  if (rc == SQLITE_OK)
    rc = copy_through_sqlite (source, live);
  sqlite3_close (source);
  if (rc != SQLITE_OK)
    {
      g_unlink (aside);
      goto failed;
    }

  /* The last connection to close folds the -wal into the file. */
  rc = sqlite3_close (live);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_FAILED,
                   _("“%s” was restored, but could not be closed (%s)"), real, sqlite3_errstr (rc));
      return FAILED;
    }
  return RESTORED;

failed:
  set_sqlite_error (error, real, live, rc);
  if (live != NULL && !sqlite3_get_autocommit (live))
    sqlite3_exec (live, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (live);
  return FAILED;
}

/* By a rename: where there is no clinic, or none SQLite can read ------------- */

typedef struct
{
  char     *from;
  char     *to;
  gboolean  linked;   /* @to is a second name of @from, not a move */
} Move;

static void
move_clear (gpointer data)
{
  Move *move = data;

  g_free (move->from);
  g_free (move->to);
}

/* Puts back what was moved, newest first, after a failed restore. */
static void
undo_moves (GArray *moves)
{
  for (guint i = moves->len; i-- > 0;)
    {
      const Move *move = &g_array_index (moves, Move, i);

      if (move->linked)
        g_unlink (move->to);
      else
        g_rename (move->to, move->from);
    }
}

static gboolean
move_aside (GArray      *moves,
            const char  *from,
            const char  *to,
            gboolean     try_link,
            GError     **error)
{
  Move move = { NULL, NULL, FALSE };

  if (!_ebb_backup_path_exists (from))
    return TRUE;

  /* A second name keeps the file in place until the restored one replaces
   * it in a single rename: there is no moment without one.  Folders that
   * cannot hold hard links get a plain move. */
  if (try_link && link (from, to) == 0)
    move.linked = TRUE;
  else if (g_rename (from, to) != 0)
    {
      _ebb_backup_set_errno_error (error, errno,
                                   N_("“%s” could not be moved aside, so nothing was restored"), from);
      return FALSE;
    }
  move.from = g_strdup (from);
  move.to = g_strdup (to);
  g_array_append_val (moves, move);
  return TRUE;
}

/* Puts @copy in @real's place: @real is missing, or not a database that
 * SQLite can read, and no program holds it.  What was there, journals
 * included, goes to @aside: a journal left beside the restored file would
 * be replayed into it by SQLite, which cannot tell that it belongs to
 * another database. */
static gboolean
replace_by_rename (const char  *real,
                   const char  *copy,
                   const char  *aside,
                   GError     **error)
{
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (Move));
  g_autofree char *dir = g_path_get_dirname (real);
  g_autofree char *shm = g_strconcat (real, "-shm", NULL);

  g_array_set_clear_func (moves, move_clear);
  if (held_by_another_program (real))
    {
      g_set_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_IN_USE,
                   _("“%s” is open in another program (is Ebb running?): close it, then "
                     "restore again. Nothing was restored"),
                   real);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (journal_suffixes); i++)
    {
      g_autofree char *from = g_strconcat (real, journal_suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, journal_suffixes[i], NULL);
      GStatBuf st;

      /* An empty journal holds nothing to keep (a reader leaves one). */
      if (g_lstat (from, &st) == 0 && S_ISREG (st.st_mode) && st.st_size == 0 &&
          g_unlink (from) == 0)
        continue;
      if (!move_aside (moves, from, to, FALSE, error))
        goto undo;
    }
  if (!move_aside (moves, real, aside, TRUE, error))
    goto undo;
  if (g_unlink (shm) != 0 && errno != ENOENT)
    {
      _ebb_backup_set_errno_error (error, errno, N_("“%s” could not be removed, so nothing was restored"), shm);
      goto undo;
    }
  if (g_rename (copy, real) != 0)
    {
      _ebb_backup_set_errno_error (error, errno, N_("“%s” could not be replaced, so nothing was restored"),
                                   real);
      goto undo;
    }
  /* The rename is what made the restore; a failed flush of the folder is
   * worth reporting, but there is nothing left to undo. */
  return _ebb_backup_sync_path (dir, TRUE, error);

undo:
  undo_moves (moves);
  return FALSE;
}

/* Public API ------------------------------------------------------------------- */

/**
 * ebb_backup_restore_full:
 * @backup: the backup to restore, an Ebb clinic database
 * @destination: the database to replace (it need not exist); a symbolic
 *   link is followed, and stays
 * @moved_aside: (out) (optional) (transfer full) (nullable): where the
 *   database that was replaced is kept, or %NULL when there was none
 * @error: an %EBB_STORE_ERROR when @backup is not a good Ebb database (it
 *   does not open, is newer than this Ebb, fails its check, or its schema
 *   is not Ebb's: the message names each difference), or an
 *   %EBB_BACKUP_ERROR
 *
 * Makes @destination's clinic the one in @backup, after checking it.  The
 * database that was there is first kept beside it, as it is at that moment,
 * as `DESTINATION.before-restore-YYYYMMDD-HHMMSS` (mode 0600), so nothing is
 * lost.  The restore is written into the database through SQLite, under its
 * locks, so programs that have it open (Ebb's window, the sqlite3 shell)
 * go on with the restored clinic; one that is in the middle of writing is
 * waited for a few seconds, then the restore is refused with
 * %EBB_BACKUP_ERROR_IN_USE.  The file keeps its mode and its links.  A
 * backup made by an older Ebb is upgraded in the copy; @backup itself is
 * only read.  The restored clinic's audit trail ends with a "restore"
 * entry: the backup's file, its SHA-256 and where the old clinic was kept.
 *
 * Returns: %TRUE when restored; on %FALSE @destination is as it was.
 */
gboolean
ebb_backup_restore_full (const char  *backup,
                         const char  *destination,
                         char       **moved_aside,
                         GError     **error)
{
  g_autofree char *real = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *aside = NULL;
  GStatBuf backup_st, destination_st;
  gboolean exists;
  gboolean ok = FALSE;

  g_return_val_if_fail (backup != NULL && *backup != '\0', FALSE);
  g_return_val_if_fail (destination != NULL && *destination != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (moved_aside != NULL)
    *moved_aside = NULL;
  if (!ebb_location_needs_file (destination, error) || !ebb_location_needs_file (backup, error))
    return FALSE;

  real = _ebb_backup_resolve_real_path (destination, error);
  if (real == NULL)
    return FALSE;

  if (g_stat (backup, &backup_st) == 0 && g_stat (real, &destination_st) == 0 &&
      backup_st.st_dev == destination_st.st_dev && backup_st.st_ino == destination_st.st_ino)
    {
      g_set_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_SAME_FILE,
                   _("“%s” is the database itself, not a backup of it: nothing was restored"),
                   backup);
      return FALSE;
    }

  dir = g_path_get_dirname (real);
  base = g_path_get_basename (real);
  if (!_ebb_backup_ensure_private_dir (dir, error))
    return FALSE;

  exists = _ebb_backup_path_exists (real);
  aside = aside_name (real);

  copy = _ebb_backup_unused_temp_name (dir, base, "restore", error);
  if (copy == NULL || !make_checked_copy (backup, copy, error))
    return FALSE;
  if (!record_restore (copy, backup, exists ? aside : NULL, error))
    goto out;
  if (!_ebb_backup_sync_path (copy, FALSE, error))
    goto out;

  if (exists)
    {
      switch (restore_in_place (real, copy, aside, error))
        {
        case RESTORED:
          ok = TRUE;
          break;
        case NOT_A_DATABASE:
          ok = replace_by_rename (real, copy, aside, error);
          break;
        case FAILED:
        default:
          break;
        }
    }
  else
    {
      /* Journals without their database are kept aside too, never replayed. */
      ok = replace_by_rename (real, copy, aside, error);
    }

out:
  ebb_store_remove_database_files (copy);
  if (ok && moved_aside != NULL && exists)
    *moved_aside = g_steal_pointer (&aside);
  return ok;
}

/**
 * ebb_backup_restore:
 * @backup: the backup to restore
 * @destination: the database to replace
 *
 * ebb_backup_restore_full() without asking where the old database went.
 */
gboolean
ebb_backup_restore (const char  *backup,
                    const char  *destination,
                    GError      **error)
{
  return ebb_backup_restore_full (backup, destination, NULL, error);
}
