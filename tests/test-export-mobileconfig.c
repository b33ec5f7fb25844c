/* test-export-mobileconfig.c: Apple configuration profiles, read back by plistutil and
 * Python's plistlib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "test-export.h"

void
test_mobileconfig (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *text = render (fixture->password, MAIL_EXPORT_FORMAT_MOBILECONFIG);
  g_autofree char *path = write_temp (fixture, "bob.mobileconfig", text);
  g_autofree char *binary = g_build_filename (fixture->dir, "bob.plist", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *check =
    "import plistlib, sys\n"
    "p = plistlib.load(open(sys.argv[1], 'rb'))\n"
    "assert p['PayloadType'] == 'Configuration' and p['PayloadVersion'] == 1\n"
    "m = p['PayloadContent'][0]\n"
    "assert m['PayloadType'] == 'com.apple.mail.managed'\n"
    "for k in ('EmailAccountType', 'IncomingMailServerHostName', 'IncomingMailServerAuthentication',\n"
    "          'OutgoingMailServerHostName', 'OutgoingMailServerAuthentication', 'PayloadUUID',\n"
    "          'PayloadIdentifier'):\n"
    "    assert k in m, k\n"
    "assert 'IncomingPassword' not in m and 'OutgoingPassword' not in m\n"
    "print(m['IncomingMailServerHostName'], m['IncomingMailServerPortNumber'],\n"
    "      m['IncomingMailServerUseSSL'], m['OutgoingMailServerPortNumber'],\n"
    "      m['OutgoingMailServerUseSSL'], m['IncomingMailServerAuthentication'])\n";
  int status;

  /* plistutil (libplist) converts it: it is a valid plist. */
  status = run ((const char *[]) { "plistutil", "-i", path, "-o", binary, NULL }, "", NULL, &err);
  g_test_message ("plistutil: %s", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_test (binary, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&err, g_free);

  /* Python's plistlib reads the keys Apple requires, and no password. */
  status = run ((const char *[]) { "python3", "-c", check, path, NULL }, "", &out, &err);
  g_test_message ("plistlib: %s%s", out, err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (out, ==, "imap.example.test 993 True 587 True EmailAuthPassword\n");
}

void
test_mobileconfig_oauth (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MailAccountSettings) only = make_settings (oauth_only_ini, "alice@example.test",
                                                       MAIL_AUTH_OAUTH2);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fallback = NULL;

  /* OAuth2 only: Apple profiles cannot express it, so no profile at all. */
  text = mail_export_render (only, MAIL_EXPORT_FORMAT_MOBILECONFIG, NULL, &error);
  g_assert_null (text);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "OAuth2"));

  /* OAuth2 account whose provider also takes (app) passwords: a profile without credential. */
  fallback = render (fixture->oauth, MAIL_EXPORT_FORMAT_MOBILECONFIG);
  g_assert_nonnull (strstr (fallback, "<string>EmailAuthPassword</string>"));
  g_assert_null (strstr (fallback, "Password</key>\n      <string>"));
  g_assert_nonnull (strstr (fallback, "cannot sign in with OAuth2"));
}

/* Apple's plist: plistutil (libplist) and Python's plistlib read the same user. */
void
check_mobileconfig (Fixture                   *fixture,
                    const MailAccountSettings *settings,
                    const char                *user)
{
  const char *plist_check =
    "import sys, plistlib\n"
    "m = plistlib.load(open(sys.argv[1], 'rb'))['PayloadContent'][0]\n"
    "sys.stdout.write(m['IncomingMailServerUsername'] + '\\n' + m['OutgoingMailServerUsername'])\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *plist = NULL;
  g_autofree char *plist_path = NULL;
  g_autofree char *binary = g_build_filename (fixture->dir, "hostile.bin", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;

  plist = mail_export_render (settings, MAIL_EXPORT_FORMAT_MOBILECONFIG, NULL, &error);
  g_assert_no_error (error);
  plist_path = write_temp (fixture, "hostile.mobileconfig", plist);
  g_assert_cmpint (run ((const char *[]) { "plistutil", "-i", plist_path, "-o", binary, NULL },
                        "", NULL, &err), ==, 0);
  g_assert_cmpint (run ((const char *[]) { "python3", "-c", plist_check, binary, NULL }, "", &out,
                        &err), ==, 0);
  expected = g_strdup_printf ("%s\n%s", user, user);
  if (g_strcmp0 (out, expected) != 0)
    g_error ("plistutil and plistlib read another user than «%s»:\n%s", user, plist);
}
