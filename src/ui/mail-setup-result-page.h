/* mail-setup-result-page.h: "Your account works", or what went wrong and what to do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mail-check-result.h"
#include "mail-diagnosis.h"
#include "mail-provider.h"
#include "mail-setup-journey-page.h"
#include "mail-setup-settings-diff.h"

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_RESULT_PAGE (mail_setup_result_page_get_type ())
/* The page follows its journey ("journey" property): when its check ends ("checked") it shows
 * success or the first failure, a diagnosis outside the checks as soon as it is set, the
 * keyring's answer ("saved-label", "save-error") and "goa-available". */
G_DECLARE_FINAL_TYPE (MailSetupResultPage, mail_setup_result_page, MAIL_SETUP, RESULT_PAGE,
                      MailSetupJourneyPage)

/* results: MailCheckResult *, all ok. */
void        mail_setup_result_page_set_success    (MailSetupResultPage   *self,
                                                   const char            *email,
                                                   GPtrArray             *results);
/* What happened to the keyring item: its label once saved, or why it failed; NULL while
 * saving. */
void        mail_setup_result_page_set_saved      (MailSetupResultPage   *self,
                                                   const char            *keyring_label,
                                                   const char            *error_message);
/* failed: the check that failed, or NULL (sign-in or keyring failures before any check). */
void        mail_setup_result_page_set_failure    (MailSetupResultPage   *self,
                                                   const MailCheckResult *failed,
                                                   const MailDiagnosis   *diagnosis);
/* The redacted technical details shown in the expander. */
void        mail_setup_result_page_set_details    (MailSetupResultPage   *self,
                                                   const char            *details);
/* Whether the provider has "turn on IMAP" guidance to go back to (imap-disabled). */
void        mail_setup_result_page_set_enable_imap_available (MailSetupResultPage *self,
                                                              gboolean             available);
void        mail_setup_result_page_set_export_available (MailSetupResultPage *self,
                                                         gboolean             available);
gboolean    mail_setup_result_page_get_success    (MailSetupResultPage   *self);
/* The diagnosis code shown, or NULL on success. */
const char *mail_setup_result_page_get_code       (MailSetupResultPage   *self);
typedef enum
{
  MAIL_SETUP_SAVE_PENDING,
  MAIL_SETUP_SAVE_DONE,
  MAIL_SETUP_SAVE_FAILED,
} MailSetupSaveState;

/* Where saving the verified account in the keyring stands. */
MailSetupSaveState mail_setup_result_page_get_save_state (MailSetupResultPage *self);
/* TRUE when the certificate of a failed TLS check is shown with "Trust…". */
gboolean    mail_setup_result_page_get_shows_certificate (MailSetupResultPage *self);

/* On a failure: the checks that ran, in the same list as on success, the failed one marked. */
void mail_setup_result_page_show_checks (MailSetupResultPage *self,
                                         GPtrArray           *results);
/* "Add to GNOME Online Accounts" (win.add-to-goa) on success, for a password account. */
void        mail_setup_result_page_set_goa_available (MailSetupResultPage *self,
                                                      gboolean             available);
gboolean    mail_setup_result_page_get_goa_available (MailSetupResultPage *self);

/* After a failed check of another app's account: the settings that work, in that app's words
 * ("In Thunderbird: Account Settings → Server Settings → Port: 993"). */
void        mail_setup_result_page_set_app_fixes     (MailSetupResultPage *self,
                                                      GPtrArray           *fixes);
guint       mail_setup_result_page_get_n_app_fixes   (MailSetupResultPage *self);
const char *mail_setup_result_page_get_app_fix       (MailSetupResultPage *self,
                                                      guint                index);
/* With them: the app's settings beside those that worked (works: MailServer *), side by side. */
void        mail_setup_result_page_set_app_differences (MailSetupResultPage       *self,
                                                        const MailOtherAppAccount *account,
                                                        GPtrArray                 *works);
guint       mail_setup_result_page_get_n_app_differences (MailSetupResultPage *self);
MailSetupSettingsDiff *mail_setup_result_page_get_app_difference (MailSetupResultPage *self,
                                                                  guint                index);

/* The account's provider (or NULL): its audience (a personal or an organisation's account)
 * and pages choose the failure's primary fix. */
void        mail_setup_result_page_set_provider   (MailSetupResultPage   *self,
                                                   const MailProvider    *provider);
/* A stored sign-in that will or may end soon: when, and what to do before (NULL: none). */
void        mail_setup_result_page_set_sign_in_notice (MailSetupResultPage *self,
                                                       const char          *notice);

G_END_DECLS
