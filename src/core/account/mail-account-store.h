/* mail-account-store.h: accounts and their secrets in the system keyring (libsecret)
 *
 * One keyring item per account, schema "io.github.mailsetup.MailSetup.Account", label
 * "Mail Setup: <address> (<provider>)". Attributes (never secret): email, provider, kind.
 * The secret is a JSON object holding the tokens or password AND the account's non-secret
 * settings (MailAccountSettings JSON, with verified_at), so one item is the whole account.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-account-settings.h"
#include "mail-diagnosis.h"
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailStoredAccount, mail_stored_account_free)

/* Errors of the store are reported as a MailDiagnosis (keyring-unavailable, keyring-locked,
 * oauth-refresh-expired, ...): the _finish functions return NULL/FALSE, set error (domain
 * MAIL_ERROR) and, when diagnosis is not NULL, a diagnosis for people. */

#define MAIL_TYPE_ACCOUNT_STORE (mail_account_store_get_type ())
G_DECLARE_FINAL_TYPE (MailAccountStore, mail_account_store, MAIL, ACCOUNT_STORE, GObject)

MailAccountStore  *mail_account_store_new           (MailProviderRegistry  *registry);
/* The command's deadline (g_get_monotonic_time() µs, 0 none): a token refresh, and waiting
 * for another process's refresh of the same account, end by then (oauth-endpoint-timeout). */
void               mail_account_store_set_deadline  (MailAccountStore      *self,
                                                     gint64                 deadline);

/* Creates or replaces the item for account->settings->email. */
void               mail_account_store_save_async    (MailAccountStore      *self,
                                                     const MailStoredAccount *account,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean           mail_account_store_save_finish   (MailAccountStore      *self,
                                                     GAsyncResult          *result,
                                                     MailDiagnosis        **diagnosis,
                                                     GError               **error);

/* NULL with MAIL_ERROR_INVALID_INPUT when there is no such account. */
void               mail_account_store_load_async    (MailAccountStore      *self,
                                                     const char            *email,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
MailStoredAccount *mail_account_store_load_finish   (MailAccountStore      *self,
                                                     GAsyncResult          *result,
                                                     MailDiagnosis        **diagnosis,
                                                     GError               **error);

/* All accounts, secrets left out (MailStoredAccount with only settings and expires_at). */
void               mail_account_store_list_async    (MailAccountStore      *self,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
GPtrArray         *mail_account_store_list_finish   (MailAccountStore      *self,
                                                     GAsyncResult          *result,
                                                     MailDiagnosis        **diagnosis,
                                                     GError               **error);

void               mail_account_store_forget_async  (MailAccountStore      *self,
                                                     const char            *email,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean           mail_account_store_forget_finish (MailAccountStore      *self,
                                                     GAsyncResult          *result,
                                                     MailDiagnosis        **diagnosis,
                                                     GError               **error);

/* The credential to sign in with right now: for OAuth2 a valid access token (refreshed
 * shortly before expiry, the rotated refresh token saved; a failed refresh keeps the old item
 * and gives oauth-refresh-expired), for password accounts the password. Caller frees with
 * mail_secret_free(). kind receives the account's sign-in kind. */
void               mail_account_store_get_credential_async  (MailAccountStore   *self,
                                                             const char         *email,
                                                             GCancellable       *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer            user_data);
char              *mail_account_store_get_credential_finish (MailAccountStore   *self,
                                                             GAsyncResult       *result,
                                                             MailAuthKind       *kind,
                                                             MailDiagnosis     **diagnosis,
                                                             GError            **error);

/* Connects to the Secret Service and unlocks the default collection (the keyring's own
 * prompt) so that a sign-in is only started when its result can be saved. FALSE with
 * keyring-unavailable or keyring-locked. */
void               mail_account_store_check_async  (MailAccountStore    *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean           mail_account_store_check_finish (MailAccountStore    *self,
                                                    GAsyncResult        *result,
                                                    MailDiagnosis      **diagnosis,
                                                    GError             **error);

/* Records a successful full check: stores settings (servers as verified) with verified_at. */
void               mail_account_store_mark_verified_async  (MailAccountStore    *self,
                                                            const MailAccountSettings *settings,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean           mail_account_store_mark_verified_finish (MailAccountStore    *self,
                                                            GAsyncResult        *result,
                                                            MailDiagnosis      **diagnosis,
                                                            GError             **error);

G_END_DECLS
