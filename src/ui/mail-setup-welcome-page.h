/* mail-setup-welcome-page.h: the first page: add an account or troubleshoot a saved one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mail-setup-journey-page.h"

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_WELCOME_PAGE (mail_setup_welcome_page_get_type ())
/* The page follows its journey ("journey" property): the stored accounts ("accounts", "loading",
 * "accounts-error") and other apps' accounts ("other-apps"). */
G_DECLARE_FINAL_TYPE (MailSetupWelcomePage, mail_setup_welcome_page, MAIL_SETUP, WELCOME_PAGE,
                      MailSetupJourneyPage)

/* The address typed so far (not validated). */
const char *mail_setup_welcome_page_get_email    (MailSetupWelcomePage *self);
void        mail_setup_welcome_page_set_email    (MailSetupWelcomePage *self,
                                                  const char           *email);
/* Shows the accounts saved in the keyring. emails: char *, may be empty; descriptions: the
 * matching subtitle for each ("Outlook.com · checked 3 May"); loading shows a spinner. */
void        mail_setup_welcome_page_set_accounts (MailSetupWelcomePage *self,
                                                  GPtrArray            *emails,
                                                  GPtrArray            *descriptions);
void        mail_setup_welcome_page_set_loading  (MailSetupWelcomePage *self,
                                                  gboolean              loading);
/* Shown under the account list when the keyring could not be read. */
void        mail_setup_welcome_page_set_accounts_error (MailSetupWelcomePage *self,
                                                        const char           *message);
void        mail_setup_welcome_page_focus_email  (MailSetupWelcomePage *self);
/* Why the address cannot be used, as shown under the field, or NULL. */
const char *mail_setup_welcome_page_get_error    (MailSetupWelcomePage *self);
/* Number of saved accounts listed. */
guint       mail_setup_welcome_page_get_n_accounts (MailSetupWelcomePage *self);

/* Shows the accounts other mail apps have ("Accounts in Your Mail Apps"): one row each, title
 * and subtitle; activating row i runs the action win.check-other-app with the uint32 i. */
void        mail_setup_welcome_page_set_other_apps   (MailSetupWelcomePage *self,
                                                      GPtrArray            *titles,
                                                      GPtrArray            *subtitles);
guint       mail_setup_welcome_page_get_n_other_apps (MailSetupWelcomePage *self);

G_END_DECLS
