/* mail-connection.c: the connection one check runs on
 *
 * One connection is a chain of asynchronous GIO calls: resolve, connect, TLS, then the
 * protocol's greeting hook (mail-probe-imap.c, mail-probe-smtp.c), which goes on with
 * mail_connection_read() and mail_connection_send(). Every call is bounded by the run's step
 * and overall timers (mail-check-run.c). A greeting that stays silent, or an implicit TLS
 * handshake that fails or hangs, gets a second look on another connection to the same port
 * (mail-port-sniff.h) to name what listens there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mail-certificate-info.h"
#include "mail-connect.h"
#include "mail-connection-look.h"

/* Connect: the time one address gets when more are left to try. */
#define PER_ADDRESS_TIMEOUT_S  3


static void
connection_free (MailConnection *self)
{
  if (self->stream != NULL && !g_io_stream_is_closed (self->stream))
    g_io_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&self->stream);
  g_clear_object (&self->connection);
  mail_connection_look_stop (self);
  g_clear_error (&self->tls_error);
  if (self->state != NULL && self->protocol->free_state != NULL)
    self->protocol->free_state (self->state);
  /* The run frees its timers first: none fires on a freed connection. */
  g_clear_pointer (&self->run, mail_check_run_free);
  g_list_free_full (self->addresses, g_object_unref);
  g_clear_error (&self->connect_error);
  g_clear_object (&self->peer_certificate);
  g_clear_pointer (&self->input, g_byte_array_unref);
  if (self->output != NULL)
    mail_secret_free (self->output);
  g_free (self->tls_detail);
  g_free (self);
}

MailConnection *
mail_connection_from_task (GTask *task)
{
  return g_task_get_task_data (task);
}

/* ---------------------------------------------------------------------------------------- */
/* Reading and writing                                                                        */

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailConnection *self = mail_connection_from_task (task);
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (self->run->done)
    return;
  if (n < 0)
    {
      mail_check_run_handle_error (self->run, error);
      return;
    }
  if (n == 0)
    {
      if (self->on_eof != NULL)
        {
          self->on_eof (self->on_eof_data);
          return;
        }
      mail_check_run_fail_literal (self->run, MAIL_ERROR_CLOSED,
                                   _("The server closed the connection."));
      return;
    }
  g_byte_array_append (self->input, self->chunk, (guint) n);
  self->on_input (self->on_input_data);
}

void
mail_connection_read (MailConnection     *self,
                      MailConnectionFunc  on_input,
                      gpointer            data)
{
  self->on_input = on_input;
  self->on_input_data = data;
  g_input_stream_read_async (g_io_stream_get_input_stream (self->stream), self->chunk,
                             sizeof self->chunk, G_PRIORITY_DEFAULT, self->run->cancellable,
                             read_cb, g_object_ref (self->task));
}

void
mail_connection_set_eof_handler (MailConnection     *self,
                                 MailConnectionFunc  on_eof,
                                 gpointer            data)
{
  self->on_eof = on_eof;
  self->on_eof_data = data;
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailConnection *self = mail_connection_from_task (task);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error);
  if (self->output != NULL)
    {
      explicit_bzero (self->output, self->output_len);
      g_clear_pointer (&self->output, g_free);
    }
  if (self->run->done)
    return;
  if (error != NULL)
    {
      mail_check_run_handle_error (self->run, error);
      return;
    }
  self->after_write (self->after_write_data);
}

void
mail_connection_send (MailConnection     *self,
                      const char         *line,
                      MailConnectionFunc  after_write,
                      gpointer            data)
{
  g_assert (self->output == NULL);

  self->output = g_strconcat (line, "\r\n", NULL);
  self->output_len = strlen (self->output);
  self->after_write = after_write;
  self->after_write_data = data;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (self->stream), self->output,
                                   self->output_len, G_PRIORITY_DEFAULT, self->run->cancellable,
                                   write_cb, g_object_ref (self->task));
}

void
mail_connection_consume (MailConnection *self,
                         gsize           len)
{
  g_byte_array_remove_range (self->input, 0, (guint) len);
}

gboolean
mail_connection_is_encrypted (MailConnection *self)
{
  return G_IS_TLS_CONNECTION (self->stream);
}

char *
mail_connection_local_literal (MailConnection *self)
{
  g_autoptr(GSocketAddress) local = g_socket_connection_get_local_address (self->connection,
                                                                           NULL);

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

/* TLS records (handshake 0x16, alert 0x15) start with the content type and version 3.x. */
static gboolean
input_is_tls (MailConnection *self)
{
  return self->input->len >= 2
         && (self->input->data[0] == 0x16 || self->input->data[0] == 0x15)
         && self->input->data[1] == 0x03;
}

static void
keep_stray_input (MailConnection *self)
{
  g_autoptr(GString) text = NULL;

  /* Keep a printable glimpse of what a non-mail server said ("HTTP/1.1 400 ..."). */
  if (self->input->len == 0 || self->run->greeting != NULL)
    return;
  text = g_string_new (NULL);
  for (guint i = 0; i < self->input->len && i < 200; i++)
    {
      guchar c = self->input->data[i];

      if (c == '\r' || c == '\n')
        break;
      g_string_append_c (text, (c < 0x20 || c >= 0x7f) ? '?' : (char) c);
    }
  self->run->greeting = g_string_free (g_steal_pointer (&text), FALSE);
  mail_transcript_add_server (self->run->transcript, self->run->greeting);
}

void
mail_connection_fail_not_mail_server (MailConnection *self)
{
  keep_stray_input (self);
  if (input_is_tls (self))
    mail_check_run_fail_literal (self->run, MAIL_ERROR_WRONG_SECURITY,
                                 _("The server answered with TLS on a port used without TLS."));
  else
    mail_check_run_fail_not_mail_server (self->run);
}

void
mail_connection_set_greeting (MailConnection *self,
                              char           *greeting)
{
  g_free (self->run->greeting);
  self->run->greeting = greeting;
}

static gboolean
host_is_this_computer (const char *host)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (host);

  if (address != NULL)
    return g_inet_address_get_is_loopback (address);
  return g_ascii_strcasecmp (host, "localhost") == 0;
}

gboolean
mail_connection_may_send_credential (MailConnection *self)
{
  /* Only a server the person named: a discovered "localhost" is no reason to send a secret
   * in clear text (whatever answered DNS chose it). */
  if (G_IS_TLS_CONNECTION (self->stream) ||
      (self->settings->server->given && host_is_this_computer (self->settings->server->host)))
    return TRUE;

  mail_check_run_fail_full (self->run, NULL, NULL, "auth-unencrypted");
  return FALSE;
}

void
mail_connection_succeed (MailConnection *self)
{
  /* The last guard: no check passes without the encryption that was asked for. */
  if (self->settings->server->security != MAIL_SECURITY_NONE
      && !G_IS_TLS_CONNECTION (self->stream))
    {
      mail_check_run_fail_starttls (self->run, NULL,
                                    _("The check reached its end without encryption, so the "
                                      "server skipped encryption."));
      return;
    }
  mail_check_run_succeed (self->run);
}

/* -- Authentication helpers shared by IMAP and SMTP -- */

char *
mail_connection_sasl_response (MailConnection    *self,
                               MailSaslMechanism  mechanism)
{
  const MailCheckSettings *settings = self->settings;
  const char *user = settings->server->username != NULL ? settings->server->username
                                                        : settings->email;
  char *payload = NULL;

  switch (mechanism)
    {
    case MAIL_SASL_XOAUTH2:
      payload = mail_sasl_xoauth2_response (user, settings->secret);
      break;
    case MAIL_SASL_OAUTHBEARER:
      payload = mail_sasl_oauthbearer_response (user, settings->server->host,
                                                settings->server->port, settings->secret);
      break;
    case MAIL_SASL_PLAIN:
      payload = mail_sasl_plain_response (NULL, user, settings->secret);
      break;
    case MAIL_SASL_LOGIN:
    default:
      payload = mail_sasl_login_response (user);
      break;
    }
  if (mechanism != MAIL_SASL_LOGIN)
    mail_transcript_add_secret (self->run->transcript, payload);
  return payload;
}

static gboolean
mechanism_is_oauth (MailSaslMechanism mechanism)
{
  return mechanism == MAIL_SASL_XOAUTH2 || mechanism == MAIL_SASL_OAUTHBEARER;
}

gboolean
mail_connection_choose_mechanism (MailConnection    *self,
                                  const char *const *offered,
                                  MailSaslMechanism *chosen)
{
  static const char *const oauth_default[] = { "XOAUTH2", "OAUTHBEARER", NULL };
  static const char *const password_default[] = { "PLAIN", "LOGIN", NULL };
  const MailCheckSettings *settings = self->settings;
  gboolean oauth = settings->auth == MAIL_AUTH_OAUTH2;
  g_autoptr(GArray) wanted = g_array_new (FALSE, FALSE, sizeof (MailSaslMechanism));

  for (guint i = 0; settings->mechanisms != NULL && settings->mechanisms[i] != NULL; i++)
    {
      MailSaslMechanism mechanism;

      if (mail_sasl_mechanism_from_string (settings->mechanisms[i], &mechanism)
          && mechanism_is_oauth (mechanism) == oauth)
        g_array_append_val (wanted, mechanism);
    }
  if (wanted->len == 0)
    {
      const char *const *defaults = oauth ? oauth_default : password_default;

      for (guint i = 0; defaults[i] != NULL; i++)
        {
          MailSaslMechanism mechanism;

          if (mail_sasl_mechanism_from_string (defaults[i], &mechanism))
            g_array_append_val (wanted, mechanism);
        }
    }

  for (guint i = 0; i < wanted->len; i++)
    {
      MailSaslMechanism mechanism = g_array_index (wanted, MailSaslMechanism, i);
      const char *name = mail_sasl_mechanism_to_string (mechanism);

      /* IMAP LOGIN is the LOGIN command, always there unless LOGINDISABLED. */
      if ((settings->server->protocol == MAIL_PROTOCOL_IMAP && mechanism == MAIL_SASL_LOGIN)
          || g_strv_contains (offered, name))
        {
          *chosen = mechanism;
          mail_check_run_set_mechanism (self->run, name);
          return TRUE;
        }
    }
  return FALSE;
}

/* The greeting stage saw the end of the stream. */
static void
greeting_eof (gpointer data)
{
  MailConnection *self = data;

  if (self->input->len > 0 && self->protocol->greeting_eof != NULL)
    {
      self->greeting_stage = FALSE;
      self->protocol->greeting_eof (self->state);
      return;
    }
  mail_check_run_fail_literal (self->run, MAIL_ERROR_CLOSED,
                               _("The server closed the connection without a greeting."));
}

void
mail_connection_set_greeting_stage (MailConnection *self,
                                    gboolean        greeting_stage)
{
  self->greeting_stage = greeting_stage;
  if (greeting_stage)
    mail_connection_set_eof_handler (self, greeting_eof, self);
}

/* The run's hooks for the look */

static void
run_stopped (gpointer data)
{
  mail_connection_look_stop (data);
}

static void
run_step_ended (gpointer    data,
                const char *step)
{
  if (g_strcmp0 (step, "greeting") == 0 || g_strcmp0 (step, "tls") == 0)
    mail_connection_look_stop (data);
}

static gboolean
run_step_timed_out (gpointer data)
{
  return mail_connection_look_step_timed_out (data);
}

static const MailCheckRunTransport run_transport = {
  run_stopped,
  run_step_ended,
  run_step_timed_out,
};

/* ---------------------------------------------------------------------------------------- */
/* TLS                                                                                        */

static gboolean
accept_certificate_cb (GTlsConnection       *connection,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  MailConnection *self = user_data;
  g_autoptr(MailCertificateInfo) info = NULL;

  g_set_object (&self->peer_certificate, certificate);
  self->peer_errors = errors;

  if (self->settings->trusted_fingerprint == NULL)
    return FALSE;
  info = mail_certificate_info_new (certificate, errors);
  if (info == NULL || info->sha256 == NULL
      || g_ascii_strcasecmp (info->sha256, self->settings->trusted_fingerprint) != 0)
    return FALSE;
  self->trusted_by_fingerprint = TRUE;
  return TRUE;
}

static const char *
protocol_version_name (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0: return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0: return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1: return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2: return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3: return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0: return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2: return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default:
      return "TLS";
    }
}

static void
store_certificate (MailConnection       *self,
                   GTlsCertificate      *certificate,
                   GTlsCertificateFlags  errors)
{
  MailCheckResult *result = self->run->result;

  if (certificate == NULL)
    return;
  g_clear_pointer (&result->certificate, mail_certificate_info_free);
  result->certificate = mail_certificate_info_new (certificate, errors);
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailConnection *self = mail_connection_from_task (task);
  GTlsConnection *tls = G_TLS_CONNECTION (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  GTlsCertificate *peer;

  if (!g_tls_connection_handshake_finish (tls, result, &error))
    {
      if (self->run->done)
        return;
      if (self->peer_certificate != NULL)
        store_certificate (self, self->peer_certificate, self->peer_errors);
      /* The cause from the error code where it says it; else a second look (see there). */
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE)
          || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_INAPPROPRIATE_FALLBACK))
        {
          mail_check_run_fail_full (self->run, error, NULL, "tls-protocol-mismatch");
          return;
        }
      if (mail_connection_look_at_tls_failure (self, error))
        return;
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS) && !self->run->timed_out)
        {
          mail_check_run_fail_literal (self->run, MAIL_ERROR_WRONG_SECURITY,
                                       _("The server spoke plain text where TLS was expected."));
          return;
        }
      mail_check_run_handle_error (self->run, error);
      return;
    }
  if (self->run->done)
    return;

  /* TLS 1.0 and 1.1 are refused by mail apps (and RFC 8996): a server that offers nothing
   * newer fails here, although GnuTLS agreed to it. */
  switch (g_tls_connection_get_protocol_version (tls))
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0:
    case G_TLS_PROTOCOL_VERSION_TLS_1_0:
    case G_TLS_PROTOCOL_VERSION_TLS_1_1:
      {
        g_autoptr(GError) old = NULL;

        old = g_error_new (MAIL_ERROR, MAIL_ERROR_FAILED,
                           _("The server offers only %s, an old version of TLS that mail apps "
                             "refuse (TLS 1.2 or newer is needed)."),
                           protocol_version_name (g_tls_connection_get_protocol_version (tls)));
        mail_check_run_fail_full (self->run, old, NULL, "tls-protocol-mismatch");
        return;
      }
    default:
      break;
    }

  peer = g_tls_connection_get_peer_certificate (tls);
  store_certificate (self, peer, self->trusted_by_fingerprint ? self->peer_errors : 0);

  if (self->trusted_by_fingerprint)
    detail = g_strdup_printf (_("%s, certificate trusted by its fingerprint"),
                              protocol_version_name (g_tls_connection_get_protocol_version (tls)));
  else
    detail = g_strdup_printf (_("%s, certificate valid for %s"),
                              protocol_version_name (g_tls_connection_get_protocol_version (tls)),
                              self->settings->server->host);
  g_clear_object (&self->stream);
  self->stream = G_IO_STREAM (g_object_ref (tls));
  g_free (self->tls_detail);
  self->tls_detail = g_steal_pointer (&detail);
  self->after_tls (self->after_tls_data);
}

/* Starts TLS on the connection (implicit TLS, or after STARTTLS), then calls after with
 * tls_detail set. Written once for both. */
void
mail_connection_start_tls (MailConnection     *self,
                           MailConnectionFunc  after,
                           gpointer            data)
{
  const MailCheckSettings *settings = self->settings;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  GIOStream *tls;

  if (self->input->len > 0)
    {
      /* Bytes sent before the handshake would be trusted as if they came through TLS
       * (STARTTLS command injection, CVE-2011-0411): never read them, end the check. */
      g_byte_array_set_size (self->input, 0);
      mail_check_run_fail_starttls (self->run, NULL,
                                    _("The server sent more data right after agreeing to "
                                      "encryption, before the encrypted connection was set up. "
                                      "Someone on the network may have injected it, so the "
                                      "check stopped. Nothing was sent."));
      return;
    }

  identity = g_network_address_new (settings->server->host, settings->server->port);
  tls = mail_tls_client_connection_new (G_IO_STREAM (self->connection), identity,
                                        settings->database, &error);
  if (tls == NULL)
    {
      mail_check_run_fail (self->run, error);
      return;
    }
  if (settings->database != NULL)
    g_tls_connection_set_database (G_TLS_CONNECTION (tls), settings->database);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_certificate_cb), self);
  self->after_tls = after;
  self->after_tls_data = data;
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    self->run->cancellable, handshake_cb,
                                    g_object_ref (self->task));
  g_object_unref (tls);
}

/* ---------------------------------------------------------------------------------------- */
/* Resolve and connect                                                                        */

static void
protocol_start (MailConnection *self)
{
  mail_check_run_step_begin (self->run, "greeting");
  mail_connection_watch_silence (self);
  self->protocol->greeting (self);
}

static void
implicit_tls_done (gpointer data)
{
  MailConnection *self = data;

  mail_check_run_step_end (self->run, TRUE, self->tls_detail);
  protocol_start (self);
}

static void connect_next (MailConnection *self);

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailConnection *self = mail_connection_from_task (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autofree char *address = NULL;
  g_autofree char *detail = NULL;
  guint16 port = self->settings->server->port;

  connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (self->run->done)
    return;
  if (connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          || self->next_address == NULL)
        {
          /* The first error says most (e.g. refused on IPv6 and IPv4 alike). */
          if (self->connect_error != NULL && !g_cancellable_is_cancelled (self->run->cancellable))
            mail_check_run_handle_error (self->run, self->connect_error);
          else
            mail_check_run_handle_error (self->run, error);
          return;
        }
      if (self->connect_error == NULL)
        self->connect_error = g_steal_pointer (&error);
      connect_next (self);
      return;
    }

  remote = g_socket_connection_get_remote_address (connection, NULL);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    {
      GInetAddress *inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));

      address = g_inet_address_to_string (inet);
      if (g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6)
        detail = g_strdup_printf ("[%s]:%u", address, port);
      else
        detail = g_strdup_printf ("%s:%u", address, port);
    }
  self->connection = g_steal_pointer (&connection);
  /* The per-address limit must not stay on the socket: reads have the step timer. */
  g_socket_set_timeout (g_socket_connection_get_socket (self->connection), 0);
  self->stream = G_IO_STREAM (g_object_ref (self->connection));
  mail_check_run_step_end (self->run, TRUE, detail);

  if (self->settings->server->security == MAIL_SECURITY_TLS)
    {
      mail_check_run_step_begin (self->run, "tls");
      mail_connection_watch_silence (self);
      mail_connection_start_tls (self, implicit_tls_done, self);
    }
  else
    protocol_start (self);
}

static void
connect_next (MailConnection *self)
{
  g_autoptr(GSocketClient) client = mail_socket_client_new ();
  g_autoptr(GSocketAddress) address = NULL;
  GInetAddress *inet = self->next_address->data;

  self->next_address = self->next_address->next;
  address = g_inet_socket_address_new (inet, self->settings->server->port);
  /* With more addresses to try, one that swallows packets (a broken IPv6 route) must not
   * use up the whole step; the last one has the step's time. */
  if (self->next_address != NULL)
    g_socket_client_set_timeout (client, PER_ADDRESS_TIMEOUT_S);
  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), self->run->cancellable,
                                 connect_cb, g_object_ref (self->task));
}

static void
resolve_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailConnection *self = mail_connection_from_task (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *detail = NULL;
  guint n;

  self->addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
  if (self->run->done)
    return;
  if (self->addresses == NULL)
    {
      mail_check_run_handle_error (self->run, error);
      return;
    }
  n = g_list_length (self->addresses);
  detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u address", "%u addresses", n), n);
  mail_check_run_step_end (self->run, TRUE, detail);

  mail_check_run_step_begin (self->run, "connect");
  self->next_address = self->addresses;
  connect_next (self);
}

MailConnection *
mail_connection_start (GTask                        *task,
                       MailCheckRun                 *run,
                       const MailConnectionProtocol *protocol)
{
  MailConnection *self = g_new0 (MailConnection, 1);
  g_autoptr(GResolver) resolver = NULL;

  self->run = run;
  self->settings = run->settings;
  self->task = task;
  self->protocol = protocol;
  self->input = g_byte_array_new ();
  g_task_set_task_data (task, self, (GDestroyNotify) connection_free);
  mail_check_run_set_transport (run, &run_transport, self);

  mail_check_run_step_begin (run, "resolve");
  if (g_cancellable_is_cancelled (run->cancellable))
    {
      mail_check_run_handle_error (run, NULL);
      return self;
    }
  resolver = g_resolver_get_default ();
  g_resolver_lookup_by_name_async (resolver, self->settings->server->host, run->cancellable,
                                   resolve_cb, g_object_ref (task));
  return self;
}
