/* mail-stored-account.h: one account as the keyring keeps it (settings and secrets)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-account-settings.h"
#include "mail-provider.h"

G_BEGIN_DECLS

#define MAIL_TYPE_STORED_ACCOUNT (mail_stored_account_get_type ())

typedef struct
{
  MailAccountSettings *settings;       /* email, provider, auth kind, servers, verified_at */
  /* secrets: wiped on free */
  char                *refresh_token;  /* OAuth2 */
  char                *access_token;   /* OAuth2 */
  gint64               expires_at;     /* access token expiry, Unix seconds, 0 unknown */
  char                *scopes;         /* OAuth2, space separated, as asked for at sign-in */
  char                *password;       /* password / app password accounts */
  /* OAuth2: the client the tokens were issued to, so a refresh works without the provider
   * file and with the same client even when the configured one changes */
  char                *token_url;
  char                *client_id;
  char                *client_secret;  /* only for providers that have one (Google); wiped */
  /* A shared or delegated mailbox: the person who signed in (whose tokens these are), while
   * settings->email is the mailbox opened; NULL for one's own mailbox */
  char                *signed_in_as;
  /* OAuth2 sign-in health, Unix seconds, 0 unknown: the interactive sign-in, and the last time
   * tokens were obtained (sign-in or refresh) */
  gint64               signed_in_at;
  gint64               refreshed_at;
} MailStoredAccount;

GType              mail_stored_account_get_type (void) G_GNUC_CONST;
/* settings is copied. */
MailStoredAccount *mail_stored_account_new      (MailAccountSettings     *settings);
MailStoredAccount *mail_stored_account_copy     (const MailStoredAccount *account);
void               mail_stored_account_free     (MailStoredAccount       *account);

/* Only settings, expires_at, token_url, signed_in_as and the sign-in times: what listing the
 * accounts shows. */
MailStoredAccount *mail_stored_account_copy_without_secrets (const MailStoredAccount *account);
/* account (taken, may be NULL: a new one without a secret) with a copy of settings, its sign-in
 * kind kept as it was saved. Returns the account. */
MailStoredAccount *mail_stored_account_with_settings (MailStoredAccount         *account,
                                                      const MailAccountSettings *settings);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailStoredAccount, mail_stored_account_free)

/* The keyring item's secret: {refresh_token, access_token, expires_at, scopes, password,
 * signed_in_as, signed_in_at, refreshed_at, oauth:{token_url, client_id, client_secret},
 * settings:{...}}. Holds secrets: the caller frees it with mail_secret_free(). */
char              *mail_stored_account_to_json   (const MailStoredAccount *account);
/* NULL with MAIL_ERROR_PROTOCOL ("damaged") or the settings' validation error. */
MailStoredAccount *mail_stored_account_from_json (const char              *text,
                                                  MailProviderRegistry    *registry,
                                                  GError                 **error);

G_END_DECLS
