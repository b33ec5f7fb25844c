/* mail-setup-trust-store.h: certificates the person chose to trust, one per host
 *
 * $XDG_CONFIG_HOME/mail-setup/trusted-certificates.ini, group [Certificates], host = SHA-256
 * fingerprint ("AB:CD:..."). A fingerprint is public data, not a secret. Trusting a
 * certificate for one host never makes it valid for another.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_TRUST_STORE (mail_setup_trust_store_get_type ())
G_DECLARE_FINAL_TYPE (MailSetupTrustStore, mail_setup_trust_store, MAIL_SETUP, TRUST_STORE, GObject)

/* path NULL: the per-user file. A missing or unreadable file is an empty store. */
MailSetupTrustStore *mail_setup_trust_store_new    (const char           *path);
/* The fingerprint trusted for host, or NULL. */
const char          *mail_setup_trust_store_lookup (MailSetupTrustStore  *self,
                                                    const char           *host);
/* Remembers sha256 for host (replacing an earlier one) and saves the file. */
gboolean             mail_setup_trust_store_add    (MailSetupTrustStore  *self,
                                                    const char           *host,
                                                    const char           *sha256,
                                                    GError              **error);

G_END_DECLS
