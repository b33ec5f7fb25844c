/* test-export.c: every export format from one settings model, judged where possible by the
 * client itself (msmtp --pretend, neomutt -Q, plistutil, python3 plistlib) and by our own
 * autoconfig parser; no secret in any output; files 0600 and written atomically.
 *
 * This file: what holds for every format at once, and main (); one format's own tests are in
 * test-export-FORMAT.c, writing files and the command in test-export-file.c (test-export.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "mail-validate.h"
#include "test-export.h"

/* ------------------------------------------------------------------------------------------ */

static void
test_formats_names (void)
{
  for (guint i = 0; i < MAIL_EXPORT_N_FORMATS; i++)
    {
      MailExportFormat format;

      g_assert_true (mail_export_format_from_string (mail_export_format_to_string (i), &format));
      g_assert_cmpint (format, ==, i);
      g_assert_nonnull (strstr (mail_export_format_list (), mail_export_format_to_string (i)));
      g_assert_cmpstr (mail_export_format_instructions (i), !=, "");
    }
  g_assert_false (mail_export_format_from_string ("outlook", &(MailExportFormat) { 0 }));
}

static void
test_every_format_no_secret (Fixture       *fixture,
                             gconstpointer  data)
{
  for (guint i = 0; i < MAIL_EXPORT_N_FORMATS; i++)
    {
      g_autofree char *oauth = render (fixture->oauth, i);
      g_autofree char *password = render (fixture->password, i);

      assert_no_secret (oauth);
      assert_no_secret (password);
      /* Every format names the servers; every format that can says when it was verified. */
      g_assert_nonnull (strstr (oauth, "imap.example.test"));
      g_assert_nonnull (strstr (oauth, "2026-11-22T02:30:00"));
      if (i != MAIL_EXPORT_FORMAT_THUNDERBIRD && i != MAIL_EXPORT_FORMAT_MOBILECONFIG &&
          i != MAIL_EXPORT_FORMAT_JSON)
        g_assert_nonnull (strstr (oauth, "mail-setup-cli token alice@example.test"));
    }
}

static void
test_unverified_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_clear_pointer (&fixture->oauth->verified_at, g_date_time_unref);

  for (guint i = 0; i < MAIL_EXPORT_N_FORMATS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = mail_export_render (fixture->oauth, i, NULL, &error);

      g_assert_null (text);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "never verified"));
      g_assert_nonnull (strstr (error->message, "mail-setup-cli test alice@example.test"));
    }
}

static void
test_injection_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  MailServer *imap = fixture->oauth->imap;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* A line break in a user name would end the value and add a setting of its own. */
  g_free (imap->username);
  imap->username = g_strdup ("alice\nPassCmd \"rm -rf ~\"");
  for (guint i = 0; i < MAIL_EXPORT_N_FORMATS - 1; i++)
    {
      g_clear_error (&error);
      text = mail_export_render (fixture->oauth, i, NULL, &error);
      g_assert_null (text);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
    }

  /* Quotes are escaped where the syntax has escapes, refused where it has none (neomutt). */
  g_free (imap->username);
  imap->username = g_strdup ("al\"ice'");
  g_clear_error (&error);
  text = mail_export_render (fixture->oauth, MAIL_EXPORT_FORMAT_MBSYNC, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "User \"al\\\"ice'\"\n"));
  g_clear_pointer (&text, g_free);
  /* neomutt has no escape inside single quotes: the ' closes, is written as \' and the quote
   * reopens (neomutt itself reads it back in /export/hostile/user-names). */
  text = mail_export_render (fixture->oauth, MAIL_EXPORT_FORMAT_NEOMUTT, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\nset imap_user = 'al\"ice'\\'''\n"));
  g_clear_pointer (&text, g_free);

  /* A shell word in the credential command. */
  g_clear_error (&error);
  text = mail_export_render (fixture->password, MAIL_EXPORT_FORMAT_MSMTP,
                             &(MailExportOptions) { .cli_command = "mail-setup-cli; id" },
                             &error);
  g_assert_null (text);
  g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
}

/* ------------------------------------------------------------------------------------------ */
/* Hostile values: what the real clients read back is exactly the verified value, and nothing
 * runs. User names may hold quotes, backticks, $(...), ;, #, % and blanks (the trust boundary
 * only refuses control characters and overlong names); each format quotes them its own way. */

#define MARK_NAME "MARK-command-ran"

static char **
hostile_user_names (const char *mark)
{
  GPtrArray *names = g_ptr_array_new ();
  g_autoptr(GString) longest = g_string_new (NULL);
  /* @MARK@: the path of a file that exists only if a command ran. */
  const char *templates[] = {
    "al\"ice'", "o'brien", "`touch @MARK@`", "$(touch @MARK@)", "a;touch @MARK@",
    "'; touch @MARK@; '", "\"`touch @MARK@`\"", "x' -e 'set folder=@MARK@", "a#b", "#lead",
    "a%b%c", "%41%", " lead", "trail ", "in side", "back\\slash", "ends\\", "\\", "\\\"",
    "a&b<c>d]]>", "-- x --", "$HOME", "${HOME}", "ü€𝄞", "x\" Tunnel \"touch @MARK@", NULL,
  };

  for (guint i = 0; templates[i] != NULL; i++)
    {
      GString *name = g_string_new (templates[i]);

      g_string_replace (name, "@MARK@", mark, 0);
      g_ptr_array_add (names, g_string_free (name, FALSE));
    }
  /* 320 bytes, the longest user name, full of quoting characters. */
  while (longest->len < 320)
    g_string_append_c (longest, "'\"`$;#% \\"[longest->len % 9]);
  g_ptr_array_add (names, g_strdup (longest->str));
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

static void
test_hostile_user_names (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *mark = g_build_filename (fixture->dir, MARK_NAME, NULL);
  g_auto(GStrv) users = hostile_user_names (mark);
  MailAccountSettings *s = fixture->password;

  for (guint i = 0; users[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("user name «%s»", users[i]);
      /* The trust boundary lets these through: they are legal user names. */
      g_assert_true (mail_validate_user_name (users[i], "IMAP user name", &error));
      g_free (s->imap->username);
      g_free (s->smtp->username);
      s->imap->username = g_strdup (users[i]);
      s->smtp->username = g_strdup (users[i]);

      check_neomutt (fixture, s, users[i]);
      check_msmtp (fixture, s, users[i]);
      check_mbsync (fixture, s, users[i]);
      check_aerc (fixture, s, users[i]);
      check_thunderbird (fixture, s, users[i]);
      check_mobileconfig (fixture, s, users[i]);
      check_json (s, users[i]);
      g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
    }
}

/* The SMTP user name (or the IMAP host) set to value: every format refuses it, with no text,
 * and an error that names the field in printable words. */
static void
assert_every_format_refuses (const MailAccountSettings *settings,
                             gboolean                   imap_host,
                             const char                *value,
                             guint                      index)
{
  const char *what = imap_host ? "IMAP server name" : "SMTP user name";

  for (guint f = 0; f < MAIL_EXPORT_N_FORMATS; f++)
    {
      g_autoptr(MailAccountSettings) s = mail_account_settings_copy (settings);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      char **field = imap_host ? &s->imap->host : &s->smtp->username;

      g_free (*field);
      *field = g_strdup (value);
      text = mail_export_render (s, f, NULL, &error);
      if (text != NULL)
        g_error ("%s wrote %s %u:\n%s", mail_export_format_to_string (f),
                 imap_host ? "host" : "user", index, text);
      g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, what));
      g_assert_true (mail_text_is_printable (error->message));
    }
}

/* What no format can carry is refused by every format, with no text: line breaks and other
 * control characters in user names, and host names that are no host names (these settings
 * were built in code, past the trust boundary). */
static void
test_hostile_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *long_user = g_strnfill (MAIL_USER_NAME_MAX + 1, 'u');
  const char *users[] = {
    "alice\nPassCmd \"touch /tmp/x\"", "alice\r", "al\tice", "al\x01ice", "al\x7fice",
    "al\xc2\x85ice", "al\xe2\x80\xa8ice", "al\xffice", "", long_user,
  };
  const char *hosts[] = {
    "fe80::1%eth0", "fe80::1%eth0\nTunnel \"touch /tmp/x\"", "fe80::1%`touch /tmp/x`",
    "imap.example.test\n", "imap.example.test`touch /tmp/x`", "$(touch /tmp/x)",
    "imap.example.test;id", "imap.example.test#x", "imap example.test", "imap'x", "imap\"x",
    "imap%x", "mail.bücher.de" /* not in its ASCII form */, "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    assert_every_format_refuses (fixture->password, FALSE, users[i], i);
  for (guint i = 0; i < G_N_ELEMENTS (hosts); i++)
    assert_every_format_refuses (fixture->password, TRUE, hosts[i], i);

  /* Thunderbird would replace a placeholder in a user name: no escape exists for it. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    g_free (fixture->password->imap->username);
    fixture->password->imap->username = g_strdup ("%EMAILDOMAIN%");
    text = mail_export_render (fixture->password, MAIL_EXPORT_FORMAT_THUNDERBIRD, NULL, &error);
    g_assert_null (text);
    g_assert_error (error, MAIL_ERROR, MAIL_ERROR_INVALID_INPUT);
  }
}

/* IPv6 literals: brackets in URLs, quotes in mbsync and msmtp; the clients read them back. */
static void
test_hostile_ipv6 (Fixture       *fixture,
                   gconstpointer  data)
{
  MailExportOptions options = { .cli_command = "echo" };
  MailAccountSettings *s = fixture->password;
  g_autofree char *neomutt = NULL;
  g_autofree char *msmtp = NULL;
  g_autofree char *aerc = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;

  g_free (s->imap->host);
  g_free (s->smtp->host);
  s->imap->host = g_strdup ("2001:db8::25");
  s->smtp->host = g_strdup ("2001:db8::26");
  neomutt = mail_export_render (s, MAIL_EXPORT_FORMAT_NEOMUTT, &options, NULL);
  path = write_temp (fixture, "v6.neomuttrc", neomutt);
  g_assert_cmpint (run ((const char *[]) { "neomutt", "-n", "-F", path, "-Q", "folder", "-Q",
                                           "smtp_url", NULL }, "", &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "set folder = \"imaps://[2001:db8::25]:993/\""));
  g_assert_nonnull (strstr (out, "@[2001:db8::26]:587/\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&path, g_free);

  msmtp = mail_export_render (s, MAIL_EXPORT_FORMAT_MSMTP, &options, NULL);
  path = write_temp (fixture, "v6.msmtprc", msmtp);
  g_assert_cmpint (run ((const char *[]) { "msmtp", "-C", path, "-a", s->email, "--pretend",
                                           "someone@example.test", NULL }, "", &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\nhost = 2001:db8::26\n"));

  aerc = mail_export_render (s, MAIL_EXPORT_FORMAT_AERC, &options, NULL);
  g_assert_nonnull (strstr (aerc, "@[2001:db8::25]:993\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* A CLI that ends before reading its input (a usage error) must not kill the test. */
  signal (SIGPIPE, SIG_IGN);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/export/format-names", test_formats_names);
  ADD ("/export/every-format-no-secret", test_every_format_no_secret);
  ADD ("/export/unverified-refused", test_unverified_refused);
  ADD ("/export/injection-refused", test_injection_refused);
  ADD ("/export/write/mode-and-replace", test_write_mode_and_replace);
  ADD ("/export/write/fails-cleanly", test_write_fails_cleanly);
  ADD ("/export/thunderbird", test_thunderbird);
  ADD ("/export/thunderbird-oauth-only", test_thunderbird_oauth_only);
  ADD ("/export/thunderbird-discovery", test_thunderbird_discovery);
  ADD ("/export/mbsync", test_mbsync);
  ADD ("/export/mbsync-needs-xoauth2", test_mbsync_needs_xoauth2);
  ADD ("/export/msmtp", test_msmtp);
  ADD ("/export/neomutt", test_neomutt);
  ADD ("/export/aerc", test_aerc);
  ADD ("/export/mobileconfig", test_mobileconfig);
  ADD ("/export/mobileconfig-oauth", test_mobileconfig_oauth);
  ADD ("/export/json-round-trip", test_json_round_trip);
  ADD ("/export/cli", test_cli);
  ADD ("/export/hostile/user-names", test_hostile_user_names);
  ADD ("/export/hostile/refused", test_hostile_refused);
  ADD ("/export/hostile/ipv6", test_hostile_ipv6);
  ADD ("/export/write/special-refused", test_write_special_refused);
  ADD ("/export/cli-special-refused", test_cli_special_refused);

  return g_test_run ();
}
