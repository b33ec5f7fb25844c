/* mail-oauth-client-id.c: which OAuth2 client ID (and secret) to sign in with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>

#include <gio/gio.h>

#include "mail-file.h"
#include "mail-oauth-client-id.h"
#include "mail-types.h"

char *
mail_oauth_settings_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "mail-setup", "settings.ini", NULL);
}

char *
mail_oauth_client_id_option (const MailProvider *provider)
{
  g_return_val_if_fail (provider != NULL, NULL);

  if (provider->client_id_option == NULL || *provider->client_id_option == '\0')
    return NULL;
  return g_strdup (provider->client_id_option);
}

static char *
non_empty (char *value)
{
  if (value != NULL)
    g_strstrip (value);
  if (value != NULL && *value == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

gboolean
mail_oauth_client_id_resolve (const MailProvider  *provider,
                              char               **client_id,
                              char               **client_secret,
                              char               **source)
{
  g_autoptr(GKeyFile) settings = g_key_file_new ();
  g_autofree char *settings_path = mail_oauth_settings_path ();
  g_autofree char *option = NULL;
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *from = NULL;

  g_return_val_if_fail (provider != NULL, FALSE);
  g_return_val_if_fail (client_id != NULL && client_secret != NULL, FALSE);

  *client_id = NULL;
  *client_secret = NULL;
  if (source != NULL)
    *source = NULL;

  if (mail_file_load_key_file (settings, settings_path, MAIL_OAUTH_SETTINGS_MAX_BYTES,
                               G_KEY_FILE_NONE, NULL))
    {
      g_autofree char *id_key = g_strconcat (provider->id, "-client-id", NULL);
      g_autofree char *secret_key = g_strconcat (provider->id, "-client-secret", NULL);

      id = non_empty (g_key_file_get_string (settings, "OAuth2", id_key, NULL));
      if (id != NULL)
        {
          secret = non_empty (g_key_file_get_string (settings, "OAuth2", secret_key, NULL));
          from = g_strdup (settings_path);
        }
    }

  if (id == NULL && provider->client_id != NULL && *provider->client_id != '\0')
    {
      id = g_strdup (provider->client_id);
      secret = non_empty (g_strdup (provider->client_secret));
      from = g_strdup (provider->path);
    }

  if (id == NULL)
    {
      option = mail_oauth_client_id_option (provider);

      if (g_strcmp0 (option, "microsoft") == 0)
        {
          id = non_empty (g_strdup (MAIL_SETUP_MICROSOFT_CLIENT_ID));
          from = g_strdup ("-Dmicrosoft_client_id");
        }
      else if (g_strcmp0 (option, "google") == 0)
        {
          id = non_empty (g_strdup (MAIL_SETUP_GOOGLE_CLIENT_ID));
          secret = non_empty (g_strdup (MAIL_SETUP_GOOGLE_CLIENT_SECRET));
          from = g_strdup ("-Dgoogle_client_id");
        }
    }

  if (id == NULL)
    return FALSE;

  *client_id = g_steal_pointer (&id);
  *client_secret = g_steal_pointer (&secret);
  if (source != NULL)
    *source = g_steal_pointer (&from);
  return TRUE;
}

gboolean
mail_oauth_client_id_save (const MailProvider  *provider,
                           const char          *client_id,
                           GError             **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = mail_oauth_settings_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *id = NULL;
  g_autofree char *key = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (provider != NULL && provider->id != NULL, FALSE);
  g_return_val_if_fail (client_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = non_empty (g_strdup (client_id));
  if (id == NULL)
    {
      g_set_error_literal (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT, "empty client ID");
      return FALSE;
    }

  /* A file that cannot be read (none yet, or too large) starts empty. */
  mail_file_load_key_file (keyfile, path, MAIL_OAUTH_SETTINGS_MAX_BYTES,
                           G_KEY_FILE_KEEP_COMMENTS, NULL);
  key = g_strconcat (provider->id, "-client-id", NULL);
  g_key_file_set_string (keyfile, "OAuth2", key, id);
  data = g_key_file_to_data (keyfile, &length, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s", dir,
                   g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}
