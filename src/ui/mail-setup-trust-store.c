/* mail-setup-trust-store.c: certificates the person chose to trust, one per host
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>

#include "mail-file.h"
#include "mail-setup-trust-store.h"

#define GROUP "Certificates"
/* A fingerprint line is about 100 bytes: room for thousands of hosts. */
#define TRUST_FILE_MAX_BYTES (1024 * 1024)

struct _MailSetupTrustStore
{
  GObject    parent_instance;

  char      *path;
  GKeyFile  *keyfile;
  GHashTable *hosts;   /* lower-case host → fingerprint */
};

G_DEFINE_FINAL_TYPE (MailSetupTrustStore, mail_setup_trust_store, G_TYPE_OBJECT)

static void
mail_setup_trust_store_finalize (GObject *object)
{
  MailSetupTrustStore *self = MAIL_SETUP_TRUST_STORE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->keyfile, g_key_file_unref);
  g_clear_pointer (&self->hosts, g_hash_table_unref);

  G_OBJECT_CLASS (mail_setup_trust_store_parent_class)->finalize (object);
}

static void
mail_setup_trust_store_class_init (MailSetupTrustStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mail_setup_trust_store_finalize;
}

static void
mail_setup_trust_store_init (MailSetupTrustStore *self)
{
  self->keyfile = g_key_file_new ();
  self->hosts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

MailSetupTrustStore *
mail_setup_trust_store_new (const char *path)
{
  MailSetupTrustStore *self = g_object_new (MAIL_SETUP_TYPE_TRUST_STORE, NULL);
  g_auto(GStrv) keys = NULL;

  self->path = path ? g_strdup (path)
                    : g_build_filename (g_get_user_config_dir (), "mail-setup",
                                        "trusted-certificates.ini", NULL);
  /* A small local file read once at start; a missing one is simply empty. */
  if (!mail_file_load_key_file (self->keyfile, self->path, TRUST_FILE_MAX_BYTES,
                                G_KEY_FILE_KEEP_COMMENTS, NULL))
    return self;

  keys = g_key_file_get_keys (self->keyfile, GROUP, NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_string (self->keyfile, GROUP, keys[i], NULL);

      if (value != NULL && *value != '\0')
        g_hash_table_replace (self->hosts, g_ascii_strdown (keys[i], -1), g_ascii_strup (value, -1));
    }
  return self;
}

const char *
mail_setup_trust_store_lookup (MailSetupTrustStore *self,
                               const char          *host)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (MAIL_SETUP_IS_TRUST_STORE (self), NULL);

  if (host == NULL)
    return NULL;
  key = g_ascii_strdown (host, -1);
  return g_hash_table_lookup (self->hosts, key);
}

gboolean
mail_setup_trust_store_add (MailSetupTrustStore  *self,
                            const char           *host,
                            const char           *sha256,
                            GError              **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *key = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (MAIL_SETUP_IS_TRUST_STORE (self), FALSE);
  g_return_val_if_fail (host != NULL && sha256 != NULL, FALSE);

  key = g_ascii_strdown (host, -1);
  g_hash_table_replace (self->hosts, g_strdup (key), g_ascii_strup (sha256, -1));
  g_key_file_set_string (self->keyfile, GROUP, key, g_hash_table_lookup (self->hosts, key));

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }
  data = g_key_file_to_data (self->keyfile, &length, NULL);
  /* 0600 like every file Mail Setup writes: which servers a person trusts is theirs alone.
   * Written anew, so an older 0644 file becomes private too. */
  return g_file_set_contents_full (self->path, data, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}
