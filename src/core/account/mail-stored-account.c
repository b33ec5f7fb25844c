/* mail-stored-account.c: one account as the keyring keeps it, and its item's JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "mail-json.h"
#include "mail-stored-account.h"
#include "mail-types.h"

/* ------------------------------------------------------------------------------------------ */
/* MailStoredAccount */

G_DEFINE_BOXED_TYPE (MailStoredAccount, mail_stored_account, mail_stored_account_copy,
                     mail_stored_account_free)

MailStoredAccount *
mail_stored_account_new (MailAccountSettings *settings)
{
  MailStoredAccount *account;

  g_return_val_if_fail (settings != NULL, NULL);

  account = g_new0 (MailStoredAccount, 1);
  account->settings = mail_account_settings_copy (settings);
  return account;
}

MailStoredAccount *
mail_stored_account_copy (const MailStoredAccount *account)
{
  MailStoredAccount *copy;

  g_return_val_if_fail (account != NULL, NULL);

  copy = mail_stored_account_new (account->settings);
  copy->refresh_token = g_strdup (account->refresh_token);
  copy->access_token = g_strdup (account->access_token);
  copy->expires_at = account->expires_at;
  copy->scopes = g_strdup (account->scopes);
  copy->password = g_strdup (account->password);
  copy->token_url = g_strdup (account->token_url);
  copy->client_id = g_strdup (account->client_id);
  copy->client_secret = g_strdup (account->client_secret);
  copy->signed_in_as = g_strdup (account->signed_in_as);
  copy->signed_in_at = account->signed_in_at;
  copy->refreshed_at = account->refreshed_at;
  return copy;
}

void
mail_stored_account_free (MailStoredAccount *account)
{
  if (account == NULL)
    return;

  g_clear_pointer (&account->settings, mail_account_settings_free);
  mail_secret_free (account->refresh_token);
  mail_secret_free (account->access_token);
  g_free (account->scopes);
  mail_secret_free (account->password);
  g_free (account->token_url);
  g_free (account->client_id);
  mail_secret_free (account->client_secret);
  g_free (account->signed_in_as);
  g_free (account);
}


MailStoredAccount *
mail_stored_account_copy_without_secrets (const MailStoredAccount *account)
{
  MailStoredAccount *copy;

  g_return_val_if_fail (account != NULL, NULL);

  /* The token address (its Microsoft tenant) is none. */
  copy = mail_stored_account_new (account->settings);
  copy->expires_at = account->expires_at;
  copy->token_url = g_strdup (account->token_url);
  copy->signed_in_as = g_strdup (account->signed_in_as);
  copy->signed_in_at = account->signed_in_at;
  copy->refreshed_at = account->refreshed_at;
  return copy;
}

MailStoredAccount *
mail_stored_account_with_settings (MailStoredAccount         *account,
                                   const MailAccountSettings *settings)
{
  MailAuthKind kind;

  g_return_val_if_fail (settings != NULL, NULL);

  if (account == NULL)
    return mail_stored_account_new ((MailAccountSettings *) settings);

  kind = account->settings->auth;
  mail_account_settings_free (account->settings);
  account->settings = mail_account_settings_copy (settings);
  account->settings->auth = kind;
  return account;
}

/* ------------------------------------------------------------------------------------------ */
/* The item's JSON */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* The secret: {refresh_token, access_token, expires_at, scopes, password,
 * oauth:{token_url, client_id, client_secret}, settings:{...}}. */
char *
mail_stored_account_to_json (const MailStoredAccount *account)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  add_string (builder, "refresh_token", account->refresh_token);
  add_string (builder, "access_token", account->access_token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_int_value (builder, account->expires_at);
  add_string (builder, "scopes", account->scopes);
  add_string (builder, "password", account->password);
  add_string (builder, "signed_in_as", account->signed_in_as);
  if (account->signed_in_at > 0)
    {
      json_builder_set_member_name (builder, "signed_in_at");
      json_builder_add_int_value (builder, account->signed_in_at);
    }
  if (account->refreshed_at > 0)
    {
      json_builder_set_member_name (builder, "refreshed_at");
      json_builder_add_int_value (builder, account->refreshed_at);
    }
  if (account->token_url != NULL || account->client_id != NULL)
    {
      json_builder_set_member_name (builder, "oauth");
      json_builder_begin_object (builder);
      add_string (builder, "token_url", account->token_url);
      add_string (builder, "client_id", account->client_id);
      add_string (builder, "client_secret", account->client_secret);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "settings");
  mail_account_settings_to_json (account->settings, builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

MailStoredAccount *
mail_stored_account_from_json (const char            *text,
                               MailProviderRegistry  *registry,
                               GError               **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(MailAccountSettings) settings = NULL;
  MailStoredAccount *account;
  JsonObject *object;
  JsonObject *oauth = NULL;
  JsonNode *node;

  root = mail_json_parse_bounded (text, -1, "keyring item", NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The keyring item of this account is damaged."));
      return NULL;
    }

  object = json_node_get_object (root);
  node = json_object_get_member (object, "settings");
  if (node == NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL,
                   _("The keyring item of this account is damaged."));
      return NULL;
    }
  settings = mail_account_settings_from_json (node, registry, error);
  if (settings == NULL)
    return NULL;

  account = mail_stored_account_new (settings);
  account->refresh_token = dup_member (object, "refresh_token");
  account->access_token = dup_member (object, "access_token");
  account->scopes = dup_member (object, "scopes");
  account->password = dup_member (object, "password");
  account->signed_in_as = dup_member (object, "signed_in_as");
  node = json_object_get_member (object, "signed_in_at");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    account->signed_in_at = json_node_get_int (node);
  node = json_object_get_member (object, "refreshed_at");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    account->refreshed_at = json_node_get_int (node);
  node = json_object_get_member (object, "expires_at");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    account->expires_at = json_node_get_int (node);

  node = json_object_get_member (object, "oauth");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    oauth = json_node_get_object (node);
  account->token_url = dup_member (oauth, "token_url");
  account->client_id = dup_member (oauth, "client_id");
  account->client_secret = dup_member (oauth, "client_secret");
  return account;
}

