/* test-diagnosis.c: every real failure becomes the right diagnosis, with texts people can use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "mail-diagnosis.h"
#include "test-diagnosis-words.h"

/* ---------------------------------------------------------------- helpers */

static MailAuthKind
auth_from (const char *text)
{
  MailAuthKind auth = MAIL_AUTH_NONE;

  if (text != NULL)
    g_assert_true (mail_auth_kind_from_string (text, &auth));
  return auth;
}

static const char *
stage_from_corpus (const char *stage)
{
  /* The corpus says "auth" for the sign-in step; the spec's stage name is "authenticate". */
  return g_strcmp0 (stage, "auth") == 0 ? "authenticate" : stage;
}

static char *
read_source_file (const char *relative)
{
  const char *source_dir = g_getenv ("MAIL_SETUP_SOURCE_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  if (source_dir == NULL)
    source_dir = MAIL_SETUP_SOURCE_DIR;
  path = g_build_filename (source_dir, relative, NULL);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static gboolean
strv_has (GPtrArray  *array,
          const char *needle)
{
  for (guint i = 0; i < array->len; i++)
    if (strstr (g_ptr_array_index (array, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

static char *
all_fixes (const MailDiagnosis *diagnosis)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < diagnosis->fixes->len; i++)
    g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (diagnosis->fixes, i));
  return g_string_free (out, FALSE);
}

/* ---------------------------------------------------------------- the corpus */

typedef struct
{
  char              *id;
  char              *protocol;
  char              *provider;
  char              *email;
  char              *auth;
  char              *stage;
  char             **lines;
  char             **expect;
} CorpusCase;

static void
corpus_case_free (gpointer data)
{
  CorpusCase *c = data;

  g_free (c->id);
  g_free (c->protocol);
  g_free (c->provider);
  g_free (c->email);
  g_free (c->auth);
  g_free (c->stage);
  g_strfreev (c->lines);
  g_strfreev (c->expect);
  g_free (c);
}

static char **
string_array (JsonObject *object,
              const char *name)
{
  JsonArray *array = json_object_get_array_member (object, name);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **result;

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_strv_builder_add (builder, json_array_get_string_element (array, i));
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

static GPtrArray *
load_corpus (void)
{
  const char *path = g_getenv ("CORPUS_FILE");
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *cases = g_ptr_array_new_with_free_func (corpus_case_free);

  g_assert_nonnull (path);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *object;
      CorpusCase *c;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      /* Conditions (tests/data/README.md) have no words: test-probe-look replays them. */
      if (json_object_has_member (object, "condition"))
        continue;

      c = g_new0 (CorpusCase, 1);
      c->id = g_strdup (json_object_get_string_member (object, "id"));
      c->protocol = g_strdup (json_object_get_string_member (object, "protocol"));
      c->provider = g_strdup (json_object_get_string_member_with_default (object, "provider",
          NULL));
      c->email = g_strdup (json_object_get_string_member_with_default (object, "email", NULL));
      c->auth = g_strdup (json_object_get_string_member_with_default (object, "auth", NULL));
      c->stage = g_strdup (json_object_get_string_member (object, "stage"));
      c->lines = string_array (object, "lines");
      c->expect = string_array (object, "expect");
      g_ptr_array_add (cases, c);
    }

  return cases;
}

static void
test_corpus_case (gconstpointer data)
{
  const CorpusCase *c = data;
  MailDiagnosisContext context = {
    .protocol = c->protocol,
    .stage = stage_from_corpus (c->stage),
    .provider_id = c->provider,
    .email = c->email,
    .auth = auth_from (c->auth),
    .lines = (const char *const *) c->lines,
  };
  g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);

  g_test_message ("%s: %s → %s", c->id, c->lines[0], diagnosis->code);
  /* The best answer, not merely an acceptable one. */
  g_assert_cmpstr (diagnosis->code, ==, c->expect[0]);
  g_assert_cmpstr (diagnosis->stage, ==, stage_from_corpus (c->stage));
  g_assert_nonnull (diagnosis->server_text);
  g_assert_cmpuint (diagnosis->fixes->len, >, 0);
}

/* The same cases, without saying which provider it is: the address must be enough. */
static void
test_corpus_case_without_provider (gconstpointer data)
{
  const CorpusCase *c = data;
  MailDiagnosisContext context = {
    .protocol = c->protocol,
    .stage = stage_from_corpus (c->stage),
    .email = c->email,
    .auth = auth_from (c->auth),
    .lines = (const char *const *) c->lines,
  };
  g_autoptr(MailDiagnosis) diagnosis = NULL;

  /* contoso.com is a custom domain: only its host name or words say "Microsoft". */
  if (g_str_has_suffix (c->email, "@contoso.com"))
    context.host = g_strcmp0 (c->protocol, "smtp") == 0 ? "smtp.office365.com" :
                   g_strcmp0 (c->protocol, "imap") == 0 ? "outlook.office365.com" :
                   "login.microsoftonline.com";

  diagnosis = mail_diagnose (&context);
  g_assert_true (g_strv_contains ((const char *const *) c->expect, diagnosis->code));
}

/* ---------------------------------------------------------------- same words, other advice */

static void
test_microsoft_versus_dovecot (void)
{
  const char *lines[] = { "NO AUTHENTICATE failed.", NULL };
  MailDiagnosisContext microsoft = {
    .protocol = "imap", .stage = "authenticate", .email = "someone@contoso.com",
    .host = "outlook.office365.com", .auth = MAIL_AUTH_OAUTH2, .lines = lines,
  };
  MailDiagnosisContext dovecot = {
    .protocol = "imap", .stage = "authenticate", .email = "someone@example.org",
    .host = "imap.example.org", .greeting = "* OK [CAPABILITY IMAP4rev1] Dovecot (Debian) ready.",
    .auth = MAIL_AUTH_OAUTH2, .lines = lines,
  };
  const char *password_lines[] = { "NO [AUTHENTICATIONFAILED] Authentication failed.", NULL };
  g_autoptr(MailDiagnosis) at_microsoft = mail_diagnose (&microsoft);
  g_autoptr(MailDiagnosis) at_dovecot = mail_diagnose (&dovecot);
  g_autoptr(MailDiagnosis) password_microsoft = NULL;
  g_autoptr(MailDiagnosis) password_dovecot = NULL;
  g_autofree char *microsoft_fixes = all_fixes (at_microsoft);
  g_autofree char *dovecot_fixes = all_fixes (at_dovecot);

  /* Same code, but Microsoft's advice names the Outlook scope and IMAP being off. */
  g_assert_cmpstr (at_microsoft->code, ==, "auth-oauth-token-rejected");
  g_assert_cmpstr (at_dovecot->code, ==, "auth-oauth-token-rejected");
  g_assert_cmpstr (microsoft_fixes, !=, dovecot_fixes);
  g_assert_nonnull (strstr (microsoft_fixes, "IMAP.AccessAsUser.All"));
  g_assert_nonnull (strstr (microsoft_fixes,
      "Set-CASMailbox -Identity someone@contoso.com -ImapEnabled $true"));
  g_assert_nonnull (strstr (at_microsoft->explanation, "graph.microsoft.com"));
  g_assert_null (strstr (dovecot_fixes, "CASMailbox"));
  g_assert_null (strstr (at_dovecot->explanation, "Microsoft"));

  /* With a password the same refusal even gets a different code. */
  microsoft.auth = dovecot.auth = MAIL_AUTH_PASSWORD;
  microsoft.lines = dovecot.lines = password_lines;
  password_microsoft = mail_diagnose (&microsoft);
  password_dovecot = mail_diagnose (&dovecot);
  g_assert_cmpstr (password_microsoft->code, ==, "auth-basic-disabled");
  g_assert_cmpstr (password_dovecot->code, ==, "auth-invalid-credentials");
}

static void
test_microsoft_imap_disabled_texts (void)
{
  const char *lines[] = { "BAD User is authenticated but not connected.", NULL };
  MailDiagnosisContext context = {
    .protocol = "imap", .stage = "select", .email = "someone@contoso.com",
    .host = "outlook.office365.com", .auth = MAIL_AUTH_OAUTH2, .lines = lines,
  };
  g_autoptr(MailDiagnosis) m365 = mail_diagnose (&context);
  g_autoptr(MailDiagnosis) outlook = NULL;
  g_autoptr(MailDiagnosis) unknown_microsoft = NULL;
  g_autofree char *m365_fixes = all_fixes (m365);
  g_autofree char *outlook_fixes = NULL;
  g_autofree char *all = NULL;

  g_assert_cmpstr (m365->code, ==, "imap-disabled");
  g_assert_cmpstr (m365->server_text, ==, "BAD User is authenticated but not connected.");
  g_assert_nonnull (strstr (m365_fixes, "Manage email apps"));
  g_assert_nonnull (strstr (m365_fixes,
      "Set-CASMailbox -Identity someone@contoso.com -ImapEnabled $true"));
  g_assert_nonnull (strstr (m365_fixes, "Get-CASMailbox"));
  g_assert_nonnull (strstr (m365_fixes, "Add-MailboxPermission"));
  g_assert_null (strstr (m365_fixes, "%EMAIL%"));
  g_assert_true (strv_has (m365->links, "learn.microsoft.com"));

  context.email = "someone@outlook.com";
  context.host = NULL;
  outlook = mail_diagnose (&context);
  outlook_fixes = all_fixes (outlook);
  g_assert_cmpstr (outlook->code, ==, "imap-disabled");
  g_assert_nonnull (strstr (outlook_fixes, "Let devices and apps use IMAP"));
  g_assert_nonnull (strstr (outlook_fixes,
      "https://outlook.live.com/mail/0/options/mail/forwarding"));
  g_assert_nonnull (strstr (outlook_fixes, "https://account.live.com/activity"));
  g_assert_null (strstr (outlook_fixes, "Add-MailboxPermission"));

  /* A Microsoft server recognised only by its greeting gets all the causes. */
  context.email = "someone@example.org";
  context.greeting = "* OK The Microsoft Exchange IMAP4 service is ready. "
                     "[TQBOADIAUABSADAANQBDAEEAMAAwADAANAAuAG4AYQBtAHAAcgBkADAANQAuAHAAcgBv"
                     "AGQALgBvAHUAdABsAG8AbwBrAC4AYwBvAG0A]";
  unknown_microsoft = mail_diagnose (&context);
  all = all_fixes (unknown_microsoft);
  g_assert_cmpstr (unknown_microsoft->code, ==, "imap-disabled");
  g_assert_nonnull (strstr (all, "Let devices and apps use IMAP"));
  g_assert_nonnull (strstr (all, "ImapEnabled"));
  g_assert_nonnull (strstr (all, "Add-MailboxPermission"));
  g_assert_nonnull (strstr (all, "account.live.com/activity"));
  g_assert_nonnull (strstr (unknown_microsoft->explanation, "temporary"));
}

static void
test_smtp_auth_disabled_texts (void)
{
  const char *lines[] = { "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is "
                          "disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for "
                          "more information.", NULL };
  MailDiagnosisContext context = {
    .protocol = "smtp", .stage = "authenticate", .provider_id = "microsoft365",
    .email = "someone@contoso.com", .auth = MAIL_AUTH_OAUTH2, .lines = lines,
  };
  g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);
  g_autofree char *fixes = all_fixes (diagnosis);

  g_assert_cmpstr (diagnosis->code, ==, "smtp-auth-disabled");
  g_assert_nonnull (strstr (fixes,
      "Set-CASMailbox -Identity someone@contoso.com -SmtpClientAuthenticationDisabled $false"));
  g_assert_nonnull (strstr (fixes, "Authenticated SMTP"));
  g_assert_true (strv_has (diagnosis->links, "https://aka.ms/smtp_auth_disabled"));
}

/* The same Microsoft refusal when sending points at the SMTP switch, not at IMAP's. */
static void
test_microsoft_smtp_token_texts (void)
{
  const char *lines[] = { "535 5.7.3 Authentication unsuccessful "
                          "[FR3P281CA0094.DEUP281.PROD.OUTLOOK.COM]",
                          NULL };
  MailDiagnosisContext context = {
    .protocol = "smtp", .stage = "authenticate", .provider_id = "microsoft365",
    .email = "someone@contoso.com", .auth = MAIL_AUTH_OAUTH2, .lines = lines,
  };
  g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);
  g_autofree char *fixes = all_fixes (diagnosis);

  g_assert_cmpstr (diagnosis->code, ==, "auth-oauth-token-rejected");
  g_assert_nonnull (strstr (fixes, "-SmtpClientAuthenticationDisabled $false"));
  g_assert_nonnull (strstr (fixes, "Authenticated SMTP"));
  g_assert_null (strstr (fixes, "ImapEnabled"));
  g_assert_nonnull (strstr (diagnosis->explanation, "SMTP.Send"));
}

static void
test_gmail_texts (void)
{
  const char *app_lines[] = { "NO [ALERT] Application-specific password required: "
                              "https://support.google.com/accounts/answer/185833 (Failure)", NULL };
  const char *web_lines[] = { "NO [ALERT] Please log in via your web browser: "
                              "http://support.google.com/mail/accounts/bin/answer.py?answer=78754 "
                              "(Failure)", NULL };
  const char *many_lines[] = { "NO [ALERT] Too many simultaneous connections. (Failure)", NULL };
  MailDiagnosisContext context = {
    .protocol = "imap", .stage = "authenticate", .email = "someone@gmail.com",
    .auth = MAIL_AUTH_PASSWORD, .lines = app_lines,
  };
  g_autoptr(MailDiagnosis) app = mail_diagnose (&context);
  g_autoptr(MailDiagnosis) web = NULL;
  g_autoptr(MailDiagnosis) many = NULL;
  g_autofree char *app_fixes = all_fixes (app);
  g_autofree char *web_fixes = NULL;

  g_assert_cmpstr (app->code, ==, "auth-app-password-required");
  g_assert_nonnull (strstr (app_fixes, "https://myaccount.google.com/apppasswords"));
  g_assert_nonnull (strstr (app_fixes, "2-Step Verification"));

  context.lines = web_lines;
  web = mail_diagnose (&context);
  web_fixes = all_fixes (web);
  g_assert_cmpstr (web->code, ==, "auth-web-login-required");
  g_assert_nonnull (strstr (web_fixes, "mail.google.com"));
  g_assert_nonnull (strstr (web_fixes, "https://myaccount.google.com/notifications"));
  g_assert_nonnull (strstr (web_fixes, "retired"));

  context.lines = many_lines;
  many = mail_diagnose (&context);
  g_assert_cmpstr (many->code, ==, "too-many-connections");
  g_assert_nonnull (strstr (many->explanation, "15"));
}

static void
test_app_password_pages (void)
{
  struct { const char *email; const char *page; } providers[] = {
    { "someone@yahoo.com", "login.yahoo.com/account/security" },
    { "someone@aol.com", "login.aol.com/account/security" },
    { "someone@icloud.com", "account.apple.com" },
    { "someone@fastmail.com", "app password" },
    { "someone@gmx.net", "application-specific passwords" },
    { "someone@zoho.com", "accounts.zoho.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      MailDiagnosisContext context = {
        .protocol = "imap", .stage = "authenticate", .email = providers[i].email,
        .auth = MAIL_AUTH_PASSWORD,
      };
      g_autoptr(MailDiagnosis) diagnosis =
        mail_diagnosis_new_for_code ("auth-app-password-required", &context);
      g_autoptr(MailDiagnosis) invalid = mail_diagnosis_new_for_code ("auth-invalid-credentials",
          &context);
      g_autofree char *fixes = all_fixes (diagnosis);
      g_autofree char *invalid_fixes = all_fixes (invalid);

      g_test_message ("%s", providers[i].email);
      g_assert_true (strstr (fixes, providers[i].page) != NULL ||
                     strstr (invalid_fixes, providers[i].page) != NULL);
    }
}

static void
test_oauth_timeout_texts (void)
{
  MailDiagnosisContext generic = { .protocol = "oauth", .stage = "authorize",
      .email = "someone@example.org" };
  MailDiagnosisContext microsoft = { .protocol = "oauth", .stage = "authorize",
      .provider_id = "microsoft365" };
  MailDiagnosisContext google = { .protocol = "oauth", .stage = "authorize",
      .provider_id = "gmail" };
  g_autoptr(GError) error = g_error_new_literal (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
      "No answer from the browser");
  g_autoptr(MailDiagnosis) g = NULL;
  g_autoptr(MailDiagnosis) m = NULL;
  g_autoptr(MailDiagnosis) o = NULL;

  generic.error = microsoft.error = google.error = error;
  g = mail_diagnose (&generic);
  m = mail_diagnose (&microsoft);
  o = mail_diagnose (&google);

  g_assert_cmpstr (g->code, ==, "oauth-timeout");
  g_assert_cmpstr (m->code, ==, "oauth-timeout");
  g_assert_cmpstr (o->code, ==, "oauth-timeout");
  g_assert_nonnull (strstr (g->explanation, "browser tab"));
  g_assert_nonnull (strstr (g->explanation, "redirect"));
  g_assert_nonnull (strstr (m->explanation, "AADSTS50011"));
  g_assert_nonnull (strstr (m->explanation, "AADSTS7000112"));
  g_assert_nonnull (strstr (m->explanation, "AADSTS50020"));
  g_assert_nonnull (strstr (o->explanation, "redirect_uri_mismatch"));
  g_assert_nonnull (strstr (o->explanation, "verification"));
  g_assert_cmpuint (m->fixes->len, >, 0);
  g_assert_null (g->server_text);
}

/* A timeout says it was one, and where the server stopped answering. */
/* The provider's words choose the advice: NetEase's own steps, Yahoo's #AUTH005 explained. */
static void
test_issue11_texts (void)
{
  const char *netease_lines[] = { "NO EXAMINE Unsafe Login. Please contact kefu@188.com for help",
                                  NULL };
  const char *yahoo_lines[] = { "535 5.7.0 (#AUTH005) Too many bad auth attempts.", NULL };
  MailDiagnosisContext netease = {
    .protocol = "imap", .stage = "select", .email = "someone@163.com", .host = "imap.163.com",
    .port = 993, .auth = MAIL_AUTH_PASSWORD, .lines = netease_lines,
  };
  MailDiagnosisContext yahoo = {
    .protocol = "smtp", .stage = "authenticate", .provider_id = "yahoo",
    .email = "someone@yahoo.com", .host = "smtp.mail.yahoo.com", .port = 465,
    .auth = MAIL_AUTH_PASSWORD, .lines = yahoo_lines,
  };
  g_autoptr(MailDiagnosis) n = mail_diagnose (&netease);
  g_autoptr(MailDiagnosis) y = mail_diagnose (&yahoo);
  const char *too_many;
  const char *normal;

  g_assert_cmpstr (n->code, ==, "auth-web-login-required");
  g_assert_nonnull (strstr (n->title, "Unsafe Login"));
  g_assert_nonnull (strstr (n->explanation, "IMAP ID"));
  g_assert_nonnull (strstr (g_ptr_array_index (n->fixes, 0), "authorization code"));

  g_assert_cmpstr (y->code, ==, "auth-app-password-required");
  /* The app password first, the rate limit only second. */
  normal = strstr (y->explanation, "account password");
  too_many = strstr (y->explanation, "many failed sign-ins");
  g_assert_nonnull (normal);
  g_assert_nonnull (too_many);
  g_assert_true (normal < too_many);
  g_assert_nonnull (strstr (g_ptr_array_index (y->fixes, 0), "login.yahoo.com"));
}

static void
test_timeout_names_step (void)
{
  const char *stages[] = { "greeting", "starttls", "authenticate", "select", "ehlo" };

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                                                     "The server did not answer within 2 "
                                                     "seconds.");
      MailDiagnosisContext context = {
        .protocol = i == 4 ? "smtp" : "imap", .stage = stages[i], .host = "mail.example.org",
        .port = 143, .auth = MAIL_AUTH_PASSWORD, .error = error,
      };
      g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);

      g_assert_cmpstr (diagnosis->code, ==, "server-timeout");
      g_assert_cmpstr (diagnosis->stage, ==, stages[i]);
      g_assert_true (g_str_has_prefix (diagnosis->title, "The server stopped answering while "));
      g_assert_nonnull (strstr (diagnosis->explanation, "time limit"));
      g_assert_null (strstr (diagnosis->explanation, "said it cannot serve you"));
    }
}

/* ---------------------------------------------------------------- local errors */

typedef struct
{
  const char *stage;
  const char *domain;
  gint        code;
  const char *message;
  const char *expect;
} ErrorCase;

static void
test_local_errors (void)
{
  const ErrorCase cases[] = {
    { "resolve", "g-resolver-error-quark", G_RESOLVER_ERROR_NOT_FOUND,
      "Error resolving “imap.exmaple.org”: Name or service not known", "dns-not-found" },
    { "resolve", "g-resolver-error-quark", G_RESOLVER_ERROR_TEMPORARY_FAILURE,
      "Temporary failure in name resolution", "dns-failed" },
    { "connect", "g-io-error-quark", G_IO_ERROR_CONNECTION_REFUSED, "Connection refused",
      "connect-refused" },
    { "connect", "g-io-error-quark", G_IO_ERROR_TIMED_OUT, "Socket I/O timed out",
      "connect-timeout" },
    { "greeting", "mail-error-quark", MAIL_ERROR_TIMEOUT, "No greeting within 10 seconds",
      "server-timeout" },
    { "tls", "g-io-error-quark", G_IO_ERROR_TIMED_OUT, "Socket I/O timed out",
      "server-timeout" },
    { "select", "mail-error-quark", MAIL_ERROR_TIMEOUT, "No answer", "server-timeout" },
    { "resolve", "mail-error-quark", MAIL_ERROR_TIMEOUT, "No answer", "dns-failed" },
    { "connect", "g-io-error-quark", G_IO_ERROR_NETWORK_UNREACHABLE, "Network is unreachable",
      "network-unreachable" },
    { "connect", "g-io-error-quark", G_IO_ERROR_HOST_UNREACHABLE, "No route to host",
      "network-unreachable" },
    { "greeting", "g-io-error-quark", G_IO_ERROR_CONNECTION_CLOSED, "Connection reset by peer",
      "connection-closed" },
    { "authenticate", "g-io-error-quark", G_IO_ERROR_BROKEN_PIPE, "Broken pipe",
      "connection-closed" },
    { "select", "mail-error-quark", MAIL_ERROR_CLOSED, "The server closed the connection",
      "connection-closed" },
    { "tls", "mail-error-quark", MAIL_ERROR_WRONG_SECURITY, "TLS to a plain port",
      "wrong-security-mode" },
    { "greeting", "mail-error-quark", MAIL_ERROR_NOT_MAIL_SERVER, "HTTP/1.1 400 Bad Request",
      "not-a-mail-server" },
    { "tls", "g-tls-error-quark", G_TLS_ERROR_NOT_TLS, "Peer failed to perform TLS handshake",
      "wrong-security-mode" },
    { "tls", "g-tls-error-quark", G_TLS_ERROR_HANDSHAKE,
      "error:0A00010B:SSL routines::wrong version number", "wrong-security-mode" },
    { "tls", "g-tls-error-quark", G_TLS_ERROR_HANDSHAKE,
      "Peer sent fatal TLS alert: Handshake failed", "tls-protocol-mismatch" },
    { "tls", "g-tls-error-quark", G_TLS_ERROR_MISC, "No supported cipher suites",
      "tls-protocol-mismatch" },
    { "starttls", "mail-error-quark", MAIL_ERROR_STARTTLS_UNAVAILABLE, "No STARTTLS",
      "starttls-unavailable" },
    { "capability", "mail-error-quark", MAIL_ERROR_MECHANISM_UNAVAILABLE, "No AUTH=XOAUTH2",
      "auth-mechanism-unavailable" },
    { "authenticate", "mail-error-quark", MAIL_ERROR_TIMEOUT, "No answer",
      "server-timeout" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (g_quark_from_string (cases[i].domain),
                                                     cases[i].code, cases[i].message);
      MailDiagnosisContext context = {
        .protocol = "imap", .stage = cases[i].stage, .email = "someone@example.org",
        .host = "imap.exmaple.org", .port = 993, .auth = MAIL_AUTH_PASSWORD, .error = error,
      };
      g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);

      g_test_message ("%s", cases[i].message);
      g_assert_cmpstr (diagnosis->code, ==, cases[i].expect);
      g_assert_null (diagnosis->server_text);
      /* The local details are kept for people who want them. */
      g_assert_nonnull (strstr (diagnosis->explanation, cases[i].message));
    }

  /* The quark names the tables use are the real ones. */
  g_assert_cmpstr (g_quark_to_string (G_IO_ERROR), ==, "g-io-error-quark");
  g_assert_cmpstr (g_quark_to_string (G_RESOLVER_ERROR), ==, "g-resolver-error-quark");
  g_assert_cmpstr (g_quark_to_string (G_TLS_ERROR), ==, "g-tls-error-quark");
  g_assert_cmpstr (g_quark_to_string (MAIL_ERROR), ==, "mail-error-quark");
}

static void
test_dns_texts_name_host (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
      "not found");
  MailDiagnosisContext context = {
    .protocol = "smtp", .stage = "resolve", .host = "smtp.exmaple.org", .port = 587, .error = error,
  };
  g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);
  g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED,
      "refused");
  g_autoptr(MailDiagnosis) refused_diagnosis = NULL;

  g_assert_cmpstr (diagnosis->code, ==, "dns-not-found");
  g_assert_nonnull (strstr (diagnosis->explanation, "“smtp.exmaple.org”"));

  context.stage = "connect";
  context.error = refused;
  refused_diagnosis = mail_diagnose (&context);
  g_assert_nonnull (strstr (refused_diagnosis->explanation, "587"));
}

static MailCertificateInfo *
make_certificate (GTlsCertificateFlags errors)
{
  MailCertificateInfo *info = g_new0 (MailCertificateInfo, 1);
  const char *names[] = { "mail.example.net", "imap.example.net", NULL };

  info->subject = g_strdup ("CN=mail.example.net");
  info->issuer = g_strdup ("CN=Example Private CA, O=Example");
  info->not_before = g_strdup ("2025-01-01T00:00:00Z");
  info->not_after = g_strdup ("2026-01-01T00:00:00Z");
  info->sha256 = g_strdup ("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                           "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89");
  info->names = g_strdupv ((char **) names);
  info->errors = errors;
  info->pem = g_strdup ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
  return info;
}

static void
test_certificates (void)
{
  const struct { GTlsCertificateFlags flags; const char *expect; } cases[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "tls-untrusted" },
    { G_TLS_CERTIFICATE_EXPIRED, "tls-expired" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "tls-expired" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "tls-hostname-mismatch" },
    /* Documented order: name first, then dates, then the issuer. */
    { G_TLS_CERTIFICATE_BAD_IDENTITY | G_TLS_CERTIFICATE_UNKNOWN_CA, "tls-hostname-mismatch" },
    { G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_UNKNOWN_CA, "tls-expired" },
    { G_TLS_CERTIFICATE_REVOKED, "tls-untrusted" },
  };
  g_autoptr(GError) error = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
                                                 "Unacceptable TLS certificate");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MailCertificateInfo) info = make_certificate (cases[i].flags);
      MailDiagnosisContext context = {
        .protocol = "imap", .stage = "tls", .host = "mail.example.org", .port = 993,
        .error = error, .certificate = info,
      };
      g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);

      g_assert_cmpstr (diagnosis->code, ==, cases[i].expect);
      g_assert_nonnull (diagnosis->certificate);
      g_assert_cmpstr (diagnosis->certificate->sha256, ==, info->sha256);
      g_assert_nonnull (strstr (diagnosis->explanation, "CN=mail.example.net"));
      g_assert_nonnull (strstr (diagnosis->explanation, "CN=Example Private CA"));
      g_assert_nonnull (strstr (diagnosis->explanation, "2026-01-01T00:00:00Z"));
      g_assert_nonnull (strstr (diagnosis->explanation, info->sha256));
    }

  /* A certificate issued by itself is called what it is. */
  {
    g_autoptr(MailCertificateInfo) info = make_certificate (G_TLS_CERTIFICATE_UNKNOWN_CA);
    MailDiagnosisContext context = {
      .protocol = "imap", .stage = "tls", .host = "mail.example.net", .error = error,
      .certificate = info,
    };
    g_autoptr(MailDiagnosis) diagnosis = NULL;

    g_free (info->issuer);
    info->issuer = g_strdup (info->subject);
    diagnosis = mail_diagnose (&context);
    g_assert_cmpstr (diagnosis->code, ==, "tls-untrusted");
    g_assert_nonnull (strstr (diagnosis->explanation, "self-signed certificate)"));
  }

  /* Without certificate details the issuer is the safe assumption. */
  {
    MailDiagnosisContext context = { .protocol = "smtp", .stage = "starttls", .error = error };
    g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);

    g_assert_cmpstr (diagnosis->code, ==, "tls-untrusted");
    g_assert_null (diagnosis->certificate);
  }
}

static void
test_keyring (void)
{
  g_autoptr(GError) dbus = g_error_new_literal (G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN,
                                                "org.freedesktop.secrets was not provided");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
      "Prompt dismissed");
  MailDiagnosisContext context = { .protocol = "keyring", .stage = "keyring", .error = dbus };
  g_autoptr(MailDiagnosis) unavailable = mail_diagnose (&context);
  g_autoptr(MailDiagnosis) locked = NULL;

  g_assert_cmpstr (unavailable->code, ==, "keyring-unavailable");
  context.error = cancelled;
  locked = mail_diagnose (&context);
  g_assert_cmpstr (locked->code, ==, "keyring-locked");
}

/* ---------------------------------------------------------------- texts for every code */

static GPtrArray *
spec_codes (void)
{
  g_autofree char *spec = read_source_file ("docs/diagnosis-codes.md");
  g_autoptr(GRegex) regex = g_regex_new ("^\\| `([a-z0-9-]+)` \\|", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  g_regex_match (regex, spec, 0, &match);
  while (g_match_info_matches (match))
    {
      g_ptr_array_add (codes, g_match_info_fetch (match, 1));
      g_match_info_next (match, NULL);
    }
  return codes;
}

static void
test_every_code_has_texts (void)
{
  g_autoptr(GPtrArray) codes = spec_codes ();
  const char *providers[] = { NULL, "outlook", "microsoft365", "gmail", "yahoo", "aol", "icloud",
                              "fastmail", "gmx", "webde", "zoho", "lab" };

  g_assert_cmpuint (codes->len, >=, 50);

  /* Without any context: generic texts, and placeholders still read as words. */
  {
    g_autoptr(MailDiagnosis) bare = mail_diagnosis_new_for_code ("imap-disabled", NULL);

    g_assert_cmpstr (bare->code, ==, "imap-disabled");
    g_assert_cmpstr (bare->stage, ==, "");
    g_assert_null (bare->server_text);
    g_assert_true (strv_has (bare->fixes, "<your address>"));
  }
  g_assert_false (mail_diagnosis_code_is_known ("no-such-code"));
  g_assert_false (mail_diagnosis_code_is_known (NULL));

  for (guint i = 0; i < codes->len; i++)
    for (guint p = 0; p < G_N_ELEMENTS (providers); p++)
      {
        const char *code = g_ptr_array_index (codes, i);
        MailDiagnosisContext context = {
          .protocol = "imap", .stage = "authenticate", .provider_id = providers[p],
          .email = "someone@example.org", .host = "imap.example.org", .port = 993,
        };
        g_autoptr(MailDiagnosis) diagnosis = NULL;
        g_autofree char *text = NULL;

        g_assert_true (mail_diagnosis_code_is_known (code));
        diagnosis = mail_diagnosis_new_for_code (code, &context);
        g_assert_cmpstr (diagnosis->code, ==, code);
        g_assert_cmpstr (diagnosis->stage, ==, "authenticate");
        g_assert_cmpuint (strlen (diagnosis->title), >, 10);
        g_assert_cmpuint (strlen (diagnosis->title), <, 90);
        g_assert_cmpuint (strlen (diagnosis->explanation), >, 40);
        g_assert_cmpuint (diagnosis->fixes->len, >, 0);
        for (guint f = 0; f < diagnosis->fixes->len; f++)
          g_assert_cmpuint (strlen (g_ptr_array_index (diagnosis->fixes, f)), >, 10);
        for (guint l = 0; l < diagnosis->links->len; l++)
          g_assert_true (g_str_has_prefix (g_ptr_array_index (diagnosis->links, l), "https://"));

        text = mail_diagnosis_to_text (diagnosis);
        g_assert_null (strstr (text, "%EMAIL%"));
        g_assert_null (strstr (text, "%HOST%"));
        g_assert_null (strstr (text, "%PORT%"));
        g_assert_null (strstr (text, "%STAGE%"));
      }
}

static void
test_unknown_keeps_server_words (void)
{
  const char *lines[] = { "NO [SOMETHING] A reply nobody has seen before", NULL };
  MailDiagnosisContext context = {
    .protocol = "imap", .stage = "logout", .auth = MAIL_AUTH_PASSWORD, .lines = lines,
  };
  g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);
  g_autofree char *text = mail_diagnosis_to_text (diagnosis);

  g_assert_cmpstr (diagnosis->code, ==, "unknown");
  g_assert_cmpstr (diagnosis->server_text, ==, lines[0]);
  g_assert_nonnull (strstr (diagnosis->explanation, "while signing out"));
  g_assert_nonnull (strstr (text, "The server said:"));
  g_assert_nonnull (strstr (text, lines[0]));
  g_assert_nonnull (strstr (text, "1. "));
}

/* ---------------------------------------------------------------- output shapes */

static void
test_json_shape (void)
{
  const char *lines[] = { "BAD User is authenticated but not connected.", NULL };
  g_autoptr(GError) error = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "bad");
  g_autoptr(MailCertificateInfo) info = make_certificate (G_TLS_CERTIFICATE_UNKNOWN_CA);
  MailDiagnosisContext plain = {
    .protocol = "imap", .stage = "select", .provider_id = "outlook", .email = "someone@outlook.com",
    .auth = MAIL_AUTH_OAUTH2, .lines = lines,
  };
  MailDiagnosisContext tls = {
    .protocol = "imap", .stage = "tls", .host = "mail.example.org", .error = error,
        .certificate = info,
  };
  MailDiagnosis *diagnoses[2];

  diagnoses[0] = mail_diagnose (&plain);
  diagnoses[1] = mail_diagnose (&tls);

  for (guint i = 0; i < G_N_ELEMENTS (diagnoses); i++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(MailDiagnosis) copy = mail_diagnosis_copy (diagnoses[i]);
      JsonObject *object;
      JsonNode *server_text;
      const char *expected[] = { "code", "stage", "title", "explanation", "fixes", "links",
          "server_text" };

      mail_diagnosis_to_json (diagnoses[i], builder);
      root = json_builder_get_root (builder);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
      object = json_node_get_object (root);

      for (guint m = 0; m < G_N_ELEMENTS (expected); m++)
        g_assert_true (json_object_has_member (object, expected[m]));
      g_assert_cmpuint (json_object_get_size (object), ==,
          G_N_ELEMENTS (expected) + (i == 1 ? 1 : 0));
      g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, diagnoses[i]->code);
      g_assert_cmpstr (json_object_get_string_member (object, "stage"), ==,
          i == 0 ? "select" : "tls");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "fixes")), ==,
                        diagnoses[i]->fixes->len);
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "links")));
      server_text = json_object_get_member (object, "server_text");
      if (i == 0)
        g_assert_cmpstr (json_node_get_string (server_text), ==, lines[0]);
      else
        g_assert_true (JSON_NODE_HOLDS_NULL (server_text));
      g_assert_cmpint (json_object_has_member (object, "certificate"), ==, i == 1);
      if (i == 1)
        g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "certificate")));

      /* A copy is equal and independent. */
      g_assert_cmpstr (copy->code, ==, diagnoses[i]->code);
      g_assert_cmpstr (copy->explanation, ==, diagnoses[i]->explanation);
      g_assert_cmpuint (copy->fixes->len, ==, diagnoses[i]->fixes->len);
      g_assert_true (copy->fixes != diagnoses[i]->fixes);
      g_assert_cmpint (copy->certificate != NULL, ==, i == 1);
    }

  mail_diagnosis_free (diagnoses[0]);
  mail_diagnosis_free (diagnoses[1]);
  g_assert_true (g_type_is_a (MAIL_TYPE_DIAGNOSIS, G_TYPE_BOXED));
}

static void
test_marked_for_translation (void)
{
  g_autofree char *potfiles = read_source_file ("po/POTFILES.in");
  g_auto(GStrv) lines = g_strsplit (potfiles, "\n", -1);

  g_assert_true (g_strv_contains ((const char *const *) lines, "src/core/diagnosis/mail-diagnosis.c"));
  g_assert_true (g_strv_contains ((const char *const *) lines, "src/core/diagnosis/mail-diagnosis-texts.c"));
  g_assert_true (g_strv_contains ((const char *const *) lines,
                                  "src/core/diagnosis/mail-diagnosis-provider-texts.c"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) corpus = NULL;

  g_test_init (&argc, &argv, NULL);

  corpus = load_corpus ();
  for (guint i = 0; i < corpus->len; i++)
    {
      CorpusCase *c = g_ptr_array_index (corpus, i);
      g_autofree char *path = g_strdup_printf ("/diagnosis/corpus/%s", c->id);
      g_autofree char *bare = g_strdup_printf ("/diagnosis/corpus-without-provider/%s", c->id);

      g_test_add_data_func (path, c, test_corpus_case);
      g_test_add_data_func (bare, c, test_corpus_case_without_provider);
    }
  test_diagnosis_add_words_tests ();

  g_test_add_func ("/diagnosis/timeout-names-step", test_timeout_names_step);
  g_test_add_func ("/diagnosis/texts/issue-11", test_issue11_texts);
  g_test_add_func ("/diagnosis/microsoft-versus-dovecot", test_microsoft_versus_dovecot);
  g_test_add_func ("/diagnosis/texts/microsoft-imap-disabled", test_microsoft_imap_disabled_texts);
  g_test_add_func ("/diagnosis/texts/smtp-auth-disabled", test_smtp_auth_disabled_texts);
  g_test_add_func ("/diagnosis/texts/microsoft-smtp-token", test_microsoft_smtp_token_texts);
  g_test_add_func ("/diagnosis/texts/gmail", test_gmail_texts);
  g_test_add_func ("/diagnosis/texts/app-password-pages", test_app_password_pages);
  g_test_add_func ("/diagnosis/texts/oauth-timeout", test_oauth_timeout_texts);
  g_test_add_func ("/diagnosis/texts/every-code", test_every_code_has_texts);
  g_test_add_func ("/diagnosis/texts/dns-names-host", test_dns_texts_name_host);
  g_test_add_func ("/diagnosis/texts/translatable", test_marked_for_translation);
  g_test_add_func ("/diagnosis/local-errors", test_local_errors);
  g_test_add_func ("/diagnosis/certificates", test_certificates);
  g_test_add_func ("/diagnosis/keyring", test_keyring);
  g_test_add_func ("/diagnosis/unknown", test_unknown_keeps_server_words);
  g_test_add_func ("/diagnosis/json-shape", test_json_shape);

  return g_test_run ();
}
