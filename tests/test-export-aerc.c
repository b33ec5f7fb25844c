/* test-export-aerc.c: aerc 0.14, read back with the rules of go-ini and Go's net/url
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "test-export.h"

void
test_aerc (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *oauth = render (fixture->oauth, MAIL_EXPORT_FORMAT_AERC);
  g_autofree char *password = render (fixture->password, MAIL_EXPORT_FORMAT_AERC);

  assert_contains (oauth, (const char *[]) {
    "aerc 0.14",
    "\n[alice@example.test]\n",
    "\nsource = imaps+oauthbearer://alice%40example.test@imap.example.test:993\n",
    "\nsource-cred-cmd = mail-setup-cli token alice@example.test\n",
    NULL });
  /* aerc 0.14: smtp:// is unencrypted unless smtp-starttls is set. */
  g_assert_nonnull (strstr (oauth, "\noutgoing = smtp+oauthbearer://alice%40example.test@smtp.example.test:587\n"));
  g_assert_nonnull (strstr (oauth, "\nsmtp-starttls = yes\n"));
  g_assert_nonnull (strstr (password, "\nsource = imaps://bob%40example.test@imap.example.test:993\n"));
  g_assert_nonnull (strstr (password, "\noutgoing = smtp+plain://bob%40example.test@smtp.example.test:587\n"));
}

/* aerc 0.14 reads accounts.conf with go-ini (a value ends at the first # or ;, quotes at both
 * ends are taken away) and the URL with Go's net/url: the same rules in Python. */
void
check_aerc (Fixture                   *fixture,
            const MailAccountSettings *settings,
            const char                *user)
{
  const char *check =
    "import sys, urllib.parse\n"
    "for line in open(sys.argv[1], encoding='utf-8'):\n"
    "    line = line.rstrip('\\n')\n"
    "    if line.startswith('#') or '=' not in line: continue\n"
    "    key, value = (x.strip() for x in line.split('=', 1))\n"
    "    assert '#' not in value and ';' not in value, line\n"
    "    assert not value[:1] in ('\"', \"'\", '`'), line\n"
    "    if key in ('source', 'outgoing'):\n"
    "        u = urllib.parse.urlsplit(value)\n"
    "        sys.stdout.write(key + ' ' + urllib.parse.unquote(u.username, errors='strict')"
    " + '\\n' + u.hostname + '\\n')\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mail_export_render (settings, MAIL_EXPORT_FORMAT_AERC, NULL, &error);
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  path = write_temp (fixture, "hostile.accounts.conf", text);
  g_assert_cmpint (run ((const char *[]) { "python3", "-c", check, path, NULL }, "", &out, &err),
                   ==, 0);
  expected = g_strdup_printf ("source %s\nimap.example.test\noutgoing %s\nsmtp.example.test\n",
                              user, user);
  if (g_strcmp0 (out, expected) != 0)
    g_error ("aerc's reading of «%s» differs:\n%s\n%s%s", user, text, out, err);
}
