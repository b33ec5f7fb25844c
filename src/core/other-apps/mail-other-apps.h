/* mail-other-apps.h: read the mail accounts of the other mail apps in a home directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-other-app-account.h"

G_BEGIN_DECLS

/* Where to look: a home directory and its XDG config and data directories. */
typedef struct
{
  char *home;
  char *config_home;  /* $XDG_CONFIG_HOME, default home/.config */
  char *data_home;    /* $XDG_DATA_HOME, default home/.local/share */
} MailOtherAppsDirs;

/* The person's own: g_get_home_dir(), g_get_user_config_dir(), g_get_user_data_dir(). */
MailOtherAppsDirs *mail_other_apps_dirs_new_default (void);
/* config_home/data_home NULL: the XDG defaults under home. */
MailOtherAppsDirs *mail_other_apps_dirs_new         (const char              *home,
                                                     const char              *config_home,
                                                     const char              *data_home);
void               mail_other_apps_dirs_free        (MailOtherAppsDirs       *dirs);

/* The app ids, NULL-terminated, in the order they are read. */
const char *const *mail_other_apps_list_apps        (void);
gboolean           mail_other_apps_app_is_known     (const char              *app);

/* Reads every app's files (only app's when app is not NULL). Returns MailOtherAppAccount *,
 * in app order; a file that cannot be read or parsed is an entry with error set. Never fails:
 * a missing file is simply no entry. Blocking file I/O: small files, bounded to 1 MiB each. */
GPtrArray         *mail_other_apps_read             (const MailOtherAppsDirs *dirs,
                                                     const char              *app);

/* The account of app to check for email: the one with that address, else the only account of
 * that app. NULL when none or several match. */
MailOtherAppAccount *mail_other_apps_find           (GPtrArray               *accounts,
                                                     const char              *app,
                                                     const char              *email);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailOtherAppsDirs, mail_other_apps_dirs_free)

G_END_DECLS
