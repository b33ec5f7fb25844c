/* mail-diagnosis-error.h: the one way a core operation returns a failure a person must understand
 *
 * An operation that can fail for a reason a person must understand (sign-in, token refresh,
 * keyring, discovery) fails with a GError in the MAIL_DIAGNOSIS_ERROR domain. Its message is the
 * diagnosis title; it carries the MailDiagnosis the core made and the error underneath (the
 * G_IO_ERROR, G_TLS_ERROR, MAIL_ERROR... that happened). Cancellation stays
 * G_IO_ERROR_CANCELLED and carries no diagnosis. No MailDiagnosis ** out-parameters.
 *
 * A check that ran (MailProbe, MailAccountCheck) is not a failure of the call: its result holds
 * the diagnosis of what the server refused (mail_check_result_get_diagnosis()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mail-diagnosis.h"

G_BEGIN_DECLS

#define MAIL_DIAGNOSIS_ERROR (mail_diagnosis_error_quark ())

typedef enum
{
  MAIL_DIAGNOSIS_ERROR_FAILED,
} MailDiagnosisErrorCode;

GQuark               mail_diagnosis_error_quark      (void);

/* Sets *error (if error is not NULL) to a MAIL_DIAGNOSIS_ERROR carrying diagnosis (taken) and a
 * copy of cause (may be NULL). */
void                 mail_diagnosis_set_error        (GError        **error,
                                                      MailDiagnosis  *diagnosis,
                                                      const GError   *cause);
/* The same as a new GError, for g_task_return_error(). */
GError              *mail_diagnosis_error_new        (MailDiagnosis  *diagnosis,
                                                      const GError   *cause);

/* The diagnosis the error carries, or NULL (cancelled, or an error of another domain). */
const MailDiagnosis *mail_diagnosis_from_error       (const GError   *error);
/* The error underneath, or error itself when it carries none (never NULL for a non-NULL error). */
const GError        *mail_diagnosis_error_get_cause  (const GError   *error);
/* g_error_matches() on the error underneath. */
gboolean             mail_diagnosis_error_matches    (const GError   *error,
                                                      GQuark          domain,
                                                      gint            code);

G_END_DECLS
