/* mail-account-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-account-settings.h"
#include "mail-json.h"
#include "mail-validate.h"

G_DEFINE_BOXED_TYPE (MailAccountSettings, mail_account_settings,
                     mail_account_settings_copy, mail_account_settings_free)

MailAccountSettings *
mail_account_settings_new (const char *email)
{
  MailAccountSettings *self = g_new0 (MailAccountSettings, 1);

  self->email = g_strdup (email);
  self->auth = MAIL_AUTH_PASSWORD;
  self->notes = g_ptr_array_new_with_free_func (g_free);
  self->other_servers = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_server_free);
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
  for (guint i = 0; settings->other_servers != NULL && i < settings->other_servers->len; i++)
    g_ptr_array_add (copy->other_servers,
                     mail_server_copy (g_ptr_array_index (settings->other_servers, i)));
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
  g_clear_pointer (&settings->other_servers, g_ptr_array_unref);
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

static gboolean
provider_id_is_valid (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

gboolean
mail_account_settings_validate (MailAccountSettings  *settings,
                                GError              **error)
{
  g_return_val_if_fail (settings != NULL, FALSE);

  if (!mail_email_validate (settings->email, error))
    return FALSE;
  if (settings->provider_id != NULL && !provider_id_is_valid (settings->provider_id))
    {
      g_autofree char *shown = mail_validate_quote (settings->provider_id, 80);

      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("The provider id “%s” is not valid: use lowercase letters, digits and "
                     "hyphens."), shown);
      return FALSE;
    }
  if (!mail_validate_display_text (settings->provider_name, MAIL_DISPLAY_NAME_MAX,
                                   _("provider name"), error))
    return FALSE;
  if (settings->imap != NULL && !mail_server_validate (settings->imap, error))
    return FALSE;
  if (settings->smtp != NULL && !mail_server_validate (settings->smtp, error))
    return FALSE;
  for (guint i = 0; settings->notes != NULL && i < settings->notes->len; i++)
    if (!mail_validate_display_text (g_ptr_array_index (settings->notes, i),
                                     MAIL_DISPLAY_TEXT_MAX, _("note"), error))
      return FALSE;
  return TRUE;
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
  if (!mail_validate_port (port, protocol == MAIL_PROTOCOL_IMAP ? _("IMAP port") : _("SMTP port"),
                           error))
    return NULL;

  /* The host as written (no IDNA conversion here): mail_server_validate () checks it and
   * every other member below. */
  server = mail_server_new (protocol, NULL, (guint16) port, sec);
  server->host = g_steal_pointer (&host);
  server->auth = kind;
  if (!get_optional_string (object, "username", &server->username, error) ||
      !get_optional_string (object, "source", &server->source, error) ||
      !get_optional_string (object, "source_url", &server->source_url, error) ||
      !mail_server_validate (server, error))
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
  if (email == NULL)
    {
      invalid (error, "email");
      return NULL;
    }
  if (!mail_email_validate (email, error))
    return NULL;

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

  if (!mail_account_settings_validate (self, error))
    return NULL;

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

/* json-glib turns "\u0000" into the end of the string: the rest would be dropped silently. */
static gboolean
has_nul_escape (const char *data,
                gsize       length)
{
  for (gsize i = 0; i + 5 < length; i++)
    {
      gsize backslashes = 0;

      if (data[i] != '\\' || data[i + 1] != 'u' || strncmp (data + i + 2, "0000", 4) != 0)
        continue;
      for (gsize j = i; j > 0 && data[j - 1] == '\\'; j--)
        backslashes++;
      if (backslashes % 2 == 0)
        return TRUE;
    }
  return FALSE;
}

MailAccountSettings *
mail_account_settings_from_data (const char            *data,
                                 gssize                 length,
                                 MailProviderRegistry  *registry,
                                 GError               **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (memchr (data, '\0', size) != NULL || has_nul_escape (data, size))
    {
      invalid (error, _("a text holds a NUL character"));
      return NULL;
    }
  /* json-glib 1.6 has no nesting limit: "[[[[…" would exhaust the stack. */
  if (!mail_json_check_bounds (data, size, MAIL_JSON_MAX_SIZE, MAIL_JSON_MAX_DEPTH,
                               _("the settings file"), &local_error))
    {
      /* Settings come from the person (a file, the keyring): bad input, not a server's fault. */
      g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, local_error->message);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, size, &local_error) ||
      json_parser_get_root (parser) == NULL)
    {
      /* json-glib quotes the text it stumbled on: never raw into a message. */
      g_autofree char *shown = mail_validate_quote (local_error != NULL ? local_error->message
                                                                        : _("the text is empty"),
                                                    200);

      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                   _("The account settings are not valid JSON: %s"), shown);
      return NULL;
    }
  return mail_account_settings_from_json (json_parser_get_root (parser), registry, error);
}
