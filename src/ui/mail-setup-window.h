/* mail-setup-window.h: the wizard's window; moves between the pages and talks to the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MAIL_SETUP_TYPE_WINDOW (mail_setup_window_get_type ())
G_DECLARE_FINAL_TYPE (MailSetupWindow, mail_setup_window, MAIL_SETUP, WINDOW, AdwApplicationWindow)

/* For testing and self-hosted servers the window also reads, once (mail-test-hooks.h):
 *   MAIL_SETUP_PROVIDER_FILES  colon-separated extra provider files
 *   MAIL_SETUP_CA_FILE         a PEM file trusted in addition to the system's certificates
 *   MAIL_SETUP_TRUST_FILE      where trusted certificates are remembered (default
 *                              $XDG_CONFIG_HOME/mail-setup/trusted-certificates.ini) */
MailSetupWindow *mail_setup_window_new              (GtkApplication  *application);
/* "welcome", "settings", "enable-imap", "sign-in", "checking", "result", "export" */
const char      *mail_setup_window_get_page_name    (MailSetupWindow *self);
GtkWidget       *mail_setup_window_get_page         (MailSetupWindow *self,
                                                     const char      *name);
/* TRUE while discovery, sign-in or a check runs. */
gboolean         mail_setup_window_get_busy         (MailSetupWindow *self);
/* The last report (text or JSON), as "Copy Report" copies it; NULL before any result. */
char            *mail_setup_window_dup_report       (MailSetupWindow *self,
                                                     gboolean         json);

G_END_DECLS
