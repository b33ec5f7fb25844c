/* mail-other-apps-msmtp.c: msmtp, $XDG_CONFIG_HOME/msmtp/config and ~/.msmtprc
 *
 * "defaults" settings apply to every account after them; "account NAME [: PARENT,…]" starts
 * an account (inheriting its parents'). Keys read: host, port, tls on|off (default off),
 * tls_starttls on|off (default on), auth on|off|METHOD, user, from, passwordeval (a command
 * whose output is the password), password (kept in the file: never read). The port defaults
 * to 25, or 465 for TLS without STARTTLS. SMTP only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-other-apps-private.h"

typedef struct
{
  char       *name;
  GHashTable *values;   /* key → value */
  GHashTable *lines;    /* key → line number (GUINT_TO_POINTER) */
  gboolean    alias;    /* "account default : x" and nothing of its own */
} Account;

static Account *
account_new (const char *name)
{
  Account *account = g_new0 (Account, 1);

  account->name = g_strdup (name);
  account->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  account->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return account;
}

static void
account_free (Account *account)
{
  g_free (account->name);
  g_hash_table_unref (account->values);
  g_hash_table_unref (account->lines);
  g_free (account);
}

static void
account_set (Account    *account,
             const char *key,
             const char *value,
             guint       line)
{
  g_hash_table_replace (account->values, g_strdup (key), g_strdup (value));
  g_hash_table_replace (account->lines, g_strdup (key), GUINT_TO_POINTER (line));
}

static void
account_inherit (Account *account,
                 Account *from)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, from->values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    account_set (account, key, value,
                 GPOINTER_TO_UINT (g_hash_table_lookup (from->lines, key)));
}

static gboolean
is_on (const char *value)
{
  return value != NULL && (g_ascii_strcasecmp (value, "on") == 0 || *value == '\0');
}

static void
add_account (Account    *source,
             const char *display_path,
             GPtrArray  *out)
{
  g_autoptr(MailOtherAppAccount) account = mail_other_app_account_new ("msmtp", display_path);
  g_autoptr(MailOtherAppServer) server = mail_other_app_server_new ();
  const char *host = g_hash_table_lookup (source->values, "host");
  const char *port = g_hash_table_lookup (source->values, "port");
  const char *tls = g_hash_table_lookup (source->values, "tls");
  const char *starttls = g_hash_table_lookup (source->values, "tls_starttls");
  const char *auth = g_hash_table_lookup (source->values, "auth");
  const char *eval = g_hash_table_lookup (source->values, "passwordeval");

  account->label = g_strdup (source->name);
  account->email = g_strdup (g_hash_table_lookup (source->values, "from"));
  if (host == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Account “%s” has no host."), source->name);

      mail_other_apps_add_error (out, "msmtp", display_path, message);
      return;
    }

  server->host = g_strdup (host);
  server->source = g_strdup_printf ("%s:%u", display_path,
                                    GPOINTER_TO_UINT (g_hash_table_lookup (source->lines,
                                                                           "host")));
  if (!is_on (tls))
    server->security = MAIL_SECURITY_NONE;
  else if (starttls == NULL || is_on (starttls))
    server->security = MAIL_SECURITY_STARTTLS;
  else
    server->security = MAIL_SECURITY_TLS;
  if (port == NULL)
    server->port = server->security == MAIL_SECURITY_TLS ? 465 : 25;
  else if (!mail_other_apps_parse_port (port, &server->port))
    server->port = 0;
  server->username = g_strdup (g_hash_table_lookup (source->values, "user"));

  if (auth == NULL || g_ascii_strcasecmp (auth, "off") == 0)
    {
      server->auth = MAIL_AUTH_NONE;
      server->auth_method = g_strdup ("auth off");
    }
  else
    {
      server->auth_method = g_strdup_printf ("auth %s", *auth ? auth : "on");
      if (g_ascii_strcasecmp (auth, "xoauth2") == 0 ||
          g_ascii_strcasecmp (auth, "oauthbearer") == 0)
        server->auth = MAIL_AUTH_OAUTH2;
    }
  account->smtp = g_steal_pointer (&server);

  if (eval != NULL)
    {
      account->credential = MAIL_OTHER_APP_CREDENTIAL_COMMAND;
      account->credential_detail = g_strdup (eval);
    }
  else if (g_hash_table_contains (source->values, "password"))
    account->credential = MAIL_OTHER_APP_CREDENTIAL_IN_FILE;
  else if (account->smtp->auth == MAIL_AUTH_NONE)
    account->credential = MAIL_OTHER_APP_CREDENTIAL_NONE;
  else
    account->credential = MAIL_OTHER_APP_CREDENTIAL_UNKNOWN;  /* ~/.netrc or the keyring */
  mail_other_apps_add (out, g_steal_pointer (&account));
}

static void
read_file (const MailOtherAppsDirs *dirs,
           const char              *path,
           GPtrArray               *out)
{
  g_autofree char *display_path = mail_other_apps_display_path (dirs, path);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) account_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  Account *defaults = account_new ("defaults");
  Account *current = NULL;

  g_ptr_array_add (accounts, defaults);
  lines = mail_other_apps_read_lines (path, &error);
  if (lines == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        mail_other_apps_add_error (out, "msmtp", display_path, error->message);
      return;
    }

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *keyword = NULL;
      g_autofree char *value = NULL;

      if (!mail_other_apps_split_line (lines[i], &keyword, &value))
        continue;
      if (strcmp (keyword, "defaults") == 0)
        current = defaults;
      else if (strcmp (keyword, "account") == 0)
        {
          g_auto(GStrv) parts = g_strsplit (value, ":", 2);
          /* "account" alone: g_strsplit gives no parts at all. */
          g_autofree char *name = g_strstrip (g_strdup (parts[0] != NULL ? parts[0] : ""));

          if (*name == '\0')
            {
              g_autofree char *message = g_strdup_printf (_("Line %u: an account without a "
                                                            "name."), i + 1);
              mail_other_apps_add_error (out, "msmtp", display_path, message);
              return;
            }
          current = account_new (name);
          account_inherit (current, defaults);
          if (parts[1] != NULL)
            {
              g_auto(GStrv) parents = g_strsplit (parts[1], ",", 16);

              current->alias = TRUE;
              for (guint p = 0; parents[p]; p++)
                for (guint a = 1; a < accounts->len; a++)
                  {
                    Account *parent = g_ptr_array_index (accounts, a);

                    if (strcmp (parent->name, g_strstrip (parents[p])) == 0)
                      account_inherit (current, parent);
                  }
            }
          g_ptr_array_add (accounts, current);
        }
      else if (current == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Line %u: a setting before any "
                                                        "“account” or “defaults”."), i + 1);
          mail_other_apps_add_error (out, "msmtp", display_path, message);
          return;
        }
      else
        {
          account_set (current, keyword, value, i + 1);
          if (current != defaults)
            current->alias = FALSE;
        }
    }

  for (guint a = 1; a < accounts->len; a++)
    {
      Account *account = g_ptr_array_index (accounts, a);

      if (!account->alias)
        add_account (account, display_path, out);
    }
}

void
mail_other_apps_read_msmtp (const MailOtherAppsDirs *dirs,
                            GPtrArray               *out)
{
  g_autofree char *xdg = g_build_filename (dirs->config_home, "msmtp", "config", NULL);
  g_autofree char *home = g_build_filename (dirs->home, ".msmtprc", NULL);

  read_file (dirs, xdg, out);
  read_file (dirs, home, out);
}
