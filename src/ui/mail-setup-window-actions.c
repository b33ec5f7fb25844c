/* mail-setup-window-actions.c: the window's actions ("win.*"), which the pages activate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-diagnosis-error.h"
#include "mail-goa-export.h"
#include "mail-oauth-client-id.h"
#include "mail-validate.h"

#include "mail-setup-util.h"
#include "mail-setup-window-private.h"

/* ------------------------------------------------------------------------------------------ */
/* Actions */

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const char *previous;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  _mail_setup_window_end_work (self);
  if (self->history->len == 0)
    return;

  previous = g_ptr_array_steal_index (self->history, self->history->len - 1);
  if (g_strcmp0 (previous, "sign-in") == 0
      && mail_setup_sign_in_page_get_mode (self->sign_in_page) == MAIL_SETUP_SIGN_IN_WAITING)
    mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_OAUTH);
  if (g_strcmp0 (previous, "settings") == 0)
    mail_setup_settings_page_revert (self->settings_page);
  _mail_setup_window_show_page (self, previous, FALSE);
  if (g_strcmp0 (previous, "welcome") == 0)
    mail_setup_welcome_page_focus_email (self->welcome_page);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const char *page = _mail_setup_window_get_page_name (self);

  if (self->cancellable == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  _mail_setup_window_end_work (self);

  if (g_strcmp0 (page, "sign-in") == 0)
    {
      mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_OAUTH);
      _mail_setup_window_toast (self, _("Sign-in cancelled"));
    }
  else
    {
      _mail_setup_window_toast (self, g_strcmp0 (page, "checking") == 0 ? _("Check cancelled") : _("Search cancelled"));
      back_action (widget, NULL, NULL);
    }
}

static void
add_account_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const char *email = g_variant_get_string (param, NULL);

  if (!mail_email_validate (email, NULL))
    return;
  mail_setup_journey_clear_credential (self->journey);
  mail_setup_journey_clear_results (self->journey);
  mail_setup_journey_set_from_keyring (self->journey, FALSE);
  self->other_app = NULL;
  mail_setup_journey_take_settings (self->journey, mail_account_settings_new (email));
  _mail_setup_window_discover (self, email);
}

static void
forget_account_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;
  /* A keyring failure's message is its diagnosis's title (mail-diagnosis-error.h). */
  if (!mail_account_store_forget_finish (MAIL_ACCOUNT_STORE (object), result, &error))
    _mail_setup_window_toast (self, error->message);
  else
    _mail_setup_window_toast (self, _("Account removed"));
  _mail_setup_window_load_accounts (self);
}

/* The welcome page asked first. */
static void
remove_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  mail_account_store_forget_async (self->store, g_variant_get_string (param, NULL), self->lifetime,
                                   forget_account_cb, g_object_ref (self));
}

static void
load_account_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailStoredAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;

  account = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result, &error);
  if (account == NULL && was_cancelled (error))
    return;
  _mail_setup_window_end_work (self);
  if (account == NULL)
    {
      const MailDiagnosis *diagnosis = mail_diagnosis_from_error (error);

      if (diagnosis != NULL)
        _mail_setup_window_show_other_failure (self, mail_diagnosis_copy (diagnosis));
      else
        _mail_setup_window_toast (self, error->message);
      return;
    }

  mail_setup_journey_take_settings (self->journey, mail_account_settings_copy (account->settings));
  mail_setup_journey_set_from_keyring (self->journey, TRUE);
  _mail_setup_window_note_sign_in_health (self, account);
  _mail_setup_window_start_check (self);
}

static void
troubleshoot_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const char *email = g_variant_get_string (param, NULL);

  mail_setup_journey_clear_credential (self->journey);
  mail_setup_journey_clear_results (self->journey);
  self->other_app = NULL;
  mail_setup_journey_take_settings (self->journey, mail_account_settings_new (email));
  _mail_setup_window_begin_work (self);
  mail_account_store_load_async (self->store, email, self->cancellable, load_account_cb,
                                 g_object_ref (self));
}

/* An account of another mail app: checked with that app's servers, after the sign-in. */
static void
check_other_app_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  guint index = g_variant_get_uint32 (param);

  if (self->other_apps == NULL || index >= self->other_apps->len)
    return;
  mail_setup_journey_clear_credential (self->journey);
  mail_setup_journey_clear_results (self->journey);
  mail_setup_journey_set_from_keyring (self->journey, FALSE);
  self->other_app = g_ptr_array_index (self->other_apps, index);
  mail_setup_journey_take_settings (self->journey,
                                    mail_setup_other_apps_settings (self->other_app, self->registry));
  _mail_setup_window_show_sign_in (self, TRUE);
}

static void
goa_added_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = mail_goa_add_account_finish (result, &error);

  if (_mail_setup_window_is_gone (self))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-to-goa", TRUE);
  if (path == NULL)
    {
      _mail_setup_window_toast (self, error->message);
      return;
    }
  mail_setup_journey_set_goa_available (self->journey, FALSE);
  _mail_setup_window_toast (self, _("Added to GNOME Online Accounts"));
}

static void
add_to_goa (MailSetupWindow *self,
            const char      *password)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-to-goa", FALSE);
  mail_goa_add_account_async (window_settings (self), password, self->lifetime, goa_added_cb,
                              g_object_ref (self));
}

static void
goa_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailStoredAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;
  account = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result, &error);
  if (account == NULL || account->password == NULL)
    {
      if (account == NULL && !was_cancelled (error))
        _mail_setup_window_toast (self, error->message);
      return;
    }
  add_to_goa (self, account->password);
}

static void
add_to_goa_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const char *secret = mail_setup_journey_get_secret (self->journey);

  if (window_settings (self) == NULL)
    return;
  /* A stored account was checked with its keyring password, which the window never held. */
  if (secret == NULL && mail_setup_journey_get_from_keyring (self->journey))
    {
      mail_account_store_load_async (self->store, window_settings (self)->email, self->lifetime,
                                     goa_stored_cb, g_object_ref (self));
      return;
    }
  if (secret == NULL || mail_setup_journey_get_secret_kind (self->journey) == MAIL_AUTH_OAUTH2)
    return;
  add_to_goa (self, secret);
}

static void
settings_continue_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  MailAccountSettings *settings = window_settings (self);
  MailServer *imap = NULL;
  MailServer *smtp = NULL;
  MailAuthKind auth;

  if (settings == NULL
      || !mail_setup_settings_page_get_servers (self->settings_page, &imap, &smtp, &auth))
    return;

  g_clear_pointer (&settings->imap, mail_server_free);
  g_clear_pointer (&settings->smtp, mail_server_free);
  settings->imap = imap;
  settings->smtp = smtp;
  if (auth != settings->auth)
    mail_setup_journey_clear_credential (self->journey);
  settings->auth = auth;

  /* Advanced: a shared mailbox (its user name for the delegate's token) and a tenant. */
  {
    g_autofree char *delegate = mail_setup_settings_page_dup_delegate (self->settings_page);
    g_autofree char *tenant = mail_setup_settings_page_dup_tenant (self->settings_page);
    MailProvider *tenant_provider = NULL;

    if (tenant != NULL && settings->provider != NULL)
      tenant_provider = mail_provider_with_tenant (settings->provider, tenant, NULL);
    if (mail_setup_journey_set_advanced (self->journey, delegate, tenant_provider)
        || tenant != NULL)
      mail_setup_journey_clear_credential (self->journey);
    if (delegate != NULL && settings->provider != NULL)
      {
        MailServer *servers[] = { settings->imap, settings->smtp };

        for (guint i = 0; i < G_N_ELEMENTS (servers); i++)
          if (servers[i] != NULL)
            {
              g_free (servers[i]->username);
              servers[i]->username = mail_provider_shared_username (settings->provider,
                                                                    settings->email, delegate);
            }
      }
  }
  mail_setup_journey_settings_changed (self->journey);

  /* Before sign-in only where IMAP starts turned off; elsewhere after an imap-disabled check. */
  if (settings->provider != NULL && settings->provider->imap_off_by_default
      && mail_setup_enable_imap_page_has_guidance (settings->provider))
    {
      /* The page shows the journey's provider itself. */
      mail_setup_enable_imap_page_set_after_check (self->enable_imap_page, FALSE);
      _mail_setup_window_show_page (self, "enable-imap", TRUE);
      return;
    }
  _mail_setup_window_show_sign_in (self, TRUE);
}

static void
enable_imap_done_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  /* Back here after a failed check: the sign-in still holds, check again at once. */
  if (mail_setup_journey_get_has_credential (self->journey)
      || mail_setup_journey_get_from_keyring (self->journey))
    _mail_setup_window_start_check (self);
  else
    _mail_setup_window_show_sign_in (self, TRUE);
}

static void
go_enable_imap_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  MailProvider *provider = mail_setup_journey_get_provider (self->journey);

  if (window_settings (self) == NULL || !mail_setup_enable_imap_page_has_guidance (provider))
    return;
  mail_setup_enable_imap_page_set_after_check (self->enable_imap_page, TRUE);
  _mail_setup_window_show_page (self, "enable-imap", TRUE);
}

static void
oauth_start_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _mail_setup_window_start_oauth (MAIL_SETUP_WINDOW (widget));
}

static void
sign_in_password_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  char *password = mail_setup_sign_in_page_take_password (self->sign_in_page);

  if (password == NULL || *password == '\0')
    {
      mail_secret_free (password);
      return;
    }
  mail_setup_journey_take_secret (self->journey,
                                  window_settings (self)->auth == MAIL_AUTH_APP_PASSWORD
                                  ? MAIL_AUTH_APP_PASSWORD : MAIL_AUTH_PASSWORD,
                                  password);
  mail_setup_journey_set_from_keyring (self->journey, FALSE);
  _mail_setup_window_start_check (self);
}

static void
use_password_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  MailProvider *provider = mail_setup_journey_get_provider (self->journey);

  if (window_settings (self) == NULL)
    return;
  mail_setup_journey_set_auth (self->journey,
                               provider != NULL
                               && mail_provider_supports_auth (provider, MAIL_AUTH_APP_PASSWORD)
                               && !mail_provider_supports_auth (provider, MAIL_AUTH_PASSWORD)
                               ? MAIL_AUTH_APP_PASSWORD : MAIL_AUTH_PASSWORD);
  _mail_setup_window_show_sign_in (self, FALSE);
}

static void
save_client_id_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  g_autofree char *client_id = g_strstrip (g_strdup (mail_setup_sign_in_page_get_client_id (self->sign_in_page)));
  g_autoptr(GError) error = NULL;

  if (mail_setup_journey_get_provider (self->journey) == NULL || *client_id == '\0')
    return;

  /* The settings file mail-oauth-client-id.h reads first. */
  if (!mail_oauth_client_id_save (mail_setup_journey_get_provider (self->journey), client_id,
                                  &error))
    {
      g_autofree char *path = mail_oauth_settings_path ();
      /* Translators: %s is a file path */
      g_autofree char *message = g_strdup_printf (_("Could not save the client ID in %s"), path);

      mail_setup_sign_in_page_set_message (self->sign_in_page, message);
      return;
    }
  _mail_setup_window_toast (self, _("Client ID saved"));
  mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_OAUTH);
  _mail_setup_window_start_oauth (self);
}

static void
sign_in_again_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  if (window_settings (self) == NULL)
    return;
  mail_setup_journey_clear_credential (self->journey);
  /* A fresh sign-in replaces the saved one when the check passes. */
  mail_setup_journey_set_from_keyring (self->journey, FALSE);
  _mail_setup_window_show_sign_in (self, TRUE);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  if (window_settings (self) == NULL)
    return;
  if (!mail_setup_journey_get_has_credential (self->journey)
      && !mail_setup_journey_get_from_keyring (self->journey)
      && window_settings (self)->auth != MAIL_AUTH_NONE)
    {
      _mail_setup_window_show_sign_in (self, TRUE);
      return;
    }
  _mail_setup_window_start_check (self);
}

/* "Use Port N with TLS and Check Again": the settings the core found working on the same host
 * replace the failed ones, and the whole check runs again (signing in only now). */
static void
use_suggested_settings_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  MailAccountSettings *settings = window_settings (self);
  GPtrArray *results = mail_setup_journey_get_results (self->journey);
  const MailCheckResult *failed = NULL;
  MailServer *server;

  if (settings == NULL)
    return;
  for (guint i = 0; i < results->len && failed == NULL; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (results, i);

      if (!result->ok && result->suggestion != NULL)
        failed = result;
    }
  if (failed == NULL)
    return;
  server = failed->protocol == MAIL_PROTOCOL_IMAP ? settings->imap : settings->smtp;
  if (server == NULL || g_ascii_strcasecmp (server->host, failed->suggestion->host) != 0)
    return;
  server->port = failed->suggestion->port;
  server->security = failed->suggestion->security;
  mail_setup_journey_settings_changed (self->journey);
  retry_action (widget, "win.retry", NULL);
}

static void
edit_settings_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  if (window_settings (self) == NULL)
    return;
  mail_setup_settings_page_revert (self->settings_page);
  mail_setup_settings_page_set_editing (self->settings_page, TRUE);
  _mail_setup_window_show_page (self, "settings", TRUE);
}

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  /* The account works and the success page said what to do next: nothing left here. */
  mail_setup_journey_clear_credential (self->journey);
  gtk_window_close (GTK_WINDOW (self));
}

static void
show_export_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);

  if (!mail_setup_export_page_is_available () || window_settings (self) == NULL
      || window_settings (self)->verified_at == NULL)
    return;
  /* The export page follows the journey's verified settings. */
  _mail_setup_window_show_page (self, "export", TRUE);
}

static void
open_url_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  const char *url = g_variant_get_string (param, NULL);

  /* Only web pages: a provider file must not make the wizard open anything else. */
  if (!mail_setup_is_web_url (url))
    return;
  gtk_show_uri (GTK_WINDOW (widget), url, GDK_CURRENT_TIME);
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  _mail_setup_window_toast (MAIL_SETUP_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
copy_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  g_autofree char *report = _mail_setup_window_build_report (self, FALSE);
  char *json = _mail_setup_window_build_report (self, TRUE);
  g_autoptr(GBytes) json_bytes = g_bytes_new_take (json, strlen (json));
  g_autoptr(GdkContentProvider) provider = NULL;
  GdkContentProvider *providers[2];

  /* Text where text is pasted; the CLI's JSON for whatever asks for application/json. */
  providers[0] = gdk_content_provider_new_typed (G_TYPE_STRING, report);
  providers[1] = gdk_content_provider_new_for_bytes ("application/json", json_bytes);
  provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
  _mail_setup_window_toast (self, _("Report copied"));
}

static void
report_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;
  if (g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    _mail_setup_window_toast (self, _("Report saved"));
  else
    _mail_setup_window_toast (self, error->message);
}

static void
report_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            gpointer         user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      char *report;
      g_autoptr(GBytes) bytes = NULL;

      name = g_file_get_basename (file);
      report = _mail_setup_window_build_report (self, g_str_has_suffix (name, ".json"));
      bytes = g_bytes_new_take (report, strlen (report));
      g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                           G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                           self->lifetime, report_saved_cb, g_object_ref (self));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
save_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Report"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "mail-setup-report.txt");
  g_signal_connect (chooser, "response", G_CALLBACK (report_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static const MailCertificateInfo *
untrusted_certificate (MailSetupWindow  *self,
                       const char      **host)
{
  GPtrArray *results = mail_setup_journey_get_results (self->journey);

  for (guint i = 0; i < results->len; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (results, i);

      /* Only an unknown issuer or another name may be a server's own certificate; an
       * expired one is never trusted. */
      if (!result->ok && result->diagnosis != NULL && result->diagnosis->certificate != NULL
          && (g_strcmp0 (result->diagnosis->code, "tls-untrusted") == 0
              || g_strcmp0 (result->diagnosis->code, "tls-hostname-mismatch") == 0))
        {
          *host = result->host;
          return result->diagnosis->certificate;
        }
    }
  return NULL;
}

static void
trust_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  MailSetupWindow *self = user_data;
  /* Exactly what the dialog showed, not whatever the results hold by now. */
  const char *host = g_object_get_data (G_OBJECT (dialog), "host");
  const char *sha256 = g_object_get_data (G_OBJECT (dialog), "sha256");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "trust") != 0 || host == NULL || sha256 == NULL)
    return;
  if (!mail_setup_trust_store_add (self->trust_store, host, sha256, &error))
    {
      _mail_setup_window_toast (self, error->message);
      return;
    }
  _mail_setup_window_start_check (self);
}

static void
trust_certificate_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  MailSetupWindow *self = MAIL_SETUP_WINDOW (widget);
  const MailCertificateInfo *info;
  const char *host = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  info = untrusted_certificate (self, &host);
  if (info == NULL || info->sha256 == NULL)
    return;

  /* Translators: %s is a host name */
  heading = g_strdup_printf (_("Trust the Certificate of %s?"), host);
  /* Translators: %s is a certificate fingerprint */
  body = g_strdup_printf (_("Mail Setup will accept this certificate for this server only, and only as long as its fingerprint stays\n%s\n\n"
                            "If someone else is pretending to be your server, they could read your password and your mail. "
                            "Only continue if you know this server uses its own certificate."),
                          info->sha256);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "trust", _("_Trust and Check Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "trust",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "host", g_strdup (host), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "sha256", g_strdup (info->sha256), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (trust_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
about_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  static const char *developers[] = { "The Mail Setup contributors", NULL };

  adw_show_about_window (GTK_WINDOW (widget),
                         "application-name", _("Mail Setup"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Mail Setup contributors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Set up a mail account and find out why it does not work"),
                         "website", "https://github.com/mailsetup/mail-setup",
                         "issue-url", "https://github.com/mailsetup/mail-setup/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: your names, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

/* ------------------------------------------------------------------------------------------ */

void
_mail_setup_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "win.add-account", "s", add_account_action);
  gtk_widget_class_install_action (widget_class, "win.troubleshoot", "s", troubleshoot_action);
  gtk_widget_class_install_action (widget_class, "win.remove-account", "s", remove_account_action);
  gtk_widget_class_install_action (widget_class, "win.settings-continue", NULL, settings_continue_action);
  gtk_widget_class_install_action (widget_class, "win.enable-imap-done", NULL, enable_imap_done_action);
  gtk_widget_class_install_action (widget_class, "win.go-enable-imap", NULL, go_enable_imap_action);
  gtk_widget_class_install_action (widget_class, "win.oauth-start", NULL, oauth_start_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in-password", NULL, sign_in_password_action);
  gtk_widget_class_install_action (widget_class, "win.use-password", NULL, use_password_action);
  gtk_widget_class_install_action (widget_class, "win.save-client-id", NULL, save_client_id_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in-again", NULL, sign_in_again_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.edit-settings", NULL, edit_settings_action);
  gtk_widget_class_install_action (widget_class, "win.use-suggested-settings", NULL,
                                   use_suggested_settings_action);
  gtk_widget_class_install_action (widget_class, "win.done", NULL, done_action);
  gtk_widget_class_install_action (widget_class, "win.show-export", NULL, show_export_action);
  gtk_widget_class_install_action (widget_class, "win.trust-certificate", NULL, trust_certificate_action);
  gtk_widget_class_install_action (widget_class, "win.save-report", NULL, save_report_action);
  gtk_widget_class_install_action (widget_class, "win.copy-report", NULL, copy_report_action);
  gtk_widget_class_install_action (widget_class, "win.open-url", "s", open_url_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action);
  gtk_widget_class_install_action (widget_class, "win.check-other-app", "u", check_other_app_action);
  gtk_widget_class_install_action (widget_class, "win.add-to-goa", NULL, add_to_goa_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Back, 0, "win.back", NULL);
}
