/* mail-other-apps-goa.c: GNOME Online Accounts, $XDG_CONFIG_HOME/goa-1.0/accounts.conf
 *
 * One group "[Account ID]" per account. Provider=imap_smtp keeps the servers in ImapHost
 * ("host" or "host:port"), ImapUserName, ImapUseSsl/ImapUseTls (implicit TLS / STARTTLS),
 * SmtpHost, SmtpUserName, SmtpUseAuth, SmtpAuthLogin/SmtpAuthPlain, SmtpUseSsl/SmtpUseTls;
 * without a port goa uses 993/143 and 465/587. Its passwords are one Secret Service item,
 * schema org.gnome.OnlineAccounts, goa-identity=imap_smtp:gen0:ID, holding a GVariant text
 * {'imap-password': <'…'>, 'smtp-password': <'…'>}. Google and Windows Live accounts with
 * MailEnabled=true use fixed servers and OAuth2 (goa hands out access tokens over D-Bus).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-other-apps-private.h"
#include "mail-server.h"

#define GOA_SCHEMA "org.gnome.OnlineAccounts"

typedef struct
{
  const char *provider;
  guint       generation;    /* goa's credentials generation for the keyring key */
  const char *imap_host;
  guint16     imap_port;
  MailSecurity imap_security;
  const char *smtp_host;
  guint16     smtp_port;
  MailSecurity smtp_security;
} OAuthProvider;

/* From goa's goagoogleprovider.c and (goa ≤ 3.48) goawindowsliveprovider.c; the credentials
 * generations are goa 3.46's (Debian 12): Google 11 (12 in 3.50, 13 later), Windows Live 4.
 * Microsoft 365 ("ms_graph", goa ≥ 3.50) is not here: its token is for Microsoft Graph, which
 * Outlook's IMAP and SMTP do not accept. */
static const OAuthProvider oauth_providers[] = {
  { "google", 11, "imap.gmail.com", 993, MAIL_SECURITY_TLS,
    "smtp.gmail.com", 465, MAIL_SECURITY_TLS },
  { "windows_live", 4, "imap-mail.outlook.com", 993, MAIL_SECURITY_TLS,
    "smtp-mail.outlook.com", 587, MAIL_SECURITY_STARTTLS },
};

static gboolean
get_bool (GKeyFile   *key_file,
          const char *group,
          const char *key)
{
  g_autofree char *value = g_key_file_get_string (key_file, group, key, NULL);

  return value != NULL && g_ascii_strcasecmp (g_strstrip (value), "true") == 0;
}

static char *
key_source (const char *display_path,
            const char *group,
            const char *key)
{
  return g_strdup_printf ("%s [%s] %s", display_path, group, key);
}

/* An imap_smtp server; FALSE with message when the host is not usable. */
static MailOtherAppServer *
read_server (GKeyFile     *key_file,
             const char   *display_path,
             const char   *group,
             MailProtocol  protocol,
             char        **message)
{
  const char *prefix = protocol == MAIL_PROTOCOL_IMAP ? "Imap" : "Smtp";
  g_autofree char *host_key = g_strconcat (prefix, "Host", NULL);
  g_autofree char *user_key = g_strconcat (prefix, "UserName", NULL);
  g_autofree char *ssl_key = g_strconcat (prefix, "UseSsl", NULL);
  g_autofree char *tls_key = g_strconcat (prefix, "UseTls", NULL);
  g_autofree char *host_text = g_key_file_get_string (key_file, group, host_key, NULL);
  g_autoptr(MailOtherAppServer) server = mail_other_app_server_new ();
  guint16 default_port;

  if (host_text == NULL || *g_strstrip (host_text) == '\0')
    return NULL;

  if (get_bool (key_file, group, ssl_key))
    server->security = MAIL_SECURITY_TLS;
  else if (get_bool (key_file, group, tls_key))
    server->security = MAIL_SECURITY_STARTTLS;
  else
    server->security = MAIL_SECURITY_NONE;

  if (protocol == MAIL_PROTOCOL_IMAP)
    default_port = server->security == MAIL_SECURITY_TLS ? 993 : 143;
  else
    default_port = server->security == MAIL_SECURITY_TLS ? 465 : 587;

  if (!mail_other_apps_text_ok (host_text) ||
      !mail_server_parse_host_port (host_text, default_port, &server->host, &server->port, NULL))
    {
      *message = g_strdup_printf (_("%s is not a host name with an optional port (%s)."),
                                  host_key, display_path);
      return NULL;
    }

  server->username = g_key_file_get_string (key_file, group, user_key, NULL);
  server->source = key_source (display_path, group, host_key);
  if (protocol == MAIL_PROTOCOL_SMTP && !get_bool (key_file, group, "SmtpUseAuth"))
    {
      server->auth = MAIL_AUTH_NONE;
      server->auth_method = g_strdup (_("No authentication"));
      g_clear_pointer (&server->username, g_free);
    }
  else if (protocol == MAIL_PROTOCOL_SMTP && get_bool (key_file, group, "SmtpAuthPlain"))
    server->auth_method = g_strdup ("PLAIN");
  else if (protocol == MAIL_PROTOCOL_SMTP && get_bool (key_file, group, "SmtpAuthLogin"))
    server->auth_method = g_strdup ("LOGIN");
  else
    server->auth_method = g_strdup (_("Password"));
  return g_steal_pointer (&server);
}

static MailOtherAppServer *
fixed_server (const char   *host,
              guint16       port,
              MailSecurity  security,
              const char   *email,
              char         *source)
{
  MailOtherAppServer *server = mail_other_app_server_new ();

  server->host = g_strdup (host);
  server->port = port;
  server->security = security;
  server->username = g_strdup (email);
  server->auth = MAIL_AUTH_OAUTH2;
  server->auth_method = g_strdup ("OAuth2");
  server->source = source;
  return server;
}

static void
read_account (GKeyFile   *key_file,
              const char *display_path,
              const char *group,
              GPtrArray  *out)
{
  g_autofree char *provider = g_key_file_get_string (key_file, group, "Provider", NULL);
  g_autoptr(MailOtherAppAccount) account = mail_other_app_account_new ("goa", display_path);
  const char *id = group + strlen ("Account ");
  g_autofree char *message = NULL;

  if (provider == NULL)
    return;

  account->goa_id = g_strdup (id);
  account->label = g_key_file_get_string (key_file, group, "PresentationIdentity", NULL);

  if (strcmp (provider, "imap_smtp") == 0)
    {
      account->email = g_key_file_get_string (key_file, group, "EmailAddress", NULL);
      account->imap = read_server (key_file, display_path, group, MAIL_PROTOCOL_IMAP, &message);
      if (message == NULL)
        account->smtp = read_server (key_file, display_path, group, MAIL_PROTOCOL_SMTP, &message);
      if (message != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Account “%s”: %s"), id, message);

          mail_other_apps_add_error (out, "goa", display_path, text);
          return;
        }
      account->credential = MAIL_OTHER_APP_CREDENTIAL_KEYRING;
      account->keyring_schema = g_strdup (GOA_SCHEMA);
      account->keyring_attribute = g_strdup ("goa-identity");
      account->keyring_value = g_strdup_printf ("imap_smtp:gen0:%s", id);
      account->credential_detail = g_strdup_printf (_("GNOME Online Accounts keyring item "
                                                      "goa-identity=%s"), account->keyring_value);
      mail_other_apps_add (out, g_steal_pointer (&account));
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (oauth_providers); i++)
    {
      const OAuthProvider *p = &oauth_providers[i];

      if (strcmp (provider, p->provider) != 0)
        continue;
      if (!get_bool (key_file, group, "MailEnabled"))
        return;
      account->email = g_strdup (account->label);
      account->imap = fixed_server (p->imap_host, p->imap_port, p->imap_security, account->email,
                                    key_source (display_path, group, "Provider"));
      account->smtp = fixed_server (p->smtp_host, p->smtp_port, p->smtp_security, account->email,
                                    key_source (display_path, group, "Provider"));
      account->credential = MAIL_OTHER_APP_CREDENTIAL_OAUTH2;
      account->credential_detail = g_strdup_printf (_("OAuth2, held by GNOME Online Accounts "
                                                      "(keyring item goa-identity=%s:gen%u:%s)"),
                                                    p->provider, p->generation, id);
      mail_other_apps_add (out, g_steal_pointer (&account));
      return;
    }
  /* Other providers (Exchange, Microsoft 365 over Graph, Nextcloud, …) have no IMAP/SMTP. */
}

void
mail_other_apps_read_goa (const MailOtherAppsDirs *dirs,
                          GPtrArray               *out)
{
  g_autofree char *path = g_build_filename (dirs->config_home, "goa-1.0", "accounts.conf", NULL);
  g_autofree char *display_path = mail_other_apps_display_path (dirs, path);
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) groups = NULL;

  key_file = mail_other_apps_load_key_file (path, &error);
  if (key_file == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        mail_other_apps_add_error (out, "goa", display_path, error->message);
      return;
    }

  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i]; i++)
    if (g_str_has_prefix (groups[i], "Account ") && groups[i][strlen ("Account ")] != '\0')
      read_account (key_file, display_path, groups[i], out);
}
