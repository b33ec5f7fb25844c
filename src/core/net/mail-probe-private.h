/* mail-probe-private.h: what the IMAP and SMTP halves of the probe share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-imap-response.h"
#include "mail-probe.h"
#include "mail-sasl.h"
#include "mail-smtp-reply.h"
#include "mail-transcript.h"

G_BEGIN_DECLS

#define DEFAULT_STEP_MS     10000
#define DEFAULT_OVERALL_MS  30000
/* A second look may run this much past the step limit, once. */
#define LOOK_GRACE_MS       3000
#define READ_CHUNK          4096
/* Connect: the time one address gets when more are left to try. */
#define PER_ADDRESS_TIMEOUT_S  3
#define MAX_UNTAGGED        100
/* All responses to one IMAP command together (an endless stream of untagged lines ends here). */
#define MAX_ANSWER_BYTES    (1024 * 1024)
/* Server words kept for the diagnosis: one line, and the greeting. */
#define MAX_KEPT_LINE       4000
/* RFC 5321 4.5.3.1.4: a command line is at most 512 octets, CRLF included. */
#define SMTP_MAX_COMMAND    512

struct _MailProbe
{
  GObject       parent_instance;

  MailServer   *server;
  char         *email;
  MailAuthKind  auth;
  char         *secret;
  char        **mechanisms;
  char         *mailbox;
  char         *provider_id;
  GTlsDatabase *database;
  char         *trusted_fingerprint;
  guint         step_ms;
  guint         overall_ms;
  gboolean      greeting_only;
  MailPortCandidate *alt_ports;     /* NULL: the standard ports */
  guint         n_alt_ports;
  GPtrArray    *alt_extra;          /* MailServer * */
};

typedef struct _Run Run;
typedef void (*RunFunc) (Run *run);
typedef void (*ImapFunc) (Run *run, MailImapResponse *response);
typedef void (*SmtpFunc) (Run *run, MailSmtpReply *reply);

struct _Run
{
  MailProbe            *probe;
  GTask                *task;          /* unowned: the task owns the run */
  GMainContext         *context;
  gint64                start_time;    /* monotonic, µs */
  MailCheckResult      *result;
  MailTranscript       *transcript;
  GCancellable         *cancellable;   /* ours: timeouts and the caller's cancellable cancel it */
  GCancellable         *caller_cancellable;
  gulong                caller_handler;
  GSource              *step_timer;
  GSource              *overall_timer;
  gboolean              timed_out;
  guint                 timeout_ms;    /* the limit that ran out, for the message */
  gboolean              done;

  const char           *step;
  gboolean              step_open;
  gint64                step_start;

  GList                *addresses;     /* GInetAddress */
  GList                *next_address;
  GError               *connect_error;
  GSocketConnection    *connection;
  GIOStream            *stream;        /* connection, or the TLS connection on top of it */
  GTlsCertificate      *peer_certificate;
  GTlsCertificateFlags  peer_errors;
  gboolean              trusted_by_fingerprint;
  char                 *tls_detail;
  RunFunc               after_tls;

  GByteArray           *input;
  guint8                chunk[READ_CHUNK];
  RunFunc               on_input;
  RunFunc               on_eof;
  char                 *output;        /* the line being written; wiped after */
  gsize                 output_len;
  RunFunc               after_write;

  gboolean              greeting_stage;
  char                 *greeting;

  /* The second look (mail-port-sniff.h) when the greeting stays silent or TLS fails */
  GSource              *silence_timer;
  GCancellable         *look;          /* cancelled when the run ends or the greeting comes */
  gboolean              look_running;
  gboolean              look_extended; /* the step limit was extended once for it */
  gboolean              look_found_nothing;
  GError               *tls_error;     /* the handshake error the look explains */
  char                 *first_fix;     /* translated, put first among the diagnosis's fixes */

  /* IMAP */
  guint                 tag_counter;
  char                 *tag;           /* the command in flight, NULL for the greeting */
  ImapFunc              imap_handler;
  gsize                 answer_bytes;  /* received for the command in flight */
  GPtrArray            *untagged;      /* MailImapResponse * of the command in flight */
  char                **capabilities;
  GPtrArray            *pending;       /* char *: command chunks after a literal */
  gboolean              literal_plus;

  /* SMTP */
  SmtpFunc              smtp_handler;
  MailSmtpReply        *reply;         /* the last reply, handed to smtp_handler */
  MailSmtpReply        *ehlo;

  /* Authentication */
  MailSaslMechanism     mechanism;
  gboolean              challenge_answered;
  guint                 login_state;
};

/* Shared by mail-probe.c, mail-probe-imap.c and mail-probe-smtp.c: see there. */
void     mail_probe_step_begin                 (Run *run,
                                               const char *name);
void     mail_probe_step_end                   (Run *run,
                                               gboolean ok,
                                               const char *detail);
void     mail_probe_run_consume                (Run *run,
                                               gsize len);
void     mail_probe_run_fail_not_mail_server   (Run *run);
void     mail_probe_run_greeting_eof           (Run *run);
void     mail_probe_run_greeting_timed_out     (Run *run);
void     mail_probe_run_keep_stray_input       (Run *run);
/* TRUE when a credential may be sent: the connection is encrypted, or the server is this
 * computer and was given by the person (MailServer.given). Otherwise fails the check with
 * auth-unencrypted. */
gboolean mail_probe_run_may_send_credential    (Run *run);
void     mail_probe_run_fail_full              (Run *run,
                                               const GError *error,
                                               const char *const *lines,
                                               const char *code);
void     mail_probe_run_fail_literal           (Run *run,
                                               MailError code,
                                               const char *message);
/* The requested encryption did not happen: starttls-unavailable, message saying why. */
void     mail_probe_run_fail_starttls          (Run *run,
                                               const char *const *lines,
                                               const char *message);
void     mail_probe_run_fail_server            (Run *run,
                                               const char *const *lines);
void     mail_probe_run_fail                   (Run *run,
                                               const GError *error);
void     mail_probe_run_read                   (Run *run,
                                               RunFunc on_input);
void     mail_probe_run_send                   (Run *run,
                                               const char *line,
                                               RunFunc after_write);
void     mail_probe_run_start_tls              (Run *run,
                                               RunFunc after);
void     mail_probe_run_succeed                (Run *run);
gboolean mail_probe_run_choose_mechanism       (Run *run,
                                               const char *const *offered);
char *   mail_probe_run_sasl_response          (Run *run);
void     mail_probe_imap_greeting              (Run *run);
void     mail_probe_smtp_greeting              (Run *run);
void     mail_probe_smtp_eof                   (Run *run);

G_END_DECLS
