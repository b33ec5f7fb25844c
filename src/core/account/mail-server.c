/* mail-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "mail-server.h"
#include "mail-validate.h"

G_DEFINE_BOXED_TYPE (MailServer, mail_server, mail_server_copy, mail_server_free)

MailServer *
mail_server_new (MailProtocol  protocol,
                 const char   *host,
                 guint16       port,
                 MailSecurity  security)
{
  MailServer *self = g_new0 (MailServer, 1);

  self->protocol = protocol;
  /* An internationalized name is kept in its ASCII form, the one every client and file
   * takes; anything invalid is kept as given, for mail_server_validate () to refuse. */
  self->host = mail_validate_host (host, "host", NULL);
  if (self->host == NULL)
    self->host = g_strdup (host);
  self->port = port != 0 ? port : mail_default_port (protocol, security);
  self->security = security;
  self->auth = MAIL_AUTH_PASSWORD;
  self->trusted = TRUE;
  return self;
}

MailServer *
mail_server_copy (const MailServer *server)
{
  MailServer *copy;

  g_return_val_if_fail (server != NULL, NULL);

  copy = g_memdup2 (server, sizeof *server);
  copy->host = g_strdup (server->host);
  copy->username = g_strdup (server->username);
  copy->source = g_strdup (server->source);
  copy->source_url = g_strdup (server->source_url);
  copy->trust_reason = g_strdup (server->trust_reason);
  return copy;
}

void
mail_server_free (MailServer *server)
{
  if (server == NULL)
    return;

  g_free (server->host);
  g_free (server->username);
  g_free (server->source);
  g_free (server->source_url);
  g_free (server->trust_reason);
  g_free (server);
}

gboolean
mail_server_get_trusted (const MailServer *server)
{
  g_return_val_if_fail (server != NULL, FALSE);
  return server->trusted;
}

const char *
mail_server_get_trust_reason (const MailServer *server)
{
  g_return_val_if_fail (server != NULL, NULL);
  return server->trust_reason;
}

void
mail_server_set_trust (MailServer *server,
                       gboolean    trusted,
                       const char *reason)
{
  g_return_if_fail (server != NULL);

  server->trusted = !!trusted;
  g_free (server->trust_reason);
  server->trust_reason = g_strdup (reason);
}

gboolean
mail_host_is_valid (const char *host)
{
  g_autofree char *ascii = mail_validate_host (host, "host", NULL);

  return ascii != NULL;
}

static const char *
field_name (MailProtocol  protocol,
            const char   *field)
{
  gboolean imap = protocol == MAIL_PROTOCOL_IMAP;

  if (strcmp (field, "host") == 0)
    return imap ? _("IMAP server name") : _("SMTP server name");
  if (strcmp (field, "port") == 0)
    return imap ? _("IMAP port") : _("SMTP port");
  if (strcmp (field, "username") == 0)
    return imap ? _("IMAP user name") : _("SMTP user name");
  return imap ? _("IMAP server source") : _("SMTP server source");
}

gboolean
mail_server_validate (MailServer  *server,
                      GError     **error)
{
  g_autofree char *ascii = NULL;

  g_return_val_if_fail (server != NULL, FALSE);

  ascii = mail_validate_host (server->host, field_name (server->protocol, "host"), error);
  if (ascii == NULL ||
      !mail_validate_port (server->port, field_name (server->protocol, "port"), error) ||
      (server->username != NULL &&
       !mail_validate_user_name (server->username, field_name (server->protocol, "username"),
                                 error)) ||
      !mail_validate_display_text (server->source, MAIL_DISPLAY_TEXT_MAX,
                                   field_name (server->protocol, "source"), error) ||
      !mail_validate_display_text (server->source_url, MAIL_DISPLAY_TEXT_MAX,
                                   field_name (server->protocol, "source"), error))
    return FALSE;

  g_free (server->host);
  server->host = g_steal_pointer (&ascii);
  return TRUE;
}

gboolean
mail_server_parse_host_port (const char  *text,
                             guint16      default_port,
                             char       **host,
                             guint16     *port,
                             GError     **error)
{
  g_autofree char *name = NULL;
  const char *port_text = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *ascii = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (text != NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));

  if (stripped[0] == '[')
    {
      const char *close = strchr (stripped, ']');

      if (close == NULL || (close[1] != '\0' && close[1] != ':'))
        goto invalid;
      name = g_strndup (stripped + 1, close - stripped - 1);
      if (close[1] == ':')
        port_text = close + 2;
    }
  else
    {
      const char *colon = strrchr (stripped, ':');

      if (colon != NULL && strchr (stripped, ':') == colon)
        {
          name = g_strndup (stripped, colon - stripped);
          port_text = colon + 1;
        }
      else
        name = g_strdup (stripped);
    }

  ascii = mail_validate_host (name, "host", NULL);
  if (ascii == NULL)
    goto invalid;

  if (port_text != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &value, NULL))
        {
          g_autofree char *shown_port = mail_validate_quote (port_text, 80);

          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("“%s” is not a port: use a number from 1 to 65535."), shown_port);
          return FALSE;
        }
      *port = (guint16) value;
    }
  else
    *port = default_port;

  *host = g_steal_pointer (&ascii);
  return TRUE;

invalid:
  shown = mail_validate_quote (text, 80);
  g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
               _("“%s” is not a server name: use a name like imap.example.org, "
                 "optionally followed by a colon and a port."), shown);
  return FALSE;
}
