/* test-export-lab.c: the exported files, used by the real clients against the lab
 *
 * Runs inside tests/lab/with-lab.sh. Alice signs in through the lab identity provider
 * (`mail-setup-cli login` with the lab browser) and Bob with a password; `mail-setup-cli test`
 * verifies both; `mail-setup-cli export` writes every format. Then msmtp sends with them,
 * mbsync syncs INBOX (XOAUTH2 through libsasl2-modules-kdexoauth2, and PLAIN), neomutt and
 * aerc open INBOX in a pseudo-terminal, and no file holds a token or password.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "mail-account-store.h"
#include "mail-export.h"
#include "mail-test-lib.h"

#define ALICE "alice@example.test"
#define BOB   "bob@example.test"
#define KDE_XOAUTH2_PLUGIN "/usr/lib/x86_64-linux-gnu/sasl2/libkdexoauth2.so"

typedef struct
{
  char *dir;        /* exports, home of the clients */
  char *home;
  char *cli;
  char *ca_file;
  char *error;      /* set when the set-up failed: every test reports it */
} Lab;

static Lab lab;

/* One TAP comment per line: continuation lines would break the TAP stream. */
static void
log_output (const char *command,
            const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);

  g_test_message ("$ %s", command);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_test_message ("  %s", lines[i]);
}

/* Runs argv (or a shell command line when argv[0] is "sh") with the clients' HOME, TERM and the
 * build's mail-setup-cli first in PATH; returns the exit status, output in *out. */
static int
run_full (const char * const *argv,
          const char         *input,
          const char * const *extra_env,
          char              **out)
{
  g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *stdout_text = NULL;
  int status;

  g_ptr_array_add (env, g_strconcat ("HOME=", lab.home, NULL));
  g_ptr_array_add (env, g_strdup ("TERM=xterm"));
  for (guint i = 0; extra_env && extra_env[i]; i += 2)
    g_ptr_array_add (env, g_strconcat (extra_env[i], "=", extra_env[i + 1], NULL));
  g_ptr_array_add (env, NULL);
  /* An empty input is no input (end of file at once). */
  status = mail_test_run_program (argv, (const char * const *) env->pdata, lab.dir,
                                  MAIL_TEST_RUN_MERGE_STDERR, input, &stdout_text, NULL);
  if (!g_strv_contains (argv, "token"))  /* its output is a secret: never logged */
    log_output (argv[0], stdout_text);
  if (out)
    *out = g_steal_pointer (&stdout_text);
  return status;
}

static int
run (const char * const *argv,
     const char         *input,
     char              **out)
{
  return run_full (argv, input, NULL, out);
}

static char *
export_path (const char *email,
             const char *format)
{
  g_autofree char *name = g_strdup_printf ("%s.%s", email, format);

  return g_build_filename (lab.dir, name, NULL);
}

/* ------------------------------------------------------------------------------------------ */

static gboolean
set_up_failed (const char *what,
               const char *output)
{
  lab.error = g_strdup_printf ("%s failed:\n%s", what, output ? output : "");
  return FALSE;
}

typedef struct
{
  gboolean           done;
  MailStoredAccount *account;
  gboolean           ok;
  GError            *error;
} StoreOp;

static void
store_load_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  StoreOp *op = user_data;

  op->account = mail_account_store_load_finish (MAIL_ACCOUNT_STORE (object), result,
                                                &op->error);
  op->done = TRUE;
}

static void
store_verified_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  StoreOp *op = user_data;

  op->ok = mail_account_store_mark_verified_finish (MAIL_ACCOUNT_STORE (object), result,
                                                    &op->error);
  op->done = TRUE;
}

static MailStoredAccount *
load_account (const char *email)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailAccountStore) store = mail_account_store_new (registry);
  StoreOp op = { 0 };

  mail_account_store_load_async (store, email, NULL, store_load_cb, &op);
  while (!op.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (op.error);
  return op.account;
}

/* `mail-setup-cli test` verifies the account and records it; until that command has landed,
 * the record is made through the store API (the clients below are the real check). */
static gboolean
verify (const char *email)
{
  g_autoptr(MailProviderRegistry) registry = mail_provider_registry_new ();
  g_autoptr(MailAccountStore) store = NULL;
  g_autoptr(MailStoredAccount) account = NULL;
  g_autofree char *out = NULL;
  StoreOp op = { 0 };
  int status;

  status = run ((const char *[]) { lab.cli, "test", email, "--ca-file", lab.ca_file, NULL }, NULL,
                &out);
  if (status == 0)
    return TRUE;
  if (status != 2 || strstr (out, "not available yet") == NULL)
    return set_up_failed ("mail-setup-cli test", out);

  g_test_message ("mail-setup-cli test is not available yet: %s marked verified through the "
                  "account store", email);
  account = load_account (email);
  store = mail_account_store_new (registry);
  mail_account_store_mark_verified_async (store, account->settings, NULL, store_verified_cb, &op);
  while (!op.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (op.error);
  return op.ok;
}

static gboolean
lab_set_up (void)
{
  const char *cli = g_getenv ("MAIL_SETUP_CLI");
  const char *provider_file = g_getenv ("MAIL_LAB_PROVIDER_FILE");
  g_autofree char *providers = NULL;
  g_autofree char *provider_copy = NULL;
  g_autofree char *provider_text = NULL;
  g_autofree char *cli_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *formats[] = { "thunderbird", "mbsync", "msmtp", "neomutt", "aerc",
                            "mobileconfig", "json" };
  const char *emails[] = { ALICE, BOB };

  lab.dir = g_dir_make_tmp ("test-export-lab-XXXXXX", &error);
  g_assert_no_error (error);
  lab.home = g_build_filename (lab.dir, "home", NULL);
  g_assert_cmpint (g_mkdir (lab.home, 0700), ==, 0);
  lab.cli = g_strdup (cli);
  lab.ca_file = g_strdup (g_getenv ("MAIL_LAB_CA_FILE"));

  /* The lab provider where every mail-setup-cli finds it, also the one the clients run. */
  providers = g_build_filename (g_get_user_config_dir (), "mail-setup", "providers", NULL);
  g_assert_cmpint (g_mkdir_with_parents (providers, 0700), ==, 0);
  provider_copy = g_build_filename (providers, "lab.provider", NULL);
  g_assert_true (g_file_get_contents (provider_file, &provider_text, NULL, NULL));
  g_assert_true (g_file_set_contents (provider_copy, provider_text, -1, NULL));

  /* The clients call `mail-setup-cli token`: ours. */
  cli_dir = g_path_get_dirname (cli);
  path = g_strdup_printf ("%s:%s", cli_dir, g_getenv ("PATH"));
  g_setenv ("PATH", path, TRUE);

  /* Alice: OAuth2 through the lab identity provider and its browser. */
  if (run_full ((const char *[]) { cli, "login", ALICE, NULL }, NULL,
                (const char *[]) { "MAIL_SETUP_BROWSER", g_getenv ("MAIL_LAB_BROWSER"), NULL },
                &out) != 0)
    return set_up_failed ("mail-setup-cli login " ALICE, out);
  g_clear_pointer (&out, g_free);

  /* Signed in but never verified: no export, no file. */
  {
    g_autofree char *early = export_path (ALICE, "early");

    if (run ((const char *[]) { cli, "export", ALICE, "--format", "msmtp", "-o", early, NULL },
             NULL, &out) != 1 || strstr (out, "never verified") == NULL ||
        g_file_test (early, G_FILE_TEST_EXISTS))
      return set_up_failed ("export of a never verified account (expected exit 1)", out);
    g_clear_pointer (&out, g_free);
  }

  if (!verify (ALICE))
    return FALSE;

  /* Bob: a password account. */
  if (run ((const char *[]) { cli, "login", BOB, "--auth", "password", "--password-stdin", NULL },
           g_getenv ("MAIL_LAB_PASSWORD"), &out) != 0)
    return set_up_failed ("mail-setup-cli login " BOB, out);
  g_clear_pointer (&out, g_free);
  if (!verify (BOB))
    return FALSE;

  for (guint e = 0; e < G_N_ELEMENTS (emails); e++)
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      {
        g_autofree char *file = export_path (emails[e], formats[f]);

        if (run ((const char *[]) { cli, "export", emails[e], "--format", formats[f],
                                    "--ca-file", lab.ca_file, "-o", file, NULL }, NULL, &out) != 0)
          return set_up_failed ("mail-setup-cli export", out);
        g_clear_pointer (&out, g_free);
      }
  return TRUE;
}

static gboolean
lab_ready (void)
{
  if (g_getenv ("MAIL_LAB_DIR") == NULL)
    {
      g_test_skip ("not inside tests/lab/with-lab.sh");
      return FALSE;
    }
  if (lab.error != NULL)
    {
      g_test_fail_printf ("lab set-up: %s", lab.error);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */

static void
assert_absent (const char *text,
               const char *secret,
               const char *file)
{
  if (secret != NULL && *secret != '\0' && strstr (text, secret) != NULL)
    g_error ("a secret is inside %s", file);
}

static void
test_no_secret_mode_0600 (void)
{
  const char *emails[] = { ALICE, BOB };
  g_autoptr(MailStoredAccount) alice = NULL;
  g_autoptr(MailStoredAccount) bob = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  if (!lab_ready ())
    return;

  alice = load_account (ALICE);
  bob = load_account (BOB);
  g_assert_nonnull (alice->access_token);
  g_assert_nonnull (alice->refresh_token);
  g_assert_cmpstr (bob->password, ==, g_getenv ("MAIL_LAB_PASSWORD"));
  g_assert_cmpint (run ((const char *[]) { lab.cli, "token", ALICE, NULL }, NULL, &token), ==, 0);
  g_strchomp (token);
  g_assert_true (g_str_has_prefix (token, "lab-at-"));

  dir = g_dir_open (lab.dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (lab.dir, name, NULL);
      g_autofree char *text = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, ALICE) && !g_str_has_prefix (name, BOB))
        continue;
      g_assert_true (g_file_get_contents (file, &text, NULL, NULL));
      for (guint i = 0; i < G_N_ELEMENTS (emails); i++)
        {
          MailStoredAccount *account = i == 0 ? alice : bob;

          assert_absent (text, account->access_token, file);
          assert_absent (text, account->refresh_token, file);
          assert_absent (text, account->password, file);
        }
      assert_absent (text, token, file);
      assert_absent (text, g_getenv ("MAIL_LAB_PASSWORD"), file);
      assert_absent (text, "lab-at-", file);
      assert_absent (text, "lab-rt-", file);
      g_assert_cmpint (g_stat (file, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      n++;
    }
  /* 7 formats for 2 accounts. */
  g_assert_cmpuint (n, ==, 14);
}

static char *
sink_find (const char *needle)
{
  const char *sink = g_getenv ("MAIL_LAB_SINK_DIR");
  g_autoptr(GDir) dir = g_dir_open (sink, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (sink, name, NULL);
      g_autofree char *text = NULL;

      if (g_file_get_contents (file, &text, NULL, NULL) && strstr (text, needle) != NULL)
        return g_steal_pointer (&text);
    }
  return NULL;
}

static void
msmtp_send (const char *from,
            const char *to,
            gboolean    by_envelope)
{
  g_autofree char *config = export_path (from, "msmtp");
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *subject = g_strdup_printf ("export-lab %s %s", from, uuid);
  g_autofree char *message = g_strdup_printf ("From: %s\nTo: %s\nSubject: %s\n\nSent with the "
                                              "exported msmtp file.\n", from, to, subject);
  g_autofree char *out = NULL;
  g_autofree char *received = NULL;
  int status;

  /* -a ACCOUNT, or the account chosen by the envelope sender (the account is named after the
   * address and has it as its from). */
  if (by_envelope)
    status = run ((const char *[]) { "msmtp", "-C", config, "--read-envelope-from", "-t", NULL },
                  message, &out);
  else
    status = run ((const char *[]) { "msmtp", "-C", config, "-a", from, "--read-envelope-from",
                                     "-t", NULL }, message, &out);
  g_assert_cmpint (status, ==, 0);
  received = sink_find (subject);
  g_assert_nonnull (received);
}

static void
test_msmtp_oauth (void)
{
  if (lab_ready ())
    msmtp_send (ALICE, BOB, FALSE);
}

static void
test_msmtp_password (void)
{
  if (lab_ready ())
    msmtp_send (BOB, ALICE, TRUE);
}

static char *
maildir_find (const char *inbox,
              const char *needle)
{
  const char *subdirs[] = { "new", "cur" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (inbox, subdirs[i], NULL);
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (path, name, NULL);
          g_autofree char *text = NULL;

          if (g_file_get_contents (file, &text, NULL, NULL) && strstr (text, needle) != NULL)
            return g_steal_pointer (&text);
        }
    }
  return NULL;
}

static void
mbsync_sync (const char *email,
             const char *name)
{
  g_autofree char *config = export_path (email, "mbsync");
  g_autofree char *maildir = g_build_filename (lab.home, "Mail", name, NULL);
  g_autofree char *inbox = g_build_filename (maildir, "INBOX", NULL);
  g_autofree char *out = NULL;

  /* As the comment in the file says: the local folder first. */
  g_assert_cmpint (g_mkdir_with_parents (maildir, 0700), ==, 0);
  g_assert_cmpint (run ((const char *[]) { "mbsync", "-c", config, "-a", NULL }, NULL, &out), ==, 0);
  g_assert_true (g_file_test (inbox, G_FILE_TEST_IS_DIR));
}

static void
test_mbsync_xoauth2 (void)
{
  g_autofree char *message = NULL;
  g_autofree char *inbox = NULL;

  if (!lab_ready ())
    return;
  if (!g_file_test (KDE_XOAUTH2_PLUGIN, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("libsasl2-modules-kdexoauth2 is not installed");
      return;
    }
  mbsync_sync (ALICE, "alice-example.test");
  inbox = g_build_filename (lab.home, "Mail", "alice-example.test", "INBOX", NULL);
  message = maildir_find (inbox, "Subject: Welcome to the lab");
  g_assert_nonnull (message);
}

static void
test_mbsync_password (void)
{
  if (lab_ready ())
    mbsync_sync (BOB, "bob-example.test");
}

/* Runs an interactive client in a pseudo-terminal (script) for at most seconds. */
static char *
run_in_terminal (const char         *command,
                 guint               seconds,
                 const char * const *extra_env)
{
  g_autofree char *line = g_strdup_printf ("stty cols 200 rows 40; %s", command);
  g_autofree char *limit = g_strdup_printf ("%u", seconds);
  char *out = NULL;

  run_full ((const char *[]) { "timeout", "-k", "5", limit, "script", "-qec", line, "/dev/null",
                               NULL }, NULL, extra_env, &out);
  return out;
}

static void
test_neomutt_oauth (void)
{
  g_autofree char *config = NULL;
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;

  if (!lab_ready ())
    return;
  /* neomutt signs in (XOAUTH2/OAUTHBEARER with the token command), opens INBOX, draws the
   * index and quits: the one message's subject and the count are on the screen. */
  config = export_path (ALICE, "neomutt");
  command = g_strdup_printf ("neomutt -n -F '%s' -e 'push <quit>'", config);
  out = run_in_terminal (command, 30, NULL);
  g_assert_nonnull (strstr (out, "Welcome to the lab"));
  g_assert_nonnull (strstr (out, "[Msgs:1"));
}

static void
test_neomutt_password (void)
{
  g_autofree char *config = NULL;
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;

  if (!lab_ready ())
    return;
  config = export_path (BOB, "neomutt");
  command = g_strdup_printf ("neomutt -n -F '%s' -e 'push <quit>'", config);
  out = run_in_terminal (command, 30, NULL);
  g_assert_nonnull (strstr (out, "+INBOX [Msgs:0]"));
}

static void
aerc_open (const char *email,
           const char *expected)
{
  g_autofree char *xdg = NULL;
  g_autofree char *aerc_dir = NULL;
  g_autofree char *accounts = NULL;
  g_autofree char *providers = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *source = NULL;
  g_autofree char *name = g_strdup_printf ("aerc-config-%s", email);

  /* aerc 0.14 has no batch mode: it runs in a terminal for a few seconds, with its config
   * dir holding our accounts.conf; it signs in and lists INBOX. */
  xdg = g_build_filename (lab.dir, name, NULL);
  aerc_dir = g_build_filename (xdg, "aerc", NULL);
  g_assert_cmpint (g_mkdir_with_parents (aerc_dir, 0700), ==, 0);
  accounts = g_build_filename (aerc_dir, "accounts.conf", NULL);
  source = export_path (email, "aerc");
  g_assert_true (g_file_get_contents (source, &text, NULL, NULL));
  g_assert_true (mail_export_write_file (accounts, text, NULL));
  /* mail-setup-cli token, run by aerc, reads providers from the same config dir. */
  providers = g_build_filename (xdg, "mail-setup", "providers", NULL);
  g_assert_cmpint (g_mkdir_with_parents (providers, 0700), ==, 0);
  provider = g_build_filename (providers, "lab.provider", NULL);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (g_getenv ("MAIL_LAB_PROVIDER_FILE"), &text, NULL, NULL));
  g_assert_true (g_file_set_contents (provider, text, -1, NULL));

  /* aerc 0.14 has no CA setting: Go reads SSL_CERT_FILE. */
  out = run_in_terminal ("aerc", 8, (const char *[]) { "XDG_CONFIG_HOME", xdg,
                                                       "SSL_CERT_FILE", lab.ca_file, NULL });
  g_assert_nonnull (out);
  g_assert_null (strstr (out, "rror"));
  g_assert_nonnull (strstr (out, "Connected"));
  g_assert_nonnull (strstr (out, expected));
}

static void
test_aerc_oauth (void)
{
  /* The one message of Alice's INBOX is listed. */
  if (lab_ready ())
    aerc_open (ALICE, "Welcome to the lab");
}

static void
test_aerc_password (void)
{
  /* Bob's INBOX is empty. */
  if (lab_ready ())
    aerc_open (BOB, "(no messages)");
}

/* export --settings-file: the file gives the settings, the keyring the verification (only for
 * the very servers it verified). The unit suite checks the refusals without a keyring. */
static void
test_settings_file (void)
{
  g_autofree char *json = export_path (ALICE, "json");
  g_autofree char *output = g_build_filename (lab.dir, "settings-file.msmtprc", NULL);
  g_autofree char *missing = g_build_filename (lab.dir, "nope", "out.msmtprc", NULL);
  g_autofree char *tampered = g_build_filename (lab.dir, "tampered.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  if (!lab_ready ())
    return;

  /* Without -o: the export on standard output, verified by the keyring's record. */
  g_assert_cmpint (run ((const char *[]) { lab.cli, "export", ALICE, "--format", "msmtp",
                                           "--settings-file", json, NULL }, NULL, &out), ==, 0);
  /* stderr is merged: the build tree's warning comes first, then the file. */
  g_assert_nonnull (strstr (out, "build tree"));
  g_assert_nonnull (strstr (out, "\n# Mail Setup "));
  /* The build tree's CLI by its absolute path (issue 15: a bare name is not found). */
  g_assert_nonnull (strstr (out, "passwordeval \"/"));
  g_assert_nonnull (strstr (out, "/src/cli/mail-setup-cli token " ALICE "\""));
  g_clear_pointer (&out, g_free);

  /* With -o: the file, mode 0600, and what to do with it. */
  g_assert_cmpint (run ((const char *[]) { lab.cli, "export", ALICE, "--format", "msmtp",
                                           "--settings-file", json, "-o", output, NULL },
                        NULL, &out), ==, 0);
  g_assert_nonnull (strstr (out, output));
  g_assert_cmpint (g_stat (output, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
  assert_absent (contents, "lab-at-", output);
  g_clear_pointer (&out, g_free);

  /* An existing file is kept unless --force. */
  g_assert_cmpint (run ((const char *[]) { lab.cli, "export", ALICE, "--format", "aerc",
                                           "--settings-file", json, "-o", output, NULL },
                        NULL, &out), ==, 2);
  g_assert_nonnull (strstr (out, "--force"));
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "passwordeval"));
  g_clear_pointer (&out, g_free);

  /* A folder that does not exist: a clear error, exit 1, no file. */
  g_assert_cmpint (run ((const char *[]) { lab.cli, "export", ALICE, "--format", "msmtp",
                                           "--settings-file", json, "-o", missing, NULL },
                        NULL, &out), ==, 1);
  g_assert_nonnull (strstr (out, "Cannot write"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);

  /* The same file with another (valid) IMAP server and its verified_at kept: the keyring
   * verified other servers, so it is never verified. */
  g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
  {
    g_autoptr(MailStoredAccount) alice = load_account (ALICE);
    GString *changed = g_string_new (text);
    g_autofree char *host = g_strdup_printf ("\"%s\"", alice->settings->imap->host);

    g_assert_cmpuint (g_string_replace (changed, host, "\"imap.elsewhere.test\"", 1), ==, 1);
    g_assert_nonnull (strstr (changed->str, "\"verified_at\" : \""));
    g_assert_true (g_file_set_contents (tampered, changed->str, -1, NULL));
    g_string_free (changed, TRUE);
  }
  g_unlink (output);
  g_assert_cmpint (run ((const char *[]) { lab.cli, "export", ALICE, "--format", "mbsync",
                                           "--settings-file", tampered, "-o", output, NULL },
                        NULL, &out), ==, 1);
  g_assert_nonnull (strstr (out, "never verified"));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);

  if (g_getenv ("MAIL_LAB_DIR") != NULL && g_getenv ("MAIL_SETUP_CLI") != NULL)
    lab_set_up ();

  g_test_add_func ("/export-lab/no-secret-mode-0600", test_no_secret_mode_0600);
  g_test_add_func ("/export-lab/msmtp/oauth", test_msmtp_oauth);
  g_test_add_func ("/export-lab/msmtp/password", test_msmtp_password);
  g_test_add_func ("/export-lab/mbsync/xoauth2", test_mbsync_xoauth2);
  g_test_add_func ("/export-lab/mbsync/password", test_mbsync_password);
  g_test_add_func ("/export-lab/neomutt/oauth", test_neomutt_oauth);
  g_test_add_func ("/export-lab/neomutt/password", test_neomutt_password);
  g_test_add_func ("/export-lab/aerc/oauth", test_aerc_oauth);
  g_test_add_func ("/export-lab/aerc/password", test_aerc_password);
  g_test_add_func ("/export-lab/settings-file", test_settings_file);

  status = g_test_run ();

  if (lab.dir != NULL && g_getenv ("MAIL_LAB_KEEP") == NULL)
    mail_test_remove_tree (lab.dir);
  g_free (lab.dir);
  g_free (lab.home);
  g_free (lab.cli);
  g_free (lab.ca_file);
  g_free (lab.error);
  return status;
}
