/* mail-cli-other-apps.h: `accounts --other-apps` and `test EMAIL --from APP`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-check-result.h"
#include "mail-cli.h"
#include "mail-other-apps.h"

G_BEGIN_DECLS

/* TRUE when argv has --other-apps (or --help): `accounts` hands over to
 * mail_cli_other_apps_list(). */
gboolean mail_cli_other_apps_wanted (int    argc,
                                     char **argv);
int      mail_cli_other_apps_list   (MailCliCommon *common,
                                     int            argc,
                                     char         **argv);

typedef struct _MailCliFromApp MailCliFromApp;

/* The account app has for email, read from the person's home (HOME, XDG_CONFIG_HOME,
 * XDG_DATA_HOME). NULL with a message for people when none or several. */
MailCliFromApp      *mail_cli_from_app_new        (const char           *app,
                                                   const char           *email,
                                                   GError              **error);
void                 mail_cli_from_app_free       (MailCliFromApp       *from);
const MailOtherAppAccount *mail_cli_from_app_get_account (MailCliFromApp *from);
/* The app's settings, ready for the check (new copy). */
MailAccountSettings *mail_cli_from_app_settings   (MailCliFromApp       *from,
                                                   const char           *email);
/* The credential from where the app keeps it, after the person agreed (yes: --yes /
 * --use-app-credential; otherwise asked on the terminal); otherwise a password typed on the
 * terminal. NULL with a message (naming --password-stdin) when none can be had. */
char                *mail_cli_from_app_credential (MailCliFromApp       *from,
                                                   gboolean              yes,
                                                   MailAuthKind         *kind,
                                                   GError              **error);
/* After a failed check of the app's server, the same check of reference (what the provider or
 * discovery says) worked: remember the fix in the app's words. */
void                 mail_cli_from_app_add_fix    (MailCliFromApp       *from,
                                                   MailProtocol          protocol,
                                                   const MailServer     *works);
/* "from": {account}, "app_fixes": [...] into an open JSON object. */
void                 mail_cli_from_app_add_json   (MailCliFromApp       *from,
                                                   JsonBuilder          *builder);
/* The fixes for people, after the check's own text. */
void                 mail_cli_from_app_print_text (MailCliFromApp       *from);

/* `export EMAIL --format goa`: verified settings to GNOME Online Accounts, with the password
 * from standard input (password_stdin) or the keyring. */
int                  mail_cli_export_goa          (MailCliCommon             *common,
                                                   const MailAccountSettings *settings,
                                                   gboolean                   password_stdin);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailCliFromApp, mail_cli_from_app_free)

G_END_DECLS
