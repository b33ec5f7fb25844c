/* mail-probe-imap.c: the IMAP half of the connection test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mail-probe-private.h"

/* ---------------------------------------------------------------------------------------- */
/* IMAP                                                                                       */

static void imap_capability_done (Run *run, MailImapResponse *response);
static void imap_authenticate (Run *run);
static void imap_select (Run *run, const char *before);
static void imap_logout (Run *run);

static const char *const *
imap_reply_lines (Run               *run,
                  MailImapResponse  *final,
                  GPtrArray        **lines)
{
  /* The last untagged lines say most; each one bounded. */
  guint first = run->untagged->len > 16 ? run->untagged->len - 16 : 0;

  *lines = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  for (guint i = first; i < run->untagged->len; i++)
    {
      MailImapResponse *untagged = g_ptr_array_index (run->untagged, i);

      g_ptr_array_add (*lines, mail_text_make_safe (untagged->line, -1, MAX_KEPT_LINE));
    }
  if (final != NULL)
    g_ptr_array_add (*lines, mail_text_make_safe (mail_imap_response_get_server_text (final), -1,
                                                  MAX_KEPT_LINE));
  return (const char *const *) (*lines)->pdata;
}

static void
imap_fail_server (Run              *run,
                  MailImapResponse *final)
{
  g_autoptr(GPtrArray) lines = NULL;

  mail_probe_run_fail_server (run, imap_reply_lines (run, final, &lines));
}

/* Reads responses until a complete one is buffered, then hands it on: untagged ones are kept
 * for the command in flight, the tagged one or a continuation goes to imap_handler. */
static void
imap_pump (Run *run)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MailImapResponse) response = NULL;
      gssize n;

      if (run->greeting_stage && run->input->len > 0)
        {
          /* An IMAP greeting starts with "* ": anything else is not worth waiting for. */
          if (run->input->data[0] != '*' || (run->input->len > 1 && run->input->data[1] != ' '))
            {
              mail_probe_run_keep_stray_input (run);
              mail_probe_run_fail_not_mail_server (run);
              return;
            }
        }

      n = mail_imap_response_scan ((const char *) run->input->data, run->input->len, &error);
      if (n < 0)
        {
          mail_probe_run_fail (run, error);
          return;
        }
      if (n == 0)
        {
          mail_probe_run_read (run, imap_pump);
          return;
        }
      response = mail_imap_response_parse ((const char *) run->input->data, (gsize) n, &error);
      if (response == NULL)
        {
          if (run->greeting_stage)
            {
              mail_probe_run_keep_stray_input (run);
              mail_probe_run_fail_not_mail_server (run);
              return;
            }
          mail_probe_run_fail (run, error);
          return;
        }
      mail_probe_run_consume (run, (gsize) n);
      mail_transcript_add_server (run->transcript, response->line);
      run->answer_bytes += (gsize) n;
      if (run->answer_bytes > MAX_ANSWER_BYTES)
        {
          g_autoptr(GError) too_much = NULL;

          too_much = g_error_new (MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                                  _("The server sent more than %u KiB in answer to one command."),
                                  MAX_ANSWER_BYTES / 1024);
          mail_probe_run_fail (run, too_much);
          return;
        }

      /* The server's answer to ID, sent in the same write as EXAMINE: not part of EXAMINE's
       * answer (nor of what a failure quotes). */
      if (response->kind == MAIL_IMAP_RESPONSE_UNTAGGED && response->keyword != NULL
          && g_ascii_strcasecmp (response->keyword, "ID") == 0)
        continue;
      if (run->tag != NULL && response->kind == MAIL_IMAP_RESPONSE_UNTAGGED)
        {
          if (run->untagged->len < MAX_UNTAGGED)
            g_ptr_array_add (run->untagged, g_steal_pointer (&response));
          continue;
        }
      if (run->tag != NULL && response->kind == MAIL_IMAP_RESPONSE_TAGGED
          && !g_str_equal (response->tag, run->tag))
        continue;  /* not ours: an answer to something we never sent */

      run->imap_handler (run, response);
      return;
    }
}

static void
imap_eof_after_bye (Run *run)
{
  /* The server said BYE and closed: the last BYE is its answer. */
  for (guint i = run->untagged->len; i > 0; i--)
    {
      MailImapResponse *untagged = g_ptr_array_index (run->untagged, i - 1);

      if (untagged->status == MAIL_IMAP_STATUS_BYE)
        {
          g_autoptr(GPtrArray) lines = NULL;

          mail_probe_run_fail_server (run, imap_reply_lines (run, NULL, &lines));
          return;
        }
    }
  mail_probe_run_fail_literal (run, MAIL_ERROR_CLOSED, _("The server closed the connection."));
}

/* Sends "TAG command" (logged as "TAG log_text" when the command carries a secret), then
 * waits for the tagged response or a continuation and calls handler. */
/* Sends before (whose tagged answer is not waited for: imap_pump skips answers to other
 * tags) and command in one write, then waits for command's answer as imap_command does. One
 * round trip for two commands (RFC 3501 5.5 allows it for commands that do not depend on each
 * other's answer). */
static void
imap_command_after (Run        *run,
                    const char *before,
                    const char *command,
                    ImapFunc    handler)
{
  g_autofree char *before_tag = g_strdup_printf ("a%u", ++run->tag_counter);
  g_autofree char *first = g_strdup_printf ("%s %s", before_tag, before);
  g_autofree char *line = NULL;

  g_free (run->tag);
  run->tag = g_strdup_printf ("a%u", ++run->tag_counter);
  g_ptr_array_set_size (run->untagged, 0);
  run->answer_bytes = 0;
  run->imap_handler = handler;
  run->on_eof = imap_eof_after_bye;

  line = g_strdup_printf ("%s\r\n%s %s", first, run->tag, command);
  mail_transcript_add_client (run->transcript, first);
  {
    g_autofree char *second = g_strdup_printf ("%s %s", run->tag, command);

    mail_transcript_add_client (run->transcript, second);
  }
  mail_probe_run_send (run, line, imap_pump);
}

static void
imap_command (Run        *run,
              const char *command,
              const char *log_text,
              gboolean    secret,
              ImapFunc    handler)
{
  g_autofree char *line = NULL;
  g_autofree char *logged = NULL;

  g_free (run->tag);
  run->tag = g_strdup_printf ("a%u", ++run->tag_counter);
  g_ptr_array_set_size (run->untagged, 0);
  run->answer_bytes = 0;
  run->imap_handler = handler;
  run->on_eof = imap_eof_after_bye;

  line = g_strdup_printf ("%s %s", run->tag, command);
  logged = g_strdup_printf ("%s %s", run->tag, log_text != NULL ? log_text : command);
  if (secret)
    mail_transcript_add_client_secret (run->transcript, logged);
  else
    mail_transcript_add_client (run->transcript, logged);
  mail_probe_run_send (run, line, imap_pump);
  if (secret)
    explicit_bzero (line, strlen (line));
}

/* Sends a continuation answer (a SASL payload), then waits as imap_command does. */
static void
imap_continue (Run        *run,
               const char *text,
               gboolean    secret,
               ImapFunc    handler)
{
  run->imap_handler = handler;
  run->answer_bytes = 0;
  if (secret)
    mail_transcript_add_client_secret (run->transcript, NULL);
  else
    mail_transcript_add_client (run->transcript, text);
  mail_probe_run_send (run, text, imap_pump);
}

static void
imap_set_capabilities (Run        *run,
                       const char *text)
{
  g_strfreev (run->capabilities);
  run->capabilities = mail_imap_capabilities_parse (text);
  run->literal_plus = mail_imap_capabilities_has ((const char *const *) run->capabilities,
                                                  "LITERAL+");
}

static gboolean
imap_has (Run        *run,
          const char *capability)
{
  return mail_imap_capabilities_has ((const char *const *) run->capabilities, capability);
}

/* The answer to CAPABILITY: the untagged line, else a [CAPABILITY ...] code on the OK. */
static void
imap_take_capabilities (Run              *run,
                        MailImapResponse *response)
{
  for (guint i = 0; i < run->untagged->len; i++)
    {
      MailImapResponse *untagged = g_ptr_array_index (run->untagged, i);

      if (g_strcmp0 (untagged->keyword, "CAPABILITY") == 0)
        imap_set_capabilities (run, untagged->text);
    }
  if (run->capabilities == NULL && response->code != NULL
      && g_str_equal (response->code, "CAPABILITY"))
    imap_set_capabilities (run, response->code_args);
  if (run->capabilities == NULL)
    imap_set_capabilities (run, "");
}

static void
imap_after_starttls_capability (Run              *run,
                                MailImapResponse *response)
{
  if (response->kind != MAIL_IMAP_RESPONSE_TAGGED || response->status != MAIL_IMAP_STATUS_OK)
    {
      imap_fail_server (run, response);
      return;
    }
  imap_take_capabilities (run, response);
  mail_probe_step_end (run, TRUE, run->tls_detail);
  imap_authenticate (run);
}

static void
imap_after_tls (Run *run)
{
  /* What the server announced before TLS may have been forged: ask again (RFC 3501 6.2.1).
   * The starttls step covers the command, the handshake and this CAPABILITY. */
  g_strfreev (run->capabilities);
  run->capabilities = NULL;
  imap_command (run, "CAPABILITY", NULL, FALSE, imap_after_starttls_capability);
}

static void
imap_starttls_done (Run              *run,
                    MailImapResponse *response)
{
  if (response->kind != MAIL_IMAP_RESPONSE_TAGGED || response->status != MAIL_IMAP_STATUS_OK)
    {
      /* Anything but OK: the connection stays unencrypted, so the check ends here. */
      g_autoptr(GPtrArray) lines = NULL;

      mail_probe_run_fail_starttls (run, imap_reply_lines (run, response, &lines),
                                    _("The server refused to switch to encryption (STARTTLS), "
                                      "so it skipped encryption. Nothing was sent."));
      return;
    }
  mail_probe_run_start_tls (run, imap_after_tls);
}

/* The server closed instead of answering STARTTLS ("* BYE ..."): still no encryption. */
static void
imap_starttls_eof (Run *run)
{
  g_autoptr(GPtrArray) lines = NULL;

  mail_probe_run_fail_starttls (run, imap_reply_lines (run, NULL, &lines),
                                _("The server closed the connection instead of switching to "
                                  "encryption (STARTTLS), so it skipped encryption. Nothing was "
                                  "sent."));
}

static void
imap_after_capabilities (Run *run)
{
  MailProbe *probe = run->probe;

  mail_probe_step_end (run, TRUE, NULL);
  if (probe->server->security == MAIL_SECURITY_STARTTLS)
    {
      mail_probe_step_begin (run, "starttls");
      if (!imap_has (run, "STARTTLS"))
        {
          mail_probe_run_fail_starttls (run, NULL,
                                        _("The server does not list STARTTLS among its "
                                          "capabilities, so it skipped encryption. Nothing was "
                                          "sent."));
          return;
        }
      imap_command (run, "STARTTLS", NULL, FALSE, imap_starttls_done);
      run->on_eof = imap_starttls_eof;
      return;
    }
  imap_authenticate (run);
}

static void
imap_capability_done (Run              *run,
                      MailImapResponse *response)
{
  if (response->kind != MAIL_IMAP_RESPONSE_TAGGED || response->status != MAIL_IMAP_STATUS_OK)
    {
      imap_fail_server (run, response);
      return;
    }
  imap_take_capabilities (run, response);
  imap_after_capabilities (run);
}

static void
imap_greeting_done (Run              *run,
                    MailImapResponse *response)
{
  g_autofree char *greeting_line = mail_text_make_safe (response->line, -1, MAX_KEPT_LINE);

  run->greeting_stage = FALSE;
  g_free (run->greeting);
  run->greeting = g_steal_pointer (&greeting_line);

  if (response->kind != MAIL_IMAP_RESPONSE_UNTAGGED
      || (response->status != MAIL_IMAP_STATUS_OK && response->status != MAIL_IMAP_STATUS_PREAUTH
          && response->status != MAIL_IMAP_STATUS_BYE))
    {
      mail_probe_run_fail_literal (run, MAIL_ERROR_NOT_MAIL_SERVER,
                        _("What answered on this port is not an IMAP server."));
      return;
    }
  if (response->status == MAIL_IMAP_STATUS_BYE)
    {
      const char *lines[] = { response->line, NULL };

      mail_probe_run_fail_server (run, lines);
      return;
    }
  if (response->status == MAIL_IMAP_STATUS_PREAUTH)
    {
      /* "Already signed in": nothing would be encrypted (STARTTLS is only allowed before
       * sign-in) and no sign-in would be proven. On a plain connection anyone on the network
       * can send this line, so it is no reason to go on without encryption. */
      const char *lines[] = { response->line, NULL };

      if (!G_IS_TLS_CONNECTION (run->stream))
        {
          mail_probe_run_fail_starttls (run, lines,
                                        _("The server skipped encryption: it claimed the "
                                          "session was already signed in (PREAUTH) without "
                                          "encryption, which an attacker in the network can "
                                          "fake. Nothing was sent."));
          return;
        }
      {
        g_autoptr(GError) error = g_error_new_literal (MAIL_ERROR, MAIL_ERROR_PROTOCOL,
          _("The server did not ask for a sign-in: it claimed the session was already signed "
            "in (PREAUTH), so the check could not prove your password or sign-in. Nothing was "
            "sent."));

        mail_probe_run_fail_full (run, error, lines, "unknown");
      }
      return;
    }
  mail_probe_step_end (run, TRUE, NULL);

  mail_probe_step_begin (run, "capability");
  if (response->code != NULL && g_str_equal (response->code, "CAPABILITY"))
    {
      imap_set_capabilities (run, response->code_args);
      imap_after_capabilities (run);
      return;
    }
  imap_command (run, "CAPABILITY", NULL, FALSE, imap_capability_done);
}

void
mail_probe_imap_greeting (Run *run)
{
  run->greeting_stage = TRUE;
  run->tag = NULL;
  run->imap_handler = imap_greeting_done;
  run->on_eof = mail_probe_run_greeting_eof;
  imap_pump (run);
}

/* -- IMAP ID (RFC 2971) -- */


/* Before EXAMINE, when the server advertises ID: the app's name and version, nothing else.
 * NetEase (163.com, 126.com, yeah.net) refuses SELECT with "Unsafe Login" from clients that
 * did not send it. ID goes in the same write as EXAMINE: whatever the server answers to ID
 * (its own ID, or NO/BAD) the check goes on, so its answer is not waited for. */
static void
imap_id (Run *run)
{
  g_autofree char *command = NULL;

  if (!imap_has (run, "ID"))
    {
      imap_select (run, NULL);
      return;
    }
  command = g_strdup_printf ("ID (\"name\" \"Mail Setup\" \"version\" \"%s\")", PACKAGE_VERSION);
  imap_select (run, command);
}

/* -- IMAP authentication -- */

static void imap_auth_response (Run *run, MailImapResponse *response);

static void
imap_auth_done (Run              *run,
                MailImapResponse *response)
{
  if (response->status != MAIL_IMAP_STATUS_OK)
    {
      imap_fail_server (run, response);
      return;
    }
  if (response->code != NULL && g_str_equal (response->code, "CAPABILITY"))
    imap_set_capabilities (run, response->code_args);
  mail_probe_step_end (run, TRUE, NULL);
  mail_probe_step_begin (run, "select");
  imap_id (run);
}

static void
imap_auth_response (Run              *run,
                    MailImapResponse *response)
{
  if (response->kind == MAIL_IMAP_RESPONSE_TAGGED)
    {
      imap_auth_done (run, response);
      return;
    }
  if (run->challenge_answered)
    {
      /* A second challenge: give up the exchange politely. */
      imap_continue (run, "*", FALSE, imap_auth_response);
      return;
    }
  run->challenge_answered = TRUE;
  /* A challenge after our credentials: the OAuth2 error (JSON), answered as RFC 7628 and
   * Google's XOAUTH2 say, so the server sends its final NO. */
  if (response->text != NULL && *response->text != '\0')
    {
      g_autofree char *decoded = mail_sasl_decode_challenge (response->text);

      if (decoded != NULL)
        {
          g_autofree char *label = g_strdup_printf ("(decoded) %s", decoded);

          mail_transcript_add_server (run->transcript, label);
        }
    }
  imap_continue (run, mail_sasl_error_answer (run->mechanism), FALSE, imap_auth_response);
}

static void
imap_auth_continuation (Run              *run,
                        MailImapResponse *response)
{
  g_autofree char *payload = NULL;

  if (response->kind == MAIL_IMAP_RESPONSE_TAGGED)
    {
      imap_auth_done (run, response);
      return;
    }
  payload = mail_probe_run_sasl_response (run);
  imap_continue (run, payload, TRUE, imap_auth_response);
  mail_secret_free (g_steal_pointer (&payload));
}

/* LOGIN user password, as quoted strings or literals ({n} waits for "+", {n+} does not).
 * run->pending holds the chunks still to send, each ending where a literal's data starts. */
static void imap_login_continue (Run *run, MailImapResponse *response);

static void
imap_login_send_next (Run *run)
{
  char *chunk = g_ptr_array_steal_index (run->pending, 0);
  gboolean more = run->pending->len > 0;

  mail_transcript_add_client_secret (run->transcript, NULL);
  if (more && run->literal_plus)
    mail_probe_run_send (run, chunk, imap_login_send_next);
  else
    {
      run->imap_handler = more ? imap_login_continue : imap_auth_done;
      mail_probe_run_send (run, chunk, imap_pump);
    }
  mail_secret_free (chunk);
}

static void
imap_login_continue (Run              *run,
                     MailImapResponse *response)
{
  if (response->kind == MAIL_IMAP_RESPONSE_TAGGED)
    {
      imap_auth_done (run, response);
      return;
    }
  imap_login_send_next (run);
}

static void
imap_login (Run *run)
{
  MailProbe *probe = run->probe;
  const char *user = probe->server->username != NULL ? probe->server->username : probe->email;
  const char *values[] = { user, probe->secret };
  g_autofree char *quoted_user = mail_imap_quote (user);
  g_autofree char *logged = NULL;
  GString *current;
  char *first;
  gboolean more;

  g_clear_pointer (&run->pending, g_ptr_array_unref);
  run->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_secret_free);

  g_free (run->tag);
  run->tag = g_strdup_printf ("a%u", ++run->tag_counter);
  g_ptr_array_set_size (run->untagged, 0);
  run->answer_bytes = 0;
  run->on_eof = imap_eof_after_bye;

  /* Sized so that no reallocation leaves a copy of the password behind. */
  current = g_string_sized_new (2 * (strlen (user) + strlen (probe->secret)) + 64);
  g_string_append_printf (current, "%s LOGIN", run->tag);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char *quoted = mail_imap_quote (values[i]);

      g_string_append_c (current, ' ');
      if (quoted != NULL)
        {
          g_string_append (current, quoted);
          mail_secret_free (quoted);
          continue;
        }
      g_string_append_printf (current, "{%zu%s}", strlen (values[i]),
                              run->literal_plus ? "+" : "");
      g_ptr_array_add (run->pending, g_string_free (current, FALSE));
      current = g_string_sized_new (strlen (values[i]) + 64);
      g_string_append (current, values[i]);
    }
  g_ptr_array_add (run->pending, g_string_free (current, FALSE));

  logged = g_strdup_printf ("%s LOGIN %s", run->tag, quoted_user != NULL ? quoted_user : "{…}");
  mail_transcript_add_client_secret (run->transcript, logged);

  first = g_ptr_array_steal_index (run->pending, 0);
  more = run->pending->len > 0;
  if (more && run->literal_plus)
    mail_probe_run_send (run, first, imap_login_send_next);
  else
    {
      run->imap_handler = more ? imap_login_continue : imap_auth_done;
      mail_probe_run_send (run, first, imap_pump);
    }
  mail_secret_free (first);
}

static void
imap_authenticate (Run *run)
{
  MailProbe *probe = run->probe;
  g_auto(GStrv) offered = NULL;
  g_autofree char *command = NULL;
  g_autofree char *payload = NULL;
  const char *name;

  if (probe->auth == MAIL_AUTH_NONE || probe->secret == NULL || probe->greeting_only)
    {
      mail_probe_step_begin (run, "logout");
      imap_logout (run);
      return;
    }

  mail_probe_step_begin (run, "authenticate");
  offered = mail_imap_capabilities_get_auth ((const char *const *) run->capabilities);

  if (!mail_probe_run_choose_mechanism (run, (const char *const *) offered)
      || (run->mechanism == MAIL_SASL_LOGIN && imap_has (run, "LOGINDISABLED")))
    {
      /* LOGINDISABLED before TLS (RFC 3501 6.2.3): passwords only after STARTTLS. */
      if (probe->auth != MAIL_AUTH_OAUTH2 && imap_has (run, "LOGINDISABLED")
          && !G_IS_TLS_CONNECTION (run->stream))
        {
          mail_probe_run_fail_full (run, NULL, NULL, "starttls-required");
          return;
        }
      mail_probe_run_fail_literal (run, MAIL_ERROR_MECHANISM_UNAVAILABLE,
                        _("The server does not offer a sign-in method this app can use."));
      return;
    }

  if (!mail_probe_run_may_send_credential (run))
    return;

  mail_transcript_add_secret (run->transcript, probe->secret);
  run->challenge_answered = FALSE;

  if (run->mechanism == MAIL_SASL_LOGIN)
    {
      imap_login (run);
      return;
    }

  name = mail_sasl_mechanism_to_string (run->mechanism);
  if (imap_has (run, "SASL-IR"))
    {
      payload = mail_probe_run_sasl_response (run);
      command = g_strdup_printf ("AUTHENTICATE %s %s", name, payload);
      {
        g_autofree char *logged = g_strdup_printf ("AUTHENTICATE %s", name);

        imap_command (run, command, logged, TRUE, imap_auth_response);
      }
      explicit_bzero (command, strlen (command));
      mail_secret_free (g_steal_pointer (&payload));
      return;
    }
  command = g_strdup_printf ("AUTHENTICATE %s", name);
  imap_command (run, command, NULL, FALSE, imap_auth_continuation);
}

/* -- IMAP select and logout -- */

static void
imap_select_done (Run              *run,
                  MailImapResponse *response)
{
  if (response->kind != MAIL_IMAP_RESPONSE_TAGGED || response->status != MAIL_IMAP_STATUS_OK)
    {
      imap_fail_server (run, response);
      return;
    }
  mail_probe_step_end (run, TRUE, NULL);
  mail_probe_step_begin (run, "logout");
  imap_logout (run);
}

/* EXAMINE the mailbox; before, when not NULL, is sent in the same write (ID). */
static void
imap_select (Run        *run,
             const char *before)
{
  const char *mailbox = run->probe->mailbox != NULL ? run->probe->mailbox : "INBOX";
  g_autofree char *encoded = mail_imap_mailbox_encode (mailbox);
  g_autofree char *quoted = encoded != NULL ? mail_imap_quote (encoded) : NULL;
  g_autofree char *command = NULL;

  if (quoted == NULL)
    {
      mail_probe_run_fail_literal (run, MAIL_ERROR_INVALID_INPUT,
                        _("The mailbox name contains characters this test cannot send."));
      return;
    }
  command = g_strdup_printf ("EXAMINE %s", quoted);
  if (before != NULL)
    imap_command_after (run, before, command, imap_select_done);
  else
    imap_command (run, command, NULL, FALSE, imap_select_done);
}

/* The check has proven what it proves once the mailbox opened: LOGOUT is said for politeness,
 * and the result does not wait a round trip for the server's answer to it. */
static void
imap_logout_sent (Run *run)
{
  mail_probe_step_end (run, TRUE, NULL);
  mail_probe_run_succeed (run);
}

static void
imap_logout (Run *run)
{
  imap_command (run, "LOGOUT", NULL, FALSE, NULL);
  run->after_write = imap_logout_sent;
}

