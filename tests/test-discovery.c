/* test-discovery.c: settings from an address, from every source, without the internet
 *
 * DNS answers come from a MailTableResolver set as the default resolver; autoconfig and ISPDB
 * documents from a SoupServer in a thread; guessed servers are loopback listeners.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "discovery-test-server.h"
#include "mail-autoconfig.h"
#include "mail-discovery.h"
#include "mail-server-alternatives.h"
#include "mail-table-resolver.h"
#include "mail-test-lib.h"

typedef struct
{
  MailProviderRegistry *registry;
  MailTableResolver    *resolver;
  GResolver            *old_resolver;
  DiscoveryTestServer  *server;
  MailDiscovery        *discovery;
  GSocketService       *service;
  GTlsCertificate      *certificate;   /* for the TLS listener */
  char                 *greeting;
  double                elapsed_ms;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *ispdb = NULL;

  f->registry = mail_provider_registry_new ();
  mail_provider_registry_load_defaults (f->registry);

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

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->service != NULL)
    {
      g_socket_service_stop (f->service);
      g_socket_listener_close (G_SOCKET_LISTENER (f->service));
      g_clear_object (&f->service);
    }
  g_clear_object (&f->certificate);
  g_free (f->greeting);
  g_clear_object (&f->discovery);
  discovery_test_server_free (f->server);
  g_resolver_set_default (f->old_resolver);
  g_clear_object (&f->old_resolver);
  g_clear_object (&f->resolver);
  g_clear_object (&f->registry);
}

typedef struct
{
  gboolean             done;
  MailAccountSettings *settings;
  GError              *error;
} Result;

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Result *r = user_data;

  r->settings = mail_discovery_run_finish (MAIL_DISCOVERY (object), result, &r->error);
  r->done = TRUE;
}

static MailAccountSettings *
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

static gboolean
notes_contain (const MailAccountSettings *settings,
               const char                *needle)
{
  for (guint i = 0; i < settings->notes->len; i++)
    if (strstr (g_ptr_array_index (settings->notes, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static char *
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

static void
serve (Fixture    *f,
       const char *path,
       const char *body,
       guint       delay_ms)
{
  discovery_test_server_add (f->server, path, body, strlen (body), delay_ms);
}

/* Sources ------------------------------------------------------------------------------------ */

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

/* Exchange Online gives accepted domains added since July 2026 MX hosts under the
 * DNSSEC-signed mx.microsoft zones. */
static void
test_microsoft_mx_microsoft (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;

  mail_table_resolver_add_mx (f->resolver, "fabrikam.example", 0,
                              "fabrikam-example.a-v1.mx.microsoft.");

  s = discover (f, "ana@fabrikam.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->provider_id, ==, "microsoft365");
  g_assert_cmpint (s->auth, ==, MAIL_AUTH_OAUTH2);
  g_assert_cmpstr (s->imap->host, ==, "outlook.office365.com");
  g_assert_cmpstr (s->smtp->host, ==, "smtp.office365.com");
  g_assert_cmpstr (s->imap->username, ==, "ana@fabrikam.example");
  g_assert_nonnull (strstr (s->imap->source, "fabrikam-example.a-v1.mx.microsoft"));
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

/* yahoo.co.jp is Yahoo! JAPAN: its own servers, the Yahoo! JAPAN ID as user name. */
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
  g_assert_cmpstr (s->imap->username, ==, "taro");
  g_assert_cmpstr (s->smtp->username, ==, "taro");
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

static void
test_google_mx (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;

  mail_table_resolver_add_mx (f->resolver, "acme.example", 5, "alt1.aspmx.l.google.com");
  mail_table_resolver_add_mx (f->resolver, "acme.example", 1, "aspmx.l.google.com");

  s = discover (f, "bob@acme.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->provider_id, ==, "gmail");
  g_assert_cmpstr (s->imap->host, ==, "imap.gmail.com");
  g_assert_cmpint (s->auth, ==, MAIL_AUTH_OAUTH2);
  /* The lowest preference wins. */
  g_assert_nonnull (strstr (s->imap->source, "aspmx.l.google.com"));
  g_assert_null (strstr (s->imap->source, "alt1"));
}

static void
test_autoconfig (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *own = make_config ("example.org", "imap.example.org", "smtp.example.org");
  g_autofree char *isp = make_config ("example.org", "imap.isp.example", "smtp.isp.example");

  serve (f, "/autoconfig.example.org/mail/config-v1.1.xml", own, 0);
  serve (f, "/ispdb/example.org", isp, 0);

  s = discover (f, "alice@example.org", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "imap.example.org");
  g_assert_cmpint (s->imap->security, ==, MAIL_SECURITY_TLS);
  g_assert_cmpstr (s->imap->username, ==, "alice");
  g_assert_cmpstr (s->smtp->host, ==, "smtp.example.org");
  g_assert_cmpuint (s->smtp->port, ==, 587);
  g_assert_cmpint (s->smtp->security, ==, MAIL_SECURITY_STARTTLS);
  g_assert_cmpstr (s->smtp->username, ==, "alice@example.org");
  g_assert_cmpint (s->auth, ==, MAIL_AUTH_PASSWORD);
  g_assert_nonnull (strstr (s->imap->source, "autoconfig"));
  g_assert_nonnull (strstr (s->imap->source_url, "/autoconfig.example.org/mail/config-v1.1.xml"));
  g_assert_null (s->provider);
  g_assert_cmpstr (s->provider_name, ==, "Example Mail");
  /* The <enable> guidance, in English. */
  g_assert_true (notes_contain (s, "Turn on IMAP in the web settings"));
  g_assert_true (notes_contain (s, "https://example.org/settings/imap"));
  g_assert_false (notes_contain (s, "another"));
  g_assert_false (notes_contain (s, "outside"));
  /* The test server speaks plain HTTP: what it says is untrusted, configured or not. */
  g_assert_false (mail_server_get_trusted (s->imap));
  g_assert_nonnull (strstr (mail_server_get_trust_reason (s->imap), "plain HTTP"));
}

/* An autoconfig document with several servers per protocol: the first of each is the setting,
 * the others are kept (a few, in order) as alternatives after a failed check. */
static void
test_autoconfig_other_servers (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autoptr(MailAccountSettings) copy = NULL;
  g_autoptr(GString) doc = g_string_new ("<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">"
                                         "<emailProvider id=\"multi.example\">"
                                         "<domain>multi.example</domain>");
  g_autoptr(GPtrArray) alternatives = NULL;
  g_autoptr(MailServer) failed = NULL;
  guint imap_others = 0;
  MailServer *other;

  g_string_append (doc, "<incomingServer type=\"imap\"><hostname>mail.multi.example</hostname>"
                        "<port>993</port><socketType>SSL</socketType></incomingServer>");
  g_string_append (doc, "<incomingServer type=\"imap\"><hostname>mail.multi.example</hostname>"
                        "<port>10143</port><socketType>STARTTLS</socketType></incomingServer>");
  /* Unusable: an invalid host name is left out, the document stays usable. */
  g_string_append (doc, "<incomingServer type=\"imap\"><hostname>bad host!</hostname>"
                        "<port>993</port><socketType>SSL</socketType></incomingServer>");
  for (guint i = 0; i < 6; i++)
    g_string_append_printf (doc, "<incomingServer type=\"imap\"><hostname>imap%u.multi.example"
                                 "</hostname><port>993</port><socketType>SSL</socketType>"
                                 "</incomingServer>", i);
  g_string_append (doc, "<outgoingServer type=\"smtp\"><hostname>mail.multi.example</hostname>"
                        "<port>587</port><socketType>STARTTLS</socketType></outgoingServer>");
  g_string_append (doc, "<outgoingServer type=\"smtp\"><hostname>mail.multi.example</hostname>"
                        "<port>10465</port><socketType>SSL</socketType></outgoingServer>");
  g_string_append (doc, "</emailProvider></clientConfig>\n");
  serve (f, "/autoconfig.multi.example/mail/config-v1.1.xml", doc->str, 0);

  s = discover (f, "dora@multi.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "mail.multi.example");
  g_assert_cmpuint (s->imap->port, ==, 993);
  g_assert_cmpuint (s->smtp->port, ==, 587);

  for (guint i = 0; i < s->other_servers->len; i++)
    if (((MailServer *) g_ptr_array_index (s->other_servers, i))->protocol == MAIL_PROTOCOL_IMAP)
      imap_others++;
  /* At most MAIL_AUTOCONFIG_MAX_OTHERS per protocol, in the document's order */
  g_assert_cmpuint (imap_others, ==, MAIL_AUTOCONFIG_MAX_OTHERS);
  g_assert_cmpuint (s->other_servers->len, ==, MAIL_AUTOCONFIG_MAX_OTHERS + 1);
  other = g_ptr_array_index (s->other_servers, 0);
  g_assert_cmpint (other->protocol, ==, MAIL_PROTOCOL_IMAP);
  g_assert_cmpstr (other->host, ==, "mail.multi.example");
  g_assert_cmpuint (other->port, ==, 10143);
  g_assert_cmpint (other->security, ==, MAIL_SECURITY_STARTTLS);
  g_assert_cmpstr (other->username, ==, "dora@multi.example");
  g_assert_nonnull (strstr (other->source, "autoconfig"));
  other = g_ptr_array_index (s->other_servers, 1);
  g_assert_cmpstr (other->host, ==, "imap0.multi.example");
  other = g_ptr_array_index (s->other_servers, s->other_servers->len - 1);
  g_assert_cmpint (other->protocol, ==, MAIL_PROTOCOL_SMTP);
  g_assert_cmpuint (other->port, ==, 10465);
  g_assert_cmpint (other->security, ==, MAIL_SECURITY_TLS);
  /* Not part of the settings' JSON, but copied with them */
  copy = mail_account_settings_copy (s);
  g_assert_cmpuint (copy->other_servers->len, ==, s->other_servers->len);

  /* After a failure on 993, the other port of the same host comes right after the same port's
   * other mode, before the standard ports. */
  failed = mail_server_copy (s->imap);
  alternatives = mail_server_alternatives (failed, NULL, 0, s->other_servers);
  g_assert_cmpuint (alternatives->len, >=, 2);
  other = g_ptr_array_index (alternatives, 1);
  g_assert_cmpuint (other->port, ==, 10143);
  g_assert_cmpint (other->security, ==, MAIL_SECURITY_STARTTLS);
}

static void
test_well_known (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *doc = make_config ("wk.example", "mail.wk.example", "mail.wk.example");

  serve (f, "/wk.example/.well-known/autoconfig/mail/config-v1.1.xml", doc, 0);

  s = discover (f, "carol@wk.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "mail.wk.example");
  g_assert_nonnull (strstr (s->imap->source_url, ".well-known"));
}

static void
test_ispdb (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *doc = make_config ("isp.example", "imap.isp.example", "smtp.isp.example");

  serve (f, "/ispdb/isp.example", doc, 0);

  s = discover (f, "dave@isp.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "imap.isp.example");
  g_assert_nonnull (strstr (s->imap->source, "ISP database"));
  g_assert_nonnull (strstr (s->imap->source_url, "/ispdb/isp.example"));
}

static void
test_mx_base_domain (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *doc = make_config ("hoster.example", "imap.hoster.example",
                                      "smtp.hoster.example");

  /* A custom domain at a hoster that the ISP database knows by the hoster's domain. */
  mail_table_resolver_add_mx (f->resolver, "custom.example", 10, "mx1.hoster.example");
  serve (f, "/ispdb/hoster.example", doc, 0);

  s = discover (f, "erin@custom.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "imap.hoster.example");
  g_assert_nonnull (strstr (s->imap->source, "MX record mx1.hoster.example"));
  g_assert_nonnull (strstr (s->imap->source_url, "/ispdb/hoster.example"));
  /* The servers are the hoster's, which is what the MX said: no warning. */
  g_assert_false (notes_contain (s, "outside"));
  /* But an unprotected DNS answer chose another domain's settings: ask before signing in. */
  g_assert_false (mail_server_get_trusted (s->imap));
  g_assert_false (mail_server_get_trusted (s->smtp));
}

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

/* Guessing: listeners on loopback ports, reached through names in the table ----------------- */

static gboolean
incoming_plain_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   gpointer           user_data)
{
  Fixture *f = user_data;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, f->greeting, strlen (f->greeting), NULL, NULL, NULL);
  return FALSE;
}

static void
tls_handshake_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GIOStream) tls = G_IO_STREAM (object);
  const char *greeting = user_data;

  if (g_tls_connection_handshake_finish (G_TLS_CONNECTION (tls), result, NULL))
    g_output_stream_write_all (g_io_stream_get_output_stream (tls), greeting, strlen (greeting),
                               NULL, NULL, NULL);
}

static gboolean
incoming_tls_cb (GSocketService    *service,
                 GSocketConnection *connection,
                 GObject           *source,
                 gpointer           user_data)
{
  Fixture *f = user_data;
  GIOStream *tls = g_tls_server_connection_new (G_IO_STREAM (connection), f->certificate, NULL);

  g_assert_nonnull (tls);
  /* The client runs in this thread too: the handshake must not block. */
  g_tls_connection_handshake_async (G_TLS_CONNECTION (tls), G_PRIORITY_DEFAULT, NULL,
                                    tls_handshake_cb, f->greeting);
  return FALSE;
}

static guint16
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

static void
test_idn (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;

  /* bücher.example is looked up as xn--bcher-kva.example. */
  mail_table_resolver_add_mx (f->resolver, "xn--bcher-kva.example", 0,
                              "xn--bcher-kva-example.mail.protection.outlook.com");
  s = discover (f, "anna@bücher.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->provider_id, ==, "microsoft365");
  g_assert_cmpstr (s->imap->username, ==, "anna@bücher.example");
}

static void
test_guess (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  guint16 port;

  f->greeting = g_strdup ("* OK IMAP4rev1 test server ready\r\n");
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

static char *
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

  f->greeting = g_strdup ("* OK ready\r\n");
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

static void
test_plain_http (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *doc = make_config ("plain.example", "imap.plain.example",
                                      "smtp.plain.example");
  g_autofree char *https = NULL;

#ifdef __SANITIZE_ADDRESS__
  g_test_skip ("TLS under LeakSanitizer (GCC 12 DTLS bug)");
  return;
#endif

  /* The HTTPS lookup fails (the local server speaks plain HTTP); the plain HTTP last resort
   * finds the document, and says so. */
  https = g_strdup_printf ("https://%s/autoconfig.{domain}/mail/config-v1.1.xml",
                           discovery_test_server_get_base (f->server) + strlen ("http://"));
  mail_discovery_set_autoconfig_template (f->discovery, https);
  serve (f, "/autoconfig.plain.example/mail/config-v1.1.xml", doc, 0);
  /* The server never answers the TLS hello: the request times out after half of this. */
  mail_discovery_set_deadline (f->discovery, 3000);

  mail_discovery_set_use_plain_http (f->discovery, FALSE);
  s = discover (f, "pat@plain.example", &error);
  g_assert_null (s);
  g_assert_error (error, MAIL_DISCOVERY_ERROR, MAIL_DISCOVERY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  mail_discovery_set_use_plain_http (f->discovery, TRUE);
  s = discover (f, "pat@plain.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "imap.plain.example");
  g_assert_true (g_str_has_prefix (s->imap->source_url, "http://"));
  g_assert_nonnull (strstr (s->imap->source, "plain HTTP"));
  g_assert_true (notes_contain (s, "plain HTTP"));
  g_assert_false (mail_server_get_trusted (s->imap));
  g_assert_false (mail_server_get_trusted (s->smtp));
  g_assert_nonnull (strstr (mail_server_get_trust_reason (s->imap), "plain HTTP"));
}

/* Failures ----------------------------------------------------------------------------------- */

static void
test_nothing_found (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = discover (f, "nobody@nothing.example", &error);

  g_assert_null (s);
  g_assert_error (error, MAIL_DISCOVERY_ERROR, MAIL_DISCOVERY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Enter the settings yourself"));
  g_assert_cmpfloat (f->elapsed_ms, <, 2000);
}

static void
test_bad_address (Fixture       *f,
                  gconstpointer  data)
{
  const char *bad[] = { "no-at-sign", "a@b/../x", "a@exa mple.org" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MailAccountSettings) s = discover (f, bad[i], &error);

      g_assert_null (s);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
    }
  g_assert_cmpuint (discovery_test_server_get_hits (f->server), ==, 0);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *isp = make_config ("bad.example", "imap.bad.example", "smtp.bad.example");

  serve (f, "/autoconfig.bad.example/mail/config-v1.1.xml",
         "<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>x</host", 0);
  serve (f, "/bad.example/.well-known/autoconfig/mail/config-v1.1.xml",
         "<html><body>Not here</body></html>", 0);
  serve (f, "/ispdb/bad.example", isp, 0);

  s = discover (f, "jo@bad.example", &error);
  g_assert_no_error (error);
  /* The broken documents are skipped: the next source answers. */
  g_assert_cmpstr (s->imap->host, ==, "imap.bad.example");
  g_assert_nonnull (strstr (s->imap->source, "ISP database"));
}

static void
test_huge (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autoptr(GString) huge = g_string_new ("<?xml version=\"1.0\"?><clientConfig><!-- ");
  g_autofree char *small = make_config ("huge.example", "imap.huge.example", "smtp.huge.example");
  GPtrArray *lookups;
  gboolean refused = FALSE;

  while (huge->len < 2 * MAIL_AUTOCONFIG_MAX_SIZE)
    g_string_append (huge, "padding padding padding padding padding padding padding padding ");
  g_string_append (huge, "--></clientConfig>");
  discovery_test_server_add (f->server, "/autoconfig.huge.example/mail/config-v1.1.xml",
                             huge->str, huge->len, 0);
  serve (f, "/ispdb/huge.example", small, 0);

  s = discover (f, "kim@huge.example", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (s->imap->source, "ISP database"));

  lookups = mail_discovery_get_lookups (f->discovery);
  for (guint i = 0; i < lookups->len; i++)
    {
      MailDiscoveryLookup *l = g_ptr_array_index (lookups, i);

      if (l->source == MAIL_DISCOVERY_SOURCE_AUTOCONFIG)
        refused = strstr (l->outcome, "larger than") != NULL;
    }
  g_assert_true (refused);
}

static void
test_slow (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *own = make_config ("slow.example", "imap.slow.example", "smtp.slow.example");
  g_autofree char *isp = make_config ("slow.example", "imap.isp.example", "smtp.isp.example");

  /* The domain's own document would win, but it comes after the deadline. */
  serve (f, "/autoconfig.slow.example/mail/config-v1.1.xml", own, 4000);
  serve (f, "/ispdb/slow.example", isp, 0);
  mail_discovery_set_deadline (f->discovery, 600);

  s = discover (f, "lee@slow.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "imap.isp.example");
  g_assert_true (notes_contain (s, "did not answer"));
  g_assert_cmpfloat (f->elapsed_ms, >=, 550);
  g_assert_cmpfloat (f->elapsed_ms, <, 2000);
  g_clear_pointer (&s, mail_account_settings_free);

  /* Nothing else: "nothing found" at the deadline, not after the slow server. */
  serve (f, "/autoconfig.slower.example/mail/config-v1.1.xml", own, 4000);
  s = discover (f, "lee@slower.example", &error);
  g_assert_null (s);
  g_assert_error (error, MAIL_DISCOVERY_ERROR, MAIL_DISCOVERY_ERROR_NOT_FOUND);
  g_assert_cmpfloat (f->elapsed_ms, <, 2000);
}

/* HTTPS (the lab's certificate for localhost): the domain's own document naming its own
 * servers, or a known provider's, is trusted; naming another domain's servers is not; the ISP
 * database over HTTPS is. */
static void
test_https_lab (Fixture       *f,
                gconstpointer  data)
{
  const char *cert = g_getenv ("MAIL_LAB_SERVER_CERT");
  const char *key = g_getenv ("MAIL_LAB_SERVER_KEY");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) own = NULL;
  g_autoptr(MailAccountSettings) away = NULL;
  g_autoptr(MailAccountSettings) isp = NULL;
  g_autofree char *own_doc = make_config ("own.example", "imap.own.example", "smtp.own.example");
  g_autofree char *away_doc = make_config ("away.example", "imap.elsewhere.example",
                                           "smtp.office365.com");
  g_autofree char *isp_doc = make_config ("isp2.example", "imap.isp2.example",
                                          "smtp.isp2.example");
  g_autofree char *template = NULL;
  g_autofree char *ispdb = NULL;
  DiscoveryTestServer *https;

#ifdef __SANITIZE_ADDRESS__
  g_test_skip ("TLS under LeakSanitizer (GCC 12 DTLS bug)");
  return;
#endif
  if (cert == NULL || key == NULL)
    {
      g_test_skip ("needs the lab (tests/lab/with-lab.sh)");
      return;
    }

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  database = g_tls_file_database_new (g_getenv ("MAIL_LAB_CA_FILE"), &error);
  g_assert_no_error (error);
  https = discovery_test_server_new_https (certificate);
  template = g_strconcat (discovery_test_server_get_base (https),
                          "/autoconfig.{domain}/mail/config-v1.1.xml", NULL);
  ispdb = g_strconcat (discovery_test_server_get_base (https), "/ispdb/", NULL);
  mail_discovery_set_autoconfig_template (f->discovery, template);
  mail_discovery_set_ispdb_base (f->discovery, ispdb);
  mail_discovery_set_tls_database (f->discovery, database);
  mail_discovery_set_use_plain_http (f->discovery, FALSE);
  discovery_test_server_add (https, "/autoconfig.own.example/mail/config-v1.1.xml", own_doc,
                             strlen (own_doc), 0);
  discovery_test_server_add (https, "/autoconfig.away.example/mail/config-v1.1.xml", away_doc,
                             strlen (away_doc), 0);
  discovery_test_server_add (https, "/ispdb/isp2.example", isp_doc, strlen (isp_doc), 0);

  own = discover (f, "olga@own.example", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (own->imap->source_url, "https://"));
  g_assert_true (mail_server_get_trusted (own->imap));
  g_assert_true (mail_server_get_trusted (own->smtp));
  g_assert_nonnull (strstr (mail_server_get_trust_reason (own->imap), "HTTPS"));

  away = discover (f, "paul@away.example", &error);
  g_assert_no_error (error);
  g_assert_false (mail_server_get_trusted (away->imap));
  g_assert_nonnull (strstr (mail_server_get_trust_reason (away->imap), "imap.elsewhere.example"));
  g_assert_nonnull (strstr (mail_server_get_trust_reason (away->imap), "another domain"));
  /* Another domain, but the server of a provider Mail Setup has a file for. */
  g_assert_true (mail_server_get_trusted (away->smtp));

  isp = discover (f, "quinn@isp2.example", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (isp->imap->source, "ISP database"));
  g_assert_true (mail_server_get_trusted (isp->imap));

  discovery_test_server_free (https);
}

static void
test_other_domain (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *doc = make_config ("moved.example", "imap.elsewhere.example",
                                      "smtp.moved.example");

  serve (f, "/autoconfig.moved.example/mail/config-v1.1.xml", doc, 0);

  s = discover (f, "max@moved.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, "imap.elsewhere.example");
  g_assert_false (mail_server_get_trusted (s->imap));
  /* Followed, but never silently. */
  g_assert_true (notes_contain (s, "imap.elsewhere.example"));
  g_assert_true (notes_contain (s, "outside moved.example"));
  g_assert_false (notes_contain (s, "smtp.moved.example"));
}

static void
test_autoconfig_oauth_to_known_host (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  const char *doc =
    "<clientConfig version=\"1.1\"><emailProvider id=\"x\">"
    "<incomingServer type=\"imap\"><hostname>outlook.office365.com</hostname><port>993</port>"
    "<socketType>SSL</socketType><username>%EMAILADDRESS%</username>"
    "<authentication>OAuth2</authentication><authentication>password-cleartext</authentication>"
    "</incomingServer></emailProvider></clientConfig>";
  const char *doc2 =
    "<clientConfig version=\"1.1\"><emailProvider id=\"y\">"
    "<incomingServer type=\"imap\"><hostname>imap.unknown.example</hostname><port>993</port>"
    "<socketType>SSL</socketType>"
    "<authentication>OAuth2</authentication><authentication>password-cleartext</authentication>"
    "</incomingServer></emailProvider></clientConfig>";

  serve (f, "/autoconfig.corp.example/mail/config-v1.1.xml", doc, 0);
  s = discover (f, "ann@corp.example", &error);
  g_assert_no_error (error);
  /* A host we know: its provider (with its OAuth settings) comes along. */
  g_assert_nonnull (s->provider);
  g_assert_cmpint (s->auth, ==, MAIL_AUTH_OAUTH2);
  g_clear_pointer (&s, mail_account_settings_free);

  /* OAuth2 for a host we know nothing about: its password fallback is used. */
  serve (f, "/autoconfig.unknown.example/mail/config-v1.1.xml", doc2, 0);
  s = discover (f, "ann@unknown.example", &error);
  g_assert_no_error (error);
  g_assert_null (s->provider);
  g_assert_cmpint (s->auth, ==, MAIL_AUTH_PASSWORD);
}

static void
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *own = make_config ("cancel.example", "imap.cancel.example", "smtp.x.example");
  Result r = { 0 };

  serve (f, "/autoconfig.cancel.example/mail/config-v1.1.xml", own, 3000);
  g_timeout_add_once (100, cancel_cb, cancellable);
  mail_discovery_run_async (f->discovery, "zed@cancel.example", cancellable, run_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (r.settings);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&r.error);
}

/* The autoconfig parser on its own ---------------------------------------------------------- */

static void
test_parser (void)
{
  const char *garbage[] = {
    "", "<", "not xml at all", "<clientConfig/>", "<other><emailProvider/></other>",
    "<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>bad host</hostname>"
    "<socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>",
    "<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>h.example</hostname>"
    "<socketType>SSL</socketType><authentication>GSSAPI</authentication></incomingServer>"
    "</emailProvider></clientConfig>",
    "<clientConfig><emailProvider><incomingServer type=\"imap\"><hostname>h.example</hostname>"
    "<socketType>SSL</socketType><port>99999</port></incomingServer></emailProvider>"
    "</clientConfig><trailing>",
  };
  g_autoptr(MailAutoconfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *doc = make_config ("p.example", "imap.p.example", "smtp.p.example");

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr(MailAutoconfig) bad = mail_autoconfig_parse (garbage[i], strlen (garbage[i]),
                                                             "a@p.example", &error);

      g_assert_null (bad);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
      g_clear_error (&error);
    }

  /* As some real ISP database files: a stray "&amP;" and <enable> beside <emailProvider>. */
  {
    const char *loose =
      "<clientConfig version=\"1.1\"><emailProvider id=\"l.example\">"
      "<incomingServer type=\"imap\"><hostname>imap.l.example</hostname><port>993</port>"
      "<socketType>SSL</socketType><username>%EMAILLOCALPART%</username></incomingServer>"
      "</emailProvider><enable visiturl=\"https://l.example/on\">"
      "<instruction lang=\"de\">Einmal POP3 &amp; IMAP erlauben</instruction>"
      "<instruction>Allow POP3 &amP; IMAP once &#38; for all &#x26; AT&T</instruction>"
      "</enable></clientConfig>";
    g_autoptr(MailAutoconfig) lenient = mail_autoconfig_parse (loose, strlen (loose),
                                                               "x@l.example", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (lenient->imap->host, ==, "imap.l.example");
    g_assert_cmpstr (lenient->enable_url, ==, "https://l.example/on");
    g_assert_cmpstr (lenient->enable_steps[0], ==, "Allow POP3 &amP; IMAP once & for all & AT&T");
  }

  config = mail_autoconfig_parse (doc, strlen (doc), "a.b@p.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->id, ==, "p.example");
  g_assert_cmpstrv (config->domains, ((const char *[]) { "p.example", NULL }));
  g_assert_cmpstr (config->imap->host, ==, "imap.p.example");
  g_assert_cmpstr (config->imap->username, ==, "a.b");
  g_assert_cmpstr (config->smtp->username, ==, "a.b@p.example");
  g_assert_cmpuint (config->imap_auth, ==, 1u << MAIL_AUTH_PASSWORD);
  g_assert_cmpstr (config->enable_url, ==, "https://p.example/settings/imap");
  g_assert_cmpstr (config->enable_steps[0], ==, "Turn on IMAP in the web settings");
}

/* The CLI ------------------------------------------------------------------------------------ */

static int
run_cli (const char  *dns_file,
         const char  *const *args,
         char       **out,
         char       **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *dns = g_strconcat ("MAIL_SETUP_TEST_DNS_FILE=", dns_file, NULL);
  /* Nothing may leave the machine: the HTTP lookups go to a closed loopback port. */
  const char *env[] = { dns, "MAIL_SETUP_AUTOCONFIG_BASE=http://127.0.0.1:9",
                        "MAIL_SETUP_ISPDB_BASE=http://127.0.0.1:9/", NULL };
  int status;

  g_ptr_array_add (argv, "discover");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  mail_test_run_cli_env (env, (const char * const *) argv->pdata, NULL, out, err, &status);
  g_test_message ("stdout:\n%s\nstderr:\n%s", *out, *err);
  return status;
}

static void
test_cli (void)
{
  const char *cli = g_getenv ("MAIL_SETUP_CLI");
  g_autofree char *dir = NULL;
  g_autofree char *dns = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *imap;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("MAIL_SETUP_CLI is not set (run through meson test)");
      return;
    }
  if (!MAIL_SETUP_TEST_HOOKS)
    {
      g_test_skip ("needs a build with -Dtest_hooks=true (MAIL_SETUP_TEST_DNS_FILE)");
      return;
    }

  dir = g_dir_make_tmp ("test-discovery-cli-XXXXXX", NULL);
  dns = g_build_filename (dir, "dns.ini", NULL);
  g_file_set_contents (dns,
                       "[contoso.example]\n"
                       "MX=0 contoso-example.mail.protection.outlook.com\n", -1, NULL);

  g_assert_cmpint (run_cli (dns, (const char *[]) { "someone@contoso.example", NULL },
                            &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Microsoft 365"));
  g_assert_nonnull (strstr (out, "OAuth2"));
  g_assert_nonnull (strstr (out, "outlook.office365.com:993"));
  g_assert_nonnull (strstr (out, "found through the domain’s MX record "
                                 "contoso-example.mail.protection.outlook.com"));
  g_assert_nonnull (strstr (out, "Set-CASMailbox -Identity someone@contoso.example "
                                 "-ImapEnabled $true"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (dns, (const char *[]) { "--json", "someone@contoso.example", NULL },
                            &out, &err), ==, 0);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  imap = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (root), "settings"), "imap");
  g_assert_cmpstr (json_object_get_string_member (imap, "host"), ==, "outlook.office365.com");
  g_assert_cmpint (json_object_get_int_member (imap, "port"), ==, 993);
  g_assert_cmpstr (json_object_get_string_member (imap, "auth"), ==, "oauth2");
  g_assert_nonnull (strstr (json_object_get_string_member (imap, "source_url"), "MX"));
  g_assert_true (json_object_get_boolean_member (imap, "trusted"));
  g_assert_nonnull (json_object_get_string_member (imap, "trust_reason"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* An SRV target outside the domain: said in words and in the JSON. */
  g_assert_true (g_file_set_contents (dns,
                                      "[contoso.example]\n"
                                      "MX=0 contoso-example.mail.protection.outlook.com\n"
                                      "[_imaps._tcp.srvout.example]\n"
                                      "SRV=0 1 993 imap.elsewhere.example\n", -1, NULL));
  g_assert_cmpint (run_cli (dns, (const char *[]) { "someone@srvout.example", NULL },
                            &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Not trusted:"));
  g_assert_nonnull (strstr (out, "outside srvout.example"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (dns, (const char *[]) { "--json", "someone@srvout.example", NULL },
                            &out, &err), ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  imap = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (root), "settings"), "imap");
  g_assert_false (json_object_get_boolean_member (imap, "trusted"));
  g_assert_nonnull (strstr (json_object_get_string_member (imap, "trust_reason"),
                            "imap.elsewhere.example"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Nothing found: exit 1 and the way forward. */
  g_assert_cmpint (run_cli (dns, (const char *[]) { "someone@nowhere.example", NULL },
                            &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Enter the settings yourself"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* With --json too, a failure carries a diagnosis (cli.md). */
  g_assert_cmpint (run_cli (dns, (const char *[]) { "--json", "someone@nowhere.example", NULL },
                            &out, &err), ==, 1);
  g_clear_pointer (&root, json_node_unref);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  {
    JsonObject *object = json_node_get_object (root);
    JsonObject *diagnosis = json_object_get_object_member (object, "diagnosis");

    g_assert_false (json_object_get_boolean_member (object, "ok"));
    g_assert_nonnull (diagnosis);
    g_assert_cmpstr (json_object_get_string_member (diagnosis, "stage"), ==, "resolve");
    g_assert_nonnull (strstr (json_object_get_string_member (diagnosis, "explanation"),
                              "Enter the settings yourself"));
  }
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A bad address: exit 2. */
  g_assert_cmpint (run_cli (dns, (const char *[]) { "not-an-address", NULL }, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A test DNS table that cannot be read is a usage error, not "nothing found". */
  g_assert_cmpint (run_cli ("/nonexistent/dns.ini", (const char *[]) { "a@contoso.example", NULL },
                            &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "MAIL_SETUP_TEST_DNS_FILE"));

  g_unlink (dns);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  /* Our own empty config dir (not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks there under
   * LeakSanitizer), so no provider file of the person running the tests gets in. */
  g_autofree char *config_home = g_dir_make_tmp ("test-discovery-config-XXXXXX", NULL);
  int status;

  /* Every HTTP request goes straight to the local server, never through a system proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/discovery/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("known-provider", test_known_provider);
  ADD ("microsoft-mx", test_microsoft_mx);
  ADD ("google-mx", test_google_mx);
  ADD ("microsoft-mx-microsoft", test_microsoft_mx_microsoft);
  ADD ("icloud-custom-domain", test_icloud_custom_domain);
  ADD ("yahoo-japan", test_yahoo_japan);
  ADD ("new-providers", test_new_providers);
  ADD ("autoconfig", test_autoconfig);
  ADD ("autoconfig-other-servers", test_autoconfig_other_servers);
  ADD ("well-known", test_well_known);
  ADD ("ispdb", test_ispdb);
  ADD ("mx-base-domain", test_mx_base_domain);
  ADD ("srv", test_srv);
  ADD ("srv-outside-domain", test_srv_outside_domain);
  ADD ("idn", test_idn);
  ADD ("guess", test_guess);
  ADD ("guess-tls", test_guess_tls);
  ADD ("guess-lab", test_guess_lab);
  ADD ("https-lab", test_https_lab);
  ADD ("plain-http", test_plain_http);
  ADD ("nothing-found", test_nothing_found);
  ADD ("bad-address", test_bad_address);
  ADD ("malformed", test_malformed);
  ADD ("huge", test_huge);
  ADD ("slow", test_slow);
  ADD ("other-domain", test_other_domain);
  ADD ("autoconfig-oauth", test_autoconfig_oauth_to_known_host);
  ADD ("cancel", test_cancel);
  g_test_add_func ("/discovery/parser", test_parser);
  g_test_add_func ("/discovery/cli", test_cli);

  status = g_test_run ();
  g_rmdir (config_home);
  return status;
}
