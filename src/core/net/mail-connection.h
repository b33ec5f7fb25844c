/* mail-connection.h: the connection one check runs on: resolve, connect, TLS (implicit or
 * after STARTTLS) with the certificate verified or its pinned fingerprint, buffered reading
 * and writing under the run's time limits, and the second look at a port that stays silent
 * or fails TLS
 *
 * The IMAP and SMTP modules speak their protocol over it through a MailConnectionProtocol:
 * the connection calls them only through that table and the callbacks they hand it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-check-run.h"
#include "mail-sasl.h"

G_BEGIN_DECLS

#define MAIL_CONNECTION_READ_CHUNK  4096

typedef struct _MailConnection MailConnection;

/* A step of the protocol: data is what the protocol handed with it (its state). */
typedef void (*MailConnectionFunc) (gpointer data);

typedef struct
{
  /* The connection is up (and encrypted, for implicit TLS), the greeting step has begun:
   * set connection->state (freed with free_state), then read the server's greeting. */
  void     (*greeting)     (MailConnection *connection);
  /* The stream ended in the greeting stage with bytes buffered (a greeting cut short); NULL:
   * "closed without a greeting". */
  void     (*greeting_eof) (gpointer        state);
  void     (*free_state)   (gpointer        state);
} MailConnectionProtocol;

struct _MailConnection
{
  MailCheckRun                 *run;           /* owned */
  const MailCheckSettings      *settings;
  GTask                        *task;          /* unowned: the task owns the connection */
  const MailConnectionProtocol *protocol;
  gpointer                      state;         /* the protocol's */

  GList                        *addresses;     /* GInetAddress */
  GList                        *next_address;
  GError                       *connect_error;
  GSocketConnection            *connection;
  GIOStream                    *stream;        /* connection, or the TLS connection on it */
  GTlsCertificate              *peer_certificate;
  GTlsCertificateFlags          peer_errors;
  gboolean                      trusted_by_fingerprint;
  char                         *tls_detail;    /* "TLS 1.3, certificate valid for HOST" */
  MailConnectionFunc            after_tls;
  gpointer                      after_tls_data;

  GByteArray                   *input;
  guint8                        chunk[MAIL_CONNECTION_READ_CHUNK];
  MailConnectionFunc            on_input;
  gpointer                      on_input_data;
  MailConnectionFunc            on_eof;        /* NULL: "the server closed the connection" */
  gpointer                      on_eof_data;
  char                         *output;        /* the line being written; wiped after */
  gsize                         output_len;
  MailConnectionFunc            after_write;
  gpointer                      after_write_data;

  gboolean                      greeting_stage;

  /* The second look (mail-port-sniff.h) when the greeting stays silent or TLS fails */
  GSource                      *silence_timer;
  GCancellable                 *look;          /* cancelled when the run ends or greeting comes */
  gboolean                      look_running;
  gboolean                      look_extended; /* the step limit was extended once for it */
  gboolean                      look_found_nothing;
  GError                       *tls_error;     /* the handshake error the look explains */
};

/* A connection for task (whose task data it becomes, so task keeps it alive), with run. It
 * starts with the resolve step; the protocol's greeting hook takes over once connected. */
MailConnection *mail_connection_start          (GTask                        *task,
                                                MailCheckRun                 *run,
                                                const MailConnectionProtocol *protocol);
MailConnection *mail_connection_from_task      (GTask                        *task);

/* Reads more bytes into input, then calls on_input (or the EOF handler at the end). */
void            mail_connection_read           (MailConnection     *self,
                                                MailConnectionFunc  on_input,
                                                gpointer            data);
/* At the end of the stream: on_eof, or NULL for "the server closed the connection". */
void            mail_connection_set_eof_handler (MailConnection    *self,
                                                MailConnectionFunc  on_eof,
                                                gpointer            data);
/* Sends line + CRLF; line may be a secret (wiped after). The caller wrote the transcript. */
void            mail_connection_send           (MailConnection     *self,
                                                const char         *line,
                                                MailConnectionFunc  after_write,
                                                gpointer            data);
void            mail_connection_consume        (MailConnection     *self,
                                                gsize               len);
/* Starts TLS on the connection after the server agreed to STARTTLS, then calls after with
 * tls_detail set. Bytes already buffered end the check (command injection). */
void            mail_connection_start_tls      (MailConnection     *self,
                                                MailConnectionFunc  after,
                                                gpointer            data);
gboolean        mail_connection_is_encrypted   (MailConnection     *self);
/* The address literal of our end: "[192.0.2.1]", "[IPv6:...]" (for EHLO). */
char           *mail_connection_local_literal  (MailConnection     *self);

/* The greeting stage: silence and EOF get the greeting's diagnosis; ends the second look. */
void            mail_connection_set_greeting_stage (MailConnection *self,
                                                gboolean            greeting_stage);
/* The greeting (made safe) for the diagnosis; takes greeting. */
void            mail_connection_set_greeting   (MailConnection     *self,
                                                char               *greeting);
/* A greeting that is not IMAP/SMTP: "TLS on this port" or "something else", with a printable
 * glimpse of what answered kept as the greeting. */
void            mail_connection_fail_not_mail_server (MailConnection *self);

/* TRUE when a credential may be sent: the connection is encrypted, or the server is this
 * computer and was given by the person (MailServer.given). Otherwise fails the check with
 * auth-unencrypted. */
gboolean        mail_connection_may_send_credential (MailConnection *self);
/* The mechanism to use: the first wanted one (mail_probe_set_mechanisms() filtered to the
 * kind of credential, else the defaults for the kind) that offered has. Sets the result's. */
gboolean        mail_connection_choose_mechanism (MailConnection    *self,
                                                const char *const  *offered,
                                                MailSaslMechanism  *mechanism);
/* The SASL client response for mechanism (a secret unless LOGIN: the transcript hides it). */
char           *mail_connection_sasl_response  (MailConnection     *self,
                                                MailSaslMechanism   mechanism);
/* The last guard, then a passed check: no check passes without the encryption asked for. */
void            mail_connection_succeed        (MailConnection     *self);

G_END_DECLS
