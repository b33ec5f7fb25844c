/* mail-setup-settings-diff.c: another app's settings beside the settings that work
 *
 * A grid of two columns, "Thunderbird has" and "Works", under a title; per field its name in
 * the app's words on a line of its own (so that both values keep half the width even at
 * 360 px), then the two values. A field that differs: its name bold, the app's value struck
 * through, the working value bold and in the success colour: never the colour alone. The
 * values are selectable (Tab reaches them, and a host name can be copied), and each tells a
 * screen reader its field, its column and whether it differs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-setup-settings-diff.h"

struct _MailSetupSettingsDiff
{
  AdwBin     parent_instance;

  GtkLabel  *title_label;
  GtkGrid   *grid;
  GtkLabel  *has_header;
  GtkLabel  *works_header;

  GPtrArray *rows;           /* GtkLabel *: field, has, works for each row, in the grid */
  GArray    *highlighted;    /* gboolean per row */
};

G_DEFINE_FINAL_TYPE (MailSetupSettingsDiff, mail_setup_settings_diff, ADW_TYPE_BIN)

static void
mail_setup_settings_diff_dispose (GObject *object)
{
  MailSetupSettingsDiff *self = MAIL_SETUP_SETTINGS_DIFF (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->highlighted, g_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MAIL_SETUP_TYPE_SETTINGS_DIFF);

  G_OBJECT_CLASS (mail_setup_settings_diff_parent_class)->dispose (object);
}

static void
mail_setup_settings_diff_class_init (MailSetupSettingsDiffClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mail_setup_settings_diff_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/mail-setup-settings-diff.ui");
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsDiff, title_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsDiff, grid);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsDiff, has_header);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSettingsDiff, works_header);
}

static void
mail_setup_settings_diff_init (MailSetupSettingsDiff *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->highlighted = g_array_new (FALSE, TRUE, sizeof (gboolean));
}

GtkWidget *
mail_setup_settings_diff_new (void)
{
  return g_object_new (MAIL_SETUP_TYPE_SETTINGS_DIFF, NULL);
}

GtkWidget *
mail_setup_settings_diff_new_for (const MailOtherAppAccount *account,
                                  const MailServer          *works)
{
  g_autoptr(GPtrArray) differences = NULL;
  GtkWidget *diff;

  g_return_val_if_fail (account != NULL && works != NULL, NULL);

  differences = mail_other_apps_differences (account, works->protocol, works);
  if (differences == NULL)
    return NULL;
  diff = mail_setup_settings_diff_new ();
  mail_setup_settings_diff_set (MAIL_SETUP_SETTINGS_DIFF (diff),
                                works->protocol == MAIL_PROTOCOL_IMAP ? _("Incoming Mail (IMAP)")
                                                                      : _("Outgoing Mail (SMTP)"),
                                mail_other_app_display_name (account->app), differences);
  gtk_widget_set_margin_top (diff, 12);
  return diff;
}

static GtkLabel *
value_label (const char *text,
             const char *accessible,
             gboolean    selectable)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), selectable);
  gtk_widget_set_hexpand (label, TRUE);
  if (accessible != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    accessible, -1);
  return GTK_LABEL (label);
}

static char *
accessible_text (const char *field,
                 const char *column,
                 const char *value,
                 gboolean    differs)
{
  /* An empty value (no user name) is said, not skipped. */
  if (*value == '\0')
    value = _("(none)");
  if (differs)
    /* Translators: for screen readers: "Port, Thunderbird has: 143, differs" */
    return g_strdup_printf (_("%s, %s: %s, differs"), field, column, value);
  /* Translators: for screen readers: "Server Name, Works: imap.example.org" */
  return g_strdup_printf (_("%s, %s: %s"), field, column, value);
}

void
mail_setup_settings_diff_set (MailSetupSettingsDiff *self,
                              const char            *title,
                              const char            *app_name,
                              GPtrArray             *differences)
{
  g_autofree char *has_text = NULL;

  g_return_if_fail (MAIL_SETUP_IS_SETTINGS_DIFF (self));

  for (guint i = 0; i < self->rows->len; i++)
    gtk_grid_remove (self->grid, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_array_set_size (self->highlighted, 0);

  gtk_label_set_label (self->title_label, title);
  /* Translators: column header: the settings the app has now, e.g. "Thunderbird has" */
  has_text = g_strdup_printf (_("%s has"), app_name);
  gtk_label_set_label (self->has_header, has_text);

  for (guint i = 0; differences != NULL && i < differences->len; i++)
    {
      const MailOtherAppsDifference *difference = g_ptr_array_index (differences, i);
      g_autofree char *has_accessible = accessible_text (difference->field, has_text,
                                                         difference->has, difference->differs);
      g_autofree char *works_accessible = accessible_text (difference->field,
                                                           gtk_label_get_label (self->works_header),
                                                           difference->works,
                                                           difference->differs);
      GtkLabel *field = value_label (difference->field, NULL, FALSE);
      GtkLabel *has = value_label (difference->has, has_accessible, TRUE);
      GtkLabel *works = value_label (difference->works, works_accessible, TRUE);
      int row = 1 + 2 * (int) i;

      gtk_widget_set_margin_top (GTK_WIDGET (field), 6);
      gtk_widget_add_css_class (GTK_WIDGET (field), "caption");
      if (difference->differs)
        {
          gtk_widget_add_css_class (GTK_WIDGET (field), "caption-heading");
          gtk_widget_add_css_class (GTK_WIDGET (has), "settings-diff-has");
          gtk_widget_add_css_class (GTK_WIDGET (works), "settings-diff-works");
        }
      else
        {
          gtk_widget_add_css_class (GTK_WIDGET (field), "dim-label");
          gtk_widget_add_css_class (GTK_WIDGET (has), "dim-label");
          gtk_widget_add_css_class (GTK_WIDGET (works), "dim-label");
        }
      gtk_grid_attach (self->grid, GTK_WIDGET (field), 0, row, 2, 1);
      gtk_grid_attach (self->grid, GTK_WIDGET (has), 0, row + 1, 1, 1);
      gtk_grid_attach (self->grid, GTK_WIDGET (works), 1, row + 1, 1, 1);
      g_ptr_array_add (self->rows, field);
      g_ptr_array_add (self->rows, has);
      g_ptr_array_add (self->rows, works);
      g_array_append_val (self->highlighted, difference->differs);
    }
}

const char *
mail_setup_settings_diff_get_title (MailSetupSettingsDiff *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_DIFF (self), NULL);

  return gtk_label_get_label (self->title_label);
}

const char *
mail_setup_settings_diff_get_header (MailSetupSettingsDiff       *self,
                                     MailSetupSettingsDiffColumn  column)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_DIFF (self), NULL);

  switch (column)
    {
    case MAIL_SETUP_SETTINGS_DIFF_HAS:
      return gtk_label_get_label (self->has_header);
    case MAIL_SETUP_SETTINGS_DIFF_WORKS:
      return gtk_label_get_label (self->works_header);
    case MAIL_SETUP_SETTINGS_DIFF_FIELD:
    default:
      return NULL;
    }
}

guint
mail_setup_settings_diff_get_n_rows (MailSetupSettingsDiff *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_DIFF (self), 0);

  return self->highlighted->len;
}

const char *
mail_setup_settings_diff_get_text (MailSetupSettingsDiff       *self,
                                   guint                        index,
                                   MailSetupSettingsDiffColumn  column)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_DIFF (self), NULL);
  g_return_val_if_fail (index < self->highlighted->len, NULL);

  return gtk_label_get_label (g_ptr_array_index (self->rows, 3 * index + column));
}

gboolean
mail_setup_settings_diff_get_highlighted (MailSetupSettingsDiff *self,
                                          guint                  index)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SETTINGS_DIFF (self), FALSE);
  g_return_val_if_fail (index < self->highlighted->len, FALSE);

  return g_array_index (self->highlighted, gboolean, index) &&
         gtk_widget_has_css_class (g_ptr_array_index (self->rows, 3 * index + 2),
                                   "settings-diff-works");
}
