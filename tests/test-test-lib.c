/* test-test-lib.c: the shared test helpers (tests/lib) keep their promises
 *
 * The CLI's standard input is a file: a command that ends before reading a large input does
 * not break the test (through a pipe, the write failed or SIGPIPE killed the test). The
 * no-secret check finds a secret in any file of a tree, binary too, and reads no pipe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "mail-test-lib.h"

/* A usage error ends the CLI before it reads a byte of its 1 MiB input: far more than a pipe
 * holds. No signal handler is set here, so a write into a pipe would kill this test. */
static void
test_cli_unread_input (void)
{
  g_autofree char *input = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;

  if (!mail_test_have_cli ())
    return;
  input = g_strnfill (1024 * 1024, 'x');
  mail_test_run_cli ((const char *[]) { "--frobnicate", NULL }, input, &out, &err, &status);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--frobnicate"));
}

/* What is given is what the CLI reads. */
static void
test_cli_reads_input (void)
{
  g_autoptr(MailTestCliRun) run = NULL;
  const char *argv[] = { "sh", "-c", "cat; echo \"${MAIL_TEST_SET-none} ${HOME-none}\"", NULL };
  const char *env[] = { "MAIL_TEST_SET=set", "HOME", NULL };
  g_autofree char *out = NULL;
  int status;

  status = mail_test_run_program (argv, env, NULL, MAIL_TEST_RUN_DEFAULT, "line\n", &out, NULL);
  g_assert_cmpint (status, ==, 0);
  /* "NAME=value" sets, "NAME" alone unsets. */
  g_assert_cmpstr (out, ==, "line\nset none\n");

  if (!mail_test_have_cli ())
    return;
  run = mail_test_cli_run (NULL, NULL, (const char *[]) { "help", NULL });
  g_assert_cmpint (run->status, ==, 0);
  g_assert_null (run->json);
}

/* A clean tree passes; a pipe in it is not read (it would wait forever). */
static void
test_no_secret_clean_tree (void)
{
  g_autofree char *dir = mail_test_make_tmp_dir ("test-lib-XXXXXX");
  g_autofree char *fifo = g_build_filename (dir, "a", "pipe", NULL);

  mail_test_write_file (dir, "a/clean.txt", "nothing to see");
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  mail_test_assert_no_secret_in_tree (dir, "hunter2-secret");
  mail_test_remove_tree (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* The secret behind NUL bytes in a file two folders down is found, and the file named. */
static void
test_no_secret_found (void)
{
  g_autofree char *dir = NULL;

  if (g_test_subprocess ())
    {
      mail_test_assert_no_secret_in_tree (g_getenv ("TEST_LIB_DIR"), "hunter2-secret");
      return;
    }
  dir = mail_test_make_tmp_dir ("test-lib-XXXXXX");
  mail_test_write_file (dir, "a/b/clean.txt", "nothing to see");
  {
    g_autofree char *path = g_build_filename (dir, "a", "b", "binary", NULL);

    g_assert_true (g_file_set_contents (path, "\0\1\2hunter2-secret\0", 19, NULL));
  }
  g_setenv ("TEST_LIB_DIR", dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*a secret is in*binary*");
  mail_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/test-lib/cli-unread-input", test_cli_unread_input);
  g_test_add_func ("/test-lib/cli-reads-input", test_cli_reads_input);
  g_test_add_func ("/test-lib/no-secret/clean-tree", test_no_secret_clean_tree);
  g_test_add_func ("/test-lib/no-secret/found", test_no_secret_found);

  return g_test_run ();
}
