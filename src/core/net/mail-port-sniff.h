/* mail-port-sniff.h: a second look at a port, to tell apart what looks the same on the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a check's own connection goes silent or its TLS handshake fails, a separate short
 * connection finds out what listens on the port: a TLS server, a plain mail server, a web
 * server, or something silent. Nothing but a TLS ClientHello and a harmless
 * "HEAD / HTTP/1.0" request is ever sent on it: never a credential, never a mail command.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How long a silent greeting is waited for before the second look starts, and how long the
 * second look waits for each answer; both at most half the step limit (docs/diagnosis-codes.md). */
#define MAIL_PORT_SNIFF_SILENCE_MS 3000

typedef enum
{
  MAIL_PORT_ANSWER_NOTHING,     /* connected, then silence or the connection closed */
  MAIL_PORT_ANSWER_IMAP,        /* "* OK", "* PREAUTH", "* BYE" */
  MAIL_PORT_ANSWER_SMTP,        /* three digits and a space or a dash */
  MAIL_PORT_ANSWER_HTTP,        /* "HTTP/" */
  MAIL_PORT_ANSWER_TLS_RECORD,  /* a TLS record (handshake or alert) on a plain connection */
  MAIL_PORT_ANSWER_OTHER,       /* some other bytes */
} MailPortAnswer;

typedef struct
{
  gboolean             connected;
  gboolean             tls;          /* a TLS handshake was asked for and completed */
  GTlsProtocolVersion  tls_version;
  MailPortAnswer       answer;
  char                *first_line;   /* the first line of the answer, made safe; or NULL */
  GError              *error;        /* why the connection or the handshake failed; or NULL */
} MailPortSniff;

void           mail_port_sniff_free    (MailPortSniff        *sniff);

/* Connects to address (port included), with tls a TLS handshake that accepts any certificate
 * (nothing is trusted or sent because of it). Then waits first_wait_ms for the server to speak,
 * and if it stays silent sends "HEAD / HTTP/1.0" and waits wait_ms for an answer. */
void           mail_port_sniff_async   (GSocketAddress       *address,
                                        const char           *host,
                                        gboolean              tls,
                                        guint                 first_wait_ms,
                                        guint                 wait_ms,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
/* NULL only when cancelled. */
MailPortSniff *mail_port_sniff_finish  (GAsyncResult         *result,
                                        GError              **error);
/* What bytes at the start of a connection are. */
MailPortAnswer mail_port_answer_classify (const guint8       *data,
                                          gsize               len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailPortSniff, mail_port_sniff_free)

G_END_DECLS
