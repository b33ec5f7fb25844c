/* mail-certificate-info.c: what a person needs to judge a server certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string.h>
#include <time.h>

#include "mail-certificate-info.h"
#include "mail-transcript.h"

/* Names come from the server: bounded, and safe for a terminal (mail_text_make_safe). */
#define MAX_NAME_BYTES  1024
#define MAX_ALT_NAMES   100

G_DEFINE_BOXED_TYPE (MailCertificateInfo, mail_certificate_info,
                     mail_certificate_info_copy, mail_certificate_info_free)

static char *
name_to_string (const X509_NAME *name)
{
  BIO *bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;
  char *result;

  /* RFC 2253 on one line, UTF-8 kept readable instead of \XX escapes */
  X509_NAME_print_ex (bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  len = BIO_get_mem_data (bio, &data);
  result = mail_text_make_safe (data != NULL ? data : "", MAX (len, 0), MAX_NAME_BYTES);
  BIO_free (bio);
  return result;
}

static char *
time_to_string (const ASN1_TIME *time)
{
  struct tm tm = { 0 };

  if (time == NULL || !ASN1_TIME_to_tm (time, &tm))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                          tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static char *
fingerprint (X509 *x509)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  GString *out;

  if (!X509_digest (x509, EVP_sha256 (), md, &len))
    return NULL;
  out = g_string_sized_new (len * 3);
  for (unsigned int i = 0; i < len; i++)
    g_string_append_printf (out, i == 0 ? "%02X" : ":%02X", md[i]);
  return g_string_free (out, FALSE);
}

static char **
alt_names (X509 *x509)
{
  GENERAL_NAMES *names = X509_get_ext_d2i (x509, NID_subject_alt_name, NULL, NULL);
  GPtrArray *out = g_ptr_array_new ();

  for (int i = 0; names != NULL && i < sk_GENERAL_NAME_num (names) && i < MAX_ALT_NAMES; i++)
    {
      const GENERAL_NAME *name = sk_GENERAL_NAME_value (names, i);

      if (name->type == GEN_DNS)
        {
          const unsigned char *data = ASN1_STRING_get0_data (name->d.dNSName);
          int len = ASN1_STRING_length (name->d.dNSName);

          g_ptr_array_add (out, mail_text_make_safe ((const char *) data, MAX (len, 0),
                                                     MAX_NAME_BYTES));
        }
      else if (name->type == GEN_IPADD)
        {
          const unsigned char *data = ASN1_STRING_get0_data (name->d.iPAddress);
          int len = ASN1_STRING_length (name->d.iPAddress);
          g_autoptr(GInetAddress) address = NULL;

          if (len == 4)
            address = g_inet_address_new_from_bytes (data, G_SOCKET_FAMILY_IPV4);
          else if (len == 16)
            address = g_inet_address_new_from_bytes (data, G_SOCKET_FAMILY_IPV6);
          if (address != NULL)
            g_ptr_array_add (out, g_inet_address_to_string (address));
        }
    }
  GENERAL_NAMES_free (names);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

MailCertificateInfo *
mail_certificate_info_new (GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *pem = NULL;
  const unsigned char *p;
  MailCertificateInfo *info;
  X509 *x509;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, "certificate-pem", &pem, NULL);
  if (der == NULL)
    return NULL;
  p = der->data;
  x509 = d2i_X509 (NULL, &p, der->len);
  if (x509 == NULL)
    return NULL;

  info = g_new0 (MailCertificateInfo, 1);
  info->subject = name_to_string (X509_get_subject_name (x509));
  info->issuer = name_to_string (X509_get_issuer_name (x509));
  info->not_before = time_to_string (X509_get0_notBefore (x509));
  info->not_after = time_to_string (X509_get0_notAfter (x509));
  info->sha256 = fingerprint (x509);
  info->names = alt_names (x509);
  info->errors = errors;
  info->pem = g_steal_pointer (&pem);
  X509_free (x509);
  return info;
}

MailCertificateInfo *
mail_certificate_info_copy (const MailCertificateInfo *info)
{
  MailCertificateInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (MailCertificateInfo, 1);
  copy->subject = g_strdup (info->subject);
  copy->issuer = g_strdup (info->issuer);
  copy->not_before = g_strdup (info->not_before);
  copy->not_after = g_strdup (info->not_after);
  copy->sha256 = g_strdup (info->sha256);
  copy->names = g_strdupv (info->names);
  copy->errors = info->errors;
  copy->pem = g_strdup (info->pem);
  return copy;
}

void
mail_certificate_info_free (MailCertificateInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->subject);
  g_free (info->issuer);
  g_free (info->not_before);
  g_free (info->not_after);
  g_free (info->sha256);
  g_strfreev (info->names);
  g_free (info->pem);
  g_free (info);
}

static const struct
{
  GTlsCertificateFlags flag;
  const char *name;
} error_names[] = {
  { G_TLS_CERTIFICATE_UNKNOWN_CA, "unknown-ca" },
  { G_TLS_CERTIFICATE_BAD_IDENTITY, "bad-identity" },
  { G_TLS_CERTIFICATE_NOT_ACTIVATED, "not-activated" },
  { G_TLS_CERTIFICATE_EXPIRED, "expired" },
  { G_TLS_CERTIFICATE_REVOKED, "revoked" },
  { G_TLS_CERTIFICATE_INSECURE, "insecure" },
  { G_TLS_CERTIFICATE_GENERIC_ERROR, "generic-error" },
};

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
mail_certificate_info_to_json (const MailCertificateInfo *info,
                               JsonBuilder               *builder)
{
  g_return_if_fail (info != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_begin_object (builder);
  add_string_member (builder, "subject", info->subject);
  add_string_member (builder, "issuer", info->issuer);
  add_string_member (builder, "not_before", info->not_before);
  add_string_member (builder, "not_after", info->not_after);
  add_string_member (builder, "sha256", info->sha256);
  json_builder_set_member_name (builder, "names");
  json_builder_begin_array (builder);
  for (guint i = 0; info->names != NULL && info->names[i] != NULL; i++)
    json_builder_add_string_value (builder, info->names[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (error_names); i++)
    if (info->errors & error_names[i].flag)
      json_builder_add_string_value (builder, error_names[i].name);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

char *
mail_certificate_info_to_text (const MailCertificateInfo *info)
{
  GString *text;

  g_return_val_if_fail (info != NULL, NULL);

  text = g_string_new (NULL);
  g_string_append_printf (text, _("Issued to: %s"), info->subject ? info->subject : "");
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Issued by: %s"), info->issuer ? info->issuer : "");
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Valid from %s until %s"),
                          info->not_before ? info->not_before : "?",
                          info->not_after ? info->not_after : "?");
  g_string_append_c (text, '\n');
  if (info->names != NULL && info->names[0] != NULL)
    {
      g_autofree char *names = g_strjoinv (", ", info->names);

      g_string_append_printf (text, _("Valid for: %s"), names);
      g_string_append_c (text, '\n');
    }
  g_string_append_printf (text, _("SHA-256 fingerprint: %s"), info->sha256 ? info->sha256 : "");
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}
