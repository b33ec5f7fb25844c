/* test-imap-response.c: the IMAP response parser against real and hostile server words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "mail-imap-response.h"
#include "mail-types.h"

static MailImapResponse *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  MailImapResponse *response = mail_imap_response_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (response);
  return response;
}

static void
assert_parse_fails (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MailImapResponse) response = mail_imap_response_parse (text, strlen (text), &error);

  g_assert_null (response);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
}

static void
test_greetings (void)
{
  g_autoptr(MailImapResponse) dovecot = NULL;
  g_autoptr(MailImapResponse) preauth = NULL;
  g_autoptr(MailImapResponse) bye = NULL;
  g_autoptr(MailImapResponse) plain = NULL;

  dovecot = parse ("* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ "
                   "LOGINDISABLED AUTH=XOAUTH2 AUTH=OAUTHBEARER] Dovecot (Debian) ready.\r\n");
  g_assert_cmpint (dovecot->kind, ==, MAIL_IMAP_RESPONSE_UNTAGGED);
  g_assert_cmpint (dovecot->status, ==, MAIL_IMAP_STATUS_OK);
  g_assert_null (dovecot->tag);
  g_assert_cmpstr (dovecot->code, ==, "CAPABILITY");
  g_assert_true (g_str_has_prefix (dovecot->code_args, "IMAP4rev1 SASL-IR"));
  g_assert_true (g_str_has_suffix (dovecot->code_args, "AUTH=OAUTHBEARER"));
  g_assert_cmpstr (dovecot->text, ==, "Dovecot (Debian) ready.");
  g_assert_cmpstr (dovecot->line, ==, "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE "
                   "IDLE LITERAL+ LOGINDISABLED AUTH=XOAUTH2 AUTH=OAUTHBEARER] Dovecot (Debian) ready.");

  preauth = parse ("* PREAUTH IMAP4rev1 server logged in as alice\r\n");
  g_assert_cmpint (preauth->status, ==, MAIL_IMAP_STATUS_PREAUTH);
  g_assert_null (preauth->code);
  g_assert_cmpstr (preauth->text, ==, "IMAP4rev1 server logged in as alice");

  bye = parse ("* bye [UNAVAILABLE] Server shutting down\n");
  g_assert_cmpint (bye->status, ==, MAIL_IMAP_STATUS_BYE);
  g_assert_cmpstr (bye->code, ==, "UNAVAILABLE");
  g_assert_null (bye->code_args);
  g_assert_cmpstr (bye->text, ==, "Server shutting down");

  /* Without a line end (as the corpus stores lines) */
  plain = parse ("* OK Microsoft Exchange Server IMAP4 service is ready.");
  g_assert_cmpint (plain->status, ==, MAIL_IMAP_STATUS_OK);
  g_assert_cmpstr (plain->text, ==, "Microsoft Exchange Server IMAP4 service is ready.");
}

static void
test_tagged (void)
{
  g_autoptr(MailImapResponse) ok = parse ("a1 OK CAPABILITY completed\r\n");
  g_autoptr(MailImapResponse) no = NULL;
  g_autoptr(MailImapResponse) bad = NULL;
  g_autoptr(MailImapResponse) ms = NULL;

  g_assert_cmpint (ok->kind, ==, MAIL_IMAP_RESPONSE_TAGGED);
  g_assert_cmpstr (ok->tag, ==, "a1");
  g_assert_cmpint (ok->status, ==, MAIL_IMAP_STATUS_OK);
  g_assert_cmpstr (ok->text, ==, "CAPABILITY completed");
  g_assert_cmpstr (mail_imap_response_get_server_text (ok), ==, "OK CAPABILITY completed");

  no = parse ("A0003 NO [ALERT] Application-specific password required: "
              "https://support.google.com/accounts/answer/185833 (Failure)\r\n");
  g_assert_cmpstr (no->tag, ==, "A0003");
  g_assert_cmpint (no->status, ==, MAIL_IMAP_STATUS_NO);
  g_assert_cmpstr (no->code, ==, "ALERT");
  g_assert_true (g_str_has_prefix (no->text, "Application-specific password required"));
  g_assert_cmpstr (mail_imap_response_get_server_text (no), ==,
                   "NO [ALERT] Application-specific password required: "
                   "https://support.google.com/accounts/answer/185833 (Failure)");

  bad = parse ("a4 BAD User is authenticated but not connected.\r\n");
  g_assert_cmpint (bad->status, ==, MAIL_IMAP_STATUS_BAD);
  g_assert_null (bad->code);
  g_assert_cmpstr (bad->text, ==, "User is authenticated but not connected.");

  /* Lower-case status and a code with arguments */
  ms = parse ("x.1 no [AUTHENTICATIONFAILED] Authentication failed.\r\n");
  g_assert_cmpstr (ms->tag, ==, "x.1");
  g_assert_cmpint (ms->status, ==, MAIL_IMAP_STATUS_NO);
  g_assert_cmpstr (ms->code, ==, "AUTHENTICATIONFAILED");
}

static void
test_untagged_data (void)
{
  g_autoptr(MailImapResponse) caps = parse ("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n");
  g_autoptr(MailImapResponse) exists = parse ("* 23 EXISTS\r\n");
  g_autoptr(MailImapResponse) flags = parse ("* FLAGS (\\Answered \\Flagged \\Seen)\r\n");
  g_autoptr(MailImapResponse) code_only = parse ("* OK [UIDVALIDITY 3857529045]\r\n");

  g_assert_cmpint (caps->status, ==, MAIL_IMAP_STATUS_NONE);
  g_assert_cmpstr (caps->keyword, ==, "CAPABILITY");
  g_assert_cmpstr (caps->text, ==, "IMAP4rev1 AUTH=PLAIN");

  g_assert_cmpstr (exists->keyword, ==, "EXISTS");
  g_assert_cmpstr (flags->keyword, ==, "FLAGS");
  g_assert_cmpstr (flags->text, ==, "(\\Answered \\Flagged \\Seen)");

  g_assert_cmpstr (code_only->code, ==, "UIDVALIDITY");
  g_assert_cmpstr (code_only->code_args, ==, "3857529045");
  g_assert_cmpstr (code_only->text, ==, "");
}

static void
test_continuation (void)
{
  g_autoptr(MailImapResponse) challenge = NULL;
  g_autoptr(MailImapResponse) empty = parse ("+ \r\n");
  g_autoptr(MailImapResponse) bare = parse ("+\r\n");

  challenge = parse ("+ eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJtYWlsIn0=\r\n");
  g_assert_cmpint (challenge->kind, ==, MAIL_IMAP_RESPONSE_CONTINUATION);
  g_assert_cmpstr (challenge->text, ==,
                   "eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJtYWlsIn0=");
  g_assert_cmpint (empty->kind, ==, MAIL_IMAP_RESPONSE_CONTINUATION);
  g_assert_cmpstr (empty->text, ==, "");
  g_assert_cmpint (bare->kind, ==, MAIL_IMAP_RESPONSE_CONTINUATION);
  g_assert_cmpstr (bare->text, ==, "");
}

static void
test_malformed (void)
{
  assert_parse_fails ("");
  assert_parse_fails ("\r\n");
  assert_parse_fails ("*\r\n");
  assert_parse_fails ("* \r\n");
  assert_parse_fails ("*OK\r\n");
  assert_parse_fails ("a1\r\n");
  assert_parse_fails ("a1 \r\n");
  assert_parse_fails ("a1 HELLO there\r\n");        /* tagged without a status */
  assert_parse_fails ("a1 BYE logging out\r\n");    /* BYE is never tagged */
  assert_parse_fails ("(a1) OK\r\n");
  assert_parse_fails ("HTTP/1.1 400 Bad Request\r\n");
  /* A literal whose data is missing */
  assert_parse_fails ("* 1 FETCH (BODY[] {10}\r\nabc");
}

static void
test_scan (void)
{
  g_autoptr(GError) error = NULL;
  const char *two = "* OK ready\r\na1 OK done\r\n";
  const char *literal = "* 1 FETCH (BODY[] {5}\r\nhello)\r\na2 OK\r\n";
  const char *plus = "* 1 FETCH (X {3+}\r\nab\n)\r\n";
  g_autoptr(MailImapResponse) joined = NULL;

  g_assert_cmpint (mail_imap_response_scan ("", 0, &error), ==, 0);
  g_assert_cmpint (mail_imap_response_scan ("* OK rea", 8, &error), ==, 0);
  g_assert_cmpint (mail_imap_response_scan (two, strlen (two), &error), ==, 12);
  g_assert_no_error (error);
  /* LF alone is accepted as a line end */
  g_assert_cmpint (mail_imap_response_scan ("* OK\n", 5, &error), ==, 5);

  /* A literal keeps the response going past its line end */
  for (gsize len = 0; len < strlen ("* 1 FETCH (BODY[] {5}\r\nhello)\r\n"); len++)
    g_assert_cmpint (mail_imap_response_scan (literal, len, &error), ==, 0);
  g_assert_cmpint (mail_imap_response_scan (literal, strlen (literal), &error), ==,
                   strlen ("* 1 FETCH (BODY[] {5}\r\nhello)\r\n"));
  g_assert_cmpint (mail_imap_response_scan (plus, strlen (plus), &error), ==, strlen (plus));
  g_assert_no_error (error);

  joined = parse ("* 1 FETCH (BODY[] {5}\r\nhe\r\no)\r\n");
  g_assert_cmpstr (joined->keyword, ==, "FETCH");
  g_assert_cmpstr (joined->line, ==, "* 1 FETCH (BODY[] {5}he\\x0d\\x0ao)");
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_line = g_strnfill (MAIL_IMAP_MAX_LINE + 10, 'x');
  g_autofree char *big_literal = g_strdup_printf ("* 1 FETCH (BODY[] {%u}\r\n",
                                                  MAIL_IMAP_MAX_LITERAL + 1);
  const char *huge = "* 1 FETCH (BODY[] {99999999999999999999}\r\n";
  GString *many = g_string_new (NULL);

  /* No line end at all: refused once over the limit, not buffered forever */
  g_assert_cmpint (mail_imap_response_scan (long_line, strlen (long_line), &error), ==, -1);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_cmpint (mail_imap_response_scan (big_literal, strlen (big_literal), &error), ==, -1);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_cmpint (mail_imap_response_scan (huge, strlen (huge), &error), ==, -1);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Endless chains of small literals */
  for (guint i = 0; i < MAIL_IMAP_MAX_LITERALS + 2; i++)
    g_string_append (many, "* X {1}\r\na");
  g_string_append (many, "\r\n");
  g_assert_cmpint (mail_imap_response_scan (many->str, many->len, &error), ==, -1);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_PROTOCOL);
  g_string_free (many, TRUE);
}

static void
test_hostile_bytes (void)
{
  static const char text[] = "* OK \x1b[31mred\x1b[0m \xff\xfe ready\0hidden\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(MailImapResponse) response = NULL;

  response = mail_imap_response_parse (text, sizeof text - 1, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (response->line, -1, NULL));
  g_assert_null (strchr (response->line, '\x1b'));
  g_assert_nonnull (strstr (response->line, "hidden"));
  /* Shown, not hidden: visible escapes and U+FFFD */
  g_assert_cmpstr (response->line, ==,
                   "* OK \\x1b[31mred\\x1b[0m \xef\xbf\xbd\xef\xbf\xbd ready\\x00hidden");
}

static void
test_capabilities (void)
{
  g_auto(GStrv) caps = mail_imap_capabilities_parse ("IMAP4rev1  sasl-ir AUTH=PLAIN auth=xoauth2 "
                                                     "AUTH=OAUTHBEARER LOGINDISABLED AUTH=");
  g_auto(GStrv) mechs = NULL;
  g_auto(GStrv) none = mail_imap_capabilities_parse (NULL);

  g_assert_cmpuint (g_strv_length (caps), ==, 7);
  g_assert_true (mail_imap_capabilities_has ((const char *const *) caps, "SASL-IR"));
  g_assert_true (mail_imap_capabilities_has ((const char *const *) caps, "LoginDisabled"));
  g_assert_false (mail_imap_capabilities_has ((const char *const *) caps, "STARTTLS"));

  mechs = mail_imap_capabilities_get_auth ((const char *const *) caps);
  g_assert_cmpuint (g_strv_length (mechs), ==, 3);
  g_assert_cmpstr (mechs[0], ==, "PLAIN");
  g_assert_cmpstr (mechs[1], ==, "XOAUTH2");
  g_assert_cmpstr (mechs[2], ==, "OAUTHBEARER");

  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static void
test_quote (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "alice@example.org", "\"alice@example.org\"" },
    { "", "\"\"" },
    { "pa\"ss\\word", "\"pa\\\"ss\\\\word\"" },
    { "spaces are fine", "\"spaces are fine\"" },
    { "line\r\nbreak", NULL },
    { "gr\xc3\xbc\xc3\x9f", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = mail_imap_quote (cases[i].in);

      g_assert_cmpstr (quoted, ==, cases[i].out);
    }
}

static void
test_mailbox_encode (void)
{
  struct { const char *in; const char *out; } cases[] = {
    { "INBOX", "INBOX" },
    { "Sent Items", "Sent Items" },
    { "Entw\xc3\xbcrfe", "Entw&APw-rfe" },
    { "R&D", "R&-D" },
    /* RFC 3501 5.1.3 example */
    { "~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
      "~peter/mail/&U,BTFw-/&ZeVnLIqe-" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *encoded = mail_imap_mailbox_encode (cases[i].in);

      g_assert_cmpstr (encoded, ==, cases[i].out);
    }
  g_assert_null (mail_imap_mailbox_encode ("bad \xff utf-8"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/imap-response/greetings", test_greetings);
  g_test_add_func ("/imap-response/tagged", test_tagged);
  g_test_add_func ("/imap-response/untagged-data", test_untagged_data);
  g_test_add_func ("/imap-response/continuation", test_continuation);
  g_test_add_func ("/imap-response/malformed", test_malformed);
  g_test_add_func ("/imap-response/scan", test_scan);
  g_test_add_func ("/imap-response/limits", test_limits);
  g_test_add_func ("/imap-response/hostile-bytes", test_hostile_bytes);
  g_test_add_func ("/imap-response/capabilities", test_capabilities);
  g_test_add_func ("/imap-response/quote", test_quote);
  g_test_add_func ("/imap-response/mailbox-encode", test_mailbox_encode);

  return g_test_run ();
}
