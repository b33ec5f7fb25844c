/* mail-cli-login.c: `login`, `token`, `accounts` and `forget`: the keyring side of the CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "mail-account-store.h"
#include "mail-cli.h"
#include "mail-cli-other-apps.h"
#include "mail-credential.h"
#include "mail-oauth-device.h"
#include "mail-oauth-flow.h"
#include "mail-oauth-listener.h"
#include "mail-sign-in-health.h"

#define MAX_TERMINAL_SECRET 4096

typedef struct
{
  MailCliCommon     *common;
  const char        *stage;       /* for a failure no diagnosis explains */
  GCancellable      *cancellable;
  gboolean           done;
  gboolean           no_browser;
  gboolean           device_code;
  const char        *shared;      /* --shared MAILBOX, or NULL */
  guint              timeout_id;
  guint              timeout_s;
  gboolean           timed_out;

  /* results */
  MailOAuthTokens   *tokens;
  MailStoredAccount *account;
  GPtrArray         *accounts;
  char              *secret;
  MailAuthKind       kind;
  gboolean           ok;
  MailDiagnosis     *diagnosis;
  GError            *error;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->tokens, mail_oauth_tokens_free);
  g_clear_pointer (&run->account, mail_stored_account_free);
  g_clear_pointer (&run->accounts, g_ptr_array_unref);
  g_clear_pointer (&run->secret, mail_secret_free);
  g_clear_pointer (&run->diagnosis, mail_diagnosis_free);
  g_clear_error (&run->error);
}

static gboolean
interrupt_cb (gpointer user_data)
{
  CliRun *run = user_data;

  /* Ctrl+C: stop waiting, close the listener, save nothing. */
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  CliRun *run = user_data;

  run->timeout_id = 0;
  run->timed_out = TRUE;
  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until run->done, with Ctrl+C (and optionally a time limit) cancelling. */
static void
cli_run_wait (CliRun *run,
              guint   timeout_s)
{
  guint sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, run);
  guint sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, run);

  /* The core ends its network steps at the command's deadline and says which one ran out of
   * time; this timer, a second later, only stops what has no deadline of its own (the
   * keyring). */
  run->timeout_s = timeout_s;
  if (timeout_s > 0)
    {
      gint64 left_ms = run->common->deadline > 0
                         ? (run->common->deadline - g_get_monotonic_time ()) / 1000
                         : (gint64) timeout_s * 1000;

      run->timeout_id = g_timeout_add (MAX (left_ms, 0) + 1000, timeout_cb, run);
    }

  /* GTask never calls back before the main loop runs: the operation is still pending. */
  run->done = FALSE;
  mail_cli_run_until (&run->done);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&run->timeout_id, g_source_remove);
}

/* A failure: the diagnosis when there is one, else the error's sentence. Returns 1. */
static int
cli_run_fail (CliRun *run)
{
  if (run->diagnosis != NULL)
    return mail_cli_print_diagnosis (run->common, run->diagnosis);

  if (g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && run->timed_out)
    {
      g_clear_error (&run->error);
      run->error = g_error_new (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                                _("The keyring did not answer within the time limit "
                                  "(--timeout %u); nothing was changed."), run->timeout_s);
    }
  else if (g_error_matches (run->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (&run->error);
      run->error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                        _("Stopped; nothing was saved or changed."));
    }

  return mail_cli_print_failure (run->common, run->stage,
                                 run->error != NULL ? run->error->message
                                                    : _("The command failed."),
                                 NULL, NULL);
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = NULL;

  if (unix_seconds <= 0)
    return NULL;
  time = g_date_time_new_from_unix_utc (unix_seconds);
  return time != NULL ? g_date_time_format_iso8601 (time) : NULL;
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Parses the options of a command that takes one address. Returns -1 when parsing went
 * well, or the exit status to return. */
static int
parse_email_command (MailCliCommon       *common,
                     const char          *summary,
                     const GOptionEntry  *entries,
                     int                 *argc,
                     char              ***argv,
                     gboolean             needs_email)
{
  g_autoptr(GOptionContext) context = g_option_context_new (summary);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  mail_cli_common_add_options (common, context);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    return mail_cli_usage_error (common, "%s", error->message);
  if (!mail_cli_common_finish (common))
    return MAIL_CLI_EXIT_USAGE;

  if (needs_email)
    {
      if (*argc != 2)
        return mail_cli_usage_error (common, "%s", _("Give exactly one email address."));
      if (!mail_email_validate ((*argv)[1], &error))
        return mail_cli_usage_error (common, "%s", error->message);
    }
  else if (*argc != 1)
    return mail_cli_usage_error (common, "%s", _("This command takes no arguments."));

  return -1;
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CliRun *run = user_data;

  run->accounts = mail_account_store_list_finish (MAIL_ACCOUNT_STORE (object), result,
                                                  &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

/* The keyring is checked before the browser opens: a sign-in that cannot be saved is
 * not started. This is also when a locked keyring asks to be unlocked. */
static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CliRun *run = user_data;

  run->ok = mail_account_store_check_finish (MAIL_ACCOUNT_STORE (object), result, &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

static gboolean
keyring_preflight (CliRun           *run,
                   MailAccountStore *store)
{
  mail_account_store_check_async (store, run->cancellable, check_cb, run);
  cli_run_wait (run, 0);

  return run->ok;
}

/* --- login --------------------------------------------------------------------------------- */

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
authorize_url_cb (MailOAuthFlow *flow,
                  const char    *url,
                  CliRun        *run)
{
  if (run->no_browser)
    {
      g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
      g_autoptr(GHashTable) query = NULL;
      g_autoptr(GUri) redirect = NULL;

      if (uri != NULL && g_uri_get_query (uri) != NULL)
        query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
      if (query != NULL && g_hash_table_lookup (query, "redirect_uri") != NULL)
        redirect = g_uri_parse (g_hash_table_lookup (query, "redirect_uri"), G_URI_FLAGS_NONE,
                                NULL);

      mail_cli_printerr (
        _("Open this address in a browser on this computer to sign in:\n\n  %s\n\n"), url);
      if (redirect != NULL && g_uri_get_port (redirect) > 0)
        mail_cli_printerr (_("The browser comes back to port %d of this computer. If it runs on "
                             "another one, forward that port first (over SSH: type ~C, then "
                             "-L %d:127.0.0.1:%d).\n"),
                           g_uri_get_port (redirect), g_uri_get_port (redirect),
                           g_uri_get_port (redirect));
      mail_cli_printerr ("%s\n", _("Waiting for the browser to come back…"));
    }
  else
    mail_cli_printerr (_("Signing in in your browser… (if no browser opens, open this address:\n"
                         "  %s )\n"), url);
}

static void
browser_failed_cb (MailOAuthFlow *flow,
                   const char    *message,
                   CliRun        *run)
{
  mail_cli_printerr (_("Could not open a browser (%s). Open the address above by hand.\n"),
                     message);
}

static void
flow_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CliRun *run = user_data;

  run->tokens = mail_oauth_flow_run_finish (MAIL_OAUTH_FLOW (object), result, &run->diagnosis,
                                            &run->error);
  run->done = TRUE;
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CliRun *run = user_data;

  run->ok = mail_account_store_save_finish (MAIL_ACCOUNT_STORE (object), result, &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

/* Reads a line from the terminal without echo. */
static char *
read_terminal_secret (const char  *prompt,
                      GError     **error)
{
  struct termios saved, quiet;
  char buffer[MAX_TERMINAL_SECRET];
  char *line;
  gsize length;

  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &saved) != 0)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("Standard input is not a terminal: give the password with "
                     "--password-stdin."));
      return NULL;
    }

  quiet = saved;
  quiet.c_lflag &= ~(ECHO);
  quiet.c_lflag |= ECHONL;
  mail_cli_printerr ("%s", prompt);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
  line = fgets (buffer, sizeof buffer, stdin);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);

  if (line == NULL)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, _("No password was given."));
      return NULL;
    }

  length = strcspn (buffer, "\r\n");
  buffer[length] = '\0';
  line = length > 0 ? g_strdup (buffer) : NULL;
  explicit_bzero (buffer, sizeof buffer);
  if (line == NULL)
    g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, _("No password was given."));
  return line;
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

static MailAccountSettings *
settings_for (MailProvider *provider,
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
oauth_account_for (CliRun       *run,
                   MailProvider *provider,
                   const char   *email)
{
  g_autoptr(MailAccountSettings) settings = NULL;
  MailStoredAccount *account;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (run->shared == NULL)
    {
      account = mail_stored_account_new (settings = settings_for (provider, email,
                                                                  MAIL_AUTH_OAUTH2));
      account->signed_in_at = account->refreshed_at = now;
      return account;
    }

  settings = settings_for (provider, run->shared, MAIL_AUTH_OAUTH2);
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
print_saved (CliRun                  *run,
             const MailStoredAccount *account)
{
  const MailAccountSettings *settings = account->settings;
  g_autofree char *expires = format_time (account->expires_at);

  if (run->common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, settings->email);
      add_optional_string (builder, "provider", settings->provider_id);
      add_optional_string (builder, "provider_name", settings->provider_name);
      json_builder_set_member_name (builder, "auth");
      json_builder_add_string_value (builder, mail_auth_kind_to_string (settings->auth));
      add_optional_string (builder, "expires_at", expires);
      add_optional_string (builder, "signed_in_as", account->signed_in_as);
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

static int
save_account (CliRun            *run,
              MailAccountStore  *store,
              MailStoredAccount *account)
{
  mail_account_store_save_async (store, account, run->cancellable, save_cb, run);
  cli_run_wait (run, 0);

  if (!run->ok)
    return cli_run_fail (run);
  return print_saved (run, account);
}

static int
login_oauth (CliRun           *run,
             MailAccountStore *store,
             MailProvider     *provider,
             const char       *email)
{
  g_autoptr(MailOAuthFlow) flow = mail_oauth_flow_new (provider, email);
  g_autoptr(MailStoredAccount) account = NULL;
  guint timeout_s = run->common->timeout_s > 0 ? run->common->timeout_s
                                               : MAIL_OAUTH_LISTENER_DEFAULT_TIMEOUT;

  mail_oauth_flow_set_open_browser (flow, !run->no_browser);
  mail_oauth_flow_set_timeout (flow, timeout_s);
  mail_oauth_flow_set_tls_database (flow, run->common->tls_database);
  g_signal_connect (flow, "authorize-url", G_CALLBACK (authorize_url_cb), run);
  g_signal_connect (flow, "browser-failed", G_CALLBACK (browser_failed_cb), run);

  mail_oauth_flow_run_async (flow, run->cancellable, flow_cb, run);
  cli_run_wait (run, 0);

  if (run->tokens == NULL)
    return cli_run_fail (run);

  account = oauth_account_for (run, provider, email);
  account->access_token = g_steal_pointer (&run->tokens->access_token);
  account->refresh_token = g_steal_pointer (&run->tokens->refresh_token);
  account->expires_at = run->tokens->expires_at;
  /* The scopes asked for (with offline_access, which providers leave out of the granted
   * list): a refresh asks for the same again. */
  account->scopes = provider->scopes != NULL ? g_strjoinv (" ", provider->scopes)
                                             : g_strdup (run->tokens->scope);
  account->token_url = g_strdup (provider->token_url);
  account->client_id = g_strdup (mail_oauth_flow_get_client_id (flow));
  account->client_secret = g_strdup (mail_oauth_flow_get_client_secret (flow));

  return save_account (run, store, account);
}

/* --- login --device-code (RFC 8628) ---------------------------------------------------- */

static void
user_code_cb (MailOAuthDeviceFlow *flow,
              const char          *user_code,
              const char          *verification_uri,
              const char          *verification_uri_complete,
              gint64               expires_in,
              CliRun              *run)
{
  /* On standard error, so --json keeps one object on standard output. */
  mail_cli_printerr (_("To sign in, open this address on any device (a phone will do):\n\n"
                       "  %s\n\nand enter the code:\n\n  Code: %s\n\n"),
                     verification_uri, user_code);
  mail_cli_printerr (_("Waiting for you to sign in… (the code works for %d minutes)\n"),
                     (int) MAX (1, expires_in / 60));
}

static void
device_flow_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CliRun *run = user_data;

  run->tokens = mail_oauth_device_flow_run_finish (MAIL_OAUTH_DEVICE_FLOW (object), result,
                                                   &run->diagnosis, &run->error);
  run->done = TRUE;
}

static int
login_device (CliRun           *run,
              MailAccountStore *store,
              MailProvider     *provider,
              const char       *email)
{
  g_autoptr(MailOAuthDeviceFlow) flow = mail_oauth_device_flow_new (provider, email);
  g_autoptr(MailStoredAccount) account = NULL;

  /* --timeout ends the wait early; else the code's own lifetime does. */
  mail_oauth_device_flow_set_timeout (flow, run->common->timeout_s);
  mail_oauth_device_flow_set_tls_database (flow, run->common->tls_database);
  g_signal_connect (flow, "user-code", G_CALLBACK (user_code_cb), run);

  mail_oauth_device_flow_run_async (flow, run->cancellable, device_flow_cb, run);
  cli_run_wait (run, 0);

  if (run->tokens == NULL)
    return cli_run_fail (run);

  account = oauth_account_for (run, provider, email);
  account->access_token = g_steal_pointer (&run->tokens->access_token);
  account->refresh_token = g_steal_pointer (&run->tokens->refresh_token);
  account->expires_at = run->tokens->expires_at;
  account->scopes = provider->scopes != NULL ? g_strjoinv (" ", provider->scopes)
                                             : g_strdup (run->tokens->scope);
  account->token_url = g_strdup (provider->token_url);
  account->client_id = g_strdup (mail_oauth_device_flow_get_client_id (flow));
  account->client_secret = g_strdup (mail_oauth_device_flow_get_client_secret (flow));

  return save_account (run, store, account);
}

static int
login_password (CliRun           *run,
                MailAccountStore *store,
                MailProvider     *provider,
                const char       *email,
                MailAuthKind      kind,
                gboolean          password_stdin)
{
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(MailStoredAccount) account = NULL;
  g_autofree char *prompt = NULL;
  char *password;

  if (password_stdin)
    password = mail_cli_read_secret_stdin (&run->error);
  else
    {
      if (provider != NULL && provider->app_password_url != NULL &&
          kind == MAIL_AUTH_APP_PASSWORD)
        mail_cli_printerr (_("%s wants an app password. Create one at %s\n"), provider->name,
                           provider->app_password_url);
      prompt = g_strdup_printf (kind == MAIL_AUTH_APP_PASSWORD
                                  ? _("App password for %s (not shown): ")
                                  : _("Password for %s (not shown): "), email);
      password = read_terminal_secret (prompt, &run->error);
    }

  if (password == NULL)
    return mail_cli_usage_error (run->common, "%s", run->error->message);

  settings = settings_for (provider, email, kind);
  account = mail_stored_account_new (settings);
  account->password = password;

  return save_account (run, store, account);
}

int
mail_cli_login (MailCliCommon  *common,
                int             argc,
                char          **argv)
{
  CliRun run = { .common = common, .stage = "authorize" };
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

  status = parse_email_command (common, _("EMAIL — sign in and save the account in the keyring"),
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
    status = cli_run_fail (&run);
  else if (kind == MAIL_AUTH_OAUTH2 && run.device_code)
    status = login_device (&run, store, provider, email);
  else if (kind == MAIL_AUTH_OAUTH2)
    status = login_oauth (&run, store, provider, email);
  else
    status = login_password (&run, store, provider, email, kind, password_stdin);

  cli_run_clear (&run);
  return status;
}

/* --- token --------------------------------------------------------------------------------- */

static void
credential_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  CliRun *run = user_data;

  run->secret = mail_credential_get_finish (result, &run->kind, NULL, &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

int
mail_cli_token (MailCliCommon  *common,
                int             argc,
                char          **argv)
{
  CliRun run = { .common = common, .stage = "refresh" };
  g_autoptr(MailAccountStore) store = NULL;
  int status;

  /* `token` runs for every connection a mail client makes: an unexpired token, or a refresh
   * with the endpoint and client ID stored by `login`, needs no provider definitions. */
  common->defer_providers = TRUE;
  status = parse_email_command (common,
                                _("EMAIL — print a valid access token (for other mail clients)"),
                                NULL, &argc, &argv, TRUE);
  if (status >= 0)
    return status;

  run.cancellable = g_cancellable_new ();
  store = mail_account_store_new (common->registry);
  mail_credential_get_async (store, argv[1], common->deadline, run.cancellable, credential_cb,
                             &run);
  cli_run_wait (&run, common->timeout_s > 0 ? common->timeout_s : 0);

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
      cli_run_wait (&run, common->timeout_s > 0 ? common->timeout_s : 0);
    }

  if (run.secret == NULL)
    status = cli_run_fail (&run);
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

  cli_run_clear (&run);
  return status;
}

/* --- accounts ------------------------------------------------------------------------------ */

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
      g_autofree char *expires = format_time (account->expires_at);
      g_autofree char *verified = settings->verified_at != NULL
                                    ? g_date_time_format_iso8601 (settings->verified_at) : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, settings->email);
      add_optional_string (builder, "provider", settings->provider_id);
      add_optional_string (builder, "provider_name", settings->provider_name);
      json_builder_set_member_name (builder, "auth");
      json_builder_add_string_value (builder, mail_auth_kind_to_string (settings->auth));
      add_optional_string (builder, "expires_at", expires);
      add_optional_string (builder, "verified_at", verified);
      {
        g_autofree char *tenant = mail_provider_tenant_from_url (account->token_url);

        add_optional_string (builder, "tenant", tenant);
      }
      add_optional_string (builder, "signed_in_as", account->signed_in_as);
      {
        MailProvider *provider = settings->provider_id != NULL
          ? mail_provider_registry_lookup (registry, settings->provider_id) : NULL;
        MailSignInHealth health = mail_sign_in_health (account, provider);
        g_autofree char *signed_in = format_time (account->signed_in_at);
        g_autofree char *refreshed = format_time (account->refreshed_at);
        g_autofree char *ends = format_time (health.ends_at);
        g_autofree char *warning =
          mail_sign_in_health_warning (&health, settings->email,
                                       g_get_real_time () / G_USEC_PER_SEC);

        add_optional_string (builder, "signed_in_at", signed_in);
        add_optional_string (builder, "refreshed_at", refreshed);
        add_optional_string (builder, "sign_in_ends_at", ends);
        add_optional_string (builder, "sign_in_end", mail_sign_in_end_to_string (health.end));
        add_optional_string (builder, "warning", warning);
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
          g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (account->expires_at);
          g_autofree char *text = g_date_time_format (time, "%Y-%m-%d %H:%M:%S %Z");
          gboolean expired = account->expires_at <= g_get_real_time () / G_USEC_PER_SEC;

          expiry = g_strdup_printf (expired ? _("access token expired %s (renewed when used)")
                                            : _("access token valid until %s"), text);
        }

      mail_cli_print ("%-32s %-16s %-12s %s\n", settings->email,
                      settings->provider_id != NULL ? settings->provider_id : "-",
                      mail_auth_kind_to_string (settings->auth), expiry != NULL ? expiry : "");
      {
        MailProvider *provider = settings->provider_id != NULL
          ? mail_provider_registry_lookup (registry, settings->provider_id) : NULL;
        MailSignInHealth health = mail_sign_in_health (account, provider);
        g_autofree char *warning =
          mail_sign_in_health_warning (&health, settings->email,
                                       g_get_real_time () / G_USEC_PER_SEC);

        if (account->refreshed_at > 0)
          {
            g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (account->refreshed_at);
            g_autofree char *text = g_date_time_format (time, "%Y-%m-%d %H:%M");

            mail_cli_print (_("    last signed in or refreshed %s\n"), text);
          }
        if (health.end != MAIL_SIGN_IN_END_NONE)
          {
            g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (health.ends_at);
            g_autofree char *text = g_date_time_format (time, "%Y-%m-%d %H:%M");

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
  CliRun run = { .common = common, .stage = "keyring" };
  g_autoptr(MailAccountStore) store = NULL;
  int status;

  if (mail_cli_other_apps_wanted (argc, argv))
    return mail_cli_other_apps_list (common, argc, argv);

  status = parse_email_command (common, _("— list the accounts saved in the keyring"), NULL,
                                &argc, &argv, FALSE);
  if (status >= 0)
    return status;

  run.cancellable = g_cancellable_new ();
  store = mail_account_store_new (common->registry);
  mail_account_store_list_async (store, run.cancellable, list_cb, &run);
  cli_run_wait (&run, common->timeout_s > 0 ? common->timeout_s : 0);

  if (run.accounts == NULL)
    status = cli_run_fail (&run);
  else
    {
      if (common->json)
        print_accounts_json (run.accounts, common->registry);
      else
        print_accounts_text (run.accounts, common->registry);
      status = MAIL_CLI_EXIT_OK;
    }

  cli_run_clear (&run);
  return status;
}

/* --- forget -------------------------------------------------------------------------------- */

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CliRun *run = user_data;

  run->ok = mail_account_store_forget_finish (MAIL_ACCOUNT_STORE (object), result, &run->error);
  run->diagnosis = mail_cli_diagnosis_from_error (run->error);
  run->done = TRUE;
}

int
mail_cli_forget (MailCliCommon  *common,
                 int             argc,
                 char          **argv)
{
  CliRun run = { .common = common, .stage = "keyring" };
  g_autoptr(MailAccountStore) store = NULL;
  int status;

  status = parse_email_command (common, _("EMAIL — remove an account from the keyring"), NULL,
                                &argc, &argv, TRUE);
  if (status >= 0)
    return status;

  run.cancellable = g_cancellable_new ();
  store = mail_account_store_new (common->registry);
  mail_account_store_forget_async (store, argv[1], run.cancellable, forget_cb, &run);
  cli_run_wait (&run, common->timeout_s > 0 ? common->timeout_s : 0);

  if (!run.ok)
    status = cli_run_fail (&run);
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

  cli_run_clear (&run);
  return status;
}
