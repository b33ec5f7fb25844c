/* mail-diagnosis.h: one failure explained for people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mail-certificate-info.h"
#include "mail-provider.h"
#include "mail-types.h"

G_BEGIN_DECLS

#define MAIL_TYPE_DIAGNOSIS (mail_diagnosis_get_type ())

/* The shape of docs/diagnosis-codes.md and the "diagnosis" object of cli.md. */
typedef struct
{
  char                *code;         /* stable code, e.g. "imap-disabled" */
  char                *stage;        /* "select", "authenticate", "token", ... */
  char                *title;        /* translated */
  char                *explanation;  /* translated */
  GPtrArray           *fixes;        /* char *, ordered, translated */
  GPtrArray           *links;        /* char *, URLs */
  char                *server_text;  /* verbatim server/endpoint words, secrets removed; or NULL */
  MailCertificateInfo *certificate;  /* TLS failures: the certificate shown; or NULL */
} MailDiagnosis;

/* What is known when something failed. Everything but protocol and stage may be NULL/0. */
typedef struct
{
  const char                *protocol;     /* "imap", "smtp", "oauth", "keyring" */
  const char                *stage;        /* spec stage name */
  const char                *provider_id;  /* built-in or file provider id, if known */
  const char                *email;
  const char                *host;
  guint16                    port;
  MailAuthKind               auth;         /* what the client used */
  const char *const         *lines;        /* the server's reply lines, verbatim (NULL-terminated).
                                            * oauth authorize: {error, error_description};
                                            * oauth token/refresh: {HTTP status, body} */
  const char                *greeting;     /* server greeting, helps to recognise the provider */
  const GError              *error;        /* local error (G_IO_ERROR, G_RESOLVER_ERROR,
                                            * G_TLS_ERROR, MAIL_ERROR, ...) */
  const MailCertificateInfo *certificate;
  MailProviderRegistry      *registry;     /* recognises the provider (its [Recognition] keys);
                                            * NULL: mail_provider_registry_get_default () */
} MailDiagnosisContext;

GType          mail_diagnosis_get_type      (void) G_GNUC_CONST;
MailDiagnosis *mail_diagnosis_copy          (const MailDiagnosis        *diagnosis);
void           mail_diagnosis_free          (MailDiagnosis              *diagnosis);

/* The engine: classifies the failure with the tables of mail-diagnosis-tables.h and fills
 * in title, explanation, fixes and links for that code and provider. Never returns NULL:
 * an unrecognised failure is "unknown" with the server's words. */
MailDiagnosis *mail_diagnose                (const MailDiagnosisContext *context);
/* A diagnosis for a code already decided (keyring, state mismatch, client id missing, ...),
 * with the texts for that code and the context's provider. */
MailDiagnosis *mail_diagnosis_new_for_code  (const char                 *code,
                                             const MailDiagnosisContext *context);
/* A failure that no rule explains because the message already does (a usage error, a file that
 * cannot be written): code "unknown" at stage, the message's first sentence as title, the message
 * as explanation, no generic fixes (they speak of server words there are none of here). */
MailDiagnosis *mail_diagnosis_new_for_message (const char                 *protocol,
                                               const char                 *stage,
                                               const char                 *message);
/* TRUE if code is one of diagnosis-codes.md. */
gboolean       mail_diagnosis_code_is_known (const char                 *code);

/* Adds the object of cli.md: code, stage, title, explanation, fixes, links, server_text
 * (and certificate when set). */
void           mail_diagnosis_to_json       (const MailDiagnosis        *diagnosis,
                                             JsonBuilder                *builder);
/* Human text: title, explanation, numbered fixes, links, "The server said: ...". */
char          *mail_diagnosis_to_text       (const MailDiagnosis        *diagnosis);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailDiagnosis, mail_diagnosis_free)

G_END_DECLS
