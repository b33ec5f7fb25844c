/* mail-test-cli.c: runs mail-setup-cli (or another program) as a person or a script does
 *
 * Standard input always comes from a temporary file, never a pipe: a command that ends before
 * reading its input (a usage error, a refusal) cannot break the write, so no test races with
 * the program it runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "mail-test-lib.h"

const char *
mail_test_cli_path (void)
{
  return g_getenv ("MAIL_SETUP_CLI");
}

gboolean
mail_test_have_cli (void)
{
  const char *cli = mail_test_cli_path ();

  if (cli != NULL && g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    return TRUE;
  g_test_skip ("MAIL_SETUP_CLI is not set (run through meson test)");
  return FALSE;
}

/* The output as a string: UTF-8 text, or with MAIL_TEST_RUN_BYTES any bytes but NUL. */
static char *
output_text (GBytes           *bytes,
             MailTestRunFlags  flags)
{
  gsize size = 0;
  const char *data;
  char *text;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  text = g_strndup (size > 0 ? data : "", size);
  if (flags & MAIL_TEST_RUN_BYTES)
    g_assert_cmpuint (strlen (text), ==, size);
  else
    g_assert_true (g_utf8_validate (text, (gssize) size, NULL));
  return text;
}

/* Runs argv (argv[0] the program) with the extra environment env ("NAME=value" sets, "NAME"
 * alone unsets; NULL-terminated; may be NULL) in cwd (NULL: this one), with stdin_text (NULL:
 * empty) as its standard input. Returns the exit status, -1 when a signal ended it. */
int
mail_test_run_program (const char * const *argv,
                       const char * const *env,
                       const char         *cwd,
                       MailTestRunFlags    flags,
                       const char         *stdin_text,
                       char              **out_stdout,
                       char              **out_stderr)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = NULL;
  g_autoptr(GBytes) out_bytes = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  int fd;

  g_assert_nonnull (argv[0]);
  fd = g_file_open_tmp ("mail-test-stdin-XXXXXX", &input, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (input, stdin_text != NULL ? stdin_text : "", -1, &error);
  g_assert_no_error (error);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        ((flags & MAIL_TEST_RUN_MERGE_STDERR)
                                         ? G_SUBPROCESS_FLAGS_STDERR_MERGE
                                         : G_SUBPROCESS_FLAGS_STDERR_PIPE));
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      if (pair[1] != NULL)
        g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, pair[0]);
    }
  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  g_subprocess_launcher_set_stdin_file_path (launcher, input);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out_bytes, &err_bytes, &error);
  g_assert_no_error (error);
  g_unlink (input);
  out = output_text (out_bytes, flags);
  err = output_text (err_bytes, flags);

  status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  if (flags & MAIL_TEST_RUN_LOG)
    g_test_message ("status %d\nstdout:\n%s\nstderr:\n%s", status, out ? out : "",
                    err ? err : "");
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&err);
  return status;
}

static GPtrArray *
cli_argv (const char * const *argv)
{
  GPtrArray *full = g_ptr_array_new ();

  g_assert_nonnull (mail_test_cli_path ());
  g_ptr_array_add (full, (char *) mail_test_cli_path ());
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (char *) argv[i]);
  g_ptr_array_add (full, NULL);
  return full;
}

/* mail-setup-cli ($MAIL_SETUP_CLI) with argv (NULL-terminated, without the program), env as in
 * mail_test_run_program(). */
void
mail_test_run_cli_env (const char * const *env,
                       const char * const *argv,
                       const char         *stdin_text,
                       char              **out_stdout,
                       char              **out_stderr,
                       int                *out_status)
{
  g_autoptr(GPtrArray) full = cli_argv (argv);
  int status;

  status = mail_test_run_program ((const char * const *) full->pdata, env, NULL,
                                  MAIL_TEST_RUN_DEFAULT, stdin_text, out_stdout, out_stderr);
  if (out_status != NULL)
    *out_status = status;
}

void
mail_test_run_cli (const char * const *argv,
                   const char         *stdin_text,
                   char              **out_stdout,
                   char              **out_stderr,
                   int                *out_status)
{
  mail_test_run_cli_env (NULL, argv, stdin_text, out_stdout, out_stderr, out_status);
}

/* The same, with stdout parsed when it is one JSON object. */
MailTestCliRun *
mail_test_cli_run (const char * const *env,
                   const char         *stdin_text,
                   const char * const *argv)
{
  return mail_test_cli_run_full (env, MAIL_TEST_RUN_DEFAULT, stdin_text, argv);
}

MailTestCliRun *
mail_test_cli_run_full (const char * const *env,
                        MailTestRunFlags    flags,
                        const char         *stdin_text,
                        const char * const *argv)
{
  g_autoptr(GPtrArray) full = cli_argv (argv);
  MailTestCliRun *run = g_new0 (MailTestCliRun, 1);

  run->status = mail_test_run_program ((const char * const *) full->pdata, env, NULL, flags,
                                       stdin_text, &run->out, &run->err);
  if (run->out != NULL && run->out[0] == '{')
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (json_parser_load_from_data (parser, run->out, -1, NULL))
        run->json = json_node_ref (json_parser_get_root (parser));
    }
  return run;
}

/* Status and output as test messages (never for output that holds a secret). */
void
mail_test_cli_run_log (const MailTestCliRun *run)
{
  g_test_message ("status %d\nstdout:\n%s\nstderr:\n%s", run->status, run->out, run->err);
}

/* Neither stdout nor stderr shows the secret. */
void
mail_test_cli_run_assert_no_secret (const MailTestCliRun *run,
                                    const char           *secret)
{
  mail_test_assert_no_secret (run->out, secret);
  mail_test_assert_no_secret (run->err, secret);
}

void
mail_test_cli_run_free (MailTestCliRun *run)
{
  g_free (run->out);
  g_free (run->err);
  g_clear_pointer (&run->json, json_node_unref);
  g_free (run);
}
