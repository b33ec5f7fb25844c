/* mail-autoconfig.h: Thunderbird's clientConfig v1.1 autoconfig documents
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mail-server.h"

G_BEGIN_DECLS

/* Documents larger than this are refused: no real one is over a few KiB. */
#define MAIL_AUTOCONFIG_MAX_SIZE (1024 * 1024)

/* Bits of MailAuthKind: (1 << MAIL_AUTH_OAUTH2) | ... */
typedef guint MailAuthMask;

typedef struct
{
  char          *id;            /* emailProvider id */
  char          *display_name;
  char         **domains;       /* lowercased <domain> entries */
  MailServer    *imap;          /* the first usable IMAP incomingServer, or NULL */
  MailAuthMask   imap_auth;     /* every usable <authentication> of that server */
  MailServer    *smtp;          /* the first usable SMTP outgoingServer, or NULL */
  MailAuthMask   smtp_auth;
  char          *enable_url;    /* <enable visiturl="..."> */
  char         **enable_steps;  /* its <instruction> texts (the first language given) */
  char          *documentation_url;
  GPtrArray     *others;        /* MailServer *: the further usable servers after the first of
                                 * each protocol, in the document's order, at most
                                 * MAIL_AUTOCONFIG_MAX_OTHERS per protocol (never NULL) */
} MailAutoconfig;

/* Further servers kept per protocol: offered as alternatives after a failed check. */
#define MAIL_AUTOCONFIG_MAX_OTHERS 4

/* Parses data (at most MAIL_AUTOCONFIG_MAX_SIZE bytes) for email: user names are expanded
 * (%EMAILADDRESS%, %EMAILLOCALPART%, %EMAILDOMAIN%). Servers' source fields are left NULL.
 * Fails with MAIL_ERROR_PROTOCOL when the document is not a clientConfig with an IMAP or SMTP
 * server we can use; never crashes on garbage. */
MailAutoconfig *mail_autoconfig_parse (const char  *data,
                                       gsize        length,
                                       const char  *email,
                                       GError     **error);
void            mail_autoconfig_free  (MailAutoconfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailAutoconfig, mail_autoconfig_free)

G_END_DECLS
