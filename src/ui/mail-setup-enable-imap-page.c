/* mail-setup-enable-imap-page.c: how to turn on IMAP at the provider, for people and admins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-setup-enable-imap-page.h"
#include "mail-setup-journey.h"
#include "mail-setup-util.h"

struct _MailSetupEnableImapPage
{
  MailSetupJourneyPage parent_instance;

  GtkLabel            *intro_label;
  GtkWidget           *after_check_banner;
  AdwPreferencesGroup *steps_group;
  GtkButton           *open_button;
  AdwExpanderRow      *admin_row;
  AdwActionRow        *command_row;

  GPtrArray           *step_rows;    /* GtkWidget * in steps_group */
  GPtrArray           *admin_rows;   /* GtkWidget * in admin_row */
  char                *command;
};

G_DEFINE_FINAL_TYPE (MailSetupEnableImapPage, mail_setup_enable_imap_page,
                     MAIL_SETUP_TYPE_JOURNEY_PAGE)

static void mail_setup_enable_imap_page_follow (MailSetupJourneyPage *page,
                                                MailSetupJourney     *journey);

static GtkWidget *
numbered_row (guint       number,
              const char *text)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *number_text = g_strdup_printf ("%u", number);
  GtkWidget *number_label = gtk_label_new (number_text);

  gtk_widget_add_css_class (number_label, "step-number");
  gtk_widget_set_valign (number_label, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (number_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, number_text, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), number_label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  return row;
}

static void
copy_command_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MailSetupEnableImapPage *self = MAIL_SETUP_ENABLE_IMAP_PAGE (widget);

  if (self->command == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->command);
  gtk_widget_activate_action (widget, "win.toast", "s", _("Command copied"));
}

static void
mail_setup_enable_imap_page_dispose (GObject *object)
{
  MailSetupEnableImapPage *self = MAIL_SETUP_ENABLE_IMAP_PAGE (object);

  g_clear_pointer (&self->step_rows, g_ptr_array_unref);
  g_clear_pointer (&self->admin_rows, g_ptr_array_unref);
  g_clear_pointer (&self->command, g_free);

  G_OBJECT_CLASS (mail_setup_enable_imap_page_parent_class)->dispose (object);
}

static void
mail_setup_enable_imap_page_class_init (MailSetupEnableImapPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mail_setup_enable_imap_page_dispose;
  MAIL_SETUP_JOURNEY_PAGE_CLASS (klass)->follow = mail_setup_enable_imap_page_follow;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/mail-setup-enable-imap-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MailSetupEnableImapPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupEnableImapPage, after_check_banner);
  gtk_widget_class_bind_template_child (widget_class, MailSetupEnableImapPage, steps_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupEnableImapPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, MailSetupEnableImapPage, admin_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupEnableImapPage, command_row);

  gtk_widget_class_install_action (widget_class, "enable-imap.copy-command", NULL, copy_command_action);
}

static void
mail_setup_enable_imap_page_init (MailSetupEnableImapPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->step_rows = g_ptr_array_new ();
  self->admin_rows = g_ptr_array_new ();
}

gboolean
mail_setup_enable_imap_page_has_guidance (const MailProvider *provider)
{
  return provider != NULL
         && ((provider->enable_steps != NULL && provider->enable_steps[0] != NULL)
             || provider->settings_url != NULL
             || (provider->admin_steps != NULL && provider->admin_steps[0] != NULL)
             || provider->admin_command != NULL);
}

static char *
expand_email (const char *template_,
              const char *email)
{
  GString *text = g_string_new (template_);

  g_string_replace (text, "%EMAIL%", email ? email : "", 0);
  return g_string_free (text, FALSE);
}

void
mail_setup_enable_imap_page_set_provider (MailSetupEnableImapPage *self,
                                          const MailProvider      *provider,
                                          const char              *email)
{
  g_autofree char *intro = NULL;
  guint n_admin = 0;
  gboolean have_url;

  g_return_if_fail (MAIL_SETUP_IS_ENABLE_IMAP_PAGE (self));
  g_return_if_fail (provider != NULL);

  /* Translators: %s is a provider name, "Outlook.com" */
  intro = g_strdup_printf (_("%s lets other apps read your mail only after IMAP is turned on for your mailbox. "
                             "It takes a minute and you need to do it only once."),
                           provider->name);
  gtk_label_set_label (self->intro_label, intro);

  for (guint i = 0; i < self->step_rows->len; i++)
    adw_preferences_group_remove (self->steps_group, g_ptr_array_index (self->step_rows, i));
  g_ptr_array_set_size (self->step_rows, 0);
  for (guint i = 0; provider->enable_steps != NULL && provider->enable_steps[i] != NULL; i++)
    {
      GtkWidget *row = numbered_row (i + 1, provider->enable_steps[i]);

      adw_preferences_group_add (self->steps_group, row);
      g_ptr_array_add (self->step_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->steps_group), self->step_rows->len > 0);

  have_url = mail_setup_is_web_url (provider->settings_url);
  gtk_widget_set_visible (GTK_WIDGET (self->open_button), have_url);
  if (have_url)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->open_button), "s", provider->settings_url);

  for (guint i = 0; i < self->admin_rows->len; i++)
    adw_expander_row_remove (self->admin_row, g_ptr_array_index (self->admin_rows, i));
  g_ptr_array_set_size (self->admin_rows, 0);
  /* The steps first, then the command they lead to. */
  g_object_ref (self->command_row);
  adw_expander_row_remove (self->admin_row, GTK_WIDGET (self->command_row));
  for (guint i = 0; provider->admin_steps != NULL && provider->admin_steps[i] != NULL; i++)
    {
      GtkWidget *row = numbered_row (i + 1, provider->admin_steps[i]);

      adw_expander_row_add_row (self->admin_row, row);
      g_ptr_array_add (self->admin_rows, row);
      n_admin++;
    }
  adw_expander_row_add_row (self->admin_row, GTK_WIDGET (self->command_row));
  g_object_unref (self->command_row);

  g_clear_pointer (&self->command, g_free);
  if (provider->admin_command != NULL)
    self->command = expand_email (provider->admin_command, email);
  gtk_widget_set_visible (GTK_WIDGET (self->command_row), self->command != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->command_row),
                                 self->command ? self->command : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enable-imap.copy-command", self->command != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->admin_row), n_admin > 0 || self->command != NULL);
  adw_expander_row_set_expanded (self->admin_row, FALSE);
}

void
mail_setup_enable_imap_page_set_after_check (MailSetupEnableImapPage *self,
                                             gboolean                 after_check)
{
  g_return_if_fail (MAIL_SETUP_IS_ENABLE_IMAP_PAGE (self));

  gtk_widget_set_visible (self->after_check_banner, after_check);
}

const char *
mail_setup_enable_imap_page_get_command (MailSetupEnableImapPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_ENABLE_IMAP_PAGE (self), NULL);

  return self->command;
}

void
mail_setup_enable_imap_page_set_admin_expanded (MailSetupEnableImapPage *self,
                                                gboolean                 expanded)
{
  g_return_if_fail (MAIL_SETUP_IS_ENABLE_IMAP_PAGE (self));

  adw_expander_row_set_expanded (self->admin_row, expanded);
}

/* The guidance follows the journey: its provider's, with its address in the command. */
static void
journey_provider_cb (MailSetupEnableImapPage *self)
{
  MailSetupJourney *journey = MAIL_SETUP_PAGE_JOURNEY (self);
  MailProvider *provider = mail_setup_journey_get_provider (journey);

  if (mail_setup_enable_imap_page_has_guidance (provider))
    mail_setup_enable_imap_page_set_provider (self, provider,
                                              mail_setup_journey_get_email (journey));
}

static void
mail_setup_enable_imap_page_follow (MailSetupJourneyPage *page,
                                    MailSetupJourney     *journey)
{
  MailSetupEnableImapPage *self = MAIL_SETUP_ENABLE_IMAP_PAGE (page);

  g_signal_connect_swapped (journey, "notify::provider", G_CALLBACK (journey_provider_cb), self);
  journey_provider_cb (self);
}
