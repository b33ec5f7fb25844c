/* mail-setup-mail-apps.c: the mail apps installed here, each with what to do in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gio/gdesktopappinfo.h>

#include "mail-setup-mail-apps.h"

static void
unref_data (gpointer  data,
            GClosure *closure)
{
  g_object_unref (data);
}

static void
launch_app_cb (GtkButton *button,
               gpointer   user_data)
{
  GAppInfo *app = user_data;
  g_autoptr(GdkAppLaunchContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (button)));
  if (!g_app_info_launch (app, NULL, G_APP_LAUNCH_CONTEXT (context), &error))
    gtk_widget_activate_action (GTK_WIDGET (button), "win.toast", "s", error->message);
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return g_object_ref_sink (row);
}

GPtrArray *
mail_setup_mail_app_rows_new (void)
{
  static const struct
  {
    const char *ids[4];
    const char *hint;
  } apps[] = {
    { { "org.gnome.Evolution.desktop", "evolution.desktop", NULL },
      N_("Choose Edit › Accounts › Add › Mail Account and type your address.") },
    { { "org.mozilla.Thunderbird.desktop", "net.thunderbird.Thunderbird.desktop",
        "thunderbird.desktop", NULL },
      N_("Choose Account Settings › Account Actions › Add Mail Account and type your address.") },
    { { "org.gnome.Geary.desktop", "geary.desktop", NULL },
      N_("Choose Accounts › Add Account and type your address.") },
    { { "org.kde.kmail2.desktop", NULL },
      N_("Choose Settings › Configure KMail › Accounts › Add and type your address.") },
    { { "claws-mail.desktop", NULL },
      N_("Choose Configuration › Create New Account and type your address.") },
  };
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (apps); i++)
    {
      g_autoptr(GDesktopAppInfo) app = NULL;
      GtkWidget *row;
      GtkWidget *button;
      GIcon *icon;

      for (guint j = 0; app == NULL && apps[i].ids[j] != NULL; j++)
        app = g_desktop_app_info_new (apps[i].ids[j]);
      if (app == NULL || !g_app_info_should_show (G_APP_INFO (app)))
        continue;

      row = new_row (g_app_info_get_display_name (G_APP_INFO (app)), _(apps[i].hint));
      g_ptr_array_add (rows, row);
      icon = g_app_info_get_icon (G_APP_INFO (app));
      if (icon != NULL)
        {
          GtkWidget *image = gtk_image_new_from_gicon (icon);

          gtk_image_set_icon_size (GTK_IMAGE (image), GTK_ICON_SIZE_LARGE);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), image);
        }
      button = gtk_button_new_with_mnemonic (_("_Open"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_signal_connect_data (button, "clicked", G_CALLBACK (launch_app_cb),
                             g_object_ref (app), unref_data, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  if (rows->len == 0)
    g_ptr_array_add (rows, new_row (_("No mail app found"),
                                    _("Install one, for example Evolution, Thunderbird or Geary, from Software, then add your address in it.")));
  return rows;
}
