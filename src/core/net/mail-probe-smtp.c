/* mail-probe-smtp.c: the SMTP half of the connection test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mail-probe-private.h"

/* ---------------------------------------------------------------------------------------- */
/* SMTP                                                                                       */

static void smtp_ehlo (Run *run);
static void smtp_authenticate (Run *run);
static void smtp_sender (Run *run);
static void smtp_quit (Run *run);

static void
smtp_fail_reply (Run           *run,
                 MailSmtpReply *reply)
{
  mail_probe_run_fail_server (run, mail_smtp_reply_get_lines (reply));
}

static void
smtp_pump (Run *run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailSmtpReply) reply = NULL;
  gsize used = 0;

  reply = mail_smtp_reply_parse ((const char *) run->input->data, run->input->len, &used, &error);
  if (reply == NULL && error != NULL)
    {
      /* A reply too long to keep is a protocol error, whatever the stage. */
      if (run->greeting_stage && run->input->len <= MAIL_SMTP_MAX_LINE)
        {
          mail_probe_run_keep_stray_input (run);
          mail_probe_run_fail_not_mail_server (run);
          return;
        }
      mail_probe_run_fail (run, error);
      return;
    }
  if (reply == NULL)
    {
      mail_probe_run_read (run, smtp_pump);
      return;
    }
  mail_probe_run_consume (run, used);
  for (guint i = 0; i < reply->lines->len; i++)
    mail_transcript_add_server (run->transcript, g_ptr_array_index (reply->lines, i));
  g_clear_pointer (&run->reply, mail_smtp_reply_free);
  run->reply = g_steal_pointer (&reply);
  run->smtp_handler (run, run->reply);
}

/* The server closed the connection: a reply cut short still says why
 * ("501-... closing connection" without its last line). */
void
mail_probe_smtp_eof (Run *run)
{
  g_autoptr(GError) error = NULL;
  MailSmtpReply *reply = mail_smtp_reply_parse_truncated ((const char *) run->input->data,
                                                          run->input->len, &error);

  if (reply == NULL)
    {
      mail_probe_run_fail_literal (run, MAIL_ERROR_CLOSED, _("The server closed the connection."));
      return;
    }
  g_byte_array_set_size (run->input, 0);
  for (guint i = 0; i < reply->lines->len; i++)
    mail_transcript_add_server (run->transcript, g_ptr_array_index (reply->lines, i));
  g_clear_pointer (&run->reply, mail_smtp_reply_free);
  run->reply = reply;
  if (reply->code < 400)
    {
      /* A success cut short cannot go on: the connection is gone. */
      mail_probe_run_fail_literal (run, MAIL_ERROR_CLOSED, _("The server closed the connection."));
      return;
    }
  run->smtp_handler (run, reply);
}

static void
smtp_command (Run        *run,
              const char *command,
              const char *log_text,
              gboolean    secret,
              SmtpFunc    handler)
{
  const char *logged = log_text != NULL ? log_text : command;

  run->smtp_handler = handler;
  run->on_eof = mail_probe_smtp_eof;
  if (secret)
    mail_transcript_add_client_secret (run->transcript, logged);
  else
    mail_transcript_add_client (run->transcript, logged);
  mail_probe_run_send (run, command, smtp_pump);
}

static void
smtp_greeting_done (Run           *run,
                    MailSmtpReply *reply)
{
  run->greeting_stage = FALSE;
  g_free (run->greeting);
  run->greeting = mail_text_make_safe (mail_smtp_reply_get_lines (reply)[0], -1, MAX_KEPT_LINE);
  if (reply->code != 220)
    {
      smtp_fail_reply (run, reply);
      return;
    }
  mail_probe_step_end (run, TRUE, NULL);
  mail_probe_step_begin (run, "ehlo");
  smtp_ehlo (run);
}

void
mail_probe_smtp_greeting (Run *run)
{
  run->greeting_stage = TRUE;
  run->smtp_handler = smtp_greeting_done;
  run->on_eof = mail_probe_run_greeting_eof;
  smtp_pump (run);
}

/* EHLO with the address literal of our end of the connection: always valid syntax
 * (a bare host name like "Z170-D3H Gentoo" is what servers reject). */
static char *
smtp_ehlo_name (Run *run)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (run->connection, NULL);

  if (G_IS_INET_SOCKET_ADDRESS (local))
    {
      GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (local));
      g_autofree char *text = g_inet_address_to_string (inet);

      if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
        return g_strdup_printf ("[IPv6:%s]", text);
      return g_strdup_printf ("[%s]", text);
    }
  return g_strdup ("[127.0.0.1]");
}

static void smtp_starttls_done (Run *run, MailSmtpReply *reply);

static void
smtp_ehlo_done (Run           *run,
                MailSmtpReply *reply)
{
  if (reply->code != 250)
    {
      smtp_fail_reply (run, reply);
      return;
    }
  g_clear_pointer (&run->ehlo, mail_smtp_reply_free);
  run->ehlo = g_steal_pointer (&run->reply);

  if (g_str_equal (run->step, "starttls"))
    {
      /* The starttls step covers STARTTLS, the handshake and the second EHLO. */
      mail_probe_step_end (run, TRUE, run->tls_detail);
      smtp_authenticate (run);
      return;
    }

  mail_probe_step_end (run, TRUE, NULL);
  if (run->probe->server->security == MAIL_SECURITY_STARTTLS)
    {
      mail_probe_step_begin (run, "starttls");
      if (!mail_smtp_reply_has_extension (run->ehlo, "STARTTLS"))
        {
          mail_probe_run_fail_starttls (run, NULL,
                                        _("The server does not list STARTTLS in its answer to "
                                          "EHLO, so it skipped encryption. Nothing was sent."));
          return;
        }
      smtp_command (run, "STARTTLS", NULL, FALSE, smtp_starttls_done);
      return;
    }
  smtp_authenticate (run);
}

static void
smtp_ehlo (Run *run)
{
  g_autofree char *name = smtp_ehlo_name (run);
  g_autofree char *command = g_strdup_printf ("EHLO %s", name);

  smtp_command (run, command, NULL, FALSE, smtp_ehlo_done);
}

static void
smtp_after_tls (Run *run)
{
  /* What the server announced before TLS may have been forged: EHLO again (RFC 3207). */
  smtp_ehlo (run);
}

static void
smtp_starttls_done (Run           *run,
                    MailSmtpReply *reply)
{
  if (reply->code != 220)
    {
      /* Anything but 220: the connection stays unencrypted, so the check ends here. */
      mail_probe_run_fail_starttls (run, mail_smtp_reply_get_lines (reply),
                                    _("The server refused to switch to encryption (STARTTLS), "
                                      "so it skipped encryption. Nothing was sent."));
      return;
    }
  mail_probe_run_start_tls (run, smtp_after_tls);
}

/* -- SMTP authentication -- */

static void smtp_auth_reply (Run *run, MailSmtpReply *reply);

static void
smtp_auth_done (Run           *run,
                MailSmtpReply *reply)
{
  if (reply->code != 235)
    {
      smtp_fail_reply (run, reply);
      return;
    }
  mail_probe_step_end (run, TRUE, NULL);
  smtp_sender (run);
}

static void
smtp_send_secret (Run        *run,
                  const char *payload,
                  SmtpFunc    handler)
{
  run->smtp_handler = handler;
  mail_transcript_add_client_secret (run->transcript, NULL);
  mail_probe_run_send (run, payload, smtp_pump);
}

static void
smtp_auth_reply (Run           *run,
                 MailSmtpReply *reply)
{
  if (reply->code != 334)
    {
      smtp_auth_done (run, reply);
      return;
    }

  if (run->mechanism == MAIL_SASL_LOGIN && run->login_state == 1)
    {
      g_autofree char *password = mail_sasl_login_response (run->probe->secret);

      run->login_state = 2;
      mail_transcript_add_secret (run->transcript, password);
      smtp_send_secret (run, password, smtp_auth_reply);
      mail_secret_free (g_steal_pointer (&password));
      return;
    }
  if (run->challenge_answered)
    {
      /* RFC 4954: "*" cancels the exchange. */
      smtp_command (run, "*", NULL, FALSE, smtp_auth_done);
      return;
    }
  run->challenge_answered = TRUE;
  {
    const char *text = g_ptr_array_index (reply->texts, 0);
    g_autofree char *decoded = text != NULL ? mail_sasl_decode_challenge (text) : NULL;

    if (decoded != NULL)
      {
        g_autofree char *label = g_strdup_printf ("(decoded) %s", decoded);

        mail_transcript_add_server (run->transcript, label);
      }
  }
  smtp_command (run, mail_sasl_error_answer (run->mechanism), NULL, FALSE, smtp_auth_done);
}

/* The server's 334 asks for the initial response (no initial response sent). */
static void
smtp_auth_continuation (Run           *run,
                        MailSmtpReply *reply)
{
  g_autofree char *payload = NULL;

  if (reply->code != 334)
    {
      smtp_auth_done (run, reply);
      return;
    }
  payload = mail_probe_run_sasl_response (run);
  if (run->mechanism == MAIL_SASL_LOGIN)
    {
      /* The user name is no secret, but keep the exchange uniform in the transcript. */
      run->login_state = 1;
      mail_transcript_add_client (run->transcript, payload);
      run->smtp_handler = smtp_auth_reply;
      mail_probe_run_send (run, payload, smtp_pump);
      return;
    }
  smtp_send_secret (run, payload, smtp_auth_reply);
  mail_secret_free (g_steal_pointer (&payload));
}

static void
smtp_authenticate (Run *run)
{
  MailProbe *probe = run->probe;
  g_auto(GStrv) offered = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *command = NULL;
  g_autofree char *logged = NULL;
  const char *name;

  if (probe->greeting_only)
    {
      smtp_quit (run);
      return;
    }
  if (probe->auth == MAIL_AUTH_NONE || probe->secret == NULL)
    {
      smtp_sender (run);
      return;
    }
  mail_probe_step_begin (run, "authenticate");
  offered = mail_smtp_reply_get_auth_mechanisms (run->ehlo);
  if (!mail_probe_run_choose_mechanism (run, (const char *const *) offered))
    {
      mail_probe_run_fail_literal (run, MAIL_ERROR_MECHANISM_UNAVAILABLE,
                        _("The server does not offer a sign-in method this app can use."));
      return;
    }
  if (!mail_probe_run_may_send_credential (run))
    return;
  mail_transcript_add_secret (run->transcript, probe->secret);
  run->challenge_answered = FALSE;
  run->login_state = 0;
  name = mail_sasl_mechanism_to_string (run->mechanism);
  logged = g_strdup_printf ("AUTH %s", name);

  if (run->mechanism != MAIL_SASL_LOGIN)
    {
      payload = mail_probe_run_sasl_response (run);
      command = g_strdup_printf ("AUTH %s %s", name, payload);
      mail_secret_free (g_steal_pointer (&payload));
      if (strlen (command) + 2 <= SMTP_MAX_COMMAND)
        {
          smtp_command (run, command, logged, TRUE, smtp_auth_reply);
          explicit_bzero (command, strlen (command));
          return;
        }
      explicit_bzero (command, strlen (command));
    }
  smtp_command (run, logged, NULL, FALSE, smtp_auth_continuation);
}

/* -- SMTP sender and quit -- */

static void
smtp_rset_done (Run           *run,
                MailSmtpReply *reply)
{
  if (reply->code != 250)
    {
      smtp_fail_reply (run, reply);
      return;
    }
  mail_probe_step_end (run, TRUE, NULL);
  smtp_quit (run);
}

static void
smtp_mail_from_done (Run           *run,
                     MailSmtpReply *reply)
{
  if (reply->code != 250)
    {
      smtp_fail_reply (run, reply);
      return;
    }
  /* Nothing is sent: RSET forgets the transaction. */
  smtp_command (run, "RSET", NULL, FALSE, smtp_rset_done);
}

static void
smtp_sender (Run *run)
{
  g_autofree char *command = NULL;

  mail_probe_step_begin (run, "sender");
  if (strpbrk (run->probe->email, "<>\r\n ") != NULL)
    {
      mail_probe_run_fail_literal (run, MAIL_ERROR_INVALID_INPUT, _("The email address is not valid."));
      return;
    }
  command = g_strdup_printf ("MAIL FROM:<%s>", run->probe->email);
  smtp_command (run, command, NULL, FALSE, smtp_mail_from_done);
}

/* Whatever the server says to QUIT, the check is done: the result does not wait a round trip
 * for the answer. */
static void
smtp_quit_sent (Run *run)
{
  mail_probe_step_end (run, TRUE, NULL);
  mail_probe_run_succeed (run);
}

static void
smtp_quit (Run *run)
{
  mail_probe_step_begin (run, "quit");
  smtp_command (run, "QUIT", NULL, FALSE, NULL);
  run->after_write = smtp_quit_sent;
}

