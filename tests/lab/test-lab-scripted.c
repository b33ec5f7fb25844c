/* test-lab-scripted.c: the scripted server says what it is told, and only that
 *
 * TLS cases need the lab's certificates (run inside tests/lab/with-lab.sh); they skip outside.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "mail-lab-scripted-server.h"

#include <string.h>

typedef struct
{
  GSocketConnection *socket;
  GIOStream         *stream;
  GDataInputStream  *in;
} Client;

static void
client_set_stream (Client    *client,
                   GIOStream *stream)
{
  g_clear_object (&client->in);
  if (client->stream != G_IO_STREAM (client->socket))
    g_clear_object (&client->stream);
  client->stream = stream;
  client->in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  g_data_input_stream_set_newline_type (client->in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (client->in), FALSE);
}

static Client *
client_connect (MailLabScriptedServer *server)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  Client *client = g_new0 (Client, 1);

  g_socket_client_set_timeout (socket_client, 5);
  client->socket = g_socket_client_connect_to_host (socket_client, "127.0.0.1",
                                                    mail_lab_scripted_server_get_port (server),
                                                    NULL, &error);
  g_assert_no_error (error);
  client_set_stream (client, G_IO_STREAM (client->socket));
  return client;
}

static void
client_free (Client *client)
{
  g_clear_object (&client->in);
  if (client->stream != G_IO_STREAM (client->socket))
    g_clear_object (&client->stream);
  g_clear_object (&client->socket);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static char *
client_read (Client *client)
{
  g_autoptr(GError) error = NULL;
  char *line = g_data_input_stream_read_line (client->in, NULL, NULL, &error);

  if (error)
    g_test_message ("read: %s", error->message);
  return line;
}

static void
client_send (Client     *client,
             const char *line)
{
  g_autofree char *text = g_strconcat (line, "\r\n", NULL);
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (g_io_stream_get_output_stream (client->stream), text, strlen (text),
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
expect (Client     *client,
        const char *line)
{
  g_autofree char *got = client_read (client);

  g_assert_cmpstr (got, ==, line);
}

static void
expect_prefix (Client     *client,
               const char *prefix)
{
  g_autofree char *got = client_read (client);

  g_assert_nonnull (got);
  if (!g_str_has_prefix (got, prefix))
    g_error ("expected a line starting with \"%s\", got \"%s\"", prefix, got);
}

static void
expect_closed (Client *client)
{
  g_autofree char *got = client_read (client);

  g_assert_null (got);
}

/* Reads a multi-line SMTP reply, returns its lines joined by "\n". */
static char *
read_smtp_reply (Client *client)
{
  g_autoptr(GString) reply = g_string_new (NULL);

  for (;;)
    {
      g_autofree char *line = client_read (client);

      g_assert_nonnull (line);
      g_string_append_printf (reply, "%s%s", reply->len ? "\n" : "", line);
      if (strlen (line) < 4 || line[3] != '-')
        break;
    }
  return g_string_free (g_steal_pointer (&reply), FALSE);
}

static gboolean
lab_has_tls (void)
{
  if (g_getenv ("MAIL_LAB_CA_FILE") && g_getenv ("MAIL_LAB_SERVER_CERT"))
    return TRUE;
  g_test_skip ("needs the lab certificates: run inside tests/lab/with-lab.sh");
  return FALSE;
}

static gboolean
client_handshake (Client  *client,
                  GError **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GSocketConnectable) identity = g_network_address_new ("localhost", 0);
  GIOStream *tls;

  database = g_tls_file_database_new (g_getenv ("MAIL_LAB_CA_FILE"), error);
  if (database == NULL)
    return FALSE;
  tls = g_tls_client_connection_new (G_IO_STREAM (client->socket), identity, error);
  if (tls == NULL)
    return FALSE;
  g_tls_connection_set_database (G_TLS_CONNECTION (tls), database);
  if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, error))
    {
      g_object_unref (tls);
      return FALSE;
    }
  client_set_stream (client, tls);
  return TRUE;
}

static void
run (MailLabScriptedServer *server)
{
  g_autoptr(GError) error = NULL;

  mail_lab_scripted_server_start (server, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mail_lab_scripted_server_get_port (server), >, 0);
}

static void
test_imap_defaults (void)
{
  g_autoptr(MailLabScriptedServer) server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
  g_autoptr(Client) client = NULL;
  g_auto(GStrv) received = NULL;

  run (server);
  client = client_connect (server);
  expect_prefix (client, "* OK ");
  client_send (client, "a1 CAPABILITY");
  expect (client, "* CAPABILITY " MAIL_LAB_DEFAULT_IMAP_CAPABILITY);
  expect (client, "a1 OK CAPABILITY completed.");
  client_send (client, "a2 AUTHENTICATE XOAUTH2 dG9rZW4=");
  expect (client, "a2 OK AUTHENTICATE completed.");
  client_send (client, "a3 EXAMINE INBOX");
  expect (client, "* 1 EXISTS");
  for (guint i = 0; i < 5; i++)
    expect_prefix (client, "* ");
  expect (client, "a3 OK [READ-ONLY] EXAMINE completed.");
  client_send (client, "a4 LOGOUT");
  expect_prefix (client, "* BYE ");
  expect (client, "a4 OK LOGOUT completed.");
  expect_closed (client);

  received = mail_lab_scripted_server_get_received_lines (server);
  g_assert_cmpuint (g_strv_length (received), ==, 4);
  g_assert_cmpstr (received[1], ==, "a2 AUTHENTICATE XOAUTH2 dG9rZW4=");
  g_assert_cmpuint (mail_lab_scripted_server_get_connection_count (server), ==, 1);
}

static void
test_imap_auth_script (void)
{
  g_autoptr(MailLabScriptedServer) server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
  g_autoptr(Client) client = NULL;

  /* corpus imap-029: the tagged NO, then BYE, then the server hangs up. */
  mail_lab_scripted_server_set_stage_lines (server, "auth",
                                            "NO Basic authentication is disabled.",
                                            "* BYE Microsoft Exchange Server IMAP4 server signing off.",
                                            NULL);
  mail_lab_scripted_server_set_capability (server, "IMAP4rev1 AUTH=PLAIN");
  run (server);
  client = client_connect (server);
  expect_prefix (client, "* OK ");
  client_send (client, "x CAPABILITY");
  expect (client, "* CAPABILITY IMAP4rev1 AUTH=PLAIN");
  expect (client, "x OK CAPABILITY completed.");
  client_send (client, "y LOGIN someone pw");
  expect (client, "y NO Basic authentication is disabled.");
  expect (client, "* BYE Microsoft Exchange Server IMAP4 server signing off.");
  expect_closed (client);
}

static void
test_imap_continuation (void)
{
  g_autoptr(MailLabScriptedServer) server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
  g_autoptr(Client) client = NULL;
  g_auto(GStrv) received = NULL;

  mail_lab_scripted_server_set_stage_lines (server, "auth",
                                            "+ eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIn0=",
                                            "NO [AUTHENTICATIONFAILED] Authentication failed.",
                                            NULL);
  run (server);
  client = client_connect (server);
  expect_prefix (client, "* OK ");
  /* Without SASL-IR the server first asks for the initial response. */
  client_send (client, "t1 AUTHENTICATE OAUTHBEARER");
  expect (client, "+ ");
  client_send (client, "bixhPWFsaWNlLAE=");
  expect (client, "+ eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIn0=");
  client_send (client, "AQ==");
  expect (client, "t1 NO [AUTHENTICATIONFAILED] Authentication failed.");
  client_send (client, "t2 SELECT INBOX");
  for (guint i = 0; i < 6; i++)
    expect_prefix (client, "* ");
  expect (client, "t2 OK [READ-WRITE] SELECT completed.");

  received = mail_lab_scripted_server_get_received_lines (server);
  g_assert_cmpstr (received[1], ==, "bixhPWFsaWNlLAE=");
  g_assert_cmpstr (received[2], ==, "AQ==");
}

static void
test_imap_literal (void)
{
  g_autoptr(MailLabScriptedServer) server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
  g_autoptr(Client) client = NULL;

  mail_lab_scripted_server_set_stage_lines (server, "select",
                                            "BAD User is authenticated but not connected", NULL);
  run (server);
  client = client_connect (server);
  expect_prefix (client, "* OK ");
  client_send (client, "a LOGIN {5}");
  expect (client, "+ Ready for additional command text.");
  client_send (client, "alice {2+}");
  client_send (client, "pw");
  expect (client, "a OK LOGIN completed.");
  client_send (client, "b EXAMINE INBOX");
  expect (client, "b BAD User is authenticated but not connected");
  g_assert_true (mail_lab_scripted_server_received_contains (server, "a LOGIN {5}alice {2+}pw"));
}

static void
test_smtp_defaults (void)
{
  g_autoptr(MailLabScriptedServer) server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_NONE);
  g_autoptr(Client) client = NULL;
  g_autofree char *ehlo = NULL;

  run (server);
  client = client_connect (server);
  expect_prefix (client, "220 ");
  client_send (client, "EHLO test");
  ehlo = read_smtp_reply (client);
  g_assert_true (strstr (ehlo, "250-AUTH PLAIN LOGIN XOAUTH2") != NULL);
  g_assert_true (g_str_has_suffix (ehlo, "250 SMTPUTF8"));
  client_send (client, "AUTH XOAUTH2 dG9rZW4=");
  expect (client, "235 2.7.0 Authentication successful");
  client_send (client, "MAIL FROM:<a@example.test>");
  expect (client, "250 2.1.0 Sender OK");
  client_send (client, "RSET");
  expect (client, "250 2.0.0 Resetting");
  client_send (client, "QUIT");
  expect_prefix (client, "221 ");
  expect_closed (client);
}

static void
test_smtp_scripts (void)
{
  g_autoptr(MailLabScriptedServer) server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_NONE);
  g_autoptr(Client) client = NULL;
  g_auto(GStrv) received = NULL;

  mail_lab_scripted_server_set_stage_lines (server, "auth",
                                            "535-5.7.8 Username and Password not accepted. Learn more at",
                                            "535 5.7.8  https://support.google.com/mail/answer/14257",
                                            NULL);
  mail_lab_scripted_server_set_stage_lines (server, "sender",
                                            "550 5.7.60 SMTP; Client does not have permissions to send as this sender",
                                            NULL);
  run (server);
  client = client_connect (server);
  expect_prefix (client, "220 ");
  client_send (client, "HELO test");
  expect_prefix (client, "250 ");
  client_send (client, "AUTH LOGIN");
  expect (client, "334 VXNlcm5hbWU6");
  client_send (client, "dXNlcg==");
  expect (client, "334 UGFzc3dvcmQ6");
  client_send (client, "cGFzcw==");
  expect (client, "535-5.7.8 Username and Password not accepted. Learn more at");
  expect (client, "535 5.7.8  https://support.google.com/mail/answer/14257");
  client_send (client, "MAIL FROM:<a@example.test>");
  expect_prefix (client, "550 5.7.60 ");
  client_send (client, "RSET");
  expect_prefix (client, "250 ");

  received = mail_lab_scripted_server_get_received_lines (server);
  g_assert_cmpuint (g_strv_length (received), ==, 6);
  g_assert_cmpstr (received[4], ==, "MAIL FROM:<a@example.test>");
  g_assert_cmpstr (received[5], ==, "RSET");
}

static void
test_close_at_stage (void)
{
  g_autoptr(MailLabScriptedServer) server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_NONE);
  g_autoptr(Client) client = NULL;
  const char * const nothing[] = { NULL };

  mail_lab_scripted_server_set_stage (server, "ehlo", nothing);
  run (server);
  client = client_connect (server);
  expect_prefix (client, "220 ");
  client_send (client, "EHLO test");
  expect_closed (client);
}

static void
test_behaviours (void)
{
  struct {
    MailLabBehaviour behaviour;
    const char *first;   /* NULL: closed; "": nothing within a short time */
  } cases[] = {
    { MAIL_LAB_BEHAVIOUR_CLOSE, NULL },
    { MAIL_LAB_BEHAVIOUR_SILENT, "" },
    { MAIL_LAB_BEHAVIOUR_HTTP, "HTTP/1.1 400 Bad Request" },
    { MAIL_LAB_BEHAVIOUR_TLS_RECORD, "\x15\x03\x03" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MailLabScriptedServer) server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
      g_autoptr(Client) client = NULL;
      GSocket *socket;

      mail_lab_scripted_server_set_behaviour (server, cases[i].behaviour);
      run (server);
      client = client_connect (server);
      socket = g_socket_connection_get_socket (client->socket);

      if (cases[i].first == NULL)
        expect_closed (client);
      else if (*cases[i].first == '\0')
        {
          g_autoptr(GError) error = NULL;

          g_assert_false (g_socket_condition_timed_wait (socket, G_IO_IN, 300 * 1000, NULL, &error));
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
          /* It still records what comes. */
          client_send (client, "a CAPABILITY");
          for (guint tries = 0; tries < 200; tries++)
            {
              if (mail_lab_scripted_server_received_contains (server, "a CAPABILITY"))
                break;
              g_usleep (10 * 1000);
            }
          g_assert_true (mail_lab_scripted_server_received_contains (server, "a CAPABILITY"));
        }
      else
        {
          char buffer[32] = { 0 };
          gsize got = 0;

          g_input_stream_read_all (G_INPUT_STREAM (client->in), buffer, strlen (cases[i].first),
                                   &got, NULL, NULL);
          g_assert_cmpmem (buffer, got, cases[i].first, strlen (cases[i].first));
        }
      /* Stopping with a client still connected must not hang. */
      mail_lab_scripted_server_stop (server);
    }
}

static void
test_implicit_tls (void)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(Client) client = NULL;
  g_autoptr(GError) error = NULL;

  if (!lab_has_tls ())
    return;
  server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT);
  mail_lab_scripted_server_set_greeting (server, "* OK Gimap ready for requests from 127.0.0.1");
  run (server);
  client = client_connect (server);
  g_assert_true (client_handshake (client, &error));
  g_assert_no_error (error);
  expect (client, "* OK Gimap ready for requests from 127.0.0.1");
}

static void
test_expired_certificate (void)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(Client) client = NULL;
  g_autoptr(GError) error = NULL;

  if (!lab_has_tls ())
    return;
  server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT);
  mail_lab_scripted_server_set_certificate (server, g_getenv ("MAIL_LAB_EXPIRED_CERT"),
                                            g_getenv ("MAIL_LAB_EXPIRED_KEY"));
  run (server);
  client = client_connect (server);
  g_assert_false (client_handshake (client, &error));
  g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
}

static void
test_smtp_starttls (void)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!lab_has_tls ())
    return;
  server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS);
  run (server);
  client = client_connect (server);
  expect_prefix (client, "220 ");
  client_send (client, "EHLO test");
  before = read_smtp_reply (client);
  g_assert_true (strstr (before, "250-STARTTLS") != NULL);
  g_assert_true (strstr (before, "AUTH") == NULL);
  client_send (client, "STARTTLS");
  expect (client, "220 2.0.0 SMTP server ready");
  g_assert_true (client_handshake (client, &error));
  g_assert_no_error (error);
  client_send (client, "EHLO test");
  after = read_smtp_reply (client);
  g_assert_true (strstr (after, "STARTTLS") == NULL);
  g_assert_true (strstr (after, "250-AUTH PLAIN LOGIN XOAUTH2") != NULL);
}

static void
test_imap_starttls_refused (void)
{
  g_autoptr(MailLabScriptedServer) server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
  g_autoptr(Client) client = NULL;

  run (server);
  client = client_connect (server);
  expect_prefix (client, "* OK ");
  client_send (client, "a CAPABILITY");
  expect (client, "* CAPABILITY " MAIL_LAB_DEFAULT_IMAP_CAPABILITY);
  expect_prefix (client, "a OK ");
  client_send (client, "b STARTTLS");
  expect (client, "b BAD Command received in Invalid state.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/scripted/imap-defaults", test_imap_defaults);
  g_test_add_func ("/lab/scripted/imap-auth-script", test_imap_auth_script);
  g_test_add_func ("/lab/scripted/imap-continuation", test_imap_continuation);
  g_test_add_func ("/lab/scripted/imap-literal", test_imap_literal);
  g_test_add_func ("/lab/scripted/imap-starttls-refused", test_imap_starttls_refused);
  g_test_add_func ("/lab/scripted/smtp-defaults", test_smtp_defaults);
  g_test_add_func ("/lab/scripted/smtp-scripts", test_smtp_scripts);
  g_test_add_func ("/lab/scripted/close-at-stage", test_close_at_stage);
  g_test_add_func ("/lab/scripted/behaviours", test_behaviours);
  g_test_add_func ("/lab/scripted/implicit-tls", test_implicit_tls);
  g_test_add_func ("/lab/scripted/expired-certificate", test_expired_certificate);
  g_test_add_func ("/lab/scripted/smtp-starttls", test_smtp_starttls);

  return g_test_run ();
}
