/* mail-lab-smtp-sink.c: the test lab's SMTP sink
 *
 * Speaks just enough ESMTP for Dovecot's submission relay (EHLO/HELO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT) on 127.0.0.1 and stores each message as DIR/<n>.eml (n = 1, 2, ...).
 * With --hold-port it also keeps a port bound without listening: connecting there is refused,
 * and no other program can start listening on it while the lab runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

static char *sink_dir;
static gint message_count;

static gboolean
say (GOutputStream *out,
     const char    *text,
     GError       **error)
{
  g_autofree char *line = g_strconcat (text, "\r\n", NULL);

  return g_output_stream_write_all (out, line, strlen (line), NULL, NULL, error);
}

static gboolean
receive_data (GDataInputStream *in,
              GOutputStream    *out,
              GError          **error)
{
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *tmp = NULL;
  g_autofree char *path = NULL;
  g_autofree char *reply = NULL;
  int n;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, error);

      if (line == NULL)
        return FALSE;
      if (g_str_equal (line, "."))
        break;
      /* RFC 5321 §4.5.2: remove the transparency dot. */
      g_string_append (message, line[0] == '.' ? line + 1 : line);
      g_string_append (message, "\r\n");
    }

  n = g_atomic_int_add (&message_count, 1) + 1;
  tmp = g_strdup_printf ("%s/%d.tmp", sink_dir, n);
  path = g_strdup_printf ("%s/%d.eml", sink_dir, n);
  if (!g_file_set_contents (tmp, message->str, message->len, error) || g_rename (tmp, path) != 0)
    return say (out, "451 4.3.0 Cannot store the message", error);
  reply = g_strdup_printf ("250 2.0.0 Ok: queued as %d", n);
  return say (out, reply, error);
}

static gboolean
command_is (const char *line,
            const char *command)
{
  gsize len = strlen (command);

  return g_ascii_strncasecmp (line, command, len) == 0 &&
         (line[len] == '\0' || line[len] == ' ' || line[len] == ':');
}

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source_object,
        gpointer                user_data)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_ANY);

  ok = say (out, "220 localhost ESMTP mail-lab-smtp-sink", &error);
  while (ok)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, &error);

      if (line == NULL)
        break;
      if (command_is (line, "EHLO"))
        ok = say (out, "250-localhost\r\n250-PIPELINING\r\n250-8BITMIME\r\n"
                  "250-ENHANCEDSTATUSCODES\r\n250 SIZE 52428800", &error);
      else if (command_is (line, "HELO"))
        ok = say (out, "250 localhost", &error);
      else if (command_is (line, "MAIL"))
        ok = say (out, "250 2.1.0 Ok", &error);
      else if (command_is (line, "RCPT"))
        ok = say (out, "250 2.1.5 Ok", &error);
      else if (command_is (line, "DATA"))
        ok = say (out, "354 End data with <CR><LF>.<CR><LF>", &error) &&
             receive_data (in, out, &error);
      else if (command_is (line, "RSET") || command_is (line, "NOOP"))
        ok = say (out, "250 2.0.0 Ok", &error);
      else if (command_is (line, "QUIT"))
        {
          say (out, "221 2.0.0 Bye", NULL);
          break;
        }
      else
        ok = say (out, "502 5.5.2 Command not recognized", &error);
    }

  if (error && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    g_printerr ("mail-lab-smtp-sink: %s\n", error->message);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GSocket) held = NULL;
  int port = 0;
  int hold_port = 0;
  GOptionEntry entries[] = {
    { "hold-port", 0, 0, G_OPTION_ARG_INT, &hold_port, "Keep this port closed", "PORT" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free port)", "PORT" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &sink_dir, "Directory for the messages", "DIR" },
    { NULL }
  };

  context = g_option_context_new ("- Mail Setup lab SMTP sink");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mail-lab-smtp-sink: %s\n", error->message);
      return 2;
    }
  if (sink_dir == NULL || g_mkdir_with_parents (sink_dir, 0755) != 0)
    {
      g_printerr ("mail-lab-smtp-sink: --dir DIR is required and must be writable\n");
      return 2;
    }

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  if (hold_port > 0)
    {
      g_autoptr(GSocketAddress) hold_address = g_inet_socket_address_new (loopback, hold_port);

      held = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                           &error);
      if (held == NULL || !g_socket_bind (held, hold_address, FALSE, &error))
        {
          g_printerr ("mail-lab-smtp-sink: cannot hold port %d: %s\n", hold_port, error->message);
          return 1;
        }
    }

  service = g_threaded_socket_service_new (8);
  address = g_inet_socket_address_new (loopback, port);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error))
    {
      g_printerr ("mail-lab-smtp-sink: cannot listen on 127.0.0.1:%d: %s\n", port, error->message);
      return 1;
    }
  g_signal_connect (service, "run", G_CALLBACK (run_cb), NULL);
  g_socket_service_start (service);
  g_print ("%u\n", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
