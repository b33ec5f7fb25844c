/* mail-probe-smtp.c: the SMTP half of the connection test
 *
 * The SMTP state of one check, and the commands: greeting, EHLO, STARTTLS, AUTH, MAIL FROM
 * and RSET, QUIT. It speaks over a MailConnection and reads with the parsers of
 * mail-smtp-reply.h and mail-sasl.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mail-connection.h"
#include "mail-probe-smtp.h"
#include "mail-smtp-reply.h"

/* RFC 5321 4.5.3.1.4: a command line is at most 512 octets, CRLF included. */
#define SMTP_MAX_COMMAND    512

typedef struct _MailProbeSmtp MailProbeSmtp;
typedef void (*SmtpFunc) (MailProbeSmtp *smtp, MailSmtpReply *reply);

struct _MailProbeSmtp
{
  MailConnection          *conn;
  MailCheckRun            *run;
  const MailCheckSettings *settings;

  SmtpFunc                 handler;
  MailSmtpReply           *reply;         /* the last reply, handed to handler */
  MailSmtpReply           *ehlo;

  MailSaslMechanism        mechanism;
  gboolean                 challenge_answered;
  guint                    login_state;
};

static void smtp_ehlo (MailProbeSmtp *smtp);
static void smtp_authenticate (MailProbeSmtp *smtp);
static void smtp_sender (MailProbeSmtp *smtp);
static void smtp_quit (MailProbeSmtp *smtp);

static void
smtp_fail_reply (MailProbeSmtp *smtp,
                 MailSmtpReply *reply)
{
  mail_check_run_fail_server (smtp->run, mail_smtp_reply_get_lines (reply));
}

static void
smtp_pump (gpointer data)
{
  MailProbeSmtp *smtp = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailSmtpReply) reply = NULL;
  gsize used = 0;

  reply = mail_smtp_reply_parse ((const char *) smtp->conn->input->data, smtp->conn->input->len,
                                 &used, &error);
  if (reply == NULL && error != NULL)
    {
      /* A reply too long to keep is a protocol error, whatever the stage. */
      if (smtp->conn->greeting_stage && smtp->conn->input->len <= MAIL_SMTP_MAX_LINE)
        {
          mail_connection_fail_not_mail_server (smtp->conn);
          return;
        }
      mail_check_run_fail (smtp->run, error);
      return;
    }
  if (reply == NULL)
    {
      mail_connection_read (smtp->conn, smtp_pump, smtp);
      return;
    }
  mail_connection_consume (smtp->conn, used);
  for (guint i = 0; i < reply->lines->len; i++)
    mail_transcript_add_server (smtp->run->transcript, g_ptr_array_index (reply->lines, i));
  g_clear_pointer (&smtp->reply, mail_smtp_reply_free);
  smtp->reply = g_steal_pointer (&reply);
  smtp->handler (smtp, smtp->reply);
}

/* The server closed the connection: a reply cut short still says why
 * ("501-... closing connection" without its last line). */
static void
smtp_eof (gpointer data)
{
  MailProbeSmtp *smtp = data;
  g_autoptr(GError) error = NULL;
  MailSmtpReply *reply = mail_smtp_reply_parse_truncated ((const char *) smtp->conn->input->data,
                                                          smtp->conn->input->len, &error);

  if (reply == NULL)
    {
      mail_check_run_fail_literal (smtp->run, MAIL_ERROR_CLOSED,
                                   _("The server closed the connection."));
      return;
    }
  g_byte_array_set_size (smtp->conn->input, 0);
  for (guint i = 0; i < reply->lines->len; i++)
    mail_transcript_add_server (smtp->run->transcript, g_ptr_array_index (reply->lines, i));
  g_clear_pointer (&smtp->reply, mail_smtp_reply_free);
  smtp->reply = reply;
  if (reply->code < 400)
    {
      /* A success cut short cannot go on: the connection is gone. */
      mail_check_run_fail_literal (smtp->run, MAIL_ERROR_CLOSED,
                                   _("The server closed the connection."));
      return;
    }
  smtp->handler (smtp, reply);
}

static void
smtp_command_then (MailProbeSmtp      *smtp,
                   const char         *command,
                   const char         *log_text,
                   gboolean            secret,
                   SmtpFunc            handler,
                   MailConnectionFunc  after_write)
{
  const char *logged = log_text != NULL ? log_text : command;

  smtp->handler = handler;
  mail_connection_set_eof_handler (smtp->conn, smtp_eof, smtp);
  if (secret)
    mail_transcript_add_client_secret (smtp->run->transcript, logged);
  else
    mail_transcript_add_client (smtp->run->transcript, logged);
  mail_connection_send (smtp->conn, command, after_write, smtp);
}

/* Sends command (logged as log_text when it carries a secret), then waits for the reply and
 * calls handler. */
static void
smtp_command (MailProbeSmtp *smtp,
              const char    *command,
              const char    *log_text,
              gboolean       secret,
              SmtpFunc       handler)
{
  smtp_command_then (smtp, command, log_text, secret, handler, smtp_pump);
}

static void
smtp_greeting_done (MailProbeSmtp *smtp,
                    MailSmtpReply *reply)
{
  mail_connection_set_greeting_stage (smtp->conn, FALSE);
  mail_connection_set_greeting (smtp->conn,
                                mail_text_make_safe (mail_smtp_reply_get_lines (reply)[0], -1,
                                                     MAIL_CHECK_MAX_KEPT_LINE));
  if (reply->code != 220)
    {
      smtp_fail_reply (smtp, reply);
      return;
    }
  mail_check_run_step_end (smtp->run, TRUE, NULL);
  mail_check_run_step_begin (smtp->run, "ehlo");
  smtp_ehlo (smtp);
}

static void
smtp_greeting (MailConnection *conn)
{
  MailProbeSmtp *smtp = g_new0 (MailProbeSmtp, 1);

  smtp->conn = conn;
  smtp->run = conn->run;
  smtp->settings = conn->settings;
  conn->state = smtp;

  mail_connection_set_greeting_stage (conn, TRUE);
  smtp->handler = smtp_greeting_done;
  smtp_pump (smtp);
}


static void smtp_starttls_done (MailProbeSmtp *smtp, MailSmtpReply *reply);

static void
smtp_ehlo_done (MailProbeSmtp *smtp,
                MailSmtpReply *reply)
{
  if (reply->code != 250)
    {
      smtp_fail_reply (smtp, reply);
      return;
    }
  g_clear_pointer (&smtp->ehlo, mail_smtp_reply_free);
  smtp->ehlo = g_steal_pointer (&smtp->reply);

  if (g_str_equal (smtp->run->step, "starttls"))
    {
      /* The starttls step covers STARTTLS, the handshake and the second EHLO. */
      mail_check_run_step_end (smtp->run, TRUE, smtp->conn->tls_detail);
      smtp_authenticate (smtp);
      return;
    }

  mail_check_run_step_end (smtp->run, TRUE, NULL);
  if (smtp->settings->server->security == MAIL_SECURITY_STARTTLS)
    {
      mail_check_run_step_begin (smtp->run, "starttls");
      if (!mail_smtp_reply_has_extension (smtp->ehlo, "STARTTLS"))
        {
          mail_check_run_fail_starttls (smtp->run, NULL,
                                        _("The server does not list STARTTLS in its answer to "
                                          "EHLO, so it skipped encryption. Nothing was sent."));
          return;
        }
      smtp_command (smtp, "STARTTLS", NULL, FALSE, smtp_starttls_done);
      return;
    }
  smtp_authenticate (smtp);
}

static void
smtp_ehlo (MailProbeSmtp *smtp)
{
  /* EHLO with the address literal of our end of the connection: always valid syntax
   * (a bare host name like "Z170-D3H Gentoo" is what servers reject). */
  g_autofree char *name = mail_connection_local_literal (smtp->conn);
  g_autofree char *command = g_strdup_printf ("EHLO %s", name);

  smtp_command (smtp, command, NULL, FALSE, smtp_ehlo_done);
}

static void
smtp_after_tls (gpointer data)
{
  MailProbeSmtp *smtp = data;

  /* What the server announced before TLS may have been forged: EHLO again (RFC 3207). */
  smtp_ehlo (smtp);
}

static void
smtp_starttls_done (MailProbeSmtp *smtp,
                    MailSmtpReply *reply)
{
  if (reply->code != 220)
    {
      /* Anything but 220: the connection stays unencrypted, so the check ends here. */
      mail_check_run_fail_starttls (smtp->run, mail_smtp_reply_get_lines (reply),
                                    _("The server refused to switch to encryption (STARTTLS), "
                                      "so it skipped encryption. Nothing was sent."));
      return;
    }
  mail_connection_start_tls (smtp->conn, smtp_after_tls, smtp);
}

/* -- SMTP authentication -- */

static void smtp_auth_reply (MailProbeSmtp *smtp, MailSmtpReply *reply);

static void
smtp_auth_done (MailProbeSmtp *smtp,
                MailSmtpReply *reply)
{
  if (reply->code != 235)
    {
      smtp_fail_reply (smtp, reply);
      return;
    }
  mail_check_run_step_end (smtp->run, TRUE, NULL);
  smtp_sender (smtp);
}

static void
smtp_send_secret (MailProbeSmtp *smtp,
                  const char    *payload,
                  SmtpFunc       handler)
{
  smtp->handler = handler;
  mail_transcript_add_client_secret (smtp->run->transcript, NULL);
  mail_connection_send (smtp->conn, payload, smtp_pump, smtp);
}

static void
smtp_auth_reply (MailProbeSmtp *smtp,
                 MailSmtpReply *reply)
{
  if (reply->code != 334)
    {
      smtp_auth_done (smtp, reply);
      return;
    }

  if (smtp->mechanism == MAIL_SASL_LOGIN && smtp->login_state == 1)
    {
      g_autofree char *password = mail_sasl_login_response (smtp->settings->secret);

      smtp->login_state = 2;
      mail_transcript_add_secret (smtp->run->transcript, password);
      smtp_send_secret (smtp, password, smtp_auth_reply);
      mail_secret_free (g_steal_pointer (&password));
      return;
    }
  if (smtp->challenge_answered)
    {
      /* RFC 4954: "*" cancels the exchange. */
      smtp_command (smtp, "*", NULL, FALSE, smtp_auth_done);
      return;
    }
  smtp->challenge_answered = TRUE;
  {
    const char *text = g_ptr_array_index (reply->texts, 0);
    g_autofree char *decoded = text != NULL ? mail_sasl_decode_challenge (text) : NULL;

    if (decoded != NULL)
      {
        g_autofree char *label = g_strdup_printf ("(decoded) %s", decoded);

        mail_transcript_add_server (smtp->run->transcript, label);
      }
  }
  smtp_command (smtp, mail_sasl_error_answer (smtp->mechanism), NULL, FALSE, smtp_auth_done);
}

/* The server's 334 asks for the initial response (no initial response sent). */
static void
smtp_auth_continuation (MailProbeSmtp *smtp,
                        MailSmtpReply *reply)
{
  g_autofree char *payload = NULL;

  if (reply->code != 334)
    {
      smtp_auth_done (smtp, reply);
      return;
    }
  payload = mail_connection_sasl_response (smtp->conn, smtp->mechanism);
  if (smtp->mechanism == MAIL_SASL_LOGIN)
    {
      /* The user name is no secret, but keep the exchange uniform in the transcript. */
      smtp->login_state = 1;
      mail_transcript_add_client (smtp->run->transcript, payload);
      smtp->handler = smtp_auth_reply;
      mail_connection_send (smtp->conn, payload, smtp_pump, smtp);
      return;
    }
  smtp_send_secret (smtp, payload, smtp_auth_reply);
  mail_secret_free (g_steal_pointer (&payload));
}

static void
smtp_authenticate (MailProbeSmtp *smtp)
{
  const MailCheckSettings *settings = smtp->settings;
  g_auto(GStrv) offered = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *command = NULL;
  g_autofree char *logged = NULL;
  const char *name;

  if (settings->greeting_only)
    {
      smtp_quit (smtp);
      return;
    }
  if (settings->auth == MAIL_AUTH_NONE || settings->secret == NULL)
    {
      smtp_sender (smtp);
      return;
    }
  mail_check_run_step_begin (smtp->run, "authenticate");
  offered = mail_smtp_reply_get_auth_mechanisms (smtp->ehlo);
  if (!mail_connection_choose_mechanism (smtp->conn, (const char *const *) offered,
                                         &smtp->mechanism))
    {
      mail_check_run_fail_literal (smtp->run, MAIL_ERROR_MECHANISM_UNAVAILABLE,
                        _("The server does not offer a sign-in method this app can use."));
      return;
    }
  if (!mail_connection_may_send_credential (smtp->conn))
    return;
  mail_transcript_add_secret (smtp->run->transcript, settings->secret);
  smtp->challenge_answered = FALSE;
  smtp->login_state = 0;
  name = mail_sasl_mechanism_to_string (smtp->mechanism);
  logged = g_strdup_printf ("AUTH %s", name);

  if (smtp->mechanism != MAIL_SASL_LOGIN)
    {
      payload = mail_connection_sasl_response (smtp->conn, smtp->mechanism);
      command = g_strdup_printf ("AUTH %s %s", name, payload);
      mail_secret_free (g_steal_pointer (&payload));
      if (strlen (command) + 2 <= SMTP_MAX_COMMAND)
        {
          smtp_command (smtp, command, logged, TRUE, smtp_auth_reply);
          explicit_bzero (command, strlen (command));
          return;
        }
      explicit_bzero (command, strlen (command));
    }
  smtp_command (smtp, logged, NULL, FALSE, smtp_auth_continuation);
}

/* -- SMTP sender and quit -- */

static void
smtp_rset_done (MailProbeSmtp *smtp,
                MailSmtpReply *reply)
{
  if (reply->code != 250)
    {
      smtp_fail_reply (smtp, reply);
      return;
    }
  mail_check_run_step_end (smtp->run, TRUE, NULL);
  smtp_quit (smtp);
}

static void
smtp_mail_from_done (MailProbeSmtp *smtp,
                     MailSmtpReply *reply)
{
  if (reply->code != 250)
    {
      smtp_fail_reply (smtp, reply);
      return;
    }
  /* Nothing is sent: RSET forgets the transaction. */
  smtp_command (smtp, "RSET", NULL, FALSE, smtp_rset_done);
}

static void
smtp_sender (MailProbeSmtp *smtp)
{
  g_autofree char *command = NULL;

  mail_check_run_step_begin (smtp->run, "sender");
  if (strpbrk (smtp->settings->email, "<>\r\n ") != NULL)
    {
      mail_check_run_fail_literal (smtp->run, MAIL_ERROR_INVALID_INPUT,
                                   _("The email address is not valid."));
      return;
    }
  command = g_strdup_printf ("MAIL FROM:<%s>", smtp->settings->email);
  smtp_command (smtp, command, NULL, FALSE, smtp_mail_from_done);
}

/* Whatever the server says to QUIT, the check is done: the result does not wait a round trip
 * for the answer. */
static void
smtp_quit_sent (gpointer data)
{
  MailProbeSmtp *smtp = data;

  mail_check_run_step_end (smtp->run, TRUE, NULL);
  mail_connection_succeed (smtp->conn);
}

static void
smtp_quit (MailProbeSmtp *smtp)
{
  mail_check_run_step_begin (smtp->run, "quit");
  smtp_command_then (smtp, "QUIT", NULL, FALSE, NULL, smtp_quit_sent);
}


static void
smtp_free (gpointer data)
{
  MailProbeSmtp *smtp = data;

  g_clear_pointer (&smtp->ehlo, mail_smtp_reply_free);
  g_clear_pointer (&smtp->reply, mail_smtp_reply_free);
  g_free (smtp);
}

/* A greeting cut short by the end of the stream may still be a reply that says why. */
const MailConnectionProtocol mail_probe_smtp_protocol = {
  smtp_greeting,
  smtp_eof,
  smtp_free,
};
