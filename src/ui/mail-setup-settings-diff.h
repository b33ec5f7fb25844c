/* mail-setup-settings-diff.h: another app's settings beside the settings that work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mail-other-apps-wording.h"

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_SETTINGS_DIFF (mail_setup_settings_diff_get_type ())
G_DECLARE_FINAL_TYPE (MailSetupSettingsDiff, mail_setup_settings_diff, MAIL_SETUP, SETTINGS_DIFF,
                      AdwBin)

typedef enum
{
  MAIL_SETUP_SETTINGS_DIFF_FIELD,
  MAIL_SETUP_SETTINGS_DIFF_HAS,
  MAIL_SETUP_SETTINGS_DIFF_WORKS,
} MailSetupSettingsDiffColumn;

GtkWidget  *mail_setup_settings_diff_new            (void);
/* The account's settings for works->protocol beside works, titled "Incoming Mail (IMAP)" or
 * "Outgoing Mail (SMTP)"; NULL when the account has no such server or its app no wording. */
GtkWidget  *mail_setup_settings_diff_new_for        (const MailOtherAppAccount *account,
                                                     const MailServer          *works);
/* title: "Incoming Mail (IMAP)"; app_name: "Thunderbird" (the column "Thunderbird has");
 * differences: MailOtherAppsDifference *, one row each; those that differ are highlighted. */
void        mail_setup_settings_diff_set            (MailSetupSettingsDiff *self,
                                                     const char            *title,
                                                     const char            *app_name,
                                                     GPtrArray             *differences);
const char *mail_setup_settings_diff_get_title      (MailSetupSettingsDiff *self);
/* The column headers as shown ("Thunderbird has", "Works"). */
const char *mail_setup_settings_diff_get_header     (MailSetupSettingsDiff       *self,
                                                     MailSetupSettingsDiffColumn  column);
guint       mail_setup_settings_diff_get_n_rows     (MailSetupSettingsDiff *self);
/* The text on screen of row index, column. */
const char *mail_setup_settings_diff_get_text       (MailSetupSettingsDiff       *self,
                                                     guint                        index,
                                                     MailSetupSettingsDiffColumn  column);
/* Whether row index is shown as differing. */
gboolean    mail_setup_settings_diff_get_highlighted (MailSetupSettingsDiff *self,
                                                      guint                  index);

G_END_DECLS
