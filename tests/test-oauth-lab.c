/* test-oauth-lab.c: OAuth2 sign-in and the keyring end to end, with nothing faked: the lab's
 * identity provider, headless Chromium as the browser, gnome-keyring on a private D-Bus
 * session, Dovecot checking the tokens at the identity provider. Runs inside
 * tests/lab/with-lab.sh; every CLI output is kept and checked for secrets at the end. The
 * renewals, the keyring, device-code sign-in and the accounts live in test-oauth-lab-*.c,
 * their helpers in oauth-lab.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "oauth-lab.h"

static void
test_login_and_use (void)
{
  g_autoptr(Run) login = NULL;
  g_autoptr(Run) check = NULL;
  g_autoptr(Run) accounts = NULL;
  g_autoptr(Item) item = NULL;
  g_autoptr(Item) after = NULL;
  const char *provider_file = g_getenv ("MAIL_LAB_PROVIDER_FILE");
  const char *access_token;
  JsonArray *list;

  if (!lab_available ())
    return;

  idp_reset ();
  forget_quietly (ALICE);

  login = run_cli (NULL, "login", ALICE, "--provider-file", provider_file);
  g_assert_cmpint (login->status, ==, 0);
  g_assert_nonnull (strstr (login->out, "Saved " ALICE));

  /* One item, our schema, the label and attributes people see in Seahorse. */
  item = keyring_item (ALICE);
  g_assert_nonnull (item);
  g_assert_cmpuint (item->count, ==, 1);
  g_assert_cmpstr (item->label, ==, "Mail Setup: " ALICE " (Lab Mail)");
  g_assert_cmpstr (g_hash_table_lookup (item->attributes, "email"), ==, ALICE);
  g_assert_cmpstr (g_hash_table_lookup (item->attributes, "provider"), ==, "lab");
  g_assert_cmpstr (g_hash_table_lookup (item->attributes, "kind"), ==, "oauth2");
  g_assert_cmpstr (g_hash_table_lookup (item->attributes, "xdg:schema"), ==,
                   "io.github.mailsetup.MailSetup.Account");
  /* gnome-keyring does not keep the content type (it answers text/plain): not checked. */
  g_assert_nonnull (item->content_type);
  access_token = json_string (item->secret, "access_token");
  g_assert_true (g_str_has_prefix (access_token, "lab-at-"));
  g_assert_true (g_str_has_prefix (json_string (item->secret, "refresh_token"), "lab-rt-"));
  g_assert_cmpstr (json_string (item->secret, "settings.email"), ==, ALICE);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (item->secret), "expires_at"),
                   >, g_get_real_time () / G_USEC_PER_SEC + 3000);

  /* Dovecot (asking the identity provider) accepts the stored token, and not any token. */
  g_assert_true (dovecot_accepts (ALICE, access_token));
  g_assert_false (dovecot_accepts (ALICE, "lab-at-not-a-real-token"));

  /* `test` signs in with the stored account. */
  check = run_cli (NULL, "test", ALICE, "--provider-file", provider_file,
                   "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"), "--json");
  if (strstr (check->err, "not available yet") != NULL)
    g_test_message ("mail-setup-cli test is not built yet: checked Dovecot directly only");
  else
    {
      g_assert_cmpint (check->status, ==, 0);
      /* A valid token is used for its whole life: no refresh happened. */
      after = keyring_item (ALICE);
      g_assert_cmpstr (json_string (after->secret, "access_token"), ==, access_token);
    }

  accounts = run_cli (NULL, "accounts", "--json");
  g_assert_cmpint (accounts->status, ==, 0);
  list = json_object_get_array_member (json_node_get_object (accounts->json), "accounts");
  g_assert_cmpuint (json_array_get_length (list), >=, 1);
  g_assert_nonnull (strstr (accounts->out, "\"" ALICE "\""));
  g_assert_nonnull (strstr (accounts->out, "\"expires_at\""));
}

static void
test_no_browser (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GSubprocess) browser = NULL;
  g_autoptr(GDataInputStream) err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) err_text = g_string_new (NULL);
  g_autoptr(Item) item = NULL;
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  char *line;

  if (!lab_available ())
    return;

  idp_reset ();
  forget_quietly (BOB);

  /* As over SSH: no browser is started; the person opens the printed address. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "MAIL_SETUP_BROWSER");
  cli = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("MAIL_SETUP_CLI"), "login", BOB,
                                     "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"),
                                     "--no-browser", "--timeout", "60", NULL);
  g_assert_no_error (error);
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (cli));

  while (url == NULL &&
         (line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error)) != NULL)
    {
      g_autofree char *owned = line;

      g_string_append_printf (err_text, "%s\n", owned);
      g_strstrip (owned);
      if (g_str_has_prefix (owned, "http://"))
        url = g_strdup (owned);
    }
  g_assert_no_error (error);
  g_assert_nonnull (url);
  g_assert_nonnull (strstr (url, "code_challenge_method=S256"));
  g_assert_nonnull (strstr (url, "redirect_uri=http%3A%2F%2F127.0.0.1%3A"));

  browser = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              g_getenv ("MAIL_LAB_BROWSER"), url, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (browser, NULL, &error));

  while ((line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (err_text, "%s\n", line);
      g_free (line);
    }
  g_assert_true (g_subprocess_wait (cli, NULL, &error));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
  {
    g_autoptr(GInputStream) stdout_pipe = g_object_ref (g_subprocess_get_stdout_pipe (cli));
    char buffer[4096];
    gsize got = 0;

    g_input_stream_read_all (stdout_pipe, buffer, sizeof buffer - 1, &got, NULL, NULL);
    buffer[got] = '\0';
    out = g_strdup (buffer);
  }
  g_string_append (all_output, out);
  g_string_append (all_output, err_text->str);
  g_assert_nonnull (strstr (out, "Saved " BOB));

  item = keyring_item (BOB);
  g_assert_nonnull (item);
  forget_quietly (BOB);
}

static void
test_sign_in_failures (void)
{
  static const struct { const char *control; const char *code; const char *timeout; } cases[] = {
    { "authorize=deny", "oauth-consent-declined", "60" },
    { "authorize=admin_consent", "oauth-admin-consent-required", "60" },
    { "authorize=forge_state", "oauth-state-mismatch", "60" },
    /* The provider shows its error page and never redirects back: only the time limit. */
    { "authorize=redirect_mismatch", "oauth-timeout", "6" },
    { "token=500", "oauth-endpoint-error", "60" },
    { "token=html", "oauth-endpoint-error", "60" },
    { "token=malformed", "oauth-endpoint-error", "60" },
    { "token=invalid_client_secret", "oauth-client-not-public", "60" },
  };

  if (!lab_available ())
    return;

  forget_quietly (BOB);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Run) login = NULL;
      g_autoptr(Item) item = NULL;

      idp_reset ();
      idp_control (cases[i].control);
      login = run_cli (NULL, "login", BOB, "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"),
                       "--json", "--timeout", cases[i].timeout);
      g_test_message ("%s → %s", cases[i].control, json_string (login->json, "diagnosis.code"));
      assert_diagnosis (login, cases[i].code);
      g_assert_cmpstr (json_string (login->json, "diagnosis.stage"), !=, NULL);

      /* Nothing saved. */
      item = keyring_item (BOB);
      g_assert_null (item);
    }
  idp_reset ();
}

static void
test_client_id (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mail-setup-oauth-XXXXXX", NULL);
  g_autofree char *provider_file = g_build_filename (dir, "noid.provider", NULL);
  g_autofree char *config_dir = g_build_filename (dir, "config", NULL);
  g_autofree char *settings_dir = g_build_filename (config_dir, "mail-setup", NULL);
  g_autofree char *settings_file = g_build_filename (settings_dir, "settings.ini", NULL);
  g_autofree char *lab_text = NULL;
  g_autofree char *env_config = g_strconcat ("XDG_CONFIG_HOME=", config_dir, NULL);
  const char *env[] = { env_config, NULL };
  g_autoptr(GRegex) id_line = g_regex_new ("^ClientId=.*$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) id_key = g_regex_new ("^Id=lab$", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(Run) missing = NULL;
  g_autoptr(Run) configured = NULL;
  g_autoptr(Item) item = NULL;
  g_autofree char *step = NULL;
  g_autofree char *noid = NULL;

  if (!lab_available ())
    return;

  /* The lab provider without a client ID. */
  g_assert_true (g_file_get_contents (g_getenv ("MAIL_LAB_PROVIDER_FILE"), &lab_text, NULL,
                                      NULL));
  step = g_regex_replace_literal (id_line, lab_text, -1, 0, "ClientId=", 0, NULL);
  noid = g_regex_replace_literal (id_key, step, -1, 0, "Id=labnoid", 0, NULL);
  g_assert_true (g_file_set_contents (provider_file, noid, -1, NULL));
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);

  idp_reset ();
  forget_quietly (BOB);
  missing = run_cli_full (NULL, env, NULL, FALSE,
                          (const char *[]) { "login", BOB, "--provider-file", provider_file,
                                             "--json", NULL });
  assert_diagnosis (missing, "oauth-client-id-missing");

  /* The per-user setting supplies it. */
  g_assert_true (g_file_set_contents (settings_file,
                                      "[OAuth2]\nlabnoid-client-id=lab-client\n", -1, NULL));
  configured = run_cli_full (NULL, env, NULL, FALSE,
                             (const char *[]) { "login", BOB, "--provider-file", provider_file,
                                                NULL });
  g_assert_cmpint (configured->status, ==, 0);
  item = keyring_item (BOB);
  g_assert_nonnull (item);
  g_assert_cmpstr (json_string (item->secret, "oauth.client_id"), ==, "lab-client");
  forget_quietly (BOB);

  g_unlink (settings_file);
  g_rmdir (settings_dir);
  g_rmdir (config_dir);
  g_unlink (provider_file);
  g_rmdir (dir);
}

static void
test_replace_kind (void)
{
  g_autoptr(Run) password = NULL;
  g_autoptr(Run) oauth = NULL;
  g_autoptr(Item) first = NULL;
  g_autoptr(Item) second = NULL;
  const char *provider_file = g_getenv ("MAIL_LAB_PROVIDER_FILE");

  if (!lab_available ())
    return;

  idp_reset ();
  forget_quietly (BOB);

  /* A password first, then OAuth2: one item remains, the new one. */
  password = run_cli ("lab-password-1\n", "login", BOB, "--provider-file", provider_file,
                      "--password-stdin");
  g_assert_cmpint (password->status, ==, 0);
  first = keyring_item (BOB);
  g_assert_cmpstr (g_hash_table_lookup (first->attributes, "kind"), ==, "password");
  g_assert_cmpstr (json_string (first->secret, "password"), ==, "lab-password-1");

  oauth = run_cli (NULL, "login", BOB, "--provider-file", provider_file);
  g_assert_cmpint (oauth->status, ==, 0);
  second = keyring_item (BOB);
  g_assert_cmpuint (second->count, ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (second->attributes, "kind"), ==, "oauth2");
  g_assert_null (json_string (second->secret, "password"));
  forget_quietly (BOB);
}

static char *
repeat (const char *unit,
        gsize       count)
{
  GString *text = g_string_new (NULL);

  for (gsize i = 0; i < count; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

/* Stored account JSON and settings files that would crash a JSON parser without limits are
 * refused with words, and a damaged item does not hide the other accounts. */
static void
test_hostile_json (void)
{
  g_autofree char *brackets = repeat ("[", 1024 * 1024);
  g_autofree char *objects = repeat ("{\"a\":", 100000);
  g_autofree char *pad = repeat ("0123456789abcdef", 1024 * 1024 / 16);
  g_autofree char *huge = g_strconcat ("{\"settings\":{\"email\":\"", pad, "\"}}", NULL);
  const char *bodies[] = { brackets, objects, huge };
  const char *carol = "carol@example.test";
  g_autofree char *dir = g_dir_make_tmp ("test-oauth-lab-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "settings.json", NULL);

  if (!lab_available ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(GError) error = NULL;

      secret_password_store_sync (account_schema (), SECRET_COLLECTION_DEFAULT, "hostile",
                                  bodies[i], NULL, &error, "email", carol, "provider", "custom",
                                  "kind", "oauth2", NULL);
      g_assert_no_error (error);

      {
        g_autoptr(Run) run = run_cli (NULL, "token", carol, "--json");

        g_assert_cmpint (run->status, ==, 1);
        g_assert_nonnull (strstr (run->err, "damaged"));
      }
      {
        g_autoptr(Run) run = run_cli (NULL, "export", carol, "--format", "json", "--json");

        g_assert_cmpint (run->status, ==, 1);
        g_assert_nonnull (strstr (run->err, "damaged"));
      }
      {
        g_autoptr(Run) run = run_cli (NULL, "accounts", "--json");

        g_assert_cmpint (run->status, ==, 0);
        g_assert_null (strstr (run->out, carol));
      }

      /* The same text as a settings file. */
      g_assert_true (g_file_set_contents (file, bodies[i], -1, NULL));
      {
        g_autoptr(Run) run = run_cli (NULL, "export", carol, "--format", "json",
                                      "--settings-file", file, "--json");

        g_assert_cmpint (run->status, ==, 2);
        g_assert_nonnull (strstr (run->err, "the settings file"));
        g_assert_true (strstr (run->err, "levels deep") != NULL ||
                       strstr (run->err, "larger than") != NULL);
      }
    }

  forget_quietly (carol);
  g_unlink (file);
  g_rmdir (dir);
}

static void
test_forget (void)
{
  g_autoptr(Run) forget = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Item) item = NULL;

  if (!lab_available ())
    return;

  forget = run_cli (NULL, "forget", ALICE);
  g_assert_cmpint (forget->status, ==, 0);
  g_assert_nonnull (strstr (forget->out, ALICE));
  item = keyring_item (ALICE);
  g_assert_null (item);

  again = run_cli (NULL, "forget", ALICE, "--json");
  g_assert_cmpint (again->status, ==, 1);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (again->json), "ok"));
}

static void
check_file (const char *path)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &text, &length, NULL) || length > 16 * 1024 * 1024)
    return;

  for (guint i = 0; i < secrets->len; i++)
    if (g_strstr_len (text, length, g_ptr_array_index (secrets, i)) != NULL)
      g_error ("%s holds a secret", path);
  g_assert_null (g_strstr_len (text, length, "lab-rt-"));
  g_assert_null (g_strstr_len (text, length, "lab-at-"));
  g_assert_null (g_strstr_len (text, length, "lab-code-"));
}

static void
check_tree (const char *dir_path,
            guint       depth)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (dir_path == NULL || depth > 8 || (dir = g_dir_open (dir_path, 0, NULL)) == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        check_tree (path, depth + 1);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        check_file (path);
    }
}

static void
test_no_secret_anywhere (void)
{
  const char *dirs[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                         "XDG_RUNTIME_DIR" };

  if (!lab_available ())
    return;

  /* The earlier tests saw real tokens; otherwise this test would prove nothing. */
  g_assert_cmpuint (secrets->len, >=, 6);
  g_assert_cmpuint (all_output->len, >, 1000);

  for (guint i = 0; i < secrets->len; i++)
    g_assert_null (strstr (all_output->str, g_ptr_array_index (secrets, i)));
  /* Nor any authorization code, access or refresh token the lab ever issued. */
  g_assert_null (strstr (all_output->str, "lab-code-"));
  g_assert_null (strstr (all_output->str, "lab-at-"));
  g_assert_null (strstr (all_output->str, "lab-rt-"));

  /* Nothing was written to a file: the keyring's own files are encrypted. */
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    check_tree (g_getenv (dirs[i]), 0);
  {
    g_autofree char *mine = g_build_filename (g_get_home_dir (), ".config", "mail-setup", NULL);
    g_autofree char *local = g_build_filename (g_get_home_dir (), ".local", "share", "mail-setup",
                                               NULL);

    check_tree (mine, 0);
    check_tree (local, 0);
  }
}


int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);
  all_output = g_string_new (NULL);
  secrets = g_ptr_array_new_with_free_func (g_free);

  g_test_add_func ("/oauth-lab/login-and-use", test_login_and_use);
  g_test_add_func ("/oauth-lab/refresh", test_refresh);
  g_test_add_func ("/oauth-lab/concurrent-refresh", test_concurrent_refresh);
  g_test_add_func ("/oauth-lab/refresh-lock-wait", test_refresh_lock_wait);
  g_test_add_func ("/oauth-lab/token-endpoint-deadline", test_token_endpoint_deadline);
  g_test_add_func ("/oauth-lab/timeout-option", test_timeout_option);
  g_test_add_func ("/oauth-lab/no-browser", test_no_browser);
  g_test_add_func ("/oauth-lab/sign-in-failures", test_sign_in_failures);
  g_test_add_func ("/oauth-lab/refresh-revoked", test_refresh_revoked);
  g_test_add_func ("/oauth-lab/client-id", test_client_id);
  g_test_add_func ("/oauth-lab/replace-kind", test_replace_kind);
  g_test_add_func ("/oauth-lab/keyring-unavailable", test_keyring_unavailable);
  g_test_add_func ("/oauth-lab/keyring-locked", test_keyring_locked);
  g_test_add_func ("/oauth-lab/keyring-locked-after-restart", test_keyring_locked_after_restart);
  g_test_add_func ("/oauth-lab/hostile-json", test_hostile_json);
  g_test_add_func ("/oauth-lab/forget", test_forget);
  g_test_add_func ("/oauth-lab/device-code", test_device_code);
  g_test_add_func ("/oauth-lab/device-code-slow-down", test_device_code_slow_down);
  g_test_add_func ("/oauth-lab/device-code-failures", test_device_code_failures);
  g_test_add_func ("/oauth-lab/tenant", test_tenant);
  g_test_add_func ("/oauth-lab/shared-mailbox", test_shared_mailbox);
  g_test_add_func ("/oauth-lab/sign-in-health", test_sign_in_health);
  g_test_add_func ("/oauth-lab/no-secret-anywhere", test_no_secret_anywhere);

  status = g_test_run ();
  g_string_free (all_output, TRUE);
  g_ptr_array_unref (secrets);
  return status;
}
