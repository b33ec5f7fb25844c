/* test-smtp-reply.c: the SMTP reply parser against real and hostile server words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "mail-smtp-reply.h"
#include "mail-types.h"

static MailSmtpReply *
parse (const char *text,
       gsize      *consumed)
{
  g_autoptr(GError) error = NULL;
  gsize used = 0;
  MailSmtpReply *reply = mail_smtp_reply_parse (text, strlen (text), &used, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  if (consumed != NULL)
    *consumed = used;
  return reply;
}

static void
assert_parse_fails (const char *text)
{
  g_autoptr(GError) error = NULL;
  gsize used = 1;
  g_autoptr(MailSmtpReply) reply = mail_smtp_reply_parse (text, strlen (text), &used, &error);

  g_assert_null (reply);
  g_assert_cmpuint (used, ==, 0);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
}

static void
assert_incomplete (const char *text)
{
  g_autoptr(GError) error = NULL;
  gsize used = 1;
  g_autoptr(MailSmtpReply) reply = mail_smtp_reply_parse (text, strlen (text), &used, &error);

  g_assert_no_error (error);
  g_assert_null (reply);
  g_assert_cmpuint (used, ==, 0);
}

static void
test_single_line (void)
{
  gsize used = 0;
  const char *text = "220 mail.example.test ESMTP Dovecot ready\r\n250 extra\r\n";
  g_autoptr(MailSmtpReply) reply = parse (text, &used);

  g_assert_cmpuint (reply->code, ==, 220);
  g_assert_cmpuint (mail_smtp_reply_get_class (reply), ==, 2);
  g_assert_null (reply->enhanced);
  g_assert_cmpuint (used, ==, strlen ("220 mail.example.test ESMTP Dovecot ready\r\n"));
  g_assert_cmpuint (reply->lines->len, ==, 1);
  g_assert_cmpstr (mail_smtp_reply_get_lines (reply)[0], ==,
                   "220 mail.example.test ESMTP Dovecot ready");
  g_assert_null (mail_smtp_reply_get_lines (reply)[1]);
  g_assert_cmpstr (g_ptr_array_index (reply->texts, 0), ==, "mail.example.test ESMTP Dovecot ready");
}

static void
test_multi_line_ehlo (void)
{
  const char *text =
    "250-mail.example.test\r\n"
    "250-PIPELINING\r\n"
    "250-SIZE 40960000\r\n"
    "250-auth xoauth2 OAUTHBEARER PLAIN\r\n"
    "250-AUTH=LOGIN PLAIN\r\n"
    "250-STARTTLS\r\n"
    "250-ENHANCEDSTATUSCODES\r\n"
    "250 8BITMIME\r\n";
  g_autoptr(MailSmtpReply) reply = parse (text, NULL);
  g_auto(GStrv) mechs = mail_smtp_reply_get_auth_mechanisms (reply);

  g_assert_cmpuint (reply->code, ==, 250);
  g_assert_cmpuint (reply->lines->len, ==, 8);
  g_assert_true (mail_smtp_reply_has_extension (reply, "STARTTLS"));
  g_assert_true (mail_smtp_reply_has_extension (reply, "pipelining"));
  g_assert_true (mail_smtp_reply_has_extension (reply, "SIZE"));
  g_assert_false (mail_smtp_reply_has_extension (reply, "SMTPUTF8"));
  /* The first line is the server's name, not an extension */
  g_assert_false (mail_smtp_reply_has_extension (reply, "mail.example.test"));

  g_assert_cmpuint (g_strv_length (mechs), ==, 4);
  g_assert_cmpstr (mechs[0], ==, "XOAUTH2");
  g_assert_cmpstr (mechs[1], ==, "OAUTHBEARER");
  g_assert_cmpstr (mechs[2], ==, "PLAIN");
  g_assert_cmpstr (mechs[3], ==, "LOGIN");
}

static void
test_no_auth (void)
{
  g_autoptr(MailSmtpReply) reply = parse ("250-smtp.example\r\n250 STARTTLS\r\n", NULL);
  g_auto(GStrv) mechs = mail_smtp_reply_get_auth_mechanisms (reply);

  g_assert_nonnull (mechs);
  g_assert_cmpuint (g_strv_length (mechs), ==, 0);
}

static void
test_enhanced_codes (void)
{
  struct { const char *text; guint code; const char *enhanced; } cases[] = {
    { "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
      "Tenant.\r\n", 535, "5.7.139" },
    { "535 5.7.8 Authentication failed.\r\n", 535, "5.7.8" },
    { "235 2.7.0 Authentication successful\r\n", 235, "2.7.0" },
    { "534-5.7.9 Application-specific password required. For more information, go to\r\n"
      "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor - gsmtp\r\n",
      534, "5.7.9" },
    { "535 Incorrect authentication data\r\n", 535, NULL },
    { "550 4.7.1 class does not match the code\r\n", 550, NULL },
    { "550 5.7.1234 detail too long\r\n", 550, NULL },
    { "550 5.7 too short\r\n", 550, NULL },
    { "550 5.7.60 SMTP; Client does not have permissions to send as this sender\r\n", 550, "5.7.60" },
    { "421\r\n", 421, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MailSmtpReply) reply = parse (cases[i].text, NULL);

      g_assert_cmpuint (reply->code, ==, cases[i].code);
      g_assert_cmpstr (reply->enhanced, ==, cases[i].enhanced);
    }
}

static void
test_incomplete (void)
{
  assert_incomplete ("");
  assert_incomplete ("22");
  assert_incomplete ("220 almost");
  assert_incomplete ("250-first\r\n250-second\r\n");
  assert_incomplete ("250-first\r\n250 last");
}

static void
test_malformed (void)
{
  assert_parse_fails ("\r\n");
  assert_parse_fails ("HTTP/1.1 400 Bad Request\r\n");
  assert_parse_fails ("* OK IMAP4rev1 ready\r\n");
  assert_parse_fails ("SSH-2.0-OpenSSH_9.2p1\r\n");
  assert_parse_fails ("22\r\n");
  assert_parse_fails ("099 too low\r\n");
  assert_parse_fails ("600 too high\r\n");
  assert_parse_fails ("2a0 letters\r\n");
  assert_parse_fails ("250_weird separator\r\n");
  /* Inconsistent codes inside one reply */
  assert_parse_fails ("250-first\r\n251 second\r\n");
  /* TLS bytes and other protocols fail at once, without waiting for a line end */
  assert_parse_fails ("\x16\x03\x01");
  assert_parse_fails ("HTTP/1.1 4");
  assert_parse_fails ("25x");
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_line = g_strnfill (MAIL_SMTP_MAX_LINE + 10, '2');
  g_autoptr(GString) many = g_string_new (NULL);
  gsize used = 0;
  MailSmtpReply *reply;

  reply = mail_smtp_reply_parse (long_line, strlen (long_line), &used, &error);
  g_assert_null (reply);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
  g_clear_error (&error);

  for (guint i = 0; i < MAIL_SMTP_MAX_LINES + 1; i++)
    g_string_append (many, "250-more\r\n");
  g_string_append (many, "250 end\r\n");
  reply = mail_smtp_reply_parse (many->str, many->len, &used, &error);
  g_assert_null (reply);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Fewer lines than the line limit, but more bytes than a reply may have */
  g_string_truncate (many, 0);
  while (many->len <= MAIL_SMTP_MAX_REPLY + MAIL_SMTP_MAX_LINE)
    {
      g_autofree char *filler = g_strnfill (MAIL_SMTP_MAX_LINE - 10, 'x');

      g_string_append_printf (many, "250-%s\r\n", filler);
    }
  g_assert_cmpuint (many->len / MAIL_SMTP_MAX_LINE, <, MAIL_SMTP_MAX_LINES);
  reply = mail_smtp_reply_parse (many->str, many->len, &used, &error);
  g_assert_null (reply);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
}

static void
test_hostile_bytes (void)
{
  static const char text[] = "554 \x1b]0;title\x07 no \xff service\0x\r\n";
  g_autoptr(GError) error = NULL;
  gsize used = 0;
  g_autoptr(MailSmtpReply) reply = mail_smtp_reply_parse (text, sizeof text - 1, &used, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (reply->code, ==, 554);
  g_assert_true (g_utf8_validate (g_ptr_array_index (reply->lines, 0), -1, NULL));
  g_assert_null (strchr (g_ptr_array_index (reply->lines, 0), '\x1b'));
  g_assert_cmpstr (g_ptr_array_index (reply->lines, 0), ==,
                   "554 \\x1b]0;title\\x07 no \xef\xbf\xbd service\\x00x");
  g_assert_cmpuint (used, ==, sizeof text - 1);
}

static void
test_bare_lf (void)
{
  gsize used = 0;
  g_autoptr(MailSmtpReply) reply = parse ("250-a\n250 b\n", &used);

  g_assert_cmpuint (reply->lines->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (reply->texts, 1), ==, "b");
  g_assert_cmpuint (used, ==, 12);
}

static void
test_truncated (void)
{
  const char *cut = "501-5.5.4 HELO/EHLO argument invalid, closing connection.\r\n501 5.5.4 ht";
  g_autoptr(GError) error = NULL;
  g_autoptr(MailSmtpReply) reply = mail_smtp_reply_parse_truncated (cut, strlen (cut), &error);
  g_autoptr(MailSmtpReply) nothing = mail_smtp_reply_parse_truncated ("501 no line end", 15, &error);
  g_autoptr(MailSmtpReply) bad = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_cmpuint (reply->code, ==, 501);
  g_assert_cmpstr (reply->enhanced, ==, "5.5.4");
  g_assert_cmpuint (reply->lines->len, ==, 1);
  g_assert_null (nothing);

  bad = mail_smtp_reply_parse_truncated ("HTTP/1.1 400\r\n", 14, &error);
  g_assert_null (bad);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/smtp-reply/single-line", test_single_line);
  g_test_add_func ("/smtp-reply/multi-line-ehlo", test_multi_line_ehlo);
  g_test_add_func ("/smtp-reply/no-auth", test_no_auth);
  g_test_add_func ("/smtp-reply/enhanced-codes", test_enhanced_codes);
  g_test_add_func ("/smtp-reply/incomplete", test_incomplete);
  g_test_add_func ("/smtp-reply/malformed", test_malformed);
  g_test_add_func ("/smtp-reply/limits", test_limits);
  g_test_add_func ("/smtp-reply/hostile-bytes", test_hostile_bytes);
  g_test_add_func ("/smtp-reply/bare-lf", test_bare_lf);
  g_test_add_func ("/smtp-reply/truncated", test_truncated);

  return g_test_run ();
}
