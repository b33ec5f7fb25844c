/* test-provider.c: provider files, the registry and account settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "mail-account-settings.h"
#include "mail-provider.h"

static const char *const builtin_ids[] = {
  "outlook", "microsoft365", "gmail", "yahoo", "aol", "icloud", "fastmail", "zoho", "gmx", "webde",
  "yahoo-japan", "zoho-eu", "zoho-in", "zoho-au", "zoho-jp", "zoho-ca", "qq", "netease-163",
  "netease-126", "netease-yeah", "yandex", "mailru", "proton-bridge", "posteo", "mailbox-org",
  "t-online", "orange", "free", "libero", "comcast", "gmx-com", "mail-com", "att",
};

typedef struct
{
  char *dir;   /* $XDG_CONFIG_HOME/mail-setup/providers */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  /* The person's own provider directory (main () makes XDG_CONFIG_HOME a fresh one). */
  fixture->dir = g_build_filename (g_get_user_config_dir (), "mail-setup", "providers", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fixture->dir, 0700), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  {
    g_autofree char *parent = g_path_get_dirname (fixture->dir);

    g_rmdir (parent);
  }
  g_free (fixture->dir);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static const char lab_provider[] =
  "[Provider]\n"
  "Id=lab\n"
  "Name=Lab Mail\n"
  "Name[de]=Labor-Post\n"
  "Domains=example.test;LAB.test\n"
  "MXSuffixes=.mx.lab.test\n"
  "\n"
  "[IMAP]\n"
  "Host=127.0.0.1\n"
  "Port=10993\n"
  "Security=tls\n"
  "Authentication=oauth2;password\n"
  "Username=%LOCALPART%\n"
  "\n"
  "[SMTP]\n"
  "Host=127.0.0.1\n"
  "Port=10587\n"
  "Security=starttls\n"
  "Authentication=oauth2;password\n"
  "\n"
  "[OAuth2]\n"
  "AuthorizeUrl=http://127.0.0.1:43681/authorize\n"
  "TokenUrl=http://127.0.0.1:43681/token\n"
  "ClientId=lab-client\n"
  "Scopes=imap smtp offline_access\n"
  "ExtraParameters=prompt=select_account\n"
  "Mechanisms=XOAUTH2;OAUTHBEARER\n"
  "\n"
  "[EnableIMAP]\n"
  "Steps=One;Two\n"
  "Steps[de]=Eins;Zwei\n";

static void
test_builtins (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  GPtrArray *warnings;
  MailProvider *p;

  mail_provider_registry_load_defaults (registry);
  warnings = mail_provider_registry_get_warnings (registry);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", (char *) g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (builtin_ids); i++)
    {
      p = mail_provider_registry_lookup (registry, builtin_ids[i]);
      g_assert_nonnull (p);
      g_assert_nonnull (p->documentation);
      g_assert_true (g_str_has_prefix (p->documentation, "https://"));
      /* A help page on mail apps, not the help site's home page (issue 14: QQ, NetEase,
       * GMX.com and mail.com linked only their home pages). */
      {
        g_autoptr(GUri) uri = g_uri_parse (p->documentation, G_URI_FLAGS_NONE, NULL);

        g_assert_nonnull (uri);
        if (strlen (g_uri_get_path (uri)) <= 1)
          g_error ("%s: Documentation=%s is a home page", builtin_ids[i], p->documentation);
      }
      if (p->has_oauth)
        {
          /* Never ship another application's client: it comes from the build. */
          g_assert_cmpstr (p->client_id, ==, "");
          g_assert_cmpstr (p->client_secret, ==, "");
        }
    }

  p = mail_provider_registry_lookup (registry, "microsoft365");
  g_assert_cmpstr (p->imap.host, ==, "outlook.office365.com");
  g_assert_cmpuint (p->imap.port, ==, 993);
  g_assert_cmpint (p->imap.security, ==, MAIL_SECURITY_TLS);
  g_assert_cmpstr (p->smtp.host, ==, "smtp.office365.com");
  g_assert_cmpuint (p->smtp.port, ==, 587);
  g_assert_cmpint (p->smtp.security, ==, MAIL_SECURITY_STARTTLS);
  g_assert_true (p->has_oauth);
  g_assert_cmpstr (p->redirect_host, ==, "localhost");
  g_assert_cmpstr (p->authorize_url, ==,
                   "https://login.microsoftonline.com/common/oauth2/v2.0/authorize");
  g_assert_cmpstrv (p->scopes, ((const char *[]) {
                      "https://outlook.office.com/IMAP.AccessAsUser.All",
                      "https://outlook.office.com/SMTP.Send", "offline_access", NULL }));
  g_assert_cmpstrv (p->mechanisms, ((const char *[]) { "XOAUTH2", NULL }));
  g_assert_cmpstr (p->admin_command, ==, "Set-CASMailbox -Identity %EMAIL% -ImapEnabled $true");
  g_assert_cmpstr (p->admin_smtp_command, ==,
                   "Set-CASMailbox -Identity %EMAIL% -SmtpClientAuthenticationDisabled $false");

  p = mail_provider_registry_lookup (registry, "gmail");
  g_assert_cmpstr (p->redirect_host, ==, "127.0.0.1");
  g_assert_cmpstrv (p->mechanisms, ((const char *[]) { "OAUTHBEARER", "XOAUTH2", NULL }));
  g_assert_cmpstrv (p->extra_parameters,
                    ((const char *[]) { "access_type=offline", "prompt=consent", NULL }));
  g_assert_cmpstr (p->token_url, ==, "https://oauth2.googleapis.com/token");

  p = mail_provider_registry_lookup (registry, "yahoo");
  g_assert_false (p->has_oauth);
  g_assert_true (mail_provider_supports_auth (p, MAIL_AUTH_APP_PASSWORD));
  g_assert_false (mail_provider_supports_auth (p, MAIL_AUTH_OAUTH2));
  g_assert_nonnull (p->app_password_url);

  g_assert_nonnull (mail_provider_registry_lookup (registry, "outlook")->settings_url);
  g_assert_null (mail_provider_registry_lookup (registry, "nope"));
}

static void
test_lookups (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();

  mail_provider_registry_load_defaults (registry);

  g_assert_cmpstr (mail_provider_registry_lookup_domain (registry, "Hotmail.COM")->id, ==,
                   "outlook");
  g_assert_cmpstr (mail_provider_registry_lookup_domain (registry, "gmail.com.")->id, ==,
                   "gmail");
  g_assert_cmpstr (mail_provider_registry_lookup_domain (registry, "me.com")->id, ==, "icloud");
  g_assert_null (mail_provider_registry_lookup_domain (registry, "contoso.example"));
  g_assert_null (mail_provider_registry_lookup_domain (registry, "notgmail.com"));

  g_assert_cmpstr (mail_provider_registry_lookup_mx (registry,
                     "contoso-example.mail.protection.outlook.com.")->id, ==, "microsoft365");
  g_assert_cmpstr (mail_provider_registry_lookup_mx (registry, "ASPMX.L.GOOGLE.COM")->id, ==,
                   "gmail");
  g_assert_cmpstr (mail_provider_registry_lookup_mx (registry, "alt1.aspmx.l.googlemail.com")->id,
                   ==, "gmail");
  g_assert_null (mail_provider_registry_lookup_mx (registry, "mx.evilgoogle.com"));
  g_assert_null (mail_provider_registry_lookup_mx (registry, "mx.example.org"));

  /* outlook.office365.com is served by both Microsoft files: the first loaded wins. */
  g_assert_nonnull (mail_provider_registry_lookup_host (registry, "outlook.office365.com"));
  g_assert_cmpstr (mail_provider_registry_lookup_host (registry, "smtp.office365.com")->id, ==,
                   "microsoft365");
  g_assert_cmpstr (mail_provider_registry_lookup_host (registry, "IMAP.gmail.com")->id, ==,
                   "gmail");
  g_assert_null (mail_provider_registry_lookup_host (registry, "imap.example.org"));
}

/* True when one suffix covers the other: ".mail.icloud.com" and "icloud.com" both match
 * mx01.mail.icloud.com. */
static gboolean
suffixes_overlap (const char *a,
                  const char *b)
{
  const char *bare_a = *a == '.' ? a + 1 : a;
  const char *bare_b = *b == '.' ? b + 1 : b;
  gsize la = strlen (bare_a), lb = strlen (bare_b);

  if (la == lb)
    return strcmp (bare_a, bare_b) == 0;
  if (la > lb)
    return g_str_has_suffix (bare_a, bare_b) && bare_a[la - lb - 1] == '.';
  return g_str_has_suffix (bare_b, bare_a) && bare_b[lb - la - 1] == '.';
}

/* No address domain and no MX host may belong to two built-in providers: which one wins would
 * depend on the load order. */
static void
test_unique_claims (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  GPtrArray *list;
  guint n_domains = 0;

  mail_provider_registry_load_defaults (registry);
  list = mail_provider_registry_list (registry);
  g_assert_cmpuint (list->len, >=, G_N_ELEMENTS (builtin_ids));

  for (guint i = 0; i < list->len; i++)
    {
      MailProvider *a = g_ptr_array_index (list, i);

      for (guint k = 0; a->domains[k] != NULL; k++)
        {
          n_domains++;
          /* Twice in the same file is a mistake too. */
          for (guint l = k + 1; a->domains[l] != NULL; l++)
            if (strcmp (a->domains[k], a->domains[l]) == 0)
              g_error ("%s lists %s twice", a->id, a->domains[k]);
        }

      for (guint j = i + 1; j < list->len; j++)
        {
          MailProvider *b = g_ptr_array_index (list, j);

          for (guint k = 0; a->domains[k] != NULL; k++)
            if (g_strv_contains ((const char *const *) b->domains, a->domains[k]))
              g_error ("%s and %s both claim the domain %s", a->id, b->id, a->domains[k]);

          for (guint k = 0; a->mx_suffixes[k] != NULL; k++)
            for (guint l = 0; b->mx_suffixes[l] != NULL; l++)
              if (suffixes_overlap (a->mx_suffixes[k], b->mx_suffixes[l]))
                g_error ("%s (%s) and %s (%s) both claim the same MX hosts", a->id,
                         a->mx_suffixes[k], b->id, b->mx_suffixes[l]);
        }
    }
  /* Thunderbird's lists for Outlook.com, mail.com, Posteo, ... */
  g_assert_cmpuint (n_domains, >, 450);

  /* The check itself */
  g_assert_true (suffixes_overlap (".am0.yahoodns.net", ".yahoodns.net"));
  g_assert_true (suffixes_overlap ("google.com", ".google.com"));
  g_assert_false (suffixes_overlap (".am0.yahoodns.net", ".gm0.yahoodns.net"));
  g_assert_false (suffixes_overlap (".zoho.com", ".zoho.com.au"));
  g_assert_false (suffixes_overlap (".box.org", ".mailbox.org"));
}

/* CustomDomainHost / CustomDomainUsername apply to addresses on domains the provider does not
 * list (its customers' own domains, found by MX). */
static void
test_custom_domain_rules (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  MailProvider *p;
  g_autoptr(MailServer) imap = NULL;
  g_autoptr(MailServer) own_imap = NULL;
  g_autoptr(MailServer) own_smtp = NULL;
  g_autoptr(MailServer) zoho = NULL;
  g_autoptr(MailServer) zoho_own = NULL;

  mail_provider_registry_load_defaults (registry);

  p = mail_provider_registry_lookup (registry, "icloud");
  imap = mail_provider_make_server (p, MAIL_PROTOCOL_IMAP, "kim@me.com");
  g_assert_cmpstr (imap->username, ==, "kim");
  own_imap = mail_provider_make_server (p, MAIL_PROTOCOL_IMAP, "kim@Family.Example");
  g_assert_cmpstr (own_imap->username, ==, "kim@Family.Example");
  g_assert_cmpstr (own_imap->host, ==, "imap.mail.me.com");
  own_smtp = mail_provider_make_server (p, MAIL_PROTOCOL_SMTP, "kim@family.example");
  g_assert_cmpstr (own_smtp->username, ==, "kim@family.example");

  p = mail_provider_registry_lookup (registry, "zoho");
  zoho = mail_provider_make_server (p, MAIL_PROTOCOL_SMTP, "a@zohomail.com");
  g_assert_cmpstr (zoho->host, ==, "smtp.zoho.com");
  zoho_own = mail_provider_make_server (p, MAIL_PROTOCOL_SMTP, "a@company.example");
  g_assert_cmpstr (zoho_own->host, ==, "smtppro.zoho.com");
  g_assert_cmpstr (zoho_own->username, ==, "a@company.example");

  /* The host of a custom domain identifies the provider too. */
  g_assert_cmpstr (mail_provider_registry_lookup_host (registry, "imappro.zoho.eu")->id, ==,
                   "zoho-eu");
  /* A server on this computer names no provider, though Proton Mail Bridge is one. */
  g_assert_null (mail_provider_registry_lookup_host (registry, "127.0.0.1"));
  g_assert_null (mail_provider_registry_lookup_host (registry, "localhost"));

  g_assert_cmpstr (mail_provider_registry_lookup_domain (registry, "yahoo.co.jp")->id, ==,
                   "yahoo-japan");
  g_assert_cmpstr (mail_provider_registry_lookup_mx (registry,
                     "contoso-com.o-v1.mx.microsoft.")->id, ==, "microsoft365");
  g_assert_cmpstr (mail_provider_registry_lookup_mx (registry, "mx02.mail.icloud.com")->id, ==,
                   "icloud");
  g_assert_cmpstr (mail_provider_registry_lookup_mx (registry,
                     "hotmail-com.olc.protection.outlook.com")->id, ==, "outlook");
  g_assert_cmpstr (mail_provider_registry_lookup_mx (registry, "mta6.am0.yahoodns.net")->id, ==,
                   "yahoo");
  g_assert_cmpstr (mail_provider_registry_lookup_mx (registry,
                     "mx-aol.mail.gm0.yahoodns.net")->id, ==, "aol");
  g_assert_null (mail_provider_registry_lookup_mx (registry, "mx.microsoft.evil.example"));
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autofree char *syntax = NULL;
  g_autofree char *port = NULL;
  g_autofree char *good = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *bad_port_text = NULL;
  GPtrArray *warnings;
  gboolean saw_syntax = FALSE, saw_port = FALSE;

  syntax = write_file (fixture, "a-syntax.provider", "[Provider]\nId=broken\nthis is not a key\n");
  {
    GString *text = g_string_new (lab_provider);

    g_string_replace (text, "Port=10993", "Port=99999", 1);
    bad_port_text = g_string_free (text, FALSE);
  }
  port = write_file (fixture, "b-port.provider", bad_port_text);
  good = write_file (fixture, "c-good.provider", lab_provider);

  mail_provider_registry_load_defaults (registry);
  warnings = mail_provider_registry_get_warnings (registry);
  g_assert_cmpuint (warnings->len, ==, 2);

  for (guint i = 0; i < warnings->len; i++)
    {
      const char *w = g_ptr_array_index (warnings, i);

      g_test_message ("%s", w);
      if (g_str_has_prefix (w, syntax))
        {
          g_autofree char *prefix = g_strconcat (syntax, ":3: ", NULL);

          g_assert_true (g_str_has_prefix (w, prefix));
          g_assert_nonnull (strstr (w, "this is not a key"));
          saw_syntax = TRUE;
        }
      else if (g_str_has_prefix (w, port))
        {
          g_autofree char *prefix = g_strconcat (port, ":10: ", NULL);

          g_assert_true (g_str_has_prefix (w, prefix));
          g_assert_nonnull (strstr (w, "Port"));
          g_assert_nonnull (strstr (w, "99999"));
          saw_port = TRUE;
        }
    }
  g_assert_true (saw_syntax);
  g_assert_true (saw_port);

  /* The broken files hide nothing else. */
  g_assert_nonnull (mail_provider_registry_lookup (registry, "lab"));
  g_assert_nonnull (mail_provider_registry_lookup (registry, "gmail"));
  g_assert_null (mail_provider_registry_lookup (registry, "broken"));

  /* load_file reports the same way. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mail_provider_registry_load_file (registry, syntax, &error));
    g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
    expected = g_strconcat (syntax, ":3:", NULL);
    g_assert_true (g_str_has_prefix (error->message, expected));
  }
}

static void
test_semantic_errors (void)
{
  struct { const char *text; const char *needle; } cases[] = {
    { "[Provider]\nName=X\n", "Id" },
    { "[Provider]\nId=Bad_Id\nName=X\n", "Bad_Id" },
    { "[Provider]\nId=x\nName=X\n[IMAP]\nHost=h\nSecurity=tls\n", "[SMTP]" },
    { "[Provider]\nId=x\nName=X\n[IMAP]\nHost=h\nSecurity=maybe\n[SMTP]\nHost=h\nSecurity=tls\n",
      "maybe" },
    { "[Provider]\nId=x\nName=X\n[IMAP]\nHost=h\nSecurity=tls\nAuthentication=oauth2\n"
      "[SMTP]\nHost=h\nSecurity=tls\n", "[OAuth2]" },
    { "[Provider]\nId=x\nName=X\n[IMAP]\nHost=h\nSecurity=tls\nAuthentication=kerberos\n"
      "[SMTP]\nHost=h\nSecurity=tls\n", "kerberos" },
    /* Codes and refresh tokens never travel in clear text to another computer. */
    { "[Provider]\nId=x\nName=X\n[IMAP]\nHost=h\nSecurity=tls\nAuthentication=oauth2\n"
      "[SMTP]\nHost=h\nSecurity=tls\n[OAuth2]\nAuthorizeUrl=https://idp.example/a\n"
      "TokenUrl=http://idp.example/t\nScopes=mail\n", "http://idp.example/t" },
    /* A provider file cannot take over the flow's own parameters. */
    { "[Provider]\nId=x\nName=X\n[IMAP]\nHost=h\nSecurity=tls\nAuthentication=oauth2\n"
      "[SMTP]\nHost=h\nSecurity=tls\n[OAuth2]\nAuthorizeUrl=https://idp.example/a\n"
      "TokenUrl=https://idp.example/t\nScopes=mail\nExtraParameters=prompt=login;state=fixed\n",
      "state=fixed" },
    /* ...also not with spaces around the name or in other letter case. */
    { "[Provider]\nId=x\nName=X\n[IMAP]\nHost=h\nSecurity=tls\nAuthentication=oauth2\n"
      "[SMTP]\nHost=h\nSecurity=tls\n[OAuth2]\nAuthorizeUrl=https://idp.example/a\n"
      "TokenUrl=https://idp.example/t\nScopes=mail\nExtraParameters=client_id =evil\n",
      "client_id =evil" },
    { "[Provider]\nId=x\nName=X\n[IMAP]\nHost=h\nSecurity=tls\nAuthentication=oauth2\n"
      "[SMTP]\nHost=h\nSecurity=tls\n[OAuth2]\nAuthorizeUrl=https://idp.example/a\n"
      "TokenUrl=https://idp.example/t\nScopes=mail\n"
      "ExtraParameters=prompt=login; Redirect_URI=http://evil.example/\n",
      "Redirect_URI" },
    { "[Provider]\nId=x\nName=X\n[IMAP]\nHost=h\nSecurity=tls\nAuthentication=oauth2\n"
      "[SMTP]\nHost=h\nSecurity=tls\n[OAuth2]\nAuthorizeUrl=https://idp.example/a\n"
      "TokenUrl=https://idp.example/t\nScopes=mail\nExtraParameters=SCOPE\t=everything\n",
      "SCOPE" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GKeyFile) keyfile = g_key_file_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(MailProvider) provider = NULL;

      g_assert_true (g_key_file_load_from_data (keyfile, cases[i].text, -1, 0, NULL));
      provider = mail_provider_new_from_keyfile (keyfile, "/x/y.provider", &error);
      g_assert_null (provider);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "/x/y.provider"));
      g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

static void
test_override (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autofree char *path = NULL;
  g_autoptr(MailServer) server = NULL;
  MailProvider *p;
  GString *text = g_string_new (lab_provider);

  g_string_replace (text, "Id=lab", "Id=gmail", 1);
  path = write_file (fixture, "mygmail.provider", text->str);
  g_string_free (text, TRUE);

  mail_provider_registry_load_defaults (registry);
  g_assert_cmpuint (mail_provider_registry_get_warnings (registry)->len, ==, 0);
  p = mail_provider_registry_lookup (registry, "gmail");
  g_assert_cmpstr (p->imap.host, ==, "127.0.0.1");
  g_assert_cmpstr (p->path, ==, path);
  /* Replaced, not added. */
  for (guint i = 0, n = 0; i < mail_provider_registry_list (registry)->len; i++)
    {
      MailProvider *q = g_ptr_array_index (mail_provider_registry_list (registry), i);

      if (g_str_equal (q->id, "gmail"))
        g_assert_cmpuint (++n, ==, 1);
    }
  g_assert_cmpstr (mail_provider_registry_lookup_domain (registry, "lab.test")->id, ==, "gmail");
  g_assert_null (mail_provider_registry_lookup_domain (registry, "gmail.com"));

  server = mail_provider_make_server (p, MAIL_PROTOCOL_IMAP, "alice@lab.test");
  g_assert_nonnull (strstr (server->source, path));
}

static void
test_expand (void)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autofree char *a = mail_provider_expand ("%EMAIL%", "alice@icloud.com");
  g_autofree char *b = mail_provider_expand ("%LOCALPART%", "alice@icloud.com");
  g_autofree char *c = mail_provider_expand ("fixed-name", "alice@icloud.com");

  g_assert_cmpstr (a, ==, "alice@icloud.com");
  g_assert_cmpstr (b, ==, "alice");
  g_assert_cmpstr (c, ==, "fixed-name");

  mail_provider_registry_load_defaults (registry);

  settings = mail_account_settings_new_from_provider (
    mail_provider_registry_lookup (registry, "icloud"), "alice@icloud.com");
  g_assert_cmpstr (settings->imap->username, ==, "alice");
  g_assert_cmpstr (settings->smtp->username, ==, "alice@icloud.com");
  g_assert_cmpint (settings->auth, ==, MAIL_AUTH_APP_PASSWORD);
  g_assert_nonnull (strstr (settings->imap->source, "iCloud"));
  g_clear_pointer (&settings, mail_account_settings_free);

  settings = mail_account_settings_new_from_provider (
    mail_provider_registry_lookup (registry, "webde"), "bob@web.de");
  g_assert_cmpstr (settings->imap->username, ==, "bob");
  g_assert_cmpstr (settings->smtp->username, ==, "bob");
}

static void
test_translation (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = write_file (fixture, "lab.provider", lab_provider);
  const char *old = g_getenv ("LANGUAGE");
  g_autofree char *saved = g_strdup (old);

  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
      MailProvider *p;

      g_setenv ("LANGUAGE", round == 0 ? "de" : "C", TRUE);
      mail_provider_registry_load_defaults (registry);
      p = mail_provider_registry_lookup (registry, "lab");
      g_assert_nonnull (p);
      g_assert_cmpstr (p->name, ==, round == 0 ? "Labor-Post" : "Lab Mail");
      g_assert_cmpstr (p->enable_steps[0], ==, round == 0 ? "Eins" : "One");
    }

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* The built-in files carry the German of po/de.po, merged at build time: every provider's steps
 * read in German with LANGUAGE=de, and in English without. */
static void
test_builtin_translations (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  g_autoptr(MailProviderRegistry) english = mail_provider_registry_new ();
  g_autoptr(MailProviderRegistry) german = mail_provider_registry_new ();
  GPtrArray *list;

  g_setenv ("LANGUAGE", "C", TRUE);
  mail_provider_registry_load_defaults (english);
  g_setenv ("LANGUAGE", "de", TRUE);
  mail_provider_registry_load_defaults (german);

  g_assert_cmpstr (mail_provider_registry_lookup (german, "zoho-eu")->name, ==,
                   "Zoho Mail (Europa)");
  g_assert_cmpstr (mail_provider_registry_lookup (english, "zoho-eu")->name, ==,
                   "Zoho Mail (Europe)");
  g_assert_cmpstr (mail_provider_registry_lookup (german, "outlook")->enable_steps[0], ==,
                   "Melden Sie sich bei outlook.com an");
  g_assert_cmpstr (mail_provider_registry_lookup (english, "outlook")->enable_steps[0], ==,
                   "Sign in at outlook.com");
  g_assert_true (g_str_has_prefix (
    mail_provider_registry_lookup (german, "microsoft365")->admin_steps[0], "Öffnen Sie"));

  list = mail_provider_registry_list (english);
  for (guint i = 0; i < list->len; i++)
    {
      MailProvider *en = g_ptr_array_index (list, i);
      MailProvider *de = mail_provider_registry_lookup (german, en->id);

      g_test_message ("%s", en->id);
      g_assert_nonnull (de);
      if (en->enable_steps == NULL)
        {
          g_assert_null (de->enable_steps);
          continue;
        }
      g_assert_cmpuint (g_strv_length (de->enable_steps), ==, g_strv_length (en->enable_steps));
      g_assert_cmpuint (g_strv_length (de->admin_steps), ==, g_strv_length (en->admin_steps));
      for (guint j = 0; en->enable_steps[j] != NULL; j++)
        g_assert_cmpstr (de->enable_steps[j], !=, en->enable_steps[j]);
      for (guint j = 0; en->admin_steps[j] != NULL; j++)
        g_assert_cmpstr (de->admin_steps[j], !=, en->admin_steps[j]);
    }

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* --tenant: Microsoft's "common" in the sign-in addresses becomes the organisation. */
static void
test_tenant (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailProvider) contoso = NULL;
  g_autoptr(GError) error = NULL;
  MailProvider *m365;
  g_autofree char *tenant = NULL;
  g_autofree char *none = NULL;

  mail_provider_registry_load_defaults (registry);
  m365 = mail_provider_registry_lookup (registry, "microsoft365");

  contoso = mail_provider_with_tenant (m365, "Contoso.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contoso->authorize_url, ==,
                   "https://login.microsoftonline.com/contoso.com/oauth2/v2.0/authorize");
  g_assert_cmpstr (contoso->token_url, ==,
                   "https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token");
  g_assert_cmpstr (contoso->device_authorization_url, ==,
                   "https://login.microsoftonline.com/contoso.com/oauth2/v2.0/devicecode");
  g_assert_cmpstr (contoso->id, ==, "microsoft365");
  g_assert_cmpstrv (contoso->scopes, m365->scopes);
  /* The registry's provider is untouched. */
  g_assert_nonnull (strstr (m365->token_url, "/common/"));

  tenant = mail_provider_tenant_from_url (contoso->token_url);
  g_assert_cmpstr (tenant, ==, "contoso.com");
  none = mail_provider_tenant_from_url (m365->token_url);
  g_assert_null (none);

  {
    static const char *const bad[] = { "", "../evil", "a/b", "con toso", ".contoso", "a..b",
                                       "contoso.", "x?y=1" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) e = NULL;
        g_autoptr(MailProvider) p = mail_provider_with_tenant (m365, bad[i], &e);

        g_assert_null (p);
        g_assert_error (e, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      }
  }
  {
    g_autoptr(GError) e = NULL;
    g_autoptr(MailProvider) p =
      mail_provider_with_tenant (mail_provider_registry_lookup (registry, "gmail"), "x.com", &e);

    g_assert_null (p);
    g_assert_error (e, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  }
}

static void
test_settings_json (void)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(MailAccountSettings) back = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  mail_provider_registry_load_defaults (registry);
  settings = mail_account_settings_new_from_provider (
    mail_provider_registry_lookup (registry, "microsoft365"), "alice@contoso.example");
  g_ptr_array_add (settings->notes, g_strdup ("a note"));
  settings->verified_at = g_date_time_new_utc (2026, 11, 22, 1, 2, 3);
  settings->smtp->given = TRUE;
  mail_server_set_trust (settings->imap, FALSE, "found somewhere");

  mail_account_settings_to_json (settings, builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "\"provider\":\"microsoft365\""));
  g_assert_nonnull (strstr (text, "\"host\":\"outlook.office365.com\""));
  g_assert_nonnull (strstr (text, "\"auth\":\"oauth2\""));
  g_assert_nonnull (strstr (text, "\"trusted\":false"));
  g_assert_nonnull (strstr (text, "\"trust_reason\":\"found somewhere\""));

  back = mail_account_settings_from_json (root, registry, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->email, ==, "alice@contoso.example");
  g_assert_true (back->provider == mail_provider_registry_lookup (registry, "microsoft365"));
  g_assert_cmpstr (back->imap->host, ==, "outlook.office365.com");
  g_assert_cmpuint (back->smtp->port, ==, 587);
  g_assert_cmpint (back->smtp->security, ==, MAIL_SECURITY_STARTTLS);
  g_assert_cmpstr (back->imap->source, ==, settings->imap->source);
  g_assert_cmpstr (g_ptr_array_index (back->notes, 0), ==, "a note");
  g_assert_true (g_date_time_equal (back->verified_at, settings->verified_at));
  /* Given survives (a server the person named); trust is not read back from a file. */
  g_assert_true (back->smtp->given);
  g_assert_false (back->imap->given);
  g_assert_true (mail_server_get_trusted (back->imap));

  {
    g_autoptr(JsonNode) bad = json_from_string ("{\"email\":\"x@y.example\",\"imap\":{"
                                                "\"host\":\"h.example\",\"port\":993,"
                                                "\"security\":\"tls\",\"given\":\"yes\"}}",
                                                NULL);
    g_autoptr(MailAccountSettings) none = mail_account_settings_from_json (bad, registry, &error);

    g_assert_null (none);
    g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
    g_clear_error (&error);
  }

  {
    g_autoptr(JsonNode) bad = json_from_string ("{\"email\":\"x@y\",\"imap\":{\"host\":\"h\","
                                                "\"port\":70000,\"security\":\"tls\"}}", NULL);
    g_autoptr(MailAccountSettings) none = mail_account_settings_from_json (bad, registry, &error);

    g_assert_null (none);
    g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  }
}

/* GKeyFile keeps the last of two equal keys: a provider file with two is an error with the
 * line, never the last one silently. */
static void
test_duplicate_keys (void)
{
  struct { const char *replace; const char *with; const char *needle; } cases[] = {
    { "Id=lab\n", "Id=lab\nId=gmail\n", "test.provider:3: Id appears a second time in [Provider] (first on line 2)" },
    { "Id=lab\n", "Id=lab\n  Id = gmail\n", "test.provider:3: Id appears a second time" },
    { "Host=127.0.0.1\nPort=10993\n", "Host=127.0.0.1\nPort=10993\nHost=evil.example\n",
      "test.provider:11: Host appears a second time in [IMAP] (first on line 9)" },
    { "Name[de]=Labor-Post\n", "Name[de]=Labor-Post\nName[de]=Andere\n",
      "test.provider:5: Name[de] appears a second time in [Provider]" },
    { "[EnableIMAP]\n", "[IMAP]\nHost=evil.example\n[EnableIMAP]\n",
      "test.provider:29: the group [IMAP] appears a second time (first on line 8)" },
  };

  /* The same key in another group, or another locale of a key, is fine. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MailProvider) provider = mail_provider_new_from_data (lab_provider,
                                                                    strlen (lab_provider),
                                                                    "test.provider", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (provider->id, ==, "lab");
  }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GString *text = g_string_new (lab_provider);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(MailProvider) provider = NULL;

      g_assert_cmpuint (g_string_replace (text, cases[i].replace, cases[i].with, 1), ==, 1);
      data = g_string_free (text, FALSE);
      provider = mail_provider_new_from_data (data, strlen (data), "test.provider", &error);
      g_test_message ("%s", error ? error->message : "(no error)");
      g_assert_null (provider);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

/* Where IMAP starts turned off (GMX, WEB.DE) the wizard shows the steps before sign-in;
 * elsewhere (Gmail: on for personal accounts) only after an imap-disabled result. */
static void
test_imap_off_by_default (void)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  GString *text = g_string_new (lab_provider);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailProvider) provider = NULL;

  mail_provider_registry_load_defaults (registry);
  g_assert_true (mail_provider_registry_lookup (registry, "gmx")->imap_off_by_default);
  g_assert_true (mail_provider_registry_lookup (registry, "webde")->imap_off_by_default);
  g_assert_false (mail_provider_registry_lookup (registry, "gmail")->imap_off_by_default);
  g_assert_false (mail_provider_registry_lookup (registry, "outlook")->imap_off_by_default);

  g_string_replace (text, "[EnableIMAP]\n", "[EnableIMAP]\nOffByDefault=maybe\n", 1);
  data = g_string_free (text, FALSE);
  provider = mail_provider_new_from_data (data, strlen (data), "test.provider", &error);
  g_assert_null (provider);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "OffByDefault must be true or false"));
}

/* Values checked against Thunderbird's ISPDB and the providers' help (each file's Source). */
static void
test_checked_data (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));
  g_autoptr(MailProviderRegistry) english = mail_provider_registry_new ();
  g_autoptr(MailProviderRegistry) german = mail_provider_registry_new ();
  g_autoptr(MailServer) verizon = NULL;
  MailProvider *p;

  g_setenv ("LANGUAGE", "C", TRUE);
  mail_provider_registry_load_defaults (english);
  g_setenv ("LANGUAGE", "de", TRUE);
  mail_provider_registry_load_defaults (german);

  /* ISPDB verizon.net.xml: Verizon's mail is AOL Mail, the full address as user name. */
  p = mail_provider_registry_lookup_domain (english, "verizon.net");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->id, ==, "aol");
  verizon = mail_provider_make_server (p, MAIL_PROTOCOL_IMAP, "kim@verizon.net");
  g_assert_cmpstr (verizon->host, ==, "imap.aol.com");
  g_assert_cmpstr (verizon->username, ==, "kim@verizon.net");
  /* ISPDB mail.ru.xml. */
  g_assert_cmpstr (mail_provider_registry_lookup_domain (english, "corp.mail.ru")->id, ==,
                   "mailru");

  /* Telekom: the separate password is "Passwort für E-Mail-Programme" in the E-Mail Center
   * (telekom.de help and Telekom hilft); the German web mail shows the German name. */
  p = mail_provider_registry_lookup (english, "t-online");
  g_assert_cmpuint (g_strv_length (p->enable_steps), ==, 4);
  g_assert_nonnull (strstr (p->enable_steps[2], "“Passwort für E-Mail-Programme”"));
  p = mail_provider_registry_lookup (german, "t-online");
  g_assert_nonnull (strstr (p->enable_steps[2], "„Passwort für E-Mail-Programme“"));

  /* Xfinity: mail apps are refused until "Third Party Access Security" is ticked, so the
   * wizard shows the steps before the sign-in (ISPDB comcast.net.xml's "enabling" article). */
  g_assert_true (mail_provider_registry_lookup (english, "comcast")->imap_off_by_default);

  /* QQ's switch is on its Account and Security page, not on the web mail's start page. */
  g_assert_cmpstr (mail_provider_registry_lookup (english, "qq")->settings_url, ==,
                   "https://wx.mail.qq.com/account");

  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

int
main (int    argc,
      char **argv)
{
  /* Our own empty config dir (not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks there under
   * LeakSanitizer), so no provider file of the person running the tests gets in. */
  g_autofree char *config_home = g_dir_make_tmp ("test-provider-config-XXXXXX", NULL);
  int status;

  setlocale (LC_ALL, "");

  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/provider/builtins", Fixture, NULL, fixture_set_up, test_builtins,
              fixture_tear_down);
  g_test_add ("/provider/lookups", Fixture, NULL, fixture_set_up, test_lookups,
              fixture_tear_down);
  g_test_add ("/provider/malformed", Fixture, NULL, fixture_set_up, test_malformed,
              fixture_tear_down);
  g_test_add_func ("/provider/semantic-errors", test_semantic_errors);
  g_test_add ("/provider/unique-claims", Fixture, NULL, fixture_set_up, test_unique_claims,
              fixture_tear_down);
  g_test_add ("/provider/custom-domain-rules", Fixture, NULL, fixture_set_up,
              test_custom_domain_rules, fixture_tear_down);
  g_test_add ("/provider/override", Fixture, NULL, fixture_set_up, test_override,
              fixture_tear_down);
  g_test_add_func ("/provider/expand", test_expand);
  g_test_add ("/provider/translation", Fixture, NULL, fixture_set_up, test_translation,
              fixture_tear_down);
  g_test_add ("/provider/builtin-translations", Fixture, NULL, fixture_set_up,
              test_builtin_translations, fixture_tear_down);
  g_test_add ("/provider/tenant", Fixture, NULL, fixture_set_up, test_tenant,
              fixture_tear_down);
  g_test_add_func ("/provider/settings-json", test_settings_json);
  g_test_add_func ("/provider/duplicate-keys", test_duplicate_keys);
  g_test_add_func ("/provider/imap-off-by-default", test_imap_off_by_default);
  g_test_add ("/provider/checked-data", Fixture, NULL, fixture_set_up, test_checked_data,
              fixture_tear_down);

  status = g_test_run ();
  g_rmdir (config_home);
  return status;
}
