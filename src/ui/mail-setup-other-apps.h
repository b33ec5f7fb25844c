/* mail-setup-other-apps.h: the wizard's side of the accounts other mail apps have
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-other-apps.h"
#include "mail-provider.h"

G_BEGIN_DECLS

/* Reads the other apps' accounts of the person (in a thread: small bounded files). Only
 * accounts that could be read and have an address are returned (MailOtherAppAccount *). */
void                 mail_setup_other_apps_read_async  (GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GPtrArray           *mail_setup_other_apps_read_finish (GAsyncResult         *result,
                                                        GError              **error);
/* Row titles ("Thunderbird: Work") and subtitles ("alice@example.org · imap.example.org"). */
void                 mail_setup_other_apps_describe    (GPtrArray            *accounts,
                                                        GPtrArray           **titles,
                                                        GPtrArray           **subtitles);
/* The settings to check: the app's servers; the provider of the address when there is one
 * (for its sign-in: browser sign-in for OAuth2 accounts). */
MailAccountSettings *mail_setup_other_apps_settings    (const MailOtherAppAccount *account,
                                                        MailProviderRegistry      *registry);

G_END_DECLS

G_BEGIN_DECLS

/* After the app's settings failed (failed: bit 1 << MailProtocol of each failed check): finds
 * the settings that should work (the provider's, else discovery's), checks those that differ
 * with the same credential, signing in as the app does, and returns what worked in the app's
 * words (char *, possibly empty). */
void       mail_setup_other_apps_explain_async  (GPtrArray                 *accounts,
                                                 const MailOtherAppAccount *account,
                                                 guint                      failed,
                                                 MailProviderRegistry      *registry,
                                                 GTlsDatabase              *tls_database,
                                                 MailAuthKind               kind,
                                                 const char                *secret,
                                                 GCancellable              *cancellable,
                                                 GAsyncReadyCallback        callback,
                                                 gpointer                   user_data);
GPtrArray *mail_setup_other_apps_explain_finish (GAsyncResult              *result,
                                                 GError                   **error);
/* The servers that worked (MailServer *), one for each fix, in the same order. */
GPtrArray *mail_setup_other_apps_explain_get_works (GAsyncResult           *result);

G_END_DECLS
