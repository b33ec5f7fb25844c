/* mail-certificate-info.c: what a person needs to judge a server certificate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mail-certificate-info.h"
#include "mail-transcript.h"

/* Names come from the server: bounded, and safe for a terminal (mail_text_make_safe). */
#define MAX_NAME_BYTES  1024
#define MAX_ALT_NAMES   100

/* Everything below comes from GIO's own certificate (the TLS backend parsed it already):
 * describing a certificate loads and initialises no second X.509 library. */

G_DEFINE_BOXED_TYPE (MailCertificateInfo, mail_certificate_info,
                     mail_certificate_info_copy, mail_certificate_info_free)

/* GIO gives the RDNs in the certificate's order (O=...,CN=...); people and RFC 4514 read the
 * most specific first (CN=...,O=...). Splits on commas not escaped with a backslash. */
static char *
reverse_rdns (const char *name)
{
  g_autoptr(GPtrArray) rdns = g_ptr_array_new ();
  GString *out = g_string_sized_new (strlen (name));
  const char *start = name;

  for (const char *p = name; ; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          continue;
        }
      if (*p == ',' || *p == '\0')
        {
          g_ptr_array_add (rdns, (gpointer) start);
          if (*p == '\0')
            break;
          start = p + 1;
        }
    }
  for (guint i = rdns->len; i > 0; i--)
    {
      const char *rdn = g_ptr_array_index (rdns, i - 1);
      const char *end = i < rdns->len ? (const char *) g_ptr_array_index (rdns, i) - 1
                                      : rdn + strlen (rdn);

      if (out->len > 0)
        g_string_append_c (out, ',');
      g_string_append_len (out, rdn, end - rdn);
    }
  return g_string_free (out, FALSE);
}

static char *
name_to_string (char *name)
{
  g_autofree char *owned = name;
  g_autofree char *reversed = NULL;

  /* RFC 4514 (the successor of RFC 2253) on one line, most specific first */
  if (owned == NULL)
    return NULL;
  reversed = reverse_rdns (owned);
  return mail_text_make_safe (reversed, strlen (reversed), MAX_NAME_BYTES);
}

static char *
time_to_string (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  if (time == NULL)
    return NULL;
  utc = g_date_time_to_utc (time);
  g_date_time_unref (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static char *
fingerprint (GByteArray *der)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 md[32];
  gsize len = sizeof md;
  GString *out;

  g_checksum_update (checksum, der->data, der->len);
  g_checksum_get_digest (checksum, md, &len);
  out = g_string_sized_new (len * 3);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (out, i == 0 ? "%02X" : ":%02X", md[i]);
  return g_string_free (out, FALSE);
}

static char **
alt_names (GTlsCertificate *certificate)
{
  g_autoptr(GPtrArray) dns = g_tls_certificate_get_dns_names (certificate);
  g_autoptr(GPtrArray) ips = g_tls_certificate_get_ip_addresses (certificate);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; dns != NULL && i < dns->len && out->len < MAX_ALT_NAMES; i++)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (g_ptr_array_index (dns, i), &len);

      g_ptr_array_add (out, mail_text_make_safe (data != NULL ? data : "", len, MAX_NAME_BYTES));
    }
  for (guint i = 0; ips != NULL && i < ips->len && out->len < MAX_ALT_NAMES; i++)
    g_ptr_array_add (out, g_inet_address_to_string (g_ptr_array_index (ips, i)));
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

MailCertificateInfo *
mail_certificate_info_new (GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *pem = NULL;
  MailCertificateInfo *info;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, "certificate-pem", &pem, NULL);
  if (der == NULL)
    return NULL;

  info = g_new0 (MailCertificateInfo, 1);
  info->subject = name_to_string (g_tls_certificate_get_subject_name (certificate));
  info->issuer = name_to_string (g_tls_certificate_get_issuer_name (certificate));
  info->not_before = time_to_string (g_tls_certificate_get_not_valid_before (certificate));
  info->not_after = time_to_string (g_tls_certificate_get_not_valid_after (certificate));
  info->sha256 = fingerprint (der);
  info->names = alt_names (certificate);
  info->errors = errors;
  info->pem = g_steal_pointer (&pem);
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
