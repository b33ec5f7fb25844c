/* mail-smtp-reply.h: one SMTP reply (single or multi-line), parsed without trusting the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 5321 allows 512 octets per reply line; real servers stay far below these limits. */
#define MAIL_SMTP_MAX_LINE   (8 * 1024)
#define MAIL_SMTP_MAX_LINES  256
/* All lines of one reply together (an EHLO reply is below 1 KiB). */
#define MAIL_SMTP_MAX_REPLY  (64 * 1024)

typedef struct
{
  guint       code;      /* 220, 250, 535, ... */
  char       *enhanced;  /* RFC 3463 enhanced status code ("5.7.139") or NULL */
  GPtrArray  *lines;     /* char *, NULL-terminated: each line verbatim without its line end
                          * (control characters replaced, valid UTF-8): "535 5.7.8 Error" */
  GPtrArray  *texts;     /* char *, NULL-terminated: each line's text after "250-" / "250 " */
} MailSmtpReply;

/* Parses the first complete reply in data. Returns NULL with *consumed = 0 and no error when
 * more data is needed; NULL with MAIL_ERROR_PROTOCOL when the data is not SMTP or exceeds a
 * limit above. On success *consumed is the number of bytes used, line ends included. */
MailSmtpReply *mail_smtp_reply_parse           (const char           *data,
                                                gsize                 len,
                                                gsize                *consumed,
                                                GError              **error);
/* At the end of the stream: the complete lines in data as a reply even when its last line
 * announces more ("501-... closing connection" and then nothing). NULL if there is none. */
MailSmtpReply *mail_smtp_reply_parse_truncated (const char           *data,
                                                gsize                 len,
                                                GError              **error);
void           mail_smtp_reply_free            (MailSmtpReply        *reply);
const char *const *mail_smtp_reply_get_lines   (const MailSmtpReply  *reply);
/* 2 for 2xx, 3 for 3xx, ... */
guint          mail_smtp_reply_get_class       (const MailSmtpReply  *reply);

/* EHLO replies: whether an extension keyword is announced (lines after the first),
 * case-insensitive ("STARTTLS", "PIPELINING"). */
gboolean       mail_smtp_reply_has_extension   (const MailSmtpReply  *reply,
                                                const char           *keyword);
/* EHLO replies: the SASL mechanisms of "AUTH ..." (and the old "AUTH=..." form), upper case,
 * without duplicates, in order. */
char         **mail_smtp_reply_get_auth_mechanisms (const MailSmtpReply *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailSmtpReply, mail_smtp_reply_free)

G_END_DECLS
