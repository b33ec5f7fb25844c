/* mail-account-check.h: the live check of one account, the one journey both front ends call
 *
 * Given settings (both servers), a credential source (a given secret, or the keyring with the
 * OAuth2 token refreshed when due), TLS trust (a database and per-host pinned fingerprints), a
 * mailbox and timeouts, it runs the IMAP and the SMTP check AT THE SAME TIME (two MailProbes),
 * reports their steps as they happen and returns one MailCheckResult per protocol, in which
 * every failure carries a diagnosis made by the core. A check of a stored account (credential
 * from the keyring) that passes for both protocols is recorded in the keyring (verified_at).
 *
 * Signals (emitted in the thread-default main context of run_async):
 *   "step-started"  (const char *protocol, const char *name)       protocol "imap" or "smtp"
 *   "step-finished" (const char *protocol, MailCheckStep *step)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-account-settings.h"
#include "mail-account-store.h"
#include "mail-check-result.h"
#include "mail-server-alternatives.h"

G_BEGIN_DECLS

#define MAIL_TYPE_ACCOUNT_CHECK (mail_account_check_get_type ())
G_DECLARE_FINAL_TYPE (MailAccountCheck, mail_account_check, MAIL, ACCOUNT_CHECK, GObject)

/* settings is copied: the servers checked (settings->imap, settings->smtp), the address
 * (settings->email), the provider (mechanisms, provider id for the diagnosis, its servers as
 * alternatives) and discovery's other candidates (other_servers, as alternatives). */
MailAccountCheck      *mail_account_check_new                (const MailAccountSettings *settings);

/* Credential source 1: a password/app password (PASSWORD, APP_PASSWORD) or an OAuth2 access
 * token (OAUTH2). Copied, never logged, wiped when the check is finalized. */
void                   mail_account_check_set_secret         (MailAccountCheck   *self,
                                                              MailAuthKind        kind,
                                                              const char         *secret);
/* Credential source 2: the account stored in store for settings->email (mail-credential.h:
 * loaded, its access token refreshed when due, the refreshed tokens saved). A passing check of
 * both protocols is then recorded in the keyring (mail_account_store_mark_verified). */
void                   mail_account_check_use_stored_credential (MailAccountCheck *self,
                                                              MailAccountStore   *store);
/* Without either source the servers are checked without signing in. */

/* A shared or delegated mailbox: the person who signed in (the stored account's signed_in_as
 * is used without this call). A refusal to sign in or to open the mailbox then says that the
 * delegation is missing (shared-mailbox-denied). */
void                   mail_account_check_set_signed_in_as   (MailAccountCheck   *self,
                                                              const char         *signed_in_as);
/* The user name for both servers instead of each server's (default: the server's, else the
 * address). */
void                   mail_account_check_set_username       (MailAccountCheck   *self,
                                                              const char         *username);

/* Extra trust anchors (--ca-file); NULL: the system's only. */
void                   mail_account_check_set_tls_database   (MailAccountCheck   *self,
                                                              GTlsDatabase       *database);
/* The person explicitly trusted this certificate (SHA-256 "AB:CD:..") for host; several hosts
 * may have one each (the last call for a host wins; sha256 NULL removes it). */
void                   mail_account_check_set_trusted_fingerprint (MailAccountCheck *self,
                                                              const char         *host,
                                                              const char         *sha256);
/* The mailbox opened read-only after sign-in (default INBOX). */
void                   mail_account_check_set_mailbox        (MailAccountCheck   *self,
                                                              const char         *mailbox);
/* Per check: 0 keeps the probe's default (step 10 s, overall 30 s). */
void                   mail_account_check_set_timeouts       (MailAccountCheck   *self,
                                                              guint               step_ms,
                                                              guint               overall_ms);
/* The command's deadline (g_get_monotonic_time() µs, 0 none): the keyring credential's refresh
 * ends by then (oauth-endpoint-timeout), and the checks get what is left (at least 1 s). */
void                   mail_account_check_set_deadline       (MailAccountCheck   *self,
                                                              gint64              deadline);
/* Which protocols are checked (default both; a protocol whose server is NULL is skipped). */
void                   mail_account_check_set_protocols      (MailAccountCheck   *self,
                                                              gboolean            imap,
                                                              gboolean            smtp);
/* What mail_probe_set_alternatives() takes, for both probes (extra may hold servers of both
 * protocols: each probe uses its own). Without this call: the standard ports, with the
 * provider's servers and settings->other_servers as extra. */
void                   mail_account_check_set_alternatives   (MailAccountCheck   *self,
                                                              const MailPortCandidate *ports,
                                                              guint               n_ports,
                                                              GPtrArray          *extra);

void                   mail_account_check_run_async          (MailAccountCheck   *self,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
/* FALSE only when cancelled (G_IO_ERROR_CANCELLED) or when the stored credential could not be
 * obtained (keyring unavailable or locked, no such account, refresh refused...: a
 * MAIL_DIAGNOSIS_ERROR carrying the diagnosis); then no check ran. Otherwise TRUE: the checks
 * ran, see mail_account_check_get_result(). */
gboolean               mail_account_check_run_finish         (MailAccountCheck   *self,
                                                              GAsyncResult       *result,
                                                              GError            **error);

/* After a TRUE run_finish: the result for protocol "imap" or "smtp" (ok, or failed with a
 * diagnosis), NULL when that protocol was not checked. Owned by self. */
const MailCheckResult *mail_account_check_get_result         (MailAccountCheck   *self,
                                                              const char         *protocol);
/* TRUE when every protocol checked passed (and at least one was checked). */
gboolean               mail_account_check_get_ok             (MailAccountCheck   *self);
/* The sign-in kind used (the stored account's when from the keyring). */
MailAuthKind           mail_account_check_get_auth_kind      (MailAccountCheck   *self);
/* The check passed but recording it in the keyring failed (a MAIL_DIAGNOSIS_ERROR): only
 * export is affected. NULL when recorded or nothing was to be recorded. Owned by self. */
const GError          *mail_account_check_get_record_error   (MailAccountCheck   *self);

G_END_DECLS
