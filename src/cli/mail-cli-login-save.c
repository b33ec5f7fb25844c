/* mail-cli-login-save.c: saving what a sign-in gave (tokens or a password) as an account in
 * the keyring, and saying so; shared by the browser, device-code and password sign-ins
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-cli-login.h"

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  MailCliRun *run = user_data;

  run->ok = mail_account_store_save_finish (MAIL_ACCOUNT_STORE (object), result, &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

MailAccountSettings *
mail_cli_login_settings_for (MailProvider *provider,
                             const char   *email,
                             MailAuthKind  kind)
{
  MailAccountSettings *settings;

  if (provider == NULL)
    {
      settings = mail_account_settings_new (email);
      settings->auth = kind;
      return settings;
    }

  settings = mail_account_settings_new_from_provider (provider, email);
  settings->auth = kind;
  if (settings->imap != NULL)
    settings->imap->auth = kind;
  if (settings->smtp != NULL)
    settings->smtp->auth = kind;
  return settings;
}

/* The account an OAuth2 sign-in as email saves: email's own, or with --shared the mailbox,
 * opened with email's tokens under the provider's SharedMailboxUsername. */
static MailStoredAccount *
oauth_account_for (MailCliRun   *run,
                   MailProvider *provider,
                   const char   *email)
{
  g_autoptr(MailAccountSettings) settings = NULL;
  MailStoredAccount *account;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (run->shared == NULL)
    {
      account = mail_stored_account_new (settings = mail_cli_login_settings_for (provider, email,
                                                                  MAIL_AUTH_OAUTH2));
      account->signed_in_at = account->refreshed_at = now;
      return account;
    }

  settings = mail_cli_login_settings_for (provider, run->shared, MAIL_AUTH_OAUTH2);
  if (settings->imap != NULL)
    {
      g_free (settings->imap->username);
      settings->imap->username = mail_provider_shared_username (provider, run->shared, email);
    }
  if (settings->smtp != NULL)
    {
      g_free (settings->smtp->username);
      settings->smtp->username = mail_provider_shared_username (provider, run->shared, email);
    }
  account = mail_stored_account_new (settings);
  account->signed_in_as = g_strdup (email);
  account->signed_in_at = account->refreshed_at = now;
  return account;
}

static int
print_saved (MailCliRun              *run,
             const MailStoredAccount *account)
{
  const MailAccountSettings *settings = account->settings;
  g_autofree char *expires = mail_cli_format_time (account->expires_at);

  if (run->common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, settings->email);
      mail_cli_add_optional_string (builder, "provider", settings->provider_id);
      mail_cli_add_optional_string (builder, "provider_name", settings->provider_name);
      json_builder_set_member_name (builder, "auth");
      json_builder_add_string_value (builder, mail_auth_kind_to_string (settings->auth));
      mail_cli_add_optional_string (builder, "expires_at", expires);
      mail_cli_add_optional_string (builder, "signed_in_as", account->signed_in_as);
      json_builder_end_object (builder);
      mail_cli_print_json (builder);
    }
  else if (account->signed_in_as != NULL)
    {
      /* TRANSLATORS: "Saved shared@example.org, signed in as alice@example.org (Microsoft 365,
       * oauth2), in the keyring." */
      mail_cli_print (_("Saved %s, signed in as %s (%s, %s), in the keyring.\n"), settings->email,
                      account->signed_in_as,
                      settings->provider_name != NULL ? settings->provider_name
                                                      : _("no known provider"),
                      mail_auth_kind_to_string (settings->auth));
    }
  else
    {
      /* TRANSLATORS: "Saved alice@example.org (Outlook.com, oauth2) in the keyring." */
      mail_cli_print (_("Saved %s (%s, %s) in the keyring.\n"), settings->email,
                      settings->provider_name != NULL ? settings->provider_name
                                                      : _("no known provider"),
                      mail_auth_kind_to_string (settings->auth));
    }

  return MAIL_CLI_EXIT_OK;
}

int
mail_cli_login_save (MailCliRun        *run,
                     MailAccountStore  *store,
                     MailStoredAccount *account)
{
  mail_account_store_save_async (store, account, run->cancellable, save_cb, run);
  mail_cli_run_wait (run, 0);

  if (!run->ok)
    return mail_cli_run_fail (run);
  return print_saved (run, account);
}

int
mail_cli_login_save_tokens (MailCliRun       *run,
                            MailAccountStore *store,
                            MailProvider     *provider,
                            const char       *email,
                            const char       *client_id,
                            const char       *client_secret)
{
  g_autoptr(MailStoredAccount) account = NULL;

  if (run->tokens == NULL)
    return mail_cli_run_fail (run);

  account = oauth_account_for (run, provider, email);
  account->access_token = g_steal_pointer (&run->tokens->access_token);
  account->refresh_token = g_steal_pointer (&run->tokens->refresh_token);
  account->expires_at = run->tokens->expires_at;
  /* The scopes asked for (with offline_access, which providers leave out of the granted
   * list): a refresh asks for the same again. */
  account->scopes = provider->scopes != NULL ? g_strjoinv (" ", provider->scopes)
                                             : g_strdup (run->tokens->scope);
  account->token_url = g_strdup (provider->token_url);
  account->client_id = g_strdup (client_id);
  account->client_secret = g_strdup (client_secret);

  return mail_cli_login_save (run, store, account);
}
