/* mail-goa-export.h: hand a verified password account to GNOME Online Accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-account-settings.h"

G_BEGIN_DECLS

/* The details a{ss} of GOA's "imap_smtp" provider for settings (both servers, a password
 * account, encrypted). NULL with MAIL_ERROR_INVALID_INPUT and a sentence when GOA cannot hold
 * these settings (OAuth2, no encryption, a server missing). */
GVariant *mail_goa_build_details       (const MailAccountSettings *settings,
                                        GError                   **error);

/* Creates the IMAP/SMTP account through org.gnome.OnlineAccounts.Manager.AddAccount on the
 * session bus; the password goes only into that call (GOA keeps it in its keyring item).
 * Refuses an address GOA already has as an IMAP/SMTP account. When GOA is not running and
 * cannot be started, fails with MAIL_ERROR_FAILED saying so. Runs in a thread. */
void      mail_goa_add_account_async   (const MailAccountSettings *settings,
                                        const char                *password,
                                        GCancellable              *cancellable,
                                        GAsyncReadyCallback        callback,
                                        gpointer                   user_data);
/* The new account's D-Bus object path, or NULL with error. */
char     *mail_goa_add_account_finish  (GAsyncResult              *result,
                                        GError                   **error);

/* TRUE when GOA answers on the session bus (started if it can be); otherwise FALSE with the
 * same MAIL_ERROR_FAILED sentence as mail_goa_add_account_async(). Blocks: the CLI only. */
gboolean  mail_goa_check_running       (GError                   **error);

G_END_DECLS
