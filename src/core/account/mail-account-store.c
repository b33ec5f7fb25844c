/* mail-account-store.c: accounts and their secrets in the system keyring (libsecret)
 *
 * Nothing is ever written anywhere but the Secret Service: without one, or with the keyring
 * left locked, the operations fail with keyring-unavailable / keyring-locked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
/* For secret_service_search_for_dbus_paths() and secret_service_get_secret_for_dbus_path()
 * (libsecret's "unstable" path API, unchanged since 0.18): loading one account by path, as
 * secret-tool does, saves a round trip and a proxy per item. */
#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>

#include "mail-account-store.h"
#include "mail-diagnosis-error.h"
#include "mail-types.h"

#define CONTENT_TYPE "application/json"

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

/* MailAccountStore */

struct _MailAccountStore
{
  GObject               parent_instance;

  MailProviderRegistry *registry;
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

/* One operation in progress: the task data. */
typedef struct
{
  char              *email;
  MailStoredAccount *account;      /* to save / loaded */
  MailAccountSettings *settings;   /* mark_verified */
  SecretService     *service;
  guint              pending;      /* deletions in flight */
  void             (*next) (GTask *task);
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

/* Returns error on task: a MAIL_DIAGNOSIS_ERROR with a keyring diagnosis, unless it was a
 * cancellation. */
static void
op_fail_keyring (GTask  *task,
                 GError *error)  /* taken */
{
  Op *op = g_task_get_task_data (task);
  const char *code;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, error);
      return;
    }

  code = g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ? "keyring-locked"
                                                                       : "keyring-unavailable";
  g_task_return_error (task, mail_diagnosis_error_new (keyring_diagnosis (op, code, error),
                                                       error));
  g_error_free (error);
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

/* The items a search of op->email found. None: perhaps hidden in a locked collection, so the
 * locked ones are unlocked and again runs once more; after that, "no such account" is returned
 * (MAIL_ERROR_INVALID_INPUT). NULL when task was taken (failed, or searching again). */
static GList *
op_search_found (GTask        *task,    /* taken when NULL is returned */
                 GObject      *service,
                 GAsyncResult *result,
                 void        (*again) (GTask *task))
{
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;
  GList *items;

  items = secret_service_search_finish (SECRET_SERVICE (service), result, &error);
  if (error != NULL)
    {
      op_fail_keyring (task, error);
      return NULL;
    }
  if (items != NULL)
    return items;

  if (!op->retried)
    {
      op->retried = TRUE;
      if (op_unlock_locked (task, again))
        return NULL;
    }
  g_task_return_new_error (task, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                           _("No account %s is saved in the keyring."), op->email);
  g_object_unref (task);
  return NULL;
}

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

  json = mail_stored_account_to_json (op->account);
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


gboolean
mail_account_store_save_finish (MailAccountStore  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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

  op->account = mail_stored_account_from_json (secret_value_get_text (value), self->registry,
                                               &error);
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
  GList *items;
  SecretItem *item;
  g_autoptr(SecretValue) value = NULL;

  items = op_search_found (task, object, result, load_search);
  if (items == NULL)
    {
      task = NULL;
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
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

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

      if (item_is_locked (l->data))
        {
          g_list_free_full (items, g_object_unref);
          op_fail_locked (g_steal_pointer (&task));
          return;
        }

      value = secret_item_get_secret (l->data);
      full = mail_stored_account_from_json (secret_value_get_text (value), self->registry, NULL);
      if (full == NULL)
        continue;

      g_ptr_array_add (accounts, mail_stored_account_copy_without_secrets (full));
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

/* Unlocks every locked collection first, then lists. */
static void
list_with_service (GTask *task)
{
  if (!op_unlock_locked (task, list_search))
    list_search (task);
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
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

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
  GList *items;

  items = op_search_found (task, object, result, forget_search);
  if (items == NULL)
    {
      task = NULL;
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
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- get_credential ------------------------------------------------------------------------ */

/* Refreshing is serialised between processes (mail clients call `token` at the same minute,
 * and a refresh token that works once must be used once): a lock file per account under
 * $XDG_RUNTIME_DIR/mail-setup/, held from reading the account again through the refresh to
 * saving the rotated token. Whoever waited reads the keyring again and usually finds a fresh
 * token there. */
/* --- mark_verified ------------------------------------------------------------------------- */

static void
verified_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!mail_account_store_save_finish (MAIL_ACCOUNT_STORE (object), result, &error))
    {
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
  GError *error = NULL;
  MailStoredAccount *account;

  account = mail_account_store_load_finish (self, result, &error);
  if (account == NULL && !g_error_matches (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);

  /* A verified account that was never saved is kept too (without a secret), so that its
   * settings can be exported. */
  op->account = mail_stored_account_with_settings (account, op->settings);

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
                                         GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
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
                                 GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
