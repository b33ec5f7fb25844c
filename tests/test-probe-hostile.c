/* test-probe-hostile.c: the connection test against servers that attack or misbehave
 *
 * A scripted server (tests/lab/mail-lab-scripted-server.c) plays a network attacker or a broken
 * server: PREAUTH instead of STARTTLS, STARTTLS dropped or refused, bytes injected after the
 * STARTTLS answer, endless and huge lines, terminal escape sequences, and silence at each step.
 * Each test states the promise it proves. Run inside tests/lab/with-lab.sh (certificates);
 * skipped without MAIL_LAB_DIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mail-lab-scripted-server.h"
#include "mail-probe.h"
#include "mail-transcript.h"
#include "mail-test-lib.h"
#include "mail-test-probe.h"

#define FAKE_PASSWORD "lab-hostile-pass-4711"
#define EMAIL         "someone@example.org"

static MailLabScriptedServer *
new_server (MailLabProtocol protocol,
            MailLabTls      tls)
{
  return mail_lab_scripted_server_new (protocol, tls);
}

static MailProbe *
probe_for (MailLabScriptedServer *server,
           MailProtocol           protocol,
           MailSecurity           security)
{
  return mail_test_scripted_probe (server, protocol, security, EMAIL, MAIL_AUTH_PASSWORD,
                                   FAKE_PASSWORD, FALSE);
}

static void
assert_explains (const MailCheckResult *result,
                 const char            *words)
{
  g_assert_nonnull (strstr (result->diagnosis->explanation, words));
}

/* Nothing of the credential, and no sign-in or mailbox command, reached the server. */
static void
assert_nothing_sent (MailLabScriptedServer *server)
{
  g_assert_false (mail_lab_scripted_server_received_contains (server, "AUTHENTICATE"));
  g_assert_false (mail_lab_scripted_server_received_contains (server, "LOGIN"));
  g_assert_false (mail_lab_scripted_server_received_contains (server, "AUTH "));
  g_assert_false (mail_lab_scripted_server_received_contains (server, "EXAMINE"));
  g_assert_false (mail_lab_scripted_server_received_contains (server, "MAIL FROM"));
}

static gsize
transcript_bytes (const MailCheckResult *result)
{
  gsize total = 0;

  for (guint i = 0; i < result->transcript->len; i++)
    total += strlen (g_ptr_array_index (result->transcript, i));
  return total;
}

static void
assert_bounded (const MailCheckResult *result)
{
  g_assert_cmpuint (transcript_bytes (result), <=, MAIL_TRANSCRIPT_MAX_BYTES + 64);
  if (result->diagnosis->server_text != NULL)
    g_assert_cmpuint (strlen (result->diagnosis->server_text), <=, 4 * 1024 + 64);
  g_assert_cmpuint (strlen (result->diagnosis->explanation), <=, 8 * 1024);
}

/* ---------------------------------------------------------------------------------------- */
/* Promise: no success without the encryption asked for                                       */

/* Each row a way to keep the connection readable; the check fails with starttls-unavailable at
 * at, says why in words, and sends nothing:
 * - "* PREAUTH" on a plain or STARTTLS connection: anyone on the network can send it to skip
 *   STARTTLS and sign-in;
 * - STARTTLS missing from the capabilities (IMAP CAPABILITY, the greeting's [CAPABILITY] code,
 *   SMTP EHLO): an attacker strips it to keep the connection readable;
 * - STARTTLS answered with anything but IMAP OK / SMTP 220: the connection stays plain;
 * - bytes after the STARTTLS answer and before the handshake (STARTTLS command injection,
 *   CVE-2011-0411) are never read as if they came through TLS. */
typedef struct
{
  const char     *path;            /* below /probe-hostile/; rows of one path run in one test */
  MailLabProtocol protocol;
  MailLabTls      tls;
  MailSecurity    security;
  const char     *greeting;        /* NULL: the server's own */
  const char     *starttls_answer; /* NULL: the server's own */
  const char     *after_starttls;  /* bytes sent right after the answer */
  const char     *at;
  const char     *words[3];        /* the explanation says these */
  gboolean        quotes_server;   /* the diagnosis quotes the server */
  gboolean        no_starttls;     /* not even STARTTLS was sent */
} DowngradeCase;

#define PREAUTH_GREETING "* PREAUTH IMAP4rev1 server logged in as someone"
#define SKIPPED          "skipped encryption"

static const DowngradeCase downgrade_cases[] = {
  { "preauth/plain", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE, MAIL_SECURITY_NONE,
    PREAUTH_GREETING, NULL, NULL, "greeting", { SKIPPED, "PREAUTH", "attacker" }, FALSE, TRUE },
  { "preauth/starttls", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_STARTTLS, MAIL_SECURITY_STARTTLS,
    PREAUTH_GREETING, NULL, NULL, "greeting", { SKIPPED, "PREAUTH", "attacker" }, FALSE, TRUE },
  { "starttls/not-offered", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE, MAIL_SECURITY_STARTTLS,
    NULL, NULL, NULL, "starttls", { SKIPPED } },
  { "starttls/not-offered", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE, MAIL_SECURITY_STARTTLS,
    "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready", NULL, NULL, "starttls", { SKIPPED } },
  { "starttls/not-offered", MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_NONE, MAIL_SECURITY_STARTTLS,
    NULL, NULL, NULL, "starttls", { SKIPPED } },
  { "starttls/refused", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_STARTTLS, MAIL_SECURITY_STARTTLS,
    NULL, "NO STARTTLS is switched off", NULL, "starttls", { SKIPPED }, TRUE },
  { "starttls/refused", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_STARTTLS, MAIL_SECURITY_STARTTLS,
    NULL, "BAD Unknown command", NULL, "starttls", { SKIPPED }, TRUE },
  { "starttls/refused", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_STARTTLS, MAIL_SECURITY_STARTTLS,
    NULL, "* BYE going away", NULL, "starttls", { SKIPPED }, TRUE },
  { "starttls/refused", MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, MAIL_SECURITY_STARTTLS,
    NULL, "454 4.7.0 TLS not available due to local problem", NULL, "starttls", { SKIPPED },
    TRUE },
  { "starttls/refused", MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, MAIL_SECURITY_STARTTLS,
    NULL, "502 5.5.1 Unrecognized command", NULL, "starttls", { SKIPPED }, TRUE },
  { "starttls/refused", MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, MAIL_SECURITY_STARTTLS,
    NULL, "250 2.0.0 OK", NULL, "starttls", { SKIPPED }, TRUE },
  { "starttls/injection", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_STARTTLS, MAIL_SECURITY_STARTTLS,
    NULL, NULL, "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n", "starttls", { "injected" } },
  { "starttls/injection", MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, MAIL_SECURITY_STARTTLS,
    NULL, NULL, "250-evil\r\n250 AUTH PLAIN\r\n", "starttls", { "injected" } },
};

static void
run_downgrade_case (const DowngradeCase *row)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  gboolean smtp = row->protocol == MAIL_LAB_PROTOCOL_SMTP;

  server = new_server (row->protocol, row->tls);
  if (row->greeting != NULL)
    mail_lab_scripted_server_set_greeting (server, row->greeting);
  if (row->starttls_answer != NULL)
    mail_lab_scripted_server_set_stage_lines (server, "starttls", row->starttls_answer, NULL);
  if (row->after_starttls != NULL)
    mail_lab_scripted_server_set_after_starttls (server, row->after_starttls);
  mail_test_start_server (server);
  probe = probe_for (server, smtp ? MAIL_PROTOCOL_SMTP : MAIL_PROTOCOL_IMAP, row->security);
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, "starttls-unavailable", row->at);
  for (guint i = 0; i < G_N_ELEMENTS (row->words) && row->words[i] != NULL; i++)
    assert_explains (result, row->words[i]);
  if (row->quotes_server)
    g_assert_nonnull (result->diagnosis->server_text);
  assert_nothing_sent (server);
  if (row->no_starttls)
    g_assert_false (mail_lab_scripted_server_received_contains (server, "STARTTLS"));
}

/* Every row of the path (data) in downgrade_cases. */
static void
test_downgrade (gconstpointer data)
{
  const char *path = data;

  if (!mail_test_lab_available ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (downgrade_cases); i++)
    if (g_str_equal (downgrade_cases[i].path, path))
      run_downgrade_case (&downgrade_cases[i]);
}

/* ---------------------------------------------------------------------------------------- */
/* Promise: server text is bounded                                                             */

typedef struct
{
  const char     *name;
  MailLabProtocol protocol;
  const char     *stage;
  const char     *line1;
  const char     *line2;
  const char     *code;
  const char     *words;
} FloodCase;

static void
test_flood (gconstpointer data)
{
  const FloodCase *flood = data;
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  gboolean smtp = flood->protocol == MAIL_LAB_PROTOCOL_SMTP;

  if (!mail_test_lab_available ())
    return;
  server = new_server (flood->protocol, MAIL_LAB_TLS_IMPLICIT);
  mail_lab_scripted_server_set_stage_lines (server, flood->stage, flood->line1, flood->line2, NULL);
  mail_test_start_server (server);
  probe = probe_for (server, smtp ? MAIL_PROTOCOL_SMTP : MAIL_PROTOCOL_IMAP, MAIL_SECURITY_TLS);
  /* Far longer than the flood needs: the check must end on the bound, not on a timeout. */
  mail_probe_set_timeouts (probe, 60000, 120000);
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, flood->code, g_str_equal (flood->stage, "auth") ? "authenticate"
               : flood->stage);
  assert_explains (result, flood->words);
  assert_bounded (result);
}

static const FloodCase flood_cases[] = {
  { "imap-huge-greeting", MAIL_LAB_PROTOCOL_IMAP, "greeting", MAIL_LAB_FLOOD_LINE "* OK ", NULL,
    "not-a-mail-server", "line that is too long" },
  { "imap-huge-line", MAIL_LAB_PROTOCOL_IMAP, "select", MAIL_LAB_FLOOD_LINE "* OK ", NULL,
    "unknown", "line that is too long" },
  { "imap-endless-lines", MAIL_LAB_PROTOCOL_IMAP, "select", MAIL_LAB_FLOOD_LINES "* 1 EXISTS",
    NULL, "unknown", "in answer to one command" },
  { "imap-endless-long-lines", MAIL_LAB_PROTOCOL_IMAP, "capability",
    MAIL_LAB_FLOOD_LINES "* OK [ALERT] xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    NULL, "unknown", "in answer to one command" },
  { "imap-huge-literal", MAIL_LAB_PROTOCOL_IMAP, "select", "* 1 FETCH (BODY[] {100000000}",
    MAIL_LAB_FLOOD_LINE "", "unknown", "block of data that is too large" },
  { "smtp-huge-greeting", MAIL_LAB_PROTOCOL_SMTP, "greeting", MAIL_LAB_FLOOD_LINE "220 ", NULL,
    "not-a-mail-server", "line that is too long" },
  { "smtp-endless-lines", MAIL_LAB_PROTOCOL_SMTP, "ehlo", MAIL_LAB_FLOOD_LINES "250-PIPELINING",
    NULL, "unknown", "reply that is too long" },
  { "smtp-huge-line", MAIL_LAB_PROTOCOL_SMTP, "auth", MAIL_LAB_FLOOD_LINE "535 5.7.8 ", NULL,
    "unknown", "line that is too long" },
};

/* ---------------------------------------------------------------------------------------- */
/* Promise: a timeout is named as one, with the step that waited                               */

typedef struct
{
  const char     *name;
  MailLabProtocol protocol;
  MailLabTls      tls;
  const char     *stage;       /* the server's script stage */
  const char     *line;        /* sent before the stall, or NULL */
  const char     *step;        /* the diagnosis stage */
  const char     *words;       /* the stage's words in the title */
} StallCase;

static void
test_stall (gconstpointer data)
{
  const StallCase *stall = data;
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  gboolean smtp = stall->protocol == MAIL_LAB_PROTOCOL_SMTP;
  g_autofree char *title = NULL;

  if (!mail_test_lab_available ())
    return;
  server = new_server (stall->protocol, stall->tls);
  if (stall->line != NULL)
    mail_lab_scripted_server_set_stage_lines (server, stall->stage, stall->line, MAIL_LAB_STALL,
                                              NULL);
  else
    mail_lab_scripted_server_set_stage_lines (server, stall->stage, MAIL_LAB_STALL, NULL);
  mail_test_start_server (server);
  probe = probe_for (server, smtp ? MAIL_PROTOCOL_SMTP : MAIL_PROTOCOL_IMAP,
                     stall->tls == MAIL_LAB_TLS_IMPLICIT ? MAIL_SECURITY_TLS
                     : MAIL_SECURITY_STARTTLS);
  mail_probe_set_timeouts (probe, 700, 30000);
  result = mail_test_run_probe (probe);
  mail_test_assert_code (result, "server-timeout", stall->step);
  title = g_strdup_printf ("The server stopped answering %s", stall->words);
  g_assert_cmpstr (result->diagnosis->title, ==, title);
  assert_explains (result, "within the time limit");
  assert_explains (result, "did not answer within 1 second");
}

static const StallCase stall_cases[] = {
  { "imap-greeting", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT, "greeting", NULL,
    "greeting", "while waiting for the server to say hello" },
  { "imap-greeting-plain", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_STARTTLS, "greeting", NULL,
    "greeting", "while waiting for the server to say hello" },
  { "imap-after-starttls", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_STARTTLS, "starttls",
    "OK Begin TLS negotiation now.", "starttls", "while switching the connection to encryption" },
  { "imap-authenticate", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT, "auth", NULL,
    "authenticate", "while signing in" },
  { "imap-select", MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT, "select", NULL,
    "select", "while opening the inbox" },
  { "smtp-ehlo", MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_IMPLICIT, "ehlo", NULL,
    "ehlo", "while introducing this computer to the server" },
  { "smtp-after-starttls", MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS, "starttls",
    "220 2.0.0 Ready to start TLS", "starttls", "while switching the connection to encryption" },
  { "smtp-auth", MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_IMPLICIT, "auth", NULL,
    "authenticate", "while signing in" },
};

/* ---------------------------------------------------------------------------------------- */
/* Through the CLI                                                                             */

/* mail-setup-cli args with the password on stdin; the output looked at as the bytes it is. */
static MailTestCliRun *
cli_with_password (const char *const *args)
{
  MailTestCliRun *run = mail_test_cli_run_full (NULL, MAIL_TEST_RUN_BYTES, FAKE_PASSWORD "\n",
                                                args);

  g_test_message ("stdout: %s", run->out);
  g_test_message ("stderr: %s", run->err);
  return run;
}

static JsonObject *
json_diagnosis (JsonParser *parser,
                const char *out)
{
  g_autoptr(GError) error = NULL;
  JsonArray *checks;
  JsonObject *check;

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  checks = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                         "checks");
  check = json_array_get_object_element (checks, 0);
  g_assert_false (json_object_get_boolean_member (check, "ok"));
  return json_object_get_object_member (check, "diagnosis");
}

/* Control characters in server words never reach a terminal raw: the CLI's text and JSON
 * output show them as visible escapes. */
static void
test_cli_escape_sequences (void)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autofree char *imap = NULL;

  if (!mail_test_lab_available ())
    return;
  server = new_server (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
  mail_lab_scripted_server_set_greeting (server, "* BYE \x1b]0;pwned\x07 \x1b[2J \xc2\x9b" "31m "
                                         "\x7f\xff gone");
  mail_test_start_server (server);
  imap = g_strdup_printf ("127.0.0.1:%u", mail_lab_scripted_server_get_port (server));

  for (guint json = 0; json < 2; json++)
    {
      const char *args[] = { "test", EMAIL, "--imap", imap, "--imap-security", "none",
                             "--no-smtp", "--password-stdin", "--timeout", "10",
                             json ? "--json" : NULL, NULL };
      g_autoptr(MailTestCliRun) run = cli_with_password (args);

      g_assert_cmpint (run->status, !=, 0);
      g_assert_null (strchr (run->out, '\x1b'));
      g_assert_null (strchr (run->err, '\x1b'));
      g_assert_null (strchr (run->out, '\x07'));
      g_assert_null (strchr (run->out, '\x7f'));
      g_assert_null (strstr (run->out, "\xc2\x9b"));
      g_assert_null (strstr (run->err, "\xc2\x9b"));
      g_assert_true (g_utf8_validate (run->out, -1, NULL));
      if (json)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonObject *diagnosis = json_diagnosis (parser, run->out);
          const char *text = json_object_get_string_member (diagnosis, "server_text");

          g_assert_nonnull (strstr (text, "\\x1b]0;pwned\\x07 \\x1b[2J \\u009b31m \\x7f"));
          g_assert_null (strchr (text, '\x1b'));
        }
      else
        g_assert_nonnull (strstr (run->out, "\\x1b]0;pwned\\x07"));
    }
}

/* The CLI's --timeout: a server that stops answering after sign-in is named as a timeout of
 * that step, in words and JSON. */
static void
test_cli_timeout_names_step (void)
{
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autofree char *imap = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *diagnosis;

  if (!mail_test_lab_available ())
    return;
  server = new_server (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
  mail_lab_scripted_server_set_stage_lines (server, "select", MAIL_LAB_STALL, NULL);
  mail_test_start_server (server);
  imap = g_strdup_printf ("127.0.0.1:%u", mail_lab_scripted_server_get_port (server));
  run = cli_with_password ((const char *[]) {
    "test", EMAIL, "--imap", imap, "--imap-security", "none", "--no-smtp", "--password-stdin",
    "--timeout", "2", "--json", NULL });
  g_assert_cmpint (run->status, !=, 0);
  diagnosis = json_diagnosis (parser, run->out);
  g_assert_cmpstr (json_object_get_string_member (diagnosis, "code"), ==, "server-timeout");
  g_assert_cmpstr (json_object_get_string_member (diagnosis, "stage"), ==, "select");
  g_assert_cmpstr (json_object_get_string_member (diagnosis, "title"), ==,
                   "The server stopped answering while opening the inbox");
  g_assert_nonnull (strstr (json_object_get_string_member (diagnosis, "explanation"),
                            "did not answer within 2 seconds"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);

  for (guint i = 0; i < G_N_ELEMENTS (downgrade_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/probe-hostile/", downgrade_cases[i].path, NULL);

      /* Rows of one path follow each other: one test runs them all. */
      if (i == 0 || !g_str_equal (downgrade_cases[i - 1].path, downgrade_cases[i].path))
        g_test_add_data_func (path, downgrade_cases[i].path, test_downgrade);
    }
  for (guint i = 0; i < G_N_ELEMENTS (flood_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe-hostile/bounded/%s", flood_cases[i].name);

      g_test_add_data_func (path, &flood_cases[i], test_flood);
    }
  for (guint i = 0; i < G_N_ELEMENTS (stall_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/probe-hostile/timeout/%s", stall_cases[i].name);

      g_test_add_data_func (path, &stall_cases[i], test_stall);
    }
  g_test_add_func ("/probe-hostile/cli/escape-sequences", test_cli_escape_sequences);
  g_test_add_func ("/probe-hostile/cli/timeout-names-step", test_cli_timeout_names_step);

  return g_test_run ();
}
