/* test-export-msmtp.c: msmtp 1.8, read back by msmtp --pretend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "test-export.h"

void
test_msmtp (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *oauth = render (fixture->oauth, MAIL_EXPORT_FORMAT_MSMTP);
  g_autofree char *password = render (fixture->password, MAIL_EXPORT_FORMAT_MSMTP);
  /* --pretend runs passwordeval: a harmless command in place of mail-setup-cli. */
  g_autofree char *echoing = mail_export_render (fixture->oauth, MAIL_EXPORT_FORMAT_MSMTP,
                                                 &(MailExportOptions) {
                                                   .cli_command = "echo",
                                                   .ca_file = "/etc/mail-lab/ca.pem" },
                                                 NULL);
  g_autofree char *path = write_temp (fixture, "msmtprc", echoing);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  assert_contains (oauth, (const char *[]) {
    "\nauth oauthbearer\n",
    "\ntls_starttls on\n",
    "\npasswordeval \"mail-setup-cli token alice@example.test\"\n",
    NULL });
  g_assert_nonnull (strstr (password, "\nauth on\n"));

  /* msmtp itself reads the file: --pretend prints the configuration it understood. */
  status = run ((const char *[]) { "msmtp", "-C", path, "-a", "alice@example.test", "--pretend",
                                   "someone@example.test", NULL }, "", &out, &err);
  g_test_message ("msmtp: %s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  assert_contains (out, (const char *[]) {
    "host = smtp.example.test",
    "port = 587",
    "auth = OAUTHBEARER",
    "tls_starttls = on",
    "tls_trust_file = /etc/mail-lab/ca.pem",
    "passwordeval = echo token alice@example.test",
    NULL });
}

void
check_msmtp (Fixture                   *fixture,
             const MailAccountSettings *settings,
             const char                *user)
{
  MailExportOptions options = { .cli_command = "echo" };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mail_export_render (settings, MAIL_EXPORT_FORMAT_MSMTP, &options,
                                              &error);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *line = g_strdup_printf ("\nuser = %s\n", user);

  g_assert_no_error (error);
  path = write_temp (fixture, "hostile.msmtprc", text);
  g_assert_cmpint (run ((const char *[]) { "msmtp", "-C", path, "-a", settings->email,
                                           "--pretend", "someone@example.test", NULL },
                        "", &out, &err), ==, 0);
  if (strstr (out, line) == NULL)
    g_error ("msmtp did not read user «%s»:\n%s\n%s", user, text, out);
  assert_contains (out, (const char *[]) {
    "\nhost = smtp.example.test\n",
    "\ntls = on\n",
    "\ntls_trust_file = system\n",
    "\npasswordeval = echo token ",
    NULL });
}
