/* mail-setup-lookup-row.c: one lookup of the discovery, as "How Mail Setup searched" lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-setup-lookup-row.h"
#include "mail-setup-util.h"

GtkWidget *
mail_setup_lookup_row_new (const char *source,
                           const char *query,
                           const char *outcome,
                           gboolean    found,
                           double      ms)
{
  g_autofree char *title = NULL;
  g_autofree char *when = mail_setup_format_duration (ms);
  GtkWidget *row;
  GtkWidget *icon;
  GtkWidget *time_label;

  /* Translators: a discovery source and what it was asked: "MX record · example.org" */
  title = query ? g_strdup_printf (_("%s · %s"), source, query) : g_strdup (source);
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (outcome != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), outcome);
  icon = gtk_image_new_from_icon_name (found ? "object-select-symbolic" : "window-close-symbolic");
  gtk_widget_add_css_class (icon, found ? "success" : "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  found ? _("Found") : _("Nothing found"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  time_label = gtk_label_new (when);
  gtk_widget_add_css_class (time_label, "dim-label");
  gtk_widget_add_css_class (time_label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time_label);
  return row;
}
