/* test-translation.c: the wizard speaks German when asked to
 *
 * Proves the chain: _() and translatable="yes" → po/de.po → the .mo built in <build>/po →
 * the labels on screen. Renders <build>/screenshots/welcome-de.png, and another app's settings
 * beside those that work in German at 360 px (other-app-differences-de.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "mail-setup-settings-diff.h"
#include "mail-setup-welcome-page.h"
#include "mail-setup-window.h"

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static void
save_png (GtkWidget  *window,
          const char *name)
{
  const char *build_dir = g_getenv ("MAIL_SETUP_BUILD_DIR");
  g_autofree char *dir = g_build_filename (build_dir ? build_dir : ".", "screenshots", NULL);
  g_autofree char *path = g_strconcat (dir, "/", name, ".png", NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint attempt = 0; node == NULL && attempt < 40; attempt++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        g_main_context_iteration (NULL, TRUE);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_german (void)
{
  MailSetupWindow *window;
  gint64 end;

  /* What GtkApplication does for the app: the icons in the GResource. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/mailsetup/MailSetup/icons");
  window = mail_setup_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  /* From the template (translatable="yes") and from C (_()). */
  g_assert_true (has_label (GTK_WIDGET (window), "E-Mail einrichten"));
  g_assert_true (has_label (GTK_WIDGET (window), "Konto hinzufügen"));
  g_assert_cmpstr (_("Check cancelled"), ==, "Prüfung abgebrochen");
  save_png (GTK_WIDGET (window), "welcome-de");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
deselect (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    gtk_label_select_region (GTK_LABEL (widget), 0, 0);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    deselect (child);
}

/* Evolution's words are the longest (Verschlüsselungsmethode, TLS auf einem eigenen Port): its
 * IMAP settings beside those that work, in a window 360 px wide. */
static void
test_german_differences (void)
{
  g_autoptr(MailOtherAppAccount) account = mail_other_app_account_new ("evolution",
                                                                       "~/.config/evolution/sources/a.source");
  g_autoptr(MailServer) works = mail_server_new (MAIL_PROTOCOL_IMAP, "imap.example-provider.org",
                                                 993, MAIL_SECURITY_TLS);
  g_autoptr(GPtrArray) differences = NULL;
  GtkWidget *window;
  GtkWidget *scrolled;
  GtkWidget *diff;
  int minimum = 0;
  gint64 end;

  /* The app's style (what GtkApplication loads from its resource base path). */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/mailsetup/MailSetup/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  window = gtk_window_new ();
  scrolled = gtk_scrolled_window_new ();
  diff = mail_setup_settings_diff_new ();

  account->label = g_strdup ("Arbeit");
  account->email = g_strdup ("vorname.nachname@example-provider.org");
  account->imap = mail_other_app_server_new ();
  account->imap->host = g_strdup ("mail.example-provider.org");
  account->imap->port = 143;
  account->imap->security = MAIL_SECURITY_STARTTLS;
  account->imap->username = g_strdup ("vorname.nachname@example-provider.org");
  works->username = g_strdup ("vorname.nachname@example-provider.org");
  differences = mail_other_apps_differences (account, MAIL_PROTOCOL_IMAP, works);
  g_assert_nonnull (differences);
  mail_setup_settings_diff_set (MAIL_SETUP_SETTINGS_DIFF (diff), _("Incoming Mail (IMAP)"),
                                mail_other_app_display_name ("evolution"), differences);

  g_assert_cmpstr (mail_setup_settings_diff_get_title (MAIL_SETUP_SETTINGS_DIFF (diff)), ==,
                   "Eingehende E-Mails (IMAP)");
  g_assert_cmpstr (mail_setup_settings_diff_get_header (MAIL_SETUP_SETTINGS_DIFF (diff),
                                                        MAIL_SETUP_SETTINGS_DIFF_HAS), ==,
                   "Evolution hat");
  g_assert_cmpstr (mail_setup_settings_diff_get_header (MAIL_SETUP_SETTINGS_DIFF (diff),
                                                        MAIL_SETUP_SETTINGS_DIFF_WORKS), ==,
                   "Funktioniert");
  g_assert_cmpstr (mail_setup_settings_diff_get_text (MAIL_SETUP_SETTINGS_DIFF (diff), 0,
                                                      MAIL_SETUP_SETTINGS_DIFF_FIELD), ==,
                   "Verschlüsselungsmethode");
  g_assert_cmpstr (mail_setup_settings_diff_get_text (MAIL_SETUP_SETTINGS_DIFF (diff), 0,
                                                      MAIL_SETUP_SETTINGS_DIFF_WORKS), ==,
                   "TLS auf einem eigenen Port");

  /* The result page's margins are 12 px each side. */
  gtk_widget_set_margin_start (diff, 12);
  gtk_widget_set_margin_end (diff, 12);
  gtk_widget_set_margin_top (diff, 12);
  gtk_widget_set_margin_bottom (diff, 12);
  /* In a scrolled window, as on the result page. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), diff);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_widget_measure (diff, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_test_message ("differences in German: minimum width %d", minimum);
  g_assert_cmpint (minimum, <=, 360);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 340);
  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (window), ==, 360);
  /* Alone in its window the first value has the focus, and a focused selectable label
   * selects its text; on the result page a button has it. */
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  deselect (diff);
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 5;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  save_png (window, "other-app-differences-de");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  const char *build_dir = g_getenv ("MAIL_SETUP_BUILD_DIR");
  g_autofree char *localedir = g_build_filename (build_dir ? build_dir : ".", "po", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("mail-setup-de-XXXXXX", NULL);

  /* German from the .mo files of this build, whatever locales the machine has. */
  g_setenv ("LANGUAGE", "de", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (g_getenv ("MAIL_LAB_DIR") == NULL)
    g_setenv ("XDG_CONFIG_HOME", tmp, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/translation/german", test_german);
  g_test_add_func ("/translation/german-differences", test_german_differences);
  return g_test_run ();
}
