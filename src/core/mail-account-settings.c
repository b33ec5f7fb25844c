/* mail-account-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-account-settings.h"

G_DEFINE_BOXED_TYPE (MailAccountSettings, mail_account_settings,
                     mail_account_settings_copy, mail_account_settings_free)

MailAccountSettings *
mail_account_settings_new (const char *email)
{
  MailAccountSettings *self = g_new0 (MailAccountSettings, 1);

  self->email = g_strdup (email);
  self->auth = MAIL_AUTH_PASSWORD;
  self->notes = g_ptr_array_new_with_free_func (g_free);
  return self;
}

MailAccountSettings *
mail_account_settings_copy (const MailAccountSettings *settings)
{
  MailAccountSettings *copy;

  g_return_val_if_fail (settings != NULL, NULL);

  copy = mail_account_settings_new (settings->email);
  copy->provider_id = g_strdup (settings->provider_id);
  copy->provider_name = g_strdup (settings->provider_name);
  copy->auth = settings->auth;
  copy->imap = settings->imap ? mail_server_copy (settings->imap) : NULL;
  copy->smtp = settings->smtp ? mail_server_copy (settings->smtp) : NULL;
  copy->provider = settings->provider ? mail_provider_ref (settings->provider) : NULL;
  for (guint i = 0; settings->notes != NULL && i < settings->notes->len; i++)
    g_ptr_array_add (copy->notes, g_strdup (g_ptr_array_index (settings->notes, i)));
  copy->verified_at = settings->verified_at ? g_date_time_ref (settings->verified_at) : NULL;
  return copy;
}

void
mail_account_settings_free (MailAccountSettings *settings)
{
  if (settings == NULL)
    return;

  g_free (settings->email);
  g_free (settings->provider_id);
  g_free (settings->provider_name);
  g_clear_pointer (&settings->imap, mail_server_free);
  g_clear_pointer (&settings->smtp, mail_server_free);
  g_clear_pointer (&settings->provider, mail_provider_unref);
  g_clear_pointer (&settings->notes, g_ptr_array_unref);
  g_clear_pointer (&settings->verified_at, g_date_time_unref);
  g_free (settings);
}

MailAccountSettings *
mail_account_settings_new_from_provider (MailProvider *provider,
                                         const char   *email)
{
  MailAccountSettings *self;

  g_return_val_if_fail (provider != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);

  self = mail_account_settings_new (email);
  self->provider_id = g_strdup (provider->id);
  self->provider_name = g_strdup (provider->name);
  self->provider = mail_provider_ref (provider);
  self->imap = mail_provider_make_server (provider, MAIL_PROTOCOL_IMAP, email);
  self->smtp = mail_provider_make_server (provider, MAIL_PROTOCOL_SMTP, email);
  self->auth = self->imap->auth;
  return self;
}

static void
server_to_json (const MailServer *server,
                JsonBuilder      *builder)
{
  if (server == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "host");
  json_builder_add_string_value (builder, server->host);
  json_builder_set_member_name (builder, "port");
  json_builder_add_int_value (builder, server->port);
  json_builder_set_member_name (builder, "security");
  json_builder_add_string_value (builder, mail_security_to_string (server->security));
  json_builder_set_member_name (builder, "username");
  json_builder_add_string_value (builder, server->username);
  json_builder_set_member_name (builder, "auth");
  json_builder_add_string_value (builder, mail_auth_kind_to_string (server->auth));
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, server->source);
  json_builder_set_member_name (builder, "source_url");
  json_builder_add_string_value (builder, server->source_url);
  json_builder_set_member_name (builder, "trusted");
  json_builder_add_boolean_value (builder, server->trusted);
  json_builder_set_member_name (builder, "trust_reason");
  json_builder_add_string_value (builder, server->trust_reason);
  json_builder_set_member_name (builder, "given");
  json_builder_add_boolean_value (builder, server->given);
  json_builder_end_object (builder);
}

void
mail_account_settings_to_json (const MailAccountSettings *settings,
                               JsonBuilder               *builder)
{
  g_return_if_fail (settings != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, settings->email);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, settings->provider_id);
  json_builder_set_member_name (builder, "provider_name");
  json_builder_add_string_value (builder, settings->provider_name);
  json_builder_set_member_name (builder, "auth");
  json_builder_add_string_value (builder, mail_auth_kind_to_string (settings->auth));
  json_builder_set_member_name (builder, "imap");
  server_to_json (settings->imap, builder);
  json_builder_set_member_name (builder, "smtp");
  server_to_json (settings->smtp, builder);
  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; settings->notes != NULL && i < settings->notes->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (settings->notes, i));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "verified_at");
  if (settings->verified_at != NULL)
    {
      g_autofree char *text = g_date_time_format_iso8601 (settings->verified_at);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

static gboolean
invalid (GError     **error,
         const char  *what)
{
  g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
               _("The saved account settings are not valid: %s."), what);
  return FALSE;
}

/* NULL member or JSON null → NULL; a non-string → error. */
static gboolean
get_optional_string (JsonObject  *object,
                     const char  *name,
                     char       **out,
                     GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, name);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static MailServer *
server_from_json (JsonNode      *node,
                  MailProtocol   protocol,
                  GError       **error)
{
  g_autoptr(MailServer) server = NULL;
  g_autofree char *host = NULL;
  g_autofree char *security = NULL;
  g_autofree char *auth = NULL;
  JsonObject *object;
  JsonNode *port_node;
  gint64 port;
  MailSecurity sec;
  MailAuthKind kind = MAIL_AUTH_PASSWORD;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, mail_protocol_to_string (protocol));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_optional_string (object, "host", &host, error) ||
      !get_optional_string (object, "security", &security, error) ||
      !get_optional_string (object, "auth", &auth, error))
    return NULL;
  if (host == NULL || !mail_host_is_valid (host))
    {
      invalid (error, "host");
      return NULL;
    }
  if (!mail_security_from_string (security, &sec))
    {
      invalid (error, "security");
      return NULL;
    }
  if (auth != NULL && !mail_auth_kind_from_string (auth, &kind))
    {
      invalid (error, "auth");
      return NULL;
    }

  port_node = json_object_get_member (object, "port");
  if (port_node == NULL || !JSON_NODE_HOLDS_VALUE (port_node) ||
      json_node_get_value_type (port_node) != G_TYPE_INT64)
    {
      invalid (error, "port");
      return NULL;
    }
  port = json_node_get_int (port_node);
  if (port < 1 || port > 65535)
    {
      invalid (error, "port");
      return NULL;
    }

  server = mail_server_new (protocol, host, (guint16) port, sec);
  server->auth = kind;
  if (!get_optional_string (object, "username", &server->username, error) ||
      !get_optional_string (object, "source", &server->source, error) ||
      !get_optional_string (object, "source_url", &server->source_url, error))
    return NULL;

  /* "trusted" is not read back: stored settings are the ones the person agreed to, and a
   * settings file is their own input. "given" keeps a server they named on this computer
   * usable without encryption. */
  {
    JsonNode *given = json_object_get_member (object, "given");

    if (given != NULL && !JSON_NODE_HOLDS_NULL (given))
      {
        if (!JSON_NODE_HOLDS_VALUE (given) || json_node_get_value_type (given) != G_TYPE_BOOLEAN)
          {
            invalid (error, "given");
            return NULL;
          }
        server->given = json_node_get_boolean (given);
      }
  }

  return g_steal_pointer (&server);
}

MailAccountSettings *
mail_account_settings_from_json (JsonNode              *node,
                                 MailProviderRegistry  *registry,
                                 GError               **error)
{
  g_autoptr(MailAccountSettings) self = NULL;
  g_autofree char *email = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *verified = NULL;
  JsonObject *object;
  JsonNode *member;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (registry == NULL || MAIL_IS_PROVIDER_REGISTRY (registry), NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, "not an object");
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_optional_string (object, "email", &email, error))
    return NULL;
  if (email == NULL || !mail_email_validate (email, NULL))
    {
      invalid (error, "email");
      return NULL;
    }

  self = mail_account_settings_new (email);
  if (!get_optional_string (object, "provider", &self->provider_id, error) ||
      !get_optional_string (object, "provider_name", &self->provider_name, error) ||
      !get_optional_string (object, "auth", &auth, error) ||
      !get_optional_string (object, "verified_at", &verified, error))
    return NULL;

  if (auth != NULL && !mail_auth_kind_from_string (auth, &self->auth))
    {
      invalid (error, "auth");
      return NULL;
    }

  if (self->provider_id != NULL && registry != NULL)
    {
      MailProvider *provider = mail_provider_registry_lookup (registry, self->provider_id);

      if (provider != NULL)
        self->provider = mail_provider_ref (provider);
    }

  member = json_object_get_member (object, "imap");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member) &&
      !(self->imap = server_from_json (member, MAIL_PROTOCOL_IMAP, error)))
    return NULL;
  member = json_object_get_member (object, "smtp");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member) &&
      !(self->smtp = server_from_json (member, MAIL_PROTOCOL_SMTP, error)))
    return NULL;

  member = json_object_get_member (object, "notes");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *array = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
            g_ptr_array_add (self->notes, g_strdup (json_node_get_string (item)));
        }
    }

  if (verified != NULL)
    {
      self->verified_at = g_date_time_new_from_iso8601 (verified, NULL);
      if (self->verified_at == NULL)
        {
          invalid (error, "verified_at");
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}
