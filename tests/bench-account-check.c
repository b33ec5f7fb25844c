/* bench-account-check.c: a check of both servers over a slow link takes the slower of the two,
 * not the sum (issue 10)
 *
 * IMAP (Dovecot, implicit TLS) and SMTP (Dovecot submission, STARTTLS), each behind a proxy
 * that delays every byte (tests/lab/mail-lab-delay-proxy.h) so that each check takes about
 * 300 ms; checked (a) one after the other with two MailProbes, as the wizard did, and (b)
 * through MailAccountCheck. Prints the medians of both wall times and of the slower single
 * check; asserts nothing about speed (performance is read, not gated). Runs in the lab
 * (`tests/lab/with-lab.sh meson test -C build --benchmark bench-account-check`).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "mail-account-check.h"
#include "mail-lab-delay-proxy.h"
#include "mail-probe.h"
#include "mail-test-lib.h"

#define RUNS 5
/* Each way, per server: about 300 ms a check (IMAP needs fewer round trips than SMTP). */
#define IMAP_DELAY_MS 30
#define SMTP_DELAY_MS 15

typedef struct
{
  MailAccountSettings *settings;
  GTlsDatabase        *database;
  const char          *password;
} Bench;

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return values[n / 2];
}

static void
probe_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(MailCheckResult **) user_data = mail_probe_run_finish (MAIL_PROBE (object), result, NULL);
}

/* One MailProbe to its end; its wall time in ms. */
static double
run_probe (Bench            *bench,
           const MailServer *server)
{
  g_autoptr(MailProbe) probe = mail_probe_new (server, bench->settings->email);
  g_autoptr(MailCheckResult) result = NULL;
  gint64 start;

  mail_probe_set_credential (probe, MAIL_AUTH_PASSWORD, bench->password);
  mail_probe_set_tls_database (probe, bench->database);
  start = g_get_monotonic_time ();
  mail_probe_run_async (probe, NULL, probe_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!result->ok)
    g_printerr ("bench-account-check: %s failed: %s\n",
                mail_protocol_to_string (server->protocol), result->diagnosis->code);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  mail_account_check_run_finish (MAIL_ACCOUNT_CHECK (object), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* Both through MailAccountCheck; its wall time in ms. */
static double
run_account_check (Bench *bench)
{
  g_autoptr(MailAccountCheck) check = mail_account_check_new (bench->settings);
  gboolean done = FALSE;
  gint64 start;

  mail_account_check_set_secret (check, MAIL_AUTH_PASSWORD, bench->password);
  mail_account_check_set_tls_database (check, bench->database);
  start = g_get_monotonic_time ();
  mail_account_check_run_async (check, NULL, check_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  if (!mail_account_check_get_ok (check))
    g_printerr ("bench-account-check: the check failed\n");
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(MailLabDelayProxy) imap_proxy = NULL;
  g_autoptr(MailLabDelayProxy) smtp_proxy = NULL;
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  double imap[RUNS], smtp[RUNS], slower[RUNS], sequential[RUNS], parallel[RUNS];
  Bench bench;

  if (g_getenv ("MAIL_LAB_DIR") == NULL)
    {
      printf ("bench-account-check: skipped, not inside tests/lab/with-lab.sh\n");
      return 77;
    }

  imap_proxy = mail_lab_delay_proxy_new (mail_test_lab_port ("MAIL_LAB_IMAPS_PORT"),
                                         IMAP_DELAY_MS);
  smtp_proxy = mail_lab_delay_proxy_new (mail_test_lab_port ("MAIL_LAB_SUBMISSION_PORT"),
                                         SMTP_DELAY_MS);
  database = mail_test_lab_database ();

  settings = mail_account_settings_new (g_getenv ("MAIL_LAB_USER"));
  settings->imap = mail_server_new (MAIL_PROTOCOL_IMAP, "localhost",
                                    mail_lab_delay_proxy_get_port (imap_proxy),
                                    MAIL_SECURITY_TLS);
  settings->smtp = mail_server_new (MAIL_PROTOCOL_SMTP, "localhost",
                                    mail_lab_delay_proxy_get_port (smtp_proxy),
                                    MAIL_SECURITY_STARTTLS);
  settings->imap->username = g_strdup (settings->email);
  settings->smtp->username = g_strdup (settings->email);
  bench = (Bench) { settings, database, g_getenv ("MAIL_LAB_PASSWORD") };

  /* A first run of each warms the resolver and TLS. */
  run_probe (&bench, settings->imap);
  run_account_check (&bench);

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();

      /* (a) one after the other */
      imap[i] = run_probe (&bench, settings->imap);
      smtp[i] = run_probe (&bench, settings->smtp);
      sequential[i] = (g_get_monotonic_time () - start) / 1000.0;
      slower[i] = MAX (imap[i], smtp[i]);
      /* (b) MailAccountCheck, both at once */
      parallel[i] = run_account_check (&bench);
    }

  printf ("IMAP and SMTP through proxies adding %d and %d ms round-trip time, %d runs, "
          "medians:\n", 2 * IMAP_DELAY_MS, 2 * SMTP_DELAY_MS, RUNS);
  printf ("  IMAP alone                            %7.1f ms\n", median (imap, RUNS));
  printf ("  SMTP alone                            %7.1f ms\n", median (smtp, RUNS));
  printf ("  the slower single check               %7.1f ms\n", median (slower, RUNS));
  printf ("  (a) one after the other (2 probes)    %7.1f ms\n", median (sequential, RUNS));
  printf ("  (b) MailAccountCheck (both at once)   %7.1f ms\n", median (parallel, RUNS));
  return 0;
}
