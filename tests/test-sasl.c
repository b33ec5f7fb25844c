/* test-sasl.c: SASL client messages byte for byte, and the transcript's redaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "mail-sasl.h"
#include "mail-transcript.h"
#include "mail-types.h"

static char *
decode (const char *b64,
        gsize      *len)
{
  return (char *) g_base64_decode (b64, len);
}

static void
test_xoauth2 (void)
{
  g_autofree char *b64 = mail_sasl_xoauth2_response ("alice@example.test", "tok-123");
  gsize len = 0;
  g_autofree char *raw = decode (b64, &len);
  static const char expected[] = "user=alice@example.test\001auth=Bearer tok-123\001\001";

  g_assert_cmpmem (raw, len, expected, sizeof expected - 1);
  /* Google's documented example */
  {
    g_autofree char *google = mail_sasl_xoauth2_response ("someuser@example.com",
                                                          "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");

    g_assert_cmpstr (google, ==, "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRx"
                     "bVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ==");
  }
}

static void
test_oauthbearer (void)
{
  g_autofree char *b64 = mail_sasl_oauthbearer_response ("user@example.com", "server.example.com",
                                                         143, "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==");
  g_autofree char *escaped = mail_sasl_oauthbearer_response ("we,ird=name", NULL, 0, "t");
  gsize len = 0;
  g_autofree char *raw = decode (b64, &len);
  g_autofree char *raw2 = NULL;
  static const char rfc[] = "n,a=user@example.com,\001host=server.example.com\001port=143\001"
                            "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\001\001";
  static const char expected2[] = "n,a=we=2Cird=3Dname,\001auth=Bearer t\001\001";

  /* RFC 7628 section 4.1 */
  g_assert_cmpmem (raw, len, rfc, sizeof rfc - 1);
  raw2 = decode (escaped, &len);
  g_assert_cmpmem (raw2, len, expected2, sizeof expected2 - 1);
}

static void
test_plain_login (void)
{
  g_autofree char *plain = mail_sasl_plain_response (NULL, "tim", "tanstaaftanstaaf");
  g_autofree char *authz = mail_sasl_plain_response ("Ursel", "Kurt", "xipj3plmq");
  g_autofree char *login = mail_sasl_login_response ("alice@example.test");

  /* RFC 4616 examples */
  g_assert_cmpstr (plain, ==, "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
  g_assert_cmpstr (authz, ==, "VXJzZWwAS3VydAB4aXBqM3BsbXE=");
  g_assert_cmpstr (login, ==, "YWxpY2VAZXhhbXBsZS50ZXN0");
}

static void
test_error_answer (void)
{
  g_assert_cmpstr (mail_sasl_error_answer (MAIL_SASL_XOAUTH2), ==, "");
  g_assert_cmpstr (mail_sasl_error_answer (MAIL_SASL_OAUTHBEARER), ==, "AQ==");
}

static void
test_decode_challenge (void)
{
  g_autofree char *google = mail_sasl_decode_challenge (
    "eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJtYWlsIn0=");
  g_autofree char *bearer = mail_sasl_decode_challenge ("eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIn0=");
  g_autofree char *login = mail_sasl_decode_challenge ("VXNlcm5hbWU6");

  g_assert_cmpstr (google, ==, "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"mail\"}");
  g_assert_cmpstr (bearer, ==, "{\"status\":\"invalid_token\"}");
  g_assert_cmpstr (login, ==, "Username:");
  g_assert_null (mail_sasl_decode_challenge ("not base64!"));
  g_assert_null (mail_sasl_decode_challenge ("abc"));
  /* "\xff\xfe" is not text */
  g_assert_null (mail_sasl_decode_challenge ("//4="));
  /* NUL inside */
  g_assert_null (mail_sasl_decode_challenge ("YQBi"));
}

static void
test_mechanism_names (void)
{
  MailSaslMechanism mech = MAIL_SASL_PLAIN;

  g_assert_true (mail_sasl_mechanism_from_string ("xoauth2", &mech));
  g_assert_cmpint (mech, ==, MAIL_SASL_XOAUTH2);
  g_assert_true (mail_sasl_mechanism_from_string ("OAuthBearer", &mech));
  g_assert_cmpint (mech, ==, MAIL_SASL_OAUTHBEARER);
  g_assert_false (mail_sasl_mechanism_from_string ("CRAM-MD5", &mech));
  g_assert_cmpstr (mail_sasl_mechanism_to_string (MAIL_SASL_LOGIN), ==, "LOGIN");
}

static void
test_transcript_redaction (void)
{
  const char *password = "correct horse battery";
  g_autofree char *payload = mail_sasl_plain_response (NULL, "alice", password);
  g_autoptr(MailTranscript) transcript = mail_transcript_new ();
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *redacted = NULL;

  mail_transcript_add_secret (transcript, password);
  mail_transcript_add_secret (transcript, payload);
  mail_transcript_add_secret (transcript, "abc");  /* too short to register */

  mail_transcript_add_client (transcript, "a1 CAPABILITY");
  mail_transcript_add_client_secret (transcript, "a2 AUTHENTICATE PLAIN");
  mail_transcript_add_client_secret (transcript, NULL);
  /* Even a careless caller cannot leak a registered secret */
  mail_transcript_add_client (transcript, "a3 LOGIN alice \"correct horse battery\"");
  {
    g_autofree char *line = g_strdup_printf ("a4 AUTHENTICATE PLAIN %s", payload);

    mail_transcript_add_client (transcript, line);
  }
  mail_transcript_add_server (transcript, "a2 NO [AUTHENTICATIONFAILED] abc");

  lines = mail_transcript_dup_lines (transcript);
  g_assert_cmpuint (lines->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "C: a1 CAPABILITY");
  g_assert_cmpstr (g_ptr_array_index (lines, 1), ==, "C: a2 AUTHENTICATE PLAIN [redacted]");
  g_assert_cmpstr (g_ptr_array_index (lines, 2), ==, "C: [redacted]");
  g_assert_cmpstr (g_ptr_array_index (lines, 3), ==, "C: a3 LOGIN alice \"[redacted]\"");
  g_assert_cmpstr (g_ptr_array_index (lines, 4), ==, "C: a4 AUTHENTICATE PLAIN [redacted]");
  g_assert_cmpstr (g_ptr_array_index (lines, 5), ==, "S: a2 NO [AUTHENTICATIONFAILED] abc");
  for (guint i = 0; i < lines->len; i++)
    {
      g_assert_null (strstr (g_ptr_array_index (lines, i), password));
      g_assert_null (strstr (g_ptr_array_index (lines, i), payload));
    }

  redacted = mail_transcript_redact (transcript, "said correct horse battery twice");
  g_assert_cmpstr (redacted, ==, "said [redacted] twice");
}

/* A hostile server cannot grow the transcript beyond its byte limit, nor put raw control
 * characters into it. */
static void
test_transcript_bounds (void)
{
  g_autoptr(MailTranscript) transcript = mail_transcript_new ();
  g_autofree char *huge = g_strnfill (1024 * 1024, 'x');
  g_autoptr(GPtrArray) lines = NULL;
  gsize total = 0;
  const char *last;

  mail_transcript_add_secret (transcript, "sekrit-password");
  mail_transcript_add_client (transcript, "a1 LOGIN user sekrit-password");
  mail_transcript_add_server (transcript, "* OK \x1b]0;pwned\x07 \x1b[2J \xc2\x9b" "1m \xff");
  mail_transcript_add_server (transcript, huge);
  for (guint i = 0; i < 100000; i++)
    mail_transcript_add_server (transcript, "* 1 EXISTS and some more words to fill the log");

  lines = mail_transcript_dup_lines (transcript);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      total += strlen (line);
      g_assert_true (g_utf8_validate (line, -1, NULL));
      g_assert_null (strchr (line, '\x1b'));
      g_assert_null (strstr (line, "\xc2\x9b"));
      g_assert_null (strstr (line, "sekrit"));
    }
  g_assert_cmpuint (total, <=, MAIL_TRANSCRIPT_MAX_BYTES + 64);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "C: a1 LOGIN user [redacted]");
  g_assert_cmpstr (g_ptr_array_index (lines, 1), ==,
                   "S: * OK \\x1b]0;pwned\\x07 \\x1b[2J \\u009b1m \xef\xbf\xbd");
  /* The huge line is cut, and says so */
  g_assert_cmpuint (strlen (g_ptr_array_index (lines, 2)), <, MAIL_TRANSCRIPT_MAX_LINE_BYTES + 64);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (lines, 2), "bytes not kept]"));
  /* What was dropped is counted in the last line */
  last = g_ptr_array_index (lines, lines->len - 1);
  g_assert_true (g_str_has_prefix (last, "[… "));
  g_assert_true (g_str_has_suffix (last, " bytes not kept]"));
  g_assert_cmpuint (g_ascii_strtoull (last + strlen ("[… "), NULL, 10), >, 1000000);
}

static void
test_make_safe (void)
{
  g_autofree char *cut = mail_text_make_safe ("abcdef", -1, 4);
  g_autofree char *nul = mail_text_make_safe ("a\0b\tc\x7f", 6, 0);
  g_autofree char *utf8 = mail_text_make_safe ("Gr\xc3\xbc\xc3\x9f" "e \xe2\x80\xa6", -1, 0);

  g_assert_cmpstr (cut, ==, "abcd…");
  g_assert_cmpstr (nul, ==, "a\\x00b\tc\\x7f");
  g_assert_cmpstr (utf8, ==, "Gr\xc3\xbc\xc3\x9f" "e \xe2\x80\xa6");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sasl/xoauth2", test_xoauth2);
  g_test_add_func ("/sasl/oauthbearer", test_oauthbearer);
  g_test_add_func ("/sasl/plain-login", test_plain_login);
  g_test_add_func ("/sasl/error-answer", test_error_answer);
  g_test_add_func ("/sasl/decode-challenge", test_decode_challenge);
  g_test_add_func ("/sasl/mechanism-names", test_mechanism_names);
  g_test_add_func ("/sasl/transcript-redaction", test_transcript_redaction);
  g_test_add_func ("/sasl/transcript-bounds", test_transcript_bounds);
  g_test_add_func ("/sasl/make-safe", test_make_safe);

  return g_test_run ();
}
