/* ebb-backup.c — the rolling daily backup, and restoring a backup
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Backups are whole, checked copies made with the store's online backup
 * (ebb_store_backup), one per day of use, named clinic-YYYY-MM-DD.db in a
 * private folder.  Two rules shape this file: a backup that is not known
 * to be good never takes the place of one that is (copies are made under
 * a temporary name and renamed when complete, and nothing old is removed
 * when today's copy failed), and a restore never destroys anything (the
 * database it replaces is kept beside it, journal included).
 *
 * Nothing here logs: file names hold dates, never patient data, but the
 * caller decides what to show.
 */
#define G_LOG_DOMAIN "ebb-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-backup.h"
#include "ebb-date.h"
#include "ebb-store.h"

G_DEFINE_QUARK (ebb-backup-error-quark, ebb_backup_error)

#define BACKUP_PREFIX "clinic-"
#define BACKUP_SUFFIX ".db"

/* A partial copy older than this was left by a run that was killed: no
 * backup of a clinic database takes anywhere near this long. */
#define STALE_PARTIAL_SECONDS (60 * 60)

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

static const char * const journal_suffixes[] = { "-wal", "-journal" };

/* Files and folders ------------------------------------------------------- */

static void G_GNUC_PRINTF (3, 4)
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list args;

  /* Callers mark @format with N_(): translated here, after they have
   * passed errno, which a translation lookup could change. */
  va_start (args, format);
  message = g_strdup_vprintf (_(format), args);
  va_end (args);
  g_set_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_FAILED,
               "%s (%s)", message, g_strerror (saved_errno));
}

static gboolean
path_exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

/* Makes @dir (and its parents) private to the user.  A folder that exists
 * already is the user's choice and keeps its mode; the backups in it are
 * 0600 whatever it is. */
static gboolean
ensure_private_dir (const char  *dir,
                    GError     **error)
{
  GStatBuf st;

  if (g_stat (dir, &st) == 0)
    {
      if (S_ISDIR (st.st_mode))
        return TRUE;
      g_set_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_FAILED,
                   _("“%s” is not a folder, so backups cannot be kept in it: "
                     "choose another backup folder"),
                   dir);
      return FALSE;
    }

  /* The umask may only take bits away from 0700; chmod makes it exact. */
  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      set_errno_error (error, errno,
                       N_("The backup folder “%s” could not be created: choose another place"),
                       dir);
      return FALSE;
    }
  return TRUE;
}

/* fsync() on a file or a folder: the data, and then the name that points
 * to it, must be on the disk before anything older is given up. */
static gboolean
sync_path (const char  *path,
           gboolean     is_dir,
           GError     **error)
{
  int fd = g_open (path, (is_dir ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd >= 0 && fsync (fd) == 0)
    {
      g_close (fd, NULL);
      return TRUE;
    }
  saved_errno = errno;
  if (fd >= 0)
    g_close (fd, NULL);
  set_errno_error (error, saved_errno, N_("“%s” could not be written to the disk"), path);
  return FALSE;
}

/* A name in @dir, unique among the running programs, that does not exist
 * when this returns: ebb_store_backup() refuses to overwrite a file. */
static char *
unused_temp_name (const char  *dir,
                  const char  *base,
                  const char  *purpose,
                  GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s/.%s.%s-XXXXXX", dir, base, purpose);
  int fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      set_errno_error (error, errno, N_("A temporary file could not be created in “%s”"), dir);
      return NULL;
    }
  g_close (fd, NULL);
  g_unlink (path);
  return g_steal_pointer (&path);
}

/* Backup names --------------------------------------------------------- */

/**
 * ebb_backup_default_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/ebb/backups`
 */
char *
ebb_backup_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "ebb", "backups", NULL);
}

/**
 * ebb_backup_file_name:
 * @day: a day (see ebb_date_today())
 *
 * Returns: (transfer full): the backup's file name for @day,
 *   `clinic-YYYY-MM-DD.db`
 */
char *
ebb_backup_file_name (gint32 day)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (day > 0, NULL);

  date = ebb_date_format (day);
  return g_strconcat (BACKUP_PREFIX, date, BACKUP_SUFFIX, NULL);
}

/* The day of a backup's file name, or 0 when @name is not exactly one:
 * anything else in the folder is the user's and is never touched. */
static gint32
backup_name_day (const char *name)
{
  static const char pattern[] = BACKUP_PREFIX "0000-00-00" BACKUP_SUFFIX;
  const char *date = name + strlen (BACKUP_PREFIX);
  int year, month, mday;

  if (strlen (name) != strlen (pattern) || !g_str_has_prefix (name, BACKUP_PREFIX) ||
      !g_str_has_suffix (name, BACKUP_SUFFIX))
    return 0;
  for (guint i = 0; i < 10; i++)
    {
      if (pattern[strlen (BACKUP_PREFIX) + i] == '0' ? !g_ascii_isdigit (date[i]) : date[i] != '-')
        return 0;
    }

  year = g_ascii_digit_value (date[0]) * 1000 + g_ascii_digit_value (date[1]) * 100 +
         g_ascii_digit_value (date[2]) * 10 + g_ascii_digit_value (date[3]);
  month = g_ascii_digit_value (date[5]) * 10 + g_ascii_digit_value (date[6]);
  mday = g_ascii_digit_value (date[8]) * 10 + g_ascii_digit_value (date[9]);
  return ebb_date_from_ymd (year, month, mday);
}

/* Partial copies left by a run that was killed halfway. */
static void
remove_stale_partials (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, "." BACKUP_PREFIX) || strstr (name, BACKUP_SUFFIX ".partial-") == NULL)
        continue;
      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) &&
          now - (gint64) st.st_mtime > STALE_PARTIAL_SECONDS)
        g_unlink (path);
    }
}

typedef struct
{
  gint32  day;
  char   *name;
} BackupFile;

static void
backup_file_clear (gpointer data)
{
  g_free (((BackupFile *) data)->name);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const BackupFile *fa = a, *fb = b;

  return fa->day < fb->day ? 1 : fa->day > fb->day ? -1 : 0;
}

/* Removes the oldest backups beyond @keep.  Today's is never removed,
 * even when a clock set wrong has left backups dated in the future. */
static gboolean
remove_old_backups (const char  *dir,
                    guint        keep,
                    gint32       today,
                    GError     **error)
{
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GArray) files = g_array_new (FALSE, FALSE, sizeof (BackupFile));
  GError *local_error = NULL;
  const char *name;

  g_array_set_clear_func (files, backup_file_clear);
  listing = g_dir_open (dir, 0, &local_error);
  if (listing == NULL)
    {
      g_set_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_FAILED,
                   _("The backup folder “%s” could not be read: %s"), dir, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      BackupFile file = { backup_name_day (name), NULL };

      if (file.day == 0)
        continue;
      file.name = g_strdup (name);
      g_array_append_val (files, file);
    }
  g_array_sort (files, compare_newest_first);

  for (guint i = keep; i < files->len; i++)
    {
      const BackupFile *file = &g_array_index (files, BackupFile, i);
      g_autofree char *path = NULL;

      if (file->day == today)
        continue;
      path = g_build_filename (dir, file->name, NULL);
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          set_errno_error (error, errno, N_("The old backup “%s” could not be removed"), path);
          return FALSE;
        }
    }
  return TRUE;
}

/* The rolling backup ---------------------------------------------------- */

/**
 * ebb_backup_rolling:
 * @store: the clinic database, outside any transaction
 * @backup_dir: (nullable): the backup folder, or %NULL for
 *   ebb_backup_default_dir(); created 0700 when missing
 * @keep: how many daily backups to keep, 1 or more
 * @today: the day of use (ebb_date_today())
 * @made: (out) (optional) (transfer full) (nullable): the backup made by
 *   this call, or %NULL when today's existed already
 * @error: an %EBB_STORE_ERROR (e.g. %EBB_STORE_ERROR_CHECK_FAILED: the
 *   database failed its check, so no backup was made) or an
 *   %EBB_BACKUP_ERROR
 *
 * Makes today's backup, `clinic-YYYY-MM-DD.db` (mode 0600), unless it
 * exists, then removes the oldest backups beyond @keep.  The copy is
 * written under a temporary name, checked, flushed to the disk and only
 * then given its name, so a backup with that name is always complete.
 * When no backup could be made nothing is removed: the older backups are
 * then all the more precious.  Files in the folder that are not named
 * like a backup are never touched.
 *
 * Returns: %TRUE when today's backup exists and old ones were removed.
 *   On %FALSE, @made is still set if this call made a backup.
 */
gboolean
ebb_backup_rolling (EbbStore     *store,
                    const char   *backup_dir,
                    guint         keep,
                    gint32        today,
                    char        **made,
                    GError      **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (EBB_IS_STORE (store), FALSE);
  g_return_val_if_fail (keep > 0, FALSE);
  g_return_val_if_fail (today > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (made != NULL)
    *made = NULL;

  dir = backup_dir != NULL ? g_strdup (backup_dir) : ebb_backup_default_dir ();
  if (!ensure_private_dir (dir, error))
    return FALSE;

  name = ebb_backup_file_name (today);
  path = g_build_filename (dir, name, NULL);

  if (!path_exists (path))
    {
      g_autofree char *partial = NULL;

      remove_stale_partials (dir);
      partial = unused_temp_name (dir, name, "partial", error);
      if (partial == NULL)
        return FALSE;

      /* Checks the database first and refuses one that fails, then checks
       * the copy; on failure it leaves no file behind. */
      if (!ebb_store_backup (store, partial, error))
        return FALSE;

      if (!sync_path (partial, FALSE, error))
        {
          g_unlink (partial);
          return FALSE;
        }
      if (g_rename (partial, path) != 0)
        {
          set_errno_error (error, errno, N_("The backup “%s” could not be saved"), path);
          g_unlink (partial);
          return FALSE;
        }
      if (made != NULL)
        *made = g_strdup (path);
      if (!sync_path (dir, TRUE, error))
        return FALSE;
    }

  return remove_old_backups (dir, keep, today, error);
}

/* Restoring -------------------------------------------------------------- */

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

static gboolean
database_in_use (const char *path)
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

/* Copies @source byte for byte to the new file @destination (0600). */
static gboolean
copy_file_bytes (const char  *source,
                 const char  *destination,
                 GError     **error)
{
  char buffer[64 * 1024];
  int in = -1, out = -1;
  gboolean ok = FALSE;
  ssize_t n;

  in = g_open (source, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    {
      set_errno_error (error, errno, N_("“%s” could not be read"), source);
      return FALSE;
    }
  out = g_open (destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0)
    {
      set_errno_error (error, errno, N_("“%s” could not be created"), destination);
      goto out;
    }

  while ((n = read (in, buffer, sizeof buffer)) != 0)
    {
      ssize_t written = 0;

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_errno_error (error, errno, N_("“%s” could not be read"), source);
          goto out;
        }
      while (written < n)
        {
          ssize_t w = write (out, buffer + written, (size_t) (n - written));

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              set_errno_error (error, errno, N_("“%s” could not be written"), destination);
              goto out;
            }
          written += w;
        }
    }
  ok = TRUE;

out:
  if (in >= 0)
    g_close (in, NULL);
  if (out >= 0 && !g_close (out, NULL) && ok)
    {
      set_errno_error (error, errno, N_("“%s” could not be written"), destination);
      ok = FALSE;
    }
  return ok;
}

/* Makes @copy, a new file, a checked copy of the database @backup. */
static gboolean
make_checked_copy (const char  *backup,
                   const char  *copy,
                   GError     **error)
{
  g_autoptr(EbbStore) store = NULL;
  GError *local_error = NULL;

  store = ebb_store_open (backup, EBB_STORE_OPEN_READ_ONLY, &local_error);
  if (store == NULL)
    {
      /* A backup made before this version's schema is opened read-only
       * only after an upgrade, which must not happen to the backup
       * itself: upgrade a byte-for-byte copy instead. */
      if (!g_error_matches (local_error, EBB_STORE_ERROR, EBB_STORE_ERROR_READ_ONLY) ||
          !is_older_ebb_file (backup))
        {
          g_propagate_prefixed_error (error, local_error, _("Nothing was restored: "));
          return FALSE;
        }
      g_clear_error (&local_error);

      if (!copy_file_bytes (backup, copy, error))
        {
          g_unlink (copy);
          return FALSE;
        }
      store = ebb_store_open (copy, EBB_STORE_OPEN_DEFAULT, error);
      if (store == NULL || !ebb_store_check (store, NULL, error))
        {
          g_prefix_error (error, _("Nothing was restored from “%s”: "), backup);
          g_clear_object (&store);
          ebb_store_remove_database_files (copy);
          return FALSE;
        }
      /* Closing the last connection folds the -wal into the file. */
      g_clear_object (&store);
      return TRUE;
    }

  if (!ebb_store_check (store, NULL, error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }
  /* A copy through SQLite, not of the bytes: the backup's own -wal, if it
   * has one, is part of it.  The copy is checked again once written. */
  if (!ebb_store_backup (store, copy, error))
    {
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }
  return TRUE;
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
      gboolean taken = path_exists (aside);

      for (guint i = 0; i < G_N_ELEMENTS (journal_suffixes) && !taken; i++)
        {
          g_autofree char *journal = g_strconcat (aside, journal_suffixes[i], NULL);

          taken = path_exists (journal);
        }
      if (!taken)
        return g_steal_pointer (&aside);
    }
}

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

  if (!path_exists (from))
    return TRUE;

  /* A second name keeps the database in place until the restored one
   * replaces it in a single rename: there is no moment without one.
   * Folders that cannot hold hard links get a plain move. */
  if (try_link && link (from, to) == 0)
    move.linked = TRUE;
  else if (g_rename (from, to) != 0)
    {
      set_errno_error (error, errno, N_("“%s” could not be moved aside, so nothing was restored"), from);
      return FALSE;
    }
  move.from = g_strdup (from);
  move.to = g_strdup (to);
  g_array_append_val (moves, move);
  return TRUE;
}

/**
 * ebb_backup_restore_full:
 * @backup: the backup to restore, an Ebb clinic database
 * @destination: the database to replace; it need not exist
 * @moved_aside: (out) (optional) (transfer full) (nullable): where the
 *   database that was replaced is now, or %NULL when there was none
 * @error: an %EBB_STORE_ERROR when @backup is not a good Ebb database (it
 *   does not open, is newer than this Ebb or fails its check), or an
 *   %EBB_BACKUP_ERROR
 *
 * Replaces @destination with a checked copy of @backup.  The copy is made
 * next to @destination, flushed to the disk and renamed over it, so that
 * @destination is at every moment either the old database or the
 * restored one.  The old one, with its -wal or -journal, is first given
 * the name `DESTINATION.before-restore-YYYYMMDD-HHMMSS`, so nothing is
 * lost; its -shm, which only caches the -wal, is removed.  A backup made
 * by an older Ebb is upgraded in the copy; @backup itself is only read.
 *
 * @destination must not be open, in this process or another: a database
 * open in another program is refused with %EBB_BACKUP_ERROR_IN_USE.
 *
 * Returns: %TRUE when restored; on %FALSE @destination is as it was.
 */
gboolean
ebb_backup_restore_full (const char  *backup,
                         const char  *destination,
                         char       **moved_aside,
                         GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GArray) moves = NULL;
  g_autofree char *shm = NULL;
  GStatBuf backup_st, destination_st;

  g_return_val_if_fail (backup != NULL && *backup != '\0', FALSE);
  g_return_val_if_fail (destination != NULL && *destination != '\0', FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (moved_aside != NULL)
    *moved_aside = NULL;

  if (g_stat (backup, &backup_st) == 0 && g_stat (destination, &destination_st) == 0 &&
      backup_st.st_dev == destination_st.st_dev && backup_st.st_ino == destination_st.st_ino)
    {
      g_set_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_SAME_FILE,
                   _("“%s” is the database itself, not a backup of it: nothing was restored"),
                   backup);
      return FALSE;
    }

  /* Fail early and change nothing when the database is in use. */
  if (database_in_use (destination))
    goto in_use;

  dir = g_path_get_dirname (destination);
  base = g_path_get_basename (destination);
  if (!ensure_private_dir (dir, error))
    return FALSE;

  copy = unused_temp_name (dir, base, "restore", error);
  if (copy == NULL || !make_checked_copy (backup, copy, error))
    return FALSE;
  if (!sync_path (copy, FALSE, error))
    goto failed;

  /* Asked again: the check of a large backup takes a while. */
  if (database_in_use (destination))
    {
      ebb_store_remove_database_files (copy);
      goto in_use;
    }

  /* The journals first: a -wal or -journal left next to the restored
   * file would be replayed into it by SQLite, which cannot tell that they
   * belong to another database. */
  aside = aside_name (destination);
  moves = g_array_new (FALSE, FALSE, sizeof (Move));
  g_array_set_clear_func (moves, move_clear);
  for (guint i = 0; i < G_N_ELEMENTS (journal_suffixes); i++)
    {
      g_autofree char *from = g_strconcat (destination, journal_suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, journal_suffixes[i], NULL);
      GStatBuf st;

      /* An empty journal holds nothing to keep (a reader leaves one). */
      if (g_lstat (from, &st) == 0 && S_ISREG (st.st_mode) && st.st_size == 0 &&
          g_unlink (from) == 0)
        continue;
      if (!move_aside (moves, from, to, FALSE, error))
        goto undo;
    }
  if (!move_aside (moves, destination, aside, TRUE, error))
    goto undo;

  shm = g_strconcat (destination, "-shm", NULL);
  if (g_unlink (shm) != 0 && errno != ENOENT)
    {
      set_errno_error (error, errno, N_("“%s” could not be removed, so nothing was restored"), shm);
      goto undo;
    }

  if (g_rename (copy, destination) != 0)
    {
      set_errno_error (error, errno, N_("“%s” could not be replaced, so nothing was restored"),
                       destination);
      goto undo;
    }

  /* The rename is what made the restore; a failed flush of the folder
   * is worth reporting, but there is nothing left to undo. */
  if (moved_aside != NULL && moves->len > 0)
    *moved_aside = g_steal_pointer (&aside);
  return sync_path (dir, TRUE, error);

undo:
  undo_moves (moves);
failed:
  ebb_store_remove_database_files (copy);
  return FALSE;

in_use:
  g_set_error (error, EBB_BACKUP_ERROR, EBB_BACKUP_ERROR_IN_USE,
               _("“%s” is open in another program (is Ebb running?): close it, then "
                 "restore again. Nothing was restored"),
               destination);
  return FALSE;
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
                    GError     **error)
{
  return ebb_backup_restore_full (backup, destination, NULL, error);
}
