/* mail-other-apps-wording.h: a setting that works, said in the words of the app that has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-other-app-account.h"
#include "mail-server.h"

G_BEGIN_DECLS

/* What to change in the app so that it has works instead of what it has now, e.g.
 * "In Thunderbird: Account Settings → Server Settings → Connection security: SSL/TLS, Port: 993".
 * Only the settings that differ (server name, port, security, user name) are named. NULL when
 * nothing differs or the account has no such server. */
char *mail_other_apps_fix_text (const MailOtherAppAccount *account,
                                MailProtocol               protocol,
                                const MailServer          *works);

G_END_DECLS
