/* mail-other-apps-thunderbird.c: Thunderbird, the default profile's prefs.js and user.js
 *
 * ~/.thunderbird/profiles.ini (also the Flatpak's ~/.var/app/org.mozilla.Thunderbird/…) names
 * the profiles; the default is the [Install…] group's Default= path (Thunderbird 68 and
 * later), else the [Profile…] with Default=1, else the only one. In the profile, prefs.js (and
 * user.js over it) has one user_pref("name", value); per line:
 *   mail.accountmanager.accounts "account1,…"; mail.account.accountN.server "serverN",
 *   .identities "id1,…"; mail.server.serverN.type "imap", hostname (realhostname after an
 *   edit), port, socketType (0 none, 2 STARTTLS, 3 SSL/TLS), authMethod (3 normal password,
 *   4 encrypted password, 5 Kerberos, 6 NTLM, 7 TLS certificate, 10 OAuth2), userName
 *   (realuserName); mail.identity.idN.useremail, .smtpServer "smtpN" (else
 *   mail.smtp.defaultserver); mail.smtpserver.smtpN.hostname, port, try_ssl, authMethod,
 *   username. Passwords are in logins.json, encrypted with NSS: never read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-other-apps-private.h"

typedef struct
{
  char *value;   /* strings unescaped; numbers and booleans as written */
  char *where;   /* "~/.thunderbird/x/prefs.js:12" */
} Pref;

static void
pref_free (Pref *pref)
{
  g_free (pref->value);
  g_free (pref->where);
  g_free (pref);
}

/* A JavaScript string literal at *p (after the quote has been seen). */
static char *
parse_string (const char **p)
{
  char quote = **p;
  g_autoptr(GString) out = g_string_new (NULL);
  const char *s = *p + 1;

  for (; *s && *s != quote; s++)
    {
      if (*s == '\\' && s[1] != '\0')
        {
          s++;
          switch (*s)
            {
            case 'n': g_string_append_c (out, '\n'); break;
            case 't': g_string_append_c (out, '\t'); break;
            default: g_string_append_c (out, *s); break;
            }
        }
      else
        g_string_append_c (out, *s);
    }
  if (*s != quote)
    return NULL;
  *p = s + 1;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
skip_space (const char **p)
{
  while (g_ascii_isspace (**p))
    (*p)++;
}

/* One line: user_pref("name", value); FALSE if it is something else that is not a comment. */
static gboolean
parse_line (const char  *line,
            char       **name,
            char       **value)
{
  const char *p = line;
  g_autofree char *key = NULL;
  const char *start;

  skip_space (&p);
  if (*p == '\0' || g_str_has_prefix (p, "//") || g_str_has_prefix (p, "#") ||
      g_str_has_prefix (p, "/*") || g_str_has_prefix (p, "*"))
    return TRUE;
  if (g_str_has_prefix (p, "user_pref"))
    p += strlen ("user_pref");
  else if (g_str_has_prefix (p, "sticky_pref"))
    p += strlen ("sticky_pref");
  else if (g_str_has_prefix (p, "pref"))
    p += strlen ("pref");
  else
    return FALSE;
  skip_space (&p);
  if (*p++ != '(')
    return FALSE;
  skip_space (&p);
  if (*p != '"' && *p != '\'')
    return FALSE;
  key = parse_string (&p);
  if (key == NULL)
    return FALSE;
  skip_space (&p);
  if (*p++ != ',')
    return FALSE;
  skip_space (&p);
  if (*p == '"' || *p == '\'')
    {
      *value = parse_string (&p);
      if (*value == NULL)
        return FALSE;
    }
  else
    {
      start = p;
      while (*p && *p != ')' && !g_ascii_isspace (*p))
        p++;
      *value = g_strndup (start, p - start);
    }
  skip_space (&p);
  if (*p != ')')
    {
      g_clear_pointer (value, g_free);
      return FALSE;
    }
  *name = g_steal_pointer (&key);
  return TRUE;
}

/* Adds the file's prefs to prefs; FALSE with message when a line is not a pref. */
static gboolean
read_prefs (const char  *path,
            const char  *display_path,
            GHashTable  *prefs,
            char       **message)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  if (!mail_other_apps_read_file (path, &contents, NULL, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        *message = g_strdup (error->message);
      return error->code == G_FILE_ERROR_NOENT && error->domain == G_FILE_ERROR;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;
      Pref *pref;

      if (!parse_line (lines[i], &name, &value))
        {
          *message = g_strdup_printf (_("Line %u is not a user_pref(…) line."), i + 1);
          return FALSE;
        }
      if (name == NULL)
        continue;
      pref = g_new0 (Pref, 1);
      pref->value = g_steal_pointer (&value);
      pref->where = g_strdup_printf ("%s:%u", display_path, i + 1);
      g_hash_table_replace (prefs, g_steal_pointer (&name), pref);
    }
  return TRUE;
}

static const Pref *
get_pref (GHashTable *prefs,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static const Pref *
get_pref (GHashTable *prefs,
          const char *format,
          ...)
{
  g_autofree char *name = NULL;
  va_list args;

  va_start (args, format);
  name = g_strdup_vprintf (format, args);
  va_end (args);
  return g_hash_table_lookup (prefs, name);
}

static const char *
value_of (const Pref *pref)
{
  return pref ? pref->value : NULL;
}

static int
int_of (const Pref *pref,
        int         fallback)
{
  gint64 value;

  if (pref == NULL || !g_ascii_string_to_signed (pref->value, 10, 0, 65535, &value, NULL))
    return fallback;
  return (int) value;
}

static void
apply_auth (MailOtherAppServer *server,
            int                 method)
{
  static const char *const names[] = {
    NULL, N_("No authentication"), N_("Normal password"), N_("Normal password"),
    N_("Encrypted password"), N_("Kerberos / GSSAPI"), N_("NTLM"), N_("TLS Certificate"),
    N_("Normal password"), N_("Normal password"), N_("OAuth2"),
  };

  if (method <= 0 || method >= (int) G_N_ELEMENTS (names))
    method = 3;
  server->auth_method = g_strdup (_(names[method]));
  if (method == 10)
    server->auth = MAIL_AUTH_OAUTH2;
  else if (method == 1)
    server->auth = MAIL_AUTH_NONE;
}

static MailSecurity
security_of (int value)
{
  return value == 3 ? MAIL_SECURITY_TLS : value == 2 || value == 1 ? MAIL_SECURITY_STARTTLS
                                                                   : MAIL_SECURITY_NONE;
}

static MailOtherAppServer *
read_imap (GHashTable *prefs,
           const char *key)
{
  g_autoptr(MailOtherAppServer) server = mail_other_app_server_new ();
  const Pref *host = get_pref (prefs, "mail.server.%s.realhostname", key);
  const Pref *user = get_pref (prefs, "mail.server.%s.realuserName", key);
  const Pref *port;

  if (host == NULL)
    host = get_pref (prefs, "mail.server.%s.hostname", key);
  if (user == NULL)
    user = get_pref (prefs, "mail.server.%s.userName", key);
  if (host == NULL)
    return NULL;

  server->host = g_strdup (host->value);
  server->source = g_strdup (host->where);
  server->security = security_of (int_of (get_pref (prefs, "mail.server.%s.socketType", key), 0));
  port = get_pref (prefs, "mail.server.%s.port", key);
  server->port = port ? int_of (port, 0)
                      : server->security == MAIL_SECURITY_TLS ? 993 : 143;
  server->username = g_strdup (value_of (user));
  apply_auth (server, int_of (get_pref (prefs, "mail.server.%s.authMethod", key), 3));
  return g_steal_pointer (&server);
}

static MailOtherAppServer *
read_smtp (GHashTable *prefs,
           const char *key)
{
  g_autoptr(MailOtherAppServer) server = mail_other_app_server_new ();
  const Pref *host = get_pref (prefs, "mail.smtpserver.%s.hostname", key);
  const Pref *port;

  if (host == NULL)
    return NULL;
  server->host = g_strdup (host->value);
  server->source = g_strdup (host->where);
  server->security = security_of (int_of (get_pref (prefs, "mail.smtpserver.%s.try_ssl", key),
                                          0));
  port = get_pref (prefs, "mail.smtpserver.%s.port", key);
  server->port = port && int_of (port, 0) != 0 ? int_of (port, 0)
               : server->security == MAIL_SECURITY_TLS ? 465 : 25;
  server->username = g_strdup (value_of (get_pref (prefs, "mail.smtpserver.%s.username", key)));
  apply_auth (server, int_of (get_pref (prefs, "mail.smtpserver.%s.authMethod", key), 3));
  return g_steal_pointer (&server);
}

static void
read_accounts (GHashTable *prefs,
               const char *display_path,
               GPtrArray  *out)
{
  g_auto(GStrv) accounts = g_strsplit (value_of (get_pref (prefs,
                                                           "mail.accountmanager.accounts"))
                                       ? value_of (get_pref (prefs, "mail.accountmanager.accounts"))
                                       : "", ",", 100);

  for (guint i = 0; accounts[i]; i++)
    {
      g_autoptr(MailOtherAppAccount) account = NULL;
      const char *id = g_strstrip (accounts[i]);
      const char *server_key = value_of (get_pref (prefs, "mail.account.%s.server", id));
      const char *identities = value_of (get_pref (prefs, "mail.account.%s.identities", id));
      const char *smtp_key = NULL;
      g_auto(GStrv) identity = NULL;

      if (*id == '\0' || server_key == NULL ||
          g_strcmp0 (value_of (get_pref (prefs, "mail.server.%s.type", server_key)), "imap") != 0)
        continue;  /* Local Folders, POP3, feeds, news, EWS: not IMAP */

      account = mail_other_app_account_new ("thunderbird", display_path);
      account->label = g_strdup (value_of (get_pref (prefs, "mail.server.%s.name", server_key)));
      account->imap = read_imap (prefs, server_key);
      if (identities != NULL && *identities != '\0')
        {
          identity = g_strsplit (identities, ",", 2);
          account->email = g_strdup (value_of (get_pref (prefs, "mail.identity.%s.useremail",
                                                         g_strstrip (identity[0]))));
          smtp_key = value_of (get_pref (prefs, "mail.identity.%s.smtpServer", identity[0]));
        }
      if (smtp_key == NULL || *smtp_key == '\0')
        smtp_key = value_of (get_pref (prefs, "mail.smtp.defaultserver"));
      if (smtp_key != NULL)
        account->smtp = read_smtp (prefs, smtp_key);
      if (account->label == NULL)
        account->label = g_strdup (account->email);
      account->credential = MAIL_OTHER_APP_CREDENTIAL_NSS;
      account->credential_detail = g_strdup (_("Thunderbird's saved passwords (logins.json, "
                                               "encrypted by NSS): not readable"));
      mail_other_apps_add (out, g_steal_pointer (&account));
    }
}

/* The default profile's directory, or NULL. */
static char *
default_profile (const char  *base,
                 GKeyFile    *ini)
{
  g_auto(GStrv) groups = g_key_file_get_groups (ini, NULL);
  g_autofree char *path = NULL;
  gboolean relative = TRUE;
  guint profiles = 0;

  for (guint i = 0; groups[i] && path == NULL; i++)
    if (g_str_has_prefix (groups[i], "Install"))
      path = g_key_file_get_string (ini, groups[i], "Default", NULL);

  for (guint i = 0; groups[i] && path == NULL; i++)
    if (g_str_has_prefix (groups[i], "Profile") &&
        g_key_file_get_integer (ini, groups[i], "Default", NULL) == 1)
      {
        path = g_key_file_get_string (ini, groups[i], "Path", NULL);
        relative = g_key_file_get_integer (ini, groups[i], "IsRelative", NULL) != 0;
      }

  for (guint i = 0; groups[i]; i++)
    if (g_str_has_prefix (groups[i], "Profile"))
      profiles++;
  for (guint i = 0; groups[i] && path == NULL && profiles == 1; i++)
    if (g_str_has_prefix (groups[i], "Profile"))
      {
        path = g_key_file_get_string (ini, groups[i], "Path", NULL);
        relative = g_key_file_get_integer (ini, groups[i], "IsRelative", NULL) != 0;
      }

  if (path == NULL || *path == '\0' || !mail_other_apps_text_ok (path))
    return NULL;
  if (relative && !g_path_is_absolute (path))
    {
      /* A relative Path stays inside the Thunderbird directory. */
      if (strstr (path, "..") != NULL)
        return NULL;
      return g_build_filename (base, path, NULL);
    }
  return g_steal_pointer (&path);
}

static gboolean
read_base (const MailOtherAppsDirs *dirs,
           const char              *base,
           GPtrArray               *out)
{
  g_autofree char *ini_path = g_build_filename (base, "profiles.ini", NULL);
  g_autofree char *display_ini = mail_other_apps_display_path (dirs, ini_path);
  g_autoptr(GHashTable) prefs = NULL;
  g_autoptr(GKeyFile) ini = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  const char *files[] = { "prefs.js", "user.js" };

  ini = mail_other_apps_load_key_file (ini_path, &error);
  if (ini == NULL)
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return FALSE;
      mail_other_apps_add_error (out, "thunderbird", display_ini, error->message);
      return TRUE;
    }

  profile = default_profile (base, ini);
  if (profile == NULL)
    {
      mail_other_apps_add_error (out, "thunderbird", display_ini,
                                 _("No default profile in profiles.ini."));
      return TRUE;
    }

  prefs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) pref_free);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (profile, files[i], NULL);
      g_autofree char *display_path = mail_other_apps_display_path (dirs, path);
      g_autofree char *message = NULL;

      if (!read_prefs (path, display_path, prefs, &message))
        {
          mail_other_apps_add_error (out, "thunderbird", display_path, message);
          return TRUE;
        }
    }

  {
    g_autofree char *path = g_build_filename (profile, "prefs.js", NULL);
    g_autofree char *display_path = mail_other_apps_display_path (dirs, path);

    read_accounts (prefs, display_path, out);
  }
  return TRUE;
}

void
mail_other_apps_read_thunderbird (const MailOtherAppsDirs *dirs,
                                  GPtrArray               *out)
{
  g_autofree char *native = g_build_filename (dirs->home, ".thunderbird", NULL);
  g_autofree char *flatpak = g_build_filename (dirs->home, ".var", "app",
                                               "org.mozilla.Thunderbird", ".thunderbird", NULL);

  if (!read_base (dirs, native, out))
    read_base (dirs, flatpak, out);
}
