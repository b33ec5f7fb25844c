/* test-wizard-keyboard.c: the keyboard journey, real key presses through the X server as a
 * person types them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mail-account-store.h"
#include "mail-lab-scripted-server.h"
#include "mail-setup-checking-page.h"
#include "mail-setup-enable-imap-page.h"
#include "mail-setup-export-page.h"
#include "mail-setup-result-page.h"
#include "mail-setup-settings-page.h"
#include "mail-setup-sign-in-page.h"
#include "mail-setup-trust-store.h"
#include "mail-setup-util.h"
#include "mail-setup-welcome-page.h"
#include "mail-setup-window.h"
#include "mail-table-resolver.h"
#include "mail-test-lib.h"
#include "mail-test-wizard.h"
#include "test-wizard.h"

/* Launch → “Your Account Works” with key presses only: the address, Enter on every page,
 * the password where one is asked (browser: the lab's headless Chromium). */
static void
keyboard_journey (const char *provider_file,
                  const char *email,
                  const char *password,
                  int         width,
                  int         height,
                  const char *expected_pages)
{
  g_autoptr(GString) pages = g_string_new ("welcome");
  MailSetupWindow *window = new_window (provider_file, g_getenv ("MAIL_LAB_CA_FILE"));
  MailSetupResultPage *result;
  GtkWidget *focus;
  const char *page;

  if (width > 0)
    resize (window, width, height);

  /* At launch, the address field has the focus: typing goes there. */
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_TEXT (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, mail_setup_window_get_page (window, "welcome")));
  keyboard ("type", email);
  g_assert_cmpstr (mail_setup_welcome_page_get_email (MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"))),
                   ==, email);
  assert_keyboard_ready (window, "welcome");
  keyboard ("key", "Return");
  wait_page (window, "settings", 30);

  for (guint i = 0; i < 6; i++)
    {
      PageWait any = { window, NULL };

      page = mail_setup_window_get_page_name (window);
      g_string_append_printf (pages, ",%s", page);
      if (g_strcmp0 (page, "result") == 0)
        break;
      assert_keyboard_ready (window, page);
      if (g_strcmp0 (page, "sign-in") == 0 && password != NULL)
        keyboard ("type", password);
      keyboard ("key", "Return");
      /* Wait for the next page that asks something (the checks run on their own). */
      any.page = page;
      for (guint tries = 0; tries < 1200 && (page_is_shown (&any) || mail_setup_window_get_busy (window)
                                             || g_strcmp0 (mail_setup_window_get_page_name (window), "checking") == 0);
           tries++)
        spin (100);
      wait_page (window, mail_setup_window_get_page_name (window), 60);
    }

  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  if (!mail_setup_result_page_get_success (result))
    g_error ("The keyboard journey failed: %s", mail_setup_result_page_get_code (result));
  g_assert_cmpstr (pages->str, ==, expected_pages);
  assert_keyboard_ready (window, "result");
  wait_for (saved, result, 20, "the account to be saved");
  close_window (window);
}

void
test_keyboard_password (void)
{
  g_autofree char *contents = NULL;
  g_autofree char *provider = NULL;

  if (!have_lab () || !have_keyboard ())
    return;

  /* The lab's servers with password sign-in only. */
  contents = g_strdup_printf ("[Provider]\nId=lab-password\nName=Lab Mail\nDomains=example.test\n\n"
                              "[IMAP]\nHost=localhost\nPort=%s\nSecurity=tls\n"
                              "Authentication=password\nUsername=%%EMAIL%%\n\n"
                              "[SMTP]\nHost=localhost\nPort=%s\nSecurity=starttls\n"
                              "Authentication=password\nUsername=%%EMAIL%%\n\n"
                              "[EnableIMAP]\nOffByDefault=true\n"
                              "Steps=Sign in at the Lab Mail website;Turn on IMAP and save\n",
                              g_getenv ("MAIL_LAB_IMAPS_PORT"), g_getenv ("MAIL_LAB_SUBMISSION_PORT"));
  provider = write_provider_file ("lab-password.provider", contents);
  /* IMAP off by default at this provider (like GMX): its steps come before sign-in. */
  keyboard_journey (provider, g_getenv ("MAIL_LAB_USER"), g_getenv ("MAIL_LAB_PASSWORD"), 0, 0,
                    "welcome,settings,enable-imap,sign-in,result");
}

void
test_keyboard_oauth_narrow (void)
{
  if (!have_lab () || !have_keyboard ())
    return;
  mail_test_lab_idp_reset ();

  /* The lab's OAuth account, on a 360×640 phone screen. */
  g_setenv ("MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  /* IMAP on by default: no Enable IMAP page on the way. */
  keyboard_journey (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_USER2"), NULL, 360, 640,
                    "welcome,settings,sign-in,result");
  g_unsetenv ("MAIL_SETUP_BROWSER");
}
