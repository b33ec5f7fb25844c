/* mail-sign-in-health.c: when a stored OAuth2 sign-in will or may stop working
 *
 * Two rules from the provider file: RefreshTokenIdleDays (Microsoft: a refresh token unused for
 * 90 days ends; every refresh starts the count again) and RefreshTokenTestingDays (Google: the
 * refresh tokens of apps whose consent screen is in "Testing" end 7 days after the sign-in,
 * whatever is done; an app in production is not affected, so this end is only possible).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-sign-in-health.h"

#define DAY_S (24 * 3600)

MailSignInHealth
mail_sign_in_health (const MailStoredAccount *account,
                     const MailProvider      *provider)
{
  MailSignInHealth health = { MAIL_SIGN_IN_END_NONE, 0 };
  gint64 last;

  g_return_val_if_fail (account != NULL, health);

  if (provider == NULL || account->settings == NULL ||
      account->settings->auth != MAIL_AUTH_OAUTH2)
    return health;

  last = account->refreshed_at > 0 ? account->refreshed_at : account->signed_in_at;
  if (provider->refresh_idle_days > 0 && last > 0)
    {
      health.end = MAIL_SIGN_IN_END_UNUSED;
      health.ends_at = last + (gint64) provider->refresh_idle_days * DAY_S;
    }
  if (provider->refresh_testing_days > 0 && account->signed_in_at > 0)
    {
      gint64 testing = account->signed_in_at + (gint64) provider->refresh_testing_days * DAY_S;

      if (health.end == MAIL_SIGN_IN_END_NONE || testing < health.ends_at)
        {
          health.end = MAIL_SIGN_IN_END_TESTING;
          health.ends_at = testing;
        }
    }
  return health;
}

const char *
mail_sign_in_end_to_string (MailSignInEnd end)
{
  switch (end)
    {
    case MAIL_SIGN_IN_END_UNUSED:
      return "unused";
    case MAIL_SIGN_IN_END_TESTING:
      return "testing-app";
    case MAIL_SIGN_IN_END_NONE:
    default:
      return NULL;
    }
}

char *
mail_sign_in_health_warning (const MailSignInHealth *health,
                             const char             *email,
                             gint64                  now)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (health != NULL && email != NULL, NULL);

  if (health->end == MAIL_SIGN_IN_END_NONE || health->ends_at - now > MAIL_SIGN_IN_WARN_SECONDS)
    return NULL;

  time = g_date_time_new_from_unix_local (health->ends_at);
  when = g_date_time_format (time, "%Y-%m-%d %H:%M");

  if (health->end == MAIL_SIGN_IN_END_TESTING)
    /* TRANSLATORS: %s: an address, a date and time */
    return g_strdup_printf (_("The sign-in of %s may end on %s: if the app it was made with is "
                              "still in testing at the provider, its sign-ins end after a few "
                              "days. Sign in again (mail-setup-cli login) before then."),
                            email, when);
  /* TRANSLATORS: %s: an address, a date and time */
  return g_strdup_printf (_("The sign-in of %s ends on %s unless it is used before: use the "
                            "account (or run mail-setup-cli token) to keep it, or sign in "
                            "again."), email, when);
}
