/* mail-export-file.c: writing an export to a file (0600, atomically)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "mail-export-private.h"

/* GLib's message names the temporary file; people need the path they gave and the reason. */
static const char *
file_error_reason (const GError *error)
{
  if (error->domain != G_FILE_ERROR)
    return error->message;
  switch (error->code)
    {
    case G_FILE_ERROR_NOENT:
      return _("the folder does not exist");
    case G_FILE_ERROR_NOTDIR:
      return _("a part of the path is not a folder");
    case G_FILE_ERROR_ACCES:
    case G_FILE_ERROR_PERM:
      return _("permission denied");
    case G_FILE_ERROR_ROFS:
      return _("the file system is read-only");
    case G_FILE_ERROR_ISDIR:
      return _("it is a folder");
    case G_FILE_ERROR_NOSPC:
      return _("no space left on the device");
    default:
      return error->message;
    }
}

gboolean
mail_export_path_is_writable (const char  *path,
                              GError     **error)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);

  /* lstat: a symbolic link is an existing file (also a broken one), never followed. */
  if (g_lstat (path, &st) != 0 || S_ISREG (st.st_mode))
    return TRUE;
  g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
               _("Cannot write %s: it is not a regular file (%s). Give the path of a new file "
                 "or of a regular file to replace."), path,
               S_ISLNK (st.st_mode) ? _("a symbolic link")
               : S_ISDIR (st.st_mode) ? _("a folder")
               : S_ISFIFO (st.st_mode) ? _("a named pipe")
               : S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode) ? _("a device")
               : _("a special file"));
  return FALSE;
}

gboolean
mail_export_write_file (const char  *path,
                        const char  *contents,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  if (!mail_export_path_is_writable (path, error))
    return FALSE;

  /* GLib writes PATH.XXXXXX beside path with mode 0600, fsyncs and renames it over path; on
   * any failure it removes the temporary file, so no partial file is ever visible. */
  if (!g_file_set_contents_full (path, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, _("Cannot write %s: %s."),
                   path, file_error_reason (local_error));
      return FALSE;
    }
  return TRUE;
}
