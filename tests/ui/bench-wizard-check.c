/* bench-wizard-check.c: the wizard checks IMAP and SMTP at the same time (issue 10)
 *
 * Both lab servers behind a proxy that delays every byte (tests/lab/mail-lab-delay-proxy.h), so
 * that each check alone takes a few hundred milliseconds. Prints the IMAP check alone, the SMTP
 * check alone (MailAccountCheck with one protocol) and the wizard's whole check, from "Check
 * Account" to the result page, with and without the proxy: the difference, the wizard's time
 * on the slow link, is about the slower of the two, not their sum. Inside the lab
 * (tests/lab/with-lab.sh), under Xvfb; prints figures, asserts only that the checks pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <adwaita.h>

#include "mail-account-check.h"
#include "mail-lab-delay-proxy.h"
#include "mail-provider.h"
#include "mail-setup-result-page.h"
#include "mail-setup-settings-page.h"
#include "mail-setup-sign-in-page.h"
#include "mail-setup-welcome-page.h"
#include "mail-setup-window.h"
#include "mail-test-wizard.h"
#include "mail-tls-database.h"

#define RUNS 5
#define DELAY_MS_EACH_WAY 20

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

/* The lab's provider file with both servers behind the proxies. */
static char *
write_slow_provider (const char *dir,
                     guint16     imap_port,
                     guint16     smtp_port)
{
  g_autofree char *lab = NULL;
  g_autofree char *imap_from = g_strdup_printf ("Port=%s\n", g_getenv ("MAIL_LAB_IMAPS_PORT"));
  g_autofree char *smtp_from = g_strdup_printf ("Port=%s\n", g_getenv ("MAIL_LAB_SUBMISSION_PORT"));
  g_autofree char *imap_to = g_strdup_printf ("Port=%u\n", imap_port);
  g_autofree char *smtp_to = g_strdup_printf ("Port=%u\n", smtp_port);
  char *path = g_build_filename (dir, "slow.provider", NULL);
  GString *contents;

  g_assert_true (g_file_get_contents (g_getenv ("MAIL_LAB_PROVIDER_FILE"), &lab, NULL, NULL));
  contents = g_string_new (lab);
  g_assert_cmpuint (g_string_replace (contents, imap_from, imap_to, 1), ==, 1);
  g_assert_cmpuint (g_string_replace (contents, smtp_from, smtp_to, 1), ==, 1);
  g_assert_true (g_file_set_contents (path, contents->str, -1, NULL));
  g_string_free (contents, TRUE);
  return path;
}

static void
check_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (mail_account_check_run_finish (MAIL_ACCOUNT_CHECK (object), result, NULL));
  *done = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* One MailAccountCheck of the protocols asked for, with the lab's password. */
static double
run_core_check (MailProviderRegistry *registry,
                GTlsDatabase         *database,
                gboolean              imap,
                gboolean              smtp)
{
  MailProvider *provider = mail_provider_registry_lookup (registry, "lab");
  g_autoptr(MailAccountSettings) settings = NULL;
  g_autoptr(MailAccountCheck) check = NULL;
  gboolean done = FALSE;
  gint64 start;

  settings = mail_account_settings_new_from_provider (provider, g_getenv ("MAIL_LAB_USER"));
  settings->auth = settings->imap->auth = settings->smtp->auth = MAIL_AUTH_PASSWORD;
  check = mail_account_check_new (settings);
  mail_account_check_set_secret (check, MAIL_AUTH_PASSWORD, g_getenv ("MAIL_LAB_PASSWORD"));
  mail_account_check_set_tls_database (check, database);
  mail_account_check_set_protocols (check, imap, smtp);

  start = g_get_monotonic_time ();
  mail_account_check_run_async (check, NULL, check_done_cb, &done);
  wait_for (is_true, &done, 60, "the check");
  g_assert_true (mail_account_check_get_ok (check));
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The wizard from the password to the result page. */
static double
run_wizard_check (AdwApplication *app)
{
  MailSetupWindow *window = mail_setup_window_new (GTK_APPLICATION (app));
  MailSetupWelcomePage *welcome;
  MailSetupSettingsPage *settings;
  MailSetupSignInPage *sign_in;
  MailSetupResultPage *result;
  gint64 start;
  double ms;

  gtk_window_present (GTK_WINDOW (window));
  welcome = MAIL_SETUP_WELCOME_PAGE (wait_page (window, "welcome", 10));
  mail_setup_welcome_page_set_email (welcome, g_getenv ("MAIL_LAB_USER"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (welcome), "welcome.continue", NULL));
  settings = MAIL_SETUP_SETTINGS_PAGE (wait_page (window, "settings", 30));
  g_assert_true (mail_setup_settings_page_select_auth (settings, MAIL_AUTH_PASSWORD));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.continue", NULL));
  sign_in = MAIL_SETUP_SIGN_IN_PAGE (wait_page (window, "sign-in", 10));
  mail_setup_sign_in_page_set_password (sign_in, g_getenv ("MAIL_LAB_PASSWORD"));

  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sign_in), "sign-in.password-continue",
                                             NULL));
  result = MAIL_SETUP_RESULT_PAGE (wait_page (window, "result", 60));
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_true (mail_setup_result_page_get_success (result));

  gtk_window_destroy (GTK_WINDOW (window));
  return ms;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(MailLabDelayProxy) imap_proxy = NULL;
  g_autoptr(MailLabDelayProxy) smtp_proxy = NULL;
  g_autoptr(MailProviderRegistry) registry = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(AdwApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *provider = NULL;
  double imap[RUNS], smtp[RUNS], both[RUNS], wizard[RUNS], direct[RUNS];

  if (g_getenv ("MAIL_LAB_PROVIDER_FILE") == NULL || g_getenv ("MAIL_LAB_PASSWORD") == NULL)
    {
      printf ("bench-wizard-check: skipped (needs the lab: tests/lab/with-lab.sh)\n");
      return 0;
    }

  dir = g_dir_make_tmp ("mail-setup-bench-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  imap_proxy = mail_lab_delay_proxy_new (atoi (g_getenv ("MAIL_LAB_IMAPS_PORT")), DELAY_MS_EACH_WAY);
  smtp_proxy = mail_lab_delay_proxy_new (atoi (g_getenv ("MAIL_LAB_SUBMISSION_PORT")),
                                         DELAY_MS_EACH_WAY);
  provider = write_slow_provider (dir, mail_lab_delay_proxy_get_port (imap_proxy),
                                  mail_lab_delay_proxy_get_port (smtp_proxy));
  g_setenv ("MAIL_SETUP_PROVIDER_FILES", provider, TRUE);
  g_setenv ("MAIL_SETUP_CA_FILE", g_getenv ("MAIL_LAB_CA_FILE"), TRUE);

  registry = mail_provider_registry_new ();
  g_assert_true (mail_provider_registry_load_file (registry, provider, &error));
  database = mail_tls_database_new (g_getenv ("MAIL_LAB_CA_FILE"), &error);
  g_assert_no_error (error);

  gtk_init ();
  adw_init ();
  app = adw_application_new ("io.github.mailsetup.MailSetup.Bench", G_APPLICATION_NON_UNIQUE);
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/mailsetup/MailSetup");
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_timeout_add (50, keep_waking_cb, NULL);

  for (guint i = 0; i < RUNS; i++)
    {
      imap[i] = run_core_check (registry, database, TRUE, FALSE);
      smtp[i] = run_core_check (registry, database, FALSE, TRUE);
      both[i] = run_core_check (registry, database, TRUE, TRUE);
      g_setenv ("MAIL_SETUP_PROVIDER_FILES", provider, TRUE);
      wizard[i] = run_wizard_check (app);
      /* The same without the proxy: what the wizard itself costs (pages, drawing). */
      g_setenv ("MAIL_SETUP_PROVIDER_FILES", g_getenv ("MAIL_LAB_PROVIDER_FILE"), TRUE);
      direct[i] = run_wizard_check (app);
    }

  printf ("Check through a proxy adding %u ms round-trip time, median of %u runs:\n",
          2 * DELAY_MS_EACH_WAY, RUNS);
  printf ("  IMAP alone (MailAccountCheck)           %7.1f ms\n", median (imap, RUNS));
  printf ("  SMTP alone (MailAccountCheck)           %7.1f ms\n", median (smtp, RUNS));
  printf ("  both (MailAccountCheck)                 %7.1f ms\n", median (both, RUNS));
  printf ("  the wizard: Check Account to the result %7.1f ms\n", median (wizard, RUNS));
  printf ("  the same without the proxy              %7.1f ms\n", median (direct, RUNS));
  printf ("  the wizard's time on the slow link      %7.1f ms (the slower check alone: %.1f ms, "
          "the sum: %.1f ms)\n", median (wizard, RUNS) - median (direct, RUNS),
          MAX (median (imap, RUNS), median (smtp, RUNS)), median (imap, RUNS) + median (smtp, RUNS));
  return 0;
}
