/* mail-other-apps-neomutt.c: NeoMutt, ~/.neomuttrc, $XDG_CONFIG_HOME/neomutt/neomuttrc and
 * ~/.neomutt/neomuttrc
 *
 * The common forms: set folder = "imaps://user@host:port/" (or spoolfile), imap_user,
 * imap_pass (kept in the file: never read), imap_authenticators ("oauthbearer:xoauth2"),
 * imap_oauth_refresh_command, smtp_url = "smtps://user@host:465/" or "smtp://…" (STARTTLS,
 * with ssl_starttls=yes, the default), smtp_pass, smtp_authenticators, from. imap:// is port
 * 143, imaps:// 993, smtp:// 25, smtps:// 465. One account per file; account-hooks and
 * sourced files are not followed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-other-apps-private.h"

typedef struct
{
  char  *value;
  guint  line;
} Var;

static void
var_free (Var *var)
{
  g_free (var->value);
  g_free (var);
}

/* "set name = value" (value quoted with " or ', or a bare word); several per line with ";"
 * are not split: the common files have one per line. */
static gboolean
parse_set (const char  *line,
           char       **name,
           char       **value)
{
  const char *p = line;
  const char *start;

  while (g_ascii_isspace (*p))
    p++;
  if (!g_str_has_prefix (p, "set") || !g_ascii_isspace (p[3]))
    return FALSE;
  p += 3;
  while (g_ascii_isspace (*p))
    p++;
  start = p;
  while (g_ascii_isalnum (*p) || *p == '_')
    p++;
  if (p == start)
    return FALSE;
  *name = g_strndup (start, p - start);
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '=')
    {
      /* "set ssl_starttls" alone means yes. */
      *value = g_strdup ("yes");
      return TRUE;
    }
  p++;
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '"' || *p == '\'')
    {
      char quote = *p++;
      GString *out = g_string_new (NULL);

      for (; *p && *p != quote; p++)
        {
          if (*p == '\\' && quote == '"' && p[1] != '\0')
            p++;
          g_string_append_c (out, *p);
        }
      *value = g_string_free (out, FALSE);
    }
  else
    {
      start = p;
      while (*p && !g_ascii_isspace (*p) && *p != '#' && *p != ';')
        p++;
      *value = g_strndup (start, p - start);
    }
  return TRUE;
}

static const Var *
get_var (GHashTable *vars,
         const char *name)
{
  return g_hash_table_lookup (vars, name);
}

static gboolean
is_yes (const Var *var,
        gboolean   fallback)
{
  if (var == NULL)
    return fallback;
  return g_ascii_strcasecmp (var->value, "yes") == 0;
}

static MailOtherAppServer *
server_from_url (const Var    *url,
                 const char   *display_path,
                 const char   *url_name,
                 MailProtocol  protocol,
                 GHashTable   *vars,
                 gboolean     *has_password,
                 char        **message)
{
  g_autoptr(MailOtherAppServer) server = mail_other_app_server_new ();
  g_autofree char *scheme = NULL;
  g_autofree char *user = NULL;
  const char *plain = protocol == MAIL_PROTOCOL_IMAP ? "imap" : "smtp";
  const char *secure = protocol == MAIL_PROTOCOL_IMAP ? "imaps" : "smtps";
  const Var *authenticators;

  if (url == NULL || !strstr (url->value, "://"))
    return NULL;
  if (!mail_other_apps_parse_url (url->value, &scheme, &user, has_password, &server->host,
                                  &server->port))
    {
      *message = g_strdup_printf (_("Line %u: %s is not a URL NeoMutt can use."), url->line,
                                  url_name);
      return NULL;
    }
  if (strcmp (scheme, secure) == 0)
    server->security = MAIL_SECURITY_TLS;
  else if (strcmp (scheme, plain) == 0)
    server->security = is_yes (get_var (vars, "ssl_starttls"), TRUE) ? MAIL_SECURITY_STARTTLS
                                                                      : MAIL_SECURITY_NONE;
  else
    return NULL;  /* a local folder, pop:// … */
  if (server->port == 0)
    server->port = protocol == MAIL_PROTOCOL_IMAP
                   ? (server->security == MAIL_SECURITY_TLS ? 993 : 143)
                   : (server->security == MAIL_SECURITY_TLS ? 465 : 25);
  server->source = g_strdup_printf ("%s:%u", display_path, url->line);
  if (user != NULL && *user != '\0')
    server->username = g_steal_pointer (&user);
  else if (protocol == MAIL_PROTOCOL_IMAP && get_var (vars, "imap_user"))
    server->username = g_strdup (get_var (vars, "imap_user")->value);
  else if (protocol == MAIL_PROTOCOL_SMTP && get_var (vars, "smtp_user"))
    server->username = g_strdup (get_var (vars, "smtp_user")->value);

  authenticators = get_var (vars, protocol == MAIL_PROTOCOL_IMAP ? "imap_authenticators"
                                                                 : "smtp_authenticators");
  if (authenticators != NULL && *authenticators->value != '\0')
    {
      server->auth_method = g_strdup (authenticators->value);
      if (g_ascii_strncasecmp (authenticators->value, "oauthbearer", 11) == 0 ||
          g_ascii_strncasecmp (authenticators->value, "xoauth2", 7) == 0)
        server->auth = MAIL_AUTH_OAUTH2;
    }
  else
    server->auth_method = g_strdup (_("Password"));
  return g_steal_pointer (&server);
}

static void
read_file (const MailOtherAppsDirs *dirs,
           const char              *path,
           GPtrArray               *out)
{
  g_autofree char *display_path = mail_other_apps_display_path (dirs, path);
  g_autoptr(GHashTable) vars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) var_free);
  g_autoptr(MailOtherAppAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *message = NULL;
  gboolean imap_password = FALSE, smtp_password = FALSE;
  const Var *folder;
  const Var *from;

  lines = mail_other_apps_read_lines (path, &error);
  if (lines == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        mail_other_apps_add_error (out, "neomutt", display_path, error->message);
      return;
    }

  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      Var *var;

      if (!parse_set (lines[i], &name, &value))
        continue;
      var = g_new0 (Var, 1);
      var->value = g_steal_pointer (&value);
      var->line = i + 1;
      g_hash_table_replace (vars, g_steal_pointer (&name), var);
    }

  folder = get_var (vars, "folder");
  if (folder == NULL || strstr (folder->value, "://") == NULL)
    folder = get_var (vars, "spoolfile") ? get_var (vars, "spoolfile")
                                         : get_var (vars, "spool_file");
  if (folder == NULL && get_var (vars, "smtp_url") == NULL)
    return;  /* a local-mail setup: nothing to check */

  account = mail_other_app_account_new ("neomutt", display_path);
  account->imap = server_from_url (folder, display_path, "folder", MAIL_PROTOCOL_IMAP, vars,
                                   &imap_password, &message);
  if (message == NULL)
    account->smtp = server_from_url (get_var (vars, "smtp_url"), display_path, "smtp_url",
                                     MAIL_PROTOCOL_SMTP, vars, &smtp_password, &message);
  if (message != NULL)
    {
      mail_other_apps_add_error (out, "neomutt", display_path, message);
      return;
    }
  if (account->imap == NULL && account->smtp == NULL)
    return;

  from = get_var (vars, "from");
  if (from != NULL)
    {
      const char *lt = strrchr (from->value, '<');
      const char *gt = lt ? strchr (lt, '>') : NULL;

      account->email = lt && gt ? g_strndup (lt + 1, gt - lt - 1) : g_strdup (from->value);
    }
  else if (account->imap && account->imap->username && strchr (account->imap->username, '@'))
    account->email = g_strdup (account->imap->username);
  account->label = g_strdup (account->email ? account->email : "neomutt");

  if (get_var (vars, "imap_oauth_refresh_command") != NULL)
    {
      account->credential = MAIL_OTHER_APP_CREDENTIAL_COMMAND;
      account->credential_detail = g_strdup (get_var (vars, "imap_oauth_refresh_command")->value);
    }
  else if (imap_password || smtp_password || get_var (vars, "imap_pass") ||
           get_var (vars, "smtp_pass"))
    account->credential = MAIL_OTHER_APP_CREDENTIAL_IN_FILE;
  else
    account->credential = MAIL_OTHER_APP_CREDENTIAL_UNKNOWN;
  mail_other_apps_add (out, g_steal_pointer (&account));
}

void
mail_other_apps_read_neomutt (const MailOtherAppsDirs *dirs,
                              GPtrArray               *out)
{
  g_autofree char *home = g_build_filename (dirs->home, ".neomuttrc", NULL);
  g_autofree char *xdg = g_build_filename (dirs->config_home, "neomutt", "neomuttrc", NULL);
  g_autofree char *dot = g_build_filename (dirs->home, ".neomutt", "neomuttrc", NULL);

  read_file (dirs, home, out);
  read_file (dirs, xdg, out);
  read_file (dirs, dot, out);
}
