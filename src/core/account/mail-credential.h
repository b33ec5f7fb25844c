/* mail-credential.h: the credential to sign in with right now, from the keyring
 *
 * For OAuth2 a valid access token: the stored one while it is valid, else refreshed shortly
 * before expiry (one refresh at a time per account, also between processes; the rotated refresh
 * token saved; a failed refresh keeps the old item and gives oauth-refresh-expired). For
 * password accounts the password. This is where the OAuth2 refresh policy lives: the store
 * (mail-account-store.h) never talks to the network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-account-store.h"
#include "mail-stored-account.h"

G_BEGIN_DECLS

/* deadline: the command's (g_get_monotonic_time() µs, 0 none): a token refresh, and waiting
 * for another process's refresh of the same account, end by then (oauth-endpoint-timeout). */
void  mail_credential_get_async  (MailAccountStore    *store,
                                  const char          *email,
                                  gint64               deadline,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
/* The secret (free it with mail_secret_free()); kind receives the account's sign-in kind (also
 * on failure, once it was loaded), account (may be NULL) a copy of the stored account as loaded
 * or refreshed. NULL on failure: a MAIL_DIAGNOSIS_ERROR (keyring-*, oauth-refresh-expired,
 * oauth-client-id-missing, oauth-endpoint-timeout...), a plain MAIL_ERROR_INVALID_INPUT (no
 * such account, no password saved) or G_IO_ERROR_CANCELLED. */
char *mail_credential_get_finish (GAsyncResult        *result,
                                  MailAuthKind        *kind,
                                  MailStoredAccount  **account,
                                  GError             **error);

G_END_DECLS
