/* test-discovery-srv.c: settings from RFC 6186 SRV records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "discovery-test-fixture.h"

static void
test_srv (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;

  mail_table_resolver_add_srv (f->resolver, "_imaps._tcp.srv.example", 0, 1, 993,
                               "mail.srv.example.");
  mail_table_resolver_add_srv (f->resolver, "_imap._tcp.srv.example", 0, 1, 143,
                               "plain.srv.example");
  mail_table_resolver_add_srv (f->resolver, "_submissions._tcp.srv.example", 0, 0, 0, ".");
  mail_table_resolver_add_srv (f->resolver, "_submission._tcp.srv.example", 0, 1, 587,
                               "mail.srv.example");

  s = discover (f, "frank@srv.example", &error);
  g_assert_no_error (error);
  /* Implicit TLS preferred. */
  g_assert_cmpstr (s->imap->host, ==, "mail.srv.example");
  g_assert_cmpuint (s->imap->port, ==, 993);
  g_assert_cmpint (s->imap->security, ==, MAIL_SECURITY_TLS);
  /* _submissions is "." (not offered): STARTTLS on 587. */
  g_assert_cmpuint (s->smtp->port, ==, 587);
  g_assert_cmpint (s->smtp->security, ==, MAIL_SECURITY_STARTTLS);
  g_assert_nonnull (strstr (s->imap->source, "SRV record _imaps._tcp.srv.example"));
  g_assert_nonnull (strstr (s->smtp->source, "_submission._tcp.srv.example"));
  /* Targets inside the domain (RFC 6186 section 6). */
  g_assert_true (mail_server_get_trusted (s->imap));
  g_assert_true (mail_server_get_trusted (s->smtp));
  /* _imap, not chosen, is the other IMAP candidate; SMTP has none (_submissions is "."). */
  g_assert_cmpuint (s->other_servers->len, ==, 1);
  {
    MailServer *other = g_ptr_array_index (s->other_servers, 0);

    g_assert_cmpint (other->protocol, ==, MAIL_PROTOCOL_IMAP);
    g_assert_cmpstr (other->host, ==, "plain.srv.example");
    g_assert_cmpuint (other->port, ==, 143);
    g_assert_cmpint (other->security, ==, MAIL_SECURITY_STARTTLS);
    g_assert_nonnull (strstr (other->source, "SRV record _imap._tcp.srv.example"));
  }
}

/* RFC 6186 section 6: an SRV target outside the address's domain is kept, but untrusted and
 * said; a name that merely ends in the domain's letters is outside too. */
static void
test_srv_outside_domain (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;

  mail_table_resolver_add_srv (f->resolver, "_imaps._tcp.srvout.example", 0, 1, 993,
                               "imap.notsrvout.example.");
  mail_table_resolver_add_srv (f->resolver, "_submissions._tcp.srvout.example", 0, 1, 465,
                               "smtp.in.srvout.example");

  s = discover (f, "hana@srvout.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "imap.notsrvout.example");
  g_assert_false (mail_server_get_trusted (s->imap));
  g_assert_nonnull (strstr (mail_server_get_trust_reason (s->imap), "imap.notsrvout.example"));
  g_assert_nonnull (strstr (mail_server_get_trust_reason (s->imap), "outside srvout.example"));
  g_assert_true (notes_contain (s, "imap.notsrvout.example"));
  /* A subdomain is inside. */
  g_assert_cmpstr (s->smtp->host, ==, "smtp.in.srvout.example");
  g_assert_true (mail_server_get_trusted (s->smtp));
}

int
main (int    argc,
      char **argv)
{
  char *config_home = discovery_test_init (&argc, &argv);

  DISCOVERY_TEST_ADD ("srv", test_srv);
  DISCOVERY_TEST_ADD ("srv-outside-domain", test_srv_outside_domain);

  return discovery_test_run (config_home);
}
