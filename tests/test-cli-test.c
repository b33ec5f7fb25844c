/* test-cli-test.c: `mail-setup-cli test` as a person or a script runs it, against the lab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <unistd.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

typedef struct
{
  int         status;
  char       *out;
  char       *err;
  JsonNode   *json;
} CliRun;

static void
cli_run_free (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_pointer (&run->json, json_node_unref);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliRun, cli_run_free)

static gboolean
lab_available (void)
{
  if (g_getenv ("MAIL_LAB_PROVIDER_FILE") == NULL)
    {
      g_test_skip ("the lab is not running (use tests/lab/with-lab.sh)");
      return FALSE;
    }
  return TRUE;
}

/* Runs mail-setup-cli with argv (NULL-terminated, without the program) and stdin_text. */
static CliRun *
run_cli (const char         *stdin_text,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = NULL;
  CliRun *run = g_new0 (CliRun, 1);
  int fd;

  g_ptr_array_add (argv, (char *) g_getenv ("MAIL_SETUP_CLI"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  /* Standard input from a file, not a pipe: a usage error ends the CLI before it reads, and
   * writing into a pipe nobody reads any more would kill the test with SIGPIPE. */
  fd = g_file_open_tmp ("cli-stdin-XXXXXX", &input, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (input, stdin_text ? stdin_text : "", -1, &error);
  g_assert_no_error (error);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_unlink (input);
  run->status = g_subprocess_get_exit_status (process);

  if (run->out != NULL && run->out[0] == '{')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, run->out, -1, NULL))
        run->json = json_node_ref (json_parser_get_root (parser));
    }
  return run;
}

static JsonObject *
check_at (CliRun *run,
          guint   index)
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
assert_no_secret (CliRun     *run,
                  const char *secret)
{
  g_assert_null (strstr (run->out, secret));
  g_assert_null (strstr (run->err, secret));
}

static void
test_password_success_json (void)
{
  g_autofree char *input = NULL;
  g_autoptr(CliRun) run = NULL;
  JsonObject *root, *imap, *smtp;
  JsonArray *steps;
  const char *imap_steps[] = { "resolve", "connect", "tls", "greeting", "capability",
                               "authenticate", "select", "logout" };

  if (!lab_available ())
    return;

  input = g_strdup_printf ("%s\n", g_getenv ("MAIL_LAB_PASSWORD"));
  run = run_cli (input, (const char *[]) {
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

  assert_no_secret (run, g_getenv ("MAIL_LAB_PASSWORD"));
}

static void
test_wrong_password_text (void)
{
  g_autoptr(CliRun) run = NULL;
  g_autoptr(CliRun) json_run = NULL;
  const char *secret = "not-the-password-31415";
  const char *const args[] = {
    "test", g_getenv ("MAIL_LAB_USER"), "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"),
    "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), "--password-stdin", NULL };
  const char *const json_args[] = {
    "test", g_getenv ("MAIL_LAB_USER"), "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"),
    "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), "--password-stdin", "--json", NULL };

  if (!lab_available ())
    return;

  run = run_cli (secret, args);
  g_assert_cmpint (run->status, ==, 1);
  /* Plain words and the server's own words, not only a code. */
  g_assert_nonnull (strstr (run->out, "✗ authenticate"));
  g_assert_nonnull (strstr (run->out, "AUTHENTICATIONFAILED"));
  assert_no_secret (run, secret);

  json_run = run_cli (secret, json_args);
  g_assert_cmpint (json_run->status, ==, 1);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (json_run->json), "ok"));
  g_assert_cmpstr (diagnosis_code (check_at (json_run, 0)), ==, "auth-invalid-credentials");
  g_assert_cmpstr (diagnosis_code (check_at (json_run, 1)), ==, "auth-invalid-credentials");
  assert_no_secret (json_run, secret);
}

static void
test_closed_port_no_smtp (void)
{
  g_autofree char *imap = NULL;
  g_autoptr(CliRun) run = NULL;
  JsonArray *checks;

  if (!lab_available ())
    return;

  imap = g_strdup_printf ("127.0.0.1:%s", g_getenv ("MAIL_LAB_CLOSED_PORT"));
  run = run_cli ("secret\n", (const char *[]) {
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
      g_autoptr(CliRun) run = run_cli (cases[i].stdin_text, cases[i].args);

      g_test_message ("case %u: %s", i, run->err);
      g_assert_cmpint (run->status, ==, 2);
      /* Explained on stderr, in a sentence. */
      g_assert_true (g_str_has_prefix (run->err, "mail-setup-cli: "));
      g_assert_cmpuint (strlen (run->err), >, 25);
    }
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
  return g_test_run ();
}
