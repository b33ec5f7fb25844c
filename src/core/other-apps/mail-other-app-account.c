/* mail-other-app-account.c: one account as another mail app has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "mail-other-app-account.h"

MailOtherAppServer *
mail_other_app_server_new (void)
{
  MailOtherAppServer *server = g_new0 (MailOtherAppServer, 1);

  server->security = MAIL_SECURITY_TLS;
  server->auth = MAIL_AUTH_PASSWORD;
  return server;
}

void
mail_other_app_server_free (MailOtherAppServer *server)
{
  if (server == NULL)
    return;
  g_free (server->host);
  g_free (server->username);
  g_free (server->auth_method);
  g_free (server->source);
  g_free (server);
}

MailOtherAppAccount *
mail_other_app_account_new (const char *app,
                            const char *file)
{
  MailOtherAppAccount *account = g_new0 (MailOtherAppAccount, 1);

  g_return_val_if_fail (app != NULL, NULL);

  account->app = g_strdup (app);
  account->file = g_strdup (file);
  return account;
}

MailOtherAppAccount *
mail_other_app_account_new_error (const char *app,
                                  const char *file,
                                  const char *message)
{
  MailOtherAppAccount *account = mail_other_app_account_new (app, file);

  account->error = g_strdup (message);
  return account;
}

void
mail_other_app_account_free (MailOtherAppAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->app);
  g_free (account->label);
  g_free (account->email);
  mail_other_app_server_free (account->imap);
  mail_other_app_server_free (account->smtp);
  g_free (account->credential_detail);
  g_free (account->keyring_schema);
  g_free (account->keyring_attribute);
  g_free (account->keyring_value);
  g_strfreev (account->keyring_more);
  g_free (account->goa_id);
  g_free (account->file);
  g_free (account->error);
  g_free (account);
}

const char *
mail_other_app_credential_to_string (MailOtherAppCredential credential)
{
  switch (credential)
    {
    case MAIL_OTHER_APP_CREDENTIAL_NONE:
      return "none";
    case MAIL_OTHER_APP_CREDENTIAL_KEYRING:
      return "keyring";
    case MAIL_OTHER_APP_CREDENTIAL_COMMAND:
      return "command";
    case MAIL_OTHER_APP_CREDENTIAL_IN_FILE:
      return "in-file";
    case MAIL_OTHER_APP_CREDENTIAL_NSS:
      return "nss";
    case MAIL_OTHER_APP_CREDENTIAL_OAUTH2:
      return "oauth2";
    case MAIL_OTHER_APP_CREDENTIAL_UNKNOWN:
    default:
      return "unknown";
    }
}

const char *
mail_other_app_display_name (const char *app)
{
  static const struct { const char *id, *name; } names[] = {
    { "goa", "GNOME Online Accounts" },
    { "evolution", "Evolution" },
    { "geary", "Geary" },
    { "thunderbird", "Thunderbird" },
    { "msmtp", "msmtp" },
    { "mbsync", "mbsync" },
    { "neomutt", "NeoMutt" },
    { "aerc", "aerc" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (app, names[i].id) == 0)
      return names[i].name;
  return app;
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
server_to_json (const MailOtherAppServer *server,
                JsonBuilder              *builder,
                const char               *name)
{
  json_builder_set_member_name (builder, name);
  if (server == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  add_string_or_null (builder, "host", server->host);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, server->port);
  add_string_or_null (builder, "security", mail_security_to_string (server->security));
  add_string_or_null (builder, "username", server->username);
  add_string_or_null (builder, "auth_method", server->auth_method);
  add_string_or_null (builder, "auth", mail_auth_kind_to_string (server->auth));
  add_string_or_null (builder, "source", server->source);
  json_builder_end_object (builder);
}

void
mail_other_app_account_to_json (const MailOtherAppAccount *account,
                                JsonBuilder               *builder)
{
  g_return_if_fail (account != NULL);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "app", account->app);
  add_string_or_null (builder, "app_name", mail_other_app_display_name (account->app));
  add_string_or_null (builder, "label", account->label);
  add_string_or_null (builder, "email", account->email);
  add_string_or_null (builder, "file", account->file);
  add_string_or_null (builder, "error", account->error);
  if (account->error == NULL)
    {
      server_to_json (account->imap, builder, "imap");
      server_to_json (account->smtp, builder, "smtp");
      json_builder_set_member_name (builder, "credential");
      json_builder_begin_object (builder);
      add_string_or_null (builder, "kind",
                          mail_other_app_credential_to_string (account->credential));
      add_string_or_null (builder, "detail", account->credential_detail);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static MailServer *
to_mail_server (const MailOtherAppServer *server,
                MailProtocol              protocol,
                const char               *app)
{
  MailServer *copy;

  if (server == NULL || server->host == NULL)
    return NULL;

  copy = mail_server_new (protocol, server->host,
                          server->port ? server->port
                                       : mail_default_port (protocol, server->security),
                          server->security);
  copy->username = g_strdup (server->username);
  copy->auth = server->auth;
  /* Translators: "in Thunderbird: ~/.thunderbird/x/prefs.js mail.server.server1.hostname" */
  copy->source = g_strdup_printf (_("in %s: %s"), mail_other_app_display_name (app),
                                  server->source ? server->source : "?");
  return copy;
}

MailAccountSettings *
mail_other_app_account_to_settings (const MailOtherAppAccount *account,
                                    const char                *fallback_email)
{
  MailAccountSettings *settings;

  g_return_val_if_fail (account != NULL, NULL);

  settings = mail_account_settings_new (account->email ? account->email : fallback_email);
  settings->imap = to_mail_server (account->imap, MAIL_PROTOCOL_IMAP, account->app);
  settings->smtp = to_mail_server (account->smtp, MAIL_PROTOCOL_SMTP, account->app);
  if (settings->imap != NULL)
    settings->auth = settings->imap->auth;
  else if (settings->smtp != NULL)
    settings->auth = settings->smtp->auth;
  return settings;
}
