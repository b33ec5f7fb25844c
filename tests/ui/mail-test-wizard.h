/* mail-test-wizard.h: what the wizard tests share (tests/lib/README.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mail-lab-scripted-server.h"
#include "mail-setup-result-page.h"
#include "mail-setup-settings-page.h"
#include "mail-setup-window.h"
#include "mail-account-store.h"

G_BEGIN_DECLS

/* The application the windows belong to, and a private folder (made by main). */
extern AdwApplication *wizard_app;
extern char           *wizard_tmp_dir;

typedef gboolean (*Check) (gpointer data);

typedef struct
{
  MailSetupWindow *window;
  const char      *page;
} PageWait;

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardWait;

gboolean
have_lab (void);

void
spin (guint ms);

void
wait_for (Check        check,
          gpointer     data,
          guint        timeout_s,
          const char  *what);

gboolean
page_is_shown (gpointer data);

GtkWidget *
wait_page (MailSetupWindow *window,
           const char      *page,
           guint            timeout_s);

void
assert_fits_narrow (GtkWidget *page);

void
scroll_to_end (GtkWidget *page);

void
screenshot (MailSetupWindow *window,
            const char      *name);

MailSetupWindow *
new_window (const char *provider_files,
            const char *ca_file);

void
close_window (MailSetupWindow *window);

void
activate (gpointer    widget,
          const char *action,
          const char *string_param);

MailSetupSettingsPage *
add_account (MailSetupWindow *window,
             const char      *email);

char *
write_provider_file (const char *name,
                     const char *contents);

MailLabScriptedServer *
start_scripted (MailLabProtocol protocol,
                MailLabTls      tls,
                const char     *cert,
                const char     *key);

void
start_or_die (MailLabScriptedServer *server);

char *
scripted_provider (const char *id,
                   const char *domain,
                   guint16     imap_port,
                   guint16     smtp_port,
                   gboolean    guidance);

MailSetupResultPage *
sign_in_with_password (MailSetupWindow       *window,
                       MailSetupSettingsPage *settings,
                       const char            *password,
                       gboolean               expect_enable_imap);

gboolean
saved (gpointer data);

gboolean
accounts_listed (gpointer data);

MailStoredAccount *
load_stored (const char *email);

GtkWindow *
find_message_dialog (void);

gboolean
dialog_shown (gpointer data);

gboolean
clipboard_done (gpointer data);

char *
clipboard_text (MailSetupWindow *window);

gboolean
have_keyboard (void);

void
keyboard (const char *command,
          const char *what);

gboolean
find_label (GtkWidget  *widget,
            const char *text);

gboolean
keep_waking_cb (gpointer data);

void
assert_keyboard_ready (MailSetupWindow *window,
                       const char      *name);

void
resize (MailSetupWindow *window,
        int              width,
        int              height);

GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action);

GtkScrolledWindow *
find_scrolled (GtkWidget *widget);

GdkTexture *
render_window (GtkWidget *window);

void
save_png (GtkWidget  *window,
          const char *name);

G_END_DECLS
