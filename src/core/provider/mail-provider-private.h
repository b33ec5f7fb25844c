/* mail-provider-private.h: shared by the provider files' reader and parser, the registry and
 * recognition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mail-provider.h"

G_BEGIN_DECLS

/* The public struct first, so a MailProvider * is a MailProviderPrivate *. */
typedef struct
{
  MailProvider pub;
  gboolean     builtin;
  gboolean     named;    /* loaded by mail_provider_registry_load_file: the person named it */
  gboolean     has_recognition;  /* the file has a [Recognition] group */
} MailProviderPrivate;

/* Parses a loaded provider file named path; data is its text (for line numbers) or NULL. */
MailProvider *mail_provider_parse_keyfile     (GKeyFile            *keyfile,
                                               const char          *path,
                                               const char          *data,
                                               GError             **error);
/* [a-z0-9-]+ */
gboolean      mail_provider_id_is_valid       (const char          *id);
gboolean      mail_provider_server_has_auth   (const MailProviderServer *server,
                                               MailAuthKind              auth);

/* Parses file text as a file named path ("path:line: problem"). */
MailProvider *mail_provider_load_data         (const char          *data,
                                               gsize                length,
                                               const char          *path,
                                               gboolean             builtin,
                                               GError             **error);

/* Lowercased, without a trailing dot (DNS answers are often fully qualified). */
char         *mail_provider_normalize_name    (const char          *name);

G_END_DECLS
