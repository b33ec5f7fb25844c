/* test-check-result.c: certificate details and the "checks" JSON of cli.md
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <string.h>

#include "mail-check-result.h"

/* openssl req -x509 -newkey ec ... -subj "/O=Example Mail/CN=mail.example.org"
 *   -addext "subjectAltName=DNS:mail.example.org,DNS:imap.example.org,IP:192.0.2.7,IP:2001:db8::1" */
static const char test_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIICATCCAaigAwIBAgIUb9MZ7V6xvu3s7bdo6ofzPE6HduswCgYIKoZIzj0EAwIw\n"
  "MjEVMBMGA1UECgwMRXhhbXBsZSBNYWlsMRkwFwYDVQQDDBBtYWlsLmV4YW1wbGUu\n"
  "b3JnMB4XDTI2MTEyMjAyMTQ0NFoXDTM2MTExOTAyMTQ0NFowMjEVMBMGA1UECgwM\n"
  "RXhhbXBsZSBNYWlsMRkwFwYDVQQDDBBtYWlsLmV4YW1wbGUub3JnMFkwEwYHKoZI\n"
  "zj0CAQYIKoZIzj0DAQcDQgAEcftF4NtTrSU3deYyGNOwgluKA6MbyGoesypTB43I\n"
  "JpruPsECOkIuaaJjStSU/fTGY3T3Bcs3RBOyqrQzjiJzeqOBmzCBmDAdBgNVHQ4E\n"
  "FgQUTWVgpD1ge0mhbu27ToKn1Toe+REwHwYDVR0jBBgwFoAUTWVgpD1ge0mhbu27\n"
  "ToKn1Toe+REwDwYDVR0TAQH/BAUwAwEB/zBFBgNVHREEPjA8ghBtYWlsLmV4YW1w\n"
  "bGUub3JnghBpbWFwLmV4YW1wbGUub3JnhwTAAAIHhxAgAQ24AAAAAAAAAAAAAAAB\n"
  "MAoGCCqGSM49BAMCA0cAMEQCIFf5c1m2XqLuDYyMTxw4wGoiVGcGxtOFLCBD9XOV\n"
  "FoJXAiB2xvC1yCJY+THlcW8bWzPKYejbCLJKn/cIyCOWWiNdIQ==\n"
  "-----END CERTIFICATE-----\n";

#define TEST_SHA256 "2E:94:D0:A5:09:17:FD:DB:47:A9:75:10:74:9A:D3:67:" \
                    "09:E7:9B:6C:E0:54:F9:75:DB:2D:93:18:FB:02:56:DB"

static MailCertificateInfo *
test_info (GTlsCertificateFlags errors)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_pem (test_pem, -1, &error);

  g_assert_no_error (error);
  return mail_certificate_info_new (certificate, errors);
}

static JsonNode *
to_node (void (*add) (gconstpointer, JsonBuilder *),
         gconstpointer data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  add (data, builder);
  return json_builder_get_root (builder);
}

static void
test_certificate_info (void)
{
  g_autoptr(MailCertificateInfo) info = test_info (G_TLS_CERTIFICATE_UNKNOWN_CA
                                                   | G_TLS_CERTIFICATE_BAD_IDENTITY);
  g_autoptr(MailCertificateInfo) copy = NULL;
  const char *names[] = { "mail.example.org", "imap.example.org", "192.0.2.7", "2001:db8::1",
                          NULL };
  g_autofree char *text = NULL;

  g_assert_nonnull (info);
  /* RFC 2253: most specific first */
  g_assert_cmpstr (info->subject, ==, "CN=mail.example.org,O=Example Mail");
  g_assert_cmpstr (info->issuer, ==, "CN=mail.example.org,O=Example Mail");
  g_assert_cmpstr (info->not_before, ==, "2026-11-22T02:14:44Z");
  g_assert_cmpstr (info->not_after, ==, "2036-11-19T02:14:44Z");
  g_assert_cmpstr (info->sha256, ==, TEST_SHA256);
  g_assert_cmpstrv (info->names, names);
  g_assert_true (g_str_has_prefix (info->pem, "-----BEGIN CERTIFICATE-----"));

  copy = mail_certificate_info_copy (info);
  g_assert_cmpstr (copy->sha256, ==, info->sha256);
  g_assert_cmpstrv (copy->names, names);
  g_assert_cmpuint (copy->errors, ==, info->errors);

  text = mail_certificate_info_to_text (info);
  g_assert_nonnull (strstr (text, "CN=mail.example.org"));
  g_assert_nonnull (strstr (text, TEST_SHA256));
  g_assert_nonnull (strstr (text, "2036-11-19T02:14:44Z"));
}

static void
add_certificate (gconstpointer  data,
                 JsonBuilder   *builder)
{
  mail_certificate_info_to_json (data, builder);
}

static void
test_certificate_json (void)
{
  g_autoptr(MailCertificateInfo) info = test_info (G_TLS_CERTIFICATE_EXPIRED
                                                   | G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_autoptr(JsonNode) node = to_node (add_certificate, info);
  JsonObject *object = json_node_get_object (node);
  JsonArray *errors = json_object_get_array_member (object, "errors");
  JsonArray *names = json_object_get_array_member (object, "names");

  g_assert_cmpstr (json_object_get_string_member (object, "subject"), ==,
                   "CN=mail.example.org,O=Example Mail");
  g_assert_cmpstr (json_object_get_string_member (object, "sha256"), ==, TEST_SHA256);
  g_assert_cmpstr (json_object_get_string_member (object, "not_after"), ==, "2036-11-19T02:14:44Z");
  g_assert_cmpuint (json_array_get_length (names), ==, 4);
  g_assert_cmpuint (json_array_get_length (errors), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (errors, 0), ==, "unknown-ca");
  g_assert_cmpstr (json_array_get_string_element (errors, 1), ==, "expired");
  /* The PEM is for "trust this certificate", not for the JSON */
  g_assert_false (json_object_has_member (object, "pem"));
}

static void
add_result (gconstpointer  data,
            JsonBuilder   *builder)
{
  mail_check_result_to_json (data, builder);
}

static void
test_result_json (void)
{
  g_autoptr(MailCheckResult) result = mail_check_result_new (MAIL_PROTOCOL_SMTP);
  g_autoptr(MailCheckResult) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) copy_node = NULL;
  JsonObject *object;
  JsonArray *steps;
  JsonObject *first;
  JsonObject *second;

  result->host = g_strdup ("smtp.example.org");
  result->port = 587;
  result->security = MAIL_SECURITY_STARTTLS;
  result->auth = MAIL_AUTH_PASSWORD;
  result->ok = TRUE;
  g_ptr_array_add (result->steps, mail_check_step_new ("resolve", TRUE, 3.14159, "2 addresses"));
  g_ptr_array_add (result->steps, mail_check_step_new ("greeting", TRUE, 15.05, NULL));
  g_ptr_array_add (result->transcript, g_strdup ("S: 220 ready"));
  result->certificate = test_info (0);

  node = to_node (add_result, result);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "protocol"), ==, "smtp");
  g_assert_cmpstr (json_object_get_string_member (object, "host"), ==, "smtp.example.org");
  g_assert_cmpint (json_object_get_int_member (object, "port"), ==, 587);
  g_assert_cmpstr (json_object_get_string_member (object, "security"), ==, "starttls");
  g_assert_cmpstr (json_object_get_string_member (object, "auth"), ==, "password");
  g_assert_true (json_object_get_null_member (object, "mechanism"));
  g_assert_true (json_object_get_boolean_member (object, "ok"));
  g_assert_true (json_object_get_null_member (object, "diagnosis"));
  g_assert_true (json_object_has_member (object, "certificate"));
  /* The transcript stays out of the stable JSON */
  g_assert_false (json_object_has_member (object, "transcript"));

  steps = json_object_get_array_member (object, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, 2);
  first = json_array_get_object_element (steps, 0);
  second = json_array_get_object_element (steps, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "resolve");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "ms"), 3.1, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (first, "detail"), ==, "2 addresses");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (second, "ms"), 15.1, 1e-9);
  g_assert_false (json_object_has_member (second, "detail"));

  copy = mail_check_result_copy (result);
  copy_node = to_node (add_result, copy);
  g_assert_true (json_node_equal (node, copy_node));
  g_assert_cmpuint (copy->transcript->len, ==, 1);
}

/* A certificate's names come from the server: control characters in them never reach a
 * terminal raw (text or JSON), and they are bounded. */
static GTlsCertificate *
hostile_certificate (void)
{
  EVP_PKEY *key = EVP_EC_gen ("P-256");
  X509 *x509 = X509_new ();
  X509_NAME *name = X509_get_subject_name (x509);
  GENERAL_NAMES *alt = GENERAL_NAMES_new ();
  GENERAL_NAME *dns = GENERAL_NAME_new ();
  ASN1_IA5STRING *ia5 = ASN1_IA5STRING_new ();
  BIO *bio = BIO_new (BIO_s_mem ());
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = NULL;
  char *data = NULL;
  long len;
  GTlsCertificate *certificate;

  g_assert_nonnull (key);
  X509_set_version (x509, 2);
  ASN1_INTEGER_set (X509_get_serialNumber (x509), 1);
  X509_gmtime_adj (X509_getm_notBefore (x509), 0);
  X509_gmtime_adj (X509_getm_notAfter (x509), 3600);
  X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8,
                              (const unsigned char *) "evil\x1b[2J\xc2\x9b" "31m", -1, -1, 0);
  X509_set_issuer_name (x509, name);
  X509_set_pubkey (x509, key);
  ASN1_STRING_set (ia5, "mail\x1b]0;pwned\x07.example.org", -1);
  GENERAL_NAME_set0_value (dns, GEN_DNS, ia5);
  sk_GENERAL_NAME_push (alt, dns);
  X509_add1_ext_i2d (x509, NID_subject_alt_name, alt, 0, 0);
  g_assert_cmpint (X509_sign (x509, key, EVP_sha256 ()), >, 0);
  PEM_write_bio_X509 (bio, x509);
  len = BIO_get_mem_data (bio, &data);
  pem = g_strndup (data, (gsize) len);
  BIO_free (bio);
  GENERAL_NAMES_free (alt);
  X509_free (x509);
  EVP_PKEY_free (key);

  certificate = g_tls_certificate_new_from_pem (pem, -1, &error);
  g_assert_no_error (error);
  return certificate;
}

static void
test_certificate_hostile_names (void)
{
  g_autoptr(GTlsCertificate) certificate = hostile_certificate ();
  g_autoptr(MailCertificateInfo) info = mail_certificate_info_new (certificate, 0);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_assert_nonnull (info);
  text = mail_certificate_info_to_text (info);
  node = to_node ((void (*) (gconstpointer, JsonBuilder *)) mail_certificate_info_to_json, info);
  json = json_to_string (node, FALSE);
  for (guint i = 0; i < 3; i++)
    {
      const char *out = i == 0 ? text : i == 1 ? json : info->subject;

      g_assert_null (strchr (out, '\x1b'));
      g_assert_null (strchr (out, '\x07'));
      g_assert_null (strstr (out, "\xc2\x9b"));
    }
  g_assert_cmpstr (info->names[0], ==, "mail\\x1b]0;pwned\\x07.example.org");
  g_assert_nonnull (strstr (text, "mail\\x1b]0;pwned\\x07.example.org"));
  g_assert_nonnull (strstr (info->subject, "\\u009b31m"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/check-result/certificate-hostile-names", test_certificate_hostile_names);
  g_test_add_func ("/check-result/certificate-info", test_certificate_info);
  g_test_add_func ("/check-result/certificate-json", test_certificate_json);
  g_test_add_func ("/check-result/result-json", test_result_json);

  return g_test_run ();
}
