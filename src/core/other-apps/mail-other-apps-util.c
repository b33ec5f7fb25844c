/* mail-other-apps-util.c: bounded reads and value checks the readers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-file.h"
#include "mail-other-apps-private.h"
#include "mail-server.h"

gboolean
mail_other_apps_read_file (const char  *path,
                           char       **contents,
                           gsize       *length,
                           GError     **error)
{
  *contents = mail_file_read_bounded (path, MAIL_OTHER_APPS_MAX_FILE_SIZE, length, error);
  return *contents != NULL;
}

GKeyFile *
mail_other_apps_load_key_file (const char  *path,
                               GError     **error)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!mail_other_apps_read_file (path, &contents, &length, error))
    return NULL;
  if (!g_key_file_load_from_data (key_file, contents, length, G_KEY_FILE_NONE, error))
    return NULL;
  return g_steal_pointer (&key_file);
}

char *
mail_other_apps_display_path (const MailOtherAppsDirs *dirs,
                              const char              *path)
{
  gsize len = strlen (dirs->home);

  if (len > 0 && strncmp (path, dirs->home, len) == 0 && path[len] == '/')
    return g_strconcat ("~", path + len, NULL);
  return g_strdup (path);
}

gboolean
mail_other_apps_text_ok (const char *text)
{
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL) || strlen (text) > 1024)
    return FALSE;
  for (const char *p = text; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

/* mail_host_is_valid() is the trust boundary's host check; the text checks come first. */
gboolean
mail_other_apps_host_ok (const char *host)
{
  if (host == NULL || *host == '\0' || !mail_other_apps_text_ok (host))
    return FALSE;
  /* No IPv6 zone ids: "fe80::1%eth0" names an interface of this computer, not a server. */
  if (strchr (host, '%') != NULL)
    return FALSE;
  return mail_host_is_valid (host);
}

gboolean
mail_other_apps_parse_port (const char *text,
                            guint16    *port)
{
  guint64 value;

  if (text == NULL)
    return FALSE;
  while (g_ascii_isspace (*text))
    text++;
  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &value, NULL))
    return FALSE;
  *port = (guint16) value;
  return TRUE;
}

static gboolean
server_ok (const MailOtherAppServer *server,
           const char               *name,
           GString                  *problems)
{
  if (server == NULL)
    return TRUE;
  if (!mail_other_apps_host_ok (server->host))
    {
      /* The bad value itself is not repeated: it may hold anything. */
      g_string_append_printf (problems, _("The %s server name is not a host name or IP address "
                                          "(%s)."), name,
                              mail_other_apps_text_ok (server->source) ? server->source : "?");
      return FALSE;
    }
  if (server->port == 0)
    {
      g_string_append_printf (problems, _("The %s port is not a number from 1 to 65535 (%s)."),
                              name,
                              mail_other_apps_text_ok (server->source) ? server->source : "?");
      return FALSE;
    }
  if (!mail_other_apps_text_ok (server->username) ||
      !mail_other_apps_text_ok (server->auth_method) ||
      !mail_other_apps_text_ok (server->source))
    {
      g_string_append_printf (problems, _("The %s settings contain control characters."), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
strv_text_ok (char **strv)
{
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    if (!mail_other_apps_text_ok (strv[i]))
      return FALSE;
  return TRUE;
}

void
mail_other_apps_add (GPtrArray           *out,
                     MailOtherAppAccount *account)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  gboolean ok = TRUE;

  ok &= server_ok (account->imap, "IMAP", problems);
  ok &= server_ok (account->smtp, "SMTP", problems);
  if (!mail_other_apps_text_ok (account->label) || !mail_other_apps_text_ok (account->email) ||
      !mail_other_apps_text_ok (account->credential_detail) ||
      !mail_other_apps_text_ok (account->keyring_value) ||
      !strv_text_ok (account->keyring_more))
    {
      g_string_append (problems, _("The account's settings contain control characters."));
      ok = FALSE;
    }
  if (ok && account->email != NULL && !mail_email_validate (account->email, NULL))
    g_clear_pointer (&account->email, g_free);
  if (ok && account->imap == NULL && account->smtp == NULL)
    {
      g_string_append (problems, _("No server found for this account."));
      ok = FALSE;
    }

  if (ok)
    {
      g_ptr_array_add (out, account);
      return;
    }

  {
    g_autofree char *message = NULL;

    if (account->label != NULL && mail_other_apps_text_ok (account->label))
      message = g_strdup_printf (_("Account “%s”: %s"), account->label, problems->str);
    else
      message = g_strdup (problems->str);
    mail_other_apps_add_error (out, account->app, account->file, message);
    mail_other_app_account_free (account);
  }
}

void
mail_other_apps_add_error (GPtrArray  *out,
                           const char *app,
                           const char *display_path,
                           const char *message)
{
  g_ptr_array_add (out, mail_other_app_account_new_error (app, display_path, message));
}

gboolean
mail_other_apps_parse_url (const char  *url,
                           char       **scheme,
                           char       **user,
                           gboolean    *has_password,
                           char       **host,
                           guint16     *port)
{
  g_autofree char *password = NULL;
  g_autofree char *local_user = NULL;
  g_autofree char *local_host = NULL;
  g_autofree char *local_scheme = NULL;
  const char *at;
  const char *authority;
  int local_port = -1;

  if (url == NULL || !mail_other_apps_text_ok (url))
    return FALSE;

  /* Several mail apps take "user@example.com@host" with the address unescaped: the last "@"
   * before the path ends the user name. Escape the earlier ones so a URI parser agrees. */
  authority = strstr (url, "://");
  if (authority != NULL)
    {
      const char *path = strchr (authority + 3, '/');
      g_autoptr(GString) fixed = g_string_new_len (url, authority + 3 - url);

      at = NULL;
      for (const char *p = authority + 3; *p && (path == NULL || p < path); p++)
        if (*p == '@')
          at = p;
      for (const char *p = authority + 3; *p; p++)
        {
          if (*p == '@' && at != NULL && p < at)
            g_string_append (fixed, "%40");
          else
            g_string_append_c (fixed, *p);
        }
      if (!g_uri_split_with_user (fixed->str, G_URI_FLAGS_HAS_PASSWORD, &local_scheme,
                                  &local_user, &password, NULL, &local_host, &local_port,
                                  NULL, NULL, NULL, NULL))
        return FALSE;
    }
  else
    return FALSE;

  if (local_scheme == NULL || local_host == NULL || *local_host == '\0')
    {
      if (password)
        mail_secret_free (g_steal_pointer (&password));
      return FALSE;
    }

  *has_password = password != NULL && *password != '\0';
  if (password)
    mail_secret_free (g_steal_pointer (&password));
  if (local_port == 0 || local_port > 65535)
    return FALSE;
  *port = local_port > 0 ? (guint16) local_port : 0;
  *scheme = g_ascii_strdown (local_scheme, -1);
  *user = g_steal_pointer (&local_user);
  *host = g_steal_pointer (&local_host);
  return TRUE;
}

gboolean
mail_other_apps_split_line (const char  *line,
                            char       **keyword,
                            char       **value)
{
  const char *p = line;
  const char *start;
  g_autofree char *rest = NULL;
  gsize len;

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '\0' || *p == '#')
    return FALSE;
  start = p;
  while (*p && !g_ascii_isspace (*p))
    p++;
  *keyword = g_strndup (start, p - start);
  while (g_ascii_isspace (*p))
    p++;
  rest = g_strdup (p);
  g_strchomp (rest);
  len = strlen (rest);
  if (len >= 2 && rest[0] == '"' && rest[len - 1] == '"')
    {
      GString *out = g_string_new (NULL);

      for (gsize i = 1; i < len - 1; i++)
        {
          if (rest[i] == '\\' && (rest[i + 1] == '"' || rest[i + 1] == '\\') && i + 1 < len - 1)
            i++;
          g_string_append_c (out, rest[i]);
        }
      *value = g_string_free (out, FALSE);
    }
  else
    *value = g_steal_pointer (&rest);
  return TRUE;
}

char **
mail_other_apps_read_lines (const char  *path,
                            GError     **error)
{
  g_autofree char *contents = NULL;

  if (!mail_other_apps_read_file (path, &contents, NULL, error))
    return NULL;
  return g_strsplit (contents, "\n", -1);
}
