/* mail-account-trust.h: which servers a secret may go to without asking the person again
 *
 * A server is trusted when its source vouches for it (a provider file, a signed or HTTPS
 * document of the provider's own domain) or when the person named it; anything else (plain HTTP,
 * a guess, another domain's document) needs the person's agreement before a password or token
 * is sent there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-account-settings.h"
#include "mail-diagnosis.h"

G_BEGIN_DECLS

/* The servers (MailServer *, owned by settings) a check of imap and/or smtp would send a secret
 * to without the person's agreement; empty when there are none. */
GPtrArray     *mail_account_untrusted_servers    (const MailAccountSettings *settings,
                                                  gboolean                   imap,
                                                  gboolean                   smtp);
/* One line per server: "IMAP server HOST:PORT (where it was found): why it is not vouched for". */
char          *mail_account_untrusted_describe   (GPtrArray                 *untrusted);
/* The core's diagnosis "settings-untrusted" for those servers: which server, found where and
 * why it cannot be vouched for, in its explanation. */
MailDiagnosis *mail_account_untrusted_diagnosis  (const MailAccountSettings *settings,
                                                  const char                *email,
                                                  GPtrArray                 *untrusted);

G_END_DECLS
