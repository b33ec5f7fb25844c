/* test-types.c: addresses, host:port parsing and the small enums
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-server.h"
#include "mail-types.h"

static void
test_email_validate (void)
{
  const char *good[] = { "alice@example.org", "a.b+tag@sub.example.co.uk", "bob@example.test" };
  const char *bad[] = { "", "alice", "@example.org", "alice@", "al ice@example.org",
                        "alice@@example.org", "alice@example..org", "alice@.example.org",
                        "<alice@example.org>" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (mail_email_validate (good[i], NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (mail_email_validate (bad[i], &error));
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (error->message);
    }

  g_assert_cmpstr (mail_email_domain ("alice@example.org"), ==, "example.org");
}

static void
test_host_port (void)
{
  struct { const char *text; const char *host; guint16 port; } good[] = {
    { "imap.example.org", "imap.example.org", 993 },
    { "imap.example.org:143", "imap.example.org", 143 },
    { " 127.0.0.1:10993 ", "127.0.0.1", 10993 },
    { "[::1]:2525", "::1", 2525 },
    { "localhost", "localhost", 993 },
  };
  const char *bad[] = { "", "imap.example.org:0", "imap.example.org:65536", "imap example.org",
                        "imap.example.org:abc", "-bad.example.org", "[::1", "a..b" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *host = NULL;
      guint16 port = 0;

      g_assert_true (mail_server_parse_host_port (good[i].text, 993, &host, &port, NULL));
      g_assert_cmpstr (host, ==, good[i].host);
      g_assert_cmpuint (port, ==, good[i].port);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;
      guint16 port = 0;

      g_assert_false (mail_server_parse_host_port (bad[i], 993, &host, &port, &error));
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_null (host);
    }
}

static void
test_enums (void)
{
  MailSecurity security;
  MailAuthKind auth;

  g_assert_true (mail_security_from_string ("SSL", &security));
  g_assert_cmpint (security, ==, MAIL_SECURITY_TLS);
  g_assert_true (mail_security_from_string ("starttls", &security));
  g_assert_cmpint (security, ==, MAIL_SECURITY_STARTTLS);
  g_assert_false (mail_security_from_string ("tls1.3", &security));
  g_assert_true (mail_auth_kind_from_string ("app-password", &auth));
  g_assert_cmpint (auth, ==, MAIL_AUTH_APP_PASSWORD);
  g_assert_cmpuint (mail_default_port (MAIL_PROTOCOL_SMTP, MAIL_SECURITY_TLS), ==, 465);
  g_assert_cmpuint (mail_default_port (MAIL_PROTOCOL_IMAP, MAIL_SECURITY_STARTTLS), ==, 143);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/types/email", test_email_validate);
  g_test_add_func ("/types/host-port", test_host_port);
  g_test_add_func ("/types/enums", test_enums);
  return g_test_run ();
}
