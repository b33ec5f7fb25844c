/* test-probe-look.c: what looks the same on the wire, told apart by a second look
 *
 * Real servers on loopback: Dovecot's implicit-TLS ports spoken to with STARTTLS, an HTTP and
 * an HTTPS server (SoupServer, the lab's certificate), a server that accepts and never writes,
 * a TLS 1.0-only server and one that ends the handshake with an alert (openssl s_server).
 * Run inside tests/lab/with-lab.sh (suite "lab"); skipped without MAIL_LAB_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "mail-lab-scripted-server.h"
#include "mail-probe.h"
#include "mail-test-lib.h"
#include "mail-test-probe.h"

static MailProbe *
lab_probe (MailProtocol  protocol,
           const char   *host,
           guint16       port,
           MailSecurity  security)
{
  g_autoptr(MailServer) server = mail_server_new (protocol, host, port, security);
  g_autoptr(GTlsDatabase) database = NULL;
  MailProbe *probe;

  probe = mail_probe_new (server, g_getenv ("MAIL_LAB_USER"));
  database = mail_test_lab_database ();
  mail_probe_set_tls_database (probe, database);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, g_getenv ("MAIL_LAB_PASSWORD"));
  return probe;
}

static const char *
first_fix (const MailCheckResult *result)
{
  g_assert_cmpuint (result->diagnosis->fixes->len, >, 0);
  return g_ptr_array_index (result->diagnosis->fixes, 0);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text ? text : "(null)", part);
}

/* ---------------------------------------------------------------------------------------- */
/* Servers in their own thread (the probe iterates a private main context)                    */

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        mutex;
  GCond         cond;
  guint16       port;
  gboolean      https;
  gboolean      silent;
  GSocketListener *listener;
  GPtrArray    *connections;
} TestServer;

static void
http_cb (SoupServer        *server,
         SoupServerMessage *message,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "text/html", SOUP_MEMORY_STATIC, "<html></html>",
                                    13);
}

static void
accepted_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TestServer *server = user_data;
  GSocketConnection *connection;

  connection = g_socket_listener_accept_finish (G_SOCKET_LISTENER (source), result, NULL, NULL);
  if (connection == NULL)
    return;
  /* Kept open, never written to. */
  g_ptr_array_add (server->connections, connection);
  g_socket_listener_accept_async (server->listener, NULL, accepted_cb, server);
}

static gpointer
server_thread (gpointer user_data)
{
  TestServer *server = user_data;
  g_autoptr(SoupServer) soup = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (server->context);
  if (server->silent)
    {
      server->listener = g_socket_listener_new ();
      server->port = g_socket_listener_add_any_inet_port (server->listener, NULL, &error);
      g_assert_no_error (error);
      g_socket_listener_accept_async (server->listener, NULL, accepted_cb, server);
    }
  else
    {
      g_autoptr(GTlsCertificate) certificate = NULL;
      g_autoptr(GSList) uris = NULL;

      if (server->https)
        {
          certificate = g_tls_certificate_new_from_files (g_getenv ("MAIL_LAB_SERVER_CERT"),
                                                          g_getenv ("MAIL_LAB_SERVER_KEY"),
                                                          &error);
          g_assert_no_error (error);
        }
      soup = soup_server_new ("tls-certificate", certificate, NULL);
      soup_server_add_handler (soup, NULL, http_cb, NULL, NULL);
      soup_server_listen_local (soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY
                                | (server->https ? SOUP_SERVER_LISTEN_HTTPS : 0), &error);
      g_assert_no_error (error);
      uris = soup_server_get_uris (soup);
      server->port = (guint16) g_uri_get_port (uris->data);
      g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
    }
  g_mutex_lock (&server->mutex);
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->mutex);

  g_main_loop_run (server->loop);
  if (server->listener != NULL)
    g_socket_listener_close (server->listener);
  g_clear_object (&server->listener);
  g_clear_object (&soup);
  while (g_main_context_iteration (server->context, FALSE))
    ;
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static TestServer *
test_server_start (gboolean https,
                   gboolean silent)
{
  TestServer *server = g_new0 (TestServer, 1);

  server->https = https;
  server->silent = silent;
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&server->mutex);
  g_cond_init (&server->cond);
  g_mutex_lock (&server->mutex);
  server->thread = g_thread_new ("test-server", server_thread, server);
  while (server->port == 0)
    g_cond_wait (&server->cond, &server->mutex);
  g_mutex_unlock (&server->mutex);
  return server;
}

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_server_stop (TestServer *server)
{
  g_main_context_invoke (server->context, quit_cb, server->loop);
  g_thread_join (server->thread);
  g_ptr_array_unref (server->connections);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_mutex_clear (&server->mutex);
  g_cond_clear (&server->cond);
  g_free (server);
}

/* openssl s_server with extra arguments on a free loopback port; NULL when openssl is absent. */
static GSubprocess *
openssl_server (guint16            *port,
                const char *const  *extra)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSocketListener) probe = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *accept = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  GSubprocess *process;

  if (openssl == NULL)
    return NULL;
  /* A free port: bound, then released for openssl. */
  *port = g_socket_listener_add_any_inet_port (probe, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (probe);
  accept = g_strdup_printf ("127.0.0.1:%u", *port);

  g_ptr_array_add (argv, g_strdup ("openssl"));
  g_ptr_array_add (argv, g_strdup ("s_server"));
  g_ptr_array_add (argv, g_strdup ("-quiet"));
  g_ptr_array_add (argv, g_strdup ("-naccept"));
  g_ptr_array_add (argv, g_strdup ("10"));
  g_ptr_array_add (argv, g_strdup ("-cert"));
  g_ptr_array_add (argv, g_strdup (g_getenv ("MAIL_LAB_SERVER_CERT")));
  g_ptr_array_add (argv, g_strdup ("-key"));
  g_ptr_array_add (argv, g_strdup (g_getenv ("MAIL_LAB_SERVER_KEY")));
  g_ptr_array_add (argv, g_strdup ("-accept"));
  g_ptr_array_add (argv, g_strdup (accept));
  for (guint i = 0; extra[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (extra[i]));
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                               | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);

  /* Ready when it accepts a connection. */
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) connection = NULL;

      connection = g_socket_client_connect_to_host (client, "127.0.0.1", *port, NULL, NULL);
      if (connection != NULL)
        break;
      g_usleep (50000);
    }
  return process;
}

static void
openssl_stop (GSubprocess *process)
{
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  g_object_unref (process);
}

/* ---------------------------------------------------------------------------------------- */
/* Item 1: connected, then silence                                                            */

static void
test_starttls_to_imaps (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autofree char *port = NULL;

  if (!mail_test_lab_available ())
    return;
  /* The default limits: the second look starts after the documented 3 s of silence. */
  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_STARTTLS);
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, "wrong-security-mode", "greeting");
  port = g_strdup_printf ("port %u", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"));
  assert_contains (first_fix (result), "TLS");
  assert_contains (first_fix (result), port);
  assert_contains (result->diagnosis->explanation, "completed a TLS handshake");
}

static void
test_starttls_to_submissions (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autofree char *port = NULL;

  if (!mail_test_lab_available ())
    return;
  probe = lab_probe (MAIL_PROTOCOL_SMTP, "localhost",
                     mail_test_lab_port ("MAIL_LAB_SUBMISSIONS_PORT"),
                     MAIL_SECURITY_STARTTLS);
  mail_probe_set_timeouts (probe, 2000, 10000);
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, "wrong-security-mode", "greeting");
  port = g_strdup_printf ("port %u", mail_test_lab_port ("MAIL_LAB_SUBMISSIONS_PORT"));
  assert_contains (first_fix (result), "TLS");
  assert_contains (first_fix (result), port);
}

static void
test_web_servers (void)
{
  if (!mail_test_lab_available ())
    return;
  for (guint https = 0; https < 2; https++)
    for (guint p = 0; p < 2; p++)
      for (guint s = 0; s < 3; s++)
        {
          TestServer *server = test_server_start (https, FALSE);
          g_autoptr(MailProbe) probe = NULL;
          g_autoptr(MailCheckResult) result = NULL;
          MailSecurity security = s == 0 ? MAIL_SECURITY_NONE
                                  : s == 1 ? MAIL_SECURITY_STARTTLS : MAIL_SECURITY_TLS;

          g_test_message ("%s server, %s, security %d", https ? "HTTPS" : "HTTP",
                          p == 0 ? "IMAP" : "SMTP", security);
          probe = lab_probe (p == 0 ? MAIL_PROTOCOL_IMAP : MAIL_PROTOCOL_SMTP, "localhost",
                             server->port, security);
          mail_probe_set_timeouts (probe, 2000, 10000);
          result = mail_test_run_probe (probe);
          mail_test_assert_code (result, "not-a-mail-server",
                            !https && security == MAIL_SECURITY_TLS ? "tls" : "greeting");
          assert_contains (result->diagnosis->explanation, "web server answered");
          g_assert_true (g_str_has_prefix (result->diagnosis->server_text, "HTTP/1."));
          assert_contains (first_fix (result), "website");
          test_server_stop (server);
        }
}

static void
test_silent_server (void)
{
  if (!mail_test_lab_available ())
    return;
  for (guint p = 0; p < 2; p++)
    {
      TestServer *server = test_server_start (FALSE, TRUE);
      g_autoptr(MailProbe) probe = NULL;
      g_autoptr(MailCheckResult) result = NULL;

      probe = lab_probe (p == 0 ? MAIL_PROTOCOL_IMAP : MAIL_PROTOCOL_SMTP, "localhost",
                         server->port, MAIL_SECURITY_STARTTLS);
      mail_probe_set_timeouts (probe, 2000, 10000);
      result = mail_test_run_probe (probe);
      /* Connected, then silence: a greeting timeout in words that say so */
      mail_test_assert_code (result, "server-timeout", "greeting");
      assert_contains (result->diagnosis->explanation, "stayed silent");
      assert_contains (result->diagnosis->explanation, "no TLS and no web server");
      g_assert_null (strstr (result->diagnosis->explanation, "firewall drops"));
      test_server_stop (server);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Item 2: TLS failures by their cause                                                        */

static void
test_tls_to_plain_imap (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;

  if (!mail_test_lab_available ())
    return;
  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAP_PORT"),
                     MAIL_SECURITY_TLS);
  mail_probe_set_timeouts (probe, 2000, 10000);
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, "wrong-security-mode", "tls");
  assert_contains (first_fix (result), "STARTTLS");
}

/* TLS servers that cannot agree with the probe (openssl s_server with these arguments):
 * the check fails with tls-protocol-mismatch at tls, naming the old version when there is one.
 * No common cipher, and a server that wants a client certificate: both end the handshake
 * with an alert. */
typedef struct
{
  const char *path;      /* below /probe-look/; rows of one path run in one test */
  const char *args[4];   /* NULL-terminated */
  const char *words;     /* the explanation says so; NULL: not checked */
} MismatchCase;

static const MismatchCase mismatch_cases[] = {
  { "tls10-only", { "-tls1", "-cipher", "DEFAULT@SECLEVEL=0" }, "TLS 1.0" },
  { "tls10-only", { "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0" }, "TLS 1.1" },
  { "handshake-alert", { "-tls1_2", "-cipher", "NULL-SHA256:@SECLEVEL=0" }, NULL },
  { "handshake-alert", { "-tls1_2", "-Verify", "1" }, NULL },
};

/* Every row of the path (data) in mismatch_cases. */
static void
test_tls_mismatch (gconstpointer data)
{
  const char *path = data;

  if (!mail_test_lab_available ())
    return;
  for (guint c = 0; c < G_N_ELEMENTS (mismatch_cases); c++)
    {
      const MismatchCase *row = &mismatch_cases[c];
      g_autoptr(MailProbe) probe = NULL;
      g_autoptr(MailCheckResult) result = NULL;
      GSubprocess *server;
      guint16 port = 0;

      if (!g_str_equal (row->path, path))
        continue;
      server = openssl_server (&port, row->args);
      if (server == NULL)
        {
          g_test_skip ("openssl is not installed");
          return;
        }
      probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", port, MAIL_SECURITY_TLS);
      mail_probe_set_timeouts (probe, 2000, 10000);
      result = mail_test_run_probe (probe);
      mail_test_assert_code (result, "tls-protocol-mismatch", "tls");
      if (row->words != NULL)
        assert_contains (result->diagnosis->explanation, row->words);
      openssl_stop (server);
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Item 3: "these settings work"                                                              */

static MailPortCandidate *
lab_port_candidates (guint *n)
{
  MailPortCandidate *ports = g_new0 (MailPortCandidate, 2);

  /* The lab's stand-ins for 993 and 143 (tests cannot listen on those). */
  ports[0].port = mail_test_lab_port ("MAIL_LAB_IMAPS_PORT");
  ports[0].security = MAIL_SECURITY_TLS;
  ports[1].port = mail_test_lab_port ("MAIL_LAB_IMAP_PORT");
  ports[1].security = MAIL_SECURITY_STARTTLS;
  *n = 2;
  return ports;
}

static void
test_suggest_same_port (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autofree MailPortCandidate *ports = NULL;
  g_autofree char *json = NULL;
  g_autofree char *flags = NULL;
  guint n = 0;

  if (!mail_test_lab_available ())
    return;
  ports = lab_port_candidates (&n);
  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_STARTTLS);
  mail_probe_set_alternatives (probe, ports, n, NULL);
  mail_probe_set_timeouts (probe, 2000, 10000);
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, "wrong-security-mode", "greeting");
  g_assert_nonnull (result->suggestion);
  g_assert_cmpstr (result->suggestion->host, ==, "localhost");
  g_assert_cmpuint (result->suggestion->port, ==, mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"));
  g_assert_cmpint (result->suggestion->security, ==, MAIL_SECURITY_TLS);
  assert_contains (first_fix (result), "These settings work");
  assert_contains (first_fix (result), "with TLS");

  flags = g_strdup_printf ("--imap localhost:%u --imap-security tls",
                           mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"));
  json = mail_test_check_result_to_json (result);
  assert_contains (json, "\"suggested_settings\":{\"protocol\":\"imap\",\"host\":\"localhost\"");
  assert_contains (json, flags);
}

static void
test_suggest_smtp (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;

  if (!mail_test_lab_available ())
    return;
  /* STARTTLS spoken to the implicit-TLS submission port: the commonest SMTP mistake. */
  probe = lab_probe (MAIL_PROTOCOL_SMTP, "localhost",
                     mail_test_lab_port ("MAIL_LAB_SUBMISSIONS_PORT"),
                     MAIL_SECURITY_STARTTLS);
  mail_probe_set_alternatives (probe, (MailPortCandidate[]) {
                                 { mail_test_lab_port ("MAIL_LAB_SUBMISSION_PORT"),
                                   MAIL_SECURITY_STARTTLS },
                               }, 1, NULL);
  mail_probe_set_timeouts (probe, 2000, 10000);
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, "wrong-security-mode", "greeting");
  g_assert_nonnull (result->suggestion);
  g_assert_cmpuint (result->suggestion->port, ==, mail_test_lab_port ("MAIL_LAB_SUBMISSIONS_PORT"));
  g_assert_cmpint (result->suggestion->security, ==, MAIL_SECURITY_TLS);
}

static void
test_suggest_other_port (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_server_free);
  g_autofree MailPortCandidate *ports = NULL;
  guint n = 0;

  if (!mail_test_lab_available ())
    return;
  /* Refused: nothing on the same port works, the first working standard port is offered. */
  ports = lab_port_candidates (&n);
  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_CLOSED_PORT"),
                     MAIL_SECURITY_TLS);
  mail_probe_set_alternatives (probe, ports, n, NULL);
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, "connect-refused", "connect");
  g_assert_nonnull (result->suggestion);
  g_assert_cmpuint (result->suggestion->port, ==, mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"));
  g_assert_cmpint (result->suggestion->security, ==, MAIL_SECURITY_TLS);

  /* A provider's or discovery's candidate on the same host comes before the standard ones;
   * one on another host is never tried. */
  g_clear_pointer (&result, mail_check_result_free);
  g_ptr_array_add (extra, mail_server_new (MAIL_PROTOCOL_IMAP, "127.0.0.2",
                                           mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                                           MAIL_SECURITY_TLS));
  g_ptr_array_add (extra, mail_server_new (MAIL_PROTOCOL_IMAP, "localhost",
                                           mail_test_lab_port ("MAIL_LAB_IMAP_PORT"),
                                           MAIL_SECURITY_STARTTLS));
  mail_probe_set_alternatives (probe, ports, n, extra);
  result = mail_test_run_probe (probe);
  g_assert_nonnull (result->suggestion);
  g_assert_cmpstr (result->suggestion->host, ==, "localhost");
  g_assert_cmpuint (result->suggestion->port, ==, mail_test_lab_port ("MAIL_LAB_IMAP_PORT"));
  g_assert_cmpint (result->suggestion->security, ==, MAIL_SECURITY_STARTTLS);
}

static void
test_no_suggestion (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  TestServer *server;

  if (!mail_test_lab_available ())
    return;
  /* A web server, and no mail server on the (default) standard ports of this host. */
  server = test_server_start (FALSE, FALSE);
  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", server->port, MAIL_SECURITY_STARTTLS);
  mail_probe_set_alternatives (probe, (MailPortCandidate[]) {
                                 { mail_test_lab_port ("MAIL_LAB_CLOSED_PORT"), MAIL_SECURITY_TLS },
                               }, 1, NULL);
  mail_probe_set_timeouts (probe, 2000, 10000);
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, "not-a-mail-server", "greeting");
  g_assert_null (result->suggestion);
  test_server_stop (server);
}

/* ---------------------------------------------------------------------------------------- */
/* Item 4: IMAP ID, and "Unsafe Login" should it still come                                    */

static gssize
transcript_index (const MailCheckResult *result,
                  const char            *part)
{
  for (guint i = 0; i < result->transcript->len; i++)
    if (strstr (g_ptr_array_index (result->transcript, i), part) != NULL)
      return i;
  return -1;
}

static void
test_imap_id_dovecot (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  gssize id, examine;

  if (!mail_test_lab_available ())
    return;
  /* Dovecot advertises ID: the name and version of the app go first, and only those. */
  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_TLS);
  result = mail_test_run_probe (probe);
  g_assert_true (result->ok);
  id = transcript_index (result, "ID (\"name\" \"Mail Setup\" \"version\" \"" PACKAGE_VERSION "\")");
  examine = transcript_index (result, "EXAMINE");
  g_assert_cmpint (id, >=, 0);
  g_assert_cmpint (id, <, examine);
  /* Dovecot answers with its own ID. */
  g_assert_cmpint (transcript_index (result, "* ID ("), >, id);
}

static void
test_unsafe_login (void)
{
  g_autoptr(MailLabScriptedServer) scripted = NULL;
  g_autoptr(MailServer) server = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!mail_test_lab_available ())
    return;
  /* NetEase's words, should they still come after ID. */
  scripted = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT);
  mail_lab_scripted_server_set_stage_lines (scripted, "select",
                                            "NO EXAMINE Unsafe Login. Please contact "
                                            "kefu@188.com for help", NULL);
  g_assert_true (mail_lab_scripted_server_start (scripted, &error));
  g_assert_no_error (error);
  server = mail_server_new (MAIL_PROTOCOL_IMAP, "localhost",
                            mail_lab_scripted_server_get_port (scripted), MAIL_SECURITY_TLS);
  probe = mail_probe_new (server, "someone@163.com");
  database = g_tls_file_database_new (g_getenv ("MAIL_LAB_CA_FILE"), &error);
  g_assert_no_error (error);
  mail_probe_set_tls_database (probe, database);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, "netease-authorization-code");
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, "auth-web-login-required", "select");
  assert_contains (result->diagnosis->title, "Unsafe Login");
  assert_contains (result->diagnosis->server_text, "Unsafe Login");
  g_assert_cmpint (transcript_index (result, "ID (\"name\" \"Mail Setup\""), >=, 0);
  g_assert_cmpint (transcript_index (result, "ID (\"name\""), <,
                   transcript_index (result, "EXAMINE"));
}

/* ---------------------------------------------------------------------------------------- */
/* The corpus' conditions (tests/data/README.md): each produced with a real server            */

static MailSecurity
security_from (const char *name)
{
  if (g_strcmp0 (name, "tls") == 0)
    return MAIL_SECURITY_TLS;
  if (g_strcmp0 (name, "starttls") == 0)
    return MAIL_SECURITY_STARTTLS;
  g_assert_cmpstr (name, ==, "none");
  return MAIL_SECURITY_NONE;
}

static void
test_corpus_condition (gconstpointer data)
{
  JsonObject *example = (JsonObject *) data;
  const char *condition = json_object_get_string_member (example, "condition");
  MailProtocol protocol = g_str_equal (json_object_get_string_member (example, "protocol"), "smtp")
                          ? MAIL_PROTOCOL_SMTP : MAIL_PROTOCOL_IMAP;
  MailSecurity security = security_from (json_object_get_string_member (example, "security"));
  const char *stage = json_object_get_string_member (example, "stage");
  const char *expect = json_array_get_string_element (
      json_object_get_array_member (example, "expect"), 0);
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  TestServer *server = NULL;
  GSubprocess *process = NULL;
  guint16 port = 0;

  if (!mail_test_lab_available ())
    return;
  if (g_str_equal (condition, "silent") || g_str_equal (condition, "http")
      || g_str_equal (condition, "https"))
    {
      server = test_server_start (g_str_equal (condition, "https"),
                                  g_str_equal (condition, "silent"));
      port = server->port;
    }
  else if (g_str_equal (condition, "tls-to-plain-port"))
    port = mail_test_lab_port (protocol == MAIL_PROTOCOL_IMAP ? "MAIL_LAB_IMAP_PORT"
                                                    : "MAIL_LAB_SUBMISSION_PORT");
  else if (g_str_equal (condition, "plain-to-tls-port"))
    port = mail_test_lab_port (protocol == MAIL_PROTOCOL_IMAP ? "MAIL_LAB_IMAPS_PORT"
                                                    : "MAIL_LAB_SUBMISSIONS_PORT");
  else if (g_str_equal (condition, "tls1.0-only") || g_str_equal (condition, "tls1.1-only"))
    {
      const char *const extra[] = {
        g_str_equal (condition, "tls1.0-only") ? "-tls1" : "-tls1_1",
        "-cipher", "DEFAULT@SECLEVEL=0", NULL
      };

      process = openssl_server (&port, extra);
      if (process == NULL)
        {
          g_test_skip ("openssl is not installed");
          return;
        }
    }
  else
    g_error ("unknown condition “%s” (tests/data/README.md)", condition);

  probe = lab_probe (protocol, "localhost", port, security);
  mail_probe_set_timeouts (probe, 2000, 10000);
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, expect, stage);
  g_assert_cmpuint (result->diagnosis->fixes->len, >, 0);

  if (server != NULL)
    test_server_stop (server);
  if (process != NULL)
    openssl_stop (process);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(JsonParser) corpus = NULL;
  JsonNode *root;

  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);

  corpus = mail_test_load_corpus ();
  root = json_parser_get_root (corpus);
  if (root != NULL)
    {
      JsonArray *examples = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (examples); i++)
        {
          JsonObject *example = json_array_get_object_element (examples, i);
          g_autofree char *path = NULL;

          if (!json_object_has_member (example, "condition"))
            continue;
          path = g_strdup_printf ("/probe-look/corpus/%s",
                                  json_object_get_string_member (example, "id"));
          g_test_add_data_func (path, example, test_corpus_condition);
        }
    }

  g_test_add_func ("/probe-look/starttls-to-imaps", test_starttls_to_imaps);
  g_test_add_func ("/probe-look/starttls-to-submissions", test_starttls_to_submissions);
  g_test_add_func ("/probe-look/web-servers", test_web_servers);
  g_test_add_func ("/probe-look/silent-server", test_silent_server);
  g_test_add_func ("/probe-look/tls-to-plain-imap", test_tls_to_plain_imap);
  g_test_add_data_func ("/probe-look/tls10-only", "tls10-only", test_tls_mismatch);
  g_test_add_data_func ("/probe-look/handshake-alert", "handshake-alert", test_tls_mismatch);
  g_test_add_func ("/probe-look/suggest-same-port", test_suggest_same_port);
  g_test_add_func ("/probe-look/suggest-smtp", test_suggest_smtp);
  g_test_add_func ("/probe-look/suggest-other-port", test_suggest_other_port);
  g_test_add_func ("/probe-look/no-suggestion", test_no_suggestion);
  g_test_add_func ("/probe-look/imap-id-dovecot", test_imap_id_dovecot);
  g_test_add_func ("/probe-look/unsafe-login", test_unsafe_login);

  return g_test_run ();
}
