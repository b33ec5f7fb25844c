/* mail-cli-keyring.c: `token`, `accounts` and `forget`: the saved accounts in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "mail-cli-login.h"
#include "mail-cli-other-apps.h"
#include "mail-credential.h"
#include "mail-sign-in-health.h"

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  MailCliRun *run = user_data;

  run->accounts = mail_account_store_list_finish (MAIL_ACCOUNT_STORE (object), result,
                                                  &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

/* --- token --------------------------------------------------------------------------------- */

static void
credential_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  MailCliRun *run = user_data;

  run->secret = mail_credential_get_finish (result, &run->kind, NULL, &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

int
mail_cli_token (MailCliCommon  *common,
                int             argc,
                char          **argv)
{
  MailCliRun run = { .common = common, .stage = "refresh" };
  g_autoptr(MailAccountStore) store = NULL;
  int status;

  /* `token` runs for every connection a mail client makes: an unexpired token, or a refresh
   * with the endpoint and client ID stored by `login`, needs no provider definitions. */
  common->defer_providers = TRUE;
  status = mail_cli_parse_email_command (common, _("EMAIL — print a valid access token (for "
                                                   "other mail clients)"),
                                         NULL, &argc, &argv, TRUE);
  if (status >= 0)
    return status;

  run.cancellable = g_cancellable_new ();
  store = mail_account_store_new (common->registry);
  mail_credential_get_async (store, argv[1], common->deadline, run.cancellable, credential_cb,
                             &run);
  mail_cli_run_wait (&run, common->timeout_s > 0 ? common->timeout_s : 0);

  /* A refresh that needs the provider's endpoint and client ID (an account the wizard saved):
   * the store said so before any request; again, with the providers. */
  if (run.secret == NULL && !common->providers_loaded && run.diagnosis != NULL
      && g_strcmp0 (run.diagnosis->code, "oauth-client-id-missing") == 0)
    {
      g_clear_pointer (&run.diagnosis, mail_diagnosis_free);
      g_clear_error (&run.error);
      run.done = FALSE;
      mail_cli_common_load_providers (common);
      g_clear_object (&store);
      store = mail_account_store_new (common->registry);
      mail_credential_get_async (store, argv[1], 0, run.cancellable, credential_cb, &run);
      mail_cli_run_wait (&run, common->timeout_s > 0 ? common->timeout_s : 0);
    }

  if (run.secret == NULL)
    status = mail_cli_run_fail (&run);
  else if (common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      /* The one place a secret is printed: it is what this command is for. */
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, argv[1]);
      json_builder_set_member_name (builder, "auth");
      json_builder_add_string_value (builder, mail_auth_kind_to_string (run.kind));
      json_builder_set_member_name (builder, "token");
      json_builder_add_string_value (builder, run.secret);
      json_builder_end_object (builder);
      mail_cli_print_json (builder);
      status = MAIL_CLI_EXIT_OK;
    }
  else
    {
      printf ("%s\n", run.secret);
      fflush (stdout);
      status = MAIL_CLI_EXIT_OK;
    }

  mail_cli_run_clear (&run);
  return status;
}

/* --- accounts ------------------------------------------------------------------------------ */

/* The sign-in health of a saved account by its provider's rules; *warning: what to do ahead of
 * its end, or NULL. */
static MailSignInHealth
account_health (const MailStoredAccount  *account,
                MailProviderRegistry     *registry,
                char                    **warning)
{
  const MailAccountSettings *settings = account->settings;
  MailProvider *provider = settings->provider_id != NULL
    ? mail_provider_registry_lookup (registry, settings->provider_id) : NULL;
  MailSignInHealth health = mail_sign_in_health (account, provider);

  *warning = mail_sign_in_health_warning (&health, settings->email,
                                          g_get_real_time () / G_USEC_PER_SEC);
  return health;
}

/* A moment in local time, for people. */
static char *
format_local (gint64      unix_seconds,
              const char *format)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_seconds);

  return time != NULL ? g_date_time_format (time, format) : g_strdup ("?");
}

static void
print_accounts_json (GPtrArray            *accounts,
                     MailProviderRegistry *registry)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      const MailStoredAccount *account = g_ptr_array_index (accounts, i);
      const MailAccountSettings *settings = account->settings;
      g_autofree char *expires = mail_cli_format_time (account->expires_at);
      g_autofree char *verified = settings->verified_at != NULL
                                    ? g_date_time_format_iso8601 (settings->verified_at) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, settings->email);
      mail_cli_add_optional_string (builder, "provider", settings->provider_id);
      mail_cli_add_optional_string (builder, "provider_name", settings->provider_name);
      json_builder_set_member_name (builder, "auth");
      json_builder_add_string_value (builder, mail_auth_kind_to_string (settings->auth));
      mail_cli_add_optional_string (builder, "expires_at", expires);
      mail_cli_add_optional_string (builder, "verified_at", verified);
      {
        g_autofree char *tenant = mail_provider_tenant_from_url (account->token_url);

        mail_cli_add_optional_string (builder, "tenant", tenant);
      }
      mail_cli_add_optional_string (builder, "signed_in_as", account->signed_in_as);
      {
        g_autofree char *warning = NULL;
        MailSignInHealth health = account_health (account, registry, &warning);
        g_autofree char *signed_in = mail_cli_format_time (account->signed_in_at);
        g_autofree char *refreshed = mail_cli_format_time (account->refreshed_at);
        g_autofree char *ends = mail_cli_format_time (health.ends_at);

        mail_cli_add_optional_string (builder, "signed_in_at", signed_in);
        mail_cli_add_optional_string (builder, "refreshed_at", refreshed);
        mail_cli_add_optional_string (builder, "sign_in_ends_at", ends);
        mail_cli_add_optional_string (builder, "sign_in_end",
                                      mail_sign_in_end_to_string (health.end));
        mail_cli_add_optional_string (builder, "warning", warning);
      }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  mail_cli_print_json (builder);
}

static void
print_accounts_text (GPtrArray            *accounts,
                     MailProviderRegistry *registry)
{
  if (accounts->len == 0)
    {
      mail_cli_print ("%s\n", _("No accounts are saved in the keyring."));
      return;
    }

  for (guint i = 0; i < accounts->len; i++)
    {
      const MailStoredAccount *account = g_ptr_array_index (accounts, i);
      const MailAccountSettings *settings = account->settings;
      g_autofree char *expiry = NULL;

      if (settings->auth == MAIL_AUTH_OAUTH2 && account->expires_at > 0)
        {
          g_autofree char *text = format_local (account->expires_at, "%Y-%m-%d %H:%M:%S %Z");
          gboolean expired = account->expires_at <= g_get_real_time () / G_USEC_PER_SEC;

          expiry = g_strdup_printf (expired ? _("access token expired %s (renewed when used)")
                                            : _("access token valid until %s"), text);
        }

      mail_cli_print ("%-32s %-16s %-12s %s\n", settings->email,
                      settings->provider_id != NULL ? settings->provider_id : "-",
                      mail_auth_kind_to_string (settings->auth), expiry != NULL ? expiry : "");
      {
        g_autofree char *warning = NULL;
        MailSignInHealth health = account_health (account, registry, &warning);

        if (account->refreshed_at > 0)
          {
            g_autofree char *text = format_local (account->refreshed_at, "%Y-%m-%d %H:%M");

            mail_cli_print (_("    last signed in or refreshed %s\n"), text);
          }
        if (health.end != MAIL_SIGN_IN_END_NONE)
          {
            g_autofree char *text = format_local (health.ends_at, "%Y-%m-%d %H:%M");

            mail_cli_print (health.end == MAIL_SIGN_IN_END_TESTING
                              ? _("    sign-in may end %s (app in testing)\n")
                              : _("    sign-in ends %s if unused\n"), text);
          }
        if (warning != NULL)
          mail_cli_print ("    ⚠ %s\n", warning);
      }
    }
}

int
mail_cli_accounts (MailCliCommon  *common,
                   int             argc,
                   char          **argv)
{
  MailCliRun run = { .common = common, .stage = "keyring" };
  g_autoptr(MailAccountStore) store = NULL;
  int status;

  if (mail_cli_other_apps_wanted (argc, argv))
    return mail_cli_other_apps_list (common, argc, argv);

  status = mail_cli_parse_email_command (common,
                                         _("— list the accounts saved in the keyring"),
                                         NULL, &argc, &argv, FALSE);
  if (status >= 0)
    return status;

  run.cancellable = g_cancellable_new ();
  store = mail_account_store_new (common->registry);
  mail_account_store_list_async (store, run.cancellable, list_cb, &run);
  mail_cli_run_wait (&run, common->timeout_s > 0 ? common->timeout_s : 0);

  if (run.accounts == NULL)
    status = mail_cli_run_fail (&run);
  else
    {
      if (common->json)
        print_accounts_json (run.accounts, common->registry);
      else
        print_accounts_text (run.accounts, common->registry);
      status = MAIL_CLI_EXIT_OK;
    }

  mail_cli_run_clear (&run);
  return status;
}

/* --- forget -------------------------------------------------------------------------------- */

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MailCliRun *run = user_data;

  run->ok = mail_account_store_forget_finish (MAIL_ACCOUNT_STORE (object), result, &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

int
mail_cli_forget (MailCliCommon  *common,
                 int             argc,
                 char          **argv)
{
  MailCliRun run = { .common = common, .stage = "keyring" };
  g_autoptr(MailAccountStore) store = NULL;
  int status;

  status = mail_cli_parse_email_command (common,
                                         _("EMAIL — remove an account from the keyring"),
                                         NULL, &argc, &argv, TRUE);
  if (status >= 0)
    return status;

  run.cancellable = g_cancellable_new ();
  store = mail_account_store_new (common->registry);
  mail_account_store_forget_async (store, argv[1], run.cancellable, forget_cb, &run);
  mail_cli_run_wait (&run, common->timeout_s > 0 ? common->timeout_s : 0);

  if (!run.ok)
    status = mail_cli_run_fail (&run);
  else
    {
      if (common->json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "ok");
          json_builder_add_boolean_value (builder, TRUE);
          json_builder_set_member_name (builder, "email");
          json_builder_add_string_value (builder, argv[1]);
          json_builder_end_object (builder);
          mail_cli_print_json (builder);
        }
      else
        mail_cli_print (_("Removed %s from the keyring.\n"), argv[1]);
      status = MAIL_CLI_EXIT_OK;
    }

  mail_cli_run_clear (&run);
  return status;
}
