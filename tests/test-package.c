/* test-package.c: what a packaged Mail Setup promises (issue 15), without servers
 *
 * - the command exports run (MailCliPath): installed, build tree (with its warning), Flatpak;
 * - the msmtp export is a complete ~/.msmtprc: plain `msmtp RECIPIENT` picks its account;
 * - the build tree's mail-setup-cli exports a command that exists and runs, and says on
 *   stderr that the file points into a build tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mail-account-store.h"
#include "mail-cli-path.h"
#include "mail-export.h"
#include "mail-test-lib.h"

#define APP "io.github.mailsetup.MailSetup"

static char *tmp_dir;

static const char *provider_ini =
  "[Provider]\n"
  "Id=lab\n"
  "Name=Lab Mail\n"
  "Domains=example.test\n"
  "[IMAP]\n"
  "Host=imap.example.test\n"
  "Port=993\n"
  "Security=tls\n"
  "Authentication=oauth2;password\n"
  "Username=%EMAIL%\n"
  "[SMTP]\n"
  "Host=smtp.example.test\n"
  "Port=587\n"
  "Security=starttls\n"
  "Authentication=oauth2;password\n"
  "Username=%EMAIL%\n"
  "[OAuth2]\n"
  "AuthorizeUrl=https://login.example.test/authorize\n"
  "TokenUrl=https://login.example.test/token\n"
  "ClientId=lab-client\n"
  "Scopes=imap smtp offline_access\n"
  "Mechanisms=XOAUTH2\n";

static MailAccountSettings *
make_settings_for (MailAuthKind  auth,
                   const char   *email)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MailProvider) provider = NULL;
  MailAccountSettings *settings;

  g_assert_true (g_key_file_load_from_data (keyfile, provider_ini, -1, G_KEY_FILE_NONE, &error));
  provider = mail_provider_new_from_keyfile (keyfile, "test.provider", &error);
  g_assert_no_error (error);
  settings = mail_account_settings_new_from_provider (provider, email);
  settings->auth = auth;
  settings->imap->auth = auth;
  settings->smtp->auth = auth;
  settings->verified_at = g_date_time_new_utc (2026, 11, 22, 2, 30, 0);
  return settings;
}

static MailAccountSettings *
make_settings (MailAuthKind auth)
{
  return make_settings_for (auth, "alice@example.test");
}

static int
run (const char * const *argv,
     const char * const *env,
     char              **out,
     char              **err)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  int status;

  for (guint i = 0; env && env[i]; i += 2)
    g_ptr_array_add (pairs, g_strconcat (env[i], "=", env[i + 1], NULL));
  g_ptr_array_add (pairs, NULL);
  status = mail_test_run_program (argv, (const char * const *) pairs->pdata, NULL,
                                  MAIL_TEST_RUN_DEFAULT, NULL, &stdout_text, &stderr_text);
  g_test_message ("$ %s: %s%s", argv[0], stdout_text, stderr_text);
  if (out)
    *out = g_steal_pointer (&stdout_text);
  if (err)
    *err = g_steal_pointer (&stderr_text);
  return status;
}

/* The keyring's record of a verification of settings: export --settings-file trusts only that
 * (the lab's keyring). FALSE without a keyring. */
static gboolean
record_verification (const MailAccountSettings *settings)
{
  if (g_getenv ("MAIL_LAB_DIR") == NULL)
    return FALSE;
  mail_test_record_verification (settings, FALSE);
  return TRUE;
}

/* An executable file (its content does not matter) at dir/name..., returned. */
static char *
make_program (const char *first,
              ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  g_autofree char *dir = NULL;
  char *path;
  va_list args;

  g_ptr_array_add (parts, tmp_dir);
  g_ptr_array_add (parts, (char *) first);
  va_start (args, first);
  for (const char *p = va_arg (args, const char *); p; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (char *) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  path = g_build_filenamev ((char **) parts->pdata);
  dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "#!/bin/sh\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  return path;
}

/* ------------------------------------------------------------------------------------------ */

static void
test_path_flatpak (void)
{
  g_autoptr(MailCliPath) path = mail_cli_path_decide ("/app/bin/mail-setup", "/app/bin", NULL,
                                                      TRUE, APP);
  g_autoptr(MailCliPath) no_id = mail_cli_path_decide ("/app/bin/mail-setup", "/app/bin", NULL,
                                                       TRUE, NULL);
  g_autoptr(MailCliPath) odd_id = mail_cli_path_decide ("/app/bin/mail-setup", "/app/bin", NULL,
                                                        TRUE, "x;rm -rf ~");

  g_assert_cmpint (path->kind, ==, MAIL_CLI_PATH_FLATPAK);
  g_assert_cmpstr (path->command, ==, "flatpak run --command=mail-setup-cli " APP);
  g_assert_null (path->warning);
  g_assert_null (path->file_warning);
  /* Without FLATPAK_ID (only /.flatpak-info), or with a value that is no app ID: ours. */
  g_assert_cmpstr (no_id->command, ==, "flatpak run --command=mail-setup-cli " APP);
  g_assert_cmpstr (odd_id->command, ==, "flatpak run --command=mail-setup-cli " APP);
}

static void
test_path_installed (void)
{
  g_autofree char *wizard = make_program ("prefix", "bin", "mail-setup", NULL);
  g_autofree char *cli = make_program ("prefix", "bin", "mail-setup-cli", NULL);
  g_autofree char *bindir = g_build_filename (tmp_dir, "prefix", "bin", NULL);
  g_autofree char *link = g_build_filename (tmp_dir, "prefix-link", NULL);
  g_autofree char *link_bindir = g_build_filename (link, "bin", NULL);
  g_autofree char *prefix = g_build_filename (tmp_dir, "prefix", NULL);
  g_autoptr(MailCliPath) from_wizard = mail_cli_path_decide (wizard, bindir, "/b/cli", FALSE, NULL);
  g_autoptr(MailCliPath) from_cli = mail_cli_path_decide (cli, bindir, "/b/cli", FALSE, NULL);
  g_autoptr(MailCliPath) through_link = NULL;

  g_assert_cmpint (from_wizard->kind, ==, MAIL_CLI_PATH_INSTALLED);
  g_assert_cmpstr (from_wizard->command, ==, cli);
  g_assert_null (from_wizard->warning);
  g_assert_null (from_wizard->file_warning);
  g_assert_cmpint (from_cli->kind, ==, MAIL_CLI_PATH_INSTALLED);
  g_assert_cmpstr (from_cli->command, ==, cli);

  /* A bindir reached through a symbolic link (/bin → /usr/bin) is the same directory. */
  g_assert_cmpint (symlink (prefix, link), ==, 0);
  through_link = mail_cli_path_decide (cli, link_bindir, NULL, FALSE, NULL);
  g_assert_cmpint (through_link->kind, ==, MAIL_CLI_PATH_INSTALLED);
  g_assert_true (g_str_has_prefix (through_link->command, link_bindir));
}

static void
test_path_build_tree (void)
{
  g_autofree char *cli = make_program ("build", "src", "cli", "mail-setup-cli", NULL);
  g_autofree char *wizard = make_program ("build", "src", "ui", "mail-setup", NULL);
  g_autofree char *test = make_program ("build", "tests", "ui", "test-wizard", NULL);
  g_autofree char *bindir = g_build_filename (tmp_dir, "nowhere", "bin", NULL);
  g_autoptr(MailCliPath) from_cli = mail_cli_path_decide (cli, bindir, NULL, FALSE, NULL);
  g_autoptr(MailCliPath) from_wizard = mail_cli_path_decide (wizard, bindir, NULL, FALSE, NULL);
  g_autoptr(MailCliPath) from_test = mail_cli_path_decide (test, bindir, cli, FALSE, NULL);

  /* The CLI names itself, with the warning for the file and for people. */
  g_assert_cmpint (from_cli->kind, ==, MAIL_CLI_PATH_BUILD_TREE);
  g_assert_cmpstr (from_cli->command, ==, cli);
  g_assert_nonnull (strstr (from_cli->file_warning, cli));
  g_assert_nonnull (strstr (from_cli->file_warning, "build tree"));
  g_assert_nonnull (strstr (from_cli->file_warning, "install"));
  g_assert_nonnull (strstr (from_cli->warning, cli));

  /* The wizard finds the CLI of its build tree beside it (src/ui → src/cli). */
  g_assert_cmpint (from_wizard->kind, ==, MAIL_CLI_PATH_BUILD_TREE);
  g_assert_cmpstr (from_wizard->command, ==, cli);
  g_assert_nonnull (from_wizard->warning);

  /* Another program of the build tree (the UI tests): the configured build CLI. */
  g_assert_cmpint (from_test->kind, ==, MAIL_CLI_PATH_BUILD_TREE);
  g_assert_cmpstr (from_test->command, ==, cli);
}

/* This test program runs from the build tree: the build tree's CLI, which exists. */
static void
test_path_this_process (void)
{
  g_autoptr(MailCliPath) path = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) || g_getenv ("FLATPAK_ID") != NULL)
    {
      g_test_skip ("inside a Flatpak");
      return;
    }
  path = mail_cli_path_for_this_process ();
  g_assert_cmpint (path->kind, ==, MAIL_CLI_PATH_BUILD_TREE);
  g_assert_true (g_path_is_absolute (path->command));
  g_assert_true (g_str_has_suffix (path->command, "/src/cli/mail-setup-cli"));
  g_assert_nonnull (path->warning);
}

/* Every format that runs a command accepts the Flatpak command; the build-tree warning goes
 * into the file's header. */
static void
test_export_commands (void)
{
  g_autoptr(MailAccountSettings) settings = make_settings (MAIL_AUTH_OAUTH2);
  MailExportFormat with_command[] = { MAIL_EXPORT_FORMAT_MBSYNC, MAIL_EXPORT_FORMAT_MSMTP,
                                      MAIL_EXPORT_FORMAT_NEOMUTT, MAIL_EXPORT_FORMAT_AERC };
  g_autoptr(MailCliPath) flatpak = mail_cli_path_decide (NULL, "/app/bin", NULL, TRUE, APP);
  g_autoptr(MailCliPath) build = mail_cli_path_decide ("/src/b/src/cli/mail-setup-cli",
                                                       "/usr/local/bin", NULL, FALSE, NULL);
  MailExportOptions flatpak_options = { .cli_command = flatpak->command };
  MailExportOptions build_options = { .cli_command = build->command,
                                      .cli_warning = build->file_warning };

  for (guint i = 0; i < G_N_ELEMENTS (with_command); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = mail_export_render (settings, with_command[i], &flatpak_options,
                                                  &error);
      g_autofree char *built = mail_export_render (settings, with_command[i], &build_options,
                                                   &error);

      g_assert_no_error (error);
      g_assert_nonnull (strstr (text, "flatpak run --command=mail-setup-cli " APP
                                      " token alice@example.test"));
      g_assert_null (strstr (text, "WARNING"));
      g_assert_nonnull (strstr (built, "/src/b/src/cli/mail-setup-cli token alice@example.test"));
      g_assert_nonnull (strstr (built, "WARNING: /src/b/src/cli/mail-setup-cli is in a build "
                                       "tree, not installed."));
    }
  /* Still only plain words: nothing for a shell to interpret. */
  g_assert_null (mail_export_render (settings, MAIL_EXPORT_FORMAT_MSMTP,
                                     &(MailExportOptions) { .cli_command = "flatpak run $(id)" },
                                     NULL));
  g_assert_null (mail_export_render (settings, MAIL_EXPORT_FORMAT_MSMTP,
                                     &(MailExportOptions) { .cli_command = "a;b c" }, NULL));
}

/* The msmtp export as ~/.msmtprc: `msmtp RECIPIENT` without -a uses its account. */
static void
test_msmtp_default_account (void)
{
  g_autoptr(MailAccountSettings) settings = make_settings (MAIL_AUTH_PASSWORD);
  g_autoptr(GError) error = NULL;
  /* msmtp --pretend runs passwordeval: a harmless command in place of mail-setup-cli. */
  g_autofree char *text = mail_export_render (settings, MAIL_EXPORT_FORMAT_MSMTP,
                                              &(MailExportOptions) { .cli_command = "echo" },
                                              &error);
  g_autofree char *home = g_build_filename (tmp_dir, "home", NULL);
  g_autofree char *rc = g_build_filename (home, ".msmtprc", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\naccount default : alice@example.test\n"));
  /* How to merge it into an existing file. */
  g_assert_nonnull (strstr (text, "# To merge it into an existing ~/.msmtprc"));

  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  g_assert_true (mail_export_write_file (rc, text, &error));
  g_assert_cmpint (run ((const char *[]) { "msmtp", "--pretend", "someone@example.test", NULL },
                        (const char *[]) { "HOME", home, NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "host = smtp.example.test"));
  g_assert_nonnull (strstr (out, "from = alice@example.test"));
  g_assert_nonnull (strstr (out, "passwordeval = echo token alice@example.test"));
}

/* The build tree's CLI exports its own absolute path, which runs without PATH's help, and
 * warns on stderr; formats that run no command get no warning. */
static void
test_cli_export_build_tree (void)
{
  const char *cli = g_getenv ("MAIL_SETUP_CLI");
  g_autoptr(MailAccountSettings) settings = make_settings_for (MAIL_AUTH_OAUTH2, "package@example.test");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json_path = g_build_filename (tmp_dir, "package.json", NULL);
  g_autofree char *json_text = NULL;
  g_autofree char *real_cli = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *version = NULL;
  g_auto(GStrv) lines = NULL;
  const char *command = NULL;
  const char *bare_env[] = { "PATH", "/usr/bin:/bin", NULL };

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("mail-setup-cli is not built");
      return;
    }
  if (!record_verification (settings))
    {
      g_test_skip ("needs the lab's keyring (tests/lab/with-lab.sh)");
      return;
    }
  real_cli = realpath (cli, NULL);
  mail_account_settings_to_json (settings, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_text = json_generator_to_data (generator, NULL);
  g_assert_true (g_file_set_contents (json_path, json_text, -1, NULL));

  g_assert_cmpint (run ((const char *[]) { cli, "export", "package@example.test", "--format",
                                           "msmtp", "--settings-file", json_path, NULL },
                        bare_env, &out, &err), ==, 0);
  g_assert_nonnull (strstr (err, "build tree"));
  g_assert_nonnull (strstr (err, real_cli));
  g_assert_nonnull (strstr (out, "# WARNING: "));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "passwordeval \""))
      command = lines[i] + strlen ("passwordeval \"");
  g_assert_nonnull (command);
  g_assert_true (g_str_has_prefix (command, real_cli));
  g_assert_cmpstr (command + strlen (real_cli), ==, " token package@example.test\"");

  /* The command exists and runs, with a PATH that does not hold the build tree. */
  {
    g_autofree char *line = g_strdup_printf ("%s --version", real_cli);

    g_assert_cmpint (run ((const char *[]) { "/bin/sh", "-c", line, NULL }, bare_env,
                          &version, NULL), ==, 0);
    g_assert_true (g_str_has_prefix (version, "mail-setup-cli "));
  }

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ((const char *[]) { cli, "export", "package@example.test", "--format",
                                           "thunderbird", "--settings-file", json_path, NULL },
                        bare_env, NULL, &err), ==, 0);
  g_assert_null (strstr (err, "build tree"));
}

/* --help: every command's options end with one example of it and the exit statuses;
 * `help COMMAND` prints the same; the list of commands names `help` and the exit statuses. */
static void
test_cli_help (void)
{
  const char *cli = g_getenv ("MAIL_SETUP_CLI");
  const char *commands[] = { "discover", "test", "login", "token", "accounts", "forget",
                             "export" };
  const char *english[] = { "LC_ALL", "C.UTF-8", "LANGUAGE", "", "LANG", "C.UTF-8", NULL };
  g_autofree char *main_help = NULL;
  g_autofree char *err = NULL;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("mail-setup-cli is not built");
      return;
    }

  g_assert_cmpint (run ((const char *[]) { cli, "--help", NULL }, english, &main_help, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (main_help, "\n  help "));
  g_assert_nonnull (strstr (main_help, "Exit status:\n  0  "));
  g_assert_nonnull (strstr (main_help, "\n  1  "));
  g_assert_nonnull (strstr (main_help, "\n  2  "));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *help = NULL;
      g_autofree char *via_help = NULL;
      const char *example = "Example:\n  ";
      const char *at;

      g_assert_cmpint (run ((const char *[]) { cli, commands[i], "--help", NULL }, english,
                            &help, NULL), ==, 0);
      at = strstr (help, example);
      g_assert_nonnull (at);
      /* The example runs this command (after a pipe, maybe). */
      {
        g_autofree char *line = g_strndup (at + strlen (example),
                                           strcspn (at + strlen (example), "\n"));
        g_autofree char *call = g_strdup_printf ("mail-setup-cli %s", commands[i]);

        g_assert_nonnull (strstr (line, call));
      }
      g_assert_nonnull (strstr (help, "Exit status:\n  0  "));
      g_assert_nonnull (strstr (help, "\n  2  bad usage"));

      g_assert_cmpint (run ((const char *[]) { cli, "help", commands[i], NULL }, english,
                            &via_help, NULL), ==, 0);
      g_assert_cmpstr (via_help, ==, help);
    }

  g_assert_cmpint (run ((const char *[]) { cli, "help", "nope", NULL }, english, NULL, &err),
                   ==, 2);
  g_assert_nonnull (strstr (err, "nope"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  char *real_tmp;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);
  tmp_dir = g_dir_make_tmp ("test-package-XXXXXX", &error);
  g_assert_no_error (error);
  /* Resolved, so that paths compare equal to what realpath() gives. */
  real_tmp = realpath (tmp_dir, NULL);
  g_free (tmp_dir);
  tmp_dir = g_strdup (real_tmp);
  free (real_tmp);

  g_test_add_func ("/package/cli-path/flatpak", test_path_flatpak);
  g_test_add_func ("/package/cli-path/installed", test_path_installed);
  g_test_add_func ("/package/cli-path/build-tree", test_path_build_tree);
  g_test_add_func ("/package/cli-path/this-process", test_path_this_process);
  g_test_add_func ("/package/export/commands", test_export_commands);
  g_test_add_func ("/package/msmtp/default-account", test_msmtp_default_account);
  g_test_add_func ("/package/cli/export-build-tree", test_cli_export_build_tree);
  g_test_add_func ("/package/cli/help", test_cli_help);

  status = g_test_run ();
  mail_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  return status;
}
