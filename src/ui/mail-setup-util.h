/* mail-setup-util.h: words for people, shared by the wizard's pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mail-types.h"

G_BEGIN_DECLS

const char *mail_setup_security_label  (MailSecurity  security);
const char *mail_setup_auth_label      (MailAuthKind  auth);
const char *mail_setup_protocol_label  (MailProtocol  protocol);
/* "Signing in", "Opening the inbox", ... for a cli.md step name; the name itself if unknown. */
const char *mail_setup_step_label      (const char   *step_name);
/* "12 ms", "1.2 s" */
char       *mail_setup_format_duration (double        ms);
/* "3 December 2026" for an ISO 8601 time, in the local language; "?" for NULL. */
char       *mail_setup_format_date     (const char   *iso8601);
/* TRUE for http and https URLs, the only ones the wizard offers to open. */
gboolean    mail_setup_is_web_url      (const char   *url);
/* Removes every child of a GtkBox. */
void        mail_setup_box_remove_all  (GtkBox       *box);
/* The page's primary action: its shown, sensitive button with the suggested-action style. */
GtkWidget  *mail_setup_page_find_primary (GtkWidget  *page);
/* Makes the page's primary button the window's default widget (so Enter in a field presses
 * it) and moves the focus to the page's first empty field, else to that button. Does
 * nothing while the page is not in a window. */
void        mail_setup_page_present      (GtkWidget  *page);
/* Fields inside widget (an optional group such as Advanced) never take the focus when the
 * page is presented; Tab still reaches them. */
void        mail_setup_page_set_optional (GtkWidget  *widget);

G_END_DECLS
