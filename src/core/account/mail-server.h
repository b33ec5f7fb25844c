/* mail-server.h: one IMAP or SMTP server as the person will use it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "mail-types.h"

G_BEGIN_DECLS

#define MAIL_TYPE_SERVER (mail_server_get_type ())

typedef struct
{
  MailProtocol  protocol;
  char         *host;
  guint16       port;
  MailSecurity  security;
  char         *username;   /* expanded: the name sent when signing in */
  MailAuthKind  auth;       /* preferred sign-in kind */
  char         *source;     /* for people: where this came from ("built-in provider Outlook.com") */
  char         *source_url; /* the URL or DNS record behind source, or NULL */
  /* Whether the source can vouch for this server (see mail-discovery.h): a secret goes to an
   * untrusted server only after the person agreed. TRUE unless discovery says otherwise. */
  gboolean      trusted;
  char         *trust_reason; /* for people: why it is (not) trusted, or NULL */
  /* The person named this server (--imap/--smtp, typed it in, or a provider file they passed).
   * Only such a server on this computer may be signed in to without encryption. */
  gboolean      given;
} MailServer;

GType       mail_server_get_type        (void) G_GNUC_CONST;
MailServer *mail_server_new             (MailProtocol       protocol,
                                         const char        *host,
                                         guint16            port,
                                         MailSecurity       security);
MailServer *mail_server_copy            (const MailServer  *server);
void        mail_server_free            (MailServer        *server);

gboolean    mail_server_get_trusted      (const MailServer  *server);
const char *mail_server_get_trust_reason (const MailServer  *server);
/* Sets trusted and its reason for people (copied; may be NULL). */
void        mail_server_set_trust        (MailServer        *server,
                                          gboolean           trusted,
                                          const char        *reason);

/* "host", "host:port", "[v6]:port". A missing port gives default_port. */
gboolean    mail_server_parse_host_port (const char        *text,
                                         guint16            default_port,
                                         char             **host,
                                         guint16           *port,
                                         GError           **error);
/* Host name or IP literal syntax check, for validation as you type: see mail_validate_host ()
 * (LDH labels or IDNA, an IP literal without zone id). */
gboolean    mail_host_is_valid          (const char        *host);
/* The trust boundary for a server: host (converted to its ASCII form in place), port,
 * username, source and source_url checked; FALSE with MAIL_ERROR_INVALID_INPUT naming the
 * field ("The IMAP server name “…” is not a valid host name"). Every reader of servers from
 * outside calls it. */
gboolean    mail_server_validate        (MailServer        *server,
                                         GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailServer, mail_server_free)

G_END_DECLS
