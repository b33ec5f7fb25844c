/* mail-setup-window-sign-in.c: the wizard's sign-in: browser (OAuth2 loopback), device code
 * where no browser opens, or a password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "mail-diagnosis-error.h"
#include "mail-oauth-client-id.h"
#include "mail-oauth-device.h"
#include "mail-oauth-flow.h"
#include "mail-test-hooks.h"
#include "mail-sign-in-health.h"

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

/* A sign-in flow (browser or device code) ended: tokens, or error; a cancelled one ends
 * quietly. Takes both. */
static void
flow_done (MailSetupWindow *self,
           MailOAuthTokens *tokens,
           GError          *error)
{
  if (tokens == NULL && was_cancelled (error))
    {
      g_error_free (error);
      return;
    }
  _mail_setup_window_end_work (self);
  oauth_finished (self, tokens, error);
}

static void
device_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MailSetupWindow) self = user_data;
  MailOAuthTokens *tokens;
  GError *error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;

  g_signal_handlers_disconnect_by_data (object, self);
  tokens = mail_oauth_device_flow_run_finish (MAIL_OAUTH_DEVICE_FLOW (object), result, &error);
  flow_done (self, tokens, error);
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
  MailOAuthTokens *tokens;
  GError *error = NULL;

  if (_mail_setup_window_is_gone (self))
    return;

  g_signal_handlers_disconnect_by_data (object, self);
  tokens = mail_oauth_flow_run_finish (MAIL_OAUTH_FLOW (object), result, &error);
  flow_done (self, tokens, error);
}

/* The provider's sign-in goes through Microsoft's shared "common" address: a tenant fits. */
static gboolean
can_take_tenant (MailSetupWindow *self)
{
  MailProvider *provider = mail_setup_journey_get_provider (self->journey);

  return provider != NULL && provider->has_oauth && provider->authorize_url != NULL
         && strstr (provider->authorize_url, "/common/") != NULL;
}

/* AADSTS50194, or AADSTS700016 saying the app is "not configured as a multi-tenant
 * application". */
static gboolean
is_tenant_refusal (const MailDiagnosis *diagnosis,
                   const GError        *error)
{
  const char *words[] = { diagnosis->server_text, error != NULL ? error->message : NULL };

  if (g_strcmp0 (diagnosis->code, "oauth-tenant-required") == 0)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (words[i] != NULL && (strstr (words[i], "AADSTS50194") != NULL
                             || strstr (words[i], "not configured as a multi-tenant") != NULL))
      return TRUE;
  return FALSE;
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
      /* A single-tenant app, or an organisation refusing "common": ask the tenant here. */
      if (can_take_tenant (self) && is_tenant_refusal (diagnosis, error))
        {
          _mail_setup_window_show_sign_in (self, FALSE);
          mail_setup_sign_in_page_ask_tenant (self->sign_in_page,
                                              _("Your organisation lets you sign in only through "
                                                "its own address (AADSTS50194). Enter its domain "
                                                "(such as contoso.com) or directory (tenant) ID "
                                                "here, then sign in again. It is saved with the "
                                                "account."));
          return;
        }
      /* The browser shows such a refusal only on its page: offer the field for the next try. */
      if (can_take_tenant (self) && g_strcmp0 (diagnosis->code, "oauth-timeout") == 0)
        {
          MailDiagnosis *copy = mail_diagnosis_copy (diagnosis);

          mail_setup_sign_in_page_ask_tenant (self->sign_in_page,
                                              _("If the sign-in page said AADSTS50194 or “not "
                                                "configured as a multi-tenant application”, enter "
                                                "your organisation’s domain (such as contoso.com) "
                                                "or directory (tenant) ID here, then sign in "
                                                "again."));
          g_ptr_array_insert (copy->fixes, 0,
                              g_strdup (_("If the sign-in page said AADSTS50194 or “not configured "
                                          "as a multi-tenant application”, choose Sign In Again "
                                          "and enter your organisation’s domain (such as "
                                          "contoso.com) or directory (tenant) ID in the field "
                                          "shown there.")));
          _mail_setup_window_show_other_failure (self, copy);
          return;
        }
      _mail_setup_window_show_other_failure (self, mail_diagnosis_copy (diagnosis));
      return;
    }

  _mail_setup_window_note_sign_in_health (self, NULL);
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
  /* A new sign-in: the stored one's end no longer applies. */
  _mail_setup_window_note_sign_in_health (self, NULL);
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

  /* The tenant asked after a refusal: the sign-in (and the stored account) goes through it. */
  {
    g_autofree char *tenant = mail_setup_sign_in_page_dup_tenant (self->sign_in_page);
    g_autoptr(GError) error = NULL;
    MailProvider *tenant_provider;

    if (tenant != NULL)
      {
        tenant_provider = mail_provider_with_tenant (provider, tenant, &error);
        if (tenant_provider == NULL)
          {
            mail_setup_sign_in_page_set_message (self->sign_in_page, error->message);
            return;
          }
        mail_setup_journey_set_advanced (self->journey,
                                         mail_setup_journey_get_delegate (self->journey),
                                         tenant_provider);
        mail_setup_journey_clear_credential (self->journey);
        /* Advanced on the settings page shows the same tenant when the person goes back. */
        gtk_editable_set_text (mail_setup_settings_page_get_advanced_editable (self->settings_page,
                                                                               "tenant"),
                               tenant);
      }
  }

  flow = mail_oauth_flow_new (mail_setup_journey_get_sign_in_provider (self->journey),
                              mail_setup_journey_get_sign_in_email (self->journey));
  if (self->tls_database != NULL)
    mail_oauth_flow_set_tls_database (flow, self->tls_database);
  /* Tests only: a browser sign-in that never comes back ends sooner than after 5 minutes. */
  if (mail_test_hooks_get_oauth_timeout () > 0)
    mail_oauth_flow_set_timeout (flow, mail_test_hooks_get_oauth_timeout ());
  g_signal_connect (flow, "authorize-url", G_CALLBACK (authorize_url_cb), self);
  g_signal_connect (flow, "browser-failed", G_CALLBACK (browser_failed_cb), self);
  _mail_setup_window_begin_work (self);
  g_set_object (&self->worker, G_OBJECT (flow));
  mail_setup_sign_in_page_set_message (self->sign_in_page, NULL);
  mail_setup_sign_in_page_set_mode (self->sign_in_page, MAIL_SETUP_SIGN_IN_WAITING);
  mail_oauth_flow_run_async (flow, self->cancellable, oauth_done_cb, g_object_ref (self));
}

void
_mail_setup_window_note_sign_in_health (MailSetupWindow         *self,
                                        const MailStoredAccount *account)
{
  MailSignInHealth health = { MAIL_SIGN_IN_END_NONE, 0 };
  g_autofree char *notice = NULL;

  if (account != NULL && account->settings != NULL)
    health = mail_sign_in_health (account, account->settings->provider);
  if (health.end != MAIL_SIGN_IN_END_NONE
      && health.ends_at - g_get_real_time () / G_USEC_PER_SEC <= MAIL_SIGN_IN_WARN_SECONDS)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (health.ends_at);
      /* Translators: a date, strftime format: "3 December 2026" */
      g_autofree char *date = g_date_time_format (time, _("%-d %B %Y"));

      if (health.end == MAIL_SIGN_IN_END_TESTING)
        /* Translators: %s is a date */
        notice = g_strdup_printf (_("Your sign-in may end on %s: the app it was made with may "
                                    "still be in testing at the provider, and such sign-ins end "
                                    "after a few days. Sign in again before then: enter your "
                                    "address on the first page and sign in with the browser."),
                                  date);
      else
        /* Translators: %s is a date */
        notice = g_strdup_printf (_("Your sign-in ends on %s unless it is used before: use the "
                                    "account in your mail app to keep it, or enter your address "
                                    "on the first page and sign in again."), date);
    }
  mail_setup_result_page_set_sign_in_notice (self->result_page, notice);
}
