/* test-diagnosis-words.c: server words not in the corpus become the right code, and hostile
 * words are shown safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Part of test-diagnosis (the /diagnosis/words/ cases, secrets-scrubbed and garbage).
 */
#include "config.h"

#include <string.h>

#include "mail-diagnosis.h"
#include "test-diagnosis-words.h"

/* ---------------------------------------------------------------- words not in the corpus */

typedef struct
{
  const char *name;
  const char *protocol;
  const char *stage;
  const char *provider;
  const char *email;
  const char *host;
  const char *greeting;
  MailAuthKind auth;
  const char *lines[6];
  const char *expect;
} WordsCase;

static const WordsCase words_cases[] = {
  { "ms-not-connected-by-host", "imap", "select", NULL, "someone@contoso.com",
    "outlook.office365.com",
    NULL, MAIL_AUTH_OAUTH2, { "BAD User is authenticated but not connected." }, "imap-disabled" },
  { "ms-not-connected-tagged", "imap", "select", NULL, "someone@outlook.com", NULL, NULL,
    MAIL_AUTH_OAUTH2, { "A0003 BAD User is authenticated but not connected." }, "imap-disabled" },
  { "ms-login-failed-password", "imap", "authenticate", NULL, "someone@hotmail.com", NULL, NULL,
    MAIL_AUTH_PASSWORD, { "NO LOGIN failed." }, "auth-basic-disabled" },
  { "ms-login-failed-by-greeting", "imap", "authenticate", NULL, "someone@example.org",
    "mail.example.org",
    "* OK The Microsoft Exchange IMAP4 service is ready.", MAIL_AUTH_PASSWORD,
    { "NO LOGIN failed." }, "auth-basic-disabled" },
  { "ms-authenticate-failed-oauth", "imap", "authenticate", "outlook", "someone@outlook.com", NULL,
    NULL,
    MAIL_AUTH_OAUTH2, { "NO AUTHENTICATE failed." }, "auth-oauth-token-rejected" },
  { "yahoo-oauth-invalid", "imap", "authenticate", "yahoo", "someone@yahoo.com", NULL, NULL,
    MAIL_AUTH_OAUTH2, { "NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials" },
        "auth-oauth-token-rejected" },
  { "yahoo-app-password-wrong", "imap", "authenticate", "yahoo", "someone@yahoo.com", NULL, NULL,
    MAIL_AUTH_APP_PASSWORD, { "NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials" },
        "auth-invalid-credentials" },
  { "dovecot-password", "imap", "authenticate", NULL, "someone@example.org", "imap.example.org",
    "* OK [CAPABILITY IMAP4rev1 SASL-IR] Dovecot (Debian) ready.", MAIL_AUTH_PASSWORD,
    { "NO [AUTHENTICATIONFAILED] Authentication failed." }, "auth-invalid-credentials" },
  { "dovecot-oauth-challenge", "imap", "authenticate", NULL, "someone@example.org",
    "imap.example.org", NULL,
    MAIL_AUTH_OAUTH2, { "+ eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIn0=",
        "NO [AUTHENTICATIONFAILED] Authentication failed." },
    "auth-oauth-token-rejected" },
  { "scope-challenge", "imap", "authenticate", NULL, "someone@example.org", "imap.example.org",
    NULL,
    MAIL_AUTH_OAUTH2, { "+ eyJzdGF0dXMiOiJpbnN1ZmZpY2llbnRfc2NvcGUifQ==",
        "NO [AUTHENTICATIONFAILED] Authentication failed." },
    "auth-oauth-scope" },
  { "gmail-alert-invalid-password", "imap", "authenticate", NULL, "someone@googlemail.com", NULL,
    NULL,
    MAIL_AUTH_PASSWORD, { "NO [ALERT] Invalid credentials (Failure)" },
        "auth-app-password-required" },
  { "gmail-not-enabled", "imap", "authenticate", "gmail", "someone@gmail.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
        { "NO [ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings "
          "page and enable your account for IMAP access. (Failure)" },
    "imap-disabled" },
  { "bye-at-greeting", "imap", "greeting", NULL, "someone@example.org", "imap.example.org", NULL,
    MAIL_AUTH_PASSWORD, { "* BYE Server shutting down." }, "server-unavailable" },
  { "greeting-is-the-words", "imap", "greeting", NULL, "someone@example.org", "imap.example.org",
    "* BYE Too many connections from your IP address", MAIL_AUTH_PASSWORD, { NULL },
    "too-many-connections" },
  { "bye-too-many", "imap", "greeting", NULL, "someone@example.org", "imap.example.org", NULL,
    MAIL_AUTH_PASSWORD, { "* BYE Too many connections from your IP address" },
        "too-many-connections" },
  { "unavailable-at-auth", "imap", "authenticate", NULL, "someone@example.org", "imap.example.org",
    NULL,
    MAIL_AUTH_PASSWORD,
        { "NO [UNAVAILABLE] Temporary authentication failure. [host:2026-11-22 01:00:00]" },
    "auth-temporary-failure" },
  { "unavailable-at-select", "imap", "select", NULL, "someone@example.org", "imap.example.org",
    NULL,
    MAIL_AUTH_PASSWORD, { "NO [UNAVAILABLE] Mailbox is temporarily unavailable" },
        "server-unavailable" },
  { "select-nonexistent", "imap", "select", NULL, "someone@example.org", "imap.example.org", NULL,
    MAIL_AUTH_PASSWORD, { "NO [NONEXISTENT] Mailbox doesn't exist: Inbox2" },
        "mailbox-unavailable" },
  { "privacy-required", "imap", "authenticate", NULL, "someone@example.org", "imap.example.org",
    NULL,
    MAIL_AUTH_PASSWORD,
        { "NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) "
          "connections." },
    "starttls-required" },
  { "smtp-421", "smtp", "greeting", NULL, "someone@example.org", "smtp.example.org", NULL,
    MAIL_AUTH_PASSWORD, { "421 4.7.0 Try again later, closing connection." },
        "server-unavailable" },
  { "smtp-421-auth", "smtp", "authenticate", "gmail", "someone@gmail.com", NULL, NULL,
    MAIL_AUTH_OAUTH2, { "421 4.7.0 Try again later, closing connection. (AUTH) - gsmtp" },
        "server-unavailable" },
  { "smtp-too-many-logins", "smtp", "authenticate", "gmail", "someone@gmail.com", NULL, NULL,
    MAIL_AUTH_PASSWORD, { "454 4.7.0 Too many login attempts, please try again later. - gsmtp" },
    "auth-too-many-attempts" },
  { "smtp-sendas-554", "smtp", "sender", NULL, "someone@contoso.com", "smtp.office365.com", NULL,
    MAIL_AUTH_OAUTH2,
        { "554 5.2.252 SendAsDenied; someone@contoso.com not allowed to send as boss@contoso.com" },
    "smtp-send-as-denied" },
  { "smtp-sendas-5760-other-words", "smtp", "sender", NULL, "someone@contoso.com",
    "smtp.office365.com", NULL,
    MAIL_AUTH_OAUTH2,
        { "550 5.7.60 SMTP; Client does not have permissions to send as this sender "
          "[AM0PR01MB1234.eurprd01.prod.exchangelabs.com]" },
    "smtp-send-as-denied" },
  { "smtp-postfix-not-owned", "smtp", "sender", NULL, "someone@example.org", "smtp.example.org",
    NULL,
    MAIL_AUTH_PASSWORD,
        { "553 5.7.1 <boss@example.org>: Sender address rejected: not owned by user "
          "someone@example.org" },
    "smtp-send-as-denied" },
  { "smtp-must-starttls", "smtp", "authenticate", NULL, "someone@example.org", "smtp.example.org",
    NULL,
    MAIL_AUTH_PASSWORD, { "530 5.7.0 Must issue a STARTTLS command first" }, "starttls-required" },
  { "smtp-auth-required", "smtp", "sender", NULL, "someone@example.org", "smtp.example.org", NULL,
    MAIL_AUTH_NONE, { "530 5.7.0 Authentication Required" }, "smtp-auth-required" },
  { "smtp-ms-not-authenticated", "smtp", "sender", NULL, "someone@contoso.com",
    "smtp.office365.com", NULL,
    MAIL_AUTH_NONE,
        { "530 5.7.57 Client not authenticated to send mail. "
          "[DB8PR04CA0001.eurprd04.prod.outlook.com]" },
    "smtp-auth-required" },
  { "smtp-5-7-139-basic", "smtp", "authenticate", NULL, "someone@contoso.com",
    "smtp.office365.com", NULL,
    MAIL_AUTH_PASSWORD,
        { "535 5.7.139 Authentication unsuccessful, basic authentication is disabled. "
          "[AM0PR02CA0001.eurprd02.prod.outlook.com]" },
    "auth-basic-disabled" },
  { "smtp-5-7-139-credentials", "smtp", "authenticate", NULL, "someone@contoso.com",
    "smtp.office365.com", NULL,
    MAIL_AUTH_PASSWORD,
        { "535 5.7.139 Authentication unsuccessful, the user credentials were incorrect. "
          "[AM0PR02CA0001.eurprd02.prod.outlook.com]" },
    "auth-invalid-credentials" },
  { "smtp-ms-password-535", "smtp", "authenticate", NULL, "someone@outlook.com",
    "smtp-mail.outlook.com", NULL,
    MAIL_AUTH_PASSWORD,
        { "535 5.7.3 Authentication unsuccessful [BN0PR04CA0001.namprd04.prod.outlook.com]" },
    "auth-basic-disabled" },
  { "smtp-dovecot-535", "smtp", "authenticate", NULL, "someone@example.org", "smtp.example.org",
    NULL,
    MAIL_AUTH_OAUTH2, { "334 eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJtYWlsIn0=",
        "535 5.7.8 Authentication failed." },
    "auth-oauth-token-rejected" },
  { "smtp-helo", "smtp", "ehlo", NULL, "someone@example.org", "smtp.example.org", NULL,
    MAIL_AUTH_PASSWORD,
        { "504 5.5.2 <my laptop>: Helo command rejected: need fully-qualified hostname" },
    "smtp-ehlo-rejected" },
  { "smtp-greeting-554", "smtp", "greeting", NULL, "someone@example.org", "smtp.example.org", NULL,
    MAIL_AUTH_PASSWORD, { "554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked" },
        "server-unavailable" },
  { "smtp-starttls-454", "smtp", "starttls", NULL, "someone@example.org", "smtp.example.org", NULL,
    MAIL_AUTH_PASSWORD, { "454 4.7.0 TLS not available due to local problem" },
        "starttls-unavailable" },
  { "smtp-unrecognised-auth", "smtp", "authenticate", NULL, "someone@example.org",
    "smtp.example.org", NULL,
    MAIL_AUTH_OAUTH2, { "504 5.7.4 Unrecognized authentication type" },
        "auth-mechanism-unavailable" },
  { "zoho-imap-off", "imap", "authenticate", NULL, "someone@zoho.com", NULL, NULL,
    MAIL_AUTH_PASSWORD, { "NO You are yet to enable IMAP for your account. Please contact your "
    "administrator" }, "imap-disabled" },
  { "gmail-bandwidth", "imap", "authenticate", NULL, "someone@gmail.com", NULL, NULL,
    MAIL_AUTH_PASSWORD, { "NO [ALERT] Account exceeded command or bandwidth limits. (Failure)" },
    "server-unavailable" },
  { "yahoo-bad-auth", "smtp", "authenticate", NULL, "someone@yahoo.com", NULL, NULL,
    MAIL_AUTH_APP_PASSWORD, { "535 5.7.0 (#AUTH005) Too many bad auth attempts." },
    "auth-too-many-attempts" },
  { "postfix-auth-not-enabled", "smtp", "authenticate", NULL, "someone@example.org", NULL, NULL,
    MAIL_AUTH_PASSWORD, { "503 5.5.1 Error: authentication not enabled" },
    "auth-mechanism-unavailable" },
  { "spamhaus-at-greeting", "smtp", "ehlo", NULL, "someone@example.org", NULL, NULL,
    MAIL_AUTH_PASSWORD, { "554 5.7.1 Service unavailable; Client host [198.51.100.7] blocked using "
    "zen.spamhaus.org" }, "server-unavailable" },
  { "imap-unknown", "imap", "capability", NULL, "someone@example.org", "imap.example.org", NULL,
    MAIL_AUTH_PASSWORD, { "BAD Something odd happened" }, "unknown" },

  /* OAuth: Microsoft Entra numbers and error values */
  { "aadsts50011", "oauth", "authorize", NULL, "someone@contoso.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "invalid_request",
      "AADSTS50011: The redirect URI 'http://localhost:4312/' specified in the request does not "
      "match the redirect URIs configured for the application "
      "'00000000-0000-0000-0000-000000000000'." },
    "oauth-redirect-mismatch" },
  { "aadsts700016", "oauth", "authorize", NULL, "someone@contoso.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "unauthorized_client",
      "AADSTS700016: Application with identifier 'abc' was not found in the directory 'Contoso'." },
    "oauth-client-unknown" },
  { "aadsts7000112", "oauth", "token", NULL, "someone@contoso.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "400", "{\"error\":\"unauthorized_client\",\"error_description\":\"AADSTS7000112: "
             "Application 'abc'(Mail) is disabled.\",\"error_codes\":[7000112]}" },
    "oauth-client-disabled" },
  { "aadsts50020", "oauth", "authorize", NULL, "someone@outlook.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "access_denied",
      "AADSTS50020: User account 'someone@outlook.com' from identity provider 'live.com' does not "
      "exist in tenant 'Contoso' and cannot access the application." },
    "oauth-wrong-account-type" },
  { "aadsts65001-admin", "oauth", "token", NULL, "someone@contoso.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "400", "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS65001: The user or "
             "administrator has not consented to use the application with ID "
             "'abc'.\",\"error_codes\":[65001]}" },
    "oauth-admin-consent-required" },
  { "aadsts65001-user", "oauth", "refresh", NULL, "someone@contoso.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "400", "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS65001: The user or "
             "administrator has not consented to use the application with ID "
             "'abc'.\",\"suberror\":\"consent_required\"}" },
    "oauth-consent-required" },
  { "aadsts90094", "oauth", "authorize", NULL, "someone@contoso.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "access_denied",
      "AADSTS90094: Admin consent is required for the permissions requested by this application." },
    "oauth-admin-consent-required" },
  { "aadsts65004", "oauth", "authorize", NULL, "someone@contoso.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "access_denied", "AADSTS65004: User declined to consent to access the app." },
    "oauth-consent-declined" },
  { "aadsts50076-codes-only", "oauth", "refresh", NULL, "someone@contoso.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "400", "{\"error\":\"invalid_grant\",\"error_description\":\"Multi-factor sign-in "
             "needed.\",\"error_codes\":[50076]}" },
    "oauth-mfa-required" },
  { "aadsts53003", "oauth", "token", NULL, "someone@contoso.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "400", "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS53003: Access has been "
             "blocked by Conditional Access policies.\"}" },
    "oauth-conditional-access" },
  { "aadsts700082", "oauth", "refresh", NULL, "someone@contoso.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "400", "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS700082: The refresh "
             "token has expired due to inactivity.\"}" },
    "oauth-refresh-expired" },
  { "aadsts70011", "oauth", "authorize", NULL, "someone@contoso.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "invalid_scope",
      "AADSTS70011: The provided value for the input parameter 'scope' is not valid." },
    "oauth-invalid-scope" },
  { "not-for-consumers", "oauth", "authorize", NULL, "someone@outlook.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "unauthorized_client", "The client does not exist or is not enabled for consumers." },
    "oauth-wrong-account-type" },
  { "google-access-denied", "oauth", "authorize", "gmail", "someone@gmail.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "access_denied", NULL }, "oauth-consent-declined" },
  { "google-admin-policy", "oauth", "authorize", "gmail", "someone@example.org", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "admin_policy_enforced", NULL }, "oauth-admin-consent-required" },
  { "google-invalid-client", "oauth", "token", "gmail", "someone@gmail.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "401", "{\n  \"error\": \"invalid_client\",\n  \"error_description\": \"The OAuth client "
             "was not found.\"\n}" },
    "oauth-client-unknown" },
  { "google-secret-missing", "oauth", "token", "gmail", "someone@gmail.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "400", "{\"error\": \"invalid_request\", \"error_description\": \"client_secret is "
             "missing.\"}" },
    "oauth-client-not-public" },
  { "redirect-uri-mismatch", "oauth", "authorize", NULL, "someone@example.org", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "redirect_uri_mismatch", "Bad Request" }, "oauth-redirect-mismatch" },
  { "html-at-token", "oauth", "token", NULL, "someone@contoso.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "502", "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad "
             "Gateway</h1></body></html>" },
    "oauth-endpoint-error" },
  { "html-200-at-token", "oauth", "token", NULL, "someone@contoso.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "200", "<html><body>Sign in to the captive portal</body></html>" }, "oauth-endpoint-error" },
  { "503-json-at-refresh", "oauth", "refresh", NULL, "someone@gmail.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "503", "{\"error\":\"temporarily_unavailable\"}" }, "oauth-endpoint-error" },
  { "malformed-json", "oauth", "token", NULL, "someone@contoso.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "400", "{\"error\": \"invalid_gr" }, "oauth-endpoint-error" },
  { "json-array", "oauth", "refresh", NULL, "someone@contoso.com", NULL, NULL, MAIL_AUTH_OAUTH2,
    { "400", "[1, 2, 3]" }, "oauth-endpoint-error" },
  { "json-error-number", "oauth", "refresh", NULL, "someone@contoso.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "400", "{\"error\": 42, \"error_description\": {\"x\": 1}}" }, "oauth-endpoint-error" },
  { "google-api-style-error", "oauth", "refresh", "gmail", "someone@gmail.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "400", "{\"error\": {\"code\": 400, \"message\": \"Token has been expired or revoked.\", "
             "\"status\": \"INVALID_ARGUMENT\"}}" },
    "oauth-refresh-expired" },
  /* Issue 11: new wordings and rewordings of them, so the rules generalise. */
  { "google-client-id-undetermined", "oauth", "token", "gmail", "someone@gmail.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "400", "{\"error\":\"invalid_request\",\"error_description\":\"Could not determine "
             "client ID from request.\"}" },
    "oauth-client-id-missing" },
  { "google-client-id-undetermined-refresh", "oauth", "refresh", NULL, "someone@example.org",
    "oauth2.googleapis.com", NULL, MAIL_AUTH_OAUTH2,
    { "400", "{\n  \"error\": \"invalid_request\",\n  \"error_description\": \"could not "
             "determine client id from request\"\n}" },
    "oauth-client-id-missing" },
  { "google-missing-client-id", "oauth", "authorize", "gmail", "someone@gmail.com", NULL, NULL,
    MAIL_AUTH_OAUTH2,
    { "invalid_request", "Missing required parameter: client_id" },
    "oauth-client-id-missing" },
  { "yahoo-auth005", "smtp", "authenticate", "yahoo", "someone@yahoo.com", NULL, NULL,
    MAIL_AUTH_PASSWORD,
    { "535 5.7.0 (#AUTH005) Too many bad auth attempts.", NULL },
    "auth-app-password-required" },
  { "yahoo-auth005-reworded", "smtp", "authenticate", NULL, "someone@ymail.com",
    "smtp.mail.yahoo.com", NULL, MAIL_AUTH_PASSWORD,
    { "535 5.7.0 (#AUTH005) too many bad auth attempts, try again later", NULL },
    "auth-app-password-required" },
  { "yahoo-auth005-app-password", "smtp", "authenticate", "yahoo", "someone@yahoo.com", NULL,
    NULL, MAIL_AUTH_APP_PASSWORD,
    { "535 5.7.0 (#AUTH005) Too many bad auth attempts.", NULL },
    "auth-too-many-attempts" },
  { "aol-auth005", "smtp", "authenticate", "aol", "someone@aol.com", NULL, NULL,
    MAIL_AUTH_PASSWORD,
    { "535 5.7.0 (#AUTH005) Too many bad auth attempts.", NULL },
    "auth-app-password-required" },
  { "netease-unsafe-login", "imap", "select", NULL, "someone@163.com", "imap.163.com", NULL,
    MAIL_AUTH_PASSWORD,
    { "NO EXAMINE Unsafe Login. Please contact kefu@188.com for help", NULL },
    "auth-web-login-required" },
  { "netease-unsafe-login-select", "imap", "select", NULL, "someone@126.com", "imap.126.com",
    NULL, MAIL_AUTH_PASSWORD,
    { "NO SELECT unsafe login, please contact kefu@188.com", NULL },
    "auth-web-login-required" },
  { "unsafe-login-other-host", "imap", "select", NULL, "someone@example.org", "mail.example.org",
    NULL, MAIL_AUTH_PASSWORD,
    { "NO [UNAVAILABLE] Unsafe Login", NULL },
    "auth-web-login-required" },
  /* Yahoo's "#" codes, reworded and over the other protocol (corpus imap-034, smtp-024/025) */
  { "yahoo-mbr1212-imap-reworded", "imap", "authenticate", NULL, "someone@ymail.com", NULL, NULL,
    MAIL_AUTH_PASSWORD, { "NO [AUTHENTICATIONFAILED] (#MBR1212) Wrong user name or password", NULL },
    "auth-app-password-required" },
  { "yahoo-auth005-imap", "imap", "authenticate", "yahoo", "someone@yahoo.com", NULL, NULL,
    MAIL_AUTH_PASSWORD, { "NO [AUTHENTICATIONFAILED] (#AUTH005) Too many bad auth attempts.", NULL },
    "auth-app-password-required" },
  { "yahoo-auth005-app-password-imap", "imap", "authenticate", "yahoo", "someone@yahoo.com", NULL,
    NULL, MAIL_AUTH_APP_PASSWORD,
    { "NO [AUTHENTICATIONFAILED] (#AUTH005) Too many bad auth attempts.", NULL },
    "auth-too-many-attempts" },
  { "yahoo-auth005-by-host", "smtp", "authenticate", NULL, "someone@example.org",
    "smtp.mail.yahoo.com", NULL, MAIL_AUTH_PASSWORD,
    { "535 5.7.0 (#AUTH005) too many bad authentication attempts", NULL },
    "auth-app-password-required" },
  { "webde-authentication-failed", "imap", "authenticate", "webde", "someone@web.de", NULL, NULL,
    MAIL_AUTH_PASSWORD, { "NO Authentication failed.", NULL }, "auth-invalid-credentials" },
};

static void
test_words (gconstpointer data)
{
  const WordsCase *w = data;
  MailDiagnosisContext context = {
    .protocol = w->protocol,
    .stage = w->stage,
    .provider_id = w->provider,
    .email = w->email,
    .host = w->host,
    .port = 993,
    .greeting = w->greeting,
    .auth = w->auth,
    .lines = w->lines,
  };
  g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);

  g_assert_cmpstr (diagnosis->code, ==, w->expect);
  g_assert_cmpstr (diagnosis->stage, ==, w->stage);
  g_assert_nonnull (diagnosis->server_text);
  g_assert_true (g_utf8_validate (diagnosis->server_text, -1, NULL));
}

/* ---------------------------------------------------------------- hostile input */

static void
test_secrets_scrubbed (void)
{
  const char *jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9."
                    "eyJhdWQiOiJodHRwczovL291dGxvb2sub2ZmaWNlLmNvbSJ9.c2lnbmF0dXJlc2lnbmF0dXJl";
  const char *google = "ya29.a0AfH6SMBx3kq9mZ_example_token_value_1234567890";
  const char *blob = "dXNlcj1zb21lb25lQGV4YW1wbGUub3JnAWF1dGg9QmVhcmVy"
                     "IHNlY3JldHRva2VudmFsdWVzZWNyZXR0b2tlbnZhbHVlAQE=";
  g_autofree char *l1 = g_strdup_printf ("NO [AUTHENTICATIONFAILED] token %s rejected", jwt);
  g_autofree char *l2 = g_strdup_printf ("* OK echo Authorization: Bearer %s", google);
  g_autofree char *l3 = g_strdup_printf ("* OK echo %s", blob);
  const char *lines[] = { l2, l3, l1, NULL };
  MailDiagnosisContext context = {
    .protocol = "imap", .stage = "authenticate", .auth = MAIL_AUTH_OAUTH2, .lines = lines,
  };
  g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);
  g_autofree char *token_body =
    g_strdup_printf ("{\"error\":\"invalid_grant\",\"error_description\":\"bad\","
                     "\"refresh_token\":\"%s\"}", google);
  g_autofree char *html_body = g_strdup_printf ("<html>access_token=%s&x=1</html>", google);
  const char *token_lines[] = { "502", html_body, NULL };
  MailDiagnosisContext oauth = { .protocol = "oauth", .stage = "token", .lines = token_lines };
  g_autoptr(MailDiagnosis) endpoint = mail_diagnose (&oauth);
  const char *json_lines[] = { "400", token_body, NULL };
  g_autoptr(MailDiagnosis) refresh = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpstr (diagnosis->code, ==, "auth-oauth-token-rejected");
  g_assert_null (strstr (diagnosis->server_text, jwt));
  g_assert_null (strstr (diagnosis->server_text, "eyJ0eXAi"));
  g_assert_null (strstr (diagnosis->server_text, google));
  g_assert_null (strstr (diagnosis->server_text, blob));
  g_assert_nonnull (strstr (diagnosis->server_text, "[AUTHENTICATIONFAILED]"));
  /* Server words that merely look like key=value stay readable. */
  {
    const char *capability[] = { "* CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2",
                                 "NO [AUTHENTICATIONFAILED] Authentication failed.", NULL };
    MailDiagnosisContext plain = {
      .protocol = "imap", .stage = "authenticate", .auth = MAIL_AUTH_PASSWORD,
      .lines = capability,
    };
    g_autoptr(MailDiagnosis) readable = mail_diagnose (&plain);

    g_assert_nonnull (strstr (readable->server_text, "AUTH=PLAIN AUTH=XOAUTH2"));
  }

  mail_diagnosis_to_json (diagnosis, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  text = mail_diagnosis_to_text (diagnosis);
  g_assert_null (strstr (json, "ya29."));
  g_assert_null (strstr (text, "ya29."));

  g_assert_cmpstr (endpoint->code, ==, "oauth-endpoint-error");
  g_assert_null (strstr (endpoint->server_text, "ya29."));

  oauth.stage = "refresh";
  oauth.lines = json_lines;
  refresh = mail_diagnose (&oauth);
  g_assert_cmpstr (refresh->code, ==, "oauth-refresh-expired");
  g_assert_null (strstr (refresh->server_text, "ya29."));
}

static void
test_garbage (void)
{
  g_autofree char *huge = g_malloc (2 * 1024 * 1024 + 1);
  const char binary[] = { 'N', 'O', ' ', '\x01', '\xff', '\xfe', '\x1b', '[', '3', '1', 'm', 'x',
      '\0' };
  const char *huge_lines[] = { "400", NULL, NULL };
  const char *imap_lines[] = { binary, "* BYE", "", "NO", NULL };
  const char *smtp_lines[] = { "5", "53", "535-", "334 ", "334 !!!notbase64", "535 5.7.", NULL };
  const char *empty_lines[] = { NULL };
  MailDiagnosisContext context = { .protocol = "oauth", .stage = "token", .lines = huge_lines };
  const char *stages[] = { "authorize", "token", "refresh", "greeting", "authenticate", "sender",
                           "select", "nonsense", NULL };

  memset (huge, '{', 2 * 1024 * 1024);
  huge[2 * 1024 * 1024] = '\0';
  huge_lines[1] = huge;

  {
    g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&context);

    g_assert_cmpstr (diagnosis->code, ==, "oauth-endpoint-error");
    g_assert_cmpuint (strlen (diagnosis->server_text), <, 4096);
  }

  for (guint s = 0; s < G_N_ELEMENTS (stages); s++)
    {
      const char *protocols[] = { "imap", "smtp", "oauth", "keyring", "", NULL };

      for (guint p = 0; p < G_N_ELEMENTS (protocols); p++)
        {
          const char *const *line_sets[] = { imap_lines, smtp_lines, empty_lines, NULL };

          for (guint l = 0; l < G_N_ELEMENTS (line_sets); l++)
            {
              MailDiagnosisContext c = {
                .protocol = protocols[p], .stage = stages[s], .lines = line_sets[l],
                .email = "@", .host = "", .greeting = binary,
              };
              g_autoptr(MailDiagnosis) diagnosis = mail_diagnose (&c);
              g_autofree char *text = mail_diagnosis_to_text (diagnosis);

              g_assert_true (mail_diagnosis_code_is_known (diagnosis->code));
              g_assert_true (g_utf8_validate (text, -1, NULL));
              if (diagnosis->server_text != NULL)
                {
                  g_assert_true (g_utf8_validate (diagnosis->server_text, -1, NULL));
                  g_assert_null (strchr (diagnosis->server_text, '\x1b'));
                }
            }
        }
    }
}

void
test_diagnosis_add_words_tests (void)
{
  g_test_add_func ("/diagnosis/secrets-scrubbed", test_secrets_scrubbed);
  g_test_add_func ("/diagnosis/garbage", test_garbage);

  for (guint i = 0; i < G_N_ELEMENTS (words_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/diagnosis/words/%s", words_cases[i].name);
      g_test_add_data_func (path, &words_cases[i], test_words);
    }
}
