/* mail-port-sniff.c: a second look at a port, to tell apart what looks the same on the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-port-sniff.h"
#include "mail-connect.h"
#include "mail-transcript.h"

/* Enough for a status line or a greeting; the rest is never read. */
#define SNIFF_MAX_BYTES 1024
#define SNIFF_MAX_LINE  200

static const char http_probe[] = "HEAD / HTTP/1.0\r\n\r\n";

typedef struct
{
  GSocketAddress    *address;
  char              *host;
  gboolean           tls;
  guint              first_wait_ms;
  guint              wait_ms;

  GCancellable      *phase;          /* cancelled by the phase timer or the caller */
  GSource           *timer;
  gboolean           timed_out;
  gulong             caller_handler;
  GCancellable      *caller;

  GSocketConnection *connection;
  GIOStream         *stream;
  GByteArray        *input;
  guint8             chunk[SNIFF_MAX_BYTES];
  gboolean           asked;
  MailPortSniff     *result;
} Sniff;

void
mail_port_sniff_free (MailPortSniff *sniff)
{
  if (sniff == NULL)
    return;
  g_free (sniff->first_line);
  g_clear_error (&sniff->error);
  g_free (sniff);
}

MailPortAnswer
mail_port_answer_classify (const guint8 *data,
                           gsize         len)
{
  if (len == 0)
    return MAIL_PORT_ANSWER_NOTHING;
  /* TLS records: content type 20-23 (alert 21, handshake 22), then version 3.x. */
  if (len >= 2 && data[0] >= 0x14 && data[0] <= 0x17 && data[1] == 0x03)
    return MAIL_PORT_ANSWER_TLS_RECORD;
  if (len >= 5 && memcmp (data, "HTTP/", 5) == 0)
    return MAIL_PORT_ANSWER_HTTP;
  if ((len >= 4 && memcmp (data, "* OK", 4) == 0)
      || (len >= 9 && memcmp (data, "* PREAUTH", 9) == 0)
      || (len >= 5 && memcmp (data, "* BYE", 5) == 0))
    return MAIL_PORT_ANSWER_IMAP;
  if (len >= 4 && g_ascii_isdigit (data[0]) && g_ascii_isdigit (data[1])
      && g_ascii_isdigit (data[2]) && (data[3] == ' ' || data[3] == '-'))
    return MAIL_PORT_ANSWER_SMTP;
  return MAIL_PORT_ANSWER_OTHER;
}

static void
sniff_free (Sniff *s)
{
  if (s->caller != NULL && s->caller_handler != 0)
    g_cancellable_disconnect (s->caller, s->caller_handler);
  g_clear_object (&s->caller);
  if (s->timer != NULL)
    g_source_destroy (s->timer);
  g_clear_pointer (&s->timer, g_source_unref);
  g_clear_object (&s->phase);
  if (s->stream != NULL && !g_io_stream_is_closed (s->stream))
    g_io_stream_close_async (s->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_clear_object (&s->stream);
  g_clear_object (&s->connection);
  g_clear_object (&s->address);
  g_clear_pointer (&s->input, g_byte_array_unref);
  g_clear_pointer (&s->result, mail_port_sniff_free);
  g_free (s->host);
  g_free (s);
}

static gboolean
phase_timeout_cb (gpointer user_data)
{
  Sniff *s = user_data;

  s->timed_out = TRUE;
  g_cancellable_cancel (s->phase);
  g_clear_pointer (&s->timer, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* A new phase: a fresh cancellable, cancelled after ms. */
static GCancellable *
phase_begin (Sniff *s,
             guint  ms)
{
  if (s->timer != NULL)
    g_source_destroy (s->timer);
  g_clear_pointer (&s->timer, g_source_unref);
  g_clear_object (&s->phase);
  s->phase = g_cancellable_new ();
  s->timed_out = FALSE;
  if (g_cancellable_is_cancelled (s->caller))
    g_cancellable_cancel (s->phase);
  s->timer = g_timeout_source_new (MAX (ms, 1));
  g_source_set_callback (s->timer, phase_timeout_cb, s, NULL);
  g_source_attach (s->timer, g_main_context_get_thread_default ());
  return s->phase;
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Sniff *s = user_data;

  if (s->phase != NULL)
    g_cancellable_cancel (s->phase);
}

static void
sniff_return (GTask *task)
{
  Sniff *s = g_task_get_task_data (task);

  if (g_cancellable_is_cancelled (s->caller))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
      return;
    }
  if (s->timer != NULL)
    g_source_destroy (s->timer);
  g_clear_pointer (&s->timer, g_source_unref);
  s->result->answer = mail_port_answer_classify (s->input->data, s->input->len);
  if (s->input->len > 0)
    {
      gsize n = 0;

      while (n < s->input->len && n < SNIFF_MAX_LINE && s->input->data[n] != '\r'
             && s->input->data[n] != '\n')
        n++;
      if (s->result->answer != MAIL_PORT_ANSWER_TLS_RECORD)
        s->result->first_line = mail_text_make_safe ((const char *) s->input->data, n,
                                                     SNIFF_MAX_LINE * 4);
    }
  g_task_return_pointer (task, g_steal_pointer (&s->result),
                         (GDestroyNotify) mail_port_sniff_free);
}

static void sniff_read (GTask *task);

static void
sniff_written_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      /* The server may have closed already: what it said is read below, if anything. */
    }
  sniff_read (task);
}

static void
sniff_ask (GTask *task)
{
  Sniff *s = g_task_get_task_data (task);
  GCancellable *phase = phase_begin (s, s->wait_ms);

  s->asked = TRUE;
  g_output_stream_write_all_async (g_io_stream_get_output_stream (s->stream), http_probe,
                                   strlen (http_probe), G_PRIORITY_DEFAULT, phase,
                                   sniff_written_cb, g_object_ref (task));
}

static gboolean
input_complete (Sniff *s)
{
  return s->input->len >= SNIFF_MAX_BYTES / 2
         || memchr (s->input->data, '\n', s->input->len) != NULL
         || mail_port_answer_classify (s->input->data, s->input->len)
            == MAIL_PORT_ANSWER_TLS_RECORD;
}

static void
sniff_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sniff *s = g_task_get_task_data (task);
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n > 0)
    {
      g_byte_array_append (s->input, s->chunk, (guint) n);
      if (!input_complete (s))
        {
          sniff_read (task);
          return;
        }
    }
  else if (n < 0 && s->timed_out && !s->asked && s->input->len == 0
           && !g_cancellable_is_cancelled (s->caller))
    {
      sniff_ask (task);
      return;
    }
  sniff_return (task);
}

static void
sniff_read (GTask *task)
{
  Sniff *s = g_task_get_task_data (task);

  if (s->input->len >= SNIFF_MAX_BYTES)
    {
      sniff_return (task);
      return;
    }
  g_input_stream_read_async (g_io_stream_get_input_stream (s->stream), s->chunk,
                             SNIFF_MAX_BYTES - s->input->len, G_PRIORITY_DEFAULT, s->phase,
                             sniff_read_cb, g_object_ref (task));
}

static void
sniff_listen (GTask *task)
{
  Sniff *s = g_task_get_task_data (task);

  if (s->first_wait_ms == 0)
    {
      sniff_ask (task);
      return;
    }
  phase_begin (s, s->first_wait_ms);
  sniff_read (task);
}

static gboolean
accept_any_cb (GTlsConnection       *connection,
               GTlsCertificate      *certificate,
               GTlsCertificateFlags  errors,
               gpointer              user_data)
{
  /* Only the kind of server is asked: no trust follows from this connection. */
  return TRUE;
}

static void
sniff_handshake_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sniff *s = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      s->result->error = error;
      g_byte_array_set_size (s->input, 0);
      sniff_return (task);
      return;
    }
  s->result->tls = TRUE;
  s->result->tls_version = g_tls_connection_get_protocol_version (G_TLS_CONNECTION (source));
  sniff_listen (task);
}

static void
sniff_connect_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Sniff *s = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GSocketConnectable) identity = NULL;
  GIOStream *tls;

  s->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
  if (s->connection == NULL)
    {
      s->result->error = error;
      sniff_return (task);
      return;
    }
  s->result->connected = TRUE;
  s->stream = G_IO_STREAM (g_object_ref (s->connection));
  if (!s->tls)
    {
      sniff_listen (task);
      return;
    }
  identity = g_network_address_new (s->host,
                                    g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS
                                                                    (s->address)));
  tls = mail_tls_client_connection_new (s->stream, identity, NULL, &error);
  if (tls == NULL)
    {
      s->result->error = error;
      sniff_return (task);
      return;
    }
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_cb), NULL);
  g_clear_object (&s->stream);
  s->stream = tls;
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT,
                                    phase_begin (s, s->wait_ms), sniff_handshake_cb,
                                    g_object_ref (task));
}

void
mail_port_sniff_async (GSocketAddress      *address,
                       const char          *host,
                       gboolean             tls,
                       guint                first_wait_ms,
                       guint                wait_ms,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSocketClient) client = mail_socket_client_new ();
  Sniff *s;

  g_return_if_fail (G_IS_INET_SOCKET_ADDRESS (address));
  g_return_if_fail (host != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mail_port_sniff_async);
  g_task_set_check_cancellable (task, FALSE);
  s = g_new0 (Sniff, 1);
  s->address = g_object_ref (address);
  s->host = g_strdup (host);
  s->tls = tls;
  s->first_wait_ms = first_wait_ms;
  s->wait_ms = MAX (wait_ms, 1);
  s->input = g_byte_array_new ();
  s->result = g_new0 (MailPortSniff, 1);
  s->caller = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  g_task_set_task_data (task, s, (GDestroyNotify) sniff_free);
  s->caller_handler = g_cancellable_connect (s->caller, G_CALLBACK (caller_cancelled_cb), s,
                                             NULL);

  g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address),
                                 phase_begin (s, s->wait_ms), sniff_connect_cb,
                                 g_steal_pointer (&task));
}

MailPortSniff *
mail_port_sniff_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
