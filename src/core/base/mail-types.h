/* mail-types.h: small enums and helpers shared by the whole core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MAIL_PROTOCOL_IMAP,
  MAIL_PROTOCOL_SMTP,
} MailProtocol;

typedef enum
{
  MAIL_SECURITY_TLS,      /* implicit TLS (993, 465) */
  MAIL_SECURITY_STARTTLS, /* plain connect, then STARTTLS (143, 587) */
  MAIL_SECURITY_NONE,     /* no TLS at all: only ever on loopback or when asked for */
} MailSecurity;

typedef enum
{
  MAIL_AUTH_OAUTH2,
  MAIL_AUTH_PASSWORD,
  MAIL_AUTH_APP_PASSWORD,
  MAIL_AUTH_NONE,
} MailAuthKind;

/* Errors the core raises itself (the rest are GIO's: G_IO_ERROR, G_RESOLVER_ERROR,
 * G_TLS_ERROR). The diagnosis tables map each of these to a diagnosis code. */
#define MAIL_ERROR (mail_error_quark ())
typedef enum
{
  MAIL_ERROR_TIMEOUT,                /* a step or the whole check ran out of time */
  MAIL_ERROR_CLOSED,                 /* the server closed the connection */
  MAIL_ERROR_NOT_MAIL_SERVER,        /* what answered is not IMAP/SMTP */
  MAIL_ERROR_WRONG_SECURITY,         /* TLS spoken to a plain port or the reverse */
  MAIL_ERROR_STARTTLS_UNAVAILABLE,
  MAIL_ERROR_MECHANISM_UNAVAILABLE,  /* no usable SASL mechanism offered */
  MAIL_ERROR_PROTOCOL,               /* malformed or oversized server response */
  MAIL_ERROR_SERVER_REFUSED,         /* the server said NO/BAD/4xx/5xx: see the server lines */
  MAIL_ERROR_INVALID_INPUT,          /* bad input from the person (address, port, file) */
  MAIL_ERROR_FAILED,
} MailError;

GQuark       mail_error_quark            (void);

const char  *mail_protocol_to_string     (MailProtocol  protocol);
gboolean     mail_protocol_from_string   (const char   *text,
                                          MailProtocol *protocol);
const char  *mail_security_to_string     (MailSecurity  security);
gboolean     mail_security_from_string   (const char   *text,
                                          MailSecurity *security);
const char  *mail_auth_kind_to_string    (MailAuthKind  kind);
gboolean     mail_auth_kind_from_string  (const char   *text,
                                          MailAuthKind *kind);
guint16      mail_default_port           (MailProtocol  protocol,
                                          MailSecurity  security);

/* Checks an address of the form local@domain (no spaces, one @, a dot-free domain is fine
 * for lab names): valid UTF-8 without control characters, RFC 5321 lengths (local part <= 64
 * bytes, domain <= 255, all <= 254), the domain a host name (IDNA allowed). Returns FALSE and
 * sets MAIL_ERROR_INVALID_INPUT with a sentence for people naming the part at fault. */
gboolean     mail_email_validate         (const char   *email,
                                          GError      **error);
const char  *mail_email_domain           (const char   *email);
char        *mail_email_local_part       (const char   *email);

/* Wipes and frees a string that held a password, token or code. */
void         mail_secret_free            (char         *secret);

G_END_DECLS
