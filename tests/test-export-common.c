/* test-export-common.c: the settings, fixture and helpers every export test uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "test-export.h"

const char *provider_ini =
  "[Provider]\n"
  "Id=lab\n"
  "Name=Lab Mail\n"
  "Domains=example.test\n"
  "[IMAP]\n"
  "Host=imap.example.test\n"
  "Port=993\n"
  "Security=tls\n"
  "Authentication=oauth2;password\n"
  "Username=%EMAIL%\n"
  "[SMTP]\n"
  "Host=smtp.example.test\n"
  "Port=587\n"
  "Security=starttls\n"
  "Authentication=oauth2;password\n"
  "Username=%EMAIL%\n"
  "[OAuth2]\n"
  "AuthorizeUrl=https://login.example.test/authorize\n"
  "TokenUrl=https://login.example.test/token\n"
  "ClientId=lab-client\n"
  "ClientSecret=" FAKE_CLIENT_SECRET "\n"
  "Scopes=imap smtp offline_access\n"
  "Mechanisms=OAUTHBEARER;XOAUTH2\n";

/* Like Microsoft: OAuth2 only, XOAUTH2 only. */
const char *oauth_only_ini =
  "[Provider]\n"
  "Id=oauthonly\n"
  "Name=OAuth Only\n"
  "Domains=example.test\n"
  "[IMAP]\n"
  "Host=imap.example.test\n"
  "Port=993\n"
  "Security=tls\n"
  "Authentication=oauth2\n"
  "Username=%EMAIL%\n"
  "[SMTP]\n"
  "Host=smtp.example.test\n"
  "Port=587\n"
  "Security=starttls\n"
  "Authentication=oauth2\n"
  "Username=%EMAIL%\n"
  "[OAuth2]\n"
  "AuthorizeUrl=https://login.example.test/authorize\n"
  "TokenUrl=https://login.example.test/token\n"
  "ClientId=lab-client\n"
  "Scopes=imap smtp offline_access\n"
  "Mechanisms=XOAUTH2\n";

static MailProvider *
load_provider (const char *ini)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  MailProvider *provider;

  g_assert_true (g_key_file_load_from_data (keyfile, ini, -1, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  provider = mail_provider_new_from_keyfile (keyfile, "test.provider", &error);
  g_assert_no_error (error);
  return provider;
}

MailAccountSettings *
make_settings (const char   *ini,
               const char   *email,
               MailAuthKind  auth)
{
  g_autoptr(MailProvider) provider = load_provider (ini);
  MailAccountSettings *settings = mail_account_settings_new_from_provider (provider, email);

  settings->auth = auth;
  settings->imap->auth = auth;
  settings->smtp->auth = auth;
  settings->verified_at = g_date_time_new_utc (2026, 11, 22, 2, 30, 0);
  return settings;
}

void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->oauth = make_settings (provider_ini, "alice@example.test", MAIL_AUTH_OAUTH2);
  fixture->password = make_settings (provider_ini, "bob@example.test", MAIL_AUTH_PASSWORD);

  fixture->dir = g_dir_make_tmp ("test-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          g_chmod (child, 0700);
          remove_tree (child);
        }
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->oauth, mail_account_settings_free);
  g_clear_pointer (&fixture->password, mail_account_settings_free);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

char *
render (const MailAccountSettings *settings,
        MailExportFormat           format)
{
  g_autoptr(GError) error = NULL;
  MailExportOptions options = { .ca_file = "/etc/mail-lab/ca.pem" };
  char *text = mail_export_render (settings, format, &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  return text;
}

void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, FAKE_CLIENT_SECRET));
  g_assert_null (strstr (text, "hunter2"));
}

void
assert_contains (const char         *text,
                 const char * const *needles)
{
  for (guint i = 0; needles[i] != NULL; i++)
    if (strstr (text, needles[i]) == NULL)
      g_error ("no «%s» in:\n%s", needles[i], text);
}

/* Runs argv; returns the exit status; stdout/stderr returned when asked for. */
int
run (const char * const *argv,
     const char         *input,
     char              **out,
     char              **err)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  /* An empty input is no input (stdin closed at once). */
  g_subprocess_communicate_utf8 (process, input && *input ? input : NULL, NULL, &stdout_text,
                                 &stderr_text, &error);
  g_assert_no_error (error);
  if (out)
    *out = g_steal_pointer (&stdout_text);
  if (err)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

char *
write_temp (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (mail_export_write_file (path, contents, &error));
  g_assert_no_error (error);
  return path;
}

void
assert_dir_entries (const char *dir,
                    guint       expected)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;
  g_assert_cmpuint (n, ==, expected);
}
