/* test-server-alternatives.c: which settings are tried instead, and what a port's first bytes are
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "mail-port-sniff.h"
#include "mail-server-alternatives.h"

static void
assert_server (GPtrArray    *servers,
               guint         index,
               guint16       port,
               MailSecurity  security)
{
  const MailServer *server;

  g_assert_cmpuint (servers->len, >, index);
  server = g_ptr_array_index (servers, index);
  g_assert_cmpuint (server->port, ==, port);
  g_assert_cmpint (server->security, ==, security);
}

static void
test_standard_order (void)
{
  g_autoptr(MailServer) imap = mail_server_new (MAIL_PROTOCOL_IMAP, "mail.example.org", 993,
                                                MAIL_SECURITY_STARTTLS);
  g_autoptr(MailServer) smtp = mail_server_new (MAIL_PROTOCOL_SMTP, "mail.example.org", 465,
                                                MAIL_SECURITY_STARTTLS);
  g_autoptr(GPtrArray) a = mail_server_alternatives (imap, NULL, 0, NULL);
  g_autoptr(GPtrArray) b = mail_server_alternatives (smtp, NULL, 0, NULL);

  /* STARTTLS to 993: TLS on 993 first, then 143; never the failed settings again. */
  g_assert_cmpuint (a->len, ==, 2);
  assert_server (a, 0, 993, MAIL_SECURITY_TLS);
  assert_server (a, 1, 143, MAIL_SECURITY_STARTTLS);
  g_assert_cmpstr (((MailServer *) g_ptr_array_index (a, 0))->host, ==, "mail.example.org");

  /* The commonest SMTP mistake: STARTTLS spoken to 465. */
  g_assert_cmpuint (b->len, ==, 3);
  assert_server (b, 0, 465, MAIL_SECURITY_TLS);
  assert_server (b, 1, 587, MAIL_SECURITY_STARTTLS);
  assert_server (b, 2, 25, MAIL_SECURITY_STARTTLS);
}

static void
test_extra_and_ports (void)
{
  g_autoptr(MailServer) failed = mail_server_new (MAIL_PROTOCOL_IMAP, "imap.example.org", 1143,
                                                  MAIL_SECURITY_NONE);
  g_autoptr(GPtrArray) extra = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_server_free);
  g_autoptr(GPtrArray) out = NULL;
  const MailPortCandidate ports[] = {
    { 1993, MAIL_SECURITY_TLS },
    { 1143, MAIL_SECURITY_NONE },
    { 1994, MAIL_SECURITY_STARTTLS },
  };

  g_ptr_array_add (extra, mail_server_new (MAIL_PROTOCOL_IMAP, "other.example.org", 993,
                                           MAIL_SECURITY_TLS));
  g_ptr_array_add (extra, mail_server_new (MAIL_PROTOCOL_SMTP, "imap.example.org", 465,
                                           MAIL_SECURITY_TLS));
  g_ptr_array_add (extra, mail_server_new (MAIL_PROTOCOL_IMAP, "IMAP.example.org", 1994,
                                           MAIL_SECURITY_STARTTLS));
  out = mail_server_alternatives (failed, ports, G_N_ELEMENTS (ports), extra);

  /* Same port encrypted both ways, the provider's one on this host, then the ports given;
   * unencrypted never, another host or protocol never, no duplicates. */
  g_assert_cmpuint (out->len, ==, 4);
  assert_server (out, 0, 1143, MAIL_SECURITY_TLS);
  assert_server (out, 1, 1143, MAIL_SECURITY_STARTTLS);
  assert_server (out, 2, 1994, MAIL_SECURITY_STARTTLS);
  assert_server (out, 3, 1993, MAIL_SECURITY_TLS);
  for (guint i = 0; i < out->len; i++)
    g_assert_cmpstr (((MailServer *) g_ptr_array_index (out, i))->host, ==, "imap.example.org");
}

static void
test_codes (void)
{
  g_assert_true (mail_diagnosis_code_wants_alternatives ("wrong-security-mode", "greeting"));
  g_assert_true (mail_diagnosis_code_wants_alternatives ("connect-refused", "connect"));
  g_assert_true (mail_diagnosis_code_wants_alternatives ("not-a-mail-server", "greeting"));
  g_assert_true (mail_diagnosis_code_wants_alternatives ("server-timeout", "greeting"));
  g_assert_true (mail_diagnosis_code_wants_alternatives ("tls-protocol-mismatch", "tls"));
  /* The server answered about the account: other ports would not help. */
  g_assert_false (mail_diagnosis_code_wants_alternatives ("server-timeout", "authenticate"));
  g_assert_false (mail_diagnosis_code_wants_alternatives ("auth-invalid-credentials",
                                                          "authenticate"));
  g_assert_false (mail_diagnosis_code_wants_alternatives ("tls-untrusted", "tls"));
  g_assert_false (mail_diagnosis_code_wants_alternatives ("dns-not-found", "resolve"));
}

static void
test_cli_flags (void)
{
  g_autoptr(MailServer) imap = mail_server_new (MAIL_PROTOCOL_IMAP, "imap.example.org", 993,
                                                MAIL_SECURITY_TLS);
  g_autoptr(MailServer) smtp = mail_server_new (MAIL_PROTOCOL_SMTP, "2001:db8::1", 587,
                                                MAIL_SECURITY_STARTTLS);
  g_autofree char *a = mail_server_to_cli_flags (imap);
  g_autofree char *b = mail_server_to_cli_flags (smtp);

  g_assert_cmpstr (a, ==, "--imap imap.example.org:993 --imap-security tls");
  g_assert_cmpstr (b, ==, "--smtp [2001:db8::1]:587 --smtp-security starttls");
}

static void
test_classify (void)
{
  static const struct { const char *bytes; gsize len; MailPortAnswer answer; } cases[] = {
    { "", 0, MAIL_PORT_ANSWER_NOTHING },
    { "\x15\x03\x01\x00\x02\x02\x28", 7, MAIL_PORT_ANSWER_TLS_RECORD },
    { "\x16\x03\x03\x00", 4, MAIL_PORT_ANSWER_TLS_RECORD },
    { "\x16", 1, MAIL_PORT_ANSWER_OTHER },
    { "HTTP/1.1 400 Bad Request\r\n", 26, MAIL_PORT_ANSWER_HTTP },
    { "HTTP", 4, MAIL_PORT_ANSWER_OTHER },
    { "* OK [CAPABILITY IMAP4rev1] ready\r\n", 35, MAIL_PORT_ANSWER_IMAP },
    { "* PREAUTH hello\r\n", 17, MAIL_PORT_ANSWER_IMAP },
    { "* BYE busy\r\n", 12, MAIL_PORT_ANSWER_IMAP },
    { "220 mail.example.org ESMTP\r\n", 28, MAIL_PORT_ANSWER_SMTP },
    { "220-mail.example.org\r\n", 22, MAIL_PORT_ANSWER_SMTP },
    { "554 no\r\n", 8, MAIL_PORT_ANSWER_SMTP },
    { "22", 2, MAIL_PORT_ANSWER_OTHER },
    { "SSH-2.0-OpenSSH_9.2\r\n", 21, MAIL_PORT_ANSWER_OTHER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (mail_port_answer_classify ((const guint8 *) cases[i].bytes, cases[i].len),
                     ==, cases[i].answer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-alternatives/standard-order", test_standard_order);
  g_test_add_func ("/server-alternatives/extra-and-ports", test_extra_and_ports);
  g_test_add_func ("/server-alternatives/codes", test_codes);
  g_test_add_func ("/server-alternatives/cli-flags", test_cli_flags);
  g_test_add_func ("/port-sniff/classify", test_classify);

  return g_test_run ();
}
