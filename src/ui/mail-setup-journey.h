/* mail-setup-journey.h: the state of one journey through the wizard
 *
 * The account's settings (address, provider, servers, sign-in kind), the credential of this
 * sign-in (a password, or OAuth2 tokens; wiped when replaced or cleared), whether it is a
 * stored account (troubleshooting: the credential comes from the keyring), Advanced (a shared
 * mailbox's delegate and a Microsoft tenant) and the results of the last check. The window owns
 * one; the pages bind to its properties.
 *
 * Properties (all notified explicitly, only when they change):
 *   "settings"        MailAccountSettings  the account, or NULL
 *   "email"           string, read-only    its address, or NULL
 *   "provider"        MailProvider, ro     its provider, or NULL
 *   "auth"            int (MailAuthKind)   its sign-in kind, the same on both servers
 *   "has-credential"  gboolean, ro         a password or token from this sign-in is held
 *   "from-keyring"    gboolean             the credential is the stored account's
 *   "results"         GPtrArray, ro        MailCheckResult *, the last check's
 *   "diagnosis"       MailDiagnosis, ro    a failure outside the checks, or NULL
 *   "verified"        gboolean, ro         the settings passed a check (verified_at is set)
 *   "checked"         gboolean, ro         the results are complete (notified at each check's end)
 *   "status"          string               a line about the running work, or NULL
 *   "searching"       string               the address whose settings are being looked up
 *   "saved-label"     string, ro           the keyring item's label once saved, or NULL
 *   "save-error"      string, ro           why saving failed, or NULL (both NULL: saving)
 *   "goa-available"   gboolean             the account can be added to GNOME Online Accounts
 *   "ca-file"         string               a private CA clients must trust, or NULL
 *   "loading"         gboolean             the stored accounts are being read
 *   "accounts-error"  string               why the stored accounts could not be read, or NULL
 *   "accounts"        GPtrArray, ro        char *: the stored accounts' addresses, or NULL
 *   "other-apps"      GPtrArray, ro        char *: other mail apps' accounts (titles), or NULL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "mail-account-settings.h"
#include "mail-account-store.h"
#include "mail-check-result.h"
#include "mail-diagnosis.h"
#include "mail-oauth-token-client.h"
#include "mail-provider.h"

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_JOURNEY (mail_setup_journey_get_type ())
G_DECLARE_FINAL_TYPE (MailSetupJourney, mail_setup_journey, MAIL_SETUP, JOURNEY, GObject)

MailSetupJourney    *mail_setup_journey_new              (void);

/* Takes settings (NULL ends the journey's account). */
void                 mail_setup_journey_take_settings    (MailSetupJourney    *self,
                                                          MailAccountSettings *settings);
/* Owned by self; callers that change it in place call mail_setup_journey_settings_changed(). */
MailAccountSettings *mail_setup_journey_get_settings     (MailSetupJourney    *self);
void                 mail_setup_journey_settings_changed (MailSetupJourney    *self);
const char          *mail_setup_journey_get_email        (MailSetupJourney    *self);
MailProvider        *mail_setup_journey_get_provider     (MailSetupJourney    *self);
/* The account's sign-in kind, kept the same on both servers. */
MailAuthKind         mail_setup_journey_get_auth         (MailSetupJourney    *self);
void                 mail_setup_journey_set_auth         (MailSetupJourney    *self,
                                                          MailAuthKind         auth);
/* Marks the settings as passed now. */
void                 mail_setup_journey_set_verified_now (MailSetupJourney    *self);
gboolean             mail_setup_journey_get_verified     (MailSetupJourney    *self);

/* The credential. Takes secret (a password, or an OAuth2 access token). */
void                 mail_setup_journey_take_secret      (MailSetupJourney    *self,
                                                          MailAuthKind         kind,
                                                          char                *secret);
void                 mail_setup_journey_set_tokens       (MailSetupJourney    *self,
                                                          const MailOAuthTokens *tokens);
void                 mail_setup_journey_clear_credential (MailSetupJourney    *self);
const char          *mail_setup_journey_get_secret       (MailSetupJourney    *self);
MailAuthKind         mail_setup_journey_get_secret_kind  (MailSetupJourney    *self);
gboolean             mail_setup_journey_get_has_credential (MailSetupJourney  *self);
gboolean             mail_setup_journey_get_from_keyring (MailSetupJourney    *self);
void                 mail_setup_journey_set_from_keyring (MailSetupJourney    *self,
                                                          gboolean             from_keyring);
/* The account to save in the keyring after a passing check: the settings with this sign-in's
 * password or tokens (and Advanced's delegate and tenant token endpoint). */
MailStoredAccount   *mail_setup_journey_to_stored_account (MailSetupJourney   *self);

/* Advanced on the settings page, for the current address: the delegate signing in to open it
 * as a shared mailbox (or NULL) and the provider with a Microsoft tenant (or NULL; taken).
 * Returns TRUE when that changes who signs in, or where (the credential must be renewed). */
gboolean             mail_setup_journey_set_advanced     (MailSetupJourney    *self,
                                                          const char          *delegate,
                                                          MailProvider        *tenant_provider);
gboolean             mail_setup_journey_advanced_applies (MailSetupJourney    *self);
const char          *mail_setup_journey_get_delegate     (MailSetupJourney    *self);
/* The provider to sign in with: with the tenant given in Advanced, else the account's. */
MailProvider        *mail_setup_journey_get_sign_in_provider (MailSetupJourney *self);
/* Who signs in: the delegate for a shared mailbox, else the account's own address. */
const char          *mail_setup_journey_get_sign_in_email (MailSetupJourney   *self);

/* The results: takes result. */
void                 mail_setup_journey_add_result       (MailSetupJourney    *self,
                                                          MailCheckResult     *result);
GPtrArray           *mail_setup_journey_get_results      (MailSetupJourney    *self);
/* The first failed check, or NULL. */
const MailCheckResult *mail_setup_journey_get_failed     (MailSetupJourney    *self);
/* Takes diagnosis: a failure outside the checks (sign-in, keyring). */
void                 mail_setup_journey_take_diagnosis   (MailSetupJourney    *self,
                                                          MailDiagnosis       *diagnosis);
const MailDiagnosis *mail_setup_journey_get_diagnosis    (MailSetupJourney    *self);
/* Clears the results, the diagnosis, "checked" and the saved state. */
void                 mail_setup_journey_clear_results    (MailSetupJourney    *self);
/* The results are complete: the result page shows them (success or the first failure). */
void                 mail_setup_journey_finish_check     (MailSetupJourney    *self);
gboolean             mail_setup_journey_get_checked      (MailSetupJourney    *self);
/* The report of the results (mail-setup-report.h), text or JSON. */
char                *mail_setup_journey_build_report     (MailSetupJourney    *self,
                                                          gboolean             json);

/* What the pages show of the running work and its outcome. */
void                 mail_setup_journey_set_status       (MailSetupJourney    *self,
                                                          const char          *status);
const char          *mail_setup_journey_get_status       (MailSetupJourney    *self);
/* The address whose settings discovery is looking up, or NULL. */
void                 mail_setup_journey_set_searching    (MailSetupJourney    *self,
                                                          const char          *email);
const char          *mail_setup_journey_get_searching    (MailSetupJourney    *self);
/* The keyring item's label once saved, or why saving failed; both NULL while saving. */
void                 mail_setup_journey_set_saved        (MailSetupJourney    *self,
                                                          const char          *keyring_label,
                                                          const char          *error_message);
const char          *mail_setup_journey_get_saved_label  (MailSetupJourney    *self);
const char          *mail_setup_journey_get_save_error   (MailSetupJourney    *self);
void                 mail_setup_journey_set_goa_available (MailSetupJourney   *self,
                                                          gboolean             available);
gboolean             mail_setup_journey_get_goa_available (MailSetupJourney   *self);
void                 mail_setup_journey_set_ca_file      (MailSetupJourney    *self,
                                                          const char          *ca_file);
const char          *mail_setup_journey_get_ca_file      (MailSetupJourney    *self);
/* The stored accounts (the welcome page): being read, or why they could not be. */
void                 mail_setup_journey_set_loading      (MailSetupJourney    *self,
                                                          gboolean             loading);
gboolean             mail_setup_journey_get_loading      (MailSetupJourney    *self);
void                 mail_setup_journey_set_accounts_error (MailSetupJourney  *self,
                                                          const char          *message);
const char          *mail_setup_journey_get_accounts_error (MailSetupJourney  *self);
/* The stored accounts: addresses and the welcome page's line for each (copied; the same
 * length). NULL until read. */
void                 mail_setup_journey_set_accounts     (MailSetupJourney    *self,
                                                          GPtrArray           *emails,
                                                          GPtrArray           *descriptions);
GPtrArray           *mail_setup_journey_get_accounts     (MailSetupJourney    *self,
                                                          GPtrArray          **descriptions);
/* Other mail apps' accounts: a title and subtitle each (copied). NULL until read. */
void                 mail_setup_journey_set_other_apps   (MailSetupJourney    *self,
                                                          GPtrArray           *titles,
                                                          GPtrArray           *subtitles);
GPtrArray           *mail_setup_journey_get_other_apps   (MailSetupJourney    *self,
                                                          GPtrArray          **subtitles);

G_END_DECLS
