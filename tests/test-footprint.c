/* test-footprint.c: a command pays only for what it uses (issue 16, item 1)
 *
 * Runs mail-setup-cli as a person does (no GIO_USE_PROXY_RESOLVER, no proxy variables, no
 * desktop) under strace and reads which files it opened: libraries it does not need, the
 * system trust bundle when a CA file vouches for the server, or the bundle parsed twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "mail-account-store.h"
#include "mail-test-lib.h"

#define SYSTEM_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

static gboolean
lab_and_strace_available (void)
{
  return mail_test_lab_available () &&
         mail_test_need_program ("strace", "build-aux/install-deps.sh --tests");
}

/* Runs mail-setup-cli args under strace; returns the files it opened, one per line. */
static char *
opened_files (const char         *stdin_text,
              int                *status,
              const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("footprint-XXXXXX", &error);
  g_autofree char *trace = NULL;
  g_autofree char *input = NULL;
  g_autofree char *log = NULL;
  static const char * const unset[] = {
    "GIO_USE_PROXY_RESOLVER", "GSETTINGS_BACKEND", "XDG_CURRENT_DESKTOP",
    "http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
  };

  g_assert_no_error (error);
  trace = g_build_filename (dir, "trace", NULL);
  /* Standard input from a file, not a pipe (tests/lib/README.md). */
  input = g_build_filename (dir, "stdin", NULL);
  g_file_set_contents (input, stdin_text != NULL ? stdin_text : "", -1, &error);
  g_assert_no_error (error);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input);
  for (guint i = 0; i < G_N_ELEMENTS (unset); i++)
    g_subprocess_launcher_unsetenv (launcher, unset[i]);
  g_ptr_array_add (argv, (char *) "strace");
  g_ptr_array_add (argv, (char *) "-f");
  g_ptr_array_add (argv, (char *) "-qq");
  g_ptr_array_add (argv, (char *) "-e");
  g_ptr_array_add (argv, (char *) "trace=open,openat");
  g_ptr_array_add (argv, (char *) "-e");
  g_ptr_array_add (argv, (char *) "status=successful");
  g_ptr_array_add (argv, (char *) "-o");
  g_ptr_array_add (argv, trace);
  g_ptr_array_add (argv, (char *) g_getenv ("MAIL_SETUP_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  g_file_get_contents (trace, &log, NULL, &error);
  g_assert_no_error (error);
  g_unlink (trace);
  g_unlink (input);
  g_rmdir (dir);
  return g_steal_pointer (&log);
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static char *
imaps_server (void)
{
  return g_strdup_printf ("localhost:%s", g_getenv ("MAIL_LAB_IMAPS_PORT"));
}

/* A check through the lab CA: no proxy machinery, no system trust bundle. */
static void
test_check_with_ca_file (void)
{
  g_autofree char *imap = NULL;
  g_autofree char *log = NULL;
  g_autofree char *password = NULL;
  int status = -1;

  if (!lab_and_strace_available ())
    return;
  imap = imaps_server ();
  password = g_strdup_printf ("%s\n", g_getenv ("MAIL_LAB_PASSWORD"));
  {
    const char *args[] = { "test", g_getenv ("MAIL_LAB_USER"), "--imap", imap,
                           "--imap-security", "tls", "--no-smtp", "--auth", "password",
                           "--password-stdin", "--ca-file", g_getenv ("MAIL_LAB_CA_FILE"),
                           NULL };

    log = opened_files (password, &status, args);
  }
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count (log, SYSTEM_BUNDLE), ==, 0);
  g_assert_cmpuint (count (log, "libproxy"), ==, 0);
  g_assert_cmpuint (count (log, "libgiognomeproxy"), ==, 0);
  g_assert_cmpuint (count (log, "libdconfsettings"), ==, 0);
  /* GLib hashes and GIO describes the certificate: no second X.509 library */
  g_assert_cmpuint (count (log, "libcrypto.so"), ==, 0);
  /* No HTTP in a check with its servers given: libsoup and its dependencies stay out */
  g_assert_cmpuint (count (log, "libsoup-3.0"), ==, 0);
  g_assert_cmpuint (count (log, "libkrb5"), ==, 0);
}

/* `accounts` reads the keyring: no HTTP, no TLS, no proxy. */
static void
test_accounts (void)
{
  g_autofree char *log = NULL;
  int status = -1;
  const char *args[] = { "accounts", NULL };

  if (!lab_and_strace_available ())
    return;
  log = opened_files ("", &status, args);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count (log, "libsoup-3.0"), ==, 0);
  g_assert_cmpuint (count (log, "libgiognutls"), ==, 0);
  g_assert_cmpuint (count (log, "libproxy"), ==, 0);
  g_assert_cmpuint (count (log, SYSTEM_BUNDLE), ==, 0);
}

/* Without a CA file the system's store is needed, and read once. */
static void
test_check_system_store_once (void)
{
  g_autofree char *imap = NULL;
  g_autofree char *log = NULL;
  g_autofree char *password = NULL;
  int status = -1;

  if (!lab_and_strace_available ())
    return;
  if (!g_file_test (SYSTEM_BUNDLE, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no system trust bundle at " SYSTEM_BUNDLE);
      return;
    }
  imap = imaps_server ();
  password = g_strdup_printf ("%s\n", g_getenv ("MAIL_LAB_PASSWORD"));
  {
    const char *args[] = { "test", g_getenv ("MAIL_LAB_USER"), "--imap", imap,
                           "--imap-security", "tls", "--no-smtp", "--auth", "password",
                           "--password-stdin", NULL };

    log = opened_files (password, &status, args);
  }
  /* The lab CA is not in the system's store: the check fails on the certificate. */
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpuint (count (log, SYSTEM_BUNDLE), ==, 1);
  g_assert_cmpuint (count (log, "libproxy"), ==, 0);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* `token` of a stored account reads no provider definitions; one the wizard saved (no token
 * endpoint or client ID of its own) still renews through its provider's. */
static void
test_token (void)
{
  g_autofree char *providers = g_build_filename (g_get_user_config_dir (), "mail-setup",
                                                 "providers", NULL);
  g_autofree char *copy = g_build_filename (providers, "lab.provider", NULL);
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailAccountStore) store = NULL;
  g_autoptr(MailStoredAccount) account = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GError) error = NULL;
  const char *email = g_getenv ("MAIL_LAB_USER");
  const char *token_args[] = { "token", email, NULL };
  int status = -1;

  if (!lab_and_strace_available ())
    return;
  /* The lab provider installed where a person's own go, so that nothing names it. */
  g_assert_true (g_file_get_contents (g_getenv ("MAIL_LAB_PROVIDER_FILE"), &data, NULL, NULL));
  g_assert_cmpint (g_mkdir_with_parents (providers, 0700), ==, 0);
  g_assert_true (g_file_set_contents (copy, data, -1, NULL));
  {
    const char *login_argv[] = { g_getenv ("MAIL_SETUP_CLI"), "login", email, NULL };
    g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "MAIL_SETUP_BROWSER",
                                          g_getenv ("MAIL_LAB_BROWSER"), TRUE);

    g_assert_true (g_spawn_sync (NULL, (char **) login_argv, env, G_SPAWN_STDOUT_TO_DEV_NULL
                                 | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                                 &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  log = opened_files ("", &status, token_args);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (count (log, "mail-setup/providers"), ==, 0);
  g_assert_cmpuint (count (log, "libsoup-3.0"), ==, 0);

  /* As the wizard saves it: no endpoint or client ID with the account, the token expired. */
  mail_provider_registry_load_defaults (registry);
  store = mail_account_store_new (registry);
  mail_account_store_load_async (store, email, NULL, result_cb, &loaded);
  account = mail_account_store_load_finish (store, wait_for (&loaded), &error);
  g_assert_no_error (error);
  g_clear_pointer (&account->token_url, g_free);
  g_clear_pointer (&account->client_id, g_free);
  account->expires_at = 1;
  mail_account_store_save_async (store, account, NULL, result_cb, &saved);
  g_assert_true (mail_account_store_save_finish (store, wait_for (&saved), &error));
  g_assert_no_error (error);

  g_free (opened_files ("", &status, token_args));
  g_assert_cmpint (status, ==, 0);
  g_unlink (copy);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);

  g_test_add_func ("/footprint/check-with-ca-file", test_check_with_ca_file);
  g_test_add_func ("/footprint/check-system-store-once", test_check_system_store_once);
  g_test_add_func ("/footprint/accounts", test_accounts);
  g_test_add_func ("/footprint/token", test_token);

  return g_test_run ();
}
