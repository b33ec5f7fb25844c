/* mail-setup-enable-imap-page.h: how to turn on IMAP at the provider, for people and admins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mail-provider.h"
#include "mail-setup-journey-page.h"

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_ENABLE_IMAP_PAGE (mail_setup_enable_imap_page_get_type ())
/* The page follows its journey ("journey" property): it shows the guidance of the journey's
 * provider, with its address, updated when they change. */
G_DECLARE_FINAL_TYPE (MailSetupEnableImapPage, mail_setup_enable_imap_page, MAIL_SETUP,
                      ENABLE_IMAP_PAGE, MailSetupJourneyPage)

/* TRUE when the provider has guidance worth a page. */
gboolean    mail_setup_enable_imap_page_has_guidance (const MailProvider     *provider);
/* Shows provider's [EnableIMAP] guidance; %EMAIL% in the admin command becomes email. */
void        mail_setup_enable_imap_page_set_provider (MailSetupEnableImapPage *self,
                                                      const MailProvider      *provider,
                                                      const char              *email);
/* after_check: the person is back here because a check found IMAP turned off. */
void        mail_setup_enable_imap_page_set_after_check (MailSetupEnableImapPage *self,
                                                         gboolean                 after_check);
/* Opens or closes "For Administrators". */
void        mail_setup_enable_imap_page_set_admin_expanded (MailSetupEnableImapPage *self,
                                                            gboolean                 expanded);
/* The administrator command as shown (and copied), or NULL. */
const char *mail_setup_enable_imap_page_get_command  (MailSetupEnableImapPage *self);

G_END_DECLS
