/* mail-other-apps-geary.c: Geary, $XDG_CONFIG_HOME/geary/account_NN/geary.ini
 *
 * Geary 3.32 and later: [Metadata] version=1 (goa=ID for accounts GOA manages), [Account]
 * sender_mailboxes ("Name <address>;…"), label, service_provider (gmail, outlook, other),
 * [Incoming]/[Outgoing] host, port, transport_security (transport = implicit TLS, start-tls,
 * none), login, credentials (none, use-incoming, custom). Geary before 0.13 kept one
 * [AccountInformation] group (primary_email, imap_host, imap_port, imap_ssl, imap_starttls,
 * imap_username, smtp_…, smtp_noauth, smtp_use_imap_credentials) under
 * $XDG_DATA_HOME/geary/ADDRESS/geary.ini; both are read. Gmail and Outlook accounts use fixed
 * servers. Passwords are Secret Service items of schema org.gnome.Geary (proto, host, login).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-other-apps-private.h"

static const struct
{
  const char   *provider;
  const char   *imap_host;
  guint16       imap_port;
  MailSecurity  imap_security;
  const char   *smtp_host;
  guint16       smtp_port;
  MailSecurity  smtp_security;
} geary_providers[] = {
  { "gmail", "imap.gmail.com", 993, MAIL_SECURITY_TLS, "smtp.gmail.com", 465, MAIL_SECURITY_TLS },
  { "outlook", "imap-mail.outlook.com", 993, MAIL_SECURITY_TLS,
    "smtp-mail.outlook.com", 587, MAIL_SECURITY_STARTTLS },
};

static guint16
default_port (MailProtocol protocol,
              MailSecurity security)
{
  if (protocol == MAIL_PROTOCOL_IMAP)
    return security == MAIL_SECURITY_TLS ? 993 : 143;
  return security == MAIL_SECURITY_TLS ? 465 : 587;
}

static char *
first_address (const char *mailboxes)
{
  g_auto(GStrv) list = NULL;
  const char *lt;

  if (mailboxes == NULL)
    return NULL;
  list = g_strsplit (mailboxes, ";", 2);
  if (list[0] == NULL)    /* empty: g_strsplit gives no parts */
    return NULL;
  lt = strrchr (list[0], '<');
  if (lt != NULL)
    {
      const char *gt = strchr (lt, '>');

      return gt ? g_strndup (lt + 1, gt - lt - 1) : NULL;
    }
  return g_strstrip (g_strdup (list[0]));
}

static void
read_port (GKeyFile           *key_file,
           const char         *group,
           const char         *key,
           MailOtherAppServer *server,
           MailProtocol        protocol)
{
  g_autofree char *text = g_key_file_get_string (key_file, group, key, NULL);

  server->port = 0;
  if (text == NULL || g_strcmp0 (g_strstrip (text), "0") == 0)
    server->port = default_port (protocol, server->security);
  else
    (void) mail_other_apps_parse_port (text, &server->port);
}

/* Geary 3.32+: [Incoming] or [Outgoing]. */
static MailOtherAppServer *
read_server_v1 (GKeyFile     *key_file,
                const char   *display_path,
                MailProtocol  protocol,
                const char   *provider,
                const char   *email,
                const char   *incoming_login)
{
  const char *group = protocol == MAIL_PROTOCOL_IMAP ? "Incoming" : "Outgoing";
  g_autoptr(MailOtherAppServer) server = mail_other_app_server_new ();
  g_autofree char *security = NULL;
  g_autofree char *credentials = NULL;

  server->username = g_key_file_get_string (key_file, group, "login", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (geary_providers); i++)
    {
      if (g_strcmp0 (provider, geary_providers[i].provider) != 0)
        continue;
      server->host = g_strdup (protocol == MAIL_PROTOCOL_IMAP ? geary_providers[i].imap_host
                                                              : geary_providers[i].smtp_host);
      server->port = protocol == MAIL_PROTOCOL_IMAP ? geary_providers[i].imap_port
                                                    : geary_providers[i].smtp_port;
      server->security = protocol == MAIL_PROTOCOL_IMAP ? geary_providers[i].imap_security
                                                        : geary_providers[i].smtp_security;
      server->source = g_strdup_printf ("%s [Account] service_provider", display_path);
      server->auth_method = g_strdup (_("Password"));
      if (server->username == NULL)
        server->username = g_strdup (email);
      return g_steal_pointer (&server);
    }

  server->host = g_key_file_get_string (key_file, group, "host", NULL);
  if (server->host == NULL)
    return NULL;
  g_strstrip (server->host);
  server->source = g_strdup_printf ("%s [%s] host", display_path, group);
  security = g_key_file_get_string (key_file, group, "transport_security", NULL);
  if (security != NULL)
    g_strstrip (security);
  if (g_strcmp0 (security, "transport") == 0)
    server->security = MAIL_SECURITY_TLS;
  else if (g_strcmp0 (security, "start-tls") == 0)
    server->security = MAIL_SECURITY_STARTTLS;
  else if (g_strcmp0 (security, "none") == 0)
    server->security = MAIL_SECURITY_NONE;
  else
    {
      server->port = 0;  /* geary refuses the file too: reported as bad */
      return g_steal_pointer (&server);
    }
  read_port (key_file, group, "port", server, protocol);

  credentials = g_key_file_get_string (key_file, group, "credentials", NULL);
  if (credentials != NULL)
    g_strstrip (credentials);
  if (g_strcmp0 (credentials, "none") == 0)
    {
      server->auth = MAIL_AUTH_NONE;
      server->auth_method = g_strdup (_("No sign-in"));
      g_clear_pointer (&server->username, g_free);
    }
  else
    {
      server->auth_method = g_strdup (_("Password"));
      if (g_strcmp0 (credentials, "use-incoming") == 0 || server->username == NULL)
        {
          g_free (server->username);
          server->username = g_strdup (incoming_login ? incoming_login : email);
        }
    }
  return g_steal_pointer (&server);
}

/* Geary before 0.13: [AccountInformation] imap_… and smtp_… */
static MailOtherAppServer *
read_server_legacy (GKeyFile     *key_file,
                    const char   *display_path,
                    MailProtocol  protocol,
                    const char   *email)
{
  const char *group = "AccountInformation";
  const char *prefix = protocol == MAIL_PROTOCOL_IMAP ? "imap_" : "smtp_";
  g_autoptr(MailOtherAppServer) server = mail_other_app_server_new ();
  g_autofree char *host_key = g_strconcat (prefix, "host", NULL);
  g_autofree char *port_key = g_strconcat (prefix, "port", NULL);
  g_autofree char *ssl_key = g_strconcat (prefix, "ssl", NULL);
  g_autofree char *starttls_key = g_strconcat (prefix, "starttls", NULL);
  g_autofree char *user_key = g_strconcat (prefix, "username", NULL);
  GError *error = NULL;
  gboolean ssl, starttls;

  server->host = g_key_file_get_string (key_file, group, host_key, NULL);
  if (server->host == NULL)
    return NULL;
  g_strstrip (server->host);
  server->source = g_strdup_printf ("%s [%s] %s", display_path, group, host_key);

  ssl = g_key_file_get_boolean (key_file, group, ssl_key, &error);
  if (error != NULL)
    {
      ssl = protocol == MAIL_PROTOCOL_IMAP;
      g_clear_error (&error);
    }
  starttls = g_key_file_get_boolean (key_file, group, starttls_key, &error);
  if (error != NULL)
    {
      starttls = TRUE;
      g_clear_error (&error);
    }
  server->security = ssl ? MAIL_SECURITY_TLS
                         : starttls ? MAIL_SECURITY_STARTTLS : MAIL_SECURITY_NONE;
  read_port (key_file, group, port_key, server, protocol);

  server->username = g_key_file_get_string (key_file, group, user_key, NULL);
  if (server->username == NULL)
    server->username = g_strdup (email);
  server->auth_method = g_strdup (_("Password"));
  if (protocol == MAIL_PROTOCOL_SMTP)
    {
      g_autofree char *noauth = g_key_file_get_string (key_file, group, "smtp_noauth", NULL);

      if (noauth != NULL && g_ascii_strcasecmp (g_strstrip (noauth), "true") == 0)
        {
          server->auth = MAIL_AUTH_NONE;
          g_free (server->auth_method);
          server->auth_method = g_strdup (_("No sign-in"));
          g_clear_pointer (&server->username, g_free);
        }
    }
  return g_steal_pointer (&server);
}

static void
read_file (const MailOtherAppsDirs *dirs,
           const char              *path,
           GPtrArray               *out)
{
  g_autofree char *display_path = mail_other_apps_display_path (dirs, path);
  g_autoptr(MailOtherAppAccount) account = NULL;
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *goa = NULL;

  key_file = mail_other_apps_load_key_file (path, &error);
  if (key_file == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        mail_other_apps_add_error (out, "geary", display_path, error->message);
      return;
    }

  /* The servers of a GOA-managed account are GOA's: listed there. */
  goa = g_key_file_get_string (key_file, "Metadata", "goa", NULL);
  if (goa != NULL)
    return;

  account = mail_other_app_account_new ("geary", display_path);
  if (g_key_file_has_group (key_file, "Account"))
    {
      g_autofree char *senders = g_key_file_get_string (key_file, "Account", "sender_mailboxes",
                                                        NULL);
      g_autofree char *provider = g_key_file_get_string (key_file, "Account", "service_provider",
                                                         NULL);
      g_autofree char *incoming_login = g_key_file_get_string (key_file, "Incoming", "login",
                                                               NULL);

      if (provider != NULL)
        {
          g_strstrip (provider);
          for (char *p = provider; *p; p++)
            *p = g_ascii_tolower (*p);
        }
      account->email = first_address (senders);
      account->label = g_key_file_get_string (key_file, "Account", "label", NULL);
      if (account->label == NULL || *account->label == '\0')
        {
          g_free (account->label);
          account->label = g_strdup (account->email);
        }
      account->imap = read_server_v1 (key_file, display_path, MAIL_PROTOCOL_IMAP, provider,
                                      account->email, NULL);
      account->smtp = read_server_v1 (key_file, display_path, MAIL_PROTOCOL_SMTP, provider,
                                      account->email, incoming_login);
    }
  else if (g_key_file_has_group (key_file, "AccountInformation"))
    {
      account->email = g_key_file_get_string (key_file, "AccountInformation", "primary_email",
                                              NULL);
      account->label = g_key_file_get_string (key_file, "AccountInformation", "nickname", NULL);
      if (account->label == NULL)
        account->label = g_strdup (account->email);
      account->imap = read_server_legacy (key_file, display_path, MAIL_PROTOCOL_IMAP,
                                          account->email);
      account->smtp = read_server_legacy (key_file, display_path, MAIL_PROTOCOL_SMTP,
                                          account->email);
    }
  else
    {
      mail_other_apps_add_error (out, "geary", display_path,
                                 _("Neither an [Account] nor an [AccountInformation] group."));
      return;
    }

  account->credential = MAIL_OTHER_APP_CREDENTIAL_KEYRING;
  if (account->imap != NULL && account->imap->username != NULL)
    {
      /* Geary's item for the IMAP server: proto=IMAP, host, login (secret-mediator.vala). */
      account->keyring_schema = g_strdup ("org.gnome.Geary");
      account->keyring_attribute = g_strdup ("login");
      account->keyring_value = g_strdup (account->imap->username);
      account->keyring_more = g_strdupv ((char *[]) { "proto", "IMAP", "host",
                                                      account->imap->host, NULL });
      account->credential_detail = g_strdup_printf (_("Geary keyring item proto=IMAP host=%s "
                                                      "login=%s"), account->imap->host,
                                                    account->imap->username);
    }
  else
    account->credential_detail = g_strdup (_("Geary keyring item (org.gnome.Geary)"));
  mail_other_apps_add (out, g_steal_pointer (&account));
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static void
read_accounts_under (const MailOtherAppsDirs *dirs,
                     const char              *base,
                     GPtrArray               *out)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (base, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL && names->len < 100)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (base, g_ptr_array_index (names, i), "geary.ini",
                                                NULL);

      read_file (dirs, path, out);
    }
}

void
mail_other_apps_read_geary (const MailOtherAppsDirs *dirs,
                            GPtrArray               *out)
{
  g_autofree char *config = g_build_filename (dirs->config_home, "geary", NULL);
  g_autofree char *data = g_build_filename (dirs->data_home, "geary", NULL);

  read_accounts_under (dirs, config, out);
  /* Before 0.13 the settings lived beside the mail database. */
  if (g_strcmp0 (config, data) != 0)
    read_accounts_under (dirs, data, out);
}
