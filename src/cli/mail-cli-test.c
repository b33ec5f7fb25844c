/* mail-cli-test.c: `mail-setup-cli test EMAIL`
 *
 * Which servers: --imap/--smtp, else the provider (--provider, or the address's domain),
 * else the account stored in the keyring, else discovery.
 * Which credential: --password-stdin, --token-stdin, else the stored account (its access token
 * refreshed when needed). The IMAP and SMTP checks run at the same time.
 * No secret goes to a discovered server whose source cannot vouch for it (MailServer.trusted)
 * unless the person named the server or passed --accept-discovered: that is refused before any
 * connection, with the reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-account-check.h"
#include "mail-account-trust.h"
#include "mail-account-store.h"
#include "mail-cli.h"
#include "mail-validate.h"
#include "mail-cli-other-apps.h"
#include "mail-sign-in-health.h"
#include "mail-discovery.h"

#define DEFAULT_TIMEOUT_S 30

typedef struct
{
  MailCliCommon        *common;
  char                 *email;
  char                 *imap;
  char                 *imap_security;
  char                 *smtp;
  char                 *smtp_security;
  gboolean              no_smtp;
  gboolean              no_imap;
  char                 *username;
  char                 *auth;
  gboolean              password_stdin;
  gboolean              token_stdin;
  char                 *mailbox;
  gboolean              accept_discovered;
  char                 *from_app;     /* --from APP */
  gboolean              use_app_credential;
  MailCliFromApp       *from;
  MailAccountSettings  *reference;    /* with --from: what the provider or discovery says */

  MailAccountSettings  *settings;
  MailAuthKind          kind;
  char                 *secret;
  gboolean              from_store;
  char                 *signed_in_as; /* a stored shared mailbox: who signed in, else NULL */
  char                 *sign_in_warning; /* the stored sign-in ends soon, else NULL */
  MailAccountStore     *store;

  GPtrArray            *results;      /* MailCheckResult *, IMAP first */
  gboolean              done;
  gboolean              check_ok;
  GError               *check_error;  /* no check could run: the credential, or cancelled */
} TestRun;

static void
test_run_clear (TestRun *run)
{
  g_free (run->email);
  g_free (run->imap);
  g_free (run->imap_security);
  g_free (run->smtp);
  g_free (run->smtp_security);
  g_free (run->username);
  g_free (run->auth);
  g_free (run->mailbox);
  g_clear_pointer (&run->settings, mail_account_settings_free);
  g_clear_pointer (&run->secret, mail_secret_free);
  g_clear_object (&run->store);
  g_clear_pointer (&run->results, g_ptr_array_unref);
  g_clear_error (&run->check_error);
  g_free (run->from_app);
  g_clear_pointer (&run->from, mail_cli_from_app_free);
  g_clear_pointer (&run->reference, mail_account_settings_free);
  g_clear_pointer (&run->signed_in_as, g_free);
  g_clear_pointer (&run->sign_in_warning, g_free);
}

static MailSecurity
default_security (MailProtocol protocol,
                  guint16      port)
{
  if (port == 143 || port == 587 || port == 25)
    return MAIL_SECURITY_STARTTLS;
  if (port == 0 && protocol == MAIL_PROTOCOL_SMTP)
    return MAIL_SECURITY_STARTTLS;
  return MAIL_SECURITY_TLS;
}

/* --imap/--smtp HOST[:PORT] with --*-security over whatever the settings had. */
static gboolean
apply_server_option (TestRun       *run,
                     MailProtocol   protocol,
                     const char    *host_port,
                     const char    *security_text,
                     MailServer   **server,
                     GError       **error)
{
  g_autofree char *host = NULL;
  MailSecurity security;
  guint16 port = 0;

  if (security_text != NULL && !mail_security_from_string (security_text, &security))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("Unknown security “%s”: use tls, starttls or none."), security_text);
      return FALSE;
    }

  if (host_port == NULL)
    {
      if (security_text != NULL && *server != NULL)
        {
          (*server)->security = security;
          (*server)->port = mail_default_port (protocol, security);
        }
      return TRUE;
    }

  if (!mail_server_parse_host_port (host_port, 0, &host, &port, error))
    return FALSE;

  if (security_text == NULL)
    security = default_security (protocol, port);
  if (port == 0)
    port = mail_default_port (protocol, security);

  g_clear_pointer (server, mail_server_free);
  *server = mail_server_new (protocol, host, port, security);
  (*server)->source = g_strdup (_("given on the command line"));
  (*server)->given = TRUE;
  mail_server_set_trust (*server, TRUE, _("You named this server."));
  return TRUE;
}

static gboolean
choose_auth (TestRun  *run,
             GError  **error)
{
  if (run->auth != NULL)
    {
      MailAuthKind kind;

      if (!mail_auth_kind_from_string (run->auth, &kind) || kind == MAIL_AUTH_NONE)
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("Unknown sign-in “%s”: use oauth2 or password."), run->auth);
          return FALSE;
        }
      if (kind == MAIL_AUTH_APP_PASSWORD)
        kind = MAIL_AUTH_PASSWORD;
      if ((kind == MAIL_AUTH_OAUTH2 && run->password_stdin) ||
          (kind == MAIL_AUTH_PASSWORD && run->token_stdin))
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("--auth %s does not go with the credential given on standard input."),
                       run->auth);
          return FALSE;
        }
      run->kind = kind;
    }
  else if (run->password_stdin)
    run->kind = MAIL_AUTH_PASSWORD;
  else if (run->token_stdin)
    run->kind = MAIL_AUTH_OAUTH2;

  return TRUE;
}

static void
print_check_text (const MailCheckResult *result)
{
  mail_cli_print ("%s %s:%u (%s)\n",
                  result->protocol == MAIL_PROTOCOL_IMAP ? "IMAP" : "SMTP",
                  result->host, result->port, mail_security_to_string (result->security));

  for (guint i = 0; i < result->steps->len; i++)
    {
      const MailCheckStep *step = g_ptr_array_index (result->steps, i);

      mail_cli_print ("  %s %-13s %7.1f ms%s%s\n",
                      step->ok ? "✓" : "✗", step->name, step->ms,
                      step->detail ? "  " : "", step->detail ? step->detail : "");
    }

  if (result->diagnosis != NULL)
    {
      g_autofree char *text = mail_diagnosis_to_text (result->diagnosis);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      mail_cli_print ("\n");
      for (guint i = 0; lines[i]; i++)
        mail_cli_print ("  %s\n", lines[i]);
      if (result->suggestion != NULL)
        {
          g_autofree char *flags = mail_server_to_cli_flags (result->suggestion);

          mail_cli_print ("\n  %s\n    %s\n",
                          _("These settings work (checked without signing in): test again with"),
                          flags);
        }
    }
  else
    mail_cli_print ("  %s\n", result->protocol == MAIL_PROTOCOL_IMAP
                    ? _("Signing in and opening the mailbox work.")
                    : _("Signing in works and this account may send as its address."));
  mail_cli_print ("\n");
}

static gboolean
all_ok (TestRun *run)
{
  for (guint i = 0; i < run->results->len; i++)
    if (!((MailCheckResult *) g_ptr_array_index (run->results, i))->ok)
      return FALSE;
  return run->results->len > 0;
}

static int
print_results (TestRun *run)
{
  gboolean ok = all_ok (run);

  if (run->common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, run->email);
      json_builder_set_member_name (builder, "provider");
      if (run->settings->provider_id)
        json_builder_add_string_value (builder, run->settings->provider_id);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, ok);
      json_builder_set_member_name (builder, "checks");
      json_builder_begin_array (builder);
      for (guint i = 0; i < run->results->len; i++)
        mail_check_result_to_json (g_ptr_array_index (run->results, i), builder);
      json_builder_end_array (builder);
      if (run->from != NULL)
        mail_cli_from_app_add_json (run->from, builder);
      json_builder_set_member_name (builder, "warning");
      if (run->sign_in_warning != NULL)
        json_builder_add_string_value (builder, run->sign_in_warning);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      mail_cli_print_json (builder);
    }
  else
    {
      mail_cli_print (_("Checking %s"), run->email);
      if (run->settings->provider_name)
        mail_cli_print (" (%s)", run->settings->provider_name);
      mail_cli_print ("\n\n");
      for (guint i = 0; i < run->results->len; i++)
        print_check_text (g_ptr_array_index (run->results, i));
      mail_cli_print ("%s\n",
                      ok ? _("Everything works.") : _("Something does not work: see above."));
      if (run->from != NULL)
        mail_cli_from_app_print_text (run->from);
      if (run->sign_in_warning != NULL)
        mail_cli_print ("\n⚠ %s\n", run->sign_in_warning);
    }

  return ok ? MAIL_CLI_EXIT_OK : MAIL_CLI_EXIT_FAILED;
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TestRun *run = user_data;

  run->check_ok = mail_account_check_run_finish (MAIL_ACCOUNT_CHECK (object), result,
                                                 &run->check_error);
  run->done = TRUE;
}

/* Checks settings (the protocols in wanted, bit 1 << MailProtocol) with MailAccountCheck: the
 * given secret, else the stored account's credential. The results go to run->results, IMAP
 * first. FALSE when no check could run (run->check_error says why). */
static gboolean
run_check (TestRun                   *run,
           const MailAccountSettings *settings,
           guint                      wanted,
           guint                      timeout_ms)
{
  g_autoptr(MailAccountCheck) check = mail_account_check_new (settings);

  if (run->secret != NULL)
    mail_account_check_set_secret (check, run->kind, run->secret);
  else
    mail_account_check_use_stored_credential (check, run->store);
  if (run->signed_in_as != NULL)
    mail_account_check_set_signed_in_as (check, run->signed_in_as);
  if (run->username != NULL)
    mail_account_check_set_username (check, run->username);
  if (run->mailbox != NULL)
    mail_account_check_set_mailbox (check, run->mailbox);
  if (run->common->tls_database != NULL)
    mail_account_check_set_tls_database (check, run->common->tls_database);
  mail_account_check_set_timeouts (check, MIN (timeout_ms, 10000), timeout_ms);
  mail_account_check_set_deadline (check, run->common->deadline);
  mail_account_check_set_protocols (check, (wanted & (1u << MAIL_PROTOCOL_IMAP)) != 0,
                                    (wanted & (1u << MAIL_PROTOCOL_SMTP)) != 0);

  g_clear_pointer (&run->results, g_ptr_array_unref);
  run->results = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_check_result_free);
  g_clear_error (&run->check_error);
  run->done = FALSE;
  mail_account_check_run_async (check, NULL, check_done_cb, run);
  mail_cli_run_until (&run->done);
  if (!run->check_ok)
    return FALSE;

  for (MailProtocol protocol = MAIL_PROTOCOL_IMAP; protocol <= MAIL_PROTOCOL_SMTP; protocol++)
    {
      const MailCheckResult *result =
        mail_account_check_get_result (check, mail_protocol_to_string (protocol));

      if (result != NULL)
        g_ptr_array_add (run->results, mail_check_result_copy (result));
    }
  if (mail_account_check_get_record_error (check) != NULL)
    mail_cli_printerr (_("Note: could not record the successful check in the keyring: %s\n"),
                       mail_account_check_get_record_error (check)->message);
  return TRUE;
}

static void
store_load_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  TestRun *run = user_data;
  g_autoptr(MailStoredAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result, &error);
  if (account != NULL && account->settings != NULL)
    {
      run->settings = mail_account_settings_copy (account->settings);
      run->from_store = TRUE;
      run->signed_in_as = g_strdup (account->signed_in_as);
      {
        MailProvider *provider = account->settings->provider_id != NULL
          ? mail_provider_registry_lookup (run->common->registry, account->settings->provider_id)
          : NULL;
        MailSignInHealth health = mail_sign_in_health (account, provider);

        run->sign_in_warning = mail_sign_in_health_warning (&health, run->email,
                                                            g_get_real_time () / G_USEC_PER_SEC);
      }
    }
  run->done = TRUE;
}

static void
discovery_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  TestRun *run = user_data;

  run->settings = mail_discovery_run_finish (MAIL_DISCOVERY (object), result, NULL);
  run->done = TRUE;
}

/* --from APP: that app's settings are checked; what was found stays as the reference that a
 * failed check is compared with. */
static gboolean
use_other_app (TestRun  *run,
               GError  **error)
{
  const MailOtherAppAccount *account;

  run->from = mail_cli_from_app_new (run->from_app, run->email, error);
  if (run->from == NULL)
    return FALSE;
  account = mail_cli_from_app_get_account (run->from);
  run->reference = g_steal_pointer (&run->settings);
  run->settings = mail_cli_from_app_settings (run->from, run->email);
  /* Check what the app has: msmtp only sends, mbsync only reads. */
  if (account->imap == NULL)
    run->no_imap = TRUE;
  if (account->smtp == NULL)
    run->no_smtp = TRUE;
  return TRUE;
}

/* One round of check_reference() for the protocols in wanted (bit 1 << MailProtocol), signing
 * in as the app does (app_user) or as the reference says; the fixes for those that work.
 * Returns the protocols that worked. */
static guint
reference_round (TestRun                   *run,
                 const MailAccountSettings *app_settings,
                 guint                      wanted,
                 gboolean                   app_user,
                 guint                      timeout_ms)
{
  g_autoptr(GPtrArray) servers = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_server_free);
  g_autoptr(MailAccountSettings) settings = mail_account_settings_copy (run->settings);
  guint round = 0;
  guint worked = 0;

  g_clear_pointer (&run->results, g_ptr_array_unref);
  run->results = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_check_result_free);
  for (MailProtocol protocol = MAIL_PROTOCOL_IMAP; protocol <= MAIL_PROTOCOL_SMTP; protocol++)
    {
      const MailServer *reference = protocol == MAIL_PROTOCOL_IMAP ? run->reference->imap
                                                                   : run->reference->smtp;
      const MailServer *app = protocol == MAIL_PROTOCOL_IMAP ? app_settings->imap
                                                             : app_settings->smtp;
      MailServer *server;

      if (!(wanted & (1u << protocol)) || reference == NULL)
        continue;
      server = mail_server_copy (reference);
      if (server->username == NULL)
        server->username = g_strdup (run->username ? run->username : run->email);
      if (app_user && app != NULL && app->username != NULL && run->username == NULL)
        {
          g_free (server->username);
          server->username = g_strdup (app->username);
        }
      else if (!app_user && app != NULL && g_strcmp0 (app->username, server->username) == 0)
        {
          /* The first round signed in as this already. */
          mail_server_free (server);
          continue;
        }
      g_ptr_array_add (servers, server);
      g_clear_pointer (protocol == MAIL_PROTOCOL_IMAP ? &settings->imap : &settings->smtp,
                       mail_server_free);
      *(protocol == MAIL_PROTOCOL_IMAP ? &settings->imap : &settings->smtp) =
        mail_server_copy (server);
      round |= 1u << protocol;
    }
  if (round != 0)
    run_check (run, settings, round, timeout_ms);

  for (guint i = 0; i < run->results->len; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (run->results, i);

      for (guint s = 0; result->ok && s < servers->len; s++)
        {
          const MailServer *server = g_ptr_array_index (servers, s);

          if (server->protocol != result->protocol)
            continue;
          mail_cli_from_app_add_fix (run->from, result->protocol, server);
          worked |= 1u << result->protocol;
        }
    }
  return worked;
}

/* The app's settings failed: the same check with the reference servers where they differ
 * (first signing in as the app does, then as the reference says); what works there is said in
 * the app's words. */
static void
check_reference (TestRun *run,
                 guint    timeout_ms)
{
  g_autoptr(GPtrArray) app_results = g_steal_pointer (&run->results);
  g_autoptr(MailAccountSettings) app_settings = g_steal_pointer (&run->settings);
  guint wanted = 0;

  for (guint i = 0; i < app_results->len; i++)
    {
      const MailCheckResult *result = g_ptr_array_index (app_results, i);
      const MailServer *reference = result->protocol == MAIL_PROTOCOL_IMAP ? run->reference->imap
                                                                            : run->reference->smtp;

      if (!result->ok && reference != NULL &&
          (g_ascii_strcasecmp (reference->host, result->host) != 0 ||
           reference->port != result->port || reference->security != result->security))
        wanted |= 1u << result->protocol;
    }

  run->settings = mail_account_settings_copy (run->reference);
  if (wanted != 0)
    wanted &= ~reference_round (run, app_settings, wanted, TRUE, timeout_ms);
  if (wanted != 0)
    reference_round (run, app_settings, wanted, FALSE, timeout_ms);

  g_clear_pointer (&run->results, g_ptr_array_unref);
  run->results = g_steal_pointer (&app_results);
  mail_account_settings_free (run->settings);
  run->settings = g_steal_pointer (&app_settings);
}

/* Settings from, in order: --provider, the domain's provider, the keyring, discovery. */
static void
find_settings (TestRun *run,
               guint    timeout_ms)
{
  MailCliCommon *common = run->common;
  MailProvider *provider = NULL;

  if (common->provider_id)
    provider = mail_provider_registry_lookup (common->registry, common->provider_id);
  else
    provider = mail_provider_registry_lookup_domain (common->registry,
                                                     mail_email_domain (run->email));

  /* A stored account knows its verified servers: prefer them over the provider's defaults. */
  if (!run->password_stdin && !run->token_stdin)
    {
      run->store = mail_account_store_new (common->registry);
      run->done = FALSE;
      mail_account_store_load_async (run->store, run->email, NULL, store_load_cb, run);
      mail_cli_run_until (&run->done);
    }

  if (run->settings == NULL && provider != NULL)
    run->settings = mail_account_settings_new_from_provider (provider, run->email);

  /* Discovery only for a server that is still missing: --no-imap with --smtp given (or the
   * reverse) asks nothing on the network. */
  if (run->settings == NULL &&
      ((!run->no_imap && run->imap == NULL) || (!run->no_smtp && run->smtp == NULL)))
    {
      g_autoptr(MailDiscovery) discovery = mail_discovery_new (common->registry);
      g_autoptr(GError) error = NULL;

      if (!mail_discovery_apply_test_environment (discovery, &error))
        mail_cli_printerr ("mail-setup-cli: %s\n", error->message);
      if (common->tls_database)
        mail_discovery_set_tls_database (discovery, common->tls_database);
      mail_discovery_set_deadline (discovery, MIN (timeout_ms / 2, 10000));
      run->done = FALSE;
      mail_discovery_run_async (discovery, run->email, NULL, discovery_cb, run);
      mail_cli_run_until (&run->done);
    }

  if (run->settings == NULL)
    run->settings = mail_account_settings_new (run->email);
}

static void
add_untrusted_members (JsonBuilder *builder,
                       gpointer     user_data)
{
  GPtrArray *untrusted = user_data;

  json_builder_set_member_name (builder, "untrusted");
  json_builder_begin_array (builder);
  for (guint i = 0; i < untrusted->len; i++)
    {
      const MailServer *server = g_ptr_array_index (untrusted, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "protocol");
      json_builder_add_string_value (builder, mail_protocol_to_string (server->protocol));
      json_builder_set_member_name (builder, "host");
      json_builder_add_string_value (builder, server->host);
      json_builder_set_member_name (builder, "port");
      json_builder_add_int_value (builder, server->port);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, server->source);
      json_builder_set_member_name (builder, "source_url");
      json_builder_add_string_value (builder, server->source_url);
      json_builder_set_member_name (builder, "trust_reason");
      json_builder_add_string_value (builder, server->trust_reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The servers a secret would go to without the person's agreement (see the file comment). */
static GPtrArray *
find_untrusted (TestRun *run)
{
  if (run->accept_discovered)
    return g_ptr_array_new ();
  return mail_account_untrusted_servers (run->settings, !run->no_imap, !run->no_smtp);
}

/* Says which server, found where, why it is not trusted and how to go on; exit 2 (cli.md: a
 * refusal of the input, like a usage error), with --json one object with a diagnosis. */
static int
refuse_untrusted (TestRun   *run,
                  GPtrArray *untrusted)
{
  g_autoptr(MailDiagnosis) diagnosis = mail_account_untrusted_diagnosis (run->settings,
                                                                        run->email, untrusted);
  g_autofree char *details = mail_account_untrusted_describe (untrusted);
  g_autofree char *message = NULL;

  message = g_strdup_printf (_("Not sending your sign-in to a server Mail Setup cannot vouch "
                               "for; nothing was sent.\n%s\nCheck the server with your "
                               "provider. If it is right, name it with --imap HOST[:PORT] or "
                               "--smtp HOST[:PORT], or pass --accept-discovered to use what was "
                               "found."), details);

  g_printerr ("mail-setup-cli: %s\n", message);
  if (run->common->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, run->email);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "diagnosis");
      mail_diagnosis_to_json (diagnosis, builder);
      add_untrusted_members (builder, untrusted);
      json_builder_end_object (builder);
      mail_cli_print_json (builder);
    }
  return MAIL_CLI_EXIT_USAGE;
}

int
mail_cli_test (MailCliCommon  *common,
               int             argc,
               char          **argv)
{
  TestRun run = { .common = common, .kind = MAIL_AUTH_NONE };
  const GOptionEntry entries[] = {
    { "imap", 0, 0, G_OPTION_ARG_STRING, &run.imap, N_("The IMAP server"), N_("HOST[:PORT]") },
    { "imap-security", 0, 0, G_OPTION_ARG_STRING, &run.imap_security,
      N_("tls, starttls or none"), N_("SECURITY") },
    { "smtp", 0, 0, G_OPTION_ARG_STRING, &run.smtp, N_("The SMTP server"), N_("HOST[:PORT]") },
    { "smtp-security", 0, 0, G_OPTION_ARG_STRING, &run.smtp_security,
      N_("tls, starttls or none"), N_("SECURITY") },
    { "no-smtp", 0, 0, G_OPTION_ARG_NONE, &run.no_smtp, N_("Check IMAP only"), NULL },
    { "no-imap", 0, 0, G_OPTION_ARG_NONE, &run.no_imap, N_("Check SMTP only"), NULL },
    { "username", 0, 0, G_OPTION_ARG_STRING, &run.username,
      N_("The user name (default: the provider's rule, usually the address)"), N_("NAME") },
    { "auth", 0, 0, G_OPTION_ARG_STRING, &run.auth, N_("oauth2 or password"), N_("KIND") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &run.password_stdin,
      N_("Read a password or app password from standard input"), NULL },
    { "token-stdin", 0, 0, G_OPTION_ARG_NONE, &run.token_stdin,
      N_("Read an OAuth2 access token from standard input"), NULL },
    { "mailbox", 0, 0, G_OPTION_ARG_STRING, &run.mailbox,
      N_("The mailbox opened read-only after sign-in (default INBOX)"), N_("NAME") },
    { "accept-discovered", 0, 0, G_OPTION_ARG_NONE, &run.accept_discovered,
      N_("Sign in to discovered servers even when their source cannot vouch for them"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &run.from_app,
      N_("Check the settings another mail app has (see accounts --other-apps)"), N_("APP") },
    { "use-app-credential", 0, 0, G_OPTION_ARG_NONE, &run.use_app_credential,
      N_("With --from: use the password where that app keeps it without asking"), NULL },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &run.use_app_credential,
      N_("Same as --use-app-credential"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout_ms;
  int status;

  context = g_option_context_new (_("EMAIL — check that an account works"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  mail_cli_common_add_options (common, context);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return mail_cli_usage_error (common, "%s", error->message);
  if (!mail_cli_common_finish (common))
    return MAIL_CLI_EXIT_USAGE;

  if (argc != 2)
    {
      status = mail_cli_usage_error (common, "%s", _("Give exactly one email address."));
      goto out;
    }
  run.email = g_strdup (argv[1]);
  if (!mail_email_validate (run.email, &error) ||
      !choose_auth (&run, &error) ||
      (run.username != NULL && !mail_validate_user_name (run.username, _("user name"), &error)))
    {
      status = mail_cli_usage_error (common, "%s", error->message);
      goto out;
    }
  if (run.password_stdin && run.token_stdin)
    {
      status = mail_cli_usage_error (common, "%s",
                                     _("Use either --password-stdin or --token-stdin, not both."));
      goto out;
    }
  if (run.no_imap && run.no_smtp)
    {
      status = mail_cli_usage_error (common, "%s", _("--no-imap and --no-smtp leave nothing to check."));
      goto out;
    }

  if (run.password_stdin || run.token_stdin)
    {
      run.secret = mail_cli_read_secret_stdin (&error);
      if (run.secret == NULL)
        {
          status = mail_cli_usage_error (common, "%s", error->message);
          goto out;
        }
    }

  timeout_ms = (common->timeout_s > 0 ? common->timeout_s : DEFAULT_TIMEOUT_S) * 1000;
  find_settings (&run, timeout_ms);
  if (run.from_app != NULL && !use_other_app (&run, &error))
    {
      status = mail_cli_usage_error (common, "%s", error->message);
      goto out;
    }

  if (!apply_server_option (&run, MAIL_PROTOCOL_IMAP, run.imap, run.imap_security,
                            &run.settings->imap, &error) ||
      !apply_server_option (&run, MAIL_PROTOCOL_SMTP, run.smtp, run.smtp_security,
                            &run.settings->smtp, &error))
    {
      status = mail_cli_usage_error (common, "%s", error->message);
      goto out;
    }

  if ((!run.no_imap && run.settings->imap == NULL) ||
      (!run.no_smtp && run.settings->smtp == NULL))
    {
      status = mail_cli_usage_error (common,
                                     _("No settings found for %s: give the servers with --imap "
                                       "HOST[:PORT] and --smtp HOST[:PORT] (or --no-smtp)."),
                                     run.email);
      goto out;
    }

  /* Before any secret is fetched or sent. */
  {
    g_autoptr(GPtrArray) untrusted = find_untrusted (&run);

    if (untrusted->len > 0)
      {
        status = refuse_untrusted (&run, untrusted);
        goto out;
      }
  }

  /* With --from: where that app keeps it, when the person agrees; else asked. */
  if (run.secret == NULL && run.from != NULL)
    {
      run.secret = mail_cli_from_app_credential (run.from, run.use_app_credential, &run.kind,
                                                 &error);
      if (run.secret == NULL)
        {
          status = mail_cli_usage_error (common, "%s", error->message);
          goto out;
        }
    }

  /* No credential on stdin: the stored account's, renewed within the same time budget (the
   * check records a fully successful check of it in the keyring: export only writes settings
   * that were verified). */
  if (run.secret == NULL && run.store == NULL)
    run.store = mail_account_store_new (common->registry);
  if (!run_check (&run, run.settings,
                  (run.no_imap ? 0 : 1u << MAIL_PROTOCOL_IMAP) |
                  (run.no_smtp ? 0 : 1u << MAIL_PROTOCOL_SMTP), timeout_ms))
    {
      const MailDiagnosis *diagnosis = mail_diagnosis_from_error (run.check_error);

      status = diagnosis != NULL ? mail_cli_print_diagnosis (common, diagnosis)
                                 : mail_cli_print_failure (common, "keyring",
                                                           run.check_error->message, NULL, NULL);
      goto out;
    }
  if (run.from != NULL && !all_ok (&run))
    check_reference (&run, timeout_ms);

  status = print_results (&run);

out:
  test_run_clear (&run);
  return status;
}
