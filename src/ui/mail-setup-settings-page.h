/* mail-setup-settings-page.h: the settings found for an address, and where each came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mail-setup-journey-page.h"

#include "mail-account-settings.h"

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_SETTINGS_PAGE (mail_setup_settings_page_get_type ())
/* The page follows its journey ("journey" property): the settings looked up ("searching") and
 * those found or changed ("settings", "auth"). */
G_DECLARE_FINAL_TYPE (MailSetupSettingsPage, mail_setup_settings_page, MAIL_SETUP, SETTINGS_PAGE,
                      MailSetupJourneyPage)

/* Shows the journey's settings again: what was typed and not continued with goes. */
void mail_setup_settings_page_revert      (MailSetupSettingsPage *self);

/* Spinner while discovery runs for email. */
void        mail_setup_settings_page_set_searching (MailSetupSettingsPage     *self,
                                                    const char                *email);
/* Shows settings (copied); with no servers known, opens the manual editor. */
void        mail_setup_settings_page_set_settings  (MailSetupSettingsPage     *self,
                                                    const MailAccountSettings *settings);
/* The servers as shown or edited, and the sign-in kind chosen. Returns FALSE when an edited
 * field is invalid. Fields the person changed get the source "entered by you"; servers from the
 * editor are given (MailServer.given), confirmed untrusted servers become trusted. */
gboolean    mail_setup_settings_page_get_servers   (MailSetupSettingsPage     *self,
                                                    MailServer               **imap,
                                                    MailServer               **smtp,
                                                    MailAuthKind              *auth);
void        mail_setup_settings_page_set_editing   (MailSetupSettingsPage     *self,
                                                    gboolean                   editing);
gboolean    mail_setup_settings_page_get_editing   (MailSetupSettingsPage     *self);
/* "How Mail Setup searched": one row per lookup of the discovery (source, what was asked,
 * what came back, when it answered). Hidden while empty. */
void        mail_setup_settings_page_clear_lookups (MailSetupSettingsPage     *self);
void        mail_setup_settings_page_add_lookup    (MailSetupSettingsPage     *self,
                                                    const char                *source,
                                                    const char                *query,
                                                    const char                *outcome,
                                                    gboolean                   found,
                                                    double                     ms);
guint       mail_setup_settings_page_get_n_lookups (MailSetupSettingsPage     *self);
/* Chooses the sign-in method in the editor (it must be one of the offered ones). */
gboolean    mail_setup_settings_page_select_auth   (MailSetupSettingsPage     *self,
                                                    MailAuthKind               auth);
/* For tests and people with a keyboard: the edit rows of one protocol. */
GtkEditable *mail_setup_settings_page_get_host_editable (MailSetupSettingsPage *self,
                                                         MailProtocol           protocol);
GtkEditable *mail_setup_settings_page_get_port_editable (MailSetupSettingsPage *self,
                                                         MailProtocol           protocol);
/* Servers from sources that cannot vouch for them, listed with the reason above the settings.
 * Continue then asks (“Use These Settings” or “Enter Settings Myself”) before anything is
 * sent. */
guint       mail_setup_settings_page_get_n_untrusted (MailSetupSettingsPage *self);
/* Advanced (OAuth2 providers): "Open a Shared Mailbox: Sign In As" (the delegate's address)
 * and the Microsoft tenant; NULL when empty or not offered. Editables for tests: "shared",
 * "tenant". */
char        *mail_setup_settings_page_dup_delegate  (MailSetupSettingsPage *self);
char        *mail_setup_settings_page_dup_tenant    (MailSetupSettingsPage *self);
GtkEditable *mail_setup_settings_page_get_advanced_editable (MailSetupSettingsPage *self,
                                                             const char            *which);
/* The problem shown under the editor ("A port is a number from 1 to 65535."), or NULL. */
const char  *mail_setup_settings_page_get_problem (MailSetupSettingsPage *self);

/* The one summary row's title ("Gmail settings found") when it stands for the details, or NULL. */
const char *mail_setup_settings_page_get_summary (MailSetupSettingsPage *self);

G_END_DECLS
