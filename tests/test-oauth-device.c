/* test-oauth-device.c: the device authorization answer (RFC 8628 §3.2) and the provider key
 *
 * The whole flow (pending, slow_down, access_denied, expired_token, tokens, Dovecot) runs
 * against the lab identity provider in test-oauth-lab.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-json.h"
#include "mail-oauth-device.h"

static MailOAuthDeviceCode *
parse (const char  *text,
       GError     **error)
{
  return mail_oauth_device_code_parse (text, strlen (text), error);
}

static void
test_parse_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailOAuthDeviceCode) code = NULL;
  g_autoptr(MailOAuthDeviceCode) ms = NULL;
  g_autoptr(MailOAuthDeviceCode) text_numbers = NULL;

  code = parse ("{\"device_code\":\"dc-1\",\"user_code\":\"BCDF-GHJK\","
                "\"verification_uri\":\"https://example.com/device\","
                "\"verification_uri_complete\":\"https://example.com/device?user_code=BCDF-GHJK\","
                "\"expires_in\":900,\"interval\":5}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code->device_code, ==, "dc-1");
  g_assert_cmpstr (code->user_code, ==, "BCDF-GHJK");
  g_assert_cmpstr (code->verification_uri, ==, "https://example.com/device");
  g_assert_cmpstr (code->verification_uri_complete, ==,
                   "https://example.com/device?user_code=BCDF-GHJK");
  g_assert_cmpint (code->expires_in, ==, 900);
  g_assert_cmpint (code->interval, ==, 5);

  /* Microsoft's older "verification_url"; no interval: 5 seconds (RFC 8628 §3.2). */
  ms = parse ("{\"device_code\":\"dc\",\"user_code\":\"ABC\",\"verification_url\":"
              "\"https://microsoft.com/devicelogin\",\"expires_in\":900}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ms->verification_uri, ==, "https://microsoft.com/devicelogin");
  g_assert_null (ms->verification_uri_complete);
  g_assert_cmpint (ms->interval, ==, 5);

  /* Numbers sent as text. */
  text_numbers = parse ("{\"device_code\":\"dc\",\"user_code\":\"ABC\",\"verification_uri\":"
                        "\"https://e.example/d\",\"expires_in\":\"600\",\"interval\":\"2\"}",
                        &error);
  g_assert_no_error (error);
  g_assert_cmpint (text_numbers->expires_in, ==, 600);
  g_assert_cmpint (text_numbers->interval, ==, 2);
}

static void
test_parse_bad (void)
{
  static const char *const bad[] = {
    "",
    "not json",
    "[]",
    "{\"user_code\":\"A\",\"verification_uri\":\"https://e.example\",\"expires_in\":9}",
    "{\"device_code\":\"d\",\"verification_uri\":\"https://e.example\",\"expires_in\":9}",
    "{\"device_code\":\"d\",\"user_code\":\"A\",\"expires_in\":9}",
    "{\"device_code\":\"d\",\"user_code\":\"A\",\"verification_uri\":\"https://e.example\"}",
    "{\"device_code\":\"d\",\"user_code\":\"A\",\"verification_uri\":\"https://e.example\","
    "\"expires_in\":-1}",
    "{\"device_code\":\"d\",\"user_code\":\"A\",\"verification_uri\":\"https://e.example\","
    "\"expires_in\":99999999}",
    "{\"device_code\":\"d\",\"user_code\":\"A\",\"verification_uri\":\"https://e.example\","
    "\"expires_in\":9,\"interval\":\"soon\"}",
    "{\"device_code\":\"d\",\"user_code\":\"A\",\"verification_uri\":\"https://e.example\","
    "\"expires_in\":9,\"interval\":100000}",
    /* Shown to be opened: never a file or a command. */
    "{\"device_code\":\"d\",\"user_code\":\"A\",\"verification_uri\":\"file:///etc/passwd\","
    "\"expires_in\":9}",
    /* A code with a line break would forge terminal output. */
    "{\"device_code\":\"d\",\"user_code\":\"A\\nB\",\"verification_uri\":\"https://e.example\","
    "\"expires_in\":9}",
    "{\"device_code\":7,\"user_code\":\"A\",\"verification_uri\":\"https://e.example\","
    "\"expires_in\":9}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MailOAuthDeviceCode) code = parse (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (code);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
    }

  /* Larger than any answer can be. */
  {
    g_autoptr(GError) error = NULL;
    gsize size = MAIL_OAUTH_MAX_BODY_SIZE + 1;
    g_autofree char *huge = g_malloc (size);
    g_autoptr(MailOAuthDeviceCode) code = NULL;

    memset (huge, ' ', size);
    code = mail_oauth_device_code_parse (huge, size, &error);
    g_assert_null (code);
    g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
  }
}

/* Parsed with the same bounds as every JSON from outside (mail_json_parse_bounded): an
 * answer nested deeper than any real one is refused, not walked. */
static void
test_parse_deep (void)
{
  g_autoptr(GString) deep = g_string_new ("{\"device_code\":\"d\",\"user_code\":\"A\","
                                          "\"verification_uri\":\"https://e.example\","
                                          "\"expires_in\":9,\"x\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(MailOAuthDeviceCode) code = NULL;

  for (guint i = 0; i < 2 * MAIL_JSON_MAX_DEPTH; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 2 * MAIL_JSON_MAX_DEPTH; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');

  code = mail_oauth_device_code_parse (deep->str, deep->len, &error);
  g_assert_null (code);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
}

static void
test_provider_key (void)
{
  static const char base[] =
    "[Provider]\nId=dev\nName=Dev\n"
    "[IMAP]\nHost=imap.dev.example\nSecurity=tls\nAuthentication=oauth2\n"
    "[SMTP]\nHost=smtp.dev.example\nSecurity=tls\nAuthentication=oauth2\n"
    "[OAuth2]\nAuthorizeUrl=https://dev.example/a\nTokenUrl=https://dev.example/t\n"
    "Scopes=mail\n";
  g_autofree char *good = g_strconcat (base, "DeviceAuthorizationUrl=https://dev.example/d\n",
                                       NULL);
  g_autofree char *plain = g_strconcat (base, "DeviceAuthorizationUrl=http://dev.example/d\n",
                                        NULL);
  g_autoptr(MailProvider) with = NULL;
  g_autoptr(MailProvider) without = NULL;
  g_autoptr(MailProvider) bad = NULL;
  g_autoptr(GError) error = NULL;

  with = mail_provider_new_from_data (good, strlen (good), "dev.provider", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (with->device_authorization_url, ==, "https://dev.example/d");

  without = mail_provider_new_from_data (base, strlen (base), "dev.provider", &error);
  g_assert_no_error (error);
  g_assert_null (without->device_authorization_url);

  /* The device code travels there: https, or http only to this computer. */
  bad = mail_provider_new_from_data (plain, strlen (plain), "dev.provider", &error);
  g_assert_null (bad);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "DeviceAuthorizationUrl"));
  g_assert_nonnull (strstr (error->message, "dev.provider:"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oauth-device/parse-good", test_parse_good);
  g_test_add_func ("/oauth-device/parse-bad", test_parse_bad);
  g_test_add_func ("/oauth-device/parse-deep", test_parse_deep);
  g_test_add_func ("/oauth-device/provider-key", test_provider_key);

  return g_test_run ();
}
