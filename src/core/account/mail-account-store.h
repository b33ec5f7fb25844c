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
#include "mail-diagnosis-error.h"
#include "mail-provider.h"
#include "mail-stored-account.h"

G_BEGIN_DECLS



/* A keyring failure is a MAIL_DIAGNOSIS_ERROR (keyring-unavailable, keyring-locked) carrying
 * the diagnosis and the libsecret/D-Bus error underneath; "no such account" and a damaged item
 * are plain MAIL_ERROR errors (no diagnosis); a cancellation is G_IO_ERROR_CANCELLED. The store
 * never talks to the network: the OAuth2 refresh is mail-credential.h's. */

#define MAIL_TYPE_ACCOUNT_STORE (mail_account_store_get_type ())
G_DECLARE_FINAL_TYPE (MailAccountStore, mail_account_store, MAIL, ACCOUNT_STORE, GObject)

MailAccountStore  *mail_account_store_new           (MailProviderRegistry  *registry);

/* Creates or replaces the item for account->settings->email. */
void               mail_account_store_save_async    (MailAccountStore      *self,
                                                     const MailStoredAccount *account,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean           mail_account_store_save_finish   (MailAccountStore      *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

/* NULL with MAIL_ERROR_INVALID_INPUT when there is no such account. */
void               mail_account_store_load_async    (MailAccountStore      *self,
                                                     const char            *email,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
MailStoredAccount *mail_account_store_load_finish   (MailAccountStore      *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

/* All accounts, secrets left out (MailStoredAccount with only settings and expires_at). */
void               mail_account_store_list_async    (MailAccountStore      *self,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
GPtrArray         *mail_account_store_list_finish   (MailAccountStore      *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

void               mail_account_store_forget_async  (MailAccountStore      *self,
                                                     const char            *email,
                                                     GCancellable          *cancellable,
                                                     GAsyncReadyCallback    callback,
                                                     gpointer               user_data);
gboolean           mail_account_store_forget_finish (MailAccountStore      *self,
                                                     GAsyncResult          *result,
                                                     GError               **error);

/* Connects to the Secret Service and unlocks the default collection (the keyring's own
 * prompt) so that a sign-in is only started when its result can be saved. FALSE with
 * keyring-unavailable or keyring-locked. */
void               mail_account_store_check_async  (MailAccountStore    *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean           mail_account_store_check_finish (MailAccountStore    *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* Records a successful full check: stores settings (servers as verified) with verified_at. */
void               mail_account_store_mark_verified_async  (MailAccountStore    *self,
                                                            const MailAccountSettings *settings,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean           mail_account_store_mark_verified_finish (MailAccountStore    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
