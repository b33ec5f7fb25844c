/* mail-file.h: reading the small files Mail Setup takes as input, with a size bound
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads all of path, which must not hold more than max_bytes, checking the bound before the
 * data is read: a regular file that is larger is refused at once, anything else (a pipe,
 * /dev/zero) is read up to max_bytes + 1 bytes at most. Directories and sockets are refused.
 *
 * Returns the data with a NUL after it (length, optional, does not count it). Errors:
 * G_FILE_ERROR when the file cannot be opened or read (G_FILE_ERROR_NOENT when it does not
 * exist), MAIL_ERROR_INVALID_INPUT naming the file and the limit when it is too large or not
 * a file. The messages start with the path. */
char *mail_file_read_bounded (const char  *path,
                              gsize        max_bytes,
                              gsize       *length,
                              GError     **error);

/* g_key_file_load_from_file () through mail_file_read_bounded (): the same errors, and
 * GKeyFile's own for a malformed file. */
gboolean mail_file_load_key_file (GKeyFile       *keyfile,
                                  const char     *path,
                                  gsize           max_bytes,
                                  GKeyFileFlags   flags,
                                  GError        **error);

G_END_DECLS
