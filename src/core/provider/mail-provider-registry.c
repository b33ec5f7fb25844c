/* mail-provider-registry.c: the known providers: built-in, installed and named files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-core-resources.h"
#include "mail-file.h"
#include "mail-provider.h"
#include "mail-provider-private.h"

#define MAIL_PROVIDER_FILE_MAX_BYTES (256 * 1024)

#define PROVIDERS_RESOURCE_DIR "/io/github/mailsetup/MailSetup/providers"

struct _MailProviderRegistry
{
  GObject    parent_instance;

  GPtrArray *providers;  /* MailProvider *, in load order */
  GPtrArray *warnings;   /* char * */
  MailProvider *last_added;
};

G_DEFINE_FINAL_TYPE (MailProviderRegistry, mail_provider_registry, G_TYPE_OBJECT)

static void
mail_provider_registry_finalize (GObject *object)
{
  MailProviderRegistry *self = MAIL_PROVIDER_REGISTRY (object);

  g_clear_pointer (&self->providers, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);

  G_OBJECT_CLASS (mail_provider_registry_parent_class)->finalize (object);
}

static void
mail_provider_registry_class_init (MailProviderRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mail_provider_registry_finalize;
}

static void
mail_provider_registry_init (MailProviderRegistry *self)
{
  self->providers = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_provider_unref);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

MailProviderRegistry *
mail_provider_registry_new (void)
{
  return g_object_new (MAIL_TYPE_PROVIDER_REGISTRY, NULL);
}

/* A file that replaces another and says nothing about recognition (an administrator's copy
 * of outlook.provider with other servers) is still the same provider: it keeps the replaced
 * file's [Recognition] keys. provider is not shared yet. */
static void
inherit_recognition (MailProvider       *provider,
                     const MailProvider *old)
{
  if (((MailProviderPrivate *) provider)->has_recognition)
    return;

  g_free (provider->family);
  provider->family = g_strdup (old->family);
  provider->audience = old->audience;
#define INHERIT(field) \
  g_strfreev (provider->field); \
  provider->field = g_strdupv (old->field);
  INHERIT (domain_patterns);
  INHERIT (server_hosts);
  INHERIT (server_words);
  INHERIT (family_domains);
  INHERIT (family_server_hosts);
  INHERIT (family_server_words);
#undef INHERIT
  ((MailProviderPrivate *) provider)->has_recognition =
    ((const MailProviderPrivate *) old)->has_recognition;
}

static void
registry_add (MailProviderRegistry *self,
              MailProvider         *provider)
{
  self->last_added = provider;
  for (guint i = 0; i < self->providers->len; i++)
    {
      MailProvider *old = g_ptr_array_index (self->providers, i);

      if (strcmp (old->id, provider->id) == 0)
        {
          /* Keep the position, so lookups keep their order. */
          inherit_recognition (provider, old);
          mail_provider_unref (old);
          self->providers->pdata[i] = provider;
          return;
        }
    }

  g_ptr_array_add (self->providers, provider);
}

static gboolean
registry_load_data (MailProviderRegistry  *self,
                    const char            *data,
                    gsize                  length,
                    const char            *path,
                    gboolean               builtin,
                    GError               **error)
{
  MailProvider *provider = mail_provider_load_data (data, length, path, builtin, error);

  if (provider == NULL)
    return FALSE;
  registry_add (self, provider);
  return TRUE;
}

static gboolean
registry_load_file (MailProviderRegistry  *self,
                    const char            *path,
                    gboolean               builtin,
                    GError               **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  /* Provider files are small; a huge one is a mistake, and /dev/zero never ends. */
  data = mail_file_read_bounded (path, MAIL_PROVIDER_FILE_MAX_BYTES, &length, &local_error);
  if (data == NULL)
    {
      g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, "%s", local_error->message);
      return FALSE;
    }

  return registry_load_data (self, data, length, path, builtin, error);
}

gboolean
mail_provider_registry_load_file (MailProviderRegistry  *self,
                                  const char            *path,
                                  GError               **error)
{
  g_return_val_if_fail (MAIL_IS_PROVIDER_REGISTRY (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!registry_load_file (self, path, FALSE, error))
    return FALSE;
  /* Named by the person (--provider-file, MAIL_SETUP_PROVIDER_FILES): its servers count as
   * given, like --imap/--smtp. */
  ((MailProviderPrivate *) self->last_added)->named = TRUE;
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static void
registry_load_resources (MailProviderRegistry *self)
{
  /* Through the resource itself: that also makes the linker keep it from the static library. */
  GResource *resource = mail_core_get_resource ();
  g_auto(GStrv) names = g_resource_enumerate_children (resource, PROVIDERS_RESOURCE_DIR,
                                                       G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  if (names == NULL)
    return;

  qsort (names, g_strv_length (names), sizeof (char *), compare_strings);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *rpath = NULL;
      g_autofree char *display = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *data;

      if (!g_str_has_suffix (names[i], ".provider"))
        continue;

      rpath = g_build_path ("/", PROVIDERS_RESOURCE_DIR, names[i], NULL);
      display = g_strconcat ("resource://", rpath, NULL);
      bytes = g_resource_lookup_data (resource, rpath, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes != NULL)
        {
          data = g_bytes_get_data (bytes, &length);
          registry_load_data (self, data, length, display, TRUE, &error);
        }
      if (error != NULL)
        g_ptr_array_add (self->warnings, g_strdup (error->message));
    }
}

static void
registry_load_dir (MailProviderRegistry *self,
                   const char           *dir_path,
                   gboolean              builtin)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".provider"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);
      g_autoptr(GError) error = NULL;

      if (!registry_load_file (self, path, builtin, &error))
        g_ptr_array_add (self->warnings, g_strdup (error->message));
    }
}

void
mail_provider_registry_load_defaults (MailProviderRegistry *self)
{
  g_autofree char *pkg_dir = g_build_filename (PKGDATADIR, "providers", NULL);
  g_autofree char *user_dir = g_build_filename (g_get_user_config_dir (), "mail-setup",
                                                "providers", NULL);

  g_return_if_fail (MAIL_IS_PROVIDER_REGISTRY (self));

  registry_load_resources (self);
  /* The installed copies of the built-in files count as built-in. */
  registry_load_dir (self, pkg_dir, TRUE);
  registry_load_dir (self, "/etc/mail-setup/providers", FALSE);
  registry_load_dir (self, user_dir, FALSE);
}

MailProvider *
mail_provider_registry_lookup (MailProviderRegistry *self,
                               const char           *id)
{
  g_return_val_if_fail (MAIL_IS_PROVIDER_REGISTRY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->providers->len; i++)
    {
      MailProvider *provider = g_ptr_array_index (self->providers, i);

      if (strcmp (provider->id, id) == 0)
        return provider;
    }

  return NULL;
}

/* Lowercased, without a trailing dot (DNS answers are often fully qualified). */
char *
mail_provider_normalize_name (const char *name)
{
  char *lower = g_ascii_strdown (name, -1);
  gsize len = strlen (lower);

  if (len > 0 && lower[len - 1] == '.')
    lower[len - 1] = '\0';
  return lower;
}

MailProvider *
mail_provider_registry_lookup_domain (MailProviderRegistry *self,
                                      const char           *domain)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (MAIL_IS_PROVIDER_REGISTRY (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);

  name = mail_provider_normalize_name (domain);
  for (guint i = 0; i < self->providers->len; i++)
    {
      MailProvider *provider = g_ptr_array_index (self->providers, i);

      if (g_strv_contains ((const char * const *) provider->domains, name))
        return provider;
    }

  return NULL;
}

static gboolean
host_matches_suffix (const char *host,
                     const char *suffix)
{
  if (*suffix == '.')
    return g_str_has_suffix (host, suffix) && strlen (host) > strlen (suffix);

  /* "google.com" matches google.com itself and its subdomains. */
  if (strcmp (host, suffix) == 0)
    return TRUE;
  return g_str_has_suffix (host, suffix) && host[strlen (host) - strlen (suffix) - 1] == '.';
}

MailProvider *
mail_provider_registry_lookup_mx (MailProviderRegistry *self,
                                  const char           *mx_host)
{
  g_autofree char *host = NULL;

  g_return_val_if_fail (MAIL_IS_PROVIDER_REGISTRY (self), NULL);
  g_return_val_if_fail (mx_host != NULL, NULL);

  host = mail_provider_normalize_name (mx_host);
  for (guint i = 0; i < self->providers->len; i++)
    {
      MailProvider *provider = g_ptr_array_index (self->providers, i);

      for (guint j = 0; provider->mx_suffixes[j] != NULL; j++)
        if (host_matches_suffix (host, provider->mx_suffixes[j]))
          return provider;
    }

  return NULL;
}

MailProvider *
mail_provider_registry_lookup_host (MailProviderRegistry *self,
                                    const char           *host)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (MAIL_IS_PROVIDER_REGISTRY (self), NULL);
  g_return_val_if_fail (host != NULL, NULL);

  name = mail_provider_normalize_name (host);
  /* Many programs serve mail on this computer (Proton Mail Bridge, test servers, proxies):
   * a loopback server says nothing about the provider. */
  if (strcmp (name, "127.0.0.1") == 0 || strcmp (name, "::1") == 0 ||
      strcmp (name, "localhost") == 0)
    return NULL;
  for (guint i = 0; i < self->providers->len; i++)
    {
      MailProvider *provider = g_ptr_array_index (self->providers, i);

      if (g_ascii_strcasecmp (provider->imap.host, name) == 0 ||
          g_ascii_strcasecmp (provider->smtp.host, name) == 0 ||
          (provider->imap.custom_host != NULL &&
           g_ascii_strcasecmp (provider->imap.custom_host, name) == 0) ||
          (provider->smtp.custom_host != NULL &&
           g_ascii_strcasecmp (provider->smtp.custom_host, name) == 0))
        return provider;
    }

  return NULL;
}

GPtrArray *
mail_provider_registry_list (MailProviderRegistry *self)
{
  g_return_val_if_fail (MAIL_IS_PROVIDER_REGISTRY (self), NULL);

  return self->providers;
}

GPtrArray *
mail_provider_registry_get_warnings (MailProviderRegistry *self)
{
  g_return_val_if_fail (MAIL_IS_PROVIDER_REGISTRY (self), NULL);

  return self->warnings;
}
