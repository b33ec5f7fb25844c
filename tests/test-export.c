/* test-export.c: every export format from one settings model, judged where possible by the
 * client itself (msmtp --pretend, neomutt -Q, plistutil, python3 plistlib) and by our own
 * autoconfig parser; no secret in any output; files 0600 and written atomically.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <glib/gstdio.h>

#include <libsoup/soup.h>

#include "mail-autoconfig.h"
#include "mail-discovery.h"
#include "mail-export.h"
#include "mail-lab-scripted-server.h"
#include "mail-test-lib.h"
#include "mail-validate.h"

/* A distinctive fake client secret: it may not show up in any export. */
#define FAKE_CLIENT_SECRET "FAKE-CLIENT-SECRET-hunter2-91b"

static const char *provider_ini =
  "[Provider]\n"
  "Id=lab\n"
  "Name=Lab Mail\n"
  "Domains=example.test\n"
  "[IMAP]\n"
  "Host=imap.example.test\n"
  "Port=993\n"
  "Security=tls\n"
  "Authentication=oauth2;password\n"
  "Username=%EMAIL%\n"
  "[SMTP]\n"
  "Host=smtp.example.test\n"
  "Port=587\n"
  "Security=starttls\n"
  "Authentication=oauth2;password\n"
  "Username=%EMAIL%\n"
  "[OAuth2]\n"
  "AuthorizeUrl=https://login.example.test/authorize\n"
  "TokenUrl=https://login.example.test/token\n"
  "ClientId=lab-client\n"
  "ClientSecret=" FAKE_CLIENT_SECRET "\n"
  "Scopes=imap smtp offline_access\n"
  "Mechanisms=OAUTHBEARER;XOAUTH2\n";

/* Like Microsoft: OAuth2 only, XOAUTH2 only. */
static const char *oauth_only_ini =
  "[Provider]\n"
  "Id=oauthonly\n"
  "Name=OAuth Only\n"
  "Domains=example.test\n"
  "[IMAP]\n"
  "Host=imap.example.test\n"
  "Port=993\n"
  "Security=tls\n"
  "Authentication=oauth2\n"
  "Username=%EMAIL%\n"
  "[SMTP]\n"
  "Host=smtp.example.test\n"
  "Port=587\n"
  "Security=starttls\n"
  "Authentication=oauth2\n"
  "Username=%EMAIL%\n"
  "[OAuth2]\n"
  "AuthorizeUrl=https://login.example.test/authorize\n"
  "TokenUrl=https://login.example.test/token\n"
  "ClientId=lab-client\n"
  "Scopes=imap smtp offline_access\n"
  "Mechanisms=XOAUTH2\n";

/* The writers only ever see settings; the secrets that could leak from them are the
 * provider's client secret (Google's "not a secret" one) and anything a future field might
 * carry. The lab suite greps exports of accounts with real tokens and passwords in the
 * keyring. */
typedef struct
{
  MailAccountSettings *oauth;     /* verified OAuth2 account */
  MailAccountSettings *password;  /* verified password account */
  char                *dir;       /* temporary directory */
} Fixture;

static MailProvider *
load_provider (const char *ini)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  MailProvider *provider;

  g_assert_true (g_key_file_load_from_data (keyfile, ini, -1, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  provider = mail_provider_new_from_keyfile (keyfile, "test.provider", &error);
  g_assert_no_error (error);
  return provider;
}

static MailAccountSettings *
make_settings (const char   *ini,
               const char   *email,
               MailAuthKind  auth)
{
  g_autoptr(MailProvider) provider = load_provider (ini);
  MailAccountSettings *settings = mail_account_settings_new_from_provider (provider, email);

  settings->auth = auth;
  settings->imap->auth = auth;
  settings->smtp->auth = auth;
  settings->verified_at = g_date_time_new_utc (2026, 11, 22, 2, 30, 0);
  return settings;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->oauth = make_settings (provider_ini, "alice@example.test", MAIL_AUTH_OAUTH2);
  fixture->password = make_settings (provider_ini, "bob@example.test", MAIL_AUTH_PASSWORD);

  fixture->dir = g_dir_make_tmp ("test-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          g_chmod (child, 0700);
          remove_tree (child);
        }
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->oauth, mail_account_settings_free);
  g_clear_pointer (&fixture->password, mail_account_settings_free);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static char *
render (const MailAccountSettings *settings,
        MailExportFormat           format)
{
  g_autoptr(GError) error = NULL;
  MailExportOptions options = { .ca_file = "/etc/mail-lab/ca.pem" };
  char *text = mail_export_render (settings, format, &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, FAKE_CLIENT_SECRET));
  g_assert_null (strstr (text, "hunter2"));
}

/* Runs argv; returns the exit status; stdout/stderr returned when asked for. */
static int
run (const char * const *argv,
     const char         *input,
     char              **out,
     char              **err)
{
  /* An empty input is no input (end of file at once). */
  return mail_test_run_program (argv, NULL, NULL, MAIL_TEST_RUN_DEFAULT, input, out, err);
}

static char *
write_temp (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (mail_export_write_file (path, contents, &error));
  g_assert_no_error (error);
  return path;
}

/* ------------------------------------------------------------------------------------------ */

static void
test_formats_names (void)
{
  for (guint i = 0; i < MAIL_EXPORT_N_FORMATS; i++)
    {
      MailExportFormat format;

      g_assert_true (mail_export_format_from_string (mail_export_format_to_string (i), &format));
      g_assert_cmpint (format, ==, i);
      g_assert_nonnull (strstr (mail_export_format_list (), mail_export_format_to_string (i)));
      g_assert_cmpstr (mail_export_format_instructions (i), !=, "");
    }
  g_assert_false (mail_export_format_from_string ("outlook", &(MailExportFormat) { 0 }));
}

static void
test_every_format_no_secret (Fixture       *fixture,
                             gconstpointer  data)
{
  for (guint i = 0; i < MAIL_EXPORT_N_FORMATS; i++)
    {
      g_autofree char *oauth = render (fixture->oauth, i);
      g_autofree char *password = render (fixture->password, i);

      assert_no_secret (oauth);
      assert_no_secret (password);
      /* Every format names the servers; every format that can says when it was verified. */
      g_assert_nonnull (strstr (oauth, "imap.example.test"));
      g_assert_nonnull (strstr (oauth, "2026-11-22T02:30:00"));
      if (i != MAIL_EXPORT_FORMAT_THUNDERBIRD && i != MAIL_EXPORT_FORMAT_MOBILECONFIG &&
          i != MAIL_EXPORT_FORMAT_JSON)
        g_assert_nonnull (strstr (oauth, "mail-setup-cli token alice@example.test"));
    }
}

static void
test_unverified_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_clear_pointer (&fixture->oauth->verified_at, g_date_time_unref);

  for (guint i = 0; i < MAIL_EXPORT_N_FORMATS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = mail_export_render (fixture->oauth, i, NULL, &error);

      g_assert_null (text);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "never verified"));
      g_assert_nonnull (strstr (error->message, "mail-setup-cli test alice@example.test"));
    }
}

static void
test_injection_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  MailServer *imap = fixture->oauth->imap;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* A line break in a user name would end the value and add a setting of its own. */
  g_free (imap->username);
  imap->username = g_strdup ("alice\nPassCmd \"rm -rf ~\"");
  for (guint i = 0; i < MAIL_EXPORT_N_FORMATS - 1; i++)
    {
      g_clear_error (&error);
      text = mail_export_render (fixture->oauth, i, NULL, &error);
      g_assert_null (text);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
    }

  /* Quotes are escaped where the syntax has escapes, refused where it has none (neomutt). */
  g_free (imap->username);
  imap->username = g_strdup ("al\"ice'");
  g_clear_error (&error);
  text = mail_export_render (fixture->oauth, MAIL_EXPORT_FORMAT_MBSYNC, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "User \"al\\\"ice'\"\n"));
  g_clear_pointer (&text, g_free);
  /* neomutt has no escape inside single quotes: the ' closes, is written as \' and the quote
   * reopens (neomutt itself reads it back in /export/hostile/user-names). */
  text = mail_export_render (fixture->oauth, MAIL_EXPORT_FORMAT_NEOMUTT, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\nset imap_user = 'al\"ice'\\'''\n"));
  g_clear_pointer (&text, g_free);

  /* A shell word in the credential command. */
  g_clear_error (&error);
  text = mail_export_render (fixture->password, MAIL_EXPORT_FORMAT_MSMTP,
                             &(MailExportOptions) { .cli_command = "mail-setup-cli; id" },
                             &error);
  g_assert_null (text);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
}

static void
test_write_mode_and_replace (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "msmtprc", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  /* An existing world-readable file is replaced by a 0600 one. */
  g_assert_true (g_file_set_contents_full (path, "old", -1, G_FILE_SET_CONTENTS_NONE, 0644,
                                           &error));
  g_assert_true (mail_export_write_file (path, "new\n", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new\n");
}

static void
assert_dir_entries (const char *dir,
                    guint       expected)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;
  g_assert_cmpuint (n, ==, expected);
}

static void
test_write_fails_cleanly (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-dir", "msmtprc", NULL);
  g_autofree char *plain_file = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (plain_file, "msmtprc", NULL);
  g_autofree char *readonly = g_build_filename (fixture->dir, "read-only", NULL);
  g_autofree char *in_readonly = g_build_filename (readonly, "msmtprc", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (mail_export_write_file (missing, "x", &error));
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (plain_file, "", 0, NULL));
  g_assert_false (mail_export_write_file (under_file, "x", &error));
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);

  /* Only the plain file: no temporary file left anywhere. */
  assert_dir_entries (fixture->dir, 1);

  /* root writes into read-only folders: that case can only be checked as a user. */
  g_assert_cmpint (g_mkdir (readonly, 0500), ==, 0);
  if (geteuid () != 0)
    {
      g_assert_false (mail_export_write_file (in_readonly, "x", &error));
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "permission denied"));
      assert_dir_entries (readonly, 0);
    }
}

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

static void
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
  g_assert_nonnull (strstr (xml, "<clientConfig version=\"1.1\">"));
  g_assert_nonnull (strstr (xml, "<emailProvider id=\"example.test\">"));
  g_assert_nonnull (strstr (xml, "<domain>example.test</domain>"));
  g_assert_nonnull (strstr (xml, "<incomingServer type=\"imap\">"));
  g_assert_nonnull (strstr (xml, "<outgoingServer type=\"smtp\">"));
  g_assert_nonnull (strstr (xml, "<socketType>SSL</socketType>"));
  g_assert_nonnull (strstr (xml, "<socketType>STARTTLS</socketType>"));
  g_assert_nonnull (strstr (xml, "<username>%EMAILADDRESS%</username>"));
  g_assert_nonnull (strstr (xml, "<authentication>OAuth2</authentication>"));
  g_assert_nonnull (strstr (xml, "<authentication>password-cleartext</authentication>"));

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

static void
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

static void
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

static void
test_mbsync (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *oauth = render (fixture->oauth, MAIL_EXPORT_FORMAT_MBSYNC);
  g_autofree char *password = render (fixture->password, MAIL_EXPORT_FORMAT_MBSYNC);

  g_assert_nonnull (strstr (oauth, "\nIMAPAccount alice-example.test\n"));
  g_assert_nonnull (strstr (oauth, "\nSSLType IMAPS\n"));
  g_assert_nonnull (strstr (oauth, "\nAuthMechs XOAUTH2\n"));
  g_assert_nonnull (strstr (oauth, "libsasl2-modules-kdexoauth2"));
  g_assert_nonnull (strstr (oauth, "\nPassCmd \"mail-setup-cli token alice@example.test\"\n"));
  g_assert_nonnull (strstr (oauth, "\nCertificateFile \"/etc/mail-lab/ca.pem\"\n"));
  g_assert_nonnull (strstr (password, "\nAuthMechs PLAIN LOGIN\n"));
  g_assert_null (strstr (password, "kdexoauth2"));
  /* Sections need a blank line before them, or isync 1.4 reads them as part of the last. */
  g_assert_nonnull (strstr (oauth, "\n\nIMAPStore "));
  g_assert_nonnull (strstr (oauth, "\n\nMaildirStore "));
  g_assert_nonnull (strstr (oauth, "\n\nChannel "));
}

static void
test_mbsync_needs_xoauth2 (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  MailProvider *provider = fixture->oauth->provider;

  /* Cyrus SASL has no OAUTHBEARER: a provider offering only that cannot go to mbsync. */
  g_strfreev (provider->mechanisms);
  provider->mechanisms = g_strsplit ("OAUTHBEARER", ";", -1);
  text = mail_export_render (fixture->oauth, MAIL_EXPORT_FORMAT_MBSYNC, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "XOAUTH2"));
}

static void
test_msmtp (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *oauth = render (fixture->oauth, MAIL_EXPORT_FORMAT_MSMTP);
  g_autofree char *password = render (fixture->password, MAIL_EXPORT_FORMAT_MSMTP);
  /* --pretend runs passwordeval: a harmless command in place of mail-setup-cli. */
  g_autofree char *echoing = mail_export_render (fixture->oauth, MAIL_EXPORT_FORMAT_MSMTP,
                                                 &(MailExportOptions) {
                                                   .cli_command = "echo",
                                                   .ca_file = "/etc/mail-lab/ca.pem" },
                                                 NULL);
  g_autofree char *path = write_temp (fixture, "msmtprc", echoing);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_nonnull (strstr (oauth, "\nauth oauthbearer\n"));
  g_assert_nonnull (strstr (oauth, "\ntls_starttls on\n"));
  g_assert_nonnull (strstr (oauth, "\npasswordeval \"mail-setup-cli token alice@example.test\"\n"));
  g_assert_nonnull (strstr (password, "\nauth on\n"));

  /* msmtp itself reads the file: --pretend prints the configuration it understood. */
  status = run ((const char *[]) { "msmtp", "-C", path, "-a", "alice@example.test", "--pretend",
                                   "someone@example.test", NULL }, "", &out, &err);
  g_test_message ("msmtp: %s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "host = smtp.example.test"));
  g_assert_nonnull (strstr (out, "port = 587"));
  g_assert_nonnull (strstr (out, "auth = OAUTHBEARER"));
  g_assert_nonnull (strstr (out, "tls_starttls = on"));
  g_assert_nonnull (strstr (out, "tls_trust_file = /etc/mail-lab/ca.pem"));
  g_assert_nonnull (strstr (out, "passwordeval = echo token alice@example.test"));
}

static void
test_neomutt (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *oauth = render (fixture->oauth, MAIL_EXPORT_FORMAT_NEOMUTT);
  g_autofree char *path = write_temp (fixture, "neomuttrc", oauth);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_nonnull (strstr (oauth, "\nset imap_authenticators = 'oauthbearer:xoauth2'\n"));
  g_assert_nonnull (strstr (oauth, "\nset smtp_url = 'smtp://alice%40example.test@smtp.example.test:587/'\n"));

  /* neomutt itself reads the file: -Q prints the value it understood. */
  status = run ((const char *[]) { "neomutt", "-n", "-F", path, "-Q", "folder", "-Q",
                                   "imap_oauth_refresh_command", "-Q", "smtp_url", "-Q",
                                   "ssl_ca_certificates_file", NULL }, "", &out, &err);
  g_test_message ("neomutt: %s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "set folder = \"imaps://imap.example.test:993/\""));
  g_assert_nonnull (strstr (out, "set imap_oauth_refresh_command = \"mail-setup-cli token alice@example.test\""));
  g_assert_nonnull (strstr (out, "set smtp_url = \"smtp://alice%40example.test@smtp.example.test:587/\""));
  g_assert_nonnull (strstr (out, "set ssl_ca_certificates_file = \"/etc/mail-lab/ca.pem\""));
}

static void
test_aerc (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *oauth = render (fixture->oauth, MAIL_EXPORT_FORMAT_AERC);
  g_autofree char *password = render (fixture->password, MAIL_EXPORT_FORMAT_AERC);

  g_assert_nonnull (strstr (oauth, "aerc 0.14"));
  g_assert_nonnull (strstr (oauth, "\n[alice@example.test]\n"));
  g_assert_nonnull (strstr (oauth, "\nsource = imaps+oauthbearer://alice%40example.test@imap.example.test:993\n"));
  g_assert_nonnull (strstr (oauth, "\nsource-cred-cmd = mail-setup-cli token alice@example.test\n"));
  /* aerc 0.14: smtp:// is unencrypted unless smtp-starttls is set. */
  g_assert_nonnull (strstr (oauth, "\noutgoing = smtp+oauthbearer://alice%40example.test@smtp.example.test:587\n"));
  g_assert_nonnull (strstr (oauth, "\nsmtp-starttls = yes\n"));
  g_assert_nonnull (strstr (password, "\nsource = imaps://bob%40example.test@imap.example.test:993\n"));
  g_assert_nonnull (strstr (password, "\noutgoing = smtp+plain://bob%40example.test@smtp.example.test:587\n"));
}

static void
test_mobileconfig (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *text = render (fixture->password, MAIL_EXPORT_FORMAT_MOBILECONFIG);
  g_autofree char *path = write_temp (fixture, "bob.mobileconfig", text);
  g_autofree char *binary = g_build_filename (fixture->dir, "bob.plist", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *check =
    "import plistlib, sys\n"
    "p = plistlib.load(open(sys.argv[1], 'rb'))\n"
    "assert p['PayloadType'] == 'Configuration' and p['PayloadVersion'] == 1\n"
    "m = p['PayloadContent'][0]\n"
    "assert m['PayloadType'] == 'com.apple.mail.managed'\n"
    "for k in ('EmailAccountType', 'IncomingMailServerHostName', 'IncomingMailServerAuthentication',\n"
    "          'OutgoingMailServerHostName', 'OutgoingMailServerAuthentication', 'PayloadUUID',\n"
    "          'PayloadIdentifier'):\n"
    "    assert k in m, k\n"
    "assert 'IncomingPassword' not in m and 'OutgoingPassword' not in m\n"
    "print(m['IncomingMailServerHostName'], m['IncomingMailServerPortNumber'],\n"
    "      m['IncomingMailServerUseSSL'], m['OutgoingMailServerPortNumber'],\n"
    "      m['OutgoingMailServerUseSSL'], m['IncomingMailServerAuthentication'])\n";
  int status;

  /* plistutil (libplist) converts it: it is a valid plist. */
  status = run ((const char *[]) { "plistutil", "-i", path, "-o", binary, NULL }, "", NULL, &err);
  g_test_message ("plistutil: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (binary, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&err, g_free);

  /* Python's plistlib reads the keys Apple requires, and no password. */
  status = run ((const char *[]) { "python3", "-c", check, path, NULL }, "", &out, &err);
  g_test_message ("plistlib: %s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "imap.example.test 993 True 587 True EmailAuthPassword\n");
}

static void
test_mobileconfig_oauth (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MailAccountSettings) only = make_settings (oauth_only_ini, "alice@example.test",
                                                       MAIL_AUTH_OAUTH2);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fallback = NULL;

  /* OAuth2 only: Apple profiles cannot express it, so no profile at all. */
  text = mail_export_render (only, MAIL_EXPORT_FORMAT_MOBILECONFIG, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "OAuth2"));

  /* OAuth2 account whose provider also takes (app) passwords: a profile without credential. */
  fallback = render (fixture->oauth, MAIL_EXPORT_FORMAT_MOBILECONFIG);
  g_assert_nonnull (strstr (fallback, "<string>EmailAuthPassword</string>"));
  g_assert_null (strstr (fallback, "Password</key>\n      <string>"));
  g_assert_nonnull (strstr (fallback, "cannot sign in with OAuth2"));
}

static void
test_json_round_trip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *text = render (fixture->oauth, MAIL_EXPORT_FORMAT_JSON);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MailAccountSettings) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  back = mail_account_settings_from_json (json_parser_get_root (parser), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->email, ==, "alice@example.test");
  g_assert_cmpstr (back->imap->host, ==, "imap.example.test");
  g_assert_cmpint (back->auth, ==, MAIL_AUTH_OAUTH2);
  g_assert_true (g_date_time_equal (back->verified_at, fixture->oauth->verified_at));
}

/* ------------------------------------------------------------------------------------------ */
/* The command: mail-setup-cli export --settings-file (the keyring path is in the lab suite) */

static const char *
cli_path (void)
{
  const char *cli = g_getenv ("MAIL_SETUP_CLI");

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;
  return cli;
}

static char *
settings_file (Fixture             *fixture,
               MailAccountSettings *settings,
               const char          *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  mail_account_settings_to_json (settings, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return write_temp (fixture, name, text);
}

/* The CLI never reaches a keyring here: a settings file alone never makes an export. */
static int
run_no_keyring (const char * const *argv,
                char              **out,
                char              **err)
{
  const char *env[] = { "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/mail-setup-test-bus",
                        NULL };

  return mail_test_run_program (argv, env, NULL, MAIL_TEST_RUN_DEFAULT, NULL, out, err);
}

static void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  const char *cli = cli_path ();
  g_autofree char *claimed = settings_file (fixture, fixture->oauth, "alice.json");
  g_autofree char *output = g_build_filename (fixture->dir, "out.msmtprc", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (cli == NULL)
    {
      g_test_skip ("mail-setup-cli is not built");
      return;
    }

  /* The file says verified_at, the keyring has no verification of it: never verified, exit 1,
   * no file (the success paths, with a verification in the keyring, are in test-export-lab). */
  g_assert_nonnull (fixture->oauth->verified_at);
  status = run_no_keyring ((const char *[]) { cli, "export", "alice@example.test", "--format",
                                              "msmtp", "--settings-file", claimed, NULL },
                           &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "never verified"));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  for (guint f = 0; f < MAIL_EXPORT_N_FORMATS; f++)
    {
      status = run_no_keyring ((const char *[]) { cli, "export", "alice@example.test",
                                                  "--format", mail_export_format_to_string (f),
                                                  "--settings-file", claimed, "-o", output,
                                                  "--json", NULL }, &out, &err);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, "never verified"));
      g_assert_nonnull (strstr (out, "\"ok\" : false"));
      g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

  /* A settings file with a hostile host is refused where it is read, naming the field. */
  {
    g_autoptr(MailAccountSettings) evil = mail_account_settings_copy (fixture->oauth);
    g_autofree char *path = NULL;

    g_free (evil->imap->host);
    evil->imap->host = g_strdup ("fe80::1%eth0\nTunnel \"touch /tmp/x\"");
    path = settings_file (fixture, evil, "evil.json");
    status = run_no_keyring ((const char *[]) { cli, "export", "alice@example.test", "--format",
                                                "mbsync", "--settings-file", path, NULL },
                             &out, &err);
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "IMAP server name"));
    g_assert_cmpstr (out, ==, "");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Unknown format: usage error. */
  status = run_no_keyring ((const char *[]) { cli, "export", "alice@example.test", "--format",
                                              "outlook", "--settings-file", claimed, NULL },
                           &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "thunderbird"));
}

/* Special files under the name of the export ------------------------------------------------ */

typedef struct
{
  char *path;
  char *what;
} Special;

static void
special_clear (Special *special)
{
  g_free (special->path);
  g_free (special->what);
}

/* A folder, a named pipe, symbolic links (to a regular file, to nothing, to /dev/null) and,
 * as root, a device node: each exists and is not a regular file. */
static GArray *
make_special_files (Fixture *fixture)
{
  GArray *files = g_array_new (FALSE, TRUE, sizeof (Special));
  g_autofree char *target = g_build_filename (fixture->dir, "target", NULL);
  Special s;

  g_array_set_clear_func (files, (GDestroyNotify) special_clear);
  g_assert_true (g_file_set_contents (target, "precious\n", -1, NULL));

  s = (Special) { g_build_filename (fixture->dir, "a-folder", NULL), g_strdup ("folder") };
  g_assert_cmpint (g_mkdir (s.path, 0700), ==, 0);
  g_array_append_val (files, s);
  s = (Special) { g_build_filename (fixture->dir, "a-fifo", NULL), g_strdup ("named pipe") };
  g_assert_cmpint (mkfifo (s.path, 0600), ==, 0);
  g_array_append_val (files, s);
  s = (Special) { g_build_filename (fixture->dir, "link-to-file", NULL),
                  g_strdup ("symbolic link") };
  g_assert_cmpint (symlink (target, s.path), ==, 0);
  g_array_append_val (files, s);
  s = (Special) { g_build_filename (fixture->dir, "broken-link", NULL),
                  g_strdup ("symbolic link") };
  g_assert_cmpint (symlink ("/nonexistent/mail-setup-target", s.path), ==, 0);
  g_array_append_val (files, s);
  s = (Special) { g_build_filename (fixture->dir, "link-to-dev-null", NULL),
                  g_strdup ("symbolic link") };
  g_assert_cmpint (symlink ("/dev/null", s.path), ==, 0);
  g_array_append_val (files, s);
  if (geteuid () == 0)
    {
      /* A device node like /dev/null (1,3), made here so no test can ever replace the real one. */
      s = (Special) { g_build_filename (fixture->dir, "null-device", NULL), g_strdup ("device") };
      g_assert_cmpint (mknod (s.path, S_IFCHR | 0666, makedev (1, 3)), ==, 0);
      g_array_append_val (files, s);
    }
  return files;
}

static void
assert_unchanged (Fixture       *fixture,
                  const Special *special)
{
  g_autofree char *target = g_build_filename (fixture->dir, "target", NULL);
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_cmpint (g_lstat (special->path, &st), ==, 0);
  g_assert_false (S_ISREG (st.st_mode));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious\n");
}

static void
test_write_special_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GArray) files = make_special_files (fixture);
  guint entries;

  entries = files->len + 1;  /* and "target" */
  for (guint i = 0; i < files->len; i++)
    {
      const Special *special = &g_array_index (files, Special, i);
      g_autoptr(GError) error = NULL;

      g_assert_false (mail_export_write_file (special->path, "new\n", &error));
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "not a regular file"));
      g_assert_nonnull (strstr (error->message, special->what));
      assert_unchanged (fixture, special);
    }
  /* Nothing half-written: no temporary file beside them. */
  assert_dir_entries (fixture->dir, entries);
}

static void
test_cli_special_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *cli = cli_path ();
  g_autofree char *claimed = settings_file (fixture, fixture->oauth, "alice.json");
  g_autoptr(GArray) files = NULL;

  if (cli == NULL)
    {
      g_test_skip ("mail-setup-cli is not built");
      return;
    }
  files = make_special_files (fixture);

  for (guint i = 0; i < files->len; i++)
    for (guint force = 0; force < 2; force++)
      {
        const Special *special = &g_array_index (files, Special, i);
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        int status;

        /* A usage error before any work (exit 2), with --force too. */
        status = run_no_keyring ((const char *[]) { cli, "export", "alice@example.test",
                                                    "--format", "msmtp", "--settings-file",
                                                    claimed, "-o", special->path,
                                                    force ? "--force" : NULL, NULL },
                                 &out, &err);
        g_assert_cmpint (status, ==, 2);
        g_assert_nonnull (strstr (err, "not a regular file"));
        assert_unchanged (fixture, special);
      }
}

/* ------------------------------------------------------------------------------------------ */
/* Hostile values: what the real clients read back is exactly the verified value, and nothing
 * runs. User names may hold quotes, backticks, $(...), ;, #, % and blanks (the trust boundary
 * only refuses control characters and overlong names); each format quotes them its own way. */

#define MARK_NAME "MARK-command-ran"

static char **
hostile_user_names (const char *mark)
{
  GPtrArray *names = g_ptr_array_new ();
  g_autoptr(GString) longest = g_string_new (NULL);
  /* @MARK@: the path of a file that exists only if a command ran. */
  const char *templates[] = {
    "al\"ice'", "o'brien", "`touch @MARK@`", "$(touch @MARK@)", "a;touch @MARK@",
    "'; touch @MARK@; '", "\"`touch @MARK@`\"", "x' -e 'set folder=@MARK@", "a#b", "#lead",
    "a%b%c", "%41%", " lead", "trail ", "in side", "back\\slash", "ends\\", "\\", "\\\"",
    "a&b<c>d]]>", "-- x --", "$HOME", "${HOME}", "ü€𝄞", "x\" Tunnel \"touch @MARK@", NULL,
  };

  for (guint i = 0; templates[i] != NULL; i++)
    {
      GString *name = g_string_new (templates[i]);

      g_string_replace (name, "@MARK@", mark, 0);
      g_ptr_array_add (names, g_string_free (name, FALSE));
    }
  /* 320 bytes, the longest user name, full of quoting characters. */
  while (longest->len < 320)
    g_string_append_c (longest, "'\"`$;#% \\"[longest->len % 9]);
  g_ptr_array_add (names, g_strdup (longest->str));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* neomutt -Q prints "set NAME = \"VALUE\"" with \\ \" \n escapes. */
static char *
neomutt_query (const char *out,
               const char *name)
{
  g_autofree char *prefix = g_strdup_printf ("set %s = \"", name);
  const char *p = strstr (out, prefix);
  GString *value;

  if (p == NULL)
    return NULL;
  value = g_string_new (NULL);
  for (p += strlen (prefix); *p && *p != '\n'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          g_string_append_c (value, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p);
        }
      else if (*p == '"' && (p[1] == '\n' || p[1] == '\0'))
        break;
      else
        g_string_append_c (value, *p);
    }
  return g_string_free (value, FALSE);
}

static void
check_neomutt (Fixture                   *fixture,
               const MailAccountSettings *settings,
               const char                *user)
{
  MailExportOptions options = { .cli_command = "true" };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mail_export_render (settings, MAIL_EXPORT_FORMAT_NEOMUTT, &options,
                                              &error);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *imap_user = NULL;
  g_autofree char *smtp_url = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *expected_url = NULL;

  g_assert_no_error (error);
  path = write_temp (fixture, "hostile.neomuttrc", text);
  g_assert_cmpint (run ((const char *[]) { "neomutt", "-n", "-F", path, "-Q", "imap_user",
                                           "-Q", "smtp_url", "-Q", "folder", NULL },
                        "", &out, &err), ==, 0);
  imap_user = neomutt_query (out, "imap_user");
  smtp_url = neomutt_query (out, "smtp_url");
  if (g_strcmp0 (imap_user, user) != 0)
    g_error ("neomutt read imap_user «%s» for «%s»:\n%s\n%s", imap_user, user, text, out);
  escaped = g_uri_escape_string (user, NULL, FALSE);
  expected_url = g_strdup_printf ("smtp://%s@smtp.example.test:587/", escaped);
  g_assert_cmpstr (smtp_url, ==, expected_url);
  g_assert_nonnull (strstr (out, "set folder = \"imaps://imap.example.test:993/\""));
}

static void
check_msmtp (Fixture                   *fixture,
             const MailAccountSettings *settings,
             const char                *user)
{
  MailExportOptions options = { .cli_command = "echo" };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mail_export_render (settings, MAIL_EXPORT_FORMAT_MSMTP, &options,
                                              &error);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *line = g_strdup_printf ("\nuser = %s\n", user);

  g_assert_no_error (error);
  path = write_temp (fixture, "hostile.msmtprc", text);
  g_assert_cmpint (run ((const char *[]) { "msmtp", "-C", path, "-a", settings->email,
                                           "--pretend", "someone@example.test", NULL },
                        "", &out, &err), ==, 0);
  if (strstr (out, line) == NULL)
    g_error ("msmtp did not read user «%s»:\n%s\n%s", user, text, out);
  g_assert_nonnull (strstr (out, "\nhost = smtp.example.test\n"));
  g_assert_nonnull (strstr (out, "\ntls = on\n"));
  g_assert_nonnull (strstr (out, "\ntls_trust_file = system\n"));
  g_assert_nonnull (strstr (out, "\npasswordeval = echo token "));
}

/* mbsync signs in to a scripted IMAP server: the SASL PLAIN answer it sends carries the user
 * name it read from the file. */
static void
check_mbsync (Fixture                   *fixture,
              const MailAccountSettings *settings,
              const char                *user)
{
  MailExportOptions options = { .cli_command = "echo" };
  g_autoptr(MailAccountSettings) local = mail_account_settings_copy (settings);
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *home = g_build_filename (fixture->dir, "home", NULL);
  g_autofree char *maildir = NULL;
  g_autofree char *home_env = g_strdup_printf ("HOME=%s", home);
  g_auto(GStrv) lines = NULL;
  gboolean seen = FALSE;

  /* mbsync (SASL PLAIN) signs in without the blanks at both ends: refused, not changed. */
  if (g_ascii_isspace (user[0]) || g_ascii_isspace (user[strlen (user) - 1]))
    {
      text = mail_export_render (local, MAIL_EXPORT_FORMAT_MBSYNC, &options, &error);
      g_assert_null (text);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      return;
    }

  server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
  mail_lab_scripted_server_set_stage_lines (server, "auth", "NO [AUTHENTICATIONFAILED] no",
                                            NULL);
  g_assert_true (mail_lab_scripted_server_start (server, &error));
  g_free (local->imap->host);
  local->imap->host = g_strdup ("127.0.0.1");
  local->imap->port = mail_lab_scripted_server_get_port (server);
  local->imap->security = MAIL_SECURITY_NONE;
  local->auth = local->imap->auth = MAIL_AUTH_PASSWORD;
  text = mail_export_render (local, MAIL_EXPORT_FORMAT_MBSYNC, &options, &error);
  g_assert_no_error (error);
  path = write_temp (fixture, "hostile.mbsyncrc", text);
  maildir = g_build_filename (home, "Mail", "bob-example.test", NULL);
  g_assert_cmpint (g_mkdir_with_parents (maildir, 0700), ==, 0);

  /* The sign-in fails (exit 1) after the user name was sent. */
  run ((const char *[]) { "env", home_env, "mbsync", "-c", path, "-l", "-a", NULL }, "", NULL,
       NULL);
  lines = mail_lab_scripted_server_get_received_lines (server);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *plain = strstr (lines[i], "AUTHENTICATE PLAIN ");
      g_autofree guchar *decoded = NULL;
      gsize len = 0;
      g_autoptr(GString) expected = g_string_new (user);

      if (plain == NULL)
        continue;
      decoded = g_base64_decode (plain + strlen ("AUTHENTICATE PLAIN "), &len);
      /* authzid NUL authcid NUL password: user\0user\0token bob@example.test */
      g_string_append_c (expected, '\0');
      g_string_append (expected, user);
      g_string_append_c (expected, '\0');
      g_string_append_printf (expected, "token %s", local->email);
      if (len != expected->len || memcmp (decoded, expected->str, len) != 0)
        g_error ("mbsync sent another user name than «%s»:\n%s", user, text);
      seen = TRUE;
    }
  if (!seen)
    g_error ("mbsync did not sign in with:\n%s", text);
}

/* aerc 0.14 reads accounts.conf with go-ini (a value ends at the first # or ;, quotes at both
 * ends are taken away) and the URL with Go's net/url: the same rules in Python. */
static void
check_aerc (Fixture                   *fixture,
            const MailAccountSettings *settings,
            const char                *user)
{
  const char *check =
    "import sys, urllib.parse\n"
    "for line in open(sys.argv[1], encoding='utf-8'):\n"
    "    line = line.rstrip('\\n')\n"
    "    if line.startswith('#') or '=' not in line: continue\n"
    "    key, value = (x.strip() for x in line.split('=', 1))\n"
    "    assert '#' not in value and ';' not in value, line\n"
    "    assert not value[:1] in ('\"', \"'\", '`'), line\n"
    "    if key in ('source', 'outgoing'):\n"
    "        u = urllib.parse.urlsplit(value)\n"
    "        sys.stdout.write(key + ' ' + urllib.parse.unquote(u.username, errors='strict')"
    " + '\\n' + u.hostname + '\\n')\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mail_export_render (settings, MAIL_EXPORT_FORMAT_AERC, NULL, &error);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  path = write_temp (fixture, "hostile.accounts.conf", text);
  g_assert_cmpint (run ((const char *[]) { "python3", "-c", check, path, NULL }, "", &out, &err),
                   ==, 0);
  expected = g_strdup_printf ("source %s\nimap.example.test\noutgoing %s\nsmtp.example.test\n",
                              user, user);
  if (g_strcmp0 (out, expected) != 0)
    g_error ("aerc's reading of «%s» differs:\n%s\n%s%s", user, text, out, err);
}

/* XML (Thunderbird) and plist (Apple): a real XML parser and libplist read the same user. */
static void
check_thunderbird (Fixture                   *fixture,
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

static void
check_xml (Fixture                   *fixture,
           const MailAccountSettings *settings,
           const char                *user)
{
  const char *plist_check =
    "import sys, plistlib\n"
    "m = plistlib.load(open(sys.argv[1], 'rb'))['PayloadContent'][0]\n"
    "sys.stdout.write(m['IncomingMailServerUsername'] + '\\n' + m['OutgoingMailServerUsername'])\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *tb = mail_export_render (settings, MAIL_EXPORT_FORMAT_THUNDERBIRD, NULL,
                                            &error);
  g_autofree char *plist = NULL;
  g_autofree char *plist_path = NULL;
  g_autofree char *binary = g_build_filename (fixture->dir, "hostile.bin", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;

  /* Autoconfig readers trim element text: blanks at the ends are refused, not dropped. */
  if (g_ascii_isspace (user[0]) || g_ascii_isspace (user[strlen (user) - 1]))
    {
      g_assert_null (tb);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }
  else
    {
      g_assert_no_error (error);
      check_thunderbird (fixture, tb, settings, user);
    }

  plist = mail_export_render (settings, MAIL_EXPORT_FORMAT_MOBILECONFIG, NULL, &error);
  g_assert_no_error (error);
  plist_path = write_temp (fixture, "hostile.mobileconfig", plist);
  g_assert_cmpint (run ((const char *[]) { "plistutil", "-i", plist_path, "-o", binary, NULL },
                        "", NULL, &err), ==, 0);
  g_assert_cmpint (run ((const char *[]) { "python3", "-c", plist_check, binary, NULL }, "", &out,
                        &err), ==, 0);
  expected = g_strdup_printf ("%s\n%s", user, user);
  if (g_strcmp0 (out, expected) != 0)
    g_error ("plistutil and plistlib read another user than «%s»:\n%s", user, plist);
}

static void
check_json (const MailAccountSettings *settings,
            const char                *user)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mail_export_render (settings, MAIL_EXPORT_FORMAT_JSON, NULL, &error);
  g_autoptr(MailAccountSettings) back = NULL;

  g_assert_no_error (error);
  back = mail_account_settings_from_data (text, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->imap->username, ==, user);
  g_assert_cmpstr (back->smtp->username, ==, user);
}

static void
test_hostile_user_names (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *mark = g_build_filename (fixture->dir, MARK_NAME, NULL);
  g_auto(GStrv) users = hostile_user_names (mark);
  MailAccountSettings *s = fixture->password;

  for (guint i = 0; users[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("user name «%s»", users[i]);
      /* The trust boundary lets these through: they are legal user names. */
      g_assert_true (mail_validate_user_name (users[i], "IMAP user name", &error));
      g_free (s->imap->username);
      g_free (s->smtp->username);
      s->imap->username = g_strdup (users[i]);
      s->smtp->username = g_strdup (users[i]);

      check_neomutt (fixture, s, users[i]);
      check_msmtp (fixture, s, users[i]);
      check_mbsync (fixture, s, users[i]);
      check_aerc (fixture, s, users[i]);
      check_xml (fixture, s, users[i]);
      check_json (s, users[i]);
      g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
    }
}

/* What no format can carry is refused by every format, with no text: line breaks and other
 * control characters in user names, and host names that are no host names (these settings
 * were built in code, past the trust boundary). */
static void
test_hostile_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *long_user = g_strnfill (MAIL_USER_NAME_MAX + 1, 'u');
  const char *users[] = {
    "alice\nPassCmd \"touch /tmp/x\"", "alice\r", "al\tice", "al\x01ice", "al\x7fice",
    "al\xc2\x85ice", "al\xe2\x80\xa8ice", "al\xffice", "", long_user,
  };
  const char *hosts[] = {
    "fe80::1%eth0", "fe80::1%eth0\nTunnel \"touch /tmp/x\"", "fe80::1%`touch /tmp/x`",
    "imap.example.test\n", "imap.example.test`touch /tmp/x`", "$(touch /tmp/x)",
    "imap.example.test;id", "imap.example.test#x", "imap example.test", "imap'x", "imap\"x",
    "imap%x", "mail.bücher.de" /* not in its ASCII form */, "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    for (guint f = 0; f < MAIL_EXPORT_N_FORMATS; f++)
      {
        g_autoptr(MailAccountSettings) s = mail_account_settings_copy (fixture->password);
        g_autoptr(GError) error = NULL;
        g_autofree char *text = NULL;

        g_free (s->smtp->username);
        s->smtp->username = g_strdup (users[i]);
        text = mail_export_render (s, f, NULL, &error);
        if (text != NULL)
          g_error ("%s wrote user %u:\n%s", mail_export_format_to_string (f), i, text);
        g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
        g_assert_nonnull (strstr (error->message, "SMTP user name"));
        g_assert_true (mail_text_is_printable (error->message));
      }

  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    for (guint f = 0; f < MAIL_EXPORT_N_FORMATS; f++)
      {
        g_autoptr(MailAccountSettings) s = mail_account_settings_copy (fixture->password);
        g_autoptr(GError) error = NULL;
        g_autofree char *text = NULL;

        g_free (s->imap->host);
        s->imap->host = g_strdup (hosts[i]);
        text = mail_export_render (s, f, NULL, &error);
        if (text != NULL)
          g_error ("%s wrote host %u:\n%s", mail_export_format_to_string (f), i, text);
        g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
        g_assert_nonnull (strstr (error->message, "IMAP server name"));
        g_assert_true (mail_text_is_printable (error->message));
      }

  /* Thunderbird would replace a placeholder in a user name: no escape exists for it. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    g_free (fixture->password->imap->username);
    fixture->password->imap->username = g_strdup ("%EMAILDOMAIN%");
    text = mail_export_render (fixture->password, MAIL_EXPORT_FORMAT_THUNDERBIRD, NULL, &error);
    g_assert_null (text);
    g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  }
}

/* IPv6 literals: brackets in URLs, quotes in mbsync and msmtp; the clients read them back. */
static void
test_hostile_ipv6 (Fixture       *fixture,
                   gconstpointer  data)
{
  MailExportOptions options = { .cli_command = "echo" };
  MailAccountSettings *s = fixture->password;
  g_autofree char *neomutt = NULL;
  g_autofree char *msmtp = NULL;
  g_autofree char *aerc = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;

  g_free (s->imap->host);
  g_free (s->smtp->host);
  s->imap->host = g_strdup ("2001:db8::25");
  s->smtp->host = g_strdup ("2001:db8::26");
  neomutt = mail_export_render (s, MAIL_EXPORT_FORMAT_NEOMUTT, &options, NULL);
  path = write_temp (fixture, "v6.neomuttrc", neomutt);
  g_assert_cmpint (run ((const char *[]) { "neomutt", "-n", "-F", path, "-Q", "folder", "-Q",
                                           "smtp_url", NULL }, "", &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "set folder = \"imaps://[2001:db8::25]:993/\""));
  g_assert_nonnull (strstr (out, "@[2001:db8::26]:587/\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&path, g_free);

  msmtp = mail_export_render (s, MAIL_EXPORT_FORMAT_MSMTP, &options, NULL);
  path = write_temp (fixture, "v6.msmtprc", msmtp);
  g_assert_cmpint (run ((const char *[]) { "msmtp", "-C", path, "-a", s->email, "--pretend",
                                           "someone@example.test", NULL }, "", &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\nhost = 2001:db8::26\n"));

  aerc = mail_export_render (s, MAIL_EXPORT_FORMAT_AERC, &options, NULL);
  g_assert_nonnull (strstr (aerc, "@[2001:db8::25]:993\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/export/format-names", test_formats_names);
  ADD ("/export/every-format-no-secret", test_every_format_no_secret);
  ADD ("/export/unverified-refused", test_unverified_refused);
  ADD ("/export/injection-refused", test_injection_refused);
  ADD ("/export/write/mode-and-replace", test_write_mode_and_replace);
  ADD ("/export/write/fails-cleanly", test_write_fails_cleanly);
  ADD ("/export/thunderbird", test_thunderbird);
  ADD ("/export/thunderbird-oauth-only", test_thunderbird_oauth_only);
  ADD ("/export/thunderbird-discovery", test_thunderbird_discovery);
  ADD ("/export/mbsync", test_mbsync);
  ADD ("/export/mbsync-needs-xoauth2", test_mbsync_needs_xoauth2);
  ADD ("/export/msmtp", test_msmtp);
  ADD ("/export/neomutt", test_neomutt);
  ADD ("/export/aerc", test_aerc);
  ADD ("/export/mobileconfig", test_mobileconfig);
  ADD ("/export/mobileconfig-oauth", test_mobileconfig_oauth);
  ADD ("/export/json-round-trip", test_json_round_trip);
  ADD ("/export/cli", test_cli);
  ADD ("/export/hostile/user-names", test_hostile_user_names);
  ADD ("/export/hostile/refused", test_hostile_refused);
  ADD ("/export/hostile/ipv6", test_hostile_ipv6);
  ADD ("/export/write/special-refused", test_write_special_refused);
  ADD ("/export/cli-special-refused", test_cli_special_refused);

  return g_test_run ();
}
