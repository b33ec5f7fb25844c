/* test-wizard-password.c: the wizard's password journeys, stored accounts and suggested settings
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
test_password_account (void)
{
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  MailSetupCheckingPage *checking;
  MailSetupExportPage *export_page;
  g_autoptr(MailStoredAccount) stored = NULL;
  g_autofree char *report = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  const char *password = g_getenv ("MAIL_LAB_PASSWORD");
  guint n_ok = 0;

  if (!have_lab ())
    return;

  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, g_getenv ("MAIL_LAB_USER"));
  g_assert_false (mail_setup_settings_page_get_editing (settings));
  /* A known provider with nothing to decide: one row instead of seven. */
  g_assert_cmpstr (mail_setup_settings_page_get_summary (settings), ==, "Lab Mail settings found");
  /* The page says how the settings were found, lookup by lookup. */
  g_assert_cmpuint (mail_setup_settings_page_get_n_lookups (settings), >, 0);
  assert_fits_narrow (GTK_WIDGET (settings));
  screenshot (window, "settings");

  g_assert_true (mail_setup_settings_page_select_auth (settings, MAIL_AUTH_PASSWORD));
  activate (settings, "settings.continue", NULL);
  /* IMAP is not off by default at this provider: no Enable IMAP page before sign-in. */
  wait_page (window, "sign-in", 10);
  /* The keyboard follows the page: focus is on the sign-in page, not left behind. */
  g_assert_nonnull (gtk_root_get_focus (GTK_ROOT (window)));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         mail_setup_window_get_page (window, "sign-in")));
  screenshot (window, "sign-in");
  mail_setup_sign_in_page_set_password (MAIL_SETUP_SIGN_IN_PAGE (mail_setup_window_get_page (window, "sign-in")),
                                        password);
  activate (mail_setup_window_get_page (window, "sign-in"), "sign-in.password-continue", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, NULL);
  g_assert_true (mail_setup_result_page_get_success (result));

  /* Both checks ran live, step by step, and every step passed. */
  checking = MAIL_SETUP_CHECKING_PAGE (mail_setup_window_get_page (window, "checking"));
  g_assert_cmpuint (mail_setup_checking_page_count_steps (checking, MAIL_PROTOCOL_IMAP, &n_ok), >=, 5);
  g_assert_cmpuint (mail_setup_checking_page_count_steps (checking, MAIL_PROTOCOL_IMAP, NULL), ==, n_ok);
  g_assert_cmpuint (mail_setup_checking_page_count_steps (checking, MAIL_PROTOCOL_SMTP, &n_ok), >=, 5);
  g_assert_cmpuint (mail_setup_checking_page_count_steps (checking, MAIL_PROTOCOL_SMTP, NULL), ==, n_ok);

  wait_for (saved, result, 20, "the account to be saved");
  g_assert_cmpint (mail_setup_result_page_get_save_state (result), ==, MAIL_SETUP_SAVE_DONE);
  /* Success says what now: the mail apps installed here (from their desktop files), each
   * with what to do in it; plain words, no host names or times. */
  g_assert_true (find_label (GTK_WIDGET (result), "Geary"));
  g_assert_true (find_label (GTK_WIDGET (result), "Choose Accounts › Add Account"));
  g_assert_true (find_label (GTK_WIDGET (result), "Receiving mail"));
  g_assert_false (find_label (GTK_WIDGET (result), " ms"));
  assert_fits_narrow (GTK_WIDGET (result));
  screenshot (window, "result-success");
  screenshot (window, "result");

  /* The keyring item holds the password and the verified settings. */
  stored = load_stored (g_getenv ("MAIL_LAB_USER"));
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->password, ==, password);
  g_assert_nonnull (stored->settings->verified_at);

  /* The report is redacted and the JSON has the CLI's shape. */
  report = mail_setup_window_dup_report (window, FALSE);
  g_assert_nonnull (strstr (report, g_getenv ("MAIL_LAB_USER")));
  g_assert_null (strstr (report, password));
  json = mail_setup_window_dup_report (window, TRUE);
  g_assert_null (strstr (json, password));
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpstr (json_object_get_string_member (root, "provider"), ==, "lab");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "checks")), ==, 2);

  /* Export: the msmtp file names the account and runs mail-setup-cli, never the password. */
  activate (window, "win.show-export", NULL);
  export_page = MAIL_SETUP_EXPORT_PAGE (wait_page (window, "export", 10));
  /* Save… is the default and in sight, at the default size and on a phone. */
  assert_keyboard_ready (window, "export");
  resize (window, 360, 640);
  assert_keyboard_ready (window, "export");
  resize (window, 760, 680);
  /* A client installed here by default, not autoconfig XML for domain administrators. */
  g_assert_nonnull (mail_setup_export_page_get_preview (export_page));
  g_assert_null (strstr (mail_setup_export_page_get_preview (export_page), "clientConfig"));
  g_assert_true (mail_setup_export_page_select_format (export_page, "msmtp"));
  g_assert_nonnull (mail_setup_export_page_get_preview (export_page));
  g_assert_nonnull (strstr (mail_setup_export_page_get_preview (export_page), g_getenv ("MAIL_LAB_USER")));
  g_assert_nonnull (strstr (mail_setup_export_page_get_preview (export_page), "mail-setup-cli"));
  /* Run from the build tree: the file (and the page) say it points into a build tree. */
  g_assert_nonnull (strstr (mail_setup_export_page_get_preview (export_page), "is in a build tree"));
  g_assert_null (strstr (mail_setup_export_page_get_preview (export_page), password));
  assert_fits_narrow (GTK_WIDGET (export_page));
  screenshot (window, "export");

  activate (window, "win.back", NULL);
  wait_page (window, "result", 5);
  /* Done closes the window: the account works, there is nothing left to do here. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  activate (window, "win.done", NULL);
  spin (200);
  g_assert_null (window);
}

void
test_troubleshoot_stored (void)
{
  MailSetupWindow *window;
  MailSetupWelcomePage *welcome;
  MailSetupResultPage *result;

  if (!have_lab ())
    return;

  /* The password journey saved alice; the welcome page lists her. */
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  welcome = MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"));
  wait_for (accounts_listed, welcome, 20, "the saved accounts");
  screenshot (window, "welcome-accounts");

  /* Checking it again takes the sign-in from the keyring: no password asked. */
  activate (window, "win.troubleshoot", g_getenv ("MAIL_LAB_USER"));
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_true (mail_setup_result_page_get_success (result));
  wait_for (saved, result, 20, "the verification time to be saved");
  g_assert_cmpint (mail_setup_result_page_get_save_state (result), ==, MAIL_SETUP_SAVE_DONE);
  close_window (window);
}

typedef struct
{
  MailSetupWelcomePage *welcome;
  guint                 n_accounts;
} AccountsWait;

static gboolean
accounts_down_to (gpointer data)
{
  AccountsWait *wait = data;

  return mail_setup_welcome_page_get_n_accounts (wait->welcome) == wait->n_accounts;
}

void
test_remove_account (void)
{
  MailSetupWindow *window;
  MailSetupWelcomePage *welcome;
  g_autoptr(MailStoredAccount) kept = NULL;
  g_autoptr(MailStoredAccount) gone = NULL;
  GtkWindow *dialog;
  AccountsWait wait;

  if (!have_lab ())
    return;

  /* Saved by the journeys before. */
  window = new_window (g_getenv ("MAIL_LAB_PROVIDER_FILE"), g_getenv ("MAIL_LAB_CA_FILE"));
  welcome = MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"));
  wait_for (accounts_listed, welcome, 20, "the saved accounts");
  screenshot (window, "welcome-accounts");
  wait.welcome = welcome;
  wait.n_accounts = mail_setup_welcome_page_get_n_accounts (welcome);
  g_assert_cmpuint (wait.n_accounts, >=, 2);
  wait.n_accounts -= 2;

  /* Remove asks first; Cancel keeps the account. */
  activate (welcome, "welcome.remove", g_getenv ("MAIL_LAB_USER"));
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  screenshot (window, "welcome-remove");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  spin (300);
  kept = load_stored (g_getenv ("MAIL_LAB_USER"));
  g_assert_nonnull (kept);

  /* Remove takes it out of the keyring (through the core) and off the page. */
  activate (welcome, "welcome.remove", g_getenv ("MAIL_LAB_USER"));
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  gtk_window_destroy (dialog);
  activate (welcome, "welcome.remove", g_getenv ("MAIL_LAB_USER2"));
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  gtk_window_destroy (dialog);
  wait_for (accounts_down_to, &wait, 20, "the accounts to leave the list");
  gone = load_stored (g_getenv ("MAIL_LAB_USER"));
  g_assert_null (gone);
  close_window (window);
}

static gboolean
check_succeeded (gpointer data)
{
  return mail_setup_result_page_get_success (data);
}

/* STARTTLS configured for Dovecot's implicit-TLS port: the failure page offers the settings
 * that work, and its button applies them and checks again, successfully. */
void
test_suggested_settings (void)
{
  g_autofree char *provider = NULL;
  g_autofree char *contents = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  GtkWidget *button;
  g_autofree char *label = NULL;

  if (!have_lab ())
    return;

  /* A domain of its own: example.test is the lab provider's too, and which of two providers
   * claiming one domain wins is not for this test to decide. The lab's user signs in. */
  contents = g_strdup_printf ("[Provider]\nId=wrongmode\nName=Wrong Mode Mail\n"
                              "Domains=wrongmode.test\n\n"
                              "[IMAP]\nHost=localhost\nPort=%s\nSecurity=starttls\n"
                              "Authentication=password\nUsername=%s\n\n"
                              "[SMTP]\nHost=localhost\nPort=%s\nSecurity=starttls\n"
                              "Authentication=password\nUsername=%s\n",
                              g_getenv ("MAIL_LAB_IMAPS_PORT"), g_getenv ("MAIL_LAB_USER"),
                              g_getenv ("MAIL_LAB_SUBMISSION_PORT"), g_getenv ("MAIL_LAB_USER"));
  provider = write_provider_file ("wrongmode.provider", contents);
  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "alice@wrongmode.test");
  result = sign_in_with_password (window, settings, g_getenv ("MAIL_LAB_PASSWORD"), FALSE);
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, "wrong-security-mode");

  button = find_action_button (GTK_WIDGET (result), "win.use-suggested-settings");
  g_assert_nonnull (button);
  /* Keyboard-operable: focusable, with a mnemonic naming the port and the mode. */
  g_assert_true (gtk_widget_get_focusable (button) || gtk_widget_get_can_focus (button));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (button)));
  label = g_strdup_printf ("_Use Port %s with TLS and Check Again", g_getenv ("MAIL_LAB_IMAPS_PORT"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, label);
  screenshot (window, "result-suggested-settings");

  gtk_widget_activate (button);
  wait_for (check_succeeded, result, 60, "the check with the suggested settings");
  g_assert_null (mail_setup_result_page_get_code (result));
  close_window (window);
}
