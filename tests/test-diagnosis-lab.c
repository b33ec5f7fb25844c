/* test-diagnosis-lab.c: what a person reads when a provider refuses, end to end
 *
 * `mail-setup-cli test --json` against the scripted server saying a provider's exact words:
 * the diagnosis object has cli.md's shape, names the provider's own steps with the person's
 * address filled in, quotes the server verbatim, and never shows the token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mail-lab-scripted-server.h"
#include "mail-test-lib.h"

#define TOKEN "lab-at-diagnosis-secret-0123456789"

/* Runs `test EMAIL --json` with a token against one scripted server; returns the diagnosis. */
static JsonObject *
check_diagnosis (MailTestCliRun         **out_run,
                 MailLabScriptedServer   *server,
                 gboolean                 smtp,
                 const char              *email,
                 const char              *provider)
{
  g_autofree char *address = g_strdup_printf ("localhost:%u",
                                              mail_lab_scripted_server_get_port (server));
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  MailTestCliRun *run;
  JsonArray *checks;
  JsonObject *check;

  g_ptr_array_add (args, "test");
  g_ptr_array_add (args, (char *) email);
  if (provider != NULL)
    {
      g_ptr_array_add (args, "--provider");
      g_ptr_array_add (args, (char *) provider);
    }
  g_ptr_array_add (args, smtp ? "--smtp" : "--imap");
  g_ptr_array_add (args, address);
  g_ptr_array_add (args, smtp ? "--smtp-security" : "--imap-security");
  g_ptr_array_add (args, "tls");
  g_ptr_array_add (args, smtp ? "--no-imap" : "--no-smtp");
  g_ptr_array_add (args, "--auth");
  g_ptr_array_add (args, "oauth2");
  g_ptr_array_add (args, "--token-stdin");
  g_ptr_array_add (args, "--ca-file");
  g_ptr_array_add (args, (char *) g_getenv ("MAIL_LAB_CA_FILE"));
  g_ptr_array_add (args, "--json");
  g_ptr_array_add (args, NULL);

  run = mail_test_cli_run (NULL, TOKEN "\n", (const char *const *) args->pdata);
  *out_run = run;

  g_test_message ("%s", run->err);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_null (strstr (run->out, TOKEN));
  g_assert_null (strstr (run->err, TOKEN));
  g_assert_nonnull (run->json);

  checks = json_object_get_array_member (json_node_get_object (run->json), "checks");
  g_assert_cmpuint (json_array_get_length (checks), ==, 1);
  check = json_array_get_object_element (checks, 0);
  g_assert_false (json_object_get_boolean_member (check, "ok"));
  return json_object_get_object_member (check, "diagnosis");
}

static char *
joined_fixes (JsonObject *diagnosis)
{
  JsonArray *fixes = json_object_get_array_member (diagnosis, "fixes");
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (fixes); i++)
    g_string_append_printf (out, "%s\n", json_array_get_string_element (fixes, i));
  return g_string_free (out, FALSE);
}

static void
assert_shape (JsonObject *diagnosis)
{
  const char *members[] = { "code", "stage", "title", "explanation", "fixes", "links",
                            "server_text" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_true (json_object_has_member (diagnosis, members[i]));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (diagnosis, "fixes")));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (diagnosis, "links")));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (diagnosis, "fixes")),
                    >, 0);
}

/* Microsoft 365: signed in, then the mailbox will not open. */
static void
test_microsoft_imap_disabled (void)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autofree char *fixes = NULL;
  JsonObject *diagnosis;

  if (!mail_test_lab_available ())
    return;

  server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT);
  mail_lab_scripted_server_set_greeting (server,
      "* OK The Microsoft Exchange IMAP4 service is ready.");
  mail_lab_scripted_server_set_stage_lines (server, "select",
                                            "BAD User is authenticated but not connected.", NULL);
  g_assert_true (mail_lab_scripted_server_start (server, &error));
  g_assert_no_error (error);

  diagnosis = check_diagnosis (&run, server, FALSE, "someone@contoso.com", "microsoft365");
  assert_shape (diagnosis);
  g_assert_cmpstr (json_object_get_string_member (diagnosis, "code"), ==, "imap-disabled");
  g_assert_cmpstr (json_object_get_string_member (diagnosis, "stage"), ==, "select");
  g_assert_cmpstr (json_object_get_string_member (diagnosis, "server_text"), ==,
                   "BAD User is authenticated but not connected.");
  fixes = joined_fixes (diagnosis);
  g_assert_nonnull (strstr (fixes, "Manage email apps"));
  g_assert_nonnull (strstr (fixes,
      "Set-CASMailbox -Identity someone@contoso.com -ImapEnabled $true"));
  g_assert_nonnull (strstr (fixes, "Add-MailboxPermission -Identity someone@contoso.com"));
}

/* The same "AUTHENTICATE failed." means something else at Microsoft than at a Dovecot server. */
static void
test_same_words_other_advice (void)
{
  g_autoptr(MailLabScriptedServer) microsoft = NULL;
  g_autoptr(MailLabScriptedServer) dovecot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailTestCliRun) run_microsoft = NULL;
  g_autoptr(MailTestCliRun) run_dovecot = NULL;
  g_autofree char *fixes_microsoft = NULL;
  g_autofree char *fixes_dovecot = NULL;
  JsonObject *at_microsoft;
  JsonObject *at_dovecot;

  if (!mail_test_lab_available ())
    return;

  microsoft = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT);
  mail_lab_scripted_server_set_greeting (microsoft,
      "* OK The Microsoft Exchange IMAP4 service is ready.");
  mail_lab_scripted_server_set_stage_lines (microsoft, "auth", "NO AUTHENTICATE failed.", NULL);
  g_assert_true (mail_lab_scripted_server_start (microsoft, &error));
  g_assert_no_error (error);

  dovecot = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT);
  mail_lab_scripted_server_set_greeting (dovecot,
      "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] Dovecot (Debian) ready.");
  mail_lab_scripted_server_set_capability (dovecot,
      "IMAP4rev1 SASL-IR AUTH=XOAUTH2 AUTH=OAUTHBEARER");
  mail_lab_scripted_server_set_stage_lines (dovecot, "auth", "NO AUTHENTICATE failed.", NULL);
  g_assert_true (mail_lab_scripted_server_start (dovecot, &error));
  g_assert_no_error (error);

  /* No --provider: the server's own greeting tells them apart. */
  at_microsoft = check_diagnosis (&run_microsoft, microsoft, FALSE, "someone@example.org", NULL);
  at_dovecot = check_diagnosis (&run_dovecot, dovecot, FALSE, "someone@example.org", NULL);

  g_assert_cmpstr (json_object_get_string_member (at_microsoft, "code"), ==,
      "auth-oauth-token-rejected");
  g_assert_cmpstr (json_object_get_string_member (at_dovecot, "code"), ==,
      "auth-oauth-token-rejected");
  fixes_microsoft = joined_fixes (at_microsoft);
  fixes_dovecot = joined_fixes (at_dovecot);
  g_assert_nonnull (strstr (fixes_microsoft, "IMAP.AccessAsUser.All"));
  g_assert_null (strstr (fixes_dovecot, "IMAP.AccessAsUser.All"));
  g_assert_cmpstr (fixes_microsoft, !=, fixes_dovecot);
}

/* Microsoft 365 with SMTP AUTH switched off for the tenant. */
static void
test_microsoft_smtp_auth_disabled (void)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autofree char *fixes = NULL;
  JsonObject *diagnosis;
  JsonArray *links;
  gboolean aka = FALSE;

  if (!mail_test_lab_available ())
    return;

  server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_IMPLICIT);
  mail_lab_scripted_server_set_stage_lines (server, "auth",
    "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
    "Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. "
    "[MN2PR05CA0004.namprd05.prod.outlook.com 2023-09-12T20:59:57.214Z 08DBB276B7E699C4]", NULL);
  g_assert_true (mail_lab_scripted_server_start (server, &error));
  g_assert_no_error (error);

  diagnosis = check_diagnosis (&run, server, TRUE, "someone@contoso.com", "microsoft365");
  assert_shape (diagnosis);
  g_assert_cmpstr (json_object_get_string_member (diagnosis, "code"), ==, "smtp-auth-disabled");
  g_assert_cmpstr (json_object_get_string_member (diagnosis, "stage"), ==, "authenticate");
  fixes = joined_fixes (diagnosis);
  g_assert_nonnull (strstr (fixes, "-SmtpClientAuthenticationDisabled $false"));
  links = json_object_get_array_member (diagnosis, "links");
  for (guint i = 0; i < json_array_get_length (links); i++)
    aka |= g_str_equal (json_array_get_string_element (links, i),
        "https://aka.ms/smtp_auth_disabled");
  g_assert_true (aka);
}

/* Gmail: the human text (no --json) carries the steps, numbered, and the server's words. */
static void
test_gmail_text_output (void)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autofree char *address = NULL;

  if (!mail_test_lab_available ())
    return;

  server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT);
  mail_lab_scripted_server_set_greeting (server, "* OK Gimap ready for requests from 127.0.0.1");
  mail_lab_scripted_server_set_capability (server,
      "IMAP4rev1 UNSELECT IDLE NAMESPACE QUOTA ID XLIST "
                                           "CHILDREN X-GM-EXT-1 XYZZY SASL-IR AUTH=XOAUTH2 "
                                           "AUTH=PLAIN AUTH=OAUTHBEARER");
  mail_lab_scripted_server_set_stage_lines (server, "auth",
                                            "NO [ALERT] Too many simultaneous connections. "
                                            "(Failure)",
                                            NULL);
  g_assert_true (mail_lab_scripted_server_start (server, &error));
  g_assert_no_error (error);

  address = g_strdup_printf ("localhost:%u", mail_lab_scripted_server_get_port (server));
  run = mail_test_cli_run (NULL, TOKEN "\n", (const char *[]) {
    "test", "someone@gmail.com", "--imap", address, "--imap-security", "tls", "--no-smtp",
    "--auth", "oauth2", "--token-stdin", "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), NULL });

  g_assert_cmpint (run->status, ==, 1);
  g_assert_null (strstr (run->out, TOKEN));
  g_assert_nonnull (strstr (run->out, "15"));
  g_assert_nonnull (strstr (run->out, "1. "));
  g_assert_nonnull (strstr (run->out, "NO [ALERT] Too many simultaneous connections. (Failure)"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/diagnosis-lab/microsoft-imap-disabled", test_microsoft_imap_disabled);
  g_test_add_func ("/diagnosis-lab/same-words-other-advice", test_same_words_other_advice);
  g_test_add_func ("/diagnosis-lab/microsoft-smtp-auth-disabled",
      test_microsoft_smtp_auth_disabled);
  g_test_add_func ("/diagnosis-lab/gmail-text-output", test_gmail_text_output);

  return g_test_run ();
}
