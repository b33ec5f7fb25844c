/* test-settings-focus.c: Enter continues from the settings summary
 *
 * For a provider that signs in with a browser, the summary ("Outlook settings found") has an
 * Advanced group (a shared mailbox). A keyboard user lands on Continue, the default widget, not
 * in Advanced, which Tab still reaches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "mail-account-settings.h"
#include "mail-provider.h"
#include "mail-setup-settings-page.h"
#include "mail-setup-util.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_oauth_summary_focus (void)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailAccountSettings) settings = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (MAIL_SETUP_TYPE_SETTINGS_PAGE, NULL);
  MailProvider *outlook;
  GtkEditable *shared;
  GtkWidget *button;
  GtkWidget *focus;
  gboolean reached = FALSE;

  mail_provider_registry_load_defaults (registry);
  outlook = mail_provider_registry_lookup (registry, "outlook");
  g_assert_nonnull (outlook);
  g_assert_true (outlook->has_oauth);
  settings = mail_account_settings_new_from_provider (outlook, "someone@outlook.com");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  mail_setup_settings_page_set_settings (MAIL_SETUP_SETTINGS_PAGE (page), settings);
  iterate ();

  g_assert_nonnull (mail_setup_settings_page_get_summary (MAIL_SETUP_SETTINGS_PAGE (page)));
  shared = mail_setup_settings_page_get_advanced_editable (MAIL_SETUP_SETTINGS_PAGE (page),
                                                           "shared");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (shared)));

  /* Continue is the default widget and has the focus: Enter continues. */
  button = mail_setup_page_find_primary (page);
  g_assert_nonnull (button);
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (window)) == button);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == button);

  /* The shared mailbox is still reachable with Tab. */
  for (guint i = 0; i < 40 && !reached; i++)
    {
      gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD);
      focus = gtk_root_get_focus (GTK_ROOT (window));
      reached = focus != NULL && (focus == GTK_WIDGET (shared)
                                  || gtk_widget_is_ancestor (focus, GTK_WIDGET (shared)));
    }
  g_assert_true (reached);

  /* Presented again (Back to this page): still Continue. */
  mail_setup_page_present (page);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == button);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/settings-focus/oauth-summary", test_oauth_summary_focus);
  return g_test_run ();
}
