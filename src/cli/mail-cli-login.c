/* mail-cli-login.c: `login`: sign in and save the account in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-cli-login.h"

/* The keyring is checked before the browser opens: a sign-in that cannot be saved is
 * not started. This is also when a locked keyring asks to be unlocked. */
static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  MailCliRun *run = user_data;

  run->ok = mail_account_store_check_finish (MAIL_ACCOUNT_STORE (object), result, &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

static gboolean
keyring_preflight (MailCliRun       *run,
                   MailAccountStore *store)
{
  mail_account_store_check_async (store, run->cancellable, check_cb, run);
  mail_cli_run_wait (run, 0);

  return run->ok;
}

static MailProvider *
find_provider (MailCliCommon *common,
               const char    *email)
{
  MailProvider *provider = NULL;

  if (common->provider_id != NULL)
    return mail_provider_registry_lookup (common->registry, common->provider_id);

  provider = mail_provider_registry_lookup_domain (common->registry, mail_email_domain (email));
  if (provider != NULL)
    return provider;

  /* One --provider-file and no other hint: that provider is meant. */
  if (common->provider_files != NULL && g_strv_length (common->provider_files) == 1)
    {
      GPtrArray *providers = mail_provider_registry_list (common->registry);

      for (guint i = 0; providers != NULL && i < providers->len; i++)
        {
          MailProvider *candidate = g_ptr_array_index (providers, i);

          if (candidate->path != NULL &&
              g_strcmp0 (candidate->path, common->provider_files[0]) == 0)
            provider = candidate;
        }
    }

  return provider;
}

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

static gboolean
choose_kind (MailProvider  *provider,
             const char    *auth,
             gboolean       password_stdin,
             MailAuthKind  *kind,
             GError       **error)
{
  if (auth != NULL)
    {
      if (!mail_auth_kind_from_string (auth, kind) || *kind == MAIL_AUTH_NONE)
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("--auth must be oauth2, password or app-password."));
          return FALSE;
        }
      if (*kind == MAIL_AUTH_OAUTH2 && (provider == NULL || !provider->has_oauth))
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("This provider does not offer OAuth2 sign-in."));
          return FALSE;
        }
      if (*kind == MAIL_AUTH_OAUTH2 && password_stdin)
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("--password-stdin does not go with --auth oauth2."));
          return FALSE;
        }
      return TRUE;
    }

  if (provider == NULL)
    *kind = MAIL_AUTH_PASSWORD;
  else if (password_stdin)
    *kind = mail_provider_supports_auth (provider, MAIL_AUTH_APP_PASSWORD) &&
            !mail_provider_supports_auth (provider, MAIL_AUTH_PASSWORD)
              ? MAIL_AUTH_APP_PASSWORD : MAIL_AUTH_PASSWORD;
  else if (provider->has_oauth && mail_provider_supports_auth (provider, MAIL_AUTH_OAUTH2))
    *kind = MAIL_AUTH_OAUTH2;
  else if (provider->imap.n_auth > 0 && provider->imap.auth[0] != MAIL_AUTH_NONE)
    *kind = provider->imap.auth[0];
  else
    *kind = MAIL_AUTH_PASSWORD;

  return TRUE;
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

int
mail_cli_login (MailCliCommon  *common,
                int             argc,
                char          **argv)
{
  MailCliRun run = { .common = common, .stage = "authorize" };
  gboolean password_stdin = FALSE;
  g_autofree char *auth = NULL;
  g_autofree char *tenant = NULL;
  g_autofree char *shared = NULL;
  g_autoptr(MailProvider) tenant_provider = NULL;
  const GOptionEntry entries[] = {
    { "no-browser", 0, 0, G_OPTION_ARG_NONE, &run.no_browser,
      N_("Print the address to open instead of opening a browser (SSH)"), NULL },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read a password or app password from standard input"), NULL },
    { "auth", 0, 0, G_OPTION_ARG_STRING, &auth,
      N_("oauth2, password or app-password (default: the provider’s first)"), N_("KIND") },
    { "device-code", 0, 0, G_OPTION_ARG_NONE, &run.device_code,
      N_("Sign in on any other device with a code (no browser on this computer)"), NULL },
    { "shared", 0, 0, G_OPTION_ARG_STRING, &shared,
      N_("Open this shared or delegated mailbox, signed in as EMAIL (OAuth2)"), N_("MAILBOX") },
    { "tenant", 0, 0, G_OPTION_ARG_STRING, &tenant,
      N_("Microsoft: sign in through this organisation (directory ID or domain) instead of "
         "“common”"), N_("TENANT") },
    { NULL }
  };
  g_autoptr(MailAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;
  MailProvider *provider;
  MailAuthKind kind;
  const char *email;
  int status;

  status = mail_cli_parse_email_command (common,
                                         _("EMAIL — sign in and save the account in the keyring"),
                                         entries, &argc, &argv, TRUE);
  if (status >= 0)
    return status;

  email = argv[1];
  provider = find_provider (common, email);
  if (!choose_kind (provider, auth, password_stdin, &kind, &error))
    return mail_cli_usage_error (common, "%s", error->message);

  if (kind == MAIL_AUTH_OAUTH2 && provider == NULL)
    return mail_cli_usage_error (common, _("Mail Setup does not know the provider of %s: "
                                           "give --provider or --provider-file."), email);
  if (shared != NULL)
    {
      g_autoptr(GError) shared_error = NULL;

      if (kind != MAIL_AUTH_OAUTH2 || provider == NULL)
        return mail_cli_usage_error (common, "%s",
                                     _("--shared goes only with OAuth2 sign-in."));
      if (!mail_email_validate (shared, &shared_error))
        return mail_cli_usage_error (common, "%s", shared_error->message);
      if (g_ascii_strcasecmp (shared, email) == 0)
        return mail_cli_usage_error (common, "%s",
                                     _("--shared names another mailbox than your own."));
      run.shared = shared;
    }
  if (tenant != NULL)
    {
      if (kind != MAIL_AUTH_OAUTH2 || provider == NULL)
        return mail_cli_usage_error (common, "%s", _("--tenant goes only with OAuth2 sign-in."));
      /* The tenant's addresses are stored with the account: refreshes use them too. */
      tenant_provider = mail_provider_with_tenant (provider, tenant, &error);
      if (tenant_provider == NULL)
        return mail_cli_usage_error (common, "%s", error->message);
      provider = tenant_provider;
    }
  if (run.device_code &&
      (kind != MAIL_AUTH_OAUTH2 || provider == NULL ||
       provider->device_authorization_url == NULL))
    return mail_cli_usage_error (common, _("%s offers no sign-in with a code (--device-code)."),
                                 provider != NULL ? provider->name : email);

  run.cancellable = g_cancellable_new ();
  store = mail_account_store_new (common->registry);

  if (!keyring_preflight (&run, store))
    status = mail_cli_run_fail (&run);
  else if (kind == MAIL_AUTH_OAUTH2 && run.device_code)
    status = mail_cli_login_device (&run, store, provider, email);
  else if (kind == MAIL_AUTH_OAUTH2)
    status = mail_cli_login_browser (&run, store, provider, email);
  else
    status = mail_cli_login_password (&run, store, provider, email, kind, password_stdin);

  mail_cli_run_clear (&run);
  return status;
}
