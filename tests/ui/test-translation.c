/* test-translation.c: the wizard speaks German when asked to
 *
 * Proves the chain: _() and translatable="yes" → po/de.po → the .mo built in <build>/po →
 * the labels on screen. Renders <build>/screenshots/welcome-de.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <adwaita.h>
#include <glib/gi18n.h>

#include "mail-setup-enable-imap-page.h"
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

/* The provider's steps (data/providers, merged with po/de.po at build time) on the wizard's
 * "Turn On IMAP" page. */
static void
test_german_provider_steps (void)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  MailProvider *provider;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = g_object_new (MAIL_SETUP_TYPE_ENABLE_IMAP_PAGE, NULL);
  gint64 end;

  mail_provider_registry_load_defaults (registry);
  provider = mail_provider_registry_lookup (registry, "outlook");
  mail_setup_enable_imap_page_set_provider (MAIL_SETUP_ENABLE_IMAP_PAGE (page), provider,
                                            "someone@outlook.com");
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 700, 700);
  gtk_window_present (GTK_WINDOW (window));
  end = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  g_assert_true (has_label (window, "Melden Sie sich bei outlook.com an"));
  g_assert_true (has_label (window, "Öffnen Sie Einstellungen > E-Mail > Weiterleitung und IMAP"));
  g_assert_false (has_label (window, "Sign in at outlook.com"));
  save_png (window, "enable-imap-de");
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
  g_test_add_func ("/translation/german-provider-steps", test_german_provider_steps);
  return g_test_run ();
}
