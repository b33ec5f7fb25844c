/* test-export-file.c: writing an export (0600, atomically, never over a special file) and
 * the `mail-setup-cli export` command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <glib/gstdio.h>

#include "test-export.h"

void
test_write_mode_and_replace (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "msmtprc", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  /* An existing world-readable file is replaced by a 0600 one. */
  g_assert_true (g_file_set_contents_full (path, "old", -1, G_FILE_SET_CONTENTS_NONE, 0644,
                                           &error));
  g_assert_true (mail_export_write_file (path, "new\n", &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new\n");
}

void
test_write_fails_cleanly (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "no-such-dir", "msmtprc", NULL);
  g_autofree char *plain_file = g_build_filename (fixture->dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (plain_file, "msmtprc", NULL);
  g_autofree char *readonly = g_build_filename (fixture->dir, "read-only", NULL);
  g_autofree char *in_readonly = g_build_filename (readonly, "msmtprc", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (mail_export_write_file (missing, "x", &error));
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, missing));
  g_assert_nonnull (strstr (error->message, "does not exist"));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (plain_file, "", 0, NULL));
  g_assert_false (mail_export_write_file (under_file, "x", &error));
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, under_file));
  g_clear_error (&error);

  /* Only the plain file: no temporary file left anywhere. */
  assert_dir_entries (fixture->dir, 1);

  /* root writes into read-only folders: that case can only be checked as a user. */
  g_assert_cmpint (g_mkdir (readonly, 0500), ==, 0);
  if (geteuid () != 0)
    {
      g_assert_false (mail_export_write_file (in_readonly, "x", &error));
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "permission denied"));
      assert_dir_entries (readonly, 0);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* The command: mail-setup-cli export --settings-file (the keyring path is in the lab suite) */

static const char *
cli_path (void)
{
  const char *cli = g_getenv ("MAIL_SETUP_CLI");

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;
  return cli;
}

static char *
settings_file (Fixture             *fixture,
               MailAccountSettings *settings,
               const char          *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  mail_account_settings_to_json (settings, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return write_temp (fixture, name, text);
}

/* The CLI never reaches a keyring here: a settings file alone never makes an export. */
static int
run_no_keyring (const char * const *argv,
                char              **out,
                char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                "unix:path=/nonexistent/mail-setup-test-bus", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

void
test_cli (Fixture       *fixture,
          gconstpointer  data)
{
  const char *cli = cli_path ();
  g_autofree char *claimed = settings_file (fixture, fixture->oauth, "alice.json");
  g_autofree char *output = g_build_filename (fixture->dir, "out.msmtprc", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (cli == NULL)
    {
      g_test_skip ("mail-setup-cli is not built");
      return;
    }

  /* The file says verified_at, the keyring has no verification of it: never verified, exit 1,
   * no file (the success paths, with a verification in the keyring, are in test-export-lab). */
  g_assert_nonnull (fixture->oauth->verified_at);
  status = run_no_keyring ((const char *[]) { cli, "export", "alice@example.test", "--format",
                                              "msmtp", "--settings-file", claimed, NULL },
                           &out, &err);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "never verified"));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  for (guint f = 0; f < MAIL_EXPORT_N_FORMATS; f++)
    {
      status = run_no_keyring ((const char *[]) { cli, "export", "alice@example.test",
                                                  "--format", mail_export_format_to_string (f),
                                                  "--settings-file", claimed, "-o", output,
                                                  "--json", NULL }, &out, &err);
      g_assert_cmpint (status, ==, 1);
      g_assert_nonnull (strstr (err, "never verified"));
      g_assert_nonnull (strstr (out, "\"ok\" : false"));
      g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
    }

  /* A settings file with a hostile host is refused where it is read, naming the field. */
  {
    g_autoptr(MailAccountSettings) evil = mail_account_settings_copy (fixture->oauth);
    g_autofree char *path = NULL;

    g_free (evil->imap->host);
    evil->imap->host = g_strdup ("fe80::1%eth0\nTunnel \"touch /tmp/x\"");
    path = settings_file (fixture, evil, "evil.json");
    status = run_no_keyring ((const char *[]) { cli, "export", "alice@example.test", "--format",
                                                "mbsync", "--settings-file", path, NULL },
                             &out, &err);
    g_assert_cmpint (status, ==, 2);
    g_assert_nonnull (strstr (err, "IMAP server name"));
    g_assert_cmpstr (out, ==, "");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* Unknown format: usage error. */
  status = run_no_keyring ((const char *[]) { cli, "export", "alice@example.test", "--format",
                                              "outlook", "--settings-file", claimed, NULL },
                           &out, &err);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "thunderbird"));
}

/* Special files under the name of the export ------------------------------------------------ */

typedef struct
{
  char *path;
  char *what;
} Special;

static void
special_clear (Special *special)
{
  g_free (special->path);
  g_free (special->what);
}

/* A folder, a named pipe, symbolic links (to a regular file, to nothing, to /dev/null) and,
 * as root, a device node: each exists and is not a regular file. */
static GArray *
make_special_files (Fixture *fixture)
{
  GArray *files = g_array_new (FALSE, TRUE, sizeof (Special));
  g_autofree char *target = g_build_filename (fixture->dir, "target", NULL);
  Special s;

  g_array_set_clear_func (files, (GDestroyNotify) special_clear);
  g_assert_true (g_file_set_contents (target, "precious\n", -1, NULL));

  s = (Special) { g_build_filename (fixture->dir, "a-folder", NULL), g_strdup ("folder") };
  g_assert_cmpint (g_mkdir (s.path, 0700), ==, 0);
  g_array_append_val (files, s);
  s = (Special) { g_build_filename (fixture->dir, "a-fifo", NULL), g_strdup ("named pipe") };
  g_assert_cmpint (mkfifo (s.path, 0600), ==, 0);
  g_array_append_val (files, s);
  s = (Special) { g_build_filename (fixture->dir, "link-to-file", NULL),
                  g_strdup ("symbolic link") };
  g_assert_cmpint (symlink (target, s.path), ==, 0);
  g_array_append_val (files, s);
  s = (Special) { g_build_filename (fixture->dir, "broken-link", NULL),
                  g_strdup ("symbolic link") };
  g_assert_cmpint (symlink ("/nonexistent/mail-setup-target", s.path), ==, 0);
  g_array_append_val (files, s);
  s = (Special) { g_build_filename (fixture->dir, "link-to-dev-null", NULL),
                  g_strdup ("symbolic link") };
  g_assert_cmpint (symlink ("/dev/null", s.path), ==, 0);
  g_array_append_val (files, s);
  if (geteuid () == 0)
    {
      /* A device node like /dev/null (1,3), made here so no test can ever replace the real one. */
      s = (Special) { g_build_filename (fixture->dir, "null-device", NULL), g_strdup ("device") };
      g_assert_cmpint (mknod (s.path, S_IFCHR | 0666, makedev (1, 3)), ==, 0);
      g_array_append_val (files, s);
    }
  return files;
}

static void
assert_unchanged (Fixture       *fixture,
                  const Special *special)
{
  g_autofree char *target = g_build_filename (fixture->dir, "target", NULL);
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_cmpint (g_lstat (special->path, &st), ==, 0);
  g_assert_false (S_ISREG (st.st_mode));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious\n");
}

void
test_write_special_refused (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GArray) files = make_special_files (fixture);
  guint entries;

  entries = files->len + 1;  /* and "target" */
  for (guint i = 0; i < files->len; i++)
    {
      const Special *special = &g_array_index (files, Special, i);
      g_autoptr(GError) error = NULL;

      g_assert_false (mail_export_write_file (special->path, "new\n", &error));
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "not a regular file"));
      g_assert_nonnull (strstr (error->message, special->what));
      assert_unchanged (fixture, special);
    }
  /* Nothing half-written: no temporary file beside them. */
  assert_dir_entries (fixture->dir, entries);
}

void
test_cli_special_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *cli = cli_path ();
  g_autofree char *claimed = settings_file (fixture, fixture->oauth, "alice.json");
  g_autoptr(GArray) files = NULL;

  if (cli == NULL)
    {
      g_test_skip ("mail-setup-cli is not built");
      return;
    }
  files = make_special_files (fixture);

  for (guint i = 0; i < files->len; i++)
    for (guint force = 0; force < 2; force++)
      {
        const Special *special = &g_array_index (files, Special, i);
        g_autofree char *out = NULL;
        g_autofree char *err = NULL;
        int status;

        /* A usage error before any work (exit 2), with --force too. */
        status = run_no_keyring ((const char *[]) { cli, "export", "alice@example.test",
                                                    "--format", "msmtp", "--settings-file",
                                                    claimed, "-o", special->path,
                                                    force ? "--force" : NULL, NULL },
                                 &out, &err);
        g_assert_cmpint (status, ==, 2);
        g_assert_nonnull (strstr (err, "not a regular file"));
        assert_unchanged (fixture, special);
      }
}
