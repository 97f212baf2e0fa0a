/* ebb-backup-files.c — files and folders, for the backup and the restore
 *
 * Copyright 2026 The Ebb authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What ebb-backup.c and ebb-restore.c do to files besides SQLite's work:
 * private folders and files, copies byte for byte, flushes to the disk,
 * unused temporary names, and a name's real file behind its symbolic
 * links.  Errors say what happened to which file, with errno's words.
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

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ebb-backup-private.h"

void
_ebb_backup_set_errno_error (GError     **error,
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

gboolean
_ebb_backup_path_exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

/* Makes @dir (and its parents) private to the user.  A folder that exists
 * already is the user's choice and keeps its mode; the backups in it are
 * 0600 whatever it is. */
gboolean
_ebb_backup_ensure_private_dir (const char  *dir,
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
      _ebb_backup_set_errno_error (error, errno,
                                   N_("The backup folder “%s” could not be created: choose another place"),
                                   dir);
      return FALSE;
    }
  return TRUE;
}

/* fsync() on a file or a folder: the data, and then the name that points
 * to it, must be on the disk before anything older is given up. */
gboolean
_ebb_backup_sync_path (const char  *path,
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
  _ebb_backup_set_errno_error (error, saved_errno, N_("“%s” could not be written to the disk"), path);
  return FALSE;
}

/* A name in @dir, unique among the running programs, that does not exist
 * when this returns: ebb_store_copy() refuses to overwrite a file. */
char *
_ebb_backup_unused_temp_name (const char  *dir,
                              const char  *base,
                              const char  *purpose,
                              GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s/.%s.%s-XXXXXX", dir, base, purpose);
  int fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      _ebb_backup_set_errno_error (error, errno, N_("A temporary file could not be created in “%s”"), dir);
      return NULL;
    }
  g_close (fd, NULL);
  g_unlink (path);
  return g_steal_pointer (&path);
}

/* Copies @source byte for byte to the new file @destination (0600). */
gboolean
_ebb_backup_copy_file_bytes (const char  *source,
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
      _ebb_backup_set_errno_error (error, errno, N_("“%s” could not be read"), source);
      return FALSE;
    }
  out = g_open (destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0)
    {
      _ebb_backup_set_errno_error (error, errno, N_("“%s” could not be created"), destination);
      goto out;
    }

  while ((n = read (in, buffer, sizeof buffer)) != 0)
    {
      ssize_t written = 0;

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          _ebb_backup_set_errno_error (error, errno, N_("“%s” could not be read"), source);
          goto out;
        }
      while (written < n)
        {
          ssize_t w = write (out, buffer + written, (size_t) (n - written));

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              _ebb_backup_set_errno_error (error, errno, N_("“%s” could not be written"), destination);
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
      _ebb_backup_set_errno_error (error, errno, N_("“%s” could not be written"), destination);
      ok = FALSE;
    }
  return ok;
}

/* A new, empty file, mode 0600 whatever the umask. */
gboolean
_ebb_backup_create_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

  if (fd < 0 || fchmod (fd, 0600) != 0)
    {
      _ebb_backup_set_errno_error (error, errno, N_("“%s” could not be created"), path);
      if (fd >= 0)
        {
          g_close (fd, NULL);
          g_unlink (path);
        }
      return FALSE;
    }
  return g_close (fd, NULL);
}

/* The file @path really is: its own symbolic links and its folders'
 * followed, also when it does not exist yet (a link to a file to come). */
char *
_ebb_backup_resolve_real_path (const char  *path,
                   GError     **error)
{
  g_autofree char *current = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  char *real;

  real = realpath (path, NULL);
  if (real != NULL)
    {
      char *copy = g_strdup (real);

      free (real);
      return copy;
    }
  if (errno != ENOENT)
    {
      _ebb_backup_set_errno_error (error, errno, N_("“%s” could not be found"), path);
      return NULL;
    }

  /* Not there: follow links by hand to where the file is to be. */
  current = g_canonicalize_filename (path, NULL);
  for (guint hops = 0; ; hops++)
    {
      GStatBuf st;
      g_autofree char *target = NULL;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        break;
      if (hops == 40)
        {
          _ebb_backup_set_errno_error (error, ELOOP, N_("“%s” could not be found"), path);
          return NULL;
        }
      target = g_file_read_link (current, NULL);
      if (target == NULL)
        break;
      if (!g_path_is_absolute (target))
        {
          g_autofree char *link_dir = g_path_get_dirname (current);
          g_autofree char *joined = g_build_filename (link_dir, target, NULL);

          g_free (target);
          target = g_canonicalize_filename (joined, NULL);
        }
      g_free (current);
      current = g_steal_pointer (&target);
    }

  dir = g_path_get_dirname (current);
  base = g_path_get_basename (current);
  real = realpath (dir, NULL);
  if (real != NULL)
    {
      char *joined = g_build_filename (real, base, NULL);

      free (real);
      return joined;
    }
  /* A folder still to be made. */
  return g_steal_pointer (&current);
}
