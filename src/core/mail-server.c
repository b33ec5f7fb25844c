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

G_DEFINE_BOXED_TYPE (MailServer, mail_server, mail_server_copy, mail_server_free)

MailServer *
mail_server_new (MailProtocol  protocol,
                 const char   *host,
                 guint16       port,
                 MailSecurity  security)
{
  MailServer *self = g_new0 (MailServer, 1);

  self->protocol = protocol;
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
  gsize len;

  if (host == NULL || *host == '\0')
    return FALSE;

  if (g_hostname_is_ip_address (host))
    return TRUE;

  len = strlen (host);
  if (len > 253)
    return FALSE;

  for (const char *label = host; *label;)
    {
      const char *end = strchr (label, '.');
      gsize label_len = end ? (gsize) (end - label) : strlen (label);

      if (label_len == 0 || label_len > 63 || label[0] == '-' || label[label_len - 1] == '-')
        return FALSE;
      for (gsize i = 0; i < label_len; i++)
        if (!g_ascii_isalnum (label[i]) && label[i] != '-' && label[i] != '_')
          return FALSE;
      if (end == NULL)
        break;
      label = end + 1;
      if (*label == '\0')
        break; /* a trailing dot is a fully qualified name */
    }

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

  if (!mail_host_is_valid (name))
    goto invalid;

  if (port_text != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &value, NULL))
        {
          g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
                       _("“%s” is not a port: use a number from 1 to 65535."), port_text);
          return FALSE;
        }
      *port = (guint16) value;
    }
  else
    *port = default_port;

  *host = g_steal_pointer (&name);
  return TRUE;

invalid:
  g_set_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT,
               _("“%s” is not a server name: use a name like imap.example.org, "
                 "optionally followed by a colon and a port."), text);
  return FALSE;
}
