/* test-cli-test.c: `mail-setup-cli test` as a person or a script runs it, against the lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "discovery-test-server.h"
#include "mail-lab-scripted-server.h"
#include "mail-test-lib.h"
#include "mail-test-probe.h"

static JsonObject *
check_at (MailTestCliRun *run,
          guint           index)
{
  JsonArray *checks;

  g_assert_nonnull (run->json);
  checks = json_object_get_array_member (json_node_get_object (run->json), "checks");
  g_assert_cmpuint (json_array_get_length (checks), >, index);
  return json_array_get_object_element (checks, index);
}

static const char *
diagnosis_code (JsonObject *check)
{
  JsonNode *node = json_object_get_member (check, "diagnosis");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return json_object_get_string_member (json_node_get_object (node), "code");
}

static void
test_password_success_json (void)
{
  g_autofree char *input = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  JsonObject *root, *imap, *smtp;
  JsonArray *steps;
  const char *imap_steps[] = { "resolve", "connect", "tls", "greeting", "capability",
                               "authenticate", "select", "logout" };

  if (!mail_test_lab_available ())
    return;

  input = g_strdup_printf ("%s\n", g_getenv ("MAIL_LAB_PASSWORD"));
  run = mail_test_cli_run (NULL, input, (const char *[]) {
    "test", g_getenv ("MAIL_LAB_USER"), "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"),
    "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), "--password-stdin", "--json", NULL });

  g_assert_cmpint (run->status, ==, 0);
  g_assert_nonnull (run->json);
  root = json_node_get_object (run->json);
  g_assert_true (json_object_get_boolean_member (root, "ok"));
  g_assert_cmpstr (json_object_get_string_member (root, "email"), ==, g_getenv ("MAIL_LAB_USER"));
  g_assert_cmpstr (json_object_get_string_member (root, "provider"), ==, "lab");

  imap = check_at (run, 0);
  g_assert_cmpstr (json_object_get_string_member (imap, "protocol"), ==, "imap");
  g_assert_cmpstr (json_object_get_string_member (imap, "security"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (imap, "auth"), ==, "password");
  g_assert_true (json_object_get_boolean_member (imap, "ok"));
  g_assert_null (diagnosis_code (imap));
  steps = json_object_get_array_member (imap, "steps");
  g_assert_cmpuint (json_array_get_length (steps), ==, G_N_ELEMENTS (imap_steps));
  for (guint i = 0; i < G_N_ELEMENTS (imap_steps); i++)
    {
      JsonObject *step = json_array_get_object_element (steps, i);

      g_assert_cmpstr (json_object_get_string_member (step, "name"), ==, imap_steps[i]);
      g_assert_true (json_object_get_boolean_member (step, "ok"));
      g_assert_cmpfloat (json_object_get_double_member (step, "ms"), >=, 0.0);
    }

  smtp = check_at (run, 1);
  g_assert_cmpstr (json_object_get_string_member (smtp, "protocol"), ==, "smtp");
  g_assert_cmpstr (json_object_get_string_member (smtp, "security"), ==, "starttls");
  g_assert_true (json_object_get_boolean_member (smtp, "ok"));

  mail_test_cli_run_assert_no_secret (run, g_getenv ("MAIL_LAB_PASSWORD"));
}

static void
test_wrong_password_text (void)
{
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(MailTestCliRun) json_run = NULL;
  const char *secret = "not-the-password-31415";
  const char *const args[] = {
    "test", g_getenv ("MAIL_LAB_USER"), "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"),
    "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), "--password-stdin", NULL };
  const char *const json_args[] = {
    "test", g_getenv ("MAIL_LAB_USER"), "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"),
    "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), "--password-stdin", "--json", NULL };

  if (!mail_test_lab_available ())
    return;

  run = mail_test_cli_run (NULL, secret, args);
  g_assert_cmpint (run->status, ==, 1);
  /* Plain words and the server's own words, not only a code. */
  g_assert_nonnull (strstr (run->out, "✗ authenticate"));
  g_assert_nonnull (strstr (run->out, "AUTHENTICATIONFAILED"));
  mail_test_cli_run_assert_no_secret (run, secret);

  json_run = mail_test_cli_run (NULL, secret, json_args);
  g_assert_cmpint (json_run->status, ==, 1);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (json_run->json), "ok"));
  g_assert_cmpstr (diagnosis_code (check_at (json_run, 0)), ==, "auth-invalid-credentials");
  g_assert_cmpstr (diagnosis_code (check_at (json_run, 1)), ==, "auth-invalid-credentials");
  mail_test_cli_run_assert_no_secret (json_run, secret);
}

static void
test_closed_port_no_smtp (void)
{
  g_autofree char *imap = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  JsonArray *checks;

  if (!mail_test_lab_available ())
    return;

  imap = g_strdup_printf ("127.0.0.1:%s", g_getenv ("MAIL_LAB_CLOSED_PORT"));
  run = mail_test_cli_run (NULL, "secret\n", (const char *[]) {
    "test", "someone@example.org", "--imap", imap, "--no-smtp", "--password-stdin", "--json",
    NULL });

  g_assert_cmpint (run->status, ==, 1);
  checks = json_object_get_array_member (json_node_get_object (run->json), "checks");
  g_assert_cmpuint (json_array_get_length (checks), ==, 1);
  g_assert_cmpstr (diagnosis_code (check_at (run, 0)), ==, "connect-refused");
}

static void
test_usage_errors (void)
{
  struct { const char *stdin_text; const char *args[8]; } cases[] = {
    { "x\n", { "test", "not-an-address", "--imap", "localhost", "--password-stdin", NULL } },
    { "x\n", { "test", "a@example.org", "--imap", "localhost:99999", "--password-stdin", NULL } },
    { "x\n", { "test", "a@example.org", "--imap", "localhost", "--imap-security", "ssl3",
               "--password-stdin", NULL } },
    { "", { "test", "a@example.org", "--imap", "localhost", "--no-smtp", "--password-stdin", NULL } },
    { "x\n", { "test", "a@example.org", "--password-stdin", "--token-stdin", NULL } },
    { "x\n", { "test", "a@example.org", "--no-imap", "--no-smtp", NULL } },
    { "x\n", { "test", "a@example.org", "--frobnicate", NULL } },
    { "x\n", { "test", "a@example.org", "--ca-file", "/nonexistent/ca.pem", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MailTestCliRun) run = mail_test_cli_run (NULL, cases[i].stdin_text, cases[i].args);

      g_test_message ("case %u: %s", i, run->err);
      g_assert_cmpint (run->status, ==, 2);
      /* Explained on stderr, in a sentence. */
      g_assert_true (g_str_has_prefix (run->err, "mail-setup-cli: "));
      g_assert_cmpuint (strlen (run->err), >, 25);
    }
}

/* Discovery through test hooks that never reach the network: DNS from a table, autoconfig
 * from a local plain-HTTP server (and the ISP database from the same, where nothing is). */
typedef struct
{
  DiscoveryTestServer *http;
  char                *dir;
  char                *dns_file;
  char                *env[4];
} Hooks;

static void
hooks_set_up (Hooks      *hooks,
              const char *dns_table)
{
  hooks->http = discovery_test_server_new ();
  hooks->dir = g_dir_make_tmp ("test-cli-test-XXXXXX", NULL);
  hooks->dns_file = g_build_filename (hooks->dir, "dns.ini", NULL);
  g_assert_true (g_file_set_contents (hooks->dns_file, dns_table, -1, NULL));
  hooks->env[0] = g_strconcat ("MAIL_SETUP_TEST_DNS_FILE=", hooks->dns_file, NULL);
  hooks->env[1] = g_strconcat ("MAIL_SETUP_AUTOCONFIG_BASE=",
                               discovery_test_server_get_base (hooks->http), NULL);
  hooks->env[2] = g_strconcat ("MAIL_SETUP_ISPDB_BASE=",
                               discovery_test_server_get_base (hooks->http), "/ispdb/", NULL);
  hooks->env[3] = NULL;
}

static void
hooks_tear_down (Hooks *hooks)
{
  discovery_test_server_free (hooks->http);
  g_unlink (hooks->dns_file);
  g_rmdir (hooks->dir);
  g_free (hooks->dns_file);
  g_free (hooks->dir);
  for (guint i = 0; i < G_N_ELEMENTS (hooks->env); i++)
    g_free (hooks->env[i]);
}

static gboolean
saw_sign_in (MailLabScriptedServer *server,
             const char            *secret)
{
  return mail_lab_scripted_server_received_contains (server, "AUTH") ||
         mail_lab_scripted_server_received_contains (server, "LOGIN") ||
         mail_lab_scripted_server_received_contains (server, secret);
}

/* An autoconfig document over plain HTTP naming servers of another domain (this computer's):
 * the password is not sent unless the person names the server or accepts what was found. */
static void
test_untrusted_discovery_refused (void)
{
  g_autoptr(MailLabScriptedServer) imap = NULL;
  g_autoptr(MailLabScriptedServer) smtp = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  g_autoptr(MailTestCliRun) json_run = NULL;
  g_autoptr(MailTestCliRun) half = NULL;
  g_autoptr(MailTestCliRun) accepted = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *imap_arg = NULL;
  const char *secret = "carol-password-2718";
  const char *ca = g_getenv ("MAIL_LAB_CA_FILE");
  Hooks hooks = { 0 };
  JsonObject *root, *diagnosis;
  JsonArray *untrusted;

  if (!mail_test_lab_available ())
    return;

  imap = mail_test_start_scripted (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_IMPLICIT);
  smtp = mail_test_start_scripted (MAIL_LAB_PROTOCOL_SMTP, MAIL_LAB_TLS_STARTTLS);
  hooks_set_up (&hooks, "[nothing.test]\nA=127.0.0.9\n");
  doc = g_strdup_printf (
    "<clientConfig version=\"1.1\"><emailProvider id=\"untrusted.test\">"
    "<incomingServer type=\"imap\"><hostname>localhost</hostname><port>%u</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>"
    "<outgoingServer type=\"smtp\"><hostname>localhost</hostname><port>%u</port>"
    "<socketType>STARTTLS</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></outgoingServer>"
    "</emailProvider></clientConfig>",
    mail_lab_scripted_server_get_port (imap), mail_lab_scripted_server_get_port (smtp));
  discovery_test_server_add (hooks.http, "/autoconfig.untrusted.test/mail/config-v1.1.xml",
                             doc, strlen (doc), 0);

  run = mail_test_cli_run ((const char * const *) hooks.env, secret, (const char *[]) {
    "test", "carol@untrusted.test", "--ca-file", ca, "--password-stdin", NULL });
  g_assert_cmpint (run->status, ==, 2);
  /* Which server, found where, why, and how to go on. */
  g_assert_nonnull (strstr (run->err, "IMAP server localhost:"));
  g_assert_nonnull (strstr (run->err, "SMTP server localhost:"));
  g_assert_nonnull (strstr (run->err, "plain HTTP"));
  g_assert_nonnull (strstr (run->err, "--accept-discovered"));
  g_assert_nonnull (strstr (run->err, "--imap"));
  mail_test_cli_run_assert_no_secret (run, secret);
  /* Nothing reached the servers: no greeting read, no sign-in. */
  g_assert_false (mail_lab_scripted_server_received_contains (imap, "CAPABILITY"));
  g_assert_false (mail_lab_scripted_server_received_contains (smtp, "EHLO"));
  g_assert_false (saw_sign_in (imap, secret));
  g_assert_false (saw_sign_in (smtp, secret));

  json_run = mail_test_cli_run ((const char * const *) hooks.env, secret, (const char *[]) {
    "test", "carol@untrusted.test", "--ca-file", ca, "--password-stdin", "--json", NULL });
  g_assert_cmpint (json_run->status, ==, 2);
  g_assert_nonnull (json_run->json);
  root = json_node_get_object (json_run->json);
  g_assert_false (json_object_get_boolean_member (root, "ok"));
  diagnosis = json_object_get_object_member (root, "diagnosis");
  g_assert_cmpstr (json_object_get_string_member (diagnosis, "code"), ==, "settings-untrusted");
  g_assert_nonnull (strstr (json_object_get_string_member (diagnosis, "explanation"),
                            "plain HTTP"));
  untrusted = json_object_get_array_member (root, "untrusted");
  g_assert_cmpuint (json_array_get_length (untrusted), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (untrusted, 0),
                                                  "protocol"), ==, "imap");
  g_assert_false (saw_sign_in (imap, secret));

  /* The IMAP server named: only the discovered SMTP server is held back. */
  imap_arg = g_strdup_printf ("localhost:%u", mail_lab_scripted_server_get_port (imap));
  half = mail_test_cli_run ((const char * const *) hooks.env, secret, (const char *[]) {
    "test", "carol@untrusted.test", "--imap", imap_arg, "--ca-file", ca, "--password-stdin",
    "--json", NULL });
  g_assert_cmpint (half->status, ==, 2);
  untrusted = json_object_get_array_member (json_node_get_object (half->json), "untrusted");
  g_assert_cmpuint (json_array_get_length (untrusted), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (untrusted, 0),
                                                  "protocol"), ==, "smtp");
  g_assert_false (saw_sign_in (imap, secret));
  g_assert_false (saw_sign_in (smtp, secret));

  /* Accepted: the same servers, signed in to. */
  accepted = mail_test_cli_run ((const char * const *) hooks.env, secret, (const char *[]) {
    "test", "carol@untrusted.test", "--ca-file", ca, "--password-stdin", "--accept-discovered",
    "--json", NULL });
  g_test_message ("%s", accepted->err);
  g_assert_cmpint (accepted->status, ==, 0);
  g_assert_true (saw_sign_in (imap, secret));
  g_assert_true (saw_sign_in (smtp, secret));
  mail_test_cli_run_assert_no_secret (accepted, secret);

  hooks_tear_down (&hooks);
}

/* No encryption: only a server on this computer that the person named gets the secret; a
 * "localhost" that discovery found does not, even when accepted. */
static void
test_plain_loopback_only_given (void)
{
  g_autoptr(MailLabScriptedServer) imap = NULL;
  g_autoptr(MailTestCliRun) discovered = NULL;
  g_autoptr(MailTestCliRun) given = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *imap_arg = NULL;
  const char *secret = "dan-password-1618";
  Hooks hooks = { 0 };

  if (!mail_test_lab_available ())
    return;

  imap = mail_test_start_scripted (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
  hooks_set_up (&hooks, "[nothing.test]\nA=127.0.0.9\n");
  doc = g_strdup_printf (
    "<clientConfig version=\"1.1\"><emailProvider id=\"plain.test\">"
    "<incomingServer type=\"imap\"><hostname>localhost</hostname><port>%u</port>"
    "<socketType>plain</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>"
    "</emailProvider></clientConfig>", mail_lab_scripted_server_get_port (imap));
  discovery_test_server_add (hooks.http, "/autoconfig.plain.test/mail/config-v1.1.xml",
                             doc, strlen (doc), 0);

  discovered = mail_test_cli_run ((const char * const *) hooks.env, secret, (const char *[]) {
    "test", "dan@plain.test", "--no-smtp", "--password-stdin", "--accept-discovered", "--json",
    NULL });
  g_assert_cmpint (discovered->status, ==, 1);
  g_assert_cmpstr (diagnosis_code (check_at (discovered, 0)), ==, "auth-unencrypted");
  g_assert_false (saw_sign_in (imap, secret));

  imap_arg = g_strdup_printf ("localhost:%u", mail_lab_scripted_server_get_port (imap));
  given = mail_test_cli_run ((const char * const *) hooks.env, secret, (const char *[]) {
    "test", "dan@plain.test", "--no-smtp", "--imap", imap_arg, "--imap-security", "none",
    "--password-stdin", "--json", NULL });
  g_assert_cmpint (given->status, ==, 0);
  g_assert_true (saw_sign_in (imap, secret));
  mail_test_cli_run_assert_no_secret (given, secret);

  hooks_tear_down (&hooks);
}

/* --no-imap with the SMTP server given: nothing is looked up, whatever discovery would say
 * (here: DNS answers and autoconfig that take longer than the whole command may). The time
 * limit leaves room for Dovecot's delay after the wrong passwords of other tests. */
static void
test_no_imap_no_discovery (void)
{
  g_autofree char *smtp = NULL;
  g_autofree char *input = NULL;
  g_autofree char *doc = g_strdup ("<clientConfig version=\"1.1\"/>");
  g_autoptr(MailTestCliRun) run = NULL;
  Hooks hooks = { 0 };
  JsonArray *checks;

  if (!mail_test_lab_available ())
    return;

  hooks_set_up (&hooks, "[resolver]\nDelay=60000\n");
  discovery_test_server_add (hooks.http, "/autoconfig.example.test/mail/config-v1.1.xml",
                             doc, strlen (doc), 60000);
  smtp = g_strdup_printf ("localhost:%s", g_getenv ("MAIL_LAB_SUBMISSION_PORT"));
  input = g_strdup_printf ("%s\n", g_getenv ("MAIL_LAB_PASSWORD"));

  run = mail_test_cli_run ((const char * const *) hooks.env, input, (const char *[]) {
    "test", g_getenv ("MAIL_LAB_USER"), "--no-imap", "--smtp", smtp, "--smtp-security",
    "starttls", "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), "--password-stdin", "--timeout", "20",
    "--json", NULL });
  g_test_message ("%s", run->err);
  /* No lookup at all: the autoconfig server was never asked. */
  g_assert_cmpuint (discovery_test_server_get_hits (hooks.http), ==, 0);
  g_assert_cmpint (run->status, ==, 0);
  checks = json_object_get_array_member (json_node_get_object (run->json), "checks");
  g_assert_cmpuint (json_array_get_length (checks), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (check_at (run, 0), "protocol"), ==, "smtp");
  mail_test_cli_run_assert_no_secret (run, g_getenv ("MAIL_LAB_PASSWORD"));

  /* The same the other way round. */
  {
    g_autofree char *imap = g_strdup_printf ("localhost:%s", g_getenv ("MAIL_LAB_IMAPS_PORT"));
    g_autoptr(MailTestCliRun) imap_only = NULL;

    imap_only = mail_test_cli_run ((const char * const *) hooks.env, input, (const char *[]) {
      "test", g_getenv ("MAIL_LAB_USER"), "--no-smtp", "--imap", imap, "--ca-file",
      g_getenv ("MAIL_LAB_CA_FILE"), "--password-stdin", "--timeout", "20", "--json", NULL });

    g_test_message ("%s", imap_only->err);
    g_assert_cmpuint (discovery_test_server_get_hits (hooks.http), ==, 0);
    g_assert_cmpint (imap_only->status, ==, 0);
    g_assert_cmpstr (json_object_get_string_member (check_at (imap_only, 0), "protocol"), ==,
                     "imap");
  }

  hooks_tear_down (&hooks);
}

/* STARTTLS to the implicit-TLS port: the CLI names the flags that work, and --json has them. */
static void
test_suggested_settings (void)
{
  g_autofree char *imap = NULL;
  g_autofree char *flags = NULL;
  g_autoptr(MailTestCliRun) text = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  JsonObject *suggested;

  if (!mail_test_lab_available ())
    return;

  imap = g_strdup_printf ("localhost:%s", g_getenv ("MAIL_LAB_IMAPS_PORT"));
  flags = g_strdup_printf ("--imap localhost:%s --imap-security tls",
                           g_getenv ("MAIL_LAB_IMAPS_PORT"));
  text = mail_test_cli_run (NULL, "secret\n", (const char *[]) {
    "test", "someone@example.org", "--imap", imap, "--imap-security", "starttls", "--no-smtp",
    "--password-stdin", "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), NULL });
  g_assert_cmpint (text->status, ==, 1);
  g_assert_nonnull (strstr (text->out, "These settings work"));
  g_assert_nonnull (strstr (text->out, flags));

  run = mail_test_cli_run (NULL, "secret\n", (const char *[]) {
    "test", "someone@example.org", "--imap", imap, "--imap-security", "starttls", "--no-smtp",
    "--password-stdin", "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), "--json", NULL });
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (diagnosis_code (check_at (run, 0)), ==, "wrong-security-mode");
  suggested = json_object_get_object_member (check_at (run, 0), "suggested_settings");
  g_assert_nonnull (suggested);
  g_assert_cmpstr (json_object_get_string_member (suggested, "protocol"), ==, "imap");
  g_assert_cmpstr (json_object_get_string_member (suggested, "host"), ==, "localhost");
  g_assert_cmpint (json_object_get_int_member (suggested, "port"), ==,
                   g_ascii_strtoll (g_getenv ("MAIL_LAB_IMAPS_PORT"), NULL, 10));
  g_assert_cmpstr (json_object_get_string_member (suggested, "security"), ==, "tls");
  g_assert_cmpstr (json_object_get_string_member (suggested, "flags"), ==, flags);
  /* The secret went nowhere near the alternative: it is in no output. */
  g_assert_null (strstr (run->out, "secret"));
}

/* A refused port: the provider's own server on the same host is the one offered. */
static void
test_suggested_provider_server (void)
{
  g_autofree char *imap = NULL;
  g_autoptr(MailTestCliRun) run = NULL;
  JsonObject *suggested;

  if (!mail_test_lab_available ())
    return;

  imap = g_strdup_printf ("localhost:%s", g_getenv ("MAIL_LAB_CLOSED_PORT"));
  run = mail_test_cli_run (NULL, "secret\n", (const char *[]) {
    "test", g_getenv ("MAIL_LAB_USER"), "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"),
    "--imap", imap, "--imap-security", "tls", "--no-smtp", "--password-stdin",
    "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), "--json", NULL });
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (diagnosis_code (check_at (run, 0)), ==, "connect-refused");
  suggested = json_object_get_object_member (check_at (run, 0), "suggested_settings");
  g_assert_nonnull (suggested);
  g_assert_cmpint (json_object_get_int_member (suggested, "port"), ==,
                   g_ascii_strtoll (g_getenv ("MAIL_LAB_IMAPS_PORT"), NULL, 10));
  g_assert_cmpstr (json_object_get_string_member (suggested, "security"), ==, "tls");
}

/* A refused port found by discovery: the autoconfig document's other IMAP server on the same
 * host is the one offered (discovery's other candidates, MailAccountSettings.other_servers). */
static void
test_suggested_discovery_candidate (void)
{
  g_autoptr(MailTestCliRun) run = NULL;
  g_autofree char *doc = NULL;
  const char *secret = "erin-password-3141";
  Hooks hooks = { 0 };
  JsonObject *suggested;

  if (!mail_test_lab_available ())
    return;

  hooks_set_up (&hooks, "[nothing.test]\nA=127.0.0.9\n");
  doc = g_strdup_printf (
    "<clientConfig version=\"1.1\"><emailProvider id=\"multi.test\">"
    "<incomingServer type=\"imap\"><hostname>localhost</hostname><port>%s</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>"
    "<incomingServer type=\"imap\"><hostname>localhost</hostname><port>%s</port>"
    "<socketType>SSL</socketType><username>%%EMAILADDRESS%%</username>"
    "<authentication>password-cleartext</authentication></incomingServer>"
    "</emailProvider></clientConfig>",
    g_getenv ("MAIL_LAB_CLOSED_PORT"), g_getenv ("MAIL_LAB_IMAPS_PORT"));
  discovery_test_server_add (hooks.http, "/autoconfig.multi.test/mail/config-v1.1.xml",
                             doc, strlen (doc), 0);

  run = mail_test_cli_run ((const char * const *) hooks.env, secret, (const char *[]) {
    "test", "erin@multi.test", "--no-smtp", "--password-stdin", "--accept-discovered",
    "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), "--json", NULL });
  g_test_message ("%s", run->err);
  g_assert_cmpint (run->status, ==, 1);
  g_assert_cmpstr (diagnosis_code (check_at (run, 0)), ==, "connect-refused");
  suggested = json_object_get_object_member (check_at (run, 0), "suggested_settings");
  g_assert_nonnull (suggested);
  g_assert_cmpstr (json_object_get_string_member (suggested, "host"), ==, "localhost");
  g_assert_cmpint (json_object_get_int_member (suggested, "port"), ==,
                   g_ascii_strtoll (g_getenv ("MAIL_LAB_IMAPS_PORT"), NULL, 10));
  g_assert_cmpstr (json_object_get_string_member (suggested, "security"), ==, "tls");
  mail_test_cli_run_assert_no_secret (run, secret);

  hooks_tear_down (&hooks);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/test/password-success-json", test_password_success_json);
  g_test_add_func ("/cli/test/wrong-password", test_wrong_password_text);
  g_test_add_func ("/cli/test/closed-port", test_closed_port_no_smtp);
  g_test_add_func ("/cli/test/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/test/untrusted-discovery-refused", test_untrusted_discovery_refused);
  g_test_add_func ("/cli/test/no-imap-no-discovery", test_no_imap_no_discovery);
  g_test_add_func ("/cli/test/plain-loopback-only-given", test_plain_loopback_only_given);
  g_test_add_func ("/cli/test/suggested-settings", test_suggested_settings);
  g_test_add_func ("/cli/test/suggested-provider-server", test_suggested_provider_server);
  g_test_add_func ("/cli/test/suggested-discovery-candidate", test_suggested_discovery_candidate);
  return g_test_run ();
}
