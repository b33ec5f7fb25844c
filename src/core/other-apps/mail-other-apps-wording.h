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

/* One setting, side by side: the app's name for it and both values in the app's words. */
typedef struct
{
  char     *field;    /* "Connection security", "IMAP Server", "folder" */
  char     *has;      /* as the app has it: "STARTTLS" */
  char     *works;    /* what works: "SSL/TLS" */
  gboolean  differs;
} MailOtherAppsDifference;

void       mail_other_apps_difference_free (MailOtherAppsDifference   *difference);

/* The app's settings for protocol beside those that work, one MailOtherAppsDifference per
 * field the app has (server, port, security, user name; apps whose setting is one URL: that
 * URL), in the order of mail_other_apps_fix_text(). NULL when the account has no such server
 * or the app no wording. */
GPtrArray *mail_other_apps_differences     (const MailOtherAppAccount *account,
                                            MailProtocol               protocol,
                                            const MailServer          *works);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailOtherAppsDifference, mail_other_apps_difference_free)

G_END_DECLS
