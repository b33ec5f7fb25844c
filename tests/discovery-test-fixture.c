/* discovery-test-fixture.c: what the discovery tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "discovery-test-fixture.h"

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *ispdb = NULL;

  f->registry = mail_provider_registry_new ();
  mail_provider_registry_load_defaults (f->registry);
  f->connections = g_ptr_array_new_with_free_func (g_object_unref);

  f->old_resolver = g_resolver_get_default ();
  f->resolver = mail_table_resolver_new ();
  g_resolver_set_default (G_RESOLVER (f->resolver));

  f->server = discovery_test_server_new ();
  ispdb = g_strconcat (discovery_test_server_get_base (f->server), "/ispdb/", NULL);

  f->discovery = mail_discovery_new (f->registry);
  mail_discovery_set_resolver (f->discovery, G_RESOLVER (f->resolver));
  mail_discovery_set_autoconfig_base (f->discovery, discovery_test_server_get_base (f->server));
  mail_discovery_set_ispdb_base (f->discovery, ispdb);
  mail_discovery_set_deadline (f->discovery, 5000);
  /* No guessing unless a test listens: the standard ports are not ours. */
  for (guint p = 0; p < 2; p++)
    {
      mail_discovery_set_guess_port (f->discovery, p, MAIL_SECURITY_TLS, 0);
      mail_discovery_set_guess_port (f->discovery, p, MAIL_SECURITY_STARTTLS, 0);
    }
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->service != NULL)
    {
      g_socket_service_stop (f->service);
      g_socket_listener_close (G_SOCKET_LISTENER (f->service));
      g_clear_object (&f->service);
    }
  g_clear_pointer (&f->connections, g_ptr_array_unref);
  g_clear_object (&f->certificate);
  g_free (f->greeting);
  g_clear_object (&f->discovery);
  discovery_test_server_free (f->server);
  g_resolver_set_default (f->old_resolver);
  g_clear_object (&f->old_resolver);
  g_clear_object (&f->resolver);
  g_clear_object (&f->registry);
}

void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Result *r = user_data;

  r->settings = mail_discovery_run_finish (MAIL_DISCOVERY (object), result, &r->error);
  r->done = TRUE;
}

MailAccountSettings *
discover (Fixture     *f,
          const char  *email,
          GError     **error)
{
  Result r = { 0 };
  gint64 start = g_get_monotonic_time ();

  mail_discovery_run_async (f->discovery, email, NULL, run_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  f->elapsed_ms = (g_get_monotonic_time () - start) / 1000.0;

  for (guint i = 0; i < mail_discovery_get_lookups (f->discovery)->len; i++)
    {
      MailDiscoveryLookup *l = g_ptr_array_index (mail_discovery_get_lookups (f->discovery), i);

      g_test_message ("%7.1f ms %-13s %s: %s", l->ms, mail_discovery_source_to_string (l->source),
                      l->query, l->outcome);
    }

  if (r.error != NULL)
    g_propagate_error (error, r.error);
  return r.settings;
}

gboolean
notes_contain (const MailAccountSettings *settings,
               const char                *needle)
{
  for (guint i = 0; i < settings->notes->len; i++)
    if (strstr (g_ptr_array_index (settings->notes, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

char *
make_config (const char *domain,
             const char *imap_host,
             const char *smtp_host)
{
  return g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<clientConfig version=\"1.1\">\n"
    "  <emailProvider id=\"%s\">\n"
    "    <domain>%s</domain>\n"
    "    <displayName>Example Mail</displayName>\n"
    "    <incomingServer type=\"pop3\">\n"
    "      <hostname>pop.%s</hostname><port>995</port><socketType>SSL</socketType>\n"
    "    </incomingServer>\n"
    "    <incomingServer type=\"imap\">\n"
    "      <hostname>%s</hostname>\n"
    "      <port>993</port>\n"
    "      <socketType>SSL</socketType>\n"
    "      <username>%%EMAILLOCALPART%%</username>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </incomingServer>\n"
    "    <outgoingServer type=\"smtp\">\n"
    "      <hostname>%s</hostname>\n"
    "      <port>587</port>\n"
    "      <socketType>STARTTLS</socketType>\n"
    "      <username>%%EMAILADDRESS%%</username>\n"
    "      <authentication>password-cleartext</authentication>\n"
    "    </outgoingServer>\n"
    "    <enable visiturl=\"https://%s/settings/imap\">\n"
    "      <instruction lang=\"de\">IMAP einschalten</instruction>\n"
    "      <instruction>Turn on IMAP in the web settings</instruction>\n"
    "    </enable>\n"
    "  </emailProvider>\n"
    "</clientConfig>\n",
    domain, domain, domain, imap_host, smtp_host, domain);
}

void
serve (Fixture    *f,
       const char *path,
       const char *body,
       guint       delay_ms)
{
  discovery_test_server_add (f->server, path, body, strlen (body), delay_ms);
}

gboolean
incoming_plain_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   gpointer           user_data)
{
  Fixture *f = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  /* Open until the test ends, as a server waiting for the client's next command. */
  g_output_stream_write_all (out, f->greeting, strlen (f->greeting), NULL, NULL, NULL);
  g_ptr_array_add (f->connections, g_object_ref (connection));
  return FALSE;
}

static void
tls_handshake_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GIOStream *tls = G_IO_STREAM (object);
  Fixture *f = user_data;

  /* Open until the test ends (the fixture holds it), as a server waiting for a command. */
  if (g_tls_connection_handshake_finish (G_TLS_CONNECTION (tls), result, NULL))
    g_output_stream_write_all (g_io_stream_get_output_stream (tls), f->greeting,
                               strlen (f->greeting), NULL, NULL, NULL);
}

gboolean
incoming_tls_cb (GSocketService    *service,
                 GSocketConnection *connection,
                 GObject           *source,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  GIOStream *tls = g_tls_server_connection_new (G_IO_STREAM (connection), f->certificate, NULL);

  g_assert_nonnull (tls);
  g_ptr_array_add (f->connections, tls);
  /* The client runs in this thread too: the handshake must not block. */
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL,
                                    tls_handshake_cb, f);
  return FALSE;
}

guint16
listen_loopback (GSocketService *service)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
}

char *
make_certificate (const char *dir,
                  const char *name)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *subject = g_strdup_printf ("/CN=%s", name);
  g_autofree char *san = g_strdup_printf ("subjectAltName=DNS:%s", name);
  g_autofree char *both = NULL;
  g_autofree char *both_path = g_build_filename (dir, "both.pem", NULL);
  g_autofree char *key_text = NULL;
  g_autofree char *cert_text = NULL;
  const char *argv[] = { openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                         "-out", cert, "-days", "2", "-subj", subject, "-addext", san, NULL };
  int status = -1;

  if (openssl == NULL)
    return NULL;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return NULL;

  g_file_get_contents (key, &key_text, NULL, NULL);
  g_file_get_contents (cert, &cert_text, NULL, NULL);
  both = g_strconcat (cert_text, key_text, NULL);
  g_file_set_contents (both_path, both, -1, NULL);
  g_unlink (key);
  return g_steal_pointer (&both_path);
}

char *
discovery_test_init (int    *argc,
                     char ***argv)
{
  /* Our own empty config dir (not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks there under
   * LeakSanitizer), so no provider file of the person running the tests gets in. */
  char *config_home = g_dir_make_tmp ("test-discovery-config-XXXXXX", NULL);

  /* Every HTTP request goes straight to the local server, never through a system proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_test_init (argc, argv, NULL);
  return config_home;
}

int
discovery_test_run (char *config_home)
{
  int status = g_test_run ();

  g_rmdir (config_home);
  g_free (config_home);
  return status;
}
