/* test-discovery-guess.c: guessed servers, checked with the probe: loopback listeners and the lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "discovery-test-fixture.h"

static void
test_guess (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  guint16 port;

  f->greeting = g_strdup ("* OK [CAPABILITY IMAP4rev1] test server ready\r\n");
  f->service = g_socket_service_new ();
  port = listen_loopback (f->service);
  g_signal_connect (f->service, "incoming", G_CALLBACK (incoming_plain_cb), f);
  g_socket_service_start (f->service);

  mail_table_resolver_add_address (f->resolver, "imap.guess.example", "127.0.0.1");
  mail_discovery_set_guess_port (f->discovery, MAIL_PROTOCOL_IMAP, MAIL_SECURITY_STARTTLS, port);
  /* SMTP: the same listener greets like IMAP, so it is not taken for an SMTP server. */
  mail_table_resolver_add_address (f->resolver, "smtp.guess.example", "127.0.0.1");
  mail_discovery_set_guess_port (f->discovery, MAIL_PROTOCOL_SMTP, MAIL_SECURITY_STARTTLS, port);

  s = discover (f, "gina@guess.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "imap.guess.example");
  g_assert_cmpuint (s->imap->port, ==, port);
  g_assert_cmpint (s->imap->security, ==, MAIL_SECURITY_STARTTLS);
  g_assert_nonnull (strstr (s->imap->source, "guess"));
  /* A name inside the domain, whose certificate the check verifies before signing in. */
  g_assert_true (mail_server_get_trusted (s->imap));
  g_assert_nonnull (strstr (mail_server_get_trust_reason (s->imap), "imap.guess.example"));
  g_assert_null (s->smtp);
  g_assert_true (notes_contain (s, "No SMTP server"));
}

/* The same through the lab's real Dovecot (tests/lab/with-lab.sh): its IMAP and submission
 * ports answer under the guessed names. */
static void
test_guess_lab (Fixture       *f,
                gconstpointer  data)
{
  const char *imap_port = g_getenv ("MAIL_LAB_IMAP_PORT");
  const char *submission_port = g_getenv ("MAIL_LAB_SUBMISSION_PORT");
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;

  if (imap_port == NULL || submission_port == NULL)
    {
      g_test_skip ("needs the lab (tests/lab/with-lab.sh)");
      return;
    }

  mail_table_resolver_add_address (f->resolver, "mail.lab-guess.example", "127.0.0.1");
  mail_discovery_set_guess_port (f->discovery, MAIL_PROTOCOL_IMAP, MAIL_SECURITY_STARTTLS,
                                 (guint16) g_ascii_strtoull (imap_port, NULL, 10));
  mail_discovery_set_guess_port (f->discovery, MAIL_PROTOCOL_SMTP, MAIL_SECURITY_STARTTLS,
                                 (guint16) g_ascii_strtoull (submission_port, NULL, 10));

  s = discover (f, "alice@lab-guess.example", &error);
  g_assert_no_error (error);
  /* Only mail.<domain> exists: it answers as IMAP and as SMTP. */
  g_assert_cmpstr (s->imap->host, ==, "mail.lab-guess.example");
  g_assert_cmpint (s->imap->security, ==, MAIL_SECURITY_STARTTLS);
  g_assert_cmpstr (s->smtp->host, ==, "mail.lab-guess.example");
  g_assert_cmpuint (s->smtp->port, ==, g_ascii_strtoull (submission_port, NULL, 10));
  g_assert_nonnull (strstr (s->smtp->source, "guess"));
}

static void
test_guess_tls (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *cert = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GSocketService) plain = NULL;
  guint16 tls_port, plain_port;

#ifdef __SANITIZE_ADDRESS__
  /* GCC 12's LeakSanitizer crashes at exit on the dynamic TLS of the GnuTLS module that
   * glib-networking loads ("Tracer caught signal 11" after "DTLS ..."). */
  g_test_skip ("TLS server under LeakSanitizer (GCC 12 DTLS bug)");
  return;
#endif

  dir = g_dir_make_tmp ("test-discovery-XXXXXX", NULL);
  cert = make_certificate (dir, "imap.tls.example");
  if (cert == NULL)
    {
      g_test_skip ("openssl cannot make a test certificate");
      g_rmdir (dir);
      return;
    }

  f->certificate = g_tls_certificate_new_from_file (cert, &error);
  g_assert_no_error (error);
  g_unlink (cert);
  /* The certificate alone is the trust anchor (the file stays until the end of the test). */
  g_clear_pointer (&cert, g_free);
  cert = g_build_filename (dir, "cert.pem", NULL);
  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);

  f->greeting = g_strdup ("* OK [CAPABILITY IMAP4rev1] ready\r\n");
  f->service = g_socket_service_new ();
  tls_port = listen_loopback (f->service);
  g_signal_connect (f->service, "incoming", G_CALLBACK (incoming_tls_cb), f);
  g_socket_service_start (f->service);

  plain = g_socket_service_new ();
  plain_port = listen_loopback (plain);
  g_signal_connect (plain, "incoming", G_CALLBACK (incoming_plain_cb), f);
  g_socket_service_start (plain);

  mail_discovery_set_tls_database (f->discovery, database);
  /* RSA handshakes on a loaded machine: the deadline only matters when nothing answers. */
  mail_discovery_set_deadline (f->discovery, 30000);
  mail_discovery_set_guess_port (f->discovery, MAIL_PROTOCOL_IMAP, MAIL_SECURITY_TLS, tls_port);
  mail_discovery_set_guess_port (f->discovery, MAIL_PROTOCOL_IMAP, MAIL_SECURITY_STARTTLS,
                                 plain_port);

  /* The certificate names imap.tls.example: implicit TLS, verified, preferred (RFC 8314). */
  mail_table_resolver_add_address (f->resolver, "imap.tls.example", "127.0.0.1");
  s = discover (f, "hana@tls.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "imap.tls.example");
  g_assert_cmpuint (s->imap->port, ==, tls_port);
  g_assert_cmpint (s->imap->security, ==, MAIL_SECURITY_TLS);
  g_clear_pointer (&s, mail_account_settings_free);

  /* Same server under another name: the certificate does not match, so only the STARTTLS
   * port's greeting counts. */
  mail_table_resolver_add_address (f->resolver, "imap.other.example", "127.0.0.1");
  s = discover (f, "ivan@other.example", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (s->imap->port, ==, plain_port);
  g_assert_cmpint (s->imap->security, ==, MAIL_SECURITY_STARTTLS);

  g_socket_service_stop (plain);
  g_socket_listener_close (G_SOCKET_LISTENER (plain));
  mail_discovery_set_tls_database (f->discovery, NULL);
  g_clear_object (&database);
  g_unlink (cert);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  char *config_home = discovery_test_init (&argc, &argv);

  DISCOVERY_TEST_ADD ("guess", test_guess);
  DISCOVERY_TEST_ADD ("guess-tls", test_guess_tls);
  DISCOVERY_TEST_ADD ("guess-lab", test_guess_lab);

  return discovery_test_run (config_home);
}
