/* test-probe-lab.c: the connection test against the lab's real Dovecot and identity provider
 *
 * Run inside tests/lab/with-lab.sh (suite "lab"); skipped without MAIL_LAB_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "mail-probe.h"
#include "mail-sasl.h"
#include "mail-test-lib.h"
#include "mail-test-probe.h"

/* ---------------------------------------------------------------------------------------- */
/* Helpers                                                                                    */

static MailProbe *
lab_probe (MailProtocol  protocol,
           const char   *host,
           guint16       port,
           MailSecurity  security,
           gboolean      trust_lab_ca)
{
  g_autoptr(MailServer) server = mail_server_new (protocol, host, port, security);
  MailProbe *probe;

  server->username = g_strdup (g_getenv ("MAIL_LAB_USER"));
  probe = mail_probe_new (server, g_getenv ("MAIL_LAB_USER"));
  if (trust_lab_ca)
    {
      g_autoptr(GTlsDatabase) database = mail_test_lab_database ();

      mail_probe_set_tls_database (probe, database);
    }
  return probe;
}

/* No secret (nor its SASL encodings) anywhere a person or a log could see it. */
static void
assert_no_secret (const MailCheckResult *result,
                  const char            *secret)
{
  const char *user = g_getenv ("MAIL_LAB_USER");
  g_autofree char *json = mail_test_check_result_to_json (result);
  g_autofree char *xoauth2 = mail_sasl_xoauth2_response (user, secret);
  g_autofree char *plain = mail_sasl_plain_response (NULL, user, secret);
  g_autofree char *login = mail_sasl_login_response (secret);
  const char *forms[] = { secret, xoauth2, plain, login };

  for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
    {
      g_assert_null (strstr (json, forms[f]));
      for (guint i = 0; i < result->transcript->len; i++)
        g_assert_null (strstr (g_ptr_array_index (result->transcript, i), forms[f]));
      for (guint i = 0; i < result->steps->len; i++)
        {
          MailCheckStep *step = g_ptr_array_index (result->steps, i);

          g_assert_true (step->detail == NULL || strstr (step->detail, forms[f]) == NULL);
        }
      if (result->diagnosis != NULL)
        {
          g_assert_true (result->diagnosis->server_text == NULL
                         || strstr (result->diagnosis->server_text, forms[f]) == NULL);
          g_assert_null (strstr (result->diagnosis->explanation, forms[f]));
        }
    }
}

static void
assert_steps (const MailCheckResult *result,
              const char *const     *names)
{
  g_autoptr(GString) got = g_string_new (NULL);
  g_autofree char *want = g_strjoinv (",", (char **) names);

  for (guint i = 0; i < result->steps->len; i++)
    {
      MailCheckStep *step = g_ptr_array_index (result->steps, i);

      g_string_append_printf (got, "%s%s", i > 0 ? "," : "", step->name);
      g_assert_cmpfloat (step->ms, >=, 0.0);
      /* Only the last step may have failed */
      if (i + 1 < result->steps->len)
        g_assert_true (step->ok);
    }
  g_assert_cmpstr (got->str, ==, want);
}

static const MailCheckStep *
find_step (const MailCheckResult *result,
           const char            *name)
{
  for (guint i = 0; i < result->steps->len; i++)
    {
      MailCheckStep *step = g_ptr_array_index (result->steps, i);

      if (g_str_equal (step->name, name))
        return step;
    }
  g_error ("no step %s", name);
}

static const char *
step_detail (const MailCheckResult *result,
             const char            *name)
{
  const MailCheckStep *step = find_step (result, name);

  return step->detail != NULL ? step->detail : "(none)";
}

static gboolean
transcript_has (const MailCheckResult *result,
                const char            *line)
{
  for (guint i = 0; i < result->transcript->len; i++)
    if (g_str_equal (g_ptr_array_index (result->transcript, i), line))
      return TRUE;
  return FALSE;
}

/* The check failed with code at stage, and its last step is the failed one. */
static void
assert_diagnosis (const MailCheckResult *result,
                  const char            *code,
                  const char            *stage)
{
  MailCheckStep *last;

  mail_test_assert_code (result, code, stage);
  g_assert_cmpuint (result->steps->len, >, 0);
  last = g_ptr_array_index (result->steps, result->steps->len - 1);
  g_assert_false (last->ok);
  g_assert_cmpstr (last->name, ==, stage);
}

/* The lab's idp revokes every token of user. */
static void
idp_revoke (const char *user)
{
  g_autofree char *form = g_strconcat ("revoke=", user, NULL);

  mail_test_lab_idp_control (form);
}

/* ---------------------------------------------------------------------------------------- */
/* IMAP                                                                                       */

static void
test_imap_password_plain (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  const char *password = g_getenv ("MAIL_LAB_PASSWORD");
  const char *steps[] = { "resolve", "connect", "tls", "greeting", "capability", "authenticate",
                          "select", "logout", NULL };

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_TLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, password);
  result = mail_test_run_probe (probe);
  g_assert_true (result->ok);
  g_assert_null (result->diagnosis);
  assert_steps (result, steps);
  g_assert_cmpstr (result->mechanism, ==, "PLAIN");
  g_assert_cmpstr (step_detail (result, "resolve"), !=, NULL);
  g_assert_true (g_str_has_suffix (step_detail (result, "connect"),
                                   g_getenv ("MAIL_LAB_IMAPS_PORT")));
  g_assert_true (g_str_has_prefix (step_detail (result, "tls"), "TLS 1."));
  g_assert_true (g_str_has_suffix (step_detail (result, "tls"), "certificate valid for localhost"));
  g_assert_nonnull (result->certificate);
  g_assert_cmpuint (result->certificate->errors, ==, 0);
  g_assert_true (transcript_has (result, "C: a1 AUTHENTICATE PLAIN [redacted]"));
  /* Dovecot offers ID: the app names itself before opening the mailbox. */
  g_assert_true (transcript_has (result, "C: a2 ID (\"name\" \"Mail Setup\" \"version\" \""
                                         PACKAGE_VERSION "\")"));
  g_assert_true (transcript_has (result, "C: a3 EXAMINE \"INBOX\""));
  assert_no_secret (result, password);
}

static void
count_cb (MailProbe *probe,
          gpointer   arg,
          guint     *counter)
{
  (*counter)++;
}

static void
test_imap_signals (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  guint started = 0;
  guint finished = 0;

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_TLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, g_getenv ("MAIL_LAB_PASSWORD"));
  g_signal_connect (probe, "step-started", G_CALLBACK (count_cb), &started);
  g_signal_connect (probe, "step-finished", G_CALLBACK (count_cb), &finished);
  result = mail_test_run_probe (probe);
  g_assert_true (result->ok);
  g_assert_cmpuint (started, ==, result->steps->len);
  g_assert_cmpuint (finished, ==, result->steps->len);
}

static void
test_imap_password_login (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  const char *password = g_getenv ("MAIL_LAB_PASSWORD");
  const char *login[] = { "LOGIN", NULL };

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_TLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, password);
  mail_probe_set_mechanisms (probe, login);
  result = mail_test_run_probe (probe);
  g_assert_true (result->ok);
  g_assert_cmpstr (result->mechanism, ==, "LOGIN");
  g_assert_true (transcript_has (result, "C: a1 LOGIN \"alice@example.test\" [redacted]"));
  assert_no_secret (result, password);
}

static void
test_imap_wrong_password (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  const char *wrong = "not-the-lab-password";

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_TLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, wrong);
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "auth-invalid-credentials", "authenticate");
  g_assert_nonnull (result->diagnosis->server_text);
  g_assert_nonnull (strstr (result->diagnosis->server_text, "AUTHENTICATIONFAILED"));
  g_assert_true (g_str_has_prefix (result->diagnosis->server_text, "NO "));
  assert_no_secret (result, wrong);
}

static void
imap_oauth (const char *mechanism)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autofree char *token = mail_test_lab_mint_token (g_getenv ("MAIL_LAB_USER"), "xyz");
  const char *mechanisms[] = { mechanism, NULL };

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_TLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_OAUTH2, token);
  mail_probe_set_mechanisms (probe, mechanisms);
  result = mail_test_run_probe (probe);
  g_assert_true (result->ok);
  g_assert_cmpstr (result->mechanism, ==, mechanism);
  assert_no_secret (result, token);
}

static void
test_imap_xoauth2 (void)
{
  if (mail_test_lab_available ())
    imap_oauth ("XOAUTH2");
}

static void
test_imap_oauthbearer (void)
{
  if (mail_test_lab_available ())
    imap_oauth ("OAUTHBEARER");
}

static void
imap_revoked (const char *mechanism,
              const char *answer)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  const char *user = g_getenv ("MAIL_LAB_USER2");
  g_autofree char *token = mail_test_lab_mint_token (user, "xyz");
  const char *mechanisms[] = { mechanism, NULL };
  g_autoptr(MailServer) server = mail_server_new (MAIL_PROTOCOL_IMAP, "localhost",
                                                  mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                                                  MAIL_SECURITY_TLS);
  g_autoptr(GTlsDatabase) database = mail_test_lab_database ();

  idp_revoke (user);
  server->username = g_strdup (user);
  probe = mail_probe_new (server, user);
  mail_probe_set_tls_database (probe, database);
  mail_probe_set_credential (probe, MAIL_AUTH_OAUTH2, token);
  mail_probe_set_mechanisms (probe, mechanisms);
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "auth-oauth-token-rejected", "authenticate");
  /* The error challenge was answered as the mechanism wants, then the server said NO. */
  g_assert_true (transcript_has (result, answer));
  g_assert_nonnull (strstr (result->diagnosis->server_text, "NO"));
  assert_no_secret (result, token);
}

static void
test_imap_revoked_xoauth2 (void)
{
  if (mail_test_lab_available ())
    imap_revoked ("XOAUTH2", "C: ");
}

static void
test_imap_revoked_oauthbearer (void)
{
  if (mail_test_lab_available ())
    imap_revoked ("OAUTHBEARER", "C: AQ==");
}

static void
test_imap_starttls (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  const char *steps[] = { "resolve", "connect", "greeting", "capability", "starttls",
                          "authenticate", "select", "logout", NULL };

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAP_PORT"),
                     MAIL_SECURITY_STARTTLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, g_getenv ("MAIL_LAB_PASSWORD"));
  result = mail_test_run_probe (probe);
  g_assert_true (result->ok);
  assert_steps (result, steps);
  g_assert_true (g_str_has_suffix (step_detail (result, "starttls"),
                                   "certificate valid for localhost"));
  g_assert_nonnull (result->certificate);
  /* CAPABILITY asked again after TLS */
  g_assert_true (transcript_has (result, "C: a2 CAPABILITY"));
}

/* ---------------------------------------------------------------------------------------- */
/* SMTP                                                                                       */

static void
test_smtp_password (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  const char *password = g_getenv ("MAIL_LAB_PASSWORD");
  const char *steps[] = { "resolve", "connect", "greeting", "ehlo", "starttls", "authenticate",
                          "sender", "quit", NULL };
  g_autofree char *mail_from = g_strdup_printf ("C: MAIL FROM:<%s>", g_getenv ("MAIL_LAB_USER"));

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_SMTP, "localhost",
                     mail_test_lab_port ("MAIL_LAB_SUBMISSION_PORT"),
                     MAIL_SECURITY_STARTTLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, password);
  result = mail_test_run_probe (probe);
  g_assert_true (result->ok);
  assert_steps (result, steps);
  g_assert_cmpstr (result->mechanism, ==, "PLAIN");
  g_assert_true (transcript_has (result, "C: AUTH PLAIN [redacted]"));
  g_assert_true (transcript_has (result, mail_from));
  g_assert_true (transcript_has (result, "C: RSET"));
  g_assert_true (g_str_has_suffix (step_detail (result, "starttls"),
                                   "certificate valid for localhost"));
  assert_no_secret (result, password);
}

static void
test_smtp_login_mechanism (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  const char *password = g_getenv ("MAIL_LAB_PASSWORD");
  const char *login[] = { "LOGIN", NULL };

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_SMTP, "localhost",
                     mail_test_lab_port ("MAIL_LAB_SUBMISSIONS_PORT"),
                     MAIL_SECURITY_TLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, password);
  mail_probe_set_mechanisms (probe, login);
  result = mail_test_run_probe (probe);
  g_assert_true (result->ok);
  g_assert_cmpstr (result->mechanism, ==, "LOGIN");
  assert_no_secret (result, password);
}

static void
test_smtp_oauth (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autofree char *token = NULL;
  const char *bearer[] = { "OAUTHBEARER", NULL };

  if (!mail_test_lab_available ())
    return;

  token = mail_test_lab_mint_token (g_getenv ("MAIL_LAB_USER"), "xyz");
  probe = lab_probe (MAIL_PROTOCOL_SMTP, "localhost",
                     mail_test_lab_port ("MAIL_LAB_SUBMISSIONS_PORT"),
                     MAIL_SECURITY_TLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_OAUTH2, token);
  result = mail_test_run_probe (probe);
  g_assert_true (result->ok);
  g_assert_cmpstr (result->mechanism, ==, "XOAUTH2");
  assert_no_secret (result, token);

  g_clear_pointer (&result, mail_check_result_free);
  mail_probe_set_mechanisms (probe, bearer);
  result = mail_test_run_probe (probe);
  g_assert_true (result->ok);
  g_assert_cmpstr (result->mechanism, ==, "OAUTHBEARER");
  assert_no_secret (result, token);
}

static void
test_smtp_wrong_password (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  const char *wrong = "wrong-smtp-password";

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_SMTP, "localhost",
                     mail_test_lab_port ("MAIL_LAB_SUBMISSION_PORT"),
                     MAIL_SECURITY_STARTTLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, wrong);
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "auth-invalid-credentials", "authenticate");
  g_assert_true (g_str_has_prefix (result->diagnosis->server_text, "535"));
  assert_no_secret (result, wrong);
}

static void
test_smtp_revoked_token (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autofree char *token = NULL;

  if (!mail_test_lab_available ())
    return;

  token = mail_test_lab_mint_token (g_getenv ("MAIL_LAB_USER2"), "xyz");
  idp_revoke (g_getenv ("MAIL_LAB_USER2"));
  probe = lab_probe (MAIL_PROTOCOL_SMTP, "localhost",
                     mail_test_lab_port ("MAIL_LAB_SUBMISSION_PORT"),
                     MAIL_SECURITY_STARTTLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_OAUTH2, token);
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "auth-oauth-token-rejected", "authenticate");
  assert_no_secret (result, token);
}

/* ---------------------------------------------------------------------------------------- */
/* TLS                                                                                        */

static void
test_tls_untrusted (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autoptr(MailCheckResult) trusted = NULL;
  const MailCertificateInfo *cert;
  g_autofree char *json = NULL;

  if (!mail_test_lab_available ())
    return;

  /* No lab CA: the issuer is unknown */
  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_TLS, FALSE);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, g_getenv ("MAIL_LAB_PASSWORD"));
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "tls-untrusted", "tls");
  cert = result->certificate;
  g_assert_nonnull (cert);
  g_assert_cmpstr (cert->subject, ==, "CN=localhost");
  g_assert_nonnull (strstr (cert->issuer, "CN=Mail Setup Lab CA"));
  g_assert_nonnull (strstr (cert->issuer, "O=Mail Setup Lab"));
  g_assert_true (g_str_has_suffix (cert->not_before, "Z"));
  g_assert_nonnull (cert->not_after);
  g_assert_cmpuint (strlen (cert->sha256), ==, 32 * 3 - 1);
  g_assert_true (g_strv_contains ((const char *const *) cert->names, "localhost"));
  g_assert_true (cert->errors & G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_assert_true (g_str_has_prefix (cert->pem, "-----BEGIN CERTIFICATE-----"));
  g_assert_nonnull (result->diagnosis->certificate);
  g_assert_cmpstr (result->diagnosis->certificate->sha256, ==, cert->sha256);
  json = mail_test_check_result_to_json (result);
  g_assert_nonnull (strstr (json, cert->sha256));
  g_assert_nonnull (strstr (json, "\"unknown-ca\""));

  /* The person trusts exactly this certificate: it passes */
  mail_probe_set_trusted_fingerprint (probe, cert->sha256);
  trusted = mail_test_run_probe (probe);
  g_assert_true (trusted->ok);
  g_assert_true (g_str_has_suffix (step_detail (trusted, "tls"),
                                   "certificate trusted by its fingerprint"));

  /* Another fingerprint does not */
  g_clear_pointer (&trusted, mail_check_result_free);
  mail_probe_set_trusted_fingerprint (probe, "00:11:22:33");
  trusted = mail_test_run_probe (probe);
  assert_diagnosis (trusted, "tls-untrusted", "tls");
}

static void
test_tls_expired (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, g_getenv ("MAIL_LAB_EXPIRED_HOST"),
                     mail_test_lab_port ("MAIL_LAB_EXPIRED_PORT"), MAIL_SECURITY_TLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, g_getenv ("MAIL_LAB_PASSWORD"));
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "tls-expired", "tls");
  g_assert_nonnull (result->certificate);
  g_assert_cmpstr (result->certificate->not_after, ==, "2020-02-01T00:00:00Z");
  g_assert_true (result->certificate->errors & G_TLS_CERTIFICATE_EXPIRED);
}

static void
test_tls_hostname_mismatch (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "127.0.0.1", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_TLS, TRUE);
  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, g_getenv ("MAIL_LAB_PASSWORD"));
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "tls-hostname-mismatch", "tls");
  g_assert_true (result->certificate->errors & G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_assert_cmpstr (step_detail (result, "resolve"), ==, "1 address");
  {
    g_autofree char *expected = g_strconcat ("127.0.0.1:", g_getenv ("MAIL_LAB_IMAPS_PORT"), NULL);

    g_assert_cmpstr (step_detail (result, "connect"), ==, expected);
  }
}

static void
test_tls_to_plain_port (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAP_PORT"),
                     MAIL_SECURITY_TLS, TRUE);
  mail_probe_set_timeouts (probe, 2000, 10000);
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "wrong-security-mode", "tls");
}

static void
test_plain_to_tls_port (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autoptr(MailCheckResult) smtp = NULL;
  g_autoptr(MailProbe) smtp_probe = NULL;

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_STARTTLS, TRUE);
  mail_probe_set_timeouts (probe, 1000, 10000);
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "wrong-security-mode", "greeting");

  smtp_probe = lab_probe (MAIL_PROTOCOL_SMTP, "localhost",
                          mail_test_lab_port ("MAIL_LAB_SUBMISSIONS_PORT"),
                          MAIL_SECURITY_STARTTLS, TRUE);
  mail_probe_set_timeouts (smtp_probe, 1000, 10000);
  smtp = mail_test_run_probe (smtp_probe);
  assert_diagnosis (smtp, "wrong-security-mode", "greeting");
}

/* ---------------------------------------------------------------------------------------- */
/* Network                                                                                    */

static void
test_connect_refused (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_CLOSED_PORT"),
                     MAIL_SECURITY_TLS, TRUE);
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "connect-refused", "connect");
  g_assert_null (result->certificate);
}

static void
test_never_greets (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailServer) server = NULL;
  gint64 start;

  /* A listener that never accepts: the kernel completes the connection, nobody speaks. */
  g_socket_listener_add_address (listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);

  server = mail_server_new (MAIL_PROTOCOL_IMAP, "127.0.0.1",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)),
                            MAIL_SECURITY_NONE);
  probe = mail_probe_new (server, "alice@example.test");
  mail_probe_set_timeouts (probe, 500, 10000);

  start = g_get_monotonic_time ();
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "server-timeout", "greeting");
  /* step + nudge + TLS sniff, nowhere near a hang */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* The overall limit holds as well, whatever the step limit */
  g_clear_pointer (&result, mail_check_result_free);
  mail_probe_set_timeouts (probe, 60000, 700);
  start = g_get_monotonic_time ();
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "server-timeout", "greeting");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_socket_listener_close (listener);
}

static void
test_http_server (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  g_autoptr(GUri) uri = g_uri_parse (g_getenv ("MAIL_LAB_IDP_URL"), G_URI_FLAGS_NONE, NULL);

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "127.0.0.1", (guint16) g_uri_get_port (uri),
                     MAIL_SECURITY_STARTTLS, TRUE);
  mail_probe_set_timeouts (probe, 1000, 10000);
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "not-a-mail-server", "greeting");
  g_assert_true (g_str_has_prefix (result->diagnosis->server_text
                                   ? result->diagnosis->server_text : "HTTP/", "HTTP/"));
}

static void
test_dns_not_found (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "does-not-exist.invalid", 993, MAIL_SECURITY_TLS, TRUE);
  result = mail_test_run_probe (probe);
  assert_diagnosis (result, "dns-not-found", "resolve");
}

static void
cancel_on_greeting_cb (MailProbe    *probe,
                       const char   *name,
                       GCancellable *cancellable)
{
  if (g_str_equal (name, "greeting"))
    g_cancellable_cancel (cancellable);
}

static void
test_cancel (void)
{
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) early = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  MailCheckResult *result;

  if (!mail_test_lab_available ())
    return;

  probe = lab_probe (MAIL_PROTOCOL_IMAP, "localhost", mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                     MAIL_SECURITY_TLS, TRUE);
  g_signal_connect (probe, "step-started", G_CALLBACK (cancel_on_greeting_cb), cancellable);
  result = mail_test_run_probe_full (probe, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_signal_handlers_disconnect_by_func (probe, cancel_on_greeting_cb, cancellable);
  g_cancellable_cancel (early);
  result = mail_test_run_probe_full (probe, early, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/probe-lab/imap/password-plain", test_imap_password_plain);
  g_test_add_func ("/probe-lab/imap/signals", test_imap_signals);
  g_test_add_func ("/probe-lab/imap/password-login", test_imap_password_login);
  g_test_add_func ("/probe-lab/imap/wrong-password", test_imap_wrong_password);
  g_test_add_func ("/probe-lab/imap/xoauth2", test_imap_xoauth2);
  g_test_add_func ("/probe-lab/imap/oauthbearer", test_imap_oauthbearer);
  g_test_add_func ("/probe-lab/imap/revoked-xoauth2", test_imap_revoked_xoauth2);
  g_test_add_func ("/probe-lab/imap/revoked-oauthbearer", test_imap_revoked_oauthbearer);
  g_test_add_func ("/probe-lab/imap/starttls", test_imap_starttls);
  g_test_add_func ("/probe-lab/smtp/password", test_smtp_password);
  g_test_add_func ("/probe-lab/smtp/login-mechanism", test_smtp_login_mechanism);
  g_test_add_func ("/probe-lab/smtp/oauth", test_smtp_oauth);
  g_test_add_func ("/probe-lab/smtp/wrong-password", test_smtp_wrong_password);
  g_test_add_func ("/probe-lab/smtp/revoked-token", test_smtp_revoked_token);
  g_test_add_func ("/probe-lab/tls/untrusted", test_tls_untrusted);
  g_test_add_func ("/probe-lab/tls/expired", test_tls_expired);
  g_test_add_func ("/probe-lab/tls/hostname-mismatch", test_tls_hostname_mismatch);
  g_test_add_func ("/probe-lab/tls/tls-to-plain-port", test_tls_to_plain_port);
  g_test_add_func ("/probe-lab/tls/plain-to-tls-port", test_plain_to_tls_port);
  g_test_add_func ("/probe-lab/net/connect-refused", test_connect_refused);
  g_test_add_func ("/probe-lab/net/never-greets", test_never_greets);
  g_test_add_func ("/probe-lab/net/http-server", test_http_server);
  g_test_add_func ("/probe-lab/net/dns-not-found", test_dns_not_found);
  g_test_add_func ("/probe-lab/cancel", test_cancel);

  return g_test_run ();
}
