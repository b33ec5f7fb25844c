/* mail-cli-discover.c: `mail-setup-cli discover EMAIL`
 *
 * Prints the settings discovery found and where each came from. Exit 0 found, 1 nothing found
 * (enter the settings yourself), 2 bad address or usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-cli.h"
#include "mail-discovery.h"

#define DEFAULT_TIMEOUT_S 10

typedef struct
{
  gboolean             done;
  MailAccountSettings *settings;
  GError              *error;
} DiscoverRun;

static void
discovery_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DiscoverRun *run = user_data;

  run->settings = mail_discovery_run_finish (MAIL_DISCOVERY (object), result, &run->error);
  run->done = TRUE;
}

static const char *
auth_label (MailAuthKind kind)
{
  switch (kind)
    {
    case MAIL_AUTH_OAUTH2:
      return _("OAuth2 (sign in with the provider in the browser)");
    case MAIL_AUTH_PASSWORD:
      return _("password");
    case MAIL_AUTH_APP_PASSWORD:
      return _("app password");
    case MAIL_AUTH_NONE:
      return _("none");
    default:
      g_assert_not_reached ();
    }
}

static const char *
security_label (MailSecurity security)
{
  switch (security)
    {
    case MAIL_SECURITY_TLS:
      return _("TLS");
    case MAIL_SECURITY_STARTTLS:
      return _("STARTTLS");
    case MAIL_SECURITY_NONE:
      return _("none (not encrypted)");
    default:
      g_assert_not_reached ();
    }
}

/* The sign-in methods for one server: the provider's list when known, else the server's. */
static GArray *
server_methods (const MailAccountSettings *settings,
                const MailServer          *server)
{
  GArray *methods = g_array_new (FALSE, FALSE, sizeof (MailAuthKind));

  if (settings->provider != NULL)
    {
      const MailProviderServer *ps = server->protocol == MAIL_PROTOCOL_IMAP
                                     ? &settings->provider->imap : &settings->provider->smtp;

      g_array_append_vals (methods, ps->auth, ps->n_auth);
    }
  if (methods->len == 0)
    g_array_append_val (methods, server->auth);
  return methods;
}

static void
print_server (const MailAccountSettings *settings,
              const MailServer          *server,
              const char                *title)
{
  g_autoptr(GArray) methods = NULL;
  g_autoptr(GString) line = g_string_new (NULL);

  mail_cli_print ("\n%s\n", title);
  if (server == NULL)
    {
      mail_cli_print ("  %s\n", _("Not found: enter this server yourself."));
      return;
    }

  mail_cli_print ("  %-12s %s:%u\n", _("Server:"), server->host, server->port);
  mail_cli_print ("  %-12s %s\n", _("Security:"), security_label (server->security));
  mail_cli_print ("  %-12s %s\n", _("User name:"),
                  server->username ? server->username : settings->email);

  methods = server_methods (settings, server);
  for (guint i = 0; i < methods->len; i++)
    {
      MailAuthKind kind = g_array_index (methods, MailAuthKind, i);

      if (i > 0)
        g_string_append (line, _(", or "));
      g_string_append (line, auth_label (kind));
      if (kind == MAIL_AUTH_OAUTH2 && settings->provider != NULL &&
          settings->provider->mechanisms != NULL && settings->provider->mechanisms[0] != NULL)
        {
          g_autofree char *mechs = g_strjoinv ("/", settings->provider->mechanisms);

          g_string_append_printf (line, " [%s]", mechs);
        }
    }
  mail_cli_print ("  %-12s %s\n", _("Sign-in:"), line->str);
  mail_cli_print ("  %-12s %s\n", _("Source:"), server->source ? server->source : _("unknown"));
  if (server->source_url != NULL)
    mail_cli_print ("  %-12s %s\n", "", server->source_url);
  if (!server->trusted)
    mail_cli_print ("  %-12s %s\n", _("Not trusted:"),
                    server->trust_reason ? server->trust_reason
                                         : _("the source cannot vouch for it"));
}

static void
print_steps (const char *const *steps,
             const char        *email)
{
  for (guint i = 0; steps != NULL && steps[i] != NULL; i++)
    {
      g_autofree char *step = mail_provider_expand (steps[i], email);

      mail_cli_print ("  %u. %s\n", i + 1, step);
    }
}

static void
print_guidance (const MailAccountSettings *settings)
{
  const MailProvider *p = settings->provider;

  if (p == NULL || (p->enable_steps == NULL && p->admin_steps == NULL &&
                    p->settings_url == NULL && p->app_password_url == NULL))
    return;

  mail_cli_print ("\n%s\n", p->app_password_url != NULL && !p->has_oauth
                            ? _("Before you sign in (IMAP access and app password):")
                            : _("Before you sign in (IMAP access):"));
  print_steps ((const char *const *) p->enable_steps, settings->email);
  if (p->settings_url != NULL)
    mail_cli_print ("  %s %s\n", _("Settings page:"), p->settings_url);
  if (p->app_password_url != NULL)
    mail_cli_print ("  %s %s\n", _("Create an app password at:"), p->app_password_url);

  if ((p->admin_steps != NULL && p->admin_steps[0] != NULL) || p->admin_command != NULL)
    {
      mail_cli_print ("\n%s\n", _("For the administrator:"));
      print_steps ((const char *const *) p->admin_steps, settings->email);
      if (p->admin_command != NULL)
        {
          g_autofree char *command = mail_provider_expand (p->admin_command, settings->email);

          mail_cli_print ("  %s\n    %s\n", _("Turn on IMAP (Exchange Online PowerShell):"),
                          command);
        }
      if (p->admin_smtp_command != NULL)
        {
          g_autofree char *command = mail_provider_expand (p->admin_smtp_command,
                                                           settings->email);

          mail_cli_print ("  %s\n    %s\n", _("Turn on SMTP AUTH (Exchange Online PowerShell):"),
                          command);
        }
    }
}

static void
print_text (const MailAccountSettings *settings)
{
  mail_cli_print (_("Settings for %s\n"), settings->email);
  if (settings->provider_name != NULL && settings->provider_id != NULL)
    mail_cli_print ("%s %s (%s)\n", _("Provider:"), settings->provider_name, settings->provider_id);
  else if (settings->provider_name != NULL)
    mail_cli_print ("%s %s\n", _("Provider:"), settings->provider_name);
  else
    mail_cli_print ("%s %s\n", _("Provider:"), _("not a known provider"));

  print_server (settings, settings->imap, _("IMAP (incoming mail)"));
  print_server (settings, settings->smtp, _("SMTP (outgoing mail)"));
  print_guidance (settings);

  if (settings->notes->len > 0)
    {
      mail_cli_print ("\n%s\n", _("Notes:"));
      for (guint i = 0; i < settings->notes->len; i++)
        mail_cli_print ("  - %s\n", (const char *) g_ptr_array_index (settings->notes, i));
    }
}

static void
add_string_array (JsonBuilder       *builder,
                  const char        *name,
                  const char *const *items,
                  const char        *email)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_autofree char *item = mail_provider_expand (items[i], email);

      json_builder_add_string_value (builder, item);
    }
  json_builder_end_array (builder);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value,
                     const char  *email)
{
  g_autofree char *expanded = value != NULL ? mail_provider_expand (value, email) : NULL;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, expanded);
}

static void
add_lookups (JsonBuilder   *builder,
             MailDiscovery *discovery)
{
  GPtrArray *lookups = discovery != NULL ? mail_discovery_get_lookups (discovery) : NULL;

  json_builder_set_member_name (builder, "lookups");
  json_builder_begin_array (builder);
  for (guint i = 0; lookups != NULL && i < lookups->len; i++)
    {
      MailDiscoveryLookup *lookup = g_ptr_array_index (lookups, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, mail_discovery_source_to_string (lookup->source));
      json_builder_set_member_name (builder, "query");
      json_builder_add_string_value (builder, lookup->query);
      json_builder_set_member_name (builder, "found");
      json_builder_add_boolean_value (builder, lookup->found);
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, lookup->outcome);
      json_builder_set_member_name (builder, "ms");
      json_builder_add_double_value (builder, lookup->ms);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
print_json (const MailAccountSettings *settings,
            MailDiscovery             *discovery)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const MailProvider *p = settings->provider;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "settings");
  mail_account_settings_to_json (settings, builder);

  json_builder_set_member_name (builder, "enable_imap");
  if (p != NULL && (p->enable_steps != NULL || p->admin_steps != NULL))
    {
      json_builder_begin_object (builder);
      add_string_array (builder, "steps", (const char *const *) p->enable_steps,
                        settings->email);
      add_optional_string (builder, "settings_url", p->settings_url, settings->email);
      add_string_array (builder, "admin_steps", (const char *const *) p->admin_steps,
                        settings->email);
      add_optional_string (builder, "admin_command", p->admin_command, settings->email);
      add_optional_string (builder, "admin_smtp_command", p->admin_smtp_command,
                           settings->email);
      add_optional_string (builder, "app_password_url", p->app_password_url, settings->email);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  add_lookups (builder, discovery);
  json_builder_end_object (builder);
  mail_cli_print_json (builder);
}

typedef struct
{
  const char          *email;
  const MailDiagnosis *diagnosis;
  MailDiscovery       *discovery;
} NotFound;

static void
add_not_found_members (JsonBuilder *builder,
                       gpointer     user_data)
{
  NotFound *not_found = user_data;

  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, not_found->diagnosis->explanation);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, not_found->email);
  add_lookups (builder, not_found->discovery);
}

/* The core's diagnosis as it is: text on stderr, or with --json
 * {"ok":false,"diagnosis","error","email","lookups"}. */
static int
print_not_found (MailCliCommon       *common,
                 const char          *email,
                 const MailDiagnosis *diagnosis,
                 MailDiscovery       *discovery)
{
  NotFound not_found = { email, diagnosis, discovery };

  return mail_cli_print_diagnosis_with (common, diagnosis, add_not_found_members, &not_found);
}

int
mail_cli_discover (MailCliCommon  *common,
                   int             argc,
                   char          **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailDiscovery) discovery = NULL;
  g_autoptr(MailAccountSettings) settings = NULL;
  DiscoverRun run = { 0 };
  const char *email;
  int timeout_s;

  context = g_option_context_new (_("EMAIL — find the IMAP and SMTP settings for an address"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  mail_cli_common_add_options (common, context);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return mail_cli_usage_error (common, "%s", error->message);
  if (!mail_cli_common_finish (common))
    return MAIL_CLI_EXIT_USAGE;
  if (argc != 2)
    return mail_cli_usage_error (common, "%s", _("Give exactly one email address."));

  email = argv[1];
  if (!mail_email_validate (email, &error))
    return mail_cli_usage_error (common, "%s", error->message);

  /* --provider: no lookups, the provider's settings as they are. */
  if (common->provider_id != NULL)
    {
      MailProvider *provider = mail_provider_registry_lookup (common->registry,
                                                              common->provider_id);

      settings = mail_account_settings_new_from_provider (provider, email);
    }
  else
    {
      discovery = mail_discovery_new (common->registry);
      /* Test hooks (see README): DNS from a table, lookup bases at a local server. */
      if (!mail_discovery_apply_test_environment (discovery, &error))
        return mail_cli_usage_error (common, "%s", error->message);
      if (common->tls_database != NULL)
        mail_discovery_set_tls_database (discovery, common->tls_database);
      timeout_s = common->timeout_s > 0 ? common->timeout_s : DEFAULT_TIMEOUT_S;
      mail_discovery_set_deadline (discovery, (guint) MIN (timeout_s, 3600) * 1000);

      mail_discovery_run_async (discovery, email, NULL, discovery_cb, &run);
      mail_cli_run_until (&run.done);
      settings = g_steal_pointer (&run.settings);

      if (settings == NULL)
        {
          g_autoptr(GError) run_error = g_steal_pointer (&run.error);

          if (mail_diagnosis_from_error (run_error) == NULL)
            return mail_cli_usage_error (common, "%s", run_error->message);
          return print_not_found (common, email, mail_diagnosis_from_error (run_error), discovery);
        }
    }

  if (common->json)
    print_json (settings, discovery);
  else
    print_text (settings);

  return MAIL_CLI_EXIT_OK;
}
