/* mail-export-thunderbird.c: Thunderbird autoconfig, clientConfig v1.1
 * Checked 2026-11-22 against Thunderbird's readFromXML.sys.mjs (elements it reads) and the
 * ISPDB files (thunderbird/autoconfig); tests/test-export-thunderbird.c checks the structure with
 * GMarkup, parses it back with our autoconfig parser and serves it to our discovery over HTTP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mail-export-private.h"

/* "%NAME%" with NAME in capitals: a Thunderbird placeholder. */
static gboolean
has_placeholder (const char *text)
{
  for (const char *p = strchr (text, '%'); p != NULL; p = strchr (p + 1, '%'))
    {
      const char *q = p + 1;

      while (g_ascii_isupper (*q))
        q++;
      if (q > p + 1 && *q == '%')
        return TRUE;
    }
  return FALSE;
}

static const char *
tb_socket_type (MailSecurity security)
{
  switch (security)
    {
    case MAIL_SECURITY_TLS:
      return "SSL";
    case MAIL_SECURITY_STARTTLS:
      return "STARTTLS";
    case MAIL_SECURITY_NONE:
    default:
      return "plain";
    }
}

static void
tb_server (GString          *out,
           const Export     *export,
           const MailServer *server)
{
  const char *email = export->settings->email;
  const char *user = mail_export_server_username (export, server);
  g_autofree char *local = mail_email_local_part (email);
  gboolean outgoing = server->protocol == MAIL_PROTOCOL_SMTP;
  MailAuthKind auth = mail_export_server_auth (export, server);

  g_string_append_printf (out, "    <%s type=\"%s\">\n",
                          outgoing ? "outgoingServer" : "incomingServer",
                          outgoing ? "smtp" : "imap");
  {
    g_autofree char *host = g_markup_escape_text (server->host, -1);

    g_string_append_printf (out, "      <hostname>%s</hostname>\n", host);
  }
  g_string_append_printf (out, "      <port>%u</port>\n", server->port);
  g_string_append_printf (out, "      <socketType>%s</socketType>\n",
                          tb_socket_type (server->security));
  if (g_strcmp0 (user, email) == 0)
    g_string_append (out, "      <username>%EMAILADDRESS%</username>\n");
  else if (g_strcmp0 (user, local) == 0)
    g_string_append (out, "      <username>%EMAILLOCALPART%</username>\n");
  else
    {
      g_autofree char *escaped = g_markup_escape_text (user, -1);
      g_string_append_printf (out, "      <username>%s</username>\n", escaped);
    }

  if (auth == MAIL_AUTH_NONE)
    g_string_append (out, "      <authentication>none</authentication>\n");
  else
    {
      if (auth == MAIL_AUTH_OAUTH2)
        g_string_append (out, "      <authentication>OAuth2</authentication>\n");
      /* Thunderbird skips OAuth2 for hosts it has no OAuth client for: the password
       * fallback keeps the file useful there, when the provider allows passwords. */
      if (mail_export_provider_allows_password (export))
        g_string_append (out, "      <authentication>password-cleartext</authentication>\n");
    }
  g_string_append_printf (out, "    </%s>\n", outgoing ? "outgoingServer" : "incomingServer");
}

char *
mail_export_write_thunderbird (const Export  *export,
                               GError       **error)
{
  const MailAccountSettings *s = export->settings;
  const MailProvider *provider = s->provider;
  const char *domain = mail_email_domain (s->email);
  const char *notes[] = {
    "Publish as https://autoconfig.DOMAIN/mail/config-v1.1.xml or",
    "https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml.",
    NULL
  };
  g_autofree char *header = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *name = NULL;
  g_autofree char *e_domain = g_markup_escape_text (domain, -1);
  GString *out;

  if (!mail_export_require_server (export, MAIL_PROTOCOL_IMAP, "thunderbird", error))
    return NULL;
  /* Thunderbird replaces %EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN% and %REALNAME% in
   * what it reads, and XML has no escape for that: a user name holding one cannot be written;
   * nor one with blanks at its ends, which autoconfig readers trim. */
  for (guint i = 0; i < 2; i++)
    {
      const MailServer *server = i == 0 ? s->imap : s->smtp;
      const char *user = server ? mail_export_server_username (export, server) : NULL;

      if (user != NULL && (has_placeholder (user) || mail_export_has_outer_blank (user)))
        {
          mail_export_unsafe_value (_("user name"), user, error);
          return NULL;
        }
    }

  header = mail_export_header_text (export, "Thunderbird autoconfig (clientConfig v1.1)", FALSE,
                                    notes);
  comment = mail_export_xml_comment (header);
  name = g_markup_escape_text (s->provider_name ? s->provider_name : domain, -1);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--\n");
  mail_export_append_commented (out, "  ", comment);
  g_string_append (out, "-->\n<clientConfig version=\"1.1\">\n");
  g_string_append_printf (out, "  <emailProvider id=\"%s\">\n", e_domain);
  g_string_append_printf (out, "    <domain>%s</domain>\n", e_domain);
  g_string_append_printf (out, "    <displayName>%s</displayName>\n", name);
  g_string_append_printf (out, "    <displayShortName>%s</displayShortName>\n", name);
  tb_server (out, export, s->imap);
  if (s->smtp)
    tb_server (out, export, s->smtp);
  g_string_append (out, "  </emailProvider>\n");

  /* As in the ISPDB files; Thunderbird reads its own table, other clients may use it. */
  if (mail_export_account_auth (export) == MAIL_AUTH_OAUTH2 && provider && provider->has_oauth &&
      provider->authorize_url && provider->token_url)
    {
      g_autoptr(GUri) uri = g_uri_parse (provider->authorize_url, G_URI_FLAGS_NONE, NULL);
      g_autofree char *scopes = provider->scopes ? g_strjoinv (" ", provider->scopes) : g_strdup ("");
      g_autofree char *e_scopes = g_markup_escape_text (scopes, -1);
      g_autofree char *e_auth = g_markup_escape_text (provider->authorize_url, -1);
      g_autofree char *e_token = g_markup_escape_text (provider->token_url, -1);

      g_string_append (out, "  <oAuth2>\n");
      if (uri && g_uri_get_host (uri))
        {
          g_autofree char *e_issuer = g_markup_escape_text (g_uri_get_host (uri), -1);
          g_string_append_printf (out, "    <issuer>%s</issuer>\n", e_issuer);
        }
      g_string_append_printf (out, "    <scope>%s</scope>\n", e_scopes);
      g_string_append_printf (out, "    <authURL>%s</authURL>\n", e_auth);
      g_string_append_printf (out, "    <tokenURL>%s</tokenURL>\n", e_token);
      g_string_append (out, "  </oAuth2>\n");
    }
  g_string_append (out, "</clientConfig>\n");
  return g_string_free (out, FALSE);
}
