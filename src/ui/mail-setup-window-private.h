/* mail-setup-window-private.h: the window's state and the functions its parts share
 *
 * MailSetupWindow is written in parts, as gnome-text-editor's EditorWindow, each calling only
 * the parts below it (no cycle):
 *   mail-setup-window.c          construction (the type, its template, the public API)
 *   mail-setup-window-actions.c  the actions ("win.*") the pages activate
 *   mail-setup-window-sign-in.c  the sign-in (browser, device code, password)
 *   mail-setup-window-check.c    the check (MailAccountCheck), its results and the report
 *   mail-setup-window-welcome.c  the welcome page's accounts and discovery
 *   mail-setup-window-pages.c    page navigation and the running operation
 * Only those files include this header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-account-settings.h"
#include "mail-account-store.h"
#include "mail-provider.h"

#include "mail-setup-checking-page.h"
#include "mail-setup-enable-imap-page.h"
#include "mail-setup-export-page.h"
#include "mail-setup-journey.h"
#include "mail-setup-other-apps.h"
#include "mail-setup-result-page.h"
#include "mail-setup-settings-page.h"
#include "mail-setup-sign-in-page.h"
#include "mail-setup-trust-store.h"
#include "mail-setup-welcome-page.h"
#include "mail-setup-window.h"

G_BEGIN_DECLS

struct _MailSetupWindow
{
  AdwApplicationWindow     parent_instance;

  /* Template */
  AdwToastOverlay         *toast_overlay;
  AdwWindowTitle          *window_title;
  GtkStack                *stack;
  MailSetupWelcomePage    *welcome_page;
  MailSetupSettingsPage   *settings_page;
  MailSetupEnableImapPage *enable_imap_page;
  MailSetupSignInPage     *sign_in_page;
  MailSetupCheckingPage   *checking_page;
  MailSetupResultPage     *result_page;
  MailSetupExportPage     *export_page;

  /* Long-lived */
  MailProviderRegistry    *registry;
  GTlsDatabase            *tls_database;   /* system + MAIL_SETUP_CA_FILE, or NULL */
  char                    *ca_file;
  MailSetupTrustStore     *trust_store;
  MailAccountStore        *store;
  GPtrArray               *history;        /* const char *: page names to go back to */
  GPtrArray               *other_apps;     /* MailOtherAppAccount *: on Welcome, or NULL */
  const MailOtherAppAccount *other_app;    /* this journey checks that app's account, or NULL */

  /* Cancelled when the window goes: keyring work that outlives a page */
  GCancellable            *lifetime;

  /* The running operation */
  GCancellable            *cancellable;
  GObject                 *worker;         /* the discovery, OAuth flow or check running */

  /* One journey: the settings, the credential, the results */
  MailSetupJourney        *journey;
};

/* TRUE (and nothing else to do) when error says the work was cancelled: whoever cancelled
 * it already moved on. */
static inline gboolean
was_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The journey's account, or NULL. */
static inline MailAccountSettings *
window_settings (MailSetupWindow *self)
{
  return mail_setup_journey_get_settings (self->journey);
}

/* mail-setup-window-pages.c: pages and the running operation */
const char   *_mail_setup_window_get_page_name       (MailSetupWindow     *self);
void          _mail_setup_window_update_navigation   (MailSetupWindow     *self);
void          _mail_setup_window_focus_page          (MailSetupWindow     *self);
void          _mail_setup_window_show_page           (MailSetupWindow     *self,
                                                      const char          *name,
                                                      gboolean             push);
void          _mail_setup_window_toast               (MailSetupWindow     *self,
                                                      const char          *message);
GCancellable *_mail_setup_window_begin_work          (MailSetupWindow     *self);
void          _mail_setup_window_end_work            (MailSetupWindow     *self);
gboolean      _mail_setup_window_is_gone             (MailSetupWindow     *self);

/* mail-setup-window-welcome.c: stored accounts, other apps' accounts, discovery */
void          _mail_setup_window_load_accounts       (MailSetupWindow     *self);
void          _mail_setup_window_read_other_apps     (MailSetupWindow     *self);
void          _mail_setup_window_discover            (MailSetupWindow     *self,
                                                      const char          *email);

/* mail-setup-window-check.c: the check, its results and the report */
void          _mail_setup_window_start_check         (MailSetupWindow     *self);
void          _mail_setup_window_show_other_failure  (MailSetupWindow     *self,
                                                      MailDiagnosis       *diagnosis);
char         *_mail_setup_window_build_report        (MailSetupWindow     *self,
                                                      gboolean             json);

/* mail-setup-window-sign-in.c */
void          _mail_setup_window_show_sign_in        (MailSetupWindow     *self,
                                                      gboolean             push);
void          _mail_setup_window_start_oauth         (MailSetupWindow     *self);
/* The result page's notice for a stored sign-in that will or may end soon (account NULL: none). */
void          _mail_setup_window_note_sign_in_health (MailSetupWindow         *self,
                                                      const MailStoredAccount *account);

/* mail-setup-window-actions.c */
void          _mail_setup_window_class_actions_init  (GtkWidgetClass      *widget_class);

G_END_DECLS
