/* test-journey.c: the pages follow the journey
 *
 * The window sets the journey's state once (MailSetupJourney's properties); the welcome,
 * settings, checking, result and export pages, given the journey, show it without being told.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "mail-account-settings.h"
#include "mail-check-result.h"
#include "mail-diagnosis.h"
#include "mail-setup-checking-page.h"
#include "mail-setup-export-page.h"
#include "mail-setup-journey.h"
#include "mail-setup-result-page.h"
#include "mail-setup-result-words.h"
#include "mail-setup-settings-page.h"
#include "mail-setup-welcome-page.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* page in a window of its own, following journey. */
static GtkWidget *
show_page (GType             type,
           MailSetupJourney *journey)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (type, "journey", journey, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  return page;
}

static const char *
label_text (GtkWidget  *page,
            GType       type,
            const char *name)
{
  GObject *label = gtk_widget_get_template_child (page, type, name);

  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_label (GTK_LABEL (label));
}

static MailAccountSettings *
example_settings (void)
{
  MailAccountSettings *settings = mail_account_settings_new ("someone@example.com");

  settings->imap = mail_server_new (MAIL_PROTOCOL_IMAP, "imap.example.com", 993,
                                    MAIL_SECURITY_TLS);
  settings->smtp = mail_server_new (MAIL_PROTOCOL_SMTP, "smtp.example.com", 465,
                                    MAIL_SECURITY_TLS);
  return settings;
}

/* A failure outside the checks: the result page shows its title as soon as the journey has
 * the diagnosis. */
static void
test_result_diagnosis (void)
{
  g_autoptr(MailSetupJourney) journey = mail_setup_journey_new ();
  GtkWidget *page = show_page (MAIL_SETUP_TYPE_RESULT_PAGE, journey);
  MailDiagnosisContext context = { .protocol = "keyring", .stage = "keyring" };
  MailDiagnosis *diagnosis = mail_diagnosis_new_for_code ("keyring-locked", &context);
  const char *title = NULL;
  const char *words;
  g_autoptr(MailSetupJourney) followed = NULL;

  g_object_get (page, "journey", &followed, NULL);
  g_assert_true (followed == journey);
  words = mail_setup_result_words ("keyring-locked", MAIL_PROVIDER_AUDIENCE_UNKNOWN, &title);
  if (words == NULL || title == NULL)
    title = diagnosis->title;
  g_assert_nonnull (title);
  mail_setup_journey_take_settings (journey, example_settings ());
  g_assert_null (mail_setup_result_page_get_code (MAIL_SETUP_RESULT_PAGE (page)));

  mail_setup_journey_take_diagnosis (journey, diagnosis);
  iterate ();
  g_assert_false (mail_setup_result_page_get_success (MAIL_SETUP_RESULT_PAGE (page)));
  g_assert_cmpstr (mail_setup_result_page_get_code (MAIL_SETUP_RESULT_PAGE (page)), ==,
                   "keyring-locked");
  g_assert_cmpstr (label_text (page, MAIL_SETUP_TYPE_RESULT_PAGE, "title_label"), ==, title);
  /* Technical Details: the journey's report. */
  g_assert_nonnull (strstr (label_text (page, MAIL_SETUP_TYPE_RESULT_PAGE, "details_label"),
                            "someone@example.com"));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (page)));
}

/* A check that passed: success once the journey's check ends, then the keyring's answer and
 * GNOME Online Accounts as the journey learns them. */
static void
test_result_success (void)
{
  g_autoptr(MailSetupJourney) journey = mail_setup_journey_new ();
  GtkWidget *page = show_page (MAIL_SETUP_TYPE_RESULT_PAGE, journey);
  MailSetupResultPage *result_page = MAIL_SETUP_RESULT_PAGE (page);

  mail_setup_journey_take_settings (journey, example_settings ());
  for (MailProtocol protocol = MAIL_PROTOCOL_IMAP; protocol <= MAIL_PROTOCOL_SMTP; protocol++)
    {
      MailCheckResult *result = mail_check_result_new (protocol);

      result->ok = TRUE;
      mail_setup_journey_add_result (journey, result);
    }
  /* The results alone are not the outcome: the check may still be running. */
  g_assert_false (mail_setup_result_page_get_success (result_page));

  mail_setup_journey_finish_check (journey);
  iterate ();
  g_assert_true (mail_setup_result_page_get_success (result_page));
  g_assert_cmpstr (label_text (page, MAIL_SETUP_TYPE_RESULT_PAGE, "title_label"), ==,
                   "Your Account Works");
  g_assert_cmpint (mail_setup_result_page_get_save_state (result_page), ==,
                   MAIL_SETUP_SAVE_PENDING);
  g_assert_false (mail_setup_result_page_get_goa_available (result_page));

  mail_setup_journey_set_saved (journey, "Mail Setup: someone@example.com (-)", NULL);
  mail_setup_journey_set_goa_available (journey, TRUE);
  iterate ();
  g_assert_cmpint (mail_setup_result_page_get_save_state (result_page), ==, MAIL_SETUP_SAVE_DONE);
  g_assert_true (mail_setup_result_page_get_goa_available (result_page));

  mail_setup_journey_set_saved (journey, NULL, "The keyring is locked.");
  iterate ();
  g_assert_cmpint (mail_setup_result_page_get_save_state (result_page), ==,
                   MAIL_SETUP_SAVE_FAILED);
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (page)));
}

/* The line before the steps is the journey's status. */
static void
test_checking_status (void)
{
  g_autoptr(MailSetupJourney) journey = mail_setup_journey_new ();
  g_autoptr(MailAccountSettings) settings = example_settings ();
  GtkWidget *page = show_page (MAIL_SETUP_TYPE_CHECKING_PAGE, journey);
  GObject *status = gtk_widget_get_template_child (page, MAIL_SETUP_TYPE_CHECKING_PAGE,
                                                   "status_label");

  mail_setup_checking_page_reset (MAIL_SETUP_CHECKING_PAGE (page), settings->email,
                                  settings->imap, settings->smtp);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (status)));
  mail_setup_journey_set_status (journey, "Getting the saved sign-in from your keyring…");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (status)), ==,
                   "Getting the saved sign-in from your keyring…");
  mail_setup_journey_set_status (journey, NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (status)));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (page)));
}

/* Only verified settings are written for another app. */
static void
test_export_verified (void)
{
  g_autoptr(MailSetupJourney) journey = mail_setup_journey_new ();
  GtkWidget *page = show_page (MAIL_SETUP_TYPE_EXPORT_PAGE, journey);

  mail_setup_journey_take_settings (journey, example_settings ());
  g_assert_true (mail_setup_export_page_select_format (MAIL_SETUP_EXPORT_PAGE (page), "msmtp"));
  g_assert_null (mail_setup_export_page_get_preview (MAIL_SETUP_EXPORT_PAGE (page)));
  mail_setup_journey_set_verified_now (journey);
  g_assert_nonnull (strstr (mail_setup_export_page_get_preview (MAIL_SETUP_EXPORT_PAGE (page)),
                            "smtp.example.com"));
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (page)));
}

/* The settings page: "Looking up…" while the journey searches, then the account it has. */
static void
test_settings_follow (void)
{
  g_autoptr(MailSetupJourney) journey = mail_setup_journey_new ();
  GtkWidget *page = show_page (MAIL_SETUP_TYPE_SETTINGS_PAGE, journey);
  GObject *stack = gtk_widget_get_template_child (page, MAIL_SETUP_TYPE_SETTINGS_PAGE,
                                                  "state_stack");
  GtkEditable *host;

  mail_setup_journey_set_searching (journey, "someone@example.com");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "searching");

  mail_setup_journey_set_searching (journey, NULL);
  mail_setup_journey_take_settings (journey, example_settings ());
  iterate ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "found");
  host = mail_setup_settings_page_get_host_editable (MAIL_SETUP_SETTINGS_PAGE (page),
                                                     MAIL_PROTOCOL_IMAP);
  g_assert_cmpstr (gtk_editable_get_text (host), ==, "imap.example.com");

  /* Changed in place (as a suggested fix is): the page shows it. */
  g_free (mail_setup_journey_get_settings (journey)->imap->host);
  mail_setup_journey_get_settings (journey)->imap->host = g_strdup ("mail.example.com");
  mail_setup_journey_settings_changed (journey);
  g_assert_cmpstr (gtk_editable_get_text (host), ==, "mail.example.com");
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (page)));
}

/* The stored accounts and other apps' accounts, as the journey reads them. */
static void
test_welcome_accounts (void)
{
  g_autoptr(MailSetupJourney) journey = mail_setup_journey_new ();
  g_autoptr(GPtrArray) emails = g_ptr_array_new ();
  g_autoptr(GPtrArray) descriptions = g_ptr_array_new ();
  GtkWidget *page = show_page (MAIL_SETUP_TYPE_WELCOME_PAGE, journey);
  GObject *spinner = gtk_widget_get_template_child (page, MAIL_SETUP_TYPE_WELCOME_PAGE,
                                                    "accounts_spinner");

  mail_setup_journey_set_loading (journey, TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (spinner)));
  g_ptr_array_add (emails, "one@example.com");
  g_ptr_array_add (descriptions, "Other provider · Password");
  g_ptr_array_add (emails, "two@example.com");
  g_ptr_array_add (descriptions, "Other provider · Password");
  mail_setup_journey_set_loading (journey, FALSE);
  mail_setup_journey_set_accounts (journey, emails, descriptions);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (spinner)));
  g_assert_cmpuint (mail_setup_welcome_page_get_n_accounts (MAIL_SETUP_WELCOME_PAGE (page)), ==, 2);

  mail_setup_journey_set_accounts_error (journey, "The keyring is locked.");
  g_assert_cmpstr (label_text (page, MAIL_SETUP_TYPE_WELCOME_PAGE, "accounts_error"), ==,
                   "The keyring is locked.");

  mail_setup_journey_set_other_apps (journey, emails, descriptions);
  g_assert_cmpuint (mail_setup_welcome_page_get_n_other_apps (MAIL_SETUP_WELCOME_PAGE (page)),
                    ==, 2);
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (page)));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/journey/result-diagnosis", test_result_diagnosis);
  g_test_add_func ("/journey/result-success", test_result_success);
  g_test_add_func ("/journey/checking-status", test_checking_status);
  g_test_add_func ("/journey/export-verified", test_export_verified);
  g_test_add_func ("/journey/settings-follow", test_settings_follow);
  g_test_add_func ("/journey/welcome-accounts", test_welcome_accounts);
  return g_test_run ();
}
