/* test-wizard.c: the wizard driven in process, page by page, against the test lab
 *
 * Every test builds a real MailSetupWindow, types into its fields, activates its actions and
 * spins the main loop until the page changes (with a deadline). Journeys that need servers
 * run inside tests/lab/with-lab.sh and are skipped outside it. Every page is rendered to
 * <build>/screenshots/<page>-light.png and -dark.png on the way. This file: the pages without
 * servers and the test list; the journeys are in test-wizard-*.c, the helpers in
 * mail-test-wizard.c.
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

static void
test_welcome_validation (void)
{
  MailSetupWindow *window = new_window (NULL, NULL);
  MailSetupWelcomePage *welcome = MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"));
  GtkWidget *continue_button = mail_setup_page_find_primary (GTK_WIDGET (welcome));

  screenshot (window, "welcome");

  /* Nothing typed: Continue waits for an address. */
  g_assert_nonnull (continue_button);
  g_assert_false (gtk_widget_is_sensitive (continue_button));

  /* An address without a domain does not continue: the page stays and says why. */
  mail_setup_welcome_page_set_email (welcome, "alice");
  g_assert_false (gtk_widget_is_sensitive (continue_button));
  gtk_widget_activate_action (GTK_WIDGET (welcome), "welcome.continue", NULL);
  spin (100);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");

  if (have_keyboard ())
    {
      /* While typing, no complaint, not even where it could look finished (“john.s”)... */
      mail_setup_welcome_page_set_email (welcome, "");
      mail_setup_welcome_page_focus_email (welcome);
      keyboard ("type", "john.s");
      g_assert_null (mail_setup_welcome_page_get_error (welcome));
      g_assert_false (gtk_widget_is_sensitive (continue_button));
      /* ... Enter says why it does not continue ... */
      keyboard ("key", "Return");
      g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");
      g_assert_nonnull (mail_setup_welcome_page_get_error (welcome));
      g_assert_nonnull (strstr (mail_setup_welcome_page_get_error (welcome), "john.s"));
      screenshot (window, "welcome-invalid");
      /* ... and finishing the address clears it at once. */
      keyboard ("type", "@example.org");
      g_assert_null (mail_setup_welcome_page_get_error (welcome));
      g_assert_true (gtk_widget_is_sensitive (continue_button));

      /* Leaving the field checks it too. */
      mail_setup_welcome_page_set_email (welcome, "bob");
      g_assert_null (mail_setup_welcome_page_get_error (welcome));
      keyboard ("key", "Tab");
      g_assert_nonnull (mail_setup_welcome_page_get_error (welcome));
      g_assert_nonnull (strstr (mail_setup_welcome_page_get_error (welcome), "bob"));
    }

  /* Fixing it clears the message and Continue can be pressed. */
  mail_setup_welcome_page_set_email (welcome, "alice@example.org");
  g_assert_null (mail_setup_welcome_page_get_error (welcome));
  g_assert_true (gtk_widget_is_sensitive (continue_button));
  close_window (window);
}

static void
test_settings_validation (void)
{
  MailSetupWindow *window = new_window (NULL, NULL);
  MailSetupSettingsPage *settings;
  GtkEditable *host;
  GtkEditable *port;

  /* A domain no provider file and no DNS knows: the editor opens for manual settings. */
  settings = add_account (window, "someone@unknown-domain.invalid");
  g_assert_true (mail_setup_settings_page_get_editing (settings));

  host = mail_setup_settings_page_get_host_editable (settings, MAIL_PROTOCOL_IMAP);
  port = mail_setup_settings_page_get_port_editable (settings, MAIL_PROTOCOL_IMAP);
  gtk_editable_set_text (mail_setup_settings_page_get_host_editable (settings, MAIL_PROTOCOL_SMTP),
                         "smtp.example.org");
  gtk_editable_set_text (mail_setup_settings_page_get_port_editable (settings, MAIL_PROTOCOL_SMTP), "587");

  gtk_editable_set_text (host, "imap example org");
  gtk_editable_set_text (port, "993");
  g_assert_nonnull (mail_setup_settings_page_get_problem (settings));

  gtk_editable_set_text (host, "imap.example.org");
  gtk_editable_set_text (port, "70000");
  g_assert_nonnull (mail_setup_settings_page_get_problem (settings));
  /* Continue is refused while a field is wrong. */
  gtk_widget_activate_action (GTK_WIDGET (settings), "settings.continue", NULL);
  spin (50);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "settings");

  gtk_editable_set_text (port, "0");
  g_assert_nonnull (mail_setup_settings_page_get_problem (settings));
  gtk_editable_set_text (port, "993");
  g_assert_null (mail_setup_settings_page_get_problem (settings));
  screenshot (window, "settings-edit");

  /* Back always works and returns to the address. */
  activate (window, "win.back", NULL);
  wait_page (window, "welcome", 5);
  close_window (window);
}

static void
test_narrow_and_dark (void)
{
  static const char *pages[] = { "welcome", "settings", "enable-imap", "sign-in", "checking", "result", "export" };
  MailSetupWindow *window = new_window (NULL, NULL);
  AdwStyleManager *style = adw_style_manager_get_default ();

  /* Every page fits a 360 px wide phone screen. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      int minimum = 0;

      gtk_widget_measure (mail_setup_window_get_page (window, pages[i]), GTK_ORIENTATION_HORIZONTAL,
                          -1, &minimum, NULL, NULL, NULL);
      g_test_message ("%s: minimum width %d", pages[i], minimum);
      g_assert_cmpint (minimum, <=, 360);
    }

  /* The style follows the request: dark when forced dark. */
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style));

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  spin (300);
  screenshot (window, "welcome-narrow");
  close_window (window);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WINDOW (window);
    }
  return NULL;
}

static gboolean
about_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static gboolean
shortcuts_shown (gpointer data)
{
  return find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

static void
test_about_and_shortcuts (void)
{
  MailSetupWindow *window = new_window (NULL, NULL);

  activate (window, "win.about", NULL);
  wait_for (about_shown, NULL, 5, "the About window");
  gtk_window_destroy (find_toplevel (ADW_TYPE_ABOUT_WINDOW));

  /* The shortcuts window comes from the GResource (gtk/help-overlay.ui). */
  activate (window, "win.show-help-overlay", NULL);
  wait_for (shortcuts_shown, NULL, 5, "the Keyboard Shortcuts window");
  gtk_window_destroy (find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW));
  spin (50);

  /* Back is not offered on the first page; Escape with nothing running changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.back", NULL);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel", NULL);
  g_assert_cmpstr (mail_setup_window_get_page_name (window), ==, "welcome");
  close_window (window);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  wizard_tmp_dir = g_dir_make_tmp ("mail-setup-ui-XXXXXX", &error);
  g_assert_no_error (error);
  /* Outside the lab, keep the person's own settings and keyring out of it. */
  if (g_getenv ("MAIL_LAB_DIR") == NULL)
    g_setenv ("XDG_CONFIG_HOME", wizard_tmp_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);
  /* A mail app "installed" for the success page to find. */
  {
    g_autofree char *apps = g_build_filename (wizard_tmp_dir, "data", "applications", NULL);
    g_autofree char *desktop = g_build_filename (apps, "org.gnome.Geary.desktop", NULL);
    const char *system = g_getenv ("XDG_DATA_DIRS");
    g_autofree char *data_dirs = g_strconcat (wizard_tmp_dir, "/data:",
                                              system && *system ? system
                                              : "/usr/local/share:/usr/share", NULL);
    g_assert_cmpint (g_mkdir_with_parents (apps, 0755), ==, 0);
    g_assert_true (g_file_set_contents (desktop, "[Desktop Entry]\nType=Application\nName=Geary\n"
                                        "Exec=true\nIcon=mail-send\n", -1, NULL));
    g_setenv ("XDG_DATA_DIRS", data_dirs, TRUE);
  }

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  wizard_app = adw_application_new ("io.github.mailsetup.MailSetup.Tests",
                                    G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (wizard_app),
                                        "/io/github/mailsetup/MailSetup");
  g_assert_true (g_application_register (G_APPLICATION (wizard_app), NULL, &error));
  g_assert_no_error (error);
  /* Keep the main loop waking up so waits notice the deadline. */
  g_timeout_add (50, keep_waking_cb, NULL);

  g_test_add_func ("/wizard/welcome-validation", test_welcome_validation);
  g_test_add_func ("/wizard/settings-validation", test_settings_validation);
  g_test_add_func ("/wizard/narrow-and-dark", test_narrow_and_dark);
  g_test_add_func ("/wizard/about-and-shortcuts", test_about_and_shortcuts);
  g_test_add_func ("/wizard/password-account", test_password_account);
  g_test_add_func ("/wizard/troubleshoot-stored", test_troubleshoot_stored);
  g_test_add_func ("/wizard/oauth-account", test_oauth_account);
  g_test_add_func ("/wizard/oauth-cancel", test_oauth_cancel);
  g_test_add_func ("/wizard/oauth-device-code", test_oauth_device_code);
  g_test_add_func ("/wizard/shared-mailbox", test_shared_mailbox);
  g_test_add_func ("/wizard/tenant", test_tenant);
  g_test_add_func ("/wizard/oauth-client-id-missing", test_oauth_client_id_missing);
  g_test_add_func ("/wizard/no-client-id-app-password", test_no_client_id_app_password);
  g_test_add_func ("/wizard/imap-disabled", test_imap_disabled);
  g_test_add_func ("/wizard/imap-disabled-audience", test_imap_disabled_audience);
  g_test_add_func ("/wizard/primary-fix-table", test_primary_fix_table);
  g_test_add_func ("/wizard/certificate-trust", test_certificate_trust);
  g_test_add_func ("/wizard/certificate-expired", test_certificate_expired);
  g_test_add_func ("/wizard/cancel-check", test_cancel_check);
  g_test_add_func ("/wizard/trust-file-private", test_trust_file_private);
  g_test_add_func ("/wizard/endless-files", test_endless_files);
  g_test_add_func ("/wizard/untrusted-settings", test_untrusted_settings);
  g_test_add_func ("/wizard/keyboard-password", test_keyboard_password);
  g_test_add_func ("/wizard/keyboard-oauth-narrow", test_keyboard_oauth_narrow);
  g_test_add_func ("/wizard/suggested-settings", test_suggested_settings);
  g_test_add_func ("/wizard/remove-account", test_remove_account);

  status = g_test_run ();
  g_clear_object (&wizard_app);
  return status;
}
