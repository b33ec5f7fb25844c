/* mail-certificate-info.h: what a person needs to judge a server certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MAIL_TYPE_CERTIFICATE_INFO (mail_certificate_info_get_type ())

typedef struct
{
  char                 *subject;     /* "CN=mail.example.org, O=Example" */
  char                 *issuer;
  char                 *not_before;  /* ISO 8601, UTC */
  char                 *not_after;
  char                 *sha256;      /* "AB:CD:..." upper-case, colon separated */
  char                **names;       /* subjectAltName DNS and IP entries */
  GTlsCertificateFlags  errors;      /* why GIO did not trust it; 0 when valid */
  char                 *pem;         /* the leaf certificate, for "trust this certificate" */
} MailCertificateInfo;

GType                mail_certificate_info_get_type (void) G_GNUC_CONST;
/* Reads the details with OpenSSL. Returns NULL only if the certificate cannot be parsed. */
MailCertificateInfo *mail_certificate_info_new      (GTlsCertificate            *certificate,
                                                     GTlsCertificateFlags        errors);
MailCertificateInfo *mail_certificate_info_copy     (const MailCertificateInfo  *info);
void                 mail_certificate_info_free     (MailCertificateInfo        *info);
/* Adds an object {"subject","issuer","not_before","not_after","sha256","names","errors":[...]} */
void                 mail_certificate_info_to_json  (const MailCertificateInfo  *info,
                                                     JsonBuilder                *builder);
/* Several lines for people: subject, issuer, validity, fingerprint, names. */
char                *mail_certificate_info_to_text  (const MailCertificateInfo  *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MailCertificateInfo, mail_certificate_info_free)

G_END_DECLS
