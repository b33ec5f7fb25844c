/* mail-diagnosis-error.c: a GError that carries its diagnosis (a GLib extended error domain)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "mail-diagnosis-error.h"

typedef struct
{
  MailDiagnosis *diagnosis;
  GError        *cause;
} MailDiagnosisErrorPrivate;

static void
mail_diagnosis_error_private_init (MailDiagnosisErrorPrivate *priv)
{
  /* GLib hands over the private data zero-filled. */
  (void) priv;
}

static void
mail_diagnosis_error_private_copy (const MailDiagnosisErrorPrivate *src,
                                   MailDiagnosisErrorPrivate       *dest)
{
  if (src == NULL || dest == NULL)
    return;
  dest->diagnosis = src->diagnosis ? mail_diagnosis_copy (src->diagnosis) : NULL;
  dest->cause = src->cause ? g_error_copy (src->cause) : NULL;
}

static void
mail_diagnosis_error_private_clear (MailDiagnosisErrorPrivate *priv)
{
  if (priv == NULL)
    return;
  g_clear_pointer (&priv->diagnosis, mail_diagnosis_free);
  g_clear_error (&priv->cause);
}

G_DEFINE_EXTENDED_ERROR (MailDiagnosisError, mail_diagnosis_error)

GError *
mail_diagnosis_error_new (MailDiagnosis *diagnosis,
                          const GError  *cause)
{
  GError *error;
  MailDiagnosisErrorPrivate *priv;

  g_return_val_if_fail (diagnosis != NULL, NULL);

  error = g_error_new_literal (MAIL_DIAGNOSIS_ERROR, MAIL_DIAGNOSIS_ERROR_FAILED,
                               diagnosis->title ? diagnosis->title : diagnosis->code);
  priv = mail_diagnosis_error_get_private (error);
  if (priv == NULL)
    {
      mail_diagnosis_free (diagnosis);
      return error;
    }
  priv->diagnosis = diagnosis;
  priv->cause = cause ? g_error_copy (cause) : NULL;
  return error;
}

void
mail_diagnosis_set_error (GError        **error,
                          MailDiagnosis  *diagnosis,
                          const GError   *cause)
{
  if (error == NULL)
    {
      mail_diagnosis_free (diagnosis);
      return;
    }
  g_return_if_fail (*error == NULL);
  *error = mail_diagnosis_error_new (diagnosis, cause);
}

const MailDiagnosis *
mail_diagnosis_from_error (const GError *error)
{
  MailDiagnosisErrorPrivate *priv;

  if (error == NULL || error->domain != MAIL_DIAGNOSIS_ERROR)
    return NULL;
  priv = mail_diagnosis_error_get_private (error);
  return priv ? priv->diagnosis : NULL;
}

const GError *
mail_diagnosis_error_get_cause (const GError *error)
{
  MailDiagnosisErrorPrivate *priv;

  if (error == NULL || error->domain != MAIL_DIAGNOSIS_ERROR)
    return error;
  priv = mail_diagnosis_error_get_private (error);
  return priv && priv->cause ? priv->cause : error;
}

gboolean
mail_diagnosis_error_matches (const GError *error,
                              GQuark        domain,
                              gint          code)
{
  return g_error_matches (mail_diagnosis_error_get_cause (error), domain, code);
}
