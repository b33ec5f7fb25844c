/* test-discovery-provider.c: settings from provider files, by the domain or by its MX record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "discovery-test-fixture.h"

static void
test_known_provider (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = discover (f, "alice@GMail.com", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (s->provider_id, ==, "gmail");
  g_assert_cmpstr (s->imap->host, ==, "imap.gmail.com");
  g_assert_cmpuint (s->imap->port, ==, 993);
  g_assert_cmpint (s->auth, ==, MAIL_AUTH_OAUTH2);
  g_assert_nonnull (strstr (s->imap->source, "built-in provider Gmail"));
  g_assert_true (mail_server_get_trusted (s->imap));
  g_assert_nonnull (strstr (mail_server_get_trust_reason (s->imap), "provider file"));
  /* Nothing else was asked: the provider file is the most trusted answer. */
  g_assert_cmpuint (discovery_test_server_get_hits (f->server), ==, 0);
}

static void
test_microsoft_mx (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *isp = make_config ("contoso.example", "imap.contoso.example",
                                      "smtp.contoso.example");

  mail_table_resolver_add_mx (f->resolver, "contoso.example", 10,
                              "contoso-example.mail.protection.outlook.com.");
  /* The ISP database knows the domain too, but ranks below the MX record. */
  serve (f, "/ispdb/contoso.example", isp, 0);

  s = discover (f, "someone@contoso.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->provider_id, ==, "microsoft365");
  g_assert_cmpstr (s->provider_name, ==, "Microsoft 365");
  g_assert_cmpint (s->auth, ==, MAIL_AUTH_OAUTH2);
  g_assert_cmpstr (s->imap->host, ==, "outlook.office365.com");
  g_assert_cmpuint (s->imap->port, ==, 993);
  g_assert_cmpint (s->imap->security, ==, MAIL_SECURITY_TLS);
  g_assert_cmpstr (s->smtp->host, ==, "smtp.office365.com");
  g_assert_cmpstr (s->imap->username, ==, "someone@contoso.example");
  g_assert_nonnull (strstr (s->imap->source, "MX record"));
  g_assert_nonnull (strstr (s->imap->source, "contoso-example.mail.protection.outlook.com"));
  g_assert_nonnull (strstr (s->imap->source_url, "MX 10"));
  g_assert_true (s->provider->has_oauth);
  /* The servers come from the provider file, whatever DNS said. */
  g_assert_true (mail_server_get_trusted (s->imap));
  g_assert_true (mail_server_get_trusted (s->smtp));
}

/* An iCloud+ custom domain: Apple's MX, and the full address as IMAP user name (the local part
 * alone would name someone else's @icloud.com account). */
static void
test_icloud_custom_domain (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autoptr(MailAccountSettings) plain = NULL;

  mail_table_resolver_add_mx (f->resolver, "family.example", 10, "mx01.mail.icloud.com.");
  mail_table_resolver_add_mx (f->resolver, "family.example", 10, "mx02.mail.icloud.com.");

  s = discover (f, "kim@family.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->provider_id, ==, "icloud");
  g_assert_cmpstr (s->imap->host, ==, "imap.mail.me.com");
  g_assert_cmpstr (s->imap->username, ==, "kim@family.example");
  g_assert_cmpstr (s->smtp->username, ==, "kim@family.example");
  g_assert_cmpint (s->auth, ==, MAIL_AUTH_APP_PASSWORD);

  /* An @icloud.com address keeps the local part for IMAP. */
  plain = discover (f, "kim@icloud.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain->imap->username, ==, "kim");
  g_assert_cmpstr (plain->smtp->username, ==, "kim@icloud.com");
}

/* yahoo.co.jp is Yahoo! JAPAN: its own servers, the full address as user name (Yahoo! JAPAN
 * help, announcemail.yahoo.co.jp/info/support/: the account name is the address or the ID). */
static void
test_yahoo_japan (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = discover (f, "taro@yahoo.co.jp", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (s->provider_id, ==, "yahoo-japan");
  g_assert_cmpstr (s->imap->host, ==, "imap.mail.yahoo.co.jp");
  g_assert_cmpstr (s->smtp->host, ==, "smtp.mail.yahoo.co.jp");
  g_assert_cmpstr (s->imap->username, ==, "taro@yahoo.co.jp");
  g_assert_cmpstr (s->smtp->username, ==, "taro@yahoo.co.jp");
  g_assert_cmpuint (discovery_test_server_get_hits (f->server), ==, 0);
}

/* Each provider added for issue 14, by its own domain or by the MX of a custom domain. */
static void
test_new_providers (Fixture       *f,
                    gconstpointer  data)
{
  static const struct
  {
    const char *email;
    const char *mx;       /* NULL: known by the domain */
    const char *id;
    const char *imap_host;
    guint       imap_port;
    const char *smtp_host;
    const char *username;
  } cases[] = {
    { "a@qq.com", NULL, "qq", "imap.qq.com", 993, "smtp.qq.com", "a@qq.com" },
    { "a@foxmail.com", NULL, "qq", "imap.qq.com", 993, "smtp.qq.com", "a@foxmail.com" },
    { "a@163.com", NULL, "netease-163", "imap.163.com", 993, "smtp.163.com", "a@163.com" },
    { "a@126.com", NULL, "netease-126", "imap.126.com", 993, "smtp.126.com", "a@126.com" },
    { "a@yeah.net", NULL, "netease-yeah", "imap.yeah.net", 993, "smtp.yeah.net", "a@yeah.net" },
    { "a@yandex.ru", NULL, "yandex", "imap.yandex.com", 993, "smtp.yandex.com", "a@yandex.ru" },
    { "a@y360.example", "mx.yandex.net.", "yandex", "imap.yandex.com", 993, "smtp.yandex.com",
      "a@y360.example" },
    { "a@mail.ru", NULL, "mailru", "imap.mail.ru", 993, "smtp.mail.ru", "a@mail.ru" },
    { "a@bk.ru", NULL, "mailru", "imap.mail.ru", 993, "smtp.mail.ru", "a@bk.ru" },
    { "a@proton.me", NULL, "proton-bridge", "127.0.0.1", 1143, "127.0.0.1", "a@proton.me" },
    { "a@pm.me", NULL, "proton-bridge", "127.0.0.1", 1143, "127.0.0.1", "a@pm.me" },
    { "a@own.example", "mail.protonmail.ch.", "proton-bridge", "127.0.0.1", 1143, "127.0.0.1",
      "a@own.example" },
    { "a@posteo.de", NULL, "posteo", "posteo.de", 993, "posteo.de", "a@posteo.de" },
    { "a@posteo.net", NULL, "posteo", "posteo.de", 993, "posteo.de", "a@posteo.net" },
    { "a@mailbox.org", NULL, "mailbox-org", "imap.mailbox.org", 993, "smtp.mailbox.org",
      "a@mailbox.org" },
    { "a@mbo.example", "mxext1.mailbox.org.", "mailbox-org", "imap.mailbox.org", 993,
      "smtp.mailbox.org", "a@mbo.example" },
    { "a@t-online.de", NULL, "t-online", "secureimap.t-online.de", 993, "securesmtp.t-online.de",
      "a@t-online.de" },
    { "a@magenta.de", NULL, "t-online", "secureimap.t-online.de", 993, "securesmtp.t-online.de",
      "a@magenta.de" },
    { "a@orange.fr", NULL, "orange", "imap.orange.fr", 993, "smtp.orange.fr", "a@orange.fr" },
    { "a@wanadoo.fr", NULL, "orange", "imap.orange.fr", 993, "smtp.orange.fr", "a@wanadoo.fr" },
    { "a@free.fr", NULL, "free", "imap.free.fr", 993, "smtp.free.fr", "a" },
    { "a@libero.it", NULL, "libero", "imapmail.libero.it", 993, "smtp.libero.it", "a@libero.it" },
    { "a@comcast.net", NULL, "comcast", "imap.comcast.net", 993, "smtp.comcast.net",
      "a@comcast.net" },
    { "a@gmx.com", NULL, "gmx-com", "imap.gmx.com", 993, "mail.gmx.com", "a@gmx.com" },
    { "a@gmx.co.uk", NULL, "gmx-com", "imap.gmx.com", 993, "mail.gmx.com", "a@gmx.co.uk" },
    { "a@gmx.de", NULL, "gmx", "imap.gmx.net", 993, "mail.gmx.net", "a@gmx.de" },
    { "a@mail.com", NULL, "mail-com", "imap.mail.com", 993, "smtp.mail.com", "a@mail.com" },
    { "a@engineer.com", NULL, "mail-com", "imap.mail.com", 993, "smtp.mail.com",
      "a@engineer.com" },
    { "a@att.net", NULL, "att", "imap.mail.att.net", 993, "smtp.mail.att.net", "a@att.net" },
    { "a@sbcglobal.net", NULL, "att", "imap.mail.att.net", 993, "smtp.mail.att.net",
      "a@sbcglobal.net" },
    /* Wider data for the old providers */
    { "a@hotmail.com.br", NULL, "outlook", "outlook.office365.com", 993, "smtp-mail.outlook.com",
      "a@hotmail.com.br" },
    { "a@outlook.com.vn", NULL, "outlook", "outlook.office365.com", 993, "smtp-mail.outlook.com",
      "a@outlook.com.vn" },
    { "a@live.com.mx", NULL, "outlook", "outlook.office365.com", 993, "smtp-mail.outlook.com",
      "a@live.com.mx" },
    { "a@aol.com.br", NULL, "aol", "imap.aol.com", 993, "smtp.aol.com", "a@aol.com.br" },
    { "a@netscape.net", NULL, "aol", "imap.aol.com", 993, "smtp.aol.com", "a@netscape.net" },
    { "a@myyahoo.com", NULL, "yahoo", "imap.mail.yahoo.com", 993, "smtp.mail.yahoo.com",
      "a@myyahoo.com" },
    { "a@zoho.eu", NULL, "zoho-eu", "imap.zoho.eu", 993, "smtp.zoho.eu", "a@zoho.eu" },
    { "a@zoho.in", NULL, "zoho-in", "imap.zoho.in", 993, "smtp.zoho.in", "a@zoho.in" },
    { "a@zoho.com.au", NULL, "zoho-au", "imap.zoho.com.au", 993, "smtp.zoho.com.au",
      "a@zoho.com.au" },
    { "a@zoho.jp", NULL, "zoho-jp", "imap.zoho.jp", 993, "smtp.zoho.jp", "a@zoho.jp" },
    { "a@zohocloud.ca", NULL, "zoho-ca", "imap.zohocloud.ca", 993, "smtp.zohocloud.ca",
      "a@zohocloud.ca" },
    /* Organisation accounts on their own domain use Zoho's "pro" servers. */
    { "a@zorg.example", "mx.zoho.eu.", "zoho-eu", "imappro.zoho.eu", 993, "smtppro.zoho.eu",
      "a@zorg.example" },
    { "a@zorg2.example", "mx2.zoho.com.", "zoho", "imappro.zoho.com", 993, "smtppro.zoho.com",
      "a@zorg2.example" },
    { "a@fm.example", "in1-smtp.messagingengine.com.", "fastmail", "imap.fastmail.com", 993,
      "smtp.fastmail.com", "a@fm.example" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MailAccountSettings) s = NULL;

      g_test_message ("%s", cases[i].email);
      if (cases[i].mx != NULL)
        mail_table_resolver_add_mx (f->resolver, mail_email_domain (cases[i].email), 10,
                                    cases[i].mx);
      s = discover (f, cases[i].email, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (s->provider_id, ==, cases[i].id);
      g_assert_cmpstr (s->imap->host, ==, cases[i].imap_host);
      g_assert_cmpuint (s->imap->port, ==, cases[i].imap_port);
      g_assert_cmpstr (s->smtp->host, ==, cases[i].smtp_host);
      g_assert_cmpstr (s->imap->username, ==, cases[i].username);
      if (cases[i].mx != NULL)
        g_assert_nonnull (strstr (s->imap->source, "MX record"));
      else
        g_assert_nonnull (strstr (s->imap->source, "built-in provider"));
    }
}

/* A custom domain whose MX record names a provider's host: that provider's settings. */
typedef struct
{
  const char   *email;
  const char   *mx_domain;      /* where the MX records are (the ASCII form of the domain) */
  const char   *mx[2];          /* "PREFERENCE HOST", the second may be NULL */
  const char   *provider_id;
  MailAuthKind  auth;           /* -1: not asserted */
  const char   *imap_host;      /* NULL: not asserted (likewise below) */
  const char   *smtp_host;
  const char   *username;
  const char   *source;         /* in the IMAP server's source */
  const char   *not_source;     /* not in it */
} MxCase;

/* Exchange Online gives accepted domains added since July 2026 MX hosts under the
 * DNSSEC-signed mx.microsoft zones. */
static const MxCase microsoft_mx_microsoft_case = {
  "ana@fabrikam.example", "fabrikam.example", { "0 fabrikam-example.a-v1.mx.microsoft.", NULL },
  "microsoft365", MAIL_AUTH_OAUTH2, "outlook.office365.com", "smtp.office365.com",
  "ana@fabrikam.example", "fabrikam-example.a-v1.mx.microsoft", NULL,
};

/* The lowest preference wins. */
static const MxCase google_mx_case = {
  "bob@acme.example", "acme.example", { "5 alt1.aspmx.l.google.com", "1 aspmx.l.google.com" },
  "gmail", MAIL_AUTH_OAUTH2, "imap.gmail.com", NULL, NULL, "aspmx.l.google.com", "alt1",
};

/* bücher.example is looked up as xn--bcher-kva.example. */
static const MxCase idn_case = {
  "anna@bücher.example", "xn--bcher-kva.example",
  { "0 xn--bcher-kva-example.mail.protection.outlook.com", NULL },
  "microsoft365", -1, NULL, NULL, "anna@bücher.example", NULL, NULL,
};

static void
test_mx_provider (Fixture       *f,
                  gconstpointer  data)
{
  const MxCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (c->mx) && c->mx[i] != NULL; i++)
    {
      char *host = NULL;
      guint16 preference = g_ascii_strtoull (c->mx[i], &host, 10);

      mail_table_resolver_add_mx (f->resolver, c->mx_domain, preference, host + 1);
    }

  s = discover (f, c->email, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->provider_id, ==, c->provider_id);
  if ((int) c->auth >= 0)
    g_assert_cmpint (s->auth, ==, c->auth);
  if (c->imap_host != NULL)
    g_assert_cmpstr (s->imap->host, ==, c->imap_host);
  if (c->smtp_host != NULL)
    g_assert_cmpstr (s->smtp->host, ==, c->smtp_host);
  if (c->username != NULL)
    g_assert_cmpstr (s->imap->username, ==, c->username);
  if (c->source != NULL)
    g_assert_nonnull (strstr (s->imap->source, c->source));
  if (c->not_source != NULL)
    g_assert_null (strstr (s->imap->source, c->not_source));
}

int
main (int    argc,
      char **argv)
{
  char *config_home = discovery_test_init (&argc, &argv);

  DISCOVERY_TEST_ADD ("known-provider", test_known_provider);
  DISCOVERY_TEST_ADD ("microsoft-mx", test_microsoft_mx);
  DISCOVERY_TEST_ADD_DATA ("google-mx", &google_mx_case, test_mx_provider);
  DISCOVERY_TEST_ADD_DATA ("microsoft-mx-microsoft", &microsoft_mx_microsoft_case,
                           test_mx_provider);
  DISCOVERY_TEST_ADD ("icloud-custom-domain", test_icloud_custom_domain);
  DISCOVERY_TEST_ADD ("yahoo-japan", test_yahoo_japan);
  DISCOVERY_TEST_ADD ("new-providers", test_new_providers);
  DISCOVERY_TEST_ADD_DATA ("idn", &idn_case, test_mx_provider);

  return discovery_test_run (config_home);
}
