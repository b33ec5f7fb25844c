/* mail-file.c: bounded reads of input files
 *
 * g_file_get_contents () reads until the end, however far that is: `--ca-file /dev/zero` grew
 * to gigabytes and never ended. Everything Mail Setup reads from a path goes through here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "mail-file.h"
#include "mail-types.h"

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               "%s: %s", path, g_strerror (saved_errno));
}

static void
set_too_large_error (GError     **error,
                     const char  *path,
                     gsize        max_bytes)
{
  g_autofree char *limit = g_format_size_full (max_bytes, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
               /* Translators: %s is a file path, then a size such as "256.0 KiB" */
               _("%s: the file is larger than %s, more than this kind of file ever holds."),
               path, limit);
}

char *
mail_file_read_bounded (const char  *path,
                        gsize        max_bytes,
                        gsize       *length,
                        GError     **error)
{
  g_autofree char *data = NULL;
  gsize size = 0;
  gsize capacity;
  struct stat st;
  int flags;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (max_bytes > 0 && max_bytes < G_MAXSIZE / 2, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* O_NONBLOCK: opening a FIFO nobody writes to must not wait forever. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      set_errno_error (error, errno, path);
      close (fd);
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      set_errno_error (error, EISDIR, path);
      close (fd);
      return NULL;
    }
  if (S_ISSOCK (st.st_mode))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, _("%s: not a file."), path);
      close (fd);
      return NULL;
    }
  if (S_ISREG (st.st_mode) && (guint64) st.st_size > max_bytes)
    {
      set_too_large_error (error, path, max_bytes);
      close (fd);
      return NULL;
    }

  /* Blocking reads from here on: a pipe's writer may be slower than we are. */
  flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);

  capacity = S_ISREG (st.st_mode) ? (gsize) st.st_size + 1 : MIN (max_bytes + 1, 64 * 1024);
  data = g_malloc (capacity + 1);
  for (;;)
    {
      gssize n;

      if (size == capacity)
        {
          if (capacity > max_bytes)
            break;
          capacity = MIN (capacity * 2, max_bytes + 1);
          data = g_realloc (data, capacity + 1);
        }

      n = read (fd, data + size, capacity - size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_errno_error (error, errno, path);
          close (fd);
          return NULL;
        }
      if (n == 0)
        break;
      size += n;
    }
  close (fd);

  if (size > max_bytes)
    {
      set_too_large_error (error, path, max_bytes);
      return NULL;
    }

  data[size] = '\0';
  if (length != NULL)
    *length = size;
  return g_steal_pointer (&data);
}

gboolean
mail_file_load_key_file (GKeyFile       *keyfile,
                         const char     *path,
                         gsize           max_bytes,
                         GKeyFileFlags   flags,
                         GError        **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (keyfile != NULL, FALSE);

  data = mail_file_read_bounded (path, max_bytes, &length, error);
  return data != NULL && g_key_file_load_from_data (keyfile, data, length, flags, error);
}
