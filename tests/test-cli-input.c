/* test-cli-input.c: mail-setup-cli with hostile input: huge files, broken usage under --json,
 * invalid UTF-8, control characters. No servers: everything fails (or succeeds) before the
 * network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mail-oauth-client-id.h"
#include "mail-provider.h"
#include "mail-test-lib.h"

static char *tmp_dir;
static char *sparse_file;   /* 64 GiB on paper, nothing on disk */

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

/* Runs mail-setup-cli with args (NULL-terminated) and an empty standard input. */
static void
cli_bare (CliRun            *run,
          const char *const *args)
{
  /* Our own empty config dir: no provider file or settings of the person running the tests. */
  g_autofree char *config = g_strconcat ("XDG_CONFIG_HOME=", tmp_dir, NULL);
  const char *env[] = { config, "LANGUAGE=C", NULL };

  mail_test_run_cli_env (env, args, NULL, &run->out, &run->err, &run->status);
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
  /* Ended by itself, not by a signal. */
  g_assert_cmpint (run->status, >=, 0);
}

/* stdout parsed as JSON: exactly one object. */
static JsonObject *
parse_one_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* ------------------------------------------------------------------------------------------ */
/* Files are read with a bound */

static void
assert_refused_file (const char *const *args,
                     const char        *path)
{
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) json_run = { 0 };
  g_autoptr(GPtrArray) json_args = g_ptr_array_new ();
  g_autoptr(JsonObject) object = NULL;

  cli_bare (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  /* Names the file and says it is too large, with the limit. */
  g_assert_nonnull (strstr (run.err, path));
  g_assert_nonnull (strstr (run.err, "larger than"));

  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (json_args, (char *) args[i]);
  g_ptr_array_add (json_args, "--json");
  g_ptr_array_add (json_args, NULL);
  cli_bare (&json_run, (const char *const *) json_args->pdata);
  g_assert_cmpint (json_run.status, ==, 2);
  object = parse_one_object (json_run.out);
  g_assert_false (json_object_get_boolean_member (object, "ok"));
  g_assert_nonnull (strstr (json_object_get_string_member (object, "error"), path));
}

static void
test_provider_file_bounded (void)
{
  if (!mail_test_have_cli ())
    return;
  assert_refused_file ((const char *[]) { "discover", "a@example.test", "--provider-file",
                                          "/dev/zero", NULL }, "/dev/zero");
  assert_refused_file ((const char *[]) { "discover", "a@example.test", "--provider-file",
                                          sparse_file, NULL }, sparse_file);
}

static void
test_ca_file_bounded (void)
{
  if (!mail_test_have_cli ())
    return;
  assert_refused_file ((const char *[]) { "discover", "a@example.test", "--ca-file",
                                          "/dev/zero", NULL }, "/dev/zero");
  assert_refused_file ((const char *[]) { "discover", "a@example.test", "--ca-file",
                                          sparse_file, NULL }, sparse_file);
}

static void
test_settings_file_bounded (void)
{
  if (!mail_test_have_cli ())
    return;
  assert_refused_file ((const char *[]) { "export", "a@example.test", "--format", "json",
                                          "--settings-file", "/dev/zero", NULL }, "/dev/zero");
  assert_refused_file ((const char *[]) { "export", "a@example.test", "--format", "json",
                                          "--settings-file", sparse_file, NULL }, sparse_file);
}

static void
test_settings_ini_bounded (void)
{
  /* settings.ini (client IDs) is /dev/zero: read no further than its bound, then ignored. */
  g_autofree char *dir = g_build_filename (g_get_user_config_dir (), "mail-setup", NULL);
  g_autofree char *path = g_build_filename (dir, "settings.ini", NULL);
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autofree char *id = NULL;
  g_autofree char *secret = NULL;
  MailProvider *provider;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (symlink ("/dev/zero", path), ==, 0);

  mail_provider_registry_load_defaults (registry);
  provider = mail_provider_registry_lookup (registry, "gmail");
  g_assert_nonnull (provider);
  mail_oauth_client_id_resolve (provider, &id, &secret, NULL);
  g_assert_true (id == NULL || strcmp (id, "") != 0);

  g_unlink (path);
  g_rmdir (dir);
}

/* ------------------------------------------------------------------------------------------ */
/* --json: one JSON object, whatever happens */

static void
assert_json_usage_error (const char *const *args)
{
  g_auto(CliRun) run = { 0 };
  g_autoptr(JsonObject) object = NULL;
  JsonObject *diagnosis;

  cli_bare (&run, args);
  g_assert_cmpint (run.status, ==, 2);
  object = parse_one_object (run.out);
  g_assert_false (json_object_get_boolean_member (object, "ok"));
  g_assert_cmpstr (json_object_get_string_member (object, "error"), !=, "");
  diagnosis = json_object_get_object_member (object, "diagnosis");
  g_assert_nonnull (diagnosis);
  g_assert_cmpstr (json_object_get_string_member (diagnosis, "stage"), ==, "usage");
  /* The same words on stderr for people. */
  g_assert_nonnull (strstr (run.err, json_object_get_string_member (object, "error")));
}

static void
test_json_usage_errors (void)
{
  const char *commands[][3] = {
    { "discover", "a@example.test", NULL },
    { "test", "a@example.test", NULL },
    { "login", "a@example.test", NULL },
    { "token", "a@example.test", NULL },
    { "accounts", NULL, NULL },
    { "forget", "a@example.test", NULL },
    { "export", "a@example.test", NULL },
  };

  if (!mail_test_have_cli ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const char *command = commands[i][0];
      const char *address = commands[i][1] != NULL ? commands[i][1] : "--json";

      /* An unknown option, before and after --json */
      assert_json_usage_error ((const char *[]) { command, "--json", "--no-such-option",
                                                  address, NULL });
      assert_json_usage_error ((const char *[]) { command, "--no-such-option", address,
                                                  "--json", NULL });
      /* A missing argument (the option is last, --json before it) */
      assert_json_usage_error ((const char *[]) { command, address, "--json", "--provider-file",
                                                  NULL });
      /* A bad value */
      assert_json_usage_error ((const char *[]) { command, address, "--timeout", "soon",
                                                  "--json", NULL });
      /* An unknown provider (after parsing) */
      assert_json_usage_error ((const char *[]) { command, address, "--provider", "nope",
                                                  "--json", NULL });
    }

  /* An unknown command, and --json where the command should be. */
  assert_json_usage_error ((const char *[]) { "frobnicate", "--json", NULL });
  assert_json_usage_error ((const char *[]) { "--json", NULL });
  /* Too many arguments */
  assert_json_usage_error ((const char *[]) { "discover", "--json", "a@example.test",
                                              "b@example.test", NULL });
}

static void
test_json_invalid_utf8 (void)
{
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) file_run = { 0 };
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) file_object = NULL;
  const char *error_text;

  if (!mail_test_have_cli ())
    return;

  /* An address with a byte that is not UTF-8: valid JSON either way (the address refused, or
   * shown with U+FFFD). */
  cli_bare (&run, (const char *[]) { "discover", "caf\xe9@example.test", "--provider", "gmail",
                                     "--json", NULL });
  object = parse_one_object (run.out);
  if (json_object_get_boolean_member (object, "ok"))
    {
      JsonObject *settings = json_object_get_object_member (object, "settings");

      g_assert_cmpstr (json_object_get_string_member (settings, "email"), ==,
                       "caf\xef\xbf\xbd@example.test");
    }
  else
    g_assert_cmpint (run.status, ==, 2);

  /* A file name that is not UTF-8, in an error. */
  cli_bare (&file_run, (const char *[]) { "discover", "a@example.test", "--provider-file",
                                          "/nonexistent/\xff\xfe.provider", "--json", NULL });
  g_assert_cmpint (file_run.status, ==, 2);
  file_object = parse_one_object (file_run.out);
  error_text = json_object_get_string_member (file_object, "error");
  g_assert_nonnull (strstr (error_text, "/nonexistent/\xef\xbf\xbd\xef\xbf\xbd.provider"));
}

/* ------------------------------------------------------------------------------------------ */
/* Control characters from outside never reach the terminal raw */

static void
assert_no_raw_controls (const char *text)
{
  g_assert_true (g_utf8_validate (text, -1, NULL));
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 && *p != '\n')
      g_error ("raw control character 0x%02x in: %s", (guchar) *p, text);
}

static void
test_text_escapes_controls (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "esc.provider", NULL);
  g_autofree char *esc_path = g_build_filename (tmp_dir, "evil\x1b]0;owned\x07.provider", NULL);
  g_auto(CliRun) run = { 0 };
  g_auto(CliRun) missing = { 0 };
  g_auto(CliRun) bad_utf8 = { 0 };

  if (!mail_test_have_cli ())
    return;

  g_assert_true (g_file_set_contents (path,
                                      "[Provider]\n"
                                      "Id=esc\n"
                                      "Name=Evil\x1b[2J\x1b[31mMail\rOK\xc2\x9b" "1m\n"
                                      "Domains=esc.example\n"
                                      "[IMAP]\nHost=imap.esc.example\nPort=993\nSecurity=tls\n"
                                      "Authentication=password\n"
                                      "[SMTP]\nHost=smtp.esc.example\nPort=465\nSecurity=tls\n"
                                      "Authentication=password\n", -1, NULL));

  /* A provider name with ESC, CR and a C1 CSI: shown as visible escapes, or the file refused
   * (with the same escapes in the message). */
  cli_bare (&run, (const char *[]) { "discover", "someone@esc.example", "--provider-file", path,
                                     NULL });
  assert_no_raw_controls (run.out);
  assert_no_raw_controls (run.err);
  g_assert_false (strstr (run.out, "\xc2\x9b") || strstr (run.err, "\xc2\x9b"));
  if (run.status == 0)
    g_assert_nonnull (strstr (run.out, "Evil\\x1b[2J\\x1b[31mMail\\rOK\\u009b1m"));
  else
    g_assert_cmpint (run.status, ==, 2);

  /* A file name with an OSC sequence (it would retitle the terminal). */
  cli_bare (&missing, (const char *[]) { "discover", "someone@esc.example", "--provider-file",
                                         esc_path, NULL });
  g_assert_cmpint (missing.status, ==, 2);
  assert_no_raw_controls (missing.err);
  g_assert_nonnull (strstr (missing.err, "evil\\x1b]0;owned\\x07.provider"));

  /* Bytes that are not UTF-8 become visible too. */
  cli_bare (&bad_utf8, (const char *[]) { "discover", "someone@esc.example", "--provider-file",
                                          "/nonexistent/\xff.provider", NULL });
  g_assert_cmpint (bad_utf8.status, ==, 2);
  assert_no_raw_controls (bad_utf8.err);
  g_assert_nonnull (strstr (bad_utf8.err, "/nonexistent/\\xff.provider"));

  g_unlink (path);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tmp_dir = g_dir_make_tmp ("test-cli-input-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
  g_test_init (&argc, &argv, NULL);

  sparse_file = g_build_filename (tmp_dir, "huge", NULL);
  g_assert_true (g_file_set_contents (sparse_file, "", 0, NULL));
  g_assert_cmpint (truncate (sparse_file, (off_t) 64 << 30), ==, 0);

  g_test_add_func ("/cli-input/provider-file-bounded", test_provider_file_bounded);
  g_test_add_func ("/cli-input/ca-file-bounded", test_ca_file_bounded);
  g_test_add_func ("/cli-input/settings-file-bounded", test_settings_file_bounded);
  g_test_add_func ("/cli-input/settings-ini-bounded", test_settings_ini_bounded);
  g_test_add_func ("/cli-input/json-usage-errors", test_json_usage_errors);
  g_test_add_func ("/cli-input/json-invalid-utf8", test_json_invalid_utf8);
  g_test_add_func ("/cli-input/text-escapes-controls", test_text_escapes_controls);

  status = g_test_run ();
  g_unlink (sparse_file);
  g_free (sparse_file);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
