/* mail-other-apps-aerc.c: aerc, $XDG_CONFIG_HOME/aerc/accounts.conf
 *
 * One [Account Name] section each: source = imaps://user@host:port (user percent-encoded,
 * "alice%40example.com"; imap:// is STARTTLS, imap+insecure:// none, imaps+oauthbearer:// and
 * imaps+xoauth2:// OAuth2), outgoing = smtps://… or smtp://… (STARTTLS), smtp+insecure://,
 * smtp+plain/login/none, smtps+oauthbearer/xoauth2; a sendmail path is no SMTP server.
 * source-cred-cmd and outgoing-cred-cmd are commands whose output is the password; a password
 * in the URL is kept in the file (never read). from = "Name <address>". Default ports: imap 143,
 * imaps 993, smtp 587, smtps 465.
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
  guint       line;
  GHashTable *values;
  GHashTable *lines;
} Section;

static void
section_free (Section *section)
{
  g_free (section->name);
  g_hash_table_unref (section->values);
  g_hash_table_unref (section->lines);
  g_free (section);
}

static MailOtherAppServer *
server_from_url (Section      *section,
                 const char   *key,
                 const char   *display_path,
                 MailProtocol  protocol,
                 gboolean     *has_password,
                 char        **message)
{
  g_autoptr(MailOtherAppServer) server = mail_other_app_server_new ();
  const char *url = g_hash_table_lookup (section->values, key);
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (section->lines, key));
  const char *base = protocol == MAIL_PROTOCOL_IMAP ? "imap" : "smtp";
  g_autofree char *scheme = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) parts = NULL;
  const char *variant;

  if (url == NULL || strstr (url, "://") == NULL)
    return NULL;
  if (!mail_other_apps_parse_url (url, &scheme, &user, has_password, &server->host,
                                  &server->port))
    {
      *message = g_strdup_printf (_("Line %u: %s is not a URL aerc can use."), line, key);
      return NULL;
    }
  parts = g_strsplit (scheme, "+", 2);
  if (parts[0] == NULL)   /* an empty scheme: g_strsplit gives no parts */
    return NULL;
  variant = parts[1];
  if (g_str_has_prefix (parts[0], base) && strcmp (parts[0] + 4, "s") == 0)
    server->security = MAIL_SECURITY_TLS;
  else if (strcmp (parts[0], base) == 0)
    server->security = g_strcmp0 (variant, "insecure") == 0 ? MAIL_SECURITY_NONE
                                                            : MAIL_SECURITY_STARTTLS;
  else
    return NULL;  /* maildir://, notmuch://, jmap:// … */
  if (server->port == 0)
    server->port = protocol == MAIL_PROTOCOL_IMAP
                   ? (server->security == MAIL_SECURITY_TLS ? 993 : 143)
                   : (server->security == MAIL_SECURITY_TLS ? 465 : 587);
  server->source = g_strdup_printf ("%s:%u", display_path, line);
  server->username = g_steal_pointer (&user);
  if (variant != NULL && (strcmp (variant, "oauthbearer") == 0 || strcmp (variant, "xoauth2") == 0))
    server->auth = MAIL_AUTH_OAUTH2;
  else if (g_strcmp0 (variant, "none") == 0)
    server->auth = MAIL_AUTH_NONE;
  server->auth_method = g_strdup (scheme);
  return g_steal_pointer (&server);
}

static void
add_account (Section    *section,
             const char *display_path,
             GPtrArray  *out)
{
  g_autoptr(MailOtherAppAccount) account = mail_other_app_account_new ("aerc", display_path);
  g_autofree char *message = NULL;
  gboolean imap_password = FALSE, smtp_password = FALSE;
  const char *from = g_hash_table_lookup (section->values, "from");
  const char *cmd;

  account->label = g_strdup (section->name);
  account->imap = server_from_url (section, "source", display_path, MAIL_PROTOCOL_IMAP,
                                   &imap_password, &message);
  if (message == NULL)
    account->smtp = server_from_url (section, "outgoing", display_path, MAIL_PROTOCOL_SMTP,
                                     &smtp_password, &message);
  if (message != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Account “%s”: %s"), section->name, message);

      mail_other_apps_add_error (out, "aerc", display_path, text);
      return;
    }
  if (account->imap == NULL && account->smtp == NULL)
    return;  /* a local or JMAP account */

  if (from != NULL)
    {
      const char *lt = strrchr (from, '<');
      const char *gt = lt ? strchr (lt, '>') : NULL;

      account->email = lt && gt ? g_strndup (lt + 1, gt - lt - 1) : g_strstrip (g_strdup (from));
    }

  cmd = g_hash_table_lookup (section->values, "source-cred-cmd");
  if (cmd == NULL)
    cmd = g_hash_table_lookup (section->values, "outgoing-cred-cmd");
  if (cmd != NULL)
    {
      account->credential = MAIL_OTHER_APP_CREDENTIAL_COMMAND;
      account->credential_detail = g_strdup (cmd);
    }
  else if (imap_password || smtp_password)
    account->credential = MAIL_OTHER_APP_CREDENTIAL_IN_FILE;
  else
    account->credential = MAIL_OTHER_APP_CREDENTIAL_UNKNOWN;
  mail_other_apps_add (out, g_steal_pointer (&account));
}

void
mail_other_apps_read_aerc (const MailOtherAppsDirs *dirs,
                           GPtrArray               *out)
{
  g_autofree char *path = g_build_filename (dirs->config_home, "aerc", "accounts.conf", NULL);
  g_autofree char *display_path = mail_other_apps_display_path (dirs, path);
  g_autoptr(GPtrArray) sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  Section *current = NULL;

  lines = mail_other_apps_read_lines (path, &error);
  if (lines == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        mail_other_apps_add_error (out, "aerc", display_path, error->message);
      return;
    }

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      char *eq;

      if (*line == '\0' || *line == '#' || *line == ';')
        continue;
      if (*line == '[')
        {
          char *end = strrchr (line, ']');

          if (end == NULL || end == line + 1)
            {
              g_autofree char *message = g_strdup_printf (_("Line %u: a section header "
                                                            "without “]”."), i + 1);
              mail_other_apps_add_error (out, "aerc", display_path, message);
              return;
            }
          current = g_new0 (Section, 1);
          current->name = g_strndup (line + 1, end - line - 1);
          current->line = i + 1;
          current->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          current->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_ptr_array_add (sections, current);
          continue;
        }
      eq = strchr (line, '=');
      if (eq == NULL || current == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Line %u is neither “[Account]” nor "
                                                        "“key = value”."), i + 1);
          mail_other_apps_add_error (out, "aerc", display_path, message);
          return;
        }
      *eq = '\0';
      g_hash_table_replace (current->lines, g_strdup (g_strstrip (line)), GUINT_TO_POINTER (i + 1));
      g_hash_table_replace (current->values, g_strdup (g_strstrip (line)),
                            g_strdup (g_strstrip (eq + 1)));
    }

  for (guint s = 0; s < sections->len; s++)
    add_account (g_ptr_array_index (sections, s), display_path, out);
}
