/* mail-oauth-client-id.h: which OAuth2 client ID (and secret) to sign in with
 *
 * In order: the per-user setting file $XDG_CONFIG_HOME/mail-setup/settings.ini, group
 * [OAuth2], keys "<provider-id>-client-id" / "<provider-id>-client-secret" (a plain key file
 * that never holds a token); then the provider file's ClientId / ClientSecret; then the build
 * option its ClientIdOption names ("microsoft": -Dmicrosoft_client_id, "google":
 * -Dgoogle_client_id and -Dgoogle_client_secret).
 *
 * mail_oauth_client_id_save() writes the first of them: the wizard's "Save and Sign In" when a
 * build has no client ID.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mail-provider.h"

G_BEGIN_DECLS

/* The setting file (it may not exist). */
char     *mail_oauth_settings_path       (void);
/* "microsoft", "google" or NULL: the [OAuth2] ClientIdOption of the provider's file. */
char     *mail_oauth_client_id_option    (const MailProvider *provider);
/* FALSE when no client ID is configured anywhere (then: oauth-client-id-missing).
 * client_secret receives NULL when there is none; source a short text for people
 * ("settings.ini", "provider file", "build option microsoft_client_id"). */
gboolean  mail_oauth_client_id_resolve   (const MailProvider  *provider,
                                          char               **client_id,
                                          char               **client_secret,
                                          char               **source);

/* Saves client_id (stripped, not empty) for provider in the setting file, keeping its other
 * keys and comments; the file is private (0600, its folder 0700): a user may keep a Google
 * desktop client secret in it. FALSE with error when it cannot be written. */
gboolean  mail_oauth_client_id_save      (const MailProvider  *provider,
                                          const char          *client_id,
                                          GError             **error);

/* settings.ini holds a few client IDs; a larger one is not read. */
#define MAIL_OAUTH_SETTINGS_MAX_BYTES (64 * 1024)

G_END_DECLS
