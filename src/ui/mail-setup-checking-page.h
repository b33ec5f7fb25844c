/* mail-setup-checking-page.h: the IMAP and SMTP checks, step by step, as they happen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mail-setup-journey-page.h"

#include "mail-check-result.h"
#include "mail-server.h"

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_CHECKING_PAGE (mail_setup_checking_page_get_type ())
/* The page follows its journey ("journey" property): its "status" is the line before the steps. */
G_DECLARE_FINAL_TYPE (MailSetupCheckingPage, mail_setup_checking_page, MAIL_SETUP, CHECKING_PAGE,
                      MailSetupJourneyPage)

/* Clears the lists; imap or smtp NULL hides that list. */
void  mail_setup_checking_page_reset         (MailSetupCheckingPage *self,
                                              const char            *email,
                                              const MailServer      *imap,
                                              const MailServer      *smtp);
/* A line before the steps, e.g. "Refreshing the saved sign-in…"; NULL hides it. */
void  mail_setup_checking_page_set_status    (MailSetupCheckingPage *self,
                                              const char            *status);
void  mail_setup_checking_page_step_started  (MailSetupCheckingPage *self,
                                              MailProtocol           protocol,
                                              const char            *name);
void  mail_setup_checking_page_step_finished (MailSetupCheckingPage *self,
                                              MailProtocol           protocol,
                                              const MailCheckStep   *step);
/* Number of steps shown for protocol, and how many of those finished ok (for tests). */
guint mail_setup_checking_page_count_steps   (MailSetupCheckingPage *self,
                                              MailProtocol           protocol,
                                              guint                 *n_ok);

G_END_DECLS
