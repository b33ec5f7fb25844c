/* test-wizard-trust.c: certificates and settings the wizard must not trust blindly
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

static gboolean
page_is_visible (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (mail_setup_window_get_page_name (wait->window), wait->page) == 0;
}

void
test_certificate_trust (void)
{
  g_autoptr(MailLabScriptedServer) imap = NULL;
  g_autoptr(MailLabScriptedServer) smtp = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *trust_file = g_build_filename (wizard_tmp_dir, "trusted-certificates.ini", NULL);
  g_autofree char *trusted = NULL;
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;
  GtkWindow *dialog;
  const char *cert = g_getenv ("MAIL_LAB_SELFSIGNED_CERT");
  const char *key = g_getenv ("MAIL_LAB_SELFSIGNED_KEY");

  if (!have_lab ())
    return;

  /* A self-signed certificate no CA vouches for. */
  g_unlink (trust_file);
  imap = start_scripted (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT, cert, key);
  start_or_die (imap);
  smtp = start_scripted (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, cert, key);
  start_or_die (smtp);
  provider = scripted_provider ("selfsigned", "selfsigned.test", mail_lab_scripted_server_get_port (imap),
                                mail_lab_scripted_server_get_port (smtp), FALSE);

  window = new_window (provider, NULL);
  settings = add_account (window, "dave@selfsigned.test");
  result = sign_in_with_password (window, settings, "dave-password", FALSE);
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, "tls-untrusted");
  g_assert_true (mail_setup_result_page_get_shows_certificate (result));
  assert_fits_narrow (GTK_WIDGET (result));
  /* The password never went to a server that was not trusted. */
  g_assert_false (mail_lab_scripted_server_received_contains (imap, "dave-password"));
  /* Trusting is the primary action here (an unknown issuer), in the bar, after a question. */
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_window_get_default_widget (GTK_WINDOW (window)))),
                   ==, "_Trust This Server…");
  assert_keyboard_ready (window, "result");
  screenshot (window, "result-certificate");

  /* Trust needs an explicit confirmation: cancelling it trusts nothing. */
  activate (window, "win.trust-certificate", NULL);
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  spin (200);
  g_assert_false (g_file_test (trust_file, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "result");

  activate (window, "win.trust-certificate", NULL);
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "trust");
  PageWait checking = { window, "checking" };
  wait_for (page_is_visible, &checking, 10, "the check to start again");
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_true (mail_setup_result_page_get_success (result));

  /* Remembered for that host and fingerprint only. */
  g_assert_true (g_file_get_contents (trust_file, &trusted, NULL, NULL));
  g_assert_nonnull (strstr (trusted, "localhost="));
  g_assert_nonnull (strstr (trusted, ":"));
  close_window (window);
  g_unlink (trust_file);
}

/* The trusted-certificates file is the person's alone (0600), also when an older one was not;
 * a file that never ends is read no further than its bound. */
static gboolean
find_button (GtkWidget  *widget,
             const char *label)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return FALSE;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_button (child, label))
      return TRUE;
  return FALSE;
}

/* An expired certificate is never offered for trust (not even through the action): the
 * primary action is the report for the server's administrator. */
void
test_certificate_expired (void)
{
  g_autofree char *contents = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *trust_file = g_build_filename (wizard_tmp_dir, "trusted-certificates.ini", NULL);
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupResultPage *result;

  if (!have_lab ())
    return;

  g_unlink (trust_file);
  contents = g_strdup_printf ("[Provider]\nId=expired\nName=Expired Mail\nDomains=expired.test\n\n"
                              "[IMAP]\nHost=%s\nPort=%s\nSecurity=tls\n"
                              "Authentication=password\nUsername=%%EMAIL%%\n\n"
                              "[SMTP]\nHost=localhost\nPort=%s\nSecurity=starttls\n"
                              "Authentication=password\nUsername=%%EMAIL%%\n",
                              g_getenv ("MAIL_LAB_EXPIRED_HOST"), g_getenv ("MAIL_LAB_EXPIRED_PORT"),
                              g_getenv ("MAIL_LAB_SUBMISSION_PORT"));
  provider = write_provider_file ("expired.provider", contents);

  window = new_window (provider, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "erin@expired.test");
  result = sign_in_with_password (window, settings, "erin-password", FALSE);
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, "tls-expired");
  g_assert_true (find_label (GTK_WIDGET (result), "The Server’s Certificate Has Expired"));
  g_assert_false (find_button (GTK_WIDGET (result), "_Trust This Server…"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (gtk_window_get_default_widget (GTK_WINDOW (window)))),
                   ==, "Copy _Report for the Administrator");
  /* Checking again at once would only fail again: no "Try Again" and nothing that trusts;
   * the other choices are editing the settings or checking later. */
  g_assert_false (find_button (GTK_WIDGET (result), "T_ry Again"));
  g_assert_null (find_action_button (GTK_WIDGET (result), "win.retry"));
  g_assert_null (find_action_button (GTK_WIDGET (result), "win.trust-certificate"));
  g_assert_true (find_button (GTK_WIDGET (result), "_Edit Settings"));
  g_assert_true (find_button (GTK_WIDGET (result), "Check Again _Later"));
  assert_keyboard_ready (window, "result");
  assert_fits_narrow (GTK_WIDGET (result));
  screenshot (window, "result-certificate-expired");

  /* Not even the action trusts it. */
  activate (window, "win.trust-certificate", NULL);
  spin (300);
  g_assert_null (find_message_dialog ());
  g_assert_false (g_file_test (trust_file, G_FILE_TEST_EXISTS));
  close_window (window);
}

void
test_trust_file_private (void)
{
  g_autofree char *path = g_build_filename (wizard_tmp_dir, "trust-private", "trusted.ini", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(MailSetupTrustStore) store = NULL;
  g_autoptr(MailSetupTrustStore) again = NULL;
  g_autoptr(MailSetupTrustStore) endless = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  store = mail_setup_trust_store_new (path);
  g_assert_true (mail_setup_trust_store_add (store, "mail.example.test", "ab:cd", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* An existing world-readable file becomes private when it is written again. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  again = mail_setup_trust_store_new (path);
  g_assert_cmpstr (mail_setup_trust_store_lookup (again, "MAIL.example.test"), ==, "AB:CD");
  g_assert_true (mail_setup_trust_store_add (again, "other.example.test", "01:02", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  endless = mail_setup_trust_store_new ("/dev/zero");
  g_assert_null (mail_setup_trust_store_lookup (endless, "mail.example.test"));

  g_unlink (path);
  g_rmdir (dir);
}

/* MAIL_SETUP_PROVIDER_FILES and MAIL_SETUP_CA_FILE that never end, or are huge: the wizard
 * reads them no further than their bound, skips them and starts. */
void
test_endless_files (void)
{
  g_autofree char *huge = g_build_filename (wizard_tmp_dir, "huge.provider", NULL);
  g_autofree char *files = g_strconcat ("/dev/zero:", huge, NULL);
  MailSetupWindow *window;

  g_assert_true (g_file_set_contents (huge, "", 0, NULL));
  g_assert_cmpint (truncate (huge, (off_t) 64 << 30), ==, 0);

  window = new_window (files, "/dev/zero");
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");
  close_window (window);

  window = new_window (NULL, huge);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");
  close_window (window);
  g_unlink (huge);
}

static gboolean
sign_in_or_guidance (gpointer data)
{
  const char *page = mail_setup_window_get_page_name (data);

  return g_strcmp0 (page, "sign-in") == 0 || g_strcmp0 (page, "enable-imap") == 0;
}

/* SRV records pointing outside the address's domain: the page says which servers and why, and
 * nothing is sent before the person chooses “Use These Settings”. */
void
test_untrusted_settings (void)
{
  g_autoptr(MailLabScriptedServer) imap = NULL;
  g_autoptr(MailLabScriptedServer) smtp = NULL;
  g_autoptr(GResolver) original = g_resolver_get_default ();
  g_autoptr(MailTableResolver) resolver = mail_table_resolver_new ();
  MailSetupWindow *window;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;
  MailSetupResultPage *result;
  GtkWindow *dialog;
  const char *password = "frank-password-1414";

  if (!have_lab ())
    return;

  imap = start_scripted (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT, NULL, NULL);
  start_or_die (imap);
  smtp = start_scripted (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, NULL, NULL);
  start_or_die (smtp);
  /* DNS from a table: nothing leaves the machine, the SRV targets are this computer. */
  mail_table_resolver_add_srv (resolver, "_imaps._tcp.srv-trust.test", 0, 1,
                               mail_lab_scripted_server_get_port (imap), "localhost");
  mail_table_resolver_add_srv (resolver, "_submission._tcp.srv-trust.test", 0, 1,
                               mail_lab_scripted_server_get_port (smtp), "localhost");
  g_resolver_set_default (G_RESOLVER (resolver));

  window = new_window (NULL, g_getenv ("MAIL_LAB_CA_FILE"));
  settings = add_account (window, "frank@srv-trust.test");
  g_assert_false (mail_setup_settings_page_get_editing (settings));
  /* Both servers listed, with the reason. */
  g_assert_cmpuint (mail_setup_settings_page_get_n_untrusted (settings), ==, 2);
  /* Something to decide: the details, not a summary. */
  g_assert_null (mail_setup_settings_page_get_summary (settings));
  assert_fits_narrow (GTK_WIDGET (settings));
  screenshot (window, "settings-untrusted");

  /* Continue asks first. */
  activate (settings, "settings.continue", NULL);
  wait_for (dialog_shown, NULL, 5, "the confirmation");
  dialog = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "outside srv-trust.test"));
  /* The safe answer is the default one: Enter takes it. */
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "edit");
  screenshot (window, "settings-untrusted-confirm");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "edit");
  spin (200);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "settings");
  g_assert_true (mail_setup_settings_page_get_editing (settings));

  /* The editor still holds the servers that were found: asked again. (Password sign-in: the
   * host may belong to a provider file that other tests left, with OAuth2 first.) */
  g_assert_true (mail_setup_settings_page_select_auth (settings, MAIL_AUTH_PASSWORD));
  activate (settings, "settings.continue", NULL);
  wait_for (dialog_shown, NULL, 5, "the confirmation again");
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "settings");
  /* Nothing was sent so far: no connection spoke to either server. */
  g_assert_false (mail_lab_scripted_server_received_contains (imap, "CAPABILITY"));
  g_assert_false (mail_lab_scripted_server_received_contains (smtp, "EHLO"));

  adw_message_dialog_response (ADW_MESSAGE_DIALOG (find_message_dialog ()), "use");
  wait_for (sign_in_or_guidance, window, 10, "the sign-in page");
  if (g_strcmp0 (mail_setup_window_get_page_name (window), "enable-imap") == 0)
    {
      wait_page (window, "enable-imap", 10);
      activate (window, "win.enable-imap-done", NULL);
    }
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_PASSWORD);
  g_assert_false (mail_lab_scripted_server_received_contains (imap, password));
  mail_setup_sign_in_page_set_password (sign_in, password);
  activate (sign_in, "sign-in.password-continue", NULL);
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_true (mail_setup_result_page_get_success (result));
  /* Confirmed: the servers that were found got the sign-in. */
  g_assert_true (mail_lab_scripted_server_received_contains (imap, "AUTH"));

  wait_for (saved, result, 20, "the account to be saved");
  close_window (window);
  g_resolver_set_default (original);
}
