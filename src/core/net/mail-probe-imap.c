/* mail-probe-imap.c: the IMAP half of the connection test
 *
 * The IMAP state of one check, and the commands: greeting, CAPABILITY, STARTTLS, sign-in
 * (AUTHENTICATE or LOGIN), ID and EXAMINE, LOGOUT. It speaks over a MailConnection and reads
 * with the parsers of mail-imap-response.h and mail-sasl.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mail-connection.h"
#include "mail-imap-response.h"
#include "mail-probe-imap.h"

/* Untagged responses kept for one command. */
#define MAX_UNTAGGED        100
/* All responses to one IMAP command together (an endless stream of untagged lines ends here). */
#define MAX_ANSWER_BYTES    (1024 * 1024)

typedef struct _MailProbeImap MailProbeImap;
typedef void (*ImapFunc) (MailProbeImap *imap, MailImapResponse *response);

struct _MailProbeImap
{
  MailConnection          *conn;
  MailCheckRun            *run;
  const MailCheckSettings *settings;

  guint                    tag_counter;
  char                    *tag;           /* the command in flight, NULL for the greeting */
  ImapFunc                 handler;
  gsize                    answer_bytes;  /* received for the command in flight */
  GPtrArray               *untagged;      /* MailImapResponse * of the command in flight */
  char                   **capabilities;
  GPtrArray               *pending;       /* char *: command chunks after a literal */
  gboolean                 literal_plus;

  MailSaslMechanism        mechanism;
  gboolean                 challenge_answered;
};

static void imap_capability_done (MailProbeImap *imap, MailImapResponse *response);
static void imap_authenticate (MailProbeImap *imap);
static void imap_select (MailProbeImap *imap, const char *before);
static void imap_logout (MailProbeImap *imap);

static const char *const *
imap_reply_lines (MailProbeImap     *imap,
                  MailImapResponse  *final,
                  GPtrArray        **lines)
{
  /* The last untagged lines say most; each one bounded. */
  guint first = imap->untagged->len > 16 ? imap->untagged->len - 16 : 0;

  *lines = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  for (guint i = first; i < imap->untagged->len; i++)
    {
      MailImapResponse *untagged = g_ptr_array_index (imap->untagged, i);

      g_ptr_array_add (*lines, mail_text_make_safe (untagged->line, -1, MAIL_CHECK_MAX_KEPT_LINE));
    }
  if (final != NULL)
    g_ptr_array_add (*lines, mail_text_make_safe (mail_imap_response_get_server_text (final), -1,
                                                  MAIL_CHECK_MAX_KEPT_LINE));
  return (const char *const *) (*lines)->pdata;
}

static void
imap_fail_server (MailProbeImap    *imap,
                  MailImapResponse *final)
{
  g_autoptr(GPtrArray) lines = NULL;

  mail_check_run_fail_server (imap->run, imap_reply_lines (imap, final, &lines));
}

/* Reads responses until a complete one is buffered, then hands it on: untagged ones are kept
 * for the command in flight, the tagged one or a continuation goes to the handler. */
static void
imap_pump (gpointer data)
{
  MailProbeImap *imap = data;
  GByteArray *input = imap->conn->input;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MailImapResponse) response = NULL;
      gssize n;

      if (imap->conn->greeting_stage && input->len > 0)
        {
          /* An IMAP greeting starts with "* ": anything else is not worth waiting for. */
          if (input->data[0] != '*' || (input->len > 1 && input->data[1] != ' '))
            {
              mail_connection_fail_not_mail_server (imap->conn);
              return;
            }
        }

      n = mail_imap_response_scan ((const char *) input->data, input->len, &error);
      if (n < 0)
        {
          mail_check_run_fail (imap->run, error);
          return;
        }
      if (n == 0)
        {
          mail_connection_read (imap->conn, imap_pump, imap);
          return;
        }
      response = mail_imap_response_parse ((const char *) input->data, (gsize) n, &error);
      if (response == NULL)
        {
          if (imap->conn->greeting_stage)
            {
              mail_connection_fail_not_mail_server (imap->conn);
              return;
            }
          mail_check_run_fail (imap->run, error);
          return;
        }
      mail_connection_consume (imap->conn, (gsize) n);
      mail_transcript_add_server (imap->run->transcript, response->line);
      imap->answer_bytes += (gsize) n;
      if (imap->answer_bytes > MAX_ANSWER_BYTES)
        {
          g_autoptr(GError) too_much = NULL;

          too_much = g_error_new (MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                                  _("The server sent more than %u KiB in answer to one command."),
                                  MAX_ANSWER_BYTES / 1024);
          mail_check_run_fail (imap->run, too_much);
          return;
        }

      /* The server's answer to ID, sent in the same write as EXAMINE: not part of EXAMINE's
       * answer (nor of what a failure quotes). */
      if (response->kind == MAIL_IMAP_RESPONSE_UNTAGGED && response->keyword != NULL
          && g_ascii_strcasecmp (response->keyword, "ID") == 0)
        continue;
      if (imap->tag != NULL && response->kind == MAIL_IMAP_RESPONSE_UNTAGGED)
        {
          if (imap->untagged->len < MAX_UNTAGGED)
            g_ptr_array_add (imap->untagged, g_steal_pointer (&response));
          continue;
        }
      if (imap->tag != NULL && response->kind == MAIL_IMAP_RESPONSE_TAGGED
          && !g_str_equal (response->tag, imap->tag))
        continue;  /* not ours: an answer to something we never sent */

      imap->handler (imap, response);
      return;
    }
}

static void
imap_eof_after_bye (gpointer data)
{
  MailProbeImap *imap = data;

  /* The server said BYE and closed: the last BYE is its answer. */
  for (guint i = imap->untagged->len; i > 0; i--)
    {
      MailImapResponse *untagged = g_ptr_array_index (imap->untagged, i - 1);

      if (untagged->status == MAIL_IMAP_STATUS_BYE)
        {
          g_autoptr(GPtrArray) lines = NULL;

          mail_check_run_fail_server (imap->run, imap_reply_lines (imap, NULL, &lines));
          return;
        }
    }
  mail_check_run_fail_literal (imap->run, MAIL_ERROR_CLOSED,
                               _("The server closed the connection."));
}

/* A new tag for the next command: its answer starts empty and goes to handler; a BYE and the
 * end of the stream end it. */
static void
imap_begin_command (MailProbeImap *imap,
                    ImapFunc       handler)
{
  g_free (imap->tag);
  imap->tag = g_strdup_printf ("a%u", ++imap->tag_counter);
  g_ptr_array_set_size (imap->untagged, 0);
  imap->answer_bytes = 0;
  imap->handler = handler;
  mail_connection_set_eof_handler (imap->conn, imap_eof_after_bye, imap);
}

/* Sends before (whose tagged answer is not waited for: imap_pump skips answers to other
 * tags) and command in one write, then waits for command's answer as imap_command does. One
 * round trip for two commands (RFC 3501 5.5 allows it for commands that do not depend on each
 * other's answer). */
static void
imap_command_after (MailProbeImap *imap,
                    const char    *before,
                    const char    *command,
                    ImapFunc       handler)
{
  g_autofree char *before_tag = g_strdup_printf ("a%u", ++imap->tag_counter);
  g_autofree char *first = g_strdup_printf ("%s %s", before_tag, before);
  g_autofree char *line = NULL;

  imap_begin_command (imap, handler);

  line = g_strdup_printf ("%s\r\n%s %s", first, imap->tag, command);
  mail_transcript_add_client (imap->run->transcript, first);
  {
    g_autofree char *second = g_strdup_printf ("%s %s", imap->tag, command);

    mail_transcript_add_client (imap->run->transcript, second);
  }
  mail_connection_send (imap->conn, line, imap_pump, imap);
}

/* Sends "TAG command" (logged as "TAG log_text" when the command carries a secret), then
 * calls after_write (imap_pump: wait for the tagged response or a continuation and call
 * handler). */
static void
imap_command_then (MailProbeImap      *imap,
                   const char         *command,
                   const char         *log_text,
                   gboolean            secret,
                   ImapFunc            handler,
                   MailConnectionFunc  after_write)
{
  g_autofree char *line = NULL;
  g_autofree char *logged = NULL;

  imap_begin_command (imap, handler);

  line = g_strdup_printf ("%s %s", imap->tag, command);
  logged = g_strdup_printf ("%s %s", imap->tag, log_text != NULL ? log_text : command);
  if (secret)
    mail_transcript_add_client_secret (imap->run->transcript, logged);
  else
    mail_transcript_add_client (imap->run->transcript, logged);
  mail_connection_send (imap->conn, line, after_write, imap);
  if (secret)
    explicit_bzero (line, strlen (line));
}

static void
imap_command (MailProbeImap *imap,
              const char    *command,
              const char    *log_text,
              gboolean       secret,
              ImapFunc       handler)
{
  imap_command_then (imap, command, log_text, secret, handler, imap_pump);
}

/* Sends a continuation answer (a SASL payload), then waits as imap_command does. */
static void
imap_continue (MailProbeImap *imap,
               const char    *text,
               gboolean       secret,
               ImapFunc       handler)
{
  imap->handler = handler;
  imap->answer_bytes = 0;
  if (secret)
    mail_transcript_add_client_secret (imap->run->transcript, NULL);
  else
    mail_transcript_add_client (imap->run->transcript, text);
  mail_connection_send (imap->conn, text, imap_pump, imap);
}

static void
imap_set_capabilities (MailProbeImap *imap,
                       const char    *text)
{
  g_strfreev (imap->capabilities);
  imap->capabilities = mail_imap_capabilities_parse (text);
  imap->literal_plus = mail_imap_capabilities_has ((const char *const *) imap->capabilities,
                                                  "LITERAL+");
}

static gboolean
imap_has (MailProbeImap *imap,
          const char    *capability)
{
  return mail_imap_capabilities_has ((const char *const *) imap->capabilities, capability);
}

/* The answer to CAPABILITY: the untagged line, else a [CAPABILITY ...] code on the OK. */
static void
imap_take_capabilities (MailProbeImap    *imap,
                        MailImapResponse *response)
{
  for (guint i = 0; i < imap->untagged->len; i++)
    {
      MailImapResponse *untagged = g_ptr_array_index (imap->untagged, i);

      if (g_strcmp0 (untagged->keyword, "CAPABILITY") == 0)
        imap_set_capabilities (imap, untagged->text);
    }
  if (imap->capabilities == NULL && response->code != NULL
      && g_str_equal (response->code, "CAPABILITY"))
    imap_set_capabilities (imap, response->code_args);
  if (imap->capabilities == NULL)
    imap_set_capabilities (imap, "");
}

static void
imap_after_starttls_capability (MailProbeImap    *imap,
                                MailImapResponse *response)
{
  if (response->kind != MAIL_IMAP_RESPONSE_TAGGED || response->status != MAIL_IMAP_STATUS_OK)
    {
      imap_fail_server (imap, response);
      return;
    }
  imap_take_capabilities (imap, response);
  mail_check_run_step_end (imap->run, TRUE, imap->conn->tls_detail);
  imap_authenticate (imap);
}

static void
imap_after_tls (gpointer data)
{
  MailProbeImap *imap = data;

  /* What the server announced before TLS may have been forged: ask again (RFC 3501 6.2.1).
   * The starttls step covers the command, the handshake and this CAPABILITY. */
  g_strfreev (imap->capabilities);
  imap->capabilities = NULL;
  imap_command (imap, "CAPABILITY", NULL, FALSE, imap_after_starttls_capability);
}

static void
imap_starttls_done (MailProbeImap    *imap,
                    MailImapResponse *response)
{
  if (response->kind != MAIL_IMAP_RESPONSE_TAGGED || response->status != MAIL_IMAP_STATUS_OK)
    {
      /* Anything but OK: the connection stays unencrypted, so the check ends here. */
      g_autoptr(GPtrArray) lines = NULL;

      mail_check_run_fail_starttls (imap->run, imap_reply_lines (imap, response, &lines),
                                    _("The server refused to switch to encryption (STARTTLS), "
                                      "so it skipped encryption. Nothing was sent."));
      return;
    }
  mail_connection_start_tls (imap->conn, imap_after_tls, imap);
}

/* The server closed instead of answering STARTTLS ("* BYE ..."): still no encryption. */
static void
imap_starttls_eof (gpointer data)
{
  MailProbeImap *imap = data;
  g_autoptr(GPtrArray) lines = NULL;

  mail_check_run_fail_starttls (imap->run, imap_reply_lines (imap, NULL, &lines),
                                _("The server closed the connection instead of switching to "
                                  "encryption (STARTTLS), so it skipped encryption. Nothing was "
                                  "sent."));
}

static void
imap_after_capabilities (MailProbeImap *imap)
{
  const MailCheckSettings *settings = imap->settings;

  mail_check_run_step_end (imap->run, TRUE, NULL);
  if (settings->server->security == MAIL_SECURITY_STARTTLS)
    {
      mail_check_run_step_begin (imap->run, "starttls");
      if (!imap_has (imap, "STARTTLS"))
        {
          mail_check_run_fail_starttls (imap->run, NULL,
                                        _("The server does not list STARTTLS among its "
                                          "capabilities, so it skipped encryption. Nothing was "
                                          "sent."));
          return;
        }
      imap_command (imap, "STARTTLS", NULL, FALSE, imap_starttls_done);
      mail_connection_set_eof_handler (imap->conn, imap_starttls_eof, imap);
      return;
    }
  imap_authenticate (imap);
}

static void
imap_capability_done (MailProbeImap    *imap,
                      MailImapResponse *response)
{
  if (response->kind != MAIL_IMAP_RESPONSE_TAGGED || response->status != MAIL_IMAP_STATUS_OK)
    {
      imap_fail_server (imap, response);
      return;
    }
  imap_take_capabilities (imap, response);
  imap_after_capabilities (imap);
}

static void
imap_greeting_done (MailProbeImap    *imap,
                    MailImapResponse *response)
{
  mail_connection_set_greeting_stage (imap->conn, FALSE);
  mail_connection_set_greeting (imap->conn,
                                mail_text_make_safe (response->line, -1,
                                                     MAIL_CHECK_MAX_KEPT_LINE));

  if (response->kind != MAIL_IMAP_RESPONSE_UNTAGGED
      || (response->status != MAIL_IMAP_STATUS_OK && response->status != MAIL_IMAP_STATUS_PREAUTH
          && response->status != MAIL_IMAP_STATUS_BYE))
    {
      mail_check_run_fail_literal (imap->run, MAIL_ERROR_NOT_MAIL_SERVER,
                        _("What answered on this port is not an IMAP server."));
      return;
    }
  if (response->status == MAIL_IMAP_STATUS_BYE)
    {
      const char *lines[] = { response->line, NULL };

      mail_check_run_fail_server (imap->run, lines);
      return;
    }
  if (response->status == MAIL_IMAP_STATUS_PREAUTH)
    {
      /* "Already signed in": nothing would be encrypted (STARTTLS is only allowed before
       * sign-in) and no sign-in would be proven. On a plain connection anyone on the network
       * can send this line, so it is no reason to go on without encryption. */
      const char *lines[] = { response->line, NULL };

      if (!mail_connection_is_encrypted (imap->conn))
        {
          mail_check_run_fail_starttls (imap->run, lines,
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

        mail_check_run_fail_full (imap->run, error, lines, "unknown");
      }
      return;
    }
  mail_check_run_step_end (imap->run, TRUE, NULL);

  mail_check_run_step_begin (imap->run, "capability");
  if (response->code != NULL && g_str_equal (response->code, "CAPABILITY"))
    {
      imap_set_capabilities (imap, response->code_args);
      imap_after_capabilities (imap);
      return;
    }
  imap_command (imap, "CAPABILITY", NULL, FALSE, imap_capability_done);
}

static void
imap_greeting (MailConnection *conn)
{
  MailProbeImap *imap = g_new0 (MailProbeImap, 1);

  imap->conn = conn;
  imap->run = conn->run;
  imap->settings = conn->settings;
  imap->untagged = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_imap_response_free);
  conn->state = imap;

  mail_connection_set_greeting_stage (conn, TRUE);
  imap->tag = NULL;
  imap->handler = imap_greeting_done;
  imap_pump (imap);
}

static void
imap_free (gpointer data)
{
  MailProbeImap *imap = data;

  g_free (imap->tag);
  g_clear_pointer (&imap->untagged, g_ptr_array_unref);
  g_strfreev (imap->capabilities);
  g_clear_pointer (&imap->pending, g_ptr_array_unref);
  g_free (imap);
}

/* IMAP has nothing to read in a greeting cut short: "closed without a greeting". */
const MailConnectionProtocol mail_probe_imap_protocol = {
  imap_greeting,
  NULL,
  imap_free,
};

/* -- IMAP ID (RFC 2971) -- */


/* Before EXAMINE, when the server advertises ID: the app's name and version, nothing else.
 * NetEase (163.com, 126.com, yeah.net) refuses SELECT with "Unsafe Login" from clients that
 * did not send it. ID goes in the same write as EXAMINE: whatever the server answers to ID
 * (its own ID, or NO/BAD) the check goes on, so its answer is not waited for. */
static void
imap_id (MailProbeImap *imap)
{
  g_autofree char *command = NULL;

  if (!imap_has (imap, "ID"))
    {
      imap_select (imap, NULL);
      return;
    }
  command = g_strdup_printf ("ID (\"name\" \"Mail Setup\" \"version\" \"%s\")", PACKAGE_VERSION);
  imap_select (imap, command);
}

/* -- IMAP authentication -- */

static void imap_auth_response (MailProbeImap *imap, MailImapResponse *response);

static void
imap_auth_done (MailProbeImap    *imap,
                MailImapResponse *response)
{
  if (response->status != MAIL_IMAP_STATUS_OK)
    {
      imap_fail_server (imap, response);
      return;
    }
  if (response->code != NULL && g_str_equal (response->code, "CAPABILITY"))
    imap_set_capabilities (imap, response->code_args);
  mail_check_run_step_end (imap->run, TRUE, NULL);
  mail_check_run_step_begin (imap->run, "select");
  imap_id (imap);
}

static void
imap_auth_response (MailProbeImap    *imap,
                    MailImapResponse *response)
{
  if (response->kind == MAIL_IMAP_RESPONSE_TAGGED)
    {
      imap_auth_done (imap, response);
      return;
    }
  if (imap->challenge_answered)
    {
      /* A second challenge: give up the exchange politely. */
      imap_continue (imap, "*", FALSE, imap_auth_response);
      return;
    }
  imap->challenge_answered = TRUE;
  /* A challenge after our credentials: the OAuth2 error (JSON), answered as RFC 7628 and
   * Google's XOAUTH2 say, so the server sends its final NO. */
  if (response->text != NULL && *response->text != '\0')
    {
      g_autofree char *decoded = mail_sasl_decode_challenge (response->text);

      if (decoded != NULL)
        {
          g_autofree char *label = g_strdup_printf ("(decoded) %s", decoded);

          mail_transcript_add_server (imap->run->transcript, label);
        }
    }
  imap_continue (imap, mail_sasl_error_answer (imap->mechanism), FALSE, imap_auth_response);
}

static void
imap_auth_continuation (MailProbeImap    *imap,
                        MailImapResponse *response)
{
  g_autofree char *payload = NULL;

  if (response->kind == MAIL_IMAP_RESPONSE_TAGGED)
    {
      imap_auth_done (imap, response);
      return;
    }
  payload = mail_connection_sasl_response (imap->conn, imap->mechanism);
  imap_continue (imap, payload, TRUE, imap_auth_response);
  mail_secret_free (g_steal_pointer (&payload));
}

/* LOGIN user password, as quoted strings or literals ({n} waits for "+", {n+} does not).
 * imap->pending holds the chunks still to send, each ending where a literal's data starts. */
static void imap_login_continue (MailProbeImap *imap, MailImapResponse *response);

static void
imap_login_send_next (gpointer data)
{
  MailProbeImap *imap = data;
  char *chunk = g_ptr_array_steal_index (imap->pending, 0);
  gboolean more = imap->pending->len > 0;

  mail_transcript_add_client_secret (imap->run->transcript, NULL);
  if (more && imap->literal_plus)
    mail_connection_send (imap->conn, chunk, imap_login_send_next, imap);
  else
    {
      imap->handler = more ? imap_login_continue : imap_auth_done;
      mail_connection_send (imap->conn, chunk, imap_pump, imap);
    }
  mail_secret_free (chunk);
}

static void
imap_login_continue (MailProbeImap    *imap,
                     MailImapResponse *response)
{
  if (response->kind == MAIL_IMAP_RESPONSE_TAGGED)
    {
      imap_auth_done (imap, response);
      return;
    }
  imap_login_send_next (imap);
}

static void
imap_login (MailProbeImap *imap)
{
  const MailCheckSettings *settings = imap->settings;
  const char *user = settings->server->username != NULL ? settings->server->username
                                                        : settings->email;
  const char *values[] = { user, settings->secret };
  g_autofree char *quoted_user = mail_imap_quote (user);
  g_autofree char *logged = NULL;
  GString *current;
  char *first;
  gboolean more;

  g_clear_pointer (&imap->pending, g_ptr_array_unref);
  imap->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_secret_free);

  /* The handler is set with the chunk after which the answer is read. */
  imap_begin_command (imap, NULL);

  /* Sized so that no reallocation leaves a copy of the password behind. */
  current = g_string_sized_new (2 * (strlen (user) + strlen (settings->secret)) + 64);
  g_string_append_printf (current, "%s LOGIN", imap->tag);
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
                              imap->literal_plus ? "+" : "");
      g_ptr_array_add (imap->pending, g_string_free (current, FALSE));
      current = g_string_sized_new (strlen (values[i]) + 64);
      g_string_append (current, values[i]);
    }
  g_ptr_array_add (imap->pending, g_string_free (current, FALSE));

  logged = g_strdup_printf ("%s LOGIN %s", imap->tag, quoted_user != NULL ? quoted_user : "{…}");
  mail_transcript_add_client_secret (imap->run->transcript, logged);

  first = g_ptr_array_steal_index (imap->pending, 0);
  more = imap->pending->len > 0;
  if (more && imap->literal_plus)
    mail_connection_send (imap->conn, first, imap_login_send_next, imap);
  else
    {
      imap->handler = more ? imap_login_continue : imap_auth_done;
      mail_connection_send (imap->conn, first, imap_pump, imap);
    }
  mail_secret_free (first);
}

static void
imap_authenticate (MailProbeImap *imap)
{
  const MailCheckSettings *settings = imap->settings;
  g_auto(GStrv) offered = NULL;
  g_autofree char *command = NULL;
  g_autofree char *payload = NULL;
  const char *name;

  if (settings->auth == MAIL_AUTH_NONE || settings->secret == NULL || settings->greeting_only)
    {
      mail_check_run_step_begin (imap->run, "logout");
      imap_logout (imap);
      return;
    }

  mail_check_run_step_begin (imap->run, "authenticate");
  offered = mail_imap_capabilities_get_auth ((const char *const *) imap->capabilities);

  if (!mail_connection_choose_mechanism (imap->conn, (const char *const *) offered,
                                         &imap->mechanism)
      || (imap->mechanism == MAIL_SASL_LOGIN && imap_has (imap, "LOGINDISABLED")))
    {
      /* LOGINDISABLED before TLS (RFC 3501 6.2.3): passwords only after STARTTLS. */
      if (settings->auth != MAIL_AUTH_OAUTH2 && imap_has (imap, "LOGINDISABLED")
          && !mail_connection_is_encrypted (imap->conn))
        {
          mail_check_run_fail_full (imap->run, NULL, NULL, "starttls-required");
          return;
        }
      mail_check_run_fail_literal (imap->run, MAIL_ERROR_MECHANISM_UNAVAILABLE,
                        _("The server does not offer a sign-in method this app can use."));
      return;
    }

  if (!mail_connection_may_send_credential (imap->conn))
    return;

  mail_transcript_add_secret (imap->run->transcript, settings->secret);
  imap->challenge_answered = FALSE;

  if (imap->mechanism == MAIL_SASL_LOGIN)
    {
      imap_login (imap);
      return;
    }

  name = mail_sasl_mechanism_to_string (imap->mechanism);
  if (imap_has (imap, "SASL-IR"))
    {
      payload = mail_connection_sasl_response (imap->conn, imap->mechanism);
      command = g_strdup_printf ("AUTHENTICATE %s %s", name, payload);
      {
        g_autofree char *logged = g_strdup_printf ("AUTHENTICATE %s", name);

        imap_command (imap, command, logged, TRUE, imap_auth_response);
      }
      explicit_bzero (command, strlen (command));
      mail_secret_free (g_steal_pointer (&payload));
      return;
    }
  command = g_strdup_printf ("AUTHENTICATE %s", name);
  imap_command (imap, command, NULL, FALSE, imap_auth_continuation);
}

/* -- IMAP select and logout -- */

static void
imap_select_done (MailProbeImap    *imap,
                  MailImapResponse *response)
{
  if (response->kind != MAIL_IMAP_RESPONSE_TAGGED || response->status != MAIL_IMAP_STATUS_OK)
    {
      imap_fail_server (imap, response);
      return;
    }
  mail_check_run_step_end (imap->run, TRUE, NULL);
  mail_check_run_step_begin (imap->run, "logout");
  imap_logout (imap);
}

/* EXAMINE the mailbox; before, when not NULL, is sent in the same write (ID). */
static void
imap_select (MailProbeImap *imap,
             const char    *before)
{
  const char *mailbox = imap->settings->mailbox != NULL ? imap->settings->mailbox : "INBOX";
  g_autofree char *encoded = mail_imap_mailbox_encode (mailbox);
  g_autofree char *quoted = encoded != NULL ? mail_imap_quote (encoded) : NULL;
  g_autofree char *command = NULL;

  if (quoted == NULL)
    {
      mail_check_run_fail_literal (imap->run, MAIL_ERROR_INVALID_INPUT,
                        _("The mailbox name contains characters this test cannot send."));
      return;
    }
  command = g_strdup_printf ("EXAMINE %s", quoted);
  if (before != NULL)
    imap_command_after (imap, before, command, imap_select_done);
  else
    imap_command (imap, command, NULL, FALSE, imap_select_done);
}

/* The check has proven what it proves once the mailbox opened: LOGOUT is said for politeness,
 * and the result does not wait a round trip for the server's answer to it. */
static void
imap_logout_sent (gpointer data)
{
  MailProbeImap *imap = data;

  mail_check_run_step_end (imap->run, TRUE, NULL);
  mail_connection_succeed (imap->conn);
}

static void
imap_logout (MailProbeImap *imap)
{
  imap_command_then (imap, "LOGOUT", NULL, FALSE, NULL, imap_logout_sent);
}
