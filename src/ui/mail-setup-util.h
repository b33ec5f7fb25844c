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
/* TRUE for http and https URLs, the only ones the wizard offers to open. */
gboolean    mail_setup_is_web_url      (const char   *url);
/* Removes every child of a GtkBox. */
void        mail_setup_box_remove_all  (GtkBox       *box);

G_END_DECLS
