/* test-export-thunderbird.c: Thunderbird autoconfig, read back by GMarkup, Python's XML
 * parser, our autoconfig parser and our discovery
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "mail-autoconfig.h"
#include "mail-discovery.h"
#include "test-export.h"

/* The element paths of an XML document, "clientConfig/emailProvider/domain", through GMarkup
 * (a well-formedness check on the way). */
static void
path_start_cb (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  GString *paths = user_data;
  const GSList *stack = g_markup_parse_context_get_element_stack (context);
  g_autoptr(GString) path = g_string_new (NULL);

  for (const GSList *l = stack; l != NULL; l = l->next)
    {
      g_string_prepend (path, l->data);
      if (l->next != NULL)
        g_string_prepend_c (path, '/');
    }
  g_string_append_printf (paths, "%s\n", path->str);
}

static char *
xml_paths (const char *xml)
{
  const GMarkupParser parser = { .start_element = path_start_cb };
  GString *paths = g_string_new ("\n");
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = g_markup_parse_context_new (&parser, G_MARKUP_IGNORE_QUALIFIED, paths, NULL);
  g_assert_true (g_markup_parse_context_parse (context, xml, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  return g_string_free (paths, FALSE);
}

void
test_thunderbird (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *xml = render (fixture->oauth, MAIL_EXPORT_FORMAT_THUNDERBIRD);
  g_autoptr(MailAutoconfig) config = NULL;
  g_autoptr(GError) error = NULL;
  const MailAccountSettings *s = fixture->oauth;

  /* Structure: well-formed, and the elements Thunderbird reads where it reads them. */
  {
    g_autofree char *paths = xml_paths (xml);
    const char *required[] = {
      "clientConfig", "clientConfig/emailProvider", "clientConfig/emailProvider/domain",
      "clientConfig/emailProvider/displayName",
      "clientConfig/emailProvider/incomingServer",
      "clientConfig/emailProvider/incomingServer/hostname",
      "clientConfig/emailProvider/incomingServer/port",
      "clientConfig/emailProvider/incomingServer/socketType",
      "clientConfig/emailProvider/incomingServer/username",
      "clientConfig/emailProvider/incomingServer/authentication",
      "clientConfig/emailProvider/outgoingServer",
      "clientConfig/emailProvider/outgoingServer/hostname",
      "clientConfig/emailProvider/outgoingServer/port",
      "clientConfig/emailProvider/outgoingServer/socketType",
      "clientConfig/emailProvider/outgoingServer/username",
      "clientConfig/emailProvider/outgoingServer/authentication",
    };

    for (guint i = 0; i < G_N_ELEMENTS (required); i++)
      {
        g_autofree char *line = g_strdup_printf ("\n%s\n", required[i]);

        if (strstr (paths, line) == NULL)
          g_error ("no <%s> in the export", required[i]);
      }
  }
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  assert_contains (xml, (const char *[]) {
    "<clientConfig version=\"1.1\">",
    "<emailProvider id=\"example.test\">",
    "<domain>example.test</domain>",
    "<incomingServer type=\"imap\">",
    "<outgoingServer type=\"smtp\">",
    "<socketType>SSL</socketType>",
    "<socketType>STARTTLS</socketType>",
    "<username>%EMAILADDRESS%</username>",
    "<authentication>OAuth2</authentication>",
    "<authentication>password-cleartext</authentication>",
    NULL });

  /* Round trip through our own autoconfig parser: the same settings come back. */
  config = mail_autoconfig_parse (xml, strlen (xml), "carol@example.test", &error);
  g_assert_no_error (error);
  g_assert_nonnull (config->imap);
  g_assert_nonnull (config->smtp);
  g_assert_cmpstr (config->imap->host, ==, s->imap->host);
  g_assert_cmpuint (config->imap->port, ==, s->imap->port);
  g_assert_cmpint (config->imap->security, ==, s->imap->security);
  g_assert_cmpstr (config->imap->username, ==, "carol@example.test");
  g_assert_cmpstr (config->smtp->host, ==, s->smtp->host);
  g_assert_cmpuint (config->smtp->port, ==, s->smtp->port);
  g_assert_cmpint (config->smtp->security, ==, s->smtp->security);
  g_assert_cmpstr (config->smtp->username, ==, "carol@example.test");
  g_assert_true (config->imap_auth & (1 << MAIL_AUTH_OAUTH2));
  g_assert_true (config->imap_auth & (1 << MAIL_AUTH_PASSWORD));
  g_assert_true (config->smtp_auth & (1 << MAIL_AUTH_OAUTH2));

  /* A comment cannot be closed early: "--" in an address stays outside of it. */
  {
    g_autoptr(MailAccountSettings) odd = make_settings (provider_ini, "a--b@example.test",
                                                        MAIL_AUTH_OAUTH2);
    g_autofree char *odd_xml = render (odd, MAIL_EXPORT_FORMAT_THUNDERBIRD);
    g_autoptr(MailAutoconfig) odd_config = NULL;
    const char *open = strstr (odd_xml, "<!--") + 4;
    const char *close = strstr (open, "-->");
    g_autofree char *inner = g_strndup (open, close - open);

    g_assert_null (strstr (inner, "--"));
    odd_config = mail_autoconfig_parse (odd_xml, strlen (odd_xml), "a--b@example.test", &error);
    g_assert_no_error (error);
  }
}

/* Export → served as autoconfig by a local HTTP server → discovery finds the same settings. */
static void
autoconfig_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  const char *xml = user_data;

  if (!g_str_has_suffix (path, "/mail/config-v1.1.xml"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, xml, strlen (xml));
}

static void
discovery_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

void
test_thunderbird_discovery (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *xml = render (fixture->oauth, MAIL_EXPORT_FORMAT_THUNDERBIRD);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailDiscovery) discovery = mail_discovery_new (registry);
  g_autoptr(MailAccountSettings) found = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  GSList *uris;
  const MailAccountSettings *s = fixture->oauth;

  soup_server_add_handler (server, NULL, autoconfig_cb, xml, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  /* Only the domain's own autoconfig: no DNS, no ISPDB, no guessing. */
  for (guint i = 0; i < MAIL_DISCOVERY_N_SOURCES; i++)
    mail_discovery_set_source_enabled (discovery, i, i == MAIL_DISCOVERY_SOURCE_AUTOCONFIG);
  mail_discovery_set_use_plain_http (discovery, FALSE);
  mail_discovery_set_autoconfig_base (discovery, base);
  mail_discovery_set_deadline (discovery, 10000);

  mail_discovery_run_async (discovery, "carol@example.test", NULL, discovery_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = mail_discovery_run_finish (discovery, result, &error);
  g_assert_no_error (error);

  g_assert_nonnull (found->imap);
  g_assert_nonnull (found->smtp);
  g_assert_cmpstr (found->imap->host, ==, s->imap->host);
  g_assert_cmpuint (found->imap->port, ==, s->imap->port);
  g_assert_cmpint (found->imap->security, ==, s->imap->security);
  g_assert_cmpstr (found->imap->username, ==, "carol@example.test");
  g_assert_cmpstr (found->smtp->host, ==, s->smtp->host);
  g_assert_cmpuint (found->smtp->port, ==, s->smtp->port);
  g_assert_cmpint (found->smtp->security, ==, s->smtp->security);
  g_assert_cmpstr (found->smtp->username, ==, "carol@example.test");
}

void
test_thunderbird_oauth_only (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(MailAccountSettings) account = make_settings (oauth_only_ini, "alice@example.test",
                                                          MAIL_AUTH_OAUTH2);
  g_autofree char *xml = render (account, MAIL_EXPORT_FORMAT_THUNDERBIRD);

  g_assert_nonnull (strstr (xml, "<authentication>OAuth2</authentication>"));
  g_assert_null (strstr (xml, "password-cleartext"));
  g_assert_nonnull (strstr (xml, "<tokenURL>https://login.example.test/token</tokenURL>"));
}

/* XML (Thunderbird) and plist (Apple): a real XML parser and libplist read the same user. */
static void
read_back_thunderbird (Fixture                   *fixture,
                       const char                *tb,
                       const MailAccountSettings *settings,
                       const char                *user)
{
  const char *tb_check =
    "import sys, xml.etree.ElementTree as ET\n"
    "r = ET.parse(sys.argv[1]).getroot()\n"
    "for s in r.iter('incomingServer'):\n"
    "    sys.stdout.write(s.find('username').text + '\\n' + s.find('hostname').text)\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(MailAutoconfig) config = NULL;
  g_autofree char *tb_path = write_temp (fixture, "hostile.xml", tb);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = g_strdup_printf ("%s\nimap.example.test", user);

  g_assert_cmpint (run ((const char *[]) { "python3", "-c", tb_check, tb_path, NULL }, "", &out,
                        &err), ==, 0);
  if (g_strcmp0 (out, expected) != 0)
    g_error ("the XML parser read another user than «%s»:\n%s\n%s", user, tb, out);
  /* Our own autoconfig reader too (the user names are not the address: no placeholder). */
  config = mail_autoconfig_parse (tb, strlen (tb), settings->email, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->imap->username, ==, user);
}

/* Autoconfig readers trim element text: blanks at the ends are refused, not dropped. */
void
check_thunderbird (Fixture                   *fixture,
                   const MailAccountSettings *settings,
                   const char                *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tb = mail_export_render (settings, MAIL_EXPORT_FORMAT_THUNDERBIRD, NULL,
                                            &error);

  if (g_ascii_isspace (user[0]) || g_ascii_isspace (user[strlen (user) - 1]))
    {
      g_assert_null (tb);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
    }
  else
    {
      g_assert_no_error (error);
      read_back_thunderbird (fixture, tb, settings, user);
    }
}
