/* mail-setup-export-page.h: the verified settings, written for another mail app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mail-setup-journey-page.h"

#include "mail-account-settings.h"

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_EXPORT_PAGE (mail_setup_export_page_get_type ())
/* The page follows its journey ("journey" property): its settings once verified, with its
 * "ca-file". */
G_DECLARE_FINAL_TYPE (MailSetupExportPage, mail_setup_export_page, MAIL_SETUP, EXPORT_PAGE,
                      MailSetupJourneyPage)

/* TRUE: this build has the export writers (the page is never shown without them). */
gboolean    mail_setup_export_page_is_available (void);
/* settings: verified settings (copied). ca_file: a private CA clients must trust, or NULL. */
void        mail_setup_export_page_set_settings (MailSetupExportPage       *self,
                                                 const MailAccountSettings *settings,
                                                 const char                *ca_file);
/* Selects a format by its name ("msmtp", "thunderbird", ...); FALSE if unknown. */
gboolean    mail_setup_export_page_select_format (MailSetupExportPage      *self,
                                                  const char               *name);
/* The text previewed (and saved), or NULL when the format cannot express this account. */
const char *mail_setup_export_page_get_preview  (MailSetupExportPage       *self);

G_END_DECLS
