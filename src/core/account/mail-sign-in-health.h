/* mail-sign-in-health.h: when a stored OAuth2 sign-in will or may stop working
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mail-stored-account.h"
#include "mail-provider.h"

G_BEGIN_DECLS

/* A warning this long before the end. */
#define MAIL_SIGN_IN_WARN_SECONDS (3 * 24 * 3600)

typedef enum
{
  MAIL_SIGN_IN_END_NONE,     /* no known end */
  MAIL_SIGN_IN_END_UNUSED,   /* the refresh token ends when unused for RefreshTokenIdleDays */
  MAIL_SIGN_IN_END_TESTING,  /* may end RefreshTokenTestingDays after the sign-in (apps in
                              * testing, Google) */
} MailSignInEnd;

typedef struct
{
  MailSignInEnd end;
  gint64        ends_at;     /* Unix seconds, 0 with MAIL_SIGN_IN_END_NONE */
} MailSignInHealth;

/* Pure: the earliest known end of account's sign-in under provider's rules (provider may be
 * NULL: no rules). Only OAuth2 accounts have one. */
MailSignInHealth mail_sign_in_health          (const MailStoredAccount *account,
                                               const MailProvider      *provider);
/* "unused", "testing-app" or NULL. */
const char      *mail_sign_in_end_to_string   (MailSignInEnd            end);
/* A sentence for people when the end is within MAIL_SIGN_IN_WARN_SECONDS of now (or past),
 * else NULL. */
char            *mail_sign_in_health_warning  (const MailSignInHealth  *health,
                                               const char              *email,
                                               gint64                   now);

G_END_DECLS
