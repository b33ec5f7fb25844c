/* mail-imap-response.h: one IMAP server response, parsed without trusting the server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits: a response beyond these is refused with MAIL_ERROR_PROTOCOL. */
#define MAIL_IMAP_MAX_LINE      (64 * 1024)
#define MAIL_IMAP_MAX_LITERAL   (64 * 1024)
#define MAIL_IMAP_MAX_RESPONSE  (256 * 1024)
#define MAIL_IMAP_MAX_LITERALS  64

typedef enum
{
  MAIL_IMAP_RESPONSE_TAGGED,        /* "a1 OK done" */
  MAIL_IMAP_RESPONSE_UNTAGGED,      /* "* OK ...", "* CAPABILITY ...", "* 3 EXISTS" */
  MAIL_IMAP_RESPONSE_CONTINUATION,  /* "+ text" */
} MailImapResponseKind;

typedef enum
{
  MAIL_IMAP_STATUS_NONE,  /* untagged data or continuation */
  MAIL_IMAP_STATUS_OK,
  MAIL_IMAP_STATUS_NO,
  MAIL_IMAP_STATUS_BAD,
  MAIL_IMAP_STATUS_PREAUTH,
  MAIL_IMAP_STATUS_BYE,
} MailImapStatus;

typedef struct
{
  MailImapResponseKind  kind;
  MailImapStatus        status;
  char                 *tag;        /* tagged responses only */
  char                 *keyword;    /* untagged data: "CAPABILITY", "EXISTS" ("* 3 EXISTS"); or NULL */
  char                 *code;       /* response code name, upper case ("ALERT"); or NULL */
  char                 *code_args;  /* its arguments ("IMAP4rev1 AUTH=PLAIN"); or NULL */
  char                 *text;       /* what follows status and code (data: what follows keyword) */
  char                 *line;       /* the whole response on one line, literals inline, control
                                     * characters replaced, valid UTF-8 */
} MailImapResponse;

/* Finds the end of the first complete response in data: a line, or several lines joined by
 * literals {n} / {n+}. Returns its length including the final line end, 0 when more data is
 * needed, -1 with MAIL_ERROR_PROTOCOL when a limit above is exceeded or a literal is malformed. */
gssize            mail_imap_response_scan        (const char              *data,
                                                  gsize                    len,
                                                  GError                 **error);
/* Parses one complete response (as delimited by scan; the final line end is optional). */
MailImapResponse *mail_imap_response_parse       (const char              *data,
                                                  gsize                    len,
                                                  GError                 **error);
void              mail_imap_response_free        (MailImapResponse        *response);
/* The response as the diagnosis wants it: tagged responses without their tag
 * ("NO [ALERT] ..."), others whole ("* BYE ..."). */
const char       *mail_imap_response_get_server_text (const MailImapResponse *response);

const char       *mail_imap_status_to_string     (MailImapStatus           status);

/* "IMAP4rev1 AUTH=PLAIN SASL-IR" → upper-case atoms. */
char            **mail_imap_capabilities_parse   (const char              *text);
gboolean          mail_imap_capabilities_has     (const char *const       *capabilities,
                                                  const char              *name);
/* The mechanisms announced as AUTH=MECH, upper case, in order. */
char            **mail_imap_capabilities_get_auth (const char *const      *capabilities);

/* An IMAP quoted string for text ("a\"b" → "\"a\\\"b\""), or NULL when text must be sent as a
 * literal (CR, LF, NUL or 8-bit characters). */
char             *mail_imap_quote                (const char              *text);

/* A mailbox name in IMAP's modified UTF-7 (RFC 3501 5.1.3): "Entwürfe" → "Entw&APw-rfe",
 * "&" → "&-". NULL if name is not valid UTF-8. */
char             *mail_imap_mailbox_encode       (const char              *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailImapResponse, mail_imap_response_free)

G_END_DECLS
