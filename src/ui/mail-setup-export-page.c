/* mail-setup-export-page.c: the verified settings, written for another mail app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "mail-cli-path.h"
#include "mail-export.h"
#include "mail-setup-export-page.h"

struct _MailSetupExportPage
{
  MailSetupJourneyPage parent_instance;

  AdwComboRow         *format_row;
  GtkLabel            *instructions_label;
  GtkLabel            *preview_label;
  GtkLabel            *error_label;

  MailAccountSettings *settings;
  char                *ca_file;
  char                *preview;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (MailSetupExportPage, mail_setup_export_page, MAIL_SETUP_TYPE_JOURNEY_PAGE)

static void mail_setup_export_page_follow (MailSetupJourneyPage *page,
                                           MailSetupJourney     *journey);

gboolean
mail_setup_export_page_is_available (void)
{
  return TRUE;
}

static void
render (MailSetupExportPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailCliPath) cli_path = mail_cli_path_for_this_process ();
  MailExportOptions options = { cli_path->command, self->ca_file, cli_path->file_warning };
  MailExportFormat format = adw_combo_row_get_selected (self->format_row);
  g_autofree char *instructions = NULL;

  g_clear_pointer (&self->preview, g_free);
  if (self->settings == NULL || format >= MAIL_EXPORT_N_FORMATS)
    return;

  self->preview = mail_export_render (self->settings, format, &options, &error);
  /* A file that runs the build tree's mail-setup-cli says so, here as in its comment. */
  instructions = g_strjoin ("\n\n", mail_export_format_instructions (format),
                            self->preview && strstr (self->preview, cli_path->command)
                            ? cli_path->warning : NULL, NULL);
  gtk_label_set_label (self->instructions_label, instructions);
  gtk_label_set_label (self->preview_label, self->preview ? self->preview : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preview_label), self->preview != NULL);
  gtk_label_set_label (self->error_label, error ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.save", self->preview != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.copy", self->preview != NULL);
}

static void
format_changed_cb (MailSetupExportPage *self)
{
  render (self);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MailSetupExportPage *self = MAIL_SETUP_EXPORT_PAGE (widget);

  if (self->preview == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->preview);
  gtk_widget_activate_action (widget, "win.toast", "s", _("Settings copied"));
}

static void
chooser_response_cb (MailSetupExportPage  *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->preview != NULL
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL
      && (path = g_file_get_path (file)) != NULL)
    {
      /* A small local file, written atomically with mode 0600. */
      if (mail_export_write_file (path, self->preview, &error))
        {
          /* Translators: %s is a file path */
          g_autofree char *message = g_strdup_printf (_("Saved as %s"), path);
          gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
        }
      else
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
    }
  g_clear_object (&self->chooser);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MailSetupExportPage *self = MAIL_SETUP_EXPORT_PAGE (widget);
  MailExportFormat format = adw_combo_row_get_selected (self->format_row);
  g_autofree char *name = NULL;
  const char *destination;

  if (self->preview == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Save Settings"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  destination = mail_export_format_destination (format);
  name = destination ? g_path_get_basename (destination) : g_strdup (mail_export_format_to_string (format));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
mail_setup_export_page_dispose (GObject *object)
{
  MailSetupExportPage *self = MAIL_SETUP_EXPORT_PAGE (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->settings, mail_account_settings_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->preview, g_free);

  G_OBJECT_CLASS (mail_setup_export_page_parent_class)->dispose (object);
}

static void
mail_setup_export_page_class_init (MailSetupExportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mail_setup_export_page_dispose;
  MAIL_SETUP_JOURNEY_PAGE_CLASS (klass)->follow = mail_setup_export_page_follow;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/mail-setup-export-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MailSetupExportPage, format_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupExportPage, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupExportPage, preview_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupExportPage, error_label);
  gtk_widget_class_bind_template_callback (widget_class, format_changed_cb);

  gtk_widget_class_install_action (widget_class, "export.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "export.copy", NULL, copy_action);
}

static void
mail_setup_export_page_init (MailSetupExportPage *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < MAIL_EXPORT_N_FORMATS; i++)
    {
      static const char *labels[] = {
        N_("For domain administrators: autoconfig XML"),
        N_("mbsync / isync"),
        N_("msmtp"),
        N_("NeoMutt"),
        N_("aerc"),
        N_("Apple Mail (configuration profile)"),
        N_("JSON"),
      };
      G_STATIC_ASSERT (G_N_ELEMENTS (labels) == MAIL_EXPORT_N_FORMATS);
      gtk_string_list_append (model, _(labels[i]));
    }
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (model));

  /* A mail app installed here comes first; autoconfig XML is for domain administrators. */
  {
    static const struct
    {
      MailExportFormat  format;
      const char       *program;
    } clients[] = {
      { MAIL_EXPORT_FORMAT_NEOMUTT, "neomutt" },
      { MAIL_EXPORT_FORMAT_AERC, "aerc" },
      { MAIL_EXPORT_FORMAT_MBSYNC, "mbsync" },
      { MAIL_EXPORT_FORMAT_MSMTP, "msmtp" },
    };
    MailExportFormat selected = MAIL_EXPORT_FORMAT_MBSYNC;

    for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
      {
        g_autofree char *path = g_find_program_in_path (clients[i].program);

        if (path != NULL)
          {
            selected = clients[i].format;
            break;
          }
      }
    adw_combo_row_set_selected (self->format_row, selected);
  }
}

void
mail_setup_export_page_set_settings (MailSetupExportPage       *self,
                                     const MailAccountSettings *settings,
                                     const char                *ca_file)
{
  g_return_if_fail (MAIL_SETUP_IS_EXPORT_PAGE (self));
  g_return_if_fail (settings != NULL);

  g_clear_pointer (&self->settings, mail_account_settings_free);
  self->settings = mail_account_settings_copy (settings);
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  render (self);
}

gboolean
mail_setup_export_page_select_format (MailSetupExportPage *self,
                                      const char          *name)
{
  MailExportFormat format;

  g_return_val_if_fail (MAIL_SETUP_IS_EXPORT_PAGE (self), FALSE);

  if (!mail_export_format_from_string (name, &format))
    return FALSE;
  adw_combo_row_set_selected (self->format_row, format);
  render (self);
  return TRUE;
}

const char *
mail_setup_export_page_get_preview (MailSetupExportPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_EXPORT_PAGE (self), NULL);

  return self->preview;
}

/* ------------------------------------------------------------------------------------------ */
/* Following the journey */

/* Only settings that passed a check are written for another app. */
static void
journey_settings_cb (MailSetupExportPage *self)
{
  MailSetupJourney *journey = MAIL_SETUP_PAGE_JOURNEY (self);
  MailAccountSettings *settings = mail_setup_journey_get_settings (journey);

  if (settings != NULL && mail_setup_journey_get_verified (journey))
    mail_setup_export_page_set_settings (self, settings,
                                         mail_setup_journey_get_ca_file (journey));
}

static void
mail_setup_export_page_follow (MailSetupJourneyPage *page,
                               MailSetupJourney     *journey)
{
  MailSetupExportPage *self = MAIL_SETUP_EXPORT_PAGE (page);

  g_signal_connect_swapped (journey, "notify::verified", G_CALLBACK (journey_settings_cb),
                            self);
  g_signal_connect_swapped (journey, "notify::settings", G_CALLBACK (journey_settings_cb),
                            self);
  g_signal_connect_swapped (journey, "notify::ca-file", G_CALLBACK (journey_settings_cb), self);
  journey_settings_cb (self);
}
