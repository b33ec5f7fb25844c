/* mail-validate.h: the checks every value from outside passes where it enters
 *
 * Host names, ports, user names and texts for people come from discovery answers, autoconfig
 * documents, provider files, settings files, the keyring and the command line. Each of them is
 * checked here before it is stored in a MailServer or MailAccountSettings; invalid input is a
 * MAIL_ERROR_INVALID_INPUT naming the field ("The IMAP server name “…” is not a valid host
 * name"), never cleaned silently. The exporters check again at their end (defence in depth).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mail-types.h"

G_BEGIN_DECLS

#define MAIL_HOST_NAME_MAX     253   /* RFC 1035, without a trailing dot */
#define MAIL_HOST_LABEL_MAX    63
#define MAIL_USER_NAME_MAX     320   /* bytes: an address of 64 + 1 + 255 */
#define MAIL_DISPLAY_NAME_MAX  256   /* bytes */
#define MAIL_DISPLAY_TEXT_MAX  4096  /* bytes: notes, sources, URLs shown to people */
#define MAIL_EMAIL_MAX         254   /* RFC 5321 4.5.3.1.3, as octets */
#define MAIL_EMAIL_LOCAL_MAX   64    /* RFC 5321 4.5.3.1.1 */
#define MAIL_EMAIL_DOMAIN_MAX  255   /* RFC 5321 4.5.3.1.2 */

/* A DNS name of LDH labels (1-63 each, at most 253 in all, one trailing dot allowed;
 * internationalized names are converted with g_hostname_to_ascii and the result checked) or an
 * IPv4/IPv6 literal without zone id. Returns the ASCII form (A-labels; an ASCII name is kept as
 * it was given), or NULL with MAIL_ERROR_INVALID_INPUT naming what (“IMAP server name”). */
char       *mail_validate_host          (const char  *host,
                                         const char  *what,
                                         GError     **error);
gboolean    mail_validate_port          (gint64       port,
                                         const char  *what,
                                         GError     **error);
/* Valid UTF-8, not empty, no control character (C0, DEL, C1, U+2028/U+2029), at most
 * MAIL_USER_NAME_MAX bytes. */
gboolean    mail_validate_user_name     (const char  *user,
                                         const char  *what,
                                         GError     **error);
/* Text shown to people (provider names, notes, sources): the rules of user names with
 * max_bytes as the limit; NULL and empty text are fine. */
gboolean    mail_validate_display_text  (const char  *text,
                                         gsize        max_bytes,
                                         const char  *what,
                                         GError     **error);
/* C0, DEL, C1, U+2028 and U+2029: what can end a line of a file or move a terminal's cursor. */
gboolean    mail_unichar_is_control     (gunichar     c);
/* TRUE when text is valid UTF-8 without any control character (see above). */
gboolean    mail_text_is_printable      (const char  *text);
/* value made safe to show inside an error message or on a terminal: invalid bytes and control
 * characters as \xNN or \u{NNNN}, cut after max_chars characters with “…”. */
char       *mail_validate_quote         (const char  *value,
                                         guint        max_chars);

G_END_DECLS
