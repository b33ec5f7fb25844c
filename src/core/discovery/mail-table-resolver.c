/* mail-table-resolver.c: a GResolver answering from a table, for tests only
 *
 * Tests (and test builds of mail-setup-cli, see mail-test-hooks.h) use it so that discovery can be
 * checked without the internet: MX, SRV and address answers come from the table, anything else
 * does not exist.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-file.h"
#include "mail-table-resolver.h"

typedef struct
{
  GPtrArray *addresses; /* GInetAddress */
  GPtrArray *mx;        /* GVariant (qs) */
  GPtrArray *srv;       /* GVariant (qqqs) */
} Entry;

struct _MailTableResolver
{
  GResolver   parent_instance;

  GMutex      lock;
  GHashTable *entries;  /* char * → Entry */
  guint       delay_ms;
};

G_DEFINE_FINAL_TYPE (MailTableResolver, mail_table_resolver, G_TYPE_RESOLVER)

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_ptr_array_unref (entry->addresses);
  g_ptr_array_unref (entry->mx);
  g_ptr_array_unref (entry->srv);
  g_free (entry);
}

static Entry *
get_entry (MailTableResolver *self,
           const char        *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  gsize len = strlen (key);
  Entry *entry;

  if (len > 0 && key[len - 1] == '.')
    key[len - 1] = '\0';

  entry = g_hash_table_lookup (self->entries, key);
  if (entry == NULL)
    {
      entry = g_new0 (Entry, 1);
      entry->addresses = g_ptr_array_new_with_free_func (g_object_unref);
      entry->mx = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      entry->srv = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
      g_hash_table_insert (self->entries, g_steal_pointer (&key), entry);
    }
  return entry;
}

static Entry *
find_entry (MailTableResolver *self,
            const char        *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);
  gsize len = strlen (key);

  if (len > 0 && key[len - 1] == '.')
    key[len - 1] = '\0';
  return g_hash_table_lookup (self->entries, key);
}

/* Answers ------------------------------------------------------------------------------------ */

static GList *
answer_by_name (MailTableResolver        *self,
                const char               *hostname,
                GResolverNameLookupFlags  flags,
                GError                  **error)
{
  GList *list = NULL;
  Entry *entry;

  g_mutex_lock (&self->lock);
  entry = find_entry (self, hostname);
  for (guint i = 0; entry != NULL && i < entry->addresses->len; i++)
    {
      GInetAddress *address = g_ptr_array_index (entry->addresses, i);
      GSocketFamily family = g_inet_address_get_family (address);

      if ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV4_ONLY) && family != G_SOCKET_FAMILY_IPV4)
        continue;
      if ((flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY) && family != G_SOCKET_FAMILY_IPV6)
        continue;
      list = g_list_append (list, g_object_ref (address));
    }
  g_mutex_unlock (&self->lock);

  if (list == NULL && entry == NULL && g_ascii_strcasecmp (hostname, "localhost") == 0 &&
      !(flags & G_RESOLVER_NAME_LOOKUP_FLAGS_IPV6_ONLY))
    list = g_list_append (NULL, g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4));

  if (list == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 "Error resolving “%s”: Name or service not known", hostname);
  return list;
}

static GList *
answer_records (MailTableResolver    *self,
                const char           *rrname,
                GResolverRecordType   type,
                GError              **error)
{
  GList *list = NULL;
  Entry *entry;

  g_mutex_lock (&self->lock);
  entry = find_entry (self, rrname);
  if (entry != NULL && (type == G_RESOLVER_RECORD_MX || type == G_RESOLVER_RECORD_SRV))
    {
      GPtrArray *records = type == G_RESOLVER_RECORD_MX ? entry->mx : entry->srv;

      for (guint i = 0; i < records->len; i++)
        list = g_list_append (list, g_variant_ref (g_ptr_array_index (records, i)));
    }
  g_mutex_unlock (&self->lock);

  if (list == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 "No DNS record of the requested type for “%s”", rrname);
  return list;
}

static GList *
answer_service (MailTableResolver  *self,
                const char         *rrname,
                GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  GList *records = answer_records (self, rrname, G_RESOLVER_RECORD_SRV, &local_error);
  GList *targets = NULL;

  for (GList *l = records; l != NULL; l = l->next)
    {
      guint16 priority, weight, port;
      const char *target;

      g_variant_get (l->data, "(qqq&s)", &priority, &weight, &port, &target);
      targets = g_list_prepend (targets, g_srv_target_new (target, port, priority, weight));
    }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);

  /* Like GLib's own resolver: a lone "." target (service not offered) gives an empty list. */
  targets = g_srv_target_list_sort (targets);
  if (targets == NULL)
    g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                 "No service record for “%s”", rrname);
  return targets;
}

/* Synchronous vfuncs ------------------------------------------------------------------------- */

static void
sleep_delay (MailTableResolver *self)
{
  if (self->delay_ms > 0)
    g_usleep ((gulong) self->delay_ms * 1000);
}

static GList *
lookup_by_name_with_flags (GResolver                 *resolver,
                           const char                *hostname,
                           GResolverNameLookupFlags   flags,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  MailTableResolver *self = MAIL_TABLE_RESOLVER (resolver);

  sleep_delay (self);
  return answer_by_name (self, hostname, flags, error);
}

static GList *
lookup_by_name (GResolver     *resolver,
                const char    *hostname,
                GCancellable  *cancellable,
                GError       **error)
{
  return lookup_by_name_with_flags (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                    cancellable, error);
}

static char *
lookup_by_address (GResolver     *resolver,
                   GInetAddress  *address,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No reverse name");
  return NULL;
}

static GList *
lookup_service (GResolver     *resolver,
                const char    *rrname,
                GCancellable  *cancellable,
                GError       **error)
{
  MailTableResolver *self = MAIL_TABLE_RESOLVER (resolver);

  sleep_delay (self);
  return answer_service (self, rrname, error);
}

static GList *
lookup_records (GResolver            *resolver,
                const char           *rrname,
                GResolverRecordType   type,
                GCancellable         *cancellable,
                GError              **error)
{
  MailTableResolver *self = MAIL_TABLE_RESOLVER (resolver);

  sleep_delay (self);
  return answer_records (self, rrname, type, error);
}

/* Asynchronous vfuncs: answer after the delay, in the caller's main context ------------------ */

typedef enum
{
  QUERY_NAME,
  QUERY_ADDRESS,
  QUERY_SERVICE,
  QUERY_RECORDS,
} QueryKind;

typedef struct
{
  QueryKind                 kind;
  char                     *name;
  GResolverNameLookupFlags  flags;
  GResolverRecordType       type;
} Query;

static void
query_free (gpointer data)
{
  Query *query = data;

  g_free (query->name);
  g_free (query);
}

static void
free_list_of_objects (gpointer list)
{
  g_list_free_full (list, g_object_unref);
}

static void
free_list_of_variants (gpointer list)
{
  g_list_free_full (list, (GDestroyNotify) g_variant_unref);
}

static void
free_list_of_targets (gpointer list)
{
  g_list_free_full (list, (GDestroyNotify) g_srv_target_free);
}

static gboolean
answer_cb (gpointer user_data)
{
  GTask *task = user_data;
  MailTableResolver *self = g_task_get_source_object (task);
  Query *query = g_task_get_task_data (task);
  GError *error = NULL;
  GList *list = NULL;
  GDestroyNotify free_func = free_list_of_objects;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  switch (query->kind)
    {
    case QUERY_NAME:
      list = answer_by_name (self, query->name, query->flags, &error);
      break;
    case QUERY_ADDRESS:
      g_set_error (&error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No reverse name");
      break;
    case QUERY_SERVICE:
      list = answer_service (self, query->name, &error);
      free_func = free_list_of_targets;
      break;
    case QUERY_RECORDS:
      list = answer_records (self, query->name, query->type, &error);
      free_func = free_list_of_variants;
      break;
    default:
      g_assert_not_reached ();
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, free_func);
  return G_SOURCE_REMOVE;
}

static void
start_query (MailTableResolver   *self,
             Query               *query,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GSource) source = NULL;

  g_task_set_source_tag (task, start_query);
  g_task_set_task_data (task, query, query_free);

  source = self->delay_ms > 0 ? g_timeout_source_new (self->delay_ms) : g_idle_source_new ();
  g_source_set_callback (source, answer_cb, task, g_object_unref);
  g_source_set_name (source, "[mail-setup] table resolver answer");
  g_source_attach (source, g_task_get_context (task));
}

static GList *
finish_list (GResolver     *resolver,
             GAsyncResult  *result,
             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, resolver), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lookup_by_name_with_flags_async (GResolver                *resolver,
                                 const char               *hostname,
                                 GResolverNameLookupFlags  flags,
                                 GCancellable             *cancellable,
                                 GAsyncReadyCallback       callback,
                                 gpointer                  user_data)
{
  Query *query = g_new0 (Query, 1);

  query->kind = QUERY_NAME;
  query->name = g_strdup (hostname);
  query->flags = flags;
  start_query (MAIL_TABLE_RESOLVER (resolver), query, cancellable, callback, user_data);
}

static void
lookup_by_name_async (GResolver           *resolver,
                      const char          *hostname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  lookup_by_name_with_flags_async (resolver, hostname, G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                   cancellable, callback, user_data);
}

static void
lookup_by_address_async (GResolver           *resolver,
                         GInetAddress        *address,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Query *query = g_new0 (Query, 1);

  query->kind = QUERY_ADDRESS;
  start_query (MAIL_TABLE_RESOLVER (resolver), query, cancellable, callback, user_data);
}

static char *
lookup_by_address_finish (GResolver     *resolver,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, resolver), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
lookup_service_async (GResolver           *resolver,
                      const char          *rrname,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Query *query = g_new0 (Query, 1);

  query->kind = QUERY_SERVICE;
  query->name = g_strdup (rrname);
  start_query (MAIL_TABLE_RESOLVER (resolver), query, cancellable, callback, user_data);
}

static void
lookup_records_async (GResolver           *resolver,
                      const char          *rrname,
                      GResolverRecordType  type,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Query *query = g_new0 (Query, 1);

  query->kind = QUERY_RECORDS;
  query->name = g_strdup (rrname);
  query->type = type;
  start_query (MAIL_TABLE_RESOLVER (resolver), query, cancellable, callback, user_data);
}

/* GObject ------------------------------------------------------------------------------------ */

static void
mail_table_resolver_finalize (GObject *object)
{
  MailTableResolver *self = MAIL_TABLE_RESOLVER (object);

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (mail_table_resolver_parent_class)->finalize (object);
}

static void
mail_table_resolver_class_init (MailTableResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = mail_table_resolver_finalize;

  resolver_class->lookup_by_name = lookup_by_name;
  resolver_class->lookup_by_name_async = lookup_by_name_async;
  resolver_class->lookup_by_name_finish = finish_list;
  resolver_class->lookup_by_name_with_flags = lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = finish_list;
  resolver_class->lookup_by_address = lookup_by_address;
  resolver_class->lookup_by_address_async = lookup_by_address_async;
  resolver_class->lookup_by_address_finish = lookup_by_address_finish;
  resolver_class->lookup_service = lookup_service;
  resolver_class->lookup_service_async = lookup_service_async;
  resolver_class->lookup_service_finish = finish_list;
  resolver_class->lookup_records = lookup_records;
  resolver_class->lookup_records_async = lookup_records_async;
  resolver_class->lookup_records_finish = finish_list;
}

static void
mail_table_resolver_init (MailTableResolver *self)
{
  g_mutex_init (&self->lock);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
}

MailTableResolver *
mail_table_resolver_new (void)
{
  return g_object_new (MAIL_TYPE_TABLE_RESOLVER, NULL);
}

void
mail_table_resolver_set_delay (MailTableResolver *self,
                               guint              delay_ms)
{
  g_return_if_fail (MAIL_IS_TABLE_RESOLVER (self));
  self->delay_ms = delay_ms;
}

void
mail_table_resolver_add_address (MailTableResolver *self,
                                 const char        *name,
                                 const char        *address)
{
  GInetAddress *inet;

  g_return_if_fail (MAIL_IS_TABLE_RESOLVER (self));
  inet = g_inet_address_new_from_string (address);
  g_return_if_fail (inet != NULL);

  g_mutex_lock (&self->lock);
  g_ptr_array_add (get_entry (self, name)->addresses, inet);
  g_mutex_unlock (&self->lock);
}

void
mail_table_resolver_add_mx (MailTableResolver *self,
                            const char        *name,
                            guint16            preference,
                            const char        *exchange)
{
  g_return_if_fail (MAIL_IS_TABLE_RESOLVER (self));

  g_mutex_lock (&self->lock);
  g_ptr_array_add (get_entry (self, name)->mx,
                   g_variant_ref_sink (g_variant_new ("(qs)", preference, exchange)));
  g_mutex_unlock (&self->lock);
}

void
mail_table_resolver_add_srv (MailTableResolver *self,
                             const char        *rrname,
                             guint16            priority,
                             guint16            weight,
                             guint16            port,
                             const char        *target)
{
  g_return_if_fail (MAIL_IS_TABLE_RESOLVER (self));

  g_mutex_lock (&self->lock);
  g_ptr_array_add (get_entry (self, rrname)->srv,
                   g_variant_ref_sink (g_variant_new ("(qqqs)", priority, weight, port, target)));
  g_mutex_unlock (&self->lock);
}

static gboolean
parse_numbers (const char  *text,
               guint        count,
               guint16     *numbers,
               const char **rest)
{
  const char *p = text;

  for (guint i = 0; i < count; i++)
    {
      char *end;
      guint64 value;

      while (*p == ' ')
        p++;
      value = g_ascii_strtoull (p, &end, 10);
      if (end == p || value > G_MAXUINT16 || *end != ' ')
        return FALSE;
      numbers[i] = (guint16) value;
      p = end;
    }
  while (*p == ' ')
    p++;
  *rest = p;
  return *p != '\0';
}

gboolean
mail_table_resolver_load_file (MailTableResolver  *self,
                               const char         *path,
                               GError            **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (MAIL_IS_TABLE_RESOLVER (self), FALSE);

  if (!mail_file_load_key_file (keyfile, path, 1024 * 1024, G_KEY_FILE_NONE, error))
    return FALSE;

  groups = g_key_file_get_groups (keyfile, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *name = groups[i];
      g_auto(GStrv) a = NULL;
      g_auto(GStrv) mx = NULL;
      g_auto(GStrv) srv = NULL;

      if (strcmp (name, "resolver") == 0)
        {
          self->delay_ms = (guint) MAX (0, g_key_file_get_integer (keyfile, name, "Delay", NULL));
          continue;
        }

      a = g_key_file_get_string_list (keyfile, name, "A", NULL, NULL);
      for (guint j = 0; a != NULL && a[j] != NULL; j++)
        {
          g_strstrip (a[j]);
          if (!g_hostname_is_ip_address (a[j]))
            goto bad;
          mail_table_resolver_add_address (self, name, a[j]);
        }

      mx = g_key_file_get_string_list (keyfile, name, "MX", NULL, NULL);
      for (guint j = 0; mx != NULL && mx[j] != NULL; j++)
        {
          guint16 preference;
          const char *host;

          if (!parse_numbers (g_strstrip (mx[j]), 1, &preference, &host))
            goto bad;
          mail_table_resolver_add_mx (self, name, preference, host);
        }

      srv = g_key_file_get_string_list (keyfile, name, "SRV", NULL, NULL);
      for (guint j = 0; srv != NULL && srv[j] != NULL; j++)
        {
          guint16 n[3];
          const char *target;

          if (!parse_numbers (g_strstrip (srv[j]), 3, n, &target))
            goto bad;
          mail_table_resolver_add_srv (self, name, n[0], n[1], n[2], target);
        }
      continue;

    bad:
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "%s: [%s] has a record that is not of the form A=address, "
                   "MX=preference host or SRV=priority weight port target", path, name);
      return FALSE;
    }

  return TRUE;
}
