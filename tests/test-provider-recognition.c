/* test-provider-recognition.c: the [Recognition] group of provider files, and recognising a
 * provider or its family from data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gstdio.h>

#include "mail-diagnosis.h"
#include "mail-provider.h"
#include "mail-steps.h"

/* A provider nobody's code knows: its family, hosts and words come only from this file. */
static const char orbit_provider[] =
  "[Provider]\n"
  "Id=orbit\n"
  "Name=Orbit Mail\n"
  "Domains=orbit.example\n"
  "\n"
  "[IMAP]\n"
  "Host=imap.orbit.example\n"
  "Security=tls\n"
  "\n"
  "[SMTP]\n"
  "Host=smtp.orbit.example\n"
  "Security=starttls\n"
  "\n"
  "[Recognition]\n"
  "Family=orbital\n"
  "Audience=organisation\n"
  "DomainPatterns=orbit-mail.*\n"
  "ServerHosts=*.orbit-cloud.example\n"
  "ServerWords=OrbitIMAP ready\n"
  "FamilyServerHosts=*.satellite.example\n"
  "FamilyServerWords=Orbital Mail Engine\n";

static char *
install (const char *dir,
         const char *name,
         const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
with_recognition (const char *recognition)
{
  return g_strconcat ("[Provider]\nId=x\nName=X\n[IMAP]\nHost=h\nSecurity=tls\n"
                      "[SMTP]\nHost=h\nSecurity=tls\n[Recognition]\n", recognition, NULL);
}

/* Hostile or careless values are refused, and the message names the field (and its line). */
static void
test_validation (void)
{
  struct { const char *recognition; const char *field; const char *value; } cases[] = {
    { "Family=Micro Soft\n", "Family", "Micro Soft" },
    { "Family=../../etc\n", "Family", "../../etc" },
    { "Audience=everyone\n", "Audience", "everyone" },
    /* A pattern that claims every server (or a whole top-level domain) would take over the
     * diagnosis of every account. */
    { "ServerHosts=*\n", "ServerHosts", "*" },
    { "ServerHosts=*.*\n", "ServerHosts", "*.*" },
    { "DomainPatterns=*.com\n", "DomainPatterns", "*.com" },
    { "FamilyDomains=*\n", "FamilyDomains", "*" },
    { "FamilyServerHosts=?.*\n", "FamilyServerHosts", "?.*" },
    { "ServerHosts=imap.example.com/evil\n", "ServerHosts", "imap.example.com/evil" },
    { "DomainPatterns=Example.COM\n", "DomainPatterns", "Example.COM" },
    /* Words every server says would recognise every server. */
    { "ServerWords=OK\n", "ServerWords", "OK" },
    { "FamilyServerWords=mail\n", "FamilyServerWords", "mail" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = with_recognition (cases[i].recognition);
      g_autoptr(GError) error = NULL;
      g_autoptr(MailProvider) provider = NULL;
      g_autofree char *field = g_strconcat ("[Recognition] ", cases[i].field, NULL);

      provider = mail_provider_new_from_data (text, strlen (text), "/x/y.provider", &error);
      g_test_message ("%s", error ? error->message : "(accepted)");
      g_assert_null (provider);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      /* path:line: the line of the key (line 11 of every case) */
      g_assert_true (g_str_has_prefix (error->message, "/x/y.provider:11: "));
      g_assert_nonnull (strstr (error->message, field));
      g_assert_nonnull (strstr (error->message, cases[i].value));
    }

  /* Too many items. */
  {
    g_autoptr(GString) many = g_string_new ("ServerHosts=");
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(MailProvider) provider = NULL;

    for (guint i = 0; i < 65; i++)
      g_string_append_printf (many, "h%u.example.org;", i);
    g_string_append_c (many, '\n');
    text = with_recognition (many->str);
    provider = mail_provider_new_from_data (text, strlen (text), "/x/y.provider", &error);
    g_assert_null (provider);
    g_assert_nonnull (strstr (error->message, "[Recognition] ServerHosts"));
  }

  /* A very long value is refused, and quoted clipped. */
  {
    g_autofree char *long_word = g_strnfill (300, 'w');
    g_autofree char *line = g_strdup_printf ("ServerWords=%s\n", long_word);
    g_autofree char *text = with_recognition (line);
    g_autoptr(GError) error = NULL;
    g_autoptr(MailProvider) provider = NULL;

    provider = mail_provider_new_from_data (text, strlen (text), "/x/y.provider", &error);
    g_assert_null (provider);
    g_assert_nonnull (strstr (error->message, "[Recognition] ServerWords"));
    g_assert_nonnull (strstr (error->message, "…"));
    g_assert_null (strstr (error->message, long_word + 200));
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  }

  /* A file without the group, or with good values, is accepted. */
  {
    g_autofree char *text = with_recognition ("Family=orbital\nAudience=personal\n"
                                              "DomainPatterns=orbit.*\nServerWords=Gimap\n");
    g_autoptr(GError) error = NULL;
    g_autoptr(MailProvider) provider = NULL;

    provider = mail_provider_new_from_data (text, strlen (text), "/x/y.provider", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (provider->family, ==, "orbital");
    g_assert_cmpint (provider->audience, ==, MAIL_PROVIDER_AUDIENCE_PERSONAL);
  }
}

typedef struct
{
  const char *provider_id;
  const char *email;
  const char *host;
  const char *greeting;
  const char *line;
  const char *expect_id;
  const char *expect_family;
} Case;

static void
check_cases (MailProviderRegistry *registry,
             const Case           *cases,
             guint                 n_cases)
{
  for (guint i = 0; i < n_cases; i++)
    {
      const char *lines[] = { cases[i].line, NULL };
      const MailProviderClues clues = {
        .provider_id = cases[i].provider_id,
        .email = cases[i].email,
        .host = cases[i].host,
        .greeting = cases[i].greeting,
        .lines = lines,
      };
      const char *id = NULL;
      const char *family = NULL;
      gboolean recognised = mail_provider_registry_recognise (registry, &clues, &id, &family);

      g_test_message ("case %u: %s / %s", i, id, family);
      g_assert_cmpint (recognised, ==, cases[i].expect_family != NULL);
      g_assert_cmpstr (id, ==, cases[i].expect_id);
      g_assert_cmpstr (family, ==, cases[i].expect_family);
    }
}

/* The built-in files' [Recognition] keys recognise what the diagnosis tables used to list. */
static void
test_builtin (void)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  const Case cases[] = {
    { "outlook", NULL, NULL, NULL, NULL, "outlook", "microsoft" },
    { NULL, "someone@hotmail.co.uk", NULL, NULL, NULL, "outlook", "microsoft" },
    /* a domain pattern: an Outlook country domain not listed in Domains */
    { NULL, "someone@outlook.xy", NULL, NULL, NULL, "outlook", "microsoft" },
    { NULL, "someone@contoso.onmicrosoft.com", NULL, NULL, NULL, "microsoft365", "microsoft" },
    { NULL, "someone@contoso.com", "outlook.office365.com", NULL, NULL, "microsoft365",
      "microsoft" },
    { NULL, "someone@contoso.com", "SMTP-MAIL.outlook.com.", NULL, NULL, "outlook",
      "microsoft" },
    /* family only: an Exchange server anywhere */
    { NULL, "someone@contoso.com", "mail.contoso.com", "* OK The Microsoft Exchange IMAP4 "
      "service is ready.", NULL, NULL, "microsoft" },
    { NULL, NULL, NULL, NULL, "535 5.7.3 AADSTS50011 something", NULL, "microsoft" },
    { NULL, "someone@example.org", "imap.example.org", "* OK Gimap ready for requests", NULL,
      "gmail", "gmail" },
    { NULL, "someone@yahoo.co.uk", NULL, NULL, NULL, "yahoo", "yahoo" },
    { NULL, "someone@zoho.eu", NULL, NULL, NULL, "zoho", "zoho" },
    { NULL, "someone@126.com", NULL, NULL, NULL, "netease-126", "netease" },
    { NULL, "someone@188.com", NULL, NULL, NULL, NULL, "netease" },
    { NULL, NULL, NULL, NULL, "NO Unsafe Login. Please contact kefu@188.com", NULL, "netease" },
    /* the given id stays, the family comes from the domain */
    { "lab", "someone@web.de", NULL, NULL, NULL, "lab", "gmx" },
    /* a loopback server says nothing; an unknown one neither */
    { NULL, NULL, "127.0.0.1", NULL, NULL, NULL, NULL },
    { NULL, "someone@example.org", "mail.example.org", "* OK Dovecot ready.", NULL, NULL, NULL },
  };

  mail_provider_registry_load_defaults (registry);
  check_cases (registry, cases, G_N_ELEMENTS (cases));
}

/* A new provider file, installed in a directory of its own, is recognised by its domain,
 * hosts and words, and its family reaches the diagnosis: no code knows "orbital". */
static void
test_from_data (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mail-setup-recognition-XXXXXX", NULL);
  g_autofree char *path = install (dir, "orbit.provider", orbit_provider);
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(GError) error = NULL;
  const Case cases[] = {
    { NULL, "someone@orbit.example", NULL, NULL, NULL, "orbit", "orbital" },
    { NULL, "someone@orbit-mail.fr", NULL, NULL, NULL, "orbit", "orbital" },
    { NULL, "someone@custom.example", "imap.orbit.example", NULL, NULL, "orbit", "orbital" },
    { NULL, "someone@custom.example", "eu1.orbit-cloud.example", NULL, NULL, "orbit",
      "orbital" },
    { NULL, "someone@custom.example", "mx.custom.example", "* OK OrbitIMAP ready", NULL,
      "orbit", "orbital" },
    { NULL, "someone@custom.example", "imap.satellite.example", NULL, NULL, NULL, "orbital" },
    { NULL, "someone@custom.example", NULL, NULL, "NO [ALERT] Orbital Mail Engine says no",
      NULL, "orbital" },
    { NULL, "someone@custom.example", "imap.custom.example", "* OK ready", NULL, NULL, NULL },
  };

  g_assert_nonnull (dir);
  g_assert_true (mail_provider_registry_load_file (registry, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mail_provider_registry_lookup (registry, "orbit")->audience, ==,
                   MAIL_PROVIDER_AUDIENCE_ORGANISATION);
  check_cases (registry, cases, G_N_ELEMENTS (cases));

  /* The diagnosis recognises it through the registry it is given: a family that no text
   * names falls back to the generic texts, with the provider's words kept. */
  {
    const char *lines[] = { "NO [AUTHENTICATIONFAILED] Orbital Mail Engine: bad password", NULL };
    const MailDiagnosisContext context = {
      .protocol = "imap",
      .stage = "authenticate",
      .email = "someone@custom.example",
      .host = "imap.custom.example",
      .auth = MAIL_AUTH_PASSWORD,
      .lines = lines,
      .registry = registry,
    };
    g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);

    g_assert_cmpstr (diagnosis->code, ==, "auth-invalid-credentials");
    g_assert_nonnull (strstr (diagnosis->server_text, "Orbital Mail Engine"));
  }

  g_unlink (path);
  g_rmdir (dir);
}

/* The family decides which words count: with the file's family "gmail", its servers' enhanced
 * code 5.7.14 means "sign in on the web first", as on Gmail. */
static void
test_family_reaches_diagnosis (void)
{
  static const char contoso[] =
    "[Provider]\nId=contoso-exchange\nName=Contoso\nDomains=contoso.example\n"
    "[IMAP]\nHost=imap.contoso.example\nSecurity=tls\n"
    "[SMTP]\nHost=smtp.contoso.example\nSecurity=starttls\n"
    "[Recognition]\nFamily=gmail\nAudience=organisation\n";
  g_autofree char *dir = g_dir_make_tmp ("mail-setup-recognition-XXXXXX", NULL);
  g_autofree char *path = install (dir, "contoso.provider", contoso);
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailProviderRegistry) empty = mail_provider_registry_new ();
  const char *lines[] = { "535 5.7.14 Denied", NULL };
  MailDiagnosisContext context = {
    .protocol = "smtp",
    .stage = "authenticate",
    .email = "someone@contoso.example",
    .host = "smtp.contoso.example",
    .auth = MAIL_AUTH_PASSWORD,
    .lines = lines,
  };
  g_autoptr(MailDiagnosis) recognised = NULL;
  g_autoptr(MailDiagnosis) unknown = NULL;

  g_assert_true (mail_provider_registry_load_file (registry, path, NULL));
  context.registry = registry;
  recognised = mail_diagnose (&context);
  context.registry = empty;
  unknown = mail_diagnose (&context);

  g_test_message ("%s / %s", recognised->code, unknown->code);
  g_assert_cmpstr (recognised->code, ==, "auth-web-login-required");
  g_assert_cmpstr (unknown->code, !=, "auth-web-login-required");

  g_unlink (path);
  g_rmdir (dir);
}

/* A file that replaces a built-in one (same Id) without a [Recognition] group is still that
 * provider: it keeps the family and audience; with the group, its own keys count. */
static void
test_replaced_keeps_recognition (void)
{
  static const char servers_only[] =
    "[Provider]\nId=outlook\nName=Outlook.com\nDomains=outlook-lab.test\n"
    "[IMAP]\nHost=imap.proxy.example\nSecurity=tls\n"
    "[SMTP]\nHost=smtp.proxy.example\nSecurity=starttls\n";
  static const char own_keys[] =
    "[Provider]\nId=outlook\nName=Outlook.com\nDomains=outlook-lab.test\n"
    "[IMAP]\nHost=imap.proxy.example\nSecurity=tls\n"
    "[SMTP]\nHost=smtp.proxy.example\nSecurity=starttls\n"
    "[Recognition]\nFamily=proxied\n";
  g_autofree char *dir = g_dir_make_tmp ("mail-setup-recognition-XXXXXX", NULL);
  g_autofree char *first = install (dir, "servers-only.provider", servers_only);
  g_autofree char *second = install (dir, "own-keys.provider", own_keys);
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  MailProvider *outlook;
  const Case inherited[] = {
    { NULL, "someone@outlook-lab.test", NULL, NULL, NULL, "outlook", "microsoft" },
    { NULL, "someone@hotmail.example", NULL, NULL, NULL, "outlook", "microsoft" },
    { NULL, NULL, "imap.proxy.example", NULL, NULL, "outlook", "microsoft" },
  };
  const Case own[] = {
    { NULL, "someone@outlook-lab.test", NULL, NULL, NULL, "outlook", "proxied" },
    { NULL, "someone@hotmail.example", NULL, NULL, NULL, NULL, NULL },
  };

  mail_provider_registry_load_defaults (registry);
  g_assert_true (mail_provider_registry_load_file (registry, first, NULL));
  outlook = mail_provider_registry_lookup (registry, "outlook");
  g_assert_cmpstr (outlook->imap.host, ==, "imap.proxy.example");
  g_assert_cmpstr (outlook->family, ==, "microsoft");
  g_assert_cmpint (outlook->audience, ==, MAIL_PROVIDER_AUDIENCE_PERSONAL);
  check_cases (registry, inherited, G_N_ELEMENTS (inherited));

  g_assert_true (mail_provider_registry_load_file (registry, second, NULL));
  outlook = mail_provider_registry_lookup (registry, "outlook");
  g_assert_cmpstr (outlook->family, ==, "proxied");
  g_assert_cmpint (outlook->audience, ==, MAIL_PROVIDER_AUDIENCE_UNKNOWN);
  check_cases (registry, own, G_N_ELEMENTS (own));

  g_unlink (first);
  g_unlink (second);
  g_rmdir (dir);
}

static gboolean
has_link (const MailDiagnosis *diagnosis,
          const char          *url)
{
  for (guint i = 0; i < diagnosis->links->len; i++)
    if (g_strcmp0 (g_ptr_array_index (diagnosis->links, i), url) == 0)
      return TRUE;
  return FALSE;
}

/* A provider's own pages come from its file: the diagnosis of Outlook.com's IMAP being off
 * links (and names in its steps) the SettingsUrl and Documentation of the "outlook" file in
 * the registry, the built-in one or one that replaces it. */
static void
test_links_from_data (void)
{
  static const char outlook_replaced[] =
    "[Provider]\nId=outlook\nName=Outlook.com\nDomains=outlook.com\n"
    "Documentation=https://docs.outlook.example/imap\n"
    "[IMAP]\nHost=outlook.office365.com\nSecurity=tls\n"
    "[SMTP]\nHost=smtp-mail.outlook.com\nSecurity=starttls\n"
    "[EnableIMAP]\nSteps=One\nSettingsUrl=https://settings.outlook.example/imap\n"
    "[Recognition]\nFamily=microsoft\nAudience=personal\n";
  const char *lines[] = { "BAD User is authenticated but not connected.", NULL };
  MailDiagnosisContext context = {
    .protocol = "imap",
    .stage = "select",
    .provider_id = "outlook",
    .email = "someone@outlook.com",
    .host = "outlook.office365.com",
    .auth = MAIL_AUTH_OAUTH2,
    .lines = lines,
  };
  g_autoptr(MailProviderRegistry) builtin = mail_provider_registry_new ();
  g_autoptr(MailProviderRegistry) replaced = mail_provider_registry_new ();
  g_autofree char *dir = g_dir_make_tmp ("mail-setup-recognition-XXXXXX", NULL);
  g_autofree char *path = install (dir, "outlook.provider", outlook_replaced);
  MailProvider *outlook;
  g_autoptr(MailDiagnosis) first = NULL;
  g_autoptr(MailDiagnosis) second = NULL;
  g_autofree char *fixes = NULL;

  mail_provider_registry_load_defaults (builtin);
  outlook = mail_provider_registry_lookup (builtin, "outlook");
  context.registry = builtin;
  first = mail_diagnose (&context);
  g_assert_cmpstr (first->code, ==, "imap-disabled");
  g_assert_true (has_link (first, outlook->settings_url));
  g_assert_true (has_link (first, outlook->documentation));
  g_ptr_array_add (first->fixes, NULL);
  fixes = g_strjoinv ("\n", (char **) first->fixes->pdata);
  g_assert_nonnull (strstr (fixes, outlook->settings_url));
  g_assert_null (strstr (fixes, "%provider"));
  g_clear_pointer (&fixes, g_free);

  g_assert_true (mail_provider_registry_load_file (replaced, path, NULL));
  context.registry = replaced;
  second = mail_diagnose (&context);
  g_assert_cmpstr (second->code, ==, "imap-disabled");
  g_assert_true (has_link (second, "https://settings.outlook.example/imap"));
  g_assert_true (has_link (second, "https://docs.outlook.example/imap"));
  g_assert_false (has_link (second, outlook->settings_url));
  g_ptr_array_add (second->fixes, NULL);
  fixes = g_strjoinv ("\n", (char **) second->fixes->pdata);
  g_assert_nonnull (strstr (fixes, "https://settings.outlook.example/imap"));

  g_unlink (path);
  g_rmdir (dir);
}

/* One step vocabulary: the wizard's label and the diagnosis's "when" for the same stage. */
static void
test_steps (void)
{
  const char *lines[] = { "NO [AUTHENTICATIONFAILED] Authentication failed.", NULL };
  const MailDiagnosisContext context = {
    .protocol = "imap",
    .stage = "select",
    .host = "mail.example.org",
    .lines = lines,
  };
  g_autoptr(MailDiagnosis) diagnosis = NULL;

  g_assert_cmpstr (mail_step_label ("authenticate"), ==, "Signing in");
  g_assert_cmpstr (mail_step_label ("select"), ==, "Opening the inbox");
  g_assert_cmpstr (mail_step_label ("token"), ==, "token");
  g_assert_cmpstr (mail_step_label ("no-such-step"), ==, "no-such-step");
  g_assert_cmpstr (mail_step_words ("authenticate"), ==, "while signing in");
  g_assert_cmpstr (mail_step_words ("refresh"), ==, "while renewing the saved sign-in");
  g_assert_null (mail_step_words ("no-such-step"));

  /* server-timeout says %STAGE% in its title */
  diagnosis = mail_diagnosis_new_for_code ("server-timeout", &context);
  g_assert_nonnull (strstr (diagnosis->title, mail_step_words ("select")));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *config = g_dir_make_tmp ("mail-setup-recognition-config-XXXXXX", NULL);

  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/provider-recognition/validation", test_validation);
  g_test_add_func ("/provider-recognition/builtin", test_builtin);
  g_test_add_func ("/provider-recognition/from-data", test_from_data);
  g_test_add_func ("/provider-recognition/family-reaches-diagnosis",
                   test_family_reaches_diagnosis);
  g_test_add_func ("/provider-recognition/replaced-keeps-recognition",
                   test_replaced_keeps_recognition);
  g_test_add_func ("/provider-recognition/links-from-data", test_links_from_data);
  g_test_add_func ("/provider-recognition/steps", test_steps);

  return g_test_run ();
}
