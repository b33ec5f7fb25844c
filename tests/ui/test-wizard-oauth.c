/* test-wizard-oauth.c: the wizard's OAuth2 journeys: browser, device code, shared mailbox, tenant
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

void
test_oauth_account (void)
{
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;
  MailSetupResultPage *result;
  g_autoptr(MailStoredAccount) stored = NULL;
  g_autofree char *report = NULL;

  if (!have_lab ())
    return;
  mail_test_lab_idp_reset ();

  g_setenv ("MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_USER2"));
  activate (settings, "settings.continue", NULL);
  /* IMAP is not off by default at this provider: no Enable IMAP page before sign-in. */
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_OAUTH);
  screenshot (window, "sign-in-oauth");

  /* Headless Chromium follows the lab's sign-in to the loopback redirect. */
  activate (window, "win.oauth-start", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 120));
  if (!mail_setup_result_page_get_success (result))
    g_error ("OAuth journey failed: %s", mail_setup_result_page_get_code (result));
  wait_for (saved, result, 20, "the account to be saved");
  g_assert_cmpint (mail_setup_result_page_get_save_state (result), ==, MAIL_SETUP_SAVE_DONE);

  stored = load_stored (g_getenv ("MAIL_LAB_USER2"));
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->settings->auth, ==, MAIL_AUTH_OAUTH2);
  g_assert_nonnull (stored->refresh_token);
  g_assert_true (g_str_has_prefix (stored->refresh_token, "lab-rt-"));
  g_assert_null (stored->password);

  /* No token in the report. */
  report = mail_setup_window_dup_report (window, TRUE);
  g_assert_null (strstr (report, "lab-at-"));
  g_assert_null (strstr (report, "lab-rt-"));
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");

  /* Checking the saved OAuth2 account again uses its tokens from the keyring, no browser. */
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  activate (window, "win.troubleshoot", g_getenv ("MAIL_LAB_USER2"));
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  if (!mail_setup_result_page_get_success (result))
    g_error ("The saved OAuth2 account failed: %s", mail_setup_result_page_get_code (result));
  close_window (window);
}

static gboolean
label_contains (GtkWidget  *widget,
                const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_contains (child, needle))
      return TRUE;
  return FALSE;
}

typedef struct
{
  MailSetupWindow     *window;
  MailSetupSignInPage *sign_in;
  char                *user_code;
} DeviceWait;

/* "Copy Link" offers the device page with the code once the device sign-in has begun. */
static gboolean
device_code_shown (gpointer data)
{
  DeviceWait *wait = data;
  g_autofree char *link = NULL;
  const char *code;

  activate (wait->sign_in, "sign-in.copy-link", NULL);
  link = clipboard_text (wait->window);
  code = link != NULL ? strstr (link, "/device?user_code=") : NULL;
  if (code == NULL)
    return FALSE;
  wait->user_code = g_strdup (code + strlen ("/device?user_code="));
  return TRUE;
}

/* No browser can be opened: the wizard offers sign-in with a code on another device, and the
 * account works once the code is entered there. */
void
test_oauth_device_code (void)
{
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  DeviceWait wait = { 0 };
  g_autoptr(MailStoredAccount) stored = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) approve = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (!have_lab ())
    return;
  mail_test_lab_idp_reset ();

  g_setenv ("MAIL_SETUP_BROWSER", "/nonexistent/browser", TRUE);
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_USER2"));
  activate (settings, "settings.continue", NULL);
  /* The lab provider's IMAP is on by default: no Turn On IMAP before sign-in. */
  wait.window = window;
  wait.sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  activate (window, "win.oauth-start", NULL);
  wait_for (device_code_shown, &wait, 30, "the device code");
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (wait.sign_in), ==,
                   MAIL_SETUP_SIGN_IN_WAITING);
  /* The page says what the person does (open the address anywhere, type the code), not to
   * continue in a browser that could not be opened. */
  g_assert_false (label_contains (GTK_WIDGET (wait.sign_in), "Continue in Your Browser"));
  g_assert_false (label_contains (GTK_WIDGET (wait.sign_in), "in your browser"));
  g_assert_true (label_contains (GTK_WIDGET (wait.sign_in), "Sign In on Another Device"));
  g_assert_true (label_contains (GTK_WIDGET (wait.sign_in), wait.user_code));
  screenshot (window, "sign-in-device-code");

  /* On "another device": the person enters the code. */
  url = g_strdup_printf ("%s/device/approve?user_code=%s&user=%s", g_getenv ("MAIL_LAB_IDP_URL"),
                         wait.user_code, g_getenv ("MAIL_LAB_USER2"));
  approve = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, approve, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (approve), ==, SOUP_STATUS_OK);

  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 120));
  if (!mail_setup_result_page_get_success (result))
    g_error ("Device-code journey failed: %s", mail_setup_result_page_get_code (result));
  wait_for (saved, result, 20, "the account to be saved");

  stored = load_stored (g_getenv ("MAIL_LAB_USER2"));
  g_assert_nonnull (stored);
  g_assert_cmpint (stored->settings->auth, ==, MAIL_AUTH_OAUTH2);
  g_assert_true (g_str_has_prefix (stored->refresh_token, "lab-rt-"));
  g_assert_cmpint (stored->signed_in_at, >, 0);
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");
  g_free (wait.user_code);

  /* The account list shows the sign-in's health (the lab provider: Google's "Testing" rule). */
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  {
    MailSetupWelcomePage *welcome =
      MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"));

    wait_for (accounts_listed, welcome, 20, "the saved accounts");
    spin (200);
    g_assert_true (label_contains (GTK_WIDGET (welcome), "signed in or renewed"));
    g_assert_true (label_contains (GTK_WIDGET (welcome), "sign-in may end"));
    screenshot (window, "welcome-sign-in-health");
  }
  close_window (window);
}

/* Advanced → "Open a Shared Mailbox: Sign In As": Alice signs in and the wizard checks and
 * saves shared@ with her tokens (the lab's Dovecot lets delegates in as "shared*alice"). */
void
test_shared_mailbox (void)
{
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  g_autoptr(MailStoredAccount) stored = NULL;
  g_autofree char *delegate_user = NULL;

  if (!have_lab ())
    return;
  mail_test_lab_idp_reset ();
  mail_test_lab_idp_control ("delegate=alice@example.test");

  g_setenv ("MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_SHARED"));
  /* The lab's sign-in has no tenant: only the shared mailbox is offered. */
  gtk_editable_set_text (mail_setup_settings_page_get_advanced_editable (settings, "tenant"),
                         "contoso.test");
  g_assert_null (mail_setup_settings_page_dup_tenant (settings));

  /* Its own address is no delegate. */
  gtk_editable_set_text (mail_setup_settings_page_get_advanced_editable (settings, "shared"),
                         g_getenv ("MAIL_LAB_SHARED"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.continue", NULL) &&
                  g_strcmp0 (mail_setup_window_get_page_name (window), "settings") != 0);
  g_assert_true (label_contains (GTK_WIDGET (settings), "your own, other address"));

  gtk_editable_set_text (mail_setup_settings_page_get_advanced_editable (settings, "shared"),
                         g_getenv ("MAIL_LAB_USER"));
  screenshot (window, "settings-shared-mailbox");
  activate (settings, "settings.continue", NULL);
  /* The lab provider's IMAP is on by default: no Turn On IMAP before sign-in. */
  wait_page (window, "sign-in", 10);
  activate (window, "win.oauth-start", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 120));
  if (!mail_setup_result_page_get_success (result))
    g_error ("Shared mailbox journey failed: %s", mail_setup_result_page_get_code (result));
  wait_for (saved, result, 20, "the account to be saved");

  stored = load_stored (g_getenv ("MAIL_LAB_SHARED"));
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->signed_in_as, ==, g_getenv ("MAIL_LAB_USER"));
  delegate_user = g_strconcat (g_getenv ("MAIL_LAB_SHARED"), "*", g_getenv ("MAIL_LAB_USER"),
                               NULL);
  g_assert_cmpstr (stored->settings->imap->username, ==, delegate_user);
  g_assert_cmpstr (stored->settings->smtp->username, ==, delegate_user);
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");
  mail_test_lab_idp_reset ();
}

/* Advanced → "Microsoft Tenant": an app registered in one tenant (the lab refuses "common" with
 * AADSTS50194); the wizard signs in through the tenant and stores its token address. */
void
test_tenant (void)
{
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  g_autoptr(MailStoredAccount) stored = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *text = NULL;
  const char *idp = g_getenv ("MAIL_LAB_IDP_URL");

  if (!have_lab ())
    return;
  mail_test_lab_idp_reset ();
  mail_test_lab_idp_control ("single_tenant=contoso.test");

  /* Id=lab: replaces any other lab provider file (other tests leave one in the person's
   * provider directory), so example.test is this one's. */
  text = g_strdup_printf (
    "[Provider]\nId=lab\nName=Lab Microsoft\nDomains=example.test\n\n"
    "[IMAP]\nHost=%s\nPort=%s\nSecurity=tls\nAuthentication=oauth2\nUsername=%%EMAIL%%\n\n"
    "[SMTP]\nHost=%s\nPort=%s\nSecurity=starttls\nAuthentication=oauth2\nUsername=%%EMAIL%%\n\n"
    "[OAuth2]\nAuthorizeUrl=%s/common/oauth2/v2.0/authorize\n"
    "TokenUrl=%s/common/oauth2/v2.0/token\nClientId=lab-client\n"
    "Scopes=imap smtp offline_access\nMechanisms=XOAUTH2\n",
    g_getenv ("MAIL_LAB_HOST"), g_getenv ("MAIL_LAB_IMAPS_PORT"), g_getenv ("MAIL_LAB_HOST"),
    g_getenv ("MAIL_LAB_SUBMISSION_PORT"), idp, idp);
  provider = write_provider_file ("lab-ms.provider", text);

  g_setenv ("MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_USER2"));
  g_assert_true (gtk_widget_get_visible (
    GTK_WIDGET (mail_setup_settings_page_get_advanced_editable (settings, "tenant"))));
  gtk_editable_set_text (mail_setup_settings_page_get_advanced_editable (settings, "tenant"),
                         "../evil");
  g_assert_true (label_contains (GTK_WIDGET (settings), "is not a tenant"));
  gtk_editable_set_text (mail_setup_settings_page_get_advanced_editable (settings, "tenant"),
                         "contoso.test");
  g_assert_false (label_contains (GTK_WIDGET (settings), "is not a tenant"));
  activate (settings, "settings.continue", NULL);
  wait_page (window, "sign-in", 10);
  activate (window, "win.oauth-start", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 120));
  if (!mail_setup_result_page_get_success (result))
    g_error ("Tenant journey failed: %s", mail_setup_result_page_get_code (result));
  wait_for (saved, result, 20, "the account to be saved");

  stored = load_stored (g_getenv ("MAIL_LAB_USER2"));
  g_assert_nonnull (stored);
  g_assert_nonnull (stored->token_url);
  g_assert_nonnull (strstr (stored->token_url, "/contoso.test/oauth2/v2.0/token"));
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");
  mail_test_lab_idp_reset ();
}

void
test_oauth_cancel (void)
{
  g_autofree char *link = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;

  if (!have_lab ())
    return;
  mail_test_lab_idp_reset ();

  /* A browser that opens and never comes back: the page waits, Escape cancels. */
  g_setenv ("MAIL_SETUP_BROWSER", "/bin/true", TRUE);
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_USER2"));
  activate (settings, "settings.continue", NULL);
  /* IMAP is not off by default at this provider: no Enable IMAP page before sign-in. */
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  activate (window, "win.oauth-start", NULL);
  spin (500);
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_WAITING);
  g_assert_true (mail_setup_window_get_busy (window));
  screenshot (window, "sign-in-waiting");

  /* "Copy Link" hands out the sign-in address for another browser. */
  activate (sign_in, "sign-in.copy-link", NULL);
  link = clipboard_text (window);
  g_assert_nonnull (link);
  g_assert_true (g_str_has_prefix (link, g_getenv ("MAIL_LAB_IDP_URL")));
  g_assert_nonnull (strstr (link, "code_challenge="));
  g_assert_nonnull (strstr (link, "state="));

  activate (window, "win.cancel", NULL);
  spin (100);
  g_assert_false (mail_setup_window_get_busy (window));
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_OAUTH);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "sign-in");
  close_window (window);
  g_unsetenv ("MAIL_SETUP_BROWSER");
}

/* No client ID in the build, at a provider that takes app passwords (Gmail): straight to the
 * app password, with its steps, never to registration instructions. */
void
test_no_client_id_app_password (void)
{
  g_autofree char *lab = NULL;
  g_autofree char *provider = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;
  GString *contents;

  if (!have_lab ())
    return;

  g_assert_true (g_file_get_contents (g_getenv ("MAIL_LAB_PROVIDER_FILE"), &lab, NULL, NULL));
  contents = g_string_new (lab);
  g_string_replace (contents, "Id=lab\n", "Id=appmail\nDocumentation=https://appmail.test/help\n", 1);
  g_string_replace (contents, "Name=Lab Mail", "Name=App Mail", 1);
  g_string_replace (contents, "Domains=example.test", "Domains=appmail.test", 1);
  g_string_replace (contents, "ClientId=lab-client", "ClientId=", 1);
  g_assert_cmpuint (g_string_replace (contents, "Authentication=oauth2;password",
                                      "Authentication=oauth2;app-password", 0), ==, 2);
  g_string_append (contents, "AppPasswordUrl=https://appmail.test/app-passwords\n");
  provider = write_provider_file ("appmail.provider", contents->str);
  g_string_free (contents, TRUE);

  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "gina@appmail.test");
  /* A known provider with nothing to decide: one summary row. */
  g_assert_cmpstr (mail_setup_settings_page_get_summary (settings), ==, "App Mail settings found");
  activate (settings, "settings.continue", NULL);
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_PASSWORD);
  g_assert_true (find_label (GTK_WIDGET (sign_in), "Enter an App Password"));
  g_assert_true (find_label (GTK_WIDGET (sign_in), "Create an app password"));
  g_assert_false (find_label (GTK_WIDGET (sign_in), "client ID"));
  assert_keyboard_ready (window, "sign-in");
  screenshot (window, "sign-in-app-password");
  close_window (window);
}

void
test_oauth_client_id_missing (void)
{
  g_autofree char *lab = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *settings_ini = NULL;
  g_autofree char *saved_ini = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;
  GString *contents;

  if (!have_lab ())
    return;
  mail_test_lab_idp_reset ();

  /* The lab provider without a client ID anywhere. */
  g_assert_true (g_file_get_contents (g_getenv ("MAIL_LAB_PROVIDER_FILE"), &lab, NULL, NULL));
  contents = g_string_new (lab);
  g_string_replace (contents, "Id=lab\n", "Id=noclient\n", 1);
  g_string_replace (contents, "Domains=example.test", "Domains=noclient.test", 1);
  g_string_replace (contents, "ClientId=lab-client", "ClientId=", 1);
  /* Browser sign-in only, like Outlook.com: no password to fall back on. */
  g_assert_cmpuint (g_string_replace (contents, "Authentication=oauth2;password", "Authentication=oauth2", 0), ==, 2);
  g_assert_null (strstr (contents->str, "lab-client"));
  provider = write_provider_file ("noclient.provider", contents->str);
  g_string_free (contents, TRUE);

  g_setenv ("MAIL_SETUP_BROWSER", "/bin/true", TRUE);
  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "frank@noclient.test");
  activate (settings, "settings.continue", NULL);
  /* IMAP is not off by default at this provider: no Enable IMAP page before sign-in. */
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));

  /* A plain page says this copy cannot sign in there and what to do; the client ID waits
   * under "Advanced", and is kept in the settings file. */
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_CLIENT_ID);
  g_assert_true (find_label (GTK_WIDGET (sign_in), "This Copy of Mail Setup Cannot Sign In to Lab Mail"));
  g_assert_true (find_label (GTK_WIDGET (sign_in), "Flathub"));
  assert_fits_narrow (GTK_WIDGET (sign_in));
  screenshot (window, "sign-in-client-id");
  mail_setup_sign_in_page_set_client_id (sign_in, "my-own-client");
  activate (sign_in, "sign-in.save-client-id", NULL);
  spin (300);
  settings_ini = g_build_filename (g_get_user_config_dir (), "mail-setup", "settings.ini", NULL);
  g_assert_true (g_file_get_contents (settings_ini, &saved_ini, NULL, NULL));
  g_assert_nonnull (strstr (saved_ini, "noclient-client-id=my-own-client"));

  /* With the client ID the browser sign-in starts. */
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_WAITING);
  activate (window, "win.cancel", NULL);
  spin (100);
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_OAUTH);
  close_window (window);
  g_unlink (settings_ini);
  g_unsetenv ("MAIL_SETUP_BROWSER");
}
