/* mail-account-store.c: accounts and their secrets in the system keyring (libsecret)
 *
 * Nothing is ever written anywhere but the Secret Service: without one, or with the keyring
 * left locked, the operations fail with keyring-unavailable / keyring-locked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
/* For secret_service_search_for_dbus_paths() and secret_service_get_secret_for_dbus_path()
 * (libsecret's "unstable" path API, unchanged since 0.18): loading one account by path, as
 * secret-tool does, saves a round trip and a proxy per item. */
#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>

#include "mail-account-store.h"
#include "mail-diagnosis-error.h"
#include "mail-json.h"
#include "mail-oauth-client-id.h"
#include "mail-oauth-token-client.h"
#include "mail-types.h"

/* Refresh an access token this long before it expires, so it is still valid when used. */
#define REFRESH_MARGIN_S 60
/* Without a command deadline: how long to wait for another process's refresh. */
#define LOCK_WAIT_S 60
#define LOCK_POLL_MS 50
#define CONTENT_TYPE "application/json"

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

/* ------------------------------------------------------------------------------------------ */
/* The item */

static const SecretSchema *
account_schema (void)
{
  static const SecretSchema schema = {
    "io.github.mailsetup.MailSetup.Account", SECRET_SCHEMA_NONE,
    {
      { "email", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

static const char *
provider_attribute (const MailAccountSettings *settings)
{
  return settings->provider_id != NULL ? settings->provider_id : "custom";
}

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
static char *
account_to_json (const MailStoredAccount *account)
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

static MailStoredAccount *
account_from_json (const char            *text,
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

/* ------------------------------------------------------------------------------------------ */
/* MailAccountStore */

struct _MailAccountStore
{
  GObject               parent_instance;

  MailProviderRegistry *registry;
  gint64                deadline;
};

G_DEFINE_FINAL_TYPE (MailAccountStore, mail_account_store, G_TYPE_OBJECT)

static void
mail_account_store_dispose (GObject *object)
{
  MailAccountStore *self = MAIL_ACCOUNT_STORE (object);

  g_clear_object (&self->registry);

  G_OBJECT_CLASS (mail_account_store_parent_class)->dispose (object);
}

static void
mail_account_store_class_init (MailAccountStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mail_account_store_dispose;
}

static void
mail_account_store_init (MailAccountStore *self)
{
}

MailAccountStore *
mail_account_store_new (MailProviderRegistry *registry)
{
  MailAccountStore *self;

  g_return_val_if_fail (registry == NULL || MAIL_IS_PROVIDER_REGISTRY (registry), NULL);

  self = g_object_new (MAIL_TYPE_ACCOUNT_STORE, NULL);
  if (registry != NULL)
    self->registry = g_object_ref (registry);
  return self;
}

void
mail_account_store_set_deadline (MailAccountStore *self,
                                 gint64            deadline)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_STORE (self));

  self->deadline = deadline;
}

/* One operation in progress: the task data. */
typedef struct
{
  char              *email;
  MailStoredAccount *account;      /* to save / loaded */
  MailAccountSettings *settings;   /* mark_verified */
  SecretService     *service;
  MailDiagnosis     *diagnosis;
  MailAuthKind       kind;
  guint              pending;      /* deletions in flight */
  void             (*next) (GTask *task);
  /* get_credential: the refresh lock of this account, held across load → refresh → save */
  int                lock_fd;
  gint64             lock_deadline;
  gboolean           locked_reload;  /* the account was read again under the lock */
  char              *used_refresh;   /* the refresh token sent, to spot a lost race */
  gboolean           retried;        /* searched again after unlocking */
  gboolean           collections_loaded; /* loaded to find the locked ones */
} Op;

static void
op_free (Op *op)
{
  g_free (op->email);
  g_clear_pointer (&op->account, mail_stored_account_free);
  g_clear_pointer (&op->settings, mail_account_settings_free);
  g_clear_object (&op->service);
  g_clear_pointer (&op->diagnosis, mail_diagnosis_free);
  if (op->lock_fd >= 0)
    close (op->lock_fd);
  mail_secret_free (op->used_refresh);
  g_free (op);
}

static GTask *
op_task_new (MailAccountStore    *self,
             const char          *email,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  g_task_set_source_tag (task, source_tag);
  op->email = g_strdup (email);
  op->lock_fd = -1;
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  return task;
}

static MailDiagnosis *
keyring_diagnosis (Op           *op,
                   const char   *code,
                   const GError *error)
{
  MailDiagnosisContext context = {
    .protocol = "keyring",
    .stage = "keyring",
    .email = op->email,
    .provider_id = op->account != NULL ? op->account->settings->provider_id : NULL,
    .error = error,
  };

  return mail_diagnosis_new_for_code (code, &context);
}

/* Returns error on task, with a keyring diagnosis unless it was a cancellation. */
static void
op_fail_keyring (GTask  *task,
                 GError *error)  /* taken */
{
  Op *op = g_task_get_task_data (task);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      const char *code = g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED)
                           ? "keyring-locked" : "keyring-unavailable";

      g_clear_pointer (&op->diagnosis, mail_diagnosis_free);
      op->diagnosis = keyring_diagnosis (op, code, error);
    }

  g_task_return_error (task, error);
}

static void
op_fail_locked (GTask *task)
{
  op_fail_keyring (task, g_error_new (SECRET_ERROR, SECRET_ERROR_IS_LOCKED,
                                      _("The keyring is locked.")));
}

static void
service_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->service = secret_service_get_finish (result, &error);
  if (op->service == NULL)
    {
      op_fail_keyring (g_steal_pointer (&task), error);
      return;
    }

  op->next (g_steal_pointer (&task));
}

/* Connects to the Secret Service (with an encrypted session), then runs next. */
static void
op_start (GTask  *task,   /* taken */
          void  (*next) (GTask *task))
{
  Op *op = g_task_get_task_data (task);

  op->next = next;
  /* No SECRET_SERVICE_LOAD_COLLECTIONS: searches and aliases do not need every collection
   * and item proxied first (`token` runs for every connection a mail client makes). */
  secret_service_get (SECRET_SERVICE_OPEN_SESSION, g_task_get_cancellable (task), service_cb,
                      task);
}

static void
unlock_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autolist(GDBusProxy) unlocked = NULL;
  GError *error = NULL;
  guint n_unlocked;

  n_unlocked = secret_service_unlock_finish (SECRET_SERVICE (object), result, &unlocked, &error);
  if (error != NULL)
    {
      op_fail_keyring (g_steal_pointer (&task), error);
      return;
    }

  /* The prompt was dismissed, or there is no one to ask. */
  if (n_unlocked < op->pending)
    {
      op_fail_locked (g_steal_pointer (&task));
      return;
    }

  op->pending = 0;
  op->next (g_steal_pointer (&task));
}

static gboolean op_unlock_locked (GTask  *task,
                                  void  (*next) (GTask *task));

static void
collections_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!secret_service_load_collections_finish (SECRET_SERVICE (object), result, &error))
    {
      op_fail_keyring (g_steal_pointer (&task), error);
      return;
    }

  op->collections_loaded = TRUE;
  if (!op_unlock_locked (task, op->next))
    op->next (task);
  task = NULL;
}

/* A locked collection does not show its items at all (gnome-keyring after a restart): every
 * locked collection is unlocked (with the keyring's own prompt), and one that stays locked is
 * keyring-locked, never "no such account". Then runs next. FALSE (task not taken) when no
 * collection is locked. The collections are loaded first where the service has not yet (it
 * connects without them); next then runs also when none is locked. */
static gboolean
op_unlock_locked (GTask  *task,
                  void  (*next) (GTask *task))
{
  Op *op = g_task_get_task_data (task);
  GList *collections;
  GList *locked = NULL;

  if (!op->collections_loaded &&
      (secret_service_get_flags (op->service) & SECRET_SERVICE_LOAD_COLLECTIONS) == 0)
    {
      op->next = next;
      secret_service_load_collections (op->service, g_task_get_cancellable (task),
                                       collections_loaded_cb, task);
      return TRUE;
    }

  collections = secret_service_get_collections (op->service);

  for (GList *l = collections; l != NULL; l = l->next)
    if (secret_collection_get_locked (l->data))
      locked = g_list_prepend (locked, l->data);

  if (locked == NULL)
    {
      g_list_free_full (collections, g_object_unref);
      return FALSE;
    }

  op->next = next;
  op->pending = g_list_length (locked);
  secret_service_unlock (op->service, locked, g_task_get_cancellable (task), unlock_cb, task);
  g_list_free (locked);
  g_list_free_full (collections, g_object_unref);
  return TRUE;
}

/* Unlocks every locked collection first, then runs next (for the list of all accounts). */
static void
op_unlock_then (GTask  *task,   /* taken */
                void  (*next) (GTask *task))
{
  if (!op_unlock_locked (task, next))
    next (task);
}


static GHashTable *
email_attributes (const char *email)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (char *) "email", (char *) email);
  return attributes;
}

/* The items of op->email (all of ours when NULL), unlocked and with secrets when asked. */
static void
op_search (GTask               *task,
           SecretSearchFlags    flags,
           GAsyncReadyCallback  callback)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = op->email != NULL
                                       ? email_attributes (op->email)
                                       : g_hash_table_new (g_str_hash, g_str_equal);

  secret_service_search (op->service, account_schema (), attributes, flags,
                         g_task_get_cancellable (task), callback, task);
}

static gboolean
item_is_locked (SecretItem *item)
{
  return secret_item_get_locked (item) || secret_item_get_secret (item) == NULL;
}

static void load_search   (GTask *task);
static void forget_search (GTask *task);

/* --- save ---------------------------------------------------------------------------------- */

static void
save_delete_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);

  /* A stale item that stays is not worth failing for: the new one is saved already. */
  secret_item_delete_finish (SECRET_ITEM (object), result, NULL);
  if (--op->pending == 0)
    g_task_return_boolean (task, TRUE);
}

static void
save_cleanup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GList *items = secret_service_search_finish (SECRET_SERVICE (object), result, NULL);
  const char *kind = mail_auth_kind_to_string (op->account->settings->auth);
  const char *provider = provider_attribute (op->account->settings);

  /* The same address saved earlier under another provider or kind is replaced too; the
   * operation ends when those are gone, so that a short-lived caller does not cut it off. */
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (l->data);

      if (g_strcmp0 (g_hash_table_lookup (attributes, "kind"), kind) != 0 ||
          g_strcmp0 (g_hash_table_lookup (attributes, "provider"), provider) != 0)
        {
          op->pending++;
          secret_item_delete (l->data, NULL, save_delete_cb, g_object_ref (task));
        }
    }
  g_list_free_full (items, g_object_unref);

  if (op->pending == 0)
    g_task_return_boolean (task, TRUE);
}

static void
save_store_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_service_store_finish (SECRET_SERVICE (object), result, &error))
    {
      op_fail_keyring (g_steal_pointer (&task), error);
      return;
    }

  op_search (g_steal_pointer (&task), SECRET_SEARCH_ALL, save_cleanup_cb);
}

static void
save_with_service (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  const MailAccountSettings *settings = op->account->settings;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *label = NULL;
  char *json;

  g_hash_table_insert (attributes, (char *) "email", settings->email);
  g_hash_table_insert (attributes, (char *) "provider", (char *) provider_attribute (settings));
  g_hash_table_insert (attributes, (char *) "kind",
                       (char *) mail_auth_kind_to_string (settings->auth));

  /* TRANSLATORS: the keyring item's label: "Mail Setup: address (provider)" */
  label = g_strdup_printf (_("Mail Setup: %s (%s)"), settings->email,
                           settings->provider_name != NULL ? settings->provider_name
                                                           : provider_attribute (settings));

  json = account_to_json (op->account);
  value = secret_value_new_full (json, strlen (json), CONTENT_TYPE,
                                 (GDestroyNotify) mail_secret_free);

  /* Replaces the item with the same attributes; a locked default collection is unlocked
   * through the keyring's own prompt, or the store fails with IS_LOCKED. */
  secret_service_store (op->service, account_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                        label, value, g_task_get_cancellable (task), save_store_cb, task);
}

void
mail_account_store_save_async (MailAccountStore        *self,
                               const MailStoredAccount *account,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (MAIL_IS_ACCOUNT_STORE (self));
  g_return_if_fail (account != NULL && account->settings != NULL);
  g_return_if_fail (account->settings->email != NULL);

  task = op_task_new (self, account->settings->email, mail_account_store_save_async,
                      cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->account = mail_stored_account_copy (account);
  op_start (task, save_with_service);
}

static gboolean
op_finish_boolean (GAsyncResult   *result,
                   MailDiagnosis **diagnosis,
                   GError        **error)
{
  Op *op = g_task_get_task_data (G_TASK (result));

  if (diagnosis != NULL)
    *diagnosis = g_steal_pointer (&op->diagnosis);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
mail_account_store_save_finish (MailAccountStore  *self,
                                GAsyncResult      *result,
                                MailDiagnosis    **diagnosis,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return op_finish_boolean (result, diagnosis, error);
}

/* --- load ---------------------------------------------------------------------------------- */

/* Parses the account item's JSON and returns it on task. */
static void
load_return_value (GTask       *task,
                   SecretValue *value)
{
  MailAccountStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  op->account = account_from_json (secret_value_get_text (value), self->registry, &error);
  if (op->account == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, mail_stored_account_copy (op->account),
                         (GDestroyNotify) mail_stored_account_free);
}

static void
load_search_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  GList *items;
  SecretItem *item;
  g_autoptr(SecretValue) value = NULL;

  items = secret_service_search_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    {
      op_fail_keyring (g_steal_pointer (&task), error);
      return;
    }

  if (items == NULL)
    {
      /* Perhaps hidden in a locked collection: unlock and look once more. */
      if (!op->retried)
        {
          op->retried = TRUE;
          if (op_unlock_locked (task, load_search))
            {
              task = NULL;
              return;
            }
        }
      g_task_return_new_error (task, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                               _("No account %s is saved in the keyring."), op->email);
      return;
    }

  item = items->data;
  if (item_is_locked (item))
    {
      g_list_free_full (items, g_object_unref);
      op_fail_locked (g_steal_pointer (&task));
      return;
    }

  value = secret_item_get_secret (item);
  g_list_free_full (items, g_object_unref);
  load_return_value (task, value);
}

static void
load_search (GTask *task)
{
  op_search (task, SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS, load_search_cb);
}

static void
load_secret_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GError) error = NULL;

  value = secret_service_get_secret_for_dbus_path_finish (SECRET_SERVICE (object), result,
                                                          &error);
  if (value == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      /* Gone or locked meanwhile: the item-by-item search says which. */
      load_search (g_steal_pointer (&task));
      return;
    }

  load_return_value (task, value);
}

static void
load_paths_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_auto(GStrv) unlocked = NULL;
  g_auto(GStrv) locked = NULL;
  GError *error = NULL;

  if (!secret_service_search_for_dbus_paths_finish (SECRET_SERVICE (object), result, &unlocked,
                                                    &locked, &error))
    {
      op_fail_keyring (g_steal_pointer (&task), error);
      return;
    }

  /* Locked, or not there (perhaps hidden in a locked collection): the item-by-item search
   * unlocks, and tells "keyring-locked" from "no such account". */
  if (unlocked == NULL || unlocked[0] == NULL)
    {
      load_search (g_steal_pointer (&task));
      return;
    }

  secret_service_get_secret_for_dbus_path (SECRET_SERVICE (object), unlocked[0],
                                           g_task_get_cancellable (task), load_secret_cb,
                                           task);
  task = NULL;
}

/* The common case, an unlocked item, in two round trips (search, get the secret) like
 * secret-tool; anything else through load_search. */
static void
load_with_service (GTask *task)
{
  Op *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = email_attributes (op->email);

  secret_service_search_for_dbus_paths (op->service, account_schema (), attributes,
                                        g_task_get_cancellable (task), load_paths_cb, task);
}

void
mail_account_store_load_async (MailAccountStore    *self,
                               const char          *email,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_STORE (self));
  g_return_if_fail (email != NULL);

  op_start (op_task_new (self, email, mail_account_store_load_async, cancellable, callback,
                         user_data),
            load_with_service);
}

MailStoredAccount *
mail_account_store_load_finish (MailAccountStore  *self,
                                GAsyncResult      *result,
                                MailDiagnosis    **diagnosis,
                                GError           **error)
{
  Op *op;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  op = g_task_get_task_data (G_TASK (result));
  if (diagnosis != NULL)
    *diagnosis = g_steal_pointer (&op->diagnosis);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- list ---------------------------------------------------------------------------------- */

static int
compare_accounts (gconstpointer a,
                  gconstpointer b)
{
  const MailStoredAccount *x = *(MailStoredAccount **) a;
  const MailStoredAccount *y = *(MailStoredAccount **) b;

  return g_strcmp0 (x->settings->email, y->settings->email);
}

static void
list_search_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailAccountStore *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) accounts = NULL;
  GError *error = NULL;
  GList *items;

  items = secret_service_search_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    {
      op_fail_keyring (g_steal_pointer (&task), error);
      return;
    }

  accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_stored_account_free);
  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(SecretValue) value = NULL;
      g_autoptr(MailStoredAccount) full = NULL;
      MailStoredAccount *account;

      if (item_is_locked (l->data))
        {
          g_list_free_full (items, g_object_unref);
          op_fail_locked (g_steal_pointer (&task));
          return;
        }

      value = secret_item_get_secret (l->data);
      full = account_from_json (secret_value_get_text (value), self->registry, NULL);
      if (full == NULL)
        continue;

      /* Secrets left out; the token address (its Microsoft tenant) is none. */
      account = mail_stored_account_new (full->settings);
      account->expires_at = full->expires_at;
      account->token_url = g_strdup (full->token_url);
      account->signed_in_as = g_strdup (full->signed_in_as);
      account->signed_in_at = full->signed_in_at;
      account->refreshed_at = full->refreshed_at;
      g_ptr_array_add (accounts, account);
    }
  g_list_free_full (items, g_object_unref);

  g_ptr_array_sort (accounts, compare_accounts);
  g_task_return_pointer (task, g_steal_pointer (&accounts), (GDestroyNotify) g_ptr_array_unref);
}

static void
list_search (GTask *task)
{
  op_search (task, SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
             list_search_cb);
}

static void
list_with_service (GTask *task)
{
  op_unlock_then (task, list_search);
}

void
mail_account_store_list_async (MailAccountStore    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_STORE (self));

  op_start (op_task_new (self, NULL, mail_account_store_list_async, cancellable, callback,
                         user_data),
            list_with_service);
}

GPtrArray *
mail_account_store_list_finish (MailAccountStore  *self,
                                GAsyncResult      *result,
                                MailDiagnosis    **diagnosis,
                                GError           **error)
{
  Op *op;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  op = g_task_get_task_data (G_TASK (result));
  if (diagnosis != NULL)
    *diagnosis = g_steal_pointer (&op->diagnosis);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- forget -------------------------------------------------------------------------------- */

static void
forget_delete_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_service_clear_finish (SECRET_SERVICE (object), result, &error))
    {
      if (error == NULL)
        error = g_error_new (SECRET_ERROR, SECRET_ERROR_IS_LOCKED, _("The keyring is locked."));
      op_fail_keyring (g_steal_pointer (&task), error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
forget_search_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = email_attributes (op->email);
  GError *error = NULL;
  GList *items;

  items = secret_service_search_finish (SECRET_SERVICE (object), result, &error);
  if (error != NULL)
    {
      op_fail_keyring (g_steal_pointer (&task), error);
      return;
    }

  if (items == NULL)
    {
      if (!op->retried)
        {
          op->retried = TRUE;
          if (op_unlock_locked (task, forget_search))
            {
              task = NULL;
              return;
            }
        }
      g_task_return_new_error (task, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                               _("No account %s is saved in the keyring."), op->email);
      return;
    }
  g_list_free_full (items, g_object_unref);

  secret_service_clear (op->service, account_schema (), attributes,
                        g_task_get_cancellable (task), forget_delete_cb,
                        g_object_ref (task));
}

static void
forget_search (GTask *task)
{
  op_search (task, SECRET_SEARCH_ALL, forget_search_cb);
}

static void
forget_with_service (GTask *task)
{
  forget_search (task);
}

void
mail_account_store_forget_async (MailAccountStore    *self,
                                 const char          *email,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_STORE (self));
  g_return_if_fail (email != NULL);

  op_start (op_task_new (self, email, mail_account_store_forget_async, cancellable, callback,
                         user_data),
            forget_with_service);
}

gboolean
mail_account_store_forget_finish (MailAccountStore  *self,
                                  GAsyncResult      *result,
                                  MailDiagnosis    **diagnosis,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return op_finish_boolean (result, diagnosis, error);
}

/* --- get_credential ------------------------------------------------------------------------ */

/* Refreshing is serialised between processes (mail clients call `token` at the same minute,
 * and a refresh token that works once must be used once): a lock file per account under
 * $XDG_RUNTIME_DIR/mail-setup/, held from reading the account again through the refresh to
 * saving the rotated token. Whoever waited reads the keyring again and usually finds a fresh
 * token there. */

static char *
refresh_lock_path (const char  *email,
                   GError     **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_runtime_dir (), "mail-setup", NULL);
  g_autofree char *folded = g_utf8_casefold (email, -1);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, folded, -1);
  GStatBuf st;

  if (g_mkdir (dir, 0700) != 0 && errno != EEXIST)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", dir,
                   g_strerror (saved));
      return NULL;
    }

  /* Another user's directory, or one others can write to, is not ours to lock in. */
  if (g_lstat (dir, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid () ||
      (st.st_mode & 0077) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "%s is not a private directory of this user", dir);
      return NULL;
    }

  return g_strdup_printf ("%s/refresh-%s.lock", dir, hash);
}

static void
credential_return_token (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  if (op->lock_fd >= 0)
    {
      close (op->lock_fd);
      op->lock_fd = -1;
    }
  g_task_return_pointer (task, g_strdup (op->account->access_token),
                         (GDestroyNotify) mail_secret_free);
}

static void
credential_return_error (GTask         *task,
                         MailDiagnosis *diagnosis,  /* taken */
                         GError        *error)      /* taken */
{
  Op *op = g_task_get_task_data (task);

  if (op->lock_fd >= 0)
    {
      close (op->lock_fd);
      op->lock_fd = -1;
    }
  g_clear_pointer (&op->diagnosis, mail_diagnosis_free);
  op->diagnosis = diagnosis;
  g_task_return_error (task, error);
}

static gboolean
access_token_is_fresh (const MailStoredAccount *account)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* A token is used for its whole life, and refreshed shortly before it ends. */
  return account->access_token != NULL &&
         (account->expires_at == 0 || account->expires_at - now > REFRESH_MARGIN_S);
}

static void
credential_saved_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailDiagnosis *diagnosis = NULL;
  GError *error = NULL;

  /* Without the rotated refresh token saved, the next refresh may fail: say so now. */
  if (!mail_account_store_save_finish (MAIL_ACCOUNT_STORE (object), result, &diagnosis, &error))
    {
      credential_return_error (task, diagnosis, error);
      return;
    }

  credential_return_token (task);
}

typedef struct
{
  GTask         *task;
  MailDiagnosis *diagnosis;
  GError        *error;
} RefreshFailure;

/* After a refused refresh: if the keyring meanwhile holds another refresh token and a valid
 * access token, someone else (an older version without the lock, the wizard) won a race, and
 * the sign-in did not expire at all. */
static void
credential_recheck_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  RefreshFailure *failure = user_data;
  g_autoptr(GTask) task = failure->task;
  Op *op = g_task_get_task_data (task);
  g_autoptr(MailStoredAccount) again = NULL;

  again = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result, NULL, NULL);
  if (again != NULL && again->refresh_token != NULL &&
      g_strcmp0 (again->refresh_token, op->used_refresh) != 0 && access_token_is_fresh (again))
    {
      g_clear_pointer (&op->account, mail_stored_account_free);
      op->account = g_steal_pointer (&again);
      g_clear_pointer (&failure->diagnosis, mail_diagnosis_free);
      g_clear_error (&failure->error);
      credential_return_token (task);
    }
  else
    credential_return_error (task, failure->diagnosis, failure->error);

  g_free (failure);
}

static void
credential_refreshed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailAccountStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autoptr(MailOAuthTokens) tokens = NULL;
  MailDiagnosis *diagnosis = NULL;
  GError *error = NULL;

  tokens = mail_oauth_token_client_request_finish (MAIL_OAUTH_TOKEN_CLIENT (object), result,
                                                   &error);
  if (tokens == NULL && mail_diagnosis_from_error (error) != NULL)
    {
      /* The token client's diagnosis and the error under it, as this store passes them on. */
      g_autoptr(GError) wrapped = error;

      diagnosis = mail_diagnosis_copy (mail_diagnosis_from_error (wrapped));
      error = g_error_copy (mail_diagnosis_error_get_cause (wrapped));
    }
  if (tokens == NULL)
    {
      /* The old item stays as it is: signing in again replaces it. */
      if (error->domain == MAIL_ERROR && error->code == MAIL_ERROR_SERVER_REFUSED)
        {
          RefreshFailure *failure = g_new0 (RefreshFailure, 1);

          failure->task = g_steal_pointer (&task);
          failure->diagnosis = diagnosis;
          failure->error = error;
          mail_account_store_load_async (self, op->email, g_task_get_cancellable (failure->task),
                                         credential_recheck_cb, failure);
          return;
        }
      credential_return_error (task, diagnosis, error);
      return;
    }

  g_clear_pointer (&op->account->access_token, mail_secret_free);
  op->account->access_token = g_steal_pointer (&tokens->access_token);
  op->account->expires_at = tokens->expires_at;
  op->account->refreshed_at = g_get_real_time () / G_USEC_PER_SEC;
  if (tokens->refresh_token != NULL)
    {
      /* Rotation: the new refresh token replaces the old one. */
      g_clear_pointer (&op->account->refresh_token, mail_secret_free);
      op->account->refresh_token = g_steal_pointer (&tokens->refresh_token);
    }

  mail_account_store_save_async (self, op->account, g_task_get_cancellable (task),
                                 credential_saved_cb, g_object_ref (task));
}

static void
credential_fail_code (GTask      *task,
                      const char *code,
                      const char *message)
{
  Op *op = g_task_get_task_data (task);
  const MailAccountSettings *settings = op->account->settings;
  MailDiagnosisContext context = {
    .protocol = "oauth",
    .stage = "refresh",
    .provider_id = settings->provider_id,
    .email = settings->email,
    .auth = MAIL_AUTH_OAUTH2,
  };

  credential_return_error (task, mail_diagnosis_new_for_code (code, &context),
                           g_error_new (MAIL_ERROR, MAIL_ERROR_FAILED, "%s", message));
}

static void
credential_refresh (GTask *task)
{
  MailAccountStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  MailStoredAccount *account = op->account;
  g_autoptr(MailOAuthTokenClient) client = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *client_secret = NULL;
  const char *token_url;
  MailProvider *provider;

  if (account->refresh_token == NULL)
    {
      credential_fail_code (task, "oauth-refresh-expired",
                            _("The saved sign-in has expired and cannot be renewed."));
      return;
    }

  provider = account->settings->provider;
  token_url = account->token_url != NULL ? account->token_url
                                         : provider != NULL ? provider->token_url : NULL;
  if (account->client_id != NULL)
    {
      client_id = g_strdup (account->client_id);
      client_secret = g_strdup (account->client_secret);
    }
  else if (provider != NULL)
    mail_oauth_client_id_resolve (provider, &client_id, &client_secret, NULL);

  if (token_url == NULL || client_id == NULL)
    {
      credential_fail_code (task, client_id == NULL ? "oauth-client-id-missing"
                                                    : "oauth-refresh-expired",
                            _("Mail Setup does not know how to renew this sign-in."));
      return;
    }

  g_clear_pointer (&op->used_refresh, mail_secret_free);
  op->used_refresh = g_strdup (account->refresh_token);
  client = mail_oauth_token_client_new (token_url, client_id, client_secret,
                                        account->settings->provider_id, op->email);
  mail_oauth_token_client_set_deadline (client, self->deadline);
  mail_oauth_token_client_refresh_async (client, account->refresh_token, account->scopes,
                                         g_task_get_cancellable (task), credential_refreshed_cb,
                                         g_object_ref (task));
}

static void credential_loaded_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data);

static gboolean
lock_poll_cb (gpointer user_data)
{
  GTask *task = user_data;
  MailAccountStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (flock (op->lock_fd, LOCK_EX | LOCK_NB) == 0)
    {
      /* Ours now: read the account again, another process may have renewed it. */
      op->locked_reload = TRUE;
      mail_account_store_load_async (self, op->email, cancellable, credential_loaded_cb,
                                     g_object_ref (task));
      return G_SOURCE_REMOVE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      credential_return_error (task, NULL, error);
      return G_SOURCE_REMOVE;
    }

  if (g_get_monotonic_time () >= op->lock_deadline)
    {
      const MailAccountSettings *settings = op->account->settings;
      MailDiagnosisContext context = {
        .protocol = "oauth",
        .stage = "refresh",
        .provider_id = settings->provider_id,
        .email = settings->email,
        .auth = MAIL_AUTH_OAUTH2,
      };

      error = g_error_new (MAIL_ERROR, MAIL_ERROR_TIMEOUT,
                           _("Another Mail Setup command is renewing the sign-in of %s and did "
                             "not finish in time."), op->email);
      context.error = error;
      credential_return_error (task, mail_diagnosis_new_for_code ("oauth-endpoint-timeout",
                                                                  &context), error);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Takes the account's refresh lock (waiting for another process that holds it), then reads
 * the account again. Without a place for lock files the refresh goes on unserialised. */
static void
credential_lock (GTask *task)
{
  MailAccountStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GSource *source;

  path = refresh_lock_path (op->email, &error);
  if (path != NULL)
    op->lock_fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
  if (op->lock_fd < 0)
    {
      g_debug ("Refreshing without a lock: %s", error != NULL ? error->message
                                                              : g_strerror (errno));
      credential_refresh (task);
      return;
    }

  op->lock_deadline = self->deadline > 0
                        ? self->deadline
                        : g_get_monotonic_time () + LOCK_WAIT_S * G_USEC_PER_SEC;
  if (!lock_poll_cb (task))
    return;

  source = g_timeout_source_new (LOCK_POLL_MS);
  g_source_set_callback (source, lock_poll_cb, g_object_ref (task), g_object_unref);
  g_source_set_static_name (source, "[mail] refresh lock");
  g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
}

static void
credential_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  MailDiagnosis *diagnosis = NULL;
  MailStoredAccount *account;
  GError *error = NULL;

  account = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result, &diagnosis,
                                            &error);
  if (account == NULL)
    {
      credential_return_error (task, diagnosis, error);
      return;
    }

  g_clear_pointer (&op->account, mail_stored_account_free);
  op->account = account;
  op->kind = account->settings->auth;

  if (account->settings->auth != MAIL_AUTH_OAUTH2)
    {
      if (account->password == NULL)
        {
          credential_return_error (task, NULL,
                                   g_error_new (MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                                                _("No password is saved for %s."), op->email));
          return;
        }
      g_task_return_pointer (task, g_strdup (account->password),
                             (GDestroyNotify) mail_secret_free);
      return;
    }

  if (access_token_is_fresh (account))
    {
      credential_return_token (task);
      return;
    }

  if (op->locked_reload)
    credential_refresh (task);
  else
    credential_lock (task);
}

void
mail_account_store_get_credential_async (MailAccountStore    *self,
                                         const char          *email,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MAIL_IS_ACCOUNT_STORE (self));
  g_return_if_fail (email != NULL);

  task = op_task_new (self, email, mail_account_store_get_credential_async, cancellable,
                      callback, user_data);
  mail_account_store_load_async (self, email, cancellable, credential_loaded_cb, task);
}

char *
mail_account_store_get_credential_finish (MailAccountStore  *self,
                                          GAsyncResult      *result,
                                          MailAuthKind      *kind,
                                          MailDiagnosis    **diagnosis,
                                          GError           **error)
{
  Op *op;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  op = g_task_get_task_data (G_TASK (result));
  if (kind != NULL)
    *kind = op->kind;
  if (diagnosis != NULL)
    *diagnosis = g_steal_pointer (&op->diagnosis);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- mark_verified ------------------------------------------------------------------------- */

static void
verified_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  MailDiagnosis *diagnosis = NULL;
  GError *error = NULL;

  if (!mail_account_store_save_finish (MAIL_ACCOUNT_STORE (object), result, &diagnosis, &error))
    {
      g_clear_pointer (&op->diagnosis, mail_diagnosis_free);
      op->diagnosis = diagnosis;
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
verified_loaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MailAccountStore *self = MAIL_ACCOUNT_STORE (object);
  Op *op = g_task_get_task_data (task);
  MailDiagnosis *diagnosis = NULL;
  GError *error = NULL;
  MailStoredAccount *account;

  account = mail_account_store_load_finish (self, result, &diagnosis, &error);
  if (account == NULL && !g_error_matches (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT))
    {
      g_clear_pointer (&op->diagnosis, mail_diagnosis_free);
      op->diagnosis = diagnosis;
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);

  /* A verified account that was never saved is kept too (without a secret), so that its
   * settings can be exported. The sign-in kind of a saved one stays as it was saved. */
  if (account == NULL)
    account = mail_stored_account_new (op->settings);
  else
    {
      MailAuthKind kind = account->settings->auth;

      mail_account_settings_free (account->settings);
      account->settings = mail_account_settings_copy (op->settings);
      account->settings->auth = kind;
    }
  op->account = account;

  mail_account_store_save_async (self, op->account, g_task_get_cancellable (task),
                                 verified_saved_cb, g_object_ref (task));
}

void
mail_account_store_mark_verified_async (MailAccountStore          *self,
                                        const MailAccountSettings *settings,
                                        GCancellable              *cancellable,
                                        GAsyncReadyCallback        callback,
                                        gpointer                   user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (MAIL_IS_ACCOUNT_STORE (self));
  g_return_if_fail (settings != NULL && settings->email != NULL);

  task = op_task_new (self, settings->email, mail_account_store_mark_verified_async,
                      cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->settings = mail_account_settings_copy (settings);
  if (op->settings->verified_at == NULL)
    op->settings->verified_at = g_date_time_new_now_utc ();
  mail_account_store_load_async (self, settings->email, cancellable, verified_loaded_cb, task);
}

gboolean
mail_account_store_mark_verified_finish (MailAccountStore  *self,
                                         GAsyncResult      *result,
                                         MailDiagnosis    **diagnosis,
                                         GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return op_finish_boolean (result, diagnosis, error);
}

/* --- check --------------------------------------------------------------------------------- */

static void
check_unlock_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autolist(GDBusProxy) unlocked = NULL;
  GError *error = NULL;

  secret_service_unlock_finish (SECRET_SERVICE (object), result, &unlocked, &error);
  if (error != NULL)
    {
      op_fail_keyring (g_steal_pointer (&task), error);
      return;
    }

  /* The prompt was dismissed, or there is no one to ask. */
  if (unlocked == NULL)
    {
      op_fail_locked (g_steal_pointer (&task));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
check_collection_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GList) objects = NULL;
  GError *error = NULL;

  collection = secret_collection_for_alias_finish (result, &error);
  if (error != NULL)
    {
      op_fail_keyring (g_steal_pointer (&task), error);
      return;
    }

  /* No default collection yet: the first save creates one (with the keyring's prompt). */
  if (collection == NULL || !secret_collection_get_locked (collection))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  objects = g_list_append (NULL, collection);
  secret_service_unlock (op->service, objects, g_task_get_cancellable (task), check_unlock_cb,
                         g_object_ref (task));
}

static void
check_with_service (GTask *task)
{
  Op *op = g_task_get_task_data (task);

  secret_collection_for_alias (op->service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               g_task_get_cancellable (task), check_collection_cb, task);
}

void
mail_account_store_check_async (MailAccountStore    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (MAIL_IS_ACCOUNT_STORE (self));

  op_start (op_task_new (self, NULL, mail_account_store_check_async, cancellable, callback,
                         user_data),
            check_with_service);
}

gboolean
mail_account_store_check_finish (MailAccountStore  *self,
                                 GAsyncResult      *result,
                                 MailDiagnosis    **diagnosis,
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return op_finish_boolean (result, diagnosis, error);
}
