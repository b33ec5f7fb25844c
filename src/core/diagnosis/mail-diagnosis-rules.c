/* mail-diagnosis-rules.c: the codes, and the rules: which code for which failure
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sources for the provider-specific words and steps: the cases in
 * tests/data/examples.jsonl, docs/protocol-facts.md, Microsoft's
 * "authenticate an IMAP, POP or SMTP application by using OAuth", "enable or disable POP3 or
 * IMAP4 access", "authenticated client SMTP submission" and Microsoft Entra error code pages,
 * Google's Gmail IMAP and app password help, and public issue threads (for Microsoft's
 * "User is authenticated but not connected": simonrob/email-oauth2-proxy#275 and #74).
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "mail-diagnosis-tables.h"
#include "mail-types.h"

/* Every code of docs/diagnosis-codes.md, in its order, and ours added after the
 * spec's in the same section (the spec allows new codes for real cases; see the README). */
const char *const mail_diagnosis_codes[] = {
  "dns-not-found", "dns-failed", "connect-refused", "connect-timeout", "network-unreachable",
  "connection-closed", "wrong-security-mode", "not-a-mail-server",
  "tls-untrusted", "tls-expired", "tls-hostname-mismatch", "tls-protocol-mismatch",
  "starttls-unavailable", "starttls-required", "auth-unencrypted",
  "auth-mechanism-unavailable", "auth-invalid-credentials", "auth-app-password-required",
  "auth-web-login-required", "auth-basic-disabled", "auth-oauth-token-rejected",
  "auth-oauth-scope", "auth-too-many-attempts", "auth-temporary-failure",
  "imap-disabled", "too-many-connections", "server-unavailable", "mailbox-unavailable",
  "smtp-auth-disabled", "smtp-auth-required", "smtp-ehlo-rejected", "smtp-send-as-denied",
  "oauth-client-id-missing", "oauth-redirect-mismatch", "oauth-client-unknown",
  "oauth-client-disabled", "oauth-client-not-public", "oauth-wrong-account-type",
  "oauth-admin-consent-required", "oauth-consent-required", "oauth-consent-declined",
  "oauth-mfa-required", "oauth-conditional-access", "oauth-refresh-expired",
  "oauth-invalid-scope", "oauth-flow-blocked", "oauth-state-mismatch", "oauth-timeout",
  "oauth-endpoint-error", "oauth-endpoint-timeout", "oauth-device-code-expired",
  "oauth-tenant-required", "shared-mailbox-denied",
  "keyring-unavailable", "keyring-locked",
  "server-timeout",
  "settings-untrusted",
  "settings-not-found",
  "unknown",
};
const guint mail_diagnosis_n_codes = G_N_ELEMENTS (mail_diagnosis_codes);

#define ANY         MAIL_AUTH_MATCH_ANY
#define OAUTH       MAIL_AUTH_MATCH_OAUTH2
#define PASSWORD    MAIL_AUTH_MATCH_PASSWORD
#define SECRET      MAIL_AUTH_MATCH_SECRET

#define ALWAYS      MAIL_MATCH_ALWAYS
#define TEXT        MAIL_MATCH_TEXT
#define IMAP_CODE   MAIL_MATCH_IMAP_CODE
#define IMAP_STATUS MAIL_MATCH_IMAP_STATUS
#define SMTP_REPLY  MAIL_MATCH_SMTP_REPLY
#define ENHANCED    MAIL_MATCH_SMTP_ENHANCED
#define OAUTH_ERROR MAIL_MATCH_OAUTH_ERROR
#define AADSTS      MAIL_MATCH_AADSTS
#define HTTP_STATUS MAIL_MATCH_HTTP_STATUS
#define NOT_JSON    MAIL_MATCH_NOT_JSON
#define ERROR       MAIL_MATCH_ERROR
#define CERT_FLAGS  MAIL_MATCH_CERT_FLAGS

#define IO          "g-io-error-quark"
#define RESOLVER    "g-resolver-error-quark"
#define TLS         "g-tls-error-quark"
#define MAIL        "mail-error-quark"
#define DBUS        "g-dbus-error-quark"
#define SECRET_DOM  "secret-error"

#define MS          MAIL_FAMILY_MICROSOFT
#define GMAIL       MAIL_FAMILY_GMAIL
#define YAHOO       MAIL_FAMILY_YAHOO
#define FASTMAIL    MAIL_FAMILY_FASTMAIL

#define CONNECTING  "resolve|connect|tls|greeting"

/* The rules. First match wins, so the order is the policy:
 *  1. specific server words (provider-specific first), wherever they appear;
 *  2. OAuth endpoint answers: Microsoft Entra numbers, then `error` values, then words;
 *  3. local errors (DNS, sockets, TLS, the core's own MAIL_ERROR, keyring);
 *  4. provider fallbacks by stage and reply class (Gmail/Yahoo/Fastmail passwords, Microsoft);
 *  5. generic fallbacks by stage and reply class.
 * TLS certificate problems, when several flags are set, are judged in this order: the name
 * does not match (the person may be talking to the wrong server, so the host is the first
 * thing to fix), then expired / not yet valid (with a matching name the date is the most
 * telling, and a wrong clock shows up here), then an unknown issuer, then anything else.
 *
 *  protocol  stages  family  auth  kind  match  number  also  → code */
const MailDiagnosisRule mail_diagnosis_rules[] = {
  /* 1. Server words: mailbox and account state */
  { "imap", NULL, NULL, ANY, TEXT, "authenticated but not connected", 0, NULL, "imap-disabled" },
  { "imap", NULL, NULL, ANY, TEXT, "not enabled for IMAP", 0, NULL, "imap-disabled" },
  { "imap", NULL, NULL, ANY, TEXT, "IMAP access is disabled", 0, NULL, "imap-disabled" },
  { "imap", NULL, NULL, ANY, TEXT, "IMAP is disabled", 0, NULL, "imap-disabled" },
  { "imap", NULL, NULL, ANY, TEXT, "IMAP is not enabled", 0, NULL, "imap-disabled" },
  { "imap", NULL, NULL, ANY, TEXT, "IMAP access is not enabled", 0, NULL, "imap-disabled" },
  { "imap", NULL, NULL, ANY, TEXT, "yet to enable IMAP", 0, NULL, "imap-disabled" },
  { "imap", NULL, GMAIL, ANY, TEXT, "exceeded command or bandwidth", 0, NULL,
    "server-unavailable" },
  { NULL, NULL, NULL, ANY, TEXT, "application-specific password", 0, NULL,
    "auth-app-password-required" },
  { NULL, NULL, NULL, ANY, TEXT, "app-specific password", 0, NULL, "auth-app-password-required" },
  { NULL, NULL, NULL, ANY, TEXT, "InvalidSecondFactor", 0, NULL, "auth-app-password-required" },
  { NULL, NULL, NULL, ANY, TEXT, "log in via your web browser", 0, NULL,
    "auth-web-login-required" },
  { NULL, NULL, NULL, ANY, TEXT, "Web login required", 0, NULL, "auth-web-login-required" },
  { "imap", NULL, NULL, ANY, IMAP_CODE, "WEBALERT", 0, NULL, "auth-web-login-required" },
  { "smtp", NULL, GMAIL, ANY, ENHANCED, "5.7.14", 0, NULL, "auth-web-login-required" },
  { NULL, NULL, NULL, ANY, TEXT, "Too many simultaneous connections", 0, NULL,
    "too-many-connections" },
  { NULL, NULL, NULL, ANY, TEXT, "Maximum number of connections", 0, NULL, "too-many-connections" },
  { NULL, NULL, NULL, ANY, TEXT, "too many connections", 0, NULL, "too-many-connections" },
  { NULL, NULL, NULL, ANY, TEXT, "connection limit", 0, NULL, "too-many-connections" },
  { NULL, NULL, NULL, ANY, TEXT, "Too many login", 0, NULL, "auth-too-many-attempts" },
  { NULL, NULL, NULL, ANY, TEXT, "Too many failed", 0, NULL, "auth-too-many-attempts" },
  { NULL, NULL, NULL, ANY, TEXT, "Too many authentication", 0, NULL, "auth-too-many-attempts" },
  /* Yahoo sends #AUTH005 when the account password is used where an app password is needed,
   * not only after many failures (nodemailer/nodemailer#1112, PHPMailer/PHPMailer#2034 and
   * #3291, GUI/lua-resty-mail#4); with an app password it is the rate limit (rule below).
   * Yahoo's "#" codes are the same over IMAP and SMTP (#MBR1212 comes on both:
   * PHPMailer/PHPMailer#1287, RainLoop/rainloop-webmail#1354), so the rule is not SMTP's only. */
  { NULL, NULL, YAHOO, PASSWORD, TEXT, "#AUTH005", 0, NULL, "auth-app-password-required" },
  /* NetEase refuses SELECT/EXAMINE from clients it does not trust: "a3 NO EXAMINE Unsafe Login.
   * Please contact kefu@188.com for help" (weibaohui/imapdownloader#4). The check sends IMAP
   * ID first, as NetEase wants; when it still comes, the web settings must allow the client. */
  { "imap", NULL, NULL, ANY, TEXT, "Unsafe Login", 0, NULL, "auth-web-login-required" },
  { NULL, NULL, NULL, ANY, TEXT, "Too many bad auth", 0, NULL, "auth-too-many-attempts" },
  { NULL, NULL, NULL, ANY, TEXT, "rate limit", 0, NULL, "auth-too-many-attempts" },
  { NULL, NULL, NULL, ANY, TEXT, "Basic authentication is disabled", 0, NULL,
    "auth-basic-disabled" },
  { NULL, NULL, NULL, ANY, TEXT, "basic authentication is not supported", 0, NULL,
    "auth-basic-disabled" },
  { "smtp", NULL, NULL, ANY, TEXT, "SmtpClientAuthentication", 0, NULL, "smtp-auth-disabled" },
  { "smtp", NULL, NULL, ANY, TEXT, "SMTP AUTH is disabled", 0, NULL, "smtp-auth-disabled" },
  /* Microsoft uses 5.7.139 for several refusals; the words after it tell them apart. */
  { "smtp", NULL, NULL, ANY, ENHANCED, "5.7.139", 0, "security defaults", "auth-basic-disabled" },
  { "smtp", NULL, NULL, ANY, ENHANCED, "5.7.139", 0, "did not meet the criteria",
    "oauth-conditional-access" },
  { "smtp", NULL, NULL, OAUTH, ENHANCED, "5.7.139", 0, "credentials were incorrect",
    "auth-oauth-token-rejected" },
  { "smtp", NULL, NULL, SECRET, ENHANCED, "5.7.139", 0, "credentials were incorrect",
    "auth-invalid-credentials" },
  { "smtp", NULL, NULL, ANY, ENHANCED, "5.7.139", 0, NULL, "smtp-auth-disabled" },
  /* Sending as another address */
  { "smtp", NULL, NULL, ANY, ENHANCED, "5.7.60", 0, NULL, "smtp-send-as-denied" },
  { "smtp", NULL, NULL, ANY, TEXT, "SendAsDenied", 0, NULL, "smtp-send-as-denied" },
  { "smtp", NULL, NULL, ANY, TEXT, "send as this sender", 0, NULL, "smtp-send-as-denied" },
  { "smtp", NULL, NULL, ANY, TEXT, "not owned by user", 0, NULL, "smtp-send-as-denied" },
  { "smtp", NULL, NULL, ANY, ENHANCED, "5.7.57", 0, NULL, "smtp-auth-required" },
  { "smtp", NULL, NULL, ANY, TEXT, "Client not authenticated", 0, NULL, "smtp-auth-required" },
  /* TLS before sign-in */
  { "smtp", NULL, NULL, ANY, TEXT, "Must issue a STARTTLS", 0, NULL, "starttls-required" },
  { "smtp", NULL, NULL, ANY, ENHANCED, "5.7.11", 0, NULL, "starttls-required" },
  { NULL, NULL, NULL, ANY, TEXT, "Encryption required", 0, NULL, "starttls-required" },
  { "imap", NULL, NULL, ANY, IMAP_CODE, "PRIVACYREQUIRED", 0, NULL, "starttls-required" },
  { NULL, NULL, NULL, ANY, TEXT, "Plaintext authentication disallowed", 0, NULL,
    "starttls-required" },
  { "smtp", "starttls", NULL, ANY, TEXT, "TLS not available", 0, NULL, "starttls-unavailable" },
  /* Refusals of this computer's network address, before any sign-in */
  { "smtp", "greeting|ehlo", NULL, ANY, TEXT, "blocked using", 0, NULL, "server-unavailable" },
  { "smtp", "greeting|ehlo", NULL, ANY, TEXT, "Client host rejected", 0, NULL,
    "server-unavailable" },
  /* The greeting name */
  { "smtp", NULL, NULL, ANY, TEXT, "HELO/EHLO argument", 0, NULL, "smtp-ehlo-rejected" },
  { "smtp", NULL, NULL, ANY, TEXT, "Helo command rejected", 0, NULL, "smtp-ehlo-rejected" },
  { "smtp", "ehlo", NULL, ANY, ENHANCED, "5.5.4", 0, NULL, "smtp-ehlo-rejected" },
  /* OAuth challenges the core decoded from "+ "/"334 " lines */
  { NULL, "authenticate", NULL, ANY, TEXT, "insufficient_scope", 0, NULL, "auth-oauth-scope" },
  /* IMAP response codes (RFC 5530) */
  { "imap", "authenticate", NULL, ANY, IMAP_CODE, "UNAVAILABLE", 0, NULL,
    "auth-temporary-failure" },
  { "imap", NULL, NULL, ANY, IMAP_CODE, "UNAVAILABLE", 0, NULL, "server-unavailable" },
  { "imap", NULL, NULL, ANY, IMAP_CODE, "SERVERBUG", 0, NULL, "server-unavailable" },
  { "imap", NULL, NULL, ANY, IMAP_CODE, "LIMIT", 0, NULL, "too-many-connections" },
  { "imap", NULL, NULL, ANY, IMAP_CODE, "AUTHORIZATIONFAILED", 0, NULL, "imap-disabled" },
  { "imap", NULL, NULL, ANY, IMAP_CODE, "CONTACTADMIN", 0, NULL, "imap-disabled" },
  { "imap", "select", NULL, ANY, IMAP_CODE, "NONEXISTENT", 0, NULL, "mailbox-unavailable" },
  { "imap", "select", NULL, ANY, IMAP_CODE, "NOPERM", 0, NULL, "mailbox-unavailable" },
  { "imap", "greeting", NULL, ANY, IMAP_STATUS, "BYE", 0, NULL, "server-unavailable" },
  { "smtp", NULL, NULL, ANY, SMTP_REPLY, "421", 0, NULL, "server-unavailable" },

  /* 2. OAuth endpoints. Microsoft Entra numbers first: they are the most precise. */
  { "oauth", NULL, NULL, ANY, AADSTS, "50011", 0, NULL, "oauth-redirect-mismatch" },
  { "oauth", NULL, NULL, ANY, AADSTS, "500113", 0, NULL, "oauth-redirect-mismatch" },
  { "oauth", NULL, NULL, ANY, AADSTS, "700016", 0, NULL, "oauth-client-unknown" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50194", 0, NULL, "oauth-tenant-required" },
  { "oauth", NULL, NULL, ANY, AADSTS, "7000112", 0, NULL, "oauth-client-disabled" },
  { "oauth", NULL, NULL, ANY, AADSTS, "7000218", 0, NULL, "oauth-client-not-public" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50020", 0, NULL, "oauth-wrong-account-type" },
  { "oauth", NULL, NULL, ANY, AADSTS, "500201", 0, NULL, "oauth-wrong-account-type" },
  { "oauth", NULL, NULL, ANY, AADSTS, "500200", 0, NULL, "oauth-wrong-account-type" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50034", 0, NULL, "oauth-wrong-account-type" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50194", 0, NULL, "oauth-wrong-account-type" },
  { "oauth", NULL, NULL, ANY, AADSTS, "9002346", 0, NULL, "oauth-wrong-account-type" },
  { "oauth", NULL, NULL, ANY, AADSTS, "90072", 0, NULL, "oauth-wrong-account-type" },
  { "oauth", NULL, NULL, ANY, AADSTS, "65001", 0, "consent_required", "oauth-consent-required" },
  { "oauth", NULL, NULL, ANY, AADSTS, "65001", 0, NULL, "oauth-admin-consent-required" },
  { "oauth", NULL, NULL, ANY, AADSTS, "90094", 0, NULL, "oauth-admin-consent-required" },
  { "oauth", NULL, NULL, ANY, AADSTS, "90095", 0, NULL, "oauth-admin-consent-required" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50105", 0, NULL, "oauth-admin-consent-required" },
  { "oauth", NULL, NULL, ANY, AADSTS, "65004", 0, NULL, "oauth-consent-declined" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50076", 0, NULL, "oauth-mfa-required" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50078", 0, NULL, "oauth-mfa-required" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50079", 0, NULL, "oauth-mfa-required" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50074", 0, NULL, "oauth-mfa-required" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50072", 0, NULL, "oauth-mfa-required" },
  { "oauth", NULL, NULL, ANY, AADSTS, "53003", 0, NULL, "oauth-conditional-access" },
  { "oauth", NULL, NULL, ANY, AADSTS, "53000", 0, NULL, "oauth-conditional-access" },
  { "oauth", NULL, NULL, ANY, AADSTS, "53001", 0, NULL, "oauth-conditional-access" },
  { "oauth", NULL, NULL, ANY, AADSTS, "53002", 0, NULL, "oauth-conditional-access" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50097", 0, NULL, "oauth-conditional-access" },
  { "oauth", NULL, NULL, ANY, AADSTS, "700082", 0, NULL, "oauth-refresh-expired" },
  { "oauth", NULL, NULL, ANY, AADSTS, "70008", 0, NULL, "oauth-refresh-expired" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50173", 0, NULL, "oauth-refresh-expired" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50133", 0, NULL, "oauth-refresh-expired" },
  { "oauth", NULL, NULL, ANY, AADSTS, "700084", 0, NULL, "oauth-refresh-expired" },
  { "oauth", NULL, NULL, ANY, AADSTS, "70011", 0, NULL, "oauth-invalid-scope" },
  { "oauth", NULL, NULL, ANY, AADSTS, "650053", 0, NULL, "oauth-invalid-scope" },
  /* "The resource principal named https://outlook.office.com was not found": no Exchange Online
   * in that organisation, so the mail permissions do not exist there. */
  { "oauth", NULL, NULL, ANY, AADSTS, "500011", 0, NULL, "oauth-invalid-scope" },
  { "oauth", NULL, NULL, ANY, AADSTS, "50053", 0, NULL, "auth-too-many-attempts" },
  /* ... then the OAuth `error` value and well-known descriptions */
  { "oauth", NULL, NULL, ANY, TEXT, "userAudience", 0, NULL, "oauth-wrong-account-type" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "unauthorized_client", 0, "not enabled for consumers",
    "oauth-wrong-account-type" },
  { "oauth", NULL, NULL, ANY, TEXT, "Token has been expired or revoked", 0, NULL,
    "oauth-refresh-expired" },
  { "oauth", "refresh", NULL, ANY, OAUTH_ERROR, "invalid_grant", 0, NULL, "oauth-refresh-expired" },
  { "oauth", "refresh", NULL, ANY, OAUTH_ERROR, "interaction_required", 0, NULL,
    "oauth-refresh-expired" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "consent_required", 0, NULL, "oauth-consent-required" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "access_denied", 0, NULL, "oauth-consent-declined" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "expired_token", 0, NULL,
    "oauth-device-code-expired" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "admin_policy_enforced", 0, NULL,
    "oauth-admin-consent-required" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "org_internal", 0, NULL,
    "oauth-admin-consent-required" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "deleted_client", 0, NULL, "oauth-client-disabled" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "disabled_client", 0, NULL, "oauth-client-disabled" },
  /* Google's token endpoint when the request carries no client ID: invalid_request, "Could not
   * determine client ID from request." (openid/AppAuth-iOS#226, SecureAuthCorp/oauth2c#94,
   * googleapis/google-api-php-client#2080, zquestz/omniauth-google-oauth2#384). */
  { "oauth", NULL, NULL, ANY, TEXT, "Could not determine client ID", 0, NULL,
    "oauth-client-id-missing" },
  /* Google's sign-in page for an empty client_id: invalid_request, "Missing required parameter:
   * client_id" (awesomemotive/Google-Analytics-Dashboard-for-WP#65, kanboard/plugin-google-auth#7,
   * getstation/desktop-app#21). */
  { "oauth", NULL, NULL, ANY, TEXT, "Missing required parameter: client_id", 0, NULL,
    "oauth-client-id-missing" },
  { "oauth", NULL, NULL, ANY, TEXT, "client_secret is missing", 0, NULL,
    "oauth-client-not-public" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "invalid_client", 0, NULL, "oauth-client-unknown" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "unauthorized_client", 0, NULL, "oauth-client-unknown" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "invalid_scope", 0, NULL, "oauth-invalid-scope" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "redirect_uri_mismatch", 0, NULL,
    "oauth-redirect-mismatch" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "invalid_request", 0, "redirect_uri",
    "oauth-redirect-mismatch" },
  { "oauth", NULL, NULL, ANY, TEXT, "out-of-band", 0, NULL, "oauth-flow-blocked" },
  { "oauth", NULL, NULL, ANY, TEXT, "OOB flow", 0, NULL, "oauth-flow-blocked" },
  { "oauth", NULL, NULL, ANY, TEXT, "comply with Google's OAuth 2.0 policy", 0, NULL,
    "oauth-flow-blocked" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "disallowed_useragent", 0, NULL, "oauth-flow-blocked" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "policy_enforced", 0, NULL, "oauth-flow-blocked" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "server_error", 0, NULL, "oauth-endpoint-error" },
  { "oauth", NULL, NULL, ANY, OAUTH_ERROR, "temporarily_unavailable", 0, NULL,
    "oauth-endpoint-error" },
  { "oauth", "token|refresh", NULL, ANY, HTTP_STATUS, "5", 0, NULL, "oauth-endpoint-error" },
  { "oauth", "token|refresh", NULL, ANY, HTTP_STATUS, "429", 0, NULL, "oauth-endpoint-error" },
  { "oauth", "token|refresh", NULL, ANY, NOT_JSON, NULL, 0, NULL, "oauth-endpoint-error" },

  /* 3. Local errors */
  { NULL, NULL, NULL, ANY, ERROR, RESOLVER, G_RESOLVER_ERROR_NOT_FOUND, NULL, "dns-not-found" },
  { NULL, NULL, NULL, ANY, ERROR, RESOLVER, G_RESOLVER_ERROR_TEMPORARY_FAILURE, NULL,
    "dns-failed" },
  { NULL, NULL, NULL, ANY, ERROR, RESOLVER, G_RESOLVER_ERROR_INTERNAL, NULL, "dns-failed" },
  { NULL, NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_HOST_NOT_FOUND, NULL, "dns-not-found" },
  { NULL, NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_CONNECTION_REFUSED, NULL, "connect-refused" },
  { NULL, NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_NETWORK_UNREACHABLE, NULL, "network-unreachable" },
  { NULL, NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_HOST_UNREACHABLE, NULL, "network-unreachable" },
  { "oauth", "authorize", NULL, ANY, ERROR, IO, G_IO_ERROR_TIMED_OUT, NULL, "oauth-timeout" },
  { "oauth", "authorize", NULL, ANY, ERROR, MAIL, MAIL_ERROR_TIMEOUT, NULL, "oauth-timeout" },
  /* A timeout names the step that waited: connect-timeout only for the connection itself. */
  { NULL, "connect", NULL, ANY, ERROR, IO, G_IO_ERROR_TIMED_OUT, NULL, "connect-timeout" },
  { NULL, "connect", NULL, ANY, ERROR, MAIL, MAIL_ERROR_TIMEOUT, NULL, "connect-timeout" },
  { NULL, "resolve", NULL, ANY, ERROR, IO, G_IO_ERROR_TIMED_OUT, NULL, "dns-failed" },
  { NULL, "resolve", NULL, ANY, ERROR, MAIL, MAIL_ERROR_TIMEOUT, NULL, "dns-failed" },
  { "imap", NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_TIMED_OUT, NULL, "server-timeout" },
  { "imap", NULL, NULL, ANY, ERROR, MAIL, MAIL_ERROR_TIMEOUT, NULL, "server-timeout" },
  { "smtp", NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_TIMED_OUT, NULL, "server-timeout" },
  { "smtp", NULL, NULL, ANY, ERROR, MAIL, MAIL_ERROR_TIMEOUT, NULL, "server-timeout" },
  { "oauth", NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_TIMED_OUT, NULL, "oauth-endpoint-error" },
  { "oauth", NULL, NULL, ANY, ERROR, MAIL, MAIL_ERROR_TIMEOUT, NULL, "oauth-endpoint-error" },
  { NULL, NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_TIMED_OUT, NULL, "server-unavailable" },
  { NULL, NULL, NULL, ANY, ERROR, MAIL, MAIL_ERROR_TIMEOUT, NULL, "server-unavailable" },
  { NULL, NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_CONNECTION_CLOSED, NULL, "connection-closed" },
  { NULL, NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_BROKEN_PIPE, NULL, "connection-closed" },
  { NULL, NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_NOT_CONNECTED, NULL, "connection-closed" },
  { NULL, NULL, NULL, ANY, ERROR, MAIL, MAIL_ERROR_CLOSED, NULL, "connection-closed" },
  { NULL, NULL, NULL, ANY, ERROR, MAIL, MAIL_ERROR_WRONG_SECURITY, NULL, "wrong-security-mode" },
  { NULL, NULL, NULL, ANY, ERROR, MAIL, MAIL_ERROR_NOT_MAIL_SERVER, NULL, "not-a-mail-server" },
  { NULL, "greeting", NULL, ANY, ERROR, MAIL, MAIL_ERROR_PROTOCOL, NULL, "not-a-mail-server" },
  { NULL, NULL, NULL, ANY, ERROR, MAIL, MAIL_ERROR_STARTTLS_UNAVAILABLE, NULL,
    "starttls-unavailable" },
  { NULL, NULL, NULL, ANY, ERROR, MAIL, MAIL_ERROR_MECHANISM_UNAVAILABLE, NULL,
    "auth-mechanism-unavailable" },
  /* Certificates: CERT_FLAGS rules only apply to G_TLS_ERROR_BAD_CERTIFICATE (see above). */
  { NULL, NULL, NULL, ANY, CERT_FLAGS, NULL, G_TLS_CERTIFICATE_BAD_IDENTITY, NULL,
    "tls-hostname-mismatch" },
  { NULL, NULL, NULL, ANY, CERT_FLAGS, NULL, G_TLS_CERTIFICATE_EXPIRED, NULL, "tls-expired" },
  { NULL, NULL, NULL, ANY, CERT_FLAGS, NULL, G_TLS_CERTIFICATE_NOT_ACTIVATED, NULL, "tls-expired" },
  { NULL, NULL, NULL, ANY, CERT_FLAGS, NULL, G_TLS_CERTIFICATE_UNKNOWN_CA, NULL, "tls-untrusted" },
  { NULL, NULL, NULL, ANY, ERROR, TLS, G_TLS_ERROR_BAD_CERTIFICATE, NULL, "tls-untrusted" },
  { NULL, NULL, NULL, ANY, ERROR, TLS, G_TLS_ERROR_NOT_TLS, NULL, "wrong-security-mode" },
  { NULL, NULL, NULL, ANY, ERROR, TLS, G_TLS_ERROR_HANDSHAKE, "wrong version number",
    "wrong-security-mode" },
  { NULL, NULL, NULL, ANY, ERROR, TLS, G_TLS_ERROR_MISC, "wrong version number",
    "wrong-security-mode" },
  { NULL, NULL, NULL, ANY, ERROR, TLS, G_TLS_ERROR_MISC, "unexpected TLS packet",
    "wrong-security-mode" },
  { NULL, NULL, NULL, ANY, ERROR, TLS, G_TLS_ERROR_HANDSHAKE, NULL, "tls-protocol-mismatch" },
  { NULL, NULL, NULL, ANY, ERROR, TLS, G_TLS_ERROR_MISC, NULL, "tls-protocol-mismatch" },
  { NULL, NULL, NULL, ANY, ERROR, TLS, G_TLS_ERROR_INAPPROPRIATE_FALLBACK, NULL,
    "tls-protocol-mismatch" },
  { NULL, NULL, NULL, ANY, ERROR, TLS, G_TLS_ERROR_EOF, NULL, "connection-closed" },
  /* Keyring */
  { "keyring", NULL, NULL, ANY, ERROR, SECRET_DOM, 2 /* SECRET_ERROR_IS_LOCKED */, NULL,
    "keyring-locked" },
  { "keyring", NULL, NULL, ANY, ERROR, IO, G_IO_ERROR_CANCELLED, NULL, "keyring-locked" },
  { "keyring", NULL, NULL, ANY, TEXT, "locked", 0, NULL, "keyring-locked" },
  { "keyring", NULL, NULL, ANY, ALWAYS, NULL, 0, NULL, "keyring-unavailable" },

  /* 4. Provider fallbacks at sign-in. Gmail, Yahoo/AOL and Fastmail refuse the account
   * password of almost every account in mail apps: an app password is what works. */
  { "imap", "authenticate", GMAIL, PASSWORD, IMAP_STATUS, "NO", 0, NULL,
    "auth-app-password-required" },
  { "smtp", "authenticate", GMAIL, PASSWORD, SMTP_REPLY, "535", 0, NULL,
    "auth-app-password-required" },
  { "imap", "authenticate", YAHOO, PASSWORD, IMAP_STATUS, "NO", 0, NULL,
    "auth-app-password-required" },
  { "smtp", "authenticate", YAHOO, PASSWORD, SMTP_REPLY, "535", 0, NULL,
    "auth-app-password-required" },
  { "imap", "authenticate", FASTMAIL, PASSWORD, IMAP_STATUS, "NO", 0, NULL,
    "auth-app-password-required" },
  { "smtp", "authenticate", FASTMAIL, PASSWORD, SMTP_REPLY, "535", 0, NULL,
    "auth-app-password-required" },
  /* Microsoft switched passwords off for IMAP, POP and SMTP (Outlook.com since September 2024,
   * Exchange Online tenants by default); "LOGIN failed." is what it says then. */
  { "imap", "authenticate", MS, SECRET, IMAP_STATUS, "NO", 0, NULL, "auth-basic-disabled" },
  { "smtp", "authenticate", MS, SECRET, SMTP_REPLY, "535", 0, NULL, "auth-basic-disabled" },

  /* 5. Generic fallbacks by stage and reply class */
  { "imap", "authenticate", NULL, OAUTH, IMAP_STATUS, "NO", 0, NULL, "auth-oauth-token-rejected" },
  { "imap", "authenticate", NULL, SECRET, IMAP_STATUS, "NO", 0, NULL, "auth-invalid-credentials" },
  { "imap", "authenticate", NULL, ANY, IMAP_STATUS, "BAD", 0, NULL, "auth-mechanism-unavailable" },
  { "imap", "authenticate", NULL, ANY, IMAP_STATUS, "BYE", 0, NULL, "server-unavailable" },
  { "imap", "select", MS, ANY, IMAP_STATUS, "BAD", 0, NULL, "imap-disabled" },
  { "imap", "select", NULL, ANY, IMAP_STATUS, "NO", 0, NULL, "mailbox-unavailable" },
  { "imap", "greeting", NULL, ANY, IMAP_STATUS, "NO", 0, NULL, "server-unavailable" },
  { "smtp", "greeting", NULL, ANY, SMTP_REPLY, "4", 0, NULL, "server-unavailable" },
  { "smtp", "greeting", NULL, ANY, SMTP_REPLY, "5", 0, NULL, "server-unavailable" },
  { "smtp", "ehlo", NULL, ANY, SMTP_REPLY, "5", 0, NULL, "smtp-ehlo-rejected" },
  { "smtp", "starttls", NULL, ANY, SMTP_REPLY, "4", 0, NULL, "starttls-unavailable" },
  { "smtp", "starttls", NULL, ANY, SMTP_REPLY, "5", 0, NULL, "starttls-unavailable" },
  { "smtp", "authenticate", NULL, ANY, SMTP_REPLY, "530", 0, NULL, "starttls-required" },
  { "smtp", "authenticate", NULL, ANY, SMTP_REPLY, "538", 0, NULL, "starttls-required" },
  { "smtp", "authenticate", NULL, ANY, SMTP_REPLY, "504", 0, NULL, "auth-mechanism-unavailable" },
  { "smtp", "authenticate", NULL, ANY, SMTP_REPLY, "503", 0, NULL, "auth-mechanism-unavailable" },
  { "smtp", "authenticate", NULL, ANY, SMTP_REPLY, "534", 0, NULL, "auth-mechanism-unavailable" },
  { "smtp", "authenticate", NULL, ANY, SMTP_REPLY, "4", 0, NULL, "auth-temporary-failure" },
  { "smtp", "authenticate", NULL, OAUTH, SMTP_REPLY, "5", 0, NULL, "auth-oauth-token-rejected" },
  { "smtp", "authenticate", NULL, SECRET, SMTP_REPLY, "5", 0, NULL, "auth-invalid-credentials" },
  { "smtp", "sender", NULL, ANY, SMTP_REPLY, "530", 0, NULL, "smtp-auth-required" },
  { "smtp", "sender", NULL, ANY, TEXT, "Authentication required", 0, NULL, "smtp-auth-required" },
  { "smtp", "sender", NULL, ANY, ENHANCED, "5.7.1", 0, NULL, "smtp-send-as-denied" },
  { "smtp", "sender", NULL, ANY, SMTP_REPLY, "553", 0, NULL, "smtp-send-as-denied" },
  { "smtp", "sender", NULL, ANY, SMTP_REPLY, "550", 0, NULL, "smtp-send-as-denied" },
  { "smtp", "sender", NULL, ANY, SMTP_REPLY, "4", 0, NULL, "server-unavailable" },
};
const guint mail_diagnosis_n_rules = G_N_ELEMENTS (mail_diagnosis_rules);
