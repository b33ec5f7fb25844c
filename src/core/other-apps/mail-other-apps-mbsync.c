/* mail-other-apps-mbsync.c: mbsync (isync), ~/.mbsyncrc and $XDG_CONFIG_HOME/isyncrc
 *
 * An "IMAPAccount NAME" section has Host, Port, User, Pass (kept in the file: never read),
 * PassCmd (a command whose output is the password), TLSType (isync 1.5) or SSLType (before):
 * None, STARTTLS (the default) or IMAPS; AuthMechs. An "IMAPStore" either names an Account
 * or carries the same keys itself. The port defaults to 993 for IMAPS, else 143. IMAP only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-other-apps-private.h"

static const char *const section_keywords[] = {
  "IMAPAccount", "IMAPStore", "MaildirStore", "Channel", "Group", "Sync", NULL
};

typedef struct
{
  char       *name;
  GHashTable *values;  /* lower-case key → value */
  GHashTable *lines;
  gboolean    is_store;
  gboolean    has_host;
} Section;

static void
section_free (Section *section)
{
  g_free (section->name);
  g_hash_table_unref (section->values);
  g_hash_table_unref (section->lines);
  g_free (section);
}

static void
add_account (Section    *section,
             const char *display_path,
             GPtrArray  *out)
{
  g_autoptr(MailOtherAppAccount) account = mail_other_app_account_new ("mbsync", display_path);
  g_autoptr(MailOtherAppServer) server = mail_other_app_server_new ();
  const char *port = g_hash_table_lookup (section->values, "port");
  const char *tls = g_hash_table_lookup (section->values, "tlstype");
  const char *mechs = g_hash_table_lookup (section->values, "authmechs");
  const char *cmd = g_hash_table_lookup (section->values, "passcmd");
  const char *user = g_hash_table_lookup (section->values, "user");

  if (tls == NULL)
    tls = g_hash_table_lookup (section->values, "ssltype");

  account->label = g_strdup (section->name);
  if (user != NULL && strchr (user, '@') != NULL)
    account->email = g_strdup (user);

  server->host = g_strdup (g_hash_table_lookup (section->values, "host"));
  server->source = g_strdup_printf ("%s:%u", display_path,
                                    GPOINTER_TO_UINT (g_hash_table_lookup (section->lines,
                                                                           "host")));
  if (tls == NULL || g_ascii_strcasecmp (tls, "STARTTLS") == 0)
    server->security = MAIL_SECURITY_STARTTLS;
  else if (g_ascii_strcasecmp (tls, "IMAPS") == 0)
    server->security = MAIL_SECURITY_TLS;
  else if (g_ascii_strcasecmp (tls, "None") == 0)
    server->security = MAIL_SECURITY_NONE;
  else
    {
      g_autofree char *message = g_strdup_printf (_("Account “%s”: unknown TLSType/SSLType "
                                                    "(line %u)."), section->name,
                                                  GPOINTER_TO_UINT (g_hash_table_lookup (
                                                    section->lines, "tlstype")));
      mail_other_apps_add_error (out, "mbsync", display_path, message);
      return;
    }
  if (port == NULL)
    server->port = server->security == MAIL_SECURITY_TLS ? 993 : 143;
  else if (!mail_other_apps_parse_port (port, &server->port))
    server->port = 0;
  server->username = g_strdup (user);
  server->auth_method = g_strdup_printf ("AuthMechs %s", mechs ? mechs : "*");
  if (mechs != NULL && (strstr (mechs, "XOAUTH2") || strstr (mechs, "OAUTHBEARER")))
    server->auth = MAIL_AUTH_OAUTH2;
  account->imap = g_steal_pointer (&server);

  if (cmd != NULL)
    {
      account->credential = MAIL_OTHER_APP_CREDENTIAL_COMMAND;
      /* "+command" only tells mbsync to run it on the terminal. */
      account->credential_detail = g_strdup (cmd[0] == '+' ? cmd + 1 : cmd);
    }
  else if (g_hash_table_contains (section->values, "pass"))
    account->credential = MAIL_OTHER_APP_CREDENTIAL_IN_FILE;
  else
    account->credential = MAIL_OTHER_APP_CREDENTIAL_UNKNOWN;
  mail_other_apps_add (out, g_steal_pointer (&account));
}

static void
read_file (const MailOtherAppsDirs *dirs,
           const char              *path,
           GPtrArray               *out)
{
  g_autofree char *display_path = mail_other_apps_display_path (dirs, path);
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  Section *current = NULL;

  lines = mail_other_apps_read_lines (path, &error);
  if (lines == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        mail_other_apps_add_error (out, "mbsync", display_path, error->message);
      return;
    }

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *keyword = NULL;
      g_autofree char *value = NULL;

      if (!mail_other_apps_split_line (lines[i], &keyword, &value))
        continue;
      for (guint k = 0; section_keywords[k]; k++)
        if (g_ascii_strcasecmp (keyword, section_keywords[k]) == 0)
          {
            current = NULL;
            if (k <= 1)
              {
                current = g_new0 (Section, 1);
                current->name = g_strdup (value);
                current->is_store = k == 1;
                current->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
                current->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
                g_ptr_array_add (sections, current);
              }
            g_clear_pointer (&keyword, g_free);
            break;
          }
      if (keyword == NULL || current == NULL)
        continue;
      {
        g_autofree char *key = g_ascii_strdown (keyword, -1);

        if (strcmp (key, "host") == 0)
          current->has_host = TRUE;
        g_hash_table_replace (current->lines, g_strdup (key), GUINT_TO_POINTER (i + 1));
        g_hash_table_replace (current->values, g_steal_pointer (&key), g_steal_pointer (&value));
      }
    }

  /* Accounts; stores that carry their own Host are accounts too. */
  for (guint s = 0; s < sections->len; s++)
    {
      Section *section = g_ptr_array_index (sections, s);

      if (section->has_host)
        add_account (section, display_path, out);
      else if (!section->is_store)
        {
          g_autofree char *message = g_strdup_printf (_("Account “%s” has no Host."),
                                                      section->name);
          mail_other_apps_add_error (out, "mbsync", display_path, message);
        }
    }
}

void
mail_other_apps_read_mbsync (const MailOtherAppsDirs *dirs,
                             GPtrArray               *out)
{
  g_autofree char *home = g_build_filename (dirs->home, ".mbsyncrc", NULL);
  g_autofree char *xdg = g_build_filename (dirs->config_home, "isyncrc", NULL);

  read_file (dirs, home, out);
  read_file (dirs, xdg, out);
}
