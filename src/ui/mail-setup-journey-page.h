/* mail-setup-journey-page.h: a wizard page that follows the journey
 *
 * The base of the pages that show the journey's state (MailSetupJourney): its "journey"
 * property holds the journey; a page connects to the journey's notify signals in its
 * follow() and the base disconnects them when the journey changes or the page goes. The
 * window sets the journey's state once; the pages follow it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mail-setup-journey.h"

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_JOURNEY_PAGE (mail_setup_journey_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (MailSetupJourneyPage, mail_setup_journey_page, MAIL_SETUP, JOURNEY_PAGE,
                          AdwBin)

struct _MailSetupJourneyPageClass
{
  AdwBinClass parent_class;

  /* Connects the page to journey's notify signals (with the page as their data) and shows
   * its state. */
  void (*follow) (MailSetupJourneyPage *self,
                  MailSetupJourney     *journey);
};

void              mail_setup_journey_page_set_journey (MailSetupJourneyPage *self,
                                                       MailSetupJourney     *journey);
/* The journey followed, or NULL. */
MailSetupJourney *mail_setup_journey_page_get_journey (MailSetupJourneyPage *self);
/* For the pages: the journey page follows. */
#define MAIL_SETUP_PAGE_JOURNEY(page) \
  (mail_setup_journey_page_get_journey (MAIL_SETUP_JOURNEY_PAGE (page)))

G_END_DECLS
