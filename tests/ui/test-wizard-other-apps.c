/* test-wizard-other-apps.c: Welcome lists the accounts other mail apps have; choosing one runs
 * the check with that app's settings, and a working password account goes to GNOME Online
 * Accounts with "Add to GNOME Online Accounts" (a real goa-daemon on the lab's bus). A broken
 * account shows Thunderbird's settings beside those that work (screenshot
 * <build>/screenshots/other-app-differences-360.png).
 *
 * HOME points at a fixture home written at start, before GLib reads it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "mail-setup-result-page.h"
#include "mail-setup-sign-in-page.h"
#include "mail-setup-welcome-page.h"
#include "mail-setup-window.h"
#include "mail-test-lib.h"
#include "mail-test-wizard.h"

static AdwApplication *app;
static char *home;

static gboolean
lab_and_goa_available (void)
{
  return mail_test_lab_available () &&
         mail_test_need_program ("/usr/libexec/goa-daemon",
                                 "Debian package gnome-online-accounts");
}

static gboolean
other_apps_listed (gpointer data)
{
  return mail_setup_welcome_page_get_n_other_apps (data) > 0;
}

/* Thunderbird with the lab's servers for alice. */
static void
write_thunderbird (void)
{
  g_autofree char *prefs = g_strdup_printf (
    "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account1.server\", \"server1\");\n"
    "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
    "user_pref(\"mail.identity.id1.useremail\", \"%s\");\n"
    "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
    "user_pref(\"mail.server.server1.hostname\", \"localhost\");\n"
    "user_pref(\"mail.server.server1.name\", \"Lab\");\n"
    "user_pref(\"mail.server.server1.port\", %s);\n"
    "user_pref(\"mail.server.server1.socketType\", 3);\n"
    "user_pref(\"mail.server.server1.type\", \"imap\");\n"
    "user_pref(\"mail.server.server1.userName\", \"%s\");\n"
    "user_pref(\"mail.smtpserver.smtp1.hostname\", \"localhost\");\n"
    "user_pref(\"mail.smtpserver.smtp1.port\", %s);\n"
    "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\n"
    "user_pref(\"mail.smtpserver.smtp1.username\", \"%s\");\n"
    /* A second account with STARTTLS on a closed port: broken. */
    "user_pref(\"mail.accountmanager.accounts\", \"account1,account2\");\n"
    "user_pref(\"mail.account.account2.identities\", \"id1\");\n"
    "user_pref(\"mail.account.account2.server\", \"server2\");\n"
    "user_pref(\"mail.server.server2.hostname\", \"localhost\");\n"
    "user_pref(\"mail.server.server2.name\", \"Lab (broken)\");\n"
    "user_pref(\"mail.server.server2.port\", %s);\n"
    "user_pref(\"mail.server.server2.socketType\", 2);\n"
    "user_pref(\"mail.server.server2.type\", \"imap\");\n"
    "user_pref(\"mail.server.server2.userName\", \"%s\");\n",
    g_getenv ("MAIL_LAB_USER"), g_getenv ("MAIL_LAB_IMAPS_PORT"), g_getenv ("MAIL_LAB_USER"),
    g_getenv ("MAIL_LAB_SUBMISSION_PORT"), g_getenv ("MAIL_LAB_USER"),
    g_getenv ("MAIL_LAB_CLOSED_PORT"), g_getenv ("MAIL_LAB_USER"));

  mail_test_write_file (home, ".thunderbird/profiles.ini",
                        "[Profile0]\nName=default\nIsRelative=1\nPath=lab.default\nDefault=1\n");
  mail_test_write_file (home, ".thunderbird/lab.default/prefs.js", prefs);
}

/* The path of GOA's imap_smtp account for email, or NULL. */
static char *
goa_account_for (const char *email)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) objects = NULL;
  GVariantIter iter;
  const char *path;
  GVariant *interfaces;

  reply = g_dbus_connection_call_sync (bus, "org.gnome.OnlineAccounts",
                                       "/org/gnome/OnlineAccounts",
                                       "org.freedesktop.DBus.ObjectManager", "GetManagedObjects",
                                       NULL, G_VARIANT_TYPE ("(a{oa{sa{sv}}})"),
                                       G_DBUS_CALL_FLAGS_NONE, 30000, NULL, NULL);
  g_assert_nonnull (reply);
  objects = g_variant_get_child_value (reply, 0);
  g_variant_iter_init (&iter, objects);
  while (g_variant_iter_next (&iter, "{&o@a{sa{sv}}}", &path, &interfaces))
    {
      g_autoptr(GVariant) mail = g_variant_lookup_value (interfaces,
                                                         "org.gnome.OnlineAccounts.Mail",
                                                         G_VARIANT_TYPE_VARDICT);
      const char *address = NULL;

      g_variant_unref (interfaces);
      if (mail != NULL && g_variant_lookup (mail, "EmailAddress", "&s", &address) &&
          g_strcmp0 (address, email) == 0)
        return g_strdup (path);
    }
  return NULL;
}

static gboolean
goa_has_alice (gpointer data)
{
  g_autofree char *path = goa_account_for (g_getenv ("MAIL_LAB_USER"));

  return path != NULL;
}

static gboolean
app_fix_shown (gpointer data)
{
  return mail_setup_result_page_get_n_app_fixes (data) > 0;
}

static GtkLabel *
find_label_exact (GtkWidget  *widget,
                  const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_exact (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
assert_fits (GtkWidget *widget,
             int        width)
{
  int minimum = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("%s: minimum width %d", G_OBJECT_TYPE_NAME (widget), minimum);
  g_assert_cmpint (minimum, <=, width);
}

/* Scrolls page so that target's top is near the top, for a screenshot. */
static void
scroll_to (GtkWidget *page,
           GtkWidget *target)
{
  GtkScrolledWindow *scrolled = find_scrolled (page);
  GtkAdjustment *adjustment;
  graphene_point_t point;

  g_assert_nonnull (scrolled);
  spin (400);
  g_assert_true (gtk_widget_compute_point (target, gtk_scrolled_window_get_child (scrolled),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled);
  gtk_adjustment_set_value (adjustment, point.y - 120);
  spin (150);
}

/* A window with the lab's provider and CA, on Welcome once it lists the other apps' accounts. */
static MailSetupWindow *
open_welcome (MailSetupWelcomePage **welcome)
{
  MailSetupWindow *window;

  g_setenv ("MAIL_SETUP_PROVIDER_FILES", g_getenv ("MAIL_LAB_PROVIDER_FILE"), TRUE);
  g_setenv ("MAIL_SETUP_CA_FILE", g_getenv ("MAIL_LAB_CA_FILE"), TRUE);
  window = mail_setup_window_new (GTK_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  wait_page (window, "welcome", 10);
  *welcome = MAIL_SETUP_WELCOME_PAGE (mail_setup_window_get_page (window, "welcome"));
  wait_for (other_apps_listed, *welcome, 10, "the other apps' accounts on Welcome");
  return window;
}

/* The broken one: the diagnosis, and under it the settings that work in Thunderbird's words. */
static void
test_broken_explained (void)
{
  MailSetupWindow *window;
  MailSetupWelcomePage *welcome;
  MailSetupSignInPage *sign_in;
  MailSetupResultPage *result;
  g_autofree char *expected = NULL;

  if (!lab_and_goa_available ())
    return;

  window = open_welcome (&welcome);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (welcome), "win.check-other-app", "u",
                                             1));
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  mail_setup_sign_in_page_set_password (sign_in, g_getenv ("MAIL_LAB_PASSWORD"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sign_in), "sign-in.password-continue",
                                             NULL));
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_false (mail_setup_result_page_get_success (result));
  g_assert_cmpstr (mail_setup_result_page_get_code (result), ==, "connect-refused");
  g_assert_false (mail_setup_result_page_get_goa_available (result));

  wait_for (app_fix_shown, result, 60, "the settings that work in Thunderbird's words");
  expected = g_strdup_printf ("In Thunderbird: Account Settings → Server Settings → "
                              "Connection security: SSL/TLS, Port: %s",
                              g_getenv ("MAIL_LAB_IMAPS_PORT"));
  g_assert_cmpuint (mail_setup_result_page_get_n_app_fixes (result), ==, 1);
  g_assert_cmpstr (mail_setup_result_page_get_app_fix (result, 0), ==, expected);

  /* Side by side: Thunderbird's settings and those that work, in Thunderbird's words; only
   * security and port differ. */
  {
    MailSetupSettingsDiff *diff;
    const struct { const char *field, *has, *works; gboolean differs; } rows[] = {
      { "Connection security", "STARTTLS", "SSL/TLS", TRUE },
      { "Server Name", "localhost", "localhost", FALSE },
      { "Port", g_getenv ("MAIL_LAB_CLOSED_PORT"), g_getenv ("MAIL_LAB_IMAPS_PORT"), TRUE },
      { "User Name", g_getenv ("MAIL_LAB_USER"), g_getenv ("MAIL_LAB_USER"), FALSE },
    };

    g_assert_cmpuint (mail_setup_result_page_get_n_app_differences (result), ==, 1);
    diff = mail_setup_result_page_get_app_difference (result, 0);
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (diff)));
    g_assert_cmpstr (mail_setup_settings_diff_get_title (diff), ==, "Incoming Mail (IMAP)");
    g_assert_cmpstr (mail_setup_settings_diff_get_header (diff, MAIL_SETUP_SETTINGS_DIFF_HAS),
                     ==, "Thunderbird has");
    g_assert_cmpstr (mail_setup_settings_diff_get_header (diff, MAIL_SETUP_SETTINGS_DIFF_WORKS),
                     ==, "Works");
    g_assert_cmpuint (mail_setup_settings_diff_get_n_rows (diff), ==, G_N_ELEMENTS (rows));
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_assert_cmpstr (mail_setup_settings_diff_get_text (diff, i, MAIL_SETUP_SETTINGS_DIFF_FIELD),
                         ==, rows[i].field);
        g_assert_cmpstr (mail_setup_settings_diff_get_text (diff, i, MAIL_SETUP_SETTINGS_DIFF_HAS),
                         ==, rows[i].has);
        g_assert_cmpstr (mail_setup_settings_diff_get_text (diff, i, MAIL_SETUP_SETTINGS_DIFF_WORKS),
                         ==, rows[i].works);
        g_assert_cmpint (mail_setup_settings_diff_get_highlighted (diff, i), ==, rows[i].differs);
      }

    /* Keyboard: Tab reaches the values (selectable, so a value can be copied). */
    g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (find_label_exact (GTK_WIDGET (diff),
                                                                     "SSL/TLS"))));

    /* Fits 360 px: the page's margins (12 px each side) and the differences within. (The
     * page itself can be wider: the pill "Use Port NNNNN with TLS and Check Again" is.) */
    assert_fits (GTK_WIDGET (diff), 360 - 2 * 12);
    gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
    scroll_to (GTK_WIDGET (result), GTK_WIDGET (diff));
    save_png (GTK_WIDGET (window), "other-app-differences-360");
  }

  /* Checking again replaces the differences, never adds to them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (result), "win.retry", NULL));
  g_assert_cmpstr (mail_setup_window_get_page_name (window), !=, "result");
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  wait_for (app_fix_shown, result, 60, "the settings that work, again");
  g_assert_cmpuint (mail_setup_result_page_get_n_app_differences (result), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_check_and_add_to_goa (void)
{
  MailSetupWindow *window;
  MailSetupWelcomePage *welcome;
  MailSetupSignInPage *sign_in;
  MailSetupResultPage *result;
  g_autofree char *path = NULL;

  if (!lab_and_goa_available ())
    return;

  /* Welcome: "Accounts in Your Mail Apps" has Thunderbird's account. */
  window = open_welcome (&welcome);
  g_assert_cmpuint (mail_setup_welcome_page_get_n_other_apps (welcome), ==, 2);

  /* Choosing it asks for the password (Thunderbird's are not readable), then checks. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (welcome), "win.check-other-app", "u",
                                             0));
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  g_assert_cmpint (mail_setup_sign_in_page_get_mode (sign_in), ==, MAIL_SETUP_SIGN_IN_PASSWORD);
  mail_setup_sign_in_page_set_password (sign_in, g_getenv ("MAIL_LAB_PASSWORD"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sign_in), "sign-in.password-continue",
                                             NULL));
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  g_assert_true (mail_setup_result_page_get_success (result));

  /* A working password account: "Add to GNOME Online Accounts" puts it into goa-daemon. */
  g_assert_true (mail_setup_result_page_get_goa_available (result));
  g_assert_null (goa_account_for (g_getenv ("MAIL_LAB_USER")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (result), "win.add-to-goa", NULL));
  wait_for (goa_has_alice, NULL, 30, "alice in GNOME Online Accounts");
  path = goa_account_for (g_getenv ("MAIL_LAB_USER"));

  {
    g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
    g_autoptr(GVariant) reply = NULL;

    reply = g_dbus_connection_call_sync (bus, "org.gnome.OnlineAccounts", path,
                                         "org.gnome.OnlineAccounts.Account", "Remove", NULL,
                                         NULL, G_DBUS_CALL_FLAGS_NONE, 30000, NULL, NULL);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  int status;

  /* The fixture home, before GLib caches the home and config directories. */
  home = g_dir_make_tmp ("mail-setup-other-apps-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (home, ".config", NULL);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("LANGUAGE", "C", TRUE);
  if (g_getenv ("MAIL_LAB_USER") != NULL)
    write_thunderbird ();
  {
    g_autofree char *trust = g_build_filename (home, "trusted-certificates.ini", NULL);

    g_setenv ("MAIL_SETUP_TRUST_FILE", trust, TRUE);
  }

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  app = adw_application_new ("io.github.mailsetup.MailSetup.OtherAppsTests",
                             G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/mailsetup/MailSetup");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_timeout_add (50, keep_waking_cb, NULL);

  g_test_add_func ("/wizard-other-apps/check-and-add-to-goa", test_check_and_add_to_goa);
  g_test_add_func ("/wizard-other-apps/broken-explained", test_broken_explained);
  status = g_test_run ();
  return status;
}
