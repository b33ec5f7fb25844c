/* test-discovery-autoconfig.c: settings from autoconfig documents (HTTP, HTTPS, the ISP
 * database) and their parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "discovery-test-fixture.h"

/* One document at one place, found by the source that looks there. */
typedef struct
{
  const char *email;
  const char *domain;
  const char *path;        /* on the local server */
  const char *imap_host;
  const char *source;      /* in the IMAP server's source, or NULL */
  const char *source_url;  /* in its source_url */
} DocumentCase;

static const DocumentCase well_known_case = {
  "carol@wk.example", "wk.example", "/wk.example/.well-known/autoconfig/mail/config-v1.1.xml",
  "mail.wk.example", NULL, ".well-known",
};

static const DocumentCase ispdb_case = {
  "dave@isp.example", "isp.example", "/ispdb/isp.example", "imap.isp.example", "ISP database",
  "/ispdb/isp.example",
};

static void
test_document (Fixture       *f,
               gconstpointer  data)
{
  const DocumentCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAccountSettings) s = NULL;
  g_autofree char *smtp_host = g_str_has_prefix (c->imap_host, "mail.")
                               ? g_strdup (c->imap_host)
                               : g_strconcat ("smtp.", c->domain, NULL);
  g_autofree char *doc = make_config (c->domain, c->imap_host, smtp_host);

  serve (f, c->path, doc, 0);

  s = discover (f, c->email, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (s->imap->host, ==, c->imap_host);
  if (c->source != NULL)
    g_assert_nonnull (strstr (s->imap->source, c->source));
  g_assert_nonnull (strstr (s->imap->source_url, c->source_url));
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
  g_assert_true (mail_diagnosis_error_matches (error, MAIL_DISCOVERY_ERROR,
                                               MAIL_DISCOVERY_ERROR_NOT_FOUND));
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

int
main (int    argc,
      char **argv)
{
  char *config_home = discovery_test_init (&argc, &argv);

  DISCOVERY_TEST_ADD ("autoconfig", test_autoconfig);
  DISCOVERY_TEST_ADD ("autoconfig-other-servers", test_autoconfig_other_servers);
  DISCOVERY_TEST_ADD_DATA ("well-known", &well_known_case, test_document);
  DISCOVERY_TEST_ADD_DATA ("ispdb", &ispdb_case, test_document);
  DISCOVERY_TEST_ADD ("mx-base-domain", test_mx_base_domain);
  DISCOVERY_TEST_ADD ("https-lab", test_https_lab);
  DISCOVERY_TEST_ADD ("plain-http", test_plain_http);
  DISCOVERY_TEST_ADD ("malformed", test_malformed);
  DISCOVERY_TEST_ADD ("huge", test_huge);
  DISCOVERY_TEST_ADD ("other-domain", test_other_domain);
  DISCOVERY_TEST_ADD ("autoconfig-oauth", test_autoconfig_oauth_to_known_host);
  g_test_add_func ("/discovery/parser", test_parser);

  return discovery_test_run (config_home);
}
