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
