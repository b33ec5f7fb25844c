/* mail-provider-private.h: shared by the provider files' parser, the registry and recognition
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
} MailProviderPrivate;

typedef struct
{
  GKeyFile   *keyfile;
  const char *path;
  const char *data;   /* the file text, for line numbers; may be NULL */
} MailProviderParser;

/* "path:line: problem" (the line of key in group when it can be found). */
void          mail_provider_parser_error      (MailProviderParser  *parser,
                                               GError             **error,
                                               const char          *group,
                                               const char          *key,
                                               const char          *problem);
/* An optional, untranslated value: NULL without an error when absent; no control characters. */
char         *mail_provider_parser_get_string (MailProviderParser  *parser,
                                               const char          *group,
                                               const char          *key,
                                               GError             **error);
/* An optional, untranslated ';'-separated list; empty items dropped; never NULL without an
 * error. */
char        **mail_provider_parser_get_list   (MailProviderParser  *parser,
                                               const char          *group,
                                               const char          *key,
                                               GError             **error);
/* [a-z0-9-]+ */
gboolean      mail_provider_id_is_valid       (const char          *id);
gboolean      mail_provider_server_has_auth   (const MailProviderServer *server,
                                               MailAuthKind              auth);

/* mail-provider-recognition.c: the optional [Recognition] group. */
gboolean      mail_provider_parse_recognition (MailProviderParser  *parser,
                                               MailProvider        *self,
                                               GError             **error);

/* Parses file text as a file named path ("path:line: problem"). */
MailProvider *mail_provider_load_data         (const char          *data,
                                               gsize                length,
                                               const char          *path,
                                               gboolean             builtin,
                                               GError             **error);

/* Lowercased, without a trailing dot (DNS answers are often fully qualified). */
char         *mail_provider_normalize_name    (const char          *name);

G_END_DECLS
