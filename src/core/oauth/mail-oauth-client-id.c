/* mail-oauth-client-id.c: which OAuth2 client ID (and secret) to sign in with
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "mail-file.h"
#include "mail-oauth-client-id.h"
#include "mail-types.h"

/* Provider files are small; this is only a guard. */

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
