/* bench-probe.c: whole processes as users run them, each beside its yardstick (issue 16)
 *
 * - `mail-setup-cli test` (TLS, XOAUTH2, EXAMINE, LOGOUT against the lab's Dovecot) beside curl
 *   doing the same sign-in and EXAMINE: wall, CPU, peak RSS on loopback; wall and round trips
 *   through a proxy adding 50 ms round-trip time (tests/lab/mail-lab-delay-proxy.h);
 * - `mail-setup-cli token` of a stored account beside `secret-tool lookup` of the same item;
 * - the check in process (MailProbe), for scale.
 * The measured processes get the environment a user has: no GIO_USE_PROXY_RESOLVER,
 * GSETTINGS_BACKEND, G_DEBUG or G_MESSAGES_DEBUG from the test setup.
 * Prints figures; asserts nothing about speed (performance is read, not gated).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gio/gio.h>
#include <libsoup/soup.h>

#include "mail-lab-delay-proxy.h"
#include "mail-probe.h"
#include "mail-test-lib.h"

#define RUNS 15
#define DELAYED_RUNS 7
#define DELAY_MS_EACH_WAY 25   /* 50 ms round-trip time */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  MailCheckResult **out = user_data;

  *out = mail_probe_run_finish (MAIL_PROBE (object), result, NULL);
}

static double
run_probe_once (const char   *token,
                GTlsDatabase *database)
{
  g_autoptr(MailServer) server = NULL;
  g_autoptr(MailProbe) probe = NULL;
  g_autoptr(MailCheckResult) result = NULL;
  const char *mechanisms[] = { "XOAUTH2", NULL };
  gint64 start;

  server = mail_server_new (MAIL_PROTOCOL_IMAP, "localhost",
                            atoi (g_getenv ("MAIL_LAB_IMAPS_PORT")), MAIL_SECURITY_TLS);
  server->username = g_strdup ("alice@example.test");
  server->auth = MAIL_AUTH_OAUTH2;
  probe = mail_probe_new (server, "alice@example.test");
  mail_probe_set_credential (probe, MAIL_AUTH_OAUTH2, token);
  mail_probe_set_mechanisms (probe, mechanisms);
  mail_probe_set_tls_database (probe, database);

  start = g_get_monotonic_time ();
  mail_probe_run_async (probe, NULL, probe_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (result->ok);
  g_assert_cmpstr (result->mechanism, ==, "XOAUTH2");
  return (g_get_monotonic_time () - start) / 1000.0;
}

typedef struct
{
  double wall_ms;
  double cpu_ms;
  double rss_mb;
} Figures;

static char **user_env;

/* The environment of a person's shell: the test setup's GIO and GLib variables removed. */
static void
init_user_env (void)
{
  static const char * const test_only[] = {
    "GIO_USE_PROXY_RESOLVER", "GSETTINGS_BACKEND", "G_DEBUG", "G_MESSAGES_DEBUG",
  };

  user_env = g_get_environ ();
  for (guint i = 0; i < G_N_ELEMENTS (test_only); i++)
    user_env = g_environ_unsetenv (user_env, test_only[i]);
}

/* Runs argv with stdin_text; wall time, CPU time (user + system) and peak RSS of the child. */
static Figures
run_process (const char * const *argv,
             const char         *stdin_text)
{
  struct rusage usage;
  GPid pid;
  int in_fd, status;
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  Figures figures;

  g_spawn_async_with_pipes (NULL, (char **) argv, user_env,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH
                            | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                            NULL, NULL, &pid, &in_fd, NULL, NULL, &error);
  g_assert_no_error (error);
  if (stdin_text != NULL)
    g_assert_cmpint (write (in_fd, stdin_text, strlen (stdin_text)), ==, strlen (stdin_text));
  close (in_fd);
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  figures.wall_ms = (g_get_monotonic_time () - start) / 1000.0;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s %s failed (status %d)", argv[0], argv[1], status);
  figures.cpu_ms = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000.0
                   + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000.0;
  figures.rss_mb = usage.ru_maxrss / 1024.0;
  return figures;
}

static Figures
medians (Figures *runs,
         guint    n)
{
  g_autofree double *wall = g_new (double, n);
  g_autofree double *cpu = g_new (double, n);
  g_autofree double *rss = g_new (double, n);
  Figures m;

  for (guint i = 0; i < n; i++)
    {
      wall[i] = runs[i].wall_ms;
      cpu[i] = runs[i].cpu_ms;
      rss[i] = runs[i].rss_mb;
    }
  m.wall_ms = median (wall, n);
  m.cpu_ms = median (cpu, n);
  m.rss_mb = median (rss, n);
  return m;
}

static void
print_pair (const char *name,
            Figures     ours,
            const char *yardstick,
            Figures     theirs,
            double      wall_target,
            gboolean    rss_target)
{
  printf ("  %-34s wall %7.1f ms  CPU %6.1f ms  peak RSS %5.1f MB\n", name, ours.wall_ms,
          ours.cpu_ms, ours.rss_mb);
  printf ("  %-34s wall %7.1f ms  CPU %6.1f ms  peak RSS %5.1f MB\n", yardstick, theirs.wall_ms,
          theirs.cpu_ms, theirs.rss_mb);
  printf ("  ratio: wall %.2f (target <= %.2f: %s), CPU %.2f", ours.wall_ms / theirs.wall_ms,
          wall_target, ours.wall_ms <= wall_target * theirs.wall_ms ? "met" : "NOT met",
          ours.cpu_ms / theirs.cpu_ms);
  if (rss_target)
    printf (", peak RSS %.2f (target <= 1.00: %s)", ours.rss_mb / theirs.rss_mb,
            ours.rss_mb <= theirs.rss_mb ? "met" : "NOT met");
  printf ("\n");
}

/* curl reads the token from a config file on stdin, not from its command line. */
static void
check_argv (const char *port,
            const char *url_out[13],
            const char *cli_out[14])
{
  static char url[128], imap[64];
  const char *curl_argv[] = { "curl", "-s", "--ssl-reqd", "--cacert",
                              g_getenv ("MAIL_LAB_CA_FILE"), "-u", "alice@example.test",
                              "-K", "-", "-X", "EXAMINE INBOX", url, NULL };
  const char *cli_argv[] = { g_getenv ("MAIL_SETUP_CLI"), "test", "alice@example.test",
                             "--imap", imap, "--imap-security", "tls", "--no-smtp",
                             "--auth", "oauth2", "--token-stdin", "--ca-file",
                             g_getenv ("MAIL_LAB_CA_FILE"), NULL };

  g_snprintf (url, sizeof url, "imaps://localhost:%s/INBOX", port);
  g_snprintf (imap, sizeof imap, "localhost:%s", port);
  memcpy (url_out, curl_argv, sizeof curl_argv);
  memcpy (cli_out, cli_argv, sizeof cli_argv);
}

static void
bench_check (const char *token)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MailLabDelayProxy) proxy = NULL;
  g_autofree char *curl_config = g_strdup_printf ("oauth2-bearer = \"%s\"\n", token);
  g_autofree char *bearer_input = g_strdup_printf ("%s\n", token);
  g_autofree char *proxy_port = NULL;
  const char *curl_argv[13], *cli_argv[14];
  double in_process[RUNS], trips_cli[DELAYED_RUNS], trips_curl[DELAYED_RUNS];
  Figures cli[RUNS], curl[RUNS], cli_far[DELAYED_RUNS], curl_far[DELAYED_RUNS];

  database = g_tls_file_database_new (g_getenv ("MAIL_LAB_CA_FILE"), &error);
  g_assert_no_error (error);

  check_argv (g_getenv ("MAIL_LAB_IMAPS_PORT"), curl_argv, cli_argv);
  for (guint i = 0; i < RUNS; i++)
    {
      in_process[i] = run_probe_once (token, database);
      curl[i] = run_process (curl_argv, curl_config);
      cli[i] = run_process (cli_argv, bearer_input);
    }

  proxy = mail_lab_delay_proxy_new (atoi (g_getenv ("MAIL_LAB_IMAPS_PORT")), DELAY_MS_EACH_WAY);
  proxy_port = g_strdup_printf ("%u", mail_lab_delay_proxy_get_port (proxy));
  check_argv (proxy_port, curl_argv, cli_argv);
  for (guint i = 0; i < DELAYED_RUNS; i++)
    {
      curl_far[i] = run_process (curl_argv, curl_config);
      trips_curl[i] = mail_lab_delay_proxy_take_round_trips (proxy);
      cli_far[i] = run_process (cli_argv, bearer_input);
      trips_cli[i] = mail_lab_delay_proxy_take_round_trips (proxy);
    }

  printf ("IMAP check (TLS, XOAUTH2, EXAMINE, LOGOUT) against the lab's Dovecot, whole processes\n");
  printf ("on loopback, %d runs, medians:\n", RUNS);
  print_pair ("mail-setup-cli test --no-smtp", medians (cli, RUNS),
              "curl --oauth2-bearer -X EXAMINE", medians (curl, RUNS), 1.2, TRUE);
  printf ("  (MailProbe in process, for scale: %.1f ms)\n", median (in_process, RUNS));
  printf ("through a proxy adding %d ms round-trip time, %d runs, medians:\n",
          2 * DELAY_MS_EACH_WAY, DELAYED_RUNS);
  print_pair ("mail-setup-cli test --no-smtp", medians (cli_far, DELAYED_RUNS),
              "curl --oauth2-bearer -X EXAMINE", medians (curl_far, DELAYED_RUNS), 0.85, FALSE);
  printf ("  round trips: mail-setup-cli %.0f, curl %.0f\n", median (trips_cli, DELAYED_RUNS),
          median (trips_curl, DELAYED_RUNS));
}

/* `token` of a stored account (signed in once through the lab browser) beside secret-tool. */
static void
bench_token (void)
{
  const char *login_argv[] = { g_getenv ("MAIL_SETUP_CLI"), "login", "alice@example.test",
                               "--provider-file", g_getenv ("MAIL_LAB_PROVIDER_FILE"), NULL };
  const char *token_argv[] = { g_getenv ("MAIL_SETUP_CLI"), "token", "alice@example.test",
                               NULL };
  const char *lookup_argv[] = { "secret-tool", "lookup", "email", "alice@example.test", NULL };
  g_auto(GStrv) login_env = g_environ_setenv (g_strdupv (user_env), "MAIL_SETUP_BROWSER",
                                              g_getenv ("MAIL_LAB_BROWSER"), TRUE);
  g_autoptr(GError) error = NULL;
  Figures token[RUNS], lookup[RUNS];
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) login_argv, login_env, G_SPAWN_STDOUT_TO_DEV_NULL
                     | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, NULL))
    {
      printf ("token: SKIP (no stored account: login through the lab browser failed)\n");
      return;
    }
  for (guint i = 0; i < RUNS; i++)
    {
      token[i] = run_process (token_argv, NULL);
      lookup[i] = run_process (lookup_argv, NULL);
    }
  printf ("token of a stored, unexpired account, %d runs, medians:\n", RUNS);
  print_pair ("mail-setup-cli token", medians (token, RUNS),
              "secret-tool lookup (same item)", medians (lookup, RUNS), 1.2, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *token = NULL;

  if (g_getenv ("MAIL_LAB_IMAPS_PORT") == NULL)
    {
      printf ("1..0 # SKIP the lab is not running (use tests/lab/with-lab.sh)\n");
      return 0;
    }

  init_user_env ();
  token = mail_test_lab_mint_token ("alice@example.test", "bench");
  bench_check (token);
  bench_token ();
  g_strfreev (user_env);
  return 0;
}
