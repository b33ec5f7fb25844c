/* mail-setup-window-sign-in.c: the wizard's sign-in: browser (OAuth2 loopback), device code
 * where no browser opens, or a password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "mail-diagnosis-error.h"
#include "mail-oauth-client-id.h"
#include "mail-oauth-device.h"
#include "mail-oauth-flow.h"

#include "mail-setup-window-private.h"

/* ------------------------------------------------------------------------------------------ */
/* Sign-in */

static void
authorize_url_cb (MailOAuthFlow *flow,
                  const char    *url,
                  gpointer       user_data)
{
  MailSetupWindow *self = user_data;

  mail_setup_sign_in_page_set_auth_url (self->sign_in_page, url);
}

static gboolean start_device_flow_idle (gpointer user_data);

static void
browser_failed_cb (MailOAuthFlow *flow,
                   const char    *message,
                   gpointer       user_data)
{
  MailSetupWindow *self = user_data;

  /* No browser here (a remote session, a kiosk): sign in with a code on another device. */
  if (window_settings (self) != NULL && window_settings (self)->provider != NULL &&
      mail_setup_journey_get_sign_in_provider (self->journey)->device_authorization_url != NULL)
    {
      g_idle_add (start_device_flow_idle, g_object_ref (self));
      return;
    }
  mail_setup_sign_in_page_set_message (self->sign_in_page,
                                       _("The browser could not be opened. Copy the link and open it in a browser yourself."));
}

static void oauth_finished (MailSetupWindow *self,
                            MailOAuthTokens *tokens,
                            GError          *error);

static void
device_user_code_cb (MailOAuthDeviceFlow *flow,
                     const char          *user_code,
                     const char          *verification_uri,
                     const char          *verification_uri_complete,
                     gint64               expires_in,
                     gpointer             user_data)
{
  MailSetupWindow *self = user_data;

  mail_setup_sign_in_page_show_device_code (self->sign_in_page, verification_uri, user_code);
  mail_setup_sign_in_page_set_auth_url (self->sign_in_page,
                                        verification_uri_complete != NULL
                                          ? verification_uri_complete : verification_uri);
}

static void
device_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;

  g_signal_handlers_disconnect_by_data (object, self);
  tokens = mail_oauth_device_flow_run_finish (MAIL_OAUTH_DEVICE_FLOW (object), result, &error);
  if (tokens == NULL && was_cancelled (error))
    return;
  _mail_setup_window_end_work (self);
  oauth_finished (self, g_steal_pointer (&tokens), g_steal_pointer (&error));
}

static gboolean
start_device_flow_idle (gpointer user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailOAuthDeviceFlow) flow = NULL;

  if (_mail_setup_window_is_gone (self) || mail_setup_journey_get_provider (self->journey) == NULL ||
      mail_setup_journey_get_sign_in_provider (self->journey)->device_authorization_url == NULL)
    return G_SOURCE_REMOVE;

  flow = mail_oauth_device_flow_new (mail_setup_journey_get_sign_in_provider (self->journey),
                                     mail_setup_journey_get_sign_in_email (self->journey));
  if (self->tls_database != NULL)
    mail_oauth_device_flow_set_tls_database (flow, self->tls_database);
  g_signal_connect (flow, "user-code", G_CALLBACK (device_user_code_cb), self);
  /* Ends the browser sign-in that is still waiting. */
  _mail_setup_window_begin_work (self);
  g_set_object (&self->worker, G_OBJECT (flow));
  mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_WAITING);
  mail_oauth_device_flow_run_async (flow, self->cancellable, device_done_cb,
                                    g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
oauth_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  g_autoptr(MailOAuthTokens) tokens = NULL;
  g_autoptr(GError) error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;

  g_signal_handlers_disconnect_by_data (object, self);
  tokens = mail_oauth_flow_run_finish (MAIL_OAUTH_FLOW (object), result, &error);
  if (tokens == NULL && was_cancelled (error))
    return;
  _mail_setup_window_end_work (self);
  oauth_finished (self, g_steal_pointer (&tokens), g_steal_pointer (&error));
}

/* Takes tokens and error (a MAIL_DIAGNOSIS_ERROR when they are NULL). */
static void
oauth_finished (MailSetupWindow *self,
                MailOAuthTokens *tokens_in,
                GError          *error_in)
{
  g_autoptr(MailOAuthTokens) tokens = tokens_in;
  g_autoptr(GError) error = error_in;

  if (tokens == NULL)
    {
      const MailDiagnosis *diagnosis = mail_diagnosis_from_error (error);

      mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_OAUTH);
      if (diagnosis != NULL && g_strcmp0 (diagnosis->code, "oauth-client-id-missing") == 0)
        {
          _mail_setup_window_show_sign_in (self, FALSE);
          return;
        }
      g_return_if_fail (diagnosis != NULL);
      _mail_setup_window_show_other_failure (self, mail_diagnosis_copy (diagnosis));
      return;
    }

  mail_setup_journey_set_tokens (self->journey, tokens);
  mail_setup_journey_set_from_keyring (self->journey, FALSE);
  mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_OAUTH);
  _mail_setup_window_start_check (self);
}

static gboolean
client_id_configured (MailSetupWindow *self)
{
  g_autofree char *client_id = NULL;
  g_autofree char *client_secret = NULL;
  g_autofree char *source = NULL;

  MailProvider *provider = mail_setup_journey_get_provider (self->journey);

  return provider == NULL
         || mail_oauth_client_id_resolve (provider, &client_id, &client_secret, &source);
}

void
_mail_setup_window_show_sign_in (MailSetupWindow *self,
                                 gboolean         push)
{
  MailAccountSettings *settings = window_settings (self);
  const MailProvider *provider = settings->provider;
  MailAuthKind auth;
  MailSetupSignInMode mode;

  /* Browser sign-in needs the provider's OAuth2 endpoints; without them, a password. */
  if (settings->auth == MAIL_AUTH_OAUTH2 && (provider == NULL || !provider->has_oauth))
    mail_setup_journey_set_auth (self->journey, MAIL_AUTH_PASSWORD);
  /* No client ID in this build: an app password where the provider takes one (Gmail), never
   * registration instructions on the way; elsewhere a plain page says what to do. */
  if (settings->auth == MAIL_AUTH_OAUTH2 && !client_id_configured (self))
    {
      if (mail_provider_supports_auth (provider, MAIL_AUTH_APP_PASSWORD))
        mail_setup_journey_set_auth (self->journey, MAIL_AUTH_APP_PASSWORD);
      else if (mail_provider_supports_auth (provider, MAIL_AUTH_PASSWORD))
        mail_setup_journey_set_auth (self->journey, MAIL_AUTH_PASSWORD);
    }
  /* The page shows the account's words itself (it follows the journey). */
  auth = settings->auth;
  mail_setup_sign_in_page_set_message (self->sign_in_page, NULL);
  if (auth == MAIL_AUTH_OAUTH2)
    mode = client_id_configured (self) ? MAIL_SETUP_SIGN_IN_OAUTH : MAIL_SETUP_SIGN_IN_CLIENT_ID;
  else
    mode = MAIL_SETUP_SIGN_IN_PASSWORD;
  mail_setup_sign_in_page_set_mode (self->sign_in_page, mode);
  _mail_setup_window_show_page (self, "sign-in", push);
}

/* The browser sign-in ("win.oauth-start"). */
void
_mail_setup_window_start_oauth (MailSetupWindow *self)
{
  MailProvider *provider = mail_setup_journey_get_provider (self->journey);
  g_autoptr(MailOAuthFlow) flow = NULL;

  if (provider == NULL || !provider->has_oauth)
    return;

  flow = mail_oauth_flow_new (mail_setup_journey_get_sign_in_provider (self->journey),
                              mail_setup_journey_get_sign_in_email (self->journey));
  if (self->tls_database != NULL)
    mail_oauth_flow_set_tls_database (flow, self->tls_database);
  g_signal_connect (flow, "authorize-url", G_CALLBACK (authorize_url_cb), self);
  g_signal_connect (flow, "browser-failed", G_CALLBACK (browser_failed_cb), self);
  _mail_setup_window_begin_work (self);
  g_set_object (&self->worker, G_OBJECT (flow));
  mail_setup_sign_in_page_set_message (self->sign_in_page, NULL);
  mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_WAITING);
  mail_oauth_flow_run_async (flow, self->cancellable, oauth_done_cb, g_object_ref (self));
}
