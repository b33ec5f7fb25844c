/* mail-other-apps-evolution.c: Evolution, $XDG_CONFIG_HOME/evolution/sources/UID.source
 *
 * evolution-data-server keeps one key file per source, named after its UID. A mail account is
 * a source with [Mail Account] (BackendName=imapx for IMAP, IdentityUid=…); its identity source
 * has [Mail Identity] Address and [Mail Submission] TransportUid=…; the transport source has
 * [Mail Transport] BackendName=smtp. Servers are [Authentication] Host, Port, User, Method
 * (empty: password; XOAUTH2, Google, Outlook: OAuth2) and [Security] Method (none,
 * ssl-on-alternate-port, starttls-on-standard-port). Passwords are Secret Service items,
 * schema org.gnome.Evolution.Data.Source, e-source-uid=UID.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-other-apps-private.h"

#define EVOLUTION_SCHEMA "org.gnome.Evolution.Data.Source"

typedef struct
{
  char     *uid;
  char     *display_path;
  GKeyFile *key_file;
} Source;

static void
source_free (Source *source)
{
  g_free (source->uid);
  g_free (source->display_path);
  g_key_file_unref (source->key_file);
  g_free (source);
}

static gboolean
is_oauth2_method (const char *method)
{
  static const char *const methods[] = { "XOAUTH2", "OAUTHBEARER", "OAuth2", "Google",
                                         "Outlook", "Yahoo", NULL };

  return method != NULL && g_strv_contains (methods, method);
}

static MailOtherAppServer *
read_server (Source       *source,
             MailProtocol  protocol)
{
  g_autoptr(MailOtherAppServer) server = mail_other_app_server_new ();
  g_autofree char *port = NULL;
  g_autofree char *security = NULL;
  g_autofree char *method = NULL;

  server->host = g_key_file_get_string (source->key_file, "Authentication", "Host", NULL);
  if (server->host == NULL || *g_strstrip (server->host) == '\0')
    return NULL;
  server->source = g_strdup_printf ("%s [Authentication] Host", source->display_path);

  security = g_key_file_get_string (source->key_file, "Security", "Method", NULL);
  if (g_strcmp0 (security, "ssl-on-alternate-port") == 0)
    server->security = MAIL_SECURITY_TLS;
  else if (g_strcmp0 (security, "starttls-on-standard-port") == 0)
    server->security = MAIL_SECURITY_STARTTLS;
  else
    server->security = MAIL_SECURITY_NONE;

  port = g_key_file_get_string (source->key_file, "Authentication", "Port", NULL);
  if (port == NULL || g_strcmp0 (g_strstrip (port), "0") == 0 || *port == '\0')
    server->port = mail_default_port (protocol, server->security);
  else if (!mail_other_apps_parse_port (port, &server->port))
    server->port = 0;  /* reported as a bad port by mail_other_apps_add */

  server->username = g_key_file_get_string (source->key_file, "Authentication", "User", NULL);
  method = g_key_file_get_string (source->key_file, "Authentication", "Method", NULL);
  if (method != NULL && *g_strstrip (method) != '\0')
    server->auth_method = g_strdup (method);
  else
    server->auth_method = g_strdup (_("Password"));
  if (is_oauth2_method (method))
    server->auth = MAIL_AUTH_OAUTH2;
  else if (g_strcmp0 (method, "none") == 0)
    server->auth = MAIL_AUTH_NONE;
  return g_steal_pointer (&server);
}

static Source *
find_source (GHashTable *sources,
             GKeyFile   *key_file,
             const char *group,
             const char *key)
{
  g_autofree char *uid = g_key_file_get_string (key_file, group, key, NULL);

  return uid ? g_hash_table_lookup (sources, g_strstrip (uid)) : NULL;
}

static void
read_mail_account (GHashTable *sources,
                   Source     *source,
                   GPtrArray  *out)
{
  g_autoptr(MailOtherAppAccount) account = NULL;
  g_autofree char *backend = g_key_file_get_string (source->key_file, "Mail Account",
                                                    "BackendName", NULL);
  Source *identity;
  Source *transport = NULL;

  if (g_strcmp0 (backend, "imapx") != 0 && g_strcmp0 (backend, "imap") != 0)
    return;

  account = mail_other_app_account_new ("evolution", source->display_path);
  account->label = g_key_file_get_string (source->key_file, "Data Source", "DisplayName", NULL);
  account->imap = read_server (source, MAIL_PROTOCOL_IMAP);

  identity = find_source (sources, source->key_file, "Mail Account", "IdentityUid");
  if (identity != NULL)
    {
      account->email = g_key_file_get_string (identity->key_file, "Mail Identity", "Address",
                                              NULL);
      transport = find_source (sources, identity->key_file, "Mail Submission", "TransportUid");
    }
  if (transport != NULL)
    {
      g_autofree char *kind = g_key_file_get_string (transport->key_file, "Mail Transport",
                                                     "BackendName", NULL);

      if (g_strcmp0 (kind, "smtp") == 0)
        account->smtp = read_server (transport, MAIL_PROTOCOL_SMTP);
    }

  if (account->imap != NULL && account->imap->auth == MAIL_AUTH_OAUTH2)
    account->credential = MAIL_OTHER_APP_CREDENTIAL_OAUTH2;
  else
    account->credential = MAIL_OTHER_APP_CREDENTIAL_KEYRING;
  account->keyring_schema = g_strdup (EVOLUTION_SCHEMA);
  account->keyring_attribute = g_strdup ("e-source-uid");
  account->keyring_value = g_strdup (source->uid);
  account->credential_detail = g_strdup_printf (_("Evolution keyring item e-source-uid=%s"),
                                                source->uid);
  mail_other_apps_add (out, g_steal_pointer (&account));
}

static gint
compare_sources (gconstpointer a,
                 gconstpointer b)
{
  const Source *sa = *(Source **) a;
  const Source *sb = *(Source **) b;

  return strcmp (sa->uid, sb->uid);
}

void
mail_other_apps_read_evolution (const MailOtherAppsDirs *dirs,
                                GPtrArray               *out)
{
  g_autofree char *dir_path = g_build_filename (dirs->config_home, "evolution", "sources", NULL);
  g_autoptr(GHashTable) sources = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL)
    return;

  /* Bounded: a sources directory with thousands of files is not Evolution's. */
  while ((name = g_dir_read_name (dir)) != NULL && list->len < 1000)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      GKeyFile *key_file;
      Source *source;

      if (!g_str_has_suffix (name, ".source") || strlen (name) == strlen (".source"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      key_file = mail_other_apps_load_key_file (path, &error);
      if (key_file == NULL)
        {
          g_autofree char *display_path = mail_other_apps_display_path (dirs, path);

          mail_other_apps_add_error (out, "evolution", display_path, error->message);
          continue;
        }
      source = g_new0 (Source, 1);
      source->uid = g_strndup (name, strlen (name) - strlen (".source"));
      source->display_path = mail_other_apps_display_path (dirs, path);
      source->key_file = key_file;
      g_ptr_array_add (list, source);
    }

  g_ptr_array_sort (list, compare_sources);
  for (guint i = 0; i < list->len; i++)
    {
      Source *source = g_ptr_array_index (list, i);

      g_hash_table_insert (sources, source->uid, source);
    }
  for (guint i = 0; i < list->len; i++)
    {
      Source *source = g_ptr_array_index (list, i);

      if (g_key_file_has_group (source->key_file, "Mail Account"))
        read_mail_account (sources, source, out);
    }
}
