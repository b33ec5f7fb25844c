/* mail-other-apps-private.h: what the readers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-other-apps.h"

G_BEGIN_DECLS

/* Files larger than this are refused: no mail app's configuration is that big. */
#define MAIL_OTHER_APPS_MAX_FILE_SIZE (1024 * 1024)

/* Reads path whole, refusing more than MAIL_OTHER_APPS_MAX_FILE_SIZE bytes or a non-regular
 * file. A missing file is G_FILE_ERROR_NOENT (callers skip it quietly). */
gboolean   mail_other_apps_read_file      (const char  *path,
                                           char       **contents,
                                           gsize       *length,
                                           GError     **error);
/* Bounded read, then a GKeyFile. */
GKeyFile  *mail_other_apps_load_key_file  (const char  *path,
                                           GError     **error);
/* "~/.msmtprc" for home/.msmtprc; the path itself otherwise. */
char      *mail_other_apps_display_path   (const MailOtherAppsDirs *dirs,
                                           const char  *path);

/* Value checks on everything read. */
gboolean   mail_other_apps_host_ok        (const char  *host);
gboolean   mail_other_apps_text_ok        (const char  *text);
gboolean   mail_other_apps_parse_port     (const char  *text,
                                           guint16     *port);

/* Checks the account's values; adds it to out, or an error entry naming what is wrong. */
void       mail_other_apps_add            (GPtrArray           *out,
                                           MailOtherAppAccount *account);
/* Adds an error entry for path (display form) with error's message. */
void       mail_other_apps_add_error      (GPtrArray           *out,
                                           const char          *app,
                                           const char          *display_path,
                                           const char          *message);

/* "user@host" URL authority helpers for neomutt and aerc: scheme://[user[:pass]@]host[:port][/...].
 * user is percent-decoded; has_password tells whether a password was in the URL (never
 * returned). */
gboolean   mail_other_apps_parse_url      (const char  *url,
                                           char       **scheme,
                                           char       **user,
                                           gboolean    *has_password,
                                           char       **host,
                                           guint16     *port);

void mail_other_apps_read_goa         (const MailOtherAppsDirs *dirs, GPtrArray *out);
void mail_other_apps_read_evolution   (const MailOtherAppsDirs *dirs, GPtrArray *out);
void mail_other_apps_read_geary       (const MailOtherAppsDirs *dirs, GPtrArray *out);
void mail_other_apps_read_thunderbird (const MailOtherAppsDirs *dirs, GPtrArray *out);
void mail_other_apps_read_msmtp       (const MailOtherAppsDirs *dirs, GPtrArray *out);
void mail_other_apps_read_mbsync      (const MailOtherAppsDirs *dirs, GPtrArray *out);
void mail_other_apps_read_neomutt     (const MailOtherAppsDirs *dirs, GPtrArray *out);
void mail_other_apps_read_aerc        (const MailOtherAppsDirs *dirs, GPtrArray *out);

G_END_DECLS

G_BEGIN_DECLS
/* "keyword value" lines (msmtp, mbsync): keyword and the rest, with surrounding whitespace and
 * one pair of double quotes removed ("\"" and "\\" unescaped inside). FALSE for blank lines and
 * # comments. */
gboolean   mail_other_apps_split_line     (const char  *line,
                                           char       **keyword,
                                           char       **value);
/* Lines of a file read with the size bound, or NULL with error. */
char     **mail_other_apps_read_lines     (const char  *path,
                                           GError     **error);
G_END_DECLS
