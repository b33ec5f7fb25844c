/* mail-connection-look.c: the second look at a port whose greeting stays silent or whose
 * implicit TLS handshake fails or hangs: another connection to the same port
 * (mail-port-sniff.h) names what listens there, for the diagnosis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-connection-look.h"
#include "mail-port-sniff.h"

/* A second look may run this much past the step limit, once. */
#define LOOK_GRACE_MS  3000

/* The time a silent greeting is waited for before the second look, and each of its waits:
 * MAIL_PORT_SNIFF_SILENCE_MS, but at most half the step limit, so the look fits in the step. */
static guint
look_wait_ms (MailConnection *self)
{
  return MAX (MIN (MAIL_PORT_SNIFF_SILENCE_MS, self->settings->step_ms / 2), 1);
}

void
mail_connection_look_stop (MailConnection *self)
{
  if (self->silence_timer != NULL)
    g_source_destroy (self->silence_timer);
  g_clear_pointer (&self->silence_timer, g_source_unref);
  if (self->look != NULL)
    g_cancellable_cancel (self->look);
  g_clear_object (&self->look);
  self->look_running = FALSE;
}

static void
fail_web_server (MailConnection *self,
                 MailPortSniff  *sniff,
                 gboolean        https)
{
  guint16 port = self->settings->server->port;
  const char *lines[] = { sniff->first_line, NULL };
  g_autoptr(GError) error = NULL;

  g_free (self->run->greeting);
  self->run->greeting = g_strdup (sniff->first_line);
  if (sniff->first_line != NULL)
    mail_transcript_add_server (self->run->transcript, sniff->first_line);
  mail_check_run_set_first_fix (self->run,
                                g_strdup_printf (_("Port %u belongs to a website, not to mail. "
                                                   "Use the mail server’s port: IMAP 993 (TLS) "
                                                   "or 143 (STARTTLS), sending 465 (TLS) or 587 "
                                                   "(STARTTLS)."), port));
  error = g_error_new_literal (MAIL_ERROR, MAIL_ERROR_NOT_MAIL_SERVER,
                               https
                               ? _("A web server answered (HTTPS): after the TLS handshake it "
                                   "answered a web request, not as a mail server.")
                               : _("A web server answered: it sent an HTTP answer to a web "
                                   "request, and no mail greeting."));
  mail_check_run_fail_full (self->run, error, lines, "not-a-mail-server");
}

static void
fail_expects_tls (MailConnection *self)
{
  mail_check_run_set_first_fix (self->run,
                                g_strdup_printf (_("Set the security to TLS (sometimes called "
                                                   "SSL/TLS) for port %u: the server there "
                                                   "expects an encrypted connection from the "
                                                   "start."),
                                                 self->settings->server->port));
  mail_check_run_fail_literal (self->run, MAIL_ERROR_WRONG_SECURITY,
                               _("This port expects TLS from the start, not plain text or "
                                 "STARTTLS: the server stayed silent on a plain connection and "
                                 "completed a TLS handshake on a second one."));
}

static void
fail_expects_plain (MailConnection *self)
{
  mail_check_run_set_first_fix (self->run,
                                g_strdup_printf (_("Set the security to STARTTLS for port %u: "
                                                   "the server there starts without encryption "
                                                   "and switches to it on request."),
                                                 self->settings->server->port));
  mail_check_run_fail_literal (self->run, MAIL_ERROR_WRONG_SECURITY,
                               _("The server spoke plain text where TLS was expected: a second "
                                 "connection without TLS got a mail greeting."));
}

/* The greeting was silent, and the TLS look found nothing: a plain look with a web request. */
static void
silent_plain_look_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailConnection *self = g_task_get_task_data (task);
  g_autoptr(MailPortSniff) sniff = mail_port_sniff_finish (result, NULL);

  if (self->run->done || sniff == NULL || !self->greeting_stage)
    return;
  self->look_running = FALSE;
  if (sniff->answer == MAIL_PORT_ANSWER_HTTP)
    fail_web_server (self, sniff, FALSE);
  else if (sniff->answer == MAIL_PORT_ANSWER_TLS_RECORD)
    fail_expects_tls (self);
  else
    self->look_found_nothing = TRUE;  /* a mail server that is silent: wait for the step limit */
}

static void
silent_tls_look_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailConnection *self = g_task_get_task_data (task);
  g_autoptr(MailPortSniff) sniff = mail_port_sniff_finish (result, NULL);
  g_autoptr(GSocketAddress) remote = NULL;

  if (self->run->done || sniff == NULL || !self->greeting_stage)
    return;
  if (sniff->tls)
    {
      /* A TLS server: a web server if it answered the web request, else a TLS mail port
       * (unless TLS was what the check used: then a silent mail server). */
      self->look_running = FALSE;
      if (sniff->answer == MAIL_PORT_ANSWER_HTTP)
        fail_web_server (self, sniff, TRUE);
      else if (self->settings->server->security != MAIL_SECURITY_TLS)
        fail_expects_tls (self);
      else
        self->look_found_nothing = TRUE;
      return;
    }
  if (self->settings->server->security == MAIL_SECURITY_TLS)
    {
      self->look_running = FALSE;
      self->look_found_nothing = TRUE;
      return;
    }
  remote = g_socket_connection_get_remote_address (self->connection, NULL);
  if (remote == NULL)
    {
      self->look_running = FALSE;
      return;
    }
  mail_transcript_add_client (self->run->transcript, "(third connection) HEAD / HTTP/1.0");
  mail_port_sniff_async (remote, self->settings->server->host, FALSE, 0, look_wait_ms (self),
                         self->look, silent_plain_look_cb, g_object_ref (self->task));
}

/* The implicit TLS handshake hangs (a plain server waiting for a line, a web server waiting
 * for the end of a request): a plain second connection may say what listens. */
static void
handshake_silence_look_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailConnection *self = g_task_get_task_data (task);
  g_autoptr(MailPortSniff) sniff = mail_port_sniff_finish (result, NULL);

  if (self->run->done || sniff == NULL || g_strcmp0 (self->run->step, "tls") != 0
      || !self->run->step_open)
    return;
  self->look_running = FALSE;
  if (sniff->answer == MAIL_PORT_ANSWER_HTTP)
    fail_web_server (self, sniff, FALSE);
  else if (sniff->answer == MAIL_PORT_ANSWER_IMAP || sniff->answer == MAIL_PORT_ANSWER_SMTP)
    fail_expects_plain (self);
  else
    self->look_found_nothing = TRUE;
}

/* No greeting within look_wait_ms() on a plain or STARTTLS connection: while it keeps waiting
 * for the greeting, a second connection tries a TLS handshake (a TLS port), then a third a web
 * request (a web server). A greeting on the first connection stops the look. */
static gboolean
silence_cb (gpointer user_data)
{
  MailConnection *self = user_data;
  g_autoptr(GSocketAddress) remote = NULL;
  gboolean handshake = g_strcmp0 (self->run->step, "tls") == 0;

  g_clear_pointer (&self->silence_timer, g_source_unref);
  if (self->run->done || (!handshake && (!self->greeting_stage || self->input->len > 0)))
    return G_SOURCE_REMOVE;
  remote = g_socket_connection_get_remote_address (self->connection, NULL);
  if (remote == NULL)
    return G_SOURCE_REMOVE;
  g_clear_object (&self->look);
  self->look = g_cancellable_new ();
  self->look_running = TRUE;
  if (handshake)
    {
      mail_transcript_add_client (self->run->transcript,
                                  "(second connection) without TLS; HEAD / HTTP/1.0 if silent");
      mail_port_sniff_async (remote, self->settings->server->host, FALSE, look_wait_ms (self),
                             look_wait_ms (self), self->look, handshake_silence_look_cb,
                             g_object_ref (self->task));
      return G_SOURCE_REMOVE;
    }
  /* On a TLS connection the server already had its time to greet: ask at once. */
  mail_transcript_add_client (self->run->transcript,
                              "(second connection) TLS handshake; HEAD / HTTP/1.0 if silent");
  mail_port_sniff_async (remote, self->settings->server->host, TRUE,
                         self->settings->server->security == MAIL_SECURITY_TLS
                         ? 0 : look_wait_ms (self),
                         look_wait_ms (self), self->look, silent_tls_look_cb,
                         g_object_ref (self->task));
  return G_SOURCE_REMOVE;
}

void
mail_connection_watch_silence (MailConnection *self)
{
  self->silence_timer = g_timeout_source_new (look_wait_ms (self));
  g_source_set_callback (self->silence_timer, silence_cb, self, NULL);
  g_source_attach (self->silence_timer, self->run->context);
}

/* Connected, and the server never said hello: a server-timeout at the greeting whose words say
 * so, and what the second look ruled out. */
static void
greeting_timed_out (MailConnection *self)
{
  MailCheckRun *run = self->run;
  g_autoptr(GError) error = NULL;
  guint seconds = (self->settings->step_ms + 999) / 1000;

  if (run->done)
    return;
  if (run->caller_cancellable != NULL && g_cancellable_is_cancelled (run->caller_cancellable))
    {
      mail_check_run_handle_error (run, NULL);
      return;
    }
  error = g_error_new (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The server did not answer within %u second: the "
                                    "connection was made, but the server stayed silent and "
                                    "sent no greeting.",
                                    "The server did not answer within %u seconds: the "
                                    "connection was made, but the server stayed silent and "
                                    "sent no greeting.", seconds),
                       seconds);
  if (self->look_found_nothing)
    {
      g_autofree char *more = g_strconcat (error->message, " ",
                                           _("A second look found no TLS and no web server on "
                                             "this port."), NULL);

      g_free (error->message);
      error->message = g_steal_pointer (&more);
    }
  mail_check_run_set_first_fix (run, g_strdup (_("Check the port with your provider’s "
                                                 "instructions: the server accepted the "
                                                 "connection but never greeted, which usually "
                                                 "means a busy server, or a firewall or "
                                                 "antivirus program holding the connection.")));
  mail_check_run_fail_full (run, error, NULL, "server-timeout");
}

/* Implicit TLS failed in a way the error code alone does not explain (GIO 2.74 reports alerts
 * and plain-text answers alike as G_TLS_ERROR_MISC): a plain second connection shows what the
 * server speaks. A mail greeting or an HTTP answer means a plain port; TLS records or nothing
 * mean a TLS server that refused this handshake. */
static void
tls_look_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailConnection *self = g_task_get_task_data (task);
  g_autoptr(MailPortSniff) sniff = mail_port_sniff_finish (result, NULL);
  g_autoptr(GError) error = g_steal_pointer (&self->tls_error);

  if (self->run->done || sniff == NULL)
    return;
  self->look_running = FALSE;
  switch (sniff->answer)
    {
    case MAIL_PORT_ANSWER_IMAP:
    case MAIL_PORT_ANSWER_SMTP:
      fail_expects_plain (self);
      return;
    case MAIL_PORT_ANSWER_HTTP:
      fail_web_server (self, sniff, FALSE);
      return;
    case MAIL_PORT_ANSWER_OTHER:
      g_free (self->run->greeting);
      self->run->greeting = g_strdup (sniff->first_line);
      mail_check_run_fail_not_mail_server (self->run);
      return;
    case MAIL_PORT_ANSWER_TLS_RECORD:
    case MAIL_PORT_ANSWER_NOTHING:
    default:
      break;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE)
      || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF)
      || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
    {
      if (sniff->answer == MAIL_PORT_ANSWER_NOTHING)
        {
          mail_check_run_fail_literal (self->run, MAIL_ERROR_WRONG_SECURITY,
                                       _("The server closed the connection during the TLS "
                                         "handshake."));
          return;
        }
    }
  /* A TLS server that refused the handshake: versions or ciphers do not meet. */
  mail_check_run_fail_full (self->run, error, NULL, "tls-protocol-mismatch");
}

gboolean
mail_connection_look_at_tls_failure (MailConnection *self,
                                     const GError   *error)
{
  g_autoptr(GSocketAddress) remote = NULL;

  /* Only implicit TLS: after STARTTLS the server has already spoken the protocol in plain. */
  if (self->settings->server->security != MAIL_SECURITY_TLS || self->run->timed_out
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE)
      || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED))
    return FALSE;
  remote = g_socket_connection_get_remote_address (self->connection, NULL);
  if (remote == NULL)
    return FALSE;
  g_clear_error (&self->tls_error);
  self->tls_error = g_error_copy (error);
  mail_connection_look_stop (self);
  self->look = g_cancellable_new ();
  self->look_running = TRUE;
  mail_transcript_add_client (self->run->transcript,
                              "(second connection) without TLS; HEAD / HTTP/1.0 if silent");
  mail_port_sniff_async (remote, self->settings->server->host, FALSE, look_wait_ms (self),
                         look_wait_ms (self), self->look, tls_look_cb,
                         g_object_ref (self->task));
  return TRUE;
}

gboolean
mail_connection_look_step_timed_out (MailConnection *self)
{
  /* A second look under way gets a little more time, once, to name the cause. */
  if (self->look_running && !self->look_extended)
    {
      self->look_extended = TRUE;
      mail_check_run_arm_step_timer (self->run, MIN (LOOK_GRACE_MS, self->settings->step_ms));
      return TRUE;
    }
  if (self->greeting_stage)
    {
      greeting_timed_out (self);
      return TRUE;
    }
  return FALSE;
}
