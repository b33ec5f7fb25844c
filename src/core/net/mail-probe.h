/* mail-probe.h: the live IMAP or SMTP connection test, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-check-result.h"
#include "mail-server.h"
#include "mail-server-alternatives.h"

G_BEGIN_DECLS

#define MAIL_TYPE_PROBE (mail_probe_get_type ())
G_DECLARE_FINAL_TYPE (MailProbe, mail_probe, MAIL, PROBE, GObject)

/* Signals (emitted in the thread-default main context of run_async):
 *   "step-started"  (const char *name)
 *   "step-finished" (MailCheckStep *step)   for live progress in the wizard
 * Step details: resolve "N addresses", connect "IP:PORT" ("[IPv6]:PORT"), tls and starttls
 * "TLS 1.3, certificate valid for HOST" (or "..., certificate trusted by its fingerprint"). */

MailProbe       *mail_probe_new                 (const MailServer     *server,
                                                 const char           *email);
/* secret: a password/app password (auth PASSWORD/APP_PASSWORD) or an access token (OAUTH2).
 * It is copied, never logged, and wiped when the probe is finalized. */
void             mail_probe_set_credential      (MailProbe            *self,
                                                 MailAuthKind          auth,
                                                 const char           *secret);
/* SASL mechanisms to try, in order, the first one the server offers wins. OAuth2 uses the
 * XOAUTH2/OAUTHBEARER entries (default XOAUTH2, then OAUTHBEARER), passwords the PLAIN/LOGIN
 * entries (default PLAIN, then LOGIN; for IMAP, LOGIN is the LOGIN command). Entries of the
 * other kind are ignored, so a provider's OAuth2 list never blocks passwords. */
void             mail_probe_set_mechanisms      (MailProbe            *self,
                                                 const char *const    *mechanisms);
void             mail_probe_set_mailbox         (MailProbe            *self,
                                                 const char           *mailbox);
void             mail_probe_set_provider_id     (MailProbe            *self,
                                                 const char           *provider_id);
/* Extra trust anchors (--ca-file); NULL: the system's only. */
void             mail_probe_set_tls_database    (MailProbe            *self,
                                                 GTlsDatabase         *database);
/* The person explicitly trusted this certificate (SHA-256 "AB:CD:..") for this host. */
void             mail_probe_set_trusted_fingerprint (MailProbe        *self,
                                                 const char           *sha256);
/* 0 keeps the default (step 10 s, overall 30 s). */
void             mail_probe_set_timeouts        (MailProbe            *self,
                                                 guint                 step_ms,
                                                 guint                 overall_ms);

/* Only the server's greeting and the encryption (TLS or STARTTLS, certificate verified) are
 * checked: nothing is signed in, sent or looked for elsewhere. */
void             mail_probe_set_greeting_only   (MailProbe            *self,
                                                 gboolean              greeting_only);
/* When the check fails with a code of mail_diagnosis_code_wants_alternatives(), the probe looks
 * for working settings on the same host (mail_server_alternatives(): the same port in the other
 * mode, extra, then ports) and sets the result's suggestion. ports NULL: the standard ports
 * (mail_standard_port_candidates()); extra: MailServer *, a provider's or discovery's servers,
 * may be NULL. Without this call: the standard ports only. */
void             mail_probe_set_alternatives    (MailProbe            *self,
                                                 const MailPortCandidate *ports,
                                                 guint                 n_ports,
                                                 GPtrArray            *extra);

void             mail_probe_run_async           (MailProbe            *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
/* Always returns a result for a check that ran (ok or with a diagnosis); NULL and
 * G_IO_ERROR_CANCELLED only when cancelled. */
MailCheckResult *mail_probe_run_finish          (MailProbe            *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
