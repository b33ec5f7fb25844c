/* test-export-neomutt.c: neomutt, read back by neomutt -Q
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "test-export.h"

void
test_neomutt (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *oauth = render (fixture->oauth, MAIL_EXPORT_FORMAT_NEOMUTT);
  g_autofree char *path = write_temp (fixture, "neomuttrc", oauth);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_assert_nonnull (strstr (oauth, "\nset imap_authenticators = 'oauthbearer:xoauth2'\n"));
  g_assert_nonnull (strstr (oauth, "\nset smtp_url = 'smtp://alice%40example.test@smtp.example.test:587/'\n"));

  /* neomutt itself reads the file: -Q prints the value it understood. */
  status = run ((const char *[]) { "neomutt", "-n", "-F", path, "-Q", "folder", "-Q",
                                   "imap_oauth_refresh_command", "-Q", "smtp_url", "-Q",
                                   "ssl_ca_certificates_file", NULL }, "", &out, &err);
  g_test_message ("neomutt: %s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  assert_contains (out, (const char *[]) {
    "set folder = \"imaps://imap.example.test:993/\"",
    "set imap_oauth_refresh_command = \"mail-setup-cli token alice@example.test\"",
    "set smtp_url = \"smtp://alice%40example.test@smtp.example.test:587/\"",
    "set ssl_ca_certificates_file = \"/etc/mail-lab/ca.pem\"",
    NULL });
}

/* neomutt -Q prints "set NAME = \"VALUE\"" with \\ \" \n escapes. */
static char *
neomutt_query (const char *out,
               const char *name)
{
  g_autofree char *prefix = g_strdup_printf ("set %s = \"", name);
  const char *p = strstr (out, prefix);
  GString *value;

  if (p == NULL)
    return NULL;
  value = g_string_new (NULL);
  for (p += strlen (prefix); *p && *p != '\n'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          g_string_append_c (value, *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p);
        }
      else if (*p == '"' && (p[1] == '\n' || p[1] == '\0'))
        break;
      else
        g_string_append_c (value, *p);
    }
  return g_string_free (value, FALSE);
}

void
check_neomutt (Fixture                   *fixture,
               const MailAccountSettings *settings,
               const char                *user)
{
  MailExportOptions options = { .cli_command = "true" };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mail_export_render (settings, MAIL_EXPORT_FORMAT_NEOMUTT, &options,
                                              &error);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *imap_user = NULL;
  g_autofree char *smtp_url = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *expected_url = NULL;

  g_assert_no_error (error);
  path = write_temp (fixture, "hostile.neomuttrc", text);
  g_assert_cmpint (run ((const char *[]) { "neomutt", "-n", "-F", path, "-Q", "imap_user",
                                           "-Q", "smtp_url", "-Q", "folder", NULL },
                        "", &out, &err), ==, 0);
  imap_user = neomutt_query (out, "imap_user");
  smtp_url = neomutt_query (out, "smtp_url");
  if (g_strcmp0 (imap_user, user) != 0)
    g_error ("neomutt read imap_user «%s» for «%s»:\n%s\n%s", imap_user, user, text, out);
  escaped = g_uri_escape_string (user, NULL, FALSE);
  expected_url = g_strdup_printf ("smtp://%s@smtp.example.test:587/", escaped);
  g_assert_cmpstr (smtp_url, ==, expected_url);
  g_assert_nonnull (strstr (out, "set folder = \"imaps://imap.example.test:993/\""));
}
