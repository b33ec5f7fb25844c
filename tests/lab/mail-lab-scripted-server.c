/* mail-lab-scripted-server.c: an IMAP or SMTP server that says exactly what a test scripts
 *
 * One thread accepts, one thread per connection speaks with blocking I/O; one GCancellable
 * stops them all. The script is fixed once the server runs, so the threads only share the
 * received-lines log (under the mutex).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mail-lab-scripted-server.h"

#include <string.h>

struct _MailLabScriptedServer
{
  GObject           parent_instance;

  MailLabProtocol   protocol;
  MailLabTls        tls;
  MailLabBehaviour  behaviour;
  char             *cert_file;
  char             *key_file;
  char             *capability;
  char             *after_starttls;
  GHashTable       *stages;        /* stage → GStrv */

  GTlsCertificate  *certificate;
  GSocketListener  *listener;
  GCancellable     *cancellable;
  GThread          *accept_thread;
  guint16           port;
  gboolean          running;

  GMutex            mutex;
  GPtrArray        *received;      /* char * */
  GPtrArray        *threads;       /* GThread * */
  guint             connection_count;
};

G_DEFINE_FINAL_TYPE (MailLabScriptedServer, mail_lab_scripted_server, G_TYPE_OBJECT)

typedef struct
{
  MailLabScriptedServer *server;
  GSocketConnection     *socket;
  GIOStream             *stream;   /* the socket, or the TLS connection over it */
  GDataInputStream      *in;
  gboolean               tls_active;
  gboolean               close;    /* the script ended the session */
} Conn;

static const char tls_alert_record[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x0a };

static const char http_400[] =
  "HTTP/1.1 400 Bad Request\r\n"
  "Server: nginx\r\n"
  "Content-Type: text/html\r\n"
  "Content-Length: 150\r\n"
  "Connection: close\r\n"
  "\r\n"
  "<html>\r\n"
  "<head><title>400 Bad Request</title></head>\r\n"
  "<body>\r\n"
  "<center><h1>400 Bad Request</h1></center>\r\n"
  "<hr><center>nginx</center>\r\n"
  "</body>\r\n"
  "</html>\r\n";

/* --- connection I/O ------------------------------------------------------------------------- */

static void
conn_set_stream (Conn      *conn,
                 GIOStream *stream)
{
  g_clear_object (&conn->in);
  if (conn->stream != G_IO_STREAM (conn->socket))
    g_clear_object (&conn->stream);
  conn->stream = stream;
  conn->in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  g_data_input_stream_set_newline_type (conn->in, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  /* The socket outlives this reader when STARTTLS replaces it. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (conn->in), FALSE);
}

static void
conn_record (Conn       *conn,
             const char *line)
{
  MailLabScriptedServer *self = conn->server;

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->received, g_strdup (line));
  g_mutex_unlock (&self->mutex);
}

static gboolean
conn_write (Conn       *conn,
            const void *data,
            gsize       len)
{
  GOutputStream *out = g_io_stream_get_output_stream (conn->stream);

  if (!g_output_stream_write_all (out, data, len, NULL, conn->server->cancellable, NULL))
    {
      conn->close = TRUE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
conn_say (Conn       *conn,
          const char *line)
{
  g_autofree char *text = g_strconcat (line, "\r\n", NULL);

  return conn_write (conn, text, strlen (text));
}

/* Reads one line and records it. NULL at end of stream, on error or when stopped. */
static char *
conn_read_line (Conn *conn)
{
  char *line = g_data_input_stream_read_line (conn->in, NULL, conn->server->cancellable, NULL);

  if (line == NULL)
    {
      conn->close = TRUE;
      return NULL;
    }
  conn_record (conn, line);
  return line;
}

/* An IMAP command line with its literals ({n} and {n+}) inline. */
static char *
conn_read_imap_command (Conn *conn)
{
  g_autoptr(GString) command = g_string_new (NULL);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (conn->in, NULL,
                                                             conn->server->cancellable, NULL);
      const char *brace;
      gboolean plus;
      guint64 size;
      g_autofree char *literal = NULL;
      gsize got = 0;

      if (line == NULL)
        {
          conn->close = TRUE;
          return NULL;
        }
      g_string_append (command, line);

      brace = strrchr (line, '{');
      if (brace == NULL || !g_str_has_suffix (line, "}"))
        break;
      plus = g_str_has_suffix (line, "+}");
      size = g_ascii_strtoull (brace + 1, NULL, 10);
      if (size > 1024 * 1024)
        break;
      if (!plus && !conn_say (conn, "+ Ready for additional command text."))
        return NULL;
      literal = g_malloc (size + 1);
      if (!g_input_stream_read_all (G_INPUT_STREAM (conn->in), literal, size, &got,
                                    conn->server->cancellable, NULL) || got != size)
        {
          conn->close = TRUE;
          return NULL;
        }
      g_string_append_len (command, literal, size);
    }

  conn_record (conn, command->str);
  return g_string_free (g_steal_pointer (&command), FALSE);
}

static gboolean
conn_start_tls (Conn *conn)
{
  MailLabScriptedServer *self = conn->server;
  g_autoptr(GError) error = NULL;
  GIOStream *tls;

  if (self->certificate == NULL)
    {
      conn->close = TRUE;
      return FALSE;
    }
  tls = g_tls_server_connection_new (G_IO_STREAM (conn->socket), self->certificate, &error);
  if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), self->cancellable, &error))
    {
      g_clear_object (&tls);
      conn->close = TRUE;
      return FALSE;
    }
  conn_set_stream (conn, tls);
  conn->tls_active = TRUE;
  return TRUE;
}

/* Reads and records until the client goes away or the server stops. */
static void
conn_drain (Conn *conn)
{
  while (!conn->close)
    g_free (conn_read_line (conn));
}

/* A directive line (see the header): runs it and returns TRUE; FALSE for a line to send.
 * Every directive ends the session. */
static gboolean
conn_directive (Conn       *conn,
                const char *line)
{
  if (g_str_equal (line, MAIL_LAB_STALL))
    {
      conn_drain (conn);
      conn->close = TRUE;
      return TRUE;
    }
  if (g_str_has_prefix (line, MAIL_LAB_FLOOD_LINE) || g_str_has_prefix (line, MAIL_LAB_FLOOD_LINES))
    {
      gboolean lines = g_str_has_prefix (line, MAIL_LAB_FLOOD_LINES);
      const char *text = line + strlen (lines ? MAIL_LAB_FLOOD_LINES : MAIL_LAB_FLOOD_LINE);
      g_autoptr(GString) chunk = g_string_new (NULL);
      gsize sent = 0;

      if (!lines && !conn_write (conn, text, strlen (text)))
        return TRUE;
      while (chunk->len < 64 * 1024)
        {
          if (lines)
            g_string_append_printf (chunk, "%s\r\n", text);
          else
            g_string_append_c (chunk, 'x');
        }
      while (sent < MAIL_LAB_FLOOD_MAX && conn_write (conn, chunk->str, chunk->len))
        sent += chunk->len;
      conn->close = TRUE;
      return TRUE;
    }
  return FALSE;
}

static const char * const *
stage_lines (MailLabScriptedServer *self,
             const char            *stage)
{
  return g_hash_table_lookup (self->stages, stage);
}

/* --- IMAP ----------------------------------------------------------------------------------- */

/* Sends a stage's lines. Returns the status word of the tagged reply ("OK", "NO", "BAD"), or
 * NULL when none was sent. */
static char *
imap_run_lines (Conn               *conn,
                const char         *tag,
                const char * const *lines)
{
  char *status = NULL;

  if (lines[0] == NULL)
    {
      conn->close = TRUE;
      return NULL;
    }

  for (guint i = 0; lines[i] && !conn->close; i++)
    {
      const char *line = lines[i];

      if (conn_directive (conn, line))
        break;
      if (line[0] == '*')
        {
          conn_say (conn, line);
          if (g_ascii_strncasecmp (line, "* BYE", 5) == 0)
            conn->close = TRUE;
        }
      else if (line[0] == '+')
        {
          if (conn_say (conn, line))
            g_free (conn_read_line (conn));
        }
      else
        {
          g_autofree char *tagged = g_strconcat (tag, " ", line, NULL);
          const char *space = strchr (line, ' ');

          conn_say (conn, tagged);
          g_free (status);
          status = g_ascii_strup (line, space ? space - line : -1);
        }
    }
  return status;
}

static char *
imap_run_stage (Conn               *conn,
                const char         *stage,
                const char         *tag,
                const char         *command,
                const char * const *defaults)
{
  const char * const *lines = stage ? stage_lines (conn->server, stage) : NULL;
  char *status;

  status = imap_run_lines (conn, tag, lines ? lines : defaults);
  if (status == NULL && !conn->close)
    {
      /* A script of untagged lines only still ends the command. */
      g_autofree char *ok = g_strdup_printf ("%s OK %s completed.", tag, command);
      conn_say (conn, ok);
      status = g_strdup ("OK");
    }
  return status;
}

static void
imap_session (Conn *conn)
{
  MailLabScriptedServer *self = conn->server;
  const char * const default_greeting[] = { "* OK The Lab IMAP4 service is ready.", NULL };
  const char * const *greeting = stage_lines (self, "greeting");

  g_free (imap_run_lines (conn, "*", greeting ? greeting : default_greeting));

  while (!conn->close)
    {
      g_autofree char *line = conn_read_imap_command (conn);
      g_auto(GStrv) words = NULL;
      g_autofree char *command = NULL;
      g_autofree char *status = NULL;
      const char *tag;

      if (line == NULL)
        break;
      words = g_strsplit (line, " ", 3);
      if (words[0] == NULL || words[1] == NULL)
        {
          g_autofree char *bad = g_strdup_printf ("%s BAD Command Error. 10",
                                                  words[0] ? words[0] : "*");
          conn_say (conn, bad);
          continue;
        }
      tag = words[0];
      command = g_ascii_strup (words[1], -1);

      if (g_str_equal (command, "CAPABILITY"))
        {
          g_autofree char *caps = g_strdup_printf ("* CAPABILITY %s%s", self->capability,
                                                   self->tls == MAIL_LAB_TLS_STARTTLS &&
                                                   !conn->tls_active ? " STARTTLS" : "");
          const char * const defaults[] = { caps, "OK CAPABILITY completed.", NULL };

          status = imap_run_stage (conn, "capability", tag, command, defaults);
        }
      else if (g_str_equal (command, "STARTTLS"))
        {
          gboolean offered = self->tls == MAIL_LAB_TLS_STARTTLS && !conn->tls_active;
          const char * const yes[] = { "OK Begin TLS negotiation now.", NULL };
          const char * const no[] = { "BAD Command received in Invalid state.", NULL };

          if (offered && self->after_starttls != NULL)
            {
              /* The answer and the injected bytes in one write, as an attacker sends them. */
              g_autofree char *text = g_strdup_printf ("%s OK Begin TLS negotiation now.\r\n%s",
                                                       tag, self->after_starttls);

              if (conn_write (conn, text, strlen (text)))
                conn_start_tls (conn);
              continue;
            }
          status = imap_run_stage (conn, "starttls", tag, command, offered ? yes : no);
          if (g_strcmp0 (status, "OK") == 0 && !conn->close)
            conn_start_tls (conn);
        }
      else if (g_str_equal (command, "AUTHENTICATE") || g_str_equal (command, "LOGIN"))
        {
          const char * const defaults[] = { g_str_equal (command, "LOGIN") ?
                                            "OK LOGIN completed." :
                                            "OK AUTHENTICATE completed.", NULL };

          /* No SASL-IR: collect the initial response first. */
          if (g_str_equal (command, "AUTHENTICATE") &&
              (words[2] == NULL || strchr (words[2], ' ') == NULL))
            {
              if (!conn_say (conn, "+ "))
                break;
              g_free (conn_read_line (conn));
            }
          status = imap_run_stage (conn, "auth", tag, command, defaults);
        }
      else if (g_str_equal (command, "SELECT") || g_str_equal (command, "EXAMINE"))
        {
          gboolean examine = g_str_equal (command, "EXAMINE");
          const char * const defaults[] = {
            "* 1 EXISTS",
            "* 0 RECENT",
            "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)",
            "* OK [PERMANENTFLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft $MDNSent)] "
            "Permanent flags",
            "* OK [UIDVALIDITY 14] UIDVALIDITY value",
            "* OK [UIDNEXT 2] The next unique identifier value",
            examine ? "OK [READ-ONLY] EXAMINE completed." : "OK [READ-WRITE] SELECT completed.",
            NULL
          };

          status = imap_run_stage (conn, "select", tag, command, defaults);
        }
      else if (g_str_equal (command, "LOGOUT"))
        {
          const char * const defaults[] = {
            "* BYE Microsoft Exchange Server IMAP4 server signing off.",
            "OK LOGOUT completed.",
            NULL
          };

          /* The BYE closes after the tagged line here, as servers do on LOGOUT. */
          const char * const *lines = stage_lines (self, "logout");
          if (lines == NULL)
            {
              conn_say (conn, defaults[0]);
              g_free (imap_run_lines (conn, tag, defaults + 1));
            }
          else
            g_free (imap_run_lines (conn, tag, lines));
          conn->close = TRUE;
        }
      else if (g_str_equal (command, "ID"))
        {
          const char * const defaults[] = { "* ID NIL", "OK ID completed.", NULL };

          status = imap_run_stage (conn, NULL, tag, command, defaults);
        }
      else
        {
          g_autofree char *ok = g_strdup_printf ("OK %s completed.", command);
          const char * const defaults[] = { ok, NULL };

          status = imap_run_stage (conn, NULL, tag, command, defaults);
        }
    }
}

/* --- SMTP ----------------------------------------------------------------------------------- */

/* Sends a stage's lines. Returns the reply code of the last line (0 if none). */
static guint
smtp_run_lines (Conn               *conn,
                const char * const *lines)
{
  guint code = 0;

  if (lines[0] == NULL)
    {
      conn->close = TRUE;
      return 0;
    }

  for (guint i = 0; lines[i] && !conn->close; i++)
    {
      const char *line = lines[i];
      g_autofree char *lower = g_ascii_strdown (line, -1);

      if (conn_directive (conn, line))
        break;
      if (!conn_say (conn, line))
        break;
      code = (guint) g_ascii_strtoull (line, NULL, 10);
      if (code == 334)
        g_free (conn_read_line (conn));
      if (code == 421 || strstr (lower, "closing connection"))
        conn->close = TRUE;
    }
  return code;
}

static guint
smtp_run_stage (Conn               *conn,
                const char         *stage,
                const char * const *defaults)
{
  const char * const *lines = stage ? stage_lines (conn->server, stage) : NULL;

  return smtp_run_lines (conn, lines ? lines : defaults);
}

static void
smtp_receive_data (Conn *conn)
{
  if (!conn_say (conn, "354 Start mail input; end with <CRLF>.<CRLF>"))
    return;
  for (;;)
    {
      g_autofree char *line = conn_read_line (conn);

      if (line == NULL)
        return;
      if (g_str_equal (line, "."))
        break;
    }
  conn_say (conn, "250 2.6.0 Queued mail for delivery");
}

static void
smtp_auth (Conn        *conn,
           char       **words)
{
  g_autofree char *mechanism = words[1] ? g_ascii_strup (words[1], -1) : g_strdup ("");
  gboolean has_ir = words[1] && words[2];
  const char * const defaults[] = { "235 2.7.0 Authentication successful", NULL };

  /* Collect the SASL exchange up to the provider's answer. */
  if (g_str_equal (mechanism, "LOGIN"))
    {
      if (!has_ir)
        {
          if (!conn_say (conn, "334 VXNlcm5hbWU6"))
            return;
          g_free (conn_read_line (conn));
        }
      if (conn->close || !conn_say (conn, "334 UGFzc3dvcmQ6"))
        return;
      g_free (conn_read_line (conn));
    }
  else if (!has_ir)
    {
      if (!conn_say (conn, "334 "))
        return;
      g_free (conn_read_line (conn));
    }
  if (!conn->close)
    smtp_run_stage (conn, "auth", defaults);
}

static void
smtp_session (Conn *conn)
{
  MailLabScriptedServer *self = conn->server;
  const char * const default_greeting[] = { "220 localhost ESMTP Lab service ready", NULL };

  smtp_run_stage (conn, "greeting", default_greeting);

  while (!conn->close)
    {
      g_autofree char *line = conn_read_line (conn);
      g_auto(GStrv) words = NULL;
      g_autofree char *command = NULL;

      if (line == NULL)
        break;
      words = g_strsplit (line, " ", 3);
      command = words[0] ? g_ascii_strup (words[0], -1) : g_strdup ("");
      if (strchr (command, ':'))
        *strchr (command, ':') = '\0';

      if (g_str_equal (command, "EHLO"))
        {
          gboolean before_tls = self->tls == MAIL_LAB_TLS_STARTTLS && !conn->tls_active;
          g_autoptr(GPtrArray) lines = g_ptr_array_new ();

          g_ptr_array_add (lines, "250-localhost Hello [127.0.0.1]");
          g_ptr_array_add (lines, "250-SIZE 157286400");
          g_ptr_array_add (lines, "250-PIPELINING");
          g_ptr_array_add (lines, "250-DSN");
          g_ptr_array_add (lines, "250-ENHANCEDSTATUSCODES");
          if (before_tls)
            g_ptr_array_add (lines, "250-STARTTLS");
          else
            g_ptr_array_add (lines, "250-AUTH PLAIN LOGIN XOAUTH2");
          g_ptr_array_add (lines, "250-8BITMIME");
          g_ptr_array_add (lines, "250-BINARYMIME");
          g_ptr_array_add (lines, "250-CHUNKING");
          g_ptr_array_add (lines, "250 SMTPUTF8");
          g_ptr_array_add (lines, NULL);
          smtp_run_stage (conn, "ehlo", (const char * const *) lines->pdata);
        }
      else if (g_str_equal (command, "HELO"))
        {
          const char * const defaults[] = { "250 localhost Hello [127.0.0.1]", NULL };

          smtp_run_stage (conn, "ehlo", defaults);
        }
      else if (g_str_equal (command, "STARTTLS"))
        {
          gboolean offered = self->tls == MAIL_LAB_TLS_STARTTLS && !conn->tls_active;
          const char * const yes[] = { "220 2.0.0 SMTP server ready", NULL };
          const char * const no[] = { "502 5.5.1 Unrecognized command", NULL };

          if (offered && self->after_starttls != NULL)
            {
              /* The answer and the injected bytes in one write, as an attacker sends them. */
              g_autofree char *text = g_strdup_printf ("220 2.0.0 SMTP server ready\r\n%s",
                                                       self->after_starttls);

              if (conn_write (conn, text, strlen (text)))
                conn_start_tls (conn);
              continue;
            }
          if (smtp_run_stage (conn, "starttls", offered ? yes : no) == 220 && !conn->close)
            conn_start_tls (conn);
        }
      else if (g_str_equal (command, "AUTH"))
        smtp_auth (conn, words);
      else if (g_str_equal (command, "MAIL"))
        {
          const char * const defaults[] = { "250 2.1.0 Sender OK", NULL };

          smtp_run_stage (conn, "sender", defaults);
        }
      else if (g_str_equal (command, "RCPT"))
        {
          const char * const defaults[] = { "250 2.1.5 Recipient OK", NULL };

          smtp_run_stage (conn, "rcpt", defaults);
        }
      else if (g_str_equal (command, "DATA"))
        smtp_receive_data (conn);
      else if (g_str_equal (command, "RSET"))
        {
          const char * const defaults[] = { "250 2.0.0 Resetting", NULL };

          smtp_run_stage (conn, "rset", defaults);
        }
      else if (g_str_equal (command, "NOOP"))
        conn_say (conn, "250 2.0.0 OK");
      else if (g_str_equal (command, "QUIT"))
        {
          const char * const defaults[] = { "221 2.0.0 Service closing transmission channel", NULL };

          smtp_run_stage (conn, "quit", defaults);
          conn->close = TRUE;
        }
      else
        conn_say (conn, "502 5.5.2 Error: command not recognized");
    }
}

/* --- threads -------------------------------------------------------------------------------- */

static gpointer
connection_thread (gpointer data)
{
  Conn *conn = data;
  MailLabScriptedServer *self = conn->server;

  conn_set_stream (conn, G_IO_STREAM (conn->socket));

  switch (self->behaviour)
    {
    case MAIL_LAB_BEHAVIOUR_CLOSE:
      break;

    case MAIL_LAB_BEHAVIOUR_TLS_RECORD:
      if (conn_write (conn, tls_alert_record, sizeof tls_alert_record))
        conn_drain (conn);
      break;

    case MAIL_LAB_BEHAVIOUR_SILENT:
    case MAIL_LAB_BEHAVIOUR_HTTP:
    case MAIL_LAB_BEHAVIOUR_SCRIPT:
    default:
      if (self->tls == MAIL_LAB_TLS_IMPLICIT && !conn_start_tls (conn))
        break;
      if (self->behaviour == MAIL_LAB_BEHAVIOUR_SILENT)
        conn_drain (conn);
      else if (self->behaviour == MAIL_LAB_BEHAVIOUR_HTTP)
        conn_write (conn, http_400, strlen (http_400));
      else if (self->protocol == MAIL_LAB_PROTOCOL_IMAP)
        imap_session (conn);
      else
        smtp_session (conn);
      break;
    }

  g_io_stream_close (conn->stream, NULL, NULL);
  if (conn->stream != G_IO_STREAM (conn->socket))
    g_io_stream_close (G_IO_STREAM (conn->socket), NULL, NULL);
  g_clear_object (&conn->in);
  if (conn->stream != G_IO_STREAM (conn->socket))
    g_clear_object (&conn->stream);
  g_clear_object (&conn->socket);
  g_free (conn);
  return NULL;
}

static gpointer
accept_thread (gpointer data)
{
  MailLabScriptedServer *self = data;

  for (;;)
    {
      GSocketConnection *socket;
      Conn *conn;

      socket = g_socket_listener_accept (self->listener, NULL, self->cancellable, NULL);
      if (socket == NULL)
        break;

      conn = g_new0 (Conn, 1);
      conn->server = self;
      conn->socket = socket;
      g_mutex_lock (&self->mutex);
      self->connection_count++;
      g_ptr_array_add (self->threads,
                       g_thread_new ("lab-scripted-conn", connection_thread, conn));
      g_mutex_unlock (&self->mutex);
    }
  return NULL;
}

/* --- public --------------------------------------------------------------------------------- */

static void
mail_lab_scripted_server_dispose (GObject *object)
{
  MailLabScriptedServer *self = MAIL_LAB_SCRIPTED_SERVER (object);

  mail_lab_scripted_server_stop (self);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (mail_lab_scripted_server_parent_class)->dispose (object);
}

static void
mail_lab_scripted_server_finalize (GObject *object)
{
  MailLabScriptedServer *self = MAIL_LAB_SCRIPTED_SERVER (object);

  g_free (self->cert_file);
  g_free (self->key_file);
  g_free (self->capability);
  g_free (self->after_starttls);
  g_hash_table_unref (self->stages);
  g_ptr_array_unref (self->received);
  g_ptr_array_unref (self->threads);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (mail_lab_scripted_server_parent_class)->finalize (object);
}

static void
mail_lab_scripted_server_class_init (MailLabScriptedServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mail_lab_scripted_server_dispose;
  object_class->finalize = mail_lab_scripted_server_finalize;
}

static void
mail_lab_scripted_server_init (MailLabScriptedServer *self)
{
  g_mutex_init (&self->mutex);
  self->stages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_strfreev);
  self->received = g_ptr_array_new_with_free_func (g_free);
  self->threads = g_ptr_array_new ();
  self->capability = g_strdup (MAIL_LAB_DEFAULT_IMAP_CAPABILITY);
  self->cert_file = g_strdup (g_getenv ("MAIL_LAB_SERVER_CERT"));
  self->key_file = g_strdup (g_getenv ("MAIL_LAB_SERVER_KEY"));
}

MailLabScriptedServer *
mail_lab_scripted_server_new (MailLabProtocol protocol,
                              MailLabTls      tls)
{
  MailLabScriptedServer *self = g_object_new (MAIL_LAB_TYPE_SCRIPTED_SERVER, NULL);

  self->protocol = protocol;
  self->tls = tls;
  return self;
}

void
mail_lab_scripted_server_set_certificate (MailLabScriptedServer *self,
                                          const char            *cert_file,
                                          const char            *key_file)
{
  g_return_if_fail (MAIL_LAB_IS_SCRIPTED_SERVER (self));
  g_return_if_fail (!self->running);

  g_free (self->cert_file);
  g_free (self->key_file);
  self->cert_file = g_strdup (cert_file);
  self->key_file = g_strdup (key_file);
}

void
mail_lab_scripted_server_set_behaviour (MailLabScriptedServer *self,
                                        MailLabBehaviour       behaviour)
{
  g_return_if_fail (MAIL_LAB_IS_SCRIPTED_SERVER (self));
  g_return_if_fail (!self->running);

  self->behaviour = behaviour;
}

void
mail_lab_scripted_server_set_stage (MailLabScriptedServer *self,
                                    const char            *stage,
                                    const char * const    *lines)
{
  g_return_if_fail (MAIL_LAB_IS_SCRIPTED_SERVER (self));
  g_return_if_fail (stage != NULL);
  g_return_if_fail (!self->running);

  if (lines == NULL)
    g_hash_table_remove (self->stages, stage);
  else
    g_hash_table_replace (self->stages, g_strdup (stage), g_strdupv ((char **) lines));
}

void
mail_lab_scripted_server_set_stage_lines (MailLabScriptedServer *self,
                                          const char            *stage,
                                          ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  const char *line;
  va_list args;

  va_start (args, stage);
  while ((line = va_arg (args, const char *)))
    g_strv_builder_add (builder, line);
  va_end (args);

  lines = g_strv_builder_end (builder);
  mail_lab_scripted_server_set_stage (self, stage, (const char * const *) lines);
}

void
mail_lab_scripted_server_set_greeting (MailLabScriptedServer *self,
                                       const char            *line)
{
  mail_lab_scripted_server_set_stage_lines (self, "greeting", line, NULL);
}

void
mail_lab_scripted_server_set_capability (MailLabScriptedServer *self,
                                         const char            *words)
{
  g_return_if_fail (MAIL_LAB_IS_SCRIPTED_SERVER (self));
  g_return_if_fail (words != NULL);
  g_return_if_fail (!self->running);

  g_free (self->capability);
  self->capability = g_strdup (words);
}

void
mail_lab_scripted_server_set_after_starttls (MailLabScriptedServer *self,
                                             const char            *bytes)
{
  g_return_if_fail (MAIL_LAB_IS_SCRIPTED_SERVER (self));
  g_return_if_fail (!self->running);

  g_free (self->after_starttls);
  self->after_starttls = g_strdup (bytes);
}

gboolean
mail_lab_scripted_server_start (MailLabScriptedServer  *self,
                                GError                **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  g_return_val_if_fail (MAIL_LAB_IS_SCRIPTED_SERVER (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  if (self->tls != MAIL_LAB_TLS_NONE)
    {
      if (self->cert_file == NULL || self->key_file == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "No certificate for TLS: set MAIL_LAB_SERVER_CERT/KEY (run inside "
                       "tests/lab/with-lab.sh) or call set_certificate()");
          return FALSE;
        }
      g_clear_object (&self->certificate);
      self->certificate = g_tls_certificate_new_from_files (self->cert_file, self->key_file, error);
      if (self->certificate == NULL)
        return FALSE;
    }

  self->listener = g_socket_listener_new ();
  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  if (!g_socket_listener_add_address (self->listener, address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    {
      g_clear_object (&self->listener);
      return FALSE;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  self->accept_thread = g_thread_new ("lab-scripted-accept", accept_thread, self);
  return TRUE;
}

guint16
mail_lab_scripted_server_get_port (MailLabScriptedServer *self)
{
  g_return_val_if_fail (MAIL_LAB_IS_SCRIPTED_SERVER (self), 0);

  return self->port;
}

void
mail_lab_scripted_server_stop (MailLabScriptedServer *self)
{
  g_return_if_fail (MAIL_LAB_IS_SCRIPTED_SERVER (self));

  if (!self->running)
    return;

  g_cancellable_cancel (self->cancellable);
  g_thread_join (g_steal_pointer (&self->accept_thread));
  /* No more threads are added now. */
  for (guint i = 0; i < self->threads->len; i++)
    g_thread_join (g_ptr_array_index (self->threads, i));
  g_ptr_array_set_size (self->threads, 0);

  g_socket_listener_close (self->listener);
  g_clear_object (&self->listener);
  g_clear_object (&self->cancellable);
  self->running = FALSE;
}

char **
mail_lab_scripted_server_get_received_lines (MailLabScriptedServer *self)
{
  char **lines;

  g_return_val_if_fail (MAIL_LAB_IS_SCRIPTED_SERVER (self), NULL);

  g_mutex_lock (&self->mutex);
  lines = g_new0 (char *, self->received->len + 1);
  for (guint i = 0; i < self->received->len; i++)
    lines[i] = g_strdup (g_ptr_array_index (self->received, i));
  g_mutex_unlock (&self->mutex);
  return lines;
}

gboolean
mail_lab_scripted_server_received_contains (MailLabScriptedServer *self,
                                            const char            *text)
{
  gboolean found = FALSE;

  g_return_val_if_fail (MAIL_LAB_IS_SCRIPTED_SERVER (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->received->len && !found; i++)
    found = strstr (g_ptr_array_index (self->received, i), text) != NULL;
  g_mutex_unlock (&self->mutex);
  return found;
}

guint
mail_lab_scripted_server_get_connection_count (MailLabScriptedServer *self)
{
  guint count;

  g_return_val_if_fail (MAIL_LAB_IS_SCRIPTED_SERVER (self), 0);

  g_mutex_lock (&self->mutex);
  count = self->connection_count;
  g_mutex_unlock (&self->mutex);
  return count;
}
