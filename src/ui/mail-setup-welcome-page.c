/* mail-setup-welcome-page.c: the first page: add an account or troubleshoot a saved one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-types.h"
#include "mail-setup-welcome-page.h"

struct _MailSetupWelcomePage
{
  MailSetupJourneyPage parent_instance;

  AdwEntryRow          *email_row;
  GtkLabel             *email_error;
  GtkButton            *continue_button;
  AdwPreferencesGroup  *accounts_group;
  GtkSpinner           *accounts_spinner;
  GtkLabel             *accounts_error;
  AdwPreferencesGroup  *other_apps_group;

  GPtrArray            *account_rows;   /* GtkWidget *, children of accounts_group */
  gboolean              shown;          /* an error is shown: clear it as soon as it is fixed */
  GPtrArray            *other_app_rows; /* GtkWidget *, children of other_apps_group */
};

G_DEFINE_FINAL_TYPE (MailSetupWelcomePage, mail_setup_welcome_page, MAIL_SETUP_TYPE_JOURNEY_PAGE)

static void mail_setup_welcome_page_follow (MailSetupJourneyPage *page,
                                            MailSetupJourney     *journey);

static gboolean
validate (MailSetupWelcomePage *self,
          gboolean              show_error)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  gboolean valid = mail_email_validate (stripped, &error);

  /* Complain on Enter or when leaving the field, never while the person is still typing;
   * an error already shown goes away as soon as the address is right. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.continue", valid);
  if (!valid && (show_error || self->shown) && *stripped != '\0')
    {
      self->shown = TRUE;
      gtk_label_set_label (self->email_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->email_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->email_row), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->email_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      self->shown = FALSE;
      gtk_widget_set_visible (GTK_WIDGET (self->email_error), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->email_row), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->email_row), GTK_ACCESSIBLE_STATE_INVALID);
    }

  return valid;
}

static void
email_changed_cb (MailSetupWelcomePage *self)
{
  validate (self, FALSE);
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  MailSetupWelcomePage *self = MAIL_SETUP_WELCOME_PAGE (widget);
  g_autofree char *email = NULL;

  if (!validate (self, TRUE))
    return;

  email = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->email_row))));
  gtk_widget_activate_action (widget, "win.add-account", "s", email);
}

static void
email_activated_cb (MailSetupWelcomePage *self)
{
  /* Enter continues; an invalid address shows why instead. */
  continue_action (GTK_WIDGET (self), "welcome.continue", NULL);
}

static void
email_focus_left_cb (MailSetupWelcomePage *self)
{
  validate (self, TRUE);
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  MailSetupWelcomePage *self = user_data;
  const char *email = g_object_get_data (G_OBJECT (dialog), "email");

  if (g_strcmp0 (response, "remove") == 0 && email != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.remove-account", "s", email);
}

/* Asks first: removing takes the saved sign-in out of the keyring for good. */
static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  const char *email = g_variant_get_string (param, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is an email address */
  heading = g_strdup_printf (_("Remove %s?"), email);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("Mail Setup forgets this account and removes its saved password "
                                     "or sign-in from your keyring. Your mail stays with your provider. "
                                     "Mail apps that get the sign-in from Mail Setup stop working with it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "email", g_strdup (email), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), widget, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mail_setup_welcome_page_dispose (GObject *object)
{
  MailSetupWelcomePage *self = MAIL_SETUP_WELCOME_PAGE (object);

  g_clear_pointer (&self->account_rows, g_ptr_array_unref);
  g_clear_pointer (&self->other_app_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (mail_setup_welcome_page_parent_class)->dispose (object);
}

static void
mail_setup_welcome_page_class_init (MailSetupWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mail_setup_welcome_page_dispose;
  MAIL_SETUP_JOURNEY_PAGE_CLASS (klass)->follow = mail_setup_welcome_page_follow;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/mail-setup-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MailSetupWelcomePage, email_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWelcomePage, email_error);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWelcomePage, continue_button);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWelcomePage, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWelcomePage, accounts_spinner);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWelcomePage, accounts_error);
  gtk_widget_class_bind_template_child (widget_class, MailSetupWelcomePage, other_apps_group);
  gtk_widget_class_bind_template_callback (widget_class, email_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_activated_cb);

  gtk_widget_class_install_action (widget_class, "welcome.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "welcome.remove", "s", remove_action);
}

static void
mail_setup_welcome_page_init (MailSetupWelcomePage *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->account_rows = g_ptr_array_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (email_focus_left_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->email_row), focus);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.continue", FALSE);
  self->other_app_rows = g_ptr_array_new ();
}

const char *
mail_setup_welcome_page_get_email (MailSetupWelcomePage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WELCOME_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->email_row));
}

void
mail_setup_welcome_page_set_email (MailSetupWelcomePage *self,
                                   const char           *email)
{
  g_return_if_fail (MAIL_SETUP_IS_WELCOME_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email ? email : "");
}

void
mail_setup_welcome_page_set_loading (MailSetupWelcomePage *self,
                                     gboolean              loading)
{
  g_return_if_fail (MAIL_SETUP_IS_WELCOME_PAGE (self));

  gtk_spinner_set_spinning (self->accounts_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->accounts_spinner), loading);
}

void
mail_setup_welcome_page_set_accounts (MailSetupWelcomePage *self,
                                      GPtrArray            *emails,
                                      GPtrArray            *descriptions)
{
  g_return_if_fail (MAIL_SETUP_IS_WELCOME_PAGE (self));
  g_return_if_fail (emails != NULL);

  for (guint i = 0; i < self->account_rows->len; i++)
    adw_preferences_group_remove (self->accounts_group, g_ptr_array_index (self->account_rows, i));
  g_ptr_array_set_size (self->account_rows, 0);

  for (guint i = 0; i < emails->len; i++)
    {
      const char *email = g_ptr_array_index (emails, i);
      const char *description = descriptions && i < descriptions->len
                                ? g_ptr_array_index (descriptions, i) : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      /* Translators: %s is an email address */
      g_autofree char *remove_label = g_strdup_printf (_("Remove %s"), email);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), email);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (description != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove…"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_label, -1);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", email);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "welcome.remove");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", email);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.troubleshoot");
      gtk_widget_set_tooltip_text (row, _("Check this account again and explain any problem"));
      adw_preferences_group_add (self->accounts_group, row);
      g_ptr_array_add (self->account_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->accounts_group),
                          emails->len > 0 || gtk_widget_get_visible (GTK_WIDGET (self->accounts_error)));
}

void
mail_setup_welcome_page_set_accounts_error (MailSetupWelcomePage *self,
                                            const char           *message)
{
  g_return_if_fail (MAIL_SETUP_IS_WELCOME_PAGE (self));

  gtk_label_set_label (self->accounts_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->accounts_error), message != NULL);
  if (message != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->accounts_group), TRUE);
}

void
mail_setup_welcome_page_focus_email (MailSetupWelcomePage *self)
{
  g_return_if_fail (MAIL_SETUP_IS_WELCOME_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
}

guint
mail_setup_welcome_page_get_n_accounts (MailSetupWelcomePage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WELCOME_PAGE (self), 0);

  return self->account_rows->len;
}

const char *
mail_setup_welcome_page_get_error (MailSetupWelcomePage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WELCOME_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->email_error)))
    return NULL;
  return gtk_label_get_label (self->email_error);
}

void
mail_setup_welcome_page_set_other_apps (MailSetupWelcomePage *self,
                                        GPtrArray            *titles,
                                        GPtrArray            *subtitles)
{
  g_return_if_fail (MAIL_SETUP_IS_WELCOME_PAGE (self));
  g_return_if_fail (titles != NULL);

  for (guint i = 0; i < self->other_app_rows->len; i++)
    adw_preferences_group_remove (self->other_apps_group,
                                  g_ptr_array_index (self->other_app_rows, i));
  g_ptr_array_set_size (self->other_app_rows, 0);

  for (guint i = 0; i < titles->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_ptr_array_index (titles, i));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (subtitles != NULL && i < subtitles->len)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_ptr_array_index (subtitles, i));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "u", i);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.check-other-app");
      gtk_widget_set_tooltip_text (row, _("Check this account with the settings of its app"));
      adw_preferences_group_add (self->other_apps_group, row);
      g_ptr_array_add (self->other_app_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->other_apps_group), titles->len > 0);
}

guint
mail_setup_welcome_page_get_n_other_apps (MailSetupWelcomePage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_WELCOME_PAGE (self), 0);

  return self->other_app_rows->len;
}

/* ------------------------------------------------------------------------------------------ */
/* Following the journey */

static void
journey_loading_cb (MailSetupWelcomePage *self)
{
  MailSetupJourney *journey = MAIL_SETUP_PAGE_JOURNEY (self);

  mail_setup_welcome_page_set_loading (self, mail_setup_journey_get_loading (journey));
}

static void
journey_accounts_error_cb (MailSetupWelcomePage *self)
{
  const char *message = mail_setup_journey_get_accounts_error (MAIL_SETUP_PAGE_JOURNEY (self));

  mail_setup_welcome_page_set_accounts_error (self, message);
}

/* The lists stay as they are until the journey has read them. */
static void
journey_accounts_cb (MailSetupWelcomePage *self)
{
  GPtrArray *descriptions = NULL;
  GPtrArray *emails = mail_setup_journey_get_accounts (MAIL_SETUP_PAGE_JOURNEY (self),
                                                       &descriptions);

  if (emails != NULL)
    mail_setup_welcome_page_set_accounts (self, emails, descriptions);
}

static void
journey_other_apps_cb (MailSetupWelcomePage *self)
{
  GPtrArray *subtitles = NULL;
  GPtrArray *titles = mail_setup_journey_get_other_apps (MAIL_SETUP_PAGE_JOURNEY (self),
                                                         &subtitles);

  if (titles != NULL)
    mail_setup_welcome_page_set_other_apps (self, titles, subtitles);
}

static void
mail_setup_welcome_page_follow (MailSetupJourneyPage *page,
                                MailSetupJourney     *journey)
{
  MailSetupWelcomePage *self = MAIL_SETUP_WELCOME_PAGE (page);

  g_signal_connect_swapped (journey, "notify::loading", G_CALLBACK (journey_loading_cb), self);
  g_signal_connect_swapped (journey, "notify::accounts-error",
                            G_CALLBACK (journey_accounts_error_cb), self);
  g_signal_connect_swapped (journey, "notify::accounts", G_CALLBACK (journey_accounts_cb),
                            self);
  g_signal_connect_swapped (journey, "notify::other-apps", G_CALLBACK (journey_other_apps_cb),
                            self);
  journey_loading_cb (self);
  journey_accounts_error_cb (self);
  journey_accounts_cb (self);
  journey_other_apps_cb (self);
}
