/* mail-check-result.h: the outcome of one IMAP or SMTP check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mail-certificate-info.h"
#include "mail-diagnosis.h"
#include "mail-server.h"
#include "mail-types.h"

G_BEGIN_DECLS

#define MAIL_TYPE_CHECK_STEP (mail_check_step_get_type ())
#define MAIL_TYPE_CHECK_RESULT (mail_check_result_get_type ())

typedef struct
{
  char     *name;    /* cli.md step names: "resolve", "connect", "tls", ... */
  gboolean  ok;
  double    ms;
  char     *detail;  /* "2 addresses", "127.0.0.1:993", ...; or NULL */
} MailCheckStep;

typedef struct
{
  MailProtocol         protocol;
  char                *host;
  guint16              port;
  MailSecurity         security;
  MailAuthKind         auth;
  char                *mechanism;    /* SASL mechanism used, or NULL */
  gboolean             ok;
  GPtrArray           *steps;        /* MailCheckStep *, in order; the first failed one is last */
  MailDiagnosis       *diagnosis;    /* NULL when ok */
  GPtrArray           *transcript;   /* char *: "C: a1 CAPABILITY", "S: * OK ..."; secrets removed */
  MailCertificateInfo *certificate;  /* the server's certificate when TLS was reached, or NULL */
  MailServer          *suggestion;   /* failed: settings on the same host that greet with TLS or
                                      * STARTTLS (checked without signing in), or NULL */
} MailCheckResult;

GType            mail_check_step_get_type     (void) G_GNUC_CONST;
MailCheckStep   *mail_check_step_new          (const char            *name,
                                               gboolean               ok,
                                               double                 ms,
                                               const char            *detail);
MailCheckStep   *mail_check_step_copy         (const MailCheckStep   *step);
void             mail_check_step_free         (MailCheckStep         *step);

GType            mail_check_result_get_type   (void) G_GNUC_CONST;
MailCheckResult *mail_check_result_new        (MailProtocol           protocol);
MailCheckResult *mail_check_result_copy       (const MailCheckResult *result);
void             mail_check_result_free       (MailCheckResult       *result);
/* One element of cli.md's "checks" array. */
void             mail_check_result_to_json    (const MailCheckResult *result,
                                               JsonBuilder           *builder);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailCheckStep, mail_check_step_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailCheckResult, mail_check_result_free)

G_END_DECLS
