/* mail-diagnosis-tables.c: codes, provider patterns, classification rules and texts
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

const MailDiagnosisStageName mail_diagnosis_stage_names[] = {
  { "resolve", N_("while looking up the server’s name") },
  { "connect", N_("while connecting to the server") },
  { "tls", N_("while setting up the encrypted connection") },
  { "greeting", N_("while waiting for the server to say hello") },
  { "capability", N_("while asking what the server supports") },
  { "starttls", N_("while switching the connection to encryption") },
  { "ehlo", N_("while introducing this computer to the server") },
  { "authenticate", N_("while signing in") },
  { "select", N_("while opening the inbox") },
  { "sender", N_("while checking that you may send from this address") },
  { "logout", N_("while signing out") },
  { "quit", N_("while closing the connection") },
  { "authorize", N_("while you signed in in the browser") },
  { "token", N_("while finishing the sign-in") },
  { "refresh", N_("while renewing the saved sign-in") },
  { "keyring", N_("while using the keyring (the system’s password store)") },
};
const guint mail_diagnosis_n_stage_names = G_N_ELEMENTS (mail_diagnosis_stage_names);

/* Links used in several texts */
#define LINK_OUTLOOK_IMAP_SETTINGS "https://outlook.live.com/mail/0/options/mail/forwarding"
#define LINK_OUTLOOK_POP_IMAP "https://support.microsoft.com/office/pop-imap-and-smtp-settings-for-outlook-com-d088b986-291d-42b8-9564-9c414e2aa040"
#define LINK_MS_ENABLE_IMAP "https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/pop3-and-imap4/enable-or-disable-pop3-or-imap4-access"
#define LINK_MS_SET_CASMAILBOX "https://learn.microsoft.com/powershell/module/exchange/set-casmailbox"
#define LINK_MS_IMAP_OAUTH "https://learn.microsoft.com/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth"
#define LINK_MS_ACTIVITY "https://account.live.com/activity"
#define LINK_MS_BASIC_AUTH "https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/deprecation-of-basic-authentication-exchange-online"
#define LINK_MS_SMTP_AUTH "https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission"
#define LINK_MS_ERROR_CODES "https://learn.microsoft.com/entra/identity-platform/reference-error-codes"
#define LINK_MS_REPLY_URL "https://learn.microsoft.com/entra/identity-platform/reply-url"
#define LINK_MS_ADMIN_CONSENT "https://learn.microsoft.com/entra/identity/enterprise-apps/grant-admin-consent"
#define LINK_MS_SECURITY_INFO "https://mysignins.microsoft.com/security-info"
#define LINK_GOOGLE_APP_PASSWORDS "https://myaccount.google.com/apppasswords"
#define LINK_GOOGLE_APP_PASSWORD_HELP "https://support.google.com/accounts/answer/185833"
#define LINK_GOOGLE_WEB_LOGIN "https://support.google.com/mail/answer/78754"
#define LINK_GOOGLE_NOTIFICATIONS "https://myaccount.google.com/notifications"
#define LINK_GOOGLE_IMAP "https://support.google.com/mail/answer/7126229"
#define LINK_GOOGLE_CONNECTIONS "https://myaccount.google.com/connections"
#define LINK_YAHOO_APP_PASSWORD "https://help.yahoo.com/kb/SLN15241.html"
#define LINK_APPLE_APP_PASSWORD "https://support.apple.com/en-us/102654"
#define LINK_FASTMAIL_APP_PASSWORD "https://www.fastmail.com/help/clients/apppassword.html"
#define LINK_GMX_IMAP "https://hilfe.gmx.net/pop-imap/einschalten.html"
#define LINK_GMX_APP_PASSWORD "https://hilfe.gmx.net/sicherheit/2fa/anwendungsspezifisches-passwort.html"
#define LINK_WEBDE_IMAP "https://hilfe.web.de/pop-imap/einschalten.html"
#define LINK_WEBDE_APP_PASSWORD "https://hilfe.web.de/sicherheit/2fa/anwendungsspezifisches-passwort.html"
#define LINK_ZOHO_IMAP "https://www.zoho.com/mail/help/imap-access.html"

/* Steps shared by several Microsoft texts. %EMAIL% is expanded by the engine: it is not a
 * printf() format, whatever xgettext guesses. */
static const char fix_outlook_imap[] =
  /* xgettext:no-c-format */
  N_("Outlook.com, Hotmail or Live account: open "
     "https://outlook.live.com/mail/0/options/mail/forwarding (Settings > Mail > Forwarding and "
     "IMAP), turn on “Let devices and apps use IMAP” and select Save. Test again: the inbox step "
     "passes when IMAP is on.");
static const char fix_m365_imap_admin[] =
  /* xgettext:no-c-format */
  N_("Work or school account: ask your administrator to turn on IMAP for %EMAIL% in the "
     "Microsoft 365 admin center > Users > Active users > select the user > Mail > Manage email "
     "apps > check IMAP > Save changes. It can take up to an hour; then the test gets past the "
     "inbox step.");
static const char fix_m365_imap_powershell[] =
  /* xgettext:no-c-format */
  N_("An administrator can do the same in Exchange Online PowerShell: "
     "Set-CASMailbox -Identity %EMAIL% -ImapEnabled $true — and check it with "
     "Get-CASMailbox -Identity %EMAIL% | Format-List ImapEnabled, which must say True.");
static const char fix_m365_mailbox_permission[] =
  /* xgettext:no-c-format */
  N_("If %EMAIL% is a shared mailbox or someone else’s mailbox, the account you sign in with "
     "needs Full Access to it. The administrator runs Add-MailboxPermission -Identity %EMAIL% "
     "-User <your sign-in address> -AccessRights FullAccess. Then sign in with your own account; "
     "the test passes once the permission is active (up to an hour).");
static const char fix_m365_smtp_admin[] =
  /* xgettext:no-c-format */
  N_("Work or school account: ask your administrator to turn on Authenticated SMTP for %EMAIL%: "
     "Microsoft 365 admin center > Users > Active users > select the user > Mail > Manage email "
     "apps > check “Authenticated SMTP” > Save changes. After up to an hour the sending check "
     "gets past the sign-in step.");
static const char fix_m365_smtp_powershell[] =
  /* xgettext:no-c-format */
  N_("In Exchange Online PowerShell the administrator runs Set-CASMailbox -Identity %EMAIL% "
     "-SmtpClientAuthenticationDisabled $false and checks it with Get-CASMailbox -Identity "
     "%EMAIL% | Format-List SmtpClientAuthenticationDisabled, which must say False. The mailbox "
     "setting overrides the organisation’s (Set-TransportConfig "
     "-SmtpClientAuthenticationDisabled).");
static const char fix_ms_same_account[] =
  /* xgettext:no-c-format */
  N_("Sign in again and, in the browser, pick exactly the account %EMAIL% (not another personal, "
     "work or school account you are signed in with). The test passes when the sign-in and the "
     "mailbox are the same account.");
static const char fix_ms_activity[] =
  /* xgettext:no-c-format */
  N_("Open https://account.live.com/activity (Microsoft account > Security > Sign-in activity). "
     "If a sign-in from this computer is marked as unusual or blocked, select it and confirm "
     "“This was me”. Close other apps that use this account over IMAP at the same time, then "
     "test again.");
static const char fix_ms_retry[] =
  /* xgettext:no-c-format */
  N_("If all of this is in order, Microsoft’s back end probably failed for a moment: wait 15 "
     "minutes to an hour and test again.");
static const char fix_ms_outlook_scope[] =
  /* xgettext:no-c-format */
  N_("If you use your own app registration, it must ask for the Outlook permission "
     "https://outlook.office.com/IMAP.AccessAsUser.All (and https://outlook.office.com/SMTP.Send "
     "for sending), not the Microsoft Graph one (https://graph.microsoft.com/...): Microsoft’s "
     "mail servers refuse Graph sign-ins. Sign in again after changing it.");

/* Title, explanation, fixes, links. The generic entry of a code comes first; variants for a
 * family or a provider id follow and only set what differs. */
const MailDiagnosisText mail_diagnosis_texts[] = {
  /* ------------------------------------------------------------------ Network */
  { "dns-not-found", NULL,
    N_("The server name does not exist"),
    N_("This computer asked the internet’s address book (DNS) for “%HOST%” and was told that no "
       "such name exists. Most often the name has a typo or a stray space, or it is the server "
       "that receives mail from other servers (the MX record) rather than the one mail apps use."),
    { N_("Check the server name letter by letter against your provider’s instructions. The test "
         "gets past the name lookup when the name is right."),
      N_("Use the automatic settings: start again from your email address and let Mail Setup find "
         "the servers."),
      N_("If the server belongs to a company network, the name may only exist inside it: connect "
         "to the company VPN and test again.") },
    { NULL } },

  { "dns-failed", NULL,
    N_("Server names cannot be looked up right now"),
    N_("This computer could not reach its name lookup service (DNS), so it cannot turn “%HOST%” "
       "into an address. Usually this computer is offline, the Wi-Fi or cable is not connected, or "
       "the network’s DNS server is not answering."),
    { N_("Open a web page you do not usually visit. If it does not load, fix the internet "
         "connection first, then test again."),
      N_("Reconnect to the Wi-Fi or network; on a hotel or café network, open the browser and "
         "accept its sign-in page."),
      N_("If web pages load but this still fails, restart the router or ask your network "
         "administrator. The test passes once the name lookup succeeds.") },
    { NULL } },

  { "connect-refused", NULL,
    N_("The server refused the connection on this port"),
    N_("“%HOST%” was reached, but nothing accepts connections on port %PORT%. Most often the port "
       "is wrong for this server, the host is the provider’s website rather than its mail server, "
       "or a firewall rejects the port."),
    { N_("Check the port: receiving mail (IMAP) uses 993 (TLS) or 143 (STARTTLS); sending mail "
         "uses "
         "465 (TLS) or 587 (STARTTLS). The test gets past the connection step when the port is "
         "right."),
      N_("Check that the host name is the mail server named in your provider’s instructions, not "
         "its website."),
      N_("If you run this server yourself, check that the mail service is running and that the "
         "firewall allows port %PORT%.") },
    { NULL } },

  { "connect-timeout", NULL,
    N_("The server did not answer in time"),
    N_("No answer came back from “%HOST%” on port %PORT% within the time limit. Usually a firewall "
       "on this network silently drops mail ports (common on company, school and public networks), "
       "the server is down, or this computer lost its connection."),
    { N_("Try another network, for example your phone’s hotspot. If it works there, the first "
         "network blocks mail: ask its administrator to allow port %PORT%."),
      N_("Check the host name and port against your provider’s instructions."),
      N_("Wait a few minutes and test again, in case the server was briefly down.") },
    { NULL } },

  { "server-timeout", NULL,
    N_("The server stopped answering %STAGE%"),
    N_("The connection to “%HOST%” on port %PORT% was made, but then the server stopped "
       "answering %STAGE%: no answer came within the time limit. Usually the server is "
       "overloaded or stuck, a firewall or an antivirus program holds the connection, or the "
       "security setting does not match what the server expects on this port."),
    { N_("Wait a few minutes and test again, in case the server was briefly overloaded."),
      N_("Check the security setting: ports 993 and 465 use TLS from the start, ports 143 and 587 "
         "use STARTTLS. The test gets past this step when the setting matches the port."),
      N_("Try another network, for example your phone’s hotspot. If it works there, the first "
         "network interferes with mail connections.") },
    { NULL } },

  { "network-unreachable", NULL,
    N_("This computer has no route to the server"),
    N_("The network reported that “%HOST%” cannot be reached from here. Usually this computer is "
       "offline, a VPN is needed or is getting in the way, or the server has only an IPv6 address "
       "and this network does not support IPv6."),
    { N_("Check that you are online by opening a web page, then test again."),
      N_("Connect to, or disconnect from, your VPN and test again."),
      N_("If only this server fails, ask your network administrator whether IPv6 works on this "
         "network.") },
    { NULL } },

  { "connection-closed", NULL,
    N_("The server closed the connection unexpectedly"),
    N_("The connection to “%HOST%” was cut off before the check finished. Common causes: the "
       "server is busy or restarting, a firewall or an antivirus program cut the connection, or "
       "the security setting does not match what the server expects on this port."),
    { N_("Test again in a few minutes."),
      N_("Check the security setting: ports 993 and 465 use TLS from the start, ports 143 and 587 "
         "use STARTTLS. The test passes when the setting matches the port."),
      N_("If an antivirus program scans your email, turn its mail scanning off and test again.") },
    { NULL } },

  { "wrong-security-mode", NULL,
    N_("The security setting does not match this port"),
    N_("This computer and the server tried to talk in different ways: one side started an "
       "encrypted connection (TLS) while the other expected plain text first, or the other way "
       "round. This happens when the security setting does not match the port, for example port "
       "993 with STARTTLS, or port 143 with TLS."),
    { N_("Use TLS with ports 993 (IMAP) and 465 (sending), and STARTTLS with ports 143 (IMAP) and "
         "587 (sending). The test gets past the encryption step when they match."),
      N_("If you are not sure, use the automatic settings: start again from your email address.") },
    { NULL } },

  { "not-a-mail-server", NULL,
    N_("Something other than a mail server answered"),
    N_("Something answered at “%HOST%” on port %PORT%, but it is not an IMAP or SMTP mail server: "
       "it may be a web server, a remote login service or another program. Usually the host name "
       "or the port is wrong."),
    { N_("Check host and port against your provider’s instructions (IMAP: 993 or 143; sending: "
         "465 or 587). The test gets past the server’s greeting when they are right."),
      N_("Use the automatic settings: start again from your email address.") },
    { NULL } },

  /* ------------------------------------------------------------------ TLS */
  { "tls-untrusted", NULL,
    N_("The server’s certificate is not from a trusted authority"),
    N_("The server proved its identity with a certificate (a digital ID card) that this computer "
       "cannot check, because it was issued by an authority this computer does not know. Usually "
       "the server uses a self-signed certificate or a company’s private authority, or it does not "
       "send an intermediate certificate. It can also mean that someone is intercepting the "
       "connection, so do not simply accept it."),
    { N_("If this is your organisation’s server, ask the administrator for its authority (CA) "
         "certificate and add it with --ca-file or to the system’s certificate store. The test "
         "then gets past the encryption step."),
      N_("Compare the SHA-256 fingerprint shown here with the one your administrator gives you "
         "over another channel (phone, in person). Trust the certificate only if they are "
         "identical."),
      N_("If this is a well-known provider, this should never happen: try another network, "
         "because this one may be intercepting secure connections.") },
    { NULL } },

  { "tls-expired", NULL,
    N_("The server’s certificate has expired or is not valid yet"),
    N_("A server certificate (its digital ID card) is only valid between two dates, and the time "
       "on this computer is outside them. Either the server’s administrator did not renew the "
       "certificate in time, or this computer’s date and time are wrong."),
    { N_("Check this computer’s date, time and time zone in Settings > System > Date & Time and "
         "turn on automatic date and time. If the clock was wrong, the test now passes."),
      N_("If the clock is right, tell the server’s administrator that the certificate has expired "
         "(the dates are shown here) and wait for the renewal rather than trusting it.") },
    { NULL } },

  { "tls-hostname-mismatch", NULL,
    N_("The certificate belongs to a different server name"),
    N_("The server at “%HOST%” presented a certificate (a digital ID card) made out to other "
       "names. Usually the host name is an alias and the provider wants its own name (for example "
       "mail.provider.com rather than mail.your-domain.com). Less often the connection is being "
       "redirected to another server."),
    { N_("If one of the names shown here is your provider’s mail server, use it as the server "
         "name. The test then gets past the encryption step."),
      N_("Check the exact host name in your provider’s instructions."),
      N_("If the names have nothing to do with your provider, do not continue: try another "
         "network and tell your administrator.") },
    { NULL } },

  { "tls-protocol-mismatch", NULL,
    N_("No common encryption method with the server"),
    N_("This computer and the server could not agree on how to encrypt the connection. Usually the "
       "server offers only old, insecure versions (TLS 1.0 or SSL 3) that this computer refuses, "
           "or "
       "the server asks for a client certificate."),
    { N_("Check the port and security setting: TLS with 993 or 465, STARTTLS with 143 or 587."),
      N_("Ask the server’s administrator to enable TLS 1.2 or newer. The test passes the "
         "encryption step once the server is updated.") },
    { NULL } },

  { "starttls-unavailable", NULL,
    N_("The server does not offer encryption on this port"),
    N_("The security setting asks to switch the connection to encryption (STARTTLS), but the "
       "server on port %PORT% does not offer it. Usually the server expects TLS from the start on "
       "another port. Mail Setup never sends your sign-in without encryption."),
    { N_("Use TLS with port 993 (IMAP) or 465 (sending) instead. The test gets past the "
         "encryption step when the port supports it."),
      N_("If this is your organisation’s server, ask the administrator to enable STARTTLS or "
         "TLS.") },
    { NULL } },

  { "starttls-required", NULL,
    N_("The server wants encryption before sign-in"),
    N_("The server refuses to continue until the connection is encrypted, and the connection was "
       "not encrypted yet: the security setting is “none”, or encryption was not started on this "
       "port."),
    { N_("Set security to STARTTLS (ports 143 and 587) or TLS (ports 993 and 465). The test then "
         "gets past this step.") },
    { NULL } },

  /* Ours: the client, not the server, refused. */
  { "auth-unencrypted", NULL,
    N_("Mail Setup will not send your sign-in over an unencrypted connection"),
    N_("The security setting is “none”, so the password or sign-in token would cross the network "
       "as plain text, readable by anyone on the way. Mail Setup stops before signing in. Only "
       "a server on this computer that you named yourself is exempt."),
    { N_("Set security to TLS (port 993 for IMAP, 465 for sending) or STARTTLS (ports 143 and "
         "587). The test then gets past the sign-in step."),
      N_("If the server offers no encryption at all, ask its administrator to turn on TLS: "
         "until then every mail app sends your password in the clear.") },
    { NULL } },

  /* ------------------------------------------------------------------ Authentication */
  { "auth-mechanism-unavailable", NULL,
    N_("The server does not offer the sign-in method needed"),
    N_("The server lists the sign-in methods it accepts, and the one this account needs is not "
       "among them. Usually the account is set up for browser sign-in (OAuth2) but the server only "
       "accepts passwords, or the server only offers an old method."),
    { N_("Choose the other sign-in method for this account (password instead of browser sign-in, "
         "or the reverse) and test again."),
      N_("Check the server name: some providers use separate servers for browser sign-in."),
      N_("If this is your organisation’s server, ask the administrator which sign-in methods it "
         "accepts.") },
    { NULL } },

  { "auth-invalid-credentials", NULL,
    N_("The user name or password is wrong"),
    N_("The server refused the user name and password. Usually the password has a typo or was "
       "changed, or the server wants a different user name (the full address or only the part "
       "before the @). Some providers also want an app password instead of your normal password."),
    { N_("Type the password again carefully (watch Caps Lock and the keyboard layout). The "
         "sign-in step passes when it is right."),
      N_("Try the user name the provider asks for: usually your full address %EMAIL%, sometimes "
         "only the part before the @."),
      N_("Sign in to your provider’s webmail with the same password. If that fails too, reset the "
         "password there."),
      N_("If your provider offers app passwords, create one and use it here instead.") },
    { NULL } },

  { "auth-app-password-required", NULL,
    N_("Your provider wants an app password"),
    N_("Your provider does not accept your normal password in mail apps. It wants an app password: "
       "a separate password generated for one app, which you can withdraw at any time without "
       "changing your main password."),
    { N_("Sign in to your provider’s website, open its security settings and create an app "
         "password named “Mail Setup”."),
      N_("Use the app password here instead of your normal password. The sign-in step passes "
         "with it.") },
    { NULL } },

  { "auth-web-login-required", NULL,
    N_("Your provider wants you to confirm this sign-in in a browser"),
    N_("Your provider blocked the sign-in until you confirm it on its website. Providers do this "
       "when a sign-in comes from a new place or app, to make sure it is really you."),
    { N_("Sign in to your provider’s webmail in a browser on this computer and answer any security "
         "question it asks."),
      N_("Look for a security alert by email or on your phone and confirm that the sign-in was "
         "you."),
      N_("Test again within a few minutes: the sign-in step passes once the sign-in is "
         "confirmed.") },
    { NULL } },

  { "auth-basic-disabled", NULL,
    N_("This provider no longer accepts passwords in mail apps"),
    N_("The server refused password sign-in for IMAP or SMTP: passwords are switched off for this "
       "provider or organisation, and sign-in through the browser (OAuth2) is required."),
    { N_("Choose “Sign in with browser” (OAuth2) for this account. The sign-in step passes with "
         "it."),
      N_("If your organisation manages the account and browser sign-in is not possible, ask the "
         "administrator whether IMAP and SMTP are allowed for you.") },
    { NULL } },

  { "auth-oauth-token-rejected", NULL,
    N_("The server refused your sign-in"),
    N_("The server did not accept the access token, the temporary key this app received when you "
       "signed in through the browser. Usually the saved sign-in expired or was withdrawn, it "
       "belongs to another account than %EMAIL%, or it was issued for a different service."),
    { N_("Sign in again through the browser and choose the account %EMAIL%. The sign-in step "
         "passes when the new key is accepted."),
      N_("If you have several accounts, check that you picked the right one in the browser."),
      N_("If this is your organisation’s server, ask the administrator whether it accepts "
         "sign-ins from this provider for %EMAIL%.") },
    { NULL } },

  { "auth-oauth-scope", NULL,
    N_("The sign-in lacks permission to use mail"),
    N_("You signed in, but the permission (scope) granted to this app does not include mail on "
       "this server. Usually the mail permission was not granted on the consent page, or the app "
       "asked for permission for another service."),
    { N_("Sign in again and allow every permission the page asks for, in particular access to "
         "mail. The sign-in step passes afterwards."),
      N_("If your organisation restricts permissions, ask the administrator to allow mail access "
         "(IMAP and SMTP) for this app.") },
    { NULL } },

  { "auth-too-many-attempts", NULL,
    N_("Too many sign-in attempts"),
    N_("The server temporarily stopped accepting sign-ins for this account after several failed "
       "attempts. This protects the account from password guessing. Another device that still "
       "uses an old password can cause it too."),
    { N_("Wait 15 to 30 minutes without trying."),
      N_("Update or remove the password in other devices and apps that use this account; they "
         "may keep retrying with an old one."),
      N_("Then test once with the correct password. The sign-in step passes when the block has "
         "expired.") },
    { NULL } },

  { "auth-temporary-failure", NULL,
    N_("The server’s sign-in service failed for a moment"),
    N_("The server could not check your sign-in right now because of a problem on its side. This "
       "says nothing about your password."),
    { N_("Wait a few minutes and test again. The test passes once the server has recovered."),
      N_("If it keeps happening, check the provider’s status page or tell its administrator.") },
    { NULL } },

  /* ------------------------------------------------------------------ Account and mailbox */
  { "imap-disabled", NULL,
    N_("IMAP is turned off for this mailbox"),
    N_("You signed in, but the server refuses IMAP access to this mailbox. Most often IMAP is "
       "switched off in the account’s settings or by the organisation’s administrator. It can also "
       "mean that the account you signed in with has no permission to this mailbox, or that the "
       "provider’s systems failed for a moment."),
    { N_("Turn on IMAP in your mail account’s web settings (often under Settings > Mail > POP and "
         "IMAP). The test gets past the inbox step afterwards."),
      N_("If your organisation manages the account, ask the administrator to enable IMAP for "
         "%EMAIL%."),
      /* xgettext:no-c-format */
      N_("Check that you signed in as %EMAIL% itself, then test again later in case of a "
         "temporary problem.") },
    { NULL } },

  { "too-many-connections", NULL,
    N_("Too many connections to this account at once"),
    N_("The server limits how many connections one account may have at the same time, and the "
       "limit is reached. Every mail app and device that uses this account keeps one or more "
       "connections open."),
    { N_("Close or sign out mail apps that use this account on this and other computers and "
         "phones, then test again."),
      N_("Wait up to 30 minutes for old connections to time out. The test passes once a "
         "connection is free."),
      N_("If you run the server yourself (Dovecot), raise mail_max_userip_connections.") },
    { NULL } },

  { "server-unavailable", NULL,
    N_("The server is temporarily unavailable"),
    N_("The server answered but said it cannot serve you right now. Usually it is overloaded, "
       "under maintenance or restarting. Some servers also answer like this when they refuse "
       "connections from your network."),
    { N_("Wait a few minutes and test again."),
      N_("Check the provider’s status page."),
      N_("If it keeps happening only on this network, try another one: the network’s address may "
         "be blocked.") },
    { NULL } },

  { "mailbox-unavailable", NULL,
    N_("The inbox cannot be opened"),
    N_("You signed in, but the server would not open the mailbox used for the test. It may not "
       "exist under that name, or this account has no permission to it."),
    { N_("Check the mailbox name (the default is INBOX) and test again with the default."),
      N_("Sign in to webmail and check that you can open the mailbox there."),
      N_("If it is a shared mailbox, ask its owner or the administrator for access.") },
    { NULL } },

  /* ------------------------------------------------------------------ SMTP */
  { "smtp-auth-disabled", NULL,
    N_("Signing in to send mail is turned off for this account"),
    N_("The outgoing mail server refused sign-in for sending (SMTP AUTH): it is turned off for "
       "this mailbox or for the whole organisation."),
    { N_("Ask the administrator to turn on authenticated SMTP for %EMAIL%. The sending check then "
         "gets past the sign-in step.") },
    { NULL } },

  { "smtp-auth-required", NULL,
    N_("The server wants you to sign in before sending"),
    N_("The outgoing mail server refused to send without sign-in. Usually sign-in for sending is "
       "switched off in the settings, or the connection uses port 25, which is for servers; mail "
       "apps use 587 or 465."),
    { N_("Turn on sign-in for outgoing mail, with the same account as for incoming mail. The test "
         "gets past the sender check afterwards."),
      N_("Use port 587 with STARTTLS or port 465 with TLS.") },
    { NULL } },

  { "smtp-ehlo-rejected", NULL,
    N_("The server rejected this computer’s name"),
    N_("A mail app introduces itself to the server with a name (the EHLO greeting). The server "
       "rejected the name this computer sent, usually because it contains spaces or is not a "
       "complete domain name."),
    { N_("Give this computer a simple name without spaces (Settings > System > About > Device "
         "Name), then test again."),
      N_("If it still fails, send the server’s words shown here to the Mail Setup developers.") },
    { NULL } },

  { "smtp-send-as-denied", NULL,
    N_("You may not send from this address"),
    N_("You signed in, but the server does not let this account send mail as %EMAIL%. Usually the "
       "sign-in account and the sender address differ (an alias, a shared mailbox or another "
       "person’s address) and the account has no permission to send as it."),
    { N_("Send from the address you sign in with, or sign in with the account that owns %EMAIL%. "
         "The test gets past the sender check afterwards."),
      N_("If you need to send as this address, ask the administrator to give your account “Send "
         "As” permission for it.") },
    { NULL } },

  /* ------------------------------------------------------------------ OAuth2 sign-in */
  { "oauth-client-id-missing", NULL,
    N_("This app has no sign-in registration for this provider"),
    N_("Browser sign-in (OAuth2) needs an app registration, identified by a client ID, at the "
       "provider. None is configured for this provider in this copy of Mail Setup."),
    { N_("Use a build of Mail Setup that includes a client ID for this provider, or add your "
         "organisation’s client ID to the provider file (ClientId=)."),
      N_("If the provider allows it, use a password or an app password instead.") },
    { NULL } },

  { "oauth-redirect-mismatch", NULL,
    N_("The sign-in registration does not accept this app’s return address"),
    N_("After you sign in, the provider sends the browser back to this app at an address on this "
       "computer (the redirect URI, such as http://localhost). The app registration at the "
       "provider does not list that address, so the provider refused."),
    { N_("If your organisation registered the app, ask the administrator to add the redirect URI "
         "http://localhost (or http://127.0.0.1) for a desktop app to the registration. Sign in "
         "again afterwards: the browser then returns to the app."),
      N_("Check that the client ID configured here is the one registered for Mail Setup.") },
    { NULL } },

  { "oauth-client-unknown", NULL,
    N_("The provider does not know this app"),
    N_("The provider does not know the app’s client ID (its registration), or does not allow it "
       "for your account. Usually the client ID is mistyped or was deleted, or the registration "
       "belongs to another organisation and is not available in yours."),
    { N_("Check the client ID configured for this provider."),
      N_("If your organisation uses its own registration, ask the administrator for its client "
         "ID. Sign in again afterwards: the provider’s page then shows the permission request.") },
    { NULL } },

  { "oauth-client-disabled", NULL,
    N_("This app was disabled at the provider"),
    N_("The app registration was disabled or deleted by the provider or by your organisation, so "
       "nobody can sign in with it."),
    { N_("Ask your administrator whether the app is blocked in your organisation and whether it "
         "can be enabled again."),
      N_("Use another registration (client ID) if your organisation provides one, then sign in "
         "again.") },
    { NULL } },

  { "oauth-client-not-public", NULL,
    N_("The sign-in registration is set up for a web server, not a desktop app"),
    N_("The provider asked for a secret that only web servers have: the app registration is set "
       "up as a confidential (web) client, and desktop apps cannot keep a secret."),
    { N_("Ask the administrator to register the redirect URI as a desktop (public) client and to "
         "allow public client flows. Sign in again afterwards: the sign-in completes.") },
    { NULL } },

  { "oauth-wrong-account-type", NULL,
    N_("This kind of account cannot sign in with this app registration"),
    N_("The app registration does not accept this kind of account. Usually it accepts only work or "
       "school accounts and you used a personal one (or the reverse), or your account does not "
       "belong to the organisation the registration is limited to."),
    { N_("Sign in with the other kind of account if you have one (work or personal), or ask the "
         "administrator to allow both kinds of account in the registration."),
      N_("If you are a guest in another organisation, sign in through that organisation’s own "
         "address.") },
    { NULL } },

  { "oauth-admin-consent-required", NULL,
    N_("An administrator must approve this app first"),
    N_("Your organisation lets people sign in only to apps an administrator has approved, and Mail "
       "Setup is not approved yet."),
    { N_("Ask your IT administrator to approve Mail Setup for mail access (“grant admin "
         "consent”). Sign in again afterwards: the page no longer asks for approval.") },
    { NULL } },

  { "oauth-consent-required", NULL,
    N_("Your permission for this app is missing"),
    N_("The provider needs your permission for this app to use your mail, and it was never given "
       "or has been withdrawn."),
    { N_("Sign in again through the browser and accept the permission request. The sign-in then "
         "completes.") },
    { NULL } },

  { "oauth-consent-declined", NULL,
    N_("The permission request was declined"),
    N_("The sign-in page asked whether this app may use your mail, and the answer was no (or the "
       "page was cancelled). Without that permission the app cannot check your mail."),
    { N_("Sign in again and choose Allow or Accept on the permission page. The sign-in then "
         "completes.") },
    { NULL } },

  { "oauth-mfa-required", NULL,
    N_("A second sign-in step is needed"),
    N_("Your account requires multi-factor sign-in (a code from your phone, an app approval or a "
       "security key), and it was not done or is no longer valid, for example after you moved to a "
       "new place."),
    { N_("Sign in again through the browser and complete the second step. The sign-in then "
         "completes."),
      N_("If you have not set up a second step yet, set it up in your account’s security settings "
         "first.") },
    { NULL } },

  { "oauth-conditional-access", NULL,
    N_("Your organisation’s policy blocked this sign-in"),
    N_("An access policy of your organisation blocked this sign-in, for example because of this "
       "device, this app, your location or the sign-in method."),
    { N_("Ask your IT administrator which policy blocked the sign-in (it appears in the sign-in "
         "logs) and whether this app or device can be allowed. Sign in again afterwards.") },
    { NULL } },

  { "oauth-refresh-expired", NULL,
    N_("Your saved sign-in has expired"),
    N_("Mail Setup keeps a long-lived sign-in so that you do not have to sign in every time. The "
       "provider no longer accepts it: it expired, was withdrawn (by you, by a password change or "
       "by an administrator), or was not used for too long."),
    { N_("Sign in again through the browser. The new sign-in is saved and the test passes."),
      N_("If this happens every week, the app registration is probably still in a testing mode: "
         "tell whoever maintains the registration.") },
    { NULL } },

  { "oauth-invalid-scope", NULL,
    N_("The provider refused the permissions requested"),
    N_("The app asked for permissions (scopes) that the provider does not know or does not allow "
       "for this registration."),
    { N_("Update Mail Setup or the provider file: the permissions for this provider may have "
         "changed."),
      N_("If your organisation registered the app, ask the administrator to add the mail "
         "permissions (IMAP, SMTP and offline access) to the registration. Sign in again "
         "afterwards.") },
    { NULL } },

  { "oauth-flow-blocked", NULL,
    N_("The provider no longer allows this kind of sign-in"),
    N_("The provider blocked the sign-in method this app used, or blocked the app under its "
       "policies (for example Google’s retired copy-and-paste sign-in, or an app that is not "
       "verified)."),
    { N_("Update Mail Setup: current versions use a supported sign-in method."),
      N_("If you use your own app registration, check its status in the provider’s developer "
         "console."),
      N_("Use an app password instead if the provider offers them.") },
    { NULL } },

  { "oauth-state-mismatch", NULL,
    N_("The browser’s answer did not belong to this sign-in"),
    N_("The answer that came back from the browser does not match the sign-in this app started. "
       "Usually a tab from an earlier attempt was used; rarely, it is an attempt to slip you "
       "someone else’s sign-in. Nothing was saved."),
    { N_("Close old sign-in tabs, start the sign-in again and finish it in the tab that opens. The "
         "sign-in then completes.") },
    { NULL } },

  { "oauth-timeout", NULL,
    N_("The browser never came back to the app"),
    N_("The sign-in page opened in your browser, but the app did not get an answer in time. Many "
       "problems are shown only on the provider’s page and never reach the app, so look at the "
       "browser tab. It usually says one of these:\n"
       "• the redirect URI or reply address does not match the registration "
       "(“redirect_uri_mismatch”);\n"
       "• the app is disabled, blocked or not verified;\n"
       "• your account is not part of the organisation, or is the wrong kind (personal or work);\n"
       "• an administrator must approve the app;\n"
       "• the page is still waiting for you to sign in or to choose an account."),
    { N_("Look at the browser tab that opened and read what it says; the list above explains the "
         "usual messages."),
      N_("If the page was waiting for you, sign in again and finish within a few minutes."),
      N_("If the page shows an error, show it to your administrator or follow the advice for that "
         "error (return address, disabled app, account type, administrator approval).") },
    { NULL } },

  { "oauth-endpoint-error", NULL,
    N_("The provider’s sign-in service failed"),
    N_("The provider’s sign-in service answered with an error or with something that is not a "
       "valid answer (for example a web page instead of data). Usually this is a temporary problem "
       "at the provider, or a proxy or filter on this network changed the answer."),
    { N_("Wait a few minutes and sign in again."),
      N_("On a company, school or hotel network, try another network: a proxy may be "
         "interfering.") },
    { NULL } },

  { "oauth-endpoint-timeout", NULL,
    N_("The provider’s sign-in service did not answer in time"),
    N_("Mail Setup waited for the provider’s sign-in service %STAGE%, and its answer did not "
       "arrive completely within the time limit. The service is slow or stuck, or so is the "
       "network between you and it. Your saved sign-in was not changed."),
    { N_("Try again in a few minutes."),
      N_("If it keeps happening, try another network, or give the command more time with "
         "--timeout.") },
    { NULL } },

  { "oauth-device-code-expired", NULL,
    N_("The sign-in code was not used in time"),
    N_("Signing in with a code works only for a few minutes (or until the time limit you gave): "
       "the code was not entered and confirmed on the sign-in page before then."),
    { N_("Sign in again, open the address on any device, enter the new code it shows and "
         "confirm within a few minutes.") },
    { NULL } },

  { "oauth-tenant-required", NULL,
    N_("Sign in through your organisation"),
    N_("The app registration used for signing in belongs to one organisation (a single-tenant "
       "app), or your organisation does not allow the shared “common” sign-in address. The "
       "sign-in has to go through your organisation’s own address (AADSTS50194)."),
    { N_("Sign in again and give your organisation: its domain (for example contoso.com) or its "
         "directory (tenant) ID, under Advanced on the settings page, or with mail-setup-cli "
         "login --tenant."),
      N_("The directory (tenant) ID is shown in the Microsoft Entra admin center under "
         "Overview.") },
    { "https://learn.microsoft.com/entra/fundamentals/how-to-find-tenant" } },

  { "shared-mailbox-denied", NULL,
    N_("You are signed in, but not let into this shared mailbox"),
    N_("%EMAIL% is opened with the sign-in of another account, a delegate. The server accepted "
       "that sign-in but not access to %EMAIL% with it: an administrator has to grant the "
       "delegate access to the mailbox (in Exchange Online “Full Access”, and “Send As” to send "
       "from it)."),
    { /* xgettext:no-c-format */
      N_("Ask the administrator of %EMAIL% to give your account Full Access to it, and Send As if "
         "you send from it. The permission can take up to an hour to work."),
      N_("Administrators of Exchange Online, in PowerShell: Add-MailboxPermission -Identity "
         "%EMAIL% -User YOUR-ADDRESS -AccessRights FullAccess, and Add-RecipientPermission "
         "-Identity %EMAIL% -Trustee YOUR-ADDRESS -AccessRights SendAs.") },
    { "https://learn.microsoft.com/powershell/module/exchange/add-mailboxpermission" } },

  /* ------------------------------------------------------------------ Keyring */
  { "keyring-unavailable", NULL,
    N_("No password store (keyring) is available"),
    N_("Mail Setup keeps passwords and sign-ins in the system’s keyring (a Secret Service), and "
       "none is running. Usually this desktop has no GNOME Keyring or KWallet, or this is a remote "
       "session without one."),
    { N_("Install and start a Secret Service keyring, for example GNOME Keyring (gnome-keyring) or "
         "KeePassXC with Secret Service integration, then try again."),
      N_("In a remote session, run the command inside a desktop session instead, or start "
         "gnome-keyring-daemon first.") },
    { NULL } },

  { "keyring-locked", NULL,
    N_("The keyring is locked"),
    N_("The keyring (the system’s password store) is locked and was not unlocked, for example "
       "because the unlock window was closed."),
    { N_("Try again and enter your keyring password (usually your login password) when asked."),
      N_("If no window appears, open Passwords and Keys and unlock the “Login” keyring, then try "
         "again.") },
    { NULL } },

  /* ------------------------------------------------------------------ Discovery */
  /* Ours: the client refused before connecting. */
  { "settings-untrusted", NULL,
    N_("Mail Setup will not sign in to a server it cannot vouch for"),
    N_("%HOST% was found in a place that someone on your network or in DNS could have changed, "
       "so your password or token might go to someone else. Nothing was sent."),
    { N_("Check the server names with your provider’s help pages. If they are right, name them "
         "yourself (--imap and --smtp, or “Enter Settings Myself” in the app) or accept them "
         "(--accept-discovered, or “Use These Settings”); the check then signs in."),
      N_("If you run the domain, publish its settings over HTTPS at autoconfig.<domain>, naming "
         "servers inside the domain: Mail Setup then trusts them without asking.") },
    { NULL } },

  /* ------------------------------------------------------------------ Fallback */
  { "unknown", NULL,
    N_("The check failed for a reason Mail Setup does not recognise"),
    N_("The check stopped %STAGE%, and Mail Setup does not recognise the reason. The server’s own "
       "words are shown here; they often name the problem."),
    { N_("Read the server’s words and look them up on your provider’s help pages."),
      N_("Test again in a few minutes."),
      N_("If it still fails, send the server’s words and the step to your provider’s support or "
         "your administrator.") },
    { NULL } },

  /* ================================================================== Microsoft */
  { "imap-disabled", MAIL_FAMILY_MICROSOFT,
    N_("IMAP is turned off for this mailbox, or this sign-in may not open it"),
    N_("You signed in, but Microsoft’s server would not open the mailbox (“User is authenticated "
       "but not connected”). Microsoft gives this answer for several reasons, most likely first: "
       "IMAP access is turned off for the mailbox (it is off for many Outlook.com accounts and for "
       "some Microsoft 365 mailboxes); the account you signed in with has no permission to this "
       "mailbox, for example a shared mailbox, or another account was chosen in the browser; a "
       "temporary problem in Microsoft’s systems; or several apps using the account over IMAP at "
       "once, or a sign-in Microsoft held back as unusual."),
    { fix_outlook_imap, fix_m365_imap_admin, fix_m365_imap_powershell, fix_m365_mailbox_permission,
      fix_ms_same_account, fix_ms_activity, fix_ms_retry },
    { LINK_OUTLOOK_IMAP_SETTINGS, LINK_OUTLOOK_POP_IMAP, LINK_MS_ENABLE_IMAP,
      LINK_MS_SET_CASMAILBOX,
      LINK_MS_IMAP_OAUTH, LINK_MS_ACTIVITY } },
  { "imap-disabled", "outlook", NULL, NULL,
    { fix_outlook_imap, fix_ms_same_account, fix_ms_activity, fix_ms_retry },
    { LINK_OUTLOOK_IMAP_SETTINGS, LINK_OUTLOOK_POP_IMAP, LINK_MS_ACTIVITY } },
  { "imap-disabled", "microsoft365", NULL, NULL,
    { fix_m365_imap_admin, fix_m365_imap_powershell, fix_m365_mailbox_permission,
      fix_ms_same_account, fix_ms_retry },
    { LINK_MS_ENABLE_IMAP, LINK_MS_SET_CASMAILBOX, LINK_MS_IMAP_OAUTH } },

  { "auth-oauth-token-rejected", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft’s server did not accept the sign-in (“AUTHENTICATE failed” or “Authentication "
       "unsuccessful”). At Microsoft this short answer has several causes, unlike at most other "
       "servers where it means a wrong key: the sign-in was issued for the wrong service (mail "
       "needs https://outlook.office.com/IMAP.AccessAsUser.All, and a sign-in for "
       "graph.microsoft.com is refused); the saved sign-in expired or was withdrawn; it belongs to "
       "another account than %EMAIL%; or IMAP or SMTP sign-in is turned off for the mailbox, which "
       "Microsoft reports the same way."),
    { fix_ms_same_account, fix_outlook_imap, fix_m365_imap_admin, fix_m365_imap_powershell,
      fix_ms_outlook_scope, fix_ms_retry },
    { LINK_MS_IMAP_OAUTH, LINK_OUTLOOK_IMAP_SETTINGS, LINK_MS_ENABLE_IMAP } },
  { "auth-oauth-token-rejected", "outlook", NULL, NULL,
    { fix_ms_same_account, fix_outlook_imap, fix_ms_activity, fix_ms_outlook_scope },
    { LINK_MS_IMAP_OAUTH, LINK_OUTLOOK_IMAP_SETTINGS, LINK_MS_ACTIVITY } },
  /* Sending: the switch that matters is authenticated SMTP, not IMAP. */
  { "auth-oauth-token-rejected", "microsoft:smtp", NULL,
    N_("Microsoft’s outgoing server did not accept the sign-in (“Authentication "
       "unsuccessful”). At Microsoft this short answer has several causes: authenticated SMTP "
       "(SMTP AUTH) is turned off for the mailbox or the organisation; the sign-in was issued "
       "for the wrong service (sending needs https://outlook.office.com/SMTP.Send, and a sign-in "
       "for graph.microsoft.com is refused); the saved sign-in expired or was withdrawn; or it "
       "belongs to another account than %EMAIL%."),
    { fix_ms_same_account, fix_m365_smtp_admin, fix_m365_smtp_powershell, fix_ms_outlook_scope,
      fix_ms_retry },
    { "https://aka.ms/smtp_auth_disabled", LINK_MS_SMTP_AUTH, LINK_MS_IMAP_OAUTH } },
  { "auth-oauth-token-rejected", "outlook:smtp", NULL, NULL,
    { fix_ms_same_account, fix_ms_activity, fix_ms_outlook_scope, fix_ms_retry },
    { LINK_MS_IMAP_OAUTH, LINK_MS_ACTIVITY } },

  { "auth-oauth-scope", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Sign in again with this app and accept the mail permissions."), fix_ms_outlook_scope },
    { LINK_MS_IMAP_OAUTH } },

  { "auth-basic-disabled", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft no longer accepts passwords from mail apps over IMAP, POP and SMTP: for "
       "Outlook.com accounts since September 2024, and in Microsoft 365 organisations that "
           "switched "
       "basic authentication off (the default). Microsoft then answers “LOGIN failed.” or "
       "“Authentication unsuccessful”, even when the password is right. Browser sign-in (OAuth2) "
       "is required."),
    { N_("Choose “Sign in with browser” (OAuth2) for this account and sign in as %EMAIL%. The "
         "sign-in step passes with it."),
      N_("Work or school account: if the sign-in page then says an administrator must approve the "
         "app, ask your administrator to approve Mail Setup.") },
    { LINK_MS_BASIC_AUTH, LINK_MS_IMAP_OAUTH } },

  { "auth-invalid-credentials", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft refused the user name and password. Microsoft no longer accepts account "
       "passwords in mail apps for most accounts, so even a correct password fails."),
    { N_("Choose “Sign in with browser” (OAuth2) for this account. The sign-in step passes with "
         "it."),
      fix_ms_activity },
    { LINK_MS_BASIC_AUTH } },

  { "auth-web-login-required", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { fix_ms_activity,
      N_("Sign in at https://outlook.live.com (or https://outlook.office.com for work and school "
         "accounts) in a browser and answer any security question, then test again.") },
    { LINK_MS_ACTIVITY } },

  { "smtp-auth-disabled", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft refused sign-in for sending mail (5.7.139): authenticated SMTP (SMTP AUTH) is "
       "turned off for this mailbox or for the whole organisation (“SmtpClientAuthentication is "
       "disabled for the Tenant”). New Microsoft 365 organisations have it off by default."),
    { fix_m365_smtp_admin, fix_m365_smtp_powershell,
      N_("If it is still refused, security defaults or a Conditional Access policy that blocks "
         "legacy sign-in may apply: the administrator can see it in the Microsoft Entra sign-in "
         "logs. See https://aka.ms/smtp_auth_disabled.") },
    { "https://aka.ms/smtp_auth_disabled", LINK_MS_SMTP_AUTH, LINK_MS_SET_CASMAILBOX } },

  { "smtp-send-as-denied", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft refused to send as %EMAIL% (5.7.60, “SendAsDenied”): the account you signed in "
       "with has no “Send As” permission for this address. This happens with shared mailboxes, "
       "groups and other people’s addresses, and whenever the sender differs from the sign-in "
       "account."),
    { /* xgettext:no-c-format */
      N_("Send from the address you signed in with, or sign in as %EMAIL% itself. The test then "
         "gets past the sender check."),
      N_("Ask the administrator for Send As permission: Exchange admin center > Recipients > "
         "Mailboxes > %EMAIL% > Delegation > Send as > add your account, or in Exchange Online "
         "PowerShell Add-RecipientPermission -Identity %EMAIL% -Trustee <your sign-in address> "
         "-AccessRights SendAs. It can take up to an hour.") },
    { NULL } },

  { "oauth-redirect-mismatch", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("The administrator opens the Microsoft Entra admin center > App registrations > the app > "
         "Authentication > Add a platform > Mobile and desktop applications and adds "
         "http://localhost. Microsoft ignores the port for localhost; http://127.0.0.1 can only be "
         "added in the manifest, and [::1] is not supported. Sign in again afterwards: the browser "
         "then returns to the app (AADSTS50011 is gone).") },
    { LINK_MS_REPLY_URL, LINK_MS_ERROR_CODES } },

  { "oauth-client-unknown", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Check the client ID (Application ID) configured for Microsoft."),
      N_("If the registration lives in another organisation, it must allow “Accounts in any "
         "organizational directory and personal Microsoft accounts”, and your administrator may "
         "need to approve it. Sign in again afterwards (AADSTS700016 is gone).") },
    { LINK_MS_ERROR_CODES } },

  { "oauth-client-disabled", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("The administrator opens the Microsoft Entra admin center > Enterprise applications > the "
         "app > Properties and sets “Enabled for users to sign in?” to Yes. Sign in again "
         "afterwards (AADSTS7000112 is gone).") },
    { LINK_MS_ERROR_CODES } },

  { "oauth-client-not-public", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("The administrator opens the Microsoft Entra admin center > App registrations > the app > "
         "Authentication, adds the platform “Mobile and desktop applications” with "
         "http://localhost and sets “Allow public client flows” to Yes. Sign in again afterwards "
         "(AADSTS7000218 is gone).") },
    { LINK_MS_REPLY_URL, LINK_MS_ERROR_CODES } },

  { "oauth-wrong-account-type", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Personal accounts (Outlook.com, Hotmail, Live) and work or school accounts are "
         "different: sign in with the kind the registration accepts."),
      N_("The registration’s owner sets Supported account types to “Accounts in any "
         "organizational directory and personal Microsoft accounts” (Microsoft Entra admin center "
             "> "
         "App registrations > the app > Authentication). Sign in again afterwards.") },
    { LINK_MS_ERROR_CODES } },

  { "oauth-admin-consent-required", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Ask your administrator to approve Mail Setup: Microsoft Entra admin center > Enterprise "
         "applications > Mail Setup > Permissions > Grant admin consent. If the sign-in page "
         "offers “Request approval”, use it. Sign in again once approved.") },
    { LINK_MS_ADMIN_CONSENT, LINK_MS_ERROR_CODES } },

  { "oauth-mfa-required", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Sign in again through the browser and complete the second step. The sign-in then "
         "completes."),
      N_("If you have no second step yet, add one at "
          "https://mysignins.microsoft.com/security-info first.") },
    { LINK_MS_SECURITY_INFO } },

  { "oauth-conditional-access", MAIL_FAMILY_MICROSOFT, NULL, NULL,
    { N_("Ask your administrator to look up the failed sign-in in the Microsoft Entra admin "
         "center > Sign-in logs, Conditional Access tab (AADSTS53003), and to allow this app or "
         "device. Sign in again afterwards.") },
    { LINK_MS_ERROR_CODES } },

  { "oauth-refresh-expired", MAIL_FAMILY_MICROSOFT, NULL,
    N_("Microsoft no longer accepts the saved sign-in: it was not used for 90 days, your password "
       "was changed or reset, or an administrator or you withdrew it (AADSTS700082, AADSTS70008, "
       "AADSTS50173)."),
    { N_("Sign in again through the browser. The new sign-in is saved and the test passes.") },
    { LINK_MS_ERROR_CODES } },

  { "oauth-timeout", MAIL_FAMILY_MICROSOFT, NULL,
    N_("The sign-in page opened in your browser, but the app did not get an answer in time. "
       "Microsoft shows many problems only on its own page, so look at the browser tab. It "
       "usually says one of these:\n"
       "• AADSTS50011: the redirect URI does not match the ones registered for the app;\n"
       "• AADSTS700016: the application was not found in the directory;\n"
       "• AADSTS7000112: the application is disabled;\n"
       "• AADSTS50020 or “You can’t sign in here with a personal account”: the account is not "
       "in that organisation or is the wrong kind;\n"
       "• “Need admin approval” (AADSTS65001, AADSTS90094): an administrator must approve the "
       "app;\n"
       "• AADSTS53003: a Conditional Access policy blocked the sign-in;\n"
       "• the page is still waiting for you to sign in or to choose an account."),
    { NULL },
    { LINK_MS_ERROR_CODES } },

  /* ================================================================== Google */
  { "auth-app-password-required", MAIL_FAMILY_GMAIL, NULL,
    N_("Google does not accept your Google Account password in mail apps that sign in with a "
       "password. It wants an app password: 16 letters generated for one app. App passwords "
       "need 2-Step Verification."),
    { N_("Turn on 2-Step Verification for your Google Account (Google Account > Security > "
         "2-Step Verification)."),
      N_("Create an app password at https://myaccount.google.com/apppasswords named “Mail Setup”. "
          "Google shows "
         "16 letters once."),
      N_("Use those 16 letters here as the password. The sign-in step passes with it."),
      N_("Or choose “Sign in with browser” (OAuth2), which needs no app password."),
      N_("If the page says app passwords are not available, your account is managed by an "
         "organisation or uses Advanced Protection: use browser sign-in.") },
    { LINK_GOOGLE_APP_PASSWORD_HELP, LINK_GOOGLE_APP_PASSWORDS } },

  { "auth-invalid-credentials", MAIL_FAMILY_GMAIL, NULL,
    N_("Google refused the user name and app password. The app password may be mistyped or "
       "withdrawn (withdrawing happens when you change your Google password)."),
    { N_("Create a new app password at https://myaccount.google.com/apppasswords and use it here. "
         "The sign-in step passes with it."),
      /* xgettext:no-c-format */
      N_("Use your full Gmail address %EMAIL% as the user name."),
      N_("Or choose “Sign in with browser” (OAuth2).") },
    { LINK_GOOGLE_APP_PASSWORD_HELP } },

  { "auth-web-login-required", MAIL_FAMILY_GMAIL, NULL,
    N_("Google blocked the sign-in until you confirm it (“Please log in via your web browser”). "
       "Google does this when a sign-in looks unusual: a new device or place, or a password "
       "sign-in from a mail app."),
    { /* xgettext:no-c-format */
      N_("Sign in at https://mail.google.com in a browser on this computer with %EMAIL% and "
         "complete any check Google asks for."),
      N_("Open https://myaccount.google.com/notifications (Security > Recent security activity), "
          "find the "
         "blocked sign-in and confirm that it was you."),
      N_("Test again within 10 minutes. Google’s old “DisplayUnlockCaptcha” page is retired; "
         "these steps replace it."),
      N_("If you sign in with your Google password, use an app password "
          "(https://myaccount.google.com/apppasswords) or “Sign in with browser” instead: Google "
          "refuses account passwords in mail apps.") },
    { LINK_GOOGLE_WEB_LOGIN, LINK_GOOGLE_NOTIFICATIONS } },

  { "too-many-connections", MAIL_FAMILY_GMAIL, NULL,
    N_("Gmail allows at most 15 IMAP connections to one account at the same time, and they are in "
       "use. Every mail app and phone that uses this account keeps several of them open."),
    { N_("Close or sign out mail apps that use this Gmail account on this and other computers and "
         "phones, then test again."),
      N_("Wait up to 30 minutes for old connections to time out. The test passes once a "
         "connection is free.") },
    { LINK_GOOGLE_IMAP } },

  { "imap-disabled", MAIL_FAMILY_GMAIL, NULL,
    N_("Gmail refused IMAP for this account (“Your account is not enabled for IMAP use”). IMAP is "
       "switched off in the account’s settings or, for Google Workspace accounts, by the "
       "administrator."),
    { N_("Personal Gmail account: open Gmail in a browser > Settings > See all settings > "
         "Forwarding and POP/IMAP. If an “IMAP access” choice is shown, select Enable IMAP and "
         "Save Changes (newer accounts have IMAP always on). The test then gets past this step."),
      N_("Google Workspace account: the administrator enables it in the Admin console > Apps > "
         "Google Workspace > Gmail > End User Access > POP and IMAP access.") },
    { LINK_GOOGLE_IMAP } },

  { "auth-oauth-token-rejected", MAIL_FAMILY_GMAIL, NULL,
    N_("Google did not accept the sign-in (“Invalid credentials”). Usually the saved sign-in "
       "expired or was withdrawn (at https://myaccount.google.com/connections or by a password "
           "change), it "
       "belongs to another Google account than %EMAIL%, or a Google Workspace administrator "
       "blocks IMAP or this app."),
    { N_("Sign in again through the browser and choose %EMAIL%. The sign-in step passes with "
         "the new sign-in."),
      N_("Google Workspace account: ask the administrator to allow IMAP access and Mail Setup "
         "(Admin console > Security > Access and data control > API controls).") },
    { LINK_GOOGLE_CONNECTIONS, LINK_GOOGLE_IMAP } },

  { "oauth-refresh-expired", MAIL_FAMILY_GMAIL, NULL,
    N_("Google no longer accepts the saved sign-in (“Token has been expired or revoked”). It was "
       "withdrawn at https://myaccount.google.com/connections, your password was changed, it was "
           "not used for "
       "six months, or the app registration is in Google’s “Testing” mode, where sign-ins expire "
       "after 7 days."),
    { N_("Sign in again through the browser. The new sign-in is saved and the test passes."),
      N_("If it expires again after a week, the registration is in Testing mode: tell whoever "
         "maintains it to publish the app.") },
    { LINK_GOOGLE_CONNECTIONS } },

  { "oauth-admin-consent-required", MAIL_FAMILY_GMAIL, NULL,
    N_("Your Google Workspace administrator restricts which apps may use your Google data "
       "(admin_policy_enforced), or the app is limited to another organisation (org_internal)."),
    { N_("Ask the administrator to trust Mail Setup: Admin console > Security > Access and data "
         "control > API controls > Manage third-party app access. Sign in again afterwards.") },
    { NULL } },

  { "smtp-send-as-denied", MAIL_FAMILY_GMAIL, NULL, NULL,
    { N_("In Gmail on the web: Settings > See all settings > Accounts and Import > Send mail as > "
         "Add another email address, and confirm %EMAIL%. The test then gets past the sender "
         "check.") },
    { NULL } },

  { "oauth-timeout", MAIL_FAMILY_GMAIL, NULL,
    N_("The sign-in page opened in your browser, but the app did not get an answer in time. "
       "Google shows many problems only on its own page, so look at the browser tab. It usually "
       "says one of these:\n"
       "• “Error 400: redirect_uri_mismatch”: the return address is not registered;\n"
       "• “Error 401: deleted_client” or “disabled_client”: the app registration was deleted or "
       "disabled;\n"
       "• “Access blocked: … has not completed the Google verification process” (Error 403: "
       "access_denied): the app is in testing and your account is not a test user;\n"
       "• “Error 400: admin_policy_enforced” or “org_internal”: your organisation does not allow "
       "the app;\n"
       "• “This app is blocked” or “doesn’t comply with Google’s OAuth 2.0 policy”;\n"
       "• the page is still waiting for you to sign in or to choose an account."),
    { NULL },
    { NULL } },

  /* ================================================================== Yahoo and AOL */
  { "auth-app-password-required", MAIL_FAMILY_YAHOO, NULL,
    N_("Yahoo and AOL accept only app passwords in mail apps, never your account password."),
    { N_("Sign in at https://login.yahoo.com/account/security (AOL: "
         "https://login.aol.com/account/security), choose “Generate app password”, name it "
         "“Mail Setup” and select Generate."),
      N_("Use the generated password here. The sign-in step passes with it.") },
    { LINK_YAHOO_APP_PASSWORD } },
  { "auth-invalid-credentials", MAIL_FAMILY_YAHOO, NULL,
    N_("Yahoo or AOL refused the user name and app password. The app password may be mistyped or "
       "withdrawn; the account password never works in mail apps."),
    { N_("Generate a new app password at https://login.yahoo.com/account/security (AOL: "
         "https://login.aol.com/account/security) and use it here. The sign-in step passes with "
         "it."),
      /* xgettext:no-c-format */
      N_("Use your full address %EMAIL% as the user name.") },
    { LINK_YAHOO_APP_PASSWORD } },
  { "auth-oauth-token-rejected", MAIL_FAMILY_YAHOO, NULL, NULL,
    { N_("Sign in again through the browser with %EMAIL%."),
      N_("Yahoo and AOL do not register new apps for mail sign-in; if browser sign-in keeps "
         "failing, use an app password from https://login.yahoo.com/account/security instead.") },
    { LINK_YAHOO_APP_PASSWORD } },

  { "auth-app-password-required", MAIL_FAMILY_YAHOO ":smtp", NULL,
    N_("Yahoo and AOL accept only app passwords in mail apps, never your account password. "
       "When the account password is used, Yahoo may even answer “Too many bad auth attempts” "
       "(#AUTH005). Less often those words mean what they say: many failed sign-ins in a row, "
       "after which sign-in works again an hour or so later."),
    { NULL },
    { NULL } },

  /* ================================================================== NetEase */
  { "auth-web-login-required", MAIL_FAMILY_NETEASE,
    N_("NetEase refused to open the mailbox (“Unsafe Login”)"),
    N_("NetEase (163.com, 126.com, yeah.net) signed you in but refused to open the mailbox, "
       "calling the sign-in unsafe. It does this with mail apps it does not trust. Mail Setup "
       "already identified itself with the IMAP ID command, which NetEase usually wants; when the "
       "refusal still comes, NetEase wants IMAP turned on in its web settings and the client "
       "authorization code used instead of the password."),
    { N_("Sign in to NetEase webmail in a browser, open Settings > POP3/SMTP/IMAP, turn on the "
         "IMAP/SMTP service and create a client authorization code."),
      N_("Use the authorization code here as the password. The step that opens the inbox passes "
         "with it."),
      N_("If NetEase asks to confirm the new mail app (by text message or in the webmail), "
         "confirm it and test again.") },
    { NULL } },

  /* ================================================================== iCloud */
  { "auth-invalid-credentials", MAIL_FAMILY_ICLOUD, NULL,
    N_("iCloud refused the sign-in. iCloud Mail accepts only app-specific passwords in other mail "
       "apps, never your Apple Account password; an app-specific password that was withdrawn or "
       "mistyped fails too."),
    { N_("Sign in at https://account.apple.com > Sign-In and Security > App-Specific Passwords and "
         "generate one named “Mail Setup” (it needs two-factor authentication on your Apple "
         "Account)."),
      N_("Use it here (it looks like xxxx-xxxx-xxxx-xxxx). The sign-in step passes with it."),
      /* xgettext:no-c-format */
      N_("Use your iCloud address %EMAIL% as the user name (for IMAP, only the part before the @ "
         "also works).") },
    { LINK_APPLE_APP_PASSWORD } },
  { "auth-app-password-required", MAIL_FAMILY_ICLOUD, NULL,
    N_("iCloud Mail accepts only app-specific passwords in other mail apps, never your Apple "
       "Account password."),
    { N_("Sign in at https://account.apple.com > Sign-In and Security > App-Specific Passwords and "
         "generate one named “Mail Setup” (it needs two-factor authentication on your Apple "
         "Account)."),
      N_("Use it here (it looks like xxxx-xxxx-xxxx-xxxx). The sign-in step passes with it.") },
    { LINK_APPLE_APP_PASSWORD } },

  /* ================================================================== Fastmail */
  { "auth-app-password-required", MAIL_FAMILY_FASTMAIL, NULL,
    N_("Fastmail never accepts your regular password in mail apps: it wants an app password. IMAP "
       "and SMTP also need a plan that includes them."),
    { N_("In Fastmail on the web: Settings > Privacy & Security > Integrations > New App "
         "Password; keep the access “Mail, Contacts & Calendars” (or Mail) and select Generate "
         "Password."),
      N_("Use the generated password here with your full address %EMAIL%. The sign-in step "
         "passes with it.") },
    { LINK_FASTMAIL_APP_PASSWORD } },
  { "auth-invalid-credentials", MAIL_FAMILY_FASTMAIL, NULL,
    N_("Fastmail refused the user name and app password. The app password may be mistyped, "
       "withdrawn, or lack mail access; your regular password never works in mail apps."),
    { N_("Create a new app password with mail access in Fastmail: Settings > Privacy & Security > "
         "Integrations > New App Password. The sign-in step passes with it."),
      /* xgettext:no-c-format */
      N_("Use your full address %EMAIL% as the user name.") },
    { LINK_FASTMAIL_APP_PASSWORD } },

  /* ================================================================== GMX and WEB.DE */
  { "imap-disabled", MAIL_FAMILY_GMX, NULL,
    N_("GMX and WEB.DE refuse IMAP until access by POP3 and IMAP is switched on once in the "
       "webmail settings."),
    { N_("In webmail: Settings > POP3 & IMAP > allow access via POP3 and IMAP > Save. The test "
         "then "
         "gets past this step.") },
    { LINK_GMX_IMAP } },
  { "imap-disabled", "webde", NULL, NULL, { NULL }, { LINK_WEBDE_IMAP } },
  { "auth-invalid-credentials", MAIL_FAMILY_GMX, NULL,
    N_("The server refused the sign-in. At GMX and WEB.DE this also happens when access by POP3 "
       "and IMAP is switched off, or when two-factor authentication is on and the account password "
       "is used instead of an app-specific password."),
    { N_("In webmail: Settings > POP3 & IMAP > allow access via POP3 and IMAP > Save."),
      N_("With two-factor authentication on: Security > Two-factor authentication > "
         "application-specific passwords > create one and use it here."),
      N_("Use the user name the provider asks for: at GMX your full address, at WEB.DE the part "
         "before the @. The sign-in step passes when everything matches.") },
    { LINK_GMX_IMAP, LINK_GMX_APP_PASSWORD } },
  { "auth-invalid-credentials", "webde", NULL, NULL, { NULL },
    { LINK_WEBDE_IMAP, LINK_WEBDE_APP_PASSWORD } },

  /* ================================================================== Zoho */
  { "imap-disabled", MAIL_FAMILY_ZOHO, NULL,
    N_("Zoho Mail refuses IMAP until IMAP access is switched on in its settings."),
    { N_("In Zoho Mail: Settings > Mail Accounts > IMAP > enable IMAP Access. The test then gets "
         "past this step.") },
    { LINK_ZOHO_IMAP } },
  { "auth-invalid-credentials", MAIL_FAMILY_ZOHO, NULL,
    N_("Zoho refused the sign-in. This also happens when IMAP access is off, or when two-factor "
       "authentication is on (or you sign in to Zoho with Google or another account) and no "
       "app-specific password is used."),
    { N_("In Zoho Mail: Settings > Mail Accounts > IMAP > enable IMAP Access."),
      N_("Create an app-specific password at https://accounts.zoho.com > Security > App Passwords "
         "and use it here. The sign-in step passes with it."),
      N_("Use the server of your region (for example imap.zoho.eu) and, for your own domain, "
         "imappro.zoho.com / smtppro.zoho.com.") },
    { LINK_ZOHO_IMAP } },
  { "auth-app-password-required", MAIL_FAMILY_ZOHO, NULL, NULL,
    { N_("Create an app-specific password at https://accounts.zoho.com > Security > App Passwords "
         "and use it here. The sign-in step passes with it.") },
    { LINK_ZOHO_IMAP } },
};
const guint mail_diagnosis_n_texts = G_N_ELEMENTS (mail_diagnosis_texts);
