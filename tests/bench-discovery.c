/* bench-discovery.c: discovery takes about one lookup's delay, not the sum of them
 *
 * Every source (DNS table, autoconfig, .well-known, ISPDB, MX domain, guessed server) answers
 * after DELAY_MS. Prints the measured time beside the sum of all source delays.
 * Run with `meson test -C BUILD --benchmark bench-discovery` (or the binary itself).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "discovery-test-server.h"
#include "mail-discovery.h"
#include "mail-table-resolver.h"

#define DELAY_MS 200
#define ROUNDS 5

typedef struct
{
  gboolean             done;
  MailAccountSettings *settings;
} Result;

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Result *r = user_data;

  r->settings = mail_discovery_run_finish (MAIL_DISCOVERY (object), result, NULL);
  r->done = TRUE;
}

static char *
make_config (const char *host)
{
  return g_strdup_printf ("<clientConfig version=\"1.1\"><emailProvider id=\"b\">"
                          "<incomingServer type=\"imap\"><hostname>%s</hostname><port>993</port>"
                          "<socketType>SSL</socketType></incomingServer>"
                          "<outgoingServer type=\"smtp\"><hostname>%s</hostname><port>465</port>"
                          "<socketType>SSL</socketType></outgoingServer>"
                          "</emailProvider></clientConfig>", host, host);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  const char *greeting = "* OK [CAPABILITY IMAP4rev1] ready\r\n";

  /* Open until the benchmark ends, as a server waiting for the client's next command. */
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             greeting, strlen (greeting), NULL, NULL, NULL);
  g_ptr_array_add (user_data, g_object_ref (connection));
  return FALSE;
}

/* One scenario: returns the mean wall time in ms. */
static double
measure (MailDiscovery *discovery,
         const char    *email,
         const char    *expect_host)
{
  double total = 0;

  for (guint i = 0; i < ROUNDS; i++)
    {
      Result r = { 0 };
      gint64 start = g_get_monotonic_time ();

      mail_discovery_run_async (discovery, email, NULL, run_cb, &r);
      while (!r.done)
        g_main_context_iteration (NULL, TRUE);
      total += (g_get_monotonic_time () - start) / 1000.0;

      if (r.settings == NULL || r.settings->imap == NULL ||
          g_strcmp0 (r.settings->imap->host, expect_host) != 0)
        {
          fprintf (stderr, "bench-discovery: %s: expected %s, got %s\n", email, expect_host,
                   r.settings && r.settings->imap ? r.settings->imap->host : "nothing");
          exit (1);
        }
      mail_account_settings_free (r.settings);
    }

  return total / ROUNDS;
}

static double
sum_of_delays (MailDiscovery *discovery)
{
  GPtrArray *lookups = mail_discovery_get_lookups (discovery);

  /* Every lookup that answered waited DELAY_MS (guessed servers: the name lookup). */
  return (double) lookups->len * DELAY_MS;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailTableResolver) resolver = mail_table_resolver_new ();
  g_autoptr(MailDiscovery) discovery = NULL;
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autofree char *ispdb = NULL;
  DiscoveryTestServer *server;
  const char *bad = "<clientConfig/>";
  double t1, t2, s1, s2;

  /* Every HTTP request goes straight to the local server, never through a system proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  mail_provider_registry_load_defaults (registry);
  g_resolver_set_default (G_RESOLVER (resolver));
  mail_table_resolver_set_delay (resolver, DELAY_MS);

  server = discovery_test_server_new ();
  ispdb = g_strconcat (discovery_test_server_get_base (server), "/ispdb/", NULL);

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, NULL);
  g_signal_connect (service, "incoming", G_CALLBACK (incoming_cb), connections);
  g_socket_service_start (service);

  discovery = mail_discovery_new (registry);
  mail_discovery_set_resolver (discovery, G_RESOLVER (resolver));
  mail_discovery_set_autoconfig_base (discovery, discovery_test_server_get_base (server));
  mail_discovery_set_ispdb_base (discovery, ispdb);
  mail_discovery_set_guess_port (discovery, MAIL_PROTOCOL_IMAP, MAIL_SECURITY_TLS, 0);
  mail_discovery_set_guess_port (discovery, MAIL_PROTOCOL_SMTP, MAIL_SECURITY_TLS, 0);
  mail_discovery_set_guess_port (discovery, MAIL_PROTOCOL_SMTP, MAIL_SECURITY_STARTTLS, 0);
  mail_discovery_set_guess_port (discovery, MAIL_PROTOCOL_IMAP, MAIL_SECURITY_STARTTLS,
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  /* 1. Every source has an answer: the domain's own autoconfig wins. */
  {
    g_autofree char *own = make_config ("imap.a.example");
    g_autofree char *other = make_config ("imap.other.example");

    discovery_test_server_add (server, "/autoconfig.a.example/mail/config-v1.1.xml", own,
                               strlen (own), DELAY_MS);
    discovery_test_server_add (server, "/a.example/.well-known/autoconfig/mail/config-v1.1.xml",
                               other, strlen (other), DELAY_MS);
    discovery_test_server_add (server, "/ispdb/a.example", other, strlen (other), DELAY_MS);
    discovery_test_server_add (server, "/autoconfig.hoster.example/mail/config-v1.1.xml", other,
                               strlen (other), DELAY_MS);
    discovery_test_server_add (server, "/ispdb/hoster.example", other, strlen (other), DELAY_MS);
    mail_table_resolver_add_mx (resolver, "a.example", 10, "mx.hoster.example");
    mail_table_resolver_add_srv (resolver, "_imaps._tcp.a.example", 0, 1, 993, "srv.a.example");
    mail_table_resolver_add_srv (resolver, "_submission._tcp.a.example", 0, 1, 587,
                                 "srv.a.example");
    mail_table_resolver_add_address (resolver, "imap.a.example", "127.0.0.1");

    t1 = measure (discovery, "user@a.example", "imap.a.example");
  }

  /* 2. Only the last resort, guessing, has an answer; the MX chain takes two delays. */
  {
    discovery_test_server_add (server, "/autoconfig.b.example/mail/config-v1.1.xml", bad,
                               strlen (bad), DELAY_MS);
    discovery_test_server_add (server, "/b.example/.well-known/autoconfig/mail/config-v1.1.xml",
                               bad, strlen (bad), DELAY_MS);
    discovery_test_server_add (server, "/ispdb/b.example", bad, strlen (bad), DELAY_MS);
    discovery_test_server_add (server, "/autoconfig.hoster2.example/mail/config-v1.1.xml", bad,
                               strlen (bad), DELAY_MS);
    discovery_test_server_add (server, "/ispdb/hoster2.example", bad, strlen (bad), DELAY_MS);
    mail_table_resolver_add_mx (resolver, "b.example", 10, "mx.hoster2.example");
    mail_table_resolver_add_address (resolver, "imap.b.example", "127.0.0.1");

    t2 = measure (discovery, "user@b.example", "imap.b.example");
    /* Here every lookup runs to its end: the same set as in 1. */
    s1 = s2 = sum_of_delays (discovery);
  }

  printf ("bench-discovery: every source answers after %d ms (mean of %d runs)\n",
          DELAY_MS, ROUNDS);
  printf ("  domain autoconfig wins:  %7.1f ms measured, %7.1f ms sum of the %u lookups' "
          "delays\n", t1, s1, (guint) (s1 / DELAY_MS));
  printf ("  only a guess answers:    %7.1f ms measured, %7.1f ms sum of the %u lookups' "
          "delays\n", t2, s2, (guint) (s2 / DELAY_MS));

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_clear_object (&discovery);
  discovery_test_server_free (server);

  /* About one delay (two for the MX chain) plus overhead, far below the sum. */
  return t1 < 2.5 * DELAY_MS && t2 < 3.5 * DELAY_MS ? 0 : 1;
}
