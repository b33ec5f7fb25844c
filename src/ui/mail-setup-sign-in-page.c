/* mail-setup-sign-in-page.c: sign in with the browser (OAuth2) or with a password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-setup-sign-in-page.h"
#include "mail-setup-journey.h"
#include "mail-setup-util.h"

struct _MailSetupSignInPage
{
  MailSetupJourneyPage parent_instance;

  GtkStack            *mode_stack;
  GtkStack            *bar_stack;
  GtkLabel            *message_label;
  GtkLabel            *oauth_title;
  GtkLabel            *oauth_body;
  GtkButton           *oauth_button;
  GtkLabel            *waiting_title;
  GtkLabel            *waiting_body;
  GtkLabel            *waiting_code;
  GtkLabel            *waiting_hint;
  GtkLabel            *password_title;
  GtkLabel            *password_body;
  AdwPasswordEntryRow *password_row;
  GtkButton           *app_password_button;
  GtkLabel            *client_id_title;
  GtkLabel            *client_id_body;
  AdwEntryRow         *client_id_row;
  AdwPreferencesGroup *tenant_group;
  AdwEntryRow         *tenant_row;
  char                *tenant_email;     /* the address the tenant field was asked for */

  MailSetupSignInMode  mode;
  char                *auth_url;
  char                *browser_waiting;  /* the waiting text for a sign-in in the browser */
};

G_DEFINE_FINAL_TYPE (MailSetupSignInPage, mail_setup_sign_in_page,
                     MAIL_SETUP_TYPE_JOURNEY_PAGE)

static void mail_setup_sign_in_page_follow (MailSetupJourneyPage *page,
                                            MailSetupJourney     *journey);

static const char *mode_names[] = { "oauth", "waiting", "password", "client-id" };

static void
update_actions (MailSetupSignInPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *client_id = gtk_editable_get_text (GTK_EDITABLE (self->client_id_row));
  g_autofree char *client_id_stripped = g_strstrip (g_strdup (client_id));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.password-continue", *password != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.save-client-id",
                                 *client_id_stripped != '\0' && strchr (client_id_stripped, ' ') == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.copy-link", self->auth_url != NULL);
}

/* The waiting view of a sign-in in this computer's browser. */
static void
show_browser_waiting (MailSetupSignInPage *self)
{
  gtk_label_set_label (self->waiting_title, _("Continue in Your Browser"));
  gtk_label_set_label (self->waiting_body, self->browser_waiting ? self->browser_waiting : "");
  gtk_label_set_label (self->waiting_code, "");
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_code), FALSE);
  gtk_label_set_label (self->waiting_hint,
                       _("Using another browser? Copy the link and open it there."));
}

static void
fields_changed_cb (MailSetupSignInPage *self)
{
  update_actions (self);
}

static void
password_continue_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  MailSetupSignInPage *self = MAIL_SETUP_SIGN_IN_PAGE (widget);

  if (*gtk_editable_get_text (GTK_EDITABLE (self->password_row)) == '\0')
    return;
  gtk_widget_activate_action (widget, "win.sign-in-password", NULL);
}

static void
save_client_id_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  gtk_widget_activate_action (widget, "win.save-client-id", NULL);
}

static void
copy_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  MailSetupSignInPage *self = MAIL_SETUP_SIGN_IN_PAGE (widget);

  if (self->auth_url == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->auth_url);
  gtk_widget_activate_action (widget, "win.toast", "s",
                              gtk_widget_get_visible (GTK_WIDGET (self->waiting_code))
                                ? _("Link copied: open it on the device you sign in with")
                                : _("Link copied: paste it into the browser you want to sign in with"));
}

static void
password_activated_cb (MailSetupSignInPage *self)
{
  password_continue_action (GTK_WIDGET (self), NULL, NULL);
}

static void
client_id_activated_cb (MailSetupSignInPage *self)
{
  if (gtk_widget_is_sensitive (GTK_WIDGET (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.save-client-id", NULL);
}

/* Enter in the tenant field signs in again. */
static void
tenant_activated_cb (MailSetupSignInPage *self)
{
  if (gtk_widget_is_sensitive (GTK_WIDGET (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.oauth-start", NULL);
}

static void
mail_setup_sign_in_page_dispose (GObject *object)
{
  MailSetupSignInPage *self = MAIL_SETUP_SIGN_IN_PAGE (object);

  g_clear_pointer (&self->auth_url, g_free);
  g_clear_pointer (&self->tenant_email, g_free);
  g_clear_pointer (&self->browser_waiting, g_free);

  G_OBJECT_CLASS (mail_setup_sign_in_page_parent_class)->dispose (object);
}

static void
mail_setup_sign_in_page_class_init (MailSetupSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mail_setup_sign_in_page_dispose;
  MAIL_SETUP_JOURNEY_PAGE_CLASS (klass)->follow = mail_setup_sign_in_page_follow;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/mailsetup/MailSetup/mail-setup-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, bar_stack);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, message_label);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, oauth_title);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, oauth_body);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, oauth_button);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, waiting_title);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, waiting_body);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, waiting_code);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, waiting_hint);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, password_title);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, password_body);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, app_password_button);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, client_id_title);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, client_id_body);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, client_id_row);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, tenant_group);
  gtk_widget_class_bind_template_child (widget_class, MailSetupSignInPage, tenant_row);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_id_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, tenant_activated_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.password-continue", NULL, password_continue_action);
  gtk_widget_class_install_action (widget_class, "sign-in.save-client-id", NULL, save_client_id_action);
  gtk_widget_class_install_action (widget_class, "sign-in.copy-link", NULL, copy_link_action);
}

static void
mail_setup_sign_in_page_init (MailSetupSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

void
mail_setup_sign_in_page_set_account (MailSetupSignInPage *self,
                                     const char          *email,
                                     const char          *provider_name,
                                     MailAuthKind         auth,
                                     const char          *app_password_url)
{
  g_autofree char *oauth_title = NULL;
  g_autofree char *oauth_body = NULL;
  g_autofree char *oauth_button = NULL;
  g_autofree char *client_id_title = NULL;
  g_autofree char *client_id_body = NULL;
  g_autofree char *password_body = NULL;
  const char *name;

  g_return_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self));

  name = provider_name ? provider_name : _("your provider");

  /* Translators: %s is a provider name */
  oauth_title = g_strdup_printf (_("Sign In to %s"), name);
  gtk_label_set_label (self->oauth_title, oauth_title);
  /* Translators: first %s is a provider name, second an email address */
  oauth_body = g_strdup_printf (_("Your browser opens the sign-in page of %s for %s. "
                                  "Mail Setup never sees your password: the provider gives it "
                                  "permission to read and send your mail, kept in your keyring."),
                                name, email);
  gtk_label_set_label (self->oauth_body, oauth_body);
  /* Translators: %s is a provider name; a button */
  oauth_button = g_strdup_printf (_("_Sign In with %s"), name);
  gtk_button_set_label (self->oauth_button, oauth_button);
  /* Translators: %s is a provider name */
  g_free (self->browser_waiting);
  self->browser_waiting = g_strdup_printf (_("Finish signing in at %s in your browser. This page continues by itself when you are done."),
                                           name);
  show_browser_waiting (self);
  /* Translators: %s is a provider name */
  client_id_title = g_strdup_printf (_("This Copy of Mail Setup Cannot Sign In to %s"), name);
  gtk_label_set_label (self->client_id_title, client_id_title);
  /* Translators: %s is a provider name */
  client_id_body = g_strdup_printf (_("%s lets mail apps sign in only through its website, and only "
                                      "apps registered with it. This copy of Mail Setup is not. "
                                      "Install Mail Setup from your distribution or from Flathub, or "
                                      "for a work or school account ask your administrator."), name);
  gtk_label_set_label (self->client_id_body, client_id_body);

  if (auth == MAIL_AUTH_APP_PASSWORD)
    {
      gtk_label_set_label (self->password_title, _("Enter an App Password"));
      /* Translators: %s is a provider name */
      password_body = g_strdup_printf (_("%s wants a separate password for mail apps, not your account password:\n"
                                         "1. Open your account’s app password page.\n"
                                         "2. Create an app password named “Mail Setup”.\n"
                                         "3. Paste it here."),
                                       name);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("App password"));
    }
  else
    {
      gtk_label_set_label (self->password_title, _("Enter Your Password"));
      /* Translators: %s is an email address */
      password_body = g_strdup_printf (_("The password of %s. It is sent only to your mail server, "
                                         "over an encrypted connection, and kept in your keyring."),
                                       email);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
    }
  gtk_label_set_label (self->password_body, password_body);
  /* Numbered steps read from the left; a sentence stays centred under the title. */
  gtk_label_set_justify (self->password_body, auth == MAIL_AUTH_APP_PASSWORD ? GTK_JUSTIFY_LEFT
                                                                             : GTK_JUSTIFY_CENTER);
  gtk_label_set_xalign (self->password_body, auth == MAIL_AUTH_APP_PASSWORD ? 0.0 : 0.5);

  gtk_widget_set_visible (GTK_WIDGET (self->app_password_button), mail_setup_is_web_url (app_password_url));
  if (mail_setup_is_web_url (app_password_url))
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->app_password_button), "s", app_password_url);
}

void
mail_setup_sign_in_page_set_mode (MailSetupSignInPage *self,
                                  MailSetupSignInMode  mode)
{
  g_return_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (mode < G_N_ELEMENTS (mode_names));

  self->mode = mode;
  /* A sign-in on another device shows its code once the provider has given one. */
  show_browser_waiting (self);
  gtk_stack_set_visible_child_name (self->mode_stack, mode_names[mode]);
  gtk_stack_set_visible_child_name (self->bar_stack, mode_names[mode]);
  if (mode != MAIL_SETUP_SIGN_IN_WAITING)
    g_clear_pointer (&self->auth_url, g_free);
  update_actions (self);

  /* The field of the mode, or its primary button; Enter presses that button. */
  mail_setup_page_present (GTK_WIDGET (self));
}

MailSetupSignInMode
mail_setup_sign_in_page_get_mode (MailSetupSignInPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self), MAIL_SETUP_SIGN_IN_OAUTH);

  return self->mode;
}

void
mail_setup_sign_in_page_set_auth_url (MailSetupSignInPage *self,
                                      const char          *url)
{
  g_return_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self));

  g_free (self->auth_url);
  self->auth_url = g_strdup (url);
  update_actions (self);
}

void
mail_setup_sign_in_page_show_device_code (MailSetupSignInPage *self,
                                          const char          *verification_uri,
                                          const char          *user_code)
{
  g_autofree char *body = NULL;

  g_return_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (verification_uri != NULL && user_code != NULL);

  /* The steps are on the page itself: no banner that speaks of a browser here. */
  mail_setup_sign_in_page_set_message (self, NULL);
  gtk_label_set_label (self->waiting_title, _("Sign In on Another Device"));
  /* Translators: %s is a web address such as https://microsoft.com/devicelogin */
  body = g_strdup_printf (_("On any device (a phone will do), open %s and type this code:"),
                          verification_uri);
  gtk_label_set_label (self->waiting_body, body);
  gtk_label_set_label (self->waiting_code, user_code);
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_code), TRUE);
  gtk_label_set_label (self->waiting_hint,
                       _("This page continues by itself when you have signed in there."));
}

char *
mail_setup_sign_in_page_take_password (MailSetupSignInPage *self)
{
  char *password;

  g_return_val_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self), NULL);

  password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  return password;
}

void
mail_setup_sign_in_page_set_password (MailSetupSignInPage *self,
                                      const char          *password)
{
  g_return_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password ? password : "");
}

const char *
mail_setup_sign_in_page_get_client_id (MailSetupSignInPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->client_id_row));
}

void
mail_setup_sign_in_page_set_client_id (MailSetupSignInPage *self,
                                       const char          *client_id)
{
  g_return_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->client_id_row), client_id ? client_id : "");
}

void
mail_setup_sign_in_page_set_message (MailSetupSignInPage *self,
                                     const char          *message)
{
  g_return_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self));

  gtk_label_set_label (self->message_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

/* The account's words follow the journey: its address, provider and sign-in kind. */
static void
journey_account_cb (MailSetupSignInPage *self)
{
  MailSetupJourney *journey = MAIL_SETUP_PAGE_JOURNEY (self);
  MailAccountSettings *settings = mail_setup_journey_get_settings (journey);
  MailProvider *provider = mail_setup_journey_get_provider (journey);

  if (settings == NULL)
    return;
  /* The tenant asked for another address does not apply to this one. */
  if (g_strcmp0 (settings->email, self->tenant_email) != 0)
    mail_setup_sign_in_page_ask_tenant (self, NULL);
  mail_setup_sign_in_page_set_account (self, settings->email, settings->provider_name,
                                       mail_setup_journey_get_auth (journey),
                                       provider ? provider->app_password_url : NULL);
}

static void
mail_setup_sign_in_page_follow (MailSetupJourneyPage *page,
                                MailSetupJourney     *journey)
{
  MailSetupSignInPage *self = MAIL_SETUP_SIGN_IN_PAGE (page);

  g_signal_connect_swapped (journey, "notify::settings", G_CALLBACK (journey_account_cb), self);
  g_signal_connect_swapped (journey, "notify::auth", G_CALLBACK (journey_account_cb), self);
  journey_account_cb (self);
}

/* The tenant asked after a refusal of the shared ("common") sign-in address. */
void
mail_setup_sign_in_page_ask_tenant (MailSetupSignInPage *self,
                                    const char          *why)
{
  MailSetupJourney *journey;

  g_return_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self));

  journey = MAIL_SETUP_PAGE_JOURNEY (self);
  gtk_widget_set_visible (GTK_WIDGET (self->tenant_group), why != NULL);
  g_clear_pointer (&self->tenant_email, g_free);
  if (why == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->tenant_row), "");
      return;
    }
  if (journey != NULL && mail_setup_journey_get_settings (journey) != NULL)
    self->tenant_email = g_strdup (mail_setup_journey_get_settings (journey)->email);
  /* Said beside the field (the message above the form goes with the next attempt). */
  adw_preferences_group_set_description (self->tenant_group, why);
  gtk_widget_grab_focus (GTK_WIDGET (self->tenant_row));
}

char *
mail_setup_sign_in_page_dup_tenant (MailSetupSignInPage *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->tenant_group)))
    return NULL;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tenant_row))));
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

GtkEditable *
mail_setup_sign_in_page_get_tenant_editable (MailSetupSignInPage *self)
{
  g_return_val_if_fail (MAIL_SETUP_IS_SIGN_IN_PAGE (self), NULL);
  return GTK_EDITABLE (self->tenant_row);
}
