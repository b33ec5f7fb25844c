/* test-sign-in-health.c: when a stored OAuth2 sign-in will or may end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-sign-in-health.h"

#define DAY (24 * 3600)

static MailProvider *
provider_with (const char *rules)
{
  g_autofree char *text = g_strconcat (
    "[Provider]\nId=p\nName=P\nDomains=p.example\n"
    "[IMAP]\nHost=imap.p.example\nSecurity=tls\nAuthentication=oauth2\n"
    "[SMTP]\nHost=smtp.p.example\nSecurity=tls\nAuthentication=oauth2\n"
    "[OAuth2]\nAuthorizeUrl=https://p.example/a\nTokenUrl=https://p.example/t\nScopes=mail\n",
    rules, NULL);
  g_autoptr(GError) error = NULL;
  MailProvider *provider = mail_provider_new_from_data (text, strlen (text), "p.provider",
                                                        &error);

  g_assert_no_error (error);
  return provider;
}

static MailStoredAccount *
oauth_account (gint64 signed_in,
               gint64 refreshed)
{
  g_autoptr(MailAccountSettings) settings = mail_account_settings_new ("a@p.example");
  MailStoredAccount *account;

  settings->auth = MAIL_AUTH_OAUTH2;
  account = mail_stored_account_new (settings);
  account->signed_in_at = signed_in;
  account->refreshed_at = refreshed;
  return account;
}

static void
test_rules (void)
{
  const gint64 t0 = 1800000000;
  g_autoptr(MailProvider) none = provider_with ("");
  g_autoptr(MailProvider) idle = provider_with ("RefreshTokenIdleDays=90\n");
  g_autoptr(MailProvider) both = provider_with ("RefreshTokenIdleDays=180\n"
                                                "RefreshTokenTestingDays=7\n");
  g_autoptr(MailStoredAccount) account = oauth_account (t0, t0 + 10 * DAY);
  MailSignInHealth h;

  h = mail_sign_in_health (account, none);
  g_assert_cmpint (h.end, ==, MAIL_SIGN_IN_END_NONE);
  h = mail_sign_in_health (account, NULL);
  g_assert_cmpint (h.end, ==, MAIL_SIGN_IN_END_NONE);

  /* Unused for 90 days after the last refresh. */
  h = mail_sign_in_health (account, idle);
  g_assert_cmpint (h.end, ==, MAIL_SIGN_IN_END_UNUSED);
  g_assert_cmpint (h.ends_at, ==, t0 + 100 * DAY);
  g_assert_cmpstr (mail_sign_in_end_to_string (h.end), ==, "unused");

  /* The earlier end wins: 7 days after the sign-in, whatever the refreshes. */
  h = mail_sign_in_health (account, both);
  g_assert_cmpint (h.end, ==, MAIL_SIGN_IN_END_TESTING);
  g_assert_cmpint (h.ends_at, ==, t0 + 7 * DAY);
  g_assert_cmpstr (mail_sign_in_end_to_string (h.end), ==, "testing-app");

  /* Warnings only in the last three days (and after the end). */
  g_assert_null (mail_sign_in_health_warning (&h, "a@p.example", t0 + 3 * DAY));
  {
    g_autofree char *w = mail_sign_in_health_warning (&h, "a@p.example", t0 + 5 * DAY);
    g_autofree char *late = mail_sign_in_health_warning (&h, "a@p.example", t0 + 30 * DAY);

    g_assert_nonnull (strstr (w, "a@p.example"));
    g_assert_nonnull (late);
  }

  /* Password accounts have no sign-in to end. */
  account->settings->auth = MAIL_AUTH_PASSWORD;
  h = mail_sign_in_health (account, both);
  g_assert_cmpint (h.end, ==, MAIL_SIGN_IN_END_NONE);
}

static void
test_bad_days (void)
{
  static const char *const bad[] = { "RefreshTokenIdleDays=0\n", "RefreshTokenIdleDays=x\n",
                                     "RefreshTokenTestingDays=-7\n",
                                     "RefreshTokenTestingDays=99999\n" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strconcat (
        "[Provider]\nId=p\nName=P\n"
        "[IMAP]\nHost=imap.p.example\nSecurity=tls\nAuthentication=oauth2\n"
        "[SMTP]\nHost=smtp.p.example\nSecurity=tls\nAuthentication=oauth2\n"
        "[OAuth2]\nAuthorizeUrl=https://p.example/a\nTokenUrl=https://p.example/t\nScopes=m\n",
        bad[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(MailProvider) p = mail_provider_new_from_data (text, strlen (text), "p.provider",
                                                               &error);

      g_assert_null (p);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "p.provider:"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sign-in-health/rules", test_rules);
  g_test_add_func ("/sign-in-health/bad-days", test_bad_days);

  return g_test_run ();
}
