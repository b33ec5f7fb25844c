/* test-export-mbsync.c: isync/mbsync 1.4, read back by mbsync signing in to a scripted server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "mail-lab-scripted-server.h"
#include "test-export.h"

void
test_mbsync (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *oauth = render (fixture->oauth, MAIL_EXPORT_FORMAT_MBSYNC);
  g_autofree char *password = render (fixture->password, MAIL_EXPORT_FORMAT_MBSYNC);

  assert_contains (oauth, (const char *[]) {
    "\nIMAPAccount alice-example.test\n",
    "\nSSLType IMAPS\n",
    "\nAuthMechs XOAUTH2\n",
    "libsasl2-modules-kdexoauth2",
    "\nPassCmd \"mail-setup-cli token alice@example.test\"\n",
    "\nCertificateFile \"/etc/mail-lab/ca.pem\"\n",
    NULL });
  g_assert_nonnull (strstr (password, "\nAuthMechs PLAIN LOGIN\n"));
  g_assert_null (strstr (password, "kdexoauth2"));
  /* Sections need a blank line before them, or isync 1.4 reads them as part of the last. */
  assert_contains (oauth, (const char *[]) {
    "\n\nIMAPStore ",
    "\n\nMaildirStore ",
    "\n\nChannel ",
    NULL });
}

void
test_mbsync_needs_xoauth2 (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  MailProvider *provider = fixture->oauth->provider;

  /* Cyrus SASL has no OAUTHBEARER: a provider offering only that cannot go to mbsync. */
  g_strfreev (provider->mechanisms);
  provider->mechanisms = g_strsplit ("OAUTHBEARER", ";", -1);
  text = mail_export_render (fixture->oauth, MAIL_EXPORT_FORMAT_MBSYNC, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "XOAUTH2"));
}

/* mbsync signs in to a scripted IMAP server: the SASL PLAIN answer it sends carries the user
 * name it read from the file. */
void
check_mbsync (Fixture                   *fixture,
              const MailAccountSettings *settings,
              const char                *user)
{
  MailExportOptions options = { .cli_command = "echo" };
  g_autoptr(MailAccountSettings) local = mail_account_settings_copy (settings);
  g_autoptr(MailLabScriptedServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = NULL;
  g_autofree char *home = g_build_filename (fixture->dir, "home", NULL);
  g_autofree char *maildir = NULL;
  g_autofree char *home_env = g_strdup_printf ("HOME=%s", home);
  g_auto(GStrv) lines = NULL;
  gboolean seen = FALSE;

  /* mbsync (SASL PLAIN) signs in without the blanks at both ends: refused, not changed. */
  if (g_ascii_isspace (user[0]) || g_ascii_isspace (user[strlen (user) - 1]))
    {
      text = mail_export_render (local, MAIL_EXPORT_FORMAT_MBSYNC, &options, &error);
      g_assert_null (text);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      return;
    }

  server = mail_lab_scripted_server_new (MAIL_LAB_PROTOCOL_IMAP, MAIL_LAB_TLS_NONE);
  mail_lab_scripted_server_set_stage_lines (server, "auth", "NO [AUTHENTICATIONFAILED] no",
                                            NULL);
  g_assert_true (mail_lab_scripted_server_start (server, &error));
  g_free (local->imap->host);
  local->imap->host = g_strdup ("127.0.0.1");
  local->imap->port = mail_lab_scripted_server_get_port (server);
  local->imap->security = MAIL_SECURITY_NONE;
  local->auth = local->imap->auth = MAIL_AUTH_PASSWORD;
  text = mail_export_render (local, MAIL_EXPORT_FORMAT_MBSYNC, &options, &error);
  g_assert_no_error (error);
  path = write_temp (fixture, "hostile.mbsyncrc", text);
  maildir = g_build_filename (home, "Mail", "bob-example.test", NULL);
  g_assert_cmpint (g_mkdir_with_parents (maildir, 0700), ==, 0);

  /* The sign-in fails (exit 1) after the user name was sent. */
  run ((const char *[]) { "env", home_env, "mbsync", "-c", path, "-l", "-a", NULL }, "", NULL,
       NULL);
  lines = mail_lab_scripted_server_get_received_lines (server);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *plain = strstr (lines[i], "AUTHENTICATE PLAIN ");
      g_autofree guchar *decoded = NULL;
      gsize len = 0;
      g_autoptr(GString) expected = g_string_new (user);

      if (plain == NULL)
        continue;
      decoded = g_base64_decode (plain + strlen ("AUTHENTICATE PLAIN "), &len);
      /* authzid NUL authcid NUL password: user\0user\0token bob@example.test */
      g_string_append_c (expected, '\0');
      g_string_append (expected, user);
      g_string_append_c (expected, '\0');
      g_string_append_printf (expected, "token %s", local->email);
      if (len != expected->len || memcmp (decoded, expected->str, len) != 0)
        g_error ("mbsync sent another user name than «%s»:\n%s", user, text);
      seen = TRUE;
    }
  if (!seen)
    g_error ("mbsync did not sign in with:\n%s", text);
}
